package ydec

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// Decoder walks a YAML node tree, collecting every problem with its position. Nothing in it
// panics on user input: every accessor checks the node's kind first.
type Decoder struct {
	File  string
	Errs  ErrorList
	Warns ErrorList

	dropped, droppedWarns int // problems past MaxProblems: counted, not kept
}

// MaxProblems bounds the errors, and separately the warnings, one file records: past it they
// are only counted (Dropped), so a file of ten thousand mistakes costs what a hundred do.
const MaxProblems = 100

// Dropped returns how many errors and warnings were counted but not kept.
func (d *Decoder) Dropped() (errs, warns int) { return d.dropped, d.droppedWarns }

// Pos is a position in a source file.
type Pos struct {
	File   string
	Line   int
	Column int
}

// String formats the position as file:line:col.
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }

// Pos returns the position of a node (the file's start for nil).
func (d *Decoder) Pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.File}
	}
	return Pos{File: d.File, Line: n.Line, Column: n.Column}
}

// Errorf records a problem at a node's position and returns it.
func (d *Decoder) Errorf(n *yaml.Node, path, code, format string, args ...any) *Error {
	return d.ErrorAt(d.Pos(n), path, code, format, args...)
}

// ErrorAt records a problem at a position and returns it, so the caller can add a suggestion.
func (d *Decoder) ErrorAt(p Pos, path, code, format string, args ...any) *Error {
	if len(d.Errs) >= MaxProblems {
		d.dropped++
		return &Error{dropped: true}
	}
	e := &Error{File: p.File, Line: p.Line, Column: p.Column, Path: path, Code: code, Message: fmt.Sprintf(format, args...)}
	d.Errs = append(d.Errs, e)
	return e
}

// WarnAt records a warning at a position.
func (d *Decoder) WarnAt(p Pos, path, code, format string, args ...any) {
	if len(d.Warns) >= MaxProblems {
		d.droppedWarns++
		return
	}
	d.Warns = append(d.Warns, &Error{File: p.File, Line: p.Line, Column: p.Column, Path: path, Code: code, Message: fmt.Sprintf(format, args...)})
}

// ExprPos is the position of the first character of an expression written in a scalar.
func (d *Decoder) ExprPos(n *yaml.Node) Pos {
	p := d.Pos(n)
	if n == nil {
		return p
	}
	if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		p.Column++
	}
	return p
}

// ParseYAML decodes data into a document's root node.
func (d *Decoder) ParseYAML(data []byte) *yaml.Node {
	// Every YAML value but the first needs a separator (a newline, ',', ':', '-', '[' or '{'):
	// counting them bounds the values before any is built, so a file of millions of values
	// is refused without the memory of parsing it (a 3.6 MB list took 150 MB).
	if seps, over := Separators(data); over {
		d.Errs = append(d.Errs, &Error{File: d.File, Line: 1, Column: 1, Code: CodeFileLimit,
			Message: fmt.Sprintf("the file has %d separators (lines, commas, colons, dashes, brackets): more than the %d YAML values a file may hold", seps, MaxNodes)})
		return nil
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		line := 0
		msg := err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			fmt.Sscanf(m[1], "%d", &line)
			// yaml.v3 reports the 0-based line of the construct left open for these errors.
			if strings.Contains(msg, "did not find expected") {
				line++
			}
		}
		// Some errors (an unexpected end of stream) carry no line: they are at the end.
		last := strings.Count(strings.TrimRight(string(data), "\n"), "\n") + 1
		if line <= 0 || line > last {
			line = last
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		msg = yamlLineRE.ReplaceAllString(msg, "")
		d.Errs = append(d.Errs, &Error{File: d.File, Line: line, Column: 1, Code: CodeSyntax, Message: "invalid YAML: " + strings.TrimSpace(msg)})
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.Errs = append(d.Errs, &Error{File: d.File, Line: 1, Column: 1, Code: CodeSyntax, Message: "the file is empty"})
		return nil
	}
	root := doc.Content[0]
	nodes := 0
	if bad, deep := walkNodes(root, 0, &nodes); bad != nil {
		if deep {
			d.Errorf(bad, "", CodeFileLimit, "the file nests deeper than %d levels", MaxDepth)
		} else {
			d.Errorf(bad, "", CodeSyntax, "YAML anchors and aliases are not supported; write each item out")
		}
		return nil
	}
	if nodes > MaxNodes {
		d.Errorf(root, "", CodeFileLimit, "the file holds %d YAML values; at most %d are read", nodes, MaxNodes)
		return nil
	}
	// A second document would be ignored: say so rather than read half the file.
	var next yaml.Node
	if err := dec.Decode(&next); err != io.EOF {
		line := 0
		if err == nil {
			line = next.Line
			if len(next.Content) > 0 {
				line = next.Content[0].Line
			}
		}
		if m := yamlLineRE.FindStringSubmatch(fmt.Sprint(err)); err != nil && m != nil {
			fmt.Sscanf(m[1], "%d", &line)
		}
		d.Errs = append(d.Errs, &Error{File: d.File, Line: max(line, 1), Column: 1, Code: CodeSyntax,
			Message: "a second YAML document (after ---): a file holds one document; remove the separator or split the file"})
		return nil
	}
	return root
}

