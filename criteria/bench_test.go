package criteria_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

// The benchmark ruleset has the national shape: 19 criteria, 50 indicators (30 percentages
// of two counts, 15 booleans, 5 numbers), 7 regions with a national column and two regional
// cells per numeric target.
const (
	benchPct     = 30
	benchBool    = 15
	benchNum     = 5
	benchUnits   = 10000
	benchRegions = 7
)

var benchRegionIDs = [benchRegions]string{"tdmnpb", "dbsh", "btb", "dhntb", "tn", "dnb", "dbscl"}

func benchTarget(i int) int64 { return 60 + int64(i*7)%39 } // 60…98

func benchRulesetYAML() string {
	var b strings.Builder
	b.WriteString("format: ntm.rules/v1\nid: bench.national\nversion: \"1\"\nlevel: commune\n")
	b.WriteString("title: {vi: \"Bộ tiêu chí đo hiệu năng\", en: \"Benchmark set\"}\nlegal: [{id: B, title: {vi: B}}]\n")
	b.WriteString("effective: {from: 2016-01-01, until: 2020-12-31}\nregions:\n")
	for _, r := range benchRegionIDs {
		fmt.Fprintf(&b, "  - {id: %s, name: {vi: %s}}\n", r, r)
	}
	b.WriteString("fields:\n")
	for i := 0; i < benchPct; i++ {
		fmt.Fprintf(&b, "  - {id: p%d_num, type: count, unit: hộ, label: {vi: p%d}}\n  - {id: p%d_den, type: count, unit: hộ, label: {vi: p%d}}\n", i, i, i, i)
	}
	for i := 0; i < benchBool; i++ {
		fmt.Fprintf(&b, "  - {id: b%d, type: boolean, label: {vi: b%d}}\n", i, i)
	}
	for i := 0; i < benchNum; i++ {
		fmt.Fprintf(&b, "  - {id: n%d, type: number, unit: x, label: {vi: n%d}}\n", i, i)
	}
	b.WriteString("groups: [{id: G, title: {vi: G}}]\ncriteria:\n")
	ind := 0
	for c := 0; c < 19; c++ {
		fmt.Fprintf(&b, "  - id: \"%d\"\n    name: {vi: \"c%d\"}\n    groups: [G]\n    indicators:\n", c+1, c+1)
		n := 2
		if c >= 12 {
			n = 3
		}
		for k := 0; k < n && ind < benchPct+benchBool+benchNum; k++ {
			fmt.Fprintf(&b, "      - id: \"i%d\"\n        name: {vi: \"i%d\"}\n        checks:\n", ind, ind)
			switch {
			case ind < benchPct:
				t := benchTarget(ind)
				fmt.Fprintf(&b, "          - {measure: \"percent(p%d_num, p%d_den)\", op: \">=\", target: {source: S, confidence: verified, national: %d, dbscl: %d, tdmnpb: %d}}\n", ind, ind, t, t-5, t-10)
			case ind < benchPct+benchBool:
				fmt.Fprintf(&b, "          - {measure: b%d, op: \"==\", target: {all: {value: true, confidence: verified, source: S}}}\n", ind-benchPct)
			default:
				fmt.Fprintf(&b, "          - {measure: n%d, op: \">=\", target: {source: S, confidence: verified, national: 45.5, dbscl: 50, tdmnpb: 36}}\n", ind-benchPct-benchBool)
			}
			ind++
		}
	}
	return b.String()
}

// handCommune is the typed data the hand-written evaluator reads.
type handCommune struct {
	region   int
	num, den [benchPct]int64
	flags    [benchBool]bool
	n10      [benchNum]int64 // numbers ×10
}

