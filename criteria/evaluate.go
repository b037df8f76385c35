package criteria

import (
	"context"
	"fmt"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"math"
	"strings"
)

// Evaluate evaluates one unit. Missing data never fails an evaluation: it makes the checks
// that need it unknown and is listed in the result. Evaluate returns an error only when the
// unit cannot be evaluated at all: its region is not accepted, its period lies outside the
// years in force, it has no values, or ctx is done. It never panics on user input.
func (p *Program) Evaluate(ctx context.Context, u *Unit) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if u == nil || u.Values == nil {
		return nil, p.unitError(u, "the unit has no values")
	}
	ri := -1
	for i, r := range p.regions {
		if r == u.Region {
			ri = i
			break
		}
	}
	if ri < 0 {
		e := p.unitError(u, fmt.Sprintf("region %q is not accepted by %s (expected one of: %s)", u.Region, p.rs.Ref(), strings.Join(p.regions, ", ")))
		e.Suggest = ydec.Suggest(u.Region, p.regions)
		return nil, e
	}
	if u.Period.Year < p.y0 || u.Period.Year > p.y1 {
		return nil, p.unitError(u, fmt.Sprintf("period %s is outside the years %d-%d in which %s is in force", u.Period, p.y0, p.y1, p.rs.Ref()))
	}
	vals := u.Values.v
	if u.Values.sch != p.rs.schema {
		vals = make([]Value, len(p.rs.schema.fields))
		for i, f := range p.rs.schema.fields {
			if j, ok := u.Values.sch.lookup(f.ID); ok && u.Values.sch.fields[j].Type == f.Type {
				vals[i] = u.Values.v[j]
			}
		}
	} else if len(p.derived) > 0 {
		vals = append([]Value(nil), vals...)
	}
	for _, i := range p.derived {
		vals[i] = derive(p.rs.schema.fields[i], u)
	}
	s := evalState{ctx: ctx, p: p, vals: vals, period: u.Period, yi: ri*(p.y1-p.y0+1) + u.Period.Year - p.y0}
	res := &Result{Ruleset: p.rs, Unit: UnitInfo{Code: u.Code, Name: u.Name, District: u.District, Region: u.Region,
		Period: u.Period, Members: u.Members, Source: u.Source}}
	for _, h := range u.History {
		if h.HeldIn(u.Period) && !ydec.Contains(res.Unit.Levels, h.Level) {
			res.Unit.Levels = append(res.Unit.Levels, h.Level)
		}
	}
	res.Criteria = make([]CriterionResult, len(p.crits))
	inds := make([]IndicatorResult, p.nInd)
	checks := make([]CheckResult, p.nChecks)
	ii, ci := 0, 0
	for k := range p.crits {
		cc := &p.crits[k]
		cr := &res.Criteria[k]
		cr.Criterion = cc.c
		cr.Indicators = inds[ii : ii+len(cc.inds) : ii+len(cc.inds)]
		ii += len(cc.inds)
		met := Met
		for j := range cc.inds {
			n := s.checkCount(&cc.inds[j])
			s.indicator(&cc.inds[j], &cr.Indicators[j], checks[ci:ci+n:ci+n])
			ci += n
			met = combine(met, cr.Indicators[j].Status)
		}
		cr.Status = met
		switch met {
		case Met:
			res.Met++
		case NotMet:
			res.NotMet++
		default:
			res.Unknown++
		}
	}
	s.setCounts(res.Met, len(res.Criteria))
	res.Conditions = inds[ii:len(inds):len(inds)]
	for j := range p.conds {
		n := s.checkCount(&p.conds[j])
		s.indicator(&p.conds[j], &res.Conditions[j], checks[ci:ci+n:ci+n])
		ci += n
	}
	switch {
	case res.NotMet > 0:
		res.AllMet = No
	case res.Unknown > 0:
		res.AllMet = TruthUnknown
	default:
		res.AllMet = Yes
	}
	res.Eligible = res.AllMet
	for j := range res.Conditions {
		if res.Conditions[j].Indicator.Kind != Gate {
			continue
		}
		switch res.Conditions[j].Status {
		case NotMet:
			res.Eligible = No
		case Unknown:
			if res.Eligible == Yes {
				res.Eligible = TruthUnknown
			}
		}
	}
	res.Recognition = u.Recognised(p.rs.Recognition, u.Period)
	switch {
	case res.Recognition == nil || res.AllMet == Yes:
		res.Slipped = No
	case res.AllMet == No:
		res.Slipped = Yes
	default:
		res.Slipped = TruthUnknown
	}
	return res, nil
}

