package criteria

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"golang.org/x/text/unicode/norm"
)

// A table of units — a CSV file, a sheet, the records of a JSON file — names its columns once
// and then gives one row per unit. Columns is that header bound to a ruleset: it checks each
// value of a row as the ruleset types it and fills a Unit, whatever format the row was read
// from. Package criteria/data reads the file formats with it.

// reservedColumns are the unit attributes a table may give beside the ruleset's fields, and
// reservedLabels the Vietnamese label of each, as the template writes them.
var (
	reservedColumns = []string{"code", "name", "district", "region", "period", "history", "level"}
	reservedLabels  = []string{"Mã đơn vị", "Tên", "Huyện", "Vùng", "Kỳ đánh giá", "Lịch sử công nhận", "Loại đơn vị"}
	// reservedLabelsEN label them for a ruleset written in another language than Vietnamese.
	reservedLabelsEN = []string{"Code", "Name", "District", "Region", "Period", "Recognition history", "Level"}
)

// knowsDistrict reports whether the ruleset's levels have Vietnam's district, which the
// reserved district column names; a ruleset of other levels names parents by its own.
func (rs *Ruleset) knowsDistrict() bool {
	_, ok := levelOf(rs.Levels, LevelDistrict)
	return ok || len(rs.Levels) == 0
}

// Header returns the columns a table of the ruleset's units may have, in the template's order:
// the reserved attributes (code, name, district, region, period, history, level; no district
// for a ruleset whose levels have none), the unit's parents at the levels between its own and
// the top, then every field the units supply (not derived), in declaration order; and the
// label of each, in the ruleset's language (the reserved ones in Vietnamese, or in English
// for a ruleset in another language). BindColumns accepts either as a column's name.
func (rs *Ruleset) Header() (ids, labels []string) {
	lang := rs.Language
	if lang == "" {
		lang = "vi"
	}
	rl := reservedLabels
	if lang != "vi" {
		rl = reservedLabelsEN
	}
	for i, id := range reservedColumns {
		if id == "district" && !rs.knowsDistrict() {
			continue
		}
		ids, labels = append(ids, id), append(labels, rl[i])
	}
	// The unit's parents at the levels between it and the top (a hamlet's commune, a village's
	// regency); the district has its reserved column, and a run has one unit at the top.
	if ups := rs.Ancestors(rs.Level); len(ups) > 1 {
		for _, l := range ups[:len(ups)-1] {
			if l != LevelDistrict {
				li, _ := rs.LevelInfo(l)
				ids = append(ids, string(l))
				labels = append(labels, capitalise(li.Name.In(lang)))
			}
		}
	}
	for _, f := range rs.Fields {
		if f.From == nil {
			ids = append(ids, f.ID)
			labels = append(labels, f.Label.In(lang))
		}
	}
	return ids, labels
}

// capitalise upper-cases the first letter of a label ("xã" → "Xã").
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// ColumnOptions are what the rows of a table may leave out, and how numbers written as text
// are read.
type ColumnOptions struct {
	// DefaultRegion is the region of a row that gives none; "" requires every row to give one.
	DefaultRegion string
	// DefaultPeriod is the period of a row that gives none; the zero Period requires every row
	// to give one.
	DefaultPeriod Period
	// DecimalComma reads numbers written as text (SetText) with a decimal comma and '.'
	// between thousands, as the Vietnamese locale writes them: "47,5" is 47.5 and "1.234,5" is
	// 1234.5. Without it a comma in a number is an error that says so.
	DecimalComma bool
}

// column kinds: what a column of the header holds.
const (
	colNone     = iota // a column without a name: its cells must be empty
	colField           // a field of the ruleset
	colCode            // the reserved attributes, in the order of reservedColumns
	colName            //
	colDistrict        //
	colRegion          //
	colPeriod          //
	colHistory         //
	colLevel           //
	colParent          // a level above the ruleset's: the unit it belongs to there
)

type column struct {
	kind  uint8
	field *Field
	at    int   // the field's position in the ruleset's values
	level Level // a parent column's level
}

