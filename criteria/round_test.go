package criteria

import "testing"

// TestRoundHugeCoefficients: rounding and dividing numbers whose scaled terms overflow int64
// give the right digits and never recurse.
func TestRoundHugeCoefficients(t *testing.T) {
	for _, c := range []struct {
		n      Number
		places int
		want   string
	}{
		{NewNumber(999999999999999999, 3), 2, "1000000000000000"},
		{NewNumber(999999999999999994, 3), 2, "999999999999999.99"},
		{NewNumber(-999999999999999999, 3), 2, "-1000000000000000"},
		{NewNumber(123456789012345678, 18), 4, "0.1235"},
		{NewNumber(15, 1), 0, "2"},
		{NewNumber(-15, 1), 0, "-2"},
	} {
		if got := c.n.Round(c.places).String(); got != c.want {
			t.Errorf("%s.Round(%d) = %s, want %s", c.n, c.places, got, c.want)
		}
	}
	if got := divRound(NewNumber(999999999999999999, 0), NewNumber(3, 18), 4).String(); got != "9223372036854775807" {
		t.Errorf("a quotient beyond the numbers saturates: got %s", got)
	}
	if got := divRound(NewNumber(999999999999999999, 0), NewNumber(6, 0), 4).String(); got != "166666666666666666.5" {
		t.Errorf("a quotient with too many digits keeps fewer decimals: got %s", got)
	}
}
