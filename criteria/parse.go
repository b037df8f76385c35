package criteria

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

var (
	idRE      = regexp.MustCompile(`^[a-z0-9][a-z0-9.\-]*$`)
	fieldIDRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	itemIDRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._\-]*$`)
	dateRE    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// text reads a bilingual label.
func text(d *dec, n *yaml.Node, path string) Text {
	def := d.lang
	if def == "" {
		def = "vi"
	}
	var t Text
	d.Texts(n, path, def, t.set)
	return t
}

// number reads an exact decimal from a scalar's literal text (never via a float).
func number(d *dec, n *yaml.Node, path string) (Number, bool) {
	lit, ok := d.NumberLit(n, path)
	if !ok {
		return Number{}, false
	}
	v, err := ParseNumber(lit)
	if err != nil {
		d.Errorf(n, path, CodeValue, "%q: %v (write plain decimals such as 21.8)", lit, err)
		return Number{}, false
	}
	return v, true
}

// scalarValue reads a target value: a number, a boolean or a text, by its YAML tag.
func scalarValue(d *dec, n *yaml.Node, path string) (Value, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.Errorf(n, path, CodeType, "expected a target value (a number, true/false or a text), found %s", ydec.KindName(n))
		return Value{}, false
	}
	switch n.Tag {
	case "!!bool":
		return BoolValue(n.Value == "true"), true
	case "!!int", "!!float":
		v, ok := number(d, n, path)
		return NumberValue(v), ok
	}
	return TextValue(n.Value), true
}

// confInvalid marks a confidence that was written but not understood (already reported).
const confInvalid Confidence = 255

// FormatRules is the format version of rule files this package reads.
const FormatRules = "ntm.rules/v1"

// fileDoc is one rule file as written, before its extends chain is resolved.
type fileDoc struct {
	name         string
	data         []byte
	root         *yaml.Node
	id, version  string
	level        string
	language     string // the language of its plain labels, when it says
	languageNode *yaml.Node
	levels       []LevelInfo // the levels it declares
	levelNodes   []*yaml.Node
	levelsNode   *yaml.Node
	words        map[string]Text // its words: section
	recognition  string
	title, descr Text
	legal        []Document
	effective    Effective
	illustrative bool
	extends      string
	extendsNode  *yaml.Node
	effNode      *yaml.Node
	redate       bool // the layer moves its base's effective dates on purpose
	redateNode   *yaml.Node

	regions       []Region
	regionNodes   []*yaml.Node
	regionsOnly   []string
	regionsOnlyNs []*yaml.Node
	fields        []*Field
	groups        []Group
	annotations   []AnnotationKey
	annotNodes    []*yaml.Node
	annotate      []annotateEntry
	criteria      []*Criterion
	addIndicators []addIndicators
	conditions    []*Indicator
	overrides     []override
	scores        []*Score
	indices       []*Index
	columns       []ColumnRule
	hasColumns    bool
}

type annotateEntry struct {
	criterion string
	node      *yaml.Node
	values    []ydec.Entry
}

type addIndicators struct {
	criterion string
	node      *yaml.Node
	inds      []*Indicator
}

type override struct {
	indicator, check, condition string
	reason                      string
	disable                     string
	target                      *Target
	node                        *yaml.Node

	remove      string     // the item is removed: it no longer exists, so counts for nothing
	measure     string     // the check's measure is replaced
	mpos        Pos        // its position
	name        *Text      // the item is renamed
	dropTargets bool       // every inherited target cell of the check(s) becomes missing
	opNode      *yaml.Node // the node of the operation, for positions
}

var topKeys = []string{"format", "id", "version", "language", "level", "levels", "recognition", "title", "description", "legal", "effective",
	"illustrative", "extends", "redate", "regions", "regions_only", "fields", "groups", "annotations", "annotate", "criteria",
	"add_indicators", "conditions", "override", "scores", "indices", "columns", "words"}

// parseFile parses one rule file. It reports problems into d and returns what it could read.
func parseFile(d *dec, name string, data []byte) *fileDoc {
	f := &fileDoc{name: name, data: data}
	d.lang = ""
	root := d.ParseYAML(data)
	if root == nil {
		return f
	}
	f.root = root
	entries, idx, ok := d.Mapping(root, "", topKeys, "format", "id", "version")
	if !ok {
		return f
	}
	if n := idx["format"]; n != nil {
		if s, ok := d.Str(n, "format"); ok && s != FormatRules {
			d.Errorf(n, "format", CodeFormat, "unsupported format %q (expected %q)", s, FormatRules)
		}
	}
	if n := idx["id"]; n != nil {
		if s, ok := d.Str(n, "id"); ok {
			if !idRE.MatchString(s) {
				d.Errorf(n, "id", CodeIDInvalid, "ruleset id %q must be lowercase letters, digits, '.' and '-'", s)
			}
			f.id = s
		}
	}
	if n := idx["version"]; n != nil {
		if s, ok := d.Str(n, "version"); ok {
			if strings.Contains(s, "@") {
				d.Errorf(n, "version", CodeIDInvalid, "version %q must not contain '@'", s)
			}
			f.version = s
		}
	}
	if n := idx["language"]; n != nil {
		if s, ok := d.Str(n, "language"); ok {
			if msg := ydec.LangProblem(s); msg != "" {
				d.Errorf(n, "language", CodeValue, "%s", msg)
			} else {
				f.language, d.lang, f.languageNode = s, s, n
			}
		}
	}
	_, base := idx["extends"]
	if !base {
		for _, k := range []string{"level", "title", "legal", "effective", "regions"} {
			if idx[k] == nil {
				d.Errorf(root, "", CodeKeyMissing, "missing required key %q (a file that does not extend another must declare it)", k)
			}
		}
		for _, k := range []string{"regions_only", "annotate", "add_indicators", "override"} {
			if n := idx[k]; n != nil {
				d.Errorf(n, k, CodeKeyUnknown, "%q is only allowed in a file that extends another", k)
			}
		}
	}
	for _, e := range entries {
		switch e.Key {
		case "level":
			if s, ok := d.Str(e.Val, "level"); ok {
				f.level = s
			}
		case "levels":
			f.parseLevels(d, e.Val)
		case "words":
			f.parseWords(d, e.Val)
		case "recognition":
			f.recognition, _ = d.Str(e.Val, "recognition")
		case "title":
			f.title = text(d, e.Val, "title")
		case "description":
			f.descr = text(d, e.Val, "description")
		case "legal":
			f.legal = legal(d, e.Val)
		case "effective":
			f.effective, f.effNode = effective(d, e.Val), e.Val
		case "illustrative":
			f.illustrative, _ = d.Bool(e.Val, "illustrative")
		case "redate":
			f.redate, _ = d.Bool(e.Val, "redate")
			f.redateNode = e.Val
		case "extends":
			f.extends, _ = d.Str(e.Val, "extends")
			f.extendsNode = e.Val
		case "regions":
			f.parseRegions(d, e.Val)
		case "regions_only":
			f.regionsOnly, f.regionsOnlyNs = d.StrList(e.Val, "regions_only")
		case "fields":
			f.parseFields(d, e.Val)
		case "groups":
			f.parseGroups(d, e.Val)
		case "annotations":
			f.parseAnnotations(d, e.Val)
		case "annotate":
			f.parseAnnotate(d, e.Val)
		case "criteria":
			f.parseCriteria(d, e.Val)
		case "add_indicators":
			f.parseAddIndicators(d, e.Val)
		case "conditions":
			f.conditions = f.parseIndicators(d, e.Val, "", true)
		case "override":
			f.parseOverrides(d, e.Val)
		case "scores":
			f.parseScores(d, e.Val)
		case "indices":
			f.parseIndices(d, e.Val)
		case "columns":
			f.parseColumns(d, e.Val)
		}
	}
	return f
}

func legal(d *dec, n *yaml.Node) []Document {
	items, ok := d.List(n, "legal")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Errorf(n, "legal", CodeValue, "at least one legal document is required")
	}
	var out []Document
	for i, it := range items {
		path := fmt.Sprintf("legal › %d", i+1)
		_, idx, ok := d.Mapping(it, path, []string{"id", "title", "date", "url"}, "id", "title")
		if !ok {
			continue
		}
		doc := Document{}
		if v := idx["id"]; v != nil {
			doc.ID, _ = d.Str(v, path+" › id")
		}
		if v := idx["title"]; v != nil {
			doc.Title = text(d, v, path+" › title")
		}
		if v := idx["date"]; v != nil {
			if s, ok := d.Str(v, path+" › date"); ok {
				if !dateRE.MatchString(s) {
					d.Errorf(v, path+" › date", CodeValue, "date %q must be written YYYY-MM-DD", s)
				}
				doc.Date = s
			}
		}
		doc.URL = d.OptStr(idx["url"], path+" › url")
		out = append(out, doc)
	}
	return out
}

func effective(d *dec, n *yaml.Node) Effective {
	_, idx, ok := d.Mapping(n, "effective", []string{"from", "until"}, "from")
	if !ok {
		return Effective{}
	}
	var e Effective
	for _, k := range []string{"from", "until"} {
		v := idx[k]
		if v == nil {
			continue
		}
		s, ok := d.Str(v, "effective › "+k)
		if !ok {
			continue
		}
		if !dateRE.MatchString(s) {
			d.Errorf(v, "effective › "+k, CodeValue, "date %q must be written YYYY-MM-DD", s)
			continue
		}
		if _, err := time.Parse("2006-01-02", s); err != nil {
			d.Errorf(v, "effective › "+k, CodeValue, "%s is not a date of the calendar", s)
			continue
		}
		if k == "from" {
			e.From = s
		} else {
			e.Until = s
		}
	}
	if e.From != "" && e.Until != "" && e.Until < e.From {
		d.Errorf(idx["until"], "effective › until", CodeValue, "until %s is before from %s", e.Until, e.From)
	}
	return e
}

func (f *fileDoc) parseRegions(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "regions")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("regions › %d", i+1)
		_, idx, ok := d.Mapping(it, path, []string{"id", "name"}, "id", "name")
		if !ok {
			continue
		}
		r := Region{}
		if v := idx["id"]; v != nil {
			if s, ok := d.Str(v, path+" › id"); ok {
				if !fieldIDRE.MatchString(s) || s == "national" || s == "all" {
					d.Errorf(v, path+" › id", CodeIDInvalid, "region id %q must be lowercase ASCII letters, digits and '_' (and not national or all)", s)
				}
				r.ID = s
				path = "region " + s
			}
		}
		if v := idx["name"]; v != nil {
			r.Name = text(d, v, path+" › name")
		}
		f.regions = append(f.regions, r)
		f.regionNodes = append(f.regionNodes, idx["id"])
	}
}

var fieldKeys = []string{"id", "type", "unit", "label", "range", "at_most", "from", "values"}

func (f *fileDoc) parseFields(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "fields")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("fields › %d", i+1)
		_, idx, ok := d.Mapping(it, path, fieldKeys, "id", "type", "label")
		if !ok {
			continue
		}
		fl := &Field{Pos: d.Pos(it)}
		if v := idx["id"]; v != nil {
			if s, ok := d.Str(v, path+" › id"); ok {
				if !fieldIDRE.MatchString(s) {
					d.Errorf(v, path+" › id", CodeIDInvalid, "field id %q must be lowercase ASCII letters, digits and '_', starting with a letter", s)
				}
				fl.ID = s
				path = "field " + s
				fl.Pos = d.Pos(v)
			}
		}
		if v := idx["type"]; v != nil {
			if s, ok := d.Str(v, path+" › type"); ok {
				t, ok := parseFieldType(s)
				if !ok {
					e := d.Errorf(v, path+" › type", CodeValue, "unknown type %q (expected number, count, percent, boolean or text)", s)
					e.Near(s, fieldTypeNames[1:])
				}
				fl.Type = t
			}
		}
		fl.Unit = d.OptStr(idx["unit"], path+" › unit")
		if fl.Type.Numeric() && fl.Unit == "" && idx["unit"] == nil {
			d.Errorf(it, path, CodeKeyMissing, "a %s field needs a unit of measure (unit: …)", fl.Type)
		}
		if v := idx["label"]; v != nil {
			fl.Label = text(d, v, path+" › label")
		}
		if v := idx["range"]; v != nil {
			_, ridx, ok := d.Mapping(v, path+" › range", []string{"min", "max"})
			if ok {
				if m := ridx["min"]; m != nil {
					if x, ok := number(d, m, path+" › range › min"); ok {
						fl.Range.Min = &x
					}
				}
				if m := ridx["max"]; m != nil {
					if x, ok := number(d, m, path+" › range › max"); ok {
						fl.Range.Max = &x
					}
				}
				if fl.Range.Min != nil && fl.Range.Max != nil && fl.Range.Min.Cmp(*fl.Range.Max) > 0 {
					d.Errorf(v, path+" › range", CodeValue, "min %s is greater than max %s", fl.Range.Min, fl.Range.Max)
				}
				if !fl.Type.Numeric() && fl.Type != 0 {
					d.Errorf(v, path+" › range", CodeValue, "a %s field cannot have a range", fl.Type)
				}
				if fl.Type == TypePercent && (fl.Range.Min != nil && fl.Range.Min.Sign() < 0 || fl.Range.Max != nil && fl.Range.Max.Cmp(IntNumber(100)) > 0) {
					d.Errorf(v, path+" › range", CodeValue, "a percentage lies from 0 to 100; a range of %s cannot widen it", fl.Range)
				}
				if fl.Type == TypeCount && fl.Range.Min != nil && fl.Range.Min.Sign() < 0 {
					d.Errorf(v, path+" › range", CodeValue, "a count is never below 0; min %s cannot widen it", fl.Range.Min)
				}
			}
		}
		if v := idx["from"]; v != nil {
			fl.From = derivation(d, v, path+" › from")
		}
		if v := idx["values"]; v != nil {
			fl.Values = fieldValues(d, v, path+" › values")
			if fl.Type != TypeText && fl.Type != 0 {
				d.Errorf(v, path+" › values", CodeValue, "only a text field lists its values; a %s field cannot", fl.Type)
			}
		}
		if v := idx["at_most"]; v != nil {
			fl.AtMost, _ = d.Str(v, path+" › at_most")
			fl.atPos = d.Pos(v)
		}
		f.fields = append(f.fields, fl)
	}
}

// fieldValues reads the values an enumerated text field takes: [{id, label}], ids unique.
func fieldValues(d *dec, n *yaml.Node, path string) []FieldValue {
	items, ok := d.List(n, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Errorf(n, path, CodeValue, "an enumerated field lists at least one value")
		return nil
	}
	var out []FieldValue
	seen := map[string]bool{}
	names := map[string]string{} // an id or a label, folded as data is read → the value it names
	for i, it := range items {
		p := fmt.Sprintf("%s › %d", path, i+1)
		_, idx, ok := d.Mapping(it, p, []string{"id", "label"}, "id", "label")
		if !ok {
			continue
		}
		var fv FieldValue
		if s, ok := d.Str(idx["id"], p+" › id"); ok {
			if !fieldIDRE.MatchString(s) {
				d.Errorf(idx["id"], p+" › id", CodeIDInvalid, "value id %q must be lowercase ASCII letters, digits and '_', starting with a letter", s)
			}
			if seen[s] {
				d.Errorf(idx["id"], p+" › id", CodeIDDuplicate, "value %q is listed twice", s)
			}
			seen[s] = true
			fv.ID = s
		}
		fv.Label = text(d, idx["label"], p+" › label")
		// Data names a value by its id or either label, in any case: two values one name could
		// mean would leave one of them unreachable.
		for _, name := range []string{fv.ID, strings.ToLower(norm.NFC.String(fv.Label.VI)), strings.ToLower(fv.Label.EN)} {
			if other, dup := names[name]; name != "" && dup && other != fv.ID {
				d.Errorf(it, p, CodeIDDuplicate, "%q names both value %s and value %s (an id or a label, in any case): data could not tell them apart", name, other, fv.ID)
			}
			if name != "" {
				names[name] = fv.ID
			}
		}
		out = append(out, fv)
	}
	return out
}

func derivation(d *dec, n *yaml.Node, path string) *Derivation {
	_, idx, ok := d.Mapping(n, path, []string{"members", "history", "field", "expr", "under"})
	if !ok {
		return nil
	}
	der := &Derivation{}
	switch {
	case idx["expr"] != nil:
		if idx["members"] != nil || idx["history"] != nil || idx["field"] != nil {
			d.Errorf(n, path, CodeValue, "a computed value is an expression alone, not also from members or history")
		}
		der.Expr, _ = d.Str(idx["expr"], path+" › expr")
		der.exprPos = d.Pos(idx["expr"])
	case idx["members"] != nil:
		if idx["history"] != nil || idx["field"] != nil {
			d.Errorf(n, path, CodeValue, "a derived field is either from members or from history, not both")
		}
		s, ok := d.Str(idx["members"], path+" › members")
		if ok {
			kind, arg, _ := strings.Cut(s, ":")
			switch {
			case ydec.Contains([]string{"all", "all_met", "eligible", "recognised", "slipped"}, s):
			case (kind == "level" || kind == "criterion") && arg != "":
			default:
				e := d.Errorf(idx["members"], path+" › members", CodeValue, "unknown member count %q (expected all, all_met, eligible, recognised, slipped, level:<level> or criterion:<id>)", s)
				e.Near(s, []string{"all", "all_met", "eligible", "recognised", "slipped"})
			}
			der.Members = s
		}
	case idx["history"] != nil:
		der.History, _ = d.Str(idx["history"], path+" › history")
		if idx["field"] != nil {
			der.Field, _ = d.Str(idx["field"], path+" › field")
		}
		if v := idx["under"]; v != nil {
			der.Under, _ = d.Str(v, path+" › under")
			if id, ver, ok := strings.Cut(der.Under, "@"); !ok || id == "" || ver == "" {
				d.Errorf(v, path+" › under", CodeValue, "under names a ruleset as id@version (e.g. vn.xa-ntm@2021-2025)")
			}
			if der.Field != "" {
				d.Errorf(v, path+" › under", CodeValue, "under asks whether a title is held under a ruleset; it goes without field:")
			}
		}
	default:
		d.Errorf(n, path, CodeKeyMissing, "expected members: …, history: … or expr: …")
	}
	return der
}

func (f *fileDoc) parseGroups(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "groups")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("groups › %d", i+1)
		_, idx, ok := d.Mapping(it, path, []string{"id", "title"}, "id", "title")
		if !ok {
			continue
		}
		g := Group{Pos: d.Pos(it)}
		if v := idx["id"]; v != nil {
			if s, ok := d.Str(v, path+" › id"); ok {
				g.ID = s
				path = "group " + s
				g.Pos = d.Pos(v)
			}
		}
		if v := idx["title"]; v != nil {
			g.Title = text(d, v, path+" › title")
		}
		f.groups = append(f.groups, g)
	}
}

func (f *fileDoc) parseAnnotations(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "annotations")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("annotations › %d", i+1)
		_, idx, ok := d.Mapping(it, path, []string{"id", "label", "values", "values_from_groups"}, "id", "label")
		if !ok {
			continue
		}
		a := AnnotationKey{}
		if v := idx["id"]; v != nil {
			if s, ok := d.Str(v, path+" › id"); ok {
				if !fieldIDRE.MatchString(s) {
					d.Errorf(v, path+" › id", CodeIDInvalid, "annotation key %q must be lowercase ASCII letters, digits and '_'", s)
				}
				a.ID = s
				path = "annotation " + s
			}
		}
		if v := idx["label"]; v != nil {
			a.Label = text(d, v, path+" › label")
		}
		if v := idx["values_from_groups"]; v != nil {
			a.ValuesFromGroups, _ = d.Bool(v, path+" › values_from_groups")
		}
		if v := idx["values"]; v != nil {
			vals, ok := d.List(v, path+" › values")
			if ok {
				seen := map[string]bool{}
				for j, vn := range vals {
					vp := fmt.Sprintf("%s › values › %d", path, j+1)
					_, vidx, ok := d.Mapping(vn, vp, []string{"id", "label"}, "id", "label")
					if !ok {
						continue
					}
					av := AnnotationValue{}
					if x := vidx["id"]; x != nil {
						av.ID, _ = d.Str(x, vp+" › id")
						if seen[av.ID] {
							d.Errorf(x, vp+" › id", CodeIDDuplicate, "value %q is declared twice", av.ID)
						}
						seen[av.ID] = true
					}
					if x := vidx["label"]; x != nil {
						av.Label = text(d, x, vp+" › label")
					}
					a.Values = append(a.Values, av)
				}
			}
		}
		if len(a.Values) == 0 && !a.ValuesFromGroups {
			d.Errorf(it, path, CodeKeyMissing, "an annotation needs values: […] or values_from_groups: true")
		}
		f.annotations = append(f.annotations, a)
		f.annotNodes = append(f.annotNodes, it)
	}
}

func (f *fileDoc) parseAnnotate(d *dec, n *yaml.Node) {
	entries, _, ok := d.Mapping(n, "annotate", nil)
	if !ok {
		return
	}
	for _, e := range entries {
		path := "annotate › criterion " + e.Key
		vals, _, ok := d.Mapping(e.Val, path, nil)
		if !ok {
			continue
		}
		for _, v := range vals {
			d.Str(v.Val, path+" › "+v.Key)
		}
		f.annotate = append(f.annotate, annotateEntry{criterion: e.Key, node: e.KNode, values: vals})
	}
}

var criterionKeys = []string{"id", "name", "groups", "annotations", "indicators", "to_be_supplied"}

func (f *fileDoc) parseCriteria(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "criteria")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("criteria › %d", i+1)
		_, idx, ok := d.Mapping(it, path, criterionKeys, "id", "name", "groups")
		if !ok {
			continue
		}
		if idx["indicators"] == nil && idx["to_be_supplied"] == nil {
			d.Errorf(it, path, CodeKeyMissing, "missing required key %q (or to_be_supplied: why the indicators are not given)", "indicators")
		}
		c := &Criterion{Pos: d.Pos(it), Annotations: map[string]string{}}
		if v := idx["to_be_supplied"]; v != nil {
			c.ToBeSupplied = text(d, v, path+" › to_be_supplied")
		}
		if v := idx["id"]; v != nil {
			if s, ok := d.Str(v, path+" › id"); ok {
				if !itemIDRE.MatchString(s) {
					d.Errorf(v, path+" › id", CodeIDInvalid, "criterion id %q may hold letters, digits, '.', '_' and '-'", s)
				}
				c.ID = s
				path = "criterion " + s
				c.Pos = d.Pos(v)
			}
		}
		if v := idx["name"]; v != nil {
			c.Name = text(d, v, path+" › name")
		}
		if v := idx["groups"]; v != nil {
			var nodes []*yaml.Node
			c.Groups, nodes = d.StrList(v, path+" › groups")
			for _, n := range nodes {
				c.groupPos = append(c.groupPos, d.Pos(n))
			}
		}
		if v := idx["annotations"]; v != nil {
			es, _, ok := d.Mapping(v, path+" › annotations", nil)
			if ok {
				for _, e := range es {
					if s, ok := d.Str(e.Val, path+" › annotations › "+e.Key); ok {
						c.Annotations[e.Key] = s
					}
				}
			}
		}
		if v := idx["indicators"]; v != nil {
			c.Indicators = f.parseIndicators(d, v, path, false)
			if len(c.Indicators) == 0 && c.ToBeSupplied.IsZero() {
				d.Errorf(v, path+" › indicators", CodeValue, "a criterion needs at least one indicator (or to_be_supplied: why they are not given)")
			}
		}
		f.criteria = append(f.criteria, c)
	}
}

var indicatorKeys = []string{"id", "name", "unit", "applies_if", "checks", "condition", "source", "confidence"}
var conditionKeys = append(append([]string{}, indicatorKeys...), "kind")

func (f *fileDoc) parseIndicators(d *dec, n *yaml.Node, parent string, isCondition bool) []*Indicator {
	items, ok := d.List(n, strings.TrimPrefix(parent+" › indicators", " › "))
	if !ok {
		return nil
	}
	var out []*Indicator
	for i, it := range items {
		kind := "indicator"
		keys := indicatorKeys
		if isCondition {
			kind, keys = "condition", conditionKeys
		}
		path := strings.TrimPrefix(fmt.Sprintf("%s › %s %d", parent, kind, i+1), " › ")
		req := []string{"id", "name"}
		if isCondition {
			req = append(req, "kind")
		}
		_, idx, ok := d.Mapping(it, path, keys, req...)
		if !ok {
			continue
		}
		ind := &Indicator{Pos: d.Pos(it)}
		if v := idx["id"]; v != nil {
			if s, ok := d.Str(v, path+" › id"); ok {
				if !itemIDRE.MatchString(s) {
					d.Errorf(v, path+" › id", CodeIDInvalid, "%s id %q may hold letters, digits, '.', '_' and '-'", kind, s)
				}
				ind.ID = s
				path = strings.TrimPrefix(parent+" › "+kind+" "+s, " › ")
				ind.Pos = d.Pos(v)
			}
		}
		if v := idx["name"]; v != nil {
			ind.Name = text(d, v, path+" › name")
		}
		ind.Unit = d.OptStr(idx["unit"], path+" › unit")
		if v := idx["applies_if"]; v != nil {
			ind.AppliesIf, _ = d.Str(v, path+" › applies_if")
			ind.apos = d.ExprPos(v)
		}
		if isCondition {
			if v := idx["kind"]; v != nil {
				if s, ok := d.Str(v, path+" › kind"); ok {
					if s != string(Gate) && s != string(Report) {
						d.Errorf(v, path+" › kind", CodeValue, "unknown condition kind %q (expected gate or report)", s)
					}
					ind.Kind = ConditionKind(s)
				}
			}
		}
		checks, cond := idx["checks"], idx["condition"]
		switch {
		case checks != nil && cond != nil:
			d.Errorf(it, path, CodeValue, "an indicator has either checks or a condition, not both")
		case checks == nil && cond == nil:
			d.Errorf(it, path, CodeKeyMissing, "an indicator needs checks: […] or condition: \"…\"")
		case cond != nil:
			c := &Condition{Pos: d.Pos(cond)}
			c.Expr, _ = d.Str(cond, path+" › condition")
			c.Pos = d.ExprPos(cond)
			if v := idx["confidence"]; v != nil {
				c.Confidence = confidence(d, v, path+" › confidence")
			} else {
				d.Errorf(it, path, CodeKeyMissing, "a condition needs its confidence (verified, inferred, predecessor, unverified or conflicting)")
			}
			if v := idx["source"]; v != nil {
				c.Source, _ = d.Str(v, path+" › source")
			} else {
				d.Errorf(it, path, CodeKeyMissing, "a condition needs its source")
			}
			ind.Condition = c
		default:
			for _, k := range []string{"source", "confidence"} {
				if v := idx[k]; v != nil {
					d.Errorf(v, path+" › "+k, CodeKeyUnknown, "%q belongs to a check's target table, not to an indicator with checks", k)
				}
			}
			ind.Checks = f.parseChecks(d, checks, path)
		}
		out = append(out, ind)
	}
	return out
}

var checkKeys = []string{"id", "label", "measure", "op", "unit", "empty_denominator", "target"}

func (f *fileDoc) parseChecks(d *dec, n *yaml.Node, parent string) []*Check {
	items, ok := d.List(n, parent+" › checks")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.Errorf(n, parent+" › checks", CodeValue, "an indicator needs at least one check")
	}
	var out []*Check
	for i, it := range items {
		path := fmt.Sprintf("%s › check %d", parent, i+1)
		_, idx, ok := d.Mapping(it, path, checkKeys, "measure", "op", "target")
		if !ok {
			continue
		}
		c := &Check{Pos: d.Pos(it), ID: strconv.Itoa(i + 1), EmptyDenominator: Unknown}
		if v := idx["id"]; v != nil {
			if s, ok := d.Str(v, path+" › id"); ok {
				c.ID = s
				path = parent + " › check " + s
			}
		}
		if v := idx["label"]; v != nil {
			c.Label = text(d, v, path+" › label")
		}
		if v := idx["measure"]; v != nil {
			c.Measure, _ = d.Str(v, path+" › measure")
			c.mpos = d.ExprPos(v)
		}
		if v := idx["op"]; v != nil {
			c.opos = d.Pos(v)
			if s, ok := d.Str(v, path+" › op"); ok {
				op, ok := parseOp(s)
				if !ok {
					d.Errorf(v, path+" › op", CodeValue, "unknown comparator %q (expected >=, >, <=, <, == or !=)", s)
				}
				c.Op = op
			}
		}
		c.Unit = d.OptStr(idx["unit"], path+" › unit")
		if v := idx["empty_denominator"]; v != nil {
			if s, ok := d.Str(v, path+" › empty_denominator"); ok {
				switch s {
				case "not_applicable":
					c.EmptyDenominator = NotApplicable
				case "met":
					c.EmptyDenominator = Met
				case "unknown":
					c.EmptyDenominator = Unknown
				default:
					d.Errorf(v, path+" › empty_denominator", CodeValue, "unknown status %q (expected not_applicable, met or unknown)", s)
				}
			}
		}
		if v := idx["target"]; v != nil {
			c.Target = target(d, v, path+" › target", false)
		}
		out = append(out, c)
	}
	return out
}

func confidence(d *dec, n *yaml.Node, path string) Confidence {
	s, ok := d.Str(n, path)
	if !ok {
		return 0
	}
	c, ok := parseConfidence(s)
	if !ok {
		e := d.Errorf(n, path, CodeValue, "unknown confidence %q (expected verified, inferred, predecessor, unverified or conflicting)", s)
		e.Near(s, confidenceNames[1:])
		return confInvalid // reported once; not again as "no confidence"
	}
	return c
}

// target reads a target table. Column keys are checked against the regions later, when the
// whole extends chain is known; partial tables are allowed in overrides.
func target(d *dec, n *yaml.Node, path string, partial bool) Target {
	t := Target{Regions: map[string]*Cell{}, Pos: d.Pos(n)}
	entries, _, ok := d.Mapping(n, path, nil)
	if !ok {
		return t
	}
	var defConf Confidence
	var defSource, defNote string
	for _, e := range entries {
		switch e.Key {
		case "confidence":
			defConf = confidence(d, e.Val, path+" › confidence")
		case "source":
			defSource, _ = d.Str(e.Val, path+" › source")
		case "note":
			defNote, _ = d.Str(e.Val, path+" › note")
		}
	}
	for _, e := range entries {
		if e.Key == "confidence" || e.Key == "source" || e.Key == "note" {
			continue
		}
		cp := path + " › " + e.Key
		cell := cell(d, e.Val, cp, defConf, defSource, true)
		if cell != nil && cell.Note == "" {
			cell.Note = defNote
			for _, y := range cell.Years {
				if y.Cell.Note == "" {
					y.Cell.Note = defNote
				}
			}
		}
		if cell == nil {
			continue
		}
		cell.Pos = d.Pos(e.KNode)
		switch e.Key {
		case "national":
			t.National = cell
		case "all":
			t.All = cell
		default:
			t.Regions[e.Key] = cell
		}
	}
	columns := 0
	for _, e := range entries {
		if e.Key != "confidence" && e.Key != "source" && e.Key != "note" {
			columns++
		}
	}
	if !partial && columns == 0 {
		d.Errorf(n, path, CodeTarget, "a target table needs at least one column (national, all or a region)")
	}
	if t.All != nil && t.National != nil {
		d.Errorf(n, path, CodeTarget, "a target table has either an all column or a national column, not both")
	}
	return t
}

var cellKeys = []string{"value", "missing", "of", "times", "confidence", "source", "note", "years"}

func cell(d *dec, n *yaml.Node, path string, defConf Confidence, defSource string, allowYears bool) *Cell {
	c := &Cell{Confidence: defConf, Source: defSource, Pos: d.Pos(n)}
	if n != nil && n.Kind == yaml.ScalarNode && !d.scale {
		v, ok := scalarValue(d, n, path)
		if !ok {
			return nil
		}
		c.Value = v
		requireCitation(d, n, path, c)
		return c
	}
	keys := cellKeys
	if !allowYears {
		keys = cellKeys[:7]
	}
	if d.scale {
		keys = scaleCellKeys
		if !allowYears {
			keys = scaleCellKeys[:6]
		}
		return scaleCell(d, n, path, c, keys)
	}
	_, idx, ok := d.Mapping(n, path, keys)
	if !ok {
		return nil
	}
	if v := idx["confidence"]; v != nil {
		c.Confidence = confidence(d, v, path+" › confidence")
	}
	if v := idx["source"]; v != nil {
		c.Source, _ = d.Str(v, path+" › source")
	}
	c.Note = d.OptStr(idx["note"], path+" › note")
	count := 0
	for _, k := range []string{"value", "missing", "years", "of"} {
		if idx[k] != nil {
			count++
		}
	}
	if count != 1 {
		d.Errorf(n, path, CodeTarget, "a target cell needs exactly one of value, missing, of or years")
		return nil
	}
	if v := idx["times"]; v != nil && idx["of"] == nil {
		d.Errorf(v, path+" › times", CodeTarget, "times scales the target a cell follows; give of: {indicator: …} with it")
	}
	switch {
	case idx["of"] != nil:
		c.Of = relative(d, idx["of"], idx["times"], path)
		if c.Of == nil {
			return nil
		}
		requireCitation(d, n, path, c)
	case idx["value"] != nil:
		v, ok := scalarValue(d, idx["value"], path+" › value")
		if !ok {
			return nil
		}
		c.Value = v
		requireCitation(d, n, path, c)
	case idx["missing"] != nil:
		c.Missing, _ = d.Str(idx["missing"], path+" › missing")
		if idx["confidence"] != nil {
			d.Errorf(idx["confidence"], path+" › confidence", CodeTarget, "a missing target has no confidence; give the reason it is missing")
		}
		c.Confidence = 0
	case idx["years"] != nil:
		c.Years = years(d, idx["years"], path+" › years", c.Confidence, c.Source)
	}
	return c
}

// relative reads a cell's of: {indicator, check} and times: factor.
func relative(d *dec, of, times *yaml.Node, path string) *Relative {
	_, idx, ok := d.Mapping(of, path+" › of", []string{"indicator", "check", "field"})
	if !ok {
		return nil
	}
	r := &Relative{Times: IntNumber(1), Pos: d.Pos(of)}
	r.Indicator = d.OptStr(idx["indicator"], path+" › of › indicator")
	r.Check = d.OptStr(idx["check"], path+" › of › check")
	r.Field = d.OptStr(idx["field"], path+" › of › field")
	switch {
	case (idx["indicator"] == nil) == (idx["field"] == nil):
		d.Errorf(of, path+" › of", CodeTarget, "of names exactly one of indicator: (another check's target) or field: (the unit's own value)")
		return nil
	case idx["check"] != nil && idx["field"] != nil:
		d.Errorf(idx["check"], path+" › of › check", CodeTarget, "check: names a check of of.indicator; a target that follows a field has none")
		return nil
	}
	if times != nil {
		n, ok := number(d, times, path+" › times")
		if !ok {
			return nil
		}
		if n.Sign() <= 0 {
			d.Errorf(times, path+" › times", CodeTarget, "times must be greater than 0, found %s", n)
			return nil
		}
		r.Times = n
	}
	if r.Indicator == "" && r.Field == "" {
		return nil
	}
	return r
}

func requireCitation(d *dec, n *yaml.Node, path string, c *Cell) {
	var missing []string
	if c.Confidence == 0 {
		missing = append(missing, "confidence")
	}
	if c.Source == "" {
		missing = append(missing, "source")
	}
	if len(missing) > 0 {
		d.Errorf(n, path, CodeTarget, "the target has no %s (set it on the cell or on the table)", strings.Join(missing, " and no "))
	}
}

func years(d *dec, n *yaml.Node, path string, defConf Confidence, defSource string) []YearCell {
	entries, _, ok := d.Mapping(n, path, nil)
	if !ok {
		return nil
	}
	var out []YearCell
	for _, e := range entries {
		yp := path + " › " + e.Key
		yc, ok := parseYearKey(e.Key)
		if !ok {
			d.Errorf(e.KNode, yp, CodeYears, "year key %q must be a year (2016), a range (2017-2019), an open range (2020-), or a range starting or ending on a date within a year (2024-03-07-, 2021-2024-03-06)", e.Key)
			continue
		}
		for _, prev := range out {
			if yc.start() <= prev.end() && prev.start() <= yc.end() {
				d.Errorf(e.KNode, yp, CodeYears, "years %s overlap an earlier key", e.Key)
			}
		}
		cell := cell(d, e.Val, yp, defConf, defSource, false)
		if cell == nil {
			continue
		}
		cell.Pos = d.Pos(e.KNode)
		yc.Cell = cell
		out = append(out, yc)
	}
	if len(out) == 0 && len(entries) == 0 {
		d.Errorf(n, path, CodeYears, "years needs at least one year key")
	}
	return out
}

// parseYearKey reads a year key: a year, a range of years, an open range, where either end may
// be a date (YYYY-MM-DD) for a cell in force from or until a day within a year.
func parseYearKey(s string) (YearCell, bool) {
	toks := strings.Split(s, "-")
	bound := func() (year, md int, ok bool) {
		if len(toks) == 0 || len(toks[0]) != 4 {
			return 0, 0, false
		}
		y, err := strconv.Atoi(toks[0])
		if err != nil {
			return 0, 0, false
		}
		toks = toks[1:]
		if len(toks) >= 2 && len(toks[0]) == 2 && len(toks[1]) == 2 {
			m, e1 := strconv.Atoi(toks[0])
			dd, e2 := strconv.Atoi(toks[1])
			if e1 != nil || e2 != nil {
				return 0, 0, false
			}
			t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
			if t.Year() != y || int(t.Month()) != m || t.Day() != dd {
				return 0, 0, false // not a day of the calendar
			}
			toks = toks[2:]
			return y, m*100 + dd, true
		}
		return y, 0, true
	}
	var yc YearCell
	var ok bool
	if yc.From, yc.FromMD, ok = bound(); !ok {
		return YearCell{}, false
	}
	switch {
	case len(toks) == 0:
		if yc.FromMD != 0 {
			return YearCell{}, false // a lone date: say from when, or until when
		}
		yc.To = yc.From
	case len(toks) == 1 && toks[0] == "":
		yc.To = 0 // open
	default:
		if yc.To, yc.ToMD, ok = bound(); !ok || len(toks) != 0 {
			return YearCell{}, false
		}
	}
	if yc.To != 0 && yc.end() < yc.start() {
		return YearCell{}, false
	}
	return yc, true
}

func overlaps(f1, t1, f2, t2 int) bool {
	if t1 == 0 {
		t1 = 1 << 30
	}
	if t2 == 0 {
		t2 = 1 << 30
	}
	return f1 <= t2 && f2 <= t1
}

func (f *fileDoc) parseAddIndicators(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "add_indicators")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("add_indicators › %d", i+1)
		_, idx, ok := d.Mapping(it, path, []string{"criterion", "indicators"}, "criterion", "indicators")
		if !ok {
			continue
		}
		a := addIndicators{node: it}
		if v := idx["criterion"]; v != nil {
			a.criterion, _ = d.Str(v, path+" › criterion")
			a.node = v
		}
		if v := idx["indicators"]; v != nil {
			a.inds = f.parseIndicators(d, v, "criterion "+a.criterion, false)
		}
		f.addIndicators = append(f.addIndicators, a)
	}
}

func (f *fileDoc) parseOverrides(d *dec, n *yaml.Node) {
	items, ok := d.List(n, "override")
	if !ok {
		return
	}
	for i, it := range items {
		path := fmt.Sprintf("override › %d", i+1)
		_, idx, ok := d.Mapping(it, path, []string{"indicator", "check", "condition", "reason", "disable", "target",
			"remove", "measure", "name", "drop_targets"})
		if !ok {
			continue
		}
		o := override{node: it}
		o.indicator = d.OptStr(idx["indicator"], path+" › indicator")
		o.condition = d.OptStr(idx["condition"], path+" › condition")
		o.check = d.OptStr(idx["check"], path+" › check")
		o.reason = d.OptStr(idx["reason"], path+" › reason")
		o.disable = d.OptStr(idx["disable"], path+" › disable")
		o.remove = d.OptStr(idx["remove"], path+" › remove")
		if v := idx["measure"]; v != nil {
			o.measure, o.mpos, o.opNode = d.OptStr(v, path+" › measure"), d.ExprPos(v), v
		}
		if v := idx["name"]; v != nil {
			t := text(d, v, path+" › name")
			o.name, o.opNode = &t, v
		}
		if v := idx["drop_targets"]; v != nil {
			o.dropTargets, _ = d.Bool(v, path+" › drop_targets")
			o.opNode = v
		}
		if (o.indicator == "") == (o.condition == "") {
			d.Errorf(it, path, CodeKeyMissing, "an override names exactly one indicator: … or condition: …")
		}
		if v := idx["target"]; v != nil {
			t := target(d, v, path+" › target", true)
			o.target = &t
		}
		ops := 0
		for _, on := range []bool{o.target != nil, o.disable != "", o.remove != "", o.measure != "", o.name != nil, o.dropTargets} {
			if on {
				ops++
			}
		}
		switch {
		case o.remove != "" && ops > 1:
			d.Errorf(it, path, CodeValue, "an override that removes an item does nothing else to it")
		case o.disable != "" && ops > 1:
			d.Errorf(it, path, CodeValue, "an override either changes an item or disables it, not both")
		case ops == 0:
			d.Errorf(it, path, CodeKeyMissing, "an override needs target:, measure:, name:, drop_targets: true, disable: \"reason\" or remove: \"reason\"")
		case o.disable == "" && o.remove == "" && o.reason == "":
			d.Errorf(it, path, CodeKeyMissing, "a change needs its reason (reason: …)")
		}
		f.overrides = append(f.overrides, o)
	}
}
