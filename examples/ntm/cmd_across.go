package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/lineage"
	"github.com/nongthonmoi/ntm/scoring"
)

const (
	defaultAfterRule = "vn/xa-ntm-2026-2030.yaml"
	sampleGoals      = "camau/muc-tieu-2026-2030.yaml"
)

// sampleAfter are the embedded samples of the new units, each with the rule file of its year.
var sampleAfter = []string{"vn/xa-ntm-2021-2025.yaml=camau-don-vi-moi-2025.csv", "vn/xa-ntm-2026-2030.yaml=camau-don-vi-moi-2026.csv"}

// afterFlags collects --after [RULES=]DATA, once per data file after the reorganisation.
type afterFlags []string

func (l *afterFlags) String() string { return strings.Join(*l, " ") }

func (l *afterFlags) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("give a data file, or RULES=DATA")
	}
	if rules, dataFile, ok := strings.Cut(s, "="); ok && (strings.TrimSpace(rules) == "" || strings.TrimSpace(dataFile) == "") {
		return fmt.Errorf("%q: write DATA, or RULES=DATA (a rule file and its data file, such as vn/xa-ntm-2026-2030.yaml=2026.csv)", s)
	}
	*l = append(*l, s)
	return nil
}

// cmdAcross sets a period before a reorganisation (by old units) beside periods after it (by
// new units), for a province as it is now (lineage.Across): what became of each new unit's
// title, each old unit's successors, and the share of communes recognised against goals.
func cmdAcross(ctx context.Context, e *env, args []string) int {
	var ob, oa opts
	var lineageRef, province, afterPeriods, schemeRef string
	var afters afterFlags
	c := newCLI(e, "across", "")
	c.multi = map[string]bool{"after": true}
	ob.c, oa.c = c, c
	c.fset.StringVar(&lineageRef, "lineage", "", "lineage file (ntm.lineage/v1) of the reorganisation (default: the shipped one of 01/7/2025, whole country)")
	c.fset.StringVar(&province, "province", "", "the province as it is after the reorganisation, by code (e.g. 96: Cà Mau with the former Bạc Liêu); default: the one the data after name")
	c.fset.StringVar(&ob.data, "before", "", "data of a period before the reorganisation, by old units (default with no --after: the embedded Cà Mau sample, 2020)")
	c.fset.StringVar(&ob.rules, "before-rules", "", "rule file the data before are read and evaluated with (default: "+defaultRules+"; with --before-period in 2021-2025, vn/xa-ntm-2021-2025.yaml)")
	c.fset.StringVar(&ob.period, "before-period", "", "the period before (default: the latest in the data before the reorganisation)")
	c.fset.Var(&afters, "after", "data of periods after the reorganisation, by new units: DATA, or RULES=DATA to read it with a rule file other than "+defaultAfterRule+"; repeat for each file (default with no --before: the embedded synthetic samples of the new units, 2025 and 2026)")
	c.fset.StringVar(&afterPeriods, "after-periods", "", "the periods after, separated by commas (default: every one in the data after the reorganisation)")
	c.fset.StringVar(&schemeRef, "scheme", "", "a scheme whose goals on recognised communes the periods after are set against (e.g. "+sampleGoals+")")
	oa.addFormat(c, "table, json")
	oa.addLang(c)
	if _, err := c.parse(args); err != nil { // no positional names: any argument is refused
		return status(err)
	}
	if !oa.check(e, "table", "json") {
		return exitUsage
	}
	sampleRun := ob.data == "" && len(afters) == 0
	switch {
	case (ob.data == "") != (len(afters) == 0):
		c.fail("give both --before (old units) and --after (new units), or neither for the embedded sample")
		return exitUsage
	case sampleRun && ob.rules != "":
		c.fail("--before-rules reads your data: give --before and --after")
		return exitUsage
	}
	if sampleRun {
		afters = sampleAfter
		if schemeRef == "" {
			schemeRef = sampleGoals
		}
		e.note("dữ liệu mẫu giả lập: tỉnh Cà Mau cũ năm 2020 (%s) và các đơn vị mới năm 2025, 2026; mục tiêu: %s",
			"synthetic sample data: the old Cà Mau in 2020 (%s) and the new units in 2025 and 2026; goals: %s", sampleData, schemeRef)
	}
	if ob.rules == "" {
		ob.rules = defaultRules
		// with the period given, the set in force that year
		if p, err := criteria.ParsePeriod(ob.period); ob.period != "" && err == nil && p.Year >= 2021 {
			ob.rules = "vn/xa-ntm-2021-2025.yaml"
		}
		if !sampleRun {
			e.note("bộ tiêu chí của dữ liệu trước: %s (mặc định cho kỳ của nó; chọn bằng --before-rules)", "rule file of the data before: %s (the default for its period; choose with --before-rules)", ob.rules)
		}
	}
	afterOpts := make([]opts, len(afters))
	for i, a := range afters {
		o := opts{c: c}
		rules, dataFile, ok := strings.Cut(a, "=")
		if !ok {
			rules, dataFile = defaultAfterRule, a
			e.note("bộ tiêu chí của %s: %s (mặc định; chọn bằng --after RULES=DATA)", "rule file of %s: %s (the default; choose with --after RULES=DATA)", a, defaultAfterRule)
		}
		o.rules, o.data = rules, dataFile
		if sampleRun {
			o.data, o.sampleFile = "", dataFile
		}
		afterOpts[i] = o
	}
	oa.rules = afterOpts[len(afterOpts)-1].rules // the scheme is checked against the latest set

	reorg, code := loadLineage(e, lineageRef)
	if code != exitOK {
		return code
	}
	var wantAfter []criteria.Period
	if afterPeriods != "" {
		for _, s := range strings.Split(afterPeriods, ",") {
			p, err := criteria.ParsePeriod(strings.TrimSpace(s))
			if err != nil {
				c.fail("--after-periods: %v", err)
				return exitUsage
			}
			if reorg.IsBefore(p) {
				c.fail("--after-periods: %s ends before %s took effect", p, reorg)
				return exitUsage
			}
			if slices.Contains(wantAfter, p) {
				c.fail("--after-periods: %s is given twice", p)
				return exitUsage
			}
			wantAfter = append(wantAfter, p)
		}
	}
	if ob.period != "" {
		p, err := criteria.ParsePeriod(ob.period)
		if err != nil {
			c.fail("--before-period: %v", err)
			return exitUsage
		}
		if !reorg.IsBefore(p) {
			c.fail("--before-period: %s ends after %s took effect: its data are by the new units", p, reorg)
			return exitUsage
		}
	}
	var sc *scoring.Scheme
	if schemeRef != "" {
		var code int
		if sc, _, code = loadScheme(e, schemeRef, oa.rules, !sampleRun); code != exitOK {
			return code
		}
	}

	t := &tally{}
	bs, _, code := readSide(ctx, e, &ob, reorg, true, nil, sampleRun, t)
	if code != exitOK {
		return code
	}
	before := bs[0]
	var after [][]*criteria.Result
	var aps []criteria.Period
	for i := range afterOpts {
		rs, ps, code := readSide(ctx, e, &afterOpts[i], reorg, false, wantAfter, sampleRun, t)
		if code != exitOK {
			return code
		}
		for j, p := range ps {
			if slices.Contains(aps, p) {
				e.errorf("%s", tr(e.lang, fmt.Sprintf("kỳ %s có trong hai tệp sau sắp xếp: mỗi kỳ chỉ cho một lần", p),
					fmt.Sprintf("the period %s is in two files after the reorganisation: give each period once", p)))
				t.report(e)
				return exitUsage
			}
			aps = append(aps, p)
			after = append(after, rs[j])
		}
	}
	for _, p := range wantAfter {
		if !slices.Contains(aps, p) {
			e.errorf("--after-periods %s matches no row of the data after: they have %s", p, periodList(t.afterSeen))
			t.report(e)
			return exitUsage
		}
	}
	order := make([]int, len(aps))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		if aps[x].Before(aps[y]) {
			return -1
		}
		return 1
	})
	sortedAfter := make([][]*criteria.Result, len(order))
	for i, j := range order {
		sortedAfter[i] = after[j]
	}
	after = sortedAfter
	if province == "" {
		if province, code = provinceOf(e, reorg, after); code != exitOK {
			return code
		}
	}
	a, err := reorg.Across(ctx, lineage.Input{Province: province, Before: before, After: after})
	if err != nil {
		e.errorf("%v", err)
		t.report(e)
		return exitUsage
	}
	printOutside(e, a, t)
	if a.Placed() == 0 {
		e.errorf("%s", tr(e.lang, fmt.Sprintf("không dòng nào của dữ liệu là đơn vị của %s: kiểm tra --province và mã đơn vị", a.Province.Name),
			fmt.Sprintf("no row of the data is a unit of %s: check --province and the codes", a.Province.Name)))
		t.report(e)
		return exitFindings
	}
	for _, d := range reorg.Doubts() {
		if d.To.Province == a.Province.Code || slices.ContainsFunc(a.FormedFrom, func(u lineage.Unit) bool { return u.Code == d.From.Province }) {
			e.note("liên kết cần kiểm tra: %s %s (tỉnh %s) → %s %s (tỉnh %s) trái với liên kết cấp tỉnh (%s)",
				"a link to check: %s %s (province %s) → %s %s (province %s) disagrees with the province links (%s)",
				d.From.Code, d.From.Name, d.From.Province, d.To.Code, d.To.Name, d.To.Province, fmt.Sprintf("%s:%d", d.Pos.File, d.Pos.Line))
		}
	}
	goals, skipped := acrossGoals(sc, a)
	for _, g := range skipped {
		e.note("mục tiêu %q không đặt cạnh các kỳ sau: %s", "the goal %q is not set against the periods after: %s", g.Label.In(e.lang), g.why(e.lang))
	}
	if oa.format == "json" {
		writeJSON(e, acrossJSON(a, goals, e.lang))
	} else {
		printAcross(e, a, goals)
	}
	return t.report(e)
}

