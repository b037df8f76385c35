package data_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/unicode"
)

// dataRuleset is the mini ruleset plus a percent, a text and a derived field
// (criteria/testdata/data/rules.yaml, which extends criteria/testdata/mini/base.yaml). The
// data fixtures are those of package criteria, where the tool's tests read them too.
func dataRuleset(t testing.TB) *criteria.Ruleset {
	t.Helper()
	rs, err := criteria.Load(os.DirFS("../testdata"), "data/rules.yaml")
	require.NoError(t, err)
	return rs
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/data/" + name)
	require.NoError(t, err)
	return b
}

const dataHeader = "code,name,region,period,households_total,households_clean,income,has_market_in_plan,poor_rate,note\n"

func readCSV(t testing.TB, text string, opts ...data.Option) *data.DataSet {
	t.Helper()
	return data.Read(strings.NewReader(text), "t.csv", data.CSV, dataRuleset(t), opts...)
}

// checkCounts asserts the invariants every data set keeps.
func checkCounts(t *testing.T, ds *data.DataSet) {
	t.Helper()
	assert.Equal(t, ds.Rows, len(ds.Units)+ds.Rejected, "rows = accepted + rejected")
	if ds.Rejected > 0 {
		assert.NotEmpty(t, ds.Errors, "a rejected row has an error")
	}
}

func value(t *testing.T, u *criteria.Unit, id string) criteria.Value {
	t.Helper()
	v, ok := u.Values.Get(id)
	require.True(t, ok, "field %s declared", id)
	return v
}

func num(t *testing.T, u *criteria.Unit, id string) string {
	t.Helper()
	n, ok := value(t, u, id).Number()
	require.True(t, ok, "%s is a number", id)
	return n.String()
}

// checkGoodUnits asserts what testdata/data/good.* hold.
func checkGoodUnits(t *testing.T, ds *data.DataSet, name string, lines []int) {
	t.Helper()
	require.Empty(t, ds.Errors, ds.Errors.Lines())
	checkCounts(t, ds)
	require.Len(t, ds.Units, 3)
	assert.Equal(t, 3, ds.Rows)
	u := ds.Units[0]
	assert.Equal(t, "32221", u.Code)
	assert.Equal(t, "Tân Hải", u.Name)
	assert.Equal(t, "Phú Tân", u.District)
	assert.Equal(t, "south", u.Region)
	assert.Equal(t, criteria.Period{Year: 2020}, u.Period)
	assert.Equal(t, "1000", num(t, u, "households_total"))
	assert.Equal(t, "52.5", num(t, u, "income"))
	b, ok := value(t, u, "market_ok").Bool()
	assert.True(t, ok && b, "market_ok is true")
	s, ok := value(t, u, "note").Text()
	assert.True(t, ok)
	assert.Equal(t, "Xã ven biển, có chợ", s)
	require.Len(t, u.History, 1)
	assert.Equal(t, "ntm", u.History[0].Level)
	assert.Equal(t, 2015, u.History[0].Year)
	assert.Equal(t, "123/QĐ-UBND", u.History[0].Decision)

	assert.Equal(t, "0", num(t, ds.Units[1], "debt"))
	assert.True(t, value(t, ds.Units[1], "households_clean").IsMissing())
	b, ok = value(t, ds.Units[1], "has_market_in_plan").Bool()
	assert.True(t, ok && !b, "không is false")

	u = ds.Units[2]
	assert.Equal(t, "01234", u.Code, "leading zeros kept")
	assert.Equal(t, criteria.Period{Year: 2019, Half: 1}, u.Period)
	require.Len(t, u.History, 2)
	assert.Equal(t, criteria.Recognition{Level: "advanced", Year: 2019, Decision: "9/QĐ-UBND"}, u.History[1])
	for i, l := range lines {
		assert.Equal(t, name+":"+strconv.Itoa(l), ds.Units[i].Source)
	}
}

