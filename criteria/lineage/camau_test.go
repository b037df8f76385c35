package lineage

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestCaMauGolden pins the lineage of every unit of the old Cà Mau territory (province 96
// before 01/7/2025): its successors, whole or in part, and the clause of NQ 1655/NQ-UBTVQH15.
func TestCaMauGolden(t *testing.T) {
	r, err := Vietnam2025()
	require.NoError(t, err)
	var b strings.Builder
	olds := r.OldUnits(criteria.LevelCommune, "96")
	communes := 0
	for _, u := range olds {
		if u.Kind == KindCommune {
			communes++
		}
		fmt.Fprintf(&b, "%s %s (%s)\n", u.Code, u.Name, u.Kind)
		for _, l := range r.Successors(u.Code) {
			fmt.Fprintf(&b, "  → %s %s, %s, %s [%s]\n", l.To.Code, l.To.Name, l.Share, l.Source, l.Confidence)
		}
	}
	require.Equal(t, 82, communes, "the old territory's rural communes")
	require.Len(t, olds, 100, "82 communes, 9 wards and 9 towns")
	const golden = "testdata/camau-2025.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), b.String(), "run go test ./criteria/lineage -run CaMauGolden -update after checking the change")
}

// camau2020 is a standing of the old communes used by the cases below (Việt Thắng, Tân Hưng
// Tây, Rạch Chèo, Tân Bằng, Biển Bạch Đông, Hòa Mỹ, An Xuyên recognised; Biển Bạch, Đông Hưng
// and Hồ Thị Kỷ not; the rest no data).
var camau2020 = map[string]Standing{
	"32224": Recognised, "32227": Recognised, "32228": Recognised, // → xã Nguyễn Việt Khái
	"32068": NotRecognised, "32069": Recognised, "32074": Recognised, // → xã Biển Bạch
	"32141": Recognised, "32142": NotRecognised, "32143": NotRecognised, "32146": NotRecognised,
	"32023": Recognised, "32092": NotRecognised, "32137": NotRecognised, "32149": Recognised,
}

func standingOf(m map[string]Standing) func(string) Standing {
	return func(c string) Standing { return m[c] }
}

// TestCarryCases runs the five cases of a reorganisation a province meets.
func TestCarryCases(t *testing.T) {
	r, err := Vietnam2025()
	require.NoError(t, err)
	carry := func(code string) Carried {
		c, err := r.Carry(code, standingOf(camau2020))
		require.NoError(t, err)
		return c
	}

	// a merger of three recognised communes: to be decided by the province, not recognised
	c := carry("32227")
	require.Equal(t, "Xã Nguyễn Việt Khái", c.Unit.Name)
	require.Equal(t, CaseToBeDecided, c.Case)
	require.True(t, c.Inferred)
	require.Len(t, c.Predecessors, 3)
	require.Equal(t, []string{"hợp nhất nguyên vẹn 3 xã đều đã đạt chuẩn"}, c.Why)
	require.Equal(t, "chờ tỉnh quyết định giữ chuẩn", c.Case.Words("vi"))

	// a merger with one unrecognised predecessor: must apply again, and says which
	c = carry("32069")
	require.Equal(t, CaseApplyAgain, c.Case)
	require.True(t, c.Inferred)
	require.Equal(t, []string{"Xã Biển Bạch chưa đạt chuẩn"}, c.Why)

	// a split commune whose parts go to two new units: each must apply again
	s := r.Successors("32142")
	require.Len(t, s, 2)
	for _, l := range s {
		require.Equal(t, Part, l.Share)
		c = carry(l.To.Code)
		require.Equal(t, CaseApplyAgain, c.Case, l.To.Name)
		require.Contains(t, c.Why, "chỉ một phần Xã Đông Hưng (chưa đạt chuẩn)")
	}
	require.Equal(t, []string{"32128", "32137"}, []string{s[0].To.Code, s[1].To.Code})
	// a recognised commune split in three gives no successor its title either
	for _, l := range r.Successors("32141") {
		require.Equal(t, CaseApplyAgain, carry(l.To.Code).Case)
	}

	// a commune that became a ward leaves the rural denominator
	s = r.Successors("32023")
	require.Len(t, s, 1)
	require.Equal(t, KindWard, s[0].To.Kind)
	c = carry(s[0].To.Code)
	require.Equal(t, CaseNotRural, c.Case)
	require.False(t, c.Inferred)

	// a unit unchanged keeps its standing, with no inference
	c = carry("32092")
	require.Equal(t, CaseUnchanged, c.Case)
	require.False(t, c.Inferred)
	require.Equal(t, NotRecognised, c.Predecessors[0].Before)
	require.Equal(t, []string{"Xã Hồ Thị Kỷ giữ nguyên, chưa đạt chuẩn"}, c.Why)

	// a town merged with a recognised commune: the town holds no commune title
	c = carry("32128") // xã Cái Nước: TT Cái Nước + Trần Thới (recognised) + parts
	require.Equal(t, CaseApplyAgain, c.Case)
	require.Contains(t, c.Why, "Thị trấn Cái Nước là thị trấn, không có danh hiệu xã")

	// no data at all is no data, and data missing on a merger of recognised ones is incomplete
	c = carry("32167") // Tân Đức + Tân Thuận, neither in the map
	require.Equal(t, CaseNoData, c.Case)
	c, err = r.Carry("32227", standingOf(map[string]Standing{"32224": Recognised, "32227": Recognised}))
	require.NoError(t, err)
	require.Equal(t, CaseIncomplete, c.Case)
	require.Equal(t, []string{"1 đơn vị trước không có số liệu"}, c.Why)

	// no predecessor ever recognised: nothing to keep, and no inference
	c, err = r.Carry("32119", standingOf(map[string]Standing{"32113": NotRecognised, "32119": NotRecognised}))
	require.NoError(t, err)
	require.Equal(t, CaseNoTitle, c.Case)
	require.False(t, c.Inferred)

	// codes on the wrong side, or unknown, are refused
	_, err = r.Carry("32023", standingOf(nil))
	require.ErrorContains(t, err, "32023 is a unit before vn.sap-xep-2025 (01/07/2025), not after it")
	_, err = r.Carry("99999", standingOf(nil))
	require.ErrorContains(t, err, "99999 is not a unit after")
}

func res(code string, p criteria.Period, recognised bool) *criteria.Result {
	r := &criteria.Result{Unit: criteria.UnitInfo{Code: code, Period: p, Source: "x.csv"}}
	if recognised {
		r.Recognition = &criteria.Recognition{Level: "ntm", Year: p.Year}
	}
	return r
}

// TestAcross sets a period before beside two after it for the new Cà Mau, with the former
// Bạc Liêu part given no data, and checks every result lands in one row or in Outside.
func TestAcross(t *testing.T) {
	r, err := Vietnam2025()
	require.NoError(t, err)
	y2020, y2025, y2026 := criteria.Period{Year: 2020}, criteria.Period{Year: 2025}, criteria.Period{Year: 2026}
	var before []*criteria.Result
	for code, s := range camau2020 {
		before = append(before, res(code, y2020, s == Recognised))
	}
	before = append(before, res("00001", y2020, false)) // Hà Nội: outside the province
	a25 := []*criteria.Result{res("32227", y2025, true), res("32092", y2025, false), res("32002", y2025, true), res("32023", y2025, false)}
	a26 := []*criteria.Result{res("32227", y2026, true), res("32092", y2026, true), res("32069", y2026, false)}
	a, err := r.Across(context.Background(), Input{Province: "96", Before: before, After: [][]*criteria.Result{a25, a26}})
	require.NoError(t, err)
	require.Equal(t, "Tỉnh Cà Mau", a.Province.Name)
	require.Len(t, a.FormedFrom, 2)
	require.Len(t, a.New, 64)
	require.Equal(t, []criteria.Period{y2025, y2026}, a.After)

	// nothing lost: 15 before + 4 + 3 after = 22 results; 20 placed, 2 outside (counted below)
	require.Len(t, a.Outside, 2)
	require.Equal(t, "00001", a.Outside[0].Code)
	require.Equal(t, "32023 (Xã An Xuyên) is a unit before vn.sap-xep-2025 (01/07/2025), not after it", a.Outside[1].Why)

	// 64 units: 55 communes and 9 wards; the ward's row is not counted in the denominator
	c25 := a.Totals.After[0]
	require.Equal(t, Count{Communes: 55, Recognised: 1, NotRecognised: 1, NoData: 53, NotRural: 9}, c25)
	c26 := a.Totals.After[1]
	require.Equal(t, 2, c26.Recognised)
	lo, hi, ok := c26.Share()
	require.True(t, ok)
	require.Equal(t, "3.64", lo.StringFixed(2))
	require.Equal(t, "98.18", hi.StringFixed(2))
	st, need := c26.AgainstShare(decimal.NewFromInt(15))
	require.Equal(t, GoalUnknown, st)
	require.Equal(t, 7, need, "15% of 55 is 8.25: 9 communes, 7 more")
	st, need = Count{Communes: 20, Recognised: 3, NoData: 2}.AgainstShare(decimal.NewFromInt(30))
	require.Equal(t, GoalMissed, st, "at most 5 of 20 = 25 %% < 30 %%")
	require.Equal(t, 3, need)
	st, _ = Count{Communes: 20, Recognised: 6, NoData: 14}.AgainstShare(decimal.NewFromInt(30))
	require.Equal(t, GoalMet, st, "6 of 20 = 30 %%, whatever the rest")

	// the former Bạc Liêu part has no data at all; the former Cà Mau part holds every row
	require.Len(t, a.Totals.ByFormer, 2)
	require.Equal(t, "Tỉnh Bạc Liêu", a.Totals.ByFormer[0].Province.Name)
	require.Equal(t, Count{Communes: 20, NoData: 20, NotRural: 5}, a.Totals.ByFormer[0].After[0])
	require.Equal(t, Count{Communes: 35, Recognised: 1, NotRecognised: 1, NoData: 33, NotRural: 4}, a.Totals.ByFormer[1].After[0])

	// the old side: every commune that went into the province, Bạc Liêu's with no data
	require.Equal(t, 14, a.Totals.Before.Recognised+a.Totals.Before.NotRecognised)
	placed := 0
	for _, o := range a.Old {
		if o.Result != nil {
			placed++
		}
	}
	for _, n := range a.New {
		for _, x := range n.Results {
			if x != nil {
				placed++
			}
		}
	}
	require.Equal(t, 22, placed+len(a.Outside))
	require.Equal(t, placed, a.Placed())
	var hoaMy OldRow
	for _, o := range a.Old {
		if o.Unit.Code == "32141" {
			hoaMy = o
		}
	}
	require.Equal(t, Recognised, hoaMy.Before)
	require.Len(t, hoaMy.Successors, 3)
	require.Equal(t, a.Totals.Cases[CaseToBeDecided], 1)

	// the wrong periods are refused
	_, err = r.Across(context.Background(), Input{Province: "96", Before: a25, After: [][]*criteria.Result{a26}})
	require.ErrorContains(t, err, "the period before, 2025, ends after")
	_, err = r.Across(context.Background(), Input{Province: "96", Before: before, After: [][]*criteria.Result{before}})
	require.ErrorContains(t, err, "ends before")
	_, err = r.Across(context.Background(), Input{Province: "95", Before: before, After: [][]*criteria.Result{a25}})
	require.ErrorContains(t, err, `"95" is not a province after`)
	_, err = r.Across(context.Background(), Input{Province: "96", Before: append(before, res("32092", y2025, false)), After: [][]*criteria.Result{a25}})
	require.ErrorContains(t, err, "two periods")
}
