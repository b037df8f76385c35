package criteria

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// BoundaryCase is a case generated from a target table: a unit whose measured value sits at
// a target, just past it, or is missing, with the verdict the law implies.
type BoundaryCase struct {
	Name      string
	Unit      *Unit
	Indicator string
	Check     string
	Want      Status
}

// BoundaryCases generates, for every check whose measure is a field or a percent/ratio of two
// fields, every allowed region and every target cell in force, three units built on base:
// one exactly at the target, one just past it on the failing side, and one with the value
// missing. Checks it cannot generate for (expressions, sums, disabled indicators, targets a
// field's range or type cannot reach) are described in skipped, so nothing is left out silently.
func (p *Program) BoundaryCases(base *Unit) (cases []BoundaryCase, skipped []string) {
	for _, ci := range p.inds {
		if ci.info.Disabled != "" {
			skipped = append(skipped, fmt.Sprintf("indicator %s: disabled", ci.info.ID))
			continue
		}
		for _, cc := range ci.checks {
			if cc.m == nil || (cc.m.kind != mField && cc.m.kind != mPercent && cc.m.kind != mRatio) {
				skipped = append(skipped, fmt.Sprintf("indicator %s check %s: measure %q is not a field, percent or ratio", ci.info.ID, cc.info.ID, cc.info.Measure))
				continue
			}
			if cc.perUnit {
				skipped = append(skipped, fmt.Sprintf("indicator %s check %s: its target follows each unit's own value; write cases for it by hand", ci.info.ID, cc.info.ID))
				continue
			}
			seen := map[string]bool{}
			for ri, region := range p.regions {
				place, unitRegion, why := p.columnPlacer(ri, base)
				if why != "" {
					skipped = append(skipped, fmt.Sprintf("indicator %s check %s column %s: %s", ci.info.ID, cc.info.ID, region, why))
					continue
				}
				if place == nil && unitRegion == "" {
					continue // the column of a unit no rule applies to
				}
				for y := p.y0; y <= p.y1; y++ {
					t := cc.targets[p.targetIndex(ri, y, 0)]
					if !t.Known() {
						continue
					}
					key := region + "|" + t.Value.String() + "|" + t.Source
					if seen[key] {
						continue
					}
					if ci.applies != nil && !p.appliesTo(ci.info, base, region, y) {
						skipped = append(skipped, fmt.Sprintf("indicator %s check %s region %s year %d: the indicator does not apply (%s)", ci.info.ID, cc.info.ID, region, y, ci.info.AppliesIf))
						continue
					}
					seen[key] = true
					gen, why := p.boundaryFor(ci.info, cc, region, unitRegion, place, y, t, base)
					if why != "" {
						skipped = append(skipped, fmt.Sprintf("indicator %s check %s region %s year %d: %s", ci.info.ID, cc.info.ID, region, y, why))
					}
					cases = append(cases, gen...)
				}
			}
		}
	}
	return cases, skipped
}

// columnPlacer says how a boundary case lands on column ri: the region the unit gets, and the
// value a column rule's field needs; why is not "" when no written value can choose the
// column (a condition chooses it). Without column rules, a unit's column is its region.
func (p *Program) columnPlacer(ri int, base *Unit) (place func(d *draft) error, unitRegion, why string) {
	if len(p.columns) == 0 {
		return nil, p.regions[ri], ""
	}
	if ri == p.noColumn {
		return nil, "", ""
	}
	for _, c := range p.columns {
		for j, cj := range c.vals {
			if cj == ri {
				f := p.src.fields[c.field]
				val := f.Values[j].ID
				return func(d *draft) error { return d.Set(f.ID, TextValue(val)) }, base.Region, ""
			}
		}
		if c.info.Region && ri < p.nAllowed {
			return func(*draft) error { return nil }, p.regions[ri], ""
		}
	}
	return nil, "", "the column is chosen by a condition (when: …): write its cases by hand"
}