func TestReadCSVGood(t *testing.T) {
	plain := readFixture(t, "good.csv")
	be, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes(plain)
	require.NoError(t, err)
	tests := []struct {
		name string
		text []byte
	}{
		{"utf-8", plain},
		{"utf-8 with BOM", append([]byte("\uFEFF"), plain...)},
		{"CRLF line ends", bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n"))},
		{"utf-16le with BOM (fixture)", readFixture(t, "good-utf16le.csv")},
		{"utf-16be with BOM", be},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := data.Read(bytes.NewReader(tt.text), "good.csv", data.CSV, dataRuleset(t))
			checkGoodUnits(t, ds, "good.csv", []int{2, 3, 4})
		})
	}
}

func TestReadCSVEmptyCellIsMissing(t *testing.T) {
	rs := dataRuleset(t)
	ds := data.Read(strings.NewReader(dataHeader+"1,A,north,2020,100,,50,,,\n"), "t.csv", data.CSV, rs)
	require.Empty(t, ds.Errors)
	require.Len(t, ds.Units, 1)
	u := ds.Units[0]
	for _, id := range []string{"households_clean", "has_market_in_plan", "poor_rate", "note"} {
		assert.True(t, value(t, u, id).IsMissing(), "%s is missing, not zero", id)
	}
	prog, err := rs.Compile()
	require.NoError(t, err)
	res, err := prog.Evaluate(context.Background(), u)
	require.NoError(t, err)
	ind, ok := res.Indicator("1.1")
	require.True(t, ok)
	assert.Equal(t, criteria.Unknown, ind.Status, "a missing value makes the check unknown")
	assert.Contains(t, res.MissingFields(), "households_clean")
}

func TestReadCSVHeaderErrors(t *testing.T) {
	tests := []struct {
		name    string
		header  string
		opts    []data.Option
		col     int
		code    criteria.Code
		suggest string
		msg     string
	}{
		{"unknown column", "code,region,period,househods_total", nil, 4, criteria.CodeDataColumn, "households_total", `unknown column "househods_total"`},
		{"reserved name misspelt", "code,regoin,period", nil, 2, criteria.CodeDataColumn, "region", `unknown column "regoin"`},
		{"missing code column", "name,region,period,income", nil, 0, criteria.CodeDataColumn, "", `required column "code" is missing`},
		{"missing region column", "code,period,income", nil, 0, criteria.CodeDataColumn, "", `column "region" is missing`},
		{"missing period column", "code,region,income", nil, 0, criteria.CodeDataColumn, "", `column "period" is missing`},
		{"duplicate column", "code,region,period,income,income", nil, 5, criteria.CodeDataColumn, "", `column "income" appears twice (first as column 4)`},
		{"derived field", "code,region,period,income_at_ntm", nil, 4, criteria.CodeDataColumn, "", "derives"},
		{"tab-separated file", "code\tregion\tperiod", nil, 1, criteria.CodeDataColumn, "", "seems to be tab-separated"},
		{"comma file read as semicolon", "code,region,period", []data.Option{data.WithComma(';')}, 1, criteria.CodeDataColumn, "", "seems to be comma-separated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := readCSV(t, tt.header+"\n1,north,2020,5\n", tt.opts...)
			require.Len(t, ds.Errors, 1, ds.Errors.Lines())
			e := ds.Errors[0]
			assert.Equal(t, "t.csv", e.File)
			assert.Equal(t, 1, e.Line)
			assert.Equal(t, tt.col, e.Column)
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.suggest, e.Suggest)
			assert.Contains(t, e.Message, tt.msg)
			assert.Empty(t, ds.Units, "no row is read under a broken header")
			assert.Zero(t, ds.Rows)
		})
	}
	t.Run("defaults stand in for missing columns", func(t *testing.T) {
		ds := readCSV(t, "code,income\n1,5\n", data.WithDefaultRegion("south"), data.WithDefaultPeriod(criteria.Period{Year: 2018}))
		require.Empty(t, ds.Errors, ds.Errors.Lines())
		require.Len(t, ds.Units, 1)
		assert.Equal(t, "south", ds.Units[0].Region)
		assert.Equal(t, 2018, ds.Units[0].Period.Year)
	})
	t.Run("bad default region", func(t *testing.T) {
		ds := readCSV(t, "code,income\n1,5\n", data.WithDefaultRegion("sout"), data.WithDefaultPeriod(criteria.Period{Year: 2018}))
		require.Len(t, ds.Errors, 1)
		assert.Equal(t, "south", ds.Errors[0].Suggest)
		assert.Empty(t, ds.Units)
	})
	t.Run("column without a name", func(t *testing.T) {
		ds := readCSV(t, "code,region,period,,\n1,north,2020,,\n2,north,2020,x,\n")
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		e := ds.Errors[0]
		assert.Equal(t, 3, e.Line)
		assert.Equal(t, 4, e.Column)
		assert.Contains(t, e.Message, "header is empty")
		require.Len(t, ds.Units, 1, "empty cells of an unnamed column are fine")
		assert.Equal(t, "1", ds.Units[0].Code)
	})
	t.Run("empty file", func(t *testing.T) {
		ds := readCSV(t, "")
		require.Len(t, ds.Errors, 1)
		assert.Equal(t, criteria.CodeSyntax, ds.Errors[0].Code)
		assert.Contains(t, ds.Errors[0].Message, "header row")
	})
}

