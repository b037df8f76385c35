package data_test

// The Reader: units handed out one at a time, problems and counts as they come, limits.

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newReader(t testing.TB, format data.Format, text string, opts ...data.Option) *data.Reader {
	t.Helper()
	r, err := data.NewReader(strings.NewReader(text), "t."+format.String(), format, dataRuleset(t), opts...)
	require.NoError(t, err)
	return r
}

func TestReaderStreams(t *testing.T) {
	text := dataHeader + "1,A,north,2020,100,50,47.5,có,5,x\n2,B,north,2020,abc,50,1,có,5,\n3,C,south,2020,10,5,1,0,,\n"
	r := newReader(t, data.CSV, text)
	var seen []*criteria.Unit
	var kept []*criteria.Unit
	var errs criteria.ErrorList
	for r.Next() {
		u := r.Unit()
		seen = append(seen, u)
		kept = append(kept, u.Clone())
		errs = append(errs, r.TakeErrors()...)
		n := r.Counts()
		assert.Equal(t, n.Rows, n.Accepted+n.Rejected, "the counts add up at any time")
	}
	errs = append(errs, r.TakeErrors()...)
	require.Len(t, seen, 2)
	assert.Same(t, seen[0], seen[1], "one unit, reused")
	assert.Equal(t, "3", seen[0].Code)
	assert.Equal(t, []string{"1@2020", "3@2020"}, codes(kept), "clones keep what was read")
	assert.Equal(t, "47.5", num(t, kept[0], "income"))
	assert.Equal(t, "t.csv:4", kept[1].Source)
	require.Len(t, errs, 1)
	assert.Equal(t, 3, errs[0].Line)
	assert.Equal(t, data.Counts{Rows: 3, Accepted: 2, Rejected: 1, Problems: 1}, r.Counts())
	rej := r.TakeRejected()
	require.Len(t, rej, 1)
	assert.Equal(t, data.RejectedUnit{Code: "2", Period: criteria.Period{Year: 2020}, Source: "t.csv:3"}, rej[0])
	assert.False(t, r.Next(), "the end stays the end")
	assert.NoError(t, r.Close())
}

func TestReaderErrorsAsTheyCome(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,region,period,income\n")
	for i := 1; i <= 10; i++ {
		income := "1"
		if i%2 == 0 {
			income = "x"
		}
		fmt.Fprintf(&b, "%d,north,2020,%s\n", i, income)
	}
	r := newReader(t, data.CSV, b.String())
	lines := []int{}
	for r.Next() {
		for _, e := range r.TakeErrors() {
			lines = append(lines, e.Line)
		}
		if r.Unit().Code == "5" {
			assert.Equal(t, []int{3, 5}, lines, "the errors of the rows read so far")
			assert.Equal(t, data.Counts{Rows: 5, Accepted: 3, Rejected: 2, Problems: 2}, r.Counts())
		}
	}
	assert.Len(t, r.TakeErrors(), 1, "row 11, rejected after the last unit")
}

func TestReaderJSONSyntaxErrorStops(t *testing.T) {
	text := `[{"code":"1","region":"north","period":"2020"}, {"code":]` + "\n" + `{"code":"3"}]`
	r := newReader(t, data.JSON, text)
	require.True(t, r.Next())
	assert.Equal(t, "1", r.Unit().Code, "the units before the syntax error are read")
	require.False(t, r.Next())
	errs := r.TakeErrors()
	require.Len(t, errs, 1)
	assert.Equal(t, [2]int{1, 57}, [2]int{errs[0].Line, errs[0].Column})
	assert.Equal(t, data.Counts{Rows: 2, Accepted: 1, Rejected: 1, Problems: 1}, r.Counts(), "the unit it is in is rejected; nothing after it is read")
}

func TestReadJSONLines(t *testing.T) {
	text := `{"code":"1","region":"north","period":"2020","values":{"income":1.5}}` + "\n\n" +
		`{"code":"2","region":"north","period":2020,` + "\n" +
		`{"code":"3","region":"north","period":"2020"} 7` + "\r\n" +
		`[1]` + "\n" +
		`{"code":"4","region":"nroth","period":"2020"}` + "\n" +
		`{"code":"5","region":"north","period":"2020","history":"ntm@2015"}`
	ds := data.Read(strings.NewReader(text), "u.jsonl", data.JSONLines, dataRuleset(t))
	checkCounts(t, ds)
	assert.Equal(t, []string{"1@2020", "5@2020"}, codes(ds.Units))
	assert.Equal(t, "1.5", num(t, ds.Units[0], "income"))
	assert.Equal(t, "u.jsonl:7", ds.Units[1].Source)
	assert.Equal(t, 6, ds.Rows)
	assert.Equal(t, 4, ds.Rejected, "a line that is no unit is a rejected row; the next lines are read")
	assert.Equal(t, []int{3, 4, 5, 6}, errorLines(ds))
	assert.Contains(t, ds.Errors[0].Message, "the line ends before the JSON value is complete")
	assert.Contains(t, ds.Errors[1].Message, "the number 7 after the unit")
	assert.Contains(t, ds.Errors[2].Message, "expected an object")
	assert.Equal(t, "north", ds.Errors[3].Suggest)

	for _, name := range []string{"a.jsonl", "b.NDJSON"} {
		fsys := fstest.MapFS{name: {Data: []byte(text)}}
		assert.Len(t, data.ReadFile(fsys, name, dataRuleset(t)).Units, 2, name)
	}
	ds = data.Read(strings.NewReader("\n \n"), "e.jsonl", data.JSONLines, dataRuleset(t))
	require.Len(t, ds.Errors, 1)
	assert.Contains(t, ds.Errors[0].Message, "the file is empty")
}

