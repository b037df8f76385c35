package criteria

import (
	"fmt"
	"math"
	"math/big"
	"math/rand"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exprRules declares the fields the expression tests read.
const exprRules = `format: ntm.rules/v1
id: test.exprcode
version: "1"
level: commune
title: {vi: "Biểu thức"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2016-01-01, until: 2020-12-31}
regions: [{id: south, name: {vi: "Nam"}}]
fields:
  - {id: n, type: count, unit: "hộ", label: {vi: n}}
  - {id: m, type: count, unit: "hộ", label: {vi: m}}
  - {id: x, type: number, unit: "ha", label: {vi: x}}
  - {id: y, type: number, unit: "ha", label: {vi: y}}
  - {id: p, type: percent, unit: "%", label: {vi: p}}
  - {id: ok, type: boolean, label: {vi: ok}}
  - {id: no, type: boolean, label: {vi: no}}
  - {id: has_market, type: boolean, label: {vi: has_market}}
  - {id: name, type: text, label: {vi: name}}
groups: [{id: G, title: {vi: G}}]
criteria:
  - id: "1"
    name: {vi: x}
    groups: [G]
    indicators:
      - id: "1.1"
        name: {vi: x}
        checks:
          - {measure: n, op: ">=", target: {all: {value: 1, confidence: verified, source: T}}}
`

var exprSchema = func() *schema {
	rs, err := Parse("exprcode.yaml", []byte(exprRules))
	if err != nil {
		panic(err)
	}
	return rs.schema
}()

// exprVals lays values out by slot: numbers from their text, "true"/"false", 'text'.
func exprVals(t testing.TB, vals map[string]string) []Value {
	out := make([]Value, len(exprSchema.fields))
	for id, s := range vals {
		i, ok := exprSchema.lookup(id)
		require.True(t, ok, id)
		switch exprSchema.fields[i].Type {
		case TypeBoolean:
			out[i] = BoolValue(s == "true")
		case TypeText:
			out[i] = TextValue(s)
		default:
			n, err := ParseNumber(s)
			require.NoError(t, err, s)
			out[i] = NumberValue(n)
		}
	}
	return out
}

func compileTest(t testing.TB, src string, conditions bool) *measure {
	t.Helper()
	m, err := compileExpr(src, newExprEnv(exprSchema, conditions), conditions)
	require.Nil(t, err, "%s: %v", src, err)
	require.NotNil(t, m.code)
	return m
}

// show writes a result as the tests expect it: "unknown", "error: reason", a boolean, or the
// exact value as num/den (a whole number alone).
func show(r measured) string {
	switch {
	case r.err != "":
		return "error: " + r.err
	case r.v.IsMissing():
		return "unknown"
	case r.v.kind == kindBool:
		return fmt.Sprint(r.v.b)
	case r.den.Equal(IntNumber(1)):
		return r.num.String()
	}
	return r.num.String() + "/" + r.den.String()
}

const maxInt64Text = "9223372036854775807"

// exprEvalCases are expressions with values and the exact result, unknown, or the reason.
var exprEvalCases = []struct {
	src     string
	vals    map[string]string
	want    string // as show writes it; "error: x" matches a reason containing x
	display string // the rounded value, when it differs from want
}{
	// Exact arithmetic.
	{"n + m", map[string]string{"n": "2", "m": "3"}, "5", ""},
	{"0.1 + 0.2 == 0.3", nil, "true", ""},
	{"x + y == 0.3", map[string]string{"x": "0.1", "y": "0.2"}, "true", ""},
	{"x + y", map[string]string{"x": "0.1", "y": "0.2"}, "0.3", ""},
	{"1 / 3 * 3 == 1", nil, "true", ""},
	{"1 / 3 + 1 / 6 == 0.5", nil, "true", ""},
	{"n / m", map[string]string{"n": "1", "m": "3"}, "1/3", "0.3333"},
	{"n / m", map[string]string{"n": "2", "m": "3"}, "2/3", "0.6667"},
	{"n / m", map[string]string{"n": "1", "m": "8"}, "0.125", ""},
	{"-n / m", map[string]string{"n": "2", "m": "3"}, "-2/3", "-0.6667"},
	{"n / 1048576", map[string]string{"n": "3"}, "3/1048576", "0"}, // 2⁻²⁰ needs 20 places
	{"n / 1048576 * 4", map[string]string{"n": "3"}, "0.000011444091796875", ""},
	{"n / m >= 0.5", map[string]string{"n": "1", "m": "2"}, "true", ""},
	{"n / m >= 0.5", map[string]string{"n": "49", "m": "99"}, "false", ""},
	{"n / m >= 0.5", map[string]string{"n": "50", "m": "99"}, "true", ""},
	{"x == 47.2", map[string]string{"x": "47.2"}, "true", ""},
	{"x * 3", map[string]string{"x": "-0.5"}, "-1.5", ""},
	{"x * 0.000000000000000001", map[string]string{"x": "1"}, "0.000000000000000001", ""},
	{"1.5e3 + 2_000 + 0x10", nil, "3516", ""},
	{"n / 7 * 7 == n", map[string]string{"n": "999999999999999999"}, "true", ""},
	{"n % m", map[string]string{"n": "7", "m": "3"}, "1", ""},
	{"-n % m", map[string]string{"n": "7", "m": "3"}, "-1", ""},
	{"-n", map[string]string{"n": "4"}, "-4", ""},
	{"+n", map[string]string{"n": "4"}, "4", ""},
	{"p >= 95", map[string]string{"p": "95"}, "true", ""},
	// Division by zero and out of range: unknown, with the reason.
	{"x / y", map[string]string{"x": "1", "y": "0"}, "error: division by zero: y is 0", ""},
	{"n / (m - m)", map[string]string{"n": "1", "m": "2"}, "error: division by zero: m - m is 0", ""},
	{"n % m", map[string]string{"n": "7", "m": "0"}, "error: division by zero: m is 0", ""},
	{"n > 0 ? 1 : 1 % 0", map[string]string{"n": "1"}, "1", ""},
	{"n / 0.0", map[string]string{"n": "1"}, "error: division by zero", ""},
	{"n * " + maxInt64Text, map[string]string{"n": "100"}, "error: integer overflow: 100 * " + maxInt64Text + " is out of range", ""},
	{"n + " + maxInt64Text, map[string]string{"n": "1"}, "error: integer overflow: 1 + " + maxInt64Text + " is out of range", ""},
	{"-" + maxInt64Text + " - n", map[string]string{"n": "2"}, "error: integer overflow: -" + maxInt64Text + " - 2 is out of range", ""},
	{maxInt64Text + " - n", map[string]string{"n": "0"}, "error: out of range: the expression gave " + maxInt64Text, ""},
	{"-" + maxInt64Text + " - 1 + " + maxInt64Text + " + n", map[string]string{"n": "100"}, "99", ""},
	{"-(n - " + maxInt64Text + " - 1)", map[string]string{"n": "0"}, "error: integer overflow: -(-9223372036854775808) is out of range", ""},
	{"abs(n - " + maxInt64Text + " - 1)", map[string]string{"n": "0"}, "error: integer overflow: abs(-9223372036854775808) is out of range", ""},
	{"n * n", map[string]string{"n": "3037000500"}, "error: integer overflow: 3037000500 * 3037000500 is out of range", ""},
	{"n * n", map[string]string{"n": "3037000499"}, "error: out of range: the expression gave 9223372030926249001", ""},
	{"n * n", map[string]string{"n": "999999999"}, "999999998000000001", ""},
	{"x * 1000000000", map[string]string{"x": "1000000000.5"}, "error: out of range", ""},
	{"n / 7 * " + maxInt64Text, map[string]string{"n": "1"}, "error: out of range: the expression gave 1317624576693539401", ""},
	{"x / 3 * " + maxInt64Text, map[string]string{"x": "0.5"}, "error: out of range", ""},
	{"sum([n, " + maxInt64Text + "])", map[string]string{"n": "1"}, "error: integer overflow: 1 + " + maxInt64Text + " is out of range", ""},
	{"n / 3 + " + maxInt64Text + " / 3", map[string]string{"n": "2"}, "error: out of range", ""},
	{"n / 2 + 9223372036854775805 / 2", map[string]string{"n": "1"}, "error: out of range: the expression gave 4611686018427387903", ""},
	{"(n / 2 + 9223372036854775805 / 2) / 10", map[string]string{"n": "1"}, "error: out of range: the expression gave 4611686018427387903/10", ""},
	{"(n / 2 + 9223372036854775805 / 2) / 10 - 400000000000000000", map[string]string{"n": "1"}, "61168601842738790.3", ""},
	// Missing values: unknown, Kleene logic.
	{"n - m", map[string]string{"n": "1"}, "unknown", ""},
	{"n == m", map[string]string{"n": "1"}, "unknown", ""},
	{"ok && n > 1", map[string]string{"ok": "false"}, "false", ""},
	{"n > 1 && ok", map[string]string{"ok": "false"}, "false", ""},
	{"ok || n > 1", map[string]string{"ok": "true"}, "true", ""},
	{"n > 1 || ok", map[string]string{"ok": "true"}, "true", ""},
	{"ok && n > 1", map[string]string{"ok": "true"}, "unknown", ""},
	{"ok || n > 1", map[string]string{"ok": "false"}, "unknown", ""},
	{"ok and not no", map[string]string{"ok": "true", "no": "false"}, "true", ""},
	{"!ok", nil, "unknown", ""},
	{"not ok", map[string]string{"ok": "true"}, "false", ""},
	{"ok ? n : m", map[string]string{"n": "1", "m": "2"}, "unknown", ""},
	{"ok ? n : m", map[string]string{"ok": "true", "n": "1"}, "1", ""},
	{"if ok { n } else { m }", map[string]string{"ok": "false", "m": "2"}, "2", ""},
	{"m > 0 ? n / m : 0", map[string]string{"n": "1", "m": "0"}, "0", ""},
	{"m > 0 ? n / m : 0", map[string]string{"n": "1", "m": "4"}, "0.25", ""},
	// A failure is unknown too: a known side decides, a missing input is reported first.
	{"n / m > 1 && false", map[string]string{"n": "1", "m": "0"}, "false", ""},
	{"n / m > 1 || true", map[string]string{"n": "1", "m": "0"}, "true", ""},
	{"n / m > 1 && ok", map[string]string{"n": "1", "m": "0"}, "unknown", ""},
	{"n / m > 1 && true", map[string]string{"n": "1", "m": "0"}, "error: division by zero", ""},
	{"x / m + n", map[string]string{"x": "1", "m": "0"}, "unknown", ""},
	// Texts are compared, never built.
	{"name == 'Cà Mau'", map[string]string{"name": "Cà Mau"}, "true", ""},
	{"name != 'x'", map[string]string{"name": "Cà Mau"}, "true", ""},
	{"name == 'x'", nil, "unknown", ""},
	{"name != 'Cà Mau' || x > 0.5", map[string]string{"name": "Cà Mau", "x": "0.6"}, "true", ""},
	{"name != 'Cà Mau' || x > 0.5", map[string]string{"name": "Cà Mau", "x": "0.5"}, "false", ""},
	{"(ok ? 'a' : 'b') == name", map[string]string{"ok": "true", "name": "a"}, "true", ""},
	// Functions and aggregates.
	{"percent(n, m) >= 50", map[string]string{"n": "19", "m": "38"}, "true", ""},
	{"percent(n, m)", map[string]string{"n": "19", "m": "20"}, "95", ""},
	{"percent(n, m)", map[string]string{"n": "1", "m": "3"}, "100/3", "33.3333"},
	{"percent(n, m) >= 33.3333", map[string]string{"n": "1", "m": "3"}, "true", ""},
	{"percent(n, m) == 100 / 3", map[string]string{"n": "1", "m": "3"}, "true", ""},
	{"percent(n, m)", map[string]string{"n": "1", "m": "0"}, "error: division by zero: m is 0", ""},
	{"has_market && percent(n, m) >= 50", map[string]string{"has_market": "false"}, "false", ""},
	{"ratio(x, y)", map[string]string{"x": "1", "y": "4"}, "0.25", ""},
	{"count_true(ok, no, ok)", map[string]string{"ok": "true", "no": "false"}, "2", ""},
	{"count_true(ok, no)", map[string]string{"ok": "true"}, "unknown", ""},
	{"min(n, m, 4)", map[string]string{"n": "7", "m": "5"}, "4", ""},
	{"max([n, m, x])", map[string]string{"n": "7", "m": "5", "x": "7.5"}, "7.5", ""},
	{"max(n, m)", map[string]string{"n": "7"}, "unknown", ""},
	{"abs(n - m)", map[string]string{"n": "2", "m": "5"}, "3", ""},
	{"abs(x)", map[string]string{"x": "-0.5"}, "0.5", ""},
	{"sum([n, m, x])", map[string]string{"n": "1", "m": "2", "x": "0.5"}, "3.5", ""},
	// The period, always known.
	{"period_year >= 2017", nil, "false", ""},
	{"period_year * 12 + period_half - 1", nil, "24193", ""},
	// Chained comparisons.
	{"0 < n <= 10", map[string]string{"n": "10"}, "true", ""},
	{"0 < n <= 10", map[string]string{"n": "11"}, "false", ""},
}

func TestExprEval(t *testing.T) {
	tests := exprEvalCases
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			m := compileTest(t, tc.src, false)
			in := &exprInput{vals: exprVals(t, tc.vals), year: 2016, half: 2}
			r := m.code.eval(in)
			got := show(r)
			if want, ok := strings.CutPrefix(tc.want, "error: "); ok {
				assert.Contains(t, got, "error: ", "%s", got)
				assert.Contains(t, r.err, want)
				assert.True(t, r.v.IsMissing())
				return
			}
			assert.Equal(t, tc.want, got)
			if r.v.kind == kindNumber {
				display := tc.display
				if display == "" {
					display = tc.want
				}
				assert.Equal(t, display, r.v.String(), "display value")
			}
		})
	}
}

