package scoring

import (
	"cmp"
	"slices"

	"github.com/nongthonmoi/ntm/internal/i128"

	"github.com/nongthonmoi/ntm/criteria"
)

// districtAgg is the communes of one district, aggregated: the counts a district score and
// its statistics need, and the counts of each line of its breakdown.
type districtAgg struct {
	name                                  string
	communes, recognised, allMet, slipped int
	met, notMet, unknown, crit            int
	total                                 int64 // the sum of the communes' totals, fixed point
	members                               []int32
	lineCounts                            []int64 // per "criteria met" line of the scheme
	unknownN, recognisedN, newlyN, slipN  int64
	gainedN, lostN                        int64
}

// aggregate groups the scored communes by district, in code order of the communes; the
// communes without a district are left out, or grouped under "" when keepNoDistrict is set.
// The districts come out in district order (code order, "" last).
func (s *Scheme) aggregate(sd *scored, keepNoDistrict bool) []districtAgg {
	at := map[string]int{}
	var out []districtAgg
	for _, i := range sd.order {
		in, u := sd.t.at(int(i)), &sd.units[i]
		if in.District == "" && !keepNoDistrict {
			continue
		}
		k, ok := at[in.District]
		if !ok {
			k = len(out)
			at[in.District] = k
			out = append(out, districtAgg{name: in.District, lineCounts: make([]int64, len(s.lines))})
		}
		d := &out[k]
		d.communes++
		d.members = append(d.members, int32(i))
		if in.Recognised {
			d.recognised++
			d.recognisedN++
		}
		if in.AllMet == criteria.Yes {
			d.allMet++
		}
		if in.Slipped == criteria.Yes {
			d.slipped++
			d.slipN++
		}
		d.met += in.Met
		d.notMet += in.NotMet
		d.unknown += in.Unknown
		d.crit += in.Met + in.NotMet + in.Unknown
		d.total += u.total
		for l := range s.lines {
			d.lineCounts[l] += int64(in.now.count(&s.lineMask[l]))
		}
		d.unknownN += int64(in.Unknown)
		d.gainedN += int64(u.gained)
		d.lostN += int64(u.lost)
		if u.newly {
			d.newlyN++
		}
	}
	slices.SortStableFunc(out, func(a, b districtAgg) int { return cmpDistrict(a.name, b.name) })
	return out
}

// districtScore is the unit score of an aggregated district.
func (d *districtAgg) districtScore(s *Scheme, mode DistrictTotal, i int) unitScore {
	u := unitScore{total: d.total, recognised: d.communes > 0 && d.recognised == d.communes, band: -1, idx: int32(i)}
	u.class = s.classIndex(u.total, d.den(mode))
	return u
}

// den is what a district's total is divided by to rank and class it: its communes when it is
// ranked by their average, else 1.
func (d *districtAgg) den(mode DistrictTotal) int64 {
	if mode == TotalAverage && d.communes > 0 {
		return int64(d.communes)
	}
	return 1
}

// districts reports whether the ranking ranks districts (its units index r.dists) rather than
// communes (its units index r.inputs).
func (r *Ranking) districts() bool { return r.rule.Subject.IsDistrict() }

// stats turns an aggregate into the exported statistics of a district.
func (d *districtAgg) stats(s *Scheme, t table) DistrictStats {
	st := DistrictStats{District: d.name, Communes: d.communes, Recognised: d.recognised, AllMet: d.allMet, Slipped: d.slipped,
		Met: d.met, Criteria: d.crit, Points: s.fixedDecimal(d.total)}
	for _, i := range d.members {
		in := t.at(int(i))
		st.Codes = append(st.Codes, in.Code)
		if !in.Recognised {
			st.NotRecognised = append(st.NotRecognised, in.Code)
		}
	}
	return st
}

// frac is an exact key value num/den (den > 0).
type frac struct{ num, den int64 }

func (a frac) cmp(b frac) int {
	if a.den == b.den {
		return cmp.Compare(a.num, b.num)
	}
	return i128.Cmp(i128.Mul(a.num, b.den), i128.Mul(b.num, a.den))
}

