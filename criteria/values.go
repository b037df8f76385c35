package criteria

import (
	"fmt"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// schema is the ordered list of a ruleset's fields with an index by id. Values and Programs of
// the same ruleset share one schema, so a compiled check reads a field by its position.
type schema struct {
	fields []*Field
	index  map[string]int
	idList []string // the fields' ids, in order: what a suggestion is searched among
}

func (s *schema) lookup(id string) (int, bool) {
	i, ok := s.index[id]
	return i, ok
}

// ids returns the fields' ids in order; the list is shared and must not be changed.
func (s *schema) ids() []string {
	if s.idList != nil || len(s.fields) == 0 {
		return s.idList
	}
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
		n := v.number().normal()
		v.coef, v.scale = n.coef, n.scale
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
		j, ok := vs.sch.atMostPresent(i, vs.v)
		if !ok || vs.v[i].number().Cmp(vs.v[j].number()) <= 0 {
			continue
		}
		g := vs.sch.fields[j]
		msg := fmt.Sprintf("field %q is %s, more than %q (%s); it may not exceed it", f.ID, vs.v[i].number(), g.ID, vs.v[j].number())
		if g.ID != f.AtMost {
			msg = fmt.Sprintf("field %q is %s, more than %q (%s), which %q (not given) may not exceed; it may not exceed it", f.ID, vs.v[i].number(), g.ID, vs.v[j].number(), f.AtMost)
		}
		out = append(out, inconsistency{field: f.ID, other: g.ID, msg: msg})
	}
	return out
}

// atMostPresent follows field i's at_most chain past the fields with no value, to the first
// that has one: clean-water households may not exceed hygienic-water households, which may
// not exceed all households, so with the middle value missing the first is checked against
// the last. Chains have no cycle (refused at load) and at most as many links as fields.
func (s *schema) atMostPresent(i int, v []Value) (int, bool) {
	for steps := 0; steps < len(s.fields); steps++ {
		j, ok := s.lookup(s.fields[i].AtMost)
		if !ok || s.fields[i].AtMost == "" {
			return 0, false
		}
		if v[j].kind == kindNumber {
			return j, true
		}
		i = j
	}
	return 0, false
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
