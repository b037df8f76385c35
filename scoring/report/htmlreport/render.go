package htmlreport

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/lineage"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report"
	"github.com/shopspring/decimal"
)

//go:embed page.html.tmpl
var pageSource string

var page = template.Must(template.New("page").Funcs(template.FuncMap{"add": func(a, b int) int { return a + b }, "sub": func(a, b int) int { return a - b }}).Parse(pageSource))

// word is one of the page's own words, in both languages.
type word struct{ vi, en string }

func (w word) in(lang string) string {
	if lang == "vi" {
		return w.vi
	}
	return w.en
}

// words are the page's own words; the rest comes from the ruleset, the scheme and the reports.
var words = map[string]word{
	"report":          {"Báo cáo kết quả", "Results report"},
	"period":          {"Kỳ đánh giá", "Period"},
	"previous":        {"Kỳ so sánh", "Compared with"},
	"ruleset":         {"Bộ tiêu chí", "Ruleset"},
	"scheme":          {"Thang điểm", "Scheme"},
	"source":          {"Nguồn số liệu", "Data source"},
	"legal":           {"Căn cứ", "Legal basis"},
	"glance":          {"Toàn tỉnh", "The province at a glance"},
	"units":           {"Số đơn vị", "Units"},
	"recognised":      {"Đã đạt chuẩn", "Recognised"},
	"eligible":        {"Đủ điều kiện, chưa công nhận", "Eligible, not yet recognised"},
	"eligible_all":    {"Đủ điều kiện công nhận", "Eligible for recognition"},
	"allmet":          {"Đạt đủ tiêu chí", "All criteria met"},
	"slipped":         {"Có tiêu chí rớt chuẩn", "Slipped"},
	"average":         {"Bình quân tiêu chí", "Average criteria met"},
	"unknown":         {"Có tiêu chí chưa rõ", "With criteria unknown"},
	"bands":           {"Nhóm theo số tiêu chí đạt", "Bands by criteria met"},
	"goals":           {"Mục tiêu", "Goals"},
	"goal_reached":    {"đã đạt", "reached"},
	"goal_target":     {"mục tiêu", "goal"},
	"matrix":          {"Kết quả từng tiêu chí", "Criteria by unit"},
	"matrix_note":     {"Mỗi ô là kết quả một tiêu chí: ✓ đạt, ✗ không đạt, ? chưa rõ, – không áp dụng. Bấm tên đơn vị để xem những gì còn thiếu.", "Each cell is one criterion: ✓ met, ✗ not met, ? unknown, – not applicable. Select a unit's name to see what it still misses."},
	"code":            {"Mã", "Code"},
	"unit":            {"Đơn vị", "Unit"},
	"met_count":       {"Số tiêu chí đạt", "Criteria met"},
	"status_met":      {"Đạt", "Met"},
	"status_not":      {"Không đạt", "Not met"},
	"status_unk":      {"Chưa rõ", "Unknown"},
	"status_na":       {"Không áp dụng", "Not applicable"},
	"by_parent":       {"Theo đơn vị cấp trên", "By parent unit"},
	"no_parent":       {"Không có đơn vị cấp trên", "No parent unit"},
	"worst":           {"Tiêu chí nhiều đơn vị không đạt nhất (số đơn vị không đạt)", "Criteria most often not met (units not meeting them)"},
	"worst_none":      {"Không đơn vị nào có tiêu chí không đạt.", "No unit fails a criterion."},
	"recovered":       {"Đạt lại đủ tiêu chí", "Recovered"},
	"progress":        {"Tiến độ giữa hai kỳ", "Progress between periods"},
	"progress_none":   {"Không có đơn vị nào thay đổi.", "No unit changed."},
	"gained":          {"Tiêu chí tăng", "Criteria gained"},
	"lost":            {"Tiêu chí giảm", "Criteria lost"},
	"newly":           {"Mới đạt chuẩn", "Newly recognised"},
	"newly_slipped":   {"Mới rớt chuẩn", "Newly slipped"},
	"rankings":        {"Xếp hạng", "Rankings"},
	"front":           {"Báo cáo của Mặt trận", "The Front's report"},
	"details":         {"Từng đơn vị: những gì còn thiếu", "Each unit: what it still misses"},
	"details_note":    {"Gần đạt nhất trước: khoảng cách tương đối nhỏ nhất, rồi các chỉ tiêu không đạt khác, rồi các chỉ tiêu chưa rõ.", "Closest first: the smallest relative gap, then other checks not met, then unknown ones."},
	"criterion":       {"Tiêu chí", "Criterion"},
	"indicator":       {"Chỉ tiêu", "Indicator"},
	"value_target":    {"Giá trị và yêu cầu", "Value and requirement"},
	"gap":             {"Còn thiếu", "Gap"},
	"condition":       {"Điều kiện công nhận", "Recognition condition"},
	"nothing":         {"Không thiếu gì.", "Nothing missing."},
	"unsupplied":      {"Chưa đánh giá được (bộ tiêu chí chưa có chỉ tiêu)", "Cannot be judged (the ruleset gives no indicators yet)"},
	"back":            {"Về bảng", "Back to the matrix"},
	"robust":          {"Độ tin cậy của thứ hạng theo tổng điểm", "How far the ranking by points holds"},
	"robust_note":     {"Mỗi đơn vị: hạng theo điểm của thang, và khoảng hạng (bách phân vị 5–95) qua các lần rút với điểm dao động và tiêu chí chưa rõ rút ngẫu nhiên.", "Each unit: its rank by the scheme's points, and its rank interval (5th–95th percentile) over draws with the points varied and unknown criteria drawn."},
	"draws":           {"Số lần rút", "Draws"},
	"rank":            {"Hạng", "Rank"},
	"interval":        {"Khoảng hạng", "Rank interval"},
	"in_cut":          {"Khả năng trong nhóm khen thưởng (%)", "Chance of the cut (%)"},
	"impact":          {"Tác động của thay đổi bộ tiêu chí", "Impact of a ruleset change"},
	"impact_units":    {"Số đơn vị thay đổi", "Units that change"},
	"across":          {"Trước và sau sắp xếp đơn vị hành chính", "Then and now: across the reorganisation of units"},
	"across_note":     {"Xã mới hình thành từ các xã đều đã đạt chuẩn chỉ giữ chuẩn khi tỉnh ra quyết định (Công văn 267/BNN-VPĐP, viết cho đợt 2023-2025; áp dụng cho đợt này là suy ra, đánh dấu *). Phường không tính vào mẫu số xã.", "A commune formed from communes all recognised keeps the title only by a provincial decision (Công văn 267/BNN-VPĐP, written for the 2023-2025 arrangements; applying it here is an inference, marked *). Wards are left out of the communes counted."},
	"across_period":   {"Kỳ", "Period"},
	"across_part":     {"Phần", "Part"},
	"across_communes": {"Số xã", "Communes"},
	"across_recog":    {"Đạt chuẩn", "Recognised"},
	"across_nodata":   {"Không có số liệu", "No data"},
	"across_share":    {"Tỷ lệ đạt chuẩn", "Share recognised"},
	"across_old":      {"các đơn vị cũ", "the old units"},
	"across_former":   {"phần %s cũ", "part of the former %s"},
	"across_new":      {"Đơn vị mới", "New unit"},
	"across_from":     {"Hình thành từ", "Formed from"},
	"across_case":     {"Danh hiệu sau sắp xếp", "Title after the reorganisation"},
	"before_after":    {"Trước → sau", "Before → after"},
	"flips":           {"Chỉ tiêu đổi kết quả", "Checks that flip"},
	"illustrative":    {"Tệp minh họa: các giá trị là ví dụ, không phải quy định.", "Illustrative file: its values are examples, not law."},
	"contents":        {"Mục lục", "Contents"},
	"of":              {"trên", "of"},
	"yes":             {"có", "yes"},
	"no":              {"không", "no"},
}

