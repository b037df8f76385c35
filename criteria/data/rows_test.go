package data_test

// Every row read ends as one accepted unit or one rejected row with a positioned error, and
// the counts add up, in every format; the fixtures and helpers are in data_test.go.

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readAs reads text as a file of the given format ("csv", "json" or "yaml").
func readAs(t testing.TB, format, text string, opts ...data.Option) *data.DataSet {
	t.Helper()
	rs := dataRuleset(t)
	name := "t." + format
	switch format {
	case "csv":
		return data.Read(strings.NewReader(text), name, data.CSV, rs, opts...)
	case "json":
		return data.Read(strings.NewReader(text), name, data.JSON, rs, opts...)
	case "yaml":
		return data.Read(strings.NewReader(text), name, data.YAML, rs, opts...)
	}
	t.Fatalf("unknown format %q", format)
	return nil
}

func codes(units []*criteria.Unit) []string {
	var out []string
	for _, u := range units {
		out = append(out, fmt.Sprintf("%s@%s", u.Code, u.Period))
	}
	return out
}

// errorLines returns the distinct lines the errors are at.
func errorLines(ds *data.DataSet) []int {
	seen := map[int]bool{}
	var out []int
	for _, e := range ds.Errors {
		if !seen[e.Line] {
			seen[e.Line] = true
			out = append(out, e.Line)
		}
	}
	sort.Ints(out)
	return out
}

// csvRows returns a header and n data rows (codes 1…n, all valid).
func csvRows(n int) []string {
	lines := []string{strings.TrimSuffix(dataHeader, "\n")}
	for i := 1; i <= n; i++ {
		lines = append(lines, fmt.Sprintf("%d,Xã %d,north,2020,100,50,47.5,có,5,", i, i))
	}
	return lines
}

func TestReadCSVUnclosedQuote(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		t.Run(fmt.Sprintf("never closed: the rest of the file is one rejected block (%q)", eol), func(t *testing.T) {
			lines := csvRows(82)
			lines[3] = `3,"Xã 3,north,2020,100,50,47.5,có,5,` // data row 3, the quote opens in column 2
			ds := readCSV(t, strings.Join(lines, eol)+eol)
			checkCounts(t, ds)
			require.Len(t, ds.Errors, 1, ds.Errors.Lines())
			e := ds.Errors[0]
			assert.Equal(t, criteria.CodeSyntax, e.Code)
			assert.Equal(t, 4, e.Line, "the row where the quote opened")
			assert.Equal(t, 2, e.Column, "the cell where the quote opened")
			assert.Equal(t, "row 4 › column name", e.Path)
			assert.Contains(t, e.Message, "unclosed quote opened here (line 4, character 3)")
			assert.Contains(t, e.Message, "the 79 lines after it were read as part of this cell and not evaluated")
			assert.Equal(t, 82, ds.Rows, "the swallowed lines are counted")
			assert.Equal(t, 80, ds.Rejected, "the row of the quote and the 79 lines after it")
			assert.Equal(t, []string{"1@2020", "2@2020"}, codes(ds.Units))
		})
	}
	t.Run("blank and comment lines are not rows", func(t *testing.T) {
		lines := csvRows(6)
		lines[2] = `2,"Xã 2,north,2020,100,50,47.5,có,5,`
		lines = append(lines[:4], append([]string{"", "# a comment"}, lines[4:]...)...)
		ds := readCSV(t, strings.Join(lines, "\n")+"\n")
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Contains(t, ds.Errors[0].Message, "the 6 lines after it (4 of them rows)")
		assert.Equal(t, 6, ds.Rows)
		assert.Equal(t, 5, ds.Rejected)
	})
	t.Run("closed by a later row's quote: reading resumes after it", func(t *testing.T) {
		lines := csvRows(20)
		lines[3] = `3,"Xã 3,north,2020,100,50,47.5,có,5,`
		lines[10] = `10,Xã 10,north,2020,100,50,47.5,có,5,"ghi chú, dài"`
		ds := readCSV(t, strings.Join(lines, "\n")+"\n")
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		e := ds.Errors[0]
		assert.Equal(t, 4, e.Line)
		assert.Equal(t, 2, e.Column)
		assert.Contains(t, e.Message, "the 7 lines after it were read as part of this cell and not evaluated")
		assert.Contains(t, e.Message, "line 11")
		assert.Equal(t, 20, ds.Rows)
		assert.Equal(t, 8, ds.Rejected)
		require.Len(t, ds.Units, 12)
		assert.Equal(t, "11", ds.Units[2].Code, "the row after the block is read")
		assert.Equal(t, "t.csv:12", ds.Units[2].Source, "and keeps its own line")
	})
	t.Run("rows after the block keep their lines in errors", func(t *testing.T) {
		lines := csvRows(12)
		lines[2] = `2,"Xã 2,north,2020,100,50,47.5,có,5,`
		lines[5] = `5,Xã 5,north,2020,100,50,47.5,có,5,"x"`
		lines[9] = `9,Xã 9,north,2020,100,50,abc,có,5,`
		ds := readCSV(t, strings.Join(lines, "\n")+"\n")
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 2, ds.Errors.Lines())
		assert.Equal(t, []int{3, 10}, errorLines(ds))
		assert.Equal(t, 12, ds.Rows)
	})
	t.Run("on the last row", func(t *testing.T) {
		lines := csvRows(3)
		lines[3] = `3,"Xã 3,north,2020,100,50,47.5,có,5,`
		ds := readCSV(t, strings.Join(lines, "\n")+"\n")
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Equal(t, 4, ds.Errors[0].Line)
		assert.Equal(t, 2, ds.Errors[0].Column)
		assert.Contains(t, ds.Errors[0].Message, "unclosed quote opened here")
		assert.Contains(t, ds.Errors[0].Message, "the end of the file")
		assert.Equal(t, 3, ds.Rows)
		assert.Equal(t, 1, ds.Rejected)
	})
	t.Run("in the header", func(t *testing.T) {
		ds := readCSV(t, "code,\"name,region,period\n1,A,north,2020\n2,B,north,2020\n")
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Equal(t, 1, ds.Errors[0].Line)
		assert.Equal(t, 2, ds.Errors[0].Column)
		assert.Contains(t, ds.Errors[0].Message, "the 2 lines after it")
		assert.Zero(t, ds.Rows, "no row is read under a broken header")
	})
	t.Run("a quoted cell that spans rows is pointed out", func(t *testing.T) {
		lines := csvRows(6)
		lines[2] = `2,"Xã 2,north,2020,100,50,47.5,có,5,`
		lines[4] = `4,Xã 4,north,2020,100,50,47.5,có,5,x"`
		ds := readCSV(t, strings.Join(lines, "\n")+"\n")
		checkCounts(t, ds)
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		e := ds.Errors[0]
		assert.Equal(t, 3, e.Line)
		assert.Contains(t, e.Message, "cells but the header has 10 columns")
		assert.Contains(t, e.Message, "column 2 holds lines 3-5")
	})
}

