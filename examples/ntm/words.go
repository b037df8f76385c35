package main

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
)

// The command's language: --lang when given, else the language the ruleset writes its labels
// in (Vietnamese for the shipped files). A language other than Vietnamese and English is
// spoken with the ruleset's own words (its words: section); what the ruleset does not give
// in it is shown in English, and the command says which words at the end.

// settleLang takes the ruleset's language when --lang was not given, and refuses a --lang the
// ruleset does not write (other than vi and en, which the tool speaks itself). The first
// ruleset a command loads decides.
func (e *env) settleLang(rs *criteria.Ruleset) int {
	if e.rules == nil {
		e.rules = rs
	}
	if e.langOpt == nil || e.langSettled {
		return exitOK
	}
	e.langSettled = true
	if !e.langGiven {
		if rs.Language != "" {
			*e.langOpt, e.lang = rs.Language, rs.Language
		}
		return exitOK
	}
	l := *e.langOpt
	if l == "vi" || l == "en" || l == rs.Language {
		if !rs.Title.Has(l) {
			e.note("bộ tiêu chí %[1]s không viết nhãn bằng tiếng Việt: nhãn hiện bằng ngôn ngữ khác của bộ (%[3]s)",
				"%s does not write its labels in %s: they are shown in another language it writes (%s)", rs.Ref(), l, strings.Join(rs.Title.Languages(), ", "))
		}
		return exitOK
	}
	choice := "vi or en"
	if rs.Language != "vi" && rs.Language != "en" {
		choice = "vi, en or " + rs.Language
	}
	e.errorf("--lang %s: %s writes its labels in %s; choose %s", l, rs.Ref(), rs.Language, choice)
	return exitUsage
}

// say returns the ruleset's word for a vocabulary key in the command's language; a word shown
// in English for want of one in that language is remembered for the closing note.
func (e *env) say(ri criteria.RulesetInfo, key, lang string) string {
	w, ok := ri.Word(key, lang)
	if !ok {
		if e.inEnglish == nil {
			e.inEnglish = map[string]bool{}
		}
		e.inEnglish[key] = true
	}
	return w
}

// sayTruth names a truth with the ruleset's words.
func (e *env) sayTruth(ri criteria.RulesetInfo, t criteria.Truth, lang string) string {
	switch t {
	case criteria.Yes:
		return e.say(ri, "yes", lang)
	case criteria.No:
		return e.say(ri, "no", lang)
	}
	return e.say(ri, "unknown", lang)
}

// sayValue writes a value with the ruleset's words for yes, no and missing, and its unit.
func (e *env) sayValue(ri criteria.RulesetInfo, v criteria.Value, unit, lang string) string {
	if b, ok := v.Bool(); ok {
		if b {
			return e.say(ri, "yes", lang)
		}
		return e.say(ri, "no", lang)
	}
	if v.IsMissing() {
		return e.say(ri, "missing", lang)
	}
	return valueCell(v, unit, lang)
}

// sayRequirement writes what a check asks with the ruleset's words.
func (e *env) sayRequirement(ri criteria.RulesetInfo, c *criteria.CheckResult, lang string) string {
	if !c.Check.IsZero() {
		t := c.Target()
		switch {
		case !t.Known() && !t.PerUnit():
			e.say(ri, "no_target", lang)
		case !t.Known():
			e.say(ri, "missing", lang)
		default:
			if b, ok := t.Value.Bool(); ok {
				e.say(ri, map[bool]string{true: "yes", false: "no"}[b], lang)
			}
		}
	}
	return ri.Requirement(c, lang)
}

// sayConfidence names the confidence of a target cell with the ruleset's words.
func (e *env) sayConfidence(ri criteria.RulesetInfo, c criteria.Confidence, lang string) string {
	if key := c.String(); key != "" {
		if _, ok := ri.Word(key, "en"); ok {
			return e.say(ri, key, lang)
		}
	}
	return c.Label(lang)
}

// parentLevel is the level a unit of the ruleset belongs to, for the parent column: the
// district for Vietnam's communes, the regency for a village.
func parentLevel(ri criteria.RulesetInfo) criteria.Level {
	if ups := ri.Ancestors(); len(ups) > 0 {
		return ups[0]
	}
	return criteria.LevelDistrict
}

// parentHeader names the parent column in the command's language: the parent level's word,
// or, for a level with none (a product), what the data's district column holds.
func parentHeader(ri criteria.RulesetInfo, lang string) string {
	if len(ri.Ancestors()) == 0 {
		return tr(lang, "Đơn vị cấp trên", "Parent unit")
	}
	if name := ri.LevelName(parentLevel(ri), lang); name != "" {
		return upperFirst(name)
	}
	return tr(lang, "Huyện", "District")
}

// closeWords says which words were shown in English, in the command's language.
func (e *env) closeWords() {
	if len(e.inEnglish) == 0 || e.lang == "vi" || e.lang == "en" {
		return
	}
	keys := make([]string, 0, len(e.inEnglish))
	for k := range e.inEnglish {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.note("", "the ruleset gives no %s words for %s: shown in English (add them under words: in the rule file)", e.lang, strings.Join(keys, ", "))
}

// upperFirst upper-cases a label's first letter ("kabupaten" → "Kabupaten").
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
