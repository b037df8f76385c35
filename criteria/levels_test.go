package criteria_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

// desaWith loads the Indonesian fixture with its header edited: old replaced by new.
func desaWith(t *testing.T, old, new string) (*criteria.Ruleset, error) {
	t.Helper()
	b, err := os.ReadFile("testdata/language/desa.yaml")
	require.NoError(t, err)
	src := string(b)
	require.Contains(t, src, old)
	return criteria.Load(fstest.MapFS{"r.yaml": {Data: []byte(strings.Replace(src, old, new, 1))}}, "r.yaml")
}

func requireProblem(t *testing.T, err error, code criteria.Code, msg, suggest string) {
	t.Helper()
	for _, e := range criteria.Errors(err) {
		if e.Code == code && strings.Contains(e.Message, msg) {
			assert.Equal(t, suggest, e.Suggest)
			assert.Positive(t, e.Line, "positioned")
			return
		}
	}
	t.Fatalf("no %s problem %q in: %v", code, msg, err)
}

// TestLevelDeclarations: what a ruleset may declare of its levels, and what is refused.
func TestLevelDeclarations(t *testing.T) {
	rs, err := desaWith(t, "level: desa\n", "level: desa\n")
	require.NoError(t, err)
	li, ok := rs.LevelInfo("kabupaten")
	require.True(t, ok)
	assert.Equal(t, "regency", li.Name.In("en"))
	assert.Equal(t, "kabupaten", li.Name.In("id"))
	assert.Equal(t, "regency", li.Name.In("vi"), "no Vietnamese word: the English one")
	ws := rs.Warnings()
	require.Len(t, ws, 1)
	assert.Equal(t, criteria.WarnWords, ws[0].Code)
	assert.Equal(t, "3 words have no id form, and are shown in English: conflicting, inferred, predecessor (add them under words:)", ws[0].Message)
	assert.Equal(t, 18, ws[0].Line, "at the language: line")

	_, err = desaWith(t, "level: desa\n", "level: dessa\n")
	requireProblem(t, err, criteria.CodeValue, `unknown level "dessa"`, "desa")

	_, err = desaWith(t, "provinsi: {name: {id: \"provinsi\", en: \"province\"}}", "provinsi: {name: {id: \"provinsi\", en: \"province\"}, parent: desa}")
	requireProblem(t, err, criteria.CodeValue, "is its own ancestor (desa → kabupaten → provinsi → desa)", "")

	_, err = desaWith(t, "parent: kabupaten}", "parent: kabupatn}")
	requireProblem(t, err, criteria.CodeValue, `names parent "kabupatn", which is not declared`, "kabupaten")

	_, err = desaWith(t, "  met: {id: \"tercapai\"}", "  mett: {id: \"tercapai\"}")
	requireProblem(t, err, criteria.CodeKeyUnknown, `unknown word "mett"`, "met")

	_, err = desaWith(t, "language: id\n", "language: Indonesian\n")
	requireProblem(t, err, criteria.CodeValue, `"Indonesian" is not a language tag`, "")

	_, err = desaWith(t, `name: {id: "Indeks Desa Membangun", en: "Village development index"}`, `name: {id: "Indeks Desa Membangun", EN: "Village development index"}`)
	requireProblem(t, err, criteria.CodeKeyUnknown, `"EN" is not a language tag`, "")

	var many []string
	for _, l := range []string{"aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh", "bi"} {
		many = append(many, l+`: "x"`)
	}
	_, err = desaWith(t, `title: {id: "Uji: Indeks Desa Membangun", en: "Test set: village development index (IDM)"}`, "title: {"+strings.Join(many, ", ")+"}")
	requireProblem(t, err, criteria.CodeValue, "a label is written in at most 16 languages", "")

	// Vietnam's tree, when nothing is declared: a village is refused, with the levels named.
	_, err = criteria.Load(os.DirFS("testdata/levels"), "xa.yaml")
	require.NoError(t, err)
	b, _ := os.ReadFile("testdata/levels/xa.yaml")
	_, err = criteria.Load(fstest.MapFS{"r.yaml": {Data: []byte(strings.Replace(string(b), "level: commune", "level: village", 1))}}, "r.yaml")
	requireProblem(t, err, criteria.CodeValue, "expected one of Vietnam's levels (declare others under levels:), hamlet, commune, town, district, province", "")
}

