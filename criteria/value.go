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
