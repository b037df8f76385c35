package criteria

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/parser"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"golang.org/x/text/unicode/norm"
)

// The functions an expression may call besides the builtins abs, min, max and sum. expr's checker
// only reads their types; the engine computes them.
var exprFuncs = []expr.Option{
	expr.Function("percent", funcStub, new(func(any, any) float64)),
	expr.Function("ratio", funcStub, new(func(any, any) float64)),
	expr.Function("count_true", funcStub, new(func(...any) int)),
}

func funcStub(...any) (any, error) { return nil, fmt.Errorf("computed by the engine") }

// condFuncs are the functions only conditions call: whether a criterion is met, not met or
// unknown, by its id.
var condFuncs = []expr.Option{
	expr.Function("met", funcStub, new(func(string) bool)),
	expr.Function("not_met", funcStub, new(func(string) bool)),
	expr.Function("unknown", funcStub, new(func(string) bool)),
	expr.Function("indicator_met", funcStub, new(func(string) bool)),
	expr.Function("indicator_not_met", funcStub, new(func(string) bool)),
	expr.Function("indicator_unknown", funcStub, new(func(string) bool)),
	expr.Function("indicator_not_applicable", funcStub, new(func(string) bool)),
}

// exprConfig is expr's configuration for one ruleset's expressions: its typed variables, the
// functions percent, ratio and count_true, the node limit, and no builtin that reads the clock
// or operates on bits.
func exprConfig(env *exprEnv) *conf.Config {
	cfg := conf.CreateNew()
	opts := []expr.Option{expr.Env(env.types), expr.MaxNodes(maxExprNodes)}
	for _, b := range disabledBuiltins {
		opts = append(opts, expr.DisableBuiltin(b))
	}
	opts = append(opts, exprFuncs...)
	if env.crits != nil { // conditions read the criteria's statuses
		opts = append(opts, condFuncs...)
	}
	for _, o := range opts {
		o(cfg)
	}
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	return cfg
}

// compiled is what compileCode finds besides the code: the fields read, and whether the
// period or the criteria counts are read.
type compiled struct {
	code        *exprCode
	slots       []int
	ids         []string
	readsPeriod bool
	readsCounts bool
}

// compileCode parses and type-checks an expression with expr, then builds the engine's
// evaluator for it, or says, at the offending position, why it cannot.
func compileCode(s string, env *exprEnv, conditions bool) (out *compiled, merr *measureError) {
	defer func() {
		if r := recover(); r != nil {
			out, merr = nil, &measureError{code: CodeExpr, msg: fmt.Sprintf("the expression could not be compiled: %v", r), col: -1}
		}
	}()
	cfg := exprConfig(env)
	tree, err := parser.ParseWithConfig(s, cfg)
	if err != nil {
		return nil, exprError(err)
	}
	// The checker rewrites the tree it checks (integer literals passed to a function that
	// takes floats become floats), so it checks a second copy and the engine reads the first.
	typed, err := parser.ParseWithConfig(s, cfg)
	if err != nil {
		return nil, exprError(err)
	}
	t, err := checker.Check(typed, cfg)
	if err != nil {
		return nil, exprError(err)
	}
	switch k := t.Kind(); {
	case k == reflect.Bool, k >= reflect.Int && k <= reflect.Float64, k == reflect.Interface:
	default:
		return nil, &measureError{code: CodeExpr, msg: fmt.Sprintf("the expression is of type %s; a measure must be a number or a boolean", t), col: -1}
	}
	c := &xcompiler{src: []rune(s), env: env, conditions: conditions, memo: map[ast.Node]xref{}, out: &compiled{code: &exprCode{}}}
	root, merr := c.node(tree.Node)
	if merr != nil {
		return nil, merr
	}
	if root.cost > maxExprNodes {
		return nil, &measureError{code: CodeExprLimit, msg: fmt.Sprintf("one evaluation would visit %d nodes (a chained comparison visits its middle operands twice); at most %d are allowed", root.cost, maxExprNodes), col: -1}
	}
	code := c.out.code
	code.root = root.i
	switch {
	case root.t.numeric():
		code.kind = kindNumber
	case root.t == tBool:
		code.kind = kindBool
	default:
		return nil, &measureError{code: CodeExpr, msg: fmt.Sprintf("the expression is %s; a measure must be a number or a boolean", root.t), col: -1}
	}
	return c.out, nil
}

