package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nongthonmoi/ntm/criteria"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
)

// Defaults: the Cà Mau commune file and the embedded sample data.
const (
	defaultRules  = "camau/xa-ntm-2016-2020.yaml"
	defaultScheme = "camau/thi-dua-2016-2020.yaml"
	sampleData    = "camau-communes.csv"
)

// opts are the flags most subcommands share.
type opts struct {
	rules        string
	data         string
	period       string
	format       string
	lang         string
	comma        string
	decimalComma bool
}

func newFlags(e *env, name, args string) *flag.FlagSet {
	fset := flag.NewFlagSet("ntm "+name, flag.ContinueOnError)
	fset.SetOutput(e.err)
	fset.Usage = func() {
		fmt.Fprintf(e.err, "Usage: ntm %s [flags] %s\n\nFlags:\n", name, args)
		fset.PrintDefaults()
	}
	return fset
}

// parseArgs parses flags and positional arguments in any order ("explain 32221 --lang en").
func parseArgs(fset *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		if fset.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fset.Arg(0))
		args = fset.Args()[1:]
	}
}

func (o *opts) addRules(fset *flag.FlagSet) {
	fset.StringVar(&o.rules, "rules", defaultRules, "rule file: a shipped path (e.g. vn/xa-ntm-2016-2020.yaml), an id@version, or a file on disk")
}

func (o *opts) addData(fset *flag.FlagSet) {
	fset.StringVar(&o.data, "data", "", "data file (.csv, .json, .yaml); default: the embedded Cà Mau sample")
	fset.StringVar(&o.period, "period", "", "period to use (2020, 2020-H1); default: the latest in the data")
	fset.StringVar(&o.comma, "comma", ",", "CSV field separator; ';' for spreadsheets saved with Vietnamese regional settings")
	fset.BoolVar(&o.decimalComma, "decimal-comma", false, "numbers are written 47,5 (Vietnamese locale)")
}

func (o *opts) addFormat(fset *flag.FlagSet, formats string) {
	fset.StringVar(&o.format, "format", "table", "output format: "+formats)
}

func (o *opts) addLang(fset *flag.FlagSet) {
	fset.StringVar(&o.lang, "lang", "vi", "language of labels: vi or en")
}

func (o *opts) check(e *env, formats ...string) bool {
	if o.lang != "" && o.lang != "vi" && o.lang != "en" {
		e.errorf("--lang must be vi or en, not %q", o.lang)
		return false
	}
	if o.format != "" && len(formats) > 0 && !contains(formats, o.format) {
		e.errorf("--format must be one of %s, not %q", strings.Join(formats, ", "), o.format)
		return false
	}
	if o.comma != "" && utf8.RuneCountInString(o.comma) != 1 {
		e.errorf("--comma must be a single character, not %q", o.comma)
		return false
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
	fsys, name, opts, code := resolveFile(e, ref)
	if code != exitOK {
		return nil, code
	}
	rs, err := criteria.Load(fsys, name, opts...)
	if err != nil {
		return nil, reportLoadError(e, err)
	}
	return rs, exitOK
}

// resolveFile finds a file: on disk when it exists there, else in the shipped rules (by
// path or by id@version).
func resolveFile(e *env, ref string) (fs.FS, string, []criteria.LoadOption, int) {
	if st, err := os.Stat(ref); err == nil && !st.IsDir() {
		abs, _ := filepath.Abs(ref)
		return os.DirFS(filepath.Dir(abs)), filepath.Base(abs), []criteria.LoadOption{criteria.WithBase(rules.FS)}, exitOK
	}
	if strings.Contains(ref, "@") {
		entries, _ := criteria.List(rules.FS)
		for _, en := range entries {
			if en.Ref() == ref {
				return rules.FS, en.Path, nil, exitOK
			}
		}
	}
	if _, err := fs.Stat(rules.FS, ref); err == nil {
		return rules.FS, ref, nil, exitOK
	}
	e.errorf("cannot read %s: no such file on disk or among the shipped rules (run 'ntm list')", ref)
	return nil, "", nil, exitUsage
}

func reportLoadError(e *env, err error) int {
	list := criteria.Errors(err)
	if len(list) == 0 {
		e.errorf("%v", err)
		return exitUsage
	}
	for _, x := range list {
		fmt.Fprintln(e.err, x.Error())
	}
	fmt.Fprintf(e.err, "ntm: %d problem(s)\n", len(list))
	return exitFindings
}

// readData reads the data file (or the embedded sample) typed by rs. Rejected rows are
// reported on standard error; the rest are returned. code is exitUsage when nothing could
// be read at all.
func readData(e *env, o *opts, rs *criteria.Ruleset) (*criteria.DataSet, int) {
	var ro []criteria.ReadOption
	if o.comma != "" && o.comma != "," {
		r, _ := utf8.DecodeRuneInString(o.comma)
		ro = append(ro, criteria.WithComma(r))
	}
	if o.decimalComma {
		ro = append(ro, criteria.WithDecimalComma())
	}
	var ds *criteria.DataSet
	if o.data == "" {
		ds = criteria.ReadFile(sample.FS, sampleData, rs, ro...)
	} else {
		if _, err := os.Stat(o.data); err != nil {
			e.errorf("cannot read %s: %v", o.data, unwrap(err))
			return nil, exitUsage
		}
		abs, _ := filepath.Abs(o.data)
		ds = criteria.ReadFile(os.DirFS(filepath.Dir(abs)), filepath.Base(abs), rs, ro...)
		for i := range ds.Errors {
			if ds.Errors[i].File == filepath.Base(abs) {
				ds.Errors[i].File = o.data
			}
		}
	}
	for _, x := range ds.Errors {
		fmt.Fprintln(e.err, x.Error())
	}
	if ds.Rows == 0 && len(ds.Errors) > 0 {
		return ds, exitUsage
	}
	return ds, exitOK
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// selectPeriod keeps the units of one period: the one asked for, or the latest in the data.
func selectPeriod(e *env, units []*criteria.Unit, want string) ([]*criteria.Unit, criteria.Period, bool) {
	var p criteria.Period
	if want != "" {
		var err error
		if p, err = criteria.ParsePeriod(want); err != nil {
			e.errorf("--period: %v", err)
			return nil, p, false
		}
	} else {
		for _, u := range units {
			if p.Year == 0 || p.Before(u.Period) {
				p = u.Period
			}
		}
	}
	var out []*criteria.Unit
	for _, u := range units {
		if u.Period == p {
			out = append(out, u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, p, true
}

// periods returns the periods present in the data, in order.
func periods(units []*criteria.Unit) []criteria.Period {
	seen := map[criteria.Period]bool{}
	var out []criteria.Period
	for _, u := range units {
		if !seen[u.Period] {
			seen[u.Period] = true
			out = append(out, u.Period)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// summarise writes the read/evaluated/rejected counts to standard error and returns the
// exit status they imply.
func summarise(w io.Writer, ds *criteria.DataSet, evaluated, failed int) int {
	fmt.Fprintf(w, "ntm: read %d rows, evaluated %d, rejected %d\n", ds.Rows, evaluated, ds.Rejected+failed)
	if ds.Rejected+failed > 0 {
		return exitFindings
	}
	return exitOK
}
