package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules/catalog"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report"
)

// loadScheme loads a scoring scheme and the ruleset it names, beside the scheme or shipped
// (unless rulesRef gives another); when the user's data is scored against the ruleset the
// scheme names, that is stated.
func loadScheme(e *env, ref, rulesRef string, userData bool) (*scoring.Scheme, *criteria.Ruleset, int) {
	f, code := locate(e, ref)
	if code != exitOK {
		return nil, nil, code
	}
	if kindError(e, f.Expect(scoring.FormatScheme)) {
		return nil, nil, exitUsage
	}
	var rs *criteria.Ruleset
	if rulesRef != "" {
		if rs, code = loadRuleset(e, rulesRef); code != exitOK {
			return nil, nil, code
		}
	} else {
		if f.Entry.Ruleset == "" {
			e.errorf("%s names no ruleset: give one with --rules", ref)
			return nil, nil, exitUsage
		}
		if userData {
			e.note("bộ tiêu chí: %s, bộ mà thang điểm ghi (chọn bộ khác bằng --rules)", "rule file: %s, the ruleset the scheme names (choose another with --rules)", f.Entry.Ruleset)
		}
		var err error
		if rs, err = catalog.RulesetNear(f, f.Entry.Ruleset); err != nil {
			return nil, nil, reportLoadError(e, err)
		}
	}
	sc, err := scoring.Load(f.FS, f.Name, rs)
	if err != nil {
		return nil, nil, reportLoadError(e, err)
	}
	if e.rules == nil {
		e.rules = rs
	}
	e.scheme = sc
	return sc, rs, exitOK
}

func validateScheme(e *env, f catalog.File) int {
	rs, err := catalog.RulesetNear(f, f.Entry.Ruleset)
	if err != nil {
		code := reportLoadError(e, err)
		e.errorf("%s: its ruleset cannot be loaded", f.Ref)
		return code
	}
	sc, err := scoring.Load(f.FS, f.Name, rs)
	if err != nil {
		return reportLoadError(e, err)
	}
	fmt.Fprintf(e.out, "%s: ok (%s@%s, scores %s)\n", f.Ref, sc.ID, sc.Version, rs.Ref())
	return exitOK
}

// scoringOpts are the inputs of the commands that score: a scheme, its ruleset and the data.
type scoringOpts struct {
	opts
	scheme          string
	schemeDefaulted bool // --scheme was not given
}

func (so *scoringOpts) add(c *cli, schemeHelp string) {
	so.c = c
	c.fset.StringVar(&so.scheme, "scheme", "", schemeHelp+": a file on disk, a shipped path or an id@version (default: "+defaultScheme+")")
	c.fset.StringVar(&so.rules, "rules", "", "rule file (default: the ruleset the scheme names)")
	so.addData(c)
}

// inputs settles the scheme and the data: the embedded sample only when the user gave
// neither data, nor a rule file, nor a scheme; any default taken for the user's input is
// stated.
func (so *scoringOpts) inputs(e *env) int {
	so.sampleRun = so.data == "" && so.rules == "" && so.scheme == ""
	if !so.csvOptionsApply() {
		return exitUsage
	}
	if so.data == "" && (so.rules != "" || so.scheme != "") {
		so.c.fail("no data: give a data file (ntm %s DATA); the embedded sample is used only when neither data, --rules nor --scheme is given", so.c.name)
		return exitUsage
	}
	if so.scheme == "" {
		so.scheme = defaultScheme
		so.schemeDefaulted = true
		if so.data != "" {
			e.note("thang điểm: %s (mặc định; chọn thang khác bằng --scheme)", "scheme: %s (the default; choose another with --scheme)", defaultScheme)
		}
	}
	return exitOK
}

// scored is a scheme with the compact inputs of the data it scores, by period: the data is
// read once, each unit decided on the verdict-only path and kept only in a compact set.
type scored struct {
	sc       *scoring.Scheme
	tally    *tally
	byPeriod map[criteria.Period]*scoring.InputSet
	ps       []criteria.Period // the periods of the inputs, in order
	inputs   int
	title    criteria.Text // the ruleset's title
}

