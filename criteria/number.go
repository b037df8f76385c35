package criteria

import (
	"cmp"
	"errors"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// Number is an exact decimal number: a 64-bit coefficient scaled by a power of ten.
// 47.2 is stored as 472 scaled by 10¹, never as a binary float, so no rounding artefact can
// decide a verdict. The zero value is 0.
type Number struct {
	coef  int64
	scale uint8 // value = coef / 10^scale, scale ≤ maxScale
}

const maxScale = 18

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// NewNumber returns coef × 10^-scale. A scale outside 0…18 is clamped by rounding.
func NewNumber(coef int64, scale int) Number {
	for scale > maxScale {
		coef /= 10
		scale--
	}
	for scale < 0 {
		c, ok := mul64(coef, 10)
		if !ok {
			break
		}
		coef = c
		scale++
	}
	if scale < 0 {
		scale = 0
	}
	return Number{coef: coef, scale: uint8(scale)}.normal()
}

// IntNumber returns the whole number i.
func IntNumber(i int64) Number { return Number{coef: i} }

// normal strips trailing zeros of the fraction, so equal numbers have equal representations.
func (n Number) normal() Number {
	for n.scale > 0 && n.coef%10 == 0 {
		n.coef /= 10
		n.scale--
	}
	if n.coef == 0 {
		n.scale = 0
	}
	return n
}

var errNumberSyntax = errors.New("not a decimal number")

// ParseNumber reads a decimal number written with a point: "47", "-3.5", "0.125".
// Exponents, thousands separators and decimal commas are rejected: a number must never
// be guessed. At most 18 digits are allowed after the point and the number must fit in
// 18 significant digits.
func ParseNumber(s string) (Number, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Number{}, errNumberSyntax
	}
	neg := false
	switch t[0] {
	case '-':
		neg = true
		t = t[1:]
	case '+':
		t = t[1:]
	}
	intPart, frac, hasPoint := strings.Cut(t, ".")
	if intPart == "" && frac == "" || hasPoint && frac == "" && intPart == "" {
		return Number{}, errNumberSyntax
	}
	if hasPoint && frac == "" {
		return Number{}, errNumberSyntax
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return Number{}, errNumberSyntax
			}
		}
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > maxScale {
		return Number{}, errors.New("more than 18 digits after the decimal point")
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	if len(digits) > 18 {
		return Number{}, errors.New("more than 18 significant digits")
	}
	var c int64
	if digits != "" {
		v, err := strconv.ParseInt(digits, 10, 64)
		if err != nil {
			return Number{}, errNumberSyntax
		}
		c = v
	}
	if neg {
		c = -c
	}
	return Number{coef: c, scale: uint8(len(frac))}.normal(), nil
}

// String writes the number in plain decimal notation without trailing zeros.
func (n Number) String() string {
	if n.scale == 0 {
		return strconv.FormatInt(n.coef, 10)
	}
	neg := n.coef < 0
	var u uint64
	if neg {
		u = uint64(-(n.coef + 1)) + 1
	} else {
		u = uint64(n.coef)
	}
	s := strconv.FormatUint(u, 10)
	if len(s) <= int(n.scale) {
		s = strings.Repeat("0", int(n.scale)-len(s)+1) + s
	}
	cut := len(s) - int(n.scale)
	out := s[:cut] + "." + s[cut:]
	if neg {
		return "-" + out
	}
	return out
}

// Sign returns -1, 0 or +1.
func (n Number) Sign() int {
	switch {
	case n.coef < 0:
		return -1
	case n.coef > 0:
		return 1
	}
	return 0
}

// IsInteger reports whether the number has no fractional part.
func (n Number) IsInteger() bool { return n.normal().scale == 0 }

// Int64 returns the integer part of the number.
func (n Number) Int64() int64 { return n.coef / pow10[n.scale] }

// Float64 returns the nearest binary float; use it for display or expressions, never for verdicts.
func (n Number) Float64() float64 {
	f, _ := strconv.ParseFloat(n.String(), 64)
	return f
}

