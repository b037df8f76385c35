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
}

// MakePlan builds a greedy plan of at most maxSteps steps lifting the results to threshold
// criteria met (0: every criterion). Each step takes the indicator that lifts the most units
// given the steps before it; among those lifting as many (none, when every unit lacks several),
// the one completing the most criteria of the units not yet lifted; ties: the ruleset's order.
// The plan stops when no indicator completes a criterion. The results must come from one
// ruleset.
func MakePlan(results []*Result, threshold, maxSteps int) (*Plan, error) {
	pl := &Plan{Threshold: threshold, Units: len(results)}
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
	for len(pl.Steps) < maxSteps || maxSteps <= 0 {
		best, bestN, bestG := "", 0, 0
		for _, id := range ids {
			if chosen[id] {
				continue
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
			if n > bestN || n == bestN && g > bestG {
				best, bestN, bestG = id, n, g
			}
		}
		if bestN == 0 && bestG == 0 {
			break
		}
		chosen[best] = true
		step := info[best]
		step.Completed = bestG
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
