// Package hostile generates the hostile inputs the project's loaders are tested against: rule,
// case and scheme files that are huge, deep, self-contradictory or malformed, each with the
// outcome expected of it. The corpus is generated, so it is small on disk; the heavy cases
// (megabytes) are generated only when asked for.
package hostile

import (
	"fmt"
	"strings"
)

// Kind is the kind of file a case is.
type Kind string

// The kinds of file.
const (
	Rules  Kind = "rules"
	Cases  Kind = "cases"
	Scheme Kind = "scheme"
	Data   Kind = "data" // a CSV data file, read with the corpus's valid rule file
)

// Case is one hostile input: its files (the one to load is Main; others are the files it
// refers to), and what loading it must give.
type Case struct {
	Name  string
	Kind  Kind
	Main  string
	Files map[string][]byte
	Heavy bool // megabytes: run only when heavy tests are asked for
	// Tool: the outcome is the tool's, which resolves the ruleset a case file or a scheme
	// names (the library's loaders take it as given).
	Tool bool

	// Code is the code of an error loading must report ("" when the file loads), at Line
	// when Line is not 0. Every error is positioned in a file.
	Code string
	Line int
	// Message, when not "", must appear in that error's message.
	Message string
}

// Size returns the bytes of all the case's files.
func (c Case) Size() int {
	n := 0
	for _, b := range c.Files {
		n += len(b)
	}
	return n
}

// header is a valid rule file's header: 9 lines, so the first line after it is 10.
const header = `format: ntm.rules/v1
id: hostile.x
version: "1"
level: commune
title: {vi: "Thử"}
legal: [{id: T, title: {vi: T}}]
effective: {from: 2020-01-01, until: 2020-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: G, title: {vi: G}}]
`

// criterion is a criterion with one check of measure against value, on one line.
func criterion(measure, op, value string) string {
	return fmt.Sprintf("criteria:\n  - {id: \"1\", name: {vi: \"1\"}, groups: [G], indicators: [{id: \"1\", name: {vi: \"1\"}, checks: [{measure: %s, op: \"%s\", target: {all: {value: %s, confidence: verified, source: T}}}]}]}\n", measure, op, value)
}

const pctField = "fields:\n  - {id: p, type: percent, unit: \"%\", label: {vi: \"Tỷ lệ\"}}\n"

func rules(name, body string) map[string][]byte { return map[string][]byte{name: []byte(body)} }

