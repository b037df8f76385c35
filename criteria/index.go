package criteria

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Score is a scored indicator: its measure mapped to a score by a table of steps or
// categories, keyed by region and year like a target.
type Score struct {
	ID      string
	Name    Text
	Unit    string // of the measured value
	Measure string
	Table   Target // cells hold a Scale
	Pos     Pos
	mpos    Pos
}

// Index is a named aggregate of scores, other indices and numeric values, with the classes
// its value falls into.
type Index struct {
	ID       string
	Name     Text
	Unit     string
	Method   string // sum, mean, weighted_mean, normalised_sum
	Inputs   []IndexInput
	Missing  string // unknown (default), lowest, exclude
	Digits   int    // decimals of the printed value
	Rounding string // half_up (default), half_even, down
	Classes  []Class
	Caps     []Cap
	Pos      Pos
	misPos   Pos  // of the missing: key
	classes  bool // a classes: key was given (a malformed list is reported once, by itself)
}

// Index methods and missing-value policies.
const (
	MethodSum           = "sum"
	MethodMean          = "mean"
	MethodWeightedMean  = "weighted_mean"
	MethodNormalisedSum = "normalised_sum"

	MissingUnknown = "unknown" // an index with an unknown input is unknown
	MissingLowest  = "lowest"  // an unknown input counts as the lowest score it could have
	MissingExclude = "exclude" // an unknown input is left out and the rest renormalised
)

// IndexInput is one input of an index: a score, an index declared before it, or a numeric
// field (data, history or computed), with its weight.
type IndexInput struct {
	Score, Index, Field string
	Weight              Number
	Min, Max            *Number // a field's range, when the method or the policy needs it
	Pos                 Pos
}

// ID returns the id of what the input reads.
func (in IndexInput) ID() string { return in.Score + in.Index + in.Field }

// Class is one class of an index (xếp loại): the first takes every value below the second;
// each later one the values from its bound (at_least) or above it (above).
type Class struct {
	ID      string
	Name    Text
	Bound   Number
	Bounded bool
	Above   bool
	Pos     Pos
}

// Cap lowers an index's class to at most AtMost when its condition holds: "no star above 2
// without the food-safety test".
type Cap struct {
	When   string // a boolean condition, as recognition conditions write them
	AtMost string // a class id of the index
	Reason Text
	Pos    Pos
	wpos   Pos
}

var (
	scoreKeys = []string{"id", "name", "unit", "measure", "table"}
	indexKeys = []string{"id", "name", "unit", "method", "inputs", "missing", "round", "classes", "caps"}
	methods   = []string{MethodSum, MethodMean, MethodWeightedMean, MethodNormalisedSum}
	policies  = []string{MissingUnknown, MissingLowest, MissingExclude}
	roundings = []string{"half_up", "half_even", "down"}
)

func (f *fileDoc) parseScores(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "scores")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("scores › %d", i+1)
		_, idx, ok := d.Mapping(it, path, scoreKeys, "id", "name", "measure", "table")
		if !ok {
			continue
		}
		s := &Score{Pos: d.Pos(it)}
		s.ID, _ = d.Str(idx["id"], path+" › id")
		path = "score " + s.ID
		s.Name = text(d, idx["name"], path+" › name")
		s.Unit = d.OptStr(idx["unit"], path+" › unit")
		s.Measure, _ = d.Str(idx["measure"], path+" › measure")
		s.mpos = d.ExprPos(idx["measure"])
		d.scale = true
		s.Table = target(d, idx["table"], path+" › table", false)
		d.scale = false
		f.scores = append(f.scores, s)
	}
}

func (f *fileDoc) parseIndices(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "indices")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("indices › %d", i+1)
		_, idx, ok := d.Mapping(it, path, indexKeys, "id", "name", "method", "inputs")
		if !ok {
			continue
		}
		x := &Index{Pos: d.Pos(it), Missing: MissingUnknown, Digits: 2, Rounding: "half_up"}
		x.ID, _ = d.Str(idx["id"], path+" › id")
		path = "index " + x.ID
		x.Name = text(d, idx["name"], path+" › name")
		x.Unit = d.OptStr(idx["unit"], path+" › unit")
		x.Method = oneOf(d, idx["method"], path+" › method", methods, x.Method)
		if v := idx["missing"]; v != nil {
			x.Missing, x.misPos = oneOf(d, v, path+" › missing", policies, x.Missing), d.Pos(v)
		}
		if v := idx["round"]; v != nil {
			_, r, ok := d.Mapping(v, path+" › round", []string{"digits", "mode"})
			if ok {
				if dv := r["digits"]; dv != nil {
					if lit, ok := d.NumberLit(dv, path+" › round › digits"); ok {
						if _, err := fmt.Sscanf(lit, "%d", &x.Digits); err != nil || x.Digits < 0 || x.Digits > 6 || strings.ContainsAny(lit, ".eE") {
							d.Errorf(dv, path+" › round › digits", CodeValue, "digits is a whole number from 0 to 6, found %s", lit)
						}
					}
				}
				if mv := r["mode"]; mv != nil {
					x.Rounding = oneOf(d, mv, path+" › round › mode", roundings, x.Rounding)
				}
			}
		}
		if v := idx["inputs"]; v != nil {
			x.Inputs = indexInputs(d, v, path+" › inputs")
		}
		if v := idx["classes"]; v != nil {
			x.Classes, x.classes = indexClasses(d, v, path+" › classes"), true
		}
		if v := idx["caps"]; v != nil {
			x.Caps = indexCaps(d, v, path+" › caps")
		}
		f.indices = append(f.indices, x)
	}
}

