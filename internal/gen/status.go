package gen

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/nongthonmoi/ntm/criteria"
)

// The periods of the sample, in order: each year 2016-2019, the mid-2020 review and end-2020.
const (
	p2016 = iota
	p2017
	p2018
	p2019
	p2020H1
	p2020
	nPeriods
)

var periods = [nPeriods]criteria.Period{{Year: 2016}, {Year: 2017}, {Year: 2018}, {Year: 2019}, {Year: 2020, Half: 1}, {Year: 2020}}

// years since 2016 at each period, for trends.
var elapsed = [nPeriods]float64{0, 1, 2, 3, 3.5, 4}

// A set is the criteria (1-19) a commune meets: bit c for criterion c.
type set uint32

const all19 set = 1<<20 - 2

func (s set) has(c int) bool  { return s&(1<<c) != 0 }
func (s set) count() int      { return bits.OnesCount32(uint32(s & all19)) }
func (s set) with(c int) set  { return s | 1<<c }
func (s set) minus(c int) set { return s &^ (1 << c) }

func (s set) list() []int {
	var out []int
	for c := 1; c <= 19; c++ {
		if s.has(c) {
			out = append(out, c)
		}
	}
	return out
}

// Published figures the statuses are calibrated to.
const (
	h1Total    = 1274 // criteria met by the 82 communes in early 2020: 15.5 per commune [C14]
	y2020Total = 1328 // end-2020: 16.2 per commune [C10] (82 × 16.2 = 1,328.4)
)

// h1CriterionMet is the number of communes meeting a criterion in early 2020 [C14]: transport
// 46/82, electricity 82/82, trade (the market) 64/82, housing 75/82, income 64/82, poverty 65/82.
var h1CriterionMet = map[int]int{2: 46, 4: 82, 7: 64, 9: 75, 10: 64, 11: 65}

// difficulty weighs how hard a criterion is for a Cà Mau commune (synthetic): it shares out the
// early-2020 shortfalls that were not published, and says which criteria a commune achieves last.
var difficulty = [20]float64{0,
	1,   // 1 planning
	6,   // 2 transport
	4,   // 3 irrigation
	1.5, // 4 electricity
	7,   // 5 schools (222 of 394 schools at the national standard in early 2020 [C14])
	5,   // 6 cultural facilities
	3,   // 7 market
	1,   // 8 information and communications
	2,   // 9 housing
	5,   // 10 income
	4,   // 11 poverty
	1.5, // 12 employment
	6,   // 13 production organisation
	3,   // 14 education
	4,   // 15 health
	2.5, // 16 culture
	6,   // 17 environment
	2,   // 18 political system
	1,   // 19 defence and security
}

// Bands of the early-2020 snapshot [C14]: the 52 communes not yet recognised are 22 at 15-18,
// 27 at 10-14 and 3 at 8-9 criteria.
var (
	// Fixed counts: Hòa Thành, Phú Thuận and Trần Thới "cơ bản đạt 19/19" (read as 18), Tân Phú and
	// Lợi An 16/19 [C14]; the two synthetic 2020 refusals are one criterion short.
	h1Fixed = map[string]int{"32038": 18, "32214": 18, "32149": 18, "32080": 16, "32122": 16, codeDebt: 18, codeSatisfaction: 18}
	// In the 15-18 band besides the twelve recognised in 2020: the two refusals and the communes
	// with a 2023 target [C20] (synthetic placement).
	h1High = []string{codeDebt, codeSatisfaction, "32113", "32142", "32173", "32233"}
	// The 8-9 band (synthetic): remote mangrove communes of Năm Căn and Ngọc Hiển.
	h1Low     = []string{"32242", "32209", "32201"}
	h1Bands   = [3]int{22, 27, 3}
	bandLimit = [3][2]int{{15, 18}, {10, 14}, {8, 9}}
)

// recognitionCutoff is the last recognition year in effect at a period: recognitions for a year
// are decided at its end, so the mid-2020 review sees those up to 2019.
func recognitionCutoff(p int) int {
	if periods[p].Half == 1 {
		return periods[p].Year - 1
	}
	return periods[p].Year
}

