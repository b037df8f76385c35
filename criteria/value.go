package criteria

import (
	"encoding/json"
	"strconv"

	"golang.org/x/text/unicode/norm"
)

type valueKind uint8

const (
	kindMissing valueKind = iota
	kindNumber
	kindBool
	kindText
)

// Value is one datum of a unit or one measured value: a number, a boolean, a text, or missing.
// The zero value is missing; a missing value is never read as zero.
//
// A Value is 24 bytes, laid out flat (a number's coefficient and scale, a text by reference),
// because a unit holds one per field and evaluation reads them all.
type Value struct {
	coef  int64   // a number's coefficient: the number is coef × 10^-scale
	text  *string // a text's characters
	scale uint8
	kind  valueKind
	b     bool
}

// NumberValue returns a numeric value.
func NumberValue(n Number) Value { return Value{kind: kindNumber, coef: n.coef, scale: n.scale} }

// BoolValue returns a boolean value.
func BoolValue(b bool) Value { return Value{kind: kindBool, b: b} }

// TextValue returns a text value (normalised to NFC).
func TextValue(s string) Value {
	t := norm.NFC.String(s)
	return Value{kind: kindText, text: &t}
}

// number returns a numeric value's number.
func (v Value) number() Number { return Number{coef: v.coef, scale: v.scale} }

// str returns a text value's characters ("" for other values).
func (v Value) str() string {
	if v.text == nil {
		return ""
	}
	return *v.text
}

// IsMissing reports whether the value is missing.
func (v Value) IsMissing() bool { return v.kind == kindMissing }

// Number returns the numeric value and whether the value is a number.
func (v Value) Number() (Number, bool) { return v.number(), v.kind == kindNumber }

// Bool returns the boolean value and whether the value is a boolean.
func (v Value) Bool() (bool, bool) { return v.b, v.kind == kindBool }

// Text returns the text value and whether the value is a text.
func (v Value) Text() (string, bool) { return v.str(), v.kind == kindText }

// String formats the value for people: numbers in plain decimals, booleans as true/false,
// missing as "—".
func (v Value) String() string {
	switch v.kind {
	case kindNumber:
		return v.number().String()
	case kindBool:
		return strconv.FormatBool(v.b)
	case kindText:
		return v.str()
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
		return v.number().Equal(w.number())
	case kindBool:
		return v.b == w.b
	case kindText:
		return v.str() == w.str()
	}
	return true
}

// MarshalJSON writes numbers as exact JSON numbers, booleans, strings, and missing as null.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case kindNumber:
		return []byte(v.number().String()), nil
	case kindBool:
		return []byte(strconv.FormatBool(v.b)), nil
	case kindText:
		return json.Marshal(v.str())
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
		return v.number().Cmp(w.number()), true
	case kindBool:
		if v.b == w.b {
			return 0, true
		}
		return 1, true
	case kindText:
		if v.str() == w.str() {
			return 0, true
		}
		return 1, true
	}
	return 0, false
}
