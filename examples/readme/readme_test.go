// Package readme_test runs the Go snippet of the README on twelve communes of the sample
// (communes.csv), and checks that the README shows exactly this code.
package readme_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/require"
)

func Example_readme() {
	if err := readme(context.Background()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 32047 Khánh Hòa: 15/19 criteria met; lacks 2.2 first: 35,5191 % — cần ≥ 50 %
	// 12 units ranked; rank 1 in Huyện U Minh: Khánh Tiến, 100 points, Xuất sắc
}

func readme(ctx context.Context) error {
	// README begin
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml") // every problem at file:line:col
	if err != nil {
		return err
	}
	prog, err := rs.Compile() // immutable, safe for concurrent use
	if err != nil {
		return err
	}
	scheme, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	if err != nil {
		return err
	}
	r, err := data.Open(os.DirFS("."), "communes.csv", rs) // package criteria/data: CSV, JSON, JSON Lines, YAML
	if err != nil {
		return err
	}
	defer r.Close()

	var v criteria.Verdicts        // reused: no allocation per unit
	var res criteria.Result        // reused: the explained verdicts
	inputs := scheme.NewInputSet() // what scoring keeps of a unit: about 70 bytes
	for r.Next() {                 // one row at a time
		u := r.Unit()                                     // reused too: u.Clone() to keep it
		if err := prog.Verdicts(ctx, u, &v); err != nil { // every status, the counts, four facts
			return err
		}
		if err := inputs.Add(prog, u, &v); err != nil {
			return err
		}
		if v.Met < len(rs.Criteria)-3 && v.Met > len(rs.Criteria)-5 { // explain a commune close to the line
			if err := prog.Explain(ctx, u, &res); err != nil {
				return err
			}
			first := res.Shortfalls()[0] // closest first
			fmt.Printf("%s %s: %d/%d criteria met; lacks %s first: %s\n", u.Code, u.Name, v.Met, len(rs.Criteria),
				first.Indicator.ID(), first.Check.Describe("vi"))
		}
	}
	if err := r.TakeErrors().Err(); err != nil { // rejected rows, each at file:row:column
		return err
	}
	ranking, err := scheme.RankSet(inputs) // exact, reproducible; the scheme's first ranking
	if err != nil {
		return err
	}
	top := ranking.Scores()[0] // by scope (here: district), then rank, then code
	class := ""                // a scheme may declare no classes
	if top.Class != nil {
		class = ", " + top.Class.Label.VI
	}
	fmt.Printf("%d units ranked; rank %d in %s: %s, %s points%s\n", ranking.Len(), top.Rank, top.Scope, top.Name, top.Total, class)
	// README end
	return nil
}

// TestReadmeShowsThisCode: the README's Go block is the code between the markers above.
func TestReadmeShowsThisCode(t *testing.T) {
	src, err := os.ReadFile("readme_test.go")
	require.NoError(t, err)
	code := string(src)
	code = code[strings.Index(code, "// README begin\n")+len("// README begin\n") : strings.Index(code, "\t// README end")]
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)## Use from Go\n\n```go\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, m, "README has a Go block under ## Use from Go")
	require.Equal(t, dedent(code), string(m[1]), "copy the code between the markers into README.md")
}

// dedent removes one tab from each line.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}
