package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
)

// loadScheme loads a scoring scheme and the ruleset it names (unless --rules gives another).
func loadScheme(e *env, ref, rulesRef string) (*scoring.Scheme, *criteria.Ruleset, int) {
	fsys, name, _, code := resolveFile(e, ref)
	if code != exitOK {
		return nil, nil, code
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		e.errorf("cannot read %s: %v", ref, unwrap(err))
		return nil, nil, exitUsage
	}
	if rulesRef == "" {
		rulesRef = schemeRuleset(data)
	}
	rs, code := loadRuleset(e, rulesRef)
	if code != exitOK {
		return nil, nil, code
	}
	sc, err := scoring.Parse(name, data, rs)
	if err != nil {
		return nil, nil, reportLoadError(e, err)
	}
	return sc, rs, exitOK
}

func schemeRuleset(data []byte) string {
	var h struct {
		Ruleset string `yaml:"ruleset"`
	}
	_ = yamlUnmarshal(data, &h)
	return h.Ruleset
}

func validateScheme(e *env, path string, fsys fs.FS, name string, data []byte) int {
	rs, code := loadRuleset(e, schemeRuleset(data))
	if code != exitOK {
		e.errorf("%s: its ruleset cannot be loaded", path)
		return code
	}
	sc, err := scoring.Parse(name, data, rs)
	if err != nil {
		return reportLoadError(e, err)
	}
	fmt.Fprintf(e.out, "%s: ok (%s@%s, scores %s)\n", path, sc.ID, sc.Version, rs.Ref())
	return exitOK
}

// evaluateAll evaluates every period of the data; units that cannot be evaluated are reported.
func evaluateAll(ctx context.Context, e *env, rs *criteria.Ruleset, ds *criteria.DataSet) (map[criteria.Period][]*criteria.Result, []criteria.Period, int, int) {
	prog, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return nil, nil, 0, exitUsage
	}
	out := map[criteria.Period][]*criteria.Result{}
	failed := 0
	for _, p := range periods(ds.Units) {
		units, _, _ := selectPeriod(e, ds.Units, p.String())
		for _, u := range units {
			res, err := prog.Evaluate(ctx, u)
			if err != nil {
				fmt.Fprintln(e.err, err)
				failed++
				continue
			}
			out[p] = append(out[p], res)
		}
	}
	return out, periods(ds.Units), failed, exitOK
}

// scored is a scheme with the data it scores, evaluated for every period.
type scored struct {
	sc       *scoring.Scheme
	ds       *criteria.DataSet
	byPeriod map[criteria.Period][]*criteria.Result
	periods  []criteria.Period
	failed   int
}

// loadScored loads the scheme, its ruleset and the data, and evaluates every period.
func loadScored(ctx context.Context, e *env, o *opts, scheme string) (*scored, int) {
	sc, rs, code := loadScheme(e, scheme, o.rules)
	if code != exitOK {
		return nil, code
	}
	ds, code := readData(e, o, rs)
	if code != exitOK {
		return nil, code
	}
	byPeriod, ps, failed, code := evaluateAll(ctx, e, rs, ds)
	if code != exitOK {
		return nil, code
	}
	return &scored{sc: sc, ds: ds, byPeriod: byPeriod, periods: ps, failed: failed}, exitOK
}

