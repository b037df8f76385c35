package criteria

import (
	"encoding/json"
	"fmt"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// Text is a bilingual label: Vietnamese (the official wording) and an English gloss.
type Text struct {
	VI string `json:"vi"`
	EN string `json:"en,omitempty"`
}

// In returns the label in the given language ("vi" or "en"), falling back to the other one.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	if t.VI == "" {
		return t.EN
	}
	return t.VI
}

type valueKind uint8

const (
	kindMissing valueKind = iota
	kindNumber
	kindBool
	kindText
)

// Value is one datum of a unit or one measured value: a number, a boolean, a text, or missing.
// The zero value is missing; a missing value is never read as zero.
type Value struct {
	kind valueKind
	b    bool
	num  Number
	s    string
}

// NumberValue returns a numeric value.
func NumberValue(n Number) Value { return Value{kind: kindNumber, num: n} }

// BoolValue returns a boolean value.
func BoolValue(b bool) Value { return Value{kind: kindBool, b: b} }

// TextValue returns a text value (normalised to NFC).
func TextValue(s string) Value { return Value{kind: kindText, s: norm.NFC.String(s)} }

// IsMissing reports whether the value is missing.
func (v Value) IsMissing() bool { return v.kind == kindMissing }

// Number returns the numeric value and whether the value is a number.
func (v Value) Number() (Number, bool) { return v.num, v.kind == kindNumber }

// Bool returns the boolean value and whether the value is a boolean.
func (v Value) Bool() (bool, bool) { return v.b, v.kind == kindBool }

// Text returns the text value and whether the value is a text.
func (v Value) Text() (string, bool) { return v.s, v.kind == kindText }

// String formats the value for people: numbers in plain decimals, booleans as true/false,
// missing as "—".
func (v Value) String() string {
	switch v.kind {
	case kindNumber:
		return v.num.String()
	case kindBool:
		return strconv.FormatBool(v.b)
	case kindText:
		return v.s
	}
	return "—"
}

// Equal reports whether two values are the same (numbers compared exactly).
func (v Value) Equal(w Value) bool {
	if v.kind != w.kind {
		return false
	}
	switch v.kind {
	case kindNumber:
		return v.num.Equal(w.num)
	case kindBool:
		return v.b == w.b
	case kindText:
		return v.s == w.s
	}
	return true
}

// MarshalJSON writes numbers as exact JSON numbers, booleans, strings, and missing as null.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case kindNumber:
		return []byte(v.num.String()), nil
	case kindBool:
		return []byte(strconv.FormatBool(v.b)), nil
	case kindText:
		return json.Marshal(v.s)
	}
	return []byte("null"), nil
}

// cmp compares two values of the same kind: numbers by value, booleans and texts by equality
// (0 when equal, 1 otherwise). ok is false when the kinds differ.
func (v Value) cmp(w Value) (int, bool) {
	if v.kind != w.kind {
		return 0, false
	}
	switch v.kind {
	case kindNumber:
		return v.num.Cmp(w.num), true
	case kindBool:
		if v.b == w.b {
			return 0, true
		}
		return 1, true
	case kindText:
		if v.s == w.s {
			return 0, true
		}
		return 1, true
	}
	return 0, false
}

// schema is the ordered list of a ruleset's fields with an index by id. Values and Programs of
// the same ruleset share one schema, so a compiled check reads a field by its position.
type schema struct {
	fields []*Field
	index  map[string]int
}

func (s *schema) lookup(id string) (int, bool) {
	i, ok := s.index[id]
	return i, ok
}

func (s *schema) ids() []string {
	out := make([]string, len(s.fields))
	for i, f := range s.fields {
		out[i] = f.ID
	}
	return out
}

// Values holds the data of one unit, typed by the fields of a ruleset. Create it with
// Ruleset.NewValues; set values with Set or SetString, which check the field's type and range.
type Values struct {
	sch *schema
	v   []Value
}

// NewValues returns an empty set of values for the ruleset's fields.
func (rs *Ruleset) NewValues() *Values {
	return &Values{sch: rs.schema, v: make([]Value, len(rs.schema.fields))}
}

// Clone returns an independent copy.
func (vs *Values) Clone() *Values {
	c := &Values{sch: vs.sch, v: make([]Value, len(vs.v))}
	copy(c.v, vs.v)
	return c
}

// Field returns the declaration of a field by id.
func (vs *Values) Field(id string) (*Field, bool) {
	i, ok := vs.sch.lookup(id)
	if !ok {
		return nil, false
	}
	return vs.sch.fields[i], true
}

// Get returns the value of a field; ok is false when the field is not declared.
func (vs *Values) Get(id string) (v Value, ok bool) {
	i, ok := vs.sch.lookup(id)
	if !ok {
		return Value{}, false
	}
	return vs.v[i], true
}

// Unset makes a field missing.
func (vs *Values) Unset(id string) error {
	i, ok := vs.sch.lookup(id)
	if !ok {
		return vs.unknownField(id)
	}
	vs.v[i] = Value{}
	return nil
}

