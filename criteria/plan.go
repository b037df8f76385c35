package criteria

import (
	"fmt"
	"sort"
)

// PlanStep is one step of a greedy plan: the indicator whose improvement, with the steps
// before it, lifts the most units over the threshold.
type PlanStep struct {
	Criterion CriterionInfo
	Indicator IndicatorInfo
	Lifted    []string // the units this step lifts, in the results' order
	Completed int      // criteria this step completes for the units not yet lifted before it
	Total     int      // units over the threshold after this step, those already over included
	// With a cost table (MakeCostedPlan): what the step costs, summed over the units not yet
	// lifted that miss the indicator, at Price, the table's entry.
	Cost  Number
	Price Cost
}

// Plan is a greedy plan over a set of results: which indicators, improved in turn, lift the
// most units to Threshold criteria met. An indicator "improved" is taken as met for every unit
// that does not meet it; nothing is assumed about cost (every indicator counts the same) nor
// about unknown verdicts, which no improvement resolves.
type Plan struct {
	Threshold   int // criteria to meet
	Units       int
	Already     int // units over the threshold before any step
	Unreachable int // units that no set of improvements lifts: too many criteria unknown
	Steps       []PlanStep
	Remaining   int // units still under the threshold after the last step (the unreachable included)
	// Costed: the plan was made with a cost table; Unpriced lists the indicators some unit misses
	// that the table does not price, and CostUnknown those whose cost is not known for some unit
	// (a check of it is unknown): the plan never takes either (no cost is invented).
	Costed      bool
	Unpriced    []string
	CostUnknown []string
	Cost        Number // the steps' costs summed
	// StepLimit: the plan stopped at maxSteps, not because no indicator completes a criterion.
	StepLimit bool
}

// MakePlan builds a greedy plan of at most maxSteps steps lifting the results to threshold
// criteria met (0: every criterion). Each step takes the indicator that lifts the most units
// given the steps before it; among those lifting as many (none, when every unit lacks several),
// the one completing the most criteria of the units not yet lifted; ties: the ruleset's order.
// The plan stops when no indicator completes a criterion. The results must come from one
// ruleset.
func MakePlan(results []*Result, threshold, maxSteps int) (*Plan, error) {
	return makePlan(results, threshold, maxSteps, nil)
}

// MakeCostedPlan is MakePlan with a cost table: each step takes the indicator that lifts the
// most units per cost (Costs.UnitCost summed over the units not yet lifted that miss it; a step
// of no cost first); when none lifts a unit, the one completing the most criteria per cost.
// Indicators the table does not price are never taken (Plan.Unpriced lists them).
func MakeCostedPlan(results []*Result, threshold, maxSteps int, costs *Costs) (*Plan, error) {
	if costs == nil {
		return nil, fmt.Errorf("criteria: MakeCostedPlan needs a cost table")
	}
	if len(results) > 0 && results[0] != nil && costs.Ruleset != "" && !sameSet(costs.Ruleset, results[0]) {
		return nil, fmt.Errorf("criteria: the cost table prices %s, the results are of %s", costs.Ruleset, results[0].Ruleset.Ref())
	}
	return makePlan(results, threshold, maxSteps, costs)
}

// sameSet reports whether a table written for ref prices a result's ruleset: the same ruleset,
// or one in its chain (a province layer over the national set shares its indicator ids).
func sameSet(ref string, r *Result) bool {
	for b := r.Ruleset.get(); b != nil; b = b.Base {
		if b.Ref() == ref {
			return true
		}
	}
	return false
}