// Columns is a header bound to a ruleset by BindColumns: what each column of a row holds. It
// fills one row at a time into a Unit, either all at once from text cells (Fill), or value by
// value for formats whose values carry a type (Start, then SetText, SetNumber, AddRecognition
// and Fail, then Finish). A Columns keeps the state of the row being filled: use one per
// goroutine.
//
// Every problem a row method returns is an *Error whose Column is the 1-based index of the
// column it is about (0: the row as a whole) and whose Path, when not empty, names the part of
// the value (e.g. "entry 2" of a history); File and Line are left for the reader to set.
type Columns struct {
	rs                   *Ruleset
	opts                 ColumnOptions
	cols                 []column
	regions              []string
	levels               []string // the titles a history may name
	records              []string // the names a recognition may record a value for
	y0, y1               int
	colOf                []int // value position → column index giving it, -1 when none
	regionCol, periodCol int   // -1 when the header has no such column

	// the row being filled
	u                    *Unit
	regionSet, periodSet bool // the row gave its region, its period
	failed               bool // the row has a problem
}

// maxUnknownColumns is how many unknown columns BindColumns reports one by one (with a
// suggestion); the others are counted in one error.
const maxUnknownColumns = 50

// BindColumns binds a header: names[i] names column i. A name is a reserved attribute (code,
// name, district, region, period, history, level), the id of a field the units supply, or the
// Vietnamese label Header gives either (any case; a leading '#' or apostrophe, as the
// template writes its label row, is ignored). An empty name is a column whose cells must be
// empty.
//
// The errors are the header's problems — an unknown name (with a suggestion when one is near),
// a column given twice, a derived field, a required column missing (code; region and period
// unless defaulted) — each with Path "header" or "header › column i" and Column the 1-based
// index of the name (0 for the header as a whole), and the options' problems (a default region
// the ruleset does not accept, a default period outside its years), with Path "default region"
// or "default period". When there is any, the Columns returned is nil.
func (rs *Ruleset) BindColumns(names []string, o ColumnOptions) (*Columns, ErrorList) {
	if rs == nil || rs.schema == nil {
		return nil, ErrorList{{Code: CodeData, Message: "no ruleset to type the data with (load one with criteria.Load)"}}
	}
	c := &Columns{rs: rs, opts: o, regionCol: -1, periodCol: -1}
	c.prepare()
	var errs ErrorList
	add := func(col int, path string, code Code, format string, args ...any) *Error {
		e := &Error{Column: col, Path: path, Code: code, Message: fmt.Sprintf(format, args...)}
		errs = append(errs, e)
		return e
	}
	if o.DefaultRegion != "" && !ydec.Contains(c.regions, o.DefaultRegion) {
		e := add(0, "default region", CodeData, "the default region %q is not accepted by %s (expected one of: %s)",
			o.DefaultRegion, rs.Ref(), strings.Join(c.regions, ", "))
		e.Suggest = suggest(o.DefaultRegion, c.regions)
	}
	if p := o.DefaultPeriod; p != (Period{}) {
		if p.Year < 1900 || p.Year > 2200 || p.Half < 0 || p.Half > 2 {
			add(0, "default period", CodeData, "the default period %s is not a year from 1900 to 2200 (optionally a half, H1 or H2)", p)
		} else if !c.inYears(p) {
			add(0, "default period", CodeData, "the default period %s is outside the ruleset's years %d-%d (%s)", p, c.y0, c.y1, rs.Ref())
		}
	}

	var known []string // what a name may be, for suggestions
	known = append(known, reservedColumns...)
	ups := rs.Ancestors(rs.Level) // a column named by one of them gives the unit's parent there
	var upNames []string
	for _, l := range ups {
		if l != LevelDistrict {
			known = append(known, string(l))
			upNames = append(upNames, string(l))
		}
	}
	districtWord, levelsWord := "district, ", ""
	if !rs.knowsDistrict() {
		districtWord = ""
	}
	if len(upNames) > 0 {
		levelsWord = "a level above " + string(rs.Level) + " (" + strings.Join(upNames, ", ") + "), "
	}
	for _, f := range rs.Fields {
		if f.From == nil {
			known = append(known, f.ID)
		}
	}
	var labels map[string]string // normalised label → id ("" when several share it)
	c.cols = make([]column, len(names))
	first := map[string]int{}    // bound id → its first column (1-based)
	covered := map[string]bool{} // missing columns an unknown name may stand for
	unknown, unlisted := 0, []string(nil)
	for i, name := range names {
		t := strings.TrimSpace(name)
		if t == "" {
			continue
		}
		p := fmt.Sprintf("header › column %d", i+1)
		id := t
		f, isField := rs.Field(t)
		isParent := func(id string) bool { return !isField && id != "district" && containsLevel(ups, Level(id)) }
		if !isField && !isParent(t) && !ydec.Contains(reservedColumns, t) {
			if labels == nil {
				labels = rs.labelIndex()
			}
			switch l, ok := labels[labelKey(t)]; {
			case ok && l == "":
				add(i+1, p, CodeDataColumn, "the label %s names several columns: name the column by its id", quote(t))
				continue
			case ok:
				id = l
				f, isField = rs.Field(l)
			}
		}
		if at, dup := first[id]; dup {
			add(i+1, p, CodeDataColumn, "column %s appears twice (first as column %d); keep one", quote(t), at)
			continue
		}
		first[id] = i + 1
		switch {
		case isParent(id):
			c.cols[i] = column{kind: colParent, level: Level(id)}
		case isField && f.From != nil:
			add(i+1, p, CodeDataColumn, "column %s is a field the engine derives (%s); it cannot be supplied: remove the column", quote(t), f.From)
		case isField:
			k, _ := rs.schema.lookup(f.ID)
			c.cols[i] = column{kind: colField, field: f, at: k}
			c.colOf[k] = i
		case id == "district" && !rs.knowsDistrict():
			add(i+1, p, CodeDataColumn, "column %s: %s knows no district level (its levels: %s); name the unit a unit belongs to by its level's column", quote(t), rs.Ref(), strings.Join(levelIDs(rs.Levels), ", "))
		case ydec.Contains(reservedColumns, id):
			for k, r := range reservedColumns {
				if r == id {
					c.cols[i].kind = uint8(colCode + k)
				}
			}
			switch id {
			case "region":
				c.regionCol = i
			case "period":
				c.periodCol = i
			}
		default:
			unknown++
			if unknown > maxUnknownColumns {
				if len(unlisted) < 3 {
					unlisted = append(unlisted, quote(t))
				}
				continue
			}
			e := add(i+1, p, CodeDataColumn, "unknown column %s: expected code, name, %sregion, period, history, %sor a field of %s", quote(t), districtWord, levelsWord, rs.Ref())
			e.Suggest = suggest(t, known)
			covered[e.Suggest] = true
		}
	}
	if n := unknown - maxUnknownColumns; n > 0 {
		add(0, "header", CodeDataColumn, "%d more unknown columns (%s, …) are not listed", n, strings.Join(unlisted, ", "))
	}
	missing := func(id string) bool { _, ok := first[id]; return !ok && !covered[id] }
	if missing("code") {
		add(0, "header", CodeDataColumn, "the required column %q is missing: add a column with each unit's official code", "code")
	}
	if missing("region") && o.DefaultRegion == "" && c.rs.RegionChoosesTargets() {
		add(0, "header", CodeDataColumn, "the column %q is missing: add it (one of %s), or give a default region", "region", strings.Join(c.regions, ", "))
	}
	if missing("period") && o.DefaultPeriod == (Period{}) {
		add(0, "header", CodeDataColumn, "the column %q is missing: add it (a year such as 2020, or 2020-H1), or give a default period", "period")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// labelIndex maps the normalised label of every reserved attribute and input field to its id;
// a label several of them share maps to "".
func (rs *Ruleset) labelIndex() map[string]string {
	ids, labels := rs.Header()
	m := make(map[string]string, len(ids))
	for i, l := range labels {
		k := labelKey(l)
		if k == "" {
			continue
		}
		if prev, ok := m[k]; ok && prev != ids[i] {
			m[k] = ""
			continue
		}
		m[k] = ids[i]
	}
	return m
}

// labelKey normalises a label for comparison: without the template's leading '#' or a
// spreadsheet's apostrophe, in NFC, lower case, spaces trimmed.
func labelKey(s string) string {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimPrefix(t, "#"))
	t = strings.TrimPrefix(t, "'")
	return strings.ToLower(norm.NFC.String(strings.TrimSpace(t)))
}

// prepare computes what the rows are checked against: the regions, the years, the titles and
// recorded names a history may hold, the at_most pairs.
func (c *Columns) prepare() {
	rs := c.rs
	c.y0, c.y1 = rs.Years()
	if c.y1 == 0 && c.y0 != 0 {
		c.y1 = c.y0 + openYears // as Compile reads an open-ended ruleset
	}
	for _, reg := range rs.AllowedRegions() {
		c.regions = append(c.regions, reg.ID)
	}
	c.levels = []string{"ntm", "advanced", "model", "district", "town", "task_completed"}
	for b := rs; b != nil; b = b.Base {
		if b.Recognition != "" && !ydec.Contains(c.levels, b.Recognition) {
			c.levels = append(c.levels, b.Recognition)
		}
	}
	for _, f := range rs.Fields {
		if f.From == nil {
			c.records = append(c.records, f.ID)
			continue
		}
		if f.From.History != "" && !ydec.Contains(c.levels, f.From.History) {
			c.levels = append(c.levels, f.From.History)
		}
		if f.From.Field != "" && !ydec.Contains(c.records, f.From.Field) {
			c.records = append(c.records, f.From.Field)
		}
		if lv, ok := strings.CutPrefix(f.From.Members, "level:"); ok && lv != "" && !ydec.Contains(c.levels, lv) {
			c.levels = append(c.levels, lv)
		}
	}
	c.colOf = make([]int, len(rs.schema.fields))
	for i := range rs.schema.fields {
		c.colOf[i] = -1
	}
}

// Len returns the number of columns of the header.
func (c *Columns) Len() int { return len(c.cols) }

// Column returns what column i holds: the id of the reserved attribute or field it gives, and
// the field (nil for an attribute); id is "" for a column without a name.
func (c *Columns) Column(i int) (id string, f *Field) {
	if i < 0 || i >= len(c.cols) {
		return "", nil
	}
	col := c.cols[i]
	switch {
	case col.kind == colField:
		return col.field.ID, col.field
	case col.kind == colParent:
		return string(col.level), nil
	case col.kind >= colCode:
		return reservedColumns[col.kind-colCode], nil
	}
	return "", nil
}

// Fill reads one row of text cells into u: cells[i] is the text of column i (a missing cell is
// an empty one). It is Start(u), SetText for every cell, then Finish, and returns their
// problems in that order.
func (c *Columns) Fill(u *Unit, cells []string) ErrorList {
	c.Start(u)
	var errs ErrorList
	for i := range c.cols {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		errs = append(errs, c.SetText(i, s)...)
	}
	return append(errs, c.Finish()...)
}

// Start begins a row: it empties u (keeping the storage of its Values and History for reuse)
// and makes it the unit the row's values are set in.
func (c *Columns) Start(u *Unit) {
	vals := u.Values
	if vals == nil || vals.sch != c.rs.schema {
		vals = c.rs.NewValues()
	} else {
		clear(vals.v)
	}
	*u = Unit{Values: vals, History: u.History[:0], Parents: u.Parents[:0]}
	c.u = u
	c.regionSet, c.periodSet, c.failed = false, false, false
}

// IsParent reports whether column i gives the unit's parent at a level.
func (c *Columns) IsParent(i int) bool {
	return i >= 0 && i < len(c.cols) && c.cols[i].kind == colParent
}

// ParentLevels returns the levels the header has a parent column for, in column order.
func (c *Columns) ParentLevels() []string {
	var out []string
	for _, col := range c.cols {
		if col.kind == colParent {
			out = append(out, string(col.level))
		}
	}
	return out
}

// ready starts a row in a unit of its own when the caller set a value without Start.
func (c *Columns) ready() {
	if c.u == nil {
		c.Start(&Unit{})
	}
}

// Fail records that column i (or the row as a whole when i < 0) held a value its format could
// not read, which the caller reports: Finish then neither gives the column its default nor
// reports it missing, and does not check the row's consistency.
func (c *Columns) Fail(i int) {
	c.failed = true
	if i >= 0 && i < len(c.cols) {
		switch c.cols[i].kind {
		case colRegion:
			c.regionSet = true
		case colPeriod:
			c.periodSet = true
		}
	}
}

func (c *Columns) errorf(i int, code Code, format string, args ...any) *Error {
	c.failed = true
	return &Error{Column: i + 1, Code: code, Message: fmt.Sprintf(format, args...)}
}

// SetText sets column i from its text, as written in a cell (surrounding spaces are ignored;
// an empty text is a missing value, or the default for the region and the period). A field's
// text is read by its type — a number with a decimal point (or a decimal comma with the
// option), a boolean as true/false, có/không, đạt/không đạt, yes/no, 1/0, x — and checked
// against its range; a history is written level@year#decision; …; the code, region, period and
// level are checked.
func (c *Columns) SetText(i int, s string) ErrorList {
	if i < 0 || i >= len(c.cols) {
		return nil
	}
	c.ready()
	col := &c.cols[i]
	if col.kind == colField {
		if e := c.setField(i, col, s); e != nil {
			return ErrorList{e}
		}
		return nil
	}
	t := strings.TrimSpace(s)
	u := c.u
	var e *Error
	switch col.kind {
	case colNone:
		if t != "" {
			e = c.errorf(i, CodeDataColumn, "a value (%s) in a column whose header is empty: name the column or clear the cell", quote(t))
		}
	case colCode:
		e = c.setCode(i, t)
	case colName:
		u.Name = norm.NFC.String(t)
	case colDistrict:
		u.District = norm.NFC.String(t)
	case colRegion:
		c.regionSet = true
		e = c.setRegion(i, t)
	case colPeriod:
		c.periodSet = true
		e = c.setPeriod(i, t)
	case colHistory:
		return c.historyText(i, t)
	case colLevel:
		if t != "" {
			if _, ok := levelOf(c.rs.Levels, Level(t)); ok {
				u.Level = Level(t)
			} else {
				ids := levelIDs(c.rs.Levels)
				e = c.errorf(i, CodeData, "unknown level %s: expected %s", quote(t), strings.Join(ids, ", "))
				e.Suggest = suggest(t, ids)
			}
		}
	case colParent:
		if t != "" {
			u.Parents = append(u.Parents, Parent{Level: c.cols[i].level, Code: norm.NFC.String(t)})
		}
	}
	if e != nil {
		return ErrorList{e}
	}
	return nil
}

// setField sets a field from its text.
func (c *Columns) setField(i int, col *column, s string) *Error {
	f := col.field
	t := strings.TrimSpace(s)
	if t == "" {
		c.u.Values.v[col.at] = Value{}
		return nil
	}
	if f.Type.Numeric() && (c.opts.DecimalComma || strings.IndexByte(t, ',') >= 0) {
		n, err := c.numberText(t)
		if err != nil {
			return c.errorf(i, CodeData, "field %q (%s): %v", f.ID, f.Type, err)
		}
		t = n
	}
	v, err := f.Parse(t)
	if err == nil {
		err = c.set(col, v)
	}
	if err != nil {
		return c.wrap(i, err)
	}
	return nil
}

// set stores a value of the field after checking its range.
func (c *Columns) set(col *column, v Value) error {
	if err := col.field.check(v); err != nil {
		return err
	}
	if v.kind == kindNumber {
		n := v.number().normal()
		v.coef, v.scale = n.coef, n.scale
	}
	c.u.Values.v[col.at] = v
	return nil
}

func (c *Columns) wrap(i int, err error) *Error {
	c.failed = true
	if e, ok := err.(*Error); ok {
		e.Column = i + 1
		return e
	}
	return &Error{Column: i + 1, Code: CodeData, Message: err.Error()}
}

// SetNumber sets column i from a number literal of a format that types its values (a JSON or
// YAML number): it is read exactly, never as a decimal comma, and checked against the field's
// range. For a column that is not a numeric field it is SetText(i, literal).
func (c *Columns) SetNumber(i int, literal string) *Error {
	if i < 0 || i >= len(c.cols) {
		return nil
	}
	c.ready()
	col := &c.cols[i]
	if col.kind != colField || !col.field.Type.Numeric() {
		if errs := c.SetText(i, literal); len(errs) > 0 {
			return errs[0]
		}
		return nil
	}
	f := col.field
	x, err := ParseNumber(literal)
	if err != nil {
		return c.errorf(i, CodeData, "field %q (%s): %s is not a plain decimal number (%v): write it as e.g. 47.5, without an exponent", f.ID, f.Type, quote(literal), err)
	}
	if err := c.set(col, NumberValue(x)); err != nil {
		return c.wrap(i, err)
	}
	return nil
}

// setCode reads a unit's code (trimmed).
func (c *Columns) setCode(i int, t string) *Error {
	switch {
	case t == "":
		return c.errorf(i, CodeData, "no code: every unit needs its official code (e.g. 32221)")
	case strings.ContainsAny(t, "\x00\n\r"):
		return c.errorf(i, CodeData, "the code %s holds a control character", quote(t))
	}
	c.u.Code = norm.NFC.String(t)
	return nil
}

// setRegion reads a region id (trimmed); "" takes the default region.
func (c *Columns) setRegion(i int, s string) *Error {
	if s == "" {
		if c.opts.DefaultRegion != "" {
			c.u.Region = c.opts.DefaultRegion
			return nil
		}
		if !c.rs.RegionChoosesTargets() {
			return nil // the column rules choose from the data
		}
		return c.errorf(i, CodeData, "no region: expected one of %s (or give a default region)", strings.Join(c.regions, ", "))
	}
	for _, r := range c.regions {
		if r == s {
			c.u.Region = r
			return nil
		}
	}
	msg := fmt.Sprintf("unknown region %s: expected one of %s", quote(s), strings.Join(c.regions, ", "))
	if _, declared := c.rs.Region(s); declared {
		msg = fmt.Sprintf("region %s is not accepted by %s: expected one of %s", quote(s), c.rs.Ref(), strings.Join(c.regions, ", "))
	}
	e := c.errorf(i, CodeData, "%s", msg)
	e.Suggest = suggest(s, c.regions)
	return e
}

// setPeriod reads a period (trimmed); "" takes the default period.
func (c *Columns) setPeriod(i int, s string) *Error {
	if s == "" {
		if c.opts.DefaultPeriod != (Period{}) {
			c.u.Period = c.opts.DefaultPeriod
			return nil
		}
		return c.errorf(i, CodeData, "no period: expected a year such as 2020, or 2020-H1 / 2020-H2 (or give a default period)")
	}
	p, err := ParsePeriod(s)
	if err != nil {
		return c.errorf(i, CodeData, "%v", err)
	}
	if !c.inYears(p) {
		return c.errorf(i, CodeData, "period %s is outside the ruleset's years %d-%d (%s): read it with the ruleset in force in %d",
			p, c.y0, c.y1, c.rs.Ref(), p.Year)
	}
	c.u.Period = p
	return nil
}

// inYears reports whether a period lies in the years of the ruleset.
func (c *Columns) inYears(p Period) bool {
	return c.y0 == 0 || p.Year >= c.y0 && p.Year <= c.y1
}

// Finish ends the row: a region or period the row did not give takes its default, or is an
// error; then, when the row has no other problem, its values are checked against each other
// (a field above the field it may not exceed, at_most in the rule file).
func (c *Columns) Finish() ErrorList {
	c.ready()
	var errs ErrorList
	if !c.regionSet {
		if e := c.setRegion(-1, ""); e != nil {
			errs = append(errs, e)
		}
	}
	if !c.periodSet {
		if e := c.setPeriod(-1, ""); e != nil {
			errs = append(errs, e)
		}
	}
	if c.failed || len(errs) > 0 {
		return errs
	}
	for _, x := range c.u.Values.inconsistencies() {
		i, _ := c.rs.schema.lookup(x.field)
		errs = append(errs, &Error{Column: c.colOf[i] + 1, Code: CodeDataConsistency, Message: x.msg})
	}
	return errs
}

// historyText reads a history written on one line: entries separated by ';', each
// level@year optionally followed by #decision, e.g. "ntm@2015#123/QĐ-UBND; advanced@2021".
func (c *Columns) historyText(i int, s string) ErrorList {
	var errs ErrorList
	n := 0
	for rest := s; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ";")
		t := strings.TrimSpace(part)
		if t == "" {
			continue
		}
		n++
		fail := func(e *Error) {
			e.Path = "entry " + strconv.Itoa(n)
			errs = append(errs, e)
		}
		// An entry may end with the ruleset it was granted under: ntm@2018#12/QĐ-UBND[vn.xa-ntm@2016-2020].
		under := ""
		if strings.HasSuffix(t, "]") {
			if k := strings.LastIndex(t, "["); k >= 0 {
				under, t = strings.TrimSpace(t[k+1:len(t)-1]), strings.TrimSpace(t[:k])
				if id, ver, ok := strings.Cut(under, "@"); !ok || id == "" || ver == "" {
					fail(c.errorf(i, CodeData, "history entry %s: the ruleset in [ ] is written id@version (e.g. [vn.xa-ntm@2016-2020])", quote(part)))
					continue
				}
			}
		}
		head, decision, hasDecision := strings.Cut(t, "#")
		decision = strings.TrimSpace(decision)
		lv, yr, hasAt := strings.Cut(head, "@")
		lv, yr = strings.TrimSpace(lv), strings.TrimSpace(yr)
		if !hasAt || lv == "" || yr == "" {
			fail(c.errorf(i, CodeData, "history entry %s: expected level@year, optionally followed by #decision (e.g. ntm@2015#123/QĐ-UBND); entries are separated by ';'", quote(t)))
			continue
		}
		if hasDecision && decision == "" {
			fail(c.errorf(i, CodeData, "history entry %s: nothing follows '#': write the decision number (e.g. #123/QĐ-UBND) or drop the '#'", quote(t)))
			continue
		}
		e1 := c.title(i, lv)
		y, e2 := c.year(i, yr)
		if e1 != nil || e2 != nil {
			for _, e := range []*Error{e1, e2} {
				if e != nil {
					fail(e)
				}
			}
			continue
		}
		if e := c.addRecognition(i, Recognition{Level: lv, Year: y, Decision: norm.NFC.String(decision), Ruleset: under}); e != nil {
			fail(e)
		}
	}
	return errs
}

