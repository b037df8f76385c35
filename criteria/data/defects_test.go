package data_test

// Defects of the whole-file readers this package replaces, each read the way it failed.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadJSONSyntaxErrorPosition: a syntax error inside a value of a later unit is reported at
// its own line and column, counted from the start of the file (the token API of encoding/json
// gave an offset relative to the value, which was taken as absolute: 3:42 for 4:27).
func TestReadJSONSyntaxErrorPosition(t *testing.T) {
	head := "[\n {\"code\": \"1\", \"region\": \"north\", \"period\": \"2020\"},\n {\"code\": \"2\", \"region\": \"north\", \"period\": \"2020\",\n"
	for _, tt := range []struct {
		name, value string
		line, col   int
		msg         string
	}{
		{"a literal", `  "values": {"income": tru}}`, 4, 27, "invalid character '}' in literal true (expecting 'e')"},
		{"a number", `  "values": {"income": 1.}}`, 4, 26, "invalid character '}' after decimal point in numeric literal"},
		{"a string", "  \"values\": {\"note\": \"a\x01b\"}}", 4, 24, `invalid character '\x01' in string literal`},
		{"an escape", `  "values": {"note": "a\qb"}}`, 4, 25, `invalid character 'q' in string escape code`},
		{"between values", `  "values": {"income": 1 "note": "x"}}`, 4, 26, `invalid character '"' after object key:value pair`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := head + tt.value + "\n]\n"
			ds := data.Read(strings.NewReader(text), "u.json", data.JSON, dataRuleset(t))
			require.Len(t, ds.Errors, 1, ds.Errors.Lines())
			e := ds.Errors[0]
			assert.Equal(t, criteria.CodeSyntax, e.Code)
			assert.Equal(t, [2]int{tt.line, tt.col}, [2]int{e.Line, e.Column}, e.Error())
			assert.Equal(t, "invalid JSON: "+tt.msg, e.Message)
		})
	}
	t.Run("after the end of the data", func(t *testing.T) {
		ds := data.Read(strings.NewReader("[]\n\n  x"), "u.json", data.JSON, dataRuleset(t))
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		assert.Equal(t, [2]int{3, 3}, [2]int{ds.Errors[0].Line, ds.Errors[0].Column})
	})
}

// TestReadCSVTooManyDigits: a number with more digits than a Number keeps exactly says so, and
// how many are kept, instead of calling it no number.
func TestReadCSVTooManyDigits(t *testing.T) {
	for _, tt := range []struct{ cell, msg string }{
		{"1234567890123456789", "more than 18 significant digits"},
		{"0.1234567890123456789", "more than 18 digits after the decimal point"},
	} {
		ds := readCSV(t, "code,region,period,income\n1,north,2020,"+tt.cell+"\n")
		require.Len(t, ds.Errors, 1, ds.Errors.Lines())
		e := ds.Errors[0]
		assert.Equal(t, [2]int{2, 4}, [2]int{e.Line, e.Column})
		assert.Contains(t, e.Message, "has too many digits ("+tt.msg+")")
		assert.Contains(t, e.Message, "at most 18 significant digits")
		assert.NotContains(t, e.Message, "is not a number")
	}
	ds := readCSV(t, "code,region,period,income\n1,north,2020,123456789012345678\n")
	require.Empty(t, ds.Errors, ds.Errors.Lines())
	assert.Equal(t, "123456789012345678", num(t, ds.Units[0], "income"), "18 digits are kept exactly")
}

// TestReadCSVOldMacLineEnds: lines ended by a lone "\r" (old Mac exports) are lines, numbered as
// such, inside quoted cells too; they were read as one line ("income\r1" an unknown column).
func TestReadCSVOldMacLineEnds(t *testing.T) {
	text := "code,name,region,period,income\r1,\"Tân\rHải\",north,2020,12\r# a comment\r2,B,north,2020,abc\r3,C,north,2020,13\r"
	ds := readCSV(t, text)
	checkCounts(t, ds)
	require.Len(t, ds.Errors, 1, ds.Errors.Lines())
	assert.Equal(t, [2]int{4, 5}, [2]int{ds.Errors[0].Line, ds.Errors[0].Column}, "row 4: the quoted line break stays in its row")
	assert.Equal(t, []string{"1@2020", "3@2020"}, codes(ds.Units))
	assert.Equal(t, "Tân\nHải", ds.Units[0].Name, "a line break in a quoted cell is read as \\n")
	assert.Equal(t, "t.csv:5", ds.Units[1].Source)
	t.Run("mixed with CRLF", func(t *testing.T) {
		ds := readCSV(t, "code,region,period\r\n1,north,2020\r2,north,2020\n3,north,2020")
		require.Empty(t, ds.Errors, ds.Errors.Lines())
		assert.Equal(t, []string{"1@2020", "2@2020", "3@2020"}, codes(ds.Units))
		assert.Equal(t, "t.csv:4", ds.Units[2].Source)
	})
}

// TestReadCSVWideHeader: a header of 200 000 unknown columns is one error, at once, and a
// header of a few thousand lists 50 of them and counts the rest.
func TestReadCSVWideHeader(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,region,period")
	for i := range 200000 {
		fmt.Fprintf(&b, ",x%d", i)
	}
	b.WriteString("\n1,north,2020\n")
	start := time.Now()
	ds := readCSV(t, b.String())
	assert.Less(t, time.Since(start), time.Second)
	require.Len(t, ds.Errors, 1, ds.Errors.Lines())
	e := ds.Errors[0]
	assert.Equal(t, criteria.CodeDataLimit, e.Code)
	assert.Equal(t, [2]int{1, data.MaxColumns + 1}, [2]int{e.Line, e.Column})
	assert.Contains(t, e.Message, "the header has 200003 columns; at most 4096 are read")
	assert.Zero(t, ds.Rows)

	b.Reset()
	b.WriteString("code,region,period")
	for i := range 3000 {
		fmt.Fprintf(&b, ",x%d", i)
	}
	start = time.Now()
	ds = readCSV(t, b.String()+"\n1,north,2020\n")
	assert.Less(t, time.Since(start), time.Second)
	require.Len(t, ds.Errors, 51)
	assert.Contains(t, ds.Errors[0].Message, "2950 more unknown columns (\"x50\", \"x51\", \"x52\", …) are not listed")
	assert.Equal(t, 0, ds.Errors[0].Column)
	assert.Contains(t, ds.Errors[1].Message, `unknown column "x0"`)
}
