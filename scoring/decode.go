package scoring

import (
	"fmt"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"gopkg.in/yaml.v3"
)

// dec is the positioned YAML decoder with criteria's codes and positions. Problems are
// collected in the decoder's own list and become *criteria.Error at the API by errList.
type dec struct{ ydec.Decoder }

func newDec(file string) *dec { return &dec{ydec.Decoder{File: file}} }

// Pos returns the position of a node (the file's start for nil).
func (d *dec) Pos(n *yaml.Node) criteria.Pos { return criteria.Pos(d.Decoder.Pos(n)) }

// Errorf records an error at a node's position and returns it, so the caller can add a
// suggestion.
func (d *dec) Errorf(n *yaml.Node, path string, code criteria.Code, format string, args ...any) *ydec.Error {
	return d.Decoder.Errorf(n, path, string(code), format, args...)
}

// errList returns the errors recorded so far as criteria's type. A scheme has no warnings.
func (d *dec) errList() criteria.ErrorList {
	if len(d.Errs) == 0 {
		return nil
	}
	out := make(criteria.ErrorList, len(d.Errs))
	for i, e := range d.Errs {
		out[i] = &criteria.Error{File: e.File, Line: e.Line, Column: e.Column, Path: e.Path, Code: criteria.Code(e.Code),
			Severity: criteria.SeverityError, Message: e.Message, Suggest: e.Suggest}
	}
	if n, _ := d.Dropped(); n > 0 {
		out = append(out, &criteria.Error{File: d.File, Line: 1, Column: 1, Code: criteria.CodeFileLimit, Severity: criteria.SeverityError,
			Message: fmt.Sprintf("and %d more problems of this file, not listed (a file lists at most %d)", n, ydec.MaxProblems)})
	}
	return out
}
