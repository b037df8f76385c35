package scoring

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestCompactSizes: what a ranking keeps per unit stays small, since a province of a million
// units keeps one per unit and ranking: 32 bytes per ranked unit.
func TestCompactSizes(t *testing.T) {
	require.LessOrEqual(t, unsafe.Sizeof(unitScore{}), uintptr(32))
}