// recognisedAt reports whether the commune holds the NTM title at period p.
func recognisedAt(code string, p int) bool {
	y := recognised[code]
	return y != 0 && y <= recognitionCutoff(p)
}

// slipped returns the criteria a recognised commune has lost at period p.
func slipped(code string, p int) []int { return slips[code][p] }

// statuses chooses, for every commune and period, which criteria are met.
func statuses() (map[string]*[nPeriods]set, error) {
	out := map[string]*[nPeriods]set{}
	for _, c := range communes {
		out[c.Code] = new([nPeriods]set)
	}
	if err := earlyTwenty(out); err != nil {
		return nil, err
	}
	if err := endTwenty(out); err != nil {
		return nil, err
	}
	for p := p2019; p >= p2016; p-- {
		backwards(out, p)
	}
	// The recognised communes: all 19 met in and after the recognition year, less their slips.
	for _, c := range communes {
		for p := range nPeriods {
			if recognisedAt(c.Code, p) {
				s := all19
				for _, k := range slipped(c.Code, p) {
					s = s.minus(k)
				}
				out[c.Code][p] = s
			}
		}
	}
	return out, nil
}

// earlyTwenty builds the mid-2020 snapshot: the 30 recognised communes (with their slips) and the
// 52 others in the published bands, with the published per-criterion counts and total.
func earlyTwenty(out map[string]*[nPeriods]set) error {
	r := rng("early-2020")
	recTotal := 0
	slipUnmet := map[int]int{}
	var others []string
	for _, c := range communes {
		if recognisedAt(c.Code, p2020H1) {
			recTotal += 19 - len(slipped(c.Code, p2020H1))
			for _, k := range slipped(c.Code, p2020H1) {
				slipUnmet[k]++
			}
			continue
		}
		others = append(others, c.Code)
	}
	// Bands.
	band := map[string]int{}
	for _, code := range others {
		band[code] = 1
		if recognised[code] == 2020 || slices.Contains(h1High, code) {
			band[code] = 0
		}
		if slices.Contains(h1Low, code) {
			band[code] = 2
		}
	}
	var free []string
	n0 := 0
	for _, code := range others {
		if band[code] == 0 {
			n0++
		} else if band[code] == 1 {
			free = append(free, code)
		}
	}
	if n0 > h1Bands[0] || h1Bands[0]-n0 > len(free) {
		return fmt.Errorf("gen: %d communes placed in the 15-18 band, %d wanted", n0, h1Bands[0])
	}
	r.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	for _, code := range free[:h1Bands[0]-n0] {
		band[code] = 0
	}
	var size [3]int
	for _, code := range others {
		size[band[code]]++
	}
	if size != h1Bands {
		return fmt.Errorf("gen: early-2020 bands %v, want %v", size, h1Bands)
	}
	// Counts within the bands, adjusted to the published total.
	k := map[string]int{}
	sum := 0
	for _, code := range others {
		lim := bandLimit[band[code]]
		if f, ok := h1Fixed[code]; ok {
			k[code] = f
		} else {
			k[code] = lim[0] + r.IntN(lim[1]-lim[0]+1)
		}
		sum += k[code]
	}
	want := h1Total - recTotal
	for guard := 0; sum != want; guard++ {
		if guard > 100000 {
			return fmt.Errorf("gen: cannot reach %d criteria in early 2020", h1Total)
		}
		code := others[r.IntN(len(others))]
		if _, ok := h1Fixed[code]; ok {
			continue
		}
		lim := bandLimit[band[code]]
		switch {
		case sum < want && k[code] < lim[1]:
			k[code]++
			sum++
		case sum > want && k[code] > lim[0]:
			k[code]--
			sum--
		}
	}
	// Shortfalls per criterion among the 52: the published counts, less the slips of the
	// recognised; the rest shared out by difficulty.
	capacity := [20]int{}
	rest := len(others)*19 - want
	var freeCrit []int
	for c := 1; c <= 19; c++ {
		if m, ok := h1CriterionMet[c]; ok {
			capacity[c] = len(communes) - m - slipUnmet[c]
			rest -= capacity[c]
		} else {
			freeCrit = append(freeCrit, c)
		}
	}
	shareOut(capacity[:], freeCrit, rest)
	unmet, err := assign(r, others, k, capacity)
	if err != nil {
		return err
	}
	for _, code := range others {
		s := all19
		for _, c := range unmet[code] {
			s = s.minus(c)
		}
		out[code][p2020H1] = s
	}
	return nil
}

