// Package cell makes text safe to write into a spreadsheet cell.
package cell

import "strings"

// Neutralize returns s so that a spreadsheet opening the CSV shows it as text and never runs
// it as a formula: a cell beginning with '=', '+', '-', '@', a tab or a carriage return gets a
// leading apostrophe, which spreadsheets hide and treat as "this is text". A cell that is a
// plain number ("-5", "+1.25", "-47,5") is left as it is, so numbers stay numbers.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if isNumber(s) {
			return s
		}
		return "'" + s
	}
	return s
}

// isNumber reports whether s is a sign, digits and at most one decimal point or comma.
func isNumber(s string) bool {
	if s[0] != '+' && s[0] != '-' {
		return false
	}
	body := s[1:]
	if body == "" || strings.Count(body, ".")+strings.Count(body, ",") > 1 {
		return false
	}
	digits := 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == ',':
		default:
			return false
		}
	}
	return digits > 0
}
