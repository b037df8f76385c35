// Package catalog opens the project's files the way a user names them: a path on disk, a path
// among the shipped files ("vn/xa-ntm-2016-2020.yaml"), or an id@version
// ("vn.xa-ntm@2016-2020"), through the one resolver the loaders use (a file's own folder, then
// the shipped set). A rule file on disk may extend shipped files; a case file finds its ruleset
// beside it; a scheme loads the ruleset it names when none is given.
//
//	rs, err := catalog.Ruleset("tinh-x.yaml")                          // or "vn/xa-ntm-2016-2020.yaml", "camau.xa-ntm@2016-2020"
//	sc, rs, err := catalog.Scheme("vn/thi-dua-mttq-2016-2020.yaml", rs) // nil rs: the ruleset the scheme names
//	cf, rs, err := catalog.Cases("tinh-x.cases.yaml")
//
// A file of another kind than the one asked for (a scheme given as a rule file, a rule file as
// a case file) is refused with an error that names what it is. The package imports the rules,
// criteria and scoring packages; a program that needs only the engine imports those alone.
package catalog

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/internal/ydec"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/scoring"
)

// File is where a reference was found.
type File struct {
	FS     fs.FS  // the file system holding it: the file's folder on disk, or rules.FS
	Name   string // its name in FS
	Ref    string // the reference as given
	OnDisk bool   // found on disk (else among the shipped files)
	Entry  criteria.Entry

	root string // a file on disk: the root of its volume, which FS opens
}

// onDisk names the files of problems found on disk by their absolute paths.
func (f File) onDisk(err error) error {
	if err == nil || f.root == "" {
		return err
	}
	for _, x := range criteria.Errors(err) {
		if x.File != "" && !filepath.IsAbs(x.File) && fs.ValidPath(x.File) {
			if _, statErr := fs.Stat(f.FS, x.File); statErr == nil {
				x.File = filepath.Join(f.root, filepath.FromSlash(x.File))
			}
		}
	}
	return err
}

// Locate finds the file ref names: a regular file on disk when ref names one, else a shipped
// file by its path, else the shipped rule file, scheme or case file that declares ref as
// id@version (a file of one's own is named by its path). A file on disk is opened from the
// root of its volume, so that it may extend a file in another folder (extends:
// ../vn/xa-ntm.yaml), and the problems found in it name it by its absolute path.
func Locate(ref string) (File, error) {
	if st, err := os.Stat(ref); err == nil {
		if !st.Mode().IsRegular() {
			return File{}, refErr(ref, "not a regular file, so it is not opened")
		}
		abs, err := filepath.Abs(ref)
		if err != nil {
			return File{}, refErr(ref, err.Error())
		}
		root := filepath.VolumeName(abs) + string(filepath.Separator)
		name, err := filepath.Rel(root, abs)
		if err != nil {
			return File{}, refErr(ref, err.Error())
		}
		return describe(File{FS: os.DirFS(root), Name: filepath.ToSlash(name), Ref: ref, OnDisk: true, root: root})
	}
	if fs.ValidPath(ref) {
		if st, err := fs.Stat(rules.FS, ref); err == nil && st.Mode().IsRegular() {
			return describe(File{FS: rules.FS, Name: ref, Ref: ref})
		}
	}
	if strings.Contains(ref, "@") && !strings.HasSuffix(ref, ".yaml") && !strings.HasSuffix(ref, ".yml") {
		if entries, err := criteria.List(rules.FS); err == nil { // schemes and case files by id@version
			for _, e := range entries {
				if e.Format != criteria.FormatRules && e.ID != "" && e.Ref() == ref {
					return describe(File{FS: rules.FS, Name: e.Path, Ref: ref})
				}
			}
		}
		fsys, name, err := criteria.Resolve(nil, "", ref, rules.FS)
		if err != nil {
			e := refErr(ref, "no shipped file declares it")
			if xs := criteria.Errors(err); len(xs) == 1 && xs[0].Suggest != "" {
				e.Suggest = xs[0].Suggest
			}
			return File{}, e
		}
		return describe(File{FS: fsys, Name: name, Ref: ref})
	}
	return File{}, refErr(ref, "no such file on disk or among the shipped files (criteria.List(rules.FS) lists them)")
}

func describe(f File) (File, error) {
	e, err := criteria.Describe(f.FS, f.Name)
	if err != nil {
		re := refErr(f.Ref, err.Error())
		if ydec.IsLimit(err) {
			re.Code = criteria.CodeFileLimit
		}
		return File{}, re
	}
	f.Entry = e
	return f, nil
}

func refErr(ref, msg string) *criteria.Error {
	return &criteria.Error{File: ref, Code: criteria.CodeExtends, Message: msg}
}

// kinds name the kinds of files by their format.
var kinds = map[string]string{
	criteria.FormatRules: "a rule file",
	criteria.FormatCases: "a case file",
	scoring.FormatScheme: "a scoring scheme",
	"":                   "a data file",
}

