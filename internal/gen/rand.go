package gen

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// Seed is the generator's fixed seed: the same seed gives byte-identical output.
const Seed uint64 = 20201231

// rng returns a random source keyed by the given parts. Every draw of the generator comes from a
// source keyed by what it is for (a commune, a period, a field), so the output does not depend on
// the order in which values are generated, and changing one part leaves the others unchanged.
func rng(parts ...string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(parts, "\x00")))
	return rand.New(rand.NewPCG(Seed, h.Sum64()))
}

// uniform returns a uniform number in [0, 1) keyed by the given parts.
func uniform(parts ...string) float64 { return rng(parts...).Float64() }

// between returns a uniform number in [lo, hi) keyed by the given parts.
func between(lo, hi float64, parts ...string) float64 { return lo + (hi-lo)*uniform(parts...) }

// intBetween returns a uniform integer in [lo, hi] keyed by the given parts.
func intBetween(lo, hi int, parts ...string) int { return lo + rng(parts...).IntN(hi-lo+1) }

func clamp01(x float64) float64 { return min(max(x, 0), 1) }
