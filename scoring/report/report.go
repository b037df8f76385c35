package report

import (
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
)

// Ranking returns a ranking as a table: one row per unit, in ranking order.
//
// A commune ranking has the columns scope, rank, code, unit, district, criteria met,
// recognised, points, class and band; within districts the scope of the communes without a
// district reads "Không có huyện" (No district), and across the province "Toàn tỉnh"
// (Province). A district ranking has the columns rank, unit, communes, recognised (a count and
// a share), all met (a share), average criteria, points and class; it ends with a row, not
// ranked, naming the communes without a district when there are any.
//
// The columns follow the rule the ranking was made with (Ranking.RuleUsed), whatever has since
// been done to Ranking.Rule.
func Ranking(r *scoring.Ranking, lang string) [][]string {
	out := [][]string{RankingHeader(r, lang)}
	r.Each(func(sc *scoring.Score) bool {
		out = append(out, RankingRow(r, sc, lang))
		return true
	})
	return append(out, RankingFooter(r, lang)...)
}

// RankingHeader is the header row of Ranking's table. With RankingRow and RankingFooter it
// lets a large ranking be written row by row (see Ranking.Each).
func RankingHeader(r *scoring.Ranking, lang string) []string {
	var cols []criteria.Text
	w := r.Scheme.Words()
	if r.RuleUsed().Subject.IsDistrict() {
		cols = []criteria.Text{bilingual("Hạng", "Rank"), bilingual("Đơn vị", "Unit"), bilingual("Số "+w.Units.VI, upperFirst(w.Units.EN)),
			bilingual(upperFirst(w.Units.VI)+" đạt chuẩn", "Recognised"), bilingual("Tỷ lệ đạt chuẩn (%)", "Recognised (%)"),
			bilingual("Tỷ lệ đạt đủ tiêu chí (%)", "All met (%)"), bilingual("Bình quân tiêu chí/"+w.Unit.VI, "Average criteria"),
			bilingual("Điểm", "Points"), bilingual("Xếp loại", "Class")}
	} else {
		cols = []criteria.Text{bilingual("Phạm vi", "Scope"), bilingual("Hạng", "Rank"), bilingual("Mã", "Code"), bilingual("Đơn vị", "Unit"),
			bilingual(upperFirst(w.Parent.VI), upperFirst(w.Parent.EN)), bilingual("Tiêu chí đạt", "Criteria met"), bilingual("Đạt chuẩn", "Recognised"),
			bilingual("Điểm", "Points"), bilingual("Xếp loại", "Class"), bilingual("Nhóm", "Band")}
	}
	return header(lang, withoutClass(r, cols)...)
}

// withoutClass drops the class column of a ranking whose scheme declares no classes.
func withoutClass[T any](r *scoring.Ranking, cols []T) []T {
	if len(r.Scheme.Classes) > 0 {
		return cols
	}
	const i = 8 // the class column, of commune and district rankings alike
	return append(cols[:i:i], cols[i+1:]...)
}

// RankingRow is the row of one score of the ranking r.
func RankingRow(r *scoring.Ranking, sc *scoring.Score, lang string) []string {
	rule := r.RuleUsed()
	if rule.Subject.IsDistrict() {
		st := sc.Stats
		return withoutClass(r, []string{itoa(sc.Rank), sc.Label.In(lang), itoa(st.Communes), itoa(st.Recognised),
			pctCell(st.Recognised, st.Communes, lang), pctCell(st.AllMet, st.Communes, lang), ratioCell(st.AverageMet(), lang),
			ratioCell(sc.Total, lang), classCell(sc.Class, lang)})
	}
	scope := sc.Scope
	switch {
	case rule.Scope == scoring.ScopeDistrict && scope == "" && len(r.NoDistrict) == r.Len():
		// No unit names a district (as after 01/7/2025): the ranking within districts is one
		// ranking across the province, and says so.
		w := r.Scheme.Words()
		scope = bilingual("Toàn tỉnh (không có "+w.Parent.VI+")", "Province (no "+w.Parent.EN+")").In(lang)
	case rule.Scope == scoring.ScopeDistrict:
		scope = districtName(scope, lang)
	case scope == "":
		scope = bilingual("Toàn tỉnh", "Province").In(lang)
	}
	return withoutClass(r, []string{scope, itoa(sc.Rank), sc.Code, sc.Label.In(lang), sc.District,
		itoa(sc.Met) + "/" + itoa(sc.Criteria), yesNo(sc.Recognised, lang), ratioCell(sc.Total, lang),
		classCell(sc.Class, lang), bandCell(sc.Band, lang)})
}

// RankingFooter is what follows the ranked rows: for a district ranking, the communes without
// a district, which it does not rank.
func RankingFooter(r *scoring.Ranking, lang string) [][]string {
	if !r.RuleUsed().Subject.IsDistrict() || len(r.NoDistrict) == 0 {
		return nil
	}
	label := bilingual("Không có huyện (không xếp hạng): ", "No district (not ranked): ").In(lang) + codeList(r.NoDistrict, lang)
	return [][]string{withoutClass(r, []string{"", label, itoa(len(r.NoDistrict)), "", "", "", "", "", ""})}
}

