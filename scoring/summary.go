package scoring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
)

// Summary is a multi-year review of the movement (the 3-year sơ kết, the 5-year tổng kết): the
// state at the start and at the end of the span, the series in between, the progress of every
// unit, the units recognised during the span, and the goals at the end.
type Summary struct {
	Scheme *Scheme
	Rule   SummaryRule

	// Baseline is the last period given before the span (the state the span starts from); when
	// none was given, the first period inside the span serves and BaselineInSpan is set.
	Baseline       criteria.Period
	BaselineInSpan bool
	End            criteria.Period // the last period given within the span

	Series           []PeriodStats   // every period given from Baseline to End, in order
	Progress         *ProgressReport // Baseline → End
	RecognisedInSpan []string        // communes whose recognition in effect at End was given in a year of the span, in code order
	Bands            *BandReport     // at End (nil when the scheme declares no bands)
	Goals            *GoalReport     // at End (nil when the scheme declares no goals)
}

// Summary makes the scheme's summary id from the results of several periods, each argument
// holding one period's results (in any order). Periods after the span are ignored.
func (s *Scheme) Summary(id string, periods ...[]Input) (*Summary, error) {
	pub, s := s, s.core
	var rule *SummaryRule
	var ids []string
	for i := range s.Periods.Summaries {
		ids = append(ids, s.Periods.Summaries[i].ID)
		if s.Periods.Summaries[i].ID == id {
			rule = &s.Periods.Summaries[i]
		}
	}
	if rule == nil {
		e := &criteria.Error{Code: CodeRefSummary, Message: fmt.Sprintf("the scheme %s declares no summary %q (summaries: %s)", s.ID, id, strings.Join(ids, ", "))}
		e.Suggest = ydec.Suggest(id, ids)
		return nil, criteria.ErrorList{e}
	}
	type snap struct {
		p   criteria.Period
		res []Input
	}
	var snaps []snap
	var errs criteria.ErrorList
	for _, res := range periods {
		p, ok := s.checkInputs(res, "input", &errs)
		if !ok {
			continue
		}
		for _, o := range snaps {
			if o.p == p {
				errs = append(errs, inputErr("", "the period %s is given twice", p))
			}
		}
		snaps = append(snaps, snap{p, res})
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	slices.SortFunc(snaps, func(a, b snap) int {
		switch {
		case a.p.Before(b.p):
			return -1
		case b.p.Before(a.p):
			return 1
		}
		return 0
	})
	base, end := -1, -1
	for i, sn := range snaps {
		switch {
		case sn.p.Year < rule.From:
			base = i
		case sn.p.Year <= rule.Until:
			end = i
		}
	}
	if end < 0 {
		return nil, criteria.ErrorList{inputErr("", "no period of %d-%d was given for the summary %s", rule.From, rule.Until, id)}
	}
	sum := &Summary{Scheme: pub, Rule: *rule, End: snaps[end].p}
	if base < 0 {
		for i, sn := range snaps {
			if sn.p.Year >= rule.From {
				base = i
				break
			}
		}
		sum.BaselineInSpan = true
	}
	sum.Baseline = snaps[base].p
	for i := base; i <= end; i++ {
		sum.Series = append(sum.Series, stats(snaps[i].p, inputsByCode(snaps[i].res)))
	}
	endRes := inputsByCode(snaps[end].res)
	if base < end {
		sum.Progress = progress(snaps[base].res, snaps[end].res, snaps[base].p, snaps[end].p)
		sum.Progress.Ruleset = s.ref
	}
	for _, r := range endRes {
		if r.Recognised && r.RecognisedYear >= rule.From && r.RecognisedYear <= rule.Until {
			sum.RecognisedInSpan = append(sum.RecognisedInSpan, r.Code)
		}
	}
	if len(s.BandRules.ByMet) > 0 {
		sum.Bands, _ = pub.Bands(snaps[end].res)
	}
	if len(s.GoalRules) > 0 {
		sum.Goals = s.goals(sum.End, endRes)
		sum.Goals.Scheme = pub
	}
	return sum, nil
}