// printOutside prints each result the then-and-now view could not place as one error at its
// file and line (named as the user gave the file), and counts it rejected.
func printOutside(e *env, a *lineage.Across, t *tally) {
	for _, x := range a.Outside {
		for _, n := range e.opened {
			if rest, ok := strings.CutPrefix(x.Source, n[0]+":"); ok {
				x.Source = n[1] + ":" + rest
				break
			}
		}
		fmt.Fprintf(e.err, "%s: %s (%s %s): %s\n", x.Source, x.Code, tr(e.lang, "kỳ", "period"), x.Period, tr(e.lang, x.WhyVI, x.Why))
	}
	t.rejected += len(a.Outside)
	t.evaluated -= len(a.Outside)
}

// loadLineage reads a lineage file, or the shipped one.
func loadLineage(e *env, ref string) (*lineage.Reorganisation, int) {
	var r *lineage.Reorganisation
	var err error
	if ref == "" {
		r, err = lineage.Vietnam2025()
	} else {
		abs, aerr := filepath.Abs(ref)
		if aerr != nil {
			e.errorf("--lineage %s: %v", ref, aerr)
			return nil, exitUsage
		}
		r, err = lineage.Read(os.DirFS(filepath.Dir(abs)), filepath.Base(abs))
	}
	if err != nil {
		for _, x := range criteria.Errors(err) {
			if ref != "" && x.File != "" {
				x.File = filepath.Join(filepath.Dir(ref), x.File)
			}
			fmt.Fprintln(e.err, x.Error())
		}
		errs := criteria.Errors(err)
		if len(errs) == 0 {
			e.errorf("%v", err)
			return nil, exitUsage
		}
		for _, x := range errs {
			if x.Code == criteria.CodeFileLimit && x.Line <= 1 {
				return nil, exitUsage // the file could not be read
			}
		}
		e.errorf("%d problem(s) in the lineage file", len(errs))
		return nil, exitFindings
	}
	return r, exitOK
}

