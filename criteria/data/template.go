package data

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	sheetcell "github.com/nongthonmoi/ntm/internal/cell"
)

// WriteTemplate writes a CSV template for the ruleset's data: a UTF-8 byte-order mark (so
// spreadsheets open the Vietnamese labels correctly), a header row of column ids (the
// reserved columns, then the fields that are not derived, in declaration order), then two
// comment rows, which the reader skips: the Vietnamese labels, and each column's type, unit
// and range in Vietnamese (số nguyên (hộ) [0, 50000]; có/không). The row of labels may stand in for the header: a file whose header is that row (the
// ids deleted) is read too.
func WriteTemplate(w io.Writer, rs *criteria.Ruleset) error {
	if rs == nil {
		return errors.New("data: WriteTemplate needs a ruleset")
	}
	var regions []string
	for _, r := range rs.AllowedRegions() {
		regions = append(regions, r.ID)
	}
	header, labels := rs.Header()
	labels[0] = "# " + labels[0]
	var levels []string
	for _, l := range rs.Levels {
		levels = append(levels, string(l.ID))
	}
	kinds := []string{"# văn bản, bắt buộc", "văn bản", "văn bản", "một trong: " + strings.Join(regions, " | "), "2020 | 2020-H1 | 2020-H2",
		"danh hiệu@năm#quyết định; … ví dụ ntm@2015#123/QĐ-UBND", "không bắt buộc: " + strings.Join(levels, " | ")}
	for _, id := range header[len(kinds):] {
		if f, ok := rs.Field(id); ok {
			kinds = append(kinds, typeHint(f))
			continue
		}
		// A parent column: the unit it belongs to at that level.
		li, _ := rs.LevelInfo(criteria.Level(id))
		kinds = append(kinds, "văn bản: mã hoặc tên "+li.Name.In("vi"))
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	// Labels come from rule files: neutralise any a spreadsheet would run as a formula.
	for i := 1; i < len(labels); i++ {
		labels[i], kinds[i] = sheetcell.Neutralize(labels[i]), sheetcell.Neutralize(kinds[i])
	}
	for _, rec := range [][]string{header, labels, kinds} {
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// typeHint describes what a column of the template holds: type, unit and range.
// typeNames name the field types for the officials who fill the template.
var typeNames = map[criteria.FieldType]string{
	criteria.TypeNumber:  "số",
	criteria.TypeCount:   "số nguyên",
	criteria.TypePercent: "tỷ lệ %",
	criteria.TypeBoolean: "có/không",
	criteria.TypeText:    "văn bản",
}

func typeHint(f *criteria.Field) string {
	if len(f.Values) > 0 { // an enumerated field: its values, by their labels
		labels := make([]string, len(f.Values))
		for i, v := range f.Values {
			labels[i] = v.Label.VI
		}
		return "một trong: " + strings.Join(labels, " | ")
	}
	s := typeNames[f.Type]
	switch f.Type {
	case criteria.TypeBoolean, criteria.TypeText:
	default:
		if f.Unit != "" {
			s += " (" + f.Unit + ")"
		}
	}
	if f.Range.Min != nil || f.Range.Max != nil {
		s += " " + f.Range.String()
	}
	return s
}
