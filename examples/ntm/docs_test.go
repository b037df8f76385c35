package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDocsNameWhatExists: every command, flag and shipped or repository file the README and
// the docs name exists. A file name in backquotes is looked for in the repository, among the
// shipped rules, then beside the doc; names written as examples of the user's own files
// (tinh-x.yaml, my-province.yaml, communes.csv) are not.
func TestDocsNameWhatExists(t *testing.T) {
	docs, err := filepath.Glob("../../docs/*.md")
	require.NoError(t, err)
	docs = append(docs, "../../README.md")
	cmds := map[string]bool{"help": true}
	flags := map[string]bool{"version": true, "help": true}
	for _, c := range commands() {
		cmds[c.name] = true
		_, help, _ := ntm(t, c.name, "-h")
		for _, m := range regexp.MustCompile(`(?m)^  --([a-z0-9-]+)`).FindAllStringSubmatch(help, -1) {
			flags[m[1]] = true
		}
	}
	usersOwn := regexp.MustCompile(`^(tinh-[a-z]|my-|communes|nhan|so-lieu|x\.|xa-ntm\.yaml)`)
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		text := string(b)
		for _, m := range regexp.MustCompile(`(?:examples/ntm|\bntm) ([a-z]+)\b`).FindAllStringSubmatch(text, -1) {
			assert.True(t, cmds[m[1]], "%s names the command %q, which the tool does not have", doc, m[1])
		}
		for _, m := range regexp.MustCompile(`(?:^|[\s(\x60])--([a-z][a-z0-9-]+)`).FindAllStringSubmatch(text, -1) {
			assert.True(t, flags[m[1]], "%s names the flag --%s, which no command has", doc, m[1])
		}
		for _, m := range regexp.MustCompile("`([A-Za-z0-9_./-]+\\.(?:md|yaml|csv|json|go))`").FindAllStringSubmatch(text, -1) {
			name := m[1]
			if usersOwn.MatchString(filepath.Base(name)) {
				continue
			}
			found := false
			for _, dir := range []string{"../..", "../../rules", filepath.Dir(doc)} {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					found = true
				}
			}
			assert.True(t, found, "%s names %s, which is not in the repository", doc, name)
		}
	}
}
