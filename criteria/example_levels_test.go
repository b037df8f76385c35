package criteria_test

import (
	"context"
	"fmt"
	"os"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

// Evaluate hamlets, communes and the province in one run: each commune's gate reads the share
// of its hamlets meeting the hamlet criteria, and the province the share of its communes
// eligible. There are no districts: the communes count in the province.
func ExampleRollup() {
	fsys := os.DirFS("testdata/levels")
	var run []criteria.LevelUnits
	for _, name := range []string{"thon", "xa", "tinh"} {
		rs, err := criteria.Load(fsys, name+".yaml")
		if err != nil {
			fmt.Println(err)
			return
		}
		prog, err := rs.Compile()
		if err != nil {
			fmt.Println(err)
			return
		}
		ds := data.ReadFile(fsys, name+".csv", rs)
		run = append(run, criteria.LevelUnits{Program: prog, Units: ds.Units})
	}
	out, err := criteria.Rollup(context.Background(), run...)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, lv := range out.Levels {
		for i, r := range lv.Results {
			if lv.Level == criteria.LevelHamlet && r.Unit.Code != "A08" {
				continue
			}
			fmt.Printf("%s %s: %d members, eligible %s, counts in %q\n", lv.Name.In("en"), r.Unit.Code, len(r.Unit.Members), r.Eligible, lv.CountsIn[i])
		}
	}
	for _, e := range out.Errors {
		fmt.Println(e.Code, e.Message)
	}
	// Output:
	// hamlet A08: 0 members, eligible yes, counts in ""
	// commune X1: 3 members, eligible yes, counts in "96"
	// commune X2: 3 members, eligible no, counts in "96"
	// commune X3: 1 members, eligible yes, counts in "96"
	// province 96: 3 members, eligible yes, counts in ""
	// W-PARENT hamlet A08 belongs to commune "X9", which is not in the run: it counts in none
}

// A ruleset written in Indonesian gives its own words; a word it lacks comes in English, and
// Word says so.
func ExampleRuleset_Word() {
	rs, err := criteria.Load(os.DirFS("testdata/language"), "desa.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rs.Language, rs.UnitWord("id"), rs.UnitWord("en"), rs.Ancestors(rs.Level))
	for _, key := range []string{"met", "criteria_met", "inferred"} {
		w, ok := rs.Word(key, "id")
		fmt.Printf("%s: %q (in id: %v)\n", key, w, ok)
	}
	// Output:
	// id desa village [kabupaten provinsi]
	// met: "tercapai" (in id: true)
	// criteria_met: "Kriteria tercapai" (in id: true)
	// inferred: "inferred" (in id: false)
}