func (p *Program) unitError(u *Unit, msg string) *Error {
	e := &Error{Code: CodeUnit, Message: msg}
	if u != nil {
		e.Path = "unit " + u.Code
		if u.Source != "" {
			file, line, _ := strings.Cut(u.Source, ":")
			e.File = file
			fmt.Sscanf(line, "%d", &e.Line)
		}
	}
	return e
}

// combine folds an indicator's status into its criterion's: not met wins, then unknown;
// not applicable counts as met.
func combine(acc, s Status) Status {
	switch {
	case acc == NotMet || s == NotMet:
		return NotMet
	case acc == Unknown || s == Unknown:
		return Unknown
	}
	return Met
}

func derive(f *Field, u *Unit) Value {
	d := f.From
	if d.History != "" {
		var r *Recognition
		for i := range u.History {
			h := &u.History[i]
			if h.Level == d.History && h.HeldIn(u.Period) && (r == nil || h.Year >= r.Year) {
				r = h
			}
		}
		if d.Field == "" {
			return BoolValue(r != nil)
		}
		if r == nil {
			return Value{}
		}
		if n, ok := r.Recorded[d.Field]; ok {
			return NumberValue(n)
		}
		return Value{}
	}
	n := 0
	kind, arg, _ := strings.Cut(d.Members, ":")
	for _, m := range u.Members {
		if m == nil {
			continue
		}
		switch kind {
		case "all":
			n++
		case "all_met":
			if m.AllMet == Yes {
				n++
			}
		case "eligible":
			if m.Eligible == Yes {
				n++
			}
		case "recognised":
			if m.Recognised() {
				n++
			}
		case "slipped":
			if m.Slipped == Yes {
				n++
			}
		case "level":
			if m.HasLevel(arg) {
				n++
			}
		case "criterion":
			if c, ok := m.Criterion(arg); ok && c.Status == Met {
				n++
			}
		}
	}
	return NumberValue(IntNumber(int64(n)))
}

type evalState struct {
	ctx                        context.Context
	p                          *Program
	vals                       []Value
	env                        map[string]any
	period                     Period
	yi                         int
	criteriaMet, criteriaTotal int
	counted                    bool // criteriaMet and criteriaTotal are known
}

// setCounts records how many criteria are met, once every criterion is decided and before any
// condition runs; from then on expressions read them.
func (s *evalState) setCounts(met, total int) {
	s.criteriaMet, s.criteriaTotal, s.counted = met, total, true
	if s.env != nil {
		s.env["criteria_met"] = met
		s.env["criteria_total"] = total
	}
}

func (s *evalState) checkCount(ci *cInd) int {
	if ci.ind.Condition != nil {
		return 1
	}
	return len(ci.checks)
}

// measured is the outcome of computing a measure.
type measured struct {
	v        Value
	num, den Number // the exact value num/den of a numeric measure
	missing  []string
	emptyDen bool
	err      string
}

var one = IntNumber(1)

