package criteria_test

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
)

// overflowRules: each check of criterion 1 leaves the 64-bit integer range for total = 100,
// people = 5; criterion 2 is ordinary arithmetic, exact; criterion 3 percent and sum over
// counts of up to 18 digits.
const overflowRules = `format: ntm.rules/v1
id: test.sound-overflow
version: "1"
level: commune
title: {vi: "Số học trên số đếm", en: "Count arithmetic"}
legal:
  - {id: "T-1", title: {vi: "Văn bản thử", en: "Test document"}}
effective: {from: 2016-01-01, until: 2020-12-31}
regions:
  - {id: south, name: {vi: "Miền Nam", en: "South"}}
fields:
  - {id: total, type: count, unit: "hộ", label: {vi: "Tổng số hộ", en: "Households"}}
  - {id: people, type: count, unit: "hộ", label: {vi: "Số hộ", en: "Some households"}}
groups:
  - {id: "I", title: {vi: "Nhóm I", en: "Group I"}}
criteria:
  - id: "1"
    name: {vi: "Tràn số", en: "Overflow"}
    groups: ["I"]
    indicators:
      - id: "1"
        name: {vi: "Tràn số", en: "Overflow"}
        checks:
          - {id: mul, measure: "total * 9223372036854775807", op: ">=", target: {all: {value: 1, confidence: verified, source: "T-1"}}}
          - {id: add, measure: "total + 9223372036854775807", op: ">=", target: {all: {value: 1, confidence: verified, source: "T-1"}}}
          - {id: sub, measure: "-9223372036854775807 - total", op: "<=", target: {all: {value: 0, confidence: verified, source: "T-1"}}}
          - {id: neg, measure: "-(total - 101 - 9223372036854775807)", op: ">=", target: {all: {value: 0, confidence: verified, source: "T-1"}}}
          - {id: sum, measure: "sum([total, 9223372036854775807])", op: ">=", target: {all: {value: 1, confidence: verified, source: "T-1"}}}
          - {id: sum_of, measure: "sum([total * 92233720368547758, people * 92233720368547758])", op: ">=", target: {all: {value: 1, confidence: verified, source: "T-1"}}}
          - {id: abs, measure: "abs(-1 - total - 9223372036854775707)", op: ">=", target: {all: {value: 0, confidence: verified, source: "T-1"}}}
          - {id: decimal, measure: "total * 0.5 * 9223372036854775807", op: ">=", target: {all: {value: 1, confidence: verified, source: "T-1"}}}
          - {id: wide, measure: "9223372036854775807 - total", op: ">=", target: {all: {value: 1, confidence: verified, source: "T-1"}}}
      - id: "1.2"
        name: {vi: "Tràn số trong điều kiện áp dụng", en: "Overflow deciding applicability"}
        applies_if: "total * 9223372036854775807 > 0"
        checks:
          - {id: plain, measure: total, op: ">=", target: {all: {value: 1000, confidence: verified, source: "T-1"}}}
  - id: "2"
    name: {vi: "Số học thường", en: "Ordinary arithmetic"}
    groups: ["I"]
    indicators:
      - id: "2"
        name: {vi: "Số học thường", en: "Ordinary arithmetic"}
        checks:
          - {id: mixed, measure: "total * 3 - people + 7", op: ">=", target: {all: {value: 303, confidence: verified, source: "T-1"}}}
          - {id: add, measure: "total + people", op: "==", target: {all: {value: 105, confidence: verified, source: "T-1"}}}
          - {id: sub, measure: "people - total", op: ">=", target: {all: {value: -90, confidence: verified, source: "T-1"}}}
          - {id: neg, measure: "-(people - total)", op: ">=", target: {all: {value: 95, confidence: verified, source: "T-1"}}}
          - {id: large, measure: "total * 9000000000000000", op: ">=", target: {all: {value: 999999999999999999, confidence: verified, source: "T-1"}}}
          - {id: edge, measure: "-9223372036854775807 - 1 + 9223372036854775807 + total", op: "==", target: {all: {value: 99, confidence: verified, source: "T-1"}}}
          - {id: sums, measure: "sum([total, people]) + sum([total * 2, people * 2]) + sum([total, people])", op: ">=", target: {all: {value: 420, confidence: verified, source: "T-1"}}}
          - {id: abs, measure: "abs(people - total)", op: ">=", target: {all: {value: 95, confidence: verified, source: "T-1"}}}
          - {id: decimal, measure: "total * 2.5", op: ">=", target: {all: {value: 250, confidence: verified, source: "T-1"}}}
          - {id: float, measure: "total * 0.5 + people", op: ">=", target: {all: {value: 55, confidence: verified, source: "T-1"}}}
          - {id: minmax, measure: "max(total, people) - min([total, people]) + 8", op: "==", target: {all: {value: 103, confidence: verified, source: "T-1"}}}
          - {id: period, measure: "period_year * 12 + period_half - 1", op: "==", target: {all: {value: 24239, confidence: verified, source: "T-1"}}}
  - id: "3"
    name: {vi: "Phần trăm và tổng", en: "Percent and sum"}
    groups: ["I"]
    indicators:
      - id: "3"
        name: {vi: "Phần trăm và tổng", en: "Percent and sum"}
        checks:
          - {id: percent, measure: "percent(people, total)", op: ">=", target: {all: {value: 50, confidence: verified, source: "T-1"}}}
          - {id: sum, measure: "sum(total, people, total, people, total, people, total, people, total, people)", op: ">=", target: {all: {value: 1, confidence: verified, source: "T-1"}}}
`

