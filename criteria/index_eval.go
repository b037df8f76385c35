package criteria

import (
	"fmt"
	"slices"

	"github.com/nongthonmoi/ntm/internal/i128"
)

// cScore is a compiled scored indicator.
type cScore struct {
	info   *Score
	m      *measure
	tables []Resolved // by target index
	ranges []valueRange
}

// valueRange is the lowest and highest value a score or an index can take for a region and
// year: fixed by the tables in force, so computed once when the program is compiled.
type valueRange struct {
	lo, hi   rat
	min, max Number // a score's, as a reader sees them
	ok       bool   // lo and hi are known
	fullOK   bool   // an index: every input has a range, so a normalised sum has maxima to divide by
}

// cIndex is a compiled index.
type cIndex struct {
	info    *Index
	inputs  []cInput
	classes []Class
	caps    []cCap
	ranges  []valueRange // by target index
}

type inputKind uint8

const (
	inScore inputKind = iota
	inIndex
	inField
)

type cInput struct {
	kind     inputKind
	id       string
	at       int // the score's or index's position, or the field's slot
	w        rat
	min, max rat
	hasMin   bool
	hasMax   bool
}

type cCap struct {
	info *Cap
	m    *measure
	at   int // the class it caps at
}

// compileIndices lays out the scores and indices; each reads only what precedes it.
func (p *Program) compileIndices(rs *Ruleset) error {
	for _, s := range rs.Scores {
		info := *s
		cs := cScore{info: &info, m: rs.scoreMeasures[s], tables: make([]Resolved, p.nTargets())}
		if cs.m == nil {
			return fmt.Errorf("criteria: score %s has no compiled measure", s.ID)
		}
		cs.ranges = make([]valueRange, len(cs.tables))
		for ri, r := range p.regions {
			for y := p.y0; y <= p.y1; y++ {
				for h := 0; h < halves; h++ {
					ti := p.targetIndex(ri, y, h)
					t := p.resolveAt(&s.Table, ri, r, y, h)
					cs.tables[ti] = t
					if t.Scale != nil {
						lo, hi := t.Scale.extremes()
						cs.ranges[ti] = valueRange{lo: ratOf(lo), hi: ratOf(hi), min: lo, max: hi, ok: true}
					}
				}
			}
		}
		info.Table = Target{}
		p.scores = append(p.scores, cs)
	}
	for _, x := range rs.Indices {
		info := *x
		info.Inputs = append([]IndexInput(nil), x.Inputs...)
		info.Classes = append([]Class(nil), x.Classes...)
		info.Caps = append([]Cap(nil), x.Caps...)
		ci := cIndex{info: &info, classes: info.Classes}
		for _, in := range x.Inputs {
			c := cInput{id: in.ID(), w: ratOf(in.Weight)}
			switch {
			case in.Score != "":
				c.kind, c.at = inScore, p.scoreAt(in.Score)
			case in.Index != "":
				c.kind, c.at = inIndex, p.indexAt(in.Index)
			default:
				c.kind = inField
				i, ok := rs.schema.index[in.Field]
				if !ok {
					return fmt.Errorf("criteria: index %s reads an unknown field %s", x.ID, in.Field)
				}
				c.at = i
				if in.Min != nil {
					c.min, c.hasMin = ratOf(*in.Min), true
				}
				if in.Max != nil {
					c.max, c.hasMax = ratOf(*in.Max), true
				}
			}
			if c.at < 0 {
				return fmt.Errorf("criteria: index %s reads %s, which is not declared before it", x.ID, c.id)
			}
			ci.inputs = append(ci.inputs, c)
		}
		for k := range x.Caps {
			cp := &x.Caps[k]
			m := rs.capConds[cp]
			if m == nil {
				return fmt.Errorf("criteria: a cap of index %s has no compiled condition", x.ID)
			}
			at := -1
			for j, c := range x.Classes {
				if c.ID == cp.AtMost {
					at = j
				}
			}
			ci.caps = append(ci.caps, cCap{info: &info.Caps[k], m: m, at: at})
		}
		ci.ranges = make([]valueRange, p.nTargets())
		for ti := range ci.ranges {
			ci.ranges[ti] = p.indexRange(&ci, ti)
		}
		p.indices = append(p.indices, ci)
	}
	return nil
}

