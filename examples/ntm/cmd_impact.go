package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// cmdImpact shows who a rule change affects (criteria.Impact): each unit whose verdicts
// differ between a base ruleset and a changed one, the checks that flip with both targets,
// and the totals before and after.
func cmdImpact(ctx context.Context, e *env, args []string) int {
	var o opts
	var baseRef, schemeRef string
	c := newCLI(e, "impact", "[DATA]", "DATA")
	c.fset.StringVar(&baseRef, "base", "", "the ruleset as it is: a file, a shipped path or an id@version (required)")
	c.fset.StringVar(&o.rules, "changed", "", "the ruleset as changed, read with the data (required): a layer over --base, or a set sharing its fields")
	c.fset.StringVar(&schemeRef, "scheme", "", "a scheme whose goals on the number of units the totals are set against (e.g. vn/thi-dua-mttq-2016-2020.yaml: 50 % by 2020)")
	o.c = c
	o.addData(c)
	o.addFormat(c, "table, json")
	o.addLang(c)
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &o.data) != nil || !o.check(e, "table", "json") {
		return exitUsage
	}
	if baseRef == "" || o.rules == "" {
		c.fail("give both rulesets: --base (as it is) and --changed (as changed)")
		return exitUsage
	}
	if o.data == "" {
		c.fail("no data: give a data file (ntm impact --base A --changed B DATA)")
		return exitUsage
	}
	if !o.csvOptionsApply() {
		return exitUsage
	}
	base, pa, code := compiled(e, baseRef)
	if code != exitOK {
		return code
	}
	changed, pb, code := compiled(e, o.rules)
	if code != exitOK {
		return code
	}
	units, cur, t, code := keptPeriod(e, &o, changed)
	if code != exitOK {
		return code
	}
	rep, err := criteria.Impact(ctx, pa, pb, units)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	// Goals on the number of units, against the units meeting every criterion before and after.
	type goalLine struct {
		Label  criteria.Text `json:"label"`
		By     int           `json:"by"`
		Needed int           `json:"needed"`
		Before int           `json:"all_met_before"`
		After  int           `json:"all_met_after"`
	}
	var goals []goalLine
	if schemeRef != "" {
		sc, _, code := loadScheme(e, schemeRef, baseRef, true)
		if code != exitOK {
			return code
		}
		for _, g := range sc.GoalRules {
			if need, ok := g.Needed(rep.Units); ok {
				goals = append(goals, goalLine{g.Label, g.By, need, rep.AllMet[0], rep.AllMet[1]})
			}
		}
		if len(goals) == 0 {
			e.note("thang điểm %s không có mục tiêu về số đơn vị", "the scheme %s has no goal on the number of units", schemeRef)
		}
	}
	printErrors(e, rep.Errors)
	t.rejected += len(rep.Errors)
	t.evaluated = rep.Units
	lang := e.lang
	if o.format == "json" {
		doc := impactJSON(rep, cur, lang)
		if goals != nil {
			doc["goals"] = goals
		}
		writeJSON(e, doc)
		return t.report(e)
	}
	w := e.out
	fmt.Fprintf(w, "%s, %s %s\n%s: %s\n%s: %s\n", tr(lang, "Tác động của thay đổi bộ tiêu chí", "Impact of a ruleset change"), tr(lang, "kỳ", "period"), cur,
		tr(lang, "Trước", "Before"), base.Title.In(lang), tr(lang, "Sau", "After"), changed.Title.In(lang))
	fmt.Fprintf(w, "%s: %d; %s: %d\n", tr(lang, "Số đơn vị", "Units"), rep.Units, tr(lang, "Số đơn vị thay đổi", "Units that change"), len(rep.Impacts))
	fmt.Fprintf(w, "%s: %d → %d; %s: %d → %d\n\n", tr(lang, "Đạt đủ tiêu chí", "All criteria met"), rep.AllMet[0], rep.AllMet[1],
		tr(lang, "Đủ điều kiện công nhận", "Eligible for recognition"), rep.Eligible[0], rep.Eligible[1])
	if rep.Unknown[0]+rep.Unknown[1] > 0 {
		fmt.Fprintf(w, "%s: %d → %d\n", tr(lang, "Có tiêu chí chưa rõ", "With a criterion unknown"), rep.Unknown[0], rep.Unknown[1])
	}
	for _, g := range goals {
		fmt.Fprintf(w, "%s: %s %d; %s %d → %d (%s)\n", g.Label.In(lang), tr(lang, "mục tiêu cần", "the goal needs"), g.Needed,
			tr(lang, "đơn vị đạt đủ tiêu chí", "units meeting every criterion"), g.Before, g.After,
			tr(lang, "số đơn vị đã được công nhận là dữ liệu, không đổi theo bộ tiêu chí", "the units recognised are data, which a ruleset does not change"))
	}
	if len(goals) > 0 {
		fmt.Fprintln(w)
	}
	if len(rep.Impacts) == 0 {
		fmt.Fprintln(w, tr(lang, "Không đơn vị nào thay đổi.", "No unit changes."))
		return t.report(e)
	}
	tb := &table{header: []string{tr(lang, "Mã", "Code"), tr(lang, "Đơn vị", "Unit"), tr(lang, "Tiêu chí đạt", "Criteria met"),
		tr(lang, "Đạt đủ", "All met"), tr(lang, "Đủ điều kiện", "Eligible"), tr(lang, "Chỉ tiêu đổi kết quả", "Checks that flip")}}
	for _, ui := range rep.Impacts {
		tb.add(ui.Code, ui.Name, strconv.Itoa(ui.Before.Met)+" → "+strconv.Itoa(ui.After.Met),
			e.sayTruth(pb.Info(), ui.Before.AllMet, lang)+" → "+e.sayTruth(pb.Info(), ui.After.AllMet, lang),
			e.sayTruth(pb.Info(), ui.Before.Eligible, lang)+" → "+e.sayTruth(pb.Info(), ui.After.Eligible, lang), flipsText(ui.Flips, lang))
	}
	if err := tb.render(w, "table"); err != nil {
		e.errorf("%v", err)
	}
	return t.report(e)
}

