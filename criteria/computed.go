package criteria

// ComputedValue is a value the ruleset computes for a unit (a field declared with
// from: {expr: …}), with the values it was computed from, so an explanation can show how a
// sub-index or a share was reached.
type ComputedValue struct {
	ID     string
	Label  Text
	Unit   string
	Value  Value   // missing when an input is missing or the expression cannot be computed
	Inputs []Input // the fields and computed values its expression reads, in its order
	Reason string  // why it is missing though every input is present ("division by zero"), or ""
}

// Input is one value a computed value reads.
type Input struct {
	ID    string
	Label Text
	Unit  string
	Value Value // missing when the unit lacks it
}

// Computed lists the unit's computed values, in the ruleset's order, each with its inputs. It
// is nil for a ruleset without computed values. The list is built on each call and belongs to
// the caller.
func (r *Result) Computed() []ComputedValue {
	p := r.prog
	if p == nil || len(p.derived) == 0 || len(r.vals) != len(p.fields) {
		return nil
	}
	var out []ComputedValue
	for _, i := range p.derived {
		d := &p.fields[i].derive
		if d.kind != deriveExpr {
			continue
		}
		f := p.src.fields[i]
		cv := ComputedValue{ID: f.ID, Label: f.Label, Unit: f.Unit, Value: r.vals[i]}
		complete := true
		for k, slot := range d.expr.slots {
			in := p.src.fields[slot]
			cv.Inputs = append(cv.Inputs, Input{ID: d.expr.ids[k], Label: in.Label, Unit: in.Unit, Value: r.vals[slot]})
			complete = complete && !r.vals[slot].IsMissing()
		}
		if cv.Value.IsMissing() && complete {
			in := exprInput{vals: r.vals, year: r.Unit.Period.Year, half: r.Unit.Period.Half}
			if e := d.expr.code.eval(&in); e.err != "" {
				cv.Reason = e.err
			}
		}
		out = append(out, cv)
	}
	return out
}