// Languages are the languages the page's own words are written in.
var Languages = []string{"vi", "en"}

// Write renders the report as one HTML page in lang ("vi" or "en"). The page is deterministic:
// the same report gives the same bytes.
func (r *Report) Write(w io.Writer, lang string) error {
	if lang != "vi" && lang != "en" {
		return fmt.Errorf("htmlreport: language %q: the page's own words are written in vi and en", lang)
	}
	v := r.view(lang)
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := page.Execute(bw, v); err != nil {
		return err
	}
	return bw.Flush()
}

// view is what the template shows, every text in one language.
type view struct {
	Lang, Title, Subtitle string
	Words                 map[string]string
	Illustrative          bool
	Meta                  []pair
	Legal                 []criteria.Document
	Cards                 []card
	Bands                 []barRow
	BandLegend            []segment
	BandTable             table
	Goals                 []goalView
	Criteria              []critHead
	Groups                []group
	Parents               []parentView
	Progress              *progressView
	Rankings              []rankView
	Front                 *table
	Units                 []unitView
	Robust                *robustView
	Impact                *impactView
	Across                *acrossView
}

type robustView struct {
	Note  string
	Rows  []robustRow
	Cut   bool
	Width int // the bar's width in ranks
}

type robustRow struct {
	Code, Name, Interval, InCut string
	Rank                        int
	X1, X2, XR                  int // per-mille of the bar: the interval's ends and the rank
	Aria                        string
}

