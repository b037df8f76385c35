package data

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
)

// Limits of what one file may hold. Each bounds a row, a value or the header, never the file:
// a file of any length is read in bounded memory (YAML excepted, see MaxYAMLBytes). Going past
// a limit is an E-DATA-LIMIT error at the position where it happened.
const (
	// MaxCellBytes bounds a CSV cell, and a JSON or YAML string or number: a row with a longer
	// one is rejected (the rest of the cell is skipped, not kept).
	MaxCellBytes = 64 << 10
	// MaxRowBytes bounds the text of a CSV row, and of a JSON or YAML unit: a longer row is
	// rejected (the rest of it is skipped, not kept).
	MaxRowBytes = 1 << 20
	// MaxHeaderBytes bounds the text of a CSV header row: a longer header stops the reading.
	MaxHeaderBytes = 256 << 10
	// MaxColumns bounds the columns of a CSV header: a wider header stops the reading (the
	// columns past the limit are counted, not kept).
	MaxColumns = 4096
	// MaxErrors bounds the problems listed for one file: the problems past it are counted, and
	// one last error says how many were not listed. The rows stay counted.
	MaxErrors = 1000
	// MaxUnitValues bounds the values (scalars, objects and lists) of one JSON or YAML unit.
	MaxUnitValues = 100000
	// MaxYAMLBytes bounds a YAML file: YAML is read as a whole document (the YAML library
	// cannot read a document piece by piece), so its size is bounded. Write larger data as CSV
	// or JSON Lines.
	MaxYAMLBytes = 64 << 20
)

// maxUnitDepth is how deeply the values of a JSON or YAML unit are kept: deeper ones are only
// skipped (no unit needs them).
const maxUnitDepth = 8

// Format is a data file format.
type Format uint8

// The formats.
const (
	CSV       Format = iota + 1 // comma-separated values, a header row first (.csv)
	JSON                        // a list of units, or {"units": [...]} (.json)
	JSONLines                   // one unit object per line (.jsonl, .ndjson)
	YAML                        // a list of units, or units: [...] (.yaml, .yml)
)

// String returns the format's name: csv, json, jsonl or yaml.
func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case JSON:
		return "json"
	case JSONLines:
		return "jsonl"
	case YAML:
		return "yaml"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// formatOf returns the format a file name's extension says (any case).
func formatOf(name string) (Format, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv", ".tsv":
		return CSV, true
	case ".json":
		return JSON, true
	case ".jsonl", ".ndjson":
		return JSONLines, true
	case ".yaml", ".yml":
		return YAML, true
	}
	return 0, false
}

// Option configures a reader.
type Option func(*config)

type config struct {
	comma    rune
	commaSet bool
	cols     criteria.ColumnOptions
	maxUnits int // ReadFile and Read: units kept at most (0: MaxUnits)
}

// MaxUnits is how many units ReadFile and Read keep by default: they hold every unit in
// memory (about 1 KB each for a ruleset of 80 fields), so a larger file is read as a stream
// (Open, NewReader) or with a limit raised by WithMaxUnits.
const MaxUnits = 100_000

// WithMaxUnits sets how many units ReadFile and Read keep before they stop with an error
// (n > 0). A Reader, which keeps one unit at a time, ignores it.
func WithMaxUnits(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxUnits = n
		}
	}
}

// WithComma sets the CSV field separator (default ','). A spreadsheet saved with Vietnamese
// regional settings separates fields with ';': read it with WithComma(';').
func WithComma(r rune) Option {
	return func(c *config) { c.comma, c.commaSet = r, true }
}

// WithDecimalComma accepts numbers written with a decimal comma and '.' between thousands,
// as the Vietnamese locale writes them: "47,5" is 47.5 and "1.234,5" is 1234.5. Without it a
// comma in a number is an error. It applies to numbers written as text (CSV cells, JSON and
// YAML strings) of number, count and percent fields only.
func WithDecimalComma() Option {
	return func(c *config) { c.cols.DecimalComma = true }
}

