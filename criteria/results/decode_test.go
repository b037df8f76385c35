package results_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
)

// The plain structs below are how a reader written with encoding/json alone sees a document.

type text struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}

type header struct {
	Format  string `json:"format"`
	Ruleset struct {
		ID           string `json:"id"`
		Version      string `json:"version"`
		Hash         string `json:"hash"`
		Title        text   `json:"title"`
		Level        string `json:"level"`
		Illustrative bool   `json:"illustrative"`
		Recognition  string `json:"recognition"`
		Legal        []struct {
			ID    string `json:"id"`
			Title text   `json:"title"`
			Date  string `json:"date"`
			URL   string `json:"url"`
		} `json:"legal"`
		Regions []string `json:"regions"`
		Years   struct {
			From  int `json:"from"`
			Until int `json:"until"`
		} `json:"years"`
	} `json:"ruleset"`
	Statuses map[string]text `json:"statuses"`
	Criteria []struct {
		ID          string            `json:"id"`
		Name        text              `json:"name"`
		Groups      []string          `json:"groups"`
		Annotations map[string]string `json:"annotations"`
		Indicators  []string          `json:"indicators"`
	} `json:"criteria"`
	Indicators []struct {
		ID        string   `json:"id"`
		Name      text     `json:"name"`
		Criterion string   `json:"criterion"`
		Kind      string   `json:"kind"`
		Unit      string   `json:"unit"`
		AppliesIf string   `json:"applies_if"`
		Disabled  string   `json:"disabled"`
		Checks    []string `json:"checks"`
	} `json:"indicators"`
	Checks []struct {
		Indicator string `json:"indicator"`
		ID        string `json:"id"`
		Condition bool   `json:"condition"`
		Label     *text  `json:"label"`
		Measure   string `json:"measure"`
		Op        string `json:"op"`
		Unit      string `json:"unit"`
		Cells     []cell `json:"cells"`
	} `json:"checks"`
}

type cell struct {
	Value      json.RawMessage `json:"value"`
	Missing    string          `json:"missing"`
	Confidence string          `json:"confidence"`
	Source     string          `json:"source"`
	Note       string          `json:"note"`
	Column     string          `json:"column"`
}

type unitRecord struct {
	Unit struct {
		Code     string   `json:"code"`
		Name     string   `json:"name"`
		District string   `json:"district"`
		Region   string   `json:"region"`
		Period   string   `json:"period"`
		Titles   []string `json:"titles"`
		Members  []string `json:"members"`
		Source   string   `json:"source"`
	} `json:"unit"`
	Summary struct {
		Met         int    `json:"met"`
		NotMet      int    `json:"not_met"`
		Unknown     int    `json:"unknown"`
		AllMet      string `json:"all_met"`
		Eligible    string `json:"eligible"`
		Recognised  bool   `json:"recognised"`
		Recognition *struct {
			Level    string `json:"level"`
			Year     int    `json:"year"`
			Decision string `json:"decision"`
		} `json:"recognition"`
		Slipped       string   `json:"slipped"`
		MissingFields []string `json:"missing_fields"`
	} `json:"summary"`
	Criteria   []string          `json:"criteria"`
	Indicators []string          `json:"indicators"`
	Checks     []string          `json:"checks"`
	Values     []json.RawMessage `json:"values"`
	Targets    []json.RawMessage `json:"targets"`
	Cells      []int             `json:"cells"`
	Gaps       []json.RawMessage `json:"gaps"`
	Notes      []struct {
		Indicator *int     `json:"indicator"`
		Check     *int     `json:"check"`
		Missing   []string `json:"missing"`
		Reason    string   `json:"reason"`
	} `json:"notes"`
}

type document struct {
	header
	Units []unitRecord `json:"units"`
}

// decodeJSON decodes a JSON document, refusing members the structs do not know.
func decodeJSON(t *testing.T, data []byte) document {
	t.Helper()
	var doc document
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Fatal("more than one value in a JSON document")
	}
	return doc
}

// decodeLines decodes a JSON Lines document: the header, then one record per line.
func decodeLines(t *testing.T, data []byte) document {
	t.Helper()
	var doc document
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 0; sc.Scan(); n++ {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		var err error
		if n == 0 {
			err = dec.Decode(&doc.header)
		} else {
			var u unitRecord
			err = dec.Decode(&u)
			doc.Units = append(doc.Units, u)
		}
		if err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return doc
}
