package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleRows returns the sample's header and its rows of one period, as CSV lines.
func sampleRows(t *testing.T, period string) (string, []string) {
	t.Helper()
	b, err := os.ReadFile(sampleCSV)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	var rows []string
	for _, l := range lines[1:] {
		if strings.Split(l, ",")[4] == period {
			rows = append(rows, l)
		}
	}
	require.NotEmpty(t, rows)
	return lines[0], rows
}

// withCell returns a CSV line with its i-th cell replaced.
func withCell(line string, i int, v string) string {
	cells := strings.Split(line, ",")
	cells[i] = v
	return strings.Join(cells, ",")
}

// counts parses the tool's closing count line.
func counts(t *testing.T, errs string) (read, evaluated, rejected, left int) {
	t.Helper()
	m := regexp.MustCompile(`ntm: (?:đọc|read) (\d+) (?:dòng|rows), (?:đánh giá|evaluated) (\d+), (?:loại|rejected) (\d+)(?:, (?:bỏ qua|left out) (\d+))?`).FindStringSubmatch(errs)
	require.NotNil(t, m, "no count line in:\n%s", errs)
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	return atoi(m[1]), atoi(m[2]), atoi(m[3]), atoi(m[4])
}

// TestArgumentsEveryCommand runs every command with its main input as an argument and as a
// flag (the same output), with flags after the arguments, with an extra argument (exit 2
// naming it) and with a file that does not exist (exit 2).
func TestArgumentsEveryCommand(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	_, rows2019 := sampleRows(t, "2019")
	var kept []string
	for _, rs := range [][]string{rows2019, rows} {
		kept = append(kept, rs[:9]...)
		for _, r := range rs {
			if strings.HasPrefix(r, "32221,") {
				kept = append(kept, r)
			}
		}
	}
	data := write(t, "communes.csv", header+"\n"+strings.Join(kept, "\n")+"\n")
	const rules = "camau/xa-ntm-2016-2020.yaml"
	missing := filepath.Join(t.TempDir(), "missing.csv")
	for _, c := range []struct {
		name       string
		positional []string // main input as arguments
		flagged    []string // the same as flags
		extra      []string // the positional form with flags after the arguments
	}{
		{"evaluate", []string{"evaluate", data}, []string{"evaluate", "--data", data}, []string{"evaluate", data, "--format", "csv"}},
		{"check", []string{"check", data}, []string{"check", "--data", data}, []string{"check", data, "--rules", rules}},
		{"explain", []string{"explain", "32221", data}, []string{"explain", "32221", "--data", data}, []string{"explain", "32221", data, "--lang", "en"}},
		{"rank", []string{"rank", data}, []string{"rank", "--data", data}, []string{"rank", data, "--by", "commune"}},
		{"progress", []string{"progress", data}, []string{"progress", "--data", data}, nil},
		{"province", []string{"province", data}, []string{"province", "--data", data}, []string{"province", data, "--lang", "en"}},
		{"demo", []string{"demo", data}, []string{"demo", "--data", data}, []string{"demo", data, "--lang", "en"}},
		{"template", []string{"template", "vn/xa-ntm-2016-2020.yaml"}, []string{"template", "--rules", "vn/xa-ntm-2016-2020.yaml"}, nil},
		{"targets", []string{"targets", "vn/xa-ntm-2016-2020.yaml"}, []string{"targets", "--rules", "vn/xa-ntm-2016-2020.yaml"}, []string{"targets", "vn/xa-ntm-2016-2020.yaml", "--year", "2018"}},
		{"deviations", []string{"deviations", rules}, []string{"deviations", "--rules", rules}, []string{"deviations", rules, "--format", "csv"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code1, out1, errs1 := ntm(t, c.positional...)
			code2, out2, errs2 := ntm(t, c.flagged...)
			assert.Equal(t, code2, code1, "positional and flag forms: %s / %s", errs1, errs2)
			assert.Equal(t, out2, out1, "the same output either way")
			assert.NotEmpty(t, out1)
			if c.name != "template" && c.name != "targets" && c.name != "deviations" {
				assert.Equal(t, exitOK, code1, errs1)
				assert.NotContains(t, out1, "32069", "a commune that is not in the file is not shown")
			}
			if c.extra != nil {
				code, out, errs := ntm(t, c.extra...)
				assert.Equal(t, exitOK, code, errs)
				assert.NotEmpty(t, out)
			}
			code, _, errs := ntm(t, append(c.positional, "surplus")...)
			assert.Equal(t, exitUsage, code, "an argument the command does not use")
			assert.Contains(t, errs, `"surplus"`)
			if strings.HasPrefix(c.positional[len(c.positional)-1], "/") {
				args := append(append([]string(nil), c.positional[:len(c.positional)-1]...), missing)
				code, _, errs = ntm(t, args...)
				assert.Equal(t, exitUsage, code, errs)
				assert.Contains(t, errs, "missing.csv")
			}
		})
	}
	t.Run("validate and test", func(t *testing.T) {
		code, _, errs := ntm(t, "validate", missing)
		assert.Equal(t, exitUsage, code, errs)
		code, _, errs = ntm(t, "test", missing)
		assert.Equal(t, exitUsage, code, errs)
		code, out, errs := ntm(t, "validate", rules, "--warnings")
		assert.Equal(t, exitOK, code, errs)
		assert.Contains(t, out, "ok")
	})
	t.Run("list takes no arguments", func(t *testing.T) {
		for _, cmd := range []string{"list"} {
			code, _, errs := ntm(t, cmd, "x")
			assert.Equal(t, exitUsage, code, cmd)
			assert.Contains(t, errs, `"x"`)
		}
	})
	t.Run("data given twice", func(t *testing.T) {
		code, _, errs := ntm(t, "evaluate", data, "--data", sampleCSV)
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, errs, "twice")
	})
}

