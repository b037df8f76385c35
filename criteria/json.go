package criteria

import (
	"encoding/json"
	"io"
)

// Format versions of the JSON documents the package writes.
const (
	FormatResult  = "ntm.result/v1"  // one Result
	FormatResults = "ntm.results/v1" // a list of results
)

type jsonText = Text

type jsonRuleset struct {
	ID           string   `json:"id"`
	Version      string   `json:"version"`
	Hash         string   `json:"hash"`
	Title        jsonText `json:"title"`
	Level        Level    `json:"level"`
	Illustrative bool     `json:"illustrative"`
}

type jsonRecognition struct {
	Level     string `json:"level"`
	Year      int    `json:"year"`
	Decision  string `json:"decision,omitempty"`
	Ruleset   string `json:"ruleset,omitempty"`   // the ruleset it was granted under
	Elsewhere bool   `json:"elsewhere,omitempty"` // granted under another ruleset: slipping is not judged
}

type jsonUnit struct {
	Code     string           `json:"code"`
	Name     string           `json:"name,omitempty"`
	District string           `json:"district,omitempty"`
	Parents  map[Level]string `json:"parents,omitempty"`
	Region   string           `json:"region"`
	Period   Period           `json:"period"`
	Levels   []string         `json:"levels"`
	Members  []string         `json:"members,omitempty"`
	Column   *jsonCol         `json:"column,omitempty"`
}

// jsonCol is the target column a ruleset's column rules chose for the unit; id is "" when none.
type jsonCol struct {
	ID   string   `json:"id"`
	Name jsonText `json:"name"`
	Why  jsonText `json:"why"`
}

type jsonSummary struct {
	CriteriaTotal int              `json:"criteria_total"`
	Met           int              `json:"met"`
	NotMet        int              `json:"not_met"`
	Unknown       int              `json:"unknown"`
	AllMet        Truth            `json:"all_met"`
	Eligible      Truth            `json:"eligible"`
	Recognised    bool             `json:"recognised"`
	Recognition   *jsonRecognition `json:"recognition"`
	Slipped       Truth            `json:"slipped"`
	MissingFields []string         `json:"missing_fields"`
}

type jsonCheck struct {
	ID         string    `json:"id"`
	Label      *jsonText `json:"label,omitempty"`
	Measure    string    `json:"measure"`
	Op         string    `json:"op"`
	Unit       string    `json:"unit,omitempty"`
	Status     Status    `json:"status"`
	StatusVI   string    `json:"status_vi"`
	Value      Value     `json:"value"`
	Target     Value     `json:"target"`
	Gap        *Number   `json:"gap"`
	Confidence string    `json:"confidence"`
	Source     string    `json:"source,omitempty"`
	Column     string    `json:"column,omitempty"`
	Note       string    `json:"note,omitempty"`
	Of         *jsonOf   `json:"of,omitempty"`
	InForce    string    `json:"in_force,omitempty"`
	Missing    []string  `json:"missing"`
	Reason     string    `json:"reason,omitempty"`
}

// jsonOf is a relative target: the target is Times × Target, the target of the indicator's
// check, or the unit's value of the field.
type jsonOf struct {
	Indicator string `json:"indicator,omitempty"`
	Field     string `json:"field,omitempty"`
	Times     Number `json:"times"`
	Target    Value  `json:"target"`
}

type jsonIndicator struct {
	ID       string      `json:"id"`
	Name     jsonText    `json:"name"`
	Kind     string      `json:"kind,omitempty"`
	Status   Status      `json:"status"`
	StatusVI string      `json:"status_vi"`
	Reason   string      `json:"reason,omitempty"`
	Checks   []jsonCheck `json:"checks"`
}

type jsonCriterion struct {
	ID          string            `json:"id"`
	Name        jsonText          `json:"name"`
	Groups      []string          `json:"groups"`
	Annotations map[string]string `json:"annotations"`
	Status      Status            `json:"status"`
	StatusVI    string            `json:"status_vi"`
	Indicators  []jsonIndicator   `json:"indicators"`
}

type jsonResult struct {
	Format     string          `json:"format,omitempty"`
	Ruleset    jsonRuleset     `json:"ruleset"`
	Unit       jsonUnit        `json:"unit"`
	Summary    jsonSummary     `json:"summary"`
	Criteria   []jsonCriterion `json:"criteria"`
	Conditions []jsonIndicator `json:"conditions"`
	Computed   []jsonComputed  `json:"computed,omitempty"`
	Scores     []jsonScore     `json:"scores,omitempty"`
	Indices    []jsonIndex     `json:"indices,omitempty"`
}

