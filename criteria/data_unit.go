package criteria

import (
	"fmt"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"golang.org/x/text/unicode/norm"
)

// A unit record of a JSON or YAML data file is first turned into a small positioned tree
// (dnode), so both formats share one reader of units.

type dkind uint8

const (
	dNull dkind = iota
	dBool
	dNum
	dStr
	dObj
	dArr
)

// dnode is a positioned value: a scalar with its literal text, an object or a list.
type dnode struct {
	kind      dkind
	lit       string // a string's text, a number's literal, "true"/"false"
	line, col int
	keys      []dentry // objects, in file order
	items     []*dnode // lists
}

// dentry is one key of an object with its position.
type dentry struct {
	key       string
	line, col int
	val       *dnode
}

func (n *dnode) describe() string {
	switch n.kind {
	case dNull:
		return "null (an empty value)"
	case dBool:
		return n.lit
	case dNum:
		return "the number " + n.lit
	case dStr:
		return "the text " + quote(n.lit)
	case dObj:
		return "an object (key: value pairs)"
	}
	return "a list"
}

var unitKeys = []string{"code", "name", "district", "region", "period", "history", "level", "values"}

// object checks that n is an object whose keys are all in allowed, each once, and returns its
// entries by key.
func (r *reader) object(n *dnode, p string, allowed []string) (map[string]*dentry, bool) {
	if n.kind != dObj {
		r.errorf(n.line, n.col, p, CodeType, "expected an object (key: value pairs), found %s", n.describe())
		return nil, false
	}
	m := make(map[string]*dentry, len(n.keys))
	for i := range n.keys {
		e := &n.keys[i]
		if _, dup := m[e.key]; dup {
			r.errorf(e.line, e.col, p, CodeKeyDuplicate, "key %s appears twice", quote(e.key))
			continue
		}
		m[e.key] = e
		if allowed != nil && !ydec.Contains(allowed, e.key) {
			er := r.errorf(e.line, e.col, p, CodeKeyUnknown, "unknown key %s (expected one of: %s)", quote(e.key), strings.Join(allowed, ", "))
			er.Suggest = suggest(e.key, allowed)
		}
	}
	return m, true
}

// text reads a scalar as text: a string; a number when numOK (codes, years, periods) or in
// YAML, where a plain scalar is text as written. null gives "". Surrounding spaces are trimmed.
func (r *reader) text(n *dnode, p, what string, numOK bool) (string, bool) {
	switch {
	case n.kind == dNull:
		return "", true
	case n.kind == dStr, n.kind == dNum && (numOK || r.plainText), n.kind == dBool && r.plainText:
		return strings.TrimSpace(n.lit), true
	}
	r.errorf(n.line, n.col, p, CodeType, "expected %s, found %s", what, n.describe())
	return "", false
}

