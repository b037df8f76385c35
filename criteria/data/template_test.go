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

// TestTemplateParentColumns: the template of a hamlet set has the hamlet's commune column,
// hinted as such, and its level hint lists the levels the ruleset knows; filled in under the
// template's own label row, it reads back with each hamlet's commune.
func TestTemplateParentColumns(t *testing.T) {
	rs, err := criteria.Load(os.DirFS("../testdata/levels"), "thon.yaml")
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, data.WriteTemplate(&b, rs))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], ",level,commune,road_hard_pct,")
	assert.Contains(t, lines[1], ",Loại đơn vị,Xã,")
	assert.Contains(t, lines[2], "văn bản: mã hoặc tên xã")
	assert.Contains(t, lines[2], "không bắt buộc: hamlet | commune | town | district | province")

	// The label row as the header (ids deleted), and one filled row.
	filled := strings.TrimPrefix(lines[1], "# ") + "\nA1,Ấp 1,,vn,2024,,,X1,80,có\n"
	ds := data.Read(strings.NewReader(filled), "ap.csv", data.CSV, rs)
	require.Empty(t, ds.Errors)
	require.Len(t, ds.Units, 1)
	assert.Equal(t, "X1", ds.Units[0].Parent(criteria.LevelCommune))
}
