package criteria_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

func shippedProgram(t testing.TB, path string) *criteria.Program {
	t.Helper()
	rs, err := criteria.Load(rules.FS, path)
	require.NoError(t, err)
	p, err := rs.Compile()
	require.NoError(t, err)
	return p
}

// provinceFixture builds communes from the Cà Mau all_met fixture, spread over districts,
// with some values lowered at random, and one district-level unit per district.
func provinceFixture(t testing.TB, communes, districts int, seed uint64) (criteria.Province, []*criteria.Unit, []*criteria.Unit) {
	t.Helper()
	pv := criteria.Province{
		Commune:  shippedProgram(t, "camau/xa-ntm-2016-2020.yaml"),
		District: shippedProgram(t, "vn/huyen-ntm-2016-2020.yaml"),
		Town:     shippedProgram(t, "vn/thi-xa-tp-hoan-thanh-2016-2020.yaml"),
		Advanced: shippedProgram(t, "camau/xa-nang-cao-2018-2020.yaml"),
		Model:    shippedProgram(t, "vn/xa-kieu-mau-2018-2020.yaml"),
	}
	cf, err := criteria.LoadCases(rules.FS, "camau/xa-ntm-2016-2020.cases.yaml")
	require.NoError(t, err)
	base, err := cf.Unit(&criteria.Case{Name: "base", From: "all_met", Region: "dbscl"}, pv.Commune.Ruleset())
	require.NoError(t, err)
	dcf, err := criteria.LoadCases(rules.FS, "vn/huyen-ntm-2016-2020.cases.yaml")
	require.NoError(t, err)
	dbase, err := dcf.Unit(&criteria.Case{Name: "base", From: "all_met", Region: "dbscl"}, pv.District.Ruleset())
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(seed, 1))
	var cs, ds []*criteria.Unit
	for d := 0; d < districts; d++ {
		u := *dbase
		u.Code, u.Name, u.Period = fmt.Sprintf("D%02d", d), fmt.Sprintf("Huyện %d", d), criteria.Period{Year: 2020}
		if d == 0 {
			u.Level = criteria.LevelTown
		}
		ds = append(ds, &u)
	}
	for c := 0; c < communes; c++ {
		u := *base
		u.Values = base.Values.Clone()
		u.Code, u.Name, u.District, u.Period = fmt.Sprintf("C%03d", c), fmt.Sprintf("Xã %d", c), fmt.Sprintf("D%02d", c%districts), criteria.Period{Year: 2020}
		if r.IntN(3) == 0 {
			require.NoError(t, u.Values.SetString("income_per_capita", fmt.Sprint(40+r.IntN(15))))
		}
		if r.IntN(2) == 0 {
			u.History = []criteria.Recognition{{Level: "ntm", Year: 2015 + r.IntN(5), Recorded: map[string]criteria.Number{"income_per_capita": criteria.IntNumber(34)}}}
		}
		cs = append(cs, &u)
	}
	return pv, cs, ds
}

func TestProvinceEvaluate(t *testing.T) {
	pv, cs, ds := provinceFixture(t, 30, 3, 7)
	// One commune of an unknown region must not stop the others.
	bad := *cs[0]
	bad.Code, bad.Region = "C999", "mekong"
	cs = append(cs, &bad)
	res, err := pv.Evaluate(context.Background(), cs, ds)
	require.NoError(t, err)
	require.Len(t, res.Communes, 30)
	require.Len(t, res.Errors, 1)
	assert.Contains(t, res.Errors[0].Error(), `region "mekong"`)
	require.Len(t, res.Districts, 3)
	for i, d := range res.Districts {
		assert.Len(t, d.Unit.Members, 10, d.Unit.Code)
		rec := 0
		for _, m := range d.Unit.Members {
			assert.Equal(t, d.Unit.Code, m.Unit.District)
			if m.Recognised() {
				rec++
			}
		}
		cond, ok := d.Condition("all_communes_recognised")
		if i == 0 {
			assert.Equal(t, "vn.thi-xa-tp-ntm", d.Ruleset.ID(), "a town completes the task instead")
			continue
		}
		require.True(t, ok)
		want := criteria.NotMet
		if rec == 10 {
			want = criteria.Met
		}
		assert.Equal(t, want, cond.Status, "%s: %d of 10 recognised", d.Unit.Code, rec)
	}
	seen := map[string]int{}
	for _, c := range res.Communes {
		seen[c.Standing]++
		switch c.Standing {
		case criteria.StandingRecognised:
			assert.Equal(t, "advanced", c.Next)
			require.NotNil(t, c.NextResult)
			assert.Equal(t, "camau.xa-nang-cao", c.NextResult.Ruleset.ID())
		case criteria.StandingInProgress, criteria.StandingEligible, criteria.StandingAllMet, criteria.StandingSlipped:
			assert.Equal(t, "ntm", c.Next)
			assert.Same(t, c.Result, c.NextResult)
		}
		if c.Standing == criteria.StandingEligible {
			assert.Empty(t, c.Lacks)
		}
		if c.Standing == criteria.StandingInProgress {
			assert.NotEmpty(t, c.Lacks)
		}
	}
	assert.Positive(t, seen[criteria.StandingRecognised]+seen[criteria.StandingSlipped])
	assert.Positive(t, seen[criteria.StandingInProgress]+seen[criteria.StandingEligible])
}

// BenchmarkProvince evaluates a province of 100 communes in 10 districts in one call: the
// communes, their next level (advanced), then the districts with their communes as members.
func BenchmarkProvince(b *testing.B) {
	pv, cs, ds := provinceFixture(b, 100, 10, 11)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := pv.Evaluate(ctx, cs, ds)
		if err != nil || len(res.Districts) != 10 {
			b.Fatal(err)
		}
	}
}

// TestProvinceIsBounded: a province keeps every commune's explanation, so one call takes at
// most MaxProvinceCommunes communes and says how to split the rest; at the limit it evaluates.
func TestProvinceIsBounded(t *testing.T) {
	pv, cs, _ := provinceFixture(t, 3, 1, 7)
	many := make([]*criteria.Unit, criteria.MaxProvinceCommunes+1)
	for i := range many {
		many[i] = cs[i%len(cs)]
	}
	_, err := pv.Evaluate(context.Background(), many, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at most 12000")
	assert.Contains(t, err.Error(), "by district")
	res, err := pv.Evaluate(context.Background(), cs, nil)
	require.NoError(t, err)
	assert.Len(t, res.Communes, 3)
}

// TestMarkTowns: the units named become towns; a code no unit has changes nothing and names
// the units there are.
func TestMarkTowns(t *testing.T) {
	_, _, ds := provinceFixture(t, 3, 3, 7)
	ds[0].Level = ""
	require.NoError(t, criteria.MarkTowns(ds, "D01"))
	assert.Equal(t, criteria.LevelTown, ds[1].Level)
	assert.NotEqual(t, criteria.LevelTown, ds[2].Level)
	err := criteria.MarkTowns(ds, "D02", "X9")
	assert.EqualError(t, err, "no district-level unit has the code X9 (the units are D00, D01, D02)")
	assert.NotEqual(t, criteria.LevelTown, ds[2].Level, "nothing is changed when a code is wrong")
}
