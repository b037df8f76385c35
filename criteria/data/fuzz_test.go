package data_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"golang.org/x/text/encoding/unicode"
)

// maxLine is an upper bound of the lines of data: every line break a reader may count ('\n',
// '\r', and for YAML U+0085, U+2028, U+2029), after decoding UTF-16, plus one.
func maxLine(text []byte) int {
	if bytes.HasPrefix(text, []byte{0xFF, 0xFE}) || bytes.HasPrefix(text, []byte{0xFE, 0xFF}) {
		if d, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(text); err == nil {
			text = d
		}
	}
	n := bytes.Count(text, []byte{'\n'}) + bytes.Count(text, []byte{'\r'})
	if utf8.Valid(text) {
		n += strings.Count(string(text), "\u0085") + strings.Count(string(text), "\u2028") + strings.Count(string(text), "\u2029")
	}
	return n + 1
}

// checkDataSet asserts what holds for any input: counts add up, every unit is typed and
// traced to its source, every error is positioned inside the input and the errors are sorted.
func checkDataSet(t *testing.T, text []byte, name string, ds *data.DataSet) {
	t.Helper()
	if ds == nil {
		t.Fatal("nil text set")
	}
	if ds.Rows != len(ds.Units)+ds.Rejected || ds.Rejected < 0 {
		t.Fatalf("rows %d ≠ units %d + rejected %d", ds.Rows, len(ds.Units), ds.Rejected)
	}
	if ds.Rejected > 0 && len(ds.Errors) == 0 {
		t.Fatalf("%d rows rejected without an error", ds.Rejected)
	}
	limit := maxLine(text)
	for i, e := range ds.Errors {
		if e == nil || e.Code == "" || e.Message == "" || e.File != name {
			t.Fatalf("malformed error %#v", e)
		}
		if e.Line < 0 || e.Line > limit || e.Column < 0 {
			t.Fatalf("error outside the input (%d lines): %s", limit, e)
		}
		if i > 0 && !(i == len(ds.Errors)-1 && e.Code == criteria.CodeDataLimit && e.Line == 0) {
			p := ds.Errors[i-1]
			if p.Line > e.Line || p.Line == e.Line && p.Column > e.Column {
				t.Fatalf("errors not sorted: %s before %s", p, e)
			}
		}
	}
	for _, u := range ds.Units {
		if u.Values == nil || u.Code == "" || !strings.HasPrefix(u.Source, name+":") {
			t.Fatalf("malformed unit %#v", u)
		}
	}
}

var fuzzOptions = [][]data.Option{
	nil,
	{data.WithComma(';'), data.WithDecimalComma()},
	{data.WithDefaultRegion("north"), data.WithDefaultPeriod(criteria.Period{Year: 2020})},
}

func FuzzReadCSV(f *testing.F) {
	rs := dataRuleset(f)
	for _, name := range []string{"good.csv", "semicolon.csv", "good-utf16le.csv"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte(dataHeader + "1,A,north,2020,100,50,\"47,5\",có,5,x\n"))
	f.Add([]byte("# c\ncode,region,period,history\n\n1,north,2020,\"ntm@2015#1; advanced@2020\"\n,,,\n"))
	f.Add([]byte("code,income\n1,\"a\"b\n2,\"unclosed\n"))
	f.Add([]byte("\xef\xbb\xbfcode,region,period\r\n1,south,2020-H2\r\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, opts := range fuzzOptions {
			ds := data.Read(bytes.NewReader(text), "f.csv", data.CSV, rs, opts...)
			checkDataSet(t, text, "f.csv", ds)
			checkStream(t, text, "f.csv", data.CSV, rs, ds, opts...)
		}
	})
}

