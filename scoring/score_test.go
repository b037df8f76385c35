package scoring_test

import (
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScoreLines(t *testing.T) {
	f := mustFixture(t)
	cur, prev := f.year(t, "2020"), f.year(t, "2019")
	prevBy := map[string]*scoring.Input{}
	for i := range prev {
		prevBy[prev[i].Code] = &prev[i]
	}
	tests := []struct {
		code  string
		total string
		lines []string // rule=count×each=points
		class string
		band  string
	}{
		{"10001", "28.5", []string{"met:front=direct=2×4=8", "met:front=indirect=2×2=4", "met:criterion=4=1×6.5=6.5", "recognised=1×10=10"}, "a", "all"},
		{"10002", "35", []string{"met:front=direct=2×4=8", "met:front=indirect=2×2=4", "met:criterion=4=1×6.5=6.5",
			"recognised=1×10=10", "newly_recognised=1×5=5", "criterion_gained=1×1.5=1.5"}, "a", "all"},
		{"10003", "21.5", []string{"met:front=direct=2×4=8", "met:front=indirect=1×2=2", "met:criterion=4=1×6.5=6.5",
			"recognised=1×10=10", "criterion_lost=1×-2=-2", "slipped=1×-3=-3"}, "b", "3-4"},
		{"10004", "10.5", []string{"met:front=direct=1×4=4", "met:criterion=4=1×6.5=6.5", "unknown=1×0=0"}, "c", "low"},
		{"20002", "0", nil, "d", "low"},
		{"20003", "8", []string{"met:front=direct=2×4=8"}, "d", "low"},
		{"20004", "16.5", []string{"met:front=direct=2×4=8", "met:front=indirect=1×2=2", "met:criterion=4=1×6.5=6.5"}, "b", "3-4"},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			var res *scoring.Input
			for i := range cur {
				if cur[i].Code == tc.code {
					res = &cur[i]
				}
			}
			require.NotNil(t, res)
			sc, err := scoreOf(t, f.scheme, *res, prevBy[tc.code])
			require.NoError(t, err)
			assert.Equal(t, tc.total, sc.Total.String())
			var got []string
			for _, l := range sc.Lines {
				got = append(got, l.Rule+"="+itoa(l.Count)+"×"+l.Each.String()+"="+l.Points.String())
			}
			assert.Equal(t, tc.lines, got)
			require.NotNil(t, sc.Class)
			assert.Equal(t, tc.class, sc.Class.ID)
			require.NotNil(t, sc.Band)
			assert.Equal(t, tc.band, sc.Band.ID)
		})
	}
}

func TestScoreExplainsCriteria(t *testing.T) {
	f := mustFixture(t)
	cur, prev := f.year(t, "2020"), f.year(t, "2019")
	sc, err := scoreOf(t, f.scheme, cur[2], &prev[2]) // 10003: slipped on criterion 3
	require.NoError(t, err)
	assert.Equal(t, []string{"3"}, sc.Lost)
	assert.Empty(t, sc.Gained)
	assert.Equal(t, criteria.Yes, sc.Slipped)
	for _, l := range sc.Lines {
		if l.Rule == "met:front=direct" {
			assert.Equal(t, []string{"1", "2"}, l.Criteria)
		}
		if l.Rule == "criterion_lost" {
			assert.Equal(t, []string{"3"}, l.Criteria)
		}
	}
}

// A criterion unknown in either period is neither gained nor lost.
func TestScoreUnknownNeverGainedOrLost(t *testing.T) {
	f := mustFixture(t)
	before := f.eval(t, "2019", spec{"1", "X", "D", "N?MMM", 0})
	after := f.eval(t, "2020", spec{"1", "X", "D", "?NMMM", 0})
	sc, err := scoreOf(t, f.scheme, after[0], &before[0])
	require.NoError(t, err)
	assert.Empty(t, sc.Gained)
	assert.Empty(t, sc.Lost)
	assert.Equal(t, 1, sc.Unknown)
}

