package criteria_test

import (
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnitClone: a clone shares nothing a reader reuses for the next row.
func TestUnitClone(t *testing.T) {
	rs, _ := loadMini(t, "mini/base.yaml")
	u := &criteria.Unit{Code: "1", Region: "south", Period: criteria.Period{Year: 2020}, Values: rs.NewValues(),
		History: []criteria.Recognition{{Level: "ntm", Year: 2015, Recorded: map[string]criteria.Number{"income": criteria.IntNumber(30)}}},
		Members: []*criteria.Result{{}}, Source: "a.csv:2"}
	require.NoError(t, u.Values.SetString("income", "52.5"))
	c := u.Clone()
	require.NoError(t, u.Values.SetString("income", "1"))
	u.History[0].Year, u.History[0].Recorded["income"] = 2016, criteria.IntNumber(1)
	u.Members[0] = nil
	v, _ := c.Values.Get("income")
	assert.Equal(t, "52.5", v.String())
	assert.Equal(t, 2015, c.History[0].Year)
	assert.Equal(t, "30", c.History[0].Recorded["income"].String())
	assert.NotNil(t, c.Members[0])
	assert.Equal(t, "a.csv:2", c.Source)
	assert.Nil(t, (&criteria.Unit{}).Clone().Values)
}
