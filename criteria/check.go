package criteria

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// maxAtMostChain bounds a chain of at_most links (a ≤ b ≤ c …); real ones have two or three.
const maxAtMostChain = 16

// check checks every reference of the layered ruleset, and parses and type-checks its
// measures and conditions: the last step of Load.
func (rs *Ruleset) check(d *dec) {
	rs.schema = &schema{fields: rs.Fields, index: make(map[string]int, len(rs.Fields)), idList: make([]string, len(rs.Fields))}
	for i, f := range rs.Fields {
		if _, dup := rs.schema.index[f.ID]; !dup {
			rs.schema.index[f.ID] = i // the first, as findField finds
		}
		rs.schema.idList[i] = f.ID
	}
	field := func(id string) (*Field, bool) {
		if i, ok := rs.schema.index[id]; ok {
			return rs.Fields[i], true
		}
		return nil, false
	}
	for _, f := range rs.Fields {
		if ydec.Contains(reservedNames, f.ID) {
			d.ErrorAt(f.Pos, "field "+f.ID, CodeIDInvalid, "%q is reserved for expressions (%s); name the field otherwise", f.ID, strings.Join(reservedNames, ", "))
		}
		if f.AtMost != "" {
			o, ok := field(f.AtMost)
			switch {
			case !ok:
				e := d.ErrorAt(f.atPos, "field "+f.ID+" › at_most", CodeRefField, "unknown field %q", f.AtMost)
				e.Near(f.AtMost, rs.schema.ids())
			case o == f:
				d.ErrorAt(f.atPos, "field "+f.ID+" › at_most", CodeValue, "a field cannot be at most itself")
			case !f.Type.Numeric() || !o.Type.Numeric():
				d.ErrorAt(f.atPos, "field "+f.ID+" › at_most", CodeUnitMismatch, "at_most compares numbers; %s is %s and %s is %s", f.ID, f.Type, o.ID, o.Type)
			case f.Unit != o.Unit:
				d.ErrorAt(f.atPos, "field "+f.ID+" › at_most", CodeUnitMismatch, "at_most compares values of one unit; %q and %q differ", f.Unit, o.Unit)
			}
		}
		switch {
		case f.From == nil || f.Type == 0:
		case f.From.History != "" && f.From.Field != "" && !f.Type.Numeric():
			d.ErrorAt(f.Pos, "field "+f.ID, CodeType, "a value recorded in the history is a number; the field is %s", f.Type)
		case f.From.History != "" && f.From.Field == "" && f.Type != TypeBoolean:
			d.ErrorAt(f.Pos, "field "+f.ID, CodeType, "whether a title is held (history without field) is a boolean; the field is %s", f.Type)
		case f.From.Members != "" && f.Type != TypeCount:
			d.ErrorAt(f.Pos, "field "+f.ID, CodeType, "a count of members is a count; the field is %s", f.Type)
		case f.From.Expr != "" && f.Type != TypeNumber && f.Type != TypeBoolean:
			d.ErrorAt(f.Pos, "field "+f.ID, CodeType, "a computed value is a number or a boolean; the field is %s", f.Type)
		}
	}
	// An at_most cycle (a ≤ b ≤ a) would reject every row where the two differ; a chain
	// longer than maxAtMostChain is refused so that checking a row stays cheap. Each field has
	// at most one at_most, so one walk per field, marking what is done, is linear.
	state := make([]uint8, len(rs.Fields)) // 1 on the walk, 2 done
	depth := make([]int, len(rs.Fields))   // links from the field to the end of its chain
	for i := range rs.Fields {
		var path []int
		j := i
		for state[j] == 0 {
			state[j] = 1
			path = append(path, j)
			k, ok := rs.schema.index[rs.Fields[j].AtMost]
			if !ok || rs.Fields[j].AtMost == "" {
				break
			}
			j = k
		}
		if state[j] == 1 && len(path) > 0 && rs.Fields[path[len(path)-1]].AtMost != "" {
			if _, ok := rs.schema.index[rs.Fields[path[len(path)-1]].AtMost]; ok {
				f := rs.Fields[path[len(path)-1]]
				d.ErrorAt(f.atPos, "field "+f.ID+" › at_most", CodeValue, "at_most goes round in a cycle back to %s: each field would have to equal the next", rs.Fields[j].ID)
			}
		}
		for k := len(path) - 1; k >= 0; k-- {
			p := path[k]
			if next, ok := rs.schema.index[rs.Fields[p].AtMost]; ok && rs.Fields[p].AtMost != "" && state[next] == 2 {
				depth[p] = depth[next] + 1
			} else if ok && rs.Fields[p].AtMost != "" {
				depth[p] = 1
			}
			state[p] = 2
			if depth[p] == maxAtMostChain+1 {
				f := rs.Fields[p]
				d.ErrorAt(f.atPos, "field "+f.ID+" › at_most", CodeValue, "the at_most chain from %s is longer than %d fields", f.ID, maxAtMostChain)
			}
		}
	}
	groupIDs := make([]string, len(rs.Groups))
	for i, g := range rs.Groups {
		groupIDs[i] = g.ID
	}
	rs.measures = map[*Check]*measure{}
	rs.applies = map[*Indicator]*measure{}
	rs.conds = map[*Indicator]*measure{}
	env := newExprEnv(rs.schema, false)
	condEnv := newExprEnv(rs.schema, true)
	rs.computed = map[string]*measure{}
	for i, f := range rs.schema.fields {
		if f.From == nil || f.From.Expr == "" || (f.Type != TypeNumber && f.Type != TypeBoolean) {
			continue
		}
		p := "field " + f.ID + " › from › expr"
		m := rs.compileAt(d, f.From.Expr, f.From.exprPos, p, env)
		if m == nil {
			continue
		}
		if want := kindOf(f.Type); m.result != want {
			d.ErrorAt(f.From.exprPos, p, CodeType, "the expression is %s; the field is %s", kindWord(m.result), f.Type)
			continue
		}
		late := false
		for k, slot := range m.slots {
			if slot >= i {
				d.ErrorAt(f.From.exprPos, p, CodeValue, "%s reads %s, which is declared after it (or is itself): declare what a computed value reads before it, so no value is read before it is computed", f.ID, m.ids[k])
				late = true
				break
			}
		}
		if !late {
			rs.computed[f.ID] = m
		}
	}
	rs.columnIDs = rs.checkColumns(d, env)
	for _, c := range rs.Criteria {
		condEnv.crits = append(condEnv.crits, c.ID)
		for _, ind := range c.Indicators {
			condEnv.inds = append(condEnv.inds, ind.ID)
		}
	}
	seenInd := map[string]Pos{}
	for _, c := range rs.Criteria {
		cp := "criterion " + c.ID
		for gi, g := range c.Groups {
			if !ydec.Contains(groupIDs, g) {
				at := c.Pos
				if gi < len(c.groupPos) {
					at = c.groupPos[gi]
				}
				e := d.ErrorAt(at, cp+" › groups", CodeRefGroup, "unknown group %q", g)
				e.Near(g, groupIDs)
			}
		}
		if c.Pos.File == d.File {
			for _, k := range c.AnnotationKeys() {
				if !rs.checkAnnotation(d, c.Pos, cp+" › annotations › "+k, k, c.Annotations[k]) {
					delete(c.Annotations, k)
				}
			}
		}
		for _, ind := range c.Indicators {
			ip := cp + " › indicator " + ind.ID
			if prev, dup := seenInd[ind.ID]; dup {
				d.ErrorAt(ind.Pos, ip, CodeIDDuplicate, "indicator %q is declared twice (first at %s)", ind.ID, prev)
			} else {
				seenInd[ind.ID] = ind.Pos
			}
			rs.checkIndicator(d, ind, ip, env)
		}
	}
	seenCond := map[string]bool{}
	for _, c := range rs.Conditions {
		p := "condition " + c.ID
		if seenCond[c.ID] {
			d.ErrorAt(c.Pos, p, CodeIDDuplicate, "condition %q is declared twice", c.ID)
		}
		seenCond[c.ID] = true
		rs.checkIndicator(d, c, p, condEnv)
	}
	rs.linkRelative(d)
	rs.checkIndices(d, env, condEnv)
}