func TestReadCSVRowErrors(t *testing.T) {
	good := "1,A,north,2020,100,50,47.5,có,5,x\n"
	tests := []struct {
		name      string
		row       string
		col       int
		code      criteria.Code
		suggest   string
		msg       string
		wantValid int // rows accepted besides the good ones
	}{
		{"wrong cell count", "2,B,north,2020,100\n", 0, criteria.CodeDataColumn, "", "the row has 5 cells but the header has 10 columns", 0},
		{"bad number", "2,B,north,2020,100,50,abc,có,5,x\n", 7, criteria.CodeData, "", `"abc" is not a number`, 0},
		{"count with a fraction", "2,B,north,2020,100.5,50,1,có,5,x\n", 5, criteria.CodeData, "", "whole number", 0},
		{"out of range", "2,B,north,2020,0,50,1,có,5,x\n", 5, criteria.CodeDataRange, "", "outside the plausible range [1, 100000]", 0},
		{"percent over 100", "2,B,north,2020,100,50,1,có,120,x\n", 9, criteria.CodeDataRange, "", "percentage from 0 to 100", 0},
		{"bad boolean", "2,B,north,2020,100,50,1,maybe,5,x\n", 8, criteria.CodeData, "", "not a boolean", 0},
		{"decimal comma without the option", "2,B,north,2020,100,50,\"47,5\",có,5,x\n", 7, criteria.CodeData, "", "--decimal-comma", 0},
		{"thousands comma", "2,B,north,2020,\"1,000,000\",50,1,có,5,x\n", 5, criteria.CodeData, "", "write 1000000 (no thousands separators)", 0},
		{"one thousands comma", "2,B,north,2020,\"1,000\",50,1,có,5,x\n", 5, criteria.CodeData, "", "\"1,000\" is ambiguous: write 1000 if the comma separates thousands", 0},
		{"bad region", "2,B,nroth,2020,100,50,1,có,5,x\n", 3, criteria.CodeData, "north", `unknown region "nroth"`, 0},
		{"empty region", "2,B,,2020,100,50,1,có,5,x\n", 3, criteria.CodeData, "", "no region", 0},
		{"bad period", "2,B,north,2020-Q1,100,50,1,có,5,x\n", 4, criteria.CodeData, "", "2020-H1", 0},
		{"empty code", ",B,north,2020,100,50,1,có,5,x\n", 1, criteria.CodeData, "", "no code", 0},
		{"duplicate code and period", "1,A again,north,2020,100,50,1,có,5,x\n", 1, criteria.CodeData, "", "already read (accepted at row 2)", 0},
		{"same code, other period", "1,A,north,2019,100,50,1,có,5,x\n", 0, "", "", "", 1},
		{"text is taken as written", "2,B,north,2020,100,50,1,có,5,\"47,5\"\n", 0, "", "", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := readCSV(t, dataHeader+good+tt.row+good[:0]+"3,C,south,2020,10,5,1,0,,\n")
			checkCounts(t, ds)
			assert.Equal(t, 3, ds.Rows)
			assert.Len(t, ds.Units, 2+tt.wantValid, "the other rows are still read")
			if tt.code == "" {
				require.Empty(t, ds.Errors, ds.Errors.Lines())
				return
			}
			require.Len(t, ds.Errors, 1, ds.Errors.Lines())
			assert.Equal(t, 1, ds.Rejected)
			e := ds.Errors[0]
			assert.Equal(t, "t.csv", e.File)
			assert.Equal(t, 3, e.Line, "header = row 1, the bad row is row 3")
			assert.Equal(t, tt.col, e.Column)
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.suggest, e.Suggest)
			assert.Contains(t, e.Message, tt.msg)
			assert.Contains(t, e.Path, "row 3")
			assert.Equal(t, "1", ds.Units[0].Code)
			assert.Equal(t, "3", ds.Units[1].Code)
		})
	}
	t.Run("every problem of a row is reported", func(t *testing.T) {
		ds := readCSV(t, dataHeader+"2,B,nowhere,2020,0,x,y,maybe,101,\n")
		assert.Len(t, ds.Errors, 6, ds.Errors.Lines())
		assert.Equal(t, 1, ds.Rejected)
		for i := 1; i < len(ds.Errors); i++ {
			assert.LessOrEqual(t, ds.Errors[i-1].Column, ds.Errors[i].Column, "sorted")
		}
	})
	t.Run("error format", func(t *testing.T) {
		ds := readCSV(t, dataHeader+"2,B,north,2020,100,50,abc,có,5,x\n")
		require.Len(t, ds.Errors, 1)
		assert.Equal(t, `t.csv:2:7: row 2 › column income: field "income" (number): "abc" is not a number with a decimal point, e.g. 47.5 [E-DATA]`, ds.Errors[0].Error())
		ds = readCSV(t, dataHeader+"2,B,north,2020,12.5.1,50,1,có,5,x\n")
		require.Len(t, ds.Errors, 1)
		assert.Contains(t, ds.Errors[0].Error(), `field "households_total" (count): "12.5.1" is not a whole number, e.g. 120`,
			"a count is not asked for a decimal point")
	})
}

