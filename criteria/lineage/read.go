package lineage

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// Format is the format line of a lineage file.
const Format = "ntm.lineage/v1"

// Limits of a lineage file. The whole country's file is 0.8 MB and 10,667 links.
const (
	MaxFileBytes  = 1 << 20  // the YAML file
	MaxLinksBytes = 16 << 20 // a CSV links file
	MaxLinks      = 200000   // links in one reorganisation (a whole country's is 10,667)
	MaxSuccessors = 64       // new units one old unit may go into (the most in 2025 is 5)
	maxCell       = 512      // bytes of one cell
	maxCode       = 32       // bytes of one code
)

//go:embed vn/sap-xep-2025.yaml vn/sap-xep-2025.csv vn/LICENSE
var shipped embed.FS

var vn2025 = sync.OnceValues(func() (*Reorganisation, error) { return Read(shipped, "vn/sap-xep-2025.yaml") })

// Vietnam2025 returns the reorganisation of 01/7/2025 for the whole country: 63 provinces and
// 10,047 commune-level units before, 34 provinces and 3,321 units after, and the five special
// zones formed from former district-level units. It is read once and shared (it is immutable).
func Vietnam2025() (*Reorganisation, error) { return vn2025() }

// FS holds the shipped lineage files (vn/sap-xep-2025.yaml, its links and its licence notice).
var FS fs.FS = shipped

// Read reads a lineage file (format ntm.lineage/v1) from fsys: a YAML file whose links are a
// list in it or a CSV file beside it. Every problem is reported at its file and line, as a
// criteria.ErrorList.
func Read(fsys fs.FS, name string) (*Reorganisation, error) {
	data, err := ydec.ReadLimited(fsys, name, MaxFileBytes)
	if err != nil {
		return nil, criteria.ErrorList{{File: name, Code: criteria.CodeFileLimit, Message: err.Error()}}
	}
	d := &ydec.Decoder{File: name}
	root := d.ParseYAML(data)
	r := &Reorganisation{File: name}
	rd := &reader{r: r, d: d}
	if root != nil {
		rd.manifest(fsys, name, root)
	}
	if errs := rd.errList(); len(errs) > 0 {
		return nil, errs
	}
	rd.check()
	if errs := rd.errList(); len(errs) > 0 {
		return nil, errs
	}
	rd.doubts()
	return r, nil
}

type reader struct {
	r     *Reorganisation
	d     *ydec.Decoder
	extra criteria.ErrorList // problems in a CSV links file
}

func (rd *reader) errList() criteria.ErrorList {
	var out criteria.ErrorList
	for _, e := range rd.d.Errs {
		out = append(out, &criteria.Error{File: e.File, Line: e.Line, Column: e.Column, Path: e.Path, Code: criteria.Code(e.Code),
			Severity: criteria.SeverityError, Message: e.Message, Suggest: e.Suggest})
	}
	out = append(out, rd.extra...)
	if n, _ := rd.d.Dropped(); n > 0 {
		out = append(out, &criteria.Error{File: rd.d.File, Line: 1, Column: 1, Code: criteria.CodeFileLimit, Severity: criteria.SeverityError,
			Message: fmt.Sprintf("and %d more problems, not listed", n)})
	}
	return out
}

func (rd *reader) fail(file string, line int, code criteria.Code, format string, args ...any) {
	if len(rd.extra) == ydec.MaxProblems {
		rd.extra = append(rd.extra, &criteria.Error{File: file, Line: line, Code: criteria.CodeDataLimit, Severity: criteria.SeverityError,
			Message: fmt.Sprintf("more than %d problems: the rest are not listed", ydec.MaxProblems)})
	}
	if len(rd.extra) > ydec.MaxProblems {
		return
	}
	rd.extra = append(rd.extra, &criteria.Error{File: file, Line: line, Code: code, Severity: criteria.SeverityError, Message: fmt.Sprintf(format, args...)})
}

var manifestKeys = []string{"format", "id", "title", "effective", "before", "after", "source", "sources", "licence", "links"}

