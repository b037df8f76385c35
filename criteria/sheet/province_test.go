package sheet_test

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/sheet"
	"github.com/nongthonmoi/ntm/rules"
)

var update = flag.Bool("update", false, "rewrite the generated layer")

const (
	sheetFile = "../testdata/sheet/chi-tieu-2026.csv"
	layerFile = "../testdata/sheet/tinh-x.xa-ntm-2026-2030.yaml"
	casesFile = "../testdata/sheet/tinh-x.xa-ntm-2026-2030.cases.yaml"
)

// TestProvince2026FromSheet: a province's 2026-2030 layer is produced from its filled sheet
// (a few indicators per criterion, targets for the three commune groups); the committed layer
// is exactly what the sheet gives, and its cases judge communes of each group by their group's
// bar.
func TestProvince2026FromSheet(t *testing.T) {
	base := load(t, "vn/xa-ntm-2026-2030.yaml")
	f, err := os.Open(sheetFile)
	require.NoError(t, err)
	rows, errs := sheet.ReadCSV(f, "chi-tieu-2026.csv")
	f.Close()
	require.Empty(t, errs)
	require.Len(t, rows, 33)
	y, errs := sheet.Import(base, rows, sheet.Options{ID: "tinh-x.xa-ntm", Version: "2026-2030", File: "chi-tieu-2026.csv", Illustrative: true,
		Title: criteria.Text{VI: "Bộ tiêu chí xã nông thôn mới tỉnh X giai đoạn 2026-2030 (thử, minh họa)", EN: "Province X new-rural commune criteria, 2026-2030 (test, illustrative)"}})
	require.Empty(t, errs)
	if *update {
		require.NoError(t, os.WriteFile(layerFile, y, 0o644))
	}
	want, err := os.ReadFile(layerFile)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(y), "the layer is what the sheet gives: go test ./criteria/sheet -update")

	rs := layer(t, y)
	for _, c := range rs.Criteria {
		assert.NotEmpty(t, c.Indicators, "criterion %s is supplied", c.ID)
	}
	prog, err := rs.Compile()
	require.NoError(t, err)
	cases, err := os.ReadFile(casesFile)
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fstest.MapFS{"c.yaml": {Data: cases}}, "c.yaml")
	require.NoError(t, err)
	results := cf.Run(context.Background(), prog)
	require.NotEmpty(t, results)
	for _, r := range results {
		assert.True(t, r.Passed(), "%s: %v", r.Case.Name, r.Failures)
	}
	_ = rules.FS
}

// TestProvince2021FromSheet: the 2021-2025 set's verified rules — recognition with the security
// wording before and after 07/3/2024, revocation, the northern-mountain column — judged with a
// province's sheet-made layer (one yes/no indicator per criterion) and a test layer that sets
// an illustrative income bar and satisfaction level.
func TestProvince2021FromSheet(t *testing.T) {
	base := load(t, "vn/xa-ntm-2021-2025.yaml")
	f, err := os.Open("../testdata/sheet/chi-tieu-2021.csv")
	require.NoError(t, err)
	rows, errs := sheet.ReadCSV(f, "chi-tieu-2021.csv")
	f.Close()
	require.Empty(t, errs)
	y, errs := sheet.Import(base, rows, sheet.Options{ID: "tinh-y.xa-ntm", Version: "2021-2025", File: "chi-tieu-2021.csv", Illustrative: true,
		Title: criteria.Text{VI: "Bộ tiêu chí xã nông thôn mới tỉnh Y giai đoạn 2021-2025 (thử, minh họa)", EN: "Province Y new-rural commune criteria, 2021-2025 (test, illustrative)"}})
	require.Empty(t, errs)
	const generated = "../testdata/sheet/tinh-y.xa-ntm-2021-2025.yaml"
	if *update {
		require.NoError(t, os.WriteFile(generated, y, 0o644))
	}
	want, err := os.ReadFile(generated)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(y), "the layer is what the sheet gives: go test ./criteria/sheet -update")

	test, err := os.ReadFile("../testdata/sheet/minh-hoa-2021-2025.yaml")
	require.NoError(t, err)
	fsys := fstest.MapFS{"tinh-y.yaml": {Data: y}, "minh-hoa.yaml": {Data: test}}
	rs, err := criteria.Load(fsys, "minh-hoa.yaml", criteria.WithBase(rules.FS))
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	cases, err := os.ReadFile("../testdata/sheet/minh-hoa-2021-2025.cases.yaml")
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fstest.MapFS{"c.yaml": {Data: cases}}, "c.yaml")
	require.NoError(t, err)
	results := cf.Run(context.Background(), prog)
	require.Greater(t, len(results), 6)
	for _, r := range results {
		assert.True(t, r.Passed(), "%s: %v", r.Case.Name, r.Failures)
	}
}

// TestNoRegionNeeded: under 2026-2030 the group is chosen from a commune's data, so its data
// need not name a region (the file has none); each commune lands in its group's column, or in
// none when both tests hold or the data is missing. A set whose targets follow the region
// still requires it.
func TestNoRegionNeeded(t *testing.T) {
	y, err := os.ReadFile(layerFile)
	require.NoError(t, err)
	rs := layer(t, y)
	assert.False(t, rs.RegionChoosesTargets())
	ds := data.ReadFile(os.DirFS("../testdata/sheet"), "xa-2026.csv", rs)
	require.Empty(t, ds.Errors)
	require.Len(t, ds.Units, 14)
	prog, err := rs.Compile()
	require.NoError(t, err)
	want := map[string]string{"X01": "group3", "X02": "group3", "X03": "group2", "X04": "", "X05": "group1", "X06": "group2", "X07": "group2"}
	for _, u := range ds.Units {
		assert.Empty(t, u.Region)
		r, err := prog.Evaluate(context.Background(), u)
		require.NoError(t, err, u.Code)
		require.NotNil(t, r.Unit.Column, u.Code)
		assert.Equal(t, want[u.Code], r.Unit.Column.Column, u.Code)
	}

	old := load(t, "vn/xa-ntm-2016-2020.yaml")
	assert.True(t, old.RegionChoosesTargets())
	ds = data.Read(strings.NewReader("code,period\n1,2020\n"), "x.csv", data.CSV, old)
	require.NotEmpty(t, ds.Errors)
	assert.Contains(t, ds.Errors[0].Message, `the column "region" is missing`)
	prog, err = old.Compile()
	require.NoError(t, err)
	_, err = prog.Evaluate(context.Background(), &criteria.Unit{Code: "1", Period: criteria.Period{Year: 2020}, Values: &criteria.Values{}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `region "" is not accepted`)
}
