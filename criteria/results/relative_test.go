package results_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/results"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWriterRelativeTarget: a target that follows another is written in the header's cells
// with what it follows, and each unit points at the cell of its region and year.
func TestWriterRelativeTarget(t *testing.T) {
	fsys := os.DirFS("../testdata/relative")
	rs, err := criteria.Load(fsys, "model.yaml")
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	var buf bytes.Buffer
	w := results.NewWriter(&buf, prog, results.JSONLines)
	var res criteria.Result
	for _, region := range []string{"dbscl", "mnpb"} {
		v := rs.NewValues()
		require.NoError(t, v.SetString("income", "52"))
		u := &criteria.Unit{Code: region, Region: region, Period: criteria.Period{Year: 2022}, Values: v}
		require.NoError(t, prog.Explain(context.Background(), u, &res))
		require.NoError(t, w.Write(&res))
	}
	require.NoError(t, w.Close())
	out := buf.String()
	assert.Contains(t, out, `"of":{"indicator":"10.1","times":1.1,"target":50}`)
	assert.Contains(t, out, `"of":{"indicator":"10.1","times":1.1,"target":45}`)
	assert.Contains(t, out, `"value":55,`)
	assert.Contains(t, out, `"value":49.5,`)
}

// TestWriterFieldRelativeTarget: a target that follows each unit's value is one header cell
// with the rule, and each unit record carries its own value in targets.
func TestWriterFieldRelativeTarget(t *testing.T) {
	fsys := os.DirFS("../testdata/relative")
	rs, err := criteria.Load(fsys, "model-2018.yaml")
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "model-2018.cases.yaml")
	require.NoError(t, err)
	var buf bytes.Buffer
	w := results.NewWriter(&buf, prog, results.JSONLines)
	var res criteria.Result
	for _, c := range cf.Cases {
		u, err := cf.Unit(c, rs)
		require.NoError(t, err)
		require.NoError(t, prog.Explain(context.Background(), u, &res))
		require.NoError(t, w.Write(&res), c.Name)
	}
	require.NoError(t, w.Close())
	out := buf.String()
	assert.Equal(t, 1, strings.Count(out, `"of":{"field":"income_at_ntm","times":1.5}`), out)
	for _, want := range []string{`"targets":[45]`, `"targets":[54.75]`, `"targets":[null]`} {
		assert.Contains(t, out, want)
	}
	assert.Equal(t, len(cf.Cases)+1, strings.Count(out, "\n"), "a header and one line per unit")
}
