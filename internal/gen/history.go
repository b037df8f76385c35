package gen

import "slices"

// The recognition history of the sample. Where camau.md §2.1 gives dated evidence the year
// follows it (the reference's citation is noted); every other year is a SYNTHETIC choice made
// so that the province totals hold:
//
//	end-2014  3   (inferred in camau.md §3 from the 2015 plan)
//	end-2015  17  (20.7 %) [C5][C7]
//	end-2017  25  (the 12/02/2018 vote, less Hòa Tân: see below)
//	end-2018  29  (35.4 %) [C13]
//	end-2019  30  (the 10/2019 review and the early-2020 conference) [C8][C14]
//	end-2020  42  (51 %), TP Cà Mau 7/7 [C10][C15]
//
// and the district notes hold: Phú Tân has 5 of 8 at end-2020 with Phú Thuận the 5th [C23];
// Trần Văn Thời stays below 9 (Phong Điền was its 10th, in 2024 [C22]); communes with a 2023
// target (Khánh Hưng, Đông Hưng, Tân Duyệt, Tam Giang Tây [C20]) are not recognised by 2020;
// Thới Bình, the pilot district, reaches 7 of its 11 and misses the district standard [L19].
// No recognition decision number was found in the sources, so the history carries none.
var recognised = map[string]int{
	// --- 2014 (3): Tắc Vân is evidenced [C18]; Lý Văn Lâm and Tân Dân were in the same early
	// "về đích" plan [C19], whose outcome was not found: placed in 2014 (synthetic).
	"32029": 2014, // Tắc Vân [C18]
	"32032": 2014, // Lý Văn Lâm (synthetic year; early plan [C19])
	"32174": 2014, // Tân Dân (synthetic year; early plan [C19])

	// --- 2015 (14): four evidenced, ten synthetic.
	"32026": 2015, // Tân Thành [C17]
	"32221": 2015, // Tân Hải [C24]
	"32224": 2015, // Việt Thắng [C24]
	"32227": 2015, // Tân Hưng Tây [C24][C25]
	"32059": 2015, // Khánh An (synthetic)
	"32056": 2015, // Khánh Lâm (synthetic)
	"32072": 2015, // Trí Lực (synthetic; the Thới Bình plan of 2018 aims it at "nâng cao", so it was NTM already [L19])
	"32110": 2015, // Khánh Bình (synthetic; NTM before 2023 [C20])
	"32107": 2015, // Trần Hợi (synthetic)
	"32131": 2015, // Lương Thế Trân (synthetic)
	"32146": 2015, // Tân Hưng Đông (synthetic)
	"32176": 2015, // Tân Tiến (synthetic)
	"32203": 2015, // Hàng Vịnh (synthetic; NTM before 2023 [C20])
	"32239": 2015, // Viên An Đông (synthetic)

	// --- 2016: none. The interim 2016 poverty rate of Công văn 6977/BNN-VPĐP was not found, so
	// the ruleset cannot confirm a 2016 recognition (criterion 11 is unknown for 2016).

	// --- 2017 (8): voted on 12/02/2018 for the year 2017 [C12].
	"32086": 2017, // Tân Lộc
	"32074": 2017, // Biển Bạch Đông
	"32069": 2017, // Tân Bằng
	"32035": 2017, // Định Bình
	"32155": 2017, // Tạ An Khương
	"32236": 2017, // Tân Ân Tây
	"32228": 2017, // Rạch Chèo
	"32141": 2017, // Hoà Mỹ

	// --- 2018 (4, synthetic): brings the total to the published 29.
	"32023": 2018, // An Xuyên (NTM by 2020 [C15]; year synthetic)
	"32071": 2018, // Trí Phải (NTM before 2023 [C20]; year synthetic)
	"32134": 2018, // Phú Hưng (synthetic)
	"32248": 2018, // Đất Mũi ("về đích", date not shown [C26]; year synthetic)

	// --- 2019 (1): Hòa Tân. The sources conflict: it was voted through for 2017 on 12/02/2018
	// [C12], but the decision handed over on 19/5/2020 says "đạt chuẩn NTM năm 2019" [C16].
	// The decision is the later and more specific document, and 2019 is what moves the count
	// from 29 (end-2018) to 30 (10/2019), so the sample follows [C16]: in 2017 and 2018 Hòa Tân
	// is in the plan but one criterion short.
	"32041": 2019, // Hòa Tân [C16]

	// --- 2020 (12): 42 at end-2020, 51 % [C10].
	"32038": 2020, // Hòa Thành (2019 plan [C13]; "cơ bản đạt 19/19" early 2020 [C14]; NTM by 2020 [C15])
	"32214": 2020, // Phú Thuận ("đạt chuẩn NTM năm 2020", Phú Tân's 5th [C23])
	"32149": 2020, // Trần Thới (2019 plan, then < 14 criteria [C13]; "cơ bản đạt 19/19" early 2020 [C14])
	"32080": 2020, // Tân Phú (2019 plan, then < 14 [C13]; 16/19 early 2020 [C14]; year synthetic)
	"32122": 2020, // Lợi An (2019 plan [C13]; 16/19 early 2020 [C14]; year synthetic)
	"32083": 2020, // Tân Lộc Bắc (c. 2020-2021, inferred from [C21]; year synthetic)
	"32108": 2020, // Khánh Lộc (synthetic)
	"32050": 2020, // Khánh Tiến (synthetic)
	"32162": 2020, // Tân Trung (synthetic)
	"32197": 2020, // Hiệp Tùng (in the 2017 plan but not voted [C11][C12]; outcome not found; synthetic)
	"32130": 2020, // Thạnh Phú (synthetic)
	"32245": 2020, // Tân Ân (synthetic)
}

