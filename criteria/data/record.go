package data

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
)

// A unit record of a JSON, JSON Lines or YAML file is first read into a small positioned tree
// (dnode), bounded by MaxUnitValues and MaxRowBytes, then read into the reader's unit through
// the ruleset's columns: the formats share the reading of units.

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

// quote quotes a value read from data for a message, shortened when it is long.
func quote(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) <= max {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q…", string(r[:max]))
}

// suggest is ydec.Suggest for names read from data: a long name is no typo of an id.
func suggest(name string, candidates []string) string {
	if len(name) > 64 {
		return ""
	}
	return ydec.Suggest(name, candidates)
}

var (
	unitKeys    = []string{"code", "name", "district", "parents", "region", "period", "history", "level", "values"}
	historyKeys = []string{"level", "year", "decision", "recorded", "ruleset"}
)

// unitReader reads unit records into the reader's unit.
type unitReader struct {
	r       *Reader
	plain   bool           // YAML: a plain scalar of any type may be read as the text written
	index   map[string]int // column id → column of r.cols
	known   []string       // the ids of the fields a unit supplies
	pos     [][2]int       // where each column's value was read, in the current unit
	posUnit []int          // the unit that set pos[i]
	unit    int
	errs    criteria.ErrorList
	path    string // the unit's path: "unit 3", then "unit 3 (32221)"
	at      *dnode
}

func newUnitReader(r *Reader, plain bool) *unitReader {
	x := &unitReader{r: r, plain: plain, index: map[string]int{}}
	for i := 0; i < r.cols.Len(); i++ {
		id, f := r.cols.Column(i)
		x.index[id] = i
		if f != nil {
			x.known = append(x.known, id)
		}
	}
	x.pos = make([][2]int, r.cols.Len())
	x.posUnit = make([]int, r.cols.Len())
	return x
}

func (x *unitReader) errorf(line, col int, path string, code criteria.Code, format string, args ...any) *criteria.Error {
	e := &criteria.Error{Line: line, Column: col, Path: path, Code: code, Message: fmt.Sprintf(format, args...)}
	x.errs = append(x.errs, e)
	return e
}

// place positions the problems of one value read at line:col with the path p.
func (x *unitReader) place(errs criteria.ErrorList, line, col int, p string) {
	for _, e := range errs {
		e.Line, e.Column = line, col
		if e.Path != "" {
			e.Path = p + " › " + e.Path
		} else {
			e.Path = p
		}
		x.errs = append(x.errs, e)
	}
}

// set reads the text s of column id, read at n, into the unit.
func (x *unitReader) setText(id string, s string, n *dnode, p string) {
	i := x.index[id]
	x.mark(i, n)
	x.place(x.r.cols.SetText(i, s), n.line, n.col, p)
}

// mark records where column i's value was read.
func (x *unitReader) mark(i int, n *dnode) {
	x.pos[i], x.posUnit[i] = [2]int{n.line, n.col}, x.unit
}

// object checks that n is an object whose keys are all in allowed, each once, and returns its
// entries by key.
func (x *unitReader) object(n *dnode, p string, allowed []string) (map[string]*dentry, bool) {
	if n.kind != dObj {
		x.errorf(n.line, n.col, p, criteria.CodeType, "expected an object (key: value pairs), found %s", n.describe())
		return nil, false
	}
	m := make(map[string]*dentry, len(n.keys))
	for i := range n.keys {
		e := &n.keys[i]
		if _, dup := m[e.key]; dup {
			x.errorf(e.line, e.col, p, criteria.CodeKeyDuplicate, "key %s appears twice", quote(e.key))
			continue
		}
		m[e.key] = e
		if allowed != nil && !ydec.Contains(allowed, e.key) {
			er := x.errorf(e.line, e.col, p, criteria.CodeKeyUnknown, "unknown key %s (expected one of: %s)", quote(e.key), strings.Join(allowed, ", "))
			er.Suggest = suggest(e.key, allowed)
		}
	}
	return m, true
}

