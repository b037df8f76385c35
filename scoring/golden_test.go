package scoring_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGolden writes every report of the test data as JSON and compares it with testdata/golden
// (go test ./scoring -update rewrites them; review the diff). Package scoring/report compares
// the same reports' table rows with its own golden files.
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
		v    json.Marshaler
	}{
		{"ranking-commune", rankings[scoring.SubjectCommune]},
		{"ranking-commune-front", rankings[scoring.SubjectCommuneFront]},
		{"ranking-district", rankings[scoring.SubjectDistrict]},
		{"ranking-district-front", rankings[scoring.SubjectDistrictFront]},
		{"bands", bands},
		{"progress", progress},
		{"summary", summary},
		{"goals", goals},
		{"front", front},
		{"candidates", cands},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name+".json", tc.v)
		})
	}
	t.Run("score breakdown", func(t *testing.T) {
		sc, ok := rankings[scoring.SubjectCommune].Score("10003")
		require.True(t, ok)
		golden(t, "score-10003.json", sc)
	})
}

// The JSON is the same byte for byte on every run.
func TestJSONStable(t *testing.T) {
	f := mustFixture(t)
	y19, y20 := f.year(t, "2019"), f.year(t, "2020")
	var first []byte
	for i := 0; i < 5; i++ {
		r, err := f.scheme.Rank(y20, scoring.WithPrevious(y19), scoring.ForSubject(scoring.SubjectCommuneFront))
		require.NoError(t, err)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		if first == nil {
			first = b
		}
		assert.Equal(t, string(first), string(b))
	}
	assert.True(t, strings.HasPrefix(string(first), `{"format":"ntm.ranking/v1"`))
	assert.Contains(t, string(first), `"total":28.5`, "decimals are JSON numbers")
}

// One scheme ranks from many goroutines at once (run with -race).
func TestConcurrentRank(t *testing.T) {
	f := mustFixture(t)
	y19, y20 := f.year(t, "2019"), f.year(t, "2020")
	want, err := f.scheme.Rank(y20, scoring.WithPrevious(y19))
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			subj := []scoring.Subject{scoring.SubjectCommune, scoring.SubjectCommuneFront, scoring.SubjectDistrict, scoring.SubjectDistrictFront}[i%4]
			r, err := f.scheme.Rank(y20, scoring.WithPrevious(y19), scoring.ForSubject(subj))
			if err != nil {
				errs <- err.Error()
				return
			}
			if _, err := f.scheme.Bands(y20); err != nil {
				errs <- err.Error()
			}
			if subj == scoring.SubjectCommune {
				b, _ := json.Marshal(r)
				if string(b) != string(wantJSON) {
					errs <- "different output"
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
