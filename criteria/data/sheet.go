package data

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
)

// A sheet is a table of typed cells, read row by row: a workbook's worksheet, which a package
// of its own reads (criteria/xlsx), so that a program reading CSV or JSON does not pull in a
// spreadsheet library. NewSheetReader reads units from it as from a CSV file: a header row of
// column ids (or the template's labels), rows whose first cell starts with '#' skipped as
// comments, blank rows skipped, then one unit a row. A number cell is read exactly as the
// number it holds; a text cell as CSV reads a cell.

// Sheet is a source of rows of typed cells.
type Sheet interface {
	// Next moves to the next row that holds a cell; it reports false at the end, or when a
	// problem stops the reading (Err).
	Next() bool
	// Row returns the row's number (1-based, as the sheet numbers it) and its cells, by column
	// (0-based); the slice is reused by the next call of Next.
	Row() (int, []Cell)
	// Err returns the problem that stopped the reading, or nil.
	Err() *criteria.Error
	// Where names a cell for a reader, e.g. "Xã!B17" (row and column 1-based).
	Where(row, col int) string
	// Close releases what the sheet holds.
	Close() error
}

// CellKind is what a sheet's cell holds.
type CellKind uint8

// The kinds of cells.
const (
	CellEmpty  CellKind = iota // nothing
	CellText                   // text
	CellNumber                 // a number: Text is its exact decimal, e.g. "47.5"
	CellBool                   // TRUE or FALSE: Text is "true" or "false"
	CellDate                   // a date: Text is "2020-06-30"
	CellError                  // an error value, e.g. "#DIV/0!": Text holds it
)

// Cell is one cell of a sheet.
type Cell struct {
	Kind CellKind
	Text string
	// Warning says what the reader should know of the cell, or "": a formula without a cached
	// value is read as empty, and says so.
	Warning string
}

// NewSheetReader returns a reader of the units a sheet holds; name is the file name the
// errors and Unit.Source give (errors also name the cell, e.g. "Xã!B17"). The error (a
// criteria.ErrorList) says why nothing can be read: no sheet, no ruleset, an option the
// ruleset does not accept. Close the reader to close the sheet.
func NewSheetReader(s Sheet, name string, rs *criteria.Ruleset, opts ...Option) (*Reader, error) {
	if s == nil {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax, Message: "no sheet to read"}}
	}
	r, err := newReader(name, rs, opts)
	if err != nil {
		return nil, err
	}
	r.src = &sheetSource{r: r, sheet: s}
	r.closer = s
	return r, nil
}

// sheetSource reads the rows of a Sheet.
type sheetSource struct {
	r       *Reader
	sheet   Sheet
	names   []string
	cols    *criteria.Columns
	codeCol int
	row     int
}

func (s *sheetSource) report(e *criteria.Error) { s.r.report(e) }

// maxHeaderTries is how many rows may stand above the header: rows of titles or of merged
// group headings ("Tiêu chí 1: Quy hoạch" over its columns), which name no column.
const maxHeaderTries = 5

func (s *sheetSource) start() bool {
	r := s.r
	var first criteria.ErrorList // the first candidate's problems, reported if none binds
	tries := 0
	for s.sheet.Next() {
		row, cells := s.sheet.Row()
		s.row = row
		if blankCells(cells) {
			continue
		}
		lead := strings.TrimSpace(cells[0].Text)
		if strings.HasPrefix(lead, "#") && !s.labelRow(cells) {
			continue // a comment before the header
		}
		if len(cells) > MaxColumns {
			s.report(&criteria.Error{Line: row, Column: MaxColumns + 1, Path: s.sheet.Where(row, MaxColumns+1), Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
				"the header has %d columns; at most %d are read: a header names each column once (code, region, period, then field ids)", len(cells), MaxColumns)})
			return false
		}
		errs := s.header(row, cells)
		if errs == nil {
			return true
		}
		if first == nil {
			first = errs
		}
		if tries++; tries == maxHeaderTries {
			break
		}
	}
	if first != nil {
		for _, e := range first {
			r.report(e)
		}
		return false
	}
	if e := s.sheet.Err(); e != nil {
		s.report(e)
		return false
	}
	if r.counts.Problems == 0 {
		s.report(&criteria.Error{Line: 1, Column: 1, Path: s.sheet.Where(1, 1), Code: criteria.CodeSyntax,
			Message: "the sheet is empty: expected a header row of column ids (code, region, period, then field ids)"})
	}
	return false
}

