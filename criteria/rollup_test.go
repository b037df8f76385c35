package criteria_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

// levelFixture loads one level of testdata/levels: its program and its data.
func levelFixture(t *testing.T, name string) criteria.LevelUnits {
	t.Helper()
	fsys := os.DirFS("testdata/levels")
	rs, err := criteria.Load(fsys, name+".yaml")
	require.NoError(t, err)
	p, err := rs.Compile()
	require.NoError(t, err)
	ds := data.ReadFile(fsys, name+".csv", rs)
	require.NoError(t, ds.Err())
	return criteria.LevelUnits{Program: p, Units: ds.Units}
}

func checkValue(t *testing.T, r *criteria.Result, cond string) string {
	t.Helper()
	c, ok := r.Condition(cond)
	require.True(t, ok, cond)
	return c.Checks[0].Value.String()
}

// TestRollupThreeLevels evaluates hamlets, communes and the province in one run: the
// commune's gate reads the share of its hamlets meeting the hamlet criteria, and the
// province's criterion the share of its communes eligible, with no district between them.
func TestRollupThreeLevels(t *testing.T) {
	hamlets, communes, province := levelFixture(t, "thon"), levelFixture(t, "xa"), levelFixture(t, "tinh")
	// The levels are given out of order: the parent chain orders them.
	out, err := criteria.Rollup(context.Background(), province, hamlets, communes)
	require.NoError(t, err)
	require.Len(t, out.Levels, 3)
	assert.Equal(t, []criteria.Level{"hamlet", "commune", "province"},
		[]criteria.Level{out.Levels[0].Level, out.Levels[1].Level, out.Levels[2].Level})
	assert.Equal(t, "thôn, ấp", out.Levels[0].Name.In("vi"))

	// Every hamlet is a result; A08 names a commune the run lacks, so it counts in none.
	require.Len(t, out.Levels[0].Results, 8)
	require.Len(t, out.Errors, 1)
	w := out.Errors[0]
	assert.True(t, w.IsWarning())
	assert.Equal(t, criteria.WarnParent, w.Code)
	assert.Equal(t, "thon.csv", w.File)
	assert.Equal(t, 9, w.Line)
	assert.Contains(t, w.Message, `hamlet A08 belongs to commune "X9", which is not in the run`)

	xa := out.Level(criteria.LevelCommune)
	require.NotNil(t, xa)
	require.Len(t, xa.Results, 3)
	byCode := map[string]*criteria.Result{}
	for _, r := range xa.Results {
		byCode[r.Unit.Code] = r
	}
	// X1: 2 of 3 hamlets meet (A03's roads are 50 %) → 66.6667 % ≥ 60: eligible.
	x1 := byCode["X1"]
	assert.Len(t, x1.Unit.Members, 3)
	assert.Equal(t, "66.6667", checkValue(t, x1, "hamlets_share"))
	assert.Equal(t, criteria.Yes, x1.Eligible)
	// X2: 1 of 3 → 33.3333 %: every criterion met, but the hamlet gate is not.
	x2 := byCode["X2"]
	assert.Equal(t, "33.3333", checkValue(t, x2, "hamlets_share"))
	assert.Equal(t, criteria.Yes, x2.AllMet)
	assert.Equal(t, criteria.No, x2.Eligible)
	// X3 is named by its name (Tân Lộc) in A07's row.
	x3 := byCode["X3"]
	require.Len(t, x3.Unit.Members, 1)
	assert.Equal(t, "A07", x3.Unit.Members[0].Unit.Code)
	assert.Equal(t, criteria.Yes, x3.Eligible)

	// The province: 2 of its 3 communes eligible, with no district level in the run.
	tinh := out.Level(criteria.LevelProvince)
	require.Len(t, tinh.Results, 1)
	pr := tinh.Results[0]
	assert.Len(t, pr.Unit.Members, 3)
	c, ok := pr.Criterion("1")
	require.True(t, ok)
	assert.Equal(t, criteria.Met, c.Status)
	assert.Equal(t, "66.6667", c.Indicators[0].Checks[0].Value.String())

	// Where each counts: A08 in none; the communes in the province, which their data do not name.
	assert.Equal(t, []string{"X1", "X1", "X1", "X2", "X2", "X2", "X3", ""}, out.Levels[0].CountsIn)
	assert.Equal(t, []string{"96", "96", "96"}, xa.CountsIn)
	assert.Equal(t, []string{""}, tinh.CountsIn)

	// Nothing lost: every unit given is a result (none failed here).
	n := 0
	for _, lv := range out.Levels {
		n += len(lv.Results)
	}
	assert.Equal(t, len(hamlets.Units)+len(communes.Units)+len(province.Units), n)
}

