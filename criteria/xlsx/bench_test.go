package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
	sample "github.com/nongthonmoi/ntm/examples/data"
)

// bigWorkbook writes n rows made of the sample's rows (all its periods, so values vary as a
// province's do), each with a code of its own, as a workbook of typed cells written with the
// streaming writer, and as CSV.
func bigWorkbook(tb testing.TB, rs *criteria.Ruleset, n int) (book, csvText []byte) {
	tb.Helper()
	raw, err := sample.FS.ReadFile("camau-communes.csv")
	if err != nil {
		tb.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	ids := recs[0]
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	var c bytes.Buffer
	cw := csv.NewWriter(&c)
	_ = cw.Write(ids)
	head := make([]any, len(ids))
	for i, id := range ids {
		head[i] = id
	}
	if err := sw.SetRow("A1", head); err != nil {
		tb.Fatal(err)
	}
	row := make([]any, len(ids))
	for r := 0; r < n; r++ {
		rec := append([]string(nil), recs[1+r%(len(recs)-1)]...)
		rec[0] = fmt.Sprintf("%06d", r+1)
		for i, v := range rec {
			row[i] = v
			if v == "" {
				row[i] = nil
				continue
			}
			if fd, ok := rs.Field(ids[i]); ok {
				switch {
				case fd.Type == criteria.TypeBoolean:
					row[i] = v == "true"
				case fd.Type.Numeric():
					x, err := strconv.ParseFloat(v, 64)
					if err != nil {
						tb.Fatal(err)
					}
					row[i] = x
				}
			}
		}
		ref, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(ref, row); err != nil {
			tb.Fatal(err)
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes(), c.Bytes()
}

// handRead is the floor of reading a sheet, by hand: unzip the sheet's part and count its
// values ("<v>") as the bytes stream by. It types, checks and positions nothing.
func handRead(book []byte) int {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		panic(err)
	}
	f, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	n := 0
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte("<v>"))
		if err == io.EOF {
			return n
		}
		if err != nil {
			panic(err)
		}
	}
}

// BenchmarkReadWorkbook reads 10,000 rows of the Cà Mau fields from a workbook, against the
// same rows as CSV through the same reader, and against the bare walk of the sheet's XML.
func BenchmarkReadWorkbook(b *testing.B) {
	rs := camau(b)
	book, csvText := bigWorkbook(b, rs, 10_000)
	b.Logf("workbook %d bytes, CSV %d bytes", len(book), len(csvText))
	fsys := fstest.MapFS{"x.xlsx": {Data: book}}
	count := func(r *data.Reader) int {
		n := 0
		for r.Next() {
			n++
		}
		r.Close()
		return n
	}
	b.Run("xlsx", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(book)))
		for b.Loop() {
			r, err := xlsx.Open(fsys, "x.xlsx", "", rs)
			if err != nil {
				b.Fatal(err)
			}
			if n := count(r); n != 10_000 {
				b.Fatalf("%d units: %v", n, r.TakeErrors())
			}
		}
	})
	b.Run("csv", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(csvText)))
		for b.Loop() {
			r, err := data.NewReader(bytes.NewReader(csvText), "x.csv", data.CSV, rs)
			if err != nil {
				b.Fatal(err)
			}
			if n := count(r); n != 10_000 {
				b.Fatalf("%d units: %v", n, r.TakeErrors())
			}
		}
	})
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(book)))
		for b.Loop() {
			if handRead(book) == 0 {
				b.Fatal("no cell")
			}
		}
	})
}
