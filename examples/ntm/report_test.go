package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	cardRE = regexp.MustCompile(`data-key="([a-z_]+)"><div class="v" data-value="([^"]*)"`)
	rankRE = regexp.MustCompile(`<tr data-code="([^"]*)" data-rank="(\d+)" data-total="([^"]*)">`)
)

// cards reads the page's figures by key.
func cards(page string) map[string]string {
	out := map[string]string{}
	for _, m := range cardRE.FindAllStringSubmatch(page, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestReportMatchesJSON: `ntm report --out F` on the embedded sample with no other flags
// writes a page whose numbers are those of rank and progress --format json for the same
// inputs: the province's counts, the progress since 2019, and every ranking, row by row.
func TestReportMatchesJSON(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	code, stdout, errs := ntm(t, "report", "--out", out)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, stdout)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	page := string(b)
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	assert.NotContains(t, page, "<script", "the page runs no script")
	assert.NotContains(t, page, "http://fonts", "nothing is fetched")
	assert.NotRegexp(t, `(?i)<(link|img|iframe)[^>]+(src|href)="https?:`, page, "nothing is fetched")

	// The province at a glance: the band report of rank's JSON.
	code, js, errs := ntm(t, "rank", "--format", "json")
	require.Equal(t, 0, code, errs)
	var rk struct {
		Bands struct {
			Units      int     `json:"units"`
			Recognised int     `json:"recognised"`
			Slipped    int     `json:"slipped"`
			AverageMet float64 `json:"average_met"`
		} `json:"bands"`
	}
	require.NoError(t, json.Unmarshal([]byte(js), &rk))
	c := cards(page)
	assert.Equal(t, strconv.Itoa(rk.Bands.Units), c["units"])
	assert.Equal(t, strconv.Itoa(rk.Bands.Recognised), c["recognised"])
	assert.Equal(t, strconv.Itoa(rk.Bands.Slipped), c["slipped"])
	avg, err := strconv.ParseFloat(c["average_met"], 64)
	require.NoError(t, err)
	assert.InDelta(t, rk.Bands.AverageMet, avg, 0.005)

	// Progress since the previous whole year.
	code, js, errs = ntm(t, "progress", "--from", "2019", "--to", "2020", "--format", "json")
	require.Equal(t, 0, code, errs)
	var pr struct {
		Progress struct {
			After struct {
				Recognised struct{ Count int } `json:"recognised"`
				AllMet     struct{ Count int } `json:"all_met"`
			} `json:"after"`
			Totals struct {
				Gained       int `json:"criteria_gained"`
				Lost         int `json:"criteria_lost"`
				Newly        int `json:"newly_recognised"`
				NewlySlipped int `json:"newly_slipped"`
			} `json:"totals"`
		} `json:"progress"`
	}
	require.NoError(t, json.Unmarshal([]byte(js), &pr))
	p := pr.Progress
	assert.Equal(t, strconv.Itoa(p.After.Recognised.Count), c["progress_recognised"])
	assert.Equal(t, strconv.Itoa(p.After.AllMet.Count), c["all_met"])
	assert.Equal(t, strconv.Itoa(p.Totals.Gained), c["progress_gained"])
	assert.Equal(t, strconv.Itoa(p.Totals.Lost), c["progress_lost"])
	assert.Equal(t, strconv.Itoa(p.Totals.Newly), c["progress_newly"])
	assert.Equal(t, strconv.Itoa(p.Totals.NewlySlipped), c["progress_slipped"])
	assert.Positive(t, p.Totals.Gained, "the sample moves between the years")

	// Every ranking, in order: code, rank and total.
	rows := rankRE.FindAllStringSubmatch(page, -1)
	at := 0
	for _, by := range []string{"commune_front", "commune", "district_front"} {
		code, js, errs = ntm(t, "rank", "--by", by, "--format", "json")
		require.Equal(t, 0, code, errs)
		var r struct {
			Ranking struct {
				Entries []struct {
					Code     string          `json:"code"`
					District string          `json:"district"` // a district's entry names it here
					Rank     int             `json:"rank"`
					Total    decimal.Decimal `json:"total"`
				} `json:"entries"`
			} `json:"ranking"`
		}
		require.NoError(t, json.Unmarshal([]byte(js), &r))
		require.NotEmpty(t, r.Ranking.Entries, by)
		require.GreaterOrEqual(t, len(rows)-at, len(r.Ranking.Entries), by)
		for _, e := range r.Ranking.Entries {
			row := rows[at]
			at++
			if e.Code == "" {
				e.Code = e.District
			}
			assert.Equal(t, e.Code, row[1], by)
			assert.Equal(t, strconv.Itoa(e.Rank), row[2], "%s %s", by, e.Code)
			total, err := decimal.NewFromString(row[3])
			require.NoError(t, err)
			assert.True(t, e.Total.Equal(total), "%s %s: %s in JSON, %s on the page", by, e.Code, e.Total, total)
		}
	}
	assert.Equal(t, len(rows), at, "the page ranks what rank ranks, nothing more")
}

// TestReportHostileName: a unit name holding markup is shown as text; --out is required; the
// page is the same bytes when written twice; English words in an English page only.
func TestReportHostileName(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(sampleCSV)
	require.NoError(t, err)
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	data := strings.Replace(string(src), "Thạnh Phú", strings.ReplaceAll(evil, `"`, `""`), -1)
	require.NotEqual(t, string(src), data)
	in := filepath.Join(dir, "xa.csv")
	require.NoError(t, os.WriteFile(in, []byte(data), 0o644))

	out := filepath.Join(dir, "a.html")
	code, _, errs := ntm(t, "report", in, "--out", out)
	require.Equal(t, 0, code, errs)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	page := string(b)
	assert.NotContains(t, page, "<script>alert")
	assert.NotContains(t, page, "<img src=x")
	assert.Contains(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")

	again := filepath.Join(dir, "b.html")
	code, _, errs = ntm(t, "report", in, "--out", again)
	require.Equal(t, 0, code, errs)
	b2, err := os.ReadFile(again)
	require.NoError(t, err)
	assert.Equal(t, page, string(b2), "the page is deterministic")

	code, _, errs = ntm(t, "report", in)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--out")

	en := filepath.Join(dir, "en.html")
	code, _, errs = ntm(t, "report", in, "--lang", "en", "--out", en)
	require.Equal(t, 0, code, errs)
	b, err = os.ReadFile(en)
	require.NoError(t, err)
	assert.Contains(t, string(b), `<html lang="en">`)
	assert.Contains(t, string(b), "The province at a glance")
	assert.NotContains(t, page, "The province at a glance")
	assert.Contains(t, page, "Toàn tỉnh")
}

// TestKeeper: while rows come in any order of periods, only the period shown and its previous
// one are kept, and they are the ones the command then chooses; every row is counted.
func TestKeeper(t *testing.T) {
	p := func(s string) criteria.Period { q, err := criteria.ParsePeriod(s); require.NoError(t, err); return q }
	order := []string{"2018", "2017", "2020-H1", "2018", "2016", "2019", "2017", "2020-H1", "2019", "2016"}
	for _, tc := range []struct{ period, previous, cur, prev string }{
		{"", "", "2020-H1", "2019"},
		{"2018", "", "2018", "2017"},
		{"2018", "2016", "2018", "2016"},
		{"2016", "", "2016", ""},
	} {
		k := newKeeper(tc.period, tc.previous)
		for i, s := range order {
			k.add(&criteria.Unit{Code: strconv.Itoa(i), Period: p(s), Values: &criteria.Values{}})
		}
		total := 0
		for _, n := range k.counts {
			total += n
		}
		assert.Equal(t, len(order), total)
		want := map[string]int{tc.cur: 0}
		for _, s := range order {
			if s == tc.cur || s == tc.prev {
				want[s]++
			}
		}
		got := map[string]int{tc.cur: 0}
		for q, us := range k.units {
			got[q.String()] = len(us)
		}
		assert.Equal(t, want, got, "%+v", tc)
	}
}

// TestOutKeepsFile: a page written over a private file stays private, one written through a
// link replaces the file it names and keeps the link, and a folder is refused as such.
func TestOutKeepsFile(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "rieng.html")
	require.NoError(t, os.WriteFile(private, []byte("old"), 0o600))
	code, _, errs := ntm(t, "report", "--out", private)
	require.Equal(t, 0, code, errs)
	st, err := os.Stat(private)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	target := filepath.Join(dir, "that.html")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
	link := filepath.Join(dir, "link.html")
	require.NoError(t, os.Symlink(target, link))
	code, _, errs = ntm(t, "report", "--out", link)
	require.Equal(t, 0, code, errs)
	lst, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, lst.Mode()&os.ModeSymlink, "the link stays a link")
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "<!DOCTYPE html>"), "the file it names is written")

	code, _, errs = ntm(t, "report", "--out", dir)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "it is a folder")
	code, _, errs = ntm(t, "report", "--out", "")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--out is empty: give it a value")
}

