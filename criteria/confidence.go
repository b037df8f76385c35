package criteria

// Confidence says how sure the ruleset is of a target cell.
type Confidence uint8

// Confidence levels, from the most to the least certain.
const (
	Verified    Confidence = iota + 1 // stated for this region in a cited source
	Inferred                          // deduced, e.g. the national value assumed for a region
	Predecessor                       // taken from the predecessor decision, a fallback only
	Unverified                        // recalled but not confirmed by any source consulted
	Conflicting                       // sources disagree
)

var confidenceNames = [...]string{"", "verified", "inferred", "predecessor", "unverified", "conflicting"}

// String returns the confidence as written in rule files.
func (c Confidence) String() string {
	if int(c) < len(confidenceNames) && c != 0 {
		return confidenceNames[c]
	}
	return "none"
}

// MarshalText implements encoding.TextMarshaler.
func (c Confidence) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func parseConfidence(s string) (Confidence, bool) {
	for i, n := range confidenceNames {
		if i > 0 && n == s {
			return Confidence(i), true
		}
	}
	return 0, false
}
