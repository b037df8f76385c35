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
const (
	CodeRuleset       = "E-REF-RULESET"    // the scheme is written for another ruleset than the one given
	CodeRefClass      = "E-REF-CLASS"      // reference to an undeclared class
	CodeRefSubject    = "E-REF-SUBJECT"    // a candidate rule names a subject no ranking ranks
	CodeRefSummary    = "E-REF-SUMMARY"    // reference to an undeclared summary
	CodePointsMissing = "E-POINTS-MISSING" // a criterion would earn no points when met
	CodeClassGap      = "E-CLASS-GAP"      // some totals fall in no class
	CodeClassOverlap  = "E-CLASS-OVERLAP"  // some totals fall in two classes
	CodeBandGap       = "E-BAND-GAP"       // some counts of criteria met fall in no band
	CodeBandOverlap   = "E-BAND-OVERLAP"   // some counts of criteria met fall in two bands
	CodeInput         = "E-INPUT"          // results that cannot be scored (mixed periods, duplicate codes, another ruleset)
)

// maxSchemeFile bounds the size of a scheme file.
const maxSchemeFile = 1 << 20

type dec = ydec.Decoder

var (
	schemeIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.\-]*$`)
	itemIDRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._\-]*$`)
	dateRE     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// Load reads the scheme file name in fsys and checks it, and against rs, the ruleset it scores.
