package data_test

// Reading units from JSON and YAML, and choosing the reader by extension; the fixtures and
// helpers are in data_test.go.

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadJSON(t *testing.T) {
	rs := dataRuleset(t)
	t.Run("fixture", func(t *testing.T) {
		ds := data.Read(bytes.NewReader(readFixture(t, "good.json")), "good.json", data.JSON, rs)
		checkGoodUnits(t, ds, "good.json", []int{3, 12, 16})
		assert.Equal(t, "0.1", num(t, ds.Units[0], "poor_rate"), "0.1 stays exactly 0.1")
		require.Contains(t, ds.Units[0].History[0].Recorded, "income")
		assert.Equal(t, "29.5", ds.Units[0].History[0].Recorded["income"].String())
		assert.Equal(t, "800", num(t, ds.Units[1], "households_total"), "a number may be a string")
	})
	tests := []struct {
		name      string
		json      string
		line, col int
		code      criteria.Code
		suggest   string
		msg       string
		units     int
	}{
		{"a list", `[{"code":"1","region":"north","period":2020,"values":{"income":0.1}}]`, 0, 0, "", "", "", 1},
		{"exact decimals", `[{"code":"1","region":"north","period":"2020","values":{"income":123456789.123456789}}]`, 0, 0, "", "", "", 1},
		{"unknown unit key", "[\n {\"code\":\"1\",\"region\":\"north\",\"period\":\"2020\",\n  \"valeus\":{}}]", 3, 3, criteria.CodeKeyUnknown, "values", `unknown key "valeus"`, 0},
		{"unknown field", "[{\"code\":\"1\",\"region\":\"north\",\"period\":\"2020\",\n\"values\":{\"incme\":1}}]", 2, 11, criteria.CodeRefField, "income", `unknown field "incme"`, 0},
		{"derived field", `[{"code":"1","region":"north","period":"2020","values":{"income_at_ntm":1}}]`, 1, 57, criteria.CodeDataColumn, "", "derived", 0},
		{"exponent", `[{"code":"1","region":"north","period":"2020","values":{"income":1e3}}]`, 1, 66, criteria.CodeData, "", "without an exponent", 0},
		{"number for a boolean", `[{"code":"1","region":"north","period":"2020","values":{"market_ok":1}}]`, 1, 69, criteria.CodeType, "", "expected true or false", 0},
		{"boolean for a number", `[{"code":"1","region":"north","period":"2020","values":{"income":true}}]`, 1, 66, criteria.CodeType, "", "expected a number", 0},
		{"number for a text", `[{"code":"1","region":"north","period":"2020","values":{"note":12}}]`, 1, 64, criteria.CodeType, "", "a text in quotes", 0},
		{"object for a value", `[{"code":"1","region":"north","period":"2020","values":{"income":{}}}]`, 1, 66, criteria.CodeType, "", "found an object", 0},
		{"out of range", `[{"code":"1","region":"north","period":"2020","values":{"households_total":0}}]`, 1, 76, criteria.CodeDataRange, "", "plausible range", 0},
		{"missing code", `[{"region":"north","period":"2020"}]`, 1, 2, criteria.CodeKeyMissing, "", `"code"`, 0},
		{"duplicate key", `[{"code":"1","code":"2","region":"north","period":"2020"}]`, 1, 14, criteria.CodeKeyDuplicate, "", "appears twice", 0},
		{"bad region", `[{"code":"1","region":"suoth","period":"2020"}]`, 1, 23, criteria.CodeData, "south", "unknown region", 0},
		{"bad history", `[{"code":"1","region":"north","period":"2020","history":[{"level":"ntm"}]}]`, 1, 58, criteria.CodeKeyMissing, "", `"year"`, 0},
		{"unknown recorded value", `[{"code":"1","region":"north","period":"2020","history":[{"level":"ntm","year":2015,"recorded":{"incom":1}}]}]`, 1, 97, criteria.CodeRefField, "income", "unknown recorded value", 0},
		{"duplicate unit", `[{"code":"1","region":"north","period":"2020"},` + "\n" + `{"code":"1","region":"north","period":"2020"}]`, 2, 1, criteria.CodeData, "", "accepted at line 1", 1},
		{"not a unit", `[{"code":"1","region":"north","period":"2020"}, 5]`, 1, 49, criteria.CodeType, "", "expected an object", 1},
		{"units object", `{"units":[{"code":"1","region":"north","period":"2020"}]}`, 0, 0, "", "", "", 1},
		{"unknown top key", `{"unit":[]}`, 1, 2, criteria.CodeKeyUnknown, "units", `unknown key "unit"`, 0},
		{"no units key", `{}`, 1, 1, criteria.CodeKeyMissing, "", `"units"`, 0},
		{"a number", `5`, 1, 1, criteria.CodeType, "", "expected a list of units", 0},
		{"syntax error", "[\n {\"code\": \"1\",,}\n]", 2, 15, criteria.CodeSyntax, "", "invalid JSON", 0},
		{"truncated", "[{\"code\": \"1\"", 1, 14, criteria.CodeSyntax, "", "ends before", 0},
		{"trailing data", "[] []", 1, 4, criteria.CodeSyntax, "", "after the end", 0},
		{"empty", " \n", 1, 1, criteria.CodeSyntax, "", "empty", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := data.Read(strings.NewReader(tt.json), "u.json", data.JSON, rs)
			checkCounts(t, ds)
			assert.Len(t, ds.Units, tt.units)
			if tt.code == "" {
				require.Empty(t, ds.Errors, ds.Errors.Lines())
				return
			}
			require.Len(t, ds.Errors, 1, ds.Errors.Lines())
			e := ds.Errors[0]
			assert.Equal(t, "u.json", e.File)
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.line, e.Line, "line")
			assert.Equal(t, tt.col, e.Column, "column")
			assert.Equal(t, tt.suggest, e.Suggest)
			assert.Contains(t, e.Message, tt.msg)
		})
	}
	t.Run("exact decimal", func(t *testing.T) {
		ds := data.Read(strings.NewReader(`[{"code":"1","region":"north","period":"2020","values":{"income":123456789.123456789,"poor_rate":0.1}}]`), "u.json", data.JSON, rs)
		require.Len(t, ds.Units, 1)
		assert.Equal(t, "123456789.123456789", num(t, ds.Units[0], "income"))
		assert.Equal(t, "0.1", num(t, ds.Units[0], "poor_rate"))
	})
	t.Run("position of a bad value on a later line", func(t *testing.T) {
		text := "{\"units\": [\n  {\"code\": \"1\", \"region\": \"north\", \"period\": \"2020\",\n   \"values\": {\"income\": 5,\n              \"households_total\": \"nhiều\"}}\n]}\n"
		ds := data.Read(strings.NewReader(text), "u.json", data.JSON, rs)
		require.Len(t, ds.Errors, 1)
		e := ds.Errors[0]
		assert.Equal(t, 4, e.Line)
		assert.Equal(t, 35, e.Column, "column of the value, counted in characters")
		assert.Equal(t, "unit 1 (1) › values › households_total", e.Path)
		assert.Equal(t, 1, ds.Rejected)
	})
	t.Run("decimal comma in strings only", func(t *testing.T) {
		text := `[{"code":"1","region":"north","period":"2020","values":{"income":"1.234,5","debt":47.5,"note":"4,5"}}]`
		ds := data.Read(strings.NewReader(text), "u.json", data.JSON, rs, data.WithDecimalComma())
		require.Empty(t, ds.Errors, ds.Errors.Lines())
		assert.Equal(t, "1234.5", num(t, ds.Units[0], "income"))
		assert.Equal(t, "47.5", num(t, ds.Units[0], "debt"), "a JSON number is never a decimal comma")
		assert.Equal(t, "4,5", value(t, ds.Units[0], "note").String())
		ds = data.Read(strings.NewReader(text), "u.json", data.JSON, rs)
		require.Len(t, ds.Errors, 1)
		assert.Contains(t, ds.Errors[0].Message, "--decimal-comma")
	})
	t.Run("a syntax error discards what was read", func(t *testing.T) {
		ds := data.Read(strings.NewReader(`[{"code":"1","region":"north","period":"2020"}, {"code":]`), "u.json", data.JSON, rs)
		require.Len(t, ds.Errors, 1)
		assert.Empty(t, ds.Units)
		assert.Zero(t, ds.Rows)
	})
}

