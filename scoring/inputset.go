package scoring

import (
	"math/bits"
	"unsafe"

	"github.com/nongthonmoi/ntm/criteria"
)

// InputSet is a compact, append-only collection of scoring inputs of one scheme's ruleset,
// for data sets too large to keep as a slice of Input: about 70 bytes a unit (its code and
// name, a packed status per criterion, its facts) against about 250 for an Input and its
// strings, and it grows in fixed chunks, never copying what it holds. Rank a set with
// Scheme.RankSet; At gives any unit back as an Input.
//
// A ranking takes the units of one period: keep a set per period. Add and AddInput are not
// safe for concurrent use; once filled, a set may be read and ranked concurrently. A ranking
// keeps to the units the set held when it was ranked. A set is made with Scheme.NewInputSet;
// the zero InputSet refuses inputs.
type InputSet struct {
	s      *Scheme // the scheme's core
	layout *layout
	words  int // status words per unit and kind (met, not met)
	n      int

	units  [][]setUnit
	status [][]uint64
	text   [][]byte
	prevs  []setPrev

	districts  []string
	districtAt map[string]uint32
	periods    []criteria.Period
}

// setUnit is one unit of a set: 32 bytes besides its text and statuses.
type setUnit struct {
	textChunk uint32 // the arena chunk holding its code then its name
	textOff   uint32
	codeLen   uint32
	nameLen   uint32
	district  uint32 // index in districts
	prev      uint32 // 1 + index in prevs, 0 for none
	period    uint16 // index in periods
	flags     uint16 // AllMet, Eligible, Slipped (2 bits each), Recognised
	recYear   uint16
}

type setPrev struct {
	now        statusSet
	recognised bool
	period     criteria.Period
}

const (
	setChunk     = 1 << 14 // units per chunk
	setTextChunk = 1 << 20 // bytes per text chunk
	flagRec      = 1 << 6
)

// NewInputSet returns an empty set of inputs for the scheme's ruleset.
func (s *Scheme) NewInputSet() *InputSet {
	s = s.core
	return &InputSet{s: s, layout: s.layout, words: (len(s.ids) + 63) / 64, districtAt: map[string]uint32{}}
}

// Len returns how many units the set holds.
func (x *InputSet) Len() int { return x.n }

// upTo is the set as it is now: a ranking made from it reads only the units it held when it
// was ranked, whatever is added after.
type upTo struct {
	*InputSet
	n int
}

func (v upTo) Len() int { return v.n }

// Add makes the scoring input of a unit from its verdicts by prog, as Scheme.Input does, and
// adds it to the set.
func (x *InputSet) Add(prog *criteria.Program, u *criteria.Unit, v *criteria.Verdicts) error {
	in, err := x.s.Input(prog, u, v)
	if err != nil {
		return err
	}
	return x.AddInput(in)
}

// AddInput adds an input made by a scheme of the set's ruleset, with its previous period if
// it carries one.
func (x *InputSet) AddInput(in Input) error {
	if x.s == nil {
		return inputErr(in.Code, "the set was not made by a scheme: make it with Scheme.NewInputSet")
	}
	if !in.layout.same(x.layout) {
		return inputErr(in.Code, "the input is not of the ruleset %s the set holds", x.layout.ref)
	}
	if len(in.Code)+len(in.Name) > setTextChunk {
		return inputErr(in.Code[:min(len(in.Code), 64)], "the unit's code and name hold %d bytes together; a set keeps at most %d", len(in.Code)+len(in.Name), setTextChunk)
	}
	if in.RecognisedYear < 0 || in.RecognisedYear > 0xffff {
		return inputErr(in.Code, "the year of recognition %d is out of range", in.RecognisedYear)
	}
	k := x.n % setChunk
	if k == 0 {
		x.units = append(x.units, make([]setUnit, 0, setChunk))
		x.status = append(x.status, make([]uint64, 0, setChunk*2*x.words))
	}
	c := len(x.units) - 1
	u := setUnit{codeLen: uint32(len(in.Code)), nameLen: uint32(len(in.Name)), recYear: uint16(in.RecognisedYear),
		district: x.districtIndex(in.District), period: x.periodIndex(in.Period),
		flags: uint16(in.AllMet) | uint16(in.Eligible)<<2 | uint16(in.Slipped)<<4}
	if in.Recognised {
		u.flags |= flagRec
	}
	u.textChunk, u.textOff = x.store(in.Code, in.Name)
	if in.prev.has {
		x.prevs = append(x.prevs, setPrev{now: in.prev.now, recognised: in.prev.recognised, period: in.prev.period})
		u.prev = uint32(len(x.prevs))
	}
	x.units[c] = append(x.units[c], u)
	x.status[c] = append(x.status[c], in.now.met[:x.words]...)
	x.status[c] = append(x.status[c], in.now.notMet[:x.words]...)
	x.n++
	return nil
}

