package data

import (
	"fmt"

	"github.com/nongthonmoi/ntm/criteria"
)

// jsonSource reads JSON — a list of units, or an object {"units": [...]} — token by token,
// one unit at a time; and JSON Lines, one unit object per line.
type jsonSource struct {
	r     *Reader
	lx    jsonLexer
	lines bool
	ur    *unitReader

	state      int
	inObject   bool // the list read is the value of the top object's "units"
	seenUnits  bool
	unknownKey bool
	first      bool // the next element is the list's first
	top        token
	idx        int // units read

	// the unit being read
	values  int
	size    int
	long    bool
	treeErr criteria.ErrorList
}

const (
	jsList   = iota // in a list of units
	jsObject        // in the top object, between its keys
	jsEnd           // after the top value
	jsDone
)

func (j *jsonSource) start() bool {
	r := j.r
	if e := r.in.prefix(); e != nil {
		r.report(e)
		return false
	}
	j.lx = jsonLexer{in: r.in, line: 1, col: 1, lines: j.lines, utf16: r.in.utf16}
	j.ur = newUnitReader(r, false)
	if j.lines {
		return true
	}
	t, err := j.lx.next()
	if err != nil {
		r.report(err.problem())
		return false
	}
	j.top = t
	switch t.kind {
	case tEOF:
		r.report(&criteria.Error{Line: 1, Column: 1, Code: criteria.CodeSyntax, Message: "the file is empty: expected a list of units, or an object {\"units\": [...]}"})
		return false
	case '[':
		j.state, j.first = jsList, true
	case '{':
		j.state, j.first = jsObject, true
	default:
		if punctuation(t) {
			r.report(j.unexpected(t, "looking for beginning of value").problem())
			return false
		}
		r.report(&criteria.Error{Line: t.line, Column: t.col, Code: criteria.CodeType, Message: fmt.Sprintf(
			"expected a list of units, or an object {\"units\": [...]}, found %s", tokenName(t))})
		if err := j.skip(t); err != nil {
			r.report(err.problem())
			return false
		}
		j.end()
		return false
	}
	return true
}

func (j *jsonSource) next() bool {
	if j.lines {
		return j.nextLine()
	}
	for {
		switch j.state {
		case jsList:
			t, err := j.lx.peek()
			if err != nil {
				return j.syntax(err, false)
			}
			if t.kind == ']' {
				j.lx.next()
				j.state = jsEnd
				if j.inObject {
					j.state = jsObject
				}
				continue
			}
			if !j.first {
				if t.kind != ',' {
					return j.syntax(j.unexpected(t, "after array element"), false)
				}
				j.lx.next()
			}
			j.first = false
			j.idx++
			n, err := j.unit()
			if err != nil {
				return j.syntax(err, true)
			}
			j.read(n)
			return true
		case jsObject:
			if !j.object() {
				continue
			}
		case jsEnd:
			j.end()
			return false
		default:
			return false
		}
	}
}

// object reads the top object up to its next list of units (reporting true, with the state
// jsList) or its end.
func (j *jsonSource) object() bool {
	r := j.r
	t, err := j.lx.next()
	if err != nil {
		j.syntax(err, false)
		return false
	}
	if t.kind == '}' {
		if !j.seenUnits && !j.unknownKey {
			r.report(&criteria.Error{Line: j.top.line, Column: j.top.col, Code: criteria.CodeKeyMissing, Message: fmt.Sprintf("missing key %q: expected {\"units\": [...]}", "units")})
		}
		j.state = jsEnd
		return false
	}
	if !j.first {
		if t.kind != ',' {
			j.syntax(j.unexpected(t, "after object key:value pair"), false)
			return false
		}
		if t, err = j.lx.next(); err != nil {
			j.syntax(err, false)
			return false
		}
	}
	j.first = false
	if t.kind != tString {
		j.syntax(j.unexpected(t, "looking for beginning of object key string"), false)
		return false
	}
	if c, err := j.lx.next(); err != nil || c.kind != ':' {
		if err == nil {
			err = j.unexpected(c, "after object key")
		}
		j.syntax(err, false)
		return false
	}
	v, err := j.lx.next()
	if err != nil {
		j.syntax(err, false)
		return false
	}
	switch {
	case t.text != "units":
		e := &criteria.Error{Line: t.line, Column: t.col, Code: criteria.CodeKeyUnknown, Message: fmt.Sprintf(
			"unknown key %s: the object holds only \"units\": [...]", quote(t.text))}
		e.Suggest = suggest(t.text, []string{"units"})
		r.report(e)
		j.unknownKey = true
	case j.seenUnits && v.kind == '[':
		// Its units are still read, so that none is lost without a word.
		r.report(&criteria.Error{Line: t.line, Column: t.col, Code: criteria.CodeKeyDuplicate, Message: fmt.Sprintf(
			"key %s appears twice: write one list (the units of both are read)", quote(t.text))})
		j.state, j.first, j.inObject = jsList, true, true
		return true
	case j.seenUnits:
		r.report(&criteria.Error{Line: t.line, Column: t.col, Code: criteria.CodeKeyDuplicate, Message: fmt.Sprintf("key %s appears twice", quote(t.text))})
	case v.kind != '[':
		r.report(&criteria.Error{Line: v.line, Column: v.col, Path: "units", Code: criteria.CodeType, Message: fmt.Sprintf(
			"expected a list of units, found %s", tokenName(v))})
	default:
		j.seenUnits = true
		j.state, j.first, j.inObject = jsList, true, true
		return true
	}
	if err := j.skip(v); err != nil {
		j.syntax(err, false)
	}
	return false
}