// TestExprCounts: conditions read the criteria counts; other expressions may not.
func TestExprCounts(t *testing.T) {
	m := compileTest(t, "criteria_met == criteria_total", true)
	assert.True(t, m.readsCounts)
	assert.False(t, m.readsPeriod)
	assert.Equal(t, "true", show(m.code.eval(&exprInput{met: 19, total: 19})))
	assert.Equal(t, "false", show(m.code.eval(&exprInput{met: 18, total: 19})))
	m = compileTest(t, "criteria_total - criteria_met", true)
	assert.Equal(t, "1", show(m.code.eval(&exprInput{met: 18, total: 19})))

	_, err := compileExpr("criteria_met > 1", newExprEnv(exprSchema, false), false)
	require.NotNil(t, err)
	assert.Equal(t, CodeExpr, err.code)

	m = compileTest(t, "period_year >= 2017 && period_half != 1", false)
	assert.True(t, m.readsPeriod)
	assert.False(t, m.readsCounts)
	assert.Empty(t, m.slots)
	m = compileTest(t, "ok && n > m || n > 3", false)
	assert.False(t, m.readsPeriod)
	assert.Equal(t, []string{"ok", "n", "m"}, m.ids)
}

// TestExprLoadErrors: what the subset leaves out is refused at load, at its position.
func TestExprLoadErrors(t *testing.T) {
	tests := []struct {
		src  string
		code Code
		at   string
	}{
		{"min(n..m) > 0", CodeExprUnsupported, ".."},
		{"n..m", CodeExpr, ""}, // a list is no measure
		{"map([n], # + 1)[0]", CodeExprUnsupported, "[0]"},
		{"sum(map([n], # + 1))", CodeExprUnsupported, "map"},
		{"(n > 0 ? [n] : [m]) == [n]", CodeExprUnsupported, "[n]"},
		{"name + 'x' == 'y'", CodeExprUnsupported, "+"},
		{"ok == true && len(name) > 1", CodeExprUnsupported, "len"},
		{"n | abs() > 1", CodeExprUnsupported, "abs"},
		{"let k = n; k", CodeExprUnsupported, "k"},
		{"n % x", CodeExpr, "%"},
		{"n == name", CodeExpr, "=="},
		{"n + ", CodeExpr, ""},
		{"name", CodeExpr, ""}, // a text is no measure
		{"0.1234567890123456789 > x", CodeExpr, "0.1"},
		{"1e400 > x", CodeExpr, ""},
		{strings.Repeat("n + ", 300) + "n", CodeExprLimit, ""},
		// A chained comparison reads its middle operand twice; nested, the work would double
		// at each level: it is counted, and bounded.
		{strings.Repeat("0 < (", 12) + "n" + strings.Repeat(" < 1 ? 1 : 0) < 2", 12), CodeExprLimit, ""},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			_, err := compileExpr(tc.src, newExprEnv(exprSchema, false), false)
			require.NotNil(t, err)
			assert.Equal(t, tc.code, err.code, err.msg)
			if tc.at != "" {
				assert.Equal(t, strings.Index(tc.src, tc.at), err.col, err.msg)
			}
		})
	}
}

