package lineage_test

import (
	"fmt"

	"github.com/nongthonmoi/ntm/criteria/lineage"
)

// The successors of an old commune split in three on 01/7/2025, with the clause of the
// resolution that formed each.
func ExampleVietnam2025() {
	r, err := lineage.Vietnam2025()
	if err != nil {
		panic(err)
	}
	for _, l := range r.Successors("32141") { // xã Hoà Mỹ, huyện Cái Nước
		fmt.Printf("%s → %s %s (%s; %s)\n", l.From.Name, l.To.Code, l.To.Name, l.Share, l.Source)
	}
	// Output:
	// Xã Hoà Mỹ → 32137 Xã Tân Hưng (part; NQ 1655/NQ-UBTVQH15, khoản 32)
	// Xã Hoà Mỹ → 32140 Xã Hưng Mỹ (part; NQ 1655/NQ-UBTVQH15, khoản 33)
	// Xã Hoà Mỹ → 32214 Xã Phú Mỹ (part; NQ 1655/NQ-UBTVQH15, khoản 30)
}

// What becomes of a title when communes merge: three recognised communes merged whole keep it
// only by a provincial decision ("to be decided"); a merger with an unrecognised one must
// apply again.
func ExampleReorganisation_Carry() {
	r, err := lineage.Vietnam2025()
	if err != nil {
		panic(err)
	}
	recognised := map[string]bool{"32224": true, "32227": true, "32228": true, "32069": true, "32074": true}
	before := func(code string) lineage.Standing {
		if recognised[code] {
			return lineage.Recognised
		}
		return lineage.NotRecognised
	}
	for _, code := range []string{"32227", "32069", "32092"} {
		c, err := r.Carry(code, before)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s: %s (inferred: %v) — %s\n", c.Unit.Name, c.Case.Words("en"), c.Inferred, c.WhyEN[0])
	}
	// Output:
	// Xã Nguyễn Việt Khái: to be decided by the province (inferred: true) — formed wholly from 3 communes, all recognised
	// Xã Biển Bạch: must apply again (inferred: true) — Xã Biển Bạch not recognised
	// Xã Hồ Thị Kỷ: unchanged (inferred: false) — Xã Hồ Thị Kỷ unchanged, not recognised
}
