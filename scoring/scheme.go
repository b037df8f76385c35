package scoring

import (
	"sync"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// FormatScheme is the format version of scoring-scheme files this package reads.
const FormatScheme = "ntm.scoring/v1"

// Scheme is a loaded and checked scoring scheme: how the results of a ruleset become points,
// classes, reporting bands, rankings, goals and commendation candidates. It is bound to the
// ruleset it was checked against, is immutable once loaded and is safe for concurrent use.
type Scheme struct {
	ID           string
	Version      string
	RulesetRef   string // the ruleset the file was written for (id@version): the scored ruleset or one it extends
	Title        criteria.Text
	Description  criteria.Text
	Illustrative bool                // the scheme's choices are examples, not a published scale
	Sources      []criteria.Document // documents the scheme cites
	File         string              // the file it was read from

	Periods        Periods
	Points         Points
	Classes        []Class // by points, from the highest class to the lowest
	BandRules      Bands
	RankingRules   []RankingRule
	GoalRules      []Goal
	FrontRules     *FrontRule // nil when the scheme declares no Front report
	CandidateRules []CandidateRule

	rs   *criteria.Ruleset
	core *Scheme // the scheme's private copy: what every method reads (itself, for the copy)

	ref       string         // the scored ruleset's id@version
	layout    *layout        // its criteria, as inputs are indexed
	title     string         // the title the ruleset grants
	crit      map[string]int // criterion id → index in the ruleset's criteria
	ids       []string       // criterion ids in ruleset order
	names     []criteria.Text
	group     []int                      // met line by criterion index
	lines     []lineRule                 // the distinct "criteria met" lines, in a stable order
	lineMask  [][MaxCriteria / 64]uint64 // the criteria of each line
	allMask   [MaxCriteria / 64]uint64   // every criterion
	bandByMet []int16                    // the band of each count of criteria met, -1 for none
	front     *frontTables               // the Front report's criteria, fixed at load

	scale   int32           // the fixed-point scale of every amount
	fx      fixedFacts      // the facts' points in fixed point (deductions negative)
	classFx []fixedInterval // the classes' ranges in fixed point
	orders  sync.Map        // *criteria.Program → []int: its criteria by scheme index
	parent  criteria.Level  // the level a unit belongs to, which the district subjects rank
	words   levelWords      // the words of the ruleset's level and of its parent
}

// Ruleset returns the ruleset the scheme was checked against and scores.
func (s *Scheme) Ruleset() *criteria.Ruleset { return s.rs }

// Periods says over which periods a scheme scores and which multi-year summaries it makes.
type Periods struct {
	From, Until int           // the first and last year scored
	Reviews     []Review      // the kinds of period accepted (a year, a half-year)
	Summaries   []SummaryRule // the multi-year reviews (sơ kết, tổng kết), in file order
}

// Review is a kind of review period.
type Review string

// Review kinds: the Front reviews every six months and every year.
const (
	ReviewYear     Review = "year"      // a whole year (period "2020")
	ReviewHalfYear Review = "half_year" // a half-year (period "2020-H1" or "2020-H2")
)

// SummaryRule declares a multi-year summary: the 3-year review (sơ kết) and the 5-year review
// (tổng kết) of a phase.
type SummaryRule struct {
	ID          string
	Label       criteria.Text
	From, Until int
}

// Points are the points a scheme awards and deducts. Every amount is an exact decimal;
// deductions are written as positive amounts and subtracted.
type Points struct {
	Met             MetPoints
	Recognised      decimal.Decimal // for holding the ruleset's title in the period
	CriterionGained decimal.Decimal // per criterion met now and not met in the previous period
	NewlyRecognised decimal.Decimal // for a unit recognised now and not in the previous period
	CriterionLost   decimal.Decimal // deducted per criterion not met now and met in the previous period
	Slipped         decimal.Decimal // deducted when the unit is recognised but no longer meets every criterion
}

// MetPoints are the points per criterion met. A criterion listed in Criteria earns its own
// points; otherwise one weighted by the annotation By earns the points of its value; otherwise
// it earns Default.
type MetPoints struct {
	Default  *decimal.Decimal // nil: every criterion must be covered by Criteria or Values
	By       string           // annotation key the points are weighted by (e.g. front), or ""
	Values   []Weight         // points by value of the annotation By, in file order
	Criteria []Weight         // points by criterion id, in file order
}

// Weight is the points a criterion met earns, by annotation value or by criterion id.
type Weight struct {
	ID     string
	Points decimal.Decimal
}

// Bound is one end of an interval: a value, and whether the value itself is inside.
type Bound struct {
	Value     decimal.Decimal
	Inclusive bool
}

// Interval is a range of totals or of criteria counts. A nil end is unbounded.
type Interval struct {
	Lower, Upper *Bound
}

// Contains reports whether the exact quotient r lies in the interval.
func (iv Interval) Contains(r Ratio) bool {
	if iv.Lower != nil {
		c := r.CmpDecimal(iv.Lower.Value)
		if c < 0 || c == 0 && !iv.Lower.Inclusive {
			return false
		}
	}
	if iv.Upper != nil {
		c := r.CmpDecimal(iv.Upper.Value)
		if c > 0 || c == 0 && !iv.Upper.Inclusive {
			return false
		}
	}
	return true
}

// ContainsInt reports whether the whole number n lies in the interval.
func (iv Interval) ContainsInt(n int) bool { return iv.Contains(IntRatio(int64(n))) }

// String writes the interval in mathematical notation: [75, 90), (-∞, 30), [90, +∞).
func (iv Interval) String() string {
	lo, hi := "(-∞", "+∞)"
	if iv.Lower != nil {
		lo = "(" + decString(iv.Lower.Value)
		if iv.Lower.Inclusive {
			lo = "[" + decString(iv.Lower.Value)
		}
	}
	if iv.Upper != nil {
		hi = decString(iv.Upper.Value) + ")"
		if iv.Upper.Inclusive {
			hi = decString(iv.Upper.Value) + "]"
		}
	}
	return lo + ", " + hi
}

// Class is an emulation class (xếp loại) by points: a total in Range earns it.
type Class struct {
	ID    string
	Label criteria.Text
	Range Interval
	Pos   criteria.Pos
}

// Bands are the reporting bands by number of criteria met now (19 / 15-18 / 10-14 / 5-9 /
// under 5). A recognised unit is banded by its count like any other; its recognition, and
// whether it has slipped, are counted beside its band (recognition-and-reporting.md §3).
type Bands struct {
	ByMet []Band // from the most criteria met to the fewest; together they cover 0…all
}

// Band is one reporting row: units whose criteria met now lie in Range.
type Band struct {
	ID    string
	Label criteria.Text
	Range Interval
	Pos   criteria.Pos
}

// Subject is what a ranking ranks.
type Subject string

// Subjects. A Front committee is ranked by the results of the unit it is responsible for: the
// commune Front committee of commune X by commune X's result, the district Front committee by
// its district's aggregate.
const (
	SubjectCommune       Subject = "commune"
	SubjectCommuneFront  Subject = "commune_front"
	SubjectDistrict      Subject = "district"
	SubjectDistrictFront Subject = "district_front"
)

// IsDistrict reports whether the subject is ranked on districts aggregated from their communes.
func (s Subject) IsDistrict() bool { return s == SubjectDistrict || s == SubjectDistrictFront }

// Label names the subject in Vietnamese ("vi") or English.
func (s Subject) Label(lang string) string {
	t := map[Subject]criteria.Text{
		SubjectCommune:       {VI: "xã", EN: "communes"},
		SubjectCommuneFront:  {VI: "Ủy ban MTTQ cấp xã", EN: "commune Front committees"},
		SubjectDistrict:      {VI: "huyện", EN: "districts"},
		SubjectDistrictFront: {VI: "Ủy ban MTTQ cấp huyện", EN: "district Front committees"},
	}[s]
	return t.In(lang)
}

// Words are the words of the scored ruleset's level and of the level its units belong to, as
// the ruleset declares them: xã and huyện for Vietnam's communes (communes and districts in
// English), desa and kabupaten for a village set.
type Words struct {
	Unit, Units     criteria.Text // one unit, several
	Parent, Parents criteria.Text
}

// Words returns the words of the scored ruleset's levels, for what a report prints.
func (s *Scheme) Words() Words {
	w := &s.core.words
	return Words{Unit: criteria.Text{VI: w.unitOne, EN: w.unit.EN, Other: w.unit.Other},
		Units:  criteria.Text{VI: w.unitOne, EN: w.units.EN, Other: w.units.Other},
		Parent: criteria.Text{VI: w.parentOne, EN: w.parent.EN, Other: w.parent.Other}, Parents: criteria.Text{VI: w.parentOne, EN: w.parents.EN, Other: w.parents.Other}}
}

// SubjectLabel names a subject with the words of the scored ruleset's levels: the units it
// scores ("xã", "villages") or the units they belong to, and their Front committees.
func (s *Scheme) SubjectLabel(subj Subject, lang string) string {
	w := &s.core.words
	if w.unitOne == "xã" && w.parentOne == "huyện" {
		return subj.Label(lang) // Vietnam's communes and districts: the words the scheme was written with
	}
	word := w.units
	if subj.IsDistrict() {
		word = w.parents
	}
	switch subj {
	case SubjectCommuneFront, SubjectDistrictFront:
		return criteria.Text{VI: "Ủy ban MTTQ cấp " + word.VI, EN: word.EN + " Front committees"}.In(lang)
	}
	return word.In(lang)
}

// Scope is where units compete: within their district or across the province.
type Scope string

// Scopes.
const (
	ScopeProvince Scope = "province"
	ScopeDistrict Scope = "district"
)

// TiePolicy says how units that tie on every key are ranked.
type TiePolicy string

// Tie policies. Tied units always share their rank and are listed in code order.
const (
	TiesShared TiePolicy = "shared" // standard competition ranking, "1224"
	TiesDense  TiePolicy = "dense"  // dense ranking, "1223"
)

// DistrictTotal says how a district's points are made from its communes' totals.
type DistrictTotal string

// District totals.
const (
	TotalAverage DistrictTotal = "average" // the mean of its communes' totals (the default)
	TotalSum     DistrictTotal = "sum"     // the sum of its communes' totals
)

// RankingRule declares one ranking: its subject, scope, ordered keys and tie policy.
type RankingRule struct {
	Subject Subject
	Scope   Scope
	Order   []RankKey
	Ties    TiePolicy
	Total   DistrictTotal // for district subjects
	Pos     criteria.Pos
}

// RankKey is one key deciding a rank, and its direction.
type RankKey struct {
	Key  string // commune keys: total, met, not_met, unknown, recognised, gained, lost; district keys: total, share_recognised, share_all_met, average_met, recognised, communes
	Desc bool   // larger is better
}

// String writes the key as "total desc".
func (k RankKey) String() string {
	if k.Desc {
		return k.Key + " desc"
	}
	return k.Key + " asc"
}

// communeKeys are the ranking keys of commune subjects, with their default direction
// (true = larger is better).
var communeKeys = []keyDef{
	{"total", true}, {"met", true}, {"not_met", false}, {"unknown", false},
	{"recognised", true}, {"gained", true}, {"lost", false},
}

// districtKeys are the ranking keys of district subjects, with their default direction.
var districtKeys = []keyDef{
	{"total", true}, {"share_recognised", true}, {"share_all_met", true}, {"average_met", true},
	{"recognised", true}, {"communes", true},
}

type keyDef struct {
	name string
	desc bool
}

// GoalKind is what a goal measures.
type GoalKind string

// Goal kinds.
const (
	GoalShareRecognised  GoalKind = "share_recognised"  // at least P % of the communes recognised
	GoalRecognised       GoalKind = "recognised"        // at least N communes recognised
	GoalAverageMet       GoalKind = "average_met"       // at least N criteria met per commune on average
	GoalNoneBelow        GoalKind = "none_below"        // no commune meets fewer than N criteria
	GoalDistrictStandard GoalKind = "district_standard" // every commune of a named district recognised
)

// Goal is a target the scheme tracks, due by the end of a year.
type Goal struct {
	ID        string
	Label     criteria.Text
	Kind      GoalKind
	AtLeast   decimal.Decimal // the threshold (a percentage for share_recognised); zero for district_standard
	By        int             // the year by which it is due
	Districts []string        // district_standard: the names or codes the results may use for the district
	Source    string
	Pos       criteria.Pos
}

// FrontRule declares the Front's report: content groups and the direct/indirect split.
type FrontRule struct {
	Content        string   // annotation key giving each criterion's content group (values are group ids)
	Groups         []string // the groups reported, in order
	Responsibility string   // annotation key of the Front's responsibility (direct, indirect)
}

// Pool is the set of units a commendation rule draws from.
type Pool string

// Pools. For communes: all, recognised, recognised_in_period, newly_recognised, all_met; for
// districts: all, standard (every commune recognised).
const (
	PoolAll                Pool = "all"
	PoolRecognised         Pool = "recognised"
	PoolRecognisedInPeriod Pool = "recognised_in_period"
	PoolNewlyRecognised    Pool = "newly_recognised"
	PoolAllMet             Pool = "all_met"
	PoolStandard           Pool = "standard"
)

// Rounding says how a share of units becomes a whole number of candidates.
type Rounding string

// Roundings.
const (
	RoundDown    Rounding = "down"
	RoundUp      Rounding = "up"
	RoundNearest Rounding = "nearest" // half away from zero
)

// CandidateRule declares how commendation candidates are drawn: from a pool of a ranking's
// units, within a scope, the top N or a share of the pool, optionally only from a class up.
type CandidateRule struct {
	ID       string
	Label    criteria.Text
	Subject  Subject
	Among    Pool
	Scope    Scope
	Top      int              // take the first Top in each scope (0: not a top-N rule)
	Share    *decimal.Decimal // take this percentage of the pool (nil: not a share rule)
	Of       string           // the base of Share: "pool" (default) or "all"
	Round    Rounding
	Minimum  int    // at least this many when the pool has them
	MinClass string // only units of this class or higher
	Source   string
	Pos      criteria.Pos
}

// lineRule is one "criteria met" line of a breakdown: the criteria earning the same points for
// the same reason.
type lineRule struct {
	rule   string
	label  criteria.Text
	each   decimal.Decimal
	eachFx int64 // each in fixed point
}
