package criteria_test

import (
	"context"
	"encoding/json"
	"fmt"
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
	assert.Equal(t, []string{"tightens: 1.2 × the inherited target (verified)", "tightens: 1.2 × the inherited target (verified)"}, effect,
		"the all column, and the mountain region's own cell the override replaces")

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

// chainRules is a ruleset whose checks c1…cN each follow the one before, times factor.
func chainRules(n int, base, factor string) string {
	var b strings.Builder
	b.WriteString(`format: ntm.rules/v1
id: test.chain
version: "1"
level: commune
title: {vi: "Chuỗi"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2022-01-01, until: 2022-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: "I", title: {vi: "I"}}]
fields: [{id: a, type: number, unit: ha, label: {vi: a}}]
criteria:
  - id: "1"
    name: {vi: "1"}
    groups: ["I"]
    indicators:
      - id: "1.1"
        name: {vi: "1.1"}
        checks:
          - {id: c0, measure: a, op: ">=", target: {all: {value: ` + base + `, confidence: verified, source: T}}}
`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "          - {id: c%d, measure: a, op: \">=\", target: {all: {of: {indicator: \"1.1\", check: c%d}, times: %s, confidence: verified, source: S%d}}}\n", i, i-1, factor, i)
	}
	return b.String()
}

// TestRelativeExactOrUnknown: a target that follows another is exact or unknown — a product
// too large, or with more decimals than the engine keeps, is unknown with the reason, never
// rounded and never wrapped around to a bar no one set.
func TestRelativeExactOrUnknown(t *testing.T) {
	target := func(src, check string) criteria.Resolved {
		t.Helper()
		rs, err := criteria.Parse("c.yaml", []byte(src))
		require.NoError(t, err, lines(err))
		prog, err := rs.Compile()
		require.NoError(t, err)
		tg, err := prog.Target("1.1", check, "vn", 2022)
		require.NoError(t, err)
		return tg
	}
	tg := target(chainRules(1, "100000000000", "100000000000"), "c1")
	assert.False(t, tg.Known(), "10¹¹ × 10¹¹ does not fit: %s", tg.Value)
	assert.Contains(t, tg.Missing, "out of range")
	tg = target(chainRules(1, "0.1", "0.000000000000000007"), "c1")
	assert.False(t, tg.Known(), "7·10⁻¹⁹ has more decimals than the engine keeps: %s", tg.Value)
	src := chainRules(10, "1", "1.001")
	tg = target(src, "c5")
	assert.Equal(t, "1.005010010005001", tg.Value.String(), "1.001⁵, exactly")
	tg = target(src, "c6")
	assert.False(t, tg.Known(), "1.001⁶ = 1.006015020015006001 has 19 digits, more than the engine keeps: unknown, not %s", tg.Value)
	tg = target(src, "c10")
	assert.False(t, tg.Known(), "and so is every target that follows it")

	// A long chain resolves once per link; its sources are cited up to a bound.
	tg = target(chainRules(2000, "5", "1"), "c2000")
	assert.Equal(t, "5", tg.Value.String())
	assert.LessOrEqual(t, len(tg.Source), 420)
	assert.True(t, strings.HasSuffix(tg.Source, "; …"), tg.Source[len(tg.Source)-20:])
}

// TestOverrideByYearsKeepsTheRest: an override by years changes only the years it names —
// over a cell by years or one value for every year, in the all column or a region's — and the
// rest keep their values and columns.
func TestOverrideByYearsKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/relative/advanced.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(dir+"/advanced.yaml", b, 0o644))
	require.NoError(t, os.WriteFile(dir+"/layer.yaml", []byte(`format: ntm.rules/v1
id: test.years
version: "1"
extends: advanced.yaml
title: {vi: "Lớp theo năm"}
override:
  - indicator: "10.1"
    check: income
    reason: "2023 raised by 10 %"
    target:
      all: {years: {"2023": {of: {indicator: "10.1", check: income}, times: 1.1}}, confidence: verified, source: P}
  - indicator: "11.1"
    reason: "the delta's 2023 bar"
    target:
      dbscl: {years: {"2023": 1}, confidence: verified, source: P}
`), 0o644))
	rs, err := criteria.Load(os.DirFS(dir), "layer.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	for _, c := range []struct {
		ind, check, region string
		year               int
		want               string
	}{
		{"10.1", "income", "dbscl", 2022, "50"},
		{"10.1", "income", "dbscl", 2023, "60.5"},
		{"10.1", "income", "mnpb", 2022, "45"},
		{"10.1", "income", "mnpb", 2023, "53.9"},
		{"10.1", "income", "dbscl", 2024, "—"},
		{"11.1", "rate", "dbscl", 2022, "1.5"},
		{"11.1", "rate", "dbscl", 2023, "1"},
		{"11.1", "rate", "dbscl", 2024, "1.5"},
		{"11.1", "rate", "mnpb", 2023, "1.5"},
	} {
		tg, err := prog.Target(c.ind, c.check, c.region, c.year)
		require.NoError(t, err)
		assert.Equal(t, c.want, tg.Value.String(), "%s %s %d", c.ind, c.region, c.year)
	}
	var effects []string
	for _, d := range rs.Deviations() {
		if d.Layer == "test.years@1" {
			effects = append(effects, d.Effect)
		}
	}
	assert.Equal(t, []string{"tightens", "tightens", "tightens"}, effects, "the all column, the mountain region's cell it reaches, and the delta's poverty bar")
}

// TestFieldRelativeUncomputable: a target that follows a computed value which divides by zero
// says so — not "no target", not "missing data".
func TestFieldRelativeUncomputable(t *testing.T) {
	rs, err := criteria.Parse("u.yaml", []byte(`format: ntm.rules/v1
id: test.uncomputable
version: "1"
level: commune
title: {vi: "Thử"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2022-01-01, until: 2022-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: "I", title: {vi: "I"}}]
fields:
  - {id: a, type: number, unit: ha, label: {vi: "Diện tích A"}}
  - {id: b, type: number, unit: ha, label: {vi: "Diện tích B"}}
  - {id: r, type: number, unit: ha, label: {vi: "Tỷ số A/B"}, from: {expr: "a / b"}}
criteria:
  - id: "1"
    name: {vi: "1"}
    groups: ["I"]
    indicators:
      - {id: "1.1", name: {vi: "1.1"}, checks: [{measure: a, op: ">=", target: {all: {of: {field: r}, confidence: verified, source: T}}}]}
`))
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	v := rs.NewValues()
	require.NoError(t, v.SetString("a", "25"))
	require.NoError(t, v.SetString("b", "0"))
	res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "u", Region: "vn", Period: criteria.Period{Year: 2022}, Values: v})
	require.NoError(t, err)
	c := &res.Criteria[0].Indicators[0].Checks[0]
	assert.Equal(t, criteria.Unknown, c.Status)
	assert.Empty(t, c.Missing)
	assert.Contains(t, c.Reason, "r cannot be computed: division by zero")
	assert.Equal(t, "≥ 1 × Tỷ số A/B (không tính được)", c.Requirement("vi"))
	cv := res.Computed()
	require.Len(t, cv, 1)
	assert.Contains(t, cv[0].Reason, "division by zero")
}