func (p *Program) boundaryFor(ind *Indicator, cc cCheck, region, unitRegion string, place func(d *draft) error, year int, t Resolved, base *Unit) ([]BoundaryCase, string) {
	mk := func(label string, want Status, set func(d *draft) error) (BoundaryCase, error) {
		v := base.Values.Clone()
		if v.sch != p.src {
			v = &Values{sch: p.src, v: make([]Value, len(p.src.fields))}
			for _, id := range base.Values.Present() {
				x, _ := base.Values.Get(id)
				_ = v.Set(id, x)
			}
		}
		d := &draft{v: v, derived: map[string]Value{}}
		if err := set(d); err != nil {
			return BoundaryCase{}, err
		}
		if place != nil {
			if err := place(d); err != nil {
				return BoundaryCase{}, err
			}
		}
		u := *base
		u.Values, u.Region, u.Period = v, unitRegion, Period{Year: year}
		if err := d.apply(&u); err != nil {
			return BoundaryCase{}, err
		}
		if len(p.columns) > 0 {
			// The case must land on the column it is for: an earlier rule may choose another.
			s := evalState{p: p, period: u.Period}
			s.vals = p.values(&u, nil)
			if ch := p.chooseColumn(&s, &u); ch.index != p.regionIndex(region) {
				return BoundaryCase{}, fmt.Errorf("an earlier column rule chooses another column for it")
			}
		}
		return BoundaryCase{Name: fmt.Sprintf("%s/%s %s %d %s (%s %s)", ind.ID, cc.info.ID, region, year, label, cc.info.Op, t.Value),
			Unit: &u, Indicator: ind.ID, Check: cc.info.ID, Want: want}, nil
	}
	var out []BoundaryCase
	var why string
	add := func(label string, want Status, set func(d *draft) error) {
		c, err := mk(label, want, set)
		if err != nil {
			if why == "" {
				why = label + ": " + err.Error()
			}
			return
		}
		out = append(out, c)
	}
	op := cc.info.Op
	verdict := func(cmp int) Status {
		if op.holds(cmp) {
			return Met
		}
		return NotMet
	}
	// Which side of the target fails: below it for ≥, >, ==; above it for ≤, <.
	dir := -1
	if op == OpLE || op == OpLT {
		dir = 1
	}
	if (op == OpEQ || op == OpNE) && t.Value.kind == kindNumber && t.Value.number().Sign() == 0 {
		dir = 1 // a count that must be zero is failed from above
	}
	ids := cc.m.ids
	switch {
	case cc.m.kind == mField && cc.m.result == kindBool:
		b := t.Value.b
		add("at target", verdict(0), func(v *draft) error { return v.Set(ids[0], BoolValue(b)) })
		add("opposite", verdict(1), func(v *draft) error { return v.Set(ids[0], BoolValue(!b)) })
	case cc.m.kind == mField && cc.m.result == kindNumber:
		tv := t.Value.number()
		f := p.src.fields[cc.m.slots[0]]
		eps := NewNumber(1, int(tv.scale)+1)
		if f.Type == TypeCount {
			eps = IntNumber(1)
		}
		past := tv.Add(eps.Mul(IntNumber(int64(dir))))
		add("at target", verdict(0), func(v *draft) error { return v.Set(ids[0], NumberValue(tv)) })
		add("just past", verdict(dir), func(v *draft) error { return v.Set(ids[0], NumberValue(past)) })
	case cc.m.kind == mPercent || cc.m.kind == mRatio:
		tv := t.Value.number()
		unit := pow10[tv.scale]
		if cc.m.kind == mPercent {
			unit *= 100
		}
		if ids[0] == ids[1] {
			return nil, "numerator and denominator are the same field"
		}
		setBoth := func(den, a int64) func(v *draft) error {
			return func(v *draft) error {
				if err := v.Set(ids[1], NumberValue(IntNumber(den))); err != nil {
					return err
				}
				return v.Set(ids[0], NumberValue(IntNumber(a)))
			}
		}
		// The smallest denominator (the base's own first) for which the target is reached
		// exactly by a whole numerator, and that the fields' ranges accept.
		var cands []int64
		if x, ok := base.Values.Get(ids[1]); ok {
			if n, ok := x.Number(); ok && n.IsInteger() && n.Sign() > 0 {
				cands = append(cands, n.Int64())
			}
		}
		for d := int64(1); d <= 1000; d++ {
			cands = append(cands, d)
		}
		for d := int64(10000); d <= 1e8; d *= 10 {
			cands = append(cands, d)
		}
		var lastErr error = fmt.Errorf("no whole numerator reaches %s", tv)
		for _, den := range cands {
			prod, ok := mul64(tv.coef, den)
			if !ok || prod%unit != 0 {
				continue
			}
			a := prod / unit
			_, errAt := mk("probe", Met, setBoth(den, a))
			_, errPast := mk("probe", Met, setBoth(den, a+int64(dir)))
			if errAt != nil || errPast != nil {
				if lastErr = errAt; lastErr == nil {
					lastErr = errPast
				}
				continue
			}
			add("at target", verdict(0), setBoth(den, a))
			add("just past", verdict(dir), setBoth(den, a+int64(dir)))
			lastErr = nil
			break
		}
		if lastErr != nil {
			return nil, "no denominator in the field's range reaches the target exactly: " + lastErr.Error()
		}
	default:
		return nil, "text measures are not generated"
	}
	// A count of members or a title held is never missing; other values are.
	if f := p.src.fields[cc.m.slots[0]]; f.From == nil || f.From.Field != "" && f.From.Members == "" {
		add("missing", Unknown, func(v *draft) error { return v.Unset(ids[0]) })
	}
	return out, why
}

// appliesTo reports whether an indicator with applies_if applies to the base unit placed in a
// region and year; cases are generated only where it does.
func (p *Program) appliesTo(ind *Indicator, base *Unit, region string, year int) bool {
	u := *base
	u.Region, u.Period = region, Period{Year: year}
	res, err := p.Evaluate(context.Background(), &u)
	if err != nil {
		return false
	}
	ir, ok := res.Indicator(ind.ID)
	return ok && !strings.HasPrefix(ir.Reason, "does not apply")
}