// store copies a unit's code and name into the text arena, whose chunks are never moved, so
// the strings At returns stay valid.
func (x *InputSet) store(code, name string) (uint32, uint32) {
	need := len(code) + len(name)
	if len(x.text) == 0 || cap(x.text[len(x.text)-1])-len(x.text[len(x.text)-1]) < need {
		x.text = append(x.text, make([]byte, 0, setTextChunk))
	}
	c := len(x.text) - 1
	off := len(x.text[c])
	x.text[c] = append(x.text[c], code...)
	x.text[c] = append(x.text[c], name...)
	return uint32(c), uint32(off)
}

func (x *InputSet) districtIndex(d string) uint32 {
	if i, ok := x.districtAt[d]; ok {
		return i
	}
	i := uint32(len(x.districts))
	x.districts = append(x.districts, d)
	x.districtAt[d] = i
	return i
}

func (x *InputSet) periodIndex(p criteria.Period) uint16 {
	for i, q := range x.periods {
		if q == p {
			return uint16(i)
		}
	}
	x.periods = append(x.periods, p)
	return uint16(len(x.periods) - 1)
}

// At returns the i-th unit (0 ≤ i < Len()) as an Input. Its strings share the set's memory.
func (x *InputSet) At(i int) Input { return x.at(i) }

func (x *InputSet) unit(i int) *setUnit { return &x.units[i/setChunk][i%setChunk] }

func (x *InputSet) at(i int) Input {
	u := x.unit(i)
	in := Input{Code: x.code(i), Name: x.name(u), District: x.districts[u.district], Period: x.periods[u.period],
		AllMet: criteria.Truth(u.flags & 3), Eligible: criteria.Truth(u.flags >> 2 & 3), Slipped: criteria.Truth(u.flags >> 4 & 3),
		Recognised: u.flags&flagRec != 0, RecognisedYear: int(u.recYear), layout: x.layout}
	st := x.status[i/setChunk][(i%setChunk)*2*x.words:]
	copy(in.now.met[:], st[:x.words])
	copy(in.now.notMet[:], st[x.words:2*x.words])
	n := len(x.layout.ids)
	for w := 0; w < x.words; w++ {
		in.Met += bits.OnesCount64(in.now.met[w])
		in.NotMet += bits.OnesCount64(in.now.notMet[w])
	}
	in.Unknown = n - in.Met - in.NotMet
	if u.prev != 0 {
		p := &x.prevs[u.prev-1]
		in.prev = previous{has: true, now: p.now, recognised: p.recognised, period: p.period}
	}
	return in
}

func (x *InputSet) code(i int) string {
	u := x.unit(i)
	if u.codeLen == 0 {
		return ""
	}
	b := x.text[u.textChunk][u.textOff:]
	return unsafe.String(&b[0], int(u.codeLen))
}

func (x *InputSet) name(u *setUnit) string {
	if u.nameLen == 0 {
		return ""
	}
	b := x.text[u.textChunk][u.textOff+u.codeLen:]
	return unsafe.String(&b[0], int(u.nameLen))
}

func (x *InputSet) district(i int) string { return x.districts[x.unit(i).district] }