// jsonScore is a scored indicator's result; score and step are null when unknown.
type jsonScore struct {
	ID         string   `json:"id"`
	Name       jsonText `json:"name"`
	Value      Value    `json:"value"`
	Score      *Number  `json:"score"`
	Step       *int     `json:"step"`
	Min        Number   `json:"min"`
	Max        Number   `json:"max"`
	Confidence string   `json:"confidence"`
	Source     string   `json:"source,omitempty"`
	Missing    []string `json:"missing"`
	Reason     string   `json:"reason,omitempty"`
}

// jsonIndex is an index's result; value and class are null when unknown.
type jsonIndex struct {
	ID        string       `json:"id"`
	Name      jsonText     `json:"name"`
	Value     *Number      `json:"value"`
	Class     *string      `json:"class"`
	ClassName *jsonText    `json:"class_name,omitempty"`
	Capped    *jsonText    `json:"capped,omitempty"`
	Policy    []jsonPolicy `json:"policy,omitempty"`
	Missing   []string     `json:"missing"`
	Reason    string       `json:"reason,omitempty"`
}

type jsonPolicy struct {
	Input  string  `json:"input"`
	Action string  `json:"action"`
	Value  *Number `json:"value,omitempty"`
}

// jsonComputed is a computed value with the values it was computed from.
type jsonComputed struct {
	ID     string      `json:"id"`
	Label  jsonText    `json:"label"`
	Unit   string      `json:"unit,omitempty"`
	Value  Value       `json:"value"`
	Inputs []jsonInput `json:"inputs"`
}

type jsonInput struct {
	ID    string `json:"id"`
	Value Value  `json:"value"`
}

// MarshalJSON writes the result in the documented shape ntm.result/v1 (docs/result.schema.json):
// field names in English, labels in Vietnamese and English, numbers as exact JSON numbers,
// the ruleset's id, version and hash. The output is the same for the same result, every time.
func (r *Result) MarshalJSON() ([]byte, error) { return json.Marshal(r.jsonShape(true)) }

func (r *Result) jsonShape(withFormat bool) jsonResult {
	out := jsonResult{Criteria: make([]jsonCriterion, 0, len(r.Criteria)), Conditions: make([]jsonIndicator, 0, len(r.Conditions))}
	if withFormat {
		out.Format = FormatResult
	}
	if rs := r.Ruleset.rs; rs != nil {
		out.Ruleset = jsonRuleset{ID: rs.ID, Version: rs.Version, Hash: rs.hash, Title: rs.Title, Level: rs.Level, Illustrative: rs.Illustrative}
	}
	u := r.Unit
	out.Unit = jsonUnit{Code: u.Code, Name: u.Name, District: u.District, Parents: parentMap(u.Parents), Region: u.Region, Period: u.Period, Levels: append([]string{}, u.Titles...)}
	if c := u.Column; c != nil {
		out.Unit.Column = &jsonCol{ID: c.Column, Name: c.Name, Why: c.Why}
	}
	for _, m := range u.Members {
		if m != nil {
			out.Unit.Members = append(out.Unit.Members, m.Unit.Code)
		}
	}
	out.Summary = jsonSummary{CriteriaTotal: len(r.Criteria), Met: r.Met, NotMet: r.NotMet, Unknown: r.Unknown, AllMet: r.AllMet,
		Eligible: r.Eligible, Recognised: r.Recognised(), Slipped: r.Slipped, MissingFields: append([]string{}, r.MissingFields()...)}
	if rec := r.Recognition; rec != nil {
		out.Summary.Recognition = &jsonRecognition{Level: rec.Level, Year: rec.Year, Decision: rec.Decision, Ruleset: rec.Ruleset, Elsewhere: r.RecognisedElsewhere}
	}
	for i := range r.Scores {
		s := &r.Scores[i]
		js := jsonScore{ID: s.ID, Name: s.Name, Value: s.Value, Min: s.Min, Max: s.Max, Confidence: s.Confidence.String(),
			Source: s.Source, Missing: append([]string{}, s.Missing...), Reason: s.Reason}
		if s.Known {
			sc, st := s.Score, s.Step
			js.Score, js.Step = &sc, &st
		}
		out.Scores = append(out.Scores, js)
	}
	for i := range r.Indices {
		x := &r.Indices[i]
		ji := jsonIndex{ID: x.ID, Name: x.Name, Missing: append([]string{}, x.Missing...), Reason: x.Reason}
		if x.Known {
			v := x.Value
			ji.Value = &v
		}
		if x.Class != "" {
			c, n := x.Class, x.ClassName
			ji.Class, ji.ClassName = &c, &n
		}
		if !x.Capped.IsZero() {
			c := x.Capped
			ji.Capped = &c
		}
		for _, pol := range x.Policy {
			jp := jsonPolicy{Input: pol.Input, Action: pol.Action}
			if pol.Action == "lowest" {
				v := pol.Value
				jp.Value = &v
			}
			ji.Policy = append(ji.Policy, jp)
		}
		out.Indices = append(out.Indices, ji)
	}
	for _, cv := range r.Computed() {
		jc := jsonComputed{ID: cv.ID, Label: cv.Label, Unit: cv.Unit, Value: cv.Value, Inputs: make([]jsonInput, len(cv.Inputs))}
		for k, in := range cv.Inputs {
			jc.Inputs[k] = jsonInput{ID: in.ID, Value: in.Value}
		}
		out.Computed = append(out.Computed, jc)
	}
	for i := range r.Criteria {
		cr := &r.Criteria[i]
		c := cr.Criterion.get()
		jc := jsonCriterion{ID: c.ID, Name: c.Name, Groups: append([]string{}, c.Groups...),
			Annotations: map[string]string{}, Status: cr.Status, StatusVI: cr.Status.Label("vi")}
		for k, v := range c.Annotations {
			jc.Annotations[k] = v
		}
		for j := range cr.Indicators {
			jc.Indicators = append(jc.Indicators, jsonInd(&cr.Indicators[j]))
		}
		out.Criteria = append(out.Criteria, jc)
	}
	for j := range r.Conditions {
		out.Conditions = append(out.Conditions, jsonInd(&r.Conditions[j]))
	}
	return out
}