// TestPositionalDataIsRead: the data named as an argument is the data evaluated, never the
// embedded sample; a rule file named after the argument is the one used.
func TestPositionalDataIsRead(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	data := write(t, "communes.csv", header+"\n"+strings.Join(rows[:3], "\n")+"\n")
	code, out, errs := ntm(t, "check", data)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "đọc 3 dòng, nhận 3, loại 0")
	assert.Contains(t, errs, "bộ tiêu chí: camau/xa-ntm-2016-2020.yaml (mặc định", "the default taken for the user's data is stated")

	code, out, errs = ntm(t, "evaluate", data, "--rules", "vn/mttq-xa-ntm-2016-2020.yaml", "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, 4, strings.Count(out, "\n"), out)
	assert.NotContains(t, errs, "bộ tiêu chí:", "the rule file was given")
	code, out, errs = ntm(t, "evaluate", data, "--rules", "vn/mttq-xa-ntm-2016-2020.yaml")
	require.Equal(t, exitOK, code, errs)
	assert.True(t, strings.HasPrefix(out, "Trách nhiệm của Mặt trận Tổ quốc Việt Nam"), "the Front's national layer is used, not Cà Mau's file: %s", out)

	code, _, errs = ntm(t, "evaluate", "--rules", "vn/xa-ntm-2016-2020.yaml")
	assert.Equal(t, exitUsage, code, "a rule file without data does not fall back to the sample")
	assert.Contains(t, errs, "no data")
	code, _, errs = ntm(t, "rank", "--scheme", defaultScheme)
	assert.Equal(t, exitUsage, code, "a scheme without data does not fall back to the sample")
	assert.Contains(t, errs, "no data")
}

// TestRowsAccountedFor: rows of several periods are each evaluated in their own period, a
// --period filter says how many rows it left out, and the counts add up in every command.
func TestRowsAccountedFor(t *testing.T) {
	header, r2020 := sampleRows(t, "2020")
	_, r2019 := sampleRows(t, "2019")
	lines := append(append([]string{header}, r2019[:5]...), r2020[:7]...)
	data := write(t, "two.csv", strings.Join(lines, "\n")+"\n")

	code, out, errs := ntm(t, "evaluate", data, "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	read, ev, rej, left := counts(t, errs)
	assert.Equal(t, []int{12, 12, 0, 0}, []int{read, ev, rej, left}, "every row is evaluated in its own period")
	byPeriod := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		byPeriod[strings.Split(l, ",")[3]]++
	}
	assert.Equal(t, map[string]int{"2019": 5, "2020": 7}, byPeriod)

	code, _, errs = ntm(t, "evaluate", data, "--period", "2019")
	require.Equal(t, exitOK, code, errs)
	read, ev, rej, left = counts(t, errs)
	assert.Equal(t, []int{12, 5, 0, 7}, []int{read, ev, rej, left})
	assert.Contains(t, errs, "bỏ qua 7 (thuộc kỳ khác 2019)")

	for _, cmd := range []string{"rank", "province", "demo"} {
		code, _, errs = ntm(t, cmd, data)
		require.Equal(t, exitOK, code, cmd+": "+errs)
		read, ev, rej, left = counts(t, errs)
		assert.Equal(t, read, ev+rej+left, "%s: the counts add up: %s", cmd, errs)
		assert.Contains(t, errs, "kỳ 2020, kỳ mới nhất trong dữ liệu", "%s states the period it chose", cmd)
	}
	code, _, errs = ntm(t, "progress", data)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, errs, "tiến độ từ kỳ 2019 đến kỳ 2020")
	read, ev, _, _ = counts(t, errs)
	assert.Equal(t, []int{12, 12}, []int{read, ev})

	for _, args := range [][]string{
		{"evaluate", data, "--period", "2031"},
		{"rank", data, "--period", "2031"},
		{"province", data, "--period", "2018"},
		{"check", data, "--period", "2031"},
		{"explain", "32221", data, "--period", "2031"},
		{"progress", data, "--from", "2016"},
		{"rank", data, "--previous", "2018"},
	} {
		code, out, errs := ntm(t, args...)
		assert.Equal(t, exitUsage, code, "%v: a period that matches nothing", args)
		assert.Contains(t, errs, "2019, 2020", "%v names the periods the data has", args)
		assert.Empty(t, out, "%v prints no empty answer", args)
	}
	code, _, errs = ntm(t, "evaluate", data, "--units", "32221,99999")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "99999")
	code, _, errs = ntm(t, "explain", "99999", data)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "no unit \"99999\"")
}

