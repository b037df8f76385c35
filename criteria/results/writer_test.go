package results_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/results"
	"github.com/nongthonmoi/ntm/rules"
)

// write writes the results with a new Writer and returns the document.
func write(t testing.TB, prog *criteria.Program, enc results.Encoding, rs []*criteria.Result, opts ...results.Option) []byte {
	t.Helper()
	var b bytes.Buffer
	w := results.NewWriter(&b, prog, enc, opts...)
	for _, r := range rs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRoundTrip writes the sample's 492 results in both encodings, decodes them with
// encoding/json into plain structs and checks that they say what the results say: the
// header describes the program, and each record has its unit's identity, counts, facts,
// recognition and missing fields, and the status, value, target (inline and through its
// cell), gap, missing fields and reason of every criterion, indicator and check.
func TestRoundTrip(t *testing.T) {
	prog, units := camau(t)
	rs := explainAll(t, prog, slices.Concat(units, mutated(units)))
	for _, enc := range []results.Encoding{results.JSON, results.JSONLines} {
		t.Run(enc.String(), func(t *testing.T) {
			data := write(t, prog, enc, rs)
			var doc document
			if enc == results.JSON {
				doc = decodeJSON(t, data)
			} else {
				doc = decodeLines(t, data)
			}
			checkHeader(t, prog, &doc.header)
			if len(doc.Units) != len(rs) {
				t.Fatalf("%d records for %d results", len(doc.Units), len(rs))
			}
			for i, r := range rs {
				for _, e := range compareUnit(&doc.header, &doc.Units[i], r) {
					t.Errorf("record %d (%s): %s", i, r.Unit.Source, e)
				}
			}
		})
	}
}

// mutated returns copies of some of the units with fields missing, in every position in
// turn, and a recognition decided by a numbered decision: records with missing fields and
// notes.
func mutated(units []*criteria.Unit) []*criteria.Unit {
	var out []*criteria.Unit
	for i, u := range units[:100] {
		m := *u
		m.Values = u.Values.Clone()
		for k, f := range m.Values.Present() {
			if k%7 == i%7 {
				_ = m.Values.Unset(f)
			}
		}
		m.History = []criteria.Recognition{{Level: "ntm", Year: 2015, Decision: "123/QĐ-UBND"}}
		out = append(out, &m)
	}
	return out
}

// checkHeader compares the header with the program it describes.
func checkHeader(t *testing.T, prog *criteria.Program, h *header) {
	t.Helper()
	info := prog.Info()
	rs := h.Ruleset
	if h.Format != results.Format || rs.ID != info.ID() || rs.Version != info.Version() || rs.Hash != info.Hash() ||
		rs.Title.VI != info.Title().VI || rs.Title.EN != info.Title().EN || rs.Level != string(info.Level()) ||
		rs.Illustrative != info.Illustrative() || rs.Recognition != info.Recognition() {
		t.Errorf("header ruleset %+v does not describe %s", rs, info.Ref())
	}
	if !strings.HasPrefix(rs.Hash, "sha256:") || len(rs.Hash) != 71 {
		t.Errorf("hash %q", rs.Hash)
	}
	legal := info.Legal()
	if len(rs.Legal) != len(legal) {
		t.Errorf("%d legal documents, want %d", len(rs.Legal), len(legal))
	}
	for i := range min(len(rs.Legal), len(legal)) {
		if d := rs.Legal[i]; d.ID != legal[i].ID || d.Title.VI != legal[i].Title.VI || d.Date != legal[i].Date || d.URL != legal[i].URL {
			t.Errorf("legal %d: %+v, want %+v", i, d, legal[i])
		}
	}
	from, until := prog.Years()
	if !slices.Equal(rs.Regions, prog.Regions()) || rs.Years.From != from || rs.Years.Until != until {
		t.Errorf("regions %v years %+v", rs.Regions, rs.Years)
	}
	for _, s := range []criteria.Status{criteria.Met, criteria.NotMet, criteria.NotApplicable, criteria.Unknown} {
		if l := h.Statuses[s.String()]; l.VI != s.Label("vi") || l.EN != s.Label("en") {
			t.Errorf("status %s labelled %+v", s, l)
		}
	}
	crits := prog.Criteria()
	if len(h.Criteria) != len(crits) {
		t.Fatalf("%d criteria, want %d", len(h.Criteria), len(crits))
	}
	for i, c := range crits {
		hc := h.Criteria[i]
		var inds []string
		for _, ind := range c.Indicators() {
			inds = append(inds, ind.ID())
		}
		annotations := map[string]string{}
		for _, k := range c.AnnotationKeys() {
			annotations[k] = c.Annotation(k)
		}
		if hc.ID != c.ID() || hc.Name.VI != c.Name().VI || hc.Name.EN != c.Name().EN || !slices.Equal(hc.Groups, c.Groups()) ||
			!slices.Equal(hc.Indicators, inds) || fmt.Sprint(hc.Annotations) != fmt.Sprint(annotations) {
			t.Errorf("criterion %d: %+v", i, hc)
		}
	}
	inds := prog.Indicators()
	if len(h.Indicators) != len(inds) {
		t.Fatalf("%d indicators, want %d", len(h.Indicators), len(inds))
	}
	k := 0
	for j, ind := range inds {
		hi := h.Indicators[j]
		if hi.ID != ind.ID() || hi.Name.VI != ind.Name().VI || hi.Kind != string(ind.Kind()) || hi.Unit != ind.Unit() ||
			hi.AppliesIf != ind.AppliesIf() || hi.Disabled != ind.Disabled() || (hi.Criterion == "") != (ind.Kind() != "") {
			t.Errorf("indicator %d: %+v", j, hi)
		}
		if cond, ok := ind.Condition(); ok {
			hc := h.Checks[k]
			if !hc.Condition || hc.ID != "condition" || hc.Measure != cond.Expr || hc.Op != "==" || hc.Indicator != ind.ID() ||
				!slices.Equal(hi.Checks, []string{"condition"}) {
				t.Errorf("check %d: %+v", k, hc)
			}
			k++
			continue
		}
		var ids []string
		for _, ch := range ind.Checks() {
			hc := h.Checks[k]
			ids = append(ids, ch.ID())
			if hc.Indicator != ind.ID() || hc.ID != ch.ID() || hc.Condition || hc.Measure != ch.Measure() || hc.Op != ch.Op().String() || hc.Unit != ch.Unit() ||
				(hc.Label == nil) != (ch.Label().IsZero()) || hc.Label != nil && (hc.Label.VI != ch.Label().VI || hc.Label.EN != ch.Label().EN) {
				t.Errorf("check %d: %+v", k, hc)
			}
			// Every target the program resolves for the check is one of its cells.
			for _, r := range prog.Regions() {
				for y := from; y <= until; y++ {
					want, err := prog.Target(ind.ID(), ch.ID(), r, y)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.ContainsFunc(hc.Cells, func(c cell) bool { return sameCell(c, want) }) {
						t.Errorf("check %s/%s: no cell for %s %d", ind.ID(), ch.ID(), r, y)
					}
				}
			}
			k++
		}
		if !slices.Equal(hi.Checks, ids) {
			t.Errorf("indicator %s lists checks %v, want %v", ind.ID(), hi.Checks, ids)
		}
	}
	if k != len(h.Checks) {
		t.Errorf("%d checks, want %d", len(h.Checks), k)
	}
}

func sameCell(c cell, r criteria.Resolved) bool {
	return sameValue(c.Value, r.Value) && c.Missing == r.Missing && c.Confidence == r.Confidence.String() &&
		c.Source == r.Source && c.Note == r.Note && c.Column == r.Column
}

// sameValue reports whether raw JSON is the value written exactly: a number digit for digit.
func sameValue(raw json.RawMessage, v criteria.Value) bool {
	if n, ok := v.Number(); ok {
		return string(raw) == n.String()
	}
	if b, ok := v.Bool(); ok {
		return string(raw) == fmt.Sprint(b)
	}
	if s, ok := v.Text(); ok {
		var got string
		return json.Unmarshal(raw, &got) == nil && got == s
	}
	return string(raw) == "null"
}

// compareUnit lists how a decoded record differs from the result it was written from.
func compareUnit(h *header, rec *unitRecord, r *criteria.Result) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	u := rec.Unit
	if u.Code != r.Unit.Code || u.Name != r.Unit.Name || u.District != r.Unit.District || u.Region != r.Unit.Region ||
		u.Period != r.Unit.Period.String() || !slices.Equal(u.Titles, r.Unit.Titles) || u.Source != r.Unit.Source || len(u.Members) != len(r.Unit.Members) {
		bad("unit %+v", u)
	}
	s := rec.Summary
	if s.Met != r.Met || s.NotMet != r.NotMet || s.Unknown != r.Unknown || s.AllMet != r.AllMet.String() || s.Eligible != r.Eligible.String() ||
		s.Recognised != r.Recognised() || s.Slipped != r.Slipped.String() || !slices.Equal(s.MissingFields, r.MissingFields()) && len(s.MissingFields)+len(r.MissingFields()) > 0 {
		bad("summary %+v", s)
	}
	switch rg := r.Recognition; {
	case (rg == nil) != (s.Recognition == nil):
		bad("recognition %+v, want %+v", s.Recognition, rg)
	case rg != nil && (s.Recognition.Level != rg.Level || s.Recognition.Year != rg.Year || s.Recognition.Decision != rg.Decision):
		bad("recognition %+v, want %+v", s.Recognition, rg)
	}
	if len(rec.Criteria) != len(r.Criteria) {
		bad("%d criteria", len(rec.Criteria))
		return errs
	}
	var inds []*criteria.IndicatorResult
	for i := range r.Criteria {
		if rec.Criteria[i] != r.Criteria[i].Status.String() {
			bad("criterion %s: %s, want %s", r.Criteria[i].Criterion.ID(), rec.Criteria[i], r.Criteria[i].Status)
		}
		for j := range r.Criteria[i].Indicators {
			inds = append(inds, &r.Criteria[i].Indicators[j])
		}
	}
	for j := range r.Conditions {
		inds = append(inds, &r.Conditions[j])
	}
	if len(rec.Indicators) != len(inds) {
		bad("%d indicators, want %d", len(rec.Indicators), len(inds))
		return errs
	}
	type note struct {
		missing []string
		reason  string
	}
	indNotes, checkNotes := map[int]note{}, map[int]note{}
	var checks []*criteria.CheckResult
	for j, ir := range inds {
		if h.Indicators[j].ID != ir.Indicator.ID() {
			bad("indicator %d is %s in the header, %s in the result", j, h.Indicators[j].ID, ir.Indicator.ID())
		}
		if rec.Indicators[j] != ir.Status.String() {
			bad("indicator %s: %s, want %s", ir.Indicator.ID(), rec.Indicators[j], ir.Status)
		}
		if ir.Reason != "" || len(ir.MissingApplies) > 0 {
			indNotes[j] = note{ir.MissingApplies, ir.Reason}
		}
		for k := range ir.Checks {
			if c := &ir.Checks[k]; c.Reason != "" || len(c.Missing) > 0 {
				checkNotes[len(checks)] = note{c.Missing, c.Reason}
			}
			checks = append(checks, &ir.Checks[k])
		}
	}
	n := len(checks)
	if len(rec.Checks) != n || len(rec.Values) != n || len(rec.Targets) != n || len(rec.Cells) != n || len(rec.Gaps) != n {
		bad("arrays of %d %d %d %d %d checks, want %d", len(rec.Checks), len(rec.Values), len(rec.Targets), len(rec.Cells), len(rec.Gaps), n)
		return errs
	}
	for k, c := range checks {
		hc := h.Checks[k]
		id := hc.Indicator + "/" + hc.ID
		t := c.Target()
		switch {
		case rec.Checks[k] != c.Status.String():
			bad("check %s: %s, want %s", id, rec.Checks[k], c.Status)
		case !sameValue(rec.Values[k], c.Value):
			bad("check %s: value %s, want %s", id, rec.Values[k], c.Value)
		case !sameValue(rec.Targets[k], t.Value):
			bad("check %s: target %s, want %s", id, rec.Targets[k], t.Value)
		case rec.Cells[k] < 0 || rec.Cells[k] >= len(hc.Cells) || !sameCell(hc.Cells[rec.Cells[k]], t):
			bad("check %s: cell %d is not %+v", id, rec.Cells[k], t)
		case c.HasGap && string(rec.Gaps[k]) != c.Gap.String(), !c.HasGap && string(rec.Gaps[k]) != "null":
			bad("check %s: gap %s, want %s (%t)", id, rec.Gaps[k], c.Gap, c.HasGap)
		}
	}
	for _, nt := range rec.Notes {
		var m map[int]note
		var at int
		switch {
		case nt.Indicator != nil && nt.Check == nil:
			m, at = indNotes, *nt.Indicator
		case nt.Check != nil && nt.Indicator == nil:
			m, at = checkNotes, *nt.Check
		default:
			bad("note %+v names no indicator or check", nt)
			continue
		}
		want, ok := m[at]
		if !ok || want.reason != nt.Reason || !slices.Equal(want.missing, nt.Missing) && len(want.missing)+len(nt.Missing) > 0 {
			bad("note %+v, want %+v", nt, want)
		}
		delete(m, at)
	}
	if len(indNotes)+len(checkNotes) > 0 {
		bad("notes not written: indicators %v checks %v", indNotes, checkNotes)
	}
	return errs
}

