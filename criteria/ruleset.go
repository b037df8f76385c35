package criteria

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// Ruleset is a loaded, checked and layered set of criteria. It is the model a Program is
// compiled from; treat it as read-only once loaded.
type Ruleset struct {
	ID           string
	Version      string
	Level        Level
	Levels       []LevelInfo     // the levels it knows, with their parents (Vietnam's when it declares none)
	Language     string          // the language of its plain labels: "vi" unless a file says otherwise
	Words        map[string]Text // its own words for the vocabulary (see WordKeys, Word); treat as read-only
	Recognition  string          // the title a unit meeting it may be recognised with (ntm, advanced, model, …)
	Title        Text
	Description  Text
	Legal        []Document // the documents this file encodes (its own; see Base for the rest)
	Effective    Effective
	Illustrative bool     // this file or a file it extends is labelled illustrative
	Base         *Ruleset // the ruleset it extends, or nil
	Regions      []Region // every region the chain declares
	RegionsOnly  []string // when non-empty, the only regions a unit may have
	Fields       []*Field
	Groups       []Group
	Annotations  []AnnotationKey
	Criteria     []*Criterion
	Conditions   []*Indicator // recognition conditions (gate or report)
	Scores       []*Score     // scored indicators, in declaration order (the base's first)
	Indices      []*Index     // indices, each after the indices it reads
	Columns      []ColumnRule // how a unit's target column is chosen from its data; none: by its region

	deviations      []Deviation
	levelsDeclared  bool // a file of the chain declares levels (else Vietnam's are used)
	warnings        ErrorList
	files           []string
	hash            string
	schema          *schema
	fieldLabels     map[string]Text // a frozen copy's field labels (it has no schema)
	measures        map[*Check]*measure
	computed        map[string]*measure // the computed values, by field id
	applies         map[*Indicator]*measure
	conds           map[*Indicator]*measure
	scoreMeasures   map[*Score]*measure
	capConds        map[*Cap]*measure
	columnConds     map[int]*measure
	columnIDs       []string        // the columns the column rules can choose
	measureReplaced map[*Check]bool // while layering: checks whose measure this layer replaced
	removed         map[string]Pos  // indicators and conditions a layer removed, where
}

// Ref returns the ruleset's reference, id@version, as used by extends.
func (rs *Ruleset) Ref() string { return rs.ID + "@" + rs.Version }

// Files returns the names of the rule files of the chain, the base first.
func (rs *Ruleset) Files() []string { return append([]string(nil), rs.files...) }

// Deviations returns every difference from the rulesets it extends, in file order, the
// deepest layer first.
func (rs *Ruleset) Deviations() []Deviation { return append([]Deviation(nil), rs.deviations...) }

// Warnings returns what loading noticed without failing: targets declared missing, regions
// without a target.
func (rs *Ruleset) Warnings() ErrorList { return append(ErrorList(nil), rs.warnings...) }

// AllowedRegions returns the regions a unit evaluated by this ruleset may belong to.
func (rs *Ruleset) AllowedRegions() []Region {
	if len(rs.RegionsOnly) == 0 {
		return rs.Regions
	}
	var out []Region
	for _, r := range rs.Regions {
		if ydec.Contains(rs.RegionsOnly, r.ID) {
			out = append(out, r)
		}
	}
	return out
}

// Region returns a region by id.
func (rs *Ruleset) Region(id string) (Region, bool) {
	for _, r := range rs.Regions {
		if r.ID == id {
			return r, true
		}
	}
	return Region{}, false
}

// Field returns a field by id.
func (rs *Ruleset) Field(id string) (*Field, bool) {
	if rs.schema == nil {
		return nil, false
	}
	if i, ok := rs.schema.lookup(id); ok {
		return rs.schema.fields[i], true
	}
	return nil, false
}

// Criterion returns a criterion by id.
func (rs *Ruleset) Criterion(id string) (*Criterion, bool) {
	for _, c := range rs.Criteria {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}

// Indicator returns an indicator and its criterion by the indicator's id.
func (rs *Ruleset) Indicator(id string) (*Criterion, *Indicator, bool) {
	for _, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			if ind.ID == id {
				return c, ind, true
			}
		}
	}
	return nil, nil, false
}

// Group returns a group by id.
func (rs *Ruleset) Group(id string) (Group, bool) {
	for _, g := range rs.Groups {
		if g.ID == id {
			return g, true
		}
	}
	return Group{}, false
}

// Annotation returns an annotation key by id.
func (rs *Ruleset) Annotation(id string) (AnnotationKey, bool) {
	for _, a := range rs.Annotations {
		if a.ID == id {
			return a, true
		}
	}
	return AnnotationKey{}, false
}

// Years returns the first and last year the ruleset is in force (last = 0 when open-ended).
func (rs *Ruleset) Years() (from, until int) {
	return rs.Effective.fromYear(), rs.Effective.untilYear()
}

// LoadOption configures Load and Parse.
type LoadOption func(*loader)

// WithBase adds a file system searched, in the order given, for the rulesets named by
// extends: id@version. A base is searched in all its folders, so give only file systems you
// chose, such as the shipped set: a province's file on disk that extends a shipped ruleset is
// loaded with criteria.Load(os.DirFS(dir), name, criteria.WithBase(rules.FS)). See Load for
// the whole lookup order.
func WithBase(fsys fs.FS) LoadOption {
	return func(l *loader) { l.res.bases = append(l.res.bases, fsys) }
}

// maxRuleFile bounds the size of one rule file.
const maxRuleFile = 8 << 20

type loader struct {
	res   resolver
	stack []string
}

// Load reads the rule file at name in fsys, resolves the files it extends, checks everything
// and returns the layered ruleset. Every problem found is returned at once as an ErrorList.
//
// An extends that is a path ending in .yaml or .yml is taken relative to the folder of the
// file. An extends that is id@version is looked up, in this order:
//
//  1. among the .yaml and .yml files directly in the folder of the file; its sub-folders
//     are not searched;
//  2. in the whole of fsys when it is an embed.FS, such as rules.FS, so that
//     Load(rules.FS, "camau/xa-ntm-2016-2020.yaml") finds the national set it extends;
//  3. in the whole of each file system given with WithBase, in the order given.
//
// Nothing else is searched. Exactly one file may declare the id@version among these places:
// two (a stale copy beside the file, or one beside it and one in a base) are an error naming
// both. A .yaml that is not a regular file (a named pipe, a device, a directory, a link to
// one) is refused without being opened, and no file is read past 8 MB. Resolve applies the
// same lookup on its own.
func Load(fsys fs.FS, name string, opts ...LoadOption) (*Ruleset, error) {
	l := &loader{}
	for _, o := range opts {
		o(l)
	}
	rs, errs := l.load(fsys, name, true)
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return rs, nil
}

// Parse reads a rule file from bytes. A file that extends another by id@version is resolved
// in the file systems given with WithBase only, as it has no folder of its own.
func Parse(name string, data []byte, opts ...LoadOption) (*Ruleset, error) {
	l := &loader{}
	for _, o := range opts {
		o(l)
	}
	rs, errs := l.build(nil, name, data, true)
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return rs, nil
}

func (l *loader) load(fsys fs.FS, name string, top bool) (*Ruleset, ErrorList) {
	data, err := readLimited(fsys, name)
	if err != nil {
		return nil, ErrorList{{File: name, Code: readCode(err), Message: err.Error()}}
	}
	return l.build(fsys, name, data, top)
}

// readLimited reads a rule file, a case file or a header. It opens only what fs.Stat reports
// as a regular file, so a named pipe or a device is not opened, and reads at most maxRuleFile
// bytes, whatever size the file system reports.
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	if fsys == nil {
		return nil, ErrNoFS
	}
	if !fs.ValidPath(name) {
		return nil, InvalidPathError(name)
	}
	return ydec.ReadLimited(fsys, name, maxRuleFile)
}

// readCode is the code of a file that cannot be read: too large, or unreadable.
func readCode(err error) Code {
	if ydec.IsLimit(err) {
		return CodeFileLimit
	}
	return CodeSyntax
}

