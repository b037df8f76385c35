package criteria

import (
	"fmt"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"sort"
	"strings"
)

// applyOverride changes a target or disables an indicator of the layered ruleset, recording
// the deviation.
func (rs *Ruleset) applyOverride(d *dec, o override, layer string) {
	var ind *Indicator
	var p string
	if o.condition != "" {
		for _, c := range rs.Conditions {
			if c.ID == o.condition {
				ind = c
			}
		}
		p = "condition " + o.condition
		if ind == nil {
			e := d.Errorf(o.node, "override › "+p, CodeRefCondition, "unknown condition %q", o.condition)
			var ids []string
			for _, c := range rs.Conditions {
				ids = append(ids, c.ID)
			}
			e.Suggest = ydec.Suggest(o.condition, ids)
			return
		}
	} else if o.indicator != "" {
		c, i, ok := rs.Indicator(o.indicator)
		if !ok {
			e := d.Errorf(o.node, "override › indicator "+o.indicator, CodeRefIndicator, "unknown indicator %q", o.indicator)
			e.Suggest = ydec.Suggest(o.indicator, rs.indicatorIDs())
			return
		}
		ind, p = i, "criterion "+c.ID+" › indicator "+i.ID
	} else {
		return
	}
	pos := d.Pos(o.node)
	if o.disable != "" {
		ind.Disabled = o.disable
		rs.deviations = append(rs.deviations, Deviation{Kind: "indicator_disabled", Path: p, Reason: o.disable, Layer: layer, Pos: pos})
		return
	}
	if o.target == nil {
		return
	}
	var ch *Check
	switch {
	case o.check == "" && len(ind.Checks) == 1:
		ch = ind.Checks[0]
	case o.check == "":
		d.Errorf(o.node, "override › "+p, CodeRefIndicator, "the indicator has %d checks; name one with check: (one of %s)", len(ind.Checks), strings.Join(checkIDs(ind), ", "))
		return
	default:
		for _, c := range ind.Checks {
			if c.ID == o.check {
				ch = c
			}
		}
		if ch == nil {
			e := d.Errorf(o.node, "override › "+p, CodeRefIndicator, "unknown check %q (the indicator's checks: %s)", o.check, strings.Join(checkIDs(ind), ", "))
			e.Suggest = ydec.Suggest(o.check, checkIDs(ind))
			return
		}
	}
	p += " › check " + ch.ID + " › target"
	y0, y1 := rs.Years()
	if y1 == 0 {
		y1 = y0 + 10
	}
	record := func(col string, old, nw *Cell) {
		rs.deviations = append(rs.deviations, Deviation{Kind: "target_changed", Path: p + " › " + col, Old: describeCell(old), New: describeCell(nw),
			Effect: compareCells(ch.Op, old, nw, y0, y1), Reason: o.reason, Layer: layer, Pos: nw.Pos})
	}
	t := o.target
	if t.All != nil {
		old := ch.Target.All
		if old == nil {
			old = ch.Target.National
		}
		record("all", old, t.All)
		ch.Target.All, ch.Target.National, ch.Target.Regions = t.All, nil, map[string]*Cell{}
	}
	if t.National != nil {
		record("national", ch.Target.National, t.National)
		ch.Target.National = t.National
	}
	keys := make([]string, 0, len(t.Regions))
	for k := range t.Regions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		old := ch.Target.Regions[k]
		if old == nil {
			old = ch.Target.All
		}
		if old == nil {
			old = ch.Target.National
		}
		nw := mergeYears(old, t.Regions[k])
		record(k, old, nw)
		ch.Target.Regions[k] = nw
	}
}

// mergeYears lets an override by year change only the years it names: when both the old
// and the new cell are given by years, the old entries no new entry overlaps are kept.
func mergeYears(old, nw *Cell) *Cell {
	if old == nil || len(old.Years) == 0 || len(nw.Years) == 0 {
		return nw
	}
	merged := *nw
	merged.Years = append([]YearCell(nil), nw.Years...)
	for _, o := range old.Years {
		keep := true
		for _, n := range nw.Years {
			if overlaps(o.From, o.To, n.From, n.To) {
				keep = false
			}
		}
		if keep {
			merged.Years = append(merged.Years, o)
		}
	}
	sort.SliceStable(merged.Years, func(i, j int) bool { return merged.Years[i].From < merged.Years[j].From })
	return &merged
}

func checkIDs(ind *Indicator) []string {
	out := make([]string, len(ind.Checks))
	for i, c := range ind.Checks {
		out[i] = c.ID
	}
	return out
}

// describeCell writes a cell for deviation reports: "50 (verified)", "missing", or by years.
func describeCell(c *Cell) string {
	if c == nil {
		return "none"
	}
	if len(c.Years) > 0 {
		var parts []string
		for _, y := range c.Years {
			parts = append(parts, y.Label()+": "+describeCell(y.Cell))
		}
		return strings.Join(parts, "; ")
	}
	if c.Missing != "" {
		return "missing"
	}
	return fmt.Sprintf("%s (%s)", c.Value, c.Confidence)
}

