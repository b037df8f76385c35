// Command docsgen regenerates the documentation generated from the shipped rule files: a
// table of each shipped criteria set (docs/criteria/, with an index) and the values a province
// should confirm (docs/values-to-confirm.md). Run it from the module root after changing a shipped
// rule file; the tests fail while a generated file is out of date.
//
//	go run ./examples/internal/docsgen [-dir docs] [-check]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	dir := flag.String("dir", "docs", "documentation folder")
	check := flag.Bool("check", false, "write nothing; exit 1 when a generated file is out of date")
	flag.Parse()
	os.Exit(run(*dir, *check, os.Stdout, os.Stderr))
}

func run(dir string, check bool, out, errw io.Writer) int {
	files, err := generatedDocs()
	if err != nil {
		fmt.Fprintln(errw, "docsgen:", err)
		return 1
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	status := 0
	for _, n := range names {
		p := filepath.Join(dir, n)
		if check {
			old, err := os.ReadFile(p)
			if err != nil || !bytes.Equal(old, files[n]) {
				fmt.Fprintf(errw, "docsgen: %s is out of date; run: go run ./examples/internal/docsgen\n", p)
				status = 1
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(errw, "docsgen:", err)
			return 2
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			fmt.Fprintln(errw, "docsgen:", err)
			return 2
		}
		fmt.Fprintf(out, "wrote %s\n", p)
	}
	return status
}
