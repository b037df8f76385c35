package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTemplateRoundTrip: an official fills the template the tool writes, keeping only its
// row of Vietnamese labels as the header (the ids deleted), and evaluates it: the verdicts are
// those of the same data under the ids.
func TestTemplateRoundTrip(t *testing.T) {
	code, tmpl, errs := ntm(t, "template")
	require.Equal(t, exitOK, code, errs)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(tmpl, "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	ids, labels := rows[0], rows[1]
	labels[0] = strings.TrimPrefix(labels[0], "# ")
	sample, err := os.ReadFile(sampleCSV)
	require.NoError(t, err)
	src, err := csv.NewReader(strings.NewReader(string(sample))).ReadAll()
	require.NoError(t, err)
	at := map[string]int{}
	for i, h := range src[0] {
		at[h] = i
	}
	var byID, byLabel strings.Builder
	wi, wl := csv.NewWriter(&byID), csv.NewWriter(&byLabel)
	require.NoError(t, wi.Write(ids))
	require.NoError(t, wl.Write(labels))
	for _, r := range src[1:] {
		if r[at["period"]] != "2020" {
			continue
		}
		row := make([]string, len(ids))
		for i, id := range ids {
			if j, ok := at[id]; ok {
				row[i] = r[j]
			}
		}
		require.NoError(t, wi.Write(row))
		require.NoError(t, wl.Write(row))
	}
	wi.Flush()
	wl.Flush()
	dir := t.TempDir()
	pi, pl := filepath.Join(dir, "ids.csv"), filepath.Join(dir, "nhan.csv")
	require.NoError(t, os.WriteFile(pi, []byte(byID.String()), 0o644))
	require.NoError(t, os.WriteFile(pl, []byte(byLabel.String()), 0o644))
	code, want, errs := ntm(t, "evaluate", pi, "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	code, got, errs := ntm(t, "evaluate", pl, "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, errs, "đọc 82 dòng, đánh giá 82, loại 0")
	assert.Equal(t, want, got)
}

// TestCommaTab: a tab-separated file is read with --comma '\t' (as a shell passes it) or
// --comma tab.
func TestCommaTab(t *testing.T) {
	data, err := os.ReadFile("testdata/hagiang/communes.csv")
	require.NoError(t, err)
	p := write(t, "tabs.tsv.csv", strings.ReplaceAll(string(data), ",", "\t"))
	for _, c := range []string{`\t`, "tab", "\t"} {
		code, out, errs := ntm(t, "check", "--rules", "testdata/hagiang/xa-ntm-2016-2020.yaml", "--comma", c, p)
		require.Equal(t, exitOK, code, "%q: %s", c, errs)
		assert.Contains(t, out, "đọc 12 dòng, nhận 12, loại 0")
	}
}

// TestPathsAsGiven: a problem in a rule file read from a folder is printed with the path the
// user gave, so an editor opens it; a case file finds the ruleset beside it in validate as in
// test.
func TestPathsAsGiven(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "tinh", "bo")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	bad := filepath.Join(sub, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(`format: ntm.rules/v1
id: tinh-z.xa-ntm
version: "2016-2020"
extends: vn.mttq-xa-ntm@2016-2020
title: {vi: "Tỉnh Z"}
override:
  - indicator: "2.9"
    reason: "thử"
    target: {dbscl: {value: 1, confidence: verified, source: "thử"}}
`), 0o644))
	code, _, errs := ntm(t, "validate", bad)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errs, bad+":7:5: override › indicator 2.9: unknown indicator")

	cases := filepath.Join(dir, "x.cases.yaml")
	require.NoError(t, os.WriteFile(cases, []byte("format: ntm.cases/v1\nruleset: hagiang-thu.xa-ntm@2016-2020\ncases: []\n"), 0o644))
	data, err := os.ReadFile("testdata/hagiang/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "xa-ntm.yaml"), data, 0o644))
	code, out, errs := ntm(t, "validate", cases)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "ok (0 cases for hagiang-thu.xa-ntm@2016-2020)")
}

// TestFileKinds: a rule, case, scheme or data file given where another kind is expected is
// named for what it is, with what to do, instead of a screen of unknown keys.
func TestFileKinds(t *testing.T) {
	const hg = "testdata/hagiang/xa-ntm-2016-2020.yaml"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"test", "../../rules/vn/xa-ntm-2016-2020.yaml"}, "is a rule file, not a case file: its cases are in ../../rules/vn/xa-ntm-2016-2020.cases.yaml"},
		{[]string{"test", hg}, "is a rule file, not a case file: its test cases go in a .cases.yaml file beside it"},
		{[]string{"evaluate", "--rules", hg, hg}, hg + " is a rule file, not a data file: give it with --rules"},
		{[]string{"evaluate", "--rules", "../../rules/camau/thi-dua-2016-2020.yaml", "testdata/hagiang/communes.csv"}, "is a scoring scheme, not a rule file: give it with --scheme"},
		{[]string{"check", "--rules", "../../rules/vn/xa-ntm-2016-2020.cases.yaml", "testdata/hagiang/communes.csv"}, "is a case file, not a rule file: run it with: ntm test"},
	} {
		code, _, errs := ntm(t, c.args...)
		assert.Equal(t, exitUsage, code, "%v", c.args)
		assert.Contains(t, errs, c.want, "%v", c.args)
		assert.NotContains(t, errs, "unknown key", "%v", c.args)
	}
}

