package lineage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const head = "format: ntm.lineage/v1\nid: tinh-x.sap-xep\neffective: 2024-01-01\nsource: NQ 1/2023\n"

func readFiles(t *testing.T, files map[string]string) (*Reorganisation, criteria.ErrorList) {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, s := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	r, err := Read(fsys, "l.yaml")
	if err != nil {
		require.Nil(t, r)
		return nil, criteria.Errors(err)
	}
	return r, nil
}

// TestReadInline reads a small province's lineage with its links listed in the file: whole and
// part links, a link's own source or the file's, and the units on both sides.
func TestReadInline(t *testing.T) {
	r, errs := readFiles(t, map[string]string{"l.yaml": head + `links:
  - {from_code: "001", from_name: "Xã A", to_code: "100", to_name: "Xã A Mới", share: whole, source: "NQ 1/2023, khoản 1"}
  - {from_code: "002", from_name: "Xã B", to_code: "100", to_name: "Xã A Mới", share: part}
  - {from_code: "002", from_name: "Xã B", to_code: "101", to_name: "Phường C", share: part, confidence: checked}
`})
	require.Empty(t, errs)
	require.Equal(t, "tinh-x.sap-xep (01/01/2024)", r.String())
	p := r.Predecessors("100")
	require.Len(t, p, 2)
	assert.Equal(t, "NQ 1/2023, khoản 1", p[0].Source)
	assert.Equal(t, "NQ 1/2023", p[1].Source, "a link with no source cites the file's")
	assert.Equal(t, Part, p[1].Share)
	assert.Equal(t, KindWard, r.Successors("002")[1].To.Kind)
	assert.Equal(t, "l.yaml", p[0].Pos.File)
	assert.Equal(t, 6, p[0].Pos.Line)
	assert.True(t, r.IsBefore(criteria.Period{Year: 2023}))
	assert.False(t, r.IsBefore(criteria.Period{Year: 2024, Half: 1}))
	// the copies handed out do not change the reorganisation
	p[0].To.Name = "changed"
	assert.Equal(t, "Xã A Mới", r.Predecessors("100")[0].To.Name)
}