// Cmp compares two numbers exactly: -1 if n < m, 0 if equal, +1 if n > m.
func (n Number) Cmp(m Number) int {
	if n.scale == m.scale {
		return cmp.Compare(n.coef, m.coef)
	}
	s := max(n.scale, m.scale)
	a, ok1 := rescale(n.coef, s-n.scale)
	b, ok2 := rescale(m.coef, s-m.scale)
	if ok1 && ok2 {
		return cmp.Compare(a, b)
	}
	return n.rat().Cmp(m.rat())
}

// Equal reports whether two numbers are equal.
func (n Number) Equal(m Number) bool { return n.Cmp(m) == 0 }

// Sub returns n − m, exactly when it fits, otherwise rounded to 18 significant digits.
func (n Number) Sub(m Number) Number { return n.Add(Number{coef: -m.coef, scale: m.scale}) }

// Add returns n + m, exactly when it fits, otherwise rounded.
func (n Number) Add(m Number) Number {
	s := max(n.scale, m.scale)
	a, ok1 := rescale(n.coef, s-n.scale)
	b, ok2 := rescale(m.coef, s-m.scale)
	if ok1 && ok2 {
		sum := a + b
		if (a >= 0) == (b >= 0) && (sum >= 0) != (a >= 0) {
			return numberFromRat(new(big.Rat).Add(n.rat(), m.rat()))
		}
		return Number{coef: sum, scale: s}.normal()
	}
	return numberFromRat(new(big.Rat).Add(n.rat(), m.rat()))
}

// addNum returns a + b exactly, reporting false when the sum does not fit a Number.
func addNum(a, b Number) (Number, bool) {
	s := max(a.scale, b.scale)
	x, ok1 := rescale(a.coef, s-a.scale)
	y, ok2 := rescale(b.coef, s-b.scale)
	if !ok1 || !ok2 {
		return Number{}, false
	}
	sum := x + y
	if (x >= 0) == (y >= 0) && (sum >= 0) != (x >= 0) {
		return Number{}, false
	}
	return Number{coef: sum, scale: s}.normal(), true
}

// Mul returns n × m, exactly when it fits, otherwise rounded.
func (n Number) Mul(m Number) Number {
	if p, ok := mulNum(n, m); ok {
		return p
	}
	return numberFromRat(new(big.Rat).Mul(n.rat(), m.rat()))
}

// Abs returns |n|.
func (n Number) Abs() Number {
	if n.coef < 0 {
		return Number{coef: -n.coef, scale: n.scale}
	}
	return n
}

// Round returns n rounded half away from zero to the given number of decimal places.
func (n Number) Round(places int) Number {
	if places < 0 {
		places = 0
	}
	if int(n.scale) <= places {
		return n
	}
	// Dividing the coefficient by a power of ten cannot overflow.
	div := pow10[int(n.scale)-places]
	q, r := n.coef/div, n.coef%div
	if absU(r)*2 >= uint64(div) {
		if n.coef < 0 {
			q--
		} else {
			q++
		}
	}
	return Number{coef: q, scale: uint8(places)}.normal()
}

// AppendText appends the number to b as String writes it (encoding.TextAppender): a writer of
// many numbers formats them with no allocation once b has room.
func (n Number) AppendText(b []byte) ([]byte, error) {
	neg := n.coef < 0
	var u uint64
	if neg {
		u = uint64(-(n.coef + 1)) + 1
		b = append(b, '-')
	} else {
		u = uint64(n.coef)
	}
	var digits [24]byte
	d := strconv.AppendUint(digits[:0], u, 10)
	if n.scale == 0 {
		return append(b, d...), nil
	}
	if cut := len(d) - int(n.scale); cut > 0 {
		b = append(b, d[:cut]...)
		b = append(b, '.')
		return append(b, d[cut:]...), nil
	}
	b = append(b, '0', '.')
	for i := len(d); i < int(n.scale); i++ {
		b = append(b, '0')
	}
	return append(b, d...), nil
}

// MarshalJSON writes the number as a JSON number literal, exactly.
func (n Number) MarshalJSON() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalJSON reads a JSON number (or a string holding one) exactly.
func (n *Number) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := ParseNumber(s)
	if err != nil {
		return err
	}
	*n = v
	return nil
}

func (n Number) rat() *big.Rat {
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n.scale)), nil)
	return new(big.Rat).SetFrac(big.NewInt(n.coef), den)
}

