package criteria_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

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
			cases, skipped, err := cf.Boundaries(prog)
			require.NoError(t, err, lines(err))
			for _, s := range skipped {
				t.Log("skipped:", s)
			}
			require.NotEmpty(t, cases)
			for _, bc := range cases {
				got, cr, err := bc.Run(context.Background(), prog)
				require.NoError(t, err, bc.Name)
				if !assert.Equal(t, bc.Want, got, bc.Name) && cr != nil {
					t.Logf("  value %s target %s reason %s missing %v", cr.Value, cr.Target().Value, cr.Reason, cr.Missing)
				}
			}
			t.Logf("%d boundary cases, %d skipped", len(cases), len(skipped))
		})
	}
}

// TestFrontLayer checks the Front's layer against its plans: 15 criteria carried out directly,
// 4 indirectly (electricity, schools, rural market, information), and content groups 2.1-2.5
// covering every direct criterion exactly once.
func TestFrontLayer(t *testing.T) {
	rs, err := criteria.Load(rules.FS, "vn/mttq-xa-ntm-2016-2020.yaml")
	require.NoError(t, err, lines(err))
	var direct, indirect []string
	groups := map[string][]string{}
	for _, c := range rs.Criteria {
		switch c.Annotation("front") {
		case "direct":
			direct = append(direct, c.ID)
			g := c.Annotation("content_group")
			require.NotEmpty(t, g, "direct criterion %s has no content group", c.ID)
			groups[g] = append(groups[g], c.ID)
		case "indirect":
			indirect = append(indirect, c.ID)
			assert.Empty(t, c.Annotation("content_group"), "indirect criterion %s", c.ID)
		default:
			t.Errorf("criterion %s has no Front responsibility", c.ID)
		}
	}
	assert.Len(t, direct, 15)
	assert.Equal(t, []string{"4", "5", "7", "8"}, indirect)
	assert.Equal(t, map[string][]string{
		"2.1": {"1", "2", "3", "9", "10", "11", "12", "13"},
		"2.2": {"6", "14", "15", "16"},
		"2.3": {"17"},
		"2.4": {"19"},
		"2.5": {"18"},
	}, groups)
	for g := range groups {
		grp, ok := rs.Group(g)
		require.True(t, ok)
		assert.NotEmpty(t, grp.Title.VI)
		assert.NotEmpty(t, grp.Title.EN)
	}
	// The satisfaction survey (78/HD-MTTW-BTT) has no national pass level for a commune: in the
	// Front's layer it is reported, never a gate; a province that sets a pass level gates on it.
	cond := condition(t, rs, "satisfaction_survey")
	assert.Equal(t, criteria.Report, cond.Kind)
	for _, c := range rs.Conditions {
		assert.False(t, c.Kind == criteria.Gate && strings.Contains(c.ID, "satisf"), "no satisfaction gate in the national layer: %s", c.ID)
	}
	camau, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err, lines(err))
	assert.Equal(t, criteria.Gate, condition(t, camau, "satisfaction").Kind, "Cà Mau sets a pass level and gates on it")
}

func condition(t *testing.T, rs *criteria.Ruleset, id string) *criteria.Indicator {
	t.Helper()
	for _, c := range rs.Conditions {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("%s has no condition %q", rs.Ref(), id)
	return nil
}

// TestNationalShape pins the national set: 5 groups, 19 criteria, 49 indicators, 7 regions,
// and a Vietnamese and English name on each.
func TestNationalShape(t *testing.T) {
	rs, err := criteria.Load(rules.FS, "vn/xa-ntm-2016-2020.yaml")
	require.NoError(t, err, lines(err))
	assert.Len(t, rs.Groups, 5)
	assert.Len(t, rs.Regions, 7)
	require.Len(t, rs.Criteria, 19)
	n := 0
	for i, c := range rs.Criteria {
		assert.Equal(t, fmt.Sprint(i+1), c.ID)
		for _, ind := range c.Indicators {
			n++
			assert.NotEmpty(t, ind.Name.VI, ind.ID)
			assert.NotEmpty(t, ind.Name.EN, ind.ID)
			assert.True(t, norm.NFC.IsNormalString(ind.Name.VI), ind.ID)
		}
	}
	assert.Equal(t, 49, n)
	// 17.1 (water) and 2.3 (lanes) are compound: two checks each.
	_, water, _ := rs.Indicator("17.1")
	_, lanes, _ := rs.Indicator("2.3")
	assert.Len(t, water.Checks, 2)
	assert.Len(t, lanes.Checks, 2)
	// Criterion 7 does not apply to a commune whose plan has no market.
	_, market, _ := rs.Indicator("7")
	assert.NotEmpty(t, market.AppliesIf)
}
