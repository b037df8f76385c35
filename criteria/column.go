package criteria

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// ColumnRule is one rule choosing the target column a unit is judged on, from its data. A
// ruleset's rules are tried in order and the first that applies chooses:
//
//   - When and Use: when the condition holds, the column Use ("an extremely disadvantaged
//     commune is judged on the northern-mountain column whatever its region"); when the
//     condition is unknown, no column can be chosen;
//   - Field: the column the value of an enumerated field names (a commune group); a unit
//     without the value goes on to the next rule;
//   - Region: the unit's own region.
//
// A unit no rule applies to has no column: its targets are unknown, with the reason. Without
// rules, a unit is judged on its region's column, as before.
type ColumnRule struct {
	When    string
	Use     string
	Field   string
	Region  bool
	Because Text // why the rule chooses, for a reader
	Pos     Pos
	wpos    Pos
}

// RegionChoosesTargets reports whether a unit's region can choose its target column: always
// without column rules, and with them only when a rule reads the region (region: true). When
// it cannot, the region is optional in the data: a unit without one is judged on the column
// its data chooses.
func (rs *Ruleset) RegionChoosesTargets() bool {
	if len(rs.Columns) == 0 {
		return true
	}
	for _, r := range rs.Columns {
		if r.Region {
			return true
		}
	}
	return false
}

func (f *fileDoc) parseColumns(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "columns")
	if !ok {
		return
	}
	f.hasColumns = true
	for i, it := range items {
		p := fmt.Sprintf("columns › %d", i+1)
		_, idx, ok := d.Mapping(it, p, []string{"when", "use", "field", "region", "because"})
		if !ok {
			continue
		}
		r := ColumnRule{Pos: d.Pos(it)}
		r.When, r.wpos = d.OptStr(idx["when"], p+" › when"), d.ExprPos(idx["when"])
		r.Use = d.OptStr(idx["use"], p+" › use")
		r.Field = d.OptStr(idx["field"], p+" › field")
		if v := idx["region"]; v != nil {
			r.Region, _ = d.Bool(v, p+" › region")
			if !r.Region {
				d.Errorf(v, p+" › region", CodeValue, "region: true chooses the unit's region; leave the rule out instead of false")
			}
		}
		if v := idx["because"]; v != nil {
			r.Because = text(d, v, p+" › because")
		}
		kinds := 0
		if r.When != "" || r.Use != "" {
			kinds++
			if r.When == "" || r.Use == "" {
				d.Errorf(it, p, CodeKeyMissing, "when: and use: go together: when the condition holds, use that column")
			}
		}
		if r.Field != "" {
			kinds++
		}
		if r.Region {
			kinds++
		}
		if kinds != 1 {
			d.Errorf(it, p, CodeKeyMissing, "a column rule is one of: when: … use: …, field: …, or region: true")
			continue
		}
		f.columns = append(f.columns, r)
	}
	if len(items) == 0 {
		d.Errorf(n, "columns", CodeKeyMissing, "columns lists at least one rule (or leave it out: units are judged on their region's column)")
	}
}

// checkColumns checks the column rules against the ruleset and returns the columns they can
// choose: each a declared region, which the target tables are keyed by.
func (rs *Ruleset) checkColumns(d *dec, env *exprEnv) []string {
	if len(rs.Columns) == 0 {
		return nil
	}
	rs.columnConds = map[int]*measure{}
	var reach []string
	addCol := func(id string) {
		if !slices.Contains(reach, id) {
			reach = append(reach, id)
		}
	}
	ids := regionIDs(rs.Regions)
	for i, r := range rs.Columns {
		p := fmt.Sprintf("columns › %d", i+1)
		switch {
		case r.Use != "":
			if _, ok := rs.Region(r.Use); !ok {
				e := d.ErrorAt(r.Pos, p+" › use", CodeRefRegion, "unknown column %q: a column is a declared region", r.Use)
				e.Near(r.Use, ids)
				continue
			}
			addCol(r.Use)
			m := rs.compileAt(d, r.When, r.wpos, p+" › when", env)
			if m == nil {
				continue
			}
			if m.result != kindBool {
				d.ErrorAt(r.wpos, p+" › when", CodeExpr, "when: must be a boolean expression")
				continue
			}
			rs.columnConds[i] = m
		case r.Field != "":
			f, ok := rs.Field(r.Field)
			switch {
			case !ok:
				e := d.ErrorAt(r.Pos, p+" › field", CodeRefField, "unknown field %q", r.Field)
				e.Near(r.Field, rs.schema.ids())
			case f.Type != TypeText || len(f.Values) == 0:
				d.ErrorAt(r.Pos, p+" › field", CodeType, "field %s chooses a column by its value: it must be a text field that lists its values (values: …)", f.ID)
			default:
				var undeclared []string
				for _, v := range f.Values {
					if _, ok := rs.Region(v.ID); !ok {
						undeclared = append(undeclared, v.ID)
					} else {
						addCol(v.ID)
					}
				}
				if len(undeclared) > 0 {
					d.ErrorAt(r.Pos, p+" › field", CodeRefRegion, "the values %s of %s name no declared column (region)", strings.Join(undeclared, ", "), f.ID)
				}
			}
		case r.Region:
			for _, reg := range rs.AllowedRegions() {
				addCol(reg.ID)
			}
		}
	}
	return reach
}