type impactView struct {
	Title string
	Cards []card
	Table table
}

type pair struct{ Key, Value string }

// card is one figure: Value as shown, Raw as a program reads it (a plain number).
type card struct {
	Key, Label, Value, Note, Raw string
}

type table struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// segment is one part of a stacked bar: x and width in per-mille of the bar.
type segment struct {
	Class, Label string
	Count        int
	X, W         int
}

type barRow struct {
	Label    string
	Aria     string
	Segments []segment
}

type goalView struct {
	ID, Label, By, Status, StatusClass, Note, Aria string
	Value, Target                                  string // the shares as the report writes them
	ValueW, TargetX                                int    // per-mille of the bar, for shares
	Share                                          bool
}

type critHead struct{ ID, Name string }

type cell struct{ Class, Sym, Title string }

// unitRow is a row of the matrix. Its cells are written here, from the four fixed cells of
// cellHTML only (no text of the data), which keeps a province of 3,300 units quick to write.
type unitRow struct {
	Code  string
	Cells template.HTML
}

type group struct {
	Name  string
	Units []unitRow
}

type parentView struct {
	Name  string
	Bar   barRow
	Worst []worst
}

type worst struct {
	ID, Name string
	Count    int
}

type progressView struct {
	Cards []card
	Table table
}

// rankView is a ranking's table, each row carrying the unit's code, rank and total so that a
// program reading the page finds them without parsing the cells.
type rankView struct {
	Title string
	Head  []string
	Rows  template.HTML // the rows, each <tr data-code data-rank data-total>
	Foot  [][]string
}

type shortfallView struct {
	Criterion, Indicator, Describe, Gap string
	Unknown                             bool
}

type unitView struct {
	Anchor, Code, Name, Parent, Summary string
	Unsupplied                          []string
	Shortfalls                          template.HTML // the rows of the shortfalls table
}

// tableOf is a report's rows as a table, every cell cleaned of control characters.
func tableOf(caption string, rows [][]string) table {
	for _, row := range rows {
		for i := range row {
			row[i] = clean(row[i])
		}
	}
	return table{Caption: caption, Head: rows[0], Rows: rows[1:]}
}

