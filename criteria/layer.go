package criteria

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// Layering: a file that extends another is built on a copy of its base, adding what it
// declares and changing what its overrides name; every difference is recorded as a Deviation
// that says whether a target tightens or loosens.

// newLayer builds the ruleset of one file on top of its base (nil for a base file), in the
// order a reader of the file expects: what it inherits, then what it adds, then what it changes.
func newLayer(d *dec, base *Ruleset, f *fileDoc) *Ruleset {
	rs := &Ruleset{ID: f.id, Version: f.version, Level: Level(f.level), Recognition: f.recognition, Title: f.title,
		Description: f.descr, Legal: f.legal, Effective: f.effective, Illustrative: f.illustrative, Base: base}
	l := &layering{d: d, rs: rs, base: base, f: f, layer: rs.Ref()}
	if base != nil {
		l.inherit()
	}
	if rs.Recognition == "" {
		rs.Recognition = "ntm"
	}
	rs.Language = f.language
	if rs.Language == "" {
		rs.Language = "vi"
		if base != nil {
			rs.Language = base.Language
		}
	}
	if base != nil && len(base.Words) > 0 || len(f.words) > 0 {
		// A layer's words add to its base's, language by language.
		rs.Words = map[string]Text{}
		if base != nil {
			for k, t := range base.Words {
				rs.Words[k] = t
			}
		}
		for k, t := range f.words {
			merged := rs.Words[k]
			merged.Other = maps.Clone(merged.Other)
			for _, lang := range t.Languages() {
				merged.set(lang, t.In(lang))
			}
			rs.Words[k] = merged
		}
	}
	l.warnWords()
	rs.files = append(rs.files, f.name)
	l.addRegions()
	l.restrictRegions()
	l.addFields()
	l.layerLevels()
	l.addGroups()
	l.addAnnotationKeys()
	l.addCriteria()
	l.addIndicators()
	l.addConditions()
	l.annotate()
	for _, o := range f.overrides {
		rs.applyOverride(d, o, l.layer)
	}
	rs.Scores = append(rs.Scores, f.scores...)
	rs.Indices = append(rs.Indices, f.indices...)
	if base != nil {
		l.redate()
	}
	if f.hasColumns {
		// A layer's column rules replace its base's: how a unit's column is chosen is one rule set.
		if len(rs.Columns) > 0 {
			l.dev("columns_replaced", "columns", "", d.Pos(f.root), Text{VI: "quy tắc chọn cột chỉ tiêu", EN: "the rules choosing a target column"})
		} else {
			l.dev("columns_added", "columns", "", d.Pos(f.root), Text{VI: "quy tắc chọn cột chỉ tiêu", EN: "the rules choosing a target column"})
		}
		rs.Columns = append([]ColumnRule(nil), f.columns...)
	}
	return rs
}

