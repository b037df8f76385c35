package gen

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

// The district-level rulesets and data file.
const (
	DistrictRuleset = "vn/huyen-ntm-2016-2020.yaml"            // rural districts (huyện)
	TownRuleset     = "vn/thi-xa-tp-hoan-thanh-2016-2020.yaml" // provincial towns and cities
	DistrictsFile   = "camau-districts.csv"
)

// districtProgress is how many of the 9 district criteria each rural district meets in each
// period (SYNTHETIC). Thới Bình, the province's pilot district (QĐ 667/QĐ-UBND 2016; Đề án
// QĐ 2053/QĐ-UBND 2018 aiming at 2020 [L19]), meets all nine by the end of 2020 but has only 7
// of its 11 communes recognised, so it misses the district standard, as it did. The 2020 plan
// aimed at 3 districts with ≥ 6 district criteria [C9]: here Thới Bình, Phú Tân and Cái Nước.
var districtProgress = map[string][nPeriods]int{
	"967": {3, 4, 5, 7, 8, 9}, // Thới Bình
	"972": {3, 4, 5, 6, 6, 7}, // Phú Tân
	"969": {2, 3, 4, 5, 5, 6}, // Cái Nước
	"968": {2, 3, 3, 4, 5, 5}, // Trần Văn Thời
	"966": {2, 2, 3, 4, 4, 5}, // U Minh
	"970": {2, 3, 3, 4, 4, 5}, // Đầm Dơi
	"971": {1, 2, 3, 3, 4, 4}, // Năm Căn
	"973": {1, 2, 2, 3, 3, 4}, // Ngọc Hiển
}

// noCultureCentre is the district without a district culture and sports centre up to standard:
// in early 2020, 8 of the 9 district-level units had one [C14] (synthetic choice of which).
const noCultureCentre = "973"

// districtEase orders the district criteria from the one usually met first (synthetic):
// 8 security, 4 electricity, 9 direction, 1 planning, 3 irrigation, 6 production, 5 health-
// culture-education, 2 transport, 7 environment.
var districtEase = [10]float64{0, 4, 8, 5, 2, 7, 6, 9, 1, 3}

// districtIndicators lists each district criterion's indicators with the weight of being the
// one a district falls short on.
var districtIndicators = [10][]struct {
	id string
	w  float64
}{
	1: {{"1.1", 1}},
	2: {{"2.1", 1}, {"2.2", 2}, {"2.3", 2}, {"2.4", 1}, {"2.5", 1}, {"2.6", 1}, {"2.7", 1}, {"2.8", 1}},
	3: {{"3.1", 1}, {"3.2", 2}},
	4: {{"4.1", 1}},
	5: {{"5.1", 2}, {"5.2", 1}, {"5.4", 3}},
	6: {{"6.1", 1}},
	7: {{"7.1", 3}, {"7.2", 1}},
	8: {{"8.1", 1}, {"8.2", 1}, {"8.3", 2}, {"8.4", 1}},
	9: {{"9.1", 1}, {"9.2", 2}},
}

// districtOrder returns the order in which a district meets the criteria: the common order,
// perturbed per district; Ngọc Hiển meets criterion 5 last (no culture centre).
func districtOrder(code string) []int {
	order := []int{1, 2, 3, 4, 5, 6, 7, 8, 9}
	key := map[int]float64{}
	for _, c := range order {
		key[c] = districtEase[c] + 2.5*uniform("district-order", code, strconv.Itoa(c))
		if code == noCultureCentre && c == 5 {
			key[c] = 100
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return key[order[i]] < key[order[j]] })
	return order
}

// districtMet returns the district criteria met in a period (bit c for criterion c).
func districtMet(code string, p int) set {
	var s set
	for _, c := range districtOrder(code)[:districtProgress[code][p]] {
		s = s.with(c)
	}
	return s
}

// districtFailing returns the indicators a district falls short on when it misses criterion c.
func districtFailing(code string, c int) string {
	r := rng("district-failing", code, strconv.Itoa(c))
	total := 0.0
	for _, it := range districtIndicators[c] {
		total += it.w
	}
	x := r.Float64() * total
	for _, it := range districtIndicators[c] {
		x -= it.w
		if x < 0 {
			return it.id
		}
	}
	return districtIndicators[c][len(districtIndicators[c])-1].id
}

// townPlan: TP Cà Mau registered to complete the NTM task in 2020 [C15]; Thới Bình registered
// for the district standard in 2020, the aim of its Đề án [L19].
func registeredDistrict(code string, p int) bool {
	return (code == "964" || code == "967") && periods[p].Year == 2020
}

// districtRow generates a district-level unit's data for a period. A city (TP Cà Mau) is not
// assessed on the nine district criteria: only the fields of the town rule are given.
func districtRow(d district, p int) map[string]string {
	code, per := d.Code, periods[p].String()
	vals := map[string]string{}
	reg := registeredDistrict(code, p)
	vals["registered_in_provincial_plan"] = yesno(reg)
	debt := "0"
	if !reg && uniform(code, "district-debt", per) < 0.5 {
		debt = tenths(int64(intBetween(15000, 250000, code, "district-debt-amount", per)))
	}
	vals["construction_debt_million_vnd"] = debt
	vals["satisfaction_surveyed"], vals["satisfaction_satisfied"] = "", ""
	if code == "967" && p == p2020 { // the Front's survey for the district's dossier
		n := int64(intBetween(5200, 6400, code, "district-surveyed"))
		vals["satisfaction_surveyed"] = itoa(n)
		vals["satisfaction_satisfied"] = itoa(int64(math.Round(float64(n) * between(0.93, 0.98, code, "district-satisfied"))))
	}
	if d.City {
		for _, f := range cityBlank {
			vals[f] = ""
		}
		return vals
	}
	met := districtMet(code, p)
	fails := func(ind string) bool {
		c := criterionOf(ind)
		return !met.has(c) && districtFailing(code, c) == ind
	}
	ok := func(ind string) string { return yesno(!fails(ind)) }
	vals["district_plan_approved_implemented"] = ok("1.1")
	road := int64(intBetween(600, 2200, code, "district-roads"))
	short := func(ind string) string {
		if fails(ind) {
			return tenths(int64(math.Round(float64(road) * between(0.82, 0.98, code, "district-short", ind, per))))
		}
		return tenths(road)
	}
	vals["roads_district_km_total"] = tenths(road)
	vals["roads_district_km_passable"] = short("2.1")
	vals["roads_district_km_paved"] = short("2.2")
	vals["roads_district_km_maintained"] = short("2.5")
	vals["roads_district_grade_tcvn"] = ok("2.3")
	vals["roads_district_bridges_solid"] = ok("2.4")
	vals["has_local_waterways"] = "true" // every district of Cà Mau lives on its canals
	vals["waterways_signed_landings_licensed"] = ok("2.6")
	vals["coach_station_type4_or_better"] = ok("2.7")
	vals["commune_bus_stops"] = ok("2.8")
	vals["intercommune_irrigation_per_plan"] = ok("3.1")
	vals["intercommune_irrigation_body_effective"] = ok("3.2")
	vals["intercommune_mv_power_standard"] = ok("4.1")
	vals["district_hospital_grade3"] = ok("5.1")
	vals["district_health_centre_standard"] = ok("5.2")
	vals["district_culture_sports_centre_standard"] = yesno(code != noCultureCentre)
	schools := int64(intBetween(2, 5, code, "district-schools"))
	std := (schools*60 + 99) / 100 // the fewest that reach 60 %
	if fails("5.4") {
		std--
	} else if uniform(code, "district-schools-extra", per) < 0.5 && std < schools {
		std++
	}
	vals["upper_secondary_schools_total"] = itoa(schools)
	vals["upper_secondary_schools_standard"] = itoa(std)
	vals["commodity_zone_or_value_chain"] = ok("6.1")
	vals["solid_waste_system_standard"] = ok("7.1")
	vals["facilities_env_compliant"] = ok("7.2")
	vals["security_resolution_and_plan"] = ok("8.1")
	complaints := int64(0)
	if fails("8.2") {
		complaints = int64(intBetween(1, 3, code, "district-complaints", per))
	}
	vals["mass_complaints_prolonged"] = itoa(complaints)
	vals["social_order_no_hotspots"] = ok("8.3")
	vals["armed_forces_tasks_completed"] = ok("8.4")
	vals["steering_committee_per_rules"] = ok("9.1")
	vals["coordination_office_per_rules"] = ok("9.2")
	return vals
}

// cityBlank are the district-criteria fields left empty for a city.
var cityBlank = []string{
	"district_plan_approved_implemented", "roads_district_km_total", "roads_district_km_passable", "roads_district_km_paved",
	"roads_district_km_maintained", "roads_district_grade_tcvn", "roads_district_bridges_solid", "has_local_waterways",
	"waterways_signed_landings_licensed", "coach_station_type4_or_better", "commune_bus_stops", "intercommune_irrigation_per_plan",
	"intercommune_irrigation_body_effective", "intercommune_mv_power_standard", "district_hospital_grade3",
	"district_health_centre_standard", "district_culture_sports_centre_standard", "upper_secondary_schools_total",
	"upper_secondary_schools_standard", "commodity_zone_or_value_chain", "solid_waste_system_standard", "facilities_env_compliant",
	"security_resolution_and_plan", "mass_complaints_prolonged", "social_order_no_hotspots", "armed_forces_tasks_completed",
	"steering_committee_per_rules", "coordination_office_per_rules",
}

// Districts returns the district-level sample data as CSV, typed by the district ruleset
// (vn.huyen-ntm@2016-2020): one row per district-level unit and period, sorted by period then
// code. TP Cà Mau (964) is a provincial city: it is assessed with the town rule
// (vn.thi-xa-tp-ntm@2016-2020, criteria.LevelTown) and gives only that rule's fields. Every row
// has been evaluated with the engine, with the communes' results as members.
func Districts() ([]byte, error) {
	s, err := communeSample()
	if err != nil {
		return nil, err
	}
	rs, err := criteria.Load(rules.FS, DistrictRuleset)
	if err != nil {
		return nil, err
	}
	prog, err := rs.Compile()
	if err != nil {
		return nil, err
	}
	trs, err := criteria.Load(rules.FS, TownRuleset)
	if err != nil {
		return nil, err
	}
	town, err := trs.Compile()
	if err != nil {
		return nil, err
	}
	cols := dataColumns(rs)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(append(slices.Clone(reserved), cols...)); err != nil {
		return nil, err
	}
	for p := range nPeriods {
		for _, d := range districts {
			vals := districtRow(d, p)
			if err := covers(rs, cols, vals); err != nil {
				return nil, err
			}
			var members []*criteria.Result
			for _, r := range s.results[p] {
				if r.Unit.District == d.Name {
					members = append(members, r)
				}
			}
			if err := verifyDistrict(prog, town, d, p, vals, members); err != nil {
				return nil, err
			}
			rec := []string{d.Code, d.Name, "", "dbscl", periods[p].String(), ""}
			for _, col := range cols {
				rec = append(rec, vals[col])
			}
			if err := w.Write(rec); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// verifyDistrict evaluates a district-level unit and checks what the sample promises: the
// criteria chosen; no rural district eligible (none has all its communes recognised by 2020);
// TP Cà Mau completing its task at the end of 2020 with 7/7 communes, and not before.
func verifyDistrict(prog, town *criteria.Program, d district, p int, vals map[string]string, members []*criteria.Result) error {
	pr := prog
	level := criteria.LevelDistrict
	if d.City {
		pr, level = town, criteria.LevelTown
	}
	// Typed by the district file's ruleset, as a reader would; the town rule reads its own fields.
	vs, err := valuesOf(prog.Ruleset(), vals)
	if err != nil {
		return fmt.Errorf("gen: %s %s: %w", d.Code, periods[p], err)
	}
	u := &criteria.Unit{Code: d.Code, Name: d.Name, Region: "dbscl", Period: periods[p], Level: level, Values: vs, Members: members}
	res, err := pr.Evaluate(context.Background(), u)
	if err != nil {
		return err
	}
	where := fmt.Sprintf("gen: %s %s %s", d.Code, d.Name, periods[p])
	recognised := 0
	for _, m := range members {
		if m.Recognised() {
			recognised++
		}
	}
	if d.City {
		want := criteria.No
		if recognised == len(members) {
			want = criteria.Yes
		}
		if res.Eligible != want || (want == criteria.Yes) != (p == p2020) {
			return fmt.Errorf("%s: %d/%d communes recognised, eligible %s: TP Cà Mau completes its task at the end of 2020 and not before", where, recognised, len(members), res.Eligible)
		}
		return nil
	}
	met := districtMet(d.Code, p)
	for _, cr := range res.Criteria {
		k, _ := strconv.Atoi(cr.Criterion.ID())
		want := criteria.NotMet
		if met.has(k) {
			want = criteria.Met
		}
		if cr.Status != want {
			return fmt.Errorf("%s: district criterion %d is %s, the generator chose %s", where, k, cr.Status, want)
		}
	}
	if recognised == len(members) || res.Eligible == criteria.Yes {
		return fmt.Errorf("%s: %d/%d communes recognised, eligible %s: no rural district of Cà Mau met the standard by 2020", where, recognised, len(members), res.Eligible)
	}
	return nil
}
