package criteria

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"unicode/utf8"
)

// Cost is what improving one indicator costs, as a cost table supplies it: a price per unit of
// the indicator's measure (per percentage point, per km, per household…). A check with a
// numeric gap costs the gap times the price; a check without one (a yes/no, a document) costs
// the price once.
type Cost struct {
	PerUnit Number
	Unit    string // what one unit of the measure is, as the table says ("km", "điểm %"), for display
	Source  string // where the price comes from, as the table says
	Line    int    // the table's line
}

// Costs is a cost table: a price for some of a ruleset's indicators. An indicator the table does
// not price has no cost: it is never given one.
type Costs struct {
	File    string
	Ruleset string // the ruleset it prices (id@version)
	byID    map[string]Cost
}

// MaxCostRows bounds a cost table: a ruleset has at most a few hundred indicators.
const MaxCostRows = 10000

// MaxCostPerUnit bounds a price (10^12), so that a plan's sums stay exact.
var MaxCostPerUnit = IntNumber(1_000_000_000_000)

// ReadCosts reads a cost table for rs from CSV: a header with the columns indicator and
// cost_per_unit, and optionally unit and source; one row per indicator (its id, as in the
// ruleset: 2.1, 17.5). A price is a number ≥ 0, written with a decimal point. Every problem is
// reported at its line, as an ErrorList.
func ReadCosts(r io.Reader, name string, rs *Ruleset) (*Costs, error) {
	if rs == nil {
		return nil, errors.New("criteria: ReadCosts needs the ruleset the table prices")
	}
	data, err := io.ReadAll(io.LimitReader(r, 8<<20+1))
	if err != nil {
		return nil, err
	}
	fail := func(line int, code Code, format string, args ...any) *Error {
		return &Error{File: name, Line: line, Code: code, Severity: SeverityError, Message: fmt.Sprintf(format, args...)}
	}
	if len(data) > 8<<20 {
		return nil, ErrorList{fail(1, CodeDataLimit, "the table is larger than 8 MB")}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, ErrorList{fail(1, CodeDataEncoding, "the table is not UTF-8: save it as CSV UTF-8")}
	}
	known := map[string]bool{}
	var ids []string
	for _, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			known[ind.ID] = true
			ids = append(ids, ind.ID)
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	header, err := cr.Read()
	if err != nil {
		return nil, ErrorList{fail(1, CodeSyntax, "the header cannot be read: %v", err)}
	}
	col := map[string]int{}
	var errs ErrorList
	for i, h := range header {
		h = strings.TrimSpace(h)
		switch h {
		case "indicator", "cost_per_unit", "unit", "source":
			if _, dup := col[h]; dup {
				errs = append(errs, fail(1, CodeDataColumn, "the column %s is given twice", h))
			}
			col[h] = i
		default:
			errs = append(errs, fail(1, CodeDataColumn, "unknown column %q: the columns are indicator, cost_per_unit, unit, source", h))
		}
	}
	for _, need := range []string{"indicator", "cost_per_unit"} {
		if _, ok := col[need]; !ok {
			errs = append(errs, fail(1, CodeDataColumn, "the column %s is missing", need))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c := &Costs{File: name, Ruleset: rs.Ref(), byID: map[string]Cost{}}
	cell := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for rows := 0; ; rows++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			errs = append(errs, fail(line, CodeSyntax, "%v", err))
			break
		}
		if rows >= MaxCostRows {
			errs = append(errs, fail(line, CodeDataLimit, "more than %d rows", MaxCostRows))
			break
		}
		id, price := cell(rec, "indicator"), cell(rec, "cost_per_unit")
		switch {
		case id == "" && price == "":
			continue
		case !known[id]:
			e := fail(line, CodeRefIndicator, "indicator %q is not in %s", id, rs.Ref())
			e.Suggest = suggest(id, ids)
			errs = append(errs, e)
			continue
		}
		if prev, dup := c.byID[id]; dup {
			errs = append(errs, fail(line, CodeIDDuplicate, "indicator %s is priced twice (line %d)", id, prev.Line))
			continue
		}
		n, err := ParseNumber(price)
		switch {
		case price == "":
			errs = append(errs, fail(line, CodeData, "indicator %s: no cost_per_unit; leave the indicator out of the table if it has no price", id))
			continue
		case err != nil || n.Sign() < 0:
			errs = append(errs, fail(line, CodeData, "indicator %s: cost_per_unit %q is not a number ≥ 0 (write 1500000 or 2.5)", id, price))
			continue
		case n.Cmp(MaxCostPerUnit) > 0:
			errs = append(errs, fail(line, CodeDataRange, "indicator %s: cost_per_unit %s is more than %s: write the price in a larger unit (million đồng)", id, price, MaxCostPerUnit))
			continue
		}
		c.byID[id] = Cost{PerUnit: n, Unit: cell(rec, "unit"), Source: cell(rec, "source"), Line: line}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(c.byID) == 0 {
		return nil, ErrorList{fail(1, CodeData, "the table prices no indicator")}
	}
	return c, nil
}

// Of returns the price of an indicator, and whether the table gives one.
func (c *Costs) Of(indicator string) (Cost, bool) {
	if c == nil {
		return Cost{}, false
	}
	x, ok := c.byID[indicator]
	return x, ok
}

// UnitCost returns what meeting an indicator costs one unit: for each of its checks not met,
// the gap times the price (the price once for a check without a numeric gap). ok is false when
// the table does not price the indicator or a check is unknown (its gap is not known); the
// cost is zero for an indicator the unit meets.
func (c *Costs) UnitCost(r *Result, indicator string) (cost Number, ok bool) {
	price, ok := c.Of(indicator)
	if !ok || r == nil {
		return Number{}, false
	}
	ir := findIndicator(r, indicator)
	if ir == nil {
		return Number{}, false
	}
	if ir.Status == Met || ir.Status == NotApplicable {
		return Number{}, true
	}
	for k := range ir.Checks {
		ch := &ir.Checks[k]
		add := price.PerUnit
		switch {
		case ch.Status == Unknown:
			return Number{}, false
		case ch.Status != NotMet:
			continue
		case ch.HasGap:
			if add, ok = mulNum(ch.Gap, price.PerUnit); !ok {
				return Number{}, false
			}
		}
		if cost, ok = addNum(cost, add); !ok {
			return Number{}, false
		}
	}
	return cost, true
}

func findIndicator(r *Result, id string) *IndicatorResult {
	for i := range r.Criteria {
		for j := range r.Criteria[i].Indicators {
			if r.Criteria[i].Indicators[j].Indicator.ID() == id {
				return &r.Criteria[i].Indicators[j]
			}
		}
	}
	return nil
}

// rateCmp compares the rate of n1 units for cost c1 with n2 for c2: +1 when the first gives
// more units per cost (a zero cost is the best rate for any unit; no unit, the worst), 0 when
// they are equal, compared exactly.
func rateCmp(n1 int, c1 Number, n2 int, c2 Number) int {
	switch {
	case n1 == 0 || n2 == 0:
		return cmpInt(n1, n2)
	case c1.Sign() == 0 && c2.Sign() == 0:
		return cmpInt(n1, n2)
	case c1.Sign() == 0:
		return 1
	case c2.Sign() == 0:
		return -1
	}
	a := new(big.Rat).Mul(big.NewRat(int64(n1), 1), c2.rat())
	b := new(big.Rat).Mul(big.NewRat(int64(n2), 1), c1.rat())
	return a.Cmp(b)
}

func cmpInt(a, b int) int {
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}