// loadScored loads the scheme and its ruleset, then reads the data as a stream, making each
// unit's scoring input. Units that cannot be decided are reported and counted as rejected.
func loadScored(ctx context.Context, e *env, so *scoringOpts) (*scored, int) {
	if so.schemeDefaulted && so.rules != "" {
		// The default scheme scores the Cà Mau ruleset only: another one needs a scheme of its own.
		if rs, code := loadRuleset(e, so.rules); code == exitOK && rs.Ref() != defaultSchemeRuleset && !extendsRef(rs, defaultSchemeRuleset) {
			hint := ""
			if len(rs.Indices) > 0 {
				ids := make([]string, len(rs.Indices))
				for i, x := range rs.Indices {
					ids[i] = x.ID
				}
				hint = fmt.Sprintf("; or rank by an index the rule file declares, with --index %s (its indices: %s)", ids[len(ids)-1], strings.Join(ids, ", "))
			}
			e.errorf("--rules %s (%s): the default scheme %s scores %s; give a scheme with --scheme (vn/thi-dua-mttq-2016-2020.yaml, the generic Front scheme, scores any ruleset extending vn.mttq-xa-ntm@2016-2020)%s",
				so.rules, rs.Ref(), defaultScheme, defaultSchemeRuleset, hint)
			return nil, exitUsage
		}
	}
	sc, rs, code := loadScheme(e, so.scheme, so.rules, so.data != "")
	if code != exitOK {
		return nil, code
	}
	so.rules = rs.Ref()
	prog, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return nil, exitUsage
	}
	src, code := openUnits(e, &so.opts, rs)
	if code != exitOK {
		return nil, code
	}
	sd := &scored{sc: sc, tally: &tally{}, byPeriod: map[criteria.Period]*scoring.InputSet{}, title: rs.Title}
	var v criteria.Verdicts
	for src.Next() {
		printErrors(e, src.TakeErrors())
		u := src.Unit()
		if err := prog.Verdicts(ctx, u, &v); err != nil {
			fmt.Fprintln(e.err, err)
			sd.tally.rejected++
			continue
		}
		set := sd.byPeriod[u.Period]
		if set == nil {
			set = sc.NewInputSet()
			sd.byPeriod[u.Period] = set
		}
		if err := set.Add(prog, u, &v); err != nil {
			fmt.Fprintln(e.err, err)
			sd.tally.rejected++
			continue
		}
		sd.inputs++
	}
	printErrors(e, src.TakeErrors())
	sd.tally.read, sd.tally.rejected, sd.tally.problems = src.Rows(), sd.tally.rejected+src.Rejected(), src.Problems()
	if src.Rows() == 0 {
		return nil, noRows(e, &so.opts, src, sd.tally)
	}
	for p := range sd.byPeriod {
		sd.ps = append(sd.ps, p)
	}
	sort.Slice(sd.ps, func(i, j int) bool { return sd.ps[i].Before(sd.ps[j]) })
	return sd, exitOK
}

// slice returns the inputs of period p as a slice, for the reports that take one.
func (sd *scored) slice(p criteria.Period) []scoring.Input {
	set := sd.byPeriod[p]
	if set == nil {
		return nil
	}
	out := make([]scoring.Input, set.Len())
	for i := range out {
		out[i] = set.At(i)
	}
	return out
}

// use counts the inputs of the periods ps as evaluated and the others as left out.
func (sd *scored) use(ps ...criteria.Period) {
	names := make([]string, len(ps))
	n := 0
	for i, p := range ps {
		names[i] = p.String()
		if set := sd.byPeriod[p]; set != nil {
			n += set.Len()
		}
	}
	sd.tally.evaluated = n
	sd.tally.leave(sd.inputs-n, "periods other than "+strings.Join(names, ", "))
}

// hasYears reports whether some period lies in the years from…until.
func hasYears(ps []criteria.Period, from, until int) bool {
	for _, p := range ps {
		if p.Year >= from && p.Year <= until {
			return true
		}
	}
	return false
}