// TestImpactCommand: raising the 2020 income bar from 50 to 55 changes exactly the sample's
// communes with an income in [50, 55), each with criterion 10 turning and both bars said; the
// totals before and after are the evaluations' under each file.
func TestImpactCommand(t *testing.T) {
	layer := "testdata/impact/thu-nhap-55.yaml"
	code, js, errs := ntm(t, "impact", "--base", "camau/xa-ntm-2016-2020.yaml", "--changed", layer, "--format", "json", sampleCSV)
	require.Equal(t, 0, code, errs)
	var rep struct {
		Units   int `json:"units"`
		AllMet  struct{ Before, After int }
		Changes []struct {
			Code  string
			Flips []struct {
				Criterion, Indicator, Before, After, Value string
				TargetBefore                               string `json:"target_before"`
				TargetAfter                                string `json:"target_after"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(js), &rep), js)
	assert.Equal(t, 82, rep.Units)

	// Who lies between the bars, from the data itself.
	src, err := os.ReadFile(sampleCSV)
	require.NoError(t, err)
	lines := strings.Split(string(src), "\n")
	head := strings.Split(lines[0], ",")
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	want := map[string]bool{}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) < len(head) || f[col["period"]] != "2020" {
			continue
		}
		v, err := strconv.ParseFloat(f[col["income_per_capita"]], 64)
		if err == nil && v >= 50 && v < 55 {
			want[f[col["code"]]] = true
		}
	}
	require.NotEmpty(t, want)
	got := map[string]bool{}
	for _, c := range rep.Changes {
		got[c.Code] = true
		require.NotEmpty(t, c.Flips)
		f := c.Flips[0]
		assert.Equal(t, "10", f.Criterion)
		assert.Equal(t, "met", f.Before)
		assert.Equal(t, "not_met", f.After)
		assert.Contains(t, f.TargetBefore, "50")
		assert.Contains(t, f.TargetAfter, "55")
	}
	assert.Equal(t, want, got)

	for _, file := range []string{"camau/xa-ntm-2016-2020.yaml", layer} {
		code, out, errs := ntm(t, "evaluate", "--rules", file, "--period", "2020", "--format", "json", sampleCSV)
		require.Equal(t, 0, code, errs)
		n := strings.Count(out, `"all_met": "yes"`)
		if file == layer {
			assert.Equal(t, n, rep.AllMet.After)
		} else {
			assert.Equal(t, n, rep.AllMet.Before)
		}
	}

	code, _, errs = ntm(t, "impact", "--changed", layer, sampleCSV)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--base")
}

// TestPlanCommand: the plan on the sample says its rule, starts from the units already over
// the threshold, and each step's total adds its lifted units to the one before.
func TestPlanCommand(t *testing.T) {
	code, js, errs := ntm(t, "plan", "--threshold", "19", "--format", "json")
	require.Equal(t, 0, code, errs)
	var pl struct {
		Units, Already, Remaining int
		Rule                      string
		Steps                     []struct {
			Indicator string
			Lifted    []string
			Completed int `json:"criteria_completed"`
			Total     int
		}
	}
	require.NoError(t, json.Unmarshal([]byte(js), &pl), js)
	assert.Equal(t, 82, pl.Units)
	assert.Contains(t, pl.Rule, "no cost table")
	require.NotEmpty(t, pl.Steps)
	total := pl.Already
	for _, s := range pl.Steps {
		assert.True(t, len(s.Lifted) > 0 || s.Completed > 0, "every step does something: %s", s.Indicator)
		total += len(s.Lifted)
		assert.Equal(t, total, s.Total, s.Indicator)
	}
	assert.Equal(t, pl.Units-total, pl.Remaining, "the units left are said")
	code, _, errs = ntm(t, "plan", "--threshold", "25")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "has 19")
}

// TestRankRobustness: rank --robustness gives every commune an interval holding its own rank,
// seeded (the same seed, the same answer), and its flags need it.
func TestRankRobustness(t *testing.T) {
	args := []string{"rank", "--by", "commune", "--robustness", "200", "--cut", "5", "--seed", "7", "--format", "json"}
	code, js, errs := ntm(t, args...)
	require.Equal(t, 0, code, errs)
	var doc struct {
		Robustness struct {
			Units []struct {
				Code            string
				Rank, Low, High int
				InCut           float64 `json:"in_cut"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(js), &doc))
	require.Len(t, doc.Robustness.Units, 82)
	for _, u := range doc.Robustness.Units {
		assert.LessOrEqual(t, u.Low, u.High, u.Code)
		assert.True(t, u.InCut >= 0 && u.InCut <= 1, u.Code)
	}
	_, again, _ := ntm(t, args...)
	assert.Equal(t, js, again, "seeded")
	code, _, errs = ntm(t, "rank", "--cut", "5")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--robustness")
}

// TestReportRobustnessImpact: report --robustness and --changed add the rank intervals and the
// impact table, whose count is impact's own.
func TestReportRobustnessImpact(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	layer := "testdata/impact/thu-nhap-55.yaml"
	code, _, errs := ntm(t, "report", "--out", out, "--robustness", "100", "--cut", "5", "--changed", layer)
	require.Equal(t, 0, code, errs)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	page := string(b)
	assert.Equal(t, 82, strings.Count(page, `<svg class="errbar"`))
	code, js, errs := ntm(t, "impact", "--base", "camau/xa-ntm-2016-2020.yaml", "--changed", layer, "--format", "json", sampleCSV)
	require.Equal(t, 0, code, errs)
	var imp struct {
		Changed int `json:"units_changed"`
	}
	require.NoError(t, json.Unmarshal([]byte(js), &imp))
	assert.Equal(t, strconv.Itoa(imp.Changed), cards(page)["impact_units"])
	code, _, errs = ntm(t, "report", "--out", out, "--seed", "3")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--robustness")
}

// TestImpactGoals: with a scheme, each goal on the number of units says how many it needs and
// how many meet every criterion before and after.
func TestImpactGoals(t *testing.T) {
	code, js, errs := ntm(t, "impact", "--base", "camau/xa-ntm-2016-2020.yaml", "--changed", "testdata/impact/thu-nhap-55.yaml",
		"--scheme", "camau/thi-dua-2016-2020.yaml", "--format", "json", sampleCSV)
	require.Equal(t, 0, code, errs)
	var doc struct {
		AllMet struct{ Before, After int } `json:"all_met"`
		Goals  []struct {
			Needed int `json:"needed"`
			Before int `json:"all_met_before"`
			After  int `json:"all_met_after"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(js), &doc))
	require.NotEmpty(t, doc.Goals)
	assert.Equal(t, 41, doc.Goals[0].Needed, "50 % of 82, rounded up")
	assert.Equal(t, doc.AllMet.Before, doc.Goals[0].Before)
	assert.Equal(t, doc.AllMet.After, doc.Goals[0].After)
	assert.Less(t, doc.Goals[0].After, doc.Goals[0].Before)
}

// TestWhatIfRefusals: the what-if commands refuse what they cannot answer, each saying why;
// plan --by-parent plans every district, whose units add up to the province's; rank --top
// shortens the robustness table too.
func TestWhatIfRefusals(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"rank", "--by", "district_front", "--robustness", "10"}, "draws the communes' points"},
		{[]string{"rank", "--robustness", "10", "--jitter", "5"}, "--jitter takes 0 to 1"},
		{[]string{"rank", "--robustness", "10", "--index", "x", "--rules", "camau/xa-ntm-2016-2020.yaml", sampleCSV}, "--index ranks"},
		{[]string{"rank", "--robustness", "0"}, "takes 1 to"},
		{[]string{"impact", "--base", "camau/xa-ntm-2016-2020.yaml", "--changed", "testdata/impact/thu-nhap-55.yaml"}, "no data"},
		{[]string{"impact", "--base", "vn/huyen-ntm-2016-2020.yaml", "--changed", "camau/xa-ntm-2016-2020.yaml", sampleCSV}, "one level"},
		{[]string{"plan", "--steps", "0"}, "--steps 1 or more"},
		{[]string{"report", "--out", "x.html", "--cut", "3"}, "--robustness"},
	} {
		code, _, errs := ntm(t, tc.args...)
		assert.NotEqual(t, 0, code, "%v", tc.args)
		assert.Contains(t, errs, tc.want, "%v", tc.args)
	}

	code, js, errs := ntm(t, "plan", "--by-parent", "--format", "json")
	require.Equal(t, 0, code, errs)
	var pl struct {
		Units, Already int
		ByParent       []struct {
			Parent         string
			Units, Already int
		} `json:"by_parent"`
	}
	require.NoError(t, json.Unmarshal([]byte(js), &pl))
	require.Len(t, pl.ByParent, 9)
	units, already := 0, 0
	for _, p := range pl.ByParent {
		assert.NotEmpty(t, p.Parent)
		units += p.Units
		already += p.Already
	}
	assert.Equal(t, pl.Units, units)
	assert.Equal(t, pl.Already, already)
	code, out, errs := ntm(t, "plan", "--by-parent")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Thành phố Cà Mau — đã đạt ngưỡng: 7/7\nMọi đơn vị đã đạt ngưỡng.")

	code, out, errs = ntm(t, "rank", "--by", "commune", "--robustness", "20", "--top", "3")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "(3 đơn vị đầu trong 82)")
}
