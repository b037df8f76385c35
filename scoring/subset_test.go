package scoring

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/stretchr/testify/require"
)

// TestSubsetIsARanking: ranking again a subset of a ranking's units in place (a stable sort
// by the new scope, new ranks) gives what sorting the subset from scratch gives, for every
// pair of scopes and random subsets of generated communes with many ties.
func TestSubsetIsARanking(t *testing.T) {
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	s, err := Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	units, err := gen.Varied(prog, 600, gen.Seed, criteria.Period{Year: 2020})
	require.NoError(t, err)
	var inputs []Input
	var v criteria.Verdicts
	for _, u := range units {
		require.NoError(t, prog.Verdicts(context.Background(), u, &v))
		in, err := s.Input(prog, u, &v)
		require.NoError(t, err)
		inputs = append(inputs, in)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, subj := range []Subject{SubjectCommune, SubjectCommuneFront, SubjectDistrictFront} {
		rk, err := s.Rank(inputs, ForSubject(subj))
		require.NoError(t, err)
		for _, scope := range []Scope{ScopeProvince, ScopeDistrict} {
			for trial := 0; trial < 5; trial++ {
				var pos []int
				for i := range rk.units {
					if rng.IntN(3) > 0 {
						pos = append(pos, i)
					}
				}
				got := rk.subset(pos, scope)
				want := &Ranking{core: rk.core, rule: got.rule, inputs: rk.inputs, dists: rk.dists}
				for _, p := range pos {
					want.units = append(want.units, rk.units[p])
				}
				s.rankUnits(want)
				require.Equal(t, want.scopes, got.scopes, "%s %s", subj, scope)
				require.Equal(t, want.units, got.units, "%s drawn %s, trial %d", subj, scope, trial)
			}
		}
	}
}
