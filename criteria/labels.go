package criteria

import "strings"

// What a report shows a reader, in Vietnamese or English, without internal ids: the labels of
// truths, confidences, standings and titles, comparators as symbols, and values and
// shortfalls written for the language ("50,5 % — cần ≥ 60 %"). Reports and the command-line
// tool use these, so that every program shows the same words.

// Label names the truth in Vietnamese ("có", "không", "chưa rõ") or English (lang "en").
func (t Truth) Label(lang string) string {
	switch t {
	case Yes:
		return Text{VI: "có", EN: "yes"}.In(lang)
	case No:
		return Text{VI: "không", EN: "no"}.In(lang)
	}
	return Text{VI: "chưa rõ", EN: "unknown"}.In(lang)
}

// Label names the confidence of a target cell in Vietnamese or English (lang "en"); a cell
// with no confidence reads "không có" / "none".
func (c Confidence) Label(lang string) string {
	t := Text{VI: "không có", EN: "none"}
	switch c {
	case Verified:
		t = Text{VI: "đã kiểm chứng", EN: "verified"}
	case Inferred:
		t = Text{VI: "suy ra", EN: "inferred"}
	case Predecessor:
		t = Text{VI: "theo văn bản trước", EN: "predecessor"}
	case Unverified:
		t = Text{VI: "chưa kiểm chứng", EN: "unverified"}
	case Conflicting:
		t = Text{VI: "nguồn mâu thuẫn", EN: "conflicting"}
	}
	return t.In(lang)
}

var opSymbols = [...]string{"", "≥", ">", "≤", "<", "=", "≠"}

// Symbol returns the comparator as a reader writes it: ≥ > ≤ < = ≠.
func (o Op) Symbol() string {
	if int(o) < len(opSymbols) && o != 0 {
		return opSymbols[o]
	}
	return "?"
}

// Format writes the value for a reader: a number with a decimal comma in Vietnamese ("35,5")
// and a point in English, every digit kept; a yes/no value as "có"/"không" or "yes"/"no"; a
// missing value as "chưa có số liệu" / "missing".
func (v Value) Format(lang string) string {
	switch v.kind {
	case kindNumber:
		s := v.number().String()
		if lang != "en" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	case kindBool:
		if v.b {
			return Text{VI: "có", EN: "yes"}.In(lang)
		}
		return Text{VI: "không", EN: "no"}.In(lang)
	case kindText:
		return v.str()
	}
	return Text{VI: "chưa có số liệu", EN: "missing"}.In(lang)
}

// FormatNumber writes a number as Value.Format does.
func FormatNumber(n Number, lang string) string { return NumberValue(n).Format(lang) }

// Requirement writes what the check asks, for a reader: "≥ 60 %", "= có". It is empty for an
// indicator's plain condition, and says so when the ruleset has no target for the unit.
func (c *CheckResult) Requirement(lang, unit string) string {
	if c.Check.IsZero() {
		return ""
	}
	t := c.Target()
	if !t.Known() {
		return Text{VI: "chưa có chỉ tiêu", EN: "no target"}.In(lang)
	}
	return c.Op().Symbol() + " " + withUnit(t.Value.Format(lang), unit, t.Value)
}

// Describe writes the value measured and what the check asks, for a reader:
// "50,5 % — cần ≥ 60 %" / "50.5 % — needs ≥ 60 %"; "không — cần = có".
func (c *CheckResult) Describe(lang, unit string) string {
	req := c.Requirement(lang, unit)
	val := withUnit(c.Value.Format(lang), unit, c.Value)
	if req == "" {
		return val
	}
	return val + " — " + Text{VI: "cần ", EN: "needs "}.In(lang) + req
}

// withUnit appends a number's unit ("50 %", "45 triệu đồng"); other values have none.
func withUnit(s, unit string, v Value) string {
	if unit == "" || v.kind != kindNumber {
		return s
	}
	return s + " " + unit
}

var standingLabels = map[string]Text{
	StandingModel:      {VI: "kiểu mẫu", EN: "model"},
	StandingAdvanced:   {VI: "nâng cao", EN: "advanced"},
	StandingRecognised: {VI: "đạt chuẩn", EN: "recognised"},
	StandingSlipped:    {VI: "đạt chuẩn, rớt tiêu chí", EN: "recognised, slipped"},
	StandingEligible:   {VI: "đủ điều kiện công nhận", EN: "eligible"},
	StandingAllMet:     {VI: "đạt mọi tiêu chí, thiếu điều kiện", EN: "all met, a condition missing"},
	StandingInProgress: {VI: "đang xây dựng", EN: "in progress"},
}

// StandingLabel names a commune's standing (one of the Standing… constants) in both
// languages; an unknown standing is returned as it is.
func StandingLabel(standing string) Text {
	if t, ok := standingLabels[standing]; ok {
		return t
	}
	return Text{VI: standing, EN: standing}
}

var titleLabels = map[string]Text{
	"ntm":            {VI: "đạt chuẩn nông thôn mới", EN: "new-rural standard"},
	"advanced":       {VI: "nông thôn mới nâng cao", EN: "advanced new-rural"},
	"model":          {VI: "nông thôn mới kiểu mẫu", EN: "model new-rural"},
	"district":       {VI: "huyện nông thôn mới", EN: "new-rural district"},
	"town":           {VI: "hoàn thành nhiệm vụ xây dựng nông thôn mới", EN: "new-rural task completed"},
	"task_completed": {VI: "hoàn thành nhiệm vụ xây dựng nông thôn mới", EN: "new-rural task completed"},
}

// TitleLabel names a recognition title as rule files and unit histories write it ("ntm",
// "advanced", "model", "district", "town", "task_completed") in both languages; another title
// is returned as it is.
func TitleLabel(title string) Text {
	if t, ok := titleLabels[title]; ok {
		return t
	}
	return Text{VI: title, EN: title}
}
