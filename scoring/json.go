package scoring

import (
	"encoding/json"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/shopspring/decimal"
)

// Format versions of the JSON documents this package writes. Field names are English; labels
// carry Vietnamese and English ({"vi": …, "en": …}). Every decimal (points, totals,
// percentages, averages) is a JSON number written from its exact decimal text, never through
// a binary float; values that are not finite decimals (an average of 47 over 3) are rounded to
// 2 places, half away from zero, and the exact parts are given beside them.
const (
	FormatRanking    = "ntm.ranking/v1"
	FormatBands      = "ntm.bands/v1"
	FormatProgress   = "ntm.progress/v1"
	FormatSummary    = "ntm.summary/v1"
	FormatGoals      = "ntm.goals/v1"
	FormatFront      = "ntm.front-report/v1"
	FormatCandidates = "ntm.candidates/v1"
)

// jnum marshals a decimal as a JSON number from its exact text.
type jnum decimal.Decimal

func (n jnum) MarshalJSON() ([]byte, error) { return []byte(decString(decimal.Decimal(n))), nil }

func num(d decimal.Decimal) jnum { return jnum(d) }

// jshare is a count out of a total, with the percentage rounded to 2 places (null when the
// total is 0).
type jshare struct {
	Count   int   `json:"count"`
	Of      int   `json:"of"`
	Percent *jnum `json:"percent"`
}

func share(n, of int) jshare {
	s := jshare{Count: n, Of: of}
	if of > 0 {
		p := num(countRatio(n, of).Percent(2))
		s.Percent = &p
	}
	return s
}

// ratioNum writes a ratio as a number (exact when a finite decimal of at most 4 places, else
// rounded to 2); null when undefined.
func ratioNum(r Ratio) *jnum {
	if !r.Defined() {
		return nil
	}
	n := num(r.display())
	return &n
}

type jscheme struct {
	ID           string        `json:"id"`
	Version      string        `json:"version"`
	Illustrative bool          `json:"illustrative"`
	Title        criteria.Text `json:"title"`
}

func schemeRef(s *Scheme) jscheme {
	s = s.core
	return jscheme{ID: s.ID, Version: s.Version, Illustrative: s.Illustrative, Title: s.Title}
}

type jlabelled struct {
	ID    string        `json:"id"`
	Label criteria.Text `json:"label"`
}

func classRef(c *Class) *jlabelled {
	if c == nil {
		return nil
	}
	return &jlabelled{ID: c.ID, Label: c.Label}
}

func bandRef(b *Band) *jlabelled {
	if b == nil {
		return nil
	}
	return &jlabelled{ID: b.ID, Label: b.Label}
}

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type jline struct {
	Rule     string        `json:"rule"`
	Label    criteria.Text `json:"label"`
	Count    int           `json:"count"`
	Each     jnum          `json:"each"`
	Points   jnum          `json:"points"`
	Criteria []string      `json:"criteria,omitempty"`
}

func lines(ls []Line) []jline {
	out := make([]jline, len(ls))
	for i, l := range ls {
		out[i] = jline{Rule: l.Rule, Label: l.Label, Count: l.Count, Each: num(l.Each), Points: num(l.Points), Criteria: l.Criteria}
	}
	return out
}

type jkey struct {
	Key   string        `json:"key"`
	Order string        `json:"order"`
	Label criteria.Text `json:"label"`
}

type jcommune struct {
	Scope           string         `json:"scope,omitempty"`
	Rank            int            `json:"rank"`
	Tied            bool           `json:"tied"`
	Code            string         `json:"code"`
	Name            string         `json:"name"`
	District        string         `json:"district"`
	Label           criteria.Text  `json:"label"`
	Criteria        int            `json:"criteria"`
	Met             int            `json:"met"`
	NotMet          int            `json:"not_met"`
	Unknown         int            `json:"unknown"`
	AllMet          criteria.Truth `json:"all_met"`
	Recognised      bool           `json:"recognised"`
	Slipped         criteria.Truth `json:"slipped"`
	Previous        bool           `json:"compared_with_previous"`
	Gained          []string       `json:"gained"`
	Lost            []string       `json:"lost"`
	NewlyRecognised bool           `json:"newly_recognised"`
	Total           jnum           `json:"total"`
	Class           *jlabelled     `json:"class"`
	Band            *jlabelled     `json:"band"`
	Lines           []jline        `json:"lines"`
}