func (r *Report) view(lang string) *view {
	say := func(k string) string { return words[k].in(lang) }
	v := &view{Lang: lang, Title: r.Ruleset.Title().In(lang), Subtitle: r.Scheme.Title.In(lang), Words: map[string]string{},
		Illustrative: r.Ruleset.Illustrative() || r.Scheme.Illustrative, Legal: r.Ruleset.Legal()}
	for k, w := range words {
		v.Words[k] = w.in(lang)
	}
	v.Meta = append(v.Meta, pair{say("period"), r.Period.String()})
	if r.Progress != nil {
		v.Meta = append(v.Meta, pair{say("previous"), r.Previous.String()})
	}
	v.Meta = append(v.Meta, pair{say("ruleset"), r.Ruleset.Ref()}, pair{say("scheme"), r.Scheme.ID + "@" + r.Scheme.Version})
	if r.Source != "" {
		v.Meta = append(v.Meta, pair{say("source"), clean(r.Source)})
	}
	b := r.Bands
	num := func(n int) string { return strconv.Itoa(n) }
	pct := func(n int) string {
		if b.Units == 0 {
			return ""
		}
		return dec(scoring.NewRatio(decimal.NewFromInt(int64(n)*100), int64(b.Units)).Round(2), lang) + "%"
	}
	count := func(key, label string, n int, share bool) card {
		c := card{Key: key, Label: label, Value: num(n), Raw: num(n)}
		if share {
			c.Note = pct(n)
		}
		return c
	}
	avg := b.AverageMet().Round(2)
	v.Cards = []card{
		count("units", unitsLabel(r.Scheme, lang), b.Units, false),
		count("recognised", say("recognised"), b.Recognised, true),
		count("eligible", say("eligible"), r.Eligible, true),
		count("all_met", say("allmet"), r.AllMet, true),
		count("slipped", say("slipped"), b.Slipped, true),
		{Key: "average_met", Label: say("average"), Value: dec(avg, lang), Raw: scoring.FormatDecimal(avg)},
	}
	if b.Unknown > 0 {
		v.Cards = append(v.Cards, count("unknown", say("unknown"), b.Unknown, true))
	}
	if len(b.Bands) > 0 {
		rows := report.Bands(b, lang)
		v.BandTable = tableOf(say("bands"), rows)
		var counts []int
		for _, row := range b.Bands {
			counts = append(counts, row.Count)
		}
		v.Bands = []barRow{r.bar(say("glance"), counts, b.Units, lang)}
		v.BandLegend = r.bar("", counts, b.Units, lang).Segments
	}
	if r.Goals != nil {
		rows := report.Goals(r.Goals, lang)
		for i, g := range r.Goals.Goals {
			v.Goals = append(v.Goals, goalOf(g, rows[i+1][2], lang))
		}
	}
	r.matrix(v, lang)
	if r.Progress != nil {
		p := r.Progress
		rows := report.Progress(p, lang)
		pv := &progressView{Table: tableOf(say("progress"), rows)}
		pv.Cards = []card{
			{Key: "progress_recognised", Label: say("recognised"), Value: num(p.Before.Recognised) + " → " + num(p.After.Recognised), Raw: num(p.After.Recognised)},
			{Key: "progress_gained", Label: say("gained"), Value: "+" + num(p.Gained), Raw: num(p.Gained)},
			{Key: "progress_lost", Label: say("lost"), Value: "−" + num(p.Lost), Raw: num(p.Lost)},
			{Key: "progress_newly", Label: say("newly"), Value: num(p.NewlyRecognised), Raw: num(p.NewlyRecognised)},
			{Key: "progress_slipped", Label: say("newly_slipped"), Value: num(p.NewlySlipped), Raw: num(p.NewlySlipped)},
			{Key: "progress_recovered", Label: say("recovered"), Value: num(p.Recovered), Raw: num(p.Recovered)},
		}
		v.Progress = pv
	}
	for _, rk := range r.Rankings {
		rv := rankView{Title: upperFirst(r.Scheme.SubjectLabel(rk.RuleUsed().Subject, lang)), Head: report.RankingHeader(rk, lang), Foot: report.RankingFooter(rk, lang)}
		var h rows
		rk.Each(func(sc *scoring.Score) bool {
			h.open("data-code", sc.Code, "data-rank", strconv.Itoa(sc.Rank), "data-total", sc.Total.String())
			for _, c := range report.RankingRow(rk, sc, lang) {
				h.td(c)
			}
			h.close()
			return true
		})
		rv.Rows = h.html()
		v.Rankings = append(v.Rankings, rv)
	}
	if r.Robust != nil {
		v.Robust = r.robustView(lang)
	}
	if r.Impact != nil {
		v.Impact = impactOf(r.Impact, lang)
	}
	if r.Across != nil {
		v.Across = acrossOf(r.Across, lang)
	}
	if r.Front != nil {
		rows := report.Front(r.Front, lang)
		t := tableOf(say("front"), rows)
		v.Front = &t
	}
	return v
}