func TestClassBoundaries(t *testing.T) {
	f := mustFixture(t)
	// One point per criterion met, so a commune meeting k criteria totals exactly k.
	const head = "format: ntm.scoring/v1\nid: t\nversion: \"1\"\nruleset: test.score@1\ntitle: T\n" +
		"periods: {from: 2016, until: 2020}\npoints: {met: 1}\n" +
		"rankings: [{subject: commune, scope: province, order: [total], ties: shared}]\nclasses:\n"
	tests := []struct {
		name    string
		classes string
		met     int
		want    string
	}{
		{"at_least includes its bound", "  - {id: hi, label: H, at_least: 3}\n  - {id: lo, label: L, less_than: 3}\n", 3, "hi"},
		{"less_than excludes its bound", "  - {id: hi, label: H, at_least: 3}\n  - {id: lo, label: L, less_than: 3}\n", 2, "lo"},
		{"more_than excludes its bound", "  - {id: hi, label: H, more_than: 3}\n  - {id: lo, label: L, at_most: 3}\n", 3, "lo"},
		{"at_most includes its bound", "  - {id: hi, label: H, more_than: 3}\n  - {id: lo, label: L, at_most: 3}\n", 3, "lo"},
		{"just above an exclusive bound", "  - {id: hi, label: H, more_than: 3}\n  - {id: lo, label: L, at_most: 3}\n", 4, "hi"},
		{"decimal bound written 3.0", "  - {id: hi, label: H, at_least: 3.0}\n  - {id: lo, label: L, less_than: 3.00}\n", 3, "hi"},
		{"zero on an inclusive lower bound", "  - {id: hi, label: H, at_least: 0}\n  - {id: lo, label: L, less_than: 0}\n", 0, "hi"},
		{"middle class, both bounds", "  - {id: hi, label: H, at_least: 4}\n  - {id: mid, label: M, at_least: 2, less_than: 4}\n  - {id: lo, label: L, less_than: 2}\n", 2, "mid"},
		{"middle class, upper bound excluded", "  - {id: hi, label: H, at_least: 4}\n  - {id: mid, label: M, at_least: 2, less_than: 4}\n  - {id: lo, label: L, less_than: 2}\n", 4, "hi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := f.parseScheme(t, head+tc.classes)
			status := strings.Repeat("M", tc.met) + strings.Repeat("N", 5-tc.met)
			res := f.eval(t, "2020", spec{"1", "X", "D", status, 0})
			sc, err := scoreOf(t, s, res[0], nil)
			require.NoError(t, err)
			assert.Equal(t, itoa(tc.met), sc.Total.String())
			require.NotNil(t, sc.Class)
			assert.Equal(t, tc.want, sc.Class.ID)
		})
	}
}

func TestTies(t *testing.T) {
	f := mustFixture(t)
	// Totals 12, 10, 10, 8 (codes out of order on purpose).
	scheme := func(ties string) *scoring.Scheme {
		return f.parseScheme(t, "format: ntm.scoring/v1\nid: t\nversion: \"1\"\nruleset: test.score@1\ntitle: T\n"+
			"periods: {from: 2016, until: 2020}\npoints: {met: 2}\n"+
			"rankings: [{subject: commune, scope: province, order: [total], ties: "+ties+"}]\n")
	}
	res := f.eval(t, "2020",
		spec{"300", "C", "D", "MMMMN", 0}, // 8
		spec{"20", "B", "D", "MMMMM", 0},  // 10
		spec{"100", "A", "D", "MMMMM", 0}, // 10
		spec{"5", "E", "D", "MMMNN", 0},   // 6
		spec{"4", "F", "D", "MMMMM", 0},   // 10
	)
	tests := []struct {
		ties string
		want []string
	}{
		{"shared", []string{"4:1", "20:1", "100:1", "300:4", "5:5"}},
		{"dense", []string{"4:1", "20:1", "100:1", "300:2", "5:3"}},
	}
	for _, tc := range tests {
		t.Run(tc.ties, func(t *testing.T) {
			r, err := scheme(tc.ties).Rank(res)
			require.NoError(t, err)
			assert.Equal(t, tc.want, order(r), "tied units share the rank and are listed in code order")
			assert.True(t, r.Scores()[0].Tied)
			assert.False(t, r.Scores()[3].Tied)
		})
	}
}

