package scoring

import (
	"slices"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// Scoring runs in three named steps over compact inputs:
//
//  1. score: each unit's points in fixed point at the scheme's scale (exact int64), its class
//     and band, from its criterion sets (a line's count is a popcount over the line's mask);
//  2. aggregate: districts, when a ranking ranks them, from their communes' scores;
//  3. rank: sort by scope, then by the rule's keys (precomputed as exact fractions), then by
//     code, and number the ranks.
//
// Lines, labels and criteria lists — what a report shows — are built only when a report asks
// (Ranking.Scores, Scheme.Score), so ranking a province allocates a constant few slices.

// unitScore is what scoring computes for one unit, enough to rank it and to build its Score:
// 32 bytes, so that a ranking of a million communes holds 32 MB of them. What a key or a
// score needs besides (criteria counts, a district's communes) is read from the unit's input
// or district aggregate.
type unitScore struct {
	total        int64 // fixed point at the scheme's scale (a district: the sum over its communes)
	idx          int32 // a commune: the index of its input; a district: its index among the ranking's districts
	scope        int32 // the index of its scope in the ranking's scopes
	rank         int32
	class, band  int16 // indexes, -1 for none
	gained, lost uint8 // criteria gained and lost since the previous period (at most MaxCriteria)
	recognised   bool
	newly        bool
	tied         bool
	cutoff       bool // a candidate tied at its list's cut-off
}

// score scores one input.
func (s *Scheme) score(in *Input, idx int) unitScore {
	u := unitScore{recognised: in.Recognised, idx: int32(idx)}
	for l := range s.lines {
		if c := in.now.count(&s.lineMask[l]); c > 0 {
			u.total += int64(c) * s.lines[l].eachFx
		}
	}
	if in.Recognised {
		u.total += s.fx.recognised
	}
	if in.prev.has {
		u.gained = uint8(popcount(in.now.gained(&in.prev.now)))
		u.lost = uint8(popcount(in.now.lost(&in.prev.now)))
		u.total += int64(u.gained)*s.fx.gained + int64(u.lost)*s.fx.lost
		u.newly = in.Recognised && !in.prev.recognised
		if u.newly {
			u.total += s.fx.newly
		}
	}
	if in.Slipped == criteria.Yes {
		u.total += s.fx.slipped
	}
	u.class = s.classIndex(u.total, 1)
	u.band = s.bandIndex(in.Met)
	return u
}

// classIndex returns the class a total (num/den) earns, or -1.
func (s *Scheme) classIndex(num, den int64) int16 {
	for i := range s.classFx {
		if s.classFx[i].containsRatio(num, den) {
			return int16(i)
		}
	}
	return -1
}

// bandIndex returns the reporting band of a unit meeting met criteria now, or -1.
func (s *Scheme) bandIndex(met int) int16 {
	if met < 0 || met >= len(s.bandByMet) {
		return -1
	}
	return s.bandByMet[met]
}

// fixedDecimal turns a fixed-point amount into the decimal the outputs show.
func (s *Scheme) fixedDecimal(v int64) decimal.Decimal { return decimal.New(v, -s.scale) }

// checkInputs checks what a slice of inputs must hold: of the scheme's ruleset, codes present
// and unique, one period, which it returns.
func (s *Scheme) checkInputs(inputs []Input, what string, errs *criteria.ErrorList) (criteria.Period, bool) {
	p, _, ok := s.checkTable(sliceTable(inputs), what, errs)
	return p, ok
}

// checkUnits checks that codes are present and unique and that every input is of one period,
// which it returns.
func checkUnits(inputs []Input, what string, errs *criteria.ErrorList) (criteria.Period, bool) {
	p, _, ok := checkUnitsOf(sliceTable(inputs), what, errs)
	return p, ok
}

// withPrevious matches each unit with its previous period in prev (by code); order is the
// units' code order.
func (s *Scheme) withPrevious(t table, order []int32, prev table, period criteria.Period, errs *criteria.ErrorList) (table, *criteria.Period) {
	pp, prevOrder, ok := s.checkTable(prev, "previous input", errs)
	if !ok || len(*errs) > 0 {
		return t, nil
	}
	if !pp.Before(period) {
		*errs = append(*errs, inputErr("", "the previous period %s is not before %s", pp, period))
		return t, nil
	}
	return &withPrev{table: t, prev: prev, match: matchPrevious(t, order, prev, prevOrder)}, &pp
}

// previousOf returns the previous period the inputs carry, if any.
func previousOf(t table) *criteria.Period {
	if v, ok := t.(upTo); ok && len(v.prevs) == 0 {
		return nil
	}
	for i := range t.Len() {
		if in := t.at(i); in.prev.has {
			p := in.prev.period
			return &p
		}
	}
	return nil
}

// inputsByCode returns pointers to the inputs in code order.
func inputsByCode(inputs []Input) []*Input {
	out := make([]*Input, len(inputs))
	for i := range inputs {
		out[i] = &inputs[i]
	}
	slices.SortFunc(out, func(a, b *Input) int { return cmpCode(a.Code, b.Code) })
	return out
}
