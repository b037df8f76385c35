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
	Code     string // the commune's code; for a district, the district as the inputs name it
	Name     string
	District string // the commune's district ("" for a district, and for a commune whose input names none)
	Label    criteria.Text
	Period   criteria.Period

	// Criteria counts (for a district: sums over its communes).
	Criteria, Met, NotMet, Unknown int

	AllMet          criteria.Truth // meets every criterion (communes)
	Recognised      bool           // holds the ruleset's title in the period (communes; for a district: every commune recognised)
	RecognisedYear  int            // the year of the title held (communes; 0 when not recognised)
	Slipped         criteria.Truth // recognised but no longer all met (communes)
	HasPrevious     bool           // a previous period was compared (communes)
	Gained, Lost    []string       // criteria gained and lost since the previous period (communes)
	NewlyRecognised bool           // recognised now, not in the previous period (communes)

	Lines []Line
	Total Ratio // a commune's total (Den 1); a district's sum of totals over its communes, or their average

	Class *Class // nil when the scheme declares no classes
	Band  *Band  // the reporting band by the criteria met now (communes; nil when the scheme declares no bands)

	Scope string // "" for a province-wide ranking, else the district ranked within ("" again for the communes without a district)
	Rank  int    // 1-based, within the scope (0 until ranked)
	Tied  bool   // shares its rank with another unit

	Stats *DistrictStats // for districts: the aggregate of their communes
}

