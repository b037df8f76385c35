package ydec_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

func TestParseYAMLErrorLines(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"unclosed flow mapping points at its start", "a: 1\nb: {x: 1\nc: 2\n", 2},
		{"bad indentation", "a: 1\n  b: 2\n", 2},
		{"end of stream inside a quote points at the last line", "a: 1\nb: \"x\n", 2},
		{"one line", "{", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &ydec.Decoder{File: "f.yaml"}
			assert.Nil(t, d.ParseYAML([]byte(tc.src)))
			require.Len(t, d.Errs, 1)
			assert.Equal(t, tc.line, d.Errs[0].Line, d.Errs[0].Error())
			assert.Equal(t, ydec.CodeSyntax, d.Errs[0].Code)
		})
	}
}

func TestMappingReportsEveryProblem(t *testing.T) {
	d := &ydec.Decoder{File: "f.yaml"}
	root := d.ParseYAML([]byte("id: x\nnmae: y\nid: z\n"))
	require.NotNil(t, root)
	_, idx, ok := d.Mapping(root, "", []string{"id", "name"}, "id", "name")
	assert.True(t, ok)
	assert.Equal(t, "x", idx["id"].Value)
	var lines []string
	for _, e := range d.Errs {
		lines = append(lines, e.Error())
	}
	assert.Equal(t, []string{
		`f.yaml:2:1: unknown key "nmae" (expected one of: id, name) (did you mean "name"?) [E-KEY-UNKNOWN]`,
		`f.yaml:3:1: key "id" appears twice [E-KEY-DUPLICATE]`,
		`f.yaml:1:1: missing required key "name" [E-KEY-MISSING]`,
	}, lines)
}

func TestSuggest(t *testing.T) {
	assert.Equal(t, "dbscl", ydec.Suggest("dbsc", []string{"dbsh", "dbscl"}))
	assert.Equal(t, "", ydec.Suggest("households", []string{"income", "debt"}))
	assert.Equal(t, "range", ydec.Suggest("rnage", []string{"id", "range", "unit"}))
}
