package scoring_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
)

// reportsJSON is every report of a scheme over the test data, as JSON.
func reportsJSON(t *testing.T, s *scoring.Scheme, y19, y20 []scoring.Input) string {
	t.Helper()
	var docs []any
	var rankings []*scoring.Ranking
	for _, subj := range []scoring.Subject{scoring.SubjectCommune, scoring.SubjectCommuneFront, scoring.SubjectDistrict, scoring.SubjectDistrictFront} {
		r, err := s.Rank(y20, scoring.WithPrevious(y19), scoring.ForSubject(subj))
		require.NoError(t, err)
		docs = append(docs, r)
		rankings = append(rankings, r)
	}
	bands, err := s.Bands(y20)
	require.NoError(t, err)
	goals, err := s.Goals(y20)
	require.NoError(t, err)
	front, err := s.FrontReport(y20)
	require.NoError(t, err)
	cands, err := s.Candidates(rankings...)
	require.NoError(t, err)
	docs = append(docs, bands, goals, front, cands)
	b, err := json.Marshal(docs)
	require.NoError(t, err)
	return string(b)
}

// TestSchemeIsImmutable: changing everything a loaded scheme exposes — its fields, the ruleset
// it was loaded with, and the classes, bands and lines of the scores it returned — changes no
// result it gives afterwards, and no report it returned before.
func TestSchemeIsImmutable(t *testing.T) {
	f := mustFixture(t)
	s := f.scheme
	y19, y20 := f.year(t, "2019"), f.year(t, "2020")
	before := reportsJSON(t, s, y19, y20)
	kept, err := s.Rank(y20, scoring.WithPrevious(y19))
	require.NoError(t, err)
	keptJSON, err := json.Marshal(kept)
	require.NoError(t, err)
	other, err := s.Rank(y20, scoring.WithPrevious(y19))
	require.NoError(t, err)

	// The scheme's fields.
	s.ID, s.Version, s.Title.VI = "x", "y", "z"
	s.Periods.From, s.Periods.Until, s.Periods.Reviews = 1900, 1901, nil
	s.Points.Recognised = decimal.NewFromInt(1000)
	s.Points.CriterionLost = decimal.Zero
	if s.Points.Met.Default != nil {
		*s.Points.Met.Default = decimal.NewFromInt(99)
	}
	for i := range s.Points.Met.Values {
		s.Points.Met.Values[i].Points = decimal.NewFromInt(99)
	}
	for i := range s.Classes {
		s.Classes[i].ID = "x"
		if s.Classes[i].Range.Lower != nil {
			s.Classes[i].Range.Lower.Value = decimal.NewFromInt(-1000)
		}
	}
	for i := range s.BandRules.ByMet {
		s.BandRules.ByMet[i].Label.VI = "x"
	}
	for i := range s.RankingRules {
		s.RankingRules[i].Ties = scoring.TiesDense
		for j := range s.RankingRules[i].Order {
			s.RankingRules[i].Order[j].Desc = !s.RankingRules[i].Order[j].Desc
		}
	}
	for i := range s.CandidateRules {
		s.CandidateRules[i].Top = 100
	}
	for i := range s.GoalRules {
		s.GoalRules[i].AtLeast = decimal.NewFromInt(1)
	}
	if s.FrontRules != nil {
		s.FrontRules.Groups = nil
	}
	// The ruleset it was loaded with.
	for _, c := range s.Ruleset().Criteria {
		c.Annotations = map[string]string{}
		c.ID = "x" + c.ID
	}
	// What a returned ranking exposes.
	for i := range other.Rule.Order {
		other.Rule.Order[i].Desc = !other.Rule.Order[i].Desc
	}
	other.Rule.Scope = scoring.ScopeDistrict
	used := other.RuleUsed()
	for i := range used.Order {
		used.Order[i].Desc = !used.Order[i].Desc
	}
	// What a returned score exposes (another ranking's).
	for _, sc := range other.Scores() {
		if sc.Class != nil {
			sc.Class.ID = "x"
			if sc.Class.Range.Lower != nil {
				sc.Class.Range.Lower.Value = decimal.NewFromInt(-1000)
			}
		}
		if sc.Band != nil {
			sc.Band.ID = "x"
		}
	}
	c, ok := s.Class("a")
	if ok {
		c.Label = criteria.Text{VI: "x"}
	}

	assert.Equal(t, kept.RuleUsed(), other.RuleUsed(), "the rule a ranking was made with")
	after, err := json.Marshal(kept)
	require.NoError(t, err)
	assert.JSONEq(t, string(keptJSON), string(after), "a ranking returned before the changes")
	assert.JSONEq(t, before, reportsJSON(t, s, y19, y20), "reports made after the changes")
}
