package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/nongthonmoi/ntm/internal/cell"
)

// Status is how a table cell is coloured: as met, not met or unknown.
type Status uint8

// The statuses a cell may be coloured with.
const (
	StatusNone Status = iota
	StatusMet
	StatusNotMet
	StatusUnknown
)

// Table is one sheet of a Book.
type Table struct {
	Name    string   // the sheet's name: cut to 31 characters, made unique, without []:*?/\
	Caption []string // lines above the header (a title, the period)
	Header  []string
	Rows    [][]string
	// Numeric marks the columns whose cells are numbers, written with the decimal separator
	// of Comma (47,5) or a point: they are written as number cells. A cell that does not read
	// as a number stays text.
	Numeric []bool
	Comma   bool
	// Status colours the cells whose text it maps: green met, red not met, yellow unknown.
	Status map[string]Status
}

// Book is a workbook of results: an about sheet (what the numbers are from), then one sheet
// per table, each with a frozen header, widths fitted to its cells (within 60 characters),
// numbers as number cells and statuses coloured. Text cells are neutralised so that no
// spreadsheet runs one as a formula. Sheets are streamed: a table of 100,000 rows is written
// without keeping a cell structure for each.
type Book struct {
	f      *excelize.File
	styles map[string]int
	names  map[string]bool
	sheets int
	about  string // the about sheet's name, "" for none
	err    error
}

// NewBook starts a workbook whose first sheet, named about, says what the numbers are from
// (see About); "" gives no about sheet.
func NewBook(about string) *Book {
	b := &Book{f: excelize.NewFile(), styles: map[string]int{}, names: map[string]bool{}}
	b.fail(b.f.SetDocProps(&excelize.DocProperties{Creator: "ntm", LastModifiedBy: "ntm"}))
	if about != "" {
		b.about = b.sheetName(about)
		b.fail(b.useSheet(b.about))
	}
	return b
}

// About writes the about sheet, named name (renaming the one NewBook made): a title, then one
// line per pair (a name, its value), such as the ruleset, its legal documents and the data's
// source. It may come after the tables.
func (b *Book) About(name, title string, lines [][2]string) error {
	if b.err != nil {
		return b.err
	}
	if b.about == "" {
		return b.fail(errors.New("xlsx: the workbook was made without an about sheet"))
	}
	delete(b.names, strings.ToLower(b.about))
	if n := b.sheetName(name); n != b.about {
		if err := b.f.SetSheetName(b.about, n); err != nil {
			return b.fail(err)
		}
		b.about = n
	}
	sheet := b.about
	bold := b.style("bold", &excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	key := b.style("key", &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	wrap := b.style("wrap", &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err := b.f.SetCellStr(sheet, "A1", cell.Neutralize(title)); err != nil {
		return b.fail(err)
	}
	if err := b.f.SetCellStyle(sheet, "A1", "A1", bold); err != nil {
		return b.fail(err)
	}
	for i, l := range lines {
		r := i + 3
		for c, v := range l {
			ref, _ := excelize.CoordinatesToCellName(c+1, r)
			if err := b.f.SetCellStr(sheet, ref, cell.Neutralize(v)); err != nil {
				return b.fail(err)
			}
			st := wrap
			if c == 0 {
				st = key
			}
			if err := b.f.SetCellStyle(sheet, ref, ref, st); err != nil {
				return b.fail(err)
			}
		}
	}
	if err := b.f.SetColWidth(sheet, "A", "A", 28); err != nil {
		return b.fail(err)
	}
	return b.fail(b.f.SetColWidth(sheet, "B", "B", 90))
}

// Add writes a table as a sheet of its own.
func (b *Book) Add(t Table) error {
	if b.err != nil {
		return b.err
	}
	if len(t.Rows)+len(t.Caption)+2 > MaxRows {
		return b.fail(fmt.Errorf("the table %q has %d rows: a sheet holds at most %d", t.Name, len(t.Rows), MaxRows))
	}
	sheet := b.sheetName(t.Name)
	if err := b.useSheet(sheet); err != nil {
		return b.fail(err)
	}
	sw, err := b.f.NewStreamWriter(sheet)
	if err != nil {
		return b.fail(err)
	}
	head := b.style("head", &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	caption := b.style("caption", &excelize.Style{Font: &excelize.Font{Bold: true}})
	fills := map[Status]int{
		StatusMet:     b.style("met", &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C6EFCE"}}}),
		StatusNotMet:  b.style("notmet", &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}),
		StatusUnknown: b.style("unknown", &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}}}),
	}
	// Widths, fitted to the widest cell of each column (a sample of the first rows).
	for c := range t.Header {
		w := utf8.RuneCountInString(t.Header[c])/2 + 2
		for r := 0; r < len(t.Rows) && r < 500; r++ {
			if c < len(t.Rows[r]) {
				w = max(w, utf8.RuneCountInString(t.Rows[r][c])+2)
			}
		}
		if err := sw.SetColWidth(c+1, c+1, float64(min(60, max(8, w)))); err != nil {
			return b.fail(err)
		}
	}
	top := len(t.Caption) + 1 // the header's row
	if len(t.Caption) > 0 {
		top++ // a blank row between
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: fmt.Sprintf("A%d", top+1), ActivePane: "bottomLeft"}); err != nil {
		return b.fail(err)
	}
	row := 1
	for _, l := range t.Caption {
		if err := sw.SetRow(fmt.Sprintf("A%d", row), []any{excelize.Cell{StyleID: caption, Value: cell.Neutralize(l)}}); err != nil {
			return b.fail(err)
		}
		row++
	}
	if len(t.Caption) > 0 {
		row++
	}
	hdr := make([]any, len(t.Header))
	for i, h := range t.Header {
		hdr[i] = excelize.Cell{StyleID: head, Value: cell.Neutralize(h)}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", row), hdr); err != nil {
		return b.fail(err)
	}
	row++
	vals := make([]any, 0, len(t.Header))
	for _, r := range t.Rows {
		vals = vals[:0]
		for c, s := range r {
			x := excelize.Cell{StyleID: fills[t.Status[s]], Value: cell.Neutralize(s)}
			if c < len(t.Numeric) && t.Numeric[c] {
				if n, ok := number(s, t.Comma); ok {
					x.Value = n
				}
			}
			vals = append(vals, x)
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", row), vals); err != nil {
			return b.fail(err)
		}
		row++
	}
	return b.fail(sw.Flush())
}