type jdistrict struct {
	Rank           int           `json:"rank"`
	Tied           bool          `json:"tied"`
	District       string        `json:"district"`
	Label          criteria.Text `json:"label"`
	Communes       int           `json:"communes"`
	Recognised     jshare        `json:"recognised"`
	AllMet         jshare        `json:"all_met"`
	Slipped        int           `json:"slipped"`
	CriteriaMet    int           `json:"criteria_met"`
	AverageMet     *jnum         `json:"average_met"`
	PointsSum      jnum          `json:"points_sum"`
	Total          *jnum         `json:"total"`
	TotalIsRounded bool          `json:"total_is_rounded"`
	Class          *jlabelled    `json:"class"`
	Lines          []jline       `json:"lines"`
	Members        []string      `json:"members"`
	NotRecognised  []string      `json:"not_recognised"`
}

// MarshalJSON writes the ranking as the documented shape ntm.ranking/v1 (see docs/scoring.md).
func (r *Ranking) MarshalJSON() ([]byte, error) {
	type doc struct {
		Format        string        `json:"format"`
		Scheme        jscheme       `json:"scheme"`
		Ruleset       string        `json:"ruleset"`
		Subject       Subject       `json:"subject"`
		SubjectLabel  criteria.Text `json:"subject_label"`
		Period        string        `json:"period"`
		Previous      *string       `json:"previous"`
		Scope         Scope         `json:"scope"`
		Order         []jkey        `json:"order"`
		Ties          TiePolicy     `json:"ties"`
		DistrictTotal DistrictTotal `json:"district_total,omitempty"`
		Entries       []any         `json:"entries"`
		NoDistrict    []string      `json:"no_district"`
	}
	d := doc{Format: FormatRanking, Scheme: schemeRef(r.Scheme), Ruleset: r.Scheme.core.ref, Subject: r.rule.Subject,
		SubjectLabel: criteria.Text{VI: r.Scheme.SubjectLabel(r.rule.Subject, "vi"), EN: r.Scheme.SubjectLabel(r.rule.Subject, "en")},
		Period:       r.Period.String(), Scope: r.rule.Scope, Ties: r.rule.Ties, Entries: []any{}, NoDistrict: strs(r.NoDistrict)}
	if r.Previous != nil {
		p := r.Previous.String()
		d.Previous = &p
	}
	for _, k := range r.rule.Order {
		o := "asc"
		if k.Desc {
			o = "desc"
		}
		d.Order = append(d.Order, jkey{Key: k.Key, Order: o, Label: r.Scheme.core.words.keyLabel(k.Key)})
	}
	if r.rule.Subject.IsDistrict() {
		d.DistrictTotal = r.rule.Total
	}
	scores := r.Scores()
	for i := range scores {
		d.Entries = append(d.Entries, scoreJSON(&scores[i]))
	}
	return json.Marshal(d)
}

func scoreJSON(sc *Score) any {
	if st := sc.Stats; st != nil {
		return jdistrict{Rank: sc.Rank, Tied: sc.Tied, District: st.District, Label: sc.Label, Communes: st.Communes,
			Recognised: share(st.Recognised, st.Communes), AllMet: share(st.AllMet, st.Communes), Slipped: st.Slipped,
			CriteriaMet: st.Met, AverageMet: ratioNum(st.AverageMet()), PointsSum: num(st.Points),
			Total: ratioNum(sc.Total), TotalIsRounded: sc.Total.Rounded(),
			Class: classRef(sc.Class), Lines: lines(sc.Lines), Members: strs(st.Codes), NotRecognised: strs(st.NotRecognised)}
	}
	return jcommune{Scope: sc.Scope, Rank: sc.Rank, Tied: sc.Tied, Code: sc.Code, Name: sc.Name, District: sc.District,
		Label: sc.Label, Criteria: sc.Criteria, Met: sc.Met, NotMet: sc.NotMet, Unknown: sc.Unknown, AllMet: sc.AllMet,
		Recognised: sc.Recognised, Slipped: sc.Slipped, Previous: sc.HasPrevious, Gained: strs(sc.Gained), Lost: strs(sc.Lost),
		NewlyRecognised: sc.NewlyRecognised, Total: num(sc.Total.Num), Class: classRef(sc.Class), Band: bandRef(sc.Band),
		Lines: lines(sc.Lines)}
}

