package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/results"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
)

func cmdEvaluate(ctx context.Context, e *env, args []string) int {
	var o opts
	var full bool
	var only string
	c := newCLI(e, "evaluate", "[DATA]", "DATA")
	o.addRules(c)
	o.addData(c)
	var indent bool
	o.addFormat(c, "table, csv, md, json, jsonl, xlsx")
	o.addLang(c)
	c.fset.BoolVar(&full, "full", false, "one column per criterion (table/csv/md); JSON always has the full verdicts")
	c.fset.BoolVar(&indent, "indent", false, "indent JSON for people to read (json)")
	c.fset.StringVar(&only, "units", "", "comma-separated unit codes to keep (default: all)")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &o.data) != nil || !o.check(e, "table", "csv", "md", "json", "jsonl", "xlsx") {
		return exitUsage
	}
	if indent && o.format != "json" {
		c.fail("--indent indents JSON; the format is %s", o.format)
		return exitUsage
	}
	if code := o.inputs(e); code != exitOK {
		return code
	}
	var codes []string
	if only != "" {
		for _, c := range strings.Split(only, ",") {
			if c = strings.TrimSpace(c); c != "" {
				codes = append(codes, c)
			}
		}
		if len(codes) == 0 {
			c.fail("--units %q names no code", only)
			return exitUsage
		}
	}
	if o.format == "json" || o.format == "jsonl" {
		return evaluateJSON(ctx, e, &o, codes, indent)
	}
	return evaluateStream(ctx, e, &o, codes, full)
}

// evaluateJSON writes the explained results in the format ntm.results/v2 (JSON or JSON Lines)
// as it reads: each unit is explained into one reused result and written at once.
func evaluateJSON(ctx context.Context, e *env, o *opts, codes []string, indent bool) int {
	enc := results.JSON
	if o.format == "jsonl" {
		enc = results.JSONLines
	}
	var ropts []results.Option
	if indent {
		ropts = append(ropts, results.Indent("  "))
	}
	var w *results.Writer
	return explainEach(ctx, e, o, codes, func(prog *criteria.Program, res *criteria.Result) error {
		if w == nil {
			w = results.NewWriter(e.out, prog, enc, ropts...)
		}
		if res == nil {
			return w.Close()
		}
		return w.Write(res)
	})
}

