package data

import (
	"fmt"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
)

// TestSeenTableBound: the table keeps at most 32 bytes an accepted unit (once it holds more
// than its first 24), and the keys of codes of digits are the codes and periods themselves.
func TestSeenTableBound(t *testing.T) {
	var s seenTable
	p := criteria.Period{Year: 2020}
	for n := 1; n <= 300000; n++ {
		k := s.key(fmt.Sprintf("%d", n), p)
		if _, dup := s.lookup(k); dup {
			t.Fatalf("unit %d taken for a duplicate", n)
		}
		s.insert(k, uint32(n))
		if n > 24 && tableBytes(&s) > 32*n {
			t.Fatalf("%d units in %d bytes", n, tableBytes(&s))
		}
	}
	if at, ok := s.lookup(s.key("123456", p)); !ok || at != 123456 {
		t.Fatalf("unit 123456: %d, %v", at, ok)
	}
}

func TestSeenTableKeys(t *testing.T) {
	var s seenTable
	keys := map[uint64]string{}
	for _, code := range []string{"7", "07", "007", "70", "99999999999999", "09999999999999", "999999999999999", "X-7", "x-7", "7 "} {
		for _, p := range []criteria.Period{{Year: 2020}, {Year: 2020, Half: 1}, {Year: 2020, Half: 2}, {Year: 2021}, {Year: 1900}, {Year: 2200}} {
			k := s.key(code, p)
			id := code + "@" + p.String()
			if prev, dup := keys[k]; dup {
				t.Fatalf("%s and %s share a key", prev, id)
			}
			if k == 0 {
				t.Fatalf("%s has the empty key", id)
			}
			if exact := len(code) <= 14 && allDigitsTest(code); exact != (k>>63 == 0) {
				t.Fatalf("%s: exact key %v", id, exact)
			}
			keys[k] = id
		}
	}
}

func allDigitsTest(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// tableBytes returns the memory the table holds.
func tableBytes(t *seenTable) int { return len(t.keys)*8 + len(t.at)*4 }
