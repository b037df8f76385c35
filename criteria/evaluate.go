package criteria

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// Evaluation runs in named steps shared by both paths: the verdict-only path (Verdicts) and
// the explained one (Explain, Evaluate):
//
//  1. admit: the unit's region and period are ones the program was compiled for;
//  2. values: the unit's values laid out as the program reads them, derived fields computed;
//  3. criteria: each indicator, then each criterion, decided and counted;
//  4. conditions: the recognition conditions, which may read the counts;
//  5. facts: all met, eligible, recognised and slipped.
//
// The explained path writes what each step saw into the Result as it goes; the verdict-only
// path writes only statuses.

// Verdicts evaluates one unit and fills v with the status of every criterion, indicator and
// condition, the counts and the four facts. v is reused: once its storage has grown to the
// program's size, Verdicts allocates nothing. Errors are as for Evaluate.
func (p *Program) Verdicts(ctx context.Context, u *Unit, v *Verdicts) error {
	s, err := p.admit(ctx, u)
	if err != nil {
		return err
	}
	v.size(p)
	if p.inPlace(u) {
		s.vals = u.Values.v
	} else {
		v.vals = p.values(u, v.vals)
		s.vals = v.vals
	}
	p.placeColumn(&s, u)
	var f facts
	f.recognition = u.Recognised(p.title, u.Period)
	f.other = f.recognition != nil && f.recognition.Ruleset != "" && !slices.Contains(p.chain, f.recognition.Ruleset)
	for k := range p.crits {
		cc := &p.crits[k]
		st := Met
		if cc.n == 0 {
			st = Unknown // its indicators are to be supplied: nothing to judge it by
		}
		for j := cc.first; j < cc.first+cc.n; j++ {
			if c := &p.inds[j]; c.simple {
				v.indicators[j] = p.quickIndicator(&s, c)
			} else {
				v.indicators[j] = p.indicator(&s, c, nil)
			}
			st = combine(st, v.indicators[j])
		}
		v.criteria[k] = st
		f.count(st)
	}
	s.met, s.total, s.notMet, s.unknown, s.crit, s.counted = f.met, len(p.crits), f.notMet, f.unknown, v.criteria, true
	s.ind = v.indicators[:p.condAt]
	gateNotMet, gateUnknown := false, false
	for j := p.condAt; j < len(p.inds); j++ {
		st := p.indicator(&s, &p.inds[j], nil)
		v.indicators[j] = st
		if p.inds[j].gate {
			gateNotMet = gateNotMet || st == NotMet
			gateUnknown = gateUnknown || st == Unknown
		}
	}
	f.settle(gateNotMet, gateUnknown)
	v.Met, v.NotMet, v.Unknown = f.met, f.notMet, f.unknown
	v.AllMet, v.Eligible, v.Slipped, v.Recognised, v.RecognisedElsewhere = f.allMet, f.eligible, f.slipped, f.recognition != nil, f.other
	return nil
}

// Evaluate evaluates one unit and explains every verdict. Missing data never fails an
// evaluation: it makes the checks that need it unknown and is listed in the result. Evaluate
// returns an error only when the unit cannot be evaluated at all: its region is not accepted,
// its period lies outside the years in force, it has no values, or ctx is done. It never
// panics on user input.
func (p *Program) Evaluate(ctx context.Context, u *Unit) (*Result, error) {
	res := new(Result)
	if err := p.Explain(ctx, u, res); err != nil {
		return nil, err
	}
	return res, nil
}

