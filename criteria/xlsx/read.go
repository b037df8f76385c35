// Package xlsx reads units from Excel workbooks (.xlsx) and writes workbooks: the template a
// person fills in, and tables of results. It is a package of its own so that a program that
// reads CSV or JSON does not pull in a spreadsheet library.
//
// Reading streams the sheet's XML from the archive with the standard library, cell by cell,
// so a sheet of any length is read in memory bounded by its shared strings and one row; the
// archive itself is read whole (MaxWorkbookBytes). Writing uses github.com/xuri/excelize.
package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/unicode/norm"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

// Limits of what a workbook may hold. Going past one is an error that names it.
const (
	// MaxWorkbookBytes bounds the .xlsx file: the archive is read whole into memory.
	MaxWorkbookBytes = 64 << 20
	// MaxSharedStringBytes bounds the workbook's table of texts once decompressed: it is
	// kept in memory while a sheet is read.
	MaxSharedStringBytes = 128 << 20
	// MaxPartBytes bounds the other parts read whole (the workbook, its relations, styles).
	MaxPartBytes = 16 << 20
	// MaxSheetBytes bounds a sheet's XML once decompressed: it is streamed, never kept, so
	// this bounds the time spent on it (a spreadsheet's 1,048,576 rows of 100 filled cells).
	MaxSheetBytes = 4 << 30
	// MaxRows is a sheet's row limit, as Excel's.
	MaxRows = 1 << 20
	// MaxSheets bounds the sheets of a workbook.
	MaxSheets = 1000
	// MaxSharedStrings bounds the entries of the workbook's table of texts.
	MaxSharedStrings = 4_000_000
)

// Open opens a workbook of fsys and returns a reader of the units of one of its sheets (sheet
// "" for the first), read as a CSV file is (see data.NewSheetReader): the header by field id
// or by the template's labels, numbers by the value the cell holds (exactly, to the 15
// significant digits a spreadsheet keeps), a formula by its cached value, TRUE and FALSE,
// dates as 2020-06-30; errors name the sheet and cell (Xã!B17). The error (a
// criteria.ErrorList) says why nothing can be read: not a workbook, password-protected, too
// large, no such sheet. Close the reader when done.
func Open(fsys fs.FS, name, sheet string, rs *criteria.Ruleset, opts ...data.Option) (*data.Reader, error) {
	sh, err := OpenSheet(fsys, name, sheet)
	if err != nil {
		return nil, err
	}
	return data.NewSheetReader(sh, name, rs, opts...)
}

