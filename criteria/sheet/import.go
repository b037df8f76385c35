package sheet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
)

// Options name the layer Import writes.
type Options struct {
	ID, Version  string        // the layer's id and version (required)
	Title        criteria.Text // its title; by default the base's, with the layer's id
	File         string        // the sheet's file name, for positions and the file's comments
	Illustrative bool          // the values are examples, not a decision's: the layer says so
}

var (
	idRE     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	itemRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	fieldRE  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	typeList = []string{"number", "count", "percent", "boolean", "text"}
)

// group is the rows of one check of one indicator.
type group struct {
	criterion, indicator, check string
	rows                        []Row
}

// Import turns a filled sheet into a layer file that extends base: a changed target cell of an
// indicator base has becomes an override; an indicator base does not have (a criterion whose
// indicators are to be supplied) is added, with its field. A row left unfilled (no indicator)
// adds nothing. Every problem is positioned at its row and column. The YAML is commented with
// the rows each item comes from.
func Import(base *criteria.Ruleset, rows []Row, o Options) ([]byte, criteria.ErrorList) {
	var errs criteria.ErrorList
	at := func(r Row, col, format string, args ...any) {
		c := 0
		for i, name := range Columns {
			if name == col {
				c = i + 1
			}
		}
		errs = append(errs, &criteria.Error{File: o.File, Line: r.Line, Column: c, Path: fmt.Sprintf("row %d › %s", r.Line, col),
			Code: criteria.CodeValue, Message: fmt.Sprintf(format, args...)})
	}
	if base == nil {
		return nil, criteria.ErrorList{{File: o.File, Code: criteria.CodeValue, Message: "no base ruleset to extend"}}
	}
	if !idRE.MatchString(o.ID) || o.Version == "" || strings.Contains(o.Version, "@") {
		return nil, criteria.ErrorList{{File: o.File, Code: criteria.CodeIDInvalid, Message: fmt.Sprintf(
			"the layer needs an id of lowercase letters, digits, '.' and '-' (e.g. tinh-x.xa-ntm) and a version without '@'; got %q and %q", o.ID, o.Version)}}
	}
	cols := map[string]bool{}
	for _, c := range columns(base) {
		cols[c] = true
	}
	exported := map[string]Row{} // indicator/check/column → the base's row
	for _, r := range Export(base) {
		exported[r.Indicator+"/"+r.Check+"/"+r.Column] = r
	}
	var groups []*group
	byKey := map[string]*group{}
	var unfilled []Row
	for _, r := range rows {
		if r.Indicator == "" {
			if r.Target != "" || r.Field != "" {
				at(r, "indicator", "the row gives a target or a field but no indicator id: give the indicator's id (e.g. %s.1)", r.Criterion)
			} else {
				unfilled = append(unfilled, r)
			}
			continue
		}
		if !cols[r.Column] {
			at(r, "column", "unknown column %q: the ruleset judges units by %s", r.Column, strings.Join(columns(base), ", "))
			continue
		}
		k := r.Indicator + "/" + r.Check
		g := byKey[k]
		if g == nil {
			g = &group{criterion: r.Criterion, indicator: r.Indicator, check: r.Check}
			byKey[k] = g
			groups = append(groups, g)
		}
		for _, x := range g.rows {
			if x.Column == r.Column {
				at(r, "column", "indicator %s, check %s, column %s is given twice (first at row %d)", r.Indicator, r.Check, r.Column, x.Line)
			}
		}
		g.rows = append(g.rows, r)
	}

	var overrides, added strings.Builder
	var fields []string
	fieldSeen := map[string]string{} // a new field → its type
	addedBy := map[string][]string{} // criterion → its added indicators' YAML
	var addedOrder []string
	changed, newInds := 0, 0
	for _, g := range groups {
		ind, crit := findIndicator(base, g.indicator)
		first := g.rows[0]
		if ind != nil {
			if g.criterion != crit.ID {
				at(first, "criterion", "indicator %s belongs to criterion %s, not %s", g.indicator, crit.ID, g.criterion)
				continue
			}
			ch := findCheck(ind, g.check)
			if ch == nil {
				at(first, "check", "indicator %s has no check %q (its checks: %s)", g.indicator, g.check, checkIDs(ind))
				continue
			}
			var cells []string
			var lines []string
			for _, r := range g.rows {
				was := exported[ind.ID+"/"+ch.ID+"/"+r.Column]
				if r.Target == was.Target && r.Confidence == was.Confidence && r.Source == was.Source && noteSame(r, was) {
					continue
				}
				if was.Editable == "không" {
					at(r, "target", "this cell follows the year or another check's target: change it in the rule file, not in the sheet")
					continue
				}
				cell, ok := cellYAML(r, isBool(ch, base), at)
				if !ok {
					continue
				}
				cells = append(cells, fmt.Sprintf("      %s: %s", r.Column, cell))
				lines = append(lines, strconv.Itoa(r.Line))
				changed++
			}
			if len(cells) == 0 {
				continue
			}
			reason := fmt.Sprintf("the province's value (sheet %s, row %s)", o.File, strings.Join(lines, ", "))
			fmt.Fprintf(&overrides, "  # rows %s\n  - indicator: %s\n    check: %s\n    reason: %s\n    target:\n%s\n",
				strings.Join(lines, ", "), quote(ind.ID), ch.ID, quote(reason), strings.Join(cells, "\n"))
			continue
		}
		// A new indicator: its criterion, field, comparison and a cell per column.
		c := findCriterion(base, g.criterion)
		if c == nil {
			at(first, "criterion", "unknown criterion %q", g.criterion)
			continue
		}
		ok := true
		need := func(col, v, what string) {
			if v == "" {
				at(first, col, "a new indicator needs %s", what)
				ok = false
			}
		}
		need("name_vi", first.NameVI, "its name (name_vi)")
		need("field", first.Field, "the field its value is read from (field: an id such as households_water_clean)")
		need("type", first.Type, "the field's type (number, count, percent, boolean or text)")
		need("op", first.Op, "a comparison (>=, >, <=, <, ==, !=)")
		if !ok {
			continue
		}
		if !itemRE.MatchString(g.indicator) {
			at(first, "indicator", "indicator id %q may hold letters, digits, '.', '_' and '-'", g.indicator)
			continue
		}
		if !fieldRE.MatchString(first.Field) {
			at(first, "field", "field id %q must be lowercase letters, digits and '_', starting with a letter", first.Field)
			continue
		}
		if !contains(typeList, first.Type) {
			at(first, "type", "type %q: expected one of %s", first.Type, strings.Join(typeList, ", "))
			continue
		}
		if _, err := criteria.ParseOp(first.Op); err != nil {
			at(first, "op", "%v", err)
			continue
		}
		if first.Type != "boolean" && first.Type != "text" && first.Unit == "" {
			at(first, "unit", "a %s field needs a unit of measure (%%, hộ, km, triệu đồng/người/năm…)", first.Type)
			continue
		}
		if f, exists := base.Field(first.Field); exists {
			if string(f.Type) != first.Type {
				at(first, "type", "field %s is a %s field in the base, not %s", first.Field, f.Type, first.Type)
				continue
			}
		} else if t, seen := fieldSeen[first.Field]; seen {
			if t != first.Type {
				at(first, "type", "field %s is given as %s on an earlier row", first.Field, t)
				continue
			}
		} else {
			fieldSeen[first.Field] = first.Type
			unit := ""
			if first.Unit != "" && first.Type != "boolean" && first.Type != "text" {
				unit = ", unit: " + quote(first.Unit)
			}
			fields = append(fields, fmt.Sprintf("  - {id: %s, type: %s%s, label: %s}   # row %d",
				first.Field, first.Type, unit, label(first.NameVI, first.NameEN), first.Line))
		}
		check := g.check
		if check == "" {
			check = first.Field
		}
		measure := first.Measure
		if measure == "" {
			measure = first.Field
		}
		var cells, lines []string
		for _, r := range g.rows {
			cell, ok := cellYAML(r, first.Type == "boolean", at)
			if !ok {
				continue
			}
			cells = append(cells, fmt.Sprintf("                %s: %s", r.Column, cell))
			lines = append(lines, strconv.Itoa(r.Line))
		}
		var b strings.Builder
		fmt.Fprintf(&b, "      # rows %s\n      - id: %s\n        name: %s\n        checks:\n          - id: %s\n            measure: %s\n            op: %s\n",
			strings.Join(lines, ", "), quote(g.indicator), label(first.NameVI, first.NameEN), check, quote(measure), quote(first.Op))
		if first.Unit != "" && first.Type != "boolean" && first.Type != "text" {
			fmt.Fprintf(&b, "            unit: %s\n", quote(first.Unit))
		}
		fmt.Fprintf(&b, "            target:\n%s\n", strings.Join(cells, "\n"))
		if _, seen := addedBy[c.ID]; !seen {
			addedOrder = append(addedOrder, c.ID)
		}
		addedBy[c.ID] = append(addedBy[c.ID], b.String())
		newInds++
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	for _, cid := range addedOrder {
		fmt.Fprintf(&added, "  - criterion: %s\n    indicators:\n%s", quote(cid), strings.Join(addedBy[cid], ""))
	}

	title := o.Title
	if title.IsZero() {
		title = criteria.Text{VI: base.Title.In("vi") + " — " + o.ID, EN: base.Title.In("en") + " — " + o.ID}
	}
	var y strings.Builder
	fmt.Fprintf(&y, "# Generated by ntm sheet import from %s: %d target cells changed, %d indicators added.\n", o.File, changed, newInds)
	y.WriteString("# Every value below is the province's, as the sheet gives it, with the row it comes from.\n")
	y.WriteString("# To change one, edit the sheet and import it again (ntm sheet import), rather than this file.\n")
	for _, r := range unfilled {
		if r.Line > 0 {
			fmt.Fprintf(&y, "# Row %d (criterion %s, column %s) gives no indicator: nothing is added for it.\n", r.Line, r.Criterion, r.Column)
		}
	}
	fmt.Fprintf(&y, "format: %s\nid: %s\nversion: %s\nextends: %s\ntitle: %s\n", criteria.FormatRules, o.ID, quote(o.Version), base.Ref(), label(title.VI, title.EN))
	if o.Illustrative {
		y.WriteString("illustrative: true\n")
	}
	if len(fields) > 0 {
		y.WriteString("fields:\n" + strings.Join(fields, "\n") + "\n")
	}
	if added.Len() > 0 {
		y.WriteString("add_indicators:\n" + added.String())
	}
	if overrides.Len() > 0 {
		y.WriteString("override:\n" + overrides.String())
	}
	return []byte(y.String()), nil
}

// cellYAML writes a row's target cell: a value with its confidence and source, or, with no
// target, a missing cell with the row's note as its reason.
func cellYAML(r Row, boolean bool, at func(Row, string, string, ...any)) (string, bool) {
	if r.Target == "" {
		why := r.Note
		if why == "" {
			why = "left empty in the sheet"
		}
		return fmt.Sprintf("{missing: %s}", quote(why)), true
	}
	var val string
	if boolean {
		switch strings.ToLower(r.Target) {
		case "có", "true", "yes", "đạt":
			val = "true"
		case "không", "false", "no", "không đạt":
			val = "false"
		default:
			at(r, "target", "%q: expected có or không (yes or no)", r.Target)
			return "", false
		}
	} else {
		t := r.Target
		if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
			t = strings.Replace(t, ",", ".", 1) // a decimal comma
		}
		n, err := criteria.ParseNumber(t)
		if err != nil {
			at(r, "target", "%q is not a number (write e.g. 47.5 or 47,5): %v", r.Target, err)
			return "", false
		}
		val = n.String()
	}
	if r.Confidence == "" {
		at(r, "confidence", "a target needs its confidence: verified, inferred, predecessor, unverified or conflicting")
		return "", false
	}
	if !contains([]string{"verified", "inferred", "predecessor", "unverified", "conflicting"}, r.Confidence) {
		at(r, "confidence", "confidence %q: expected verified, inferred, predecessor, unverified or conflicting", r.Confidence)
		return "", false
	}
	if r.Source == "" {
		at(r, "source", "a target needs its source: the decision (number and date) it is from")
		return "", false
	}
	cell := fmt.Sprintf("{value: %s, confidence: %s, source: %s", val, r.Confidence, quote(r.Source))
	if r.Note != "" {
		cell += ", note: " + quote(r.Note)
	}
	return cell + "}", true
}

