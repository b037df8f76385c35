package gen

import (
	"fmt"
	"math"
	"strconv"

	"github.com/nongthonmoi/ntm/criteria"
)

// Varied returns n synthetic communes for one period of the sample (2016, 2017, 2018, 2019,
// 2020-H1 or 2020), with values typed by prog's ruleset, which must be the one the sample is
// calibrated against (CommuneRuleset, camau.xa-ntm@2016-2020).
//
// Each commune follows the story of a sample commune drawn at random: which criteria it meets
// in every period, its recognition history (so whether it is recognised, has slipped or is
// eligible), whether it is in the district's plan, and the sample's special cases (no market
// in the plan, construction debt, an unsatisfied survey). Everything else is drawn afresh for
// the commune, in the same way and from the same ranges as the sample: its size, the indicator
// it falls short on when it misses a criterion, how far each value lies from its target, its
// income path, and its unreported fields in 2016 and 2017. The value distributions are
// therefore those of the sample, and no two communes share their values.
//
// A recognition in the history records the commune's income per capita of the recognition year
// (income_per_capita), the base of the rulesets that derive an income at recognition.
//
// The communes are named by code V<seed>-<i> (i from 00001). Every draw is keyed on the seed
// and the commune's position, so the same seed gives the same communes, and commune i is the
// same whatever n. Every commune is evaluated with prog before it is returned, and Varied fails
// if any verdict differs from the one its story chose.
func Varied(prog *criteria.Program, n int, seed uint64, period criteria.Period) ([]*criteria.Unit, error) {
	p := -1
	for i, q := range periods {
		if q == period {
			p = i
		}
	}
	if p < 0 {
		return nil, fmt.Errorf("gen: period %s is not one of the sample's (%s)", period, periodList())
	}
	if n < 0 {
		return nil, fmt.Errorf("gen: %d communes asked for", n)
	}
	paths, err := statuses()
	if err != nil {
		return nil, err
	}
	rs := prog.Ruleset()
	cols := dataColumns(rs)
	tg := newTargets(prog)
	out := make([]*criteria.Unit, 0, n)
	s := strconv.FormatUint(seed, 10)
	for i := range n {
		like := communes[rng("varied", s, strconv.Itoa(i)).IntN(len(communes))]
		c := commune{Code: fmt.Sprintf("V%s-%05d", s, i+1), Name: fmt.Sprintf("%s (%d)", like.Name, i+1), District: like.District}
		path := paths[like.Code]
		g := generate(tg, c, like.Code, p, path)
		if g.err != nil {
			return nil, g.err
		}
		gapField, gapCrit := gap(c, like.Code, p, path[p])
		if gapField != "" {
			g.vals[gapField] = ""
		}
		if err := covers(rs, cols, g.vals); err != nil {
			return nil, err
		}
		hist := history(like.Code, p)
		for k := range hist {
			hist[k].Recorded = map[string]criteria.Number{"income_per_capita": criteria.NewNumber(g.recordedIncome(hist[k].Year), 1)}
		}
		u, err := unitOf(rs, c, p, g.vals, hist)
		if err != nil {
			return nil, err
		}
		if _, err := verify(prog, tg, u, c, like.Code, p, path[p], gapCrit); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// recordedIncome returns the commune's income per capita in a recognition year, in tenths: the
// year's value on its income path, or before 2016 the path's trend taken back.
func (g *row) recordedIncome(year int) int64 {
	for q := g.p; q >= 0; q-- {
		if periods[q].Year == year && periods[q].Half == 0 {
			return g.incomes[q]
		}
	}
	return int64(math.Round(10 * g.incomeBase * math.Pow(g.incomeUp, float64(year-periods[0].Year))))
}

func periodList() string {
	s := ""
	for i, q := range periods {
		if i > 0 {
			s += ", "
		}
		s += q.String()
	}
	return s
}
