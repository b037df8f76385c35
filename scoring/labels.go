package scoring

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
)

// Unit words a name may already start with, as results write them.
var (
	communeWords  = []string{"xã", "phường", "thị trấn"}
	districtWords = []string{"huyện", "thành phố", "thị xã", "quận", "tp"}
)

// levelWords are the words of the scored ruleset's level and of the level its units belong
// to, as the ruleset declares them: xã and huyện for Vietnam's communes, thôn/ấp and xã for
// hamlets, desa and kabupaten for Indonesia's villages.
type levelWords struct {
	unit, parent       criteria.Text
	units, parents     criteria.Text // the words for several
	unitAlts, parAlts  []string      // the Vietnamese words a name may already start with
	unitOne, parentOne string        // the word a name is given in Vietnamese: the first alternative
}

// newLevelWords takes the words of a ruleset's level and of its parent. Vietnam's commune keeps
// the words a commune-level name may carry (phường, thị trấn) and its district's (thành phố,
// thị xã, quận).
func newLevelWords(rs *criteria.Ruleset) levelWords {
	w := levelWords{unit: criteria.Text{VI: "xã", EN: "commune"}, parent: criteria.Text{VI: "huyện", EN: "district"},
		units: criteria.Text{VI: "xã", EN: "communes"}, parents: criteria.Text{VI: "huyện", EN: "districts"},
		unitAlts: communeWords, parAlts: districtWords, unitOne: "xã", parentOne: "huyện"}
	if rs == nil || rs.Level == criteria.LevelCommune {
		return w
	}
	alts := func(t criteria.Text) []string {
		var out []string
		for _, a := range strings.Split(t.VI, ",") {
			if a = strings.TrimSpace(a); a != "" {
				out = append(out, a)
			}
		}
		return out
	}
	if li, ok := rs.LevelInfo(rs.Level); ok && !li.Name.IsZero() {
		w.unit, w.units, w.unitAlts = li.Name, li.Plural, alts(li.Name)
	}
	if ups := rs.Ancestors(rs.Level); len(ups) > 0 {
		if li, ok := rs.LevelInfo(ups[0]); ok && !li.Name.IsZero() {
			w.parent, w.parents, w.parAlts = li.Name, li.Plural, alts(li.Name)
		}
	}
	if w.units.IsZero() {
		w.units = w.unit
	}
	if w.parents.IsZero() {
		w.parents = w.parent
	}
	w.unitOne, w.parentOne = first(w.unitAlts), first(w.parAlts)
	return w
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

// unitLabel names a unit of a subject: "Xã Tân Hải" / "Tân Hải commune", "Ủy ban MTTQ xã
// Tân Hải" / "Front committee of Tân Hải commune", "Huyện Phú Tân", "Ủy ban MTTQ huyện Phú Tân",
// with the words of the ruleset's levels. In a language other than Vietnamese and English
// the name is given as it is: the library does not know where that language puts the word.
func (w *levelWords) unitLabel(subj Subject, name string) criteria.Text {
	word, alts, en := w.unitOne, w.unitAlts, w.unit.EN
	if subj.IsDistrict() {
		word, alts, en = w.parentOne, w.parAlts, w.parent.EN
	}
	var t criteria.Text
	switch subj {
	case SubjectCommuneFront, SubjectDistrictFront:
		t = criteria.Text{VI: "Ủy ban MTTQ " + withWord(name, word, alts), EN: "Front committee of " + enName(name, en, alts)}
	default:
		t = criteria.Text{VI: upperFirst(withWord(name, word, alts)), EN: enName(name, en, alts)}
	}
	for _, l := range w.unit.Languages() {
		if l != "vi" && l != "en" {
			t.Other = map[string]string{l: name}
		}
	}
	return t
}

// startsWithWord reports whether name starts with one of the unit words (any case), without
// allocating.
func startsWithWord(name string, words []string) (string, bool) {
	for _, w := range words {
		if len(name) > len(w) && strings.EqualFold(name[:len(w)], w) && (name[len(w)] == ' ' || name[len(w)] == '.') {
			return w, true
		}
	}
	return "", false
}

// withWord returns the name preceded by its unit word in lower case ("xã Tân Hải"), keeping a
// unit word the name already has ("Thị trấn Cái Đôi Vàm" → "thị trấn Cái Đôi Vàm").
func withWord(name, word string, words []string) string {
	if _, ok := startsWithWord(name, words); ok {
		return lowerFirst(name)
	}
	if name == "" {
		return word
	}
	return word + " " + name
}

// enName returns "<name> <word>", or the name itself when it already carries a unit word.
func enName(name, word string, words []string) string {
	if _, ok := startsWithWord(name, words); ok || name == "" {
		if name == "" {
			return word
		}
		return name
	}
	return name + " " + word
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// codeLess orders unit codes: all-digit codes by numeric value, others by byte order, digits first.
func codeLess(a, b string) bool {
	da, db := allDigits(a), allDigits(b)
	switch {
	case da && db:
		ta, tb := strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		if len(ta) != len(tb) {
			return len(ta) < len(tb)
		}
		if ta != tb {
			return ta < tb
		}
		return a < b
	case da != db:
		return da
	}
	return a < b
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// bilingual joins a Vietnamese and an English string into a Text.
func bilingual(vi, en string) criteria.Text { return criteria.Text{VI: vi, EN: en} }
