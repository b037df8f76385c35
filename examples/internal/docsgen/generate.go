package main

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

// generatedDocs renders the documentation generated from the shipped rule files: the table of
// the national criteria and the list of values a province should confirm.
func generatedDocs() (map[string][]byte, error) {
	entries, err := criteria.List(rules.FS)
	if err != nil {
		return nil, err
	}
	var sets []*criteria.Ruleset
	var index bytes.Buffer
	index.WriteString("# Các bộ tiêu chí / The shipped criteria sets\n\n")
	index.WriteString("Generated from the shipped rule files by `go run ./examples/internal/docsgen`; do not edit by hand. ")
	index.WriteString("One page per rule file: its criteria, indicators and target cells with their confidence and sources, ")
	index.WriteString("and its recognition conditions. A layer's page shows the set as it evaluates, its base included.\n\n")
	index.WriteString("| Tệp / file | Bộ tiêu chí / ruleset | Tên | Title |\n|---|---|---|---|\n")
	out := map[string][]byte{}
	for _, en := range entries {
		if en.Format != criteria.FormatRules {
			continue
		}
		rs, err := criteria.Load(rules.FS, en.Path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", en.Path, err)
		}
		sets = append(sets, rs)
		page := tablePage(en.Path)
		out[page] = criteriaTable(rs, en.Path)
		fmt.Fprintf(&index, "| [`%s`](%s) | `%s` | %s | %s |\n", en.Path, strings.TrimPrefix(page, "criteria/"), rs.Ref(), md(rs.Title.VI), md(rs.Title.EN))
	}
	out["criteria/README.md"] = index.Bytes()
	var illustrative []string
	for _, en := range entries {
		if en.Illustrative {
			illustrative = append(illustrative, fmt.Sprintf("- `%s` (`%s`, %s): %s", en.Path, en.Ref(), en.Format, en.Title.VI))
		}
	}
	out["values-to-confirm.md"] = valuesToConfirm(sets, illustrative)
	return out, nil
}

var confAbbrev = map[criteria.Confidence]string{
	criteria.Verified: "V", criteria.Inferred: "I", criteria.Predecessor: "P", criteria.Unverified: "U", criteria.Conflicting: "C",
}

func cellText(c *criteria.Cell) string {
	if c == nil {
		return ""
	}
	if len(c.Years) > 0 {
		var parts []string
		for _, y := range c.Years {
			parts = append(parts, y.Label()+": "+cellText(y.Cell))
		}
		return strings.Join(parts, "; ")
	}
	if c.Missing != "" {
		return "?"
	}
	v := c.Value.String()
	switch v {
	case "true":
		v = "Đạt"
	case "false":
		v = "Không"
	}
	return v + " " + confAbbrev[c.Confidence]
}

func sourcesOf(t *criteria.Target) string {
	seen := map[string]bool{}
	var out []string
	add := func(c *criteria.Cell) {
		if c == nil {
			return
		}
		cells := []*criteria.Cell{c}
		for _, y := range c.Years {
			cells = append(cells, y.Cell)
		}
		for _, x := range cells {
			if x.Source != "" && !seen[x.Source] {
				seen[x.Source] = true
				out = append(out, x.Source)
			}
		}
	}
	add(t.National)
	add(t.All)
	keys := make([]string, 0, len(t.Regions))
	for k := range t.Regions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(t.Regions[k])
	}
	return strings.Join(out, "; ")
}

// tablePage is the page of a shipped rule file's table: vn/xa-ntm-2016-2020.yaml gives
// criteria/vn-xa-ntm-2016-2020.md.
func tablePage(file string) string {
	return "criteria/" + strings.ReplaceAll(strings.TrimSuffix(file, ".yaml"), "/", "-") + ".md"
}

