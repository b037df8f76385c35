package main

import (
	"context"
	"fmt"
	"io"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/lineage"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report/htmlreport"
)

// cmdReport writes one self-contained HTML page of a period's results (htmlreport): the
// province at a glance, the matrix, each parent unit, progress, rankings and what each unit
// misses.
func cmdReport(ctx context.Context, e *env, args []string) int {
	var so scoringOpts
	var prev, out, changedRef, thenData, thenRules, thenPeriod, province string
	var draws, cut int
	var jitter float64
	var seed uint64
	c := newCLI(e, "report", "[DATA]", "DATA")
	so.add(c, "scoring scheme (its bands, goals and rankings)")
	so.addLang(c)
	c.fset.StringVar(&prev, "previous", "", "previous period, for progress (default: the latest whole year before the period, when the data has it)")
	c.fset.StringVar(&out, "out", "", "the HTML file to write (required), e.g. bao-cao.html")
	c.fset.IntVar(&draws, "robustness", 0, "also draw the points N times (e.g. 1000): each unit's rank interval as an error bar")
	c.fset.Float64Var(&jitter, "jitter", 0.1, "with --robustness: the points vary by up to this share (0.1 = ±10 %)")
	c.fset.Uint64Var(&seed, "seed", 1, "with --robustness: the seed of the draws")
	c.fset.IntVar(&cut, "cut", 0, "with --robustness: the commendation cut, the first N ranks (0: none)")
	c.fset.StringVar(&thenData, "then", "", "data of a period before the 01/7/2025 reorganisation, by old units: adds a then-and-now view of the period's new units (see ntm across)")
	c.fset.StringVar(&thenPeriod, "then-period", "", "the period of the --then data (default: the latest before the reorganisation)")
	c.fset.StringVar(&province, "province", "", "with --then: the province as it is after the reorganisation, by code (default: the one the period's units belong to)")
	c.fset.StringVar(&thenRules, "then-rules", "", "rule file the --then data are read with (default: "+defaultRules+")")
	c.fset.StringVar(&changedRef, "changed", "", "also show the impact of this changed ruleset (a layer over the scheme's) on the period's units")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &so.data) != nil || !so.check(e) {
		return exitUsage
	}
	if out == "" {
		c.fail("give the page to write with --out (e.g. --out bao-cao.html)")
		return exitUsage
	}
	if !c.given("robustness") && (c.given("jitter") || c.given("seed") || c.given("cut")) {
		c.fail("--jitter, --seed and --cut shape the draws of --robustness N: give it too")
		return exitUsage
	}
	if code := so.inputs(e); code != exitOK {
		return code
	}
	sc, rs, code := loadScheme(e, so.scheme, so.rules, so.data != "")
	if code != exitOK {
		return code
	}
	if code := e.settleLang(rs); code != exitOK {
		return code
	}
	if e.lang != "vi" && e.lang != "en" {
		e.errorf("--lang %s: the report's own words are written in vi and en", e.lang)
		return exitUsage
	}
	prog, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	// Only the units of the two periods the page can show are kept; every row is counted.
	k, ps, t, code := readKept(e, &so.opts, rs, prev)
	if code != exitOK {
		return code
	}
	byPeriod := k.units
	cur, code := onePeriod(e, &so.opts, ps)
	if code != exitOK {
		return code
	}
	p, hasPrev, code := previousPeriod(e, &so.opts, ps, cur, prev)
	if code != exitOK {
		return code
	}
	in := htmlreport.Input{Scheme: sc, Source: e.dataShown}
	var ok bool
	if in.Results, ok = explainUnits(ctx, e, prog, byPeriod[cur], t); !ok {
		return exitUsage
	}
	shown := []criteria.Period{cur}
	if hasPrev {
		if in.Previous, ok = explainUnits(ctx, e, prog, byPeriod[p], t); !ok {
			return exitUsage
		}
		shown = append(shown, p)
	}
	k.leaveOthers(t, shown...)
	if len(in.Results) == 0 {
		e.errorf("no unit of period %s could be evaluated", cur)
		t.report(e)
		return exitFindings
	}
	if draws > 0 {
		in.Robustness = &scoring.RobustnessOptions{Draws: draws, Seed: seed, Jitter: jitter, Unknown: true, Cut: cut}
	}
	if changedRef != "" {
		_, pb, code := compiled(e, changedRef)
		if code != exitOK {
			return code
		}
		if in.Impact, err = criteria.Impact(ctx, prog, pb, byPeriod[cur]); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		printErrors(e, in.Impact.Errors)
	}
	if (thenRules != "" || thenPeriod != "" || province != "") && thenData == "" {
		c.fail("--then-rules, --then-period and --province go with --then: give the data before the reorganisation with --then")
		return exitUsage
	}
	if thenData != "" {
		reorg, code := loadLineage(e, "")
		if code != exitOK {
			return code
		}
		if reorg.IsBefore(cur) {
			c.fail("--then: the report's period %s ends before %s took effect: its units are the old ones", cur, reorg)
			return exitUsage
		}
		tb := opts{c: c, data: thenData, rules: thenRules, period: thenPeriod}
		if thenPeriod != "" {
			tp, err := criteria.ParsePeriod(thenPeriod)
			if err != nil {
				c.fail("--then-period: %v", err)
				return exitUsage
			}
			if !reorg.IsBefore(tp) {
				c.fail("--then-period: %s ends after %s took effect: its data are by the new units", tp, reorg)
				return exitUsage
			}
		}
		if tb.rules == "" {
			tb.rules = defaultRules
			e.note("bộ tiêu chí của --then: %s (mặc định; chọn bằng --then-rules)", "rule file of --then: %s (the default; choose with --then-rules)", defaultRules)
		}
		bs, _, code := readSide(ctx, e, &tb, reorg, true, nil, false, t)
		if code != exitOK {
			return code
		}
		if province == "" {
			if province, code = provinceOf(e, reorg, [][]*criteria.Result{in.Results}); code != exitOK {
				return code
			}
		}
		if in.Across, err = reorg.Across(ctx, lineage.Input{Province: province, Before: bs[0], After: [][]*criteria.Result{in.Results}}); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		printOutside(e, in.Across, t)
		if in.Across.Placed() == 0 {
			e.errorf("%s", tr(e.lang, fmt.Sprintf("không đơn vị nào của kỳ %s thuộc %s: kiểm tra --province và mã đơn vị", cur, in.Across.Province.Name),
				fmt.Sprintf("no unit of period %s belongs to %s: check --province and the codes", cur, in.Across.Province.Name)))
			t.report(e)
			return exitUsage
		}
	}
	rep, err := htmlreport.Build(ctx, in)
	if err != nil {
		return reportLoadError(e, err)
	}
	if err := writeOut(out, func(w io.Writer) error { return rep.Write(w, e.lang) }); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	e.note("đã ghi %s", "wrote %s", out)
	return t.report(e)
}