// The order is the same whatever order the results come in.
func TestRankDeterministic(t *testing.T) {
	f := mustFixture(t)
	cur, prev := f.year(t, "2020"), f.year(t, "2019")
	want, err := f.scheme.Rank(cur, scoring.WithPrevious(prev))
	require.NoError(t, err)
	rev := make([]scoring.Input, len(cur))
	for i := range cur {
		rev[len(cur)-1-i] = cur[i]
	}
	got, err := f.scheme.Rank(rev, scoring.WithPrevious(prev))
	require.NoError(t, err)
	assert.Equal(t, order(want), order(got))
}

func TestRankSubjects(t *testing.T) {
	f := mustFixture(t)
	cur, prev := f.year(t, "2020"), f.year(t, "2019")
	tests := []struct {
		subject scoring.Subject
		want    []string
		scopes  []string
	}{
		{scoring.SubjectCommune, []string{"10002:1", "10001:2", "20001:2", "10003:4", "20004:5", "10004:6", "20003:7", "20002:8"}, []string{""}},
		{scoring.SubjectCommuneFront, []string{"10002:1", "10001:2", "10003:3", "10004:4", "20001:1", "20004:2", "20003:3", "20002:4"}, []string{"Bắc", "Nam"}},
		{scoring.SubjectDistrict, []string{"Bắc:1", "Nam:2"}, []string{""}},
		{scoring.SubjectDistrictFront, []string{"Bắc:1", "Nam:2"}, []string{""}},
	}
	for _, tc := range tests {
		t.Run(string(tc.subject), func(t *testing.T) {
			r, err := f.scheme.Rank(cur, scoring.WithPrevious(prev), scoring.ForSubject(tc.subject))
			require.NoError(t, err)
			assert.Equal(t, tc.want, order(r))
			assert.Equal(t, tc.scopes, r.Scopes())
		})
	}
}

func TestDistrictAggregation(t *testing.T) {
	f := mustFixture(t)
	cur, prev := f.year(t, "2020"), f.year(t, "2019")
	ds, err := f.scheme.Districts(cur, scoring.WithPrevious(prev))
	require.NoError(t, err)
	require.Len(t, ds, 2)
	b, n := ds[0], ds[1]
	assert.Equal(t, "Bắc", b.District)
	assert.Equal(t, []string{"10001", "10002", "10003", "10004"}, b.Codes)
	assert.Equal(t, 3, b.Recognised)
	assert.Equal(t, "0.75", b.ShareRecognised().String())
	assert.Equal(t, 2, b.AllMet)
	assert.Equal(t, "0.5", b.ShareAllMet().String())
	assert.Equal(t, 16, b.Met)
	assert.Equal(t, "4", b.AverageMet().String())
	assert.Equal(t, "95.5", b.Points.String()) // 28.5 + 35 + 21.5 + 10.5
	assert.Equal(t, "23.875", b.AveragePoints().String())
	assert.False(t, b.Standard())
	assert.Equal(t, []string{"10004"}, b.NotRecognised)
	assert.Equal(t, "Nam", n.District)
	assert.Equal(t, "53", n.Points.String()) // 28.5 + 0 + 8 + 16.5
	assert.Equal(t, "13.25", n.AveragePoints().String())

	avg, err := f.scheme.Rank(cur, scoring.WithPrevious(prev), scoring.ForSubject(scoring.SubjectDistrict))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Bắc": "23.875", "Nam": "13.25"}, totals(avg))
	sum, err := f.scheme.Rank(cur, scoring.WithPrevious(prev), scoring.ForSubject(scoring.SubjectDistrictFront))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Bắc": "95.5", "Nam": "53"}, totals(sum))
	// The lines of a district add up to the sum of its communes' totals.
	for _, sc := range sum.Scores() {
		total := sc.Stats.Points.Sub(sc.Stats.Points)
		for _, l := range sc.Lines {
			total = total.Add(l.Points)
		}
		assert.True(t, total.Equal(sc.Stats.Points), "%s: lines %s, points %s", sc.Code, total, sc.Stats.Points)
	}
	assert.Equal(t, "Ủy ban MTTQ huyện Bắc", sum.Scores()[0].Label.VI)
}

