package scoring

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// Error codes of scoring schemes and scoring inputs, besides the shared ones of package
// criteria (E-SYNTAX, E-KEY-UNKNOWN, E-KEY-MISSING, E-KEY-DUPLICATE, E-TYPE, E-VALUE,
// E-FORMAT, E-ID-DUPLICATE, E-ID-INVALID, E-REF-CRITERION, E-REF-GROUP, E-REF-ANNOTATION).
// Every problem with one of them has criteria.SeverityError: schemes have no warnings.
const (
	CodeRuleset       criteria.Code = "E-REF-RULESET"    // the scheme is written for another ruleset than the one given
	CodeRefClass      criteria.Code = "E-REF-CLASS"      // reference to an undeclared class
	CodeRefSubject    criteria.Code = "E-REF-SUBJECT"    // a candidate rule names a subject no ranking ranks
	CodeRefSummary    criteria.Code = "E-REF-SUMMARY"    // reference to an undeclared summary
	CodePointsMissing criteria.Code = "E-POINTS-MISSING" // a criterion would earn no points when met
	CodeClassGap      criteria.Code = "E-CLASS-GAP"      // some totals fall in no class
	CodeClassOverlap  criteria.Code = "E-CLASS-OVERLAP"  // some totals fall in two classes
	CodeBandGap       criteria.Code = "E-BAND-GAP"       // some counts of criteria met fall in no band
	CodeBandOverlap   criteria.Code = "E-BAND-OVERLAP"   // some counts of criteria met fall in two bands
	CodeInput         criteria.Code = "E-INPUT"          // results that cannot be scored (mixed periods, duplicate codes, another ruleset)
)

// maxSchemeFile bounds the size of a scheme file.
const maxSchemeFile = 1 << 20

var (
	schemeIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.\-]*$`)
	itemIDRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._\-]*$`)
	dateRE     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// Load reads the scheme file name in fsys and checks it, and against rs, the ruleset it scores.
// Every problem found is returned at once as a criteria.ErrorList, each at file:line:column.
func Load(fsys fs.FS, name string, rs *criteria.Ruleset) (*Scheme, error) {
	if fsys == nil {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax, Message: criteria.ErrNoFS.Error()}}
	}
	if !fs.ValidPath(name) {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax, Message: criteria.InvalidPathError(name).Error()}}
	}
	// A bounded read of a regular file only: a link to /dev/zero is never opened.
	data, err := ydec.ReadLimited(fsys, name, maxSchemeFile)
	if err != nil {
		code := criteria.CodeSyntax
		if ydec.IsLimit(err) {
			code = criteria.CodeFileLimit
		}
		return nil, criteria.ErrorList{{File: name, Code: code, Message: err.Error()}}
	}
	return Parse(name, data, rs)
}

// Parse reads a scheme from bytes (name is used in positions) and checks it against rs.
func Parse(name string, data []byte, rs *criteria.Ruleset) (*Scheme, error) {
	if rs == nil {
		return nil, criteria.ErrorList{{File: name, Code: CodeRuleset, Message: "no ruleset given: a scheme is checked against the ruleset it scores"}}
	}
	if len(data) > maxSchemeFile {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax,
			Message: fmt.Sprintf("the file is %d bytes; at most %d are allowed", len(data), maxSchemeFile)}}
	}
	p := &parser{d: newDec(name), rs: rs, s: &Scheme{File: name, rs: rs}}
	p.file(data)
	if len(p.d.Errs) > 0 {
		errs := p.d.errList()
		clampPositions(errs, data)
		errs.Sort()
		return nil, errs
	}
	if err := p.s.index(); err != nil {
		return nil, criteria.ErrorList{{File: name, Line: 1, Column: 1, Code: criteria.CodeValue, Message: err.Error()}}
	}
	return p.s.public(), nil
}

// clampPositions keeps every position inside the input: a YAML error that names no line
// (e.g. "unexpected end of stream") is placed on the last line.
func clampPositions(errs criteria.ErrorList, data []byte) {
	lines := strings.Count(string(data), "\n") + 1
	if len(data) > 0 && data[len(data)-1] == '\n' {
		lines--
	}
	lines = max(lines, 1)
	for _, e := range errs {
		if e.Line < 1 || e.Line > lines {
			e.Line = lines
		}
		if e.Column < 1 {
			e.Column = 1
		}
	}
}