// Separators counts the bytes that separate YAML values, and reports whether there are more
// than MaxNodes of them: more values than a file may hold, told before any is parsed.
func Separators(data []byte) (int, bool) {
	seps := 0
	for _, c := range []byte(",:\n[{-") {
		seps += bytes.Count(data, []byte{c})
	}
	return seps, seps > MaxNodes
}

// MaxDepth and MaxNodes bound the YAML a rule, scheme or case file may hold: far beyond any
// real file (the shipped ones nest 10 levels and hold under 20,000 values), so that a
// hostile file costs bounded work after it is parsed.
const (
	MaxDepth = 64
	MaxNodes = 500_000
)

var yamlLineRE = regexp.MustCompile(`line (\d+): `)

// walkNodes counts the nodes under n and returns the first that is an alias or an anchor, or
// that nests deeper than MaxDepth (deep is then true).
func walkNodes(n *yaml.Node, depth int, count *int) (bad *yaml.Node, deep bool) {
	*count++
	if depth > MaxDepth {
		return n, true
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n, false
	}
	for _, c := range n.Content {
		if b, dp := walkNodes(c, depth+1, count); b != nil {
			return b, dp
		}
	}
	return nil, false
}

// Entry is one key of a mapping, with its key node for positions.
type Entry struct {
	Key   string
	KNode *yaml.Node
	Val   *yaml.Node
}

// Mapping checks that n is a mapping whose keys are all in allowed (and none twice), and
// returns its entries in file order plus an index. Required keys missing are reported.
func (d *Decoder) Mapping(n *yaml.Node, path string, allowed []string, required ...string) ([]Entry, map[string]*yaml.Node, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		d.Errorf(n, path, CodeType, "expected a mapping (key: value pairs), found %s", KindName(n))
		return nil, nil, false
	}
	idx := make(map[string]*yaml.Node, len(n.Content)/2)
	entries := make([]Entry, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, path, CodeType, "expected a plain key, found %s", KindName(k))
			continue
		}
		key := k.Value
		if _, dup := idx[key]; dup {
			d.Errorf(k, path, CodeKeyDuplicate, "key %q appears twice", key)
			continue
		}
		if allowed != nil && !Contains(allowed, key) {
			e := d.Errorf(k, path, CodeKeyUnknown, "unknown key %q (expected one of: %s)", key, strings.Join(allowed, ", "))
			e.Suggest = Suggest(key, allowed)
			continue
		}
		idx[key] = v
		entries = append(entries, Entry{Key: key, KNode: k, Val: v})
	}
	for _, r := range required {
		if _, ok := idx[r]; !ok {
			d.Errorf(n, path, CodeKeyMissing, "missing required key %q", r)
		}
	}
	return entries, idx, true
}

// Contains reports whether list holds s.
func Contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// KindName describes a node for messages: "a mapping", "a list", "the value \"x\"".
func KindName(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "an empty value"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "an alias"
}

// Str reads a non-empty string scalar, normalised to NFC.
func (d *Decoder) Str(n *yaml.Node, path string) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.Errorf(n, path, CodeType, "expected a text value, found %s", KindName(n))
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		d.Errorf(n, path, CodeValue, "expected a non-empty text")
		return "", false
	}
	return norm.NFC.String(s), true
}

// OptStr reads an optional string scalar (absent → "").
func (d *Decoder) OptStr(n *yaml.Node, path string) string {
	if n == nil {
		return ""
	}
	s, _ := d.Str(n, path)
	return s
}