// compareCells says whether the new cell tightens or loosens the old one over the years.
func compareCells(op Op, old, nw *Cell, y0, y1 int) string {
	seen := map[string]bool{}
	for y := y0; y <= y1; y++ {
		var ov, nv Value
		if old != nil {
			if c := old.forYear(y); c != nil {
				ov = c.Value
			}
		}
		if c := nw.forYear(y); c != nil {
			nv = c.Value
		}
		seen[compareValues(op, ov, nv)] = true
	}
	switch {
	case seen["not_comparable"] || seen["tightens"] && seen["loosens"]:
		return "not_comparable"
	case seen["loosens"]:
		return "loosens"
	case seen["tightens"]:
		return "tightens"
	case seen["fills"]:
		return "fills"
	}
	return "same"
}

func compareValues(op Op, ov, nv Value) string {
	switch {
	case ov.IsMissing() && nv.IsMissing():
		return "same"
	case ov.IsMissing():
		return "fills"
	case nv.IsMissing():
		return "loosens"
	}
	c, ok := nv.cmp(ov)
	if !ok {
		return "not_comparable"
	}
	if c == 0 {
		return "same"
	}
	if ov.kind != kindNumber {
		return "not_comparable"
	}
	switch op {
	case OpGE, OpGT:
		if c > 0 {
			return "tightens"
		}
		return "loosens"
	case OpLE, OpLT:
		if c < 0 {
			return "tightens"
		}
		return "loosens"
	}
	return "not_comparable"
}

// validate checks every reference of the layered ruleset and compiles its measures.
func (rs *Ruleset) validate(d *dec) {
	rs.schema = &schema{fields: rs.Fields, index: make(map[string]int, len(rs.Fields))}
	for i, f := range rs.Fields {
		rs.schema.index[f.ID] = i
	}
	for _, f := range rs.Fields {
		if ydec.Contains(reservedNames, f.ID) {
			d.ErrorAt(f.Pos, "field "+f.ID, CodeIDInvalid, "%q is reserved for expressions (%s); name the field otherwise", f.ID, strings.Join(reservedNames, ", "))
		}
		if f.AtMost != "" {
			o, ok := findField(rs.Fields, f.AtMost)
			switch {
			case !ok:
				e := d.ErrorAt(f.atPos, "field "+f.ID+" › at_most", CodeRefField, "unknown field %q", f.AtMost)
				e.Suggest = ydec.Suggest(f.AtMost, rs.schema.ids())
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
				e.Suggest = ydec.Suggest(g, groupIDs)
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
			rs.validateIndicator(d, ind, ip, env)
		}
	}
	seenCond := map[string]bool{}
	for _, c := range rs.Conditions {
		p := "condition " + c.ID
		if seenCond[c.ID] {
			d.ErrorAt(c.Pos, p, CodeIDDuplicate, "condition %q is declared twice", c.ID)
		}
		seenCond[c.ID] = true
		rs.validateIndicator(d, c, p, condEnv)
	}
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
		e.Suggest = ydec.Suggest(key, keys)
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
		e.Suggest = ydec.Suggest(val, allowed)
		return false
	}
	return true
}

func (rs *Ruleset) validateIndicator(d *dec, ind *Indicator, p string, env *exprEnv) {
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
			d.ErrorAt(ch.opos, cp+" › op", CodeType, "comparator %s needs a numeric measure; a %s measure takes == or !=", ch.Op, kindWord(m.result))
		}
		rs.validateTarget(d, ch, m, cp+" › target")
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
	return m
}

func (rs *Ruleset) validateTarget(d *dec, ch *Check, m *measure, p string) {
	t := &ch.Target
	cols := make([]string, 0, len(t.Regions))
	for k := range t.Regions {
		cols = append(cols, k)
	}
	sort.Strings(cols)
	ids := regionIDs(rs.Regions)
	allowed := regionIDs(rs.AllowedRegions())
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
				d.ErrorAt(x.Pos, p+" › "+col, CodeType, "the target %s is %s but the measure is %s", x.Value, kindWord(x.Value.kind), kindWord(m.result))
			}
		}
	}
	check("national", t.National)
	check("all", t.All)
	for _, k := range cols {
		if _, ok := rs.Region(k); !ok {
			e := d.ErrorAt(t.Regions[k].Pos, p+" › "+k, CodeRefRegion, "unknown region %q", k)
			e.Suggest = ydec.Suggest(k, ids)
			continue
		}
		check(k, t.Regions[k])
	}
	for _, r := range rs.AllowedRegions() {
		if t.Regions[r.ID] == nil && t.All == nil && t.National == nil {
			d.WarnAt(t.Pos, p, WarnRegionNoTarget, "no target for region %s and no national value", r.ID)
		}
	}
}
