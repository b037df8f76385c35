package data

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
	"golang.org/x/text/unicode/norm"
)

// A CSV file is read record by record from the input's buffer: a header row of column names,
// then one row per unit. Lines end with "\n", "\r\n" or a lone "\r" (old Mac exports); inside
// a quoted cell a line break is kept as "\n". Rows are numbered as a spreadsheet numbers them:
// every record (blank rows and comments too) is one row, and a quoted cell that spans lines
// stays in its row.

var (
	quoteByte = []byte{'"'}
	newline   = []byte{'\n'}
)

// The problems of a record the CSV syntax does not allow.
const (
	badNone     = iota
	badBare     // a '"' in a cell that is not quoted
	badQuote    // a '"' closes a quoted cell and something other than a separator follows
	badUnclosed // a quoted cell runs to the end of the input
)

// record is what the scanner read of one CSV record.
type record struct {
	first, last int // the lines the record spans
	ncells      int // its cells, counted past what is kept
	bad         int
	badLine     int // where the syntax problem is (line, character)
	badChar     int
	badCell     int // the cell it is in (0-based)
	quoted      bool
	openLine    int // where the quoted cell of the problem opened
	openChar    int
	closeLine   int // where its closing quote is (badQuote)
	closeChar   int
	swallowed   int // lines after the opening line the quoted cell took
	dataLines   int // those of them that would have been rows (neither blank nor comments)
	longCell    int // the first cell longer than MaxCellBytes, or -1
	long        bool
	multiCell   int // the first cell holding a line break, or -1
}

type csvSource struct {
	r     *Reader
	in    *input
	sep   []byte
	stop  [256]bool // the bytes that end a run of an unquoted cell
	qstop [256]bool // the bytes that end a run of a quoted cell
	line  int       // the line of the next byte
	row   int       // the row of the last record

	cols    *criteria.Columns
	names   []string // the header, as written (trimmed)
	codeCol int

	rc     record
	rec    []byte // the text of the kept cells, one after the other
	ends   []int  // the end of each kept cell in rec
	cells  []string
	source string // the record's Source
	limit  int    // bytes of text kept for the record
	cell0  int    // where the current cell starts in rec

	// the classification of a line a quoted cell swallowed
	tracking bool
	class    uint8
	lineLen  int
}

// line classes of a swallowed line, as they are read
const (
	clLead    = iota // only spaces and separators so far
	clQuotes         // then only quotes
	clData           // a row
	clComment        // a comment
)

func (s *csvSource) start() bool {
	r := s.r
	if e := r.in.prefix(); e != nil {
		r.report(e)
		return false
	}
	s.in = r.in
	s.sep = utf8.AppendRune(nil, r.cfg.comma)
	for _, b := range []byte{s.sep[0], '\n', '\r', '"'} {
		s.stop[b] = true
	}
	s.qstop['"'], s.qstop['\n'], s.qstop['\r'] = true, true, true
	s.line = 1
	s.in.newLine(0)
	for {
		s.limit = MaxHeaderBytes
		if !s.read() {
			if r.counts.Problems == 0 {
				r.report(&criteria.Error{Line: 1, Column: 1, Code: criteria.CodeSyntax,
					Message: "the file is empty: expected a header row of column ids (code, region, period, then field ids)"})
			}
			return false
		}
		s.row++
		rc := &s.rc
		comment := rc.ncells > 0 && strings.HasPrefix(strings.TrimSpace(s.cells[0]), "#")
		if comment && !s.labelRow() {
			if rc.bad != badUnclosed {
				continue // a comment, even one the CSV syntax does not allow
			}
		}
		if rc.bad != badNone {
			s.malformed(nil)
			return false
		}
		if s.blank(!r.cfg.commaSet) {
			continue
		}
		switch {
		case rc.ncells > MaxColumns:
			r.report(&criteria.Error{Line: s.row, Column: MaxColumns + 1, Path: "header", Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
				"the header has %d columns; at most %d are read: a header names each column once (code, region, period, then field ids)", rc.ncells, MaxColumns)})
			return false
		case rc.long:
			r.report(&criteria.Error{Line: s.row, Path: "header", Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
				"the header row is longer than %d KB: a header names each column once (code, region, period, then field ids)", MaxHeaderBytes>>10)})
			return false
		case rc.longCell >= 0:
			r.report(&criteria.Error{Line: s.row, Column: rc.longCell + 1, Path: fmt.Sprintf("header › column %d", rc.longCell+1), Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
				"the column's name is longer than %d KB", MaxCellBytes>>10)})
			return false
		case !r.cfg.commaSet && rc.ncells == 1 && strings.Contains(s.cells[0], ";"):
			r.report(&criteria.Error{Line: rc.first, Column: 1, Code: criteria.CodeDataEncoding, Message: "the file separates its columns with ';' " +
				"(a spreadsheet saved with Vietnamese regional settings): save it again as \"CSV UTF-8 (Comma delimited)\" with commas, " +
				"or read it with the semicolon option (--comma ';', and --decimal-comma if its numbers are written 47,5)"})
			return false
		}
		if i, why := s.badText(); i >= 0 {
			r.report(&criteria.Error{Line: s.row, Column: i + 1, Path: "header", Code: criteria.CodeDataEncoding, Message: why})
			return false
		}
		return s.header()
	}
}

