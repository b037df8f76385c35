package criteria

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"gopkg.in/yaml.v3"
)

// FormatCases is the format version of test-case files.
const FormatCases = "ntm.cases/v1"

// CaseFile is a set of test cases written as data beside a ruleset: units with their values
// and the verdicts expected. go test and the command-line tool run them with the same runner.
type CaseFile struct {
	Name     string
	Ruleset  string // id@version of the ruleset the cases are written for
	Fixtures map[string][]CaseValue
	Cases    []*Case
}

// CaseValue is one field value of a case or fixture, as written (typed when the case runs).
type CaseValue struct {
	Field string
	Raw   string // the literal text; "" with Null for a missing value
	Null  bool
	Pos   Pos
}

// Case is one test case.
type Case struct {
	Name     string
	Pos      Pos
	Code     string
	UnitName string
	District string
	Region   string
	Period   Period
	From     string // fixture it starts from, or ""
	Values   []CaseValue
	Unset    []string
	History  []Recognition
	Members  []*Result // for a higher level: stand-ins for the member units' results
	Expect   Expectation
}

// Expectation is what a case expects; nil or empty parts are not checked.
type Expectation struct {
	Indicators map[string]Status
	Criteria   map[string]Status
	Conditions map[string]Status
	Checks     map[string]Status // "indicator/check" → status
	AllMet     *Truth
	Eligible   *Truth
	Slipped    *Truth
	Recognised *bool
	Met        *int // number of criteria met

	Classes     map[string]string // index id → class id, or "unknown"
	IndexValues map[string]string // index id → value as printed (a decimal), or "unknown"
	Scores      map[string]string // score id → score, or "unknown"
}

// CaseResult is the outcome of one case: passed when Err is nil and Failures is empty.
type CaseResult struct {
	Case     *Case
	Err      error    // the case could not run (bad value, unknown field, unit rejected)
	Failures []string // each expectation that did not hold, with what was found
}

// Passed reports whether the case ran and every expectation held.
func (r CaseResult) Passed() bool { return r.Err == nil && len(r.Failures) == 0 }

// LoadCases reads a case file from fsys.
func LoadCases(fsys fs.FS, name string) (*CaseFile, error) {
	data, err := readLimited(fsys, name)
	if err != nil {
		return nil, ErrorList{{File: name, Code: readCode(err), Message: err.Error()}}
	}
	return ParseCases(name, data)
}

// ParseCases reads a case file from bytes. Every problem is reported at file:line:col.
func ParseCases(name string, data []byte) (*CaseFile, error) {
	d := newDec(name)
	cf := &CaseFile{Name: name, Fixtures: map[string][]CaseValue{}}
	root := d.ParseYAML(data)
	if root != nil {
		parseCaseFile(d, root, cf)
	}
	if len(d.Errs) > 0 {
		errs := d.errList()
		errs.Sort()
		return nil, errs
	}
	return cf, nil
}