// readSide reads and evaluates one side's data: the units of the periods on that side of the
// reorganisation (before: the one chosen; after: those chosen, or all), every other row counted
// as left out.
func readSide(ctx context.Context, e *env, o *opts, reorg *lineage.Reorganisation, isBefore bool, want []criteria.Period,
	sampleRun bool, t *tally) ([][]*criteria.Result, []criteria.Period, int) {
	periodFlag := "before-period"
	if o.c.name == "report" {
		periodFlag = "then-period"
	}
	prog, src, code := openCompiled(e, o)
	if code != exitOK {
		return nil, nil, code
	}
	e.opened = append(e.opened, [2]string{src.name, src.shown})
	units := map[criteria.Period][]*criteria.Unit{}
	counts := map[criteria.Period]int{}
	side := map[bool]string{true: "before", false: "after"}[isBefore]
	// Before, with no period asked for, only the latest period so far is kept: memory follows
	// one period, not the file.
	var latest criteria.Period
	keepLatest := isBefore && o.period == ""
	for src.Next() {
		printErrors(e, src.TakeErrors())
		u := src.Unit()
		counts[u.Period]++
		if reorg.IsBefore(u.Period) != isBefore {
			continue
		}
		if keepLatest {
			if latest.Before(u.Period) || latest == (criteria.Period{}) {
				for p := range units {
					units[p] = nil // counted, not kept: the earlier periods are left out below
				}
				latest = u.Period
			} else if u.Period != latest {
				continue
			}
		}
		units[u.Period] = append(units[u.Period], u.Clone())
	}
	printErrors(e, src.TakeErrors())
	t.read += src.Rows()
	t.rejected += src.Rejected()
	t.problems += src.Problems()
	var ps []criteria.Period
	for p := range units {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b criteria.Period) int {
		if a.Before(b) {
			return -1
		}
		if b.Before(a) {
			return 1
		}
		return 0
	})
	name := o.data
	if name == "" {
		name = src.shown
	}
	if !isBefore {
		for _, p := range ps {
			if !slices.Contains(t.afterSeen, p) {
				t.afterSeen = append(t.afterSeen, p)
			}
		}
	}
	switch {
	case len(ps) == 0 && src.Rows() > 0 && src.Rejected() == src.Rows():
		how := map[bool]string{true: "--before-rules", false: "--after RULES=DATA"}[isBefore]
		if o.c.name == "report" {
			how = "--then-rules"
		}
		e.errorf("%s", tr(e.lang, fmt.Sprintf("mọi dòng của %s đều bị loại (xem trên): kiểm tra bộ tiêu chí đọc tệp (%s)", name, how),
			fmt.Sprintf("every row of %s was rejected (see above): check the rule file it is read with (%s)", name, how)))
		t.report(e)
		return nil, nil, exitFindings
	case len(ps) == 0:
		e.errorf("%s", tr(e.lang, fmt.Sprintf("%s không có dòng nào của một kỳ %s %s", name, map[bool]string{true: "trước", false: "sau"}[isBefore], reorg),
			fmt.Sprintf("%s has no rows of a period %s %s", name, side, reorg)))
		t.report(e)
		return nil, nil, exitFindings
	case isBefore && o.period != "":
		p, _ := criteria.ParsePeriod(o.period)
		if units[p] == nil {
			e.errorf("--%s %s matches no row of %s: it has %s", periodFlag, p, name, periodList(ps))
			return nil, nil, exitUsage
		}
		ps = []criteria.Period{p}
	case isBefore:
		if len(ps) > 1 && !sampleRun {
			e.note("kỳ trước: %s, kỳ mới nhất trước sắp xếp trong %s (chọn bằng --%s)", "period before: %s, the latest before the reorganisation in %s (choose with --%s)", ps[len(ps)-1], name, periodFlag)
		}
		ps = ps[len(ps)-1:]
	case len(want) > 0:
		var kept []criteria.Period
		for _, p := range ps {
			if slices.Contains(want, p) {
				kept = append(kept, p)
			}
		}
		ps = kept
	case len(ps) > 1 && !sampleRun:
		e.note("các kỳ sau: %s, mọi kỳ sau sắp xếp trong %s (chọn bằng --after-periods)", "periods after: %s, every one after the reorganisation in %s (choose with --after-periods)", strings.Join(periodNames(ps), ", "), name)
	}
	names := strings.Join(periodNames(ps), ", ")
	if o.c.name == "report" {
		names += ", --then"
	}
	for p, n := range counts {
		if !slices.Contains(ps, p) {
			t.leave(n, "periods other than "+names)
		}
	}
	var out [][]*criteria.Result
	for _, p := range ps {
		res, ok := explainUnits(ctx, e, prog, units[p], t)
		if !ok {
			return nil, nil, exitUsage
		}
		out = append(out, res)
	}
	return out, ps, exitOK
}