func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// subjects lists what a scheme ranks.
func subjects(sc *scoring.Scheme) []string {
	var out []string
	for _, r := range sc.RankingRules {
		out = append(out, string(r.Subject))
	}
	return out
}

func cmdRank(ctx context.Context, e *env, args []string) int {
	var so scoringOpts
	var by, prev, index string
	var top, draws, cut int
	var jitter float64
	var seed uint64
	c := newCLI(e, "rank", "[DATA]", "DATA")
	so.add(c, "scoring scheme")
	so.addFormat(c, "table, csv, md, json, xlsx")
	so.addLang(c)
	c.fset.StringVar(&by, "by", "", "what to rank: one of the scheme's rankings (default: the first it declares; the Cà Mau scheme: commune_front, commune, district_front)")
	c.fset.StringVar(&prev, "previous", "", "previous period for progress points (default: the latest whole year before the period, when the data has it)")
	c.fset.IntVar(&top, "top", 0, "print only the first N of each scope (table formats)")
	c.fset.IntVar(&draws, "robustness", 0, "also draw the communes' points N times (e.g. 1000) and show each one's rank interval, its chance of the cut and the pairs whose order turns")
	c.fset.Float64Var(&jitter, "jitter", 0.1, "with --robustness: each criterion's and fact's points vary by up to this share (0.1 = ±10 %)")
	c.fset.Uint64Var(&seed, "seed", 1, "with --robustness: the seed of the draws (the same seed, the same answer)")
	c.fset.IntVar(&cut, "cut", 0, "with --robustness: the commendation cut, the first N ranks (0: none)")
	c.fset.StringVar(&index, "index", "", "rank by an index of the rule file (--rules) instead of a scheme's ranking: its value and class, one period")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &so.data) != nil || !so.check(e, "table", "csv", "md", "json", "xlsx") {
		return exitUsage
	}
	if top < 0 {
		c.fail("--top must be 0 (all) or more, not %d", top)
		return exitUsage
	}
	if c.given("top") && so.format == "json" {
		c.fail("--top shortens table, csv and md output; JSON always holds the whole ranking")
		return exitUsage
	}
	if !c.given("robustness") && (c.given("jitter") || c.given("seed") || c.given("cut")) {
		c.fail("--jitter, --seed and --cut shape the draws of --robustness N: give it too")
		return exitUsage
	}
	if c.given("robustness") && (draws < 1 || draws > scoring.MaxDraws) {
		c.fail("--robustness takes 1 to %d draws, not %d", scoring.MaxDraws, draws)
		return exitUsage
	}
	if c.given("robustness") && (!(jitter >= 0 && jitter <= 1) || cut < 0) {
		c.fail("--jitter takes 0 to 1 (0.1 is ±10 %%) and --cut 0 or more")
		return exitUsage
	}
	if c.given("robustness") && by != "" && scoring.Subject(by).IsDistrict() {
		c.fail("--robustness draws the communes' points: rank --by commune or commune_front")
		return exitUsage
	}
	if c.given("index") {
		if c.given("robustness") {
			c.fail("--robustness draws a scheme's points; --index ranks by a rule file's index")
			return exitUsage
		}
		return rankIndex(ctx, e, &so, index, top)
	}
	if code := so.inputs(e); code != exitOK {
		return code
	}
	sd, code := loadScored(ctx, e, &so)
	if code != exitOK {
		return code
	}
	sc := sd.sc
	if len(sc.RankingRules) == 0 {
		c.fail("the scheme %s ranks nothing: it only tracks goals (ntm progress --scheme %s)", sc.ID, so.scheme)
		return exitUsage
	}
	if by == "" {
		by = subjects(sc)[0]
	}
	if !contains(subjects(sc), by) {
		c.fail("--by %s: the scheme %s ranks %s", by, sc.ID, strings.Join(subjects(sc), ", "))
		return exitUsage
	}
	cur, code := onePeriod(e, &so.opts, sd.ps)
	if code != exitOK {
		return code
	}
	ps := []criteria.Period{cur}
	p, hasPrev, code := previousPeriod(e, &so.opts, sd.ps, cur, prev)
	if code != exitOK {
		return code
	}
	if hasPrev {
		ps = append(ps, p)
	}
	sd.use(ps...)
	byPeriod := sd.byPeriod
	if byPeriod[cur] == nil || byPeriod[cur].Len() == 0 {
		e.errorf("no unit of period %s could be evaluated", cur)
		sd.tally.report(e)
		return exitFindings
	}
	var ropts []scoring.Option
	ropts = append(ropts, scoring.ForSubject(scoring.Subject(by)))
	if hasPrev {
		ropts = append(ropts, scoring.WithPrevious(byPeriod[p]))
	}
	rk, err := sc.RankSet(byPeriod[cur], ropts...)
	if err != nil {
		return reportLoadError(e, err)
	}
	// Candidates may draw from rankings of other subjects than the one shown.
	rankings := []*scoring.Ranking{rk}
	for _, cr := range sc.CandidateRules {
		have := false
		for _, r := range rankings {
			have = have || r.Rule.Subject == cr.Subject
		}
		if !have {
			o2 := append([]scoring.Option{scoring.ForSubject(cr.Subject)}, ropts[1:]...)
			r2, err := sc.RankSet(byPeriod[cur], o2...)
			if err != nil {
				return reportLoadError(e, err)
			}
			rankings = append(rankings, r2)
		}
	}
	var cands *scoring.CandidateReport
	if len(sc.CandidateRules) > 0 {
		if cands, err = sc.Candidates(rankings...); err != nil {
			return reportLoadError(e, err)
		}
	}
	// Bands, the Front's report and candidates are optional in a scheme: each is shown when
	// the scheme declares it. The bands come after the candidates, when the candidates' own
	// ranking is no longer in use.
	var bands *scoring.BandReport
	if len(sc.BandRules.ByMet) > 0 {
		if bands, err = rk.Bands(); err != nil {
			return reportLoadError(e, err)
		}
	}
	var robust *scoring.Robustness
	if draws > 0 {
		in := sd.slice(cur)
		if hasPrev {
			before := map[string]scoring.Input{}
			for _, x := range sd.slice(p) {
				before[x.Code] = x
			}
			for i := range in {
				if x, ok := before[in[i].Code]; ok {
					_ = in[i].SetPrevious(x)
				}
			}
		}
		robust, err = sc.Robustness(in, scoring.RobustnessOptions{Draws: draws, Seed: seed, Jitter: jitter, Unknown: true, Cut: cut})
		if err != nil {
			c.fail("--robustness: %v", err)
			return exitUsage
		}
	}
	if so.format == "json" {
		doc := map[string]any{"format": "ntm.rank/v1", "ranking": rk}
		if bands != nil {
			doc["bands"] = bands
		}
		if robust != nil {
			doc["robustness"] = robust
		}
		if cands != nil {
			doc["candidates"] = cands
		}
		writeJSON(e, doc)
		return sd.tally.report(e)
	}
	if so.format == "table" || so.format == "xlsx" {
		rankingHeading(e.out, sc, sd.title, rk, so.lang)
		if sd.tally.rejected > 0 { // the report itself says that some units are not in it
			fmt.Fprintln(e.out, tr(so.lang,
				fmt.Sprintf("Lưu ý: %d dòng bị loại khi đọc dữ liệu không có trong xếp hạng (xem các lỗi).", sd.tally.rejected),
				fmt.Sprintf("Note: %d rows rejected when the data was read are not in the ranking (see the errors).", sd.tally.rejected)))
		}
		fmt.Fprintln(e.out)
	}
	_ = writeRanking(e.out, rk, so.lang, top, so.format)
	if so.format == "table" || so.format == "xlsx" {
		if bands != nil {
			fmt.Fprintln(e.out)
			_ = bandsTable(bands, so.lang).render(e.out, so.format)
		}
		if sc.FrontRules != nil {
			front, err := rk.FrontReport()
			if err != nil {
				return reportLoadError(e, err)
			}
			fmt.Fprintln(e.out)
			fmt.Fprintln(e.out, tr(so.lang, "Kết quả theo nhóm nội dung của Mặt trận", "Results by the Front's content groups"))
			rows := report.Front(front, so.lang)
			if so.format == "table" { // the groups' long names are cut at a word; csv and md keep them whole
				for i := 1; i < len(rows); i++ {
					rows[i][0] = shorten(rows[i][0], 44)
				}
			}
			_ = rowsTable(rows).render(e.out, so.format)
		}
		if cands != nil {
			fmt.Fprintln(e.out)
			printCandidates(e, cands, so.lang)
		}
	}
	if robust != nil && so.format != "json" {
		printRobustness(e, robust, so.lang, so.format, top)
	}
	return sd.tally.report(e)
}

