package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sampleCSV is the embedded sample on disk, for runs that give their own rule file.
const sampleCSV = "../data/camau-communes.csv"

// ntm runs the tool's main function and returns its exit status, standard output and error.
func ntm(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	code := run(context.Background(), args, &out, &errw)
	return code, out.String(), errw.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(p, []byte(got), 0o644))
	}
	want, err := os.ReadFile(p)
	require.NoError(t, err, "run: go test ./examples/ntm -update")
	assert.Equal(t, string(want), got, "golden %s differs; review and run with -update", name)
}

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestDefaultRun(t *testing.T) {
	code, out, errs := ntm(t)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "số liệu giả lập", "the sample says it is not real data")
	assert.Contains(t, out, "Thành phố Cà Mau")
	assert.Contains(t, out, "Huyện Thới Bình")
	assert.Contains(t, errs, "loại 0")
	golden(t, "default.txt", out)
}

func TestEvaluateGolden(t *testing.T) {
	code, out, errs := ntm(t, "evaluate", "--period", "2020")
	require.Equal(t, exitOK, code, errs)
	golden(t, "evaluate-2020.txt", out)
	code, out, errs = ntm(t, "evaluate", "--format", "json", "--units", "32221,32069", "--period", "2020", "--indent")
	require.Equal(t, exitOK, code, errs)
	assert.True(t, strings.HasPrefix(out, "{\n  \"format\": \"ntm.results/v2\""))
	var doc struct {
		Units []struct {
			Unit struct{ Code string } `json:"unit"`
		} `json:"units"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Units, 2)
	assert.Equal(t, "32069", doc.Units[0].Unit.Code, "units in the file's order")
	golden(t, "evaluate-2020.json", out)

	// JSON Lines: the header, then one line per unit.
	code, out, errs = ntm(t, "evaluate", "--format", "jsonl", "--units", "32221,32069", "--period", "2020")
	require.Equal(t, exitOK, code, errs)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 3)
	for _, l := range lines {
		assert.True(t, json.Valid([]byte(l)), l)
	}
	code, _, errs = ntm(t, "evaluate", "--format", "csv", "--indent")
	assert.Equal(t, exitUsage, code, errs)
}

func TestRankGolden(t *testing.T) {
	code, out, errs := ntm(t, "rank", "--by", "district_front")
	require.Equal(t, exitOK, code, errs)
	golden(t, "rank-districts-2020.txt", out)
}

func TestExplain(t *testing.T) {
	code, out, errs := ntm(t, "explain", "32069", "--lang", "en")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Tân Bằng")
	assert.Contains(t, out, "Slipped: yes")
	assert.Contains(t, out, "Gap")
	code, out, _ = ntm(t, "explain", "32069")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "Còn thiếu")
	code, _, errs = ntm(t, "explain", "99999")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, `no unit "99999"`)
}

func TestMalformedCSV(t *testing.T) {
	p := write(t, "bad.csv", "code,name,region,period,income_per_capita\n32221,Tân Hải,dbscl,2020,\"52\n")
	code, _, errs := ntm(t, "evaluate", "--data", p)
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errs, "bad.csv:2")
}

func TestBadRowsStillEvaluateTheOthers(t *testing.T) {
	csv := "code,name,district,region,period,income_per_capita,poor_households,households_total\n" +
		"32221,Tân Hải,Huyện Phú Tân,dbscl,2020,52.5,40,2000\n" +
		"32224,Việt Thắng,Huyện Phú Tân,dbscI,2020,50,30,1800\n" +
		"32227,Tân Hưng Tây,Huyện Phú Tân,dbscl,2020,4x,30,1800\n" +
		"32228,Rạch Chèo,Huyện Phú Tân,dbscl,2020,51,,1900\n"
	p := write(t, "communes.csv", csv)
	code, out, errs := ntm(t, "evaluate", "--data", p)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errs, "communes.csv:3:4")
	assert.Contains(t, errs, `unknown region "dbscI"`)
	assert.Contains(t, errs, "communes.csv:4:6")
	assert.Contains(t, errs, "đọc 4 dòng, đánh giá 2, loại 2")
	assert.Contains(t, out, "Tân Hải")
	assert.Contains(t, out, "Rạch Chèo")
	assert.NotContains(t, out, "Việt Thắng")
}

func TestMissingColumn(t *testing.T) {
	p := write(t, "nocode.csv", "name,region,period\nTân Hải,dbscl,2020\n")
	code, _, errs := ntm(t, "check", "--data", p)
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errs, `"code"`)
}

func TestVietnameseLocaleExport(t *testing.T) {
	csv := "code;name;region;period;income_per_capita\n32221;Tân Hải;dbscl;2020;52,5\n"
	p := write(t, "excel.csv", csv)
	code, _, errs := ntm(t, "check", "--data", p)
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errs, "--comma")
	code, out, errs := ntm(t, "check", "--data", p, "--comma", ";", "--decimal-comma")
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "đọc 1 dòng, nhận 1, loại 0")
}

func TestValidateRuleFileWithErrors(t *testing.T) {
	p := write(t, "tinh-x.yaml", `format: ntm.rules/v1
id: tinh-x.xa-ntm
version: "2016-2020"
extends: vn.mttq-xa-ntm@2016-2020
regions_only: [dbscl]
override:
  - indicator: "2.5"
    reason: "x"
    target: {dbscl: {value: 60, confidence: verified, source: "QĐ"}}
  - indicator: "10"
    reason: "y"
    target: {dbsc: {value: 60, confidence: verified, source: "QĐ"}}
`)
	code, _, errs := ntm(t, "validate", p)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errs, "tinh-x.yaml:7:5: override › indicator 2.5: unknown indicator \"2.5\"")
	assert.Contains(t, errs, `unknown region "dbsc" (did you mean "dbscl"?)`)
	assert.Contains(t, errs, "2 problem(s)")
	code, out, errs := ntm(t, "validate", "camau/xa-ntm-2016-2020.yaml", "camau/thi-dua-2016-2020.yaml", "camau/xa-ntm-2016-2020.cases.yaml")
	assert.Equal(t, exitOK, code, errs)
	assert.Equal(t, 3, strings.Count(out, ": ok"))
}

func TestUnknownRegionInRules(t *testing.T) {
	code, _, errs := ntm(t, "targets", "--region", "mekong")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, `region "mekong"`)
}

func TestProvinceLevels(t *testing.T) {
	code, out, errs := ntm(t, "province", "--lang", "en")
	require.Equal(t, exitOK, code, errs)
	lines := strings.Split(out, "\n")
	var city, pilot string
	for _, l := range lines {
		if strings.HasPrefix(l, "964 ") {
			city = l
		}
		if strings.HasPrefix(l, "967 ") {
			pilot = l
		}
	}
	assert.Contains(t, city, "7/7")
	assert.Contains(t, city, "yes")
	assert.Contains(t, pilot, "no")
	assert.Contains(t, pilot, "condition “All communes of the district…” (63.6364 % — needs ≥ 100 %)",
		"a condition is named, not shown by its id, and its shortfall reads as value — needs target")
	assert.NotContains(t, pilot, "all_communes_recognised")
}

func TestShippedCasesViaTool(t *testing.T) {
	code, out, errs := ntm(t, "test")
	require.Equal(t, exitOK, code, out+errs)
	assert.Regexp(t, `(?m)^\d+ passed, 0 failed$`, out)
}

func TestTemplateAndTargets(t *testing.T) {
	code, out, _ := ntm(t, "template")
	require.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(strings.TrimPrefix(out, "\ufeff"), "code,name,district,region,period,history,"), out[:80])
	code, out, _ = ntm(t, "targets", "--year", "2018", "--format", "json")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"ruleset": "camau.xa-ntm@2016-2020"`)
	assert.Contains(t, out, `"target": 41.5`)
	code, out, _ = ntm(t, "deviations", "--format", "csv")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "chỉ tiêu 2.3 Tỷ lệ km đường ngõ, xóm được cứng hóa › Đồng bằng sông Cửu Long\",chưa có,≥ 30 % (chưa kiểm chứng),bổ sung ô còn trống,139,")
}

