package criteria

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// Program is a compiled ruleset. Compile decides everything that does not depend on a unit's
// data: measures bound to field positions, every target resolved for every accepted region
// and year, member derivations parsed, the reasons a verdict can give written out, and
// conditions that read only the period decided for every period. A Program keeps a private
// copy of the model it describes and no pointer into the Ruleset it came from, so it is
// immutable: changing the Ruleset after Compile, or anything reachable from a Result or a
// view, changes nothing it decides. It is safe for concurrent use by any number of goroutines.
type Program struct {
	source     *Ruleset // returned by Ruleset, never read
	info       *Ruleset // private copy: what the views describe
	src        *schema  // the layout units read with the ruleset have (compared, never read)
	fields     []progField
	derived    []int // positions of derived fields
	regions    []string
	y0, y1     int
	crits      []cCrit
	inds       []cInd   // every indicator: the criteria's in order, then the conditions
	nCrit      int      // number of criteria
	condAt     int      // index in inds of the first condition
	nChecks    int      // check results an explanation holds
	nPerUnit   int      // checks whose target follows a unit's value: targets an explanation holds
	title      string   // the title the ruleset grants
	nAllowed   int      // regions[:nAllowed] are the regions a unit may have
	chain      []string // the refs of the ruleset and those it extends
	noColumn   int      // with column rules, the index of the column of a unit no rule applies to
	regionRead bool     // a unit's region can choose its column: without one, a unit is refused
	columns    []cColumn

	scores  []cScore // scored indicators, in declaration order
	indices []cIndex // indices, each after those it reads

	memo map[memoKey]Resolved // while compiling: targets resolved so far

	quick        []quickCheck  // the checks of the simple indicators, laid out for Verdicts
	quickTargets []quickTarget // their targets: a row of len(quick) per target index
}

// progField is what evaluation needs of a field.
type progField struct {
	id     string
	typ    FieldType
	derive cDerive
}

// cDerive is a derived field's rule, parsed at compile time.
type cDerive struct {
	kind    deriveKind
	arg     string   // the title (history) or criterion id / title (members)
	field   string   // history: the recorded value's name, or "" for "title held"
	expr    *measure // a computed value's expression
	under   string   // history held: only a title granted under this ruleset
	derived bool
}

type deriveKind uint8

const (
	deriveNone deriveKind = iota
	deriveHistoryHeld
	deriveHistoryValue
	deriveMembersAll
	deriveMembersAllMet
	deriveMembersEligible
	deriveMembersRecognised
	deriveMembersSlipped
	deriveMembersTitle
	deriveMembersCriterion
	deriveExpr // a computed value
)

// cCrit is a compiled criterion: its indicators are inds[first : first+n].
type cCrit struct {
	info     *Criterion
	first, n int
}

// cInd is a compiled indicator or recognition condition.
type cInd struct {
	info       *Indicator
	disabled   string // "disabled: …" when the indicator is not assessed
	applies    *measure
	periodOnly []Status // applies_if decided per period when it reads only the period
	naReason   string   // "does not apply: … is false"
	cond       *measure
	condTarget Resolved // the target of a plain condition: true
	gate       bool
	simple     bool // assessed, always applies, made of checks: the quick path decides it
	quickFirst int  // where its checks start in Program.quick
	checks     []cCheck
	nResults   int // check results: 1 for a plain condition, else len(checks)
}

// cCheck is a compiled check.
type cCheck struct {
	info      *Check
	m         *measure
	quick     quickKind
	op        Op
	emptyDen  Status
	emptyWhy  string     // "empty denominator: … is 0"
	targets   []Resolved // by target index: ((column·years) + (year − y0))·halves + half
	targetWhy []string   // "target missing: …" for each target that has no value
	perUnit   bool       // a target follows one of the unit's values (Resolved.PerUnit)
}

// openYears is how many years past its start an open-ended ruleset is compiled for.
const openYears = 30

// halves is how many kinds of period a year has: the whole year, its first and second half.
const halves = 3