func jsonInd(ir *IndicatorResult) jsonIndicator {
	ind := ir.Indicator.get()
	ji := jsonIndicator{ID: ind.ID, Name: ind.Name, Kind: string(ind.Kind), Status: ir.Status,
		StatusVI: ir.Status.Label("vi"), Reason: ir.Reason, Checks: make([]jsonCheck, 0, len(ir.Checks))}
	for k := range ir.Checks {
		c := &ir.Checks[k]
		t := c.Target()
		jc := jsonCheck{Status: c.Status, StatusVI: c.Status.Label("vi"), Value: c.Value, Target: t.Value,
			Confidence: t.Confidence.String(), Source: t.Source, Column: t.Column, Note: t.Note,
			Missing: append([]string{}, c.Missing...), Reason: c.Reason}
		if ch := c.Check.ch; ch != nil {
			jc.ID, jc.Measure, jc.Op, jc.Unit = ch.ID, ch.Measure, ch.Op.String(), ch.Unit
			if !ch.Label.IsZero() {
				l := ch.Label
				jc.Label = &l
			}
		} else if ind.Condition != nil {
			jc.ID, jc.Measure, jc.Op = "condition", ind.Condition.Expr, "=="
		}
		jc.InForce = t.InForce
		if f := t.Follows; f != nil {
			jc.Of = &jsonOf{Indicator: f.Indicator, Field: f.Field, Times: f.Times, Target: f.Of}
		}
		if c.HasGap {
			g := c.Gap
			jc.Gap = &g
		}
		if t.Missing != "" && c.Reason == "" {
			jc.Reason = "target missing: " + t.Missing
		}
		ji.Checks = append(ji.Checks, jc)
	}
	return ji
}

// WriteJSON writes a list of results as one indented JSON document of format ntm.results/v1,
// in the order given.
func WriteJSON(w io.Writer, results []*Result) error {
	doc := struct {
		Format  string       `json:"format"`
		Results []jsonResult `json:"results"`
	}{Format: FormatResults, Results: make([]jsonResult, 0, len(results))}
	for _, r := range results {
		doc.Results = append(doc.Results, r.jsonShape(false))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func parentMap(ps []Parent) map[Level]string {
	if len(ps) == 0 {
		return nil
	}
	m := make(map[Level]string, len(ps))
	for _, p := range ps {
		m[p.Level] = p.Code
	}
	return m
}
