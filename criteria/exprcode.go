package criteria

import "fmt"

// exprInput is what an expression reads for one unit.
type exprInput struct {
	vals       []Value  // the unit's values by schema slot (derived fields already computed)
	year, half int      // the period
	met, total int      // criteria met / total; only conditions read them
	notMet     int      // criteria not met
	unknown    int      // criteria unknown
	crit       []Status // the criteria's statuses by index
	ind        []Status // the criteria's indicators' statuses by index
}

// exprCode is an expression compiled to the engine's own evaluator: a tree of nodes in one
// slice, computed in exact rational arithmetic with unknown values propagated. It is built
// once at load and read by any number of goroutines.
type exprCode struct {
	nodes []xnode
	root  int32
	kind  valueKind // kindNumber or kindBool
}

type xop uint8

const (
	opConst     xop = iota + 1
	opNumField      // a count, number or percent field
	opBoolField     // a boolean field
	opTextField     // a text field
	opYear          // period_year
	opHalf          // period_half
	opMet           // criteria_met
	opTotal         // criteria_total
	opNotMetN       // criteria_not_met
	opUnknownN      // criteria_unknown
	opCritIs        // met("id"), not_met("id"), unknown("id"): criterion slot has the status a
	opIndIs         // indicator_met("id") and its kin: the criteria's indicator slot has the status a
	opNeg
	opNot
	opAbs
	opAdd
	opSub
	opMul
	opDiv
	opMod
	opEq
	opNe
	opLt
	opLe
	opGt
	opGe
	opAnd
	opOr
	opCond
	opMin
	opMax
	opSum
	opPercent
	opRatio
	opCountTrue
)

// xtype is the static type of a node.
type xtype uint8

const (
	tNum  xtype = iota + 1 // a number
	tInt                   // a number known to be whole (counts, integer literals, …)
	tBool                  // a boolean
	tStr                   // a text
)

func (t xtype) numeric() bool { return t == tNum || t == tInt }

func (t xtype) String() string {
	switch t {
	case tNum, tInt:
		return "a number"
	case tBool:
		return "a boolean"
	case tStr:
		return "a text"
	}
	return "a value"
}

// xnode is one operation. Operands are indices into exprCode.nodes.
type xnode struct {
	op      xop
	t       xtype // the operands' type, for comparisons
	a, b, c int32
	args    []int32
	slot    int32
	k       rat    // a numeric constant
	kb      bool   // a boolean constant
	ks      string // a text constant
	text    string // the source of the divisor (/, %, percent, ratio), for reasons
}

// xstate says whether a value is known.
type xstate uint8

const (
	xKnown   xstate = iota
	xMissing        // a value it depends on is missing
	xFailed         // it cannot be computed: division by zero or out of range (see xv.f)
)

// xv is an intermediate value. A failure carries what is needed to state its reason, which is
// only formatted when the failure decides the result, so an evaluation that succeeds never
// allocates.
type xv struct {
	st xstate
	b  bool
	r  rat
	s  string
	f  xfail
}

// xfail describes a failed operation: the node, the operation's symbol and its operands.
type xfail struct {
	at   int32
	sym  byte // '+', '-', '*', '/', 'n' (negation), 'a' (abs), '0' (division by zero)
	x, y rat
}

var xMissingV = xv{st: xMissing}

func xfailed(at int32, sym byte, x, y rat) xv {
	return xv{st: xFailed, f: xfail{at: at, sym: sym, x: x, y: y}}
}

// worse returns the unknown one of two values of which at least one is unknown, preferring a
// missing input (the caller lists it) over a failure.
func worse(l, r xv) xv {
	switch {
	case l.st == xMissing:
		return l
	case r.st == xMissing:
		return r
	case l.st == xFailed:
		return l
	}
	return r
}

