package scoring_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fixture is the test ruleset (testdata/ruleset.yaml), its program and the test scheme.
type fixture struct {
	rs     *criteria.Ruleset
	prog   *criteria.Program
	scheme *scoring.Scheme
}

func mustFixture(tb testing.TB) fixture {
	tb.Helper()
	rs, err := criteria.Load(os.DirFS("testdata"), "ruleset.yaml")
	require.NoError(tb, err)
	prog, err := rs.Compile()
	require.NoError(tb, err)
	s, err := scoring.Load(os.DirFS("testdata"), "scheme.yaml", rs)
	require.NoError(tb, err)
	return fixture{rs: rs, prog: prog, scheme: s}
}

// parseScheme parses a scheme written inline against the test ruleset.
func (f fixture) parseScheme(tb testing.TB, src string) *scoring.Scheme {
	tb.Helper()
	s, err := scoring.Parse("inline.yaml", []byte(src), f.rs)
	if err != nil {
		require.NoError(tb, err, criteria.ErrorList(criteria.Errors(err)).Lines())
	}
	return s
}

// spec describes a commune of the test ruleset: status holds one letter per criterion
// (M met, N not met, ? unknown); rec is the year it was recognised (0: never).
type spec struct {
	code, name, district, status string
	rec                          int
}

// eval evaluates communes for a period ("2020", "2019-H1") and makes their scoring inputs.
func (f fixture) eval(tb testing.TB, period string, specs ...spec) []scoring.Input {
	tb.Helper()
	return f.inputs(tb, f.results(tb, period, specs...))
}

// inputs makes the scoring inputs of results.
func (f fixture) inputs(tb testing.TB, results []*criteria.Result) []scoring.Input {
	tb.Helper()
	in, err := f.scheme.InputsOf(results, nil)
	require.NoError(tb, err)
	return in
}

// results evaluates communes for a period ("2020", "2019-H1").
func (f fixture) results(tb testing.TB, period string, specs ...spec) []*criteria.Result {
	tb.Helper()
	p, err := criteria.ParsePeriod(period)
	require.NoError(tb, err)
	out := make([]*criteria.Result, 0, len(specs))
	for _, s := range specs {
		require.Len(tb, s.status, 5, "spec %s", s.code)
		vals := f.rs.NewValues()
		for i, c := range s.status {
			field := "f" + string(rune('1'+i))
			switch c {
			case 'M':
				require.NoError(tb, vals.SetString(field, "true"))
			case 'N':
				require.NoError(tb, vals.SetString(field, "false"))
			}
		}
		u := &criteria.Unit{Code: s.code, Name: s.name, District: s.district, Region: "south", Period: p, Values: vals}
		if s.rec > 0 {
			u.History = []criteria.Recognition{{Level: "ntm", Year: s.rec}}
		}
		res, err := f.prog.Evaluate(context.Background(), u)
		require.NoError(tb, err)
		out = append(out, res)
	}
	return out
}

// The test data: two districts of four communes over three years.
//
//	code   name        district  2018   2019   2020   recognised
//	10001  An Bình     Bắc       MMMMM  MMMMM  MMMMM  2017
//	10002  Bình Minh   Bắc       MMNMM  MMNMM  MMMMM  2020
//	10003  Cây Dừa     Bắc       MMMMM  MMMMM  MMNMM  2016 (slips in 2020)
//	10004  Đất Mới     Bắc       MNNMN  MNNMN  MN?MN  —
//	20001  Tân Hải     Nam       MMMMM  MMMMM  MMMMM  2015
//	20002  Tân Hưng    Nam       NNNNN  NNNNN  NNNNN  —
//	20003  Việt Thắng  Nam       MMNNN  MMNNN  MMNNN  —
//	20004  Rạch Chèo   Nam       MMNMN  MMMMN  MMMMN  —
var (
	communes = []spec{
		{"10001", "An Bình", "Bắc", "", 2017},
		{"10002", "Bình Minh", "Bắc", "", 2020},
		{"10003", "Cây Dừa", "Bắc", "", 2016},
		{"10004", "Đất Mới", "Bắc", "", 0},
		{"20001", "Tân Hải", "Nam", "", 2015},
		{"20002", "Tân Hưng", "Nam", "", 0},
		{"20003", "Việt Thắng", "Nam", "", 0},
		{"20004", "Rạch Chèo", "Nam", "", 0},
	}
	statuses = map[string][]string{
		"2018": {"MMMMM", "MMNMM", "MMMMM", "MNNMN", "MMMMM", "NNNNN", "MMNNN", "MMNMN"},
		"2019": {"MMMMM", "MMNMM", "MMMMM", "MNNMN", "MMMMM", "NNNNN", "MMNNN", "MMMMN"},
		"2020": {"MMMMM", "MMMMM", "MMNMM", "MN?MN", "MMMMM", "NNNNN", "MMNNN", "MMMMN"},
	}
)

// year evaluates the test communes for one year of the table above.
func (f fixture) year(tb testing.TB, y string) []scoring.Input {
	tb.Helper()
	specs := make([]spec, len(communes))
	for i, c := range communes {
		c.status = statuses[y[:4]][i]
		specs[i] = c
	}
	return f.eval(tb, y, specs...)
}

// golden compares v, marshalled as indented JSON, with testdata/golden/name (rewritten with -update).
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	goldenBytes(t, name, got)
}

func goldenBytes(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./scoring -update")
	assert.Equal(t, string(want), string(got), "golden %s differs; review and run go test ./scoring -update", name)
}

// totals returns code → total of a ranking.
func totals(r *scoring.Ranking) map[string]string {
	m := map[string]string{}
	for _, s := range r.Scores() {
		m[s.Code] = s.Total.String()
	}
	return m
}

// order returns "code:rank" in ranking order.
func order(r *scoring.Ranking) []string {
	var out []string
	for _, s := range r.Scores() {
		out = append(out, s.Code+":"+itoa(s.Rank))
	}
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// scoreOf scores cur against prev (nil: no previous period) with s.
func scoreOf(tb testing.TB, s *scoring.Scheme, cur scoring.Input, prev *scoring.Input) (*scoring.Score, error) {
	tb.Helper()
	if prev != nil {
		if err := cur.SetPrevious(*prev); err != nil {
			return nil, err
		}
	}
	return s.Score(cur)
}
