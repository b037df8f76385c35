package criteria

import (
	"fmt"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"gopkg.in/yaml.v3"
)

// dec is the positioned YAML decoder with this package's codes and positions. Problems are
// collected in the decoder's own lists and become *Error at the API by errList and warnList.
type dec struct {
	ydec.Decoder
	scale   bool   // reading a score table: its cells hold steps or categories, not a value
	members int    // reading a case file: the member stand-ins made so far
	lang    string // the language of plain labels in the file ("" for vi)
}

func newDec(file string) *dec { return &dec{Decoder: ydec.Decoder{File: file}} }

// Pos returns the position of a node (the file's start for nil).
func (d *dec) Pos(n *yaml.Node) Pos { return Pos(d.Decoder.Pos(n)) }

// ExprPos is the position of the first character of an expression written in a scalar.
func (d *dec) ExprPos(n *yaml.Node) Pos { return Pos(d.Decoder.ExprPos(n)) }

// Errorf records an error at a node's position and returns it, so the caller can add a
// suggestion.
func (d *dec) Errorf(n *yaml.Node, path string, code Code, format string, args ...any) *ydec.Error {
	return d.Decoder.Errorf(n, path, string(code), format, args...)
}

// ErrorAt records an error at a position and returns it.
func (d *dec) ErrorAt(p Pos, path string, code Code, format string, args ...any) *ydec.Error {
	return d.Decoder.ErrorAt(ydec.Pos(p), path, string(code), format, args...)
}

// WarnAt records a warning at a position.
func (d *dec) WarnAt(p Pos, path string, code Code, format string, args ...any) {
	d.Decoder.WarnAt(ydec.Pos(p), path, string(code), format, args...)
}

// errList returns the errors recorded so far, as this package's type, and a last one saying
// how many more were only counted.
func (d *dec) errList() ErrorList {
	out := fromDecoder(d.Errs, SeverityError)
	if n, _ := d.Dropped(); n > 0 {
		out = append(out, d.dropNote(n, SeverityError))
	}
	return out
}

// warnList returns the warnings recorded so far, as this package's type.
func (d *dec) warnList() ErrorList {
	out := fromDecoder(d.Warns, SeverityWarning)
	if _, n := d.Dropped(); n > 0 {
		out = append(out, d.dropNote(n, SeverityWarning))
	}
	return out
}

// dropNote says how many problems past the limit a file had.
func (d *dec) dropNote(n int, sev Severity) *Error {
	code := CodeFileLimit
	if sev == SeverityWarning {
		code = WarnFileLimit
	}
	return &Error{File: d.File, Line: 1, Column: 1, Code: code, Severity: sev,
		Message: fmt.Sprintf("and %d more problems of this file, not listed (a file lists at most %d)", n, ydec.MaxProblems)}
}

// fromDecoder converts the decoder's problems, all of one severity.
func fromDecoder(list ydec.ErrorList, sev Severity) ErrorList {
	if len(list) == 0 {
		return nil
	}
	out := make(ErrorList, len(list))
	for i, e := range list {
		out[i] = &Error{File: e.File, Line: e.Line, Column: e.Column, Path: e.Path, Code: Code(e.Code),
			Severity: sev, Message: e.Message, Suggest: e.Suggest}
	}
	return out
}
