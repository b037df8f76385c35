package scoring

import (
	"fmt"
	"sort"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// Line is one line of a score's breakdown: a rule of the scheme, how many times it applied,
// the points each time and the points it produced. The lines of a score add up to its total
// (a district's lines add up to the sum of its communes' totals; see Score.Total).
type Line struct {
	Rule     string          // met, met:<annotation>=<value>, met:criterion=<id>, unknown, recognised, newly_recognised, criterion_gained, criterion_lost, slipped
	Label    criteria.Text   // what the line counts, in Vietnamese and English
	Count    int             // criteria counted, or 1 for a fact about the unit (communes, for a district)
	Each     decimal.Decimal // points each time (negative for a deduction)
	Points   decimal.Decimal // Count × Each
	Criteria []string        // the criteria counted, in ruleset order (communes only)
	ord      int
}

// Line order: the "criteria met" lines come first, in the scheme's order (ord < 100).
const (
	ordUnknown = 100 + iota
	ordRecognised
	ordNewlyRecognised
	ordGained
	ordLost
	ordSlipped
)

// Score is the scored and, once ranked, placed result of one unit: a commune, a commune Front
// committee, a district or a district Front committee.
type Score struct {
	Subject  Subject
	Code     string // the commune's code; for a district, the district as the results name it
	Name     string
	District string // the commune's district ("" for a district, and for a commune whose result names none)
	Label    criteria.Text
	Period   criteria.Period

	// Criteria counts (for a district: sums over its communes).
	Criteria, Met, NotMet, Unknown int

	AllMet          criteria.Truth // meets every criterion (communes)
	Recognised      bool           // holds the ruleset's title in the period (communes; for a district: every commune recognised)
	Slipped         criteria.Truth // recognised but no longer all met (communes)
	HasPrevious     bool           // a previous-period result was compared (communes)
	Gained, Lost    []string       // criteria gained and lost since the previous period (communes)
	NewlyRecognised bool           // recognised now, not in the previous period (communes)

	Lines []Line
	Total Ratio // a commune's total (Den 1); a district's sum of totals over its communes, or their average

	Class *Class // nil when the scheme declares no classes
	Band  *Band  // the reporting band by the criteria met now (communes; nil when the scheme declares no bands)

	Scope string // "" for a province-wide ranking, else the district ranked within ("" again for the communes without a district)
	Rank  int    // 1-based, within the scope (0 until ranked)
	Tied  bool   // shares its rank with another unit

	Stats  *DistrictStats   // for districts: the aggregate of their communes
	Result *criteria.Result // for communes: the result scored

	fx    int64 // the total in fixed point (communes of a fixed-point scheme)
	hasFx bool
}

// Score scores one commune's result, comparing it with its previous-period result when prev is
// not nil. The score is not ranked (Rank is 0) and carries the scheme's class and band.
func (s *Scheme) Score(res, prev *criteria.Result) (*Score, error) {
	var errs criteria.ErrorList
	s.checkResult(res, "result", &errs)
	if prev != nil {
		s.checkResult(prev, "previous result", &errs)
		if len(errs) == 0 {
			if prev.Unit.Code != res.Unit.Code {
				errs = append(errs, inputErr(res.Unit.Code, "the previous result is of unit %q", prev.Unit.Code))
			} else if !prev.Unit.Period.Before(res.Unit.Period) {
				errs = append(errs, inputErr(res.Unit.Code, "the previous result's period %s is not before %s", prev.Unit.Period, res.Unit.Period))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sc := &Score{}
	s.scoreCommune(sc, Communes, res, prev, nil)
	s.place(sc)
	return sc, nil
}

func inputErr(code, format string, args ...any) *criteria.Error {
	e := &criteria.Error{Code: CodeInput, Message: fmt.Sprintf(format, args...)}
	if code != "" {
		e.Path = "unit " + code
	}
	return e
}

// checkResult reports a result the scheme cannot score.
func (s *Scheme) checkResult(r *criteria.Result, what string, errs *criteria.ErrorList) {
	switch {
	case r == nil:
		*errs = append(*errs, inputErr("", "a %s is nil", what))
	case r.Ruleset.IsZero() || r.Ruleset.Ref() != s.rs.Ref():
		got := "no ruleset"
		if !r.Ruleset.IsZero() {
			got = r.Ruleset.Ref()
		}
		*errs = append(*errs, inputErr(r.Unit.Code, "the %s is of %s; the scheme scores %s", what, got, s.rs.Ref()))
	case len(r.Criteria) != len(s.ids):
		*errs = append(*errs, inputErr(r.Unit.Code, "the %s has %d criteria; %s has %d", what, len(r.Criteria), s.rs.Ref(), len(s.ids)))
	}
}

// critIndex returns the scheme's index of the i-th criterion of a result (-1 if unknown).
func (s *Scheme) critIndex(r *criteria.Result, i int) int {
	c := r.Criteria[i].Criterion
	if c.IsZero() {
		return -1
	}
	if i < len(s.ids) && s.ids[i] == c.ID() {
		return i
	}
	if k, ok := s.crit[c.ID()]; ok {
		return k
	}
	return -1
}

func met(st criteria.Status) bool { return st == criteria.Met || st == criteria.NotApplicable }

// Fact lines: their rules and labels.
var (
	labelUnknown    = criteria.Text{VI: "Tiêu chí chưa rõ (thiếu số liệu; không tính điểm)", EN: "Criteria unknown (data missing; no points)"}
	labelRecognised = criteria.Text{VI: "Đạt chuẩn (được công nhận) trong kỳ", EN: "Recognised in the period"}
	labelNewly      = criteria.Text{VI: "Mới được công nhận đạt chuẩn so với kỳ trước", EN: "Newly recognised since the previous period"}
	labelGained     = criteria.Text{VI: "Tiêu chí tăng thêm so với kỳ trước", EN: "Criteria gained since the previous period"}
	labelLost       = criteria.Text{VI: "Trừ điểm: tiêu chí bị rớt so với kỳ trước", EN: "Deduction: criteria lost since the previous period"}
	labelSlipped    = criteria.Text{VI: "Trừ điểm: đã đạt chuẩn nhưng có tiêu chí rớt chuẩn", EN: "Deduction: recognised but no longer meets every criterion"}
)

// Criterion classes while scoring one commune.
const (
	cMet uint8 = 1 << iota
	cNotMet
	cUnknown
	cGained
	cLost
)

// scoreCommune fills sc with the score of one commune result (prev may be nil). It makes one
// pass to classify the criteria and a second to fill the lines, so that the criteria ids of
// every line share one allocation.
func (s *Scheme) scoreCommune(sc *Score, subj Subject, res, prev *criteria.Result, cache *totalCache) {
	u := res.Unit
	*sc = Score{Subject: subj, Code: u.Code, Name: u.Name, District: districtOf(u.District), Period: u.Period,
		Label: unitLabel(subj, u.Name), Criteria: len(res.Criteria), Recognised: res.Recognised(),
		AllMet: res.AllMet, Slipped: res.Slipped, Result: res, HasPrevious: prev != nil}
	n := len(s.ids)
	var kbuf [64]int
	var cbuf [64]uint8
	var wbuf [64]criteria.Status
	kidx, class, was := kbuf[:0], cbuf[:0], wbuf[:0]
	if n <= len(kbuf) {
		kidx, class, was = kbuf[:n], cbuf[:n], wbuf[:n]
	} else {
		kidx, class, was = make([]int, n), make([]uint8, n), make([]criteria.Status, n)
	}
	for i := range kidx {
		kidx[i], class[i] = -1, 0
	}
	if prev != nil {
		for i := range was {
			was[i] = criteria.Unknown
		}
		for i := range prev.Criteria {
			if k := s.critIndex(prev, i); k >= 0 {
				was[k] = prev.Criteria[i].Status
			}
		}
	}
	var small [8]int
	counts := small[:0]
	if len(s.lines) <= len(small) {
		counts = small[:len(s.lines)]
	} else {
		counts = make([]int, len(s.lines))
	}
	nGained, nLost := 0, 0
	for i := range res.Criteria {
		k := s.critIndex(res, i)
		if k < 0 || kidx[k] >= 0 {
			continue
		}
		kidx[k] = i
		st := res.Criteria[i].Status
		var c uint8
		switch {
		case met(st):
			c = cMet
			sc.Met++
			counts[s.group[k]]++
		case st == criteria.NotMet:
			c = cNotMet
			sc.NotMet++
		default:
			c = cUnknown
			sc.Unknown++
		}
		if prev != nil {
			switch {
			case c == cMet && was[k] == criteria.NotMet:
				c |= cGained
				nGained++
			case c == cNotMet && met(was[k]):
				c |= cLost
				nLost++
			}
		}
		class[k] = c
	}
	// One buffer for the criteria of every line: met lines, unknown, gained, lost.
	ids := make([]string, sc.Met+sc.Unknown+nGained+nLost)
	var obuf, fbuf [8]int
	off, fill := obuf[:0], fbuf[:0]
	if len(counts) > len(obuf) {
		off, fill = make([]int, 0, len(counts)), make([]int, 0, len(counts))
	}
	pos := 0
	for _, c := range counts {
		off = append(off, pos)
		fill = append(fill, pos)
		pos += c
	}
	offUnknown, offGained, offLost := pos, pos+sc.Unknown, pos+sc.Unknown+nGained
	fu, fg, fl := offUnknown, offGained, offLost
	for k := 0; k < n; k++ {
		c := class[k]
		switch {
		case c&cMet != 0:
			g := s.group[k]
			ids[fill[g]] = s.ids[k]
			fill[g]++
		case c&cUnknown != 0:
			ids[fu] = s.ids[k]
			fu++
		}
		if c&cGained != 0 {
			ids[fg] = s.ids[k]
			fg++
		}
		if c&cLost != 0 {
			ids[fl] = s.ids[k]
			fl++
		}
	}
	if nGained > 0 {
		sc.Gained = ids[offGained : offGained+nGained : offGained+nGained]
	}
	if nLost > 0 {
		sc.Lost = ids[offLost : offLost+nLost : offLost+nLost]
	}
	sc.NewlyRecognised = prev != nil && sc.Recognised && !prev.Recognised()

	nLines := 0
	for _, c := range counts {
		if c > 0 {
			nLines++
		}
	}
	sc.Lines = make([]Line, 0, nLines+6)
	var totalFx int64
	pt := &s.Points
	add := func(rule string, label criteria.Text, count int, each decimal.Decimal, times []decimal.Decimal, eachFx int64, crit []string, ord int) {
		l := Line{Rule: rule, Label: label, Count: count, Each: each, Criteria: crit, ord: ord}
		switch {
		case count == 1:
			l.Points = each
		case count < len(times):
			l.Points = times[count]
		default:
			l.Points = each.Mul(decimal.NewFromInt(int64(count)))
		}
		totalFx += eachFx * int64(count)
		sc.Lines = append(sc.Lines, l)
	}
	for g, c := range counts {
		if c == 0 {
			continue
		}
		lr := &s.lines[g]
		add(lr.rule, lr.label, c, lr.each, lr.times, lr.eachFx, ids[off[g]:off[g]+c:off[g]+c], g)
	}
	if sc.Unknown > 0 {
		sc.Lines = append(sc.Lines, Line{Rule: "unknown", Label: labelUnknown, Count: sc.Unknown, Each: decimal.Zero,
			Points: decimal.Zero, Criteria: ids[offUnknown : offUnknown+sc.Unknown : offUnknown+sc.Unknown], ord: ordUnknown})
	}
	if sc.Recognised && !pt.Recognised.IsZero() {
		add("recognised", labelRecognised, 1, pt.Recognised, nil, s.fx.recognised, nil, ordRecognised)
	}
	if sc.NewlyRecognised && !pt.NewlyRecognised.IsZero() {
		add("newly_recognised", labelNewly, 1, pt.NewlyRecognised, nil, s.fx.newly, nil, ordNewlyRecognised)
	}
	if nGained > 0 && !pt.CriterionGained.IsZero() {
		add("criterion_gained", labelGained, nGained, pt.CriterionGained, s.gainedTimes, s.fx.gained, sc.Gained, ordGained)
	}
	if nLost > 0 && !pt.CriterionLost.IsZero() {
		add("criterion_lost", labelLost, nLost, s.negLost, s.lostTimes, s.fx.lost, sc.Lost, ordLost)
	}
	if res.Slipped == criteria.Yes && !pt.Slipped.IsZero() {
		add("slipped", labelSlipped, 1, s.negSlipped, nil, s.fx.slipped, nil, ordSlipped)
	}
	if s.fixed {
		sc.fx, sc.hasFx = totalFx, true
		sc.Total = DecimalRatio(cache.decimal(totalFx, s.scale))
		return
	}
	total := decimal.Zero
	for i := range sc.Lines {
		total = total.Add(sc.Lines[i].Points)
	}
	sc.Total = DecimalRatio(total)
}

// place sets a score's class and band.
func (s *Scheme) place(sc *Score) {
	if sc.hasFx && s.fixed {
		sc.Class = nil
		for i := range s.classFx {
			if s.classFx[i].contains(sc.fx) {
				sc.Class = &s.Classes[i]
				break
			}
		}
	} else {
		sc.Class = s.classOf(sc.Total)
	}
	if sc.Subject.IsDistrict() {
		return
	}
	sc.Band = s.bandOf(sc.Met)
}

// classOf returns the class a total earns (nil when the scheme declares no classes).
func (s *Scheme) classOf(total Ratio) *Class {
	for i := range s.Classes {
		if s.Classes[i].Range.Contains(total) {
			return &s.Classes[i]
		}
	}
	return nil
}

// bandOf returns the reporting band of a commune meeting metCount criteria now, whether or not
// it is recognised (nil when the scheme declares no bands).
func (s *Scheme) bandOf(metCount int) *Band {
	for i := range s.BandRules.ByMet {
		if s.BandRules.ByMet[i].Range.ContainsInt(metCount) {
			return &s.BandRules.ByMet[i]
		}
	}
	return nil
}

// classRank returns the position of a class from the lowest (0) up; -1 for none.
func (s *Scheme) classRank(id string) int {
	for i := range s.Classes {
		if s.Classes[i].ID == id {
			return len(s.Classes) - 1 - i
		}
	}
	return -1
}

// Class returns a class by id.
func (s *Scheme) Class(id string) (*Class, bool) {
	for i := range s.Classes {
		if s.Classes[i].ID == id {
			return &s.Classes[i], true
		}
	}
	return nil, false
}

// sortLines orders a breakdown canonically.
func sortLines(ls []Line) {
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].ord < ls[j].ord })
}

// totalCache shares the decimal of each distinct fixed-point total within one ranking (many
// communes share a total), so scoring allocates one decimal per distinct total.
type totalCache struct {
	m map[int64]decimal.Decimal
}

func (c *totalCache) decimal(fx int64, scale int32) decimal.Decimal {
	if c == nil {
		return decimal.New(fx, -scale)
	}
	if d, ok := c.m[fx]; ok {
		return d
	}
	d := decimal.New(fx, -scale)
	c.m[fx] = d
	return d
}