// Compile turns the ruleset into an immutable Program.
func (rs *Ruleset) Compile() (*Program, error) {
	if rs == nil || rs.schema == nil {
		return nil, fmt.Errorf("criteria: Compile needs a ruleset returned by Load or Parse")
	}
	p := &Program{source: rs, info: rs.freeze(), src: rs.schema, title: rs.Recognition}
	for b := rs; b != nil; b = b.Base {
		p.chain = append(p.chain, b.Ref()) // a title granted under any of these is this ruleset's
	}
	for _, r := range rs.AllowedRegions() {
		p.regions = append(p.regions, r.ID)
	}
	// The columns units are judged on: their regions, then any other column the column rules
	// choose, then, with rules, a last one for a unit no rule applies to (its targets unknown).
	p.nAllowed = len(p.regions)
	for _, id := range rs.columnIDs {
		if !slices.Contains(p.regions, id) {
			p.regions = append(p.regions, id)
		}
	}
	p.noColumn = len(p.regions)
	p.regionRead = rs.RegionChoosesTargets()
	if len(rs.Columns) > 0 {
		p.regions = append(p.regions, "")
	}
	p.y0, p.y1 = rs.Years()
	if p.y1 == 0 {
		p.y1 = p.y0 + openYears
	}
	if p.y0 == 0 || p.y1 < p.y0 {
		return nil, fmt.Errorf("criteria: ruleset %s has no valid effective years", rs.Ref())
	}
	p.memo = map[memoKey]Resolved{}
	defer func() { p.memo = nil }()
	if err := p.compileFields(rs); err != nil {
		return nil, err
	}
	p.nCrit = len(rs.Criteria)
	for k, c := range rs.Criteria {
		cc := cCrit{info: p.info.Criteria[k], first: len(p.inds), n: len(c.Indicators)}
		for j, ind := range c.Indicators {
			ci, err := p.compileIndicator(rs, ind, p.info.Criteria[k].Indicators[j])
			if err != nil {
				return nil, err
			}
			p.inds = append(p.inds, ci)
		}
		p.crits = append(p.crits, cc)
	}
	p.condAt = len(p.inds)
	for j, ind := range rs.Conditions {
		ci, err := p.compileIndicator(rs, ind, p.info.Conditions[j])
		if err != nil {
			return nil, err
		}
		ci.gate = ind.Kind == Gate
		p.inds = append(p.inds, ci)
	}
	if err := p.compileIndices(rs); err != nil {
		return nil, err
	}
	if err := p.compileColumns(rs); err != nil {
		return nil, err
	}
	p.layQuick()
	return p, nil
}

func (p *Program) compileFields(rs *Ruleset) error {
	for i, f := range rs.schema.fields {
		pf := progField{id: f.ID, typ: f.Type}
		if f.From != nil && f.From.Expr != "" {
			m := rs.computed[f.ID]
			if m == nil {
				return fmt.Errorf("criteria: computed value %s has no compiled expression", f.ID)
			}
			pf.derive = cDerive{kind: deriveExpr, expr: m, derived: true}
			p.derived = append(p.derived, i)
		} else if f.From != nil {
			d, err := parseDerivation(f.From)
			if err != nil {
				return fmt.Errorf("criteria: field %s: %v", f.ID, err)
			}
			pf.derive = d
			p.derived = append(p.derived, i)
		}
		p.fields = append(p.fields, pf)
	}
	return nil
}

// parseDerivation parses a derived field's rule once, so evaluation never reads its text.
func parseDerivation(d *Derivation) (cDerive, error) {
	if d.History != "" {
		if d.Field == "" {
			return cDerive{kind: deriveHistoryHeld, arg: d.History, under: d.Under, derived: true}, nil
		}
		return cDerive{kind: deriveHistoryValue, arg: d.History, field: d.Field, derived: true}, nil
	}
	kind, arg, _ := strings.Cut(d.Members, ":")
	out := cDerive{arg: arg, derived: true}
	switch kind {
	case "all":
		out.kind = deriveMembersAll
	case "all_met":
		out.kind = deriveMembersAllMet
	case "eligible":
		out.kind = deriveMembersEligible
	case "recognised":
		out.kind = deriveMembersRecognised
	case "slipped":
		out.kind = deriveMembersSlipped
	case "level":
		out.kind = deriveMembersTitle
	case "criterion":
		out.kind = deriveMembersCriterion
	default:
		return out, fmt.Errorf("unknown member count %q", d.Members)
	}
	return out, nil
}

