package data_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const provenanceRules = `format: ntm.rules/v1
id: test.prov
version: "2021-2025"
level: commune
title: {vi: "Bộ thử 2021-2025"}
legal: [{id: T, title: {vi: T}}]
effective: {from: 2021-01-01, until: 2025-12-31}
regions: [{id: vn, name: {vi: "Cả nước"}}]
groups: [{id: G, title: {vi: G}}]
fields:
  - {id: ok, type: boolean, label: {vi: "Đạt"}}
  - {id: ntm_old_set, type: boolean, label: {vi: "Công nhận theo bộ 2016-2020"}, from: {history: ntm, under: "test.prov@2016-2020"}}
criteria:
  - {id: "1", name: {vi: "1"}, groups: [G], indicators: [{id: "1", name: {vi: "1"}, checks: [{measure: ok, op: "==", target: {all: {value: true, confidence: verified, source: T}}}]}]}
conditions:
  - {id: old_title, kind: report, name: {vi: "Đã công nhận theo bộ 2016-2020"}, confidence: verified, source: T, condition: ntm_old_set}
`

// TestRecognitionProvenance: a history entry may name the ruleset its title was granted under
// (in CSV as a [id@version] suffix); a unit recognised under another period's set is reported
// as such — slipping is not judged — while one recognised under this set that no longer meets
// it has slipped; a condition may ask under which set the title was granted.
func TestRecognitionProvenance(t *testing.T) {
	rs, err := criteria.Parse("p.yaml", []byte(provenanceRules))
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	csv := "code,name,region,period,ok,history\n" +
		"1,Old title,vn,2023,false,ntm@2018#12/QĐ-UBND[test.prov@2016-2020]\n" +
		"2,New title,vn,2023,false,ntm@2022[test.prov@2021-2025]\n" +
		"3,Unknown set,vn,2023,false,ntm@2018\n" +
		"4,Bad ref,vn,2023,false,ntm@2018[test.prov]\n"
	ds := data.Read(strings.NewReader(csv), "p.csv", data.CSV, rs)
	require.Len(t, ds.Units, 3)
	require.Len(t, ds.Errors, 1)
	assert.Contains(t, ds.Errors[0].Error(), "written id@version")
	want := []struct {
		elsewhere bool
		slipped   criteria.Truth
		under     string
		old       criteria.Status
	}{
		{true, criteria.No, "test.prov@2016-2020", criteria.Met},
		{false, criteria.Yes, "test.prov@2021-2025", criteria.NotMet},
		{false, criteria.Yes, "", criteria.NotMet},
	}
	var v criteria.Verdicts
	for i, u := range ds.Units {
		res, err := prog.Evaluate(context.Background(), u)
		require.NoError(t, err)
		w := want[i]
		assert.Equal(t, w.elsewhere, res.RecognisedElsewhere, u.Name)
		assert.Equal(t, w.slipped, res.Slipped, u.Name)
		require.NotNil(t, res.Recognition)
		assert.Equal(t, w.under, res.Recognition.Ruleset, u.Name)
		assert.Equal(t, w.old, res.Conditions[0].Status, "%s: the condition asks under which set", u.Name)
		require.NoError(t, prog.Verdicts(context.Background(), u, &v))
		assert.Equal(t, w.elsewhere, v.RecognisedElsewhere, u.Name)
		assert.Equal(t, w.slipped, v.Slipped, u.Name)
	}
}
