package scoring

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// Option configures Rank, Districts and the reports built on a ranking.
type Option func(*options)

type options struct {
	prev    table
	subject Subject
}

// WithPrevious gives the previous period's inputs, as a slice or an InputSet, so progress is
// scored: criteria gained and lost, units newly recognised. Units are matched by code; a unit
// absent from prev earns no progress points. (An input may also carry its previous period
// itself: Input.SetPrevious.)
func WithPrevious[P []Input | *InputSet](prev P) Option {
	var t table
	switch p := any(prev).(type) {
	case []Input:
		if p != nil {
			t = sliceTable(p)
		}
	case *InputSet:
		if p != nil {
			t = upTo{p, p.Len()}
		}
	}
	return func(o *options) { o.prev = t }
}

// ForSubject selects which of the scheme's rankings to make (the first declared by default).
func ForSubject(s Subject) Option {
	return func(o *options) { o.subject = s }
}

// Ranking is the ranked units of one period under one of a scheme's rankings. Units are
// listed by scope (districts in code order), then by rank, then by code: the same order every
// time for the same input.
//
// The district is optional in data. A commune whose input names none is ranked in commune
// rankings: across the province like any other, and within districts in a scope of its own
// (Scope "", after the districts), among the other communes without a district. District
// rankings aggregate only the communes of a district, so such a commune is in none of them.
// Either way it is listed in NoDistrict.
type Ranking struct {
	Scheme     *Scheme
	Rule       RankingRule // a copy of the rule the ranking was made with (see RuleUsed)
	Period     criteria.Period
	Previous   *criteria.Period // the previous period compared, or nil
	NoDistrict []string         // the communes whose input names no district, in code order

	core   *Scheme
	rule   RankingRule // what the ranking was made with (Rule is a copy)
	inputs table
	units  []unitScore // ranked, in order
	dists  []districtAgg
	scopes []string

	once   sync.Once
	scores []Score
}

// Len returns how many units the ranking ranks.
func (r *Ranking) Len() int { return len(r.units) }

// Scores returns the ranked scores in order, with their breakdowns. They are built on the
// first call (a ranking keeps only what it needs to rank) and shared by later calls; treat
// them as read-only.
func (r *Ranking) Scores() []Score {
	r.once.Do(func() {
		r.scores = make([]Score, len(r.units))
		for i := range r.units {
			r.scores[i] = r.core.scoreOf(r, &r.units[i])
		}
	})
	return r.scores
}

// Each builds the score of every ranked unit in order, one at a time, and calls fn with it
// until fn returns false. Unlike Scores it keeps nothing: a report of a large ranking can be
// written as it goes. The Score given to fn is valid only during the call.
func (r *Ranking) Each(fn func(sc *Score) bool) {
	for i := range r.units { // never reads r.scores: Scores may be building it in another goroutine
		sc := r.core.scoreOf(r, &r.units[i])
		if !fn(&sc) {
			return
		}
	}
}

// Score returns the score of a unit by code (a district by its name as the inputs write it).
func (r *Ranking) Score(code string) (*Score, bool) {
	scores := r.Scores()
	for i := range scores {
		if scores[i].Code == code {
			return &scores[i], true
		}
	}
	return nil, false
}

// RuleUsed returns the ranking rule the ranking was made with. Rule is a copy given to the
// caller, which the caller may change; RuleUsed is not affected by such changes, so what is
// written from the ranking (its JSON, its tables) always describes how it was ranked.
func (r *Ranking) RuleUsed() RankingRule {
	rule := r.rule
	rule.Order = slices.Clone(r.rule.Order)
	return rule
}

// Scopes returns the scopes of the ranking in order: [""] for a province-wide ranking, else the
// districts, then "" for the communes without a district when there are any.
func (r *Ranking) Scopes() []string {
	var out []string
	for i := range r.units {
		if i == 0 || r.units[i].scope != r.units[i-1].scope {
			out = append(out, r.scopes[r.units[i].scope])
		}
	}
	return out
}

