package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/lineage"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/nongthonmoi/ntm/rules/catalog"
	"github.com/nongthonmoi/ntm/scoring"
)

// targetRow is one check's target for a region and year.
type targetRow struct {
	op         criteria.Op
	conf       criteria.Confidence
	Criterion  string `json:"criterion"`
	Indicator  string `json:"indicator"`
	Check      string `json:"check"`
	Name       string `json:"name"`
	Measure    string `json:"measure"`
	Op         string `json:"op"`
	Target     any    `json:"target"`
	Unit       string `json:"unit,omitempty"`
	Confidence string `json:"confidence"`
	Column     string `json:"column"`
	Source     string `json:"source,omitempty"`
	Note       string `json:"note,omitempty"`
	Missing    string `json:"missing,omitempty"`
	Disabled   string `json:"disabled,omitempty"`
	Follows    string `json:"follows,omitempty"` // a relative target: "1,1 × mức của chỉ tiêu 10.1"
}

// columnLabel names a target column for a reader: a region by its name, the national and
// all-regions columns in words.
func columnLabel(rs *criteria.Ruleset, col, lang string) string {
	switch col {
	case "national":
		return tr(lang, "toàn quốc", "national")
	case "all":
		return tr(lang, "mọi vùng", "all regions")
	}
	for _, r := range rs.AllowedRegions() {
		if r.ID == col && !r.Name.IsZero() {
			return r.Name.In(lang)
		}
	}
	return col
}

func cmdTargets(ctx context.Context, e *env, args []string) int {
	var o opts
	var region string
	var year int
	c := newCLI(e, "targets", "[RULES]", "RULES")
	o.addRules(c)
	o.addFormat(c, "table, csv, md, json")
	o.addLang(c)
	c.fset.StringVar(&region, "region", "", "region id (default: the first region the ruleset accepts)")
	c.fset.IntVar(&year, "year", 0, "year (default: the last year in force)")
	var wide bool
	c.fset.BoolVar(&wide, "wide", false, "table formats: add each target's source and notes, as the rule file writes them")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "rules", &o.rules) != nil || !o.check(e, "table", "csv", "md", "json") {
		return exitUsage
	}
	o.defaultRules(e)
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	prog, err := rs.Compile()
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if c.given("year") && year == 0 {
		c.fail("--year 0 is not a year; leave --year out to take the last year in force")
		return exitUsage
	}
	if region == "" {
		region = rs.AllowedRegions()[0].ID
		e.note("vùng %s, vùng đầu tiên bộ tiêu chí nhận (chọn bằng --region %s)", "region: %[2]s, the first the ruleset accepts (choose with --region)", columnLabel(rs, region, "vi"), region)
	}
	if year == 0 {
		from, until := rs.Years()
		year = until
		if until == 0 {
			year = from
		}
		e.note("năm %d, năm cuối còn hiệu lực (chọn bằng --year)", "year: %d, the last in force (choose with --year)", year)
	}
	var rows []targetRow
	add := func(crit string, ind *criteria.Indicator) error {
		for _, ch := range ind.Checks {
			t, err := prog.Target(ind.ID, ch.ID, region, year)
			if err != nil {
				return err
			}
			name := ind.Name.In(o.lang)
			if !ch.Label.IsZero() {
				if len(ind.Checks) > 1 && !wide { // the checks of one indicator told apart by their own labels
					name = ch.Label.In(o.lang)
				} else {
					name += " — " + ch.Label.In(o.lang)
				}
			}
			var tv any
			if t.Known() {
				tv = t.Value
			}
			rows = append(rows, targetRow{op: ch.Op, conf: t.Confidence, Criterion: crit, Indicator: ind.ID, Check: ch.ID, Name: name, Measure: ch.Measure, Op: ch.Op.String(),
				Target: tv, Unit: ch.Unit, Confidence: t.Confidence.String(), Column: t.Column, Source: t.Source, Note: t.Note, Missing: t.Missing, Disabled: ind.Disabled,
				Follows: t.Relation(o.lang)})
		}
		return nil
	}
	for _, c := range rs.Criteria {
		for _, ind := range c.Indicators {
			if err := add(c.ID, ind); err != nil {
				e.errorf("%v", err)
				return exitUsage
			}
		}
	}
	for _, ind := range rs.Conditions {
		if err := add(string(ind.Kind), ind); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
	}
	if o.format == "json" {
		enc := json.NewEncoder(e.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(map[string]any{"format": "ntm.targets/v1", "ruleset": rs.Ref(), "region": region, "year": year, "targets": rows})
		return exitOK
	}
	header := []string{tr(o.lang, "Chỉ tiêu", "Indicator"), tr(o.lang, "Nội dung", "What"),
		tr(o.lang, "Chỉ tiêu đặt ra", "Target"), tr(o.lang, "Độ tin cậy", "Confidence")}
	nameWidth := 32 // the table fits 100 columns
	if o.format == "csv" {
		wide = true // for programs: every text whole
	}
	if wide {
		nameWidth = 1 << 20
		header = append(header, tr(o.lang, "Nguồn, ghi chú (như tệp quy tắc ghi)", "Source, notes (as the rule file writes them)"))
	}
	t := &table{header: header}
	for _, r := range rows {
		ind := r.Indicator                           // its number begins with its criterion's
		if _, ok := rs.Criterion(r.Criterion); !ok { // a recognition condition: no number
			ind = tr(o.lang, "điều kiện", "condition")
		}
		var target string
		switch {
		case r.Disabled != "":
			target = tr(o.lang, "không đánh giá", "not assessed")
		case r.Target == nil && r.Follows != "":
			target = r.op.Symbol() + " " + r.Follows // follows each unit's own value
		case r.Target == nil:
			target = tr(o.lang, "chưa có chỉ tiêu", "no target")
		default:
			v := r.Target.(criteria.Value)
			target = r.op.Symbol() + " " + v.Format(o.lang)
			if _, isNum := v.Number(); isNum && r.Unit != "" {
				target += " " + r.Unit
			}
			if r.Follows != "" {
				target += " (" + r.Follows + ")"
			}
		}
		conf := r.conf.Label(o.lang)
		if r.Column != region && r.Column != "all" && r.Column != "" {
			conf += " (" + columnLabel(rs, r.Column, o.lang) + ")"
		}
		row := []string{ind, shorten(r.Name, nameWidth), target, conf}
		if wide {
			var more []string
			for _, x := range []string{r.Source, r.Note, r.Missing, r.Disabled} {
				if x != "" {
					more = append(more, x)
				}
			}
			row = append(row, strings.Join(more, "; "))
		}
		t.add(row...)
	}
	if o.format == "table" {
		fmt.Fprintf(e.out, "%s — %s %s, %s %d\n\n", rs.Title.In(o.lang), tr(o.lang, "vùng", "region"), columnLabel(rs, region, o.lang), tr(o.lang, "năm", "year"), year)
	}
	_ = t.render(e.out, o.format)
	return exitOK
}