func whole(n int) frac { return frac{num: int64(n), den: 1} }

func boolKey(b bool) frac {
	if b {
		return frac{num: 1, den: 1}
	}
	return frac{den: 1}
}

// keyOf is a ranking key's value for a unit.
func (r *Ranking) keyOf(u *unitScore, key string) frac {
	if r.districts() {
		d := &r.dists[u.idx]
		n := int64(max(d.communes, 1))
		switch key {
		case "total":
			return frac{num: u.total, den: d.den(r.rule.Total)}
		case "share_recognised":
			return frac{num: int64(d.recognised), den: n}
		case "share_all_met":
			return frac{num: int64(d.allMet), den: n}
		case "average_met":
			return frac{num: int64(d.met), den: n}
		case "recognised":
			return whole(d.recognised)
		case "communes":
			return whole(d.communes)
		}
		return frac{den: 1}
	}
	in := r.inputs.at(int(u.idx))
	return communeKey(u, &in, key)
}

// communeKey is a ranking key's value for a commune.
func communeKey(u *unitScore, in *Input, key string) frac {
	switch key {
	case "total":
		return frac{num: u.total, den: 1}
	case "met":
		return whole(in.Met)
	case "not_met":
		return whole(in.NotMet)
	case "unknown":
		return whole(in.Unknown)
	case "recognised":
		return boolKey(u.recognised)
	case "gained":
		return whole(int(u.gained))
	case "lost":
		return whole(int(u.lost))
	}
	return frac{den: 1}
}

// code is the unit's code for ordering: a commune's code, a district's name.
func (r *Ranking) code(u *unitScore) string {
	if r.districts() {
		return r.dists[u.idx].name
	}
	return r.inputs.code(int(u.idx))
}

// rankUnits sorts the ranking's units by scope, keys and code, and numbers them within each
// scope. It keeps, besides the units, one key value per unit and key (8 bytes for communes,
// whose keys are whole numbers) and an order of 4 bytes per unit: the units are permuted in
// place.
func (s *Scheme) rankUnits(r *Ranking) {
	r.setScopes()
	units, keys := r.units, r.rule.Order
	n, k := len(units), len(keys)
	var cmpKeys func(a, b int) int
	if r.districts() {
		vals := make([]frac, n*k)
		for i := range units {
			for j, key := range keys {
				vals[i*k+j] = r.keyOf(&units[i], key.Key)
			}
		}
		cmpKeys = func(a, b int) int {
			for j, key := range keys {
				if c := vals[a*k+j].cmp(vals[b*k+j]); c != 0 {
					return key.dir(c)
				}
			}
			return 0
		}
	} else { // a commune's keys are whole numbers (den 1)
		vals := make([]int64, n*k)
		for i := range units {
			in := r.inputs.at(int(units[i].idx))
			for j, key := range keys {
				vals[i*k+j] = communeKey(&units[i], &in, key.Key).num
			}
		}
		cmpKeys = func(a, b int) int {
			for j, key := range keys {
				if c := cmp.Compare(vals[a*k+j], vals[b*k+j]); c != 0 {
					return key.dir(c)
				}
			}
			return 0
		}
	}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(units[a].scope, units[b].scope); c != 0 {
			return c
		}
		if c := cmpKeys(int(a), int(b)); c != 0 {
			return c
		}
		return cmpCode(r.code(&units[a]), r.code(&units[b]))
	})
	// Number the units in sorted order (neighbours compared by their keys), then put them in
	// that order.
	ranks := make([]int32, n)
	tied := make([]bool, n)
	start, distinct := 0, 0
	for pos := range order {
		cur := &units[order[pos]]
		if pos == 0 || cur.scope != units[order[pos-1]].scope {
			start, distinct = pos, 0
		}
		same := pos > start && cmpKeys(int(order[pos-1]), int(order[pos])) == 0
		if !same {
			distinct++
		}
		switch {
		case same:
			ranks[pos] = ranks[pos-1]
			tied[pos], tied[pos-1] = true, true
		case r.rule.Ties == TiesDense:
			ranks[pos] = int32(distinct)
		default:
			ranks[pos] = int32(pos - start + 1)
		}
	}
	permute(units, order)
	for pos := range units {
		units[pos].rank, units[pos].tied = ranks[pos], tied[pos]
	}
}

