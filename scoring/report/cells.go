package report

import (
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/shopspring/decimal"
)

// labelNoDistrict names the group of communes without a district.
var labelNoDistrict = criteria.Text{VI: "Không có huyện", EN: "No district"}

// bilingual joins a Vietnamese and an English string into a Text.
func bilingual(vi, en string) criteria.Text { return criteria.Text{VI: vi, EN: en} }

// header returns a table header in the language.
func header(lang string, cols ...criteria.Text) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.In(lang)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// yesNo writes a boolean for a table.
func yesNo(b bool, lang string) string {
	if lang == "vi" {
		if b {
			return "có"
		}
		return "không"
	}
	if b {
		return "yes"
	}
	return "no"
}

// pctCell writes n out of of as a percentage rounded to 2 places; empty when of is 0.
func pctCell(n, of int, lang string) string {
	if of == 0 {
		return ""
	}
	return decCell(countRatio(n, of).Percent(2), lang)
}

// decCell writes a decimal as the JSON does ("87.5"), with a decimal comma in Vietnamese
// ("87,5").
func decCell(d decimal.Decimal, lang string) string {
	return localise(scoring.FormatDecimal(d), lang)
}

// localise puts the decimal comma of Vietnamese in a number written with a point.
func localise(s, lang string) string {
	if lang == "en" {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

// countRatio returns n/of.
func countRatio(n, of int) scoring.Ratio {
	return scoring.NewRatio(decimal.NewFromInt(int64(n)), int64(of))
}

// ratioCell writes a ratio as Ratio.String does (a decimal comma in Vietnamese); empty when
// undefined.
func ratioCell(r scoring.Ratio, lang string) string {
	if !r.Defined() {
		return ""
	}
	return localise(r.String(), lang)
}

func classCell(c *scoring.Class, lang string) string {
	if c == nil {
		return ""
	}
	return c.Label.In(lang)
}

func bandCell(b *scoring.Band, lang string) string {
	if b == nil {
		return ""
	}
	return b.Label.In(lang)
}

// districtName is a district's name for a table, or the label of the group without one.
func districtName(d, lang string) string {
	if d == "" {
		return labelNoDistrict.In(lang)
	}
	return d
}

// goalStatusLabel names where a goal stands.
func goalStatusLabel(s scoring.GoalStatus, lang string) string {
	t := map[scoring.GoalStatus]criteria.Text{
		scoring.GoalMet:        {VI: "đã đạt", EN: "met"},
		scoring.GoalOpen:       {VI: "chưa đạt (chưa đến hạn)", EN: "open (not yet due)"},
		scoring.GoalMissed:     {VI: "không đạt (đã đến hạn)", EN: "missed (due)"},
		scoring.GoalUnassessed: {VI: "không đánh giá được (kết quả không có số liệu để xét)", EN: "cannot be assessed (the results hold nothing to judge it by)"},
	}[s]
	return t.In(lang)
}
