package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/internal/cell"
)

// unitSource hands out the units of a data file one at a time, reused: copy what you keep.
type unitSource interface {
	Next() bool
	Unit() *criteria.Unit
	TakeErrors() criteria.ErrorList // the problems found since the last call
	Rows() int                      // rows read so far
	Rejected() int                  // rows rejected so far
	Problems() int                  // problems found so far, in rows or not
}

// sliceSource streams units already read.
type sliceSource struct {
	ds   *data.DataSet
	i    int
	errs criteria.ErrorList
}

func newSliceSource(ds *data.DataSet) *sliceSource {
	return &sliceSource{ds: ds, i: -1, errs: ds.Errors}
}

func (s *sliceSource) Next() bool {
	s.i++
	return s.i < len(s.ds.Units)
}
func (s *sliceSource) Unit() *criteria.Unit { return s.ds.Units[s.i] }
func (s *sliceSource) TakeErrors() criteria.ErrorList {
	e := s.errs
	s.errs = nil
	return e
}
func (s *sliceSource) Rows() int     { return s.ds.Rows }
func (s *sliceSource) Rejected() int { return s.ds.Rejected }
func (s *sliceSource) Problems() int { return len(s.ds.Errors) }

// openUnits opens the data (or the sample) as a stream of units. A file that cannot be read
// at all is exit 2.
func openUnits(e *env, o *opts, rs *criteria.Ruleset) (unitSource, int) {
	ds, code := readDataQuiet(e, o, rs)
	if code != exitOK {
		return nil, code
	}
	return newSliceSource(ds), exitOK
}

// window is how many rows a streamed aligned table reads before it fixes its column widths;
// a later, wider cell widens its own line only.
const window = 1000

// rowWriter writes table rows as they come: CSV and Markdown at once, an aligned table after
// the first window of rows has fixed the column widths.
type rowWriter struct {
	w      io.Writer
	format string
	pre    string // written before the first row (a title); nothing is written without a row
	t      *table
	cw     *csv.Writer
	widths []int
	n      int
}

func newRowWriter(w io.Writer, format, pre string, header []string, right []bool) *rowWriter {
	return &rowWriter{w: w, format: format, pre: pre, t: &table{header: header, right: right}}
}

// start writes what comes before the first row.
func (rw *rowWriter) start() {
	fmt.Fprint(rw.w, rw.pre)
	switch rw.format {
	case "csv":
		rw.cw = csv.NewWriter(rw.w)
		rw.csvRow(rw.t.header)
	case "md":
		_ = (&table{header: rw.t.header, right: rw.t.right}).render(rw.w, "md")
	}
}

func (rw *rowWriter) csvRow(cells []string) {
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = cell.Neutralize(c)
	}
	_ = rw.cw.Write(safe)
}

// add writes one row (or keeps it until the widths are fixed).
func (rw *rowWriter) add(cells ...string) {
	if rw.n == 0 {
		rw.start()
	}
	rw.n++
	switch rw.format {
	case "csv":
		rw.csvRow(cells)
	case "md":
		fmt.Fprintf(rw.w, "| %s |\n", strings.Join(escapeMD(cells), " | "))
	default:
		if rw.widths == nil {
			rw.t.add(cells...)
			if len(rw.t.rows) >= window {
				rw.fix()
			}
			return
		}
		rw.line(cells)
	}
}

// fix prints the table so far and fixes the column widths for the rows to come.
func (rw *rowWriter) fix() {
	rw.widths = rw.t.widths()
	_ = rw.t.render(rw.w, "table")
	rw.t.rows = nil
}

func (rw *rowWriter) line(cells []string) { rw.t.line(rw.w, rw.widths, cells) }

// close writes what is kept.
func (rw *rowWriter) close() error {
	if rw.n == 0 {
		return nil
	}
	switch rw.format {
	case "csv":
		rw.cw.Flush()
		return rw.cw.Error()
	case "md":
		return nil
	}
	if rw.widths == nil {
		return rw.t.render(rw.w, "table")
	}
	return nil
}
