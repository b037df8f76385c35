package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/nongthonmoi/ntm/internal/cell"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// table is rows of text rendered as an aligned table, CSV or Markdown.
type table struct {
	header []string
	rows   [][]string
	right  []bool // right-align a column (numbers)
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// displayWidth counts the terminal columns a string takes: combining marks take none, wide
// East Asian characters two, everything else (Vietnamese letters in NFC included) one.
func displayWidth(s string) int {
	n := 0
	for _, r := range norm.NFC.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func (t *table) render(w io.Writer, format string) error {
	if bw, ok := w.(*bookWriter); ok { // --format xlsx: every table is a sheet
		return bw.add(t)
	}
	if format == "xlsx" {
		return fmt.Errorf("a workbook is written to a file: give it with --out")
	}
	switch format {
	case "csv":
		// Cells are neutralised so that a spreadsheet never runs one as a formula.
		cw := csv.NewWriter(w)
		for _, r := range append([][]string{t.header}, t.rows...) {
			safe := make([]string, len(r))
			for i, c := range r {
				safe[i] = cell.Neutralize(c)
			}
			if err := cw.Write(safe); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "md":
		fmt.Fprintf(w, "| %s |\n", strings.Join(escapeMD(t.header), " | "))
		seps := make([]string, len(t.header))
		for i := range seps {
			seps[i] = "---"
			if i < len(t.right) && t.right[i] {
				seps[i] = "---:"
			}
		}
		fmt.Fprintf(w, "|%s|\n", strings.Join(seps, "|"))
		for _, r := range t.rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(escapeMD(r), " | "))
		}
		return nil
	}
	widths := t.widths()
	t.line(w, widths, t.header)
	rule := make([]string, len(t.header))
	for i := range rule {
		rule[i] = strings.Repeat("─", widths[i])
	}
	t.line(w, widths, rule)
	for _, r := range t.rows {
		t.line(w, widths, r)
	}
	return nil
}

// widths returns the display width of each column: its widest cell.
func (t *table) widths() []int {
	widths := make([]int, len(t.header))
	for _, r := range append([][]string{t.header}, t.rows...) {
		for i, c := range r {
			if i < len(widths) && displayWidth(c) > widths[i] {
				widths[i] = displayWidth(c)
			}
		}
	}
	return widths
}

// line writes one row aligned to widths (a wider cell widens its own line only).
func (t *table) line(w io.Writer, widths []int, cells []string) {
	var b strings.Builder
	for i, c := range cells {
		if i >= len(widths) {
			break
		}
		pad := strings.Repeat(" ", max(widths[i]-displayWidth(c), 0))
		if i < len(t.right) && t.right[i] {
			b.WriteString(pad + c)
		} else {
			b.WriteString(c + pad)
		}
		if i < len(cells)-1 {
			b.WriteString("  ")
		}
	}
	fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
}

func escapeMD(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.ReplaceAll(strings.ReplaceAll(c, "|", `\|`), "\n", " ")
	}
	return out
}

// tr picks the Vietnamese or English text.
func tr(lang, vi, en string) string {
	if lang == "vi" || lang == "" {
		return vi
	}
	return en
}
