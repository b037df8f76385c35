package data_test

import (
	"runtime"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

// TestReaderMemory reads 200 000 Cà Mau-shaped rows made on the fly (the file is never held)
// and checks that the live heap does not grow with the rows read: after 200 000 rows it is at
// most 16 MB more than after 20 000 (the table of the codes read keeps at most 32 bytes a
// unit), though one unit in 1 000 is kept. It takes about a second; -short reads 2 000 →
// 20 000 rows.
func TestReaderMemory(t *testing.T) {
	from, to := 20000, 200000
	if testing.Short() {
		from, to = 2000, 20000
	}
	c := camauRows(t)
	r, err := data.NewReader(c.stream(to), "camau.csv", data.CSV, c.rs)
	if err != nil {
		t.Fatal(err)
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var at uint64
	var kept []*criteria.Unit // one unit in 1 000, kept: it holds its own row, not those around it
	n := 0
	for r.Next() {
		n++
		if n%1000 == 0 {
			kept = append(kept, r.Unit().Clone())
		}
		if n == from {
			at = heap()
		}
	}
	end := heap()
	runtime.KeepAlive(r)
	runtime.KeepAlive(kept)
	if errs := r.TakeErrors(); len(errs) > 0 {
		t.Fatal(errs.Lines())
	}
	if n != to {
		t.Fatalf("%d units read, want %d", n, to)
	}
	t.Logf("live heap after %d rows: %.1f MB; after %d rows: %.1f MB", from, float64(at)/(1<<20), to, float64(end)/(1<<20))
	if end > at+16<<20 {
		t.Errorf("the live heap grew by %.1f MB from %d to %d rows", (float64(end)-float64(at))/(1<<20), from, to)
	}
}
