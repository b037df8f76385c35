package criteria

import "fmt"

// Op is a comparator applied by the engine between a measured value and a target.
type Op uint8

// Comparators.
const (
	OpGE Op = iota + 1 // >=
	OpGT               // >
	OpLE               // <=
	OpLT               // <
	OpEQ               // ==
	OpNE               // !=
)

var opNames = [...]string{"", ">=", ">", "<=", "<", "==", "!="}

// String returns the comparator's symbol.
func (o Op) String() string {
	if int(o) < len(opNames) && o != 0 {
		return opNames[o]
	}
	return "?"
}

// MarshalText implements encoding.TextMarshaler.
func (o Op) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// ParseOp reads a comparator as rule files write it: >=, >, <=, <, == or !=.
func ParseOp(s string) (Op, error) {
	if o, ok := parseOp(s); ok {
		return o, nil
	}
	return 0, fmt.Errorf("unknown comparator %q: expected >=, >, <=, <, == or !=", s)
}

func parseOp(s string) (Op, bool) {
	for i, n := range opNames {
		if i > 0 && n == s {
			return Op(i), true
		}
	}
	return 0, false
}

// holds reports whether cmp (the sign of value − target) satisfies the comparator.
func (o Op) holds(cmp int) bool {
	switch o {
	case OpGE:
		return cmp >= 0
	case OpGT:
		return cmp > 0
	case OpLE:
		return cmp <= 0
	case OpLT:
		return cmp < 0
	case OpEQ:
		return cmp == 0
	case OpNE:
		return cmp != 0
	}
	return false
}