func TestReaderLimits(t *testing.T) {
	big := strings.Repeat("a", data.MaxCellBytes+1)
	t.Run("a CSV cell", func(t *testing.T) {
		ds := readCSV(t, "code,region,period,note\n1,north,2020,"+big+"\n2,north,2020,ok\n")
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		e := ds.Errors[0]
		assert.Equal(t, criteria.CodeDataLimit, e.Code)
		assert.Equal(t, [2]int{2, 4}, [2]int{e.Line, e.Column})
		assert.Equal(t, "row 2 › column note", e.Path)
		assert.Equal(t, []string{"2@2020"}, codes(ds.Units))
	})
	t.Run("a quoted CSV cell open to the end of a long file", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("code,region,period,note\n1,north,2020,\"open\n")
		for i := 0; i < 5000; i++ {
			fmt.Fprintf(&b, "%d,north,2020,%s\n", i+2, strings.Repeat("x", 100))
		}
		ds := readCSV(t, b.String())
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Contains(t, ds.Errors[0].Message, "the 5000 lines after it were read as part of this cell")
		assert.Equal(t, 5001, ds.Rows)
	})
	t.Run("a CSV row", func(t *testing.T) {
		cells := strings.Repeat(strings.Repeat("b", 60000)+",", 20)
		header := "code,region,period" + strings.Repeat(",", 20)
		ds := readCSV(t, header+"\n1,north,2020,"+cells+"\n2,north,2020"+strings.Repeat(",", 20)+"\n")
		checkCounts(t, ds)
		require.NotEmpty(t, ds.Errors)
		assert.Contains(t, ds.Errors[0].Message, "the row is longer than 1 MB")
		assert.Equal(t, []string{"2@2020"}, codes(ds.Units))
	})
	t.Run("a CSV header", func(t *testing.T) {
		ds := readCSV(t, "code,"+big+"\n")
		require.Len(t, ds.Errors, 1)
		assert.Equal(t, criteria.CodeDataLimit, ds.Errors[0].Code)
		assert.Equal(t, "header › column 2", ds.Errors[0].Path)
		ds = readCSV(t, "code,region,period"+strings.Repeat(","+strings.Repeat("c", 1000), 300)+"\n")
		require.Len(t, ds.Errors, 1)
		assert.Contains(t, ds.Errors[0].Message, "the header row is longer than 256 KB")
	})
	t.Run("a JSON string", func(t *testing.T) {
		text := `[{"code":"1","region":"north","period":"2020","values":{"note":"` + big + `"}},` + "\n" + `{"code":"2","region":"north","period":"2020"}]`
		ds := data.Read(strings.NewReader(text), "u.json", data.JSON, dataRuleset(t))
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Equal(t, criteria.CodeDataLimit, ds.Errors[0].Code)
		assert.Equal(t, [2]int{1, 64}, [2]int{ds.Errors[0].Line, ds.Errors[0].Column})
		assert.Equal(t, []string{"2@2020"}, codes(ds.Units))
	})
	t.Run("a JSON unit", func(t *testing.T) {
		vals := strings.Repeat(`"`+strings.Repeat("d", 50000)+`",`, 25)
		text := `[{"code":"1","region":"north","period":"2020","x":[` + vals + `1]}, {"code":"2","region":"north","period":"2020"}]`
		ds := data.Read(strings.NewReader(text), "u.json", data.JSON, dataRuleset(t))
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Contains(t, ds.Errors[0].Message, "the unit is longer than 1 MB")
		assert.Equal(t, []string{"2@2020"}, codes(ds.Units))
	})
	t.Run("problems listed for a file", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("code,region,period,income\n")
		n := data.MaxErrors + 234
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "%d,north,2020,x\n", i)
		}
		b.WriteString("0,north,2020,1\n")
		ds := readCSV(t, b.String())
		checkCounts(t, ds)
		assert.Equal(t, n, ds.Rejected)
		assert.Len(t, ds.Units, 1)
		require.Len(t, ds.Errors, data.MaxErrors+1)
		last := ds.Errors[len(ds.Errors)-1]
		assert.Equal(t, criteria.CodeDataLimit, last.Code)
		assert.Equal(t, "t.csv: and 234 more problems, not listed (at most 1000 are listed for a file) [E-DATA-LIMIT]", last.Error())
	})
}

