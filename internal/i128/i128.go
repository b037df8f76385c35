// Package i128 is signed 128-bit integer arithmetic, kept as a sign and a magnitude: the exact
// intermediate products of the rules engine's fractions and of scoring's comparisons, which
// must never wrap around or be rounded.
package i128

import (
	"math"
	"math/bits"
)

// Int is a signed 128-bit integer: a sign and the magnitude Hi·2⁶⁴ + Lo. Zero is never
// negative.
type Int struct {
	Neg    bool
	Hi, Lo uint64
}

// FromInt64 returns a as an Int.
func FromInt64(a int64) Int { return Int{Neg: a < 0, Lo: abs(a)} }

// Mul returns a·b exactly.
func Mul(a, b int64) Int {
	hi, lo := bits.Mul64(abs(a), abs(b))
	return Int{Neg: (a < 0) != (b < 0) && (hi|lo) != 0, Hi: hi, Lo: lo}
}

// Add returns x + y for numbers of at most 127 bits of magnitude each, so the sum cannot
// leave 128 bits.
func Add(x, y Int) Int {
	if x.Neg == y.Neg {
		lo, c := bits.Add64(x.Lo, y.Lo, 0)
		hi, _ := bits.Add64(x.Hi, y.Hi, c)
		return Int{Neg: x.Neg, Hi: hi, Lo: lo}
	}
	if cmpMag(x, y) < 0 {
		x, y = y, x
	}
	lo, b := bits.Sub64(x.Lo, y.Lo, 0)
	hi, _ := bits.Sub64(x.Hi, y.Hi, b)
	return Int{Neg: x.Neg && (hi|lo) != 0, Hi: hi, Lo: lo}
}

// Cmp returns -1, 0 or +1 as x is less than, equal to or greater than y.
func Cmp(x, y Int) int {
	switch {
	case x.Neg && !y.Neg:
		return -1
	case !x.Neg && y.Neg:
		return 1
	case x.Neg:
		return -cmpMag(x, y)
	}
	return cmpMag(x, y)
}

// IsZero reports whether x is 0.
func (x Int) IsZero() bool { return x.Hi|x.Lo == 0 }

// Int64 returns x when it fits 64 bits.
func (x Int) Int64() (int64, bool) {
	if x.Hi != 0 {
		return 0, false
	}
	if x.Neg {
		if x.Lo > 1<<63 {
			return 0, false
		}
		return -int64(x.Lo-1) - 1, true
	}
	if x.Lo > math.MaxInt64 {
		return 0, false
	}
	return int64(x.Lo), true
}

// QuoRem divides the magnitude of x by d ≠ 0, truncating toward zero; the remainder is that of
// the magnitude.
func (x Int) QuoRem(d uint64) (q Int, r uint64) {
	qh, rh := x.Hi/d, x.Hi%d
	ql, r := bits.Div64(rh, x.Lo, d)
	return Int{Neg: x.Neg && (qh|ql) != 0, Hi: qh, Lo: ql}, r
}

// cmpMag compares the magnitudes of x and y.
func cmpMag(x, y Int) int {
	switch {
	case x.Hi != y.Hi:
		if x.Hi < y.Hi {
			return -1
		}
		return 1
	case x.Lo != y.Lo:
		if x.Lo < y.Lo {
			return -1
		}
		return 1
	}
	return 0
}

// abs returns |a|, MinInt64 included.
func abs(a int64) uint64 {
	if a < 0 {
		return uint64(-(a + 1)) + 1
	}
	return uint64(a)
}
