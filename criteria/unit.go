package criteria

import (
	"maps"
	"slices"
)

// Recognition is one entry of a unit's recognition history: the title it was given, when,
// and by which decision. Recorded holds values recorded at that time (e.g. the income when the
// commune was recognised, which the model-commune criteria compare with).
type Recognition struct {
	Level    string            `json:"level"`              // ntm, advanced, model, district, town
	Year     int               `json:"year"`               // the year the title is for
	Decision string            `json:"decision,omitempty"` // decision number, e.g. "123/QĐ-UBND"
	Ruleset  string            `json:"ruleset,omitempty"`  // the ruleset it was granted under (id@version), when known
	Recorded map[string]Number `json:"recorded,omitempty"`
}

// Unit is one administrative unit to evaluate: a commune, a district, a town.
type Unit struct {
	Code     string        // official code, e.g. "32221"
	Name     string        // e.g. "Tân Hải"
	District string        // the district-level unit it belongs to (name or code)
	Parents  []Parent      // the units it belongs to at other levels (a hamlet's commune, a village's regency)
	Region   string        // region id of the ruleset, e.g. "dbscl"
	Level    Level         // optional: the kind of unit (a district-level unit may be a town)
	Period   Period        // the period its values describe
	Values   *Values       // its data, typed by the ruleset's fields
	History  []Recognition // its recognition history (input, not computed)
	Members  []*Result     // for a higher level: the results of its member units
	Source   string        // where it was read from, e.g. "communes.csv:12"
}

// Clone returns a copy of the unit that shares nothing mutable with it: its Values, History
// (with each entry's Recorded values) and Members slice are copied; the Results its Members
// point to are shared. A reader that reuses one Unit for every row hands out units to Clone.
func (u *Unit) Clone() *Unit {
	c := *u
	if u.Values != nil {
		c.Values = u.Values.Clone()
	}
	if u.History != nil {
		c.History = make([]Recognition, len(u.History))
		for i, r := range u.History {
			c.History[i] = r
			if r.Recorded != nil {
				c.History[i].Recorded = maps.Clone(r.Recorded)
			}
		}
	}
	c.Members = slices.Clone(u.Members)
	c.Parents = slices.Clone(u.Parents)
	return &c
}

// Parent names the unit a unit belongs to at one level.
type Parent struct {
	Level Level  `json:"level"`
	Code  string `json:"code"` // its code or name, as the data give it
}

// Parent returns the unit it belongs to at the given level (code or name, as the data give
// it), or "": for LevelDistrict, its District unless Parents names one.
func (u *Unit) Parent(l Level) string {
	return parentAt(u.Parents, u.District, l)
}

func parentAt(ps []Parent, district string, l Level) string {
	for _, p := range ps {
		if p.Level == l {
			return p.Code
		}
	}
	if l == LevelDistrict {
		return district
	}
	return ""
}

// Recognised returns the latest recognition at the given level in effect for the period
// (given in or before the period's year), or nil.
func (u *Unit) Recognised(level string, p Period) *Recognition {
	var best *Recognition
	for i := range u.History {
		r := &u.History[i]
		if r.Level == level && r.HeldIn(p) && (best == nil || r.Year >= best.Year) {
			best = r
		}
	}
	return best
}

// HeldIn reports whether a title given for year Y is held in the period: in every period of
// later years, and in year Y's whole-year and second-half reviews — not in its first half,
// since titles for a year are decided towards its end.
func (r *Recognition) HeldIn(p Period) bool {
	return r.Year < p.Year || r.Year == p.Year && p.Half != 1
}
