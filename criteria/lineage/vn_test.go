package lineage

import (
	"regexp"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/require"
)

// TestVietnam2025 loads the whole country's lineage and checks it as a whole: 10,047 old
// commune-level units and 3,321 new ones, 63 provinces into 34, every old unit mapping
// somewhere, every new unit with a predecessor, well-formed codes, and the five special
// zones formed from former district-level units.
func TestVietnam2025(t *testing.T) {
	r, err := Vietnam2025()
	require.NoError(t, err)
	oldC := r.OldUnits(criteria.LevelCommune, "")
	newC := r.NewUnits(criteria.LevelCommune, "")
	require.Len(t, oldC, 10047)
	require.Len(t, newC, 3321)
	require.Len(t, r.OldUnits(criteria.LevelProvince, ""), 63)
	require.Len(t, r.NewUnits(criteria.LevelProvince, ""), 34)

	five := regexp.MustCompile(`^[0-9]{5}$`)
	for _, u := range oldC {
		require.Regexp(t, five, u.Code)
		require.NotEmpty(t, r.Successors(u.Code), u.Code)
		_, ok := r.Old(u.Province)
		require.True(t, ok, "old province %s of %s", u.Province, u.Code)
	}
	parts := 0
	for _, u := range newC {
		require.Regexp(t, five, u.Code)
		ps := r.Predecessors(u.Code)
		require.NotEmpty(t, ps, u.Code)
		for _, p := range ps {
			if p.Share == Part {
				parts++
			}
		}
		p, ok := r.New(u.Province)
		require.True(t, ok && p.Level == criteria.LevelProvince, "new province %s of %s", u.Province, u.Code)
		require.NotEqual(t, KindOther, u.Kind, "%s %s", u.Code, u.Name)
	}
	require.Equal(t, 1012, parts, "links of a part, as the source counts them")

	districts := r.OldUnits(criteria.LevelDistrict, "")
	var codes []string
	for _, d := range districts {
		codes = append(codes, d.Code)
		require.Regexp(t, `^[0-9]{3}$`, d.Code)
		s := r.Successors(d.Code)
		require.Len(t, s, 1)
		require.Equal(t, Whole, s[0].Share)
		require.Equal(t, KindSpecialZone, s[0].To.Kind, d.Name)
		require.Equal(t, KindDistrict, d.Kind)
	}
	require.Equal(t, []string{"318", "471", "498", "536", "755"}, codes)
	zones := 0
	for _, u := range newC {
		if u.Kind == KindSpecialZone {
			zones++
		}
	}
	require.Equal(t, 13, zones, "special zones after 01/7/2025 (five from districts, eight from communes)")

	ca, ok := r.New("96")
	require.True(t, ok)
	require.Equal(t, "Tỉnh Cà Mau", ca.Name)
	require.Len(t, r.NewUnits(criteria.LevelCommune, "96"), 64)
	from := r.Predecessors("96")
	require.Len(t, from, 2)
	require.Equal(t, "Tỉnh Bạc Liêu", from[0].From.Name)
}
