package criteria

import "sort"

// The views below describe the model of a compiled Program: its ruleset, criteria, indicators
// and checks. A Program takes a private copy of everything it describes when it is compiled,
// and a view only reads that copy, so no change to a Ruleset after Compile, and nothing done
// with a view or a Result, can change what a Program decides or what a Result says. Slices
// a view returns are copies.

// RulesetInfo describes the ruleset a Program was compiled from.
type RulesetInfo struct{ rs *Ruleset }

// ID is the ruleset's id, e.g. "camau.xa-ntm".
func (r RulesetInfo) ID() string { return r.get().ID }

// Version is the ruleset's version, e.g. "2016-2020".
func (r RulesetInfo) Version() string { return r.get().Version }

// Ref is id@version, as written in extends.
func (r RulesetInfo) Ref() string { return r.get().Ref() }

// Title is the ruleset's title.
func (r RulesetInfo) Title() Text { return r.get().Title }

// Level is the kind of unit the ruleset evaluates (commune, district, town).
func (r RulesetInfo) Level() Level { return r.get().Level }

// Language is the language of the ruleset's plain labels ("vi" for the shipped files).
func (r RulesetInfo) Language() string { return r.get().Language }

// UnitWord is the word for one unit of the ruleset's level, as it declares it ("xã", "desa").
func (r RulesetInfo) UnitWord(lang string) string { return r.get().UnitWord(lang) }

// Ancestors returns the levels above the ruleset's level, nearest first (see Ruleset.Ancestors).
func (r RulesetInfo) Ancestors() []Level { rs := r.get(); return rs.Ancestors(rs.Level) }

// LevelName returns the word for one unit of a level in a language ("huyện", "kabupaten"), or
// "" for a level the ruleset does not know.
func (r RulesetInfo) LevelName(l Level, lang string) string {
	li, _ := r.get().LevelInfo(l)
	return li.Name.In(lang)
}

// Word returns the ruleset's word for a vocabulary key in a language (see Ruleset.Word).
func (r RulesetInfo) Word(key, lang string) (string, bool) { return r.get().Word(key, lang) }

// Illustrative reports whether the ruleset, or one it extends, is labelled illustrative.
func (r RulesetInfo) Illustrative() bool { return r.get().Illustrative }

// Recognition is the title the ruleset grants (ntm, advanced, model, district, town).
func (r RulesetInfo) Recognition() string { return r.get().Recognition }

// Legal returns the documents the ruleset encodes and cites.
func (r RulesetInfo) Legal() []Document { return append([]Document(nil), r.get().Legal...) }

// Hash is "sha256:" and the hex SHA-256 over the rule files of the whole extends chain: two
// programs with the same hash were compiled from the same files.
func (r RulesetInfo) Hash() string { return r.get().hash }

// FieldLabel returns a field's label by id, for telling a reader which data are missing; a
// field the ruleset does not know is returned as its id.
func (r RulesetInfo) FieldLabel(id string) Text {
	rs := r.get()
	if t, ok := rs.fieldLabels[id]; ok && !t.IsZero() {
		return t
	}
	if f, ok := rs.Field(id); ok && !f.Label.IsZero() {
		return f.Label
	}
	return Text{VI: id, EN: id}
}

// IsZero reports whether the view describes nothing (the zero RulesetInfo).
func (r RulesetInfo) IsZero() bool { return r.rs == nil }

var emptyRuleset = &Ruleset{}

func (r RulesetInfo) get() *Ruleset {
	if r.rs == nil {
		return emptyRuleset
	}
	return r.rs
}

// CriterionInfo describes a criterion of a compiled Program.
type CriterionInfo struct{ c *Criterion }

// ID is the criterion's id, e.g. "17".
func (c CriterionInfo) ID() string { return c.get().ID }

// Name is the criterion's name.
func (c CriterionInfo) Name() Text { return c.get().Name }

// Groups returns the ids of the groups the criterion belongs to.
func (c CriterionInfo) Groups() []string { return append([]string(nil), c.get().Groups...) }

// Annotation returns the value of an annotation key, or "".
func (c CriterionInfo) Annotation(key string) string { return c.get().Annotations[key] }

// AnnotationKeys returns the criterion's annotation keys in sorted order.
func (c CriterionInfo) AnnotationKeys() []string {
	keys := make([]string, 0, len(c.get().Annotations))
	for k := range c.get().Annotations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Indicators describes the criterion's indicators, in order.
func (c CriterionInfo) Indicators() []IndicatorInfo {
	out := make([]IndicatorInfo, len(c.get().Indicators))
	for j, ind := range c.get().Indicators {
		out[j] = IndicatorInfo{ind}
	}
	return out
}

// Pos is where the criterion is declared.
func (c CriterionInfo) Pos() Pos { return c.get().Pos }

// IsZero reports whether the view describes nothing (no criterion: a recognition condition).
// ToBeSupplied says why the criterion's indicators are not given, when they are not: the
// criterion is then unknown until a layer adds them.
func (c CriterionInfo) ToBeSupplied() Text {
	if len(c.c.Indicators) > 0 {
		return Text{}
	}
	return c.c.ToBeSupplied
}

func (c CriterionInfo) IsZero() bool { return c.c == nil }

var emptyCriterion = &Criterion{}

func (c CriterionInfo) get() *Criterion {
	if c.c == nil {
		return emptyCriterion
	}
	return c.c
}

// IndicatorInfo describes an indicator or a recognition condition of a compiled Program.
type IndicatorInfo struct{ ind *Indicator }

// ID is the indicator's id, e.g. "17.1".
func (i IndicatorInfo) ID() string { return i.get().ID }

// Name is the indicator's name.
func (i IndicatorInfo) Name() Text { return i.get().Name }

// Unit is the unit of the indicator's value, or "".
func (i IndicatorInfo) Unit() string { return i.get().Unit }

// AppliesIf is the expression deciding whether the indicator applies, or "".
func (i IndicatorInfo) AppliesIf() string { return i.get().AppliesIf }

// Disabled is the reason the indicator is not assessed, or "".
func (i IndicatorInfo) Disabled() string { return i.get().Disabled }

// Kind says whether a recognition condition gates eligibility or is reported ("" for an
// indicator of a criterion).
func (i IndicatorInfo) Kind() ConditionKind { return i.get().Kind }

// Condition returns the indicator's plain boolean condition, when it has one instead of checks.
func (i IndicatorInfo) Condition() (Condition, bool) {
	if c := i.get().Condition; c != nil {
		return *c, true
	}
	return Condition{}, false
}

// Checks describes the indicator's checks, in order (none when it has a plain condition).
func (i IndicatorInfo) Checks() []CheckInfo {
	out := make([]CheckInfo, len(i.get().Checks))
	for k, ch := range i.get().Checks {
		out[k] = CheckInfo{ch}
	}
	return out
}

// Pos is where the indicator is declared.
func (i IndicatorInfo) Pos() Pos { return i.get().Pos }

// IsZero reports whether the view describes nothing.
func (i IndicatorInfo) IsZero() bool { return i.ind == nil }

var emptyIndicator = &Indicator{}

func (i IndicatorInfo) get() *Indicator {
	if i.ind == nil {
		return emptyIndicator
	}
	return i.ind
}

// CheckInfo describes one "measure, comparator, target" check of a compiled Program. The zero
// CheckInfo stands for an indicator's plain condition.
type CheckInfo struct{ ch *Check }

// ID is the check's id within its indicator.
func (c CheckInfo) ID() string { return c.get().ID }

// Label is the check's label, when it has one.
func (c CheckInfo) Label() Text { return c.get().Label }

// Measure is what the check measures, as written in the rule file.
func (c CheckInfo) Measure() string { return c.get().Measure }

// Op is the check's comparator (0 for a plain condition).
func (c CheckInfo) Op() Op { return c.get().Op }

// Unit is the unit of the measured value, or "".
func (c CheckInfo) Unit() string { return c.get().Unit }

// EmptyDenominator is the status the check takes when a percentage's denominator is zero.
func (c CheckInfo) EmptyDenominator() Status { return c.get().EmptyDenominator }

// Pos is where the check is declared.
func (c CheckInfo) Pos() Pos { return c.get().Pos }

// IsZero reports whether the view describes no check (an indicator's plain condition).
func (c CheckInfo) IsZero() bool { return c.ch == nil }

var emptyCheck = &Check{}

func (c CheckInfo) get() *Check {
	if c.ch == nil {
		return emptyCheck
	}
	return c.ch
}