// robustView lays out each unit's rank interval on a bar of the ranks 1..n.
func (r *Report) robustView(lang string) *robustView {
	say := func(k string) string { return words[k].in(lang) }
	rb := r.Robust
	o := rb.Options
	rv := &robustView{Cut: o.Cut > 0, Width: len(rb.Units)}
	rv.Note = fmt.Sprintf("%s: %d; ±%s%%; %s", say("draws"), o.Draws, dec(decimal.NewFromFloat(o.Jitter*100).Round(1), lang), say("robust_note"))
	names := map[string]string{}
	for _, res := range r.results {
		names[res.Unit.Code] = res.Unit.Name
	}
	n := max(1, len(rb.Units)-1)
	at := func(rank int) int { return (rank - 1) * 1000 / n }
	for _, u := range rb.Units {
		row := robustRow{Code: clean(u.Code), Name: clean(names[u.Code]), Rank: u.Rank, Interval: strconv.Itoa(u.Low) + "–" + strconv.Itoa(u.High),
			X1: at(u.Low), X2: at(u.High), XR: at(u.Rank)}
		if rv.Cut {
			row.InCut = dec(decimal.NewFromFloat(u.InCut*100).Round(1), lang)
		}
		row.Aria = fmt.Sprintf("%s: %s %d, %s %s", row.Code, say("rank"), u.Rank, say("interval"), row.Interval)
		rv.Rows = append(rv.Rows, row)
	}
	return rv
}

// impactOf lays out a rule change's effect: totals before and after, and the units that change.
func impactOf(ir *criteria.ImpactReport, lang string) *impactView {
	say := func(k string) string { return words[k].in(lang) }
	num := strconv.Itoa
	iv := &impactView{Title: ir.Base.Ref() + " → " + ir.Changed.Ref()}
	iv.Cards = []card{
		{Key: "impact_units", Label: say("impact_units"), Value: num(len(ir.Impacts)), Raw: num(len(ir.Impacts))},
		{Key: "impact_all_met", Label: say("allmet"), Value: num(ir.AllMet[0]) + " → " + num(ir.AllMet[1]), Raw: num(ir.AllMet[1])},
		{Key: "impact_eligible", Label: words["eligible_all"].in(lang), Value: num(ir.Eligible[0]) + " → " + num(ir.Eligible[1]), Raw: num(ir.Eligible[1])},
	}
	rows := [][]string{{say("code"), say("unit"), say("met_count"), say("allmet"), say("flips")}}
	for _, u := range ir.Impacts {
		flips := make([]string, len(u.Flips))
		for i, f := range u.Flips {
			flips[i] = f.Describe(lang)
		}
		rows = append(rows, []string{u.Code, u.Name, num(u.Before.Met) + " → " + num(u.After.Met),
			truthWord(u.Before.AllMet, lang) + " → " + truthWord(u.After.AllMet, lang), strings.Join(flips, "; ")})
	}
	iv.Table = tableOf(say("impact"), rows)
	return iv
}

type acrossView struct {
	Title  string
	Totals table
	Units  table
}