func benchData(tb testing.TB) (*criteria.Program, []*criteria.Unit, []handCommune) {
	rs, err := criteria.Parse("bench.yaml", []byte(benchRulesetYAML()))
	if err != nil {
		tb.Fatal(criteria.ErrorList(criteria.Errors(err)).Lines())
	}
	prog, err := rs.Compile()
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2016, 2020))
	units := make([]*criteria.Unit, benchUnits)
	hand := make([]handCommune, benchUnits)
	for u := range units {
		h := &hand[u]
		h.region = r.IntN(benchRegions)
		v := rs.NewValues()
		for i := 0; i < benchPct; i++ {
			h.den[i] = 1000 + r.Int64N(4000)
			h.num[i] = h.den[i] * (benchTarget(i) - 12 + r.Int64N(20)) / 100
			_ = v.SetString(fmt.Sprintf("p%d_den", i), fmt.Sprint(h.den[i]))
			_ = v.SetString(fmt.Sprintf("p%d_num", i), fmt.Sprint(h.num[i]))
		}
		for i := 0; i < benchBool; i++ {
			h.flags[i] = r.IntN(10) > 0
			_ = v.Set(fmt.Sprintf("b%d", i), criteria.BoolValue(h.flags[i]))
		}
		for i := 0; i < benchNum; i++ {
			h.n10[i] = 300 + r.Int64N(300)
			_ = v.Set(fmt.Sprintf("n%d", i), criteria.NumberValue(criteria.NewNumber(h.n10[i], 1)))
		}
		units[u] = &criteria.Unit{Code: fmt.Sprintf("%05d", u), Region: benchRegionIDs[h.region], Period: criteria.Period{Year: 2020}, Values: v}
	}
	return prog, units, hand
}

// handTables is what a programmer would write by hand for the same ruleset: targets per
// region as integers, and the model pointers the result refers to.
type handTables struct {
	rs      *criteria.Ruleset
	pctT    [benchPct][benchRegions]int64
	numT10  [benchNum][benchRegions]int64
	targets [][]criteria.Resolved // per indicator, per region
	perCrit []int
	nChecks int
	trueVal criteria.Value
}

func newHandTables(prog *criteria.Program) *handTables {
	ht := &handTables{rs: prog.Ruleset(), trueVal: criteria.BoolValue(true)}
	for i := 0; i < benchPct; i++ {
		for r := range benchRegionIDs {
			t := benchTarget(i)
			switch benchRegionIDs[r] {
			case "dbscl":
				t -= 5
			case "tdmnpb":
				t -= 10
			}
			ht.pctT[i][r] = t
		}
	}
	for i := 0; i < benchNum; i++ {
		for r := range benchRegionIDs {
			t := int64(455)
			switch benchRegionIDs[r] {
			case "dbscl":
				t = 500
			case "tdmnpb":
				t = 360
			}
			ht.numT10[i][r] = t
		}
	}
	for _, c := range ht.rs.Criteria {
		ht.perCrit = append(ht.perCrit, len(c.Indicators))
		for _, ind := range c.Indicators {
			row := make([]criteria.Resolved, benchRegions)
			for r, id := range benchRegionIDs {
				row[r] = ind.Checks[0].Target.Resolve(id, 2020)
			}
			ht.targets = append(ht.targets, row)
			ht.nChecks++
		}
	}
	return ht
}