// WrongKind is the error of a file of another kind than the one asked for: Is names what it
// is and Want what was asked, by format ("" for a file that declares none, as data).
type WrongKind struct {
	Ref      string
	Is, Want string
}

// Unwrap gives the error as a *criteria.Error (code E-FORMAT), so that errors.As finds every
// error of the package as one type.
func (e *WrongKind) Unwrap() error {
	return &criteria.Error{File: e.Ref, Code: criteria.CodeFormat, Message: e.Error()}
}

func (e *WrongKind) Error() string {
	is, ok := kinds[e.Is]
	if !ok {
		is = "a file of format " + e.Is
	}
	if e.Is == "" {
		switch strings.ToLower(filepath.Ext(e.Ref)) {
		case ".csv", ".tsv", ".json", ".jsonl", ".ndjson":
			return fmt.Sprintf("%s is a data file, not %s", e.Ref, kinds[e.Want])
		}
		return fmt.Sprintf("%s declares no format, so it is not %s (which says format: %s)", e.Ref, kinds[e.Want], e.Want)
	}
	return fmt.Sprintf("%s is %s, not %s", e.Ref, is, kinds[e.Want])
}

// Expect returns a *WrongKind error unless the file is of the format given.
func (f File) Expect(format string) error { return f.expect(format) }

func (f File) expect(format string) error {
	if f.Entry.Format != format {
		return &WrongKind{Ref: f.Ref, Is: f.Entry.Format, Want: format}
	}
	return nil
}

// Ruleset loads the rule file ref names (see Locate). A file on disk may extend the shipped
// files.
func Ruleset(ref string) (*criteria.Ruleset, error) {
	f, err := Locate(ref)
	if err != nil {
		return nil, err
	}
	return f.Ruleset()
}

// Ruleset loads the located file as a rule file.
func (f File) Ruleset() (*criteria.Ruleset, error) {
	if err := f.expect(criteria.FormatRules); err != nil {
		return nil, err
	}
	rs, err := criteria.Load(f.FS, f.Name, criteria.WithBase(rules.FS))
	return rs, f.onDisk(err)
}

// Scheme loads the scoring scheme ref names, checked against rs; with a nil rs it loads the
// ruleset the scheme names (beside the scheme, then shipped) and returns it.
func Scheme(ref string, rs *criteria.Ruleset) (*scoring.Scheme, *criteria.Ruleset, error) {
	f, err := Locate(ref)
	if err != nil {
		return nil, nil, err
	}
	if err := f.expect(scoring.FormatScheme); err != nil {
		return nil, nil, err
	}
	if rs == nil {
		if f.Entry.Ruleset == "" {
			return nil, nil, refErr(ref, "the scheme names no ruleset (ruleset: id@version)")
		}
		if rs, err = near(f, f.Entry.Ruleset); err != nil {
			return nil, nil, err
		}
	}
	sc, err := scoring.Load(f.FS, f.Name, rs)
	if err != nil {
		return nil, nil, f.onDisk(err)
	}
	return sc, rs, nil
}

// Cases loads the case file ref names and the ruleset it is written for: beside the case
// file, then among the shipped files.
func Cases(ref string) (*criteria.CaseFile, *criteria.Ruleset, error) {
	f, err := Locate(ref)
	if err != nil {
		return nil, nil, err
	}
	if err := f.expect(criteria.FormatCases); err != nil {
		return nil, nil, err
	}
	cf, err := criteria.LoadCases(f.FS, f.Name)
	if err != nil {
		return nil, nil, f.onDisk(err)
	}
	rs, err := near(f, cf.Ruleset)
	if err != nil {
		return nil, nil, err
	}
	return cf, rs, nil
}

// RulesetNear loads the ruleset id@version a file refers to: beside it, then shipped.
func RulesetNear(f File, ref string) (*criteria.Ruleset, error) { return near(f, ref) }

func near(f File, ref string) (*criteria.Ruleset, error) {
	fsys, name, err := criteria.Resolve(f.FS, f.Name, ref, rules.FS)
	if err != nil {
		// Said at the file's ruleset: key, in the words of the tool's user.
		if xs := criteria.Errors(err); len(xs) == 1 && f.Entry.Ruleset == ref && f.Entry.RefPos.Line > 0 {
			x := xs[0]
			x.File, x.Line, x.Column, x.Path = f.Name, f.Entry.RefPos.Line, f.Entry.RefPos.Column, "ruleset"
			// Only "not found" is reworded; any other cause (two different files declaring it, a
			// file that cannot be checked) is kept, as it says what to fix.
			if strings.Contains(x.Message, ": no rule file declares ") {
				x.Message = fmt.Sprintf("no rule file declares %s beside this file nor among the shipped files", ref)
			} else {
				x.Message = strings.TrimPrefix(x.Message, fmt.Sprintf("extends %q: ", ref))
			}
		}
		return nil, f.onDisk(err)
	}
	rs, err := criteria.Load(fsys, name, criteria.WithBase(rules.FS))
	return rs, f.onDisk(err)
}
