package criteria_test

// The engine against a hand-written evaluator of the same rules: the Cà Mau commune stack
// (camau.xa-ntm → vn.mttq-xa-ntm → vn.xa-ntm), ĐBSCL, on communes drawn by the sample
// generator. TestHandwrittenAgrees proves the hand-written evaluator decides exactly what the
// engine decides, so the benchmarks compare like with like:
//
//	go test -run XXX -bench 'Verdicts|Explain' -benchmem ./criteria/
//
// One benchmark op is one commune; the communes are visited in turn.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/internal/gen"
	"github.com/nongthonmoi/ntm/rules"
)

// hwBenchCommunes is how many communes the benchmarks visit.
const hwBenchCommunes = 10000

// hwMilli is the scale of exact decimals in the hand-written evaluator: km, ha, income, debt and
// every target are held in thousandths.
const hwMilli = 1000

// hwShown is the scale of the values, targets and gaps of the hand-written explanation: ten
// thousandths, the four decimals the engine shows a percentage with.
const hwShown = 10000

// hwNum is a count, or an exact decimal in thousandths, and whether the commune reported it.
type hwNum struct {
	v  int64
	ok bool
}

// hwFlag is a yes/no field and whether the commune reported it.
type hwFlag struct{ v, ok bool }

// hwCommune is one commune's data as a hand-written evaluator holds it: typed fields read by
// name once, before any evaluation. Counts are plain; km, ha, income and debt are in
// thousandths.
type hwCommune struct {
	year, half int
	ntmSince   int // the earliest year of an NTM title in the history; 0 when there is none

	householdsTotal, populationTotal, hamletsTotal hwNum

	planApproved, planRegulation hwFlag

	roadsCommuneTotal, roadsCommunePaved     hwNum // thousandths
	roadsHamletTotal, roadsHamletHardened    hwNum // thousandths
	lanesTotal, lanesClean, lanesHardened    hwNum // thousandths
	roadsFieldTotal, roadsFieldStandard      hwNum // thousandths
	farmlandTotal, farmlandIrrigated         hwNum // thousandths
	disasterReady, powerSystem               hwFlag
	householdsPowerSafe                      hwNum
	schoolsTotal, schoolsStandard            hwNum
	culturalHouse, playAreas                 hwFlag
	hamletsWithHouse                         hwNum
	marketInPlan, marketStandard             hwFlag
	postal, telecom, radio, itAdmin          hwFlag
	housesMakeshift, householdsHousing       hwNum
	income                                   hwNum // thousandths
	poorHouseholds                           hwNum
	workingAgeAble, workingAgeEmployed       hwNum
	employedTrained                          hwNum
	cooperative, linkage, universal          hwFlag
	graduates, graduatesContinuing           hwNum
	healthInsured                            hwNum
	healthStation                            hwFlag
	under5Total, under5Stunted               hwNum
	hamletsCultural                          hwNum
	hygienicWater, cleanWater                hwNum
	businessesTotal, businessesCompliant     hwNum
	landscape, burial, waste                 hwFlag
	sanitation, livestock, livestockPens     hwNum
	foodTotal, foodCompliant                 hwNum
	officials, organisations, cleanStrong    hwFlag
	orgsTotal, orgsGood                      hwNum
	accessToLaw, genderEquality              hwFlag
	militia, security, registeredInPlan      hwFlag
	debt                                     hwNum // thousandths
	satisfactionSurveyed, satisfactionPassed hwNum
}

// hwField ties a field id to the typed field that holds it.
type hwField struct {
	id    string
	n     *hwNum
	f     *hwFlag
	scale int64 // 1 for counts, hwMilli for decimals
}

func (c *hwCommune) fields() []hwField {
	n := func(id string, p *hwNum) hwField { return hwField{id: id, n: p, scale: 1} }
	d := func(id string, p *hwNum) hwField { return hwField{id: id, n: p, scale: hwMilli} }
	f := func(id string, p *hwFlag) hwField { return hwField{id: id, f: p} }
	return []hwField{
		n("households_total", &c.householdsTotal), n("population_total", &c.populationTotal), n("hamlets_total", &c.hamletsTotal),
		f("plan_approved_published", &c.planApproved), f("plan_regulation_issued", &c.planRegulation),
		d("roads_commune_km_total", &c.roadsCommuneTotal), d("roads_commune_km_paved", &c.roadsCommunePaved),
		d("roads_hamlet_km_total", &c.roadsHamletTotal), d("roads_hamlet_km_hardened", &c.roadsHamletHardened),
		d("lanes_km_total", &c.lanesTotal), d("lanes_km_clean", &c.lanesClean), d("lanes_km_hardened", &c.lanesHardened),
		d("roads_field_km_total", &c.roadsFieldTotal), d("roads_field_km_standard", &c.roadsFieldStandard),
		d("farmland_ha_total", &c.farmlandTotal), d("farmland_ha_irrigated", &c.farmlandIrrigated),
		f("irrigation_disaster_ready", &c.disasterReady), f("power_system_standard", &c.powerSystem),
		n("households_power_safe", &c.householdsPowerSafe),
		n("schools_total", &c.schoolsTotal), n("schools_national_standard", &c.schoolsStandard),
		f("cultural_house_commune", &c.culturalHouse), f("play_areas_children_elderly", &c.playAreas),
		n("hamlets_with_cultural_house", &c.hamletsWithHouse),
		f("has_market_in_plan", &c.marketInPlan), f("has_market_standard", &c.marketStandard),
		f("postal_service_point", &c.postal), f("telecom_internet_service", &c.telecom),
		f("radio_loudspeakers_hamlets", &c.radio), f("it_in_administration", &c.itAdmin),
		n("houses_makeshift", &c.housesMakeshift), n("households_standard_housing", &c.householdsHousing),
		d("income_per_capita", &c.income), n("poor_households", &c.poorHouseholds),
		n("working_age_able", &c.workingAgeAble), n("working_age_employed", &c.workingAgeEmployed),
		n("employed_trained", &c.employedTrained),
		f("cooperative_per_law_2012", &c.cooperative), f("linkage_model", &c.linkage),
		f("education_universalisation", &c.universal),
		n("lower_secondary_graduates", &c.graduates), n("lower_secondary_graduates_continuing", &c.graduatesContinuing),
		n("people_health_insured", &c.healthInsured), f("health_station_standard", &c.healthStation),
		n("children_under5_total", &c.under5Total), n("children_under5_stunted", &c.under5Stunted),
		n("hamlets_cultural", &c.hamletsCultural),
		n("households_hygienic_water", &c.hygienicWater), n("households_clean_water", &c.cleanWater),
		n("businesses_total", &c.businessesTotal), n("businesses_env_compliant", &c.businessesCompliant),
		f("landscape_green_clean_safe", &c.landscape), f("burial_per_plan", &c.burial), f("waste_collected_treated", &c.waste),
		n("households_sanitation_3clean", &c.sanitation),
		n("livestock_households", &c.livestock), n("livestock_households_hygienic_pens", &c.livestockPens),
		n("food_establishments_total", &c.foodTotal), n("food_establishments_compliant", &c.foodCompliant),
		f("officials_standard", &c.officials), f("political_organisations_complete", &c.organisations),
		f("party_government_clean_strong", &c.cleanStrong),
		n("sociopolitical_orgs_total", &c.orgsTotal), n("sociopolitical_orgs_good", &c.orgsGood),
		f("access_to_law_standard", &c.accessToLaw), f("gender_equality_protection", &c.genderEquality),
		f("militia_defence_targets", &c.militia), f("security_order_standard", &c.security),
		f("registered_in_plan", &c.registeredInPlan), d("construction_debt_million_vnd", &c.debt),
		n("satisfaction_surveyed", &c.satisfactionSurveyed), n("satisfaction_satisfied", &c.satisfactionPassed),
	}
}

