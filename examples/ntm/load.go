package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/rules/catalog"
	"github.com/nongthonmoi/ntm/scoring"
)

// Defaults: the Cà Mau commune file and the embedded sample data.
const (
	defaultRules  = "camau/xa-ntm-2016-2020.yaml"
	defaultScheme = "camau/thi-dua-2016-2020.yaml"
	sampleData    = "camau-communes.csv"
)

// opts are the flags most subcommands share.
type opts struct {
	c            *cli
	rules        string
	data         string
	period       string
	format       string
	lang         string
	comma        string
	decimalComma bool
	sheet        string // the sheet of a workbook to read ("" for the first)
	out          string // write the output to this file
	sampleRun    bool   // the run uses the embedded sample: the user gave neither data nor rules
	sampleFile   string // the embedded sample file read when data is "" (default: the communes' file)
}

func (o *opts) addRules(c *cli) {
	o.c = c
	c.fset.StringVar(&o.rules, "rules", "", "rule file: a file on disk, a shipped path (e.g. vn/xa-ntm-2016-2020.yaml) or an id@version (default: "+defaultRules+")")
}

func (o *opts) addData(c *cli) {
	o.c = c
	c.fset.StringVar(&o.data, "data", "", "data file (.csv, .tsv, .xlsx, .json, .jsonl, .yaml), also accepted as the argument DATA; with neither data nor --rules, the embedded Cà Mau sample")
	c.fset.StringVar(&o.sheet, "sheet", "", "the sheet of a workbook (.xlsx) to read (default: the first)")
	if c.name != "progress" {
		c.fset.StringVar(&o.period, "period", "", "keep only the rows of this period (2020, 2020-H1)")
	}
	c.fset.StringVar(&o.comma, "comma", ",", "CSV field separator; ';' for spreadsheets saved with Vietnamese regional settings, '\\t' or tab for tab-separated files")
	c.fset.BoolVar(&o.decimalComma, "decimal-comma", false, "numbers are written 47,5 (Vietnamese locale)")
}

func (o *opts) addFormat(c *cli, formats string) {
	c.fset.StringVar(&o.format, "format", "table", "output format: "+formats)
	if strings.Contains(formats, "xlsx") {
		c.fset.StringVar(&o.out, "out", "", "write the output to this file (required for xlsx: a workbook, one sheet per table)")
	}
}

func (o *opts) addLang(c *cli) {
	c.fset.StringVar(&o.lang, "lang", "vi", "language of labels: vi, en, or the language the rule file writes; when not given, the rule file's (vi for the shipped ones)")
	c.fset.Lookup("lang").DefValue = "" // the default is the rule file's language, said in the text
}

// sample reports whether the command works on the embedded sample: the user gave neither
// data nor a rule file (settled by inputs).
func (o *opts) sample() bool { return o.sampleRun }

// inputs settles the data and rule file. The embedded sample is used only when the user gave
// neither; a rule file without data is a usage error; a default rule file taken for the
// user's data is stated on standard error.
func (o *opts) inputs(e *env) int {
	o.sampleRun = o.data == "" && o.rules == ""
	if !o.csvOptionsApply() {
		return exitUsage
	}
	if o.data == "" && o.rules != "" {
		o.c.fail("no data: give a data file (ntm %s DATA); the embedded sample is used only when neither data nor --rules is given", o.c.name)
		return exitUsage
	}
	if o.rules == "" {
		o.rules = defaultRules
		if o.data != "" {
			e.note("bộ tiêu chí: %s (mặc định; chọn bộ khác bằng --rules)", "rule file: %s (the default; choose another with --rules)", defaultRules)
			e.rulesDefaulted = true
		}
	}
	return exitOK
}

// csvOptionsApply refuses --comma and --decimal-comma when there is no file of the user's for
// them to apply to, and --comma for a file that is not CSV (--decimal-comma also reads the
// numbers written as strings in JSON, JSON Lines and YAML).
func (o *opts) csvOptionsApply() bool {
	if !o.c.given("comma") && !o.c.given("decimal-comma") {
		return true
	}
	ext := strings.ToLower(filepath.Ext(o.data))
	switch {
	case o.data == "":
		o.c.fail("--comma and --decimal-comma describe your data file; the embedded sample needs neither")
		return false
	case o.c.given("comma") && (ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".yaml" || ext == ".yml"):
		o.c.fail("--comma describes a CSV file; %s is %s", o.data, strings.TrimPrefix(ext, "."))
		return false
	}
	return true
}