// labelRow reports whether a row is the template's row of labels ("# Mã đơn vị", "Tên", …),
// which is then read as the header.
func (s *sheetSource) labelRow(cells []Cell) bool {
	_, labels := s.r.rs.Header()
	return len(cells) > 1 && labelKey(cells[0].Text) == labelKey(labels[0])
}

// header binds a row as the header; it returns the row's problems when it is none.
func (s *sheetSource) header(row int, cells []Cell) criteria.ErrorList {
	r := s.r
	names := make([]string, len(cells))
	for i, c := range cells {
		if c.Kind == CellError {
			return criteria.ErrorList{{Line: row, Column: i + 1, Path: s.sheet.Where(row, i+1), Code: criteria.CodeDataColumn,
				Message: fmt.Sprintf("the header cell holds the error value %s: write the column's id", c.Text)}}
		}
		names[i] = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c.Text), "#"))
	}
	cols, errs := r.rs.BindColumns(names, r.cfg.cols)
	if len(errs) > 0 {
		for _, e := range errs {
			if e.Column > 0 {
				e.Path = s.sheet.Where(row, e.Column) + strings.TrimPrefix(e.Path, "header")
			}
			e.Line = row
		}
		return errs
	}
	s.names, s.cols = names, cols
	s.codeCol = -1
	for i := range names {
		if id, _ := cols.Column(i); id == "code" {
			s.codeCol = i
		}
	}
	return nil
}

func (s *sheetSource) next() bool {
	for s.sheet.Next() {
		row, cells := s.sheet.Row()
		s.row = row
		if blankCells(cells) || strings.HasPrefix(strings.TrimSpace(cells[0].Text), "#") && cells[0].Kind == CellText {
			continue
		}
		s.unit(row, cells)
		return true
	}
	if e := s.sheet.Err(); e != nil {
		s.r.stop(e)
	}
	return false
}

// unit reads a data row into the reader's unit.
func (s *sheetSource) unit(row int, cells []Cell) {
	r := s.r
	u := &r.unit
	cols := s.cols
	cols.Start(u)
	u.Source = r.source(row)
	var errs criteria.ErrorList
	at := func(col int, es ...*criteria.Error) {
		for _, e := range es {
			if e == nil {
				continue
			}
			e.Line, e.Column = row, col+1
			p := s.sheet.Where(row, col+1)
			if col < len(s.names) && s.names[col] != "" {
				p += " › " + s.names[col]
			}
			if e.Path != "" {
				p += " › " + e.Path
			}
			e.Path = p
			errs = append(errs, e)
		}
	}
	if len(cells) > len(s.names) {
		for i := len(s.names); i < len(cells); i++ {
			if cells[i].Kind != CellEmpty {
				at(i, &criteria.Error{Code: criteria.CodeDataColumn, Message: fmt.Sprintf("a value (%s) in a column the header does not name: name the column or clear the cell", quoteCell(cells[i].Text))})
				cols.Fail(-1)
				break
			}
		}
	}
	for i := range s.names {
		var c Cell
		if i < len(cells) {
			c = cells[i]
		}
		if c.Warning != "" {
			// A warning about the cell (a formula with no cached value) is said with the row,
			// which is not rejected for it.
			r.report(&criteria.Error{Line: row, Column: i + 1, Path: s.sheet.Where(row, i+1) + " › " + s.names[i], Code: criteria.WarnData, Severity: criteria.SeverityWarning, Message: c.Warning})
		}
		switch c.Kind {
		case CellEmpty:
			at(i, cols.SetText(i, "")...)
		case CellError:
			cols.Fail(i)
			at(i, &criteria.Error{Code: criteria.CodeData, Message: fmt.Sprintf("the cell holds the error value %s: correct the formula or type the value", c.Text)})
		case CellNumber:
			at(i, cols.SetNumber(i, c.Text))
		default:
			if !utf8.ValidString(c.Text) {
				cols.Fail(i)
				at(i, &criteria.Error{Code: criteria.CodeDataEncoding, Message: "the cell's text is not UTF-8"})
				continue
			}
			at(i, cols.SetText(i, c.Text)...)
		}
	}
	for _, e := range cols.Finish() {
		col := e.Column - 1
		if col < 0 {
			col = max(s.codeCol, 0)
		}
		at(col, e)
	}
	r.accept(errs, ident{at: row, word: "row", line: row, col: s.codeCol + 1, path: s.sheet.Where(row, s.codeCol+1) + " › code"})
}

func blankCells(cells []Cell) bool {
	for _, c := range cells {
		if c.Warning != "" || c.Kind != CellEmpty && (c.Kind != CellText || strings.TrimSpace(c.Text) != "") {
			return false
		}
	}
	return true
}

func quoteCell(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}
