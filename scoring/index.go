package scoring

import (
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// index prepares the per-criterion tables used when scoring.
func (s *Scheme) index() {
	rs := s.rs
	s.crit = make(map[string]int, len(rs.Criteria))
	s.ids = make([]string, len(rs.Criteria))
	s.each = make([]decimal.Decimal, len(rs.Criteria))
	s.group = make([]int, len(rs.Criteria))
	m := &s.Points.Met
	lineIdx := map[string]int{}
	add := func(rule string, label criteria.Text, each decimal.Decimal) int {
		if i, ok := lineIdx[rule]; ok {
			return i
		}
		lineIdx[rule] = len(s.lines)
		s.lines = append(s.lines, lineRule{rule: rule, label: label, each: each})
		return len(s.lines) - 1
	}
	// Fix the line order first: annotation values in the ruleset's order, the default, then
	// the criteria with their own points in ruleset order.
	if m.By != "" {
		key, _ := rs.Annotation(m.By)
		for _, w := range annotationOrder(rs, key, m.Values) {
			vl := valueLabel(rs, key, w.ID)
			add("met:"+m.By+"="+w.ID, criteria.Text{
				VI: "Tiêu chí đạt (" + key.Label.In("vi") + ": " + vl.In("vi") + ")",
				EN: "Criteria met (" + key.Label.In("en") + ": " + vl.In("en") + ")",
			}, w.Points)
		}
	}
	if m.Default != nil {
		add("met", criteria.Text{VI: "Tiêu chí đạt", EN: "Criteria met"}, *m.Default)
	}
	for i, c := range rs.Criteria {
		s.crit[c.ID] = i
		s.ids[i] = c.ID
		pts, _ := m.pointsFor(c)
		s.each[i] = pts
		rule := "met"
		if hasWeight(m.Criteria, c.ID) {
			rule = "met:criterion=" + c.ID
			s.group[i] = add(rule, criteria.Text{
				VI: "Tiêu chí " + c.ID + " đạt (" + c.Name.In("vi") + ")",
				EN: "Criterion " + c.ID + " met (" + c.Name.In("en") + ")",
			}, pts)
			continue
		}
		if m.By != "" {
			if v := c.Annotation(m.By); v != "" && hasWeight(m.Values, v) {
				rule = "met:" + m.By + "=" + v
			}
		}
		s.group[i] = lineIdx[rule]
	}
	s.negLost = s.Points.CriterionLost.Neg()
	s.negSlipped = s.Points.Slipped.Neg()
	// Every product "count × each" a breakdown can show, made once.
	multiples := func(each decimal.Decimal) []decimal.Decimal {
		out := make([]decimal.Decimal, len(rs.Criteria)+1)
		for c := range out {
			out[c] = each.Mul(decimal.NewFromInt(int64(c)))
		}
		return out
	}
	for i := range s.lines {
		s.lines[i].times = multiples(s.lines[i].each)
	}
	s.gainedTimes = multiples(s.Points.CriterionGained)
	s.lostTimes = multiples(s.negLost)
	s.fixPoints()
}

func hasWeight(ws []Weight, id string) bool {
	for _, w := range ws {
		if w.ID == id {
			return true
		}
	}
	return false
}

// annotationOrder returns the weights in the order the ruleset declares the values.
func annotationOrder(rs *criteria.Ruleset, key criteria.AnnotationKey, ws []Weight) []Weight {
	var order []string
	for _, v := range key.Values {
		order = append(order, v.ID)
	}
	if key.ValuesFromGroups {
		for _, g := range rs.Groups {
			order = append(order, g.ID)
		}
	}
	var out []Weight
	for _, id := range order {
		for _, w := range ws {
			if w.ID == id {
				out = append(out, w)
			}
		}
	}
	return out
}

// valueLabel returns the label of an annotation value (a group's title for group values).
func valueLabel(rs *criteria.Ruleset, key criteria.AnnotationKey, id string) criteria.Text {
	for _, v := range key.Values {
		if v.ID == id {
			return v.Label
		}
	}
	if g, ok := rs.Group(id); ok && key.ValuesFromGroups {
		return criteria.Text{VI: id + " " + g.Title.In("vi"), EN: id + " " + g.Title.In("en")}
	}
	return criteria.Text{VI: id, EN: id}
}

// maxFixed bounds an amount in fixed point, so that sums over a unit never overflow int64.
const maxFixed = int64(1) << 50

// fixPoints prepares integer (fixed-point) copies of every amount and class bound when they
// all fit at one scale, so that scoring and ranking add and compare int64s; the decimals stay
// the reference and are what the outputs show.
func (s *Scheme) fixPoints() {
	amounts := []decimal.Decimal{s.Points.Recognised, s.Points.CriterionGained, s.Points.NewlyRecognised,
		s.Points.CriterionLost, s.Points.Slipped}
	for _, l := range s.lines {
		amounts = append(amounts, l.each)
	}
	for _, c := range s.Classes {
		if c.Range.Lower != nil {
			amounts = append(amounts, c.Range.Lower.Value)
		}
		if c.Range.Upper != nil {
			amounts = append(amounts, c.Range.Upper.Value)
		}
	}
	scale := int32(0)
	for _, a := range amounts {
		scale = max(scale, places(a))
	}
	if scale > 12 {
		return
	}
	conv := func(d decimal.Decimal) int64 {
		v, ok := toFixed(d, scale)
		if !ok {
			panic("unreachable")
		}
		return v
	}
	for _, a := range amounts {
		if _, ok := toFixed(a, scale); !ok {
			return
		}
	}
	s.scale, s.fixed = scale, true
	for i := range s.lines {
		s.lines[i].eachFx = conv(s.lines[i].each)
	}
	s.fx = fixedFacts{recognised: conv(s.Points.Recognised), gained: conv(s.Points.CriterionGained),
		newly: conv(s.Points.NewlyRecognised), lost: -conv(s.Points.CriterionLost), slipped: -conv(s.Points.Slipped)}
	s.classFx = make([]fixedInterval, len(s.Classes))
	for i, c := range s.Classes {
		fi := &s.classFx[i]
		if c.Range.Lower != nil {
			fi.hasLo, fi.lo, fi.loIn = true, conv(c.Range.Lower.Value), c.Range.Lower.Inclusive
		}
		if c.Range.Upper != nil {
			fi.hasHi, fi.hi, fi.hiIn = true, conv(c.Range.Upper.Value), c.Range.Upper.Inclusive
		}
	}
}

// fixedFacts are the points of the facts about a unit, in fixed point (deductions negative).
type fixedFacts struct {
	recognised, gained, newly, lost, slipped int64
}

// fixedInterval is a class's range in fixed point.
type fixedInterval struct {
	hasLo, hasHi, loIn, hiIn bool
	lo, hi                   int64
}

func (fi *fixedInterval) contains(v int64) bool {
	if fi.hasLo && (v < fi.lo || v == fi.lo && !fi.loIn) {
		return false
	}
	if fi.hasHi && (v > fi.hi || v == fi.hi && !fi.hiIn) {
		return false
	}
	return true
}

// places returns the number of decimals of d, trailing zeros aside.
func places(d decimal.Decimal) int32 {
	str := decString(d)
	if i := strings.IndexByte(str, '.'); i >= 0 {
		return int32(len(str) - i - 1)
	}
	return 0
}

// toFixed returns d × 10^scale as an int64 when it is whole and within ±maxFixed.
func toFixed(d decimal.Decimal, scale int32) (int64, bool) {
	v := d.Shift(scale)
	if !v.Equal(v.Truncate(0)) || v.Abs().GreaterThan(decimal.NewFromInt(maxFixed)) {
		return 0, false
	}
	return v.IntPart(), true
}