func TestReadCSVUnclosedQuoteAnywhere(t *testing.T) {
	// A quote opened in any cell of any row: the row is rejected with one error where the
	// quote opened, and every row of the file is still counted.
	const n = 8
	for k := 1; k <= n; k++ {
		for col := 1; col <= 10; col++ {
			lines := csvRows(n)
			cells := strings.Split(lines[k], ",")
			cells[col-1] = `"` + cells[col-1]
			lines[k] = strings.Join(cells, ",")
			ds := readCSV(t, strings.Join(lines, "\n")+"\n")
			checkCounts(t, ds)
			require.Len(t, ds.Errors, 1, "row %d, column %d: %s", k, col, ds.Errors.Lines())
			e := ds.Errors[0]
			assert.Equal(t, [2]int{k + 1, col}, [2]int{e.Line, e.Column}, "row %d, column %d", k, col)
			assert.Equal(t, n, ds.Rows, "row %d, column %d", k, col)
			assert.Equal(t, k-1, len(ds.Units), "row %d, column %d: the rows before it", k, col)
			if k < n {
				assert.Contains(t, e.Message, fmt.Sprintf("the %d lines after it", n-k), "row %d, column %d", k, col)
			} else {
				assert.Contains(t, e.Message, "the end of the file", "row %d, column %d", k, col)
			}
		}
	}
}

func TestReadDuplicates(t *testing.T) {
	// code 1 first rejected (bad income), then accepted, then repeated.
	rows := []struct{ income, name string }{{"abc", "bad"}, {"47.5", "good"}, {"48", "again"}}
	var csvText, jsonText, yamlText strings.Builder
	csvText.WriteString(dataHeader)
	jsonText.WriteString("[\n")
	yamlText.WriteString("# header\n")
	for i, r := range rows {
		fmt.Fprintf(&csvText, "1,%s,north,2020,100,50,%s,có,5,\n", r.name, r.income)
		sep := ","
		if i == len(rows)-1 {
			sep = ""
		}
		fmt.Fprintf(&jsonText, `{"code": "1", "name": %q, "region": "north", "period": "2020", "values": {"income": %q}}%s`+"\n", r.name, r.income, sep)
		fmt.Fprintf(&yamlText, "- {code: '1', name: %s, region: north, period: 2020, values: {income: %s}}\n", r.name, r.income)
	}
	texts := map[string]string{"csv": csvText.String(), "json": jsonText.String() + "]\n", "yaml": yamlText.String()}
	where := map[string]string{"csv": "row 3", "json": "line 3", "yaml": "line 3"}
	for _, format := range []string{"csv", "json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			ds := readAs(t, format, texts[format])
			checkCounts(t, ds)
			require.Len(t, ds.Units, 1, ds.Errors.Lines())
			assert.Equal(t, "good", ds.Units[0].Name, "a rejected row does not hide the next one with its code")
			assert.Equal(t, 3, ds.Rows)
			assert.Equal(t, 2, ds.Rejected)
			assert.Equal(t, []int{2, 4}, errorLines(ds))
			var dup *criteria.Error
			for _, e := range ds.Errors {
				if e.Line == 4 {
					dup = e
				}
			}
			require.NotNil(t, dup)
			assert.Equal(t, criteria.CodeData, dup.Code)
			assert.Contains(t, dup.Message, "accepted at "+where[format], "the error names the accepted row")
		})
	}
}

