package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rankingRows returns the rows of the first ranking table of a report, cells separated by
// single spaces, from its heading on.
func rankingRows(out string) []string {
	at := strings.Index(out, "Bộ tiêu chí: ")
	if at < 0 {
		return nil
	}
	var rows []string
	spaces := regexp.MustCompile(`\s{2,}`)
	for _, l := range strings.Split(out[at:], "\n")[4:] { // heading (2 lines), progress line, table header
		if strings.TrimSpace(l) == "" {
			break
		}
		if strings.HasPrefix(l, "─") {
			continue
		}
		rows = append(rows, spaces.ReplaceAllString(strings.TrimSpace(l), " "))
	}
	return rows
}

// TestOneRankingPerPeriod: the default run and rank give the same ranking for a period (both
// count progress against the previous year), and both say so.
func TestOneRankingPerPeriod(t *testing.T) {
	_, demo, _ := ntm(t, "demo")
	code, rank, errs := ntm(t, "rank", "--top", "3")
	require.Equal(t, exitOK, code, errs)
	for _, out := range []string{demo, rank} {
		assert.Contains(t, out, "Bộ tiêu chí: Bộ tiêu chí xã nông thôn mới tỉnh Cà Mau giai đoạn 2016-2020 (minh họa)\nCó tính điểm tiến bộ so với kỳ 2019\n")
	}
	d, r := rankingRows(demo), rankingRows(rank)
	require.NotEmpty(t, d)
	assert.Equal(t, r, d)
}