// MarshalJSON writes one score as an entry of ntm.ranking/v1.
func (sc *Score) MarshalJSON() ([]byte, error) { return json.Marshal(scoreJSON(sc)) }

type jstats struct {
	Period      string `json:"period"`
	Units       int    `json:"units"`
	Recognised  jshare `json:"recognised"`
	AllMet      jshare `json:"all_met"`
	Slipped     int    `json:"slipped"`
	CriteriaMet int    `json:"criteria_met"`
	AverageMet  *jnum  `json:"average_met"`
	WithUnknown int    `json:"units_with_unknown"`
}

func statsJSON(p PeriodStats) jstats {
	return jstats{Period: p.Period.String(), Units: p.Units, Recognised: share(p.Recognised, p.Units),
		AllMet: share(p.AllMet, p.Units), Slipped: p.Slipped, CriteriaMet: p.Met, AverageMet: ratioNum(p.AverageMet()),
		WithUnknown: p.Unknown}
}

type jband struct {
	ID                string        `json:"id"`
	Label             criteria.Text `json:"label"`
	Range             string        `json:"range"`
	Count             int           `json:"count"`
	Share             jshare        `json:"share"`
	OfWhichRecognised int           `json:"of_which_recognised"`
	OfWhichSlipped    int           `json:"of_which_slipped"`
	Units             []string      `json:"units"`
}

type jdistrictBands struct {
	District   string `json:"district"`
	Units      int    `json:"units"`
	Counts     []int  `json:"counts"`
	Recognised int    `json:"recognised"`
	Slipped    int    `json:"slipped"`
	AverageMet *jnum  `json:"average_met"`
}

// MarshalJSON writes the band report as the documented shape ntm.bands/v1.
func (b *BandReport) MarshalJSON() ([]byte, error) {
	type doc struct {
		Format      string           `json:"format"`
		Scheme      jscheme          `json:"scheme"`
		Ruleset     string           `json:"ruleset"`
		Period      string           `json:"period"`
		Units       int              `json:"units"`
		Recognised  int              `json:"recognised"`
		Slipped     int              `json:"slipped"`
		CriteriaMet int              `json:"criteria_met"`
		AverageMet  *jnum            `json:"average_met"`
		WithUnknown int              `json:"units_with_unknown"`
		Rows        []jband          `json:"rows"`
		Districts   []jdistrictBands `json:"districts"`
	}
	d := doc{Format: FormatBands, Scheme: schemeRef(b.Scheme), Ruleset: b.Scheme.core.ref, Period: b.Period.String(),
		Units: b.Units, Recognised: b.Recognised, Slipped: b.Slipped, CriteriaMet: b.Met, AverageMet: ratioNum(b.AverageMet()),
		WithUnknown: b.Unknown, Rows: []jband{}, Districts: []jdistrictBands{}}
	for _, r := range b.Bands {
		d.Rows = append(d.Rows, jband{ID: r.Band.ID, Label: r.Band.Label, Range: r.Band.Range.String(), Count: r.Count,
			Share: share(r.Count, b.Units), OfWhichRecognised: r.OfWhichRecognised, OfWhichSlipped: r.OfWhichSlipped, Units: strs(r.Codes)})
	}
	for _, db := range b.Districts {
		d.Districts = append(d.Districts, jdistrictBands{District: db.District, Units: db.Units, Counts: db.Counts,
			Recognised: db.Recognised, Slipped: db.Slipped, AverageMet: ratioNum(countRatio(db.Met, db.Units))})
	}
	return json.Marshal(d)
}

