package criteria

import "github.com/nongthonmoi/ntm/internal/ydec"

// Result is the explained evaluation of one unit against one ruleset. It refers to the
// Program's immutable model (criteria, indicators, checks), so it is cheap to build and safe
// to share; serialise it with MarshalJSON (the documented shape ntm.result/v1).
type Result struct {
	Ruleset    *Ruleset
	Unit       UnitInfo
	Criteria   []CriterionResult
	Conditions []IndicatorResult // recognition conditions, in ruleset order

	// Counts of criteria by verdict (not applicable criteria do not exist: a criterion whose
	// indicators are all not applicable is met).
	Met, NotMet, Unknown int

	AllMet      Truth        // every criterion met
	Eligible    Truth        // all met, and every gate condition met
	Recognition *Recognition // the recognition in effect for the period (input), or nil
	Slipped     Truth        // recognised, but no longer all met
}

// UnitInfo identifies the evaluated unit in a result.
type UnitInfo struct {
	Code     string
	Name     string
	District string
	Region   string
	Period   Period
	Levels   []string // titles held in the period, from the history (e.g. ntm, advanced)
	Members  []*Result
	Source   string
}

// Recognised reports whether the unit held the ruleset's title in the period.
func (r *Result) Recognised() bool { return r.Recognition != nil }

// HasLevel reports whether the unit held the given title in the period (from its history).
func (r *Result) HasLevel(level string) bool { return ydec.Contains(r.Unit.Levels, level) }

// Criterion returns the result of a criterion by id.
func (r *Result) Criterion(id string) (*CriterionResult, bool) {
	for i := range r.Criteria {
		if r.Criteria[i].Criterion.ID == id {
			return &r.Criteria[i], true
		}
	}
	return nil, false
}

// Indicator returns the result of an indicator by id (criteria first, then conditions).
func (r *Result) Indicator(id string) (*IndicatorResult, bool) {
	for i := range r.Criteria {
		for j := range r.Criteria[i].Indicators {
			if r.Criteria[i].Indicators[j].Indicator.ID == id {
				return &r.Criteria[i].Indicators[j], true
			}
		}
	}
	return r.Condition(id)
}

// Condition returns the result of a recognition condition by id.
func (r *Result) Condition(id string) (*IndicatorResult, bool) {
	for i := range r.Conditions {
		if r.Conditions[i].Indicator.ID == id {
			return &r.Conditions[i], true
		}
	}
	return nil, false
}

// MissingFields returns the ids of the data fields whose absence made some check unknown,
// each once, in the order the checks read them.
func (r *Result) MissingFields() []string {
	var out []string
	seen := map[string]bool{}
	add := func(ir *IndicatorResult) {
		for _, f := range ir.MissingApplies {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
		for k := range ir.Checks {
			for _, f := range ir.Checks[k].Missing {
				if !seen[f] {
					seen[f] = true
					out = append(out, f)
				}
			}
		}
	}
	for i := range r.Criteria {
		for j := range r.Criteria[i].Indicators {
			add(&r.Criteria[i].Indicators[j])
		}
	}
	for i := range r.Conditions {
		add(&r.Conditions[i])
	}
	return out
}

// CriterionResult is the verdict on one criterion.
type CriterionResult struct {
	Criterion  *Criterion
	Status     Status
	Indicators []IndicatorResult
}

// IndicatorResult is the verdict on one indicator or recognition condition.
type IndicatorResult struct {
	Indicator      *Indicator
	Status         Status
	Reason         string   // why it is not applicable or unknown, when it is not a check's doing
	MissingApplies []string // fields missing to decide applies_if
	Checks         []CheckResult
}

// Check returns the result of one of the indicator's checks by id.
func (ir *IndicatorResult) Check(id string) (*CheckResult, bool) {
	for k := range ir.Checks {
		if ir.Checks[k].Check != nil && ir.Checks[k].Check.ID == id {
			return &ir.Checks[k], true
		}
	}
	return nil, false
}

// CheckResult explains one check: the value measured, the target, the comparator and the gap.
type CheckResult struct {
	Check   *Check // nil for an indicator's plain condition
	Status  Status
	Value   Value     // the measured value (percentages rounded to 4 decimals for display)
	Target  *Resolved // the target resolved for the unit's region and year (shared, read-only)
	Gap     Number    // how far the value is from the target when not met (≥ 0)
	HasGap  bool      // Gap is meaningful (a numeric check that is not met)
	Missing []string  // fields whose values are missing
	Reason  string    // e.g. "empty denominator", an expression's runtime error
}

// Op returns the check's comparator (0 for a plain condition).
func (c *CheckResult) Op() Op {
	if c.Check == nil {
		return 0
	}
	return c.Check.Op
}
