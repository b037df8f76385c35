package criteria

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// LevelUnits is one level of a roll-up: the program that judges its units, and the units.
type LevelUnits struct {
	Program *Program
	Units   []*Unit
}

// LevelResults is one level of a roll-up evaluated.
type LevelResults struct {
	Level   Level
	Name    Text      // the word for one of its units, as its ruleset declares it
	Results []*Result // in code order; above the lowest level, each lists its members
	// CountsIn is, for each result, the code of the unit of the run's next level it counts in
	// (a member of), or "" when none: at the top level, or when its parent is not in the run.
	CountsIn []string
}

// RollupResult is a roll-up evaluated: every level's results, the lowest first. Every unit
// given is either in its level's Results or, when it could not be evaluated, in Errors; a
// unit whose parent is not in the run is in Results and also named by a W-PARENT warning,
// since it counts in no parent.
type RollupResult struct {
	Levels []LevelResults
	Errors ErrorList
}

// Level returns the results of one level, or nil when the roll-up has none of it.
func (r *RollupResult) Level(l Level) *LevelResults {
	for i := range r.Levels {
		if r.Levels[i].Level == l {
			return &r.Levels[i]
		}
	}
	return nil
}

// MaxRollupUnits is how many units Rollup takes in one call, over every level. It keeps every
// unit's explained result, for the members of the level above and the report; a province's
// hamlets, communes and itself are a few thousand.
const MaxRollupUnits = 20_000

// Rollup evaluates units at several levels in one run, the lowest level first: each unit's
// result becomes a member of the unit it belongs to at the next level of the run, so a
// ruleset's from: {members: …} fields count them (hamlets in a commune, communes in a
// province). The levels may be given in any order; they must lie on one parent chain, as the
// lowest level's ruleset declares it, and a level of the chain with no units in the run is
// skipped: with no districts, communes belong to the province.
//
// A unit belongs to the unit of the next level that its data name at that level (Unit.Parent,
// by code, else by a name only one unit has); when the next level has a single unit, a unit
// that names none belongs to it. One unit that cannot be evaluated does not stop the others.
// A unit's Members are replaced by the results of the units that belong to it.
func Rollup(ctx context.Context, levels ...LevelUnits) (*RollupResult, error) {
	if len(levels) == 0 {
		return nil, fmt.Errorf("criteria: Rollup needs at least one level")
	}
	total := 0
	for i, lv := range levels {
		if lv.Program == nil {
			return nil, fmt.Errorf("criteria: Rollup level %d has no program", i+1)
		}
		total += len(lv.Units)
	}
	if total > MaxRollupUnits {
		return nil, fmt.Errorf("criteria: %d units given; a roll-up takes at most %d (every unit's explanation is kept): evaluate it in parts", total, MaxRollupUnits)
	}
	order, err := chainOrder(levels)
	if err != nil {
		return nil, err
	}
	out := &RollupResult{}
	var below []*Result // the results of the level below, to hand out as members
	var belowLevel Level
	for k, lv := range order {
		rs := lv.Program.source
		li, _ := rs.LevelInfo(rs.Level)
		units := append([]*Unit(nil), lv.Units...)
		sort.SliceStable(units, func(i, j int) bool { return units[i].Code < units[j].Code })
		members := make([][]*Result, len(units))
		if k > 0 {
			out.Errors = append(out.Errors, attach(below, belowLevel, rs, units, members)...)
		}
		lr := LevelResults{Level: rs.Level, Name: li.Name}
		for i, u := range units {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			uu := u
			if k > 0 {
				c := *u
				c.Members = members[i]
				uu = &c
			}
			res, err := lv.Program.Evaluate(ctx, uu)
			if err != nil {
				xs := Errors(err)
				if len(xs) == 0 {
					return nil, err // ctx is done
				}
				out.Errors = append(out.Errors, xs...)
				for _, m := range uu.Members { // they count in no unit that has a result
					e := &Error{Path: "unit " + m.Unit.Code, Code: WarnParent, Severity: SeverityWarning,
						Message: fmt.Sprintf("%s %s belongs to %s %s, which could not be evaluated: it counts in none", belowLevel, m.Unit.Code, rs.Level, u.Code)}
					e.File, e.Line = sourcePos(m.Unit.Source)
					out.Errors = append(out.Errors, e)
				}
				continue
			}
			lr.Results = append(lr.Results, res)
		}
		out.Levels = append(out.Levels, lr)
		below, belowLevel = lr.Results, rs.Level
	}
	for k := range out.Levels {
		lv := &out.Levels[k]
		lv.CountsIn = make([]string, len(lv.Results))
		if k+1 == len(out.Levels) {
			continue
		}
		in := map[*Result]string{}
		for _, up := range out.Levels[k+1].Results {
			for _, m := range up.Unit.Members {
				in[m] = up.Unit.Code
			}
		}
		for i, r := range lv.Results {
			lv.CountsIn[i] = in[r]
		}
	}
	out.Errors.Sort()
	return out, nil
}

