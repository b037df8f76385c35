package results_test

import (
	"context"
	"fmt"
	"os"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/results"
)

// A small ruleset: one criterion of two checks, and a recognition condition.
const waterRules = `format: ntm.rules/v1
id: example.water
version: "1"
level: commune
title: {vi: "Bộ tiêu chí mẫu", en: "Example set"}
legal:
  - {id: "T-1", title: {vi: "Văn bản mẫu", en: "Example document"}}
effective: {from: 2020-01-01, until: 2020-12-31}
regions:
  - {id: south, name: {vi: "Miền Nam", en: "South"}}
fields:
  - {id: households_total, type: count, unit: "hộ", label: {vi: "Tổng số hộ", en: "Households"}}
  - {id: households_clean, type: count, unit: "hộ", label: {vi: "Hộ dùng nước sạch", en: "Households with clean water"}, at_most: households_total}
  - {id: debt, type: number, unit: "triệu đồng", label: {vi: "Nợ đọng", en: "Debt"}}
groups:
  - {id: "I", title: {vi: "Nhóm I", en: "Group I"}}
criteria:
  - id: "1"
    name: {vi: "Nước sạch", en: "Clean water"}
    groups: ["I"]
    indicators:
      - id: "1.1"
        name: {vi: "Tỷ lệ hộ dùng nước sạch", en: "Households with clean water"}
        checks:
          - id: clean
            measure: percent(households_clean, households_total)
            op: ">="
            unit: "%"
            target: {national: {value: 60, confidence: verified, source: "T-1"}}
conditions:
  - id: no_debt
    kind: gate
    name: {vi: "Không nợ đọng", en: "No debt"}
    checks:
      - {measure: debt, op: "<=", target: {all: {value: 0, confidence: verified, source: "T-1"}}}
`

// Write two communes as JSON Lines: the header on the first line, then a line per commune
// that refers to it by position.
func ExampleNewWriter() {
	rs, err := criteria.Parse("water.yaml", []byte(waterRules))
	if err != nil {
		fmt.Println(err)
		return
	}
	prog, _ := rs.Compile()
	w := results.NewWriter(os.Stdout, prog, results.JSONLines)
	var res criteria.Result
	for _, c := range []struct{ code, name, clean, debt string }{
		{"32221", "Tân Hải", "1300", "0"},
		{"32224", "Việt Thắng", "1100", ""},
	} {
		v := rs.NewValues()
		_ = v.SetString("households_total", "2000")
		_ = v.SetString("households_clean", c.clean)
		_ = v.SetString("debt", c.debt)
		u := &criteria.Unit{Code: c.code, Name: c.name, Region: "south", Period: criteria.Period{Year: 2020}, Values: v}
		if err := prog.Explain(context.Background(), u, &res); err != nil {
			fmt.Println(err)
			continue
		}
		if err := w.Write(&res); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"format":"ntm.results/v2","ruleset":{"id":"example.water","version":"1","hash":"sha256:0f38915e2a20a5d38af2ef9cffde111926366766acc294c9136777c92d5fbb75","title":{"vi":"Bộ tiêu chí mẫu","en":"Example set"},"level":"commune","illustrative":false,"recognition":"ntm","legal":[{"id":"T-1","title":{"vi":"Văn bản mẫu","en":"Example document"}}],"regions":["south"],"years":{"from":2020,"until":2020}},"statuses":{"met":{"vi":"đạt","en":"met"},"not_met":{"vi":"không đạt","en":"not met"},"not_applicable":{"vi":"không áp dụng","en":"not applicable"},"unknown":{"vi":"chưa rõ","en":"unknown"}},"criteria":[{"id":"1","name":{"vi":"Nước sạch","en":"Clean water"},"groups":["I"],"annotations":{},"indicators":["1.1"]}],"indicators":[{"id":"1.1","name":{"vi":"Tỷ lệ hộ dùng nước sạch","en":"Households with clean water"},"criterion":"1","checks":["clean"]},{"id":"no_debt","name":{"vi":"Không nợ đọng","en":"No debt"},"kind":"gate","checks":["1"]}],"checks":[{"indicator":"1.1","id":"clean","measure":"percent(households_clean, households_total)","op":">=","unit":"%","cells":[{"value":60,"confidence":"inferred","source":"T-1","column":"national"}]},{"indicator":"no_debt","id":"1","measure":"debt","op":"<=","cells":[{"value":0,"confidence":"verified","source":"T-1","column":"all"}]}]}
	// {"unit":{"code":"32221","name":"Tân Hải","region":"south","period":"2020","titles":[]},"summary":{"met":1,"not_met":0,"unknown":0,"all_met":"yes","eligible":"yes","recognised":false,"recognition":null,"slipped":"no","missing_fields":[]},"criteria":["met"],"indicators":["met","met"],"checks":["met","met"],"values":[65,0],"targets":[60,0],"cells":[0,0],"gaps":[null,null],"notes":[]}
	// {"unit":{"code":"32224","name":"Việt Thắng","region":"south","period":"2020","titles":[]},"summary":{"met":0,"not_met":1,"unknown":0,"all_met":"no","eligible":"no","recognised":false,"recognition":null,"slipped":"no","missing_fields":["debt"]},"criteria":["not_met"],"indicators":["not_met","unknown"],"checks":["not_met","unknown"],"values":[55,null],"targets":[60,0],"cells":[0,0],"gaps":[5,null],"notes":[{"check":1,"missing":["debt"]}]}
}
