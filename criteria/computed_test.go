package criteria_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const computedRules = `format: ntm.rules/v1
id: test.computed
version: "1"
level: commune
title: {vi: "Giá trị tính"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2020-01-01, until: 2020-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: "I", title: {vi: "I"}}]
fields:
  - {id: roads_total, type: number, unit: km, label: {vi: "Tổng km đường"}}
  - {id: roads_paved, type: number, unit: km, label: {vi: "Km đường đã cứng hóa"}}
  - {id: lanes_clean, type: boolean, label: {vi: "Ngõ xóm sạch"}}
  - id: paved_share
    type: number
    label: {vi: "Tỷ lệ km đã cứng hóa"}
    unit: "%"
    from: {expr: "roads_paved * 100 / roads_total"}
  - id: transport_index
    type: number
    label: {vi: "Chỉ số giao thông"}
    unit: "điểm"
    from: {expr: "(lanes_clean ? 20 : 0) + paved_share * 0.8"}
criteria:
  - id: "1"
    name: {vi: "Giao thông"}
    groups: ["I"]
    indicators:
      - {id: "1.1", name: {vi: "Tỷ lệ cứng hóa"}, checks: [{measure: paved_share, op: ">=", target: {all: {value: 50, confidence: verified, source: T}}}]}
      - {id: "1.2", name: {vi: "Chỉ số"}, checks: [{measure: transport_index, op: ">=", target: {all: {value: 60, confidence: verified, source: T}}}]}
conditions:
  - {id: strong, kind: report, name: {vi: "Giao thông tốt"}, confidence: verified, source: T, condition: "transport_index >= 80 && paved_share >= 75"}
`

// TestComputedValues: a value computed once from fields and other computed values is read by
// checks and conditions alike; a missing input makes it unknown, never zero; a value read
// before it is computed, or of the wrong type, is refused when the file loads.
func TestComputedValues(t *testing.T) {
	rs, err := criteria.Parse("computed.yaml", []byte(computedRules))
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	eval := func(total, paved, clean string) *criteria.Result {
		t.Helper()
		vals := rs.NewValues()
		for id, s := range map[string]string{"roads_total": total, "roads_paved": paved, "lanes_clean": clean} {
			if s != "" {
				require.NoError(t, vals.SetString(id, s))
			}
		}
		res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: vals})
		require.NoError(t, err)
		return res
	}
	r := eval("40", "32", "true") // 80 %; index 20 + 64 = 84
	assert.Equal(t, "80", r.Criteria[0].Indicators[0].Checks[0].Value.String())
	assert.Equal(t, "84", r.Criteria[0].Indicators[1].Checks[0].Value.String())
	assert.Equal(t, criteria.Met, r.Conditions[0].Status)
	r = eval("40", "20", "false") // 50 %; index 40
	assert.Equal(t, criteria.Met, r.Criteria[0].Indicators[0].Status)
	assert.Equal(t, criteria.NotMet, r.Criteria[0].Indicators[1].Status)
	r = eval("40", "", "true") // paved missing: both computed values unknown
	assert.Equal(t, criteria.Unknown, r.Criteria[0].Indicators[0].Status)
	assert.Equal(t, criteria.Unknown, r.Criteria[0].Indicators[1].Status, "a missing input is never zero")
	assert.Equal(t, criteria.Unknown, r.Conditions[0].Status)

	var v criteria.Verdicts
	vals := rs.NewValues()
	_ = vals.SetString("roads_total", "40")
	_ = vals.SetString("roads_paved", "32")
	_ = vals.SetString("lanes_clean", "true")
	u := &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: vals}
	require.NoError(t, prog.Verdicts(context.Background(), u, &v))
	assert.Equal(t, criteria.Met, v.Criterion(0))
	assert.Zero(t, testing.AllocsPerRun(50, func() { _ = prog.Verdicts(context.Background(), u, &v) }))

	late := strings.Replace(computedRules, "(lanes_clean ? 20 : 0) + paved_share * 0.8", "paved_share + transport_index", 1)
	_, err = criteria.Parse("computed.yaml", []byte(late))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "computed.yaml:23:18: field transport_index › from › expr: transport_index reads transport_index, which is declared after it (or is itself)")
	wrong := strings.Replace(computedRules, `"roads_paved * 100 / roads_total"`, `"roads_paved > roads_total"`, 1)
	_, err = criteria.Parse("computed.yaml", []byte(wrong))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the expression is boolean; the field is number")
}

