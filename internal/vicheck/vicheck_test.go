package vicheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSyllable(t *testing.T) {
	for _, w := range []string{"Xã", "nông", "thôn", "mới", "Nguyễn", "Khánh", "Thới", "Bình", "huyện", "tiêu", "chí", "đạt",
		"chuẩn", "quốc", "gia", "giữa", "gì", "khuyến", "nghị", "Trần", "Hợi", "Phích", "thuyền", "Hoà", "Hòa", "Tắc", "Vân",
		"ương", "Yên", "người", "được", "khoảng", "Đông", "ngoằn", "Quảng", "rớt", "điểm", "trường"} {
		assert.True(t, Syllable(w), w)
	}
	for _, w := range []string{"advanced", "ntm", "verified", "none", "target", "missing", "true", "false", "satisfaction",
		"unknown", "district", "period", "and", "yes", "points", "rank", "plan", "class", "source", "illustrative"} {
		assert.False(t, Syllable(w), w)
	}
}

func TestForeign(t *testing.T) {
	text := "Xã An Xuyên (32023): 19/19 tiêu chí, mức tiếp theo advanced; còn thiếu 15.1, in_district_plan; QĐ 1730/QĐ-TTg; target missing; km 3.5"
	assert.Equal(t, []string{"advanced", "in_district_plan", "target", "missing"}, Foreign(text, "km"))
	assert.Empty(t, Foreign("Ủy ban MTTQ xã dẫn đầu mỗi huyện"))
	assert.Empty(t, Foreign("xem bằng --inherited hoặc --fail-on"), "options are typed as they are")
	assert.Empty(t, Foreign("dòng vn/mttq-xa-ntm-2016-2020.yaml:42"), "file names are opened as they are")
	assert.Empty(t, Foreign("mở rộng camau.xa-ntm@2016-2020"), "references are typed as they are")
}