// TestExprExactMatchesBig evaluates count expressions over values at the edges of the
// integer range against math/big: a known value is the exact one, and the value is unknown
// ("out of range") exactly when a step leaves 64 bits or the result has more than 18 digits.
func TestExprExactMatchesBig(t *testing.T) {
	type step func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int
	add := func(p, q *big.Int) *big.Int { return new(big.Int).Add(p, q) }
	sub := func(p, q *big.Int) *big.Int { return new(big.Int).Sub(p, q) }
	mul := func(p, q *big.Int) *big.Int { return new(big.Int).Mul(p, q) }
	exprs := []struct {
		src string
		f   step
	}{
		{"n + m", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(add(a, b)) }},
		{"n - m", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(sub(a, b)) }},
		{"n * m", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(mul(a, b)) }},
		{"(n - m) * (n + m)", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(mul(x(sub(a, b)), x(add(a, b)))) }},
		{"sum([n, m, n * m])", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(add(x(add(a, b)), x(mul(a, b)))) }},
		{"max(n, m) - min(n, m)", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int {
			d := sub(a, b)
			return x(d.Abs(d))
		}},
	}
	values := []string{"0", "1", "2", "10", "3037000499", "3037000500", "4294967296", "500000000000000000", "999999999999999999"}
	limit := big.NewInt(exprMaxMag)
	for _, e := range exprs {
		m := compileTest(t, e.src, false)
		for _, av := range values {
			for _, bv := range values {
				r := m.code.eval(&exprInput{vals: exprVals(t, map[string]string{"n": av, "m": bv})})
				a, _ := new(big.Int).SetString(av, 10)
				b, _ := new(big.Int).SetString(bv, 10)
				fits := true
				want := e.f(a, b, func(v *big.Int) *big.Int { fits = fits && v.IsInt64(); return v })
				fits = fits && new(big.Int).Abs(want).Cmp(limit) <= 0
				if fits {
					assert.Equal(t, want.String(), show(r), "%s with n=%s m=%s", e.src, av, bv)
				} else {
					assert.Contains(t, r.err, "out of range", "%s with n=%s m=%s gave %s", e.src, av, bv, show(r))
				}
			}
		}
	}
}

