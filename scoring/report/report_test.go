package report_test

import (
	"testing"

	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGolden writes every report of the test data as table rows, in both languages, and
// compares them with testdata/golden (go test ./scoring/report -update rewrites them; review
// the diff). The reports are those whose JSON package scoring compares with its own golden
// files.
func TestGolden(t *testing.T) {
	f := mustFixture(t)
	y18, y19, y20 := f.year(t, "2018"), f.year(t, "2019"), f.year(t, "2020")
	rankings := map[scoring.Subject]*scoring.Ranking{}
	for _, subj := range []scoring.Subject{scoring.SubjectCommune, scoring.SubjectCommuneFront, scoring.SubjectDistrict, scoring.SubjectDistrictFront} {
		r, err := f.scheme.Rank(y20, scoring.WithPrevious(y19), scoring.ForSubject(subj))
		require.NoError(t, err)
		rankings[subj] = r
	}
	bands, err := f.scheme.Bands(y20)
	require.NoError(t, err)
	progress, err := scoring.Progress(y19, y20)
	require.NoError(t, err)
	summary, err := f.scheme.Summary("five", y18, y19, y20)
	require.NoError(t, err)
	goals, err := f.scheme.Goals(y20)
	require.NoError(t, err)
	front, err := f.scheme.FrontReport(y20)
	require.NoError(t, err)
	cands, err := f.scheme.Candidates(rankings[scoring.SubjectCommune], rankings[scoring.SubjectCommuneFront], rankings[scoring.SubjectDistrict])
	require.NoError(t, err)

	cases := []struct {
		name string
		rows func(lang string) [][]string
	}{
		{"ranking-commune", func(lang string) [][]string { return report.Ranking(rankings[scoring.SubjectCommune], lang) }},
		{"ranking-commune-front", func(lang string) [][]string { return report.Ranking(rankings[scoring.SubjectCommuneFront], lang) }},
		{"ranking-district", func(lang string) [][]string { return report.Ranking(rankings[scoring.SubjectDistrict], lang) }},
		{"ranking-district-front", func(lang string) [][]string { return report.Ranking(rankings[scoring.SubjectDistrictFront], lang) }},
		{"bands", func(lang string) [][]string { return report.Bands(bands, lang) }},
		{"progress", func(lang string) [][]string { return report.Progress(progress, lang) }},
		{"summary", func(lang string) [][]string { return report.Summary(summary, lang) }},
		{"goals", func(lang string) [][]string { return report.Goals(goals, lang) }},
		{"front", func(lang string) [][]string { return report.Front(front, lang) }},
		{"candidates", func(lang string) [][]string { return report.Candidates(cands, lang) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, lang := range []string{"vi", "en"} {
				rows := tc.rows(lang)
				require.NotEmpty(t, rows)
				for _, r := range rows {
					assert.Len(t, r, len(rows[0]), "rows of one table have the same length")
				}
				goldenRows(t, tc.name+"."+lang+".txt", rows)
			}
		})
	}
	t.Run("band districts", func(t *testing.T) {
		goldenRows(t, "bands-districts.vi.txt", report.BandDistricts(bands, "vi"))
	})
	t.Run("score breakdown", func(t *testing.T) {
		sc, ok := rankings[scoring.SubjectCommune].Score("10003")
		require.True(t, ok)
		goldenRows(t, "score-10003.en.txt", report.Score(sc, "en"))
	})
}

// A score's breakdown ends with its total.
func TestScoreEndsWithTotal(t *testing.T) {
	f := mustFixture(t)
	cur, prev := f.year(t, "2020"), f.year(t, "2019")
	in := cur[2] // 10003: slipped on criterion 3
	require.NoError(t, in.SetPrevious(prev[2]))
	sc, err := f.scheme.Score(in)
	require.NoError(t, err)
	rows := report.Score(sc, "en")
	assert.Equal(t, []string{"Total", "", "", "21.5", ""}, rows[len(rows)-1])
}

// A ranking's table follows the rule the ranking was made with, not what a caller has since
// done to Ranking.Rule: the table and the JSON describe the same ranking.
func TestRankingFollowsRuleUsed(t *testing.T) {
	f := mustFixture(t)
	y19, y20 := f.year(t, "2019"), f.year(t, "2020")
	for _, subj := range []scoring.Subject{scoring.SubjectCommune, scoring.SubjectCommuneFront, scoring.SubjectDistrict} {
		t.Run(string(subj), func(t *testing.T) {
			r, err := f.scheme.Rank(y20, scoring.WithPrevious(y19), scoring.ForSubject(subj))
			require.NoError(t, err)
			want := report.Ranking(r, "vi")
			r.Rule.Subject = scoring.SubjectDistrictFront
			if subj.IsDistrict() {
				r.Rule.Subject = scoring.SubjectCommune
			}
			r.Rule.Scope = scoring.ScopeDistrict
			if r.RuleUsed().Scope == scoring.ScopeDistrict {
				r.Rule.Scope = scoring.ScopeProvince
			}
			assert.Equal(t, want, report.Ranking(r, "vi"))
		})
	}
}

// withoutDistrict is the 2020 test data plus two communes whose results name no district (the
// district is optional in data): 30001 meets every criterion, 30002 meets two. The second
// one's district is blank, not empty.
func withoutDistrict(t *testing.T, f fixture) []scoring.Input {
	t.Helper()
	return append(f.year(t, "2020"), f.eval(t, "2020",
		spec{"30001", "Không Huyện", "", "MMMMM", 0},
		spec{"30002", "Chưa Rõ", "  ", "MMNNN", 0},
	)...)
}

// In a commune ranking within districts, the communes without a district are ranked last, in a
// scope of their own that the table names.
func TestRankingNamesScopeWithoutDistrict(t *testing.T) {
	f := mustFixture(t)
	r, err := f.scheme.Rank(withoutDistrict(t, f), scoring.ForSubject(scoring.SubjectCommuneFront))
	require.NoError(t, err)
	rows := report.Ranking(r, "vi")
	last := rows[len(rows)-1]
	assert.Equal(t, "Không có huyện", last[0], "the scope of a commune without a district is named")
	assert.Equal(t, "30002", last[2])
	rows = report.Ranking(r, "en")
	assert.Equal(t, "No district", rows[len(rows)-1][0])
}

// A district ranking's table ends with a row, not ranked, naming the communes without a
// district.
func TestDistrictRankingNamesCommunesWithoutDistrict(t *testing.T) {
	f := mustFixture(t)
	res := withoutDistrict(t, f)
	for _, subj := range []scoring.Subject{scoring.SubjectDistrict, scoring.SubjectDistrictFront} {
		t.Run(string(subj), func(t *testing.T) {
			r, err := f.scheme.Rank(res, scoring.ForSubject(subj))
			require.NoError(t, err)
			for _, lang := range []string{"vi", "en"} {
				rows := report.Ranking(r, lang)
				require.Len(t, rows, 4, "header, two districts, the communes without a district")
				last := rows[3]
				assert.Len(t, last, len(rows[0]))
				assert.Equal(t, "", last[0], "not ranked")
				assert.Contains(t, last[1], "30001, 30002")
				assert.Equal(t, "2", last[2])
			}
			assert.Contains(t, report.Ranking(r, "vi")[3][1], "Không có huyện")
			assert.Contains(t, report.Ranking(r, "en")[3][1], "No district")
		})
	}
	// Without such communes there is no such row.
	r, err := f.scheme.Rank(f.year(t, "2020"), scoring.ForSubject(scoring.SubjectDistrict))
	require.NoError(t, err)
	assert.Len(t, report.Ranking(r, "vi"), 3)
}

// The bands by district list the communes without a district as one last row.
func TestBandDistrictsWithoutDistrict(t *testing.T) {
	f := mustFixture(t)
	rep, err := f.scheme.Bands(withoutDistrict(t, f))
	require.NoError(t, err)
	rows := report.BandDistricts(rep, "vi")
	require.Len(t, rows, 4)
	assert.Equal(t, "Bắc", rows[1][0])
	assert.Equal(t, "Không có huyện", rows[len(rows)-1][0])
	assert.Equal(t, "No district", report.BandDistricts(rep, "en")[3][0])
}

// A rule drawn within districts names, in a last row, the communes it could not consider.
func TestCandidatesNameCommunesWithoutDistrict(t *testing.T) {
	f := mustFixture(t)
	res := withoutDistrict(t, f)
	var rankings []*scoring.Ranking
	for _, subj := range []scoring.Subject{scoring.SubjectCommune, scoring.SubjectCommuneFront, scoring.SubjectDistrict} {
		r, err := f.scheme.Rank(res, scoring.ForSubject(subj))
		require.NoError(t, err)
		rankings = append(rankings, r)
	}
	rep, err := f.scheme.Candidates(rankings...)
	require.NoError(t, err)
	rows := report.Candidates(rep, "en")
	var found []string
	for _, r := range rows[1:] {
		assert.Len(t, r, len(rows[0]))
		if r[1] == "No district" {
			found = append(found, r[3])
			assert.Contains(t, r[7], "Not considered")
		}
	}
	assert.Equal(t, []string{"30001, 30002"}, found)
}
