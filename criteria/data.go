package criteria

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// DataSet is what a data file held: the units read, and the rows rejected with why. Every row
// read is either a unit or rejected: Rows == len(Units) + Rejected.
type DataSet struct {
	Units    []*Unit   // accepted rows/records, in file order
	Rows     int       // data rows (or records) read, counting the lines an unclosed CSV quote swallowed
	Rejected int       // rows rejected (each is explained by an error in Errors)
	Errors   ErrorList // every problem, each with file, row/line and column, sorted
	// RejectedUnits names the rejected rows whose unit code could be read, in file order, so
	// that a question about such a unit can point at its rejection.
	RejectedUnits []RejectedUnit
}

// RejectedUnit is a rejected row whose unit code could be read.
type RejectedUnit struct {
	Code   string
	Period Period // zero when the period could not be read
	Source string // where the row was read, e.g. "communes.csv:12"
}

// Err returns the data set's problems as an error, or nil when there are none.
func (ds *DataSet) Err() error { return ds.Errors.Err() }

// ReadOption configures the readers.
type ReadOption func(*readConfig)

type readConfig struct {
	comma        rune
	commaSet     bool
	decimalComma bool
	region       string
	regionSet    bool
	period       Period
	periodSet    bool
}

// WithComma sets the CSV field separator (default ','). A spreadsheet saved with Vietnamese
// regional settings separates fields with ';': read it with WithComma(';').
func WithComma(r rune) ReadOption {
	return func(c *readConfig) { c.comma, c.commaSet = r, true }
}

// WithDecimalComma accepts numbers written with a decimal comma and '.' between thousands,
// as the Vietnamese locale writes them: "47,5" is 47.5 and "1.234,5" is 1234.5. Without it a
// comma in a number is an error. It applies to numbers written as text (CSV cells, JSON and
// YAML strings) of number, count and percent fields only.
func WithDecimalComma() ReadOption {
	return func(c *readConfig) { c.decimalComma = true }
}

// WithDefaultRegion sets the region of the units whose data gives none (no region column,
// an empty cell, no region key).
func WithDefaultRegion(id string) ReadOption {
	return func(c *readConfig) { c.region, c.regionSet = strings.TrimSpace(id), true }
}

// WithDefaultPeriod sets the period of the units whose data gives none.
func WithDefaultPeriod(p Period) ReadOption {
	return func(c *readConfig) { c.period, c.periodSet = p, true }
}

// maxDataFile bounds the size of one data file.
const maxDataFile = 64 << 20

// reservedColumns are the unit attributes a data file may give beside the ruleset's fields.
var reservedColumns = []string{"code", "name", "district", "region", "period", "history", "level"}

// ReadFile reads a data file of fsys, choosing the reader by the file's extension: .csv,
// .json, .yaml or .yml (any case). Any other extension, or a file that cannot be opened, gives
// a data set holding one error.
func ReadFile(fsys fs.FS, name string, rs *Ruleset, opts ...ReadOption) *DataSet {
	var read func(io.Reader, string, *Ruleset, ...ReadOption) *DataSet
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".csv":
		read = ReadCSV
	case ".json":
		read = ReadJSON
	case ".yaml", ".yml":
		read = ReadYAML
	default:
		return failed(&Error{File: name, Code: CodeDataEncoding, Message: fmt.Sprintf(
			"cannot tell the format of a %q file: expected .csv, .json, .yaml or .yml (save a spreadsheet as \"CSV UTF-8\")", ext)})
	}
	f, err := fsys.Open(name)
	if err != nil {
		return failed(&Error{File: name, Code: CodeSyntax, Message: fmt.Sprintf("cannot read the file: %v", unwrapPathErr(err))})
	}
	defer f.Close()
	return read(f, name, rs, opts...)
}

func failed(e *Error) *DataSet { return &DataSet{Errors: ErrorList{e}} }

// reader holds what every format's reader shares: the ruleset, the options, the data set being
// filled and the (code, period) pairs of the units accepted.
type reader struct {
	name    string
	rs      *Ruleset
	cfg     readConfig
	ds      *DataSet
	seen    map[string]string // code + period of an accepted unit → where it was read
	ident   *unitIdent        // the code and period of the current row, when both are valid
	y0, y1  int               // the years of the ruleset (0, 0 when it gives none)
	regions []string
	levels  []string
	records []string // names a history entry may record a value for
	// where the current row's values were read, for errors found once the row is complete
	valuePos  map[string][2]int
	valuePath map[string]string
	// plainText: a scalar of any type may be read as text (YAML, where an unquoted 12 or
	// true is text as written when the field is a text).
	plainText bool
}

