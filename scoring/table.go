package scoring

import (
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// Rows for tables. Each report's Rows(lang) returns a header row followed by one row per line,
// every row of the same length, in the same order as the JSON document, so a command-line tool
// can print it as CSV, Markdown or aligned text. lang is "vi" or "en" (labels and headers);
// numbers are written with a decimal point in both languages.

func itoa(n int) string { return strconv.Itoa(n) }

func pctCell(n, of int) string {
	if of == 0 {
		return ""
	}
	return decString(countRatio(n, of).Percent(2))
}

func classCell(c *Class, lang string) string {
	if c == nil {
		return ""
	}
	return c.Label.In(lang)
}

func bandCell(b *Band, lang string) string {
	if b == nil {
		return ""
	}
	return b.Label.In(lang)
}

func ratioCell(r Ratio) string {
	if !r.Defined() {
		return ""
	}
	return r.String()
}

// Rows returns the ranking as a table: one row per unit, in ranking order. A district ranking
// ends with a row, not ranked, naming the communes without a district; in a commune ranking
// within districts their scope reads "Không có huyện" (No district).
func (r *Ranking) Rows(lang string) [][]string {
	if r.rule.Subject.IsDistrict() {
		out := [][]string{header(lang,
			bilingual("Hạng", "Rank"), bilingual("Đơn vị", "Unit"), bilingual("Số xã", "Communes"),
			bilingual("Xã đạt chuẩn", "Recognised"), bilingual("Tỷ lệ đạt chuẩn (%)", "Recognised (%)"),
			bilingual("Tỷ lệ đạt đủ tiêu chí (%)", "All met (%)"), bilingual("Bình quân tiêu chí/xã", "Average criteria"),
			bilingual("Điểm", "Points"), bilingual("Xếp loại", "Class"))}
		scores := r.Scores()
		for i := range scores {
			sc := &scores[i]
			st := sc.Stats
			out = append(out, []string{itoa(sc.Rank), sc.Label.In(lang), itoa(st.Communes), itoa(st.Recognised),
				pctCell(st.Recognised, st.Communes), pctCell(st.AllMet, st.Communes), ratioCell(st.AverageMet()),
				ratioCell(sc.Total), classCell(sc.Class, lang)})
		}
		if len(r.NoDistrict) > 0 {
			label := bilingual("Không có huyện (không xếp hạng): ", "No district (not ranked): ").In(lang) + strings.Join(r.NoDistrict, ", ")
			out = append(out, []string{"", label, itoa(len(r.NoDistrict)), "", "", "", "", "", ""})
		}
		return out
	}
	out := [][]string{header(lang,
		bilingual("Phạm vi", "Scope"), bilingual("Hạng", "Rank"), bilingual("Mã", "Code"), bilingual("Đơn vị", "Unit"),
		bilingual("Huyện", "District"), bilingual("Tiêu chí đạt", "Criteria met"), bilingual("Đạt chuẩn", "Recognised"),
		bilingual("Điểm", "Points"), bilingual("Xếp loại", "Class"), bilingual("Nhóm", "Band"))}
	scores := r.Scores()
	for i := range scores {
		sc := &scores[i]
		scope := sc.Scope
		switch {
		case r.rule.Scope == ScopeDistrict:
			scope = districtName(scope, lang)
		case scope == "":
			scope = bilingual("Toàn tỉnh", "Province").In(lang)
		}
		out = append(out, []string{scope, itoa(sc.Rank), sc.Code, sc.Label.In(lang), sc.District,
			itoa(sc.Met) + "/" + itoa(sc.Criteria), yesNo(sc.Recognised, lang), ratioCell(sc.Total),
			classCell(sc.Class, lang), bandCell(sc.Band, lang)})
	}
	return out
}

// Rows returns a score's breakdown: one row per line, then the total.
func (sc *Score) Rows(lang string) [][]string {
	out := [][]string{header(lang, bilingual("Nội dung", "Item"), bilingual("Số lượng", "Count"),
		bilingual("Điểm mỗi lần", "Each"), bilingual("Điểm", "Points"), bilingual("Tiêu chí", "Criteria"))}
	for _, l := range sc.Lines {
		out = append(out, []string{l.Label.In(lang), itoa(l.Count), decString(l.Each), decString(l.Points), strings.Join(l.Criteria, ", ")})
	}
	total := bilingual("Tổng điểm", "Total").In(lang)
	if sc.Stats != nil && sc.Total.Den > 1 {
		total = bilingual("Tổng điểm (bình quân "+itoa(sc.Stats.Communes)+" xã)", "Total (average over "+itoa(sc.Stats.Communes)+" communes)").In(lang)
	}
	out = append(out, []string{total, "", "", ratioCell(sc.Total), ""})
	return out
}

// Rows returns the band report as a table: one row per band, then the total and the average.
func (b *BandReport) Rows(lang string) [][]string {
	out := [][]string{header(lang, bilingual("Nhóm", "Band"), bilingual("Số xã", "Communes"), bilingual("Tỷ lệ (%)", "Share (%)"),
		bilingual("Trong đó đã đạt chuẩn", "Of which recognised"), bilingual("Trong đó có tiêu chí rớt chuẩn", "Of which slipped"))}
	for _, r := range b.Bands {
		out = append(out, []string{r.Band.Label.In(lang), itoa(r.Count), pctCell(r.Count, b.Units), itoa(r.OfWhichRecognised), itoa(r.OfWhichSlipped)})
	}
	out = append(out, []string{bilingual("Tổng cộng", "Total").In(lang), itoa(b.Units), pctCell(b.Units, b.Units), itoa(b.Recognised), itoa(b.Slipped)})
	out = append(out, []string{bilingual("Bình quân tiêu chí/xã", "Average criteria per commune").In(lang), ratioCell(b.AverageMet()), "", "", ""})
	return out
}

// DistrictRows returns the band report by district: one column per band, then the communes
// recognised and those that slipped, and the average. The communes without a district come last.
func (b *BandReport) DistrictRows(lang string) [][]string {
	h := []string{bilingual("Huyện", "District").In(lang), bilingual("Số xã", "Communes").In(lang)}
	for _, r := range b.Bands {
		h = append(h, r.Band.Label.In(lang))
	}
	h = append(h, bilingual("Trong đó đã đạt chuẩn", "Of which recognised").In(lang),
		bilingual("Trong đó có tiêu chí rớt chuẩn", "Of which slipped").In(lang),
		bilingual("Bình quân tiêu chí/xã", "Average criteria").In(lang))
	out := [][]string{h}
	for _, d := range b.Districts {
		row := []string{districtName(d.District, lang), itoa(d.Units)}
		for _, c := range d.Counts {
			row = append(row, itoa(c))
		}
		out = append(out, append(row, itoa(d.Recognised), itoa(d.Slipped), ratioCell(countRatio(d.Met, d.Units))))
	}
	return out
}

// Rows returns the progress report as a table: one row per unit that changed, in code order.
func (p *ProgressReport) Rows(lang string) [][]string {
	out := [][]string{header(lang, bilingual("Mã", "Code"), bilingual("Đơn vị", "Unit"), bilingual("Huyện", "District"),
		bilingual("Tiêu chí trước", "Met before"), bilingual("Tiêu chí sau", "Met after"), bilingual("Tăng", "Gained"),
		bilingual("Rớt", "Lost"), bilingual("Mới đạt chuẩn", "Newly recognised"), bilingual("Mới rớt chuẩn", "Newly slipped"))}
	for _, c := range p.Changes {
		if len(c.Gained) == 0 && len(c.Lost) == 0 && !c.NewlyRecognised && !c.NewlySlipped && !c.NoLongerRecognised && !c.Recovered {
			continue
		}
		out = append(out, []string{c.Code, c.Name, c.District, itoa(c.MetBefore), itoa(c.MetAfter),
			strings.Join(c.Gained, ", "), strings.Join(c.Lost, ", "), yesNo(c.NewlyRecognised, lang), yesNo(c.NewlySlipped, lang)})
	}
	return out
}

// Rows returns the summary's series: one row per period from the baseline to the end.
func (s *Summary) Rows(lang string) [][]string {
	out := [][]string{header(lang, bilingual("Kỳ", "Period"), bilingual("Số xã", "Communes"), bilingual("Xã đạt chuẩn", "Recognised"),
		bilingual("Tỷ lệ đạt chuẩn (%)", "Recognised (%)"), bilingual("Đạt đủ tiêu chí", "All met"),
		bilingual("Rớt chuẩn", "Slipped"), bilingual("Tổng tiêu chí đạt", "Criteria met"), bilingual("Bình quân tiêu chí/xã", "Average criteria"))}
	for _, p := range s.Series {
		out = append(out, []string{p.Period.String(), itoa(p.Units), itoa(p.Recognised), pctCell(p.Recognised, p.Units),
			itoa(p.AllMet), itoa(p.Slipped), itoa(p.Met), ratioCell(p.AverageMet())})
	}
	return out
}

// Rows returns the goals as a table: one row per goal.
func (g *GoalReport) Rows(lang string) [][]string {
	out := [][]string{header(lang, bilingual("Mục tiêu", "Goal"), bilingual("Hạn", "By"), bilingual("Tình trạng", "Status"),
		bilingual("Kết quả", "Where it stands"))}
	for _, r := range g.Goals {
		out = append(out, []string{r.Goal.Label.In(lang), itoa(r.Goal.By), goalStatusLabel(r.Status, lang), r.Note.In(lang)})
	}
	return out
}

func goalStatusLabel(s GoalStatus, lang string) string {
	t := map[GoalStatus]criteria.Text{
		GoalMet:    {VI: "đã đạt", EN: "met"},
		GoalOpen:   {VI: "chưa đạt (chưa đến hạn)", EN: "open (not yet due)"},
		GoalMissed: {VI: "không đạt (đã đến hạn)", EN: "missed (due)"},
	}[s]
	return t.In(lang)
}

// Rows returns the Front report as a table: the content groups, then the responsibility split.
func (f *FrontReport) Rows(lang string) [][]string {
	out := [][]string{header(lang, bilingual("Nội dung", "Item"), bilingual("Tiêu chí", "Criteria"),
		bilingual("Số xã đạt cả nhóm", "Communes meeting all"), bilingual("Tỷ lệ xã (%)", "Communes (%)"),
		bilingual("Lượt tiêu chí đạt", "Criteria met"), bilingual("Tỷ lệ tiêu chí (%)", "Criteria met (%)"))}
	for _, g := range f.Groups {
		out = append(out, []string{g.ID + " " + g.Label.In(lang), strings.Join(g.Criteria, ", "), itoa(g.MeetingAll),
			pctCell(g.MeetingAll, f.Communes), itoa(g.Met) + "/" + itoa(g.Assessed), pctCell(g.Met, g.Assessed)})
	}
	for _, s := range f.Responsibility {
		out = append(out, []string{s.Label.In(lang), strings.Join(s.Criteria, ", "), "", "",
			itoa(s.Met) + "/" + itoa(s.Assessed), pctCell(s.Met, s.Assessed)})
	}
	return out
}

// Rows returns the candidates as a table: one row per candidate, rule by rule.
func (c *CandidateReport) Rows(lang string) [][]string {
	out := [][]string{header(lang, bilingual("Diện khen thưởng", "Rule"), bilingual("Phạm vi", "Scope"), bilingual("Hạng", "Rank"),
		bilingual("Mã", "Code"), bilingual("Đơn vị", "Unit"), bilingual("Điểm", "Points"), bilingual("Xếp loại", "Class"),
		bilingual("Lý do", "Reason"))}
	for _, l := range c.Lists {
		for _, x := range l.Candidates {
			scope := x.Scope
			if scope == "" {
				scope = bilingual("Toàn tỉnh", "Province").In(lang)
			}
			out = append(out, []string{l.Rule.Label.In(lang), scope, itoa(x.Rank) + "/" + itoa(x.Of), x.Code, x.Label.In(lang),
				ratioCell(x.Total), classCell(x.Class, lang), x.Reason.In(lang)})
		}
		if len(l.NoDistrict) > 0 {
			out = append(out, []string{l.Rule.Label.In(lang), labelNoDistrict.In(lang), "", strings.Join(l.NoDistrict, ", "), "", "", "",
				bilingual("Không xét: kết quả không ghi huyện, nên không thuộc phạm vi huyện nào",
					"Not considered: the results name no district, so they fall within no district's scope").In(lang)})
		}
	}
	return out
}
