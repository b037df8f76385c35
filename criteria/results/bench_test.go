package results_test

import (
	"encoding/json"
	"testing"

	"github.com/nongthonmoi/ntm/criteria/results"
)

// BenchmarkWriteV2 writes one unit per operation in ntm.results/v2 (JSON, compact), the
// sample's 492 results cycled, to a writer that discards them.
func BenchmarkWriteV2(b *testing.B) {
	prog, units := camau(b)
	rs := explainAll(b, prog, units)
	out := &counting{}
	w := results.NewWriter(out, prog, results.JSON)
	n := 0
	for b.Loop() {
		if err := w.Write(rs[n%len(rs)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(out.n)/float64(n), "bytes/unit")
}

// BenchmarkWriteV1 writes one unit per operation in ntm.result/v1, with json.Marshal of the
// Result, the same results cycled.
func BenchmarkWriteV1(b *testing.B) {
	prog, units := camau(b)
	rs := explainAll(b, prog, units)
	out := &counting{}
	n := 0
	for b.Loop() {
		data, err := json.Marshal(rs[n%len(rs)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := out.Write(data); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(out.n)/float64(n), "bytes/unit")
}
