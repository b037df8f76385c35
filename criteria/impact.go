package criteria

import (
	"context"
	"fmt"
)

// Standing is where a unit stands under one ruleset: its criteria by verdict, whether it
// meets them all and whether it is eligible for recognition.
type Standing struct {
	Met, NotMet, Unknown int
	AllMet, Eligible     Truth
}

// Flip is one check whose verdict differs between two rulesets for a unit: what it measures,
// the value, and the target under each.
type Flip struct {
	Criterion CriterionInfo // the zero CriterionInfo for a recognition condition
	Indicator IndicatorInfo // as the changed ruleset declares it
	Check     string        // the check's id ("" for an indicator's plain condition)
	Before    *CheckResult  // under the base ruleset (nil when the base has no such check)
	After     *CheckResult  // under the changed ruleset (nil when it has no such check)
}

// Status returns the flip's verdicts before and after (Unknown for a side without the check).
func (f Flip) Status() (before, after Status) {
	before, after = Unknown, Unknown
	if f.Before != nil {
		before = f.Before.Status
	}
	if f.After != nil {
		after = f.After.Status
	}
	return before, after
}

// Describe says what flipped, for a reader: "10 đạt → không đạt (53,9; ≥ 50 triệu đồng → ≥ 55
// triệu đồng)" — the indicator (a recognition condition by its name), both verdicts, and, when
// the requirement changed, the value and both requirements.
func (f Flip) Describe(lang string) string {
	id := f.Indicator.ID()
	if f.Criterion.IsZero() {
		id = f.Indicator.Name().In(lang)
	} else if f.Check != "" && len(f.Indicator.Checks()) > 1 {
		id += "/" + f.Check // one of several checks of the indicator
	}
	before, after := f.Status()
	s := id + " " + statusText(before, lang) + " → " + statusText(after, lang)
	if f.After != nil && f.Before != nil {
		if rb, ra := f.Before.Requirement(lang), f.After.Requirement(lang); rb != "" && rb != ra {
			s += " (" + f.After.Value.Format(lang) + "; " + rb + " → " + ra + ")"
		}
	}
	return s
}

func statusText(s Status, lang string) string {
	t := map[Status]Text{Met: {VI: "đạt", EN: "met"}, NotMet: {VI: "không đạt", EN: "not met"},
		NotApplicable: {VI: "không áp dụng", EN: "not applicable"}}[s]
	if t.IsZero() {
		t = Text{VI: "chưa rõ", EN: "unknown"}
	}
	return t.In(lang)
}

// UnitImpact is one unit under the base and the changed ruleset.
type UnitImpact struct {
	Code, Name    string
	Period        Period
	Before, After Standing
	Flips         []Flip // the checks whose verdict differs, in the changed ruleset's order
}

// Changed reports whether the unit's standing differs: a criterion gained or lost, or all met
// or eligibility turned.
func (u *UnitImpact) Changed() bool { return u.Before != u.After }

// ImpactReport is the effect of changing a ruleset on a set of units: who changes, and why.
type ImpactReport struct {
	Base, Changed RulesetInfo
	Units         int          // units evaluated under both
	Impacts       []UnitImpact // the units with a check whose verdict differs, in input order
	Errors        ErrorList    // one per unit that could not be evaluated under both (it is left out of every count)

	AllMet, Eligible [2]int // units all met and eligible: before, after
	Unknown          [2]int // units with a criterion unknown: before, after
}

