package scoring

import (
	"slices"

	"github.com/nongthonmoi/ntm/criteria"
)

// Change is how one unit moved between two periods.
//
// A criterion counts as gained when it was not met before and is met now, and as lost when it
// was met before and is not met now; a criterion unknown in either period is neither (missing
// data is never scored).
type Change struct {
	Code, Name, District string
	MetBefore, MetAfter  int
	Gained, Lost         []string // criteria ids, in ruleset order
	RecognisedBefore     bool
	RecognisedAfter      bool
	NewlyRecognised      bool // recognised after, not before
	NoLongerRecognised   bool // recognised before, not after (revoked or expired)
	SlippedBefore        criteria.Truth
	SlippedAfter         criteria.Truth
	NewlySlipped         bool // slipped after, not before
	Recovered            bool // slipped before, all met again after
}

// PeriodStats are the province totals of one period.
type PeriodStats struct {
	Period     criteria.Period
	Units      int // units reported
	Recognised int // holding the title
	AllMet     int // meeting every criterion
	Slipped    int // recognised, no longer meeting every criterion
	Met        int // criteria met, summed over the units
	Unknown    int // units with at least one criterion unknown
}

// ShareRecognised is the share of units holding the title.
func (p PeriodStats) ShareRecognised() Ratio { return countRatio(p.Recognised, p.Units) }

// ShareAllMet is the share of units meeting every criterion.
func (p PeriodStats) ShareAllMet() Ratio { return countRatio(p.AllMet, p.Units) }

// AverageMet is the average number of criteria met per unit.
func (p PeriodStats) AverageMet() Ratio { return countRatio(p.Met, p.Units) }

// ProgressReport compares the results of two periods unit by unit (matched by code).
type ProgressReport struct {
	Ruleset       string // the ruleset of the results (id@version)
	From, To      criteria.Period
	Before, After PeriodStats
	Changes       []Change // units present in both periods, in code order
	Added         []string // units present only in To, in code order
	Removed       []string // units present only in From, in code order

	Gained, Lost       int // criteria gained and lost, summed over the units
	NewlyRecognised    int
	NoLongerRecognised int
	NewlySlipped       int
	Recovered          int
}

// NewlyRecognisedCodes returns the units newly recognised, in code order.
func (p *ProgressReport) NewlyRecognisedCodes() []string {
	var out []string
	for _, c := range p.Changes {
		if c.NewlyRecognised {
			out = append(out, c.Code)
		}
	}
	return out
}

// NewlySlippedCodes returns the units that slipped since the first period, in code order.
func (p *ProgressReport) NewlySlippedCodes() []string {
	var out []string
	for _, c := range p.Changes {
		if c.NewlySlipped {
			out = append(out, c.Code)
		}
	}
	return out
}

