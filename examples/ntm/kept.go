package main

import (
	"context"
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// keeper keeps the units of the periods a report can show while the data is read: the period
// (given, or the latest so far) and the previous one (given, or the latest whole year before
// it so far). Both only move later as rows come, so a period let go is never needed again:
// memory follows two periods, not the file. Every period's rows are counted.
type keeper struct {
	cur, prev       criteria.Period
	curSet, prevSet bool
	counts          map[criteria.Period]int
	units           map[criteria.Period][]*criteria.Unit
}

func newKeeper(period, previous string) *keeper {
	k := &keeper{counts: map[criteria.Period]int{}, units: map[criteria.Period][]*criteria.Unit{}}
	if p, err := criteria.ParsePeriod(period); period != "" && err == nil {
		k.cur, k.curSet = p, true
	}
	if p, err := criteria.ParsePeriod(previous); previous != "" && err == nil {
		k.prev, k.prevSet = p, true
	}
	return k
}

func (k *keeper) add(u *criteria.Unit) {
	q := u.Period
	k.counts[q]++
	if k.counts[q] == 1 {
		k.settle()
	}
	if q == k.cur || q == k.prev && (k.prevSet || k.prev.Before(k.cur)) {
		k.units[q] = append(k.units[q], u.Clone())
	}
}

// settle chooses the two periods again when a new one appears, and lets the others go.
func (k *keeper) settle() {
	if !k.curSet {
		for p := range k.counts {
			if k.cur.Before(p) || k.cur == (criteria.Period{}) {
				k.cur = p
			}
		}
	}
	if !k.prevSet {
		for p := range k.counts {
			if p.Half == 0 && p.Before(k.cur) && (k.prev.Before(p) || !k.prev.Before(k.cur)) {
				k.prev = p
			}
		}
	}
	for p := range k.units {
		if p != k.cur && p != k.prev {
			delete(k.units, p)
		}
	}
}

// leaveOthers counts the rows of the periods not shown as left out, saying which were shown.
func (k *keeper) leaveOthers(t *tally, shown ...criteria.Period) {
	names := make([]string, len(shown))
	for i, p := range shown {
		names[i] = p.String()
	}
	for q, n := range k.counts {
		if !slices.Contains(shown, q) {
			t.leave(n, "periods other than "+strings.Join(names, ", "))
		}
	}
}

// readKept reads the data of a command that shows one period (and, with previous, the one
// before it): every row is read, checked and counted, and only the units of those periods are
// kept. It returns the keeper, the periods the data has, in order, and the counts so far.
func readKept(e *env, o *opts, rs *criteria.Ruleset, previous string) (*keeper, []criteria.Period, *tally, int) {
	src, code := openUnits(e, o, rs)
	if code != exitOK {
		return nil, nil, nil, code
	}
	t := &tally{}
	k := newKeeper(o.period, previous)
	for src.Next() {
		printErrors(e, src.TakeErrors())
		k.add(src.Unit())
	}
	printErrors(e, src.TakeErrors())
	t.read, t.rejected, t.problems = src.Rows(), src.Rejected(), src.Problems()
	if src.Rows() == 0 {
		return nil, nil, t, noRows(e, o, src, t)
	}
	seen := map[criteria.Period]bool{}
	for p := range k.counts {
		seen[p] = true
	}
	return k, sortedPeriods(seen), t, exitOK
}

// explainUnits explains units with prog, counting each one evaluated and each rejected (its
// errors printed); false when the context ends.
func explainUnits(ctx context.Context, e *env, prog *criteria.Program, units []*criteria.Unit, t *tally) ([]*criteria.Result, bool) {
	var out []*criteria.Result
	for _, u := range units {
		r, err := prog.Evaluate(ctx, u)
		if err != nil {
			if ctx.Err() != nil {
				e.errorf("%v", ctx.Err())
				return nil, false
			}
			printErrors(e, criteria.Errors(err))
			t.rejected++
			continue
		}
		out = append(out, r)
		t.evaluated++
	}
	return out, true
}
