package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
)

// rawBook makes a workbook by hand: one sheet whose XML sheet writes (streamed, so a sheet of
// gigabytes compresses to little).
func rawBook(t testing.TB, sheet func(w io.Writer)) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	put := func(name, body string) {
		w, err := z.Create(name)
		require.NoError(t, err)
		_, err = io.WriteString(w, body)
		require.NoError(t, err)
	}
	put("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	put("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Xã" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := z.Create("xl/worksheets/sheet1.xml")
	require.NoError(t, err)
	io.WriteString(w, `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheet(w)
	require.NoError(t, z.Close())
	return b.Bytes()
}

const headRow = `<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>region</t></is></c><c r="C1" t="inlineStr"><is><t>period</t></is></c><c r="D1" t="inlineStr"><is><t>income</t></is></c></row>`

func dataRow(r int, income string) string {
	return fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>%04d</t></is></c><c r="B%d" t="inlineStr"><is><t>north</t></is></c><c r="C%d"><v>2020</v></c><c r="D%d"><v>%s</v></c></row>`, r, r, r, r, r, r, income)
}

// peakHeap runs f and returns the largest heap in use seen while it ran (sampled).
func peakHeap(f func()) uint64 {
	inuse, _ := peakHeaps(f)
	return inuse
}

// peakHeaps runs f and samples the heap: the peak of the heap in use (live data plus garbage
// not yet collected, which grows when the collector is starved of CPU) every 5 ms, and the
// peak of the data f really holds, measured after a forced collection every 50 ms, whatever
// the load.
func peakHeaps(f func()) (inuse, live uint64) {
	runtime.GC()
	done := make(chan struct{})
	result := make(chan [2]uint64)
	go func() {
		var m runtime.MemStats
		var peak [2]uint64
		for i := 0; ; i++ {
			if i%10 == 9 {
				runtime.GC()
				runtime.ReadMemStats(&m)
				peak[1] = max(peak[1], m.HeapAlloc)
			} else {
				runtime.ReadMemStats(&m)
			}
			peak[0] = max(peak[0], m.HeapInuse)
			select {
			case <-done:
				result <- peak
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	p := <-result
	return p[0], p[1]
}

// TestHostileWorkbooks: sheets built to hurt give a positioned error or a bounded result.
func TestHostileWorkbooks(t *testing.T) {
	rs := miniRules(t)
	cases := []struct {
		name  string
		sheet func(w io.Writer)
		want  string
		units int
	}{
		{"a 64 MB text in a value", func(w io.Writer) {
			io.WriteString(w, headRow+`<row r="2"><c r="A2" t="inlineStr"><is><t>0001</t></is></c><c r="B2" t="inlineStr"><is><t>north</t></is></c><c r="C2"><v>2020</v></c><c r="D2"><v>`)
			chunk := strings.Repeat("9", 1<<20)
			for i := 0; i < 64; i++ {
				io.WriteString(w, chunk)
			}
			io.WriteString(w, `</v></c></row>`+dataRow(3, "47.5")+`</sheetData></worksheet>`)
		}, "Xã!D2 › income: the cell holds the error value (a text longer than 64 KB)", 1},
		{"a tag that never ends", func(w io.Writer) {
			io.WriteString(w, headRow+`<row r="2" `+strings.Repeat(`x="1" `, 100000))
		}, "a tag longer than 64 KB", 0},
		{"a cell never closed", func(w io.Writer) {
			io.WriteString(w, headRow+`<row r="2"><c r="A2"><v>1</v></row></sheetData></worksheet>`)
		}, "a cell is not closed", 0},
		{"rows out of order", func(w io.Writer) {
			io.WriteString(w, headRow+dataRow(3, "1")+dataRow(2, "1")+`</sheetData></worksheet>`)
		}, `row "2" of the sheet Xã is out of order`, 0}, // a broken sheet is refused whole, as a JSON file is
		{"past the row limit", func(w io.Writer) {
			io.WriteString(w, headRow+dataRow(2, "1")+dataRow(1048577, "1")+`</sheetData></worksheet>`)
		}, "the sheet has more than 1048576 rows", 0},
		{"cut short", func(w io.Writer) {
			io.WriteString(w, headRow+dataRow(2, "1")+`<row r="3"><c r="A3"`)
		}, "not valid XML", 0},
		{"entities and a CDATA section", func(w io.Writer) {
			io.WriteString(w, headRow+`<row r="2"><c r="A2" t="inlineStr"><is><t>A&amp;B&#x20;&#65;</t></is></c><c r="B2" t="inlineStr"><is><t><![CDATA[north]]></t></is></c><c r="C2"><v>2020</v></c><c r="D2"><!-- a comment --><v>4&#55;.5</v></c></row></sheetData></worksheet>`)
		}, "", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			book := rawBook(t, c.sheet)
			var units int
			var msgs []string
			peak := peakHeap(func() {
				ds := xlsx.ReadFile(fstest.MapFS{"h.xlsx": {Data: book}}, "h.xlsx", "", rs)
				units = len(ds.Units)
				for _, e := range ds.Errors {
					msgs = append(msgs, e.Error())
				}
				if c.name == "entities and a CDATA section" && len(ds.Units) == 1 {
					u := ds.Units[0]
					assert.Equal(t, "A&B A", u.Code)
					assert.Equal(t, "north", u.Region)
					v, _ := u.Values.Get("income")
					assert.Equal(t, "47.5", v.String())
				}
			})
			joined := strings.Join(msgs, "\n")
			if c.want == "" {
				assert.Empty(t, msgs)
			} else {
				assert.Contains(t, joined, c.want)
			}
			assert.Equal(t, c.units, units, joined)
			assert.Less(t, peak, uint64(48<<20), "the heap stays bounded: %d MB", peak>>20)
		})
	}
}

// TestHostileWorkbookAtTheRowLimit reads a sheet of 1,048,576 rows, a spreadsheet's limit (behind
// NTM_HEAVY): every row is a unit, in bounded memory.
func TestHostileWorkbookAtTheRowLimit(t *testing.T) {
	if os.Getenv("NTM_HEAVY") == "" {
		t.Skip("a sheet of 1,048,576 rows: set NTM_HEAVY=1 to run it (.ci/run does)")
	}
	rs := miniRules(t)
	book := rawBook(t, func(w io.Writer) {
		io.WriteString(w, headRow)
		for r := 2; r <= xlsx.MaxRows; r++ {
			io.WriteString(w, dataRow(r, "47.5"))
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	t.Logf("workbook: %d bytes", len(book))
	start := time.Now()
	n := 0
	peak, live := peakHeaps(func() {
		r, err := xlsx.Open(fstest.MapFS{"big.xlsx": {Data: book}}, "big.xlsx", "", rs)
		require.NoError(t, err)
		for r.Next() {
			n++
		}
		c := r.Counts()
		assert.Equal(t, c.Rows, c.Accepted+c.Rejected)
		r.Close()
	})
	t.Logf("%d rows in %v, peak heap in use %d MB, peak live heap %d MB", n, time.Since(start), peak>>20, live>>20)
	assert.Equal(t, xlsx.MaxRows-1, n)
	// What the reader holds (with the 17 MB workbook itself) is bounded tightly; the heap in
	// use also counts garbage awaiting collection, 97 MB on an idle machine and 133 MB with
	// other tests running beside it, so its bound leaves room for a loaded machine.
	assert.Less(t, live, uint64(64<<20), "live heap %d MB", live>>20)
	assert.Less(t, peak, uint64(192<<20), "heap in use %d MB", peak>>20)
}

// TestFormatsAsShown: a cell formatted as a percentage reads as the percentage it shows, a
// code shown with its zeros keeps them, a row of formulas never computed is a row (with its
// errors), and a value far past the header is not dropped.
func TestFormatsAsShown(t *testing.T) {
	rs, err := criteria.Load(os.DirFS("../testdata"), "data/rules.yaml")
	require.NoError(t, err)
	book := build(t, "Xã", [][]any{
		{"code", "region", "period", "poor_rate"},
		{123, "north", 2020, 0.03},
		{"=A2", "=B2", "=C2", "=D2"},
	}, func(f *excelize.File) {
		pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		require.NoError(t, err)
		require.NoError(t, f.SetCellStyle("Xã", "D2", "D2", pct))
		code := "00000"
		zeros, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		require.NoError(t, err)
		require.NoError(t, f.SetCellStyle("Xã", "A2", "A2", zeros))
		require.NoError(t, f.SetCellValue("Xã", "XFD2", 1)) // far past the header
	})
	ds := xlsx.ReadFile(fstest.MapFS{"f.xlsx": {Data: book}}, "f.xlsx", "", rs)
	var msgs []string
	for _, e := range ds.Errors {
		msgs = append(msgs, e.Error())
	}
	joined := strings.Join(msgs, "\n")
	assert.Equal(t, 2, ds.Rows, "the row of formulas is a row: %s", joined)
	assert.Contains(t, joined, `f.xlsx:2:4097: Xã!FAO2: a value ("1 at Xã!XFD2") in a column the header does not name`)
	assert.Contains(t, joined, "Xã!A3 › code: no code")
	// Without the stray cell, 00123 and 3 %.
	book = build(t, "Xã", [][]any{{"code", "region", "period", "poor_rate"}, {123, "north", 2020, 0.03}}, func(f *excelize.File) {
		pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
		require.NoError(t, f.SetCellStyle("Xã", "D2", "D2", pct))
		code := "00000"
		zeros, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		require.NoError(t, f.SetCellStyle("Xã", "A2", "A2", zeros))
	})
	ds = xlsx.ReadFile(fstest.MapFS{"f.xlsx": {Data: book}}, "f.xlsx", "", rs)
	require.NoError(t, ds.Err())
	require.Len(t, ds.Units, 1)
	assert.Equal(t, "00123", ds.Units[0].Code)
	v, _ := ds.Units[0].Values.Get("poor_rate")
	assert.Equal(t, "3", v.String(), "3 % is 3, not 0.03")
}

// TestOverlappingMerges: ranges a spreadsheet never makes, overlapping on every row, are
// refused at the first row they cover, not applied row after row.
func TestOverlappingMerges(t *testing.T) {
	rs := miniRules(t)
	var merges strings.Builder
	for i := 0; i < 2000; i++ {
		merges.WriteString(`<mergeCell ref="B2:ZZ100000"/>`)
	}
	book := rawBook(t, func(w io.Writer) {
		io.WriteString(w, headRow+dataRow(2, "1")+dataRow(3, "1")+`</sheetData><mergeCells>`+merges.String()+`</mergeCells></worksheet>`)
	})
	start := time.Now()
	ds := xlsx.ReadFile(fstest.MapFS{"m.xlsx": {Data: book}}, "m.xlsx", "", rs)
	assert.Less(t, time.Since(start), 2*time.Second)
	require.Len(t, ds.Errors, 1)
	assert.Contains(t, ds.Errors[0].Message, "merged ranges of the sheet Xã overlap in row 2")
}