// unitNode reads one unit record (the idx-th of the file). nerr is the number of errors
// before the record was read: any error after it rejects the record.
func (r *reader) unitNode(n *dnode, idx, nerr int) {
	p := fmt.Sprintf("unit %d", idx)
	m, ok := r.object(n, p, unitKeys)
	if !ok {
		r.accept(nil, nerr)
		return
	}
	u := &Unit{Values: r.rs.NewValues(), Source: fmt.Sprintf("%s:%d", r.name, n.line)}
	codeOK := false
	if e := m["code"]; e == nil {
		r.errorf(n.line, n.col, p, CodeKeyMissing, "missing required key %q (the unit's official code)", "code")
	} else if s, ok := r.text(e.val, p+" › code", "the unit's code as text", true); ok {
		if u.Code, codeOK = r.code(s, e.val.line, e.val.col, p+" › code"); codeOK {
			p = fmt.Sprintf("unit %d (%s)", idx, u.Code)
		}
	}
	for _, k := range []string{"name", "district"} {
		if e := m[k]; e != nil {
			if s, ok := r.text(e.val, p+" › "+k, "a text", false); ok {
				if k == "name" {
					u.Name = norm.NFC.String(s)
				} else {
					u.District = norm.NFC.String(s)
				}
			}
		}
	}
	if e := m["level"]; e != nil {
		if s, ok := r.text(e.val, p+" › level", "commune, district, town, hamlet or province", false); ok {
			u.Level, _ = r.unitLevel(s, e.val.line, e.val.col, p+" › level")
		}
	}
	region, line, col := "", n.line, n.col
	regionOK := true
	if e := m["region"]; e != nil {
		region, regionOK = r.text(e.val, p+" › region", "a region id", false)
		line, col = e.val.line, e.val.col
	}
	if regionOK {
		u.Region, _ = r.region(region, line, col, p+" › region")
	}
	period, line, col := "", n.line, n.col
	periodOK := true
	if e := m["period"]; e != nil {
		period, periodOK = r.text(e.val, p+" › period", "a period such as \"2020\" or \"2020-H1\"", true)
		line, col = e.val.line, e.val.col
	}
	if periodOK {
		u.Period, periodOK = r.period(period, line, col, p+" › period")
	}
	if e := m["history"]; e != nil {
		u.History = r.historyNode(e.val, p+" › history")
	}
	if e := m["values"]; e != nil {
		r.valuesNode(u.Values, e.val, p+" › values")
	}
	if codeOK && periodOK {
		r.identify(u.Code, u.Period, fmt.Sprintf("line %d", n.line), n.line, n.col, p)
	}
	r.accept(u, nerr)
}

// valuesNode reads the values object of a unit.
func (r *reader) valuesNode(vals *Values, n *dnode, p string) {
	m, ok := r.object(n, p, nil)
	if !ok {
		return
	}
	var known []string
	for _, f := range r.rs.Fields {
		if f.From == nil {
			known = append(known, f.ID)
		}
	}
	for i := range n.keys {
		e := &n.keys[i]
		if m[e.key] != e {
			continue // a duplicate, reported
		}
		fp := p + " › " + e.key
		f, ok := r.rs.Field(e.key)
		if !ok {
			er := r.errorf(e.line, e.col, fp, CodeRefField, "unknown field %s: not a field of %s", quote(e.key), r.rs.Ref())
			er.Suggest = suggest(e.key, known)
			continue
		}
		if f.From != nil {
			r.errorf(e.line, e.col, fp, CodeDataColumn, "field %q is derived by the engine (%s) and cannot be supplied: remove it", e.key, f.From)
			continue
		}
		v := e.val
		r.at(f.ID, v.line, v.col, fp)
		if err := r.setNode(vals, f, v); err != nil {
			r.wrap(err, v.line, v.col, fp)
		}
	}
}

// setNode sets a field from a JSON or YAML value.
func (r *reader) setNode(vals *Values, f *Field, v *dnode) error {
	switch v.kind {
	case dNull:
		return vals.Set(f.ID, Value{})
	case dStr:
		return r.setText(vals, f, v.lit)
	case dNum:
		if f.Type.Numeric() {
			x, err := ParseNumber(v.lit)
			if err != nil {
				return &Error{Code: CodeData, Message: fmt.Sprintf("field %q (%s): %s is not a plain decimal number (%v): write it as e.g. 47.5, without an exponent", f.ID, f.Type, quote(v.lit), err)}
			}
			return vals.Set(f.ID, NumberValue(x))
		}
		if r.plainText {
			return vals.SetString(f.ID, v.lit)
		}
	case dBool:
		if f.Type == TypeBoolean {
			return vals.Set(f.ID, BoolValue(v.lit == "true"))
		}
		if r.plainText {
			return vals.SetString(f.ID, v.lit)
		}
	}
	want := "a number"
	switch f.Type {
	case TypeBoolean:
		want = "true or false"
	case TypeText:
		want = "a text in quotes"
	}
	return &Error{Code: CodeType, Message: fmt.Sprintf("field %q (%s): expected %s, found %s", f.ID, f.Type, want, v.describe())}
}