// indexRange computes the range of an index for a target index from its inputs' ranges.
func (p *Program) indexRange(ci *cIndex, ti int) valueRange {
	lo, hi, w := ratInt(0), ratInt(0), ratInt(0)
	ok := true
	add := func(dst *rat, a, b rat) {
		if ok {
			ab, ok1 := mulRat(a, b)
			s, ok2 := addRat(*dst, ab)
			*dst, ok = s, ok1 && ok2
		}
	}
	for k := range ci.inputs {
		in := &ci.inputs[k]
		var r valueRange
		switch in.kind {
		case inScore:
			r = p.scores[in.at].ranges[ti]
		case inIndex:
			r = p.indices[in.at].ranges[ti]
		default:
			r = valueRange{lo: in.min, hi: in.max, ok: in.hasMin && in.hasMax}
		}
		if !r.ok {
			return valueRange{}
		}
		add(&lo, in.w, r.lo)
		add(&hi, in.w, r.hi)
		add(&w, in.w, ratInt(1))
	}
	if !ok {
		return valueRange{}
	}
	out := valueRange{lo: lo, hi: hi, ok: true, fullOK: true}
	var ok1, ok2 bool
	switch ci.info.Method {
	case MethodMean, MethodWeightedMean:
		out.lo, ok1 = quoRat(lo, w)
		out.hi, ok2 = quoRat(hi, w)
		out.ok = ok1 && ok2
	case MethodNormalisedSum:
		if hi.p == 0 {
			return valueRange{}
		}
		out.lo, out.ok = quoRat(lo, hi)
		out.hi = ratInt(1)
	}
	return out
}

func (p *Program) scoreAt(id string) int {
	for i, s := range p.scores {
		if s.info.ID == id {
			return i
		}
	}
	return -1
}

func (p *Program) indexAt(id string) int {
	for i, x := range p.indices {
		if x.info.ID == id {
			return i
		}
	}
	return -1
}

// ScoreResult is the score a unit earns on a scored indicator.
type ScoreResult struct {
	ID         string
	Name       Text
	Unit       string
	Value      Value  // the measured value (percentages rounded to 4 decimals for display)
	ValueLabel Text   // the label of an enumerated field's value, for a reader
	Known      bool   // the score is known
	Score      Number // the score earned
	Step       int    // the step or category reached, from 1; 0 when unknown
	Min, Max   Number // the lowest and highest score of the table in force
	Missing    []string
	Reason     string
	Confidence Confidence
	Source     string

	exactly rat
}

// IndexResult is a unit's value of an index and the class it falls into.
type IndexResult struct {
	ID        string
	Name      Text
	Unit      string
	Known     bool
	Value     Number // rounded as the ruleset declares; the class is decided on the exact value
	Class     string // the class id, "" when unknown or the index has no classes
	ClassName Text
	Capped    Text     // why a cap lowered the class, when one did
	Policy    []Policy // inputs the missing-value policy scored as lowest or left out
	Missing   []string // inputs whose value is unknown
	Reason    string   // why the value or the class is unknown, when it is not for missing inputs
	Why       Text     // the same for a reader, when a cap could not be decided

	exact rat
}

// Policy records what a missing-value policy did with one unknown input.
type Policy struct {
	Input  string
	Action string // lowest or excluded
	Value  Number // the value counted, for lowest
}

// Cmp compares two known index values exactly: -1, 0 or +1.
func (r *IndexResult) Cmp(o *IndexResult) int { return cmpRat(r.exact, o.exact) }

// Exact returns the index's exact value as a fraction num/den (den > 0).
func (r *IndexResult) Exact() (num, den int64) { return r.exact.p, r.exact.q }

// Score returns the result of a scored indicator by id.
func (r *Result) Score(id string) (*ScoreResult, bool) {
	for i := range r.Scores {
		if r.Scores[i].ID == id {
			return &r.Scores[i], true
		}
	}
	return nil, false
}

// Index returns the result of an index by id.
func (r *Result) Index(id string) (*IndexResult, bool) {
	for i := range r.Indices {
		if r.Indices[i].ID == id {
			return &r.Indices[i], true
		}
	}
	return nil, false
}

