package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// evaluation is the data read and evaluated for one period.
type evaluation struct {
	rs      *criteria.Ruleset
	ds      *criteria.DataSet
	period  criteria.Period
	results []*criteria.Result
	failed  int
}

// evaluatePeriod loads the ruleset and data, keeps one period and evaluates it. Units that
// cannot be evaluated are reported and counted; the others are still evaluated.
func evaluatePeriod(ctx context.Context, e *env, o *opts) (*evaluation, int) {
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return nil, code
	}
	ds, code := readData(e, o, rs)
	if code != exitOK {
		return nil, code
	}
	units, p, ok := selectPeriod(e, ds.Units, o.period)
	if !ok {
		return nil, exitUsage
	}
	ev := &evaluation{rs: rs, ds: ds, period: p}
	prog, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return nil, exitUsage
	}
	for _, u := range units {
		res, err := prog.Evaluate(ctx, u)
		if err != nil {
			fmt.Fprintln(e.err, err)
			ev.failed++
			continue
		}
		ev.results = append(ev.results, res)
	}
	return ev, exitOK
}

func cmdEvaluate(ctx context.Context, e *env, args []string) int {
	var o opts
	var full bool
	fset := newFlags(e, "evaluate", "")
	o.addRules(fset)
	o.addData(fset)
	o.addFormat(fset, "table, csv, md, json")
	o.addLang(fset)
	var only string
	fset.BoolVar(&full, "full", false, "one column per criterion (table/csv/md); JSON always has the full verdicts")
	fset.StringVar(&only, "units", "", "comma-separated unit codes to show (default: all)")
	if fset.Parse(args) != nil || !o.check(e, "table", "csv", "md", "json") {
		return exitUsage
	}
	ev, code := evaluatePeriod(ctx, e, &o)
	if code != exitOK {
		return code
	}
	if only != "" {
		want := strings.Split(only, ",")
		var kept []*criteria.Result
		for _, r := range ev.results {
			if contains(want, r.Unit.Code) {
				kept = append(kept, r)
			}
		}
		ev.results = kept
	}
	if o.format == "json" {
		if err := criteria.WriteJSON(e.out, ev.results); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	} else {
		t := resultsTable(ev.rs, ev.results, o.lang, full)
		if o.format == "table" {
			fmt.Fprintf(e.out, "%s — %s %s\n\n", ev.rs.Title.In(o.lang), tr(o.lang, "kỳ", "period"), ev.period)
		}
		if err := t.render(e.out, o.format); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	return summarise(e.err, ev.ds, len(ev.results), ev.failed)
}

// resultsTable is one row per unit: criteria met, not met, unknown and the four facts; with
// full, one column per criterion.
func resultsTable(rs *criteria.Ruleset, results []*criteria.Result, lang string, full bool) *table {
	t := &table{header: []string{
		tr(lang, "Mã", "Code"), tr(lang, "Tên", "Name"), tr(lang, "Huyện", "District"),
		tr(lang, "Đạt", "Met"), tr(lang, "Không đạt", "Not met"), tr(lang, "Chưa rõ", "Unknown"),
		tr(lang, "Đạt hết", "All met"), tr(lang, "Đủ điều kiện", "Eligible"), tr(lang, "Đã công nhận", "Recognised"), tr(lang, "Rớt chuẩn", "Slipped"),
	}}
	t.right = []bool{false, false, false, true, true, true}
	if full {
		for _, c := range rs.Criteria {
			t.header = append(t.header, c.ID)
		}
	}
	for _, r := range results {
		row := []string{r.Unit.Code, r.Unit.Name, r.Unit.District, strconv.Itoa(r.Met), strconv.Itoa(r.NotMet), strconv.Itoa(r.Unknown),
			truth(lang, r.AllMet), truth(lang, r.Eligible), recognised(lang, r), truth(lang, r.Slipped)}
		if full {
			for _, c := range r.Criteria {
				row = append(row, statusMark(c.Status))
			}
		}
		t.add(row...)
	}
	return t
}

func truth(lang string, t criteria.Truth) string {
	switch t {
	case criteria.Yes:
		return tr(lang, "có", "yes")
	case criteria.No:
		return tr(lang, "không", "no")
	}
	return tr(lang, "chưa rõ", "unknown")
}

func recognised(lang string, r *criteria.Result) string {
	if r.Recognition == nil {
		return tr(lang, "không", "no")
	}
	return strconv.Itoa(r.Recognition.Year)
}

func statusMark(s criteria.Status) string {
	switch s {
	case criteria.Met:
		return "✓"
	case criteria.NotMet:
		return "✗"
	case criteria.NotApplicable:
		return "–"
	}
	return "?"
}

func cmdExplain(ctx context.Context, e *env, args []string) int {
	var o opts
	fset := newFlags(e, "explain", "CODE")
	o.addRules(fset)
	o.addData(fset)
	o.addLang(fset)
	o.addFormat(fset, "table, json")
	pos, err := parseArgs(fset, args)
	if err != nil || !o.check(e, "table", "json") {
		return exitUsage
	}
	if len(pos) != 1 {
		e.errorf("explain needs one unit code, e.g. ntm explain 32221")
		return exitUsage
	}
	code := pos[0]
	ev, st := evaluatePeriod(ctx, e, &o)
	if st != exitOK {
		return st
	}
	var res *criteria.Result
	var codes []string
	for _, r := range ev.results {
		codes = append(codes, r.Unit.Code)
		if r.Unit.Code == code || strings.EqualFold(r.Unit.Name, code) {
			res = r
		}
	}
	if res == nil {
		e.errorf("no unit %q in period %s of the data", code, ev.period)
		return exitUsage
	}
	if o.format == "json" {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(e.out, string(b))
		return exitOK
	}
	explain(e, res, o.lang)
	return exitOK
}

// explain prints what a unit misses, closest to being met first.
func explain(e *env, r *criteria.Result, lang string) {
	w := e.out
	fmt.Fprintf(w, "%s %s (%s), %s %s — %s\n", r.Unit.Code, r.Unit.Name, r.Unit.District, tr(lang, "kỳ", "period"), r.Unit.Period, r.Ruleset.Title.In(lang))
	fmt.Fprintf(w, "%s: %d/%d; %s: %d; %s: %d\n", tr(lang, "Tiêu chí đạt", "Criteria met"), r.Met, len(r.Criteria),
		tr(lang, "không đạt", "not met"), r.NotMet, tr(lang, "chưa rõ", "unknown"), r.Unknown)
	fmt.Fprintf(w, "%s: %s; %s: %s; %s: %s; %s: %s\n\n", tr(lang, "Đạt hết", "All met"), truth(lang, r.AllMet),
		tr(lang, "Đủ điều kiện công nhận", "Eligible for recognition"), truth(lang, r.Eligible),
		tr(lang, "Đã công nhận", "Recognised"), recognised(lang, r), tr(lang, "Rớt chuẩn", "Slipped"), truth(lang, r.Slipped))
	sf := r.Shortfalls()
	if len(sf) == 0 {
		fmt.Fprintln(w, tr(lang, "Không thiếu tiêu chí hay điều kiện nào.", "Nothing is missing."))
		return
	}
	t := &table{header: []string{tr(lang, "Tiêu chí", "Criterion"), tr(lang, "Chỉ tiêu", "Indicator"), tr(lang, "Nội dung", "What"),
		tr(lang, "Giá trị", "Value"), tr(lang, "Chỉ tiêu đặt ra", "Target"), tr(lang, "Còn thiếu", "Gap"), tr(lang, "Độ tin cậy", "Confidence"), tr(lang, "Ghi chú", "Note")}}
	t.right = []bool{false, false, false, true, true, true}
	for _, s := range sf {
		c := s.Check
		crit := tr(lang, "điều kiện", "condition")
		if s.Criterion != nil {
			crit = s.Criterion.ID + " " + s.Criterion.Name.In(lang)
		}
		what := s.Indicator.Name.In(lang)
		if c.Check != nil && (c.Check.Label.VI != "" || c.Check.Label.EN != "") {
			what = c.Check.Label.In(lang)
		}
		target, gap := c.Target.Value.String(), ""
		if c.Check != nil {
			target = c.Check.Op.String() + " " + target
		}
		if c.HasGap {
			gap = c.Gap.String()
		}
		note := c.Reason
		if len(c.Missing) > 0 {
			note = tr(lang, "thiếu số liệu: ", "missing data: ") + strings.Join(c.Missing, ", ")
		}
		t.add(crit, s.Indicator.ID, what, c.Value.String(), target, gap, c.Target.Confidence.String(), note)
	}
	_ = t.render(w, "table")
}

func cmdCheck(ctx context.Context, e *env, args []string) int {
	var o opts
	fset := newFlags(e, "check", "")
	o.addRules(fset)
	o.addData(fset)
	if fset.Parse(args) != nil || !o.check(e) {
		return exitUsage
	}
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	ds, code := readData(e, &o, rs)
	if code != exitOK {
		return code
	}
	fmt.Fprintf(e.out, "%s: %d %s, %d %s, %d %s\n", rs.Ref(), ds.Rows, "rows read", len(ds.Units), "accepted", ds.Rejected, "rejected")
	if ds.Rejected > 0 {
		return exitFindings
	}
	return exitOK
}

func cmdTemplate(ctx context.Context, e *env, args []string) int {
	var o opts
	fset := newFlags(e, "template", "")
	o.addRules(fset)
	if fset.Parse(args) != nil {
		return exitUsage
	}
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	if err := criteria.WriteTemplate(e.out, rs); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	return exitOK
}
