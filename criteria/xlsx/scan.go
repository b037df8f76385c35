package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner reads a worksheet's XML tag by tag, keeping at most maxText bytes of any text and
// maxAttrs bytes of a tag's attributes: a hostile sheet (a text node of a gigabyte, a tag that
// never ends) costs time, bounded by the sheet's size limit, never memory. encoding/xml
// builds each text node whole and allocates for every token; a sheet is regular enough to be
// read without it.
type scanner struct {
	br    *bufio.Reader
	name  []byte // the current tag's local name (without a prefix such as x:)
	attrs []byte // its attributes, raw
	end   bool   // a closing tag </name>
	self  bool   // a tag closed at once <name/>
	text  []byte // the text before the current tag, decoded, at most maxText bytes
	long  bool   // the text was longer than maxText
	buf   []byte
}

const (
	maxText  = 64 << 10 // a cell's text, as data.MaxCellBytes
	maxAttrs = 64 << 10
)

var errSyntax = errors.New("malformed XML")

func newScanner(r io.Reader) *scanner { return &scanner{br: bufio.NewReaderSize(r, 64<<10)} }

// next reads up to and including the next tag; the text before it is kept (decoded) when
// keep is set. Comments, processing instructions and declarations are skipped; a CDATA
// section is text.
func (s *scanner) next(keep bool) error {
	s.text, s.long = s.text[:0], false
	for {
		// Text up to '<'.
		for {
			chunk, err := s.br.ReadSlice('<')
			body := chunk
			if err == nil {
				body = chunk[:len(chunk)-1]
			}
			if keep && !s.long {
				if len(s.text)+len(body) > maxText {
					s.long = true
				} else {
					s.text = append(s.text, body...)
				}
			}
			if err == nil {
				break
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			return err
		}
		c, err := s.br.ReadByte()
		if err != nil {
			return unexpectedEOF(err)
		}
		switch c {
		case '?': // <?xml …?>
			if err := s.skipPast("?>"); err != nil {
				return err
			}
			continue
		case '!':
			if err := s.bang(keep); err != nil {
				return err
			}
			continue
		}
		if err := s.br.UnreadByte(); err != nil {
			return err
		}
		if err := s.tag(); err != nil {
			return err
		}
		if keep {
			s.text = unescape(s.text)
		}
		return nil
	}
}

// bang reads what follows "<!": a comment, a CDATA section (kept as text) or a declaration.
func (s *scanner) bang(keep bool) error {
	head, err := s.br.Peek(2)
	if err != nil {
		return unexpectedEOF(err)
	}
	switch {
	case bytes.Equal(head, []byte("--")):
		return s.skipPast("-->")
	case head[0] == '[':
		p, err := s.br.Peek(7)
		if err != nil || !bytes.Equal(p, []byte("[CDATA[")) {
			return errSyntax
		}
		_, _ = s.br.Discard(7)
		return s.readPast("]]>", keep)
	}
	return s.skipPast(">")
}

// skipPast discards up to and including the marker.
func (s *scanner) skipPast(marker string) error { return s.readPast(marker, false) }

// readPast reads up to and including the marker, keeping what comes before it as text (kept
// as it is: CDATA is not escaped) when keep is set. Comments and CDATA are rare in a sheet:
// they are read a byte at a time.
func (s *scanner) readPast(marker string, keep bool) error {
	var win []byte // the last len(marker) bytes read
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return unexpectedEOF(err)
		}
		if len(win) == len(marker) {
			if keep && !s.long {
				if len(s.text) >= maxText {
					s.long = true
				} else {
					s.text = append(s.text, win[0])
				}
			}
			win = append(win[:0], win[1:]...)
		}
		win = append(win, c)
		if string(win) == marker {
			return nil
		}
	}
}

// tag reads a tag after its '<': its name, attributes, and whether it closes.
func (s *scanner) tag() error {
	s.end, s.self = false, false
	s.buf = s.buf[:0]
	for {
		chunk, err := s.br.ReadSlice('>')
		if len(s.buf)+len(chunk) > maxAttrs {
			return errors.New("a tag longer than 64 KB")
		}
		s.buf = append(s.buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return unexpectedEOF(err)
		}
		break
	}
	t := s.buf[:len(s.buf)-1] // without '>'
	if len(t) > 0 && t[0] == '/' {
		s.end, t = true, t[1:]
	}
	if len(t) > 0 && t[len(t)-1] == '/' {
		s.self, t = true, t[:len(t)-1]
	}
	i := 0
	for i < len(t) && !isSpace(t[i]) {
		i++
	}
	name := t[:i]
	if j := bytes.IndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	s.name, s.attrs = name, t[i:]
	return nil
}

// is reports whether the current tag has the local name n.
func (s *scanner) is(n string) bool { return string(s.name) == n }

// attr returns the value of an attribute of the current tag (its local name), decoded.
func (s *scanner) attr(name string) string {
	v := s.attrBytes(name)
	if v == nil {
		return ""
	}
	if bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	return string(unescape(append([]byte(nil), v...)))
}

// attrBytes returns the raw value of an attribute of the current tag, valid until next; nil
// when the tag has none.
func (s *scanner) attrBytes(name string) []byte {
	a := s.attrs
	for len(a) > 0 {
		for len(a) > 0 && isSpace(a[0]) {
			a = a[1:]
		}
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return nil
		}
		key := bytes.TrimSpace(a[:eq])
		if j := bytes.IndexByte(key, ':'); j >= 0 {
			key = key[j+1:]
		}
		a = bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(a) == 0 || a[0] != '"' && a[0] != '\'' {
			return nil
		}
		q := a[0]
		end := bytes.IndexByte(a[1:], q)
		if end < 0 {
			return nil
		}
		val := a[1 : 1+end]
		a = a[2+end:]
		if string(key) == name {
			return val
		}
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// unescape decodes XML's entities in place: &amp; &lt; &gt; &quot; &apos; and character
// references; an unknown entity is kept as written.
func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 {
		return b
	}
	out := b[:0]
	for i := 0; i < len(b); {
		if b[i] != '&' {
			out = append(out, b[i])
			i++
			continue
		}
		semi := bytes.IndexByte(b[i:], ';')
		if semi < 0 || semi > 12 {
			out = append(out, b[i])
			i++
			continue
		}
		ent := string(b[i+1 : i+semi])
		var r rune = -1
		switch ent {
		case "amp":
			r = '&'
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "quot":
			r = '"'
		case "apos":
			r = '\''
		default:
			if len(ent) > 1 && ent[0] == '#' {
				var n uint64
				var err error
				if ent[1] == 'x' || ent[1] == 'X' {
					n, err = strconv.ParseUint(ent[2:], 16, 32)
				} else {
					n, err = strconv.ParseUint(ent[1:], 10, 32)
				}
				if err == nil && utf8.ValidRune(rune(n)) {
					r = rune(n)
				}
			}
		}
		if r < 0 {
			out = append(out, b[i])
			i++
			continue
		}
		out = utf8.AppendRune(out, r)
		i += semi + 1
	}
	return out
}