// chainOrder sorts the levels from the lowest and checks that each lies above the one before
// on the lowest level's parent chain.
func chainOrder(levels []LevelUnits) ([]LevelUnits, error) {
	seen := map[Level]bool{}
	for _, lv := range levels {
		l := lv.Program.source.Level
		if seen[l] {
			return nil, fmt.Errorf("criteria: Rollup is given level %q twice", l)
		}
		seen[l] = true
	}
	// A level is lower than another when the other is among its ancestors: the lowest has
	// every other level above it.
	above := func(a LevelUnits) int {
		ups, n := a.Program.source.Ancestors(a.Program.source.Level), 0
		for _, x := range levels {
			if containsLevel(ups, x.Program.source.Level) {
				n++
			}
		}
		return n
	}
	order := append([]LevelUnits(nil), levels...)
	sort.SliceStable(order, func(i, j int) bool { return above(order[i]) > above(order[j]) })
	lowest := order[0].Program.source
	chain := lowest.Ancestors(lowest.Level)
	for _, lv := range order[1:] {
		if l := lv.Program.source.Level; !containsLevel(chain, l) {
			ups := make([]string, len(chain))
			for i, c := range chain {
				ups[i] = string(c)
			}
			return nil, fmt.Errorf("criteria: level %q is not above %q: %s's ruleset %s puts it under %s", l, lowest.Level, lowest.Level, lowest.Ref(), strings.Join(append([]string{string(lowest.Level)}, ups...), " → "))
		}
	}
	return order, nil
}

// attach hands the results of the level below to the units they belong to: members[i] gets
// those of units[i]. A member counts only in a unit of its own period. It returns a warning
// for each result whose parent is not in the run, is in it only for other periods, or is
// named ambiguously (two units of the level share the code, or the name, in the period).
func attach(below []*Result, belowLevel Level, rs *Ruleset, units []*Unit, members [][]*Result) ErrorList {
	level := rs.Level
	type key struct {
		ref    string
		period Period
	}
	const ambiguous = -1
	byCode := make(map[key]int, len(units))
	byName := make(map[key]int, len(units))
	periods := map[string][]Period{} // a code's periods in the run, for the warning
	single := map[Period]int{}       // the level's only unit of a period, or ambiguous
	for i, u := range units {
		k := key{u.Code, u.Period}
		if _, dup := byCode[k]; dup {
			byCode[k] = ambiguous
		} else {
			byCode[k] = i
		}
		periods[u.Code] = append(periods[u.Code], u.Period)
		if _, dup := single[u.Period]; dup {
			single[u.Period] = ambiguous
		} else {
			single[u.Period] = i
		}
		if u.Name == "" {
			continue
		}
		n := key{u.Name, u.Period}
		if _, dup := byName[n]; dup {
			byName[n] = ambiguous // several units share the name: it names none of them
		} else {
			byName[n] = i
		}
	}
	var warns ErrorList
	for _, r := range below {
		ref, p := r.Unit.Parent(level), r.Unit.Period
		i, ok := byCode[key{ref, p}]
		if !ok && ref != "" {
			i, ok = byName[key{ref, p}]
		}
		if ref == "" {
			i, ok = single[p]
		}
		if ok && i != ambiguous {
			members[i] = append(members[i], r)
			continue
		}
		var msg string
		switch {
		case ok: // ambiguous
			msg = fmt.Sprintf("%s %s belongs to %s %q, which names several units of the run in %s: it counts in none (name it by a code only one unit has)", belowLevel, r.Unit.Code, level, ref, p)
			if ref == "" {
				msg = fmt.Sprintf("%s %s names no %s, and the run has several in %s: it counts in none (give its %s column)", belowLevel, r.Unit.Code, level, p, level)
			}
		case ref == "":
			msg = fmt.Sprintf("%s %s names no %s, and the run has none in %s: it counts in none", belowLevel, r.Unit.Code, level, p)
		case len(periods[ref]) > 0:
			msg = fmt.Sprintf("%s %s belongs to %s %q, which the run has only for %s, not %s: it counts in none", belowLevel, r.Unit.Code, level, ref, periodsText(periods[ref]), p)
		default:
			msg = fmt.Sprintf("%s %s belongs to %s %q, which is not in the run: it counts in none", belowLevel, r.Unit.Code, level, ref)
		}
		e := &Error{Path: "unit " + r.Unit.Code, Code: WarnParent, Severity: SeverityWarning, Message: msg}
		e.File, e.Line = sourcePos(r.Unit.Source)
		warns = append(warns, e)
	}
	return warns
}

func periodsText(ps []Period) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return strings.Join(out, ", ")
}
