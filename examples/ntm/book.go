package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
)

// A command's output goes to a file with --out: text as it would be printed, or, with
// --format xlsx, a workbook whose sheets are the tables the command prints, each under the
// lines printed before it, after an about sheet (the ruleset, its legal documents, the data).

// bookWriter stands in for the standard output of a command writing a workbook: text written
// to it becomes the caption of the next table.
type bookWriter struct {
	e       *env
	book    *xlsx.Book
	text    strings.Builder
	tables  int
	trailer []string // text after the last table
}

func (b *bookWriter) Write(p []byte) (int, error) { return b.text.Write(p) }

// add writes a table as a sheet, under the text written since the last one.
func (b *bookWriter) add(t *table) error {
	var caption []string
	for _, l := range strings.Split(strings.TrimSpace(b.text.String()), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			caption = append(caption, l)
		}
	}
	b.text.Reset()
	b.tables++
	name := fmt.Sprintf("%s %d", tr(b.e.lang, "Bảng", "Table"), b.tables)
	if len(caption) > 0 {
		name = caption[len(caption)-1] // the line just above the table names it
		if i := strings.Index(caption[0], " — "); i > 0 {
			name = caption[0][i+len(" — "):] // "Title — kỳ 2020": named by what follows
		}
	}
	// A right-aligned column is numbers when every cell of it reads as one (a column of
	// criterion ids, "10, 13", stays text even where a cell holds one id).
	comma := decimalComma(b.e.lang)
	numeric := make([]bool, len(t.header))
	for c := range numeric {
		numeric[c] = c < len(t.right) && t.right[c]
		for _, r := range t.rows {
			if numeric[c] && c < len(r) && r[c] != "" && !xlsx.IsNumber(r[c], comma) {
				numeric[c] = false
			}
		}
	}
	return b.book.Add(xlsx.Table{Name: name, Caption: caption, Header: t.header, Rows: t.rows, Numeric: numeric,
		Comma: comma, Status: b.e.statusWords()})
}

// decimalComma reports whether the command's language writes numbers with a decimal comma.
func decimalComma(lang string) bool {
	n, _ := criteria.ParseNumber("1.5")
	return strings.Contains(criteria.FormatNumber(n, lang), ",")
}

// statusWords are the texts a table cell is coloured by: the statuses in the command's
// language (and the ruleset's words for them), and the marks of a criteria matrix.
func (e *env) statusWords() map[string]xlsx.Status {
	m := map[string]xlsx.Status{"✓": xlsx.StatusMet, "✗": xlsx.StatusNotMet, "?": xlsx.StatusUnknown}
	for s, st := range map[criteria.Status]xlsx.Status{criteria.Met: xlsx.StatusMet, criteria.NotMet: xlsx.StatusNotMet, criteria.Unknown: xlsx.StatusUnknown} {
		m[s.Label(e.lang)] = st
		if e.rules != nil {
			key := map[criteria.Status]string{criteria.Met: "met", criteria.NotMet: "not_met", criteria.Unknown: "unknown"}[s]
			if w, ok := e.rules.Word(key, e.lang); ok {
				m[w] = st
			}
		}
	}
	return m
}

// setOut sends the command's output to a file: a workbook for --format xlsx, else the text.
// The file is written when the command ends, unless it ends with a usage error.
func (e *env) setOut(path, format string) {
	if format == "xlsx" {
		bw := &bookWriter{e: e, book: xlsx.NewBook(tr(e.lang, "Thông tin", "About"))}
		e.out = bw
		e.finish = func() error {
			if rest := strings.TrimSpace(bw.text.String()); rest != "" {
				bw.trailer = append(bw.trailer, rest)
			}
			if bw.tables == 0 {
				return fmt.Errorf("the command wrote no table to put in a workbook: use a text format")
			}
			if err := bw.book.About(tr(e.lang, "Thông tin", "About"), tr(e.lang, "Kết quả đánh giá nông thôn mới", "New-rural evaluation results"), e.about(bw.trailer)); err != nil {
				return err
			}
			return writeOut(path, bw.book.Write)
		}
		return
	}
	var buf bytes.Buffer
	e.out = &buf
	e.finish = func() error {
		return writeOut(path, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err })
	}
}

// about is what the about sheet says: the ruleset, its legal documents, the data.
func (e *env) about(trailer []string) [][2]string {
	var lines [][2]string
	add := func(vi, en, v string) { lines = append(lines, [2]string{tr(e.lang, vi, en), v}) }
	if rs := e.rules; rs != nil {
		add("Bộ tiêu chí", "Ruleset", rs.Title.In(e.lang))
		add("Mã và phiên bản", "Id and version", rs.Ref())
		add("Hiệu lực", "In force", rs.Effective.From+" – "+rs.Effective.Until)
		if rs.Illustrative {
			add("Lưu ý", "Note", tr(e.lang, "bộ tiêu chí có giá trị minh họa, chưa phải văn bản pháp lý", "the ruleset is illustrative, not law"))
		}
		seen := map[string]bool{}
		for r := rs; r != nil; r = r.Base {
			for _, d := range r.Legal {
				if seen[d.ID] {
					continue
				}
				seen[d.ID] = true
				v := d.ID + ": " + d.Title.In(e.lang)
				if d.Date != "" {
					v += " (" + d.Date + ")"
				}
				add("Căn cứ", "Legal basis", v)
			}
		}
	}
	if sc := e.scheme; sc != nil {
		add("Thang điểm", "Scoring scheme", sc.Title.In(e.lang)+" ("+sc.ID+"@"+sc.Version+")")
	}
	if e.dataShown != "" {
		add("Số liệu", "Data", e.dataShown)
	}
	if t := e.counts; t != nil {
		add("Số dòng", "Rows", fmt.Sprintf(tr(e.lang, "đọc %d, đánh giá %d, loại %d, bỏ qua %d (các lỗi được ghi khi chạy lệnh)", "read %d, evaluated %d, rejected %d, left out %d (the errors are printed when the command runs)"),
			t.read, t.evaluated, t.rejected, t.leftOut))
	}
	add("Công cụ", "Tool", "ntm "+version())
	for _, t := range trailer {
		add("Ghi chú", "Note", t)
	}
	return lines
}