// TestReadProblems: each malformed lineage is refused with every problem at its line.
func TestReadProblems(t *testing.T) {
	csvHead := "from_code,from_name,to_code,to_name,share\n"
	for _, c := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"whole and part", map[string]string{"l.yaml": head + "links: l.csv\n", "l.csv": csvHead + "1,Xã A,9,Xã Z,whole\n1,Xã A,8,Xã Y,part\n"},
			[]string{"l.csv:2: old unit 1 goes whole into a new unit but has 2 links"}},
		{"one part only", map[string]string{"l.yaml": head + "links: l.csv\n", "l.csv": csvHead + "1,Xã A,9,Xã Z,part\n"},
			[]string{"l.csv:2: only part of old unit 1 is linked (to 9)"}},
		{"twice", map[string]string{"l.yaml": head + "links: l.csv\n", "l.csv": csvHead + "1,Xã A,9,Xã Z,whole\n1,Xã A,9,Xã Z,whole\n"},
			[]string{"l.csv:3: the link 1 → 9 is given twice"}},
		{"names disagree", map[string]string{"l.yaml": head + "links: l.csv\n", "l.csv": csvHead + "1,Xã A,9,Xã Z,whole\n2,Xã B,9,Xã Q,whole\n"},
			[]string{`l.csv:3: new unit 9 is "Xã Q"`}},
		{"bad cells", map[string]string{"l.yaml": head + "links: l.csv\n", "l.csv": csvHead + "1 2,Xã A,9,Xã Z,whole\n3,Xã\x01,9,Xã Z,whole\n4,Xã D,9,Xã Z,all\n,Xã E,9,Xã Z,whole\n"},
			[]string{`l.csv:2: from_code "1 2": a code holds only`, "l.csv:3: from_name holds a control character", `l.csv:4: share "all"`, "l.csv:5: from_code is empty"}},
		{"columns", map[string]string{"l.yaml": head + "links: l.csv\n", "l.csv": "from_code,to,share\n"},
			[]string{`l.csv:1: unknown column "to"`, "l.csv:1: the column to_code is missing"}},
		{"field count", map[string]string{"l.yaml": head + "links: l.csv\n", "l.csv": csvHead + "1,Xã A,9\n"},
			[]string{"l.csv:2: wrong number of fields"}},
		{"not utf-8", map[string]string{"l.yaml": head + "links: l.csv\n", "l.csv": csvHead + "1,X\xe3 A,9,Xã Z,whole\n"},
			[]string{"l.csv:1: the file is not UTF-8"}},
		{"outside the folder", map[string]string{"l.yaml": head + "links: ../etc/passwd\n"},
			[]string{`l.yaml:5:8: links: "../etc/passwd": name a CSV file in the lineage file's folder`}},
		{"missing links file", map[string]string{"l.yaml": head + "links: none.csv\n"},
			[]string{"l.yaml:5:8: links: none.csv: cannot read the file"}},
		{"manifest", map[string]string{"l.yaml": "format: ntm.lineage/v2\nid: x\neffective: 1/7/2025\nlinks: []\nextra: 1\n"},
			[]string{`l.yaml:1:9: format: "ntm.lineage/v2"`, `l.yaml:3:12: effective: "1/7/2025": write`, `l.yaml:5:1: unknown key "extra"`}},
		{"no links", map[string]string{"l.yaml": head + "links: []\n"}, []string{"l.yaml:1: the reorganisation has no links"}},
		{"empty", map[string]string{"l.yaml": ""}, []string{"l.yaml:1:1: the file is empty"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs := readFiles(t, c.files)
			require.NotEmpty(t, errs)
			var lines []string
			for _, e := range errs {
				lines = append(lines, e.Error())
			}
			all := strings.Join(lines, "\n")
			for _, w := range c.want {
				assert.Contains(t, all, w)
			}
		})
	}
}

// TestReadBounds: a file past the limits is refused without reading it whole, and a file of
// errors lists at most 100 of them.
func TestReadBounds(t *testing.T) {
	big := fstest.MapFS{
		"l.yaml": {Data: []byte(head + "links: l.csv\n")},
		"l.csv":  {Data: []byte(strings.Repeat("x", MaxLinksBytes+1))},
	}
	_, err := Read(big, "l.yaml")
	require.ErrorContains(t, err, "at most 16777216 are allowed")

	var b strings.Builder
	b.WriteString("from_code,to_code,share\n")
	for i := range 500 {
		fmt.Fprintf(&b, "%d,9,bad\n", i)
	}
	_, err = Read(fstest.MapFS{"l.yaml": {Data: []byte(head + "links: l.csv\n")}, "l.csv": {Data: []byte(b.String())}}, "l.yaml")
	errs := criteria.Errors(err)
	require.Len(t, errs, 101)
	assert.Contains(t, errs[100].Error(), "more than 100 problems")

	var many strings.Builder
	many.WriteString("from_code,to_code,share\n")
	for i := range 100 {
		fmt.Fprintf(&many, "1,%d,part\n", i)
	}
	_, err = Read(fstest.MapFS{"l.yaml": {Data: []byte(head + "links: l.csv\n")}, "l.csv": {Data: []byte(many.String())}}, "l.yaml")
	require.ErrorContains(t, err, "l.csv:66: old unit 1 has more than 64 successors")

	long := strings.Repeat("7", 40)
	_, err = Read(fstest.MapFS{"l.yaml": {Data: []byte(head + "links: l.csv\n")}, "l.csv": {Data: []byte("from_code,to_code,share\n" + long + ",9,whole\n")}}, "l.yaml")
	require.ErrorContains(t, err, "longer than 32 bytes")
}

