package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/internal/hostile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostileValidate runs validate on every hostile file of the corpus, written to disk: a
// file that loads is ok (exit 0); any other fails with the error the library gives — the same
// code at the same file:line — whatever kind of file it is, and never with a bare message.
func TestHostileValidate(t *testing.T) {
	heavy := os.Getenv("NTM_HEAVY") != ""
	if !heavy {
		t.Log("the heavy hostile inputs (megabytes) are skipped: set NTM_HEAVY=1 to run them")
	}
	for _, c := range hostile.Corpus(heavy) {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			for name, b := range c.Files {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
			}
			// The case files and schemes refer to the valid ruleset: it sits beside them.
			for _, v := range hostile.Corpus(false) {
				if v.Name == "valid" && c.Kind != hostile.Rules {
					require.NoError(t, os.WriteFile(filepath.Join(dir, "valid.yaml"), v.Files[v.Main], 0o644))
				}
			}
			main := filepath.Join(dir, c.Main)
			args := []string{"validate", main}
			if c.Kind == hostile.Data {
				// A data file is checked against a rule file, not validated.
				for _, v := range hostile.Corpus(false) {
					if v.Name == "valid" {
						require.NoError(t, os.WriteFile(filepath.Join(dir, "valid.yaml"), v.Files[v.Main], 0o644))
					}
				}
				args = []string{"check", main, "--rules", filepath.Join(dir, "valid.yaml")}
			}
			code, out, errs := ntm(t, args...)
			short := func(s string) string { return s[:min(len(s), 2000)] }
			if c.Code == "" {
				assert.Equal(t, exitOK, code, short(errs))
				if c.Kind != hostile.Data {
					assert.Contains(t, out, ": ok (")
				}
				return
			}
			assert.NotEqual(t, exitOK, code, short(out))
			want := "[" + c.Code + "]"
			if c.Line > 0 {
				want = main + ":" + strconv.Itoa(c.Line) + ":"
			}
			assert.True(t, strings.Contains(errs, want), "expected %s at line %d in:\n%s", c.Code, c.Line, short(errs))
			assert.True(t, strings.Contains(errs, "["+c.Code+"]"), "expected [%s] in:\n%s", c.Code, short(errs))
			assert.LessOrEqual(t, strings.Count(errs, "\n"), 1010, "errors listed")
			assert.Less(t, len(errs), 1<<20, "the errors do not echo the input back")
		})
	}
}