// Explain evaluates one unit into res, which the caller owns and may reuse: its storage is
// reused, so a Result kept from an earlier call must not be passed again (copy what you keep).
// Errors are as for Evaluate; on an error res is left unspecified.
func (p *Program) Explain(ctx context.Context, u *Unit, res *Result) error {
	s, err := p.admit(ctx, u)
	if err != nil {
		return err
	}
	if p.inPlace(u) {
		s.vals = u.Values.v
	} else {
		res.vals = p.values(u, res.vals)
		s.vals = res.vals
	}
	p.placeColumn(&s, u)
	res.reset(p, u)
	res.Unit.Column = p.explainColumn(&s, u)
	var f facts
	f.recognition = u.Recognised(p.title, u.Period)
	f.other = f.recognition != nil && f.recognition.Ruleset != "" && !slices.Contains(p.chain, f.recognition.Ruleset)
	ci := 0
	for k := range p.crits {
		cc := &p.crits[k]
		cr := &res.Criteria[k]
		cr.Criterion = CriterionInfo{cc.info}
		cr.Indicators = res.inds[cc.first : cc.first+cc.n : cc.first+cc.n]
		st := Met
		if cc.n == 0 {
			st = Unknown // its indicators are to be supplied: nothing to judge it by
		}
		for j := range cr.Indicators {
			ci = p.explainIndicator(&s, &p.inds[cc.first+j], &cr.Indicators[j], res, ci)
			st = combine(st, cr.Indicators[j].Status)
		}
		cr.Status = st
		f.count(st)
		res.statuses = append(res.statuses, st)
	}
	s.met, s.total, s.notMet, s.unknown, s.crit, s.counted = f.met, len(p.crits), f.notMet, f.unknown, res.statuses, true
	res.indStatuses = grow(res.indStatuses, p.condAt)
	for j := range res.indStatuses {
		res.indStatuses[j] = res.inds[j].Status
	}
	s.ind = res.indStatuses
	res.Conditions = res.inds[p.condAt:len(p.inds):len(p.inds)]
	gateNotMet, gateUnknown := false, false
	for j := range res.Conditions {
		ci = p.explainIndicator(&s, &p.inds[p.condAt+j], &res.Conditions[j], res, ci)
		if p.inds[p.condAt+j].gate {
			gateNotMet = gateNotMet || res.Conditions[j].Status == NotMet
			gateUnknown = gateUnknown || res.Conditions[j].Status == Unknown
		}
	}
	f.settle(gateNotMet, gateUnknown)
	p.explainIndices(&s, res)
	res.Met, res.NotMet, res.Unknown = f.met, f.notMet, f.unknown
	res.AllMet, res.Eligible, res.Slipped, res.RecognisedElsewhere = f.allMet, f.eligible, f.slipped, f.other
	res.Recognition = nil
	if f.recognition != nil {
		res.rec = *f.recognition
		res.Recognition = &res.rec
	}
	return nil
}

func (p *Program) explainIndicator(s *evalState, c *cInd, out *IndicatorResult, res *Result, ci int) int {
	*out = IndicatorResult{Indicator: IndicatorInfo{c.info}, Checks: res.checks[ci : ci+c.nResults : ci+c.nResults]}
	s.expl = explainer{res: res, p: p}
	out.Status = p.indicator(s, c, out)
	s.expl = explainer{}
	return ci + c.nResults
}

// evalState is what one evaluation reads: the unit's values, where its period falls, and, once
// the criteria are decided, their counts.
type evalState struct {
	p          *Program
	ctx        context.Context
	vals       []Value
	period     Period
	pi         int          // period index: (year − y0)·halves + half
	ti         int          // target index: column·years + (year − y0)
	column     columnChoice // with column rules: the column chosen
	met, total int
	notMet     int
	unknown    int
	crit       []Status  // the criteria's statuses, by index, once decided
	ind        []Status  // the criteria's indicators' statuses, by index, once decided
	counted    bool      // the counts and statuses are known: the criteria are decided
	expl       explainer // while an explained indicator is decided: where to write
}

// explainer collects the explanation of the indicator being decided.
type explainer struct {
	res *Result
	p   *Program
}

// admit checks that the program can evaluate the unit and places its period.
func (p *Program) admit(ctx context.Context, u *Unit) (evalState, error) {
	if err := ctx.Err(); err != nil {
		return evalState{}, err
	}
	if u == nil || u.Values == nil {
		return evalState{}, p.unitError(u, "the unit has no values")
	}
	ri := p.regionIndex(u.Region)
	if u.Region == "" && !p.regionRead {
		ri = p.noColumn // the column rules choose from the data (placeColumn)
	} else if ri < 0 || ri >= p.nAllowed {
		e := p.unitError(u, fmt.Sprintf("region %q is not accepted by %s (expected one of: %s)", u.Region, p.info.Ref(), strings.Join(p.regions, ", ")))
		e.Suggest = ydec.Suggest(u.Region, p.regions)
		return evalState{}, e
	}
	if u.Period.Year < p.y0 || u.Period.Year > p.y1 || u.Period.Half < 0 || u.Period.Half >= halves {
		return evalState{}, p.unitError(u, fmt.Sprintf("period %s is outside the years %d-%d in which %s is in force", u.Period, p.y0, p.y1, p.info.Ref()))
	}
	return evalState{p: p, ctx: ctx, period: u.Period, pi: (u.Period.Year-p.y0)*halves + u.Period.Half, ti: p.targetIndex(ri, u.Period.Year, u.Period.Half)}, nil
}