// plans lists, per year, the communes the district put in the year's plan (registered_in_plan):
// those recognised that year and those that registered but fell short.
var plans = map[int][]string{
	// Synthetic: three communes try in 2016 and make it in 2017 or 2018.
	2016: {"32023", "32035", "32086"},
	// The 10/2017 plan [C11] (Hiệp Tùng fell short) plus Tân Bằng and Hòa Tân, added at the
	// vote [C12]; Hòa Tân falls one criterion short here (see recognised).
	2017: {"32086", "32074", "32069", "32035", "32155", "32236", "32228", "32141", "32197", "32041"},
	2018: {"32023", "32071", "32134", "32248", "32041"},
	// The 2019 plan: Hòa Thành, Tân Phú, Trần Thới, Lợi An, Phú Thuận [C13]; none made it in 2019.
	2019: {"32041", "32038", "32080", "32149", "32122", "32214"},
	// The twelve recognised for 2020, and three that fall short: Đông Hưng (criteria), Phong Lạc
	// (all 19 met but outstanding construction debt) and Khánh Bình Tây (all 19 met but the
	// residents' satisfaction survey at or below 80 %). All three are synthetic.
	2020: {"32038", "32214", "32149", "32080", "32122", "32083", "32108", "32050", "32162", "32197", "32130", "32245",
		"32142", "32125", "32104"},
}

// Special cases of the sample (all synthetic except the market).
const (
	// Tân Hải and Việt Thắng were assessed with no market in their plan ("không thực hiện tiêu
	// chí chợ") [C24]: criterion 7 is not applicable to them.
	codeTanHai    = "32221"
	codeVietThang = "32224"

	codeDebt         = "32125" // Phong Lạc: all met in 2020 but outstanding construction debt
	codeSatisfaction = "32104" // Khánh Bình Tây: all met in 2020 but satisfaction ≤ 80 %
	codeTranThoi     = "32149" // < 14 criteria when chosen for the 2019 plan [C13]
	codeTanPhu       = "32080" // idem
)

// noMarket reports whether a commune's approved plan has no market.
func noMarket(code string) bool { return code == codeTanHai || code == codeVietThang }

// slips lists the criteria a recognised commune loses after recognition, per period (index into
// periods). The criteria are those camau.md §6 names as the usual ones to slip [C24]:
// environment (17), security and order (19), poverty (11), cultural facilities (6) and the
// political system (18). All synthetic. TP Cà Mau's communes do not slip in 2020: the city
// completed the NTM task with 7/7 [C15].
var slips = map[string]map[int][]int{
	"32227": {p2017: {17}},                    // Tân Hưng Tây
	"32203": {p2018: {18}},                    // Hàng Vịnh
	"32059": {p2019: {11}, p2020H1: {11}},     // Khánh An
	"32224": {p2020H1: {19}},                  // Việt Thắng
	"32107": {p2020H1: {17, 18}, p2020: {17}}, // Trần Hợi
	"32176": {p2020H1: {6}},                   // Tân Tiến
	"32155": {p2020H1: {17}},                  // Tạ An Khương
	"32228": {p2020H1: {11, 17}},              // Rạch Chèo
	"32239": {p2020H1: {19}, p2020: {19}},     // Viên An Đông
	"32131": {p2020H1: {18}},                  // Lương Thế Trân
	"32069": {p2020: {17}},                    // Tân Bằng
}

// inPlan reports whether the commune is in the plan of the period's year.
func inPlan(code string, year int) bool { return slices.Contains(plans[year], code) }
