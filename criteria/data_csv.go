package criteria

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	sheetcell "github.com/nongthonmoi/ntm/internal/cell"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"golang.org/x/text/unicode/norm"
)

// ReadCSV reads units from a CSV file: a header row of column ids, then one row per unit.
// The columns are the reserved code (required), name, district, region, period and history,
// and the ids of the ruleset's fields that are not derived. An empty cell is a missing value;
// a row whose first cell starts with '#' is a comment; a row whose cells are all empty is
// skipped. The text is UTF-8, with or without a byte-order mark, or UTF-16 with one.
//
// Rows are numbered as a spreadsheet numbers them (the header is row 1 when it comes first).
// A row with any problem is rejected and every problem is reported; the other rows are read.
// A quote left open is one error where it opened; the lines it swallowed into its cell are
// counted as rejected rows, so that Rows == len(Units) + Rejected still holds.
// A problem of the header (an unknown, duplicate or missing column) stops the reading: no
// row is read until the header is fixed. See docs/data-format.md.
func ReadCSV(rd io.Reader, name string, rs *Ruleset, opts ...ReadOption) *DataSet {
	r := newReader(name, rs, opts)
	if !r.start() {
		return r.finish()
	}
	data, e := readAll(rd)
	if e != nil {
		return r.abort(e)
	}
	if c := r.cfg.comma; c == 0 || c == '"' || c == '\r' || c == '\n' || c == '#' || !utf8.ValidRune(c) || c == utf8.RuneError {
		return r.abort(&Error{Code: CodeDataEncoding, Message: fmt.Sprintf("%q cannot separate CSV fields; use ',' (the default), ';' or a tab", c)})
	}
	ln := newLines(data)
	if !r.cfg.commaSet {
		if line, head := headerLine(data); strings.Contains(head, ";") && !strings.Contains(head, ",") {
			return r.abort(&Error{Line: line, Column: 1, Code: CodeDataEncoding, Message: "the file separates its columns with ';' " +
				"(a spreadsheet saved with Vietnamese regional settings): save it again as \"CSV UTF-8 (Comma delimited)\" with commas, " +
				"or read it with the semicolon option (--comma ';', and --decimal-comma if its numbers are written 47,5)"})
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = r.cfg.comma
	cr.FieldsPerRecord = -1
	c := &csvReader{reader: r}
	row, next := 0, 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var start int
		var pe *csv.ParseError
		switch {
		case err == nil:
			start, _ = cr.FieldPos(0)
		case errors.As(err, &pe):
			start = pe.StartLine
		default:
			r.errorf(row+1, 0, "", CodeSyntax, "cannot read the CSV: %v", err)
			return r.finish()
		}
		if start > next {
			row += start - next // blank lines, which the CSV reader skips
		}
		row++
		next = ln.line(int(cr.InputOffset()))
		if pe != nil {
			// A quote left open swallows the lines after it into one cell: they are counted as
			// rows, rejected with the one error, and the rows after them keep their numbers.
			swallowed, rows := c.malformed(pe, rec, row, data, ln)
			if c.cols == nil {
				return r.finish()
			}
			r.accept(nil, -1)
			r.ds.Rows += rows
			r.ds.Rejected += rows
			row += swallowed
			continue
		}
		if len(rec) > 0 && strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
			continue
		}
		if blank(rec) {
			continue
		}
		if c.cols == nil {
			if !c.header(rec, row) {
				return r.finish()
			}
			continue
		}
		end := ln.line(max(int(cr.InputOffset())-1, 0))
		c.row(rec, row, start, end)
	}
	if c.cols == nil && len(r.ds.Errors) == 0 {
		r.errorf(1, 1, "", CodeSyntax, "the file is empty: expected a header row of column ids (code, region, period, then field ids)")
	}
	return r.finish()
}