// previousPeriod is the period progress points are counted against: --previous, which must
// exist in the data, or the latest whole year before cur when the data has one (stated).
func previousPeriod(e *env, o *opts, ps []criteria.Period, cur criteria.Period, want string) (criteria.Period, bool, int) {
	if p, ok, code := wantPeriod(e, "previous", want, ps); code != exitOK || ok {
		if ok && !p.Before(cur) {
			e.errorf("--previous %s is not before the period ranked, %s", p, cur)
			return p, false, exitUsage
		}
		return p, ok, code
	}
	best, found := wholeYearBefore(ps, cur)
	if !o.sample() {
		if found {
			e.note("điểm tiến bộ tính so với kỳ %s, năm gần nhất trước kỳ %s trong dữ liệu (chọn bằng --previous)", "progress points counted against %s, the latest whole year before %s in the data (choose with --previous)", best, cur)
		} else {
			e.note("dữ liệu không có năm nào trước kỳ %s: không tính điểm tiến bộ", "no whole year before %s in the data: no progress points", cur)
		}
	}
	return best, found, exitOK
}

// wholeYearBefore is the previous period progress is counted against by default: the latest
// whole year before cur among ps.
func wholeYearBefore(ps []criteria.Period, cur criteria.Period) (criteria.Period, bool) {
	var best criteria.Period
	found := false
	for _, p := range ps {
		if p.Before(cur) && p.Half == 0 && (!found || best.Before(p)) {
			best, found = p, true
		}
	}
	return best, found
}

