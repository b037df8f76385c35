package criteria

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// maxUnitNodes bounds the values one unit record of a JSON or YAML file may hold, and
// maxUnitDepth how deeply its values are kept (deeper ones are only skipped: no unit needs them).
const (
	maxUnitNodes = 100000
	maxUnitDepth = 8
)

// ReadJSON reads units from a JSON file: a list of unit objects, or an object {"units": […]}.
// A unit object is {code, name, district, region, period, history, values}; values maps field
// ids to numbers (read exactly, never through a binary float), true/false, texts, or null
// (missing). A number may also be written as a string. Every problem is reported at the line
// and column of the offending key or value; a syntax error is reported alone, and then no unit
// is read. See docs/data-format.md.
func ReadJSON(rd io.Reader, name string, rs *Ruleset, opts ...ReadOption) *DataSet {
	r := newReader(name, rs, opts)
	if !r.start() {
		return r.finish()
	}
	data, e := readAll(rd)
	if e != nil {
		return r.abort(e)
	}
	j := &jsonReader{reader: r, data: data, ln: newLines(data), dec: json.NewDecoder(bytes.NewReader(data))}
	j.dec.UseNumber()
	if e := j.top(); e != nil {
		return r.abort(e)
	}
	return r.finish()
}

var badCharRE = regexp.MustCompile(`^json: invalid character '(.)'`)

type jsonReader struct {
	*reader
	data  []byte
	ln    *lines
	dec   *json.Decoder
	nodes int
}

// next returns the next token and the line and column where it starts.
func (j *jsonReader) next() (json.Token, int, int, *Error) {
	off := int(j.dec.InputOffset())
	for off < len(j.data) && strings.IndexByte(" \t\r\n,:", j.data[off]) >= 0 {
		off++
	}
	line, col := j.ln.pos(off)
	tok, err := j.dec.Token()
	if err != nil {
		return nil, line, col, j.syntax(err)
	}
	return tok, line, col, nil
}

// syntax turns a decoding error into one positioned error.
func (j *jsonReader) syntax(err error) *Error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// The offset is that of the offending character for a misplaced token, and just past
		// it for a malformed literal.
		off := int(se.Offset)
		if m := badCharRE.FindStringSubmatch(se.Error()); m != nil && off > 0 && off <= len(j.data) &&
			(off == len(j.data) || string(j.data[off]) != m[1]) && string(j.data[off-1]) == m[1] {
			off--
		}
		line, col := j.ln.pos(off)
		return &Error{Line: line, Column: col, Code: CodeSyntax, Message: "invalid JSON: " + strings.TrimPrefix(se.Error(), "json: ")}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		line, col := j.ln.pos(len(j.data))
		return &Error{Line: line, Column: col, Code: CodeSyntax, Message: "invalid JSON: the file ends before the JSON value is complete"}
	}
	line, col := j.ln.pos(int(j.dec.InputOffset()))
	return &Error{Line: line, Column: col, Code: CodeSyntax, Message: "invalid JSON: " + err.Error()}
}

// top reads the file's one value: a list of units, or an object with the key "units".
func (j *jsonReader) top() *Error {
	tok, line, col, e := j.next()
	if e != nil {
		if len(bytes.TrimSpace(j.data)) == 0 {
			return &Error{Line: 1, Column: 1, Code: CodeSyntax, Message: "the file is empty: expected a list of units, or an object {\"units\": [...]}"}
		}
		return e
	}
	switch tok {
	case json.Delim('['):
		if e := j.units(); e != nil {
			return e
		}
	case json.Delim('{'):
		seen, unknown := false, false
		for j.dec.More() {
			k, kl, kc, e := j.next()
			if e != nil {
				return e
			}
			key, _ := k.(string)
			vt, vl, vc, e := j.next()
			if e != nil {
				return e
			}
			switch {
			case key != "units":
				er := j.errorf(kl, kc, "", CodeKeyUnknown, "unknown key %s: the object holds only \"units\": [...]", quote(key))
				er.Suggest = suggest(key, []string{"units"})
				unknown = true
			case seen && vt == json.Delim('['):
				// Its units are still read, so that none is lost without a word.
				j.errorf(kl, kc, "", CodeKeyDuplicate, "key %s appears twice: write one list (the units of both are read)", quote(key))
				if e := j.units(); e != nil {
					return e
				}
				continue
			case seen:
				j.errorf(kl, kc, "", CodeKeyDuplicate, "key %s appears twice", quote(key))
			case vt != json.Delim('['):
				j.errorf(vl, vc, "units", CodeType, "expected a list of units, found %s", tokenName(vt))
			default:
				seen = true
				if e := j.units(); e != nil {
					return e
				}
				continue
			}
			if e := j.skip(vt); e != nil {
				return e
			}
		}
		if _, _, _, e := j.next(); e != nil {
			return e
		}
		if !seen && !unknown {
			j.errorf(line, col, "", CodeKeyMissing, "missing key %q: expected {\"units\": [...]}", "units")
		}
	default:
		j.errorf(line, col, "", CodeType, "expected a list of units, or an object {\"units\": [...]}, found %s", tokenName(tok))
	}
	return j.end()
}