func cmdRank(ctx context.Context, e *env, args []string) int {
	var o opts
	var scheme, by, prev string
	var top int
	fset := newFlags(e, "rank", "")
	fset.StringVar(&scheme, "scheme", defaultScheme, "scoring scheme: a shipped path or a file on disk")
	fset.StringVar(&o.rules, "rules", "", "rule file (default: the ruleset the scheme names)")
	o.addData(fset)
	o.addFormat(fset, "table, csv, md, json")
	o.addLang(fset)
	fset.StringVar(&by, "by", "commune_front", "what to rank: commune, commune_front, district or district_front")
	fset.StringVar(&prev, "previous", "", "previous period for progress points (default: the one before --period in the data)")
	fset.IntVar(&top, "top", 0, "print only the first N of each scope (table formats)")
	if fset.Parse(args) != nil || !o.check(e, "table", "csv", "md", "json") {
		return exitUsage
	}
	sd, code := loadScored(ctx, e, &o, scheme)
	if code != exitOK {
		return code
	}
	sc, ds, byPeriod, ps, failed := sd.sc, sd.ds, sd.byPeriod, sd.periods, sd.failed
	_, cur, ok := selectPeriod(e, ds.Units, o.period)
	if !ok {
		return exitUsage
	}
	var ropts []scoring.Option
	ropts = append(ropts, scoring.ForSubject(scoring.Subject(by)))
	if p, ok := previousPeriod(e, ps, cur, prev); ok {
		ropts = append(ropts, scoring.WithPrevious(byPeriod[p]))
	} else if prev != "" {
		return exitUsage
	}
	rk, err := sc.Rank(byPeriod[cur], ropts...)
	if err != nil {
		return reportLoadError(e, err)
	}
	bands, err := sc.Bands(byPeriod[cur])
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
			r2, err := sc.Rank(byPeriod[cur], o2...)
			if err != nil {
				return reportLoadError(e, err)
			}
			rankings = append(rankings, r2)
		}
	}
	cands, err := sc.Candidates(rankings...)
	if err != nil {
		return reportLoadError(e, err)
	}
	if o.format == "json" {
		writeJSON(e, map[string]any{"format": "ntm.rank/v1", "ranking": rk, "bands": bands, "candidates": cands})
		return summarise(e.err, ds, len(byPeriod[cur]), failed)
	}
	if o.format == "table" {
		fmt.Fprintf(e.out, "%s — %s, %s %s\n\n", sc.Title.In(o.lang), scoring.Subject(by).Label(o.lang), tr(o.lang, "kỳ", "period"), cur)
	}
	_ = rankingTable(rk, o.lang, top).render(e.out, o.format)
	if o.format == "table" {
		fmt.Fprintln(e.out)
		_ = bandsTable(bands, o.lang).render(e.out, o.format)
		if front, err := sc.FrontReport(byPeriod[cur]); err == nil && front != nil {
			fmt.Fprintln(e.out)
			fmt.Fprintln(e.out, tr(o.lang, "Kết quả theo nhóm nội dung của Mặt trận", "Results by the Front's content groups"))
			_ = rowsTable(front.Rows(o.lang)).render(e.out, o.format)
		}
		fmt.Fprintln(e.out)
		printCandidates(e, cands, o.lang)
	}
	return summarise(e.err, ds, len(byPeriod[cur]), failed)
}

func previousPeriod(e *env, ps []criteria.Period, cur criteria.Period, want string) (criteria.Period, bool) {
	if want != "" {
		p, err := criteria.ParsePeriod(want)
		if err != nil {
			e.errorf("--previous: %v", err)
			return p, false
		}
		return p, true
	}
	var best criteria.Period
	found := false
	for _, p := range ps {
		if p.Before(cur) && p.Half == 0 && (!found || best.Before(p)) {
			best, found = p, true
		}
	}
	return best, found
}

func writeJSON(e *env, v any) {
	enc := json.NewEncoder(e.out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		e.errorf("%v", err)
	}
}

