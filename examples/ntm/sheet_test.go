package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// TestSheetCommands: export a ruleset as a sheet, import it unchanged (a layer that changes
// nothing), fill a 2026-2030 workbook for one indicator and evaluate with the layer it gives,
// and refuse a sheet with a problem, writing nothing.
func TestSheetCommands(t *testing.T) {
	dir := t.TempDir()
	csvSheet := filepath.Join(dir, "ct.csv")
	code, _, errs := ntm(t, "sheet", "export", "camau/xa-ntm-2016-2020.yaml", "--out", csvSheet)
	require.Equal(t, 0, code, errs)
	out := filepath.Join(dir, "same.yaml")
	code, _, errs = ntm(t, "sheet", "import", csvSheet, "--base", "camau/xa-ntm-2016-2020.yaml", "--id", "tinh-x.xa-ntm", "--out", out)
	require.Equal(t, 0, code, errs)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), "0 target cells changed, 0 indicators added")

	// 2026-2030: the workbook, criterion 3 given one indicator for the three groups.
	book := filepath.Join(dir, "ct.xlsx")
	code, _, errs = ntm(t, "sheet", "export", "vn/xa-ntm-2026-2030.yaml", "--out", book)
	require.Equal(t, 0, code, errs)
	f, err := excelize.OpenFile(book)
	require.NoError(t, err)
	rows, err := f.GetRows("Chỉ tiêu")
	require.NoError(t, err)
	bars := map[string]any{"group1": 90, "group2": 80, "group3": 60}
	filled := 0
	for i, r := range rows {
		if len(r) > 11 && r[0] == "3" {
			row := i + 1
			for col, v := range map[string]any{"C": "3.1", "D": "Thu nhập bình quân đầu người", "G": "income_per_capita", "H": "number",
				"I": "triệu đồng/người/năm", "K": ">=", "M": bars[r[11]], "N": "unverified", "O": "thử nghiệm"} {
				require.NoError(t, f.SetCellValue("Chỉ tiêu", col+strconv.Itoa(row), v))
			}
			filled++
		}
	}
	require.Equal(t, 3, filled)
	require.NoError(t, f.Save())
	f.Close()
	layer := filepath.Join(dir, "tinh-x.yaml")
	code, _, errs = ntm(t, "sheet", "import", book, "--base", "vn.xa-ntm@2026-2030", "--id", "tinh-x.xa-ntm", "--out", layer)
	require.Equal(t, 0, code, errs)
	data := filepath.Join(dir, "xa.csv")
	require.NoError(t, os.WriteFile(data, []byte("code,region,period,urbanising,agriculture_share_economy,minority_area,income_per_capita\n"+
		"A,group1,2026,true,30,none,85\nB,group2,2026,false,30,none,85\nC,group3,2026,false,30,kv3,85\n"), 0o644))
	code, stdout, errs := ntm(t, "evaluate", "--rules", layer, "--data", data, "--full")
	require.Equal(t, 0, code, errs)
	// Criterion 3 is judged: 85 misses group 1's 90, meets group 2's 80 and group 3's 60; the
	// nine criteria still to be supplied stay unknown, and the command says so.
	lines := strings.Split(stdout, "\n")
	var a, bl, c string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "A "):
			a = l
		case strings.HasPrefix(l, "B "):
			bl = l
		case strings.HasPrefix(l, "C "):
			c = l
		}
	}
	assert.Regexp(t, `2026\s+0\s+1\s+9\b`, a)
	assert.Regexp(t, `2026\s+1\s+0\s+9\b`, bl)
	assert.Regexp(t, `2026\s+1\s+0\s+9\b`, c)
	assert.Contains(t, errs, "bộ tiêu chí chưa có chỉ tiêu cho 9 tiêu chí")

	// A problem: a target without its source. Nothing is written.
	bad := filepath.Join(dir, "bad.csv")
	src, _ := os.ReadFile(csvSheet)
	lines = strings.Split(string(src), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "2,Giao thông,2.2,") {
			cells := strings.Split(l, ",")
			for k := range cells {
				if cells[k] == "50" {
					cells[k] = "65"
				}
			}
			lines[i] = strings.Join(cells, ",")
			lines[i] = strings.Replace(lines[i], "unverified,Cà Mau illustrative choice (no provincial criteria decision found)", "unverified,", 1)
		}
	}
	require.NoError(t, os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644))
	none := filepath.Join(dir, "none.yaml")
	code, _, errs = ntm(t, "sheet", "import", bad, "--base", "camau/xa-ntm-2016-2020.yaml", "--id", "tinh-x.xa-ntm", "--out", none)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errs, "› source: a target needs its source")
	assert.Contains(t, errs, "nothing written")
	_, err = os.Stat(none)
	assert.True(t, os.IsNotExist(err))
}

// TestProgrammeGoals2026: the province layer made from a sheet, communes with no region (the
// groups are chosen from their data), and Cà Mau's goals tracked by a scheme that only tracks
// goals: 15 % in 2026 missed by one commune, 65 % by 2030 open, the communes whose criteria
// are unknown counted; the scheme refuses to rank.
func TestProgrammeGoals2026(t *testing.T) {
	layer := "../../criteria/testdata/sheet/tinh-x.xa-ntm-2026-2030.yaml"
	data := "../../criteria/testdata/sheet/xa-2026.csv"
	code, out, errs := ntm(t, "progress", "--format", "json", "--scheme", "camau/muc-tieu-2026-2030.yaml", "--rules", layer, data)
	require.Equal(t, 0, code, errs)
	var doc struct {
		Goals struct {
			Period string `json:"period"`
			Goals  []struct {
				ID       string  `json:"id"`
				Status   string  `json:"status"`
				Value    float64 `json:"value"`
				Distance int     `json:"distance"`
				Unknown  int     `json:"units_with_unknown"`
			} `json:"goals"`
		} `json:"goals"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	assert.Equal(t, "2026", doc.Goals.Period)
	require.Len(t, doc.Goals.Goals, 2)
	g26, g30 := doc.Goals.Goals[0], doc.Goals.Goals[1]
	assert.Equal(t, "ty-le-xa-dat-chuan-2026", g26.ID)
	assert.Equal(t, "missed", g26.Status) // 1 of 7 is 14.29 %; 15 % of 7 needs 2
	assert.InDelta(t, 14.29, g26.Value, 0.005)
	assert.Equal(t, 1, g26.Distance)
	assert.Equal(t, "open", g30.Status) // 65 % of 7 needs 5
	assert.Equal(t, 4, g30.Distance)
	// X04 meets both the group-1 and the group-3 test (no column), X07 gave no values.
	assert.Equal(t, 2, g26.Unknown)

	code, _, errs = ntm(t, "rank", "--scheme", "camau/muc-tieu-2026-2030.yaml", "--rules", layer, data)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, errs, "only tracks goals")
}