func TestReadPeriodOutsideRulesetYears(t *testing.T) {
	texts := map[string]string{
		"csv":  dataHeader + "1,A,north,2020,100,50,47.5,có,5,\n1,A,north,2021,100,50,47.5,có,5,\n2,B,north,2015-H2,100,50,47.5,có,5,\n",
		"json": "[\n{\"code\": \"1\", \"region\": \"north\", \"period\": \"2020\"},\n{\"code\": \"1\", \"region\": \"north\", \"period\": 2021},\n{\"code\": \"2\", \"region\": \"north\", \"period\": \"2015-H2\"}\n]\n",
		"yaml": "# units\n- {code: '1', region: north, period: 2020}\n- {code: '1', region: north, period: 2021}\n- {code: '2', region: north, period: 2015-H2}\n",
	}
	col := map[string][2]int{"csv": {4, 4}, "json": {44, 44}, "yaml": {38, 38}}
	for _, format := range []string{"csv", "json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			ds := readAs(t, format, texts[format])
			checkCounts(t, ds)
			assert.Equal(t, []string{"1@2020"}, codes(ds.Units))
			assert.Equal(t, 3, ds.Rows)
			assert.Equal(t, 2, ds.Rejected)
			require.Len(t, ds.Errors, 2, ds.Errors.Lines())
			for i, want := range []string{"period 2021 is outside the ruleset's years 2016-2020", "period 2015-H2 is outside the ruleset's years 2016-2020"} {
				e := ds.Errors[i]
				assert.Equal(t, criteria.CodeData, e.Code)
				assert.Equal(t, 3+i, e.Line)
				assert.Equal(t, col[format][i], e.Column, "at the period")
				assert.Contains(t, e.Message, want)
			}
		})
	}
	t.Run("a default period outside the years", func(t *testing.T) {
		ds := readCSV(t, "code,region\n1,north\n", data.WithDefaultPeriod(criteria.Period{Year: 2022}))
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Contains(t, ds.Errors[0].Message, "outside the ruleset's years 2016-2020")
		assert.Empty(t, ds.Units)
	})
}

func TestReadEmptyInput(t *testing.T) {
	// A file with nothing in it is one error at 1:1, in every format; a file that has its
	// structure (a header, an empty list) but no unit is an empty data set without error.
	tests := []struct {
		format, text string
		empty        bool
	}{
		{"csv", "", true},
		{"csv", "\uFEFF", true},
		{"csv", "  \r\n\n", true},
		{"csv", "# only a comment\n", true},
		{"csv", ",,,\n", true},
		{"json", "", true},
		{"json", "\uFEFF \n", true},
		{"yaml", "", true},
		{"yaml", "# only a comment\n", true},
		{"yaml", "---\n", true},
		{"csv", "code,region,period\n", false},
		{"csv", "code,region,period", false},
		{"csv", "\n,,\ncode,region,period\n# labels\n\n", false},
		{"json", "[]", false},
		{"json", "{\"units\": []}\n", false},
		{"yaml", "[]\n", false},
		{"yaml", "units: []\n", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q", tt.format, tt.text), func(t *testing.T) {
			ds := readAs(t, tt.format, tt.text)
			checkCounts(t, ds)
			assert.Zero(t, ds.Rows)
			assert.Empty(t, ds.Units)
			if !tt.empty {
				assert.Empty(t, ds.Errors, ds.Errors.Lines())
				return
			}
			require.Len(t, ds.Errors, 1, ds.Errors.Lines())
			e := ds.Errors[0]
			assert.Equal(t, criteria.CodeSyntax, e.Code)
			assert.Equal(t, [2]int{1, 1}, [2]int{e.Line, e.Column})
			assert.Contains(t, e.Message, "the file is empty")
		})
	}
	t.Run("null is a value of the wrong type, not an empty file", func(t *testing.T) {
		for format, text := range map[string]string{"json": "null\n", "yaml": "~\n"} {
			ds := readAs(t, format, text)
			require.Len(t, ds.Errors, 1, ds.Errors.Lines())
			assert.Equal(t, criteria.CodeType, ds.Errors[0].Code, format)
		}
	})
}

