package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"gopkg.in/yaml.v3"
)

// yamlSource reads YAML: a list of unit mappings, or a mapping {units: […]}, each unit
// written as in JSON. The YAML library reads a document whole, so the file is read whole (up
// to MaxYAMLBytes) and its units are then read one at a time. Numbers are read exactly from
// their literal text; a plain scalar given for a text field is the text as written; anchors
// and aliases are refused, and more than one document.
type yamlSource struct {
	r     *Reader
	ur    *unitReader
	lists []*yaml.Node // the lists of units, in file order
	list  int
	item  int
	idx   int
}

func (y *yamlSource) start() bool {
	r := y.r
	data, e := r.in.readAll(MaxYAMLBytes)
	r.in = nil // the text is held by data alone
	if e != nil {
		r.report(e)
		return false
	}
	y.ur = newUnitReader(r, true)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	empty := &criteria.Error{Line: 1, Column: 1, Code: criteria.CodeSyntax, Message: "the file is empty: expected a list of units, or a mapping {units: [...]}"}
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.report(empty)
		} else {
			r.report(yamlSyntax(err, data))
		}
		return false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		r.report(&criteria.Error{Line: extra.Line, Column: extra.Column, Code: criteria.CodeSyntax, Message: "the file holds more than one YAML document (a second one starts here): put every unit in one list"})
		return false
	} else if !errors.Is(err, io.EOF) {
		r.report(yamlSyntax(err, data))
		return false
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].ShortTag() == "!!null" && doc.Content[0].Value == "" {
		r.report(empty)
		return false
	}
	root := doc.Content[0]
	errorf := func(line, col int, path string, code criteria.Code, format string, args ...any) *criteria.Error {
		e := &criteria.Error{Line: line, Column: col, Path: path, Code: code, Message: fmt.Sprintf(format, args...)}
		r.report(e)
		return e
	}
	switch root.Kind {
	case yaml.SequenceNode:
		y.lists = append(y.lists, root)
	case yaml.MappingNode:
		seen, unknown := false, false
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			switch {
			case k.Kind != yaml.ScalarNode || k.Value != "units":
				e := errorf(k.Line, k.Column, "", criteria.CodeKeyUnknown, "unknown key %s: the mapping holds only units: [...]", quote(k.Value))
				e.Suggest = suggest(k.Value, []string{"units"})
				unknown = true
			case seen && v.Kind == yaml.SequenceNode:
				// Its units are still read, so that none is lost without a word.
				errorf(k.Line, k.Column, "", criteria.CodeKeyDuplicate, "key %q appears twice: write one list (the units of both are read)", "units")
				y.lists = append(y.lists, v)
			case seen:
				errorf(k.Line, k.Column, "", criteria.CodeKeyDuplicate, "key %q appears twice", "units")
			case v.Kind != yaml.SequenceNode:
				errorf(v.Line, v.Column, "units", criteria.CodeType, "expected a list of units, found %s", ydec.KindName(v))
				seen = true
			default:
				seen = true
				y.lists = append(y.lists, v)
			}
		}
		if !seen && !unknown {
			errorf(root.Line, root.Column, "", criteria.CodeKeyMissing, "missing key %q: expected units: [...]", "units")
		}
	default:
		errorf(root.Line, root.Column, "", criteria.CodeType, "expected a list of units, or a mapping {units: [...]}, found %s", ydec.KindName(root))
	}
	return len(y.lists) > 0
}

