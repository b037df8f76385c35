package criteria

// The verdict-only path decides the common checks without building an explanation: a number
// or yes/no field, or a percentage or ratio of two fields, against its target. It reads the
// values in place and compares exact integers, and falls back to the general path for
// anything else, so both paths decide every check the same way (a test compares them over the
// sample and every boundary case).

// quickKind says how the verdict-only path decides a check.
type quickKind uint8

const (
	quickNone    quickKind = iota // the general path
	quickNumber                   // a number field against a number target
	quickBool                     // a yes/no field against a yes/no target
	quickPercent                  // percent(a, b) against a number target
	quickRatio                    // ratio(a, b) against a number target
)

var hundred = IntNumber(100)

// quickOf chooses the quick way to decide a check, if there is one.
func quickOf(m *measure) quickKind {
	switch {
	case m.kind == mField && m.result == kindNumber:
		return quickNumber
	case m.kind == mField && m.result == kindBool:
		return quickBool
	case m.kind == mPercent && len(m.slots) == 2:
		return quickPercent
	case m.kind == mRatio && len(m.slots) == 2:
		return quickRatio
	}
	return quickNone
}

// quickCheck decides a check for the verdict-only path.
func (p *Program) quickCheck(s *evalState, cc *cCheck) Status {
	t := &cc.targets[s.ti].Value
	var c int
	switch cc.quick {
	case quickNumber:
		v := &s.vals[cc.m.slots[0]]
		switch {
		case v.kind == kindMissing:
			return Unknown
		case v.kind != kindNumber:
			return p.check(s, cc, nil)
		case t.kind != kindNumber:
			return Unknown
		}
		c = v.num.Cmp(t.num)
	case quickBool:
		v := &s.vals[cc.m.slots[0]]
		switch {
		case v.kind == kindMissing:
			return Unknown
		case v.kind != kindBool:
			return p.check(s, cc, nil)
		case t.kind != kindBool:
			return Unknown
		}
		if v.b != t.b {
			c = 1
		}
	case quickPercent, quickRatio:
		a, b := &s.vals[cc.m.slots[0]], &s.vals[cc.m.slots[1]]
		switch {
		case a.kind == kindMissing || b.kind == kindMissing:
			return Unknown
		case a.kind != kindNumber || b.kind != kindNumber:
			return p.check(s, cc, nil)
		case b.num.coef == 0:
			return cc.emptyDen
		case t.kind != kindNumber:
			return Unknown
		}
		num := a.num
		if cc.quick == quickPercent {
			var ok bool
			if num, ok = mulNum(a.num, hundred); !ok {
				return p.check(s, cc, nil)
			}
		}
		c = cmpFrac(num, b.num, t.num)
	default:
		return p.check(s, cc, nil)
	}
	if cc.op.holds(c) {
		return Met
	}
	return NotMet
}

// quickIndicator decides an indicator that is assessed, always applies and is made of checks.
func (p *Program) quickIndicator(s *evalState, c *cInd) Status {
	st, allNA := Met, true
	for k := range c.checks {
		cs := p.quickCheck(s, &c.checks[k])
		if cs != NotApplicable {
			allNA = false
		}
		st = combine(st, cs)
	}
	if allNA {
		return NotApplicable
	}
	return st
}
