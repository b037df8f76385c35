package criteria_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/hostile"
)

// checkPositions fails when a reported position lies outside the input.
func checkPositions(t *testing.T, err error, input []byte, file string) {
	t.Helper()
	// Lines as YAML counts them: \r\n, \r, \n and the Unicode line breaks each end one.
	text := strings.ReplaceAll(string(input), "\r\n", "\n")
	lines := 1
	for _, r := range text {
		switch r {
		case '\n', '\r', '\u0085', '\u2028', '\u2029':
			lines++
		}
	}
	for _, e := range criteria.Errors(err) {
		if e.File != file {
			continue
		}
		if e.Line < 0 || e.Line > lines+1 || e.Column < 0 {
			t.Fatalf("position %d:%d outside an input of %d lines: %v", e.Line, e.Column, lines, e)
		}
		if strings.Contains(e.Error(), "\n") {
			t.Fatalf("multi-line error: %q", e.Error())
		}
	}
}

func FuzzParse(f *testing.F) {
	// Small seeds keep the fuzzer searching: it minimises every new input it finds, which
	// takes far longer on the kilobytes of a full rule file.
	f.Add([]byte(`format: ntm.rules/v1
id: f.x
version: "1"
level: commune
title: {vi: "Thử"}
legal: [{id: T, title: {vi: T}}]
effective: {from: 2016-01-01, until: 2020-12-31}
regions: [{id: south, name: {vi: Nam}}]
fields:
  - {id: a, type: count, unit: hộ, label: {vi: a}}
  - {id: b, type: count, unit: hộ, label: {vi: b}, range: {min: 1}}
  - {id: c, type: boolean, label: {vi: c}}
groups: [{id: G, title: {vi: G}}]
criteria:
  - id: "1"
    name: {vi: Một}
    groups: [G]
    indicators:
      - id: "1.1"
        name: {vi: x}
        applies_if: c
        checks:
          - {measure: "percent(a, b)", op: ">=", target: {source: T, confidence: verified, national: 95, south: {years: {"2016": 90, "2017-": {missing: "?"}}}}}
conditions:
  - {id: g, kind: gate, name: {vi: g}, condition: "a < b", confidence: verified, source: T}
`))
	// Relative targets: one that follows another by years, and two that follow each other.
	f.Add([]byte(`format: ntm.rules/v1
id: f.r
version: "1"
level: commune
title: {vi: "Thử"}
legal: [{id: T, title: {vi: T}}]
effective: {from: 2016-01-01, until: 2020-12-31}
regions: [{id: south, name: {vi: Nam}}]
fields: [{id: a, type: number, unit: ha, label: {vi: a}}]
groups: [{id: G, title: {vi: G}}]
criteria:
  - id: "1"
    name: {vi: Một}
    groups: [G]
    indicators:
      - id: "1.1"
        name: {vi: x}
        checks:
          - {id: p, measure: a, op: ">=", target: {source: T, confidence: verified, all: {years: {"2016": 2.5, "2017-": {missing: "?"}}}}}
          - {id: q, measure: a, op: ">=", target: {source: T, confidence: verified, all: {of: {indicator: "1.1", check: p}, times: 1.1}}}
          - {id: r, measure: a, op: "<", target: {source: T, confidence: verified, all: {of: {indicator: "1.1", check: s}}}}
          - {id: s, measure: a, op: "<", target: {source: T, confidence: verified, all: {of: {indicator: "1.1", check: r}}}}
`))
	f.Add([]byte("format: ntm.rules/v1\nid: x\nversion: 1\n"))
	f.Add([]byte("a: &x [*x]"))
	// Column rules, scores and indices, and layer operations.
	for _, dir := range []string{"testdata/columns", "testdata/indices"} {
		for _, name := range []string{"disadvantaged.yaml", "groups.yaml", "stars.yaml"} {
			if b, err := os.ReadFile(dir + "/" + name); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("format: ntm.rules/v1\nid: f.c\nversion: \"1\"\ncolumns: [{use: x}, {field: y}, {region: false}, {}]\nindices: [{id: i, caps: [{}], classes: [{id: a, above: 1}]}]\nscores: [{id: s, table: {all: {steps: [{}]}}}]\n"))
	for _, c := range hostile.Corpus(false) { // the small hostile rule files
		if c.Kind == hostile.Rules && len(c.Files) == 1 && c.Size() < 8<<10 {
			f.Add(c.Files[c.Main])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := criteria.Parse("fuzz.yaml", data)
		if err != nil {
			checkPositions(t, err, data, "fuzz.yaml")
			return
		}
		p, err := rs.Compile()
		if err != nil {
			return
		}
		// A ruleset that loads must evaluate any unit of an allowed region without panicking.
		for _, r := range rs.AllowedRegions() {
			from, _ := rs.Years()
			_, _ = p.Evaluate(context.Background(), &criteria.Unit{Code: "1", Region: r.ID, Period: criteria.Period{Year: from}, Values: rs.NewValues()})
		}
	})
}

const measureTemplate = `format: ntm.rules/v1
id: fuzz.measure
version: "1"
level: commune
title: {vi: "x"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2016-01-01, until: 2020-12-31}
regions: [{id: south, name: {vi: "Nam"}}]
fields:
  - {id: a, type: count, unit: "hộ", label: {vi: a}}
  - {id: b, type: number, unit: "hộ", label: {vi: b}}
  - {id: c, type: boolean, label: {vi: c}}
  - {id: d, type: text, label: {vi: d}}
groups: [{id: G, title: {vi: G}}]
criteria:
  - id: "1"
    name: {vi: x}
    groups: [G]
    indicators:
      - id: "1.1"
        name: {vi: x}
        checks:
          - measure: MEASURE
            op: OP
            target: {all: {value: TARGET, confidence: verified, source: T}}
`

// FuzzMeasure compiles arbitrary measures (expressions are untrusted input) and evaluates
// them on arbitrary values: never a panic, never a hang, errors inside the file.
func FuzzMeasure(f *testing.F) {
	f.Add("percent(a, b)", ">=", "57", "19", "20.5", true)
	f.Add("a * b + 1", "<", "3.5", "0", "0", false)
	f.Add("c && a > 2", "==", "true", "3", "1", true)
	f.Add("1..100000000 | len()", ">", "1", "1", "1", true)
	f.Add("map(1..1000, # * b) | sum()", ">=", "1", "1", "0.1", true)
	f.Add("d == 'x' ? 1 : 1/0", "!=", "2", "5", "5", false)
	f.Add("c && percent(a, b) >= 50", "==", "true", "19", "38", true)
	f.Add("a / b >= 0.5 || c", "==", "true", "1", "0", false)
	f.Add("0.1 + b == 0.3", "==", "true", "0", "0.2", false)
	f.Add("a * 9223372036854775807 - b", ">", "0", "2", "1.5", false)
	f.Add(`met("1") && c`, "==", "true", "1", "1", true) // read only by conditions: refused in a check, at a position
	f.Add("criteria_not_met + criteria_unknown", ">=", "1", "1", "1", true)
	f.Add(`indicator_met("1.1") || c`, "==", "true", "1", "1", false) // likewise refused in a check
	f.Fuzz(func(t *testing.T, measure, op, target, av, bv string, cv bool) {
		src := strings.NewReplacer("MEASURE", strconv.Quote(measure), "OP", strconv.Quote(op), "TARGET", target).Replace(measureTemplate)
		rs, err := criteria.Parse("m.yaml", []byte(src))
		if err != nil {
			checkPositions(t, err, []byte(src), "m.yaml")
			return
		}
		p, err := rs.Compile()
		if err != nil {
			t.Fatalf("a loaded ruleset must compile: %v", err)
		}
		v := rs.NewValues()
		_ = v.SetString("a", av)
		_ = v.SetString("b", bv)
		_ = v.Set("c", criteria.BoolValue(cv))
		_ = v.SetString("d", av)
		res, err := p.Evaluate(context.Background(), &criteria.Unit{Code: "1", Region: "south", Period: criteria.Period{Year: 2020}, Values: v})
		if err != nil {
			t.Fatalf("a valid unit must evaluate: %v", err)
		}
		if len(res.Criteria) != 1 || len(res.Criteria[0].Indicators) != 1 {
			t.Fatal("result shape")
		}
	})
}

func FuzzParseCases(f *testing.F) {
	for _, c := range hostile.Corpus(false) { // the small hostile case files
		if c.Kind == hostile.Cases && c.Size() < 16<<10 {
			f.Add(c.Files[c.Main])
		}
	}
	// Small seeds: the fuzzer minimises every new input it finds, which takes minutes on the
	// shipped case files (tens of kilobytes) and stalls the search.
	f.Add([]byte("format: ntm.cases/v1\nruleset: a@b\ncases: [{name: x, unit: {code: 1, region: r, period: '2020'}, expect: {}}]\n"))
	f.Add([]byte(`format: ntm.cases/v1
ruleset: test.mini@1
fixtures:
  ok: {households_total: 20, households_hygienic: 19, households_clean: 12, income: 50, debt: 0}
cases:
  - name: "water at 95%"
    unit: {code: "1", region: south, period: "2020"}
    from: ok
    values: {has_market_in_plan: false}
    unset: [debt]
    history: [{level: ntm, year: 2015, recorded: {income: 34}}]
    members: [{code: m, count: 2, recognised: true, all_met: "yes", criteria: {"1": met}}]
    expect: {indicators: {"1.1": met}, criteria: {"3": met}, checks: {"1.1/clean": met}, all_met: "unknown", recognised: true, met: 2}
`))
	rs, _ := loadMini(f, "mini/base.yaml")
	prog, _ := rs.Compile()
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := criteria.ParseCases("c.yaml", data)
		if err != nil {
			checkPositions(t, err, data, "c.yaml")
			return
		}
		if len(data) > 4096 {
			return // running a large file's cases exercises the engine, not the parser
		}
		for _, r := range cf.Run(context.Background(), prog) {
			if r.Err == nil && r.Case == nil {
				t.Fatal("a case result without its case")
			}
		}
	})
}
