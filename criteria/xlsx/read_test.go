package xlsx_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
)

func camau(t testing.TB) *criteria.Ruleset {
	t.Helper()
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	return rs
}

// sampleWorkbook writes the sample CSV as a workbook the way an office fills one: numbers in
// number cells, yes/no in TRUE/FALSE cells, text in text cells, codes as text.
func sampleWorkbook(t testing.TB, rs *criteria.Ruleset, sheet string) ([]byte, [][]string) {
	t.Helper()
	b, err := sample.FS.ReadFile("camau-communes.csv")
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	require.NoError(t, err)
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", sheet))
	for r, rec := range recs {
		for c, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			var val any = v
			if r > 0 && v != "" {
				if fd, ok := rs.Field(recs[0][c]); ok {
					switch {
					case fd.Type == criteria.TypeBoolean:
						val = v == "true"
					case fd.Type.Numeric():
						n, err := strconv.ParseFloat(v, 64)
						require.NoError(t, err)
						val = n
					}
				}
			}
			require.NoError(t, f.SetCellValue(sheet, cell, val))
		}
	}
	var out bytes.Buffer
	require.NoError(t, f.Write(&out))
	return out.Bytes(), recs
}

// TestWorkbookReadsAsCSV: the sample, as a workbook of typed cells, reads to the same units,
// value for value, as the CSV it came from.
func TestWorkbookReadsAsCSV(t *testing.T) {
	rs := camau(t)
	book, _ := sampleWorkbook(t, rs, "Xã")
	fromCSV := data.ReadFile(sample.FS, "camau-communes.csv", rs)
	require.NoError(t, fromCSV.Err())
	fromXLSX := xlsx.ReadFile(fstest.MapFS{"xa.xlsx": {Data: book}}, "xa.xlsx", "", rs)
	require.NoError(t, fromXLSX.Err())
	require.Equal(t, len(fromCSV.Units), len(fromXLSX.Units))
	assert.Equal(t, fromCSV.Rows, fromXLSX.Rows)
	for i, a := range fromCSV.Units {
		b := fromXLSX.Units[i]
		assert.Equal(t, a.Code, b.Code)
		assert.Equal(t, a.Name, b.Name)
		assert.Equal(t, a.District, b.District)
		assert.Equal(t, a.Period, b.Period)
		assert.Equal(t, a.History, b.History)
		assert.Equal(t, "xa.xlsx:"+strconv.Itoa(i+2), b.Source)
		for _, id := range a.Values.Present() {
			va, _ := a.Values.Get(id)
			vb, ok := b.Values.Get(id)
			require.True(t, ok, "%s %s", a.Code, id)
			assert.Equal(t, va.String(), vb.String(), "%s %s", a.Code, id)
		}
		assert.Equal(t, a.Values.Present(), b.Values.Present(), a.Code)
	}
}

// build makes a one-sheet workbook from rows of cell values (nil: no cell; "=…": a formula
// with no saved value).
func build(t *testing.T, sheet string, rows [][]any, setup func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetName("Sheet1", sheet))
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if s, ok := v.(string); ok && strings.HasPrefix(s, "=") {
				require.NoError(t, f.SetCellFormula(sheet, cell, s[1:]))
				continue
			}
			require.NoError(t, f.SetCellValue(sheet, cell, v))
		}
	}
	if setup != nil {
		setup(f)
	}
	var out bytes.Buffer
	require.NoError(t, f.Write(&out))
	return out.Bytes()
}

func miniRules(t *testing.T) *criteria.Ruleset {
	t.Helper()
	rs, err := criteria.Load(os.DirFS("../testdata/mini"), "base.yaml")
	require.NoError(t, err)
	return rs
}