type parser struct {
	d  *dec
	rs *criteria.Ruleset
	s  *Scheme
}

var topKeys = []string{"format", "id", "version", "ruleset", "title", "description", "illustrative", "sources",
	"periods", "points", "classes", "bands", "rankings", "goals", "front_report", "candidates"}

func (p *parser) file(data []byte) {
	d := p.d
	root := d.ParseYAML(data)
	if root == nil {
		return
	}
	// The format first: a file of another format is reported once, not key by key.
	if root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k, v := root.Content[i], root.Content[i+1]; k.Value == "format" {
				if f, ok := d.Str(v, "format"); !ok || f != FormatScheme {
					if ok {
						d.Errorf(v, "format", criteria.CodeFormat, "unknown format %q (expected %q)", f, FormatScheme)
					}
					return
				}
				break
			}
		}
	}
	_, idx, ok := d.Mapping(root, "", topKeys, "format", "id", "version", "ruleset", "title", "periods")
	if !ok || idx["format"] == nil {
		return
	}
	// Points and rankings go together; a scheme with neither only tracks goals (a programme's
	// targets, with no emulation attached).
	switch pts, rk := idx["points"], idx["rankings"]; {
	case pts == nil && rk != nil:
		d.Errorf(root, "", criteria.CodeKeyMissing, "missing required key \"points\": a scheme that ranks declares its points")
	case pts != nil && rk == nil:
		d.Errorf(root, "", criteria.CodeKeyMissing, "missing required key \"rankings\": a scheme that declares points ranks by them")
	case pts == nil && idx["goals"] == nil:
		d.Errorf(root, "", criteria.CodeKeyMissing, "missing required keys \"points\" and \"rankings\" (a scheme that ranks), or \"goals\" (a scheme that only tracks goals)")
	}
	s := p.s
	if n := idx["id"]; n != nil {
		if v, ok := d.Str(n, "id"); ok {
			if !schemeIDRE.MatchString(v) {
				d.Errorf(n, "id", criteria.CodeIDInvalid, "id %q: use lowercase letters, digits, '.' and '-' (e.g. camau.thi-dua)", v)
			}
			s.ID = v
		}
	}
	if n := idx["version"]; n != nil {
		if v, ok := d.Str(n, "version"); ok {
			if strings.Contains(v, "@") {
				d.Errorf(n, "version", criteria.CodeValue, "version %q must not contain '@'", v)
			}
			s.Version = v
		}
	}
	if n := idx["ruleset"]; n != nil {
		p.ruleset(n)
	}
	if n := idx["title"]; n != nil {
		s.Title = p.text(n, "title")
	}
	if n := idx["description"]; n != nil {
		s.Description = p.text(n, "description")
	}
	if n := idx["illustrative"]; n != nil {
		s.Illustrative, _ = d.Bool(n, "illustrative")
	}
	if n := idx["sources"]; n != nil {
		p.sources(n)
	}
	if n := idx["periods"]; n != nil {
		p.periods(n)
	}
	if n := idx["points"]; n != nil {
		p.points(n)
	}
	if n := idx["classes"]; n != nil {
		p.classes(n)
	}
	if n := idx["bands"]; n != nil {
		p.bands(n)
	}
	if n := idx["rankings"]; n != nil {
		p.rankings(n)
	}
	if n := idx["goals"]; n != nil {
		p.goals(n)
	}
	if n := idx["front_report"]; n != nil {
		p.front(n)
	}
	if n := idx["candidates"]; n != nil {
		p.candidates(n)
	}
}

func (p *parser) text(n *yaml.Node, path string) criteria.Text {
	vi, en := p.d.TextPair(n, path)
	return criteria.Text{VI: vi, EN: en}
}