// malformed reports a row the CSV reader could not read. A quote left open is reported where it
// opened, with the number of lines it swallowed (read as part of its cell up to the end of the
// file, or up to the next quote); malformed returns that number, and how many of those lines
// hold data (neither blank nor a comment), which are counted as rejected rows.
func (c *csvReader) malformed(pe *csv.ParseError, rec []string, row int, data []byte, ln *lines) (swallowed, rows int) {
	path := fmt.Sprintf("row %d", row)
	if c.cols == nil {
		path = "header"
	}
	open := -1
	if errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine >= 1 && pe.StartLine <= len(ln.starts) {
		open = cellStart(data, ln.starts[pe.StartLine-1], len(rec), c.cfg.comma)
	}
	if open < 0 || open >= len(data) || data[open] != '"' {
		c.errorf(row, 0, path, CodeSyntax, "malformed CSV at line %d, character %d: %s", pe.Line, pe.Column, csvProblem(pe.Err))
		return 0, 0
	}
	openLine, openCol := ln.pos(open)
	closing := closingQuote(data, open+1)
	endLine := pe.Line
	if closing < 0 {
		endLine = ln.line(len(data))
		if endLine > openLine && ln.starts[endLine-1] == len(data) {
			endLine-- // the file ends with a line break
		}
	}
	if endLine < openLine {
		endLine = openLine
	}
	col := len(rec) + 1
	p := path
	if c.cols != nil {
		p = fmt.Sprintf("row %d › column %s", row, c.column(col))
	}
	swallowed = endLine - openLine
	rows = dataLines(data, ln, openLine+1, endLine, c.cfg.comma)
	lines := fmt.Sprintf("the %d lines after it", swallowed)
	if rows != swallowed {
		lines = fmt.Sprintf("the %d lines after it (%d of them rows)", swallowed, rows)
	}
	const fix = `close the quote, and double a '"' that belongs to the text ("say ""yes""")`
	switch {
	case closing < 0 && swallowed == 0:
		c.errorf(row, col, p, CodeSyntax, "unclosed quote opened here (line %d, character %d): the cell runs to the end of the file; %s", openLine, openCol, fix)
	case closing < 0:
		c.errorf(row, col, p, CodeSyntax, "unclosed quote opened here (line %d, character %d); %s were read as part of this cell and not evaluated: %s",
			openLine, openCol, lines, fix)
	case swallowed == 0:
		c.errorf(row, col, p, CodeSyntax, "malformed CSV at line %d, character %d: %s", pe.Line, pe.Column, csvProblem(pe.Err))
	default:
		cl, cc := ln.pos(closing)
		c.errorf(row, col, p, CodeSyntax, "unclosed quote opened here (line %d, character %d); %s were read as part of this cell and not evaluated (the quote at line %d, character %d closed it): %s",
			openLine, openCol, lines, cl, cc, fix)
	}
	return swallowed, rows
}

// column names the i-th column (1-based) of the header.
func (c *csvReader) column(i int) string {
	if i >= 1 && i <= len(c.cols) && c.cols[i-1].id != "" {
		return c.cols[i-1].id
	}
	return fmt.Sprint(i)
}

// cellStart returns the offset of the n-th cell (0-based) of a row that starts at off, whose
// first n cells the CSV reader read without error.
func cellStart(data []byte, off, n int, comma rune) int {
	sep := string(comma)
	for k := 0; k < n && off < len(data); k++ {
		if data[off] == '"' {
			if end := closingQuote(data, off+1); end >= 0 {
				off = end + 1
			} else {
				return -1
			}
		} else {
			for off < len(data) && data[off] != '\n' && !bytes.HasPrefix(data[off:], []byte(sep)) {
				off++
			}
		}
		if !bytes.HasPrefix(data[off:], []byte(sep)) {
			return -1
		}
		off += len(sep)
	}
	return off
}

// closingQuote returns the offset of the quote that closes a quoted cell whose text starts at
// off (a doubled quote is part of the text), or -1 when the cell is never closed.
func closingQuote(data []byte, off int) int {
	for off < len(data) {
		i := bytes.IndexByte(data[off:], '"')
		if i < 0 {
			return -1
		}
		off += i
		if off+1 < len(data) && data[off+1] == '"' {
			off += 2
			continue
		}
		return off
	}
	return -1
}

// dataLines counts the lines from..to (1-based, inclusive) that would be rows: neither blank
// (spaces and separators only) nor comments.
func dataLines(data []byte, ln *lines, from, to int, comma rune) int {
	n := 0
	for l := from; l <= to && l <= len(ln.starts); l++ {
		end := len(data)
		if l < len(ln.starts) {
			end = ln.starts[l]
		}
		t := strings.TrimSpace(strings.ReplaceAll(string(data[ln.starts[l-1]:end]), string(comma), ""))
		if t != "" && !strings.HasPrefix(strings.TrimLeft(t, `"`), "#") {
			n++
		}
	}
	return n
}

// headerLine returns the first line that is neither empty (nothing but spaces, separators and
// quotes, as ReadCSV skips a row of empty cells) nor a comment, and its number.
func headerLine(data []byte) (int, string) {
	for n := 1; len(data) > 0; n++ {
		l, rest, _ := bytes.Cut(data, []byte{'\n'})
		data = rest
		t := string(bytes.TrimSpace(l))
		if strings.Trim(t, " \t,;\"") != "" && !strings.HasPrefix(strings.TrimLeft(t, `"`), "#") {
			return n, t
		}
	}
	return 1, ""
}

func csvProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `a '"' inside a cell that is not quoted (quote the cell and double the quote: "say ""yes""")`
	case errors.Is(err, csv.ErrQuote):
		return `a quoted cell is not closed, or a '"' follows its closing quote`
	}
	return err.Error()
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// csvColumn is one column of the header: a reserved column, a field, or a column without a
// name (whose cells must be empty).
type csvColumn struct {
	id    string
	field *Field
}