// Score scores one commune's input (with its previous period, when it carries one). The score
// is not ranked (Rank is 0) and carries the scheme's class and band.
func (s *Scheme) Score(in Input) (*Score, error) {
	s = s.core
	if !in.layout.same(s.layout) {
		return nil, criteria.ErrorList{inputErr(in.Code, "the input is not of the ruleset %s the scheme %s scores", s.ref, s.ID)}
	}
	u := s.score(&in, 0)
	sc := s.communeScore(&in, &u, SubjectCommune)
	return &sc, nil
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
	case r.Ruleset.IsZero() || r.Ruleset.Ref() != s.ref:
		got := "no ruleset"
		if !r.Ruleset.IsZero() {
			got = r.Ruleset.Ref()
		}
		*errs = append(*errs, inputErr(r.Unit.Code, "the %s is of %s; the scheme scores %s", what, got, s.ref))
	case len(r.Criteria) != len(s.ids):
		*errs = append(*errs, inputErr(r.Unit.Code, "the %s has %d criteria; %s has %d", what, len(r.Criteria), s.ref, len(s.ids)))
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

// Fact lines: their rules and labels.
var (
	labelUnknown    = criteria.Text{VI: "Tiêu chí chưa rõ (thiếu số liệu; không tính điểm)", EN: "Criteria unknown (data missing; no points)"}
	labelRecognised = criteria.Text{VI: "Đạt chuẩn (được công nhận) trong kỳ", EN: "Recognised in the period"}
	labelNewly      = criteria.Text{VI: "Mới được công nhận đạt chuẩn so với kỳ trước", EN: "Newly recognised since the previous period"}
	labelGained     = criteria.Text{VI: "Tiêu chí tăng thêm so với kỳ trước", EN: "Criteria gained since the previous period"}
	labelLost       = criteria.Text{VI: "Trừ điểm: tiêu chí bị rớt so với kỳ trước", EN: "Deduction: criteria lost since the previous period"}
	labelSlipped    = criteria.Text{VI: "Trừ điểm: đã đạt chuẩn nhưng có tiêu chí rớt chuẩn", EN: "Deduction: recognised but no longer meets every criterion"}
)

// scoreOf builds the score of a ranked unit.
func (s *Scheme) scoreOf(r *Ranking, u *unitScore) Score {
	var sc Score
	if !r.districts() {
		subj := r.rule.Subject
		in := r.inputs.at(int(u.idx))
		sc = s.communeScore(&in, u, subj)
		if r.rule.Scope == ScopeDistrict {
			sc.Scope = sc.District
		}
	} else {
		d := &r.dists[u.idx]
		sc = s.districtScoreOf(d, u, r.rule.Subject, r.inputs, d.den(r.rule.Total))
	}
	sc.Rank, sc.Tied = int(u.rank), u.tied
	return sc
}

// communeScore builds a commune's score with its breakdown: a line per "criteria met" rule
// that counts, the unknown criteria, then the facts (recognised, newly recognised, criteria
// gained and lost, slipped), each listing the criteria it counts.
func (s *Scheme) communeScore(in *Input, u *unitScore, subj Subject) Score {
	sc := Score{Subject: subj, Code: in.Code, Name: in.Name, District: in.District, Period: in.Period,
		Label: s.words.unitLabel(subj, in.Name), Criteria: in.Met + in.NotMet + in.Unknown, Met: in.Met, NotMet: in.NotMet, Unknown: in.Unknown,
		AllMet: in.AllMet, Recognised: in.Recognised, RecognisedYear: in.RecognisedYear, Slipped: in.Slipped,
		HasPrevious: in.prev.has, NewlyRecognised: u.newly, Total: DecimalRatio(s.fixedDecimal(u.total))}
	var gainedMask, lostMask [MaxCriteria / 64]uint64
	if in.prev.has {
		gainedMask, lostMask = in.now.gained(&in.prev.now), in.now.lost(&in.prev.now)
		sc.Gained, sc.Lost = s.idsIn(&gainedMask), s.idsIn(&lostMask)
	}
	pt := &s.Points
	for l := range s.lines {
		var m [MaxCriteria / 64]uint64
		for w := range m {
			m[w] = in.now.met[w] & s.lineMask[l][w]
		}
		if c := popcount(m); c > 0 {
			lr := &s.lines[l]
			sc.Lines = append(sc.Lines, Line{Rule: lr.rule, Label: lr.label, Count: c, Each: lr.each,
				Points: s.fixedDecimal(int64(c) * lr.eachFx), Criteria: s.idsIn(&m), ord: l})
		}
	}
	if in.Unknown > 0 {
		var m [MaxCriteria / 64]uint64
		for w := range m {
			m[w] = s.allMask[w] &^ (in.now.met[w] | in.now.notMet[w])
		}
		sc.Lines = append(sc.Lines, Line{Rule: "unknown", Label: labelUnknown, Count: in.Unknown, Each: decimal.Zero,
			Points: decimal.Zero, Criteria: s.idsIn(&m), ord: ordUnknown})
	}
	fact := func(rule string, label criteria.Text, count int, each decimal.Decimal, eachFx int64, crit []string, ord int) {
		if count > 0 && !each.IsZero() {
			sc.Lines = append(sc.Lines, Line{Rule: rule, Label: label, Count: count, Each: each,
				Points: s.fixedDecimal(int64(count) * eachFx), Criteria: crit, ord: ord})
		}
	}
	if in.Recognised {
		fact("recognised", labelRecognised, 1, pt.Recognised, s.fx.recognised, nil, ordRecognised)
	}
	if u.newly {
		fact("newly_recognised", labelNewly, 1, pt.NewlyRecognised, s.fx.newly, nil, ordNewlyRecognised)
	}
	fact("criterion_gained", labelGained, int(u.gained), pt.CriterionGained, s.fx.gained, sc.Gained, ordGained)
	fact("criterion_lost", labelLost, int(u.lost), pt.CriterionLost.Neg(), s.fx.lost, sc.Lost, ordLost)
	if in.Slipped == criteria.Yes {
		fact("slipped", labelSlipped, 1, pt.Slipped.Neg(), s.fx.slipped, nil, ordSlipped)
	}
	sc.Class, sc.Band = s.classAt(u.class), s.bandAt(u.band)
	return sc
}

// districtScoreOf builds an aggregated district's score: its statistics, and each line of its
// communes' breakdowns summed (a rule's points are the same for every commune, so a
// district's line is the rule's points times the summed count).
func (s *Scheme) districtScoreOf(d *districtAgg, u *unitScore, subj Subject, t table, den int64) Score {
	st := d.stats(s, t)
	sc := Score{Subject: subj, Code: d.name, Name: d.name, Label: s.words.unitLabel(subj, d.name), Period: t.at(int(d.members[0])).Period,
		Criteria: d.crit, Met: d.met, NotMet: d.notMet, Unknown: d.unknown, Slipped: criteria.No, Recognised: u.recognised,
		Stats: &st, Total: NewRatio(st.Points, den)}
	pt := &s.Points
	add := func(rule string, label criteria.Text, count int64, each decimal.Decimal, ord int) {
		if count > 0 {
			sc.Lines = append(sc.Lines, Line{Rule: rule, Label: label, Count: int(count), Each: each,
				Points: each.Mul(decimal.NewFromInt(count)), ord: ord})
		}
	}
	for l := range s.lines {
		add(s.lines[l].rule, s.lines[l].label, d.lineCounts[l], s.lines[l].each, l)
	}
	add("unknown", labelUnknown, d.unknownN, decimal.Zero, ordUnknown)
	facts := []struct {
		rule  string
		label criteria.Text
		n     int64
		each  decimal.Decimal
		ord   int
	}{
		{"recognised", labelRecognised, d.recognisedN, pt.Recognised, ordRecognised},
		{"newly_recognised", labelNewly, d.newlyN, pt.NewlyRecognised, ordNewlyRecognised},
		{"criterion_gained", labelGained, d.gainedN, pt.CriterionGained, ordGained},
		{"criterion_lost", labelLost, d.lostN, pt.CriterionLost.Neg(), ordLost},
		{"slipped", labelSlipped, d.slipN, pt.Slipped.Neg(), ordSlipped},
	}
	for _, f := range facts {
		if !f.each.IsZero() {
			add(f.rule, f.label, f.n, f.each, f.ord)
		}
	}
	sortLines(sc.Lines)
	sc.Class = s.classAt(u.class)
	return sc
}

// idsIn returns the ids of the criteria in a mask, in ruleset order.
func (s *Scheme) idsIn(m *[MaxCriteria / 64]uint64) []string { return s.layout.idsIn(m) }

// classAt returns a copy of the i-th class (nil for -1), so that no score shares the scheme's.
func (s *Scheme) classAt(i int16) *Class {
	if i < 0 {
		return nil
	}
	c := s.Classes[i]
	c.Range = c.Range.clone()
	return &c
}

// bandAt returns a copy of the i-th band (nil for -1).
func (s *Scheme) bandAt(i int16) *Band {
	if i < 0 {
		return nil
	}
	b := s.BandRules.ByMet[i]
	b.Range = b.Range.clone()
	return &b
}

// Class returns a class by id.
func (s *Scheme) Class(id string) (*Class, bool) {
	s = s.core
	for i := range s.Classes {
		if s.Classes[i].ID == id {
			return s.classAt(int16(i)), true
		}
	}
	return nil, false
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

// sortLines orders a breakdown canonically.
func sortLines(ls []Line) {
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].ord < ls[j].ord })
}