// Averages that are not finite decimals are compared exactly, not after rounding.
func TestDistrictAveragesCompareExactly(t *testing.T) {
	f := mustFixture(t)
	s := f.parseScheme(t, "format: ntm.scoring/v1\nid: t\nversion: \"1\"\nruleset: test.score@1\ntitle: T\n"+
		"periods: {from: 2016, until: 2020}\npoints: {met: 1}\n"+
		"rankings: [{subject: district, total: average, order: [total], ties: shared}]\n")
	// X: (5+5+4)/3 = 4.666…, Y: (5+4+4+5+5+5)/6 = 4.666… — equal; Z: 14/3 + ε is impossible, so
	// W: (5+5+5+4+4+4+4)/7 = 31/7 = 4.428…, which rounds the same as nothing else.
	res := f.eval(t, "2020",
		spec{"1", "a", "X", "MMMMM", 0}, spec{"2", "b", "X", "MMMMM", 0}, spec{"3", "c", "X", "MMMMN", 0},
		spec{"4", "d", "Y", "MMMMM", 0}, spec{"5", "e", "Y", "MMMMN", 0}, spec{"6", "f", "Y", "MMMMN", 0},
		spec{"7", "g", "Y", "MMMMM", 0}, spec{"8", "h", "Y", "MMMMM", 0}, spec{"9", "i", "Y", "MMMMM", 0},
	)
	r, err := s.Rank(res)
	require.NoError(t, err)
	assert.Equal(t, []string{"X:1", "Y:1"}, order(r))
	assert.True(t, r.Scores()[0].Tied)
	assert.Equal(t, "4.67", r.Scores()[0].Total.String())
	assert.True(t, r.Scores()[0].Total.Rounded())
}

// Bands count the criteria met now, as Cà Mau's Q1/2020 report does ("44 xã đạt từ 15 đến 18
// tiêu chí, trong đó đã bao gồm 30 xã đạt chuẩn NTM nhưng đã có tiêu chí rớt chuẩn"): a recognised
// commune is banded by its count like any other and counted beside its band as recognised, and
// as slipped when it no longer meets every criterion.
func TestBands(t *testing.T) {
	f := mustFixture(t)
	rep, err := f.scheme.Bands(f.year(t, "2020"))
	require.NoError(t, err)
	type row struct {
		id               string
		count, rec, slip int
		codes            []string
	}
	var got []row
	for _, b := range rep.Bands {
		got = append(got, row{b.Band.ID, b.Count, b.OfWhichRecognised, b.OfWhichSlipped, b.Codes})
	}
	assert.Equal(t, []row{
		{"all", 3, 3, 0, []string{"10001", "10002", "20001"}},
		{"3-4", 2, 1, 1, []string{"10003", "20004"}}, // 10003: recognised 2016, 4 criteria met now
		{"low", 3, 0, 0, []string{"10004", "20002", "20003"}},
	}, got)
	assert.Equal(t, 8, rep.Units)
	assert.Equal(t, 4, rep.Recognised)
	assert.Equal(t, 1, rep.Slipped)
	assert.Equal(t, 1, rep.Unknown)
	assert.Equal(t, "3.375", rep.AverageMet().String()) // (5+5+4+2+5+0+2+4)/8 = 27/8
	// By district, recognised and slipped are counted beside the bands too.
	type drow struct {
		district          string
		counts            []int
		recognised, slips int
	}
	var dgot []drow
	for _, d := range rep.Districts {
		dgot = append(dgot, drow{d.District, d.Counts, d.Recognised, d.Slipped})
	}
	assert.Equal(t, []drow{{"Bắc", []int{2, 1, 1}, 3, 1}, {"Nam", []int{1, 1, 2}, 1, 0}}, dgot)
}

// A recognised commune that now meets fewer criteria drops to the band of its count: the band
// report never moves it up because of its title.
func TestBandsIgnoreTheTitle(t *testing.T) {
	f := mustFixture(t)
	res := f.eval(t, "2020",
		spec{"1", "A", "D", "MNNNN", 2016}, // recognised, 1 criterion met now
		spec{"2", "B", "D", "MMMMM", 0},    // 5 met, not recognised
	)
	rep, err := f.scheme.Bands(res)
	require.NoError(t, err)
	var got []string
	for _, b := range rep.Bands {
		got = append(got, b.Band.ID+"="+itoa(b.Count)+" rec "+itoa(b.OfWhichRecognised)+" slipped "+itoa(b.OfWhichSlipped))
	}
	assert.Equal(t, []string{"all=1 rec 0 slipped 0", "3-4=0 rec 0 slipped 0", "low=1 rec 1 slipped 1"}, got)
	sc, err := scoreOf(t, f.scheme, res[0], nil)
	require.NoError(t, err)
	require.NotNil(t, sc.Band)
	assert.Equal(t, "low", sc.Band.ID, "a ranking entry's band is its count's band")
}

