package criteria

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Scale is one cell of a score table: the score a measured value earns, by thresholds
// (Steps) or by category (Categories).
type Scale struct {
	Steps      []ScoreStep
	Categories []Category
}

// ScoreStep is one step of a threshold table. The first step has no bound and takes every
// value below the second; each later step takes the values from its bound (at_least) or
// above it (above) up to the next step's.
type ScoreStep struct {
	Bound   Number
	Bounded bool // false for the first step
	Above   bool // the step starts above Bound rather than at it
	Score   Number
}

// Category is one row of a category table: a text value (an enumerated field's id) or a
// yes/no value ("true", "false") and its score.
type Category struct {
	Key   string
	Score Number
}

// extremes returns the lowest and highest score the scale gives.
func (s *Scale) extremes() (lo, hi Number) {
	first := true
	see := func(n Number) {
		if first || n.Cmp(lo) < 0 {
			lo = n
		}
		if first || n.Cmp(hi) > 0 {
			hi = n
		}
		first = false
	}
	for _, st := range s.Steps {
		see(st.Score)
	}
	for _, c := range s.Categories {
		see(c.Score)
	}
	return lo, hi
}

// category finds the score of a text or yes/no value in a category table, and the category
// reached (from 1), or 0 when the value is of another kind or not listed. Numbers are placed
// in steps by stepOf, exactly.
func (s *Scale) category(v Value) (Number, int) {
	var key string
	switch v.kind {
	case kindText:
		key = v.str()
	case kindBool:
		key = fmt.Sprint(v.b)
	default:
		return Number{}, 0
	}
	for i, c := range s.Categories {
		if c.Key == key {
			return c.Score, i + 1
		}
	}
	return Number{}, 0
}

var scaleCellKeys = []string{"steps", "categories", "missing", "confidence", "source", "note", "years"}

// scaleCell reads one cell of a score table: steps, categories, missing or years.
func scaleCell(d *dec, n *yaml.Node, path string, c *Cell, keys []string) *Cell {
	_, idx, ok := d.Mapping(n, path, keys)
	if !ok {
		return nil
	}
	if v := idx["confidence"]; v != nil {
		c.Confidence = confidence(d, v, path+" › confidence")
	}
	if v := idx["source"]; v != nil {
		c.Source, _ = d.Str(v, path+" › source")
	}
	c.Note = d.OptStr(idx["note"], path+" › note")
	count := 0
	for _, k := range []string{"steps", "categories", "missing", "years"} {
		if idx[k] != nil {
			count++
		}
	}
	if count != 1 {
		d.Errorf(n, path, CodeTarget, "a score cell needs exactly one of steps, categories, missing or years")
		return nil
	}
	switch {
	case idx["steps"] != nil:
		c.Scale = &Scale{Steps: scoreSteps(d, idx["steps"], path+" › steps")}
		if len(c.Scale.Steps) == 0 {
			return nil
		}
		requireCitation(d, n, path, c)
	case idx["categories"] != nil:
		c.Scale = &Scale{Categories: categories(d, idx["categories"], path+" › categories")}
		if len(c.Scale.Categories) == 0 {
			return nil
		}
		requireCitation(d, n, path, c)
	case idx["missing"] != nil:
		c.Missing, _ = d.Str(idx["missing"], path+" › missing")
		c.Confidence = 0
	case idx["years"] != nil:
		c.Years = years(d, idx["years"], path+" › years", c.Confidence, c.Source)
	}
	return c
}

// scoreSteps reads a threshold table: the first step unbounded, each later one from a bound
// higher than the one before.
func scoreSteps(d *dec, n *yaml.Node, path string) []ScoreStep {
	items, ok := d.List(n, path)
	if !ok {
		return nil
	}
	var out []ScoreStep
	for i, it := range items {
		sp := fmt.Sprintf("%s › %d", path, i+1)
		_, idx, ok := d.Mapping(it, sp, []string{"score", "at_least", "above"}, "score")
		if !ok {
			return nil
		}
		var st ScoreStep
		if st.Score, ok = number(d, idx["score"], sp+" › score"); !ok {
			return nil
		}
		if st.Bound, st.Above, ok = lowerBound(d, it, idx, sp, i, CodeTarget, "step"); !ok {
			return nil
		}
		st.Bounded = i > 0
		if i > 1 {
			prev := out[i-1]
			if !rises(prev.Bound, prev.Above, st.Bound, st.Above) {
				d.Errorf(it, sp, CodeTarget, "the steps' bounds must rise: %s comes after %s, so this step would never be reached",
					boundText(st.Bound, st.Above), boundText(prev.Bound, prev.Above))
				return nil
			}
		}
		out = append(out, st)
	}
	if len(out) < 2 {
		d.Errorf(n, path, CodeTarget, "a threshold table needs at least two steps")
		return nil
	}
	return out
}

// lowerBound reads the bound of the i-th entry of a list written from the lowest — score steps,
// classes: the first has none and takes every value below the second; each later one starts
// at_least: or above: a bound (exactly one).
func lowerBound(d *dec, it *yaml.Node, idx map[string]*yaml.Node, p string, i int, code Code, what string) (b Number, above, ok bool) {
	al, ab := idx["at_least"], idx["above"]
	switch {
	case i == 0 && (al != nil || ab != nil):
		d.Errorf(it, p, code, "the first %s has no bound: it takes every value below the second %s's (list them from the lowest)", what, what)
		return b, false, false
	case i > 0 && (al == nil) == (ab == nil):
		d.Errorf(it, p, code, "a %s after the first starts at_least: or above: a bound (exactly one)", what)
		return b, false, false
	case al != nil:
		b, ok = number(d, al, p+" › at_least")
		return b, false, ok
	case ab != nil:
		b, ok = number(d, ab, p+" › above")
		return b, true, ok
	}
	return b, false, true
}

// rises reports whether a bound starts after the one before it, so neither entry is empty.
func rises(prev Number, prevAbove bool, b Number, above bool) bool {
	c := b.Cmp(prev)
	return c > 0 || c == 0 && !prevAbove && above
}

func boundText(b Number, above bool) string {
	if above {
		return "above " + b.String()
	}
	return "at_least " + b.String()
}

// categories reads a category table: value → score.
func categories(d *dec, n *yaml.Node, path string) []Category {
	entries, _, ok := d.Mapping(n, path, nil)
	if !ok {
		return nil
	}
	var out []Category
	for _, e := range entries {
		x, ok := number(d, e.Val, path+" › "+e.Key)
		if !ok {
			return nil
		}
		out = append(out, Category{Key: e.Key, Score: x})
	}
	if len(out) == 0 {
		d.Errorf(n, path, CodeTarget, "a category table needs at least one value")
	}
	return out
}