// explainEach explains every selected unit as it is read, into one reused result, and hands
// it to emit; emit(prog, nil) marks the end. A unit the engine refuses is counted as rejected;
// an error of emit (writing the output) stops the run with exit 2.
func explainEach(ctx context.Context, e *env, o *opts, codes []string, emit func(*criteria.Program, *criteria.Result) error) int {
	prog, src, code := openCompiled(e, o)
	if code != exitOK {
		return code
	}
	sel := newSelection(o, codes)
	t := &tally{}
	var res criteria.Result
	for src.Next() {
		printErrors(e, src.TakeErrors())
		u := src.Unit()
		if why := sel.leave(u); why != "" {
			t.leave(1, why)
			continue
		}
		if err := prog.Explain(ctx, u, &res); err != nil {
			fmt.Fprintln(e.err, err)
			t.rejected++
			continue
		}
		t.evaluated++
		if err := emit(prog, &res); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	printErrors(e, src.TakeErrors())
	if err := emit(prog, nil); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	t.read, t.rejected, t.problems = src.Rows(), t.rejected+src.Rejected(), src.Problems()
	return sel.finish(e, o, src, t)
}

// selection is a --period and --units selection applied to a stream; what it matched is
// checked at the end.
type selection struct {
	sel  *data.Selection // the library's selection: what is kept, left out and matched
	want criteria.Period
	all  bool
}

func newSelection(o *opts, codes []string) *selection {
	s := &selection{all: o.period == ""}
	var p *criteria.Period
	if !s.all {
		s.want, _ = criteria.ParsePeriod(o.period)
		p = &s.want
	}
	s.sel = data.Select(p, codes...)
	return s
}

// leave returns why the unit is left out, or "" when it is kept.
func (s *selection) leave(u *criteria.Unit) string {
	if s.sel.Keep(u) {
		return ""
	}
	if !s.all && u.Period != s.want {
		return "periods other than " + s.want.String()
	}
	return "codes not in --units"
}

func (s *selection) check(e *env, o *opts, src *readerSource, t *tally) int {
	if src.Rows() == 0 {
		return noRows(e, o, src, t)
	}
	if s.sel.Err() == nil {
		return exitOK
	}
	if missing := s.sel.Missing(); len(missing) == 0 || !s.all && !slices.Contains(s.sel.Periods(), s.want) {
		e.errorf("--period %s matches no row: the data has %s", s.want, periodList(s.sel.Periods()))
	} else {
		e.errorf("--units: no row with code %s in the data selected", strings.Join(missing, ", "))
	}
	return exitUsage
}

// finish checks the selection, then writes the counts.
func (s *selection) finish(e *env, o *opts, src *readerSource, t *tally) int {
	if code := s.check(e, o, src, t); code != exitOK {
		return code
	}
	return t.report(e)
}

// evaluateStream reads, evaluates and writes one unit at a time, in the file's order, on the
// verdict-only path. A --period or --units selection that matched nothing is reported at the
// end, as an error naming what the data has.
func evaluateStream(ctx context.Context, e *env, o *opts, codes []string, full bool) int {
	prog, src, code := openCompiled(e, o)
	if code != exitOK {
		return code
	}
	sel := newSelection(o, codes)
	t := &tally{}
	crits := prog.Criteria()
	ri := prog.Info()
	header := []string{e.say(ri, "code", o.lang), e.say(ri, "name", o.lang), parentHeader(ri, o.lang), upperFirst(e.say(ri, "period", o.lang)),
		upperFirst(e.say(ri, "met", o.lang)), upperFirst(e.say(ri, "not_met", o.lang)), upperFirst(e.say(ri, "unknown", o.lang)),
		e.say(ri, "all_met", o.lang), e.say(ri, "eligible", o.lang), e.say(ri, "recognised", o.lang), e.say(ri, "slipped", o.lang)}
	parentAt := parentLevel(ri)
	if full {
		for _, c := range crits {
			header = append(header, c.ID())
		}
	}
	// A ruleset with indices shows each index's value and class, from an explained result; one
	// that only scores has no criteria to count nor a recognition to tell.
	indices := prog.Ruleset().Indices
	scoresOnly := len(crits) == 0 && len(prog.Ruleset().Conditions) == 0 && len(indices) > 0
	right := make([]bool, len(header))
	for i := 4; i < 7; i++ {
		right[i] = true
	}
	if scoresOnly {
		header, right = header[:4], right[:4]
	}
	for _, x := range indices {
		header, right = append(header, x.Name.In(o.lang)), append(right, true)
		if len(x.Classes) > 0 {
			header, right = append(header, e.say(ri, "class", o.lang)+": "+x.Name.In(o.lang)), append(right, false)
		}
	}
	var res criteria.Result
	pre := ""
	if o.format == "table" || o.format == "xlsx" {
		pre = prog.Info().Title().In(o.lang)
		if o.period != "" {
			pre += " — " + e.say(ri, "period", o.lang) + " " + sel.want.String()
		}
		pre += "\n\n"
	}
	rw := newRowWriter(e.out, o.format, pre, header, right)
	var v criteria.Verdicts
	titleOf := prog.Info().Recognition()
	for src.Next() {
		printErrors(e, src.TakeErrors())
		u := src.Unit()
		if why := sel.leave(u); why != "" {
			t.leave(1, why)
			continue
		}
		var err error
		if len(indices) > 0 {
			if err = prog.Explain(ctx, u, &res); err == nil {
				verdictsOf(&res, &v)
			}
		} else {
			err = prog.Verdicts(ctx, u, &v)
		}
		if err != nil {
			fmt.Fprintln(e.err, err)
			t.rejected++
			continue
		}
		t.evaluated++
		rec := e.say(ri, "no", o.lang)
		if r := u.Recognised(titleOf, u.Period); r != nil {
			rec = strconv.Itoa(r.Year)
		}
		row := []string{u.Code, u.Name, u.Parent(parentAt), u.Period.String(), strconv.Itoa(v.Met), strconv.Itoa(v.NotMet), strconv.Itoa(v.Unknown),
			e.sayTruth(ri, v.AllMet, o.lang), e.sayTruth(ri, v.Eligible, o.lang), rec, e.sayTruth(ri, v.Slipped, o.lang)}
		if scoresOnly {
			row = row[:4]
		}
		if full {
			for i := range crits {
				if len(indices) > 0 {
					row = append(row, statusMark(res.Criteria[i].Status))
				} else {
					row = append(row, statusMark(v.Criterion(i)))
				}
			}
		}
		for i, x := range indices {
			ir := &res.Indices[i]
			val, cl := e.say(ri, "unknown", o.lang), e.say(ri, "unknown", o.lang)
			if ir.Known {
				val = criteria.FormatNumber(ir.Value, o.lang)
			}
			if ir.Class != "" {
				cl = ir.ClassName.In(o.lang)
			}
			row = append(row, val)
			if len(x.Classes) > 0 {
				row = append(row, cl)
			}
		}
		rw.add(row...)
	}
	printErrors(e, src.TakeErrors())
	if err := rw.close(); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	t.read, t.rejected, t.problems = src.Rows(), t.rejected+src.Rejected(), src.Problems()
	return sel.finish(e, o, src, t)
}

// sortedPeriods returns the periods of a set, in order.
func sortedPeriods(seen map[criteria.Period]bool) []criteria.Period {
	out := make([]criteria.Period, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// printErrors writes problems of the data to standard error.
func printErrors(e *env, errs criteria.ErrorList) {
	for _, x := range errs {
		fmt.Fprintln(e.err, x.Error())
	}
}

func truth(lang string, t criteria.Truth) string { return t.Label(lang) }

func (e *env) recognised(r *criteria.Result, lang string) string {
	if r.Recognition == nil {
		return e.say(r.Ruleset, "no", lang)
	}
	s := strconv.Itoa(r.Recognition.Year)
	if u := r.Recognition.Ruleset; u != "" {
		s += " (" + tr(lang, "theo bộ tiêu chí ", "under ") + u + ")"
	}
	return s
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
	var all bool
	c := newCLI(e, "explain", "CODE [DATA] | --all [DATA]", "CODE", "DATA")
	o.addRules(c)
	o.addData(c)
	o.addLang(c)
	o.addFormat(c, "table, json (one unit only)")
	c.fset.BoolVar(&all, "all", false, "explain every unit of the data (or of --period), one after the other, as they are read")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if all {
		if len(pos) > 1 {
			c.fail("with --all, explain takes only the data file; got %d arguments: %q", len(pos), pos)
			return exitUsage
		}
		if o.format == "json" {
			c.fail("--format json explains one unit; for every unit as JSON, use evaluate --format jsonl (or json)")
			return exitUsage
		}
		if c.takeInput(pos, 0, "data", &o.data) != nil || !o.check(e, "table") {
			return exitUsage
		}
		if code := o.inputs(e); code != exitOK {
			return code
		}
		return explainAll(ctx, e, &o)
	}
	if len(pos) == 0 {
		c.fail("explain needs one unit code, e.g. ntm explain 32221, or --all")
		return exitUsage
	}
	if c.takeInput(pos, 1, "data", &o.data) != nil || !o.check(e, "table", "json") {
		return exitUsage
	}
	if code := o.inputs(e); code != exitOK {
		return code
	}
	want := pos[0]
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	noteUnsupplied(e, rs)
	noteMembers(e, rs)
	src, code := openUnits(e, &o, rs)
	if code != exitOK {
		return code
	}
	found := scanFor(e, src, want)
	t := &tally{read: src.Rows(), rejected: src.Rejected(), problems: src.Problems()}
	if src.Rows() == 0 {
		return noRows(e, &o, src, t)
	}
	u, code := findUnit(e, &o, found, want)
	if code != exitOK {
		if code == exitFindings {
			t.leave(found.accepted, "rows other than the one explained")
			t.report(e)
		}
		return code
	}
	prog, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	res, err := prog.Evaluate(ctx, u)
	if err != nil {
		fmt.Fprintln(e.err, err)
		t.rejected++
		t.leave(found.accepted-1, "rows other than the one explained")
		return t.report(e)
	}
	t.evaluated = 1
	t.leave(found.accepted-1, "rows other than the one explained")
	if o.format == "json" {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(e.out, string(b))
	} else {
		explain(e, res, o.lang)
	}
	return t.report(e)
}

// explainAll explains every unit as it is read, one after the other.
func explainAll(ctx context.Context, e *env, o *opts) int {
	n := 0
	return explainEach(ctx, e, o, nil, func(_ *criteria.Program, res *criteria.Result) error {
		if res == nil {
			return nil
		}
		if n++; n > 1 {
			fmt.Fprintln(e.out)
		}
		explain(e, res, o.lang)
		return nil
	})
}

// findUnit finds the row explain is asked about: by code (or by a name that only one unit
// has), in --period or else its latest period (stated). A unit whose row was rejected is
// reported with the rejection.
func findUnit(e *env, o *opts, f *unitSearch, want string) (*criteria.Unit, int) {
	rows := f.byCode
	if len(rows) == 0 {
		codes := map[string]bool{}
		for _, u := range f.byName {
			codes[u.Code] = true
		}
		if len(codes) > 1 {
			var list []string
			for k := range codes {
				list = append(list, k)
			}
			sort.Strings(list)
			e.errorf("%d units are named %q: give one code (%s)", len(list), want, strings.Join(list, ", "))
			return nil, exitUsage
		}
		rows = f.byName
	}
	if q, err := criteria.ParsePeriod(o.period); o.period != "" && err == nil && !slices.Contains(periods(rows), q) {
		if lines := f.rejectedIn(&q); len(lines) > 0 { // its row of that period, and maybe the only one, was rejected
			e.errorf("unit %s of period %s was rejected when the data was read (%s; see the errors above)", want, q, strings.Join(lines, ", "))
			return nil, exitFindings
		}
	}
	p, ok, code := wantPeriod(e, "period", o.period, sortedPeriods(f.seen))
	if code != exitOK {
		return nil, code
	}
	if ok {
		var in []*criteria.Unit
		for _, u := range rows {
			if u.Period == p {
				in = append(in, u)
			}
		}
		if len(in) == 0 && len(rows) > 0 {
			e.errorf("unit %s has no row of period %s (it has %s)", want, p, periodList(periods(rows)))
			return nil, exitUsage
		}
		rows = in
	}
	if len(rows) == 0 {
		var at *criteria.Period
		if ok {
			at = &p
		}
		if lines := f.rejectedIn(at); len(lines) > 0 {
			e.errorf("unit %s was rejected when the data was read (%s; see the errors above)", want, strings.Join(lines, ", "))
			return nil, exitFindings
		}
		hint := ""
		if f.near != "" {
			hint = fmt.Sprintf("; did you mean %s? (a spreadsheet may drop a code's leading zeros)", f.near)
		}
		e.errorf("no unit %q in %s (%d accepted rows of %s)%s", want, dataName(o), f.accepted, periodList(sortedPeriods(f.seen)), hint)
		return nil, exitUsage
	}
	sortUnits(rows)
	if !ok && len(rows) > 1 {
		e.note("kỳ %s, kỳ mới nhất của đơn vị %s trong dữ liệu (có %s; chọn bằng --period)", "period: %s, the latest of unit %s in the data (it has %s; choose with --period)", rows[len(rows)-1].Period, want, e.periodsIn(periods(rows)))
	}
	return rows[len(rows)-1], exitOK
}

// unitSearch is what explain keeps of a stream while it looks for one unit: copies of the
// rows of that code or name, the periods of the data and where rejected rows of the code were.
type unitSearch struct {
	byCode, byName []*criteria.Unit
	accepted       int
	seen           map[criteria.Period]bool
	rejected       []data.RejectedUnit
	near           string // a code equal to the one wanted but for leading zeros
}

// rejectedIn returns where the rejected rows of the unit were read: of period p, or any period
// (p nil). A row whose period could not be read may be of any.
func (f *unitSearch) rejectedIn(p *criteria.Period) []string {
	var out []string
	for _, r := range f.rejected {
		if p == nil || r.Period == *p || r.Period == (criteria.Period{}) {
			out = append(out, r.Source)
		}
	}
	return out
}

// scanFor reads the stream to its end, keeping only the rows of the unit wanted (by code, or
// by name when no code matches), so a large file is never held.
func scanFor(e *env, src *readerSource, want string) *unitSearch {
	f := &unitSearch{seen: map[criteria.Period]bool{}}
	rejectedOf := func() {
		for _, r := range src.TakeRejected() {
			if r.Code == want {
				f.rejected = append(f.rejected, r)
			}
		}
	}
	for src.Next() {
		printErrors(e, src.TakeErrors())
		rejectedOf()
		u := src.Unit()
		f.accepted++
		f.seen[u.Period] = true
		switch {
		case u.Code == want:
			f.byCode = append(f.byCode, u.Clone())
		case strings.EqualFold(u.Name, want):
			f.byName = append(f.byName, u.Clone())
		case f.near == "" && u.Code != want && strings.TrimLeft(u.Code, "0") == strings.TrimLeft(want, "0"):
			f.near = u.Code // a spreadsheet drops leading zeros: 2101 for 02101
		}
	}
	printErrors(e, src.TakeErrors())
	rejectedOf()
	return f
}

// valueCell writes a measured value with its unit.
func valueCell(v criteria.Value, unit, lang string) string {
	s := v.Format(lang)
	if _, ok := v.Number(); ok && unit != "" {
		s += " " + unit
	}
	return s
}

// shortfallNote says why a check could not be decided: the data missing, by their labels, or
// the ruleset's reason.
func (e *env) shortfallNote(r *criteria.Result, c *criteria.CheckResult, lang string) string {
	if len(c.Missing) > 0 {
		names := make([]string, len(c.Missing))
		for i, id := range c.Missing {
			names[i] = r.Ruleset.FieldLabel(id).In(lang)
		}
		return e.say(r.Ruleset, "missing_data", lang) + ": " + strings.Join(names, "; ")
	}
	if t := c.Target(); !c.Check.IsZero() && !t.Known() && t.PerUnit() {
		// The target follows the unit's own value, which could not be computed.
		return tr(lang, "không tính được chỉ tiêu của đơn vị (chi tiết có trong bản tiếng Anh: --lang en)", c.Reason)
	}
	if col := r.Unit.Column; !c.Check.IsZero() && !c.Target().Known() && col != nil && col.Column == "" {
		return col.Why.In(lang) // no column was chosen: no target to compare with
	}
	if !c.Check.IsZero() && !c.Target().Known() {
		return tr(lang, "bộ tiêu chí chưa có chỉ tiêu cho vùng và năm này", "the ruleset has no target for this region and year")
	}
	if lang != "vi" {
		return c.Reason
	}
	if c.Reason != "" {
		return "không tính được (chi tiết có trong bản tiếng Anh: --lang en)"
	}
	return ""
}

// explain prints what a unit misses, closest to being met first, in the ruleset's words.
func explain(e *env, r *criteria.Result, lang string) {
	w, ri := e.out, r.Ruleset
	say := func(key string) string { return e.say(ri, key, lang) }
	where := ""
	if p := r.Unit.Parent(parentLevel(ri)); p != "" {
		where = " (" + p + ")"
	}
	fmt.Fprintf(w, "%s %s%s, %s %s — %s\n", r.Unit.Code, r.Unit.Name, where, say("period"), r.Unit.Period, ri.Title().In(lang))
	if col := r.Unit.Column; col != nil {
		// The ruleset chooses each unit's target column from its data: say which, and why.
		name := col.Name.In(lang)
		if col.Column == "" {
			name = tr(lang, "không có", "none")
		}
		fmt.Fprintf(w, "%s: %s (%s)\n", tr(lang, "Cột chỉ tiêu", "Target column"), name, col.Why.In(lang))
	}
	if len(r.Criteria) == 0 && len(r.Conditions) == 0 {
		// A ruleset that only scores: no criteria to count, no recognition to tell.
		fmt.Fprintln(w)
		e.explainIndices(w, r, lang)
		return
	}
	fmt.Fprintf(w, "%s: %d/%d; %s: %d; %s: %d\n", say("criteria_met"), r.Met, len(r.Criteria),
		say("not_met"), r.NotMet, say("unknown"), r.Unknown)
	fmt.Fprintf(w, "%s: %s; %s: %s; %s: %s; %s: %s\n\n", say("all_met"), e.sayTruth(ri, r.AllMet, lang),
		say("eligible_for_recognition"), e.sayTruth(ri, r.Eligible, lang),
		say("recognised"), e.recognised(r, lang), say("slipped"), e.slipped(r, lang))
	if cv := r.Computed(); len(cv) > 0 {
		fmt.Fprintln(w, tr(lang, "Giá trị tính từ số liệu:", "Computed values:"))
		for _, c := range cv {
			ins := make([]string, len(c.Inputs))
			for k, in := range c.Inputs {
				ins[k] = in.Label.In(lang) + " = " + e.sayValue(ri, in.Value, in.Unit, lang)
			}
			val := e.sayValue(ri, c.Value, c.Unit, lang)
			if c.Reason != "" {
				val = tr(lang, "không tính được", "cannot be computed: "+c.Reason)
			}
			fmt.Fprintf(w, "  %s = %s (%s %s)\n", c.Label.In(lang), val, tr(lang, "từ", "from"), strings.Join(ins, "; "))
		}
		fmt.Fprintln(w)
	}
	e.explainIndices(w, r, lang)
	sf := r.Shortfalls()
	if un := r.Unsupplied(); len(un) > 0 {
		// Criteria with no indicators yet: unknown, and never passed over as "nothing missing".
		fmt.Fprintln(w, tr(lang, "Tiêu chí chưa đánh giá được vì bộ tiêu chí chưa có chỉ tiêu (tỉnh bổ sung bằng ntm sheet import):",
			"Criteria that cannot be judged: the ruleset gives them no indicators yet (the province supplies them with ntm sheet import):"))
		for _, c := range un {
			fmt.Fprintf(w, "  %s %s — %s\n", c.ID(), c.Name().In(lang), c.ToBeSupplied().In(lang))
		}
		fmt.Fprintln(w)
	}
	if len(sf) == 0 {
		if len(r.Unsupplied()) == 0 {
			fmt.Fprintln(w, say("nothing_missing"))
		}
		return
	}
	t := &table{header: []string{say("criterion"), say("indicator"), say("what"),
		say("value"), say("target"), say("gap"), say("confidence"), say("note")}}
	t.right = []bool{false, false, false, true, true, true}
	for _, s := range sf {
		c := s.Check
		var crit, ind string
		if !s.Criterion.IsZero() {
			crit, ind = s.Criterion.ID()+" "+s.Criterion.Name().In(lang), s.Indicator.ID()
		} else {
			crit = say("condition")
		}
		what := s.Indicator.Name().In(lang)
		if !c.Check.IsZero() && !c.Check.Label().IsZero() {
			what = c.Check.Label().In(lang)
		}
		unit := c.Check.Unit() // a check's unit (%), else the indicator's
		if unit == "" {
			unit = s.Indicator.Unit()
		}
		gap, conf := "", ""
		if c.HasGap {
			gap = criteria.FormatNumber(c.Gap, lang)
			if unit != "" {
				gap += " " + unit
			}
		}
		if !c.Check.IsZero() {
			conf = e.sayConfidence(ri, c.Target().Confidence, lang)
		}
		t.add(crit, ind, what, e.sayValue(ri, c.Value, unit, lang), e.sayRequirement(ri, c, lang), gap, conf, e.shortfallNote(r, c, lang))
	}
	_ = t.render(w, "table")
}

func cmdCheck(ctx context.Context, e *env, args []string) int {
	var o opts
	c := newCLI(e, "check", "[DATA]", "DATA")
	o.addRules(c)
	o.addData(c)
	o.addLang(c)
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &o.data) != nil || !o.check(e) {
		return exitUsage
	}
	if code := o.inputs(e); code != exitOK {
		return code
	}
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	src, code := openUnits(e, &o, rs)
	if code != exitOK {
		return code
	}
	sel := newSelection(&o, nil)
	t := &tally{verb: "accepted"}
	for src.Next() {
		printErrors(e, src.TakeErrors())
		if why := sel.leave(src.Unit()); why != "" {
			t.leave(1, why)
			continue
		}
		t.evaluated++
	}
	printErrors(e, src.TakeErrors())
	t.read, t.rejected, t.problems = src.Rows(), src.Rejected(), src.Problems()
	if code := sel.check(e, &o, src, t); code != exitOK {
		return code
	}
	if o.lang != "vi" {
		fmt.Fprintf(e.out, "%s: %d rows read, %d accepted, %d rejected", rs.Ref(), t.read, t.evaluated, t.rejected)
		if t.leftOut > 0 {
			fmt.Fprintf(e.out, ", %d left out (%s)", t.leftOut, strings.Join(t.leftWhy, "; "))
		}
	} else {
		fmt.Fprintf(e.out, "%s: đọc %d dòng, nhận %d, loại %d", rs.Title.In("vi"), t.read, t.evaluated, t.rejected)
		if t.leftOut > 0 {
			fmt.Fprintf(e.out, ", bỏ qua %d (không thuộc kỳ hoặc đơn vị đã chọn)", t.leftOut)
		}
	}
	fmt.Fprintln(e.out)
	return t.report(e)
}

func cmdTemplate(ctx context.Context, e *env, args []string) int {
	var o opts
	var out, periods string
	c := newCLI(e, "template", "[RULES]", "RULES")
	o.addRules(c)
	c.fset.StringVar(&o.format, "format", "csv", "csv, or xlsx: a workbook to fill in (labels frozen in view, drop-down lists), written with --out")
	c.fset.StringVar(&out, "out", "", "write to this file instead of the standard output (required for xlsx)")
	c.fset.StringVar(&periods, "periods", "", "xlsx: one sheet per period, e.g. 2020-H1,2020")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "rules", &o.rules) != nil {
		return exitUsage
	}
	if o.format != "csv" && o.format != "xlsx" {
		c.fail("--format must be csv or xlsx, not %q", o.format)
		return exitUsage
	}
	if o.format == "xlsx" && out == "" {
		c.fail("--format xlsx writes a workbook, which is no text: give the file with --out (e.g. --out mau-so-lieu.xlsx)")
		return exitUsage
	}
	if periods != "" && o.format != "xlsx" {
		c.fail("--periods makes one sheet per period of a workbook: use it with --format xlsx")
		return exitUsage
	}
	var ps []criteria.Period
	for _, x := range strings.Split(periods, ",") {
		if x = strings.TrimSpace(x); x == "" {
			continue
		}
		p, err := criteria.ParsePeriod(x)
		if err != nil {
			c.fail("--periods: %v", err)
			return exitUsage
		}
		ps = append(ps, p)
	}
	o.defaultRules(e)
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	for _, p := range ps {
		if y0, y1 := rs.Years(); p.Year < y0 || p.Year > y1 {
			e.errorf("--periods: %s is outside the years %d-%d of %s", p, y0, y1, rs.Ref())
			return exitUsage
		}
	}
	write := func(w io.Writer) error {
		if o.format == "xlsx" {
			return xlsx.WriteTemplate(w, rs, xlsx.TemplateOptions{Periods: ps})
		}
		return data.WriteTemplate(w, rs)
	}
	if out == "" {
		if err := write(e.out); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		return exitOK
	}
	if err := writeOut(out, write); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	e.note("đã ghi %s", "wrote %s", out)
	return exitOK
}

// writeOut writes a file through a temporary one beside it, so that a failed write leaves no
// half-written file under the name asked for.
func writeOut(path string, write func(io.Writer) error) error {
	// A link is followed: the file it names is the one replaced, and the link stays.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	// A file that exists is replaced only if it may be written: a read-only file stays, and
	// the new one keeps its permissions (a private file stays private).
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
		if st.IsDir() {
			return fmt.Errorf("cannot write %s: it is a folder; give a file name", path)
		}
		if !st.Mode().IsRegular() {
			return fmt.Errorf("cannot write %s: not a regular file", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("cannot write %s: %v", path, unwrap(err))
		}
		f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ntm-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrap(err))
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrap(err))
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrap(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrap(err))
	}
	return nil
}

