package criteria_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
)

// camauSample loads the Cà Mau stack, compiles it and reads the sample's rows (every period).
func camauSample(t testing.TB) (*criteria.Ruleset, *criteria.Program, []*criteria.Unit) {
	t.Helper()
	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	prog, err := rs.Compile()
	require.NoError(t, err)
	ds := data.ReadFile(sample.FS, "camau-communes.csv", rs)
	require.Empty(t, ds.Errors)
	require.Len(t, ds.Units, 492)
	return rs, prog, ds.Units
}

// verdictsOf is every status and fact of a unit's verdicts, as text, for comparisons.
func verdictsOf(v *criteria.Verdicts) string {
	s := fmt.Sprintf("met %d not %d unknown %d all %s eligible %s recognised %t slipped %s |", v.Met, v.NotMet, v.Unknown, v.AllMet, v.Eligible, v.Recognised, v.Slipped)
	for i := 0; i < v.Criteria(); i++ {
		s += " " + v.Criterion(i).String()
	}
	s += " |"
	for i := 0; i < v.Indicators(); i++ {
		s += " " + v.Indicator(i).String()
	}
	return s
}

// explainedOf is the same text built from an explained result.
func explainedOf(r *criteria.Result) string {
	rec := r.Recognised()
	s := fmt.Sprintf("met %d not %d unknown %d all %s eligible %s recognised %t slipped %s |", r.Met, r.NotMet, r.Unknown, r.AllMet, r.Eligible, rec, r.Slipped)
	for _, c := range r.Criteria {
		s += " " + c.Status.String()
	}
	s += " |"
	for _, c := range r.Criteria {
		for _, ir := range c.Indicators {
			s += " " + ir.Status.String()
		}
	}
	for _, ir := range r.Conditions {
		s += " " + ir.Status.String()
	}
	return s
}

// TestVerdictsMatchExplain: the verdict-only path and the explained path give the same status
// for every criterion, indicator and condition, the same counts and facts, on every sample row
// and every boundary case generated from every shipped ruleset's target tables.
func TestVerdictsMatchExplain(t *testing.T) {
	ctx := context.Background()
	_, prog, units := camauSample(t)
	var v criteria.Verdicts
	var res criteria.Result
	compare := func(prog *criteria.Program, u *criteria.Unit, name string) {
		errV := prog.Verdicts(ctx, u, &v)
		errE := prog.Explain(ctx, u, &res)
		require.Equal(t, errV == nil, errE == nil, name)
		if errV != nil {
			return
		}
		require.Equal(t, explainedOf(&res), verdictsOf(&v), name)
	}
	for _, u := range units {
		compare(prog, u, u.Code+" "+u.Period.String())
	}
	sets := shippedRulesets(t)
	entries, err := criteria.List(rules.FS)
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		if e.Format != criteria.FormatCases {
			continue
		}
		cf, err := criteria.LoadCases(rules.FS, e.Path)
		require.NoError(t, err)
		rs := sets[cf.Ruleset]
		if _, ok := cf.Fixtures["all_met"]; !ok || rs == nil {
			continue
		}
		p, err := rs.Compile()
		require.NoError(t, err)
		base, err := cf.Unit(&criteria.Case{Name: "base", From: "all_met", Code: "base", Region: rs.AllowedRegions()[0].ID}, rs)
		require.NoError(t, err)
		cases, _ := p.BoundaryCases(base)
		for _, bc := range cases {
			compare(p, bc.Unit, bc.Name)
			n++
		}
	}
	assert.Greater(t, n, 3000, "boundary cases compared")
}

// TestVerdictsAndExplainAllocateNothing: once its storage has grown, the verdict-only path
// allocates nothing per unit and the explained path, into a reused Result, nothing either,
// over every sample row (every period, recognised and not, with and without missing values).
func TestVerdictsAndExplainAllocateNothing(t *testing.T) {
	ctx := context.Background()
	_, prog, units := camauSample(t)
	var v criteria.Verdicts
	var res criteria.Result
	for _, u := range units {
		require.NoError(t, prog.Verdicts(ctx, u, &v))
		require.NoError(t, prog.Explain(ctx, u, &res))
	}
	verdicts := testing.AllocsPerRun(3, func() {
		for _, u := range units {
			_ = prog.Verdicts(ctx, u, &v)
		}
	})
	explained := testing.AllocsPerRun(3, func() {
		for _, u := range units {
			_ = prog.Explain(ctx, u, &res)
		}
	})
	assert.Zero(t, verdicts, "allocations for %d units on the verdict-only path", len(units))
	assert.LessOrEqual(t, explained, float64(len(units)), "at most one allocation per unit explained into a reused Result")
}

