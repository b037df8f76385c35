package scoring_test

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

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errorMarker = regexp.MustCompile(`# ERROR((?: E-[A-Z-]+)+)\s*$`)

// TestParseBad loads every fixture in testdata/bad and checks that the errors reported are
// exactly those marked on their lines with "# ERROR <code> …".
func TestParseBad(t *testing.T) {
	f := mustFixture(t)
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			var want []string
			sc := bufio.NewScanner(bytes.NewReader(data))
			for line := 1; sc.Scan(); line++ {
				if m := errorMarker.FindStringSubmatch(sc.Text()); m != nil {
					for _, code := range strings.Fields(m[1]) {
						want = append(want, fmt.Sprintf("%d %s", line, code))
					}
				}
			}
			require.NotEmpty(t, want, "the fixture marks no error")
			_, err = scoring.Parse(file, data, f.rs)
			require.Error(t, err)
			var got []string
			for _, e := range criteria.Errors(err) {
				got = append(got, fmt.Sprintf("%d %s", e.Line, e.Code))
				assert.Equal(t, file, e.File)
				assert.Positive(t, e.Column, "%s", e)
				assert.NotContains(t, e.Error(), "\n")
			}
			sort.Strings(want)
			sort.Strings(got)
			assert.Equal(t, want, got, "errors:\n%s", criteria.ErrorList(criteria.Errors(err)).Lines())
		})
	}
}

func TestParseBadMessages(t *testing.T) {
	f := mustFixture(t)
	tests := []struct {
		file, contains, suggest string
	}{
		{"keys.yaml", `unknown key "rankng"`, "rankings"},
		{"refs.yaml", "the scheme is written for test.scor@1, but the ruleset given is test.score@1", "test.score@1"},
		{"refs.yaml", `declares no annotation "fron"`, "front"},
		{"rankings.yaml", `unknown ranking key "totl"`, "total"},
		{"classes.yaml", "a total of exactly 90 falls in both class good [75, 90] and top [90, +∞)", ""},
		{"classes.yaml", "a total of exactly 50 falls in no class", ""},
		{"classes.yaml", "totals below 10 fall in no class", ""},
		{"bands.yaml", "units meeting 1 criteria fall in no band", ""},
		{"bands.yaml", "units meeting 4 criteria fall in band mid and in band all", ""},
		{"bands-values.yaml", "bands count the criteria met now: a recognised row is not allowed", ""},
		{"points.yaml", "criteria 3, 5 would earn no points when met", ""},
		{"goals.yaml", `no class "high"`, "hi"},
	}
	for _, tc := range tests {
		t.Run(tc.file+" "+tc.contains, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "bad", tc.file))
			require.NoError(t, err)
			_, err = scoring.Parse(tc.file, data, f.rs)
			var found *criteria.Error
			for _, e := range criteria.Errors(err) {
				if strings.Contains(e.Message, tc.contains) {
					found = e
				}
			}
			require.NotNil(t, found, "no error contains %q in:\n%s", tc.contains, criteria.ErrorList(criteria.Errors(err)).Lines())
			assert.Equal(t, tc.suggest, found.Suggest)
		})
	}
}

func TestLoadShippedScheme(t *testing.T) {
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	s, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	require.NoError(t, err, "%v", err)
	assert.Equal(t, "camau.thi-dua", s.ID)
	assert.True(t, s.Illustrative)
	assert.Equal(t, []string{"xuat-sac", "tot", "kha", "trung-binh", "yeu"}, classIDs(s))
	// Bands by criteria met now, 19 first; no row takes recognised communes out of their band.
	require.Len(t, s.BandRules.ByMet, 5)
	assert.Equal(t, "19", s.BandRules.ByMet[0].ID)
	assert.Equal(t, "Đạt 19/19 tiêu chí", s.BandRules.ByMet[0].Label.VI)
	assert.Len(t, s.RankingRules, 3)
	assert.Len(t, s.Periods.Summaries, 2)
	// 15 direct × 5 + 4 indirect × 2.5 + 15 = 100.
	max := s.Points.Recognised
	for _, c := range rs.Criteria {
		for _, w := range s.Points.Met.Values {
			if c.Annotation("front") == w.ID {
				max = max.Add(w.Points)
			}
		}
	}
	assert.Equal(t, "100", max.String())
	var cites []string
	for _, c := range s.CandidateRules {
		cites = append(cites, c.Source)
	}
	assert.Contains(t, cites[0], "1730/QĐ-TTg")

	// The scheme names camau.xa-ntm: the Front's layer alone is not the ruleset it scores.
	front, err := criteria.Load(rules.FS, "vn/mttq-xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	_, err = scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", front)
	require.Error(t, err)
	assert.Equal(t, scoring.CodeRuleset, criteria.Errors(err)[0].Code)
}

// A scheme written for a layer scores any ruleset that extends it.
func TestSchemeForABaseRuleset(t *testing.T) {
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	src := "format: ntm.scoring/v1\nid: t\nversion: \"1\"\nruleset: vn.xa-ntm@2016-2020\ntitle: T\n" +
		"periods: {from: 2016, until: 2020}\npoints: {met: 1}\n" +
		"rankings: [{subject: commune, scope: province, order: [total], ties: shared}]\n"
	_, err = scoring.Parse("t.yaml", []byte(src), rs)
	require.NoError(t, err)
}

func TestLoadErrors(t *testing.T) {
	f := mustFixture(t)
	_, err := scoring.Load(os.DirFS("testdata"), "nope.yaml", f.rs)
	require.Error(t, err)
	assert.Equal(t, criteria.CodeSyntax, criteria.Errors(err)[0].Code)
	_, err = scoring.Parse("x.yaml", []byte("format: ntm.scoring/v1\n"), nil)
	require.Error(t, err)
	assert.Equal(t, scoring.CodeRuleset, criteria.Errors(err)[0].Code)
}

func TestSchemeModel(t *testing.T) {
	f := mustFixture(t)
	s := f.scheme
	assert.Equal(t, "test.score@1", s.RulesetRef)
	assert.Same(t, f.rs, s.Ruleset())
	assert.Equal(t, []string{"a", "b", "c", "d"}, classIDs(s))
	var ranges []string
	for _, c := range s.Classes {
		ranges = append(ranges, c.Range.String())
	}
	assert.Equal(t, []string{"[25, +∞)", "[15, 25)", "(8, 15)", "(-∞, 8]"}, ranges)
	assert.Equal(t, []scoring.Review{scoring.ReviewYear, scoring.ReviewHalfYear}, s.Periods.Reviews)
	assert.Equal(t, "commune across the province by total desc, met desc; ties shared", s.RankingRules[0].String())
	assert.Equal(t, "district across the province by share_recognised desc, total desc; ties shared", s.RankingRules[2].String())
	assert.Equal(t, []string{"A", "B"}, s.FrontRules.Groups, "groups default to those the criteria are annotated with")
	c, ok := s.Class("b")
	require.True(t, ok)
	assert.Equal(t, "Tốt", c.Label.VI)
}

func classIDs(s *scoring.Scheme) []string {
	var out []string
	for _, c := range s.Classes {
		out = append(out, c.ID)
	}
	return out
}
