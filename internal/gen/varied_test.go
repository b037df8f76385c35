package gen

import (
	"context"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

func communeProgram(t testing.TB) *criteria.Program {
	t.Helper()
	rs, err := criteria.Load(rules.FS, CommuneRuleset)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := rs.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// TestVariedSeeded checks that the communes depend on the seed and the position only.
func TestVariedSeeded(t *testing.T) {
	prog := communeProgram(t)
	p := criteria.Period{Year: 2020}
	a, err := Varied(prog, 60, Seed, p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Varied(prog, 30, Seed, p)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Varied(prog, 30, Seed+1, p)
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for i := range b {
		if a[i].Code != b[i].Code || !sameValues(a[i], b[i]) {
			t.Errorf("commune %d differs between n = 60 and n = 30", i)
		}
		if sameValues(b[i], c[i]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d communes have the same values under two seeds", same)
	}
}

func sameValues(a, b *criteria.Unit) bool {
	for _, id := range a.Values.Present() {
		va, _ := a.Values.Get(id)
		vb, ok := b.Values.Get(id)
		if !ok || !va.Equal(vb) {
			return false
		}
	}
	return len(a.Values.Present()) == len(b.Values.Present())
}

// TestVariedVaries checks that the communes of a period vary as the sample does: different
// values, and every verdict and fact the sample's period shows.
func TestVariedVaries(t *testing.T) {
	prog := communeProgram(t)
	for _, p := range periods {
		us, err := Varied(prog, 400, Seed, p)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var recognised, slipped, eligible, notMet, unknown, recorded int
		for _, u := range us {
			v, _ := u.Values.Get("households_total")
			w, _ := u.Values.Get("income_per_capita")
			seen[v.String()+"/"+w.String()] = true
			res, err := prog.Evaluate(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			if res.Recognised() {
				recognised++
				if _, ok := res.Recognition.Recorded["income_per_capita"]; ok {
					recorded++
				}
			}
			if res.Slipped == criteria.Yes {
				slipped++
			}
			if res.Eligible == criteria.Yes {
				eligible++
			}
			notMet += res.NotMet
			unknown += res.Unknown
		}
		if len(seen) < len(us)*9/10 {
			t.Errorf("%s: only %d distinct communes of %d", p, len(seen), len(us))
		}
		if recognised == 0 || recorded != recognised || notMet == 0 {
			t.Errorf("%s: %d recognised (%d with a recorded income), %d criteria not met", p, recognised, recorded, notMet)
		}
		if p.Year >= 2017 && slipped == 0 {
			t.Errorf("%s: no commune slipped", p)
		}
		if p.Half == 0 && p.Year >= 2017 && eligible == 0 {
			t.Errorf("%s: no commune eligible", p)
		}
		if p.Year == 2016 && unknown == 0 {
			t.Errorf("%s: no criterion unknown (gaps, the 2016 poverty target)", p)
		}
		t.Logf("%s: %d recognised, %d slipped, %d eligible, %d not met, %d unknown", p, recognised, slipped, eligible, notMet, unknown)
	}
}

// TestVariedPeriod checks that only the sample's periods are accepted.
func TestVariedPeriod(t *testing.T) {
	if _, err := Varied(communeProgram(t), 1, Seed, criteria.Period{Year: 2020, Half: 2}); err == nil {
		t.Error("2020-H2 is not a period of the sample: want an error")
	}
}

func BenchmarkVaried(b *testing.B) {
	prog := communeProgram(b)
	for b.Loop() {
		if _, err := Varied(prog, 1000, Seed, criteria.Period{Year: 2020}); err != nil {
			b.Fatal(err)
		}
	}
}