// cColumn is a compiled column rule.
type cColumn struct {
	info  *ColumnRule
	cond  *measure
	use   int   // the column index, for when/use
	field int   // the field's slot, for field
	vals  []int // for field: the column index of each of the field's values, by value order
}

// compileColumns lays out the column rules against the program's columns.
func (p *Program) compileColumns(rs *Ruleset) error {
	for i := range rs.Columns {
		r := rs.Columns[i]
		c := cColumn{info: &r, use: -1, field: -1}
		switch {
		case r.Use != "":
			c.cond, c.use = rs.columnConds[i], p.regionIndex(r.Use)
			if c.cond == nil || c.use < 0 {
				return fmt.Errorf("criteria: column rule %d is not compiled", i+1)
			}
		case r.Field != "":
			j, ok := rs.schema.index[r.Field]
			if !ok {
				return fmt.Errorf("criteria: column rule %d reads an unknown field", i+1)
			}
			c.field = j
			for _, v := range rs.schema.fields[j].Values {
				c.vals = append(c.vals, p.regionIndex(v.ID))
			}
		}
		p.columns = append(p.columns, c)
	}
	return nil
}

// placeColumn chooses the unit's target column by the rules, once its values are known, and
// sets the target index; with no rule applying, the pseudo-column whose targets are unknown.
func (p *Program) placeColumn(s *evalState, u *Unit) {
	if len(p.columns) == 0 {
		return
	}
	s.column = p.chooseColumn(s, u)
	ci := s.column.index
	if ci < 0 {
		ci = p.noColumn
	}
	s.ti = p.targetIndex(ci, u.Period.Year, u.Period.Half)
}

// columnChoice is the column chosen for a unit and the rule that chose it (-1: none applied).
type columnChoice struct {
	index, rule int
	unknown     bool // a rule could not tell (its condition is unknown)
}

func (p *Program) chooseColumn(s *evalState, u *Unit) columnChoice {
	for k := range p.columns {
		c := &p.columns[k]
		switch {
		case c.cond != nil:
			var r measured
			s.measure(c.cond, &r)
			if r.unknown || r.err != "" {
				return columnChoice{index: -1, rule: k, unknown: true}
			}
			if r.v.b {
				return columnChoice{index: c.use, rule: k}
			}
		case c.field >= 0:
			v := s.vals[c.field]
			if v.kind != kindText {
				continue // no value: the next rule decides
			}
			for j, fv := range p.src.fields[c.field].Values {
				if fv.ID == v.str() {
					return columnChoice{index: c.vals[j], rule: k}
				}
			}
		case c.info.Region:
			if ri := p.regionIndex(u.Region); ri >= 0 && ri < p.noColumn {
				return columnChoice{index: ri, rule: k}
			}
		}
	}
	return columnChoice{index: -1, rule: -1}
}

// ColumnChoice says which target column a unit was judged on and why.
type ColumnChoice struct {
	Column string // the column id ("" when none could be chosen)
	Name   Text   // the column's name
	Why    Text   // the rule that chose it, or why none could
}

// explainColumn describes the choice for a result.
func (p *Program) explainColumn(s *evalState, u *Unit) *ColumnChoice {
	if len(p.columns) == 0 {
		return nil
	}
	ch := s.column
	out := &ColumnChoice{}
	if ch.index >= 0 {
		out.Column = p.regions[ch.index]
		if r, ok := p.info.Region(out.Column); ok {
			out.Name = r.Name
		}
	}
	switch {
	case ch.unknown:
		c := &p.columns[ch.rule]
		var vi, en []string
		for k, slot := range c.cond.slots {
			if s.vals[slot].IsMissing() {
				l := p.info.fieldLabels[c.cond.ids[k]]
				vi, en = append(vi, l.VI), append(en, l.In("en"))
			}
		}
		out.Why = Text{VI: "chưa có số liệu " + strings.Join(vi, ", ") + " để chọn cột chỉ tiêu", EN: "no " + strings.Join(en, ", ") + " to choose the target column by"}
		if len(vi) == 0 {
			out.Why = Text{VI: "không tính được điều kiện chọn cột chỉ tiêu", EN: "the condition choosing the target column cannot be computed"}
		}
	case ch.rule < 0:
		var vi, en []string
		for _, c := range p.columns {
			if c.field >= 0 && s.vals[c.field].IsMissing() {
				l := p.info.fieldLabels[c.info.Field]
				vi, en = append(vi, l.VI), append(en, l.In("en"))
			}
		}
		out.Why = Text{VI: "không quy tắc nào chọn được cột chỉ tiêu cho đơn vị này", EN: "no rule chooses a target column for this unit"}
		if len(vi) > 0 {
			out.Why = Text{VI: "chưa có số liệu " + strings.Join(vi, ", ") + " để chọn cột chỉ tiêu", EN: "no " + strings.Join(en, ", ") + " to choose the target column by"}
		}
	default:
		r := p.columns[ch.rule].info
		switch {
		case !r.Because.IsZero():
			out.Why = r.Because
		case r.Field != "":
			lbl := p.info.fieldLabels[r.Field]
			out.Why = Text{VI: "theo " + lbl.VI, EN: "by " + lbl.In("en")}
		case r.Region:
			out.Why = Text{VI: "theo vùng của đơn vị", EN: "by the unit's region"}
		default:
			out.Why = Text{VI: "vì " + r.When, EN: "because " + r.When}
		}
	}
	return out
}