func newReader(name string, rs *Ruleset, opts []ReadOption) *reader {
	r := &reader{name: name, rs: rs, cfg: readConfig{comma: ','}, ds: &DataSet{}, seen: map[string]string{}}
	for _, o := range opts {
		if o != nil {
			o(&r.cfg)
		}
	}
	if rs == nil {
		return r
	}
	r.y0, r.y1 = rs.Years()
	if r.y1 == 0 && r.y0 != 0 {
		r.y1 = r.y0 + openYears // as Compile reads an open-ended ruleset
	}
	for _, reg := range rs.AllowedRegions() {
		r.regions = append(r.regions, reg.ID)
	}
	r.levels = []string{"ntm", "advanced", "model", "district", "town", "task_completed"}
	for b := rs; b != nil; b = b.Base {
		if b.Recognition != "" && !ydec.Contains(r.levels, b.Recognition) {
			r.levels = append(r.levels, b.Recognition)
		}
	}
	for _, f := range rs.Fields {
		if f.From == nil {
			r.records = append(r.records, f.ID)
			continue
		}
		if f.From.History != "" && !ydec.Contains(r.levels, f.From.History) {
			r.levels = append(r.levels, f.From.History)
		}
		if f.From.Field != "" && !ydec.Contains(r.records, f.From.Field) {
			r.records = append(r.records, f.From.Field)
		}
		if lv, ok := strings.CutPrefix(f.From.Members, "level:"); ok && lv != "" && !ydec.Contains(r.levels, lv) {
			r.levels = append(r.levels, lv)
		}
	}
	return r
}

// unitLevel reads the optional kind of unit: commune, district, town, hamlet or province.
func (r *reader) unitLevel(s string, line, col int, p string) (Level, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", true
	}
	if !validLevel(t) {
		e := r.errorf(line, col, p, CodeData, "unknown level %s: expected commune, district, town, hamlet or province", quote(t))
		e.Suggest = suggest(t, []string{"commune", "district", "town", "hamlet", "province"})
		return "", false
	}
	return Level(t), true
}

// start checks what must hold before anything is read: a ruleset, valid default options.
// It reports false (with the error recorded) when nothing can be read.
func (r *reader) start() bool {
	if r.rs == nil || r.rs.schema == nil {
		r.errorf(0, 0, "", CodeData, "no ruleset to type the data with (load one with criteria.Load)")
		return false
	}
	ok := true
	if r.cfg.regionSet && !ydec.Contains(r.regions, r.cfg.region) {
		e := r.errorf(0, 0, "default region", CodeData, "the default region %q is not accepted by %s (expected one of: %s)",
			r.cfg.region, r.rs.Ref(), strings.Join(r.regions, ", "))
		e.Suggest = suggest(r.cfg.region, r.regions)
		ok = false
	}
	if r.cfg.periodSet && (r.cfg.period.Year < 1900 || r.cfg.period.Year > 2200 || r.cfg.period.Half < 0 || r.cfg.period.Half > 2) {
		r.errorf(0, 0, "default period", CodeData, "the default period %s is not a year from 1900 to 2200 (optionally a half, H1 or H2)", r.cfg.period)
		ok = false
	} else if r.cfg.periodSet && !r.inYears(r.cfg.period) {
		r.errorf(0, 0, "default period", CodeData, "the default period %s is outside the ruleset's years %d-%d (%s)", r.cfg.period, r.y0, r.y1, r.rs.Ref())
		ok = false
	}
	return ok
}

// inYears reports whether a period lies in the years of the ruleset.
func (r *reader) inYears(p Period) bool {
	return r.y0 == 0 || p.Year >= r.y0 && p.Year <= r.y1
}

func (r *reader) errorf(line, col int, p string, code Code, format string, args ...any) *Error {
	e := &Error{File: r.name, Line: line, Column: col, Path: p, Code: code, Message: fmt.Sprintf(format, args...)}
	r.ds.Errors = append(r.ds.Errors, e)
	return e
}

