// Package sheet turns a ruleset's indicators and target cells into a table a province fills
// in — one row per indicator, check and column — and a filled table back into a layer file that
// extends the ruleset. A province completes a set whose indicators are to be supplied
// (2026-2030), or overrides the targets of another, without writing YAML.
//
// Export and Import are exact inverses: a sheet exported and imported unchanged gives a layer
// that changes nothing. Only plain cells are editable: a cell that follows the year or another
// check's target is exported as it is and marked not editable, and Import refuses a change to
// it with the row's position.
package sheet

import (
	"fmt"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// Columns are the sheet's column ids, in order.
var Columns = []string{"criterion", "criterion_name", "indicator", "name_vi", "name_en", "check", "field", "type", "unit",
	"measure", "op", "column", "target", "confidence", "source", "note", "editable"}

// Labels are the columns' Vietnamese labels, for the row a person reads.
var Labels = []string{"Tiêu chí", "Tên tiêu chí", "Chỉ tiêu", "Tên chỉ tiêu", "Tên tiếng Anh", "Phép kiểm tra", "Trường số liệu",
	"Kiểu", "Đơn vị", "Cách đo", "So sánh", "Cột (vùng, nhóm xã)", "Mức đạt", "Độ tin cậy", "Nguồn", "Ghi chú", "Sửa được"}

// Row is one row of the sheet: one check of one indicator, for one column (a region or a
// commune group). Line is where it was read (0 for an exported row).
type Row struct {
	Criterion, CriterionName    string
	Indicator, NameVI, NameEN   string
	Check, Field, Type, Unit    string
	Measure, Op, Column, Target string
	Confidence, Source, Note    string
	Editable                    string // "có" or "không" (yes or no)
	Line                        int
}

// Cells returns the row's cells in the order of Columns.
func (r Row) Cells() []string {
	return []string{r.Criterion, r.CriterionName, r.Indicator, r.NameVI, r.NameEN, r.Check, r.Field, r.Type, r.Unit,
		r.Measure, r.Op, r.Column, r.Target, r.Confidence, r.Source, r.Note, r.Editable}
}

// set fills the row from cells in the order of Columns.
func (r *Row) set(cells []string) {
	ptrs := []*string{&r.Criterion, &r.CriterionName, &r.Indicator, &r.NameVI, &r.NameEN, &r.Check, &r.Field, &r.Type, &r.Unit,
		&r.Measure, &r.Op, &r.Column, &r.Target, &r.Confidence, &r.Source, &r.Note, &r.Editable}
	for i, p := range ptrs {
		if i < len(cells) {
			*p = strings.TrimSpace(cells[i])
		}
	}
}

// Export lists the ruleset's checks and their target cells: one row per indicator, check and
// column the ruleset accepts (its regions, or its commune groups), the cell the column is
// judged by (its own, else the national or the all cell) with its confidence and source; a
// missing cell has an empty target and its reason in the note. A criterion whose indicators
// are to be supplied gets one row per column with the indicator left to fill in.
func Export(rs *criteria.Ruleset) []Row {
	var out []Row
	cols := columns(rs)
	for _, c := range rs.Criteria {
		if len(c.Indicators) == 0 {
			for _, col := range cols {
				out = append(out, Row{Criterion: c.ID, CriterionName: c.Name.In("vi"), Column: col, Editable: "có",
					Note: c.ToBeSupplied.In("vi")})
			}
			continue
		}
		for _, ind := range c.Indicators {
			for _, ch := range ind.Checks {
				field, typ, unit := "", "", ch.Unit
				if f, ok := rs.Field(ch.Measure); ok {
					field, typ = f.ID, string(f.Type)
					if unit == "" {
						unit = f.Unit
					}
				}
				for _, col := range cols {
					r := Row{Criterion: c.ID, CriterionName: c.Name.In("vi"), Indicator: ind.ID, NameVI: ind.Name.VI, NameEN: ind.Name.EN,
						Check: ch.ID, Field: field, Type: typ, Unit: unit, Measure: ch.Measure, Op: ch.Op.String(), Column: col, Editable: "có"}
					cell := resolve(ch.Target, col)
					fillCell(&r, cell)
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// columns are the columns a unit of the ruleset may be judged by: its accepted regions (or
// commune groups), in order.
func columns(rs *criteria.Ruleset) []string {
	var out []string
	for _, r := range rs.AllowedRegions() {
		out = append(out, r.ID)
	}
	return out
}

// resolve returns the cell a column is judged by: its own, else the national, else the all.
func resolve(t criteria.Target, col string) *criteria.Cell {
	if c := t.Regions[col]; c != nil {
		return c
	}
	if t.National != nil {
		return t.National
	}
	return t.All
}

func fillCell(r *Row, c *criteria.Cell) {
	switch {
	case c == nil:
		r.Note = "chưa có mức (ô trống)"
	case len(c.Years) > 0 || c.Of != nil || c.Scale != nil:
		r.Target, r.Editable = describe(c), "không"
		r.Confidence, r.Source = confidence(c), c.Source
		r.Note = "ô theo năm hoặc theo chỉ tiêu khác: sửa trong tệp quy tắc"
	case c.Missing != "":
		r.Note = "chưa có mức: " + c.Missing
		r.Confidence, r.Source = confidence(c), c.Source
	default:
		r.Target, r.Confidence, r.Source, r.Note = valueText(c.Value), confidence(c), c.Source, c.Note
	}
}

func confidence(c *criteria.Cell) string {
	if c.Confidence == 0 {
		return ""
	}
	return c.Confidence.String()
}

// valueText writes a target value for the sheet: a number as written (a point), yes/no as
// có/không.
func valueText(v criteria.Value) string {
	if b, ok := v.Bool(); ok {
		if b {
			return "có"
		}
		return "không"
	}
	return v.String()
}

// describe writes a cell that is not editable in the sheet, for a reader.
func describe(c *criteria.Cell) string {
	switch {
	case c.Of != nil:
		return "(tương đối)"
	case len(c.Years) > 0:
		var parts []string
		for _, y := range c.Years {
			if y.Cell != nil && y.Cell.Missing == "" && y.Cell.Of == nil {
				parts = append(parts, fmt.Sprintf("%s: %s", y.Label(), valueText(y.Cell.Value)))
			} else {
				parts = append(parts, y.Label()+": —")
			}
		}
		return "(theo năm) " + strings.Join(parts, "; ")
	}
	return "(bảng điểm)"
}