// ruleset checks that the scheme's ruleset is the one given or one it extends.
func (p *parser) ruleset(n *yaml.Node) {
	ref, ok := p.d.Str(n, "ruleset")
	if !ok {
		return
	}
	p.s.RulesetRef = ref
	var chain []string
	for r := p.rs; r != nil; r = r.Base {
		if r.Ref() == ref {
			return
		}
		chain = append(chain, r.Ref())
	}
	e := p.d.Errorf(n, "ruleset", CodeRuleset, "the scheme is written for %s, but the ruleset given is %s (its chain: %s)",
		ref, p.rs.Ref(), strings.Join(chain, " → "))
	e.Near(ref, chain)
}

func (p *parser) sources(n *yaml.Node) {
	items, ok := p.d.List(n, "sources")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("sources › %d", i+1)
		_, idx, ok := p.d.Mapping(it, path, []string{"id", "title", "date", "url"}, "id", "title")
		if !ok {
			continue
		}
		var doc criteria.Document
		if v := idx["id"]; v != nil {
			doc.ID, _ = p.d.Str(v, path+" › id")
			path = "source " + doc.ID
		}
		if v := idx["title"]; v != nil {
			doc.Title = p.text(v, path+" › title")
		}
		if v := idx["date"]; v != nil {
			if s, ok := p.d.Str(v, path+" › date"); ok {
				if !dateRE.MatchString(s) {
					p.d.Errorf(v, path+" › date", criteria.CodeValue, "date %q: write YYYY-MM-DD", s)
				}
				doc.Date = s
			}
		}
		if v := idx["url"]; v != nil {
			doc.URL, _ = p.d.Str(v, path+" › url")
		}
		p.s.Sources = append(p.s.Sources, doc)
	}
}

// year reads a year from 1900 to 2200.
func (p *parser) year(n *yaml.Node, path string) (int, bool) {
	lit, ok := p.d.NumberLit(n, path)
	if !ok {
		return 0, false
	}
	y, err := strconv.Atoi(lit)
	if err != nil || y < 1900 || y > 2200 {
		p.d.Errorf(n, path, criteria.CodeValue, "expected a year such as 2020, found %q", lit)
		return 0, false
	}
	return y, true
}

// count reads a whole number ≥ 0.
func (p *parser) count(n *yaml.Node, path string) (int, bool) {
	lit, ok := p.d.NumberLit(n, path)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(lit)
	if err != nil || v < 0 || v > 1_000_000 {
		p.d.Errorf(n, path, criteria.CodeValue, "expected a whole number from 0 to 1000000, found %q", lit)
		return 0, false
	}
	return v, true
}

// amount reads an exact decimal from the scalar's literal text (never via a float).
func (p *parser) amount(n *yaml.Node, path string) (decimal.Decimal, bool) {
	lit, ok := p.d.NumberLit(n, path)
	if !ok {
		return decimal.Zero, false
	}
	if strings.ContainsAny(lit, "eExXoObB_:") || strings.HasPrefix(lit, "+") || strings.HasPrefix(lit, ".") ||
		strings.HasPrefix(lit, "-.") || len(lit) > 40 {
		p.d.Errorf(n, path, criteria.CodeValue, "%q: write a plain decimal such as 2.5", lit)
		return decimal.Zero, false
	}
	v, err := decimal.NewFromString(lit)
	if err != nil {
		p.d.Errorf(n, path, criteria.CodeValue, "%q: write a plain decimal such as 2.5", lit)
		return decimal.Zero, false
	}
	return v, true
}

// pointsAmount reads an amount of points ≥ 0.
func (p *parser) pointsAmount(n *yaml.Node, path string) (decimal.Decimal, bool) {
	v, ok := p.amount(n, path)
	if ok && v.Sign() < 0 {
		p.d.Errorf(n, path, criteria.CodeValue, "points must be 0 or more (write deductions as positive amounts under points › deductions)")
		return decimal.Zero, false
	}
	return v, ok
}

func (p *parser) itemID(n *yaml.Node, path string, seen map[string]bool) (string, bool) {
	id, ok := p.d.Str(n, path)
	if !ok {
		return "", false
	}
	if !itemIDRE.MatchString(id) {
		p.d.Errorf(n, path, criteria.CodeIDInvalid, "id %q: use letters, digits, '.', '_' and '-'", id)
		return id, true
	}
	if seen[id] {
		p.d.Errorf(n, path, criteria.CodeIDDuplicate, "id %q is used twice", id)
	}
	seen[id] = true
	return id, true
}