type xref struct {
	i    int32
	t    xtype
	cost int // node visits of one evaluation, counting a shared node at each reference
}

type xcompiler struct {
	src        []rune
	env        *exprEnv
	conditions bool
	memo       map[ast.Node]xref // the parser shares the middle operand of a < b < c
	out        *compiled
}

// col is the 0-based column, in characters, of n's location on its line.
func (c *xcompiler) col(n ast.Node) int { return c.colAt(n.Location().From) }

func (c *xcompiler) colAt(from int) int {
	if from < 0 || from > len(c.src) {
		return -1
	}
	col := 0
	for i := from - 1; i >= 0 && c.src[i] != '\n'; i-- {
		col++
	}
	return col
}

func (c *xcompiler) unsupported(n ast.Node, format string, args ...any) *measureError {
	return &measureError{code: CodeExprUnsupported, msg: "expression: " + fmt.Sprintf(format, args...), col: c.col(n)}
}

func (c *xcompiler) invalid(n ast.Node, format string, args ...any) *measureError {
	return &measureError{code: CodeExpr, msg: "expression: " + fmt.Sprintf(format, args...), col: c.col(n)}
}

func (c *xcompiler) add(n xnode, t xtype, cost int) xref {
	c.out.code.nodes = append(c.out.code.nodes, n)
	return xref{i: int32(len(c.out.code.nodes) - 1), t: t, cost: min(cost, 1<<30)}
}

// text is the source of a divisor, for reasons stated at evaluation; "" for a literal.
func (c *xcompiler) text(n ast.Node) string {
	switch n.(type) {
	case *ast.IntegerNode, *ast.FloatNode:
		return ""
	}
	return n.String()
}

func (c *xcompiler) node(n ast.Node) (xref, *measureError) {
	if r, ok := c.memo[n]; ok {
		return r, nil
	}
	r, err := c.build(n)
	if err != nil {
		return xref{}, err
	}
	c.memo[n] = r
	return r, nil
}

func (c *xcompiler) build(n ast.Node) (xref, *measureError) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return c.ident(n)
	case *ast.IntegerNode:
		return c.add(xnode{op: opConst, k: ratInt(int64(n.Value))}, tInt, 1), nil
	case *ast.FloatNode:
		num, err := c.literal(n)
		if err != nil {
			return xref{}, err
		}
		return c.add(xnode{op: opConst, k: ratOf(num)}, tNum, 1), nil
	case *ast.BoolNode:
		return c.add(xnode{op: opConst, kb: n.Value}, tBool, 1), nil
	case *ast.StringNode:
		return c.add(xnode{op: opConst, ks: norm.NFC.String(n.Value)}, tStr, 1), nil
	case *ast.UnaryNode:
		return c.unary(n)
	case *ast.BinaryNode:
		return c.binary(n)
	case *ast.ConditionalNode:
		return c.conditional(n)
	case *ast.BuiltinNode:
		return c.builtin(n)
	case *ast.CallNode:
		return c.call(n)
	case *ast.ArrayNode:
		return xref{}, c.unsupported(n, "a list [...] is allowed only as the argument of sum, min or max")
	case *ast.MapNode, *ast.PairNode:
		return xref{}, c.unsupported(n, "maps {...} are not supported")
	case *ast.MemberNode, *ast.ChainNode, *ast.SliceNode:
		return xref{}, c.unsupported(n, "member and index access (x.y, x[i], x[i:j]) is not supported: name a field")
	case *ast.PredicateNode, *ast.PointerNode:
		return xref{}, c.unsupported(n, "predicates and # are not supported: expressions do not loop")
	case *ast.VariableDeclaratorNode:
		return xref{}, c.unsupported(n, "let is not supported: write the value where it is used")
	case *ast.SequenceNode:
		err := c.unsupported(n, "sequences (a; b) are not supported")
		if len(n.Nodes) > 0 {
			err.col = c.colAt(start(n.Nodes[0]))
		}
		return xref{}, err
	case *ast.NilNode:
		return xref{}, c.unsupported(n, "nil is not supported: a missing value makes the expression unknown")
	case *ast.BytesNode:
		return xref{}, c.unsupported(n, "byte strings are not supported")
	}
	return xref{}, c.unsupported(n, "%s is not supported", n)
}