// shareOut divides total among the criteria in proportion to their difficulty (largest
// remainder), writing into capacity.
func shareOut(capacity []int, crits []int, total int) {
	w := 0.0
	for _, c := range crits {
		w += difficulty[c]
	}
	type rem struct {
		c    int
		frac float64
	}
	var rems []rem
	given := 0
	for _, c := range crits {
		x := float64(total) * difficulty[c] / w
		capacity[c] = int(x)
		given += capacity[c]
		rems = append(rems, rem{c, x - float64(int(x))})
	}
	sort.SliceStable(rems, func(i, j int) bool { return rems[i].frac > rems[j].frac })
	for i := 0; given < total; i++ {
		capacity[rems[i%len(rems)].c]++
		given++
	}
}

// assign chooses which criteria each commune misses, so that commune i misses 19 − k[i]
// criteria and criterion c is missed by exactly capacity[c] communes. Rows are filled largest
// first; each row's criteria are drawn in proportion to the remaining capacity, and a draw is
// kept only if the rest can still be completed (Gale-Ryser); otherwise the row takes the largest
// capacities, which always succeeds when a solution exists.
func assign(r *rand.Rand, codes []string, k map[string]int, capacity [20]int) (map[string][]int, error) {
	rows := slices.Clone(codes)
	sort.SliceStable(rows, func(i, j int) bool { return k[rows[i]] < k[rows[j]] })
	need := func(code string) int { return 19 - k[code] }
	if !feasible(rows, need, capacity) {
		return nil, fmt.Errorf("gen: the early-2020 shortfalls cannot be shared out")
	}
	out := map[string][]int{}
	for i, code := range rows {
		var pick []int
		for try := 0; try < 50 && pick == nil; try++ {
			cand := draw(r, capacity, need(code))
			if cand == nil {
				continue
			}
			next := capacity
			for _, c := range cand {
				next[c]--
			}
			if feasible(rows[i+1:], need, next) {
				pick = cand
			}
		}
		if pick == nil {
			pick = largest(capacity, need(code))
		}
		for _, c := range pick {
			capacity[c]--
		}
		slices.Sort(pick)
		out[code] = pick
	}
	for c := 1; c <= 19; c++ {
		if capacity[c] != 0 {
			return nil, fmt.Errorf("gen: criterion %d: %d shortfalls left unassigned", c, capacity[c])
		}
	}
	return out, nil
}

// draw picks n distinct criteria with probability proportional to their capacity.
func draw(r *rand.Rand, capacity [20]int, n int) []int {
	left := capacity
	var out []int
	for range n {
		total := 0
		for c := 1; c <= 19; c++ {
			total += left[c]
		}
		if total == 0 {
			return nil
		}
		x := r.IntN(total)
		for c := 1; c <= 19; c++ {
			if x < left[c] {
				out = append(out, c)
				left[c] = 0
				break
			}
			x -= left[c]
		}
	}
	return out
}

// largest returns the n criteria with the largest capacity (lower id first on ties).
func largest(capacity [20]int, n int) []int {
	ids := make([]int, 0, 19)
	for c := 1; c <= 19; c++ {
		ids = append(ids, c)
	}
	sort.SliceStable(ids, func(i, j int) bool { return capacity[ids[i]] > capacity[ids[j]] })
	return slices.Clone(ids[:n])
}