func TestUsage(t *testing.T) {
	code, _, errs := ntm(t, "frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "unknown command")
	code, _, _ = ntm(t, "evaluate", "--format", "xml")
	assert.Equal(t, exitUsage, code)
	code, out, _ := ntm(t, "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "explain")
	code, _, errs = ntm(t, "evaluate", "--data", "/nonexistent/file.csv")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "cannot read")
}

func TestDisplayWidth(t *testing.T) {
	assert.Equal(t, 8, displayWidth("Tân Hưng"))
	assert.Equal(t, displayWidth("Tân Hưng"), displayWidth("Ta\u0302n Hu\u031bng")) // NFD input
	assert.Equal(t, 4, displayWidth("中文"))
}

// TestProvinceFileOnDisk follows the README: a province's own file on disk extends a shipped
// one; validate, deviations, targets and evaluate all take it.
func TestProvinceFileOnDisk(t *testing.T) {
	p := write(t, "tinh-x.yaml", `format: ntm.rules/v1
id: tinh-x.xa-ntm
version: "2016-2020"
extends: vn.mttq-xa-ntm@2016-2020
title: {vi: "Bộ tiêu chí tỉnh X", en: "Province X"}
regions_only: [dbscl]
override:
  - indicator: "2.2"
    reason: "Quyết định 123/QĐ-UBND"
    target: {dbscl: {value: 60, confidence: verified, source: "QĐ 123/QĐ-UBND"}}
  - indicator: "10"
    reason: "lộ trình thu nhập"
    target:
      dbscl:
        years:
          "2017-2019": {value: 40, confidence: verified, source: "QĐ 123/QĐ-UBND"}
`)
	code, out, errs := ntm(t, "validate", p)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "tinh-x.xa-ntm@2016-2020")
	code, out, errs = ntm(t, "deviations", "--rules", p, "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "chỉ tiêu 2.2 Tỷ lệ km đã cứng hóa › Đồng bằng sông Cửu Long,≥ 50 % (theo văn bản trước),≥ 60 % (đã kiểm chứng),chặt hơn,10,Quyết định 123/QĐ-UBND")
	assert.Contains(t, out, "chỉ tiêu 10 Thu nhập bình quân đầu người › Đồng bằng sông Cửu Long,2016: ≥ 33 triệu đồng/người/năm (đã kiểm chứng); 2017-2019: chưa có;")
	code, out, errs = ntm(t, "targets", "--rules", p, "--year", "2018", "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "10,Thu nhập bình quân đầu người khu vực nông thôn đến năm 2020 (triệu đồng/người) — Thu nhập bình quân đầu người,≥ 40 triệu đồng/người/năm,đã kiểm chứng,QĐ 123/QĐ-UBND")
	code, out, errs = ntm(t, "evaluate", "--rules", p, "--period", "2018", "--format", "csv", sampleCSV)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "32221,Tân Hải")
	assert.Contains(t, errs, "loại 0")
}

func TestProgressAndSummaries(t *testing.T) {
	code, out, errs := ntm(t, "progress", "--from", "2019", "--to", "2020", "--lang", "en")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Progress 2019 → 2020")
	assert.Regexp(t, `Recognised\s+30\s+42`, out)
	assert.Contains(t, out, "12 / 3") // newly recognised / newly slipped
	code, out, errs = ntm(t, "progress", "--summary", "tong-ket-5-nam")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "2016-2020")
	assert.Regexp(t, `(?m)^2020 +82 +42 +51,22`, out, "a decimal comma in Vietnamese")
	code, _, errs = ntm(t, "progress", "--summary", "5y")
	assert.Equal(t, exitUsage, code, "a summary the scheme does not declare is a selection that matches nothing")
	assert.Contains(t, errs, "tong-ket-5-nam")
	code, out, errs = ntm(t, "progress", "--format", "json")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, `"format": "ntm.progress/v1"`)
}

