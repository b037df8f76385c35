package htmlreport_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/lineage"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report/htmlreport"
)

// camau loads the Cà Mau ruleset and scheme and explains the sample's communes of the years
// asked for.
func camau(tb testing.TB, years ...int) (*scoring.Scheme, [][]*criteria.Result) {
	tb.Helper()
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(tb, err)
	sc, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	require.NoError(tb, err)
	prog, err := rs.Compile()
	require.NoError(tb, err)
	ds := data.ReadFile(sample.FS, "camau-communes.csv", rs)
	require.Empty(tb, ds.Errors)
	out := make([][]*criteria.Result, len(years))
	for _, u := range ds.Units {
		for i, y := range years {
			if u.Period == (criteria.Period{Year: y}) {
				r, err := prog.Evaluate(context.Background(), u)
				require.NoError(tb, err)
				out[i] = append(out[i], r)
			}
		}
	}
	return sc, out
}

func write(t *testing.T, rep *htmlreport.Report, lang string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, rep.Write(&b, lang))
	return b.String()
}

// TestSample: the sample's 2020 against 2019: every unit in the matrix once and in the details
// once, under its district; the counts are the band report's; the rankings are the scheme's
// three; each unit's shortfalls are listed closest first, as Result.Shortfalls orders them.
func TestSample(t *testing.T) {
	sc, res := camau(t, 2020, 2019)
	rep, err := htmlreport.Build(context.Background(), htmlreport.Input{Scheme: sc, Results: res[0], Previous: res[1], Source: "so-lieu.csv"})
	require.NoError(t, err)
	assert.Equal(t, 82, rep.Bands.Units)
	assert.Equal(t, "2019", rep.Previous.String())
	require.NotNil(t, rep.Progress)
	require.NotNil(t, rep.Goals)
	require.Len(t, rep.Rankings, 3)
	// Eligible: what a decision could recognise now, not the communes already recognised.
	eligible := 0
	for _, r := range res[0] {
		if r.Eligible == criteria.Yes && !r.Recognised() {
			eligible++
		}
	}
	assert.Equal(t, eligible, rep.Eligible)

	page := write(t, rep, "vi")
	for _, r := range res[0] {
		assert.Equal(t, 1, strings.Count(page, `<tr data-code="`+r.Unit.Code+`"><td>`), r.Unit.Code)
		assert.Equal(t, 1, strings.Count(page, `<div class="unit" id="u-`+r.Unit.Code+`">`), r.Unit.Code)
	}
	assert.Contains(t, page, "so-lieu.csv")
	assert.Contains(t, page, "<caption>Nhóm theo số tiêu chí đạt</caption>")
	for _, g := range rep.Goals.Goals {
		assert.Contains(t, page, `data-goal="`+g.Goal.ID+`"`)
	}
	// The districts come in the band report's order, each a group of the matrix.
	var order []string
	for _, m := range regexp.MustCompile(`<tr class="grp"><th colspan="\d+" scope="rowgroup"><bdi>([^<]+)</bdi></th>`).FindAllStringSubmatch(page, -1) {
		order = append(order, m[1])
	}
	var want []string
	for _, d := range rep.Bands.Districts {
		want = append(want, d.District)
	}
	assert.Equal(t, want, order)

	// One unit's details: its shortfalls in Result.Shortfalls' order.
	var some *criteria.Result
	for _, r := range res[0] {
		if len(r.Shortfalls()) >= 3 {
			some = r
			break
		}
	}
	require.NotNil(t, some)
	start := strings.Index(page, `<div class="unit" id="u-`+some.Unit.Code+`">`)
	end := start + strings.Index(page[start:], "</table>")
	part := page[start:end]
	last := -1
	for _, s := range some.Shortfalls() {
		text := s.Indicator.ID() + " " + s.Indicator.Name().In("vi")
		if s.Criterion.IsZero() {
			text = s.Indicator.Name().In("vi") // a condition's id is the file's own word
			assert.NotContains(t, part, s.Indicator.ID()+" ")
		}
		i := strings.Index(part, text)
		require.GreaterOrEqual(t, i, 0, s.Indicator.ID())
		assert.Greater(t, i, last, "closest first: %s", s.Indicator.ID())
		last = i
	}

	// The same report in English; the Vietnamese page carries no English word of the page's own.
	en := write(t, rep, "en")
	assert.Contains(t, en, "Criteria by unit")
	for _, w := range []string{"Criteria by unit", "Rankings", "Each unit", "Not met", "Unknown", "Back to"} {
		assert.NotContains(t, page, w)
	}
	assert.Error(t, rep.Write(io.Discard, "fr"))
	assert.Equal(t, page, write(t, rep, "vi"), "deterministic")
}

