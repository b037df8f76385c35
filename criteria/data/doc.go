// Package data reads the units a ruleset evaluates — communes, districts, towns — from data
// files: CSV (what a spreadsheet exports), JSON, JSON Lines and YAML. Package criteria knows no
// file format; this package reads each format and checks every row with the ruleset through
// criteria.Columns, so every format is typed and checked alike.
//
// A Reader streams the rows: it reads CSV rows and JSON values as they come, holds one unit at
// a time, and keeps a bounded state per row (to find duplicate units), so a file of any
// length is read in bounded memory:
//
//	r, err := data.Open(os.DirFS("."), "communes.csv", rs)
//	if err != nil { … }                   // the file cannot be read at all
//	defer r.Close()
//	for r.Next() {
//		u := r.Unit()                  // reused by the next call: u.Clone() to keep it
//		…
//	}
//	errs := r.TakeErrors()               // positioned problems, as they are found
//	n := r.Counts()                      // n.Rows == n.Accepted + n.Rejected
//
// A row with any problem is rejected with positioned errors and the stream goes on; the
// counts say what became of every row. ReadFile and Read read a whole file into a DataSet,
// for small files and tests; WriteTemplate writes a CSV template to fill in. The formats, the
// limits and every error are described in docs/data-format.md.
package data
