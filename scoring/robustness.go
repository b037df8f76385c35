package scoring

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/nongthonmoi/ntm/criteria"
)

// RobustnessOptions says how a ranking's robustness is drawn.
type RobustnessOptions struct {
	Draws int    `json:"draws"` // the number of draws, 1 to 100,000
	Seed  uint64 `json:"seed"`  // the same seed gives the same draws
	// Jitter perturbs the points: in each draw each criterion's points and each fact's
	// (recognised, progress, deductions) are multiplied by a factor drawn uniformly in
	// [1 − Jitter, 1 + Jitter]. 0.1 is ±10 %. From 0 to 1.
	Jitter float64 `json:"jitter"`
	// Unknown draws each criterion whose verdict is unknown as met or not met, with equal
	// chance, in each draw; without it an unknown criterion earns nothing, as in Rank.
	Unknown bool `json:"unknown_drawn"`
	Cut     int  `json:"cut"` // the commendation cut: the units ranked Cut or better (0: none)
}

// UnitRobustness is one unit's rank over the draws.
type UnitRobustness struct {
	Code  string  `json:"code"`
	Rank  int     `json:"rank"`   // the rank with the scheme's own points, no draw
	Low   int     `json:"low"`    // the 5th percentile of its rank over the draws
	High  int     `json:"high"`   // the 95th percentile (Low ≤ High)
	InCut float64 `json:"in_cut"` // the share of draws in which it ranks within the cut
	// Best and Worst bound its rank by its unknown criteria and the others', with the scheme's
	// own points: best when its unknown criteria are all met and every other unit's are not,
	// worst the other way round. Equal to Rank when no unit has a criterion unknown.
	Best  int `json:"best"`
	Worst int `json:"worst"`
}

// Robustness is how far a ranking by points can be trusted: each unit's rank interval, and the
// neighbouring pairs whose order the draws turn.
type Robustness struct {
	Options RobustnessOptions `json:"options"`
	Units   []UnitRobustness  `json:"units"` // in the order of the scheme's own points, best first
	// Unstable lists the neighbours (by the scheme's own points) whose order is turned in more
	// than 5 % and less than 95 % of the draws: Above is ranked above Below without a draw,
	// and Share is the share of draws keeping it above.
	Unstable []PairOrder `json:"unstable"`
}

// PairOrder is how often Above stays above Below over the draws.
type PairOrder struct {
	Above string  `json:"above"`
	Below string  `json:"below"`
	Share float64 `json:"share"`
}

// MaxDraws bounds the draws of a robustness run.
const MaxDraws = 100000

// MaxRankDraws bounds units × draws (each a rank kept for the percentiles, 4 bytes): 25 million
// is 100 MB.
const MaxRankDraws = 25_000_000

