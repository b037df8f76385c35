package criteria_test

import (
	"fmt"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReaderLabels(t *testing.T) {
	n, err := criteria.ParseNumber("35.5191")
	assert.NoError(t, err)
	assert.Equal(t, "35,5191", criteria.NumberValue(n).Format("vi"))
	assert.Equal(t, "35.5191", criteria.NumberValue(n).Format("en"))
	assert.Equal(t, "không", criteria.BoolValue(false).Format("vi"))
	assert.Equal(t, "yes", criteria.BoolValue(true).Format("en"))
	assert.Equal(t, "chưa có số liệu", criteria.Value{}.Format("vi"), "a missing value is said to be missing, never 0")
	assert.Equal(t, "≥", criteria.OpGE.Symbol())
	assert.Equal(t, "≠", criteria.OpNE.Symbol())
	assert.Equal(t, "chưa kiểm chứng", criteria.Unverified.Label("vi"))
	assert.Equal(t, "không có", criteria.Confidence(0).Label("vi"))
	assert.Equal(t, "chưa rõ", criteria.TruthUnknown.Label("vi"))
	assert.Equal(t, "nông thôn mới nâng cao", criteria.TitleLabel("advanced").VI)
	assert.Equal(t, "đạt mọi tiêu chí, thiếu điều kiện", criteria.StandingLabel(criteria.StandingAllMet).VI)
	assert.Equal(t, "xyz", criteria.TitleLabel("xyz").VI, "an unknown title is shown as it is")
}

// A value, a comparator and a confidence as a Vietnamese reader reads them.
func ExampleValue_Format() {
	n, _ := criteria.ParseNumber("42.5")
	fmt.Println(criteria.NumberValue(n).Format("vi"), criteria.OpGE.Symbol(), criteria.BoolValue(true).Format("vi"))
	fmt.Println(criteria.Verified.Label("vi"), "/", criteria.Verified.Label("en"))
	// Output:
	// 42,5 ≥ có
	// đã kiểm chứng / verified
}

func TestLevelLabel(t *testing.T) {
	assert.Equal(t, "thị xã, thành phố", criteria.LevelLabel(criteria.LevelTown).VI)
	assert.Equal(t, "commune", criteria.LevelLabel(criteria.LevelCommune).EN)
	assert.Equal(t, "thôn, ấp", criteria.LevelLabel(criteria.LevelHamlet).VI)
	assert.Equal(t, "village", criteria.LevelLabel("village").VI, "an unknown level is shown as it is")
}

// TestRegionsOnlyTarget: a target for a region the file does not accept would never apply;
// it is an error at the cell, not a silent no-op.
func TestRegionsOnlyTarget(t *testing.T) {
	_, err := criteria.Parse("tinh-y.yaml", []byte(`format: ntm.rules/v1
id: tinh-y.xa-ntm
version: "2016-2020"
extends: vn.mttq-xa-ntm@2016-2020
title: {vi: "Tỉnh Y"}
regions_only: [tdmnpb]
override:
  - indicator: "2.2"
    reason: "thử"
    target: {dbscl: {value: 40, confidence: verified, source: "QĐ"}}
`), criteria.WithBase(rules.FS))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "tinh-y.yaml:10:14: criterion 2 › indicator 2.2 › check hardened › target › dbscl: the file accepts only units of tdmnpb (regions_only): a target for dbscl never applies; set it for tdmnpb [E-VALUE]")
}