// warnWords warns, in the file that sets a language other than Vietnamese and English, or gives
// words, of the vocabulary it gives no word for in its language: outputs show those in English.
func (l *layering) warnWords() {
	rs, f := l.rs, l.f
	if rs.Language == "vi" || rs.Language == "en" || f.language == "" && len(f.words) == 0 {
		return
	}
	var missing []string
	for _, k := range WordKeys() {
		if !rs.Words[k].Has(rs.Language) {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return
	}
	at := f.languageNode
	if at == nil {
		at = f.root
	}
	l.d.WarnAt(l.d.Pos(at), "words", WarnWords, "%d words have no %s form, and are shown in English: %s (add them under words:)", len(missing), rs.Language, strings.Join(missing, ", "))
}

// layering is one file being layered on its base.
type layering struct {
	d     *dec
	rs    *Ruleset
	base  *Ruleset
	f     *fileDoc
	layer string
}

// dev records a deviation of the layer from its base; what names the item for a reader.
func (l *layering) dev(kind, p, reason string, pos Pos, what Text) {
	l.rs.deviations = append(l.rs.deviations, Deviation{Kind: kind, Path: p, Reason: reason, Layer: l.layer, Pos: pos, what: what})
}

// inherit copies what the base declares; criteria and conditions are cloned, so that the
// layer's changes never reach the base.
func (l *layering) inherit() {
	rs, base, f := l.rs, l.base, l.f
	rs.files = append(rs.files, base.files...)
	rs.deviations = append(rs.deviations, base.deviations...)
	if f.level != "" && Level(f.level) != base.Level {
		l.d.Errorf(f.root, "level", CodeValue, "level %q differs from the level %q of %s", f.level, base.Level, base.Ref())
	}
	rs.Level = base.Level
	if rs.Recognition == "" {
		rs.Recognition = base.Recognition
	}
	if rs.Title.IsZero() {
		rs.Title = base.Title
	}
	if rs.Effective.From == "" {
		rs.Effective = base.Effective
	}
	rs.Illustrative = rs.Illustrative || base.Illustrative
	rs.Regions = append(rs.Regions, base.Regions...)
	rs.RegionsOnly = append(rs.RegionsOnly, base.RegionsOnly...)
	rs.Fields = append(rs.Fields, base.Fields...)
	rs.Groups = append(rs.Groups, base.Groups...)
	rs.Annotations = append(rs.Annotations, base.Annotations...)
	for _, c := range base.Criteria {
		rs.Criteria = append(rs.Criteria, c.clone())
	}
	for _, c := range base.Conditions {
		rs.Conditions = append(rs.Conditions, c.clone())
	}
	// Scores and indices are read-only once loaded: a layer adds its own after the base's.
	rs.Scores = append(rs.Scores, base.Scores...)
	rs.Indices = append(rs.Indices, base.Indices...)
	rs.Columns = append(rs.Columns, base.Columns...)
}

func (l *layering) addRegions() {
	for i, r := range l.f.regions {
		if _, dup := l.rs.Region(r.ID); dup {
			l.d.Errorf(l.f.regionNodes[i], "region "+r.ID, CodeIDDuplicate, "region %q is declared twice", r.ID)
			continue
		}
		l.rs.Regions = append(l.rs.Regions, r)
		if l.base != nil {
			l.dev("region_added", "region "+r.ID, "", l.d.Pos(l.f.regionNodes[i]), Text{VI: "vùng " + r.Name.VI, EN: "region " + r.Name.In("en")})
		}
	}
}

// restrictRegions applies regions_only: a layer may narrow the regions, never widen them.
func (l *layering) restrictRegions() {
	f, rs, d := l.f, l.rs, l.d
	if len(f.regionsOnly) == 0 {
		return
	}
	prev := rs.RegionsOnly
	var only []string
	for i, r := range f.regionsOnly {
		if _, ok := rs.Region(r); !ok {
			e := d.Errorf(f.regionsOnlyNs[i], "regions_only", CodeRefRegion, "unknown region %q", r)
			e.Near(r, regionIDs(rs.Regions))
			continue
		}
		if len(prev) > 0 && !ydec.Contains(prev, r) {
			d.Errorf(f.regionsOnlyNs[i], "regions_only", CodeValue, "region %q is excluded by the ruleset this file extends", r)
			continue
		}
		only = append(only, r)
	}
	rs.RegionsOnly = only
	var vi, en []string
	for _, id := range only {
		r, _ := rs.Region(id)
		vi, en = append(vi, r.Name.VI), append(en, r.Name.In("en"))
	}
	l.dev("regions_restricted", "regions_only", "units must belong to "+strings.Join(only, ", "), d.Pos(f.regionsOnlyNs[0]),
		Text{VI: "chỉ nhận đơn vị thuộc " + strings.Join(vi, ", "), EN: "only units of " + strings.Join(en, ", ")})
}

func (l *layering) addFields() {
	for _, fl := range l.f.fields {
		if _, dup := findField(l.rs.Fields, fl.ID); dup {
			l.d.ErrorAt(fl.Pos, "field "+fl.ID, CodeIDDuplicate, "field %q is declared twice", fl.ID)
			continue
		}
		l.rs.Fields = append(l.rs.Fields, fl)
		if l.base != nil {
			l.dev("field_added", "field "+fl.ID, "", fl.Pos, Text{VI: "số liệu “" + fl.Label.VI + "”", EN: "field “" + fl.Label.In("en") + "”"})
		}
	}
}

func (l *layering) addGroups() {
	for _, g := range l.f.groups {
		if _, dup := l.rs.Group(g.ID); dup {
			l.d.ErrorAt(g.Pos, "group "+g.ID, CodeIDDuplicate, "group %q is declared twice", g.ID)
			continue
		}
		l.rs.Groups = append(l.rs.Groups, g)
		if l.base != nil {
			l.dev("group_added", "group "+g.ID, "", g.Pos, Text{VI: "nhóm " + g.ID + " " + g.Title.VI, EN: "group " + g.ID + " " + g.Title.In("en")})
		}
	}
}

func (l *layering) addAnnotationKeys() {
	for i, a := range l.f.annotations {
		if _, dup := l.rs.Annotation(a.ID); dup {
			l.d.Errorf(l.f.annotNodes[i], "annotation "+a.ID, CodeIDDuplicate, "annotation %q is declared twice", a.ID)
			continue
		}
		l.rs.Annotations = append(l.rs.Annotations, a)
	}
}

// annotationText names an annotation of a criterion for a reader, by the labels the layer
// declares ("tiêu chí 4 Điện — Trách nhiệm của Mặt trận"), and its value ("Gián tiếp").
func (l *layering) annotationText(c *Criterion, key, val string) (what, value Text) {
	kl, vl := Text{VI: key, EN: key}, Text{VI: val, EN: val}
	if k, ok := l.rs.Annotation(key); ok {
		if !k.Label.IsZero() {
			kl = Text{VI: k.Label.VI, EN: k.Label.In("en")}
		}
		for _, v := range k.Values {
			if v.ID == val && !v.Label.IsZero() {
				vl = Text{VI: v.Label.VI, EN: v.Label.In("en")}
			}
		}
		if k.ValuesFromGroups {
			if g, ok := l.rs.Group(val); ok && !g.Title.IsZero() {
				vl = Text{VI: val + " " + g.Title.VI, EN: val + " " + g.Title.In("en")}
			}
		}
	}
	return Text{VI: "tiêu chí " + c.ID + " " + c.Name.VI + " — " + kl.VI, EN: "criterion " + c.ID + " " + c.Name.In("en") + " — " + kl.EN}, vl
}

func (l *layering) addCriteria() {
	for _, c := range l.f.criteria {
		if _, dup := l.rs.Criterion(c.ID); dup {
			l.d.ErrorAt(c.Pos, "criterion "+c.ID, CodeIDDuplicate, "criterion %q is declared twice", c.ID)
			continue
		}
		l.rs.Criteria = append(l.rs.Criteria, c)
		if l.base != nil {
			l.dev("criterion_added", "criterion "+c.ID, "", c.Pos, Text{VI: "tiêu chí " + c.ID + " " + c.Name.VI, EN: "criterion " + c.ID + " " + c.Name.In("en")})
		}
	}
}

// addIndicators appends add_indicators to the criteria they name.
func (l *layering) addIndicators() {
	for _, a := range l.f.addIndicators {
		c, ok := l.rs.Criterion(a.criterion)
		if !ok {
			e := l.d.Errorf(a.node, "add_indicators", CodeRefCriterion, "unknown criterion %q", a.criterion)
			e.Near(a.criterion, criterionIDs(l.rs.Criteria))
			continue
		}
		for _, ind := range a.inds {
			c.Indicators = append(c.Indicators, ind)
			l.dev("indicator_added", "criterion "+c.ID+" › indicator "+ind.ID, "", ind.Pos, Text{VI: "chỉ tiêu " + ind.ID + " " + ind.Name.VI, EN: "indicator " + ind.ID + " " + ind.Name.In("en")})
		}
	}
}

func (l *layering) addConditions() {
	for _, c := range l.f.conditions {
		l.rs.Conditions = append(l.rs.Conditions, c)
		if l.base != nil {
			l.dev("condition_added", "condition "+c.ID, "", c.Pos, Text{VI: "điều kiện “" + c.Name.VI + "”", EN: "condition “" + c.Name.In("en") + "”"})
		}
	}
}

// annotate sets the annotations the layer gives criteria (the Front's responsibility, …).
func (l *layering) annotate() {
	for _, a := range l.f.annotate {
		c, ok := l.rs.Criterion(a.criterion)
		p := "annotate › criterion " + a.criterion
		if !ok {
			e := l.d.Errorf(a.node, p, CodeRefCriterion, "unknown criterion %q", a.criterion)
			e.Near(a.criterion, criterionIDs(l.rs.Criteria))
			continue
		}
		for _, kv := range a.values {
			val := strings.TrimSpace(kv.Val.Value)
			if !l.rs.checkAnnotation(l.d, l.d.Pos(kv.KNode), p+" › "+kv.Key, kv.Key, val) {
				continue
			}
			c.Annotations[kv.Key] = val
			what, value := l.annotationText(c, kv.Key, val)
			l.dev("annotation", "criterion "+c.ID+" › "+kv.Key, kv.Key+" = "+val, l.d.Pos(kv.KNode), what)
			l.rs.deviations[len(l.rs.deviations)-1].newText = value
		}
	}
}

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
			e.Near(o.condition, ids)
			return
		}
	} else if o.indicator != "" {
		c, i, ok := rs.Indicator(o.indicator)
		if at, gone := rs.removed[o.indicator]; !ok && gone {
			d.Errorf(o.node, "override › indicator "+o.indicator, CodeRefIndicator, "indicator %s was removed at %s", o.indicator, at)
			return
		}
		if !ok {
			e := d.Errorf(o.node, "override › indicator "+o.indicator, CodeRefIndicator, "unknown indicator %q", o.indicator)
			e.Near(o.indicator, rs.indicatorIDs())
			return
		}
		ind, p = i, "criterion "+c.ID+" › indicator "+i.ID
	} else {
		return
	}
	pos := d.Pos(o.node)
	itemWhat := Text{VI: "chỉ tiêu " + ind.ID + " " + ind.Name.VI, EN: "indicator " + ind.ID + " " + ind.Name.In("en")}
	if o.condition != "" {
		itemWhat = Text{VI: "điều kiện “" + ind.Name.VI + "”", EN: "condition “" + ind.Name.In("en") + "”"}
	}
	if o.remove != "" {
		// Removed, not disabled: a disabled indicator is not applicable and so counts as met;
		// a removed one no longer exists, and a criterion left with none is removed with it.
		rs.removeIndicator(ind)
		if rs.removed == nil {
			rs.removed = map[string]Pos{}
		}
		rs.removed[ind.ID] = pos
		rs.deviations = append(rs.deviations, Deviation{Kind: "removed", Path: p, Reason: o.remove, Layer: layer, Pos: pos, Effect: "removes", what: itemWhat})
		return
	}
	if o.name != nil {
		old := ind.Name
		ind.Name = *o.name
		rs.deviations = append(rs.deviations, Deviation{Kind: "renamed", Path: p, Old: old.VI, New: o.name.VI, Reason: o.reason, Layer: layer, Pos: pos, Effect: "renames", what: itemWhat})
	}
	if o.measure != "" || o.dropTargets {
		var checks []*Check
		for _, c := range ind.Checks {
			if o.check == "" || c.ID == o.check {
				checks = append(checks, c)
			}
		}
		if len(checks) == 0 {
			e := d.Errorf(o.node, "override › "+p, CodeRefIndicator, "unknown check %q (the item's checks: %s)", o.check, strings.Join(checkIDs(ind), ", "))
			e.Near(o.check, checkIDs(ind))
			return
		}
		if o.measure != "" && len(checks) > 1 {
			d.Errorf(o.node, "override › "+p, CodeRefIndicator, "the item has %d checks; name the one whose measure changes with check: (one of %s)", len(checks), strings.Join(checkIDs(ind), ", "))
			return
		}
		for _, ch := range checks {
			cp := p + " › check " + ch.ID
			if o.measure != "" {
				old := ch.Measure
				ch.Measure, ch.mpos = o.measure, o.mpos
				if rs.measureReplaced == nil {
					rs.measureReplaced = map[*Check]bool{}
				}
				rs.measureReplaced[ch] = true
				rs.deviations = append(rs.deviations, Deviation{Kind: "measure_replaced", Path: cp + " › measure", Old: old, New: o.measure, Reason: o.reason,
					Layer: layer, Pos: d.Pos(o.opNode), Effect: "replaces", what: itemWhat, oldText: rs.measureText(old), newText: rs.measureText(o.measure)})
			}
			if o.dropTargets {
				missing := &Cell{Missing: "dropped by " + layer + ": " + o.reason, Pos: d.Pos(o.opNode)}
				ch.Target = Target{All: missing, Regions: map[string]*Cell{}, Pos: d.Pos(o.opNode)}
				rs.deviations = append(rs.deviations, Deviation{Kind: "targets_dropped", Path: cp + " › target", New: "missing", Reason: o.reason,
					Layer: layer, Pos: d.Pos(o.opNode), Effect: "unsets", what: itemWhat})
			}
		}
	}
	if o.disable != "" {
		ind.Disabled = o.disable
		rs.deviations = append(rs.deviations, Deviation{Kind: "indicator_disabled", Path: p, Reason: o.disable, Layer: layer, Pos: pos,
			what: Text{VI: "chỉ tiêu " + ind.ID + " " + ind.Name.VI, EN: "indicator " + ind.ID + " " + ind.Name.In("en")}})
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
			e.Near(o.check, checkIDs(ind))
			return
		}
	}
	p += " › check " + ch.ID + " › target"
	y0, y1 := rs.Years()
	if y1 == 0 {
		y1 = y0 + 10
	}
	what := Text{VI: ind.Name.VI, EN: ind.Name.In("en")}
	if !ch.Label.IsZero() {
		what = Text{VI: ch.Label.VI, EN: ch.Label.In("en")}
	}
	if ind.Condition == nil && ind.Kind == "" {
		what = Text{VI: "chỉ tiêu " + ind.ID + " " + what.VI, EN: "indicator " + ind.ID + " " + what.EN}
	} else {
		what = Text{VI: "điều kiện “" + what.VI + "”", EN: "condition “" + what.EN + "”"}
	}
	record := func(col string, old, nw *Cell) {
		colText := Text{VI: "toàn quốc", EN: "national"}
		switch col {
		case "all":
			colText = Text{VI: "mọi vùng", EN: "all regions"}
		case "national":
		default:
			if r, ok := rs.Region(col); ok {
				colText = Text{VI: r.Name.VI, EN: r.Name.In("en")}
			} else {
				colText = Text{VI: col, EN: col}
			}
		}
		effect := compareCells(ch.Op, old, nw, y0, y1)
		if rs.measureReplaced[ch] && effect != "fills" {
			effect = "not_comparable" // the old target was for another measure
		}
		rs.deviations = append(rs.deviations, Deviation{Kind: "target_changed", Path: p + " › " + col, Old: describeCell(old), New: describeCell(nw),
			Effect: effect, Reason: o.reason, Layer: layer, Pos: nw.Pos,
			what: Text{VI: what.VI + " › " + colText.VI, EN: what.EN + " › " + colText.EN}, op: ch.Op, unit: ch.Unit, oldCell: old, newCell: nw})
	}
	t := o.target
	inherited := ch.Target.clone()
	for _, c := range t.cells() {
		if c.Of != nil {
			c.Of.inherited = &inherited
			c.Of.self = c.Of.Indicator == ind.ID && (c.Of.Check == ch.ID || c.Of.Check == "" && len(ind.Checks) == 1)
		}
	}
	if t.All != nil {
		old := ch.Target.All
		if old == nil {
			old = ch.Target.National
		}
		if len(t.All.Years) > 0 {
			// By years: the years named change in every region; the others keep each
			// region's own cell.
			// A national column stays beside it for the years not named, so a region
			// without a cell of its own keeps the national value, as inferred.
			all := t.All
			if ch.Target.All != nil {
				all = mergeYears(ch.Target.All, t.All)
			}
			if old != nil || len(ch.Target.Regions) == 0 {
				record("all", old, mergeYears(old, t.All))
			}
			regions := map[string]*Cell{}
			for _, k := range sortedCols(ch.Target.Regions) {
				regions[k] = mergeYears(ch.Target.Regions[k], t.All)
				record(k, ch.Target.Regions[k], regions[k]) // each region's cell the change reaches
			}
			ch.Target.All, ch.Target.Regions = all, regions
		} else {
			if old != nil || len(ch.Target.Regions) == 0 {
				record("all", old, t.All)
			}
			for _, k := range sortedCols(ch.Target.Regions) {
				record(k, ch.Target.Regions[k], t.All) // a region's own cell is replaced too
			}
			ch.Target.All, ch.Target.National, ch.Target.Regions = t.All, nil, map[string]*Cell{}
		}
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
		if _, known := rs.Region(k); known && len(rs.RegionsOnly) > 0 && !slices.Contains(rs.RegionsOnly, k) {
			// A cell for a region the file never accepts would be silently ignored.
			d.ErrorAt(t.Regions[k].Pos, p+" › "+k, CodeValue, "the file accepts only units of %s (regions_only): a target for %s never applies; set it for %s",
				strings.Join(rs.RegionsOnly, ", "), k, strings.Join(rs.RegionsOnly, " or "))
			continue
		}
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

// redate checks a layer's effective dates against its base's. Dates outside the base's are an
// error unless the layer says redate: true; then every target it still inherits is reported —
// a value set for the base's years that would now apply to others (re-dates), or a cell by
// years none of which is in force any more (unsets).
func (l *layering) redate() {
	rs, base, f, d := l.rs, l.base, l.f, l.d
	bf, bu := base.Years()
	nf, nu := rs.Years()
	outside := f.effective.From != "" && (nf < bf || bu != 0 && (nu == 0 || nu > bu))
	switch {
	case outside && !f.redate:
		d.Errorf(f.effNode, "effective", CodeValue, "the layer is in force %s, outside its base %s (%s): a layer for a new period says so with redate: true, and every target it inherits is then reported",
			yearsText(nf, nu), base.Ref(), yearsText(bf, bu))
		return
	case !outside && f.redate:
		d.Errorf(f.redateNode, "redate", CodeValue, "the layer's years %s lie within its base's (%s): there is nothing to re-date", yearsText(nf, nu), yearsText(bf, bu))
		return
	case !outside:
		return
	}
	what := func(ind *Indicator, ch *Check) Text {
		return Text{VI: "chỉ tiêu " + ind.ID + " " + ind.Name.VI, EN: "indicator " + ind.ID + " " + ind.Name.In("en")}
	}
	report := func(ind *Indicator, p string) {
		for _, ch := range ind.Checks {
			cols := ch.Target.columns()
			names := make([]string, 0, len(cols))
			for k := range cols {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, col := range names {
				c := cols[col]
				if c.Pos.File == d.File {
					continue // the layer's own cell
				}
				cp := p + " › check " + ch.ID + " › target › " + col
				if len(c.Years) == 0 {
					if c.Missing == "" {
						rs.deviations = append(rs.deviations, Deviation{Kind: "target_redated", Path: cp, Old: describeCell(c), New: describeCell(c),
							Effect: "redates", Layer: l.layer, Pos: d.Pos(f.effNode), what: what(ind, ch), op: ch.Op, unit: ch.Unit, oldCell: c, newCell: c,
							Reason: fmt.Sprintf("set for %s, applied in %s", yearsText(bf, bu), yearsText(nf, nu))})
					}
					continue
				}
				inForce := false
				for _, y := range c.Years {
					if !overlaps(y.From, y.To, nf, nu) {
						continue
					}
					inForce = true
					if y.From < nf && y.Cell.Missing == "" {
						// An open range of the base's years ("2023-") runs on into the new ones.
						rs.deviations = append(rs.deviations, Deviation{Kind: "target_redated", Path: cp + " › " + y.Label(), Old: describeCell(y.Cell), New: describeCell(y.Cell),
							Effect: "redates", Layer: l.layer, Pos: d.Pos(f.effNode), what: what(ind, ch), op: ch.Op, unit: ch.Unit, oldCell: y.Cell, newCell: y.Cell,
							Reason: fmt.Sprintf("%s, set by the base, runs on into %s", y.Label(), yearsText(nf, nu))})
					}
				}
				if !inForce {
					rs.deviations = append(rs.deviations, Deviation{Kind: "target_redated", Path: cp, Old: describeCell(c), New: "missing",
						Effect: "unsets", Layer: l.layer, Pos: d.Pos(f.effNode), what: what(ind, ch), op: ch.Op, unit: ch.Unit, oldCell: c,
						newCell: &Cell{Missing: "no year in force"},
						Reason:  fmt.Sprintf("no year of it is in %s", yearsText(nf, nu))})
				}
			}
		}
	}
	for _, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			if ind.Disabled == "" {
				report(ind, "criterion "+c.ID+" › indicator "+ind.ID)
			}
		}
	}
	for _, ind := range rs.Conditions {
		if ind.Disabled == "" {
			report(ind, "condition "+ind.ID)
		}
	}
}

