package data

import (
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// DataSet is what a whole data file held: the units read, and the rows rejected with why.
// Every row read is either a unit or rejected: Rows == len(Units) + Rejected.
type DataSet struct {
	Units    []*criteria.Unit   // accepted rows/records, in file order
	Rows     int                // data rows (or records) read, counting the lines an unclosed CSV quote swallowed
	Rejected int                // rows rejected (each is explained by an error in Errors)
	Errors   criteria.ErrorList // every problem listed, each with file, row/line and column, sorted (see MaxErrors)
	// RejectedUnits names the rejected rows whose unit code could be read, in file order, so
	// that a question about such a unit can point at its rejection.
	RejectedUnits []RejectedUnit
}

// Err returns the data set's problems as an error, or nil when there are none.
func (ds *DataSet) Err() error { return ds.Errors.Err() }

// ReadFile reads a whole data file of fsys (see Open) into a DataSet: a convenience for small
// files and tests, which holds every unit. A file that cannot be read at all gives a data set
// holding the one error that says why; so does a JSON file that is not valid JSON, which is
// refused as a whole (a Reader hands out the units before the syntax error).
func ReadFile(fsys fs.FS, name string, rs *criteria.Ruleset, opts ...Option) *DataSet {
	r, err := Open(fsys, name, rs, opts...)
	if err != nil {
		return &DataSet{Errors: criteria.Errors(err)}
	}
	defer r.Close()
	return readAll(r)
}

// Read reads everything rd holds in the given format (see NewReader) into a DataSet; name is
// the file name the errors and Unit.Source give.
func Read(rd io.Reader, name string, format Format, rs *criteria.Ruleset, opts ...Option) *DataSet {
	r, err := NewReader(rd, name, format, rs, opts...)
	if err != nil {
		return &DataSet{Errors: criteria.Errors(err)}
	}
	return readAll(r)
}

// ReadAll reads every unit a reader holds into a DataSet, as ReadFile does (within MaxUnits,
// or WithMaxUnits); for readers made elsewhere, such as a workbook's (criteria/xlsx).
func ReadAll(r *Reader) *DataSet { return readAll(r) }

func readAll(r *Reader) *DataSet {
	ds := &DataSet{}
	limit := r.cfg.maxUnits
	if limit == 0 {
		limit = MaxUnits
	}
	for r.Next() {
		if len(ds.Units) == limit {
			return &DataSet{Errors: criteria.ErrorList{{Code: criteria.CodeValue, File: r.name, Line: lineOf(r.Unit().Source),
				Message: fmt.Sprintf("more than %d units: reading the whole file keeps every unit in memory; read it as a stream (data.Open) or raise the limit (data.WithMaxUnits)", limit)}}}
		}
		ds.Units = append(ds.Units, r.Unit().Clone())
	}
	if r.stopped != nil {
		return &DataSet{Errors: criteria.ErrorList{r.stopped}}
	}
	n := r.Counts()
	ds.Rows, ds.Rejected = n.Rows, n.Rejected
	ds.Errors = r.TakeErrors()
	if n := len(ds.Errors); r.summary != nil && n > 0 && ds.Errors[n-1] == r.summary {
		ds.Errors[:n-1].Sort() // the count of the problems not listed stays last
	} else {
		ds.Errors.Sort()
	}
	ds.RejectedUnits = r.TakeRejected()
	return ds
}

// lineOf reads the row or line number at the end of a unit's Source ("name:12"); 0 if none.
func lineOf(source string) int {
	i := strings.LastIndexByte(source, ':')
	n, err := strconv.Atoi(source[i+1:])
	if err != nil {
		return 0
	}
	return n
}
