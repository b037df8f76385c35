package criteria_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
)

// variedResults evaluates n varied communes with the Cà Mau 2016-2020 set, for 2020.
func variedResults(tb testing.TB, n int) (*criteria.Ruleset, *criteria.Program, []*criteria.Result) {
	tb.Helper()
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(tb, err)
	prog, err := rs.Compile()
	require.NoError(tb, err)
	units, err := gen.Varied(prog, n, gen.Seed, criteria.Period{Year: 2020})
	require.NoError(tb, err)
	results := make([]*criteria.Result, 0, len(units))
	for _, u := range units {
		r, err := prog.Evaluate(context.Background(), u)
		require.NoError(tb, err)
		results = append(results, r)
	}
	return rs, prog, results
}

// bruteLifted counts, from the results alone, the units at or over threshold criteria met
// when every indicator in fixed is taken as met.
func bruteLifted(results []*criteria.Result, fixed map[string]bool, threshold int) int {
	n := 0
	for _, r := range results {
		met := 0
		for _, c := range r.Criteria {
			ok := c.Status == criteria.Met
			if c.Status == criteria.NotMet {
				ok = true
				for _, ir := range c.Indicators {
					if ir.Status == criteria.Unknown || ir.Status == criteria.NotMet && !fixed[ir.Indicator.ID()] {
						ok = false
					}
				}
			}
			if ok {
				met++
			}
		}
		if met >= threshold {
			n++
		}
	}
	return n
}

// TestPlanGreedyIsBestStep: on varied communes, each greedy step lifts as many units as the
// best single step found by trying every indicator from scratch, and the totals add up.
func TestPlanGreedyIsBestStep(t *testing.T) {
	rs, prog, results := variedResults(t, 300)
	var ids []string
	for _, ind := range prog.Indicators() {
		ids = append(ids, ind.ID())
	}
	for _, threshold := range []int{0, 15} {
		want := threshold
		if want == 0 {
			want = len(rs.Criteria)
		}
		pl, err := criteria.MakePlan(results, threshold, 6)
		require.NoError(t, err)
		require.NotEmpty(t, pl.Steps, "threshold %d", want)
		fixed := map[string]bool{}
		prev := bruteLifted(results, fixed, want)
		assert.Equal(t, pl.Already, prev)
		for _, st := range pl.Steps {
			best := 0
			for _, id := range ids {
				if fixed[id] {
					continue
				}
				fixed[id] = true
				best = max(best, bruteLifted(results, fixed, want)-prev)
				delete(fixed, id)
			}
			assert.Equal(t, best, len(st.Lifted), "threshold %d, step %s", want, st.Indicator.ID())
			fixed[st.Indicator.ID()] = true
			prev = bruteLifted(results, fixed, want)
			assert.Equal(t, prev, st.Total)
		}
	}
	_, err := criteria.MakePlan(results, 40, 1)
	assert.Error(t, err)
}