// feasible is the Gale-Ryser test: a 0/1 matrix with the rows' needs as row sums and the
// capacities as column sums exists.
func feasible(rows []string, need func(string) int, capacity [20]int) bool {
	r := make([]int, len(rows))
	sumR, sumC := 0, 0
	for i, code := range rows {
		r[i] = need(code)
		sumR += r[i]
	}
	for c := 1; c <= 19; c++ {
		sumC += capacity[c]
	}
	if sumR != sumC {
		return false
	}
	sort.Sort(sort.Reverse(sort.IntSlice(r)))
	left := 0
	for i := range r {
		left += r[i]
		right := 0
		for c := 1; c <= 19; c++ {
			right += min(capacity[c], i+1)
		}
		if left > right {
			return false
		}
	}
	return true
}

// endTwenty builds end-2020: the 42 recognised (with their slips), the two synthetic refusals
// at 19/19, and the others gaining criteria over the second half of the year so that the
// province totals 16.2 criteria per commune.
func endTwenty(out map[string]*[nPeriods]set) error {
	r := rng("end-2020")
	total := 0
	var others []string
	for _, c := range communes {
		switch {
		case recognisedAt(c.Code, p2020):
			total += 19 - len(slipped(c.Code, p2020))
		case c.Code == codeDebt || c.Code == codeSatisfaction:
			out[c.Code][p2020] = all19
			total += 19
		default:
			out[c.Code][p2020] = out[c.Code][p2020H1]
			total += out[c.Code][p2020].count()
			others = append(others, c.Code)
		}
	}
	for guard := 0; total < y2020Total; guard++ {
		if guard > 100000 {
			return fmt.Errorf("gen: cannot reach %d criteria at end-2020", y2020Total)
		}
		code := others[r.IntN(len(others))]
		s := out[code][p2020]
		if s.count() >= 18 {
			continue
		}
		out[code][p2020] = s.with(pickWeighted(r, all19&^s, func(c int) float64 { return 1 / difficulty[c] }))
		total++
	}
	if total != y2020Total {
		return fmt.Errorf("gen: end-2020 total %d exceeds %d before any gain", total, y2020Total)
	}
	return nil
}

// backwards derives period p from p+1 for the communes not recognised at p: each loses a few
// criteria going back in time (the hardest first), keeping at least 14 when the commune is in the
// next year's plan (the registration threshold [R4]), except Trần Thới and Tân Phú, which had
// fewer than 14 when chosen for the 2019 plan [C13].
func backwards(out map[string]*[nPeriods]set, p int) {
	year := periods[p].Year
	for _, c := range communes {
		code := c.Code
		if recognisedAt(code, p) {
			continue
		}
		next := out[code][p+1]
		if recognisedAt(code, p+1) {
			next = all19 // the structure behind the slips
		}
		r := rng("backwards", code, periods[p].String())
		d := 0
		switch x := r.Float64(); {
		case p == p2019:
			if x < 0.4 {
				d = 1
			}
		case x < 0.3:
		case x < 0.75:
			d = 1
		default:
			d = 2
		}
		if next == all19 && d == 0 {
			d = 1 // not recognised: not all met
		}
		floor := 5
		if inPlan(code, year+1) {
			floor = 14
		}
		if code == "32041" { // Hòa Tân: one criterion short in 2017 and 2018
			d = 0
			if p == p2018 {
				d = 1
			}
		}
		if year == 2018 && (code == codeTranThoi || code == codeTanPhu) {
			d = next.count() - 13
			floor = 13
		}
		s := next
		for range d {
			if s.count() <= floor {
				break
			}
			s = s.minus(pickWeighted(r, s, func(c int) float64 { return difficulty[c] }))
		}
		out[code][p] = s
	}
}

// pickWeighted draws one criterion of s with the given weight.
func pickWeighted(r *rand.Rand, s set, weight func(int) float64) int {
	cs := s.list()
	total := 0.0
	for _, c := range cs {
		total += weight(c)
	}
	x := r.Float64() * total
	for _, c := range cs {
		x -= weight(c)
		if x < 0 {
			return c
		}
	}
	return cs[len(cs)-1]
}
