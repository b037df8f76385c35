package criteria_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLayerForANewPeriod: a 2021-2025-style layer over a 2016-2020-style base re-dates on
// purpose, judges an extremely disadvantaged commune on the northern-mountain column, replaces
// the poverty indicator's field, removes the market criterion, and sets the new income bars. Its
// cases pass, and deviations say each change truthfully (pinned).
func TestLayerForANewPeriod(t *testing.T) {
	fsys := os.DirFS("testdata/layerops")
	rs, err := criteria.Load(fsys, "layer-2021.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "layer-2021.cases.yaml")
	require.NoError(t, err)
	require.Len(t, cf.Cases, 5)
	for _, r := range cf.Run(context.Background(), prog) {
		assert.True(t, r.Passed(), "%s: %v %v", r.Case.Name, r.Err, r.Failures)
	}
	var ids []string
	for _, c := range rs.Criteria {
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"10", "11", "17"}, ids, "the market criterion is removed, not disabled")

	var got []string
	for _, d := range rs.Deviations() {
		if d.Layer == "test.layer-2021@1" {
			got = append(got, fmt.Sprintf("%s %s %s", d.Kind, d.Effect, d.Path))
		}
	}
	assert.Equal(t, []string{
		"field_added  field extremely_disadvantaged",
		"field_added  field multidim_poor_rate",
		"target_changed fills criterion 10 › indicator 10.1 › check income › target › dbscl",
		"target_changed fills criterion 10 › indicator 10.1 › check income › target › mnpb",
		"measure_replaced replaces criterion 11 › indicator 11.1 › check rate › measure",
		"target_changed not_comparable criterion 11 › indicator 11.1 › check rate › target › all",
		"removed removes criterion 7 › indicator 7.1",
		"target_redated redates criterion 17 › indicator 17.1 › check 1 › target › all",
		"columns_added  columns",
	}, got)
}

