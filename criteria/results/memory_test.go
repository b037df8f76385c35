package results_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/results"
)

// counting discards what it is given and counts it.
type counting struct{ n int64 }

func (c *counting) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestMemoryBounded writes 50,000 units, the sample's rows over and over, evaluated into one
// reused Result, and checks that the heap does not grow with the number of units: after
// 50,000 it is at most 4 MB above what it was after 5,000.
func TestMemoryBounded(t *testing.T) {
	prog, units := camau(t)
	for _, enc := range []results.Encoding{results.JSON, results.JSONLines} {
		t.Run(enc.String(), func(t *testing.T) {
			out := &counting{}
			w := results.NewWriter(out, prog, enc)
			var res criteria.Result
			var at5k uint64
			for i := range 50000 {
				if err := prog.Explain(context.Background(), units[i%len(units)], &res); err != nil {
					t.Fatal(err)
				}
				if err := w.Write(&res); err != nil {
					t.Fatal(err)
				}
				if i+1 == 5000 {
					at5k = heapAlloc()
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			at50k := heapAlloc()
			t.Logf("heap after 5,000 units %d bytes, after 50,000 %d bytes; %d bytes written", at5k, at50k, out.n)
			if at50k > at5k+4<<20 {
				t.Errorf("the heap grew from %d to %d bytes between 5,000 and 50,000 units", at5k, at50k)
			}
			if out.n < 50000*2000 {
				t.Errorf("only %d bytes written", out.n)
			}
			runtime.KeepAlive(w)
		})
	}
}
