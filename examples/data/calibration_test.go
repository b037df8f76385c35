package data_test

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/nongthonmoi/ntm/criteria"
	datafile "github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
)

// evaluated is the sample evaluated with the Cà Mau commune set: the results of each period,
// in file order (code order).
type evaluated struct {
	units   []*criteria.Unit
	periods map[string][]*criteria.Result
}

func evaluate(t *testing.T) evaluated {
	t.Helper()
	rs, err := criteria.Load(rules.FS, gen.CommuneRuleset)
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	ds := datafile.ReadFile(data.FS, gen.CommunesFile, rs)
	require.NoError(t, ds.Err(), "every row of the sample must read without error")
	require.Zero(t, ds.Rejected)
	require.Len(t, ds.Units, 82*6)
	ev := evaluated{units: ds.Units, periods: map[string][]*criteria.Result{}}
	for _, u := range ds.Units {
		res, err := prog.Evaluate(context.Background(), u)
		require.NoError(t, err, u.Source)
		ev.periods[u.Period.String()] = append(ev.periods[u.Period.String()], res)
	}
	for _, p := range []string{"2016", "2017", "2018", "2019", "2020-H1", "2020"} {
		require.Len(t, ev.periods[p], 82, "period %s", p)
	}
	return ev
}

func recognisedCount(rs []*criteria.Result) int {
	n := 0
	for _, r := range rs {
		if r.Recognised() {
			n++
		}
	}
	return n
}

func totalMet(rs []*criteria.Result) int {
	n := 0
	for _, r := range rs {
		n += r.Met
	}
	return n
}

// TestCalibration asserts every published figure the synthetic sample follows.
func TestCalibration(t *testing.T) {
	ev := evaluate(t)

	t.Run("end-2015: 17 recognised [C5][C7]", func(t *testing.T) {
		n := 0
		for _, r := range ev.periods["2020"] {
			if rec := r.Recognition; rec != nil && rec.Year <= 2015 {
				n++
			}
		}
		assert.Equal(t, 17, n)
	})

	t.Run("end-2017: the 12/02/2018 vote less Hòa Tân", func(t *testing.T) {
		assert.Equal(t, 25, recognisedCount(ev.periods["2017"]))
	})

	t.Run("end-2018: 29 recognised [C13]", func(t *testing.T) {
		assert.Equal(t, 29, recognisedCount(ev.periods["2018"]))
	})

	t.Run("end-2019: 30 recognised [C8]", func(t *testing.T) {
		assert.Equal(t, 30, recognisedCount(ev.periods["2019"]))
	})

	t.Run("early 2020: 30 recognised, 22 at 15-18, 27 at 10-14, 3 at 8-9 [C14]", func(t *testing.T) {
		rs := ev.periods["2020-H1"]
		bands := map[string]int{}
		for _, r := range rs {
			require.Zero(t, r.Unknown, "%s: no criterion may be unknown in a calibrated period", r.Unit.Code)
			switch {
			case r.Recognised():
				bands["recognised"]++
			case r.Met == 19:
				bands["19"]++
			case r.Met >= 15:
				bands["15-18"]++
			case r.Met >= 10:
				bands["10-14"]++
			case r.Met >= 8:
				bands["8-9"]++
			default:
				bands["under 8"]++
			}
		}
		assert.Equal(t, map[string]int{"recognised": 30, "15-18": 22, "10-14": 27, "8-9": 3}, bands)
		// 1,274 criteria in total, 15.5 per commune.
		assert.Equal(t, 1274, totalMet(rs))
		assert.Equal(t, 15.5, math.Round(float64(totalMet(rs))/82*10)/10)
		// By criterion: transport 46, electricity 82, trade 64, housing 75, income 64, poverty 65.
		want := map[string]int{"2": 46, "4": 82, "7": 64, "9": 75, "10": 64, "11": 65}
		got := map[string]int{}
		for _, r := range rs {
			for id := range want {
				if c, ok := r.Criterion(id); ok && c.Status == criteria.Met {
					got[id]++
				}
			}
		}
		assert.Equal(t, want, got)
	})

	t.Run("end-2020: 42 recognised (51 %), 16.2 per commune, TP Cà Mau 7/7 [C10][C15]", func(t *testing.T) {
		rs := ev.periods["2020"]
		n := recognisedCount(rs)
		assert.Equal(t, 42, n)
		assert.Equal(t, 51.0, math.Round(float64(n)/82*100))
		assert.Equal(t, 16.2, math.Round(float64(totalMet(rs))/82*10)/10)
		city, cityRec := 0, 0
		for _, r := range rs {
			require.Zero(t, r.Unknown, "%s: no criterion may be unknown in a calibrated period", r.Unit.Code)
			if r.Unit.District == "Thành phố Cà Mau" {
				city++
				if r.Recognised() && r.AllMet == criteria.Yes {
					cityRec++
				}
			}
		}
		assert.Equal(t, 7, city)
		assert.Equal(t, 7, cityRec)
	})

	t.Run("recognised communes that slip later", func(t *testing.T) {
		n := 0
		for _, rs := range ev.periods {
			for _, r := range rs {
				if r.Slipped == criteria.Yes {
					require.True(t, r.Recognised())
					n++
				}
			}
		}
		assert.GreaterOrEqual(t, n, 3)
	})

	t.Run("no market in the plan: criterion 7 not applicable (Tân Hải, Việt Thắng [C24])", func(t *testing.T) {
		for p, rs := range ev.periods {
			for _, r := range rs {
				if r.Unit.Code != "32221" && r.Unit.Code != "32224" {
					continue
				}
				ind, ok := r.Indicator("7")
				require.True(t, ok)
				assert.Equal(t, criteria.NotApplicable, ind.Status, "%s %s", r.Unit.Name, p)
				c, _ := r.Criterion("7")
				assert.Equal(t, criteria.Met, c.Status)
			}
		}
	})

	t.Run("eligible exactly in the year of recognition", func(t *testing.T) {
		for p, rs := range ev.periods {
			for _, r := range rs {
				per := r.Unit.Period
				recYear := 0
				if rec := r.Recognition; rec != nil {
					recYear = rec.Year
				}
				want := per.Half == 0 && recYear == per.Year
				assert.Equal(t, want, r.Eligible == criteria.Yes, "%s %s %s: eligible %s, recognised for %d", r.Unit.Code, r.Unit.Name, p, r.Eligible, recYear)
			}
		}
	})
}

