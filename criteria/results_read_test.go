package criteria_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRevocationRule runs QĐ 18/2022's revocation rule, written as a condition that reads the
// criteria's results (testdata/conditions), on its cases at each boundary, and checks that the
// verdict-only path decides the condition as the explained one does, without allocating.
func TestRevocationRule(t *testing.T) {
	fsys := os.DirFS("testdata/conditions")
	rs, err := criteria.Load(fsys, "revocation.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "revocation.cases.yaml")
	require.NoError(t, err)
	require.Len(t, cf.Cases, 10)
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
		assert.Equal(t, res.Conditions[0].Status, v.Condition(0), c.Name)
	}
	u, err := cf.Unit(cf.Cases[7], rs)
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(100, func() { _ = prog.Verdicts(context.Background(), u, &v) })
	assert.Zero(t, allocs, "verdicts allocate nothing on a ruleset whose conditions read results")
}

// TestCountsAddUp: on random units, the counts a condition reads add up to the criteria, and
// match the statuses met(), not_met() and unknown() read.
func TestCountsAddUp(t *testing.T) {
	rs, err := criteria.Parse("counts.yaml", []byte(`format: ntm.rules/v1
id: test.counts
version: "1"
level: commune
title: {vi: "Đếm"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2020-01-01, until: 2020-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: "I", title: {vi: "I"}}]
fields:
  - {id: a, type: boolean, label: {vi: a}}
  - {id: b, type: boolean, label: {vi: b}}
  - {id: c, type: boolean, label: {vi: c}}
criteria:
  - {id: "1", name: {vi: "1"}, groups: ["I"], indicators: [{id: "1", name: {vi: "1"}, checks: [{measure: a, op: "==", target: {all: {value: true, confidence: verified, source: T}}}]}]}
  - {id: "2", name: {vi: "2"}, groups: ["I"], indicators: [{id: "2", name: {vi: "2"}, checks: [{measure: b, op: "==", target: {all: {value: true, confidence: verified, source: T}}}]}]}
  - {id: "3", name: {vi: "3"}, groups: ["I"], indicators: [{id: "3", name: {vi: "3"}, checks: [{measure: c, op: "==", target: {all: {value: true, confidence: verified, source: T}}}]}]}
conditions:
  - {id: add_up, kind: report, name: {vi: "cộng"}, confidence: verified, source: T,
     condition: 'criteria_met + criteria_not_met + criteria_unknown == criteria_total'}
  - {id: by_id, kind: report, name: {vi: "theo mã"}, confidence: verified, source: T,
     condition: 'count_true(met("1"), met("2"), met("3")) == criteria_met && count_true(unknown("1"), unknown("2"), unknown("3")) == criteria_unknown && count_true(not_met("1"), not_met("2"), not_met("3")) == criteria_not_met'}
`))
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		vals := rs.NewValues()
		for _, f := range []string{"a", "b", "c"} {
			switch r.IntN(3) {
			case 0:
				require.NoError(t, vals.SetString(f, "true"))
			case 1:
				require.NoError(t, vals.SetString(f, "false"))
			}
		}
		res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: vals})
		require.NoError(t, err)
		for _, c := range res.Conditions {
			assert.Equal(t, criteria.Met, c.Status, c.Indicator.ID())
		}
	}
	_, err = criteria.Parse("check.yaml", []byte(`format: ntm.rules/v1
id: test.check
version: "1"
level: commune
title: {vi: "Kiểm tra"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2020-01-01, until: 2020-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: "I", title: {vi: "I"}}]
fields: [{id: a, type: boolean, label: {vi: a}}]
criteria:
  - {id: "1", name: {vi: "1"}, groups: ["I"], indicators: [{id: "1", name: {vi: "1"}, condition: 'met("1")', confidence: verified, source: T}]}
`))
	require.Error(t, err, "a criterion's indicator cannot read results: the criteria are being decided")
	assert.Contains(t, err.Error(), "met(…) reads a criterion's status: only recognition conditions read it")
}

