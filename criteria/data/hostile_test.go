package data_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/internal/hostile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostileDataFiles reads the corpus's hostile data files with its valid rule file: each
// gives the error expected at its line, lists a bounded number of errors, and the rows add up:
// every row is a unit or a rejected row.
func TestHostileDataFiles(t *testing.T) {
	var rs *criteria.Ruleset
	corpus := hostile.Corpus(false)
	for _, c := range corpus {
		if c.Name == "valid" {
			var err error
			rs, err = criteria.Parse(c.Main, c.Files[c.Main])
			require.NoError(t, err)
		}
	}
	n := 0
	for _, c := range corpus {
		if c.Kind != hostile.Data {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) {
			body := c.Files[c.Main]
			ds := data.Read(bytes.NewReader(body), c.Main, data.CSV, rs)
			assert.LessOrEqual(t, len(ds.Errors), 1001, "errors listed")
			rows := bytes.Count(body, []byte("\n")) - 1
			if ds.Rows > 0 {
				assert.Equal(t, ds.Rows, len(ds.Units)+ds.Rejected, "every row read is a unit or a rejected row")
			}
			if c.Code == "" {
				require.Empty(t, ds.Errors)
				assert.Equal(t, rows, len(ds.Units))
				return
			}
			found := false
			for _, e := range ds.Errors {
				if string(e.Code) == c.Code && (c.Line == 0 || e.Line == c.Line) && strings.Contains(e.Message, c.Message) {
					found = true
				}
			}
			assert.True(t, found, "expected %s at line %d (%q); got\n%s", c.Code, c.Line, c.Message, ds.Errors.Lines())
		})
	}
	assert.GreaterOrEqual(t, n, 9)
}
