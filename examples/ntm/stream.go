package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/internal/cell"
)

// window is how many rows a streamed aligned table reads before it fixes its column widths;
// a later, wider cell widens its own line only.
const window = 1000

// rowWriter writes table rows as they come: CSV and Markdown at once, an aligned table after
// the first window of rows has fixed the column widths.
type rowWriter struct {
	w      io.Writer
	format string
	pre    string // written before the first row (a title); nothing is written without a row
	auto   bool   // decide which columns are right-aligned from the first window of rows
	t      *table
	cw     *csv.Writer
	widths []int
	n      int
	err    error
}

func newRowWriter(w io.Writer, format, pre string, header []string, right []bool) *rowWriter {
	if _, ok := w.(*bookWriter); ok {
		format = "xlsx" // the rows go to a sheet, kept until it is written
	}
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
		if !rw.auto {
			_ = (&table{header: rw.t.header, right: rw.t.right}).render(rw.w, "md")
		}
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
	case "xlsx":
		// A sheet holds what a spreadsheet shows: the rows are kept for it, within its limit.
		if rw.n > xlsx.MaxRows-10 {
			if rw.err == nil {
				rw.err = fmt.Errorf("more than %d rows: a sheet holds at most %d; write CSV (--format csv) or choose a period (--period)", xlsx.MaxRows-10, xlsx.MaxRows)
			}
			return
		}
		rw.t.add(cells...)
	case "csv":
		rw.csvRow(cells)
	case "md":
		if rw.auto && rw.widths == nil {
			rw.t.add(cells...)
			if len(rw.t.rows) >= window {
				rw.fix()
			}
			return
		}
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

// fix prints the table so far and fixes the column widths (and alignments) for the rows to come.
func (rw *rowWriter) fix() {
	if rw.auto {
		rw.t.right = rowsTable(append([][]string{rw.t.header}, rw.t.rows...)).right
	}
	rw.widths = rw.t.widths()
	format := "table"
	if rw.format == "md" {
		format = "md"
	}
	_ = rw.t.render(rw.w, format)
	rw.t.rows = nil
}

func (rw *rowWriter) line(cells []string) { rw.t.line(rw.w, rw.widths, cells) }

// close writes what is kept.
func (rw *rowWriter) close() error {
	if rw.err != nil {
		return rw.err
	}
	if rw.n == 0 {
		return nil
	}
	switch {
	case rw.format == "xlsx":
		if rw.auto {
			rw.t.right = rowsTable(append([][]string{rw.t.header}, rw.t.rows...)).right
		}
		return rw.t.render(rw.w, "xlsx")
	case rw.format == "csv":
		rw.cw.Flush()
		return rw.cw.Error()
	case rw.widths == nil && (rw.format != "md" || rw.auto):
		rw.fix()
	}
	return nil
}

// compiled loads a rule file and compiles it.
func compiled(e *env, ref string) (*criteria.Ruleset, *criteria.Program, int) {
	rs, code := loadRuleset(e, ref)
	if code != exitOK {
		return nil, nil, code
	}
	prog, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return nil, nil, exitUsage
	}
	return rs, prog, exitOK
}

// keptPeriod reads the data of a command that shows one period (--period, or the latest):
// the units of that period are kept, and every other row is counted as left out.
func keptPeriod(e *env, o *opts, rs *criteria.Ruleset) ([]*criteria.Unit, criteria.Period, *tally, int) {
	k, ps, t, code := readKept(e, o, rs, "")
	if code != exitOK {
		return nil, criteria.Period{}, t, code
	}
	cur, code := onePeriod(e, o, ps)
	if code != exitOK {
		return nil, cur, t, code
	}
	k.leaveOthers(t, cur)
	return k.units[cur], cur, t, exitOK
}

// openCompiled loads and compiles the rule file and opens the data as a stream.
func openCompiled(e *env, o *opts) (*criteria.Program, *readerSource, int) {
	rs, prog, code := compiled(e, o.rules)
	if code != exitOK {
		return nil, nil, code
	}
	noteMembers(e, rs)
	noteUnsupplied(e, rs)
	src, code := openUnits(e, o, rs)
	return prog, src, code
}