func parseCaseFile(d *dec, root *yaml.Node, cf *CaseFile) {
	_, idx, ok := d.Mapping(root, "", []string{"format", "ruleset", "fixtures", "cases"}, "format", "ruleset", "cases")
	if !ok {
		return
	}
	if n := idx["format"]; n != nil {
		if s, ok := d.Str(n, "format"); ok && s != FormatCases {
			d.Errorf(n, "format", CodeFormat, "unsupported format %q (expected %q)", s, FormatCases)
		}
	}
	if n := idx["ruleset"]; n != nil {
		cf.Ruleset, _ = d.Str(n, "ruleset")
	}
	if n := idx["fixtures"]; n != nil {
		entries, _, ok := d.Mapping(n, "fixtures", nil)
		if ok {
			for _, e := range entries {
				cf.Fixtures[e.Key] = caseValues(d, e.Val, "fixture "+e.Key)
			}
		}
	}
	items, ok := d.List(idx["cases"], "cases")
	if !ok {
		return
	}
	names := map[string]bool{}
	for i, it := range items {
		p := fmt.Sprintf("case %d", i+1)
		_, ci, ok := d.Mapping(it, p, []string{"name", "unit", "from", "values", "unset", "history", "members", "expect"}, "name", "unit", "expect")
		if !ok {
			continue
		}
		c := &Case{Pos: d.Pos(it)}
		if n := ci["name"]; n != nil {
			c.Name, _ = d.Str(n, p+" › name")
			if names[c.Name] {
				d.Errorf(n, p+" › name", CodeIDDuplicate, "case name %q is used twice", c.Name)
			}
			names[c.Name] = true
		}
		if n := ci["unit"]; n != nil {
			parseCaseUnit(d, n, p+" › unit", c)
		}
		if n := ci["from"]; n != nil {
			c.From, _ = d.Str(n, p+" › from")
			if _, ok := cf.Fixtures[c.From]; !ok {
				e := d.Errorf(n, p+" › from", CodeCase, "unknown fixture %q", c.From)
				e.Near(c.From, sortedFixtureNames(cf))
			}
		}
		if n := ci["values"]; n != nil {
			c.Values = caseValues(d, n, p+" › values")
		}
		if n := ci["unset"]; n != nil {
			c.Unset, _ = d.StrList(n, p+" › unset")
		}
		if n := ci["history"]; n != nil {
			c.History = caseHistory(d, n, p+" › history")
		}
		if n := ci["members"]; n != nil {
			c.Members = caseMembers(d, n, p+" › members")
		}
		if n := ci["expect"]; n != nil {
			c.Expect = parseExpect(d, n, p+" › expect")
		}
		cf.Cases = append(cf.Cases, c)
	}
}

