package i128

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func toBig(x Int) *big.Int {
	b := new(big.Int).Lsh(new(big.Int).SetUint64(x.Hi), 64)
	b.Add(b, new(big.Int).SetUint64(x.Lo))
	if x.Neg {
		b.Neg(b)
	}
	return b
}

// TestAgainstBig checks every operation against math/big on edge values and random ones.
func TestAgainstBig(t *testing.T) {
	edges := []int64{0, 1, -1, 2, -2, 10, -10, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1, 1 << 32, -(1 << 32)}
	r := rand.New(rand.NewPCG(1, 2))
	vals := append([]int64{}, edges...)
	for range 200 {
		vals = append(vals, int64(r.Uint64()), r.Int64N(1<<20)-1<<19)
	}
	for _, a := range vals {
		x := FromInt64(a)
		if toBig(x).Int64() != a || x.IsZero() != (a == 0) {
			t.Fatalf("FromInt64(%d) = %+v", a, x)
		}
		if got, ok := x.Int64(); !ok || got != a {
			t.Fatalf("Int64 of %d = %d, %v", a, got, ok)
		}
		for _, b := range vals[:40] {
			p := Mul(a, b)
			want := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
			if toBig(p).Cmp(want) != 0 || (p.Neg && p.IsZero()) {
				t.Fatalf("Mul(%d, %d) = %v, want %v", a, b, toBig(p), want)
			}
			q := Mul(b, 3)
			sum := Add(p, q)
			if w := new(big.Int).Add(want, toBig(q)); toBig(sum).Cmp(w) != 0 || (sum.Neg && sum.IsZero()) {
				t.Fatalf("Add = %v, want %v", toBig(sum), w)
			}
			if got, w := Cmp(p, q), toBig(p).Cmp(toBig(q)); got != w {
				t.Fatalf("Cmp(%v, %v) = %d, want %d", toBig(p), toBig(q), got, w)
			}
			if b > 0 {
				quo, rem := p.QuoRem(uint64(b))
				mag := new(big.Int).Abs(want)
				wq, wr := new(big.Int).QuoRem(mag, big.NewInt(b), new(big.Int))
				if p.Neg {
					wq.Neg(wq)
				}
				if toBig(quo).Cmp(wq) != 0 || rem != wr.Uint64() {
					t.Fatalf("QuoRem(%v, %d) = %v r %d, want %v r %v", want, b, toBig(quo), rem, wq, wr)
				}
			}
		}
	}
	if _, ok := (Int{Hi: 1}).Int64(); ok {
		t.Fatal("2^64 fits no int64")
	}
	if _, ok := (Int{Lo: 1 << 63}).Int64(); ok {
		t.Fatal("2^63 fits no int64")
	}
	if v, ok := (Int{Neg: true, Lo: 1 << 63}).Int64(); !ok || v != math.MinInt64 {
		t.Fatal("-2^63 is MinInt64")
	}
}