// numberFromRat rounds a rational to the nearest Number with up to 9 decimal places.
func numberFromRat(r *big.Rat) Number {
	s := r.FloatString(9)
	n, err := ParseNumber(s)
	if err != nil {
		f, _ := r.Float64()
		return numberFromFloat(f)
	}
	return n
}

// numberFromFloat converts the result of an expression to a Number rounded to 9 decimal
// places (fewer for very large magnitudes), so binary noise such as 0.1+0.2 = 0.30000000000000004
// never decides a verdict. It reports false for NaN and infinities.
func numberFromFloat(f float64) Number {
	n, _ := floatNumber(f)
	return n
}

func floatNumber(f float64) (Number, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Number{}, false
	}
	for places := 9; places >= 0; places-- {
		n, err := ParseNumber(strconv.FormatFloat(f, 'f', places, 64))
		if err == nil {
			return n, true
		}
	}
	return Number{}, false
}

// mul64 multiplies two int64 values, reporting false on overflow.
func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	neg := (a < 0) != (b < 0)
	ua, ub := absU(a), absU(b)
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 {
		return 0, false
	}
	if neg {
		if lo > 1<<63 {
			return 0, false
		}
		return -int64(lo-1) - 1, true
	}
	if lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

func absU(a int64) uint64 {
	if a < 0 {
		return uint64(-(a + 1)) + 1
	}
	return uint64(a)
}

func rescale(c int64, by uint8) (int64, bool) {
	if by == 0 {
		return c, true
	}
	if int(by) >= len(pow10) {
		return 0, c == 0
	}
	return mul64(c, pow10[by])
}

func mulNum(a, b Number) (Number, bool) {
	c, ok := mul64(a.coef, b.coef)
	if !ok {
		return Number{}, false
	}
	s := int(a.scale) + int(b.scale)
	for s > maxScale {
		if c%10 != 0 {
			return Number{}, false
		}
		c /= 10
		s--
	}
	return Number{coef: c, scale: uint8(s)}, true
}

// cmpFrac compares num/den with t exactly; den must not be zero.
func cmpFrac(num, den, t Number) int {
	if den.scale == 0 && den.coef == 1 {
		return num.Cmp(t)
	}
	if p, ok := mulNum(t, den); ok {
		c := num.Cmp(p)
		if den.coef < 0 {
			c = -c
		}
		return c
	}
	q := new(big.Rat).Quo(num.rat(), den.rat())
	return q.Cmp(t.rat())
}

// divRound returns num/den rounded half away from zero to places decimals; den ≠ 0.
func divRound(num, den Number, places int) Number {
	if places > 9 {
		places = 9
	}
	// num/den = num.coef·10^den.scale / (den.coef·10^num.scale)
	n, ok1 := rescale(num.coef, den.scale+uint8(places))
	d, ok2 := rescale(den.coef, num.scale)
	if ok1 && ok2 && d != 0 {
		q, r := n/d, n%d
		if r != 0 && absU(r) >= absU(d)-absU(r) {
			if (n < 0) != (d < 0) {
				q--
			} else {
				q++
			}
		}
		return Number{coef: q, scale: uint8(places)}.normal()
	}
	return bigDivRound(num, den, places)
}

// bigDivRound is divRound in big integers, for quotients whose scaled terms overflow int64:
// the quotient rounded half away from zero at places decimals, or at fewer when its digits do
// not fit, saturated at the largest number when even its whole part does not.
func bigDivRound(num, den Number, places int) Number {
	if den.coef == 0 {
		return Number{}
	}
	for ; places >= 0; places-- {
		n := new(big.Int).Mul(big.NewInt(num.coef), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(den.scale)+int64(places)), nil))
		d := new(big.Int).Mul(big.NewInt(den.coef), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(num.scale)), nil))
		q, r := new(big.Int).QuoRem(n, d, new(big.Int))
		if new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2)).Cmp(new(big.Int).Abs(d)) >= 0 {
			if (n.Sign() < 0) != (d.Sign() < 0) {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
		if q.IsInt64() {
			return Number{coef: q.Int64(), scale: uint8(places)}.normal()
		}
	}
	if (num.coef < 0) != (den.coef < 0) {
		return Number{coef: math.MinInt64 + 1}
	}
	return Number{coef: math.MaxInt64}
}
