package lineage

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"io/fs"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
)

// BenchmarkReadVietnam2025 reads the whole country's lineage (10,667 links), against the floor:
// the same CSV parsed by encoding/csv and indexed by old and new code, nothing checked.
func BenchmarkReadVietnam2025(b *testing.B) {
	raw, err := fs.ReadFile(shipped, "vn/sap-xep-2025.csv")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("lineage.Read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r, err := Read(shipped, "vn/sap-xep-2025.yaml")
			if err != nil || len(r.links) != 10667 {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cr := csv.NewReader(bytes.NewReader(raw))
			from, to := map[string][]int{}, map[string][]int{}
			n := 0
			for {
				rec, err := cr.Read()
				if err == io.EOF {
					break
				}
				from[rec[1]] = append(from[rec[1]], n)
				to[rec[5]] = append(to[rec[5]], n)
				n++
			}
			if n != 10668 {
				b.Fatal(n)
			}
		}
	})
}

// BenchmarkAcross sets the 82 old Cà Mau communes beside two periods of the 39 new units,
// against the floor: a plain count of the recognised new communes of each period.
func BenchmarkAcross(b *testing.B) {
	r, err := Vietnam2025()
	if err != nil {
		b.Fatal(err)
	}
	var before []*criteria.Result
	for i, u := range r.OldUnits(criteria.LevelCommune, "96") {
		if u.Kind == KindCommune {
			before = append(before, res(u.Code, criteria.Period{Year: 2020}, i%2 == 0))
		}
	}
	var after [][]*criteria.Result
	for _, y := range []int{2025, 2026} {
		var rs []*criteria.Result
		for i, u := range r.NewUnits(criteria.LevelCommune, "96") {
			if r.Predecessors(u.Code)[0].From.Province == "96" {
				rs = append(rs, res(u.Code, criteria.Period{Year: y}, i%3 == 0))
			}
		}
		after = append(after, rs)
	}
	b.Run("Across", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, err := r.Across(context.Background(), Input{Province: "96", Before: before, After: after})
			if err != nil || len(a.New) != 64 {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, rs := range after {
				for _, x := range rs {
					if u, _ := r.New(x.Unit.Code); u.Kind == KindCommune && x.Recognised() {
						n++
					}
				}
			}
			if n == 0 {
				b.Fatal(n)
			}
		}
	})
}
