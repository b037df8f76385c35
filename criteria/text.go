package criteria

import (
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// Text is a bilingual label: Vietnamese (the official wording) and an English gloss.
type Text struct {
	VI string `json:"vi"`
	EN string `json:"en,omitempty"`
}

// In returns the label in the given language ("vi" or "en"), falling back to the other one.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	if t.VI == "" {
		return t.EN
	}
	return t.VI
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
	var m struct {
		VI string `yaml:"vi"`
		EN string `yaml:"en"`
	}
	if err := n.Decode(&m); err != nil {
		return err
	}
	t.VI, t.EN = norm.NFC.String(m.VI), norm.NFC.String(m.EN)
	return nil
}
