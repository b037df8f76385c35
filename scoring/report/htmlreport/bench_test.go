package htmlreport_test

import (
	"bufio"
	"context"
	"html"
	"io"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report/htmlreport"
)

// provinceSize is the number of commune-level units in Vietnam after 01/7/2025.
const provinceSize = 3300

// varied explains provinceSize realistically varied communes for 2020 and 2019.
func varied(tb testing.TB) htmlreport.Input {
	tb.Helper()
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(tb, err)
	sc, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	require.NoError(tb, err)
	prog, err := rs.Compile()
	require.NoError(tb, err)
	in := htmlreport.Input{Scheme: sc, Source: "varied"}
	for _, y := range []int{2020, 2019} {
		units, err := gen.Varied(prog, provinceSize, gen.Seed, criteria.Period{Year: y})
		require.NoError(tb, err)
		res := make([]*criteria.Result, len(units))
		for i, u := range units {
			res[i], err = prog.Evaluate(context.Background(), u)
			require.NoError(tb, err)
		}
		if y == 2020 {
			in.Results = res
		} else {
			in.Previous = res
		}
	}
	return in
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkBuild: the library's reports for 3,300 units and their previous period.
func BenchmarkBuild(b *testing.B) {
	in := varied(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := htmlreport.Build(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite: the page of 3,300 units (reported as bytes per page).
func BenchmarkWrite(b *testing.B) {
	rep, err := htmlreport.Build(context.Background(), varied(b))
	require.NoError(b, err)
	b.ReportAllocs()
	var c counter
	for b.Loop() {
		c.n = 0
		if err := rep.Write(&c, "vi"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(c.n), "page-bytes")
}

// BenchmarkWriteFloor is the floor Write is measured against: a hand-written function that
// writes only the essential, the matrix (code, escaped name, criteria met, one cell per
// criterion), each ranking's rows (code, name, rank, criteria met, total) and each unit's
// shortfalls (escaped description), to the same kind of writer.
func BenchmarkWriteFloor(b *testing.B) {
	in := varied(b)
	rep, err := htmlreport.Build(context.Background(), in)
	require.NoError(b, err)
	sf := make([][]criteria.Shortfall, len(in.Results))
	for i, r := range in.Results {
		sf[i] = r.Shortfalls()
	}
	class := map[criteria.Status]string{criteria.Met: "met", criteria.NotMet: "not", criteria.Unknown: "unk", criteria.NotApplicable: "na"}
	b.ReportAllocs()
	var c counter
	for b.Loop() {
		c.n = 0
		w := bufio.NewWriterSize(&c, 64<<10)
		for _, r := range in.Results {
			w.WriteString(`<tr data-code="`)
			w.WriteString(html.EscapeString(r.Unit.Code))
			w.WriteString(`"><td>`)
			w.WriteString(html.EscapeString(r.Unit.Name))
			w.WriteString(`</td><td>`)
			w.WriteString(strconv.Itoa(r.Met))
			w.WriteString(`</td>`)
			for k := range r.Criteria {
				w.WriteString(`<td class="c `)
				w.WriteString(class[r.Criteria[k].Status])
				w.WriteString(`">x</td>`)
			}
			w.WriteString("</tr>\n")
		}
		for _, rk := range rep.Rankings {
			rk.Each(func(sc *scoring.Score) bool {
				w.WriteString(`<tr data-code="`)
				w.WriteString(html.EscapeString(sc.Code))
				w.WriteString(`"><td>`)
				w.WriteString(strconv.Itoa(sc.Rank))
				w.WriteString(`</td><td>`)
				w.WriteString(html.EscapeString(sc.Name))
				w.WriteString(`</td><td>`)
				w.WriteString(strconv.Itoa(sc.Met))
				w.WriteString(`</td><td>`)
				w.WriteString(sc.Total.String())
				w.WriteString("</td></tr>\n")
				return true
			})
		}
		for i := range in.Results {
			for _, s := range sf[i] {
				w.WriteString("<tr><td>")
				w.WriteString(html.EscapeString(s.Indicator.Name().In("vi")))
				w.WriteString("</td><td>")
				w.WriteString(html.EscapeString(s.Check.Describe("vi")))
				w.WriteString("</td></tr>\n")
			}
		}
		w.Flush()
	}
	b.ReportMetric(float64(c.n), "page-bytes")
}

var _ io.Writer = (*counter)(nil)
