package criteria

import (
	"fmt"
	"strings"
)

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
		if sep := decimalSep(lang); sep != "." {
			s = strings.Replace(s, ".", sep, 1)
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

// Requirement writes what the check asks, for a reader, with the check's unit: "≥ 60 %",
// "= có". It is empty for an indicator's plain condition, and "chưa có chỉ tiêu" / "no target"
// when the ruleset has no target for the unit. RulesetInfo.Requirement writes it with the
// ruleset's own words.
func (c *CheckResult) Requirement(lang string) string {
	return c.requirement(lang, func(v Value) string { return v.Format(lang) }, func(key string) string {
		return vocabulary[key].In(lang)
	})
}

func (c *CheckResult) requirement(lang string, format func(Value) string, word func(string) string) string {
	if c.Check.IsZero() {
		return ""
	}
	t := c.Target()
	if !t.Known() && t.PerUnit() {
		// "≥ 1,5 × Thu nhập khi được công nhận (chưa có số liệu)": the unit lacks the value.
		why := word("missing")
		if len(c.Missing) == 0 && c.Reason != "" {
			why = Text{VI: "không tính được", EN: "cannot be computed"}.In(lang)
		}
		return c.Op().Symbol() + " " + t.Relation(lang) + " (" + why + ")"
	}
	if !t.Known() {
		return word("no_target")
	}
	req := c.Op().Symbol() + " " + withUnit(format(t.Value), c.Check.Unit(), t.Value)
	if d := t.InForceText(lang); d != "" {
		req += " (" + d + ")" // a cell in force from or until a day within a year
	}
	if rel := t.Relation(lang); rel != "" {
		// A relative target says what it follows: "≥ 55 (1,1 × mức của chỉ tiêu 10.1: 50)".
		req += " (" + rel + ": " + format(t.Follows.Of) + ")"
	}
	return req
}

// Requirement writes what the check asks, as CheckResult.Requirement does, with the ruleset's
// words for yes, no, missing and no target (see Ruleset.Word).
func (r RulesetInfo) Requirement(c *CheckResult, lang string) string {
	word := func(key string) string { w, _ := r.Word(key, lang); return w }
	return c.requirement(lang, func(v Value) string { return r.Format(v, lang) }, word)
}

// Format writes a value for a reader as Value.Format does, with the ruleset's words for yes,
// no and a missing value.
func (r RulesetInfo) Format(v Value, lang string) string {
	key := ""
	switch {
	case v.IsMissing():
		key = "missing"
	case v.kind == kindBool && v.b:
		key = "yes"
	case v.kind == kindBool:
		key = "no"
	default:
		return v.Format(lang)
	}
	w, _ := r.Word(key, lang)
	return w
}

// InForceText says when a dated cell is in force, for a reader: "áp dụng từ 07/03/2024",
// "in force until 2024-03-06"; "" for a cell of whole years.
func (r Resolved) InForceText(lang string) string {
	if r.InForce == "" {
		return ""
	}
	yc, ok := parseYearKey(r.InForce)
	if !ok {
		return ""
	}
	day := func(y, md int) string {
		if lang == "en" {
			return fmt.Sprintf("%d-%02d-%02d", y, md/100, md%100)
		}
		return fmt.Sprintf("%02d/%02d/%d", md%100, md/100, y)
	}
	var parts []string
	if yc.FromMD != 0 {
		parts = append(parts, Text{VI: "từ ", EN: "from "}.In(lang)+day(yc.From, yc.FromMD))
	}
	if yc.ToMD != 0 {
		parts = append(parts, Text{VI: "đến ", EN: "until "}.In(lang)+day(yc.To, yc.ToMD))
	}
	return Text{VI: "áp dụng ", EN: "in force "}.In(lang) + strings.Join(parts, " ")
}

// Relation says what a relative target follows, for a reader: "1,1 × mức của chỉ tiêu 10.1",
// "1,5 × Thu nhập khi được công nhận"; "" for a target given as a value.
func (r Resolved) Relation(lang string) string {
	f := r.Follows
	switch {
	case f == nil:
		return ""
	case f.Indicator != "":
		return FormatNumber(f.Times, lang) + " × " + Text{VI: "mức của chỉ tiêu ", EN: "the target of indicator "}.In(lang) + f.Indicator
	}
	label := f.Label.In(lang)
	if label == "" {
		label = f.Field
	}
	return FormatNumber(f.Times, lang) + " × " + label
}

// Describe writes the value measured and what the check asks, for a reader:
// "50,5 % — cần ≥ 60 %" / "50.5 % — needs ≥ 60 %"; "không — cần = có"; and, when the ruleset
// has no target, "92,8 % — chưa có chỉ tiêu để so" / "92.8 % — no target to compare with".
func (c *CheckResult) Describe(lang string) string {
	val := withUnit(c.Value.Format(lang), c.Check.Unit(), c.Value)
	if c.Check.IsZero() {
		return val
	}
	if t := c.Target(); !t.Known() && !t.PerUnit() {
		return val + " — " + Text{VI: "chưa có chỉ tiêu để so", EN: "no target to compare with"}.In(lang)
	}
	return val + " — " + Text{VI: "cần ", EN: "needs "}.In(lang) + c.Requirement(lang)
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

var deviationKinds = map[string]Text{
	"field_added":        {VI: "thêm số liệu", EN: "field added"},
	"criterion_added":    {VI: "thêm tiêu chí", EN: "criterion added"},
	"indicator_added":    {VI: "thêm chỉ tiêu", EN: "indicator added"},
	"indicator_disabled": {VI: "bỏ chỉ tiêu", EN: "indicator disabled"},
	"condition_added":    {VI: "thêm điều kiện", EN: "condition added"},
	"annotation":         {VI: "chú thích", EN: "annotation"},
	"regions_restricted": {VI: "giới hạn vùng", EN: "regions restricted"},
	"region_added":       {VI: "thêm vùng", EN: "region added"},
	"group_added":        {VI: "thêm nhóm", EN: "group added"},
	"target_changed":     {VI: "đổi chỉ tiêu đặt ra", EN: "target changed"},
	"removed":            {VI: "bỏ hẳn", EN: "removed"},
	"renamed":            {VI: "đổi tên", EN: "renamed"},
	"measure_replaced":   {VI: "đổi cách đo", EN: "measure replaced"},
	"targets_dropped":    {VI: "bỏ các chỉ tiêu đặt ra kế thừa", EN: "inherited targets dropped"},
	"target_redated":     {VI: "áp dụng sang giai đoạn mới", EN: "target re-dated"},
	"columns_added":      {VI: "thêm quy tắc chọn cột chỉ tiêu", EN: "column rules added"},
	"columns_replaced":   {VI: "thay quy tắc chọn cột chỉ tiêu", EN: "column rules replaced"},
}

var deviationEffects = map[string]Text{
	"tightens":       {VI: "chặt hơn", EN: "tightens"},
	"loosens":        {VI: "nới lỏng", EN: "loosens"},
	"same":           {VI: "như cũ", EN: "same"},
	"fills":          {VI: "bổ sung ô còn trống", EN: "fills"},
	"not_comparable": {VI: "không so sánh được", EN: "not comparable"},
	"replaces":       {VI: "thay thế", EN: "replaces"},
	"removes":        {VI: "bỏ hẳn (không còn tính)", EN: "removes"},
	"renames":        {VI: "đổi tên", EN: "renames"},
	"unsets":         {VI: "không còn chỉ tiêu", EN: "unsets"},
	"redates":        {VI: "giá trị của giai đoạn trước áp dụng cho giai đoạn mới", EN: "a value of the base's years now applies to the new ones"},
}

// KindLabel names the kind of change for a reader.
func (d Deviation) KindLabel(lang string) string {
	if t, ok := deviationKinds[d.Kind]; ok {
		return t.In(lang)
	}
	return d.Kind
}

// EffectLabel says for a reader whether a changed target tightens or loosens ("" for other
// changes).
func (d Deviation) EffectLabel(lang string) string {
	if t, ok := deviationEffects[d.Effect]; ok {
		return t.In(lang)
	}
	return d.Effect
}

// What names the item changed for a reader, by its number and label, not its ids:
// "chỉ tiêu 2.2 Tỷ lệ km đã cứng hóa › Đồng bằng sông Cửu Long". A deviation made by hand,
// not by a loader, gives its Path.
func (d Deviation) What(lang string) string {
	if d.what.IsZero() {
		return d.Path
	}
	return d.what.In(lang)
}

// Values writes a changed target's old and new cells for a reader: each value with its
// comparator and unit and its confidence, year by year ("2016: ≥ 33 (đã kiểm chứng); 2017-2019:
// chưa có"); an annotation's new value by its label ("Gián tiếp"). Other changes give Old and
// New as they are.
func (d Deviation) Values(lang string) (old, new string) {
	if !d.oldText.IsZero() || d.Kind == "measure_replaced" {
		return d.oldText.In(lang), d.newText.In(lang)
	}
	if !d.newText.IsZero() {
		return d.Old, d.newText.In(lang)
	}
	if d.newCell == nil {
		return d.Old, d.New
	}
	return d.cellText(d.oldCell, lang), d.cellText(d.newCell, lang)
}

func (d Deviation) cellText(c *Cell, lang string) string {
	if c == nil {
		return Text{VI: "không có", EN: "none"}.In(lang)
	}
	if len(c.Years) > 0 {
		parts := make([]string, len(c.Years))
		for i, y := range c.Years {
			parts[i] = y.Label() + ": " + d.cellText(y.Cell, lang)
		}
		return strings.Join(parts, "; ")
	}
	if c.Missing != "" {
		return Text{VI: "chưa có", EN: "missing"}.In(lang)
	}
	if o := c.Of; o != nil {
		// "≥ 1,2 × mức kế thừa (đã kiểm chứng)", "≥ 1,1 × mức của chỉ tiêu 10.1 (…)"
		what := Text{VI: "mức của chỉ tiêu ", EN: "the target of indicator "}.In(lang) + o.Indicator
		if o.Field != "" {
			what = o.label.In(lang)
			if what == "" {
				what = o.Field
			}
		}
		if o.self {
			what = Text{VI: "mức kế thừa", EN: "the inherited target"}.In(lang)
		}
		return d.op.Symbol() + " " + FormatNumber(o.Times, lang) + " × " + what + " (" + c.Confidence.Label(lang) + ")"
	}
	return d.op.Symbol() + " " + withUnit(c.Value.Format(lang), d.unit, c.Value) + " (" + c.Confidence.Label(lang) + ")"
}

// Unsets reports whether a changed target leaves a year without a target that had one.
func (d Deviation) Unsets() bool {
	if d.newCell == nil || d.oldCell == nil {
		return false
	}
	known := func(c *Cell) bool { return c != nil && c.Missing == "" } // a relative cell follows a target: known where it is
	years := []int{0}
	if len(d.newCell.Years) > 0 {
		years = years[:0]
		for _, y := range d.newCell.Years {
			years = append(years, y.From)
		}
	}
	for _, y := range years {
		if !known(d.newCell.forYear(y)) && known(d.oldCell.forYear(y)) {
			return true
		}
	}
	return false
}

var levelLabels = map[Level]Text{
	LevelCommune:  {VI: "xã", EN: "commune"},
	LevelDistrict: {VI: "huyện", EN: "district"},
	LevelTown:     {VI: "thị xã, thành phố", EN: "town or city"},
	LevelHamlet:   {VI: "thôn, ấp", EN: "hamlet"},
	LevelProvince: {VI: "tỉnh", EN: "province"},
}

// LevelLabel names the kind of unit a ruleset describes; another level is returned as it is.
func LevelLabel(l Level) Text {
	if t, ok := levelLabels[l]; ok {
		return t
	}
	return Text{VI: string(l), EN: string(l)}
}