func (rd *reader) manifest(fsys fs.FS, name string, root *yaml.Node) {
	d, r := rd.d, rd.r
	_, idx, ok := d.Mapping(root, "", manifestKeys, "format", "id", "effective", "links")
	if !ok {
		return
	}
	if f, _ := d.Str(idx["format"], "format"); f != Format && f != "" {
		d.Errorf(idx["format"], "format", string(criteria.CodeFormat), "%q: a lineage file is format ntm.lineage/v1", f)
	}
	r.ID, _ = d.Str(idx["id"], "id")
	if n := idx["title"]; n != nil {
		r.Title.VI, r.Title.EN = d.TextPair(n, "title")
	}
	if s, ok := d.Str(idx["effective"], "effective"); ok {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			d.Errorf(idx["effective"], "effective", string(criteria.CodeValue), "%q: write the first day of the new units as YYYY-MM-DD (e.g. 2025-07-01)", s)
		}
		r.Effective = t
	}
	r.Before = d.OptStr(idx["before"], "before")
	r.After = d.OptStr(idx["after"], "after")
	r.Source = d.OptStr(idx["source"], "source")
	r.Licence = d.OptStr(idx["licence"], "licence")
	if n := idx["sources"]; n != nil {
		items, _ := d.List(n, "sources")
		for i, it := range items {
			p := fmt.Sprintf("sources › %d", i+1)
			_, sx, ok := d.Mapping(it, p, []string{"id", "title", "url"}, "id", "title")
			if !ok {
				continue
			}
			var s Source
			s.ID, _ = d.Str(sx["id"], p+" › id")
			s.Title, _ = d.Str(sx["title"], p+" › title")
			s.URL = d.OptStr(sx["url"], p+" › url")
			r.Sources = append(r.Sources, s)
		}
	}
	ln := idx["links"]
	switch {
	case ln == nil:
	case ln.Kind == yaml.ScalarNode:
		file := path.Join(path.Dir(name), ln.Value)
		if !fs.ValidPath(ln.Value) || !fs.ValidPath(file) {
			d.Errorf(ln, "links", string(criteria.CodeValue), "%q: name a CSV file in the lineage file's folder or below it", ln.Value)
			return
		}
		if lfs, ok := fsys.(fs.ReadLinkFS); ok {
			if fi, err := lfs.Lstat(file); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				d.Errorf(ln, "links", string(criteria.CodeValue), "%q is a symbolic link: name the CSV file itself, in the lineage file's folder or below it", ln.Value)
				return
			}
		}
		data, err := ydec.ReadLimited(fsys, file, MaxLinksBytes)
		if err != nil {
			d.Errorf(ln, "links", string(criteria.CodeFileLimit), "%s: %v", file, err)
			return
		}
		rd.csvLinks(file, data)
	case ln.Kind == yaml.SequenceNode:
		for i, it := range ln.Content {
			p := fmt.Sprintf("links › %d", i+1)
			_, lx, ok := d.Mapping(it, p, linkColumns, "from_code", "to_code", "share")
			if !ok {
				continue
			}
			cells := make([]string, len(linkColumns))
			for j, c := range linkColumns {
				if n := lx[c]; n != nil {
					cells[j], _ = d.Str(n, p+" › "+c)
				}
			}
			if !rd.addLink(name, it.Line, cells) {
				break
			}
		}
	default:
		d.Errorf(ln, "links", string(criteria.CodeType), "links: a CSV file name, or a list of links")
	}
}

var linkColumns = []string{"from_province", "from_code", "from_name", "from_level", "to_province", "to_code", "to_name", "share", "source", "confidence"}

