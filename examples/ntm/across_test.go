package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAcrossSample runs the documented command on the embedded samples: 2020 by old units
// beside 2025 and 2026 by new units, for the new Cà Mau with the former Bạc Liêu part as
// "no data", and every row accounted for.
func TestAcrossSample(t *testing.T) {
	code, out, errs := ntm(t, "across")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "dữ liệu mẫu giả lập")
	assert.Contains(t, errs, "ntm: đọc 562 dòng, đánh giá 152, loại 0, bỏ qua 410 (thuộc kỳ khác 2020)")
	line := func(prefix string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, prefix) {
				return strings.Join(strings.Fields(l), " ")
			}
		}
		t.Fatalf("no line %q in\n%s", prefix, out)
		return ""
	}
	assert.Contains(t, line("32227  Xã Nguyễn Việt Khái"), "Xã Việt Thắng (đạt chuẩn); Xã Tân Hưng Tây (đạt chuẩn); Xã Rạch Chèo (đạt chuẩn) chờ tỉnh quyết định giữ chuẩn * đạt chuẩn đạt chuẩn")
	assert.Contains(t, line("32092  Xã Hồ Thị Kỷ  "), "giữ nguyên chưa đạt chuẩn chưa đạt chuẩn")
	assert.Contains(t, line("32142  Xã Đông Hưng"), "chưa đạt chuẩn một phần → Xã Cái Nước")
	assert.Contains(t, line("2026  Tỉnh Cà Mau"), "2026 Tỉnh Cà Mau 55 4 31 20 7,3–43,6 % 9")
	assert.Contains(t, out, "phần Tỉnh Bạc Liêu cũ     20          0         0                20")
	assert.Contains(t, line("15% số xã đạt chuẩn nông thôn mới năm 2026              2026"), "chưa xác định (thiếu số liệu) 5")
	assert.Contains(t, out, "* Suy ra: áp dụng Công văn 267/BNN-VPĐP")
	for _, w := range []string{"recognised", "commune", "ward", "to_be_decided", "periods"} {
		assert.NotContains(t, out, w, "English in the Vietnamese output")
	}

	code, js, errs := ntm(t, "across", "--format", "json")
	require.Equal(t, 0, code, errs)
	var doc struct {
		NewUnits []struct {
			Code, Case string
			Inferred   bool
			After      []string
		} `json:"new_units"`
		OldUnits []struct{ Code, Before string } `json:"old_units"`
		Totals   struct {
			Before struct{ Communes, Recognised int }
			After  []struct {
				Communes, Recognised, NoData int `json:"-"`
				NoDataJ                      int `json:"no_data"`
				NotRural                     int `json:"not_rural"`
			}
			Cases map[string]int
		}
	}
	require.NoError(t, json.Unmarshal([]byte(js), &doc))
	assert.Len(t, doc.NewUnits, 64, "the new Cà Mau: 55 communes and 9 wards")
	assert.Equal(t, 20, doc.Totals.After[1].NoDataJ, "the former Bạc Liêu's 20 communes have no data")
	assert.Equal(t, 9, doc.Totals.After[1].NotRural)
	assert.Equal(t, 42, doc.Totals.Before.Recognised, "42 recognised communes at the end of 2020")
	n := 0
	for _, c := range doc.Totals.Cases {
		n += c
	}
	assert.Equal(t, 55, n, "every new commune has one case")
}

// TestAcrossUserData reads files of the user's, with a row that is not a new unit: it is one
// positioned error, the rest is shown, and the run exits 1.
func TestAcrossUserData(t *testing.T) {
	code, out, errs := ntm(t, "across", "--before", "../data/camau-communes.csv", "--before-period", "2019",
		"--after", "vn/xa-ntm-2021-2025.yaml=testdata/across/sau-2025.csv", "--after", "testdata/across/sau-2026.csv", "--scheme", "camau/muc-tieu-2026-2030.yaml")
	require.Equal(t, 1, code, errs)
	assert.Contains(t, errs, "testdata/across/sau-2025.csv:4: 32023 (kỳ 2025): 32023 (Xã An Xuyên) là đơn vị trước vn.sap-xep-2025 (01/07/2025), không phải sau")
	assert.Contains(t, errs, "bộ tiêu chí của testdata/across/sau-2026.csv: vn/xa-ntm-2026-2030.yaml (mặc định")
	assert.Contains(t, errs, "tỉnh: 96 Tỉnh Cà Mau")
	assert.Contains(t, errs, "đọc 496 dòng, đánh giá 85, loại 1, bỏ qua 410")
	assert.Contains(t, out, "Trước: 2019 theo đơn vị cũ; sau: 2025, 2026 theo đơn vị mới.")
	assert.Regexp(t, `2026 +Tỉnh Cà Mau +55 +1 +0 +54`, out)
}

