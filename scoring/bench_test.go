package scoring_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
)

func caMauScheme(tb testing.TB) (*criteria.Ruleset, *scoring.Scheme) {
	tb.Helper()
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(tb, err)
	s, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	require.NoError(tb, err)
	return rs, s
}

// caMauInputs draws n communes from the sample generator for 2019 and 2020, evaluates them on
// the verdict-only path and makes their scoring inputs, each 2020 input carrying its 2019.
func caMauInputs(tb testing.TB, n int) (*scoring.Scheme, []scoring.Input) {
	tb.Helper()
	rs, s := caMauScheme(tb)
	prog, err := rs.Compile()
	require.NoError(tb, err)
	ctx := context.Background()
	var years [2][]scoring.Input
	for y, p := range []criteria.Period{{Year: 2019}, {Year: 2020}} {
		units, err := gen.Varied(prog, n, gen.Seed, p)
		require.NoError(tb, err)
		var v criteria.Verdicts
		for _, u := range units {
			require.NoError(tb, prog.Verdicts(ctx, u, &v))
			in, err := s.Input(prog, u, &v)
			require.NoError(tb, err)
			years[y] = append(years[y], in)
		}
	}
	for i := range years[1] {
		require.NoError(tb, years[1][i].SetPrevious(years[0][i]))
	}
	return s, years[1]
}

