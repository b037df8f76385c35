package criteria

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"gopkg.in/yaml.v3"
)

// Entry describes one file found by List: a rule file, a case file or a scoring scheme.
type Entry struct {
	Path         string
	Format       string // ntm.rules/v1, ntm.cases/v1, ntm.scoring/v1, …
	ID           string
	Version      string
	Title        Text
	Level        string
	Extends      string
	Illustrative bool
	Ruleset      string // for case files and schemes: the ruleset they refer to
	RefPos       Pos    // where the ruleset or extends value is written (Line 0 when neither is)
}

// Ref returns id@version.
func (e Entry) Ref() string { return e.ID + "@" + e.Version }

// List returns the YAML files of fsys that declare one of the project's formats, in path
// order, with their header fields (each file is parsed, within the 8 MB rule-file limit). List(rules.FS) lists what the project ships. Files that
// are not regular files are left out without being opened, and so are files larger than the
// 8 MB rule-file limit.
func List(fsys fs.FS) ([]Entry, error) {
	var walkErr error
	out := listFilesErr(fsys, &walkErr)
	return out, walkErr
}

func listFilesErr(fsys fs.FS, walkErr *error) []Entry {
	var out []Entry
	err := fs.WalkDir(fsys, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() || !isYAMLName(p) {
			return nil
		}
		if e, ok, err := readHeader(fsys, p); err == nil && ok {
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		*walkErr = err
	}
	return out
}

// readHeader reads the header keys of the YAML file p: its format, id, version and the rest
// of Entry. ok is false when the file does not declare one of the project's formats. It
// reads only regular files, and at most the rule-file size limit (see readLimited).
func readHeader(fsys fs.FS, p string) (e Entry, ok bool, err error) {
	data, err := readLimited(fsys, p)
	if err != nil {
		return Entry{}, false, err
	}
	// The file is parsed once into nodes and only its top-level keys are read: linear in its
	// size, whatever else it holds (decoding it into a struct checks every key against every
	// other, which took a minute on a file of 100,000 keys).
	if _, over := ydec.Separators(data); over {
		// Too many values to parse: its kind is read from its top-level lines, and loading it
		// says why it is refused.
		return headerLines(p, data)
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return Entry{}, false, nil
	}
	e = Entry{Path: p}
	top := doc.Content[0].Content
	str := func(n *yaml.Node) string {
		if n.Kind != yaml.ScalarNode {
			return ""
		}
		return strings.TrimSpace(n.Value)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(top); i += 2 {
		k, v := str(top[i]), top[i+1]
		if seen[k] {
			continue // the loader reports a key given twice
		}
		seen[k] = true
		switch k {
		case "format":
			e.Format = str(v)
		case "id":
			e.ID = str(v)
		case "version":
			e.Version = str(v)
		case "level":
			e.Level = str(v)
		case "extends":
			e.Extends, e.RefPos = str(v), Pos{File: p, Line: v.Line, Column: v.Column}
		case "ruleset":
			e.Ruleset, e.RefPos = str(v), Pos{File: p, Line: v.Line, Column: v.Column}
		case "illustrative":
			e.Illustrative = str(v) == "true"
		case "title":
			var t yamlText
			if v.Decode(&t) == nil {
				e.Title = Text(t)
			}
		}
	}
	if !strings.HasPrefix(e.Format, "ntm.") {
		return Entry{}, false, nil
	}
	return e, true, nil
}

// Describe reads the header of one file of fsys: its format, id, version, title and the
// ruleset it extends or refers to. A YAML file that declares none of the project's formats,
// or a file that is not YAML, is described with an empty Format (it may be data). It reads
// within the 8 MB rule-file limit.
func Describe(fsys fs.FS, name string) (Entry, error) {
	if !fs.ValidPath(name) {
		return Entry{}, InvalidPathError(name)
	}
	if ext := strings.ToLower(path.Ext(name)); ext != ".yaml" && ext != ".yml" {
		return Entry{Path: name}, nil
	}
	e, ok, err := readHeader(fsys, name)
	if err != nil {
		return Entry{}, err
	}
	if !ok {
		return Entry{Path: name}, nil
	}
	return e, nil
}

var headerLineRE = regexp.MustCompile(`(?m)^(format|id|version|level|extends|ruleset):[ \t]*"?([^"#\r\n]*?)"?[ \t]*(?:#.*)?\r?$`)

// headerLines reads the header keys of a file too large to parse from its top-level lines.
func headerLines(p string, data []byte) (Entry, bool, error) {
	e := Entry{Path: p}
	for _, m := range headerLineRE.FindAllSubmatch(data[:min(len(data), 64<<10)], -1) {
		v := strings.TrimSpace(string(m[2]))
		switch string(m[1]) {
		case "format":
			e.Format = v
		case "id":
			e.ID = v
		case "version":
			e.Version = v
		case "level":
			e.Level = v
		case "extends":
			e.Extends = v
		case "ruleset":
			e.Ruleset = v
		}
	}
	return e, strings.HasPrefix(e.Format, "ntm."), nil
}
