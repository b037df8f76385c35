package results

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/nongthonmoi/ntm/criteria"
)

// Format is the version of the documents a Writer writes.
const Format = "ntm.results/v2"

// Encoding is how a Writer lays a document out.
type Encoding uint8

// The two encodings of ntm.results/v2.
const (
	// JSON writes one object: the header's members, then "units", the array of unit records.
	JSON Encoding = iota + 1
	// JSONLines writes the header on the first line and each unit record on a line of its own.
	JSONLines
)

// String returns "json" or "jsonl".
func (e Encoding) String() string {
	switch e {
	case JSON:
		return "json"
	case JSONLines:
		return "jsonl"
	}
	return "Encoding(" + strconv.Itoa(int(e)) + ")"
}

// Option configures a Writer.
type Option func(*Writer)

// Indent writes JSON indented for people: each member of an object and each element of an
// array of objects on its own line, indented by indent per level; arrays of plain values and
// small objects (labels, notes, years, a recognition) stay on one line. It has no effect on
// JSON Lines, whose records are always one line each.
func Indent(indent string) Option {
	return func(w *Writer) { w.indent = indent }
}

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("results: write after close")

// Writer writes results in the format ntm.results/v2 as they come: the header, which carries
// the texts of the program's ruleset, once, then one record per unit that refers to it. It
// keeps nothing of a result once Write returns, so the memory it uses does not grow with the
// number of units. A Writer is not safe for concurrent use.
type Writer struct {
	out    io.Writer
	enc    Encoding
	indent string
	m      *model

	e       encoder
	started bool // the header is written
	closed  bool
	units   int
	err     error // the first error writing to out

	// storage reused from unit to unit
	inds    []*criteria.IndicatorResult
	checks  []*criteria.CheckResult
	cells   []int
	missing []string
}

// NewWriter returns a Writer of the results of prog (which must not be nil) to out, in the
// given encoding, JSON or JSONLines. Nothing is written before the first Write or Close; with
// any other encoding they write nothing and return an error.
func NewWriter(out io.Writer, prog *criteria.Program, enc Encoding, opts ...Option) *Writer {
	w := &Writer{out: out, enc: enc, m: newModel(prog)}
	for _, o := range opts {
		o(w)
	}
	switch enc {
	case JSON:
	case JSONLines:
		w.indent = ""
	default:
		w.err = fmt.Errorf("results: unknown encoding %s (expected JSON or JSONLines)", enc)
	}
	w.e.indent = w.indent
	return w
}

// Write writes the record of one unit. res must be a result of the Writer's program; the
// caller may reuse it (as Program.Explain does) once Write returns. An error writing to the
// underlying writer is returned by this and every later call.
func (w *Writer) Write(res *criteria.Result) error {
	switch {
	case w.err != nil:
		return w.err
	case w.closed:
		return ErrClosed
	case res == nil:
		return errors.New("results: Write of a nil result")
	}
	if err := w.flatten(res); err != nil {
		return err
	}
	if err := w.start(); err != nil {
		return err
	}
	w.e.reset(0)
	if w.enc == JSON {
		if w.units > 0 {
			w.e.buf = append(w.e.buf, ',')
		}
		w.e.depth = 2
		w.e.newline()
	}
	w.unit(res)
	if w.enc == JSONLines {
		w.e.buf = append(w.e.buf, '\n')
	}
	w.units++
	return w.flush()
}

// Close ends the document: it writes the header if no unit was written, and closes the array
// of units and the document's object (JSON). It does not close the underlying writer.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return nil
	}
	if err := w.start(); err != nil {
		return err
	}
	w.closed = true
	if w.enc != JSON {
		return nil
	}
	w.e.reset(0)
	if w.units > 0 {
		w.e.depth = 1
		w.e.newline()
	}
	w.e.buf = append(w.e.buf, ']')
	w.e.depth = 0
	w.e.newline()
	w.e.buf = append(w.e.buf, '}', '\n')
	return w.flush()
}

// start writes the header once.
func (w *Writer) start() error {
	if w.started {
		return nil
	}
	w.started = true
	w.e.reset(0)
	w.header()
	return w.flush()
}

func (w *Writer) flush() error {
	if _, err := w.out.Write(w.e.buf); err != nil {
		w.err = err
		return err
	}
	return nil
}