func (p *Program) unitError(u *Unit, msg string) *Error {
	e := &Error{Code: CodeUnit, Message: msg}
	if u != nil {
		e.Path = "unit " + u.Code
		e.File, e.Line = sourcePos(u.Source)
	}
	return e
}

// sourcePos splits a unit's Source, "file:line", at its last colon (a Windows path has one
// of its own); a Source with no line is all file.
func sourcePos(src string) (file string, line int) {
	i := strings.LastIndexByte(src, ':')
	if i < 0 {
		return src, 0
	}
	n, err := strconv.Atoi(src[i+1:])
	if err != nil || n <= 0 {
		return src, 0
	}
	return src[:i], n
}

// inPlace reports whether the unit's values can be read where they are: laid out as the
// program reads them, with no derived field to compute.
func (p *Program) inPlace(u *Unit) bool {
	return len(p.derived) == 0 && u.Values.sch == p.src && len(u.Values.v) == len(p.fields)
}

// values lays the unit's values out as the program reads them, in buf (reused), and computes
// the derived fields. Values read with another ruleset's fields are matched by id and type.
func (p *Program) values(u *Unit, buf []Value) []Value {
	buf = grow(buf, len(p.fields))
	if u.Values.sch == p.src && len(u.Values.v) == len(p.fields) {
		copy(buf, u.Values.v)
	} else {
		for i, f := range p.fields {
			buf[i] = Value{}
			if u.Values.sch == nil {
				continue
			}
			if j, ok := u.Values.sch.lookup(f.id); ok && j < len(u.Values.v) && u.Values.sch.fields[j].Type == f.typ {
				buf[i] = u.Values.v[j]
			}
		}
	}
	for _, i := range p.derived {
		if d := &p.fields[i].derive; d.kind == deriveExpr {
			buf[i] = d.computed(buf, u.Period) // reads only fields declared before it
		} else {
			buf[i] = d.value(u)
		}
	}
	return buf
}