// acrossOf lays out a period before a reorganisation beside the periods after it: the
// communes by former province with the share recognised (a range while data are missing),
// and each new unit with its predecessors and what became of the title.
func acrossOf(a *lineage.Across, lang string) *acrossView {
	say := func(k string) string { return words[k].in(lang) }
	num := strconv.Itoa
	r := a.Reorganisation
	av := &acrossView{Title: r.Title.In(lang) + " — " + a.Province.Name}
	rows := [][]string{{say("across_period"), say("across_part"), say("across_communes"), say("across_recog"), say("across_nodata"), say("across_share")}}
	add := func(p, part string, c lineage.Count) {
		rows = append(rows, []string{p, part, num(c.Communes), num(c.Recognised), num(c.NoData), c.ShareText(lang)})
	}
	former := func(f lineage.FormerPart) string { return fmt.Sprintf(say("across_former"), f.Province.Name) }
	add(a.Before.String(), say("across_old"), a.Totals.Before)
	for _, f := range a.Totals.ByFormer {
		if f.Province.Code != "" {
			add("", former(f), f.Before)
		}
	}
	for i, p := range a.After {
		add(p.String(), a.Province.Name, a.Totals.After[i])
		for _, f := range a.Totals.ByFormer {
			if f.Province.Code != "" {
				add("", former(f), f.After[i])
			}
		}
	}
	av.Totals = tableOf("", rows)
	head := []string{say("code"), say("across_new"), say("across_from") + " (" + a.Before.String() + ")", say("across_case")}
	for _, p := range a.After {
		head = append(head, p.String())
	}
	rows = [][]string{head}
	for _, n := range a.New {
		row := []string{n.Unit.Code, n.Unit.Name, n.PredecessorsText(lang), n.CaseText(lang)}
		for _, s := range n.After {
			row = append(row, s.Words(lang))
		}
		rows = append(rows, row)
	}
	av.Units = tableOf("", rows)
	return av
}

func truthWord(t criteria.Truth, lang string) string {
	switch t {
	case criteria.Yes:
		return words["yes"].in(lang)
	case criteria.No:
		return words["no"].in(lang)
	}
	return words["status_unk"].in(lang)
}

// bar lays out counts as a stacked bar of per-mille widths; its aria-label reads the counts.
func (r *Report) bar(label string, counts []int, total int, lang string) barRow {
	row := barRow{Label: label}
	var parts []string
	x := 0
	done := 0
	for i, n := range counts {
		band := r.Bands.Bands[i].Band
		w := 0
		if total > 0 {
			// Widths from the running sum, so they add up to 1000 exactly.
			done += n
			w = done*1000/total - x
		}
		row.Segments = append(row.Segments, segment{Class: "b" + strconv.Itoa(i%6), Label: band.Label.In(lang), Count: n, X: x, W: w})
		x += w
		parts = append(parts, band.Label.In(lang)+": "+strconv.Itoa(n))
	}
	row.Aria = strings.TrimPrefix(label+": ", ": ") + strings.Join(parts, "; ")
	return row
}

func goalOf(g scoring.GoalResult, status, lang string) goalView {
	gv := goalView{ID: g.Goal.ID, Label: g.Goal.Label.In(lang), By: strconv.Itoa(g.Goal.By), Note: clean(g.Note.In(lang)), StatusClass: string(g.Status), Status: status}
	if g.Goal.Kind == scoring.GoalShareRecognised && g.Value.Defined() {
		gv.Share = true
		val := g.Value.Percent(2)
		tgt := g.Target.Percent(2)
		gv.Value, gv.Target = dec(val, lang)+"%", dec(tgt, lang)+"%"
		gv.ValueW = clampMille(val.Mul(decimal.NewFromInt(10)).IntPart())
		gv.TargetX = clampMille(tgt.Mul(decimal.NewFromInt(10)).IntPart())
		gv.Aria = gv.Label + ": " + words["goal_reached"].in(lang) + " " + gv.Value + ", " + words["goal_target"].in(lang) + " " + gv.Target
	}
	return gv
}

