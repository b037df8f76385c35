package results

import (
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/nongthonmoi/ntm/criteria"
)

// encoder appends JSON to a reused buffer, compact or indented. It writes what the writer
// tells it, in that order, so the output is the same for the same input: no map is ranged
// over. Indented output puts every member of an object and every element of an array of
// objects on its own line, but keeps arrays of plain values and small objects (labels, notes)
// on one line, so a unit's aligned arrays stay readable; removing the insignificant white
// space gives the compact output exactly.
type encoder struct {
	buf    []byte
	indent string // "" for compact output
	depth  int
	stack  []frame
	keyed  bool // a key was written: the value follows it
}

// frame is an open object or array: whether it has a member yet, and whether it is written
// on one line.
type frame struct {
	some   bool
	inline bool
}

// reset empties the buffer for a value written at the given depth.
func (e *encoder) reset(depth int) {
	e.buf = e.buf[:0]
	e.depth = depth
	e.stack = e.stack[:0]
	e.keyed = false
}

// newline starts a line at the current depth (indented output only).
func (e *encoder) newline() {
	if e.indent == "" {
		return
	}
	e.buf = append(e.buf, '\n')
	for i := 0; i < e.depth; i++ {
		e.buf = append(e.buf, e.indent...)
	}
}

// next places what comes: after its key, or after the comma that separates it from the
// member or element before it, on a new line unless the container is written on one line.
func (e *encoder) next() {
	if e.keyed {
		e.keyed = false
		return
	}
	if len(e.stack) == 0 {
		return
	}
	f := &e.stack[len(e.stack)-1]
	if f.some {
		e.buf = append(e.buf, ',')
		if f.inline && e.indent != "" {
			e.buf = append(e.buf, ' ')
		}
	}
	f.some = true
	if !f.inline {
		e.newline()
	}
}

// key writes a member's name; its value follows.
func (e *encoder) key(k string) {
	e.next()
	e.buf = appendString(e.buf, k)
	e.buf = append(e.buf, ':')
	if e.indent != "" {
		e.buf = append(e.buf, ' ')
	}
	e.keyed = true
}

func (e *encoder) open(c byte, inline bool) {
	e.next()
	e.buf = append(e.buf, c)
	inline = inline || len(e.stack) > 0 && e.stack[len(e.stack)-1].inline
	e.stack = append(e.stack, frame{inline: inline})
	e.depth++
}

func (e *encoder) close(c byte) {
	f := e.stack[len(e.stack)-1]
	e.stack = e.stack[:len(e.stack)-1]
	e.depth--
	if f.some && !f.inline {
		e.newline()
	}
	e.buf = append(e.buf, c)
}

// The methods below write a value: after its key in an object, as the next element in an
// array.

func (e *encoder) beginObject()           { e.open('{', false) }
func (e *encoder) beginLine()             { e.open('{', true) } // an object on one line
func (e *encoder) endObject()             { e.close('}') }
func (e *encoder) beginArray(inline bool) { e.open('[', inline) }
func (e *encoder) endArray()              { e.close(']') }

func (e *encoder) str(s string) { e.next(); e.buf = appendString(e.buf, s) }
func (e *encoder) null()        { e.next(); e.buf = append(e.buf, "null"...) }
func (e *encoder) int(n int)    { e.next(); e.buf = strconv.AppendInt(e.buf, int64(n), 10) }
func (e *encoder) bool(b bool)  { e.next(); e.buf = strconv.AppendBool(e.buf, b) }

// number writes a number exactly, as criteria.Number writes it.
func (e *encoder) number(n criteria.Number) {
	e.next()
	e.buf, _ = n.AppendText(e.buf)
}

// value writes a number exactly, a boolean, a text, or null for a missing value.
func (e *encoder) value(v criteria.Value) {
	if n, ok := v.Number(); ok {
		e.number(n)
		return
	}
	if b, ok := v.Bool(); ok {
		e.bool(b)
		return
	}
	if s, ok := v.Text(); ok {
		e.str(s)
		return
	}
	e.null()
}

// text writes a bilingual label on one line: {"vi": …, "en": …}, en only when there is one.
func (e *encoder) text(t criteria.Text) {
	e.beginLine()
	if t.VI != "" || t.IsZero() { // a label in other languages only has no vi
		e.key("vi")
		e.str(t.VI)
	}
	if t.EN != "" {
		e.key("en")
		e.str(t.EN)
	}
	for _, l := range t.Languages() {
		if l != "vi" && l != "en" {
			e.key(l)
			e.str(t.Other[l])
		}
	}
	e.endObject()
}

// strs writes a list of strings on one line.
func (e *encoder) strs(l []string) {
	e.beginArray(true)
	for _, s := range l {
		e.str(s)
	}
	e.endArray()
}

// strKey writes a string member, unless the string is empty.
func (e *encoder) strKey(k, s string) {
	if s != "" {
		e.key(k)
		e.str(s)
	}
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string, in NFC: quotes, backslashes and control characters
// escaped, and U+2028 and U+2029 too so that a line of JSON Lines is a line for any reader.
// Invalid UTF-8 is replaced by U+FFFD. Nothing else is escaped: Vietnamese is written as is.
func appendString(b []byte, s string) []byte {
	if !isNFC(s) {
		s = norm.NFC.String(s)
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// isNFC reports whether s is in NFC: quickly, with no allocation, when every character
// passes the quick check, as ASCII and composed Vietnamese do.
func isNFC(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.QuickSpanString(s[i:]) == len(s)-i || norm.NFC.IsNormalString(s)
		}
	}
	return true
}