func (y *yamlSource) next() bool {
	for y.list < len(y.lists) && y.item >= len(y.lists[y.list].Content) {
		y.lists[y.list] = nil // what was read can go
		y.list, y.item = y.list+1, 0
	}
	if y.list >= len(y.lists) {
		return false
	}
	it := y.lists[y.list].Content[y.item]
	y.item++
	y.idx++
	var c yamlConv
	n := c.node(it, 0)
	switch {
	case c.values > MaxUnitValues:
		c.errs = append(c.errs, &criteria.Error{Line: it.Line, Column: it.Column, Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the unit holds more than %d values: it is not read", MaxUnitValues)})
	case c.size > MaxRowBytes:
		c.errs = append(c.errs, &criteria.Error{Line: it.Line, Column: it.Column, Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the unit is longer than %d MB: it is not read", MaxRowBytes>>20)})
	}
	if c.limited {
		for _, e := range c.errs {
			e.Path = fmt.Sprintf("unit %d", y.idx)
		}
		y.r.unit.Source = y.r.source(it.Line)
		y.r.reject(c.errs, "", criteria.Period{})
		return true
	}
	y.ur.read(n, y.idx, c.errs)
	return true
}

// yamlConv converts a YAML unit to a positioned tree, reporting aliases and keys that are not
// plain, and counting its values and text against the limits.
type yamlConv struct {
	values, size int
	limited      bool // past a limit: the unit is rejected as it is
	errs         criteria.ErrorList
}

func (c *yamlConv) node(y *yaml.Node, depth int) *dnode {
	c.values++
	n := &dnode{line: y.Line, col: y.Column}
	if c.values > MaxUnitValues {
		c.limited = true
		return n
	}
	switch y.Kind {
	case yaml.AliasNode:
		c.errs = append(c.errs, &criteria.Error{Line: y.Line, Column: y.Column, Code: criteria.CodeSyntax, Message: fmt.Sprintf("YAML aliases (*%s) are not supported: write the value out", y.Value)})
	case yaml.ScalarNode:
		c.size += len(y.Value)
		if len(y.Value) > MaxCellBytes {
			c.limited = true
			c.errs = append(c.errs, &criteria.Error{Line: y.Line, Column: y.Column, Code: criteria.CodeDataLimit, Message: fmt.Sprintf("the value is longer than %d KB: the unit is not read", MaxCellBytes>>10)})
			return n
		}
		if c.size > MaxRowBytes {
			c.limited = true
			return n
		}
		n.lit = y.Value
		switch y.ShortTag() {
		case "!!null":
			n.kind = dNull
		case "!!bool":
			n.kind, n.lit = dBool, strconv.FormatBool(strings.EqualFold(y.Value, "true"))
		case "!!int", "!!float":
			n.kind = dNum
		default:
			n.kind = dStr
		}
	case yaml.SequenceNode:
		n.kind = dArr
		if depth >= maxUnitDepth {
			return n
		}
		for _, it := range y.Content {
			n.items = append(n.items, c.node(it, depth+1))
		}
	case yaml.MappingNode:
		n.kind = dObj
		if depth >= maxUnitDepth {
			return n
		}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.errs = append(c.errs, &criteria.Error{Line: k.Line, Column: k.Column, Code: criteria.CodeType, Message: fmt.Sprintf("expected a plain key, found %s", ydec.KindName(k))})
				continue
			}
			n.keys = append(n.keys, dentry{key: k.Value, line: k.Line, col: k.Column, val: c.node(v, depth+1)})
		}
	default:
		n.kind = dNull
	}
	return n
}

var yamlLineRE = regexp.MustCompile(`line (\d+): `)

// yamlParserProblems are the problems the YAML parser (as opposed to its scanner) reports:
// yaml.v3 gives their line counted from 0, and the scanner's counted from 1.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

// yamlSyntax turns a YAML parse error into one positioned error. The YAML parser reports a
// line (where the construct it was reading starts, or where the problem is) but no column; it
// leaves the line out when it is the first one.
func yamlSyntax(err error, data []byte) *criteria.Error {
	msg := err.Error()
	line := 0
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	msg = strings.TrimSpace(yamlLineRE.ReplaceAllString(strings.TrimPrefix(msg, "yaml: "), ""))
	if ydec.Contains(yamlParserProblems, msg) || line == 0 {
		line++
	}
	if last := yamlLastLine(data); line > last {
		line = last // the end of the stream is counted on a line of its own
	}
	return &criteria.Error{Line: line, Code: criteria.CodeSyntax, Message: "invalid YAML: " + msg}
}

// yamlLastLine is the number of the last line of data as YAML counts lines (its line breaks are
// "\r\n", "\n", "\r", U+0085, U+2028 and U+2029).
func yamlLastLine(data []byte) int {
	n := 1
	for i := 0; i < len(data); i++ {
		switch {
		case data[i] == '\n':
			n++
		case data[i] == '\r' && (i+1 == len(data) || data[i+1] != '\n'):
			n++
		case bytes.HasPrefix(data[i:], []byte("\u0085")), bytes.HasPrefix(data[i:], []byte("\u2028")), bytes.HasPrefix(data[i:], []byte("\u2029")):
			n++
		}
	}
	return n
}
