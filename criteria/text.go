package criteria

import (
	"encoding/json"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// Text is a label in one or more languages: for the shipped rule files, Vietnamese (the
// official wording) and an English gloss; a ruleset of another country writes its own
// language (see Ruleset.Language), kept in Other by language tag ("id", "km", …).
type Text struct {
	VI    string            `json:"vi,omitempty"`
	EN    string            `json:"en,omitempty"`
	Other map[string]string `json:"-"` // labels in other languages, by tag; treat as read-only
}

// In returns the label in the given language. When it has none in that language: for "en",
// the Vietnamese one; otherwise the English one, else the Vietnamese one; else the one of the
// first other language by tag. Has tells whether the language itself is there.
func (t Text) In(lang string) string {
	switch lang {
	case "vi":
		if t.VI != "" {
			return t.VI
		}
	case "en":
		if t.EN != "" {
			return t.EN
		}
		if t.VI != "" {
			return t.VI
		}
	default:
		if s := t.Other[lang]; s != "" {
			return s
		}
	}
	if t.EN != "" {
		return t.EN
	}
	if t.VI != "" {
		return t.VI
	}
	if langs := t.Languages(); len(langs) > 0 {
		return t.Other[langs[0]]
	}
	return ""
}

// Has reports whether the label is written in the given language.
func (t Text) Has(lang string) bool {
	switch lang {
	case "vi":
		return t.VI != ""
	case "en":
		return t.EN != ""
	}
	return t.Other[lang] != ""
}

// Languages returns the tags of the languages the label is written in: vi and en first when
// present, then the others in order.
func (t Text) Languages() []string {
	var out []string
	if t.VI != "" {
		out = append(out, "vi")
	}
	if t.EN != "" {
		out = append(out, "en")
	}
	var other []string
	for k, v := range t.Other {
		if v != "" {
			other = append(other, k)
		}
	}
	slices.Sort(other)
	return append(out, other...)
}

// Equal reports whether two labels say the same in every language.
func (t Text) Equal(u Text) bool {
	if t.VI != u.VI || t.EN != u.EN {
		return false
	}
	for k, v := range t.Other {
		if u.Other[k] != v {
			return false
		}
	}
	for k, v := range u.Other {
		if t.Other[k] != v {
			return false
		}
	}
	return true
}

// IsZero reports whether the label is empty in every language.
func (t Text) IsZero() bool { return len(t.Languages()) == 0 }

// set stores s as the label in lang.
func (t *Text) set(lang, s string) {
	switch lang {
	case "vi":
		t.VI = s
	case "en":
		t.EN = s
	default:
		if t.Other == nil {
			t.Other = map[string]string{}
		}
		t.Other[lang] = s
	}
}

// MarshalJSON writes the label as an object of its languages, vi and en first.
func (t Text) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, l := range t.Languages() {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(l)
		v, _ := json.Marshal(t.In(l))
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	if t.VI == "" && t.EN == "" && len(t.Other) == 0 {
		return []byte(`{"vi":""}`), nil
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// UnmarshalJSON reads a label written by MarshalJSON.
func (t *Text) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*t = Text{}
	for k, v := range m {
		t.set(k, norm.NFC.String(v))
	}
	return nil
}

// yamlText decodes a label written as {vi: …, en: …} or as a plain (Vietnamese) string. It is
// unexported so that no yaml type appears in the package's API.
type yamlText Text

// UnmarshalYAML implements yaml.Unmarshaler.
func (t *yamlText) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		t.VI = norm.NFC.String(n.Value)
		return nil
	}
	var m map[string]string
	if err := n.Decode(&m); err != nil {
		return err
	}
	var out Text
	for k, v := range m {
		out.set(k, norm.NFC.String(v))
	}
	*t = yamlText(out)
	return nil
}