// OpenSheet opens one sheet of a workbook of fsys ("" for the first) as a source of rows of
// typed cells, for a reader of tables other than units (a sheet of rules, say).
func OpenSheet(fsys fs.FS, name, sheet string) (data.Sheet, error) {
	fail := func(code criteria.Code, format string, args ...any) (data.Sheet, error) {
		return nil, criteria.ErrorList{{File: name, Code: code, Message: fmt.Sprintf(format, args...)}}
	}
	if fsys == nil {
		return fail(criteria.CodeSyntax, "%v", criteria.ErrNoFS)
	}
	if !fs.ValidPath(name) {
		return fail(criteria.CodeSyntax, "%v", criteria.InvalidPathError(name))
	}
	f, err := fsys.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fail(criteria.CodeSyntax, "cannot read the file: %v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxWorkbookBytes+1))
	if err != nil {
		return fail(criteria.CodeSyntax, "cannot read the file: %v", err)
	}
	if len(b) > MaxWorkbookBytes {
		return fail(criteria.CodeDataLimit, "the workbook is larger than %d MB: save the sheet as CSV UTF-8, which is read as a stream", MaxWorkbookBytes>>20)
	}
	sh, e := openSheet(b, name, sheet)
	if e != nil {
		e.File = name
		return nil, criteria.ErrorList{e}
	}
	return sh, nil
}

// ReadFile reads every unit of one sheet into a DataSet (see Open, data.ReadAll).
func ReadFile(fsys fs.FS, name, sheet string, rs *criteria.Ruleset, opts ...data.Option) *data.DataSet {
	r, err := Open(fsys, name, sheet, rs, opts...)
	if err != nil {
		return &data.DataSet{Errors: criteria.Errors(err)}
	}
	defer r.Close()
	return data.ReadAll(r)
}

// SheetNames returns the names of the sheets of a workbook of fsys, in order.
func SheetNames(fsys fs.FS, name string) ([]string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	if len(b) > MaxWorkbookBytes {
		return nil, fmt.Errorf("the workbook is larger than %d MB", MaxWorkbookBytes>>20)
	}
	return Sheets(b)
}

// Sheets returns the names of a workbook's sheets, in order.
func Sheets(b []byte) ([]string, error) {
	wb, e := openWorkbook(b)
	if e != nil {
		return nil, e
	}
	out := make([]string, len(wb.sheets))
	for i, s := range wb.sheets {
		out[i] = s.name
	}
	return out, nil
}

// workbook is what a sheet's reading needs of the archive.
type workbook struct {
	zr       *zip.Reader
	sheets   []sheetRef
	shared   []string
	dates    map[int]bool // cell style indices whose number format is a date
	percents map[int]bool // … shows a percentage (the cell holds 0.03 for 3 %)
	zeros    map[int]int  // … pads a whole number with zeros to a width (00000: a code)
	date1904 bool
}

type sheetRef struct{ name, part string }

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

func openWorkbook(b []byte) (*workbook, *criteria.Error) {
	if bytes.HasPrefix(b, oleMagic) {
		return nil, &criteria.Error{Code: criteria.CodeDataEncoding, Message: "the file is password-protected, or an old .xls workbook: remove the password, or save it as .xlsx (Excel Workbook) or CSV UTF-8"}
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, &criteria.Error{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("not an .xlsx workbook (%v): save it from the spreadsheet as Excel Workbook (.xlsx), or as CSV UTF-8", err)}
	}
	wb := &workbook{zr: zr, dates: map[int]bool{}, percents: map[int]bool{}, zeros: map[int]int{}}
	var wx struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if e := wb.decodePart("xl/workbook.xml", &wx, true); e != nil {
		return nil, e
	}
	wb.date1904 = wx.Pr.Date1904 == "1" || wx.Pr.Date1904 == "true"
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if e := wb.decodePart("xl/_rels/workbook.xml.rels", &rels, true); e != nil {
		return nil, e
	}
	if len(wx.Sheets) > MaxSheets {
		return nil, &criteria.Error{Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the workbook has %d sheets; at most %d are read", len(wx.Sheets), MaxSheets)}
	}
	targets := make(map[string]string, len(rels.Rels))
	for _, r := range rels.Rels {
		targets[r.ID] = r.Target
	}
	for _, s := range wx.Sheets {
		if t, ok := targets[s.RID]; ok {
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(t, "/")
			} else {
				t = path.Join("xl", t)
			}
			wb.sheets = append(wb.sheets, sheetRef{name: norm.NFC.String(s.Name), part: t})
		}
	}
	if len(wb.sheets) == 0 {
		return nil, &criteria.Error{Code: criteria.CodeDataEncoding, Message: "the workbook has no worksheet"}
	}
	return wb, nil
}

// openSheet opens one sheet of a workbook for reading.
func openSheet(b []byte, name, sheet string) (*sheetReader, *criteria.Error) {
	wb, e := openWorkbook(b)
	if e != nil {
		return nil, e
	}
	ref := wb.sheets[0]
	if sheet != "" {
		found := false
		for _, s := range wb.sheets {
			if s.name == norm.NFC.String(sheet) {
				ref, found = s, true
			}
		}
		if !found {
			var names []string
			for i, s := range wb.sheets {
				if i == 20 {
					names = append(names, fmt.Sprintf("and %d more", len(wb.sheets)-20))
					break
				}
				names = append(names, strconv.Quote(s.name))
			}
			return nil, &criteria.Error{Code: criteria.CodeDataColumn, Message: fmt.Sprintf("the workbook has no sheet %q: its sheets are %s", sheet, strings.Join(names, ", "))}
		}
	}
	if e := wb.readShared(); e != nil {
		return nil, e
	}
	if e := wb.readStyles(); e != nil {
		return nil, e
	}
	merges, e := readMerges(wb, ref)
	if e != nil {
		return nil, e
	}
	f, err := wb.zr.Open(ref.part)
	if err != nil {
		return nil, &criteria.Error{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("the sheet %q cannot be read: %v", ref.name, err)}
	}
	lr := &limitedReader{r: f, n: MaxSheetBytes}
	sort.Slice(merges, func(i, j int) bool { return merges[i].r0 < merges[j].r0 })
	return &sheetReader{wb: wb, name: ref.name, file: f, lr: lr, sc: newScanner(lr), merges: merges}, nil
}

// MaxMerges bounds the merged ranges of a sheet that are read.
const MaxMerges = 100_000

// merge is a merged range of cells: each reads as its top-left cell.
type merge struct {
	r0, c0, r1, c1 int
	top            data.Cell // the top-left cell, once its row is read
}

// readMerges reads a sheet's merged ranges, which the XML gives after the cells: a first pass
// skims the tags.
func readMerges(wb *workbook, ref sheetRef) ([]merge, *criteria.Error) {
	f, err := wb.zr.Open(ref.part)
	if err != nil {
		return nil, &criteria.Error{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("the sheet %q cannot be read: %v", ref.name, err)}
	}
	defer f.Close()
	// The ranges come after the cells: find "<mergeCells" (or a prefixed "…:mergeCells") by a
	// byte search, as fast as the sheet inflates, then read the tags from there.
	br := skipTo(bufio.NewReaderSize(&limitedReader{r: f, n: MaxSheetBytes}, 64<<10), []byte("mergeCells"))
	if br == nil {
		return nil, nil
	}
	sc := &scanner{br: br}
	var out []merge
	for {
		if err := sc.next(false); err != nil {
			return out, nil // the reading proper reports a broken sheet where it breaks
		}
		if sc.end || !sc.is("mergeCell") {
			continue
		}
		if len(out) == MaxMerges {
			return nil, &criteria.Error{Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the sheet %q has more than %d merged ranges", ref.name, MaxMerges)}
		}
		a, b, _ := strings.Cut(sc.attr("ref"), ":")
		c0, r0, ok0 := cellRef(a)
		c1, r1, ok1 := cellRef(b)
		if ok0 && ok1 && r1 >= r0 && c1 >= c0 && c1 <= data.MaxColumns {
			out = append(out, merge{r0: r0, c0: c0, r1: r1, c1: c1})
		}
	}
}

// skipTo reads past the first occurrence of pattern and returns a reader of what follows it;
// nil when there is none.
func skipTo(br *bufio.Reader, pattern []byte) *bufio.Reader {
	buf := make([]byte, 64<<10)
	keep := 0 // bytes kept from the last block, to match across blocks
	for {
		n, err := br.Read(buf[keep:])
		window := buf[:keep+n]
		if i := bytes.Index(window, pattern); i >= 0 {
			// Give back what follows the pattern: the reader goes on from there.
			rest := append([]byte(nil), window[i+len(pattern):]...)
			return bufio.NewReaderSize(io.MultiReader(bytes.NewReader(rest), br), 64<<10)
		}
		keep = min(len(pattern)-1, len(window))
		copy(buf, window[len(window)-keep:])
		if err != nil {
			return nil
		}
	}
}

// applyMerges gives the cells of the row that merged ranges cover the value of their range's
// top-left cell, which is kept when its row is read.
func (s *sheetReader) applyMerges() {
	// The ranges are sorted by their first row: those begun are active until past their last.
	for s.nextMerge < len(s.merges) && s.merges[s.nextMerge].r0 <= s.row {
		s.active = append(s.active, s.nextMerge)
		s.nextMerge++
	}
	kept := s.active[:0]
	for _, i := range s.active {
		if s.merges[i].r1 >= s.row {
			kept = append(kept, i)
		}
	}
	s.active = kept
	width := 0
	for _, i := range s.active {
		width += min(s.merges[i].c1, data.MaxColumns) - s.merges[i].c0 + 1
	}
	if width > data.MaxColumns {
		// Ranges a spreadsheet never makes (they overlap): refused, so a row costs at most
		// its columns.
		s.fail("the merged ranges of the sheet %s overlap in row %d", s.name, s.row)
		s.cells = s.cells[:0]
		return
	}
	for _, i := range s.active {
		m := &s.merges[i]
		if s.row == m.r0 && m.c0 <= len(s.cells) {
			m.top = s.cells[m.c0-1]
		}
		for len(s.cells) < m.c1 && m.top.Kind != data.CellEmpty {
			s.cells = append(s.cells, data.Cell{})
		}
		for c := m.c0; c <= m.c1 && c <= len(s.cells); c++ {
			if s.row != m.r0 || c != m.c0 {
				s.cells[c-1] = m.top
			}
		}
	}
}

// limitedReader reads at most n bytes, then fails: a sheet that inflates past its bound.
type limitedReader struct {
	r io.Reader
	n int64
}

var errTooLarge = errors.New("past the size limit")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// decodePart decodes a part read whole, within MaxPartBytes.
func (wb *workbook) decodePart(name string, v any, required bool) *criteria.Error {
	f, err := wb.zr.Open(name)
	if err != nil {
		if !required {
			return nil
		}
		return &criteria.Error{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("not an .xlsx workbook: it has no %s", name)}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxPartBytes+1))
	if err != nil {
		return &criteria.Error{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("the workbook's %s cannot be read: %v", name, err)}
	}
	if len(b) > MaxPartBytes {
		return &criteria.Error{Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the workbook's %s is larger than %d MB", name, MaxPartBytes>>20)}
	}
	if err := xml.Unmarshal(b, v); err != nil {
		return &criteria.Error{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("the workbook's %s is not valid XML: %v", name, err)}
	}
	return nil
}

// readShared reads the table of texts the cells of type "s" point into, within
// MaxSharedStringBytes.
func (wb *workbook) readShared() *criteria.Error {
	f, err := wb.zr.Open("xl/sharedStrings.xml")
	if err != nil {
		return nil // a workbook with no text cells has none
	}
	defer f.Close()
	lr := &limitedReader{r: f, n: MaxSharedStringBytes}
	dec := xml.NewDecoder(lr)
	var cur strings.Builder
	depth, inSI, inT, inPh := 0, false, false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, errTooLarge) {
				return &criteria.Error{Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the workbook's texts take more than %d MB: save the sheet as CSV UTF-8", MaxSharedStringBytes>>20)}
			}
			return &criteria.Error{Code: criteria.CodeDataEncoding, Message: fmt.Sprintf("the workbook's table of texts is not valid XML: %v", err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inT = inSI
			case "rPh": // a phonetic reading, not the text
				inPh = true
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "si":
				inSI = false
				if len(wb.shared) == MaxSharedStrings {
					return &criteria.Error{Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the workbook's table of texts has more than %d entries: save the sheet as CSV UTF-8", MaxSharedStrings)}
				}
				wb.shared = append(wb.shared, norm.NFC.String(cur.String()))
			case "t":
				inT = false
			case "rPh":
				inPh = false
			}
		case xml.CharData:
			if inT && !inPh && cur.Len() <= data.MaxCellBytes {
				cur.Write(t)
			}
		}
	}
}

// readStyles finds the cell styles whose number format shows a date.
func (wb *workbook) readStyles() *criteria.Error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if e := wb.decodePart("xl/styles.xml", &st, false); e != nil {
		return e
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	for i, x := range st.Xfs {
		if code, ok := custom[x.NumFmtID]; ok {
			wb.dates[i] = isDateFormat(code)
			wb.percents[i] = !wb.dates[i] && isPercentFormat(code)
			if strings.Trim(code, "0") == "" && len(code) > 1 {
				wb.zeros[i] = len(code)
			}
		} else {
			wb.percents[i] = x.NumFmtID == 9 || x.NumFmtID == 10
			id := x.NumFmtID
			wb.dates[i] = id >= 14 && id <= 22 || id >= 45 && id <= 47 || id >= 27 && id <= 36 || id >= 50 && id <= 58
		}
	}
	return nil
}

// isPercentFormat reports whether a number format code shows a percentage: a % outside quotes
// and escapes.
func isPercentFormat(code string) bool {
	inQuote, esc := false, false
	for _, r := range code {
		switch {
		case esc:
			esc = false
		case r == '\\':
			esc = true
		case r == '"':
			inQuote = !inQuote
		case !inQuote && r == '%':
			return true
		}
	}
	return false
}

// isDateFormat reports whether a number format code shows a date or time: it holds d, m, y,
// h or s outside quotes, brackets and escapes (a colour [Red], "text", \x).
func isDateFormat(code string) bool {
	inQuote, inBracket, esc := false, false, false
	for _, r := range strings.ToLower(code) {
		switch {
		case esc:
			esc = false
		case r == '\\':
			esc = true
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '[':
			inBracket = true
		case r == ']':
			inBracket = false
		case inBracket:
		case r == 'd' || r == 'm' || r == 'y' || r == 'h' || r == 's':
			return true
		}
	}
	return false
}

// sheetReader streams the rows of one sheet.
type sheetReader struct {
	wb     *workbook
	name   string
	file   io.Closer
	lr     *limitedReader
	sc     *scanner
	row    int
	cells  []data.Cell
	err    *criteria.Error
	done   bool
	merges []merge // sorted by first row
	active []int   // the ranges the current row is in, or was before
	// nextMerge is the first range not yet begun.
	nextMerge int
}

func (s *sheetReader) Close() error { return s.file.Close() }

func (s *sheetReader) Err() *criteria.Error { return s.err }

func (s *sheetReader) Row() (int, []data.Cell) { return s.row, s.cells }

// Where names a cell: Xã!B17.
func (s *sheetReader) Where(row, col int) string {
	return quoteSheet(s.name) + "!" + columnName(col) + strconv.Itoa(row)
}

func quoteSheet(name string) string {
	if strings.ContainsAny(name, " !'-") {
		return "'" + strings.ReplaceAll(name, "'", "''") + "'"
	}
	return name
}

// columnName writes a 1-based column number as letters: 1 → A, 28 → AB.
func columnName(col int) string {
	if col < 1 {
		return "?"
	}
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// cellType names a cell's type attribute without allocating for the usual ones.
func cellType(t []byte) string {
	switch string(t) {
	case "":
		return ""
	case "s":
		return "s"
	case "n":
		return "n"
	case "b":
		return "b"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "e":
		return "e"
	}
	return string(t)
}

// atoi reads a small non-negative decimal number; -1 when it is none.
func atoi(b []byte) int {
	if len(b) == 0 || len(b) > 9 {
		return -1
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// cellRefBytes reads a cell reference ("AB17" → 28, 17) without allocating.
func cellRefBytes(ref []byte) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if col > 1<<14 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row = atoi(ref[i:])
	return col, row, row >= 1
}

// cellRef reads the letters of a cell reference ("AB17" → 28, 17).
func cellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if col > 1<<14 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	return col, row, err == nil && row >= 1
}

func (s *sheetReader) fail(format string, args ...any) bool {
	s.err = &criteria.Error{Line: s.row, Path: quoteSheet(s.name), Code: criteria.CodeDataEncoding,
		Message: fmt.Sprintf(format, args...) + "; the reading stops here: the rows after it are not read"}
	s.done = true
	return false
}

// Next reads the next row that holds a cell.
func (s *sheetReader) Next() bool {
	if s.done {
		return false
	}
	s.cells = s.cells[:0]
	for {
		if err := s.sc.next(false); err != nil {
			if err == io.EOF {
				s.done = true
				return false
			}
			return s.broken(err)
		}
		if s.sc.end || !s.sc.is("row") {
			continue
		}
		next := s.row + 1
		if r := s.sc.attr("r"); r != "" {
			n, err := strconv.Atoi(r)
			if err != nil || n <= s.row {
				return s.fail("row %q of the sheet %s is out of order", r, s.name)
			}
			next = n
		}
		if next > MaxRows {
			s.err = &criteria.Error{Line: next, Path: quoteSheet(s.name), Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the sheet has more than %d rows, a spreadsheet's limit", MaxRows)}
			s.done = true
			return false
		}
		s.row = next
		if !s.sc.self && !s.readRow() {
			return false
		}
		if len(s.merges) > 0 {
			if s.applyMerges(); s.done {
				return false
			}
		}
		if len(s.cells) > 0 {
			return true
		}
	}
}

// broken ends the reading on a problem of the sheet's XML or its size.
func (s *sheetReader) broken(err error) bool {
	if errors.Is(err, errTooLarge) {
		s.err = &criteria.Error{Line: s.row, Path: quoteSheet(s.name), Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the sheet takes more than %d GB once unpacked: save it as CSV UTF-8", MaxSheetBytes>>30)}
		s.done = true
		return false
	}
	return s.fail("the sheet %s is not valid XML after row %d: %v", s.name, s.row, err)
}

// readRow reads the cells of a row up to its end.
func (s *sheetReader) readRow() bool {
	col := 0
	for {
		if err := s.sc.next(false); err != nil {
			return s.broken(err)
		}
		if s.sc.end && s.sc.is("row") {
			// Trailing empty cells are no cells.
			for len(s.cells) > 0 && s.cells[len(s.cells)-1].Kind == data.CellEmpty && s.cells[len(s.cells)-1].Warning == "" {
				s.cells = s.cells[:len(s.cells)-1]
			}
			return true
		}
		if s.sc.end || !s.sc.is("c") {
			continue
		}
		c := col + 1
		if r := s.sc.attrBytes("r"); len(r) > 0 {
			cc, rr, ok := cellRefBytes(r)
			if !ok || rr != s.row || cc <= col {
				return s.fail("the cell %s!%s is out of place in row %d", quoteSheet(s.name), r, s.row)
			}
			c = cc
		}
		typ, style := cellType(s.sc.attrBytes("t")), -1
		if v := s.sc.attrBytes("s"); len(v) > 0 {
			style = atoi(v)
		}
		var cell data.Cell
		if s.sc.self {
			cell = data.Cell{}
		} else {
			var ok bool
			if cell, ok = s.readCell(typ, style, c); !ok {
				return false
			}
		}
		if c > data.MaxColumns+1 {
			// Past what a header may name: kept as one cell past the header, which the
			// reader rejects the row for (never dropped in silence).
			if col == data.MaxColumns+1 || cell.Kind == data.CellEmpty && cell.Warning == "" {
				continue
			}
			cell = data.Cell{Kind: data.CellText, Text: cell.Text + " at " + s.Where(s.row, c)}
			c = data.MaxColumns + 1
		}
		for len(s.cells) < c-1 {
			s.cells = append(s.cells, data.Cell{})
		}
		s.cells = append(s.cells, cell)
		col = c
	}
}

// readCell reads the children of a <c> element: a formula (f), a value (v), an inline text
// (is, with its t runs).
func (s *sheetReader) readCell(typ string, style, col int) (data.Cell, bool) {
	var val, inline []byte
	formula, long := false, false
	inIS := false
	for {
		keep := false
		// The text before the next tag is kept only inside <v> and <is><t>.
		if s.sc.is("v") && !s.sc.end && !s.sc.self || inIS && s.sc.is("t") && !s.sc.end && !s.sc.self {
			keep = true
		}
		if err := s.sc.next(keep); err != nil {
			s.broken(err)
			return data.Cell{}, false
		}
		if keep {
			long = long || s.sc.long
			if inIS {
				inline = append(inline, s.sc.text...)
			} else {
				val = append(val, s.sc.text...)
			}
			long = long || len(val)+len(inline) > data.MaxCellBytes
		}
		switch {
		case s.sc.is("f") && !s.sc.end:
			formula = true
		case s.sc.is("is"):
			inIS = !s.sc.end && !s.sc.self
		case s.sc.is("c") && s.sc.end:
			if long {
				return data.Cell{Kind: data.CellError, Text: fmt.Sprintf("(a text longer than %d KB)", data.MaxCellBytes>>10)}, true
			}
			return s.cell(typ, style, string(val), string(inline), formula), true
		case s.sc.is("row") || s.sc.is("sheetData"):
			s.fail("the sheet %s is not valid XML at %s: a cell is not closed", s.name, s.Where(s.row, col))
			return data.Cell{}, false
		}
	}
}

// cell makes a typed cell of what a <c> element held.
func (s *sheetReader) cell(typ string, style int, v, inline string, formula bool) data.Cell {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(s.wb.shared) {
			return data.Cell{Kind: data.CellError, Text: "(a text the workbook does not hold)"}
		}
		return textCell(s.wb.shared[i])
	case "inlineStr":
		return textCell(norm.NFC.String(inline))
	case "str":
		if v == "" && formula {
			return data.Cell{Warning: "the formula has no saved value: it is read as empty (open and save the workbook in a spreadsheet to compute it)"}
		}
		return textCell(norm.NFC.String(v))
	case "b":
		switch strings.TrimSpace(v) {
		case "1":
			return data.Cell{Kind: data.CellBool, Text: "true"}
		case "0":
			return data.Cell{Kind: data.CellBool, Text: "false"}
		}
		return data.Cell{Kind: data.CellError, Text: strconv.Quote(v)}
	case "e":
		return data.Cell{Kind: data.CellError, Text: v}
	case "d": // an ISO 8601 date, rare in files spreadsheets save
		if len(v) >= 10 {
			return data.Cell{Kind: data.CellDate, Text: v[:10]}
		}
		return data.Cell{Kind: data.CellError, Text: strconv.Quote(v)}
	}
	// A number (t="n" or none).
	v = strings.TrimSpace(v)
	if v == "" {
		if formula {
			return data.Cell{Warning: "the formula has no saved value: it is read as empty (open and save the workbook in a spreadsheet to compute it)"}
		}
		return data.Cell{}
	}
	date := style >= 0 && s.wb.dates[style]
	percent := style >= 0 && s.wb.percents[style]
	pad := 0
	if style >= 0 {
		pad = s.wb.zeros[style]
	}
	if !date && !percent && pad == 0 && plainDecimal(v) {
		return data.Cell{Kind: data.CellNumber, Text: v} // the usual case: 47.5, 120
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return data.Cell{Kind: data.CellError, Text: "(not a number: " + strconv.Quote(v) + ")"}
	}
	if percent {
		// 3 % is stored 0.03: the percentage the cell shows is what a percent field holds.
		return data.Cell{Kind: data.CellNumber, Text: significant(d.Shift(2))}
	}
	if pad > 0 && d.IsInteger() && d.Sign() >= 0 {
		// A code typed as a number and shown with its zeros (00123): read as it shows.
		t := d.String()
		for len(t) < pad {
			t = "0" + t
		}
		return data.Cell{Kind: data.CellNumber, Text: t}
	}
	if date {
		if d.Sign() < 0 || d.GreaterThan(decimal.NewFromInt(2958465)) { // 9999-12-31
			return data.Cell{Kind: data.CellError, Text: "(a date out of range: " + v + ")"}
		}
		return data.Cell{Kind: data.CellDate, Text: s.date(d)}
	}
	return data.Cell{Kind: data.CellNumber, Text: significant(d)}
}

// plainDecimal reports whether a stored number is written plainly, with at most 15
// significant digits and no exponent: it is then read as it is.
func plainDecimal(v string) bool {
	digits, point := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			if digits > 0 || c != '0' {
				digits++
			}
		case c == '.' && !point:
			point = true
		case c == '-' && i == 0:
		default:
			return false
		}
	}
	return digits <= 15 && v != "-" && v != "." && v != ""
}

func textCell(t string) data.Cell {
	if t == "" {
		return data.Cell{}
	}
	return data.Cell{Kind: data.CellText, Text: t}
}

// significant writes a stored number to the 15 significant digits a spreadsheet shows and
// computes with: 0.30000000000000004 is 0.3.
func significant(d decimal.Decimal) string {
	if d.IsZero() {
		return "0"
	}
	digits := len(d.Coefficient().String())
	if d.Sign() < 0 {
		digits-- // the minus sign
	}
	exp := int(d.Exponent())
	if over := digits - 15; over > 0 {
		d = d.Round(int32(-exp - over))
	}
	return d.String()
}

// date writes a date serial number as 2020-06-30 (the time of day dropped).
func (s *sheetReader) date(d decimal.Decimal) string {
	days := d.Floor().IntPart()
	var t time.Time
	if s.wb.date1904 {
		t = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	} else {
		if days < 60 { // the 1900 system counts a 29 February 1900 that was not
			days++
		}
		t = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	}
	return t.Format("2006-01-02")
}