// text reads a scalar as text: a string; a number when numOK (codes, years, periods) or in
// YAML, where a plain scalar is text as written. null gives "". Surrounding spaces are trimmed.
func (x *unitReader) text(n *dnode, p, what string, numOK bool) (string, bool) {
	switch {
	case n.kind == dNull:
		return "", true
	case n.kind == dStr, n.kind == dNum && (numOK || x.plain), n.kind == dBool && x.plain:
		return strings.TrimSpace(n.lit), true
	}
	x.errorf(n.line, n.col, p, criteria.CodeType, "expected %s, found %s", what, n.describe())
	return "", false
}

// read reads one unit record, the idx-th of the file, into the reader's unit and ends its row;
// errs are the problems found while reading the record's tree, which reject it.
func (x *unitReader) read(n *dnode, idx int, errs criteria.ErrorList) {
	r := x.r
	cols := r.cols
	x.unit++
	x.errs, x.at = errs, n
	p := "unit " + strconv.Itoa(idx)
	u := &r.unit
	cols.Start(u)
	u.Source = r.source(n.line)
	m, ok := x.object(n, p, unitKeys)
	if !ok {
		r.reject(x.errs, "", criteria.Period{})
		return
	}
	if len(x.errs) > 0 {
		cols.Fail(-1)
	}
	codeCol := x.index["code"]
	if e := m["code"]; e == nil {
		x.errorf(n.line, n.col, p, criteria.CodeKeyMissing, "missing required key %q (the unit's official code)", "code")
		cols.Fail(codeCol)
	} else if s, ok := x.text(e.val, p+" › code", "the unit's code as text", true); ok {
		before := len(x.errs)
		x.setText("code", s, e.val, p+" › code")
		if len(x.errs) == before {
			p = fmt.Sprintf("unit %d (%s)", idx, u.Code)
		}
	} else {
		cols.Fail(codeCol)
	}
	x.path = p
	for _, k := range []struct {
		key, what string
		numOK     bool
	}{
		{"name", "a text", false},
		{"district", "a text", false},
		{"level", "commune, district, town, hamlet or province", false},
		{"region", "a region id", false},
		{"period", "a period such as \"2020\" or \"2020-H1\"", true},
	} {
		e := m[k.key]
		if e == nil {
			continue
		}
		if _, bound := x.index[k.key]; !bound { // the district of a ruleset that knows none
			cols.Fail(-1)
			x.errorf(e.line, e.col, p+" › "+k.key, criteria.CodeDataColumn, "%s knows no %s level (its levels: %s): name the unit it belongs to under parents:", x.r.rs.Ref(), k.key, levelList(x.r.rs))
			continue
		}
		if s, ok := x.text(e.val, p+" › "+k.key, k.what, k.numOK); ok {
			x.setText(k.key, s, e.val, p+" › "+k.key)
		} else {
			cols.Fail(x.index[k.key])
		}
	}
	if e := m["parents"]; e != nil {
		x.parents(e.val, p+" › parents")
	}
	if e := m["history"]; e != nil {
		x.history(e.val, p+" › history")
	}
	if e := m["values"]; e != nil {
		x.values(e.val, p+" › values")
	}
	for _, e := range cols.Finish() {
		x.placeColumn(e)
	}
	id := ident{at: n.line, word: "line", line: n.line, col: n.col, path: p}
	r.accept(x.errs, id)
}

// placeColumn positions a problem Finish found at the column it names.
func (x *unitReader) placeColumn(e *criteria.Error) {
	line, col := x.at.line, x.at.col
	p := x.path
	if k := e.Column - 1; k >= 0 {
		id, f := x.r.cols.Column(k)
		if f != nil {
			p += " › values › " + id
		} else {
			p += " › " + id
		}
		if x.posUnit[k] == x.unit {
			line, col = x.pos[k][0], x.pos[k][1]
		}
	}
	e.Line, e.Column, e.Path = line, col, p
	x.errs = append(x.errs, e)
}