func (c *xcompiler) ident(n *ast.IdentifierNode) (xref, *measureError) {
	switch n.Value {
	case "period_year":
		c.out.readsPeriod = true
		return c.add(xnode{op: opYear}, tInt, 1), nil
	case "period_half":
		c.out.readsPeriod = true
		return c.add(xnode{op: opHalf}, tInt, 1), nil
	case "criteria_met", "criteria_total", "criteria_not_met", "criteria_unknown":
		if !c.conditions {
			return xref{}, c.invalid(n, "%s is read only by conditions", n.Value)
		}
		c.out.readsCounts = true
		op := map[string]xop{"criteria_met": opMet, "criteria_total": opTotal, "criteria_not_met": opNotMetN, "criteria_unknown": opUnknownN}[n.Value]
		return c.add(xnode{op: op}, tInt, 1), nil
	}
	i, ok := c.env.sch.lookup(n.Value)
	if !ok {
		if strings.HasPrefix(n.Value, "$") {
			return xref{}, c.unsupported(n, "%s is not supported: name a field", n.Value)
		}
		return xref{}, c.invalid(n, "unknown name %s", n.Value)
	}
	known := false
	for _, s := range c.out.slots {
		known = known || s == i
	}
	if !known {
		c.out.slots = append(c.out.slots, i)
		c.out.ids = append(c.out.ids, n.Value)
	}
	switch c.env.sch.fields[i].Type {
	case TypeCount:
		return c.add(xnode{op: opNumField, slot: int32(i)}, tInt, 1), nil
	case TypeNumber, TypePercent:
		return c.add(xnode{op: opNumField, slot: int32(i)}, tNum, 1), nil
	case TypeBoolean:
		return c.add(xnode{op: opBoolField, slot: int32(i)}, tBool, 1), nil
	case TypeText:
		return c.add(xnode{op: opTextField, slot: int32(i)}, tStr, 1), nil
	}
	return xref{}, c.invalid(n, "field %s has no type", n.Value)
}

// literal reads a decimal literal exactly from its text, never through a binary float.
func (c *xcompiler) literal(n *ast.FloatNode) (Number, *measureError) {
	loc := n.Location()
	if loc.From < 0 || loc.To > len(c.src) || loc.From >= loc.To {
		return Number{}, c.invalid(n, "cannot read the number %v", n.Value)
	}
	lit := string(c.src[loc.From:loc.To])
	num, err := exactLiteral(lit)
	if err != nil {
		return Number{}, c.invalid(n, "the number %s %v", lit, err)
	}
	return num, nil
}

// exactLiteral reads a number literal as expr writes it (digits, a point, an exponent, '_'
// between digits) into an exact Number.
func exactLiteral(lit string) (Number, error) {
	s := strings.ReplaceAll(lit, "_", "")
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 40 || e < -40 {
			return Number{}, fmt.Errorf("has an exponent out of range")
		}
		mant, exp = s[:i], e
	}
	if strings.HasSuffix(mant, ".") {
		mant += "0"
	}
	num, err := ParseNumber(mant)
	if err != nil {
		return Number{}, fmt.Errorf("is not exact in 18 digits: %v", err)
	}
	scale := int(num.scale) - exp
	coef := num.coef
	for ; scale < 0; scale++ {
		var ok bool
		if coef, ok = mul64(coef, 10); !ok || coef > exprMaxMag || coef < -exprMaxMag {
			return Number{}, fmt.Errorf("has more than 18 digits")
		}
	}
	if scale > maxScale {
		return Number{}, fmt.Errorf("has more than %d decimal places", maxScale)
	}
	return Number{coef: coef, scale: uint8(scale)}.normal(), nil
}

