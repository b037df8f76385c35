package criteria_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
)

// TestConditionsReadCountsOfThisUnit: a condition expression reads criteria_met and
// criteria_total as counted for the unit, even when an applies_if expression ran before the
// criteria were counted.
func TestConditionsReadCountsOfThisUnit(t *testing.T) {
	rs, p := loadMini(t, "sound/stale.yaml")
	all := map[string]string{"households_total": "20", "has_market_in_plan": "có", "market_ok": "đạt", "roads_ok": "đạt"}
	tests := []struct {
		name     string
		vals     map[string]string
		met      int
		eligible criteria.Truth
		cond     criteria.Status
		short    string
	}{
		{"every criterion met", all, 2, criteria.Yes, criteria.Met, "0"},
		{"market not in the plan: not applicable counts as met", with(all, "has_market_in_plan", "không", "market_ok", ""), 2, criteria.Yes, criteria.Met, "0"},
		{"roads not up to standard", with(all, "roads_ok", "không"), 1, criteria.No, criteria.NotMet, "1"},
		{"market not up to standard", with(all, "market_ok", "không"), 1, criteria.No, criteria.NotMet, "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := p.Evaluate(context.Background(), unit(t, rs, "south", 2020, tc.vals))
			require.NoError(t, err)
			require.Equal(t, tc.met, res.Met)
			cond, ok := res.Condition("all_criteria")
			require.True(t, ok)
			assert.Equal(t, tc.cond, cond.Status, "criteria_met == criteria_total")
			short, ok := res.Condition("criteria_short")
			require.True(t, ok)
			require.Len(t, short.Checks, 1)
			assert.Equal(t, tc.short, short.Checks[0].Value.String(), "criteria_total - criteria_met")
			assert.Equal(t, tc.cond, short.Status)
			assert.Equal(t, tc.eligible, res.Eligible)
		})
	}
}