// wrap records an error of the engine (Values.Set, ParsePeriod) at a position.
func (r *reader) wrap(err error, line, col int, p string) *Error {
	var e *Error
	if ee, ok := err.(*Error); ok {
		c := *ee
		e = &c
	} else {
		e = &Error{Code: CodeData, Message: err.Error()}
	}
	e.File, e.Line, e.Column, e.Path = r.name, line, col, p
	r.ds.Errors = append(r.ds.Errors, e)
	return e
}

// finish sorts the errors and returns the data set.
func (r *reader) finish() *DataSet {
	r.ds.Errors.Sort()
	return r.ds
}

// abort replaces whatever was read with the one error that made the file unreadable.
func (r *reader) abort(e *Error) *DataSet {
	e.File = r.name
	r.ds = &DataSet{Errors: ErrorList{e}}
	return r.ds
}

// accept adds a unit read without error, or counts the row as rejected. A unit with the code
// and period of a unit accepted before it is rejected; a rejected row does not hold its code
// and period against the rows after it.
func (r *reader) accept(u *Unit, nerr int) {
	r.ds.Rows++
	if u != nil && len(r.ds.Errors) == nerr {
		for _, x := range u.Values.inconsistencies() {
			at := r.valuePos[x.field]
			r.errorf(at[0], at[1], r.valuePath[x.field], CodeDataConsistency, "%s", x.msg)
		}
	}
	r.valuePos, r.valuePath = nil, nil
	id := r.ident
	r.ident = nil
	var key string
	if id != nil {
		key = id.code + "\x00" + id.period.String()
		if first, dup := r.seen[key]; dup {
			r.errorf(id.line, id.col, id.path, CodeData, "unit %s for the period %s is already read (accepted at %s); keep one", id.code, id.period, first)
		}
	}
	if len(r.ds.Errors) > nerr || u == nil {
		r.ds.Rejected++
		if u != nil && u.Code != "" {
			r.ds.RejectedUnits = append(r.ds.RejectedUnits, RejectedUnit{Code: u.Code, Period: u.Period, Source: u.Source})
		}
		return
	}
	if id != nil {
		r.seen[key] = id.where
	}
	r.ds.Units = append(r.ds.Units, u)
}

// unitIdent is the code and period of the row being read, and where to report it as a duplicate.
type unitIdent struct {
	code      string
	period    Period
	where     string // "row 4", "line 12"
	line, col int
	path      string
}

// identify records the code and period of the row being read, for accept to check that no unit
// accepted before has them.
func (r *reader) identify(code string, pr Period, where string, line, col int, p string) {
	r.ident = &unitIdent{code: code, period: pr, where: where, line: line, col: col, path: p}
}

// at records where a field's value of the current row or record was read.
func (r *reader) at(field string, line, col int, p string) {
	if r.valuePos == nil {
		r.valuePos, r.valuePath = map[string][2]int{}, map[string]string{}
	}
	r.valuePos[field] = [2]int{line, col}
	r.valuePath[field] = p
}

// region validates a region id (already trimmed); "" takes the default region.
func (r *reader) region(s string, line, col int, p string) (string, bool) {
	if s == "" {
		if r.cfg.regionSet {
			return r.cfg.region, ydec.Contains(r.regions, r.cfg.region)
		}
		r.errorf(line, col, p, CodeData, "no region: expected one of %s (or give a default region)", strings.Join(r.regions, ", "))
		return "", false
	}
	if ydec.Contains(r.regions, s) {
		return s, true
	}
	msg := fmt.Sprintf("unknown region %s: expected one of %s", quote(s), strings.Join(r.regions, ", "))
	if _, declared := r.rs.Region(s); declared {
		msg = fmt.Sprintf("region %s is not accepted by %s: expected one of %s", quote(s), r.rs.Ref(), strings.Join(r.regions, ", "))
	}
	e := r.errorf(line, col, p, CodeData, "%s", msg)
	e.Suggest = suggest(s, r.regions)
	return "", false
}

