package scoring

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// MaxCriteria is how many criteria a scored ruleset may have: an Input holds the status of
// each in fixed-size sets.
const MaxCriteria = 128

// Input is what scoring reads of one unit in one period: who it is, the status of each
// criterion, the counts and the four facts, and, when progress points count, the same of its
// previous period. It is small (about 150 bytes besides its strings) and holds no explanation,
// so a whole province's inputs can be kept to rank. Make it with Scheme.Input from the
// verdict-only path, or Scheme.InputOf from an explained result.
//
// A slice of inputs suits a province; for a large data set, collect them in an InputSet,
// which keeps about 70 bytes a unit.
type Input struct {
	Code     string
	Name     string
	District string // the unit it belongs to at the level above (a commune's district, a hamlet's commune), as the data name it ("" for none)
	Period   criteria.Period

	Met, NotMet, Unknown int // criteria (a criterion whose indicators are all not applicable is met)

	AllMet         criteria.Truth
	Eligible       criteria.Truth
	Slipped        criteria.Truth
	Recognised     bool
	RecognisedYear int // the year of the title held in the period (0 when not recognised)

	now    statusSet // by the scheme's criterion index
	prev   previous  // the previous period, when prev.has
	layout *layout   // the ruleset's criteria, which the sets are indexed by
}

// previous is what an input keeps of its unit's previous period.
type previous struct {
	has        bool
	recognised bool
	now        statusSet
	period     criteria.Period
}

// layout is the criteria of a scored ruleset, in order: what an input's sets are indexed by.
// Any scheme of the same ruleset reads the inputs of another.
type layout struct {
	ref string
	ids []string
}

func (l *layout) same(m *layout) bool {
	return l == m || l != nil && m != nil && l.ref == m.ref && slices.Equal(l.ids, m.ids)
}

// idsIn returns the ids of the criteria in a mask, in ruleset order.
func (l *layout) idsIn(m *[MaxCriteria / 64]uint64) []string {
	n := popcount(*m)
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for k := range l.ids {
		if m[k/64]&(1<<(k%64)) != 0 {
			out = append(out, l.ids[k])
		}
	}
	return out
}

// statusSet is the status of each criterion: met (or not applicable), not met, or neither
// (unknown).
type statusSet struct {
	met, notMet [MaxCriteria / 64]uint64
}

func (s *statusSet) set(k int, st criteria.Status) {
	w, b := k/64, uint64(1)<<(k%64)
	switch {
	case st == criteria.Met || st == criteria.NotApplicable:
		s.met[w] |= b
	case st == criteria.NotMet:
		s.notMet[w] |= b
	}
}

// status returns the status of criterion k: Met, NotMet or Unknown.
func (s *statusSet) status(k int) criteria.Status {
	w, b := k/64, uint64(1)<<(k%64)
	switch {
	case s.met[w]&b != 0:
		return criteria.Met
	case s.notMet[w]&b != 0:
		return criteria.NotMet
	}
	return criteria.Unknown
}

// count returns how many criteria of mask are met.
func (s *statusSet) count(mask *[MaxCriteria / 64]uint64) int {
	n := 0
	for w := range s.met {
		n += bits.OnesCount64(s.met[w] & mask[w])
	}
	return n
}

// gained returns the criteria met in s and not met in before.
func (s *statusSet) gained(before *statusSet) (out [MaxCriteria / 64]uint64) {
	for w := range out {
		out[w] = s.met[w] & before.notMet[w]
	}
	return out
}

// lost returns the criteria not met in s and met in before.
func (s *statusSet) lost(before *statusSet) (out [MaxCriteria / 64]uint64) {
	for w := range out {
		out[w] = s.notMet[w] & before.met[w]
	}
	return out
}

func popcount(m [MaxCriteria / 64]uint64) int {
	n := 0
	for _, w := range m {
		n += bits.OnesCount64(w)
	}
	return n
}

// Status returns the status of the scheme's i-th criterion (in the ruleset's order): Met (met
// or not applicable), NotMet or Unknown.
func (in *Input) Status(i int) criteria.Status { return in.now.status(i) }

// HasPrevious reports whether the input carries its previous period.
func (in *Input) HasPrevious() bool { return in.prev.has }

// SetPrevious records the unit's previous period, so that its progress is scored: criteria
// gained and lost, newly recognised. prev must be an input of the same unit and scheme, of an
// earlier period.
func (in *Input) SetPrevious(prev Input) error {
	switch {
	case !prev.layout.same(in.layout):
		return inputErr(in.Code, "the previous input is of another ruleset")
	case prev.Code != in.Code:
		return inputErr(in.Code, "the previous input is of unit %q", prev.Code)
	case !prev.Period.Before(in.Period):
		return inputErr(in.Code, "the previous input's period %s is not before %s", prev.Period, in.Period)
	}
	in.prev = previous{has: true, now: prev.now, recognised: prev.Recognised, period: prev.Period}
	return nil
}