func (c *xcompiler) unary(n *ast.UnaryNode) (xref, *measureError) {
	x, err := c.node(n.Node)
	if err != nil {
		return xref{}, err
	}
	switch n.Operator {
	case "-", "+":
		if !x.t.numeric() {
			return xref{}, c.invalid(n, "unary %s needs a number, found %s", n.Operator, x.t)
		}
		if n.Operator == "+" {
			return x, nil
		}
		return c.add(xnode{op: opNeg, a: x.i}, x.t, x.cost+1), nil
	case "!", "not":
		if x.t != tBool {
			return xref{}, c.invalid(n, "%s needs a boolean, found %s", n.Operator, x.t)
		}
		return c.add(xnode{op: opNot, a: x.i}, tBool, x.cost+1), nil
	}
	return xref{}, c.unsupported(n, "the operator %s is not supported", n.Operator)
}

var binaryOps = map[string]xop{
	"+": opAdd, "-": opSub, "*": opMul, "/": opDiv, "%": opMod,
	"==": opEq, "!=": opNe, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe,
	"&&": opAnd, "and": opAnd, "||": opOr, "or": opOr,
}

// unsupportedOps says why each operator outside the subset is refused.
var unsupportedOps = map[string]string{
	"..":         "ranges (a..b) are not supported: expressions do not loop",
	"in":         "the operator in is not supported: compare with == and join with ||",
	"matches":    "matches is not supported: texts are only compared with == and !=",
	"contains":   "contains is not supported: texts are only compared with == and !=",
	"startsWith": "startsWith is not supported: texts are only compared with == and !=",
	"endsWith":   "endsWith is not supported: texts are only compared with == and !=",
	"??":         "?? is not supported: a missing value makes the expression unknown",
	"**":         "powers (**) are not supported: multiply",
	"^":          "powers (^) are not supported: multiply",
	"|":          "the pipe operator | is not supported: write f(x)",
}

func (c *xcompiler) binary(n *ast.BinaryNode) (xref, *measureError) {
	op, ok := binaryOps[n.Operator]
	if !ok {
		why := unsupportedOps[n.Operator]
		if why == "" {
			why = "the operator " + n.Operator + " is not supported"
		}
		return xref{}, c.unsupported(n, "%s", why)
	}
	l, err := c.node(n.Left)
	if err != nil {
		return xref{}, err
	}
	r, err := c.node(n.Right)
	if err != nil {
		return xref{}, err
	}
	cost := l.cost + r.cost + 1
	switch op {
	case opAdd, opSub, opMul, opDiv, opMod:
		if n.Operator == "+" && (l.t == tStr || r.t == tStr) {
			return xref{}, c.unsupported(n, "joining texts with + is not supported: texts are only compared with == and !=")
		}
		if !l.t.numeric() || !r.t.numeric() {
			return xref{}, c.invalid(n, "%s needs numbers, found %s and %s", n.Operator, l.t, r.t)
		}
		t := tNum
		if l.t == tInt && r.t == tInt && op != opDiv {
			t = tInt
		}
		if op == opMod && t != tInt {
			return xref{}, c.invalid(n, "%% needs whole numbers (counts or integer literals)")
		}
		x := xnode{op: op, a: l.i, b: r.i}
		if op == opDiv || op == opMod {
			x.text = c.text(n.Right)
		}
		return c.add(x, t, cost), nil
	case opAnd, opOr:
		if l.t != tBool || r.t != tBool {
			return xref{}, c.invalid(n, "%s needs booleans, found %s and %s", n.Operator, l.t, r.t)
		}
		return c.add(xnode{op: op, a: l.i, b: r.i}, tBool, cost), nil
	case opEq, opNe:
		if l.t.numeric() != r.t.numeric() || !l.t.numeric() && l.t != r.t {
			return xref{}, c.invalid(n, "%s compares %s with %s", n.Operator, l.t, r.t)
		}
		if l.t == tStr {
			if err := c.enumLiteral(n, l, r); err != nil {
				return xref{}, err
			}
		}
		return c.add(xnode{op: op, t: l.t, a: l.i, b: r.i}, tBool, cost), nil
	}
	if l.t == tStr || r.t == tStr {
		return xref{}, c.unsupported(n, "ordering texts with %s is not supported: texts are only compared with == and !=", n.Operator)
	}
	if !l.t.numeric() || !r.t.numeric() {
		return xref{}, c.invalid(n, "%s compares numbers, found %s and %s", n.Operator, l.t, r.t)
	}
	return c.add(xnode{op: op, t: tNum, a: l.i, b: r.i}, tBool, cost), nil
}

