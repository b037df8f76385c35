// Package lineage relates administrative units across a reorganisation: which old units each
// new unit was formed from, whole or in part, under which legal text and with what confidence;
// what becomes of a title (a commune's new-rural recognition) when units merge or split; and a
// period before the reorganisation set beside periods after it, by new unit and by old unit.
//
// A reorganisation is a lineage file (format ntm.lineage/v1): a YAML file with its date, title
// and sources, whose links are listed in it or in a CSV file beside it. Vietnam2025 returns the
// one shipped with the package: the whole country's commune-level units before and after
// 01/7/2025, converted from dvhcvn/20250701 (MIT licence; the notice is in vn/LICENSE).
//
// A Reorganisation is immutable once read and safe for concurrent use.
package lineage

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/nongthonmoi/ntm/criteria"
	"golang.org/x/text/unicode/norm"
)

// Share says how much of an old unit went into a new one.
type Share uint8

const (
	Whole Share = iota + 1 // the whole old unit
	Part                   // part of it: the rest went to other new units
)

// String returns "whole" or "part".
func (s Share) String() string {
	switch s {
	case Whole:
		return "whole"
	case Part:
		return "part"
	}
	return "?"
}

// Kind is the kind of an administrative unit, as its name says it.
type Kind string

// Kinds. KindOther is a unit whose name starts with no word this package knows.
const (
	KindCommune     Kind = "commune"      // xã: a rural commune, the unit the new-rural criteria assess
	KindWard        Kind = "ward"         // phường: urban
	KindTown        Kind = "town"         // thị trấn: a district's urban centre
	KindSpecialZone Kind = "special_zone" // đặc khu (from 01/7/2025)
	KindDistrict    Kind = "district"     // huyện, quận, thị xã, thành phố thuộc tỉnh
	KindProvince    Kind = "province"     // tỉnh, thành phố trực thuộc trung ương
	KindOther       Kind = "other"
)

// kindWords are the words a unit's name starts with, longest first where one begins another.
var kindWords = []struct {
	word string
	kind Kind
}{
	{"thành phố trực thuộc trung ương", KindProvince}, {"thị trấn", KindTown}, {"thị xã", KindDistrict},
	{"xã", KindCommune}, {"phường", KindWard}, {"đặc khu", KindSpecialZone}, {"huyện", KindDistrict},
	{"quận", KindDistrict}, {"tỉnh", KindProvince},
}

// KindOf returns the kind a unit's name states: "Xã Hồ Thị Kỷ" is a commune, "Phường An Xuyên"
// a ward, "Thị trấn Sông Đốc" a town. A "Thành phố" is a province at province level and a
// district below it, so level decides it; any other name is KindOther.
func KindOf(name string, level criteria.Level) Kind {
	n := strings.ToLower(norm.NFC.String(strings.TrimSpace(name)))
	if strings.HasPrefix(n, "thành phố ") {
		if level == criteria.LevelProvince {
			return KindProvince
		}
		return KindDistrict
	}
	for _, w := range kindWords {
		if strings.HasPrefix(n, w.word+" ") {
			return w.kind
		}
	}
	return KindOther
}

// SameName reports whether a name in the data is the unit's name in the lineage: the same
// letters once the kind word (xã, phường, thị trấn…), case, spaces, tone marks and diacritics
// are set aside ("An Xuyên" and "Xã An Xuyên", "Hoà Mỹ" and "Hòa Mỹ" agree). An empty name in
// the data agrees with any.
func SameName(data, lineage string) bool {
	if strings.TrimSpace(data) == "" {
		return true
	}
	return baseName(data) == baseName(lineage)
}

