package scoring

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

func (p *parser) points(n *yaml.Node) {
	d := p.d
	_, idx, ok := d.Mapping(n, "points", []string{"met", "recognised", "progress", "deductions"}, "met")
	if !ok {
		return
	}
	pt := &p.s.Points
	if v := idx["met"]; v != nil {
		p.met(v)
	}
	if v := idx["recognised"]; v != nil {
		pt.Recognised, _ = p.pointsAmount(v, "points › recognised")
	}
	if v := idx["progress"]; v != nil {
		_, pidx, ok := d.Mapping(v, "points › progress", []string{"criterion_gained", "newly_recognised"})
		if ok {
			if w := pidx["criterion_gained"]; w != nil {
				pt.CriterionGained, _ = p.pointsAmount(w, "points › progress › criterion_gained")
			}
			if w := pidx["newly_recognised"]; w != nil {
				pt.NewlyRecognised, _ = p.pointsAmount(w, "points › progress › newly_recognised")
			}
		}
	}
	if v := idx["deductions"]; v != nil {
		_, didx, ok := d.Mapping(v, "points › deductions", []string{"criterion_lost", "slipped"})
		if ok {
			if w := didx["criterion_lost"]; w != nil {
				pt.CriterionLost, _ = p.pointsAmount(w, "points › deductions › criterion_lost")
			}
			if w := didx["slipped"]; w != nil {
				pt.Slipped, _ = p.pointsAmount(w, "points › deductions › slipped")
			}
		}
	}
}

// annotationValues returns the allowed values of an annotation key.
func (p *parser) annotationValues(k criteria.AnnotationKey) []string {
	var out []string
	for _, v := range k.Values {
		out = append(out, v.ID)
	}
	if k.ValuesFromGroups {
		for _, g := range p.rs.Groups {
			out = append(out, g.ID)
		}
	}
	return out
}

func (p *parser) annotationKeys() []string {
	var out []string
	for _, a := range p.rs.Annotations {
		out = append(out, a.ID)
	}
	return out
}

// annotationKey reads a reference to an annotation key of the ruleset.
func (p *parser) annotationKey(n *yaml.Node, path string) (criteria.AnnotationKey, bool) {
	key, ok := p.d.Str(n, path)
	if !ok {
		return criteria.AnnotationKey{}, false
	}
	a, found := p.rs.Annotation(key)
	if !found {
		e := p.d.Errorf(n, path, criteria.CodeRefAnnotation, "%s declares no annotation %q", p.rs.Ref(), key)
		e.Near(key, p.annotationKeys())
		return criteria.AnnotationKey{}, false
	}
	return a, true
}

func (p *parser) criterionIDs() []string {
	out := make([]string, len(p.rs.Criteria))
	for i, c := range p.rs.Criteria {
		out[i] = c.ID
	}
	return out
}

