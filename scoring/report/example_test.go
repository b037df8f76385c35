package report_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report"
)

// exampleData loads package scoring's test ruleset and scheme and evaluates the eight test
// communes (see fixture_test.go) for each year given.
func exampleData(years ...string) (*scoring.Scheme, [][]scoring.Input) {
	rs, err := criteria.Load(testdata, "ruleset.yaml")
	if err != nil {
		panic(err)
	}
	prog, err := rs.Compile()
	if err != nil {
		panic(err)
	}
	scheme, err := scoring.Load(testdata, "scheme.yaml", rs)
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

// printRows prints rows one per line, cells separated by " | ".
func printRows(rows [][]string) {
	for _, r := range rows {
		fmt.Println(strings.TrimRight(strings.Join(r, " | "), " "))
	}
}

// Score writes one commune's total line by line.
func ExampleScore() {
	scheme, years := exampleData("2019", "2020")
	prev, cur := years[0][2], years[1][2] // Cây Dừa: recognised in 2016, lost criterion 3 in 2020
	if err := cur.SetPrevious(prev); err != nil {
		panic(err)
	}
	sc, err := scheme.Score(cur)
	if err != nil {
		panic(err)
	}
	printRows(report.Score(sc, "en"))
	fmt.Println("class:", sc.Class.Label.EN, "| band:", sc.Band.Label.EN)
	// Output:
	// Item | Count | Each | Points | Criteria
	// Criteria met (The Front's responsibility: Direct) | 2 | 4 | 8 | 1, 2
	// Criteria met (The Front's responsibility: Indirect) | 1 | 2 | 2 | 5
	// Criterion 4 met (Income) | 1 | 6.5 | 6.5 | 4
	// Recognised in the period | 1 | 10 | 10 |
	// Deduction: criteria lost since the previous period | 1 | -2 | -2 | 3
	// Deduction: recognised but no longer meets every criterion | 1 | -3 | -3 |
	// Total |  |  | 21.5 |
	// class: Good | band: 3-4
}

// Ranking writes a district ranking: districts aggregated from their communes.
func ExampleRanking_districts() {
	scheme, years := exampleData("2019", "2020")
	ranking, err := scheme.Rank(years[1], scoring.WithPrevious(years[0]), scoring.ForSubject(scoring.SubjectDistrict))
	if err != nil {
		panic(err)
	}
	printRows(report.Ranking(ranking, "vi"))
	// Output:
	// Hạng | Đơn vị | Số xã | Xã đạt chuẩn | Tỷ lệ đạt chuẩn (%) | Tỷ lệ đạt đủ tiêu chí (%) | Bình quân tiêu chí/xã | Điểm | Xếp loại
	// 1 | Huyện Bắc | 4 | 3 | 75 | 50 | 4 | 23,875 | Tốt
	// 2 | Huyện Nam | 4 | 1 | 25 | 25 | 2,75 | 13,25 | Khá
}

// Bands writes the communes grouped by the criteria they meet now, as provincial reports do,
// with the recognised communes and those that slipped counted beside each band.
func ExampleBands() {
	scheme, years := exampleData("2020")
	rep, err := scheme.Bands(years[0])
	if err != nil {
		panic(err)
	}
	printRows(report.Bands(rep, "vi"))
	// Output:
	// Nhóm | Số xã | Tỷ lệ (%) | Trong đó đã đạt chuẩn | Trong đó có tiêu chí rớt chuẩn
	// Đạt 5/5 | 3 | 37,5 | 3 | 0
	// Đạt 3-4 | 2 | 25 | 1 | 1
	// Dưới 3 | 3 | 37,5 | 0 | 0
	// Tổng cộng | 8 | 100 | 4 | 1
	// Bình quân tiêu chí/xã | 3,375 |  |  |
}

// Progress writes the units that changed between two periods.
func ExampleProgress() {
	_, years := exampleData("2019", "2020")
	p, err := scoring.Progress(years[0], years[1])
	if err != nil {
		panic(err)
	}
	fmt.Println("gained:", p.Gained, "lost:", p.Lost)
	fmt.Println("newly recognised:", p.NewlyRecognisedCodes(), "newly slipped:", p.NewlySlippedCodes())
	printRows(report.Progress(p, "en"))
	// Output:
	// gained: 1 lost: 1
	// newly recognised: [10002] newly slipped: [10003]
	// Code | Unit | District | Met before | Met after | Gained | Lost | Newly recognised | Newly slipped
	// 10002 | Bình Minh | Bắc | 4 | 5 | 3 |  | yes | no
	// 10003 | Cây Dừa | Bắc | 5 | 4 |  | 3 | no | yes
}

// Summary writes the 5-year review, one row per period.
func ExampleSummary() {
	scheme, years := exampleData("2018", "2019", "2020")
	sum, err := scheme.Summary("five", years...)
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.Rule.Label.EN, "from", sum.Baseline, "to", sum.End)
	fmt.Println("recognised in 2016-2020:", sum.RecognisedInSpan)
	printRows(report.Summary(sum, "en"))
	// Output:
	// 5-year review from 2018 to 2020
	// recognised in 2016-2020: [10001 10002 10003]
	// Period | Communes | Recognised | Recognised (%) | All met | Slipped | Criteria met | Average criteria
	// 2018 | 8 | 3 | 37.5 | 3 | 0 | 26 | 3.25
	// 2019 | 8 | 3 | 37.5 | 3 | 0 | 27 | 3.375
	// 2020 | 8 | 4 | 50 | 3 | 1 | 27 | 3.375
}