func (rd *reader) csvLinks(file string, data []byte) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		rd.fail(file, 1, criteria.CodeDataEncoding, "the file is not UTF-8: save it as CSV UTF-8")
		return
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		rd.fail(file, 1, criteria.CodeSyntax, "the links file is empty: it needs a header (from_code, to_code, share, …) and a row per link")
		return
	}
	if err != nil {
		rd.fail(file, 1, criteria.CodeSyntax, "the header cannot be read: %v", csvMsg(err))
		return
	}
	col := make([]int, len(linkColumns))
	for i := range col {
		col[i] = -1
	}
	for j, h := range header {
		i := indexOf(linkColumns, strings.TrimSpace(h))
		switch {
		case i < 0:
			rd.fail(file, 1, criteria.CodeDataColumn, "unknown column %q: the columns are %s", h, strings.Join(linkColumns, ", "))
		case col[i] >= 0:
			rd.fail(file, 1, criteria.CodeDataColumn, "column %s given twice", h)
		default:
			col[i] = j
		}
	}
	for _, need := range []string{"from_code", "to_code", "share"} {
		if col[indexOf(linkColumns, need)] < 0 {
			rd.fail(file, 1, criteria.CodeDataColumn, "the column %s is missing", need)
		}
	}
	if len(rd.extra) > 0 {
		return
	}
	cells := make([]string, len(linkColumns))
	for {
		rec, err := cr.Read()
		line, _ := cr.FieldPos(0)
		if err == io.EOF {
			return
		}
		if err != nil {
			rd.fail(file, line, criteria.CodeSyntax, "%v", csvMsg(err))
			if !errors.Is(err, csv.ErrFieldCount) {
				return
			}
			continue
		}
		for i, j := range col {
			cells[i] = ""
			if j >= 0 {
				cells[i] = rec[j]
			}
		}
		if !rd.addLink(file, line, cells) {
			return
		}
	}
}

func csvMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// addLink checks one link's cells (in linkColumns order) and adds it; false stops the reading
// (too many links).
func (rd *reader) addLink(file string, line int, c []string) bool {
	r := rd.r
	if len(r.links) >= MaxLinks {
		rd.fail(file, line, criteria.CodeDataLimit, "more than %d links: a lineage file holds at most %d", MaxLinks, MaxLinks)
		return false
	}
	bad := false
	for i, v := range c {
		v = strings.TrimSpace(v)
		if !norm.NFC.IsNormalString(v) {
			v = norm.NFC.String(v)
		}
		c[i] = v
		switch {
		case len(v) > maxCell:
			rd.fail(file, line, criteria.CodeDataLimit, "%s: %d bytes; a cell holds at most %d", linkColumns[i], len(v), maxCell)
			bad = true
		case strings.IndexFunc(v, unicode.IsControl) >= 0:
			rd.fail(file, line, criteria.CodeData, "%s holds a control character", linkColumns[i])
			bad = true
		}
	}
	if bad {
		return true
	}
	from := Unit{Province: c[0], Code: c[1], Name: c[2], Level: criteria.LevelCommune}
	to := Unit{Province: c[4], Code: c[5], Name: c[6], Level: criteria.LevelCommune}
	switch c[3] {
	case "", "commune":
	case "district":
		from.Level = criteria.LevelDistrict
	case "province":
		from.Level, to.Level = criteria.LevelProvince, criteria.LevelProvince
	default:
		rd.fail(file, line, criteria.CodeValue, "from_level %q: commune (the default), district or province", c[3])
		return true
	}
	for _, code := range []struct{ col, v string }{{"from_code", from.Code}, {"to_code", to.Code}, {"from_province", from.Province}, {"to_province", to.Province}} {
		if code.v == "" && strings.HasSuffix(code.col, "_code") {
			rd.fail(file, line, criteria.CodeValue, "%s is empty", code.col)
			bad = true
		} else if p := codeProblem(code.v); p != "" {
			rd.fail(file, line, criteria.CodeValue, "%s %q: %s", code.col, code.v, p)
			bad = true
		}
	}
	if bad {
		return true
	}
	if from.Level == criteria.LevelProvince {
		from.Province, to.Province = from.Code, to.Code
	}
	from.Kind, to.Kind = KindOf(from.Name, from.Level), KindOf(to.Name, to.Level)
	l := Link{From: from, To: to, Source: c[8], Confidence: c[9], Pos: criteria.Pos{File: file, Line: line}}
	switch c[7] {
	case "whole":
		l.Share = Whole
	case "part":
		l.Share = Part
	default:
		rd.fail(file, line, criteria.CodeValue, "share %q: whole (the whole old unit) or part (part of it)", c[7])
		return true
	}
	if l.Source == "" {
		l.Source = r.Source
	}
	if len(r.byFrom[from.Code]) >= MaxSuccessors {
		rd.fail(file, line, criteria.CodeDataLimit, "old unit %s has more than %d successors", from.Code, MaxSuccessors)
		return false
	}
	for _, j := range r.byFrom[from.Code] { // at most MaxSuccessors
		if r.links[j].To.Code == to.Code {
			rd.fail(file, line, criteria.CodeIDDuplicate, "the link %s → %s is given twice", from.Code, to.Code)
			return true
		}
	}
	if r.byFrom == nil {
		r.byFrom, r.byTo = map[string][]int32{}, map[string][]int32{}
	}
	i := int32(len(r.links))
	r.links = append(r.links, l)
	if _, ok := r.byFrom[from.Code]; !ok {
		r.fromOrd = append(r.fromOrd, from.Code)
	}
	if _, ok := r.byTo[to.Code]; !ok {
		r.toOrd = append(r.toOrd, to.Code)
	}
	r.byFrom[from.Code] = append(r.byFrom[from.Code], i)
	r.byTo[to.Code] = append(r.byTo[to.Code], i)
	return true
}

