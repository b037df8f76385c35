package criteria

import (
	"context"
	"fmt"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/vm"
	"github.com/expr-lang/expr/vm/runtime"
)

// Limits on expressions from rule files, which are untrusted input.
const (
	maxExprLen    = 2000   // characters of one expression
	maxExprNodes  = 500    // nodes of its syntax tree
	exprMemBudget = 100000 // memory units expr's VM may use in one run
)

type measureKind uint8

const (
	mField measureKind = iota + 1
	mPercent
	mRatio
	mSum
	mCountTrue
	mCriteriaMet
	mCriteriaTotal
	mExpr
)

// measure is a compiled measure: a native helper over field slots, or an expression compiled
// to the engine's own evaluator.
type measure struct {
	kind        measureKind
	slots       []int    // field positions read by the measure (all of them, for missing-data reports)
	ids         []string // the same fields' ids
	result      valueKind
	code        *exprCode // an expression's evaluator (kind mExpr)
	readsPeriod bool      // the expression reads period_year or period_half
	readsCounts bool      // the measure reads criteria_met or criteria_total
	prog        *vm.Program
	unit        string // unit of the measured value, when the helper implies one ("%")
}

var (
	identRE  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	helperRE = regexp.MustCompile(`^(percent|ratio|sum|count_true)\s*\(\s*([a-z0-9_,\s]*)\)$`)
)

// disabledBuiltins are expr builtins a rule file may not call: the clock (evaluation never
// reads it) and functions that could allocate without bound.
var disabledBuiltins = []string{"now", "date", "duration", "timezone", "repeat", "fromJSON", "toJSON", "fromBase64", "toBase64",
	"bitand", "bitor", "bitxor", "bitnand", "bitnot", "bitshl", "bitshr", "bitushr"}

// reservedNames are variables every expression may read besides the fields; no field may
// take these ids.
var reservedNames = []string{"criteria_met", "criteria_total", "period_year", "period_half"}

// env holds what expressions of one ruleset may read: every field, typed, and the period.
type exprEnv struct {
	sch   *schema
	types map[string]any
}

func newExprEnv(sch *schema, conditions bool) *exprEnv {
	m := make(map[string]any, len(sch.fields)+2)
	for _, f := range sch.fields {
		switch f.Type {
		case TypeCount:
			m[f.ID] = 0
		case TypeNumber, TypePercent:
			m[f.ID] = 0.0
		case TypeBoolean:
			m[f.ID] = false
		case TypeText:
			m[f.ID] = ""
		}
	}
	if conditions {
		m["criteria_met"] = 0
		m["criteria_total"] = 0
	}
	m["period_year"] = 0
	m["period_half"] = 0
	return &exprEnv{sch: sch, types: m}
}

// measureError is a problem compiling a measure, with an offset into the measure text.
type measureError struct {
	code string
	msg  string
	col  int // 0-based column in the expression, or -1
	near string
}

func (e *measureError) Error() string { return e.msg }

// compileMeasure analyses a measure: native helpers are resolved to field slots; anything else
// is compiled by expr against the typed environment.
func compileMeasure(src string, env *exprEnv, conditions bool) (*measure, *measureError) {
	s := strings.TrimSpace(src)
	if len(s) > maxExprLen {
		return nil, &measureError{code: CodeExprLimit, msg: fmt.Sprintf("the expression is %d characters long; at most %d are allowed", len(s), maxExprLen), col: -1}
	}
	if identRE.MatchString(s) {
		if conditions && (s == "criteria_met" || s == "criteria_total") {
			k := mCriteriaMet
			if s == "criteria_total" {
				k = mCriteriaTotal
			}
			return &measure{kind: k, result: kindNumber, readsCounts: true}, nil
		}
		i, ok := env.sch.lookup(s)
		if !ok {
			return nil, &measureError{code: CodeRefField, msg: fmt.Sprintf("unknown field %q", s), col: 0, near: ydec.Suggest(s, env.sch.ids())}
		}
		f := env.sch.fields[i]
		return &measure{kind: mField, slots: []int{i}, ids: []string{s}, result: kindOf(f.Type), unit: f.Unit}, nil
	}
	if m := helperRE.FindStringSubmatch(s); m != nil {
		return compileHelper(m[1], m[2], s, env)
	}
	return compileExpr(s, env, conditions)
}

