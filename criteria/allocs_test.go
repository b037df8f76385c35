package criteria_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formatExtensionDirs are the testdata folders of the rule-format extension: each holds rule
// files and case files. Verdicts must allocate nothing on every one of their units.
var formatExtensionDirs = []string{"conditions", "relative", "indices", "columns", "layerops", "dates", "levels", "language"}

// TestVerdictsAllocateNothing runs Verdicts on every unit of every case file of the
// rule-format extension's testdata, against every rule file of the same folder, and requires
// zero allocations per unit. A case file runs against the rule files of its ruleset and of
// the layers over it.
func TestVerdictsAllocateNothing(t *testing.T) {
	for _, dir := range formatExtensionDirs {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.yaml"))
		require.NoError(t, err)
		var rules, cases []string
		for _, f := range files {
			if strings.HasSuffix(f, ".cases.yaml") {
				cases = append(cases, filepath.Base(f))
			} else {
				rules = append(rules, filepath.Base(f))
			}
		}
		require.NotEmpty(t, rules, dir)
		require.NotEmpty(t, cases, dir)
		fsys := os.DirFS(filepath.Join("testdata", dir))
		for _, rf := range rules {
			t.Run(dir+"/"+rf, func(t *testing.T) {
				rs, err := criteria.Load(fsys, rf)
				require.NoError(t, err, lines(err))
				prog, err := rs.Compile()
				require.NoError(t, err)
				units := 0
				for _, name := range cases {
					cf, err := criteria.LoadCases(fsys, name)
					require.NoError(t, err)
					if !inChain(rs, cf.Ruleset) {
						continue // cases of an unrelated ruleset (another period)
					}
					for _, c := range cf.Cases {
						u, err := cf.Unit(c, rs)
						if err != nil {
							continue // a case of another ruleset with a field this one lacks
						}
						var v criteria.Verdicts
						if err := prog.Verdicts(context.Background(), u, &v); err != nil {
							require.Equal(t, criteria.CodeUnit, criteria.Errors(err)[0].Code, "%v", err)
							continue // a base's case of a period its layer re-dated away
						}
						allocs := testing.AllocsPerRun(20, func() { _ = prog.Verdicts(context.Background(), u, &v) })
						assert.Zero(t, allocs, "%s: %s", name, c.Name)
						units++
					}
				}
				assert.Positive(t, units, "no case unit ran against %s", rf)
			})
		}
	}
}

// inChain reports whether ref names the ruleset or one it extends.
func inChain(rs *criteria.Ruleset, ref string) bool {
	for ; rs != nil; rs = rs.Base {
		if rs.Ref() == ref {
			return true
		}
	}
	return false
}
