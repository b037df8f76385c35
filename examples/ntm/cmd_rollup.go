package main

import (
	"context"
	"encoding/json"
	"fmt"
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
	var run []criteria.LevelUnits
	t := &tally{}
	for _, l := range levels {
		rules, dataFile, _ := strings.Cut(l, "=")
		rs, code := loadRuleset(e, rules)
		if code != exitOK {
			return code
		}
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
		run = append(run, criteria.LevelUnits{Program: prog, Units: ds.Units})
	}
	res, err := criteria.Rollup(ctx, run...)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	unattached := 0
	for _, x := range res.Errors {
		fmt.Fprintln(e.err, x.Error())
		if x.IsWarning() {
			unattached++
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
	code := t.report(e)
	if unattached > 0 {
		e.note("%d đơn vị không thuộc đơn vị cấp trên nào trong lần chạy: kết quả của chúng vẫn có, nhưng không được tính cho đơn vị nào (xem cảnh báo W-PARENT)",
			"%d units belong to no unit of the run's next level: their results stand, but they count in none (see the W-PARENT warnings)", unattached)
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
			below := res.Levels[i-1].Name
			header, right = append(header, tr(lang, "Số ", "")+below.In(lang)), append(right, true)
		}
		tb := &table{header: header, right: right}
		for k, r := range lv.Results {
			row := []string{r.Unit.Code, r.Unit.Name}
			if parent {
				row = append(row, lv.CountsIn[k])
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