// title checks a recognition title.
func (c *Columns) title(i int, s string) *Error {
	if ydec.Contains(c.levels, s) {
		return nil
	}
	e := c.errorf(i, CodeData, "unknown recognition level %s: expected one of %s", quote(s), strings.Join(c.levels, ", "))
	e.Suggest = suggest(strings.ToLower(s), c.levels)
	if e.Suggest == "" && ydec.Contains(c.levels, strings.ToLower(s)) {
		e.Suggest = strings.ToLower(s)
	}
	return e
}

// year reads a recognition year written as text.
func (c *Columns) year(i int, s string) (int, *Error) {
	y := 0
	ok := len(s) == 4
	for k := 0; ok && k < len(s); k++ {
		ok = s[k] >= '0' && s[k] <= '9'
		y = y*10 + int(s[k]-'0')
	}
	if !ok || y < 1900 || y > 2200 {
		return 0, c.errorf(i, CodeData, "year %s: expected a year such as 2015", quote(s))
	}
	return y, nil
}

// addRecognition appends an entry to the history unless the history lists its level and year
// already.
func (c *Columns) addRecognition(i int, r Recognition) *Error {
	for _, h := range c.u.History {
		if h.Level == r.Level && h.Year == r.Year {
			return c.errorf(i, CodeData, "the history lists %s@%d twice", r.Level, r.Year)
		}
	}
	c.u.History = append(c.u.History, r)
	return nil
}

