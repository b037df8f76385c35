package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const levelsDir = "../../criteria/testdata/levels/"

func levelArg(name string) string { return levelsDir + name + ".yaml=" + levelsDir + name + ".csv" }

// TestRollupCommand: hamlets, communes and the province in one run, given in any order; the
// hamlet naming a commune the run lacks is a positioned warning and exit 1, its result kept.
func TestRollupCommand(t *testing.T) {
	code, out, errs := ntm(t, "rollup", "--level", levelArg("tinh"), "--level", levelArg("thon"), "--level", levelArg("xa"))
	assert.Equal(t, exitFindings, code, errs)
	assert.Contains(t, errs, "thon.csv:9: unit A08: hamlet A08 belongs to commune \"X9\", which is not in the run: it counts in none (did you mean \"X1\"?) [W-PARENT]")
	assert.Contains(t, errs, "ntm: đọc 12 dòng, đánh giá 12, loại 0")
	// The levels print lowest first, each unit with the unit of the next level it counts in.
	iH, iX, iT := strings.Index(out, "Thôn, ấp —"), strings.Index(out, "Xã —"), strings.Index(out, "Tỉnh —")
	assert.True(t, iH >= 0 && iH < iX && iX < iT, out)
	assert.Regexp(t, `A07\s+Ấp 7\s+X3\s+2024`, out)
	assert.Regexp(t, `X2\s+Tân Hải\s+96\s+2024\s+1\s+0\s+0\s+có\s+không\s+3`, out, "X2: every criterion met, the hamlet gate not; 3 hamlets")
	assert.Regexp(t, `96\s+Cà Mau\s+2024\s+1\s+0\s+0\s+có\s+có\s+3`, out)
	assert.NotContains(t, out, "Huyện", "no district level in the run")

	// --explain a commune of the run: its hamlet share, counted from its members.
	code, out, _ = ntm(t, "rollup", "--level", levelArg("thon"), "--level", levelArg("xa"), "--explain", "X2")
	assert.Equal(t, exitFindings, code)
	assert.Regexp(t, `điều kiện\s+Tỷ lệ ấp đạt chuẩn\s+33,3333 %\s+≥ 60 %\s+26,6667 %`, out)
	assert.Regexp(t, `A08\s+Ấp 8\s+X9 \(\?\)`, out, "a hamlet counted in none shows the commune its data name, marked")

	code, out, errs = ntm(t, "rollup", "--format", "json", "--level", levelArg("thon"), "--level", levelArg("xa"), "--level", levelArg("tinh"))
	assert.Equal(t, exitFindings, code, errs)
	var doc struct {
		Format string `json:"format"`
		Levels []struct {
			Level   string `json:"level"`
			Results []struct {
				Unit struct {
					Code    string   `json:"code"`
					Members []string `json:"members"`
				} `json:"unit"`
			} `json:"results"`
		} `json:"levels"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "ntm.rollup/v1", doc.Format)
	require.Len(t, doc.Levels, 3)
	assert.Equal(t, "province", doc.Levels[2].Level)
	assert.Equal(t, []string{"X1", "X2", "X3"}, doc.Levels[2].Results[0].Unit.Members)
	assert.Equal(t, []string{"A01", "A02", "A03"}, doc.Levels[1].Results[0].Unit.Members)
}

func TestRollupCommandRefusals(t *testing.T) {
	code, _, errs := ntm(t, "rollup")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "give each level of the run with --level RULES=DATA")

	code, _, errs = ntm(t, "rollup", "--level", levelsDir+"thon.yaml")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "write RULES=DATA")

	code, _, errs = ntm(t, "rollup", "--level", levelArg("thon"), "--level", levelArg("thon"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "the level hamlet is already given by --level")
	assert.NotContains(t, errs, "đọc", "refused before the second file is read")

	code, _, errs = ntm(t, "rollup", "--level", levelArg("thon"), "--explain", "Z9")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "--explain Z9: no unit of the run has that code")

	// A village set and a commune set are not on one chain.
	code, _, errs = ntm(t, "rollup", "--level", desaRules+"="+desaData, "--level", levelArg("xa"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "is not above")
}

// TestRankWithoutDistricts: after 01/7/2025 communes report to the province, and data name no
// district. The Front's ranking within districts becomes one ranking across the province and
// says so; every commune of the period is ranked, none is dropped.
func TestRankWithoutDistricts(t *testing.T) {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(readText(t, sampleCSV)), "\n") {
		cells := strings.Split(line, ",")
		b.WriteString(strings.Join(append(cells[:2:2], cells[3:]...), ",") + "\n")
	}
	require.True(t, strings.HasPrefix(b.String(), "code,name,region,"), "the district column is gone")
	path := write(t, "communes-2025.csv", b.String())

	code, out, errs := ntm(t, "rank", path, "--period", "2020")
	require.Equal(t, 0, code, errs)
	rows := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "Toàn tỉnh (không có huyện)") {
			rows++
		}
	}
	assert.Equal(t, 82, rows, "every commune of 2020, in one ranking across the province")
	// A candidate rule drawn within each district has no district to draw in: it says so,
	// naming the communes, rather than proposing none in silence.
	assert.Contains(t, out, "Không xét: kết quả không ghi huyện, nên không thuộc phạm vi huyện nào")
	assert.Contains(t, out, "32023, 32026, 32029, 32032, 32035, 32038, 32041, 32047, 32048, 32050 và 72 đơn vị khác", "a table cell lists 10 codes, then how many more")

	code, out, errs = ntm(t, "rank", path, "--period", "2020", "--format", "json")
	require.Equal(t, 0, code, errs)
	var doc struct {
		Ranking struct {
			Entries    []struct{ Rank int } `json:"entries"`
			NoDistrict []string             `json:"no_district"`
		} `json:"ranking"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Ranking.Entries, 82)
	assert.Len(t, doc.Ranking.NoDistrict, 82, "the JSON names every commune as without a district")
	assert.Equal(t, 1, doc.Ranking.Entries[0].Rank)
}

// TestMembersAloneNoted: a rule file that counts the units below, evaluated on its own data,
// says that those counts are 0 here and how to give them.
func TestMembersAloneNoted(t *testing.T) {
	for _, cmd := range [][]string{{"explain", "X1"}, {"evaluate"}} {
		code, _, errs := ntm(t, append(cmd, "--rules", levelsDir+"xa.yaml", "--data", levelsDir+"xa.csv")...)
		assert.Equal(t, 0, code, errs)
		assert.Contains(t, errs, "bộ tiêu chí đếm các đơn vị cấp dưới (hamlets_total)", cmd[0])
		assert.Contains(t, errs, "ntm rollup", cmd[0])
	}
	_, _, errs := ntm(t, "evaluate", "--rules", levelsDir+"thon.yaml", "--data", levelsDir+"thon.csv")
	assert.NotContains(t, errs, "ntm rollup", "a set that counts no members says nothing")
}
