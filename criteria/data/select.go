package data

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// Selection keeps the units of a stream a question is about: one period, some unit codes, or
// both. It counts the units it leaves out, and says when the period or a code matched no unit,
// so that a question about data that is not there is never answered with an empty result.
//
//	sel := data.Select(&period)          // nil: every period
//	for r.Next() {
//		if !sel.Keep(r.Unit()) {
//			continue
//		}
//		… evaluate r.Unit() …
//	}
//	if err := sel.Err(); err != nil { … the period or a code matched nothing … }
type Selection struct {
	period    criteria.Period
	anyPeriod bool
	codes     map[string]bool // code → found
	order     []string
	seen      map[criteria.Period]bool
	leftOut   int
}

// Select returns a selection of the units of period (nil for every period) and, when codes
// are given, of those codes only.
func Select(period *criteria.Period, codes ...string) *Selection {
	s := &Selection{anyPeriod: period == nil, seen: map[criteria.Period]bool{}}
	if period != nil {
		s.period = *period
	}
	if len(codes) > 0 {
		s.codes = make(map[string]bool, len(codes))
		for _, c := range codes {
			if _, dup := s.codes[c]; !dup {
				s.codes[c] = false
				s.order = append(s.order, c)
			}
		}
	}
	return s
}

// Keep reports whether the unit is selected, and counts it as left out when it is not.
func (s *Selection) Keep(u *criteria.Unit) bool {
	s.seen[u.Period] = true
	if !s.anyPeriod && u.Period != s.period {
		s.leftOut++
		return false
	}
	if s.codes != nil {
		if _, ok := s.codes[u.Code]; !ok {
			s.leftOut++
			return false
		}
		s.codes[u.Code] = true
	}
	return true
}

// LeftOut returns how many units Keep left out.
func (s *Selection) LeftOut() int { return s.leftOut }

// Periods returns the periods of the units seen, in order.
func (s *Selection) Periods() []criteria.Period {
	out := make([]criteria.Period, 0, len(s.seen))
	for p := range s.seen {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// Missing returns the codes selected that no unit of the selected period had, in the order
// given.
func (s *Selection) Missing() []string {
	var out []string
	for _, c := range s.order {
		if !s.codes[c] {
			out = append(out, c)
		}
	}
	return out
}

// Err says, once the stream is read, what matched nothing: the period, when no unit was of it
// (naming the periods the data has), or the codes no selected unit had. It is nil when every
// part of the selection matched, and when no unit was seen at all (an empty stream is the
// reader's to report).
func (s *Selection) Err() error {
	if len(s.seen) == 0 {
		return nil
	}
	if !s.anyPeriod && !s.seen[s.period] {
		names := make([]string, 0, len(s.seen))
		for _, p := range s.Periods() {
			names = append(names, p.String())
		}
		return fmt.Errorf("the period %s matches no unit: the data has %s", s.period, strings.Join(names, ", "))
	}
	if m := s.Missing(); len(m) > 0 {
		return fmt.Errorf("no unit with the code %s in the data selected", strings.Join(m, ", "))
	}
	return nil
}