// TestAcrossRefusals: each question the command cannot answer as asked is refused.
func TestAcrossRefusals(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--before", "../data/camau-communes.csv"}, "give both --before (old units) and --after (new units)"},
		{[]string{"--before-rules", "camau/xa-ntm-2016-2020.yaml"}, "--before-rules reads your data"},
		{[]string{"--before", "../data/camau-communes.csv", "--after", "testdata/across/sau-2026.csv", "--after-periods", "2024"}, "--after-periods: 2024 ends before"},
		{[]string{"--before", "../data/camau-communes.csv", "--after", "testdata/across/sau-2026.csv", "--before-period", "2025"}, "--before-period: 2025 ends after"},
		{[]string{"--before", "../data/camau-communes.csv", "--after", "testdata/across/sau-2026.csv", "--before-period", "2015"}, "--before-period 2015 matches no row"},
		{[]string{"--before", "../data/camau-communes.csv", "--after", "testdata/across/sau-2026.csv", "--after-periods", "2027"}, "--after-periods 2027 matches no row"},
		{[]string{"--before", "../data/camau-communes.csv", "--after", "testdata/across/sau-2026.csv", "--province", "95"}, `"95" is not a province after`},
		{[]string{"--before", "../data/camau-communes.csv", "--after", "=x.csv"}, "write DATA, or RULES=DATA"},
		{[]string{"--before", "../data/camau-communes.csv", "--after", "testdata/across/sau-2026.csv", "--after", "testdata/across/sau-2026.csv"}, "kỳ 2026 có trong hai tệp sau sắp xếp"},
		{[]string{"--lineage", "testdata/across/none.yaml"}, "none.yaml"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		code, _, errs := ntm(t, append([]string{"across"}, c.args...)...)
		assert.NotEqual(t, 0, code, c.args)
		assert.Contains(t, errs, c.want, c.args)
	}
}

// TestReportThen: the report of a period by new units, with --then, adds the then-and-now
// view; the flags that go with --then are refused without it.
func TestReportThen(t *testing.T) {
	out := t.TempDir() + "/r.html"
	code, _, errs := ntm(t, "report", "--scheme", "camau/muc-tieu-2026-2030.yaml", "--rules", "vn/xa-ntm-2026-2030.yaml",
		"../data/camau-don-vi-moi-2026.csv", "--then", "../data/camau-communes.csv", "--then-period", "2019", "--out", out)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "đọc 527 dòng, đánh giá 117, loại 0, bỏ qua 410 (thuộc kỳ khác 2019, --then)")
	page, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(page), `<section id="across">`)
	assert.Contains(t, string(page), `<th scope="col">Hình thành từ (2019)</th>`)

	code, _, errs = ntm(t, "report", "--scheme", "camau/muc-tieu-2026-2030.yaml", "--rules", "vn/xa-ntm-2026-2030.yaml",
		"../data/camau-don-vi-moi-2026.csv", "--province", "96", "--out", out)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "go with --then")
	code, _, errs = ntm(t, "report", "--then", "../data/camau-communes.csv", "--out", out)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "--then: the report's period 2020 ends before")
}

