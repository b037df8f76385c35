package criteria

import (
	"cmp"
	"math"
	"math/bits"
	"strconv"

	"github.com/nongthonmoi/ntm/internal/i128"
)

// rat is an exact rational p/q of 64-bit integers, kept in lowest terms with q > 0. Every
// Number is one (47.2 is 236/5), and the sum, difference, product and quotient of two rats is
// one again when it fits 64 bits; the operations below report false when it does not, so an
// expression's value is exact or out of range, never rounded or wrapped around.
type rat struct {
	p, q int64
}

func ratInt(i int64) rat { return rat{p: i, q: 1} }

// ratOf returns the number n as a rat; every Number fits (its scale is at most 18).
func ratOf(n Number) rat {
	if n.scale == 0 {
		return rat{p: n.coef, q: 1}
	}
	q := pow10[n.scale]
	g := gcd64(absU(n.coef), uint64(q))
	return rat{p: quoU(n.coef, g), q: q / int64(g)}
}

// gcd64 is the greatest common divisor, with gcd(0, b) = b.
func gcd64(a, b uint64) uint64 {
	if a == 0 {
		return b
	}
	if b == 0 {
		return a
	}
	shift := bits.TrailingZeros64(a | b)
	a >>= bits.TrailingZeros64(a)
	for b != 0 {
		b >>= bits.TrailingZeros64(b)
		if a > b {
			a, b = b, a
		}
		b -= a
	}
	return a << shift
}

// quoU divides x by a divisor g of |x| (g ≥ 1), including g = 2⁶³ for x = MinInt64.
func quoU(x int64, g uint64) int64 {
	if g > math.MaxInt64 {
		if x == math.MinInt64 {
			return 1
		}
		return 0
	}
	return x / int64(g)
}

func add64(a, b int64) (int64, bool) {
	s := a + b
	return s, (a >= 0) != (b >= 0) || (s >= 0) == (a >= 0)
}

func sub64(a, b int64) (int64, bool) {
	d := a - b
	return d, (a >= 0) == (b >= 0) || (d >= 0) == (a >= 0)
}

// cmpRat compares a and b exactly.
func cmpRat(a, b rat) int {
	if a.q == b.q {
		return cmp.Compare(a.p, b.p)
	}
	return i128.Cmp(i128.Mul(a.p, b.q), i128.Mul(b.p, a.q))
}

func addRat(a, b rat) (rat, bool) { return sumRat(a, b, false) }

func subRat(a, b rat) (rat, bool) { return sumRat(a, b, true) }

func negRat(a rat) (rat, bool) {
	if a.p == math.MinInt64 {
		return rat{}, false
	}
	return rat{p: -a.p, q: a.q}, true
}

// sumRat returns a + b, or a - b when minus is set.
func sumRat(a, b rat, minus bool) (rat, bool) {
	if a.q == 1 && b.q == 1 {
		if minus {
			d, ok := sub64(a.p, b.p)
			return rat{p: d, q: 1}, ok
		}
		s, ok := add64(a.p, b.p)
		return rat{p: s, q: 1}, ok
	}
	// Knuth, TAOCP 4.5.1: with g = gcd(qa, qb), t = pa·(qb/g) ± pb·(qa/g) and g2 = gcd(t, g),
	// the result in lowest terms is (t/g2) / ((qa/g)·(qb/g2)). t takes 128 bits, so only a
	// result that does not fit fails.
	g := gcd64(uint64(a.q), uint64(b.q))
	aq, bq := a.q/int64(g), b.q/int64(g)
	y := i128.Mul(b.p, aq)
	if minus && !y.IsZero() {
		y.Neg = !y.Neg
	}
	t := i128.Add(i128.Mul(a.p, bq), y)
	if t.IsZero() {
		return rat{q: 1}, true
	}
	_, r := t.QuoRem(g)
	g2 := gcd64(r, g)
	n, _ := t.QuoRem(g2)
	p, ok1 := n.Int64()
	q, ok2 := mul64(aq, b.q/int64(g2))
	return rat{p: p, q: q}, ok1 && ok2
}

func mulRat(a, b rat) (rat, bool) {
	if a.p == 0 || b.p == 0 {
		return rat{q: 1}, true
	}
	g1 := gcd64(absU(a.p), uint64(b.q))
	g2 := gcd64(absU(b.p), uint64(a.q))
	p, ok1 := mul64(quoU(a.p, g1), quoU(b.p, g2))
	q, ok2 := mul64(a.q/int64(g2), b.q/int64(g1))
	return rat{p: p, q: q}, ok1 && ok2
}

// quoRat returns a/b; b must not be zero.
func quoRat(a, b rat) (rat, bool) {
	if a.p == 0 {
		return rat{q: 1}, true
	}
	g1 := gcd64(absU(a.p), absU(b.p))
	g2 := gcd64(uint64(a.q), uint64(b.q))
	p, ok1 := mul64(quoU(a.p, g1), b.q/int64(g2))
	q, ok2 := mul64(a.q/int64(g2), quoU(b.p, g1))
	if !ok1 || !ok2 {
		return rat{}, false
	}
	if q < 0 {
		if p == math.MinInt64 || q == math.MinInt64 {
			return rat{}, false
		}
		p, q = -p, -q
	}
	return rat{p: p, q: q}, true
}

// decimal returns r as a Number when its denominator divides a power of ten up to 10¹⁸ and
// the result has at most maxDigits digits.
func (r rat) decimal() (Number, bool) {
	if r.q == 1 {
		if r.p > exprMaxMag || r.p < -exprMaxMag {
			return Number{}, false
		}
		return Number{coef: r.p}, true
	}
	q := uint64(r.q)
	twos := bits.TrailingZeros64(q)
	q >>= uint(twos)
	fives := 0
	for q%5 == 0 {
		q /= 5
		fives++
	}
	k := max(twos, fives)
	if q != 1 || k > maxScale {
		return Number{}, false
	}
	c, ok := mul64(r.p, pow10[k]/r.q)
	if !ok || c > exprMaxMag || c < -exprMaxMag {
		return Number{}, false
	}
	return Number{coef: c, scale: uint8(k)}.normal(), true
}

// round returns r rounded half away from zero to at most places decimals, fewer when more
// would not fit maxDigits digits; it never allocates.
func (r rat) round(places int) Number {
	for ; places >= 0; places-- {
		x := i128.Mul(r.p, pow10[places])
		q, rem := x.QuoRem(uint64(r.q))
		if rem >= uint64(r.q)-rem {
			q = i128.Add(q, i128.Int{Neg: x.Neg, Lo: 1})
		}
		if c, ok := q.Int64(); ok && c <= exprMaxMag && c >= -exprMaxMag {
			return Number{coef: c, scale: uint8(places)}.normal()
		}
	}
	return Number{}
}

// String writes r as a decimal when it has one, else as p/q.
func (r rat) String() string {
	if n, ok := r.decimal(); ok {
		return n.String()
	}
	if r.q == 1 {
		return strconv.FormatInt(r.p, 10)
	}
	return strconv.FormatInt(r.p, 10) + "/" + strconv.FormatInt(r.q, 10)
}

// exprMaxMag is the largest magnitude of an expression's value: maxDigits nines.
const exprMaxMag = 999_999_999_999_999_999