// parents reads a unit's parents, {level: code, …}: the levels are those the header has a
// column for (the levels between the unit's and the top, besides the district).
func (x *unitReader) parents(n *dnode, p string) {
	cols := x.r.cols
	m, ok := x.object(n, p, nil)
	if !ok {
		cols.Fail(-1)
		return
	}
	for i := range n.keys {
		e := &n.keys[i]
		if m[e.key] != e {
			cols.Fail(-1)
			continue // a duplicate, reported
		}
		fp := p + " › " + e.key
		k, ok := x.index[e.key]
		_, f := cols.Column(k)
		if !ok || f != nil || !cols.IsParent(k) {
			cols.Fail(-1)
			er := x.errorf(e.line, e.col, fp, criteria.CodeDataColumn, "%s is not a level above the unit's: expected one of %s", quote(e.key), strings.Join(cols.ParentLevels(), ", "))
			er.Suggest = suggest(e.key, cols.ParentLevels())
			continue
		}
		if s, ok := x.text(e.val, fp, "the code or name of the unit it belongs to", true); ok {
			x.setText(e.key, s, e.val, fp)
		} else {
			cols.Fail(k)
		}
	}
}

// values reads the values object of a unit.
func (x *unitReader) values(n *dnode, p string) {
	cols := x.r.cols
	m, ok := x.object(n, p, nil)
	if !ok {
		cols.Fail(-1)
		return
	}
	for i := range n.keys {
		e := &n.keys[i]
		if m[e.key] != e {
			cols.Fail(-1)
			continue // a duplicate, reported
		}
		fp := p + " › " + e.key
		k, ok := x.index[e.key]
		_, f := cols.Column(k)
		if !ok || f == nil {
			cols.Fail(-1)
			if df, derived := x.r.rs.Field(e.key); derived && df.From != nil {
				x.errorf(e.line, e.col, fp, criteria.CodeDataColumn, "field %q is derived by the engine (%s) and cannot be supplied: remove it", e.key, df.From)
				continue
			}
			er := x.errorf(e.line, e.col, fp, criteria.CodeRefField, "unknown field %s: not a field of %s", quote(e.key), x.r.rs.Ref())
			er.Suggest = suggest(e.key, x.known)
			continue
		}
		v := e.val
		x.mark(k, v)
		switch {
		case v.kind == dNull:
			x.place(cols.SetText(k, ""), v.line, v.col, fp)
			continue
		case v.kind == dStr:
			x.place(cols.SetText(k, v.lit), v.line, v.col, fp)
			continue
		case v.kind == dNum && f.Type.Numeric():
			if e := cols.SetNumber(k, v.lit); e != nil {
				x.place(criteria.ErrorList{e}, v.line, v.col, fp)
			}
			continue
		case v.kind == dBool && f.Type == criteria.TypeBoolean, (v.kind == dNum || v.kind == dBool) && x.plain:
			x.place(cols.SetText(k, v.lit), v.line, v.col, fp)
			continue
		}
		want := "a number"
		switch f.Type {
		case criteria.TypeBoolean:
			want = "true or false"
		case criteria.TypeText:
			want = "a text in quotes"
		}
		cols.Fail(k)
		x.errorf(v.line, v.col, fp, criteria.CodeType, "field %q (%s): expected %s, found %s", f.ID, f.Type, want, v.describe())
	}
}