func cmdDeviations(ctx context.Context, e *env, args []string) int {
	var o opts
	var inherited, wide bool
	var failOn string
	c := newCLI(e, "deviations", "[RULES]", "RULES")
	o.addRules(c)
	o.addFormat(c, "table, csv, md, json")
	o.addLang(c)
	c.fset.BoolVar(&inherited, "inherited", false, "also list what the files it extends changed, after its own changes")
	c.fset.BoolVar(&wide, "wide", false, "table formats: every text whole, with each change's reason")
	c.fset.StringVar(&failOn, "fail-on", "", "exit 1 when the file's own changes include one of these (comma-separated): loosens, unsets, removes, tightens, fills, not_comparable")
	pos, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if c.takeInput(pos, 0, "rules", &o.rules) != nil || !o.check(e, "table", "csv", "md", "json") {
		return exitUsage
	}
	var fail []string
	for _, f := range strings.Split(failOn, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !contains([]string{"loosens", "unsets", "removes", "tightens", "fills", "not_comparable"}, f) {
			c.fail("--fail-on %s: one of loosens, unsets, removes, tightens, fills, not_comparable", f)
			return exitUsage
		}
		fail = append(fail, f)
	}
	o.defaultRules(e)
	rs, code := loadRuleset(e, o.rules)
	if code != exitOK {
		return code
	}
	var own, base []criteria.Deviation
	for _, d := range rs.Deviations() {
		if d.Layer == rs.Ref() {
			own = append(own, d)
		} else {
			base = append(base, d)
		}
	}
	devs := own
	if inherited {
		devs = append(append([]criteria.Deviation(nil), own...), base...)
	}
	if o.format == "json" {
		type dj struct {
			Layer, Kind, Path, Old, New, Effect, Reason, Position string
		}
		out := []dj{}
		for _, d := range devs {
			out = append(out, dj{d.Layer, d.Kind, d.Path, d.Old, d.New, d.Effect, d.Reason, d.Pos.String()})
		}
		enc := json.NewEncoder(e.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(out)
	} else {
		if o.format == "csv" {
			wide = true // for programs: every text whole
		}
		cut := func(s string, n int) string {
			if wide {
				return s
			}
			return shorten(s, n)
		}
		header := []string{tr(o.lang, "Mục", "Item"), tr(o.lang, "Trước", "Before"), tr(o.lang, "Sau", "After"),
			tr(o.lang, "Thay đổi", "Change"), tr(o.lang, "Dòng", "Line")}
		if wide {
			header = append(header, tr(o.lang, "Lý do (như tệp ghi)", "Reason (as the file writes it)"))
		}
		t := &table{header: header}
		for _, d := range devs {
			before, after := d.Values(o.lang)
			change := d.KindLabel(o.lang)
			if d.Effect != "" {
				change = d.EffectLabel(o.lang)
			}
			at := strconv.Itoa(d.Pos.Line)
			if d.Layer != rs.Ref() {
				at = fmt.Sprintf("%s:%d", d.Pos.File, d.Pos.Line)
			}
			row := []string{cut(d.What(o.lang), 30), cut(before, 18), cut(after, 18), change, at}
			if wide {
				reason := d.Reason
				if d.Kind == "regions_restricted" || d.Kind == "annotation" {
					reason = "" // the engine's own words, which the item and value already say
				}
				row = append(row, reason)
			}
			t.add(row...)
		}
		if o.format == "table" {
			fmt.Fprintf(e.out, "%s — %s\n\n", rs.Title.In(o.lang), tr(o.lang, "những thay đổi của tệp so với bộ tiêu chí gốc", "what the file changes in the ruleset it extends"))
		}
		_ = t.render(e.out, o.format)
		if !inherited && len(base) > 0 && o.format == "table" {
			fmt.Fprintf(e.out, "\n%s\n", tr(o.lang, fmt.Sprintf("Cùng %d thay đổi của các tệp gốc: xem bằng --inherited.", len(base)),
				fmt.Sprintf("And %d changes made by the files it extends: list them with --inherited.", len(base))))
		}
	}
	var bad []string
	for _, d := range own {
		for _, f := range fail {
			hit := d.Effect == f || f == "removes" && d.Kind == "indicator_disabled" || f == "unsets" && d.Unsets()
			if hit {
				bad = append(bad, fmt.Sprintf("%s:%d: %s (%s)", o.rules, d.Pos.Line, d.What("en"), f))
			}
		}
	}
	if len(bad) > 0 {
		for _, b := range bad {
			fmt.Fprintln(e.err, b)
		}
		e.errorf("%d of the file's own changes are of a kind --fail-on refuses", len(bad))
		return exitFindings
	}
	return exitOK
}

func cmdList(ctx context.Context, e *env, args []string) int {
	var o opts
	c := newCLI(e, "list", "")
	o.addLang(c)
	if _, err := c.parse(args); err != nil {
		return status(err)
	}
	if !o.check(e) {
		return exitUsage
	}
	lang := o.lang
	entries, err := criteria.List(rules.FS)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	kind := map[string][2]string{
		criteria.FormatRules: {"bộ tiêu chí", "rule file"},
		criteria.FormatCases: {"ca kiểm thử", "case file"},
		scoring.FormatScheme: {"thang điểm", "scoring scheme"},
	}
	t := &table{header: []string{tr(lang, "Tệp", "Path"), tr(lang, "Loại", "Kind"), tr(lang, "Mã@phiên bản", "Id@version"),
		tr(lang, "Cấp", "Level"), tr(lang, "Mở rộng / chấm theo", "Extends / ruleset"), tr(lang, "Minh họa", "Illustrative"), tr(lang, "Tên", "Title")}}
	for _, en := range entries {
		ref, base := en.Ref(), en.Extends
		if en.ID == "" {
			ref = ""
		}
		if base == "" {
			base = en.Ruleset
		}
		ill := ""
		if en.Illustrative {
			ill = tr(lang, "có", "yes")
		}
		k := en.Format
		if n, ok := kind[en.Format]; ok {
			k = tr(lang, n[0], n[1])
		}
		level := en.Level
		if level != "" {
			level = criteria.LevelLabel(criteria.Level(level)).In(lang)
		}
		t.add(en.Path, k, ref, level, base, ill, en.Title.In(lang))
	}
	_ = t.render(e.out, "table")
	return exitOK
}

// forRegions reports whether a target's path names a column that applies to the regions:
// one of them, every region, or the national column.
func forRegions(path string, regions []string) bool {
	for _, col := range append([]string{"all", "national"}, regions...) {
		if strings.HasSuffix(path, "› target › "+col) || strings.Contains(path, "› target › "+col+" ›") {
			return true
		}
	}
	return false
}

// showWarnings is set by validate's -warnings flag for the files it validates.
var showWarnings bool

func cmdValidate(ctx context.Context, e *env, args []string) int {
	c := newCLI(e, "validate", "FILE...", "FILE...")
	c.fset.BoolVar(&showWarnings, "warnings", false, "also list the warnings of rule files (targets declared missing, …)")
	files, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	if len(files) == 0 {
		c.fail("validate needs at least one file (rule, case or scheme file)")
		return exitUsage
	}
	status := exitOK
	for _, path := range files {
		code := validateFile(e, path)
		if code > status {
			status = code
		}
	}
	return status
}

func validateFile(e *env, path string) int {
	f, code := locate(e, path)
	if code != exitOK {
		return code
	}
	fsys, name, format := f.FS, f.Name, f.Entry.Format
	var problems int
	switch {
	case format == criteria.FormatRules:
		rs, err := f.Ruleset()
		if err != nil {
			return reportLoadError(e, err)
		}
		fmt.Fprintf(e.out, "%s: ok (%s, %d criteria, %d warnings)\n", path, rs.Ref(), len(rs.Criteria), len(rs.Warnings()))
		if showWarnings {
			for _, w := range rs.Warnings() {
				fmt.Fprintln(e.out, "  "+e.show(w))
			}
			return exitOK
		}
		// The targets missing for the regions the file accepts are always listed: every
		// commune would be unknown on them.
		if len(rs.RegionsOnly) > 0 {
			var missing []string
			for _, w := range rs.Warnings() {
				if w.Code == criteria.WarnTargetMissing && forRegions(w.Path, rs.RegionsOnly) {
					missing = append(missing, "  "+e.show(w))
				}
			}
			if len(missing) > 0 {
				fmt.Fprintf(e.out, "  %d targets are missing for the regions the file accepts (%s): a commune is unknown on them until the file sets them\n",
					len(missing), strings.Join(rs.RegionsOnly, ", "))
				for _, m := range missing {
					fmt.Fprintln(e.out, m)
				}
			}
		}
		return exitOK
	case format == criteria.FormatCases:
		cf, err := criteria.LoadCases(fsys, name)
		if err != nil {
			return reportLoadError(e, err)
		}
		rs, code := loadRulesetNear(e, f, cf.Ruleset) // beside the case file, then shipped
		if code != exitOK {
			e.errorf("%s: its ruleset %s cannot be loaded", path, cf.Ruleset)
			return code
		}
		for _, c := range cf.Cases {
			if _, err := cf.Unit(c, rs); err != nil {
				problems++
				for _, x := range criteria.Errors(err) {
					fmt.Fprintln(e.err, e.show(x))
				}
			}
		}
		if problems > 0 {
			return exitFindings
		}
		fmt.Fprintf(e.out, "%s: ok (%d cases for %s)\n", path, len(cf.Cases), cf.Ruleset)
		return exitOK
	case format == scoring.FormatScheme:
		return validateScheme(e, f)
	case format == lineage.Format:
		r, err := lineage.Read(fsys, name)
		if err != nil {
			for _, x := range criteria.Errors(err) {
				fmt.Fprintln(e.err, e.show(x))
			}
			return exitFindings
		}
		fmt.Fprintf(e.out, "%s: ok (%d links, from %s)\n", path, len(r.Links()), r.Effective.Format("02/01/2006"))
		for _, d := range r.Doubts() {
			fmt.Fprintf(e.out, "%s:%d: %s\n", e.asGiven(d.Pos.File), d.Pos.Line, tr(e.lang, fmt.Sprintf("cần kiểm tra: %s %s (tỉnh %s) → %s %s (tỉnh %s), trái với liên kết cấp tỉnh", d.From.Code, d.From.Name, d.From.Province, d.To.Code, d.To.Name, d.To.Province),
				fmt.Sprintf("to check: %s %s (province %s) → %s %s (province %s) disagrees with the province links", d.From.Code, d.From.Name, d.From.Province, d.To.Code, d.To.Name, d.To.Province)))
		}
		return exitOK
	}
	// Neither a rule, case nor scheme file by its header: the rule loader says why, with the
	// position and code it gives when the same file is given with --rules (a YAML error, a tab,
	// an empty file, a format it does not know).
	if _, err := criteria.Load(fsys, name); err != nil {
		reportLoadError(e, err)
	}
	if format == "" {
		e.errorf("%s declares no format, so it is not a rule, case or scheme file; a data file is checked with: ntm check %s", path, path)
	}
	return exitUsage
}

func cmdTest(ctx context.Context, e *env, args []string) int {
	var noBoundary bool
	c := newCLI(e, "test", "[CASE-FILE...]", "CASE-FILE...")
	c.fset.BoolVar(&noBoundary, "no-boundary", false, "run only the written cases, not the boundary cases generated from target tables")
	given, err := c.parse(args)
	if err != nil {
		return status(err)
	}
	type caseFile struct {
		fsys fs.FS
		name string
		show string
	}
	var files []caseFile
	if len(given) == 0 {
		entries, _ := criteria.List(rules.FS)
		for _, en := range entries {
			if en.Format == criteria.FormatCases {
				files = append(files, caseFile{rules.FS, en.Path, en.Path})
			}
		}
	}
	for _, p := range given {
		fsys, name, _, code := resolveFile(e, p)
		if code != exitOK {
			return code
		}
		if f, err := catalog.Locate(p); err == nil && kindError(e, f.Expect(criteria.FormatCases)) {
			return exitUsage
		}
		files = append(files, caseFile{fsys, name, p})
	}
	passed, failed := 0, 0
	for _, f := range files {
		cf, err := criteria.LoadCases(f.fsys, f.name)
		if err != nil {
			reportLoadError(e, err)
			failed++
			continue
		}
		rs, code := loadRulesetNear(e, catalog.File{FS: f.fsys, Name: f.name}, cf.Ruleset)
		if code != exitOK {
			failed++
			continue
		}
		prog, err := rs.Compile()
		if err != nil {
			e.errorf("%v", err)
			failed++
			continue
		}
		p0, f0 := passed, failed
		for _, r := range cf.Run(ctx, prog) {
			if r.Passed() {
				passed++
				continue
			}
			failed++
			fmt.Fprintf(e.out, "FAIL %s: %s\n", f.show, r.Case.Name)
			if r.Err != nil {
				for _, x := range criteria.Errors(r.Err) {
					fmt.Fprintf(e.out, "    %s\n", e.show(x))
				}
				if len(criteria.Errors(r.Err)) == 0 {
					fmt.Fprintf(e.out, "    %v\n", r.Err)
				}
			}
			for _, m := range r.Failures {
				fmt.Fprintf(e.out, "    %s\n", m)
			}
		}
		boundary := 0
		if !noBoundary {
			cases, _, err := cf.Boundaries(prog)
			if err != nil {
				failed++
				fmt.Fprintf(e.out, "FAIL %s: the boundary cases cannot be made: %v\n", f.show, err)
			} else {
				for _, bc := range cases {
					got, _, err := bc.Run(ctx, prog)
					if err == nil && got == bc.Want {
						passed++
						boundary++
						continue
					}
					failed++
					fmt.Fprintf(e.out, "FAIL %s: boundary %s: expected %s, got %s %v\n", f.show, bc.Name, bc.Want, got, err)
				}
			}
		}
		fmt.Fprintf(e.out, "%s: %d passed (%d generated from target tables), %d failed\n", f.show, passed-p0, boundary, failed-f0)
	}
	fmt.Fprintf(e.out, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitFindings
	}
	return exitOK
}

// loadRulesetNear loads the ruleset a case file names (id@version): beside the case file,
// then among the shipped ones, through the library's catalog.
func loadRulesetNear(e *env, f catalog.File, ref string) (*criteria.Ruleset, int) {
	rs, err := catalog.RulesetNear(f, ref)
	if err != nil {
		return nil, reportLoadError(e, err)
	}
	return rs, exitOK
}
