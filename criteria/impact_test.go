package criteria_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
)

// raisedIncome is a province layer raising Cà Mau's 2020 income bar from 50 to 55.
const raisedIncome = `format: ntm.rules/v1
id: tinh-x.thu-nhap
version: "2016-2020"
extends: camau.xa-ntm@2016-2020
title: {vi: "Thử nâng mức thu nhập", en: "Income bar raised"}
illustrative: true
override:
  - indicator: "10"
    reason: "a province considers 55"
    target:
      dbscl:
        years:
          "2016": {value: 33, confidence: verified, source: "T"}
          "2017": {value: 37.25, confidence: inferred, source: "T"}
          "2018": {value: 41.5, confidence: inferred, source: "T"}
          "2019": {value: 45.75, confidence: inferred, source: "T"}
          "2020-": {value: 55, confidence: unverified, source: "T"}
`

func impactPrograms(t testing.TB) (*criteria.Program, *criteria.Program) {
	t.Helper()
	base, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	raised, err := criteria.Parse("tinh-x.yaml", []byte(raisedIncome), criteria.WithBase(rules.FS))
	require.NoError(t, err)
	pa, err := base.Compile()
	require.NoError(t, err)
	pb, err := raised.Compile()
	require.NoError(t, err)
	return pa, pb
}

// TestImpactRaisedTarget: raising one target by a known amount flips exactly the communes whose
// value lies between the two targets — income in [50, 55) — each with the income check as
// its one indicator flip, 50 before and 55 after; every other commune is unchanged, and the totals add
// up.
func TestImpactRaisedTarget(t *testing.T) {
	pa, pb := impactPrograms(t)
	units, err := gen.Varied(pa, 2000, gen.Seed, criteria.Period{Year: 2020})
	require.NoError(t, err)
	lo, hi := decimal.NewFromInt(50), decimal.NewFromInt(55)
	want := map[string]bool{}
	for _, u := range units {
		v, ok := u.Values.Get("income_per_capita")
		if !ok {
			continue
		}
		d, err := decimal.NewFromString(v.String())
		require.NoError(t, err)
		if d.GreaterThanOrEqual(lo) && d.LessThan(hi) {
			want[u.Code] = true
		}
	}
	require.NotEmpty(t, want, "the varied communes have incomes between the two bars")

	rep, err := criteria.Impact(context.Background(), pa, pb, units)
	require.NoError(t, err)
	assert.Empty(t, rep.Errors)
	assert.Equal(t, len(units), rep.Units)
	got := map[string]bool{}
	for _, ui := range rep.Impacts {
		got[ui.Code] = true
		// One indicator flips; a commune that had exactly the criteria a condition counts
		// (14 to register) also turns that condition.
		require.NotEmpty(t, ui.Flips, ui.Code)
		for _, f := range ui.Flips[1:] {
			assert.True(t, f.Criterion.IsZero(), "%s: only conditions follow: %s", ui.Code, f.Indicator.ID())
		}
		f := ui.Flips[0]
		assert.Equal(t, "10", f.Indicator.ID())
		before, after := f.Status()
		assert.Equal(t, criteria.Met, before, ui.Code)
		assert.Equal(t, criteria.NotMet, after, ui.Code)
		assert.Equal(t, "50", f.Before.Target().Value.String())
		assert.Equal(t, "55", f.After.Target().Value.String())
		assert.Equal(t, ui.Before.Met-1, ui.After.Met, "one criterion lost")
		assert.True(t, ui.Changed())
	}
	assert.Equal(t, want, got, "exactly the communes between the bars")
	lost := 0
	for _, ui := range rep.Impacts {
		if ui.Before.AllMet == criteria.Yes {
			lost++
		}
	}
	assert.Equal(t, rep.AllMet[0]-lost, rep.AllMet[1], "all met: before − the all-met communes that flipped = after")

	// The same ruleset on both sides: nothing changes.
	same, err := criteria.Impact(context.Background(), pa, pa, units)
	require.NoError(t, err)
	assert.Empty(t, same.Impacts)
	assert.Equal(t, same.AllMet[0], same.AllMet[1])
}

// TestImpactBadUnits: a unit one ruleset cannot evaluate is one error, counted nowhere else;
// the others are judged; a cancelled context stops the run.
func TestImpactBadUnits(t *testing.T) {
	pa, pb := impactPrograms(t)
	units, err := gen.Varied(pa, 20, gen.Seed, criteria.Period{Year: 2020})
	require.NoError(t, err)
	bad := units[3].Clone()
	bad.Region = "tdmnpb" // Cà Mau's file accepts dbscl only
	all := append(append([]*criteria.Unit{}, units...), bad, nil)
	rep, err := criteria.Impact(context.Background(), pa, pb, all)
	require.NoError(t, err)
	assert.Equal(t, 20, rep.Units)
	assert.Len(t, rep.Errors, 3, "the bad unit under each ruleset, and the nil one")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = criteria.Impact(ctx, pa, pb, units)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = criteria.Impact(context.Background(), nil, pb, units)
	assert.Error(t, err)
}

// BenchmarkImpact: 10,000 varied communes under Cà Mau's set and a layer raising the income
// bar, against the same units' plain verdicts under both (the floor: two verdict runs).
func BenchmarkImpact(b *testing.B) {
	pa, pb := impactPrograms(b)
	units, err := gen.Varied(pa, 10000, gen.Seed, criteria.Period{Year: 2020})
	require.NoError(b, err)
	ctx := context.Background()
	b.Run("impact", func(b *testing.B) {
		b.ReportAllocs()
		changed := 0
		for b.Loop() {
			rep, err := criteria.Impact(ctx, pa, pb, units)
			if err != nil {
				b.Fatal(err)
			}
			changed = len(rep.Impacts)
		}
		b.ReportMetric(float64(changed), "units-changed")
	})
	b.Run("two-verdict-runs", func(b *testing.B) {
		b.ReportAllocs()
		var va, vb criteria.Verdicts
		for b.Loop() {
			for _, u := range units {
				if pa.Verdicts(ctx, u, &va) != nil || pb.Verdicts(ctx, u, &vb) != nil {
					b.Fatal("verdicts")
				}
			}
		}
	})
}

// TestImpactRefusesAndOneSided: two rulesets of different levels are refused; a check only one
// side has, whose verdict decides nothing (unknown), is not a flip.
func TestImpactRefusesAndOneSided(t *testing.T) {
	pa, _ := impactPrograms(t)
	district, err := criteria.Load(rules.FS, "vn/huyen-ntm-2016-2020.yaml")
	require.NoError(t, err)
	pd, err := district.Compile()
	require.NoError(t, err)
	units, err := gen.Varied(pa, 50, gen.Seed, criteria.Period{Year: 2020})
	require.NoError(t, err)
	_, err = criteria.Impact(context.Background(), pd, pa, units)
	assert.ErrorContains(t, err, "one level")

	national, err := criteria.Load(rules.FS, "vn/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	pn, err := national.Compile()
	require.NoError(t, err)
	rep, err := criteria.Impact(context.Background(), pn, pa, units)
	require.NoError(t, err)
	for _, ui := range rep.Impacts {
		for _, f := range ui.Flips {
			b, a := f.Status()
			assert.NotEqual(t, b, a, "%s %s: a flip changes the verdict", ui.Code, f.Indicator.ID())
		}
	}
}
