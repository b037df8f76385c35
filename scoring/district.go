package scoring

import (
	"strings"
)

// The district of a commune is optional in data. A commune whose result names no district (an
// empty or blank district) is never refused: it is ranked in commune rankings, kept out of every
// district's aggregate, and named wherever units are grouped by district (see docs/scoring.md).

// districtOf returns the district a result names, or "" when it names none.
func districtOf(d string) string {
	if strings.TrimSpace(d) == "" {
		return ""
	}
	return d
}

// cmpDistrict orders districts in code order, the group without a district ("") last.
func cmpDistrict(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return cmpCode(a, b)
}

// withoutDistrict returns, in code order, the codes of the inputs that name no district.
func withoutDistrict(t table, order []int32) []string {
	var out []string
	for _, i := range order {
		if t.district(int(i)) == "" {
			out = append(out, t.code(int(i)))
		}
	}
	return out
}