// Robustness draws the communes' points Options.Draws times — points perturbed, and unknown
// criteria drawn when asked — and ranks them by total each time, province-wide, best first,
// ties sharing the better rank. It works on the inputs' verdicts, never re-explaining a unit.
// The ranking is by points only: a scheme's other ordering keys and scopes are not drawn.
func (s *Scheme) Robustness(inputs []Input, o RobustnessOptions) (*Robustness, error) {
	s = s.core
	switch {
	case o.Draws < 1 || o.Draws > MaxDraws:
		return nil, fmt.Errorf("scoring: %d draws: give 1 to %d", o.Draws, MaxDraws)
	case !(o.Jitter >= 0 && o.Jitter <= 1):
		return nil, fmt.Errorf("scoring: a jitter of %v: give 0 to 1 (0.1 is ±10 %%)", o.Jitter)
	case o.Cut < 0:
		return nil, errors.New("scoring: a negative cut")
	case len(inputs) == 0:
		return nil, errors.New("scoring: no inputs")
	}
	if o.Cut > len(inputs) {
		return nil, fmt.Errorf("scoring: a cut of %d: there are %d units", o.Cut, len(inputs))
	}
	if int64(len(inputs))*int64(o.Draws) > MaxRankDraws {
		return nil, fmt.Errorf("scoring: %d draws of %d units: at most %d ranks are drawn in all (%d draws for these units)",
			o.Draws, len(inputs), MaxRankDraws, MaxRankDraws/int64(len(inputs)))
	}
	var errs criteria.ErrorList
	s.checkInputs(inputs, "input", &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	n := len(inputs)
	ncrit := len(s.ids)
	each := make([]float64, ncrit)
	for k := range each {
		each[k] = s.lines[s.group[k]].each.InexactFloat64()
	}
	pt := &s.Points
	facts := []float64{pt.Recognised.InexactFloat64(), pt.NewlyRecognised.InexactFloat64(), pt.CriterionGained.InexactFloat64(),
		-pt.CriterionLost.InexactFloat64(), -pt.Slipped.InexactFloat64()}
	// Per unit: which criteria are met and unknown, and the count of each fact.
	type unit struct {
		met, unknown []int
		facts        [5]float64
	}
	us := make([]unit, n)
	for i := range inputs {
		in := &inputs[i]
		u := &us[i]
		for k := range ncrit {
			switch in.now.status(k) {
			case criteria.Met:
				u.met = append(u.met, k)
			case criteria.Unknown:
				u.unknown = append(u.unknown, k)
			}
		}
		if in.Recognised {
			u.facts[0] = 1
		}
		if in.prev.has {
			if in.Recognised && !in.prev.recognised {
				u.facts[1] = 1
			}
			g, l := in.now.gained(&in.prev.now), in.now.lost(&in.prev.now)
			u.facts[2], u.facts[3] = float64(popcount(g)), float64(popcount(l))
		}
		if in.Slipped == criteria.Yes {
			u.facts[4] = 1
		}
	}
	total := func(u *unit, fc []float64, ff []float64, rng *rand.Rand) float64 {
		t := 0.0
		for _, k := range u.met {
			t += each[k] * fc[k]
		}
		if rng != nil {
			for _, k := range u.unknown {
				if rng.IntN(2) == 1 {
					t += each[k] * fc[k]
				}
			}
		}
		for j, c := range u.facts {
			t += c * facts[j] * ff[j]
		}
		return t
	}
	ones := make([]float64, max(ncrit, len(facts)))
	for i := range ones {
		ones[i] = 1
	}
	base := make([]float64, n)
	for i := range us {
		base[i] = total(&us[i], ones, ones, nil)
	}
	order := make([]int, n) // units by base total, best first; ties by code
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := order[a], order[b]
		if base[x] != base[y] {
			return base[x] > base[y]
		}
		return inputs[x].Code < inputs[y].Code
	})
	rankOf := func(tot []float64, idx []int, out []int) {
		// idx holds the units sorted by tot, best first: a unit's rank is 1 + the units
		// strictly above it.
		for p, i := range idx {
			if p > 0 && tot[i] == tot[idx[p-1]] {
				out[i] = out[idx[p-1]]
			} else {
				out[i] = p + 1
			}
		}
	}
	baseRank := make([]int, n)
	rankOf(base, order, baseRank)
	// The bounds by unknown criteria: each unit's total with all its unknown criteria met.
	most := make([]float64, n)
	for i := range us {
		most[i] = base[i]
		for _, k := range us[i].unknown {
			most[i] += each[k]
		}
	}
	least := slices.Clone(base) // an unknown criterion earns nothing in the base total
	sortedLeast, sortedMost := slices.Clone(least), slices.Clone(most)
	slices.Sort(sortedLeast)
	slices.Sort(sortedMost)
	above := func(sorted []float64, x float64) int { // how many values exceed x
		i, _ := slices.BinarySearch(sorted, x)
		for i < len(sorted) && sorted[i] <= x {
			i++
		}
		return len(sorted) - i
	}

	rng := rand.New(rand.NewPCG(o.Seed, 0x6e746d2d726f6275))
	ranks := make([][]int32, n) // per unit, its rank in each draw
	for i := range ranks {
		ranks[i] = make([]int32, o.Draws)
	}
	kept := make([]int, n-1) // draws keeping order[p] strictly above order[p+1]
	fc := make([]float64, ncrit)
	ff := make([]float64, len(facts))
	tot := make([]float64, n)
	idx := make([]int, n)
	rk := make([]int, n)
	inCut := make([]int, n)
	for d := 0; d < o.Draws; d++ {
		for k := range fc {
			fc[k] = 1 + o.Jitter*(2*rng.Float64()-1)
		}
		for j := range ff {
			ff[j] = 1 + o.Jitter*(2*rng.Float64()-1)
		}
		var r *rand.Rand
		if o.Unknown {
			r = rng
		}
		for i := range us {
			tot[i] = total(&us[i], fc, ff, r)
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int {
			switch {
			case tot[a] > tot[b]:
				return -1
			case tot[a] < tot[b]:
				return 1
			}
			return a - b
		})
		rankOf(tot, idx, rk)
		for i := range rk {
			ranks[i][d] = int32(rk[i])
			if o.Cut > 0 && rk[i] <= o.Cut {
				inCut[i]++
			}
		}
		for p := 0; p+1 < n; p++ {
			if tot[order[p]] > tot[order[p+1]] {
				kept[p]++
			}
		}
	}
	rep := &Robustness{Options: o}
	for _, i := range order {
		r := ranks[i]
		slices.Sort(r)
		lo, hi := r[int(0.05*float64(len(r)-1))], r[int(0.95*float64(len(r)-1)+0.5)]
		worst := above(sortedMost, least[i])
		if most[i] > least[i] {
			worst-- // itself, at its most
		}
		rep.Units = append(rep.Units, UnitRobustness{Code: inputs[i].Code, Rank: baseRank[i], Low: int(lo), High: int(hi),
			InCut: float64(inCut[i]) / float64(o.Draws), Best: 1 + above(sortedLeast, most[i]), Worst: 1 + worst})
	}
	for p := 0; p+1 < n; p++ {
		share := float64(kept[p]) / float64(o.Draws)
		if share > 0.05 && share < 0.95 {
			rep.Unstable = append(rep.Unstable, PairOrder{Above: inputs[order[p]].Code, Below: inputs[order[p+1]].Code, Share: share})
		}
	}
	return rep, nil
}