func (p *Program) compileIndicator(rs *Ruleset, ind, frozen *Indicator) (cInd, error) {
	ci := cInd{info: frozen, applies: rs.applies[ind], cond: rs.conds[ind], nResults: len(ind.Checks)}
	if ind.Disabled != "" {
		ci.disabled = "disabled: " + ind.Disabled
	}
	if ind.AppliesIf != "" {
		ci.naReason = "does not apply: " + ind.AppliesIf + " is false"
	}
	if ci.applies != nil && ci.applies.periodOnly() {
		ci.periodOnly = make([]Status, (p.y1-p.y0+1)*halves)
		for y := p.y0; y <= p.y1; y++ {
			for h := 0; h < halves; h++ {
				ci.periodOnly[(y-p.y0)*halves+h] = ci.applies.decideForPeriod(y, h)
			}
		}
	}
	if c := ind.Condition; c != nil {
		ci.nResults = 1
		ci.condTarget = Resolved{Value: BoolValue(true), Confidence: c.Confidence, Source: c.Source, Column: "all"}
	}
	for k, ch := range ind.Checks {
		cc := cCheck{info: frozen.Checks[k], m: rs.measures[ch], op: ch.Op, emptyDen: ch.EmptyDenominator,
			targets: make([]Resolved, p.nTargets()), targetWhy: make([]string, p.nTargets())}
		if cc.m == nil {
			return ci, fmt.Errorf("criteria: check %s of indicator %s has no compiled measure", ch.ID, ind.ID)
		}
		cc.quick = quickOf(cc.m)
		if len(cc.m.ids) > 1 {
			cc.emptyWhy = "empty denominator: " + cc.m.ids[1] + " is 0"
		}
		for ri, r := range p.regions {
			for y := p.y0; y <= p.y1; y++ {
				for h := 0; h < halves; h++ {
					ti := p.targetIndex(ri, y, h)
					t := p.resolveAt(&ch.Target, ri, r, y, h)
					if t.PerUnit() {
						// The target follows one of the unit's values: the table holds the rule,
						// and the general path computes the value for each unit.
						i, ok := p.src.index[t.Follows.Field]
						if !ok {
							return ci, fmt.Errorf("criteria: check %s of indicator %s follows an unknown field %s", ch.ID, ind.ID, t.Follows.Field)
						}
						t.Follows.slot, t.Follows.Label = int32(i), p.src.fields[i].Label
						cc.perUnit = true
					}
					cc.targets[ti] = t
					if !t.Known() && !t.PerUnit() {
						cc.targetWhy[ti] = "target missing: " + t.Missing
					}
				}
			}
		}
		if cc.perUnit {
			cc.quick = quickNone
			p.nPerUnit++
		}
		ci.checks = append(ci.checks, cc)
	}
	ci.simple = ci.disabled == "" && ci.applies == nil && ind.Condition == nil && len(ci.checks) > 0
	p.nChecks += ci.nResults
	return ci, nil
}

// freeze returns the Program's private copy of what it describes: the ruleset's header and
// every criterion, indicator and check, copied deeply enough that nothing reachable from the
// Ruleset shares memory with it.
func (rs *Ruleset) freeze() *Ruleset {
	out := &Ruleset{ID: rs.ID, Version: rs.Version, Level: rs.Level, Levels: slices.Clone(rs.Levels), Language: rs.Language, Words: maps.Clone(rs.Words),
		levelsDeclared: rs.levelsDeclared, Recognition: rs.Recognition, Title: rs.Title,
		Description: rs.Description, Legal: append([]Document(nil), rs.Legal...), Effective: rs.Effective,
		Illustrative: rs.Illustrative, Regions: append([]Region(nil), rs.Regions...),
		RegionsOnly: append([]string(nil), rs.RegionsOnly...), hash: rs.hash}
	for _, c := range rs.Criteria {
		fc := &Criterion{ID: c.ID, Name: c.Name, Groups: append([]string(nil), c.Groups...), Pos: c.Pos, ToBeSupplied: c.ToBeSupplied,
			Annotations: make(map[string]string, len(c.Annotations))}
		for k, v := range c.Annotations {
			fc.Annotations[k] = v
		}
		for _, ind := range c.Indicators {
			fc.Indicators = append(fc.Indicators, freezeIndicator(ind))
		}
		out.Criteria = append(out.Criteria, fc)
	}
	for _, ind := range rs.Conditions {
		out.Conditions = append(out.Conditions, freezeIndicator(ind))
	}
	if rs.schema != nil {
		out.fieldLabels = make(map[string]Text, len(rs.schema.fields))
		for _, f := range rs.schema.fields {
			out.fieldLabels[f.ID] = f.Label
		}
	}
	return out
}

func freezeIndicator(ind *Indicator) *Indicator {
	fi := &Indicator{ID: ind.ID, Name: ind.Name, Unit: ind.Unit, AppliesIf: ind.AppliesIf, Disabled: ind.Disabled,
		Kind: ind.Kind, Pos: ind.Pos, apos: ind.apos}
	if ind.Condition != nil {
		c := *ind.Condition
		fi.Condition = &c
	}
	for _, ch := range ind.Checks {
		// The target table is not copied: a frozen check is described, and its targets are
		// resolved into the Program when it is compiled.
		fi.Checks = append(fi.Checks, &Check{ID: ch.ID, Label: ch.Label, Measure: ch.Measure, Op: ch.Op, Unit: ch.Unit,
			EmptyDenominator: ch.EmptyDenominator, Pos: ch.Pos, mpos: ch.mpos, opos: ch.opos})
	}
	return fi
}