// Input makes the scoring input of a unit from its verdicts by prog, a program of the ruleset
// the scheme scores (or of a file extending it with the same criteria).
func (s *Scheme) Input(prog *criteria.Program, u *criteria.Unit, v *criteria.Verdicts) (Input, error) {
	s = s.core
	if prog == nil || u == nil || v == nil {
		return Input{}, inputErr("", "Input needs a program, a unit and its verdicts")
	}
	order, err := s.orderOf(prog)
	if err != nil {
		return Input{}, err
	}
	if v.Criteria() != len(order) {
		return Input{}, inputErr(u.Code, "the verdicts hold %d criteria; the program has %d", v.Criteria(), len(order))
	}
	// The strings are copied, in one allocation: a streaming reader's unit shares its row's
	// memory, and an input is kept long after the row.
	in := Input{Period: u.Period, AllMet: v.AllMet, Eligible: v.Eligible, Slipped: v.Slipped, Recognised: v.Recognised, layout: s.layout}
	in.Code, in.Name, in.District = cloneStrings(u.Code, u.Name, districtOf(u.Parent(s.parent)))
	for i, k := range order {
		st := v.Criterion(i)
		in.now.set(k, st)
		in.count(st)
	}
	if in.Recognised {
		if r := u.Recognised(s.title, u.Period); r != nil {
			in.RecognisedYear = r.Year
		}
	}
	return in, nil
}

// cloneStrings copies three strings into one allocation.
func cloneStrings(a, b, c string) (string, string, string) {
	all := a + b + c // a new string when two or more are not empty; else it may share one
	if (a == "") || (b == "") || (c == "") {
		if (a != "" && b != "") || (a != "" && c != "") || (b != "" && c != "") {
			return all[:len(a)], all[len(a) : len(a)+len(b)], all[len(a)+len(b):]
		}
		all = strings.Clone(all)
	}
	return all[:len(a)], all[len(a) : len(a)+len(b)], all[len(a)+len(b):]
}

// InputOf makes the scoring input of an explained result.
func (s *Scheme) InputOf(r *criteria.Result) (Input, error) {
	s = s.core
	var errs criteria.ErrorList
	s.checkResult(r, "result", &errs)
	if len(errs) > 0 {
		return Input{}, errs
	}
	in := Input{Code: r.Unit.Code, Name: r.Unit.Name, District: districtOf(r.Unit.Parent(s.parent)), Period: r.Unit.Period,
		AllMet: r.AllMet, Eligible: r.Eligible, Slipped: r.Slipped, Recognised: r.Recognised(), layout: s.layout}
	if r.Recognition != nil {
		in.RecognisedYear = r.Recognition.Year
	}
	seen := [MaxCriteria / 64]uint64{}
	for i := range r.Criteria {
		k := s.critIndex(r, i)
		if k < 0 || seen[k/64]&(1<<(k%64)) != 0 {
			continue
		}
		seen[k/64] |= 1 << (k % 64)
		st := r.Criteria[i].Status
		in.now.set(k, st)
		in.count(st)
	}
	return in, nil
}

// InputsOf makes the inputs of explained results, in order, each with its previous period
// when prev holds a result of the same unit (prev may be nil).
func (s *Scheme) InputsOf(results, prev []*criteria.Result) ([]Input, error) {
	s = s.core
	out := make([]Input, len(results))
	var errs criteria.ErrorList
	for i, r := range results {
		in, err := s.InputOf(r)
		if err != nil {
			errs = append(errs, criteria.Errors(err)...)
			continue
		}
		out[i] = in
	}
	if len(prev) > 0 && len(errs) == 0 {
		before := make(map[string]Input, len(prev))
		for _, r := range prev {
			in, err := s.InputOf(r)
			if err != nil {
				errs = append(errs, criteria.Errors(err)...)
				continue
			}
			before[in.Code] = in
		}
		for i := range out {
			if p, ok := before[out[i].Code]; ok {
				if err := out[i].SetPrevious(p); err != nil {
					errs = append(errs, criteria.Errors(err)...)
				}
			}
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return out, nil
}

func (in *Input) count(st criteria.Status) {
	switch st {
	case criteria.Met, criteria.NotApplicable:
		in.Met++
	case criteria.NotMet:
		in.NotMet++
	default:
		in.Unknown++
	}
}

// orderOf maps a program's criteria to the scheme's criterion indexes, once per program.
func (s *Scheme) orderOf(prog *criteria.Program) ([]int, error) {
	if o, ok := s.orders.Load(prog); ok {
		return o.([]int), nil
	}
	if ref := prog.Info().Ref(); ref != s.ref {
		return nil, inputErr("", "the program is of %s; the scheme scores %s", ref, s.ref)
	}
	crits := prog.Criteria()
	if len(crits) != len(s.ids) {
		return nil, inputErr("", "the program %s has %d criteria; the scheme scores %d", prog.Info().Ref(), len(crits), len(s.ids))
	}
	order := make([]int, len(crits))
	for i, c := range crits {
		k, ok := s.crit[c.ID()]
		if !ok {
			return nil, inputErr("", "the program %s has criterion %s, which the scheme's ruleset does not", prog.Info().Ref(), c.ID())
		}
		order[i] = k
	}
	s.orders.Store(prog, order)
	return order, nil
}

// String writes the input briefly, for test failures and logs.
func (in Input) String() string {
	return fmt.Sprintf("%s %s: met %d, not met %d, unknown %d, recognised %t", in.Code, in.Period, in.Met, in.NotMet, in.Unknown, in.Recognised)
}