// TestEncodingsAgree checks that JSON, indented JSON and JSON Lines carry the same header and
// records, that indented JSON is the compact document with white space added, and that
// writing the same results twice gives the same bytes.
func TestEncodingsAgree(t *testing.T) {
	prog, units := camau(t)
	rs := explainAll(t, prog, units[:60])
	compact := write(t, prog, results.JSON, rs)
	if again := write(t, prog, results.JSON, rs); !bytes.Equal(compact, again) {
		t.Fatal("two writes of the same results differ")
	}
	indented := write(t, prog, results.JSON, rs, results.Indent("  "))
	var b bytes.Buffer
	if err := json.Compact(&b, indented); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), bytes.TrimSuffix(compact, []byte("\n"))) {
		t.Error("indented JSON is not the compact document with white space")
	}
	lines := write(t, prog, results.JSONLines, rs, results.Indent("  "))
	if n := bytes.Count(lines, []byte("\n")); n != len(rs)+1 {
		t.Errorf("JSON Lines: %d lines for %d units", n, len(rs))
	}
	var fromJSON, fromLines []any
	var doc map[string]any
	if err := json.Unmarshal(compact, &doc); err != nil {
		t.Fatal(err)
	}
	fromJSON = doc["units"].([]any)
	delete(doc, "units")
	for i, line := range bytes.Split(bytes.TrimSuffix(lines, []byte("\n")), []byte("\n")) {
		var v map[string]any
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if i == 0 {
			if fmt.Sprint(v) != fmt.Sprint(doc) {
				t.Error("the JSON Lines header is not the JSON document's")
			}
			continue
		}
		fromLines = append(fromLines, v)
	}
	if fmt.Sprint(fromJSON) != fmt.Sprint(fromLines) {
		t.Error("the JSON Lines records are not the JSON document's")
	}
}