// TestProgressFewInCommon: progress against a period few communes have says so, instead of a
// comparison that reads as complete.
func TestProgressFewInCommon(t *testing.T) {
	b, err := os.ReadFile("testdata/hagiang/communes.csv")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	stray := strings.Replace(lines[1], ",2019,", ",2018,", 1)
	p := write(t, "hg.csv", strings.Join(append(append([]string{lines[0]}, lines[7:]...), stray), "\n")+"\n")
	code, out, errs := ntm(t, "progress", "--rules", "testdata/hagiang/xa-ntm-2016-2020.yaml", "--scheme", "vn/thi-dua-mttq-2016-2020.yaml", p)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Tiến độ 2018 → 2020")
	assert.Contains(t, out, "Lưu ý: chỉ 1 trong 6 xã của kỳ 2020 có số liệu kỳ 2018")
}

// TestAnotherProvinceDefaults: with another province's rule file, rank without --scheme says
// which scheme to give instead of failing on the Cà Mau one, and province does not judge its
// communes by Cà Mau's advanced set.
func TestAnotherProvinceDefaults(t *testing.T) {
	const rules, data = "testdata/hagiang/xa-ntm-2016-2020.yaml", "testdata/hagiang/communes.csv"
	code, _, errs := ntm(t, "rank", "--rules", rules, data)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "give a scheme with --scheme (vn/thi-dua-mttq-2016-2020.yaml")

	code, out, errs := ntm(t, "province", "--rules", rules, data)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, errs, "không có bộ tiêu chí xã nâng cao của tỉnh")
	assert.NotContains(t, errs, "camau/xa-nang-cao")
	assert.Regexp(t, `HG-01 .*nông thôn mới nâng cao \(\*\)`, out)
	assert.Contains(t, out, "(*): mức tiếp theo chưa đánh giá được")
}

// TestRankSaysWhatIsMissing: a ranking with rejected rows says so in the report itself, and a
// scheme without classes or candidates shows no empty class column and says no unit is
// proposed.
func TestRankSaysWhatIsMissing(t *testing.T) {
	b, err := os.ReadFile("testdata/hagiang/communes.csv")
	require.NoError(t, err)
	bad := strings.Replace(string(b), "HG-02,Sà Phìn,Huyện Đồng Văn,tdmnpb,2020,", "HG-02,Sà Phìn,Huyện Đồng Văn,tdmnpb,20x0,", 1)
	p := write(t, "hg.csv", bad)
	code, out, errs := ntm(t, "rank", "--scheme", "vn/thi-dua-mttq-2016-2020.yaml", "--rules", "testdata/hagiang/xa-ntm-2016-2020.yaml", p)
	assert.Equal(t, exitFindings, code, errs)
	assert.Contains(t, out, "Lưu ý: 1 dòng bị loại khi đọc dữ liệu không có trong xếp hạng")
	assert.NotContains(t, out, "Xếp loại", "the generic scheme declares no classes")
}

// TestDefaultRulesHint: when every row is rejected with the default (Cà Mau) rule file, the
// tool says to give the province's with --rules.
func TestDefaultRulesHint(t *testing.T) {
	code, _, errs := ntm(t, "check", "testdata/hagiang/communes.csv")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errs, "mọi dòng đều bị loại với bộ tiêu chí mặc định")
	assert.Contains(t, errs, "--rules")
}

// TestDataFileMistakes: a data file given as a rule file or to validate is named as data, and
// a code that lost its leading zeros in a spreadsheet is suggested.
func TestDataFileMistakes(t *testing.T) {
	const data = "testdata/hagiang/communes.csv"
	code, _, errs := ntm(t, "evaluate", "--rules", data, data)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, data+" is a data file, not a rule file: give it as the data")
	code, _, errs = ntm(t, "validate", data)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "a data file is checked with: ntm check "+data)

	b, err := os.ReadFile(data)
	require.NoError(t, err)
	p := write(t, "zeros.csv", strings.ReplaceAll(string(b), "HG-05,", "02101,"))
	code, _, errs = ntm(t, "explain", "2101", "--rules", "testdata/hagiang/xa-ntm-2016-2020.yaml", p)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "did you mean 02101? (a spreadsheet may drop a code's leading zeros)")
}