func (c *xcompiler) conditional(n *ast.ConditionalNode) (xref, *measureError) {
	cond, err := c.node(n.Cond)
	if err != nil {
		return xref{}, err
	}
	a, err := c.node(n.Exp1)
	if err != nil {
		return xref{}, err
	}
	b, err := c.node(n.Exp2)
	if err != nil {
		return xref{}, err
	}
	if cond.t != tBool {
		return xref{}, c.invalid(n.Cond, "the condition of ?: is %s, not a boolean", cond.t)
	}
	t := a.t
	switch {
	case a.t.numeric() && b.t.numeric():
		if a.t != b.t {
			t = tNum
		}
	case a.t != b.t:
		return xref{}, c.invalid(n.Exp2, "the branches of ?: are %s and %s; they must be of one type", a.t, b.t)
	}
	return c.add(xnode{op: opCond, a: cond.i, b: a.i, c: b.i}, t, cond.cost+max(a.cost, b.cost)+1), nil
}

// start is where the source of n begins: a pipe's left operand begins before the function.
func start(n ast.Node) int {
	from := n.Location().From
	if cn, ok := n.(*ast.ConditionalNode); ok && !cn.Ternary {
		from = start(cn.Cond) // an if/else node has no location of its own
	}
	switch n := n.(type) {
	case *ast.BinaryNode:
		from = min(from, start(n.Left))
	case *ast.ConditionalNode:
		from = min(from, start(n.Cond))
	case *ast.MemberNode:
		from = min(from, start(n.Node))
	case *ast.ChainNode:
		from = min(from, start(n.Node))
	case *ast.SliceNode:
		from = min(from, start(n.Node))
	}
	return from
}

func (c *xcompiler) piped(n ast.Node, args []ast.Node) *measureError {
	if len(args) > 0 && start(args[0]) < n.Location().From {
		return c.unsupported(n, "the pipe operator | is not supported: write f(x)")
	}
	return nil
}

// exprFunctions lists the functions an expression may call, for messages.
const exprFunctions = "abs, min, max, sum, percent, ratio and count_true"