// Every problem found is returned at once as a criteria.ErrorList, each at file:line:column.
func Load(fsys fs.FS, name string, rs *criteria.Ruleset) (*Scheme, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax, Message: "cannot read the file: " + unwrapPathErr(err).Error()}}
	}
	if st.Size() > maxSchemeFile {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax,
			Message: fmt.Sprintf("the file is %d bytes; at most %d are allowed", st.Size(), maxSchemeFile)}}
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeSyntax, Message: "cannot read the file: " + unwrapPathErr(err).Error()}}
	}
	return Parse(name, data, rs)
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
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
	p := &parser{d: &dec{File: name}, rs: rs, s: &Scheme{File: name, rs: rs}}
	p.file(data)
	if len(p.d.Errs) > 0 {
		p.d.Errs.Sort()
		return nil, p.d.Errs
	}
	p.s.index()
	return p.s, nil
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
	_, idx, ok := d.Mapping(root, "", topKeys, "format", "id", "version", "ruleset", "title", "periods", "points", "rankings")
	if !ok || idx["format"] == nil {
		return
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
	e.Suggest = ydec.Suggest(ref, chain)
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

// points reads an amount of points ≥ 0.
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
		e.Suggest = ydec.Suggest(v, allowed)
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
				e.Suggest = ydec.Suggest(w, []string{string(ReviewYear), string(ReviewHalfYear)})
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

func (p *parser) points(n *yaml.Node) {
	d := p.d
	_, idx, ok := d.Mapping(n, "points", []string{"met", "recognised", "progress", "deductions"}, "met")
	if !ok {
		return
	}
	pt := &p.s.Points
	if v := idx["met"]; v != nil {
		p.met(v)
	}
	if v := idx["recognised"]; v != nil {
		pt.Recognised, _ = p.pointsAmount(v, "points › recognised")
	}
	if v := idx["progress"]; v != nil {
		_, pidx, ok := d.Mapping(v, "points › progress", []string{"criterion_gained", "newly_recognised"})
		if ok {
			if w := pidx["criterion_gained"]; w != nil {
				pt.CriterionGained, _ = p.pointsAmount(w, "points › progress › criterion_gained")
			}
			if w := pidx["newly_recognised"]; w != nil {
				pt.NewlyRecognised, _ = p.pointsAmount(w, "points › progress › newly_recognised")
			}
		}
	}
	if v := idx["deductions"]; v != nil {
		_, didx, ok := d.Mapping(v, "points › deductions", []string{"criterion_lost", "slipped"})
		if ok {
			if w := didx["criterion_lost"]; w != nil {
				pt.CriterionLost, _ = p.pointsAmount(w, "points › deductions › criterion_lost")
			}
			if w := didx["slipped"]; w != nil {
				pt.Slipped, _ = p.pointsAmount(w, "points › deductions › slipped")
			}
		}
	}
}

// annotationValues returns the allowed values of an annotation key.
func (p *parser) annotationValues(k criteria.AnnotationKey) []string {
	var out []string
	for _, v := range k.Values {
		out = append(out, v.ID)
	}
	if k.ValuesFromGroups {
		for _, g := range p.rs.Groups {
			out = append(out, g.ID)
		}
	}
	return out
}

func (p *parser) annotationKeys() []string {
	var out []string
	for _, a := range p.rs.Annotations {
		out = append(out, a.ID)
	}
	return out
}

// annotationKey reads a reference to an annotation key of the ruleset.
func (p *parser) annotationKey(n *yaml.Node, path string) (criteria.AnnotationKey, bool) {
	key, ok := p.d.Str(n, path)
	if !ok {
		return criteria.AnnotationKey{}, false
	}
	a, found := p.rs.Annotation(key)
	if !found {
		e := p.d.Errorf(n, path, criteria.CodeRefAnnotation, "%s declares no annotation %q", p.rs.Ref(), key)
		e.Suggest = ydec.Suggest(key, p.annotationKeys())
		return criteria.AnnotationKey{}, false
	}
	return a, true
}

func (p *parser) criterionIDs() []string {
	out := make([]string, len(p.rs.Criteria))
	for i, c := range p.rs.Criteria {
		out[i] = c.ID
	}
	return out
}

func (p *parser) met(n *yaml.Node) {
	d := p.d
	const path = "points › met"
	if n.Kind == yaml.ScalarNode {
		// met: 5 — the same points for every criterion.
		if v, ok := p.pointsAmount(n, path); ok {
			p.s.Points.Met.Default = &v
		}
		return
	}
	before := len(d.Errs)
	_, idx, ok := d.Mapping(n, path, []string{"default", "by", "values", "criteria"})
	if !ok {
		return
	}
	m := &p.s.Points.Met
	if v := idx["default"]; v != nil {
		if a, ok := p.pointsAmount(v, path+" › default"); ok {
			m.Default = &a
		}
	}
	var key criteria.AnnotationKey
	var haveKey, keyErr bool
	if v := idx["by"]; v != nil {
		key, haveKey = p.annotationKey(v, path+" › by")
		keyErr = !haveKey
		if haveKey {
			m.By = key.ID
		}
	}
	if v := idx["values"]; v != nil {
		if idx["by"] == nil {
			d.Errorf(v, path+" › values", criteria.CodeKeyMissing, "values weight criteria by an annotation: name it with by (e.g. by: front)")
		}
		entries, _, ok := d.Mapping(v, path+" › values", nil)
		if ok {
			allowed := p.annotationValues(key)
			for _, e := range entries {
				a, ok := p.pointsAmount(e.Val, path+" › values › "+e.Key)
				if haveKey && !ydec.Contains(allowed, e.Key) {
					er := d.Errorf(e.KNode, path+" › values", criteria.CodeRefAnnotation, "annotation %s has no value %q (expected one of: %s)",
						key.ID, e.Key, strings.Join(allowed, ", "))
					er.Suggest = ydec.Suggest(e.Key, allowed)
					continue
				}
				if ok && !keyErr {
					m.Values = append(m.Values, Weight{ID: e.Key, Points: a})
				}
			}
		}
	}
	if v := idx["criteria"]; v != nil {
		entries, _, ok := d.Mapping(v, path+" › criteria", nil)
		if ok {
			ids := p.criterionIDs()
			for _, e := range entries {
				a, ok := p.pointsAmount(e.Val, path+" › criteria › "+e.Key)
				if !ydec.Contains(ids, e.Key) {
					er := d.Errorf(e.KNode, path+" › criteria", criteria.CodeRefCriterion, "%s has no criterion %q", p.rs.Ref(), e.Key)
					er.Suggest = ydec.Suggest(e.Key, ids)
					continue
				}
				if ok {
					m.Criteria = append(m.Criteria, Weight{ID: e.Key, Points: a})
				}
			}
		}
	}
	if keyErr || len(d.Errs) > before {
		return
	}
	// Every criterion must earn defined points when met.
	var missing []string
	for _, c := range p.rs.Criteria {
		if _, ok := m.pointsFor(c); !ok {
			missing = append(missing, c.ID)
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("criteria %s would earn no points when met: add a default", strings.Join(missing, ", "))
		if m.By != "" {
			msg += fmt.Sprintf(", a value of %s for them, or points per criterion", m.By)
		} else {
			msg += " or points per criterion"
		}
		d.Errorf(n, path, CodePointsMissing, "%s", msg)
	}
}

// pointsFor returns the points criterion c earns when met, and the line rule it is counted in.
func (m *MetPoints) pointsFor(c *criteria.Criterion) (decimal.Decimal, bool) {
	for _, w := range m.Criteria {
		if w.ID == c.ID {
			return w.Points, true
		}
	}
	if m.By != "" {
		if v := c.Annotation(m.By); v != "" {
			for _, w := range m.Values {
				if w.ID == v {
					return w.Points, true
				}
			}
		}
	}
	if m.Default != nil {
		return *m.Default, true
	}
	return decimal.Zero, false
}

var boundKeys = []string{"at_least", "more_than", "at_most", "less_than"}

// interval reads the bounds of a class or band from a mapping's index.
func (p *parser) interval(n *yaml.Node, idx map[string]*yaml.Node, path string, whole bool) (Interval, bool) {
	var iv Interval
	ok := true
	read := func(key string) *Bound {
		v := idx[key]
		if v == nil {
			return nil
		}
		a, good := p.amount(v, path+" › "+key)
		if !good {
			ok = false
			return nil
		}
		if whole && (!a.Equal(a.Truncate(0)) || a.Sign() < 0) {
			p.d.Errorf(v, path+" › "+key, criteria.CodeValue, "a count of criteria is a whole number ≥ 0, found %s", a)
			ok = false
			return nil
		}
		return &Bound{Value: a, Inclusive: key == "at_least" || key == "at_most"}
	}
	lo1, lo2 := read("at_least"), read("more_than")
	hi1, hi2 := read("at_most"), read("less_than")
	if idx["at_least"] != nil && idx["more_than"] != nil {
		p.d.Errorf(idx["more_than"], path, criteria.CodeValue, "give one lower bound: at_least (≥) or more_than (>)")
		ok = false
	}
	if idx["at_most"] != nil && idx["less_than"] != nil {
		p.d.Errorf(idx["less_than"], path, criteria.CodeValue, "give one upper bound: at_most (≤) or less_than (<)")
		ok = false
	}
	if !ok {
		return iv, false
	}
	iv.Lower = lo1
	if lo2 != nil {
		iv.Lower = lo2
	}
	iv.Upper = hi1
	if hi2 != nil {
		iv.Upper = hi2
	}
	if iv.Lower != nil && iv.Upper != nil {
		c := iv.Lower.Value.Cmp(iv.Upper.Value)
		if c > 0 || c == 0 && !(iv.Lower.Inclusive && iv.Upper.Inclusive) {
			p.d.Errorf(n, path, criteria.CodeValue, "the range %s is empty", iv)
			return iv, false
		}
	}
	return iv, true
}

func (p *parser) classes(n *yaml.Node) {
	items, ok := p.d.List(n, "classes")
	if !ok {
		return
	}
	seen := map[string]bool{}
	var nodes []*yaml.Node
	good := true
	for i, it := range items {
		path := fmt.Sprintf("classes › %d", i+1)
		_, idx, ok := p.d.Mapping(it, path, append([]string{"id", "label"}, boundKeys...), "id", "label")
		if !ok {
			good = false
			continue
		}
		var c Class
		c.Pos = p.d.Pos(it)
		if v := idx["id"]; v != nil {
			c.ID, _ = p.itemID(v, path+" › id", seen)
			path = "class " + c.ID
		}
		if v := idx["label"]; v != nil {
			c.Label = p.text(v, path+" › label")
		}
		var ok2 bool
		c.Range, ok2 = p.interval(it, idx, path, false)
		good = good && ok2
		p.s.Classes = append(p.s.Classes, c)
		nodes = append(nodes, it)
	}
	if len(items) == 0 {
		p.d.Errorf(n, "classes", criteria.CodeValue, "declare at least one class, or leave classes out")
		return
	}
	if good {
		order := sortedByLower(rangesOf(p.s.Classes))
		p.checkTiling(order, rangesOf(p.s.Classes), idsOf(p.s.Classes), nodes, "class", CodeClassGap, CodeClassOverlap)
		// Keep the classes from the highest to the lowest.
		sorted := make([]Class, len(order))
		for i, k := range order {
			sorted[len(order)-1-i] = p.s.Classes[k]
		}
		p.s.Classes = sorted
	}
}

func rangesOf[T Class | Band](items []T) []Interval {
	out := make([]Interval, len(items))
	for i, it := range items {
		switch v := any(it).(type) {
		case Class:
			out[i] = v.Range
		case Band:
			out[i] = v.Range
		}
	}
	return out
}

func idsOf[T Class | Band](items []T) []string {
	out := make([]string, len(items))
	for i, it := range items {
		switch v := any(it).(type) {
		case Class:
			out[i] = v.ID
		case Band:
			out[i] = v.ID
		}
	}
	return out
}

// lowerLess orders intervals by their lower end: unbounded first, then by value, an inclusive
// bound before an exclusive one at the same value.
func lowerLess(a, b Interval) bool {
	switch {
	case a.Lower == nil:
		return b.Lower != nil
	case b.Lower == nil:
		return false
	}
	if c := a.Lower.Value.Cmp(b.Lower.Value); c != 0 {
		return c < 0
	}
	return a.Lower.Inclusive && !b.Lower.Inclusive
}

// sortedByLower returns the indexes of the intervals sorted by lower end (stable).
func sortedByLower(ivs []Interval) []int {
	idx := make([]int, len(ivs))
	for i := range idx {
		idx[i] = i
	}
	// insertion sort: a handful of items, and stable.
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && lowerLess(ivs[idx[j]], ivs[idx[j-1]]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	return idx
}

// checkTiling checks that the intervals (classes, over all decimals) cover the whole line once.
func (p *parser) checkTiling(order []int, ivs []Interval, ids []string, nodes []*yaml.Node, what, gap, overlap string) {
	first := ivs[order[0]]
	if first.Lower != nil {
		p.d.Errorf(nodes[order[0]], what+" "+ids[order[0]], gap,
			"totals below %s fall in no %s: the lowest %s must have no lower bound", first.Lower.Value, what, what)
	}
	for k := 1; k < len(order); k++ {
		a, b := ivs[order[k-1]], ivs[order[k]]
		ida, idb := ids[order[k-1]], ids[order[k]]
		at := nodes[order[k]]
		path := what + " " + idb
		if a.Upper == nil {
			p.d.Errorf(at, path, overlap, "%s %s %s and %s %s overlap", what, ida, a, idb, b)
			continue
		}
		if b.Lower == nil {
			p.d.Errorf(at, path, overlap, "%s %s %s and %s %s overlap", what, ida, a, idb, b)
			continue
		}
		c := a.Upper.Value.Cmp(b.Lower.Value)
		switch {
		case c < 0:
			p.d.Errorf(at, path, gap, "totals between %s and %s fall in no %s (%s %s, %s %s)", a.Upper.Value, b.Lower.Value, what, ida, a, idb, b)
		case c > 0:
			p.d.Errorf(at, path, overlap, "%s %s %s and %s %s overlap", what, ida, a, idb, b)
		case a.Upper.Inclusive && b.Lower.Inclusive:
			p.d.Errorf(at, path, overlap, "a total of exactly %s falls in both %s %s %s and %s %s: make one bound exclusive", b.Lower.Value, what, ida, a, idb, b)
		case !a.Upper.Inclusive && !b.Lower.Inclusive:
			p.d.Errorf(at, path, gap, "a total of exactly %s falls in no %s (%s %s, %s %s): make one bound inclusive", b.Lower.Value, what, ida, a, idb, b)
		}
	}
	last := ivs[order[len(order)-1]]
	if last.Upper != nil {
		p.d.Errorf(nodes[order[len(order)-1]], what+" "+ids[order[len(order)-1]], gap,
			"totals above %s fall in no %s: the highest %s must have no upper bound", last.Upper.Value, what, what)
	}
}

// intRange returns the whole numbers an interval holds within [0, max], as lo…hi (lo > hi when none).
func intRange(iv Interval, maxN int) (lo, hi int) {
	lo, hi = 0, maxN
	if iv.Lower != nil {
		v := int(iv.Lower.Value.IntPart())
		if !iv.Lower.Inclusive {
			v++
		}
		lo = max(lo, v)
	}
	if iv.Upper != nil {
		v := int(iv.Upper.Value.IntPart())
		if !iv.Upper.Inclusive {
			v--
		}
		hi = min(hi, v)
	}
	return lo, hi
}

func (p *parser) bands(n *yaml.Node) {
	d := p.d
	_, idx, ok := d.Mapping(n, "bands", []string{"recognised", "by_met"}, "by_met")
	if !ok {
		return
	}
	seen := map[string]bool{}
	b := &p.s.BandRules
	if v := idx["recognised"]; v != nil {
		_, ridx, ok := d.Mapping(v, "bands › recognised", []string{"id", "label"}, "id", "label")
		if ok {
			band := &Band{Pos: d.Pos(v)}
			if w := ridx["id"]; w != nil {
				band.ID, _ = p.itemID(w, "bands › recognised › id", seen)
			}
			if w := ridx["label"]; w != nil {
				band.Label = p.text(w, "bands › recognised › label")
			}
			b.Recognised = band
		}
	}
	v := idx["by_met"]
	if v == nil {
		return
	}
	items, ok := d.List(v, "bands › by_met")
	if !ok {
		return
	}
	if len(items) == 0 {
		d.Errorf(v, "bands › by_met", criteria.CodeValue, "declare at least one band")
		return
	}
	good := true
	var nodes []*yaml.Node
	for i, it := range items {
		path := fmt.Sprintf("bands › by_met › %d", i+1)
		_, bidx, ok := d.Mapping(it, path, append([]string{"id", "label"}, boundKeys...), "id", "label")
		if !ok {
			good = false
			continue
		}
		band := Band{Pos: d.Pos(it)}
		if w := bidx["id"]; w != nil {
			band.ID, _ = p.itemID(w, path+" › id", seen)
			path = "band " + band.ID
		}
		if w := bidx["label"]; w != nil {
			band.Label = p.text(w, path+" › label")
		}
		var ok2 bool
		band.Range, ok2 = p.interval(it, bidx, path, true)
		good = good && ok2
		b.ByMet = append(b.ByMet, band)
		nodes = append(nodes, it)
	}
	if !good {
		return
	}
	// The bands must cover every count from 0 to the number of criteria exactly once.
	total := len(p.rs.Criteria)
	ivs := rangesOf(b.ByMet)
	order := sortedByLower(ivs)
	next := 0
	for k, i := range order {
		lo, hi := intRange(ivs[i], total)
		path := "band " + b.ByMet[i].ID
		if lo > hi {
			d.Errorf(nodes[i], path, CodeBandGap, "band %s %s holds no count from 0 to %d (the ruleset has %d criteria)", b.ByMet[i].ID, ivs[i], total, total)
			continue
		}
		switch {
		case lo > next:
			d.Errorf(nodes[i], path, CodeBandGap, "units meeting %s criteria fall in no band", countSpan(next, lo-1))
		case lo < next:
			d.Errorf(nodes[i], path, CodeBandOverlap, "units meeting %s criteria fall in band %s and in band %s",
				countSpan(lo, min(hi, next-1)), b.ByMet[order[k-1]].ID, b.ByMet[i].ID)
		}
		next = max(next, hi+1)
	}
	if next <= total {
		last := order[len(order)-1]
		d.Errorf(nodes[last], "band "+b.ByMet[last].ID, CodeBandGap, "units meeting %s criteria fall in no band", countSpan(next, total))
	}
	sorted := make([]Band, len(order))
	for i, k := range order {
		sorted[len(order)-1-i] = b.ByMet[k]
	}
	b.ByMet = sorted
}

func countSpan(a, b int) string {
	if a == b {
		return strconv.Itoa(a)
	}
	return fmt.Sprintf("%d to %d", a, b)
}

var rankingKeys = []string{"subject", "scope", "order", "ties", "total"}

func (p *parser) rankings(n *yaml.Node) {
	d := p.d
	items, ok := d.List(n, "rankings")
	if !ok {
		return
	}
	if len(items) == 0 {
		d.Errorf(n, "rankings", criteria.CodeValue, "declare at least one ranking")
		return
	}
	subjects := []string{string(Communes), string(CommuneFronts), string(Districts), string(DistrictFronts)}
	for i, it := range items {
		path := fmt.Sprintf("rankings › %d", i+1)
		_, idx, ok := d.Mapping(it, path, rankingKeys, "subject", "order", "ties")
		if !ok {
			continue
		}
		r := RankingRule{Pos: d.Pos(it), Scope: ScopeProvince, Total: TotalAverage}
		if v := idx["subject"]; v != nil {
			s, ok := p.enum(v, path+" › subject", subjects...)
			if !ok {
				continue
			}
			r.Subject = Subject(s)
			path = "ranking " + s
			for _, o := range p.s.RankingRules {
				if o.Subject == r.Subject {
					d.Errorf(v, path, criteria.CodeIDDuplicate, "subject %s is ranked twice", s)
				}
			}
		}
		if v := idx["scope"]; v != nil {
			if s, ok := p.enum(v, path+" › scope", string(ScopeProvince), string(ScopeDistrict)); ok {
				r.Scope = Scope(s)
				if r.Subject.IsDistrict() && r.Scope == ScopeDistrict {
					d.Errorf(v, path+" › scope", criteria.CodeValue, "districts are ranked across the province; leave scope out or write province")
				}
			}
		} else if !r.Subject.IsDistrict() {
			d.Errorf(it, path, criteria.CodeKeyMissing, "missing required key %q (province or district)", "scope")
		}
		if v := idx["total"]; v != nil {
			if !r.Subject.IsDistrict() {
				d.Errorf(v, path+" › total", criteria.CodeValue, "total applies to district subjects only")
			} else if s, ok := p.enum(v, path+" › total", string(TotalAverage), string(TotalSum)); ok {
				r.Total = DistrictTotal(s)
			}
		}
		if v := idx["ties"]; v != nil {
			if s, ok := p.enum(v, path+" › ties", string(TiesShared), string(TiesDense)); ok {
				r.Ties = TiePolicy(s)
			}
		}
		if v := idx["order"]; v != nil {
			r.Order = p.order(v, path+" › order", r.Subject)
		}
		p.s.RankingRules = append(p.s.RankingRules, r)
	}
}

func (p *parser) order(n *yaml.Node, path string, subj Subject) []RankKey {
	d := p.d
	items, ok := d.List(n, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Errorf(n, path, criteria.CodeValue, "give at least one ranking key")
		return nil
	}
	defs := communeKeys
	if subj.IsDistrict() {
		defs = districtKeys
	}
	names := make([]string, len(defs))
	for i, k := range defs {
		names[i] = k.name
	}
	var out []RankKey
	for i, it := range items {
		ipath := fmt.Sprintf("%s › %d", path, i+1)
		var keyNode, orderNode *yaml.Node
		if it.Kind == yaml.ScalarNode {
			keyNode = it
		} else {
			_, idx, ok := d.Mapping(it, ipath, []string{"key", "order"}, "key")
			if !ok {
				continue
			}
			keyNode, orderNode = idx["key"], idx["order"]
		}
		if keyNode == nil {
			continue
		}
		key, ok := d.Str(keyNode, ipath)
		if !ok {
			continue
		}
		def := -1
		for j, k := range defs {
			if k.name == key {
				def = j
			}
		}
		if def < 0 {
			e := d.Errorf(keyNode, ipath, criteria.CodeValue, "unknown ranking key %q for %s (expected one of: %s)", key, subj, strings.Join(names, ", "))
			e.Suggest = ydec.Suggest(key, names)
			continue
		}
		rk := RankKey{Key: key, Desc: defs[def].desc}
		if orderNode != nil {
			if o, ok := p.enum(orderNode, ipath+" › order", "desc", "asc"); ok {
				rk.Desc = o == "desc"
			}
		}
		for _, o := range out {
			if o.Key == key {
				d.Errorf(keyNode, ipath, criteria.CodeValue, "key %q is listed twice", key)
			}
		}
		out = append(out, rk)
	}
	return out
}

var goalKeys = []string{"id", "label", "kind", "at_least", "by", "district", "source"}

func (p *parser) goals(n *yaml.Node) {
	d := p.d
	items, ok := d.List(n, "goals")
	if !ok {
		return
	}
	seen := map[string]bool{}
	kinds := []string{string(GoalShareRecognised), string(GoalRecognised), string(GoalAverageMet), string(GoalNoneBelow), string(GoalDistrictStandard)}
	total := decimal.NewFromInt(int64(len(p.rs.Criteria)))
	for i, it := range items {
		path := fmt.Sprintf("goals › %d", i+1)
		_, idx, ok := d.Mapping(it, path, goalKeys, "id", "label", "kind", "by")
		if !ok {
			continue
		}
		g := Goal{Pos: d.Pos(it)}
		if v := idx["id"]; v != nil {
			g.ID, _ = p.itemID(v, path+" › id", seen)
			path = "goal " + g.ID
		}
		if v := idx["label"]; v != nil {
			g.Label = p.text(v, path+" › label")
		}
		if v := idx["by"]; v != nil {
			if y, ok := p.year(v, path+" › by"); ok {
				g.By = y
				if p.s.Periods.From > 0 && y < p.s.Periods.From {
					d.Errorf(v, path+" › by", criteria.CodeValue, "%d is before the scheme's first year %d", y, p.s.Periods.From)
				}
			}
		}
		if v := idx["source"]; v != nil {
			g.Source, _ = d.Str(v, path+" › source")
		}
		v := idx["kind"]
		if v == nil {
			continue
		}
		k, ok := p.enum(v, path+" › kind", kinds...)
		if !ok {
			continue
		}
		g.Kind = GoalKind(k)
		if g.Kind == GoalDistrictStandard {
			if w := idx["at_least"]; w != nil {
				d.Errorf(w, path+" › at_least", criteria.CodeValue, "a district_standard goal has no threshold: every commune of the district recognised")
			}
			if w := idx["district"]; w != nil {
				g.Districts, _ = d.StrList(w, path+" › district")
			} else {
				d.Errorf(it, path, criteria.CodeKeyMissing, "missing required key %q (the district's name or code as the results write it)", "district")
			}
		} else {
			if w := idx["district"]; w != nil {
				d.Errorf(w, path+" › district", criteria.CodeValue, "district applies to district_standard goals only")
			}
			w := idx["at_least"]
			if w == nil {
				d.Errorf(it, path, criteria.CodeKeyMissing, "missing required key %q", "at_least")
			} else if a, ok := p.amount(w, path+" › at_least"); ok {
				g.AtLeast = a
				switch {
				case a.Sign() < 0:
					d.Errorf(w, path+" › at_least", criteria.CodeValue, "the threshold must be 0 or more")
				case g.Kind == GoalShareRecognised && a.GreaterThan(decimal.NewFromInt(100)):
					d.Errorf(w, path+" › at_least", criteria.CodeValue, "a share is a percentage from 0 to 100, found %s", a)
				case (g.Kind == GoalRecognised || g.Kind == GoalNoneBelow) && !a.Equal(a.Truncate(0)):
					d.Errorf(w, path+" › at_least", criteria.CodeValue, "expected a whole number, found %s", a)
				case (g.Kind == GoalAverageMet || g.Kind == GoalNoneBelow) && a.GreaterThan(total):
					d.Errorf(w, path+" › at_least", criteria.CodeValue, "%s criteria: the ruleset has only %s", a, total)
				}
			}
		}
		p.s.GoalRules = append(p.s.GoalRules, g)
	}
}

func (p *parser) front(n *yaml.Node) {
	d := p.d
	const path = "front_report"
	_, idx, ok := d.Mapping(n, path, []string{"content", "groups", "responsibility"})
	if !ok {
		return
	}
	f := &FrontRule{}
	if idx["content"] == nil && idx["responsibility"] == nil {
		d.Errorf(n, path, criteria.CodeKeyMissing, "name the content-group annotation (content), the responsibility annotation (responsibility), or both")
	}
	if v := idx["content"]; v != nil {
		if k, ok := p.annotationKey(v, path+" › content"); ok {
			f.Content = k.ID
		}
	}
	if v := idx["responsibility"]; v != nil {
		if k, ok := p.annotationKey(v, path+" › responsibility"); ok {
			f.Responsibility = k.ID
		}
	}
	groupIDs := make([]string, len(p.rs.Groups))
	for i, g := range p.rs.Groups {
		groupIDs[i] = g.ID
	}
	if v := idx["groups"]; v != nil {
		if idx["content"] == nil {
			d.Errorf(v, path+" › groups", criteria.CodeKeyMissing, "groups are read from a content annotation: name it with content")
		}
		ids, nodes := d.StrList(v, path+" › groups")
		for i, id := range ids {
			if !ydec.Contains(groupIDs, id) {
				e := d.Errorf(nodes[i], path+" › groups", criteria.CodeRefGroup, "%s has no group %q", p.rs.Ref(), id)
				e.Suggest = ydec.Suggest(id, groupIDs)
				continue
			}
			if ydec.Contains(f.Groups, id) {
				d.Errorf(nodes[i], path+" › groups", criteria.CodeValue, "group %q is listed twice", id)
				continue
			}
			f.Groups = append(f.Groups, id)
		}
	} else if f.Content != "" {
		// Every group some criterion is annotated with, in the ruleset's group order.
		for _, g := range p.rs.Groups {
			for _, c := range p.rs.Criteria {
				if c.Annotation(f.Content) == g.ID {
					f.Groups = append(f.Groups, g.ID)
					break
				}
			}
		}
	}
	p.s.FrontRules = f
}

var candidateKeys = []string{"id", "label", "subject", "among", "scope", "top", "share", "of", "round", "minimum", "min_class", "source"}

func (p *parser) candidates(n *yaml.Node) {
	d := p.d
	items, ok := d.List(n, "candidates")
	if !ok {
		return
	}
	seen := map[string]bool{}
	for i, it := range items {
		path := fmt.Sprintf("candidates › %d", i+1)
		_, idx, ok := d.Mapping(it, path, candidateKeys, "id", "label", "subject", "among")
		if !ok {
			continue
		}
		c := CandidateRule{Pos: d.Pos(it), Of: "pool"}
		if v := idx["id"]; v != nil {
			c.ID, _ = p.itemID(v, path+" › id", seen)
			path = "candidates " + c.ID
		}
		if v := idx["label"]; v != nil {
			c.Label = p.text(v, path+" › label")
		}
		if v := idx["source"]; v != nil {
			c.Source, _ = d.Str(v, path+" › source")
		}
		var rule *RankingRule
		if v := idx["subject"]; v != nil {
			if s, ok := d.Str(v, path+" › subject"); ok {
				var ranked []string
				for k := range p.s.RankingRules {
					ranked = append(ranked, string(p.s.RankingRules[k].Subject))
					if string(p.s.RankingRules[k].Subject) == s {
						rule = &p.s.RankingRules[k]
					}
				}
				if rule == nil {
					e := d.Errorf(v, path+" › subject", CodeRefSubject, "no ranking ranks %q (ranked: %s)", s, strings.Join(ranked, ", "))
					e.Suggest = ydec.Suggest(s, ranked)
				}
				c.Subject = Subject(s)
			}
		}
		if rule != nil {
			c.Scope = rule.Scope
		}
		if v := idx["among"]; v != nil && rule != nil {
			pools := []string{string(PoolAll), string(PoolRecognised), string(PoolRecognisedInPeriod), string(PoolNewlyRecognised), string(PoolAllMet)}
			if rule.Subject.IsDistrict() {
				pools = []string{string(PoolAll), string(PoolStandard)}
			}
			if s, ok := p.enum(v, path+" › among", pools...); ok {
				c.Among = Pool(s)
			}
		}
		if v := idx["scope"]; v != nil {
			if s, ok := p.enum(v, path+" › scope", string(ScopeProvince), string(ScopeDistrict)); ok {
				c.Scope = Scope(s)
				if c.Subject.IsDistrict() && c.Scope == ScopeDistrict {
					d.Errorf(v, path+" › scope", criteria.CodeValue, "districts are drawn across the province; leave scope out or write province")
				}
			}
		}
		if idx["top"] != nil && idx["share"] != nil {
			d.Errorf(idx["share"], path, criteria.CodeValue, "give top (the first N) or share (a percentage of the pool), not both")
		}
		if v := idx["top"]; v != nil {
			if t, ok := p.count(v, path+" › top"); ok {
				if t == 0 {
					d.Errorf(v, path+" › top", criteria.CodeValue, "top must be 1 or more")
				}
				c.Top = t
			}
		}
		if v := idx["share"]; v != nil {
			if a, ok := p.amount(v, path+" › share"); ok {
				if a.Sign() <= 0 || a.GreaterThan(decimal.NewFromInt(100)) {
					d.Errorf(v, path+" › share", criteria.CodeValue, "a share is a percentage above 0 and at most 100, found %s", a)
				}
				c.Share = &a
			}
			if idx["round"] == nil {
				d.Errorf(it, path, criteria.CodeKeyMissing, "missing required key %q: say how a share becomes a whole number (down, up or nearest)", "round")
			}
		} else {
			for _, k := range []string{"round", "of"} {
				if v := idx[k]; v != nil {
					d.Errorf(v, path+" › "+k, criteria.CodeValue, "%s applies to share rules only", k)
				}
			}
		}
		if v := idx["round"]; v != nil {
			if s, ok := p.enum(v, path+" › round", string(RoundDown), string(RoundUp), string(RoundNearest)); ok {
				c.Round = Rounding(s)
			}
		}
		if v := idx["of"]; v != nil {
			if s, ok := p.enum(v, path+" › of", "pool", "all"); ok {
				c.Of = s
			}
		}
		if v := idx["minimum"]; v != nil {
			c.Minimum, _ = p.count(v, path+" › minimum")
		}
		if v := idx["min_class"]; v != nil {
			if s, ok := d.Str(v, path+" › min_class"); ok {
				ids := make([]string, len(p.s.Classes))
				for k, cl := range p.s.Classes {
					ids[k] = cl.ID
				}
				if !ydec.Contains(ids, s) {
					e := d.Errorf(v, path+" › min_class", CodeRefClass, "no class %q (classes: %s)", s, strings.Join(ids, ", "))
					e.Suggest = ydec.Suggest(s, ids)
				}
				c.MinClass = s
			}
		}
		p.s.CandidateRules = append(p.s.CandidateRules, c)
	}
}

// index prepares the per-criterion tables used when scoring.
func (s *Scheme) index() {
	rs := s.rs
	s.crit = make(map[string]int, len(rs.Criteria))
	s.ids = make([]string, len(rs.Criteria))
	s.each = make([]decimal.Decimal, len(rs.Criteria))
	s.group = make([]int, len(rs.Criteria))
	m := &s.Points.Met
	lineIdx := map[string]int{}
	add := func(rule string, label criteria.Text, each decimal.Decimal) int {
		if i, ok := lineIdx[rule]; ok {
			return i
		}
		lineIdx[rule] = len(s.lines)
		s.lines = append(s.lines, lineRule{rule: rule, label: label, each: each})
		return len(s.lines) - 1
	}
	// Fix the line order first: annotation values in the ruleset's order, the default, then
	// the criteria with their own points in ruleset order.
	if m.By != "" {
		key, _ := rs.Annotation(m.By)
		for _, w := range annotationOrder(rs, key, m.Values) {
			vl := valueLabel(rs, key, w.ID)
			add("met:"+m.By+"="+w.ID, criteria.Text{
				VI: "Tiêu chí đạt (" + key.Label.In("vi") + ": " + vl.In("vi") + ")",
				EN: "Criteria met (" + key.Label.In("en") + ": " + vl.In("en") + ")",
			}, w.Points)
		}
	}
	if m.Default != nil {
		add("met", criteria.Text{VI: "Tiêu chí đạt", EN: "Criteria met"}, *m.Default)
	}
	for i, c := range rs.Criteria {
		s.crit[c.ID] = i
		s.ids[i] = c.ID
		pts, _ := m.pointsFor(c)
		s.each[i] = pts
		rule := "met"
		if hasWeight(m.Criteria, c.ID) {
			rule = "met:criterion=" + c.ID
			s.group[i] = add(rule, criteria.Text{
				VI: "Tiêu chí " + c.ID + " đạt (" + c.Name.In("vi") + ")",
				EN: "Criterion " + c.ID + " met (" + c.Name.In("en") + ")",
			}, pts)
			continue
		}
		if m.By != "" {
			if v := c.Annotation(m.By); v != "" && hasWeight(m.Values, v) {
				rule = "met:" + m.By + "=" + v
			}
		}
		s.group[i] = lineIdx[rule]
	}
}

func hasWeight(ws []Weight, id string) bool {
	for _, w := range ws {
		if w.ID == id {
			return true
		}
	}
	return false
}

// annotationOrder returns the weights in the order the ruleset declares the values.
func annotationOrder(rs *criteria.Ruleset, key criteria.AnnotationKey, ws []Weight) []Weight {
	var order []string
	for _, v := range key.Values {
		order = append(order, v.ID)
	}
	if key.ValuesFromGroups {
		for _, g := range rs.Groups {
			order = append(order, g.ID)
		}
	}
	var out []Weight
	for _, id := range order {
		for _, w := range ws {
			if w.ID == id {
				out = append(out, w)
			}
		}
	}
	return out
}

// valueLabel returns the label of an annotation value (a group's title for group values).
func valueLabel(rs *criteria.Ruleset, key criteria.AnnotationKey, id string) criteria.Text {
	for _, v := range key.Values {
		if v.ID == id {
			return v.Label
		}
	}
	if g, ok := rs.Group(id); ok && key.ValuesFromGroups {
		return criteria.Text{VI: id + " " + g.Title.In("vi"), EN: id + " " + g.Title.In("en")}
	}
	return criteria.Text{VI: id, EN: id}
}