func kindOf(t FieldType) valueKind {
	switch t {
	case TypeBoolean:
		return kindBool
	case TypeText:
		return kindText
	}
	return kindNumber
}

func compileHelper(name, argText, src string, env *exprEnv) (*measure, *measureError) {
	var args []string
	for _, a := range strings.Split(argText, ",") {
		if a = strings.TrimSpace(a); a != "" {
			args = append(args, a)
		}
	}
	m := &measure{result: kindNumber}
	switch name {
	case "percent":
		m.kind, m.unit = mPercent, "%"
	case "ratio":
		m.kind = mRatio
	case "sum":
		m.kind = mSum
	case "count_true":
		m.kind = mCountTrue
	}
	if (m.kind == mPercent || m.kind == mRatio) && len(args) != 2 {
		return nil, &measureError{code: CodeExpr, msg: fmt.Sprintf("%s takes two fields (numerator, denominator), got %d", name, len(args)), col: 0}
	}
	if len(args) == 0 {
		return nil, &measureError{code: CodeExpr, msg: name + " needs at least one field", col: 0}
	}
	units := map[string]bool{}
	for _, a := range args {
		col := strings.Index(src, a)
		i, ok := env.sch.lookup(a)
		if !ok {
			return nil, &measureError{code: CodeRefField, msg: fmt.Sprintf("unknown field %q", a), col: col, near: ydec.Suggest(a, env.sch.ids())}
		}
		f := env.sch.fields[i]
		if m.kind == mCountTrue {
			if f.Type != TypeBoolean {
				return nil, &measureError{code: CodeUnitMismatch, msg: fmt.Sprintf("count_true counts boolean fields; %q is a %s", a, f.Type), col: col}
			}
		} else if f.Type != TypeCount && f.Type != TypeNumber && (f.Type != TypePercent || m.kind == mPercent) {
			return nil, &measureError{code: CodeUnitMismatch, msg: fmt.Sprintf("%s needs count or number fields; %q is a %s", name, a, f.Type), col: col}
		}
		if f.Unit != "" {
			units[f.Unit] = true
		}
		m.slots = append(m.slots, i)
		m.ids = append(m.ids, a)
	}
	if m.kind == mCountTrue {
		m.unit = ""
	}
	if (m.kind == mPercent || m.kind == mSum) && len(units) > 1 {
		return nil, &measureError{code: CodeUnitMismatch, msg: fmt.Sprintf("%s mixes units %s; its fields must share one unit", name, sortedKeys(units)), col: 0}
	}
	if m.kind == mSum {
		for u := range units {
			m.unit = u
		}
	}
	return m, nil
}

func sortedKeys(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, fmt.Sprintf("%q", k))
	}
	sort.Strings(keys)
	return strings.Join(keys, " and ")
}

// compileExpr compiles an expression to the engine's evaluator (see compileCode): expr parses
// and type-checks it; nothing of expr runs when a unit is evaluated.
func compileExpr(s string, env *exprEnv, conditions bool) (*measure, *measureError) {
	cc, merr := compileCode(s, env, conditions)
	if merr != nil {
		return nil, merr
	}
	m := &measure{kind: mExpr, code: cc.code, result: cc.code.kind, slots: cc.slots, ids: cc.ids,
		readsPeriod: cc.readsPeriod, readsCounts: cc.readsCounts}
	if m.prog, merr = vmProgram(s, env); merr != nil {
		return nil, merr
	}
	return m, nil
}

