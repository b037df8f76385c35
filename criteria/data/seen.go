package data

import (
	"hash/maphash"

	"github.com/nongthonmoi/ntm/criteria"
)

// seenTable remembers the code and period of every unit accepted, and where it was read, to
// reject a later unit with the same code and period. It keeps 12 bytes a slot and at least 3
// accepted units in 8 slots, so at most 32 bytes an accepted unit, whatever their codes.
//
// A key is the code and period themselves when the code is at most 14 digits (every official
// code of a Vietnamese province, district or commune): such keys are exact. A key of any other
// code is a 63-bit hash of the code and period (with a seed of its own for each reader), so
// two different units may share one with a probability of about n²/2⁶⁴ for n such units —
// below one in ten million for a million units; the duplicate error names the unit accepted
// before, so such a rejection can be checked.
type seenTable struct {
	keys   []uint64 // 0: an empty slot
	at     []uint32 // where the unit was read
	n      int
	seed   maphash.Seed
	seeded bool
}

// key returns the key of a code and period.
func (t *seenTable) key(code string, p criteria.Period) uint64 {
	if n := len(code); n >= 1 && n <= 14 && p.Year >= 1900 && p.Year < 1900+512 && p.Half >= 0 && p.Half <= 3 {
		var v uint64
		digits := true
		for i := 0; i < n; i++ {
			c := code[i]
			if c < '0' || c > '9' {
				digits = false
				break
			}
			v = v*10 + uint64(c-'0')
		}
		if digits {
			// 0 | length (4 bits) | year-1900 (9 bits) | half (2 bits) | the digits (47 bits)
			return uint64(n)<<58 | uint64(p.Year-1900)<<49 | uint64(p.Half)<<47 | v
		}
	}
	if !t.seeded {
		t.seed, t.seeded = maphash.MakeSeed(), true
	}
	h := maphash.String(t.seed, code)
	h = mix(h ^ uint64(p.Year)<<2 ^ uint64(p.Half&3))
	return h | 1<<63
}

// mix is the finaliser of splitmix64: it spreads every bit of x over the result.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// lookup returns where the unit with key k was read, if one was accepted.
func (t *seenTable) lookup(k uint64) (uint32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := uint64(len(t.keys) - 1)
	for i := mix(k) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k:
			return t.at[i], true
		case 0:
			return 0, false
		}
	}
}

// insert remembers key k (not yet in the table) read at at.
func (t *seenTable) insert(k uint64, at uint32) {
	if (t.n+1)*4 > len(t.keys)*3 {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	i := mix(k) & mask
	for t.keys[i] != 0 {
		i = (i + 1) & mask
	}
	t.keys[i], t.at[i] = k, at
	t.n++
}

// grow doubles the table (keeping at most 3/4 of its slots filled).
func (t *seenTable) grow() {
	size := max(2*len(t.keys), 64)
	old, oldAt := t.keys, t.at
	t.keys, t.at, t.n = make([]uint64, size), make([]uint32, size), 0
	for i, k := range old {
		if k != 0 {
			t.insert(k, oldAt[i])
		}
	}
}
