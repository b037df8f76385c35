package criteria_test

import (
	"context"
	"fmt"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
)

// Who a rule change affects: Cà Mau's 2020 income bar raised from 50 to 55, on varied communes.
func ExampleImpact() {
	base, _ := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	raised, _ := criteria.Parse("tinh-x.yaml", []byte(raisedIncome), criteria.WithBase(rules.FS))
	pa, _ := base.Compile()
	pb, _ := raised.Compile()
	units, _ := gen.Varied(pa, 200, gen.Seed, criteria.Period{Year: 2020})
	rep, err := criteria.Impact(context.Background(), pa, pb, units)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d of %d communes change; all met %d → %d\n", len(rep.Impacts), rep.Units, rep.AllMet[0], rep.AllMet[1])
	fmt.Println(rep.Impacts[0].Flips[0].Describe("en"))
	// Output:
	// 113 of 200 communes change; all met 100 → 31
	// 10 met → not met (51.9; ≥ 50 triệu đồng/người/năm → ≥ 55 triệu đồng/người/năm)
}

// A greedy plan: which indicators, improved in turn, bring the most communes to all 19 criteria.
func ExampleMakePlan() {
	rs, _ := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	prog, _ := rs.Compile()
	units, _ := gen.Varied(prog, 200, gen.Seed, criteria.Period{Year: 2020})
	var results []*criteria.Result
	for _, u := range units {
		r, _ := prog.Evaluate(context.Background(), u)
		results = append(results, r)
	}
	pl, err := criteria.MakePlan(results, 0, 3)
	if err != nil {
		panic(err)
	}
	fmt.Printf("threshold %d: %d of %d already\n", pl.Threshold, pl.Already, pl.Units)
	for _, s := range pl.Steps {
		fmt.Printf("%s: +%d → %d\n", s.Indicator.ID(), len(s.Lifted), s.Total)
	}
	// Output:
	// threshold 19: 100 of 200 already
	// 5: +6 → 106
	// 17.1: +2 → 108
	// 17.4: +2 → 110
}