// eval computes the expression for one unit. It never panics and allocates nothing when it
// succeeds. An unknown result (a missing input) is a zero Value with err == "".
func (x *exprCode) eval(in *exprInput) (out measured) {
	if x == nil || int(x.root) >= len(x.nodes) || in == nil {
		out.err = "expression not compiled"
		return out
	}
	defer func() {
		if r := recover(); r != nil {
			out = measured{err: fmt.Sprintf("internal error: the expression failed: %v", r)}
		}
	}()
	v := x.ev(x.root, in)
	switch v.st {
	case xMissing:
		return out
	case xFailed:
		out.err = x.reason(v.f)
		return out
	}
	if x.kind == kindBool {
		out.v = BoolValue(v.b)
		return out
	}
	if n, ok := v.r.decimal(); ok {
		out.num, out.den, out.v = n, Number{coef: 1}, NumberValue(n)
		return out
	}
	if v.r.p > exprMaxMag || v.r.p < -exprMaxMag || v.r.q > pow10[maxScale] {
		out.err = "out of range: the expression gave " + v.r.String() + ", more than the 18 digits a number may have"
		return out
	}
	out.num, out.den = Number{coef: v.r.p}, Number{coef: v.r.q}
	out.v = NumberValue(v.r.round(4))
	return out
}

// reason states why a computation failed.
func (x *exprCode) reason(f xfail) string {
	var n *xnode
	if f.at >= 0 && int(f.at) < len(x.nodes) {
		n = &x.nodes[f.at]
	}
	switch f.sym {
	case '0':
		if n != nil && n.text != "" {
			return "division by zero: " + n.text + " is 0"
		}
		return "division by zero"
	case 'n':
		return "integer overflow: -(" + f.x.String() + ") is out of range"
	case 'a':
		return "integer overflow: abs(" + f.x.String() + ") is out of range"
	}
	s := f.x.String() + " " + string(f.sym) + " " + f.y.String()
	if f.x.q == 1 && f.y.q == 1 {
		return "integer overflow: " + s + " is out of range"
	}
	return "out of range: " + s + " cannot be computed exactly in 64-bit integers"
}

// ev computes node i. Work is one visit per node reference, which the compiler bounds.
func (x *exprCode) ev(i int32, in *exprInput) xv {
	n := &x.nodes[i]
	switch n.op {
	case opConst:
		return xv{r: n.k, b: n.kb, s: n.ks}
	case opNumField, opBoolField, opTextField:
		if n.slot < 0 || int(n.slot) >= len(in.vals) {
			return xMissingV
		}
		v := &in.vals[n.slot]
		switch {
		case n.op == opNumField && v.kind == kindNumber:
			return xv{r: ratOf(v.number())}
		case n.op == opBoolField && v.kind == kindBool:
			return xv{b: v.b}
		case n.op == opTextField && v.kind == kindText:
			return xv{s: v.str()}
		}
		return xMissingV
	case opYear:
		return xv{r: ratInt(int64(in.year))}
	case opHalf:
		return xv{r: ratInt(int64(in.half))}
	case opMet:
		return xv{r: ratInt(int64(in.met))}
	case opTotal:
		return xv{r: ratInt(int64(in.total))}
	case opNotMetN:
		return xv{r: ratInt(int64(in.notMet))}
	case opUnknownN:
		return xv{r: ratInt(int64(in.unknown))}
	case opCritIs:
		if int(n.slot) >= len(in.crit) {
			return xMissingV
		}
		return xv{b: in.crit[n.slot] == Status(n.a)}
	case opIndIs:
		if int(n.slot) >= len(in.ind) {
			return xMissingV
		}
		return xv{b: in.ind[n.slot] == Status(n.a)}
	case opNeg:
		v := x.ev(n.a, in)
		if v.st != xKnown {
			return v
		}
		r, ok := negRat(v.r)
		if !ok {
			return xfailed(i, 'n', v.r, rat{})
		}
		return xv{r: r}
	case opAbs:
		v := x.ev(n.a, in)
		if v.st != xKnown || v.r.p >= 0 {
			return v
		}
		r, ok := negRat(v.r)
		if !ok {
			return xfailed(i, 'a', v.r, rat{})
		}
		return xv{r: r}
	case opNot:
		v := x.ev(n.a, in)
		v.b = !v.b
		return v
	case opAdd, opSub, opMul, opDiv, opMod:
		l := x.ev(n.a, in)
		if l.st == xMissing {
			return l
		}
		r := x.ev(n.b, in)
		if l.st != xKnown || r.st != xKnown {
			return worse(l, r)
		}
		return x.arith(i, n.op, l.r, r.r)
	case opEq, opNe, opLt, opLe, opGt, opGe:
		l := x.ev(n.a, in)
		if l.st == xMissing {
			return l
		}
		r := x.ev(n.b, in)
		if l.st != xKnown || r.st != xKnown {
			return worse(l, r)
		}
		var c int
		switch n.t {
		case tBool:
			if l.b != r.b {
				c = 1
			}
		case tStr:
			if l.s != r.s {
				c = 1
			}
		default:
			c = cmpRat(l.r, r.r)
		}
		switch n.op {
		case opEq:
			return xv{b: c == 0}
		case opNe:
			return xv{b: c != 0}
		case opLt:
			return xv{b: c < 0}
		case opLe:
			return xv{b: c <= 0}
		case opGt:
			return xv{b: c > 0}
		}
		return xv{b: c >= 0}
	case opAnd, opOr:
		// Kleene logic: false && unknown is false, true || unknown is true.
		decisive := n.op == opOr
		l := x.ev(n.a, in)
		if l.st == xKnown && l.b == decisive {
			return l
		}
		r := x.ev(n.b, in)
		if r.st == xKnown && r.b == decisive {
			return r
		}
		if l.st != xKnown || r.st != xKnown {
			return worse(l, r)
		}
		return xv{b: !decisive}
	case opCond:
		c := x.ev(n.a, in)
		if c.st != xKnown {
			return c
		}
		if c.b {
			return x.ev(n.b, in)
		}
		return x.ev(n.c, in)
	case opMin, opMax, opSum, opCountTrue:
		return x.aggregate(i, n, in)
	case opPercent, opRatio:
		a := x.ev(n.a, in)
		if a.st == xMissing {
			return a
		}
		b := x.ev(n.b, in)
		if a.st != xKnown || b.st != xKnown {
			return worse(a, b)
		}
		if b.r.p == 0 {
			return xfailed(i, '0', rat{}, rat{})
		}
		q, ok := quoRat(a.r, b.r)
		if !ok {
			return xfailed(i, '/', a.r, b.r)
		}
		if n.op == opRatio {
			return xv{r: q}
		}
		p, ok := mulRat(q, ratInt(100))
		if !ok {
			return xfailed(i, '*', q, ratInt(100))
		}
		return xv{r: p}
	}
	return xfailed(i, '?', rat{}, rat{})
}

