package scoring

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/nongthonmoi/ntm/internal/i128"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// index prepares the tables scoring reads, from the ruleset as it is when the scheme is loaded:
// nothing is read from the ruleset afterwards.
func (s *Scheme) index() error {
	rs := s.rs
	if len(rs.Criteria) > MaxCriteria {
		return fmt.Errorf("%s has %d criteria; a scored ruleset may have at most %d", rs.Ref(), len(rs.Criteria), MaxCriteria)
	}
	s.core, s.ref, s.title = s, rs.Ref(), rs.Recognition
	s.crit = make(map[string]int, len(rs.Criteria))
	s.ids = make([]string, len(rs.Criteria))
	s.names = make([]criteria.Text, len(rs.Criteria))
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
	} else if len(s.RankingRules) == 0 {
		// A scheme that only tracks goals awards nothing: one line of no points keeps the
		// tables whole.
		add("met", criteria.Text{VI: "Tiêu chí đạt", EN: "Criteria met"}, decimal.Zero)
	}
	for i, c := range rs.Criteria {
		s.crit[c.ID] = i
		s.ids[i] = c.ID
		s.names[i] = c.Name
		pts, _ := m.pointsFor(c)
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
	s.layout = &layout{ref: s.ref, ids: s.ids}
	s.parent, s.words = criteria.LevelDistrict, newLevelWords(rs)
	if ups := rs.Ancestors(rs.Level); len(ups) > 0 && rs.Level != criteria.LevelCommune {
		s.parent = ups[0]
	}
	s.lineMask = make([][MaxCriteria / 64]uint64, len(s.lines))
	for k := range rs.Criteria {
		s.lineMask[s.group[k]][k/64] |= 1 << (k % 64)
		s.allMask[k/64] |= 1 << (k % 64)
	}
	s.bandByMet = make([]int16, len(rs.Criteria)+1)
	for n := range s.bandByMet {
		s.bandByMet[n] = -1
		for i := range s.BandRules.ByMet {
			if s.BandRules.ByMet[i].Range.ContainsInt(n) {
				s.bandByMet[n] = int16(i)
				break
			}
		}
	}
	s.front = s.frontTables()
	return s.fixAmounts()
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

// maxFixed bounds an amount in fixed point, so that the sum of a unit's lines never overflows
// int64.
const maxFixed = int64(1) << 50

// maxPlaces is how many decimals the amounts of a scheme may have.
const maxPlaces = 12

// fixAmounts converts every amount and class bound to one fixed-point scale, so that scoring
// adds and compares int64s, exactly: the scheme's single arithmetic. The decimals stay what the
// outputs show. An amount with more than 12 decimals or beyond ±2^50 is refused when the scheme
// is loaded.
func (s *Scheme) fixAmounts() error {
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
	for _, a := range amounts {
		if _, ok := toFixed(a, scale); !ok || scale > maxPlaces {
			return fmt.Errorf("the amount %s cannot be computed exactly: amounts and class bounds may have at most %d decimals and lie within ±2^50", decString(a), maxPlaces)
		}
	}
	conv := func(d decimal.Decimal) int64 {
		v, _ := toFixed(d, scale)
		return v
	}
	s.scale = scale
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
	return nil
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

// containsRatio reports whether num/den (den > 0) lies in the interval, comparing num with
// bound·den exactly.
func (fi *fixedInterval) containsRatio(num, den int64) bool {
	if fi.hasLo {
		c := cmpMul(num, fi.lo, den)
		if c < 0 || c == 0 && !fi.loIn {
			return false
		}
	}
	if fi.hasHi {
		c := cmpMul(num, fi.hi, den)
		if c > 0 || c == 0 && !fi.hiIn {
			return false
		}
	}
	return true
}

// cmpMul compares num with b·den exactly (den > 0), in 128-bit arithmetic.
func cmpMul(num, b, den int64) int {
	if den == 1 {
		return cmp.Compare(num, b)
	}
	return i128.Cmp(i128.FromInt64(num), i128.Mul(b, den))
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