// Ruleset returns the ruleset the program was compiled from, to read units and cases with.
// The program never reads it after Compile: changing it changes nothing the program decides.
func (p *Program) Ruleset() *Ruleset { return p.source }

// Info describes the ruleset the program was compiled from, as it was when compiled.
func (p *Program) Info() RulesetInfo { return RulesetInfo{p.info} }

// Criteria describes the program's criteria, in order; Verdicts.Criterion(i) is the status
// of the i-th.
func (p *Program) Criteria() []CriterionInfo {
	out := make([]CriterionInfo, len(p.crits))
	for i := range p.crits {
		out[i] = CriterionInfo{p.crits[i].info}
	}
	return out
}

// Indicators describes every indicator of the criteria, in order, then every recognition
// condition; Verdicts.Indicator(i) is the status of the i-th.
func (p *Program) Indicators() []IndicatorInfo {
	out := make([]IndicatorInfo, len(p.inds))
	for i := range p.inds {
		out[i] = IndicatorInfo{p.inds[i].info}
	}
	return out
}

// Regions returns the ids of the regions the program accepts, in the ruleset's order: a unit
// of any other region is not evaluated.
func (p *Program) Regions() []string { return append([]string(nil), p.regions...) }

// Years returns the years the program evaluates: a unit's period must fall in from…until. For
// an open-ended ruleset until is the last year the program was compiled for.
func (p *Program) Years() (from, until int) { return p.y0, p.y1 }

// CriterionIndex returns the position of a criterion by id.
func (p *Program) CriterionIndex(id string) (int, bool) {
	for i := range p.crits {
		if p.crits[i].info.ID == id {
			return i, true
		}
	}
	return 0, false
}

// IndicatorIndex returns the position of an indicator or recognition condition by id
// (criteria first, as in Indicators).
func (p *Program) IndicatorIndex(id string) (int, bool) {
	for i := range p.inds {
		if p.inds[i].info.ID == id {
			return i, true
		}
	}
	return 0, false
}

// Target returns the target a check applies for a region and year, as resolved at compile time.
// An error is an *Error: CodeUnit for a region or year the program does not accept,
// CodeRefIndicator for an indicator or check it does not have.
func (p *Program) Target(indicator, check, region string, year int) (Resolved, error) {
	ri := p.regionIndex(region)
	if ri < 0 {
		return Resolved{}, &Error{Code: CodeUnit, Suggest: ydec.Suggest(region, p.regions),
			Message: fmt.Sprintf("region %q is not accepted by %s (accepted: %s)", region, p.info.Ref(), strings.Join(p.regions, ", "))}
	}
	if year < p.y0 || year > p.y1 {
		return Resolved{}, &Error{Code: CodeUnit, Message: fmt.Sprintf("year %d is outside the years %d-%d of %s", year, p.y0, p.y1, p.info.Ref())}
	}
	for i := range p.inds {
		ci := &p.inds[i]
		if ci.info.ID != indicator {
			continue
		}
		checks := make([]string, len(ci.checks))
		for k, cc := range ci.checks {
			if cc.info.ID == check || check == "" && len(ci.checks) == 1 {
				return cc.targets[p.targetIndex(ri, year, 0)], nil
			}
			checks[k] = cc.info.ID
		}
		return Resolved{}, &Error{Code: CodeRefIndicator, Suggest: ydec.Suggest(check, checks),
			Message: fmt.Sprintf("indicator %s has no check %q", indicator, check)}
	}
	ids := make([]string, len(p.inds))
	for i := range p.inds {
		ids[i] = p.inds[i].info.ID
	}
	return Resolved{}, &Error{Code: CodeRefIndicator, Suggest: ydec.Suggest(indicator, ids),
		Message: fmt.Sprintf("unknown indicator %q", indicator)}
}

// resolveAt resolves a target for a column and year: the column of a unit no column rule
// applies to has none.
func (p *Program) resolveAt(t *Target, ri int, column string, year, half int) Resolved {
	if ri == p.noColumn && column == "" {
		return Resolved{Missing: "no rule chooses the unit's target column", Column: ""}
	}
	return t.resolve(column, year, half, p.memo)
}

// nTargets is the size of a target table: a cell per column, year and kind of period.
func (p *Program) nTargets() int { return len(p.regions) * (p.y1 - p.y0 + 1) * halves }

func (p *Program) regionIndex(region string) int {
	for i, r := range p.regions {
		if r == region {
			return i
		}
	}
	return -1
}

// targetIndex places a column, year and half (0 the whole year) in a target table: a cell in
// force from a date within a year may differ between a year's halves.
func (p *Program) targetIndex(region, year, half int) int {
	return (region*(p.y1-p.y0+1)+year-p.y0)*halves + half
}
