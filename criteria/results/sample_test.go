package results_test

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	sample "github.com/nongthonmoi/ntm/examples/data"
	"github.com/nongthonmoi/ntm/rules"
)

// The sample is read here with encoding/csv and Values.SetString rather than with a data
// reader, so these tests depend only on the model and the evaluation of package criteria.

const (
	sampleRules = "camau/xa-ntm-2016-2020.yaml"
	sampleData  = "camau-communes.csv"
	sampleRows  = 492
)

var loaded struct {
	once  sync.Once
	prog  *criteria.Program
	units []*criteria.Unit
	err   error
}

// camau returns the Cà Mau commune program and the sample's 492 units (every period).
func camau(tb testing.TB) (*criteria.Program, []*criteria.Unit) {
	tb.Helper()
	loaded.once.Do(func() { loaded.prog, loaded.units, loaded.err = loadSample() })
	if loaded.err != nil {
		tb.Fatal(loaded.err)
	}
	if len(loaded.units) != sampleRows {
		tb.Fatalf("sample: %d units, want %d", len(loaded.units), sampleRows)
	}
	return loaded.prog, loaded.units
}

func loadSample() (*criteria.Program, []*criteria.Unit, error) {
	rs, err := criteria.Load(rules.FS, sampleRules)
	if err != nil {
		return nil, nil, err
	}
	prog, err := rs.Compile()
	if err != nil {
		return nil, nil, err
	}
	f, err := sample.FS.Open(sampleData)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	rd := csv.NewReader(f)
	header, err := rd.Read()
	if err != nil {
		return nil, nil, err
	}
	var units []*criteria.Unit
	for line := 2; ; line++ {
		row, err := rd.Read()
		if err == io.EOF {
			return prog, units, nil
		}
		if err != nil {
			return nil, nil, err
		}
		u := &criteria.Unit{Values: rs.NewValues(), Source: sampleData + ":" + strconv.Itoa(line)}
		for i, col := range header {
			v := row[i]
			switch col {
			case "code":
				u.Code = v
			case "name":
				u.Name = v
			case "district":
				u.District = v
			case "region":
				u.Region = v
			case "period":
				if u.Period, err = criteria.ParsePeriod(v); err != nil {
					return nil, nil, err
				}
			case "history":
				for _, h := range strings.Split(v, ";") {
					level, year, ok := strings.Cut(strings.TrimSpace(h), "@")
					if !ok {
						continue
					}
					y, err := strconv.Atoi(year)
					if err != nil {
						return nil, nil, err
					}
					u.History = append(u.History, criteria.Recognition{Level: level, Year: y})
				}
			default:
				if err := u.Values.SetString(col, v); err != nil {
					return nil, nil, err
				}
			}
		}
		units = append(units, u)
	}
}

// explainAll evaluates every unit into a fresh Result.
func explainAll(tb testing.TB, prog *criteria.Program, units []*criteria.Unit) []*criteria.Result {
	tb.Helper()
	out := make([]*criteria.Result, len(units))
	for i, u := range units {
		r, err := prog.Evaluate(context.Background(), u)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = r
	}
	return out
}
