package data_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadKeepsAtMostMaxUnits: reading a whole file is bounded; past the limit it stops with
// an error at the first row it would not keep, and keeps nothing (no partial data set).
func TestReadKeepsAtMostMaxUnits(t *testing.T) {
	rs, err := criteria.Load(rules.FS, "vn/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	var b strings.Builder
	b.WriteString("code,period,region\n")
	for i := range 12 {
		fmt.Fprintf(&b, "X%03d,2020,dbscl\n", i)
	}
	ds := data.Read(strings.NewReader(b.String()), "x.csv", data.CSV, rs, data.WithMaxUnits(10))
	require.Len(t, ds.Errors, 1)
	assert.Empty(t, ds.Units)
	assert.Equal(t, "x.csv", ds.Errors[0].File)
	assert.Equal(t, 12, ds.Errors[0].Line, "the 11th unit, on row 12, is the first not kept")
	assert.Contains(t, ds.Errors[0].Message, "more than 10 units")
	ds = data.Read(strings.NewReader(b.String()), "x.csv", data.CSV, rs, data.WithMaxUnits(12))
	assert.Len(t, ds.Units, 12, "at the limit every unit is kept")
}

// TestInvalidPathSaysHow: a path on disk given as a name in a file system (../x.csv) is
// explained with the way to open it, not "invalid argument".
func TestInvalidPathSaysHow(t *testing.T) {
	rs, err := criteria.Load(rules.FS, "vn/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	for _, name := range []string{"../x.csv", "/abs/x.csv", "./x.csv"} {
		ds := data.ReadFile(os.DirFS("."), name, rs)
		require.Len(t, ds.Errors, 1, name)
		assert.Contains(t, ds.Errors[0].Message, "os.DirFS(filepath.Dir(path)) and filepath.Base(path)", name)
		assert.NotContains(t, ds.Errors[0].Message, "invalid argument")
	}
	_, err = criteria.Load(os.DirFS("."), "../x.yaml")
	assert.ErrorContains(t, err, "os.DirFS(filepath.Dir(path))")
}

// TestTSVAndNilFS: a .tsv file is read as tab-separated CSV; a nil file system is an error
// that says what to give, not a panic, in every loader.
func TestTSVAndNilFS(t *testing.T) {
	rs, err := criteria.Load(rules.FS, "vn/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.tsv"), []byte("code\tperiod\tregion\nA\t2020\tdbscl\nB\t2020\tdbscl\n"), 0o644))
	ds := data.ReadFile(os.DirFS(dir), "x.tsv", rs)
	require.Empty(t, ds.Errors)
	assert.Len(t, ds.Units, 2)

	_, err = data.Open(nil, "x.csv", rs)
	assert.ErrorContains(t, err, "no file system given")
	_, err = criteria.Load(nil, "x.yaml")
	assert.ErrorContains(t, err, "no file system given")
	_, err = criteria.LoadCases(nil, "x.cases.yaml")
	assert.ErrorContains(t, err, "no file system given")
}

// TestEnumeratedCells: a cell of an enumerated field is read by id or label; a misspelt one
// is a positioned error with the nearest value, and its row is rejected.
func TestEnumeratedCells(t *testing.T) {
	rs, err := criteria.Parse("enum.yaml", []byte(`format: ntm.rules/v1
id: test.enum
version: "1"
level: commune
title: {vi: "Loại mặt đường"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2020-01-01, until: 2020-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: "I", title: {vi: "I"}}]
fields:
  - {id: surface, type: text, label: {vi: "Mặt đường"}, values: [{id: asphalt, label: {vi: "Nhựa"}}, {id: earth, label: {vi: "Đất"}}]}
criteria:
  - {id: "1", name: {vi: "1"}, groups: ["I"], indicators: [{id: "1", name: {vi: "1"}, confidence: verified, source: T, condition: 'surface == "asphalt"'}]}
`))
	require.NoError(t, err)
	ds := data.Read(strings.NewReader("code,period,region,surface\nA,2020,vn,Nhựa\nB,2020,vn,Aspal\n"), "x.csv", data.CSV, rs)
	require.Len(t, ds.Units, 1)
	v, _ := ds.Units[0].Values.Get("surface")
	assert.Equal(t, "asphalt", v.String())
	require.Len(t, ds.Errors, 1)
	assert.Equal(t, `x.csv:3:4: row 3 › column surface: field "surface": "Aspal" is not one of its values: Nhựa (asphalt), Đất (earth) (did you mean "asphalt"?) [E-DATA]`, ds.Errors[0].Error())
}