func TestProgress(t *testing.T) {
	f := mustFixture(t)
	p, err := scoring.Progress(f.year(t, "2019"), f.year(t, "2020"))
	require.NoError(t, err)
	assert.Equal(t, 1, p.Gained)
	assert.Equal(t, 1, p.Lost)
	assert.Equal(t, []string{"10002"}, p.NewlyRecognisedCodes())
	assert.Equal(t, []string{"10003"}, p.NewlySlippedCodes())
	by := map[string]scoring.Change{}
	for _, c := range p.Changes {
		by[c.Code] = c
	}
	assert.Equal(t, []string{"3"}, by["10002"].Gained)
	assert.Equal(t, []string{"3"}, by["10003"].Lost)
	assert.Empty(t, by["10004"].Gained, "N → ? is not a gain")
	assert.Equal(t, 4, by["10002"].MetBefore)
	assert.Equal(t, 5, by["10002"].MetAfter)

	// Units present in only one period are listed, not compared.
	prev := f.year(t, "2019")[:3]
	cur := f.year(t, "2020")[1:]
	p, err = scoring.Progress(prev, cur)
	require.NoError(t, err)
	assert.Equal(t, []string{"10001"}, p.Removed)
	assert.Equal(t, []string{"10004", "20001", "20002", "20003", "20004"}, p.Added)

	_, err = scoring.Progress(f.year(t, "2020"), f.year(t, "2019"))
	require.Error(t, err)
	assert.Equal(t, scoring.CodeInput, criteria.Errors(err)[0].Code)
}

func TestSummary(t *testing.T) {
	f := mustFixture(t)
	y18, y19, y20 := f.year(t, "2018"), f.year(t, "2019"), f.year(t, "2020")
	sum, err := f.scheme.Summary("three", y20, y18, y19) // any order; 2020 lies after the span
	require.NoError(t, err)
	assert.Equal(t, "2018", sum.Baseline.String())
	assert.True(t, sum.BaselineInSpan)
	assert.Equal(t, "2018", sum.End.String())
	assert.Nil(t, sum.Progress)
	sum, err = f.scheme.Summary("five", y20, y18, y19)
	require.NoError(t, err)
	assert.Equal(t, "2020", sum.End.String())
	require.Len(t, sum.Series, 3)
	assert.Equal(t, []int{3, 3, 4}, []int{sum.Series[0].Recognised, sum.Series[1].Recognised, sum.Series[2].Recognised})
	require.NotNil(t, sum.Progress)
	assert.Equal(t, 2, sum.Progress.Gained) // 10002 criterion 3, 20004 criterion 3
	assert.Equal(t, []string{"10001", "10002", "10003"}, sum.RecognisedInSpan)

	_, err = f.scheme.Summary("fiv", y20)
	require.Error(t, err)
	assert.Equal(t, "five", criteria.Errors(err)[0].Suggest)
}