// TestLayerOperationErrors: a layer in force outside its base's years without redate: true,
// redate: true with nothing to re-date, and a reference to a removed indicator are refused at
// their positions.
func TestLayerOperationErrors(t *testing.T) {
	base, err := os.ReadFile("testdata/layerops/base-2016.yaml")
	require.NoError(t, err)
	layer, err := os.ReadFile("testdata/layerops/layer-2021.yaml")
	require.NoError(t, err)
	load := func(l string) error {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(dir+"/base-2016.yaml", base, 0o644))
		require.NoError(t, os.WriteFile(dir+"/layer.yaml", []byte(l), 0o644))
		_, err := criteria.Load(os.DirFS(dir), "layer.yaml")
		return err
	}
	err = load(strings.Replace(string(layer), "redate: true\n", "", 1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "layer.yaml:11:12: effective: ", "at the effective line, once redate is gone")
	assert.Contains(t, err.Error(), "outside its base test.base-2016@1 (2016-2020): a layer for a new period says so with redate: true")

	err = load(strings.Replace(string(layer), "effective: {from: 2021-01-01, until: 2025-12-31}\n", "effective: {from: 2017-01-01, until: 2019-12-31}\n", 1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nothing to re-date")

	err = load(string(layer) + "conditions:\n  - {id: g, kind: gate, name: {vi: g}, confidence: verified, source: T21, condition: 'indicator_met(\"7.1\")'}\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown indicator "7.1"`)

	err = load(string(layer) + "  - {indicator: \"7.1\", name: {vi: \"Chợ\"}, reason: r}\n")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "indicator 7.1 was removed at layer.yaml:36:5", "not a suggestion of another indicator")

	err = load(strings.Replace(string(layer), `    remove: "the market criterion is not in the 2021-2025 set"`, `    remove: "x"
    name: {vi: "Chợ"}`, 1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "an override that removes an item does nothing else to it")
}

// TestRedateReportsOpenRanges: a base's open range of years ("2019-") that runs on into the
// re-dated layer's years is reported, as a closed one that ends before them is.
func TestRedateReportsOpenRanges(t *testing.T) {
	base, err := os.ReadFile("testdata/layerops/base-2016.yaml")
	require.NoError(t, err)
	layer, err := os.ReadFile("testdata/layerops/layer-2021.yaml")
	require.NoError(t, err)
	b := strings.Replace(string(base), `dbscl: {years: {"2016": 29, "2020": 50}}`, `dbscl: {years: {"2016": 29, "2019-": 50}}`, 1)
	require.NotEqual(t, string(base), b)
	i := strings.Index(string(layer), "  - indicator: \"10.1\"")
	j := strings.Index(string(layer), "  - indicator: \"11.1\"")
	l := string(layer)[:i] + string(layer)[j:] // the layer no longer sets the income bars
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/base-2016.yaml", []byte(b), 0o644))
	require.NoError(t, os.WriteFile(dir+"/layer.yaml", []byte(l), 0o644))
	rs, err := criteria.Load(os.DirFS(dir), "layer.yaml")
	require.NoError(t, err, lines(err))
	var got []string
	for _, d := range rs.Deviations() {
		if d.Kind == "target_redated" {
			got = append(got, d.Effect+" "+d.Path)
		}
	}
	assert.Contains(t, got, "redates criterion 10 › indicator 10.1 › check income › target › dbscl › 2019-")
	assert.Contains(t, got, "unsets criterion 10 › indicator 10.1 › check income › target › mnpb")
}

// TestReplacedMeasureErrorsInTheLayer: a layer that replaces a measure with one of another kind
// is told so at its own line, not at the base's comparator and targets.
func TestReplacedMeasureErrorsInTheLayer(t *testing.T) {
	base, err := os.ReadFile("testdata/layerops/base-2016.yaml")
	require.NoError(t, err)
	layer, err := os.ReadFile("testdata/layerops/layer-2021.yaml")
	require.NoError(t, err)
	l := strings.Replace(string(layer), "measure: multidim_poor_rate", "measure: extremely_disadvantaged", 1)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/base-2016.yaml", base, 0o644))
	require.NoError(t, os.WriteFile(dir+"/layer.yaml", []byte(l), 0o644))
	_, err = criteria.Load(os.DirFS(dir), "layer.yaml")
	require.Error(t, err)
	for _, e := range criteria.Errors(err) {
		assert.Equal(t, "layer.yaml", e.File, "%v", e)
	}
}

// TestRenameAndDropTargets: a layer renames an indicator and drops its inherited targets; the
// new name is what results show, every target becomes missing (unknown, never met), and
// deviations say renames and unsets.
func TestRenameAndDropTargets(t *testing.T) {
	base, err := os.ReadFile("testdata/layerops/base-2016.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/base-2016.yaml", base, 0o644))
	require.NoError(t, os.WriteFile(dir+"/layer.yaml", []byte(`format: ntm.rules/v1
id: test.drop
version: "1"
extends: base-2016.yaml
title: {vi: "Lớp bỏ chỉ tiêu"}
override:
  - indicator: "17.1"
    name: {vi: "Môi trường xanh, sạch, đẹp", en: "Green, clean environment"}
    drop_targets: true
    reason: "the new bars are not published yet"
`), 0o644))
	rs, err := criteria.Load(os.DirFS(dir), "layer.yaml")
	require.NoError(t, err, lines(err))
	prog, err := rs.Compile()
	require.NoError(t, err)
	v := rs.NewValues()
	require.NoError(t, v.SetString("env_ok", "true"))
	res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "a", Region: "dbscl", Period: criteria.Period{Year: 2018}, Values: v})
	require.NoError(t, err)
	ir, ok := res.Indicator("17.1")
	require.True(t, ok)
	assert.Equal(t, "Môi trường xanh, sạch, đẹp", ir.Indicator.Name().VI)
	assert.Equal(t, criteria.Unknown, ir.Status, "a dropped target is unknown, not met")
	assert.Contains(t, ir.Checks[0].Reason, "dropped by test.drop@1")
	var got []string
	for _, d := range rs.Deviations() {
		if d.Layer == "test.drop@1" {
			got = append(got, d.Kind+" "+d.Effect)
		}
	}
	assert.Equal(t, []string{"renamed renames", "targets_dropped unsets"}, got)
}
