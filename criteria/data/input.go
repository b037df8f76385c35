package data

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// prefixSize is how much of a file's text is checked before any row is read: an encoding
// problem found there refuses the whole file, as it is almost always a file saved in another
// encoding; one found later rejects its row (CSV, JSON Lines) or stops the reading (JSON).
const prefixSize = 64 << 10

// input is the decoded text of a data file, read in chunks into a buffer: a UTF-8 byte-order
// mark is dropped and UTF-16 with a byte-order mark is converted to UTF-8. It keeps the
// absolute offset of the buffer and, for the scanners' error positions, how many characters of
// the current line were read before the buffer's start.
type input struct {
	rd    io.Reader
	buf   []byte
	r, w  int
	off   int64 // absolute offset (in the decoded text) of buf[0]
	eof   bool
	err   error // a read error other than the end of the input
	utf16 bool  // converted from UTF-16: U+FFFD marks what could not be converted

	lineStart int64 // absolute offset of the current line's first byte
	lineChars int   // characters of the current line before buf[0]
}

// newInput prepares rd for reading: it looks at the byte-order mark and, for UTF-16, whether
// the file is damaged (an odd number of bytes, when that is known from its first chunk).
func newInput(rd io.Reader) (*input, *criteria.Error) {
	br := bufio.NewReaderSize(rd, prefixSize+4)
	head, err := br.Peek(3)
	in := &input{buf: make([]byte, prefixSize)}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		in.rd = br
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		all, perr := br.Peek(prefixSize)
		if perr != nil && len(all)%2 != 0 && (errors.Is(perr, io.EOF) || errors.Is(perr, io.ErrUnexpectedEOF)) {
			return nil, &criteria.Error{Line: 1, Column: 1, Code: criteria.CodeDataEncoding, Message: "the file starts with a UTF-16 byte-order mark but has an odd number of bytes: it is damaged; re-save it as \"CSV UTF-8\""}
		}
		in.rd = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		in.utf16 = true
	default:
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, &criteria.Error{Code: criteria.CodeSyntax, Message: fmt.Sprintf("cannot read the file: %v", err)}
		}
		in.rd = br
	}
	return in, nil
}

// fill reads more text into the buffer, moving the unread bytes to its start first; it reports
// false when nothing more can be read.
func (in *input) fill() bool {
	if in.eof || in.err != nil {
		return false
	}
	if in.r > 0 {
		if ls := in.lineStart - in.off; ls < int64(in.r) {
			from := max(ls, 0)
			in.lineChars += chars(in.buf[from:in.r])
		}
		n := copy(in.buf, in.buf[in.r:in.w])
		in.off += int64(in.r)
		in.r, in.w = 0, n
	}
	if in.w == len(in.buf) {
		in.buf = append(in.buf, make([]byte, len(in.buf))...) // a caller looks further than the buffer holds
	}
	for tries := 0; tries < 100; tries++ {
		n, err := in.rd.Read(in.buf[in.w:])
		in.w += n
		if err != nil {
			if errors.Is(err, io.EOF) {
				in.eof = true
			} else {
				in.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	in.err = io.ErrNoProgress
	return false
}

// prefix fills the buffer with the first prefixSize bytes of text (or all of it) and checks
// them: text that is not UTF-8, NUL bytes, or what UTF-16 could not convert refuse the file.
func (in *input) prefix() *criteria.Error {
	for in.w < prefixSize && in.fill() {
	}
	if in.err != nil {
		return &criteria.Error{Code: criteria.CodeSyntax, Message: fmt.Sprintf("cannot read the file: %v", in.err)}
	}
	data := in.buf[:in.w]
	if !in.eof {
		// A character cut by the end of the prefix is checked with the text after it.
		k := len(data) - 1
		for k > 0 && len(data)-k < utf8.UTFMax && data[k]&0xC0 == 0x80 {
			k--
		}
		if k >= 0 && !utf8.FullRune(data[k:]) {
			data = data[:k]
		}
	}
	if i, why := badText(data, in.utf16); i >= 0 {
		line, col := textPos(data, i)
		return &criteria.Error{Line: line, Column: col, Code: criteria.CodeDataEncoding, Message: why}
	}
	return nil
}

// Messages of the encoding problems.
const (
	msgNotUTF8 = "the file is not UTF-8 text (perhaps Windows-1258, TCVN3 or VNI): " +
		"save it as \"CSV UTF-8 (Comma delimited)\" or convert it to UTF-8"
	msgNUL = "the file holds NUL bytes: it is binary, or UTF-16 without a byte-order mark; " +
		"save it as \"CSV UTF-8 (Comma delimited)\""
	msgUTF16 = "the file is not valid UTF-16 (an unpaired surrogate); re-save it as \"CSV UTF-8\""
)

// badText returns the offset of the first byte of b that is not text, and why; -1 when b is
// text. For text converted from UTF-16, U+FFFD marks what could not be converted.
func badText(b []byte, utf16 bool) (int, string) {
	nul := bytes.IndexByte(b, 0)
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			if b[i] == 0 {
				return i, msgNUL
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			if nul >= 0 && nul < i {
				return nul, msgNUL
			}
			return i, msgNotUTF8
		case r == utf8.RuneError && utf16:
			return i, msgUTF16
		}
		i += n
	}
	return -1, ""
}

// textPos returns the 1-based line and column (in characters) of offset i of a text, counting
// "\n", "\r\n" and a lone "\r" as line breaks.
func textPos(b []byte, i int) (line, col int) {
	line, start := 1, 0
	for k := 0; k < i && k < len(b); k++ {
		switch b[k] {
		case '\n':
			line, start = line+1, k+1
		case '\r':
			if k+1 < len(b) && b[k+1] == '\n' {
				continue
			}
			line, start = line+1, k+1
		}
	}
	return line, chars(b[start:min(i, len(b))]) + 1
}

// chars counts the characters of UTF-8 text: the bytes that start one. A character cut at
// either end of b is counted once, where it starts.
func chars(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// col returns the column (in characters) of the absolute offset pos, which must lie in the
// buffer, on the current line.
func (in *input) col(pos int64) int {
	from := max(in.lineStart-in.off, 0)
	to := pos - in.off
	if to < from {
		return in.lineChars + 1
	}
	return in.lineChars + chars(in.buf[from:to]) + 1
}

// newLine records that the current line starts at the absolute offset pos.
func (in *input) newLine(pos int64) {
	in.lineStart, in.lineChars = pos, 0
}

// readAll reads the whole text, up to limit bytes, and checks all of it as prefix checks the
// first bytes; it reports too large a text with an error.
func (in *input) readAll(limit int) ([]byte, *criteria.Error) {
	for in.w <= limit && in.fill() {
	}
	if in.err != nil {
		return nil, &criteria.Error{Code: criteria.CodeSyntax, Message: fmt.Sprintf("cannot read the file: %v", in.err)}
	}
	data := in.buf[:in.w]
	if len(data) > limit {
		return nil, &criteria.Error{Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
			"the file is larger than %d MB, the most a YAML file is read to (it is read whole): split it, or write it as CSV or JSON Lines, which are read row by row", limit>>20)}
	}
	if i, why := badText(data, in.utf16); i >= 0 {
		line, col := textPos(data, i)
		return nil, &criteria.Error{Line: line, Column: col, Code: criteria.CodeDataEncoding, Message: why}
	}
	return data, nil
}