// Impact evaluates every unit under the base and the changed program and reports the units
// for which any check's verdict differs, with the checks, their values and both targets. It is
// meant for a ruleset and a layer over it, or two sets that share the fields the units give
// (a unit is evaluated as it is under each: a field one set does not declare is an error of
// that unit). Verdicts decide who changed; only those units are explained, so the cost is that
// of two verdict runs over all units plus explanations for the few that change.
//
// A unit that cannot be evaluated under either ruleset is listed in Errors and counted
// nowhere else; one bad unit never stops the others. A cancelled context stops the run with
// its error.
func Impact(ctx context.Context, base, changed *Program, units []*Unit) (*ImpactReport, error) {
	if base == nil || changed == nil || base.source == nil || changed.source == nil {
		return nil, fmt.Errorf("criteria: Impact needs two compiled programs")
	}
	if bl, cl := base.source.Level, changed.source.Level; bl != cl {
		return nil, fmt.Errorf("criteria: %s judges the level %s and %s the level %s: an impact compares two rulesets of one level", base.source.Ref(), bl, changed.source.Ref(), cl)
	}
	shared := false
	for _, f := range changed.source.Fields {
		if _, ok := base.source.Field(f.ID); ok {
			shared = true
			break
		}
	}
	if !shared && len(changed.source.Fields) > 0 {
		return nil, fmt.Errorf("criteria: %s and %s share no field: the same data cannot be judged by both", base.source.Ref(), changed.source.Ref())
	}
	rep := &ImpactReport{Base: base.Info(), Changed: changed.Info()}
	// Indicators matched by id: those of the changed ruleset, with their index in the base.
	inB := changed.Indicators()
	baseAt := make([]int, len(inB))
	for i, ind := range inB {
		baseAt[i] = -1
		if k, ok := base.IndicatorIndex(ind.ID()); ok {
			baseAt[i] = k
		}
	}
	var va, vb Verdicts
	var ra, rb Result // reused: the flips keep copies of their checks
	for _, u := range units {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if u == nil {
			rep.Errors = append(rep.Errors, &Error{Code: CodeUnit, Message: "a nil unit"})
			continue
		}
		errA := base.Verdicts(ctx, u, &va)
		errB := changed.Verdicts(ctx, u, &vb)
		if errA != nil || errB != nil {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for _, err := range []error{errA, errB} {
				if err != nil {
					rep.Errors = append(rep.Errors, Errors(err)...)
				}
			}
			continue
		}
		rep.Units++
		before := Standing{va.Met, va.NotMet, va.Unknown, va.AllMet, va.Eligible}
		after := Standing{vb.Met, vb.NotMet, vb.Unknown, vb.AllMet, vb.Eligible}
		if before.AllMet == Yes {
			rep.AllMet[0]++
		}
		if after.AllMet == Yes {
			rep.AllMet[1]++
		}
		if before.Eligible == Yes {
			rep.Eligible[0]++
		}
		if before.Unknown > 0 {
			rep.Unknown[0]++
		}
		if after.Unknown > 0 {
			rep.Unknown[1]++
		}
		if after.Eligible == Yes {
			rep.Eligible[1]++
		}
		differs := before != after
		for i := range inB {
			if k := baseAt[i]; k < 0 || va.Indicator(k) != vb.Indicator(i) {
				differs = true
				break
			}
		}
		if !differs {
			continue
		}
		if err := base.Explain(ctx, u, &ra); err != nil {
			return nil, err // the verdicts were decided: only a cancelled context fails here
		}
		if err := changed.Explain(ctx, u, &rb); err != nil {
			return nil, err
		}
		flips := diffChecks(&ra, &rb)
		if len(flips) == 0 && before == after {
			continue // indicators turned only where not applicable both ways
		}
		rep.Impacts = append(rep.Impacts, UnitImpact{Code: u.Code, Name: u.Name, Period: u.Period, Before: before, After: after, Flips: flips})
	}
	return rep, nil
}

// diffChecks lists the checks whose verdict differs between two results of one unit, matched
// by indicator and check id, in the order of the second.
func diffChecks(a, b *Result) []Flip {
	type key struct{ ind, check string }
	before := map[key]*CheckResult{}
	visit := func(r *Result, f func(CriterionInfo, *IndicatorResult)) {
		for i := range r.Criteria {
			for j := range r.Criteria[i].Indicators {
				f(r.Criteria[i].Criterion, &r.Criteria[i].Indicators[j])
			}
		}
		for j := range r.Conditions {
			f(CriterionInfo{}, &r.Conditions[j])
		}
	}
	visit(a, func(_ CriterionInfo, ir *IndicatorResult) {
		for k := range ir.Checks {
			before[key{ir.Indicator.ID(), ir.Checks[k].Check.id()}] = &ir.Checks[k]
		}
	})
	var out []Flip
	seen := map[key]bool{}
	visit(b, func(c CriterionInfo, ir *IndicatorResult) {
		for k := range ir.Checks {
			cr := &ir.Checks[k]
			kk := key{ir.Indicator.ID(), cr.Check.id()}
			seen[kk] = true
			old := before[kk]
			if old != nil && old.Status == cr.Status || old == nil && (cr.Status == Unknown || cr.Status == NotApplicable) {
				continue // unchanged, or a check only this side has that decides nothing
			}
			out = append(out, Flip{Criterion: c, Indicator: ir.Indicator, Check: kk.check, Before: keep(old), After: keep(cr)})
		}
	})
	// A check the changed ruleset dropped whose verdict mattered is a flip too.
	visit(a, func(c CriterionInfo, ir *IndicatorResult) {
		for k := range ir.Checks {
			cr := &ir.Checks[k]
			kk := key{ir.Indicator.ID(), cr.Check.id()}
			if !seen[kk] && cr.Status != NotApplicable && cr.Status != Unknown {
				out = append(out, Flip{Criterion: c, Indicator: ir.Indicator, Check: kk.check, Before: keep(cr)})
			}
		}
	})
	return out
}

// keep copies a check of a result that will be reused (its target lives in the program).
func keep(c *CheckResult) *CheckResult {
	if c == nil {
		return nil
	}
	k := *c
	k.Missing = append([]string(nil), c.Missing...)
	return &k
}

// id is the check's id, "" for the zero CheckInfo (an indicator's plain condition).
func (c CheckInfo) id() string {
	if c.ch == nil {
		return ""
	}
	return c.ch.ID
}