// oneOf reads a word that must be one of choices, suggesting the nearest when it is not.
func oneOf(d *dec, n *yaml.Node, path string, choices []string, def string) string {
	s, ok := d.Str(n, path)
	if !ok {
		return def
	}
	if !slices.Contains(choices, s) {
		e := d.Errorf(n, path, CodeValue, "%q is not one of %s", s, strings.Join(choices, ", "))
		e.Near(s, choices)
		return def
	}
	return s
}

func indexInputs(d *dec, n *yaml.Node, path string) []IndexInput {
	items, ok := d.List(n, path)
	if !ok {
		return nil
	}
	var out []IndexInput
	for i, it := range items {
		ip := fmt.Sprintf("%s › %d", path, i+1)
		_, idx, ok := d.Mapping(it, ip, []string{"score", "index", "field", "weight", "min", "max"})
		if !ok {
			continue
		}
		in := IndexInput{Weight: IntNumber(1), Pos: d.Pos(it)}
		in.Score = d.OptStr(idx["score"], ip+" › score")
		in.Index = d.OptStr(idx["index"], ip+" › index")
		in.Field = d.OptStr(idx["field"], ip+" › field")
		named := 0
		for _, k := range []string{"score", "index", "field"} {
			if idx[k] != nil {
				named++
			}
		}
		if named != 1 {
			d.Errorf(it, ip, CodeKeyMissing, "an input names exactly one of score:, index: or field:")
			continue
		}
		if v := idx["weight"]; v != nil {
			w, ok := number(d, v, ip+" › weight")
			if ok && w.Sign() <= 0 {
				d.Errorf(v, ip+" › weight", CodeValue, "a weight is greater than 0, found %s", w)
			}
			in.Weight = w
		}
		for _, k := range []string{"min", "max"} {
			v := idx[k]
			if v == nil {
				continue
			}
			if in.Field == "" {
				d.Errorf(v, ip+" › "+k, CodeValue, "%s: is given for a field input; a score's and an index's range come from their tables", k)
				continue
			}
			x, ok := number(d, v, ip+" › "+k)
			if !ok {
				continue
			}
			if k == "min" {
				in.Min = &x
			} else {
				in.Max = &x
			}
		}
		if in.Min != nil && in.Max != nil && in.Min.Cmp(*in.Max) >= 0 {
			d.Errorf(it, ip, CodeValue, "min %s is not below max %s", in.Min, in.Max)
		}
		out = append(out, in)
	}
	if len(out) == 0 && len(items) == 0 {
		d.Errorf(n, path, CodeKeyMissing, "an index needs at least one input")
	}
	return out
}

func indexClasses(d *dec, n *yaml.Node, path string) []Class {
	items, ok := d.List(n, path)
	if !ok {
		return nil
	}
	var out []Class
	for i, it := range items {
		cp := fmt.Sprintf("%s › %d", path, i+1)
		_, idx, ok := d.Mapping(it, cp, []string{"id", "name", "at_least", "above"}, "id", "name")
		if !ok {
			return nil
		}
		c := Class{Pos: d.Pos(it), Bounded: i > 0}
		c.ID, _ = d.Str(idx["id"], cp+" › id")
		c.Name = text(d, idx["name"], cp+" › name")
		for _, prev := range out {
			if prev.ID == c.ID {
				d.Errorf(idx["id"], cp+" › id", CodeIDDuplicate, "class %q is declared twice", c.ID)
			}
		}
		if c.Bound, c.Above, ok = lowerBound(d, it, idx, cp, i, CodeValue, "class"); !ok {
			return nil
		}
		if i > 1 {
			prev := out[i-1]
			if !rises(prev.Bound, prev.Above, c.Bound, c.Above) {
				d.Errorf(it, cp, CodeValue, "the classes' bounds must rise from the lowest class: class %s (%s) comes after class %s (%s), so one of them would hold no value",
					c.ID, boundText(c.Bound, c.Above), prev.ID, boundText(prev.Bound, prev.Above))
				return nil
			}
		}
		out = append(out, c)
	}
	if len(out) < 2 {
		d.Errorf(n, path, CodeValue, "classes need at least two classes")
		return nil
	}
	return out
}

