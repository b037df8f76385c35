package results_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/results"
)

// TestSchema validates documents written from the sample (and from units with missing data)
// against docs/results-v2.schema.json: the JSON document against the schema, the first line of
// JSON Lines against its header and every further line against its unit record.
func TestSchema(t *testing.T) {
	var schema map[string]any
	data, err := os.ReadFile("../../docs/results-v2.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	if schema["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema is %v", schema["$schema"])
	}
	v := validator{defs: schema["$defs"].(map[string]any)}
	prog, units := camau(t)
	rs := explainAll(t, prog, slices.Concat(units, mutated(units)))

	doc := decodeAny(t, write(t, prog, results.JSON, rs, results.Indent("  ")))
	for _, e := range v.validate(schema, doc, "$") {
		t.Error(e)
	}
	if len(doc.(map[string]any)["units"].([]any)) != len(rs) {
		t.Error("units missing from the document")
	}

	lines := bytes.Split(bytes.TrimSuffix(write(t, prog, results.JSONLines, rs), []byte("\n")), []byte("\n"))
	for i, line := range lines {
		def := "unit_record"
		if i == 0 {
			def = "header"
		}
		for _, e := range v.validate(v.defs[def].(map[string]any), decodeAny(t, line), fmt.Sprintf("line %d", i+1)) {
			t.Error(e)
		}
	}
	// The validator rejects what the schema rejects.
	bad := decodeAny(t, lines[1]).(map[string]any)
	bad["checks"].([]any)[0] = "passed"
	delete(bad, "gaps")
	bad["notes"] = []any{map[string]any{"indicator": json.Number("1"), "check": json.Number("2")}}
	bad["unit"].(map[string]any)["period"] = "2020-H3"
	if errs := v.validate(v.defs["unit_record"].(map[string]any), bad, "bad"); len(errs) != 4 {
		t.Errorf("a bad record: %d errors: %v", len(errs), errs)
	}
}

func decodeAny(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// validator implements the part of JSON Schema the document uses: $ref to $defs, type,
// const, enum, required, properties, additionalProperties, items, minItems, minimum, pattern
// and oneOf.
type validator struct {
	defs map[string]any
}

func (v validator) validate(s map[string]any, x any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		return v.validate(v.defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any), x, at)
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	if t, ok := s["type"]; ok {
		types, _ := t.([]any)
		if name, ok := t.(string); ok {
			types = []any{name}
		}
		if !slices.ContainsFunc(types, func(t any) bool { return hasType(x, t.(string)) }) {
			bad("%v is not of type %v", x, t)
			return errs
		}
	}
	if c, ok := s["const"]; ok && fmt.Sprint(c) != fmt.Sprint(x) {
		bad("%v is not %v", x, c)
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return e == x }) {
		bad("%v is not one of %v", x, enum)
	}
	if p, ok := s["pattern"].(string); ok {
		if str, _ := x.(string); !regexp.MustCompile(p).MatchString(str) {
			bad("%q does not match %s", str, p)
		}
	}
	if m, ok := s["minimum"].(float64); ok {
		if n, ok := x.(json.Number); ok {
			if f, _ := n.Float64(); f < m {
				bad("%v is less than %v", x, m)
			}
		}
	}
	if one, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, b := range one {
			if len(v.validate(b.(map[string]any), x, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			bad("matches %d of the oneOf branches, not one", n)
		}
	}
	switch x := x.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		required, _ := s["required"].([]any)
		for _, r := range required {
			if _, ok := x[r.(string)]; !ok {
				bad("missing %q", r)
			}
		}
		for k, val := range x {
			switch ps, ok := props[k].(map[string]any); {
			case ok:
				errs = append(errs, v.validate(ps, val, at+"."+k)...)
			case s["additionalProperties"] == false:
				bad("%q is not in the schema", k)
			default:
				if ap, ok := s["additionalProperties"].(map[string]any); ok {
					errs = append(errs, v.validate(ap, val, at+"."+k)...)
				}
			}
		}
	case []any:
		if m, ok := s["minItems"].(float64); ok && float64(len(x)) < m {
			bad("%d items, fewer than %v", len(x), m)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range x {
				errs = append(errs, v.validate(items, it, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func hasType(x any, t string) bool {
	switch x := x.(type) {
	case nil:
		return t == "null"
	case bool:
		return t == "boolean"
	case string:
		return t == "string"
	case json.Number:
		return t == "number" || t == "integer" && !strings.ContainsAny(string(x), ".eE")
	case []any:
		return t == "array"
	case map[string]any:
		return t == "object"
	}
	return false
}

// TestSchemaFormatExtension validates documents written for the rule-format extension's
// testdata — relative targets (by target and by unit value), scores and indices — against the
// schema, and checks that each unit record carries its index values and classes.
func TestSchemaFormatExtension(t *testing.T) {
	var schema map[string]any
	data, err := os.ReadFile("../../docs/results-v2.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	v := validator{defs: schema["$defs"].(map[string]any)}
	for _, c := range []struct{ dir, rules, cases string }{
		{"relative", "model.yaml", "model.cases.yaml"},
		{"relative", "model-2018.yaml", "model-2018.cases.yaml"},
		{"indices", "village.yaml", "village.cases.yaml"},
		{"indices", "stars.yaml", "stars.cases.yaml"},
		{"columns", "disadvantaged.yaml", "disadvantaged.cases.yaml"},
		{"dates", "security.yaml", "security.cases.yaml"},
	} {
		fsys := os.DirFS("../testdata/" + c.dir)
		rs, err := criteria.Load(fsys, c.rules)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := rs.Compile()
		if err != nil {
			t.Fatal(err)
		}
		cf, err := criteria.LoadCases(fsys, c.cases)
		if err != nil {
			t.Fatal(err)
		}
		var res []*criteria.Result
		for _, k := range cf.Cases {
			u, err := cf.Unit(k, rs)
			if err != nil {
				t.Fatal(err)
			}
			r, err := prog.Evaluate(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			res = append(res, r)
		}
		out := write(t, prog, results.JSON, res)
		doc := decodeAny(t, out)
		for _, e := range v.validate(schema, doc, c.rules) {
			t.Error(e)
		}
		units := doc.(map[string]any)["units"].([]any)
		_, has := units[0].(map[string]any)["index_values"]
		if has != (len(rs.Indices) > 0) {
			t.Errorf("%s: index_values present %v with %d indices", c.rules, has, len(rs.Indices))
		}
		if c.rules == "disadvantaged.yaml" && !bytes.Contains(out, []byte(`"column":"mnpb"`)) {
			t.Errorf("disadvantaged: the column chosen is not written: %s", out)
		}
		if c.rules == "stars.yaml" && !bytes.Contains(out, []byte(`"index_values":[30],"index_classes":["2"]`)) {
			t.Errorf("stars: the first unit's value and class are not written: %s", out)
		}
	}
}