func sortedFixtureNames(cf *CaseFile) []string {
	var out []string
	for k := range cf.Fixtures {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func parseCaseUnit(d *dec, n *yaml.Node, p string, c *Case) {
	_, idx, ok := d.Mapping(n, p, []string{"code", "name", "district", "region", "period"}, "code", "region", "period")
	if !ok {
		return
	}
	c.Code = d.OptStr(idx["code"], p+" › code")
	c.UnitName = d.OptStr(idx["name"], p+" › name")
	c.District = d.OptStr(idx["district"], p+" › district")
	c.Region = d.OptStr(idx["region"], p+" › region")
	if v := idx["period"]; v != nil {
		if s, ok := d.Str(v, p+" › period"); ok {
			per, err := ParsePeriod(s)
			if err != nil {
				d.Errorf(v, p+" › period", CodeValue, "%v", err)
			}
			c.Period = per
		}
	}
}

func caseValues(d *dec, n *yaml.Node, p string) []CaseValue {
	entries, _, ok := d.Mapping(n, p, nil)
	if !ok {
		return nil
	}
	out := make([]CaseValue, 0, len(entries))
	for _, e := range entries {
		v := CaseValue{Field: e.Key, Pos: d.Pos(e.Val)}
		switch {
		case e.Val.Kind != yaml.ScalarNode:
			d.Errorf(e.Val, p+" › "+e.Key, CodeType, "expected a value, found %s", ydec.KindName(e.Val))
			continue
		case e.Val.Tag == "!!null":
			v.Null = true
		default:
			v.Raw = e.Val.Value
		}
		out = append(out, v)
	}
	return out
}

func caseHistory(d *dec, n *yaml.Node, p string) []Recognition {
	items, ok := d.List(n, p)
	if !ok {
		return nil
	}
	var out []Recognition
	for i, it := range items {
		hp := fmt.Sprintf("%s › %d", p, i+1)
		_, idx, ok := d.Mapping(it, hp, []string{"level", "year", "decision", "recorded", "ruleset"}, "level", "year")
		if !ok {
			continue
		}
		r := Recognition{Level: d.OptStr(idx["level"], hp+" › level"), Decision: d.OptStr(idx["decision"], hp+" › decision"),
			Ruleset: d.OptStr(idx["ruleset"], hp+" › ruleset")}
		if y := idx["year"]; y != nil {
			if lit, ok := d.NumberLit(y, hp+" › year"); ok {
				fmt.Sscanf(lit, "%d", &r.Year)
			}
		}
		if rn := idx["recorded"]; rn != nil {
			entries, _, ok := d.Mapping(rn, hp+" › recorded", nil)
			if ok {
				r.Recorded = map[string]Number{}
				for _, e := range entries {
					if x, ok := number(d, e.Val, hp+" › recorded › "+e.Key); ok {
						r.Recorded[e.Key] = x
					}
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// maxCaseMembers bounds the member stand-ins of one case file (count: N makes N of them).
const maxCaseMembers = 20_000

// caseMembers reads stand-ins for member results: what a higher level's derived fields count.
// An item with count: N stands for N identical members (codes suffixed -1 … -N).
func caseMembers(d *dec, n *yaml.Node, p string) []*Result {
	items, ok := d.List(n, p)
	if !ok {
		return nil
	}
	var out []*Result
	for i, it := range items {
		mp := fmt.Sprintf("%s › %d", p, i+1)
		_, idx, ok := d.Mapping(it, mp, []string{"code", "count", "recognised", "levels", "all_met", "eligible", "slipped", "criteria"}, "code")
		if !ok {
			continue
		}
		base := Result{AllMet: TruthUnknown, Eligible: TruthUnknown, Slipped: No}
		base.Unit.Code = d.OptStr(idx["code"], mp+" › code")
		count := 1
		if v := idx["count"]; v != nil {
			if lit, ok := d.NumberLit(v, mp+" › count"); ok {
				if _, err := fmt.Sscanf(lit, "%d", &count); err != nil || count < 1 || count > 10000 {
					d.Errorf(v, mp+" › count", CodeValue, "count must be a whole number from 1 to 10000")
					count = 1
				}
			}
		}
		if v := idx["recognised"]; v != nil {
			if b, ok := d.Bool(v, mp+" › recognised"); ok && b {
				base.Recognition = &Recognition{Level: "ntm"}
				base.Unit.Titles = append(base.Unit.Titles, "ntm")
			}
		}
		if v := idx["levels"]; v != nil {
			lv, _ := d.StrList(v, mp+" › levels")
			for _, l := range lv {
				if !ydec.Contains(base.Unit.Titles, l) {
					base.Unit.Titles = append(base.Unit.Titles, l)
				}
			}
		}
		for key, dst := range map[string]*Truth{"all_met": &base.AllMet, "eligible": &base.Eligible, "slipped": &base.Slipped} {
			if v := idx[key]; v != nil {
				if s, ok := d.Str(v, mp+" › "+key); ok {
					t, err := ParseTruth(s)
					if err != nil {
						d.Errorf(v, mp+" › "+key, CodeValue, "%v", err)
					}
					*dst = t
				}
			}
		}
		if v := idx["criteria"]; v != nil {
			entries, _, ok := d.Mapping(v, mp+" › criteria", nil)
			if ok {
				for _, e := range entries {
					s, _ := d.Str(e.Val, mp+" › criteria › "+e.Key)
					st, err := ParseStatus(s)
					if err != nil {
						d.Errorf(e.Val, mp+" › criteria › "+e.Key, CodeValue, "%v", err)
					}
					base.Criteria = append(base.Criteria, CriterionResult{Criterion: CriterionInfo{&Criterion{ID: e.Key}}, Status: st})
				}
			}
		}
		if d.members+count > maxCaseMembers {
			if d.members <= maxCaseMembers { // said once
				at := idx["count"]
				if at == nil {
					at = it
				}
				d.Errorf(at, mp, CodeFileLimit, "the case file stands in more than %d members in all; write fewer, or fewer cases", maxCaseMembers)
			}
			d.members, count = maxCaseMembers+1, 0
		}
		d.members += count
		for k := 0; k < count; k++ {
			m := base
			if count > 1 {
				m.Unit.Code = fmt.Sprintf("%s-%d", base.Unit.Code, k+1)
			}
			out = append(out, &m)
		}
	}
	return out
}

func parseExpect(d *dec, n *yaml.Node, p string) Expectation {
	var ex Expectation
	_, idx, ok := d.Mapping(n, p, []string{"indicators", "criteria", "conditions", "checks", "all_met", "eligible", "slipped", "recognised", "met",
		"classes", "index_values", "scores"})
	if !ok {
		return ex
	}
	statuses := func(key string) map[string]Status {
		v := idx[key]
		if v == nil {
			return nil
		}
		entries, _, ok := d.Mapping(v, p+" › "+key, nil)
		if !ok {
			return nil
		}
		m := map[string]Status{}
		for _, e := range entries {
			s, ok := d.Str(e.Val, p+" › "+key+" › "+e.Key)
			if !ok {
				continue
			}
			st, err := ParseStatus(s)
			if err != nil {
				e := d.Errorf(e.Val, p+" › "+key+" › "+e.Key, CodeValue, "%v", err)
				e.Near(s, statusNames[:])
				continue
			}
			m[e.Key] = st
		}
		return m
	}
	ex.Indicators, ex.Criteria, ex.Conditions, ex.Checks = statuses("indicators"), statuses("criteria"), statuses("conditions"), statuses("checks")
	words := func(key string, number bool) map[string]string {
		v := idx[key]
		if v == nil {
			return nil
		}
		entries, _, ok := d.Mapping(v, p+" › "+key, nil)
		if !ok {
			return nil
		}
		m := map[string]string{}
		for _, e := range entries {
			s, ok := d.Str(e.Val, p+" › "+key+" › "+e.Key)
			if !ok {
				continue
			}
			if number && s != "unknown" {
				x, err := ParseNumber(s)
				if err != nil {
					d.Errorf(e.Val, p+" › "+key+" › "+e.Key, CodeValue, "expected a number or unknown, found %q", s)
					continue
				}
				s = x.String()
			}
			m[e.Key] = s
		}
		return m
	}
	ex.Classes, ex.IndexValues, ex.Scores = words("classes", false), words("index_values", true), words("scores", true)
	truth := func(key string) *Truth {
		v := idx[key]
		if v == nil {
			return nil
		}
		s := ""
		if v.Kind == yaml.ScalarNode {
			s = v.Value
		}
		if v.Tag == "!!bool" {
			s = map[string]string{"true": "yes", "false": "no"}[v.Value]
		}
		t, err := ParseTruth(s)
		if err != nil {
			d.Errorf(v, p+" › "+key, CodeValue, "%v", err)
			return nil
		}
		return &t
	}
	ex.AllMet, ex.Eligible, ex.Slipped = truth("all_met"), truth("eligible"), truth("slipped")
	if v := idx["recognised"]; v != nil {
		if b, ok := d.Bool(v, p+" › recognised"); ok {
			ex.Recognised = &b
		}
	}
	if v := idx["met"]; v != nil {
		if lit, ok := d.NumberLit(v, p+" › met"); ok {
			var m int
			fmt.Sscanf(lit, "%d", &m)
			ex.Met = &m
		}
	}
	return ex
}

// Unit builds the case's unit for the program's ruleset: the fixture's values, then the
// case's values, then the unset fields. A value that does not fit its field is an error at
// the value's position.
func (cf *CaseFile) Unit(c *Case, rs *Ruleset) (*Unit, error) { return cf.unit(c, rs.schema) }

func (cf *CaseFile) unit(c *Case, sch *schema) (*Unit, error) {
	vals := &Values{sch: sch, v: make([]Value, len(sch.fields))}
	var errs ErrorList
	set := func(list []CaseValue, where string) {
		for _, v := range list {
			var err error
			if v.Null {
				err = vals.Unset(v.Field)
			} else {
				err = vals.SetString(v.Field, v.Raw)
			}
			if err != nil {
				e := &Error{File: cf.Name, Line: v.Pos.Line, Column: v.Pos.Column, Path: where + " › " + v.Field, Code: CodeCase, Message: err.Error()}
				if ce, ok := err.(*Error); ok {
					e.Message, e.Code, e.Suggest = ce.Message, ce.Code, ce.Suggest
				}
				errs = append(errs, e)
			}
		}
	}
	if c.From != "" {
		set(cf.Fixtures[c.From], "fixture "+c.From)
	}
	set(c.Values, "case "+c.Name)
	for _, f := range c.Unset {
		if err := vals.Unset(f); err != nil {
			errs = append(errs, &Error{File: cf.Name, Line: c.Pos.Line, Column: c.Pos.Column, Path: "case " + c.Name + " › unset", Code: CodeRefField, Message: err.Error()})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &Unit{Code: c.Code, Name: c.UnitName, District: c.District, Region: c.Region, Period: c.Period, Values: vals,
		History: c.History, Members: c.Members, Source: fmt.Sprintf("%s:%d", cf.Name, c.Pos.Line)}, nil
}

// Run runs every case against the program and returns one result per case, in file order.
func (cf *CaseFile) Run(ctx context.Context, p *Program) []CaseResult {
	out := make([]CaseResult, 0, len(cf.Cases))
	for _, c := range cf.Cases {
		out = append(out, cf.runCase(ctx, p, c))
	}
	return out
}

func (cf *CaseFile) runCase(ctx context.Context, p *Program, c *Case) CaseResult {
	cr := CaseResult{Case: c}
	u, err := cf.unit(c, p.src)
	if err != nil {
		cr.Err = err
		return cr
	}
	res, err := p.Evaluate(ctx, u)
	if err != nil {
		cr.Err = err
		return cr
	}
	cr.Failures = c.Expect.Check(res)
	return cr
}

// Check compares a result with the expectation and describes every difference.
func (ex Expectation) Check(res *Result) []string {
	var f []string
	for _, id := range sortedStatusKeys(ex.Criteria) {
		cr, ok := res.Criterion(id)
		switch {
		case !ok:
			f = append(f, fmt.Sprintf("criterion %s: not in the ruleset", id))
		case cr.Status != ex.Criteria[id]:
			f = append(f, fmt.Sprintf("criterion %s: expected %s, got %s", id, ex.Criteria[id], cr.Status))
		}
	}
	indicators := func(kind string, want map[string]Status, find func(string) (*IndicatorResult, bool)) {
		for _, id := range sortedStatusKeys(want) {
			ir, ok := find(id)
			switch {
			case !ok:
				f = append(f, fmt.Sprintf("%s %s: not in the ruleset", kind, id))
			case ir.Status != want[id]:
				f = append(f, fmt.Sprintf("%s %s: expected %s, got %s%s", kind, id, want[id], ir.Status, explainIndicator(ir)))
			}
		}
	}
	indicators("indicator", ex.Indicators, res.Indicator)
	indicators("condition", ex.Conditions, res.Condition)
	for _, key := range sortedStatusKeys(ex.Checks) {
		ind, chk, _ := strings.Cut(key, "/")
		var got *CheckResult
		if ir, ok := res.Indicator(ind); ok {
			got, _ = ir.Check(chk)
		}
		switch {
		case got == nil:
			f = append(f, fmt.Sprintf("check %s: not in the ruleset", key))
		case got.Status != ex.Checks[key]:
			f = append(f, fmt.Sprintf("check %s: expected %s, got %s (value %s, target %s%s)", key, ex.Checks[key], got.Status, got.Value, got.Target().Value, reasonSuffix(got.Reason)))
		}
	}
	truth := func(name string, want *Truth, got Truth) {
		if want != nil && *want != got {
			f = append(f, fmt.Sprintf("%s: expected %s, got %s", name, *want, got))
		}
	}
	truth("all_met", ex.AllMet, res.AllMet)
	truth("eligible", ex.Eligible, res.Eligible)
	truth("slipped", ex.Slipped, res.Slipped)
	if ex.Recognised != nil && *ex.Recognised != res.Recognised() {
		f = append(f, fmt.Sprintf("recognised: expected %t, got %t", *ex.Recognised, res.Recognised()))
	}
	if ex.Met != nil && *ex.Met != res.Met {
		f = append(f, fmt.Sprintf("criteria met: expected %d, got %d", *ex.Met, res.Met))
	}
	for _, id := range sortedWords(ex.Classes) {
		ir, ok := res.Index(id)
		switch {
		case !ok:
			f = append(f, fmt.Sprintf("index %s: not in the ruleset", id))
		case classOf(ir) != ex.Classes[id]:
			f = append(f, fmt.Sprintf("index %s: expected class %s, got %s (value %s%s)", id, ex.Classes[id], classOf(ir), valueOf(ir), reasonSuffix(ir.Reason)))
		}
	}
	for _, id := range sortedWords(ex.IndexValues) {
		ir, ok := res.Index(id)
		switch {
		case !ok:
			f = append(f, fmt.Sprintf("index %s: not in the ruleset", id))
		case valueOf(ir) != ex.IndexValues[id]:
			f = append(f, fmt.Sprintf("index %s: expected value %s, got %s%s", id, ex.IndexValues[id], valueOf(ir), reasonSuffix(ir.Reason)))
		}
	}
	for _, id := range sortedWords(ex.Scores) {
		sr, ok := res.Score(id)
		got := "unknown"
		if ok && sr.Known {
			got = sr.Score.String()
		}
		switch {
		case !ok:
			f = append(f, fmt.Sprintf("score %s: not in the ruleset", id))
		case got != ex.Scores[id]:
			f = append(f, fmt.Sprintf("score %s: expected %s, got %s (value %s%s)", id, ex.Scores[id], got, sr.Value, reasonSuffix(sr.Reason)))
		}
	}
	return f
}

func classOf(ir *IndexResult) string {
	if ir.Class == "" {
		return "unknown"
	}
	return ir.Class
}

func valueOf(ir *IndexResult) string {
	if !ir.Known {
		return "unknown"
	}
	return ir.Value.String()
}

func sortedWords(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func reasonSuffix(r string) string {
	if r == "" {
		return ""
	}
	return "; " + r
}

func explainIndicator(ir *IndicatorResult) string {
	var parts []string
	if ir.Reason != "" {
		parts = append(parts, ir.Reason)
	}
	for _, c := range ir.Checks {
		id := "condition"
		if !c.Check.IsZero() {
			id = c.Check.ID()
		}
		s := fmt.Sprintf("%s %s: %s %s %s", id, c.Status, c.Value, c.Op(), c.Target().Value)
		if len(c.Missing) > 0 {
			s += " missing " + strings.Join(c.Missing, ", ")
		}
		if c.Reason != "" {
			s += " (" + c.Reason + ")"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return " [" + strings.Join(parts, "; ") + "]"
}

func sortedStatusKeys(m map[string]Status) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Boundaries generates the boundary cases of prog's target tables (Program.BoundaryCases) on
// the file's all_met fixture, a unit meeting every target, placed in the first region the
// ruleset accepts: the convention the shipped tests and the command-line tool share. It
// returns no cases, and no error, when the file has no all_met fixture.
func (cf *CaseFile) Boundaries(prog *Program) (cases []BoundaryCase, skipped []string, err error) {
	if _, ok := cf.Fixtures["all_met"]; !ok {
		return nil, nil, nil
	}
	rs := prog.Ruleset()
	regions := rs.AllowedRegions()
	if len(regions) == 0 {
		return nil, nil, fmt.Errorf("%s: the ruleset accepts no region to place the boundary cases in", cf.Name)
	}
	base, err := cf.Unit(&Case{Name: "base", From: "all_met", Code: "base", Region: regions[0].ID}, rs)
	if err != nil {
		return nil, nil, err
	}
	cases, skipped = prog.BoundaryCases(base)
	return cases, skipped, nil
}
