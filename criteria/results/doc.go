// Package results writes evaluated units in the format ntm.results/v2, one unit at a time.
//
// A document starts with a header that carries, once, what every unit of a program shares:
// the ruleset's identity (id, version, hash, title, level, illustrative, legal documents) and
// the texts of its model — the criteria with their names, groups and annotations, the
// indicators and recognition conditions with their names, the checks with their measures,
// comparators and units, and every target cell a check can apply (value, confidence, source,
// column) across the program's regions and years. Each unit's record then holds only what
// depends on its data: its identity and period, the counts and the four facts, and arrays of
// statuses, measured values, targets, cells and gaps aligned with the header's lists, with
// notes for the reasons and missing fields. The i-th element of a unit's "checks", "values",
// "targets", "cells" and "gaps" is about the header's i-th check; the j-th of its
// "indicators" about the header's j-th indicator; the k-th of its "criteria" about the
// header's k-th criterion. docs/results-format.md describes the format and
// docs/results-v2.schema.json is its JSON Schema.
//
// Two encodings carry the same header and records: JSON, one object whose "units" member is
// the array of records, and JSON Lines, the header on the first line and each record on a line
// of its own.
//
//	w := results.NewWriter(out, prog, results.JSONLines)
//	var res criteria.Result
//	for _, u := range units {
//		if err := prog.Explain(ctx, u, &res); err != nil {
//			continue // the unit cannot be evaluated: report err
//		}
//		if err := w.Write(&res); err != nil {
//			return err
//		}
//	}
//	return w.Close()
//
// A Writer writes each record when it is given and keeps nothing of it, so its memory does
// not grow with the number of units. Its output is the same for the same results: texts in
// NFC, numbers exactly as criteria.Number writes them.
//
// The single-result format ntm.result/v1 (criteria.Result.MarshalJSON) and the list format
// ntm.results/v1 (criteria.WriteJSON) are unchanged: v1 suits one result on its own, which
// must describe itself; v2 suits many results of one program.
package results
