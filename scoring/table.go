package scoring

import (
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// table is the inputs of one period as the engine reads them: a caller's []Input, a compact
// InputSet, or either with each unit's previous period matched in (withPrev). at makes an
// Input value without allocating; code and district read one field.
type table interface {
	Len() int
	at(i int) Input
	code(i int) string
	district(i int) string
}

// sliceTable is a caller's slice of inputs.
type sliceTable []Input

func (t sliceTable) Len() int              { return len(t) }
func (t sliceTable) at(i int) Input        { return t[i] }
func (t sliceTable) code(i int) string     { return t[i].Code }
func (t sliceTable) district(i int) string { return t[i].District }

// withPrev is a table whose units carry their previous period from another table, matched by
// code (match[i] is the index in prev, or -1).
type withPrev struct {
	table
	prev  table
	match []int32
}

func (t *withPrev) at(i int) Input {
	in := t.table.at(i)
	in.prev = previous{}
	if j := t.match[i]; j >= 0 {
		p := t.prev.at(int(j))
		in.prev = previous{has: true, now: p.now, recognised: p.Recognised, period: p.Period}
	}
	return in
}

// byCode returns the indexes of a table's units in code order.
func byCode(t table) []int32 {
	order := make([]int32, t.Len())
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmpCode(t.code(int(a)), t.code(int(b))) })
	return order
}

// checkTable checks what the inputs of a report must hold: of the scheme's ruleset, codes
// present and unique, one period, which it returns with the units' indexes in code order.
// Duplicates are found in the code order, not with a set of codes, so that checking a million
// units takes 4 bytes each.
func (s *Scheme) checkTable(t table, what string, errs *criteria.ErrorList) (criteria.Period, []int32, bool) {
	if v, ok := t.(upTo); ok {
		if !v.layout.same(s.layout) {
			*errs = append(*errs, inputErr("", "the %ss are not of the ruleset %s the scheme %s scores (make the set with the scheme's NewInputSet)", what, s.ref, s.ID))
			return criteria.Period{}, nil, false
		}
	} else {
		for i := range t.Len() {
			if in := t.at(i); !in.layout.same(s.layout) {
				*errs = append(*errs, inputErr(in.Code, "the %s is not of the ruleset %s the scheme %s scores (make it with a scheme's Input or InputOf)", what, s.ref, s.ID))
				return criteria.Period{}, nil, false
			}
		}
	}
	return checkUnitsOf(t, what, errs)
}

// checkUnitsOf checks that codes are present and unique and that every unit is of one period.
func checkUnitsOf(t table, what string, errs *criteria.ErrorList) (criteria.Period, []int32, bool) {
	order := byCode(t)
	var p criteria.Period
	first := true
	for k, i := range order {
		in := t.at(int(i))
		if in.Code == "" {
			*errs = append(*errs, inputErr("", "%s %s has no unit code (%s)", article(what), what, in.Name))
			continue
		}
		if k > 0 && t.code(int(order[k-1])) == in.Code {
			*errs = append(*errs, inputErr(in.Code, "the unit appears twice in the %ss", what))
			continue
		}
		if first {
			p, first = in.Period, false
		} else if in.Period != p {
			*errs = append(*errs, inputErr(in.Code, "the %s is for %s, the others for %s: give one period at a time", what, in.Period, p))
		}
	}
	if first && len(*errs) == 0 {
		*errs = append(*errs, inputErr("", "no %ss given", what))
	}
	return p, order, !first
}

// matchPrevious matches each unit of t with the unit of prev of the same code, by merging
// the two code orders: -1 where prev has none.
func matchPrevious(t table, order []int32, prev table, prevOrder []int32) []int32 {
	match := make([]int32, t.Len())
	j := 0
	for _, i := range order {
		c := t.code(int(i))
		for j < len(prevOrder) && cmpCode(prev.code(int(prevOrder[j])), c) < 0 {
			j++
		}
		match[i] = -1
		if j < len(prevOrder) && prev.code(int(prevOrder[j])) == c {
			match[i] = prevOrder[j]
		}
	}
	return match
}

// article is "an" before a vowel, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