func baseName(s string) string {
	n := strings.ToLower(norm.NFC.String(strings.TrimSpace(s)))
	for _, w := range kindWords {
		if rest, ok := strings.CutPrefix(n, w.word+" "); ok {
			n = rest
			break
		}
	}
	n = strings.TrimPrefix(n, "thành phố ")
	var b strings.Builder
	for _, r := range norm.NFD.String(n) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Words returns the kind in Vietnamese ("xã", "phường", …) or, for lang "en", in English.
func (k Kind) Words(lang string) string {
	vi, en := "đơn vị khác", "other unit"
	switch k {
	case KindCommune:
		vi, en = "xã", "commune"
	case KindWard:
		vi, en = "phường", "ward"
	case KindTown:
		vi, en = "thị trấn", "town"
	case KindSpecialZone:
		vi, en = "đặc khu", "special zone"
	case KindDistrict:
		vi, en = "huyện", "district"
	case KindProvince:
		vi, en = "tỉnh", "province"
	}
	if lang == "en" {
		return en
	}
	return vi
}

// Unit is an administrative unit on one side of a reorganisation.
type Unit struct {
	Code     string         // its official code on its side ("32092"; a code may be reused across the line)
	Name     string         // its name, with its kind word ("Xã Hồ Thị Kỷ")
	Province string         // the code of the province it belongs to on its side ("96")
	Level    criteria.Level // commune, district or province
	Kind     Kind
}

// Link is one old unit, whole or in part, going into one new unit.
type Link struct {
	From       Unit   // the unit before
	To         Unit   // the unit after
	Share      Share  // whole or part of From
	Source     string // the legal text (and clause) it follows; the file's default source when the link names none
	Confidence string // how far it is checked, as the file says ("checked", "derived"); "" when it does not say
	Pos        criteria.Pos
}

// Source is a document a lineage file cites.
type Source struct {
	ID, Title, URL string
}

// Reorganisation is one dated reorganisation and every link it makes. Read it with Read or
// Vietnam2025.
type Reorganisation struct {
	ID        string
	Title     criteria.Text
	Effective time.Time // the first day of the new units
	Before    string    // what the old side is (the unit list it uses)
	After     string    // what the new side is
	Source    string    // the default source of a link that names none
	Sources   []Source
	Licence   string
	File      string // the lineage file it was read from

	links   []Link
	byFrom  map[string][]int32 // old code → links, in file order
	byTo    map[string][]int32 // new code → links
	fromOrd []string           // old codes in first-seen order
	toOrd   []string           // new codes in first-seen order
	doubts  []int32            // links that disagree with the province links
}

// Doubts returns the links that move a unit into a province its old province does not go to
// (by the file's province links): likely errors of the source, to check against the
// resolutions. The shipped file has one: xã Tân Phú (30622) of the old An Giang, linked to xã
// Tân Phú Trung of the new Đồng Tháp.
func (r *Reorganisation) Doubts() []Link { return r.pick(r.doubts) }

// Links returns a copy of every link, in the file's order.
func (r *Reorganisation) Links() []Link { return slices.Clone(r.links) }

// Successors returns the links from an old unit (nil for a code the reorganisation does not
// know on the old side).
func (r *Reorganisation) Successors(oldCode string) []Link { return r.pick(r.byFrom[oldCode]) }

// Predecessors returns the links into a new unit (nil for a code it does not know on the new
// side).
func (r *Reorganisation) Predecessors(newCode string) []Link { return r.pick(r.byTo[newCode]) }

func (r *Reorganisation) pick(ix []int32) []Link {
	if len(ix) == 0 {
		return nil
	}
	out := make([]Link, len(ix))
	for i, j := range ix {
		out[i] = r.links[j]
	}
	return out
}

// Old returns the unit with that code before the reorganisation.
func (r *Reorganisation) Old(code string) (Unit, bool) {
	if ix := r.byFrom[code]; len(ix) > 0 {
		return r.links[ix[0]].From, true
	}
	return Unit{}, false
}

// New returns the unit with that code after the reorganisation.
func (r *Reorganisation) New(code string) (Unit, bool) {
	if ix := r.byTo[code]; len(ix) > 0 {
		return r.links[ix[0]].To, true
	}
	return Unit{}, false
}

// OldUnits returns the units before the reorganisation at a level, in the file's order; with
// province not "", only those of that old province.
func (r *Reorganisation) OldUnits(level criteria.Level, province string) []Unit {
	return r.units(r.fromOrd, level, province, func(l Link) Unit { return l.From }, r.byFrom)
}

// NewUnits returns the units after the reorganisation at a level, in the file's order; with
// province not "", only those of that new province.
func (r *Reorganisation) NewUnits(level criteria.Level, province string) []Unit {
	return r.units(r.toOrd, level, province, func(l Link) Unit { return l.To }, r.byTo)
}

func (r *Reorganisation) units(ord []string, level criteria.Level, province string, side func(Link) Unit, ix map[string][]int32) []Unit {
	var out []Unit
	for _, c := range ord {
		u := side(r.links[ix[c][0]])
		if u.Level == level && (province == "" || u.Province == province) {
			out = append(out, u)
		}
	}
	return out
}

// String names the reorganisation: its id and the day it took effect.
func (r *Reorganisation) String() string {
	return fmt.Sprintf("%s (%s)", r.ID, r.Effective.Format("02/01/2006"))
}

// IsBefore reports whether a period's data describe the units before the reorganisation: the
// period ends before it took effect.
func (r *Reorganisation) IsBefore(p criteria.Period) bool {
	return periodEnd(p).Before(r.Effective)
}

func periodEnd(p criteria.Period) time.Time {
	if p.Half == 1 {
		return time.Date(p.Year, time.June, 30, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(p.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
}