// rankingHeading says what a ranking is: the scheme, what it ranks and the period, the
// ruleset scored, and whether progress points against a previous period count.
func rankingHeading(w io.Writer, sc *scoring.Scheme, rules criteria.Text, rk *scoring.Ranking, lang string) {
	fmt.Fprintf(w, "%s — %s, %s %s\n", sc.Title.In(lang), sc.SubjectLabel(rk.Rule.Subject, lang), tr(lang, "kỳ", "period"), rk.Period)
	fmt.Fprintf(w, "%s: %s\n", tr(lang, "Bộ tiêu chí", "Ruleset"), rules.In(lang))
	if rk.Previous != nil {
		fmt.Fprintln(w, tr(lang, "Có tính điểm tiến bộ so với kỳ ", "Progress points counted against ")+rk.Previous.String())
	} else {
		fmt.Fprintln(w, tr(lang, "Không tính điểm tiến bộ: dữ liệu không có năm nào trước kỳ này", "No progress points: the data has no year before this period"))
	}
}

func writeJSON(e *env, v any) {
	enc := json.NewEncoder(e.out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		e.errorf("%v", err)
	}
}

// writeRanking writes the scheme's ranking rows as they are built, keeping the first top units of each scope
// (scope is the first column of a commune ranking) when top > 0.
func writeRanking(w io.Writer, rk *scoring.Ranking, lang string, top int, format string) error {
	rw := newRowWriter(w, format, "", report.RankingHeader(rk, lang), nil)
	rw.auto = true
	shown := map[string]int{}
	district := rk.RuleUsed().Subject.IsDistrict()
	rk.Each(func(sc *scoring.Score) bool {
		row := report.RankingRow(rk, sc, lang)
		if top > 0 && !district {
			if shown[row[0]] >= top {
				return true
			}
			shown[row[0]]++
		}
		rw.add(row...)
		return true
	})
	for _, row := range report.RankingFooter(rk, lang) {
		rw.add(row...)
	}
	return rw.close()
}