// TestExprRationalArithmetic checks the rational operations against math/big on random
// fractions, including ones near the 64-bit limits.
func TestExprRationalArithmetic(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pick := func() int64 {
		switch rng.Intn(4) {
		case 0:
			return rng.Int63n(21) - 10
		case 1:
			return rng.Int63n(1_000_000) - 500_000
		case 2:
			return rng.Int63() - rng.Int63()
		}
		v := int64(1<<62) + rng.Int63n(1<<62)
		if rng.Intn(2) == 0 {
			v = -v - 1 + rng.Int63n(2)
		}
		return v
	}
	randRat := func() (rat, *big.Rat) {
		q := pick()
		if q <= 0 {
			q = -q%1000 + 1
		}
		p := pick()
		br := new(big.Rat).SetFrac(big.NewInt(p), big.NewInt(q))
		r := rat{p: br.Num().Int64(), q: br.Denom().Int64()}
		return r, br
	}
	fitsRat := func(x *big.Rat) bool { return x.Num().IsInt64() && x.Denom().IsInt64() }
	// The edges of the range, then random fractions.
	edges := []int64{math.MinInt64, math.MinInt64 + 1, -3, -1, 0, 1, 2, 3, math.MaxInt64 - 1, math.MaxInt64}
	var pairs [][2]rat
	for _, p := range edges {
		for _, q := range []int64{1, 2, 3, 10, math.MaxInt64 - 1, math.MaxInt64} {
			br := new(big.Rat).SetFrac(big.NewInt(p), big.NewInt(q))
			if fitsRat(br) {
				pairs = append(pairs, [2]rat{{p: br.Num().Int64(), q: br.Denom().Int64()}})
			}
		}
	}
	var cases [][2]rat
	for _, a := range pairs {
		for _, b := range pairs {
			cases = append(cases, [2]rat{a[0], b[0]})
		}
	}
	for range 20000 {
		a, _ := randRat()
		b, _ := randRat()
		cases = append(cases, [2]rat{a, b})
	}
	for _, c := range cases {
		a, b := c[0], c[1]
		ba := new(big.Rat).SetFrac(big.NewInt(a.p), big.NewInt(a.q))
		bb := new(big.Rat).SetFrac(big.NewInt(b.p), big.NewInt(b.q))
		ops := []struct {
			name string
			f    func(rat, rat) (rat, bool)
			g    func(x, y *big.Rat) *big.Rat
		}{
			{"+", addRat, func(x, y *big.Rat) *big.Rat { return new(big.Rat).Add(x, y) }},
			{"-", subRat, func(x, y *big.Rat) *big.Rat { return new(big.Rat).Sub(x, y) }},
			{"*", mulRat, func(x, y *big.Rat) *big.Rat { return new(big.Rat).Mul(x, y) }},
			{"/", quoRat, func(x, y *big.Rat) *big.Rat { return new(big.Rat).Quo(x, y) }},
		}
		for _, op := range ops {
			if op.name == "/" && b.p == 0 {
				continue
			}
			got, ok := op.f(a, b)
			want := op.g(ba, bb)
			if !fitsRat(want) {
				require.False(t, ok, "%v %s %v = %v does not fit", a, op.name, b, want)
				continue
			}
			require.True(t, ok, "%v %s %v = %v fits", a, op.name, b, want)
			require.Equal(t, want.Num().Int64(), got.p, "%v %s %v", a, op.name, b)
			require.Equal(t, want.Denom().Int64(), got.q, "%v %s %v", a, op.name, b)
		}
		require.Equal(t, ba.Cmp(bb), cmpRat(a, b), "%v <=> %v", a, b)
	}
}

