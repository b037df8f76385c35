package scoring_test

import (
	"testing"

	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCandidates(t *testing.T) {
	f := mustFixture(t)
	const head = "format: ntm.scoring/v1\nid: t\nversion: \"1\"\nruleset: test.score@1\ntitle: T\n" +
		"periods: {from: 2016, until: 2020}\npoints: {met: 1, recognised: 1}\n" +
		"classes:\n  - {id: hi, label: H, at_least: 5}\n  - {id: lo, label: L, less_than: 5}\n" +
		"rankings: [{subject: commune, scope: province, order: [total], ties: shared}, " +
		"{subject: district, order: [share_recognised], ties: shared}]\ncandidates:\n"
	// Totals: 1=6 (rec 2016), 2=6 (rec 2017), 3=5 (rec 2019), 4=4 (rec 2015), 5=4, 6=3, 7=5 (rec 2018).
	res := f.eval(t, "2020",
		spec{"1", "a", "X", "MMMMM", 2016}, spec{"2", "b", "X", "MMMMM", 2017}, spec{"3", "c", "Y", "MMMMN", 2019},
		spec{"4", "d", "Y", "MMMNN", 2015}, spec{"5", "e", "Y", "MMMMN", 0}, spec{"6", "f", "X", "MMMNN", 0},
		spec{"7", "g", "X", "MMMMN", 2018})
	tests := []struct {
		name  string
		rule  string
		quota int
		want  []string // code:rank, tied at the cut-off marked *
	}{
		{"top 1 with a tie at the top lists both", "{id: r, label: R, subject: commune, among: all, top: 1}", 1, []string{"1:1*", "2:1*"}},
		{"top 2 takes the tie exactly", "{id: r, label: R, subject: commune, among: all, top: 2}", 2, []string{"1:1", "2:1"}},
		{"top 3 with a tie at the cut-off", "{id: r, label: R, subject: commune, among: all, top: 3}", 3, []string{"1:1", "2:1", "3:3*", "7:3*"}},
		{"share of the pool rounded down", "{id: r, label: R, subject: commune, among: recognised_in_period, share: 50, round: down}", 2, []string{"1:1", "2:1"}},
		{"share of the pool rounded up", "{id: r, label: R, subject: commune, among: recognised_in_period, share: 30, round: up}", 2, []string{"1:1", "2:1"}},
		{"share nearest rounds half away from zero", "{id: r, label: R, subject: commune, among: recognised_in_period, share: 62.5, round: nearest}", 3, []string{"1:1", "2:1", "3:3*", "7:3*"}},
		{"share of all units", "{id: r, label: R, subject: commune, among: recognised, share: 10, of: all, round: down, minimum: 1}", 1, []string{"1:1*", "2:1*"}},
		{"minimum class", "{id: r, label: R, subject: commune, among: all, min_class: hi}", -1, []string{"1:1", "2:1", "3:3", "7:3"}},
		{"per district", "{id: r, label: R, subject: commune, among: all, scope: district, top: 1}", 1, []string{"1:1*", "2:1*", "3:1"}},
		{"district standard", "{id: r, label: R, subject: district, among: standard}", -1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := f.parseScheme(t, head+"  - "+tc.rule+"\n")
			communes, err := s.Rank(res)
			require.NoError(t, err)
			districts, err := s.Rank(res, scoring.ForSubject(scoring.SubjectDistrict))
			require.NoError(t, err)
			rep, err := s.Candidates(communes, districts)
			require.NoError(t, err)
			require.Len(t, rep.Lists, 1)
			l := rep.Lists[0]
			assert.Equal(t, tc.quota, l.Quota, "%s", l.QuotaNote.EN)
			var got []string
			for _, c := range l.Candidates() {
				m := c.Code + ":" + itoa(c.Rank)
				if c.TiedAtCutoff {
					m += "*"
				}
				got = append(got, m)
				assert.NotEmpty(t, c.Reason().VI)
				assert.NotEmpty(t, c.Reason().EN)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestCandidatesNeedTheirRanking(t *testing.T) {
	f := mustFixture(t)
	y20 := f.year(t, "2020")
	communes, err := f.scheme.Rank(y20)
	require.NoError(t, err)
	_, err = f.scheme.Candidates(communes)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "commune_front ranking")
}