func TestMarkdownAndCSVOutput(t *testing.T) {
	code, out, errs := ntm(t, "evaluate", "--format", "md", "--lang", "en", "--units", "32221")
	require.Equal(t, exitOK, code, errs)
	assert.True(t, strings.HasPrefix(out, "| Code | Name | District |"), out)
	assert.Contains(t, out, "| 32221 | Tân Hải | Huyện Phú Tân |")
	code, out, _ = ntm(t, "evaluate", "--format", "csv", "--units", "32221", "--period", "2020")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "32221,Tân Hải,Huyện Phú Tân,2020,19,0,0")
}

func TestUTF16Export(t *testing.T) {
	text := "code,name,region,period,income_per_capita\r\n32221,Tân Hải,dbscl,2020,52.5\r\n"
	var b []byte
	b = append(b, 0xFF, 0xFE) // UTF-16LE byte-order mark, as spreadsheets write it
	for _, r := range text {
		b = append(b, byte(r), byte(r>>8))
	}
	p := filepath.Join(t.TempDir(), "utf16.csv")
	require.NoError(t, os.WriteFile(p, b, 0o644))
	code, out, errs := ntm(t, "check", "--data", p)
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "đọc 1 dòng, nhận 1, loại 0")
}

func TestValidateWarnings(t *testing.T) {
	code, out, errs := ntm(t, "validate", "-warnings", "camau/xa-ntm-2016-2020.yaml")
	require.Equal(t, exitOK, code, errs)
	// Cà Mau fills every ĐBSCL cell the national set leaves missing, except one it leaves open;
	// the Front's satisfaction report has no national pass level (Cà Mau gates on its own).
	assert.Contains(t, out, "2 warnings")
	assert.Contains(t, out, "criterion 11 › indicator 11 › check poverty › target › dbscl: target missing")
	assert.Contains(t, out, "condition satisfaction_survey › check satisfied › target › all: target missing")
}