func TestGoals(t *testing.T) {
	f := mustFixture(t)
	type g struct {
		id       string
		status   scoring.GoalStatus
		distance int
		units    []string
	}
	tests := []struct {
		period string
		want   []g
	}{
		{"2020", []g{
			{"half", scoring.GoalMet, 0, nil},
			{"count", scoring.GoalMet, 0, nil},
			{"avg", scoring.GoalMissed, 1, nil},                 // 27 criteria over 8 communes; 3.5 × 8 = 28
			{"floor", scoring.GoalMissed, 2, []string{"20002"}}, // 20002 meets 0 of 2
			{"north", scoring.GoalMissed, 1, []string{"10004"}}, // Bắc: 3 of 4 recognised
		}},
		{"2018-H1", []g{ // nothing is due in the first half of 2018
			{"half", scoring.GoalOpen, 1, nil}, // 3 of 8; 50% is 4
			{"count", scoring.GoalMet, 0, nil}, // 10001, 10003, 20001
			{"avg", scoring.GoalOpen, 2, nil},  // 26 criteria; 28 needed
			{"floor", scoring.GoalOpen, 2, []string{"20002"}},
			{"north", scoring.GoalOpen, 2, []string{"10002", "10004"}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.period, func(t *testing.T) {
			rep, err := f.scheme.Goals(f.year(t, tc.period))
			require.NoError(t, err)
			var got []g
			for _, r := range rep.Goals {
				got = append(got, g{r.Goal.ID, r.Status, r.Distance, r.Units})
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestGoalsOnly: a scheme with goals and no points or rankings (a programme's targets) checks
// its goals as a full scheme does, and refuses to rank rather than rank by nothing.
func TestGoalsOnly(t *testing.T) {
	f := mustFixture(t)
	s := f.parseScheme(t, `format: ntm.scoring/v1
id: test.goals
version: "1"
ruleset: test.score@1
title: T
periods: {from: 2016, until: 2020}
goals:
  - {id: half, label: {vi: "50% xã đạt chuẩn", en: "50% recognised"}, kind: share_recognised, at_least: 50, by: 2020}
  - {id: floor, label: {vi: "Không xã dưới 2", en: "None under 2"}, kind: none_below, at_least: 2, by: 2020}
`)
	in := f.year(t, "2020")
	rep, err := s.Goals(in)
	require.NoError(t, err)
	full, err := f.scheme.Goals(in)
	require.NoError(t, err)
	require.Len(t, rep.Goals, 2)
	for _, g := range rep.Goals {
		for _, o := range full.Goals {
			if o.Goal.ID == g.Goal.ID {
				assert.Equal(t, o.Status, g.Status, g.Goal.ID)
				assert.Equal(t, o.Distance, g.Distance, g.Goal.ID)
				assert.Equal(t, o.Units, g.Units, g.Goal.ID)
			}
		}
	}
	assert.Equal(t, scoring.GoalMissed, rep.Goals[1].Status)
	// The totals without bands are the band report's of the full scheme.
	_, err = s.Bands(in)
	assert.ErrorContains(t, err, "declares no reporting bands")
	ov, err := s.Overview(in)
	require.NoError(t, err)
	fb, err := f.scheme.Bands(in)
	require.NoError(t, err)
	assert.Empty(t, ov.Bands)
	assert.Equal(t, []int{fb.Units, fb.Recognised, fb.Slipped, fb.Met, fb.Unknown, len(fb.Districts)},
		[]int{ov.Units, ov.Recognised, ov.Slipped, ov.Met, ov.Unknown, len(ov.Districts)})
	_, err = s.Rank(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ranks nothing: it only tracks goals")
}

// robustScheme scores one point a criterion met and ranks by total.
const robustScheme = `format: ntm.scoring/v1
id: test.robust
version: "1"
ruleset: test.score@1
title: T
periods: {from: 2016, until: 2020}
points: {met: 1}
rankings:
  - {subject: commune, scope: province, order: [total], ties: shared}
`

// TestRobustness: two communes tied on points (each meets one criterion of equal weight) swap
// about half the time under a ±10 % jitter, for each of five seeds; a commune far ahead keeps
// rank 1 in every draw (an interval of width 0, always in a cut of 1); the same seed gives the
// same answer.
func TestRobustness(t *testing.T) {
	f := mustFixture(t)
	s := f.parseScheme(t, robustScheme)
	in := f.eval(t, "2020",
		spec{"30001", "Dẫn Đầu", "Bắc", "MMMMM", 0},
		spec{"30002", "Hòa A", "Bắc", "MNNNN", 0},
		spec{"30003", "Hòa B", "Nam", "NMNNN", 0},
		spec{"30004", "Cuối", "Nam", "NNNNN", 0})
	for seed := uint64(1); seed <= 5; seed++ {
		r, err := s.Robustness(in, scoring.RobustnessOptions{Draws: 1000, Seed: seed, Jitter: 0.1, Cut: 1})
		require.NoError(t, err)
		require.Len(t, r.Units, 4)
		lead := r.Units[0]
		assert.Equal(t, "30001", lead.Code)
		assert.Equal(t, [3]int{1, 1, 1}, [3]int{lead.Rank, lead.Low, lead.High}, "no draw moves the leader")
		assert.Equal(t, 1.0, lead.InCut)
		var pair *scoring.PairOrder
		for i := range r.Unstable {
			if r.Unstable[i].Above == "30002" && r.Unstable[i].Below == "30003" {
				pair = &r.Unstable[i]
			}
		}
		require.NotNil(t, pair, "seed %d: the tied pair is unstable", seed)
		assert.InDelta(t, 0.5, pair.Share, 0.05, "seed %d", seed)
		assert.Equal(t, 2, r.Units[1].Low)
		assert.Equal(t, 3, r.Units[1].High)
		assert.Len(t, r.Unstable, 1, "only the tied pair turns")
		again, err := s.Robustness(in, scoring.RobustnessOptions{Draws: 1000, Seed: seed, Jitter: 0.1, Cut: 1})
		require.NoError(t, err)
		assert.Equal(t, r, again, "seeded")
	}
	_, err := s.Robustness(in, scoring.RobustnessOptions{Draws: 0})
	assert.Error(t, err)
	_, err = s.Robustness(in, scoring.RobustnessOptions{Draws: 10, Jitter: 2})
	assert.Error(t, err)
}

// TestRobustnessBounds: a commune with criteria unknown ranks between its best case (its
// unknown criteria met, the others' not) and its worst; a commune with none, among communes
// with none, is bounded by its own rank.
func TestRobustnessBounds(t *testing.T) {
	f := mustFixture(t)
	s := f.parseScheme(t, robustScheme)
	in := f.eval(t, "2020",
		spec{"30001", "Ba", "Bắc", "MMMNN", 0},
		spec{"30002", "Chưa rõ", "Bắc", "M??NN", 0}, // 1 point, up to 3
		spec{"30003", "Hai", "Nam", "MMNNN", 0},
		spec{"30004", "Một", "Nam", "MNNNN", 0})
	r, err := s.Robustness(in, scoring.RobustnessOptions{Draws: 10, Seed: 1})
	require.NoError(t, err)
	got := map[string][3]int{}
	for _, u := range r.Units {
		got[u.Code] = [3]int{u.Best, u.Rank, u.Worst}
	}
	assert.Equal(t, [3]int{1, 3, 3}, got["30002"], "best: 3 points, tied first; worst: 1 point, behind 3 and 2")
	assert.Equal(t, [3]int{1, 1, 1}, got["30001"])
	assert.Equal(t, [3]int{2, 2, 3}, got["30003"], "the unknown commune may pass it")
	assert.Equal(t, [3]int{3, 3, 4}, got["30004"])

	plain := f.eval(t, "2020", spec{"30001", "Ba", "Bắc", "MMMNN", 0}, spec{"30003", "Hai", "Nam", "MMNNN", 0})
	r, err = s.Robustness(plain, scoring.RobustnessOptions{Draws: 10, Seed: 1})
	require.NoError(t, err)
	for _, u := range r.Units {
		assert.Equal(t, [2]int{u.Rank, u.Rank}, [2]int{u.Best, u.Worst}, u.Code)
	}
}

// TestRobustnessBounded: a cut past the units and draws past the memory bound are refused.
func TestRobustnessBounded(t *testing.T) {
	f := mustFixture(t)
	s := f.parseScheme(t, robustScheme)
	in := f.year(t, "2020")
	_, err := s.Robustness(in, scoring.RobustnessOptions{Draws: 10, Cut: len(in) + 1})
	assert.ErrorContains(t, err, "there are 8 units")
	_, err = s.Robustness(in, scoring.RobustnessOptions{Draws: scoring.MaxDraws})
	require.NoError(t, err, "8 units × 100,000 draws is within the bound")
	big := make([]scoring.Input, 0, 300)
	for len(big) < 300 {
		big = append(big, in...)
	}
	_, err = s.Robustness(big[:300], scoring.RobustnessOptions{Draws: scoring.MaxDraws})
	assert.ErrorContains(t, err, "at most")
}