var historyKeys = []string{"level", "year", "decision", "recorded"}

// historyNode reads a unit's history: a list of {level, year, decision, recorded}, or a text
// in the one-line syntax of the CSV history column.
func (r *reader) historyNode(n *dnode, p string) []Recognition {
	switch n.kind {
	case dNull:
		return nil
	case dStr:
		h, _ := r.historyText(n.lit, n.line, n.col, p)
		return h
	case dArr:
	default:
		r.errorf(n.line, n.col, p, CodeType, "expected a list of {level, year, decision} entries (or a text such as \"ntm@2015#123/QĐ-UBND\"), found %s", n.describe())
		return nil
	}
	var out []Recognition
	seen := map[string]bool{}
	for i, it := range n.items {
		ep := fmt.Sprintf("%s › %d", p, i+1)
		m, ok := r.object(it, ep, historyKeys)
		if !ok {
			continue
		}
		rec := Recognition{}
		good := true
		if e := m["level"]; e == nil {
			r.errorf(it.line, it.col, ep, CodeKeyMissing, "missing required key %q (ntm, advanced, model, …)", "level")
			good = false
		} else if s, ok := r.text(e.val, ep+" › level", "a recognition level such as ntm", false); !ok || !r.level(s, e.val.line, e.val.col, ep+" › level") {
			good = false
		} else {
			rec.Level = s
		}
		if e := m["year"]; e == nil {
			r.errorf(it.line, it.col, ep, CodeKeyMissing, "missing required key %q", "year")
			good = false
		} else if s, ok := r.text(e.val, ep+" › year", "a year such as 2015", true); !ok {
			good = false
		} else if y, ok := r.year(s, e.val.line, e.val.col, ep+" › year"); !ok {
			good = false
		} else {
			rec.Year = y
		}
		if e := m["decision"]; e != nil {
			s, ok := r.text(e.val, ep+" › decision", "the decision's number as text", false)
			good = good && ok
			rec.Decision = norm.NFC.String(s)
		}
		if e := m["recorded"]; e != nil {
			rec.Recorded, ok = r.recordedNode(e.val, ep+" › recorded")
			good = good && ok
		}
		if good && !r.dupHistory(seen, rec, it.line, it.col, ep) {
			out = append(out, rec)
		}
	}
	return out
}

// recordedNode reads the values recorded with a recognition: {name: number}.
func (r *reader) recordedNode(n *dnode, p string) (map[string]Number, bool) {
	m, ok := r.object(n, p, nil)
	if !ok {
		return nil, false
	}
	out := map[string]Number{}
	good := true
	for i := range n.keys {
		e := &n.keys[i]
		if m[e.key] != e {
			good = false
			continue
		}
		fp := p + " › " + e.key
		if !ydec.Contains(r.records, e.key) {
			er := r.errorf(e.line, e.col, fp, CodeRefField, "unknown recorded value %s: expected a field of %s", quote(e.key), r.rs.Ref())
			er.Suggest = suggest(e.key, r.records)
			good = false
			continue
		}
		v := e.val
		lit := v.lit
		switch v.kind {
		case dNull:
			continue
		case dStr:
			t := strings.TrimSpace(lit)
			conv, err := r.numberText(t)
			if err != nil {
				r.errorf(v.line, v.col, fp, CodeData, "%v", err)
				good = false
				continue
			}
			if conv != "" {
				t = conv
			}
			lit = t
		case dNum:
		default:
			r.errorf(v.line, v.col, fp, CodeType, "expected a number, found %s", v.describe())
			good = false
			continue
		}
		x, err := ParseNumber(lit)
		if err != nil {
			r.errorf(v.line, v.col, fp, CodeData, "%s is not a plain decimal number (%v): write it as e.g. 47.5", quote(lit), err)
			good = false
			continue
		}
		out[e.key] = x
	}
	return out, good
}
