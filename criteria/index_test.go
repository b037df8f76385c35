package criteria_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIndexCases runs the synthetic village index (twelve scored indicators, three
// sub-indices, five classes, a missing-value policy each) and the star rating with its capping
// gate on their cases: every class boundary, computed independently with exact fractions.
func TestIndexCases(t *testing.T) {
	fsys := os.DirFS("testdata/indices")
	for _, c := range []struct {
		rules, cases string
		n            int
	}{{"village.yaml", "village.cases.yaml", 15}, {"stars.yaml", "stars.cases.yaml", 14}} {
		rs, err := criteria.Load(fsys, c.rules)
		require.NoError(t, err, lines(err))
		prog, err := rs.Compile()
		require.NoError(t, err)
		cf, err := criteria.LoadCases(fsys, c.cases)
		require.NoError(t, err)
		require.Len(t, cf.Cases, c.n)
		for _, r := range cf.Run(context.Background(), prog) {
			assert.True(t, r.Passed(), "%s: %v %v", r.Case.Name, r.Err, r.Failures)
		}
	}
}

// TestIndexExplained: a result shows each score with the step it reached, each index with its
// value, class, and what the missing-value policy did; a cap says why it lowered the class.
func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// TestIndexRounding: the printed value follows the declared digits and mode; the class is
// decided on the exact value, not the printed one.
func TestIndexRounding(t *testing.T) {
	src := func(mode string) string {
		return `format: ntm.rules/v1
id: test.round
version: "1"
level: commune
title: {vi: "Làm tròn"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2024-01-01, until: 2024-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
fields:
  - {id: x, type: number, unit: "điểm", label: {vi: "x"}}
  - {id: y, type: number, unit: "điểm", label: {vi: "y"}}
indices:
  - id: m
    name: {vi: "Trung bình"}
    method: mean
    inputs: [{field: x}, {field: y}]
    round: {digits: 1, mode: ` + mode + `}
    classes:
      - {id: lo, name: {vi: "Dưới"}}
      - {id: hi, name: {vi: "Trên"}, above: 0.25}
`
	}
	for _, c := range []struct {
		mode, x, y, want, class string
	}{
		{"half_up", "0.2", "0.3", "0.3", "lo"}, // 0.25 exactly: printed 0.3, class decided on 0.25 (not above)
		{"half_even", "0.2", "0.3", "0.2", "lo"},
		{"half_even", "0.3", "0.4", "0.4", "hi"},
		{"down", "0.2", "0.38", "0.2", "hi"}, // 0.29
		{"half_up", "-0.2", "-0.3", "-0.3", "lo"},
		{"down", "-0.2", "-0.38", "-0.2", "lo"},
	} {
		rs, err := criteria.Parse("r.yaml", []byte(src(c.mode)))
		require.NoError(t, err, lines(err))
		prog, err := rs.Compile()
		require.NoError(t, err)
		v := rs.NewValues()
		require.NoError(t, v.SetString("x", c.x))
		require.NoError(t, v.SetString("y", c.y))
		res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "u", Region: "vn", Period: criteria.Period{Year: 2024}, Values: v})
		require.NoError(t, err)
		m, _ := res.Index("m")
		assert.Equal(t, c.want, m.Value.String(), "%s of (%s, %s)", c.mode, c.x, c.y)
		assert.Equal(t, c.class, m.Class, "%s of (%s, %s)", c.mode, c.x, c.y)
	}
}

