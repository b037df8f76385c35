package criteria_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDatedCells: a target that changes on a day within a year is chosen by the period's end —
// 30 June for a first half, 31 December otherwise — on both paths, and the choice is shown;
// keys that are not days, lone dates and overlapping dated keys are refused.
func TestDatedCells(t *testing.T) {
	fsys := os.DirFS("testdata/dates")
	rs, err := criteria.Load(fsys, "security.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "security.cases.yaml")
	require.NoError(t, err)
	require.Len(t, cf.Cases, 5)
	for _, r := range cf.Run(context.Background(), prog) {
		assert.True(t, r.Passed(), "%s: %v %v", r.Case.Name, r.Err, r.Failures)
	}
	var v criteria.Verdicts
	for _, c := range cf.Cases {
		u, err := cf.Unit(c, rs)
		require.NoError(t, err)
		res, err := prog.Evaluate(context.Background(), u)
		require.NoError(t, err)
		require.NoError(t, prog.Verdicts(context.Background(), u, &v))
		assert.Equal(t, res.Criteria[0].Indicators[0].Status, v.Indicator(0), c.Name)
	}
	u, err := cf.Unit(cf.Cases[1], rs)
	require.NoError(t, err)
	res, err := prog.Evaluate(context.Background(), u)
	require.NoError(t, err)
	c := &res.Criteria[0].Indicators[0].Checks[0]
	assert.Equal(t, "2024-03-07-", c.Target().InForce)
	assert.Equal(t, "≥ 80 (áp dụng từ 07/03/2024)", c.Requirement("vi"))
	assert.Equal(t, "≥ 80 (in force from 2024-03-07)", c.Requirement("en"))
	js, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"in_force":"2024-03-07-"`)

	b, err := os.ReadFile("testdata/dates/security.yaml")
	require.NoError(t, err)
	for _, bad := range []struct{ from, to, want string }{
		{`"2024-03-07-": 80`, `"2024-02-30-": 80`, `year key "2024-02-30-" must be`},
		{`"2024-03-07-": 80`, `"2024-03-07": 80`, `year key "2024-03-07" must be`},
		{`"2024-03-07-": 80`, `"2024-03-06-": 80`, `years 2024-03-06- overlap an earlier key`},
	} {
		src := strings.Replace(string(b), bad.from, bad.to, 1)
		require.NotEqual(t, string(b), src)
		_, err := criteria.Parse("s.yaml", []byte(src))
		require.Error(t, err, bad.to)
		assert.Contains(t, err.Error(), bad.want)
	}
}
