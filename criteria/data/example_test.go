package data_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

func ExampleRead() {
	rs, err := criteria.Load(os.DirFS("../testdata"), "mini/base.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	text := `code,name,region,period,history,households_total,households_clean,income,has_market_in_plan
32221,Tân Hải,south,2020,ntm@2015#123/QĐ-UBND,1000,700,52.5,có
32222,Phú Mỹ,south,2020,,800,,47.2,không
32223,Tân Hưng,suoth,2020,,0,10,abc,có
`
	ds := data.Read(strings.NewReader(text), "communes.csv", data.CSV, rs)
	fmt.Printf("%d rows, %d units, %d rejected\n", ds.Rows, len(ds.Units), ds.Rejected)
	for _, u := range ds.Units {
		income, _ := u.Values.Get("income")
		clean, _ := u.Values.Get("households_clean")
		fmt.Printf("%s %s (%s, %s): income %s, clean water %s, history %d, from %s\n",
			u.Code, u.Name, u.Region, u.Period, income, clean, len(u.History), u.Source)
	}
	fmt.Print(ds.Errors.Lines())
	// Output:
	// 3 rows, 2 units, 1 rejected
	// 32221 Tân Hải (south, 2020): income 52.5, clean water 700, history 1, from communes.csv:2
	// 32222 Phú Mỹ (south, 2020): income 47.2, clean water —, history 0, from communes.csv:3
	// communes.csv:4:3: row 4 › column region: unknown region "suoth": expected one of north, south (did you mean "south"?) [E-DATA]
	// communes.csv:4:6: row 4 › column households_total: field "households_total": 0 is outside the plausible range [1, 100000] [E-DATA-RANGE]
	// communes.csv:4:8: row 4 › column income: field "income" (number): "abc" is not a number with a decimal point, e.g. 47.5 [E-DATA]
}

// A file read as a stream: one reused unit at a time, rejected rows as positioned errors,
// and counts that add up.
func ExampleOpen() {
	rs, err := criteria.Load(os.DirFS("../testdata"), "mini/base.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	_ = os.WriteFile(dir+"/communes.csv", []byte("code,region,period,households_total,income\n"+
		"A,south,2020,1000,52.5\nB,south,2020,800,x\nC,north,2020,900,47\n"), 0o644)
	r, err := data.Open(os.DirFS(dir), "communes.csv", rs)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for r.Next() {
		u := r.Unit() // reused by the next call: u.Clone() to keep it
		fmt.Println(u.Code, u.Region)
	}
	fmt.Print(r.TakeErrors().Lines())
	n := r.Counts()
	fmt.Println(n.Rows, "rows =", n.Accepted, "accepted +", n.Rejected, "rejected")
	// Output:
	// A south
	// C north
	// communes.csv:3:5: row 3 › column income: field "income" (number): "x" is not a number with a decimal point, e.g. 47.5 [E-DATA]
	// 3 rows = 2 accepted + 1 rejected
}
