package criteria_test

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/hostile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// heavy reports whether the heavy suites run (the CI script sets NTM_HEAVY=1).
func heavy() bool { return os.Getenv("NTM_HEAVY") != "" }

// countingFS counts the bytes read from a file system.
type countingFS struct {
	fs.FS
	read atomic.Int64
}

type countingFile struct {
	fs.File
	n *atomic.Int64
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return countingFile{f, &c.read}, nil
}

func (f countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.n.Add(int64(n))
	return n, err
}

// watchdog fails the test if fn takes longer than a generous bound: a hang, not a timing.
func watchdog(t *testing.T, name string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("%s: still running after 60 s", name)
	}
}

// TestHostileRuleAndCaseFiles loads every hostile rule and case file of the corpus and checks
// the outcome expected of it — the error code at its line, every error positioned — and the
// work done, by counters: each file read at most twice and never past its size, at most
// MaxProblems errors listed plus one line counting the rest.
func TestHostileRuleAndCaseFiles(t *testing.T) {
	corpus := hostile.Corpus(heavy())
	if !heavy() {
		t.Log("the heavy hostile inputs (megabytes) are skipped: set NTM_HEAVY=1 to run them")
	}
	n := 0
	for _, c := range corpus {
		if c.Kind == hostile.Scheme || c.Kind == hostile.Data || c.Tool {
			continue
		}
		n++
		t.Run(c.Name, func(t *testing.T) {
			mfs := fstest.MapFS{}
			for name, b := range c.Files {
				mfs[name] = &fstest.MapFile{Data: b}
			}
			cfs := &countingFS{FS: mfs}
			var err error
			watchdog(t, c.Name, func() {
				if c.Kind == hostile.Cases {
					_, err = criteria.LoadCases(cfs, c.Main)
				} else {
					_, err = criteria.Load(cfs, c.Main)
				}
			})
			// Each file read once — twice for an extends cycle, detected when a file comes round.
			assert.LessOrEqual(t, cfs.read.Load(), int64(2*c.Size()), "bytes read")
			if c.Code == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			list := criteria.Errors(err)
			assert.LessOrEqual(t, len(list), 101, "errors listed")
			found := false
			for _, e := range list {
				assert.NotEmpty(t, e.File, "%v", e)
				if string(e.Code) == c.Code && (c.Line == 0 || e.Line == c.Line) && strings.Contains(e.Message, c.Message) {
					found = true
				}
			}
			assert.True(t, found, "expected %s at line %d (%q); got:\n%s", c.Code, c.Line, c.Message, criteria.ErrorList(list).Lines())
		})
	}
	assert.GreaterOrEqual(t, n, 20)
}

// TestHostileFuzzSeeds: the small hostile rule files are in the fuzzers' seed corpus's
// reach: each parses without panicking, and an error stays inside the file.
func TestHostileFuzzSeeds(t *testing.T) {
	for _, c := range hostile.Corpus(false) {
		if c.Kind != hostile.Rules || c.Size() > 64<<10 || len(c.Files) != 1 {
			continue
		}
		data := c.Files[c.Main]
		_, err := criteria.Parse(c.Main, data)
		if err != nil {
			checkPositions(t, err, data, c.Main)
		}
	}
}

// TestAtMostTransitive: a value is checked against the nearest value present up its at_most
// chain — clean-water households (9,999) against all households (3,311) when the
// hygienic-water count between them is not given — and once, not once per link.
func TestAtMostTransitive(t *testing.T) {
	rs, err := criteria.Parse("t.yaml", []byte(`format: ntm.rules/v1
id: test.atmost
version: "1"
level: commune
title: {vi: "Thử"}
legal: [{id: T, title: {vi: T}}]
effective: {from: 2020-01-01, until: 2020-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: G, title: {vi: G}}]
fields:
  - {id: total, type: count, unit: hộ, label: {vi: "Tổng số hộ"}}
  - {id: hygienic, type: count, unit: hộ, label: {vi: "Hộ dùng nước hợp vệ sinh"}, at_most: total}
  - {id: clean, type: count, unit: hộ, label: {vi: "Hộ dùng nước sạch"}, at_most: hygienic}
criteria:
  - {id: "1", name: {vi: "1"}, groups: [G], indicators: [{id: "1", name: {vi: "1"}, checks: [{measure: "percent(clean, total)", op: ">=", target: {all: {value: 50, confidence: verified, source: T}}}]}]}
`))
	require.NoError(t, err, lines(err))
	check := func(vals map[string]string) []string {
		v := rs.NewValues()
		for k, x := range vals {
			require.NoError(t, v.SetString(k, x))
		}
		var out []string
		for _, e := range v.Check() {
			out = append(out, e.Message)
		}
		return out
	}
	assert.Equal(t, []string{`field "clean" is 9999, more than "total" (3311), which "hygienic" (not given) may not exceed; it may not exceed it`},
		check(map[string]string{"clean": "9999", "total": "3311"}))
	assert.Equal(t, []string{`field "hygienic" is 5000, more than "total" (3311); it may not exceed it`, `field "clean" is 9999, more than "hygienic" (5000); it may not exceed it`},
		check(map[string]string{"clean": "9999", "hygienic": "5000", "total": "3311"}))
	assert.Empty(t, check(map[string]string{"clean": "3000", "total": "3311"}))
	assert.Empty(t, check(map[string]string{"clean": "3000"}))
}

// TestWarningsAreCapped: warnings, like errors, list at most 100 and count the rest on one
// more line.
func TestWarningsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("format: ntm.rules/v1\nid: w.x\nversion: \"1\"\nlevel: commune\ntitle: {vi: x}\nlegal: [{id: T, title: {vi: T}}]\n" +
		"effective: {from: 2020-01-01, until: 2020-12-31}\nregions: [{id: vn, name: {vi: V}}]\ngroups: [{id: G, title: {vi: G}}]\n" +
		"fields: [{id: a, type: count, unit: hộ, label: {vi: a}}]\ncriteria:\n  - id: \"1\"\n    name: {vi: \"1\"}\n    groups: [G]\n    indicators:\n")
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&b, "      - {id: \"1.%d\", name: {vi: x}, checks: [{measure: a, op: \">=\", target: {all: {missing: \"not published\"}}}]}\n", i)
	}
	rs, err := criteria.Parse("w.yaml", []byte(b.String()))
	require.NoError(t, err, lines(err))
	w := rs.Warnings()
	require.Len(t, w, 101)
	var counted []string
	for _, x := range w {
		if x.Code == criteria.WarnFileLimit {
			counted = append(counted, x.Message)
			assert.Equal(t, criteria.SeverityWarning, x.Severity)
		}
	}
	require.Len(t, counted, 1, "one line counts the warnings not listed")
	assert.Contains(t, counted[0], "and 50 more problems of this file, not listed")
}