type jchange struct {
	Code               string         `json:"code"`
	Name               string         `json:"name"`
	District           string         `json:"district"`
	MetBefore          int            `json:"met_before"`
	MetAfter           int            `json:"met_after"`
	Gained             []string       `json:"gained"`
	Lost               []string       `json:"lost"`
	RecognisedBefore   bool           `json:"recognised_before"`
	RecognisedAfter    bool           `json:"recognised_after"`
	NewlyRecognised    bool           `json:"newly_recognised"`
	NoLongerRecognised bool           `json:"no_longer_recognised"`
	SlippedBefore      criteria.Truth `json:"slipped_before"`
	SlippedAfter       criteria.Truth `json:"slipped_after"`
	NewlySlipped       bool           `json:"newly_slipped"`
	Recovered          bool           `json:"recovered"`
}

type jprogress struct {
	Format  string    `json:"format"`
	Ruleset string    `json:"ruleset"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Before  jstats    `json:"before"`
	After   jstats    `json:"after"`
	Totals  jtotals   `json:"totals"`
	Changes []jchange `json:"changes"`
	Added   []string  `json:"added"`
	Removed []string  `json:"removed"`
}

type jtotals struct {
	Gained             int      `json:"criteria_gained"`
	Lost               int      `json:"criteria_lost"`
	NewlyRecognised    int      `json:"newly_recognised"`
	NoLongerRecognised int      `json:"no_longer_recognised"`
	NewlySlipped       int      `json:"newly_slipped"`
	Recovered          int      `json:"recovered"`
	NewlyRecognisedIn  []string `json:"newly_recognised_units"`
	NewlySlippedIn     []string `json:"newly_slipped_units"`
}

func progressJSON(p *ProgressReport) jprogress {
	d := jprogress{Format: FormatProgress, Ruleset: p.Ruleset, From: p.From.String(), To: p.To.String(),
		Before: statsJSON(p.Before), After: statsJSON(p.After),
		Totals: jtotals{Gained: p.Gained, Lost: p.Lost, NewlyRecognised: p.NewlyRecognised, NoLongerRecognised: p.NoLongerRecognised,
			NewlySlipped: p.NewlySlipped, Recovered: p.Recovered, NewlyRecognisedIn: strs(p.NewlyRecognisedCodes()),
			NewlySlippedIn: strs(p.NewlySlippedCodes())},
		Changes: []jchange{}, Added: strs(p.Added), Removed: strs(p.Removed)}
	for _, c := range p.Changes {
		d.Changes = append(d.Changes, jchange{Code: c.Code, Name: c.Name, District: c.District, MetBefore: c.MetBefore, MetAfter: c.MetAfter,
			Gained: strs(c.Gained), Lost: strs(c.Lost), RecognisedBefore: c.RecognisedBefore, RecognisedAfter: c.RecognisedAfter,
			NewlyRecognised: c.NewlyRecognised, NoLongerRecognised: c.NoLongerRecognised, SlippedBefore: c.SlippedBefore,
			SlippedAfter: c.SlippedAfter, NewlySlipped: c.NewlySlipped, Recovered: c.Recovered})
	}
	return d
}

// MarshalJSON writes the progress report as the documented shape ntm.progress/v1.
func (p *ProgressReport) MarshalJSON() ([]byte, error) { return json.Marshal(progressJSON(p)) }

type jgoal struct {
	ID          string        `json:"id"`
	Label       criteria.Text `json:"label"`
	Kind        GoalKind      `json:"kind"`
	By          int           `json:"by"`
	Source      string        `json:"source,omitempty"`
	Due         bool          `json:"due"`
	Status      GoalStatus    `json:"status"`
	Value       *jnum         `json:"value"`
	Target      *jnum         `json:"target"`
	Unit        string        `json:"unit"`
	Distance    int           `json:"distance"`
	Units       []string      `json:"units"`
	WithUnknown int           `json:"units_with_unknown"`
	Note        criteria.Text `json:"note"`
}

// goalUnit names what a goal's value and distance count.
func goalUnit(k GoalKind) (value, distance string) {
	switch k {
	case GoalShareRecognised, GoalDistrictStandard:
		return "percent", "communes"
	case GoalRecognised:
		return "communes", "communes"
	}
	return "criteria", "criteria"
}

type jgoals struct {
	Format  string  `json:"format"`
	Scheme  jscheme `json:"scheme"`
	Ruleset string  `json:"ruleset"`
	Period  string  `json:"period"`
	Goals   []jgoal `json:"goals"`
}

func goalsJSON(g *GoalReport) jgoals {
	d := jgoals{Format: FormatGoals, Scheme: schemeRef(g.Scheme), Ruleset: g.Scheme.core.ref, Period: g.Period.String(), Goals: []jgoal{}}
	for _, r := range g.Goals {
		unit, _ := goalUnit(r.Goal.Kind)
		v, t := r.Value, r.Target
		if unit == "percent" {
			v = Ratio{Num: v.Num.Mul(decimal.NewFromInt(100)), Den: v.Den}
			t = Ratio{Num: t.Num.Mul(decimal.NewFromInt(100)), Den: t.Den}
		}
		d.Goals = append(d.Goals, jgoal{ID: r.Goal.ID, Label: r.Goal.Label, Kind: r.Goal.Kind, By: r.Goal.By, Source: r.Goal.Source,
			Due: r.Due, Status: r.Status, Value: ratioNum(v), Target: ratioNum(t), Unit: unit, Distance: r.Distance,
			Units: strs(r.Units), WithUnknown: r.Unknown, Note: r.Note})
	}
	return d
}

// MarshalJSON writes the goal report as the documented shape ntm.goals/v1.
func (g *GoalReport) MarshalJSON() ([]byte, error) { return json.Marshal(goalsJSON(g)) }

// MarshalJSON writes the summary as the documented shape ntm.summary/v1.
func (s *Summary) MarshalJSON() ([]byte, error) {
	type doc struct {
		Format           string        `json:"format"`
		Scheme           jscheme       `json:"scheme"`
		Ruleset          string        `json:"ruleset"`
		ID               string        `json:"id"`
		Label            criteria.Text `json:"label"`
		From             int           `json:"from"`
		Until            int           `json:"until"`
		Baseline         string        `json:"baseline"`
		BaselineInSpan   bool          `json:"baseline_in_span"`
		End              string        `json:"end"`
		Series           []jstats      `json:"series"`
		Progress         *jprogress    `json:"progress"`
		RecognisedInSpan []string      `json:"recognised_in_span"`
		Bands            *BandReport   `json:"bands"`
		Goals            *jgoals       `json:"goals"`
	}
	d := doc{Format: FormatSummary, Scheme: schemeRef(s.Scheme), Ruleset: s.Scheme.core.ref, ID: s.Rule.ID, Label: s.Rule.Label,
		From: s.Rule.From, Until: s.Rule.Until, Baseline: s.Baseline.String(), BaselineInSpan: s.BaselineInSpan, End: s.End.String(),
		Series: []jstats{}, RecognisedInSpan: strs(s.RecognisedInSpan), Bands: s.Bands}
	for _, p := range s.Series {
		d.Series = append(d.Series, statsJSON(p))
	}
	if s.Progress != nil {
		p := progressJSON(s.Progress)
		d.Progress = &p
	}
	if s.Goals != nil {
		g := goalsJSON(s.Goals)
		d.Goals = &g
	}
	return json.Marshal(d)
}

// MarshalJSON writes the Front report as the documented shape ntm.front-report/v1.
func (f *FrontReport) MarshalJSON() ([]byte, error) {
	type group struct {
		ID          string        `json:"id"`
		Label       criteria.Text `json:"label"`
		Criteria    []string      `json:"criteria"`
		MeetingAll  jshare        `json:"communes_meeting_all"`
		CriteriaMet jshare        `json:"criteria_met"`
	}
	type split struct {
		Value       string        `json:"value"`
		Label       criteria.Text `json:"label"`
		Criteria    []string      `json:"criteria"`
		CriteriaMet jshare        `json:"criteria_met"`
		AverageMet  *jnum         `json:"average_per_commune"`
	}
	type doc struct {
		Format         string  `json:"format"`
		Scheme         jscheme `json:"scheme"`
		Ruleset        string  `json:"ruleset"`
		Period         string  `json:"period"`
		Communes       int     `json:"communes"`
		Groups         []group `json:"groups"`
		Responsibility []split `json:"responsibility"`
	}
	d := doc{Format: FormatFront, Scheme: schemeRef(f.Scheme), Ruleset: f.Scheme.core.ref, Period: f.Period.String(),
		Communes: f.Communes, Groups: []group{}, Responsibility: []split{}}
	for _, g := range f.Groups {
		d.Groups = append(d.Groups, group{ID: g.ID, Label: g.Label, Criteria: strs(g.Criteria),
			MeetingAll: share(g.MeetingAll, f.Communes), CriteriaMet: share(g.Met, g.Assessed)})
	}
	for _, s := range f.Responsibility {
		d.Responsibility = append(d.Responsibility, split{Value: s.Value, Label: s.Label, Criteria: strs(s.Criteria),
			CriteriaMet: share(s.Met, s.Assessed), AverageMet: ratioNum(s.AverageMet())})
	}
	return json.Marshal(d)
}

// MarshalJSON writes the candidates as the documented shape ntm.candidates/v1.
func (c *CandidateReport) MarshalJSON() ([]byte, error) {
	type cand struct {
		Scope        string        `json:"scope,omitempty"`
		Rank         int           `json:"rank"`
		Of           int           `json:"of"`
		Code         string        `json:"code"`
		Name         string        `json:"name"`
		District     string        `json:"district,omitempty"`
		Label        criteria.Text `json:"label"`
		Total        *jnum         `json:"total"`
		Class        *jlabelled    `json:"class"`
		TiedAtCutoff bool          `json:"tied_at_cutoff"`
		Reason       criteria.Text `json:"reason"`
	}
	type list struct {
		ID         string        `json:"id"`
		Label      criteria.Text `json:"label"`
		Subject    Subject       `json:"subject"`
		Among      Pool          `json:"among"`
		Scope      Scope         `json:"scope"`
		MinClass   string        `json:"min_class,omitempty"`
		Source     string        `json:"source,omitempty"`
		Pool       int           `json:"pool"`
		Eligible   int           `json:"eligible"`
		Quota      *int          `json:"quota"`
		QuotaNote  criteria.Text `json:"quota_note"`
		Candidates []cand        `json:"candidates"`
		NoDistrict []string      `json:"no_district"`
	}
	type doc struct {
		Format  string  `json:"format"`
		Scheme  jscheme `json:"scheme"`
		Ruleset string  `json:"ruleset"`
		Period  string  `json:"period"`
		Lists   []list  `json:"lists"`
	}
	d := doc{Format: FormatCandidates, Scheme: schemeRef(c.Scheme), Ruleset: c.Scheme.core.ref, Period: c.Period.String(), Lists: []list{}}
	for _, l := range c.Lists {
		jl := list{ID: l.Rule.ID, Label: l.Rule.Label, Subject: l.Rule.Subject, Among: l.Rule.Among, Scope: l.Rule.Scope,
			MinClass: l.Rule.MinClass, Source: l.Rule.Source, Pool: l.Pool, Eligible: l.Eligible, QuotaNote: l.QuotaNote, Candidates: []cand{},
			NoDistrict: strs(l.NoDistrict)}
		if l.Quota >= 0 {
			q := l.Quota
			jl.Quota = &q
		}
		for _, x := range l.Candidates() {
			jl.Candidates = append(jl.Candidates, cand{Scope: x.Scope, Rank: x.Rank, Of: x.Of, Code: x.Code, Name: x.Name,
				District: x.District, Label: x.Label, Total: ratioNum(x.Total), Class: classRef(x.Class), TiedAtCutoff: x.TiedAtCutoff,
				Reason: x.Reason()})
		}
		d.Lists = append(d.Lists, jl)
	}
	return json.Marshal(d)
}
