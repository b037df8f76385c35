package criteria

import (
	"strings"

	"github.com/nongthonmoi/ntm/internal/ydec"
	"gopkg.in/yaml.v3"
)

// Level is the kind of unit a ruleset describes: a level of the administrative tree (xã,
// huyện, thôn), or any level a ruleset declares (a village, a regency, a product).
type Level string

// The levels of Vietnam's administrative tree, which a ruleset knows when it declares none.
const (
	LevelCommune  Level = "commune"
	LevelDistrict Level = "district"
	LevelTown     Level = "town"
	LevelHamlet   Level = "hamlet"
	LevelProvince Level = "province"
)

// LevelInfo is one level a ruleset knows: the word for one of its units and the level its
// units belong to.
type LevelInfo struct {
	ID     Level
	Name   Text  // the word for one unit of the level: "xã", "thôn, ấp", "desa"
	Plural Text  // the word for several, where a language has one ("communes"); else Name
	Parent Level // the level its units belong to; "" at the top
	Pos    Pos   // where it is declared (zero for the built-in levels)
}

// maxLevels bounds the levels one ruleset declares.
const maxLevels = 16

// vietnamLevels is Vietnam's tree, known to a ruleset that declares no levels. A commune's
// parent is the district; since 01/7/2025 there are no districts, and a roll-up skips a level
// with no units, so a commune's results go to the province.
var vietnamLevels = []LevelInfo{
	{ID: LevelHamlet, Name: Text{VI: "thôn, ấp", EN: "hamlet"}, Plural: Text{VI: "thôn, ấp", EN: "hamlets"}, Parent: LevelCommune},
	{ID: LevelCommune, Name: Text{VI: "xã", EN: "commune"}, Plural: Text{VI: "xã", EN: "communes"}, Parent: LevelDistrict},
	{ID: LevelTown, Name: Text{VI: "thị xã, thành phố", EN: "town or city"}, Plural: Text{VI: "thị xã, thành phố", EN: "towns and cities"}, Parent: LevelProvince},
	{ID: LevelDistrict, Name: Text{VI: "huyện", EN: "district"}, Plural: Text{VI: "huyện", EN: "districts"}, Parent: LevelProvince},
	{ID: LevelProvince, Name: Text{VI: "tỉnh", EN: "province"}, Plural: Text{VI: "tỉnh", EN: "provinces"}},
}

// levelOf returns the declared level with the given id.
func levelOf(levels []LevelInfo, id Level) (LevelInfo, bool) {
	for _, l := range levels {
		if l.ID == id {
			return l, true
		}
	}
	return LevelInfo{}, false
}

// ancestors returns the levels above id, nearest first. The chain is checked to be acyclic
// when the ruleset loads; the bound guards the walk anyway.
func ancestors(levels []LevelInfo, id Level) []Level {
	var out []Level
	l, ok := levelOf(levels, id)
	for ok && l.Parent != "" && len(out) < maxLevels {
		out = append(out, l.Parent)
		l, ok = levelOf(levels, l.Parent)
	}
	return out
}

