package gen

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

// CommuneRuleset is the rule file the commune data are typed by and calibrated against.
const CommuneRuleset = "camau/xa-ntm-2016-2020.yaml"

// CommunesFile is the name of the commune data file in examples/data.
const CommunesFile = "camau-communes.csv"

// reserved are the columns that identify a row; every other column is a field of the ruleset.
var reserved = []string{"code", "name", "district", "region", "period", "history"}

// Communes returns the commune sample data as CSV: a header of column ids, then one row per
// commune and period, sorted by period then code. Every row has been evaluated with the engine
// and gives exactly the verdicts the generator chose.
func Communes() ([]byte, error) {
	s, err := communeSample()
	if err != nil {
		return nil, err
	}
	return s.csv, nil
}

// sample is the commune data with the engine's verdicts, per period in code order.
type sample struct {
	csv     []byte
	results [nPeriods][]*criteria.Result
}

func communeSample() (*sample, error) {
	rs, err := criteria.Load(rules.FS, CommuneRuleset)
	if err != nil {
		return nil, err
	}
	prog, err := rs.Compile()
	if err != nil {
		return nil, err
	}
	paths, err := statuses()
	if err != nil {
		return nil, err
	}
	cols := dataColumns(rs)
	if !slices.IsSortedFunc(communes, func(a, b commune) int { return strings.Compare(a.Code, b.Code) }) {
		return nil, fmt.Errorf("gen: communes are not in code order")
	}
	s := &sample{}
	tg := newTargets(prog)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(append(slices.Clone(reserved), cols...)); err != nil {
		return nil, err
	}
	for p := range nPeriods {
		for _, c := range communes {
			vals, err := makeRow(tg, c, p, paths[c.Code])
			if err != nil {
				return nil, err
			}
			gapField, gapCrit := gap(c, c.Code, p, paths[c.Code][p])
			if gapField != "" {
				vals[gapField] = ""
			}
			if err := covers(rs, cols, vals); err != nil {
				return nil, err
			}
			u, err := unitOf(rs, c, p, vals, history(c.Code, p))
			if err != nil {
				return nil, err
			}
			res, err := verify(prog, tg, u, c, c.Code, p, paths[c.Code][p], gapCrit)
			if err != nil {
				return nil, err
			}
			s.results[p] = append(s.results[p], res)
			rec := []string{c.Code, c.Name, districtByCode(c.District).Name, "dbscl", periods[p].String(), historyText(c.Code, p)}
			for _, col := range cols {
				rec = append(rec, vals[col])
			}
			if err := w.Write(rec); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	s.csv = buf.Bytes()
	return s, nil
}

// dataColumns returns the ids of the ruleset's fields a unit supplies (not derived), in order.
func dataColumns(rs *criteria.Ruleset) []string {
	var cols []string
	for _, f := range rs.Fields {
		if f.From == nil {
			cols = append(cols, f.ID)
		}
	}
	return cols
}

// covers checks that the generated values are exactly the ruleset's data fields.
func covers(rs *criteria.Ruleset, cols []string, vals map[string]string) error {
	for _, col := range cols {
		if _, ok := vals[col]; !ok {
			return fmt.Errorf("gen: no value generated for field %q of %s", col, rs.Ref())
		}
	}
	if len(vals) != len(cols) {
		for id := range vals {
			if !slices.Contains(cols, id) {
				return fmt.Errorf("gen: field %q is not a data field of %s", id, rs.Ref())
			}
		}
	}
	return nil
}

// history returns the recognitions known at the period: a title for year Y is decided at the
// end of Y, so the mid-2020 review lists those up to 2019.
func history(code string, p int) []criteria.Recognition {
	if !recognisedAt(code, p) {
		return nil
	}
	return []criteria.Recognition{{Level: "ntm", Year: recognised[code]}}
}

// historyText writes the history in the CSV syntax: level@year, separated by "; ".
func historyText(code string, p int) string {
	s := ""
	for i, h := range history(code, p) {
		if i > 0 {
			s += "; "
		}
		s += h.Level + "@" + strconv.Itoa(h.Year)
	}
	return s
}

// unitOf types a generated row with the ruleset's fields into the unit a data file reader
// would give.
func unitOf(rs *criteria.Ruleset, c commune, p int, vals map[string]string, hist []criteria.Recognition) (*criteria.Unit, error) {
	vs, err := valuesOf(rs, vals)
	if err != nil {
		return nil, fmt.Errorf("gen: %s %s: %w", c.Code, periods[p], err)
	}
	return &criteria.Unit{Code: c.Code, Name: c.Name, District: districtByCode(c.District).Name, Region: "dbscl",
		Period: periods[p], Values: vs, History: hist}, nil
}

// verify evaluates the unit of a generated row with the engine and checks every verdict the
// generator chose for a commune following story's facts.
func verify(prog *criteria.Program, tg *targets, u *criteria.Unit, c commune, story string, p int, met set, gapCrit int) (*criteria.Result, error) {
	res, err := prog.Evaluate(context.Background(), u)
	if err != nil {
		return nil, err
	}
	where := fmt.Sprintf("gen: %s %s %s", c.Code, c.Name, periods[p])
	year := periods[p].Year
	unknown := false
	for _, cr := range res.Criteria {
		k, err := strconv.Atoi(cr.Criterion.ID())
		if err != nil {
			return nil, fmt.Errorf("%s: unexpected criterion id %q", where, cr.Criterion.ID())
		}
		want := criteria.NotMet
		if met.has(k) {
			want = criteria.Met
		}
		if k == gapCrit || want == criteria.Met && !targetsKnown(tg, prog.Ruleset().Criteria[critIndex(prog.Ruleset(), cr.Criterion.ID())], year) {
			want = criteria.Unknown
		}
		if want == criteria.NotMet && !targetsKnown(tg, prog.Ruleset().Criteria[critIndex(prog.Ruleset(), cr.Criterion.ID())], year) {
			want = cr.Status // a shortfall on a check without target may read as unknown
		}
		if cr.Status != want {
			return nil, fmt.Errorf("%s: criterion %d is %s, the generator chose %s", where, k, cr.Status, want)
		}
		unknown = unknown || want == criteria.Unknown
	}
	if noMarket(story) {
		if ir, ok := res.Indicator("7"); !ok || ir.Status != criteria.NotApplicable {
			return nil, fmt.Errorf("%s: indicator 7 should be not applicable (no market in the plan)", where)
		}
	}
	if res.Recognised() != recognisedAt(story, p) {
		return nil, fmt.Errorf("%s: recognised %v, history says %v", where, res.Recognised(), recognisedAt(story, p))
	}
	wantSlip := criteria.No
	switch {
	case len(slipped(story, p)) > 0:
		wantSlip = criteria.Yes
	case recognisedAt(story, p) && unknown:
		wantSlip = criteria.TruthUnknown
	}
	if res.Slipped != wantSlip {
		return nil, fmt.Errorf("%s: slipped %s, want %s", where, res.Slipped, wantSlip)
	}
	// Eligible exactly in the year of a recognition decided on the period's data.
	eligible := periods[p].Half == 0 && recognised[story] == year
	if (res.Eligible == criteria.Yes) != eligible {
		return nil, fmt.Errorf("%s: eligible %s, but the history says recognised for %d", where, res.Eligible, recognised[story])
	}
	return res, nil
}

// targetsKnown reports whether every check of the criterion has a target for the year.
// critIndex returns the position of a criterion of rs by id.
func critIndex(rs *criteria.Ruleset, id string) int {
	for i, c := range rs.Criteria {
		if c.ID == id {
			return i
		}
	}
	return -1
}

func targetsKnown(tg *targets, cr *criteria.Criterion, year int) bool {
	for _, ind := range cr.Indicators {
		for _, ch := range ind.Checks {
			if !tg.known(ind.ID, ch.ID, year) {
				return false
			}
		}
	}
	return true
}

// valuesOf types the values with the ruleset's fields, as a data file reader would.
func valuesOf(rs *criteria.Ruleset, vals map[string]string) (*criteria.Values, error) {
	vs := rs.NewValues()
	for id, v := range vals {
		if err := vs.SetString(id, v); err != nil {
			return nil, err
		}
	}
	return vs, nil
}
