// Package criteria is the rules engine: it loads versioned rule files that encode the national
// "new rural" criteria (Bộ tiêu chí quốc gia về nông thôn mới) and the layers built on them,
// checks unit data (communes, districts) row by row (Columns; package criteria/data reads the
// data files), compiles a ruleset into an immutable Program and evaluates units into results
// that explain themselves.
//
// The happy path:
//
//	rs, err := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
//	prog, err := rs.Compile()
//	res, err := prog.Evaluate(ctx, unit) // res.Criteria[i].Indicators[j].Checks[k]: value, target, gap
//
// Loading is strict: every problem of a rule file is reported at file:line:column with the
// path of the item and a stable code (see Error). A Program is immutable and safe for
// concurrent use; evaluation never reads the clock (the unit's Period says which year's
// targets apply) and decides every comparison in exact decimal or integer arithmetic.
//
// Four verdicts are kept apart: met, not met, not applicable (counted as met, as the official
// assessment does) and unknown (data or target missing). Four facts about a unit are kept
// apart too: all criteria met, eligible for recognition, recognised (an input) and slipped.
package criteria