func periodNames(ps []criteria.Period) []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return names
}

// provinceOf finds the province after the reorganisation that the data after name: the one
// holding the most of their units, stated; refused when they name none.
func provinceOf(e *env, r *lineage.Reorganisation, after [][]*criteria.Result) (string, int) {
	n := map[string]int{}
	for _, rs := range after {
		for _, x := range rs {
			if u, ok := r.New(x.Unit.Code); ok && u.Level == criteria.LevelCommune {
				n[u.Province]++
			}
		}
	}
	best := ""
	for p, k := range n {
		if best == "" || k > n[best] || k == n[best] && p < best {
			best = p
		}
	}
	if best == "" {
		e.errorf("the data after name no unit after %s: give --province", r)
		return "", exitUsage
	}
	p, _ := r.New(best)
	if len(n) > 1 {
		e.note("dữ liệu sau có đơn vị của %d tỉnh; chọn %s %s (nhiều đơn vị nhất; chọn bằng --province)",
			"the data after hold units of %d provinces; taking %s %s (the most units; choose with --province)", len(n), best, p.Name)
	} else {
		e.note("tỉnh: %s %s (theo mã đơn vị trong dữ liệu sau; chọn bằng --province)", "province: %s %s (from the codes of the data after; choose with --province)", best, p.Name)
	}
	return best, exitOK
}