// parseLevels reads a file's levels: {id: {name: label, plural: label, parent: id}, …}, in
// file order.
func (f *fileDoc) parseLevels(d *dec, n *yaml.Node) {
	f.levelsNode = n
	if n == nil || n.Kind != yaml.MappingNode {
		d.Errorf(n, "levels", CodeType, "expected a mapping of level id to {name, parent}, found %s", ydec.KindName(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		id := k.Value
		p := "levels › " + id
		if !idRE.MatchString(id) {
			d.Errorf(k, p, CodeIDInvalid, "level id %q must be lowercase letters, digits, '.' and '-'", id)
			continue
		}
		if _, dup := levelOf(f.levels, Level(id)); dup {
			d.Errorf(k, p, CodeIDDuplicate, "level %q is declared twice", id)
			continue
		}
		if len(f.levels) == maxLevels {
			d.Errorf(k, p, CodeFileLimit, "a ruleset declares at most %d levels", maxLevels)
			return
		}
		_, idx, ok := d.Mapping(v, p, []string{"name", "plural", "parent"}, "name")
		if !ok {
			continue
		}
		li := LevelInfo{ID: Level(id), Pos: d.Pos(k)}
		if x := idx["name"]; x != nil {
			li.Name = text(d, x, p+" › name")
		}
		li.Plural = li.Name
		if x := idx["plural"]; x != nil {
			li.Plural = text(d, x, p+" › plural")
		}
		if x := idx["parent"]; x != nil {
			s, _ := d.Str(x, p+" › parent")
			li.Parent = Level(s)
		}
		f.levels = append(f.levels, li)
		f.levelNodes = append(f.levelNodes, k)
	}
}

// layerLevels sets the levels of a layer: its base's (or Vietnam's when no file of the chain
// declares any), with the file's declarations added or replacing those of the same id; then
// checks that every parent is declared, the chain has no cycle and the ruleset's level is one
// of them.
func (l *layering) layerLevels() {
	rs, f, d := l.rs, l.f, l.d
	var levels []LevelInfo
	declared := false
	if l.base != nil && (l.base.levelsDeclared || len(f.levels) > 0) {
		// A layer adds to its base's levels, Vietnam's when the base declares none.
		levels, declared = append(levels, l.base.Levels...), l.base.levelsDeclared
	}
	if len(f.levels) > 0 {
		declared = true
		for _, li := range f.levels {
			replaced := false
			for i := range levels {
				if levels[i].ID == li.ID {
					levels[i], replaced = li, true
				}
			}
			if !replaced {
				levels = append(levels, li)
			}
		}
	}
	if !declared {
		levels = vietnamLevels
	}
	rs.Levels, rs.levelsDeclared = levels, declared
	if len(levels) > maxLevels {
		d.Errorf(f.levelsNode, "levels", CodeFileLimit, "the ruleset and the rulesets it extends declare %d levels; at most %d", len(levels), maxLevels)
		return
	}
	for i, li := range f.levels {
		// A level's id names its parent column in data: it may not be a reserved column or
		// a field's id (the district is Vietnam's level, whose column is reserved for it).
		if li.ID != LevelDistrict && ydec.Contains(reservedColumns, string(li.ID)) {
			d.Errorf(f.levelNodes[i], "levels › "+string(li.ID), CodeIDInvalid, "level id %q is a reserved column of data (%s): name the level otherwise", li.ID, strings.Join(reservedColumns, ", "))
		}
		if _, clash := findField(rs.Fields, string(li.ID)); clash {
			d.Errorf(f.levelNodes[i], "levels › "+string(li.ID), CodeIDDuplicate, "level id %q is also a field's id: a data column could not tell them apart", li.ID)
		}
	}
	for i, li := range f.levels {
		if li.Parent == "" {
			continue
		}
		if _, ok := levelOf(levels, li.Parent); !ok {
			e := d.Errorf(f.levelNodes[i], "levels › "+string(li.ID)+" › parent", CodeValue, "level %q names parent %q, which is not declared", li.ID, li.Parent)
			e.Near(string(li.Parent), levelIDs(levels))
			continue
		}
		if up := ancestors(levels, li.ID); len(up) >= maxLevels || containsLevel(up, li.ID) {
			d.Errorf(f.levelNodes[i], "levels › "+string(li.ID)+" › parent", CodeValue, "level %q is its own ancestor (%s)", li.ID, chainText(li.ID, up))
		}
	}
	if rs.Level == "" {
		return
	}
	if _, ok := levelOf(levels, rs.Level); !ok {
		what := "the levels this ruleset declares"
		if !declared {
			what = "Vietnam's levels (declare others under levels:)"
		}
		e := d.Errorf(f.root, "level", CodeValue, "unknown level %q: expected one of %s, %s", rs.Level, what, strings.Join(levelIDs(levels), ", "))
		e.Near(string(rs.Level), levelIDs(levels))
	}
}

func levelIDs(levels []LevelInfo) []string {
	out := make([]string, len(levels))
	for i, l := range levels {
		out[i] = string(l.ID)
	}
	return out
}

func containsLevel(xs []Level, x Level) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func chainText(id Level, up []Level) string {
	parts := []string{string(id)}
	for _, a := range up {
		parts = append(parts, string(a))
		if a == id {
			break
		}
	}
	return strings.Join(parts, " → ")
}

// LevelInfo returns what the ruleset knows of a level, and whether it knows it.
func (rs *Ruleset) LevelInfo(id Level) (LevelInfo, bool) { return levelOf(rs.Levels, id) }

// Ancestors returns the levels above the given one in the ruleset's parent chain, nearest
// first (for a commune of Vietnam's tree: district, province).
func (rs *Ruleset) Ancestors(id Level) []Level { return ancestors(rs.Levels, id) }

// UnitWord returns the word for one unit of the ruleset's level in the given language
// ("xã", "desa"), as the ruleset declares it.
func (rs *Ruleset) UnitWord(lang string) string {
	li, _ := levelOf(rs.Levels, rs.Level)
	return li.Name.In(lang)
}
