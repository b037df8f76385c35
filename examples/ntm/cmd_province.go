package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules/catalog"
	"github.com/nongthonmoi/ntm/scoring"
)

// Shipped rulesets of the levels above the commune.
const (
	defaultDistrictRules = "vn/huyen-ntm-2016-2020.yaml"
	defaultTownRules     = "vn/thi-xa-tp-hoan-thanh-2016-2020.yaml"
	defaultAdvancedRules = "camau/xa-nang-cao-2018-2020.yaml"
	defaultModelRules    = "vn/xa-kieu-mau-2018-2020.yaml"
	sampleDistricts      = "camau-districts.csv"
	sampleTowns          = "964" // Thành phố Cà Mau: a provincial city, it "completes the task"
)

type provinceOpts struct {
	opts
	district, town, advanced, model string
	districts                       string
	towns                           string
}

func (po *provinceOpts) flags(c *cli) {
	c.fset.StringVar(&po.district, "district-rules", defaultDistrictRules, "rule file for rural districts (huyện)")
	c.fset.StringVar(&po.town, "town-rules", defaultTownRules, "rule file for provincial towns and cities")
	c.fset.StringVar(&po.advanced, "advanced-rules", defaultAdvancedRules, "rule file for advanced communes (\"\" to skip)")
	c.fset.StringVar(&po.model, "model-rules", defaultModelRules, "rule file for model communes (\"\" to skip)")
	c.fset.StringVar(&po.districts, "districts", "", "district-level data file; with neither data nor --rules, the embedded Cà Mau sample; otherwise none unless given")
	c.fset.StringVar(&po.towns, "towns", "", "comma-separated codes of the district-level units that are towns or cities (the sample: "+sampleTowns+"; \"\" for none)")
	c.emptyOK = map[string]bool{"towns": true}
}

// inputs settles the province's inputs: the sample's communes, districts and towns only when
// the user gave neither data nor a rule file; the defaults taken for the user's data are
// stated.
func (po *provinceOpts) inputs(e *env) int {
	sample := po.data == "" && po.rules == ""
	if sample {
		for _, f := range []string{"districts", "district-rules", "town-rules", "advanced-rules", "model-rules"} {
			if po.c.given(f) {
				po.c.fail("--%s given without the communes' data: give the data too (ntm %s DATA --%s …); the embedded sample is used only when no data or rule file is given", f, po.c.name, f)
				return exitUsage
			}
		}
	}
	if !sample && po.districts == "" {
		for _, f := range []string{"towns", "district-rules", "town-rules"} {
			if po.c.given(f) {
				po.c.fail("--%s applies to district-level data: give it with --districts", f)
				return exitUsage
			}
		}
	}
	if code := po.opts.inputs(e); code != exitOK {
		return code
	}
	if sample {
		if !po.c.given("towns") {
			po.towns = sampleTowns
		}
		return exitOK
	}
	// Cà Mau's advanced-commune set is the default only for Cà Mau's communes.
	if !po.c.given("advanced-rules") && po.rules != "" {
		if f, err := catalog.Locate(po.rules); err == nil && f.Entry.Ref() != defaultSchemeRuleset && f.Entry.Extends != defaultSchemeRuleset {
			po.advanced = ""
			e.note("không có bộ tiêu chí xã nâng cao của tỉnh: mức nâng cao không được đánh giá (chọn bằng --advanced-rules)",
				"no advanced-commune set for the province: the advanced level is not evaluated (choose one with --advanced-rules)")
		}
	}
	var dflt []string
	for _, x := range []struct{ flag, val, def string }{
		{"district-rules", po.district, defaultDistrictRules}, {"town-rules", po.town, defaultTownRules},
		{"advanced-rules", po.advanced, defaultAdvancedRules}, {"model-rules", po.model, defaultModelRules},
	} {
		if !po.c.given(x.flag) && x.val != "" {
			dflt = append(dflt, "--"+x.flag+" "+x.def)
		}
	}
	if len(dflt) > 0 {
		e.note("dùng mặc định: %s", "the defaults taken: %s", strings.Join(dflt, ", "))
	}
	if po.districts == "" {
		e.note("không có số liệu cấp huyện (--districts): chỉ đánh giá các xã", "no district-level data (--districts): only communes are evaluated")
	} else if po.towns == "" {
		e.note("không đơn vị cấp huyện nào được xét là thị xã, thành phố (kể tên bằng --towns)", "no district-level unit is treated as a town or city (name them with --towns)")
	}
	return exitOK
}