func FuzzReadJSON(f *testing.F) {
	rs := dataRuleset(f)
	f.Add(readFixture(f, "good.json"))
	f.Add([]byte(`[{"code":"1","region":"north","period":2020,"values":{"income":0.1,"note":null,"market_ok":true},"history":[{"level":"ntm","year":2015,"recorded":{"income":"2,5"}}]}]`))
	f.Add([]byte(`{"units":[{"code":1}], "unit": [[[[[[[[[[[[1]]]]]]]]]]]]}`))
	f.Add([]byte("[\n {\"code\": \"1\",,}\n]"))
	f.Add([]byte(`[{"values":{"income":{"a":[1,{"b":[2,[3,[4,[5,[6,[7,[8]]]]]]]}]}}}]`))
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, opts := range fuzzOptions {
			ds := data.Read(bytes.NewReader(text), "f.json", data.JSON, rs, opts...)
			checkDataSet(t, text, "f.json", ds)
			checkStream(t, text, "f.json", data.JSON, rs, ds, opts...)
		}
	})
}

// checkStream reads text with a Reader and asserts the counts add up at every step, and that
// they and the units are those of Read.
func checkStream(t *testing.T, text []byte, name string, format data.Format, rs *criteria.Ruleset, ds *data.DataSet, opts ...data.Option) {
	t.Helper()
	r, err := data.NewReader(bytes.NewReader(text), name, format, rs, opts...)
	if err != nil {
		t.Fatal(err)
	}
	units := 0
	for r.Next() {
		units++
		n := r.Counts()
		if n.Rows != n.Accepted+n.Rejected || n.Accepted != units {
			t.Fatalf("counts %+v after %d units", n, units)
		}
		if u := r.Unit(); u.Code == "" || u.Values == nil {
			t.Fatalf("malformed unit %#v", u)
		}
	}
	n := r.Counts()
	if n.Rows != n.Accepted+n.Rejected || n.Rejected > 0 && n.Problems == 0 {
		t.Fatalf("counts %+v", n)
	}
	if len(ds.Units) > 0 && (ds.Rows != n.Rows || len(ds.Units) != n.Accepted) {
		t.Fatalf("Read: %d rows, %d units; the reader: %+v", ds.Rows, len(ds.Units), n)
	}
}

func FuzzReadJSONLines(f *testing.F) {
	rs := dataRuleset(f)
	f.Add([]byte(`{"code":"1","region":"north","period":2020,"values":{"income":0.1}}` + "\n\n" + `{"code":"2",` + "\r\n" + `[1]` + "\r" + `{"code":"3","region":"north","period":"2020"} x`))
	f.Add([]byte(`{"code":"1","region":"north","period":"2020","history":[{"level":"ntm","year":2015}]}` + "\n" + `{"code":"1","region":"north","period":"2020"}`))
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, opts := range fuzzOptions {
			ds := data.Read(bytes.NewReader(text), "f.jsonl", data.JSONLines, rs, opts...)
			checkDataSet(t, text, "f.jsonl", ds)
			checkStream(t, text, "f.jsonl", data.JSONLines, rs, ds, opts...)
		}
	})
}

func FuzzReadYAML(f *testing.F) {
	rs := dataRuleset(f)
	f.Add(readFixture(f, "good.yaml"))
	f.Add([]byte("units:\n  - {code: 1, region: north, period: 2020, values: {income: 1e3, note: 5}}\n"))
	f.Add([]byte("- &a {code: '1'}\n- *a\n---\n- x\n"))
	f.Add([]byte("- code: '1'\n  region: [north\n"))
	f.Add([]byte("- {code: '1', history: [{level: ntm, year: 2015, recorded: {income: 2.5}}], values: {a: [[[[[[[[[[1]]]]]]]]]]}}\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, opts := range fuzzOptions {
			ds := data.Read(bytes.NewReader(text), "f.yaml", data.YAML, rs, opts...)
			checkDataSet(t, text, "f.yaml", ds)
			checkStream(t, text, "f.yaml", data.YAML, rs, ds, opts...)
		}
	})
}
