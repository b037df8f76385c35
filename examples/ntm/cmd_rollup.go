package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// levelFlags collects --level RULES=DATA, once per level of a roll-up.
type levelFlags []string

func (l *levelFlags) String() string { return strings.Join(*l, " ") }

func (l *levelFlags) Set(s string) error {
	rules, dataFile, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(rules) == "" || strings.TrimSpace(dataFile) == "" {
		return fmt.Errorf("%q: write RULES=DATA, a rule file and its data file (such as xa.yaml=xa.csv)", s)
	}
	*l = append(*l, s)
	return nil
}

// cmdRollup evaluates units at several levels in one run (criteria.Rollup): hamlets, then the
// communes they belong to with the hamlets' results as members, then the province, and so on.
func cmdRollup(ctx context.Context, e *env, args []string) int {
	var o opts
	var levels levelFlags
	c := newCLI(e, "rollup", "--level RULES=DATA --level RULES=DATA …")
	o.c = c
	c.multi = map[string]bool{"level": true}
	c.fset.Var(&levels, "level", "a level of the run: its rule file and its data file, RULES=DATA; repeat for each level, in any order")
	c.fset.StringVar(&o.comma, "comma", ",", "CSV field separator of every data file; ';' for spreadsheets saved with Vietnamese regional settings")
	c.fset.BoolVar(&o.decimalComma, "decimal-comma", false, "numbers are written 47,5 (Vietnamese locale)")
	var explainCode string
	c.fset.StringVar(&explainCode, "explain", "", "also explain one unit of the run, by its code: what it misses, with its members counted")
	o.addFormat(c, "table, json")
	o.addLang(c)
	if _, err := c.parse(args); err != nil {
		return status(err)
	}
	if len(levels) == 0 {
		c.fail("give each level of the run with --level RULES=DATA (at least one)")
		return exitUsage
	}
	if !o.check(e, "table", "json") {
		return exitUsage
	}
	if explainCode != "" && o.format != "table" {
		c.fail("--explain writes a table; with --format json every result is explained already")
		return exitUsage
	}
	var run []criteria.LevelUnits
	t := &tally{}
	seen := map[criteria.Level]string{}
	langs := map[string]bool{}
	total := 0
	for _, l := range levels {
		rules, dataFile, _ := strings.Cut(l, "=")
		rs, code := loadRuleset(e, rules)
		if code != exitOK {
			return code
		}
		// Refused before its data are read: a level given twice.
		if prev, dup := seen[rs.Level]; dup {
			e.errorf("--level %s: the level %s is already given by --level %s; give each level once", l, rs.Level, prev)
			return exitUsage
		}
		seen[rs.Level] = l
		langs[rs.Language] = true
		prog, err := rs.Compile()
		if err != nil {
			return reportLoadError(e, err)
		}
		lo := o
		lo.data = dataFile
		ds, code := readData(e, &lo, rs)
		if code != exitOK {
			return code
		}
		t.read, t.rejected, t.problems = t.read+ds.Rows, t.rejected+ds.Rejected, t.problems+len(ds.Errors)
		if total += len(ds.Units); total > criteria.MaxRollupUnits {
			e.errorf("--level %s: the run holds more than %d units; a roll-up keeps every unit's explanation, so evaluate it in parts (one district or commune group at a time)", l, criteria.MaxRollupUnits)
			return exitUsage
		}
		run = append(run, criteria.LevelUnits{Program: prog, Units: ds.Units})
	}
	if len(langs) > 1 {
		var ls []string
		for l := range langs {
			ls = append(ls, l)
		}
		sort.Strings(ls)
		e.note("các cấp viết nhãn bằng những ngôn ngữ khác nhau (%s): kết quả hiện bằng %s, nhãn thiếu ngôn ngữ này hiện bằng ngôn ngữ khác",
			"the levels' rule files write their labels in different languages (%s): the run speaks %s, and a label missing in it is shown in another", strings.Join(ls, ", "), o.lang)
	}
	res, err := criteria.Rollup(ctx, run...)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	warned := 0
	for _, x := range res.Errors {
		fmt.Fprintln(e.err, x.Error())
		if x.IsWarning() {
			warned++
		} else {
			t.rejected++
		}
	}
	for _, lv := range res.Levels {
		t.evaluated += len(lv.Results)
	}
	if code := writeRollup(e, res, o.format, o.lang); code != exitOK {
		return code
	}
	if explainCode != "" {
		found := false
		for _, lv := range res.Levels {
			for _, r := range lv.Results {
				if r.Unit.Code == explainCode {
					fmt.Fprintln(e.out)
					explain(e, r, o.lang)
					found = true
				}
			}
		}
		if !found {
			e.errorf("--explain %s: no unit of the run has that code", explainCode)
			return exitUsage
		}
	}
	code := t.report(e)
	if warned > 0 {
		e.note("%d cảnh báo về đơn vị cấp trên: có đơn vị không được tính cho đơn vị nào, hoặc bỏ qua một cấp (xem các cảnh báo W-PARENT)",
			"%d warning(s) about the units above: a unit that counts in none, or a level skipped (see W-PARENT)", warned)
		code = exitFindings
	}
	return code
}