// listBuiltins and textBuiltins are expr builtins refused with a reason of their own.
var (
	listBuiltins = setOf("all", "any", "none", "one", "filter", "map", "find", "findIndex", "findLast",
		"findLastIndex", "count", "groupBy", "sortBy", "reduce", "sort", "uniq", "concat", "flatten",
		"reverse", "take", "first", "last", "keys", "values", "toPairs", "fromPairs", "get", "mean",
		"median", "join")
	textBuiltins = setOf("trim", "trimPrefix", "trimSuffix", "upper", "lower", "split", "splitAfter",
		"replace", "repeat", "indexOf", "lastIndexOf", "hasPrefix", "hasSuffix", "string")
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// aggregates are the builtins the engine computes; each takes numbers, or one list of them.
var aggregates = map[string]xop{"abs": opAbs, "min": opMin, "max": opMax, "sum": opSum}

func (c *xcompiler) builtin(n *ast.BuiltinNode) (xref, *measureError) {
	if err := c.piped(n, n.Arguments); err != nil {
		return xref{}, err
	}
	op, ok := aggregates[n.Name]
	switch {
	case ok:
	case listBuiltins[n.Name]:
		return xref{}, c.unsupported(n, "%s works on lists, which expressions neither build nor loop over: write the values out, e.g. count_true(a > 0, b > 0), sum([a, b]), min(a, b)", n.Name)
	case textBuiltins[n.Name]:
		return xref{}, c.unsupported(n, "%s works on texts, which expressions only compare with == and !=", n.Name)
	default:
		return xref{}, c.unsupported(n, "the function %s is not supported (expressions may call %s)", n.Name, exprFunctions)
	}
	args := n.Arguments
	list := false
	if len(args) == 1 {
		if arr, ok := args[0].(*ast.ArrayNode); ok && op != opAbs {
			args, list = arr.Nodes, true
		}
	}
	switch {
	case op == opAbs && len(args) != 1:
		return xref{}, c.invalid(n, "abs takes one number")
	case op == opSum && !list:
		if len(n.Arguments) == 2 {
			if _, ok := n.Arguments[1].(*ast.PredicateNode); ok {
				return xref{}, c.unsupported(n.Arguments[1], "predicates and # are not supported: expressions do not loop; write sum([a * k, b * k])")
			}
		}
		if len(n.Arguments) == 1 {
			// What the argument is may be the better reason (a range, a map over a list).
			if _, err := c.node(n.Arguments[0]); err != nil {
				return xref{}, err
			}
			return xref{}, c.unsupported(n.Arguments[0], "sum takes a list written out, sum([a, b, c])")
		}
		return xref{}, c.unsupported(n, "sum takes a list written out, sum([a, b, c]); a predicate is not supported")
	case len(args) == 0:
		return xref{}, c.invalid(n, "%s needs at least one number", n.Name)
	}
	refs, cost, err := c.operands(args)
	if err != nil {
		return xref{}, err
	}
	t := tInt
	for _, r := range refs {
		if !r.t.numeric() {
			return xref{}, c.invalid(n, "%s takes numbers, found %s", n.Name, r.t)
		}
		if r.t != tInt {
			t = tNum
		}
	}
	if op == opAbs {
		return c.add(xnode{op: opAbs, a: refs[0].i}, t, cost+1), nil
	}
	x := xnode{op: op, args: make([]int32, len(refs))}
	for k, r := range refs {
		x.args[k] = r.i
	}
	return c.add(x, t, cost+1), nil
}

// operands compiles arguments; none may be a list.
func (c *xcompiler) operands(args []ast.Node) ([]xref, int, *measureError) {
	refs := make([]xref, len(args))
	cost := 0
	for k, a := range args {
		if _, ok := a.(*ast.ArrayNode); ok {
			return nil, 0, c.unsupported(a, "a list [...] is allowed only as the whole argument of sum, min or max")
		}
		r, err := c.node(a)
		if err != nil {
			return nil, 0, err
		}
		refs[k] = r
		cost += r.cost
	}
	return refs, cost, nil
}

func (c *xcompiler) call(n *ast.CallNode) (xref, *measureError) {
	if err := c.piped(n, n.Arguments); err != nil {
		return xref{}, err
	}
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return xref{}, c.unsupported(n, "calling %s is not supported", n.Callee)
	}
	refs, cost, err := c.operands(n.Arguments)
	if err != nil {
		return xref{}, err
	}
	switch id.Value {
	case "met", "not_met", "unknown":
		return c.critIs(n, id.Value)
	case "indicator_met", "indicator_not_met", "indicator_unknown", "indicator_not_applicable":
		return c.indIs(n, id.Value)
	case "percent", "ratio":
		if len(refs) != 2 {
			return xref{}, c.invalid(n, "%s takes two numbers (numerator, denominator), got %d", id.Value, len(refs))
		}
		if !refs[0].t.numeric() || !refs[1].t.numeric() {
			return xref{}, c.invalid(n, "%s takes numbers, found %s and %s", id.Value, refs[0].t, refs[1].t)
		}
		op := opPercent
		if id.Value == "ratio" {
			op = opRatio
		}
		return c.add(xnode{op: op, a: refs[0].i, b: refs[1].i, text: c.text(n.Arguments[1])}, tNum, cost+1), nil
	case "count_true":
		if len(refs) == 0 {
			return xref{}, c.invalid(n, "count_true needs at least one boolean")
		}
		x := xnode{op: opCountTrue, args: make([]int32, len(refs))}
		for k, r := range refs {
			if r.t != tBool {
				return xref{}, c.invalid(n.Arguments[k], "count_true counts booleans, found %s", r.t)
			}
			x.args[k] = r.i
		}
		return c.add(x, tInt, cost+1), nil
	}
	return xref{}, c.unsupported(n, "the function %s is not supported (expressions may call %s)", id.Value, exprFunctions)
}

