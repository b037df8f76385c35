package scoring

import (
	"slices"

	"github.com/nongthonmoi/ntm/criteria"
)

// BandReport groups the communes of one period in the scheme's reporting bands, as provincial
// reports do ("30 xã đạt chuẩn; 22 xã đạt 15-18 tiêu chí; …; bình quân 15,5 tiêu chí/xã").
// A band is decided by the criteria met now (unknown criteria are not counted); when the
// scheme declares a recognised row, recognised communes are counted there instead, whatever
// their count.
type BandReport struct {
	Scheme     *Scheme
	Period     criteria.Period
	Units      int // communes reported
	Recognised int // communes holding the title
	Slipped    int // recognised communes no longer meeting every criterion
	Met        int // criteria met, summed over the communes
	Unknown    int // communes with at least one criterion unknown (their band may be too low)
	Bands      []BandRow
	Districts  []DistrictBands // the same counts by district, in code order
}

// BandRow is one row of a band report.
type BandRow struct {
	Band              Band
	Recognised        bool     // this is the recognised row
	Count             int      // communes in the row
	Share             Ratio    // Count / Units
	OfWhichRecognised int      // recognised communes counted in this row (all of them in the recognised row)
	OfWhichSlipped    int      // slipped communes counted in this row
	Codes             []string // the communes, in code order
}

// DistrictBands is a district's line of a band report.
type DistrictBands struct {
	District string
	Units    int
	Counts   []int // by row of the report
	Met      int
}

// AverageMet is the average number of criteria met per commune.
func (b *BandReport) AverageMet() Ratio { return countRatio(b.Met, b.Units) }

// Bands groups the communes of one period in the scheme's reporting bands.
func (s *Scheme) Bands(results []*criteria.Result) (*BandReport, error) {
	if len(s.BandRules.ByMet) == 0 {
		return nil, criteria.ErrorList{inputErr("", "the scheme %s declares no reporting bands", s.ID)}
	}
	var errs criteria.ErrorList
	period, _ := s.checkSet(results, "result", &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	rep := &BandReport{Scheme: s, Period: period}
	if s.BandRules.Recognised != nil {
		rep.Bands = append(rep.Bands, BandRow{Band: *s.BandRules.Recognised, Recognised: true})
	}
	for _, b := range s.BandRules.ByMet {
		rep.Bands = append(rep.Bands, BandRow{Band: b})
	}
	sorted := slices.Clone(results)
	slices.SortFunc(sorted, func(a, b *criteria.Result) int { return cmpCode(a.Unit.Code, b.Unit.Code) })
	districtAt := map[string]int{}
	for _, r := range sorted {
		n := 0
		for i := range r.Criteria {
			if met(r.Criteria[i].Status) {
				n++
			}
		}
		band := s.bandOf(r.Recognised(), n)
		row := -1
		for i := range rep.Bands {
			if band != nil && rep.Bands[i].Band.ID == band.ID {
				row = i
			}
		}
		rep.Units++
		rep.Met += n
		if r.Unknown > 0 {
			rep.Unknown++
		}
		if r.Recognised() {
			rep.Recognised++
		}
		if r.Slipped == criteria.Yes {
			rep.Slipped++
		}
		if row >= 0 {
			br := &rep.Bands[row]
			br.Count++
			br.Codes = append(br.Codes, r.Unit.Code)
			if r.Recognised() {
				br.OfWhichRecognised++
			}
			if r.Slipped == criteria.Yes {
				br.OfWhichSlipped++
			}
		}
		k, ok := districtAt[r.Unit.District]
		if !ok {
			k = len(rep.Districts)
			districtAt[r.Unit.District] = k
			rep.Districts = append(rep.Districts, DistrictBands{District: r.Unit.District, Counts: make([]int, len(rep.Bands))})
		}
		db := &rep.Districts[k]
		db.Units++
		db.Met += n
		if row >= 0 {
			db.Counts[row]++
		}
	}
	for i := range rep.Bands {
		rep.Bands[i].Share = countRatio(rep.Bands[i].Count, rep.Units)
	}
	slices.SortStableFunc(rep.Districts, func(a, b DistrictBands) int { return cmpCode(a.District, b.District) })
	return rep, nil
}
