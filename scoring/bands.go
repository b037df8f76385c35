package scoring

import (
	"slices"

	"github.com/nongthonmoi/ntm/criteria"
)

// BandReport groups the communes of one period in the scheme's reporting bands, as provincial
// reports do ("5 xã đạt 19/19 tiêu chí; 44 xã đạt từ 15 đến 18 tiêu chí (trong đó đã bao gồm 30
// xã đạt chuẩn nhưng đã có tiêu chí rớt chuẩn); …; bình quân 15,0 tiêu chí/xã"). A commune's band
// is decided by the criteria it meets now (unknown criteria are not counted), whether or not it
// is recognised; recognition and slipping are counted beside each band, and in all.
type BandReport struct {
	Scheme     *Scheme
	Period     criteria.Period
	Units      int // communes reported
	Recognised int // communes holding the title
	Slipped    int // recognised communes no longer meeting every criterion
	Met        int // criteria met, summed over the communes
	Unknown    int // communes with at least one criterion unknown (their band may be too low)
	Bands      []BandRow
	Districts  []DistrictBands // the same counts by district, in code order; the communes without a district last
}

// BandRow is one row of a band report.
type BandRow struct {
	Band              Band
	Count             int      // communes meeting the band's number of criteria now
	Share             Ratio    // Count / Units
	OfWhichRecognised int      // of them, communes holding the title
	OfWhichSlipped    int      // of them, recognised communes no longer meeting every criterion
	Codes             []string // the communes, in code order
}

// DistrictBands is a district's line of a band report. District is "" for the communes whose
// results name no district.
type DistrictBands struct {
	District   string
	Units      int
	Counts     []int // by row of the report
	Met        int
	Recognised int // communes holding the title, whatever their band
	Slipped    int // recognised communes no longer meeting every criterion
}

// AverageMet is the average number of criteria met per commune.
func (b *BandReport) AverageMet() Ratio { return countRatio(b.Met, b.Units) }

// Bands groups the communes of one period in the scheme's reporting bands by the criteria they
// meet now.
func (s *Scheme) Bands(inputs []Input) (*BandReport, error) {
	return s.bands(sliceTable(inputs), true)
}

// Bands groups the ranking's communes in the scheme's reporting bands, as Scheme.Bands does
// with the inputs the ranking was made from.
func (r *Ranking) Bands() (*BandReport, error) {
	return r.Scheme.bands(r.inputs, true)
}

// Overview is Bands for any scheme: the totals of one period (units, recognised, slipped,
// criteria met, units with criteria unknown) and the same by district, with the scheme's band
// rows when it declares bands and none when it does not (a scheme that only tracks goals).
func (s *Scheme) Overview(inputs []Input) (*BandReport, error) {
	return s.bands(sliceTable(inputs), false)
}

func (s *Scheme) bands(t table, needBands bool) (*BandReport, error) {
	pub, s := s, s.core
	if needBands && len(s.BandRules.ByMet) == 0 {
		return nil, criteria.ErrorList{inputErr("", "the scheme %s declares no reporting bands", s.ID)}
	}
	var errs criteria.ErrorList
	period, order, _ := s.checkTable(t, "input", &errs)
	if len(errs) > 0 {
		return nil, errs
	}
	rep := &BandReport{Scheme: pub, Period: period}
	for i := range s.BandRules.ByMet {
		rep.Bands = append(rep.Bands, BandRow{Band: *s.bandAt(int16(i))})
	}
	districtAt := map[string]int{}
	for _, i := range order {
		r := t.at(int(i))
		n := r.Met
		row := int(s.bandIndex(n))
		recognised, slipped := r.Recognised, r.Slipped == criteria.Yes
		rep.Units++
		rep.Met += n
		if r.Unknown > 0 {
			rep.Unknown++
		}
		if recognised {
			rep.Recognised++
		}
		if slipped {
			rep.Slipped++
		}
		if row >= 0 {
			br := &rep.Bands[row]
			br.Count++
			br.Codes = append(br.Codes, r.Code)
			if recognised {
				br.OfWhichRecognised++
			}
			if slipped {
				br.OfWhichSlipped++
			}
		}
		d := r.District
		k, ok := districtAt[d]
		if !ok {
			k = len(rep.Districts)
			districtAt[d] = k
			rep.Districts = append(rep.Districts, DistrictBands{District: d, Counts: make([]int, len(rep.Bands))})
		}
		db := &rep.Districts[k]
		db.Units++
		db.Met += n
		if row >= 0 {
			db.Counts[row]++
		}
		if recognised {
			db.Recognised++
		}
		if slipped {
			db.Slipped++
		}
	}
	for i := range rep.Bands {
		rep.Bands[i].Share = countRatio(rep.Bands[i].Count, rep.Units)
	}
	slices.SortStableFunc(rep.Districts, func(a, b DistrictBands) int { return cmpDistrict(a.District, b.District) })
	return rep, nil
}
