package criteria_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
)

var errorMarker = regexp.MustCompile(`# ERROR (E-[A-Z-]+)`)

// expectedMarks reads the "# ERROR CODE" comments of a fixture: line → codes expected there.
func expectedMarks(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		for _, m := range errorMarker.FindAllStringSubmatch(sc.Text(), -1) {
			out = append(out, fmt.Sprintf("%d %s", line, m[1]))
		}
	}
	sort.Strings(out)
	return out
}

// TestBadRuleFiles loads every fixture in testdata/bad and checks that each problem is
// reported on the line its "# ERROR CODE" comment marks, with that code, and nothing else.
func TestBadRuleFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	fsys := os.DirFS("testdata")
	for _, f := range files {
		name := strings.TrimPrefix(filepath.ToSlash(f), "testdata/")
		want := expectedMarks(t, f)
		if len(want) == 0 {
			continue // a helper file of another fixture (cycle-b)
		}
		t.Run(name, func(t *testing.T) {
			_, err := criteria.Load(fsys, name)
			require.Error(t, err)
			var got []string
			for _, e := range criteria.Errors(err) {
				if e.File != name {
					t.Errorf("error reported in %s, not in the fixture: %v", e.File, e)
					continue
				}
				assert.NotEmpty(t, e.Message)
				assert.Positive(t, e.Column, "error without a column: %v", e)
				got = append(got, fmt.Sprintf("%d %s", e.Line, e.Code))
			}
			sort.Strings(got)
			assert.Equal(t, want, got, "errors:\n%s", criteria.ErrorList(criteria.Errors(err)).Lines())
		})
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := criteria.Load(os.DirFS("testdata"), "bad/keys.yaml")
	require.Error(t, err)
	list := criteria.Errors(err)
	require.NotEmpty(t, list)
	// One line each, file:line:col first, stable code last, "did you mean" where a near name exists.
	for _, e := range list {
		s := e.Error()
		assert.NotContains(t, s, "\n")
		assert.Regexp(t, `^bad/keys\.yaml:\d+:\d+: `, s)
		assert.Regexp(t, `\[E-[A-Z-]+\]$`, s)
	}
	assert.Contains(t, err.Error(), "more errors")
	lines := criteria.ErrorList(list).Lines()
	assert.Contains(t, lines, `unknown field "totl" (did you mean "total"?) [E-REF-FIELD]`)
	assert.Contains(t, lines, `unknown region "sout" (did you mean "south"?)`)
	assert.Contains(t, lines, `unknown key "rnage"`)
	assert.Contains(t, lines, `(did you mean "range"?)`)
	assert.Contains(t, lines, `criterion 1 › indicator 1.1 › check 1 › measure`)
}

func TestExpressionErrorColumn(t *testing.T) {
	_, err := criteria.Load(os.DirFS("testdata"), "bad/exprs.yaml")
	require.Error(t, err)
	var found bool
	for _, e := range criteria.Errors(err) {
		if strings.Contains(e.Path, "indicator 1.1 › check 1 › measure") {
			found = true
			// `          - measure: "total * (people"`: the expression starts at column 23
			// (after the quote); the unclosed parenthesis is reported inside it.
			assert.GreaterOrEqual(t, e.Column, 23, e.Error())
			assert.LessOrEqual(t, e.Column, 23+len("total * (people"), e.Error())
		}
	}
	assert.True(t, found)
}