// codeProblem says what is wrong with a code: at most 32 letters, digits, '.', '-' or '_'.
func codeProblem(s string) string {
	if len(s) > maxCode {
		return fmt.Sprintf("longer than %d bytes", maxCode)
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '-' || r == '_') {
			return "a code holds only letters, digits, '.', '-' and '_'"
		}
	}
	return ""
}

// check verifies the links as a whole: one old unit has one name, level and province in all
// its links (and likewise a new unit); an old unit taken whole goes to exactly one new unit,
// and one split goes to two or more, each in part.
func (rd *reader) check() {
	r := rd.r
	if len(r.links) == 0 {
		rd.fail(r.File, 1, criteria.CodeKeyMissing, "the reorganisation has no links")
		return
	}
	for _, code := range r.fromOrd {
		ix := r.byFrom[code]
		first := r.links[ix[0]]
		for _, j := range ix[1:] {
			l := r.links[j]
			if l.From != first.From {
				rd.fail(l.Pos.File, l.Pos.Line, criteria.CodeDataConsistency, "old unit %s is %s here but %s at line %d", code, describe(l.From), describe(first.From), first.Pos.Line)
			}
		}
		whole := 0
		for _, j := range ix {
			if r.links[j].Share == Whole {
				whole++
			}
		}
		switch {
		case whole > 0 && len(ix) > 1:
			rd.fail(first.Pos.File, first.Pos.Line, criteria.CodeDataConsistency, "old unit %s goes whole into a new unit but has %d links: a unit split between new units goes in part to each", code, len(ix))
		case whole == 0 && len(ix) == 1:
			rd.fail(first.Pos.File, first.Pos.Line, criteria.CodeDataConsistency, "only part of old unit %s is linked (to %s): name every new unit that took a part of it", code, first.To.Code)
		}
	}
	for _, code := range r.toOrd {
		ix := r.byTo[code]
		first := r.links[ix[0]]
		for _, j := range ix[1:] {
			l := r.links[j]
			if l.To != first.To {
				rd.fail(l.Pos.File, l.Pos.Line, criteria.CodeDataConsistency, "new unit %s is %s here but %s at line %d", code, describe(l.To), describe(first.To), first.Pos.Line)
			}
		}
	}
}

// doubts lists the links that move a unit to a province its old province does not go to, when
// the file links provinces: a link to check against the resolutions.
func (rd *reader) doubts() {
	r := rd.r
	goes := map[string]map[string]bool{}
	for _, l := range r.links {
		if l.From.Level == criteria.LevelProvince {
			if goes[l.From.Code] == nil {
				goes[l.From.Code] = map[string]bool{}
			}
			goes[l.From.Code][l.To.Code] = true
		}
	}
	if len(goes) == 0 {
		return
	}
	for i, l := range r.links {
		if l.From.Level != criteria.LevelProvince && l.From.Province != "" && l.To.Province != "" && !goes[l.From.Province][l.To.Province] {
			r.doubts = append(r.doubts, int32(i))
		}
	}
}

func describe(u Unit) string {
	return fmt.Sprintf("%q (%s, province %s)", u.Name, u.Level, u.Province)
}