func (l *loader) build(fsys fs.FS, name string, data []byte, top bool) (*Ruleset, ErrorList) {
	d := newDec(name)
	f := parseFile(d, name, data)
	if f.root == nil || f.id == "" || f.version == "" {
		return nil, d.errList()
	}
	ref := f.id + "@" + f.version
	for _, s := range l.stack {
		if s == ref {
			return nil, ErrorList{{File: name, Line: f.root.Line, Column: f.root.Column, Code: CodeExtendsCycle,
				Message: fmt.Sprintf("extends forms a cycle: %s → %s", strings.Join(l.stack, " → "), ref)}}
		}
	}
	l.stack = append(l.stack, ref)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()

	var base *Ruleset
	if f.extends != "" {
		p := d.Pos(f.extendsNode)
		bfs, bname, e := l.res.resolve(fsys, name, f.extends)
		if e != nil {
			e.File, e.Line, e.Column = name, p.Line, p.Column
			return nil, append(d.errList(), e)
		}
		b, errs := l.load(bfs, bname, false)
		if len(errs) > 0 {
			if b == nil && len(errs) == 1 && errs[0].Code == CodeExtendsCycle {
				errs[0].File, errs[0].Line, errs[0].Column, errs[0].Path = name, p.Line, p.Column, "extends"
			}
			return nil, append(d.errList(), errs...)
		}
		if !isYAMLName(f.extends) && b.Ref() != f.extends {
			return nil, append(d.errList(), &Error{File: name, Line: p.Line, Column: p.Column, Path: "extends", Code: CodeExtends,
				Message: fmt.Sprintf("extends %q: %s was found for it but declares %s", f.extends, bname, b.Ref())})
		}
		base = b
	}
	rs := newLayer(d, base, f)
	rs.check(d)
	if len(d.Errs) > 0 {
		return nil, d.errList()
	}
	h := sha256.New()
	if base != nil {
		h.Write([]byte(base.hash))
	}
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(data)
	rs.hash = "sha256:" + hex.EncodeToString(h.Sum(nil))
	if top {
		rs.warnings = d.warnList()
		rs.warnings.Sort()
	}
	return rs, nil
}

func findField(fields []*Field, id string) (*Field, bool) {
	for _, f := range fields {
		if f.ID == id {
			return f, true
		}
	}
	return nil, false
}

func regionIDs(rs []Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func criterionIDs(cs []*Criterion) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func (rs *Ruleset) indicatorIDs() []string {
	var out []string
	for _, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			out = append(out, ind.ID)
		}
	}
	return out
}

func (c *Criterion) clone() *Criterion {
	n := *c
	n.Groups = append([]string(nil), c.Groups...)
	n.Annotations = make(map[string]string, len(c.Annotations))
	for k, v := range c.Annotations {
		n.Annotations[k] = v
	}
	n.Indicators = make([]*Indicator, len(c.Indicators))
	for i, ind := range c.Indicators {
		n.Indicators[i] = ind.clone()
	}
	return &n
}

func (ind *Indicator) clone() *Indicator {
	n := *ind
	n.Checks = make([]*Check, len(ind.Checks))
	for i, ch := range ind.Checks {
		c := *ch
		c.Target = ch.Target.clone()
		n.Checks[i] = &c
	}
	return &n
}

func (t Target) clone() Target {
	n := t
	n.National, n.All = t.National.clone(), t.All.clone()
	n.Regions = make(map[string]*Cell, len(t.Regions))
	for k, v := range t.Regions {
		n.Regions[k] = v.clone()
	}
	return n
}

// clone copies a cell that holds a relative target, which a layer links to its own targets;
// a cell without one is never changed once read, and is shared.
func (c *Cell) clone() *Cell {
	if c == nil || !c.relative() {
		return c
	}
	n := *c
	if c.Of != nil {
		o := *c.Of
		n.Of = &o
	}
	n.Years = make([]YearCell, len(c.Years))
	for i, y := range c.Years {
		n.Years[i] = YearCell{From: y.From, To: y.To, Cell: y.Cell.clone()}
	}
	return &n
}

// relative reports whether the cell or one of its cells by year follows another target.
func (c *Cell) relative() bool {
	if c.Of != nil {
		return true
	}
	for _, y := range c.Years {
		if y.Cell.Of != nil {
			return true
		}
	}
	return false
}

// ErrNoFS is the error of a loader or reader given a nil file system.
var ErrNoFS = errors.New("no file system given (nil): give the folder of the file, as os.DirFS(dir), or rules.FS for a shipped file")

// InvalidPathError explains a name a file system cannot open: names in an fs.FS are
// slash-separated and relative, without "." or ".." elements, so a path on disk such as
// "../data/x.csv" or "/home/x.csv" is opened by giving its folder as the file system.
func InvalidPathError(name string) error {
	return fmt.Errorf("%q is not a name within the file system given (names are slash-separated, relative, without \".\" or \"..\"): "+
		"for a file on disk, give its folder and its name, as os.DirFS(filepath.Dir(path)) and filepath.Base(path)", name)
}