// TestRollupWithoutHamlets: the same communes with no hamlet level have no members, so the
// hamlet gate is unknown (an empty denominator is missing data, never a pass).
func TestRollupWithoutHamlets(t *testing.T) {
	out, err := criteria.Rollup(context.Background(), levelFixture(t, "xa"), levelFixture(t, "tinh"))
	require.NoError(t, err)
	for _, r := range out.Level(criteria.LevelCommune).Results {
		c, _ := r.Condition("hamlets_share")
		assert.Equal(t, criteria.Unknown, c.Status, r.Unit.Code)
		assert.Equal(t, criteria.TruthUnknown, r.Eligible, r.Unit.Code)
	}
	pr := out.Level(criteria.LevelProvince).Results[0]
	c, _ := pr.Criterion("1")
	assert.Equal(t, criteria.NotMet, c.Status, "no commune is eligible: 0 of 3")
}

func TestRollupRefusals(t *testing.T) {
	ctx := context.Background()
	hamlets, communes := levelFixture(t, "thon"), levelFixture(t, "xa")

	_, err := criteria.Rollup(ctx)
	assert.ErrorContains(t, err, "at least one level")
	_, err = criteria.Rollup(ctx, communes, communes)
	assert.ErrorContains(t, err, `level "commune" twice`)
	_, err = criteria.Rollup(ctx, criteria.LevelUnits{})
	assert.ErrorContains(t, err, "has no program")

	// Two communes share the name the hamlet gives: it names neither.
	twin := *communes.Units[1]
	twin.Code, twin.Name = "X4", "Tân Lộc"
	two := criteria.LevelUnits{Program: communes.Program, Units: append(append([]*criteria.Unit(nil), communes.Units...), &twin)}
	out, err := criteria.Rollup(ctx, hamlets, two)
	require.NoError(t, err)
	var msgs []string
	for _, e := range out.Errors {
		msgs = append(msgs, e.Message)
	}
	assert.Contains(t, msgs, `hamlet A07 belongs to commune "Tân Lộc", which names several units of the run in 2024: it counts in none (name it by a code only one unit has)`)

	// A hamlet that names no commune, with several communes in the run.
	orphan := *hamlets.Units[0]
	orphan.Parents = nil
	out, err = criteria.Rollup(ctx, criteria.LevelUnits{Program: hamlets.Program, Units: []*criteria.Unit{&orphan}}, communes)
	require.NoError(t, err)
	require.Len(t, out.Errors, 1)
	assert.Contains(t, out.Errors[0].Message, "hamlet A01 names no commune, and the run has several in 2024: it counts in none (give its commune column)")

	// A member counts only in a unit of its own period: hamlets of 2023 under communes of 2024.
	var old []*criteria.Unit
	for _, u := range hamlets.Units[:3] {
		c := u.Clone()
		c.Period = criteria.Period{Year: 2023}
		old = append(old, c)
	}
	out, err = criteria.Rollup(ctx, criteria.LevelUnits{Program: hamlets.Program, Units: old}, communes)
	require.NoError(t, err)
	require.Len(t, out.Errors, 3)
	assert.Equal(t, `hamlet A01 belongs to commune "X1", which the run has only for 2024, not 2023: it counts in none`, out.Errors[0].Message)
	for _, r := range out.Level(criteria.LevelCommune).Results {
		assert.Empty(t, r.Unit.Members, r.Unit.Code)
	}

	// A commune that cannot be evaluated (a region its ruleset does not know): its hamlets keep
	// their results and are named as counting in none.
	bad := *communes.Units[0]
	bad.Region = "xx"
	out, err = criteria.Rollup(ctx, criteria.LevelUnits{Program: hamlets.Program, Units: hamlets.Units[:3]}, criteria.LevelUnits{Program: communes.Program, Units: []*criteria.Unit{&bad}})
	require.NoError(t, err)
	msgs = msgs[:0]
	for _, e := range out.Errors {
		msgs = append(msgs, string(e.Code)+" "+e.Message)
	}
	require.Len(t, msgs, 4, "the commune's error, then one warning for each of its hamlets")
	assert.Contains(t, msgs, "W-PARENT hamlet A01 belongs to commune X1, which could not be evaluated: it counts in none")
	assert.Len(t, out.Levels[0].Results, 3)
	assert.Empty(t, out.Levels[1].Results)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = criteria.Rollup(cctx, hamlets, communes)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestExplainParentsReuse: explaining units that name a parent into one Result reuses its
// memory, as for the rest of a result, and each explanation carries its own unit's parent.
func TestExplainParentsReuse(t *testing.T) {
	h := levelFixture(t, "thon")
	var res criteria.Result
	ctx := context.Background()
	for _, u := range h.Units { // warm up: the largest result
		require.NoError(t, h.Program.Explain(ctx, u, &res))
	}
	allocs := testing.AllocsPerRun(50, func() {
		for _, u := range h.Units {
			if err := h.Program.Explain(ctx, u, &res); err != nil {
				t.Fatal(err)
			}
		}
	})
	assert.Zero(t, allocs)
	require.NoError(t, h.Program.Explain(ctx, h.Units[3], &res))
	assert.Equal(t, "X2", res.Unit.Parent(criteria.LevelCommune))
}

// TestRollupHardened: what the roll-up refuses or states instead of answering in silence.
func TestRollupHardened(t *testing.T) {
	ctx := context.Background()
	hamlets, communes, province := levelFixture(t, "thon"), levelFixture(t, "xa"), levelFixture(t, "tinh")

	// Hamlets straight into the province: they name their commune, which the run lacks; the
	// roll-up counts them all the same and one warning says so.
	out, err := criteria.Rollup(ctx, hamlets, province)
	require.NoError(t, err)
	var skipped []string
	for _, e := range out.Errors {
		if e.Path == "hamlet" {
			skipped = append(skipped, e.Message)
		}
	}
	assert.Equal(t, []string{"8 hamlets of the run name their commune, but the run has no commune level: they count directly in the province above"}, skipped)

	// A unit given twice at a level: one error, the first kept.
	twice := criteria.LevelUnits{Program: communes.Program, Units: append(append([]*criteria.Unit(nil), communes.Units...), communes.Units[0])}
	out, err = criteria.Rollup(ctx, hamlets, twice)
	require.NoError(t, err)
	assert.Len(t, out.Level(criteria.LevelCommune).Results, 3)
	var dup int
	for _, e := range out.Errors {
		if e.Code == criteria.CodeUnit && e.Message == "commune X1 is given twice for 2024: a roll-up takes each unit once a period (the first is kept)" {
			dup++
		}
	}
	assert.Equal(t, 1, dup)
	assert.Len(t, out.Level(criteria.LevelCommune).Results[0].Unit.Members, 3, "X1's hamlets counted once")

	// Refused: a nil unit, a zero program.
	_, err = criteria.Rollup(ctx, criteria.LevelUnits{Program: hamlets.Program, Units: []*criteria.Unit{nil}})
	assert.ErrorContains(t, err, "unit 1 is nil")
	_, err = criteria.Rollup(ctx, criteria.LevelUnits{Program: &criteria.Program{}})
	assert.ErrorContains(t, err, "has no program")
}
