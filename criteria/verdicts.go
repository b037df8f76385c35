package criteria

// Verdicts is the verdict-only evaluation of one unit: the status of every criterion,
// indicator and recognition condition, the counts and the four facts, without the explanation.
// A caller owns it and reuses it across units: Program.Verdicts fills it in place and, once
// its slices have grown to the program's size, allocates nothing.
type Verdicts struct {
	// Counts of criteria by verdict (a criterion whose indicators are all not applicable is met).
	Met, NotMet, Unknown int

	AllMet     Truth // every criterion met
	Eligible   Truth // all met, and every gate condition met
	Recognised bool  // the unit holds the ruleset's title in the period (an input)
	Slipped    Truth // recognised, but no longer all met
	// RecognisedElsewhere: the title was granted under another ruleset (its history names one
	// outside this ruleset's chain), so slipping from this one is not judged.
	RecognisedElsewhere bool

	criteria   []Status
	indicators []Status // the criteria's indicators in order, then the conditions
	condAt     int
	vals       []Value // scratch: the unit's values with derived fields
}

// Criterion returns the status of the i-th criterion (in Program.Criteria order).
func (v *Verdicts) Criterion(i int) Status { return v.criteria[i] }

// Indicator returns the status of the i-th indicator (in Program.Indicators order: the
// criteria's indicators, then the recognition conditions).
func (v *Verdicts) Indicator(i int) Status { return v.indicators[i] }

// Condition returns the status of the i-th recognition condition.
func (v *Verdicts) Condition(i int) Status { return v.indicators[v.condAt+i] }

// Criteria returns how many criteria the verdicts hold.
func (v *Verdicts) Criteria() int { return len(v.criteria) }

// Indicators returns how many indicator statuses the verdicts hold (conditions included).
func (v *Verdicts) Indicators() int { return len(v.indicators) }

// Conditions returns how many recognition conditions the verdicts hold.
func (v *Verdicts) Conditions() int { return len(v.indicators) - v.condAt }

// size makes the verdicts fit a program, reusing their storage.
func (v *Verdicts) size(p *Program) {
	v.criteria = grow(v.criteria, len(p.crits))
	v.indicators = grow(v.indicators, len(p.inds))
	v.condAt = p.condAt
}

// grow returns s with length n, reusing its storage when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// facts are the counts and the four facts, computed once for both paths.
type facts struct {
	met, notMet, unknown int
	allMet, eligible     Truth
	recognition          *Recognition
	other                bool // the title in force was granted under another ruleset
	slipped              Truth
}

func (f *facts) count(s Status) {
	switch s {
	case Met:
		f.met++
	case NotMet:
		f.notMet++
	default:
		f.unknown++
	}
}

// settle decides all-met, eligible and slipped from the counts, the gates and the recognition.
func (f *facts) settle(gateNotMet, gateUnknown bool) {
	switch {
	case f.notMet > 0:
		f.allMet = No
	case f.unknown > 0:
		f.allMet = TruthUnknown
	default:
		f.allMet = Yes
	}
	f.eligible = f.allMet
	switch {
	case gateNotMet:
		f.eligible = No
	case gateUnknown && f.eligible == Yes:
		f.eligible = TruthUnknown
	}
	switch {
	case f.recognition == nil || f.allMet == Yes || f.other:
		// A title granted under another period's ruleset cannot be slipped from this one.
		f.slipped = No
	case f.allMet == No:
		f.slipped = Yes
	default:
		f.slipped = TruthUnknown
	}
}
