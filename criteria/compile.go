package criteria

import (
	"fmt"
	"slices"
	"strings"
)

// Program is a compiled ruleset: measures resolved to field positions, expressions compiled,
// targets resolved for every allowed region and every year in force. A Program is immutable
// and safe for concurrent use by any number of goroutines.
type Program struct {
	rs        *Ruleset
	regions   []string
	y0, y1    int
	crits     []cCrit
	conds     []cInd
	nInd      int
	nChecks   int
	hasExpr   bool
	exprSlots []int // the fields any expression reads: only these are put in its variables
	derived   []int // positions of derived fields
	condIndex int   // offset of conditions in the flat indicator array
}

type cCrit struct {
	c    *Criterion
	inds []cInd
}

type cInd struct {
	ind        *Indicator
	applies    *measure
	cond       *measure
	condTarget Resolved // the target of a plain condition: true
	checks     []cCheck
}

type cCheck struct {
	ch      *Check
	m       *measure
	targets []Resolved // index: region*years + (year − y0)
}

// openYears is how many years past its start an open-ended ruleset is compiled for.
const openYears = 30

// Compile turns the ruleset into an immutable Program. Everything decidable now is done now:
// measures are bound to field positions and every target is resolved per region and year.
func (rs *Ruleset) Compile() (*Program, error) {
	if rs == nil || rs.schema == nil {
		return nil, fmt.Errorf("criteria: Compile needs a ruleset returned by Load or Parse")
	}
	p := &Program{rs: rs}
	for _, r := range rs.AllowedRegions() {
		p.regions = append(p.regions, r.ID)
	}
	p.y0, p.y1 = rs.Years()
	if p.y1 == 0 {
		p.y1 = p.y0 + openYears
	}
	if p.y0 == 0 || p.y1 < p.y0 {
		return nil, fmt.Errorf("criteria: ruleset %s has no valid effective years", rs.Ref())
	}
	for i, f := range rs.Fields {
		if f.From != nil {
			p.derived = append(p.derived, i)
		}
	}
	for _, c := range rs.Criteria {
		cc := cCrit{c: c}
		for _, ind := range c.Indicators {
			cc.inds = append(cc.inds, p.compileIndicator(ind))
		}
		p.crits = append(p.crits, cc)
	}
	p.condIndex = p.nInd
	for _, ind := range rs.Conditions {
		p.conds = append(p.conds, p.compileIndicator(ind))
	}
	return p, nil
}

func (p *Program) compileIndicator(ind *Indicator) cInd {
	rs := p.rs
	ci := cInd{ind: ind, applies: rs.applies[ind], cond: rs.conds[ind]}
	p.nInd++
	for _, m := range []*measure{ci.applies, ci.cond} {
		p.noteExpr(m)
	}
	if c := ind.Condition; c != nil {
		p.nChecks++
		ci.condTarget = Resolved{Value: BoolValue(true), Confidence: c.Confidence, Source: c.Source, Column: "all"}
	}
	years := p.y1 - p.y0 + 1
	for _, ch := range ind.Checks {
		cc := cCheck{ch: ch, m: rs.measures[ch], targets: make([]Resolved, len(p.regions)*years)}
		p.noteExpr(cc.m)
		for ri, r := range p.regions {
			for y := p.y0; y <= p.y1; y++ {
				cc.targets[ri*years+y-p.y0] = ch.Target.Resolve(r, y)
			}
		}
		ci.checks = append(ci.checks, cc)
		p.nChecks++
	}
	return ci
}

// noteExpr records that an expression measure will run, and which fields it reads.
func (p *Program) noteExpr(m *measure) {
	if m == nil || m.kind != mExpr {
		return
	}
	p.hasExpr = true
	for _, slot := range m.slots {
		if !slices.Contains(p.exprSlots, slot) {
			p.exprSlots = append(p.exprSlots, slot)
		}
	}
}

// Ruleset returns the ruleset the program was compiled from.
func (p *Program) Ruleset() *Ruleset { return p.rs }

// Target returns the target a check applies for a region and year, as resolved at compile time.
func (p *Program) Target(indicator, check, region string, year int) (Resolved, error) {
	ri := -1
	for i, r := range p.regions {
		if r == region {
			ri = i
		}
	}
	if ri < 0 {
		return Resolved{}, fmt.Errorf("region %q is not accepted by %s (accepted: %s)", region, p.rs.Ref(), strings.Join(p.regions, ", "))
	}
	if year < p.y0 || year > p.y1 {
		return Resolved{}, fmt.Errorf("year %d is outside the years %d-%d of %s", year, p.y0, p.y1, p.rs.Ref())
	}
	all := append([]cInd(nil), p.conds...)
	for _, c := range p.crits {
		all = append(all, c.inds...)
	}
	for _, ci := range all {
		if ci.ind.ID != indicator {
			continue
		}
		for _, cc := range ci.checks {
			if cc.ch.ID == check || check == "" && len(ci.checks) == 1 {
				return cc.targets[ri*(p.y1-p.y0+1)+year-p.y0], nil
			}
		}
		return Resolved{}, fmt.Errorf("indicator %s has no check %q", indicator, check)
	}
	return Resolved{}, fmt.Errorf("unknown indicator %q", indicator)
}