// TestParentColumns: a hamlet's commune column fills its parent; the header offers the levels
// between the unit and the top, and a parent in JSON is read as the column is.
func TestParentColumns(t *testing.T) {
	rs, err := criteria.Load(os.DirFS("testdata/levels"), "thon.yaml")
	require.NoError(t, err)
	ids, labels := rs.Header()
	assert.Contains(t, ids, "commune")
	assert.NotContains(t, ids, "province", "a run has one unit at the top")
	for i, id := range ids {
		if id == "commune" {
			assert.Equal(t, "Xã", labels[i])
		}
	}
	ds := data.Read(strings.NewReader(`[{"code": "A1", "region": "vn", "period": "2024", "parents": {"commune": "X1"}},
 {"code": "A2", "region": "vn", "period": "2024", "parents": {"comune": "X1"}}]`), "h.json", data.JSON, rs)
	require.Len(t, ds.Units, 1)
	assert.Equal(t, "X1", ds.Units[0].Parent(criteria.LevelCommune))
	require.Len(t, ds.Errors, 1)
	assert.Contains(t, ds.Errors[0].Message, `"comune" is not a level above the unit's: expected one of commune`)
	assert.Equal(t, "commune", ds.Errors[0].Suggest)
}

// TestLevelIDsCollide: a level id names a data column, so it may be neither a reserved column
// nor a field's id.
func TestLevelIDsCollide(t *testing.T) {
	b, err := os.ReadFile("testdata/levels/thon.yaml")
	require.NoError(t, err)
	load := func(extra string) error {
		_, err := criteria.Load(fstest.MapFS{"r.yaml": {Data: append(append([]byte(nil), b...), extra...)}}, "r.yaml")
		return err
	}
	err = load("levels: {hamlet: {name: ấp, parent: code}, code: {name: x}}\n")
	requireProblem(t, err, criteria.CodeIDInvalid, `level id "code" is a reserved column of data`, "")
	xa, err := os.ReadFile("testdata/levels/xa.yaml")
	require.NoError(t, err)
	_, err = criteria.Load(fstest.MapFS{"r.yaml": {Data: append(xa, "levels: {commune: {name: xã, parent: market}, market: {name: chợ}}\n"...)}}, "r.yaml")
	requireProblem(t, err, criteria.CodeIDDuplicate, `level id "market" is also a field's id`, "")

	// A layer that declares levels adds to Vietnam's tree, which its base knows.
	layer := "format: ntm.rules/v1\nid: test.thon-layer\nversion: \"1\"\nextends: test.thon@1\nlevels: {cluster: {name: cụm, parent: province}}\n"
	rs, err := criteria.Load(fstest.MapFS{"thon.yaml": {Data: b}, "layer.yaml": {Data: []byte(layer)}}, "layer.yaml")
	require.NoError(t, err)
	_, ok := rs.LevelInfo("cluster")
	assert.True(t, ok)
	assert.Equal(t, []criteria.Level{"commune", "district", "province"}, rs.Ancestors(criteria.LevelHamlet))
}

// TestJSONParentsAtEveryLevel: JSON and YAML data may name a parent at any level above the
// unit's, the top too, as a CSV column may.
func TestJSONParentsAtEveryLevel(t *testing.T) {
	rs, err := criteria.Load(os.DirFS("testdata/levels"), "thon.yaml")
	require.NoError(t, err)
	ds := data.Read(strings.NewReader(`[{"code": "A1", "region": "vn", "period": "2024", "parents": {"commune": "X1", "province": "96"}}]`), "h.json", data.JSON, rs)
	require.Empty(t, ds.Errors)
	assert.Equal(t, "96", ds.Units[0].Parent(criteria.LevelProvince))
}