// period reads a period (already trimmed); "" takes the default period.
func (r *reader) period(s string, line, col int, p string) (Period, bool) {
	if s == "" {
		if r.cfg.periodSet {
			return r.cfg.period, true
		}
		r.errorf(line, col, p, CodeData, "no period: expected a year such as 2020, or 2020-H1 / 2020-H2 (or give a default period)")
		return Period{}, false
	}
	pr, err := ParsePeriod(s)
	if err != nil {
		r.errorf(line, col, p, CodeData, "%v", err)
		return Period{}, false
	}
	if !r.inYears(pr) {
		r.errorf(line, col, p, CodeData, "period %s is outside the ruleset's years %d-%d (%s): read it with the ruleset in force in %d",
			pr, r.y0, r.y1, r.rs.Ref(), pr.Year)
		return Period{}, false
	}
	return pr, true
}

// code validates a unit's code (already trimmed).
func (r *reader) code(s string, line, col int, p string) (string, bool) {
	if s == "" {
		r.errorf(line, col, p, CodeData, "no code: every unit needs its official code (e.g. 32221)")
		return "", false
	}
	if strings.ContainsAny(s, "\x00\n\r") {
		r.errorf(line, col, p, CodeData, "the code %s holds a control character", quote(s))
		return "", false
	}
	return norm.NFC.String(s), true
}

// level validates a recognition level (already trimmed).
func (r *reader) level(s string, line, col int, p string) bool {
	if ydec.Contains(r.levels, s) {
		return true
	}
	e := r.errorf(line, col, p, CodeData, "unknown recognition level %s: expected one of %s", quote(s), strings.Join(r.levels, ", "))
	e.Suggest = suggest(strings.ToLower(s), r.levels)
	if e.Suggest == "" && ydec.Contains(r.levels, strings.ToLower(s)) {
		e.Suggest = strings.ToLower(s)
	}
	return false
}

// year validates a recognition year written as text.
func (r *reader) year(s string, line, col int, p string) (int, bool) {
	y := 0
	ok := len(s) == 4
	for i := 0; ok && i < len(s); i++ {
		ok = s[i] >= '0' && s[i] <= '9'
		y = y*10 + int(s[i]-'0')
	}
	if !ok || y < 1900 || y > 2200 {
		r.errorf(line, col, p, CodeData, "year %s: expected a year such as 2015", quote(s))
		return 0, false
	}
	return y, true
}

// dupHistory reports two entries of the history with the same level and year; seen holds the
// entries read so far.
func (r *reader) dupHistory(seen map[string]bool, rec Recognition, line, col int, p string) bool {
	key := fmt.Sprintf("%s@%d", rec.Level, rec.Year)
	if seen[key] {
		r.errorf(line, col, p, CodeData, "the history lists %s twice", key)
		return true
	}
	seen[key] = true
	return false
}

// setText sets a field from its textual form, applying the decimal-comma option to numbers.
func (r *reader) setText(vals *Values, f *Field, s string) error {
	t := strings.TrimSpace(s)
	if t != "" && f.Type.Numeric() {
		n, err := r.numberText(t)
		if err != nil {
			return &Error{Code: CodeData, Message: fmt.Sprintf("field %q (%s): %v", f.ID, f.Type, err)}
		}
		if n != "" {
			t = n
		}
	}
	return vals.SetString(f.ID, t)
}

// numberText rewrites a number written with a decimal comma for ParseNumber. It returns ""
// when s has no comma and the option is off (s is then parsed as it is), and an error that
// says how to fix a comma the options do not allow.
func (r *reader) numberText(s string) (string, error) {
	if !r.cfg.decimalComma {
		if strings.Contains(s, ",") {
			if conv, ok := fromDecimalComma(s); ok {
				return "", fmt.Errorf("%s looks like a number written with a decimal comma: numbers are written with a decimal point (%s), "+
					"or read the file with the decimal-comma option (--decimal-comma); a comma between thousands is not accepted either", quote(s), conv)
			}
			return "", fmt.Errorf("%s is not a number: expected a number with a decimal point, e.g. 47.5 (no thousands separators)", quote(s))
		}
		return "", nil
	}
	conv, ok := fromDecimalComma(s)
	if !ok {
		return "", fmt.Errorf("%s is not a number written with a decimal comma: expected e.g. 47,5 or 1.234,5 ('.' may only separate thousands, in groups of three digits)", quote(s))
	}
	return conv, nil
}