// layerAt is where a problem of a check is reported: at the layer's measure when the layer
// replaced it and the problem sits in the base (its comparator, an inherited target), since the
// mistake is the layer's.
func (rs *Ruleset) layerAt(ch *Check, at Pos) Pos {
	if rs.measureReplaced[ch] && at.File != ch.mpos.File {
		return ch.mpos
	}
	return at
}

// targetColumns returns the columns units are judged on: those the column rules can choose,
// or else the regions a unit may have.
func (rs *Ruleset) targetColumns() []Region {
	if len(rs.Columns) == 0 {
		return rs.AllowedRegions()
	}
	var out []Region
	for _, id := range rs.columnIDs {
		if r, ok := rs.Region(id); ok {
			out = append(out, r)
		}
	}
	return out
}

// checkAnnotation reports an undeclared annotation key or a value it does not allow.
func (rs *Ruleset) checkAnnotation(d *dec, at Pos, p, key, val string) bool {
	a, ok := rs.Annotation(key)
	if !ok {
		var keys []string
		for _, x := range rs.Annotations {
			keys = append(keys, x.ID)
		}
		e := d.ErrorAt(at, p, CodeRefAnnotation, "undeclared annotation key %q", key)
		e.Near(key, keys)
		return false
	}
	var allowed []string
	for _, v := range a.Values {
		allowed = append(allowed, v.ID)
	}
	if a.ValuesFromGroups {
		for _, g := range rs.Groups {
			allowed = append(allowed, g.ID)
		}
	}
	if !ydec.Contains(allowed, val) {
		e := d.ErrorAt(at, p, CodeRefAnnotation, "value %q is not allowed for %s (expected one of: %s)", val, key, strings.Join(allowed, ", "))
		e.Near(val, allowed)
		return false
	}
	return true
}

