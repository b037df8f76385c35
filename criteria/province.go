package criteria

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Province evaluates the units of a province level by level, in one call: communes against
// the commune set, then each district-level unit against the district set (or, for a
// provincial town or city, the rule for completing the task) with its communes' results as
// members. Optional advanced and model sets say what a recognised commune lacks for the next
// level. A Province holds only immutable Programs and is safe for concurrent use.
type Province struct {
	Commune  *Program // required: the commune set
	District *Program // rural districts (huyện); nil to skip districts
	Town     *Program // provincial towns and cities (Unit.Level == LevelTown); nil to use District
	Advanced *Program // optional: the advanced-commune set
	Model    *Program // optional: the model-commune set
}

// Standing names a commune's level, from the highest.
const (
	StandingModel      = "model"       // recognised as a model commune
	StandingAdvanced   = "advanced"    // recognised as an advanced commune
	StandingRecognised = "recognised"  // recognised NTM and still meeting every criterion (or not known to have slipped)
	StandingSlipped    = "slipped"     // recognised NTM but no longer meeting every criterion
	StandingEligible   = "eligible"    // not recognised; meets every criterion and gate condition
	StandingAllMet     = "all_met"     // not recognised; meets every criterion but not every gate condition
	StandingInProgress = "in_progress" // not recognised; some criterion not met or unknown
)

// CommuneStanding is a commune's level in the period and what it lacks for the next one.
type CommuneStanding struct {
	Result     *Result     // the evaluation against the commune set
	Standing   string      // one of the Standing… constants
	Next       string      // the next title to reach: "ntm", "advanced", "model", or "" at the top
	NextResult *Result     // the evaluation against the next level's set, when it was given and in force
	NextError  string      // why the next level could not be evaluated, or ""
	Lacks      []Shortfall // what it lacks for the next level, closest first
}

// ProvinceResult is a whole province evaluated for one period.
type ProvinceResult struct {
	Communes  []*CommuneStanding // in code order
	Districts []*Result          // in code order; each lists its communes' results as members
	Errors    ErrorList          // units that could not be evaluated (the others were)
}

// MaxProvinceCommunes is how many communes Province.Evaluate takes in one call. It keeps each
// commune's explained result (about 25 KB with the next level's) for the district roll-up
// and the report, so it is bounded: 12,000 holds every commune-level unit of the country
// before the 2025 reorganisation (10,047), and a province has a few hundred.
const MaxProvinceCommunes = 12_000

// Evaluate evaluates communes and district-level units. One unit that cannot be evaluated
// does not stop the others: its problem is listed in Errors. A commune belongs to the
// district whose Code or Name equals the commune's District. More than MaxProvinceCommunes
// communes are refused.
func (pv Province) Evaluate(ctx context.Context, communes, districts []*Unit) (*ProvinceResult, error) {
	if pv.Commune == nil {
		return nil, fmt.Errorf("criteria: Province.Commune is required")
	}
	if len(communes) > MaxProvinceCommunes {
		return nil, fmt.Errorf("criteria: %d communes given; a province is evaluated with at most %d (every commune's explanation is kept): evaluate it in parts, by district", len(communes), MaxProvinceCommunes)
	}
	out := &ProvinceResult{}
	sorted := append([]*Unit(nil), communes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Code < sorted[j].Code })
	byDistrict := map[string][]*Result{}
	for _, u := range sorted {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res, err := pv.Commune.Evaluate(ctx, u)
		if err != nil {
			xs := Errors(err)
			if len(xs) == 0 {
				return nil, err // ctx is done
			}
			out.Errors = append(out.Errors, xs...)
			continue
		}
		out.Communes = append(out.Communes, pv.standing(ctx, u, res))
		byDistrict[u.District] = append(byDistrict[u.District], res)
	}
	ds := append([]*Unit(nil), districts...)
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Code < ds[j].Code })
	for _, d := range ds {
		prog := pv.District
		if d.Level == LevelTown && pv.Town != nil {
			prog = pv.Town
		}
		if prog == nil {
			continue
		}
		u := *d
		u.Members = append([]*Result(nil), byDistrict[d.Code]...)
		if d.Name != "" && d.Name != d.Code {
			u.Members = append(u.Members, byDistrict[d.Name]...)
		}
		res, err := prog.Evaluate(ctx, &u)
		if err != nil {
			xs := Errors(err)
			if len(xs) == 0 {
				return nil, err // ctx is done
			}
			out.Errors = append(out.Errors, xs...)
			continue
		}
		out.Districts = append(out.Districts, res)
	}
	out.Errors.Sort()
	return out, nil
}

func (pv Province) standing(ctx context.Context, u *Unit, res *Result) *CommuneStanding {
	s := &CommuneStanding{Result: res}
	var next *Program
	switch {
	case res.HasTitle("model"):
		s.Standing = StandingModel
	case res.HasTitle("advanced"):
		s.Standing, s.Next, next = StandingAdvanced, "model", pv.Model
	case res.Recognised() && res.Slipped == Yes:
		s.Standing, s.Next = StandingSlipped, "ntm"
	case res.Recognised():
		s.Standing, s.Next, next = StandingRecognised, "advanced", pv.Advanced
	case res.Eligible == Yes:
		s.Standing, s.Next = StandingEligible, "ntm"
	case res.AllMet == Yes:
		s.Standing, s.Next = StandingAllMet, "ntm"
	default:
		s.Standing, s.Next = StandingInProgress, "ntm"
	}
	if s.Next == "ntm" {
		s.NextResult, s.Lacks = res, res.Shortfalls()
		return s
	}
	if next == nil {
		if s.Next != "" {
			s.NextError = "no ruleset given for the " + s.Next + " level"
		}
		return s
	}
	nr, err := next.Evaluate(ctx, u)
	if err != nil {
		s.NextError = err.Error()
		return s
	}
	s.NextResult, s.Lacks = nr, nr.Shortfalls()
	return s
}

// MarkTowns marks the district-level units of the codes given as provincial towns or cities
// (Level = LevelTown), which Province evaluates with its Town set. A code no unit has is an
// error that names the codes present, and then no unit is changed.
func MarkTowns(districts []*Unit, codes ...string) error {
	have := make(map[string]bool, len(districts))
	var all []string
	for _, u := range districts {
		if !have[u.Code] {
			have[u.Code] = true
			all = append(all, u.Code)
		}
	}
	for _, c := range codes {
		if !have[c] {
			return fmt.Errorf("no district-level unit has the code %s (the units are %s)", c, strings.Join(all, ", "))
		}
	}
	for _, u := range districts {
		if slices.Contains(codes, u.Code) {
			u.Level = LevelTown
		}
	}
	return nil
}