// WithDefaultRegion sets the region of the units whose data gives none (no region column,
// an empty cell, no region key); "" gives no default.
func WithDefaultRegion(id string) Option {
	return func(c *config) { c.cols.DefaultRegion = strings.TrimSpace(id) }
}

// WithDefaultPeriod sets the period of the units whose data gives none; the zero Period gives
// no default.
func WithDefaultPeriod(p criteria.Period) Option {
	return func(c *config) { c.cols.DefaultPeriod = p }
}

// Counts is what became of the rows read so far. Every row read is accepted or rejected:
// Rows == Accepted + Rejected. A CSV quote left open counts the lines it swallowed (those that
// would have been rows) as rejected rows.
type Counts struct {
	Rows     int // rows (CSV rows, JSON and YAML units, JSON Lines lines) read
	Accepted int // rows handed out as units
	Rejected int // rows rejected, each explained by a problem (listed up to MaxErrors)
	Problems int // problems found, listed or not
}

// Reader reads the units of one data file, one row at a time; see Open and NewReader. It is
// not safe for concurrent use.
type Reader struct {
	name   string
	format Format
	rs     *criteria.Ruleset
	cfg    config
	closer io.Closer
	in     *input
	src    source
	cols   *criteria.Columns // bound to every column id, for JSON and YAML
	unit   criteria.Unit

	started, done bool
	accepted      bool            // the last row ended accepted
	stopped       *criteria.Error // the syntax error that stopped the reading, if one did
	summary       *criteria.Error // the count of the problems not listed, if any

	errs     criteria.ErrorList // found and not yet taken
	rejected []RejectedUnit     // rejected rows with a code, not yet taken
	counts   Counts
	listed   int // problems listed so far
	seen     seenTable
}

// source reads the rows of one format.
type source interface {
	// start reads what comes before the first row (a CSV header, the opening of a JSON list);
	// it reports false when no row can be read.
	start() bool
	// next reads until one row ends, accepted or rejected; it reports false at the end.
	next() bool
}

// RejectedUnit is a rejected row whose unit code could be read.
type RejectedUnit struct {
	Code   string
	Period criteria.Period // zero when the period could not be read
	Source string          // where the row was read, e.g. "communes.csv:12"
}

// Open opens a data file of fsys and returns a reader of its units, choosing the format by the
// file's extension: .csv (.tsv: tab-separated, unless WithComma says otherwise), .json,
// .jsonl or .ndjson (JSON Lines), .yaml or .yml (any case).
// The error (a criteria.ErrorList) says why nothing can be read: an unknown extension, a file
// that cannot be opened, no ruleset, an option the ruleset does not accept. Close the reader
// when done.
func Open(fsys fs.FS, name string, rs *criteria.Ruleset, opts ...Option) (*Reader, error) {
	f, ok := formatOf(name)
	if !ok && strings.EqualFold(path.Ext(name), ".xlsx") {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeDataEncoding, Message: "a workbook (.xlsx) is read by package criteria/xlsx (xlsx.Open), which this one does not import"}}
	}
	if !ok {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeDataEncoding, Message: fmt.Sprintf(
			"cannot tell the format of a %q file: expected .csv, .tsv, .json, .jsonl, .ndjson, .yaml or .yml (save a spreadsheet as \"CSV UTF-8\")", path.Ext(name))}}
	}
	if fsys == nil {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax, Message: criteria.ErrNoFS.Error()}}
	}
	if !fs.ValidPath(name) {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax, Message: criteria.InvalidPathError(name).Error()}}
	}
	file, err := fsys.Open(name)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax, Message: fmt.Sprintf("cannot read the file: %v", err)}}
	}
	if strings.EqualFold(path.Ext(name), ".tsv") {
		opts = append([]Option{WithComma('\t')}, opts...) // a tab-separated file, unless WithComma says otherwise
	}
	r, err := NewReader(file, name, f, rs, opts...)
	if err != nil {
		file.Close()
		return nil, err
	}
	r.closer = file
	return r, nil
}