func (p *parser) met(n *yaml.Node) {
	d := p.d
	const path = "points › met"
	if n.Kind == yaml.ScalarNode {
		// met: 5 — the same points for every criterion.
		if v, ok := p.pointsAmount(n, path); ok {
			p.s.Points.Met.Default = &v
		}
		return
	}
	before := len(d.Errs)
	_, idx, ok := d.Mapping(n, path, []string{"default", "by", "values", "criteria"})
	if !ok {
		return
	}
	m := &p.s.Points.Met
	if v := idx["default"]; v != nil {
		if a, ok := p.pointsAmount(v, path+" › default"); ok {
			m.Default = &a
		}
	}
	var key criteria.AnnotationKey
	var haveKey, keyErr bool
	if v := idx["by"]; v != nil {
		key, haveKey = p.annotationKey(v, path+" › by")
		keyErr = !haveKey
		if haveKey {
			m.By = key.ID
		}
	}
	if v := idx["values"]; v != nil {
		if idx["by"] == nil {
			d.Errorf(v, path+" › values", criteria.CodeKeyMissing, "values weight criteria by an annotation: name it with by (e.g. by: front)")
		}
		entries, _, ok := d.Mapping(v, path+" › values", nil)
		if ok {
			allowed := p.annotationValues(key)
			for _, e := range entries {
				a, ok := p.pointsAmount(e.Val, path+" › values › "+e.Key)
				if haveKey && !ydec.Contains(allowed, e.Key) {
					er := d.Errorf(e.KNode, path+" › values", criteria.CodeRefAnnotation, "annotation %s has no value %q (expected one of: %s)",
						key.ID, e.Key, strings.Join(allowed, ", "))
					er.Near(e.Key, allowed)
					continue
				}
				if ok && !keyErr {
					m.Values = append(m.Values, Weight{ID: e.Key, Points: a})
				}
			}
		}
	}
	if v := idx["criteria"]; v != nil {
		entries, _, ok := d.Mapping(v, path+" › criteria", nil)
		if ok {
			ids := p.criterionIDs()
			for _, e := range entries {
				a, ok := p.pointsAmount(e.Val, path+" › criteria › "+e.Key)
				if !ydec.Contains(ids, e.Key) {
					er := d.Errorf(e.KNode, path+" › criteria", criteria.CodeRefCriterion, "%s has no criterion %q", p.rs.Ref(), e.Key)
					er.Near(e.Key, ids)
					continue
				}
				if ok {
					m.Criteria = append(m.Criteria, Weight{ID: e.Key, Points: a})
				}
			}
		}
	}
	if keyErr || len(d.Errs) > before {
		return
	}
	// Every criterion must earn defined points when met.
	var missing []string
	for _, c := range p.rs.Criteria {
		if _, ok := m.pointsFor(c); !ok {
			missing = append(missing, c.ID)
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("criteria %s would earn no points when met: add a default", strings.Join(missing, ", "))
		if m.By != "" {
			msg += fmt.Sprintf(", a value of %s for them, or points per criterion", m.By)
		} else {
			msg += " or points per criterion"
		}
		d.Errorf(n, path, CodePointsMissing, "%s", msg)
	}
}

// pointsFor returns the points criterion c earns when met, and the line rule it is counted in.
func (m *MetPoints) pointsFor(c *criteria.Criterion) (decimal.Decimal, bool) {
	for _, w := range m.Criteria {
		if w.ID == c.ID {
			return w.Points, true
		}
	}
	if m.By != "" {
		if v := c.Annotation(m.By); v != "" {
			for _, w := range m.Values {
				if w.ID == v {
					return w.Points, true
				}
			}
		}
	}
	if m.Default != nil {
		return *m.Default, true
	}
	return decimal.Zero, false
}

var boundKeys = []string{"at_least", "more_than", "at_most", "less_than"}

// interval reads the bounds of a class or band from a mapping's index.
func (p *parser) interval(n *yaml.Node, idx map[string]*yaml.Node, path string, whole bool) (Interval, bool) {
	var iv Interval
	ok := true
	read := func(key string) *Bound {
		v := idx[key]
		if v == nil {
			return nil
		}
		a, good := p.amount(v, path+" › "+key)
		if !good {
			ok = false
			return nil
		}
		if whole && (!a.Equal(a.Truncate(0)) || a.Sign() < 0) {
			p.d.Errorf(v, path+" › "+key, criteria.CodeValue, "a count of criteria is a whole number ≥ 0, found %s", decString(a))
			ok = false
			return nil
		}
		return &Bound{Value: a, Inclusive: key == "at_least" || key == "at_most"}
	}
	lo1, lo2 := read("at_least"), read("more_than")
	hi1, hi2 := read("at_most"), read("less_than")
	if idx["at_least"] != nil && idx["more_than"] != nil {
		p.d.Errorf(idx["more_than"], path, criteria.CodeValue, "give one lower bound: at_least (≥) or more_than (>)")
		ok = false
	}
	if idx["at_most"] != nil && idx["less_than"] != nil {
		p.d.Errorf(idx["less_than"], path, criteria.CodeValue, "give one upper bound: at_most (≤) or less_than (<)")
		ok = false
	}
	if !ok {
		return iv, false
	}
	iv.Lower = lo1
	if lo2 != nil {
		iv.Lower = lo2
	}
	iv.Upper = hi1
	if hi2 != nil {
		iv.Upper = hi2
	}
	if iv.Lower != nil && iv.Upper != nil {
		c := iv.Lower.Value.Cmp(iv.Upper.Value)
		if c > 0 || c == 0 && !(iv.Lower.Inclusive && iv.Upper.Inclusive) {
			p.d.Errorf(n, path, criteria.CodeValue, "the range %s is empty", iv)
			return iv, false
		}
	}
	return iv, true
}

func (p *parser) classes(n *yaml.Node) {
	items, ok := p.d.List(n, "classes")
	if !ok {
		return
	}
	seen := map[string]bool{}
	var nodes []*yaml.Node
	good := true
	for i, it := range items {
		path := fmt.Sprintf("classes › %d", i+1)
		_, idx, ok := p.d.Mapping(it, path, append([]string{"id", "label"}, boundKeys...), "id", "label")
		if !ok {
			good = false
			continue
		}
		var c Class
		c.Pos = p.d.Pos(it)
		if v := idx["id"]; v != nil {
			c.ID, _ = p.itemID(v, path+" › id", seen)
			path = "class " + c.ID
		}
		if v := idx["label"]; v != nil {
			c.Label = p.text(v, path+" › label")
		}
		var ok2 bool
		c.Range, ok2 = p.interval(it, idx, path, false)
		good = good && ok2
		p.s.Classes = append(p.s.Classes, c)
		nodes = append(nodes, it)
	}
	if len(items) == 0 {
		p.d.Errorf(n, "classes", criteria.CodeValue, "declare at least one class, or leave classes out")
		return
	}
	if good {
		order := sortedByLower(rangesOf(p.s.Classes))
		p.checkTiling(order, rangesOf(p.s.Classes), idsOf(p.s.Classes), nodes, "class", CodeClassGap, CodeClassOverlap)
		// Keep the classes from the highest to the lowest.
		sorted := make([]Class, len(order))
		for i, k := range order {
			sorted[len(order)-1-i] = p.s.Classes[k]
		}
		p.s.Classes = sorted
	}
}

func rangesOf[T Class | Band](items []T) []Interval {
	out := make([]Interval, len(items))
	for i, it := range items {
		switch v := any(it).(type) {
		case Class:
			out[i] = v.Range
		case Band:
			out[i] = v.Range
		}
	}
	return out
}

func idsOf[T Class | Band](items []T) []string {
	out := make([]string, len(items))
	for i, it := range items {
		switch v := any(it).(type) {
		case Class:
			out[i] = v.ID
		case Band:
			out[i] = v.ID
		}
	}
	return out
}

// lowerLess orders intervals by their lower end: unbounded first, then by value, an inclusive
// bound before an exclusive one at the same value.
func lowerLess(a, b Interval) bool {
	switch {
	case a.Lower == nil:
		return b.Lower != nil
	case b.Lower == nil:
		return false
	}
	if c := a.Lower.Value.Cmp(b.Lower.Value); c != 0 {
		return c < 0
	}
	return a.Lower.Inclusive && !b.Lower.Inclusive
}

// sortedByLower returns the indexes of the intervals sorted by lower end (stable).
func sortedByLower(ivs []Interval) []int {
	idx := make([]int, len(ivs))
	for i := range idx {
		idx[i] = i
	}
	// insertion sort: a handful of items, and stable.
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && lowerLess(ivs[idx[j]], ivs[idx[j-1]]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	return idx
}

// checkTiling checks that the intervals (classes, over all decimals) cover the whole line once.
func (p *parser) checkTiling(order []int, ivs []Interval, ids []string, nodes []*yaml.Node, what string, gap, overlap criteria.Code) {
	first := ivs[order[0]]
	if first.Lower != nil {
		p.d.Errorf(nodes[order[0]], what+" "+ids[order[0]], gap,
			"totals below %s fall in no %s: the lowest %s must have no lower bound", decString(first.Lower.Value), what, what)
	}
	for k := 1; k < len(order); k++ {
		a, b := ivs[order[k-1]], ivs[order[k]]
		ida, idb := ids[order[k-1]], ids[order[k]]
		at := nodes[order[k]]
		path := what + " " + idb
		if a.Upper == nil {
			p.d.Errorf(at, path, overlap, "%s %s %s and %s %s overlap", what, ida, a, idb, b)
			continue
		}
		if b.Lower == nil {
			p.d.Errorf(at, path, overlap, "%s %s %s and %s %s overlap", what, ida, a, idb, b)
			continue
		}
		c := a.Upper.Value.Cmp(b.Lower.Value)
		switch {
		case c < 0:
			p.d.Errorf(at, path, gap, "totals between %s and %s fall in no %s (%s %s, %s %s)", decString(a.Upper.Value), decString(b.Lower.Value), what, ida, a, idb, b)
		case c > 0:
			p.d.Errorf(at, path, overlap, "%s %s %s and %s %s overlap", what, ida, a, idb, b)
		case a.Upper.Inclusive && b.Lower.Inclusive:
			p.d.Errorf(at, path, overlap, "a total of exactly %s falls in both %s %s %s and %s %s: make one bound exclusive", decString(b.Lower.Value), what, ida, a, idb, b)
		case !a.Upper.Inclusive && !b.Lower.Inclusive:
			p.d.Errorf(at, path, gap, "a total of exactly %s falls in no %s (%s %s, %s %s): make one bound inclusive", decString(b.Lower.Value), what, ida, a, idb, b)
		}
	}
	last := ivs[order[len(order)-1]]
	if last.Upper != nil {
		p.d.Errorf(nodes[order[len(order)-1]], what+" "+ids[order[len(order)-1]], gap,
			"totals above %s fall in no %s: the highest %s must have no upper bound", decString(last.Upper.Value), what, what)
	}
}

// intRange returns the whole numbers an interval holds within [0, max], as lo…hi (lo > hi when none).
func intRange(iv Interval, maxN int) (lo, hi int) {
	lo, hi = 0, maxN
	if iv.Lower != nil {
		v := int(iv.Lower.Value.IntPart())
		if !iv.Lower.Inclusive {
			v++
		}
		lo = max(lo, v)
	}
	if iv.Upper != nil {
		v := int(iv.Upper.Value.IntPart())
		if !iv.Upper.Inclusive {
			v--
		}
		hi = min(hi, v)
	}
	return lo, hi
}

func (p *parser) bands(n *yaml.Node) {
	d := p.d
	_, idx, ok := d.Mapping(n, "bands", []string{"recognised", "by_met"}, "by_met")
	if !ok {
		return
	}
	seen := map[string]bool{}
	b := &p.s.BandRules
	if v := idx["recognised"]; v != nil {
		// Reports band communes by the criteria they meet now; a row that took every recognised
		// commune out of its band would hide the ones that slipped (recognition-and-reporting.md §3).
		d.Errorf(v, "bands › recognised", criteria.CodeValue,
			"bands count the criteria met now: a recognised row is not allowed (recognised and slipped communes are counted beside each band)")
	}
	v := idx["by_met"]
	if v == nil {
		return
	}
	items, ok := d.List(v, "bands › by_met")
	if !ok {
		return
	}
	if len(items) == 0 {
		d.Errorf(v, "bands › by_met", criteria.CodeValue, "declare at least one band")
		return
	}
	good := true
	var nodes []*yaml.Node
	for i, it := range items {
		path := fmt.Sprintf("bands › by_met › %d", i+1)
		_, bidx, ok := d.Mapping(it, path, append([]string{"id", "label"}, boundKeys...), "id", "label")
		if !ok {
			good = false
			continue
		}
		band := Band{Pos: d.Pos(it)}
		if w := bidx["id"]; w != nil {
			band.ID, _ = p.itemID(w, path+" › id", seen)
			path = "band " + band.ID
		}
		if w := bidx["label"]; w != nil {
			band.Label = p.text(w, path+" › label")
		}
		var ok2 bool
		band.Range, ok2 = p.interval(it, bidx, path, true)
		good = good && ok2
		b.ByMet = append(b.ByMet, band)
		nodes = append(nodes, it)
	}
	if !good {
		return
	}
	// The bands must cover every count from 0 to the number of criteria exactly once.
	total := len(p.rs.Criteria)
	ivs := rangesOf(b.ByMet)
	order := sortedByLower(ivs)
	next := 0
	for k, i := range order {
		lo, hi := intRange(ivs[i], total)
		path := "band " + b.ByMet[i].ID
		if lo > hi {
			d.Errorf(nodes[i], path, CodeBandGap, "band %s %s holds no count from 0 to %d (the ruleset has %d criteria)", b.ByMet[i].ID, ivs[i], total, total)
			continue
		}
		switch {
		case lo > next:
			d.Errorf(nodes[i], path, CodeBandGap, "units meeting %s criteria fall in no band", countSpan(next, lo-1))
		case lo < next:
			d.Errorf(nodes[i], path, CodeBandOverlap, "units meeting %s criteria fall in band %s and in band %s",
				countSpan(lo, min(hi, next-1)), b.ByMet[order[k-1]].ID, b.ByMet[i].ID)
		}
		next = max(next, hi+1)
	}
	if next <= total {
		last := order[len(order)-1]
		d.Errorf(nodes[last], "band "+b.ByMet[last].ID, CodeBandGap, "units meeting %s criteria fall in no band", countSpan(next, total))
	}
	sorted := make([]Band, len(order))
	for i, k := range order {
		sorted[len(order)-1-i] = b.ByMet[k]
	}
	b.ByMet = sorted
}

func countSpan(a, b int) string {
	if a == b {
		return strconv.Itoa(a)
	}
	return fmt.Sprintf("%d to %d", a, b)
}
