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

// TestRelativeTarget runs QĐ 319's income condition — at least 110 % of the advanced bar at
// the same time — written as a target that follows the advanced income target
// (testdata/relative), on its cases at each boundary.
func TestRelativeTarget(t *testing.T) {
	fsys := os.DirFS("testdata/relative")
	rs, err := criteria.Load(fsys, "model.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "model.cases.yaml")
	require.NoError(t, err)
	require.Len(t, cf.Cases, 9)
	for _, r := range cf.Run(context.Background(), prog) {
		assert.True(t, r.Passed(), "%s: %v %v", r.Case.Name, r.Err, r.Failures)
	}
	adv, err := criteria.Load(fsys, "advanced.yaml")
	require.NoError(t, err)
	ap, err := adv.Compile()
	require.NoError(t, err)
	acf, err := criteria.LoadCases(fsys, "advanced.cases.yaml")
	require.NoError(t, err)
	require.Len(t, acf.Cases, 3)
	for _, r := range acf.Run(context.Background(), ap) {
		assert.True(t, r.Passed(), "%s: %v %v", r.Case.Name, r.Err, r.Failures)
	}

	// The resolved target says what it follows, is as certain as the less certain of the
	// relation (verified) and the target it follows (unverified), and cites both.
	tg, err := prog.Target("model_income", "income", "mnpb", 2023)
	require.NoError(t, err)
	assert.Equal(t, "53.9", tg.Value.String())
	assert.Equal(t, "49", tg.Follows.Of.String())
	assert.Equal(t, "1.1", tg.Follows.Times.String())
	assert.Equal(t, "10.1", tg.Follows.Indicator)
	assert.Equal(t, criteria.Unverified, tg.Confidence)
	assert.Equal(t, "319/QĐ-TTg, điều kiện 2; illustrative, not the annex of 318/QĐ-TTg", tg.Source)
	tg, err = prog.Target("model_income", "income", "dbscl", 2024)
	require.NoError(t, err)
	assert.False(t, tg.Known())
	assert.Contains(t, tg.Missing, "the target of indicator 10.1 it follows is missing: the 2024 bar is not given")
	assert.Zero(t, tg.Confidence, "a missing target has no confidence")

	// Boundary cases are generated from the resolved target — the model bar, not the advanced
	// one — and each decides as generated.
	base, err := cf.Unit(cf.Cases[0], rs)
	require.NoError(t, err)
	bc, _ := prog.BoundaryCases(base)
	var names []string
	for _, c := range bc {
		if c.Indicator != "model_income" {
			continue
		}
		names = append(names, c.Name)
		res, err := prog.Evaluate(context.Background(), c.Unit)
		require.NoError(t, err)
		ir, ok := res.Condition("model_income")
		require.True(t, ok)
		assert.Equal(t, c.Want, ir.Checks[0].Status, c.Name)
	}
	assert.Contains(t, names, "model_income/income dbscl 2022 at target (>= 55)")
	assert.Contains(t, names, "model_income/income dbscl 2022 just past (>= 55)")
	assert.Contains(t, names, "model_income/income mnpb 2023 at target (>= 53.9)")
	assert.NotContains(t, strings.Join(names, "\n"), "2024", "no case for a year whose bar is missing")

	// The verdict-only path agrees and allocates nothing.
	var v criteria.Verdicts
	for _, c := range cf.Cases {
		u, err := cf.Unit(c, rs)
		require.NoError(t, err)
		res, err := prog.Evaluate(context.Background(), u)
		require.NoError(t, err)
		require.NoError(t, prog.Verdicts(context.Background(), u, &v))
		assert.Equal(t, res.Conditions[0].Status, v.Condition(0), c.Name)
	}
	u, err := cf.Unit(cf.Cases[1], rs)
	require.NoError(t, err)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = prog.Verdicts(context.Background(), u, &v) }))
}

