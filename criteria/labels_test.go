package criteria_test

import (
	"fmt"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
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
	assert.Equal(t, "hamlet", criteria.LevelLabel("hamlet").VI, "an unknown level is shown as it is")
}
