package scoring_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/hostile"
	"github.com/nongthonmoi/ntm/scoring"
)

// FuzzParse checks that the scheme parser never panics and reports every problem at a
// position inside the input.
func FuzzParse(f *testing.F) {
	fx := mustFixture(f)
	seeds, _ := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	seeds = append(seeds, filepath.Join("testdata", "scheme.yaml"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, c := range hostile.Corpus(false) { // the hostile scheme files, trimmed to their first 8 KB
		if c.Kind == hostile.Scheme {
			f.Add(c.Files[c.Main][:min(len(c.Files[c.Main]), 8<<10)])
		}
	}
	f.Add([]byte("format: ntm.scoring/v1\nclasses: [{id: a, at_least: 1e999999999}]\n"))
	f.Add([]byte("format: ntm.scoring/v1\npoints: {met: {by: front, values: {direct: 99999999999999999999999999999.5}}}\n"))
	f.Add([]byte("format: ntm.scoring/v1\nid: a.b\nversion: \"1\"\nruleset: test.score@1\ntitle: T\nperiods: {from: 2016, until: 2020}\ngoals: [{id: g, label: G, kind: none_below, at_least: 2, by: 2020}]\n"))
	in := fx.year(f, "2020")
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scoring.Parse("fuzz.yaml", data, fx.rs)
		if err == nil {
			if s == nil {
				t.Fatal("nil scheme without error")
			}
			// A scheme that parses is usable: its goals are checked and it ranks, or says why not.
			_, _ = s.Goals(in)
			_, _ = s.Rank(in)
			return
		}
		errs := criteria.Errors(err)
		if len(errs) == 0 {
			t.Fatalf("error of type %T is not an error list: %v", err, err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines || e.Column < 1 {
				t.Fatalf("position %d:%d outside the input (%d lines): %s", e.Line, e.Column, lines, e)
			}
			if e.Code == "" || !utf8.ValidString(e.Message) && utf8.Valid(data) {
				t.Fatalf("malformed error: %#v", e)
			}
		}
	})
}