// TestIndicatorStatuses: conditions read each indicator's status — met, not met, unknown, not
// applicable — as the explanation reports it, on both paths, on random units; and a condition
// naming an indicator that is not one of the criteria's is refused with a suggestion.
func TestIndicatorStatuses(t *testing.T) {
	src := `format: ntm.rules/v1
id: test.ind
version: "1"
level: commune
title: {vi: "Chỉ tiêu"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2020-01-01, until: 2020-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: "I", title: {vi: "I"}}]
fields:
  - {id: a, type: boolean, label: {vi: a}}
  - {id: b, type: number, unit: ha, label: {vi: b}}
  - {id: c, type: boolean, label: {vi: c}}
criteria:
  - id: "1"
    name: {vi: "1"}
    groups: ["I"]
    indicators:
      - {id: "1.1", name: {vi: "1.1"}, checks: [{measure: a, op: "==", target: {all: {value: true, confidence: verified, source: T}}}]}
      - {id: "1.2", name: {vi: "1.2"}, applies_if: c, checks: [{measure: b, op: ">=", target: {all: {value: 5, confidence: verified, source: T}}}]}
conditions:
  - {id: m, kind: report, name: {vi: m}, confidence: verified, source: T, condition: 'indicator_met("1.2")'}
  - {id: n, kind: report, name: {vi: n}, confidence: verified, source: T, condition: 'indicator_not_met("1.2")'}
  - {id: u, kind: report, name: {vi: u}, confidence: verified, source: T, condition: 'indicator_unknown("1.2")'}
  - {id: na, kind: report, name: {vi: na}, confidence: verified, source: T, condition: 'indicator_not_applicable("1.2")'}
  - {id: one, kind: report, name: {vi: one}, confidence: verified, source: T, condition: 'indicator_met("1.1")'}
`
	rs, err := criteria.Parse("ind.yaml", []byte(src))
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 6))
	seen := map[criteria.Status]bool{}
	var v criteria.Verdicts
	for range 300 {
		vals := rs.NewValues()
		if x := r.IntN(3); x < 2 {
			require.NoError(t, vals.SetString("a", []string{"true", "false"}[x]))
		}
		if x := r.IntN(3); x < 2 {
			require.NoError(t, vals.SetString("b", []string{"4.9", "5"}[x]))
		}
		if x := r.IntN(3); x < 2 {
			require.NoError(t, vals.SetString("c", []string{"true", "false"}[x]))
		}
		u := &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: vals}
		res, err := prog.Evaluate(context.Background(), u)
		require.NoError(t, err)
		require.NoError(t, prog.Verdicts(context.Background(), u, &v))
		st := res.Criteria[0].Indicators[1].Status
		seen[st] = true
		want := map[string]criteria.Status{"m": criteria.Met, "n": criteria.NotMet, "u": criteria.Unknown, "na": criteria.NotApplicable}
		for j, id := range []string{"m", "n", "u", "na"} {
			exp := criteria.NotMet
			if st == want[id] {
				exp = criteria.Met
			}
			assert.Equal(t, exp, res.Conditions[j].Status, "%s on indicator status %s", id, st)
			assert.Equal(t, exp, v.Condition(j), "verdicts: %s", id)
		}
		exp := criteria.NotMet
		if res.Criteria[0].Indicators[0].Status == criteria.Met {
			exp = criteria.Met
		}
		assert.Equal(t, exp, res.Conditions[4].Status)
	}
	assert.Len(t, seen, 4, "the random units reach every status")

	_, err = criteria.Parse("ind.yaml", []byte(strings.Replace(src, `indicator_met("1.1")`, `indicator_met("1.3")`, 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown indicator "1.3"`)
	assert.Contains(t, err.Error(), `did you mean`)
	_, err = criteria.Parse("ind.yaml", []byte(strings.Replace(src, "applies_if: c,", `applies_if: 'indicator_met("1.1")',`, 1)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "indicator_met(…) reads an indicator's status: only recognition conditions read it")
}
