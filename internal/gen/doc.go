// Package gen generates the synthetic Cà Mau sample data shipped in examples/data.
//
// The data are SYNTHETIC: only the province totals follow published figures (17 communes
// recognised at the end of 2015, 29 at the end of 2018, 30 in early 2020 with 22 at 15-18
// criteria, 27 at 10-14 and 3 at 8-9, 42 at the end of 2020 with TP Cà Mau's 7 communes), and
// the names, codes and dated recognitions come from the project's reference (camau.md §2.1).
// Every draw is keyed on a fixed seed, so the output is byte-identical on every run:
//
//	b, err := gen.Communes()  // the CSV of examples/data/camau-communes.csv
//	b, err = gen.Districts()  // the CSV of examples/data/camau-districts.csv
//
// The generator first chooses which criteria each commune meets in each period, then writes
// field values that make exactly those criteria met under the ruleset camau.xa-ntm@2016-2020,
// and finally evaluates every row with the engine and fails if any verdict differs. The district
// rows are evaluated with their communes' results as members.
//
// Varied draws any number of further communes for one period of the sample, each following the
// story of a sample commune with values of its own, for tests and benchmarks that need more
// than 82 communes:
//
//	units, err := gen.Varied(prog, 10000, gen.Seed, criteria.Period{Year: 2020})
package gen