// TestExitStatuses: usage errors exit 2, help exits 0 on standard output, findings exit 1.
func TestExitStatuses(t *testing.T) {
	code, out, _ := ntm(t, "rank", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Usage: ntm rank [flags] [DATA]")
	code, out2, _ := ntm(t, "help", "rank")
	assert.Equal(t, exitOK, code)
	assert.Equal(t, out, out2, "help CMD is CMD -h")
	code, _, errs := ntm(t, "rank", "--by", "xyz")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "commune_front", "names what the scheme ranks")
	code, _, errs = ntm(t, "evaluat")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, `did you mean "evaluate"`)
	code, out, _ = ntm(t, "--version")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "vn.xa-ntm@2016-2020")
	code, _, _ = ntm(t, "evaluate", "--no-such-flag")
	assert.Equal(t, exitUsage, code)
	code, _, _ = ntm(t, "rank", "--top", "-1")
	assert.Equal(t, exitUsage, code)
	code, _, _ = ntm(t, "help", "nosuch")
	assert.Equal(t, exitUsage, code)
}

// TestCSVOutputNeutralisesFormulas: a unit name that a spreadsheet would run as a formula is
// written as text.
func TestCSVOutputNeutralisesFormulas(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	evil := `=HYPERLINK("http://example.invalid","Bấm")`
	data := write(t, "evil.csv", header+"\n"+withCell(rows[0], 1, `"`+strings.ReplaceAll(evil, `"`, `""`)+`"`)+"\n")
	code, out, errs := ntm(t, "evaluate", data, "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, `"'=HYPERLINK(""http://example.invalid"",""Bấm"")"`)
	assert.NotContains(t, out, `,"=HYPERLINK`)
}

// TestOneBadRowKeepsTheOthers: a row whose period is a typo is rejected on its own; the good
// rows of the file are evaluated, in every command, and a question about the rejected unit
// points at its rejection.
func TestOneBadRowKeepsTheOthers(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	bad := withCell(rows[40], 4, "2021")
	badCode := strings.Split(bad, ",")[0]
	lines := append(append(append([]string{header}, rows[:40]...), bad), rows[41:]...)
	data := write(t, "typo.csv", strings.Join(lines, "\n")+"\n")
	n := len(rows)

	code, out, errs := ntm(t, "check", data)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, fmt.Sprintf("đọc %d dòng, nhận %d, loại 1", n, n-1))
	assert.Contains(t, errs, "typo.csv:42:")
	assert.Contains(t, errs, "outside the ruleset's years")
	for _, cmd := range []string{"evaluate", "rank", "province", "demo"} {
		code, _, errs = ntm(t, cmd, data)
		assert.Equal(t, exitFindings, code, cmd)
		read, ev, rej, left := counts(t, errs)
		assert.Equal(t, []int{n, n - 1, 1, 0}, []int{read, ev, rej, left}, "%s: %s", cmd, errs)
	}
	code, _, errs = ntm(t, "explain", badCode, data)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errs, "unit "+badCode+" was rejected when the data was read ("+data+":42;", "named as the errors name the file")
	read, ev, rej, left := counts(t, errs)
	assert.Equal(t, []int{n, 0, 1, n - 1}, []int{read, ev, rej, left}, "the counts add up: %s", errs)
}