// BenchmarkRank ranks 10,000 communes with the Cà Mau scheme (commune Front committees within
// their district, with progress points against 2019), from their compact inputs. The
// hand-written baseline sorts the same communes by a total computed beforehand, then by code.
func BenchmarkRank(b *testing.B) {
	s, cur := caMauInputs(b, 10000)
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r, err := s.Rank(cur)
			if err != nil || r.Len() != len(cur) {
				b.Fatal(err)
			}
		}
	})
	b.Run("engine_set", func(b *testing.B) {
		set := s.NewInputSet()
		for _, in := range cur {
			require.NoError(b, set.AddInput(in))
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			r, err := s.RankSet(set)
			if err != nil || r.Len() != len(cur) {
				b.Fatal(err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		r, err := s.Rank(cur)
		require.NoError(b, err)
		total := map[string]int64{}
		for _, sc := range r.Scores() {
			total[sc.Code] = sc.Total.Num.Shift(2).IntPart()
		}
		type row struct {
			total int64
			code  string
		}
		rows := make([]row, len(cur))
		for i := range cur {
			rows[i] = row{total[cur[i].Code], cur[i].Code}
		}
		order := make([]int, len(rows))
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			for i := range order {
				order[i] = i
			}
			slices.SortFunc(order, func(x, y int) int {
				if rows[x].total != rows[y].total {
					if rows[x].total > rows[y].total {
						return -1
					}
					return 1
				}
				if rows[x].code < rows[y].code {
					return -1
				}
				return 1
			})
		}
	})
}

// BenchmarkRankScores also builds every score's breakdown, as a full report does.
func BenchmarkRankScores(b *testing.B) {
	s, cur := caMauInputs(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		r, err := s.Rank(cur)
		if err != nil || len(r.Scores()) != len(cur) {
			b.Fatal(err)
		}
	}
}

// BenchmarkRankDistricts aggregates the same 10,000 communes into districts and ranks them.
func BenchmarkRankDistricts(b *testing.B) {
	s, cur := caMauInputs(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Rank(cur, scoring.ForSubject(scoring.SubjectDistrictFront)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRankAllocations: ranking allocates a constant few slices, not per commune.
func TestRankAllocations(t *testing.T) {
	s, cur := caMauInputs(t, 2000)
	allocs := testing.AllocsPerRun(3, func() {
		if _, err := s.Rank(cur); err != nil {
			t.Fatal(err)
		}
	})
	require.LessOrEqual(t, allocs, float64(len(cur)), "at most one allocation per commune")
	require.Less(t, allocs, 40.0, "a constant few allocations for 2,000 communes")
}

func TestGeneratedRankIsConsistent(t *testing.T) {
	s, cur := caMauInputs(t, 2000)
	r, err := s.Rank(cur, scoring.ForSubject(scoring.SubjectCommune))
	require.NoError(t, err)
	scores := r.Scores()
	require.Len(t, scores, 2000)
	gained := 0
	for i := 1; i < len(scores); i++ {
		a, b := scores[i-1], scores[i]
		gained += len(b.Gained)
		c := a.Total.Cmp(b.Total)
		require.GreaterOrEqual(t, c, 0, "%s before %s", a.Code, b.Code)
		if c == 0 && a.Met == b.Met {
			require.Equal(t, a.Rank, b.Rank)
			require.Less(t, a.Code, b.Code, "tied units in code order")
		} else {
			require.Equal(t, i+1, b.Rank, "shared ranking skips ranks after a tie")
		}
		require.True(t, b.HasPrevious)
	}
	require.Positive(t, gained, "progress between 2019 and 2020 is scored")
}

// TestEachIsScores: Each gives the scores Scores gives, in the same order, stops when asked,
// and can run while Scores is being built in another goroutine (checked under -race).
func TestEachIsScores(t *testing.T) {
	s, cur := caMauInputs(t, 500)
	r, err := s.Rank(cur, scoring.ForSubject(scoring.SubjectCommune))
	require.NoError(t, err)
	var each []scoring.Score
	done := make(chan struct{})
	go func() { defer close(done); r.Scores() }()
	r.Each(func(sc *scoring.Score) bool { each = append(each, *sc); return true })
	<-done
	require.Equal(t, r.Scores(), each)
	n := 0
	r.Each(func(*scoring.Score) bool { n++; return n < 7 })
	assert.Equal(t, 7, n, "Each stops when fn returns false")
}

// TestCandidatesAreBuiltWhenAsked: drawing candidates keeps compact scores, not a Candidate
// each (a list of a million tied candidates once held a million Candidates with their classes
// and labels): the draw allocates slices per rule, not per candidate, whatever the number of
// candidates, and Candidate(i) builds the same candidate every time.
func TestCandidatesAreBuiltWhenAsked(t *testing.T) {
	s, cur := caMauInputs(t, 2000)
	var rankings []*scoring.Ranking
	for _, subj := range []scoring.Subject{scoring.SubjectCommune, scoring.SubjectCommuneFront, scoring.SubjectDistrictFront} {
		r, err := s.Rank(cur, scoring.ForSubject(subj))
		require.NoError(t, err)
		rankings = append(rankings, r)
	}
	rep, err := s.Candidates(rankings...)
	require.NoError(t, err)
	total := 0
	for _, l := range rep.Lists {
		total += l.Len()
		n := 0
		for i, c := range l.Candidates() {
			require.Equal(t, i, n)
			again := l.Candidate(i)
			require.Equal(t, c.Code, again.Code)
			require.Equal(t, c.Reason(), again.Reason())
			n++
		}
		require.Equal(t, l.Len(), n)
	}
	require.Greater(t, total, 20, "the generated province proposes candidates")
	allocs := testing.AllocsPerRun(3, func() {
		if _, err := s.Candidates(rankings...); err != nil {
			t.Fatal(err)
		}
	})
	// Growing slices and ranking the pool again take a few dozen allocations per rule; building
	// a Candidate took several each (its score, lines, class and label).
	require.Less(t, allocs, float64(total)/2, "allocations grow with the rules, not the candidates (%d candidates)", total)
}

// BenchmarkRobustness: 1,000 draws (±10 % points, unknown criteria drawn) over 100 varied
// communes under the Cà Mau scheme, against the floor the issue names: the same number of plain
// verdict evaluations (100 units × 1,000).
func BenchmarkRobustness(b *testing.B) {
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(b, err)
	sc, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	require.NoError(b, err)
	prog, err := rs.Compile()
	require.NoError(b, err)
	units, err := gen.Varied(prog, 100, gen.Seed, criteria.Period{Year: 2020})
	require.NoError(b, err)
	ctx := context.Background()
	var v criteria.Verdicts
	inputs := make([]scoring.Input, len(units))
	for i, u := range units {
		require.NoError(b, prog.Verdicts(ctx, u, &v))
		inputs[i], err = sc.Input(prog, u, &v)
		require.NoError(b, err)
	}
	b.Run("robustness", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sc.Robustness(inputs, scoring.RobustnessOptions{Draws: 1000, Seed: 1, Jitter: 0.1, Unknown: true, Cut: 5}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verdicts-100x1000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for range 1000 {
				for _, u := range units {
					if err := prog.Verdicts(ctx, u, &v); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	})
}