// hwCommuneOf reads a unit into the typed struct: the only place values are looked up by name.
func hwCommuneOf(title string, u *criteria.Unit) (hwCommune, error) {
	c := hwCommune{year: u.Period.Year, half: u.Period.Half}
	for _, h := range u.History {
		if h.Level == title && (c.ntmSince == 0 || h.Year < c.ntmSince) {
			c.ntmSince = h.Year
		}
	}
	for _, f := range c.fields() {
		v, ok := u.Values.Get(f.id)
		switch {
		case !ok:
			return c, fmt.Errorf("unit %s has no field %s", u.Code, f.id)
		case v.IsMissing():
		case f.f != nil:
			b, ok := v.Bool()
			if !ok {
				return c, fmt.Errorf("unit %s: %s is not yes/no", u.Code, f.id)
			}
			*f.f = hwFlag{v: b, ok: true}
		default:
			n, ok := v.Number()
			if !ok {
				return c, fmt.Errorf("unit %s: %s is not a number", u.Code, f.id)
			}
			x, err := hwScaled(n, f.scale)
			if err != nil {
				return c, fmt.Errorf("unit %s: %s: %v", u.Code, f.id, err)
			}
			*f.n = hwNum{v: x, ok: true}
		}
	}
	return c, nil
}

// hwScaled returns n·scale, which must be an integer.
func hwScaled(n criteria.Number, scale int64) (int64, error) {
	m := n.Mul(criteria.IntNumber(scale))
	if !m.IsInteger() {
		return 0, fmt.Errorf("%s is not a whole number of 1/%d", n, scale)
	}
	return m.Int64(), nil
}

// The checks of the stack, in the program's order (the criteria's, then the recognition
// conditions'): positions in the hand-written targets and explanation.
const (
	ckPlan = iota
	ckRegulation
	ckPaved
	ckHamletRoads
	ckLanesClean
	ckLanesHardened
	ckFieldRoads
	ckIrrigated
	ckDisasterReady
	ckPowerSystem
	ckPowerHouseholds
	ckSchools
	ckCulturalHouse
	ckPlayAreas
	ckHamletHouses
	ckMarket
	ckPostal
	ckTelecom
	ckRadio
	ckIT
	ckMakeshift
	ckHousing
	ckIncome
	ckPoverty
	ckEmployed
	ckCooperative
	ckLinkage
	ckUniversal
	ckContinuing
	ckTrained
	ckInsured
	ckHealthStation
	ckStunting
	ckCulturalHamlets
	ckHygienicWater
	ckCleanWater
	ckBusinesses
	ckLandscape
	ckBurial
	ckWaste
	ckSanitation
	ckPens
	ckFood
	ckOfficials
	ckOrganisations
	ckCleanStrong
	ckRatedGood
	ckLaw
	ckGender
	ckMilitia
	ckSecurity
	ckRegistered
	ckDebt
	ckThreshold
	ckSurvey
	ckSatisfied
	ckN
)

// hwSpec is what the hand-written evaluator assumes of each check; the setup checks it
// against the ruleset, and reads the targets by indicator and check id.
var hwSpec = [ckN]struct {
	ind, check, measure string
	op                  criteria.Op
	empty               criteria.Status // verdict of a percentage with a zero denominator
}{
	ckPlan:            {"1.1", "plan", "plan_approved_published", criteria.OpEQ, criteria.Unknown},
	ckRegulation:      {"1.2", "regulation", "plan_regulation_issued", criteria.OpEQ, criteria.Unknown},
	ckPaved:           {"2.1", "paved", "percent(roads_commune_km_paved, roads_commune_km_total)", criteria.OpGE, criteria.Unknown},
	ckHamletRoads:     {"2.2", "hardened", "percent(roads_hamlet_km_hardened, roads_hamlet_km_total)", criteria.OpGE, criteria.Unknown},
	ckLanesClean:      {"2.3", "clean", "percent(lanes_km_clean, lanes_km_total)", criteria.OpGE, criteria.Unknown},
	ckLanesHardened:   {"2.3", "hardened", "percent(lanes_km_hardened, lanes_km_total)", criteria.OpGE, criteria.Unknown},
	ckFieldRoads:      {"2.4", "standard", "percent(roads_field_km_standard, roads_field_km_total)", criteria.OpGE, criteria.Unknown},
	ckIrrigated:       {"3.1", "irrigated", "percent(farmland_ha_irrigated, farmland_ha_total)", criteria.OpGE, criteria.Unknown},
	ckDisasterReady:   {"3.2", "ready", "irrigation_disaster_ready", criteria.OpEQ, criteria.Unknown},
	ckPowerSystem:     {"4.1", "system", "power_system_standard", criteria.OpEQ, criteria.Unknown},
	ckPowerHouseholds: {"4.2", "households", "percent(households_power_safe, households_total)", criteria.OpGE, criteria.Unknown},
	ckSchools:         {"5", "schools", "percent(schools_national_standard, schools_total)", criteria.OpGE, criteria.Unknown},
	ckCulturalHouse:   {"6.1", "facilities", "cultural_house_commune", criteria.OpEQ, criteria.Unknown},
	ckPlayAreas:       {"6.2", "play_areas", "play_areas_children_elderly", criteria.OpEQ, criteria.Unknown},
	ckHamletHouses:    {"6.3", "hamlets", "percent(hamlets_with_cultural_house, hamlets_total)", criteria.OpGE, criteria.Unknown},
	ckMarket:          {"7", "market", "has_market_standard", criteria.OpEQ, criteria.Unknown},
	ckPostal:          {"8.1", "postal", "postal_service_point", criteria.OpEQ, criteria.Unknown},
	ckTelecom:         {"8.2", "telecom", "telecom_internet_service", criteria.OpEQ, criteria.Unknown},
	ckRadio:           {"8.3", "radio", "radio_loudspeakers_hamlets", criteria.OpEQ, criteria.Unknown},
	ckIT:              {"8.4", "it", "it_in_administration", criteria.OpEQ, criteria.Unknown},
	ckMakeshift:       {"9.1", "none", "houses_makeshift", criteria.OpEQ, criteria.Unknown},
	ckHousing:         {"9.2", "standard", "percent(households_standard_housing, households_total)", criteria.OpGE, criteria.Unknown},
	ckIncome:          {"10", "income", "income_per_capita", criteria.OpGE, criteria.Unknown},
	ckPoverty:         {"11", "poverty", "percent(poor_households, households_total)", criteria.OpLE, criteria.Unknown},
	ckEmployed:        {"12", "employed", "percent(working_age_employed, working_age_able)", criteria.OpGE, criteria.Unknown},
	ckCooperative:     {"13.1", "cooperative", "cooperative_per_law_2012", criteria.OpEQ, criteria.Unknown},
	ckLinkage:         {"13.2", "linkage", "linkage_model", criteria.OpEQ, criteria.Unknown},
	ckUniversal:       {"14.1", "universalisation", "education_universalisation", criteria.OpEQ, criteria.Unknown},
	ckContinuing:      {"14.2", "continuing", "percent(lower_secondary_graduates_continuing, lower_secondary_graduates)", criteria.OpGE, criteria.Unknown},
	ckTrained:         {"14.3", "trained", "percent(employed_trained, working_age_employed)", criteria.OpGE, criteria.Unknown},
	ckInsured:         {"15.1", "insured", "percent(people_health_insured, population_total)", criteria.OpGE, criteria.Unknown},
	ckHealthStation:   {"15.2", "health_station", "health_station_standard", criteria.OpEQ, criteria.Unknown},
	ckStunting:        {"15.3", "stunting", "percent(children_under5_stunted, children_under5_total)", criteria.OpLE, criteria.Unknown},
	ckCulturalHamlets: {"16", "cultural_hamlets", "percent(hamlets_cultural, hamlets_total)", criteria.OpGE, criteria.Unknown},
	ckHygienicWater:   {"17.1", "hygienic", "percent(households_hygienic_water, households_total)", criteria.OpGE, criteria.Unknown},
	ckCleanWater:      {"17.1", "clean", "percent(households_clean_water, households_total)", criteria.OpGE, criteria.Unknown},
	ckBusinesses:      {"17.2", "compliant", "percent(businesses_env_compliant, businesses_total)", criteria.OpGE, criteria.NotApplicable},
	ckLandscape:       {"17.3", "landscape", "landscape_green_clean_safe", criteria.OpEQ, criteria.Unknown},
	ckBurial:          {"17.4", "burial", "burial_per_plan", criteria.OpEQ, criteria.Unknown},
	ckWaste:           {"17.5", "waste", "waste_collected_treated", criteria.OpEQ, criteria.Unknown},
	ckSanitation:      {"17.6", "sanitation", "percent(households_sanitation_3clean, households_total)", criteria.OpGE, criteria.Unknown},
	ckPens:            {"17.7", "pens", "percent(livestock_households_hygienic_pens, livestock_households)", criteria.OpGE, criteria.NotApplicable},
	ckFood:            {"17.8", "food_safety", "percent(food_establishments_compliant, food_establishments_total)", criteria.OpGE, criteria.Unknown},
	ckOfficials:       {"18.1", "officials", "officials_standard", criteria.OpEQ, criteria.Unknown},
	ckOrganisations:   {"18.2", "organisations", "political_organisations_complete", criteria.OpEQ, criteria.Unknown},
	ckCleanStrong:     {"18.3", "clean_strong", "party_government_clean_strong", criteria.OpEQ, criteria.Unknown},
	ckRatedGood:       {"18.4", "rated_good", "percent(sociopolitical_orgs_good, sociopolitical_orgs_total)", criteria.OpGE, criteria.Unknown},
	ckLaw:             {"18.5", "access_to_law", "access_to_law_standard", criteria.OpEQ, criteria.Unknown},
	ckGender:          {"18.6", "gender_equality", "gender_equality_protection", criteria.OpEQ, criteria.Unknown},
	ckMilitia:         {"19.1", "militia", "militia_defence_targets", criteria.OpEQ, criteria.Unknown},
	ckSecurity:        {"19.2", "security", "security_order_standard", criteria.OpEQ, criteria.Unknown},
	ckRegistered:      {"in_district_plan", "registered", "registered_in_plan", criteria.OpEQ, criteria.Unknown},
	ckDebt:            {"no_construction_debt", "debt", "construction_debt_million_vnd", criteria.OpLE, criteria.Unknown},
	ckThreshold:       {"registration_threshold", "criteria", "criteria_met", criteria.OpGE, criteria.Unknown},
	ckSurvey:          {"satisfaction_survey", "satisfied", "percent(satisfaction_satisfied, satisfaction_surveyed)", criteria.OpGT, criteria.Unknown},
	ckSatisfied:       {"satisfaction", "satisfied", "percent(satisfaction_satisfied, satisfaction_surveyed)", criteria.OpGT, criteria.Unknown},
}

