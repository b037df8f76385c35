package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	sample "github.com/nongthonmoi/ntm/examples/data"
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

func (po *provinceOpts) flags(fset interface {
	StringVar(*string, string, string, string)
}) {
	fset.StringVar(&po.district, "district-rules", defaultDistrictRules, "rule file for rural districts (huyện)")
	fset.StringVar(&po.town, "town-rules", defaultTownRules, "rule file for provincial towns and cities")
	fset.StringVar(&po.advanced, "advanced-rules", defaultAdvancedRules, "rule file for advanced communes (\"\" to skip)")
	fset.StringVar(&po.model, "model-rules", defaultModelRules, "rule file for model communes (\"\" to skip)")
	fset.StringVar(&po.districts, "districts", "", "district-level data file; default: the embedded Cà Mau sample")
	fset.StringVar(&po.towns, "towns", sampleTowns, "comma-separated codes of the district-level units that are towns or cities")
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

// evaluateProvince evaluates one period of the communes and district-level units.
func evaluateProvince(ctx context.Context, e *env, po *provinceOpts) (*criteria.ProvinceResult, *criteria.DataSet, criteria.Period, int) {
	var pv criteria.Province
	var code int
	var crs, drs *criteria.Ruleset
	if pv.Commune, crs, code = compileRef(e, po.rules); code != exitOK {
		return nil, nil, criteria.Period{}, code
	}
	if pv.District, drs, code = compileRef(e, po.district); code != exitOK {
		return nil, nil, criteria.Period{}, code
	}
	if pv.Town, _, code = compileRef(e, po.town); code != exitOK {
		return nil, nil, criteria.Period{}, code
	}
	if pv.Advanced, _, code = compileRef(e, po.advanced); code != exitOK {
		return nil, nil, criteria.Period{}, code
	}
	if pv.Model, _, code = compileRef(e, po.model); code != exitOK {
		return nil, nil, criteria.Period{}, code
	}
	ds, code := readData(e, &po.opts, crs)
	if code != exitOK {
		return nil, nil, criteria.Period{}, code
	}
	communes, p, ok := selectPeriod(e, ds.Units, po.period)
	if !ok {
		return nil, nil, p, exitUsage
	}
	var districts []*criteria.Unit
	if drs != nil {
		var dds *criteria.DataSet
		if po.districts == "" {
			if _, err := fs.Stat(sample.FS, sampleDistricts); err == nil {
				dds = criteria.ReadFile(sample.FS, sampleDistricts, drs)
			}
		} else {
			if _, err := os.Stat(po.districts); err != nil {
				e.errorf("cannot read %s: %v", po.districts, unwrap(err))
				return nil, nil, p, exitUsage
			}
			abs, _ := filepath.Abs(po.districts)
			dds = criteria.ReadFile(os.DirFS(filepath.Dir(abs)), filepath.Base(abs), drs)
		}
		if dds != nil {
			for _, x := range dds.Errors {
				fmt.Fprintln(e.err, x.Error())
			}
			ds.Rows += dds.Rows
			ds.Rejected += dds.Rejected
			towns := strings.Split(po.towns, ",")
			for _, u := range dds.Units {
				if u.Period != p {
					continue
				}
				if contains(towns, u.Code) {
					u.Level = criteria.LevelTown
				}
				districts = append(districts, u)
			}
		}
	}
	res, err := pv.Evaluate(ctx, communes, districts)
	if err != nil {
		e.errorf("%v", err)
		return nil, nil, p, exitUsage
	}
	for _, x := range res.Errors {
		fmt.Fprintln(e.err, x.Error())
	}
	return res, ds, p, exitOK
}

var standingLabels = map[string][2]string{
	criteria.StandingModel:      {"kiểu mẫu", "model"},
	criteria.StandingAdvanced:   {"nâng cao", "advanced"},
	criteria.StandingRecognised: {"đạt chuẩn", "recognised"},
	criteria.StandingSlipped:    {"đạt chuẩn, rớt tiêu chí", "recognised, slipped"},
	criteria.StandingEligible:   {"đủ điều kiện công nhận", "eligible"},
	criteria.StandingAllMet:     {"đạt 19 tiêu chí, thiếu điều kiện", "all met, a condition missing"},
	criteria.StandingInProgress: {"đang xây dựng", "in progress"},
}

func standingLabel(lang, s string) string {
	l := standingLabels[s]
	return tr(lang, l[0], l[1])
}

func cmdProvince(ctx context.Context, e *env, args []string) int {
	var po provinceOpts
	fset := newFlags(e, "province", "")
	po.addRules(fset)
	po.addData(fset)
	po.addLang(fset)
	po.addFormat(fset, "table, json")
	po.flags(fset)
	if fset.Parse(args) != nil || !po.check(e, "table", "json") {
		return exitUsage
	}
	res, ds, p, code := evaluateProvince(ctx, e, &po)
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
	return summarise(e.err, ds, len(res.Communes)+len(res.Districts), len(res.Errors))
}

func printCommuneStandings(e *env, res *criteria.ProvinceResult, lang string) {
	t := &table{header: []string{tr(lang, "Mã", "Code"), tr(lang, "Xã", "Commune"), tr(lang, "Huyện", "District"), tr(lang, "Tiêu chí đạt", "Criteria met"),
		tr(lang, "Mức", "Standing"), tr(lang, "Mức tiếp theo", "Next"), tr(lang, "Còn thiếu (gần nhất trước)", "Lacks (closest first)")}}
	t.right = []bool{false, false, false, true}
	for _, c := range res.Communes {
		r := c.Result
		var lacks []string
		for i, s := range c.Lacks {
			if i == 3 {
				lacks = append(lacks, fmt.Sprintf("+%d", len(c.Lacks)-3))
				break
			}
			lacks = append(lacks, s.Indicator.ID)
		}
		next := c.Next
		if c.NextError != "" && c.NextResult == nil {
			next += " (" + tr(lang, "chưa đánh giá", "not evaluated") + ")"
		}
		t.add(r.Unit.Code, r.Unit.Name, r.Unit.District, fmt.Sprintf("%d/%d", r.Met, len(r.Criteria)), standingLabel(lang, c.Standing), next, strings.Join(lacks, ", "))
	}
	_ = t.render(e.out, "table")
}

func printDistricts(e *env, res *criteria.ProvinceResult, lang string) {
	if len(res.Districts) == 0 {
		return
	}
	t := &table{header: []string{tr(lang, "Mã", "Code"), tr(lang, "Đơn vị cấp huyện", "District-level unit"), tr(lang, "Bộ tiêu chí", "Ruleset"),
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
			item := s.Indicator.ID
			if s.Check.HasGap {
				item += fmt.Sprintf(" (%s %s %s)", s.Check.Value, s.Check.Op(), s.Check.Target.Value)
			}
			lacks = append(lacks, item)
		}
		t.add(d.Unit.Code, d.Unit.Name, d.Ruleset.ID, strconv.Itoa(rec)+"/"+strconv.Itoa(len(d.Unit.Members)), fmt.Sprintf("%d/%d", d.Met, len(d.Criteria)),
			truth(lang, d.Eligible), strings.Join(lacks, "; "))
	}
	_ = t.render(e.out, "table")
}

func cmdDemo(ctx context.Context, e *env, args []string) int {
	var po provinceOpts
	fset := newFlags(e, "demo", "")
	po.addRules(fset)
	po.addData(fset)
	po.addLang(fset)
	po.flags(fset)
	if fset.Parse(args) != nil || !po.check(e) {
		return exitUsage
	}
	fmt.Fprintln(e.out, tr(po.lang, "Dữ liệu mẫu Cà Mau là số liệu tổng hợp (synthetic): chỉ các số tổng theo số liệu đã công bố.",
		"The Cà Mau sample data is synthetic: only its totals follow published figures."))
	fmt.Fprintln(e.out)
	res, ds, p, code := evaluateProvince(ctx, e, &po)
	if code != exitOK {
		return code
	}
	sc, _, code := loadScheme(e, defaultScheme, po.rules)
	if code != exitOK {
		return code
	}
	var results []*criteria.Result
	for _, c := range res.Communes {
		results = append(results, c.Result)
	}
	fmt.Fprintf(e.out, "%s — %s %s\n\n", results[0].Ruleset.Title.In(po.lang), tr(po.lang, "kỳ", "period"), p)
	printCommuneStandings(e, res, po.lang)
	fmt.Fprintln(e.out)
	if bands, err := sc.Bands(results); err == nil {
		_ = bandsTable(bands, po.lang).render(e.out, "table")
		fmt.Fprintln(e.out)
	}
	printDistricts(e, res, po.lang)
	fmt.Fprintln(e.out)
	if rk, err := sc.Rank(results); err == nil {
		fmt.Fprintf(e.out, "%s — %s\n", sc.Title.In(po.lang), rk.Rule.Subject.Label(po.lang))
		_ = rankingTable(rk, po.lang, 3).render(e.out, "table")
		fmt.Fprintln(e.out)
	} else {
		return reportLoadError(e, err)
	}
	if goals, err := sc.Goals(results); err == nil {
		printGoals(e, goals, po.lang)
	}
	return summarise(e.err, ds, len(res.Communes)+len(res.Districts), len(res.Errors))
}
