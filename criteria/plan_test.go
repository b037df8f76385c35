package criteria_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
)

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
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	units, err := gen.Varied(prog, 300, gen.Seed, criteria.Period{Year: 2020})
	require.NoError(t, err)
	var results []*criteria.Result
	for _, u := range units {
		r, err := prog.Evaluate(context.Background(), u)
		require.NoError(t, err)
		results = append(results, r)
	}
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
	_, err = criteria.MakePlan(results, 40, 1)
	assert.Error(t, err)
}
