package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/internal/cell"
)

// TemplateOptions shape a template workbook.
type TemplateOptions struct {
	// Periods gives one sheet per period, named by it (2020, 2020-H1), whose period column
	// offers that period only; none gives one sheet.
	Periods []criteria.Period
	// Rows is how many rows the validation lists cover (default 2,000).
	Rows int
}

// headRows are the template's rows above the data: the labels (the header the reader binds),
// the ids and the hints, both comments.
const headRows = 3

// WriteTemplate writes a workbook a person fills in for the ruleset: on each sheet, a frozen
// header of the columns' labels (in the ruleset's language), then two comment rows — the
// column ids, and each column's type, unit and range — and drop-down lists for yes/no,
// enumerated fields, regions and levels. Labels are neutralised so that no spreadsheet runs
// one as a formula. The workbook reads back with Open, and its sheet saved as CSV reads as
// the CSV template does.
func WriteTemplate(w io.Writer, rs *criteria.Ruleset, o TemplateOptions) error {
	if rs == nil {
		return errors.New("xlsx: WriteTemplate needs a ruleset")
	}
	if o.Rows <= 0 {
		o.Rows = 2000
	}
	if o.Rows > MaxRows-headRows {
		o.Rows = MaxRows - headRows
	}
	ids, labels := rs.Header()
	hints := data.Hints(rs)
	vi := rs.Language == "" || rs.Language == "vi"
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	grey, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080", Size: 9}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": codes keep their zeros
	if err != nil {
		return err
	}
	sheets := []string{map[bool]string{true: "Số liệu", false: "Data"}[vi]}
	if len(o.Periods) > 0 {
		sheets = sheets[:0]
		for _, p := range o.Periods {
			sheets = append(sheets, p.String())
		}
	}
	for k, name := range sheets {
		if k == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		for c, id := range ids {
			col, _ := excelize.ColumnNumberToName(c + 1)
			label := cell.Neutralize(labels[c])
			idCell := id
			if c == 0 {
				label, idCell = labels[c], "# "+id // the first cell of a label row is read as the header anyway
			}
			if err := f.SetCellStr(name, col+"1", label); err != nil {
				return err
			}
			if err := f.SetCellStr(name, col+"2", idCell); err != nil {
				return err
			}
			hint := cell.Neutralize(hints[c]) // the first hint is marked as a comment already
			if err := f.SetCellStr(name, col+"3", hint); err != nil {
				return err
			}
			width := float64(min(40, max(10, utf8.RuneCountInString(labels[c])+2)))
			if err := f.SetColWidth(name, col, col, width); err != nil {
				return err
			}
			if err := validate(f, name, col, id, rs, vi, o.Rows); err != nil {
				return err
			}
			if id == "code" || id == "name" {
				if err := f.SetColStyle(name, col, text); err != nil {
					return err
				}
			}
		}
		last, _ := excelize.ColumnNumberToName(len(ids))
		if err := f.SetCellStyle(name, "A1", last+"1", bold); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, "A2", last+"3", grey); err != nil {
			return err
		}
		if len(o.Periods) > 0 {
			// The sheet's period, offered as the period column's only choice (never filled in:
			// a row with only its period would be a unit without a code).
			for c, id := range ids {
				if id == "period" {
					col, _ := excelize.ColumnNumberToName(c + 1)
					dv := excelize.NewDataValidation(false)
					dv.Sqref = fmt.Sprintf("%s%d:%s%d", col, headRows+1, col, headRows+o.Rows)
					if err := dv.SetDropList([]string{o.Periods[k].String()}); err != nil {
						return err
					}
					if err := f.AddDataValidation(name, dv); err != nil {
						return err
					}
				}
			}
		}
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: min(2, len(ids)), YSplit: headRows, TopLeftCell: "C4", ActivePane: "bottomRight"}); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// validate adds the drop-down list or number check a column takes.
func validate(f *excelize.File, sheet, col, id string, rs *criteria.Ruleset, vi bool, rows int) error {
	sq := fmt.Sprintf("%s%d:%s%d", col, headRows+1, col, headRows+rows)
	list := func(items []string) error {
		if len(items) == 0 || len(strings.Join(items, ",")) > 255 {
			return nil // a list longer than a spreadsheet takes is left to the reader's check
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sq
		if err := dv.SetDropList(items); err != nil {
			return nil
		}
		return f.AddDataValidation(sheet, dv)
	}
	switch id {
	case "region":
		var ids []string
		for _, r := range rs.AllowedRegions() {
			ids = append(ids, r.ID)
		}
		return list(ids)
	case "level":
		var ids []string
		for _, l := range rs.Levels {
			ids = append(ids, string(l.ID))
		}
		return list(ids)
	}
	fd, ok := rs.Field(id)
	if !ok {
		return nil
	}
	lang := rs.Language
	if lang == "" {
		lang = "vi"
	}
	switch {
	case fd.Type == criteria.TypeBoolean:
		return list(map[bool][]string{true: {"có", "không"}, false: {"yes", "no"}}[vi])
	case len(fd.Values) > 0:
		var items []string
		for _, v := range fd.Values {
			items = append(items, strings.ReplaceAll(v.Label.In(lang), ",", " "))
		}
		return list(items)
	case fd.Type.Numeric():
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sq
		lo, hi := -1e15, 1e15
		if fd.Range.Min != nil {
			lo = fd.Range.Min.Float64()
		}
		if fd.Range.Max != nil {
			hi = fd.Range.Max.Float64()
		}
		typ := excelize.DataValidationTypeDecimal
		if fd.Type == criteria.TypeCount {
			typ = excelize.DataValidationTypeWhole
		}
		if err := dv.SetRange(lo, hi, typ, excelize.DataValidationOperatorBetween); err != nil {
			return nil
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, map[bool]string{true: "Giá trị không hợp lệ", false: "Invalid value"}[vi],
			fmt.Sprintf(map[bool]string{true: "%s: một số trong %s", false: "%s: a number in %s"}[vi], fd.Label.In(lang), fd.Range.String()))
		return f.AddDataValidation(sheet, dv)
	}
	return nil
}
