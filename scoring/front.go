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
func (s *Scheme) FrontReport(inputs []Input) (*FrontReport, error) {
	return s.frontReport(sliceTable(inputs))
}

// FrontReport reports the ranking's communes by the Front's content groups and
// responsibility, as Scheme.FrontReport does with the inputs the ranking was made from.
func (r *Ranking) FrontReport() (*FrontReport, error) {
	return r.Scheme.frontReport(r.inputs)
}

func (s *Scheme) frontReport(t table) (*FrontReport, error) {
	pub, s := s, s.core
	if s.FrontRules == nil || s.front == nil {
		return nil, criteria.ErrorList{inputErr("", "the scheme %s declares no front_report", s.ID)}
	}
	var errs criteria.ErrorList
	period, _, _ := s.checkTable(t, "input", &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	n := t.Len()
	ft := s.front
	rep := &FrontReport{Scheme: pub, Period: period, Communes: n}
	for _, g := range ft.groups {
		fg := g.group
		fg.Criteria = append([]string(nil), g.group.Criteria...)
		fg.Assessed = len(fg.Criteria) * n
		rep.Groups = append(rep.Groups, fg)
	}
	for _, sp := range ft.splits {
		fs := sp.split
		fs.Criteria = append([]string(nil), sp.split.Criteria...)
		fs.Assessed = len(fs.Criteria) * n
		fs.communes = n
		rep.Responsibility = append(rep.Responsibility, fs)
	}
	for i := range n {
		in := t.at(i)
		for gi, g := range ft.groups {
			n := in.now.count(&g.mask)
			rep.Groups[gi].Met += n
			if n > 0 && n == popcount(g.mask) {
				rep.Groups[gi].MeetingAll++
			}
		}
		for si, sp := range ft.splits {
			rep.Responsibility[si].Met += in.now.count(&sp.mask)
		}
	}
	for gi := range rep.Groups {
		rep.Groups[gi].Share = countRatio(rep.Groups[gi].MeetingAll, rep.Communes)
	}
	return rep, nil
}

// frontTables is the Front report's criteria by content group and by responsibility, read
// from the ruleset when the scheme is loaded.
type frontTables struct {
	groups []struct {
		group FrontGroup
		mask  [MaxCriteria / 64]uint64
	}
	splits []struct {
		split FrontSplit
		mask  [MaxCriteria / 64]uint64
	}
}

func (s *Scheme) frontTables() *frontTables {
	f := s.FrontRules
	if f == nil {
		return nil
	}
	rs := s.rs
	ft := &frontTables{}
	for _, g := range f.Groups {
		fg := FrontGroup{ID: g}
		if grp, ok := rs.Group(g); ok {
			fg.Label = grp.Title
		}
		var mask [MaxCriteria / 64]uint64
		for ci, c := range rs.Criteria {
			if c.Annotation(f.Content) == g {
				fg.Criteria = append(fg.Criteria, c.ID)
				mask[ci/64] |= 1 << (ci % 64)
			}
		}
		ft.groups = append(ft.groups, struct {
			group FrontGroup
			mask  [MaxCriteria / 64]uint64
		}{fg, mask})
	}
	if f.Responsibility != "" {
		key, _ := rs.Annotation(f.Responsibility)
		values := append([]criteria.AnnotationValue{}, key.Values...)
		values = append(values, criteria.AnnotationValue{ID: "", Label: criteria.Text{VI: "Chưa phân công", EN: "Not assigned"}})
		for _, v := range values {
			sp := FrontSplit{Value: v.ID, Label: v.Label}
			var mask [MaxCriteria / 64]uint64
			for ci, c := range rs.Criteria {
				if c.Annotation(f.Responsibility) == v.ID {
					sp.Criteria = append(sp.Criteria, c.ID)
					mask[ci/64] |= 1 << (ci % 64)
				}
			}
			if v.ID == "" && len(sp.Criteria) == 0 {
				continue
			}
			ft.splits = append(ft.splits, struct {
				split FrontSplit
				mask  [MaxCriteria / 64]uint64
			}{sp, mask})
		}
	}
	return ft
}