// Bool reads a true/false scalar.
func (d *Decoder) Bool(n *yaml.Node, path string) (bool, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.Errorf(n, path, CodeType, "expected true or false, found %s", KindName(n))
		return false, false
	}
	return n.Value == "true", true
}

// List checks that n is a sequence and returns its items.
func (d *Decoder) List(n *yaml.Node, path string) ([]*yaml.Node, bool) {
	if n == nil || n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, CodeType, "expected a list, found %s", KindName(n))
		return nil, false
	}
	return n.Content, true
}

// StrList reads a list of strings; a single string is accepted as a one-element list.
func (d *Decoder) StrList(n *yaml.Node, path string) ([]string, []*yaml.Node) {
	if n != nil && n.Kind == yaml.ScalarNode {
		s, ok := d.Str(n, path)
		if !ok {
			return nil, nil
		}
		return []string{s}, []*yaml.Node{n}
	}
	items, ok := d.List(n, path)
	if !ok {
		return nil, nil
	}
	var out []string
	var nodes []*yaml.Node
	for _, it := range items {
		if s, ok := d.Str(it, path); ok {
			out = append(out, s)
			nodes = append(nodes, it)
		}
	}
	return out, nodes
}

// TextPair reads a bilingual label {vi, en}; a plain string is taken as the Vietnamese label.
func (d *Decoder) TextPair(n *yaml.Node, path string) (vi, en string) {
	if n != nil && n.Kind == yaml.ScalarNode {
		s, _ := d.Str(n, path)
		return s, ""
	}
	_, idx, ok := d.Mapping(n, path, []string{"vi", "en"}, "vi")
	if !ok {
		return "", ""
	}
	if v := idx["vi"]; v != nil {
		vi, _ = d.Str(v, path+" › vi")
	}
	if v := idx["en"]; v != nil {
		en, _ = d.Str(v, path+" › en")
	}
	return vi, en
}

// MaxLanguages bounds the languages one label may be written in.
const MaxLanguages = 16

// LangRE is what a language tag looks like: a BCP 47 primary tag with optional subtags
// ("vi", "en", "id", "zh-Hans", "pt-BR").
var LangRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$`)

// LangProblem says what is wrong with a language tag, or "": it must look like a tag, and
// Vietnamese and English, which programs compare by their bare tag, are written vi and en.
func LangProblem(tag string) string {
	if !LangRE.MatchString(tag) {
		return fmt.Sprintf("%q is not a language tag (write vi, en, id, zh-Hans…)", tag)
	}
	if p, _, sub := strings.Cut(tag, "-"); sub && (p == "vi" || p == "en") {
		return fmt.Sprintf("write %s, not %q: Vietnamese and English are written by their bare tag", p, tag)
	}
	return ""
}

// Texts reads a label in any languages, {tag: text, …}; a plain string is taken as the label
// in def. It calls add once per language, in file order.
func (d *Decoder) Texts(n *yaml.Node, path, def string, add func(lang, s string)) {
	if n != nil && n.Kind == yaml.ScalarNode {
		if s, ok := d.Str(n, path); ok {
			add(def, s)
		}
		return
	}
	if n == nil || n.Kind != yaml.MappingNode {
		d.Errorf(n, path, CodeType, "expected a label (a text, or a mapping of language to text such as {vi: …, en: …}), found %s", KindName(n))
		return
	}
	if len(n.Content) == 0 {
		d.Errorf(n, path, CodeValue, "a label needs at least one language")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || LangProblem(k.Value) != "" {
			d.Errorf(k, path, CodeKeyUnknown, "%s", LangProblem(k.Value))
			continue
		}
		if seen[k.Value] {
			d.Errorf(k, path, CodeKeyDuplicate, "language %s written twice", k.Value)
			continue
		}
		if len(seen) == MaxLanguages {
			d.Errorf(k, path, CodeValue, "a label is written in at most %d languages", MaxLanguages)
			return
		}
		seen[k.Value] = true
		if s, ok := d.Str(v, path+" › "+k.Value); ok {
			add(k.Value, s)
		}
	}
}

// NumberLit returns the literal text of a numeric scalar (an int or float by its YAML tag),
// so the caller can parse it exactly, never via a binary float.
func (d *Decoder) NumberLit(n *yaml.Node, path string) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.Errorf(n, path, CodeType, "expected a number, found %s", KindName(n))
		return "", false
	}
	return n.Value, true
}
