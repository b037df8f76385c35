package criteria

import (
	"fmt"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"golang.org/x/text/unicode/norm"
)

// FieldType is the type of a data field.
type FieldType uint8

// Field types.
const (
	TypeNumber  FieldType = iota + 1 // any exact decimal
	TypeCount                        // a whole number ≥ 0
	TypePercent                      // a decimal from 0 to 100
	TypeBoolean                      // true or false
	TypeText                         // a string
)

var fieldTypeNames = [...]string{"", "number", "count", "percent", "boolean", "text"}

// String returns the type as written in rule files.
func (t FieldType) String() string {
	if int(t) < len(fieldTypeNames) && t != 0 {
		return fieldTypeNames[t]
	}
	return "invalid"
}

// MarshalText implements encoding.TextMarshaler.
func (t FieldType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Numeric reports whether values of the type are numbers.
func (t FieldType) Numeric() bool { return t == TypeNumber || t == TypeCount || t == TypePercent }

func parseFieldType(s string) (FieldType, bool) {
	for i, n := range fieldTypeNames {
		if i > 0 && n == s {
			return FieldType(i), true
		}
	}
	return 0, false
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
		if len(f.Values) == 0 {
			return TextValue(t), nil
		}
		return f.enumValue(s, t)
	}
	n, err := ParseNumber(t)
	if err != nil {
		if err != errNumberSyntax {
			// A number well written but too long to be kept exactly: say so.
			return Value{}, &Error{Code: CodeData, Message: fmt.Sprintf("field %q (%s): %q has too many digits (%v): a number is kept exactly with at most 18 significant digits, at most 18 of them after the point", f.ID, f.Type, s, err)}
		}
		hint := "a number with a decimal point, e.g. 47.5"
		if f.Type == TypeCount {
			hint = "a whole number, e.g. 120"
		}
		if strings.Contains(t, ",") {
			hint += "; a decimal comma or thousands separator is not accepted"
		}
		return Value{}, &Error{Code: CodeData, Message: fmt.Sprintf("field %q (%s): %q is not %s", f.ID, f.Type, s, hint)}
	}
	return NumberValue(n), nil
}

func parseBool(s string) (bool, bool) {
	switch s { // the common spellings, without normalising
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
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
	n := v.number()
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

// enumValue reads a value of an enumerated text field, by its id or by its label in any
// language it is written in (any case), as its id; anything else is refused with the nearest.
func (f *Field) enumValue(raw, t string) (Value, error) {
	low := strings.ToLower(norm.NFC.String(t))
	var names, near []string
	for _, v := range f.Values {
		if t == v.ID {
			return TextValue(v.ID), nil
		}
		for _, l := range v.Label.Languages() {
			if low == strings.ToLower(norm.NFC.String(v.Label.In(l))) {
				return TextValue(v.ID), nil
			}
		}
		names = append(names, v.Label.VI+" ("+v.ID+")")
		near = append(near, v.ID, strings.ToLower(norm.NFC.String(v.Label.VI)))
	}
	e := &Error{Code: CodeData, Message: fmt.Sprintf("field %q: %q is not one of its values: %s", f.ID, raw, strings.Join(names, ", "))}
	e.Suggest = ydec.Suggest(low, near)
	return Value{}, e
}