func (x *exprCode) arith(i int32, op xop, a, b rat) xv {
	var r rat
	var ok bool
	var sym byte
	switch op {
	case opAdd:
		r, ok = addRat(a, b)
		sym = '+'
	case opSub:
		r, ok = subRat(a, b)
		sym = '-'
	case opMul:
		r, ok = mulRat(a, b)
		sym = '*'
	case opDiv:
		if b.p == 0 {
			return xfailed(i, '0', a, b)
		}
		r, ok = quoRat(a, b)
		sym = '/'
	case opMod:
		// Both operands are whole numbers (checked at load).
		if b.p == 0 {
			return xfailed(i, '0', a, b)
		}
		if b.p == -1 {
			return xv{r: rat{q: 1}}
		}
		return xv{r: ratInt(a.p % b.p)}
	}
	if !ok {
		return xfailed(i, sym, a, b)
	}
	return xv{r: r}
}

// aggregate computes min, max, sum and count_true over their arguments; every argument must
// be known.
func (x *exprCode) aggregate(i int32, n *xnode, in *exprInput) xv {
	acc := xv{r: rat{q: 1}}
	unknown := false
	for k, a := range n.args {
		v := x.ev(a, in)
		if v.st != xKnown {
			if !unknown || v.st == xMissing && acc.st != xMissing {
				acc = v
			}
			unknown = true
			continue
		}
		if unknown {
			continue
		}
		switch n.op {
		case opCountTrue:
			if v.b {
				acc.r.p++
			}
		case opSum:
			s, ok := addRat(acc.r, v.r)
			if !ok {
				acc, unknown = xfailed(i, '+', acc.r, v.r), true
				continue
			}
			acc.r = s
		case opMin:
			if k == 0 || cmpRat(v.r, acc.r) < 0 {
				acc.r = v.r
			}
		case opMax:
			if k == 0 || cmpRat(v.r, acc.r) > 0 {
				acc.r = v.r
			}
		}
	}
	return acc
}
