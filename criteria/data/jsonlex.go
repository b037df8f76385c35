package data

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
)

// jsonLexer reads JSON tokens from the input, one at a time, with the line and column (in
// characters, from 1) where each starts. Every position it gives, a syntax error's too, is
// counted from the start of the file. In JSON Lines a line break ends the value being read.
type jsonLexer struct {
	in        *input
	line, col int  // of the next byte
	lines     bool // JSON Lines
	utf16     bool
	text      []byte
	peeked    bool
	tok       token
}

// token kinds besides the punctuation '{', '}', '[', ']', ',' and ':'.
const (
	tEOF     = 0
	tString  = 's'
	tNumber  = 'n'
	tTrue    = 't'
	tFalse   = 'f'
	tNull    = 'z'
	tEOL     = '\n' // JSON Lines: the end of a line
	tInvalid = 0xFF // a character no token starts with (text holds it)
)

type token struct {
	kind      byte
	text      string // a string's value, a number's literal
	line, col int
	size      int    // bytes of the token in the file
	long      bool   // a string or number longer than MaxCellBytes (text is cut)
	bad       string // why a string's text is no text (not UTF-8), or ""
}

// syntaxError is a token the JSON syntax does not allow, or the end of the input where more is
// needed.
type syntaxError struct {
	line, col int
	msg       string
	eof       bool // the input (or line) ended
}

func (l *jsonLexer) fail(line, col int, format string, args ...any) *syntaxError {
	return &syntaxError{line: line, col: col, msg: fmt.Sprintf(format, args...)}
}

func (l *jsonLexer) ended() *syntaxError {
	what := "the file"
	if l.lines {
		what = "the line"
	}
	return &syntaxError{line: l.line, col: l.col, eof: true, msg: what + " ends before the JSON value is complete"}
}

// byteAt returns the next byte without consuming it; ok is false at the end of the input.
func (l *jsonLexer) byteAt() (byte, bool) {
	in := l.in
	if in.r == in.w && !in.fill() {
		return 0, false
	}
	return in.buf[in.r], true
}

// advance consumes the next byte, counting lines ("\n", "\r\n", a lone "\r") and characters.
func (l *jsonLexer) advance() {
	in := l.in
	c := in.buf[in.r]
	in.r++
	switch {
	case c == '\n':
		l.line, l.col = l.line+1, 1
	case c == '\r':
		if n, ok := l.byteAt(); ok && n == '\n' {
			return
		}
		l.line, l.col = l.line+1, 1
	case c&0xC0 != 0x80:
		l.col++
	}
}

// peek returns the next token without consuming it.
func (l *jsonLexer) peek() (token, *syntaxError) {
	if l.peeked {
		return l.tok, nil
	}
	t, err := l.scan()
	if err != nil {
		return t, err
	}
	l.tok, l.peeked = t, true
	return t, nil
}

// next returns the next token.
func (l *jsonLexer) next() (token, *syntaxError) {
	if l.peeked {
		l.peeked = false
		return l.tok, nil
	}
	return l.scan()
}

func (l *jsonLexer) scan() (token, *syntaxError) {
	for {
		c, ok := l.byteAt()
		if !ok {
			return token{kind: tEOF, line: l.line, col: l.col}, nil
		}
		switch c {
		case ' ', '\t':
			l.advance()
			continue
		case '\n', '\r':
			if l.lines {
				t := token{kind: tEOL, line: l.line, col: l.col}
				l.lineBreak()
				return t, nil
			}
			l.advance()
			continue
		}
		t := token{kind: c, line: l.line, col: l.col, size: 1}
		switch {
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':':
			l.advance()
			return t, nil
		case c == '"':
			return l.str(t)
		case c == '-' || c >= '0' && c <= '9':
			return l.number(t)
		case c == 't':
			return l.literal(t, "true", tTrue)
		case c == 'f':
			return l.literal(t, "false", tFalse)
		case c == 'n':
			return l.literal(t, "null", tNull)
		}
		// The parser says what it was looking for.
		t.kind, t.text = tInvalid, string(c)
		l.advance()
		return t, nil
	}
}

// charName names a byte of the input for a message, as encoding/json does: 'x', '\n'.
func charName(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(c))
	return "'" + s[1:len(s)-1] + "'"
}

func (l *jsonLexer) literal(t token, word string, kind byte) (token, *syntaxError) {
	for i := 0; i < len(word); i++ {
		c, ok := l.byteAt()
		if !ok {
			return t, l.ended()
		}
		if c != word[i] {
			return t, l.fail(l.line, l.col, "invalid character %s in literal %s (expecting %s)", charName(c), word, charName(word[i]))
		}
		l.advance()
	}
	t.kind, t.size = kind, len(word)
	return t, nil
}

// keep appends b to the token's text, up to MaxCellBytes.
func (l *jsonLexer) keep(t *token, b ...byte) {
	t.size += len(b)
	if len(l.text)+len(b) > MaxCellBytes {
		t.long = true
		return
	}
	l.text = append(l.text, b...)
}