// TestComputedExplained: an explanation shows each computed value with the inputs it read; a
// check on a computed value whose input is missing names that input (what the unit must
// supply), and one that cannot be computed says why.
func TestComputedExplained(t *testing.T) {
	rs, err := criteria.Parse("computed.yaml", []byte(computedRules))
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	eval := func(total, paved, clean string) *criteria.Result {
		t.Helper()
		vals := rs.NewValues()
		for id, s := range map[string]string{"roads_total": total, "roads_paved": paved, "lanes_clean": clean} {
			if s != "" {
				require.NoError(t, vals.SetString(id, s))
			}
		}
		res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: vals})
		require.NoError(t, err)
		return res
	}
	r := eval("40", "32", "true")
	cv := r.Computed()
	require.Len(t, cv, 2)
	assert.Equal(t, "paved_share", cv[0].ID)
	assert.Equal(t, "Tỷ lệ km đã cứng hóa", cv[0].Label.VI)
	assert.Equal(t, "80", cv[0].Value.String())
	require.Len(t, cv[0].Inputs, 2)
	assert.Equal(t, "roads_paved=32 roads_total=40", cv[0].Inputs[0].ID+"="+cv[0].Inputs[0].Value.String()+" "+cv[0].Inputs[1].ID+"="+cv[0].Inputs[1].Value.String())
	assert.Equal(t, "84", cv[1].Value.String())
	assert.Equal(t, []string{"lanes_clean", "paved_share"}, []string{cv[1].Inputs[0].ID, cv[1].Inputs[1].ID})

	r = eval("40", "", "")
	assert.Equal(t, []string{"roads_paved"}, r.Criteria[0].Indicators[0].Checks[0].Missing, "the input the unit must supply, not the computed value")
	assert.Equal(t, []string{"lanes_clean", "roads_paved"}, r.Criteria[0].Indicators[1].Checks[0].Missing)
	assert.Equal(t, []string{"roads_paved", "lanes_clean"}, r.MissingFields(), "each once, in the order the checks read them")
	assert.True(t, r.Computed()[0].Value.IsMissing())

	r = eval("0", "0", "true")
	c := r.Criteria[0].Indicators[0].Checks[0]
	assert.Equal(t, criteria.Unknown, c.Status)
	assert.Empty(t, c.Missing, "nothing is missing from the data")
	assert.Contains(t, c.Reason, "paved_share cannot be computed: ")

	empty, err := criteria.Parse("x.yaml", []byte(strings.Replace(strings.Replace(computedRules,
		"    from: {expr: \"roads_paved * 100 / roads_total\"}\n", "", 1), "    from: {expr: \"(lanes_clean ? 20 : 0) + paved_share * 0.8\"}\n", "", 1)))
	require.NoError(t, err, lines(err))
	ep, err := empty.Compile()
	require.NoError(t, err)
	res, err := ep.Evaluate(context.Background(), &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: empty.NewValues()})
	require.NoError(t, err)
	assert.Nil(t, res.Computed(), "a ruleset without computed values has none")
}

// TestComputedJSON: the JSON result lists the computed values with their inputs.
func TestComputedJSON(t *testing.T) {
	rs, err := criteria.Parse("computed.yaml", []byte(computedRules))
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	vals := rs.NewValues()
	require.NoError(t, vals.SetString("roads_total", "40"))
	require.NoError(t, vals.SetString("roads_paved", "32"))
	res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: vals})
	require.NoError(t, err)
	js, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"computed":[{"id":"paved_share","label":{"vi":"Tỷ lệ km đã cứng hóa"},"unit":"%","value":80,"inputs":[{"id":"roads_paved","value":32},{"id":"roads_total","value":40}]},{"id":"transport_index"`)
	assert.Contains(t, string(js), `"value":null,"inputs":[{"id":"lanes_clean","value":null},{"id":"paved_share","value":80}]`)
}

// TestComputedUncomputedCondition: a condition on a computed value that cannot be computed says
// why, and lists no data as missing.
func TestComputedUncomputedCondition(t *testing.T) {
	rs, err := criteria.Parse("computed.yaml", []byte(computedRules))
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	vals := rs.NewValues()
	for id, s := range map[string]string{"roads_total": "0", "roads_paved": "0", "lanes_clean": "true"} {
		require.NoError(t, vals.SetString(id, s))
	}
	res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: vals})
	require.NoError(t, err)
	c := res.Conditions[0].Checks[0]
	assert.Equal(t, criteria.Unknown, c.Status)
	assert.Empty(t, c.Missing)
	assert.Contains(t, c.Reason, "cannot be computed: ")
	assert.Empty(t, res.MissingFields())
}
