package main

import (
	"strings"
	"testing"

	"github.com/nongthonmoi/ntm/internal/vicheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const looserFile = `format: ntm.rules/v1
id: tinh-y.xa-ntm
version: "2016-2020"
extends: vn.mttq-xa-ntm@2016-2020
title: {vi: "Bộ tiêu chí tỉnh Y", en: "Province Y"}
regions_only: [dbscl]
override:
  - indicator: "2.2"
    reason: "nới"
    target: {dbscl: {value: 40, confidence: verified, source: "QĐ 9/QĐ-UBND"}}
  - indicator: "4.2"
    reason: "chưa có số"
    target: {dbscl: {missing: "tỉnh chưa quy định"}}
  - indicator: "7"
    disable: "tỉnh không xét"
`

// TestDeviationsOwnFirst: deviations lists the file's own changes, in Vietnamese, within 100
// columns, and says how many the files it extends made; --inherited lists those after.
func TestDeviationsOwnFirst(t *testing.T) {
	p := write(t, "tinh-y.yaml", looserFile)
	code, out, errs := ntm(t, "deviations", p)
	require.Equal(t, exitOK, code, errs)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Regexp(t, `chỉ tiêu 2\.2 Tỷ lệ km đã cứng…\s+≥ 50 % \(theo văn…\s+≥ 40 % \(đã kiểm…\s+nới lỏng\s+10\n`, out)
	assert.Contains(t, out, "bỏ chỉ tiêu")
	assert.Regexp(t, `Cùng \d+ thay đổi của các tệp gốc: xem bằng --inherited\.`, lines[len(lines)-1])
	assert.NotContains(t, out, "vn.mttq-xa-ntm", "inherited changes are not listed by default")
	for _, l := range lines[1:] {
		assert.LessOrEqual(t, len([]rune(l)), 100, "%q", l)
	}
	assert.Empty(t, vicheck.Foreign(out, allowVI...))

	code, all, errs := ntm(t, "deviations", p, "--inherited", "--format", "csv")
	require.Equal(t, exitOK, code, errs)
	rows := strings.Split(strings.TrimSpace(all), "\n")[1:]
	firstInherited := -1
	for i, r := range rows {
		if strings.Contains(r, ".yaml:") { // an inherited change names its file
			if firstInherited < 0 {
				firstInherited = i
			}
		} else {
			assert.Equal(t, -1, firstInherited, "the file's own change %q comes before the inherited ones", r)
		}
	}
	assert.Equal(t, 4, firstInherited, "4 own changes (regions, 2.2, 4.2, 7), then the inherited")
}

// TestDeviationsFailOn: --fail-on makes a CI fail on the changes it names, each listed with
// its line; an unknown kind is a usage error.
func TestDeviationsFailOn(t *testing.T) {
	p := write(t, "tinh-y.yaml", looserFile)
	for kind, line := range map[string]string{"loosens": ":10: ", "removes": ":14: ", "unsets": ":13: "} {
		code, _, errs := ntm(t, "deviations", p, "--fail-on", kind)
		assert.Equal(t, exitFindings, code, kind)
		assert.Contains(t, errs, line, kind)
		assert.Contains(t, errs, "("+kind+")")
	}
	code, _, errs := ntm(t, "deviations", p, "--fail-on", "tightens")
	assert.Equal(t, exitOK, code, errs)
	code, _, errs = ntm(t, "deviations", p, "--fail-on", "loosen")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "one of loosens")
}
