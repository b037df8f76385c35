package scoring_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
)

// exampleData loads the test ruleset and scheme of testdata/ and evaluates the eight test
// communes (see helpers_test.go) for a year.
func exampleData(years ...string) (*scoring.Scheme, [][]scoring.Input) {
	rs, err := criteria.Load(os.DirFS("testdata"), "ruleset.yaml")
	if err != nil {
		panic(err)
	}
	prog, err := rs.Compile()
	if err != nil {
		panic(err)
	}
	scheme, err := scoring.Load(os.DirFS("testdata"), "scheme.yaml", rs)
	if err != nil {
		panic(err)
	}
	var out [][]scoring.Input
	for _, y := range years {
		p, _ := criteria.ParsePeriod(y)
		var res []*criteria.Result
		for i, c := range communes {
			vals := rs.NewValues()
			for k, ch := range statuses[y][i] {
				switch ch {
				case 'M':
					_ = vals.SetString(fmt.Sprintf("f%d", k+1), "true")
				case 'N':
					_ = vals.SetString(fmt.Sprintf("f%d", k+1), "false")
				}
			}
			u := &criteria.Unit{Code: c.code, Name: c.name, District: c.district, Region: "south", Period: p, Values: vals}
			if c.rec > 0 {
				u.History = []criteria.Recognition{{Level: "ntm", Year: c.rec}}
			}
			r, err := prog.Evaluate(context.Background(), u)
			if err != nil {
				panic(err)
			}
			res = append(res, r)
		}
		in, err := scheme.InputsOf(res, nil)
		if err != nil {
			panic(err)
		}
		out = append(out, in)
	}
	return scheme, out
}

// Load a province's scheme together with the ruleset it scores.
func ExampleLoad() {
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	if err != nil {
		panic(err)
	}
	scheme, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	if err != nil {
		fmt.Println(err) // file:line:col: path: message [CODE], and how many more
		return
	}
	fmt.Println(scheme.ID, scheme.Version, "illustrative:", scheme.Illustrative)
	for _, w := range scheme.Points.Met.Values {
		fmt.Printf("criterion met, Front %s: %s points\n", w.ID, w.Points)
	}
	for _, c := range scheme.Classes {
		fmt.Printf("%-10s %s\n", c.Label.VI, c.Range)
	}
	// Output:
	// camau.thi-dua 2016-2020 illustrative: true
	// criterion met, Front direct: 5 points
	// criterion met, Front indirect: 2.5 points
	// Xuất sắc   [90, +∞)
	// Tốt        [75, 90)
	// Khá        [50, 75)
	// Trung bình [30, 50)
	// Yếu        (-∞, 30)
}

// Parse reports every problem of a scheme at once, each at its line and column.
func ExampleParse() {
	rs, _ := criteria.Load(os.DirFS("testdata"), "ruleset.yaml")
	src := `format: ntm.scoring/v1
id: example
version: "1"
ruleset: test.score@1
title: Example
periods: {from: 2016, until: 2020}
points: {met: 1}
rankings: [{subject: commune, scope: province, order: [totl], ties: shared}]
classes:
  - {id: good, label: Good, at_least: 3}
  - {id: weak, label: Weak, less_than: 2}
`
	_, err := scoring.Parse("example.yaml", []byte(src), rs)
	fmt.Print(criteria.ErrorList(criteria.Errors(err)).Lines())
	// Output:
	// example.yaml:8:56: ranking commune › order › 1: unknown ranking key "totl" for commune (expected one of: total, met, not_met, unknown, recognised, gained, lost) (did you mean "total"?) [E-VALUE]
	// example.yaml:10:5: class good: totals between 2 and 3 fall in no class (weak (-∞, 2), good [3, +∞)) [E-CLASS-GAP]
}

// Rank communes across the province: tied units share their rank and are listed in code order.
func ExampleScheme_Rank() {
	scheme, years := exampleData("2019", "2020")
	ranking, err := scheme.Rank(years[1], scoring.WithPrevious(years[0]))
	if err != nil {
		panic(err)
	}
	for _, s := range ranking.Scores() {
		fmt.Printf("%d %s %-10s %5s %s\n", s.Rank, s.Code, s.Name, s.Total, s.Class.Label.VI)
	}
	// Output:
	// 1 10002 Bình Minh     35 Xuất sắc
	// 2 10001 An Bình     28.5 Xuất sắc
	// 2 20001 Tân Hải     28.5 Xuất sắc
	// 4 10003 Cây Dừa     21.5 Tốt
	// 5 20004 Rạch Chèo   16.5 Tốt
	// 6 10004 Đất Mới     10.5 Khá
	// 7 20003 Việt Thắng     8 Yếu
	// 8 20002 Tân Hưng       0 Yếu
}

// A large data set is kept in an InputSet (about 70 bytes a unit) and ranked with RankSet; the
// ranking is the one Rank gives for the same inputs as a slice.
func ExampleScheme_RankSet() {
	scheme, years := exampleData("2019", "2020")
	before, now := scheme.NewInputSet(), scheme.NewInputSet()
	for _, in := range years[0] {
		if err := before.AddInput(in); err != nil { // or before.Add(prog, unit, &verdicts) while reading
			panic(err)
		}
	}
	for _, in := range years[1] {
		if err := now.AddInput(in); err != nil {
			panic(err)
		}
	}
	ranking, err := scheme.RankSet(now, scoring.WithPrevious(before))
	if err != nil {
		panic(err)
	}
	bands, err := ranking.Bands()
	if err != nil {
		panic(err)
	}
	fmt.Println(now.Len(), "communes; first:", ranking.Scores()[0].Name, ranking.Scores()[0].Total)
	fmt.Println("recognised:", bands.Recognised)
	// Output:
	// 8 communes; first: Bình Minh 35
	// recognised: 4
}

