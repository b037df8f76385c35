package gen

// A district is one of Cà Mau's nine district-level units (camau.md §2, dvhcvn data of
// 01/11/2020).
type district struct {
	Code string // official 3-digit code
	Name string // full name as written in reports, e.g. "Huyện Thới Bình"
	City bool   // a provincial city: it "completes the NTM task" instead of meeting the district standard
}

// A commune is one of the 82 rural communes (xã) of Cà Mau before the 2025 reorganisation
// (camau.md §2.1). Wards (phường) and district towns (thị trấn) are not in the NTM programme.
type commune struct {
	Code     string // official 5-digit code
	Name     string // NFC, full diacritics, spelt as in the national unit list
	District string // code of its district-level unit
}

var districts = []district{
	{"964", "Thành phố Cà Mau", true},
	{"966", "Huyện U Minh", false},
	{"967", "Huyện Thới Bình", false},
	{"968", "Huyện Trần Văn Thời", false},
	{"969", "Huyện Cái Nước", false},
	{"970", "Huyện Đầm Dơi", false},
	{"971", "Huyện Năm Căn", false},
	{"972", "Huyện Phú Tân", false},
	{"973", "Huyện Ngọc Hiển", false},
}

// communes lists the 82 xã in code order.
var communes = []commune{
	{"32023", "An Xuyên", "964"},
	{"32026", "Tân Thành", "964"},
	{"32029", "Tắc Vân", "964"},
	{"32032", "Lý Văn Lâm", "964"},
	{"32035", "Định Bình", "964"},
	{"32038", "Hòa Thành", "964"},
	{"32041", "Hòa Tân", "964"},
	{"32047", "Khánh Hòa", "966"},
	{"32048", "Khánh Thuận", "966"},
	{"32050", "Khánh Tiến", "966"},
	{"32053", "Nguyễn Phích", "966"},
	{"32056", "Khánh Lâm", "966"},
	{"32059", "Khánh An", "966"},
	{"32062", "Khánh Hội", "966"},
	{"32068", "Biển Bạch", "967"},
	{"32069", "Tân Bằng", "967"},
	{"32071", "Trí Phải", "967"},
	{"32072", "Trí Lực", "967"},
	{"32074", "Biển Bạch Đông", "967"},
	{"32077", "Thới Bình", "967"},
	{"32080", "Tân Phú", "967"},
	{"32083", "Tân Lộc Bắc", "967"},
	{"32086", "Tân Lộc", "967"},
	{"32089", "Tân Lộc Đông", "967"},
	{"32092", "Hồ Thị Kỷ", "967"},
	{"32101", "Khánh Bình Tây Bắc", "968"},
	{"32104", "Khánh Bình Tây", "968"},
	{"32107", "Trần Hợi", "968"},
	{"32108", "Khánh Lộc", "968"},
	{"32110", "Khánh Bình", "968"},
	{"32113", "Khánh Hưng", "968"},
	{"32116", "Khánh Bình Đông", "968"},
	{"32119", "Khánh Hải", "968"},
	{"32122", "Lợi An", "968"},
	{"32124", "Phong Điền", "968"},
	{"32125", "Phong Lạc", "968"},
	{"32130", "Thạnh Phú", "969"},
	{"32131", "Lương Thế Trân", "969"},
	{"32134", "Phú Hưng", "969"},
	{"32137", "Tân Hưng", "969"},
	{"32140", "Hưng Mỹ", "969"},
	{"32141", "Hoà Mỹ", "969"},
	{"32142", "Đông Hưng", "969"},
	{"32143", "Đông Thới", "969"},
	{"32146", "Tân Hưng Đông", "969"},
	{"32149", "Trần Thới", "969"},
	{"32155", "Tạ An Khương", "970"},
	{"32158", "Tạ An Khương Đông", "970"},
	{"32161", "Trần Phán", "970"},
	{"32162", "Tân Trung", "970"},
	{"32164", "Tân Đức", "970"},
	{"32167", "Tân Thuận", "970"},
	{"32170", "Tạ An Khương Nam", "970"},
	{"32173", "Tân Duyệt", "970"},
	{"32174", "Tân Dân", "970"},
	{"32176", "Tân Tiến", "970"},
	{"32179", "Quách Phẩm Bắc", "970"},
	{"32182", "Quách Phẩm", "970"},
	{"32185", "Thanh Tùng", "970"},
	{"32186", "Ngọc Chánh", "970"},
	{"32188", "Nguyễn Huân", "970"},
	{"32194", "Hàm Rồng", "971"},
	{"32197", "Hiệp Tùng", "971"},
	{"32200", "Đất Mới", "971"},
	{"32201", "Lâm Hải", "971"},
	{"32203", "Hàng Vịnh", "971"},
	{"32206", "Tam Giang", "971"},
	{"32209", "Tam Giang Đông", "971"},
	{"32214", "Phú Thuận", "972"},
	{"32215", "Phú Mỹ", "972"},
	{"32218", "Phú Tân", "972"},
	{"32221", "Tân Hải", "972"},
	{"32224", "Việt Thắng", "972"},
	{"32227", "Tân Hưng Tây", "972"},
	{"32228", "Rạch Chèo", "972"},
	{"32230", "Nguyễn Việt Khái", "972"},
	{"32233", "Tam Giang Tây", "973"},
	{"32236", "Tân Ân Tây", "973"},
	{"32239", "Viên An Đông", "973"},
	{"32242", "Viên An", "973"},
	{"32245", "Tân Ân", "973"},
	{"32248", "Đất Mũi", "973"},
}

func districtByCode(code string) district {
	for _, d := range districts {
		if d.Code == code {
			return d
		}
	}
	panic("gen: unknown district " + code)
}
