package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
)

// results decodes evaluate --format json, each unit without its source (the file and row
// differ between a CSV and a workbook).
func unitsOf(t *testing.T, out string) []map[string]any {
	t.Helper()
	var doc struct {
		Units []map[string]any `json:"units"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	for _, u := range doc.Units {
		delete(u["unit"].(map[string]any), "source")
	}
	return doc.Units
}

// TestTemplateWorkbookRoundTrip: ntm template --format xlsx, filled in cell by cell with the
// sample's 2020 rows, evaluates to the same results as the sample's CSV.
func TestTemplateWorkbookRoundTrip(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "mau.xlsx")
	code, _, errs := ntm(t, "template", "--format", "xlsx", "--out", tpl)
	require.Equal(t, 0, code, errs)

	rs, err := criteria.Load(rules.FS, defaultRules)
	require.NoError(t, err)
	ids, _ := rs.Header()
	f, err := excelize.OpenFile(tpl)
	require.NoError(t, err)
	sheet := f.GetSheetList()[0]
	ds := data.ReadFile(sample.FS, sampleData, rs)
	require.NoError(t, ds.Err())
	row := 4
	for _, u := range ds.Units {
		if u.Period != (criteria.Period{Year: 2020}) {
			continue
		}
		for c, id := range ids {
			ref, _ := excelize.CoordinatesToCellName(c+1, row)
			var v any
			switch id {
			case "code":
				v = u.Code
			case "name":
				v = u.Name
			case "district":
				v = u.District
			case "region":
				v = u.Region
			case "period":
				v = 2020
			case "history":
				var parts []string
				for _, h := range u.History {
					parts = append(parts, h.Level+"@"+strconv.Itoa(h.Year))
				}
				if len(parts) > 0 {
					v = joinSemi(parts)
				}
			default:
				x, ok := u.Values.Get(id)
				if !ok || x.IsMissing() {
					continue
				}
				if b, ok := x.Bool(); ok {
					v = b
				} else if n, ok := x.Number(); ok {
					v = n.Float64()
				} else {
					v = x.String()
				}
			}
			if v != nil {
				require.NoError(t, f.SetCellValue(sheet, ref, v))
			}
		}
		row++
	}
	filled := filepath.Join(dir, "so-lieu.xlsx")
	require.NoError(t, f.SaveAs(filled))
	require.NoError(t, f.Close())

	code, fromBook, errs := ntm(t, "evaluate", "--format", "json", "--data", filled)
	require.Equal(t, 0, code, errs)
	code, fromCSV, errs := ntm(t, "evaluate", "--format", "json", "--period", "2020", "--data", sampleCSV)
	require.Equal(t, 0, code, errs)
	a, b := unitsOf(t, fromCSV), unitsOf(t, fromBook)
	require.Len(t, b, 82)
	assert.Equal(t, a, b, "the same results, unit for unit")
}

func joinSemi(parts []string) string {
	out := parts[0]
	for _, p := range parts[1:] {
		out += "; " + p
	}
	return out
}

// TestEvaluateWorkbook: evaluate --full --format xlsx writes numbers as number cells and the
// matrix's marks coloured; read back, every unit's counts and criteria equal the JSON's.
func TestEvaluateWorkbook(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ket-qua.xlsx")
	code, stdout, errs := ntm(t, "evaluate", "--full", "--period", "2020", "--format", "xlsx", "--out", out)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, stdout, "the workbook goes to the file")
	code, js, _ := ntm(t, "evaluate", "--period", "2020", "--format", "json")
	require.Equal(t, 0, code)
	want := unitsOf(t, js)

	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	require.Len(t, sheets, 2)
	assert.Equal(t, "Thông tin", sheets[0])
	about, err := f.GetRows(sheets[0])
	require.NoError(t, err)
	var aboutText bytes.Buffer
	for _, r := range about {
		for _, c := range r {
			aboutText.WriteString(c + "|")
		}
	}
	assert.Contains(t, aboutText.String(), "camau.xa-ntm@2016-2020")
	assert.Contains(t, aboutText.String(), "643/QĐ-UBND")
	assert.Contains(t, aboutText.String(), "camau-communes.csv")

	rows, err := f.GetRows(sheets[1], excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	var header []string
	start := 0
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Mã" {
			header, start = r, i+1
		}
	}
	require.NotNil(t, header)
	require.Len(t, rows[start:], 82)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for i, r := range rows[start:] {
		u := want[i]
		assert.Equal(t, u["unit"].(map[string]any)["code"], r[col["Mã"]])
		s := u["summary"].(map[string]any)
		assert.Equal(t, strconv.Itoa(int(s["met"].(float64))), r[col["Đạt"]], r[0])
		assert.Equal(t, strconv.Itoa(int(s["not_met"].(float64))), r[col["Không đạt"]], r[0])
		typ, err := f.GetCellType(sheets[1], cellName(col["Đạt"], start+i))
		require.NoError(t, err)
		assert.NotEqual(t, excelize.CellTypeSharedString, typ, "a count is a number cell")
	}
	// A criterion mark is coloured.
	id, err := f.GetCellStyle(sheets[1], cellName(col["1"], start))
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	assert.NotEmpty(t, st.Fill.Color)

	// Refused: xlsx without --out; --out onto a directory leaves nothing behind.
	code, _, errs = ntm(t, "evaluate", "--format", "xlsx")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "give the file with --out")
	dir := t.TempDir()
	code, _, errs = ntm(t, "evaluate", "--format", "xlsx", "--out", dir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "cannot write")
	left, _ := os.ReadDir(dir)
	assert.Empty(t, left, "no temporary file left")
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col+1, row+1)
	return n
}

// TestWorkbookOutputsSayWhatTheyAre: a rank workbook's about sheet names the ruleset, the
// scheme, the data and the counts; a read-only file is not replaced; a workbook of several
// sheets read without --sheet says which one was read.
func TestWorkbookOutputsSayWhatTheyAre(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "xep-hang.xlsx")
	code, _, errs := ntm(t, "rank", "--format", "xlsx", "--out", out)
	require.Equal(t, 0, code, errs)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	rows, err := f.GetRows(f.GetSheetList()[0])
	require.NoError(t, err)
	f.Close()
	var about bytes.Buffer
	for _, r := range rows {
		for _, c := range r {
			about.WriteString(c + "|")
		}
	}
	for _, want := range []string{"camau.xa-ntm@2016-2020", "camau.thi-dua@2016-2020", "camau-communes.csv", "Số dòng|đọc 492"} {
		assert.Contains(t, about.String(), want)
	}

	ro := filepath.Join(dir, "ro.xlsx")
	require.NoError(t, os.WriteFile(ro, []byte("keep"), 0o444))
	if os.Geteuid() != 0 { // root may write a read-only file
		code, _, errs = ntm(t, "evaluate", "--format", "xlsx", "--out", ro)
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, errs, "cannot write")
		b, _ := os.ReadFile(ro)
		assert.Equal(t, "keep", string(b))
	}

	// Two sheets, the per-period template: the first is read, and said to be.
	two := filepath.Join(dir, "hai-ky.xlsx")
	code, _, errs = ntm(t, "template", "--format", "xlsx", "--periods", "2019,2020", "--out", two)
	require.Equal(t, 0, code, errs)
	_, _, errs = ntm(t, "check", "--data", two)
	assert.Contains(t, errs, `bảng tính có 2 trang (2019, 2020): đọc trang đầu, "2019"; chọn trang khác bằng --sheet`)
}
