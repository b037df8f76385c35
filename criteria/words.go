package criteria

import (
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	xnumber "golang.org/x/text/number"
	"gopkg.in/yaml.v3"

	"github.com/nongthonmoi/ntm/internal/ydec"
)

// The vocabulary: the words a report of results uses besides the ruleset's own labels —
// statuses, truths and the headings of a unit's summary. The library has them in Vietnamese
// and English; a ruleset written in another language gives them in its words: section, so
// that its outputs speak its language (Ruleset.Word).
var vocabulary = map[string]Text{
	"met":                      {VI: "đạt", EN: "met"},
	"not_met":                  {VI: "không đạt", EN: "not met"},
	"unknown":                  {VI: "chưa rõ", EN: "unknown"},
	"not_applicable":           {VI: "không áp dụng", EN: "not applicable"},
	"yes":                      {VI: "có", EN: "yes"},
	"no":                       {VI: "không", EN: "no"},
	"missing":                  {VI: "chưa có số liệu", EN: "missing"},
	"period":                   {VI: "kỳ", EN: "period"},
	"code":                     {VI: "Mã", EN: "Code"},
	"name":                     {VI: "Tên", EN: "Name"},
	"rank":                     {VI: "Hạng", EN: "Rank"},
	"class":                    {VI: "Xếp loại", EN: "Class"},
	"value":                    {VI: "Giá trị", EN: "Value"},
	"target":                   {VI: "Chỉ tiêu đặt ra", EN: "Target"},
	"gap":                      {VI: "Còn thiếu", EN: "Gap"},
	"criterion":                {VI: "Tiêu chí", EN: "Criterion"},
	"indicator":                {VI: "Chỉ tiêu", EN: "Indicator"},
	"what":                     {VI: "Nội dung", EN: "What"},
	"confidence":               {VI: "Độ tin cậy", EN: "Confidence"},
	"note":                     {VI: "Ghi chú", EN: "Note"},
	"condition":                {VI: "điều kiện", EN: "condition"},
	"criteria_met":             {VI: "Tiêu chí đạt", EN: "Criteria met"},
	"all_met":                  {VI: "Đạt hết", EN: "All met"},
	"eligible":                 {VI: "Đủ điều kiện", EN: "Eligible"},
	"eligible_for_recognition": {VI: "Đủ điều kiện công nhận", EN: "Eligible for recognition"},
	"recognised":               {VI: "Đã công nhận", EN: "Recognised"},
	"slipped":                  {VI: "Rớt chuẩn", EN: "Slipped"},
	"nothing_missing": {VI: "Không thiếu tiêu chí hay điều kiện nào.",
		EN: "Nothing is missing."},
	"missing_data": {VI: "thiếu số liệu", EN: "missing data"},
	"scores":       {VI: "Điểm", EN: "Scores"},
	"indices":      {VI: "Chỉ số", EN: "Indices"},
	"verified":     {VI: "đã kiểm chứng", EN: "verified"},
	"inferred":     {VI: "suy ra", EN: "inferred"},
	"predecessor":  {VI: "theo văn bản trước", EN: "predecessor"},
	"unverified":   {VI: "chưa kiểm chứng", EN: "unverified"},
	"conflicting":  {VI: "nguồn mâu thuẫn", EN: "conflicting"},
	"no_target":    {VI: "chưa có chỉ tiêu", EN: "no target"},
}

// WordKeys returns the keys of the vocabulary a ruleset's words: section may give, sorted.
func WordKeys() []string {
	out := make([]string, 0, len(vocabulary))
	for k := range vocabulary {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Word returns the word for a vocabulary key in the given language: the ruleset's own (its
// words: section) when it gives one, else the library's Vietnamese or English. For another
// language the ruleset does not give it in, the English word is returned and ok is false, so
// that a program can say which words were not in the language asked for. An unknown key
// returns "" and false.
func (rs *Ruleset) Word(key, lang string) (word string, ok bool) {
	if t, has := rs.Words[key]; has && t.Has(lang) {
		return t.In(lang), true
	}
	t, known := vocabulary[key]
	if !known {
		return "", false
	}
	if lang == "vi" || lang == "en" {
		return t.In(lang), true
	}
	return t.EN, false
}

// parseWords reads a file's words: {key: label, …}, each key one of WordKeys.
func (f *fileDoc) parseWords(d *dec, n *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		d.Errorf(n, "words", CodeType, "expected a mapping of word key to label, found %s", ydec.KindName(n))
		return
	}
	keys := WordKeys()
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := "words › " + k.Value
		if _, ok := vocabulary[k.Value]; !ok {
			e := d.Errorf(k, p, CodeKeyUnknown, "unknown word %q (expected one of: %s)", k.Value, strings.Join(keys, ", "))
			e.Near(k.Value, keys)
			continue
		}
		if _, dup := f.words[k.Value]; dup {
			d.Errorf(k, p, CodeKeyDuplicate, "word %q is given twice", k.Value)
			continue
		}
		if f.words == nil {
			f.words = map[string]Text{}
		}
		f.words[k.Value] = text(d, v, p)
	}
}

// decimalSeps caches the decimal separator of each language, from the Unicode CLDR.
var decimalSeps sync.Map

// decimalSep returns the decimal separator numbers are written with in a language: a comma
// in Vietnamese (and Indonesian, German…), a point in English; a language the CLDR does not
// know writes a point.
func decimalSep(lang string) string {
	switch lang {
	case "vi":
		return ","
	case "en", "":
		return "."
	}
	if s, ok := decimalSeps.Load(lang); ok {
		return s.(string)
	}
	sep := "."
	if tag, err := language.Parse(lang); err == nil {
		if s := message.NewPrinter(tag).Sprint(xnumber.Decimal(1.5)); strings.HasPrefix(s, "1") && len(s) > 2 {
			sep = s[1 : len(s)-1]
		}
	}
	decimalSeps.Store(lang, sep)
	return sep
}