// TestAfterReorganisation: 2026-2030 communes with no district and no region, a scheme that
// only tracks goals: the page has no rankings, one group for the units with no parent, the
// group each unit was judged on unknown where its data cannot tell, and the goals.
func TestAfterReorganisation(t *testing.T) {
	layer, err := os.ReadFile("../../../criteria/testdata/sheet/tinh-x.xa-ntm-2026-2030.yaml")
	require.NoError(t, err)
	rs, err := criteria.Parse("tinh-x.yaml", layer, criteria.WithBase(rules.FS))
	require.NoError(t, err)
	sc, err := scoring.Load(rules.FS, "camau/muc-tieu-2026-2030.yaml", rs)
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	ds := data.ReadFile(os.DirFS("../../../criteria/testdata/sheet"), "xa-2026.csv", rs)
	require.Empty(t, ds.Errors)
	var now []*criteria.Result
	for _, u := range ds.Units {
		if u.Period.Half == 0 {
			r, err := prog.Evaluate(context.Background(), u)
			require.NoError(t, err)
			now = append(now, r)
		}
	}
	rep, err := htmlreport.Build(context.Background(), htmlreport.Input{Scheme: sc, Results: now})
	require.NoError(t, err)
	assert.Empty(t, rep.Rankings)
	assert.Nil(t, rep.Progress)
	page := write(t, rep, "vi")
	assert.NotContains(t, page, `id="rankings"`)
	assert.Equal(t, 1, strings.Count(page, `scope="rowgroup"><bdi>Không có đơn vị cấp trên</bdi></th>`))
	assert.Contains(t, page, `data-goal="ty-le-xa-dat-chuan-2026"`)
	assert.Contains(t, page, "15% số xã đạt chuẩn nông thôn mới năm 2026")
	// X04 meets both group tests: no column, every criterion unknown.
	x04 := page[strings.Index(page, `<tr data-code="X04">`):]
	x04 = x04[:strings.Index(x04, "</tr>")]
	assert.Equal(t, 10, strings.Count(x04, `class="c unk"`), x04)
	assert.Contains(t, page, `Số xã</div>`)
}

// TestBuildRefuses: what cannot be reported is refused with the reason, never reported in part.
func TestBuildRefuses(t *testing.T) {
	sc, res := camau(t, 2020, 2019)
	ctx := context.Background()
	_, err := htmlreport.Build(ctx, htmlreport.Input{Results: res[0]})
	assert.ErrorContains(t, err, "no scheme")
	_, err = htmlreport.Build(ctx, htmlreport.Input{Scheme: sc})
	assert.ErrorContains(t, err, "no results")
	_, err = htmlreport.Build(ctx, htmlreport.Input{Scheme: sc, Results: append(append([]*criteria.Result{}, res[0]...), res[1][0])})
	assert.Error(t, err, "two periods in one report")
	_, err = htmlreport.Build(ctx, htmlreport.Input{Scheme: sc, Results: res[1], Previous: res[0]})
	assert.ErrorContains(t, err, "not before")
	_, err = htmlreport.Build(ctx, htmlreport.Input{Scheme: sc, Results: []*criteria.Result{nil}})
	assert.ErrorContains(t, err, "nil")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = htmlreport.Build(cancelled, htmlreport.Input{Scheme: sc, Results: res[0]})
	assert.ErrorIs(t, err, context.Canceled)
}

// Build a page of the sample's 2020 results, compared with 2019, and write it in Vietnamese.
func ExampleBuild() {
	rs, _ := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	sc, _ := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	prog, _ := rs.Compile()
	ds := data.ReadFile(sample.FS, "camau-communes.csv", rs)
	var now, before []*criteria.Result
	for _, u := range ds.Units {
		switch u.Period.String() {
		case "2020":
			r, _ := prog.Evaluate(context.Background(), u)
			now = append(now, r)
		case "2019":
			r, _ := prog.Evaluate(context.Background(), u)
			before = append(before, r)
		}
	}
	rep, err := htmlreport.Build(context.Background(), htmlreport.Input{Scheme: sc, Results: now, Previous: before, Source: "camau-communes.csv"})
	if err != nil {
		panic(err)
	}
	var page bytes.Buffer
	if err := rep.Write(&page, "vi"); err != nil {
		panic(err)
	}
	fmt.Println(rep.Bands.Units, "xã,", rep.Bands.Recognised, "đạt chuẩn,", rep.Progress.NewlyRecognised, "mới đạt chuẩn so với", rep.Previous)
	fmt.Println(strings.SplitN(page.String(), "\n", 2)[0])
	// Output:
	// 82 xã, 42 đạt chuẩn, 12 mới đạt chuẩn so với 2019
	// <!DOCTYPE html>
}

