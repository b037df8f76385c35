package scoring

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/i128"
	"github.com/nongthonmoi/ntm/internal/ydec"
)

// IndexEntry is one unit's value of an index of its ruleset (an index: section), as ranked by
// RankIndex. It keeps the exact value, so that ranks never depend on rounding.
type IndexEntry struct {
	Code     string
	Name     string
	District string
	Parent   string // the unit it belongs to at the level above its own (the district of a commune, the regency of a village)
	Period   criteria.Period

	Known     bool
	Value     criteria.Number // as the ruleset rounds it for printing
	Class     string          // "" when unknown or the index has no classes
	ClassName criteria.Text
	Reason    string // why the value is unknown, when it is

	Rank int  // from 1, equal values sharing one (1, 2, 2, 4); 0 for an unknown value
	Tied bool // another unit has the same value

	num, den int64
}

// IndexEntryOf takes one unit's entry for index id from its explained result. The id must
// name an index of the result's ruleset.
func IndexEntryOf(r *criteria.Result, id string) (IndexEntry, error) {
	x, ok := r.Index(id)
	if !ok {
		ids := make([]string, len(r.Indices))
		for i := range r.Indices {
			ids[i] = r.Indices[i].ID
		}
		if len(ids) == 0 {
			return IndexEntry{}, fmt.Errorf("the ruleset %s declares no index to rank by", r.Ruleset.Ref())
		}
		msg := fmt.Sprintf("the ruleset %s has no index %q (its indices: %v)", r.Ruleset.Ref(), id, ids)
		if s := ydec.Suggest(id, ids); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return IndexEntry{}, fmt.Errorf("%s", msg)
	}
	parent := r.Unit.District
	if ups := r.Ruleset.Ancestors(); len(ups) > 0 {
		parent = r.Unit.Parent(ups[0])
	}
	e := IndexEntry{Code: r.Unit.Code, Name: r.Unit.Name, District: r.Unit.District, Parent: parent, Period: r.Unit.Period,
		Known: x.Known, Class: x.Class, ClassName: x.ClassName, Reason: x.Reason}
	if x.Known {
		e.Value = x.Value
		e.num, e.den = x.Exact()
	} else if e.Reason == "" && len(x.Missing) > 0 {
		e.Reason = fmt.Sprintf("unknown inputs: %v", x.Missing)
	}
	return e, nil
}

// RankIndex ranks entries of one period by their exact value, highest first: equal values
// share a rank and are ordered by code; units whose value is unknown follow, unranked (Rank 0),
// by code. It sorts entries in place and returns them. Entries of several periods are an
// error: a ranking compares units of one period.
func RankIndex(entries []IndexEntry) ([]IndexEntry, error) {
	for i := 1; i < len(entries); i++ {
		if entries[i].Period != entries[0].Period {
			return nil, fmt.Errorf("the entries are of periods %s and %s: rank one period at a time", entries[0].Period, entries[i].Period)
		}
	}
	slices.SortStableFunc(entries, func(a, b IndexEntry) int {
		switch {
		case a.Known != b.Known:
			if a.Known {
				return -1
			}
			return 1
		case a.Known:
			if c := cmpFrac(b.num, b.den, a.num, a.den); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Code, b.Code)
	})
	for i := range entries {
		e := &entries[i]
		if !e.Known {
			continue
		}
		e.Rank = i + 1
		if i > 0 && entries[i-1].Known && cmpFrac(e.num, e.den, entries[i-1].num, entries[i-1].den) == 0 {
			e.Rank, e.Tied, entries[i-1].Tied = entries[i-1].Rank, true, true
		}
	}
	return entries, nil
}

// cmpFrac compares a/b with c/d exactly (b, d > 0), by 128-bit cross products.
func cmpFrac(a, b, c, d int64) int { return i128.Cmp(i128.Mul(a, d), i128.Mul(c, b)) }