// townCodes checks that every code --towns names is a district-level unit of the data.
// townCodes reads --towns: the codes of the district-level units that are provincial towns.
func townCodes(list string) []string {
	var out []string
	for _, c := range strings.Split(list, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func compileRef(e *env, ref string) (*criteria.Program, *criteria.Ruleset, int) {
	if ref == "" {
		return nil, nil, exitOK
	}
	rs, code := loadRuleset(e, ref)
	if code != exitOK {
		return nil, nil, code
	}
	p, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return nil, nil, exitUsage
	}
	return p, rs, exitOK
}

// evaluateProvince evaluates one period of the communes and district-level units. It also
// returns every accepted commune of the data (all periods) and the commune program, for the
// demo's ranking against the previous year.
func evaluateProvince(ctx context.Context, e *env, po *provinceOpts) (*criteria.ProvinceResult, *tally, criteria.Period, int) {
	res, t, p, _, code := evaluateProvinceAll(ctx, e, po)
	return res, t, p, code
}

// provinceData is what evaluateProvinceAll read besides the result.
type provinceData struct {
	units   []*criteria.Unit // every accepted commune, all periods
	commune *criteria.Program
}

func evaluateProvinceAll(ctx context.Context, e *env, po *provinceOpts) (*criteria.ProvinceResult, *tally, criteria.Period, *provinceData, int) {
	var pv criteria.Province
	var code int
	var crs, drs *criteria.Ruleset
	if pv.Commune, crs, code = compileRef(e, po.rules); code != exitOK {
		return nil, nil, criteria.Period{}, nil, code
	}
	if pv.District, drs, code = compileRef(e, po.district); code != exitOK {
		return nil, nil, criteria.Period{}, nil, code
	}
	if pv.Town, _, code = compileRef(e, po.town); code != exitOK {
		return nil, nil, criteria.Period{}, nil, code
	}
	if pv.Advanced, _, code = compileRef(e, po.advanced); code != exitOK {
		return nil, nil, criteria.Period{}, nil, code
	}
	if pv.Model, _, code = compileRef(e, po.model); code != exitOK {
		return nil, nil, criteria.Period{}, nil, code
	}
	ds, code := readData(e, &po.opts, crs)
	if code != exitOK {
		return nil, nil, criteria.Period{}, nil, code
	}
	t := newTally(ds)
	p, code := onePeriod(e, &po.opts, periods(ds.Units))
	if code != exitOK {
		return nil, nil, p, nil, code
	}
	other := "periods other than " + p.String()
	communes := inPeriods(ds.Units, t, other, p)
	var districts []*criteria.Unit
	if drs != nil {
		var dds *data.DataSet
		switch {
		case po.districts != "":
			fsys, name, code := openData(e, po.districts)
			if code != exitOK {
				return nil, nil, p, nil, code
			}
			dds = readFile(fsys, name, "", drs)
			for i := range dds.Errors {
				if dds.Errors[i].File == name {
					dds.Errors[i].File = po.districts
				}
			}
		case po.sample():
			dds = data.ReadFile(sample.FS, sampleDistricts, drs)
		}
		if dds != nil {
			for _, x := range dds.Errors {
				fmt.Fprintln(e.err, x.Error())
			}
			if dds.Rows == 0 && len(dds.Errors) > 0 {
				e.errorf("the district-level data could not be read with %s", po.district)
				return nil, nil, p, nil, exitUsage
			}
			t.read += dds.Rows
			t.rejected += dds.Rejected
			t.problems += len(dds.Errors)
			if err := criteria.MarkTowns(dds.Units, townCodes(po.towns)...); err != nil {
				e.errorf("--towns: %v", err)
				return nil, nil, p, nil, exitUsage
			}
			districts = append(districts, inPeriods(dds.Units, t, other, p)...)
		}
	}
	res, err := pv.Evaluate(ctx, communes, districts)
	if err != nil {
		e.errorf("%v", err)
		return nil, nil, p, nil, exitUsage
	}
	for _, x := range res.Errors {
		fmt.Fprintln(e.err, x.Error())
	}
	t.evaluated = len(res.Communes) + len(res.Districts)
	t.rejected += len(communes) + len(districts) - t.evaluated
	return res, t, p, &provinceData{units: ds.Units, commune: pv.Commune}, exitOK
}

func standingLabel(lang, s string) string { return criteria.StandingLabel(s).In(lang) }

// lackLabel names what a unit lacks: an indicator by its id (2.2), a recognition condition by
// its name, shortened, since conditions have no number.
func lackLabel(s criteria.Shortfall, lang string) string {
	if !s.Criterion.IsZero() {
		return s.Indicator.ID()
	}
	return tr(lang, "điều kiện ", "condition ") + "“" + shorten(s.Indicator.Name().In(lang), 32) + "”"
}

// shorten cuts text at a word boundary to at most n characters, ending with "…" when it was
// cut (a word longer than n is cut inside).
func shorten(text string, n int) string {
	rs := []rune(text)
	if len(rs) <= n {
		return text
	}
	cut := n - 1
	for i := cut; i > 0; i-- {
		if rs[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(rs[:cut]), " ,;:—-") + "…"
}

func cmdProvince(ctx context.Context, e *env, args []string) int {
	var po provinceOpts
	c := newCLI(e, "province", "[DATA]", "DATA")
	po.addRules(c)
	po.addData(c)
	po.addLang(c)
	po.addFormat(c, "table, json, xlsx")
	po.flags(c)
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &po.data) != nil || !po.check(e, "table", "json", "xlsx") {
		return exitUsage
	}
	if code := po.inputs(e); code != exitOK {
		return code
	}
	res, t, p, code := evaluateProvince(ctx, e, &po)
	if code != exitOK {
		return code
	}
	if po.format == "json" {
		var communes, districts []*criteria.Result
		for _, c := range res.Communes {
			communes = append(communes, c.Result)
		}
		districts = res.Districts
		writeJSON(e, map[string]any{"format": "ntm.province/v1", "period": p, "communes": communes, "districts": districts})
	} else {
		printCommuneStandings(e, res, po.lang)
		fmt.Fprintln(e.out)
		printDistricts(e, res, po.lang)
	}
	return t.report(e)
}

func printCommuneStandings(e *env, res *criteria.ProvinceResult, lang string) {
	t := &table{header: []string{tr(lang, "Mã", "Code"), tr(lang, "Xã", "Commune"), tr(lang, "Huyện", "District"), tr(lang, "Tiêu chí đạt", "Criteria met"),
		tr(lang, "Mức", "Standing"), tr(lang, "Mức tiếp theo", "Next"), tr(lang, "Còn thiếu (gần nhất trước)", "Lacks (closest first)")}}
	t.right = []bool{false, false, false, true}
	unknown, notEvaluated := false, false
	for _, c := range res.Communes {
		r := c.Result
		var lacks []string
		for i, s := range c.Lacks {
			if i == 3 {
				lacks = append(lacks, fmt.Sprintf("+%d", len(c.Lacks)-3))
				break
			}
			l := lackLabel(s, lang)
			if s.Status == criteria.Unknown { // not known to be lacking: data or target missing
				l += "?"
				unknown = true
			}
			lacks = append(lacks, l)
		}
		next := ""
		if c.Next != "" {
			next = criteria.TitleLabel(c.Next).In(lang)
		}
		if c.NextError != "" && c.NextResult == nil {
			next += " (*)"
			notEvaluated = true
		}
		t.add(r.Unit.Code, r.Unit.Name, r.Unit.District, fmt.Sprintf("%d/%d", r.Met, len(r.Criteria)), standingLabel(lang, c.Standing), next, strings.Join(lacks, ", "))
	}
	_ = t.render(e.out, "table")
	if unknown {
		fmt.Fprintln(e.out, tr(lang, "?: chưa rõ đạt hay không (thiếu số liệu, hoặc bộ tiêu chí chưa có chỉ tiêu)",
			"?: not known to be met or not (data missing, or no target in the ruleset)"))
	}
	if notEvaluated {
		fmt.Fprintln(e.out, tr(lang, "(*): mức tiếp theo chưa đánh giá được (chưa có bộ tiêu chí của mức đó: --advanced-rules, --model-rules)",
			"(*): the next level could not be evaluated (no ruleset for it: --advanced-rules, --model-rules)"))
	}
}

func printDistricts(e *env, res *criteria.ProvinceResult, lang string) {
	if len(res.Districts) == 0 {
		return
	}
	t := &table{header: []string{tr(lang, "Mã", "Code"), tr(lang, "Đơn vị cấp huyện", "District-level unit"), tr(lang, "Xét", "Assessed for"),
		tr(lang, "Xã đạt chuẩn", "Communes recognised"), tr(lang, "Tiêu chí đạt", "Criteria met"), tr(lang, "Đủ điều kiện", "Eligible"), tr(lang, "Còn thiếu", "Lacks")}}
	for _, d := range res.Districts {
		rec := 0
		for _, m := range d.Unit.Members {
			if m.Recognised() {
				rec++
			}
		}
		var lacks []string
		for _, s := range d.Shortfalls() {
			item := lackLabel(s, lang)
			if s.Check.HasGap {
				item += " (" + s.Check.Describe(lang) + ")"
			}
			lacks = append(lacks, item)
		}
		t.add(d.Unit.Code, d.Unit.Name, criteria.TitleLabel(string(d.Ruleset.Level())).In(lang), strconv.Itoa(rec)+"/"+strconv.Itoa(len(d.Unit.Members)), fmt.Sprintf("%d/%d", d.Met, len(d.Criteria)),
			truth(lang, d.Eligible), strings.Join(lacks, "; "))
	}
	_ = t.render(e.out, "table")
}

func cmdDemo(ctx context.Context, e *env, args []string) int {
	var po provinceOpts
	c := newCLI(e, "demo", "[DATA]", "DATA")
	po.addRules(c)
	po.addData(c)
	po.addLang(c)
	po.flags(c)
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "data", &po.data) != nil || !po.check(e) {
		return exitUsage
	}
	if code := po.inputs(e); code != exitOK {
		return code
	}
	sample := po.sample()
	res, t, p, pd, code := evaluateProvinceAll(ctx, e, &po)
	if code != exitOK {
		return code
	}
	if sample {
		fmt.Fprintln(e.out, tr(po.lang, "Dữ liệu mẫu Cà Mau là số liệu giả lập: chỉ các số tổng theo số liệu đã công bố.",
			"The Cà Mau sample data is synthetic: only its totals follow published figures."))
		fmt.Fprintln(e.out)
	}
	if len(res.Communes) == 0 {
		e.errorf("no commune of period %s could be evaluated", p)
		t.report(e)
		return exitFindings
	}
	if !sample {
		e.note("thang điểm: %s (mặc định của lệnh chạy thử)", "scheme: %s (the default of the demo)", defaultScheme)
	}
	sc, rs, code := loadScheme(e, defaultScheme, po.rules, false)
	if code != exitOK {
		return code
	}
	var results []*criteria.Result
	for _, c := range res.Communes {
		results = append(results, c.Result)
	}
	fmt.Fprintf(e.out, "%s — %s %s\n\n", results[0].Ruleset.Title().In(po.lang), tr(po.lang, "kỳ", "period"), p)
	printCommuneStandings(e, res, po.lang)
	fmt.Fprintln(e.out)
	inputs, err := sc.InputsOf(results, nil)
	if err != nil {
		return reportLoadError(e, err)
	}
	if bands, err := sc.Bands(inputs); err == nil {
		_ = bandsTable(bands, po.lang).render(e.out, "table")
		fmt.Fprintln(e.out)
	}
	printDistricts(e, res, po.lang)
	fmt.Fprintln(e.out)
	// The ranking is the one rank gives for the period: with progress points against the
	// latest whole year before it, when the data has one.
	var ropts []scoring.Option
	if prev, ok := wholeYearBefore(periods(pd.units), p); ok {
		var before []scoring.Input
		var v criteria.Verdicts
		for _, u := range pd.units {
			if u.Period != prev {
				continue
			}
			if pd.commune.Verdicts(ctx, u, &v) != nil {
				continue // reported with the period's own errors when it is evaluated; never scored
			}
			if in, err := sc.Input(pd.commune, u, &v); err == nil {
				before = append(before, in)
			}
		}
		ropts = append(ropts, scoring.WithPrevious(before))
	}
	if rk, err := sc.Rank(inputs, ropts...); err == nil {
		rankingHeading(e.out, sc, rs.Title, rk, po.lang)
		_ = writeRanking(e.out, rk, po.lang, 3, "table")
		fmt.Fprintln(e.out)
	} else {
		return reportLoadError(e, err)
	}
	if goals, err := sc.Goals(inputs); err == nil {
		printGoals(e, goals, po.lang)
	}
	return t.report(e)
}