func TestReadCSVRowNumbers(t *testing.T) {
	text := "# exported 2021-01-05\n" + dataHeader + "# labels\n1,A,north,2020,100,50,1,có,5,x\n\n" +
		"2,\"two\nlines\",north,2020,100,50,1,có,5,x\n,,,,,,,,,\n3,C,north,2020,bad,50,1,có,5,x\n"
	ds := readCSV(t, text)
	require.Len(t, ds.Errors, 1, ds.Errors.Lines())
	assert.Equal(t, 8, ds.Errors[0].Line, "comment, blank and empty rows are counted; a quoted line break stays in its row")
	require.Len(t, ds.Units, 2)
	assert.Equal(t, "t.csv:4", ds.Units[0].Source)
	assert.Equal(t, "t.csv:6", ds.Units[1].Source)
	assert.Equal(t, "two\nlines", ds.Units[1].Name)
	assert.Equal(t, 3, ds.Rows, "the empty row is not a unit")
}

func TestReadCSVSemicolonExport(t *testing.T) {
	text := readFixture(t, "semicolon.csv")
	t.Run("rejected with how to fix it", func(t *testing.T) {
		ds := data.Read(bytes.NewReader(text), "xa.csv", data.CSV, dataRuleset(t))
		require.Len(t, ds.Errors, 1)
		e := ds.Errors[0]
		assert.Equal(t, criteria.CodeDataEncoding, e.Code)
		assert.Equal(t, 1, e.Line)
		assert.Contains(t, e.Message, "';'")
		assert.Contains(t, e.Message, "CSV UTF-8")
		assert.Contains(t, e.Message, "--comma ';'")
		assert.Contains(t, e.Message, "--decimal-comma")
		assert.Empty(t, ds.Units)
	})
	t.Run("read with the semicolon and decimal-comma options", func(t *testing.T) {
		ds := data.Read(bytes.NewReader(text), "xa.csv", data.CSV, dataRuleset(t), data.WithComma(';'), data.WithDecimalComma())
		require.Empty(t, ds.Errors, ds.Errors.Lines())
		require.Len(t, ds.Units, 2)
		assert.Equal(t, "47.5", num(t, ds.Units[0], "income"))
		assert.Equal(t, "1234", num(t, ds.Units[0], "households_total"), "'.' separates thousands")
		assert.Equal(t, "2.25", num(t, ds.Units[0], "poor_rate"))
		assert.Equal(t, "1234.5", num(t, ds.Units[1], "income"))
	})
	t.Run("semicolons without decimal commas", func(t *testing.T) {
		ds := data.Read(bytes.NewReader(text), "xa.csv", data.CSV, dataRuleset(t), data.WithComma(';'))
		require.Len(t, ds.Errors, 4, ds.Errors.Lines())
		assert.Contains(t, ds.Errors[1].Message, "decimal comma")
		assert.Equal(t, 2, ds.Rejected)
	})
}