// Present returns the ids of the fields that have a value, in declaration order.
func (vs *Values) Present() []string {
	var out []string
	for i, v := range vs.v {
		if !v.IsMissing() {
			out = append(out, vs.sch.fields[i].ID)
		}
	}
	return out
}

func (vs *Values) unknownField(id string) error {
	e := &Error{Code: CodeRefField, Message: fmt.Sprintf("unknown field %q", id)}
	e.Suggest = ydec.Suggest(id, vs.sch.ids())
	return e
}

// Set sets a field's value after checking it against the field's type and plausible range.
// Setting a missing Value unsets the field.
func (vs *Values) Set(id string, v Value) error {
	i, ok := vs.sch.lookup(id)
	if !ok {
		return vs.unknownField(id)
	}
	f := vs.sch.fields[i]
	if f.From != nil {
		return &Error{Code: CodeDataColumn, Message: fmt.Sprintf("field %q is derived by the engine (%s) and cannot be supplied", id, f.From)}
	}
	if v.IsMissing() {
		vs.v[i] = Value{}
		return nil
	}
	if err := f.check(v); err != nil {
		return err
	}
	if v.kind == kindNumber {
		v.num = v.num.normal()
	}
	vs.v[i] = v
	return nil
}

// SetString parses s according to the field's type and sets it. An empty string (after
// trimming spaces) makes the field missing. Numbers use a decimal point; booleans may be
// written true/false, yes/no, 1/0, có/không or đạt/không đạt (any case).
func (vs *Values) SetString(id, s string) error {
	i, ok := vs.sch.lookup(id)
	if !ok {
		return vs.unknownField(id)
	}
	f := vs.sch.fields[i]
	t := strings.TrimSpace(s)
	if t == "" {
		return vs.Set(id, Value{})
	}
	v, err := f.Parse(t)
	if err != nil {
		return err
	}
	return vs.Set(id, v)
}

// Parse reads a textual value of the field's type without checking its range.
func (f *Field) Parse(s string) (Value, error) {
	t := strings.TrimSpace(s)
	switch f.Type {
	case TypeBoolean:
		b, ok := parseBool(t)
		if !ok {
			return Value{}, &Error{Code: CodeData, Message: fmt.Sprintf("field %q: %q is not a boolean (expected true/false, có/không, đạt/không đạt, yes/no or 1/0)", f.ID, s)}
		}
		return BoolValue(b), nil
	case TypeText:
		return TextValue(t), nil
	}
	n, err := ParseNumber(t)
	if err != nil {
		hint := "a number with a decimal point, e.g. 47.5"
		if strings.Contains(t, ",") {
			hint += "; a decimal comma or thousands separator is not accepted"
		}
		return Value{}, &Error{Code: CodeData, Message: fmt.Sprintf("field %q (%s): %q is not %s", f.ID, f.Type, s, hint)}
	}
	return NumberValue(n), nil
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(norm.NFC.String(s)) {
	case "true", "yes", "1", "có", "đạt", "x":
		return true, true
	case "false", "no", "0", "không", "không đạt":
		return false, true
	}
	return false, false
}

// check verifies that v has the field's type and lies in its plausible range.
func (f *Field) check(v Value) error {
	switch f.Type {
	case TypeBoolean:
		if v.kind != kindBool {
			return &Error{Code: CodeData, Message: fmt.Sprintf("field %q expects a boolean, got %s", f.ID, v)}
		}
		return nil
	case TypeText:
		if v.kind != kindText {
			return &Error{Code: CodeData, Message: fmt.Sprintf("field %q expects a text, got %s", f.ID, v)}
		}
		return nil
	}
	if v.kind != kindNumber {
		return &Error{Code: CodeData, Message: fmt.Sprintf("field %q expects a %s, got %s", f.ID, f.Type, v)}
	}
	n := v.num
	if f.Type == TypeCount && (!n.IsInteger() || n.Sign() < 0) {
		return &Error{Code: CodeData, Message: fmt.Sprintf("field %q expects a count (a whole number ≥ 0), got %s", f.ID, n)}
	}
	if f.Type == TypePercent && (n.Sign() < 0 || n.Cmp(IntNumber(100)) > 0) {
		return &Error{Code: CodeDataRange, Message: fmt.Sprintf("field %q expects a percentage from 0 to 100, got %s", f.ID, n)}
	}
	if f.Range.Min != nil && n.Cmp(*f.Range.Min) < 0 || f.Range.Max != nil && n.Cmp(*f.Range.Max) > 0 {
		return &Error{Code: CodeDataRange, Message: fmt.Sprintf("field %q: %s is outside the plausible range %s", f.ID, n, f.Range)}
	}
	return nil
}

// Period is the time a unit's data describes: a year, or a half of it.
type Period struct {
	Year int // e.g. 2020
	Half int // 0 for the whole year, 1 or 2 for a half-year review
}