// end checks that nothing but spaces follows the file's value.
func (j *jsonReader) end() *Error {
	off := int(j.dec.InputOffset())
	for off < len(j.data) && strings.IndexByte(" \t\r\n", j.data[off]) >= 0 {
		off++
	}
	tok, err := j.dec.Token()
	switch {
	case errors.Is(err, io.EOF):
		return nil
	case err != nil:
		return j.syntax(err)
	}
	line, col := j.ln.pos(off)
	return &Error{Line: line, Column: col, Code: CodeSyntax, Message: fmt.Sprintf("invalid JSON: %s after the end of the data (a file holds one JSON value)", tokenName(tok))}
}

// units reads the units of a list whose '[' was just read, and its closing ']'.
func (j *jsonReader) units() *Error {
	for i := 1; j.dec.More(); i++ {
		j.nodes = 0
		nerr := len(j.ds.Errors)
		n, e := j.value(0)
		if e != nil {
			return e
		}
		j.unitNode(n, i, nerr)
	}
	_, _, _, e := j.next()
	return e
}

// value reads one value into a positioned tree. Values nested deeper than maxUnitDepth are
// skipped and kept as empty objects or lists.
func (j *jsonReader) value(depth int) (*dnode, *Error) {
	tok, line, col, e := j.next()
	if e != nil {
		return nil, e
	}
	j.nodes++
	if j.nodes > maxUnitNodes {
		return nil, &Error{Line: line, Column: col, Code: CodeData, Message: fmt.Sprintf("a unit holds more than %d values; nothing was read", maxUnitNodes)}
	}
	n := &dnode{line: line, col: col}
	switch t := tok.(type) {
	case json.Delim:
		n.kind = dArr
		if t == '{' {
			n.kind = dObj
		}
		if depth >= maxUnitDepth {
			return n, j.skip(tok)
		}
		for j.dec.More() {
			if n.kind == dArr {
				v, e := j.value(depth + 1)
				if e != nil {
					return nil, e
				}
				n.items = append(n.items, v)
				continue
			}
			k, kl, kc, e := j.next()
			if e != nil {
				return nil, e
			}
			key, _ := k.(string)
			v, e := j.value(depth + 1)
			if e != nil {
				return nil, e
			}
			n.keys = append(n.keys, dentry{key: key, line: kl, col: kc, val: v})
		}
		if _, _, _, e := j.next(); e != nil {
			return nil, e
		}
	case string:
		n.kind, n.lit = dStr, t
	case json.Number:
		n.kind, n.lit = dNum, string(t)
	case bool:
		n.kind, n.lit = dBool, fmt.Sprint(t)
	case nil:
		n.kind = dNull
	}
	return n, nil
}

// skip consumes the rest of a value whose first token was tok (nothing for a scalar).
func (j *jsonReader) skip(tok json.Token) *Error {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := j.dec.Token()
		if err != nil {
			return j.syntax(err)
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

func tokenName(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return "an object"
		case '[':
			return "a list"
		}
		return fmt.Sprintf("%q", string(t))
	case string:
		return "the text " + quote(t)
	case json.Number:
		return "the number " + string(t)
	case bool:
		return fmt.Sprint(t)
	}
	return "null"
}