// acrossGoal is a goal of the scheme set against one period after.
type acrossGoal struct {
	Label  criteria.Text
	By     int
	Period criteria.Period
	State  lineage.GoalState
	Needed int
	Due    bool // the period is in the goal's year
}

// skippedGoal is a goal of the scheme the view does not set against any period, and why.
type skippedGoal struct {
	Label criteria.Text
	kind  bool // its kind is not measured across the line; else it was due before every period after
}

func (g skippedGoal) why(lang string) string {
	if g.kind {
		return tr(lang, "chỉ đo được mục tiêu về số hoặc tỷ lệ xã đạt chuẩn", "only goals on the number or share of communes recognised are measured")
	}
	return tr(lang, "hạn của nó trước mọi kỳ sau", "it was due before every period after")
}

// acrossGoals sets the scheme's goals on recognised communes against each period after up to
// the year they are due by; the goals it cannot set against any period are returned apart.
func acrossGoals(sc *scoring.Scheme, a *lineage.Across) ([]acrossGoal, []skippedGoal) {
	if sc == nil {
		return nil, nil
	}
	var out []acrossGoal
	var skipped []skippedGoal
	for _, g := range sc.GoalRules {
		if g.Kind != scoring.GoalShareRecognised && g.Kind != scoring.GoalRecognised {
			skipped = append(skipped, skippedGoal{Label: g.Label, kind: true})
			continue
		}
		n := len(out)
		for i, p := range a.After {
			if p.Year > g.By {
				continue
			}
			c := a.Totals.After[i]
			var st lineage.GoalState
			var need int
			switch g.Kind {
			case scoring.GoalShareRecognised:
				st, need = c.AgainstShare(g.AtLeast)
			default:
				st, need = c.AgainstNumber(int(g.AtLeast.IntPart()))
			}
			out = append(out, acrossGoal{g.Label, g.By, p, st, need, p.Year == g.By})
		}
		if len(out) == n {
			skipped = append(skipped, skippedGoal{Label: g.Label})
		}
	}
	return out, skipped
}