// vmProgram compiles the expression for expr's VM, which evaluation used before the engine
// computed expressions itself.
func vmProgram(s string, env *exprEnv) (prog *vm.Program, merr *measureError) {
	defer func() {
		if r := recover(); r != nil {
			prog, merr = nil, &measureError{code: CodeExpr, msg: fmt.Sprintf("the expression could not be compiled: %v", r), col: -1}
		}
	}()
	// Without the optimizer, which folds constants: 1 % 0 in a branch never taken is no
	// reason to refuse the file.
	opts := []expr.Option{expr.Env(env.types), expr.MaxNodes(maxExprNodes), expr.Optimize(false)}
	for _, b := range disabledBuiltins {
		opts = append(opts, expr.DisableBuiltin(b))
	}
	opts = append(opts, checkedFunctions...)
	opts = append(opts, vmFuncs...)
	opts = append(opts, expr.Patch(&checkedArith{patched: map[ast.Node]operand{}}))
	prog, err := expr.Compile(s, opts...)
	if err != nil {
		return nil, exprError(err)
	}
	return prog, nil
}

// vmFuncs are percent, ratio and count_true for expr's VM.
var vmFuncs = []expr.Option{
	expr.Function("percent", func(a ...any) (any, error) { return vmRatio(100, a[0], a[1]) }, new(func(any, any) float64)),
	expr.Function("ratio", func(a ...any) (any, error) { return vmRatio(1, a[0], a[1]) }, new(func(any, any) float64)),
	expr.Function("count_true", func(a ...any) (any, error) {
		n := 0
		for _, x := range a {
			if b, _ := x.(bool); b {
				n++
			}
		}
		return n, nil
	}, new(func(...any) int)),
}

func vmRatio(k float64, a, b any) (any, error) {
	x, y := vmFloat(a), vmFloat(b)
	if y == 0 {
		return nil, fmt.Errorf("division by zero")
	}
	return k * x / y, nil
}

func vmFloat(a any) float64 {
	switch v := a.(type) {
	case int:
		return float64(v)
	case float64:
		return v
	}
	return math.NaN()
}

type identVisitor func(string)

func (v identVisitor) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		v(id.Value)
	}
}

// exprError turns expr's error into a one-line message with a column, reading its fields
// rather than its multi-line text.
func exprError(err error) *measureError {
	msg, col := firstLine(err.Error()), -1
	if e := asExprFileError(err); e != nil {
		msg, col = e.Message, e.Column
	}
	code := CodeExpr
	if strings.Contains(msg, "exceeds maximum allowed nodes") {
		code = CodeExprLimit
	}
	return &measureError{code: code, msg: "expression: " + msg, col: col}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// runExpr evaluates a compiled expression against env within the memory budget; it never panics.
func runExpr(ctx context.Context, prog *vm.Program, env map[string]any) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("expression failed: %v", r)
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	machine := vm.VM{MemoryBudget: exprMemBudget}
	return machine.Run(prog, env)
}

// Integer arithmetic in expressions is checked. Counts are Go ints in expressions, and expr
// adds, subtracts and multiplies ints natively, wrapping around on overflow: 100 ×
// 9223372036854775807 would be -100 and decide a verdict. checkedArith rewrites, in the
// type-checked tree, every such operation (+, -, * and negation, sum, abs and int of a float)
// on operands that are ints, or whose type is only known when the expression runs, into a call
// of a function below that computes the same value or fails with an "out of range" error, so
// the check becomes unknown with that reason. / and ** give floats; % cannot overflow.
// Operations on other types (floats, strings) are left to expr, and an ill-typed operation
// is never rewritten, so its compile error stands.

// Names of the checked functions: not identifiers, so no expression can call them by name.
const (
	fnAdd    = "add int"
	fnAddAny = "add any"
	fnSub    = "sub int"
	fnSubAny = "sub any"
	fnMul    = "mul int"
	fnMulAny = "mul any"
	fnNeg    = "neg int"
	fnNegAny = "neg any"
	fnSum    = "sum int"
	fnSumAny = "sum any"
	fnAbs    = "abs int"
	fnAbsAny = "abs any"
	fnInt    = "int of"
)