func (s *evalState) measure(m *measure) measured {
	var out measured
	for k, slot := range m.slots {
		if s.vals[slot].IsMissing() {
			out.missing = append(out.missing, m.ids[k])
		}
	}
	if len(out.missing) > 0 {
		return out
	}
	out.den = one
	switch m.kind {
	case mField:
		out.v = s.vals[m.slots[0]]
		out.num = out.v.num
		return out
	case mPercent, mRatio:
		a, b := s.vals[m.slots[0]].num, s.vals[m.slots[1]].num
		if b.Sign() == 0 {
			out.emptyDen = true
			return out
		}
		if m.kind == mPercent {
			// 100·a/b, exactly: as (100·a)/b, or as a/(b/100) when 100·a does not fit.
			if p, ok := mulNum(a, IntNumber(100)); ok {
				a = p
			} else if b.scale+2 <= maxScale {
				b = Number{coef: b.coef, scale: b.scale + 2}.normal()
			} else {
				out.err = "out of range: 100 × " + m.ids[0] + " is too large to be computed exactly"
				return out
			}
		}
		out.num, out.den = a, b
		out.v = NumberValue(divRound(a, b, 4))
		return out
	case mSum:
		var sum Number
		for _, slot := range m.slots {
			var ok bool
			if sum, ok = addNum(sum, s.vals[slot].num); !ok {
				out.err = "out of range: the sum is too large to be computed exactly"
				return out
			}
		}
		out.num, out.v = sum, NumberValue(sum)
		return out
	case mCountTrue:
		n := int64(0)
		for _, slot := range m.slots {
			if s.vals[slot].b {
				n++
			}
		}
		out.num = IntNumber(n)
		out.v = NumberValue(out.num)
		return out
	case mCriteriaMet:
		out.num = IntNumber(int64(s.criteriaMet))
		out.v = NumberValue(out.num)
		return out
	case mCriteriaTotal:
		out.num = IntNumber(int64(s.criteriaTotal))
		out.v = NumberValue(out.num)
		return out
	case mExpr:
		r, err := runExpr(s.ctx, m.prog, s.exprEnv())
		if err != nil {
			out.err = firstLine(err.Error())
			return out
		}
		switch x := r.(type) {
		case bool:
			out.v = BoolValue(x)
		case int:
			return exprInt(out, int64(x))
		case int64:
			return exprInt(out, x)
		case float64:
			n, ok := floatNumber(x)
			switch {
			case !ok && !math.IsNaN(x) && !math.IsInf(x, 0):
				out.err = fmt.Sprintf("out of range: the expression gave %v, more than the %d digits a number may have", x, maxDigits)
				return out
			case !ok:
				out.err = fmt.Sprintf("the expression gave %v, not a finite number", x)
				return out
			}
			out.num = n
			out.v = NumberValue(n)
		default:
			out.err = fmt.Sprintf("the expression gave a %T, not a number or boolean", r)
		}
		return out
	}
	out.err = "measure not compiled"
	return out
}

// maxDigits is how many digits a number may have: an expression's integer result beyond it
// could not take part in exact arithmetic (a gap, a decimal target).
const maxDigits = 18

// exprInt records an expression's integer result, or that it is out of range.
func exprInt(out measured, x int64) measured {
	if x > maxExprInt || x < -maxExprInt {
		out.err = fmt.Sprintf("out of range: the expression gave %d, more than the %d digits a number may have", x, maxDigits)
		return out
	}
	out.num = IntNumber(x)
	out.v = NumberValue(out.num)
	return out
}

const maxExprInt = 999_999_999_999_999_999 // maxDigits nines

// exprEnv returns the variables expressions read, built once per unit. It holds only values
// known when it is built: the fields and the period, which are set before any check runs, and
// criteria_met and criteria_total once they are counted (setCounts adds them then). Only
// conditions may read the counts, and they run after the counting.
func (s *evalState) exprEnv() map[string]any {
	if s.env != nil {
		return s.env
	}
	fields := s.p.rs.schema.fields
	s.env = make(map[string]any, len(s.p.exprSlots)+4)
	for _, i := range s.p.exprSlots {
		f, v := fields[i], s.vals[i]
		switch v.kind {
		case kindNumber:
			if f.Type == TypeCount {
				s.env[f.ID] = int(v.num.Int64())
			} else {
				s.env[f.ID] = v.num.Float64()
			}
		case kindBool:
			s.env[f.ID] = v.b
		case kindText:
			s.env[f.ID] = v.s
		}
	}
	if s.counted {
		s.env["criteria_met"] = s.criteriaMet
		s.env["criteria_total"] = s.criteriaTotal
	}
	s.env["period_year"] = s.period.Year
	s.env["period_half"] = s.period.Half
	return s.env
}

