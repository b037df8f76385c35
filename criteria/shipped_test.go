package criteria_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

// shippedRulesets loads every rule file the project ships.
func shippedRulesets(t *testing.T) map[string]*criteria.Ruleset {
	t.Helper()
	entries, err := criteria.List(rules.FS)
	require.NoError(t, err)
	out := map[string]*criteria.Ruleset{}
	for _, e := range entries {
		if e.Format != criteria.FormatRules {
			continue
		}
		rs, err := criteria.Load(rules.FS, e.Path)
		require.NoError(t, err, "%s:\n%s", e.Path, lines(err))
		out[rs.Ref()] = rs
	}
	require.NotEmpty(t, out)
	return out
}

func lines(err error) string {
	return criteria.ErrorList(criteria.Errors(err)).Lines()
}

// TestShippedCases runs every case file shipped beside a ruleset: a rule file that breaks a
// case fails the build.
func TestShippedCases(t *testing.T) {
	sets := shippedRulesets(t)
	entries, err := criteria.List(rules.FS)
	require.NoError(t, err)
	ran := 0
	for _, e := range entries {
		if e.Format != criteria.FormatCases {
			continue
		}
		t.Run(e.Path, func(t *testing.T) {
			cf, err := criteria.LoadCases(rules.FS, e.Path)
			require.NoError(t, err, lines(err))
			rs := sets[cf.Ruleset]
			require.NotNil(t, rs, "case file names unknown ruleset %s", cf.Ruleset)
			prog, err := rs.Compile()
			require.NoError(t, err)
			require.NotEmpty(t, cf.Cases)
			for _, r := range cf.Run(context.Background(), prog) {
				ran++
				assert.True(t, r.Passed(), "%s: case %q: err=%v\n  %s", e.Path, r.Case.Name, r.Err, strings.Join(r.Failures, "\n  "))
			}
		})
	}
	assert.Greater(t, ran, 20)
}

// TestShippedBoundaries generates, from every target table of every shipped ruleset, a unit at
// the target, one just past it and one with the value missing, so no target cell goes untested.
func TestShippedBoundaries(t *testing.T) {
	sets := shippedRulesets(t)
	entries, err := criteria.List(rules.FS)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Format != criteria.FormatCases {
			continue
		}
		cf, err := criteria.LoadCases(rules.FS, e.Path)
		require.NoError(t, err)
		rs := sets[cf.Ruleset]
		if _, ok := cf.Fixtures["all_met"]; !ok || rs == nil {
			continue
		}
		t.Run(e.Path, func(t *testing.T) {
			prog, err := rs.Compile()
			require.NoError(t, err)
			base, err := cf.Unit(&criteria.Case{Name: "base", From: "all_met", Code: "base", Region: rs.AllowedRegions()[0].ID}, rs)
			require.NoError(t, err, lines(err))
			cases, skipped := prog.BoundaryCases(base)
			for _, s := range skipped {
				t.Log("skipped:", s)
			}
			require.NotEmpty(t, cases)
			for _, bc := range cases {
				got, cr, err := bc.Run(context.Background(), prog)
				require.NoError(t, err, bc.Name)
				if !assert.Equal(t, bc.Want, got, bc.Name) && cr != nil {
					t.Logf("  value %s target %s reason %s missing %v", cr.Value, cr.Target.Value, cr.Reason, cr.Missing)
				}
			}
			t.Logf("%d boundary cases, %d skipped", len(cases), len(skipped))
		})
	}
}