func (rs *Ruleset) checkIndicator(d *dec, ind *Indicator, p string, env *exprEnv) {
	if ind.AppliesIf != "" {
		if m := rs.compileAt(d, ind.AppliesIf, ind.apos, p+" › applies_if", env); m != nil {
			if m.result != kindBool {
				d.ErrorAt(ind.apos, p+" › applies_if", CodeExpr, "applies_if must be a boolean, found a number")
			} else {
				rs.applies[ind] = m
			}
		}
	}
	if ind.Condition != nil {
		if m := rs.compileAt(d, ind.Condition.Expr, ind.Condition.Pos, p+" › condition", env); m != nil {
			if m.result != kindBool {
				d.ErrorAt(ind.Condition.Pos, p+" › condition", CodeExpr, "a condition must be a boolean expression")
			} else {
				rs.conds[ind] = m
			}
		}
	}
	seen := map[string]bool{}
	for _, ch := range ind.Checks {
		cp := p + " › check " + ch.ID
		if seen[ch.ID] {
			d.ErrorAt(ch.Pos, cp, CodeIDDuplicate, "check %q is declared twice", ch.ID)
		}
		seen[ch.ID] = true
		m := rs.compileAt(d, ch.Measure, ch.mpos, cp+" › measure", env)
		if m == nil {
			continue
		}
		rs.measures[ch] = m
		if m.result != kindNumber && ch.Op != OpEQ && ch.Op != OpNE && ch.Op != 0 {
			d.ErrorAt(rs.layerAt(ch, ch.opos), cp+" › op", CodeType, "comparator %s needs a numeric measure; a %s measure takes == or !=", ch.Op, kindWord(m.result))
		}
		rs.checkTarget(d, ch, m, cp+" › target")
	}
}

