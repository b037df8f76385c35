package sheet_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/sheet"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
)

func load(t *testing.T, path string) *criteria.Ruleset {
	t.Helper()
	rs, err := criteria.Load(rules.FS, path)
	require.NoError(t, err)
	return rs
}

// layer loads a generated layer over the shipped files.
func layer(t *testing.T, yaml []byte) *criteria.Ruleset {
	t.Helper()
	rs, err := criteria.Load(fstest.MapFS{"layer.yaml": {Data: yaml}}, "layer.yaml", criteria.WithBase(rules.FS))
	require.NoError(t, err, string(yaml))
	return rs
}

// TestRoundTripUnchanged: the Cà Mau set exported, written as CSV, read back and imported
// unchanged gives a layer that changes nothing: every sample commune evaluates the same.
func TestRoundTripUnchanged(t *testing.T) {
	base := load(t, "camau/xa-ntm-2016-2020.yaml")
	rows := sheet.Export(base)
	require.Greater(t, len(rows), 49)
	var b bytes.Buffer
	require.NoError(t, sheet.WriteCSV(&b, rows))
	back, errs := sheet.ReadCSV(&b, "chi-tieu.csv")
	require.Empty(t, errs)
	require.Len(t, back, len(rows))
	for i := range rows {
		back[i].Line = 0
		assert.Equal(t, rows[i], back[i], "row %d", i+3)
	}
	y, errs := sheet.Import(base, back, sheet.Options{ID: "test.camau-sheet", Version: "1", File: "chi-tieu.csv"})
	require.Empty(t, errs)
	assert.Contains(t, string(y), ": 0 target cells changed, 0 indicators added.")
	assert.NotContains(t, string(y), "override:")
	rs := layer(t, y)

	a, err := base.Compile()
	require.NoError(t, err)
	c, err := rs.Compile()
	require.NoError(t, err)
	ds := data.ReadFile(sample.FS, "camau-communes.csv", base)
	require.NoError(t, ds.Err())
	for _, u := range ds.Units {
		var va, vc criteria.Verdicts
		require.NoError(t, a.Verdicts(context.Background(), u, &va))
		require.NoError(t, c.Verdicts(context.Background(), u, &vc))
		assert.Equal(t, va.Met, vc.Met, u.Code)
		assert.Equal(t, va.Eligible, vc.Eligible, u.Code)
	}
}

// TestImportChanges: a changed cell becomes an override, commented with its row; a value,
// confidence or source missing, a cell that follows the year, an unknown column and a bad
// number are each an error at their row and column.
func TestImportChanges(t *testing.T) {
	base := load(t, "camau/xa-ntm-2016-2020.yaml")
	rows := sheet.Export(base)
	edit := func(ind, check string, f func(r *sheet.Row)) []sheet.Row {
		out := append([]sheet.Row(nil), rows...)
		for i := range out {
			out[i].Line = i + 3
			if out[i].Indicator == ind && out[i].Check == check {
				f(&out[i])
			}
		}
		return out
	}
	y, errs := sheet.Import(base, edit("2.2", "hardened", func(r *sheet.Row) {
		r.Target, r.Confidence, r.Source = "60", "verified", "QĐ 123/QĐ-UBND ngày 01/3/2026"
	}), sheet.Options{ID: "tinh-x.xa-ntm", Version: "2026", File: "s.csv"})
	require.Empty(t, errs)
	assert.Contains(t, string(y), "  - indicator: \"2.2\"\n    check: hardened\n")
	assert.Contains(t, string(y), `dbscl: {value: 60, confidence: verified, source: "QĐ 123/QĐ-UBND ngày 01/3/2026"`)
	rs := layer(t, y)
	devs := rs.Deviations()
	found := false
	for _, d := range devs {
		found = found || d.Layer == "tinh-x.xa-ntm@2026" && strings.HasSuffix(d.Path, "indicator 2.2 › check hardened › target › dbscl") && d.EffectLabel("en") == "tightens"
	}
	assert.True(t, found, "the layer tightens 2.2 from 50 to 60")

	bad := []struct {
		ind, check string
		f          func(r *sheet.Row)
		want       string
	}{
		{"2.2", "hardened", func(r *sheet.Row) { r.Target, r.Confidence, r.Source = "60", "", "x" }, "s.csv:6:14: row 6 › confidence"},
		{"2.2", "hardened", func(r *sheet.Row) { r.Target, r.Confidence, r.Source = "60", "verified", "" }, "› source: a target needs its source"},
		{"2.2", "hardened", func(r *sheet.Row) { r.Target, r.Confidence, r.Source = "sáu mươi", "verified", "x" }, `"sáu mươi" is not a number`},
		{"10", "income", func(r *sheet.Row) { r.Target = "55" }, "this cell follows the year or another check's target"},
		{"2.2", "hardened", func(r *sheet.Row) { r.Column = "mnpb" }, `unknown column "mnpb"`},
	}
	for _, c := range bad {
		_, errs := sheet.Import(base, edit(c.ind, c.check, c.f), sheet.Options{ID: "tinh-x.xa-ntm", Version: "2026", File: "s.csv"})
		require.NotEmpty(t, errs, c.want)
		assert.Contains(t, errs.Error(), c.want)
		assert.Positive(t, errs[0].Line)
	}
}

func TestReadCSVHeaderProblems(t *testing.T) {
	_, errs := sheet.ReadCSV(strings.NewReader("a,b\n1,2\n"), "x.csv")
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Message, "no header row")
	_, errs = sheet.ReadCSV(strings.NewReader("criterion,indicator,column,target,colour\n"), "x.csv")
	require.NotEmpty(t, errs)
	assert.Contains(t, errs.Error(), `unknown column "colour"`)
}