// TestExprMatchesVM compares the engine's evaluator with expr's VM on random well-typed
// expressions over small integers, where the VM's float arithmetic is exact too.
func TestExprMatchesVM(t *testing.T) {
	rng := rand.New(rand.NewSource(2026))
	// num writes a numeric expression; whole, it avoids / so that % applies to it.
	var num func(depth int, whole bool) string
	var boolean func(depth int) string
	num = func(depth int, whole bool) string {
		if depth == 0 {
			switch rng.Intn(3) {
			case 0:
				return fmt.Sprint(rng.Intn(10))
			case 1:
				return "n"
			}
			return "m"
		}
		switch rng.Intn(9) {
		case 0:
			return "-" + num(depth-1, whole)
		case 1:
			return "abs(" + num(depth-1, whole) + ")"
		case 2:
			return "min(" + num(depth-1, whole) + ", " + num(depth-1, whole) + ")"
		case 3:
			return "max([" + num(depth-1, whole) + ", " + num(depth-1, whole) + ", " + num(depth-1, whole) + "])"
		case 4:
			return "(" + boolean(depth-1) + " ? " + num(depth-1, whole) + " : " + num(depth-1, whole) + ")"
		case 5:
			return "(" + num(depth-1, true) + " % " + fmt.Sprint(1+rng.Intn(5)) + ")"
		case 6:
			if !whole {
				return "(" + num(depth-1, false) + " / " + []string{"1", "2", "4", "8"}[rng.Intn(4)] + ")"
			}
		}
		return "(" + num(depth-1, whole) + " " + []string{"+", "-", "*"}[rng.Intn(3)] + " " + num(depth-1, whole) + ")"
	}
	boolean = func(depth int) string {
		if depth == 0 {
			return []string{"ok", "no", "true", "false"}[rng.Intn(4)]
		}
		switch rng.Intn(4) {
		case 0:
			return "!" + boolean(depth-1)
		case 1:
			return "(" + boolean(depth-1) + " " + []string{"&&", "||", "==", "!="}[rng.Intn(4)] + " " + boolean(depth-1) + ")"
		}
		return "(" + num(depth-1, false) + " " + []string{"==", "!=", "<", "<=", ">", ">="}[rng.Intn(6)] + " " + num(depth-1, false) + ")"
	}
	compared := 0
	for i := range 3000 {
		src := num(1+rng.Intn(4), false)
		if i%2 == 1 {
			src = boolean(1 + rng.Intn(4))
		}
		n, mv := rng.Intn(10), rng.Intn(10)
		ok, no := rng.Intn(2) == 0, rng.Intn(2) == 0
		env := map[string]any{"n": n, "m": mv, "ok": ok, "no": no}
		prog, err := expr.Compile(src, expr.Env(env))
		require.NoError(t, err, src)
		want, err := expr.Run(prog, env)
		require.NoError(t, err, src)
		m := compileTest(t, src, false)
		got := m.code.eval(&exprInput{vals: exprVals(t, map[string]string{"n": fmt.Sprint(n), "m": fmt.Sprint(mv), "ok": fmt.Sprint(ok), "no": fmt.Sprint(no)})})
		require.Empty(t, got.err, src)
		switch w := want.(type) {
		case bool:
			require.Equal(t, fmt.Sprint(w), show(got), "%s with n=%d m=%d ok=%v no=%v", src, n, mv, ok, no)
		case int:
			require.Equal(t, fmt.Sprint(w), show(got), "%s with n=%d m=%d", src, n, mv)
		case float64:
			// Every divisor is a power of two and every value small: the float is exact.
			f, _ := new(big.Rat).SetFrac(new(big.Int).SetInt64(got.num.coef), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(got.num.scale)), nil)).Float64()
			require.True(t, got.den.Equal(IntNumber(1)), src)
			require.Equal(t, w, f, "%s with n=%d m=%d", src, n, mv)
		default:
			t.Fatalf("%s: the VM gave %T", src, want)
		}
		compared++
	}
	assert.Equal(t, 3000, compared)
}