// TestUnits checks the communes themselves: 82 real codes in nine district-level units, names
// in NFC, one row per commune and period, region ĐBSCL.
func TestUnits(t *testing.T) {
	ev := evaluate(t)
	districts := map[string]map[string]bool{}
	for _, u := range ev.units {
		assert.True(t, norm.NFC.IsNormalString(u.Name), "%s: name not in NFC", u.Code)
		assert.True(t, norm.NFC.IsNormalString(u.District), "%s: district not in NFC", u.Code)
		assert.Equal(t, "dbscl", u.Region)
		if districts[u.District] == nil {
			districts[u.District] = map[string]bool{}
		}
		districts[u.District][u.Code] = true
	}
	sizes := map[string]int{}
	for d, cs := range districts {
		sizes[d] = len(cs)
	}
	assert.Equal(t, map[string]int{
		"Thành phố Cà Mau": 7, "Huyện U Minh": 7, "Huyện Thới Bình": 11, "Huyện Trần Văn Thời": 11,
		"Huyện Cái Nước": 10, "Huyện Đầm Dơi": 15, "Huyện Năm Căn": 7, "Huyện Phú Tân": 8, "Huyện Ngọc Hiển": 6,
	}, sizes)
}

// TestDeterministic regenerates the data: the generator gives byte-identical output on every
// run, and the files shipped are its output (after a rule change, run go generate).
func TestDeterministic(t *testing.T) {
	a, err := gen.Communes()
	require.NoError(t, err)
	b, err := gen.Communes()
	require.NoError(t, err)
	require.True(t, bytes.Equal(a, b), "two runs of the generator differ")
	onDisk, err := fs.ReadFile(data.FS, gen.CommunesFile)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, onDisk), "%s is not the generator's output: run go generate ./examples/data", gen.CommunesFile)
}

// TestNewUnitsSample regenerates the samples of the new units (2025, 2026): byte-identical to
// the files shipped, the 35 communes of the old Cà Mau territory each (no ward: wards hold no
// commune data).
func TestNewUnitsSample(t *testing.T) {
	for year, name := range gen.NewUnitsFiles {
		a, err := gen.NewUnits(year)
		require.NoError(t, err)
		onDisk, err := fs.ReadFile(data.FS, name)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(a, onDisk), "%s is not the generator's output: run go generate ./examples/data", name)
		lines := strings.Split(strings.TrimSpace(string(a)), "\n")
		require.Len(t, lines, 36, name)
		wards, titles := 0, 0
		for _, l := range lines[1:] {
			if strings.Contains(l, ",Phường ") {
				wards++
				assert.NotContains(t, l, "ntm@", "a ward holds no commune title")
			}
			if strings.Contains(l, "ntm@") {
				titles++
			}
		}
		assert.Zero(t, wards, name)
		assert.Equal(t, map[int]int{2025: 2, 2026: 4}[year], titles, name)
	}
	_, err := gen.NewUnits(2024)
	assert.Error(t, err)
}