func bandsTable(b *scoring.BandReport, lang string) *table {
	return rowsTable(report.Bands(b, lang))
}

// rowsTable turns rows whose first row is the header into a table; cells that read as numbers
// are right-aligned.
func rowsTable(rows [][]string) *table {
	t := &table{}
	if len(rows) == 0 {
		return t
	}
	t.header = rows[0]
	t.rows = rows[1:]
	t.right = make([]bool, len(t.header))
	for i := range t.header {
		numeric := len(t.rows) > 0
		for _, r := range t.rows {
			if i < len(r) && r[i] != "" && strings.Trim(r[i], "0123456789.,-%=/ ") != "" {
				numeric = false
			}
		}
		t.right[i] = numeric && t.header[i] != "Mã" && t.header[i] != "Code"
	}
	return t
}

func printCandidates(e *env, c *scoring.CandidateReport, lang string) {
	fmt.Fprintln(e.out, tr(lang, "Đề xuất khen thưởng", "Commendation candidates"))
	rw := newRowWriter(e.out, "table", "", report.CandidatesHeader(c, lang), nil)
	rw.auto = true
	n := 0
	for row := range report.CandidateRows(c, lang) {
		rw.add(row...)
		n++
	}
	_ = rw.close()
	if n == 0 {
		fmt.Fprintln(e.out, tr(lang, "Không có đơn vị nào được đề xuất.", "No unit is proposed."))
	}
}

func cmdProgress(ctx context.Context, e *env, args []string) int {
	var so scoringOpts
	var from, to, summary string
	c := newCLI(e, "progress", "[DATA]", "DATA")
	so.add(c, "scoring scheme (declares the summaries and goals)")
	so.addFormat(c, "table, json, xlsx")
	so.addLang(c)
	c.fset.StringVar(&from, "from", "", "first period (default: the earliest in the data)")
	c.fset.StringVar(&to, "to", "", "second period (default: the latest in the data)")
	c.fset.StringVar(&summary, "summary", "", "a multi-year summary the scheme declares instead of two periods (Cà Mau: so-ket-3-nam, tong-ket-5-nam)")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &so.data) != nil || !so.check(e, "table", "json", "xlsx") {
		return exitUsage
	}
	if so.period != "" {
		c.fail("--period is not used by progress: give --from and --to")
		return exitUsage
	}
	if summary != "" && (from != "" || to != "") {
		c.fail("--summary covers the periods it declares; --from and --to cannot be given with it")
		return exitUsage
	}
	if code := so.inputs(e); code != exitOK {
		return code
	}
	sd, code := loadScored(ctx, e, &so)
	if code != exitOK {
		return code
	}
	sc := sd.sc
	ps := sd.ps
	if len(ps) == 0 {
		e.errorf("no rows to evaluate: the data has no accepted rows")
		return exitFindings
	}
	if summary != "" {
		var ids []string
		found := false
		for _, r := range sc.Periods.Summaries {
			ids = append(ids, r.ID)
			if r.ID == summary {
				found = true
				if !hasYears(ps, r.From, r.Until) {
					e.errorf("--summary %s covers %d-%d; the data has %s", summary, r.From, r.Until, periodList(ps))
					return exitUsage
				}
			}
		}
		if !found {
			c.fail("--summary %s: the scheme %s declares %s", summary, sc.ID, orNone(ids))
			return exitUsage
		}
		sd.use(ps...)
		var sets [][]scoring.Input
		for _, p := range ps {
			sets = append(sets, sd.slice(p))
		}
		sm, err := sc.Summary(summary, sets...)
		if err != nil {
			return reportLoadError(e, err)
		}
		if so.format == "json" {
			writeJSON(e, sm)
		} else {
			printSummary(e, sm, so.lang)
		}
		return sd.tally.report(e)
	}
	pf, okf, code := wantPeriod(e, "from", from, ps)
	if code != exitOK {
		return code
	}
	pt, okt, code := wantPeriod(e, "to", to, ps)
	if code != exitOK {
		return code
	}
	if !okf {
		pf = ps[0]
	}
	if !okt {
		pt = ps[len(ps)-1]
	}
	if (!okf || !okt) && !so.sample() {
		e.note("tiến độ từ kỳ %s đến kỳ %s (dữ liệu có %s; chọn bằng --from và --to)", "progress from %s to %s (the data has %s; choose with --from and --to)", pf, pt, e.periodsIn(ps))
	}
	if !pf.Before(pt) {
		e.errorf("progress needs a first period before the second: %s is not before %s", pf, pt)
		return exitUsage
	}
	sd.use(pf, pt)
	rep, err := scoring.Progress(sd.slice(pf), sd.slice(pt))
	if err != nil {
		return reportLoadError(e, err)
	}
	goals, err := sc.Goals(sd.slice(pt))
	if err != nil {
		return reportLoadError(e, err)
	}
	if so.format == "json" {
		writeJSON(e, map[string]any{"format": "ntm.progress/v1", "progress": rep, "goals": goals})
		return sd.tally.report(e)
	}
	printProgress(e, rep, sd.title, so.lang)
	fmt.Fprintln(e.out)
	printGoals(e, goals, so.lang)
	return sd.tally.report(e)
}