// TestWorkbookCells: what each kind of cell reads as, and where a problem is said to be.
func TestWorkbookCells(t *testing.T) {
	rs := miniRules(t)
	head := []any{"code", "name", "region", "period", "households_total", "income", "has_market_in_plan", "debt"}
	book := build(t, "Xã", [][]any{
		{"# bảng số liệu thử"}, // a comment before the header
		head,
		{"# một ghi chú"},
		{"001", "Một", "north", 2020, 120, 47.5, true, 0},         // typed cells
		{"002", "Hai", "north", "2020", "120", "47.5", "có", "0"}, // numbers as text
		nil, // an empty row
		{"003", "Ba", "north", 2020, 120, 0.1 + 0.2, false, "=1/0"}, // float noise; a formula never computed
		{"004", "Bốn", "north", 2020, "một trăm", 47.5, true, 0},    // text in a number column
		{"005", "Năm", "north", 2020, 120, 47.5, true, 0, "thừa"},   // a value past the header
	}, func(f *excelize.File) {
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // a date
		require.NoError(t, err)
		require.NoError(t, f.SetCellValue("Xã", "D10", 43921)) // 2020-03-31, as a date
		require.NoError(t, f.SetCellStyle("Xã", "D10", "D10", style))
		for c, v := range []any{"006", "Sáu", "north"} {
			cell, _ := excelize.CoordinatesToCellName(c+1, 10)
			require.NoError(t, f.SetCellValue("Xã", cell, v))
		}
	})
	ds := xlsx.ReadFile(fstest.MapFS{"x.xlsx": {Data: book}}, "x.xlsx", "Xã", rs)
	var msgs []string
	for _, e := range ds.Errors {
		msgs = append(msgs, e.Error())
	}
	t.Log(strings.Join(msgs, "\n"))
	require.Len(t, ds.Units, 3, "001, 002, 003")
	assert.Equal(t, 6, ds.Rows, "six data rows: the blank row and comments are no rows")
	assert.Equal(t, 3, ds.Rejected, "004 (text in a number column), 005 (a value past the header), 006 (a date for a period)")

	get := func(u *criteria.Unit, id string) string { v, _ := u.Values.Get(id); return v.String() }
	one, two, three := ds.Units[0], ds.Units[1], ds.Units[2]
	assert.Equal(t, "001", one.Code)
	assert.Equal(t, "47.5", get(one, "income"))
	assert.Equal(t, "true", get(one, "has_market_in_plan"))
	assert.Equal(t, "47.5", get(two, "income"), "a number written as text reads as the number")
	assert.Equal(t, "true", get(two, "has_market_in_plan"), "có is yes")
	assert.Equal(t, "0.3", get(three, "income"), "0.1+0.2 is 0.3 to a spreadsheet's 15 digits")
	debt, _ := three.Values.Get("debt")
	assert.True(t, debt.IsMissing(), "a formula never computed is missing, never 0")

	want := []string{
		`x.xlsx:7:8: Xã!H7 › debt: the formula has no saved value: it is read as empty (open and save the workbook in a spreadsheet to compute it) [W-DATA]`,
		`x.xlsx:8:5: Xã!E8 › households_total: field "households_total" (count): "một trăm" is not a whole number`,
		`x.xlsx:10:4: Xã!D10 › period: period "2020-03-31": expected a year such as 2020`,
		`x.xlsx:9:9: Xã!I9: a value ("thừa") in a column the header does not name`,
	}
	for _, w := range want {
		found := false
		for _, m := range msgs {
			found = found || strings.HasPrefix(m, w)
		}
		assert.True(t, found, "want %q", w)
	}
}

// TestBadWorkbooks: what is not a workbook, or not the sheet asked for, is one error that
// says what to do, never a panic.
func TestBadWorkbooks(t *testing.T) {
	rs := miniRules(t)
	good := build(t, "Xã", [][]any{{"code", "region", "period"}, {"1", "north", 2020}}, nil)
	zipNoBook := func() []byte {
		var b bytes.Buffer
		f := excelize.NewFile()
		require.NoError(t, f.Write(&b))
		return b.Bytes()[:200]
	}()
	cases := []struct {
		name, sheet string
		body        []byte
		want        string
	}{
		{"not a zip", "", []byte("code,region,period\n1,north,2020\n"), "not an .xlsx workbook"},
		{"password", "", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), "password-protected, or an old .xls"},
		{"cut short", "", zipNoBook, "not an .xlsx workbook"},
		{"no such sheet", "Huyện", good, `the workbook has no sheet "Huyện": its sheets are "Xã"`},
		{"empty", "", []byte{}, "not an .xlsx workbook"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := xlsx.ReadFile(fstest.MapFS{"b.xlsx": {Data: c.body}}, "b.xlsx", c.sheet, rs)
			require.Len(t, ds.Errors, 1)
			assert.Contains(t, ds.Errors[0].Error(), c.want)
			assert.Equal(t, "b.xlsx", ds.Errors[0].File)
			assert.Empty(t, ds.Units)
		})
	}
	ds := xlsx.ReadFile(fstest.MapFS{"b.xlsx": {Data: good}}, "b.xlsx", "Xã", rs)
	require.NoError(t, ds.Err())
	assert.Len(t, ds.Units, 1)
}

// TestMergedCells: a group heading merged over its columns above the header, a header cell
// merged down two rows, and a value merged down over the rows it belongs to (a district over
// its communes) read as a person sees them.
func TestMergedCells(t *testing.T) {
	rs := miniRules(t)
	book := build(t, "Xã", [][]any{
		{"code", "Đơn vị", nil, "Số liệu", nil},
		{nil, "region", "period", "income", "debt"},
		{"001", "north", 2020, 40, 0},
		{"002", nil, nil, 45.5, 1},
		{"003", nil, nil, 50, 2},
	}, func(f *excelize.File) {
		for _, r := range [][2]string{{"A1", "A2"}, {"B1", "C1"}, {"D1", "E1"}, {"B3", "B5"}, {"C3", "C5"}} {
			require.NoError(t, f.MergeCell("Xã", r[0], r[1]))
		}
	})
	ds := xlsx.ReadFile(fstest.MapFS{"m.xlsx": {Data: book}}, "m.xlsx", "", rs)
	require.NoError(t, ds.Err())
	require.Len(t, ds.Units, 3)
	for _, u := range ds.Units {
		assert.Equal(t, "north", u.Region, u.Code)
		assert.Equal(t, 2020, u.Period.Year, u.Code)
	}
	v, _ := ds.Units[1].Values.Get("income")
	assert.Equal(t, "45.5", v.String())
}
