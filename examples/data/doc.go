// Package data embeds the sample data of Cà Mau province, so the command-line tool and the
// examples run with no files.
//
// The values are SYNTHETIC: only the province totals follow published figures. The communes'
// names, codes and districts are real, and so are the recognition years where the project's
// reference dates them; see README.md for the figures and their sources. The files are written
// by the seeded generator in examples/internal/gen:
//
//	go generate ./examples/data
//
// and read like any data file, with package criteria/data:
//
//	rs, _ := criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
//	r, err := datafile.Open(data.FS, "camau-communes.csv", rs) // datafile: criteria/data
//
// camau-districts.csv is typed by vn/huyen-ntm-2016-2020.yaml. Its TP Cà Mau row (964) is a
// provincial city: evaluate it with vn/thi-xa-tp-hoan-thanh-2016-2020.yaml (Unit.Level =
// criteria.LevelTown), with the communes' results as members (criteria.Province does both).
package data

import "embed"

//go:generate go run ../internal/gen/gendata -out .

// FS holds the sample data files: camau-communes.csv (the 82 communes) and
// camau-districts.csv (the 9 district-level units), each for 2016, 2017, 2018, 2019, mid-2020
// (2020-H1) and 2020; and, after the reorganisation of 01/7/2025, camau-don-vi-moi-2025.csv
// and camau-don-vi-moi-2026.csv: the 35 new communes of the old Cà Mau territory with their
// recognition only, as input (synthetic; see README.md).
//
//go:embed *.csv
var FS embed.FS
