package criteria_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/require"
)

// The synthetic village index against a hand-written Go function doing only its essential
// work: twelve scores by if-chains on the raw values, three normalised sums with their
// missing-value policies, their mean and its class, in exact integer fractions.

// village is one village's raw values as the hand-written function reads them: numbers in
// hundredths, a negative number meaning missing; "" a missing category.
type village struct {
	enrolment, insured, water, clinic, income, poor, waste, toilets, trees int64
	market, flood                                                          string
	credit                                                                 int8 // -1 missing, 0 no, 1 yes
}

func randomVillages(n int, seed uint64) []village {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]village, n)
	for i := range out {
		q := r.Float64() // how well off the village is: values spread around it
		num := func(top int64, better bool) int64 {
			if r.IntN(20) == 0 {
				return -1
			}
			f := q
			if !better {
				f = 1 - q
			}
			f = min(1, max(0, f+(r.Float64()-0.5)*0.4))
			return int64(f * float64(top*100))
		}
		cat := func(vals ...string) string {
			if r.IntN(20) == 0 {
				return ""
			}
			k := min(len(vals)-1, int(q*float64(len(vals))+r.Float64()-0.5))
			return vals[max(0, k)]
		}
		credit := int8(-1)
		if r.IntN(20) != 0 {
			credit = 0
			if r.Float64() < q {
				credit = 1
			}
		}
		out[i] = village{enrolment: num(100, true), insured: num(100, true), water: num(100, true), clinic: num(30, false),
			income: num(90, true), poor: num(30, false), waste: num(100, true), toilets: num(100, true), trees: num(60, true),
			market: cat("none", "periodic", "daily", "town"), flood: cat("severe", "moderate", "low", "none"), credit: credit}
	}
	return out
}

func (v village) unit(rs *criteria.Ruleset, code string) (*criteria.Unit, error) {
	vals := rs.NewValues()
	for id, x := range map[string]int64{"enrolment": v.enrolment, "insured": v.insured, "water": v.water, "clinic_km": v.clinic,
		"income": v.income, "poor_rate": v.poor, "waste": v.waste, "toilets": v.toilets, "tree_cover": v.trees} {
		if x >= 0 {
			if err := vals.SetString(id, fmt.Sprintf("%d.%02d", x/100, x%100)); err != nil {
				return nil, err
			}
		}
	}
	for id, s := range map[string]string{"market": v.market, "flood": v.flood} {
		if s != "" {
			if err := vals.SetString(id, s); err != nil {
				return nil, err
			}
		}
	}
	if v.credit >= 0 {
		if err := vals.SetString("credit", fmt.Sprint(v.credit == 1)); err != nil {
			return nil, err
		}
	}
	return &criteria.Unit{Code: code, Region: "vn", Period: criteria.Period{Year: 2025}, Values: vals}, nil
}

// up scores a value against rising bounds (hundredths): 1 below the first, +1 from each.
func up(x int64, bounds ...int64) int64 {
	s := int64(1)
	for _, b := range bounds {
		if x >= b {
			s++
		}
	}
	return s
}

// down scores a value where lower is better: 5 up to the first bound, −1 above each.
func down(x int64, bounds ...int64) int64 {
	s := int64(5)
	for _, b := range bounds {
		if x > b {
			s--
		}
	}
	return s
}