type csvReader struct {
	*reader
	cols []csvColumn
}

// header reads the header row; it reports false when the header has a problem.
func (c *csvReader) header(rec []string, row int) bool {
	nerr := len(c.ds.Errors)
	cols := make([]csvColumn, len(rec))
	where := map[string]int{}
	var known []string
	known = append(known, reservedColumns...)
	for _, f := range c.rs.Fields {
		if f.From == nil {
			known = append(known, f.ID)
		}
	}
	covered := map[string]bool{} // missing columns an unknown column may stand for
	for i, cell := range rec {
		id := strings.TrimSpace(cell)
		cols[i].id = id
		if id == "" {
			continue
		}
		p := fmt.Sprintf("header › column %d", i+1)
		if first, dup := where[id]; dup {
			c.errorf(row, i+1, p, CodeDataColumn, "column %s appears twice (first as column %d); keep one", quote(id), first)
			continue
		}
		where[id] = i + 1
		if ydec.Contains(reservedColumns, id) {
			continue
		}
		f, ok := c.rs.Field(id)
		switch {
		case ok && f.From != nil:
			c.errorf(row, i+1, p, CodeDataColumn, "column %s is a field the engine derives (%s); it cannot be supplied: remove the column", quote(id), f.From)
		case ok:
			cols[i].field = f
		default:
			msg := fmt.Sprintf("unknown column %s: expected code, name, district, region, period, history or a field of %s", quote(id), c.rs.Ref())
			if c.cfg.comma != ',' && strings.Contains(id, ",") {
				msg += fmt.Sprintf("; the header holds commas, so the file seems to be comma-separated: read it without the %q separator option", c.cfg.comma)
				covered["*"] = true
			}
			if c.cfg.comma != '\t' && strings.Contains(id, "\t") {
				msg += "; the header holds tabs, so the file seems to be tab-separated: read it with the tab separator (--comma '\\t')"
				covered["*"] = true
			}
			e := c.errorf(row, i+1, p, CodeDataColumn, "%s", msg)
			e.Suggest = suggest(id, known)
			covered[e.Suggest] = true
		}
	}
	missing := func(col string) bool {
		_, ok := where[col]
		return !ok && !covered[col] && !covered["*"]
	}
	if missing("code") {
		c.errorf(row, 0, "header", CodeDataColumn, "the required column %q is missing: add a column with each unit's official code", "code")
	}
	if missing("region") && !c.cfg.regionSet {
		c.errorf(row, 0, "header", CodeDataColumn, "the column %q is missing: add it (one of %s), or give a default region", "region", strings.Join(c.regions, ", "))
	}
	if missing("period") && !c.cfg.periodSet {
		c.errorf(row, 0, "header", CodeDataColumn, "the column %q is missing: add it (a year such as 2020, or 2020-H1), or give a default period", "period")
	}
	c.cols = cols
	return len(c.ds.Errors) == nerr
}

// row reads one data row, which spans the lines first..last of the text, into a unit.
func (c *csvReader) row(rec []string, row, first, last int) {
	nerr := len(c.ds.Errors)
	if len(rec) != len(c.cols) {
		msg := fmt.Sprintf("the row has %d cells but the header has %d columns", len(rec), len(c.cols))
		if last > first {
			for i, cell := range rec {
				if strings.Contains(cell, "\n") {
					msg += fmt.Sprintf("; its quoted cell in column %d holds lines %d-%d: if they are rows of their own, a quote is not closed where it should be", i+1, first, last)
					break
				}
			}
		}
		c.errorf(row, 0, fmt.Sprintf("row %d", row), CodeDataColumn, "%s", msg)
		c.accept(nil, nerr)
		return
	}
	u := &Unit{Values: c.rs.NewValues(), Source: fmt.Sprintf("%s:%d", c.name, row)}
	var region, period string
	regionCol, periodCol, codeCol := 0, 0, 0
	codeOK := false
	for i, col := range c.cols {
		cell := rec[i]
		t := strings.TrimSpace(cell)
		p := fmt.Sprintf("row %d › column %s", row, col.id)
		switch {
		case col.field != nil:
			c.at(col.field.ID, row, i+1, p)
			if err := c.setText(u.Values, col.field, cell); err != nil {
				c.wrap(err, row, i+1, p)
			}
		case col.id == "":
			if t != "" {
				c.errorf(row, i+1, fmt.Sprintf("row %d › column %d", row, i+1), CodeDataColumn, "a value (%s) in a column whose header is empty: name the column or clear the cell", quote(t))
			}
		case col.id == "code":
			u.Code, codeOK = c.code(t, row, i+1, p)
			codeCol = i + 1
		case col.id == "name":
			u.Name = norm.NFC.String(t)
		case col.id == "district":
			u.District = norm.NFC.String(t)
		case col.id == "region":
			region, regionCol = t, i+1
		case col.id == "period":
			period, periodCol = t, i+1
		case col.id == "history":
			u.History, _ = c.historyText(t, row, i+1, p)
		case col.id == "level":
			u.Level, _ = c.unitLevel(t, row, i+1, p)
		}
	}
	var periodOK bool
	u.Region, _ = c.region(region, row, regionCol, fmt.Sprintf("row %d › column region", row))
	u.Period, periodOK = c.period(period, row, periodCol, fmt.Sprintf("row %d › column period", row))
	if codeOK && periodOK {
		c.identify(u.Code, u.Period, fmt.Sprintf("row %d", row), row, codeCol, fmt.Sprintf("row %d › column code", row))
	}
	c.accept(u, nerr)
}

