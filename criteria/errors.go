package criteria

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// Error is one problem found in a rule file, a scheme, a case file, a data file or a unit.
// It names where the problem is (file, line and column, or CSV row and column), the path of
// the item (criterion 17 › indicator 17.1 › check 2), a stable machine-readable code, whether
// it is an error or a warning and, where a near name exists, a suggestion. Error() formats it
// on one line.
//
// Every problem the loaders, the data readers and evaluation of this package and of package
// scoring report is an *Error, returned alone or in an ErrorList, so errors.As(err, &e) with e
// an *Error finds the first problem and Errors(err) lists them all. Errors that are not about
// the input (a done context, a Ruleset not returned by Load given to Compile) are returned as
// they are.
type Error struct {
	File     string   // file name as given to the loader or reader
	Line     int      // 1-based line (for CSV: the row, header = 1); 0 if unknown
	Column   int      // 1-based column; 0 if unknown
	Path     string   // item path, e.g. "criterion 17 › indicator 17.1 › check hygienic"
	Code     Code     // stable code, e.g. CodeKeyUnknown ("E-KEY-UNKNOWN") or WarnTargetMissing
	Severity Severity // SeverityError, or SeverityWarning for what is only noticed
	Message  string   // what is wrong and what was expected
	Suggest  string   // a near name ("did you mean …"), or ""
}

// Error formats the problem on one line: file:line:col: path: message (did you mean "x"?) [CODE].
func (e *Error) Error() string {
	return ydec.Format(e.File, e.Line, e.Column, e.Path, e.Message, e.Suggest, string(e.Code))
}

// IsWarning reports whether the problem is a warning: its Severity is SeverityWarning.
func (e *Error) IsWarning() bool { return e.Severity == SeverityWarning }

// ErrorList is every problem found in one load or read, sorted by position. Error() gives
// the first problem and how many more there are; Lines() gives every problem, one per line.
// errors.As finds its elements: as an *Error, the first one.
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
	if len(l) == 2 {
		return fmt.Sprintf("%s (and 1 more error)", l[0].Error())
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

// Unwrap returns the problems of the list, so that errors.As and errors.Is look into it.
func (l ErrorList) Unwrap() []error {
	out := make([]error, 0, len(l))
	for _, e := range l {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
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

// Pos is a position in a source file: file, line and column (1-based; 0 when unknown).
type Pos struct {
	File   string
	Line   int
	Column int
}

// String formats the position as file:line:col.
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }
