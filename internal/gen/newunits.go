package gen

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/lineage"
)

// NewUnitsFiles are the names of the samples of the new units of the old Cà Mau territory,
// after the reorganisation of 01/7/2025, in examples/data: end-2025 (read with the 2021-2025
// set, in force that year) and 2026 (read with the 2026-2030 set).
var NewUnitsFiles = map[int]string{2025: "camau-don-vi-moi-2025.csv", 2026: "camau-don-vi-moi-2026.csv"}

// NewUnits writes the synthetic sample of the 35 communes of the new tỉnh Cà Mau formed from
// the old Cà Mau territory (its 4 wards hold no commune data), for 2025 and 2026, carrying recognition as
// input: a code, a name, a period and a history; one file per year. No indicator is given (the 2026-2030 targets
// are not known). The statuses are synthetic and follow one stated rule:
//   - 2025: a commune holds the title when what the reorganisation does to it
//     (lineage.Carry, from the 2020 sample) is "unchanged" with a recognised predecessor, or
//     "to be decided" — here the province is taken to have decided to keep it;
//   - 2026: those, and the two communes with the most recognised predecessors among those that
//     must apply again (ties by code), recognised anew for 2026.
//
// The units of the former Bạc Liêu are not in the sample.
func NewUnits(year int) ([]byte, error) {
	if NewUnitsFiles[year] == "" {
		return nil, fmt.Errorf("gen: no sample of the new units for %d", year)
	}
	r, err := lineage.Vietnam2025()
	if err != nil {
		return nil, err
	}
	before := func(code string) lineage.Standing {
		if y, ok := recognised[code]; ok && y <= 2020 {
			return lineage.Recognised
		}
		return lineage.NotRecognised
	}
	type unit struct {
		u     lineage.Unit
		c     lineage.Carried
		recog int // predecessors recognised in 2020
	}
	var units []unit
	for _, u := range r.NewUnits(criteria.LevelCommune, "96") {
		ps := r.Predecessors(u.Code)
		if ps[0].From.Province != "96" || u.Kind != lineage.KindCommune {
			continue // the former Bạc Liêu; wards hold no commune data
		}
		c, err := r.Carry(u.Code, before)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, p := range c.Predecessors {
			if p.Before == lineage.Recognised {
				n++
			}
		}
		units = append(units, unit{u, c, n})
	}
	if len(units) != 35 {
		return nil, fmt.Errorf("gen: %d new communes of the old Cà Mau territory, want 35", len(units))
	}
	y2025 := map[string]bool{}
	for _, x := range units {
		if x.c.Case == lineage.CaseToBeDecided || x.c.Case == lineage.CaseUnchanged && x.recog == 1 {
			y2025[x.u.Code] = true
		}
	}
	y2026 := map[string]bool{}
	for range 2 {
		best := -1
		for i, x := range units {
			if x.c.Case != lineage.CaseApplyAgain || y2026[x.u.Code] {
				continue
			}
			if best < 0 || x.recog > units[best].recog {
				best = i
			}
		}
		y2026[units[best].u.Code] = true
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	// The 2021-2025 set's targets are by region (Cà Mau: dbscl); the 2026-2030 set's are by
	// commune group, which the province assigns and the sample does not invent.
	header := []string{"code", "name", "period", "history"}
	if year == 2025 {
		header = append(header, "region")
	}
	w.Write(header)
	for _, x := range units {
		h := ""
		switch {
		case y2025[x.u.Code]:
			h = "ntm@2025"
		case year == 2026 && y2026[x.u.Code]:
			h = "ntm@2026"
		}
		row := []string{x.u.Code, x.u.Name, fmt.Sprint(year), h}
		if year == 2025 {
			row = append(row, "dbscl")
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