// historyText reads a history written on one line: entries separated by ';', each
// level@year optionally followed by #decision, e.g. "ntm@2015#123/QĐ-UBND; advanced@2021".
func (r *reader) historyText(s string, line, col int, p string) ([]Recognition, bool) {
	var out []Recognition
	seen := map[string]bool{}
	ok := true
	n := 0
	for _, part := range strings.Split(s, ";") {
		t := strings.TrimSpace(part)
		if t == "" {
			continue
		}
		n++
		ep := fmt.Sprintf("%s › entry %d", p, n)
		head, decision, hasDecision := strings.Cut(t, "#")
		decision = strings.TrimSpace(decision)
		lv, yr, hasAt := strings.Cut(head, "@")
		lv, yr = strings.TrimSpace(lv), strings.TrimSpace(yr)
		if !hasAt || lv == "" || yr == "" {
			r.errorf(line, col, ep, CodeData, "history entry %s: expected level@year, optionally followed by #decision (e.g. ntm@2015#123/QĐ-UBND); entries are separated by ';'", quote(t))
			ok = false
			continue
		}
		if hasDecision && decision == "" {
			r.errorf(line, col, ep, CodeData, "history entry %s: nothing follows '#': write the decision number (e.g. #123/QĐ-UBND) or drop the '#'", quote(t))
			ok = false
			continue
		}
		levelOK := r.level(lv, line, col, ep)
		y, yearOK := r.year(yr, line, col, ep)
		if !levelOK || !yearOK {
			ok = false
			continue
		}
		rec := Recognition{Level: lv, Year: y, Decision: norm.NFC.String(decision)}
		if r.dupHistory(seen, rec, line, col, ep) {
			ok = false
			continue
		}
		out = append(out, rec)
	}
	return out, ok
}

// WriteTemplate writes a CSV template for the ruleset's data: a UTF-8 byte-order mark (so
// spreadsheets open the Vietnamese labels correctly), a header row of column ids (the
// reserved columns, then the fields that are not derived, in declaration order), then two
// comment rows, which ReadCSV skips: the Vietnamese labels, and each column's type and unit.
func WriteTemplate(w io.Writer, rs *Ruleset) error {
	if rs == nil {
		return errors.New("criteria: WriteTemplate needs a ruleset")
	}
	var regions []string
	for _, r := range rs.AllowedRegions() {
		regions = append(regions, r.ID)
	}
	header := append([]string(nil), reservedColumns...)
	labels := []string{"# Mã đơn vị", "Tên", "Huyện", "Vùng", "Kỳ đánh giá", "Lịch sử công nhận", "Loại đơn vị"}
	kinds := []string{"# text, required", "text", "text", "one of: " + strings.Join(regions, " | "), "2020 | 2020-H1 | 2020-H2",
		"level@year#decision; … e.g. ntm@2015#123/QĐ-UBND", "optional: commune | district | town"}
	for _, f := range rs.Fields {
		if f.From != nil {
			continue
		}
		header = append(header, f.ID)
		labels = append(labels, f.Label.VI)
		kinds = append(kinds, typeHint(f))
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	// Labels come from rule files: neutralise any a spreadsheet would run as a formula.
	for i := 1; i < len(labels); i++ {
		labels[i], kinds[i] = sheetcell.Neutralize(labels[i]), sheetcell.Neutralize(kinds[i])
	}
	for _, rec := range [][]string{header, labels, kinds} {
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// typeHint describes what a column of the template holds: type, unit and range.
func typeHint(f *Field) string {
	s := f.Type.String()
	switch f.Type {
	case TypeBoolean:
		s += " (có/không)"
	case TypeText:
	default:
		if f.Unit != "" {
			s += " (" + f.Unit + ")"
		}
	}
	if f.Range.Min != nil || f.Range.Max != nil {
		s += " " + f.Range.String()
	}
	return s
}
