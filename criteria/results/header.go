package results

import "github.com/nongthonmoi/ntm/criteria"

// model is what the header describes, laid out in the order of a unit's arrays: the
// criteria, the indicators (the criteria's in order, then the recognition conditions) and the
// checks (each indicator's in order, a plain condition counting as one). A unit's result is
// walked in the same order, and checked against it, when it is written.
type model struct {
	ruleset    criteria.RulesetInfo
	regions    []string
	from, to   int
	criteria   []criteria.CriterionInfo
	indicators []indicatorMeta
	checks     []checkMeta
	conditions int // how many indicators are recognition conditions (the last ones)
	indices    []*criteria.Index
}

type indicatorMeta struct {
	info      criteria.IndicatorInfo
	criterion string // the id of its criterion, "" for a recognition condition
	first, n  int    // its checks are checks[first : first+n]
}

type checkMeta struct {
	indicator string
	info      criteria.CheckInfo // the zero CheckInfo for a plain condition
	cond      criteria.Condition // the plain condition, when info is zero
	cells     []criteria.Resolved
}

// id is the check's id: "condition" for an indicator's plain condition.
func (c *checkMeta) id() string {
	if c.info.IsZero() {
		return conditionID
	}
	return c.info.ID()
}

// conditionID is the id the header gives an indicator's plain condition.
const conditionID = "condition"

func newModel(prog *criteria.Program) *model {
	m := &model{ruleset: prog.Info(), regions: prog.Regions(), criteria: prog.Criteria(), indices: prog.Ruleset().Indices}
	m.from, m.to = prog.Years()
	for _, c := range m.criteria {
		for _, ind := range c.Indicators() {
			m.add(prog, ind, c.ID())
		}
	}
	all := prog.Indicators()
	for _, ind := range all[len(m.indicators):] {
		m.add(prog, ind, "")
		m.conditions++
	}
	return m
}

// add describes an indicator and its checks, with every target cell the program resolved for
// them in its regions and years, each once, in the order of the regions, then of the years.
func (m *model) add(prog *criteria.Program, ind criteria.IndicatorInfo, criterion string) {
	im := indicatorMeta{info: ind, criterion: criterion, first: len(m.checks)}
	if cond, ok := ind.Condition(); ok {
		// The target of a plain condition is true, cited as the condition is.
		m.checks = append(m.checks, checkMeta{indicator: ind.ID(), cond: cond,
			cells: []criteria.Resolved{{Value: criteria.BoolValue(true), Confidence: cond.Confidence, Source: cond.Source, Column: "all"}}})
	}
	for _, ch := range ind.Checks() {
		cm := checkMeta{indicator: ind.ID(), info: ch}
		for _, r := range m.regions {
			for y := m.from; y <= m.to; y++ {
				if t, err := prog.Target(ind.ID(), ch.ID(), r, y); err == nil && cm.cell(&t) < 0 {
					cm.cells = append(cm.cells, t)
				}
			}
		}
		m.checks = append(m.checks, cm)
	}
	im.n = len(m.checks) - im.first
	m.indicators = append(m.indicators, im)
}

// cell returns the position of a resolved target among the check's cells, or -1.
func (c *checkMeta) cell(t *criteria.Resolved) int {
	for i := range c.cells {
		if sameCell(&c.cells[i], t) {
			return i
		}
	}
	return -1
}

func sameCell(a, b *criteria.Resolved) bool {
	fa, fb := a.Follows, b.Follows
	if (fa == nil) != (fb == nil) {
		return false
	}
	if a.PerUnit() || b.PerUnit() {
		// The header holds the rule of a target that follows the unit's value; each unit
		// record holds the value, in its targets.
		return fa.Field == fb.Field && fa.Times.Equal(fb.Times) && a.Confidence == b.Confidence &&
			a.Source == b.Source && a.Note == b.Note && a.Column == b.Column
	}
	if fa != nil && (fa.Indicator != fb.Indicator || !fa.Times.Equal(fb.Times) || !fa.Of.Equal(fb.Of)) {
		return false
	}
	return a.Value.Equal(b.Value) && a.Missing == b.Missing && a.Confidence == b.Confidence &&
		a.Source == b.Source && a.Note == b.Note && a.Column == b.Column
}