// overflowUnit evaluates overflowRules for the given total and people.
func overflowUnit(t *testing.T, total, people string) (*criteria.Result, error) {
	rs, err := criteria.Parse("overflow.yaml", []byte(overflowRules))
	require.NoError(t, err)
	p, err := rs.Compile()
	require.NoError(t, err)
	return p.Evaluate(context.Background(), unit(t, rs, "south", 2020, map[string]string{"total": total, "people": people}))
}

// TestCountOverflowIsUnknown: count arithmetic that leaves the integer range makes the check
// unknown with the reason, never a wrapped-around value and a verdict.
func TestCountOverflowIsUnknown(t *testing.T) {
	res, err := overflowUnit(t, "100", "5")
	require.NoError(t, err)
	ir, ok := res.Indicator("1")
	require.True(t, ok)
	for _, id := range []string{"mul", "add", "sub", "neg", "sum", "sum_of", "abs", "decimal", "wide"} {
		t.Run(id, func(t *testing.T) {
			c, ok := ir.Check(id)
			require.True(t, ok)
			assert.Equal(t, criteria.Unknown, c.Status, "value %s", c.Value)
			assert.Contains(t, c.Reason, "out of range")
			assert.False(t, c.HasGap)
			assert.True(t, c.Value.IsMissing(), "value %s", c.Value)
		})
	}
	for _, op := range []string{"*", "+", "-"} {
		found := false
		for _, c := range ir.Checks {
			found = found || strings.Contains(c.Reason, " "+op+" ")
		}
		assert.True(t, found, "no reason names the operation %q", op)
	}
	neg, _ := ir.Check("neg")
	assert.Contains(t, neg.Reason, "-(-9223372036854775808)")
	mul, _ := ir.Check("mul")
	assert.Contains(t, mul.Reason, "100 * 9223372036854775807")

	applies, ok := res.Indicator("1.2")
	require.True(t, ok)
	assert.Equal(t, criteria.Unknown, applies.Status)
	assert.Contains(t, applies.Reason, "applies_if: ")
	assert.Contains(t, applies.Reason, "out of range")
	assert.Equal(t, criteria.Unknown, res.Criteria[0].Status)
}