// Corpus returns the hostile inputs; heavy adds those of megabytes.
func Corpus(heavy bool) []Case {
	valid := header + pctField + criterion("p", ">=", "50")
	var out []Case
	add := func(c Case) {
		if c.Main == "" {
			c.Main = c.Name + ".yaml"
		}
		if c.Files == nil {
			c.Files = map[string][]byte{}
		}
		if c.Heavy && !heavy {
			return
		}
		out = append(out, c)
	}
	r := func(name, body, code string, line int, msg string) {
		add(Case{Name: name, Kind: Rules, Files: rules(name+".yaml", body), Code: code, Line: line, Message: msg})
	}
	r("valid", valid, "", 0, "")

	// Size and shape.
	var keys strings.Builder
	for i := 0; i < 40000; i++ {
		fmt.Fprintf(&keys, "k%d: 1\n", i)
	}
	r("keys-40k", header+keys.String(), "E-KEY-UNKNOWN", 10, `unknown key "k0"`)
	var atMost strings.Builder
	atMost.WriteString("fields:\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&atMost, "  - {id: f%d, type: count, unit: hộ, label: {vi: f%d}, at_most: g%d}\n", i, i, i)
	}
	r("at-most-10k-unknown", header+atMost.String()+"criteria: []\n", "E-REF-FIELD", 11, `unknown field "g0"`)
	r("empty", "", "E-SYNTAX", 1, "empty")
	r("tab-indent", strings.Replace(valid, "  - {id: p", "\t- {id: p", 1), "E-SYNTAX", 11, "")
	r("garbage", "\x00\x01\x02 binary ]]] {{{ \x7f", "E-SYNTAX", 0, "")
	r("alias", valid+"x: &a [1, 2]\ny: *a\n", "E-SYNTAX", 0, "anchors and aliases")
	r("alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", "E-SYNTAX", 0, "anchors and aliases")
	r("deep-nesting", "a: "+strings.Repeat("[", 200)+strings.Repeat("]", 200)+"\n", "E-FILE-LIMIT", 1, "deeper than")
	r("second-document", valid+"---\nfoo: bar\n", "E-SYNTAX", 15, "second YAML document")
	r("format-missing", strings.Replace(valid, "format: ntm.rules/v1\n", "", 1), "E-KEY-MISSING", 1, "format")
	r("format-trailing-space", strings.Replace(valid, "format: ntm.rules/v1", `format: "ntm.rules/v1 "`, 1), "", 0, "") // loads, and validates, alike
	r("format-unknown", strings.Replace(valid, "ntm.rules/v1", "ntm.rules/v9", 1), "E-FORMAT", 1, "ntm.rules/v9")

	// Contradictions.
	r("at-most-cycle", header+"fields:\n  - {id: a, type: count, unit: hộ, label: {vi: a}, at_most: b}\n  - {id: b, type: count, unit: hộ, label: {vi: b}, at_most: a}\n"+criterion("a", ">=", "1"), "E-VALUE", 0, "cycle")
	var chain strings.Builder
	chain.WriteString("fields:\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&chain, "  - {id: c%d, type: count, unit: hộ, label: {vi: c%d}, at_most: c%d}\n", i, i, i+1)
	}
	chain.WriteString("  - {id: c20, type: count, unit: hộ, label: {vi: c20}}\n")
	r("at-most-chain-20", header+chain.String()+criterion("c0", ">=", "1"), "E-VALUE", 0, "longer than 16")
	r("percent-150", header+pctField+criterion("p", ">=", "150"), "E-TARGET", 13, "never be met")
	r("percent-below-0", header+pctField+criterion("p", "<=", "-1"), "E-TARGET", 13, "never be met")
	r("percent-range-200", header+"fields:\n  - {id: p, type: percent, unit: \"%\", label: {vi: p}, range: {max: 200}}\n"+criterion("p", ">=", "50"), "E-VALUE", 11, "from 0 to 100")
	r("date-feb-30", strings.Replace(valid, "2020-01-01", "2016-02-30", 1), "E-VALUE", 7, "not a date")

	// Levels, labels and words.
	var levels strings.Builder
	levels.WriteString("levels:\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&levels, "  l%d: {name: l%d, parent: l%d}\n", i, i, (i+1)%40)
	}
	r("levels-40-cycle", strings.Replace(valid, "level: commune", "level: l0", 1)+levels.String(), "E-FILE-LIMIT", 0, "at most 16 levels")
	var langs strings.Builder
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&langs, "l%c%c: x, ", 'a'+i%26, 'a'+(i/26)%26)
	}
	r("label-5000-languages", strings.Replace(valid, `title: {vi: "Thử"}`, "title: {"+langs.String()+"vi: x}", 1), "E-VALUE", 0, "at most 16 languages")
	var words strings.Builder
	words.WriteString("words:\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&words, "  w%d: x\n", i)
	}
	r("words-5000-unknown", valid+words.String(), "E-KEY-UNKNOWN", 0, `unknown word "w0"`)

	// Expressions.
	r("expression-2001", header+pctField+criterion(`"`+strings.Repeat("p + ", 500)+`p > 1"`, "==", "true"), "E-EXPR-LIMIT", 13, "")
	r("expression-env", header+pctField+criterion(`"$env['p'] > 1"`, "==", "true"), "E-EXPR-UNSUPPORTED", 13, "")

	// Layers.
	add(Case{Name: "extends-cycle", Kind: Rules, Main: "a.yaml", Files: map[string][]byte{
		"a.yaml": []byte("format: ntm.rules/v1\nid: h.a\nversion: \"1\"\nextends: b.yaml\ntitle: {vi: a}\n"),
		"b.yaml": []byte("format: ntm.rules/v1\nid: h.b\nversion: \"1\"\nextends: a.yaml\ntitle: {vi: b}\n"),
	}, Code: "E-EXTENDS-CYCLE", Line: 4})

	// Case files.
	var members strings.Builder
	members.WriteString("format: ntm.cases/v1\nruleset: hostile.x@1\ncases:\n  - name: many\n    unit: {code: \"d\", region: vn, period: \"2020\"}\n    members:\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&members, "      - {code: m%d, count: 10000}\n", i)
	}
	members.WriteString("    expect: {}\n")
	add(Case{Name: "case-members-3m", Kind: Cases, Files: map[string][]byte{"case-members-3m.yaml": []byte(members.String())}, Code: "E-FILE-LIMIT", Line: 9})
	add(Case{Name: "case-second-document", Kind: Cases, Files: map[string][]byte{"case-second-document.yaml": []byte(
		"format: ntm.cases/v1\nruleset: hostile.x@1\ncases: []\n---\nx: 1\n")}, Code: "E-SYNTAX", Line: 5})

	add(Case{Name: "case-unknown-ruleset", Kind: Cases, Tool: true, Files: map[string][]byte{"case-unknown-ruleset.yaml": []byte(
		"format: ntm.cases/v1\nruleset: nope.x@1\ncases: []\n")}, Code: "E-EXTENDS", Line: 2, Message: "nope.x@1"})

	// Schemes.
	add(Case{Name: "scheme-unknown-ruleset", Kind: Scheme, Tool: true, Files: map[string][]byte{"scheme-unknown-ruleset.yaml": []byte(
		"format: ntm.scoring/v1\nid: h.s\nversion: \"1\"\nruleset: nope.x@1\n")}, Code: "E-EXTENDS", Line: 4, Message: "nope.x@1"})
	add(Case{Name: "scheme-keys-40k", Kind: Scheme, Files: map[string][]byte{"scheme-keys-40k.yaml": []byte(
		"format: ntm.scoring/v1\nid: h.s\nversion: \"1\"\nruleset: hostile.x@1\n" + keys.String())}, Code: "E-KEY-UNKNOWN", Line: 5})

	// Data files, read with the valid rule file (its field p is a percentage).
	hdr := "code,name,region,period,p\n"
	d := func(name, body, code string, line int, msg string) {
		add(Case{Name: name, Kind: Data, Main: name + ".csv", Files: map[string][]byte{name + ".csv": []byte(body)}, Code: code, Line: line, Message: msg})
	}
	d("data-valid", hdr+"1,Xã Một,vn,2020,55\n", "", 0, "")
	d("data-wide-header", "code,name,region,period,"+strings.Repeat("x,", 200000)+"p\n1,a,vn,2020,5\n", "E-DATA-LIMIT", 1, "columns")
	d("data-huge-cell", hdr+"1,a,vn,2020,"+strings.Repeat("9", 1<<20)+"\n", "E-DATA-LIMIT", 2, "longer than 64 KB")
	d("data-not-utf8", hdr+"1,X\xe0\xff,vn,2020,5\n", "E-DATA-ENCODING", 2, "not UTF-8")
	d("data-nul", hdr+"1,a\x00b,vn,2020,5\n", "E-DATA-ENCODING", 2, "NUL")
	d("data-percent-150", hdr+"1,a,vn,2020,150\n", "E-DATA-RANGE", 2, "from 0 to 100")
	d("data-period-h3", hdr+"1,a,vn,2020-H3,5\n", "E-DATA", 2, "2020-H3")
	d("data-duplicate-column", "code,name,region,period,p,p\n1,a,vn,2020,5,6\n", "E-DATA-COLUMN", 1, "appears twice")
	d("data-5000-bad-rows", hdr+strings.Repeat("1,a,vn,2020,abc\n", 5000), "E-DATA-LIMIT", 0, "")

	if heavy {
		var big strings.Builder
		for i := 0; i < 110000; i++ {
			fmt.Fprintf(&big, "key_number_%d: 1\n", i)
		}
		add(Case{Name: "keys-2mb", Kind: Rules, Files: rules("keys-2mb.yaml", header+big.String()), Heavy: true, Code: "E-KEY-UNKNOWN", Line: 10})
		add(Case{Name: "values-600k", Kind: Rules, Files: rules("values-600k.yaml", header+"x:\n"+strings.Repeat("  - 1\n", 600000)), Heavy: true,
			Code: "E-FILE-LIMIT", Line: 1, Message: "YAML values a file may hold"})
		add(Case{Name: "flow-list-8mb", Kind: Rules, Files: rules("flow-list-8mb.yaml", header+"x: ["+strings.Repeat("1,", 4000000)+"1]\n"), Heavy: true,
			Code: "E-FILE-LIMIT", Line: 1, Message: "YAML values a file may hold"})
		add(Case{Name: "size-8mb", Kind: Rules, Files: rules("size-8mb.yaml", header+"# "+strings.Repeat("x", 8<<20)+"\n"), Heavy: true,
			Code: "E-FILE-LIMIT", Message: "at most 8388608"})
		var relChain strings.Builder
		relChain.WriteString(header + "fields: [{id: a, type: number, unit: ha, label: {vi: a}}]\ncriteria:\n  - id: \"1\"\n    name: {vi: \"1\"}\n    groups: [G]\n    indicators:\n      - id: \"1.1\"\n        name: {vi: x}\n        checks:\n          - {id: c0, measure: a, op: \">=\", target: {all: {value: 1, confidence: verified, source: T}}}\n")
		for i := 1; i <= 5000; i++ {
			fmt.Fprintf(&relChain, "          - {id: c%d, measure: a, op: \">=\", target: {all: {of: {indicator: \"1.1\", check: c%d}, times: 1, confidence: verified, source: S%d}}}\n", i, i-1, i)
		}
		add(Case{Name: "relative-chain-5000", Kind: Rules, Files: rules("relative-chain-5000.yaml", relChain.String()), Heavy: true})
	}
	return out
}