// TestUnitSize measures the compact record of each of the sample's units: at most 3 KB.
func TestUnitSize(t *testing.T) {
	prog, units := camau(t)
	data := write(t, prog, results.JSONLines, explainAll(t, prog, units))
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	var sizes []int
	for _, l := range lines[1:] {
		sizes = append(sizes, len(l)+1)
	}
	sort.Ints(sizes)
	lo, med, hi := sizes[0], sizes[len(sizes)/2], sizes[len(sizes)-1]
	t.Logf("header %d bytes; %d records: min %d, median %d, max %d bytes", len(lines[0])+1, len(sizes), lo, med, hi)
	if hi > 3000 {
		t.Errorf("the largest record is %d bytes, more than 3 KB", hi)
	}
}

// TestEmpty closes a Writer that wrote no unit: a header and no record.
func TestEmpty(t *testing.T) {
	prog, _ := camau(t)
	doc := decodeJSON(t, write(t, prog, results.JSON, nil))
	if doc.Format != results.Format || doc.Units == nil || len(doc.Units) != 0 {
		t.Errorf("empty JSON document: format %q, units %v", doc.Format, doc.Units)
	}
	indented := write(t, prog, results.JSON, nil, results.Indent("\t"))
	if !bytes.HasSuffix(indented, []byte("\n\t\"units\": []\n}\n")) {
		t.Errorf("empty indented document ends with %q", indented[max(0, len(indented)-40):])
	}
	lines := write(t, prog, results.JSONLines, nil)
	if bytes.Count(lines, []byte("\n")) != 1 {
		t.Errorf("empty JSON Lines: %d lines", bytes.Count(lines, []byte("\n")))
	}
	decodeLines(t, lines)
}