// TestCountArithmeticExact: ordinary count arithmetic in expressions is exact.
func TestCountArithmeticExact(t *testing.T) {
	res, err := overflowUnit(t, "100", "5")
	require.NoError(t, err)
	tests := []struct {
		check  string
		status criteria.Status
		value  string
		gap    string
	}{
		{"mixed", criteria.NotMet, "302", "1"},
		{"add", criteria.Met, "105", ""},
		{"sub", criteria.NotMet, "-95", "5"},
		{"neg", criteria.Met, "95", ""},
		{"large", criteria.NotMet, "900000000000000000", "99999999999999999"},
		{"edge", criteria.Met, "99", ""},
		{"sums", criteria.Met, "420", ""},
		{"abs", criteria.Met, "95", ""},
		{"decimal", criteria.Met, "250", ""},
		{"float", criteria.Met, "55", ""},
		{"minmax", criteria.Met, "103", ""},
		{"period", criteria.Met, "24239", ""},
	}
	for _, tc := range tests {
		t.Run(tc.check, func(t *testing.T) {
			c := checkStatus(t, res, "2", tc.check)
			assert.Empty(t, c.Reason)
			assert.Equal(t, tc.status, c.Status)
			assert.Equal(t, tc.value, c.Value.String())
			if tc.gap == "" {
				assert.False(t, c.HasGap)
				return
			}
			require.True(t, c.HasGap)
			assert.Equal(t, tc.gap, c.Gap.String())
		})
	}
}

// TestPercentAndSumOnLargeCounts: percent and sum over counts of 18 digits are exact, or
// unknown when the result leaves the range of a number, never a silent zero.
func TestPercentAndSumOnLargeCounts(t *testing.T) {
	res, err := overflowUnit(t, "100", "5")
	require.NoError(t, err)
	c := checkStatus(t, res, "3", "percent")
	assert.Equal(t, criteria.NotMet, c.Status)
	assert.Equal(t, "5", c.Value.String())
	assert.Equal(t, "45", c.Gap.String())
	c = checkStatus(t, res, "3", "sum")
	assert.Equal(t, criteria.Met, c.Status)
	assert.Equal(t, "525", c.Value.String())

	res, err = overflowUnit(t, "999999999999999999", "999999999999999998")
	require.NoError(t, err)
	c = checkStatus(t, res, "3", "percent")
	assert.Equal(t, criteria.Met, c.Status, "99.99…%% >= 50; reason %q", c.Reason)
	assert.Equal(t, "100", c.Value.String(), "rounded to 4 places for display")
	c = checkStatus(t, res, "3", "sum")
	assert.Equal(t, criteria.Unknown, c.Status, "value %s", c.Value)
	assert.Contains(t, c.Reason, "out of range")
	assert.False(t, c.HasGap)
}

