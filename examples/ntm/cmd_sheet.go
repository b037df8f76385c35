package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/criteria/sheet"
	"github.com/nongthonmoi/ntm/criteria/xlsx"
	"github.com/nongthonmoi/ntm/rules"
)

// cmdSheet writes a ruleset's indicators and targets as a sheet to fill in (export), or turns a
// filled sheet into a layer file that extends the ruleset (import).
func cmdSheet(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		sheetExport(e, []string{"-h"})
		fmt.Fprintln(e.out)
		return sheetImport(e, []string{"-h"})
	}
	if len(args) == 0 || args[0] != "export" && args[0] != "import" {
		e.errorf("sheet: say export or import: ntm sheet export RULES --out chi-tieu.xlsx; ntm sheet import chi-tieu.xlsx --base RULES --id tinh-x.xa-ntm --out tinh-x.yaml")
		return exitUsage
	}
	if args[0] == "export" {
		return sheetExport(e, args[1:])
	}
	return sheetImport(e, args[1:])
}

func sheetExport(e *env, args []string) int {
	var o opts
	c := newCLI(e, "sheet export", "RULES --out FILE", "RULES")
	o.c = c
	c.fset.StringVar(&o.rules, "rules", "", "the rule file to export: a file on disk, a shipped path or an id@version (also the argument RULES)")
	c.fset.StringVar(&o.out, "out", "", "the sheet to write: .xlsx (a workbook) or .csv (required)")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "rules", &o.rules) != nil {
		return exitUsage
	}
	if o.rules == "" || o.out == "" {
		c.fail("give the rule file and the sheet to write: ntm sheet export vn/xa-ntm-2026-2030.yaml --out chi-tieu.xlsx")
		return exitUsage
	}
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	rows := sheet.Export(rs)
	var write func(io.Writer) error
	switch strings.ToLower(filepath.Ext(o.out)) {
	case ".csv":
		write = func(w io.Writer) error { return sheet.WriteCSV(w, rows) }
	case ".xlsx":
		write = func(w io.Writer) error {
			b := xlsx.NewBook("Thông tin")
			cells := make([][]string, len(rows))
			for i, r := range rows {
				cells[i] = r.Cells()
			}
			if err := b.Add(xlsx.Table{Name: "Chỉ tiêu", Caption: []string{"# " + strings.Join(sheet.Labels, " | ")}, Header: sheet.Columns, Rows: cells}); err != nil {
				return err
			}
			if err := b.About("Thông tin", "Bảng chỉ tiêu để tỉnh điền", [][2]string{
				{"Bộ tiêu chí", rs.Title.In("vi") + " (" + rs.Ref() + ")"},
				{"Cách điền", "Mỗi dòng là một phép kiểm tra của một chỉ tiêu cho một cột (vùng hoặc nhóm xã). Điền mức đạt, độ tin cậy (verified, inferred, predecessor, unverified, conflicting) và nguồn (số, ngày quyết định). Dòng ghi “không” ở cột Sửa được không sửa trong bảng."},
				{"Chỉ tiêu mới", "Với tiêu chí chưa có chỉ tiêu: điền mã chỉ tiêu, tên, trường số liệu, kiểu (number, count, percent, boolean, text), đơn vị và phép so sánh; một dòng cho mỗi cột."},
				{"Nhập lại", "ntm sheet import <tệp này> --base " + rs.Ref() + " --id <mã của tỉnh> --out <tệp quy tắc>"},
			}); err != nil {
				return err
			}
			return b.Write(w)
		}
	default:
		c.fail("--out %s: the sheet is .xlsx or .csv", o.out)
		return exitUsage
	}
	if err := writeOut(o.out, write); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	e.note("đã ghi %s: %d dòng (%s)", "wrote %s: %d rows (%s)", o.out, len(rows), rs.Ref())
	return exitOK
}

