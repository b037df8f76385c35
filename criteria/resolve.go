package criteria

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// Resolve finds the rule file an extends value names, exactly as Load does, and returns the
// file system and the name to load it from.
//
// fsys and from are the file system and the name of the file that holds the extends; fsys
// may be nil (as for Parse), and then only the bases are searched. extends is either a path
// ending in .yaml or .yml, relative to the folder of from, or id@version, which is looked up
//
//  1. among the .yaml and .yml files directly in the folder of from (not in its sub-folders);
//  2. in the whole of fsys when it is an embed.FS, such as rules.FS;
//  3. in the whole of each base, in the order given.
//
// Nothing else is searched. Exactly one file may declare id@version among all these places:
// two files declaring it (a stale copy beside the file, or in a base) are an error naming
// both. A candidate that is not a regular file (a named pipe, a device, a directory, a link to
// one) is refused and never opened, and no file is read past the 8 MB rule-file limit.
//
// A ruleset named by id@version alone, as on a command line, is found with
//
//	fsys, name, err := criteria.Resolve(nil, "", "vn.xa-ntm@2016-2020", rules.FS)
//
// A failure is an *Error with Code CodeExtends, File from and Path "extends".
func Resolve(fsys fs.FS, from, extends string, bases ...fs.FS) (fs.FS, string, error) {
	r := &resolver{bases: bases}
	found, name, e := r.resolve(fsys, from, extends)
	if e != nil {
		return nil, "", e
	}
	return found, name, nil
}

// resolver finds the files named by extends. It remembers what it has read, so a chain of
// layers reads each folder and each base once.
type resolver struct {
	bases []fs.FS
	scans []*scan
}

// scan is what one place holds: the rule files it declares, and the files that could not be
// checked (which make any answer uncertain).
type scan struct {
	fsys     fs.FS
	dir      string // the folder searched, or "." with whole
	whole    bool   // every folder of fsys
	found    []candidate
	problems []string
}

type candidate struct {
	fsys fs.FS
	path string
	ref  string
	base int // 1-based index of the base it was found in; 0 for the file's own file system
}

func (r *resolver) resolve(fsys fs.FS, from, ext string) (fs.FS, string, *Error) {
	fail := func(format string, args ...any) (fs.FS, string, *Error) {
		return nil, "", &Error{File: from, Path: "extends", Code: CodeExtends, Message: fmt.Sprintf(format, args...)}
	}
	if strings.HasSuffix(ext, ".yaml") || strings.HasSuffix(ext, ".yml") {
		if fsys == nil {
			return fail("extends %q: a path needs a file system; load the file with Load", ext)
		}
		p := path.Join(path.Dir(from), ext)
		if !fs.ValidPath(p) {
			return fail("extends %q: %s is outside the file system the file is loaded from", ext, p)
		}
		st, err := fs.Stat(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			return fail("extends %q: no such file %s", ext, p)
		}
		if err != nil {
			return fail("extends %q: cannot read %s: %v", ext, p, ydec.PathErr(err))
		}
		if !st.Mode().IsRegular() {
			return fail("extends %q: %s is not a regular file (it is %s), so it is not opened", ext, p, ydec.FileKind(st.Mode()))
		}
		return fsys, p, nil
	}
	if !strings.Contains(ext, "@") {
		return fail("extends %q: expected id@version (e.g. vn.xa-ntm@2016-2020) or a relative path to a .yaml file", ext)
	}

	places := r.places(fsys, from)
	var matches []candidate
	var problems, refs []string
	for _, s := range places {
		problems = append(problems, s.problems...)
		for _, c := range s.found {
			refs = append(refs, c.ref)
			if c.ref == ext && !containsCandidate(matches, c) {
				matches = append(matches, c)
			}
		}
	}
	matches = sameContent(matches)
	switch {
	case len(problems) > 0:
		return fail("extends %q: cannot tell which file declares %s, as %d .yaml file(s) cannot be checked; remove or rename them: %s",
			ext, ext, len(problems), strings.Join(problems, "; "))
	case len(matches) > 1:
		names := make([]string, len(matches))
		for i, c := range matches {
			names[i] = c.String()
		}
		return fail("extends %q: %d files declare %s: %s; keep exactly one (a stale copy would silently change verdicts)",
			ext, len(matches), ext, strings.Join(names, " and "))
	case len(matches) == 1:
		return matches[0].fsys, matches[0].path, nil
	}
	_, _, e := fail("extends %q: no rule file declares %s %s; name a file elsewhere by its relative path (extends: other/file.yaml), or pass the file system that holds it with criteria.WithBase (criteria.WithBase(rules.FS) for a shipped ruleset)",
		ext, ext, r.searched(fsys, from))
	sort.Strings(refs)
	e.Suggest = ydec.Suggest(ext, refs)
	return nil, "", e
}

// searched says, for a message, where an id@version was looked for.
func (r *resolver) searched(fsys fs.FS, from string) string {
	var parts []string
	if fsys != nil {
		parts = append(parts, fmt.Sprintf("among the .yaml files directly in the folder of %s (sub-folders are not searched)", from))
		if isEmbedded(fsys) {
			parts = append(parts, "in the embedded file system it is loaded from")
		}
	}
	switch len(r.bases) {
	case 0:
		parts = append(parts, "in a base file system (none was given with criteria.WithBase)")
	case 1:
		parts = append(parts, "in the file system given with criteria.WithBase")
	default:
		parts = append(parts, fmt.Sprintf("in the %d file systems given with criteria.WithBase", len(r.bases)))
	}
	return strings.Join(parts, ", or ")
}