func TestReadCSVDecimalComma(t *testing.T) {
	tests := []struct {
		field, cell, want, err string
	}{
		{"income", "47,5", "47.5", ""},
		{"income", "-0,25", "-0.25", ""},
		{"income", "1.234,5", "1234.5", ""},
		{"income", "1.234.567,125", "1234567.125", ""},
		{"households_total", "1.000", "1000", ""},
		{"households_total", "250", "250", ""},
		{"income", "47.5", "", "'.' may only separate thousands"},
		{"income", "1.23,4", "", "not a number written with a decimal comma"},
		{"income", "47,", "", "not a number written with a decimal comma"},
		{"income", "4 7,5", "", "not a number written with a decimal comma"},
		{"households_total", "2,5", "", "whole number"},
		{"note", "47,5", "47,5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.cell, func(t *testing.T) {
			ds := readCSV(t, "code;region;period;"+tt.field+"\n1;north;2020;\""+tt.cell+"\"\n", data.WithComma(';'), data.WithDecimalComma())
			if tt.err != "" {
				require.Len(t, ds.Errors, 1, ds.Errors.Lines())
				assert.Contains(t, ds.Errors[0].Message, tt.err)
				assert.Equal(t, 4, ds.Errors[0].Column)
				return
			}
			require.Empty(t, ds.Errors, ds.Errors.Lines())
			assert.Equal(t, tt.want, value(t, ds.Units[0], tt.field).String())
		})
	}
}

func TestReadCSVHistory(t *testing.T) {
	tests := []struct {
		cell string
		want []criteria.Recognition
		err  string
		sugg string
	}{
		{"", nil, "", ""},
		{"ntm@2015", []criteria.Recognition{{Level: "ntm", Year: 2015}}, "", ""},
		{" ntm @ 2015 # 123/QĐ-UBND ;advanced@2021;", []criteria.Recognition{{Level: "ntm", Year: 2015, Decision: "123/QĐ-UBND"}, {Level: "advanced", Year: 2021}}, "", ""},
		{"model@2020#QĐ số 5 (bổ sung)", []criteria.Recognition{{Level: "model", Year: 2020, Decision: "QĐ số 5 (bổ sung)"}}, "", ""},
		{"ntm 2015", nil, "expected level@year", ""},
		{"ntm@15", nil, `year "15"`, ""},
		{"ntn@2015", nil, `unknown recognition level "ntn"`, "ntm"},
		{"NTM@2015", nil, `unknown recognition level "NTM"`, "ntm"},
		{"ntm@2015#", nil, "nothing follows '#'", ""},
		{"ntm@2015; ntm@2015#2", nil, "ntm@2015 twice", ""},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			ds := readCSV(t, "code,region,period,history\n1,north,2020,\""+tt.cell+"\"\n")
			if tt.err != "" {
				require.Len(t, ds.Errors, 1, ds.Errors.Lines())
				e := ds.Errors[0]
				assert.Equal(t, 2, e.Line)
				assert.Equal(t, 4, e.Column)
				assert.Contains(t, e.Message, tt.err)
				assert.Equal(t, tt.sugg, e.Suggest)
				assert.Empty(t, ds.Units)
				return
			}
			require.Empty(t, ds.Errors, ds.Errors.Lines())
			require.Len(t, ds.Units, 1)
			assert.Equal(t, tt.want, ds.Units[0].History)
		})
	}
}