// TestAcrossDefects: what a trial as an office official and as an attacker found. A row whose
// name is not its code's, periods after that overlap, a province no row belongs to, and a
// lineage file with content errors are each refused with the counts; every row of a side
// rejected is said as such.
func TestAcrossDefects(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := dir + "/" + name
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	before := write("truoc.csv", "code,name,period,history,region\n32044,Xã Nguyễn Phích,2024,ntm@2020,dbscl\n32092,Xã Hồ Thị Kỷ,2024,,dbscl\n")
	after := write("sau.csv", "code,name,period,history,region\n32227,Xã Tân Hưng Tây,2025,ntm@2025,dbscl\n32092,Xã Hồ Thị Kỷ,2025,,dbscl\n")
	code, _, errs := ntm(t, "across", "--before", before, "--before-rules", "vn/xa-ntm-2021-2025.yaml", "--after", "vn/xa-ntm-2021-2025.yaml="+after)
	assert.Equal(t, 1, code, errs)
	assert.Contains(t, errs, `32044 (kỳ 2024): dữ liệu ghi mã 32044 là "Xã Nguyễn Phích", danh mục ghi "Thị trấn U Minh": kiểm tra lại mã`)
	assert.Contains(t, errs, `32227 (kỳ 2025): dữ liệu ghi mã 32227 là "Xã Tân Hưng Tây", danh mục ghi "Xã Nguyễn Việt Khái"`)
	assert.Contains(t, errs, "đọc 4 dòng, đánh giá 2, loại 2")

	half := write("sau-h2.csv", "code,name,period,history,region\n32092,Xã Hồ Thị Kỷ,2025-H2,,dbscl\n")
	code, _, errs = ntm(t, "across", "--before", before, "--before-rules", "vn/xa-ntm-2021-2025.yaml", "--after", "vn/xa-ntm-2021-2025.yaml="+after, "--after", "vn/xa-ntm-2021-2025.yaml="+half)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "the periods 2025-H2 and 2025 overlap")
	assert.Contains(t, errs, "ntm: đọc 5 dòng")

	code, _, errs = ntm(t, "across", "--before", before, "--before-rules", "vn/xa-ntm-2021-2025.yaml", "--after", "vn/xa-ntm-2021-2025.yaml="+after, "--province", "01")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "không dòng nào của dữ liệu là đơn vị của Thành phố Hà Nội")

	code, _, errs = ntm(t, "across", "--before", before, "--after", after)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "mọi dòng của "+before+" đều bị loại (xem trên)")

	lin := write("l.yaml", "format: ntm.lineage/v1\nid: x\neffective: 2025-07-01\nlinks: l.csv\n")
	write("l.csv", "from_code,to_code,share\n1,9,part\n")
	code, _, errs = ntm(t, "across", "--lineage", lin)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "only part of old unit 1 is linked")
	code, _, _ = ntm(t, "across", "--lineage", dir+"/none.yaml")
	assert.Equal(t, 2, code)

	code, js, errs := ntm(t, "across", "--before", before, "--before-rules", "vn/xa-ntm-2021-2025.yaml", "--after", "vn/xa-ntm-2021-2025.yaml="+after, "--format", "json")
	assert.Equal(t, 1, code, errs)
	assert.Contains(t, js, `"goals": []`)
}

// TestValidateLineage: validate knows a lineage file: the shipped one is ok with its doubtful
// link named at its line; a broken one is every problem at its line, exit 1.
func TestValidateLineage(t *testing.T) {
	code, out, errs := ntm(t, "validate", "../../criteria/lineage/vn/sap-xep-2025.yaml")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "sap-xep-2025.yaml: ok (10667 links, from 01/07/2025)")
	assert.Contains(t, out, "sap-xep-2025.csv:10029: cần kiểm tra: 30622 Xã Tân Phú (tỉnh 89) → 30259 Xã Tân Phú Trung (tỉnh 82)")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/l.yaml", []byte("format: ntm.lineage/v1\nid: x\neffective: 2025-07-01\nlinks: l.csv\n"), 0o644))
	require.NoError(t, os.WriteFile(dir+"/l.csv", []byte("from_code,to_code,share\n1,9,part\n"), 0o644))
	code, _, errs = ntm(t, "validate", dir+"/l.yaml")
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "l.csv:2")
	assert.Contains(t, errs, "only part of old unit 1 is linked")
}

// TestAcrossBeforeRulesByPeriod: with --before-period in 2021-2025 and no --before-rules, the
// data before are read with the set in force then, and the tool says so.
func TestAcrossBeforeRulesByPeriod(t *testing.T) {
	dir := t.TempDir()
	before := dir + "/truoc.csv"
	require.NoError(t, os.WriteFile(before, []byte("code,name,period,history,region\n32092,Xã Hồ Thị Kỷ,2024,,dbscl\n"), 0o644))
	code, out, errs := ntm(t, "across", "--before", before, "--before-period", "2024", "--after", "testdata/across/sau-2026.csv")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "bộ tiêu chí của dữ liệu trước: vn/xa-ntm-2021-2025.yaml (mặc định cho kỳ của nó")
	assert.Contains(t, out, "Trước: 2024 theo đơn vị cũ")
}

