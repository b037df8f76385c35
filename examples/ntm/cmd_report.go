package main

import (
	"context"
	"io"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report/htmlreport"
)

// cmdReport writes one self-contained HTML page of a period's results (htmlreport): the
// province at a glance, the matrix, each parent unit, progress, rankings and what each unit
// misses.
func cmdReport(ctx context.Context, e *env, args []string) int {
	var so scoringOpts
	var prev, out, changedRef string
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
	src, code := openUnits(e, &so.opts, rs)
	if code != exitOK {
		return code
	}
	// Only the units of the two periods the page can show are kept; every row is counted.
	t := &tally{}
	k := newKeeper(so.period, prev)
	for src.Next() {
		printErrors(e, src.TakeErrors())
		k.add(src.Unit())
	}
	byPeriod := k.units
	printErrors(e, src.TakeErrors())
	t.read, t.rejected, t.problems = src.Rows(), src.Rejected(), src.Problems()
	if src.Rows() == 0 {
		return noRows(e, &so.opts, src, t)
	}
	seen := map[criteria.Period]bool{}
	for p := range k.counts {
		seen[p] = true
	}
	ps := sortedPeriods(seen)
	cur, code := onePeriod(e, &so.opts, ps)
	if code != exitOK {
		return code
	}
	p, hasPrev, code := previousPeriod(e, &so.opts, ps, cur, prev)
	if code != exitOK {
		return code
	}
	explainAll := func(units []*criteria.Unit) ([]*criteria.Result, bool) {
		var rs []*criteria.Result
		for _, u := range units {
			r, err := prog.Evaluate(ctx, u)
			if err != nil {
				if ctx.Err() != nil {
					e.errorf("%v", ctx.Err())
					return nil, false
				}
				printErrors(e, criteria.Errors(err))
				t.rejected++
				continue
			}
			rs = append(rs, r)
		}
		return rs, true
	}
	in := htmlreport.Input{Scheme: sc, Source: e.dataShown}
	var ok bool
	if in.Results, ok = explainAll(byPeriod[cur]); !ok {
		return exitUsage
	}
	t.evaluated = len(in.Results)
	if hasPrev {
		if in.Previous, ok = explainAll(byPeriod[p]); !ok {
			return exitUsage
		}
		t.evaluated += len(in.Previous)
	}
	// Rows of other periods are read and checked, not shown: say so in the counts.
	for q, n := range k.counts {
		if q != cur && (!hasPrev || q != p) {
			t.leave(n, "periods other than "+cur.String()+prevText(hasPrev, p))
		}
	}
	if len(in.Results) == 0 {
		e.errorf("no unit of period %s could be evaluated", cur)
		t.report(e)
		return exitFindings
	}
	if draws > 0 {
		in.Robustness = &scoring.RobustnessOptions{Draws: draws, Seed: seed, Jitter: jitter, Unknown: true, Cut: cut}
	}
	if changedRef != "" {
		changed, code := loadRuleset(e, changedRef)
		if code != exitOK {
			return code
		}
		pb, err := changed.Compile()
		if err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		if in.Impact, err = criteria.Impact(ctx, prog, pb, byPeriod[cur]); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		printErrors(e, in.Impact.Errors)
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

// keeper keeps the units of the periods a report can show while the data is read: the period
// (given, or the latest so far) and the previous one (given, or the latest whole year before
// it so far). Both only move later as rows come, so a period let go is never needed again:
// memory follows two periods, not the file. Every period's rows are counted.
type keeper struct {
	cur, prev       criteria.Period
	curSet, prevSet bool
	counts          map[criteria.Period]int
	units           map[criteria.Period][]*criteria.Unit
}

func newKeeper(period, previous string) *keeper {
	k := &keeper{counts: map[criteria.Period]int{}, units: map[criteria.Period][]*criteria.Unit{}}
	if p, err := criteria.ParsePeriod(period); period != "" && err == nil {
		k.cur, k.curSet = p, true
	}
	if p, err := criteria.ParsePeriod(previous); previous != "" && err == nil {
		k.prev, k.prevSet = p, true
	}
	return k
}

func (k *keeper) add(u *criteria.Unit) {
	q := u.Period
	k.counts[q]++
	if k.counts[q] == 1 {
		k.settle()
	}
	if q == k.cur || q == k.prev && (k.prevSet || k.prev.Before(k.cur)) {
		k.units[q] = append(k.units[q], u.Clone())
	}
}

// settle chooses the two periods again when a new one appears, and lets the others go.
func (k *keeper) settle() {
	if !k.curSet {
		for p := range k.counts {
			if k.cur.Before(p) || k.cur == (criteria.Period{}) {
				k.cur = p
			}
		}
	}
	if !k.prevSet {
		for p := range k.counts {
			if p.Half == 0 && p.Before(k.cur) && (k.prev.Before(p) || !k.prev.Before(k.cur)) {
				k.prev = p
			}
		}
	}
	for p := range k.units {
		if p != k.cur && p != k.prev {
			delete(k.units, p)
		}
	}
}

func prevText(has bool, p criteria.Period) string {
	if !has {
		return ""
	}
	return ", " + p.String()
}
