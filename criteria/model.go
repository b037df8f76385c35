package criteria

import (
	"fmt"
	"sort"
	"strings"
)

// Document is a legal or planning document a ruleset encodes or cites.
type Document struct {
	ID    string // short reference, e.g. "1980/QĐ-TTg"
	Title Text
	Date  string // YYYY-MM-DD, or ""
	URL   string
}

// Effective is the time a ruleset is in force: From and Until as YYYY-MM-DD (Until may be "").
type Effective struct {
	From  string
	Until string
}

func (e Effective) fromYear() int  { return atoiPrefix(e.From) }
func (e Effective) untilYear() int { return atoiPrefix(e.Until) }

func atoiPrefix(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Region is a region of the country whose targets may differ (the seven socio-economic regions).
type Region struct {
	ID   string
	Name Text
}

// Range is a field's plausible range; nil bounds are open.
type Range struct {
	Min, Max *Number
}

// String writes the range as [min, max].
func (r Range) String() string {
	lo, hi := "−∞", "+∞"
	if r.Min != nil {
		lo = r.Min.String()
	}
	if r.Max != nil {
		hi = r.Max.String()
	}
	return "[" + lo + ", " + hi + "]"
}

// FieldValue is one value an enumerated text field takes: the id written in rule files and
// stored, and its label, which data may give instead.
type FieldValue struct {
	ID    string
	Label Text
}

// Derivation says how the engine computes a derived field.
type Derivation struct {
	Members string // for member counts: all, all_met, eligible, recognised, slipped, level:<l>, criterion:<id>
	History string // a recognition level (ntm, advanced, …): with Field, the value recorded then; without, whether the title is held
	Field   string // with History: the recorded value's name, or "" for the boolean "title held"
	Under   string // with History and no Field: only a title granted under this ruleset (id@version)
	Expr    string // a computed value: an expression over the fields declared before it
	exprPos Pos
}

// String writes the derivation as in the rule file.
func (d *Derivation) String() string {
	if d.History != "" && d.Field == "" {
		return "history " + d.History
	}
	if d.History != "" {
		return "history " + d.History + "." + d.Field
	}
	if d.Expr != "" {
		return "expr " + d.Expr
	}
	return "members " + d.Members
}

// Field is a datum a unit supplies, or that the engine derives for it.
type Field struct {
	ID     string
	Type   FieldType
	Unit   string
	Label  Text
	Range  Range
	AtMost string       // another field this one may not exceed (e.g. clean-water ≤ hygienic-water households), or ""
	From   *Derivation  // nil for data supplied by the unit
	Values []FieldValue // an enumerated text field: the values it takes (empty: any text)
	Pos    Pos
	atPos  Pos // position of AtMost
}

// Group is a group of criteria: the law's groups I-V, or a grouping a layer adds.
type Group struct {
	ID    string
	Title Text
	Pos   Pos
}

// AnnotationKey declares an annotation a layer may attach to criteria, with its allowed values.
type AnnotationKey struct {
	ID               string
	Label            Text
	Values           []AnnotationValue
	ValuesFromGroups bool // any declared group id is a valid value
}

// AnnotationValue is one allowed value of an annotation key.
type AnnotationValue struct {
	ID    string
	Label Text
}

// Criterion is one of the criteria (tiêu chí) of a ruleset.
type Criterion struct {
	ID          string
	Name        Text
	Groups      []string
	Annotations map[string]string // annotation key → value
	Indicators  []*Indicator
	// ToBeSupplied says why the criterion's indicators are not given (the decision's annex
	// was not read): a layer adds them; until it does, the criterion is unknown.
	ToBeSupplied Text
	Pos          Pos
	groupPos     []Pos // position of each group reference
}

// Annotation returns the value of an annotation key, or "".
func (c *Criterion) Annotation(key string) string { return c.Annotations[key] }

// AnnotationKeys returns the criterion's annotation keys in sorted order.
func (c *Criterion) AnnotationKeys() []string {
	keys := make([]string, 0, len(c.Annotations))
	for k := range c.Annotations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ConditionKind says whether a recognition condition gates eligibility or is only reported.
type ConditionKind string

// Condition kinds.
const (
	Gate   ConditionKind = "gate"
	Report ConditionKind = "report"
)

// Indicator is one indicator (chỉ tiêu) of a criterion, or a recognition condition. It is made
// of checks ("measure, comparator, target") or of a plain boolean condition.
type Indicator struct {
	ID        string
	Name      Text
	Unit      string
	AppliesIf string        // expression; false → not applicable
	Checks    []*Check      // empty when Condition is set
	Condition *Condition    // a plain boolean expression, or nil
	Disabled  string        // reason the indicator is not assessed, or ""
	Kind      ConditionKind // for recognition conditions: gate or report
	Pos       Pos
	apos      Pos // position of AppliesIf
}

// Condition is an indicator's plain boolean expression with its own citation.
type Condition struct {
	Expr       string
	Confidence Confidence
	Source     string
	Pos        Pos // position of Expr
}

// Check is one "measure, comparator, target" of an indicator.
type Check struct {
	ID               string
	Label            Text
	Measure          string
	Op               Op
	Unit             string
	EmptyDenominator Status // status when a percent/ratio denominator is zero
	Target           Target
	Pos              Pos
	mpos             Pos // position of Measure
	opos             Pos // position of Op
}

// Target is a check's target table, keyed by region, with a national default column.
type Target struct {
	National *Cell
	All      *Cell
	Regions  map[string]*Cell
	Pos      Pos
}

// Cell is one target cell: a value with its confidence and source, a missing target with a
// reason, or a set of cells by year.
type Cell struct {
	Value      Value
	Missing    string // reason the target is unknown; "" when Value is set
	Confidence Confidence
	Source     string
	Note       string
	Years      []YearCell // non-empty for a year-dependent cell
	Of         *Relative  // non-nil for a target relative to another check's target
	Scale      *Scale     // a score table's cell: its steps or categories
	Pos        Pos
}

// Relative is a target given as a multiple of another check's target — "income ≥ 110 % of
// the advanced bar at the same time" (QĐ 319/QĐ-TTg) — resolved for the same region and
// year; or as a multiple of one of the unit's own values — "income ≥ 1.5 × the income at
// recognition" (QĐ 691/QĐ-TTg) — a field, a value from the history or a computed value,
// resolved for each unit. In a layer's override, a cell relative to the very check it changes
// is relative to the target that check had before the override: the base's.
type Relative struct {
	Indicator string // the indicator (or condition) whose check it follows; "" for a field
	Check     string // the check's id; "" when the indicator has one check
	Field     string // the unit's value it follows; "" for an indicator
	Times     Number // the factor; 1 when not given
	Pos       Pos

	ref       *Target // linked at load: the target it follows
	label     Text    // linked at load: the label of the field it follows
	inherited *Target // in an override: the check's target before the override
	self      bool    // in an override: it names the check it changes
}

// YearCell is a cell valid for the years From…To (To = 0: open-ended). FromMD and ToMD, as
// month·100 + day, bound it within its first and last year ("2024-03-07-": in force from 7
// March 2024); 0 means the whole year.
type YearCell struct {
	From, To     int
	FromMD, ToMD int
	Cell         *Cell
}

// start and end are the first and last day the cell is in force, as year·10000 + month·100 +
// day (end: a very large number when open-ended).
func (y YearCell) start() int {
	if y.FromMD == 0 {
		return y.From*10000 + 101
	}
	return y.From*10000 + y.FromMD
}

func (y YearCell) end() int {
	switch {
	case y.To == 0:
		return 1 << 40
	case y.ToMD == 0:
		return y.To*10000 + 1231
	}
	return y.To*10000 + y.ToMD
}

// dated reports whether the cell starts or ends within a year.
func (y YearCell) dated() bool { return y.FromMD != 0 || y.ToMD != 0 }

// Label writes the years as a rule file does: "2016", "2017-2019" or "2020-".
func (y YearCell) Label() string {
	if y.dated() {
		from := fmt.Sprint(y.From)
		if y.FromMD != 0 {
			from = fmt.Sprintf("%d-%02d-%02d", y.From, y.FromMD/100, y.FromMD%100)
		}
		switch {
		case y.To == 0:
			return from + "-"
		case y.ToMD != 0:
			return fmt.Sprintf("%s-%d-%02d-%02d", from, y.To, y.ToMD/100, y.ToMD%100)
		}
		return fmt.Sprintf("%s-%d", from, y.To)
	}
	switch {
	case y.From == 0 && y.To == 0:
		return "*"
	case y.From == 0:
		return fmt.Sprintf("≤%d", y.To)
	case y.To == 0:
		return fmt.Sprintf("%d-", y.From)
	case y.To != y.From:
		return fmt.Sprintf("%d-%d", y.From, y.To)
	}
	return fmt.Sprint(y.From)
}

// Resolved is a target cell resolved for one region and year.
type Resolved struct {
	Value      Value
	Missing    string     // reason when there is no target
	Confidence Confidence // of the cell, lowered to inferred when the national value is assumed
	Source     string
	Note       string
	Column     string // which column supplied it: a region id, "national" or "all"

	Follows *Follows // what a relative target follows; nil for a target given as a value
	Scale   *Scale   // a score table's cell: the steps or categories in force; nil for a target
	InForce string   // the dated cell chosen by the period's end ("2024-03-07-"), or ""
}

// Follows says what a relative target follows: its Value is Times × Of, where Of is the
// target of indicator Indicator's check resolved for the same region and year, or the unit's
// value of Field (labelled Label). A target that follows a unit's value has a Value only in a
// unit's result.
type Follows struct {
	Indicator string
	Field     string
	Label     Text
	Times     Number
	Of        Value
	slot      int32 // Field's position in the program's values
}

// PerUnit reports whether the target follows a value of each unit (Follows.Field), so that the
// program's table holds its rule and each result its value.
func (r Resolved) PerUnit() bool { return r.Follows != nil && r.Follows.Field != "" }

// Known reports whether the resolved cell has a target value.
func (r Resolved) Known() bool { return !r.Value.IsMissing() }

// Resolve returns the target for a region and a whole year (a cell in force from a date within
// the year is chosen by the year's end).
func (t *Target) Resolve(region string, year int) Resolved { return t.resolve(region, year, 0, nil) }

// periodEnd is the day a period is assessed at: the end of its year or half, as
// year·10000 + month·100 + day.
func periodEnd(year, half int) int {
	if half == 1 {
		return year*10000 + 630
	}
	return year*10000 + 1231
}

// memoKey is a target resolved for a region and year, in a memo shared by a compilation, so
// that a chain of targets that follow one another is resolved once per link, not once per
// follower.
type memoKey struct {
	t          *Target
	region     string
	year, half int
}

// resolve resolves the target for a region and a period: its year and half (0 the whole year).
func (t *Target) resolve(region string, year, half int, memo map[memoKey]Resolved) Resolved {
	if memo != nil {
		if r, ok := memo[memoKey{t, region, year, half}]; ok {
			return r
		}
	}
	r := t.resolveCell(region, year, half, memo)
	if memo != nil {
		memo[memoKey{t, region, year, half}] = r
	}
	return r
}

func (t *Target) resolveCell(region string, year, half int, memo map[memoKey]Resolved) Resolved {
	cell, column := t.Regions[region], region
	if cell == nil {
		cell, column = t.All, "all"
	}
	if cell == nil {
		cell, column = t.National, "national"
	}
	if cell == nil {
		return Resolved{Missing: fmt.Sprintf("no target for region %s and no national value", region), Column: region}
	}
	day := periodEnd(year, half)
	c, inForce := cell.forDay(day)
	if c == nil && column == "all" && t.National != nil {
		// An override by years of the all column keeps the national column for the rest.
		cell, column = t.National, "national"
		c, inForce = cell.forDay(day)
	}
	if c == nil {
		return Resolved{Missing: fmt.Sprintf("no target for the year %d", year), Column: column, Source: cell.Source}
	}
	r := Resolved{Value: c.Value, Missing: c.Missing, Confidence: c.Confidence, Source: c.Source, Note: c.Note, Column: column, Scale: c.Scale, InForce: inForce}
	if c.Of != nil {
		r = c.Of.resolve(r, region, year, half, memo)
	}
	if column == "national" && r.Confidence < Inferred {
		r.Confidence = Inferred
	}
	return r
}

// maxCitation bounds the sources a target that follows others cites.
const maxCitation = 400

// resolve completes a relative cell r: the target it follows, resolved for the same region
// and year, times the factor. It is as certain as the less certain of the relation and that
// target, and cites both. Links are checked for cycles at load, so the recursion ends.
func (o *Relative) resolve(r Resolved, region string, year, half int, memo map[memoKey]Resolved) Resolved {
	r.Follows = &Follows{Indicator: o.Indicator, Field: o.Field, Times: o.Times}
	if o.Field != "" {
		return r // the value is the unit's: the program computes it for each unit
	}
	if o.ref == nil {
		r.Missing = fmt.Sprintf("the target of indicator %s it follows is not linked", o.Indicator)
		r.Confidence = 0
		return r
	}
	base := o.ref.resolve(region, year, half, memo)
	if !base.Known() || base.Value.kind != kindNumber {
		r.Missing = fmt.Sprintf("the target of indicator %s it follows is missing: %s", o.Indicator, base.Missing)
		r.Confidence = 0 // a missing target has no confidence
		return r
	}
	r.Follows.Of = base.Value
	// Exactly, or not at all: a product that does not fit the engine's decimals is unknown,
	// never rounded or wrapped around to a bar no one set.
	v, ok := mulNum(base.Value.number(), o.Times)
	if !ok || v.coef > exprMaxMag || v.coef < -exprMaxMag {
		r.Missing = fmt.Sprintf("out of range: %s × the target of indicator %s (%s) cannot be computed exactly", o.Times, o.Indicator, base.Value)
		r.Confidence = 0
		return r
	}
	r.Value = NumberValue(v.normal())
	r.Confidence = max(r.Confidence, base.Confidence)
	if base.Source != "" && !strings.Contains(r.Source, base.Source) {
		// Each link cites its own source and the one it follows, up to a bound: a long chain
		// of distinct sources would otherwise grow with the square of its length.
		if len(r.Source)+len(base.Source) <= maxCitation {
			r.Source += "; " + base.Source
		} else if !strings.HasSuffix(r.Source, "; …") {
			r.Source += "; …"
		}
	}
	return r
}

// forYear returns the cell in force at the end of a year.
func (c *Cell) forYear(year int) *Cell {
	cell, _ := c.forDay(year*10000 + 1231)
	return cell
}

// forDay returns the cell in force on a day (year·10000 + month·100 + day), and the label of
// a dated cell chosen ("" for a cell of whole years).
func (c *Cell) forDay(day int) (*Cell, string) {
	if len(c.Years) == 0 {
		return c, ""
	}
	for _, y := range c.Years {
		if day >= y.start() && day <= y.end() {
			if y.dated() {
				return y.Cell, y.Label()
			}
			return y.Cell, ""
		}
	}
	return nil, ""
}

// Deviation is one difference between a layered ruleset and the ruleset it extends.
type Deviation struct {
	Kind   string // field_added, criterion_added, indicator_added, indicator_disabled, condition_added, annotation, regions_restricted, group_added, target_changed
	Path   string // e.g. "criterion 10 › indicator 10 › check income › target › dbscl › 2018"
	Old    string // the target replaced, or ""
	New    string // the new target, or ""
	Effect string // for target_changed: tightens, loosens, same, fills, not_comparable
	Reason string
	Layer  string // id@version of the file that made the change
	Pos    Pos

	what             Text // the item for a reader (What)
	op               Op   // target_changed: the check's comparator and unit
	unit             string
	oldCell, newCell *Cell // target_changed: the cells compared (Values)
	newText          Text  // annotation: the value set, for a reader (Values)
	oldText          Text  // measure_replaced: the old measure, for a reader (Values)
}