// header writes the header: for JSON up to the opening of the array of units, for JSON Lines
// its whole line.
func (w *Writer) header() {
	e, m := &w.e, w.m
	e.beginObject()
	e.key("format")
	e.str(Format)

	rs := m.ruleset
	e.key("ruleset")
	e.beginObject()
	e.key("id")
	e.str(rs.ID())
	e.key("version")
	e.str(rs.Version())
	e.key("hash")
	e.str(rs.Hash())
	e.key("title")
	e.text(rs.Title())
	e.key("level")
	e.str(string(rs.Level()))
	e.key("illustrative")
	e.bool(rs.Illustrative())
	e.strKey("recognition", rs.Recognition())
	e.key("legal")
	e.beginArray(false)
	for _, d := range rs.Legal() {
		e.beginObject()
		e.key("id")
		e.str(d.ID)
		e.key("title")
		e.text(d.Title)
		e.strKey("date", d.Date)
		e.strKey("url", d.URL)
		e.endObject()
	}
	e.endArray()
	e.key("regions")
	e.strs(m.regions)
	e.key("years")
	e.beginLine()
	e.key("from")
	e.int(m.from)
	e.key("until")
	e.int(m.to)
	e.endObject()
	e.endObject()

	e.key("statuses")
	e.beginObject()
	for _, s := range []criteria.Status{criteria.Met, criteria.NotMet, criteria.NotApplicable, criteria.Unknown} {
		e.key(s.String())
		e.text(criteria.Text{VI: s.Label("vi"), EN: s.Label("en")})
	}
	e.endObject()

	e.key("criteria")
	e.beginArray(false)
	for _, c := range m.criteria {
		e.beginObject()
		e.key("id")
		e.str(c.ID())
		e.key("name")
		e.text(c.Name())
		e.key("groups")
		e.strs(c.Groups())
		e.key("annotations")
		e.beginObject()
		for _, k := range c.AnnotationKeys() {
			e.key(k)
			e.str(c.Annotation(k))
		}
		e.endObject()
		e.key("indicators")
		e.beginArray(true)
		for _, im := range m.indicators {
			if im.criterion == c.ID() {
				e.str(im.info.ID())
			}
		}
		e.endArray()
		e.endObject()
	}
	e.endArray()

	e.key("indicators")
	e.beginArray(false)
	for _, im := range m.indicators {
		ind := im.info
		e.beginObject()
		e.key("id")
		e.str(ind.ID())
		e.key("name")
		e.text(ind.Name())
		e.strKey("criterion", im.criterion)
		e.strKey("kind", string(ind.Kind()))
		e.strKey("unit", ind.Unit())
		e.strKey("applies_if", ind.AppliesIf())
		e.strKey("disabled", ind.Disabled())
		e.key("checks")
		e.beginArray(true)
		for k := im.first; k < im.first+im.n; k++ {
			e.str(m.checks[k].id())
		}
		e.endArray()
		e.endObject()
	}
	e.endArray()

	e.key("checks")
	e.beginArray(false)
	for k := range m.checks {
		c := &m.checks[k]
		e.beginObject()
		e.key("indicator")
		e.str(c.indicator)
		e.key("id")
		e.str(c.id())
		if c.info.IsZero() {
			e.key("condition")
			e.bool(true)
			e.key("measure")
			e.str(c.cond.Expr)
			e.key("op")
			e.str(criteria.OpEQ.String())
		} else {
			if l := c.info.Label(); !l.IsZero() {
				e.key("label")
				e.text(l)
			}
			e.key("measure")
			e.str(c.info.Measure())
			e.key("op")
			e.str(c.info.Op().String())
			e.strKey("unit", c.info.Unit())
		}
		e.key("cells")
		e.beginArray(false)
		for i := range c.cells {
			t := &c.cells[i]
			e.beginObject()
			e.key("value")
			e.value(t.Value)
			e.strKey("missing", t.Missing)
			e.key("confidence")
			e.str(t.Confidence.String())
			e.strKey("source", t.Source)
			e.strKey("note", t.Note)
			e.key("column")
			e.str(t.Column)
			if f := t.Follows; f != nil && f.Indicator != "" {
				// A relative target: value = times × the target of the indicator it follows.
				e.key("of")
				e.beginObject()
				e.strKey("indicator", f.Indicator)
				e.key("times")
				e.value(criteria.NumberValue(f.Times))
				e.key("target")
				e.value(f.Of)
				e.endObject()
			} else if f != nil {
				// A target that follows the unit's value: each unit record has the value.
				e.key("of")
				e.beginObject()
				e.strKey("field", f.Field)
				e.key("times")
				e.value(criteria.NumberValue(f.Times))
				e.endObject()
			}
			e.endObject()
		}
		e.endArray()
		e.endObject()
	}
	e.endArray()

	if len(m.indices) > 0 {
		// Indices: each unit record has their values and classes, in this order.
		e.key("indices")
		e.beginArray(false)
		for _, x := range m.indices {
			e.beginObject()
			e.key("id")
			e.str(x.ID)
			e.key("name")
			e.text(x.Name)
			e.strKey("unit", x.Unit)
			e.key("method")
			e.str(x.Method)
			e.key("missing")
			e.str(x.Missing)
			e.key("classes")
			e.beginArray(false)
			for _, c := range x.Classes {
				e.beginObject()
				e.key("id")
				e.str(c.ID)
				e.key("name")
				e.text(c.Name)
				e.endObject()
			}
			e.endArray()
			e.endObject()
		}
		e.endArray()
	}

	if w.enc == JSON {
		e.key("units")
		e.buf = append(e.buf, '[')
		return
	}
	e.endObject()
	e.buf = append(e.buf, '\n')
}