// noteUnsupplied says that the criteria a ruleset gives no indicators are unknown for every
// unit, and how to supply them: a structure is never passed off as an evaluation.
func noteUnsupplied(e *env, rs *criteria.Ruleset) {
	var ids []string
	for _, c := range rs.Criteria {
		if len(c.Indicators) == 0 {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) > 0 {
		e.note("bộ tiêu chí chưa có chỉ tiêu cho %d tiêu chí (%s): các tiêu chí này chưa rõ với mọi đơn vị; tỉnh bổ sung chỉ tiêu từ một bảng (ntm sheet export, rồi ntm sheet import)",
			"the ruleset gives no indicators for %d criteria (%s): they are unknown for every unit; a province supplies them from a sheet (ntm sheet export, then ntm sheet import)", len(ids), strings.Join(ids, ", "))
	}
}

// noteMembers says, for a ruleset that counts the units of the level below, that a data file
// gives none: those counts are 0 here, and ntm rollup (or province, for districts) gives them.
func noteMembers(e *env, rs *criteria.Ruleset) {
	for _, f := range rs.Fields {
		if f.From != nil && f.From.Members != "" {
			e.note("bộ tiêu chí đếm các đơn vị cấp dưới (%s): tệp số liệu không có chúng, nên ở đây số đếm bằng 0 và tỷ lệ chưa rõ; đánh giá cùng cấp dưới bằng ntm rollup (hoặc ntm province cho huyện)",
				"the rule file counts the units of the level below (%s): a data file gives none, so here those counts are 0 and their shares unknown; evaluate them together with ntm rollup (or ntm province for districts)", f.ID)
			return
		}
	}
}

// openUnits opens the data (or the sample) as a stream of units, read one at a time. A file
// that cannot be opened is exit 2.
func openUnits(e *env, o *opts, rs *criteria.Ruleset) (*readerSource, int) {
	if !o.sheetUsed(e) {
		return nil, exitUsage
	}
	ro := o.readOptions()
	fsys, name, shown := fs.FS(sample.FS), sampleData, sampleData
	if o.sampleFile != "" {
		name, shown = o.sampleFile, o.sampleFile
	}
	if o.data != "" {
		var code int
		if fsys, name, code = openData(e, o.data); code != exitOK {
			return nil, code
		}
		shown = o.data
	}
	if e.dataShown == "" {
		e.dataShown = shown
	}
	r, err := openReader(fsys, name, o.sheet, rs, ro...)
	if err != nil {
		for _, x := range criteria.Errors(err) {
			if x.File == name {
				x.File = shown
			}
			fmt.Fprintln(e.err, x.Error())
		}
		e.errorf("%s could not be read", dataName(o))
		return nil, exitUsage
	}
	return &readerSource{r: r, name: name, shown: shown}, exitOK
}

// readerSource hands out the units of a data file one at a time, reused (copy what you
// keep), and names the file in its problems as the user gave it.
type readerSource struct {
	r           *data.Reader
	name, shown string
}

func (s *readerSource) Next() bool           { return s.r.Next() }
func (s *readerSource) Unit() *criteria.Unit { return s.r.Unit() }
func (s *readerSource) Rows() int            { return s.r.Counts().Rows }
func (s *readerSource) Rejected() int        { return s.r.Counts().Rejected }
func (s *readerSource) Problems() int        { return s.r.Counts().Problems }

// TakeRejected returns the rejected rows listed since the last call, named as the errors name
// the file.
func (s *readerSource) TakeRejected() []data.RejectedUnit {
	rej := s.r.TakeRejected()
	for i := range rej {
		if rest, ok := strings.CutPrefix(rej[i].Source, s.name+":"); ok {
			rej[i].Source = s.shown + ":" + rest
		}
	}
	return rej
}

func (s *readerSource) TakeErrors() criteria.ErrorList {
	errs := s.r.TakeErrors()
	for _, x := range errs {
		if x.File == s.name {
			x.File = s.shown
		}
	}
	return errs
}

// noRows answers for a stream that held no rows: a file whose reading failed is exit 2, an
// empty one exit 1, in every format.
func noRows(e *env, o *opts, src *readerSource, t *tally) int {
	if src.Problems() > 0 {
		e.errorf("%s could not be read", dataName(o))
		return exitUsage
	}
	e.errorf("%s holds no rows", dataName(o))
	t.report(e)
	return exitFindings
}