func printProgress(e *env, rep *scoring.ProgressReport, title criteria.Text, lang string) {
	fmt.Fprintf(e.out, "%s %s → %s — %s\n", tr(lang, "Tiến độ", "Progress"), rep.From, rep.To, title.In(lang))
	num := func(s string) string { return localNumber(s, lang) }
	t := &table{header: []string{"", rep.From.String(), rep.To.String()}, right: []bool{false, true, true}}
	t.add(tr(lang, "Số xã", "Communes"), strconv.Itoa(rep.Before.Units), strconv.Itoa(rep.After.Units))
	t.add(tr(lang, "Đã công nhận", "Recognised"), strconv.Itoa(rep.Before.Recognised), strconv.Itoa(rep.After.Recognised))
	t.add(tr(lang, "Tỷ lệ công nhận %", "Share recognised %"), num(rep.Before.ShareRecognised().Percent(1).String()), num(rep.After.ShareRecognised().Percent(1).String()))
	t.add(tr(lang, "Bình quân tiêu chí/xã", "Average criteria per commune"), num(rep.Before.AverageMet().Round(2).String()), num(rep.After.AverageMet().Round(2).String()))
	t.add(tr(lang, "Tiêu chí tăng / giảm", "Criteria gained / lost"), "", fmt.Sprintf("+%d / -%d", rep.Gained, rep.Lost))
	t.add(tr(lang, "Mới công nhận / mới rớt chuẩn", "Newly recognised / newly slipped"), "", fmt.Sprintf("%d / %d", rep.NewlyRecognised, rep.NewlySlipped))
	_ = t.render(e.out, "table")
	// Progress is counted on the communes of both periods: say so when they are few.
	if both := len(rep.Changes); 2*both < rep.After.Units {
		fmt.Fprintln(e.out, tr(lang,
			fmt.Sprintf("Lưu ý: chỉ %d trong %d xã của kỳ %s có số liệu kỳ %s; tiến độ chỉ tính trên %d xã đó (chọn kỳ khác bằng --from).", both, rep.After.Units, rep.To, rep.From, both),
			fmt.Sprintf("Note: only %d of the %d communes of %s have data for %s; progress counts those %d only (choose another period with --from).", both, rep.After.Units, rep.To, rep.From, both)))
	}
	fmt.Fprintln(e.out)
	rows := report.Progress(rep, lang)
	if len(rows) <= 1 {
		fmt.Fprintln(e.out, tr(lang, "Không xã nào thay đổi giữa hai kỳ.", "No commune changed between the two periods."))
		return
	}
	_ = rowsTable(rows).render(e.out, "table")
}

func printGoals(e *env, g *scoring.GoalReport, lang string) {
	fmt.Fprintf(e.out, "%s — %s %s\n", tr(lang, "Mục tiêu", "Goals"), tr(lang, "kỳ", "period"), g.Period)
	_ = rowsTable(report.Goals(g, lang)).render(e.out, "table")
}

