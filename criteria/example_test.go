package criteria_test

import (
	"context"
	"fmt"
	"os"

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
		fmt.Printf("%s %s: %s\n", c.Criterion.ID, c.Criterion.Name.EN, c.Status)
	}
	ind, _ := res.Indicator("1.1")
	for _, ch := range ind.Checks {
		fmt.Printf("  %s: %s %s %s → %s\n", ch.Check.ID, ch.Value, ch.Op(), ch.Target.Value, ch.Status)
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
		fmt.Printf("%s/%s %s: value %s, target %s %s, gap %s\n", s.Indicator.ID, c.Check.ID, s.Status, c.Value, c.Op(), c.Target.Value, c.Gap)
	}
	// Output:
	// 2/1 not_met: value 49.5, target >= 50, gap 0.5
	// 1.1/hygienic not_met: value 93, target >= 95, gap 2
	// 1.1/clean not_met: value 40, target >= 57, gap 17
	// 3/1 unknown: value —, target == true, gap 0
	// no_debt/1 unknown: value —, target <= 0, gap 0
}