// labelRow reports whether a comment row before the header is the template's row of labels
// ("# Mã đơn vị", "Tên", …), which is then read as the header.
func (s *csvSource) labelRow() bool {
	_, labels := s.r.rs.Header()
	return s.rc.ncells > 1 && labelKey(s.cells[0]) == labelKey(labels[0])
}

// labelKey is a label without the template's '#', spaces trimmed, in NFC and lower case.
func labelKey(s string) string {
	return strings.ToLower(norm.NFC.String(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "#"))))
}

// blank reports whether every cell of the record is empty (spaces only). Before the header,
// with the separator not chosen, a lone cell of separators and quotes is blank too (a
// spreadsheet's empty first row, whatever its separator).
func (s *csvSource) blank(loose bool) bool {
	for _, c := range s.cells[:min(s.rc.ncells, len(s.cells))] {
		t := strings.TrimSpace(c)
		if loose && s.rc.ncells == 1 {
			t = strings.Trim(t, " \t,;\"")
		}
		if t != "" {
			return false
		}
	}
	return true
}

// header binds the header row; it reports false when the header has a problem.
func (s *csvSource) header() bool {
	r := s.r
	s.names = make([]string, len(s.cells))
	for i, c := range s.cells {
		s.names[i] = strings.TrimSpace(c)
	}
	cols, errs := r.rs.BindColumns(s.names, r.cfg.cols)
	if len(errs) == 0 {
		s.cols = cols
		s.codeCol = -1
		for i := range s.names {
			if id, _ := cols.Column(i); id == "code" {
				s.codeCol = i
			}
		}
		return true
	}
	// A header that holds the other separator tells why its names are unknown; the columns
	// it names are then not reported missing.
	hinted := false
	for _, e := range errs {
		if e.Column < 1 || !strings.HasPrefix(e.Message, "unknown column") {
			continue
		}
		name := s.names[e.Column-1]
		if r.cfg.comma != ',' && strings.Contains(name, ",") {
			e.Message += fmt.Sprintf("; the header holds commas, so the file seems to be comma-separated: read it without the %q separator option", r.cfg.comma)
			hinted = true
		}
		if r.cfg.comma != '\t' && strings.Contains(name, "\t") {
			e.Message += "; the header holds tabs, so the file seems to be tab-separated: read it with the tab separator (--comma '\\t')"
			hinted = true
		}
	}
	for _, e := range errs {
		if hinted && e.Column == 0 && strings.Contains(e.Message, " is missing: ") {
			continue
		}
		if strings.HasPrefix(e.Path, "header") {
			e.Line = s.row
		}
		r.report(e)
	}
	return false
}

func (s *csvSource) next() bool {
	for {
		if s.comment() {
			s.row++
			continue
		}
		s.limit = MaxRowBytes
		if !s.read() {
			return false
		}
		s.row++
		rc := &s.rc
		if rc.bad != badNone {
			s.malformed(s.names)
			return true
		}
		if rc.ncells > 0 && strings.HasPrefix(strings.TrimSpace(s.cells[0]), "#") || s.blank(false) {
			continue
		}
		s.unit()
		return true
	}
}

// comment skips a line whose first character (after spaces) is '#': a comment, not read as
// CSV. It reports false, reading nothing, when the next line is no comment.
func (s *csvSource) comment() bool {
	in := s.in
	for {
		for i := in.r; i < in.w; i++ {
			switch in.buf[i] {
			case ' ', '\t':
				continue
			case '#':
				in.r = i
				s.skipLine(false)
				return true
			}
			return false
		}
		if in.w-in.r > 4<<10 || !in.fill() {
			return false
		}
	}
}