// TestCheckedArithmeticKeepsTypeErrors: an ill-typed expression does not load (E-EXPR), and
// neither does one that only expr's VM could run (lists built or looped over, maps, member
// access, text functions, conversions): those are refused as unsupported (E-EXPR-UNSUPPORTED)
// instead of being run with a memory budget.
func TestCheckedArithmeticKeepsTypeErrors(t *testing.T) {
	const tmpl = `format: ntm.rules/v1
id: test.types
version: "1"
level: commune
title: {vi: "Kiểu"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2016-01-01, until: 2020-12-31}
regions: [{id: south, name: {vi: "Nam"}}]
fields:
  - {id: total, type: count, unit: "hộ", label: {vi: "Tổng"}}
  - {id: people, type: count, unit: "hộ", label: {vi: "Số hộ"}}
  - {id: ok, type: boolean, label: {vi: "Đạt"}}
  - {id: name_text, type: text, label: {vi: "Tên"}}
groups: [{id: "I", title: {vi: "Nhóm"}}]
criteria:
  - id: "1"
    name: {vi: "Một"}
    groups: ["I"]
    indicators:
      - id: "1"
        name: {vi: "Một"}
        checks:
          - {measure: %q, op: ">=", target: {all: {value: 1, confidence: verified, source: "T"}}}
`
	tests := []struct { // at: where the error points
		src  string
		code criteria.Code
		at   string
	}{
		{"ok - total", criteria.CodeExpr, "-"},
		{"total * name_text", criteria.CodeExpr, "*"},
		{"name_text - 1", criteria.CodeExpr, "-"},
		{"-ok", criteria.CodeExpr, ""},
		{"-name_text", criteria.CodeExpr, ""},
		{"nil + total", criteria.CodeExpr, "+"},
		{"total + nil", criteria.CodeExpr, "+"},
		{"abs(ok)", criteria.CodeExpr, ""},
		{"int(ok)", criteria.CodeExpr, ""},
		{"sum(total + 0)", criteria.CodeExpr, "+"},
		{"sum([name_text, name_text])", criteria.CodeExpr, ""},
		{"(ok - 1) * total", criteria.CodeExpr, "-"},
		{"total + 1 > 'a'", criteria.CodeExpr, ">"},
		{"total % 2.5", criteria.CodeExpr, "%"},
		{"total / 1e30", criteria.CodeExpr, "1e30"}, // not exact in 18 digits
		{"total * 0.1234567890123456789", criteria.CodeExpr, "0.1"},
		// Bit operations wrap around silently: they are not offered to rules.
		{"bitshl(total, 70)", criteria.CodeExpr, ""},
		{"bitand(total, 1)", criteria.CodeExpr, ""},
		{"bitnot(total)", criteria.CodeExpr, ""},
		// What only expr's VM could run, once evaluated with a memory budget.
		{"{'n': total}.n + 1", criteria.CodeExprUnsupported, "n + 1"},
		{"int(total)", criteria.CodeExprUnsupported, ""},
		{"int(total * 2.5)", criteria.CodeExprUnsupported, ""},
		{"int(total * 1.0e30)", criteria.CodeExprUnsupported, ""},
		{"sum([total, people], # * 92233720368547758)", criteria.CodeExprUnsupported, "#"},
		{"int(reduce([total, people], #acc + # * 92233720368547758, 0))", criteria.CodeExprUnsupported, ""},
		{"int({'n': total}.n * 2 - {'n': people}.n)", criteria.CodeExprUnsupported, ""},
		{"len('ab' + 'c') + total", criteria.CodeExprUnsupported, ""},
		{"len(1..100000000) > total", criteria.CodeExprUnsupported, ""},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			fsys := fstest.MapFS{"r.yaml": {Data: []byte(fmt.Sprintf(tmpl, tc.src))}}
			_, err := criteria.Load(fsys, "r.yaml")
			require.Error(t, err)
			errs := criteria.Errors(err)
			require.Len(t, errs, 1, "%v", err)
			assert.Equal(t, tc.code, errs[0].Code, "%v", err)
			assert.Equal(t, 23, errs[0].Line, "%v", err)
			// The expression starts at column 24, after `{measure: "`.
			assert.Equal(t, 24+strings.Index(tc.src, tc.at), errs[0].Column, "%v", err)
			assert.NotContains(t, errs[0].Message, "checked", "the message names the expression's own operations")
		})
	}
}

