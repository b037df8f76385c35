package scoring_test

import (
	"context"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// caMau evaluates communes of the shipped Cà Mau ruleset from the "all_met" fixture of its case
// file, with some values changed, for the shipped scheme.
type caMau struct {
	rs     *criteria.Ruleset
	prog   *criteria.Program
	scheme *scoring.Scheme
	base   []criteria.CaseValue
}

func newCaMau(t *testing.T) caMau {
	t.Helper()
	rs, s := caMauScheme(t)
	prog, err := rs.Compile()
	require.NoError(t, err)
	cf, err := criteria.LoadCases(rules.FS, "camau/xa-ntm-2016-2020.cases.yaml")
	require.NoError(t, err)
	base := cf.Fixtures["all_met"]
	require.NotEmpty(t, base)
	return caMau{rs: rs, prog: prog, scheme: s, base: base}
}

func (c caMau) commune(t *testing.T, code, name, district string, year, recognised int, change map[string]string) scoring.Input {
	t.Helper()
	vals := c.rs.NewValues()
	for _, v := range c.base {
		raw := v.Raw
		if x, ok := change[v.Field]; ok {
			raw = x
		}
		require.NoError(t, vals.SetString(v.Field, raw), v.Field)
	}
	u := &criteria.Unit{Code: code, Name: name, District: district, Region: "dbscl", Period: criteria.Period{Year: year}, Values: vals}
	if recognised > 0 {
		u.History = []criteria.Recognition{{Level: "ntm", Year: recognised, Decision: "illustrative"}}
	}
	res, err := c.prog.Evaluate(context.Background(), u)
	require.NoError(t, err)
	in, err := c.scheme.InputOf(res)
	require.NoError(t, err)
	return in
}

// TestCaMauScheme scores real evaluations with the shipped scheme; the expected totals are
// worked by hand from the scheme's points (direct 5, indirect 2.5, recognised 15, gained 2,
// newly recognised 10, lost −3, slipped −10).
func TestCaMauScheme(t *testing.T) {
	c := newCaMau(t)
	lowIncome := map[string]string{"income_per_capita": "40"}            // criterion 10 (direct) not met
	dirtyWater := map[string]string{"households_hygienic_water": "1500"} // criterion 17 (direct) not met
	noMarket := map[string]string{"has_market_standard": "false"}        // criterion 7 (indirect) not met
	prev := []scoring.Input{
		c.commune(t, "32214", "Phú Thuận", "Phú Tân", 2019, 2020, lowIncome), // recognised for 2020
		c.commune(t, "32221", "Tân Hải", "Phú Tân", 2019, 2015, nil),
		c.commune(t, "32224", "Việt Thắng", "Phú Tân", 2019, 2015, nil),
		c.commune(t, "32038", "Hòa Thành", "TP Cà Mau", 2019, 0, noMarket),
	}
	cur := []scoring.Input{
		c.commune(t, "32214", "Phú Thuận", "Phú Tân", 2020, 2020, nil),
		c.commune(t, "32221", "Tân Hải", "Phú Tân", 2020, 2015, nil),
		c.commune(t, "32224", "Việt Thắng", "Phú Tân", 2020, 2015, dirtyWater),
		c.commune(t, "32038", "Hòa Thành", "TP Cà Mau", 2020, 0, noMarket),
	}
	r, err := c.scheme.Rank(cur, scoring.WithPrevious(prev), scoring.ForSubject(scoring.SubjectCommune))
	require.NoError(t, err)
	want := map[string]string{
		"32214": "112",  // 100 + gained criterion 10 (2) + newly recognised (10)
		"32221": "100",  // 75 + 10 + 15
		"32224": "82",   // 70 + 10 + 15 − 3 (lost 17) − 10 (slipped)
		"32038": "82.5", // 75 + 7.5, not recognised
	}
	assert.Equal(t, want, totals(r))
	assert.Equal(t, []string{"32214:1", "32221:2", "32038:3", "32224:4"}, order(r))
	classes := map[string]string{}
	for _, s := range r.Scores() {
		classes[s.Code] = s.Class.ID
	}
	assert.Equal(t, map[string]string{"32214": "xuat-sac", "32221": "xuat-sac", "32224": "tot", "32038": "tot"}, classes)

	bands, err := c.scheme.Bands(cur)
	require.NoError(t, err)
	// Bands count the criteria met now (Cà Mau's Q1/2020 report): Phú Thuận and Tân Hải meet 19;
	// Việt Thắng (recognised 2015, slipped on 17) and Hòa Thành meet 18.
	require.Len(t, bands.Bands, 5)
	assert.Equal(t, "19", bands.Bands[0].Band.ID)
	assert.Equal(t, []string{"32214", "32221"}, bands.Bands[0].Codes)
	assert.Equal(t, 2, bands.Bands[0].OfWhichRecognised)
	assert.Equal(t, 0, bands.Bands[0].OfWhichSlipped)
	assert.Equal(t, "15-18", bands.Bands[1].Band.ID)
	assert.Equal(t, []string{"32038", "32224"}, bands.Bands[1].Codes)
	assert.Equal(t, 1, bands.Bands[1].OfWhichRecognised, "Việt Thắng keeps its title beside its band")
	assert.Equal(t, 1, bands.Bands[1].OfWhichSlipped)
	assert.Equal(t, 3, bands.Recognised)
	assert.Equal(t, 1, bands.Slipped)

	front, err := c.scheme.FrontReport(cur)
	require.NoError(t, err)
	require.Len(t, front.Groups, 5)
	assert.Equal(t, []string{"1", "2", "3", "9", "10", "11", "12", "13"}, front.Groups[0].Criteria)
	require.Len(t, front.Responsibility, 2)
	assert.Len(t, front.Responsibility[0].Criteria, 15)
	assert.Equal(t, []string{"4", "5", "7", "8"}, front.Responsibility[1].Criteria)

	goals, err := c.scheme.Goals(cur)
	require.NoError(t, err)
	byID := map[string]scoring.GoalResult{}
	for _, g := range goals.Goals {
		byID[g.Goal.ID] = g
	}
	assert.Equal(t, scoring.GoalMet, byID["ty-le-xa-dat-chuan-2020"].Status) // 3 of 4
	assert.Equal(t, 39, byID["so-xa-dat-chuan-2020"].Distance)               // 42 − 3
	// Every Phú Tân commune given is recognised (Việt Thắng has slipped, but keeps its title).
	assert.Equal(t, scoring.GoalMet, byID["phu-tan-dat-chuan"].Status)
	assert.Equal(t, 0, byID["phu-tan-dat-chuan"].Distance)
}
