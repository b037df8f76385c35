// Package ydec decodes YAML node trees with positions: every problem it finds, and every
// problem its callers report through it, carries file, line, column, an item path and a
// stable code. It is shared by the rule, case and scoring-scheme readers.
package ydec

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one problem found in a rule file, a scheme, a case file or a data file. It names
// where the problem is (file, line and column, or CSV row and column), the path of the item
// (criterion 17 › indicator 17.1 › check 2), a stable machine-readable code and, where a near
// name exists, a suggestion.
type Error struct {
	File    string // file name as given to the loader or reader
	Line    int    // 1-based line (for CSV: the row, header = 1); 0 if unknown
	Column  int    // 1-based column; 0 if unknown
	Path    string // item path, e.g. "criterion 17 › indicator 17.1 › check hygienic"
	Code    string // stable code, e.g. "E-KEY-UNKNOWN" (errors) or "W-TARGET-MISSING" (warnings)
	Message string // what is wrong and what was expected
	Suggest string // a near name ("did you mean …"), or ""
}

// Error formats the problem on one line: file:line:col: path: message (did you mean "x"?) [CODE].
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Column > 0 {
				fmt.Fprintf(&b, ":%d", e.Column)
			}
		}
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Suggest != "" {
		fmt.Fprintf(&b, " (did you mean %q?)", e.Suggest)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " [%s]", e.Code)
	}
	return b.String()
}

// IsWarning reports whether the problem is a warning (its code starts with "W-").
func (e *Error) IsWarning() bool { return strings.HasPrefix(e.Code, "W-") }

// ErrorList is every problem found in one load or read, sorted by position.
type ErrorList []*Error

// Error summarises the list on one line: the first problem, and how many more there are.
// Use Lines for every problem, one per line.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Lines returns every problem formatted on its own line.
func (l ErrorList) Lines() string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// Sort orders the list by file, line, column and message.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Message < b.Message
	})
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Errors returns the problems held by err: the elements of an ErrorList, a single *Error,
// or nil when err holds neither.
func Errors(err error) []*Error {
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	var e *Error
	if errors.As(err, &e) {
		return []*Error{e}
	}
	return nil
}

// Codes of the problems the decoder itself reports.
const (
	CodeSyntax       = "E-SYNTAX"        // the file is not valid YAML/JSON/CSV
	CodeKeyUnknown   = "E-KEY-UNKNOWN"   // a key the format does not define
	CodeKeyMissing   = "E-KEY-MISSING"   // a required key is absent
	CodeKeyDuplicate = "E-KEY-DUPLICATE" // a key appears twice in a mapping
	CodeType         = "E-TYPE"          // a value of the wrong type
	CodeValue        = "E-VALUE"         // a value outside what the format allows
)