func printSummary(e *env, sm *scoring.Summary, lang string) {
	fmt.Fprintf(e.out, "%s: %s → %s\n", sm.Rule.Label.In(lang), sm.Baseline, sm.End)
	_ = rowsTable(report.Summary(sm, lang)).render(e.out, "table")
	if sm.Goals != nil {
		fmt.Fprintln(e.out)
		printGoals(e, sm.Goals, lang)
	}
}

// defaultSchemeRuleset is the ruleset the default scheme scores.
const defaultSchemeRuleset = "camau.xa-ntm@2016-2020"

// extendsRef reports whether rs is ref or a file extending it, by the layers of its deviations.
func extendsRef(rs *criteria.Ruleset, ref string) bool {
	for _, d := range rs.Deviations() {
		if d.Layer == ref {
			return true
		}
	}
	return false
}

// printRobustness writes each commune's rank interval over the draws and the pairs whose order
// turns.
func printRobustness(e *env, r *scoring.Robustness, lang, format string, top int) {
	o := r.Options
	fmt.Fprintln(e.out)
	fmt.Fprintf(e.out, tr(lang, "Độ tin cậy của thứ hạng theo tổng điểm trong toàn tỉnh: %d lần rút, điểm dao động ±%g %%, tiêu chí chưa rõ rút ngẫu nhiên, hạt giống %d\n",
		"How far the province-wide ranking by points holds: %d draws, points ±%g %%, unknown criteria drawn, seed %d\n"), o.Draws, o.Jitter*100, o.Seed)
	head := []string{tr(lang, "Mã", "Code"), tr(lang, "Hạng", "Rank"), tr(lang, "Khoảng hạng (5–95 %)", "Rank interval (5–95 %)")}
	if o.Cut > 0 {
		head = append(head, fmt.Sprintf(tr(lang, "Khả năng trong %d hạng đầu (%%)", "Chance of the first %d (%%)"), o.Cut))
	}
	bounds := false
	for _, u := range r.Units {
		bounds = bounds || u.Best != u.Rank || u.Worst != u.Rank
	}
	if bounds {
		head = append(head, tr(lang, "Tốt nhất–xấu nhất theo tiêu chí chưa rõ", "Best–worst by unknown criteria"))
	}
	t := &table{header: head, right: []bool{false, true, true, true, true}}
	units := r.Units
	if top > 0 && top < len(units) {
		units = units[:top] // --top: the first of the ranking by points
	}
	for _, u := range units {
		row := []string{u.Code, strconv.Itoa(u.Rank), strconv.Itoa(u.Low) + "–" + strconv.Itoa(u.High)}
		if o.Cut > 0 {
			row = append(row, localNumber(strconv.FormatFloat(u.InCut*100, 'f', 1, 64), lang))
		}
		if bounds {
			row = append(row, strconv.Itoa(u.Best)+"–"+strconv.Itoa(u.Worst))
		}
		t.add(row...)
	}
	_ = t.render(e.out, format)
	if len(units) < len(r.Units) {
		fmt.Fprintf(e.out, tr(lang, "(%d đơn vị đầu trong %d)\n", "(the first %d of %d units)\n"), len(units), len(r.Units))
	}
	if len(r.Unstable) > 0 {
		fmt.Fprintln(e.out)
		fmt.Fprintln(e.out, tr(lang, "Các cặp liền kề có thứ tự không vững (giữ nguyên trong 5–95 % số lần rút):", "Neighbouring pairs whose order does not hold (kept in 5–95 % of draws):"))
		pt := &table{header: []string{tr(lang, "Trên", "Above"), tr(lang, "Dưới", "Below"), tr(lang, "Giữ thứ tự (%)", "Order kept (%)")}, right: []bool{false, false, true}}
		for _, p := range r.Unstable {
			pt.add(p.Above, p.Below, localNumber(strconv.FormatFloat(p.Share*100, 'f', 1, 64), lang))
		}
		_ = pt.render(e.out, format)
	}
}

// localNumber puts the decimal comma of Vietnamese (and of the other languages a rule file may
// write) in a number written with a point; English keeps the point.
func localNumber(s, lang string) string {
	if lang == "en" {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}
