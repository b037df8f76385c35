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
	Plural  Text      // the word for several
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
// A unit belongs to the unit of the next level, of its own period, that its data name at that
// level (Unit.Parent, by code, else by a name only one unit has); when the next level has a
// single unit in the period, a unit that names none belongs to it. A unit whose data name a
// parent at a level between its own and the next level of the run counts in the next level
// all the same, and one warning per level says so (8 hamlets name their commune, but the run
// has no commune level). A unit given twice (code and period) at a level is an error, once.
// One unit that cannot be evaluated does not stop the others. A unit's Members are replaced by
// the results of the units that belong to it.
func Rollup(ctx context.Context, levels ...LevelUnits) (*RollupResult, error) {
	if len(levels) == 0 {
		return nil, fmt.Errorf("criteria: Rollup needs at least one level")
	}
	total := 0
	for i, lv := range levels {
		if lv.Program == nil || lv.Program.source == nil {
			return nil, fmt.Errorf("criteria: Rollup level %d has no program (compile one with Ruleset.Compile)", i+1)
		}
		for k, u := range lv.Units {
			if u == nil {
				return nil, fmt.Errorf("criteria: Rollup level %d (%s): unit %d is nil", i+1, lv.Program.source.Level, k+1)
			}
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
	var belowRS *Ruleset
	for k, lv := range order {
		rs := lv.Program.source
		li, _ := rs.LevelInfo(rs.Level)
		units, dups := distinctUnits(lv.Units, rs.Level)
		out.Errors = append(out.Errors, dups...)
		members := make([][]*Result, len(units))
		if k > 0 {
			out.Errors = append(out.Errors, attach(below, belowRS, rs, units, members)...)
		}
		plural := li.Plural
		if plural.IsZero() {
			plural = li.Name
		}
		lr := LevelResults{Level: rs.Level, Name: li.Name, Plural: plural}
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
						Message: fmt.Sprintf("%s %s belongs to %s %s, which could not be evaluated: it counts in none", belowRS.Level, m.Unit.Code, rs.Level, u.Code)}
					e.File, e.Line = sourcePos(m.Unit.Source)
					out.Errors = append(out.Errors, e)
				}
				continue
			}
			lr.Results = append(lr.Results, res)
		}
		out.Levels = append(out.Levels, lr)
		below, belowRS = lr.Results, rs
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
	// Every ruleset's own chain must agree: none puts a level of the run below its own.
	for _, lv := range order {
		rs := lv.Program.source
		for _, x := range order {
			xs := x.Program.source
			if xs.Level != rs.Level && containsLevel(rs.Ancestors(rs.Level), xs.Level) && containsLevel(xs.Ancestors(xs.Level), rs.Level) {
				return nil, fmt.Errorf("criteria: the levels' rulesets disagree on their order: %s puts %q above %q, %s puts it below", rs.Ref(), xs.Level, rs.Level, xs.Ref())
			}
		}
	}
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
func attach(below []*Result, belowRS *Ruleset, rs *Ruleset, units []*Unit, members [][]*Result) ErrorList {
	level, belowLevel := rs.Level, belowRS.Level
	// The levels between the two, which the run lacks: units may name a parent there.
	var between []Level
	for _, l := range belowRS.Ancestors(belowLevel) {
		if l == level {
			break
		}
		between = append(between, l)
	}
	skipped := map[Level]int{}
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
			for _, l := range between {
				if r.Unit.Parent(l) != "" {
					skipped[l]++
				}
			}
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
		if len(warns) < maxSuggestions {
			e.Suggest = suggest(ref, candidates(units, p))
		}
		warns = append(warns, e)
	}
	for _, l := range between {
		if n := skipped[l]; n > 0 {
			many := string(belowLevel)
			if li, ok := belowRS.LevelInfo(belowLevel); ok && li.Plural.Has("en") {
				many = li.Plural.EN
			}
			warns = append(warns, &Error{Code: WarnParent, Severity: SeverityWarning, Path: string(belowLevel),
				Message: fmt.Sprintf("%d %s of the run name their %s, but the run has no %s level: they count directly in the %s above", n, many, l, l, level)})
		}
	}
	return warns
}

// maxSuggestions bounds the parents a roll-up's warnings look for a near name of.
const maxSuggestions = 100

// candidates are the codes and names of a level's units in a period, for a suggestion.
func candidates(units []*Unit, p Period) []string {
	var out []string
	for _, u := range units {
		if u.Period == p {
			out = append(out, u.Code)
			if u.Name != "" {
				out = append(out, u.Name)
			}
		}
	}
	return out
}

// distinctUnits returns a level's units in code order, each (code, period) once: a repeat is
// an error, positioned at the repeat.
func distinctUnits(in []*Unit, level Level) ([]*Unit, ErrorList) {
	units := append([]*Unit(nil), in...)
	sort.SliceStable(units, func(i, j int) bool {
		if units[i].Code != units[j].Code {
			return units[i].Code < units[j].Code
		}
		return units[i].Period.Before(units[j].Period)
	})
	var errs ErrorList
	out := units[:0]
	for i, u := range units {
		if i > 0 && u.Code == units[i-1].Code && u.Period == units[i-1].Period {
			e := &Error{Path: "unit " + u.Code, Code: CodeUnit,
				Message: fmt.Sprintf("%s %s is given twice for %s: a roll-up takes each unit once a period (the first is kept)", level, u.Code, u.Period)}
			e.File, e.Line = sourcePos(u.Source)
			errs = append(errs, e)
			continue
		}
		out = append(out, u)
	}
	return out, errs
}

func periodsText(ps []Period) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return strings.Join(out, ", ")
}
