package scoring

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Ratio is an exact quotient Num/Den, kept unevaluated so that comparisons stay exact: a
// district's average points, a share of communes, an average of criteria per commune. A commune's
// total is a Ratio with Den 1. Den 0 means "undefined" (a share of no units); it sorts below
// every defined value.
type Ratio struct {
	Num decimal.Decimal
	Den int64
}

// IntRatio returns the whole number n as a Ratio.
func IntRatio(n int64) Ratio { return Ratio{Num: decimal.NewFromInt(n), Den: 1} }

// DecimalRatio returns the decimal d as a Ratio.
func DecimalRatio(d decimal.Decimal) Ratio { return Ratio{Num: d, Den: 1} }

// NewRatio returns num/den.
func NewRatio(num decimal.Decimal, den int64) Ratio { return Ratio{Num: num, Den: den} }

// countRatio returns n/of.
func countRatio(n, of int) Ratio { return Ratio{Num: decimal.NewFromInt(int64(n)), Den: int64(of)} }

// Defined reports whether the denominator is not zero.
func (r Ratio) Defined() bool { return r.Den != 0 }

// Cmp compares two ratios exactly: -1, 0 or +1. Undefined ratios are equal to each other and
// below every defined one.
func (r Ratio) Cmp(s Ratio) int {
	switch {
	case r.Den == 0 && s.Den == 0:
		return 0
	case r.Den == 0:
		return -1
	case s.Den == 0:
		return 1
	case r.Den == s.Den:
		return r.Num.Cmp(s.Num)
	}
	return r.Num.Mul(decimal.NewFromInt(s.Den)).Cmp(s.Num.Mul(decimal.NewFromInt(r.Den)))
}

// CmpDecimal compares the ratio with a decimal exactly (an undefined ratio is below it).
func (r Ratio) CmpDecimal(d decimal.Decimal) int {
	switch r.Den {
	case 0:
		return -1
	case 1:
		return r.Num.Cmp(d)
	}
	return r.Num.Cmp(d.Mul(decimal.NewFromInt(r.Den)))
}

// Exact returns the quotient as a decimal when it is a finite decimal (the denominator has no
// prime factor other than 2 and 5), and false otherwise or when undefined.
func (r Ratio) Exact() (decimal.Decimal, bool) {
	if r.Den == 0 {
		return decimal.Zero, false
	}
	if r.Den == 1 {
		return r.Num, true
	}
	d := r.Den
	if d < 0 {
		d = -d
	}
	twos, fives := int32(0), int32(0)
	for d%2 == 0 {
		d /= 2
		twos++
	}
	for d%5 == 0 {
		d /= 5
		fives++
	}
	if d != 1 {
		return decimal.Zero, false
	}
	places := max(twos, fives)
	if e := r.Num.Exponent(); e < 0 {
		places -= e
	}
	return r.Num.DivRound(decimal.NewFromInt(r.Den), places), true
}

// Round returns the quotient rounded to places decimals, half away from zero (0 when undefined).
func (r Ratio) Round(places int32) decimal.Decimal {
	if r.Den == 0 {
		return decimal.Zero
	}
	if r.Den == 1 {
		return r.Num.Round(places)
	}
	return r.Num.DivRound(decimal.NewFromInt(r.Den), places)
}

// Percent returns the quotient as a percentage rounded to places decimals (0 when undefined).
func (r Ratio) Percent(places int32) decimal.Decimal {
	return Ratio{Num: r.Num.Mul(decimal.NewFromInt(100)), Den: r.Den}.Round(places)
}

// String writes the quotient exactly when it is a finite decimal of at most 4 places, and
// rounded to 2 places otherwise; "n/a" when undefined.
func (r Ratio) String() string {
	if r.Den == 0 {
		return "n/a"
	}
	return decString(r.display())
}

// display returns the value written in JSON and tables: exact when it is a finite decimal of at
// most 4 places, else rounded to 2 places.
func (r Ratio) display() decimal.Decimal {
	if d, ok := r.exactShort(); ok {
		return d
	}
	return r.Round(2)
}

// exactShort returns the quotient when it is a finite decimal of at most 4 places.
func (r Ratio) exactShort() (decimal.Decimal, bool) {
	d, ok := r.Exact()
	if !ok {
		return d, false
	}
	s := decString(d)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > 4 {
		return d, false
	}
	return d, true
}

// Rounded reports whether String and the JSON documents show the quotient rounded (to 2
// places) rather than exactly.
func (r Ratio) Rounded() bool {
	if !r.Defined() {
		return false
	}
	_, ok := r.exactShort()
	return !ok
}

// FormatDecimal writes a decimal as the JSON documents write their numbers: in plain notation,
// without trailing zeros ("87.5", "-3", "0"), whatever the decimal package's global formatting
// settings are. Tables written from the reports (package scoring/report) use it so that their
// cells read the same as the JSON.
func FormatDecimal(d decimal.Decimal) string { return decString(d) }

// decString writes a decimal in plain notation without trailing zeros ("87.5", "-3", "0"),
// whatever the decimal package's global formatting settings are.
func decString(d decimal.Decimal) string {
	places := int32(0)
	if e := d.Exponent(); e < 0 {
		places = -e
	}
	s := d.StringFixed(places)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
