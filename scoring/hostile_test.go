package scoring_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/hostile"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostileSchemes loads the corpus's hostile scheme files against its valid ruleset: the
// error expected, at its line, with at most 100 listed and a line counting the rest.
func TestHostileSchemes(t *testing.T) {
	corpus := hostile.Corpus(os.Getenv("NTM_HEAVY") != "")
	var rs *criteria.Ruleset
	for _, c := range corpus {
		if c.Name == "valid" {
			var err error
			rs, err = criteria.Parse(c.Main, c.Files[c.Main])
			require.NoError(t, err)
		}
	}
	require.NotNil(t, rs)
	n := 0
	for _, c := range corpus {
		if c.Kind != hostile.Scheme || c.Tool {
			continue
		}
		n++
		mfs := fstest.MapFS{}
		for name, b := range c.Files {
			mfs[name] = &fstest.MapFile{Data: b}
		}
		_, err := scoring.Load(mfs, c.Main, rs)
		require.Error(t, err, c.Name)
		list := criteria.Errors(err)
		assert.LessOrEqual(t, len(list), 101, c.Name)
		found, counted := false, false
		for _, e := range list {
			counted = counted || e.Code == criteria.CodeFileLimit && strings.Contains(e.Message, "more problems")
			if string(e.Code) == c.Code && (c.Line == 0 || e.Line == c.Line) && strings.Contains(e.Message, c.Message) {
				found = true
			}
		}
		assert.True(t, found, "%s: expected %s at line %d; got\n%s", c.Name, c.Code, c.Line, criteria.ErrorList(list).Lines())
		assert.True(t, counted, "%s: a line counts the problems not listed", c.Name)
	}
	assert.Positive(t, n)
}
