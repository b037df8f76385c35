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
