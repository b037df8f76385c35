package sheet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/cell"
)

// MaxRows bounds the rows of a sheet Import reads (47 indicators × a few checks × the columns
// of a ruleset are a few hundred).
const MaxRows = 100_000

// WriteCSV writes rows as a CSV file a spreadsheet opens: a byte-order mark, the header of
// column ids, a comment row of their Vietnamese labels, then the rows, every cell neutralised
// so that no spreadsheet runs one as a formula.
func WriteCSV(w io.Writer, rows []Row) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	labels := append([]string(nil), Labels...)
	labels[0] = "# " + labels[0]
	if err := cw.Write(Columns); err != nil {
		return err
	}
	if err := cw.Write(labels); err != nil {
		return err
	}
	for _, r := range rows {
		cells := r.Cells()
		for i := range cells {
			cells[i] = cell.Neutralize(cells[i])
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads a sheet written by WriteCSV and filled in (see FromTable).
func ReadCSV(r io.Reader, file string) ([]Row, criteria.ErrorList) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	var table [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			e := &criteria.Error{File: file, Code: criteria.CodeSyntax, Message: err.Error()}
			if errors.As(err, &pe) {
				e.Line, e.Column, e.Message = pe.Line, pe.Column, pe.Err.Error()
			}
			return nil, criteria.ErrorList{e}
		}
		if len(table) == MaxRows {
			return nil, criteria.ErrorList{{File: file, Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the sheet has more than %d rows", MaxRows)}}
		}
		line, _ := cr.FieldPos(0)
		table = append(table, rec)
		lines = append(lines, line)
	}
	return FromTable(table, lines, file)
}

// FromTable reads the rows of a sheet given as text cells, each with its line (or sheet row)
// number: the header is the first row whose first cell is "criterion" (or its label), rows
// whose first cell starts with '#' and blank rows are skipped, and each other row is a Row.
// Columns are found by id or label, in any order; a column the sheet lacks reads as empty.
func FromTable(table [][]string, lines []int, file string) ([]Row, criteria.ErrorList) {
	head := -1
	for i, rec := range table {
		if len(rec) > 0 && (clean(rec[0]) == Columns[0] || clean(rec[0]) == Labels[0]) {
			head = i
			break
		}
	}
	if head < 0 {
		return nil, criteria.ErrorList{{File: file, Line: 1, Code: criteria.CodeDataColumn,
			Message: "no header row: expected a row of column ids starting with criterion (" + strings.Join(Columns, ", ") + ")"}}
	}
	pos := make([]int, len(Columns)) // column id → its index in the table, -1 when absent
	for i := range pos {
		pos[i] = -1
	}
	var errs criteria.ErrorList
	for j, name := range table[head] {
		n := clean(name)
		if n == "" {
			continue
		}
		found := false
		for i := range Columns {
			if n == Columns[i] || strings.EqualFold(n, Labels[i]) {
				pos[i], found = j, true
			}
		}
		if !found {
			errs = append(errs, &criteria.Error{File: file, Line: lines[head], Column: j + 1, Code: criteria.CodeDataColumn,
				Message: fmt.Sprintf("unknown column %q: expected %s", name, strings.Join(Columns, ", "))})
		}
	}
	for _, need := range []int{0, 2, 11, 12} { // criterion, indicator, column, target
		if pos[need] < 0 {
			errs = append(errs, &criteria.Error{File: file, Line: lines[head], Code: criteria.CodeDataColumn,
				Message: fmt.Sprintf("the sheet lacks the column %q", Columns[need])})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var out []Row
	for i := head + 1; i < len(table); i++ {
		rec := table[i]
		if len(rec) == 0 || strings.HasPrefix(strings.TrimSpace(rec[0]), "#") || blank(rec) {
			continue
		}
		cells := make([]string, len(Columns))
		for c, p := range pos {
			if p >= 0 && p < len(rec) {
				cells[c] = unneutralize(rec[p])
			}
		}
		var r Row
		r.set(cells)
		r.Line = lines[i]
		out = append(out, r)
	}
	return out, nil
}

func clean(s string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF")), "#"))
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// unneutralize undoes cell.Neutralize: the apostrophe before a text that began with a formula
// character.
func unneutralize(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}