func makePlan(results []*Result, threshold, maxSteps int, costs *Costs) (*Plan, error) {
	pl := &Plan{Threshold: threshold, Units: len(results), Costed: costs != nil}
	if len(results) == 0 {
		return pl, nil
	}
	ref := results[0].Ruleset.Ref()
	ncrit := len(results[0].Criteria)
	if threshold <= 0 || threshold > ncrit {
		if threshold != 0 {
			return nil, fmt.Errorf("criteria: a threshold of %d criteria: %s has %d", threshold, ref, ncrit)
		}
		pl.Threshold = ncrit
	}
	// Each unit: the criteria met, and for each criterion not met (and not unknown) the
	// indicators not met, by indicator id.
	type need struct{ ids []string }
	type unit struct {
		met   int
		needs []need
	}
	var ids []string // the candidate indicators, in the ruleset's order
	info := map[string]PlanStep{}
	units := make([]unit, len(results))
	for i, r := range results {
		if r == nil || r.Ruleset.Ref() != ref || len(r.Criteria) != ncrit {
			return nil, fmt.Errorf("criteria: result %d is not of %s", i, ref)
		}
		u := &units[i]
		u.met = r.Met
		for ci := range r.Criteria {
			c := &r.Criteria[ci]
			if c.Status != NotMet {
				continue
			}
			var n need
			unknown := false
			for j := range c.Indicators {
				ir := &c.Indicators[j]
				switch ir.Status {
				case NotMet:
					id := ir.Indicator.ID()
					n.ids = append(n.ids, id)
					if _, ok := info[id]; !ok {
						info[id] = PlanStep{Criterion: c.Criterion, Indicator: ir.Indicator}
						ids = append(ids, id)
					}
				case Unknown:
					unknown = true
				}
			}
			if !unknown {
				u.needs = append(u.needs, n)
			}
		}
		switch {
		case u.met >= pl.Threshold:
			pl.Already++
		case u.met+len(u.needs) < pl.Threshold:
			pl.Unreachable++
		}
	}
	// candidates in the ruleset's order, so ties fall to it and not to the data's order
	pos := map[string]int{}
	for _, c := range results[0].Criteria {
		for _, ir := range c.Indicators {
			pos[ir.Indicator.ID()] = len(pos)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return pos[ids[i]] < pos[ids[j]] })
	chosen := map[string]bool{}
	// gained counts the criteria a unit meets with the chosen indicators (and extra).
	gained := func(u *unit, extra string) int {
		n := 0
		for _, nd := range u.needs {
			all := true
			for _, id := range nd.ids {
				if !chosen[id] && id != extra {
					all = false
					break
				}
			}
			if all {
				n++
			}
		}
		return n
	}
	lifted := make([]bool, len(units))
	for i := range units {
		lifted[i] = units[i].met >= pl.Threshold
	}
	total := pl.Already
	if costs != nil {
		for _, id := range ids {
			if _, ok := costs.Of(id); !ok {
				pl.Unpriced = append(pl.Unpriced, id)
			}
		}
	}
	// stepCost sums what improving id costs the units not yet lifted that miss it; false when the
	// cost of one of them is not known, or the sum does not fit.
	stepCost := func(id string) (Number, bool) {
		var sum Number
		for i := range units {
			if lifted[i] {
				continue
			}
			c, ok := costs.UnitCost(results[i], id)
			if !ok {
				return Number{}, false
			}
			if sum, ok = addNum(sum, c); !ok {
				return Number{}, false
			}
		}
		return sum, true
	}
	uncostable := map[string]bool{}
	for len(pl.Steps) < maxSteps || maxSteps <= 0 {
		best, bestN, bestG := "", 0, 0
		var bestCost Number
		for _, id := range ids {
			if chosen[id] {
				continue
			}
			var cost Number
			if costs != nil {
				if _, ok := costs.Of(id); !ok {
					continue
				}
				var ok bool
				if cost, ok = stepCost(id); !ok {
					if !uncostable[id] {
						uncostable[id] = true
						pl.CostUnknown = append(pl.CostUnknown, id)
					}
					continue
				}
			}
			n, g := 0, 0
			for i := range units {
				if lifted[i] {
					continue
				}
				now, with := gained(&units[i], ""), gained(&units[i], id)
				g += with - now
				if units[i].met+with >= pl.Threshold {
					n++
				}
			}
			better := n > bestN || n == bestN && g > bestG
			if costs != nil {
				// units lifted per cost, then criteria completed per cost; ties: the ruleset's order
				c := rateCmp(n, cost, bestN, bestCost)
				if c == 0 {
					c = rateCmp(g, cost, bestG, bestCost)
				}
				better = c > 0
			}
			if better {
				best, bestN, bestG, bestCost = id, n, g, cost
			}
		}
		if bestN == 0 && bestG == 0 {
			break
		}
		chosen[best] = true
		step := info[best]
		step.Completed = bestG
		step.Cost = bestCost
		step.Price, _ = costs.Of(best)
		var ok bool
		if pl.Cost, ok = addNum(pl.Cost, bestCost); !ok {
			return nil, fmt.Errorf("criteria: the plan's cost does not fit a number: write the prices in a larger unit")
		}
		for i := range units {
			if !lifted[i] && units[i].met+gained(&units[i], "") >= pl.Threshold {
				lifted[i] = true
				step.Lifted = append(step.Lifted, results[i].Unit.Code)
			}
		}
		total += len(step.Lifted)
		step.Total = total
		pl.Steps = append(pl.Steps, step)
	}
	pl.StepLimit = maxSteps > 0 && len(pl.Steps) == maxSteps
	pl.Remaining = pl.Units - total
	return pl, nil
}
