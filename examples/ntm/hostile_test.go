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
			code, out, errs := ntm(t, "validate", main)
			if c.Code == "" {
				assert.Equal(t, exitOK, code, errs)
				assert.Contains(t, out, ": ok (")
				return
			}
			assert.NotEqual(t, exitOK, code, out)
			want := "[" + c.Code + "]"
			if c.Line > 0 {
				want = main + ":" + strconv.Itoa(c.Line) + ":"
			}
			assert.Contains(t, errs, want, "expected %s at line %d", c.Code, c.Line)
			assert.Contains(t, errs, "["+c.Code+"]")
			assert.LessOrEqual(t, strings.Count(errs, "\n"), 110, "errors listed")
		})
	}
}