// TestExprEvalAllocs: evaluating an expression with a known result allocates nothing.
func TestExprEvalAllocs(t *testing.T) {
	vals := exprVals(t, map[string]string{"has_market": "true", "n": "19", "m": "38", "x": "47.25", "ok": "true", "name": "Cà Mau"})
	for _, src := range []string{
		"period_year >= 2017",
		"has_market && percent(n, m) >= 50",
		"n / m",
		"x * 3 + 0.1 > n ? sum([n, m, x]) : min(n, m)",
		"name == 'Cà Mau' && count_true(ok, has_market) == 2",
		"0 < n <= 100 || ok",
	} {
		m := compileTest(t, src, false)
		in := &exprInput{vals: vals, year: 2020}
		var r measured
		allocs := testing.AllocsPerRun(100, func() { r = m.code.eval(in) })
		assert.Zero(t, allocs, src)
		assert.Empty(t, r.err, src)
		assert.False(t, r.v.IsMissing(), src)
	}
}

// TestExprEvalNoCode: an evaluator that was never compiled says so instead of panicking.
func TestExprEvalNoCode(t *testing.T) {
	var x *exprCode
	assert.NotEmpty(t, x.eval(&exprInput{}).err)
	m := compileTest(t, "n + m > x", false)
	r := m.code.eval(&exprInput{vals: nil})
	assert.Equal(t, "unknown", show(r), "values of another schema are missing, never read out of bounds")
}

