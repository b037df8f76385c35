package data_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
	"github.com/nongthonmoi/ntm/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const threeYears = `code,period,region
A,2019,dbscl
A,2020,dbscl
B,2020,dbscl
C,2020-H1,dbscl
`

func selected(t *testing.T, sel *data.Selection) []string {
	t.Helper()
	rs, err := criteria.Load(rules.FS, "vn/xa-ntm-2016-2020.yaml")
	require.NoError(t, err)
	r, err := data.NewReader(strings.NewReader(threeYears), "x.csv", data.CSV, rs)
	require.NoError(t, err)
	var out []string
	for r.Next() {
		if sel.Keep(r.Unit()) {
			out = append(out, r.Unit().Code+"@"+r.Unit().Period.String())
		}
	}
	return out
}

// TestSelection: a period, codes, both; what is left out is counted, and a period or a code
// that matched nothing is an error naming what exists.
func TestSelection(t *testing.T) {
	p2020 := criteria.Period{Year: 2020}
	s := data.Select(&p2020)
	assert.Equal(t, []string{"A@2020", "B@2020"}, selected(t, s))
	assert.Equal(t, 2, s.LeftOut())
	assert.NoError(t, s.Err())

	s = data.Select(nil, "A", "Z")
	assert.Equal(t, []string{"A@2019", "A@2020"}, selected(t, s))
	assert.Equal(t, 2, s.LeftOut())
	assert.EqualError(t, s.Err(), "no unit with the code Z in the data selected")

	p2021 := criteria.Period{Year: 2021}
	s = data.Select(&p2021)
	assert.Empty(t, selected(t, s))
	assert.Equal(t, 4, s.LeftOut(), "every unit is accounted for")
	assert.EqualError(t, s.Err(), "the period 2021 matches no unit: the data has 2019, 2020-H1, 2020")

	s = data.Select(&p2020, "C")
	assert.Empty(t, selected(t, s))
	assert.EqualError(t, s.Err(), "no unit with the code C in the data selected", "C exists, but not in 2020")

	assert.NoError(t, data.Select(&p2021).Err(), "nothing read: the reader reports an empty stream")
}

// The units of one period, the rest counted.
func ExampleSelect() {
	rs, _ := criteria.Load(rules.FS, "vn/xa-ntm-2016-2020.yaml")
	r, _ := data.NewReader(strings.NewReader(threeYears), "x.csv", data.CSV, rs)
	p := criteria.Period{Year: 2020}
	sel := data.Select(&p)
	kept := 0
	for r.Next() {
		if sel.Keep(r.Unit()) {
			kept++
		}
	}
	fmt.Println(kept, "kept,", sel.LeftOut(), "left out; error:", sel.Err())
	// Output: 2 kept, 2 left out; error: <nil>
}
