package criteria_test

import (
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFieldParseTooManyDigits: a number written well but with more digits than a Number keeps
// exactly is refused for that reason, not called "not a number".
func TestFieldParseTooManyDigits(t *testing.T) {
	rs, _ := loadMini(t, "mini/base.yaml")
	f, ok := rs.Field("income")
	require.True(t, ok)
	for _, tt := range []struct{ text, why string }{
		{"1234567890123456789", "more than 18 significant digits"},
		{"-0.1234567890123456789", "more than 18 digits after the decimal point"},
	} {
		_, err := f.Parse(tt.text)
		require.Error(t, err)
		assert.Equal(t, `field "income" (number): "`+tt.text+`" has too many digits (`+tt.why+`): a number is kept exactly with at most 18 significant digits, at most 18 of them after the point`, criteria.Errors(err)[0].Message)
	}
	v, err := f.Parse("123456789012345678")
	require.NoError(t, err)
	assert.Equal(t, "123456789012345678", v.String())
	_, err = f.Parse("12a")
	assert.ErrorContains(t, err, `"12a" is not a number with a decimal point`)
}
