package ydec

// Suggest returns the candidate nearest to name when it is near enough to be a likely typo.
// Candidates are compared in order, so the result is deterministic.
func Suggest(name string, candidates []string) string {
	best, bestD := "", 0
	limit := len([]rune(name))/3 + 1
	if limit > 3 {
		limit = 3
	}
	n := len(name)
	for _, c := range candidates {
		if c == name {
			continue
		}
		// The distance is at least the difference in length: in bytes, at most 4 per rune.
		if len(c) > 4*(n+limit) || n > 4*(len(c)+limit) {
			continue
		}
		d := editDistance(name, c)
		// Equal distances: prefer the candidate sharing the longer prefix ("dbsc" → "dbscl").
		if d <= limit && (best == "" || d < bestD || d == bestD && commonPrefix(name, c) > commonPrefix(name, best)) {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