// checkedFunctions registers the checked functions: the "int" variants are typed int → int for
// the checker, the "any" variants return a value whose type is known only at run time.
var checkedFunctions = []expr.Option{
	expr.Function(fnAdd, checkedAdd, new(func(int, int) int)),
	expr.Function(fnAddAny, checkedAdd),
	expr.Function(fnSub, checkedSub, new(func(int, int) int)),
	expr.Function(fnSubAny, checkedSub),
	expr.Function(fnMul, checkedMul, new(func(int, int) int)),
	expr.Function(fnMulAny, checkedMul),
	expr.Function(fnNeg, checkedNeg, new(func(int) int)),
	expr.Function(fnNegAny, checkedNeg),
	expr.Function(fnSum, checkedSum, new(func(any) int)),
	expr.Function(fnSumAny, checkedSum),
	expr.Function(fnAbs, checkedAbs, new(func(int) int)),
	expr.Function(fnAbsAny, checkedAbs),
	expr.Function(fnInt, checkedInt, new(func(any) int)),
}

// operand classifies a node's type for checkedArith.
type operand uint8

const (
	otherOperand operand = iota // a known type other than int, or nil
	intOperand                  // int
	anyOperand                  // known only at run time
)

var exprIntType = reflect.TypeOf(0)

// checkedArith is the expr patcher that rewrites integer operations into checked calls. It
// runs once on a tree the checker has typed; patched remembers the type of each node it has
// replaced, since a new node has none until the tree is checked again.
type checkedArith struct {
	patched map[ast.Node]operand
}

func (v *checkedArith) operand(n ast.Node) operand {
	if k, ok := v.patched[n]; ok {
		return k
	}
	nt := n.Nature()
	switch {
	case nt.Nil:
		return otherOperand
	case nt.Type == nil || nt.Type.Kind() == reflect.Interface:
		return anyOperand
	case nt.Type == exprIntType:
		return intOperand
	}
	return otherOperand
}

// mayBeArray reports whether n may be an array: sum over anything else is an error to keep.
func mayBeArray(n ast.Node) bool {
	nt := n.Nature()
	if nt.Nil {
		return false
	}
	if nt.Type == nil {
		return true
	}
	k := nt.Type.Kind()
	return k == reflect.Interface || k == reflect.Slice || k == reflect.Array
}

func (v *checkedArith) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		var typed, untyped string
		switch n.Operator {
		case "+":
			typed, untyped = fnAdd, fnAddAny
		case "-":
			typed, untyped = fnSub, fnSubAny
		case "*":
			typed, untyped = fnMul, fnMulAny
		default:
			return
		}
		l, r := v.operand(n.Left), v.operand(n.Right)
		if l == otherOperand || r == otherOperand {
			return
		}
		if l == intOperand && r == intOperand {
			v.call(node, typed, intOperand, n.Left, n.Right)
		} else {
			v.call(node, untyped, anyOperand, n.Left, n.Right)
		}
	case *ast.UnaryNode:
		if n.Operator != "-" {
			return
		}
		if _, ok := n.Node.(*ast.IntegerNode); ok {
			return // a literal is at most MaxInt64; its negation fits
		}
		switch v.operand(n.Node) {
		case intOperand:
			v.call(node, fnNeg, intOperand, n.Node)
		case anyOperand:
			v.call(node, fnNegAny, anyOperand, n.Node)
		}
	case *ast.BuiltinNode:
		switch n.Name {
		case "sum":
			if len(n.Arguments) < 1 || len(n.Arguments) > 2 || !mayBeArray(n.Arguments[0]) {
				return
			}
			k := v.operand(n)
			if k == otherOperand {
				return
			}
			arg := n.Arguments[0]
			if len(n.Arguments) == 2 {
				// sum(xs, f) is the sum of map(xs, f).
				m := &ast.BuiltinNode{Name: "map", Arguments: []ast.Node{arg, n.Arguments[1]}}
				m.SetLocation(n.Location())
				arg = m
			}
			if k == intOperand {
				v.call(node, fnSum, intOperand, arg)
			} else {
				v.call(node, fnSumAny, anyOperand, arg)
			}
		case "abs":
			if len(n.Arguments) != 1 {
				return
			}
			switch v.operand(n.Arguments[0]) {
			case intOperand:
				v.call(node, fnAbs, intOperand, n.Arguments[0])
			case anyOperand:
				v.call(node, fnAbsAny, anyOperand, n.Arguments[0])
			}
		case "int":
			if len(n.Arguments) != 1 {
				return
			}
			nt := n.Arguments[0].Nature()
			if v.operand(n.Arguments[0]) == anyOperand || !nt.Nil && nt.Type != nil && nt.IsFloat {
				v.call(node, fnInt, intOperand, n.Arguments[0])
			}
		}
	}
}

