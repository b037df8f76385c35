package criteria_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

var update = flag.Bool("update", false, "rewrite golden files")

func loadMini(t testing.TB, name string) (*criteria.Ruleset, *criteria.Program) {
	t.Helper()
	rs, err := criteria.Load(os.DirFS("testdata"), name)
	require.NoError(t, err)
	p, err := rs.Compile()
	require.NoError(t, err)
	return rs, p
}

// unit builds a unit of the mini ruleset from textual values.
func unit(t testing.TB, rs *criteria.Ruleset, region string, year int, vals map[string]string) *criteria.Unit {
	t.Helper()
	v := rs.NewValues()
	for k, s := range vals {
		require.NoError(t, v.SetString(k, s), k)
	}
	return &criteria.Unit{Code: "32221", Name: "Tân Hải", District: "Phú Tân", Region: region, Period: criteria.Period{Year: year}, Values: v}
}

var fullMini = map[string]string{
	"households_total": "20", "households_hygienic": "19", "households_clean": "12",
	"income": "50", "has_market_in_plan": "có", "market_ok": "đạt", "debt": "0",
}

func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

func checkStatus(t *testing.T, res *criteria.Result, ind, check string) *criteria.CheckResult {
	t.Helper()
	ir, ok := res.Indicator(ind)
	require.True(t, ok, ind)
	c, ok := ir.Check(check)
	require.True(t, ok, "no check %s/%s", ind, check)
	return c
}

// TestExactBoundaries shows that verdicts at a boundary are decided exactly.
func TestExactBoundaries(t *testing.T) {
	rs, p := loadMini(t, "mini/base.yaml")
	ctx := context.Background()
	tests := []struct {
		name   string
		vals   map[string]string
		ind    string
		check  string
		want   criteria.Status
		value  string
		gap    string
		region string
	}{
		{"19 of 20 is exactly 95%", fullMini, "1.1", "hygienic", criteria.Met, "95", "", "south"},
		{"18 of 20 is 90%: 5 short", with(fullMini, "households_hygienic", "18"), "1.1", "hygienic", criteria.NotMet, "90", "5", "south"},
		{"57 of 100 meets >= 57", with(fullMini, "households_total", "100", "households_hygienic", "95", "households_clean", "57"), "1.1", "clean", criteria.Met, "57", "", "south"},
		{"56.99 of 100 misses >= 57", with(fullMini, "households_total", "10000", "households_hygienic", "9500", "households_clean", "5699"), "1.1", "clean", criteria.NotMet, "56.99", "0.01", "south"},
		{"1 of 3 is 33.3333% (display rounded), 1/3 < 57", with(fullMini, "households_total", "3", "households_hygienic", "3", "households_clean", "1"), "1.1", "clean", criteria.NotMet, "33.3333", "23.6667", "south"},
		{"north's own column: 90 is enough", with(fullMini, "households_hygienic", "18"), "1.1", "hygienic", criteria.Met, "90", "", "north"},
		{"income equal to the 2020 target passes >=", fullMini, "2", "1", criteria.Met, "50", "", "south"},
		{"income 49.99 fails by 0.01", with(fullMini, "income", "49.99"), "2", "1", criteria.NotMet, "49.99", "0.01", "south"},
		{"missing value is unknown, not zero", with(fullMini, "income", ""), "2", "1", criteria.Unknown, "—", "", "south"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := p.Evaluate(ctx, unit(t, rs, tc.region, 2020, tc.vals))
			require.NoError(t, err)
			c := checkStatus(t, res, tc.ind, tc.check)
			assert.Equal(t, tc.want, c.Status)
			assert.Equal(t, tc.value, c.Value.String())
			if tc.gap != "" {
				require.True(t, c.HasGap)
				assert.Equal(t, tc.gap, c.Gap.String())
			} else {
				assert.False(t, c.HasGap)
			}
		})
	}
}

