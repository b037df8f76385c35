package data_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTemplateNeutralisesLabels: a label a province's rule file gives a field is written so
// that a spreadsheet shows it as text, never runs it as a formula; and the template still
// reads back as a header with no rows.
func TestTemplateNeutralisesLabels(t *testing.T) {
	src, err := os.ReadFile("../testdata/mini/base.yaml")
	require.NoError(t, err)
	text := strings.Replace(string(src), `label: {vi: "Thu nhập", en: "Income"}`, `label: {vi: "=HYPERLINK(\"http://x\",\"Thu nhập\")", en: "Income"}`, 1)
	require.NotEqual(t, string(src), text)
	rs, err := criteria.Parse("evil.yaml", []byte(text))
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, data.WriteTemplate(&b, rs))
	assert.Contains(t, b.String(), `"'=HYPERLINK(""http://x"",""Thu nhập"")"`)
	assert.NotContains(t, b.String(), `,"=HYPERLINK`)
	ds := data.Read(&b, "template.csv", data.CSV, rs)
	assert.Empty(t, ds.Errors)
	assert.Equal(t, 0, ds.Rows)
}