// call replaces *node by a call of the function name with args, of the given type.
func (v *checkedArith) call(node *ast.Node, name string, k operand, args ...ast.Node) {
	callee := &ast.IdentifierNode{Value: name}
	callee.SetLocation((*node).Location())
	c := &ast.CallNode{Callee: callee, Arguments: args}
	ast.Patch(node, c)
	v.patched[c] = k
}

func outOfRange(format string, args ...any) error {
	return fmt.Errorf("integer overflow: "+format+" is out of range", args...)
}

func checkedAdd(args ...any) (any, error) {
	x, ok1 := args[0].(int)
	y, ok2 := args[1].(int)
	if !ok1 || !ok2 {
		return runtime.Add(args[0], args[1]), nil
	}
	if y > 0 && x > math.MaxInt-y || y < 0 && x < math.MinInt-y {
		return nil, outOfRange("%d + %d", x, y)
	}
	return x + y, nil
}

func checkedSub(args ...any) (any, error) {
	x, ok1 := args[0].(int)
	y, ok2 := args[1].(int)
	if !ok1 || !ok2 {
		return runtime.Subtract(args[0], args[1]), nil
	}
	if y < 0 && x > math.MaxInt+y || y > 0 && x < math.MinInt+y {
		return nil, outOfRange("%d - %d", x, y)
	}
	return x - y, nil
}

func checkedMul(args ...any) (any, error) {
	x, ok1 := args[0].(int)
	y, ok2 := args[1].(int)
	if !ok1 || !ok2 {
		return runtime.Multiply(args[0], args[1]), nil
	}
	if x == 0 || y == 0 {
		return 0, nil
	}
	p := x * y
	if p/y != x || x == -1 && y == math.MinInt || y == -1 && x == math.MinInt {
		return nil, outOfRange("%d * %d", x, y)
	}
	return p, nil
}

func checkedNeg(args ...any) (any, error) {
	x, ok := args[0].(int)
	if !ok {
		return runtime.Negate(args[0]), nil
	}
	if x == math.MinInt {
		return nil, outOfRange("-(%d)", x)
	}
	return -x, nil
}

func checkedAbs(args ...any) (any, error) {
	x, ok := args[0].(int)
	if !ok {
		return builtin.Abs(args[0]), nil
	}
	if x == math.MinInt {
		return nil, outOfRange("abs(%d)", x)
	}
	if x < 0 {
		return -x, nil
	}
	return x, nil
}

// checkedSum adds the elements of an array from 0, as expr's sum does, with checkedAdd.
func checkedSum(args ...any) (any, error) {
	xs := reflect.ValueOf(args[0])
	if k := xs.Kind(); k != reflect.Slice && k != reflect.Array {
		return nil, fmt.Errorf("sum takes an array (got %T)", args[0])
	}
	var acc any = 0
	for i := 0; i < xs.Len(); i++ {
		var err error
		if acc, err = checkedAdd(acc, xs.Index(i).Interface()); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// checkedInt is expr's int() but refuses a float outside the int range, which Go's
// conversion would turn into an arbitrary int.
func checkedInt(args ...any) (any, error) {
	var f float64
	switch x := args[0].(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	default:
		return builtin.Int(args[0]), nil
	}
	// MinInt is a power of two, exact as a float, and -MinInt the first float above MaxInt.
	if math.IsNaN(f) || f < float64(math.MinInt) || f >= -float64(math.MinInt) {
		return nil, outOfRange("int(%v)", f)
	}
	return int(f), nil
}
