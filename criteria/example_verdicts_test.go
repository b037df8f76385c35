package criteria_test

import (
	"context"
	"fmt"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
)

// Decide many units on the verdict-only path, as a data file streams them: one Verdicts,
// reused, allocates nothing per unit.
func ExampleProgram_Verdicts() {
	rs, _ := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	prog, _ := rs.Compile()
	r, err := data.Open(sample.FS, "camau-communes.csv", rs)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	ctx := context.Background()
	var v criteria.Verdicts
	allMet, recognised := 0, 0
	notMet := make([]int, len(prog.Criteria()))
	for r.Next() {
		u := r.Unit()
		if u.Period != (criteria.Period{Year: 2020}) {
			continue
		}
		if err := prog.Verdicts(ctx, u, &v); err != nil {
			fmt.Println(err)
			return
		}
		if v.AllMet == criteria.Yes {
			allMet++
		}
		if v.Recognised {
			recognised++
		}
		for i := 0; i < v.Criteria(); i++ {
			if v.Criterion(i) == criteria.NotMet {
				notMet[i]++
			}
		}
	}
	i, _ := prog.CriterionIndex("17")
	fmt.Println("all 19 met:", allMet, "recognised:", recognised)
	fmt.Printf("criterion %s (%s) not met: %d\n", prog.Criteria()[i].ID(), prog.Criteria()[i].Name().EN, notMet[i])
	// Output:
	// all 19 met: 41 recognised: 42
	// criterion 17 (Environment and food safety) not met: 24
}

// Explain units into one reused Result: read what you need before the next call.
func ExampleProgram_Explain() {
	rs, _ := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	prog, _ := rs.Compile()
	ds := data.ReadFile(sample.FS, "camau-communes.csv", rs)
	var res criteria.Result
	for _, u := range ds.Units {
		if u.Code != "32069" || u.Period != (criteria.Period{Year: 2020}) {
			continue
		}
		if err := prog.Explain(context.Background(), u, &res); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(res.Unit.Name, "met", res.Met, "of", len(res.Criteria), "slipped:", res.Slipped)
		for _, s := range res.Shortfalls() {
			fmt.Printf("  %s: %s %s %s\n", s.Indicator.ID(), s.Check.Value, s.Check.Op(), s.Check.Target().Value)
		}
	}
	// Output:
	// Tân Bằng met 18 of 19 slipped: yes
	//   17.1: 93.4352 >= 95
	//   17.6: 77.5392 >= 85
	//   in_district_plan: false == true
}
