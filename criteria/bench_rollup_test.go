package criteria_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/criteria/data"
)

// rollupBench is a province of 100 communes with 6 to 14 hamlets each (about 1,000), varied
// values, one hamlet in 40 with a missing road share, read through the data reader.
type rollupBench struct {
	run     []criteria.LevelUnits
	hamlets []hamletRow
	nComm   int
}

type hamletRow struct {
	commune int
	road    float64
	hasRoad bool
	venue   bool
}

func newRollupBench(b *testing.B) *rollupBench {
	b.Helper()
	fsys := os.DirFS("testdata/levels")
	rng := rand.New(rand.NewPCG(7, 17))
	var th, xa strings.Builder
	th.WriteString("code,commune,region,period,road_hard_pct,culture_house\n")
	xa.WriteString("code,region,period,market\n")
	x := &rollupBench{nComm: 100}
	for c := 0; c < x.nComm; c++ {
		fmt.Fprintf(&xa, "X%03d,vn,2024,%v\n", c, rng.IntN(10) > 0)
		for h, n := 0, 6+rng.IntN(9); h < n; h++ {
			r := hamletRow{commune: c, road: 50 + float64(rng.IntN(500))/10, hasRoad: rng.IntN(40) > 0, venue: rng.IntN(10) > 0}
			road := ""
			if r.hasRoad {
				road = fmt.Sprint(r.road)
			}
			fmt.Fprintf(&th, "A%03d%02d,X%03d,vn,2024,%s,%v\n", c, h, c, road, r.venue)
			x.hamlets = append(x.hamlets, r)
		}
	}
	for _, l := range []struct{ name, csv string }{{"thon", th.String()}, {"xa", xa.String()}, {"tinh", "code,region,period\n96,vn,2024\n"}} {
		rs, err := criteria.Load(fsys, l.name+".yaml")
		if err != nil {
			b.Fatal(err)
		}
		p, err := rs.Compile()
		if err != nil {
			b.Fatal(err)
		}
		ds := data.Read(strings.NewReader(l.csv), l.name+".csv", data.CSV, rs)
		if err := ds.Err(); err != nil {
			b.Fatal(err)
		}
		x.run = append(x.run, criteria.LevelUnits{Program: p, Units: ds.Units})
	}
	return x
}

// handRollup is the essential work written by hand: each hamlet's two checks, each commune's
// share of hamlets meeting both (at least 60 %) with its own market, and the count of eligible
// communes the province's share reads.
func (x *rollupBench) handRollup(markets []bool) (eligible int) {
	met := make([]int, x.nComm)
	total := make([]int, x.nComm)
	for _, h := range x.hamlets {
		total[h.commune]++
		if h.hasRoad && h.road >= 70 && h.venue { // an unknown road is never met
			met[h.commune]++
		}
	}
	for c := range total {
		if markets[c] && total[c] > 0 && met[c]*100 >= 60*total[c] {
			eligible++
		}
	}
	return eligible
}

// BenchmarkRollup evaluates a province's hamlets, communes and itself in one run (explained
// results, kept as members), against the same essential work by hand.
func BenchmarkRollup(b *testing.B) {
	x := newRollupBench(b)
	ctx := context.Background()
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := criteria.Rollup(ctx, x.run...)
			if err != nil || len(out.Levels) != 3 {
				b.Fatal(err)
			}
		}
	})
	markets := make([]bool, x.nComm)
	for i, u := range x.run[1].Units {
		v, _ := u.Values.Get("market")
		markets[i], _ = v.Bool()
	}
	// The two agree on the answer before they are timed.
	out, err := criteria.Rollup(ctx, x.run...)
	if err != nil {
		b.Fatal(err)
	}
	eligible := 0
	for _, r := range out.Levels[1].Results {
		if r.Eligible == criteria.Yes {
			eligible++
		}
	}
	if h := x.handRollup(markets); h != eligible || eligible == 0 {
		b.Fatalf("hand-written: %d eligible communes; engine: %d", h, eligible)
	}
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if x.handRollup(markets) < 0 {
				b.Fatal()
			}
		}
	})
}
