package xlsx_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nongthonmoi/ntm/criteria/xlsx"
)

// TestBook: numbers as number cells, statuses coloured, a hostile text neutralised, sheet
// names made valid and unique, the header frozen under its caption.
func TestBook(t *testing.T) {
	b := xlsx.NewBook("Thông tin")
	tbl := xlsx.Table{
		Name:    "Xã: kỳ 2020 [thử] với một tên dài hơn ba mươi mốt ký tự",
		Caption: []string{"Bộ tiêu chí xã", "kỳ 2020"},
		Header:  []string{"Mã", "Tên", "Đạt", "Thu nhập", "Trạng thái"},
		Rows: [][]string{
			{"32221", "Tân Hải", "19", "47,5", "đạt"},
			{"32224", "=cmd|' /C calc'!A0", "12", "chưa rõ", "không đạt"},
		},
		Numeric: []bool{false, false, true, true, false},
		Comma:   true,
		Status:  map[string]xlsx.Status{"đạt": xlsx.StatusMet, "không đạt": xlsx.StatusNotMet, "chưa rõ": xlsx.StatusUnknown},
	}
	require.NoError(t, b.Add(tbl))
	require.NoError(t, b.Add(tbl)) // the same name again
	require.NoError(t, b.About("Thông tin", "Kết quả", [][2]string{{"Bộ tiêu chí", "camau.xa-ntm@2016-2020"}, {"Nguồn", "=HYPERLINK(\"x\")"}}))
	var out bytes.Buffer
	require.NoError(t, b.Write(&out))

	f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	sheets := f.GetSheetList()
	require.Len(t, sheets, 3)
	assert.Equal(t, "Thông tin", sheets[0])
	assert.True(t, strings.HasPrefix(sheets[1], "Xã kỳ 2020 thử "), "[]: made spaces")
	assert.LessOrEqual(t, len([]rune(sheets[1])), 31)
	assert.LessOrEqual(t, len([]rune(sheets[2])), 31)
	assert.True(t, strings.HasSuffix(sheets[2], " (2)"))

	s := sheets[1]
	v, _ := f.GetCellValue(s, "A4")
	assert.Equal(t, "Mã", v, "the header under the caption and a blank row")
	typ, _ := f.GetCellType(s, "A5")
	assert.NotEqual(t, excelize.CellTypeNumber, typ, "a code stays text")
	v, _ = f.GetCellValue(s, "D5", excelize.Options{RawCellValue: true})
	assert.Equal(t, "47.5", v, "47,5 is the number 47.5")
	v, _ = f.GetCellValue(s, "D6")
	assert.Equal(t, "chưa rõ", v, "a word in a number column stays text")
	v, _ = f.GetCellValue(s, "B6")
	assert.Equal(t, "'=cmd|' /C calc'!A0", v, "neutralised")
	formula, _ := f.GetCellFormula(s, "B6")
	assert.Empty(t, formula)
	for cellRef, colour := range map[string]string{"E5": "C6EFCE", "E6": "FFC7CE", "D6": "FFEB9C"} {
		id, err := f.GetCellStyle(s, cellRef)
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		assert.Equal(t, []string{colour}, st.Fill.Color, cellRef)
	}
	panes, err := f.GetPanes(s)
	require.NoError(t, err)
	assert.Equal(t, 4, panes.YSplit)
	v, _ = f.GetCellValue(sheets[0], "B4")
	assert.Equal(t, "'=HYPERLINK(\"x\")", v)
}
