package criteria

import (
	"cmp"
	"math/bits"
)

// The verdict-only path decides the common checks without building an explanation: a number
// or yes/no field, or a percentage or ratio of two fields, against its target. Compile lays
// these checks out flat, with their targets as compact exact integers stored contiguously for
// each region and year, so deciding one reads the two values in place and compares integers.
// Anything else — and any value whose size or scale the integer comparison cannot hold — goes
// to the general path, so both paths decide every check the same way (a test compares them
// over the sample and every boundary case).

// quickKind says how the verdict-only path decides a check.
type quickKind uint8

const (
	quickNone    quickKind = iota // the general path
	quickNumber                   // a number field against a number target
	quickBool                     // a yes/no field against a yes/no target
	quickPercent                  // percent(a, b) against a number target
	quickRatio                    // ratio(a, b) against a number target
)

// quickCheck is a check laid out for the verdict-only path.
type quickCheck struct {
	a, b     int32     // the slots of the values it reads
	kind     quickKind // quickNone: decide it with cc on the general path
	accept   uint8     // the comparisons that meet it: bit 0 less, bit 1 equal, bit 2 greater
	emptyDen Status
	out      [3]Status // the verdict for a comparison less, equal, greater
	k        int64     // 100 for a percentage, 1 otherwise
	cc       *cCheck
}

// quickTarget is a target as the quick path reads it.
type quickTarget struct {
	coef  int64
	scale uint8
	kind  valueKind
	b     bool
}

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

// acceptMask turns a comparator into the set of comparison outcomes that meet it.
func acceptMask(op Op) uint8 {
	var m uint8
	for c := -1; c <= 1; c++ {
		if op.holds(c) {
			m |= 1 << (c + 1)
		}
	}
	return m
}

// layQuick lays out every indicator's checks for the verdict-only path: an indicator's checks
// are p.quick[first:first+n], and their targets for target index ti are
// p.quickTargets[ti*len(p.quick):].
func (p *Program) layQuick() {
	for i := range p.inds {
		c := &p.inds[i]
		c.quickFirst = len(p.quick)
		for k := range c.checks {
			cc := &c.checks[k]
			q := quickCheck{kind: cc.quick, accept: acceptMask(cc.op), emptyDen: cc.emptyDen, k: 1, cc: cc}
			for c := 0; c < 3; c++ {
				q.out[c] = NotMet
				if q.accept&(1<<c) != 0 {
					q.out[c] = Met
				}
			}
			if cc.quick == quickPercent {
				q.k = 100
			}
			if len(cc.m.slots) > 0 {
				q.a = int32(cc.m.slots[0])
			}
			if len(cc.m.slots) > 1 {
				q.b = int32(cc.m.slots[1])
			}
			p.quick = append(p.quick, q)
		}
	}
	n := len(p.quick)
	rows := p.nTargets()
	p.quickTargets = make([]quickTarget, rows*n)
	for ti := 0; ti < rows; ti++ {
		for k, q := range p.quick {
			t := q.cc.targets[ti].Value
			p.quickTargets[ti*n+k] = quickTarget{coef: t.coef, scale: t.scale, kind: t.kind, b: t.b}
		}
	}
}

// quickIndicator decides a simple indicator for the verdict-only path.
func (p *Program) quickIndicator(s *evalState, c *cInd) Status {
	row := s.ti * len(p.quick)
	st, allNA := Met, true
	for k, end := c.quickFirst, c.quickFirst+len(c.checks); k < end; k++ {
		cs := p.decideQuick(s, &p.quick[k], &p.quickTargets[row+k])
		if cs == NotMet {
			st = NotMet
		} else if cs == Unknown && st != NotMet {
			st = Unknown
		}
		allNA = allNA && cs == NotApplicable
	}
	if allNA {
		return NotApplicable
	}
	return st
}

// decideQuick decides one check laid out for the quick path.
func (p *Program) decideQuick(s *evalState, q *quickCheck, t *quickTarget) Status {
	var c int
	switch q.kind {
	case quickNumber:
		v := &s.vals[q.a]
		switch {
		case v.kind == kindMissing:
			return Unknown
		case v.kind != kindNumber:
			return p.check(s, q.cc, nil)
		case t.kind != kindNumber:
			return Unknown
		case v.scale == t.scale:
			c = cmp.Compare(v.coef, t.coef)
		default:
			c = v.number().Cmp(Number{coef: t.coef, scale: t.scale})
		}
	case quickBool:
		v := &s.vals[q.a]
		switch {
		case v.kind == kindMissing:
			return Unknown
		case v.kind != kindBool:
			return p.check(s, q.cc, nil)
		case t.kind != kindBool:
			return Unknown
		case v.b != t.b:
			c = 1
		}
	case quickPercent, quickRatio:
		a, b := &s.vals[q.a], &s.vals[q.b]
		switch {
		case a.kind == kindMissing || b.kind == kindMissing:
			return Unknown
		case a.kind != kindNumber || b.kind != kindNumber:
			return p.check(s, q.cc, nil)
		case b.coef == 0:
			return q.emptyDen
		case t.kind != kindNumber:
			return Unknown
		}
		if a.scale == b.scale && t.scale == 0 && a.coef >= 0 && a.coef < small &&
			b.coef > 0 && b.coef < small && t.coef >= 0 && t.coef < small {
			// The common case: counts (or amounts of one scale) against a whole target, so
			// k·a/b ⋛ t is k·a ⋛ t·b in int64.
			c = cmp.Compare(a.coef*q.k, t.coef*b.coef)
		} else {
			var ok bool
			if c, ok = quickFraction(q.kind == quickPercent, a.number(), b.number(), t); !ok {
				return p.check(s, q.cc, nil)
			}
		}
	default:
		return p.check(s, q.cc, nil)
	}
	return q.out[c+1]
}

// small bounds the coefficients of the int64 comparison: 100·a and t·b stay below 2^63.
const small = 1 << 28

// quickFraction compares k·a/b with the target t, k being 100 for a percentage and 1 for a
// ratio: for b > 0, k·a/b ⋛ t is k·a·10^(sb+st) ⋛ t·b·10^sa on the coefficients, compared
// exactly as 128-bit products. It reports false when it cannot decide that way (a negative
// value, scales too large), and the general path decides.
func quickFraction(percent bool, a, b Number, t *quickTarget) (int, bool) {
	if a.coef < 0 || b.coef <= 0 || t.coef < 0 || int(b.scale)+int(t.scale) > 16 {
		return 0, false
	}
	k := uint64(pow10[b.scale+t.scale])
	if percent {
		k *= 100
	}
	lh, ll := bits.Mul64(uint64(a.coef), k)
	bh, bl := bits.Mul64(uint64(b.coef), uint64(pow10[a.scale]))
	if bh != 0 {
		return 0, false
	}
	rh, rl := bits.Mul64(uint64(t.coef), bl)
	switch {
	case lh < rh || lh == rh && ll < rl:
		return -1, true
	case lh == rh && ll == rl:
		return 0, true
	}
	return 1, true
}