func TestReadCSVEncodingErrors(t *testing.T) {
	tests := []struct {
		name string
		text []byte
		line int
		msg  string
	}{
		{"windows-1258 bytes", []byte("code,name,region,period\n1,T\xe2n H\xe3i,north,2020\n"), 2, "not UTF-8"},
		{"utf-16 without a byte-order mark", []byte("c\x00o\x00d\x00e\x00\n\x00"), 1, "UTF-16 without a byte-order mark"},
		{"utf-16 of odd length", []byte("\xff\xfec\x00o"), 1, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := data.Read(bytes.NewReader(tt.text), "t.csv", data.CSV, dataRuleset(t))
			require.Len(t, ds.Errors, 1)
			assert.Equal(t, criteria.CodeDataEncoding, ds.Errors[0].Code)
			assert.Equal(t, tt.line, ds.Errors[0].Line)
			assert.Contains(t, ds.Errors[0].Message, tt.msg)
		})
	}
}

func TestReadCSVMalformedQuotes(t *testing.T) {
	ds := readCSV(t, dataHeader+"1,A \"the\" first,north,2020,100,50,1,có,5,x\n2,B,north,2020,100,50,1,có,5,x\n")
	require.Len(t, ds.Errors, 1, ds.Errors.Lines())
	assert.Equal(t, criteria.CodeSyntax, ds.Errors[0].Code)
	assert.Equal(t, 2, ds.Errors[0].Line)
	assert.Contains(t, ds.Errors[0].Message, "quote the cell")
	require.Len(t, ds.Units, 1)
	assert.Equal(t, "2", ds.Units[0].Code)
	checkCounts(t, ds)
}

func TestWriteTemplate(t *testing.T) {
	rs := dataRuleset(t)
	var buf bytes.Buffer
	require.NoError(t, data.WriteTemplate(&buf, rs))
	text := buf.String()
	require.True(t, strings.HasPrefix(text, "\uFEFF"), "a byte-order mark for spreadsheets")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 3)
	assert.Equal(t, []string{"code", "name", "district", "region", "period", "history", "level",
		"households_total", "households_clean", "households_hygienic", "income", "has_market_in_plan", "market_ok", "debt",
		"poor_rate", "note"}, recs[0], "reserved columns, then fields that are not derived")
	assert.NotContains(t, recs[0], "income_at_ntm")
	for _, r := range recs[1:] {
		assert.True(t, strings.HasPrefix(r[0], "#"), "comment row %q", r)
		assert.Len(t, r, len(recs[0]))
	}
	assert.Equal(t, "Tổng số hộ", recs[1][7])
	assert.Equal(t, "số nguyên (hộ) [1, 100000]", recs[2][7])
	assert.Equal(t, "một trong: north | south", recs[2][3])

	t.Run("read back", func(t *testing.T) {
		ds := data.Read(strings.NewReader(text), "template.csv", data.CSV, rs)
		require.Empty(t, ds.Errors, ds.Errors.Lines())
		assert.Zero(t, ds.Rows)
		row := "32221,Tân Hải,Phú Tân,south,2020,ntm@2015,commune,1000,700,960,52.5,có,đạt,0,1.5,ghi chú\n"
		ds = data.Read(strings.NewReader(text+row), "template.csv", data.CSV, rs)
		require.Empty(t, ds.Errors, ds.Errors.Lines())
		require.Len(t, ds.Units, 1)
		assert.Equal(t, "template.csv:4", ds.Units[0].Source)
		assert.Equal(t, criteria.LevelCommune, ds.Units[0].Level)
	})
}
