package data

import (
	"encoding/csv"
	"errors"
	"fmt"
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
	header, labels := rs.Header()
	labels[0] = "# " + labels[0]
	kinds := Hints(rs)
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

// Hints describes what each column of the ruleset's header (Ruleset.Header) holds, for the
// person who fills it in: type, unit and range, the values it takes; in Vietnamese, or in
// English for a ruleset written in another language. The first hint is marked as a comment.
func Hints(rs *criteria.Ruleset) []string {
	var regions []string
	for _, r := range rs.AllowedRegions() {
		regions = append(regions, r.ID)
	}
	header, _ := rs.Header()
	vi := rs.Language == "" || rs.Language == "vi"
	say := func(v, e string) string {
		if vi {
			return v
		}
		return e
	}
	var levels []string
	for _, l := range rs.Levels {
		levels = append(levels, string(l.ID))
	}
	y0, _ := rs.Years()
	title := rs.Recognition
	if title == "" {
		title = "ntm"
	}
	kinds := make([]string, 0, len(header))
	for _, id := range header {
		switch id {
		case "code":
			kinds = append(kinds, say("# văn bản, bắt buộc", "# text, required"))
		case "name", "district":
			kinds = append(kinds, say("văn bản", "text"))
		case "region":
			kinds = append(kinds, say("một trong: ", "one of: ")+strings.Join(regions, " | "))
		case "period":
			kinds = append(kinds, fmt.Sprintf("%d | %d-H1 | %d-H2", y0, y0, y0))
		case "history":
			kinds = append(kinds, say("danh hiệu@năm#quyết định; … ví dụ ", "title@year#decision; … e.g. ")+fmt.Sprintf("%s@%d", title, y0-1)+say("#123/QĐ-UBND", ""))
		case "level":
			kinds = append(kinds, say("không bắt buộc: ", "optional: ")+strings.Join(levels, " | "))
		default:
			if f, ok := rs.Field(id); ok {
				kinds = append(kinds, typeHint(f, vi))
				continue
			}
			// A parent column: the unit it belongs to at that level.
			li, _ := rs.LevelInfo(criteria.Level(id))
			kinds = append(kinds, say("văn bản: mã hoặc tên ", "text: the code or name of the ")+li.Name.In(rs.Language))
		}
	}
	return kinds
}

// typeHint describes what a column of the template holds: type, unit and range.
// typeNames name the field types for the officials who fill the template.
var typeNames = map[criteria.FieldType]criteria.Text{
	criteria.TypeNumber:  {VI: "số", EN: "number"},
	criteria.TypeCount:   {VI: "số nguyên", EN: "whole number"},
	criteria.TypePercent: {VI: "tỷ lệ %", EN: "percent"},
	criteria.TypeBoolean: {VI: "có/không", EN: "yes/no"},
	criteria.TypeText:    {VI: "văn bản", EN: "text"},
}

func typeHint(f *criteria.Field, vi bool) string {
	lang := "vi"
	if !vi {
		lang = "en"
	}
	if len(f.Values) > 0 { // an enumerated field: its values, by their labels
		labels := make([]string, len(f.Values))
		for i, v := range f.Values {
			labels[i] = v.Label.In(lang)
		}
		return criteria.Text{VI: "một trong: ", EN: "one of: "}.In(lang) + strings.Join(labels, " | ")
	}
	s := typeNames[f.Type].In(lang)
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