// dir applies the key's direction to a comparison of its values.
func (k RankKey) dir(c int) int {
	if k.Desc {
		return -c
	}
	return c
}

// permute puts units in the order given (units[i] becomes the unit at order[i]) in place;
// order is consumed.
func permute(units []unitScore, order []int32) {
	for i := range order {
		if order[i] < 0 {
			continue
		}
		// Follow the cycle starting at i.
		first := units[i]
		j := i
		for {
			next := int(order[j])
			order[j] = -1
			if next == i {
				units[j] = first
				break
			}
			units[j] = units[next]
			j = next
		}
	}
}

// setScopes numbers the ranking's scopes: its districts in order when it ranks communes
// within their district, else one scope, the province.
func (r *Ranking) setScopes() {
	units := r.units
	r.scopes = []string{""}
	if r.rule.Scope != ScopeDistrict || r.districts() {
		for i := range units {
			units[i].scope = 0
		}
		return
	}
	seen := map[string]bool{}
	r.scopes = r.scopes[:0]
	for i := range units {
		d := r.inputs.district(int(units[i].idx))
		if !seen[d] {
			seen[d] = true
			r.scopes = append(r.scopes, d)
		}
	}
	slices.SortFunc(r.scopes, cmpDistrict)
	at := make(map[string]int32, len(r.scopes))
	for i, d := range r.scopes {
		at[d] = int32(i)
	}
	for i := range units {
		units[i].scope = at[r.inputs.district(int(units[i].idx))]
	}
}

// subset ranks again some of the ranking's units (by position, in ranking order), within
// districts or across the province as scope says. The units are already in key and code order
// within the ranking's scopes, so when the new scopes are the same or finer (a province-wide
// ranking split by district) they only need a stable sort by scope, and new ranks; only a
// district-wide ranking drawn across the province is sorted again.
func (r *Ranking) subset(positions []int, scope Scope) *Ranking {
	sub := &Ranking{Scheme: r.Scheme, Rule: r.Rule, Period: r.Period, Previous: r.Previous, core: r.core,
		rule: r.rule, inputs: r.inputs, dists: r.dists}
	sub.rule.Scope = scope
	if r.districts() {
		sub.rule.Scope = ScopeProvince
	}
	sub.units = make([]unitScore, len(positions))
	for i, pos := range positions {
		sub.units[i] = r.units[pos]
	}
	if r.rule.Scope == ScopeDistrict && sub.rule.Scope == ScopeProvince && len(r.scopes) > 1 {
		r.core.rankUnits(sub)
		return sub
	}
	sub.setScopes()
	slices.SortStableFunc(sub.units, func(a, b unitScore) int { return cmp.Compare(a.scope, b.scope) })
	sub.renumber()
	return sub
}

// renumber numbers units already in order within each scope, comparing neighbours' keys.
func (r *Ranking) renumber() {
	units, keys := r.units, r.rule.Order
	same := func(a, b *unitScore) bool {
		for _, key := range keys {
			if r.keyOf(a, key.Key).cmp(r.keyOf(b, key.Key)) != 0 {
				return false
			}
		}
		return true
	}
	start, distinct := 0, 0
	for pos := range units {
		units[pos].tied = false
		if pos == 0 || units[pos].scope != units[pos-1].scope {
			start, distinct = pos, 0
		}
		tie := pos > start && same(&units[pos-1], &units[pos])
		if !tie {
			distinct++
		}
		switch {
		case tie:
			units[pos].rank = units[pos-1].rank
			units[pos].tied, units[pos-1].tied = true, true
		case r.rule.Ties == TiesDense:
			units[pos].rank = int32(distinct)
		default:
			units[pos].rank = int32(pos - start + 1)
		}
	}
}