func criteriaTable(rs *criteria.Ruleset, file string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", rs.Title.VI)
	fmt.Fprintf(&b, "*%s* — `%s`, generated from `rules/%s` by `go run ./examples/internal/docsgen`; do not edit by hand.\n\n", rs.Title.EN, rs.Ref(), file)
	if rs.Base != nil {
		fmt.Fprintf(&b, "A layer over `%s`: the table shows the set as it evaluates, the base's cells included.\n\n", rs.Base.Ref())
	}
	b.WriteString("Each cell is the target and its confidence: **V** verified, **I** inferred, **P** predecessor (the previous decision's value, a fallback only), **U** unverified, **C** conflicting, **?** missing (the verdict is then unknown). ")
	b.WriteString("An empty column cell means the national value applies (read as inferred). `Đạt` means the indicator must be achieved. Values by year are written `year: value`. ")
	b.WriteString("A criterion whose indicators are *to be supplied* is unknown for every unit until a layer supplies them.\n\n")
	if len(rs.Columns) > 0 {
		b.WriteString("The target column is chosen from each unit's data, by the first rule that applies:\n\n")
		for _, c := range rs.Columns {
			switch {
			case c.When != "":
				fmt.Fprintf(&b, "- `%s` → %s: %s\n", c.When, strings.ToUpper(c.Use), md(c.Because.VI))
			case c.Field != "":
				fmt.Fprintf(&b, "- the field `%s` names the column\n", c.Field)
			case c.Region:
				b.WriteString("- the unit's region\n")
			}
		}
		b.WriteString("\n")
	}
	cols := []string{"national"}
	for _, r := range rs.Regions {
		cols = append(cols, r.ID)
	}
	b.WriteString("| Chỉ tiêu | Nội dung (tiếng Việt) | English | Đo bằng / measure | So sánh | Chung |")
	for _, r := range rs.Regions {
		fmt.Fprintf(&b, " %s |", strings.ToUpper(r.ID))
	}
	b.WriteString(" Nguồn / sources |\n|")
	for i := 0; i < 6+len(rs.Regions)+1; i++ {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, c := range rs.Criteria {
		fmt.Fprintf(&b, "| **%s** | **%s** | **%s** |  |  |", c.ID, c.Name.VI, c.Name.EN)
		for range cols {
			b.WriteString("  |")
		}
		b.WriteString("  |\n")
		if len(c.Indicators) == 0 && !c.ToBeSupplied.IsZero() {
			fmt.Fprintf(&b, "| %s | *Chỉ tiêu do tỉnh bổ sung:* %s | *To be supplied:* %s |  |  |", c.ID, md(c.ToBeSupplied.VI), md(c.ToBeSupplied.EN))
			for range cols {
				b.WriteString(" ? |")
			}
			b.WriteString("  |\n")
		}
		for _, ind := range c.Indicators {
			for _, ch := range ind.Checks {
				id := ind.ID
				if len(ind.Checks) > 1 {
					id += " (" + ch.ID + ")"
				}
				name, en := ind.Name.VI, ind.Name.EN
				if len(ind.Checks) > 1 && !ch.Label.IsZero() {
					name += " — " + ch.Label.VI
					en += " — " + ch.Label.EN
				}
				fmt.Fprintf(&b, "| %s | %s | %s | `%s` | %s |", id, md(name), md(en), ch.Measure, md(ch.Op.String()))
				t := ch.Target
				for _, col := range cols {
					var cell *criteria.Cell
					switch {
					case col == "national" && t.All != nil:
						cell = t.All
					case col == "national":
						cell = t.National
					default:
						cell = t.Regions[col]
					}
					fmt.Fprintf(&b, " %s |", md(cellText(cell)))
				}
				fmt.Fprintf(&b, " %s |\n", md(sourcesOf(&t)))
			}
		}
	}
	if len(rs.Conditions) > 0 {
		b.WriteString("\n## Điều kiện công nhận / Recognition conditions\n\n| Id | Loại / kind | Nội dung | English | Đo bằng / measure | So sánh | Chỉ tiêu / target | Nguồn / source |\n|---|---|---|---|---|---|---|---|\n")
		for _, ind := range rs.Conditions {
			for _, ch := range ind.Checks {
				cell := ch.Target.All
				if cell == nil {
					cell = ch.Target.National
				}
				fmt.Fprintf(&b, "| %s | %s | %s | %s | `%s` | %s | %s | %s |\n", ind.ID, ind.Kind, md(ind.Name.VI), md(ind.Name.EN), ch.Measure, md(ch.Op.String()), md(cellText(cell)), md(sourcesOf(&ch.Target)))
			}
		}
	}
	return b.Bytes()
}

func md(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }

// valuesToConfirm lists, file by file, every target cell written there that is not verified.
func valuesToConfirm(sets []*criteria.Ruleset, illustrative []string) []byte {
	var b bytes.Buffer
	b.WriteString("# Giá trị cần xác nhận / Values a province should confirm\n\n")
	b.WriteString("Generated from the shipped rule files by `go run ./examples/internal/docsgen`; do not edit by hand. ")
	b.WriteString("Every target cell below is not verified in a cited source: inferred, taken from the predecessor decision, unverified, conflicting, or missing. ")
	b.WriteString("A province that confirms a value in its own decision should override it in its rule file with `confidence: verified` and the decision as source (see province-guide.md).\n\n")
	for _, rs := range sets {
		files := rs.Files()
		own := files[len(files)-1]
		type row struct{ item, column, value, conf, note string }
		var rows []row
		visit := func(item string, col string, c *criteria.Cell) {
			if c == nil || c.Pos.File != own {
				return
			}
			cells := []*criteria.Cell{c}
			labels := []string{col}
			for _, y := range c.Years {
				cells = append(cells, y.Cell)
				labels = append(labels, col+" "+y.Label())
			}
			for i, x := range cells {
				if len(x.Years) > 0 || x.Confidence == criteria.Verified {
					continue
				}
				conf, val := x.Confidence.String(), x.Value.String()
				note := x.Note
				if x.Missing != "" {
					conf, val, note = "missing", "?", x.Missing
				}
				if x.Source != "" {
					if note != "" {
						note += " — "
					}
					note += x.Source
				}
				rows = append(rows, row{item, labels[i], val, conf, note})
			}
		}
		walk := func(prefix string, ind *criteria.Indicator) {
			for _, ch := range ind.Checks {
				item := prefix + ind.ID
				if len(ind.Checks) > 1 {
					item += " (" + ch.ID + ")"
				}
				visit(item, "national", ch.Target.National)
				visit(item, "all", ch.Target.All)
				keys := make([]string, 0, len(ch.Target.Regions))
				for k := range ch.Target.Regions {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					visit(item, k, ch.Target.Regions[k])
				}
			}
		}
		for _, c := range rs.Criteria {
			for _, ind := range c.Indicators {
				walk("", ind)
			}
		}
		for _, ind := range rs.Conditions {
			walk("condition ", ind)
		}
		fmt.Fprintf(&b, "## `%s` — %s\n\n", own, rs.Ref())
		var unsupplied []string
		for _, c := range rs.Criteria {
			if len(c.Indicators) == 0 {
				unsupplied = append(unsupplied, c.ID)
			}
		}
		if len(unsupplied) > 0 {
			fmt.Fprintf(&b, "Criteria %s have no indicators yet: the decision's annex was not read, so the province supplies every indicator and target (all to confirm) / Các tiêu chí %s chưa có chỉ tiêu: tỉnh bổ sung toàn bộ chỉ tiêu và mức.\n\n",
				strings.Join(unsupplied, ", "), strings.Join(unsupplied, ", "))
		}
		if len(rows) == 0 {
			if len(unsupplied) == 0 {
				b.WriteString("Every target cell written in this file is verified.\n\n")
			}
			continue
		}
		fmt.Fprintf(&b, "%d cells.\n\n| Chỉ tiêu / indicator | Cột / column | Giá trị / value | Độ tin cậy / confidence | Ghi chú, nguồn / note, source |\n|---|---|---|---|---|\n", len(rows))
		for _, r := range rows {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", md(r.item), r.column, md(r.value), r.conf, md(r.note))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Illustrative files / Các tệp minh họa\n\n")
	b.WriteString("These files make choices no public source was found for; they are examples to adapt, not law:\n\n")
	b.WriteString(strings.Join(illustrative, "\n"))
	b.WriteString("\n")
	return b.Bytes()
}
