// Package vicheck finds words in text meant to be Vietnamese that are not Vietnamese: internal
// ids (in_district_plan), English words (advanced, verified, target) and boolean literals
// (true, false). It is used by the tests that hold the tools' Vietnamese output to the rule
// that a Vietnamese reader sees no internal id and no English word.
//
// A word is accepted when each of its syllables is a well-formed Vietnamese syllable (an
// optional initial consonant, a rhyme, tone marks ignored), when it is an acronym in capitals
// (MTTQ, UBND, QĐ), when it holds a digit (codes, periods, 2.2), or when it is in the allowlist
// given (units, proper names of data). A command-line option with its value (--region dbscl), a file name
// (vn/xa-ntm-2016-2020.yaml:12) and a ruleset reference (vn.xa-ntm@2016-2020) are literals
// the reader types or opens, not words, and are skipped. Everything else is reported. The check is a net, not a
// dictionary: an English word that happens to be a Vietnamese syllable ("an", "in", "to") passes.
package vicheck

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// tone marks: grave, acute, hook above, tilde, dot below.
var tones = map[rune]bool{'\u0300': true, '\u0301': true, '\u0309': true, '\u0303': true, '\u0323': true}

// rhymes are the Vietnamese rhymes (vần), toneless, with their vowel-quality marks.
var rhymes = strings.Fields(`
a ac ach ai am an ang anh ao ap at au ay
ă ăc ăm ăn ăng ăp ăt
â âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich iêc iêm iên iêng iêp iêt iêu im in inh ip it iu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo oet oi om on ong oong op ot
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh uy uya uych uyên uyêt uyn uynh uyt uyu ui um un ung uôc uôi uôm uôn uông uôt up ut uơ
ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
y yêm yên yêng yêt yêu
`)

var syllable = regexp.MustCompile(`^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?(` + strings.Join(rhymes, "|") + `)$`)

// Syllable reports whether s (one word, any case, any tones) is a well-formed Vietnamese
// syllable.
func Syllable(s string) bool {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		if !tones[r] {
			b.WriteRune(r)
		}
	}
	t := norm.NFC.String(b.String())
	if syllable.MatchString(t) {
		return true
	}
	// gi + rhyme starting with i (gì → gi), qu + rhyme with u (quốc → qu + ôc).
	return t == "gi" || strings.HasPrefix(t, "gi") && syllable.MatchString("g"+t[1:])
}

// Foreign returns the words of text that are not Vietnamese, in order of first appearance,
// each once. allow lists words (compared case-sensitively) accepted as they are.
func Foreign(text string, allow ...string) []string {
	var out []string
	text = options.ReplaceAllString(text, " ")
	text = files.ReplaceAllString(text, " ")
	text = refs.ReplaceAllString(text, " ")
	for _, w := range words(text) {
		if ok(w, allow) || slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

var (
	options = regexp.MustCompile(`--[a-z][a-z0-9-]*(?:[ =][A-Za-z0-9_.@/-]+)?`)
	files   = regexp.MustCompile(`[\w./-]+\.(yaml|csv|jsonl|json|md|xlsx)\b`)
	refs    = regexp.MustCompile(`\b[a-z0-9-]+(\.[a-z0-9-]+)+@[0-9A-Za-z.-]+`)
)

// words splits text at anything that is neither a letter, a digit nor an underscore: an id
// such as in_district_plan stays one word.
func words(text string) []string {
	return strings.FieldsFunc(norm.NFC.String(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && !unicode.Is(unicode.Mn, r)
	})
}

func ok(w string, allow []string) bool {
	if slices.Contains(allow, w) || strings.ContainsFunc(w, unicode.IsDigit) {
		return true
	}
	if strings.Contains(w, "_") {
		return false
	}
	if acronym(w) {
		return true
	}
	return Syllable(w)
}

// acronym reports an abbreviation in capitals (MTTQ, UBND, QĐ, TTg, BCĐ): at most 6 letters,
// the first two capitals.
func acronym(w string) bool {
	rs := []rune(w)
	if len(rs) < 2 || len(rs) > 6 {
		return false
	}
	return unicode.IsUpper(rs[0]) && unicode.IsUpper(rs[1])
}