func TestReadScatteredBadRows(t *testing.T) {
	// criteria/testdata/data/scattered.{csv,json,yaml} hold the same ten rows, each on the same line:
	// bad first, middle and last rows, a row of a year the ruleset does not cover, a duplicate
	// of a rejected row (accepted) and a duplicate of an accepted row (rejected).
	rs := dataRuleset(t)
	rejected := []int{2, 4, 7, 8, 9, 11}
	var accepted []string
	nerr := -1
	for _, format := range []string{"csv", "json", "yaml"} {
		name := "scattered." + format
		t.Run(format, func(t *testing.T) {
			ds := data.ReadFile(os.DirFS("../testdata/data"), name, rs)
			checkCounts(t, ds)
			assert.Equal(t, 10, ds.Rows)
			assert.Equal(t, len(rejected), ds.Rejected)
			assert.Equal(t, rejected, errorLines(ds), "an error at each rejected row's line, and nowhere else")
			got := codes(ds.Units)
			assert.Equal(t, []string{"32002@2020", "32003@2020", "32004@2020", "32006@2019-H1"}, got)
			assert.Equal(t, "Bình", ds.Units[1].Name)
			for _, e := range ds.Errors {
				assert.Equal(t, name, e.File)
				switch e.Line {
				case 7:
					assert.Contains(t, e.Message, "period 2021 is outside the ruleset's years 2016-2020")
				case 9:
					assert.Regexp(t, `accepted at (row|line) 3\b`, e.Message, "names the accepted row's line")
				}
			}
			if nerr < 0 {
				accepted, nerr = got, len(ds.Errors)
				return
			}
			assert.Equal(t, accepted, got, "the same units as the CSV")
			assert.Len(t, ds.Errors, nerr, "as many errors as the CSV")
		})
	}
}

func TestReadCSVEmptyRowBeforeHeader(t *testing.T) {
	// A spreadsheet may export an empty first row: its separators are no header.
	for _, sep := range []rune{',', ';'} {
		s := string(sep)
		text := strings.Repeat(s, 3) + "\n" + strings.Join([]string{"code", "region", "period"}, s) + "\n1" + s + "north" + s + "2020\n"
		t.Run(s, func(t *testing.T) {
			ds := readCSV(t, text, data.WithComma(sep))
			require.Empty(t, ds.Errors, ds.Errors.Lines())
			require.Len(t, ds.Units, 1)
			assert.Equal(t, "t.csv:3", ds.Units[0].Source)
		})
	}
	t.Run("the semicolon export is still recognised", func(t *testing.T) {
		ds := readCSV(t, ";;;\ncode;region;period\n1;north;2020\n")
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Equal(t, criteria.CodeDataEncoding, ds.Errors[0].Code)
		assert.Equal(t, 2, ds.Errors[0].Line)
	})
}

// TestReadTopLevelProblemsLoseNoUnit: a second "units" list is read too (with an error), and an
// unknown top-level key is an error beside the units read; no unit is dropped without a word.
func TestReadTopLevelProblemsLoseNoUnit(t *testing.T) {
	rs := dataRuleset(t)
	u := func(code string) string {
		return `{"code":"` + code + `","region":"north","period":"2020","values":{"households_total":10}}`
	}
	for _, c := range []struct {
		name, text string
		read       func(string) *data.DataSet
	}{
		{"json", `{"units":[` + u("1") + `],"units":[` + u("2") + `,` + u("3") + `],"extra":1}`, func(s string) *data.DataSet {
			return data.Read(strings.NewReader(s), "d.json", data.JSON, rs)
		}},
		{"yaml", "units: [" + u("1") + "]\nunits: [" + u("2") + ", " + u("3") + "]\nextra: 1\n", func(s string) *data.DataSet {
			return data.Read(strings.NewReader(s), "d.yaml", data.YAML, rs)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds := c.read(c.text)
			assert.Equal(t, 3, ds.Rows, "every unit of both lists is read")
			assert.Len(t, ds.Units, 3)
			var codes []criteria.Code
			for _, e := range ds.Errors {
				codes = append(codes, e.Code)
			}
			assert.ElementsMatch(t, []criteria.Code{criteria.CodeKeyDuplicate, criteria.CodeKeyUnknown}, codes, "%v", ds.Errors)
		})
	}
}