// writeRollup writes each level's results, the lowest first.
func writeRollup(e *env, res *criteria.RollupResult, format, lang string) int {
	if format == "json" {
		type level struct {
			Level   criteria.Level     `json:"level"`
			Name    criteria.Text      `json:"name"`
			Results []*criteria.Result `json:"results"`
		}
		out := struct {
			Format string  `json:"format"`
			Levels []level `json:"levels"`
		}{Format: "ntm.rollup/v1"}
		for _, lv := range res.Levels {
			out.Levels = append(out.Levels, level{Level: lv.Level, Name: lv.Name, Results: append([]*criteria.Result{}, lv.Results...)})
		}
		enc := json.NewEncoder(e.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		return exitOK
	}
	for i, lv := range res.Levels {
		if i > 0 {
			fmt.Fprintln(e.out)
		}
		if len(lv.Results) == 0 {
			fmt.Fprintf(e.out, "%s: %s\n", upperFirst(lv.Name.In(lang)), tr(lang, "không có đơn vị nào được đánh giá", "no unit evaluated"))
			continue
		}
		ri := lv.Results[0].Ruleset
		fmt.Fprintf(e.out, "%s — %s\n\n", upperFirst(lv.Name.In(lang)), ri.Title().In(lang))
		// The parent column names the unit of the run's next level each unit belongs to; the
		// top level has none.
		header := []string{e.say(ri, "code", lang), e.say(ri, "name", lang)}
		right := []bool{false, false}
		parent := false
		if i+1 < len(res.Levels) {
			up := res.Levels[i+1]
			parent = true
			header, right = append(header, upperFirst(up.Name.In(lang))), append(right, false)
		}
		header = append(header, upperFirst(e.say(ri, "period", lang)),
			upperFirst(e.say(ri, "met", lang)), upperFirst(e.say(ri, "not_met", lang)), upperFirst(e.say(ri, "unknown", lang)),
			e.say(ri, "all_met", lang), e.say(ri, "eligible", lang))
		right = append(right, false, true, true, true, false, false)
		if i > 0 {
			below := res.Levels[i-1].Plural
			header, right = append(header, upperFirst(tr(lang, "số ", "")+below.In(lang))), append(right, true)
		}
		tb := &table{header: header, right: right}
		for k, r := range lv.Results {
			row := []string{r.Unit.Code, r.Unit.Name}
			if parent {
				in := lv.CountsIn[k]
				if in == "" {
					// Counts in none: show what the data named, marked (the warning says why).
					if named := r.Unit.Parent(res.Levels[i+1].Level); named != "" {
						in = named + " (?)"
					}
				}
				row = append(row, in)
			}
			row = append(row, r.Unit.Period.String(), strconv.Itoa(r.Met), strconv.Itoa(r.NotMet),
				strconv.Itoa(r.Unknown), e.sayTruth(ri, r.AllMet, lang), e.sayTruth(ri, r.Eligible, lang))
			if i > 0 {
				row = append(row, strconv.Itoa(len(r.Unit.Members)))
			}
			tb.add(row...)
		}
		if err := tb.render(e.out, "table"); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	return exitOK
}