// hwIndicators are the indicators and conditions in the program's order (positions in
// hwVerdicts.indicators), and hwCriteria the end of each criterion's indicators.
var (
	hwIndicators = [...]string{"1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "4.1", "4.2", "5", "6.1", "6.2", "6.3",
		"7", "8.1", "8.2", "8.3", "8.4", "9.1", "9.2", "10", "11", "12", "13.1", "13.2", "14.1", "14.2", "14.3", "15.1", "15.2",
		"15.3", "16", "17.1", "17.2", "17.3", "17.4", "17.5", "17.6", "17.7", "17.8", "18.1", "18.2", "18.3", "18.4", "18.5",
		"18.6", "19.1", "19.2", "in_district_plan", "no_construction_debt", "registration_threshold", "satisfaction_survey",
		"satisfaction"}
	hwCriteria = [...]int{2, 6, 8, 10, 11, 14, 15, 19, 21, 22, 23, 24, 26, 29, 32, 33, 41, 47, 49}
)

const (
	hwNInd   = len(hwIndicators)
	hwNCrit  = len(hwCriteria)
	hwCondAt = 49 // first recognition condition in hwIndicators
)

// hwTarget is a numeric target in thousandths, and whether the ruleset gives one.
type hwTarget struct {
	v  int64
	ok bool
}

// hwYesTarget is a yes/no target, and whether the ruleset gives one.
type hwYesTarget struct{ v, ok bool }

// hwYear holds the targets of one year for ĐBSCL, read from the compiled program.
type hwYear struct {
	n             [ckN]hwTarget    // numeric targets, by check
	y             [ckN]hwYesTarget // yes/no targets, by check
	surveyApplies bool             // the satisfaction conditions apply in this year
}

// hwTargets are the hand-written evaluator's targets for every year of the ruleset.
type hwTargets struct {
	y0    int
	years []hwYear
}

// hwVerdicts has the shape of criteria.Verdicts, filled by the hand-written evaluator.
type hwVerdicts struct {
	Met, NotMet, Unknown int
	AllMet, Eligible     criteria.Truth
	Recognised           bool
	Slipped              criteria.Truth
	criteria             [hwNCrit]criteria.Status
	indicators           [hwNInd]criteria.Status // the criteria's indicators, then the conditions
}

// hwCheck is one check of the hand-written explanation. Values, targets and gaps are in ten
// thousandths; a yes/no value or target is 0 or 1.
type hwCheck struct {
	status              criteria.Status
	value, target, gap  int64
	hasValue, hasTarget bool
	hasGap              bool
}

// hwExplained is the hand-written explanation: the verdicts and every check.
type hwExplained struct {
	v      hwVerdicts
	checks [ckN]hwCheck
}

// hwSetup checks that the program is the stack the hand-written evaluator was written for and
// reads its ĐBSCL targets for every year into plain integers.
func hwSetup(prog *criteria.Program) (*hwTargets, error) {
	rs := prog.Ruleset()
	inds := prog.Indicators()
	if len(inds) != hwNInd || len(prog.Criteria()) != hwNCrit {
		return nil, fmt.Errorf("%d criteria and %d indicators, the hand-written evaluator knows %d and %d", len(prog.Criteria()), len(inds), hwNCrit, hwNInd)
	}
	surveyFrom := 0
	for i, ind := range inds {
		if ind.ID() != hwIndicators[i] {
			return nil, fmt.Errorf("indicator %d is %s, the hand-written evaluator expects %s", i, ind.ID(), hwIndicators[i])
		}
		gate := ind.Kind() == criteria.Gate
		if gate != (ind.ID() == "in_district_plan" || ind.ID() == "no_construction_debt" || ind.ID() == "satisfaction") {
			return nil, fmt.Errorf("indicator %s: kind %q is not what the hand-written evaluator assumes", ind.ID(), ind.Kind())
		}
		switch a := ind.AppliesIf(); {
		case ind.ID() == "7" && a == "has_market_in_plan":
		case ind.ID() == "satisfaction_survey" || ind.ID() == "satisfaction":
			y, ok := strings.CutPrefix(a, "period_year >= ")
			from, err := strconv.Atoi(y)
			if !ok || err != nil || surveyFrom != 0 && from != surveyFrom {
				return nil, fmt.Errorf("indicator %s applies if %q: not what the hand-written evaluator assumes", ind.ID(), a)
			}
			surveyFrom = from
		case a != "" || ind.Disabled() != "":
			return nil, fmt.Errorf("indicator %s applies if %q (disabled %q): not what the hand-written evaluator assumes", ind.ID(), a, ind.Disabled())
		}
	}
	end := 0
	for i, c := range rs.Criteria {
		end += len(c.Indicators)
		if end != hwCriteria[i] {
			return nil, fmt.Errorf("criterion %s ends at indicator %d, the hand-written evaluator assumes %d", c.ID, end, hwCriteria[i])
		}
	}
	k := 0
	for _, ind := range append(criteriaIndicators(rs), rs.Conditions...) {
		for _, ch := range ind.Checks {
			if k == ckN {
				return nil, fmt.Errorf("more checks than the hand-written evaluator knows")
			}
			s := hwSpec[k]
			if ind.ID != s.ind || ch.ID != s.check || ch.Measure != s.measure || ch.Op != s.op || ch.EmptyDenominator != s.empty {
				return nil, fmt.Errorf("check %s/%s (%s %s, empty %s) is not what the hand-written evaluator assumes (%s/%s: %s %s, empty %s)",
					ind.ID, ch.ID, ch.Measure, ch.Op, ch.EmptyDenominator, s.ind, s.check, s.measure, s.op, s.empty)
			}
			k++
		}
	}
	if k != ckN {
		return nil, fmt.Errorf("%d checks, the hand-written evaluator knows %d", k, ckN)
	}
	data := 0
	for _, f := range rs.Fields {
		if f.From == nil {
			data++
		}
	}
	if data != len(new(hwCommune).fields()) {
		return nil, fmt.Errorf("%d data fields, the hand-written evaluator types %d", data, len(new(hwCommune).fields()))
	}
	y0, y1 := rs.Years()
	tt := &hwTargets{y0: y0, years: make([]hwYear, y1-y0+1)}
	for y := y0; y <= y1; y++ {
		ty := &tt.years[y-y0]
		ty.surveyApplies = y >= surveyFrom
		for k, s := range hwSpec {
			r, err := prog.Target(s.ind, s.check, "dbscl", y)
			if err != nil {
				return nil, err
			}
			if !r.Known() {
				continue
			}
			if b, ok := r.Value.Bool(); ok {
				ty.y[k] = hwYesTarget{v: b, ok: true}
				continue
			}
			n, ok := r.Value.Number()
			if !ok {
				return nil, fmt.Errorf("%s/%s: target %s is neither yes/no nor a number", s.ind, s.check, r.Value)
			}
			x, err := hwScaled(n, hwMilli)
			if err != nil {
				return nil, fmt.Errorf("%s/%s: %v", s.ind, s.check, err)
			}
			ty.n[k] = hwTarget{v: x, ok: true}
		}
	}
	return tt, nil
}

func criteriaIndicators(rs *criteria.Ruleset) []*criteria.Indicator {
	var out []*criteria.Indicator
	for _, c := range rs.Criteria {
		out = append(out, c.Indicators...)
	}
	return out
}

// The hand-written decisions. A missing value makes a check unknown; a zero denominator gives
// the check's empty verdict; a missing target makes it unknown; percent(a, b) ≥ t is decided
// exactly as 100·a ≥ t·b (b > 0: the fields' ranges start at 0).

func hwYes(f hwFlag, t hwYesTarget) criteria.Status {
	switch {
	case !f.ok || !t.ok:
		return criteria.Unknown
	case f.v == t.v:
		return criteria.Met
	}
	return criteria.NotMet
}

func hwPctGE(a, b hwNum, t hwTarget, empty criteria.Status) criteria.Status {
	switch {
	case !a.ok || !b.ok:
		return criteria.Unknown
	case b.v == 0:
		return empty
	case !t.ok:
		return criteria.Unknown
	case 100*hwMilli*a.v >= t.v*b.v:
		return criteria.Met
	}
	return criteria.NotMet
}

func hwPctLE(a, b hwNum, t hwTarget, empty criteria.Status) criteria.Status {
	switch {
	case !a.ok || !b.ok:
		return criteria.Unknown
	case b.v == 0:
		return empty
	case !t.ok:
		return criteria.Unknown
	case 100*hwMilli*a.v <= t.v*b.v:
		return criteria.Met
	}
	return criteria.NotMet
}

func hwPctGT(a, b hwNum, t hwTarget, empty criteria.Status) criteria.Status {
	switch {
	case !a.ok || !b.ok:
		return criteria.Unknown
	case b.v == 0:
		return empty
	case !t.ok:
		return criteria.Unknown
	case 100*hwMilli*a.v > t.v*b.v:
		return criteria.Met
	}
	return criteria.NotMet
}

// hwCountEQ decides count == t.
func hwCountEQ(x hwNum, t hwTarget) criteria.Status {
	switch {
	case !x.ok || !t.ok:
		return criteria.Unknown
	case x.v*hwMilli == t.v:
		return criteria.Met
	}
	return criteria.NotMet
}

// hwCountGE decides count ≥ t.
func hwCountGE(x hwNum, t hwTarget) criteria.Status {
	switch {
	case !x.ok || !t.ok:
		return criteria.Unknown
	case x.v*hwMilli >= t.v:
		return criteria.Met
	}
	return criteria.NotMet
}

// hwMilliGE decides decimal ≥ t, both in thousandths.
func hwMilliGE(x hwNum, t hwTarget) criteria.Status {
	switch {
	case !x.ok || !t.ok:
		return criteria.Unknown
	case x.v >= t.v:
		return criteria.Met
	}
	return criteria.NotMet
}

// hwMilliLE decides decimal ≤ t, both in thousandths.
func hwMilliLE(x hwNum, t hwTarget) criteria.Status {
	switch {
	case !x.ok || !t.ok:
		return criteria.Unknown
	case x.v <= t.v:
		return criteria.Met
	}
	return criteria.NotMet
}

// hwBoth combines an indicator's two checks: not applicable only when both are.
func hwBoth(a, b criteria.Status) criteria.Status {
	switch {
	case a == criteria.NotApplicable && b == criteria.NotApplicable:
		return criteria.NotApplicable
	case a == criteria.NotMet || b == criteria.NotMet:
		return criteria.NotMet
	case a == criteria.Unknown || b == criteria.Unknown:
		return criteria.Unknown
	}
	return criteria.Met
}

// hwAll combines a criterion's indicators: not met wins, then unknown; not applicable counts
// as met.
func hwAll(s []criteria.Status) criteria.Status {
	st := criteria.Met
	for _, x := range s {
		switch x {
		case criteria.NotMet:
			return criteria.NotMet
		case criteria.Unknown:
			st = criteria.Unknown
		}
	}
	return st
}

// hwDecide is the hand-written evaluator of the Cà Mau commune stack for ĐBSCL: every
// indicator, criterion and condition, the counts and the four facts.
func hwDecide(tt *hwTargets, c *hwCommune, v *hwVerdicts) {
	t := &tt.years[c.year-tt.y0]
	n, y := &t.n, &t.y
	in := &v.indicators
	const U, NA = criteria.Unknown, criteria.NotApplicable

	// 1 Planning
	in[0] = hwYes(c.planApproved, y[ckPlan])
	in[1] = hwYes(c.planRegulation, y[ckRegulation])
	// 2 Transport
	in[2] = hwPctGE(c.roadsCommunePaved, c.roadsCommuneTotal, n[ckPaved], U)
	in[3] = hwPctGE(c.roadsHamletHardened, c.roadsHamletTotal, n[ckHamletRoads], U)
	in[4] = hwBoth(hwPctGE(c.lanesClean, c.lanesTotal, n[ckLanesClean], U), hwPctGE(c.lanesHardened, c.lanesTotal, n[ckLanesHardened], U))
	in[5] = hwPctGE(c.roadsFieldStandard, c.roadsFieldTotal, n[ckFieldRoads], U)
	// 3 Irrigation
	in[6] = hwPctGE(c.farmlandIrrigated, c.farmlandTotal, n[ckIrrigated], U)
	in[7] = hwYes(c.disasterReady, y[ckDisasterReady])
	// 4 Electricity
	in[8] = hwYes(c.powerSystem, y[ckPowerSystem])
	in[9] = hwPctGE(c.householdsPowerSafe, c.householdsTotal, n[ckPowerHouseholds], U)
	// 5 Schools
	in[10] = hwPctGE(c.schoolsStandard, c.schoolsTotal, n[ckSchools], U)
	// 6 Cultural facilities
	in[11] = hwYes(c.culturalHouse, y[ckCulturalHouse])
	in[12] = hwYes(c.playAreas, y[ckPlayAreas])
	in[13] = hwPctGE(c.hamletsWithHouse, c.hamletsTotal, n[ckHamletHouses], U)
	// 7 Market, if the plan has one: when that is not known, a met check still meets it
	switch st := hwYes(c.marketStandard, y[ckMarket]); {
	case c.marketInPlan.ok && !c.marketInPlan.v:
		in[14] = NA
	case !c.marketInPlan.ok && st != criteria.Met:
		in[14] = U
	default:
		in[14] = st
	}
	// 8 Information and communications
	in[15] = hwYes(c.postal, y[ckPostal])
	in[16] = hwYes(c.telecom, y[ckTelecom])
	in[17] = hwYes(c.radio, y[ckRadio])
	in[18] = hwYes(c.itAdmin, y[ckIT])
	// 9 Housing
	in[19] = hwCountEQ(c.housesMakeshift, n[ckMakeshift])
	in[20] = hwPctGE(c.householdsHousing, c.householdsTotal, n[ckHousing], U)
	// 10 Income, 11 poverty, 12 employment
	in[21] = hwMilliGE(c.income, n[ckIncome])
	in[22] = hwPctLE(c.poorHouseholds, c.householdsTotal, n[ckPoverty], U)
	in[23] = hwPctGE(c.workingAgeEmployed, c.workingAgeAble, n[ckEmployed], U)
	// 13 Production
	in[24] = hwYes(c.cooperative, y[ckCooperative])
	in[25] = hwYes(c.linkage, y[ckLinkage])
	// 14 Education
	in[26] = hwYes(c.universal, y[ckUniversal])
	in[27] = hwPctGE(c.graduatesContinuing, c.graduates, n[ckContinuing], U)
	in[28] = hwPctGE(c.employedTrained, c.workingAgeEmployed, n[ckTrained], U)
	// 15 Health
	in[29] = hwPctGE(c.healthInsured, c.populationTotal, n[ckInsured], U)
	in[30] = hwYes(c.healthStation, y[ckHealthStation])
	in[31] = hwPctLE(c.under5Stunted, c.under5Total, n[ckStunting], U)
	// 16 Culture
	in[32] = hwPctGE(c.hamletsCultural, c.hamletsTotal, n[ckCulturalHamlets], U)
	// 17 Environment and food safety
	in[33] = hwBoth(hwPctGE(c.hygienicWater, c.householdsTotal, n[ckHygienicWater], U), hwPctGE(c.cleanWater, c.householdsTotal, n[ckCleanWater], U))
	in[34] = hwPctGE(c.businessesCompliant, c.businessesTotal, n[ckBusinesses], NA)
	in[35] = hwYes(c.landscape, y[ckLandscape])
	in[36] = hwYes(c.burial, y[ckBurial])
	in[37] = hwYes(c.waste, y[ckWaste])
	in[38] = hwPctGE(c.sanitation, c.householdsTotal, n[ckSanitation], U)
	in[39] = hwPctGE(c.livestockPens, c.livestock, n[ckPens], NA)
	in[40] = hwPctGE(c.foodCompliant, c.foodTotal, n[ckFood], U)
	// 18 Political system
	in[41] = hwYes(c.officials, y[ckOfficials])
	in[42] = hwYes(c.organisations, y[ckOrganisations])
	in[43] = hwYes(c.cleanStrong, y[ckCleanStrong])
	in[44] = hwPctGE(c.orgsGood, c.orgsTotal, n[ckRatedGood], U)
	in[45] = hwYes(c.accessToLaw, y[ckLaw])
	in[46] = hwYes(c.genderEquality, y[ckGender])
	// 19 Defence and security
	in[47] = hwYes(c.militia, y[ckMilitia])
	in[48] = hwYes(c.security, y[ckSecurity])

	met, notMet, unknown := 0, 0, 0
	from := 0
	for k, end := range hwCriteria {
		st := hwAll(in[from:end])
		v.criteria[k] = st
		switch st {
		case criteria.Met:
			met++
		case criteria.NotMet:
			notMet++
		default:
			unknown++
		}
		from = end
	}

	// Recognition conditions: the plan, the debt and the survey are gates; the registration
	// threshold and the Front's survey are reported.
	in[49] = hwYes(c.registeredInPlan, y[ckRegistered])
	in[50] = hwMilliLE(c.debt, n[ckDebt])
	in[51] = hwCountGE(hwNum{v: int64(met), ok: true}, n[ckThreshold])
	if t.surveyApplies {
		in[52] = hwPctGT(c.satisfactionPassed, c.satisfactionSurveyed, n[ckSurvey], U)
		in[53] = hwPctGT(c.satisfactionPassed, c.satisfactionSurveyed, n[ckSatisfied], U)
	} else {
		in[52], in[53] = NA, NA
	}
	gateNotMet := in[49] == criteria.NotMet || in[50] == criteria.NotMet || in[53] == criteria.NotMet
	gateUnknown := in[49] == U || in[50] == U || in[53] == U

	v.Met, v.NotMet, v.Unknown = met, notMet, unknown
	switch {
	case notMet > 0:
		v.AllMet = criteria.No
	case unknown > 0:
		v.AllMet = criteria.TruthUnknown
	default:
		v.AllMet = criteria.Yes
	}
	switch {
	case gateNotMet:
		v.Eligible = criteria.No
	case gateUnknown && v.AllMet == criteria.Yes:
		v.Eligible = criteria.TruthUnknown
	default:
		v.Eligible = v.AllMet
	}
	// A title for year Y is held from Y's whole-year review on, not in its first half.
	v.Recognised = c.ntmSince != 0 && (c.ntmSince < c.year || c.ntmSince == c.year && c.half != 1)
	switch {
	case !v.Recognised || v.AllMet == criteria.Yes:
		v.Slipped = criteria.No
	case v.AllMet == criteria.No:
		v.Slipped = criteria.Yes
	default:
		v.Slipped = criteria.TruthUnknown
	}
}

// The hand-written explanation of one check: its verdict, the value measured, the target and
// the gap of a numeric check not met, in ten thousandths.

func (x *hwCheck) yes(f hwFlag, t hwYesTarget) {
	*x = hwCheck{status: hwYes(f, t), hasValue: f.ok, value: hwBit(f.v), target: hwBit(t.v), hasTarget: t.ok}
}

func (x *hwCheck) pct(a, b hwNum, t hwTarget, st criteria.Status) {
	*x = hwCheck{status: st, target: t.v * (hwShown / hwMilli), hasTarget: t.ok}
	if !a.ok || !b.ok || b.v == 0 {
		return
	}
	// 100·a/b rounded half away from zero to four decimals (a, b ≥ 0).
	x.value, x.hasValue = (2*100*hwShown*a.v+b.v)/(2*b.v), true
	x.gapIfNotMet()
}

func (x *hwCheck) number(v hwNum, scale int64, t hwTarget, st criteria.Status, gap bool) {
	*x = hwCheck{status: st, value: v.v * scale, hasValue: v.ok, target: t.v * (hwShown / hwMilli), hasTarget: t.ok}
	if gap {
		x.gapIfNotMet()
	}
}

func (x *hwCheck) notApplicable(t hwTarget, yes hwYesTarget) {
	*x = hwCheck{status: criteria.NotApplicable, target: t.v*(hwShown/hwMilli) + hwBit(yes.v), hasTarget: t.ok || yes.ok}
}

func (x *hwCheck) gapIfNotMet() {
	if x.status == criteria.NotMet {
		x.gap, x.hasGap = x.target-x.value, true
		if x.gap < 0 {
			x.gap = -x.gap
		}
	}
}

func hwBit(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// hwExplain is the explained hand-written evaluator: the decision, then every check's value,
// target and gap in the preallocated explanation.
func hwExplain(tt *hwTargets, c *hwCommune, e *hwExplained) {
	hwDecide(tt, c, &e.v)
	t := &tt.years[c.year-tt.y0]
	n, y, ch := &t.n, &t.y, &e.checks
	const U, NA = criteria.Unknown, criteria.NotApplicable
	pct := func(k int, a, b hwNum, empty criteria.Status) {
		var st criteria.Status
		switch hwSpec[k].op {
		case criteria.OpLE:
			st = hwPctLE(a, b, n[k], empty)
		case criteria.OpGT:
			st = hwPctGT(a, b, n[k], empty)
		default:
			st = hwPctGE(a, b, n[k], empty)
		}
		ch[k].pct(a, b, n[k], st)
	}
	ch[ckPlan].yes(c.planApproved, y[ckPlan])
	ch[ckRegulation].yes(c.planRegulation, y[ckRegulation])
	pct(ckPaved, c.roadsCommunePaved, c.roadsCommuneTotal, U)
	pct(ckHamletRoads, c.roadsHamletHardened, c.roadsHamletTotal, U)
	pct(ckLanesClean, c.lanesClean, c.lanesTotal, U)
	pct(ckLanesHardened, c.lanesHardened, c.lanesTotal, U)
	pct(ckFieldRoads, c.roadsFieldStandard, c.roadsFieldTotal, U)
	pct(ckIrrigated, c.farmlandIrrigated, c.farmlandTotal, U)
	ch[ckDisasterReady].yes(c.disasterReady, y[ckDisasterReady])
	ch[ckPowerSystem].yes(c.powerSystem, y[ckPowerSystem])
	pct(ckPowerHouseholds, c.householdsPowerSafe, c.householdsTotal, U)
	pct(ckSchools, c.schoolsStandard, c.schoolsTotal, U)
	ch[ckCulturalHouse].yes(c.culturalHouse, y[ckCulturalHouse])
	ch[ckPlayAreas].yes(c.playAreas, y[ckPlayAreas])
	pct(ckHamletHouses, c.hamletsWithHouse, c.hamletsTotal, U)
	if e.v.indicators[14] == NA {
		ch[ckMarket].notApplicable(n[ckMarket], y[ckMarket])
	} else {
		ch[ckMarket].yes(c.marketStandard, y[ckMarket])
	}
	ch[ckPostal].yes(c.postal, y[ckPostal])
	ch[ckTelecom].yes(c.telecom, y[ckTelecom])
	ch[ckRadio].yes(c.radio, y[ckRadio])
	ch[ckIT].yes(c.itAdmin, y[ckIT])
	ch[ckMakeshift].number(c.housesMakeshift, hwShown, n[ckMakeshift], hwCountEQ(c.housesMakeshift, n[ckMakeshift]), false)
	pct(ckHousing, c.householdsHousing, c.householdsTotal, U)
	ch[ckIncome].number(c.income, hwShown/hwMilli, n[ckIncome], hwMilliGE(c.income, n[ckIncome]), true)
	pct(ckPoverty, c.poorHouseholds, c.householdsTotal, U)
	pct(ckEmployed, c.workingAgeEmployed, c.workingAgeAble, U)
	ch[ckCooperative].yes(c.cooperative, y[ckCooperative])
	ch[ckLinkage].yes(c.linkage, y[ckLinkage])
	ch[ckUniversal].yes(c.universal, y[ckUniversal])
	pct(ckContinuing, c.graduatesContinuing, c.graduates, U)
	pct(ckTrained, c.employedTrained, c.workingAgeEmployed, U)
	pct(ckInsured, c.healthInsured, c.populationTotal, U)
	ch[ckHealthStation].yes(c.healthStation, y[ckHealthStation])
	pct(ckStunting, c.under5Stunted, c.under5Total, U)
	pct(ckCulturalHamlets, c.hamletsCultural, c.hamletsTotal, U)
	pct(ckHygienicWater, c.hygienicWater, c.householdsTotal, U)
	pct(ckCleanWater, c.cleanWater, c.householdsTotal, U)
	pct(ckBusinesses, c.businessesCompliant, c.businessesTotal, NA)
	ch[ckLandscape].yes(c.landscape, y[ckLandscape])
	ch[ckBurial].yes(c.burial, y[ckBurial])
	ch[ckWaste].yes(c.waste, y[ckWaste])
	pct(ckSanitation, c.sanitation, c.householdsTotal, U)
	pct(ckPens, c.livestockPens, c.livestock, NA)
	pct(ckFood, c.foodCompliant, c.foodTotal, U)
	ch[ckOfficials].yes(c.officials, y[ckOfficials])
	ch[ckOrganisations].yes(c.organisations, y[ckOrganisations])
	ch[ckCleanStrong].yes(c.cleanStrong, y[ckCleanStrong])
	pct(ckRatedGood, c.orgsGood, c.orgsTotal, U)
	ch[ckLaw].yes(c.accessToLaw, y[ckLaw])
	ch[ckGender].yes(c.genderEquality, y[ckGender])
	ch[ckMilitia].yes(c.militia, y[ckMilitia])
	ch[ckSecurity].yes(c.security, y[ckSecurity])
	ch[ckRegistered].yes(c.registeredInPlan, y[ckRegistered])
	ch[ckDebt].number(c.debt, hwShown/hwMilli, n[ckDebt], e.v.indicators[50], true)
	ch[ckThreshold].number(hwNum{v: int64(e.v.Met), ok: true}, hwShown, n[ckThreshold], e.v.indicators[51], true)
	if t.surveyApplies {
		pct(ckSurvey, c.satisfactionPassed, c.satisfactionSurveyed, U)
		pct(ckSatisfied, c.satisfactionPassed, c.satisfactionSurveyed, U)
	} else {
		ch[ckSurvey].notApplicable(n[ckSurvey], y[ckSurvey])
		ch[ckSatisfied].notApplicable(n[ckSatisfied], y[ckSatisfied])
	}
}

// hwFixture is the program, the communes as the engine reads them, the same communes as typed
// structs, and the targets.
type hwFixture struct {
	prog    *criteria.Program
	units   []*criteria.Unit
	typed   []hwCommune
	targets *hwTargets
}

var (
	hwMu       sync.Mutex
	hwProg     *criteria.Program
	hwFixtures = map[int]*hwFixture{}
)

func hwProgram(tb testing.TB) *criteria.Program {
	tb.Helper()
	hwMu.Lock()
	defer hwMu.Unlock()
	if hwProg == nil {
		rs, err := criteria.Load(rules.FS, gen.CommuneRuleset)
		if err != nil {
			tb.Fatal(err)
		}
		if hwProg, err = rs.Compile(); err != nil {
			tb.Fatal(err)
		}
	}
	return hwProg
}

// hwVaried returns n communes drawn by the generator for 2020 in ĐBSCL, typed both ways.
func hwVaried(tb testing.TB, n int) *hwFixture {
	tb.Helper()
	prog := hwProgram(tb)
	hwMu.Lock()
	defer hwMu.Unlock()
	if f, ok := hwFixtures[n]; ok {
		return f
	}
	units, err := gen.Varied(prog, n, gen.Seed, criteria.Period{Year: 2020})
	if err != nil {
		tb.Fatal(err)
	}
	f, err := hwFixtureOf(prog, units)
	if err != nil {
		tb.Fatal(err)
	}
	hwFixtures[n] = f
	return f
}

func hwFixtureOf(prog *criteria.Program, units []*criteria.Unit) (*hwFixture, error) {
	tt, err := hwSetup(prog)
	if err != nil {
		return nil, err
	}
	f := &hwFixture{prog: prog, units: units, typed: make([]hwCommune, len(units)), targets: tt}
	for i, u := range units {
		if f.typed[i], err = hwCommuneOf(prog.Info().Recognition(), u); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// hwSink keeps the benchmarks' results alive.
var hwSink int

func BenchmarkVerdicts(b *testing.B) {
	f := hwVaried(b, hwBenchCommunes)
	ctx := context.Background()
	b.Run("engine", func(b *testing.B) {
		var v criteria.Verdicts
		if err := f.prog.Verdicts(ctx, f.units[0], &v); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := f.prog.Verdicts(ctx, f.units[i], &v); err != nil {
				b.Fatal(err)
			}
			if i++; i == len(f.units) {
				i = 0
			}
		}
		hwSink += v.Met
	})
	b.Run("handwritten", func(b *testing.B) {
		var v hwVerdicts
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			hwDecide(f.targets, &f.typed[i], &v)
			if i++; i == len(f.typed) {
				i = 0
			}
		}
		hwSink += v.Met
	})
}

func BenchmarkExplain(b *testing.B) {
	f := hwVaried(b, hwBenchCommunes)
	ctx := context.Background()
	b.Run("engine", func(b *testing.B) {
		var res criteria.Result
		if err := f.prog.Explain(ctx, f.units[0], &res); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := f.prog.Explain(ctx, f.units[i], &res); err != nil {
				b.Fatal(err)
			}
			if i++; i == len(f.units) {
				i = 0
			}
		}
		hwSink += res.Met
	})
	b.Run("handwritten", func(b *testing.B) {
		var e hwExplained
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			hwExplain(f.targets, &f.typed[i], &e)
			if i++; i == len(f.typed) {
				i = 0
			}
		}
		hwSink += e.v.Met
	})
}

// TestHandwrittenAgrees runs the engine and the hand-written evaluator over the generator's
// communes of 2020, every row of the sample (all periods) and mutated communes (values missing,
// zero denominators, flipped flags, other periods and histories), and requires the same status
// for every criterion, indicator, condition and check, the same counts, facts, values, targets
// and gaps.
func TestHandwrittenAgrees(t *testing.T) {
	n := hwBenchCommunes
	if testing.Short() {
		n = 1000
	}
	prog := hwProgram(t)
	ds := data.ReadFile(sample.FS, gen.CommunesFile, prog.Ruleset())
	if err := ds.Err(); err != nil || len(ds.Units) != 492 {
		t.Fatalf("sample: %d units, %v", len(ds.Units), err)
	}
	varied := hwVaried(t, n)
	sets := []struct {
		name  string
		units []*criteria.Unit
	}{
		{"varied 2020", varied.units},
		{"sample", ds.Units},
		{"mutated", hwMutated(t, prog, varied.units[:min(len(varied.units), 3000)])},
	}
	var seen [hwNInd][4]int
	var facts [3][3]int
	for _, s := range sets {
		f, err := hwFixtureOf(prog, s.units)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		var v criteria.Verdicts
		var res criteria.Result
		var h hwVerdicts
		var e hwExplained
		bad := 0
		for i, u := range f.units {
			if err := prog.Verdicts(ctx, u, &v); err != nil {
				t.Fatal(err)
			}
			if err := prog.Explain(ctx, u, &res); err != nil {
				t.Fatal(err)
			}
			hwDecide(f.targets, &f.typed[i], &h)
			hwExplain(f.targets, &f.typed[i], &e)
			diffs := hwCompare(&v, &h)
			diffs = append(diffs, hwCompareExplained(&res, &e)...)
			if len(diffs) > 0 {
				t.Errorf("%s: unit %s %s (%s): %s", s.name, u.Code, u.Period, u.Source, strings.Join(diffs, "; "))
				if bad++; bad == 5 {
					t.Fatalf("%s: stopping after %d disagreements", s.name, bad)
				}
			}
			for k := range hwNInd {
				seen[k][h.indicators[k]]++
			}
			facts[0][h.AllMet]++
			facts[1][h.Eligible]++
			facts[2][h.Slipped]++
		}
		t.Logf("%s: %d communes agree", s.name, len(f.units))
	}
	// The sets reach every verdict the rules allow.
	for k, id := range hwIndicators {
		for st, cnt := range seen[k] {
			possible := true
			switch criteria.Status(st) {
			case criteria.NotApplicable:
				possible = id == "7" || id == "17.2" || id == "17.7" || id == "satisfaction_survey" || id == "satisfaction"
			case criteria.Unknown:
				possible = id != "registration_threshold"
			case criteria.Met, criteria.NotMet:
				possible = id != "satisfaction_survey"
			}
			if possible && cnt == 0 {
				t.Errorf("indicator %s is never %s in the compared communes", id, criteria.Status(st))
			}
		}
	}
	for i, name := range []string{"all met", "eligible", "slipped"} {
		for tv, cnt := range facts[i] {
			if cnt == 0 {
				t.Errorf("%s is never %s in the compared communes", name, criteria.Truth(tv))
			}
		}
	}
}