func kindWord(k valueKind) string {
	switch k {
	case kindBool:
		return "boolean"
	case kindText:
		return "text"
	}
	return "numeric"
}

// compileAt compiles a measure and reports its problem at the expression's position.
func (rs *Ruleset) compileAt(d *dec, src string, at Pos, p string, env *exprEnv) *measure {
	if src == "" {
		return nil
	}
	m, err := compileMeasure(src, env, env.types["criteria_met"] != nil)
	if err != nil {
		pos := at
		if err.col > 0 {
			pos.Column += err.col
		}
		e := d.ErrorAt(pos, p, err.code, "%s", err.msg)
		e.Suggest = err.near
		return nil
	}
	for _, slot := range m.slots {
		if f := env.sch.fields[slot]; f.From != nil && f.From.Expr != "" {
			m.readsComputed = true
		}
	}
	return m
}

// impossible says why no value a measure can take meets the target, for a percentage (0 to
// 100) and a count (never below 0), or "".
func (rs *Ruleset) impossible(m *measure, op Op, t Value) string {
	if t.kind != kindNumber {
		return ""
	}
	pct := m.kind == mPercent || m.kind == mField && len(m.slots) == 1 && rs.schema.fields[m.slots[0]].Type == TypePercent
	count := m.kind == mField && len(m.slots) == 1 && rs.schema.fields[m.slots[0]].Type == TypeCount
	n := t.number()
	switch {
	case pct && n.Cmp(IntNumber(100)) > 0 && (op == OpGE || op == OpGT || op == OpEQ):
		return fmt.Sprintf("a percentage is at most 100, and the check asks %s %s", op.Symbol(), n)
	case pct && n.Cmp(IntNumber(100)) == 0 && op == OpGT:
		return "a percentage is at most 100, and the check asks more than 100"
	case (pct || count) && n.Sign() < 0 && (op == OpLE || op == OpLT || op == OpEQ):
		return fmt.Sprintf("the value is never below 0, and the check asks %s %s", op.Symbol(), n)
	case (pct || count) && n.Sign() == 0 && op == OpLT:
		return "the value is never below 0, and the check asks less than 0"
	}
	return ""
}