func indexCaps(d *dec, n *yaml.Node, path string) []Cap {
	items, ok := d.List(n, path)
	if !ok {
		return nil
	}
	var out []Cap
	for i, it := range items {
		cp := fmt.Sprintf("%s › %d", path, i+1)
		_, idx, ok := d.Mapping(it, cp, []string{"when", "at_most", "reason"}, "when", "at_most", "reason")
		if !ok {
			continue
		}
		c := Cap{Pos: d.Pos(it)}
		c.When, _ = d.Str(idx["when"], cp+" › when")
		c.wpos = d.ExprPos(idx["when"])
		c.AtMost, _ = d.Str(idx["at_most"], cp+" › at_most")
		c.Reason = text(d, idx["reason"], cp+" › reason")
		out = append(out, c)
	}
	return out
}

// checkIndices checks the scores and indices once the layered ruleset is complete: ids, the
// measures and their tables, what each input names (declared before it, of the right type),
// and the caps' conditions.
func (rs *Ruleset) checkIndices(d *dec, env, condEnv *exprEnv) {
	rs.scoreMeasures = map[*Score]*measure{}
	rs.capConds = map[*Cap]*measure{}
	seen := map[string]Pos{}
	ids := func() []string {
		out := make([]string, 0, len(seen))
		for k := range seen {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	for _, s := range rs.Scores {
		p := "score " + s.ID
		if prev, dup := seen[s.ID]; dup {
			d.ErrorAt(s.Pos, p, CodeIDDuplicate, "%q is declared twice (first at %s): scores and indices share their ids", s.ID, prev)
		}
		seen[s.ID] = s.Pos
		m := rs.compileAt(d, s.Measure, s.mpos, p+" › measure", env)
		if m == nil {
			continue
		}
		rs.scoreMeasures[s] = m
		rs.checkScoreTable(d, s, m, p+" › table")
	}
	scores := map[string]*Score{}
	for _, s := range rs.Scores {
		scores[s.ID] = s
	}
	indices := map[string]*Index{}
	for _, x := range rs.Indices {
		p := "index " + x.ID
		if prev, dup := seen[x.ID]; dup {
			d.ErrorAt(x.Pos, p, CodeIDDuplicate, "%q is declared twice (first at %s): scores and indices share their ids", x.ID, prev)
		}
		seen[x.ID] = x.Pos
		if x.Missing == MissingExclude && x.Method == MethodSum {
			d.ErrorAt(x.misPos, p+" › missing", CodeValue, "exclude renormalises a mean or a normalised sum; a plain sum has nothing to renormalise by (use lowest or unknown)")
		}
		for k, in := range x.Inputs {
			ip := fmt.Sprintf("%s › inputs › %d", p, k+1)
			if x.Method == MethodMean && !in.Weight.Equal(IntNumber(1)) {
				d.ErrorAt(in.Pos, ip+" › weight", CodeValue, "mean weighs its inputs equally; use weighted_mean for weights")
			}
			switch {
			case in.Score != "":
				if scores[in.Score] == nil {
					e := d.ErrorAt(in.Pos, ip+" › score", CodeRefIndicator, "unknown score %q", in.Score)
					e.Near(in.Score, scoreIDs(rs.Scores))
				}
			case in.Index != "":
				switch {
				case in.Index == x.ID:
					d.ErrorAt(in.Pos, ip+" › index", CodeValue, "an index cannot read itself")
				case indices[in.Index] == nil && slices.ContainsFunc(rs.Indices, func(o *Index) bool { return o.ID == in.Index }):
					d.ErrorAt(in.Pos, ip+" › index", CodeValue, "index %s is declared after %s: declare an index's inputs before it, so none is read before it is computed", in.Index, x.ID)
				case indices[in.Index] == nil:
					e := d.ErrorAt(in.Pos, ip+" › index", CodeRefIndicator, "unknown index %q", in.Index)
					e.Near(in.Index, ids())
				}
			case in.Field != "":
				f, ok := findField(rs.Fields, in.Field)
				switch {
				case !ok:
					e := d.ErrorAt(in.Pos, ip+" › field", CodeRefField, "unknown field %q", in.Field)
					e.Near(in.Field, rs.schema.ids())
				case !f.Type.Numeric():
					d.ErrorAt(in.Pos, ip+" › field", CodeType, "field %s is %s; an index reads numbers", f.ID, f.Type)
				case x.Method == MethodNormalisedSum && in.Max == nil:
					d.ErrorAt(in.Pos, ip, CodeKeyMissing, "a normalised sum divides by each input's maximum: give the field's max:")
				case x.Missing == MissingLowest && in.Min == nil:
					d.ErrorAt(in.Pos, ip, CodeKeyMissing, "missing: lowest counts an unknown input as its lowest value: give the field's min:")
				}
			}
		}
		indices[x.ID] = x
		for ci := range x.Caps {
			c := &x.Caps[ci]
			cp := p + " › caps"
			switch {
			case !x.classes:
				d.ErrorAt(c.Pos, cp+" › at_most", CodeValue, "the index declares no classes for a cap to lower; give it classes:")
			case len(x.Classes) == 0:
				// its classes are malformed, and said so where they are
			case !slices.ContainsFunc(x.Classes, func(k Class) bool { return k.ID == c.AtMost }):
				var cls []string
				for _, k := range x.Classes {
					cls = append(cls, k.ID)
				}
				e := d.ErrorAt(c.Pos, cp+" › at_most", CodeValue, "at_most names a class of the index; %q is none (its classes: %s)", c.AtMost, strings.Join(cls, ", "))
				e.Near(c.AtMost, cls)
			}
			m := rs.compileAt(d, c.When, c.wpos, cp+" › when", condEnv)
			if m == nil {
				continue
			}
			if m.result != kindBool {
				d.ErrorAt(c.wpos, cp+" › when", CodeExpr, "a cap's condition must be a boolean expression")
				continue
			}
			rs.capConds[c] = m
		}
	}
}

func scoreIDs(ss []*Score) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// checkScoreTable checks a score table against its measure: steps score numbers, categories
// text or yes/no values (an enumerated field's ids), and every column a known region.
func (rs *Ruleset) checkScoreTable(d *dec, s *Score, m *measure, p string) {
	var enum []string
	if m.kind == mField && len(m.slots) == 1 {
		for _, v := range rs.schema.fields[m.slots[0]].Values {
			enum = append(enum, v.ID)
		}
	}
	ids := regionIDs(rs.Regions)
	cols := s.Table.columns()
	names := make([]string, 0, len(cols))
	for k := range cols {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, col := range names {
		c := cols[col]
		if col != "national" && col != "all" {
			if _, ok := rs.Region(col); !ok {
				e := d.ErrorAt(c.Pos, p+" › "+col, CodeRefRegion, "unknown region %q", col)
				e.Near(col, ids)
				continue
			}
		}
		for _, x := range append([]*Cell{c}, yearCells(c)...) {
			switch {
			case x.Scale == nil:
			case len(x.Scale.Steps) > 0 && m.result != kindNumber:
				d.ErrorAt(x.Pos, p+" › "+col, CodeType, "steps score a number; the measure is %s (score it by categories:)", kindWord(m.result))
			case len(x.Scale.Categories) > 0 && m.result == kindNumber:
				d.ErrorAt(x.Pos, p+" › "+col, CodeType, "categories score a text or a yes/no value; the measure is numeric (score it by steps:)")
			case len(x.Scale.Categories) > 0:
				for _, cat := range x.Scale.Categories {
					switch {
					case m.result == kindBool && cat.Key != "true" && cat.Key != "false":
						d.ErrorAt(x.Pos, p+" › "+col, CodeValue, "a yes/no measure is scored by the categories true and false; %q is neither", cat.Key)
					case len(enum) > 0 && !slices.Contains(enum, cat.Key):
						e := d.ErrorAt(x.Pos, p+" › "+col, CodeValue, "%q is not one of the values of %s (%s)", cat.Key, m.ids[0], strings.Join(enum, ", "))
						e.Near(cat.Key, enum)
					}
				}
			}
		}
	}
}

// columns returns a target table's columns by name.
func (t *Target) columns() map[string]*Cell {
	out := map[string]*Cell{}
	if t.National != nil {
		out["national"] = t.National
	}
	if t.All != nil {
		out["all"] = t.All
	}
	for k, c := range t.Regions {
		out[k] = c
	}
	return out
}

func yearCells(c *Cell) []*Cell {
	out := make([]*Cell, len(c.Years))
	for i, y := range c.Years {
		out[i] = y.Cell
	}
	return out
}