// unit reads a data row into the reader's unit.
func (s *csvSource) unit() {
	r := s.r
	rc := &s.rc
	fail := func(col int, code criteria.Code, msg string) {
		path := "row " + strconv.Itoa(s.row)
		if col > 0 {
			path += " › column " + s.column(col)
		}
		r.reject(criteria.ErrorList{{Line: s.row, Column: col, Path: path, Code: code, Message: msg}}, "", criteria.Period{})
	}
	switch {
	case rc.long:
		fail(0, criteria.CodeDataLimit, fmt.Sprintf("the row is longer than %d MB: it is not read", MaxRowBytes>>20))
		return
	case rc.longCell >= 0:
		fail(rc.longCell+1, criteria.CodeDataLimit, fmt.Sprintf("the cell is longer than %d KB: the row is not read", MaxCellBytes>>10))
		return
	case rc.ncells != len(s.names):
		msg := fmt.Sprintf("the row has %d cells but the header has %d columns", rc.ncells, len(s.names))
		if rc.last > rc.first && rc.multiCell >= 0 {
			msg += fmt.Sprintf("; its quoted cell in column %d holds lines %d-%d: if they are rows of their own, a quote is not closed where it should be", rc.multiCell+1, rc.first, rc.last)
		}
		r.reject(criteria.ErrorList{{Line: s.row, Path: "row " + strconv.Itoa(s.row), Code: criteria.CodeDataColumn, Message: msg}}, "", criteria.Period{})
		return
	}
	if i, why := s.badText(); i >= 0 {
		fail(i+1, criteria.CodeDataEncoding, why)
		return
	}
	u := &r.unit
	errs := s.cols.Fill(u, s.cells)
	u.Source = s.source
	if len(errs) > 0 {
		s.place(errs)
	}
	r.accept(errs, ident{at: s.row, word: "row", line: s.row, col: s.codeCol + 1})
}

// place gives the problems of a row its line and their paths.
func (s *csvSource) place(errs criteria.ErrorList) {
	p := "row " + strconv.Itoa(s.row)
	for _, e := range errs {
		e.Line = s.row
		path := p
		if e.Column > 0 {
			path += " › column " + s.column(e.Column)
		}
		if e.Path != "" {
			path += " › " + e.Path
		}
		e.Path = path
	}
}

// column names the i-th column (1-based) of the header: its name, or its number.
func (s *csvSource) column(i int) string {
	if i >= 1 && i <= len(s.names) && s.names[i-1] != "" {
		return s.names[i-1]
	}
	return strconv.Itoa(i)
}

// badText returns the first kept cell whose text is not UTF-8 (or holds NUL, or what UTF-16
// could not convert), and why; -1 when all are text.
func (s *csvSource) badText() (int, string) {
	if utf8.Valid(s.rec) && bytes.IndexByte(s.rec, 0) < 0 && !(s.in.utf16 && bytes.Contains(s.rec, []byte("\uFFFD"))) {
		return -1, ""
	}
	for i, c := range s.cells {
		if k, why := badText([]byte(c), s.in.utf16); k >= 0 {
			return i, why
		}
	}
	return -1, ""
}

// malformed reports a record the CSV syntax does not allow (names is nil for the header). A
// quote left open is reported where it opened, with the number of lines it swallowed (read as
// part of its cell up to the end of the file, or up to the next quote); those that would have
// been rows are counted as rejected rows.
func (s *csvSource) malformed(names []string) {
	r := s.r
	rc := &s.rc
	path := "row " + strconv.Itoa(s.row)
	if names == nil {
		path = "header"
	}
	e := &criteria.Error{Line: s.row, Path: path, Code: criteria.CodeSyntax}
	if !rc.quoted {
		e.Message = fmt.Sprintf("malformed CSV at line %d, character %d: %s", rc.badLine, rc.badChar, csvProblem(rc.bad))
	} else {
		e.Column = rc.badCell + 1
		if names != nil {
			e.Path = path + " › column " + s.column(rc.badCell+1)
		}
		lines := fmt.Sprintf("the %d lines after it", rc.swallowed)
		if rc.dataLines != rc.swallowed {
			lines = fmt.Sprintf("the %d lines after it (%d of them rows)", rc.swallowed, rc.dataLines)
		}
		const fix = `close the quote, and double a '"' that belongs to the text ("say ""yes""")`
		switch {
		case rc.bad == badUnclosed && rc.swallowed == 0:
			e.Message = fmt.Sprintf("unclosed quote opened here (line %d, character %d): the cell runs to the end of the file; %s", rc.openLine, rc.openChar, fix)
		case rc.bad == badUnclosed:
			e.Message = fmt.Sprintf("unclosed quote opened here (line %d, character %d); %s were read as part of this cell and not evaluated: %s",
				rc.openLine, rc.openChar, lines, fix)
		case rc.swallowed == 0:
			e.Message = fmt.Sprintf("malformed CSV at line %d, character %d: %s", rc.badLine, rc.badChar, csvProblem(rc.bad))
		default:
			e.Message = fmt.Sprintf("unclosed quote opened here (line %d, character %d); %s were read as part of this cell and not evaluated (the quote at line %d, character %d closed it): %s",
				rc.openLine, rc.openChar, lines, rc.closeLine, rc.closeChar, fix)
		}
	}
	if names == nil {
		r.report(e)
		return
	}
	r.reject(criteria.ErrorList{e}, "", criteria.Period{})
	if rc.quoted {
		s.row += rc.swallowed
		r.rejectRows(rc.dataLines)
	}
}