// TestReadLinksPath: a links file named with ".." inside a name is read; one that is a symbolic
// link is refused, so "the folder or below it" holds.
func TestReadLinksPath(t *testing.T) {
	dir := t.TempDir()
	csv := "from_code,to_code,share\n1,9,whole\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a..b.csv"), []byte(csv), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "l.yaml"), []byte(head+"links: a..b.csv\n"), 0o644))
	r, err := Read(os.DirFS(dir), "l.yaml")
	require.NoError(t, err)
	assert.Len(t, r.Links(), 1)

	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.csv"), []byte(csv), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.csv"), filepath.Join(dir, "l.csv")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m.yaml"), []byte(head+"links: l.csv\n"), 0o644))
	_, err = Read(os.DirFS(dir), "m.yaml")
	require.ErrorContains(t, err, `"l.csv" is a symbolic link`)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.csv"), nil, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e.yaml"), []byte(head+"links: e.csv\n"), 0o644))
	_, err = Read(os.DirFS(dir), "e.yaml")
	require.ErrorContains(t, err, "e.csv:1: the links file is empty")
}

// TestAcrossChecks: a row whose name is not the lineage's name for its code, and periods after
// that overlap, are refused; a file that links no provinces still sets a province's units side
// by side, and the parts by former province add up to the whole.
func TestAcrossChecks(t *testing.T) {
	assert.True(t, SameName("An Xuyên", "Xã An Xuyên"))
	assert.True(t, SameName("xã Hòa Mỹ", "Xã Hoà Mỹ"))
	assert.True(t, SameName("", "Xã Hoà Mỹ"))
	assert.False(t, SameName("Xã Nguyễn Phích", "Thị trấn U Minh"))
	assert.False(t, SameName("Tân Hưng", "Xã Tân Hưng Đông"))

	r, errs := readFiles(t, map[string]string{"l.yaml": head + `links:
  - {from_province: "1", from_code: "001", from_name: "Xã A", to_province: "7", to_code: "100", to_name: "Xã A Mới", share: whole}
  - {from_province: "1", from_code: "002", from_name: "Xã B", to_province: "7", to_code: "101", to_name: "Xã B", share: whole}
`})
	require.Empty(t, errs)
	y := func(year, half int) criteria.Period { return criteria.Period{Year: year, Half: half} }
	before := []*criteria.Result{res("001", y(2023, 0), true), res("002", y(2023, 0), false)}
	before[1].Unit.Name = "Xã C"
	after := []*criteria.Result{res("100", y(2024, 0), true), res("101", y(2024, 0), false)}
	a, err := r.Across(context.Background(), Input{Province: "7", Before: before, After: [][]*criteria.Result{after}})
	require.NoError(t, err)
	require.Len(t, a.Outside, 1)
	assert.Equal(t, `the data name 002 "Xã C", the lineage "Xã B": check the code`, a.Outside[0].Why)
	assert.Equal(t, `dữ liệu ghi mã 002 là "Xã C", danh mục ghi "Xã B": kiểm tra lại mã`, a.Outside[0].WhyVI)
	assert.Equal(t, "7", a.Province.Name, "no province link: the code stands for the name")

	_, err = r.Across(context.Background(), Input{Province: "7", Before: before, After: [][]*criteria.Result{after,
		{res("100", y(2024, 2), true)}}})
	require.ErrorContains(t, err, "the periods 2024 and 2024-H2 overlap")

	v, err := Vietnam2025()
	require.NoError(t, err)
	d := v.Doubts()
	require.Len(t, d, 1, "one link of the source moves a unit out of its province's way")
	assert.Equal(t, "30622", d[0].From.Code)
	a, err = v.Across(context.Background(), Input{Province: "82", After: [][]*criteria.Result{{res("30259", y(2026, 0), false)}}})
	require.NoError(t, err)
	sum := Count{}
	for _, p := range a.Totals.ByFormer {
		sum.Communes += p.Before.Communes
		sum.NotRural += p.Before.NotRural
	}
	assert.Equal(t, a.Totals.Before.Communes, sum.Communes, "the parts before add up")
	assert.Equal(t, a.Totals.Before.NotRural, sum.NotRural)
}
