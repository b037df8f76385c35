// Package scoring turns evaluation results into emulation scores, rankings and progress
// reports (xếp hạng thi đua) for the Vietnam Fatherland Front and the provinces.
//
// The happy path:
//
//	scheme, err := scoring.Load(rules.FS, "camau/thi-dua-2016-2020.yaml", rs) // rs: the ruleset it scores
//	ranking, err := scheme.Rank(results, scoring.WithPrevious(lastYear))     // results: []*criteria.Result
//	out, err := json.Marshal(ranking)                                         // or ranking.Rows("vi")
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
// Every point, total and threshold is an exact decimal (shopspring/decimal): scheme numbers are
// read from their YAML text, never through a float, and averages and shares are kept as exact
// quotients (Ratio) so that a total exactly on a class bound, or two districts with equal
// averages, compare exactly. Every total is broken down into the lines that produced it.
// Rankings are reproducible: units are ordered by the scheme's keys, units still tied share
// their rank ("1224" or "1223") and are listed in code order; nothing depends on map order or
// the clock. A Scheme is immutable and safe for concurrent use.
//
// Reports: Rank and Score (points, classes, ranks), Districts (communes aggregated by district),
// Bands (the reporting bands by criteria met now), Progress (two periods compared), Summary (the
// 3- and 5-year reviews), Goals (targets and the distance still to go), FrontReport (content
// groups and the direct/indirect split) and Candidates (commendation proposals with their
// reasons). Each marshals to a documented JSON shape (ntm.ranking/v1, ntm.bands/v1, …) and gives
// Rows(lang) for tables. A commune whose result names no district is never refused: see Ranking.
package scoring