// TestTemplateLabelsAsHeader: a header of the labels the template writes (its second row) reads
// as a header of ids, whatever the case and normal form, with or without the template's '#'.
func TestTemplateLabelsAsHeader(t *testing.T) {
	rs := dataRuleset(t)
	var b bytes.Buffer
	require.NoError(t, data.WriteTemplate(&b, rs))
	lines := strings.Split(strings.TrimPrefix(b.String(), "\uFEFF"), "\n")
	row := "32221,Tân Hải,Phú Tân,south,2020,ntm@2015,commune,1000,700,960,52.5,có,đạt,0,1.5,ghi chú\n"
	for _, tt := range []struct{ name, header string }{
		{"the label row", lines[1]},
		{"without its '#'", strings.TrimPrefix(lines[1], "# ")},
		{"in capitals", strings.ToUpper(strings.TrimPrefix(lines[1], "# "))},
		{"ids and labels mixed", "code,Tên,district,Vùng,Kỳ đánh giá,history,level," + strings.SplitN(lines[1], ",", 8)[7]},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ds := data.Read(strings.NewReader(tt.header+"\n"+lines[2]+"\n"+row), "l.csv", data.CSV, rs)
			require.Empty(t, ds.Errors, ds.Errors.Lines())
			require.Len(t, ds.Units, 1)
			u := ds.Units[0]
			assert.Equal(t, "Tân Hải", u.Name)
			assert.Equal(t, "south", u.Region)
			assert.Equal(t, "1000", num(t, u, "households_total"))
			assert.Equal(t, "l.csv:3", u.Source)
		})
	}
	t.Run("a label given twice", func(t *testing.T) {
		ds := readCSV(t, "code,region,period,income,Thu nhập\n")
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Contains(t, ds.Errors[0].Message, `column "Thu nhập" appears twice (first as column 4)`)
	})
}

func TestOpenFormats(t *testing.T) {
	rs := dataRuleset(t)
	fsys := fstest.MapFS{"a.csv": {Data: readFixture(t, "good.csv")}, "b.txt": {Data: []byte("x")}}
	r, err := data.Open(fsys, "a.csv", rs)
	require.NoError(t, err)
	n := 0
	for r.Next() {
		n++
	}
	assert.Equal(t, 3, n)
	require.NoError(t, r.Close())
	_, err = data.Open(fsys, "b.txt", rs)
	require.Error(t, err)
	assert.Contains(t, err.Error(), ".jsonl, .ndjson")
	_, err = data.Open(fsys, "none.csv", rs)
	assert.ErrorContains(t, err, "cannot read the file")
	_, err = data.Open(fsys, "a.csv", nil)
	assert.ErrorContains(t, err, "no ruleset")
	_, err = data.Open(fsys, "a.csv", rs, data.WithComma('"'))
	assert.ErrorContains(t, err, "cannot separate CSV fields")
	_, err = data.Open(fsys, "a.csv", rs, data.WithDefaultRegion("sout"), data.WithDefaultPeriod(criteria.Period{Year: 2031}))
	errs := criteria.Errors(err)
	require.Len(t, errs, 2)
	assert.Equal(t, "south", errs[0].Suggest)
	assert.Equal(t, "default period", errs[1].Path)
}

// TestDuplicatesAcrossTheStream: a unit is a duplicate of the one accepted with its code and
// period however far back it was read, whatever its code (digits, or not).
func TestDuplicatesAcrossTheStream(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,region,period\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "%05d,north,2020\nX-%d,north,2019-H1\n", i, i)
	}
	b.WriteString("00007,north,2020\nX-7,north,2019-H1\nX-7,north,2019-H2\n7,north,2020\n")
	ds := readCSV(t, b.String())
	checkCounts(t, ds)
	require.Len(t, ds.Errors, 2, ds.Errors.Lines())
	assert.Contains(t, ds.Errors[0].Message, "unit 00007 for the period 2020 is already read (accepted at row 16)")
	assert.Contains(t, ds.Errors[1].Message, "unit X-7 for the period 2019-H1 is already read (accepted at row 17)")
	assert.Equal(t, 6002, len(ds.Units), "another period, or another code (7 is not 00007), is another unit")
}
