package criteria

import (
	"context"

	"github.com/expr-lang/expr/ast"
)

// runExprMeasure computes an expression measure for the unit.
func (s *evalState) runExprMeasure(m *measure) measured {
	env := make(map[string]any, len(m.slots)+4)
	for k, slot := range m.slots {
		v := s.vals[slot]
		switch v.kind {
		case kindNumber:
			if s.p.fields[slot].typ == TypeCount {
				env[m.ids[k]] = int(v.num.Int64())
			} else {
				env[m.ids[k]] = v.num.Float64()
			}
		case kindBool:
			env[m.ids[k]] = v.b
		case kindText:
			env[m.ids[k]] = v.s
		}
	}
	if s.counted {
		env["criteria_met"] = s.met
		env["criteria_total"] = s.total
	}
	env["period_year"] = s.period.Year
	env["period_half"] = s.period.Half
	r, err := runExpr(s.ctx, m.prog, env)
	if err != nil {
		return measured{err: firstLine(err.Error())}
	}
	return exprResult(r)
}

// periodOnly reports whether an expression reads nothing of a unit but its period, so that it
// can be decided for every period when the program is compiled.
func (m *measure) periodOnly() bool {
	if m.kind != mExpr || len(m.slots) > 0 || m.prog == nil {
		return false
	}
	counts := false
	node := m.prog.Node()
	ast.Walk(&node, identVisitor(func(name string) {
		counts = counts || name == "criteria_met" || name == "criteria_total"
	}))
	return !counts
}

// decideForPeriod decides a boolean expression that reads only the period.
func (m *measure) decideForPeriod(year, half int) Status {
	s := evalState{ctx: context.Background(), period: Period{Year: year, Half: half}}
	r := s.runExprMeasure(m)
	switch {
	case r.err != "" || r.v.kind != kindBool:
		return Unknown
	case r.v.b:
		return Met
	}
	return NotMet
}