// explainIndices computes the scores and then the indices, in declaration order, once the
// criteria and conditions are decided (a cap may read them).
func (p *Program) explainIndices(s *evalState, res *Result) {
	res.Scores = grow(res.Scores, len(p.scores))
	for i := range p.scores {
		p.explainScore(s, &p.scores[i], &res.Scores[i], res)
	}
	res.Indices = grow(res.Indices, len(p.indices))
	for i := range p.indices {
		p.explainIndex(s, &p.indices[i], res.Indices[:i], &res.Indices[i], res)
	}
}

func (p *Program) explainScore(s *evalState, cs *cScore, out *ScoreResult, res *Result) {
	info := cs.info
	*out = ScoreResult{ID: info.ID, Name: info.Name, Unit: info.Unit}
	t := &cs.tables[s.ti]
	out.Confidence, out.Source = t.Confidence, t.Source
	if t.Scale == nil {
		out.Reason = "no score table for this region and year"
		if t.Missing != "" {
			out.Reason += ": " + t.Missing
		}
		return
	}
	rg := &cs.ranges[s.ti]
	out.Min, out.Max = rg.min, rg.max
	var r measured
	s.measure(cs.m, &r)
	expl := explainer{res: res, p: p}
	switch {
	case r.unknown:
		out.Missing = expl.missing(cs.m, s.vals)
		out.Reason = expl.uncomputed(cs.m, s.vals, s.period)
		return
	case r.err != "":
		out.Reason = r.err
		return
	case r.emptyDen:
		out.Reason = "empty denominator"
		return
	}
	out.Value = r.v
	if r.v.kind == kindText && cs.m.kind == mField {
		for _, fv := range p.src.fields[cs.m.slots[0]].Values {
			if fv.ID == r.v.str() {
				out.ValueLabel = fv.Label
			}
		}
	}
	var step int
	if r.v.kind == kindNumber {
		step = t.Scale.stepOf(r.num, r.den)
		if step > 0 {
			out.Score = t.Scale.Steps[step-1].Score
		}
	} else {
		out.Score, step = t.Scale.category(r.v)
	}
	if step == 0 {
		out.Reason = fmt.Sprintf("the value %s is not in the score table", r.v)
		return
	}
	out.Step, out.Known, out.exactly = step, true, ratOf(out.Score)
}

// stepOf finds the step a measured number num/den reaches, compared exactly.
func (s *Scale) stepOf(num, den Number) int {
	step := 0
	for i, st := range s.Steps {
		c := 1
		if st.Bounded {
			c = cmpFrac(num, den, st.Bound)
		}
		if c > 0 || c == 0 && !st.Above {
			step = i + 1
		}
	}
	return step
}

// inputValue is an index input's value for a unit and the range it could take.
type inputValue struct {
	v, lo, hi rat
	known     bool
	ranged    bool
}

func (p *Program) inputOf(s *evalState, in *cInput, before []IndexResult, res *Result) inputValue {
	switch in.kind {
	case inScore:
		sr, r := &res.Scores[in.at], &p.scores[in.at].ranges[s.ti]
		return inputValue{v: sr.exactly, lo: r.lo, hi: r.hi, known: sr.Known, ranged: r.ok}
	case inIndex:
		ir, r := &before[in.at], &p.indices[in.at].ranges[s.ti]
		return inputValue{v: ir.exact, lo: r.lo, hi: r.hi, known: ir.Known, ranged: r.ok}
	}
	x := inputValue{lo: in.min, hi: in.max, ranged: in.hasMin && in.hasMax}
	if v := s.vals[in.at]; v.kind == kindNumber {
		x.v, x.known = ratOf(v.number()), true
	}
	return x
}

