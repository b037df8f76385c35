package criteria

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// Limits on expressions from rule files, which are untrusted input.
const (
	maxExprLen   = 2000 // characters of one expression
	maxExprNodes = 500  // nodes of its syntax tree
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
	mCriteriaNotMet
	mCriteriaUnknown
	mExpr
)

// measure is a compiled measure: a native helper over field slots, or an expression compiled
// to the engine's own evaluator.
type measure struct {
	kind          measureKind
	slots         []int    // field positions read by the measure (all of them, for missing-data reports)
	ids           []string // the same fields' ids
	result        valueKind
	code          *exprCode // an expression's evaluator (kind mExpr)
	readsPeriod   bool      // the expression reads period_year or period_half
	readsCounts   bool      // the measure reads criteria_met or criteria_total
	readsComputed bool      // the measure reads a computed value (explanations expand it to its inputs)
	unit          string    // unit of the measured value, when the helper implies one ("%")
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
var reservedNames = []string{"criteria_met", "criteria_total", "criteria_not_met", "criteria_unknown", "period_year", "period_half"}

// countNames are the counts of the criteria a condition may read, with the measure of each.
var countNames = map[string]measureKind{
	"criteria_met": mCriteriaMet, "criteria_total": mCriteriaTotal,
	"criteria_not_met": mCriteriaNotMet, "criteria_unknown": mCriteriaUnknown,
}

// env holds what expressions of one ruleset may read: every field, typed, and the period;
// conditions also read the criteria by id (crits, in the program's order).
type exprEnv struct {
	sch   *schema
	types map[string]any
	crits []string
	inds  []string // the criteria's indicators by id, in the program's order
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
		for n := range countNames {
			m[n] = 0
		}
	}
	m["period_year"] = 0
	m["period_half"] = 0
	return &exprEnv{sch: sch, types: m}
}

// measureError is a problem compiling a measure, with an offset into the measure text.
type measureError struct {
	code Code
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
		if k, ok := countNames[s]; ok && conditions {
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
	return m, nil
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
	for _, fn := range []string{"met", "not_met", "unknown", "indicator_met", "indicator_not_met", "indicator_unknown", "indicator_not_applicable"} {
		if msg == "unknown name "+fn {
			what := "a criterion's"
			if strings.HasPrefix(fn, "indicator_") {
				what = "an indicator's"
			}
			msg = fn + "(…) reads " + what + " status: only recognition conditions read it, once the criteria are decided"
		}
	}
	return &measureError{code: code, msg: "expression: " + msg, col: col}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
