package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	desaRules = "../../criteria/testdata/language/desa.yaml"
	desaData  = "../../criteria/testdata/language/desa.csv"
)

// vietnameseWords are words of the tool's own vocabulary, and of Vietnam's levels, that an
// Indonesian ruleset's outputs must not carry.
var vietnameseWords = []string{"xã", "Xã", "huyện", "Huyện", "commune", "District", "chưa rõ", "unknown", "Tiêu chí", "Criteria met", "kỳ ", "period ", "Mã", "Hạng", "Xếp loại", "có", "không"}

func assertSpeaks(t *testing.T, out string, want []string) {
	t.Helper()
	for _, w := range want {
		assert.Contains(t, out, w)
	}
	for _, w := range vietnameseWords {
		assert.NotContains(t, out, w, "a word of another language or level")
	}
}

// TestRulesetLanguage: a ruleset written in Indonesian, with its own levels and words, is
// explained, evaluated and ranked in Indonesian when --lang is not given: its labels, its
// unit and parent words (desa, kabupaten), its vocabulary and the decimal comma of id.
func TestRulesetLanguage(t *testing.T) {
	code, out, errs := ntm(t, "explain", "--rules", desaRules, "--data", desaData, "3201012003")
	require.Equal(t, 0, code, errs)
	assertSpeaks(t, out, []string{"Sukaresmi (Bogor), periode 2024 — Uji: Indeks Desa Membangun",
		"Kriteria tercapai: 0/3; belum tercapai: 2; belum diketahui: 1",
		"Semua tercapai: tidak; Memenuhi syarat pengakuan: tidak",
		"Indeks Desa Membangun = belum diketahui (Indeks Ketahanan Lingkungan belum diketahui)",
		"1 Ketahanan sosial", "0,55", "> 0,815", "0,265", "belum terverifikasi", "data belum ada: Indeks Ketahanan Lingkungan"})
	assert.NotContains(t, errs, "shown in English", "every word is given in Indonesian")

	code, out, errs = ntm(t, "evaluate", "--rules", desaRules, "--data", desaData)
	require.Equal(t, 0, code, errs)
	assertSpeaks(t, out, []string{"Kode", "Nama", "Kabupaten", "Periode", "Tercapai", "Semua tercapai", "Memenuhi syarat", "Sudah diakui",
		"Status: Indeks Desa Membangun", "Cibodas    Bogor", "0,8767", "Mandiri", "Maju"})

	code, out, errs = ntm(t, "rank", "--index", "idm", "--rules", desaRules, "--data", desaData)
	require.Equal(t, 0, code, errs)
	assertSpeaks(t, out, []string{"Indeks Desa Membangun — periode 2024", "Peringkat", "Kabupaten", "Status", "0,8767", "Mandiri"})
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Contains(t, lines[len(lines)-1], "belum diketahui", "the unit with an unknown index is listed last, unranked")

	code, out, errs = ntm(t, "rank", "--index", "idm", "--format", "json", "--rules", desaRules, "--data", desaData)
	require.Equal(t, 0, code, errs)
	var doc struct {
		Name  map[string]string `json:"name"`
		Units []struct {
			Code   string `json:"code"`
			Parent string `json:"parent"`
		} `json:"units"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, map[string]string{"en": "Village development index", "id": "Indeks Desa Membangun"}, doc.Name)
	require.Len(t, doc.Units, 3)
	assert.Equal(t, "Bogor", doc.Units[0].Parent)
}

// TestRulesetLanguageChoice: --lang en speaks English; a language the ruleset does not write
// is refused, never answered in another; a word the ruleset does not give is shown in English
// and named in a note.
func TestRulesetLanguageChoice(t *testing.T) {
	code, out, errs := ntm(t, "explain", "--lang", "en", "--rules", desaRules, "--data", desaData, "3201012001")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "Cibodas (Bogor), period 2024 — Test set: village development index (IDM)")
	assert.Contains(t, out, "Criteria met: 3/3")
	assert.Contains(t, out, "0.8767 — class Independent")

	code, _, errs = ntm(t, "explain", "--lang", "fr", "--rules", desaRules, "--data", desaData, "3201012001")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "--lang fr: test.desa-idm@1 writes its labels in id; choose vi, en or id")

	code, _, errs = ntm(t, "explain", "--lang", "vi", "--rules", desaRules, "--data", desaData, "3201012001")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "không viết nhãn bằng tiếng Việt", "a language the labels lack is stated")

	// Without its confidence words, the ruleset's unverified targets read in English, and the
	// command says so.
	src := strings.Replace(readText(t, desaRules), "  unverified: {id: \"belum terverifikasi\"}\n", "", 1)
	rules := write(t, "desa.yaml", src)
	code, out, errs = ntm(t, "explain", "--rules", rules, "--data", desaData, "3201012003")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "unverified")
	assert.Contains(t, errs, "the ruleset gives no id words for unverified: shown in English")
}

func readText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// TestRankIndexHinted: a ruleset of its own, ranked without a scheme, is pointed at its index.
func TestRankIndexHinted(t *testing.T) {
	code, _, errs := ntm(t, "rank", "--rules", desaRules, "--data", desaData)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errs, "or rank by an index the rule file declares, with --index idm (its indices: idm)")
}
