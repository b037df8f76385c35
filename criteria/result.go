package criteria

import "github.com/nongthonmoi/ntm/internal/ydec"

// Result is the explained evaluation of one unit against one ruleset. Its descriptions of the
// ruleset, criteria, indicators and checks are read-only views of the Program's private model,
// so nothing done with a Result changes the Program or another Result. Serialise it with
// MarshalJSON (the documented shape ntm.result/v1).
type Result struct {
	Ruleset    RulesetInfo
	Unit       UnitInfo
	Criteria   []CriterionResult
	Conditions []IndicatorResult // recognition conditions, in ruleset order
	Scores     []ScoreResult     // scored indicators, in ruleset order
	Indices    []IndexResult     // indices, in ruleset order

	// Counts of criteria by verdict (not applicable criteria do not exist: a criterion whose
	// indicators are all not applicable is met).
	Met, NotMet, Unknown int

	AllMet      Truth        // every criterion met
	Eligible    Truth        // all met, and every gate condition met
	Recognition *Recognition // the recognition in effect for the period (a copy of the history entry), or nil
	Slipped     Truth        // recognised, but no longer all met
	// RecognisedElsewhere: the title in force was granted under another ruleset (its
	// Recognition names one outside this ruleset's chain), so slipping is not judged.
	RecognisedElsewhere bool

	// storage reused by Program.Explain
	rec         Recognition
	inds        []IndicatorResult
	checks      []CheckResult
	strs        []string
	statuses    []Status   // the criteria's statuses as conditions read them (storage reused)
	indStatuses []Status   // the criteria's indicators' statuses, likewise
	unitTargets []Resolved // targets that follow the unit's values, as CheckResults point to them
	unitFollows []Follows  // and what each follows, with the unit's value
	vals        []Value
	prog        *Program // the program that explained it, for Computed
}

// reset prepares a result for an explanation of u by p, reusing its storage.
func (r *Result) reset(p *Program, u *Unit) {
	titles := r.Unit.Titles[:0]
	for _, h := range u.History {
		if h.HeldIn(u.Period) && !ydec.Contains(titles, h.Level) {
			titles = append(titles, h.Level)
		}
	}
	r.Ruleset, r.prog = RulesetInfo{p.info}, p
	var parents []Parent // the result's own copy, reusing its memory
	if len(u.Parents) > 0 {
		parents = append(r.Unit.Parents[:0], u.Parents...)
	}
	r.Unit = UnitInfo{Code: u.Code, Name: u.Name, District: u.District, Region: u.Region, Period: u.Period,
		Titles: titles, Members: u.Members, Source: u.Source, Parents: parents}
	r.Criteria = grow(r.Criteria, len(p.crits))
	r.statuses = r.statuses[:0]
	r.inds = grow(r.inds, len(p.inds))
	r.checks = grow(r.checks, p.nChecks)
	r.strs = r.strs[:0]
	if cap(r.unitTargets) < p.nPerUnit {
		// never grown while results point into them
		r.unitTargets, r.unitFollows = make([]Resolved, 0, p.nPerUnit), make([]Follows, 0, p.nPerUnit)
	}
	r.unitTargets, r.unitFollows = r.unitTargets[:0], r.unitFollows[:0]
	r.Met, r.NotMet, r.Unknown = 0, 0, 0
}

// UnitInfo identifies the evaluated unit in a result.
type UnitInfo struct {
	Code     string
	Name     string
	District string
	Region   string
	Period   Period
	Titles   []string // titles held in the period, from the history (e.g. ntm, advanced)
	Members  []*Result
	Source   string
	Column   *ColumnChoice // with column rules: the target column the unit was judged on, and why
	Parents  []Parent      // the units it belongs to at levels other than the district
}

// Parent returns the unit it belongs to at the given level, as the data name it, or "".
func (u UnitInfo) Parent(l Level) string { return parentAt(u.Parents, u.District, l) }

// Recognised reports whether the unit held the ruleset's title in the period.
func (r *Result) Recognised() bool { return r.Recognition != nil }

// HasTitle reports whether the unit held the given title in the period (from its history).
func (r *Result) HasTitle(title string) bool { return ydec.Contains(r.Unit.Titles, title) }

// Criterion returns the result of a criterion by id.
func (r *Result) Criterion(id string) (*CriterionResult, bool) {
	for i := range r.Criteria {
		if r.Criteria[i].Criterion.ID() == id {
			return &r.Criteria[i], true
		}
	}
	return nil, false
}

// Indicator returns the result of an indicator by id (criteria first, then conditions).
func (r *Result) Indicator(id string) (*IndicatorResult, bool) {
	for i := range r.Criteria {
		for j := range r.Criteria[i].Indicators {
			if r.Criteria[i].Indicators[j].Indicator.ID() == id {
				return &r.Criteria[i].Indicators[j], true
			}
		}
	}
	return r.Condition(id)
}

// Condition returns the result of a recognition condition by id.
func (r *Result) Condition(id string) (*IndicatorResult, bool) {
	for i := range r.Conditions {
		if r.Conditions[i].Indicator.ID() == id {
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
	Criterion  CriterionInfo
	Status     Status
	Indicators []IndicatorResult
}

// IndicatorResult is the verdict on one indicator or recognition condition.
type IndicatorResult struct {
	Indicator      IndicatorInfo
	Status         Status
	Reason         string   // why it is not applicable or unknown, when it is not a check's doing
	MissingApplies []string // fields missing to decide applies_if
	Checks         []CheckResult
}

// Check returns the result of one of the indicator's checks by id.
func (ir *IndicatorResult) Check(id string) (*CheckResult, bool) {
	for k := range ir.Checks {
		if !ir.Checks[k].Check.IsZero() && ir.Checks[k].Check.ID() == id {
			return &ir.Checks[k], true
		}
	}
	return nil, false
}

// CheckResult explains one check: the value measured, the target, the comparator and the gap.
type CheckResult struct {
	Check   CheckInfo // the zero CheckInfo for an indicator's plain condition
	Status  Status
	Value   Value    // the measured value (percentages rounded to 4 decimals for display)
	Gap     Number   // how far the value is from the target when not met (≥ 0)
	HasGap  bool     // Gap is meaningful (a numeric check that is not met)
	Missing []string // fields whose values are missing
	Reason  string   // e.g. "empty denominator", an expression's runtime error
	target  *Resolved
}

// Target returns the target resolved for the unit's region and year.
func (c *CheckResult) Target() Resolved {
	if c.target == nil {
		return Resolved{}
	}
	return *c.target
}

// Op returns the check's comparator (0 for a plain condition).
func (c *CheckResult) Op() Op { return c.Check.Op() }
