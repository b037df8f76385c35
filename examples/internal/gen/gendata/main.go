// Command gendata writes the synthetic Cà Mau sample data of examples/data.
//
//	go generate ./examples/data
//
// runs it from the data directory (see the go:generate line in examples/data/doc.go).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nongthonmoi/ntm/internal/gen"
)

func main() {
	out := flag.String("out", ".", "directory to write the data files to")
	flag.Parse()
	files := []struct {
		name string
		make func() ([]byte, error)
	}{
		{gen.CommunesFile, gen.Communes},
		{gen.DistrictsFile, gen.Districts},
		{gen.NewUnitsFiles[2025], func() ([]byte, error) { return gen.NewUnits(2025) }},
		{gen.NewUnitsFiles[2026], func() ([]byte, error) { return gen.NewUnits(2026) }},
	}
	for _, f := range files {
		b, err := f.make()
		if err != nil {
			fmt.Fprintln(os.Stderr, "gendata:", err)
			os.Exit(1)
		}
		name := filepath.Join(*out, f.name)
		if err := os.WriteFile(name, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gendata:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", name)
	}
}