// TestAcrossGoalsAndMessages: a goal the view cannot set against a period is named with why,
// never dropped in silence; and each refusal a user can meet says what to do.
func TestAcrossGoalsAndMessages(t *testing.T) {
	code, out, errs := ntm(t, "across", "--before", sampleCSV, "--after", "testdata/across/sau-2027.csv", "--scheme", "testdata/across/muc-tieu.yaml")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, `mục tiêu "10% số xã đạt chuẩn năm 2026" không đặt cạnh các kỳ sau: hạn của nó trước mọi kỳ sau`)
	assert.Contains(t, errs, `mục tiêu "Bình quân 8 tiêu chí mỗi xã năm 2027" không đặt cạnh các kỳ sau: chỉ đo được mục tiêu về số hoặc tỷ lệ xã đạt chuẩn`)
	assert.Regexp(t, `Ít nhất 3 xã đạt chuẩn năm 2027 +2027 +chưa xác định \(thiếu số liệu\) +2`, out)

	dir := t.TempDir()
	other := dir + "/ha-noi.csv"
	require.NoError(t, os.WriteFile(other, []byte("code,name,period,history\n00004,Phường Ba Đình,2026,\n00008,Phường Ngọc Hà,2026,\n32092,Xã Hồ Thị Kỷ,2026,\n"), 0o644))
	unknown := dir + "/khong-ro.csv"
	require.NoError(t, os.WriteFile(unknown, []byte("code,name,period,history\n99999,Xã Không Có,2026,\n"), 0o644))
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--before", sampleCSV, "--after", "testdata/across/sau-2026.csv", "--after-periods", "2026,2026"}, 2, "--after-periods: 2026 is given twice"},
		{[]string{"--before", sampleCSV, "--after", "testdata/across/sau-2026.csv", "--after-periods", "20x6"}, 2, "--after-periods:"},
		{[]string{"--before", sampleCSV, "--after", "testdata/across/sau-2026.csv", "--before-period", "20x0"}, 2, "--before-period:"},
		{[]string{"--before", sampleCSV, "--after", unknown}, 2, "the data after name no unit after vn.sap-xep-2025 (01/07/2025): give --province"},
		{[]string{"--before", sampleCSV, "--after", other}, 1, "dữ liệu sau có đơn vị của 2 tỉnh; chọn 01 Thành phố Hà Nội (nhiều đơn vị nhất; chọn bằng --province)"},
	} {
		code, _, errs := ntm(t, append([]string{"across"}, c.args...)...)
		assert.Equal(t, c.code, code, "%v: %s", c.args, errs)
		assert.Contains(t, errs, c.want, c.args)
	}

	// report --then: the flags that go with it are checked, and a province no unit belongs to is refused
	out2 := dir + "/r.html"
	base := []string{"report", "--scheme", "camau/muc-tieu-2026-2030.yaml", "--rules", "vn/xa-ntm-2026-2030.yaml", "../data/camau-don-vi-moi-2026.csv", "--out", out2}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--then", sampleCSV, "--then-period", "2025"}, "--then-period: 2025 ends after"},
		{[]string{"--then", sampleCSV, "--then-period", "x"}, "--then-period:"},
		{[]string{"--then", sampleCSV, "--province", "01"}, "không đơn vị nào của kỳ 2026 thuộc Thành phố Hà Nội"},
		{[]string{"--then-rules", "vn/xa-ntm-2021-2025.yaml"}, "go with --then"},
	} {
		code, _, errs := ntm(t, append(append([]string{}, base...), c.args...)...)
		assert.Equal(t, 2, code, "%v: %s", c.args, errs)
		assert.Contains(t, errs, c.want, c.args)
	}
}

// TestAcrossOwnLineage: a province's own arrangement, in a lineage file of its own, is what
// --lineage reads; the units and the date are its.
func TestAcrossOwnLineage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := dir + "/" + name
		require.NoError(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	lin := write("sap-xep.yaml", `format: ntm.lineage/v1
id: tinh-x.sap-xep-2024
title: {vi: "Sắp xếp đơn vị hành chính cấp xã tỉnh X năm 2024"}
effective: 2024-01-01
source: "NQ 1/2023/NQ-UBTVQH15"
links:
  - {from_province: "99", from_code: "00001", from_name: "Xã A", to_province: "99", to_code: "00001", to_name: "Xã A", share: whole}
  - {from_province: "99", from_code: "00002", from_name: "Xã B", to_province: "99", to_code: "00001", to_name: "Xã A", share: whole}
  - {from_province: "99", from_code: "00003", from_name: "Xã C", to_province: "99", to_code: "00003", to_name: "Xã C", share: whole}
`)
	before := write("truoc.csv", "code,name,period,history,region\n00001,Xã A,2023,ntm@2020,dbscl\n00002,Xã B,2023,ntm@2021,dbscl\n00003,Xã C,2023,,dbscl\n")
	after := write("sau.csv", "code,name,period,history,region\n00001,Xã A,2024,ntm@2024,dbscl\n00003,Xã C,2024,,dbscl\n")
	code, out, errs := ntm(t, "across", "--lineage", lin, "--before", before, "--before-period", "2023", "--after", "vn/xa-ntm-2021-2025.yaml="+after, "--lang", "en")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Sắp xếp đơn vị hành chính cấp xã tỉnh X năm 2024 — 99 (after the reorganisation)")
	assert.Regexp(t, `00001 +Xã A +Xã A \(recognised\); Xã B \(recognised\) +to be decided by the province \* +recognised`, out)
	assert.Regexp(t, `00003 +Xã C +Xã C \(not recognised\) +unchanged +not recognised`, out)
	assert.Regexp(t, `2024 +99 +2 +1 +1 +0 +50 % +0`, out)
	assert.NotContains(t, out, "part from", "a lineage that links no provinces has no parts by former province")
}
