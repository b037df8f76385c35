package criteria

import (
	"math"
	"testing"
)

// TestNumberAppendText checks that AppendText writes what String writes, after what b holds,
// for every scale (normalised or not), and allocates nothing when b has room.
func TestNumberAppendText(t *testing.T) {
	coefs := []int64{0, 1, -1, 7, -7, 10, -10, 123, -123, 4720, -5005, 1000000, 999999999999999999, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	buf := make([]byte, 0, 64)
	for _, c := range coefs {
		for scale := 0; scale <= maxScale; scale++ {
			n := Number{coef: c, scale: uint8(scale)}
			got, err := n.AppendText(append(buf[:0], "x="...))
			if err != nil || string(got) != "x="+n.String() {
				t.Errorf("AppendText of %s: %q, %v", n, got, err)
			}
		}
	}
	n := NewNumber(-471234, 4)
	if a := testing.AllocsPerRun(100, func() { buf, _ = n.AppendText(buf[:0]) }); a != 0 {
		t.Errorf("AppendText allocates %v times", a)
	}
}