// end checks that nothing but spaces follows the file's value.
func (j *jsonSource) end() {
	j.state = jsDone
	t, err := j.lx.next()
	var e *criteria.Error
	switch {
	case err != nil:
		e = err.problem()
	case punctuation(t):
		e = j.unexpected(t, "looking for beginning of value").problem()
	case t.kind != tEOF:
		e = &criteria.Error{Line: t.line, Column: t.col, Code: criteria.CodeSyntax, Message: fmt.Sprintf(
			"invalid JSON: %s after the end of the data (a file holds one JSON value)", tokenName(t))}
	}
	if e != nil {
		j.r.stopped = e
		j.r.report(e)
	}
}

// syntax reports a syntax error, which stops the reading; inUnit says it is inside a unit,
// which is then a rejected row. It reports whether a row ended (for next).
func (j *jsonSource) syntax(err *syntaxError, inUnit bool) bool {
	j.state = jsDone
	e := err.problem()
	j.r.stopped = e
	if inUnit {
		j.r.reject(criteria.ErrorList{e}, "", criteria.Period{})
		return true
	}
	j.r.report(e)
	return false
}

// unexpected is the syntax error of a token where another was expected; where says what was
// being read, in the words of encoding/json ("after array element").
func (j *jsonSource) unexpected(t token, where string) *syntaxError {
	if t.kind == tEOF || t.kind == tEOL {
		e := j.lx.ended()
		e.line, e.col = t.line, t.col
		return e
	}
	return &syntaxError{line: t.line, col: t.col, msg: fmt.Sprintf("invalid character %s %s", charName(firstByte(t)), where)}
}

// firstByte is the character a token starts with.
func firstByte(t token) byte {
	switch t.kind {
	case tString:
		return '"'
	case tNumber:
		return t.text[0]
	case tNull:
		return 'n'
	case tInvalid:
		return t.text[0]
	}
	return t.kind
}

// punctuation reports whether a token cannot start a value.
func punctuation(t token) bool {
	switch t.kind {
	case '}', ']', ',', ':', tInvalid:
		return true
	}
	return false
}

// nextLine reads the unit of the next line of JSON Lines that is not blank.
func (j *jsonSource) nextLine() bool {
	r := j.r
	for {
		t, err := j.lx.peek()
		if err == nil {
			switch t.kind {
			case tEOF:
				if r.counts.Rows == 0 && r.counts.Problems == 0 {
					r.report(&criteria.Error{Line: 1, Column: 1, Code: criteria.CodeSyntax, Message: "the file is empty: expected one unit object per line (JSON Lines)"})
				}
				return false
			case tEOL:
				j.lx.next()
				continue
			}
		}
		j.idx++
		line := j.lx.line
		var n *dnode
		if err == nil {
			n, err = j.unit()
		}
		if err == nil {
			// the rest of the line must be blank
			t, err = j.lx.next()
			if err == nil && t.kind != tEOL && t.kind != tEOF {
				err = &syntaxError{line: t.line, col: t.col, msg: fmt.Sprintf("%s after the unit (a line holds one JSON object)", tokenName(t))}
			}
		}
		if err != nil {
			e := err.problem()
			e.Path = fmt.Sprintf("line %d", line)
			j.r.reject(criteria.ErrorList{e}, "", criteria.Period{})
			if j.lx.line == err.line {
				j.lx.skipLine() // the rest of the line, up to the next unit
			}
			return true
		}
		j.read(n)
		return true
	}
}

// read ends the row of a unit read: a unit past the limits, or holding a value that is no
// text, is rejected as it is; any other is read into the reader's unit.
func (j *jsonSource) read(n *dnode) {
	if errs := j.limits(n); len(errs) > 0 {
		for _, e := range errs {
			e.Path = fmt.Sprintf("unit %d", j.idx)
		}
		j.r.unit.Source = j.r.source(n.line)
		j.r.reject(errs, "", criteria.Period{})
		return
	}
	j.ur.read(n, j.idx, nil)
}

