package criteria

import (
	"encoding/json"
	"fmt"
)

// Status is the verdict of a check, indicator, criterion or condition.
type Status uint8

// The four verdicts. The zero value is Unknown, so nothing is met by accident.
const (
	Unknown       Status = iota // data or target missing
	Met                         // the target is reached
	NotMet                      // the target is not reached
	NotApplicable               // the indicator does not apply to this unit (counted as met)
)

var statusNames = [...]string{"unknown", "met", "not_met", "not_applicable"}

// String returns the status as written in rule files and JSON: met, not_met, not_applicable, unknown.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}

// Label returns the status in Vietnamese ("vi") or English (any other language).
func (s Status) Label(lang string) string {
	vi := [...]string{"chưa rõ", "đạt", "không đạt", "không áp dụng"}
	en := [...]string{"unknown", "met", "not met", "not applicable"}
	if int(s) >= len(vi) {
		return s.String()
	}
	if lang == "vi" {
		return vi[s]
	}
	return en[s]
}

// ParseStatus reads a status written as in String.
func ParseStatus(s string) (Status, error) {
	for i, n := range statusNames {
		if n == s {
			return Status(i), nil
		}
	}
	return Unknown, fmt.Errorf("unknown status %q (expected met, not_met, not_applicable or unknown)", s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Truth is a three-valued fact about a unit: yes, no, or unknown (data missing).
type Truth uint8

// The three truth values. The zero value is TruthUnknown.
const (
	TruthUnknown Truth = iota
	Yes
	No
)

// String returns "yes", "no" or "unknown".
func (t Truth) String() string {
	switch t {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return "unknown"
}

// ParseTruth reads "yes", "no" or "unknown".
func ParseTruth(s string) (Truth, error) {
	switch s {
	case "yes":
		return Yes, nil
	case "no":
		return No, nil
	case "unknown":
		return TruthUnknown, nil
	}
	return TruthUnknown, fmt.Errorf("unknown truth value %q (expected yes, no or unknown)", s)
}

// MarshalJSON writes the truth value as a string.
func (t Truth) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON reads a truth value written as a string.
func (t *Truth) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseTruth(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Confidence says how sure the ruleset is of a target cell.
type Confidence uint8

// Confidence levels, from the most to the least certain.
const (
	Verified    Confidence = iota + 1 // stated for this region in a cited source
	Inferred                          // deduced, e.g. the national value assumed for a region
	Predecessor                       // taken from the predecessor decision, a fallback only
	Unverified                        // recalled but not confirmed by any source consulted
	Conflicting                       // sources disagree
)

var confidenceNames = [...]string{"", "verified", "inferred", "predecessor", "unverified", "conflicting"}

// String returns the confidence as written in rule files.
func (c Confidence) String() string {
	if int(c) < len(confidenceNames) && c != 0 {
		return confidenceNames[c]
	}
	return "none"
}

// MarshalText implements encoding.TextMarshaler.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func parseConfidence(s string) (Confidence, bool) {
	for i, n := range confidenceNames {
		if i > 0 && n == s {
			return Confidence(i), true
		}
	}
	return 0, false
}

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

// Op is a comparator applied by the engine between a measured value and a target.
type Op uint8

// Comparators.
const (
	OpGE Op = iota + 1 // >=
	OpGT               // >
	OpLE               // <=
	OpLT               // <
	OpEQ               // ==
	OpNE               // !=
)

var opNames = [...]string{"", ">=", ">", "<=", "<", "==", "!="}

// String returns the comparator's symbol.
func (o Op) String() string {
	if int(o) < len(opNames) && o != 0 {
		return opNames[o]
	}
	return "?"
}

// MarshalText implements encoding.TextMarshaler.
func (o Op) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

func parseOp(s string) (Op, bool) {
	for i, n := range opNames {
		if i > 0 && n == s {
			return Op(i), true
		}
	}
	return 0, false
}

// holds reports whether cmp (the sign of value − target) satisfies the comparator.
func (o Op) holds(cmp int) bool {
	switch o {
	case OpGE:
		return cmp >= 0
	case OpGT:
		return cmp > 0
	case OpLE:
		return cmp <= 0
	case OpLT:
		return cmp < 0
	case OpEQ:
		return cmp == 0
	case OpNE:
		return cmp != 0
	}
	return false
}

// Level is the kind of administrative unit a ruleset describes.
type Level string

// Known levels.
const (
	LevelCommune  Level = "commune"
	LevelDistrict Level = "district"
	LevelTown     Level = "town"
	LevelHamlet   Level = "hamlet"
	LevelProvince Level = "province"
)

func validLevel(s string) bool {
	switch Level(s) {
	case LevelCommune, LevelDistrict, LevelTown, LevelHamlet, LevelProvince:
		return true
	}
	return false
}