// hwVillageClass computes the index's class by hand: 0 very low … 4 very high, -1 unknown.
func hwVillageClass(v *village) int {
	// social: normalised sum, unknown inputs excluded.
	var sNum, sMax int64
	for _, s := range [...]struct{ x, sc int64 }{
		{v.enrolment, up(v.enrolment, 6000, 7500, 9000, 9800)}, {v.insured, up(v.insured, 5000, 7000, 8500, 9500)},
		{v.water, up(v.water, 4000, 6000, 8000, 9500)}, {v.clinic, down(v.clinic, 200, 500, 1000, 2000)},
	} {
		if s.x >= 0 {
			sNum, sMax = sNum+s.sc, sMax+5
		}
	}
	if sMax == 0 {
		return -1
	}
	// economy: normalised sum, income weighs 2, unknown inputs count as 1.
	eNum := int64(2)
	if v.income >= 0 {
		eNum = 2 * up(v.income, 2000, 3500, 5000, 7000)
	}
	if v.poor >= 0 {
		eNum += down(v.poor, 200, 500, 1000, 2000)
	} else {
		eNum++
	}
	switch v.market {
	case "periodic":
		eNum += 3
	case "daily":
		eNum += 4
	case "town":
		eNum += 5
	default: // none, or unknown: the lowest
		eNum++
	}
	if v.credit == 1 {
		eNum += 5
	} else {
		eNum++
	}
	// environment: normalised sum, unknown if any input is.
	if v.waste < 0 || v.toilets < 0 || v.trees < 0 || v.flood == "" {
		return -1
	}
	nNum := up(v.waste, 3000, 5000, 7000, 9000) + up(v.toilets, 5000, 7000, 8500, 9500) + up(v.trees, 1000, 2000, 3000, 4000)
	switch v.flood {
	case "severe":
		nNum++
	case "moderate":
		nNum += 2
	case "low":
		nNum += 4
	default:
		nNum += 5
	}
	// mean of sNum/sMax, eNum/25, nNum/20 over a common denominator, against 0.4, 0.6, 0.75, 0.9.
	den := sMax * 25 * 20 * 3
	x := (sNum*25*20 + eNum*sMax*20 + nNum*sMax*25) * 100 // the index, in hundredths, times den
	switch {
	case x > 90*den:
		return 4
	case x >= 75*den:
		return 3
	case x >= 60*den:
		return 2
	case x >= 40*den:
		return 1
	}
	return 0
}

var villageClasses = []string{"very_low", "low", "medium", "high", "very_high"}

func villageProgram(tb testing.TB) (*criteria.Ruleset, *criteria.Program) {
	rs, err := criteria.Load(os.DirFS("testdata/indices"), "village.yaml")
	require.NoError(tb, err)
	prog, err := rs.Compile()
	require.NoError(tb, err)
	return rs, prog
}

// TestIndexAgreesWithHandwritten: on 3000 random villages (one value in twenty missing), the
// engine's class is the hand-written function's, unknown where it is unknown.
func TestIndexAgreesWithHandwritten(t *testing.T) {
	rs, prog := villageProgram(t)
	var res criteria.Result
	seen := map[int]int{}
	for i, v := range randomVillages(3000, 11) {
		u, err := v.unit(rs, fmt.Sprint(i))
		require.NoError(t, err)
		require.NoError(t, prog.Explain(context.Background(), u, &res))
		want := hwVillageClass(&v)
		seen[want]++
		x, _ := res.Index("vdi")
		if want < 0 {
			require.Equal(t, "", x.Class, "village %d: %+v", i, v)
			continue
		}
		require.Equal(t, villageClasses[want], x.Class, "village %d: %+v (value %s)", i, v, x.Value)
	}
	for c := -1; c <= 4; c++ {
		require.Positive(t, seen[c], "the random villages reach class %d", c)
	}
}

func BenchmarkIndex(b *testing.B) {
	rs, prog := villageProgram(b)
	vs := randomVillages(1000, 12)
	units := make([]*criteria.Unit, len(vs))
	for i, v := range vs {
		u, err := v.unit(rs, fmt.Sprint(i))
		require.NoError(b, err)
		units[i] = u
	}
	ctx := context.Background()
	b.Run("engine", func(b *testing.B) {
		var res criteria.Result
		b.ReportAllocs()
		i, n := 0, 0
		for b.Loop() {
			if err := prog.Explain(ctx, units[i], &res); err != nil {
				b.Fatal(err)
			}
			n += len(res.Indices[3].Class)
			if i++; i == len(units) {
				i = 0
			}
		}
		hwSink += n
	})
	b.Run("handwritten", func(b *testing.B) {
		b.ReportAllocs()
		i, n := 0, 0
		for b.Loop() {
			n += hwVillageClass(&vs[i])
			if i++; i == len(vs) {
				i = 0
			}
		}
		hwSink += n
	})
}