// TestSameStatusInEveryFormat: the same rows in CSV, JSON and YAML give the same counts and
// exit status in every command; empty inputs give the same status in every format.
func TestSameStatusInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	base, err := os.ReadFile("../../criteria/testdata/mini/base.yaml")
	require.NoError(t, err)
	layer, err := os.ReadFile("../../criteria/testdata/data/rules.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "base.yaml"), base, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rules.yaml"), []byte(strings.Replace(string(layer), "../mini/base.yaml", "base.yaml", 1)), 0o644))
	rules := filepath.Join(dir, "rules.yaml")
	for _, cmd := range []string{"check", "evaluate"} {
		var got []string
		for _, ext := range []string{"csv", "json", "yaml"} {
			code, _, errs := ntm(t, cmd, "../../criteria/testdata/data/scattered."+ext, "--rules", rules)
			assert.Equal(t, exitFindings, code, "%s %s: rejected rows are findings", cmd, ext)
			if cmd == "evaluate" {
				read, ev, rej, left := counts(t, errs)
				assert.Equal(t, read, ev+rej+left)
				got = append(got, fmt.Sprint(read, ev, rej, left))
			} else {
				got = append(got, fmt.Sprint(strings.Count(errs, "[E-")))
			}
		}
		assert.Equal(t, got[0], got[1], "%s: CSV and JSON", cmd)
		assert.Equal(t, got[0], got[2], "%s: CSV and YAML", cmd)
	}
	for _, c := range []struct {
		name, text string
		want       int
	}{
		{"header.csv", "code,name,region,period\n", exitFindings},
		{"empty-list.json", "[]", exitFindings},
		{"empty-units.json", `{"units": []}`, exitFindings},
		{"empty-list.yaml", "[]\n", exitFindings},
		{"empty-units.yaml", "units: []\n", exitFindings},
		{"nothing.csv", "", exitUsage},
		{"nothing.json", "", exitUsage},
		{"nothing.yaml", "", exitUsage},
	} {
		p := write(t, c.name, c.text)
		for _, cmd := range []string{"check", "evaluate", "rank"} {
			code, out, errs := ntm(t, cmd, p, "--rules", rules)
			if cmd == "rank" {
				code, out, errs = ntm(t, cmd, p)
			}
			assert.Equal(t, c.want, code, "%s %s: %s", cmd, c.name, errs)
			assert.Empty(t, out, "%s %s prints no empty answer", cmd, c.name)
		}
	}
}

// TestNoArgumentSilentlyUnused: repeated flags, empty values and flags a run cannot apply are
// refused, not ignored.
func TestNoArgumentSilentlyUnused(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	data := write(t, "small.csv", header+"\n"+strings.Join(rows[:3], "\n")+"\n")
	small := write(t, "small.json", `[]`)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"evaluate", "--data", data, "--data", sampleCSV}, "--data given more than once"},
		{[]string{"evaluate", data, "--period", "2020", "--period", "2019"}, "--period given more than once"},
		{[]string{"evaluate", data, "--period", ""}, "--period is empty"},
		{[]string{"evaluate", data, "--units", " , "}, "names no code"},
		{[]string{"evaluate", "--comma", ";"}, "the embedded sample needs neither"},
		{[]string{"evaluate", small, "--comma", ";"}, "--comma describes a CSV file"},
		{[]string{"evaluate", data, "--comma", ""}, "--comma must be a single character"},
		{[]string{"rank", "--top", "3", "--format", "json"}, "JSON always holds the whole ranking"},
		{[]string{"province", "--towns", "12345"}, "--towns: no district-level unit has the code 12345 (the units are 964, 966"},
		{[]string{"province", data, "--towns", "964"}, "--towns applies to district-level data"},
		{[]string{"province", "--district-rules", "vn/huyen-ntm-2016-2020.yaml"}, "given without the communes' data"},
		{[]string{"targets", "vn/xa-ntm-2016-2020.yaml", "--year", "0"}, "--year 0 is not a year"},
		{[]string{"progress", "--summary", "so-ket-3-nam", data}, "the data has periods 2020"},
		{[]string{"rank", data, "--scheme", "camau/xa-ntm-2016-2020.yaml"}, "is a rule file, not a scoring scheme: give it with --rules"},
	} {
		code, out, errs := ntm(t, c.args...)
		assert.Equal(t, exitUsage, code, "%v: %s", c.args, errs)
		assert.Contains(t, errs, c.want, "%v", c.args)
		assert.Empty(t, out, "%v", c.args)
	}
	code, out, _ := ntm(t, "help", "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Commands:")
	code, out, _ = ntm(t, "progress", "-h")
	assert.Equal(t, exitOK, code)
	assert.NotContains(t, out, "-period", "progress uses --from and --to")

	// A district-level file that cannot be read is not a district-free success.
	code, _, errs := ntm(t, "province", data, "--districts", data)
	assert.Equal(t, exitUsage, code, errs)
	assert.Contains(t, errs, "the district-level data could not be read")
}