func TestReadYAML(t *testing.T) {
	rs := dataRuleset(t)
	t.Run("fixture", func(t *testing.T) {
		ds := data.Read(bytes.NewReader(readFixture(t, "good.yaml")), "good.yaml", data.YAML, rs)
		checkGoodUnits(t, ds, "good.yaml", []int{2, 19, 24})
		assert.Equal(t, "0.1", num(t, ds.Units[0], "poor_rate"), "0.1 stays exactly 0.1")
		assert.Equal(t, "29.5", ds.Units[0].History[0].Recorded["income"].String())
	})
	t.Run("same units as JSON", func(t *testing.T) {
		y := data.Read(bytes.NewReader(readFixture(t, "good.yaml")), "good.yaml", data.YAML, rs)
		j := data.Read(bytes.NewReader(readFixture(t, "good.json")), "good.json", data.JSON, rs)
		require.Len(t, y.Units, len(j.Units))
		for i := range y.Units {
			assert.Equal(t, j.Units[i].Values.Present(), y.Units[i].Values.Present())
			for _, id := range j.Units[i].Values.Present() {
				assert.True(t, value(t, j.Units[i], id).Equal(value(t, y.Units[i], id)), "%s of unit %d", id, i)
			}
		}
	})
	tests := []struct {
		name      string
		yaml      string
		line, col int
		code      criteria.Code
		suggest   string
		msg       string
		units     int
	}{
		{"units mapping", "units:\n  - {code: '1', region: north, period: 2020, values: {income: 0.1}}\n", 0, 0, "", "", "", 1},
		{"plain scalars for a text", "- {code: 1, region: north, period: 2020, values: {note: 12, has_market_in_plan: 1}}\n", 0, 0, "", "", "", 1},
		{"unknown key", "- code: '1'\n  region: north\n  period: 2020\n  valus: {}\n", 4, 3, criteria.CodeKeyUnknown, "values", `unknown key "valus"`, 0},
		{"unknown field", "- code: '1'\n  region: north\n  period: 2020\n  values:\n    households_totl: 5\n", 5, 5, criteria.CodeRefField, "households_total", "unknown field", 0},
		{"bad number", "- code: '1'\n  region: north\n  period: 2020\n  values:\n    income: 0x1F\n", 5, 13, criteria.CodeData, "", "plain decimal", 0},
		{"decimal comma", "- code: '1'\n  region: north\n  period: 2020\n  values:\n    income: 47,5\n", 5, 13, criteria.CodeData, "", "--decimal-comma", 0},
		{"out of range", "- code: '1'\n  region: north\n  period: 2020\n  values: {poor_rate: 100.5}\n", 4, 23, criteria.CodeDataRange, "", "0 to 100", 0},
		{"bad period", "- {code: '1', region: north, period: 2020-01-01}\n", 1, 38, criteria.CodeData, "", "2020-H1", 0},
		{"alias", "- &a {code: '1', region: north, period: 2020}\n- *a\n", 2, 3, criteria.CodeSyntax, "", "aliases", 1},
		{"two documents", "- {code: '1', region: north, period: 2020}\n---\n- {code: '2', region: north, period: 2020}\n", 2, 1, criteria.CodeSyntax, "", "more than one YAML document", 0},
		{"syntax error", "- code: '1'\n  region: [north\n", 2, 0, criteria.CodeSyntax, "", "invalid YAML", 0},
		{"syntax error in a mapping", "units:\n  - code: '1'\n    region: north\n   period: 2020\n", 2, 0, criteria.CodeSyntax, "", "invalid YAML", 0},
		{"scanner error", "units:\n  - code: '1'\n    region: north\n    period: @2020\n", 4, 0, criteria.CodeSyntax, "", "cannot start any token", 0},
		{"empty", "# nothing\n", 1, 1, criteria.CodeSyntax, "", "empty", 0},
		{"a scalar", "hello\n", 1, 1, criteria.CodeType, "", "expected a list of units", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := data.Read(strings.NewReader(tt.yaml), "u.yaml", data.YAML, rs)
			checkCounts(t, ds)
			assert.Len(t, ds.Units, tt.units)
			if tt.code == "" {
				require.Empty(t, ds.Errors, ds.Errors.Lines())
				return
			}
			require.NotEmpty(t, ds.Errors)
			e := ds.Errors[0]
			assert.Equal(t, "u.yaml", e.File)
			assert.Equal(t, tt.code, e.Code, e.Error())
			if tt.line > 0 {
				assert.Equal(t, tt.line, e.Line, "line")
				assert.Equal(t, tt.col, e.Column, "column")
			}
			assert.Equal(t, tt.suggest, e.Suggest)
			assert.Contains(t, e.Message, tt.msg)
		})
	}
	t.Run("plain scalars keep their text", func(t *testing.T) {
		ds := data.Read(strings.NewReader("- {code: 01234, region: north, period: 2020, values: {note: 0012, debt: 0.10}}\n"), "u.yaml", data.YAML, rs)
		require.Empty(t, ds.Errors, ds.Errors.Lines())
		assert.Equal(t, "01234", ds.Units[0].Code)
		assert.Equal(t, "0012", value(t, ds.Units[0], "note").String())
		assert.Equal(t, "0.1", num(t, ds.Units[0], "debt"))
	})
}