// Score returns a unit's score broken down: one row per line (label, count, points each,
// points, criteria), then the total. A district's total that is an average over its communes
// says so.
func Score(sc *scoring.Score, lang string) [][]string {
	out := [][]string{header(lang, bilingual("Nội dung", "Item"), bilingual("Số lượng", "Count"),
		bilingual("Điểm mỗi lần", "Each"), bilingual("Điểm", "Points"), bilingual("Tiêu chí", "Criteria"))}
	for _, l := range sc.Lines {
		out = append(out, []string{l.Label.In(lang), itoa(l.Count), decCell(l.Each, lang), decCell(l.Points, lang),
			strings.Join(l.Criteria, ", ")})
	}
	total := bilingual("Tổng điểm", "Total").In(lang)
	if sc.Stats != nil && sc.Total.Den > 1 {
		total = bilingual("Tổng điểm (bình quân "+itoa(sc.Stats.Communes)+" xã)", "Total (average over "+itoa(sc.Stats.Communes)+" communes)").In(lang)
	}
	out = append(out, []string{total, "", "", ratioCell(sc.Total, lang), ""})
	return out
}

// Bands returns a band report as a table: one row per band (communes, share, of which
// recognised, of which slipped), then the total and the average number of criteria met per
// commune.
func Bands(b *scoring.BandReport, lang string) [][]string {
	w := b.Scheme.Words()
	out := [][]string{header(lang, bilingual("Nhóm", "Band"), bilingual("Số "+w.Units.VI, upperFirst(w.Units.EN)), bilingual("Tỷ lệ (%)", "Share (%)"),
		bilingual("Trong đó đã đạt chuẩn", "Of which recognised"), bilingual("Trong đó có tiêu chí rớt chuẩn", "Of which slipped"))}
	for _, r := range b.Bands {
		out = append(out, []string{r.Band.Label.In(lang), itoa(r.Count), pctCell(r.Count, b.Units, lang), itoa(r.OfWhichRecognised), itoa(r.OfWhichSlipped)})
	}
	out = append(out, []string{bilingual("Tổng cộng", "Total").In(lang), itoa(b.Units), pctCell(b.Units, b.Units, lang), itoa(b.Recognised), itoa(b.Slipped)})
	out = append(out, []string{bilingual("Bình quân tiêu chí/"+w.Unit.VI, "Average criteria per "+w.Unit.EN).In(lang), ratioCell(b.AverageMet(), lang), "", "", ""})
	return out
}

// BandDistricts returns a band report by district: one row per district, with one column per
// band, then the communes recognised, those that slipped, and the average number of criteria
// met per commune. The communes without a district come last, as "Không có huyện" (No
// district).
func BandDistricts(b *scoring.BandReport, lang string) [][]string {
	w := b.Scheme.Words()
	h := []string{bilingual(upperFirst(w.Parent.VI), upperFirst(w.Parent.EN)).In(lang), bilingual("Số "+w.Units.VI, upperFirst(w.Units.EN)).In(lang)}
	for _, r := range b.Bands {
		h = append(h, r.Band.Label.In(lang))
	}
	h = append(h, bilingual("Trong đó đã đạt chuẩn", "Of which recognised").In(lang),
		bilingual("Trong đó có tiêu chí rớt chuẩn", "Of which slipped").In(lang),
		bilingual("Bình quân tiêu chí/"+w.Unit.VI, "Average criteria").In(lang))
	out := [][]string{h}
	for _, d := range b.Districts {
		row := []string{districtName(d.District, lang), itoa(d.Units)}
		for _, c := range d.Counts {
			row = append(row, itoa(c))
		}
		out = append(out, append(row, itoa(d.Recognised), itoa(d.Slipped), ratioCell(countRatio(d.Met, d.Units), lang)))
	}
	return out
}

