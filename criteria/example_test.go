package criteria_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

// Load the Cà Mau file, which extends the Front's layer, which extends the national set.
func ExampleLoad() {
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	indicators := 0
	for _, c := range rs.Criteria {
		indicators += len(c.Indicators)
	}
	fmt.Println(rs.Ref(), "illustrative:", rs.Illustrative)
	fmt.Println(len(rs.Criteria), "criteria,", indicators, "indicators")
	fmt.Println("extends", rs.Base.Ref(), "which extends", rs.Base.Base.Ref())
	c, _ := rs.Criterion("17")
	fmt.Println(c.Name.VI, "/", c.Name.EN, "— Front:", c.Annotation("front"))
	// Output:
	// camau.xa-ntm@2016-2020 illustrative: true
	// 19 criteria, 49 indicators
	// extends vn.mttq-xa-ntm@2016-2020 which extends vn.xa-ntm@2016-2020
	// Môi trường và an toàn thực phẩm / Environment and food safety — Front: direct
}

// Evaluate a commune and read the explained verdict of one check.
func ExampleProgram_Evaluate() {
	rs, _ := criteria.Load(os.DirFS("testdata"), "mini/base.yaml")
	prog, _ := rs.Compile()
	v := rs.NewValues()
	for field, value := range map[string]string{
		"households_total": "2000", "households_hygienic": "1900", "households_clean": "1100",
		"income": "52.5", "has_market_in_plan": "không", "debt": "0",
	} {
		if err := v.SetString(field, value); err != nil {
			fmt.Println(err)
		}
	}
	res, err := prog.Evaluate(context.Background(), &criteria.Unit{
		Code: "32221", Name: "Tân Hải", Region: "south", Period: criteria.Period{Year: 2020}, Values: v,
		History: []criteria.Recognition{{Level: "ntm", Year: 2015}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Criteria {
		fmt.Printf("%s %s: %s\n", c.Criterion.ID(), c.Criterion.Name().EN, c.Status)
	}
	ind, _ := res.Indicator("1.1")
	for _, ch := range ind.Checks {
		fmt.Printf("  %s: %s %s %s → %s\n", ch.Check.ID(), ch.Value, ch.Op(), ch.Target().Value, ch.Status)
	}
	fmt.Println("all met:", res.AllMet, "eligible:", res.Eligible, "recognised:", res.Recognised(), "slipped:", res.Slipped)
	// Output:
	// 1 Water: not_met
	// 2 Income: met
	// 3 Market: met
	//   hygienic: 95 >= 95 → met
	//   clean: 55 >= 57 → not_met
	// all met: no eligible: no recognised: true slipped: yes
}

// Shortfalls say what a unit lacks, closest to being met first.
func ExampleResult_Shortfalls() {
	rs, _ := criteria.Load(os.DirFS("testdata"), "mini/base.yaml")
	prog, _ := rs.Compile()
	v := rs.NewValues()
	_ = v.SetString("households_total", "100")
	_ = v.SetString("households_hygienic", "93")
	_ = v.SetString("households_clean", "40")
	_ = v.SetString("income", "49.5")
	res, _ := prog.Evaluate(context.Background(), &criteria.Unit{Code: "1", Region: "south", Period: criteria.Period{Year: 2020}, Values: v})
	for _, s := range res.Shortfalls() {
		c := s.Check
		fmt.Printf("%s/%s %s: value %s, target %s %s, gap %s\n", s.Indicator.ID(), c.Check.ID(), s.Status, c.Value, c.Op(), c.Target().Value, c.Gap)
	}
	// Output:
	// 2/1 not_met: value 49.5, target >= 50, gap 0.5
	// 1.1/hygienic not_met: value 93, target >= 95, gap 2
	// 1.1/clean not_met: value 40, target >= 57, gap 17
	// 3/1 unknown: value —, target == true, gap 0
	// no_debt/1 unknown: value —, target <= 0, gap 0
}

// List what the project ships, with versions.
func ExampleList() {
	entries, err := criteria.List(rules.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range entries {
		if e.Format == criteria.FormatRules {
			fmt.Printf("%-42s %s\n", e.Path, e.Ref())
		}
	}
	// Output:
	// camau/xa-nang-cao-2018-2020.yaml           camau.xa-nang-cao@2018-2020
	// camau/xa-ntm-2016-2020.yaml                camau.xa-ntm@2016-2020
	// vn/huyen-ntm-2016-2020.yaml                vn.huyen-ntm@2016-2020
	// vn/huyen-ntm-2021-2025.yaml                vn.huyen-ntm@2021-2025
	// vn/mttq-xa-ntm-2016-2020.yaml              vn.mttq-xa-ntm@2016-2020
	// vn/thi-xa-tp-hoan-thanh-2016-2020.yaml     vn.thi-xa-tp-ntm@2016-2020
	// vn/xa-kieu-mau-2018-2020.yaml              vn.xa-kieu-mau@2018-2020
	// vn/xa-kieu-mau-2021-2025.yaml              vn.xa-kieu-mau@2021-2025
	// vn/xa-ntm-2016-2020.yaml                   vn.xa-ntm@2016-2020
	// vn/xa-ntm-2021-2025.yaml                   vn.xa-ntm@2021-2025
	// vn/xa-ntm-2026-2030.yaml                   vn.xa-ntm@2026-2030
}

// Evaluate a whole province: communes, then district-level units with their communes.
func ExampleProvince_Evaluate() {
	load := func(path string) *criteria.Program {
		rs, err := criteria.Load(rules.FS, path)
		if err != nil {
			panic(err)
		}
		p, _ := rs.Compile()
		return p
	}
	pv := criteria.Province{Commune: load("camau/xa-ntm-2016-2020.yaml"), Town: load("vn/thi-xa-tp-hoan-thanh-2016-2020.yaml")}
	cf, _ := criteria.LoadCases(rules.FS, "camau/xa-ntm-2016-2020.cases.yaml")
	var communes []*criteria.Unit
	for i, code := range []string{"32023", "32026"} {
		u, _ := cf.Unit(&criteria.Case{Name: code, From: "all_met", Code: code, District: "964", Region: "dbscl", Period: criteria.Period{Year: 2020}}, pv.Commune.Ruleset())
		if i == 0 {
			u.History = []criteria.Recognition{{Level: "ntm", Year: 2018}}
		}
		communes = append(communes, u)
	}
	city := &criteria.Unit{Code: "964", Name: "Thành phố Cà Mau", Level: criteria.LevelTown, Region: "dbscl",
		Period: criteria.Period{Year: 2020}, Values: pv.Town.Ruleset().NewValues()}
	res, _ := pv.Evaluate(context.Background(), communes, []*criteria.Unit{city})
	for _, c := range res.Communes {
		fmt.Println(c.Result.Unit.Code, c.Standing, "→", c.Next)
	}
	d := res.Districts[0]
	fmt.Println(d.Unit.Name, len(d.Unit.Members), "communes; criteria met:", d.Met, "of", len(d.Criteria))
	// Output:
	// 32023 recognised → advanced
	// 32026 eligible → ntm
	// Thành phố Cà Mau 2 communes; criteria met: 0 of 1
}

// Boundary cases: at every target, just past it and with the value missing, built on a case
// file's all_met fixture; each must give the verdict it expects.
func ExampleCaseFile_Boundaries() {
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	if err != nil {
		panic(err)
	}
	prog, err := rs.Compile()
	if err != nil {
		panic(err)
	}
	cf, err := criteria.LoadCases(rules.FS, "camau/xa-ntm-2016-2020.cases.yaml")
	if err != nil {
		panic(err)
	}
	cases, _, err := cf.Boundaries(prog)
	if err != nil {
		panic(err)
	}
	wrong := 0
	for _, bc := range cases {
		if got, _, err := bc.Run(context.Background(), prog); err != nil || got != bc.Want {
			wrong++
		}
	}
	fmt.Println(len(cases) > 100, "boundary cases,", wrong, "wrong")
	// Output: true boundary cases, 0 wrong
}

// What a reader sees of the same shortfalls: the value and what the check asks, with the
// check's unit when it has one (this small ruleset gives none), in Vietnamese or English; a
// commune's standing and its next title by their labels.
func ExampleCheckResult_Describe() {
	rs, _ := criteria.Load(os.DirFS("testdata"), "mini/base.yaml")
	prog, _ := rs.Compile()
	v := rs.NewValues()
	_ = v.SetString("households_total", "100")
	_ = v.SetString("households_hygienic", "93")
	_ = v.SetString("households_clean", "40")
	_ = v.SetString("income", "49.5")
	res, _ := prog.Evaluate(context.Background(), &criteria.Unit{Code: "1", Region: "south", Period: criteria.Period{Year: 2020}, Values: v})
	for _, s := range res.Shortfalls()[:3] {
		fmt.Printf("%s: %s | %s\n", s.Indicator.ID(), s.Check.Describe("vi"), s.Check.Describe("en"))
	}
	fmt.Println(criteria.StandingLabel(criteria.StandingInProgress).VI, "→", criteria.TitleLabel("ntm").VI)
	// Output:
	// 2: 49,5 — cần ≥ 50 | 49.5 — needs ≥ 50
	// 1.1: 93 — cần ≥ 95 | 93 — needs ≥ 95
	// 1.1: 40 — cần ≥ 57 | 40 — needs ≥ 57
	// đang xây dựng → đạt chuẩn nông thôn mới
}

// What a province's file changes, as a reader reads it.
func ExampleDeviation_What() {
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	if err != nil {
		panic(err)
	}
	for _, d := range rs.Deviations() {
		if d.Layer == rs.Ref() && d.Kind == "target_changed" && strings.Contains(d.Path, "indicator 2.3") {
			before, after := d.Values("vi")
			fmt.Printf("%s: %s → %s (%s)\n", d.What("vi"), before, after, d.EffectLabel("vi"))
		}
	}
	// Output:
	// chỉ tiêu 2.3 Tỷ lệ km đường ngõ, xóm sạch và không lầy lội › Đồng bằng sông Cửu Long: ≥ 100 % (theo văn bản trước) → ≥ 100 % (chưa kiểm chứng) (như cũ)
	// chỉ tiêu 2.3 Tỷ lệ km đường ngõ, xóm được cứng hóa › Đồng bằng sông Cửu Long: chưa có → ≥ 30 % (chưa kiểm chứng) (bổ sung ô còn trống)
}