func standings(ss []lineage.Standing, lang string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Words(lang)
	}
	return out
}

func printAcross(e *env, a *lineage.Across, goals []acrossGoal) {
	w, lang := e.out, e.lang
	r := a.Reorganisation
	after := make([]string, len(a.After))
	for i, p := range a.After {
		after[i] = p.String()
	}
	title := r.Title.In(lang)
	if title == "" {
		title = r.ID
	}
	fmt.Fprintf(w, "%s — %s %s\n", title, a.Province.Name, tr(lang, "(sau sắp xếp)", "(after the reorganisation)"))
	var from []string
	for _, u := range a.FormedFrom {
		from = append(from, u.Name)
	}
	fmt.Fprintf(w, "%s: %s. %s: %s; %s: %s.\n", tr(lang, "Hình thành từ", "Formed from"), strings.Join(from, ", "),
		tr(lang, "Trước", "Before"), a.Before.String()+tr(lang, " theo đơn vị cũ", " by old units"),
		tr(lang, "sau", "after"), strings.Join(after, ", ")+tr(lang, " theo đơn vị mới", " by new units"))
	fmt.Fprintln(w)

	fmt.Fprintln(w, tr(lang, "Theo đơn vị mới", "By new unit"))
	tb := &table{header: append([]string{tr(lang, "Mã", "Code"), tr(lang, "Đơn vị mới", "New unit"),
		tr(lang, "Hình thành từ (", "Formed from (") + a.Before.String() + ")", tr(lang, "Danh hiệu sau sắp xếp", "Title after the reorganisation")}, after...)}
	for _, n := range a.New {
		tb.add(append([]string{n.Unit.Code, n.Unit.Name, n.PredecessorsText(lang), n.CaseText(lang)}, standings(n.After, lang)...)...)
	}
	tb.render(w, "table")
	fmt.Fprintln(w)

	fmt.Fprintln(w, tr(lang, "Theo đơn vị cũ", "By old unit"))
	tb = &table{header: []string{tr(lang, "Mã", "Code"), tr(lang, "Đơn vị cũ", "Old unit"), a.Before.String(),
		tr(lang, "Đi vào (", "Went into (") + strings.Join(after, ", ") + ")"}}
	for _, o := range a.Old {
		var ss []string
		for _, s := range o.Successors {
			x := s.To.Name + " [" + strings.Join(standings(s.After, lang), ", ") + "]"
			if s.Share == lineage.Part {
				x = tr(lang, "một phần → ", "part → ") + x
			}
			ss = append(ss, x)
		}
		tb.add(o.Unit.Code, o.Unit.Name, o.Before.Words(lang), strings.Join(ss, "; "))
	}
	tb.render(w, "table")
	fmt.Fprintln(w)

	fmt.Fprintln(w, tr(lang, "Tổng số xã (không tính phường, thị trấn, đặc khu)", "Communes (wards, towns and special zones left out)"))
	tb = &table{header: []string{tr(lang, "Kỳ", "Period"), tr(lang, "Phần", "Part"), tr(lang, "Số xã", "Communes"), tr(lang, "Đạt chuẩn", "Recognised"),
		tr(lang, "Chưa đạt", "Not recognised"), tr(lang, "Không có số liệu", "No data"), tr(lang, "Tỷ lệ đạt chuẩn", "Share recognised"), tr(lang, "Không tính", "Left out")},
		right: []bool{false, false, true, true, true, true, true, true}}
	row := func(p, part string, c lineage.Count) {
		tb.add(p, part, fmt.Sprint(c.Communes), fmt.Sprint(c.Recognised), fmt.Sprint(c.NotRecognised), fmt.Sprint(c.NoData), c.ShareText(lang), fmt.Sprint(c.NotRural))
	}
	row(a.Before.String(), tr(lang, "các đơn vị cũ", "the old units"), a.Totals.Before)
	for _, f := range a.Totals.ByFormer {
		if f.Province.Code != "" {
			row("", tr(lang, "phần ", "part of the former ")+f.Province.Name+tr(lang, " cũ", ""), f.Before)
		}
	}
	for i, p := range a.After {
		row(p.String(), a.Province.Name, a.Totals.After[i])
		for _, f := range a.Totals.ByFormer {
			name := tr(lang, "phần từ nhiều tỉnh cũ hoặc tỉnh khác", "part from several or other former provinces")
			if f.Province.Code != "" {
				name = tr(lang, "phần ", "part of the former ") + f.Province.Name + tr(lang, " cũ", "")
			}
			row("", name, f.After[i])
		}
	}
	tb.render(w, "table")
	if len(goals) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, tr(lang, "Mục tiêu", "Goals"))
		tb = &table{header: []string{tr(lang, "Mục tiêu", "Goal"), tr(lang, "Kỳ", "Period"), tr(lang, "Kết quả", "Standing"), tr(lang, "Cần thêm", "More needed")}}
		for _, g := range goals {
			st := g.State.Words(lang)
			if !g.Due {
				st = tr(lang, fmt.Sprintf("chưa đến hạn (%d)", g.By), fmt.Sprintf("not due yet (%d)", g.By))
			}
			tb.add(g.Label.In(lang), g.Period.String(), st, fmt.Sprint(g.Needed))
		}
		tb.render(w, "table")
	}
	fmt.Fprintln(w)
	cases := []lineage.Case{lineage.CaseUnchanged, lineage.CaseToBeDecided, lineage.CaseApplyAgain, lineage.CaseNoTitle, lineage.CaseIncomplete, lineage.CaseNoData}
	var cs []string
	for _, k := range cases {
		if n := a.Totals.Cases[k]; n > 0 {
			cs = append(cs, fmt.Sprintf("%s %d", k.Words(lang), n))
		}
	}
	fmt.Fprintf(w, "%s: %s.\n", tr(lang, "Xã mới theo trường hợp", "New communes by case"), strings.Join(cs, "; "))
	fmt.Fprintln(w, tr(lang,
		"* Suy ra: áp dụng Công văn 267/BNN-VPĐP (09/01/2024) — xã hình thành từ các xã đều đã đạt chuẩn giữ chuẩn khi tỉnh ra quyết định; có xã chưa đạt chuẩn, chỉ một phần xã, hay thị trấn, phường thì phải xét công nhận lại — cho đợt sắp xếp này, dù công văn viết cho đợt 2023-2025. \"Chờ tỉnh quyết định\" chưa phải là đạt chuẩn.",
		"* Inferred: Công văn 267/BNN-VPĐP (09/01/2024) — a commune formed from communes all recognised keeps the title by a provincial decision; one with an unrecognised commune, part of a commune, a town or a ward must apply again — applied to this reorganisation, though it was written for the 2023-2025 arrangements. \"To be decided\" is not recognised."))
	lic := r.Licence
	if lic == "" {
		lic = tr(lang, "tệp không ghi", "not stated in the file")
	}
	fmt.Fprintf(w, "%s: %s (%s); %s: %s\n", tr(lang, "Liên kết đơn vị", "Unit links"), r.ID, r.File, tr(lang, "giấy phép dữ liệu", "data licence"), lic)
}

