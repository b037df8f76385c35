package criteria

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"gopkg.in/yaml.v3"
)

// ReadYAML reads units from a YAML file: a list of unit mappings, or a mapping {units: […]},
// each unit written as in JSON (see ReadJSON). Numbers are read exactly from their literal
// text. A plain scalar given for a text field is read as the text written. YAML anchors and
// aliases are not accepted, nor more than one document. See docs/data-format.md.
func ReadYAML(rd io.Reader, name string, rs *Ruleset, opts ...ReadOption) *DataSet {
	r := newReader(name, rs, opts)
	r.plainText = true
	if !r.start() {
		return r.finish()
	}
	data, e := readAll(rd)
	if e != nil {
		return r.abort(e)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return r.abort(&Error{Line: 1, Column: 1, Code: CodeSyntax, Message: "the file is empty: expected a list of units, or a mapping {units: [...]}"})
		}
		return r.abort(yamlSyntax(err, data))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return r.abort(&Error{Line: extra.Line, Column: extra.Column, Code: CodeSyntax, Message: "the file holds more than one YAML document (a second one starts here): put every unit in one list"})
	} else if !errors.Is(err, io.EOF) {
		return r.abort(yamlSyntax(err, data))
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].ShortTag() == "!!null" && doc.Content[0].Value == "" {
		return r.abort(&Error{Line: 1, Column: 1, Code: CodeSyntax, Message: "the file is empty: expected a list of units, or a mapping {units: [...]}"})
	}
	root := doc.Content[0]
	switch root.Kind {
	case yaml.SequenceNode:
		r.yamlUnits(root)
	case yaml.MappingNode:
		seen, unknown := false, false
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			switch {
			case k.Kind != yaml.ScalarNode || k.Value != "units":
				e := r.errorf(k.Line, k.Column, "", CodeKeyUnknown, "unknown key %s: the mapping holds only units: [...]", quote(k.Value))
				e.Suggest = suggest(k.Value, []string{"units"})
				unknown = true
			case seen && v.Kind == yaml.SequenceNode:
				// Its units are still read, so that none is lost without a word.
				r.errorf(k.Line, k.Column, "", CodeKeyDuplicate, "key %q appears twice: write one list (the units of both are read)", "units")
				r.yamlUnits(v)
			case seen:
				r.errorf(k.Line, k.Column, "", CodeKeyDuplicate, "key %q appears twice", "units")
			case v.Kind != yaml.SequenceNode:
				r.errorf(v.Line, v.Column, "units", CodeType, "expected a list of units, found %s", ydec.KindName(v))
				seen = true
			default:
				seen = true
				r.yamlUnits(v)
			}
		}
		if !seen && !unknown {
			r.errorf(root.Line, root.Column, "", CodeKeyMissing, "missing key %q: expected units: [...]", "units")
		}
	default:
		r.errorf(root.Line, root.Column, "", CodeType, "expected a list of units, or a mapping {units: [...]}, found %s", ydec.KindName(root))
	}
	return r.finish()
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
func yamlSyntax(err error, data []byte) *Error {
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
	return &Error{Line: line, Code: CodeSyntax, Message: "invalid YAML: " + msg}
}

func (r *reader) yamlUnits(seq *yaml.Node) {
	for i, it := range seq.Content {
		nerr := len(r.ds.Errors)
		nodes := 0
		n := r.yamlNode(it, 0, &nodes)
		if nodes > maxUnitNodes {
			r.errorf(it.Line, it.Column, fmt.Sprintf("unit %d", i+1), CodeData, "a unit holds more than %d values", maxUnitNodes)
			r.accept(nil, nerr)
			continue
		}
		r.unitNode(n, i+1, nerr)
	}
}

// yamlNode converts a YAML node to a positioned tree, reporting aliases. Values nested deeper
// than maxUnitDepth are kept as empty mappings or lists.
func (r *reader) yamlNode(y *yaml.Node, depth int, nodes *int) *dnode {
	*nodes++
	n := &dnode{line: y.Line, col: y.Column}
	if *nodes > maxUnitNodes {
		return n
	}
	switch y.Kind {
	case yaml.AliasNode:
		r.errorf(y.Line, y.Column, "", CodeSyntax, "YAML aliases (*%s) are not supported: write the value out", y.Value)
	case yaml.ScalarNode:
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
		for _, c := range y.Content {
			n.items = append(n.items, r.yamlNode(c, depth+1, nodes))
		}
	case yaml.MappingNode:
		n.kind = dObj
		if depth >= maxUnitDepth {
			return n
		}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				r.errorf(k.Line, k.Column, "", CodeType, "expected a plain key, found %s", ydec.KindName(k))
				continue
			}
			n.keys = append(n.keys, dentry{key: k.Value, line: k.Line, col: k.Column, val: r.yamlNode(v, depth+1, nodes)})
		}
	default:
		n.kind = dNull
	}
	return n
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
