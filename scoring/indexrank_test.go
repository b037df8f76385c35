package scoring_test

import (
	"context"
	"os"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRankIndex ranks the synthetic village index's case units by their exact value: highest
// first, equal values sharing a rank, unknown values last and unranked; entries of two periods
// and an unknown index are refused.
func TestRankIndex(t *testing.T) {
	fsys := os.DirFS("../criteria/testdata/indices")
	rs, err := criteria.Load(fsys, "village.yaml")
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(fsys, "village.cases.yaml")
	require.NoError(t, err)
	var entries []scoring.IndexEntry
	for i, c := range cf.Cases {
		u, err := cf.Unit(c, rs)
		require.NoError(t, err)
		u.Code = string(rune('a' + i))
		res, err := prog.Evaluate(context.Background(), u)
		require.NoError(t, err)
		e, err := scoring.IndexEntryOf(res, "vdi")
		require.NoError(t, err)
		entries = append(entries, e)
		if i == 0 { // the same unit twice: a tie
			u.Code = "z"
			res, err = prog.Evaluate(context.Background(), u)
			require.NoError(t, err)
			e, err = scoring.IndexEntryOf(res, "vdi")
			require.NoError(t, err)
			entries = append(entries, e)
		}
	}
	ranked, err := scoring.RankIndex(entries)
	require.NoError(t, err)
	require.Len(t, ranked, len(cf.Cases)+1)
	known := 0
	for i, e := range ranked {
		if !e.Known {
			assert.Zero(t, e.Rank)
			assert.NotEmpty(t, e.Reason, e.Code)
			continue
		}
		known++
		assert.Equal(t, known, i+1, "known values come first")
		if i > 0 && ranked[i-1].Known {
			assert.GreaterOrEqual(t, ranked[i-1].Value.Cmp(e.Value), 0, "highest first")
		}
	}
	assert.Equal(t, 14, known, "16 entries, 2 of them unknown")
	assert.Equal(t, "1", ranked[0].Value.String(), "the highest value")
	var tied []scoring.IndexEntry
	for _, e := range ranked {
		if e.Tied {
			tied = append(tied, e)
		}
	}
	require.Len(t, tied, 2)
	assert.Equal(t, tied[0].Rank, tied[1].Rank)
	assert.Equal(t, []string{"a", "z"}, []string{tied[0].Code, tied[1].Code}, "a tie is ordered by code")

	entries[1].Period = criteria.Period{Year: 2024}
	_, err = scoring.RankIndex(entries)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rank one period at a time")

	u, err := cf.Unit(cf.Cases[0], rs)
	require.NoError(t, err)
	res, err := prog.Evaluate(context.Background(), u)
	require.NoError(t, err)
	_, err = scoring.IndexEntryOf(res, "vdl")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `did you mean "vdi"?`)
}