// critIs compiles met("id"), not_met("id") and unknown("id"): whether a criterion of the
// ruleset has that status, which only conditions read (the criteria are decided first).
func (c *xcompiler) critIs(n *ast.CallNode, fn string) (xref, *measureError) {
	if !c.conditions {
		return xref{}, c.invalid(n, "%s(…) reads a criterion's status: only conditions read it", fn)
	}
	if len(n.Arguments) != 1 {
		return xref{}, c.invalid(n, "%s takes one criterion id, as text: %s(\"10\")", fn, fn)
	}
	lit, ok := n.Arguments[0].(*ast.StringNode)
	if !ok {
		return xref{}, c.invalid(n.Arguments[0], "%s takes a criterion id written as text: %s(\"10\")", fn, fn)
	}
	k := slices.Index(c.env.crits, lit.Value)
	if k < 0 {
		e := c.invalid(n.Arguments[0], "unknown criterion %q", lit.Value)
		e.near = ydec.Suggest(lit.Value, c.env.crits)
		return xref{}, e
	}
	st := map[string]Status{"met": Met, "not_met": NotMet, "unknown": Unknown}[fn]
	c.out.readsCounts = true
	return c.add(xnode{op: opCritIs, slot: int32(k), a: int32(st)}, tBool, 1), nil
}

// indIs compiles indicator_met("id") and its kin: whether an indicator of the criteria has
// that status, which only conditions read (the criteria's indicators are decided first).
func (c *xcompiler) indIs(n *ast.CallNode, fn string) (xref, *measureError) {
	if !c.conditions {
		return xref{}, c.invalid(n, "%s(…) reads an indicator's status: only conditions read it", fn)
	}
	if len(n.Arguments) != 1 {
		return xref{}, c.invalid(n, "%s takes one indicator id, as text: %s(\"10.1\")", fn, fn)
	}
	lit, ok := n.Arguments[0].(*ast.StringNode)
	if !ok {
		return xref{}, c.invalid(n.Arguments[0], "%s takes an indicator id written as text: %s(\"10.1\")", fn, fn)
	}
	k := slices.Index(c.env.inds, lit.Value)
	if k < 0 {
		e := c.invalid(n.Arguments[0], "unknown indicator %q (a condition reads the criteria's indicators)", lit.Value)
		e.near = ydec.Suggest(lit.Value, c.env.inds)
		return xref{}, e
	}
	st := map[string]Status{"indicator_met": Met, "indicator_not_met": NotMet, "indicator_unknown": Unknown,
		"indicator_not_applicable": NotApplicable}[fn]
	c.out.readsCounts = true
	return c.add(xnode{op: opIndIs, slot: int32(k), a: int32(st)}, tBool, 1), nil
}

// enumLiteral refuses a comparison of an enumerated text field with a text that is not one of
// its values: a misspelt value would never match, silently.
func (c *xcompiler) enumLiteral(n *ast.BinaryNode, l, r xref) *measureError {
	field, lit := c.out.code.nodes[l.i], c.out.code.nodes[r.i]
	if field.op != opTextField {
		field, lit = lit, field
	}
	if field.op != opTextField || lit.op != opConst || field.slot < 0 || int(field.slot) >= len(c.env.sch.fields) {
		return nil
	}
	f := c.env.sch.fields[field.slot]
	if len(f.Values) == 0 {
		return nil
	}
	ids := make([]string, len(f.Values))
	for i, v := range f.Values {
		if v.ID == lit.ks {
			return nil
		}
		ids[i] = v.ID
	}
	e := c.invalid(n, "%q is not one of the values of %s (%s)", lit.ks, f.ID, strings.Join(ids, ", "))
	e.near = ydec.Suggest(strings.ToLower(lit.ks), ids)
	return e
}
