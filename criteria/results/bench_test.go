package results_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/results"
)

// BenchmarkWriteV2 writes one unit per operation in ntm.results/v2 (JSON, compact), the
// sample's 492 results cycled, to a writer that discards them.
func BenchmarkWriteV2(b *testing.B) {
	prog, units := camau(b)
	rs := explainAll(b, prog, units)
	out := &counting{}
	w := results.NewWriter(out, prog, results.JSON)
	n := 0
	for b.Loop() {
		if err := w.Write(rs[n%len(rs)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(out.n)/float64(n), "bytes/unit")
}

// BenchmarkWriteV1 writes one unit per operation in ntm.result/v1, with json.Marshal of the
// Result, the same results cycled.
func BenchmarkWriteV1(b *testing.B) {
	prog, units := camau(b)
	rs := explainAll(b, prog, units)
	out := &counting{}
	n := 0
	for b.Loop() {
		data, err := json.Marshal(rs[n%len(rs)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := out.Write(data); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(out.n)/float64(n), "bytes/unit")
}

// BenchmarkWriteHandwritten is the floor for BenchmarkWriteV2: plain Go appending the same
// record (the unit's identity, the summary, every criterion, indicator and check status, each
// check's value, target and gap, and the reasons) as compact JSON into one reused buffer,
// with strconv and no checking of the result against the program, no indentation, no header.
func BenchmarkWriteHandwritten(b *testing.B) {
	prog, units := camau(b)
	rs := explainAll(b, prog, units)
	out := &counting{}
	var buf []byte
	n := 0
	for b.Loop() {
		buf = appendRecord(buf[:0], rs[n%len(rs)])
		if _, err := out.Write(buf); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(out.n)/float64(n), "bytes/unit")
}

func appendRecord(b []byte, r *criteria.Result) []byte {
	u := &r.Unit
	b = append(b, `{"unit":{"code":`...)
	b = strconv.AppendQuote(b, u.Code)
	b = append(b, `,"name":`...)
	b = strconv.AppendQuote(b, u.Name)
	b = append(b, `,"district":`...)
	b = strconv.AppendQuote(b, u.District)
	b = append(b, `,"region":`...)
	b = strconv.AppendQuote(b, u.Region)
	b = append(b, `,"period":"`...)
	b = strconv.AppendInt(b, int64(u.Period.Year), 10)
	b = append(b, `"},"summary":{"met":`...)
	b = strconv.AppendInt(b, int64(r.Met), 10)
	b = append(b, `,"not_met":`...)
	b = strconv.AppendInt(b, int64(r.NotMet), 10)
	b = append(b, `,"unknown":`...)
	b = strconv.AppendInt(b, int64(r.Unknown), 10)
	b = append(b, `,"all_met":"`...)
	b = append(b, r.AllMet.String()...)
	b = append(b, `","eligible":"`...)
	b = append(b, r.Eligible.String()...)
	b = append(b, `","slipped":"`...)
	b = append(b, r.Slipped.String()...)
	b = append(b, `"},"criteria":[`...)
	for i := range r.Criteria {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, r.Criteria[i].Status.String()...)
		b = append(b, '"')
	}
	b = append(b, `],"checks":[`...)
	first := true
	each := func(ir *criteria.IndicatorResult) {
		b = append(b, `{"s":"`...)
		b = append(b, ir.Status.String()...)
		b = append(b, '"')
		if ir.Reason != "" {
			b = append(b, `,"reason":`...)
			b = strconv.AppendQuote(b, ir.Reason)
		}
		b = append(b, `,"c":[`...)
		for k := range ir.Checks {
			c := &ir.Checks[k]
			if k > 0 {
				b = append(b, ',')
			}
			b = append(b, `["`...)
			b = append(b, c.Status.String()...)
			b = append(b, `",`...)
			b = appendValue(b, c.Value)
			b = append(b, ',')
			b = appendValue(b, c.Target().Value)
			b = append(b, ',')
			if c.HasGap {
				b, _ = c.Gap.AppendText(b)
			} else {
				b = append(b, "null"...)
			}
			if c.Reason != "" {
				b = append(b, ',')
				b = strconv.AppendQuote(b, c.Reason)
			}
			b = append(b, ']')
		}
		b = append(b, "]}"...)
	}
	for i := range r.Criteria {
		for j := range r.Criteria[i].Indicators {
			if !first {
				b = append(b, ',')
			}
			first = false
			each(&r.Criteria[i].Indicators[j])
		}
	}
	for j := range r.Conditions {
		b = append(b, ',')
		each(&r.Conditions[j])
	}
	return append(b, "]}\n"...)
}

func appendValue(b []byte, v criteria.Value) []byte {
	if n, ok := v.Number(); ok {
		b, _ = n.AppendText(b)
		return b
	}
	if x, ok := v.Bool(); ok {
		return strconv.AppendBool(b, x)
	}
	if s, ok := v.Text(); ok {
		return strconv.AppendQuote(b, s)
	}
	return append(b, "null"...)
}
