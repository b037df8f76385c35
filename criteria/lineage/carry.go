package lineage

import (
	"fmt"
	"strings"
)

// Standing is what the data say of a unit's commune title (its new-rural recognition) at one
// time.
type Standing uint8

const (
	NoData        Standing = iota // the data have no row for the unit
	NotRecognised                 // a row, and no title in force
	Recognised                    // a row, and a title in force
	NotCommune                    // a ward, town, special zone or district: it holds no commune title
)

// Words returns the standing in Vietnamese or, for lang "en", in English.
func (s Standing) Words(lang string) string {
	w := [...][2]string{
		NoData:        {"không có số liệu", "no data"},
		NotRecognised: {"chưa đạt chuẩn", "not recognised"},
		Recognised:    {"đạt chuẩn", "recognised"},
		NotCommune:    {"không xét (không phải xã)", "not assessed (not a commune)"},
	}
	if int(s) >= len(w) {
		return "?"
	}
	if lang == "en" {
		return w[s][1]
	}
	return w[s][0]
}

// String returns the standing's id: no_data, not_recognised, recognised, not_commune.
func (s Standing) String() string {
	switch s {
	case NoData:
		return "no_data"
	case NotRecognised:
		return "not_recognised"
	case Recognised:
		return "recognised"
	case NotCommune:
		return "not_commune"
	}
	return "?"
}

// MarshalText writes the standing's id.
func (s Standing) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Case is what a reorganisation does to a new unit's title, from its predecessors' standing.
//
// The rule followed is Công văn 267/BNN-VPĐP (09/01/2024): a commune formed by merging communes
// that were all recognised keeps the title by a decision of the province; a merger of
// recognised and unrecognised communes must apply again. It was written for the 2023-2025
// arrangements, so applying it to another reorganisation (that of 01/7/2025) is an inference,
// and every case but CaseUnchanged and CaseNotRural says so (Carried.Inferred).
type Case uint8

const (
	// CaseNoData: no predecessor that is a commune has data; nothing can be said.
	CaseNoData Case = iota
	// CaseUnchanged: one predecessor, taken whole, into this unit alone: it keeps its standing.
	CaseUnchanged
	// CaseToBeDecided: formed wholly from communes that were all recognised; it keeps the
	// title only by a provincial decision, so it is "to be decided", not "recognised".
	CaseToBeDecided
	// CaseApplyAgain: some predecessor was recognised, but another was taken only in part, not
	// recognised, or not a commune (a town or ward holds no commune title): the unit must apply
	// for recognition again.
	CaseApplyAgain
	// CaseIncomplete: some predecessors have no data, and the others do not settle the case.
	CaseIncomplete
	// CaseNotRural: the new unit is a ward (or another unit that is not a commune): it leaves
	// the rural units the share of recognised communes is counted over.
	CaseNotRural
	// CaseNoTitle: no predecessor held the title: there is nothing to keep, and the unit is not
	// recognised until it is.
	CaseNoTitle
)

// String returns the case's id.
func (c Case) String() string {
	return [...]string{"no_data", "unchanged", "to_be_decided", "apply_again", "incomplete", "not_rural", "no_title"}[min(int(c), 6)]
}

// MarshalText writes the case's id.
func (c Case) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Words returns the case in Vietnamese or, for lang "en", in English.
func (c Case) Words(lang string) string {
	w := [...][2]string{
		CaseNoData:      {"không có số liệu của đơn vị trước", "no data on the units before"},
		CaseUnchanged:   {"giữ nguyên", "unchanged"},
		CaseToBeDecided: {"chờ tỉnh quyết định giữ chuẩn", "to be decided by the province"},
		CaseApplyAgain:  {"phải xét công nhận lại", "must apply again"},
		CaseIncomplete:  {"chưa đủ số liệu của đơn vị trước", "incomplete data on the units before"},
		CaseNotRural:    {"không thuộc diện xét xã nông thôn mới", "not a rural commune"},
		CaseNoTitle:     {"chưa có danh hiệu (không đơn vị trước nào đạt chuẩn)", "no title to keep (no predecessor recognised)"},
	}
	if int(c) >= len(w) {
		return "?"
	}
	if lang == "en" {
		return w[c][1]
	}
	return w[c][0]
}

// Basis is the rule a Carried follows, as a note for readers.
const Basis = "Công văn 267/BNN-VPĐP (09/01/2024)"

// Predecessor is one link into a new unit with the standing of its old unit before.
type Predecessor struct {
	Link
	Before Standing
}

// Text writes the predecessor for a reader: its name, "một phần" (part of) when only part of
// it went into the new unit, and its standing before when it is a commune.
func (p Predecessor) Text(lang string) string {
	s := p.From.Name
	if p.Share == Part {
		s = map[bool]string{true: "part of ", false: "một phần "}[lang == "en"] + s
	}
	if p.Before != NotCommune {
		s += " (" + p.Before.Words(lang) + ")"
	}
	return s
}

