package main

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// toJSONLines writes CSV rows of the sample as JSON Lines: the identity columns at the top,
// every other non-empty cell as a string value (numbers as text are read exactly).
func toJSONLines(t *testing.T, header string, rows []string) string {
	t.Helper()
	sep := ","
	if strings.Contains(header, "\x00") { // cells that hold commas are separated by NUL
		sep = "\x00"
	}
	cols := strings.Split(header, sep)
	var b strings.Builder
	for _, r := range rows {
		cells := strings.Split(r, sep)
		require.Len(t, cells, len(cols), "the sample has no quoted commas")
		obj := map[string]any{}
		vals := map[string]string{}
		for i, c := range cols {
			switch c {
			case "code", "name", "district", "region", "period", "history":
				if cells[i] != "" {
					obj[c] = cells[i]
				}
			default:
				if cells[i] != "" {
					vals[c] = cells[i]
				}
			}
		}
		obj["values"] = vals
		line, err := json.Marshal(obj)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestScatteredBadRowsEveryCommand: one file with bad rows first, in the middle and last (a
// value that is not a number, a duplicate code, a period the rules do not cover), written as
// CSV and as JSON Lines, gives the same accounting in every command that reads data: the same
// rows read and rejected, an error at each rejected row's line, and the counts adding up.
func TestScatteredBadRowsEveryCommand(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	col := map[string]int{}
	for i, c := range strings.Split(header, ",") {
		col[c] = i
	}
	n := col["households_total"]
	var lines []string
	lines = append(lines, withCell(rows[0], n, "abc"))               // line 2: not a number
	lines = append(lines, rows[1:6]...)                              // lines 3-7
	lines = append(lines, rows[2])                                   // line 8: a duplicate of line 4
	lines = append(lines, rows[6:12]...)                             // lines 9-14
	lines = append(lines, withCell(rows[12], col["period"], "1999")) // line 15: no rules in force
	lines = append(lines, rows[13:18]...)                            // lines 16-20
	lines = append(lines, withCell(rows[18], n, "12.5.1"))           // line 21: two decimal points
	const read, rejected = 20, 4
	badLines := []string{":2:", ":8:", ":15:", ":21:"}

	files := map[string]string{
		"csv":   write(t, "scattered.csv", header+"\n"+strings.Join(lines, "\n")+"\n"),
		"jsonl": write(t, "scattered.jsonl", toJSONLines(t, header, lines)),
	}
	// JSON Lines has no header line: its rows are lines 1…20, one less than in CSV.
	jsonlBad := []string{":1:", ":7:", ":14:", ":20:"}

	for format, file := range files {
		bad := badLines
		if format == "jsonl" {
			bad = jsonlBad
		}
		for _, args := range [][]string{
			{"check", file},
			{"evaluate", file},
			{"evaluate", file, "--format", "csv"},
			{"evaluate", file, "--format", "jsonl"},
			{"explain", "--all", file},
			{"rank", file},
			{"province", file},
		} {
			code, _, errs := ntm(t, args...)
			assert.Equal(t, exitFindings, code, "%s %v: rejected rows are findings", format, args)
			var r, ev, rej, left int
			if args[0] == "check" { // check evaluates nothing: it says what it accepted
				m := regexp.MustCompile(`ntm: đọc (\d+) dòng, nhận (\d+), loại (\d+)`).FindStringSubmatch(errs)
				require.NotNil(t, m, errs)
				r, ev, rej = atoi(m[1]), atoi(m[2]), atoi(m[3])
			} else {
				r, ev, rej, left = counts(t, errs)
			}
			assert.Equal(t, read, r, "%s %v: rows read", format, args)
			assert.Equal(t, rejected, rej, "%s %v: rows rejected\n%s", format, args, errs)
			assert.Equal(t, r, ev+rej+left, "%s %v: the counts add up", format, args)
			for _, l := range bad {
				assert.Contains(t, errs, "scattered."+format+l, "%s %v: an error at the rejected row", format, args)
			}
		}
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// TestExplainFindsOneUnit: explain reads the file as a stream and keeps only the rows of the
// unit asked for; by code, by a name only one unit has, the latest of its periods by default,
// and a name two units share is refused naming both codes.
func TestExplainFindsOneUnit(t *testing.T) {
	header, r2020 := sampleRows(t, "2020")
	_, r2019 := sampleRows(t, "2019")
	col := map[string]int{}
	for i, c := range strings.Split(header, ",") {
		col[c] = i
	}
	code0 := strings.Split(r2020[0], ",")[col["code"]]
	name0 := strings.Split(r2020[0], ",")[col["name"]]
	var same2019 string
	for _, r := range r2019 {
		if strings.Split(r, ",")[col["code"]] == code0 {
			same2019 = r
		}
	}
	require.NotEmpty(t, same2019)
	rows := append([]string{same2019}, r2020[:10]...)
	file := write(t, "few.csv", header+"\n"+strings.Join(rows, "\n")+"\n")

	code, out, errs := ntm(t, "explain", code0, file)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, code0+" "+name0)
	assert.Contains(t, out, "2020")
	assert.Contains(t, errs, "kỳ 2020, kỳ mới nhất của đơn vị "+code0)
	r, ev, rej, left := counts(t, errs)
	assert.Equal(t, []int{11, 1, 0, 10}, []int{r, ev, rej, left})

	code, out2, errs := ntm(t, "explain", strings.ToUpper(name0), file, "--period", "2019")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out2, code0+" "+name0+" ")
	assert.Contains(t, out2, "2019")

	twin := withCell(r2020[15], col["name"], name0)
	file2 := write(t, "twins.csv", header+"\n"+strings.Join(append(rows, ""), "\n")+twin+"\n")
	code, out3, errs := ntm(t, "explain", name0, file2)
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out3)
	assert.Contains(t, errs, "2 units are named")
	assert.Contains(t, errs, code0)
	assert.Contains(t, errs, strings.Split(r2020[15], ",")[col["code"]])
}

// TestDecimalCommaInJSONLines: --decimal-comma reads the numbers written as strings in JSON
// Lines as the data format says, giving what the CSV with decimal points gives.
func TestDecimalCommaInJSONLines(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	rows = rows[:4]
	csv := write(t, "four.csv", header+"\n"+strings.Join(rows, "\n")+"\n")
	var commaRows []string
	changed := 0
	for _, r := range rows {
		cells := strings.Split(r, ",")
		for i, c := range cells {
			if i > 5 && strings.Count(c, ".") == 1 && strings.Trim(c, "0123456789.") == "" {
				cells[i] = strings.Replace(c, ".", ",", 1)
				changed++
			}
		}
		commaRows = append(commaRows, strings.Join(cells, "\x00"))
	}
	require.Positive(t, changed)
	jl := toJSONLines(t, strings.ReplaceAll(header, ",", "\x00"), commaRows)
	jsonl := write(t, "four.jsonl", jl)

	code, want, errs := ntm(t, "evaluate", csv, "--format", "csv", "--full")
	require.Equal(t, exitOK, code, errs)
	code, got, errs := ntm(t, "evaluate", jsonl, "--format", "csv", "--full", "--decimal-comma")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, want, got)
	code, _, errs = ntm(t, "evaluate", jsonl, "--format", "csv")
	assert.Equal(t, exitFindings, code, "without the option, 47,5 is refused")
	assert.Contains(t, errs, "decimal comma")
}

// TestExplainRejectedRowOfAPeriod: when the row of the period asked for was rejected, explain
// says so (exit 1, the counts adding up), rather than claiming the data lacks the period.
func TestExplainRejectedRowOfAPeriod(t *testing.T) {
	header, r2020 := sampleRows(t, "2020")
	_, r2019 := sampleRows(t, "2019")
	col := map[string]int{}
	for i, c := range strings.Split(header, ",") {
		col[c] = i
	}
	code0 := strings.Split(r2019[0], ",")[col["code"]]
	rows := []string{withCell(r2019[0], col["households_total"], "abc"), r2019[1], r2019[2]}
	for _, r := range r2020 {
		if strings.Split(r, ",")[col["code"]] == code0 {
			rows = append(rows, r)
		}
	}
	rows = append(rows, r2020[5], r2020[6])
	file := write(t, "mixed.csv", header+"\n"+strings.Join(rows, "\n")+"\n")

	code, out, errs := ntm(t, "explain", code0, file, "--period", "2019")
	assert.Equal(t, exitFindings, code, errs)
	assert.Empty(t, out)
	assert.Contains(t, errs, "unit "+code0+" of period 2019 was rejected when the data was read ("+file+":2;")
	read, ev, rej, left := counts(t, errs)
	assert.Equal(t, []int{6, 0, 1, 5}, []int{read, ev, rej, left}, errs)

	code, out, errs = ntm(t, "explain", code0, file)
	require.Equal(t, exitFindings, code, "a rejected row is a finding even when another period is explained: %s", errs)
	assert.Contains(t, out, "2020")
	read, ev, rej, left = counts(t, errs)
	assert.Equal(t, []int{6, 1, 1, 4}, []int{read, ev, rej, left}, errs)

	code, _, errs = ntm(t, "explain", strings.Split(r2019[1], ",")[col["code"]], file, "--period", "2020")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "has no row of period 2020 (it has periods 2019)")

	code, _, errs = ntm(t, "explain", "--all", file, "--format", "json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "evaluate --format jsonl", "points to the streamed JSON of every unit")
}
