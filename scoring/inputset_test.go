package scoring_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// setOf puts inputs in a new set.
func setOf(t testing.TB, s *scoring.Scheme, ins []scoring.Input) *scoring.InputSet {
	t.Helper()
	set := s.NewInputSet()
	for _, in := range ins {
		require.NoError(t, set.AddInput(in))
	}
	return set
}

// twoYears draws n communes for 2019 and 2020 without linking them.
func twoYears(t testing.TB, n int) (*scoring.Scheme, []scoring.Input, []scoring.Input) {
	t.Helper()
	rs, s := caMauScheme(t)
	prog, err := rs.Compile()
	require.NoError(t, err)
	var years [2][]scoring.Input
	for y, p := range []criteria.Period{{Year: 2019}, {Year: 2020}} {
		units, err := gen.Varied(prog, n, gen.Seed, p)
		require.NoError(t, err)
		var v criteria.Verdicts
		for _, u := range units {
			require.NoError(t, prog.Verdicts(context.Background(), u, &v))
			in, err := s.Input(prog, u, &v)
			require.NoError(t, err)
			years[y] = append(years[y], in)
		}
	}
	return s, years[0], years[1]
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestInputSetRanksAsSlice: a set gives back every input as it was added, and ranking it
// (every subject, with the previous period from a set or carried by the inputs) gives the
// rankings, bands, Front report and candidates a slice of the same inputs gives.
func TestInputSetRanksAsSlice(t *testing.T) {
	s, before, after := twoYears(t, 1500)
	_, carried := caMauInputs(t, 1500)
	for name, c := range map[string]struct {
		cur, prev []scoring.Input
	}{"previous given": {after, before}, "previous carried": {carried, nil}, "no previous": {after, nil}} {
		t.Run(name, func(t *testing.T) {
			set := setOf(t, s, c.cur)
			require.Equal(t, len(c.cur), set.Len())
			for i := range c.cur {
				require.Equal(t, c.cur[i], set.At(i), "unit %d given back as added", i)
			}
			var sliceRks, setRks []*scoring.Ranking
			for _, subj := range []scoring.Subject{scoring.SubjectCommune, scoring.SubjectCommuneFront, scoring.SubjectDistrictFront} {
				o1, o2 := []scoring.Option{scoring.ForSubject(subj)}, []scoring.Option{scoring.ForSubject(subj)}
				if c.prev != nil {
					o1 = append(o1, scoring.WithPrevious(c.prev))
					o2 = append(o2, scoring.WithPrevious(setOf(t, s, c.prev)))
				}
				r1, err := s.Rank(c.cur, o1...)
				require.NoError(t, err)
				r2, err := s.RankSet(set, o2...)
				require.NoError(t, err)
				assert.Equal(t, r1.Scores(), r2.Scores(), "%s", subj)
				assert.Equal(t, r1.Previous, r2.Previous)
				sliceRks, setRks = append(sliceRks, r1), append(setRks, r2)
			}
			b1, err := s.Bands(c.cur)
			require.NoError(t, err)
			b2, err := setRks[0].Bands()
			require.NoError(t, err)
			assert.Equal(t, asJSON(t, b1), asJSON(t, b2))
			f1, err := s.FrontReport(c.cur)
			require.NoError(t, err)
			f2, err := setRks[1].FrontReport()
			require.NoError(t, err)
			assert.Equal(t, asJSON(t, f1), asJSON(t, f2))
			c1, err := s.Candidates(sliceRks...)
			require.NoError(t, err)
			c2, err := s.Candidates(setRks...)
			require.NoError(t, err)
			assert.Equal(t, asJSON(t, c1), asJSON(t, c2))
		})
	}
}

// TestInputSetRefuses: a set checks what it is given, and ranking checks the set as it checks
// a slice.
func TestInputSetRefuses(t *testing.T) {
	s, before, after := twoYears(t, 20)
	set := s.NewInputSet()
	assert.ErrorContains(t, set.AddInput(scoring.Input{Code: "X"}), "not of the ruleset")
	long := after[0]
	long.Name = string(make([]byte, 2<<20))
	assert.ErrorContains(t, set.AddInput(long), "a set keeps at most")
	assert.Equal(t, 0, set.Len(), "nothing refused is kept")
	_, err := s.RankSet(nil)
	assert.Error(t, err)
	_, err = s.RankSet(set)
	assert.ErrorContains(t, err, "no inputs given")
	dup := setOf(t, s, append([]scoring.Input{after[3]}, after...))
	_, err = s.RankSet(dup)
	assert.ErrorContains(t, err, "appears twice")
	mixed := setOf(t, s, append(append([]scoring.Input{}, before[:5]...), after[5:]...))
	_, err = s.RankSet(mixed)
	assert.ErrorContains(t, err, "give one period at a time")
	_, err = s.RankSet(setOf(t, s, before), scoring.WithPrevious(setOf(t, s, after)))
	assert.ErrorContains(t, err, "is not before")
}

// TestInputSetMemory: a set keeps about 70 bytes a unit (the sample's codes and names are 5
// and about 15 bytes), against about 250 for a slice of Input and its strings.
func TestInputSetMemory(t *testing.T) {
	s, _, after := twoYears(t, 1000)
	const n = 200_000
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	set := s.NewInputSet()
	for i := range n {
		in := after[i%len(after)]
		in.Code = fmt.Sprintf("%07d", i)
		require.NoError(t, set.AddInput(in))
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	perUnit := float64(m1.HeapAlloc-m0.HeapAlloc) / n
	t.Logf("%.1f bytes a unit", perUnit)
	assert.Less(t, perUnit, 80.0)
	runtime.KeepAlive(set)
}

// TestInputSetAfterRanking: a ranking keeps to the units its set held when it was ranked; a
// zero InputSet refuses inputs instead of panicking.
func TestInputSetAfterRanking(t *testing.T) {
	s, before, after := twoYears(t, 50)
	set := setOf(t, s, after[:30])
	rk, err := s.RankSet(set)
	require.NoError(t, err)
	for _, in := range after[30:] {
		require.NoError(t, set.AddInput(in))
	}
	require.NoError(t, set.AddInput(after[0]), "a duplicate added later is not the ranking's")
	b, err := rk.Bands()
	require.NoError(t, err)
	assert.Equal(t, 30, b.Units)
	f, err := rk.FrontReport()
	require.NoError(t, err)
	assert.Equal(t, 30, f.Communes)

	var zero scoring.InputSet
	assert.ErrorContains(t, zero.AddInput(before[0]), "make it with Scheme.NewInputSet")
	_, err = s.RankSet(&zero)
	assert.Error(t, err)

	long := after[1]
	long.Name = strings.Repeat("x", 70000)
	assert.NoError(t, s.NewInputSet().AddInput(long), "a name the data reader accepts (64 KB) is kept")
}
