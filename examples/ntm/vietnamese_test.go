package main

import (
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/internal/vicheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allowVI are the words a Vietnamese report may hold that are not Vietnamese syllables: units
// the names of formats a user chooses, and "internet", the word of the official criteria.
var allowVI = []string{"km", "ha", "kg", "m2", "đ", "CSV", "JSON", "internet"}

// TestVietnameseOutput runs the commands that write a report in Vietnamese (--lang vi, the
// default), on the sample, and fails on any internal id or English word in what they write to
// standard output. Citations and notes quoted from rule files are shown only with targets
// --wide, which is not checked.
func TestVietnameseOutput(t *testing.T) {
	runs := [][]string{
		{"demo"},
		{"evaluate"},
		{"evaluate", "--format", "md"},
		{"explain", "32047"},
		{"explain", "32104"},
		{"explain", "--all"},
		{"rank"},
		{"rank", "--by", "commune"},
		{"rank", "--by", "district_front"},
		{"progress"},
		{"province"},
		{"check"},
		{"list"},
		{"check", "--period", "2020", sampleCSV},
		{"targets"},
		{"targets", "camau/xa-nang-cao-2018-2020.yaml"},
		{"deviations", "camau/xa-ntm-2016-2020.yaml"},
		{"deviations", "camau/xa-ntm-2016-2020.yaml", "--inherited"},
		{"deviations", "vn/mttq-xa-ntm-2016-2020.yaml", "--wide"},
		{"rank", "--scheme", "vn/thi-dua-mttq-2016-2020.yaml", sampleCSV},
	}
	// The template shows the values a column takes, as they are typed: region ids, unit
	// levels, a title in a history.
	t.Run("template", func(t *testing.T) {
		_, out, _ := ntm(t, "template")
		literal := append([]string{"dbscl", "hamlet", "commune", "district", "town", "province", "ntm", "H1", "H2"}, allowVI...)
		assert.Empty(t, vicheck.Foreign(strings.SplitN(out, "\n", 2)[1], literal...), "the header row is ids; the rows under it are read")
	})
	for _, args := range runs {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			_, out, _ := ntm(t, append(args, "--lang", "vi")...)
			assert.NotEmpty(t, out)
			assert.Empty(t, vicheck.Foreign(out, allowVI...), "foreign words in the Vietnamese output of ntm %s", name)
		})
	}
}

// TestVietnameseNotes: the notes a command writes about the defaults it took, and its closing
// count, are Vietnamese too when the user's own data is read.
func TestVietnameseNotes(t *testing.T) {
	for _, args := range [][]string{
		{"evaluate", sampleCSV},
		{"rank", sampleCSV},
		{"progress", sampleCSV},
		{"province", sampleCSV},
		{"explain", "32047", sampleCSV},
		{"check", "--period", "2020", sampleCSV},
		{"targets"},
	} {
		_, _, errs := ntm(t, args...)
		require.Contains(t, errs, "ntm: ", "%v writes notes or counts", args)
		assert.Empty(t, vicheck.Foreign(strings.ReplaceAll(errs, "ntm:", ""), allowVI...), "%v: %s", args, errs)
	}
}
