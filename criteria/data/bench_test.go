package data_test

import (
	"encoding/csv"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

// BenchmarkReadCSV reads Cà Mau-shaped rows (communes drawn by internal/gen, 78 columns), one
// row an operation, from a reader that makes them as they are read:
//
//   - reader=data: the data package's Reader — the CSV read, every cell checked and typed, the
//     unit filled, its duplicates looked for;
//   - reader=encoding_csv: encoding/csv (reusing its record) and every field parsed to its
//     typed value (Field.Parse) and the period (ParsePeriod), with nothing checked: what
//     reading costs at the least.
//
// Compare them with benchstat -col '/reader@(encoding_csv data)'.
func BenchmarkReadCSV(b *testing.B) {
	c := camauRows(b)
	b.Run("reader=data", func(b *testing.B) {
		r, err := data.NewReader(c.stream(-1), "camau.csv", data.CSV, c.rs)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if !r.Next() {
				b.Fatal(r.TakeErrors())
			}
		}
		b.StopTimer()
		if errs := r.TakeErrors(); len(errs) > 0 {
			b.Fatal(errs.Lines())
		}
	})
	b.Run("reader=encoding_csv", func(b *testing.B) {
		cr := csv.NewReader(c.stream(-1))
		cr.ReuseRecord = true
		header, err := cr.Read()
		if err != nil {
			b.Fatal(err)
		}
		fields := make([]*criteria.Field, len(header))
		period := -1
		for i, h := range header {
			fields[i], _ = c.rs.Field(h)
			if h == "period" {
				period = i
			}
		}
		vals := make([]criteria.Value, len(header))
		var p criteria.Period
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			rec, err := cr.Read()
			if err != nil {
				b.Fatal(err)
			}
			for j, s := range rec {
				switch {
				case fields[j] != nil:
					if s == "" {
						vals[j] = criteria.Value{}
						continue
					}
					if vals[j], err = fields[j].Parse(s); err != nil {
						b.Fatal(err)
					}
				case j == period:
					if p, err = criteria.ParsePeriod(s); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
		_ = p
	})
}