// NewReader returns a reader of the units rd holds in the given format; name is the file name
// the errors and Unit.Source give. It reads nothing before the first call of Next. The error
// (a criteria.ErrorList) says why nothing can be read: no input, an unknown format, no ruleset,
// an option the ruleset does not accept.
func NewReader(rd io.Reader, name string, format Format, rs *criteria.Ruleset, opts ...Option) (*Reader, error) {
	fail := func(errs criteria.ErrorList) (*Reader, error) {
		for _, e := range errs {
			e.File = name
		}
		return nil, errs
	}
	if rd == nil {
		return fail(criteria.ErrorList{{Code: criteria.CodeSyntax, Message: "no input"}})
	}
	r, err := newReader(name, rs, opts)
	if err != nil {
		return nil, err
	}
	r.format = format
	if c := r.cfg.comma; format == CSV && (c == 0 || c == '"' || c == '\r' || c == '\n' || c == '#' || !utf8.ValidRune(c) || c == utf8.RuneError) {
		return fail(criteria.ErrorList{{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("%q cannot separate CSV fields; use ',' (the default), ';' or a tab", c)}})
	}
	switch format {
	case CSV:
		r.src = &csvSource{r: r}
	case JSON:
		r.src = &jsonSource{r: r}
	case JSONLines:
		r.src = &jsonSource{r: r, lines: true}
	case YAML:
		r.src = &yamlSource{r: r}
	default:
		return fail(criteria.ErrorList{{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("unknown format %v: expected data.CSV, data.JSON, data.JSONLines or data.YAML", format)}})
	}
	in, e := newInput(rd)
	if e != nil {
		// The file is refused as a whole; the reader reports it as its only problem.
		r.in = nil
		r.started, r.done = true, true
		r.report(e)
		return r, nil
	}
	r.in = in
	return r, nil
}

// newReader makes a reader of the ruleset's units, its options applied and checked: every
// column id is bound, which checks the options against the ruleset and is how JSON and YAML
// units, whose keys are ids, are read.
func newReader(name string, rs *criteria.Ruleset, opts []Option) (*Reader, error) {
	r := &Reader{name: name, rs: rs, cfg: config{comma: ','}}
	for _, o := range opts {
		if o != nil {
			o(&r.cfg)
		}
	}
	fail := func(errs criteria.ErrorList) (*Reader, error) {
		for _, e := range errs {
			e.File = name
		}
		return nil, errs
	}
	if rs == nil {
		return fail(criteria.ErrorList{{Code: criteria.CodeData, Message: "no ruleset to type the data with (load one with criteria.Load)"}})
	}
	ids, _ := rs.Header()
	for _, l := range rs.Ancestors(rs.Level) { // every level above, the top too, under parents:
		if l != criteria.LevelDistrict && !slices.Contains(ids, string(l)) {
			ids = append(ids, string(l))
		}
	}
	cols, errs := rs.BindColumns(ids, r.cfg.cols)
	if len(errs) > 0 {
		return fail(errs)
	}
	r.cols = cols
	return r, nil
}

// Next reads up to the next accepted unit and reports whether there is one; rows rejected on
// the way are counted and their problems kept for TakeErrors. It returns false at the end of
// the file, or when the file cannot be read further (the reason is among the errors).
func (r *Reader) Next() bool {
	if r.done {
		return false
	}
	if !r.started {
		r.started = true
		if !r.src.start() {
			r.end()
			return false
		}
	}
	for r.src.next() {
		if r.accepted {
			return true
		}
	}
	r.end()
	return false
}

// Unit returns the unit Next read. The Unit, its Values and its History are reused by the next
// call of Next: copy what you keep (Unit.Clone).
func (r *Reader) Unit() *criteria.Unit { return &r.unit }

// TakeErrors returns the problems found since the last call, each with the file, line and
// column, in the order the rows were read (sorted within a row), and forgets them. After the
// end, the last error says how many problems were not listed, if MaxErrors were reached.
func (r *Reader) TakeErrors() criteria.ErrorList {
	out := r.errs
	r.errs = nil
	return out
}

