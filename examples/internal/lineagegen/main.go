// Command lineagegen converts the whole-country mapping of commune-level units before and
// after 01/7/2025 (splits.json: old → new; merges.json: new → old, whole or part) into the
// links file criteria/lineage/vn/sap-xep-2025.csv that package lineage embeds.
//
//	go run ./examples/internal/lineagegen -in DIR -out criteria/lineage/vn/sap-xep-2025.csv
//
// DIR holds splits.json and merges.json of dvhcvn/20250701 (MIT licence). The two files must
// agree: every old → new pair of one is a pair of the other, an old unit with one successor is
// taken whole and one with several is split. Names are trimmed, their runs of spaces collapsed
// and NFC-normalised (the source writes "Xã Tạ An Khương  Đông" with two spaces).
//
// The links of the old Cà Mau territory name the clause of NQ 1655/NQ-UBTVQH15 that formed
// each new unit and are marked "checked": they agree with an independent reading of that
// resolution. Every other link is "derived": it is the source's machine extraction, and the
// number of the province's resolution (one of 1654-1687/NQ-UBTVQH15) is not recorded.
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"
)

type splits struct {
	Data []struct {
		ID      string `json:"level1_id"`
		Name    string `json:"name"`
		Level3s []unitSplit
		Level2s []unitSplit
	} `json:"data"`
}

type unitSplit struct {
	ID3    string `json:"level3_id"`
	ID2    string `json:"level2_id"`
	Name   string `json:"name"`
	Splits []struct {
		NewID string `json:"new_id"`
		Name  string `json:"name"`
	} `json:"splits"`
}

type merges struct {
	Data []struct {
		ID     string `json:"level1_id"`
		Name   string `json:"name"`
		Merges []struct {
			OldID string `json:"old_id"`
			Name  string `json:"name"`
			Type  string `json:"type"`
		} `json:"merges"`
		Level2s []struct {
			ID     string `json:"level2_id"`
			Name   string `json:"name"`
			Merges []struct {
				OldID string `json:"old_id"`
				Name  string `json:"name"`
				Type  string `json:"type"`
			} `json:"merges"`
		} `json:"level2s"`
	} `json:"data"`
}

// camauClause is the clause (khoản) of NQ 1655/NQ-UBTVQH15 that formed each new unit of the
// old Cà Mau territory, by new code (camau.md §8 of the project's reference notes).
var camauClause = map[string]int{
	"32167": 1, "32188": 2, "32155": 3, "32161": 4, "32185": 5, "32152": 6, "32182": 7, "32047": 8,
	"32044": 9, "32062": 10, "32059": 11, "32244": 12, "32248": 13, "32236": 14, "32110": 15, "32104": 16,
	"32119": 17, "32098": 18, "32095": 19, "32065": 20, "32071": 21, "32083": 22, "32069": 23, "32201": 24,
	"32191": 25, "32206": 26, "32212": 27, "32227": 28, "32218": 29, "32214": 30, "32134": 31, "32137": 32,
	"32140": 33, "32128": 34, "32002": 60, "32014": 61, "32025": 62, "32041": 63, "32092": 64,
}

func clean(s string) string {
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

func main() {
	in := flag.String("in", "", "folder holding splits.json and merges.json")
	out := flag.String("out", "criteria/lineage/vn/sap-xep-2025.csv", "the links file to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "lineagegen:", err)
		os.Exit(1)
	}
}

type link struct {
	fromProv, from, fromName, fromLevel string
	toProv, to, toName, share           string
}

func run(in, out string) error {
	if in == "" {
		return fmt.Errorf("-in is required: the folder holding splits.json and merges.json")
	}
	var s splits
	var m merges
	for name, v := range map[string]any{"splits.json": &s, "merges.json": &m} {
		b, err := os.ReadFile(filepath.Join(in, name))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	type pair struct{ from, to string }
	share := map[pair]string{}
	toProv := map[string]string{}
	toName := map[string]string{}
	for _, p := range m.Data {
		for _, u := range p.Level2s {
			toProv[u.ID] = p.ID
			toName[u.ID] = clean(u.Name)
			for _, x := range u.Merges {
				switch x.Type {
				case "full":
					share[pair{x.OldID, u.ID}] = "whole"
				case "partial":
					share[pair{x.OldID, u.ID}] = "part"
				default:
					return fmt.Errorf("merges.json: %s → %s: type %q", x.OldID, u.ID, x.Type)
				}
			}
		}
	}
	var links []link
	for _, p := range m.Data {
		for _, x := range p.Merges {
			if x.Type != "full" {
				return fmt.Errorf("merges.json: province %s → %s: type %q", x.OldID, p.ID, x.Type)
			}
			links = append(links, link{x.OldID, x.OldID, clean(x.Name), "province", p.ID, p.ID, clean(p.Name), "whole"})
		}
	}
	seen := map[pair]bool{}
	renamed := 0
	for _, p := range s.Data {
		add := func(u unitSplit, level string) error {
			id := u.ID3
			if level == "district" {
				id = u.ID2
			}
			name := clean(u.Name)
			if name != u.Name {
				renamed++
			}
			for _, x := range u.Splits {
				k := pair{id, x.NewID}
				sh, ok := share[k]
				if !ok {
					return fmt.Errorf("splits.json: %s → %s is not in merges.json", id, x.NewID)
				}
				if (len(u.Splits) == 1) != (sh == "whole") {
					return fmt.Errorf("%s → %s: %d successors but share %s", id, x.NewID, len(u.Splits), sh)
				}
				seen[k] = true
				links = append(links, link{p.ID, id, name, level, toProv[x.NewID], x.NewID, toName[x.NewID], sh})
			}
			return nil
		}
		for _, u := range p.Level3s {
			if err := add(u, "commune"); err != nil {
				return err
			}
		}
		for _, u := range p.Level2s {
			if err := add(u, "district"); err != nil {
				return err
			}
		}
	}
	if len(seen) != len(share) {
		return fmt.Errorf("merges.json has %d links, splits.json %d", len(share), len(seen))
	}
	sort.SliceStable(links, func(i, j int) bool {
		if li, lj := links[i].fromLevel == "province", links[j].fromLevel == "province"; li != lj {
			return li
		}
		if links[i].from != links[j].from {
			return links[i].from < links[j].from
		}
		return links[i].to < links[j].to
	})
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"from_province", "from_code", "from_name", "from_level", "to_province", "to_code", "to_name", "share", "source", "confidence"})
	checked := 0
	for _, l := range links {
		src, conf := "", "derived" // no source: the file's default (the 34 resolutions)
		if l.toProv == "96" && l.fromLevel != "province" {
			src = "NQ 1655/NQ-UBTVQH15"
			if k, ok := camauClause[l.to]; ok && l.fromProv == "96" {
				src, conf = fmt.Sprintf("NQ 1655/NQ-UBTVQH15, khoản %d", k), "checked"
				checked++
			}
		}
		w.Write([]string{l.fromProv, l.from, l.fromName, l.fromLevel, l.toProv, l.to, l.toName, l.share, src, conf})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "lineagegen: %d links (%d checked), %d names cleaned\n", len(links), checked, renamed)
	return nil
}
