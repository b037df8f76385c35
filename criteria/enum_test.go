package criteria_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const enumRules = `format: ntm.rules/v1
id: test.enum
version: "1"
level: commune
title: {vi: "Loại mặt đường"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2020-01-01, until: 2020-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: "I", title: {vi: "I"}}]
fields:
  - id: surface
    type: text
    label: {vi: "Mặt đường", en: "Road surface"}
    values:
      - {id: asphalt, label: {vi: "Nhựa", en: "Asphalt"}}
      - {id: concrete, label: {vi: "Bê tông", en: "Concrete"}}
      - {id: earth, label: {vi: "Đất", en: "Earth"}}
criteria:
  - id: "1"
    name: {vi: "Giao thông"}
    groups: ["I"]
    indicators:
      - {id: "1", name: {vi: "Mặt đường cứng"}, confidence: verified, source: T,
         condition: 'surface == "MEASURE" || surface == "concrete"'}
`

// TestEnumeratedField: a text field that lists its values takes them by id or by label, and
// refuses anything else with the nearest; a rule comparing it with a value it does not list is
// refused when the file loads, so a misspelt category cannot score 0 silently.
func TestEnumeratedField(t *testing.T) {
	rs, err := criteria.Parse("enum.yaml", []byte(strings.ReplaceAll(enumRules, "MEASURE", "asphalt")))
	require.NoError(t, err, lines(err))
	f, ok := rs.Field("surface")
	require.True(t, ok)
	for in, want := range map[string]string{"asphalt": "asphalt", "Nhựa": "asphalt", "bê tông": "concrete", "Earth": "earth"} {
		v, err := f.Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, v.String(), in)
	}
	_, err = f.Parse("Aspal")
	var e *criteria.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, `field "surface": "Aspal" is not one of its values: Nhựa (asphalt), Bê tông (concrete), Đất (earth)`, e.Message)
	assert.Equal(t, "asphalt", e.Suggest)
	_, err = f.Parse("bê tong")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "bê tông", e.Suggest, "a misspelt label is answered with the label")

	prog, err := rs.Compile()
	require.NoError(t, err)
	vals := rs.NewValues()
	require.NoError(t, vals.SetString("surface", "Nhựa"))
	res, err := prog.Evaluate(context.Background(), &criteria.Unit{Code: "x", Region: "vn", Period: criteria.Period{Year: 2020}, Values: vals})
	require.NoError(t, err)
	assert.Equal(t, criteria.Met, res.Criteria[0].Status, "a value given by its label is read as its id")

	_, err = criteria.Parse("enum.yaml", []byte(strings.ReplaceAll(enumRules, "MEASURE", "Aspal")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"Aspal" is not one of the values of surface (asphalt, concrete, earth) (did you mean "asphalt"?)`)

	_, err = criteria.Parse("enum.yaml", []byte(strings.ReplaceAll(strings.ReplaceAll(enumRules, "MEASURE", "asphalt"), "type: text", "type: count\n    unit: x")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "only a text field lists its values")

	// Two values one name could mean: the second could never be reached from data.
	dup := strings.Replace(strings.ReplaceAll(enumRules, "MEASURE", "asphalt"), `{id: earth, label: {vi: "Đất", en: "Earth"}}`,
		"{id: earth, label: {vi: \"Đất\", en: \"Earth\"}}\n      - {id: dat, label: {vi: \"đất\"}}", 1)
	require.NotEqual(t, dup, strings.ReplaceAll(enumRules, "MEASURE", "asphalt"))
	_, err = criteria.Parse("enum.yaml", []byte(dup))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"đất" names both value earth and value dat`)
}