func acrossJSON(a *lineage.Across, goals []acrossGoal, lang string) map[string]any {
	r := a.Reorganisation
	after := make([]string, len(a.After))
	for i, p := range a.After {
		after[i] = p.String()
	}
	unit := func(u lineage.Unit) map[string]any {
		return map[string]any{"code": u.Code, "name": u.Name, "kind": string(u.Kind), "province": u.Province}
	}
	var news []map[string]any
	for _, n := range a.New {
		var ps []map[string]any
		for _, p := range n.Predecessors {
			m := unit(p.From)
			m["share"], m["before"], m["source"], m["confidence"] = p.Share.String(), p.Before, p.Source, p.Confidence
			ps = append(ps, m)
		}
		m := unit(n.Unit)
		why := n.Why
		if lang == "en" {
			why = n.WhyEN
		}
		m["case"], m["inferred"], m["why"], m["predecessors"], m["after"] = n.Case, n.Inferred, why, ps, n.After
		news = append(news, m)
	}
	var olds []map[string]any
	for _, o := range a.Old {
		var ss []map[string]any
		for _, s := range o.Successors {
			m := unit(s.To)
			m["share"], m["after"] = s.Share.String(), s.After
			ss = append(ss, m)
		}
		m := unit(o.Unit)
		m["before"], m["successors"] = o.Before, ss
		olds = append(olds, m)
	}
	count := func(c lineage.Count) map[string]any {
		m := map[string]any{"communes": c.Communes, "recognised": c.Recognised, "not_recognised": c.NotRecognised, "no_data": c.NoData, "not_rural": c.NotRural}
		if lo, hi, ok := c.Share(); ok {
			m["share_low"], m["share_high"] = lo.StringFixed(2), hi.StringFixed(2)
		}
		return m
	}
	var afterTotals []map[string]any
	for i, p := range a.After {
		m := count(a.Totals.After[i])
		m["period"] = p.String()
		var parts []map[string]any
		for _, f := range a.Totals.ByFormer {
			pm := count(f.After[i])
			pm["before"] = count(f.Before)
			if f.Province.Code != "" {
				pm["former_province"] = unit(f.Province)
			}
			parts = append(parts, pm)
		}
		m["by_former_province"] = parts
		afterTotals = append(afterTotals, m)
	}
	cases := map[string]int{}
	for k, n := range a.Totals.Cases {
		cases[k.String()] = n
	}
	gs := []map[string]any{}
	for _, g := range goals {
		state := []string{"unknown", "met", "missed"}[g.State]
		if !g.Due {
			state = "not_due"
		}
		gs = append(gs, map[string]any{"label": g.Label, "by": g.By, "period": g.Period.String(), "state": state, "needed": g.Needed, "due": g.Due})
	}
	outside := []map[string]any{}
	for _, x := range a.Outside {
		outside = append(outside, map[string]any{"code": x.Code, "name": x.Name, "source": x.Source, "period": x.Period.String(), "why": tr(lang, x.WhyVI, x.Why)})
	}
	return map[string]any{"format": "ntm.across/v1", "lineage": r.ID, "effective": r.Effective.Format("2006-01-02"), "licence": r.Licence,
		"province": unit(a.Province), "before": a.Before.String(), "after": after, "new_units": news, "old_units": olds,
		"totals": map[string]any{"before": count(a.Totals.Before), "after": afterTotals, "cases": cases}, "goals": gs, "outside": outside,
		"basis": lineage.Basis, "inference": "Công văn 267/BNN-VPĐP was written for the 2023-2025 arrangements; applying it to this reorganisation is an inference"}
}
