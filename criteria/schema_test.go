package criteria_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestResultSchema checks the golden results against docs/result.schema.json: every object
// has its required keys and no key the schema does not declare, enums hold, arrays recurse.
// It implements the subset of JSON Schema the document uses.
func TestResultSchema(t *testing.T) {
	var schema map[string]any
	data, err := os.ReadFile("../docs/result.schema.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &schema))
	var doc any
	data, err = os.ReadFile("testdata/golden/result.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &doc))
	defs := schema["$defs"].(map[string]any)
	branch := schema["oneOf"].([]any)[0].(map[string]any)
	for _, e := range validate(branch, doc, "$", defs) {
		t.Error(e)
	}
}

func validate(s map[string]any, v any, at string, defs map[string]any) []string {
	if ref, ok := s["$ref"].(string); ok {
		return validate(defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any), v, at, defs)
	}
	var errs []string
	if c, ok := s["const"]; ok && c != v {
		errs = append(errs, fmt.Sprintf("%s: %v is not %v", at, v, c))
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || e == v
		}
		if !found {
			errs = append(errs, fmt.Sprintf("%s: %v not in %v", at, v, enum))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := x[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: missing %q", at, r))
			}
		}
		for k, val := range x {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validate(ps, val, at+"."+k, defs)...)
			} else if s["additionalProperties"] == false {
				errs = append(errs, fmt.Sprintf("%s: key %q is not in the schema", at, k))
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range x {
				errs = append(errs, validate(items, it, fmt.Sprintf("%s[%d]", at, i), defs)...)
			}
		}
	}
	return errs
}

func asStrings(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			out = append(out, x.(string))
		}
	}
	return out
}
