// Package report writes the reports of package scoring as table rows, in Vietnamese or
// English: scoring computes (scores, rankings, bands, progress, goals, candidates), report
// renders.
//
// Each function takes a report and a language, "vi" or "en", and returns a header row followed
// by one row per line, every row of the same length, in the same order as the report's JSON
// document, so that a command-line tool can print it as CSV, Markdown or aligned text:
//
//	ranking, err := scheme.Rank(results, scoring.WithPrevious(lastYear))
//	rows := report.Ranking(ranking, "vi")
//
// Headers, yes/no cells and the other words of a table are in the language asked for; labels
// that belong to the results (a unit's label, a line's label, a candidate's reason, a goal's
// note) are taken from the report, which writes them in both languages. Numbers are written
// with a decimal point in both languages, as the JSON documents write them; a share of nothing
// (no communes) is an empty cell.
package report
