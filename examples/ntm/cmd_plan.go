package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// cmdPlan shows which indicators, improved in turn, lift the most units over a threshold
// (criteria.MakePlan): a greedy plan with the units lifted at each step. It assumes no cost.
func cmdPlan(ctx context.Context, e *env, args []string) int {
	var o opts
	var threshold, steps int
	var byParent bool
	var costsFile string
	c := newCLI(e, "plan", "[DATA]", "DATA")
	o.addRules(c)
	o.addData(c)
	o.addFormat(c, "table, json")
	o.addLang(c)
	c.fset.IntVar(&threshold, "threshold", 0, "criteria to meet (default: every criterion)")
	c.fset.IntVar(&steps, "steps", 10, "at most this many steps")
	c.fset.StringVar(&costsFile, "costs", "", "a cost table (CSV: indicator, cost_per_unit, unit, source): each step then takes the indicator lifting the most units per cost; indicators it does not price are never taken")
	c.fset.BoolVar(&byParent, "by-parent", false, "a plan for each unit of the level above (each district), after the province's")
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
	rs, prog, code := compiled(e, o.rules)
	if code != exitOK {
		return code
	}
	units, cur, t, code := keptPeriod(e, &o, rs)
	if code != exitOK {
		return code
	}
	results, ok := explainUnits(ctx, e, prog, units, t)
	if !ok {
		return exitUsage
	}
	var costs *criteria.Costs
	if costsFile != "" {
		f, err := os.Open(costsFile)
		if err != nil {
			e.errorf("--costs: %v", err)
			return exitUsage
		}
		costs, err = criteria.ReadCosts(f, costsFile, rs)
		f.Close()
		if err != nil {
			printErrors(e, criteria.Errors(err))
			if len(criteria.Errors(err)) == 0 {
				e.errorf("--costs: %v", err)
			}
			return exitFindings
		}
	}
	makePlan := func(rs []*criteria.Result) (*criteria.Plan, error) {
		if costs != nil {
			return criteria.MakeCostedPlan(rs, threshold, steps, costs)
		}
		return criteria.MakePlan(rs, threshold, steps)
	}
	pl, err := makePlan(results)
	if err != nil {
		c.fail("--threshold: %v", err)
		return exitUsage
	}
	// The plans by parent, in the order the parents first appear in the data.
	type parentPlan struct {
		name string
		pl   *criteria.Plan
	}
	var parents []parentPlan
	if byParent {
		levels := rs.Ancestors(rs.Level)
		groups := map[string][]*criteria.Result{}
		var order []string
		for _, r := range results {
			p := r.Unit.District
			if len(levels) > 0 {
				p = r.Unit.Parent(levels[0])
			}
			if _, ok := groups[p]; !ok {
				order = append(order, p)
			}
			groups[p] = append(groups[p], r)
		}
		for _, p := range order {
			sub, err := makePlan(groups[p])
			if err != nil {
				c.fail("--threshold: %v", err)
				return exitUsage
			}
			parents = append(parents, parentPlan{p, sub})
		}
	}
	lang := e.lang
	if o.format == "json" {
		planJSON := func(pl *criteria.Plan) map[string]any {
			st := []map[string]any{}
			for _, s := range pl.Steps {
				st = append(st, map[string]any{"criterion": s.Criterion.ID(), "indicator": s.Indicator.ID(), "name": s.Indicator.Name(),
					"lifted": append([]string{}, s.Lifted...), "criteria_completed": s.Completed, "total": s.Total})
			}
			m := map[string]any{"units": pl.Units, "already": pl.Already, "unreachable": pl.Unreachable, "remaining": pl.Remaining, "steps": st}
			if pl.Costed {
				for i, s := range pl.Steps {
					st[i]["cost"] = s.Cost
					st[i]["price"] = map[string]any{"per_unit": s.Price.PerUnit, "unit": s.Price.Unit, "source": s.Price.Source}
				}
				m["cost"], m["unpriced"], m["cost_unknown"] = pl.Cost, append([]string{}, pl.Unpriced...), append([]string{}, pl.CostUnknown...)
			}
			m["stopped_at_step_limit"] = pl.StepLimit
			return m
		}
		rule := "greedy: each step the indicator lifting the most units, then completing the most criteria; every indicator counts the same (no cost table)"
		if costs != nil {
			rule = "greedy by cost: each step the priced indicator lifting the most units per cost (cost table " + costsFile + "), then completing the most criteria per cost; unpriced indicators are never taken"
		}
		doc := map[string]any{"format": "ntm.plan/v1", "ruleset": rs.Ref(), "period": cur.String(), "threshold": pl.Threshold, "rule": rule}
		for k, v := range planJSON(pl) {
			doc[k] = v
		}
		if byParent {
			var ps []map[string]any
			for _, p := range parents {
				m := planJSON(p.pl)
				m["parent"] = p.name
				ps = append(ps, m)
			}
			doc["by_parent"] = ps
		}
		writeJSON(e, doc)
		return t.report(e)
	}
	w := e.out
	fmt.Fprintf(w, "%s — %s, %s %s\n", tr(lang, "Kế hoạch nâng số đơn vị đạt ngưỡng", "A plan to lift units over the threshold"), rs.Title.In(lang), tr(lang, "kỳ", "period"), cur)
	fmt.Fprintf(w, "%s: %d %s; %s: %d/%d; %s: %d\n", tr(lang, "Ngưỡng", "Threshold"), pl.Threshold, tr(lang, "tiêu chí", "criteria"),
		tr(lang, "Đã đạt ngưỡng", "Already over it"), pl.Already, pl.Units, tr(lang, "Không thể đạt vì có tiêu chí chưa rõ", "Out of reach: criteria unknown"), pl.Unreachable)
	if costs != nil {
		fmt.Fprintf(w, tr(lang, "Cách chọn: mỗi bước chọn chỉ tiêu có giá trong bảng chi phí %s giúp nhiều đơn vị đạt ngưỡng nhất trên mỗi đồng chi phí (chi phí = khoảng thiếu × đơn giá, cộng cho các đơn vị chưa đạt ngưỡng còn thiếu chỉ tiêu đó); chỉ tiêu không có giá không bao giờ được chọn.\n",
			"Rule: each step takes the indicator priced in the cost table %s that lifts the most units per cost (cost = gap × price, summed over the units under the threshold that miss it); unpriced indicators are never taken.\n"), costsFile)
		if len(pl.Unpriced) > 0 {
			fmt.Fprintf(w, "%s: %s\n", tr(lang, "Chỉ tiêu còn thiếu nhưng không có giá (không chọn)", "Indicators missed but not priced (never taken)"), strings.Join(pl.Unpriced, ", "))
		}
		if len(pl.CostUnknown) > 0 {
			fmt.Fprintf(w, "%s: %s\n", tr(lang, "Chỉ tiêu có đơn vị chưa rõ chi phí vì thiếu số liệu (không chọn)", "Indicators whose cost is unknown for some unit, for want of data (never taken)"), strings.Join(pl.CostUnknown, ", "))
		}
	} else {
		fmt.Fprintln(w, tr(lang, "Cách chọn: mỗi bước chọn chỉ tiêu giúp nhiều đơn vị đạt ngưỡng nhất, rồi hoàn thành nhiều tiêu chí nhất; mọi chỉ tiêu coi như chi phí bằng nhau (không có bảng chi phí).",
			"Rule: each step takes the indicator that lifts the most units, then completes the most criteria; every indicator counts the same (no cost table)."))
	}
	fmt.Fprintln(w)
	printPlan(e, pl, lang)
	for _, p := range parents {
		name := p.name
		if name == "" {
			name = tr(lang, "Không có đơn vị cấp trên", "No parent unit")
		}
		fmt.Fprintf(w, "\n%s — %s: %d/%d\n", name, tr(lang, "đã đạt ngưỡng", "already over it"), p.pl.Already, p.pl.Units)
		printPlan(e, p.pl, lang)
	}
	return t.report(e)
}