// IsNumber reports whether a table's cell is a number Add writes as a number cell.
func IsNumber(s string, comma bool) bool { _, ok := number(s, comma); return ok }

// number reads a table's number cell: "47,5" (with a decimal comma), "1.234,5", "47.5",
// "-3"; a percent sign or a unit after it is not a number.
func number(s string, comma bool) (float64, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, false
	}
	if comma {
		t = strings.ReplaceAll(t, ".", "")
		t = strings.Replace(t, ",", ".", 1)
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-') {
			return 0, false
		}
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return 0, false
	}
	f, _ := d.Float64()
	return f, true
}

// Write writes the workbook.
func (b *Book) Write(w io.Writer) error {
	if b.err != nil {
		return b.err
	}
	if b.sheets == 0 {
		return errors.New("xlsx: the workbook has no sheet")
	}
	defer b.f.Close()
	return b.f.Write(w)
}

func (b *Book) fail(err error) error {
	if err != nil && b.err == nil {
		b.err = err
	}
	return b.err
}

func (b *Book) style(name string, s *excelize.Style) int {
	if id, ok := b.styles[name]; ok {
		return id
	}
	id, err := b.f.NewStyle(s)
	if err != nil {
		b.fail(err)
	}
	b.styles[name] = id
	return id
}

// useSheet makes a sheet: the workbook's first, renamed, or a new one.
func (b *Book) useSheet(name string) error {
	b.sheets++
	if b.sheets == 1 {
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// sheetName makes a valid, unique sheet name: at most 31 characters, none of []:*?/\.
func (b *Book) sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, strings.TrimSpace(name))
	name = strings.Trim(name, "'")
	if name == "" {
		name = fmt.Sprintf("Sheet %d", b.sheets+1)
	}
	cut := func(s string, n int) string {
		if utf8.RuneCountInString(s) <= n {
			return s
		}
		return string([]rune(s)[:n])
	}
	name = strings.Join(strings.Fields(name), " ")
	name = strings.TrimSpace(cut(name, 31))
	base := name
	for i := 2; b.names[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		name = cut(base, 31-len(suffix)) + suffix
	}
	b.names[strings.ToLower(name)] = true
	return name
}
