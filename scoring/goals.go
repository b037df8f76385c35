package scoring

import (
	"fmt"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// GoalStatus is where a goal stands in a period.
type GoalStatus string

// Goal statuses.
const (
	GoalMet    GoalStatus = "met"    // reached
	GoalOpen   GoalStatus = "open"   // not reached, not yet due
	GoalMissed GoalStatus = "missed" // not reached, and due
	// GoalUnassessed: the results hold nothing to judge it by (no commune of the district the
	// goal names, say, as when the data name no district); never reported as missed.
	GoalUnassessed GoalStatus = "unassessed"
)

// GoalResult is a goal checked against one period's results, with the distance still to go.
type GoalResult struct {
	Goal     Goal
	Status   GoalStatus
	Due      bool     // the period ends the goal's year, or comes later
	Value    Ratio    // the value reached: a share (share_recognised, district_standard), a count (recognised), an average (average_met), the fewest criteria met (none_below)
	Target   Ratio    // the value required, in the same terms
	Distance int      // still to go: communes to recognise, or criteria to gain (average_met, none_below)
	Units    []string // the communes concerned: under the threshold (none_below) or not yet recognised (district_standard), in code order
	Unknown  int      // communes with criteria unknown: the value may be higher than reported
	Note     criteria.Text
}

// GoalReport is every goal of a scheme checked against one period's results.
type GoalReport struct {
	Scheme *Scheme
	Period criteria.Period
	Goals  []GoalResult
}

// Goals checks the scheme's goals against one period's commune results: the share or number
// of communes recognised, the average criteria per commune, no commune under N criteria, a
// named district with every commune recognised. Each result says how far is still to go.
func (s *Scheme) Goals(inputs []Input) (*GoalReport, error) {
	pub, s := s, s.core
	var errs criteria.ErrorList
	period, _ := s.checkInputs(inputs, "input", &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	rep := s.goals(period, inputsByCode(inputs))
	rep.Scheme = pub
	return rep, nil
}

// Needed returns how many units a goal on the number of units asks for, out of units: the
// share of a share_recognised goal rounded up, or a recognised goal's number. Other kinds
// count criteria or name a district, and give false.
func (g Goal) Needed(units int) (int, bool) {
	switch g.Kind {
	case GoalShareRecognised:
		return int(ceilDiv(g.AtLeast.Mul(decimal.NewFromInt(int64(units))).Shift(-2))), true
	case GoalRecognised:
		return int(g.AtLeast.IntPart()), true
	}
	return 0, false
}

// due reports whether the period closes the year y or comes after it.
func due(p criteria.Period, y int) bool {
	return p.Year > y || p.Year == y && p.Half != 1
}

func ceilDiv(d decimal.Decimal) int64 {
	return d.Ceil().IntPart()
}

func (s *Scheme) goals(period criteria.Period, sorted []*Input) *GoalReport {
	rep := &GoalReport{Scheme: s, Period: period}
	st := stats(period, sorted)
	w := &s.words
	u, one, many := w.unitOne, w.unit.EN, w.units.EN
	for _, g := range s.GoalRules {
		gr := GoalResult{Goal: g, Due: due(period, g.By), Unknown: st.Unknown}
		n := int64(st.Units)
		switch g.Kind {
		case GoalShareRecognised:
			need := ceilDiv(g.AtLeast.Mul(decimal.NewFromInt(n)).Shift(-2))
			gr.Value = st.ShareRecognised()
			gr.Target = NewRatio(g.AtLeast, 100)
			gr.Distance = max(0, int(need)-st.Recognised)
			gr.Note = bilingual(
				fmt.Sprintf("%d/%d %s đạt chuẩn (%s%%); mục tiêu ≥ %s%% (%d %s)%s", st.Recognised, st.Units, u, pct(gr.Value, "vi"), decComma(g.AtLeast), need, u, stillVI(gr.Distance, u)),
				fmt.Sprintf("%d of %d %s recognised (%s%%); goal ≥ %s%% (%d %s)%s", st.Recognised, st.Units, many, pct(gr.Value, "en"), decString(g.AtLeast), need, many, stillEN(gr.Distance, one, many)))
		case GoalRecognised:
			need := int(g.AtLeast.IntPart())
			gr.Value = IntRatio(int64(st.Recognised))
			gr.Target = DecimalRatio(g.AtLeast)
			gr.Distance = max(0, need-st.Recognised)
			gr.Note = bilingual(
				fmt.Sprintf("%d %s đạt chuẩn; mục tiêu ≥ %d %s%s", st.Recognised, u, need, u, stillVI(gr.Distance, u)),
				fmt.Sprintf("%d %s recognised; goal ≥ %d%s", st.Recognised, many, need, stillEN(gr.Distance, one, many)))
		case GoalAverageMet:
			need := ceilDiv(g.AtLeast.Mul(decimal.NewFromInt(n)))
			gr.Value = st.AverageMet()
			gr.Target = DecimalRatio(g.AtLeast)
			gr.Distance = max(0, int(need)-st.Met)
			gr.Note = bilingual(
				fmt.Sprintf("bình quân %s tiêu chí/%s (%d tiêu chí/%d %s); mục tiêu ≥ %s (%d tiêu chí)%s", ratioComma(gr.Value), u, st.Met, st.Units, u, decComma(g.AtLeast), need, stillVI(gr.Distance, "tiêu chí")),
				fmt.Sprintf("%s criteria per %s on average (%d over %d %s); goal ≥ %s (%d criteria)%s", gr.Value, one, st.Met, st.Units, many, decString(g.AtLeast), need, stillEN(gr.Distance, "criterion", "criteria")))
		case GoalNoneBelow:
			floor := int(g.AtLeast.IntPart())
			fewest := -1
			for _, r := range sorted {
				m := r.Met
				if fewest < 0 || m < fewest {
					fewest = m
				}
				if m < floor {
					gr.Units = append(gr.Units, r.Code)
					gr.Distance += floor - m
				}
			}
			gr.Value = IntRatio(int64(max(fewest, 0)))
			gr.Target = IntRatio(int64(floor))
			gr.Note = bilingual(
				fmt.Sprintf("%d %s dưới %d tiêu chí%s", len(gr.Units), u, floor, stillVI(gr.Distance, "tiêu chí")),
				fmt.Sprintf("%d %s under %d criteria%s", len(gr.Units), many, floor, stillEN(gr.Distance, "criterion", "criteria")))
		case GoalDistrictStandard:
			total, rec := 0, 0
			for _, r := range sorted {
				if !inDistrict(r.District, g.Districts) {
					continue
				}
				total++
				if r.Recognised {
					rec++
				} else {
					gr.Units = append(gr.Units, r.Code)
				}
			}
			gr.Value = countRatio(rec, total)
			gr.Target = IntRatio(1)
			gr.Distance = total - rec
			name := g.Districts[0]
			if total == 0 {
				gr.Note = bilingual(
					fmt.Sprintf("không có %s nào của %s trong kết quả", u, name),
					fmt.Sprintf("no %s of %s in the results", one, name))
			} else {
				gr.Note = bilingual(
					fmt.Sprintf("%s: %d/%d %s đạt chuẩn%s (chỉ xét phần %s; các tiêu chí %s nằm ngoài bộ tiêu chí %s)", name, rec, total, u, stillVI(gr.Distance, u), u, w.parentOne, u),
					fmt.Sprintf("%s: %d of %d %s recognised%s (the %s part only; the %s's own criteria are outside a %s ruleset)", name, rec, total, many, stillEN(gr.Distance, one, many), one, w.parent.EN, one))
			}
		}
		reached := gr.Distance == 0
		if g.Kind == GoalShareRecognised || g.Kind == GoalAverageMet {
			reached = gr.Value.Defined() && gr.Value.Cmp(gr.Target) >= 0
		}
		if g.Kind == GoalDistrictStandard {
			reached = gr.Value.Defined() && gr.Distance == 0
		}
		switch {
		case g.Kind == GoalDistrictStandard && !gr.Value.Defined(), st.Units == 0:
			gr.Status = GoalUnassessed
		case reached:
			gr.Status = GoalMet
		case gr.Due:
			gr.Status = GoalMissed
		default:
			gr.Status = GoalOpen
		}
		rep.Goals = append(rep.Goals, gr)
	}
	return rep
}

func inDistrict(d string, names []string) bool {
	for _, n := range names {
		if strings.EqualFold(strings.TrimSpace(d), n) {
			return true
		}
	}
	return false
}

func stillVI(n int, unit string) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(": còn thiếu %d %s", n, unit)
}

func stillEN(n int, one, many string) string {
	if n <= 0 {
		return ""
	}
	if n == 1 {
		return fmt.Sprintf(": 1 more %s needed", one)
	}
	return fmt.Sprintf(": %d more %s needed", n, many)
}

// decComma writes a decimal the Vietnamese way, with a decimal comma.
func decComma(d decimal.Decimal) string { return strings.Replace(decString(d), ".", ",", 1) }

// ratioComma writes a ratio the Vietnamese way.
func ratioComma(r Ratio) string { return strings.Replace(r.String(), ".", ",", 1) }

// pct writes a share as a percentage rounded to 2 places, in the language's notation.
func pct(r Ratio, lang string) string {
	if !r.Defined() {
		return "—"
	}
	s := decString(r.Percent(2))
	if lang == "vi" {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}