// TestVerdictsAndFacts checks the four verdicts and the four facts about a unit.
func TestVerdictsAndFacts(t *testing.T) {
	rs, p := loadMini(t, "mini/base.yaml")
	ctx := context.Background()
	ntm2015 := []criteria.Recognition{{Level: "ntm", Year: 2015, Decision: "01/QĐ-UBND"}}
	tests := []struct {
		name                    string
		vals                    map[string]string
		year                    int
		history                 []criteria.Recognition
		allMet, eligible, slipd criteria.Truth
		recognised              bool
		met, notMet, unknown    int
		crit                    map[string]criteria.Status
	}{
		{"everything met", fullMini, 2020, nil, criteria.Yes, criteria.Yes, criteria.No, false, 3, 0, 0, nil},
		{"no market in the plan: not applicable counts as met", with(fullMini, "has_market_in_plan", "không", "market_ok", ""), 2020, nil,
			criteria.Yes, criteria.Yes, criteria.No, false, 3, 0, 0, map[string]criteria.Status{"3": criteria.Met}},
		{"unknown applicability with a market not up to standard: unknown", with(fullMini, "has_market_in_plan", "", "market_ok", "không"), 2020, nil,
			criteria.TruthUnknown, criteria.TruthUnknown, criteria.No, false, 2, 0, 1, map[string]criteria.Status{"3": criteria.Unknown}},
		{"all met but construction debt: not eligible", with(fullMini, "debt", "1.5"), 2020, nil, criteria.Yes, criteria.No, criteria.No, false, 3, 0, 0, nil},
		{"recognised in 2015 and still all met", fullMini, 2020, ntm2015, criteria.Yes, criteria.Yes, criteria.No, true, 3, 0, 0, nil},
		{"recognised in 2015 but slipped on water", with(fullMini, "households_clean", "5"), 2020, ntm2015, criteria.No, criteria.No, criteria.Yes, true, 2, 1, 0,
			map[string]criteria.Status{"1": criteria.NotMet}},
		{"recognised with unknown income: slipped unknown", with(fullMini, "income", ""), 2020, ntm2015, criteria.TruthUnknown, criteria.TruthUnknown, criteria.TruthUnknown, true, 2, 0, 1, nil},
		{"recognition in a later year does not count yet", fullMini, 2016, []criteria.Recognition{{Level: "ntm", Year: 2018}}, criteria.Yes, criteria.Yes, criteria.No, false, 3, 0, 0, nil},
		{"missing target in 2018: unknown", fullMini, 2018, nil, criteria.TruthUnknown, criteria.TruthUnknown, criteria.No, false, 2, 0, 1, map[string]criteria.Status{"2": criteria.Unknown}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := unit(t, rs, "south", tc.year, tc.vals)
			u.History = tc.history
			res, err := p.Evaluate(ctx, u)
			require.NoError(t, err)
			assert.Equal(t, tc.allMet, res.AllMet, "all met")
			assert.Equal(t, tc.eligible, res.Eligible, "eligible")
			assert.Equal(t, tc.slipd, res.Slipped, "slipped")
			assert.Equal(t, tc.recognised, res.Recognised(), "recognised")
			assert.Equal(t, []int{tc.met, tc.notMet, tc.unknown}, []int{res.Met, res.NotMet, res.Unknown})
			for id, want := range tc.crit {
				c, ok := res.Criterion(id)
				require.True(t, ok)
				assert.Equal(t, want, c.Status, "criterion %s", id)
			}
		})
	}
}

func TestEvaluateListsAllMissingData(t *testing.T) {
	rs, p := loadMini(t, "mini/base.yaml")
	res, err := p.Evaluate(context.Background(), unit(t, rs, "south", 2020, map[string]string{"households_total": "10"}))
	require.NoError(t, err)
	assert.Equal(t, []string{"households_hygienic", "households_clean", "income", "has_market_in_plan", "market_ok", "debt"}, res.MissingFields())
	assert.Equal(t, 3, res.Unknown)
}

func TestEvaluateRejectsUnit(t *testing.T) {
	rs, p := loadMini(t, "mini/layer.yaml")
	ctx := context.Background()
	_, err := p.Evaluate(ctx, unit(t, rs, "north", 2020, fullMini))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `region "north" is not accepted by test.layer@1`)
	_, err = p.Evaluate(ctx, unit(t, rs, "south", 2021, fullMini))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "period 2021 is outside the years 2016-2020")
	_, err = p.Evaluate(ctx, &criteria.Unit{Code: "x", Region: "south", Period: criteria.Period{Year: 2020}})
	require.Error(t, err)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = p.Evaluate(cctx, unit(t, rs, "south", 2020, fullMini))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestLayerDeviations(t *testing.T) {
	rs, p := loadMini(t, "mini/layer.yaml")
	devs := rs.Deviations()
	got := map[string]string{}
	for _, d := range devs {
		if d.Kind == "target_changed" {
			got[d.Path] = d.Effect
		}
	}
	assert.Equal(t, map[string]string{
		"criterion 2 › indicator 2 › check 1 › target › south":       "tightens",
		"criterion 1 › indicator 1.1 › check clean › target › south": "loosens",
	}, got)
	assert.True(t, rs.Illustrative)
	assert.Equal(t, "direct", rs.Criteria[0].Annotation("front"))
	// The layer fills the missing 2018 income target with 40.
	res, err := p.Evaluate(context.Background(), unit(t, rs, "south", 2018, with(fullMini, "income", "40")))
	require.NoError(t, err)
	c := checkStatus(t, res, "2", "1")
	assert.Equal(t, criteria.Met, c.Status)
	assert.Equal(t, criteria.Inferred, c.Target().Confidence)
	assert.Equal(t, "illustrative", c.Target().Source)
}