func BenchmarkExprEval(b *testing.B) {
	vals := exprVals(b, map[string]string{"has_market": "true", "n": "19", "m": "38", "x": "47.25"})
	for _, src := range []string{
		"period_year >= 2017",
		"has_market && percent(n, m) >= 50",
		"x * 3 + 0.1 > n ? sum([n, m, x]) : min(n, m)",
	} {
		m, err := compileExpr(src, newExprEnv(exprSchema, false), false)
		if err != nil {
			b.Fatal(err.msg)
		}
		in := &exprInput{vals: vals, year: 2020}
		b.Run(src, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = m.code.eval(in)
			}
		})
	}
}

// FuzzExprEval compiles arbitrary expressions and evaluates them on arbitrary values: a load
// error (with a code and a column inside the expression) or a result, never a panic.
func FuzzExprEval(f *testing.F) {
	for _, tc := range exprEvalCases {
		f.Add(tc.src, tc.vals["n"], tc.vals["m"], tc.vals["x"], tc.vals["ok"] == "true")
	}
	for _, s := range []string{"map([n], # + 1)[0]", "n..m", "name + 'x'", "let k = n; k"} {
		f.Add(s, "7", "0", "-0.5", true)
	}
	f.Fuzz(func(t *testing.T, src, a, b, c string, flag bool) {
		m, err := compileExpr(src, newExprEnv(exprSchema, false), false)
		if err != nil {
			if err.code == "" || err.msg == "" || err.col > len([]rune(src)) {
				t.Fatalf("%q: bad load error %+v", src, err)
			}
			return
		}
		if m.code == nil {
			t.Fatalf("%q: loaded without code", src)
		}
		vals := make([]Value, len(exprSchema.fields))
		for id, s := range map[string]string{"n": a, "m": b, "x": c, "y": a} {
			if n, err := ParseNumber(s); err == nil {
				i, _ := exprSchema.lookup(id)
				vals[i] = NumberValue(n)
			}
		}
		i, _ := exprSchema.lookup("ok")
		vals[i] = BoolValue(flag)
		i, _ = exprSchema.lookup("name")
		vals[i] = TextValue(a)
		r := m.code.eval(&exprInput{vals: vals, year: 2020, half: 1})
		switch {
		case strings.Contains(r.err, "internal error"):
			t.Fatalf("%q: %s", src, r.err)
		case r.err != "" || r.v.IsMissing():
		case m.code.kind == kindBool && r.v.kind != kindBool, m.code.kind == kindNumber && r.v.kind != kindNumber:
			t.Fatalf("%q: result %v of the wrong kind", src, r.v)
		case r.v.kind == kindNumber && r.den.Sign() <= 0:
			t.Fatalf("%q: denominator %s", src, r.den)
		}
	})
}
