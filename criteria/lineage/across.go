package lineage

import (
	"context"
	"fmt"
	"slices"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// Input is what Across sets side by side: one period before a reorganisation, by old units,
// and one or more periods after it, by new units, for one province as it is after it.
type Input struct {
	Province string               // the code of the province after the reorganisation ("96": Cà Mau with the former Bạc Liêu)
	Before   []*criteria.Result   // the results of one period before it took effect, by old units
	After    [][]*criteria.Result // the results of each period after it, by new units, in order
}

// Across is a period before a reorganisation set beside periods after it, for a province as
// it is now: by new unit, with each unit's predecessors and what became of their title, and by
// old unit, with its successors. Every result given is in exactly one row or in Outside.
type Across struct {
	Reorganisation *Reorganisation
	Province       Unit   // the province after
	FormedFrom     []Unit // the provinces before it was formed from
	Before         criteria.Period
	After          []criteria.Period
	New            []NewRow // the province's units after, in the lineage's order
	Old            []OldRow // the units before that went (wholly or partly) into them
	Totals         Totals
	Outside        []Outside // results that are not units of the province on their side
}

// NewRow is one unit after the reorganisation.
type NewRow struct {
	Carried                    // its predecessors and what became of their title
	After   []Standing         // its standing in each period after (NotCommune for a ward)
	Results []*criteria.Result // its result in each period after, or nil
}

// OldRow is one unit before the reorganisation.
type OldRow struct {
	Unit       Unit
	Before     Standing
	Result     *criteria.Result // its result before, or nil
	Successors []Successor
}

// Successor is one new unit an old unit went into, with its standing in each period after.
type Successor struct {
	Link
	After []Standing
}

// Outside is a result that Across could not place: its code is not a unit of the province on
// its side of the reorganisation.
type Outside struct {
	Code, Name, Source string
	Period             criteria.Period
	Why                string // in English
	WhyVI              string // the same in Vietnamese
}

// Totals counts the province's units on both sides. Before counts the old communes that went
// into the province; After, for each period after, its communes (the rural denominator:
// wards and special zones are left out and counted apart).
type Totals struct {
	Before Count
	After  []Count
	Cases  map[Case]int // the new communes by case
	// ByFormer splits After by the province the new units were formed from, in the order of
	// FormedFrom (Cà Mau: the former Bạc Liêu part, then the former Cà Mau part); a unit formed
	// from several former provinces, or from one the province was not formed from, is counted
	// in a last part whose Province is zero. It is nil when the lineage links no provinces.
	ByFormer []FormerPart
}

// FormerPart is the units formed from one former province, counted in each period after; the
// last part, whose Province is zero, holds the units formed from several former provinces or
// from one the province was not formed from (and, before, the old units of such provinces).
type FormerPart struct {
	Province Unit  // the province before; zero for units formed from several
	Before   Count // its old communes that went into the province
	After    []Count
}

// Count is the communes of one period by standing.
type Count struct {
	Communes      int // units that are communes: the denominator
	Recognised    int
	NotRecognised int
	NoData        int
	NotRural      int // units left out of the denominator (wards, towns, special zones)
}

// Share returns the share of communes recognised, in percent, as a range: at least Recognised
// over Communes and at most that plus the communes with no data (the same value when every
// commune has data). ok is false when there are no communes.
func (c Count) Share() (low, high decimal.Decimal, ok bool) {
	if c.Communes == 0 {
		return decimal.Zero, decimal.Zero, false
	}
	n := decimal.NewFromInt(int64(c.Communes))
	hundred := decimal.NewFromInt(100)
	low = decimal.NewFromInt(int64(c.Recognised)).Mul(hundred).Div(n)
	high = decimal.NewFromInt(int64(c.Recognised + c.NoData)).Mul(hundred).Div(n)
	return low, high, true
}

// ShareText writes the share for a reader, in the language's number format: "51,2 %", or the
// range "7,3–43,6 %" while communes have no data; "—" with no communes.
func (c Count) ShareText(lang string) string {
	lo, hi, ok := c.Share()
	if !ok {
		return "—"
	}
	f := func(d decimal.Decimal) string {
		n, err := criteria.ParseNumber(d.StringFixed(1))
		if err != nil {
			return d.StringFixed(1)
		}
		return criteria.FormatNumber(n, lang)
	}
	if lo.Equal(hi) {
		return f(lo) + " %"
	}
	return f(lo) + "–" + f(hi) + " %"
}

// GoalState is how a share stands against a goal.
type GoalState uint8

const (
	GoalUnknown GoalState = iota // the communes with no data decide it
	GoalMet
	GoalMissed
)

// Words returns the state in Vietnamese or, for lang "en", in English.
func (g GoalState) Words(lang string) string {
	w := [...][2]string{{"chưa xác định (thiếu số liệu)", "undecided (data missing)"}, {"đạt", "met"}, {"chưa đạt", "missed"}}
	if lang == "en" {
		return w[min(int(g), 2)][1]
	}
	return w[min(int(g), 2)][0]
}

// AgainstShare tells how the share of recognised communes stands against a goal of at least
// atLeast percent: met when even the lowest share reaches it, missed when even the highest
// does not, otherwise unknown; needed is how many more recognised communes would meet it.
func (c Count) AgainstShare(atLeast decimal.Decimal) (state GoalState, needed int) {
	if c.Communes == 0 {
		return GoalUnknown, 0
	}
	// the least number of communes whose share reaches atLeast
	want := atLeast.Mul(decimal.NewFromInt(int64(c.Communes))).Div(decimal.NewFromInt(100)).Ceil().IntPart()
	return c.AgainstNumber(int(want))
}

// AgainstNumber tells how the number of recognised communes stands against a goal of at least
// n: met when the communes recognised reach it, missed when they do not even with every
// commune with no data counted in, otherwise unknown; needed is how many more would meet it.
func (c Count) AgainstNumber(n int) (state GoalState, needed int) {
	needed = max(n-c.Recognised, 0)
	switch {
	case needed == 0:
		return GoalMet, 0
	case c.Recognised+c.NoData < n:
		return GoalMissed, needed
	}
	return GoalUnknown, needed
}

// Across sets the input's period before beside its periods after, for the province. It
// refuses a province the reorganisation does not know, results of several periods in one
// slice, a period before that ends after the reorganisation took effect, and a period after
// that ends before it.
func (r *Reorganisation) Across(ctx context.Context, in Input) (*Across, error) {
	prov, ok := r.New(in.Province)
	if !ok || prov.Level != criteria.LevelProvince {
		// a file that links no provinces still names each new unit's province
		if in.Province == "" || len(r.NewUnits(criteria.LevelCommune, in.Province)) == 0 {
			return nil, fmt.Errorf("%q is not a province after %s", in.Province, r)
		}
		prov = Unit{Code: in.Province, Name: in.Province, Province: in.Province, Level: criteria.LevelProvince, Kind: KindProvince}
	}
	if len(in.After) == 0 {
		return nil, fmt.Errorf("no period after %s to set beside the one before", r)
	}
	a := &Across{Reorganisation: r, Province: prov, After: make([]criteria.Period, len(in.After))}
	for _, l := range r.Predecessors(in.Province) {
		a.FormedFrom = append(a.FormedFrom, l.From)
	}
	var err error
	if a.Before, err = onePeriod(in.Before, "before"); err != nil {
		return nil, err
	}
	if len(in.Before) > 0 && !r.IsBefore(a.Before) {
		return nil, fmt.Errorf("the period before, %s, ends after %s took effect: its data cannot be by the old units", a.Before, r)
	}
	for i, rs := range in.After {
		if a.After[i], err = onePeriod(rs, "after"); err != nil {
			return nil, err
		}
		if len(rs) > 0 && r.IsBefore(a.After[i]) {
			return nil, fmt.Errorf("the period %s ends before %s took effect: its data are by the old units", a.After[i], r)
		}
		for _, q := range a.After[:i] {
			if len(rs) > 0 && overlap(q, a.After[i]) {
				return nil, fmt.Errorf("the periods %s and %s overlap: give one of them (a whole year holds its halves)", q, a.After[i])
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// the province's units after, and the old units that went into them
	news := r.NewUnits(criteria.LevelCommune, in.Province)
	inNew := make(map[string]int, len(news))
	for i, u := range news {
		inNew[u.Code] = i
	}
	before := map[string]*criteria.Result{}
	for _, res := range in.Before {
		if res == nil {
			continue
		}
		c := res.Unit.Code
		if _, dup := before[c]; dup {
			a.Outside = append(a.Outside, outside(res, "the unit is given twice in the period before", "đơn vị có hai dòng trong kỳ trước"))
			continue
		}
		old, ok := r.Old(c)
		switch {
		case !ok || old.Level != criteria.LevelCommune:
			a.Outside = append(a.Outside, outside(res, fmt.Sprintf("%s is not a commune-level unit before %s", c, r),
				fmt.Sprintf("%s không phải mã đơn vị cấp xã trước %s", c, r)))
			continue
		case !SameName(res.Unit.Name, old.Name):
			a.Outside = append(a.Outside, outside(res, fmt.Sprintf("the data name %s %q, the lineage %q: check the code", c, res.Unit.Name, old.Name),
				fmt.Sprintf("dữ liệu ghi mã %s là %q, danh mục ghi %q: kiểm tra lại mã", c, res.Unit.Name, old.Name)))
			continue
		case !r.into(c, in.Province):
			a.Outside = append(a.Outside, outside(res, fmt.Sprintf("%s (%s) did not go into %s", c, old.Name, prov.Name),
				fmt.Sprintf("%s (%s) không thuộc %s sau sắp xếp", c, old.Name, prov.Name)))
			continue
		}
		before[c] = res
	}
	after := make([]map[string]*criteria.Result, len(in.After))
	for i, rs := range in.After {
		after[i] = map[string]*criteria.Result{}
		for _, res := range rs {
			if res == nil {
				continue
			}
			c := res.Unit.Code
			if _, dup := after[i][c]; dup {
				a.Outside = append(a.Outside, outside(res, "the unit is given twice in the period", "đơn vị có hai dòng trong cùng kỳ"))
				continue
			}
			j, ok := inNew[c]
			if !ok {
				why := fmt.Sprintf("%s is not a commune-level unit of %s after %s", c, prov.Name, r)
				whyVI := fmt.Sprintf("%s không phải mã đơn vị cấp xã của %s sau %s", c, prov.Name, r)
				if u, ok := r.Old(c); ok && u.Level == criteria.LevelCommune {
					if _, isNew := r.New(c); !isNew {
						why = fmt.Sprintf("%s (%s) is a unit before %s, not after it", c, u.Name, r)
						whyVI = fmt.Sprintf("%s (%s) là đơn vị trước %s, không phải sau", c, u.Name, r)
					}
				}
				a.Outside = append(a.Outside, outside(res, why, whyVI))
				continue
			}
			if !SameName(res.Unit.Name, news[j].Name) {
				a.Outside = append(a.Outside, outside(res, fmt.Sprintf("the data name %s %q, the lineage %q: check the code", c, res.Unit.Name, news[j].Name),
					fmt.Sprintf("dữ liệu ghi mã %s là %q, danh mục ghi %q: kiểm tra lại mã", c, res.Unit.Name, news[j].Name)))
				continue
			}
			after[i][c] = res
		}
	}
	standing := func(res *criteria.Result, k Kind) Standing {
		switch {
		case k != KindCommune:
			return NotCommune
		case res == nil:
			return NoData
		case res.Recognised():
			return Recognised
		}
		return NotRecognised
	}
	beforeStanding := func(code string) Standing {
		u, _ := r.Old(code)
		return standing(before[code], u.Kind)
	}

	a.Totals.Cases = map[Case]int{}
	a.Totals.After = make([]Count, len(in.After))
	for _, p := range append(slices.Clone(a.FormedFrom), Unit{}) {
		a.Totals.ByFormer = append(a.Totals.ByFormer, FormerPart{Province: p, After: make([]Count, len(in.After))})
	}
	former := func(c Carried) *FormerPart {
		p := c.Predecessors[0].From.Province
		for _, x := range c.Predecessors {
			if x.From.Province != p {
				return &a.Totals.ByFormer[len(a.Totals.ByFormer)-1]
			}
		}
		for i := range a.FormedFrom {
			if a.FormedFrom[i].Code == p {
				return &a.Totals.ByFormer[i]
			}
		}
		return &a.Totals.ByFormer[len(a.Totals.ByFormer)-1]
	}
	oldSeen := map[string]bool{}
	var oldOrder []string
	for _, u := range news {
		c, err := r.Carry(u.Code, beforeStanding)
		if err != nil {
			return nil, err
		}
		row := NewRow{Carried: c, After: make([]Standing, len(in.After)), Results: make([]*criteria.Result, len(in.After))}
		for i := range in.After {
			row.Results[i] = after[i][u.Code]
			row.After[i] = standing(row.Results[i], u.Kind)
			count(&a.Totals.After[i], row.After[i])
			count(&former(c).After[i], row.After[i])
		}
		if u.Kind == KindCommune {
			a.Totals.Cases[c.Case]++
		}
		a.New = append(a.New, row)
		for _, p := range c.Predecessors {
			if p.From.Level == criteria.LevelCommune && !oldSeen[p.From.Code] {
				oldSeen[p.From.Code] = true
				oldOrder = append(oldOrder, p.From.Code)
			}
		}
	}
	slices.Sort(oldOrder)
	for _, code := range oldOrder {
		u, _ := r.Old(code)
		row := OldRow{Unit: u, Result: before[code], Before: standing(before[code], u.Kind)}
		count(&a.Totals.Before, row.Before)
		part := &a.Totals.ByFormer[len(a.Totals.ByFormer)-1]
		for i := range a.FormedFrom {
			if a.FormedFrom[i].Code == u.Province {
				part = &a.Totals.ByFormer[i]
			}
		}
		count(&part.Before, row.Before)
		for _, l := range r.Successors(code) {
			s := Successor{Link: l, After: make([]Standing, len(in.After))}
			for i := range in.After {
				s.After[i] = standing(after[i][l.To.Code], l.To.Kind)
			}
			row.Successors = append(row.Successors, s)
		}
		a.Old = append(a.Old, row)
	}
	last := a.Totals.ByFormer[len(a.Totals.ByFormer)-1]
	switch {
	case len(a.FormedFrom) == 0:
		a.Totals.ByFormer = nil // a file that links no provinces: no parts to split into
	case last.Before == (Count{}) && !slices.ContainsFunc(last.After, func(c Count) bool { return c != Count{} }):
		a.Totals.ByFormer = a.Totals.ByFormer[:len(a.Totals.ByFormer)-1]
	}
	return a, nil
}

// Placed counts the results given that are in a row (the rest are in Outside).
func (a *Across) Placed() int {
	n := 0
	for _, o := range a.Old {
		if o.Result != nil {
			n++
		}
	}
	for _, r := range a.New {
		for _, x := range r.Results {
			if x != nil {
				n++
			}
		}
	}
	return n
}

// into reports whether an old unit went, wholly or in part, into a unit of the province.
func (r *Reorganisation) into(oldCode, province string) bool {
	for _, j := range r.byFrom[oldCode] {
		if r.links[j].To.Province == province {
			return true
		}
	}
	return false
}

func count(c *Count, s Standing) {
	switch s {
	case NotCommune:
		c.NotRural++
		return
	case Recognised:
		c.Recognised++
	case NotRecognised:
		c.NotRecognised++
	case NoData:
		c.NoData++
	}
	c.Communes++
}

func outside(res *criteria.Result, why, whyVI string) Outside {
	return Outside{Code: res.Unit.Code, Name: res.Unit.Name, Source: res.Unit.Source, Period: res.Unit.Period, Why: why, WhyVI: whyVI}
}

func overlap(p, q criteria.Period) bool {
	return p.Year == q.Year && (p.Half == 0 || q.Half == 0 || p.Half == q.Half)
}

func onePeriod(rs []*criteria.Result, side string) (criteria.Period, error) {
	var p criteria.Period
	seen := false
	for _, res := range rs {
		if res == nil {
			continue
		}
		if seen && res.Unit.Period != p {
			return p, fmt.Errorf("the results %s hold two periods (%s and %s): give one period each", side, p, res.Unit.Period)
		}
		p, seen = res.Unit.Period, true
	}
	return p, nil
}
