package data_test

import (
	"context"
	"fmt"

	"github.com/nongthonmoi/ntm/criteria"
	datafile "github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
)

// The embedded sample reads like any data file. Its values are synthetic; only the province
// totals follow published figures.
func Example() {
	rs, _ := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	prog, _ := rs.Compile()
	ds := datafile.ReadFile(data.FS, "camau-communes.csv", rs)
	fmt.Println(len(ds.Units), "rows, errors:", ds.Err())
	recognised := 0
	for _, u := range ds.Units {
		if u.Period.String() != "2020" {
			continue
		}
		res, _ := prog.Evaluate(context.Background(), u)
		if res.Recognised() {
			recognised++
		}
	}
	fmt.Println("recognised at the end of 2020:", recognised, "of 82")
	// Output:
	// 492 rows, errors: <nil>
	// recognised at the end of 2020: 42 of 82
}
