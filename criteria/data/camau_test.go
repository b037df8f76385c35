package data_test

// Cà Mau-shaped rows for the benchmark and the memory test: communes drawn by internal/gen,
// written as CSV, and a reader that makes any number of rows from them on the fly.

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
)

// camauCSV is a CSV of communes drawn by gen.Varied for 2020, as a spreadsheet would export
// them: a header of every column id (but level), then one row per commune.
type camauCSV struct {
	rs     *criteria.Ruleset
	header []byte
	rows   [][]byte // each row, without its code (the first cell) and with its line break
}

var camau = sync.OnceValues(func() (*camauCSV, error) {
	rs, err := criteria.Load(rules.FS, gen.CommuneRuleset)
	if err != nil {
		return nil, err
	}
	prog, err := rs.Compile()
	if err != nil {
		return nil, err
	}
	units, err := gen.Varied(prog, 2000, gen.Seed, criteria.Period{Year: 2020})
	if err != nil {
		return nil, err
	}
	ids, _ := rs.Header()
	cols := append(ids[:6:6], ids[7:]...) // code … history, then the fields
	c := &camauCSV{rs: rs}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(cols); err != nil {
		return nil, err
	}
	w.Flush()
	c.header = bytes.Clone(b.Bytes())
	for _, u := range units {
		b.Reset()
		rec := []string{u.Code, u.Name, u.District, u.Region, u.Period.String(), historyText(u)}
		for _, id := range cols[6:] {
			v, _ := u.Values.Get(id)
			s := ""
			if !v.IsMissing() {
				s = v.String()
			}
			rec = append(rec, s)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
		w.Flush()
		row := b.Bytes()
		c.rows = append(c.rows, bytes.Clone(row[bytes.IndexByte(row, ',')+1:]))
	}
	return c, w.Error()
})

func historyText(u *criteria.Unit) string {
	var parts []string
	for _, h := range u.History {
		parts = append(parts, h.Level+"@"+strconv.Itoa(h.Year))
	}
	return strings.Join(parts, "; ")
}

func camauRows(t testing.TB) *camauCSV {
	t.Helper()
	c, err := camau()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// stream returns a reader of the header and then n rows (n < 0: no end), made as they are
// read: the drawn rows in turn, each with a code of its own (10 digits), so that no two units
// are duplicates. It never holds more than one row.
func (c *camauCSV) stream(n int) io.Reader {
	return &rowStream{c: c, n: n, pending: c.header}
}

type rowStream struct {
	c       *camauCSV
	n, k    int
	pending []byte
	buf     []byte
}

func (s *rowStream) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		if len(s.pending) == 0 {
			if s.n >= 0 && s.k >= s.n {
				break
			}
			s.buf = strconv.AppendInt(append(s.buf[:0], "0000000000"...), int64(s.k+1), 10)
			s.buf = append(s.buf[:0], s.buf[len(s.buf)-10:]...) // ten digits, zeros first
			s.buf = append(s.buf, ',')
			s.buf = append(s.buf, s.c.rows[s.k%len(s.c.rows)]...)
			s.pending = s.buf
			s.k++
		}
		n := copy(p, s.pending)
		s.pending, p, total = s.pending[n:], p[n:], total+n
	}
	if total == 0 {
		return 0, io.EOF
	}
	return total, nil
}