// flatten lays the result's indicators and checks out in the header's order, after checking
// that the result has the header's criteria, indicators and checks, and finds the cell of
// each check's target.
func (w *Writer) flatten(res *criteria.Result) error {
	m := w.m
	if res.Ruleset.Hash() != m.ruleset.Hash() || res.Ruleset.ID() != m.ruleset.ID() || res.Ruleset.Version() != m.ruleset.Version() {
		return fmt.Errorf("results: the result of unit %s is of %s, not of the writer's program (%s)", res.Unit.Code, res.Ruleset.Ref(), m.ruleset.Ref())
	}
	if len(res.Criteria) != len(m.criteria) || len(res.Conditions) != m.conditions || len(res.Indices) != len(m.indices) {
		return w.foreign(res, "its criteria, conditions or indices")
	}
	w.inds, w.checks, w.cells = w.inds[:0], w.checks[:0], w.cells[:0]
	for i := range res.Criteria {
		cr := &res.Criteria[i]
		if cr.Criterion.ID() != m.criteria[i].ID() {
			return w.foreign(res, "criterion "+cr.Criterion.ID())
		}
		for j := range cr.Indicators {
			w.inds = append(w.inds, &cr.Indicators[j])
		}
	}
	for j := range res.Conditions {
		w.inds = append(w.inds, &res.Conditions[j])
	}
	if len(w.inds) != len(m.indicators) {
		return w.foreign(res, "its indicators")
	}
	for j, ir := range w.inds {
		im := &m.indicators[j]
		if ir.Indicator.ID() != im.info.ID() || len(ir.Checks) != im.n {
			return w.foreign(res, "indicator "+ir.Indicator.ID())
		}
		for k := range ir.Checks {
			cr := &ir.Checks[k]
			cm := &m.checks[im.first+k]
			if cr.Check.IsZero() != cm.info.IsZero() || !cm.info.IsZero() && cr.Check.ID() != cm.info.ID() {
				return w.foreign(res, "indicator "+ir.Indicator.ID()+" check "+cr.Check.ID())
			}
			t := cr.Target()
			c := cm.cell(&t)
			if c < 0 {
				return w.foreign(res, "the target of indicator "+ir.Indicator.ID()+" check "+cm.id())
			}
			w.checks = append(w.checks, cr)
			w.cells = append(w.cells, c)
		}
	}
	return nil
}

func (w *Writer) foreign(res *criteria.Result, what string) error {
	return fmt.Errorf("results: unit %s: %s does not match the program of the writer (%s)", res.Unit.Code, what, w.m.ruleset.Ref())
}

