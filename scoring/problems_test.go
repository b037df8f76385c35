package scoring_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemeCodes are the codes package scoring declares; every one is an error.
var schemeCodes = []criteria.Code{
	scoring.CodeRuleset, scoring.CodeRefClass, scoring.CodeRefSubject, scoring.CodeRefSummary,
	scoring.CodePointsMissing, scoring.CodeClassGap, scoring.CodeClassOverlap, scoring.CodeBandGap,
	scoring.CodeBandOverlap, scoring.CodeInput,
}

// TestSchemeCodes checks that schemeCodes holds every code declared in the package, each
// written as an error (E-).
func TestSchemeCodes(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var declared []string
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				sel, ok := vs.Type.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Code" {
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					require.True(t, ok && lit.Kind == token.STRING, "%s: a code is a string literal", file)
					s, err := strconv.Unquote(lit.Value)
					require.NoError(t, err)
					declared = append(declared, s)
				}
			}
		}
	}
	var want []string
	for _, c := range schemeCodes {
		want = append(want, string(c))
		assert.True(t, strings.HasPrefix(string(c), "E-"), "%s", c)
	}
	assert.ElementsMatch(t, want, declared)
}

// TestSchemeProblemsAreErrors checks that every problem Load, Parse and the report functions
// return is a *criteria.Error found by errors.As and listed by criteria.Errors, with a code
// and SeverityError.
func TestSchemeProblemsAreErrors(t *testing.T) {
	f := mustFixture(t)
	s := f.scheme
	type source struct {
		name string
		err  func() error
	}
	var sources []source
	add := func(name string, err func() error) { sources = append(sources, source{name, err}) }
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		add("Load "+filepath.Base(file), func() error {
			_, err := scoring.Load(os.DirFS("testdata"), "bad/"+filepath.Base(file), f.rs)
			return err
		})
	}
	add("Load of a missing file", func() error {
		_, err := scoring.Load(os.DirFS("testdata"), "none.yaml", f.rs)
		return err
	})
	add("Parse without a ruleset", func() error {
		_, err := scoring.Parse("s.yaml", []byte("format: ntm.scoring/v1\n"), nil)
		return err
	})
	add("Parse of invalid YAML", func() error {
		_, err := scoring.Parse("s.yaml", []byte("a: [b\n"), f.rs)
		return err
	})
	y19, y20 := f.year(t, "2019"), f.year(t, "2020")
	mixed := append(append([]scoring.Input(nil), y19[:2]...), y20[2:]...)
	add("SetPrevious", func() error {
		in := y20[0]
		return in.SetPrevious(y20[0])
	})
	add("Score of an input made by no scheme", func() error {
		_, err := s.Score(scoring.Input{Code: "1"})
		return err
	})
	add("InputOf nil", func() error {
		_, err := s.InputOf(nil)
		return err
	})
	add("Rank", func() error {
		_, err := s.Rank(mixed)
		return err
	})
	add("Rank of a subject not ranked", func() error {
		_, err := s.Rank(y20, scoring.ForSubject("hamlet"))
		return err
	})
	add("Districts", func() error {
		_, err := s.Districts(nil)
		return err
	})
	add("Bands", func() error {
		_, err := s.Bands(mixed)
		return err
	})
	add("FrontReport", func() error {
		_, err := s.FrontReport(nil)
		return err
	})
	add("Candidates", func() error {
		_, err := s.Candidates()
		return err
	})
	add("Goals", func() error {
		_, err := s.Goals(append(y20, y20[0]))
		return err
	})
	add("Summary of an unknown id", func() error {
		_, err := s.Summary("thre", y19)
		return err
	})
	add("Summary", func() error {
		_, err := s.Summary("three", y20)
		return err
	})
	add("Progress", func() error {
		_, err := scoring.Progress(y20, y19)
		return err
	})
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			err := src.err()
			require.Error(t, err)
			var first *criteria.Error
			require.True(t, errors.As(err, &first), "%T is no *criteria.Error: %v", err, err)
			list := criteria.Errors(err)
			require.NotEmpty(t, list)
			assert.Same(t, list[0], first)
			for _, e := range list {
				assert.NotEmpty(t, e.Code, "%v", e)
				assert.NotEmpty(t, e.Message, "%v", e)
				assert.Equal(t, criteria.SeverityError, e.Severity, "%v", e)
				assert.False(t, e.IsWarning(), "%v", e)
			}
		})
	}
}