// Front writes the results by the campaign's content groups and the Front's responsibility.
func ExampleFront() {
	scheme, years := exampleData("2020")
	rep, err := scheme.FrontReport(years[0])
	if err != nil {
		panic(err)
	}
	printRows(report.Front(rep, "en"))
	// Output:
	// Item | Criteria | Communes meeting all | Communes (%) | Criteria met | Criteria met (%)
	// A Group A | 1, 2 | 6 | 75 | 13/16 | 81.25
	// B Group B | 4 | 6 | 75 | 6/8 | 75
	// Direct | 1, 2, 4 |  |  | 19/24 | 79.17
	// Indirect | 3, 5 |  |  | 8/16 | 50
}

// A large ranking and its candidates written row by row: nothing but the current row is held.
func ExampleCandidateRows() {
	scheme, years := exampleData("2019", "2020")
	var rankings []*scoring.Ranking
	for _, rule := range scheme.RankingRules {
		r, err := scheme.Rank(years[1], scoring.WithPrevious(years[0]), scoring.ForSubject(rule.Subject))
		if err != nil {
			panic(err)
		}
		rankings = append(rankings, r)
	}
	first := rankings[0]
	fmt.Println(strings.Join(report.RankingHeader(first, "vi"), " | "))
	first.Each(func(sc *scoring.Score) bool {
		fmt.Println(strings.Join(report.RankingRow(first, sc, "vi"), " | "))
		return false // the first only
	})
	cands, err := scheme.Candidates(rankings...)
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Join(report.CandidatesHeader(cands, "vi")[:4], " | "))
	for row := range report.CandidateRows(cands, "vi") {
		fmt.Println(strings.Join(row[:4], " | "))
	}
	// Output:
	// Phạm vi | Hạng | Mã | Đơn vị | Huyện | Tiêu chí đạt | Đạt chuẩn | Điểm | Xếp loại | Nhóm
	// Toàn tỉnh | 1 | 10002 | Xã Bình Minh | Bắc | 5/5 | có | 35 | Xuất sắc | Đạt 5/5
	// Diện khen thưởng | Phạm vi | Hạng | Mã
	// 5% xã đạt chuẩn trong giai đoạn | Toàn tỉnh | 1/3 | 10002
	// MTTQ xã dẫn đầu huyện | Bắc | 1/3 | 10002
	// MTTQ xã dẫn đầu huyện | Nam | 1/2 | 20001
}