// unit writes a unit's record.
func (w *Writer) unit(res *criteria.Result) {
	e := &w.e
	e.beginObject()

	u := &res.Unit
	e.key("unit")
	e.beginObject()
	e.key("code")
	e.str(u.Code)
	e.strKey("name", u.Name)
	e.strKey("district", u.District)
	if len(u.Parents) > 0 {
		e.key("parents")
		e.beginObject()
		for _, p := range u.Parents {
			e.key(string(p.Level))
			e.str(p.Code)
		}
		e.endObject()
	}
	e.key("region")
	e.str(u.Region)
	e.key("period")
	e.period(u.Period)
	e.key("titles")
	e.strs(u.Titles)
	if len(u.Members) > 0 {
		e.key("members")
		e.beginArray(true)
		for _, mr := range u.Members {
			if mr != nil {
				e.str(mr.Unit.Code)
			}
		}
		e.endArray()
	}
	e.strKey("source", u.Source)
	if u.Column != nil {
		e.key("column") // the target column the ruleset's column rules chose ("" for none)
		e.str(u.Column.Column)
	}
	e.endObject()

	e.key("summary")
	e.beginObject()
	e.key("met")
	e.int(res.Met)
	e.key("not_met")
	e.int(res.NotMet)
	e.key("unknown")
	e.int(res.Unknown)
	e.key("all_met")
	e.str(res.AllMet.String())
	e.key("eligible")
	e.str(res.Eligible.String())
	e.key("recognised")
	e.bool(res.Recognised())
	e.key("recognition")
	if r := res.Recognition; r != nil {
		e.beginLine()
		e.key("level")
		e.str(r.Level)
		e.key("year")
		e.int(r.Year)
		e.strKey("decision", r.Decision)
		e.endObject()
	} else {
		e.null()
	}
	e.key("slipped")
	e.str(res.Slipped.String())
	e.key("missing_fields")
	e.strs(w.missingFields())
	e.endObject()

	e.key("criteria")
	e.beginArray(true)
	for i := range res.Criteria {
		e.str(res.Criteria[i].Status.String())
	}
	e.endArray()
	e.key("indicators")
	e.beginArray(true)
	for _, ir := range w.inds {
		e.str(ir.Status.String())
	}
	e.endArray()
	e.key("checks")
	e.beginArray(true)
	for _, c := range w.checks {
		e.str(c.Status.String())
	}
	e.endArray()
	e.key("values")
	e.beginArray(true)
	for _, c := range w.checks {
		e.value(c.Value)
	}
	e.endArray()
	e.key("targets")
	e.beginArray(true)
	for _, c := range w.checks {
		e.value(c.Target().Value)
	}
	e.endArray()
	e.key("cells")
	e.beginArray(true)
	for _, c := range w.cells {
		e.int(c)
	}
	e.endArray()
	e.key("gaps")
	e.beginArray(true)
	for _, c := range w.checks {
		if c.HasGap {
			e.number(c.Gap)
		} else {
			e.null()
		}
	}
	e.endArray()
	if len(w.m.indices) > 0 {
		e.key("index_values")
		e.beginArray(true)
		for i := range res.Indices {
			if x := &res.Indices[i]; x.Known {
				e.number(x.Value)
			} else {
				e.null()
			}
		}
		e.endArray()
		e.key("index_classes")
		e.beginArray(true)
		for i := range res.Indices {
			if x := &res.Indices[i]; x.Class != "" {
				e.str(x.Class)
			} else {
				e.null()
			}
		}
		e.endArray()
	}

	e.key("notes")
	e.beginArray(false)
	for j, ir := range w.inds {
		if ir.Reason != "" || len(ir.MissingApplies) > 0 {
			w.note("indicator", j, ir.MissingApplies, ir.Reason)
		}
	}
	for k, c := range w.checks {
		if c.Reason != "" || len(c.Missing) > 0 {
			w.note("check", k, c.Missing, c.Reason)
		}
	}
	e.endArray()

	e.endObject()
}

// note writes why an indicator or a check is what it is, beyond its status.
func (w *Writer) note(kind string, at int, missing []string, reason string) {
	e := &w.e
	e.beginLine()
	e.key(kind)
	e.int(at)
	if len(missing) > 0 {
		e.key("missing")
		e.strs(missing)
	}
	e.strKey("reason", reason)
	e.endObject()
}

// missingFields is Result.MissingFields, in reused storage: the fields whose absence made
// something unknown, each once, in the order the indicators and checks read them.
func (w *Writer) missingFields() []string {
	w.missing = w.missing[:0]
	add := func(fields []string) {
	next:
		for _, f := range fields {
			for _, g := range w.missing {
				if f == g {
					continue next
				}
			}
			w.missing = append(w.missing, f)
		}
	}
	for _, ir := range w.inds {
		add(ir.MissingApplies)
		for k := range ir.Checks {
			add(ir.Checks[k].Missing)
		}
	}
	return w.missing
}

// period writes a period as "2020", "2020-H1" or "2020-H2".
func (e *encoder) period(p criteria.Period) {
	e.next()
	e.buf = append(e.buf, '"')
	e.buf = strconv.AppendInt(e.buf, int64(p.Year), 10)
	if p.Half != 0 {
		e.buf = append(e.buf, '-', 'H')
		e.buf = strconv.AppendInt(e.buf, int64(p.Half), 10)
	}
	e.buf = append(e.buf, '"')
}
