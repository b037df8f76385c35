package scoring_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/nongthonmoi/ntm/scoring/report"
)

// hamletInputs evaluates the roll-up fixture's hamlets and makes their scoring inputs.
func hamletInputs(t *testing.T) (*scoring.Scheme, []scoring.Input) {
	t.Helper()
	fsys := os.DirFS("../criteria/testdata/levels")
	rs, err := criteria.Load(fsys, "thon.yaml")
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	sc, err := scoring.Load(os.DirFS("testdata/levels"), "thon.scoring.yaml", rs)
	require.NoError(t, err)
	ds := data.ReadFile(fsys, "thon.csv", rs)
	require.NoError(t, ds.Err())
	var ins []scoring.Input
	for _, u := range ds.Units {
		var v criteria.Verdicts
		require.NoError(t, prog.Verdicts(context.Background(), u, &v))
		in, err := sc.Input(prog, u, &v)
		require.NoError(t, err)
		ins = append(ins, in)
	}
	return sc, ins
}

// TestRankAtAnyLevel: a scheme over hamlets ranks hamlets, and ranks the units they belong to
// — communes, named by the hamlets' commune column — with the words of those levels, never
// "huyện" or "district".
func TestRankAtAnyLevel(t *testing.T) {
	sc, ins := hamletInputs(t)
	assert.Equal(t, "X1", ins[0].District, "a hamlet's group is its commune")

	w := sc.Words()
	assert.Equal(t, "thôn", w.Unit.VI)
	assert.Equal(t, "hamlets", w.Units.EN)
	assert.Equal(t, "xã", w.Parent.VI)
	assert.Equal(t, "commune", w.Parent.EN)

	rk, err := sc.Rank(ins, scoring.ForSubject(scoring.SubjectDistrict))
	require.NoError(t, err)
	var groups []string
	for _, s := range rk.Scores() {
		groups = append(groups, s.Code+"="+s.Label.In("vi"))
	}
	// X1: 2 of 3 hamlets meet every criterion; X2: 1 of 3; Tân Lộc 1 of 1; X9 1 of 1.
	assert.ElementsMatch(t, []string{"Tân Lộc=Xã Tân Lộc", "X9=Xã X9", "X1=Xã X1", "X2=Xã X2"}, groups)
	assert.Equal(t, "Tân Lộc", rk.Scores()[0].Code)

	rows := report.Ranking(rk, "vi")
	assert.Equal(t, []string{"Hạng", "Đơn vị", "Số thôn", "Thôn đạt chuẩn"}, rows[0][:4])
	rows = report.Ranking(rk, "en")
	assert.Equal(t, "Hamlets", rows[0][2])

	b, err := json.Marshal(rk)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"subject_label":{"vi":"xã","en":"communes"}`)
	assert.NotContains(t, string(b), "huyện", "the format's keys (district, communes) stay; no label says huyện")

	hr, err := sc.Rank(ins, scoring.ForSubject(scoring.SubjectCommune))
	require.NoError(t, err)
	assert.Equal(t, "Ấp 1", hr.Scores()[0].Label.In("vi"), "a name that carries its level's word keeps it")
	rows = report.Ranking(hr, "vi")
	assert.Contains(t, rows[0], "Xã", "the parent column is named by the hamlet's parent level")
	assert.NotContains(t, rows[0], "Huyện")

	g, err := sc.Goals(ins)
	require.NoError(t, err)
	require.Len(t, g.Goals, 1)
	assert.Equal(t, "0/8 thôn đạt chuẩn (0%); mục tiêu ≥ 50% (4 thôn): còn thiếu 4 thôn", g.Goals[0].Note.In("vi"))
	assert.Contains(t, g.Goals[0].Note.In("en"), "0 of 8 hamlets recognised")
}