func yearsText(from, until int) string {
	if until == 0 {
		return fmt.Sprintf("%d-", from)
	}
	return fmt.Sprintf("%d-%d", from, until)
}

// measureText names a measure for a reader: a field by its label, an expression as written.
func (rs *Ruleset) measureText(m string) Text {
	if f, ok := findField(rs.Fields, m); ok && !f.Label.IsZero() {
		return Text{VI: f.Label.VI, EN: f.Label.In("en")}
	}
	return Text{VI: m, EN: m}
}

// removeIndicator removes an indicator (or a condition) from the ruleset, and a criterion
// left with no indicator with it.
func (rs *Ruleset) removeIndicator(ind *Indicator) {
	for i, c := range rs.Criteria {
		if k := slices.Index(c.Indicators, ind); k >= 0 {
			c.Indicators = slices.Delete(c.Indicators, k, k+1)
			if len(c.Indicators) == 0 {
				rs.Criteria = slices.Delete(rs.Criteria, i, i+1)
			}
			return
		}
	}
	if k := slices.Index(rs.Conditions, ind); k >= 0 {
		rs.Conditions = slices.Delete(rs.Conditions, k, k+1)
	}
}

// mergeYears lets an override by year change only the years it names: the old cell — by
// years or one value for every year — keeps every year no new entry covers, its ranges split
// around the new ones.
func mergeYears(old, nw *Cell) *Cell {
	if old == nil || len(nw.Years) == 0 || hasDated(old) || hasDated(nw) {
		return nw // a cell with dates within a year is replaced whole
	}
	segs := old.Years
	if len(segs) == 0 {
		segs = []YearCell{{From: 0, To: 0, Cell: old}} // every year
	}
	merged := *nw
	merged.Years = append([]YearCell(nil), nw.Years...)
	for _, o := range segs {
		rest := []YearCell{o}
		for _, n := range nw.Years {
			var next []YearCell
			for _, r := range rest {
				next = append(next, subtractYears(r, n.From, n.To)...)
			}
			rest = next
		}
		merged.Years = append(merged.Years, rest...)
	}
	sort.SliceStable(merged.Years, func(i, j int) bool { return merged.Years[i].From < merged.Years[j].From })
	return &merged
}