// TestRelativeOverride: a province's override that follows the target it replaces scales the
// inherited target, is reported as tightening it, and the model condition follows the
// province's bar; the base ruleset is not changed by the layer.
func TestRelativeOverride(t *testing.T) {
	fsys := os.DirFS("testdata/relative")
	rs, err := criteria.Load(fsys, "province.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	adv, err := prog.Target("10.1", "income", "dbscl", 2022)
	require.NoError(t, err)
	assert.Equal(t, "60", adv.Value.String(), "1.2 × the inherited 50")
	model, err := prog.Target("model_income", "income", "dbscl", 2022)
	require.NoError(t, err)
	assert.Equal(t, "66", model.Value.String(), "1.1 × the province's 60")
	var effect []string
	for _, d := range rs.Deviations() {
		if d.Kind == "target_changed" && d.Layer == "test.model-province@1" {
			effect = append(effect, d.Effect+": "+d.New)
			_, nw := d.Values("vi")
			assert.Equal(t, "≥ 1,2 × mức kế thừa (đã kiểm chứng)", nw)
		}
	}
	assert.Equal(t, []string{"tightens: 1.2 × the inherited target (verified)"}, effect)

	base, err := criteria.Load(fsys, "model.yaml")
	require.NoError(t, err)
	bp, err := base.Compile()
	require.NoError(t, err)
	model, err = bp.Target("model_income", "income", "dbscl", 2022)
	require.NoError(t, err)
	assert.Equal(t, "55", model.Value.String())
	// The layer's base, loaded with it, still follows its own targets.
	bp, err = rs.Base.Compile()
	require.NoError(t, err)
	model, err = bp.Target("model_income", "income", "dbscl", 2022)
	require.NoError(t, err)
	assert.Equal(t, "55", model.Value.String())
}

// TestRelativeExplained: an explanation says what a relative target follows, in either
// language, and the JSON result carries it.
func TestRelativeExplained(t *testing.T) {
	fsys := os.DirFS("testdata/relative")
	rs, err := criteria.Load(fsys, "model.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "model.cases.yaml")
	require.NoError(t, err)
	u, err := cf.Unit(cf.Cases[1], rs)
	require.NoError(t, err)
	res, err := prog.Evaluate(context.Background(), u)
	require.NoError(t, err)
	ir, ok := res.Condition("model_income")
	require.True(t, ok)
	c := &ir.Checks[0]
	assert.Equal(t, "54,99 triệu đồng/người/năm — cần ≥ 55 triệu đồng/người/năm (1,1 × mức của chỉ tiêu 10.1: 50)", c.Describe("vi"))
	assert.Equal(t, "≥ 55 triệu đồng/người/năm (1.1 × the target of indicator 10.1: 50)", c.Requirement("en"))
	js, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"of":{"indicator":"10.1","times":1.1,"target":50}`)
}

// TestFieldRelativeTarget runs QĐ 691's income indicator — at least 1.5 times the income at
// recognition — as a target that follows each unit's value recorded in its history
// (testdata/relative/model-2018), on cases at each boundary; explains it; writes it; and
// leaves it out of generated boundary cases, saying so.
func TestFieldRelativeTarget(t *testing.T) {
	fsys := os.DirFS("testdata/relative")
	rs, err := criteria.Load(fsys, "model-2018.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "model-2018.cases.yaml")
	require.NoError(t, err)
	require.Len(t, cf.Cases, 6)
	for _, r := range cf.Run(context.Background(), prog) {
		assert.True(t, r.Passed(), "%s: %v %v", r.Case.Name, r.Err, r.Failures)
	}

	// The program's table holds the rule; a unit's result holds its own value.
	tg, err := prog.Target("1.3", "income", "dbscl", 2019)
	require.NoError(t, err)
	assert.True(t, tg.PerUnit())
	assert.False(t, tg.Known())
	assert.Equal(t, "1,5 × Thu nhập khi được công nhận đạt chuẩn nông thôn mới", tg.Relation("vi"))
	var res criteria.Result
	var v criteria.Verdicts
	for i, want := range []string{
		"44,99 triệu đồng/người/năm — cần ≥ 45 triệu đồng/người/năm (1,5 × Thu nhập khi được công nhận đạt chuẩn nông thôn mới: 30)",
		"54,74 triệu đồng/người/năm — cần ≥ 54,75 triệu đồng/người/năm (1,5 × Thu nhập khi được công nhận đạt chuẩn nông thôn mới: 36,5)",
	} {
		u, err := cf.Unit(cf.Cases[2*i+1], rs)
		require.NoError(t, err)
		require.NoError(t, prog.Explain(context.Background(), u, &res))
		c := &res.Criteria[0].Indicators[0].Checks[0]
		assert.Equal(t, want, c.Describe("vi"))
		assert.True(t, c.HasGap)
		assert.Equal(t, "0.01", c.Gap.String())
		require.NoError(t, prog.Verdicts(context.Background(), u, &v))
		assert.Equal(t, criteria.NotMet, v.Indicator(0))
		assert.Zero(t, testing.AllocsPerRun(20, func() { _ = prog.Verdicts(context.Background(), u, &v) }))
	}
	u, err := cf.Unit(cf.Cases[4], rs)
	require.NoError(t, err)
	require.NoError(t, prog.Explain(context.Background(), u, &res))
	c := &res.Criteria[0].Indicators[0].Checks[0]
	assert.Equal(t, criteria.Unknown, c.Status)
	assert.Equal(t, []string{"income_at_ntm"}, c.Missing, "the value the target follows is missing data")
	assert.Equal(t, "≥ 1,5 × Thu nhập khi được công nhận đạt chuẩn nông thôn mới (chưa có số liệu)", c.Requirement("vi"))
	js, err := json.Marshal(&res)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"of":{"field":"income_at_ntm","times":1.5,"target":null}`)

	bc, skipped := prog.BoundaryCases(u)
	for _, b := range bc {
		assert.NotEqual(t, "1.3", b.Indicator)
	}
	assert.Contains(t, strings.Join(skipped, "\n"), "indicator 1.3 check income: its target follows each unit's own value")
}
