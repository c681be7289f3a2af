package store

// The organisation that runs the draws, and the rule it applies to an
// inspector's own county (plan 四(一): 市县区统计部门 alike). A city bureau
// never sends an inspector to the county he belongs to; a county bureau's
// staff all belong to its own county, so it may. The rule is fixed in
// every frame built (sampling.Frame.HomeCountyAllowed), where the
// verifiers read it, and printed on the witness sheet.

import (
	"fmt"
	"strings"
)

// SettingOrgLevel holds the organisation's level: OrgCity or OrgCounty.
const SettingOrgLevel = "org_level"

// Organisation levels.
const (
	OrgCity   = "city"   // 市级: never the home county (the default)
	OrgCounty = "county" // 县级: own staff allowed
)

// OrgLevelName is the Chinese name of a level and its rule.
func OrgLevelName(level string) string {
	if level == OrgCounty {
		return "县级统计局: 可选派本县执法人员"
	}
	return "市级统计局: 执法人员不检查其所属县(市、区)"
}

// OrgLevel returns the organisation's level (OrgCity when never set).
func (db *DB) OrgLevel() (string, error) {
	v, err := db.Setting(SettingOrgLevel)
	if err != nil || len(v) == 0 {
		return OrgCity, err
	}
	return string(v), nil
}

// SetOrgLevel sets the organisation's level; the frames built from then
// on carry its rule.
func (db *DB) SetOrgLevel(level string) error {
	level = strings.ToLower(strings.TrimSpace(level))
	switch level {
	case OrgCity, "市", "市级":
		level = OrgCity
	case OrgCounty, "县", "县级":
		level = OrgCounty
	default:
		return fmt.Errorf("单位级别 %q 无效(应为 city 市级 或 county 县级)", level)
	}
	return db.PutSetting(SettingOrgLevel, []byte(level))
}
