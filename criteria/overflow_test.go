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

// overflowUnit is total = 100 and people = 5 in sound/overflow.yaml.
func overflowUnit(t *testing.T, total, people string) (*criteria.Result, error) {
	rs, p := loadMini(t, "sound/overflow.yaml")
	return p.Evaluate(context.Background(), unit(t, rs, "south", 2020, map[string]string{"total": total, "people": people}))
}

// TestCountOverflowIsUnknown: count arithmetic that leaves the integer range makes the check
// unknown with the reason, never a wrapped-around value and a verdict.
func TestCountOverflowIsUnknown(t *testing.T) {
	res, err := overflowUnit(t, "100", "5")
	require.NoError(t, err)
	ir, ok := res.Indicator("1")
	require.True(t, ok)
	for _, id := range []string{"mul", "add", "sub", "neg", "sum", "sum_of", "reduce", "untyped", "abs", "int", "wide"} {
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
		{"untyped", criteria.Met, "195", ""},
		{"abs", criteria.Met, "95", ""},
		{"int", criteria.Met, "250", ""},
		{"float", criteria.Met, "55", ""},
		{"text", criteria.Met, "103", ""},
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

// TestCheckedArithmeticKeepsTypeErrors: checking the arithmetic does not make an ill-typed
// expression load.
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
	for _, src := range []string{
		"ok - total", "total * name_text", "name_text - 1", "-ok", "-name_text", "nil + total",
		"total + nil", "abs(ok)", "int(ok)", "sum(total + 0)", "sum([name_text, name_text])", "(ok - 1) * total",
		"total + 1 > 'a'", "{'n': total}.n + 1",
		// Bit operations wrap around silently: they are not offered to rules.
		"bitshl(total, 70)", "bitand(total, 1)", "bitnot(total)",
	} {
		t.Run(src, func(t *testing.T) {
			fsys := fstest.MapFS{"r.yaml": {Data: []byte(fmt.Sprintf(tmpl, src))}}
			_, err := criteria.Load(fsys, "r.yaml")
			require.Error(t, err)
			errs := criteria.Errors(err)
			require.Len(t, errs, 1, "%v", err)
			assert.Equal(t, criteria.CodeExpr, errs[0].Code, "%v", err)
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
		{"sum([a, b], # * b)", func(a, b *big.Int, x func(*big.Int) *big.Int) *big.Int { return x(add(x(mul(a, b)), x(mul(b, b)))) }},
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