// dec writes a decimal as the reports do, with a decimal comma in Vietnamese.
func dec(d decimal.Decimal, lang string) string {
	s := scoring.FormatDecimal(d)
	if lang == "vi" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func clampMille(n int64) int { return int(max(0, min(1000, n))) }

// matrix fills the unit × criterion matrix, the parents' bands and worst criteria, and each
// unit's shortfalls.
func (r *Report) matrix(v *view, lang string) {
	say := func(k string) string { return words[k].in(lang) }
	if len(r.results) == 0 {
		return
	}
	for _, c := range r.results[0].Criteria {
		v.Criteria = append(v.Criteria, critHead{ID: c.Criterion.ID(), Name: c.Criterion.Name().In(lang)})
	}
	var cellHTML [4]string
	for i, c := range []cell{{"met", "✓", say("status_met")}, {"not", "✗", say("status_not")}, {"unk", "?", say("status_unk")}, {"na", "–", say("status_na")}} {
		cellHTML[i] = `<td class="c ` + c.Class + `" title="` + template.HTMLEscapeString(c.Title) + `">` + c.Sym + `</td>`
	}
	cellOf := func(st criteria.Status) string {
		switch st {
		case criteria.Met:
			return cellHTML[0]
		case criteria.NotMet:
			return cellHTML[1]
		case criteria.NotApplicable:
			return cellHTML[3]
		}
		return cellHTML[2]
	}
	byParent := map[string]*group{}
	notMet := map[string][]int{}
	for _, res := range r.results {
		p := r.parentOf[res.Unit.Code]
		g := byParent[p]
		if g == nil {
			name := p
			if p == "" {
				name = say("no_parent")
			}
			v.Groups = append(v.Groups, group{Name: clean(name)})
			g = &v.Groups[len(v.Groups)-1]
			byParent[p] = g
			notMet[p] = make([]int, len(v.Criteria))
		}
		var h rows
		h.open("data-code", res.Unit.Code)
		h.td(res.Unit.Code)
		h.b.WriteString(`<th scope="row"><a href="#`)
		h.b.WriteString(anchor(res.Unit.Code)) // letters, digits and '_' only
		h.b.WriteString(`">`)
		h.b.WriteString("<bdi>")
		h.b.WriteString(template.HTMLEscapeString(clean(res.Unit.Name)))
		h.b.WriteString(`</bdi></a></th><td data-met="`)
		h.b.WriteString(strconv.Itoa(res.Met))
		h.b.WriteString(`">`)
		h.b.WriteString(strconv.Itoa(res.Met))
		h.b.WriteString(`</td>`)
		for k, c := range res.Criteria {
			h.b.WriteString(cellOf(c.Status))
			if c.Status == criteria.NotMet && k < len(notMet[p]) {
				notMet[p][k]++
			}
		}
		h.close()
		row := unitRow{Code: res.Unit.Code, Cells: h.html()}
		g.Units = append(g.Units, row)
		v.Units = append(v.Units, unitDetail(res, p, lang))
	}
	// The groups were appended while pointers into the slice were held: rebuild them in order.
	groups := make([]group, 0, len(v.Groups))
	for _, d := range r.Bands.Districts {
		if g := byParent[d.District]; g != nil {
			groups = append(groups, *g)
		}
	}
	v.Groups = groups
	for _, d := range r.Bands.Districts {
		name := d.District
		if name == "" {
			name = say("no_parent")
		}
		pv := parentView{Name: clean(name)}
		if len(r.Bands.Bands) > 0 {
			pv.Bar = r.bar(name, d.Counts, d.Units, lang)
		}
		counts := notMet[d.District]
		idx := make([]int, len(counts))
		for k := range idx {
			idx[k] = k
		}
		sort.SliceStable(idx, func(a, b int) bool { return counts[idx[a]] > counts[idx[b]] })
		for _, k := range idx[:min(3, len(idx))] {
			if counts[k] > 0 {
				pv.Worst = append(pv.Worst, worst{ID: v.Criteria[k].ID, Name: v.Criteria[k].Name, Count: counts[k]})
			}
		}
		v.Parents = append(v.Parents, pv)
	}
}

func unitDetail(res *criteria.Result, parent, lang string) unitView {
	say := func(k string) string { return words[k].in(lang) }
	u := unitView{Anchor: anchor(res.Unit.Code), Code: clean(res.Unit.Code), Name: clean(res.Unit.Name), Parent: clean(parent),
		Summary: fmt.Sprintf("%s: %d/%d", say("met_count"), res.Met, len(res.Criteria))}
	for _, c := range res.Unsupplied() {
		u.Unsupplied = append(u.Unsupplied, c.ID()+" "+c.Name().In(lang))
	}
	var h rows
	for _, s := range res.Shortfalls() {
		sv := shortfallView{Unknown: s.Status == criteria.Unknown}
		if s.Criterion.IsZero() {
			// A recognition condition's id is the file's own word (no_construction_debt):
			// its name says it.
			sv.Criterion, sv.Indicator = say("condition"), s.Indicator.Name().In(lang)
		} else {
			sv.Criterion = s.Criterion.ID() + " " + s.Criterion.Name().In(lang)
			sv.Indicator = s.Indicator.ID() + " " + s.Indicator.Name().In(lang)
		}
		if !s.Check.Check.IsZero() && !s.Check.Check.Label().IsZero() {
			sv.Indicator += " — " + s.Check.Check.Label().In(lang)
		}
		sv.Describe = s.Check.Describe(lang)
		if s.Check.HasGap {
			sv.Gap = criteria.FormatNumber(s.Check.Gap, lang)
			unit := s.Check.Check.Unit()
			if unit == "" {
				unit = s.Indicator.Unit()
			}
			if unit != "" {
				sv.Gap += " " + unit
			}
		}
		if sv.Unknown {
			h.open("class", "unknown")
		} else {
			h.open()
		}
		h.td(sv.Criterion)
		h.td(sv.Indicator)
		h.td(sv.Describe)
		h.td(sv.Gap)
		h.close()
	}
	u.Shortfalls = h.html()
	return u
}

// rows writes table rows whose every text and attribute value is escaped here, for the
// tables of a row per unit: written through the template, a province of 3,300 units took a
// quarter of a second more.
type rows struct{ b strings.Builder }

// open starts a row with attributes given as name, value pairs (names are the page's own).
func (h *rows) open(attrs ...string) {
	h.b.WriteString("<tr")
	for i := 0; i+1 < len(attrs); i += 2 {
		h.b.WriteString(" ")
		h.b.WriteString(attrs[i])
		h.b.WriteString(`="`)
		h.b.WriteString(template.HTMLEscapeString(clean(attrs[i+1])))
		h.b.WriteString(`"`)
	}
	h.b.WriteString(">")
}

func (h *rows) td(s string) {
	h.b.WriteString("<td><bdi>")
	h.b.WriteString(template.HTMLEscapeString(clean(s)))
	h.b.WriteString("</bdi></td>")
}

func (h *rows) close() { h.b.WriteString("</tr>\n") }

// html is what was written: escaped above, so safe to insert as it is.
func (h *rows) html() template.HTML { return template.HTML(h.b.String()) }

// clean replaces the characters no page should carry from data — C0 and C1 controls but tab
// and newline, DEL — with U+FFFD, so that a stray control neither breaks the HTML nor
// vanishes unseen. Direction marks stay (a name may be written right to left); every data
// text is set in a <bdi>, so none can turn the text around it.
func clean(s string) string {
	bad := func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f }
	if !strings.ContainsFunc(s, bad) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if bad(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// anchor is a unit's fragment id: its code, with anything but letters and digits written as
// its code point, so that any code gives a valid, unique id.
func anchor(code string) string {
	var b strings.Builder
	b.WriteString("u-")
	for _, c := range code {
		if c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b.WriteRune(c)
		} else {
			fmt.Fprintf(&b, "_%x_", c)
		}
	}
	return b.String()
}

// unitsLabel is "Số xã" / "Communes", in the words of the scored ruleset's level.
func unitsLabel(sc *scoring.Scheme, lang string) string {
	w := sc.Words()
	if lang == "vi" {
		return "Số " + w.Units.In(lang)
	}
	return upperFirst(w.Units.In(lang))
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