// handEvaluate fills the same Result the engine fills, written directly against typed data.
func handEvaluate(ht *handTables, h *handCommune) *criteria.Result {
	res := &criteria.Result{Ruleset: ht.rs}
	res.Criteria = make([]criteria.CriterionResult, len(ht.rs.Criteria))
	inds := make([]criteria.IndicatorResult, ht.nChecks)
	checks := make([]criteria.CheckResult, ht.nChecks)
	k := 0
	for ci, c := range ht.rs.Criteria {
		cr := &res.Criteria[ci]
		cr.Criterion = c
		cr.Indicators = inds[k : k+len(c.Indicators)]
		cr.Status = criteria.Met
		for j, ind := range c.Indicators {
			ch := &checks[k]
			ch.Check = ind.Checks[0]
			ch.Target = &ht.targets[k][h.region]
			met := false
			switch {
			case k < benchPct:
				t := ht.pctT[k][h.region]
				met = 100*h.num[k] >= t*h.den[k]
				ch.Value = criteria.NumberValue(criteria.NewNumber((1000000*h.num[k]+h.den[k]/2)/h.den[k], 4))
				if !met {
					ch.Gap = criteria.NewNumber(t*10000, 4).Sub(criteria.NewNumber((1000000*h.num[k]+h.den[k]/2)/h.den[k], 4))
					ch.HasGap = true
				}
			case k < benchPct+benchBool:
				met = h.flags[k-benchPct]
				ch.Value = criteria.BoolValue(met)
			default:
				i := k - benchPct - benchBool
				met = h.n10[i] >= ht.numT10[i][h.region]
				ch.Value = criteria.NumberValue(criteria.NewNumber(h.n10[i], 1))
				if !met {
					ch.Gap = criteria.NewNumber(ht.numT10[i][h.region]-h.n10[i], 1)
					ch.HasGap = true
				}
			}
			st := criteria.NotMet
			if met {
				st = criteria.Met
			}
			ch.Status = st
			ir := &cr.Indicators[j]
			ir.Indicator, ir.Status, ir.Checks = ind, st, checks[k:k+1]
			if st == criteria.NotMet {
				cr.Status = criteria.NotMet
			}
			k++
		}
		if cr.Status == criteria.Met {
			res.Met++
		} else {
			res.NotMet++
		}
	}
	res.AllMet = criteria.Yes
	if res.NotMet > 0 {
		res.AllMet = criteria.No
	}
	res.Eligible, res.Slipped = res.AllMet, criteria.No
	return res
}

// TestHandWrittenAgrees makes sure the baseline computes what the engine computes.
func TestHandWrittenAgrees(t *testing.T) {
	prog, units, hand := benchData(t)
	ht := newHandTables(prog)
	for i := 0; i < 500; i++ {
		got, err := prog.Evaluate(context.Background(), units[i])
		if err != nil {
			t.Fatal(err)
		}
		want := handEvaluate(ht, &hand[i])
		if got.Met != want.Met || got.AllMet != want.AllMet {
			t.Fatalf("unit %d: engine %d met, hand-written %d", i, got.Met, want.Met)
		}
		for c := range got.Criteria {
			for j := range got.Criteria[c].Indicators {
				g, w := got.Criteria[c].Indicators[j].Checks[0], want.Criteria[c].Indicators[j].Checks[0]
				if g.Status != w.Status || !g.Value.Equal(w.Value) || g.HasGap != w.HasGap || !g.Gap.Equal(w.Gap) {
					t.Fatalf("unit %d check %s: engine %s %s gap %s, hand-written %s %s gap %s", i, g.Check.Measure, g.Status, g.Value, g.Gap, w.Status, w.Value, w.Gap)
				}
			}
		}
	}
}

// BenchmarkEvaluate evaluates 10,000 generated communes of the national shape with the engine
// and with a hand-written Go function that fills the same result; one op is one commune.
func BenchmarkEvaluate(b *testing.B) {
	prog, units, hand := benchData(b)
	ht := newHandTables(prog)
	ctx := context.Background()
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := prog.Evaluate(ctx, units[i%benchUnits]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = handEvaluate(ht, &hand[i%benchUnits])
		}
	})
}

// TestEvaluateAllocations pins the allocation budget: a result is four allocations however
// many fields the checks read; expressions add their variables map, built once per unit with
// only the fields they read.
func TestEvaluateAllocations(t *testing.T) {
	prog, units, _ := benchData(t)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(200, func() { _, _ = prog.Evaluate(ctx, units[7]) })
	if allocs > 4 {
		t.Errorf("national-shape evaluation: %.0f allocations, want at most 4", allocs)
	}
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cam, _ := rs.Compile()
	cf, _ := criteria.LoadCases(rules.FS, "camau/xa-ntm-2016-2020.cases.yaml")
	u, err := cf.Unit(&criteria.Case{Name: "a", From: "all_met", Code: "1", Region: "dbscl", Period: criteria.Period{Year: 2020}}, rs)
	if err != nil {
		t.Fatal(err)
	}
	allocs = testing.AllocsPerRun(200, func() { _, _ = cam.Evaluate(ctx, u) })
	if allocs > 12 {
		t.Errorf("Cà Mau evaluation (with applies_if expressions): %.0f allocations, want at most 12", allocs)
	}
}