// TestProgramIsImmutable: after Compile, changing everything reachable from the Ruleset (also
// as Program.Ruleset()) and from a returned Result changes neither the program's verdicts nor
// any Result already returned.
func TestProgramIsImmutable(t *testing.T) {
	ctx := context.Background()
	rs, prog, units := camauSample(t)
	before := make([]string, len(units))
	var v criteria.Verdicts
	for i, u := range units {
		require.NoError(t, prog.Verdicts(ctx, u, &v))
		before[i] = verdictsOf(&v)
	}
	kept, err := prog.Evaluate(ctx, units[0])
	require.NoError(t, err)
	keptJSON, err := json.Marshal(kept)
	require.NoError(t, err)

	// The ruleset, through both handles.
	require.Same(t, rs, prog.Ruleset())
	for _, r := range []*criteria.Ruleset{rs, prog.Ruleset()} {
		r.ID, r.Version, r.Recognition = "x", "y", "z"
		r.Title.VI = "đã đổi"
		r.Regions = nil
		r.RegionsOnly = []string{"nowhere"}
		r.Effective.From, r.Effective.Until = "2030-01-01", "2031-12-31"
		for _, f := range r.Fields {
			f.ID += "_x"
			f.Type = criteria.TypeText
			f.From = nil
		}
		for _, c := range r.Criteria {
			c.ID, c.Name.VI, c.Groups, c.Annotations = "x"+c.ID, "x", nil, nil
			for _, ind := range c.Indicators {
				ind.Disabled = "tắt"
				ind.AppliesIf = "false"
				ind.Kind = criteria.Report
				for _, ch := range ind.Checks {
					ch.Op = criteria.OpLT
					ch.EmptyDenominator = criteria.Met
					ch.Measure = "0"
					ch.Target.National, ch.Target.All, ch.Target.Regions = nil, nil, nil
				}
			}
		}
		for _, ind := range r.Conditions {
			ind.Disabled = "tắt"
			ind.Kind = criteria.Report
		}
		r.Criteria = r.Criteria[:1]
		r.Conditions = nil
	}
	// A returned result: everything it exposes, slices and pointers.
	other, err := prog.Evaluate(ctx, units[1])
	require.NoError(t, err)
	for i := range other.Criteria {
		other.Criteria[i].Status = criteria.NotMet
		for j := range other.Criteria[i].Indicators {
			ir := &other.Criteria[i].Indicators[j]
			ir.Status, ir.Reason = criteria.NotMet, "x"
			for k := range ir.Checks {
				ir.Checks[k].Status = criteria.NotMet
				for m := range ir.Checks[k].Missing {
					ir.Checks[k].Missing[m] = "x"
				}
			}
		}
	}
	for i := range other.Unit.Titles {
		other.Unit.Titles[i] = "x"
	}
	if other.Recognition != nil {
		other.Recognition.Level, other.Recognition.Year = "x", 1900
	}
	groups := other.Criteria[0].Criterion.Groups()
	if len(groups) > 0 {
		groups[0] = "x"
	}
	legal := other.Ruleset.Legal()
	if len(legal) > 0 {
		legal[0].ID = "x"
	}

	for i, u := range units {
		require.NoError(t, prog.Verdicts(ctx, u, &v))
		require.Equal(t, before[i], verdictsOf(&v), "%s %s: the program's verdicts changed", u.Code, u.Period)
	}
	after, err := json.Marshal(kept)
	require.NoError(t, err)
	assert.JSONEq(t, string(keptJSON), string(after), "a result returned before the changes")
	again, err := prog.Evaluate(ctx, units[0])
	require.NoError(t, err)
	againJSON, err := json.Marshal(again)
	require.NoError(t, err)
	assert.JSONEq(t, string(keptJSON), string(againJSON), "a result returned after the changes")
	assert.Equal(t, "camau.xa-ntm", prog.Info().ID())
	assert.NotContains(t, prog.Criteria()[0].Groups(), "x", "views return copies")
	assert.NotEqual(t, "x", prog.Info().Legal()[0].ID, "views return copies")
}

// TestProgramConcurrent: 32 goroutines sharing one Program, each evaluating every sample row
// on both paths, agree with a serial run (run under -race by CI).
func TestProgramConcurrent(t *testing.T) {
	ctx := context.Background()
	_, prog, units := camauSample(t)
	want := make([]string, len(units))
	var v criteria.Verdicts
	for i, u := range units {
		require.NoError(t, prog.Verdicts(ctx, u, &v))
		want[i] = verdictsOf(&v)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 32)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var v criteria.Verdicts
			var res criteria.Result
			for k := range units {
				i := (k + g*15) % len(units)
				if err := prog.Verdicts(ctx, units[i], &v); err != nil || verdictsOf(&v) != want[i] {
					errs <- fmt.Sprintf("goroutine %d, %s: verdicts differ", g, units[i].Code)
					return
				}
				if err := prog.Explain(ctx, units[i], &res); err != nil || explainedOf(&res) != want[i] {
					errs <- fmt.Sprintf("goroutine %d, %s: explanation differs", g, units[i].Code)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
