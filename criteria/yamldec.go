package criteria

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// dec walks a YAML node tree, collecting every problem with its position. Nothing in it
// panics on user input: every accessor checks the node's kind first.
type dec struct {
	file  string
	errs  ErrorList
	warns ErrorList
}

func (d *dec) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.file}
	}
	return Pos{File: d.file, Line: n.Line, Column: n.Column}
}

func (d *dec) errorf(n *yaml.Node, path, code, format string, args ...any) *Error {
	return d.errorAt(d.pos(n), path, code, format, args...)
}

func (d *dec) errorAt(p Pos, path, code, format string, args ...any) *Error {
	e := &Error{File: p.File, Line: p.Line, Column: p.Column, Path: path, Code: code, Message: fmt.Sprintf(format, args...)}
	d.errs = append(d.errs, e)
	return e
}

func (d *dec) warnAt(p Pos, path, code, format string, args ...any) {
	d.warns = append(d.warns, &Error{File: p.File, Line: p.Line, Column: p.Column, Path: path, Code: code, Message: fmt.Sprintf(format, args...)})
}

// exprPos is the position of the first character of an expression written in a scalar.
func (d *dec) exprPos(n *yaml.Node) Pos {
	p := d.pos(n)
	if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		p.Column++
	}
	return p
}

// parseYAML decodes data into a document's root node.
func (d *dec) parseYAML(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		msg := err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			fmt.Sscanf(m[1], "%d", &line)
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		msg = yamlLineRE.ReplaceAllString(msg, "")
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Column: 1, Code: CodeSyntax, Message: "invalid YAML: " + strings.TrimSpace(msg)})
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.errs = append(d.errs, &Error{File: d.file, Line: 1, Column: 1, Code: CodeSyntax, Message: "the file is empty"})
		return nil
	}
	root := doc.Content[0]
	if hasAlias(root, 0) {
		d.errorf(root, "", CodeSyntax, "YAML anchors and aliases are not supported; write each item out")
		return nil
	}
	return root
}

var yamlLineRE = regexp.MustCompile(`line (\d+): `)

func hasAlias(n *yaml.Node, depth int) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || depth > 64 {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c, depth+1) {
			return true
		}
	}
	return false
}

// entry is one key of a mapping, with its key node for positions.
type entry struct {
	key   string
	knode *yaml.Node
	val   *yaml.Node
}

// mapping checks that n is a mapping whose keys are all in allowed (and none twice), and
// returns its entries in file order plus an index. Required keys missing are reported.
func (d *dec) mapping(n *yaml.Node, path string, allowed []string, required ...string) ([]entry, map[string]*yaml.Node, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		d.errorf(n, path, CodeType, "expected a mapping (key: value pairs), found %s", kindName(n))
		return nil, nil, false
	}
	idx := make(map[string]*yaml.Node, len(n.Content)/2)
	entries := make([]entry, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, CodeType, "expected a plain key, found %s", kindName(k))
			continue
		}
		key := k.Value
		if _, dup := idx[key]; dup {
			d.errorf(k, path, CodeKeyDuplicate, "key %q appears twice", key)
			continue
		}
		if allowed != nil && !contains(allowed, key) {
			e := d.errorf(k, path, CodeKeyUnknown, "unknown key %q (expected one of: %s)", key, strings.Join(allowed, ", "))
			e.Suggest = suggest(key, allowed)
			continue
		}
		idx[key] = v
		entries = append(entries, entry{key: key, knode: k, val: v})
	}
	for _, r := range required {
		if _, ok := idx[r]; !ok {
			d.errorf(n, path, CodeKeyMissing, "missing required key %q", r)
		}
	}
	return entries, idx, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func kindName(n *yaml.Node) string {
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

// str reads a non-empty string scalar, normalised to NFC.
func (d *dec) str(n *yaml.Node, path string) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, path, CodeType, "expected a text value, found %s", kindName(n))
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		d.errorf(n, path, CodeValue, "expected a non-empty text")
		return "", false
	}
	return norm.NFC.String(s), true
}

// optStr reads an optional string scalar (absent → "").
func (d *dec) optStr(n *yaml.Node, path string) string {
	if n == nil {
		return ""
	}
	s, _ := d.str(n, path)
	return s
}

func (d *dec) boolean(n *yaml.Node, path string) (bool, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.errorf(n, path, CodeType, "expected true or false, found %s", kindName(n))
		return false, false
	}
	return n.Value == "true", true
}

func (d *dec) list(n *yaml.Node, path string) ([]*yaml.Node, bool) {
	if n == nil || n.Kind != yaml.SequenceNode {
		d.errorf(n, path, CodeType, "expected a list, found %s", kindName(n))
		return nil, false
	}
	return n.Content, true
}

// strList reads a list of strings; a single string is accepted as a one-element list.
func (d *dec) strList(n *yaml.Node, path string) ([]string, []*yaml.Node) {
	if n != nil && n.Kind == yaml.ScalarNode {
		s, ok := d.str(n, path)
		if !ok {
			return nil, nil
		}
		return []string{s}, []*yaml.Node{n}
	}
	items, ok := d.list(n, path)
	if !ok {
		return nil, nil
	}
	var out []string
	var nodes []*yaml.Node
	for _, it := range items {
		if s, ok := d.str(it, path); ok {
			out = append(out, s)
			nodes = append(nodes, it)
		}
	}
	return out, nodes
}

// text reads a bilingual label {vi, en}; a plain string is taken as the Vietnamese label.
func (d *dec) text(n *yaml.Node, path string) Text {
	if n != nil && n.Kind == yaml.ScalarNode {
		s, _ := d.str(n, path)
		return Text{VI: s}
	}
	_, idx, ok := d.mapping(n, path, []string{"vi", "en"}, "vi")
	if !ok {
		return Text{}
	}
	t := Text{}
	if v := idx["vi"]; v != nil {
		t.VI, _ = d.str(v, path+" › vi")
	}
	if v := idx["en"]; v != nil {
		t.EN, _ = d.str(v, path+" › en")
	}
	return t
}

// number reads an exact decimal from a scalar's literal text (never via a float).
func (d *dec) number(n *yaml.Node, path string) (Number, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errorf(n, path, CodeType, "expected a number, found %s", kindName(n))
		return Number{}, false
	}
	v, err := ParseNumber(n.Value)
	if err != nil {
		d.errorf(n, path, CodeValue, "%q: %v (write plain decimals such as 21.8)", n.Value, err)
		return Number{}, false
	}
	return v, true
}

// scalarValue reads a target value: a number, a boolean or a text, by its YAML tag.
func (d *dec) scalarValue(n *yaml.Node, path string) (Value, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, path, CodeType, "expected a target value (a number, true/false or a text), found %s", kindName(n))
		return Value{}, false
	}
	switch n.Tag {
	case "!!bool":
		return BoolValue(n.Value == "true"), true
	case "!!int", "!!float":
		v, ok := d.number(n, path)
		return NumberValue(v), ok
	}
	return TextValue(n.Value), true
}

var (
	idRE      = regexp.MustCompile(`^[a-z0-9][a-z0-9.\-]*$`)
	fieldIDRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	itemIDRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._\-]*$`)
	dateRE    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)
