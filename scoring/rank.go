package scoring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// Option configures Rank, Districts and the reports built on a ranking.
type Option func(*options)

type options struct {
	prev    []*criteria.Result
	subject Subject
}

// WithPrevious gives the previous period's results, so progress is scored: criteria gained and
// lost, units newly recognised. Units are matched by code; a unit absent from prev earns no
// progress points.
func WithPrevious(prev []*criteria.Result) Option {
	return func(o *options) { o.prev = prev }
}

// ForSubject selects which of the scheme's rankings to make (the first declared by default).
func ForSubject(s Subject) Option {
	return func(o *options) { o.subject = s }
}

// Ranking is the ranked scores of one period under one of a scheme's rankings. Scores are
// listed by scope (districts in code order), then by rank, then by code: the same order every
// time for the same input.
//
// The district is optional in data. A commune whose result names none is ranked in commune
// rankings: across the province like any other, and within districts in a scope of its own
// (Scope "", after the districts), among the other communes without a district. District
// rankings aggregate only the communes of a district, so such a commune is in none of them.
// Either way it is listed in NoDistrict.
type Ranking struct {
	Scheme     *Scheme
	Rule       RankingRule
	Period     criteria.Period
	Previous   *criteria.Period // the previous period compared, or nil
	Scores     []Score
	NoDistrict []string // the communes whose result names no district, in code order
}

// Score returns the score of a unit by code (a district by its name as the results write it).
func (r *Ranking) Score(code string) (*Score, bool) {
	for i := range r.Scores {
		if r.Scores[i].Code == code {
			return &r.Scores[i], true
		}
	}
	return nil, false
}

// Scopes returns the scopes of the ranking in order: [""] for a province-wide ranking, else the
// districts, then "" for the communes without a district when there are any.
func (r *Ranking) Scopes() []string {
	var out []string
	for i := range r.Scores {
		if i == 0 || r.Scores[i].Scope != r.Scores[i-1].Scope {
			out = append(out, r.Scores[i].Scope)
		}
	}
	return out
}

// rule returns the ranking rule for a subject ("" = the first).
func (s *Scheme) rule(subj Subject) (RankingRule, error) {
	if subj == "" {
		return s.RankingRules[0], nil
	}
	for _, r := range s.RankingRules {
		if r.Subject == subj {
			return r, nil
		}
	}
	var ranked []string
	for _, r := range s.RankingRules {
		ranked = append(ranked, string(r.Subject))
	}
	return RankingRule{}, criteria.ErrorList{inputErr("", "the scheme %s does not rank %s (it ranks: %s)", s.ID, subj, strings.Join(ranked, ", "))}
}

// checkSet checks the results of one period and returns the period.
func (s *Scheme) checkSet(results []*criteria.Result, what string, errs *criteria.ErrorList) (criteria.Period, bool) {
	return checkUnits(results, what, errs, func(r *criteria.Result) bool {
		n := len(*errs)
		s.checkResult(r, what, errs)
		return len(*errs) == n
	})
}

// checkUnits checks what every set of results must hold: each result passes valid, codes
// are present and unique, and every result is of the same period, which it returns.
func checkUnits(results []*criteria.Result, what string, errs *criteria.ErrorList, valid func(*criteria.Result) bool) (criteria.Period, bool) {
	var p criteria.Period
	first := true
	seen := make(map[string]bool, len(results))
	for _, r := range results {
		if !valid(r) {
			continue
		}
		code := r.Unit.Code
		switch {
		case code == "":
			*errs = append(*errs, inputErr("", "a %s has no unit code (%s)", what, r.Unit.Name))
			continue
		case seen[code]:
			*errs = append(*errs, inputErr(code, "the unit appears twice in the %ss", what))
			continue
		}
		seen[code] = true
		if first {
			p, first = r.Unit.Period, false
		} else if r.Unit.Period != p {
			*errs = append(*errs, inputErr(code, "the %s is for %s, the others for %s: give one period at a time", what, r.Unit.Period, p))
		}
	}
	if first && len(*errs) == 0 {
		*errs = append(*errs, inputErr("", "no %ss given", what))
	}
	return p, !first
}