// Progress returns a progress report as a table: one row per unit that changed (a criterion
// gained or lost, the title gained or lost, newly slipped or recovered), in code order.
func Progress(p *scoring.ProgressReport, lang string) [][]string {
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

// Summary returns a multi-year summary's series as a table: one row per period from the
// baseline to the end.
func Summary(s *scoring.Summary, lang string) [][]string {
	w := s.Scheme.Words()
	out := [][]string{header(lang, bilingual("Kỳ", "Period"), bilingual("Số "+w.Units.VI, upperFirst(w.Units.EN)), bilingual(upperFirst(w.Units.VI)+" đạt chuẩn", "Recognised"),
		bilingual("Tỷ lệ đạt chuẩn (%)", "Recognised (%)"), bilingual("Đạt đủ tiêu chí", "All met"),
		bilingual("Rớt chuẩn", "Slipped"), bilingual("Tổng tiêu chí đạt", "Criteria met"), bilingual("Bình quân tiêu chí/"+w.Unit.VI, "Average criteria"))}
	for _, p := range s.Series {
		out = append(out, []string{p.Period.String(), itoa(p.Units), itoa(p.Recognised), pctCell(p.Recognised, p.Units, lang),
			itoa(p.AllMet), itoa(p.Slipped), itoa(p.Met), ratioCell(p.AverageMet(), lang)})
	}
	return out
}

// Goals returns a goal report as a table: one row per goal, with its deadline, where it stands
// and the goal's note (what is still to go).
func Goals(g *scoring.GoalReport, lang string) [][]string {
	out := [][]string{header(lang, bilingual("Mục tiêu", "Goal"), bilingual("Hạn", "By"), bilingual("Tình trạng", "Status"),
		bilingual("Kết quả", "Where it stands"))}
	for _, r := range g.Goals {
		out = append(out, []string{r.Goal.Label.In(lang), itoa(r.Goal.By), goalStatusLabel(r.Status, lang), r.Note.In(lang)})
	}
	return out
}

// Front returns the Front's report as a table: one row per content group (communes meeting all
// of its criteria, criteria met), then one row per value of the Front's responsibility.
func Front(f *scoring.FrontReport, lang string) [][]string {
	out := [][]string{header(lang, bilingual("Nội dung", "Item"), bilingual("Tiêu chí", "Criteria"),
		bilingual("Số xã đạt cả nhóm", "Communes meeting all"), bilingual("Tỷ lệ xã (%)", "Communes (%)"),
		bilingual("Lượt tiêu chí đạt", "Criteria met"), bilingual("Tỷ lệ tiêu chí (%)", "Criteria met (%)"))}
	for _, g := range f.Groups {
		out = append(out, []string{g.ID + " " + g.Label.In(lang), strings.Join(g.Criteria, ", "), itoa(g.MeetingAll),
			pctCell(g.MeetingAll, f.Communes, lang), itoa(g.Met) + "/" + itoa(g.Assessed), pctCell(g.Met, g.Assessed, lang)})
	}
	for _, s := range f.Responsibility {
		out = append(out, []string{s.Label.In(lang), strings.Join(s.Criteria, ", "), "", "",
			itoa(s.Met) + "/" + itoa(s.Assessed), pctCell(s.Met, s.Assessed, lang)})
	}
	return out
}

// Candidates returns the commendation candidates as a table: one row per candidate, rule by
// rule, with the candidate's reason. A rule drawn within districts that could not consider the
// communes without a district ends with a row naming them. It is CandidatesHeader followed by
// every row of CandidateRows; a report of many candidates is better written from those as it
// goes.
func Candidates(c *scoring.CandidateReport, lang string) [][]string {
	out := [][]string{CandidatesHeader(c, lang)}
	for row := range CandidateRows(c, lang) {
		out = append(out, row)
	}
	return out
}

// CandidatesHeader is the header row of the candidates table (without the class column when
// the scheme declares no classes).
func CandidatesHeader(c *scoring.CandidateReport, lang string) []string {
	return candidateCols(c, header(lang, bilingual("Diện khen thưởng", "Rule"), bilingual("Phạm vi", "Scope"), bilingual("Hạng", "Rank"),
		bilingual("Mã", "Code"), bilingual("Đơn vị", "Unit"), bilingual("Điểm", "Points"), bilingual("Xếp loại", "Class"),
		bilingual("Lý do", "Reason")))
}

// candidateCols drops the class column (the seventh) when the scheme declares no classes.
func candidateCols(c *scoring.CandidateReport, row []string) []string {
	if c.Scheme == nil || len(c.Scheme.Classes) > 0 {
		return row
	}
	return append(row[:6:6], row[7:]...)
}

// CandidateRows yields the rows of the candidates table after its header, each built when it
// is reached, so that nothing but the current row is held.
func CandidateRows(c *scoring.CandidateReport, lang string) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		for _, l := range c.Lists {
			for _, x := range l.Candidates() {
				scope := x.Scope
				if scope == "" {
					scope = bilingual("Toàn tỉnh", "Province").In(lang)
				}
				if !yield(candidateCols(c, []string{l.Rule.Label.In(lang), scope, itoa(x.Rank) + "/" + itoa(x.Of), x.Code, x.Label.In(lang),
					ratioCell(x.Total, lang), classCell(x.Class, lang), x.Reason().In(lang)})) {
					return
				}
			}
			if len(l.NoDistrict) > 0 {
				if !yield(candidateCols(c, []string{l.Rule.Label.In(lang), labelNoDistrict.In(lang), "", codeList(l.NoDistrict, lang), "", "", "",
					bilingual("Không xét: kết quả không ghi huyện, nên không thuộc phạm vi huyện nào",
						"Not considered: the results name no district, so they fall within no district's scope").In(lang)})) {
					return
				}
			}
		}
	}
}

// upperFirst upper-cases a word's first letter ("xã" → "Xã").
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// maxListedCodes is how many codes a table cell lists; the JSON of the same report lists all.
const maxListedCodes = 10

// codeList writes codes for a table cell: at most maxListedCodes, then how many more.
func codeList(codes []string, lang string) string {
	if len(codes) <= maxListedCodes {
		return strings.Join(codes, ", ")
	}
	more := len(codes) - maxListedCodes
	return strings.Join(codes[:maxListedCodes], ", ") + bilingual(" và "+itoa(more)+" đơn vị khác", " and "+itoa(more)+" more").In(lang)
}