func printPlan(e *env, pl *criteria.Plan, lang string) {
	w := e.out
	defer func() {
		switch {
		case pl.Remaining == 0 || pl.Already == pl.Units:
		case pl.StepLimit:
			fmt.Fprintf(w, tr(lang, "Còn %d đơn vị chưa đạt ngưỡng: kế hoạch dừng ở số bước tối đa (--steps).\n",
				"%d units stay under the threshold: the plan stops at the most steps asked for (--steps).\n"), pl.Remaining)
		case len(pl.Unpriced)+len(pl.CostUnknown) > 0:
			fmt.Fprintf(w, tr(lang, "Còn %d đơn vị chưa đạt ngưỡng: không chỉ tiêu nào có giá và đủ số liệu hoàn thành thêm tiêu chí của các đơn vị này; các chỉ tiêu còn lại không có giá hoặc chưa rõ chi phí (xem trên).\n",
				"%d units stay under the threshold: no priced indicator with a known cost completes another of their criteria; those left are unpriced or of unknown cost (above).\n"), pl.Remaining)
		default:
			fmt.Fprintf(w, tr(lang, "Còn %d đơn vị chưa đạt ngưỡng: không chỉ tiêu đơn lẻ nào hoàn thành thêm tiêu chí của các đơn vị này (cần cải thiện nhiều chỉ tiêu cùng lúc, hoặc có tiêu chí chưa rõ).\n",
				"%d units stay under the threshold: no single indicator completes another of their criteria (several must improve together, or criteria are unknown).\n"), pl.Remaining)
		}
	}()
	if pl.Already == pl.Units {
		fmt.Fprintln(w, tr(lang, "Mọi đơn vị đã đạt ngưỡng.", "Every unit is over the threshold."))
		return
	}
	if len(pl.Steps) == 0 {
		fmt.Fprintln(w, tr(lang, "Không chỉ tiêu nào, cải thiện riêng lẻ, hoàn thành thêm tiêu chí.", "No single indicator, improved, completes another criterion."))
		return
	}
	tb := &table{header: []string{tr(lang, "Bước", "Step"), tr(lang, "Chỉ tiêu", "Indicator"), tr(lang, "Nội dung", "What"),
		tr(lang, "Tiêu chí hoàn thành", "Criteria completed"), tr(lang, "Thêm đơn vị đạt", "Lifted"), tr(lang, "Cộng dồn", "Total"), tr(lang, "Đơn vị", "Units")}}
	tb.right = []bool{true, false, false, true, true, true}
	if pl.Costed {
		tb.header = append(tb.header[:6:6], tr(lang, "Đơn giá", "Price"), tr(lang, "Chi phí", "Cost"), tb.header[6])
		tb.right = append(tb.right, true, true)
	}
	for i, s := range pl.Steps {
		row := []string{strconv.Itoa(i + 1), s.Indicator.ID(), s.Indicator.Name().In(lang), strconv.Itoa(s.Completed), strconv.Itoa(len(s.Lifted)), strconv.Itoa(s.Total)}
		if pl.Costed {
			price := criteria.FormatNumber(s.Price.PerUnit, lang)
			if s.Price.Unit != "" {
				price += " / " + s.Price.Unit
			}
			row = append(row, price, criteria.FormatNumber(s.Cost.Round(2), lang))
		}
		tb.add(append(row, strings.Join(s.Lifted, ", "))...)
	}
	if err := tb.render(w, "table"); err != nil {
		e.errorf("%v", err)
	}
	if pl.Costed {
		fmt.Fprintf(w, "%s: %s\n", tr(lang, "Tổng chi phí các bước (theo đơn vị tiền của bảng chi phí)", "The steps' total cost (in the cost table's money)"), criteria.FormatNumber(pl.Cost.Round(2), lang))
	}
}