func (l *jsonLexer) number(t token) (token, *syntaxError) {
	l.text = l.text[:0]
	t.size = 0
	digits := func() (int, *syntaxError) {
		n := 0
		for {
			c, ok := l.byteAt()
			if !ok || c < '0' || c > '9' {
				return n, nil
			}
			l.keep(&t, c)
			l.advance()
			n++
		}
	}
	expect := func(what string) *syntaxError {
		c, ok := l.byteAt()
		if !ok {
			return l.ended()
		}
		return l.fail(l.line, l.col, "invalid character %s %s", charName(c), what)
	}
	if c, _ := l.byteAt(); c == '-' {
		l.keep(&t, c)
		l.advance()
	}
	c, ok := l.byteAt()
	switch {
	case !ok || c < '0' || c > '9':
		return t, expect("in numeric literal")
	case c == '0':
		l.keep(&t, c)
		l.advance()
	default:
		if _, err := digits(); err != nil {
			return t, err
		}
	}
	if c, ok := l.byteAt(); ok && c == '.' {
		l.keep(&t, c)
		l.advance()
		if n, _ := digits(); n == 0 {
			return t, expect("after decimal point in numeric literal")
		}
	}
	if c, ok := l.byteAt(); ok && (c == 'e' || c == 'E') {
		l.keep(&t, c)
		l.advance()
		if c, ok := l.byteAt(); ok && (c == '+' || c == '-') {
			l.keep(&t, c)
			l.advance()
		}
		if n, _ := digits(); n == 0 {
			return t, expect("in exponent of numeric literal")
		}
	}
	t.kind, t.text = tNumber, string(l.text)
	return t, nil
}

func (l *jsonLexer) str(t token) (token, *syntaxError) {
	l.text = l.text[:0]
	l.advance() // the opening quote
	t.size = 1
	in := l.in
	for {
		if in.r == in.w && !in.fill() {
			return t, l.ended()
		}
		// a run of plain characters
		b := in.buf[in.r:in.w]
		i := 0
		for i < len(b) && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\' {
			i++
		}
		if i > 0 {
			l.keep(&t, b[:i]...)
			l.col += chars(b[:i])
			in.r += i
			continue
		}
		c := b[0]
		switch {
		case c == '"':
			l.advance()
			t.size++
			t.kind, t.text = tString, string(l.text)
			if !utf8.ValidString(t.text) {
				t.bad = msgNotUTF8
			} else if l.utf16 && containsRuneError(t.text) {
				t.bad = msgUTF16
			}
			return t, nil
		case c < 0x20:
			if (c == '\n' || c == '\r') && l.lines {
				return t, l.ended()
			}
			return t, l.fail(l.line, l.col, "invalid character %s in string literal", charName(c))
		}
		// an escape
		l.advance()
		e, ok := l.byteAt()
		if !ok {
			return t, l.ended()
		}
		t.size++
		switch e {
		case '"', '\\', '/':
			l.keep(&t, e)
		case 'b':
			l.keep(&t, '\b')
		case 'f':
			l.keep(&t, '\f')
		case 'n':
			l.keep(&t, '\n')
		case 'r':
			l.keep(&t, '\r')
		case 't':
			l.keep(&t, '\t')
		case 'u':
			l.advance()
			r, err := l.hex4()
			if err != nil {
				return t, err
			}
			if utf16.IsSurrogate(r) {
				// A pair, or a lone surrogate (read as U+FFFD, as encoding/json does).
				r2 := utf8.RuneError
				if l.ahead(`\u`) {
					l.advance()
					l.advance()
					if r2, err = l.hex4(); err != nil {
						return t, err
					}
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r = d
				} else {
					r = utf8.RuneError
					if r2 != utf8.RuneError {
						l.keep(&t, utf8.AppendRune(nil, r)...)
						r = r2
					}
				}
			}
			l.keep(&t, utf8.AppendRune(nil, r)...)
			continue
		default:
			return t, l.fail(l.line, l.col, "invalid character %s in string escape code", charName(e))
		}
		l.advance()
	}
}

// ahead reports whether the input continues with s (which must be shorter than the buffer).
func (l *jsonLexer) ahead(s string) bool {
	in := l.in
	for in.w-in.r < len(s) && in.fill() {
	}
	return bytes.HasPrefix(in.buf[in.r:in.w], []byte(s))
}

// hex4 reads the four hexadecimal digits of a \u escape.
func (l *jsonLexer) hex4() (rune, *syntaxError) {
	var v rune
	for k := 0; k < 4; k++ {
		c, ok := l.byteAt()
		if !ok {
			return 0, l.ended()
		}
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, l.fail(l.line, l.col, "invalid character %s in \\u hexadecimal character escape", charName(c))
		}
		l.advance()
		v = v<<4 | rune(d)
	}
	return v, nil
}

func containsRuneError(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError {
			return true
		}
	}
	return false
}

// skipLine skips the rest of the current line and its line break (JSON Lines, after a
// syntax error).
func (l *jsonLexer) skipLine() {
	l.peeked = false
	for {
		c, ok := l.byteAt()
		if !ok {
			return
		}
		if c == '\n' || c == '\r' {
			l.lineBreak()
			return
		}
		l.advance()
	}
}

// lineBreak consumes the line break at the reading position ("\n", "\r\n" or "\r").
func (l *jsonLexer) lineBreak() {
	c, _ := l.byteAt()
	l.advance()
	if c == '\r' {
		if n, ok := l.byteAt(); ok && n == '\n' {
			l.advance()
		}
	}
}

// syntax turns a syntax error into a positioned problem.
func (e *syntaxError) problem() *criteria.Error {
	return &criteria.Error{Line: e.line, Column: e.col, Code: criteria.CodeSyntax, Message: "invalid JSON: " + e.msg}
}