// Districts aggregates communes: shares, averages and points, exactly.
func ExampleScheme_Districts() {
	scheme, years := exampleData("2020")
	ds, err := scheme.Districts(years[0])
	if err != nil {
		panic(err)
	}
	for _, d := range ds {
		fmt.Printf("%s: %d/%d recognised, %d all met, %s criteria per commune, %s points per commune\n",
			d.District, d.Recognised, d.Communes, d.AllMet, d.AverageMet(), d.AveragePoints())
	}
	// Output:
	// Bắc: 3/4 recognised, 2 all met, 4 criteria per commune, 22.75 points per commune
	// Nam: 1/4 recognised, 1 all met, 2.75 criteria per commune, 13.25 points per commune
}

// Goals says where each goal stands and what is still to go.
func ExampleScheme_Goals() {
	scheme, years := exampleData("2020")
	rep, err := scheme.Goals(years[0])
	if err != nil {
		panic(err)
	}
	for _, g := range rep.Goals {
		fmt.Printf("%-6s %-6s %s\n", g.Goal.ID, g.Status, g.Note.EN)
	}
	// Output:
	// half   met    4 of 8 communes recognised (50%); goal ≥ 50% (4 communes)
	// count  met    4 communes recognised; goal ≥ 3
	// avg    missed 3.375 criteria per commune on average (27 over 8 communes); goal ≥ 3.5 (28 criteria): 1 more criterion needed
	// floor  missed 1 communes under 2 criteria: 2 more criteria needed
	// north  missed Bắc: 3 of 4 communes recognised: 1 more commune needed (the commune part only; the district's own criteria are outside a commune ruleset)
}

// Candidates draws the commendation candidates, each with its reason.
func ExampleScheme_Candidates() {
	scheme, years := exampleData("2019", "2020")
	var rankings []*scoring.Ranking
	for _, subj := range []scoring.Subject{scoring.SubjectCommune, scoring.SubjectCommuneFront, scoring.SubjectDistrict} {
		r, err := scheme.Rank(years[1], scoring.WithPrevious(years[0]), scoring.ForSubject(subj))
		if err != nil {
			panic(err)
		}
		rankings = append(rankings, r)
	}
	rep, err := scheme.Candidates(rankings...)
	if err != nil {
		panic(err)
	}
	for _, l := range rep.Lists {
		fmt.Printf("%s (%s): %d\n", l.Rule.ID, l.QuotaNote.EN, l.Len())
		for _, c := range l.Candidates() {
			fmt.Println("  ", c.Label.EN, "—", c.Reason().EN)
		}
	}
	// Output:
	// five-pct (5% × 3 = 0.15 → 0 (rounded down); at least 1 → 1): 1
	//    Bình Minh commune — Rank 1 of 3 among communes recognised in 2016-2020, across the province (ordered by total points, criteria met); 35 points; class Excellent; quota: 5% × 3 = 0.15 → 0 (rounded down); at least 1 → 1; source: T-1
	// top-front (the first 1 in each district): 2
	//    Front committee of Bình Minh commune — Rank 1 of 3 among commune Front committees, within Bắc district (ordered by total points); 35 points; class Excellent (Good or higher required); quota: the first 1 in each district
	//    Front committee of Tân Hải commune — Rank 1 of 2 among commune Front committees, within Nam district (ordered by total points); 28.5 points; class Excellent (Good or higher required); quota: the first 1 in each district
	// districts (every eligible unit): 0
}

// Every report marshals to a documented, versioned JSON shape; decimals are JSON numbers.
func ExampleRanking_MarshalJSON() {
	scheme, years := exampleData("2020")
	ranking, _ := scheme.Rank(years[0])
	b, _ := json.Marshal(ranking)
	var doc struct {
		Format  string `json:"format"`
		Entries []struct {
			Code  string          `json:"code"`
			Total json.RawMessage `json:"total"`
		} `json:"entries"`
	}
	_ = json.Unmarshal(b, &doc)
	fmt.Println(doc.Format, doc.Entries[0].Code, string(doc.Entries[0].Total))
	// Output:
	// ntm.ranking/v1 10001 28.5
}

// How far a ranking by points holds: 1,000 draws with the points ±10 %.
func ExampleScheme_Robustness() {
	rs, _ := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	sc, _ := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs)
	prog, _ := rs.Compile()
	units, _ := gen.Varied(prog, 50, gen.Seed, criteria.Period{Year: 2020})
	var v criteria.Verdicts
	var inputs []scoring.Input
	for _, u := range units {
		_ = prog.Verdicts(context.Background(), u, &v)
		in, _ := sc.Input(prog, u, &v)
		inputs = append(inputs, in)
	}
	r, err := sc.Robustness(inputs, scoring.RobustnessOptions{Draws: 1000, Seed: 1, Jitter: 0.1, Cut: 5})
	if err != nil {
		panic(err)
	}
	u := r.Units[len(r.Units)-1]
	fmt.Printf("last: rank %d, interval %d–%d, %d unstable pairs\n", u.Rank, u.Low, u.High, len(r.Unstable))
	// Output:
	// last: rank 50, interval 50–50, 9 unstable pairs
}