func (p *Program) explainIndex(s *evalState, ci *cIndex, before []IndexResult, out *IndexResult, res *Result) {
	info := ci.info
	*out = IndexResult{ID: info.ID, Name: info.Name, Unit: info.Unit}
	var num, wsum, hi rat // used inputs: Σw·x, Σw, Σw·max
	num, wsum, hi = ratInt(0), ratInt(0), ratInt(0)
	ok, used := true, 0
	acc := func(dst *rat, w, x rat) {
		if !ok {
			return
		}
		if w.p == 1 && w.q == 1 && dst.q == 1 && x.q == 1 {
			// The common case: whole scores of weight 1.
			var fits bool
			if dst.p, fits = add64(dst.p, x.p); fits {
				return
			}
			ok = false
			return
		}
		wx, ok1 := mulRat(w, x)
		sum, ok2 := addRat(*dst, wx)
		*dst, ok = sum, ok1 && ok2
	}
	rg := &ci.ranges[s.ti]
	for k := range ci.inputs {
		in := &ci.inputs[k]
		x := p.inputOf(s, in, before, res)
		if !x.known {
			out.Missing = append(out.Missing, in.id)
			switch {
			case info.Missing == MissingLowest && x.ranged:
				x.v, x.known = x.lo, true
				out.Policy = append(out.Policy, Policy{Input: in.id, Action: "lowest", Value: x.lo.round(6)})
			case info.Missing == MissingExclude:
				out.Policy = append(out.Policy, Policy{Input: in.id, Action: "excluded"})
				continue
			default:
				continue
			}
		}
		used++
		acc(&num, in.w, x.v)
		acc(&wsum, in.w, ratInt(1))
		if info.Method == MethodNormalisedSum {
			acc(&hi, in.w, x.hi) // the divisor: the maxima of the inputs used
		}
	}
	if !ok {
		out.Reason = "out of range: the index cannot be computed exactly"
		return
	}
	// Unknown under the default policy when any input is, and under any policy when nothing is left.
	unknown := used == 0
	if info.Missing == MissingUnknown && len(out.Missing) > 0 {
		unknown = true
	}
	if info.Missing == MissingLowest && used < len(ci.inputs) {
		unknown = true // an input with no range to take its lowest from
		out.Reason = "an unknown input has no lowest value to count"
	}
	var div rat
	switch info.Method {
	case MethodSum:
		div = ratInt(1)
	case MethodMean, MethodWeightedMean:
		div = wsum
	case MethodNormalisedSum:
		div = hi
		if !rg.fullOK {
			unknown, out.Reason = true, "an input has no maximum to normalise by"
		}
	}
	if unknown {
		return
	}
	if div.p == 0 {
		out.Reason = "the index divides by zero (its inputs' weights or maxima add up to 0)"
		return
	}
	v, ok := quoRat(num, div)
	if !ok {
		out.Reason = "out of range: the index cannot be computed exactly"
		return
	}
	out.exact, out.Known = v, true
	out.Value = roundRat(v, info.Digits, info.Rounding)
	p.classify(s, ci, out)
}

// classify decides the class of a known index value exactly, then applies the caps.
func (p *Program) classify(s *evalState, ci *cIndex, out *IndexResult) {
	if len(ci.classes) == 0 {
		return
	}
	at := 0
	for j, c := range ci.classes {
		if j == 0 {
			continue
		}
		k := cmpRat(out.exact, ratOf(c.Bound))
		if k > 0 || k == 0 && !c.Above {
			at = j
		}
	}
	for _, cp := range ci.caps {
		if cp.at < 0 || at <= cp.at {
			continue
		}
		var r measured
		s.measure(cp.m, &r)
		switch {
		case r.unknown || r.err != "":
			out.Reason = "cannot tell whether a cap applies: " + cp.info.When
			out.Why = Text{VI: "chưa rõ có áp dụng giới hạn xếp loại không (" + cp.info.Reason.VI + ")",
				EN: "cannot tell whether a cap applies (" + cp.info.Reason.In("en") + ")"}
			for k, slot := range cp.m.slots {
				if s.vals[slot].IsMissing() && !slices.Contains(out.Missing, cp.m.ids[k]) {
					out.Missing = append(out.Missing, cp.m.ids[k]) // what the cap needs to be decided
				}
			}
			return
		case r.v.b:
			at, out.Capped = cp.at, cp.info.Reason
		}
	}
	out.Class, out.ClassName = ci.classes[at].ID, ci.classes[at].Name
}

// roundRat rounds r to digits decimals by mode: half_up (half away from zero), half_even or
// down (towards zero).
func roundRat(r rat, digits int, mode string) Number {
	if mode == "half_up" {
		return r.round(digits)
	}
	x := i128.Mul(r.p, pow10[digits])
	q, rem := x.QuoRem(uint64(r.q))
	up := false
	if mode == "half_even" {
		rest := uint64(r.q) - rem
		up = rem > rest || rem == rest && q.Lo%2 == 1
	}
	if up {
		q = i128.Add(q, i128.Int{Neg: x.Neg, Lo: 1})
	}
	if c, ok := q.Int64(); ok {
		return Number{coef: c, scale: uint8(digits)}.normal()
	}
	return r.round(digits)
}