// places returns the places an id@version is looked up in, in order, each read once.
func (r *resolver) places(fsys fs.FS, from string) []*scan {
	var out []*scan
	if fsys != nil {
		out = append(out, r.scan(fsys, path.Dir(from), false, 0))
		if isEmbedded(fsys) {
			out = append(out, r.scan(fsys, ".", true, 0))
		}
	}
	for i, b := range r.bases {
		if b == nil {
			continue
		}
		s := r.scan(b, ".", true, i+1)
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

func (r *resolver) scan(fsys fs.FS, dir string, whole bool, base int) *scan {
	for _, s := range r.scans {
		if s.whole == whole && s.dir == dir && sameFS(s.fsys, fsys) {
			return s
		}
	}
	s := &scan{fsys: fsys, dir: dir, whole: whole}
	if whole {
		s.walk(base)
	} else {
		s.folder()
	}
	r.scans = append(r.scans, s)
	return s
}

// folder reads the rule files directly in s.dir.
func (s *scan) folder() {
	entries, err := fs.ReadDir(s.fsys, s.dir)
	if err != nil {
		s.problems = append(s.problems, fmt.Sprintf("cannot list the folder %s: %v", s.dir, ydec.PathErr(err)))
		return
	}
	for _, de := range entries {
		if isYAMLName(de.Name()) {
			s.check(path.Join(s.dir, de.Name()), de, 0)
		}
	}
}

// walk reads the rule files in every folder of s.fsys.
func (s *scan) walk(base int) {
	err := fs.WalkDir(s.fsys, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			s.problems = append(s.problems, fmt.Sprintf("cannot list %s: %v", describe(p, base), ydec.PathErr(err)))
			return nil
		}
		if !de.IsDir() && isYAMLName(p) {
			s.check(p, de, base)
		}
		return nil
	})
	if err != nil {
		s.problems = append(s.problems, fmt.Sprintf("cannot list %s: %v", describe(".", base), ydec.PathErr(err)))
	}
}

// check reads the header of one candidate file. A file that is not a regular file, cannot be
// read or is too large could declare the id@version looked for, so it is a problem rather
// than skipped; a file that is not a rule file is skipped.
func (s *scan) check(p string, de fs.DirEntry, base int) {
	if t := de.Type(); t&fs.ModeSymlink == 0 && !t.IsRegular() {
		s.problems = append(s.problems, fmt.Sprintf("%s: not a regular file (it is %s), so it is not opened", describe(p, base), ydec.FileKind(t)))
		return
	}
	e, ok, err := readHeader(s.fsys, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// a link to nothing, or a file removed meanwhile: it declares nothing
	case err != nil:
		s.problems = append(s.problems, fmt.Sprintf("%s: %v", describe(p, base), err))
	case ok && strings.HasPrefix(e.Format, "ntm.rules/"):
		s.found = append(s.found, candidate{fsys: s.fsys, path: p, ref: e.Ref(), base: base})
	}
}

// sameContent keeps one of the files that are byte for byte the same (the first found, the
// nearest): a checkout of the shipped files, whose copies are also compiled into the program,
// declares each id@version twice, and identical copies cannot change a verdict. Copies that
// differ, or cannot be read, all stay: which one is meant cannot be told.
func sameContent(list []candidate) []candidate {
	if len(list) < 2 {
		return list
	}
	first, err := readLimited(list[0].fsys, list[0].path)
	if err != nil {
		return list
	}
	for _, c := range list[1:] {
		if data, err := readLimited(c.fsys, c.path); err != nil || !bytes.Equal(data, first) {
			return list
		}
	}
	return list[:1]
}

func (c candidate) String() string { return describe(c.path, c.base) }

func describe(p string, base int) string {
	if base == 0 {
		return p
	}
	return fmt.Sprintf("%s (in base %d)", p, base)
}

func containsCandidate(list []candidate, c candidate) bool {
	for _, o := range list {
		if o.path == c.path && sameFS(o.fsys, c.fsys) {
			return true
		}
	}
	return false
}

func isYAMLName(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// isEmbedded reports whether fsys is compiled into the program: it holds only regular files,
// never changes and was chosen by the program's author, so all of it may be searched.
func isEmbedded(fsys fs.FS) bool {
	switch fsys.(type) {
	case embed.FS, *embed.FS:
		return true
	}
	return false
}

// sameFS reports whether a and b are the same file system, without panicking on file
// systems that cannot be compared (a map such as fstest.MapFS is the same when it is the
// same map).
func sameFS(a, b fs.FS) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() {
		return false
	}
	switch va.Kind() {
	case reflect.Map, reflect.Pointer, reflect.Chan, reflect.UnsafePointer:
		return va.UnsafePointer() == vb.UnsafePointer()
	case reflect.Slice:
		return va.Len() == vb.Len() && va.UnsafePointer() == vb.UnsafePointer()
	case reflect.Func:
		return false
	}
	return va.Comparable() && vb.Comparable() && va.Equal(vb)
}