// TestConcurrentEvaluate evaluates from many goroutines at once; run with -race.
func TestConcurrentEvaluate(t *testing.T) {
	rs, p := loadMini(t, "mini/base.yaml")
	units := []*criteria.Unit{
		unit(t, rs, "south", 2020, fullMini),
		unit(t, rs, "north", 2019, with(fullMini, "households_clean", "3")),
		unit(t, rs, "south", 2018, with(fullMini, "income", "")),
	}
	want := make([]*criteria.Result, len(units))
	for i, u := range units {
		r, err := p.Evaluate(context.Background(), u)
		require.NoError(t, err)
		want[i] = r
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				k := (g + i) % len(units)
				r, err := p.Evaluate(context.Background(), units[k])
				if err != nil || r.AllMet != want[k].AllMet || r.Met != want[k].Met || r.Unknown != want[k].Unknown {
					errs <- "concurrent evaluation differs"
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestResultJSONGolden pins the documented JSON shape of a result.
func TestResultJSONGolden(t *testing.T) {
	rs, p := loadMini(t, "mini/layer.yaml")
	u := unit(t, rs, "south", 2020, with(fullMini, "households_clean", "9", "has_market_in_plan", "không", "market_ok", "", "debt", ""))
	u.History = []criteria.Recognition{{Level: "ntm", Year: 2015, Decision: "1234/QĐ-UBND"}}
	res, err := p.Evaluate(context.Background(), u)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, criteria.WriteJSON(&buf, []*criteria.Result{res}))
	golden := filepath.Join("testdata", "golden", "result.json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./criteria -run Golden -update")
	assert.Equal(t, string(want), buf.String())
	// The single-result shape carries its format and parses as JSON.
	one, err := json.Marshal(res)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(one, &m))
	assert.Equal(t, "ntm.result/v1", m["format"])
}

func TestShortfallsClosestFirst(t *testing.T) {
	rs, p := loadMini(t, "mini/base.yaml")
	res, err := p.Evaluate(context.Background(), unit(t, rs, "south", 2020,
		with(fullMini, "households_hygienic", "18", "households_clean", "2", "income", "", "debt", "3")))
	require.NoError(t, err)
	var got []string
	for _, s := range res.Shortfalls() {
		got = append(got, s.Indicator.ID()+"/"+s.Check.Check.ID()+" "+s.Status.String())
	}
	// hygienic 90 vs 95 (5.3% short) before clean 10 vs 57 (82% short) before the debt gate
	// (3 over a target of 0) and the unknown income.
	assert.Equal(t, []string{"1.1/hygienic not_met", "1.1/clean not_met", "no_debt/1 not_met", "2/1 unknown"}, got)
}

// TestOverrideByYearKeepsOtherYears: a layer that names only 2017-2019 keeps the base's 2016
// and 2020 targets, and the deviation says it fills the missing years.
func TestOverrideByYearKeepsOtherYears(t *testing.T) {
	layer := []byte(`format: ntm.rules/v1
id: test.years
version: "1"
extends: test.mini@1
override:
  - indicator: "2"
    reason: "a yearly path"
    target:
      south:
        years:
          "2017-2019": {value: 40, confidence: inferred, source: "path"}
`)
	rs, err := criteria.Parse("years.yaml", layer, criteria.WithBase(os.DirFS("testdata")))
	require.NoError(t, err, lines(err))
	p, err := rs.Compile()
	require.NoError(t, err)
	for year, want := range map[int]string{2016: "33", 2017: "40", 2019: "40", 2020: "50"} {
		tg, err := p.Target("2", "1", "south", year)
		require.NoError(t, err)
		assert.Equal(t, want, tg.Value.String(), "year %d", year)
	}
	var effect string
	for _, d := range rs.Deviations() {
		if d.Kind == "target_changed" {
			effect = d.Effect
		}
	}
	assert.Equal(t, "fills", effect)
}

// TestHostileExpressions: expressions are untrusted input. Oversized ones are refused when
// the file loads; one that would allocate without bound stops at the memory budget and
// leaves its check unknown, with the reason, instead of exhausting the machine.
func TestHostileExpressions(t *testing.T) {
	file := func(measure string) []byte {
		return []byte(strings.Replace(measureTemplate, "MEASURE", strconv.Quote(measure), 1))
	}
	src := func(measure, op, target string) []byte {
		return []byte(strings.NewReplacer("OP", strconv.Quote(op), "TARGET", target).Replace(string(file(measure))))
	}
	_, err := criteria.Parse("big.yaml", src(strings.Repeat("a + ", 600)+"a", ">=", "1"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "E-EXPR-LIMIT")

	// What could run without bound on a unit is refused when the file is loaded: ranges,
	// collection builtins, string building. Evaluation then does bounded work per unit.
	for _, m := range []string{"len(1..100000000) > a", "sum(1..a) > 0", "reduce(1..a, #acc + #) > 0", "len(repeat(\"x\", a)) > 0"} {
		_, err := criteria.Parse("mem.yaml", src(m, "==", "true"))
		require.Error(t, err, m)
		assert.Contains(t, err.Error(), "E-EXPR", m)
	}
}

// TestPeriodInExpressions: an indicator can depend on the period it is assessed for, e.g. a
// survey that only exists from 2017.
func TestPeriodInExpressions(t *testing.T) {
	src := strings.NewReplacer("MEASURE", `"c"`, "OP", `"=="`, "TARGET", "true").Replace(measureTemplate)
	src = strings.Replace(src, "        checks:", "        applies_if: \"period_year >= 2017 && period_half != 1\"\n        checks:", 1)
	rs, err := criteria.Parse("period.yaml", []byte(src))
	require.NoError(t, err, lines(err))
	p, err := rs.Compile()
	require.NoError(t, err)
	v := rs.NewValues()
	require.NoError(t, v.Set("c", criteria.BoolValue(false)))
	for _, tc := range []struct {
		period string
		want   criteria.Status
	}{{"2016", criteria.NotApplicable}, {"2017-H1", criteria.NotApplicable}, {"2017", criteria.NotMet}, {"2020-H2", criteria.NotMet}} {
		per, err := criteria.ParsePeriod(tc.period)
		require.NoError(t, err)
		res, err := p.Evaluate(context.Background(), &criteria.Unit{Code: "1", Region: "south", Period: per, Values: v})
		require.NoError(t, err)
		assert.Equal(t, tc.want, res.Criteria[0].Indicators[0].Status, tc.period)
	}
	_, err = criteria.Parse("reserved.yaml", []byte(strings.Replace(src, "{id: d, type: text", "{id: period_year, type: text", 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"period_year" is reserved`)
}

// TestAtMost: values that contradict each other are caught, by Values.Check and by the readers,
// which reject the row at the cell that exceeds its bound.
func TestAtMost(t *testing.T) {
	rs, _ := loadMini(t, "mini/base.yaml")
	v := rs.NewValues()
	require.NoError(t, v.SetString("households_total", "20"))
	require.NoError(t, v.SetString("households_hygienic", "19"))
	require.NoError(t, v.SetString("households_clean", "19"))
	assert.Empty(t, v.Check(), "equal is allowed")
	require.NoError(t, v.SetString("households_clean", "20"))
	errs := v.Check()
	require.Len(t, errs, 1)
	assert.Equal(t, criteria.CodeDataConsistency, errs[0].Code)
	assert.Contains(t, errs[0].Message, `"households_clean" is 20, more than "households_hygienic" (19)`)

	csv := "code,region,period,households_total,households_hygienic,households_clean\n" +
		"1,south,2020,20,19,12\n" +
		"2,south,2020,20,21,12\n"
	ds := data.Read(strings.NewReader(csv), "w.csv", data.CSV, rs)
	require.Len(t, ds.Units, 1)
	assert.Equal(t, 1, ds.Rejected)
	require.Len(t, ds.Errors, 1)
	assert.Equal(t, 3, ds.Errors[0].Line)
	assert.Equal(t, 5, ds.Errors[0].Column)
	assert.Contains(t, ds.Errors[0].Error(), "E-DATA-CONSISTENCY")
}

// TestExpectationReportsEveryDifference: a case runner that passes wrong expectations silently
// would prove nothing.
func TestExpectationReportsEveryDifference(t *testing.T) {
	rs, p := loadMini(t, "mini/base.yaml")
	res, err := p.Evaluate(context.Background(), unit(t, rs, "south", 2020, fullMini))
	require.NoError(t, err)
	yes := criteria.No
	ex := criteria.Expectation{
		Indicators: map[string]criteria.Status{"1.1": criteria.NotMet, "9.9": criteria.Met},
		Conditions: map[string]criteria.Status{"no_debt": criteria.Unknown},
		Checks:     map[string]criteria.Status{"1.1/clean": criteria.NotMet},
		AllMet:     &yes,
	}
	got := ex.Check(res)
	require.Len(t, got, 5, strings.Join(got, "\n"))
	assert.Contains(t, got[0], "indicator 1.1: expected not_met, got met")
	assert.Equal(t, "indicator 9.9: not in the ruleset", got[1])
	assert.Contains(t, got[2], "condition no_debt: expected unknown, got met")
	assert.Contains(t, got[3], "check 1.1/clean: expected not_met, got met (value 60, target 57")
	assert.Equal(t, "all_met: expected no, got yes", got[4])
}
