package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlanCosts: with --costs the plan states its rule, lists the indicators it may not take,
// never takes one, and its costs add up; a bad table is refused at its lines.
func TestPlanCosts(t *testing.T) {
	code, out, errs := ntm(t, "plan", "--costs", "testdata/plan/chi-phi.csv", "--threshold", "19", "--steps", "4")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Cách chọn: mỗi bước chọn chỉ tiêu có giá trong bảng chi phí testdata/plan/chi-phi.csv")
	assert.Contains(t, out, "Chỉ tiêu còn thiếu nhưng không có giá (không chọn): 1.1, 1.2, 2.3")
	assert.Regexp(t, `(?m)^ +1  17\.1 .* 30 / điểm % +1023,08  32173$`, out, "the step shows the table's price with its unit")

	code, js, errs := ntm(t, "plan", "--costs", "testdata/plan/chi-phi.csv", "--threshold", "19", "--steps", "4", "--format", "json")
	require.Equal(t, 0, code, errs)
	var doc struct {
		Rule     string
		Cost     json.Number
		Unpriced []string
		Steps    []struct {
			Indicator string
			Cost      json.Number
		}
	}
	require.NoError(t, json.Unmarshal([]byte(js), &doc))
	assert.Contains(t, doc.Rule, "greedy by cost")
	priced := map[string]bool{"2.1": true, "2.2": true, "17.1": true, "10": true, "11": true}
	require.NotEmpty(t, doc.Steps)
	sum := 0.0
	for _, s := range doc.Steps {
		assert.True(t, priced[s.Indicator], "step %s is not priced", s.Indicator)
		f, err := s.Cost.Float64()
		require.NoError(t, err)
		sum += f
	}
	total, err := doc.Cost.Float64()
	require.NoError(t, err)
	assert.InDelta(t, sum, total, 1e-6)
	for _, u := range doc.Unpriced {
		assert.False(t, priced[u])
	}

	code, _, errs = ntm(t, "plan", "--costs", "testdata/plan/none.csv")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--costs")
}

// TestPlanCostUnknown: an indicator whose cost is not known for some unit (a check of it has no
// data) is never taken, however cheap it would look, and is named; the stop is explained.
func TestPlanCostUnknown(t *testing.T) {
	code, out, errs := ntm(t, "plan", "testdata/plan/thieu-so-lieu.csv", "--costs", "testdata/plan/chi-phi-2.csv", "--steps", "3")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Chỉ tiêu có đơn vị chưa rõ chi phí vì thiếu số liệu (không chọn): 17.1")
	assert.NotRegexp(t, `(?m)^ +\d+  17\.1 `, out)
	assert.Contains(t, out, "Tổng chi phí các bước (theo đơn vị tiền của bảng chi phí): 745,11")
	assert.Contains(t, out, "kế hoạch dừng ở số bước tối đa (--steps)")
}