// TestText checks that texts are written in NFC with only what JSON requires escaped, and
// that a document with awkward texts is valid JSON in both encodings.
func TestText(t *testing.T) {
	prog, units := camau(t)
	u := *units[0]
	decomposed := norm.NFD.String("Nguyễn Huân")
	u.Name = decomposed + "\t\"<&>\"\u2028\x01\xff"
	u.District = "Huyện Đầm Dơi\n"
	res, err := prog.Evaluate(context.Background(), &u)
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range []results.Encoding{results.JSON, results.JSONLines} {
		data := write(t, prog, enc, []*criteria.Result{res})
		if !json.Valid(bytes.Split(data, []byte("\n"))[0]) && enc == results.JSONLines || enc == results.JSON && !json.Valid(data) {
			t.Fatalf("%s: not valid JSON", enc)
		}
		if bytes.Contains(data, []byte(decomposed)) || !bytes.Contains(data, []byte(`"Nguyễn Huân\t\"<&>\"\u2028\u0001\ufffd"`)) {
			t.Errorf("%s: name written as %s", enc, data[bytes.Index(data, []byte(`"name":"Ngu`)):][:60])
		}
		if !bytes.Contains(data, []byte(`"Huyện Đầm Dơi\n"`)) {
			t.Errorf("%s: district not escaped", enc)
		}
		if !norm.NFC.IsNormal(data) {
			t.Errorf("%s: output not in NFC", enc)
		}
	}
	doc := decodeLines(t, write(t, prog, results.JSONLines, []*criteria.Result{res}))
	if got, want := doc.Units[0].Unit.Name, norm.NFC.String(u.Name); got != strings.ToValidUTF8(want, "\ufffd") {
		t.Errorf("name decoded as %q", got)
	}
}

