package criteria

import (
	"io/fs"
	"strings"

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
}

// Ref returns id@version.
func (e Entry) Ref() string { return e.ID + "@" + e.Version }

// List returns the YAML files of fsys that declare one of the project's formats, in path
// order, reading only their headers. List(rules.FS) lists what the project ships.
func List(fsys fs.FS) ([]Entry, error) {
	var walkErr error
	out := listFilesErr(fsys, &walkErr)
	return out, walkErr
}

func listFiles(fsys fs.FS) []Entry {
	var err error
	return listFilesErr(fsys, &err)
}

func listFilesErr(fsys fs.FS, walkErr *error) []Entry {
	var out []Entry
	err := fs.WalkDir(fsys, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if de.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			return nil
		}
		data, err := readLimited(fsys, p)
		if err != nil {
			return nil
		}
		var h struct {
			Format       string `yaml:"format"`
			ID           string `yaml:"id"`
			Version      string `yaml:"version"`
			Title        Text   `yaml:"title"`
			Level        string `yaml:"level"`
			Extends      string `yaml:"extends"`
			Illustrative bool   `yaml:"illustrative"`
			Ruleset      string `yaml:"ruleset"`
		}
		if yaml.Unmarshal(data, &h) != nil || !strings.HasPrefix(h.Format, "ntm.") {
			return nil
		}
		out = append(out, Entry{Path: p, Format: h.Format, ID: h.ID, Version: h.Version, Title: h.Title, Level: h.Level,
			Extends: h.Extends, Illustrative: h.Illustrative, Ruleset: h.Ruleset})
		return nil
	})
	if err != nil {
		*walkErr = err
	}
	return out
}