// explainIndices prints the unit's scores and indices: each score with the step it reached,
// each index with its value, class, what its missing-value policy did and any cap.
func (e *env) explainIndices(w io.Writer, r *criteria.Result, lang string) {
	if len(r.Scores) == 0 && len(r.Indices) == 0 {
		return
	}
	names := map[string]string{}
	for _, s := range r.Scores {
		names[s.ID] = s.Name.In(lang)
	}
	for _, x := range r.Indices {
		names[x.ID] = x.Name.In(lang)
	}
	nameOf := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return r.Ruleset.FieldLabel(id).In(lang)
	}
	unknown := e.say(r.Ruleset, "unknown", lang)
	if len(r.Scores) > 0 {
		fmt.Fprintln(w, e.say(r.Ruleset, "scores", lang)+":")
		for _, s := range r.Scores {
			score := unknown
			if s.Known {
				score = criteria.FormatNumber(s.Score, lang) + " / " + criteria.FormatNumber(s.Max, lang)
			}
			val := e.sayValue(r.Ruleset, s.Value, s.Unit, lang)
			if !s.ValueLabel.IsZero() {
				val = s.ValueLabel.In(lang)
			}
			fmt.Fprintf(w, "  %s: %s (%s)\n", s.Name.In(lang), score, val)
		}
		fmt.Fprintln(w)
	}
	if len(r.Indices) > 0 {
		fmt.Fprintln(w, e.say(r.Ruleset, "indices", lang)+":")
		for _, x := range r.Indices {
			line := "  " + x.Name.In(lang) + " = "
			if x.Known {
				line += criteria.FormatNumber(x.Value, lang)
			} else {
				line += unknown
			}
			if x.Class != "" {
				line += " — " + strings.ToLower(e.say(r.Ruleset, "class", lang)) + " " + x.ClassName.In(lang)
			}
			var notes []string
			for _, p := range x.Policy {
				if p.Action == "lowest" {
					notes = append(notes, nameOf(p.Input)+tr(lang, " chưa rõ: tính bằng mức thấp nhất ", " unknown: counted as its lowest, ")+criteria.FormatNumber(p.Value, lang))
				} else {
					notes = append(notes, nameOf(p.Input)+tr(lang, " chưa rõ: bỏ ra, chia lại theo các phần còn lại", " unknown: left out, the rest renormalised"))
				}
			}
			if len(x.Policy) == 0 {
				for _, id := range x.Missing {
					notes = append(notes, nameOf(id)+" "+unknown)
				}
			}
			if !x.Capped.IsZero() {
				notes = append(notes, x.Capped.In(lang))
			}
			if x.Class == "" && !x.Why.IsZero() {
				notes = append(notes, x.Why.In(lang))
			}
			if len(notes) > 0 {
				line += " (" + strings.Join(notes, "; ") + ")"
			}
			fmt.Fprintln(w, line)
		}
		fmt.Fprintln(w)
	}
}

// verdictsOf copies the counts and facts of an explained result into verdicts the table reads
// like those of the verdict-only path.
func verdictsOf(r *criteria.Result, v *criteria.Verdicts) {
	v.Met, v.NotMet, v.Unknown = r.Met, r.NotMet, r.Unknown
	v.AllMet, v.Eligible, v.Slipped, v.Recognised = r.AllMet, r.Eligible, r.Slipped, r.Recognised()
}

// slipped says whether a recognised unit slipped; a title granted under another ruleset is
// not judged by this one.
func (e *env) slipped(r *criteria.Result, lang string) string {
	if r.RecognisedElsewhere {
		return tr(lang, "không xét (công nhận theo bộ tiêu chí khác)", "not judged (recognised under another ruleset)")
	}
	return e.sayTruth(r.Ruleset, r.Slipped, lang)
}
