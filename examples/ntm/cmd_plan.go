package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// cmdPlan shows which indicators, improved in turn, lift the most units over a threshold
// (criteria.MakePlan): a greedy plan with the units lifted at each step. It assumes no cost.
func cmdPlan(ctx context.Context, e *env, args []string) int {
	var o opts
	var threshold, steps int
	c := newCLI(e, "plan", "[DATA]", "DATA")
	o.addRules(c)
	o.addData(c)
	o.addFormat(c, "table, json")
	o.addLang(c)
	c.fset.IntVar(&threshold, "threshold", 0, "criteria to meet (default: every criterion)")
	c.fset.IntVar(&steps, "steps", 10, "at most this many steps")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &o.data) != nil || !o.check(e, "table", "json") {
		return exitUsage
	}
	if threshold < 0 || steps < 1 {
		c.fail("--threshold must be 0 (every criterion) or more, and --steps 1 or more")
		return exitUsage
	}
	if code := o.inputs(e); code != exitOK {
		return code
	}
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	prog, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	src, code := openUnits(e, &o, rs)
	if code != exitOK {
		return code
	}
	t := &tally{}
	k := newKeeper(o.period, "")
	for src.Next() {
		printErrors(e, src.TakeErrors())
		k.add(src.Unit())
	}
	printErrors(e, src.TakeErrors())
	t.read, t.rejected, t.problems = src.Rows(), src.Rejected(), src.Problems()
	if src.Rows() == 0 {
		return noRows(e, &o, src, t)
	}
	seen := map[criteria.Period]bool{}
	for p := range k.counts {
		seen[p] = true
	}
	cur, code := onePeriod(e, &o, sortedPeriods(seen))
	if code != exitOK {
		return code
	}
	for q, n := range k.counts {
		if q != cur {
			t.leave(n, "periods other than "+cur.String())
		}
	}
	var results []*criteria.Result
	for _, u := range k.units[cur] {
		r, err := prog.Evaluate(ctx, u)
		if err != nil {
			printErrors(e, criteria.Errors(err))
			t.rejected++
			continue
		}
		results = append(results, r)
	}
	t.evaluated = len(results)
	pl, err := criteria.MakePlan(results, threshold, steps)
	if err != nil {
		c.fail("--threshold: %v", err)
		return exitUsage
	}
	lang := e.lang
	if o.format == "json" {
		var st []map[string]any
		for _, s := range pl.Steps {
			st = append(st, map[string]any{"criterion": s.Criterion.ID(), "indicator": s.Indicator.ID(), "name": s.Indicator.Name(),
				"lifted": s.Lifted, "total": s.Total})
		}
		writeJSON(e, map[string]any{"format": "ntm.plan/v1", "ruleset": rs.Ref(), "period": cur.String(), "threshold": pl.Threshold,
			"units": pl.Units, "already": pl.Already, "unreachable": pl.Unreachable, "steps": st,
			"rule": "greedy: each step the indicator lifting the most units; every indicator counts the same (no cost table)"})
		return t.report(e)
	}
	w := e.out
	fmt.Fprintf(w, "%s — %s, %s %s\n", tr(lang, "Kế hoạch nâng số đơn vị đạt ngưỡng", "A plan to lift units over the threshold"), rs.Title.In(lang), tr(lang, "kỳ", "period"), cur)
	fmt.Fprintf(w, "%s: %d %s; %s: %d/%d; %s: %d\n", tr(lang, "Ngưỡng", "Threshold"), pl.Threshold, tr(lang, "tiêu chí", "criteria"),
		tr(lang, "Đã đạt ngưỡng", "Already over it"), pl.Already, pl.Units, tr(lang, "Không thể đạt vì có tiêu chí chưa rõ", "Out of reach: criteria unknown"), pl.Unreachable)
	fmt.Fprintln(w, tr(lang, "Cách chọn: mỗi bước chọn chỉ tiêu giúp nhiều đơn vị đạt ngưỡng nhất; mọi chỉ tiêu coi như chi phí bằng nhau (không có bảng chi phí).",
		"Rule: each step takes the indicator that lifts the most units; every indicator counts the same (no cost table)."))
	fmt.Fprintln(w)
	if len(pl.Steps) == 0 {
		fmt.Fprintln(w, tr(lang, "Không chỉ tiêu nào, cải thiện riêng lẻ, giúp thêm đơn vị đạt ngưỡng.", "No single indicator, improved, lifts another unit."))
		return t.report(e)
	}
	tb := &table{header: []string{tr(lang, "Bước", "Step"), tr(lang, "Chỉ tiêu", "Indicator"), tr(lang, "Nội dung", "What"),
		tr(lang, "Thêm", "Lifted"), tr(lang, "Cộng dồn", "Total"), tr(lang, "Đơn vị", "Units")}}
	tb.right = []bool{true, false, false, true, true}
	for i, s := range pl.Steps {
		tb.add(strconv.Itoa(i+1), s.Indicator.ID(), s.Indicator.Name().In(lang), strconv.Itoa(len(s.Lifted)), strconv.Itoa(s.Total), strings.Join(s.Lifted, ", "))
	}
	if err := tb.render(w, "table"); err != nil {
		e.errorf("%v", err)
	}
	return t.report(e)
}
