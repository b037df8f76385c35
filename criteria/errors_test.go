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
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
)

// errorMarker is the comment that marks a line of a bad fixture: `# ERROR CODE`, optionally
// followed by `at "text"` when the error must point at the first occurrence of text after the
// line's first double quote (where a quoted expression starts).
var errorMarker = regexp.MustCompile(`# ERROR (E-[A-Z-]+)(?: at "([^"]*)")?`)

// mark is one expected error: its line, code and, when the marker says where, its column.
type mark struct {
	line int
	code criteria.Code
	col  int // 0: any column
}

// expectedMarks reads the markers of a fixture: line → codes (and columns) expected there.
func expectedMarks(t *testing.T, path string) []mark {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []mark
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		for _, m := range errorMarker.FindAllStringSubmatchIndex(text, -1) {
			mk := mark{line: line, code: criteria.Code(text[m[2]:m[3]])}
			if m[4] >= 0 {
				at := text[m[4]:m[5]]
				body := text[:m[0]]
				q := strings.IndexByte(body, '"')
				require.True(t, q >= 0, "%s:%d: a marker with at needs a quoted expression", path, line)
				i := strings.Index(body[q+1:], at)
				require.True(t, i >= 0, "%s:%d: %q is not in the expression", path, line, at)
				mk.col = utf8.RuneCountInString(body[:q+1+i]) + 1
			}
			out = append(out, mk)
		}
	}
	return out
}

func markKeys(ms []mark) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = fmt.Sprintf("%d %s", m.line, m.code)
	}
	sort.Strings(out)
	return out
}

// TestBadRuleFiles loads every fixture in testdata/bad and checks that each problem is
// reported on the line its "# ERROR CODE" comment marks, with that code (and, for a marker
// with at, that column), and nothing else.
func TestBadRuleFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	fsys := os.DirFS("testdata")
	for _, f := range files {
		name := strings.TrimPrefix(filepath.ToSlash(f), "testdata/")
		marks := expectedMarks(t, f)
		if len(marks) == 0 {
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
				for _, m := range marks {
					if m.line == e.Line && m.code == e.Code && m.col > 0 {
						assert.Equal(t, m.col, e.Column, "column of %v", e)
					}
				}
			}
			sort.Strings(got)
			assert.Equal(t, markKeys(marks), got, "errors:\n%s", criteria.ErrorList(criteria.Errors(err)).Lines())
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
