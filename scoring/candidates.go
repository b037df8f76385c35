package scoring

import (
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// CandidateReport lists the commendation candidates of every rule of a scheme, in file order.
type CandidateReport struct {
	Scheme *Scheme
	Period criteria.Period
	Lists  []CandidateList
}

// CandidateList is the outcome of one commendation rule.
type CandidateList struct {
	Rule      CandidateRule
	Pool      int           // units in the pool (before the class filter), all scopes together
	Eligible  int           // units of the pool that also reach the minimum class (and, within districts, have one)
	Quota     int           // how many the rule allows in each scope (top) or in all (share); -1 for "every eligible unit"
	QuotaNote criteria.Text // how the quota was reached, e.g. "5% × 25 = 1.25 → 1 (rounded down)"
	// NoDistrict lists, in code order, the units of the pool that a rule drawn within districts
	// cannot propose because their result names no district (no district proposes them).
	NoDistrict []string

	// The candidates are kept as their compact scores (32 bytes each) and built when asked, so
	// that a list of a million tied candidates does not hold a million Candidates.
	sub  *Ranking // the eligible units ranked again; its units are the candidates taken
	of   []int32  // eligible units in each of sub's scopes
	base *reasonBase
}

// Len returns how many candidates the list proposes.
func (cl *CandidateList) Len() int {
	if cl.sub == nil {
		return 0
	}
	return len(cl.sub.units)
}

// Candidate returns the i-th candidate (0 ≤ i < Len()), by scope, then rank, then code. It is
// built on each call.
func (cl *CandidateList) Candidate(i int) Candidate {
	u := &cl.sub.units[i]
	sc := cl.sub.core.scoreOf(cl.sub, u)
	c := Candidate{Subject: sc.Subject, Code: sc.Code, Name: sc.Name, District: sc.District, Label: sc.Label,
		Scope: sc.Scope, Rank: sc.Rank, Of: int(cl.of[u.scope]), Total: sc.Total, Class: sc.Class,
		TiedAtCutoff: u.cutoff, base: cl.base}
	if sc.Subject.IsDistrict() && sc.Stats != nil {
		c.districtStats, c.recognised, c.communes = true, sc.Stats.Recognised, sc.Stats.Communes
	}
	return c
}

// Candidates returns the candidates in order (by scope, then rank, then code), each built as
// it is reached: for i, c := range list.Candidates().
func (cl *CandidateList) Candidates() iter.Seq2[int, Candidate] {
	return func(yield func(int, Candidate) bool) {
		for i := range cl.Len() {
			if !yield(i, cl.Candidate(i)) {
				return
			}
		}
	}
}

// Candidate is one unit proposed for commendation, with the reason.
type Candidate struct {
	Subject      Subject
	Code         string
	Name         string
	District     string
	Label        criteria.Text
	Scope        string // "" across the province, else the district
	Rank         int    // the rank within the eligible units of the scope
	Of           int    // eligible units in the scope
	Total        Ratio
	Class        *Class
	TiedAtCutoff bool // tied with the last unit the quota allows; ties at the cut-off are all listed

	base                 *reasonBase // shared by the list; see Reason
	districtStats        bool
	recognised, communes int
}

// Candidates draws the commendation candidates of every rule of the scheme from the rankings
// given (one per subject the rules name). For each rule: the pool (e.g. communes recognised in
// the period), the units of the pool reaching the minimum class, ranked again within the
// rule's scope by the ranking's keys; then the first N per scope, a share of the pool rounded
// as the rule says, or all of them. Units tied with the last one the quota allows are all
// listed, so a tie is never broken by code order when it decides a commendation.
func (s *Scheme) Candidates(rankings ...*Ranking) (*CandidateReport, error) {
	pub, s := s, s.core
	if len(s.CandidateRules) == 0 {
		return nil, criteria.ErrorList{inputErr("", "the scheme %s declares no candidate rules", s.ID)}
	}
	var errs criteria.ErrorList
	rep := &CandidateReport{Scheme: pub}
	for _, rule := range s.CandidateRules {
		var rk *Ranking
		for _, r := range rankings {
			if r != nil && r.rule.Subject == rule.Subject && r.core == s {
				rk = r
			}
		}
		if rk == nil {
			errs = append(errs, inputErr("", "candidate rule %s draws from the %s ranking: pass one made by this scheme (a ranking made by another Scheme value, even of the same file, is not taken)", rule.ID, rule.Subject))
			continue
		}
		if rule.Among == PoolNewlyRecognised && rk.Previous == nil {
			errs = append(errs, inputErr("", "candidate rule %s draws newly recognised units: rank with WithPrevious", rule.ID))
			continue
		}
		if rep.Period == (criteria.Period{}) {
			rep.Period = rk.Period
		} else if rk.Period != rep.Period {
			errs = append(errs, inputErr("", "the rankings are of different periods (%s, %s)", rep.Period, rk.Period))
			continue
		}
		rep.Lists = append(rep.Lists, s.draw(rule, rk))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return rep, nil
}

// unitInPool reports whether a ranked unit belongs to a rule's pool, from its compact score.
func (s *Scheme) unitInPool(rk *Ranking, u *unitScore, pool Pool) bool {
	switch pool {
	case PoolAll:
		return true
	case PoolRecognised, PoolStandard:
		return u.recognised
	case PoolNewlyRecognised:
		return u.newly
	}
	if rk.districts() {
		return false
	}
	in := rk.inputs.at(int(u.idx))
	switch pool {
	case PoolRecognisedInPeriod:
		return in.Recognised && in.RecognisedYear >= s.Periods.From && in.RecognisedYear <= s.Periods.Until
	case PoolAllMet:
		return in.AllMet == criteria.Yes
	}
	return false
}

func (s *Scheme) draw(rule CandidateRule, rk *Ranking) CandidateList {
	cl := CandidateList{Rule: rule, Quota: -1}
	minRank := -1
	if rule.MinClass != "" {
		minRank = s.classRank(rule.MinClass)
	}
	var eligible []int
	var all int
	for i := range rk.units {
		u := &rk.units[i]
		all++
		if !s.unitInPool(rk, u, rule.Among) {
			continue
		}
		cl.Pool++
		if !rk.districts() && rule.Scope == ScopeDistrict && rk.inputs.district(int(u.idx)) == "" {
			cl.NoDistrict = append(cl.NoDistrict, rk.inputs.code(int(u.idx)))
			continue
		}
		if minRank >= 0 && (u.class < 0 || len(s.Classes)-1-int(u.class) < minRank) {
			continue
		}
		eligible = append(eligible, i)
	}
	slices.SortFunc(cl.NoDistrict, cmpCode)
	cl.Eligible = len(eligible)
	sub := rk.subset(eligible, rule.Scope)
	ranked := sub.units
	switch {
	case rule.Top > 0:
		cl.Quota = rule.Top
		cl.QuotaNote = bilingual(fmt.Sprintf("%d đơn vị đứng đầu mỗi %s", rule.Top, scopeVI(rule.Scope)),
			fmt.Sprintf("the first %d in each %s", rule.Top, scopeEN(rule.Scope)))
	case rule.Share != nil:
		base := cl.Pool
		if rule.Of == "all" {
			base = all
		}
		exact := rule.Share.Mul(decimal.NewFromInt(int64(base))).Shift(-2)
		var q decimal.Decimal
		switch rule.Round {
		case RoundUp:
			q = exact.Ceil()
		case RoundNearest:
			q = exact.Round(0)
		default:
			q = exact.Floor()
		}
		rounded := int(q.IntPart())
		cl.Quota = rounded
		noteVI, noteEN := "", ""
		if rule.Minimum > 0 && cl.Quota < rule.Minimum {
			cl.Quota = min(rule.Minimum, cl.Eligible)
			noteVI = fmt.Sprintf("; tối thiểu %d → %d", rule.Minimum, cl.Quota)
			noteEN = fmt.Sprintf("; at least %d → %d", rule.Minimum, cl.Quota)
		}
		cl.QuotaNote = bilingual(
			fmt.Sprintf("%s%% × %d = %s → %d (làm tròn %s)%s", decComma(*rule.Share), base, decComma(exact), rounded, roundVI(rule.Round), noteVI),
			fmt.Sprintf("%s%% × %d = %s → %d (%s)%s", decString(*rule.Share), base, decString(exact), rounded, roundEN(rule.Round), noteEN))
	default:
		cl.QuotaNote = bilingual("tất cả đơn vị đủ điều kiện", "every eligible unit")
	}
	cl.base = s.reasonBase(rule, rk, cl.QuotaNote)
	cl.of = make([]int32, len(sub.scopes))
	var taken []unitScore
	for start := 0; start < len(ranked); {
		end := start
		for end < len(ranked) && ranked[end].scope == ranked[start].scope {
			end++
		}
		group := ranked[start:end]
		cl.of[group[0].scope] = int32(len(group))
		take, cut, straddle := len(group), int32(-1), false
		if cl.Quota >= 0 && cl.Quota < len(group) {
			take = cl.Quota
			if take > 0 {
				cut = group[take-1].rank
				for take < len(group) && group[take].rank == cut {
					take++
				}
				straddle = take > cl.Quota
			}
		}
		for i := range take {
			group[i].cutoff = straddle && group[i].rank == cut
		}
		taken = append(taken, group[:take]...)
		start = end
	}
	sub.units = taken // the eligible units not taken are let go
	cl.sub = sub
	return cl
}

// reasonBase is what the reasons of one candidate list share; each candidate refers to it and
// builds its reason only when asked, so a list of many thousand candidates holds one copy.
type reasonBase struct {
	poolVI, poolEN string
	keysVI, keysEN string
	tailVI, tailEN string // minimum class and quota
	srcVI, srcEN   string // the rule's source
	words          *levelWords
}

func (s *Scheme) reasonBase(rule CandidateRule, rk *Ranking, quota criteria.Text) *reasonBase {
	keys := make([]string, len(rk.rule.Order))
	keysVI := make([]string, len(rk.rule.Order))
	for i, k := range rk.rule.Order {
		keys[i] = s.words.keyLabel(k.Key).In("en")
		keysVI[i] = s.words.keyLabel(k.Key).In("vi")
	}
	b := &reasonBase{keysVI: strings.Join(keysVI, ", "), keysEN: strings.Join(keys, ", "), words: &s.words}
	b.poolVI, b.poolEN = s.poolLabel(rule.Among, rule.Subject)
	if rule.MinClass != "" {
		if cl, ok := s.Class(rule.MinClass); ok {
			b.tailVI += " (từ loại " + cl.Label.In("vi") + " trở lên)"
			b.tailEN += " (" + cl.Label.In("en") + " or higher required)"
		}
	}
	b.tailVI += "; chỉ tiêu: " + quota.VI
	b.tailEN += "; quota: " + quota.EN
	if rule.Source != "" {
		b.srcVI, b.srcEN = "; nguồn: "+rule.Source, "; source: "+rule.Source
	}
	return b
}

// Reason says in both languages why the unit is a candidate: its rank in the pool and scope,
// the ranking keys, its points and class, the quota and the rule's source.
func (c *Candidate) Reason() criteria.Text {
	b := c.base
	if b == nil {
		return criteria.Text{}
	}
	where := bilingual("toàn tỉnh", "across the province")
	if c.Scope != "" {
		l := b.words.unitLabel(SubjectDistrict, c.Scope)
		where = bilingual("trong "+lowerFirst(l.VI), "within "+l.EN)
	}
	vi := fmt.Sprintf("Hạng %d/%d %s, %s (xếp theo %s); %s điểm", c.Rank, c.Of, b.poolVI, where.VI, b.keysVI, ratioComma(c.Total))
	en := fmt.Sprintf("Rank %d of %d %s, %s (ordered by %s); %s points", c.Rank, c.Of, b.poolEN, where.EN, b.keysEN, c.Total)
	if c.Class != nil {
		vi += "; xếp loại " + c.Class.Label.In("vi")
		en += "; class " + c.Class.Label.In("en")
	}
	vi, en = vi+b.tailVI, en+b.tailEN
	if c.TiedAtCutoff {
		vi += "; đồng hạng tại ngưỡng chỉ tiêu nên cùng được đề nghị"
		en += "; tied at the cut-off, so every tied unit is listed"
	}
	if c.districtStats {
		vi += fmt.Sprintf("; %d/%d %s đạt chuẩn", c.recognised, c.communes, b.words.unitOne)
		en += fmt.Sprintf("; %d of %d %s recognised", c.recognised, c.communes, b.words.units.EN)
	}
	return bilingual(vi+b.srcVI, en+b.srcEN)
}

func (s *Scheme) poolLabel(p Pool, subj Subject) (vi, en string) {
	what := s.SubjectLabel(subj, "vi")
	whatEN := s.SubjectLabel(subj, "en")
	switch p {
	case PoolRecognised:
		return "trong số " + what + " đạt chuẩn trong kỳ", "among " + whatEN + " recognised in the period"
	case PoolRecognisedInPeriod:
		return fmt.Sprintf("trong số %s được công nhận đạt chuẩn giai đoạn %d-%d", what, s.Periods.From, s.Periods.Until),
			fmt.Sprintf("among %s recognised in %d-%d", whatEN, s.Periods.From, s.Periods.Until)
	case PoolNewlyRecognised:
		return "trong số " + what + " mới đạt chuẩn so với kỳ trước", "among " + whatEN + " newly recognised since the previous period"
	case PoolAllMet:
		return "trong số " + what + " đạt đủ các tiêu chí", "among " + whatEN + " meeting every criterion"
	case PoolStandard:
		return "trong số " + what + " có 100% " + s.words.unitOne + " đạt chuẩn", "among " + whatEN + " with every " + s.words.unit.EN + " recognised"
	}
	return "trong số " + what, "among " + whatEN
}

func scopeVI(s Scope) string {
	if s == ScopeDistrict {
		return "huyện"
	}
	return "tỉnh"
}

func scopeEN(s Scope) string {
	if s == ScopeDistrict {
		return "district"
	}
	return "province"
}

func roundVI(r Rounding) string {
	switch r {
	case RoundUp:
		return "lên"
	case RoundNearest:
		return "gần nhất"
	}
	return "xuống"
}

func roundEN(r Rounding) string {
	switch r {
	case RoundUp:
		return "rounded up"
	case RoundNearest:
		return "rounded to the nearest"
	}
	return "rounded down"
}

// keyLabel names a ranking key.
func (w *levelWords) keyLabel(key string) criteria.Text {
	switch key {
	case "total":
		return bilingual("tổng điểm", "total points")
	case "met":
		return bilingual("số tiêu chí đạt", "criteria met")
	case "not_met":
		return bilingual("số tiêu chí không đạt (ít hơn xếp trên)", "criteria not met (fewer first)")
	case "unknown":
		return bilingual("số tiêu chí chưa rõ", "criteria unknown")
	case "recognised":
		return bilingual("đạt chuẩn", "recognised")
	case "gained":
		return bilingual("số tiêu chí tăng thêm", "criteria gained")
	case "lost":
		return bilingual("số tiêu chí bị rớt", "criteria lost")
	case "share_recognised":
		return bilingual("tỷ lệ "+w.unitOne+" đạt chuẩn", "share of "+w.units.EN+" recognised")
	case "share_all_met":
		return bilingual("tỷ lệ "+w.unitOne+" đạt đủ tiêu chí", "share of "+w.units.EN+" meeting every criterion")
	case "average_met":
		return bilingual("bình quân tiêu chí/"+w.unitOne, "average criteria per "+w.unit.EN)
	case "communes":
		return bilingual("số "+w.unitOne, w.units.EN)
	}
	return bilingual(key, key)
}
