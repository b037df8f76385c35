package scoring

import (
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

// Progress compares two periods' inputs of the same scheme: criteria gained and lost per
// unit, units newly recognised, no longer recognised, newly slipped or recovered. Each slice
// holds the inputs of one period; prev must be the earlier.
func Progress(prev, cur []Input) (*ProgressReport, error) {
	var errs criteria.ErrorList
	var lay *layout
	from, okf := checkPlain(prev, "previous input", &lay, &errs)
	to, okt := checkPlain(cur, "input", &lay, &errs)
	if okf && okt && !from.Before(to) {
		errs = append(errs, inputErr("", "the previous period %s is not before %s", from, to))
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	rep := progress(prev, cur, from, to)
	rep.Ruleset = lay.ref
	return rep, nil
}

// checkPlain checks the inputs of one period without a scheme: one ruleset, one period, unique
// codes.
func checkPlain(inputs []Input, what string, lay **layout, errs *criteria.ErrorList) (criteria.Period, bool) {
	for i := range inputs {
		switch {
		case inputs[i].layout == nil:
			*errs = append(*errs, inputErr(inputs[i].Code, "the %s was not made by a scheme (make it with Scheme.Input or InputOf)", what))
			return criteria.Period{}, false
		case *lay == nil:
			*lay = inputs[i].layout
		case !inputs[i].layout.same(*lay):
			*errs = append(*errs, inputErr(inputs[i].Code, "the %s is of %s, others of %s", what, inputs[i].layout.ref, (*lay).ref))
			return criteria.Period{}, false
		}
	}
	if *lay == nil {
		*errs = append(*errs, inputErr("", "no %ss given", what))
		return criteria.Period{}, false
	}
	return checkUnits(inputs, what, errs)
}

// stats totals one period's inputs.
func stats(p criteria.Period, inputs []*Input) PeriodStats {
	st := PeriodStats{Period: p}
	for _, r := range inputs {
		st.Units++
		st.Met += r.Met
		if r.Recognised {
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

func progress(prev, cur []Input, from, to criteria.Period) *ProgressReport {
	prevSorted, curSorted := inputsByCode(prev), inputsByCode(cur)
	rep := &ProgressReport{From: from, To: to, Before: stats(from, prevSorted), After: stats(to, curSorted)}
	before := make(map[string]*Input, len(prev))
	for _, r := range prevSorted {
		before[r.Code] = r
	}
	inCur := make(map[string]bool, len(cur))
	for _, r := range curSorted {
		inCur[r.Code] = true
		b, ok := before[r.Code]
		if !ok {
			rep.Added = append(rep.Added, r.Code)
			continue
		}
		c := Change{Code: r.Code, Name: r.Name, District: r.District,
			MetBefore: b.Met, MetAfter: r.Met,
			RecognisedBefore: b.Recognised, RecognisedAfter: r.Recognised,
			SlippedBefore: b.Slipped, SlippedAfter: r.Slipped}
		gained, lost := r.now.gained(&b.now), r.now.lost(&b.now)
		c.Gained, c.Lost = r.layout.idsIn(&gained), r.layout.idsIn(&lost)
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
	for _, r := range prevSorted {
		if !inCur[r.Code] {
			rep.Removed = append(rep.Removed, r.Code)
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
