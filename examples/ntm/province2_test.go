package main

import (
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/internal/vicheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSecondProvince runs a northern-mountain province end to end with its own small rule
// file (testdata/hagiang) and the generic Front scheme: validate, deviations, evaluate,
// explain and rank. Nothing of Cà Mau, no English word and no internal id may appear in what
// it is shown.
func TestSecondProvince(t *testing.T) {
	const rules, data = "testdata/hagiang/xa-ntm-2016-2020.yaml", "testdata/hagiang/communes.csv"
	clean := func(t *testing.T, what, out string) {
		t.Helper()
		for _, w := range []string{"Cà Mau", "camau", "Ca Mau", "dbscl", "Đồng bằng sông Cửu Long"} {
			assert.NotContains(t, out, w, "%s shows another province", what)
		}
		assert.Empty(t, vicheck.Foreign(out, allowVI...), "%s", what)
	}

	code, out, errs := ntm(t, "validate", rules)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "3 targets are missing for the regions the file accepts (tdmnpb)")
	assert.Contains(t, out, "criterion 10 › indicator 10 › check income › target › tdmnpb")

	code, out, errs = ntm(t, "deviations", rules)
	require.Equal(t, exitOK, code, errs)
	clean(t, "deviations", out)
	assert.Regexp(t, `chỉ tiêu 2\.2 .*≥ 50 %`, out)
	assert.Contains(t, out, "chỉ nhận đơn vị thuộc Trung…")

	code, out, errs = ntm(t, "evaluate", "--rules", rules, data)
	require.Equal(t, exitOK, code, errs)
	clean(t, "evaluate", out)
	assert.Contains(t, errs, "đọc 12 dòng, đánh giá 12, loại 0")
	assert.Regexp(t, `HG-04\s+Khâu Vai\s+Huyện Mèo Vạc\s+2020\s+19\s+0\s+0\s+có`, out)

	code, out, errs = ntm(t, "explain", "HG-05", "--period", "2020", "--rules", rules, data)
	require.Equal(t, exitOK, code, errs)
	clean(t, "explain", out)
	assert.Contains(t, out, "Tiêu chí đạt: 18/19")

	code, out, errs = ntm(t, "rank", "--scheme", "vn/thi-dua-mttq-2016-2020.yaml", "--rules", rules, data)
	require.Equal(t, exitOK, code, errs)
	clean(t, "rank", out)
	assert.Contains(t, out, "Bộ tiêu chí: Bộ tiêu chí xã nông thôn mới tỉnh Hà Giang giai đoạn 2016-2020 (tệp thử)\nCó tính điểm tiến bộ so với kỳ 2019")
	assert.Regexp(t, `Huyện Mèo Vạc\s+1\s+HG-04\s+Ủy ban MTTQ xã Khâu Vai`, out)
	assert.True(t, strings.Contains(out, "Đề xuất khen thưởng"), "the generic scheme's 5% rule proposes candidates")
}