// fromDecimalComma converts "47,5" to "47.5" and "1.234,5" to "1234.5"; it reports false when
// s is not a number in that notation. Digits without separators are returned unchanged.
func fromDecimalComma(s string) (string, bool) {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	intPart, frac, hasComma := strings.Cut(s, ",")
	if intPart == "" || hasComma && frac == "" || !allDigits(frac) {
		return "", false
	}
	if strings.Contains(intPart, ".") {
		groups := strings.Split(intPart, ".")
		if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
			return "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !allDigits(g) {
				return "", false
			}
		}
		intPart = strings.Join(groups, "")
	} else if !allDigits(intPart) {
		return "", false
	}
	if hasComma {
		return sign + intPart + "." + frac, true
	}
	return sign + intPart, true
}

// suggest is ydec.Suggest for names read from data: a long name is no typo of an id (and
// comparing it would be slow), so it gets no suggestion.
func suggest(name string, candidates []string) string {
	if len(name) > 64 {
		return ""
	}
	return ydec.Suggest(name, candidates)
}

// quote quotes a value read from data for a message, shortened when it is long.
func quote(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return fmt.Sprintf("%q", s)
	}
	r := []rune(s)
	return fmt.Sprintf("%q…", string(r[:max]))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// readAll reads at most maxDataFile bytes and decodes them to UTF-8 text: a UTF-8 byte-order
// mark is dropped, UTF-16 with a byte-order mark is converted. Text that is not UTF-8 gives
// an error that says how to re-save the file.
func readAll(rd io.Reader) ([]byte, *Error) {
	if rd == nil {
		return nil, &Error{Code: CodeSyntax, Message: "no input"}
	}
	data, err := io.ReadAll(io.LimitReader(rd, maxDataFile+1))
	if err != nil {
		return nil, &Error{Code: CodeSyntax, Message: fmt.Sprintf("cannot read the file: %v", err)}
	}
	if len(data) > maxDataFile {
		return nil, &Error{Code: CodeData, Message: fmt.Sprintf("the file is larger than %d MB; split it", maxDataFile>>20)}
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		if len(data)%2 != 0 {
			return nil, &Error{Line: 1, Column: 1, Code: CodeDataEncoding, Message: "the file starts with a UTF-16 byte-order mark but has an odd number of bytes: it is damaged; re-save it as \"CSV UTF-8\""}
		}
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return nil, &Error{Line: 1, Column: 1, Code: CodeDataEncoding, Message: fmt.Sprintf("the file is not valid UTF-16: %v; re-save it as \"CSV UTF-8\"", err)}
		}
		if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
			line, col := newLines(out).pos(i)
			return nil, &Error{Line: line, Column: col, Code: CodeDataEncoding, Message: "the file is not valid UTF-16 (an unpaired surrogate); re-save it as \"CSV UTF-8\""}
		}
		data = out
	}
	if i := invalidUTF8(data); i >= 0 {
		line, col := newLines(data[:i]).pos(i)
		return nil, &Error{Line: line, Column: col, Code: CodeDataEncoding, Message: "the file is not UTF-8 text (perhaps Windows-1258, TCVN3 or VNI): " +
			"save it as \"CSV UTF-8 (Comma delimited)\" or convert it to UTF-8"}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := newLines(data).pos(i)
		return nil, &Error{Line: line, Column: col, Code: CodeDataEncoding, Message: "the file holds NUL bytes: it is binary, or UTF-16 without a byte-order mark; " +
			"save it as \"CSV UTF-8 (Comma delimited)\""}
	}
	return data, nil
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// lines maps byte offsets of a text to 1-based line and column (columns count characters).
// The last position found is kept, so that asking for offsets in increasing order along a long
// line costs no more than one pass over it.
type lines struct {
	data             []byte
	starts           []int
	lastOff, lastCol int
	lastLine         int
}

func newLines(data []byte) *lines {
	l := &lines{data: data, starts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// pos returns the line and column of a byte offset (clamped to the text).
func (l *lines) pos(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(l.data) {
		off = len(l.data)
	}
	lo, hi := 0, len(l.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	from, col := l.starts[lo], 1
	if l.lastLine == lo+1 && l.lastOff <= off {
		from, col = l.lastOff, l.lastCol
	}
	col += utf8.RuneCount(l.data[from:off])
	l.lastLine, l.lastOff, l.lastCol = lo+1, off, col
	return lo + 1, col
}

// line returns the 1-based line of a byte offset.
func (l *lines) line(off int) int {
	n, _ := l.pos(off)
	return n
}