// ParsePeriod reads "2020", "2020-H1" or "2020-H2".
func ParsePeriod(s string) (Period, error) {
	t := strings.TrimSpace(s)
	y, h, hasHalf := strings.Cut(t, "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < 1900 || year > 2200 {
		return Period{}, fmt.Errorf("period %q: expected a year such as 2020, or 2020-H1 / 2020-H2", s)
	}
	p := Period{Year: year}
	if hasHalf {
		switch strings.ToUpper(h) {
		case "H1":
			p.Half = 1
		case "H2":
			p.Half = 2
		default:
			return Period{}, fmt.Errorf("period %q: expected a year such as 2020, or 2020-H1 / 2020-H2", s)
		}
	}
	return p, nil
}

// String writes the period as ParsePeriod reads it.
func (p Period) String() string {
	if p.Half == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%d-H%d", p.Year, p.Half)
}

// Before reports whether p ends before q starts or ends (periods ordered by year, then half;
// a whole year sorts after its halves).
func (p Period) Before(q Period) bool {
	if p.Year != q.Year {
		return p.Year < q.Year
	}
	return halfOrder(p.Half) < halfOrder(q.Half)
}

func halfOrder(h int) int {
	if h == 0 {
		return 3
	}
	return h
}

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Recognition is one entry of a unit's recognition history: the title it was given, when,
// and by which decision. Recorded holds values recorded at that time (e.g. the income when the
// commune was recognised, which the model-commune criteria compare with).
type Recognition struct {
	Level    string            `json:"level"`              // ntm, advanced, model, district, town
	Year     int               `json:"year"`               // the year the title is for
	Decision string            `json:"decision,omitempty"` // decision number, e.g. "123/QĐ-UBND"
	Recorded map[string]Number `json:"recorded,omitempty"`
}

// Unit is one administrative unit to evaluate: a commune, a district, a town.
type Unit struct {
	Code     string        // official code, e.g. "32221"
	Name     string        // e.g. "Tân Hải"
	District string        // the district-level unit it belongs to (name or code)
	Region   string        // region id of the ruleset, e.g. "dbscl"
	Level    Level         // optional: the kind of unit (a district-level unit may be a town)
	Period   Period        // the period its values describe
	Values   *Values       // its data, typed by the ruleset's fields
	History  []Recognition // its recognition history (input, not computed)
	Members  []*Result     // for a higher level: the results of its member units
	Source   string        // where it was read from, e.g. "communes.csv:12"
}

// Recognised returns the latest recognition at the given level in effect for the period
// (given in or before the period's year), or nil.
func (u *Unit) Recognised(level string, p Period) *Recognition {
	var best *Recognition
	for i := range u.History {
		r := &u.History[i]
		if r.Level == level && r.HeldIn(p) && (best == nil || r.Year >= best.Year) {
			best = r
		}
	}
	return best
}

// HeldIn reports whether a title given for year Y is held in the period: in every period of
// later years, and in year Y's whole-year and second-half reviews — not in its first half,
// since titles for a year are decided towards its end.
func (r *Recognition) HeldIn(p Period) bool {
	return r.Year < p.Year || r.Year == p.Year && p.Half != 1
}

// UnmarshalYAML reads a label written as {vi: …, en: …} or as a plain (Vietnamese) string.
func (t *Text) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		t.VI = norm.NFC.String(n.Value)
		return nil
	}
	var m struct {
		VI string `yaml:"vi"`
		EN string `yaml:"en"`
	}
	if err := n.Decode(&m); err != nil {
		return err
	}
	t.VI, t.EN = norm.NFC.String(m.VI), norm.NFC.String(m.EN)
	return nil
}

// inconsistency is a value that exceeds the field it must not exceed.
type inconsistency struct {
	field, other string
	msg          string
}

func (vs *Values) inconsistencies() []inconsistency {
	var out []inconsistency
	for i, f := range vs.sch.fields {
		if f.AtMost == "" || vs.v[i].kind != kindNumber {
			continue
		}
		j, ok := vs.sch.lookup(f.AtMost)
		if !ok || vs.v[j].kind != kindNumber {
			continue
		}
		if vs.v[i].num.Cmp(vs.v[j].num) > 0 {
			out = append(out, inconsistency{field: f.ID, other: f.AtMost,
				msg: fmt.Sprintf("field %q is %s, more than %q (%s); it may not exceed it", f.ID, vs.v[i].num, f.AtMost, vs.v[j].num)})
		}
	}
	return out
}

// Check returns the values that contradict each other: a field above the field it may not
// exceed (at_most in the rule file). The readers reject such rows; a program that builds
// Values itself can call Check before evaluating.
func (vs *Values) Check() ErrorList {
	var out ErrorList
	for _, x := range vs.inconsistencies() {
		out = append(out, &Error{Path: "field " + x.field, Code: CodeDataConsistency, Message: x.msg})
	}
	return out
}
