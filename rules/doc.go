// Package rules embeds the rule files, scoring schemes and test cases shipped with the project.
//
// It holds data only and imports nothing of the project, so any program can load the shipped
// rulesets without pulling in more than it uses:
//
//	rs, err := criteria.Load(rules.FS, "vn/xa-ntm-2016-2020.yaml")
//
// The files are organised by publisher: vn/ holds the national sets and the Front's layer,
// camau/ the files of Cà Mau province. criteria.List(rules.FS) lists them with their versions.
package rules

import "embed"

// FS is the read-only file system of the shipped rule files, schemes and test cases.
//
//go:embed vn camau
var FS embed.FS
