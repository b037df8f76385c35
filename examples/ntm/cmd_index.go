package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/scoring"
)

// rankIndex ranks the units of one period by an index of the rule file (rank --index): the
// ruleset's own index and classes, no scoring scheme.
func rankIndex(ctx context.Context, e *env, so *scoringOpts, index string, top int) int {
	c := so.c
	for _, f := range []string{"scheme", "by", "previous"} {
		if c.given(f) {
			c.fail("--%s is not used with --index: an index ranks units by the rule file's own index, without a scoring scheme", f)
			return exitUsage
		}
	}
	if so.rules == "" {
		c.fail("--index ranks by an index of a rule file: give it with --rules")
		return exitUsage
	}
	if code := so.opts.inputs(e); code != exitOK {
		return code
	}
	var entries []scoring.IndexEntry
	var name criteria.Text
	var ri criteria.RulesetInfo
	var classes bool
	var entryErr error
	periods := map[criteria.Period]bool{}
	code := explainEach(ctx, e, &so.opts, nil, func(_ *criteria.Program, res *criteria.Result) error {
		if res == nil || entryErr != nil {
			return nil
		}
		en, err := scoring.IndexEntryOf(res, index)
		if err != nil {
			entryErr = err
			return nil
		}
		if x, ok := res.Index(index); ok && name.IsZero() {
			name, ri = x.Name, res.Ruleset
		}
		classes = classes || en.Class != ""
		periods[en.Period] = true
		entries = append(entries, en)
		return nil
	})
	if entryErr != nil {
		c.fail("--index %s: %v", index, entryErr)
		return exitUsage
	}
	if code != exitOK && code != exitFindings {
		return code
	}
	if len(periods) > 1 {
		e.errorf("the data holds %s: a ranking compares units of one period; choose one with --period", periodList(sortedPeriods(periods)))
		return exitUsage
	}
	ranked, err := scoring.RankIndex(entries)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	lang := so.lang
	if so.format == "json" {
		type row struct {
			Rank     int              `json:"rank,omitempty"`
			Tied     bool             `json:"tied,omitempty"`
			Code     string           `json:"code"`
			Name     string           `json:"name,omitempty"`
			District string           `json:"district,omitempty"`
			Parent   string           `json:"parent,omitempty"`
			Value    *criteria.Number `json:"value"`
			Class    *string          `json:"class"`
			Reason   string           `json:"reason,omitempty"`
		}
		out := struct {
			Format string        `json:"format"`
			Index  string        `json:"index"`
			Name   criteria.Text `json:"name"`
			Period string        `json:"period,omitempty"`
			Units  []row         `json:"units"`
		}{Format: "ntm.index-rank/v1", Index: index, Name: name, Units: []row{}}
		for _, en := range ranked {
			r := row{Rank: en.Rank, Tied: en.Tied, Code: en.Code, Name: en.Name, District: en.District, Reason: en.Reason}
			if en.Parent != en.District {
				r.Parent = en.Parent
			}
			if en.Known {
				v := en.Value
				r.Value = &v
			}
			if en.Class != "" {
				cl := en.Class
				r.Class = &cl
			}
			out.Period = en.Period.String()
			out.Units = append(out.Units, r)
		}
		enc := json.NewEncoder(e.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			e.errorf("%v", err)
			return exitUsage
		}
		return code
	}
	t := &table{header: []string{e.say(ri, "rank", lang), e.say(ri, "code", lang), e.say(ri, "name", lang), parentHeader(ri, lang), name.In(lang)},
		right: []bool{true, false, false, false, true}}
	if classes {
		t.header = append(t.header, e.say(ri, "class", lang))
	}
	for _, en := range ranked {
		if top > 0 && (!en.Known || en.Rank > top) {
			continue // the first N ranks only; the unranked are counted in the note
		}
		rank, val, cl := "", e.say(ri, "unknown", lang), e.say(ri, "unknown", lang)
		if en.Known {
			rank = strconv.Itoa(en.Rank)
			if en.Tied {
				rank += "="
			}
			val = criteria.FormatNumber(en.Value, lang)
		}
		if en.Class != "" {
			cl = en.ClassName.In(lang)
		}
		row := []string{rank, en.Code, en.Name, en.Parent, val}
		if classes {
			row = append(row, cl)
		}
		t.add(row...)
	}
	if so.format == "table" || so.format == "xlsx" {
		title := name.In(lang)
		if len(ranked) > 0 {
			title += " — " + e.say(ri, "period", lang) + " " + ranked[0].Period.String()
		}
		fmt.Fprintf(e.out, "%s\n\n", title)
	}
	if err := t.render(e.out, so.format); err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	unknown := 0
	for _, en := range ranked {
		if !en.Known {
			unknown++
		}
	}
	if unknown > 0 {
		e.note("%d đơn vị chưa rõ giá trị chỉ số, không được xếp hạng (lý do trong --format json)", "%d units have an unknown index value and are not ranked (reasons in --format json)", unknown)
	}
	return code
}
