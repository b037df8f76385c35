// Package scoring turns evaluations into emulation scores, rankings and progress reports (xếp
// hạng thi đua) for the Vietnam Fatherland Front and the provinces.
//
// The happy path:
//
//	scheme, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs) // rs: the ruleset it scores
//	var v criteria.Verdicts
//	for _, u := range units {                                                 // one period's units
//		err = prog.Verdicts(ctx, u, &v)                                       // the verdict-only path
//		in, err := scheme.Input(prog, u, &v)                                  // what scoring reads of a unit
//		inputs = append(inputs, in)
//	}
//	ranking, err := scheme.Rank(inputs, scoring.WithPrevious(lastYear))      // lastYear: []scoring.Input
//	out, err := json.Marshal(ranking)                                         // or package scoring/report for tables
//
// An Input is small (statuses as bit sets, counts, the four facts, identity), so a whole
// province's units can be kept to rank without their explanations; InputOf and InputsOf make
// inputs from explained results. Any scheme of the same ruleset reads the same inputs. For a
// large data set an InputSet keeps them in about 70 bytes a unit (a million communes rank in
// 350 MB): fill it with Add while reading, and rank it with RankSet.
//
// A scheme is a versioned YAML file (format ntm.scoring/v1, documented in docs/scoring.md),
// loaded with the same positioned errors as rule files and checked against the ruleset it
// scores. It declares what it ranks (communes, districts, or the Front committees responsible
// for them) and over which periods; the points per criterion met (weighted by an annotation
// such as the Front's direct or indirect responsibility, or per criterion), for recognition and
// progress, and the deductions for criteria lost and for slipping; classes by points, checked
// for gaps and overlaps; the reporting bands by criteria met; the ranking scope and tie policy;
// goals; the Front's report; and how commendation candidates are drawn.
//
// Arithmetic is exact and single: every amount and class bound is converted when the scheme is
// loaded to one fixed-point scale (an amount with more than 12 decimals is refused), points are
// summed in int64, and averages and shares are compared as exact fractions, so a total exactly
// on a class bound, or two districts with equal averages, compare exactly. Decimals
// (shopspring/decimal) appear only at the API. Every total is broken down into the lines that
// produced it; the breakdowns are built when a report asks for them. Rankings are
// reproducible: units are ordered by the scheme's keys, units still tied share their rank
// ("1224" or "1223") and are listed in code order; nothing depends on map order or the clock.
// A loaded Scheme is immutable — changing what it exposes changes no result — and safe for
// concurrent use.
//
// Reports: Rank and Score (points, classes, ranks), Districts (communes aggregated by district),
// Bands (the reporting bands by criteria met now), Progress (two periods compared), Summary (the
// 3- and 5-year reviews), Goals (targets and the distance still to go), FrontReport (content
// groups and the direct/indirect split) and Candidates (commendation proposals with their
// reasons). Each marshals to a documented JSON shape (ntm.ranking/v1, ntm.bands/v1, …). A
// commune whose input names no district is never refused: see Ranking.
package scoring