// history reads a unit's history: a list of {level, year, decision, recorded}, or a text in
// the one-line syntax of the CSV history column.
func (x *unitReader) history(n *dnode, p string) {
	cols := x.r.cols
	k := x.index["history"]
	x.mark(k, n)
	switch n.kind {
	case dNull:
		return
	case dStr:
		x.place(cols.SetText(k, n.lit), n.line, n.col, p)
		return
	case dArr:
	default:
		cols.Fail(k)
		x.errorf(n.line, n.col, p, criteria.CodeType, "expected a list of {level, year, decision} entries (or a text such as \"ntm@2015#123/QĐ-UBND\"), found %s", n.describe())
		return
	}
	for i, it := range n.items {
		ep := fmt.Sprintf("%s › %d", p, i+1)
		m, ok := x.object(it, ep, historyKeys)
		if !ok {
			cols.Fail(k)
			continue
		}
		var h criteria.HistoryEntry
		at := map[string]*dnode{}
		keyAt := map[string]*dentry{}
		if e := m["level"]; e == nil {
			x.errorf(it.line, it.col, ep, criteria.CodeKeyMissing, "missing required key %q (ntm, advanced, model, …)", "level")
			cols.Fail(k)
		} else if s, ok := x.text(e.val, ep+" › level", "a recognition level such as ntm", false); ok && s != "" {
			h.Level, at["level"] = s, e.val
		} else {
			if ok {
				x.errorf(e.val.line, e.val.col, ep+" › level", criteria.CodeData, "no recognition level: expected ntm, advanced, model, …")
			}
			cols.Fail(k)
		}
		if e := m["year"]; e == nil {
			x.errorf(it.line, it.col, ep, criteria.CodeKeyMissing, "missing required key %q", "year")
			cols.Fail(k)
		} else if s, ok := x.text(e.val, ep+" › year", "a year such as 2015", true); ok {
			h.Year, at["year"] = s, e.val
			if s == "" {
				x.errorf(e.val.line, e.val.col, ep+" › year", criteria.CodeData, "year %s: expected a year such as 2015", quote(s))
				cols.Fail(k)
			}
		} else {
			cols.Fail(k)
		}
		if e := m["decision"]; e != nil {
			if s, ok := x.text(e.val, ep+" › decision", "the decision's number as text", false); ok {
				h.Decision = s
			} else {
				cols.Fail(k)
			}
		}
		if e := m["ruleset"]; e != nil {
			if s, ok := x.text(e.val, ep+" › ruleset", "the ruleset it was granted under, as id@version", false); ok {
				h.Ruleset = s
			} else {
				cols.Fail(k)
			}
		}
		if e := m["recorded"]; e != nil {
			x.recorded(e.val, ep+" › recorded", &h, at, keyAt)
		}
		for _, er := range cols.AddRecognition(k, h) {
			line, col := it.line, it.col
			if v := at[er.Path]; v != nil {
				line, col = v.line, v.col
			}
			if ke := keyAt[er.Path]; ke != nil && er.Code == criteria.CodeRefField {
				line, col = ke.line, ke.col
			}
			path := ep
			if er.Path != "" {
				path += " › " + er.Path
			}
			er.Line, er.Column, er.Path = line, col, path
			x.errs = append(x.errs, er)
		}
	}
}

// recorded reads the values recorded with a recognition: {field: number}.
func (x *unitReader) recorded(n *dnode, p string, h *criteria.HistoryEntry, at map[string]*dnode, keyAt map[string]*dentry) {
	cols := x.r.cols
	k := x.index["history"]
	m, ok := x.object(n, p, nil)
	if !ok {
		cols.Fail(k)
		return
	}
	for i := range n.keys {
		e := &n.keys[i]
		if m[e.key] != e {
			cols.Fail(k)
			continue
		}
		v := e.val
		switch v.kind {
		case dNull:
			continue
		case dStr, dNum:
		default:
			x.errorf(v.line, v.col, p+" › "+e.key, criteria.CodeType, "expected a number, found %s", v.describe())
			cols.Fail(k)
			continue
		}
		h.Recorded = append(h.Recorded, criteria.RecordedValue{Field: e.key, Value: v.lit, Literal: v.kind == dNum})
		at["recorded › "+e.key], keyAt["recorded › "+e.key] = v, e
	}
}

func levelList(rs *criteria.Ruleset) string {
	ids := make([]string, len(rs.Levels))
	for i, l := range rs.Levels {
		ids[i] = string(l.ID)
	}
	return strings.Join(ids, ", ")
}
