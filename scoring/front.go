package scoring

import (
	"github.com/nongthonmoi/ntm/criteria"
)

// FrontReport is the Front's view of one period's commune results: for each content group of
// the campaign (2.1-2.5), how many communes meet the group's criteria; and the split between
// the criteria the Front carries out directly and those it supports indirectly.
type FrontReport struct {
	Scheme         *Scheme
	Period         criteria.Period
	Communes       int
	Groups         []FrontGroup // in the scheme's order
	Responsibility []FrontSplit // by value of the responsibility annotation, in the ruleset's order
}

// FrontGroup is one content group of a Front report.
type FrontGroup struct {
	ID         string
	Label      criteria.Text
	Criteria   []string // the group's criteria, in ruleset order
	MeetingAll int      // communes meeting every criterion of the group
	Share      Ratio    // MeetingAll / Communes
	Met        int      // criteria of the group met, summed over the communes
	Assessed   int      // len(Criteria) × Communes
}

// MetShare is the share of the group's criteria met over all communes.
func (g FrontGroup) MetShare() Ratio { return countRatio(g.Met, g.Assessed) }

// FrontSplit is one value of the Front's responsibility (direct, indirect) in a Front report.
type FrontSplit struct {
	Value    string // "" for criteria without the annotation
	Label    criteria.Text
	Criteria []string
	Met      int // criteria met, summed over the communes
	Assessed int // len(Criteria) × Communes
	communes int
}

// Share is the share of these criteria met over all communes.
func (f FrontSplit) Share() Ratio { return countRatio(f.Met, f.Assessed) }

// AverageMet is the average number of these criteria met per commune.
func (f FrontSplit) AverageMet() Ratio { return countRatio(f.Met, f.communes) }

// FrontReport reports one period's commune results by the Front's content groups and by the
// Front's responsibility, as the scheme's front_report declares.
func (s *Scheme) FrontReport(results []*criteria.Result) (*FrontReport, error) {
	f := s.FrontRules
	if f == nil {
		return nil, criteria.ErrorList{inputErr("", "the scheme %s declares no front_report", s.ID)}
	}
	var errs criteria.ErrorList
	period, _ := s.checkSet(results, "result", &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	rs := s.rs
	rep := &FrontReport{Scheme: s, Period: period, Communes: len(results)}
	// Criterion indexes by group and by responsibility value.
	groupIdx := make([][]int, len(f.Groups))
	for gi, g := range f.Groups {
		fg := FrontGroup{ID: g}
		if grp, ok := rs.Group(g); ok {
			fg.Label = grp.Title
		}
		for ci, c := range rs.Criteria {
			if c.Annotation(f.Content) == g {
				fg.Criteria = append(fg.Criteria, c.ID)
				groupIdx[gi] = append(groupIdx[gi], ci)
			}
		}
		fg.Assessed = len(fg.Criteria) * len(results)
		rep.Groups = append(rep.Groups, fg)
	}
	var splitIdx [][]int
	if f.Responsibility != "" {
		key, _ := rs.Annotation(f.Responsibility)
		values := []criteria.AnnotationValue{}
		values = append(values, key.Values...)
		values = append(values, criteria.AnnotationValue{ID: "", Label: criteria.Text{VI: "Chưa phân công", EN: "Not assigned"}})
		for _, v := range values {
			sp := FrontSplit{Value: v.ID, Label: v.Label, communes: len(results)}
			var idx []int
			for ci, c := range rs.Criteria {
				if c.Annotation(f.Responsibility) == v.ID {
					sp.Criteria = append(sp.Criteria, c.ID)
					idx = append(idx, ci)
				}
			}
			if v.ID == "" && len(idx) == 0 {
				continue
			}
			sp.Assessed = len(sp.Criteria) * len(results)
			rep.Responsibility = append(rep.Responsibility, sp)
			splitIdx = append(splitIdx, idx)
		}
	}
	status := make([]criteria.Status, len(s.ids))
	for _, r := range results {
		for i := range status {
			status[i] = criteria.Unknown
		}
		for i := range r.Criteria {
			if k := s.critIndex(r, i); k >= 0 {
				status[k] = r.Criteria[i].Status
			}
		}
		for gi, idx := range groupIdx {
			all := len(idx) > 0
			for _, k := range idx {
				if met(status[k]) {
					rep.Groups[gi].Met++
				} else {
					all = false
				}
			}
			if all {
				rep.Groups[gi].MeetingAll++
			}
		}
		for si, idx := range splitIdx {
			for _, k := range idx {
				if met(status[k]) {
					rep.Responsibility[si].Met++
				}
			}
		}
	}
	for gi := range rep.Groups {
		rep.Groups[gi].Share = countRatio(rep.Groups[gi].MeetingAll, rep.Communes)
	}
	return rep, nil
}
