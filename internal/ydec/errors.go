// Package ydec decodes YAML node trees with positions: every problem it finds, and every
// problem its callers report through it, carries file, line, column, an item path and a
// stable code. It is shared by the rule, case and scoring-scheme readers, which turn its
// problems into their own error type (criteria.Error) at their API.
package ydec

import (
	"fmt"
	"strings"
)

// Error is one problem recorded by a Decoder: where it is, the item path, a code, what is
// wrong and, where a near name exists, a suggestion. Whether it is an error or a warning is
// told by the list it is in (Decoder.Errs or Decoder.Warns).
type Error struct {
	File    string // file name as given to the decoder
	Line    int    // 1-based line; 0 if unknown
	Column  int    // 1-based column; 0 if unknown
	Path    string // item path, e.g. "criterion 17 › indicator 17.1 › check hygienic"
	Code    string // stable code, e.g. "E-KEY-UNKNOWN"
	Message string // what is wrong and what was expected
	Suggest string // a near name ("did you mean …"), or ""

	dropped bool // past the decoder's MaxProblems: not kept, so not worth a suggestion
}

// Near sets the suggestion to the candidate nearest to name, if one is near enough. It does
// nothing for a problem the decoder only counted, so a flood of errors costs no searches.
func (e *Error) Near(name string, candidates []string) {
	if e != nil && !e.dropped {
		e.Suggest = Suggest(name, candidates)
	}
}

// Error formats the problem on one line, as Format does.
func (e *Error) Error() string {
	return Format(e.File, e.Line, e.Column, e.Path, e.Message, e.Suggest, e.Code)
}

// Format writes a positioned problem on one line, the form every error of the project takes:
// file:line:col: path: message (did you mean "x"?) [CODE]. Empty parts are left out.
func Format(file string, line, col int, path, message, suggest, code string) string {
	var b strings.Builder
	if file != "" {
		b.WriteString(file)
		if line > 0 {
			fmt.Fprintf(&b, ":%d", line)
			if col > 0 {
				fmt.Fprintf(&b, ":%d", col)
			}
		}
		b.WriteString(": ")
	}
	if path != "" {
		b.WriteString(path)
		b.WriteString(": ")
	}
	b.WriteString(message)
	if suggest != "" {
		fmt.Fprintf(&b, " (did you mean %q?)", suggest)
	}
	if code != "" {
		fmt.Fprintf(&b, " [%s]", code)
	}
	return b.String()
}

// ErrorList is the problems a Decoder recorded, in the order recorded.
type ErrorList []*Error

// Codes of the problems the decoder itself reports; criteria declares the same strings.
const (
	CodeSyntax       = "E-SYNTAX"        // the file is not valid YAML/JSON/CSV
	CodeFileLimit    = "E-FILE-LIMIT"    // the file nests too deep or holds too many values
	CodeKeyUnknown   = "E-KEY-UNKNOWN"   // a key the format does not define
	CodeKeyMissing   = "E-KEY-MISSING"   // a required key is absent
	CodeKeyDuplicate = "E-KEY-DUPLICATE" // a key appears twice in a mapping
	CodeType         = "E-TYPE"          // a value of the wrong type
	CodeValue        = "E-VALUE"         // a value outside what the format allows
)