// Carried is what a reorganisation does to one new unit's title.
type Carried struct {
	Unit         Unit
	Case         Case
	Inferred     bool          // the case applies Công văn 267/BNN-VPĐP beyond the arrangements it was written for
	Predecessors []Predecessor // in the lineage file's order
	Why          []string      // the reasons, in Vietnamese: the predecessors that decide the case
	WhyEN        []string      // the same in English
}

// CaseText writes the case for a reader, marked " *" when it rests on the inference.
func (c Carried) CaseText(lang string) string {
	if c.Inferred {
		return c.Case.Words(lang) + " *"
	}
	return c.Case.Words(lang)
}

// PredecessorsText writes the predecessors for a reader, separated by "; ".
func (c Carried) PredecessorsText(lang string) string {
	ps := make([]string, len(c.Predecessors))
	for i, p := range c.Predecessors {
		ps[i] = p.Text(lang)
	}
	return strings.Join(ps, "; ")
}

// Carry says what becomes of a new unit's title, given the standing of each old unit before
// the reorganisation (before is asked only about communes: other kinds are NotCommune). The
// code must be a unit after the reorganisation.
func (r *Reorganisation) Carry(newCode string, before func(oldCode string) Standing) (Carried, error) {
	links := r.Predecessors(newCode)
	if len(links) == 0 {
		if _, ok := r.Old(newCode); ok {
			return Carried{}, fmt.Errorf("%s is a unit before %s, not after it", newCode, r)
		}
		return Carried{}, fmt.Errorf("%s is not a unit after %s", newCode, r)
	}
	c := Carried{Unit: links[0].To, Predecessors: make([]Predecessor, len(links))}
	for i, l := range links {
		s := NotCommune
		if l.From.Kind == KindCommune {
			s = before(l.From.Code)
		}
		c.Predecessors[i] = Predecessor{Link: l, Before: s}
	}
	if c.Unit.Kind != KindCommune {
		c.Case = CaseNotRural
		c.Why = []string{fmt.Sprintf("đơn vị mới là %s", c.Unit.Kind.Words("vi"))}
		c.WhyEN = []string{"the new unit is a " + c.Unit.Kind.Words("en")}
		return c, nil
	}
	p0 := c.Predecessors[0]
	if len(links) == 1 && p0.Share == Whole && p0.From.Kind == KindCommune && len(r.byFrom[p0.From.Code]) == 1 {
		c.Case = CaseUnchanged
		if p0.Before == NoData {
			c.Case = CaseNoData
		}
		c.Why = []string{fmt.Sprintf("%s giữ nguyên, %s", p0.From.Name, p0.Before.Words("vi"))}
		c.WhyEN = []string{fmt.Sprintf("%s unchanged, %s", p0.From.Name, p0.Before.Words("en"))}
		return c, nil
	}
	c.Inferred = true
	noData, rec, anyRec := 0, 0, false
	for _, p := range c.Predecessors {
		anyRec = anyRec || p.Before == Recognised
		switch {
		case p.Share == Part:
			c.Why = append(c.Why, fmt.Sprintf("chỉ một phần %s (%s)", p.From.Name, p.Before.Words("vi")))
			c.WhyEN = append(c.WhyEN, fmt.Sprintf("only part of %s (%s)", p.From.Name, p.Before.Words("en")))
		case p.Before == NotCommune:
			c.Why = append(c.Why, fmt.Sprintf("%s là %s, không có danh hiệu xã", p.From.Name, p.From.Kind.Words("vi")))
			c.WhyEN = append(c.WhyEN, fmt.Sprintf("%s is a %s, holding no commune title", p.From.Name, p.From.Kind.Words("en")))
		case p.Before == NotRecognised:
			c.Why = append(c.Why, fmt.Sprintf("%s chưa đạt chuẩn", p.From.Name))
			c.WhyEN = append(c.WhyEN, fmt.Sprintf("%s not recognised", p.From.Name))
		case p.Before == NoData:
			noData++
		default:
			rec++
		}
	}
	switch {
	case !anyRec && noData == 0:
		c.Case, c.Inferred = CaseNoTitle, false
	case !anyRec && len(c.Why) == 0:
		c.Case, c.Inferred = CaseNoData, false
	case anyRec && len(c.Why) > 0:
		c.Case = CaseApplyAgain
	case noData > 0:
		c.Case = CaseIncomplete
	default:
		c.Case = CaseToBeDecided
		c.Why = []string{fmt.Sprintf("hợp nhất nguyên vẹn %d xã đều đã đạt chuẩn", rec)}
		c.WhyEN = []string{fmt.Sprintf("formed wholly from %d communes, all recognised", rec)}
		return c, nil
	}
	if noData > 0 {
		c.Why = append(c.Why, fmt.Sprintf("%d đơn vị trước không có số liệu", noData))
		c.WhyEN = append(c.WhyEN, fmt.Sprintf("%d units before with no data", noData))
	}
	return c, nil
}