func (rs *Ruleset) checkTarget(d *dec, ch *Check, m *measure, p string) {
	t := &ch.Target
	cols := make([]string, 0, len(t.Regions))
	for k := range t.Regions {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	ids := regionIDs(rs.Regions)
	allowed := regionIDs(rs.targetColumns())
	check := func(col string, c *Cell) {
		if c == nil {
			return
		}
		// A missing cell no accepted region reads is no concern of the ruleset's users: a region
		// the ruleset does not accept, or a national/all column every accepted region overrides.
		warn := ydec.Contains(allowed, col)
		if col == "national" || col == "all" {
			for _, r := range allowed {
				if t.Regions[r] == nil && (col == "all" || t.All == nil) {
					warn = true
				}
			}
		}
		cells := []*Cell{c}
		for _, y := range c.Years {
			cells = append(cells, y.Cell)
		}
		for _, x := range cells {
			if x.Missing != "" {
				if warn {
					d.WarnAt(x.Pos, p+" › "+col, WarnTargetMissing, "target missing: %s", x.Missing)
				}
				continue
			}
			if x.Value.IsMissing() {
				continue
			}
			if x.Value.kind != m.result {
				d.ErrorAt(rs.layerAt(ch, x.Pos), p+" › "+col, CodeType, "the target %s is %s but the measure is %s", x.Value, kindWord(x.Value.kind), kindWord(m.result))
				continue
			}
			if why := rs.impossible(m, ch.Op, x.Value); why != "" {
				d.ErrorAt(rs.layerAt(ch, x.Pos), p+" › "+col, CodeTarget, "the target can never be met: %s", why)
			}
		}
	}
	check("national", t.National)
	check("all", t.All)
	for _, k := range cols {
		if _, ok := rs.Region(k); !ok {
			e := d.ErrorAt(t.Regions[k].Pos, p+" › "+k, CodeRefRegion, "unknown region %q", k)
			e.Near(k, ids)
			continue
		}
		check(k, t.Regions[k])
	}
	for _, r := range rs.targetColumns() {
		if t.Regions[r.ID] == nil && t.All == nil && t.National == nil {
			d.WarnAt(t.Pos, p, WarnRegionNoTarget, "no target for region %s and no national value", r.ID)
		}
	}
}

// linkRelative links every relative target cell to the target it follows and refuses what
// cannot be resolved: an unknown indicator or check, a non-numeric check on either side, a
// cell that follows itself, and a cycle of cells that follow one another.
func (rs *Ruleset) linkRelative(d *dec) {
	owner := map[*Target]*Check{}
	paths := map[*Target]string{}
	var all []*Target
	add := func(prefix string, ind *Indicator) {
		for _, ch := range ind.Checks {
			owner[&ch.Target] = ch
			paths[&ch.Target] = prefix + " › check " + ch.ID + " › target › of"
			all = append(all, &ch.Target)
		}
	}
	for _, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			add("criterion "+c.ID+" › indicator "+ind.ID, ind)
		}
	}
	for _, ind := range rs.Conditions {
		add("condition "+ind.ID, ind)
	}
	state := map[*Target]uint8{} // 1 being linked, 2 linked
	var stack []*Relative        // the cells being followed, outermost first
	var link func(t *Target)
	link = func(t *Target) {
		state[t] = 1
		defer func() { state[t] = 2 }()
		ch, p := owner[t], paths[t]
		for _, c := range t.cells() {
			o := c.Of
			if o == nil {
				continue
			}
			if o.Field != "" {
				rs.checkFieldRelative(d, o, ch, p)
				continue
			}
			ind, refCh := rs.findCheck(d, o, p)
			if refCh == nil {
				continue
			}
			ref := &refCh.Target
			if refCh == ch {
				if !o.self || o.inherited == nil {
					d.ErrorAt(o.Pos, p, CodeTarget, "a target cannot follow itself; in a layer's override it follows the target it replaces")
					continue
				}
				ref = o.inherited
				owner[ref], paths[ref] = ch, p+" (inherited)"
			}
			if m := rs.measures[refCh]; m != nil && m.result != kindNumber {
				d.ErrorAt(o.Pos, p, CodeType, "indicator %s's check %s is not numeric; a target can follow only a numeric target", ind.ID, refCh.ID)
				continue
			}
			if m := rs.measures[ch]; m != nil && m.result != kindNumber {
				d.ErrorAt(o.Pos, p, CodeType, "the check is not numeric; only a numeric target can be a multiple of another")
				continue
			}
			if m, rm := rs.measures[ch], rs.measures[refCh]; m != nil && rm != nil && m.unit != "" && rm.unit != "" && m.unit != rm.unit {
				d.ErrorAt(o.Pos, p, CodeUnitMismatch, "the check measures %q; indicator %s's check %s measures %q: a target cannot follow one in another unit", m.unit, ind.ID, refCh.ID, rm.unit)
				continue
			}
			switch state[ref] {
			case 1:
				// Report it in the file being loaded, at its last cell on the cycle: the layer
				// that closed it, not the base it passes through.
				at, where := o.Pos, p
				for k := len(stack) - 1; k >= 0 && at.File != d.File; k-- {
					if stack[k].Pos.File == d.File {
						at, where = stack[k].Pos, "override › of"
					}
				}
				d.ErrorAt(at, where, CodeTarget, "the targets follow one another in a cycle (through indicator %s › check %s)", ind.ID, refCh.ID)
				continue
			case 0:
				stack = append(stack, o)
				link(ref)
				stack = stack[:len(stack)-1]
			}
			o.ref = ref
		}
	}
	for _, t := range all {
		if state[t] == 0 {
			link(t)
		}
	}
}