// TestEveryProblemIsAFinding: problems outside the rows (a second list, an unknown key) and
// rows rejected around the unit explained make the run a finding, with the counts.
func TestEveryProblemIsAFinding(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	unit := func(i int) string {
		cells := strings.Split(rows[i], ",")
		cols := strings.Split(header, ",")
		var vals []string
		for k := 6; k < len(cols); k++ {
			if cells[k] != "" {
				vals = append(vals, fmt.Sprintf("%q: %q", cols[k], cells[k]))
			}
		}
		return fmt.Sprintf(`{"code": %q, "name": %q, "district": %q, "region": "dbscl", "period": "2020", "values": {%s}}`,
			cells[0], cells[1], cells[2], strings.Join(vals, ", "))
	}
	p := write(t, "two-lists.json", fmt.Sprintf(`{"units": [%s], "units": [%s, %s]}`, unit(0), unit(1), unit(2)))
	code, _, errs := ntm(t, "evaluate", p)
	assert.Equal(t, exitFindings, code, errs)
	read, ev, rej, left := counts(t, errs)
	assert.Equal(t, []int{3, 3, 0, 0}, []int{read, ev, rej, left}, "the second list is read, not dropped")
	assert.Contains(t, errs, "appears twice")

	bad := withCell(rows[1], 6, "abc")
	data := write(t, "bad.csv", header+"\n"+rows[0]+"\n"+bad+"\n"+rows[2]+"\n")
	code, out, errs := ntm(t, "explain", strings.Split(rows[0], ",")[0], data)
	assert.Equal(t, exitFindings, code, "a rejected row is a finding for explain too")
	assert.NotEmpty(t, out)
	read, ev, rej, left = counts(t, errs)
	assert.Equal(t, []int{3, 1, 1, 1}, []int{read, ev, rej, left})
	code, _, errs = ntm(t, "check", data)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errs, "ntm: đọc 3 dòng, nhận 2, loại 1")
}

// TestExplainAll explains every unit of a period as it is read, with the counts.
func TestExplainAll(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	_, r2019 := sampleRows(t, "2019")
	data := write(t, "all.csv", header+"\n"+strings.Join(append(r2019[:4], rows[:6]...), "\n")+"\n")
	code, out, errs := ntm(t, "explain", "--all", data, "--period", "2020", "--lang", "en")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, 6, strings.Count(out, "Criteria met: "), "one explanation per 2020 unit")
	read, ev, rej, left := counts(t, errs)
	assert.Equal(t, []int{10, 6, 0, 4}, []int{read, ev, rej, left})
	code, _, errs = ntm(t, "explain", "--all", "32221", data)
	assert.Equal(t, exitUsage, code, "a code and --all")
	assert.Contains(t, errs, `"32221"`)
}

// TestStreamedTableWindow: an aligned table fixes its widths on its first 1,000 rows; a later,
// wider cell widens its own line only, and every row is written.
func TestStreamedTableWindow(t *testing.T) {
	header, rows := sampleRows(t, "2020")
	var lines []string
	for i := 0; i < 1500; i++ {
		r := withCell(rows[i%len(rows)], 0, fmt.Sprintf("%05d", 50000+i))
		if i == 1200 {
			r = withCell(r, 1, "Một tên xã rất dài để thử độ rộng của bảng")
		}
		lines = append(lines, r)
	}
	data := write(t, "many.csv", header+"\n"+strings.Join(lines, "\n")+"\n")
	code, out, errs := ntm(t, "evaluate", data)
	require.Equal(t, exitOK, code, errs)
	outLines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, outLines, 2+2+1500, "title, blank, header, rule and every row")
	width := displayWidth(outLines[4])
	long := 0
	for _, l := range outLines[4:] {
		if strings.Contains(l, "Một tên xã rất dài") {
			long++
			assert.Greater(t, displayWidth(l), width)
			continue
		}
		at := func(s string) int { return displayWidth(s[:strings.Index(s, "  2020  ")]) }
		assert.Equal(t, at(outLines[4]), at(l), "columns stay aligned: %s", l)
	}
	assert.Equal(t, 1, long)
}