// hwCompare lists where the hand-written verdicts differ from the engine's.
func hwCompare(v *criteria.Verdicts, h *hwVerdicts) []string {
	var d []string
	if v.Criteria() != hwNCrit || v.Conditions() != hwNInd-hwCondAt {
		return []string{fmt.Sprintf("%d criteria and %d conditions", v.Criteria(), v.Conditions())}
	}
	for i := range hwNCrit {
		if v.Criterion(i) != h.criteria[i] {
			d = append(d, fmt.Sprintf("criterion %d: engine %s, hand-written %s", i+1, v.Criterion(i), h.criteria[i]))
		}
	}
	for i := range hwNInd {
		if v.Indicator(i) != h.indicators[i] {
			d = append(d, fmt.Sprintf("indicator %s: engine %s, hand-written %s", hwIndicators[i], v.Indicator(i), h.indicators[i]))
		}
	}
	for j := range hwNInd - hwCondAt {
		if v.Condition(j) != h.indicators[hwCondAt+j] {
			d = append(d, fmt.Sprintf("condition %s: engine %s, hand-written %s", hwIndicators[hwCondAt+j], v.Condition(j), h.indicators[hwCondAt+j]))
		}
	}
	if v.Met != h.Met || v.NotMet != h.NotMet || v.Unknown != h.Unknown {
		d = append(d, fmt.Sprintf("counts: engine %d/%d/%d, hand-written %d/%d/%d", v.Met, v.NotMet, v.Unknown, h.Met, h.NotMet, h.Unknown))
	}
	if v.AllMet != h.AllMet || v.Eligible != h.Eligible || v.Recognised != h.Recognised || v.Slipped != h.Slipped {
		d = append(d, fmt.Sprintf("facts: engine all met %s, eligible %s, recognised %t, slipped %s; hand-written %s, %s, %t, %s",
			v.AllMet, v.Eligible, v.Recognised, v.Slipped, h.AllMet, h.Eligible, h.Recognised, h.Slipped))
	}
	return d
}

// hwCompareExplained lists where the hand-written explanation differs from the engine's: the
// verdicts, and every check's status, value, target and gap.
func hwCompareExplained(res *criteria.Result, e *hwExplained) []string {
	var d []string
	if res.Met != e.v.Met || res.NotMet != e.v.NotMet || res.Unknown != e.v.Unknown || res.AllMet != e.v.AllMet ||
		res.Eligible != e.v.Eligible || res.Recognised() != e.v.Recognised || res.Slipped != e.v.Slipped {
		d = append(d, "explained counts or facts differ")
	}
	var checks []*criteria.CheckResult
	i := 0
	for ci := range res.Criteria {
		if res.Criteria[ci].Status != e.v.criteria[ci] {
			d = append(d, fmt.Sprintf("explained criterion %s: engine %s, hand-written %s", res.Criteria[ci].Criterion.ID(), res.Criteria[ci].Status, e.v.criteria[ci]))
		}
		for j := range res.Criteria[ci].Indicators {
			ir := &res.Criteria[ci].Indicators[j]
			if ir.Status != e.v.indicators[i] {
				d = append(d, fmt.Sprintf("explained indicator %s: engine %s, hand-written %s", ir.Indicator.ID(), ir.Status, e.v.indicators[i]))
			}
			i++
			for k := range ir.Checks {
				checks = append(checks, &ir.Checks[k])
			}
		}
	}
	for j := range res.Conditions {
		ir := &res.Conditions[j]
		if ir.Status != e.v.indicators[i] {
			d = append(d, fmt.Sprintf("explained condition %s: engine %s, hand-written %s", ir.Indicator.ID(), ir.Status, e.v.indicators[i]))
		}
		i++
		for k := range ir.Checks {
			checks = append(checks, &ir.Checks[k])
		}
	}
	if len(checks) != ckN {
		return append(d, fmt.Sprintf("%d checks explained, the hand-written evaluator has %d", len(checks), ckN))
	}
	for k, cr := range checks {
		x := &e.checks[k]
		where := hwSpec[k].ind + "/" + hwSpec[k].check
		if cr.Status != x.status {
			d = append(d, fmt.Sprintf("check %s: engine %s, hand-written %s", where, cr.Status, x.status))
		}
		if !hwSameValue(cr.Value, x.value, x.hasValue) {
			d = append(d, fmt.Sprintf("check %s: engine value %s, hand-written %d (%t)", where, cr.Value, x.value, x.hasValue))
		}
		if r := cr.Target(); r.Known() != x.hasTarget || r.Known() && !hwSameValue(r.Value, x.target, true) {
			d = append(d, fmt.Sprintf("check %s: engine target %s, hand-written %d (%t)", where, r.Value, x.target, x.hasTarget))
		}
		if cr.HasGap != x.hasGap || cr.HasGap && !cr.Gap.Equal(criteria.NewNumber(x.gap, 4)) {
			d = append(d, fmt.Sprintf("check %s: engine gap %s (%t), hand-written %d (%t)", where, cr.Gap, cr.HasGap, x.gap, x.hasGap))
		}
	}
	return d
}

// hwSameValue reports whether an engine value is the hand-written one (ten thousandths, or
// 0/1 for yes/no).
func hwSameValue(v criteria.Value, x int64, has bool) bool {
	if n, ok := v.Number(); ok {
		return has && n.Equal(criteria.NewNumber(x, 4))
	}
	if b, ok := v.Bool(); ok {
		return has && hwBit(b) == x
	}
	return v.IsMissing() && !has
}

// hwMutated returns a changed copy of each unit: some values missing or zero, some flags
// flipped, another period or history, so every way to a verdict is taken.
func hwMutated(t *testing.T, prog *criteria.Program, units []*criteria.Unit) []*criteria.Unit {
	t.Helper()
	rs := prog.Ruleset()
	var numeric, flags, all []string
	for _, f := range rs.Fields {
		if f.From != nil {
			continue
		}
		all = append(all, f.ID)
		if f.Type == criteria.TypeBoolean {
			flags = append(flags, f.ID)
		} else {
			numeric = append(numeric, f.ID)
		}
	}
	r := rand.New(rand.NewPCG(gen.Seed, 7))
	y0, y1 := rs.Years()
	out := make([]*criteria.Unit, 0, len(units))
	for _, u := range units {
		m := *u
		m.Values = u.Values.Clone()
		for range 1 + r.IntN(4) {
			var err error
			switch r.IntN(6) {
			case 0, 1:
				err = m.Values.Unset(all[r.IntN(len(all))])
			case 2, 3:
				err = m.Values.SetString(numeric[r.IntN(len(numeric))], "0")
			case 4:
				id := flags[r.IntN(len(flags))]
				old, _ := m.Values.Get(id)
				b, _ := old.Bool()
				err = m.Values.Set(id, criteria.BoolValue(!b))
			case 5:
				m.Period = criteria.Period{Year: y0 + r.IntN(y1-y0+1), Half: r.IntN(3)}
				switch r.IntN(3) {
				case 0:
					m.History = nil
				case 1:
					m.History = []criteria.Recognition{{Level: "ntm", Year: m.Period.Year - r.IntN(2)}}
				default:
					m.History = []criteria.Recognition{{Level: "advanced", Year: m.Period.Year - 1}, {Level: "ntm", Year: m.Period.Year + r.IntN(2)}}
				}
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, &m)
	}
	return out
}