// checkFieldRelative checks a cell that follows one of the unit's values: a numeric field of
// the ruleset (data, history or computed), for a numeric check.
func (rs *Ruleset) checkFieldRelative(d *dec, o *Relative, ch *Check, p string) {
	f, ok := findField(rs.Fields, o.Field)
	switch {
	case !ok:
		e := d.ErrorAt(o.Pos, p, CodeRefField, "unknown field %q", o.Field)
		e.Near(o.Field, rs.schema.ids())
	case !f.Type.Numeric():
		d.ErrorAt(o.Pos, p, CodeType, "field %s is %s; a target can follow only a numeric value", f.ID, f.Type)
	case rs.measures[ch] != nil && rs.measures[ch].result != kindNumber:
		d.ErrorAt(o.Pos, p, CodeType, "the check is not numeric; only a numeric target can be a multiple of a value")
	case rs.measures[ch] != nil && rs.measures[ch].unit != "" && f.Unit != "" && rs.measures[ch].unit != f.Unit:
		d.ErrorAt(o.Pos, p, CodeUnitMismatch, "the check measures %q; field %s is in %q: a target cannot follow a value in another unit", rs.measures[ch].unit, f.ID, f.Unit)
	default:
		o.label = f.Label
	}
}

// findCheck finds the check a relative cell names, reporting an unknown one at its position.
func (rs *Ruleset) findCheck(d *dec, o *Relative, p string) (*Indicator, *Check) {
	var ind *Indicator
	var ids []string
	for _, i := range rs.allIndicators() {
		ids = append(ids, i.ID)
		if i.ID == o.Indicator {
			ind = i
		}
	}
	if at, gone := rs.removed[o.Indicator]; ind == nil && gone {
		d.ErrorAt(o.Pos, p, CodeRefIndicator, "indicator %s was removed at %s", o.Indicator, at)
		return nil, nil
	}
	if ind == nil {
		e := d.ErrorAt(o.Pos, p, CodeRefIndicator, "unknown indicator %q", o.Indicator)
		e.Near(o.Indicator, ids)
		return nil, nil
	}
	switch {
	case len(ind.Checks) == 0:
		d.ErrorAt(o.Pos, p, CodeType, "%s is a plain condition, with no check whose target a cell could follow", ind.ID)
		return nil, nil
	case o.Check == "" && len(ind.Checks) == 1:
		return ind, ind.Checks[0]
	case o.Check == "":
		d.ErrorAt(o.Pos, p, CodeRefIndicator, "indicator %s has %d checks; name one with check: (one of %s)", ind.ID, len(ind.Checks), strings.Join(checkIDs(ind), ", "))
		return nil, nil
	}
	for _, c := range ind.Checks {
		if c.ID == o.Check {
			return ind, c
		}
	}
	e := d.ErrorAt(o.Pos, p, CodeRefIndicator, "unknown check %q of indicator %s (its checks: %s)", o.Check, ind.ID, strings.Join(checkIDs(ind), ", "))
	e.Near(o.Check, checkIDs(ind))
	return nil, nil
}

// allIndicators lists the criteria's indicators, then the conditions.
func (rs *Ruleset) allIndicators() []*Indicator {
	var out []*Indicator
	for _, c := range rs.Criteria {
		out = append(out, c.Indicators...)
	}
	return append(out, rs.Conditions...)
}

// cells lists a target's cells and their cells by year, in a fixed order.
func (t *Target) cells() []*Cell {
	var out []*Cell
	add := func(c *Cell) {
		if c == nil {
			return
		}
		out = append(out, c)
		for _, y := range c.Years {
			out = append(out, y.Cell)
		}
	}
	add(t.National)
	add(t.All)
	keys := make([]string, 0, len(t.Regions))
	for k := range t.Regions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(t.Regions[k])
	}
	return out
}
