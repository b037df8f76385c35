package criteria_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestColumnsFromData runs the two column testdata sets — targets by commune group chosen from
// a field, and an extremely disadvantaged commune judged on the northern-mountain column — on
// their cases; generates boundary cases per column, each landing on its column; and shows the
// column and why in the explanation.
func TestColumnsFromData(t *testing.T) {
	fsys := os.DirFS("testdata/columns")
	for _, c := range []struct {
		rules, cases string
		n            int
	}{{"groups.yaml", "groups.cases.yaml", 6}, {"disadvantaged.yaml", "disadvantaged.cases.yaml", 4}} {
		rs, err := criteria.Load(fsys, c.rules)
		require.NoError(t, err, lines(err))
		assert.Empty(t, rs.Warnings(), "every column has its targets")
		prog, err := rs.Compile()
		require.NoError(t, err)
		cf, err := criteria.LoadCases(fsys, c.cases)
		require.NoError(t, err)
		require.Len(t, cf.Cases, c.n)
		for _, r := range cf.Run(context.Background(), prog) {
			assert.True(t, r.Passed(), "%s: %s: %v %v", c.rules, r.Case.Name, r.Err, r.Failures)
		}
		base, err := cf.Unit(cf.Cases[0], rs)
		require.NoError(t, err)
		bc, skipped := prog.BoundaryCases(base)
		columns := map[string]bool{}
		for _, b := range bc {
			res, err := prog.Evaluate(context.Background(), b.Unit)
			require.NoError(t, err)
			ir, _ := res.Indicator(b.Indicator)
			ch, _ := ir.Check(b.Check)
			assert.Equal(t, b.Want, ch.Status, b.Name)
			require.NotNil(t, res.Unit.Column)
			columns[res.Unit.Column.Column] = true
		}
		switch c.rules {
		case "groups.yaml":
			assert.Equal(t, map[string]bool{"group1": true, "group2": true, "group3": true}, columns, "a boundary case per group")
		default:
			assert.Equal(t, map[string]bool{"mnpb": true, "dbscl": true}, columns)
			assert.NotContains(t, strings.Join(skipped, "\n"), "column", "mnpb is reached by a northern-mountain commune's region")
		}
	}

	rs, err := criteria.Load(fsys, "disadvantaged.yaml")
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "disadvantaged.cases.yaml")
	require.NoError(t, err)
	u, err := cf.Unit(cf.Cases[1], rs)
	require.NoError(t, err)
	res, err := prog.Evaluate(context.Background(), u)
	require.NoError(t, err)
	require.NotNil(t, res.Unit.Column)
	assert.Equal(t, "mnpb", res.Unit.Column.Column)
	assert.Contains(t, res.Unit.Column.Why.VI, "xã đặc biệt khó khăn")
	assert.Equal(t, "mnpb", res.Criteria[0].Indicators[0].Checks[0].Target().Column)
	u3, err := cf.Unit(cf.Cases[3], rs)
	require.NoError(t, err)
	r3, err := prog.Evaluate(context.Background(), u3)
	require.NoError(t, err)
	assert.Equal(t, "", r3.Unit.Column.Column)
	assert.Equal(t, "chưa có số liệu Xã đặc biệt khó khăn để chọn cột chỉ tiêu", r3.Unit.Column.Why.VI, "by the field's label, not its id")
	var v criteria.Verdicts
	require.NoError(t, prog.Verdicts(context.Background(), u, &v))
	assert.Equal(t, criteria.Met, v.Criterion(0), "the verdict-only path judges on the same column")
	assert.Zero(t, testing.AllocsPerRun(50, func() { _ = prog.Verdicts(context.Background(), u, &v) }))
}

// TestColumnRuleErrors: column rules that name no declared column, a field that is not an
// enumerated text, or a condition that is not boolean are refused at their position.
func TestColumnRuleErrors(t *testing.T) {
	b, err := os.ReadFile("testdata/columns/disadvantaged.yaml")
	require.NoError(t, err)
	for _, c := range []struct{ from, to, want string }{
		{"use: mnpb", "use: mnpbb", `unknown column "mnpbb"`},
		{"  - region: true\n", "  - field: income\n", "must be a text field that lists its values"},
		{"when: extremely_disadvantaged", "when: income", "when: must be a boolean expression"},
		{"  - region: true\n", "  - {region: true, field: income}\n", "a column rule is one of"},
	} {
		src := strings.Replace(string(b), c.from, c.to, 1)
		require.NotEqual(t, string(b), src, c.from)
		_, err := criteria.Parse("d.yaml", []byte(src))
		require.Error(t, err, c.to)
		assert.Contains(t, err.Error(), c.want)
		assert.Regexp(t, `d\.yaml:\d+:\d+: `, err.Error())
	}
}