// TestCostedPlan: with a cost table, each step takes the priced indicator lifting the most
// units per cost, computed here by hand from the checks' gaps; an indicator the table does not
// price is never taken and is listed; the plan's cost is its steps' sum.
func TestCostedPlan(t *testing.T) {
	rs, _, results := variedResults(t, 300)
	// every indicator priced but 17.5, each at a different price
	var b strings.Builder
	b.WriteString("indicator,cost_per_unit,unit\n")
	price := map[string]float64{}
	i := 0
	for _, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			i++
			if ind.ID == "17.5" {
				continue
			}
			p := float64((i*37)%11+1) * 100
			price[ind.ID] = p
			fmt.Fprintf(&b, "%s,%g,đơn vị\n", ind.ID, p)
		}
	}
	costs, err := criteria.ReadCosts(strings.NewReader(b.String()), "chi-phi.csv", rs)
	require.NoError(t, err)
	const threshold = 19
	pl, err := criteria.MakeCostedPlan(results, threshold, 5, costs)
	require.NoError(t, err)
	require.True(t, pl.Costed)
	require.NotEmpty(t, pl.Steps)
	assert.Contains(t, pl.Unpriced, "17.5")

	fixed := map[string]bool{}
	costOf := func(id string) (float64, int) {
		sum, unknown := 0.0, 0
		for _, r := range results {
			if bruteLifted([]*criteria.Result{r}, fixed, threshold) == 1 {
				continue
			}
			for _, c := range r.Criteria {
				for _, ir := range c.Indicators {
					if ir.Indicator.ID() != id || ir.Status != criteria.NotMet {
						continue
					}
					add, ok := 0.0, true
					for _, ch := range ir.Checks {
						switch {
						case ch.Status == criteria.Unknown:
							ok = false
						case ch.Status != criteria.NotMet:
						case ch.HasGap:
							add += ch.Gap.Float64() * price[id]
						default:
							add += price[id]
						}
					}
					if ok {
						sum += add
					} else {
						unknown++
					}
				}
			}
		}
		return sum, unknown
	}
	total := 0.0
	for _, st := range pl.Steps {
		id := st.Indicator.ID()
		assert.NotEqual(t, "17.5", id, "an unpriced indicator is never taken")
		prev := bruteLifted(results, fixed, threshold)
		c, unknown := costOf(id)
		assert.InDelta(t, c, st.Cost.Float64(), 1e-6*max(1, c), "step %s", id)
		assert.Zero(t, unknown, "step %s: a step whose cost is not known for a unit is never taken", id)
		rate := func(n int, c float64) float64 {
			if n == 0 {
				return 0
			}
			if c == 0 {
				return math.Inf(1)
			}
			return float64(n) / c
		}
		fixed[id] = true
		got := bruteLifted(results, fixed, threshold) - prev
		delete(fixed, id)
		if got > 0 {
			for other := range price {
				if fixed[other] || other == id {
					continue
				}
				fixed[other] = true
				n := bruteLifted(results, fixed, threshold) - prev
				delete(fixed, other)
				oc, ou := costOf(other)
				if ou > 0 {
					assert.Contains(t, pl.CostUnknown, other)
					continue
				}
				assert.GreaterOrEqual(t, rate(got, c)*(1+1e-9), rate(n, oc), "step %s (%d for %.0f) against %s (%d for %.0f)", id, got, c, other, n, oc)
			}
		}
		fixed[id] = true
		total += c
	}
	assert.InDelta(t, total, pl.Cost.Float64(), 1e-6*total)

	// every price zero: the same plan as without costs (units lifted, then criteria completed,
	// then the ruleset's order)
	var z strings.Builder
	z.WriteString("indicator,cost_per_unit\n")
	for id := range price {
		fmt.Fprintf(&z, "%s,0\n", id)
	}
	fmt.Fprintf(&z, "17.5,0\n")
	zero, err := criteria.ReadCosts(strings.NewReader(z.String()), "zero.csv", rs)
	require.NoError(t, err)
	zp, err := criteria.MakeCostedPlan(results, 15, 8, zero)
	require.NoError(t, err)
	plain, err := criteria.MakePlan(results, 15, 8)
	require.NoError(t, err)
	require.Equal(t, len(plain.Steps), len(zp.Steps))
	for i := range plain.Steps {
		assert.Equal(t, plain.Steps[i].Indicator.ID(), zp.Steps[i].Indicator.ID(), "step %d", i+1)
		assert.Equal(t, plain.Steps[i].Lifted, zp.Steps[i].Lifted)
	}
	assert.Empty(t, zp.CostUnknown, "every priced indicator's cost is known for the varied communes")
	assert.True(t, zp.StepLimit)

	// the table is checked against the ruleset, every problem at its line
	_, err = criteria.ReadCosts(strings.NewReader("indicator,cost_per_unit\n2.1,-5\n99.9,1\n2.1,3\n2.2,\n"), "c.csv", rs)
	lines := []string{}
	for _, e := range criteria.Errors(err) {
		lines = append(lines, e.Error())
	}
	all := strings.Join(lines, "\n")
	assert.Contains(t, all, `c.csv:2: indicator 2.1: cost_per_unit "-5" is not a number ≥ 0`)
	assert.Contains(t, all, `c.csv:3: indicator "99.9" is not in camau.xa-ntm@2016-2020`)
	assert.Contains(t, all, "c.csv:5: indicator 2.2: no cost_per_unit")
	_, err = criteria.ReadCosts(strings.NewReader("indicator,cost_per_unit\n2.1,1,500\n2.2,9999999999999\n"), "c.csv", rs)
	assert.ErrorContains(t, err, "c.csv:2: record on line 2: wrong number of fields")
	_, err = criteria.ReadCosts(strings.NewReader("indicator,cost_per_unit\n2.2,9999999999999\n"), "c.csv", rs)
	assert.ErrorContains(t, err, "c.csv:2: indicator 2.2: cost_per_unit 9999999999999 is more than 1000000000000")
	for in, want := range map[string]string{
		"indicator,cost_per_unit,indicator\n":                      "c.csv:1: the column indicator is given twice",
		"indicator,cost_per_unit\n":                                "c.csv:1: the table prices no indicator",
		"indicator,cost_per_unit\n2.1,1\xff\n":                     "c.csv:1: the table is not UTF-8",
		"indicator\n2.1\n":                                         "c.csv:1: the column cost_per_unit is missing",
		"indicator,cost_per_unit\n" + strings.Repeat(",\n", 10001): "more than 10000 rows",
		strings.Repeat("x", 8<<20+1):                               "c.csv:1: the table is larger than 8 MB",
	} {
		_, err := criteria.ReadCosts(strings.NewReader(in), "c.csv", rs)
		assert.ErrorContains(t, err, want)
	}
	_, err = criteria.ReadCosts(strings.NewReader("indicator,price\n"), "c.csv", rs)
	assert.ErrorContains(t, err, `unknown column "price"`)
	_, err = criteria.MakeCostedPlan(results, threshold, 5, nil)
	assert.Error(t, err)
	_, err = criteria.ReadCosts(strings.NewReader("indicator,cost_per_unit\n2.1,1\n"), "c.csv", nil)
	assert.ErrorContains(t, err, "needs the ruleset")
	other, err := criteria.Load(rules.FS, "vn/xa-ntm-2021-2025.yaml")
	require.NoError(t, err)
	var priced string
	for _, c := range other.Criteria {
		if len(c.Indicators) > 0 && priced == "" {
			priced = c.Indicators[0].ID
		}
	}
	oc, err := criteria.ReadCosts(strings.NewReader("indicator,cost_per_unit\n"+priced+",1\n"), "c.csv", other)
	require.NoError(t, err)
	_, err = criteria.MakeCostedPlan(results, threshold, 5, oc)
	assert.ErrorContains(t, err, "the cost table prices vn.xa-ntm@2021-2025, the results are of camau.xa-ntm@2016-2020")
}

// BenchmarkPlan makes a 10-step plan over 1,000 varied communes without and with a cost table,
// against the floor: one pass counting, for every indicator, the units that miss it.
func BenchmarkPlan(b *testing.B) {
	rs, _, results := variedResults(b, 1000)
	var tbl strings.Builder
	tbl.WriteString("indicator,cost_per_unit\n")
	for i, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			fmt.Fprintf(&tbl, "%s,%d\n", ind.ID, (i%7+1)*100)
		}
	}
	costs, err := criteria.ReadCosts(strings.NewReader(tbl.String()), "c.csv", rs)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("MakePlan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := criteria.MakePlan(results, 15, 10); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("MakeCostedPlan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := criteria.MakeCostedPlan(results, 15, 10, costs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		miss := map[string]int{}
		for b.Loop() {
			clear(miss)
			for _, r := range results {
				for _, c := range r.Criteria {
					for _, ir := range c.Indicators {
						if ir.Status == criteria.NotMet {
							miss[ir.Indicator.ID()]++
						}
					}
				}
			}
		}
	})
}
