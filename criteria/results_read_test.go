package criteria_test

import (
	"context"
	"math/rand/v2"
	"os"
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
