package results_test

import (
	"bytes"
	"context"
	"os"
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