func sortedCols(m map[string]*Cell) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func hasDated(c *Cell) bool {
	for _, y := range c.Years {
		if y.dated() {
			return true
		}
	}
	return false
}

// subtractYears removes the years from…to (to 0: open) from r's range, leaving up to two
// pieces. A From of 0 is an open start.
func subtractYears(r YearCell, from, to int) []YearCell {
	if !overlaps(r.From, r.To, from, to) {
		return []YearCell{r}
	}
	var out []YearCell
	if r.From < from {
		out = append(out, YearCell{From: r.From, To: from - 1, Cell: r.Cell})
	}
	if to != 0 && (r.To == 0 || r.To > to) {
		out = append(out, YearCell{From: to + 1, To: r.To, Cell: r.Cell})
	}
	return out
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
	if c.Of != nil {
		what := "indicator " + c.Of.Indicator
		if c.Of.Field != "" {
			what = "field " + c.Of.Field
		}
		if c.Of.self {
			what = "the inherited target"
		} else if c.Of.Check != "" {
			what += " › check " + c.Of.Check
		}
		return fmt.Sprintf("%s × %s (%s)", c.Of.Times, what, c.Confidence)
	}
	return fmt.Sprintf("%s (%s)", c.Value, c.Confidence)
}

// compareCells says whether the new cell tightens or loosens the old one over the years.
func compareCells(op Op, old, nw *Cell, y0, y1 int) string {
	seen := map[string]bool{}
	for y := y0; y <= y1; y++ {
		var ov, nv Value
		var oc *Cell
		if old != nil {
			if oc = old.forYear(y); oc != nil {
				ov = oc.Value
			}
		}
		c := nw.forYear(y)
		switch {
		case c == oc:
			seen["same"] = true // a year the override does not name
			continue
		case c != nil && c.Of != nil && c.Of.self && (oc == nil || oc.Missing != ""):
			seen["same"] = true // it follows a target that is missing: still missing
			continue
		case c != nil && c.Of != nil:
			seen[relativeEffect(op, c.Of)] = true
			continue
		case oc != nil && oc.Of != nil:
			// The old cell follows a target or a unit's value: no one value to compare with.
			seen["not_comparable"] = true
			continue
		}
		if c != nil {
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

// relativeEffect says how a cell relative to the target it replaces changes it: a factor
// above 1 tightens "at least" and loosens "at most". A cell relative to another check's target
// cannot be compared with the value it replaces.
func relativeEffect(op Op, o *Relative) string {
	c := o.Times.Cmp(IntNumber(1))
	switch {
	case !o.self || op == OpEQ || op == OpNE:
		return "not_comparable"
	case c == 0:
		return "same"
	case (c > 0) == (op == OpGE || op == OpGT):
		return "tightens"
	}
	return "loosens"
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