// TestWriteErrors checks what a Writer refuses: a result of another program, a nil result, a
// write after Close, an unknown encoding; and that an error of the underlying writer is kept.
func TestWriteErrors(t *testing.T) {
	prog, units := camau(t)
	res, err := prog.Evaluate(context.Background(), units[0])
	if err != nil {
		t.Fatal(err)
	}
	rs, err := criteria.Load(rules.FS, "vn/mttq-xa-ntm-2016-2020.yaml")
	if err != nil {
		t.Fatal(err)
	}
	other, err := rs.Compile()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := results.NewWriter(&b, other, results.JSONLines)
	if err := w.Write(res); err == nil || !strings.Contains(err.Error(), "not of the writer's program") {
		t.Errorf("a result of another program: %v", err)
	}
	if err := w.Write(nil); err == nil {
		t.Error("a nil result was written")
	}
	if b.Len() != 0 {
		t.Errorf("refused results wrote %d bytes", b.Len())
	}
	w = results.NewWriter(&b, prog, results.JSON)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(res); !errors.Is(err, results.ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	b.Reset()
	w = results.NewWriter(&b, prog, results.Encoding(0))
	if err := w.Write(res); err == nil || w.Close() == nil || b.Len() != 0 {
		t.Errorf("an unknown encoding: %v, %d bytes written", err, b.Len())
	}
	fail := &failing{after: 2} // the header, then one record
	w = results.NewWriter(fail, prog, results.JSON)
	if err := w.Write(res); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(res); !errors.Is(err, errFull) {
		t.Errorf("write to a failing writer: %v", err)
	}
	if err := w.Write(res); !errors.Is(err, errFull) {
		t.Errorf("the error is not kept: %v", err)
	}
	if err := w.Close(); !errors.Is(err, errFull) {
		t.Errorf("close after a failed write: %v", err)
	}
}

var errFull = errors.New("disk full")

// failing accepts a number of writes, then fails.
type failing struct{ after int }

func (f *failing) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errFull
	}
	f.after--
	return len(p), nil
}
