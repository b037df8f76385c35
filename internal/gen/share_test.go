package gen

import (
	"fmt"
	"testing"
)

// TestShare checks that a generated numerator lands on the wanted side of its target in exact
// arithmetic, wherever pos places it, including at the boundary.
func TestShare(t *testing.T) {
	cases := []struct {
		den, tH int64
		o       op
		ok      func(num, den int64) bool // the engine's comparison, in integers
	}{
		{100, 5700, atLeast, func(n, d int64) bool { return n*10000 >= 5700*d }},
		{3, 7000, atLeast, func(n, d int64) bool { return n*10000 >= 7000*d }},
		{5, 10000, atLeast, func(n, d int64) bool { return n*10000 >= 10000*d }},
		{4012, 400, atMost, func(n, d int64) bool { return n*10000 <= 400*d }},
		{610, 2050, atMost, func(n, d int64) bool { return n*10000 <= 2050*d }},
		{1250, 8000, above, func(n, d int64) bool { return n*10000 > 8000*d }},
		{1000, 8000, above, func(n, d int64) bool { return n*10000 > 8000*d }},
	}
	for _, c := range cases {
		for _, met := range []bool{true, false} {
			for _, pos := range []float64{0, 0.3, 1} {
				t.Run(fmt.Sprintf("%d/%d/%v/%v/%v", c.den, c.tH, c.o, met, pos), func(t *testing.T) {
					n, err := share(c.den, c.tH, c.o, met, 0, 100, pos)
					if err != nil {
						t.Fatal(err)
					}
					if n < 0 || n > c.den {
						t.Fatalf("numerator %d outside 0..%d", n, c.den)
					}
					if c.ok(n, c.den) != met {
						t.Fatalf("numerator %d of %d: met %v, want %v", n, c.den, !met, met)
					}
				})
			}
		}
	}
	if _, err := share(5, 10000, atMost, false, 0, 100, 0.5); err == nil {
		t.Error("no share exceeds 100 %: want an error")
	}
}

// TestFeasible checks the Gale-Ryser test on a case that fits and one that does not.
func TestFeasible(t *testing.T) {
	need := map[string]int{"a": 2, "b": 1}
	var capacity [20]int
	capacity[1], capacity[2] = 2, 1
	if !feasible([]string{"a", "b"}, func(c string) int { return need[c] }, capacity) {
		t.Error("rows 2,1 with columns 2,1 fit")
	}
	capacity[1], capacity[2] = 3, 0
	if feasible([]string{"a", "b"}, func(c string) int { return need[c] }, capacity) {
		t.Error("a row needing 2 distinct criteria cannot fit a single column")
	}
}