// HistoryEntry is one recognition of a history as a format that structures it gives it (JSON
// and YAML objects), each part as written; "" is a part not given (the caller reports it when
// it is required).
type HistoryEntry struct {
	Level    string          // the title: ntm, advanced, model, … or a title the ruleset names
	Year     string          // the year the title is for, e.g. "2015"
	Decision string          // the decision's number, e.g. "123/QĐ-UBND"
	Ruleset  string          // the ruleset it was granted under (id@version), when known
	Recorded []RecordedValue // values recorded with the recognition, in the order given
}

// RecordedValue is one value recorded with a recognition: the field it is recorded for and
// the number, as a literal of a typed format (Literal: read exactly, never as a decimal comma)
// or as text (read with the decimal-comma option).
type RecordedValue struct {
	Field   string
	Value   string
	Literal bool
}

// AddRecognition adds a structured entry to the history of column i. Its parts are checked as
// the entries of a history written as text are: a title the ruleset knows, a year, no two
// entries with the same title and year; and every recorded value names a field and is a
// number. The entry is added when its title and year are given and it has no problem. The
// Path of each problem names the part: "level", "year", "recorded › <field>", or "" for the
// entry as a whole.
func (c *Columns) AddRecognition(i int, h HistoryEntry) ErrorList {
	c.ready()
	var errs ErrorList
	add := func(e *Error, path string) {
		e.Path = path
		errs = append(errs, e)
	}
	r := Recognition{Decision: norm.NFC.String(strings.TrimSpace(h.Decision)), Ruleset: strings.TrimSpace(h.Ruleset)}
	if id, ver, ok := strings.Cut(r.Ruleset, "@"); r.Ruleset != "" && (!ok || id == "" || ver == "") {
		return ErrorList{c.errorf(i, CodeData, "history entry: ruleset %s is written id@version (e.g. vn.xa-ntm@2016-2020)", quote(r.Ruleset))}
	}
	if h.Level != "" {
		if e := c.title(i, h.Level); e != nil {
			add(e, "level")
		} else {
			r.Level = h.Level
		}
	}
	if h.Year != "" {
		if y, e := c.year(i, h.Year); e != nil {
			add(e, "year")
		} else {
			r.Year = y
		}
	}
	for _, rv := range h.Recorded {
		p := "recorded › " + rv.Field
		if !ydec.Contains(c.records, rv.Field) {
			e := c.errorf(i, CodeRefField, "unknown recorded value %s: expected a field of %s", quote(rv.Field), c.rs.Ref())
			e.Suggest = suggest(rv.Field, c.records)
			add(e, p)
			continue
		}
		lit := strings.TrimSpace(rv.Value)
		if !rv.Literal {
			if conv, err := c.numberText(lit); err != nil {
				add(c.errorf(i, CodeData, "%v", err), p)
				continue
			} else if conv != "" {
				lit = conv
			}
		}
		x, err := ParseNumber(lit)
		if err != nil {
			add(c.errorf(i, CodeData, "%s is not a plain decimal number (%v): write it as e.g. 47.5", quote(lit), err), p)
			continue
		}
		if r.Recorded == nil {
			r.Recorded = map[string]Number{}
		}
		r.Recorded[rv.Field] = x
	}
	if len(errs) > 0 || r.Level == "" || r.Year == 0 {
		c.failed = true
		return errs
	}
	if e := c.addRecognition(i, r); e != nil {
		add(e, "")
	}
	return errs
}

// thousands matches a number whose commas could separate thousands: 1,000 or 12,345,678.
var thousands = regexp.MustCompile(`^[+-]?[0-9]{1,3}(,[0-9]{3})+$`)

// numberText rewrites a number written with a decimal comma for ParseNumber. It returns ""
// when s has no comma and the option is off (s is then parsed as it is), and an error that
// says how to fix a comma the options do not allow.
func (c *Columns) numberText(s string) (string, error) {
	if !c.opts.DecimalComma {
		if strings.Contains(s, ",") {
			if thousands.MatchString(s) {
				plain := strings.ReplaceAll(s, ",", "")
				if strings.Count(s, ",") > 1 {
					return "", fmt.Errorf("%s is not a number: write %s (no thousands separators)", quote(s), plain)
				}
				// 1,000: a thousand, or one written with a decimal comma
				return "", fmt.Errorf("%s is ambiguous: write %s if the comma separates thousands (no thousands separators), "+
					"or read the file with the decimal-comma option (--decimal-comma) if it is a decimal comma", quote(s), plain)
			}
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

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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