// defaultRules takes the default rule file for a command whose main input is a rule file,
// and says so.
func (o *opts) defaultRules(e *env) {
	if o.rules == "" {
		o.rules = defaultRules
		e.note("bộ tiêu chí: %s (mặc định; chọn bộ khác bằng đối số hoặc --rules)", "rule file: %s (the default; give another as the argument or with --rules)", defaultRules)
	}
}

func (o *opts) check(e *env, formats ...string) bool {
	if o.lang != "" && ydec.LangProblem(o.lang) != "" {
		o.c.fail("--lang must be vi, en or the language a rule file writes (such as id): %s", ydec.LangProblem(o.lang))
		return false
	}
	e.lang, e.langOpt, e.langGiven = o.lang, &o.lang, o.c.given("lang")
	if o.format != "" && len(formats) > 0 && !contains(formats, o.format) {
		o.c.fail("--format must be one of %s, not %q", strings.Join(formats, ", "), o.format)
		return false
	}
	if o.comma == `\t` || strings.EqualFold(o.comma, "tab") {
		o.comma = "\t" // a shell passes '\t' as two characters
	}
	if o.c.given("comma") && utf8.RuneCountInString(o.comma) != 1 {
		o.c.fail("--comma must be a single character (or \\t or tab), not %q", o.comma)
		return false
	}
	if o.period != "" {
		if _, err := criteria.ParsePeriod(o.period); err != nil {
			o.c.fail("--period: %v", err)
			return false
		}
	}
	if o.format == "xlsx" && o.out == "" {
		o.c.fail("--format xlsx writes a workbook, which is no text: give the file with --out (e.g. --out ket-qua.xlsx)")
		return false
	}
	if o.out != "" {
		e.setOut(o.out, o.format)
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// loadRuleset loads a rule file from disk (extending shipped files as needed) or from the
// shipped set. Rule-file errors are findings (exit 1); an unreadable file is exit 2.
func loadRuleset(e *env, ref string) (*criteria.Ruleset, int) {
	f, code := locate(e, ref)
	if code != exitOK {
		return nil, code
	}
	rs, err := f.Ruleset()
	if err != nil {
		if kindError(e, err) {
			return nil, exitUsage
		}
		return nil, reportLoadError(e, err)
	}
	if code := e.settleLang(rs); code != exitOK {
		return nil, code
	}
	return rs, exitOK
}

// formatLine is the format a rule, case or scheme file declares at the top level.
var formatLine = regexp.MustCompile(`(?m)^format:\s*["']?(ntm\.[a-z]+/v[0-9]+)`)

// peekFormat reads the format a file declares in its first 8 KB, "" if none: enough to name
// a file's kind without reading a large data file whole.
func peekFormat(fsys fs.FS, name string) string {
	f, err := fsys.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 8<<10)
	n, _ := io.ReadFull(f, head)
	if m := formatLine.FindSubmatch(head[:n]); m != nil {
		return string(m[1])
	}
	return ""
}

// notData reports, and says what to do, when a file given as data is a rule, case or scheme
// file. It reads the file's first 8 KB only: a data file may be large.
func notData(e *env, fsys fs.FS, name, shown string) bool {
	got := peekFormat(fsys, name)
	if !strings.HasPrefix(got, "ntm.") {
		return false
	}
	return kindError(e, &catalog.WrongKind{Ref: shown, Is: got, Want: ""})
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// resolveFile finds a file through the library's catalog: on disk when it exists there (a
// regular file only), else among the shipped files by path, else by id@version.
func resolveFile(e *env, ref string) (fs.FS, string, []criteria.LoadOption, int) {
	f, code := locate(e, ref)
	if code != exitOK {
		return nil, "", nil, code
	}
	var lo []criteria.LoadOption
	if f.OnDisk {
		lo = append(lo, criteria.WithBase(rules.FS))
	}
	return f.FS, f.Name, lo, exitOK
}

// locate finds a file with catalog.Locate, remembering the folder of a file on disk so that
// problems in it are printed at the path given.
func locate(e *env, ref string) (catalog.File, int) {
	f, err := catalog.Locate(ref)
	if err != nil {
		hint := ""
		var ce *criteria.Error
		if errors.As(err, &ce) && ce.Suggest != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", ce.Suggest)
		}
		msg := err.Error()
		if ce != nil {
			msg = ce.Message
		}
		if ce != nil && ce.Code == criteria.CodeFileLimit {
			e.errorf("%s: %s [%s]", ref, msg, ce.Code)
			return catalog.File{}, exitUsage
		}
		e.errorf("cannot read %s: %s%s; run 'ntm list' for the shipped files", ref, strings.TrimSuffix(msg, " (criteria.List(rules.FS) lists them)"), hint)
		return catalog.File{}, exitUsage
	}
	if f.OnDisk {
		if d := filepath.Dir(ref); !contains(e.diskDirs, d) {
			e.diskDirs = append(e.diskDirs, d)
		}
	}
	return f, exitOK
}

// kindError says what a file of the wrong kind is and what to do with it, from the
// catalog's error; false for any other error.
func kindError(e *env, err error) bool {
	var wk *catalog.WrongKind
	if !errors.As(err, &wk) {
		return false
	}
	how := map[string]string{
		"":                   "give it as the data (the argument DATA)",
		criteria.FormatRules: "give it with --rules",
		criteria.FormatCases: "run it with: ntm test " + wk.Ref,
		scoring.FormatScheme: "give it with --scheme",
	}[wk.Is]
	if wk.Want == criteria.FormatCases && wk.Is == criteria.FormatRules {
		how = "its test cases go in a .cases.yaml file beside it (ntm test with no file runs the shipped ones)"
		if c := strings.TrimSuffix(wk.Ref, filepath.Ext(wk.Ref)) + ".cases.yaml"; fileExists(c) {
			how = "its cases are in " + c + ": ntm test " + c
		}
	}
	if how == "" {
		e.errorf("%v", err)
	} else {
		e.errorf("%v: %s", err, how)
	}
	return true
}

func reportLoadError(e *env, err error) int {
	list := criteria.Errors(err)
	if len(list) == 0 {
		e.errorf("%v", err)
		return exitUsage
	}
	for _, x := range list {
		fmt.Fprintln(e.err, e.show(x))
	}
	fmt.Fprintf(e.err, "ntm: %d problem(s)\n", len(list))
	return exitFindings
}

// show writes a problem with its file named as the user reached it (see asGiven).
func (e *env) show(x *criteria.Error) string {
	c := *x
	c.File = e.asGiven(c.File)
	return c.Error()
}

// asGiven writes the name of a file read from disk as the user reached it (tinh/bo/x.yaml,
// relative to the working folder when it is under it, else absolute), so that an editor can
// open the position; a shipped file keeps its name.
func (e *env) asGiven(file string) string {
	if file == "" {
		return file
	}
	abs := ""
	switch {
	case filepath.IsAbs(file):
		abs = file
	default:
		for _, d := range e.diskDirs {
			if p := filepath.Join(d, file); fileExists(p) {
				return p
			}
		}
		// A name the catalog opened from the root of the volume.
		if len(e.diskDirs) > 0 {
			if p := string(filepath.Separator) + filepath.FromSlash(file); fileExists(p) {
				abs = p
			}
		}
	}
	if abs == "" {
		return file
	}
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return abs
}

// readOptions are the reader options --comma and --decimal-comma ask for.
func (o *opts) readOptions() []data.Option {
	var ro []data.Option
	if o.comma != "" && o.comma != "," {
		r, _ := utf8.DecodeRuneInString(o.comma)
		ro = append(ro, data.WithComma(r))
	}
	if o.decimalComma {
		ro = append(ro, data.WithDecimalComma())
	}
	return ro
}

// readData reads the data file (or the embedded sample) typed by rs. Rejected rows are
// reported on standard error; the rest are returned. A file that cannot be read at all is
// exit 2; a file that holds no rows is exit 1, in every format.
func readData(e *env, o *opts, rs *criteria.Ruleset) (*data.DataSet, int) {
	if !o.sheetUsed(e) {
		return nil, exitUsage
	}
	ro := o.readOptions()
	var ds *data.DataSet
	if e.dataShown == "" {
		e.dataShown = dataName(o)
	}
	if o.data == "" {
		ds = data.ReadFile(sample.FS, sampleData, rs, ro...)
	} else {
		fsys, name, code := openData(e, o.data)
		if code != exitOK {
			return nil, code
		}
		ds = readFile(fsys, name, o.sheet, rs, ro...)
		for i := range ds.Errors {
			if ds.Errors[i].File == name {
				ds.Errors[i].File = o.data
			}
		}
	}
	for _, x := range ds.Errors {
		fmt.Fprintln(e.err, x.Error())
	}
	if ds.Rows == 0 {
		if len(ds.Errors) > 0 {
			e.errorf("%s could not be read", dataName(o))
			return ds, exitUsage
		}
		e.errorf("%s holds no rows", dataName(o))
		newTally(ds).report(e)
		return ds, exitFindings
	}
	return ds, exitOK
}

func dataName(o *opts) string {
	if o.data == "" {
		return "the sample data"
	}
	return o.data
}

// openData checks that a data file on disk is a regular file and returns the file system and
// name to read it with.
func openData(e *env, path string) (fs.FS, string, int) {
	st, err := os.Stat(path)
	if err != nil {
		e.errorf("cannot read %s: %v", path, unwrap(err))
		return nil, "", exitUsage
	}
	if !st.Mode().IsRegular() {
		e.errorf("cannot read %s: not a regular file", path)
		return nil, "", exitUsage
	}
	abs, _ := filepath.Abs(path)
	fsys, name := os.DirFS(filepath.Dir(abs)), filepath.Base(abs)
	if notData(e, fsys, name, path) {
		return nil, "", exitUsage
	}
	return fsys, name, exitOK
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// sheetUsed refuses a --sheet the data file does not use: it names a sheet of a workbook. A
// workbook of several sheets read without --sheet is read from its first, and the command
// says so.
func (o *opts) sheetUsed(e *env) bool {
	if o.sheet != "" && !isWorkbook(o.data) {
		e.errorf("--sheet %s names a sheet of a workbook (.xlsx); %s is not one", o.sheet, dataName(o))
		return false
	}
	if o.sheet == "" && isWorkbook(o.data) {
		abs, _ := filepath.Abs(o.data)
		if names, err := xlsx.SheetNames(os.DirFS(filepath.Dir(abs)), filepath.Base(abs)); err == nil && len(names) > 1 {
			e.note("bảng tính có %d trang (%s): đọc trang đầu, %q; chọn trang khác bằng --sheet",
				"the workbook has %d sheets (%s): the first, %q, is read; choose another with --sheet", len(names), strings.Join(names[:min(len(names), 10)], ", "), names[0])
		}
	}
	return true
}

// isWorkbook reports whether a data file is a workbook, by its extension.
func isWorkbook(name string) bool { return strings.EqualFold(filepath.Ext(name), ".xlsx") }

// openReader opens a data file as a stream of units: a workbook's sheet, or a CSV, JSON or
// YAML file.
func openReader(fsys fs.FS, name, sheet string, rs *criteria.Ruleset, ro ...data.Option) (*data.Reader, error) {
	if isWorkbook(name) {
		return xlsx.Open(fsys, name, sheet, rs, ro...)
	}
	return data.Open(fsys, name, rs, ro...)
}

// readFile reads a whole data file, a workbook's sheet included.
func readFile(fsys fs.FS, name, sheet string, rs *criteria.Ruleset, ro ...data.Option) *data.DataSet {
	if isWorkbook(name) {
		return xlsx.ReadFile(fsys, name, sheet, rs, ro...)
	}
	return data.ReadFile(fsys, name, rs, ro...)
}

// tally is the fate of every row read: evaluated, rejected (by the reader or the engine) or
// left out by a selection the user made (a period, unit codes). The four add up.
type tally struct {
	verb                      string // what became of the good rows: "evaluated" (the default) or "accepted"
	problems                  int    // errors reported by the readers, rows or not
	read, evaluated, rejected int
	leftOut                   int
	leftWhy                   []string
	afterSeen                 []criteria.Period // across: the periods after a reorganisation in its files
}

func newTally(ds *data.DataSet) *tally {
	return &tally{read: ds.Rows, rejected: ds.Rejected, problems: len(ds.Errors)}
}

// leave counts n rows left out by a selection, with why.
func (t *tally) leave(n int, why string) {
	if n > 0 {
		t.leftOut += n
		if !contains(t.leftWhy, why) {
			t.leftWhy = append(t.leftWhy, why)
		}
	}
}

// report writes the counts to standard error, in the command's language, and returns the
// exit status they imply: 1 when a row was rejected.
func (t *tally) report(e *env) int {
	e.counts = t
	w := e.err
	verb := t.verb
	if verb == "" {
		verb = "evaluated"
	}
	if e.lang == "vi" {
		fmt.Fprintf(w, "ntm: đọc %d dòng, %s %d, loại %d", t.read, map[string]string{"evaluated": "đánh giá", "accepted": "nhận"}[verb], t.evaluated, t.rejected)
		if t.leftOut > 0 {
			why := make([]string, len(t.leftWhy))
			for i, x := range t.leftWhy {
				why[i] = whyVI(x)
			}
			fmt.Fprintf(w, ", bỏ qua %d (%s)", t.leftOut, strings.Join(why, "; "))
		}
		if extra := t.problems - t.rejected; extra > 0 && t.rejected == 0 {
			fmt.Fprintf(w, "; %d vấn đề trong tệp", extra)
		}
	} else {
		fmt.Fprintf(w, "ntm: read %d rows, %s %d, rejected %d", t.read, verb, t.evaluated, t.rejected)
		if t.leftOut > 0 {
			fmt.Fprintf(w, ", left out %d (%s)", t.leftOut, strings.Join(t.leftWhy, "; "))
		}
		if extra := t.problems - t.rejected; extra > 0 && t.rejected == 0 {
			fmt.Fprintf(w, "; %d problem(s) in the file", extra)
		}
	}
	fmt.Fprintln(w)
	if e.rulesDefaulted && t.read > 0 && t.rejected == t.read {
		e.note("mọi dòng đều bị loại với bộ tiêu chí mặc định, của tỉnh Cà Mau (vùng dbscl): với tỉnh khác, chọn bộ tiêu chí bằng --rules (bộ của tỉnh, hoặc vn/mttq-xa-ntm-2016-2020.yaml cho mọi vùng)",
			"every row was rejected with the default rule file, Cà Mau's (region dbscl): for another province give one with --rules (the province's, or vn/mttq-xa-ntm-2016-2020.yaml for every region)")
	}
	if t.rejected > 0 || t.problems > 0 {
		return exitFindings
	}
	return exitOK
}

// sortUnits orders units by period, then code.
func sortUnits(units []*criteria.Unit) {
	sort.SliceStable(units, func(i, j int) bool {
		if units[i].Period != units[j].Period {
			return units[i].Period.Before(units[j].Period)
		}
		return units[i].Code < units[j].Code
	})
}

// inPeriods keeps the units whose period is in ps; the others are counted as left out.
func inPeriods(units []*criteria.Unit, t *tally, why string, ps ...criteria.Period) []*criteria.Unit {
	var out []*criteria.Unit
	for _, u := range units {
		for _, p := range ps {
			if u.Period == p {
				out = append(out, u)
				break
			}
		}
	}
	t.leave(len(units)-len(out), why)
	sortUnits(out)
	return out
}

// periodsIn names the periods present in the command's language, for a note.
func (e *env) periodsIn(ps []criteria.Period) string {
	if e.lang != "vi" {
		return periodList(ps)
	}
	if len(ps) == 0 {
		return "không có dòng nào được nhận"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return "các kỳ " + strings.Join(names, ", ")
}

// periodList names the periods present, for an error that says what exists.
func periodList(ps []criteria.Period) string {
	if len(ps) == 0 {
		return "no accepted rows"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return "periods " + strings.Join(names, ", ")
}

// wantPeriod checks that a period the user asked for (flag name, value) is among the periods
// of the data. An empty value is no selection. A period that matches nothing is a usage error
// naming what the data has.
func wantPeriod(e *env, flagName, value string, ps []criteria.Period) (criteria.Period, bool, int) {
	if value == "" {
		return criteria.Period{}, false, exitOK
	}
	p, err := criteria.ParsePeriod(value)
	if err != nil {
		e.errorf("--%s: %v", flagName, err)
		return p, false, exitUsage
	}
	if !slices.Contains(ps, p) {
		e.errorf("--%s %s matches no row: the data has %s", flagName, p, periodList(ps))
		return p, false, exitUsage
	}
	return p, true, exitOK
}

// onePeriod chooses the period a command that works on one period uses: --period, or the
// latest of the data's periods ps (in order), stated on standard error unless the run is the
// sample's demo. The rows of other periods are counted as left out by the caller.
func onePeriod(e *env, o *opts, ps []criteria.Period) (criteria.Period, int) {
	if len(ps) == 0 {
		e.errorf("no rows to evaluate: the data has no accepted rows")
		return criteria.Period{}, exitFindings
	}
	p, ok, code := wantPeriod(e, "period", o.period, ps)
	if code != exitOK || ok {
		return p, code
	}
	p = ps[len(ps)-1]
	if len(ps) > 1 && !o.sample() {
		e.note("kỳ %s, kỳ mới nhất trong dữ liệu (có %s; chọn bằng --period)", "period: %s, the latest in the data (it has %s; choose with --period)", p, e.periodsIn(ps))
	}
	return p, exitOK
}

// periods returns the periods present in the data, in order.
func periods(units []*criteria.Unit) []criteria.Period {
	seen := map[criteria.Period]bool{}
	for _, u := range units {
		seen[u.Period] = true
	}
	return sortedPeriods(seen)
}

// whyVI says in Vietnamese why rows were left out.
func whyVI(why string) string {
	switch {
	case strings.HasPrefix(why, "periods other than "):
		return "thuộc kỳ khác " + strings.TrimPrefix(why, "periods other than ")
	case why == "codes not in --units":
		return "mã không có trong --units"
	case why == "rows other than the one explained":
		return "không phải dòng được giải thích"
	}
	return why
}