// rankingTable is the scheme's ranking rows, keeping the first top units of each scope
// (scope is the first column of a commune ranking) when top > 0.
func rankingTable(rk *scoring.Ranking, lang string, top int) *table {
	rows := rk.Rows(lang)
	if top > 0 && !rk.Rule.Subject.IsDistrict() && len(rows) > 0 {
		kept := [][]string{rows[0]}
		shown := map[string]int{}
		for _, r := range rows[1:] {
			if shown[r[0]] < top {
				shown[r[0]]++
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	return rowsTable(rows)
}

func bandsTable(b *scoring.BandReport, lang string) *table {
	return rowsTable(b.Rows(lang))
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
	_ = rowsTable(c.Rows(lang)).render(e.out, "table")
}

func cmdProgress(ctx context.Context, e *env, args []string) int {
	var o opts
	var scheme, from, to, summary string
	fset := newFlags(e, "progress", "")
	fset.StringVar(&scheme, "scheme", defaultScheme, "scoring scheme (declares the summaries and goals)")
	fset.StringVar(&o.rules, "rules", "", "rule file (default: the ruleset the scheme names)")
	o.addData(fset)
	o.addFormat(fset, "table, json")
	o.addLang(fset)
	fset.StringVar(&from, "from", "", "first period (default: the earliest in the data)")
	fset.StringVar(&to, "to", "", "second period (default: the latest in the data)")
	fset.StringVar(&summary, "summary", "", "a multi-year summary the scheme declares instead of two periods (Cà Mau: so-ket-3-nam, tong-ket-5-nam)")
	if fset.Parse(args) != nil || !o.check(e, "table", "json") {
		return exitUsage
	}
	sd, code := loadScored(ctx, e, &o, scheme)
	if code != exitOK {
		return code
	}
	sc, ds, byPeriod, ps, failed := sd.sc, sd.ds, sd.byPeriod, sd.periods, sd.failed
	if len(ps) == 0 {
		e.errorf("no data")
		return exitFindings
	}
	evaluated := 0
	for _, r := range byPeriod {
		evaluated += len(r)
	}
	if summary != "" {
		var sets [][]*criteria.Result
		for _, p := range ps {
			sets = append(sets, byPeriod[p])
		}
		sm, err := sc.Summary(summary, sets...)
		if err != nil {
			return reportLoadError(e, err)
		}
		if o.format == "json" {
			writeJSON(e, sm)
		} else {
			printSummary(e, sm, o.lang)
		}
		return summarise(e.err, ds, evaluated, failed)
	}
	pf, pt := ps[0], ps[len(ps)-1]
	for _, x := range []struct {
		s   string
		dst *criteria.Period
	}{{from, &pf}, {to, &pt}} {
		if x.s != "" {
			p, err := criteria.ParsePeriod(x.s)
			if err != nil {
				e.errorf("%v", err)
				return exitUsage
			}
			*x.dst = p
		}
	}
	rep, err := scoring.Progress(byPeriod[pf], byPeriod[pt])
	if err != nil {
		return reportLoadError(e, err)
	}
	goals, err := sc.Goals(byPeriod[pt])
	if err != nil {
		return reportLoadError(e, err)
	}
	if o.format == "json" {
		writeJSON(e, map[string]any{"format": "ntm.progress/v1", "progress": rep, "goals": goals})
		return summarise(e.err, ds, evaluated, failed)
	}
	printProgress(e, rep, o.lang)
	fmt.Fprintln(e.out)
	printGoals(e, goals, o.lang)
	return summarise(e.err, ds, evaluated, failed)
}

func printProgress(e *env, rep *scoring.ProgressReport, lang string) {
	fmt.Fprintf(e.out, "%s %s → %s (%s)\n", tr(lang, "Tiến độ", "Progress"), rep.From, rep.To, rep.Ruleset)
	t := &table{header: []string{"", rep.From.String(), rep.To.String()}, right: []bool{false, true, true}}
	t.add(tr(lang, "Số xã", "Communes"), strconv.Itoa(rep.Before.Units), strconv.Itoa(rep.After.Units))
	t.add(tr(lang, "Đã công nhận", "Recognised"), strconv.Itoa(rep.Before.Recognised), strconv.Itoa(rep.After.Recognised))
	t.add(tr(lang, "Tỷ lệ công nhận %", "Share recognised %"), rep.Before.ShareRecognised().Percent(1).String(), rep.After.ShareRecognised().Percent(1).String())
	t.add(tr(lang, "Bình quân tiêu chí/xã", "Average criteria per commune"), rep.Before.AverageMet().Round(2).String(), rep.After.AverageMet().Round(2).String())
	t.add(tr(lang, "Tiêu chí tăng / giảm", "Criteria gained / lost"), "", fmt.Sprintf("+%d / -%d", rep.Gained, rep.Lost))
	t.add(tr(lang, "Mới công nhận / mới rớt chuẩn", "Newly recognised / newly slipped"), "", fmt.Sprintf("%d / %d", rep.NewlyRecognised, rep.NewlySlipped))
	_ = t.render(e.out, "table")
	fmt.Fprintln(e.out)
	_ = rowsTable(rep.Rows(lang)).render(e.out, "table")
}

func printGoals(e *env, g *scoring.GoalReport, lang string) {
	fmt.Fprintf(e.out, "%s — %s %s\n", tr(lang, "Mục tiêu", "Goals"), tr(lang, "kỳ", "period"), g.Period)
	_ = rowsTable(g.Rows(lang)).render(e.out, "table")
}

func printSummary(e *env, sm *scoring.Summary, lang string) {
	fmt.Fprintf(e.out, "%s: %s → %s\n", sm.Rule.Label.In(lang), sm.Baseline, sm.End)
	_ = rowsTable(sm.Rows(lang)).render(e.out, "table")
	if sm.Goals != nil {
		fmt.Fprintln(e.out)
		printGoals(e, sm.Goals, lang)
	}
}