func csvProblem(bad int) string {
	if bad == badBare {
		return `a '"' inside a cell that is not quoted (quote the cell and double the quote: "say ""yes""")`
	}
	return `a quoted cell is not closed, or a '"' follows its closing quote`
}

// read reads the next record; it reports false at the end of the input. The cells past
// MaxColumns are only counted.
func (s *csvSource) read() bool {
	in := s.in
	if in.r == in.w && !in.fill() {
		return false
	}
	s.rc = record{first: s.line, longCell: -1, multiCell: -1}
	rc := &s.rc
	s.rec, s.ends = s.rec[:0], s.ends[:0]
	maxCells := MaxColumns + 1
	for {
		s.cell0 = len(s.rec)
		end := s.readCell(rc.ncells)
		rc.ncells++
		if rc.ncells <= maxCells {
			s.ends = append(s.ends, len(s.rec))
		}
		if end {
			break
		}
	}
	s.cut()
	return true
}

// cut makes the cells' strings and the row's Source ("name:row"): one string of the record's
// text and its Source, of which each is a piece. A unit kept (Unit.Clone) holds that string
// alone, whatever the units read after it.
func (s *csvSource) cut() {
	from := len(s.rec)
	s.rec = append(s.rec, s.r.name...)
	s.rec = append(s.rec, ':')
	s.rec = strconv.AppendInt(s.rec, int64(s.row+1), 10)
	text := string(s.rec)
	s.rec = s.rec[:from]
	s.source = text[from:]
	s.cells = s.cells[:0]
	from = 0
	for _, e := range s.ends {
		s.cells = append(s.cells, text[from:e])
		from = e
	}
}

// add appends text to the current cell, as much as the limits keep.
func (s *csvSource) add(b []byte, cell int) {
	room := min(MaxCellBytes-(len(s.rec)-s.cell0), s.limit-len(s.rec))
	if len(b) > room {
		if room < 0 {
			room = 0
		}
		if MaxCellBytes-(len(s.rec)-s.cell0) < len(b) && s.rc.longCell < 0 {
			s.rc.longCell = cell
		} else if s.limit-len(s.rec) < len(b) {
			s.rc.long = true
		}
		b = b[:room]
	}
	s.rec = append(s.rec, b...)
}

// lineBreak consumes the line break at the reading position ("\n", "\r\n" or "\r").
func (s *csvSource) lineBreak() {
	in := s.in
	c := in.buf[in.r]
	in.r++
	if c == '\r' {
		if in.r == in.w {
			in.fill()
		}
		if in.r < in.w && in.buf[in.r] == '\n' {
			in.r++
		}
	}
	s.line++
	in.newLine(in.off + int64(in.r))
}

// readCell reads one cell; it reports true when the cell ends the record.
func (s *csvSource) readCell(cell int) bool {
	in := s.in
	rc := &s.rc
	if in.r == in.w {
		in.fill()
	}
	if in.r < in.w && in.buf[in.r] == '"' {
		return s.readQuoted(cell)
	}
	for {
		b := in.buf[in.r:in.w]
		i := 0
		for i < len(b) && !s.stop[b[i]] {
			i++
		}
		s.add(b[:i], cell)
		in.r += i
		if i == len(b) {
			if !in.fill() {
				rc.last = s.line
				return true // the end of the input ends the record
			}
			continue
		}
		switch c := b[i]; {
		case c == '\n' || c == '\r':
			rc.last = s.line
			s.lineBreak()
			return true
		case c == '"':
			rc.bad, rc.badCell = badBare, cell
			rc.badLine, rc.badChar = s.line, in.col(in.off+int64(in.r))
			rc.last = s.line
			s.skipLine(false)
			return true
		default: // the separator's first byte
			if s.atSep() {
				in.r += len(s.sep)
				return false
			}
			s.add(in.buf[in.r:in.r+1], cell)
			in.r++
		}
	}
}

