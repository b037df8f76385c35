package xlsx_test

import (
	"bytes"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
	sample "github.com/nongthonmoi/ntm/examples/data"
)

// TestTemplateRoundTrip: the template, filled in cell by cell with the sample's 2020 rows as
// an office would (numbers as numbers, yes/no from its lists), reads to the same units as the
// CSV they came from.
func TestTemplateRoundTrip(t *testing.T) {
	rs := camau(t)
	var tpl bytes.Buffer
	require.NoError(t, xlsx.WriteTemplate(&tpl, rs, xlsx.TemplateOptions{}))

	f, err := excelize.OpenReader(bytes.NewReader(tpl.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	sheet := f.GetSheetList()[0]
	assert.Equal(t, "Số liệu", sheet)
	panes, err := f.GetPanes(sheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 3, panes.YSplit, "the labels, ids and hints stay in view")
	dvs, err := f.GetDataValidations(sheet)
	require.NoError(t, err)
	lists := 0
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists++
		}
	}
	booleans := 0
	for _, fd := range rs.Fields {
		if fd.From == nil && fd.Type == criteria.TypeBoolean {
			booleans++
		}
	}
	assert.Equal(t, booleans+2, lists, "a yes/no list per boolean field, and the region and level lists")

	// Fill it: the header row is the labels row the template wrote.
	ids, _ := rs.Header()
	csvSet := data.ReadFile(sample.FS, "camau-communes.csv", rs)
	require.NoError(t, csvSet.Err())
	var want []*criteria.Unit
	row := 4
	for _, u := range csvSet.Units {
		if u.Period != (criteria.Period{Year: 2020}) {
			continue
		}
		want = append(want, u)
		for c, id := range ids {
			cell, _ := excelize.CoordinatesToCellName(c+1, row)
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
				if len(u.History) > 0 {
					h := u.History[0]
					v = h.Level + "@" + strconv.Itoa(h.Year)
				}
			default:
				x, ok := u.Values.Get(id)
				if !ok || x.IsMissing() {
					continue
				}
				if b, ok := x.Bool(); ok {
					v = map[bool]string{true: "có", false: "không"}[b]
				} else if n, ok := x.Number(); ok {
					v = n.Float64()
				} else {
					v = x.String()
				}
			}
			if v != nil {
				require.NoError(t, f.SetCellValue(sheet, cell, v))
			}
		}
		row++
	}
	var filled bytes.Buffer
	require.NoError(t, f.Write(&filled))

	got := xlsx.ReadFile(fstest.MapFS{"x.xlsx": {Data: filled.Bytes()}}, "x.xlsx", "", rs)
	require.NoError(t, got.Err())
	require.Len(t, got.Units, len(want))
	for i, a := range want {
		b := got.Units[i]
		assert.Equal(t, a.Code, b.Code)
		assert.Equal(t, a.Values.Present(), b.Values.Present(), a.Code)
		for _, id := range a.Values.Present() {
			va, _ := a.Values.Get(id)
			vb, _ := b.Values.Get(id)
			assert.Equal(t, va.String(), vb.String(), "%s %s", a.Code, id)
		}
	}
}

// TestTemplatePerPeriod: one sheet per period asked, the period filled in.
func TestTemplatePerPeriod(t *testing.T) {
	rs := camau(t)
	var b bytes.Buffer
	ps := []criteria.Period{{Year: 2020, Half: 1}, {Year: 2020}}
	require.NoError(t, xlsx.WriteTemplate(&b, rs, xlsx.TemplateOptions{Periods: ps, Rows: 20}))
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"2020-H1", "2020"}, f.GetSheetList())
	dvs, err := f.GetDataValidations("2020-H1")
	require.NoError(t, err)
	found := false
	for _, dv := range dvs {
		found = found || dv.Formula1 == `"2020-H1"`
	}
	assert.True(t, found, "the period column offers the sheet's period")
	// An empty template reads as no rows, not as errors.
	ds := xlsx.ReadFile(fstest.MapFS{"t.xlsx": {Data: b.Bytes()}}, "t.xlsx", "2020", rs)
	assert.Empty(t, ds.Errors)
}