func sheetImport(e *env, args []string) int {
	var o opts
	var base, id, version, title string
	var illustrative bool
	c := newCLI(e, "sheet import", "SHEET --base RULES --id ID --out FILE", "SHEET")
	c.fset.StringVar(&base, "base", "", "the rule file the layer extends: a file, a shipped path or an id@version (required)")
	c.fset.StringVar(&id, "id", "", "the layer's id, e.g. tinh-x.xa-ntm (required)")
	c.fset.StringVar(&version, "version", "", "the layer's version (default: the base's)")
	c.fset.StringVar(&title, "title", "", "the layer's title in Vietnamese (default: the base's, with the id)")
	c.fset.BoolVar(&illustrative, "illustrative", false, "the values are examples, not a decision's: the layer says so")
	c.fset.StringVar(&o.out, "out", "", "the layer file to write (required)")
	c.fset.StringVar(&o.sheet, "sheet", "", "the sheet of a workbook to read (default: the one named Chỉ tiêu, else the first)")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	var in string
	if c.takeInput(pos, 0, "data", &in) != nil {
		return exitUsage
	}
	if in == "" || base == "" || id == "" || o.out == "" {
		c.fail("give the filled sheet, --base, --id and --out: ntm sheet import chi-tieu.xlsx --base vn/xa-ntm-2026-2030.yaml --id tinh-x.xa-ntm --out tinh-x.yaml")
		return exitUsage
	}
	if o.sheet != "" && !isWorkbook(in) {
		e.errorf("--sheet %s names a sheet of a workbook (.xlsx); %s is not one", o.sheet, in)
		return exitUsage
	}
	rs, code := loadRuleset(e, base)
	if code != exitOK {
		return code
	}
	if version == "" {
		version = rs.Version
	}
	rows, errs := readSheetRows(in, o.sheet)
	if len(errs) > 0 {
		printErrors(e, errs)
		return exitUsage
	}
	opts := sheet.Options{ID: id, Version: version, File: filepath.Base(in), Illustrative: illustrative}
	if title != "" {
		opts.Title = criteria.Text{VI: title}
	}
	y, errs := sheet.Import(rs, rows, opts)
	if len(errs) > 0 {
		printErrors(e, errs)
		e.errorf("%d problem(s) in %s: nothing written", len(errs), in)
		return exitFindings
	}
	// The layer must load over its base before it is written.
	dir, name := filepath.Split(o.out)
	if dir == "" {
		dir = "."
	}
	if _, err := criteria.Parse(name, y, criteria.WithBase(rules.FS), criteria.WithBase(os.DirFS(dir))); err != nil {
		printErrors(e, criteria.Errors(err))
		e.errorf("the layer written from %s does not load: nothing written", in)
		return exitFindings
	}
	if err := writeOut(o.out, func(w io.Writer) error { _, err := w.Write(y); return err }); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	e.note("đã ghi %s (mở rộng %s) từ %d dòng của %s; kiểm tra bằng: ntm deviations %s",
		"wrote %s (extends %s) from %d rows of %s; check it with: ntm deviations %s", o.out, rs.Ref(), len(rows), in, o.out)
	return exitOK
}

// readSheetRows reads a filled sheet: a CSV file, or a workbook's sheet.
func readSheetRows(path, sheetName string) ([]sheet.Row, criteria.ErrorList) {
	if !isWorkbook(path) {
		f, err := os.Open(path)
		if err != nil {
			return nil, criteria.ErrorList{{File: path, Code: criteria.CodeSyntax, Message: fmt.Sprintf("cannot read the file: %v", unwrap(err))}}
		}
		defer f.Close()
		return sheet.ReadCSV(f, filepath.Base(path))
	}
	abs, _ := filepath.Abs(path)
	fsys, name := os.DirFS(filepath.Dir(abs)), filepath.Base(abs)
	if sheetName == "" {
		if names, err := xlsx.SheetNames(fsys, name); err == nil {
			for _, n := range names {
				if n == "Chỉ tiêu" {
					sheetName = n
				}
			}
		}
	}
	sh, err := xlsx.OpenSheet(fsys, name, sheetName)
	if err != nil {
		return nil, criteria.Errors(err)
	}
	defer sh.Close()
	var table [][]string
	var lines []int
	for sh.Next() {
		row, cells := sh.Row()
		rec := make([]string, len(cells))
		for i, c := range cells {
			rec[i] = cellText(c)
		}
		table = append(table, rec)
		lines = append(lines, row)
		if len(table) > sheet.MaxRows {
			return nil, criteria.ErrorList{{File: name, Code: criteria.CodeDataLimit, Message: "the sheet has more than " + strconv.Itoa(sheet.MaxRows) + " rows"}}
		}
	}
	if e := sh.Err(); e != nil {
		e.File = name
		return nil, criteria.ErrorList{e}
	}
	return sheet.FromTable(table, lines, name)
}

// cellText is a workbook cell as the sheet's text: yes/no as có/không.
func cellText(c data.Cell) string {
	if c.Kind == data.CellBool {
		if c.Text == "true" {
			return "có"
		}
		return "không"
	}
	return c.Text
}