// limits returns the problems of a unit past the limits: too many values, too long.
func (j *jsonSource) limits(n *dnode) criteria.ErrorList {
	errs := j.treeErr
	switch {
	case j.values > MaxUnitValues:
		errs = append(errs, &criteria.Error{Line: n.line, Column: n.col, Path: fmt.Sprintf("unit %d", j.idx), Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
			"the unit holds more than %d values: it is not read", MaxUnitValues)})
	case j.size > MaxRowBytes:
		errs = append(errs, &criteria.Error{Line: n.line, Column: n.col, Path: fmt.Sprintf("unit %d", j.idx), Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
			"the unit is longer than %d MB: it is not read", MaxRowBytes>>20)})
	}
	return errs
}

// unit reads one value of a list of units (or a line) into a tree.
func (j *jsonSource) unit() (*dnode, *syntaxError) {
	j.values, j.size, j.long, j.treeErr = 0, 0, false, nil
	return j.value(0)
}

// value reads one value into a positioned tree. Values nested deeper than maxUnitDepth, and
// every value past the unit's limits, are skipped and kept as empty values.
func (j *jsonSource) value(depth int) (*dnode, *syntaxError) {
	t, err := j.lx.next()
	if err != nil {
		return nil, err
	}
	j.values++
	j.size += t.size
	keep := j.values <= MaxUnitValues && j.size <= MaxRowBytes
	n := &dnode{line: t.line, col: t.col}
	switch t.kind {
	case '{', '[':
		n.kind = dArr
		if t.kind == '{' {
			n.kind = dObj
		}
		if depth >= maxUnitDepth {
			return n, j.skip(t)
		}
		for first := true; ; first = false {
			c, err := j.lx.peek()
			if err != nil {
				return nil, err
			}
			if n.kind == dObj && c.kind == '}' || n.kind == dArr && c.kind == ']' {
				j.lx.next()
				return n, nil
			}
			if !first {
				if c.kind != ',' {
					what := "after array element"
					if n.kind == dObj {
						what = "after object key:value pair"
					}
					return nil, j.unexpected(c, what)
				}
				j.lx.next()
			}
			if n.kind == dArr {
				v, err := j.value(depth + 1)
				if err != nil {
					return nil, err
				}
				if keep {
					n.items = append(n.items, v)
				}
				continue
			}
			k, err := j.lx.next()
			if err != nil {
				return nil, err
			}
			if k.kind != tString {
				return nil, j.unexpected(k, "looking for beginning of object key string")
			}
			j.size += k.size
			j.cell(k)
			if c, err := j.lx.next(); err != nil || c.kind != ':' {
				if err == nil {
					err = j.unexpected(c, "after object key")
				}
				return nil, err
			}
			v, err := j.value(depth + 1)
			if err != nil {
				return nil, err
			}
			if keep {
				n.keys = append(n.keys, dentry{key: k.text, line: k.line, col: k.col, val: v})
			}
		}
	case tString:
		n.kind, n.lit = dStr, t.text
		j.cell(t)
	case tNumber:
		n.kind, n.lit = dNum, t.text
		j.cell(t)
	case tTrue, tFalse:
		n.kind, n.lit = dBool, "true"
		if t.kind == tFalse {
			n.lit = "false"
		}
	case tNull:
		n.kind = dNull
	default:
		return nil, j.unexpected(t, "looking for beginning of value")
	}
	return n, nil
}

// cell records the problems of a string or number token: too long, or not text.
func (j *jsonSource) cell(t token) {
	switch {
	case t.long:
		j.treeErr = append(j.treeErr, &criteria.Error{Line: t.line, Column: t.col, Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
			"the value is longer than %d KB: the unit is not read", MaxCellBytes>>10)})
	case t.bad != "":
		j.treeErr = append(j.treeErr, &criteria.Error{Line: t.line, Column: t.col, Code: criteria.CodeDataEncoding, Message: t.bad})
	}
}

// skip consumes the rest of a value whose first token was t (nothing for a scalar), keeping
// nothing.
func (j *jsonSource) skip(t token) *syntaxError {
	if t.kind != '{' && t.kind != '[' {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := j.lx.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case tEOF, tEOL:
			return j.lx.ended()
		case tInvalid:
			return j.unexpected(t, "looking for beginning of value")
		}
	}
	return nil
}

func tokenName(t token) string {
	switch t.kind {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case tString:
		return "the text " + quote(t.text)
	case tNumber:
		return "the number " + t.text
	case tTrue:
		return "true"
	case tFalse:
		return "false"
	case tNull:
		return "null"
	case tEOF:
		return "the end of the file"
	case tEOL:
		return "the end of the line"
	}
	return fmt.Sprintf("%q", string(rune(t.kind)))
}