// computed evaluates a computed value over the unit's values: missing when an input it needs is
// missing (never zero), or when the expression cannot be computed.
func (d *cDerive) computed(vals []Value, p Period) Value {
	in := exprInput{vals: vals, year: p.Year, half: p.Half}
	r := d.expr.code.eval(&in)
	if r.err != "" {
		return Value{}
	}
	return r.v
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

// value computes a derived field for a unit: from its recognition history or its members.
func (d cDerive) value(u *Unit) Value {
	switch d.kind {
	case deriveHistoryHeld, deriveHistoryValue:
		var r *Recognition
		for i := range u.History {
			h := &u.History[i]
			if h.Level == d.arg && h.HeldIn(u.Period) && (d.under == "" || h.Ruleset == d.under) && (r == nil || h.Year >= r.Year) {
				r = h
			}
		}
		if d.kind == deriveHistoryHeld {
			return BoolValue(r != nil)
		}
		if r == nil {
			return Value{}
		}
		if n, ok := r.Recorded[d.field]; ok {
			return NumberValue(n)
		}
		return Value{}
	}
	n := int64(0)
	for _, m := range u.Members {
		if m != nil && d.counts(m) {
			n++
		}
	}
	return NumberValue(IntNumber(n))
}

// counts reports whether a member result is one the cDerive counts.
func (d cDerive) counts(m *Result) bool {
	switch d.kind {
	case deriveMembersAll:
		return true
	case deriveMembersAllMet:
		return m.AllMet == Yes
	case deriveMembersEligible:
		return m.Eligible == Yes
	case deriveMembersRecognised:
		return m.Recognised()
	case deriveMembersSlipped:
		return m.Slipped == Yes
	case deriveMembersTitle:
		return m.HasTitle(d.arg)
	case deriveMembersCriterion:
		c, ok := m.Criterion(d.arg)
		return ok && c.Status == Met
	}
	return false
}

// indicator decides an indicator or condition: disabled, then whether it applies, then its
// plain condition or its checks. When s.expl is set, the explanation is written to out.
func (p *Program) indicator(s *evalState, c *cInd, out *IndicatorResult) Status {
	if c.disabled != "" {
		if out != nil {
			out.Reason = c.disabled
			p.notApplicable(s, c, out)
		}
		return NotApplicable
	}
	applies, why := p.applies(s, c, out)
	if applies == NotMet {
		if out != nil {
			out.Reason = c.naReason
			p.notApplicable(s, c, out)
		}
		return NotApplicable
	}
	st, allNA := Met, len(c.checks) > 0
	if c.info.Condition != nil {
		var cr *CheckResult
		if out != nil {
			cr = &out.Checks[0]
		}
		st = p.condition(s, c, cr)
		allNA = false
	}
	for k := range c.checks {
		var cs Status
		if out != nil {
			cs = p.check(s, &c.checks[k], &out.Checks[k])
		} else {
			q := c.quickFirst + k
			cs = p.decideQuick(s, &p.quick[q], &p.quickTargets[s.ti*len(p.quick)+q])
		}
		if cs != NotApplicable {
			allNA = false
		}
		st = combine(st, cs)
	}
	if allNA {
		st = NotApplicable
	}
	if applies == Unknown && st != Met && st != NotApplicable {
		st = Unknown
		if out != nil && out.Reason == "" {
			out.Reason = why
		}
	}
	return st
}

// notApplicable explains every check of an indicator that is not assessed or does not apply.
func (p *Program) notApplicable(s *evalState, c *cInd, out *IndicatorResult) {
	for k := range c.checks {
		out.Checks[k] = CheckResult{Check: CheckInfo{c.checks[k].info}, Status: NotApplicable, target: &c.checks[k].targets[s.ti]}
	}
}

// applies decides applies_if: Met (applies), NotMet (does not apply) or Unknown, with why it
// is unknown. An applies_if that reads only the period was decided at compile time.
func (p *Program) applies(s *evalState, c *cInd, out *IndicatorResult) (Status, string) {
	switch {
	case c.applies == nil:
		return Met, ""
	case c.periodOnly != nil:
		return c.periodOnly[s.pi], "cannot tell whether the indicator applies"
	}
	var r measured
	s.measure(c.applies, &r)
	switch {
	case r.unknown:
		if out != nil {
			out.MissingApplies = s.expl.missing(c.applies, s.vals)
			if why := s.expl.uncomputed(c.applies, s.vals, s.period); why != "" {
				out.Reason = "applies_if: " + why
			}
		}
		return Unknown, "cannot tell whether the indicator applies"
	case r.err != "":
		if out != nil {
			out.Reason = "applies_if: " + r.err
		}
		return Unknown, "cannot tell whether the indicator applies"
	case !r.v.b:
		return NotMet, ""
	}
	return Met, ""
}

// condition decides an indicator's plain boolean condition.
func (p *Program) condition(s *evalState, c *cInd, out *CheckResult) Status {
	var r measured
	s.measure(c.cond, &r)
	st := Unknown
	if !r.unknown && r.err == "" {
		st = NotMet
		if r.v.b {
			st = Met
		}
	}
	if out != nil {
		*out = CheckResult{Status: st, target: &c.condTarget, Reason: r.err}
		if r.unknown {
			out.Missing = s.expl.missing(c.cond, s.vals)
			if out.Reason == "" {
				out.Reason = s.expl.uncomputed(c.cond, s.vals, s.period)
			}
		} else if r.err == "" {
			out.Value = r.v
		}
	}
	return st
}

// check decides one check: its measure against its target for the unit's region and year.
// A target that follows one of the unit's values is computed here, for the unit.
func (p *Program) check(s *evalState, cc *cCheck, out *CheckResult) Status {
	t := &cc.targets[s.ti]
	tv, known := t.Value, t.Known()
	if t.PerUnit() {
		tv, known = unitTarget(t, s.vals)
		if out != nil {
			t = s.expl.keepTarget(t, tv, s.vals)
		}
	}
	if out != nil {
		*out = CheckResult{Check: CheckInfo{cc.info}, target: t}
	}
	var r measured
	s.measure(cc.m, &r)
	switch {
	case r.unknown:
		if out != nil {
			out.Missing = s.expl.missing(cc.m, s.vals)
			out.Reason = s.expl.uncomputed(cc.m, s.vals, s.period)
			if t.PerUnit() && !known {
				for _, id := range s.expl.missingValue(int(t.Follows.slot), t.Follows.Field, s.vals) {
					if !slices.Contains(out.Missing, id) {
						out.Missing = append(out.Missing, id)
					}
				}
			}
		}
		return Unknown
	case r.err != "":
		if out != nil {
			out.Reason = r.err
		}
		return Unknown
	case r.emptyDen:
		if out != nil {
			out.Status, out.Reason = cc.emptyDen, cc.emptyWhy
		}
		return cc.emptyDen
	}
	if out != nil {
		out.Value = r.v
	}
	if !known {
		if out != nil {
			if t.PerUnit() {
				f := t.Follows
				out.Missing = s.expl.missingValue(int(f.slot), f.Field, s.vals)
				switch fv := s.vals[f.slot]; {
				case len(out.Missing) > 0:
				case fv.kind == kindNumber:
					out.Reason = fmt.Sprintf("out of range: %s × %s (%s) cannot be computed exactly", f.Times, f.Field, fv)
				default:
					m := measure{slots: []int{int(f.slot)}, ids: []string{f.Field}, readsComputed: true}
					out.Reason = "the target follows " + f.Field + ": " + s.expl.uncomputed(&m, s.vals, s.period)
				}
			} else {
				out.Reason = cc.targetWhy[s.ti]
			}
		}
		return Unknown
	}
	var c int
	if r.v.kind == kindNumber {
		c = cmpFrac(r.num, r.den, tv.number())
	} else {
		var ok bool
		if c, ok = r.v.cmp(tv); !ok {
			if out != nil {
				out.Reason = "the measured value and the target are of different kinds"
			}
			return Unknown
		}
	}
	if cc.op.holds(c) {
		if out != nil {
			out.Status = Met
		}
		return Met
	}
	if out != nil {
		out.Status = NotMet
		if r.v.kind == kindNumber && cc.op != OpEQ && cc.op != OpNE {
			out.Gap = tv.number().Sub(r.v.number()).Abs()
			out.HasGap = true
		}
	}
	return NotMet
}

// unitTarget computes a target that follows one of the unit's values: Times × the value, or
// unknown when the unit lacks it.
func unitTarget(t *Resolved, vals []Value) (Value, bool) {
	v := vals[t.Follows.slot]
	if v.kind != kindNumber {
		return Value{}, false
	}
	x, ok := mulNum(v.number(), t.Follows.Times)
	if !ok || x.coef > exprMaxMag || x.coef < -exprMaxMag {
		return Value{}, false // exactly, or unknown: never rounded or wrapped around
	}
	return NumberValue(x.normal()), true
}

// keepTarget stores the unit's own target in the result, for its CheckResult to point to.
// The storage was sized for every such check when the result was reset, so it never moves.
func (x explainer) keepTarget(t *Resolved, tv Value, vals []Value) *Resolved {
	x.res.unitFollows = append(x.res.unitFollows, *t.Follows)
	f := &x.res.unitFollows[len(x.res.unitFollows)-1]
	if f.Of = vals[f.slot]; f.Of.kind != kindNumber {
		f.Of = Value{}
	}
	own := *t
	own.Value, own.Follows = tv, f
	x.res.unitTargets = append(x.res.unitTargets, own)
	return &x.res.unitTargets[len(x.res.unitTargets)-1]
}

// missingValue lists one value the unit lacks (id at slot) as missing: the inputs it lacks,
// for a computed value.
func (x explainer) missingValue(slot int, id string, vals []Value) []string {
	m := measure{slots: []int{slot}, ids: []string{id}, readsComputed: true}
	return x.missing(&m, vals)
}

// missing lists the fields a measure reads that the unit lacks, in the result's reused storage:
// for a computed value that is missing, the inputs it lacks — what the unit must supply. A
// computed value that has every input but cannot be computed is not missing data: uncomputed
// says why.
func (x explainer) missing(m *measure, vals []Value) []string {
	start := len(x.res.strs)
	if !m.readsComputed {
		for k, slot := range m.slots {
			if vals[slot].IsMissing() {
				x.res.strs = append(x.res.strs, m.ids[k])
			}
		}
		return x.res.strs[start:len(x.res.strs):len(x.res.strs)]
	}
	fields := x.p.fields
	var seen []bool // computed values already expanded: a value read twice is listed once
	var add func(m *measure)
	add = func(m *measure) {
		for k, slot := range m.slots {
			if !vals[slot].IsMissing() {
				continue
			}
			if d := &fields[slot].derive; d.kind == deriveExpr {
				if seen == nil {
					seen = make([]bool, len(fields))
				}
				if seen[slot] {
					continue
				}
				seen[slot] = true
				add(d.expr) // none, when it cannot be computed: uncomputed says why
				continue
			}
			if !slices.Contains(x.res.strs[start:], m.ids[k]) {
				x.res.strs = append(x.res.strs, m.ids[k])
			}
		}
	}
	add(m)
	return x.res.strs[start:len(x.res.strs):len(x.res.strs)]
}

// uncomputed says why a computed value the measure reads is missing though its inputs are not
// ("paved_share cannot be computed: division by zero"), or "".
func (x explainer) uncomputed(m *measure, vals []Value, period Period) string {
	if !m.readsComputed {
		return ""
	}
	fields := x.p.fields
	var seen []bool
	var why func(m *measure) string
	why = func(m *measure) string {
		for k, slot := range m.slots {
			d := &fields[slot].derive
			if !vals[slot].IsMissing() || d.kind != deriveExpr {
				continue
			}
			if seen == nil {
				seen = make([]bool, len(fields))
			}
			if seen[slot] {
				continue
			}
			seen[slot] = true
			in := exprInput{vals: vals, year: period.Year, half: period.Half}
			if r := d.expr.code.eval(&in); r.err != "" {
				return m.ids[k] + " cannot be computed: " + r.err
			}
			if w := why(d.expr); w != "" {
				return w
			}
		}
		return ""
	}
	return why(m)
}

// measured is the outcome of computing a measure.
type measured struct {
	v        Value
	num, den Number // the exact value num/den of a numeric measure
	unknown  bool   // a value the measure reads is missing
	emptyDen bool
	err      string
}

var one = IntNumber(1)

// measure computes a measure for the unit into out. It allocates nothing unless the measure
// cannot be computed and says why.
func (s *evalState) measure(m *measure, out *measured) {
	*out = measured{den: one}
	if m.kind == mExpr {
		s.exprMeasure(m, out)
		return
	}
	for _, slot := range m.slots {
		if s.vals[slot].IsMissing() {
			out.unknown = true
			return
		}
	}
	switch m.kind {
	case mField:
		out.v = s.vals[m.slots[0]]
		out.num = out.v.number()
	case mPercent, mRatio:
		percentOrRatio(m, s.vals[m.slots[0]].number(), s.vals[m.slots[1]].number(), out)
	case mSum:
		var sum Number
		for _, slot := range m.slots {
			var ok bool
			if sum, ok = addNum(sum, s.vals[slot].number()); !ok {
				out.err = "out of range: the sum is too large to be computed exactly"
				return
			}
		}
		out.num, out.v = sum, NumberValue(sum)
	case mCountTrue:
		n := int64(0)
		for _, slot := range m.slots {
			if s.vals[slot].b {
				n++
			}
		}
		out.num = IntNumber(n)
		out.v = NumberValue(out.num)
	case mCriteriaMet:
		out.num = IntNumber(int64(s.met))
		out.v = NumberValue(out.num)
	case mCriteriaTotal:
		out.num = IntNumber(int64(s.total))
		out.v = NumberValue(out.num)
	case mCriteriaNotMet:
		out.num = IntNumber(int64(s.notMet))
		out.v = NumberValue(out.num)
	case mCriteriaUnknown:
		out.num = IntNumber(int64(s.unknown))
		out.v = NumberValue(out.num)
	default:
		out.err = "measure not compiled"
	}
}

// percentOrRatio computes a/b, or 100·a/b, exactly, into out.
func percentOrRatio(m *measure, a, b Number, out *measured) {
	if b.Sign() == 0 {
		out.emptyDen = true
		return
	}
	if m.kind == mPercent {
		// 100·a/b, exactly: as (100·a)/b, or as a/(b/100) when 100·a does not fit.
		if x, ok := mulNum(a, IntNumber(100)); ok {
			a = x
		} else if b.scale+2 <= maxScale {
			b = Number{coef: b.coef, scale: b.scale + 2}.normal()
		} else {
			out.err = "out of range: 100 × " + m.ids[0] + " is too large to be computed exactly"
			return
		}
	}
	out.num, out.den = a, b
	out.v = NumberValue(divRound(a, b, 4))
}