func (s *evalState) indicator(ci *cInd, out *IndicatorResult, checks []CheckResult) {
	out.Indicator = ci.ind
	out.Checks = checks
	if ci.ind.Disabled != "" {
		out.Status, out.Reason = NotApplicable, "disabled: "+ci.ind.Disabled
		for k := range ci.checks {
			checks[k] = CheckResult{Check: ci.checks[k].ch, Status: NotApplicable, Target: &ci.checks[k].targets[s.yi]}
		}
		return
	}
	applies := Met // Met: applies; NotMet: does not apply; Unknown: cannot tell
	if ci.applies != nil {
		r := s.measure(ci.applies)
		switch {
		case len(r.missing) > 0:
			applies, out.MissingApplies = Unknown, r.missing
		case r.err != "":
			applies, out.Reason = Unknown, "applies_if: "+r.err
		case !r.v.b:
			applies = NotMet
		}
	}
	if applies == NotMet {
		out.Status, out.Reason = NotApplicable, "does not apply: "+ci.ind.AppliesIf+" is false"
		for k := range ci.checks {
			checks[k] = CheckResult{Check: ci.checks[k].ch, Status: NotApplicable, Target: &ci.checks[k].targets[s.yi]}
		}
		return
	}
	st := Met
	allNA := len(ci.checks) > 0
	if ci.ind.Condition != nil {
		checks[0] = s.condition(ci)
		st = checks[0].Status
		allNA = false
	}
	for k := range ci.checks {
		s.check(&ci.checks[k], &checks[k])
		if checks[k].Status != NotApplicable {
			allNA = false
		}
		st = combine(st, checks[k].Status)
	}
	if allNA {
		st = NotApplicable
	}
	if applies == Unknown && st != Met && st != NotApplicable {
		st = Unknown
		if out.Reason == "" {
			out.Reason = "cannot tell whether the indicator applies"
		}
	}
	out.Status = st
}

func (s *evalState) condition(ci *cInd) CheckResult {
	out := CheckResult{Target: &ci.condTarget}
	if ci.cond == nil {
		out.Reason = "condition not compiled"
		return out
	}
	r := s.measure(ci.cond)
	switch {
	case len(r.missing) > 0:
		out.Missing = r.missing
	case r.err != "":
		out.Reason = r.err
	default:
		out.Value = r.v
		out.Status = NotMet
		if r.v.b {
			out.Status = Met
		}
	}
	return out
}

func (s *evalState) check(cc *cCheck, out *CheckResult) {
	out.Check = cc.ch
	out.Target = &cc.targets[s.yi]
	if cc.m == nil {
		out.Reason = "measure not compiled"
		return
	}
	r := s.measure(cc.m)
	switch {
	case len(r.missing) > 0:
		out.Missing = r.missing
		return
	case r.err != "":
		out.Reason = r.err
		return
	case r.emptyDen:
		out.Status = cc.ch.EmptyDenominator
		out.Reason = "empty denominator: " + cc.m.ids[1] + " is 0"
		return
	}
	out.Value = r.v
	if !out.Target.Known() {
		out.Reason = "target missing: " + out.Target.Missing
		return
	}
	var c int
	if r.v.kind == kindNumber {
		c = cmpFrac(r.num, r.den, out.Target.Value.num)
	} else {
		var ok bool
		if c, ok = r.v.cmp(out.Target.Value); !ok {
			out.Reason = "the measured value and the target are of different kinds"
			return
		}
	}
	if cc.ch.Op.holds(c) {
		out.Status = Met
		return
	}
	out.Status = NotMet
	if r.v.kind == kindNumber && (cc.ch.Op != OpEQ && cc.ch.Op != OpNE) {
		out.Gap = out.Target.Value.num.Sub(r.v.num).Abs()
		out.HasGap = true
	}
}