func TestReadFile(t *testing.T) {
	rs := dataRuleset(t)
	csvText := readFixture(t, "good.csv")
	fsys := fstest.MapFS{
		"a.csv":     {Data: csvText},
		"b.CSV":     {Data: csvText},
		"c.json":    {Data: readFixture(t, "good.json")},
		"d.yaml":    {Data: readFixture(t, "good.yaml")},
		"e.yml":     {Data: readFixture(t, "good.yaml")},
		"f.xlsx":    {Data: []byte("PK")},
		"dir/g.csv": {Data: csvText},
	}
	for _, name := range []string{"a.csv", "b.CSV", "c.json", "d.yaml", "e.yml", "dir/g.csv"} {
		t.Run(name, func(t *testing.T) {
			ds := data.ReadFile(fsys, name, rs)
			require.Empty(t, ds.Errors, ds.Errors.Lines())
			require.Len(t, ds.Units, 3)
			assert.True(t, strings.HasPrefix(ds.Units[0].Source, name+":"), ds.Units[0].Source)
		})
	}
	t.Run("unknown extension", func(t *testing.T) {
		ds := data.ReadFile(fsys, "f.ods", rs)
		require.Len(t, ds.Errors, 1)
		assert.Equal(t, "f.ods", ds.Errors[0].File)
		assert.Equal(t, criteria.CodeDataEncoding, ds.Errors[0].Code)
		assert.Contains(t, ds.Errors[0].Message, ".csv, .tsv, .json, .jsonl, .ndjson, .yaml or .yml")
		ds = data.ReadFile(fsys, "f.xlsx", rs)
		require.Len(t, ds.Errors, 1)
		assert.Contains(t, ds.Errors[0].Message, "read by package criteria/xlsx")
	})
	t.Run("missing file", func(t *testing.T) {
		ds := data.ReadFile(fsys, "none.csv", rs)
		require.Len(t, ds.Errors, 1)
		assert.Contains(t, ds.Errors[0].Message, "cannot read the file")
		assert.Error(t, ds.Err())
	})
}