// Progress compares two periods' results of the same ruleset: criteria gained and lost per
// unit, units newly recognised, no longer recognised, newly slipped or recovered. Each slice
// holds the results of one period; prev must be the earlier.
func Progress(prev, cur []*criteria.Result) (*ProgressReport, error) {
	var errs criteria.ErrorList
	var ref string
	from, okf := checkPlain(prev, "previous result", &ref, &errs)
	to, okt := checkPlain(cur, "result", &ref, &errs)
	if okf && okt && !from.Before(to) {
		errs = append(errs, inputErr("", "the previous period %s is not before %s", from, to))
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	rep := progress(prev, cur, from, to)
	rep.Ruleset = ref
	return rep, nil
}

// checkPlain checks the results of one period without a scheme: one ruleset (ref), one
// period, unique codes.
func checkPlain(results []*criteria.Result, what string, ref *string, errs *criteria.ErrorList) (criteria.Period, bool) {
	return checkUnits(results, what, errs, func(r *criteria.Result) bool {
		switch {
		case r == nil:
			*errs = append(*errs, inputErr("", "a %s is nil", what))
			return false
		case r.Ruleset.IsZero():
			*errs = append(*errs, inputErr(r.Unit.Code, "the %s has no ruleset", what))
			return false
		case *ref == "":
			*ref = r.Ruleset.Ref()
		case r.Ruleset.Ref() != *ref:
			*errs = append(*errs, inputErr(r.Unit.Code, "the %s is of %s, others of %s", what, r.Ruleset.Ref(), *ref))
			return false
		}
		return true
	})
}

func sortedByCode(results []*criteria.Result) []*criteria.Result {
	out := slices.Clone(results)
	slices.SortFunc(out, func(a, b *criteria.Result) int { return cmpCode(a.Unit.Code, b.Unit.Code) })
	return out
}

func metCount(r *criteria.Result) int {
	n := 0
	for i := range r.Criteria {
		if met(r.Criteria[i].Status) {
			n++
		}
	}
	return n
}

// stats totals one period's results.
func stats(p criteria.Period, results []*criteria.Result) PeriodStats {
	st := PeriodStats{Period: p}
	for _, r := range results {
		st.Units++
		st.Met += metCount(r)
		if r.Recognised() {
			st.Recognised++
		}
		if r.AllMet == criteria.Yes {
			st.AllMet++
		}
		if r.Slipped == criteria.Yes {
			st.Slipped++
		}
		if r.Unknown > 0 {
			st.Unknown++
		}
	}
	return st
}

func progress(prev, cur []*criteria.Result, from, to criteria.Period) *ProgressReport {
	rep := &ProgressReport{From: from, To: to, Before: stats(from, prev), After: stats(to, cur)}
	before := make(map[string]*criteria.Result, len(prev))
	for _, r := range prev {
		before[r.Unit.Code] = r
	}
	inCur := make(map[string]bool, len(cur))
	for _, r := range sortedByCode(cur) {
		inCur[r.Unit.Code] = true
		b, ok := before[r.Unit.Code]
		if !ok {
			rep.Added = append(rep.Added, r.Unit.Code)
			continue
		}
		c := Change{Code: r.Unit.Code, Name: r.Unit.Name, District: r.Unit.District,
			MetBefore: metCount(b), MetAfter: metCount(r),
			RecognisedBefore: b.Recognised(), RecognisedAfter: r.Recognised(),
			SlippedBefore: b.Slipped, SlippedAfter: r.Slipped}
		was := make(map[string]criteria.Status, len(b.Criteria))
		for i := range b.Criteria {
			if cr := b.Criteria[i].Criterion; !cr.IsZero() {
				was[cr.ID()] = b.Criteria[i].Status
			}
		}
		for i := range r.Criteria {
			cr := r.Criteria[i].Criterion
			if cr.IsZero() {
				continue
			}
			w, ok := was[cr.ID()]
			if !ok {
				continue
			}
			now := r.Criteria[i].Status
			switch {
			case met(now) && w == criteria.NotMet:
				c.Gained = append(c.Gained, cr.ID())
			case now == criteria.NotMet && met(w):
				c.Lost = append(c.Lost, cr.ID())
			}
		}
		c.NewlyRecognised = c.RecognisedAfter && !c.RecognisedBefore
		c.NoLongerRecognised = c.RecognisedBefore && !c.RecognisedAfter
		c.NewlySlipped = c.SlippedAfter == criteria.Yes && c.SlippedBefore != criteria.Yes
		c.Recovered = c.SlippedBefore == criteria.Yes && c.SlippedAfter == criteria.No && c.RecognisedAfter
		rep.Gained += len(c.Gained)
		rep.Lost += len(c.Lost)
		rep.NewlyRecognised += b2i(c.NewlyRecognised)
		rep.NoLongerRecognised += b2i(c.NoLongerRecognised)
		rep.NewlySlipped += b2i(c.NewlySlipped)
		rep.Recovered += b2i(c.Recovered)
		rep.Changes = append(rep.Changes, c)
	}
	for _, r := range sortedByCode(prev) {
		if !inCur[r.Unit.Code] {
			rep.Removed = append(rep.Removed, r.Unit.Code)
		}
	}
	return rep
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