// TestDataText: control characters from the data never reach the page, and every text of the
// data is isolated, so a right-to-left override cannot turn the text around it.
func TestDataText(t *testing.T) {
	sc, res := camau(t, 2020)
	r := *res[0][0]
	r.Unit.Name = "\u202eAB\x07C\x1b[31m\u0085"
	r.Unit.District = "Huyện \u2066X"
	all := append([]*criteria.Result{&r}, res[0][1:]...)
	rep, err := htmlreport.Build(context.Background(), htmlreport.Input{Scheme: sc, Results: all, Source: "a\x00b.csv"})
	require.NoError(t, err)
	page := write(t, rep, "vi")
	for _, c := range []string{"\x07", "\x1b", "\u0085", "\x00"} {
		assert.NotContains(t, page, c)
	}
	assert.Contains(t, page, "<bdi>\u202eAB\uFFFDC\uFFFD[31m\uFFFD</bdi>")
	assert.Contains(t, page, "a\uFFFDb.csv")
}

// TestRobustnessAndImpact: asked for, the page shows each unit's rank interval as an error bar
// with its numbers, and a rule change's before/after table with every unit that changes.
func TestRobustnessAndImpact(t *testing.T) {
	sc, res := camau(t, 2020, 2019)
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	pa, err := rs.Compile()
	require.NoError(t, err)
	var units []*criteria.Unit
	ds := data.ReadFile(sample.FS, "camau-communes.csv", rs)
	for _, u := range ds.Units {
		if u.Period.String() == "2020" {
			units = append(units, u)
		}
	}
	imp, err := criteria.Impact(context.Background(), pa, pa, units)
	require.NoError(t, err)
	rep, err := htmlreport.Build(context.Background(), htmlreport.Input{Scheme: sc, Results: res[0], Previous: res[1],
		Robustness: &scoring.RobustnessOptions{Draws: 200, Seed: 3, Jitter: 0.1, Cut: 5}, Impact: imp})
	require.NoError(t, err)
	require.NotNil(t, rep.Robust)
	page := write(t, rep, "vi")
	assert.Contains(t, page, `<section id="robust">`)
	for _, u := range rep.Robust.Units {
		assert.Contains(t, page, fmt.Sprintf(`<tr data-code="%s" data-interval="%d–%d">`, u.Code, u.Low, u.High))
	}
	assert.Equal(t, len(rep.Robust.Units), strings.Count(page, `class="errbar"`))
	assert.Contains(t, page, `<section id="impact">`)
	assert.Contains(t, page, `data-key="impact_units"><div class="v" data-value="0">`, "the same ruleset changes nothing")
}

// TestAcrossView: given a period before the 2025 reorganisation, the page shows the communes
// then and now by former province, with the share as a range while a part has no data, and
// each new unit's predecessors with the inferred cases marked.
func TestAcrossView(t *testing.T) {
	sc, res := camau(t, 2020, 2019)
	reorg, err := lineage.Vietnam2025()
	require.NoError(t, err)
	now := []*criteria.Result{
		{Unit: criteria.UnitInfo{Code: "32227", Name: "Xã Nguyễn Việt Khái", Period: criteria.Period{Year: 2026}}, Recognition: &criteria.Recognition{Level: "ntm", Year: 2026}},
		{Unit: criteria.UnitInfo{Code: "32092", Name: "Xã Hồ Thị Kỷ", Period: criteria.Period{Year: 2026}}},
	}
	a, err := reorg.Across(context.Background(), lineage.Input{Province: "96", Before: res[0], After: [][]*criteria.Result{now}})
	require.NoError(t, err)
	rep, err := htmlreport.Build(context.Background(), htmlreport.Input{Scheme: sc, Results: res[0], Across: a})
	require.NoError(t, err)
	page := write(t, rep, "vi")
	assert.Contains(t, page, `<li><a href="#across">Trước và sau sắp xếp đơn vị hành chính</a></li>`)
	assert.Contains(t, page, `<td><bdi>2026</bdi></td><td><bdi>Tỉnh Cà Mau</bdi></td><td><bdi>55</bdi></td><td><bdi>1</bdi></td><td><bdi>53</bdi></td><td><bdi>1,8–98,2 %</bdi></td>`)
	assert.Contains(t, page, `<td><bdi>phần Tỉnh Cà Mau cũ</bdi></td><td><bdi>82</bdi></td><td><bdi>42</bdi></td><td><bdi>0</bdi></td><td><bdi>51,2 %</bdi></td>`)
	assert.Contains(t, page, `<td><bdi>chờ tỉnh quyết định giữ chuẩn *</bdi></td><td><bdi>đạt chuẩn</bdi></td>`)
	assert.Contains(t, page, `<td><bdi>Xã Hồ Thị Kỷ (chưa đạt chuẩn)</bdi></td><td><bdi>giữ nguyên</bdi></td>`)
	en := write(t, rep, "en")
	assert.Contains(t, en, `<td><bdi>to be decided by the province *</bdi></td><td><bdi>recognised</bdi></td>`)
}