// atSep reports whether the separator starts at the reading position.
func (s *csvSource) atSep() bool {
	in := s.in
	if len(s.sep) == 1 {
		return in.r < in.w && in.buf[in.r] == s.sep[0]
	}
	for in.w-in.r < len(s.sep) && in.fill() {
	}
	return bytes.HasPrefix(in.buf[in.r:in.w], s.sep)
}

// readQuoted reads a quoted cell, whose opening quote is at the reading position.
func (s *csvSource) readQuoted(cell int) bool {
	in := s.in
	rc := &s.rc
	openLine, openChar := s.line, in.col(in.off+int64(in.r))
	in.r++
	swallowed, dataLines := 0, 0
	s.tracking = false
	endLine := func() { // a swallowed line ends
		if s.tracking && (s.class == clData || s.class == clQuotes) {
			dataLines++
		}
	}
	problem := func(bad int) {
		rc.bad, rc.badCell, rc.quoted = bad, cell, true
		rc.openLine, rc.openChar = openLine, openChar
		rc.swallowed, rc.dataLines = swallowed, dataLines
	}
	for {
		b := in.buf[in.r:in.w]
		i := 0
		for i < len(b) && !s.qstop[b[i]] {
			i++
		}
		s.add(b[:i], cell)
		s.classify(b[:i])
		in.r += i
		if i == len(b) {
			if !in.fill() {
				if s.tracking && s.lineLen == 0 {
					s.tracking = false // the file ends with a line break: no line follows it
					swallowed--
				}
				endLine()
				problem(badUnclosed)
				rc.last = s.line
				return true
			}
			continue
		}
		if c := b[i]; c == '\n' || c == '\r' {
			endLine()
			s.lineBreak()
			s.add(newline, cell)
			if rc.multiCell < 0 {
				rc.multiCell = cell
			}
			swallowed++
			s.tracking, s.class, s.lineLen = true, clLead, 0
			continue
		}
		// a quote: doubled, it is text; alone, it closes the cell
		closeLine, closeChar := s.line, in.col(in.off+int64(in.r))
		s.classify(quoteByte)
		in.r++
		if in.r == in.w {
			in.fill()
		}
		if in.r < in.w && in.buf[in.r] == '"' {
			s.add(quoteByte, cell)
			s.classify(quoteByte)
			in.r++
			continue
		}
		rc.last = s.line
		switch {
		case in.r == in.w:
			return true
		case in.buf[in.r] == '\n' || in.buf[in.r] == '\r':
			s.lineBreak()
			return true
		case s.atSep():
			in.r += len(s.sep)
			return false
		}
		rc.badLine, rc.badChar = s.line, in.col(in.off+int64(in.r))
		rc.closeLine, rc.closeChar = closeLine, closeChar
		s.skipLine(true)
		endLine()
		problem(badQuote)
		return true
	}
}

// classify feeds the text of a swallowed line to its classification.
func (s *csvSource) classify(b []byte) {
	if !s.tracking {
		return
	}
	s.lineLen += len(b)
	for _, c := range b {
		switch s.class {
		case clLead:
			switch {
			case c == ' ' || c == '\t' || c == s.sep[0]:
			case c == '"':
				s.class = clQuotes
			case c == '#':
				s.class = clComment
			default:
				s.class = clData
			}
		case clQuotes:
			switch {
			case c == '"' || c == s.sep[0]:
			case c == '#':
				s.class = clComment
			default:
				s.class = clData
			}
		default:
			return
		}
	}
}

// skipLine skips the rest of the line and its line break, classifying it when told.
func (s *csvSource) skipLine(classify bool) {
	in := s.in
	for {
		b := in.buf[in.r:in.w]
		i := 0
		for i < len(b) && b[i] != '\n' && b[i] != '\r' {
			i++
		}
		if classify {
			s.classify(b[:i])
		}
		in.r += i
		if i < len(b) {
			s.lineBreak()
			return
		}
		if !in.fill() {
			return
		}
	}
}
