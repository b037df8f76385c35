package criteria

// exprMeasure computes an expression measure for the unit with the engine's own evaluator. A
// missing input does not make the result unknown before the expression is computed: the
// expression decides (false && unknown is false).
func (s *evalState) exprMeasure(m *measure, out *measured) {
	in := exprInput{vals: s.vals, year: s.period.Year, half: s.period.Half, met: s.met, total: s.total,
		notMet: s.notMet, unknown: s.unknown, crit: s.crit, ind: s.ind}
	*out = m.code.eval(&in)
	if out.err == "" && out.v.IsMissing() {
		out.unknown = true
	}
}

// periodOnly reports whether an expression reads nothing of a unit but its period, so that it
// can be decided for every period when the program is compiled.
func (m *measure) periodOnly() bool {
	return m.kind == mExpr && m.code != nil && len(m.slots) == 0 && !m.readsCounts
}

// decideForPeriod decides a boolean expression that reads only the period.
func (m *measure) decideForPeriod(year, half int) Status {
	s := evalState{period: Period{Year: year, Half: half}}
	var r measured
	s.exprMeasure(m, &r)
	switch {
	case r.err != "" || r.v.kind != kindBool:
		return Unknown
	case r.v.b:
		return Met
	}
	return NotMet
}
