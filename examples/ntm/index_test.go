package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// villageData writes the synthetic village index's case units as a data file of villages.
func villageData(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../criteria/testdata/indices/village.cases.yaml")
	require.NoError(t, err)
	re := regexp.MustCompile(`(?m)^\s+values: \{(.*)\}$`)
	var out strings.Builder
	for i, m := range re.FindAllStringSubmatch(string(b), -1) {
		fmt.Fprintf(&out, "- {code: \"T%02d\", name: \"Thôn %d\", region: vn, period: \"2025\", values: {%s}}\n", i+1, i+1, m[1])
	}
	return write(t, "villages.yaml", out.String())
}

const villageRules = "../../criteria/testdata/indices/village.yaml"

// TestRankByIndex ranks the villages by their development index: highest first, by the exact
// value, with the class; unknown values last and unranked, with a note; --index refuses the
// scheme's flags and names the index it does not know.
func TestRankByIndex(t *testing.T) {
	data := villageData(t)
	code, out, errs := ntm(t, "rank", "--index", "vdi", data, "--rules", villageRules)
	require.Equal(t, exitOK, code, errs)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Equal(t, "Chỉ số phát triển thôn — kỳ 2025", lines[0])
	assert.Regexp(t, `^\s+1\s+T11\s+Thôn 11\s+1\s+Rất cao$`, lines[4])
	assert.Regexp(t, `^\s+3\s+T07\s+Thôn 7\s+0,9\s+Cao$`, lines[6], "0.9 is not above 0.9: high, not very high")
	assert.Regexp(t, `^\s+T14\s+Thôn 14\s+chưa rõ\s+chưa rõ$`, lines[len(lines)-2])
	assert.Contains(t, errs, "2 đơn vị chưa rõ giá trị chỉ số, không được xếp hạng")

	code, out, errs = ntm(t, "rank", "--index", "vdi", data, "--rules", villageRules, "--format", "json")
	require.Equal(t, exitOK, code, errs)
	var doc struct {
		Format string `json:"format"`
		Units  []struct {
			Rank   int      `json:"rank"`
			Code   string   `json:"code"`
			Value  *float64 `json:"value"`
			Class  *string  `json:"class"`
			Reason string   `json:"reason"`
		} `json:"units"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "ntm.index-rank/v1", doc.Format)
	require.Len(t, doc.Units, 15)
	assert.Equal(t, 1, doc.Units[0].Rank)
	assert.Nil(t, doc.Units[14].Value)
	assert.NotEmpty(t, doc.Units[14].Reason)

	code, _, errs = ntm(t, "rank", "--index", "vdx", data, "--rules", villageRules)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, `did you mean "vdi"?`)
	code, _, errs = ntm(t, "rank", "--index", "vdi", "--by", "commune", data, "--rules", villageRules)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "--by is not used with --index")
	code, _, errs = ntm(t, "rank", "--index", "vdi", data)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "give it with --rules")
}

// TestIndexColumnsAndExplain: evaluate shows each index and its class (and, for a ruleset that
// only scores, no criteria columns); explain shows the scores, the indices and what the
// missing-value policy did, by labels.
func TestIndexColumnsAndExplain(t *testing.T) {
	data := villageData(t)
	code, out, errs := ntm(t, "evaluate", data, "--rules", villageRules, "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	lines := strings.Split(out, "\n")
	assert.Equal(t, "Mã,Tên,Huyện,Kỳ,Chỉ số xã hội,Chỉ số kinh tế,Chỉ số môi trường,Chỉ số phát triển thôn,Xếp loại: Chỉ số phát triển thôn", lines[0])
	assert.Equal(t, `T01,Thôn 1,,2025,"0,2","0,2","0,8","0,4",Thấp`, lines[1])

	code, out, errs = ntm(t, "explain", "T13", data, "--rules", villageRules)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Điểm chợ: ")
	assert.Contains(t, out, "Chỉ số kinh tế = ")
	assert.Contains(t, out, "Điểm thu nhập chưa rõ: tính bằng mức thấp nhất 1")
	assert.NotContains(t, out, "Tiêu chí đạt", "a ruleset that only scores has no criteria to count")
	assert.NotContains(t, out, "s_income")
}

// TestRankByIndexPeriodsAndTop: data of two periods is refused unless --period chooses one, and
// --top shortens the table to the first ranks.
func TestRankByIndexPeriodsAndTop(t *testing.T) {
	data := villageData(t)
	b, err := os.ReadFile(data)
	require.NoError(t, err)
	two := write(t, "two.yaml", string(b)+strings.Replace(strings.SplitN(string(b), "\n", 2)[0], `period: "2025"`, `period: "2024"`, 1)+"\n")
	code, _, errs := ntm(t, "rank", "--index", "vdi", two, "--rules", villageRules)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "choose one with --period")
	code, out, errs := ntm(t, "rank", "--index", "vdi", two, "--rules", villageRules, "--period", "2024")
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "kỳ 2024")
	assert.Equal(t, 1, strings.Count(out, "Thôn 1 "), "the one unit of 2024")

	code, out, errs = ntm(t, "rank", "--index", "vdi", data, "--rules", villageRules, "--top", "3")
	require.Equal(t, exitOK, code, errs)
	assert.Regexp(t, `(?m)^\s+3\s+T07`, out)
	assert.NotRegexp(t, `(?m)^\s+4\s+`, out, "nothing past rank 3")
	assert.NotContains(t, out, "T14", "nor the unranked")
}
