// Package htmlreport writes one period's results as a single self-contained HTML page that
// people look at: the province at a glance with its goals, a unit × criterion matrix grouped
// by the level above, each parent unit's bands and the criteria most often not met, progress
// since a previous period, the scheme's rankings, and what each unit still misses, closest
// first.
//
// The page needs no network and runs no script: styles are inline, charts are SVG drawn here,
// and every chart has its numbers as text beside it (a table or an aria-label). Every number
// on it is taken from the library's results and reports (scoring and scoring/report); the
// page computes nothing of its own but layout. Unit names and every other text from the data
// are escaped by html/template, so a name holding markup shows as text.
//
//	rep, err := htmlreport.Build(ctx, htmlreport.Input{Scheme: sc, Results: now, Previous: before, Source: "so-lieu.csv"})
//	if err != nil { … }
//	err = rep.Write(w, "vi")
package htmlreport

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/lineage"
	"github.com/nongthonmoi/ntm/scoring"
)

// Input is what a report is built from: the period's results, every unit explained (the
// matrix and the shortfalls need them), and optionally the previous period's.
type Input struct {
	Scheme   *scoring.Scheme
	Results  []*criteria.Result // the period's results, one per unit, all of one period
	Previous []*criteria.Result // an earlier period's results (nil for none): progress and progress points
	Source   string             // where the data came from, shown as given (a file name); "" shows nothing

	// Robustness, when set, draws the ranking by points (Scheme.Robustness) and shows each
	// unit's rank interval as an error bar.
	Robustness *scoring.RobustnessOptions
	// Impact, when set, is a rule change's effect on these units (criteria.Impact), shown as
	// a before/after table.
	Impact *criteria.ImpactReport
	// Across, when set, is a period before a reorganisation of units beside this one
	// (lineage.Across), shown as a "then and now" view.
	Across *lineage.Across
}

// Report is a period's results as the page shows them, computed by the library. Build makes
// it; Write renders it. A Report is not changed by Write and may be written in several
// languages.
type Report struct {
	Scheme   *scoring.Scheme
	Ruleset  criteria.RulesetInfo
	Period   criteria.Period
	Previous criteria.Period // the zero Period without a previous period
	Source   string

	Eligible int // units eligible for recognition and not yet recognised: those a decision could recognise now
	AllMet   int // units meeting every criterion (Truth Yes)

	Bands    *scoring.BandReport     // the scheme's reporting bands (rows empty when it declares none)
	Goals    *scoring.GoalReport     // nil when the scheme declares no goals
	Progress *scoring.ProgressReport // nil without a previous period
	Rankings []*scoring.Ranking      // one per ranking the scheme declares, in its order
	Front    *scoring.FrontReport    // nil when the scheme declares no Front report
	Robust   *scoring.Robustness     // nil unless asked for
	Impact   *criteria.ImpactReport  // as given
	Across   *lineage.Across         // as given

	results  []*criteria.Result // by parent (in the band report's order), then code
	parentOf map[string]string  // each unit's parent as the scheme's inputs name it
}

// MaxUnits is the most units a report is built for: the page of 100,000 units would be
// hundreds of megabytes that no browser opens usefully.
const MaxUnits = 20000

// Build computes the report of in: the scheme's inputs from the results, then its bands,
// goals, rankings, Front report and, with a previous period, progress. It fails when the
// results cannot be scored by the scheme (another ruleset, mixed periods, a period the scheme
// does not review), naming the problem; it does not keep going with part of the results.
func Build(ctx context.Context, in Input) (*Report, error) {
	switch {
	case in.Scheme == nil:
		return nil, errors.New("htmlreport: no scheme")
	case len(in.Results) == 0:
		return nil, errors.New("htmlreport: no results: a report needs the units of one period")
	case len(in.Results) > MaxUnits:
		return nil, fmt.Errorf("htmlreport: %d units: a report holds at most %d (split the province, or use the tables of ntm rank and progress)", len(in.Results), MaxUnits)
	}
	for _, set := range [][]*criteria.Result{in.Results, in.Previous} {
		if i := slices.Index(set, nil); i >= 0 {
			return nil, fmt.Errorf("htmlreport: result %d is nil", i)
		}
	}
	sc := in.Scheme
	now, err := sc.InputsOf(in.Results, in.Previous)
	if err != nil {
		return nil, err
	}
	rep := &Report{Scheme: sc, Ruleset: in.Results[0].Ruleset, Period: in.Results[0].Unit.Period, Source: in.Source}
	var opts []scoring.Option
	if len(in.Previous) > 0 {
		before, err := sc.InputsOf(in.Previous, nil)
		if err != nil {
			return nil, err
		}
		rep.Previous = in.Previous[0].Unit.Period
		if !rep.Previous.Before(rep.Period) {
			return nil, fmt.Errorf("htmlreport: the previous period %s is not before %s", rep.Previous, rep.Period)
		}
		if rep.Progress, err = scoring.Progress(before, now); err != nil {
			return nil, err
		}
		opts = append(opts, scoring.WithPrevious(before))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if rep.Bands, err = sc.Overview(now); err != nil {
		return nil, err
	}
	if len(sc.GoalRules) > 0 {
		if rep.Goals, err = sc.Goals(now); err != nil {
			return nil, err
		}
	}
	for _, rule := range sc.RankingRules {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, err := sc.Rank(now, append(opts, scoring.ForSubject(rule.Subject))...)
		if err != nil {
			return nil, err
		}
		rep.Rankings = append(rep.Rankings, r)
		if rep.Front == nil && sc.FrontRules != nil && !rule.Subject.IsDistrict() {
			if rep.Front, err = r.FrontReport(); err != nil {
				return nil, err
			}
		}
	}
	for i := range now {
		if now[i].Eligible == criteria.Yes && !now[i].Recognised {
			rep.Eligible++
		}
		if now[i].AllMet == criteria.Yes {
			rep.AllMet++
		}
	}
	if in.Robustness != nil {
		if rep.Robust, err = sc.Robustness(now, *in.Robustness); err != nil {
			return nil, err
		}
	}
	rep.Impact = in.Impact
	rep.Across = in.Across
	rep.parentOf = make(map[string]string, len(now))
	for i := range now {
		rep.parentOf[now[i].Code] = now[i].District
	}
	rep.order(in.Results)
	return rep, nil
}

// order keeps the results grouped by parent, in the band report's order of parents, then by
// code.
func (r *Report) order(results []*criteria.Result) {
	rank := map[string]int{}
	for i, d := range r.Bands.Districts {
		rank[d.District] = i
	}
	r.results = slices.Clone(results)
	slices.SortStableFunc(r.results, func(a, b *criteria.Result) int {
		pa, pb := r.parentOf[a.Unit.Code], r.parentOf[b.Unit.Code]
		if c := rank[pa] - rank[pb]; pa != pb && c != 0 {
			return c
		}
		return strings.Compare(a.Unit.Code, b.Unit.Code)
	})
}
