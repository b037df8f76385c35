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

// unitLabel names a unit of a subject: "Xã Tân Hải" / "Tân Hải commune", "Ủy ban MTTQ xã
// Tân Hải" / "Front committee of Tân Hải commune", "Huyện Phú Tân", "Ủy ban MTTQ huyện Phú Tân".
func unitLabel(subj Subject, name string) criteria.Text {
	switch subj {
	case SubjectCommuneFront:
		n := withWord(name, "xã", communeWords)
		return criteria.Text{VI: "Ủy ban MTTQ " + n, EN: "Front committee of " + enName(name, "commune", communeWords)}
	case SubjectDistrict:
		return criteria.Text{VI: upperFirst(withWord(name, "huyện", districtWords)), EN: enName(name, "district", districtWords)}
	case SubjectDistrictFront:
		n := withWord(name, "huyện", districtWords)
		return criteria.Text{VI: "Ủy ban MTTQ " + n, EN: "Front committee of " + enName(name, "district", districtWords)}
	}
	return criteria.Text{VI: upperFirst(withWord(name, "xã", communeWords)), EN: enName(name, "commune", communeWords)}
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
