package criteria

// Level is the kind of administrative unit a ruleset describes.
type Level string

// Known levels.
const (
	LevelCommune  Level = "commune"
	LevelDistrict Level = "district"
	LevelTown     Level = "town"
	LevelHamlet   Level = "hamlet"
	LevelProvince Level = "province"
)

func validLevel(s string) bool {
	switch Level(s) {
	case LevelCommune, LevelDistrict, LevelTown, LevelHamlet, LevelProvince:
		return true
	}
	return false
}