// enum reads one of the allowed words, suggesting the nearest on a typo.
func (p *parser) enum(n *yaml.Node, path string, allowed ...string) (string, bool) {
	v, ok := p.d.Str(n, path)
	if !ok {
		return "", false
	}
	if !ydec.Contains(allowed, v) {
		e := p.d.Errorf(n, path, criteria.CodeValue, "unknown value %q (expected one of: %s)", v, strings.Join(allowed, ", "))
		e.Near(v, allowed)
		return "", false
	}
	return v, true
}

func (p *parser) periods(n *yaml.Node) {
	d := p.d
	_, idx, ok := d.Mapping(n, "periods", []string{"from", "until", "reviews", "summaries"}, "from", "until")
	if !ok {
		return
	}
	pr := &p.s.Periods
	var okFrom, okUntil bool
	if v := idx["from"]; v != nil {
		pr.From, okFrom = p.year(v, "periods › from")
	}
	if v := idx["until"]; v != nil {
		pr.Until, okUntil = p.year(v, "periods › until")
	}
	if okFrom && okUntil {
		if pr.From > pr.Until {
			d.Errorf(idx["until"], "periods › until", criteria.CodeValue, "until (%d) is before from (%d)", pr.Until, pr.From)
		}
		rf, ru := p.rs.Years()
		if rf > 0 && pr.From < rf {
			d.Errorf(idx["from"], "periods › from", criteria.CodeValue, "%d is before %s is in force (from %d)", pr.From, p.rs.Ref(), rf)
		}
		if ru > 0 && pr.Until > ru {
			d.Errorf(idx["until"], "periods › until", criteria.CodeValue, "%d is after %s is in force (until %d)", pr.Until, p.rs.Ref(), ru)
		}
	}
	if v := idx["reviews"]; v != nil {
		words, nodes := d.StrList(v, "periods › reviews")
		for i, w := range words {
			if !ydec.Contains([]string{string(ReviewYear), string(ReviewHalfYear)}, w) {
				e := d.Errorf(nodes[i], "periods › reviews", criteria.CodeValue, "unknown review %q (expected year or half_year)", w)
				e.Near(w, []string{string(ReviewYear), string(ReviewHalfYear)})
				continue
			}
			if ydec.Contains(reviewStrings(pr.Reviews), w) {
				d.Errorf(nodes[i], "periods › reviews", criteria.CodeValue, "review %q is listed twice", w)
				continue
			}
			pr.Reviews = append(pr.Reviews, Review(w))
		}
	} else {
		pr.Reviews = []Review{ReviewYear}
	}
	if v := idx["summaries"]; v != nil {
		items, ok := d.List(v, "periods › summaries")
		if !ok {
			return
		}
		seen := map[string]bool{}
		for i, it := range items {
			path := fmt.Sprintf("periods › summaries › %d", i+1)
			_, sidx, ok := d.Mapping(it, path, []string{"id", "label", "from", "until"}, "id", "label", "from", "until")
			if !ok {
				continue
			}
			var sr SummaryRule
			if n := sidx["id"]; n != nil {
				sr.ID, _ = p.itemID(n, path+" › id", seen)
				path = "summary " + sr.ID
			}
			if n := sidx["label"]; n != nil {
				sr.Label = p.text(n, path+" › label")
			}
			var f, u bool
			if n := sidx["from"]; n != nil {
				sr.From, f = p.year(n, path+" › from")
			}
			if n := sidx["until"]; n != nil {
				sr.Until, u = p.year(n, path+" › until")
			}
			if f && u {
				switch {
				case sr.From > sr.Until:
					d.Errorf(sidx["until"], path+" › until", criteria.CodeValue, "until (%d) is before from (%d)", sr.Until, sr.From)
				case okFrom && okUntil && (sr.From < pr.From || sr.Until > pr.Until):
					d.Errorf(it, path, criteria.CodeValue, "the summary %d-%d lies outside the scheme's periods %d-%d", sr.From, sr.Until, pr.From, pr.Until)
				}
			}
			pr.Summaries = append(pr.Summaries, sr)
		}
	}
}

func reviewStrings(rs []Review) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}