func noteSame(r, was Row) bool {
	// The note of a value cell is part of it; a missing cell's note is its reason, compared
	// with the exported text.
	return r.Note == was.Note
}

func isBool(ch *criteria.Check, rs *criteria.Ruleset) bool {
	if f, ok := rs.Field(ch.Measure); ok {
		return f.Type == criteria.TypeBoolean
	}
	for _, c := range ch.Target.Regions {
		if _, ok := c.Value.Bool(); ok {
			return true
		}
	}
	for _, c := range []*criteria.Cell{ch.Target.National, ch.Target.All} {
		if c != nil {
			if _, ok := c.Value.Bool(); ok {
				return true
			}
		}
	}
	return false
}

func findIndicator(rs *criteria.Ruleset, id string) (*criteria.Indicator, *criteria.Criterion) {
	for _, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			if ind.ID == id {
				return ind, c
			}
		}
	}
	return nil, nil
}

func findCriterion(rs *criteria.Ruleset, id string) *criteria.Criterion {
	for _, c := range rs.Criteria {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func findCheck(ind *criteria.Indicator, id string) *criteria.Check {
	if id == "" && len(ind.Checks) == 1 {
		return ind.Checks[0]
	}
	for _, ch := range ind.Checks {
		if ch.ID == id {
			return ch
		}
	}
	return nil
}

func checkIDs(ind *criteria.Indicator) string {
	ids := make([]string, len(ind.Checks))
	for i, ch := range ind.Checks {
		ids[i] = ch.ID
	}
	return strings.Join(ids, ", ")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// quote writes a YAML double-quoted scalar.
func quote(s string) string { return strconv.Quote(s) }

func label(vi, en string) string {
	if en == "" {
		return "{vi: " + quote(vi) + "}"
	}
	return "{vi: " + quote(vi) + ", en: " + quote(en) + "}"
}
