package scoring_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withoutDistrict is the 2020 test data plus two communes whose results name no district (the
// district is optional in data): 30001 meets every criterion (18.5 points, class Good), 30002
// meets two (8 points). The second one's district is blank, not empty.
func withoutDistrict(t *testing.T, f fixture) []scoring.Input {
	t.Helper()
	return append(f.year(t, "2020"), f.eval(t, "2020",
		spec{"30001", "Không Huyện", "", "MMMMM", 0},
		spec{"30002", "Chưa Rõ", "  ", "MMNNN", 0},
	)...)
}

// A commune without a district never blocks a ranking: commune rankings rank it; rankings
// within districts rank it in a group of its own, after the districts; every ranking names it.
func TestRankCommuneWithoutDistrict(t *testing.T) {
	f := mustFixture(t)
	res := withoutDistrict(t, f)
	none := []string{"30001", "30002"}

	r, err := f.scheme.Rank(res, scoring.ForSubject(scoring.SubjectCommune))
	require.NoError(t, err)
	assert.Equal(t, []string{"10001:1", "10002:1", "20001:1", "10003:4", "30001:5", "20004:6", "10004:7", "20003:8", "30002:8", "20002:10"}, order(r))
	assert.Equal(t, none, r.NoDistrict)

	r, err = f.scheme.Rank(res, scoring.ForSubject(scoring.SubjectCommuneFront))
	require.NoError(t, err)
	assert.Equal(t, []string{"Bắc", "Nam", ""}, r.Scopes(), "the communes without a district are ranked last, among themselves")
	got := order(r)
	assert.Equal(t, []string{"30001:1", "30002:2"}, got[len(got)-2:])
	assert.Equal(t, none, r.NoDistrict)
}

// District rankings aggregate only the communes of a district; those without one are not
// dropped in silence: the ranking names them, in JSON (and package scoring/report in a last
// table row).
func TestDistrictRankingsNameCommunesWithoutDistrict(t *testing.T) {
	f := mustFixture(t)
	res := withoutDistrict(t, f)
	for _, subj := range []scoring.Subject{scoring.SubjectDistrict, scoring.SubjectDistrictFront} {
		t.Run(string(subj), func(t *testing.T) {
			r, err := f.scheme.Rank(res, scoring.ForSubject(subj))
			require.NoError(t, err)
			assert.Equal(t, []string{"Bắc:1", "Nam:2"}, order(r), "no district is made of the communes without one")
			assert.Equal(t, []string{"30001", "30002"}, r.NoDistrict)
			b, err := json.Marshal(r)
			require.NoError(t, err)
			assert.Contains(t, string(b), `"no_district":["30001","30002"]`)
		})
	}
	// Without such communes the list is empty, and JSON writes it as [].
	r, err := f.scheme.Rank(f.year(t, "2020"), scoring.ForSubject(scoring.SubjectDistrict))
	require.NoError(t, err)
	assert.Empty(t, r.NoDistrict)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"no_district":[]`)
}

// Districts and the band report list the communes without a district as one last line.
func TestDistrictsAndBandsWithoutDistrict(t *testing.T) {
	f := mustFixture(t)
	res := withoutDistrict(t, f)
	ds, err := f.scheme.Districts(res)
	require.NoError(t, err)
	require.Len(t, ds, 3)
	assert.Equal(t, "Bắc", ds[0].District)
	assert.Equal(t, 4, ds[0].Communes)
	assert.Equal(t, "Nam", ds[1].District)
	assert.Equal(t, "", ds[2].District)
	assert.Equal(t, []string{"30001", "30002"}, ds[2].Codes)

	rep, err := f.scheme.Bands(res)
	require.NoError(t, err)
	assert.Equal(t, 10, rep.Units)
	require.Len(t, rep.Districts, 3)
	assert.Equal(t, "", rep.Districts[2].District)
	assert.Equal(t, 2, rep.Districts[2].Units)
}

// A commune without a district is not proposed by a rule drawn within districts (no district
// Front proposes it); the list names it instead. Rules across the province draw it as usual.
func TestCandidatesWithinDistrictsSkipCommunesWithoutDistrict(t *testing.T) {
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
	var top *scoring.CandidateList
	for i := range rep.Lists {
		if rep.Lists[i].Rule.ID == "top-front" {
			top = &rep.Lists[i]
		}
	}
	require.NotNil(t, top)
	for _, c := range top.Candidates() {
		assert.NotEqual(t, "30001", c.Code, "30001 is Good but belongs to no district")
		assert.NotEmpty(t, c.Scope)
	}
	assert.Equal(t, []string{"30001", "30002"}, top.NoDistrict)
	assert.Equal(t, 10, top.Pool)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(b), `"no_district":["30001","30002"]`), "%s", b)
}

// A goal for one district cannot be judged on results that name no district (as after
// 01/7/2025): it is "unassessed", never "missed".
func TestDistrictGoalWithoutDistricts(t *testing.T) {
	f := mustFixture(t)
	res := f.eval(t, "2020", spec{"30001", "Một", "", "MMMMM", 2018}, spec{"30002", "Hai", "", "MMNNN", 0})
	rep, err := f.scheme.Goals(res)
	require.NoError(t, err)
	var north *scoring.GoalResult
	for i := range rep.Goals {
		if rep.Goals[i].Goal.ID == "north" {
			north = &rep.Goals[i]
		}
	}
	require.NotNil(t, north)
	assert.Equal(t, scoring.GoalUnassessed, north.Status)
	assert.True(t, north.Due)
	for _, g := range rep.Goals {
		if g.Goal.ID != "north" {
			assert.NotEqual(t, scoring.GoalUnassessed, g.Status, g.Goal.ID)
		}
	}
}
