package criteria

import "fmt"

// PlanStep is one step of a greedy plan: the indicator whose improvement, with the steps
// before it, lifts the most units over the threshold.
type PlanStep struct {
	Criterion CriterionInfo
	Indicator IndicatorInfo
	Lifted    []string // the units this step lifts, in the results' order
	Completed int      // criteria this step completes for the units not yet lifted before it
	Total     int      // units over the threshold after this step, those already over included
	// With a cost table (MakeCostedPlan): what the step costs, summed over the units not yet
	// lifted that miss the indicator; CostUnknown counts those whose cost is not known (a check
	// of the indicator is unknown), left out of Cost.
	Cost        Number
	CostUnknown int
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
	// that the table does not price, which the plan never takes (no cost is invented).
	Costed   bool
	Unpriced []string
	Cost     Number // the steps' costs summed
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
	// stepCost sums what improving id costs the units not yet lifted that miss it.
	stepCost := func(id string) (Number, int) {
		var sum Number
		unknown := 0
		for i := range units {
			if lifted[i] {
				continue
			}
			c, ok := costs.UnitCost(results[i], id)
			if !ok {
				unknown++
				continue
			}
			sum = sum.Add(c)
		}
		return sum, unknown
	}
	for len(pl.Steps) < maxSteps || maxSteps <= 0 {
		best, bestN, bestG := "", 0, 0
		var bestCost Number
		bestUnknown := 0
		for _, id := range ids {
			if chosen[id] {
				continue
			}
			var cost Number
			unknown := 0
			if costs != nil {
				if _, ok := costs.Of(id); !ok {
					continue
				}
				cost, unknown = stepCost(id)
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
				switch {
				case n > 0 || bestN > 0:
					better = cheaper(n, cost, bestN, bestCost)
				default:
					better = cheaper(g, cost, bestG, bestCost)
				}
			}
			if better {
				best, bestN, bestG, bestCost, bestUnknown = id, n, g, cost, unknown
			}
		}
		if bestN == 0 && bestG == 0 {
			break
		}
		chosen[best] = true
		step := info[best]
		step.Completed = bestG
		step.Cost, step.CostUnknown = bestCost, bestUnknown
		pl.Cost = pl.Cost.Add(bestCost)
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
	pl.Remaining = pl.Units - total
	return pl, nil
}