// TakeRejected returns the rejected rows whose unit code could be read since the last call,
// and forgets them. Only the rows whose problems are listed (up to MaxErrors) are given.
func (r *Reader) TakeRejected() []RejectedUnit {
	out := r.rejected
	r.rejected = nil
	return out
}

// Counts returns what became of the rows read so far.
func (r *Reader) Counts() Counts { return r.counts }

// Close closes the file Open opened; it does nothing for a reader made by NewReader.
func (r *Reader) Close() error {
	if r.closer == nil {
		return nil
	}
	c := r.closer
	r.closer = nil
	return c.Close()
}

// end ends the reading: nothing more is read; the problems past MaxErrors are summed up.
func (r *Reader) end() {
	if r.done {
		return
	}
	r.done = true
	if n := r.counts.Problems - r.listed; n > 0 {
		r.summary = &criteria.Error{File: r.name, Code: criteria.CodeDataLimit, Message: fmt.Sprintf(
			"and %d more problems, not listed (at most %d are listed for a file)", n, MaxErrors)}
		r.errs = append(r.errs, r.summary)
	}
}

// report records a problem of the file (not of a row) or of the current row.
// stop ends the reading on a problem that leaves the rest unreadable (a syntax error): the
// reader reports it, and ReadFile refuses the file with it.
func (r *Reader) stop(e *criteria.Error) {
	r.stopped = e
	r.report(e)
}

func (r *Reader) report(e *criteria.Error) {
	e.File = r.name
	r.counts.Problems++
	if r.listed < MaxErrors {
		r.listed++
		r.errs = append(r.errs, e)
	}
}

// ident is where a row's unit was read, for its Source and a later duplicate's error.
type ident struct {
	at        int    // the row (CSV) or line (JSON, YAML) number
	word      string // "row" or "line"
	line, col int    // where a duplicate of an accepted unit is reported
	path      string // "" for a CSV row: "row N › column code"
}

// accept ends a row whose unit r.unit holds and whose problems are errs (positioned, without
// the file): without problems the unit is accepted, unless a unit with its code and period was
// accepted before; otherwise the row is rejected and its problems reported.
func (r *Reader) accept(errs criteria.ErrorList, id ident) {
	u := &r.unit
	var key uint64
	if u.Code != "" && u.Period.Year != 0 {
		key = r.seen.key(u.Code, u.Period)
		if first, dup := r.seen.lookup(key); dup {
			path := id.path
			if path == "" && id.word == "row" {
				path = fmt.Sprintf("row %d › column code", id.at)
			}
			errs = append(errs, &criteria.Error{Line: id.line, Column: id.col, Path: path, Code: criteria.CodeData, Message: fmt.Sprintf(
				"unit %s for the period %s is already read (accepted at %s %d); keep one", u.Code, u.Period, id.word, first)})
		}
	}
	if len(errs) > 0 {
		r.reject(errs, u.Code, u.Period)
		return
	}
	if key != 0 {
		r.seen.insert(key, uint32(min(id.at, 1<<32-1)))
	}
	r.counts.Rows++
	r.counts.Accepted++
	r.accepted = true
}

// reject ends a row rejected with its problems; code and period are those of its unit, when
// they could be read.
func (r *Reader) reject(errs criteria.ErrorList, code string, p criteria.Period) {
	if len(errs) > 1 {
		errs.Sort()
	}
	listed := r.listed < MaxErrors
	for _, e := range errs {
		r.report(e)
	}
	r.counts.Rows++
	r.counts.Rejected++
	r.accepted = false
	if code != "" && listed {
		r.rejected = append(r.rejected, RejectedUnit{Code: code, Period: p, Source: r.unit.Source})
	}
}

// rejectRows counts n more rows rejected without a problem of their own (the lines an unclosed
// CSV quote swallowed, explained by its error).
func (r *Reader) rejectRows(n int) {
	r.counts.Rows += n
	r.counts.Rejected += n
}

// source returns "name:at", the Source of a unit read at row or line at.
func (r *Reader) source(at int) string {
	return r.name + ":" + strconv.Itoa(at)
}
