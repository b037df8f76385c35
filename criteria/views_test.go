package criteria_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
)

// TestViewsDescribeTheProgram checks the views a writer reads to describe a program without a
// result: each criterion's indicators are the program's indicators in order, each indicator's
// checks are those its results explain, the regions and years are those a unit may have, and
// the hash is the one results carry.
func TestViewsDescribeTheProgram(t *testing.T) {
	_, prog, units := camauSample(t)
	res, err := prog.Evaluate(context.Background(), units[0])
	if err != nil {
		t.Fatal(err)
	}
	all := prog.Indicators()
	n := 0
	for i, c := range prog.Criteria() {
		inds := c.Indicators()
		if len(inds) != len(res.Criteria[i].Indicators) {
			t.Fatalf("criterion %s: %d indicators, its result %d", c.ID(), len(inds), len(res.Criteria[i].Indicators))
		}
		for j, ind := range inds {
			if ind != all[n] || ind != res.Criteria[i].Indicators[j].Indicator {
				t.Errorf("criterion %s: indicator %d is %s, the program's %s", c.ID(), j, ind.ID(), all[n].ID())
			}
			checks := ind.Checks()
			ir := res.Criteria[i].Indicators[j]
			if _, plain := ind.Condition(); !plain && len(checks) != len(ir.Checks) {
				t.Errorf("indicator %s: %d checks, its result %d", ind.ID(), len(checks), len(ir.Checks))
			}
			for k, ch := range checks {
				if ch != ir.Checks[k].Check {
					t.Errorf("indicator %s: check %d is %s, its result's %s", ind.ID(), k, ch.ID(), ir.Checks[k].Check.ID())
				}
			}
			n++
		}
	}
	if len(all)-n != len(res.Conditions) {
		t.Errorf("%d indicators after the criteria's, %d conditions", len(all)-n, len(res.Conditions))
	}
	if got := prog.Regions(); !slices.Equal(got, []string{"dbscl"}) {
		t.Errorf("regions %v", got)
	}
	got := prog.Regions()
	got[0] = "changed"
	if prog.Regions()[0] != "dbscl" {
		t.Error("Regions returns the program's own slice")
	}
	if from, until := prog.Years(); from != 2016 || until != 2020 {
		t.Errorf("years %d-%d", from, until)
	}
	var v1 struct {
		Ruleset struct {
			Hash string `json:"hash"`
		} `json:"ruleset"`
	}
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &v1); err != nil {
		t.Fatal(err)
	}
	if h := prog.Info().Hash(); h != v1.Ruleset.Hash || len(h) != len("sha256:")+64 {
		t.Errorf("hash %q, results say %q", h, v1.Ruleset.Hash)
	}
}
