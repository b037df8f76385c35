package criteria

import "sort"

// Shortfall is one check a unit does not (or cannot be shown to) meet: what it measures,
// the value, the target and the gap. Shortfalls explain what a unit lacks for recognition.
type Shortfall struct {
	Criterion CriterionInfo // the zero CriterionInfo for a recognition condition
	Indicator IndicatorInfo
	Check     *CheckResult
	Status    Status // NotMet or Unknown
	// Closeness orders shortfalls: the relative gap |target − value| / |target| for numeric
	// checks not met (0 is closest), 1 for other checks not met, 2 for unknown ones.
	Closeness Number
}

// Shortfalls lists every check of a criterion or gate condition that is not met or unknown,
// closest to being met first: numeric gaps by relative size, then other checks not met, then
// unknown ones; ties keep the ruleset's order.
func (r *Result) Shortfalls() []Shortfall {
	var out []Shortfall
	add := func(c CriterionInfo, ir *IndicatorResult) {
		if ir.Status == Met || ir.Status == NotApplicable {
			return
		}
		for k := range ir.Checks {
			cr := &ir.Checks[k]
			if cr.Status != NotMet && cr.Status != Unknown {
				continue
			}
			s := Shortfall{Criterion: c, Indicator: ir.Indicator, Check: cr, Status: cr.Status, Closeness: IntNumber(1)}
			switch {
			case cr.Status == Unknown:
				s.Closeness = IntNumber(2)
			case cr.HasGap:
				t := cr.Target().Value.number().Abs()
				if t.Sign() == 0 {
					s.Closeness = cr.Gap
				} else {
					s.Closeness = divRound(cr.Gap, t, 6)
				}
				if s.Closeness.Cmp(IntNumber(1)) > 0 {
					s.Closeness = IntNumber(1)
				}
			}
			out = append(out, s)
		}
	}
	for i := range r.Criteria {
		for j := range r.Criteria[i].Indicators {
			add(r.Criteria[i].Criterion, &r.Criteria[i].Indicators[j])
		}
	}
	for j := range r.Conditions {
		if r.Conditions[j].Indicator.Kind() == Gate {
			add(CriterionInfo{}, &r.Conditions[j])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Closeness.Cmp(out[j].Closeness) < 0 })
	return out
}

// Unsupplied lists the criteria the unit cannot be judged on because the ruleset gives them no
// indicators (ToBeSupplied says why): they are unknown until a layer adds them.
func (r *Result) Unsupplied() []CriterionInfo {
	var out []CriterionInfo
	for i := range r.Criteria {
		if len(r.Criteria[i].Indicators) == 0 {
			out = append(out, r.Criteria[i].Criterion)
		}
	}
	return out
}