// rule returns the ranking rule for a subject ("" = the first).
func (s *Scheme) rule(subj Subject) (RankingRule, error) {
	if len(s.RankingRules) == 0 {
		return RankingRule{}, criteria.ErrorList{inputErr("", "the scheme %s ranks nothing: it only tracks goals (see progress)", s.ID)}
	}
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

// scored is the inputs of one period, checked and scored: the table (with the previous period
// matched in, when given), its units in code order, and a score per unit.
type scored struct {
	t      table
	order  []int32
	units  []unitScore
	period criteria.Period
	prev   *criteria.Period
}

// scoreAll checks and scores the inputs of one period, with their previous period if given.
func (s *Scheme) scoreAll(t table, o *options) (*scored, error) {
	var errs criteria.ErrorList
	period, order, ok := s.checkTable(t, "input", &errs)
	if ok {
		s.checkPeriod(period, &errs)
	}
	var prev *criteria.Period
	if o.prev != nil && len(errs) == 0 {
		t, prev = s.withPrevious(t, order, o.prev, period, &errs)
	} else {
		prev = previousOf(t)
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	units := make([]unitScore, t.Len())
	for i := range units {
		in := t.at(i)
		units[i] = s.score(&in, i)
	}
	return &scored{t: t, order: order, units: units, period: period, prev: prev}, nil
}

// Rank scores the units of one period and ranks them under one of the scheme's rankings (see
// ForSubject): communes or their Front committees within their district or across the
// province, or districts or their Front committees aggregated from their communes. Units are
// ordered by the ranking's keys; units still tied share their rank ("1224" or "1223") and are
// listed in code order. Rank never reads the clock and gives the same output for the same
// input. The ranking refers to the inputs given: do not change them while it is in use.
func (s *Scheme) Rank(inputs []Input, opts ...Option) (*Ranking, error) {
	return s.rank(sliceTable(inputs), opts)
}

// RankSet ranks the units of a set, as Rank ranks a slice. The ranking refers to the set: do
// not add to it while the ranking is in use.
func (s *Scheme) RankSet(set *InputSet, opts ...Option) (*Ranking, error) {
	if set == nil {
		return nil, criteria.ErrorList{inputErr("", "no input set given")}
	}
	return s.rank(upTo{set, set.Len()}, opts)
}

func (s *Scheme) rank(t table, opts []Option) (*Ranking, error) {
	pub, s := s, s.core
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	rule, err := s.rule(o.subject)
	if err != nil {
		return nil, err
	}
	sd, err := s.scoreAll(t, &o)
	if err != nil {
		return nil, err
	}
	units := sd.units
	exported := rule
	exported.Order = slices.Clone(rule.Order)
	r := &Ranking{Scheme: pub, Rule: exported, Period: sd.period, Previous: sd.prev, NoDistrict: withoutDistrict(sd.t, sd.order),
		core: s, rule: rule, inputs: sd.t}
	if rule.Subject.IsDistrict() {
		r.dists = s.aggregate(sd, false)
		units = make([]unitScore, len(r.dists))
		for i := range r.dists {
			units[i] = r.dists[i].districtScore(s, rule.Total, i)
		}
	}
	r.units = units
	s.rankUnits(r)
	return r, nil
}

// Districts aggregates the communes of one period into their districts (in code order): the
// communes, how many are recognised and meet every criterion, the criteria met and the points.
// The communes whose inputs name no district, if any, are aggregated in a last entry with
// District "" (not a district: it is never ranked). WithPrevious makes the points include
// progress, as in Rank.
func (s *Scheme) Districts(inputs []Input, opts ...Option) ([]DistrictStats, error) {
	s = s.core
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	sd, err := s.scoreAll(sliceTable(inputs), &o)
	if err != nil {
		return nil, err
	}
	ds := s.aggregate(sd, true)
	out := make([]DistrictStats, len(ds))
	for i := range ds {
		out[i] = ds[i].stats(s, sd.t)
	}
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