// TestDocumentedFlags exercises the flags the help documents beyond the golden runs.
func TestDocumentedFlags(t *testing.T) {
	code, out, errs := ntm(t, "evaluate", "--full", "--format", "csv", "--units", "32221", "--lang", "en", "--period", "2020")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, ",1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19\n")
	assert.Contains(t, out, "32221,Tân Hải,Huyện Phú Tân,2020,19,0,0,yes,")
	// Criterion 7 counts as met although Tân Hải has no market in its plan (not applicable).
	assert.Equal(t, 19, strings.Count(out, "✓"))

	code, out, errs = ntm(t, "rank", "--top", "1", "--format", "csv", "--previous", "2019")
	require.Equal(t, exitOK, code, errs)
	perScope := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		perScope[strings.Split(line, ",")[0]]++
	}
	for scope, n := range perScope {
		assert.LessOrEqual(t, n, 3, "--top 1 keeps rank 1 only (ties share it): %s", scope)
	}
	code, _, errs = ntm(t, "rank", "--previous", "20x9")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "--previous")

	code, out, errs = ntm(t, "test", "--no-boundary", "camau/xa-ntm-2016-2020.cases.yaml")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "(0 generated from target tables)")

	code, out, errs = ntm(t, "province", "--towns", "", "--lang", "en")
	require.Equal(t, exitOK, code, errs)
	assert.Regexp(t, `(?m)^964 .*new-rural district`, out, "without --towns the city is judged as a rural district")
}

// TestExplainComputedAndRelative: explain shows each computed value with its inputs by their
// labels, and a relative target with what it follows, in Vietnamese without ids.
func TestExplainComputedAndRelative(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"advanced.yaml", "model.yaml"} {
		b, err := os.ReadFile(filepath.Join("../../criteria/testdata/relative", f))
		require.NoError(t, err)
		if f == "model.yaml" {
			b = bytes.Replace(b, []byte("fields:\n"), []byte("fields:\n  - {id: income_share, type: number, unit: \"%\", label: {vi: \"Thu nhập so với mức nâng cao\", en: \"Income against the advanced bar\"}, from: {expr: \"income * 100 / 50\"}}\n"), 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), b, 0o644))
	}
	data := write(t, "x.csv", "code,name,region,period,income,poor_rate,smart_hamlets\n1,Xã Một,dbscl,2022,54.99,1,1\n")
	code, out, errs := ntm(t, "explain", "1", data, "--rules", filepath.Join(dir, "model.yaml"))
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Giá trị tính từ số liệu:\n  Thu nhập so với mức nâng cao = 109,98 % (từ Thu nhập bình quân đầu người = 54,99 triệu đồng/người/năm)")
	assert.Contains(t, out, "≥ 55 triệu đồng/người/năm (1,1 × mức của chỉ tiêu 10.1: 50)")
	assert.NotContains(t, out, "income_share")
}
