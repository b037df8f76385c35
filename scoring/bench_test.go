package scoring_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/require"
)

// syntheticResults builds n commune results of the Cà Mau ruleset for two consecutive years,
// cheaply (without evaluating data): each criterion is met with a probability that varies by
// commune, a few are unknown, about a third of the communes are recognised, and a year later
// some criteria are gained or lost. The generator is seeded, so the data are the same on
// every run.
func syntheticResults(tb testing.TB, rs *criteria.Ruleset, n int) (prev, cur []*criteria.Result) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(2016, 2020))
	districts := []string{"Thành phố Cà Mau", "U Minh", "Thới Bình", "Trần Văn Thời", "Cái Nước", "Đầm Dơi", "Năm Căn", "Phú Tân", "Ngọc Hiển"}
	prog, err := rs.Compile()
	if err != nil {
		tb.Fatal(err)
	}
	build := func(code, name, district string, year int, st []criteria.Status, rec *criteria.Recognition) *criteria.Result {
		r := &criteria.Result{Ruleset: prog.Info(), Unit: criteria.UnitInfo{Code: code, Name: name, District: district, Region: "dbscl",
			Period: criteria.Period{Year: year}}, Criteria: make([]criteria.CriterionResult, len(rs.Criteria))}
		for i, c := range prog.Criteria() {
			r.Criteria[i] = criteria.CriterionResult{Criterion: c, Status: st[i]}
			switch st[i] {
			case criteria.Met:
				r.Met++
			case criteria.NotMet:
				r.NotMet++
			default:
				r.Unknown++
			}
		}
		switch {
		case r.NotMet > 0:
			r.AllMet = criteria.No
		case r.Unknown > 0:
			r.AllMet = criteria.TruthUnknown
		default:
			r.AllMet = criteria.Yes
		}
		r.Eligible = r.AllMet
		r.Slipped = criteria.No
		if rec != nil && rec.Year <= year {
			r.Recognition = rec
			r.Unit.Titles = []string{"ntm"}
			if r.AllMet == criteria.No {
				r.Slipped = criteria.Yes
			} else if r.AllMet == criteria.TruthUnknown {
				r.Slipped = criteria.TruthUnknown
			}
		}
		return r
	}
	for i := 0; i < n; i++ {
		code := fmt.Sprintf("%05d", 40000+i)
		p := 0.45 + 0.55*rng.Float64()
		before := make([]criteria.Status, len(rs.Criteria))
		after := make([]criteria.Status, len(rs.Criteria))
		for k := range before {
			switch x := rng.Float64(); {
			case x < 0.02:
				before[k] = criteria.Unknown
			case x < p:
				before[k] = criteria.Met
			default:
				before[k] = criteria.NotMet
			}
			after[k] = before[k]
			if y := rng.Float64(); y < 0.15 {
				after[k] = criteria.Met
			} else if y < 0.2 {
				after[k] = criteria.NotMet
			}
		}
		var rec *criteria.Recognition
		if rng.Float64() < 0.35 {
			rec = &criteria.Recognition{Level: "ntm", Year: 2011 + rng.IntN(10)}
		}
		d := districts[rng.IntN(len(districts))]
		prev = append(prev, build(code, "Xã "+code, d, 2019, before, rec))
		cur = append(cur, build(code, "Xã "+code, d, 2020, after, rec))
	}
	return prev, cur
}

func caMauScheme(tb testing.TB) (*criteria.Ruleset, *scoring.Scheme) {
	tb.Helper()
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(tb, err)
	s, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	require.NoError(tb, err)
	return rs, s
}

// BenchmarkRank ranks 10,000 communes with the Cà Mau scheme: commune Front committees within
// their district, scored against the previous year.
func BenchmarkRank(b *testing.B) {
	rs, s := caMauScheme(b)
	prev, cur := syntheticResults(b, rs, 10000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := s.Rank(cur, scoring.WithPrevious(prev))
		if err != nil || len(r.Scores) != 10000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkRankDistricts aggregates the same 10,000 communes into districts and ranks them.
func BenchmarkRankDistricts(b *testing.B) {
	rs, s := caMauScheme(b)
	prev, cur := syntheticResults(b, rs, 10000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Rank(cur, scoring.WithPrevious(prev), scoring.ForSubject(scoring.DistrictFronts)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSyntheticRankIsConsistent(t *testing.T) {
	rs, s := caMauScheme(t)
	prev, cur := syntheticResults(t, rs, 2000)
	r, err := s.Rank(cur, scoring.WithPrevious(prev), scoring.ForSubject(scoring.Communes))
	require.NoError(t, err)
	for i := 1; i < len(r.Scores); i++ {
		a, b := r.Scores[i-1], r.Scores[i]
		c := a.Total.Cmp(b.Total)
		require.GreaterOrEqual(t, c, 0, "%s before %s", a.Code, b.Code)
		if c == 0 && a.Met == b.Met {
			require.Equal(t, a.Rank, b.Rank)
			require.Less(t, a.Code, b.Code, "tied units in code order")
		} else {
			require.Equal(t, i+1, b.Rank, "shared ranking skips ranks after a tie")
		}
	}
}