// flipsText says what flipped (criteria.Flip.Describe), one after another.
func flipsText(fs []criteria.Flip, lang string) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Describe(lang)
	}
	return strings.Join(parts, "; ")
}

type impactFlipJSON struct {
	Criterion string `json:"criterion,omitempty"`
	Indicator string `json:"indicator"`
	Check     string `json:"check,omitempty"`
	Before    string `json:"before"`
	After     string `json:"after"`
	Value     string `json:"value,omitempty"`
	TargetWas string `json:"target_before,omitempty"`
	TargetNow string `json:"target_after,omitempty"`
}

type impactUnitJSON struct {
	Code      string           `json:"code"`
	Name      string           `json:"name,omitempty"`
	MetBefore int              `json:"met_before"`
	MetAfter  int              `json:"met_after"`
	AllMet    [2]string        `json:"all_met"`
	Eligible  [2]string        `json:"eligible"`
	Flips     []impactFlipJSON `json:"flips"`
}

func impactJSON(rep *criteria.ImpactReport, p criteria.Period, lang string) map[string]any {
	units := []impactUnitJSON{}
	for _, ui := range rep.Impacts {
		u := impactUnitJSON{Code: ui.Code, Name: ui.Name, MetBefore: ui.Before.Met, MetAfter: ui.After.Met,
			AllMet: [2]string{ui.Before.AllMet.String(), ui.After.AllMet.String()}, Eligible: [2]string{ui.Before.Eligible.String(), ui.After.Eligible.String()}, Flips: []impactFlipJSON{}}
		for _, f := range ui.Flips {
			b, a := f.Status()
			fj := impactFlipJSON{Indicator: f.Indicator.ID(), Check: f.Check, Before: b.String(), After: a.String()}
			if !f.Criterion.IsZero() {
				fj.Criterion = f.Criterion.ID()
			}
			if f.Before != nil {
				fj.TargetWas = f.Before.Requirement("en")
			}
			if f.After != nil {
				fj.TargetNow = f.After.Requirement("en")
				fj.Value = f.After.Value.String()
			}
			u.Flips = append(u.Flips, fj)
		}
		units = append(units, u)
	}
	return map[string]any{
		"format": "ntm.impact/v1", "base": rep.Base.Ref(), "changed": rep.Changed.Ref(), "period": p.String(),
		"units": rep.Units, "units_changed": len(rep.Impacts),
		"all_met":            map[string]int{"before": rep.AllMet[0], "after": rep.AllMet[1]},
		"units_with_unknown": map[string]int{"before": rep.Unknown[0], "after": rep.Unknown[1]},
		"eligible":           map[string]int{"before": rep.Eligible[0], "after": rep.Eligible[1]},
		"changes":            units,
	}
}
