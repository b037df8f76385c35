package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules/catalog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A province's file on disk, extending the shipped Front layer, with its cases beside it.
const province = `format: ntm.rules/v1
id: tinh-x.xa-ntm
version: "2016-2020"
extends: vn.mttq-xa-ntm@2016-2020
title: {vi: "Bộ tiêu chí tỉnh X"}
regions_only: [dbscl]
`

func provinceDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tinh-x.yaml"), []byte(province), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tinh-x.cases.yaml"), []byte("format: ntm.cases/v1\nruleset: tinh-x.xa-ntm@2016-2020\ncases: []\n"), 0o644))
	return dir
}

// TestLocateAndLoad: the same ruleset by a shipped path and by id@version; a file on disk
// extending shipped files; a case file finding its ruleset beside it; a scheme loading the
// ruleset it names.
func TestLocateAndLoad(t *testing.T) {
	a, err := catalog.Ruleset("vn/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	b, err := catalog.Ruleset("vn.xa-ntm@2016-2020")
	require.NoError(t, err)
	assert.Equal(t, a.Ref(), b.Ref())

	dir := provinceDir(t)
	rs, err := catalog.Ruleset(filepath.Join(dir, "tinh-x.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "tinh-x.xa-ntm@2016-2020", rs.Ref())
	f, err := catalog.Locate(filepath.Join(dir, "tinh-x.yaml"))
	require.NoError(t, err)
	assert.True(t, f.OnDisk)
	assert.Equal(t, criteria.FormatRules, f.Entry.Format)

	cf, crs, err := catalog.Cases(filepath.Join(dir, "tinh-x.cases.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "tinh-x.xa-ntm@2016-2020", cf.Ruleset)
	assert.Equal(t, "tinh-x.xa-ntm@2016-2020", crs.Ref(), "found beside the case file")

	sc, srs, err := catalog.Scheme("vn/thi-dua-mttq-2016-2020.yaml", nil)
	require.NoError(t, err)
	assert.Equal(t, "vn.mttq-xa-ntm@2016-2020", srs.Ref())
	assert.Equal(t, "vn.thi-dua-mttq", sc.ID)
	_, srs, err = catalog.Scheme("vn/thi-dua-mttq-2016-2020.yaml", rs)
	require.NoError(t, err)
	assert.Same(t, rs, srs, "a province's ruleset extending the Front layer is scored as given")
}

// TestWrongKindAndMissing: a file of another kind is named for what it is; an unknown
// reference says where it was looked for, with a near id when there is one.
func TestWrongKindAndMissing(t *testing.T) {
	_, err := catalog.Ruleset("camau/thi-dua-2016-2020.yaml")
	var wk *catalog.WrongKind
	require.True(t, errors.As(err, &wk), "%v", err)
	assert.Equal(t, "camau/thi-dua-2016-2020.yaml is a scoring scheme, not a rule file", err.Error())
	_, _, err = catalog.Cases("vn/xa-ntm-2016-2020.yaml")
	assert.EqualError(t, err, "vn/xa-ntm-2016-2020.yaml is a rule file, not a case file")
	_, _, err = catalog.Scheme("vn/xa-ntm-2016-2020.cases.yaml", nil)
	assert.EqualError(t, err, "vn/xa-ntm-2016-2020.cases.yaml is a case file, not a scoring scheme")

	_, err = catalog.Ruleset("nowhere.yaml")
	assert.ErrorContains(t, err, "no such file on disk or among the shipped files")
	_, err = catalog.Ruleset("vn.xa-ntm@2016-2021")
	var ce *criteria.Error
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, "vn.xa-ntm@2016-2020", ce.Suggest)
	_, err = catalog.Ruleset(t.TempDir())
	assert.ErrorContains(t, err, "not a regular file")
}

// A ruleset by id@version, and a scheme with the ruleset it names.
func Example() {
	rs, err := catalog.Ruleset("vn.mttq-xa-ntm@2016-2020")
	if err != nil {
		panic(err)
	}
	sc, _, err := catalog.Scheme("vn/thi-dua-mttq-2016-2020.yaml", rs)
	if err != nil {
		panic(err)
	}
	fmt.Println(rs.Ref(), len(rs.Criteria), "criteria")
	fmt.Println(sc.Title.VI)
	// Output:
	// vn.mttq-xa-ntm@2016-2020 19 criteria
	// Thang điểm thi đua chung của Mặt trận về xây dựng nông thôn mới giai đoạn 2016-2020 (minh họa)
}

// TestNotARuleFile: a file that declares no format (data, a note) is not taken as a rule file.
func TestNotARuleFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "units.yaml")
	require.NoError(t, os.WriteFile(p, []byte("units: []\n"), 0o644))
	_, err := catalog.Ruleset(p)
	assert.EqualError(t, err, p+" declares no format, so it is not a rule file (which says format: ntm.rules/v1)")
}

// TestByIDAndParentFolder: a scheme by id@version; a file on disk extending one in a parent
// folder, as the rule format documents; a problem in it named by its absolute path; a wrong
// kind found as a *criteria.Error too.
func TestByIDAndParentFolder(t *testing.T) {
	sc, _, err := catalog.Scheme("vn.thi-dua-mttq@2016-2020", nil)
	require.NoError(t, err)
	assert.Equal(t, "vn.thi-dua-mttq", sc.ID)

	dir := provinceDir(t)
	sub := filepath.Join(dir, "con")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	child := filepath.Join(sub, "con.yaml")
	require.NoError(t, os.WriteFile(child, []byte(`format: ntm.rules/v1
id: tinh-x-con.xa-ntm
version: "2016-2020"
extends: ../tinh-x.yaml
title: {vi: "Tệp con"}
`), 0o644))
	rs, err := catalog.Ruleset(child)
	require.NoError(t, err)
	assert.Equal(t, "tinh-x-con.xa-ntm@2016-2020", rs.Ref())

	require.NoError(t, os.WriteFile(child, []byte("format: ntm.rules/v1\nid: x.y\nversion: \"1\"\nextends: ../tinh-x.yaml\ntitle: {vi: \"x\"}\nbogus: 1\n"), 0o644))
	_, err = catalog.Ruleset(child)
	var ce *criteria.Error
	require.True(t, errors.As(err, &ce), "%v", err)
	assert.Equal(t, child, ce.File, "named by its absolute path")

	_, err = catalog.Ruleset("camau/thi-dua-2016-2020.yaml")
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, criteria.CodeFormat, ce.Code)
}

// A case file and the ruleset it is written for, run with its boundary cases.
func ExampleCases() {
	cf, rs, err := catalog.Cases("vn/xa-ntm-2016-2020.cases.yaml")
	if err != nil {
		panic(err)
	}
	prog, err := rs.Compile()
	if err != nil {
		panic(err)
	}
	failed := 0
	for _, r := range cf.Run(context.Background(), prog) {
		if !r.Passed() {
			failed++
		}
	}
	fmt.Println(rs.Ref(), len(cf.Cases) > 10, "cases,", failed, "failed")
	// Output: vn.xa-ntm@2016-2020 true cases, 0 failed
}

// Where a reference is found, and what kind of file it is.
func ExampleLocate() {
	for _, ref := range []string{"vn.xa-ntm@2016-2020", "vn.thi-dua-mttq@2016-2020", "camau/xa-ntm-2016-2020.cases.yaml"} {
		f, err := catalog.Locate(ref)
		if err != nil {
			panic(err)
		}
		fmt.Println(ref, "→", f.Name, f.Entry.Format, f.OnDisk)
	}
	// Output:
	// vn.xa-ntm@2016-2020 → vn/xa-ntm-2016-2020.yaml ntm.rules/v1 false
	// vn.thi-dua-mttq@2016-2020 → vn/thi-dua-mttq-2016-2020.yaml ntm.scoring/v1 false
	// camau/xa-ntm-2016-2020.cases.yaml → camau/xa-ntm-2016-2020.cases.yaml ntm.cases/v1 false
}

// TestCheckoutCopies: a shipped scheme opened from a checkout of the repository finds its
// ruleset both on disk and compiled in; identical copies are one file, a copy that differs is
// refused with the two files named, at the scheme's ruleset key.
func TestCheckoutCopies(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"thi-dua-mttq-2016-2020.yaml", "mttq-xa-ntm-2016-2020.yaml"} {
		data, err := os.ReadFile(filepath.Join("..", "vn", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	scheme := filepath.Join(dir, "thi-dua-mttq-2016-2020.yaml")
	sc, rs, err := catalog.Scheme(scheme, nil)
	require.NoError(t, err)
	assert.Equal(t, "vn.mttq-xa-ntm@2016-2020", rs.Ref())
	assert.Equal(t, "vn.thi-dua-mttq@2016-2020", sc.ID+"@"+sc.Version)

	// A stale copy: one comment more is enough to be another file.
	layer := filepath.Join(dir, "mttq-xa-ntm-2016-2020.yaml")
	data, err := os.ReadFile(layer)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(layer, append(data, "# sửa\n"...), 0o644))
	_, _, err = catalog.Scheme(scheme, nil)
	require.Error(t, err)
	var ce *criteria.Error
	require.True(t, errors.As(err, &ce), "%v", err)
	assert.Equal(t, "ruleset", ce.Path)
	assert.Contains(t, ce.Message, "2 files declare vn.mttq-xa-ntm@2016-2020")
	assert.Contains(t, ce.Message, "keep exactly one")
	assert.NotContains(t, ce.Message, "no rule file declares")
}