// Run evaluates the boundary case and returns the check's status.
func (bc BoundaryCase) Run(ctx context.Context, p *Program) (Status, *CheckResult, error) {
	res, err := p.Evaluate(ctx, bc.Unit)
	if err != nil {
		return Unknown, nil, err
	}
	ir, ok := res.Indicator(bc.Indicator)
	if !ok {
		return Unknown, nil, fmt.Errorf("indicator %s not in the result", bc.Indicator)
	}
	if cr, ok := ir.Check(bc.Check); ok {
		return cr.Status, cr, nil
	}
	return Unknown, nil, fmt.Errorf("check %s/%s not in the result", bc.Indicator, bc.Check)
}

// draft collects the values of a generated unit: data fields go straight into its Values;
// derived fields (member counts, values from the history) are turned into member stand-ins
// and history entries that make the engine derive exactly the value asked for.
type draft struct {
	v       *Values
	derived map[string]Value // derived field → value wanted; missing Value: make it missing
}

func (d *draft) field(id string) (*Field, error) {
	i, ok := d.v.sch.lookup(id)
	if !ok {
		return nil, d.v.unknownField(id)
	}
	return d.v.sch.fields[i], nil
}

// Set sets a data field, or records the value a derived field must take.
func (d *draft) Set(id string, val Value) error {
	f, err := d.field(id)
	if err != nil {
		return err
	}
	if f.From == nil {
		return d.v.Set(id, val)
	}
	if f.From.Members != "" {
		n, ok := val.Number()
		if !ok || !n.IsInteger() || n.Sign() < 0 || n.Cmp(IntNumber(100000)) > 0 {
			return fmt.Errorf("field %q counts members: %s is not a count of at most 100000", id, val)
		}
	}
	d.derived[id] = val
	return nil
}

// Unset makes a field missing; a count of members is never missing.
func (d *draft) Unset(id string) error {
	f, err := d.field(id)
	if err != nil {
		return err
	}
	if f.From == nil {
		return d.v.Unset(id)
	}
	if f.From.Members != "" || f.From.Field == "" {
		return fmt.Errorf("field %q is derived and never missing", id)
	}
	d.derived[id] = Value{}
	return nil
}

// apply builds the members and history the derived values need.
func (d *draft) apply(u *Unit) error {
	if len(d.derived) == 0 {
		return nil
	}
	ids := make([]string, 0, len(d.derived))
	for id := range d.derived {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	counts := map[string]int{}
	total, totalSet := 0, false
	history := append([]Recognition(nil), u.History...)
	for _, id := range ids {
		f, _ := d.field(id)
		val := d.derived[id]
		switch {
		case f.From.Members != "":
			n, _ := val.Number()
			c := int(n.Int64())
			if f.From.Members == "all" {
				total, totalSet = c, true
				continue
			}
			counts[f.From.Members] = c
		case f.From.Field == "":
			var kept []Recognition
			for _, h := range history {
				if h.Level != f.From.History {
					kept = append(kept, h)
				}
			}
			history = kept
			if b, _ := val.Bool(); b {
				history = append(history, Recognition{Level: f.From.History, Year: u.Period.Year - 1})
			}
		default:
			var kept []Recognition
			for _, h := range history {
				if h.Level != f.From.History {
					kept = append(kept, h)
				}
			}
			history = kept
			if n, ok := val.Number(); ok {
				history = append(history, Recognition{Level: f.From.History, Year: u.Period.Year - 1, Recorded: map[string]Number{f.From.Field: n}})
			}
		}
	}
	u.History = history
	if len(counts) == 0 && !totalSet {
		return nil
	}
	kinds := make([]string, 0, len(counts))
	for k, c := range counts {
		kinds = append(kinds, k)
		if !totalSet && c > total {
			total = c
		}
	}
	sort.Strings(kinds)
	members := make([]*Result, total)
	for i := range members {
		members[i] = &Result{AllMet: No, Eligible: No, Slipped: No, Unit: UnitInfo{Code: fmt.Sprintf("member-%d", i+1)}}
	}
	for _, k := range kinds {
		if counts[k] > total {
			return fmt.Errorf("%d members %s but only %d members", counts[k], k, total)
		}
		kind, arg, _ := strings.Cut(k, ":")
		for i := 0; i < counts[k]; i++ {
			m := members[i]
			switch kind {
			case "recognised":
				m.Recognition = &Recognition{Level: "ntm"}
			case "all_met":
				m.AllMet = Yes
			case "eligible":
				m.Eligible = Yes
			case "slipped":
				m.Slipped = Yes
			case "level":
				m.Unit.Titles = append(m.Unit.Titles, arg)
			case "criterion":
				m.Criteria = append(m.Criteria, CriterionResult{Criterion: CriterionInfo{&Criterion{ID: arg}}, Status: Met})
			}
		}
	}
	u.Members = members
	return nil
}