func TestIndexExplained(t *testing.T) {
	fsys := os.DirFS("testdata/indices")
	rs, err := criteria.Load(fsys, "village.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "village.cases.yaml")
	require.NoError(t, err)
	var policyCase *criteria.Case
	for _, c := range cf.Cases {
		if c.Name == "income unknown: economy counts it as the lowest score, 1" {
			policyCase = c
		}
	}
	require.NotNil(t, policyCase)
	u, err := cf.Unit(policyCase, rs)
	require.NoError(t, err)
	res, err := prog.Evaluate(context.Background(), u)
	require.NoError(t, err)
	require.Len(t, res.Scores, 12)
	require.Len(t, res.Indices, 4)
	s, ok := res.Score("s_clinic")
	require.True(t, ok)
	assert.True(t, s.Known)
	assert.Equal(t, "1", s.Min.String())
	assert.Equal(t, "5", s.Max.String())
	assert.Positive(t, s.Step)
	inc, _ := res.Score("s_income")
	assert.False(t, inc.Known)
	assert.Equal(t, []string{"income"}, inc.Missing)
	eco, _ := res.Index("economy")
	assert.True(t, eco.Known)
	assert.Equal(t, []string{"s_income"}, eco.Missing)
	require.Len(t, eco.Policy, 1)
	assert.Equal(t, criteria.Policy{Input: "s_income", Action: "lowest", Value: criteria.IntNumber(1)}, eco.Policy[0])
	vdi, _ := res.Index("vdi")
	assert.True(t, vdi.Known)
	num, den := vdi.Exact()
	assert.Positive(t, den)
	assert.Equal(t, int64(1), gcd(num, den), "in lowest terms")
	assert.Zero(t, 300%den, "a mean of three sums over 20 and 25 is a multiple of 1/300")

	stars, err := criteria.Load(fsys, "stars.yaml")
	require.NoError(t, err)
	sp, err := stars.Compile()
	require.NoError(t, err)
	v := stars.NewValues()
	require.NoError(t, v.SetString("points", "95"))
	require.NoError(t, v.SetString("food_safety_test", "false"))
	res, err = sp.Evaluate(context.Background(), &criteria.Unit{Code: "p", Region: "vn", Period: criteria.Period{Year: 2024}, Values: v})
	require.NoError(t, err)
	st, _ := res.Index("stars")
	assert.Equal(t, "2", st.Class)
	v2 := stars.NewValues()
	require.NoError(t, v2.SetString("points", "95"))
	r2, err := sp.Evaluate(context.Background(), &criteria.Unit{Code: "q", Region: "vn", Period: criteria.Period{Year: 2024}, Values: v2})
	require.NoError(t, err)
	s2, _ := r2.Index("stars")
	assert.Equal(t, "", s2.Class, "95 points, the test not reported: the cap cannot be decided")
	assert.Equal(t, []string{"food_safety_test"}, s2.Missing, "what the cap needs is listed as missing")
	assert.Contains(t, s2.Why.VI, "chưa rõ có áp dụng giới hạn xếp loại không")
	assert.Equal(t, "2 sao", st.ClassName.VI)
	assert.Equal(t, "chưa qua kiểm nghiệm an toàn thực phẩm: tối đa 2 sao", st.Capped.VI)
}

// TestIndexJSONSchema: results with scores, indices, a policy and a cap follow
// docs/result.schema.json, and carry the values a reader needs.
func TestIndexJSONSchema(t *testing.T) {
	var schema map[string]any
	data, err := os.ReadFile("../docs/result.schema.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &schema))
	defs := schema["$defs"].(map[string]any)
	fsys := os.DirFS("testdata/indices")
	for _, c := range []struct{ rules, cases string }{{"village.yaml", "village.cases.yaml"}, {"stars.yaml", "stars.cases.yaml"}} {
		rs, err := criteria.Load(fsys, c.rules)
		require.NoError(t, err)
		prog, err := rs.Compile()
		require.NoError(t, err)
		cf, err := criteria.LoadCases(fsys, c.cases)
		require.NoError(t, err)
		var all []string
		for _, k := range cf.Cases {
			u, err := cf.Unit(k, rs)
			require.NoError(t, err)
			res, err := prog.Evaluate(context.Background(), u)
			require.NoError(t, err)
			b, err := json.Marshal(res)
			require.NoError(t, err)
			all = append(all, string(b))
			var doc any
			require.NoError(t, json.Unmarshal(b, &doc))
			for _, e := range validate(defs["result"].(map[string]any), doc, "$", defs) {
				t.Errorf("%s: %s", k.Name, e)
			}
		}
		joined := strings.Join(all, "\n")
		switch c.rules {
		case "village.yaml":
			assert.Contains(t, joined, `"policy":[{"input":"s_income","action":"lowest","value":1}]`)
			assert.Contains(t, joined, `"policy":[{"input":"s_enrolment","action":"excluded"}]`)
			assert.Contains(t, joined, `{"id":"vdi","name":{"vi":"Chỉ số phát triển thôn","en":"Village development index"},"value":0.4,"class":"low"`)
		default:
			assert.Contains(t, joined, `"class":"2","class_name":{"vi":"2 sao","en":"2 stars"},"capped":{"vi":"chưa qua kiểm nghiệm an toàn thực phẩm: tối đa 2 sao"`)
			assert.Contains(t, joined, `"value":null,"class":null,"missing":["points"]`)
		}
	}
}