// checkPeriod reports a period the scheme does not score.
func (s *Scheme) checkPeriod(p criteria.Period, errs *criteria.ErrorList) {
	if p.Year < s.Periods.From || p.Year > s.Periods.Until {
		*errs = append(*errs, inputErr("", "the period %s lies outside the scheme's years %d-%d", p, s.Periods.From, s.Periods.Until))
	}
	kind := ReviewYear
	if p.Half != 0 {
		kind = ReviewHalfYear
	}
	if !slices.Contains(s.Periods.Reviews, kind) {
		*errs = append(*errs, inputErr("", "the scheme does not review %s periods (period %s; it reviews: %s)", kind, p,
			strings.Join(reviewStrings(s.Periods.Reviews), ", ")))
	}
}

// scoreAll checks and scores the communes of one period against the previous one (if given).
func (s *Scheme) scoreAll(results []*criteria.Result, o *options, subj Subject) ([]Score, criteria.Period, *criteria.Period, error) {
	var errs criteria.ErrorList
	period, ok := s.checkSet(results, "result", &errs)
	if ok {
		s.checkPeriod(period, &errs)
	}
	var prevBy map[string]*criteria.Result
	var prevPeriod *criteria.Period
	if o.prev != nil {
		pp, ok := s.checkSet(o.prev, "previous result", &errs)
		if ok && len(errs) == 0 {
			if !pp.Before(period) {
				errs = append(errs, inputErr("", "the previous period %s is not before %s", pp, period))
			}
			prevPeriod = &pp
			prevBy = make(map[string]*criteria.Result, len(o.prev))
			for _, r := range o.prev {
				prevBy[r.Unit.Code] = r
			}
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, period, nil, errs
	}
	scores := make([]Score, len(results))
	cache := &totalCache{m: map[int64]decimal.Decimal{}}
	for i, r := range results {
		s.scoreCommune(&scores[i], subj, r, prevBy[r.Unit.Code], cache)
		s.place(&scores[i])
	}
	return scores, period, prevPeriod, nil
}

// Rank scores the communes of one period and ranks them under one of the scheme's rankings
// (see ForSubject): communes or their Front committees within their district or across the
// province, or districts or their Front committees aggregated from their communes. Units are
// ordered by the ranking's keys; units still tied share their rank ("1224" or "1223") and are
// listed in code order. Rank never reads the clock and gives the same output for the same input.
func (s *Scheme) Rank(results []*criteria.Result, opts ...Option) (*Ranking, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	rule, err := s.rule(o.subject)
	if err != nil {
		return nil, err
	}
	subj := rule.Subject
	if subj.IsDistrict() {
		subj = Communes
	}
	scores, period, prev, err := s.scoreAll(results, &o, subj)
	if err != nil {
		return nil, err
	}
	if rule.Subject.IsDistrict() {
		scores = s.aggregate(scores, rule.Subject, rule.Total, false)
	}
	for i := range scores {
		if rule.Scope == ScopeDistrict {
			scores[i].Scope = scores[i].District
		}
	}
	scores = rankScores(scores, rule.Order, rule.Ties)
	return &Ranking{Scheme: s, Rule: rule, Period: period, Previous: prev, Scores: scores, NoDistrict: withoutDistrict(results)}, nil
}

// Districts aggregates the communes of one period into their districts (in code order): the
// communes, how many are recognised and meet every criterion, the criteria met and the points.
// The communes whose results name no district, if any, are aggregated in a last entry with
// District "" (not a district: it is never ranked). WithPrevious makes the points include
// progress, as in Rank.
func (s *Scheme) Districts(results []*criteria.Result, opts ...Option) ([]DistrictStats, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	scores, _, _, err := s.scoreAll(results, &o, Communes)
	if err != nil {
		return nil, err
	}
	ds := s.aggregate(scores, Districts, TotalAverage, true)
	out := make([]DistrictStats, len(ds))
	for i := range ds {
		out[i] = *ds[i].Stats
	}
	slices.SortFunc(out, func(a, b DistrictStats) int { return cmpDistrict(a.District, b.District) })
	return out, nil
}

func cmpCode(a, b string) int {
	switch {
	case a == b:
		return 0
	case codeLess(a, b):
		return -1
	}
	return 1
}

// DistrictStats aggregates the communes of one district in one period.
type DistrictStats struct {
	District      string          // as the results name it
	Communes      int             // communes scored
	Recognised    int             // communes holding the title in the period
	AllMet        int             // communes meeting every criterion
	Slipped       int             // recognised communes no longer meeting every criterion
	Met           int             // criteria met, summed over the communes
	Criteria      int             // criteria assessed, summed over the communes
	Points        decimal.Decimal // the communes' totals, summed
	Codes         []string        // the communes, in code order
	NotRecognised []string        // the communes not recognised, in code order
}

// ShareRecognised is the share of its communes holding the title.
func (d *DistrictStats) ShareRecognised() Ratio { return countRatio(d.Recognised, d.Communes) }

// ShareAllMet is the share of its communes meeting every criterion.
func (d *DistrictStats) ShareAllMet() Ratio { return countRatio(d.AllMet, d.Communes) }

// AverageMet is the average number of criteria met per commune.
func (d *DistrictStats) AverageMet() Ratio { return countRatio(d.Met, d.Communes) }

// AveragePoints is the average total per commune.
func (d *DistrictStats) AveragePoints() Ratio { return NewRatio(d.Points, int64(d.Communes)) }

// Standard reports whether every commune of the district is recognised: the commune part of a
// district's standard (the district's own criteria are outside a commune ruleset).
func (d *DistrictStats) Standard() bool { return d.Communes > 0 && d.Recognised == d.Communes }

// aggregate turns commune scores into district scores. The communes without a district are
// left out, or aggregated under District "" when keepNoDistrict is set.
func (s *Scheme) aggregate(communes []Score, subj Subject, mode DistrictTotal, keepNoDistrict bool) []Score {
	order := make([]int, len(communes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmpCode(communes[a].Code, communes[b].Code) })
	at := map[string]int{}
	var out []Score
	for _, i := range order {
		c := &communes[i]
		if c.District == "" && !keepNoDistrict {
			continue
		}
		k, ok := at[c.District]
		if !ok {
			k = len(out)
			at[c.District] = k
			out = append(out, Score{Subject: subj, Code: c.District, Name: c.District, Label: unitLabel(subj, c.District),
				Period: c.Period, Slipped: criteria.No, Stats: &DistrictStats{District: c.District, Points: decimal.Zero}})
		}
		d := &out[k]
		st := d.Stats
		st.Communes++
		if c.Recognised {
			st.Recognised++
		} else {
			st.NotRecognised = append(st.NotRecognised, c.Code)
		}
		if c.Result != nil && c.Result.AllMet == criteria.Yes {
			st.AllMet++
		}
		if c.Slipped == criteria.Yes {
			st.Slipped++
		}
		st.Met += c.Met
		st.Criteria += c.Criteria
		st.Codes = append(st.Codes, c.Code)
		d.Criteria += c.Criteria
		d.Met += c.Met
		d.NotMet += c.NotMet
		d.Unknown += c.Unknown
		// A rule's points are the same for every commune, so a district's line is the rule's
		// points times the summed count.
		for _, l := range c.Lines {
			merged := false
			for j := range d.Lines {
				if d.Lines[j].Rule == l.Rule {
					d.Lines[j].Count += l.Count
					merged = true
					break
				}
			}
			if !merged {
				l.Criteria = nil
				d.Lines = append(d.Lines, l)
			}
		}
	}
	for k := range out {
		d := &out[k]
		sortLines(d.Lines)
		sum := decimal.Zero
		for j := range d.Lines {
			l := &d.Lines[j]
			l.Points = l.Each.Mul(decimal.NewFromInt(int64(l.Count)))
			sum = sum.Add(l.Points)
		}
		d.Stats.Points = sum
		d.Recognised = d.Stats.Standard()
		den := int64(1)
		if mode == TotalAverage {
			den = int64(d.Stats.Communes)
		}
		d.Total = NewRatio(d.Stats.Points, den)
		s.place(d)
	}
	return out
}

// keyVal is one ranking key's value for one score: a whole number or an exact ratio.
type keyVal struct {
	n     int64
	r     Ratio
	ratio bool
}

func (a keyVal) cmp(b keyVal) int {
	if a.ratio {
		return a.r.Cmp(b.r)
	}
	switch {
	case a.n < b.n:
		return -1
	case a.n > b.n:
		return 1
	}
	return 0
}

func keyOf(sc *Score, key string) keyVal {
	b := func(v bool) keyVal {
		if v {
			return keyVal{n: 1}
		}
		return keyVal{}
	}
	if st := sc.Stats; st != nil {
		switch key {
		case "total":
			return keyVal{r: sc.Total, ratio: true}
		case "share_recognised":
			return keyVal{r: st.ShareRecognised(), ratio: true}
		case "share_all_met":
			return keyVal{r: st.ShareAllMet(), ratio: true}
		case "average_met":
			return keyVal{r: st.AverageMet(), ratio: true}
		case "recognised":
			return keyVal{n: int64(st.Recognised)}
		case "communes":
			return keyVal{n: int64(st.Communes)}
		}
		return keyVal{}
	}
	switch key {
	case "total":
		if sc.hasFx {
			return keyVal{n: sc.fx}
		}
		return keyVal{r: sc.Total, ratio: true}
	case "met":
		return keyVal{n: int64(sc.Met)}
	case "not_met":
		return keyVal{n: int64(sc.NotMet)}
	case "unknown":
		return keyVal{n: int64(sc.Unknown)}
	case "recognised":
		return b(sc.Recognised)
	case "gained":
		return keyVal{n: int64(len(sc.Gained))}
	case "lost":
		return keyVal{n: int64(len(sc.Lost))}
	}
	return keyVal{}
}

// rankScores sorts scores by scope, keys and code, and numbers them within each scope.
func rankScores(scores []Score, keys []RankKey, ties TiePolicy) []Score {
	n, k := len(scores), len(keys)
	vals := make([]keyVal, n*k)
	for i := range scores {
		for j, key := range keys {
			vals[i*k+j] = keyOf(&scores[i], key.Key)
		}
	}
	normaliseTotals(vals, k)
	cmpKeys := func(a, b int) int {
		for j, key := range keys {
			c := vals[a*k+j].cmp(vals[b*k+j])
			if c != 0 {
				if key.Desc {
					return -c
				}
				return c
			}
		}
		return 0
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmpDistrict(scores[a].Scope, scores[b].Scope); c != 0 {
			return c
		}
		if c := cmpKeys(a, b); c != 0 {
			return c
		}
		return cmpCode(scores[a].Code, scores[b].Code)
	})
	// Put the scores in sorted order in place, following the permutation's cycles.
	for i := range order {
		if order[i] < 0 {
			continue
		}
		j := i
		tmp := scores[i]
		for {
			k := order[j]
			order[j] = -1 - k // mark as placed, keep the source for the rank pass
			if k == i {
				scores[j] = tmp
				break
			}
			scores[j] = scores[k]
			j = k
		}
	}
	for i := range order {
		order[i] = -1 - order[i]
	}
	start, distinct := 0, 0
	for pos := range scores {
		if pos == 0 || scores[pos].Scope != scores[pos-1].Scope {
			start, distinct = pos, 0
		}
		sameAsPrev := pos > start && cmpKeys(order[pos-1], order[pos]) == 0
		if !sameAsPrev {
			distinct++
		}
		switch {
		case sameAsPrev:
			scores[pos].Rank = scores[pos-1].Rank
			scores[pos].Tied = true
			scores[pos-1].Tied = true
		case ties == TiesDense:
			scores[pos].Rank = distinct
		default:
			scores[pos].Rank = pos - start + 1
		}
	}
	return scores
}

// normaliseTotals rescales whole-number-denominator ratios of each key column to a common
// exponent, so that sorting compares them without allocating.
func normaliseTotals(vals []keyVal, k int) {
	if k == 0 {
		return
	}
	for j := 0; j < k; j++ {
		minExp := int32(0)
		all := true
		for i := j; i < len(vals); i += k {
			v := &vals[i]
			if !v.ratio || v.r.Den != 1 {
				all = false
				break
			}
			minExp = min(minExp, v.r.Num.Exponent())
		}
		if !all {
			continue
		}
		for i := j; i < len(vals); i += k {
			v := &vals[i]
			if v.r.Num.Exponent() != minExp {
				v.r.Num = v.r.Num.Round(-minExp)
			}
		}
	}
}

// String summarises the ranking rule: "commune_front within district by total desc, met desc; ties shared".
func (r RankingRule) String() string {
	keys := make([]string, len(r.Order))
	for i, k := range r.Order {
		keys[i] = k.String()
	}
	scope := "across the province"
	if r.Scope == ScopeDistrict {
		scope = "within each district"
	}
	return fmt.Sprintf("%s %s by %s; ties %s", r.Subject, scope, strings.Join(keys, ", "), r.Ties)
}