// TestCheckedArithmeticMatchesExact evaluates count expressions over values at the edges of
// the integer range and compares each with exact arithmetic: a known value is the exact one,
// and the value is unknown ("out of range") exactly when a step leaves the 64-bit integers or
// the result has more than 18 digits.
func TestCheckedArithmeticMatchesExact(t *testing.T) {
	type step func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int
	add := func(p, q *big.Int) *big.Int { return new(big.Int).Add(p, q) }
	sub := func(p, q *big.Int) *big.Int { return new(big.Int).Sub(p, q) }
	mul := func(p, q *big.Int) *big.Int { return new(big.Int).Mul(p, q) }
	neg := func(p *big.Int) *big.Int { return new(big.Int).Neg(p) }
	n := big.NewInt
	maxInt := n(math.MaxInt64)
	exprs := []struct {
		src string
		f   step // x records an intermediate result, which must fit in 64 bits
	}{
		{"a + b", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(add(a, b)) }},
		{"a - b", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(sub(a, b)) }},
		{"a * b", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(mul(a, b)) }},
		{"-a - b", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(sub(x(neg(a)), b)) }},
		{"-(a - b)", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(neg(x(sub(a, b)))) }},
		{"(a - b) * (a + b)", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(mul(x(sub(a, b)), x(add(a, b)))) }},
		{"a * b * 10 - a", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(sub(x(mul(x(mul(a, b)), n(10))), a)) }},
		{"a + 9223372036854775807 - b", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(sub(x(add(a, maxInt)), b)) }},
		{"b - 9223372036854775807 - 1 - a", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int {
			return x(sub(x(sub(x(sub(b, maxInt)), n(1))), a))
		}},
		{"-(b - 9223372036854775807 - 1)", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int {
			return x(neg(x(sub(x(sub(b, maxInt)), n(1)))))
		}},
		{"sum([a, b, a * b])", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(add(x(add(a, b)), x(mul(a, b)))) }},
		{"sum([a * b, b * b])", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(add(x(mul(a, b)), x(mul(b, b)))) }},
		{"abs(a * 0 - b * b)", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int {
			return x(new(big.Int).Abs(x(sub(x(mul(a, n(0))), x(mul(b, b))))))
		}},
	}
	var checks strings.Builder
	for i, e := range exprs {
		fmt.Fprintf(&checks, "          - {id: e%d, measure: %q, op: \">=\", target: {all: {value: 0, confidence: verified, source: \"T\"}}}\n", i, e.src)
	}
	src := `format: ntm.rules/v1
id: test.exact
version: "1"
level: commune
title: {vi: "Số học"}
legal: [{id: "T", title: {vi: "T"}}]
effective: {from: 2016-01-01, until: 2020-12-31}
regions: [{id: south, name: {vi: "Nam"}}]
fields:
  - {id: a, type: count, unit: "hộ", label: {vi: "a"}}
  - {id: b, type: count, unit: "hộ", label: {vi: "b"}}
groups: [{id: "I", title: {vi: "Nhóm"}}]
criteria:
  - id: "1"
    name: {vi: "Một"}
    groups: ["I"]
    indicators:
      - id: "1"
        name: {vi: "Một"}
        checks:
` + checks.String()
	rs, err := criteria.Load(fstest.MapFS{"r.yaml": {Data: []byte(src)}}, "r.yaml")
	require.NoError(t, err)
	p, err := rs.Compile()
	require.NoError(t, err)
	values := []string{"0", "1", "2", "10", "3037000499", "3037000500", "4294967296", "500000000000000000", "999999999999999999"}
	limit := n(999999999999999999)
	for _, av := range values {
		for _, bv := range values {
			res, err := p.Evaluate(context.Background(), unit(t, rs, "south", 2020, map[string]string{"a": av, "b": bv}))
			require.NoError(t, err)
			a, _ := new(big.Int).SetString(av, 10)
			b, _ := new(big.Int).SetString(bv, 10)
			for i, e := range exprs {
				fits := true
				x := func(v *big.Int) *big.Int {
					fits = fits && v.IsInt64()
					return v
				}
				want := e.f(a, b, x)
				fits = fits && new(big.Int).Abs(want).Cmp(limit) <= 0
				c := checkStatus(t, res, "1", fmt.Sprintf("e%d", i))
				if fits {
					if assert.NotEqual(t, criteria.Unknown, c.Status, "%s with a=%s b=%s: %s", e.src, av, bv, c.Reason) {
						assert.Equal(t, want.String(), c.Value.String(), "%s with a=%s b=%s", e.src, av, bv)
					}
				} else {
					assert.Equal(t, criteria.Unknown, c.Status, "%s with a=%s b=%s gave %s, want unknown (exact: %s)", e.src, av, bv, c.Value, want)
					assert.Contains(t, c.Reason, "out of range", "%s with a=%s b=%s", e.src, av, bv)
				}
			}
		}
	}
}
