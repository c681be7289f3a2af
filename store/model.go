package store

// County is a county-level area (县、市、区 or 高新区).
type County struct {
	Code   string `json:"code"` // GB/T 2260 where one exists, else a local code
	Name   string `json:"name"`
	Active bool   `json:"active"`
}

// Matter is one version of a 抽查事项. Editing a matter stores a new
// version; old versions stay readable and ceremonies name the version used.
type Matter struct {
	Code          string   `json:"code"`
	Version       int      `json:"version"`        // 1, 2, … assigned by the store
	EffectiveFrom string   `json:"effective_from"` // YYYY-MM-DD
	Name          string   `json:"name"`
	Basis         string   `json:"basis"`        // 抽查依据
	Subject       string   `json:"subject"`      // 抽查主体
	Content       string   `json:"content"`      // 抽查内容
	Method        string   `json:"method"`       // 抽查方式
	Organisation  string   `json:"organisation"` // 抽查组织
	Specialty     string   `json:"specialty"`
	Categories    []string `json:"categories"` // unit categories in scope; empty = all
	Frequency     string   `json:"frequency"`  // e.g. 每年2次
	Ratio         string   `json:"ratio"`      // e.g. 不低于5%
	Retired       bool     `json:"retired,omitempty"`
	// Recorded is the day this version was stored (versions stored before
	// it was kept have none); EffectiveFrom is the day it applies from.
	Recorded string `json:"recorded,omitempty"`
}

// Unit statuses.
const (
	StatusActive       = "active"
	StatusClosed       = "closed"
	StatusDeregistered = "deregistered"
)

// DefaultCategories is the initial, editable list of unit categories.
var DefaultCategories = []string{"规上工业", "限上批零住餐", "规上服务业", "资质内建筑业", "房地产开发", "投资项目", "其他"}

// DefaultSpecialties is the initial, editable list of inspector specialties.
var DefaultSpecialties = []string{"工业", "贸易", "服务业", "建筑业", "房地产", "投资", "综合"}

// Unit is an inspection object (检查对象).
type Unit struct {
	ID              string    `json:"id"` // USCC, uppercase, or another unique code
	CheckOverride   *Override `json:"check_override,omitempty"`
	Name            string    `json:"name"`
	County          string    `json:"county"` // County.Code
	Category        string    `json:"category"`
	Address         string    `json:"address,omitempty"`
	Contact         string    `json:"contact,omitempty"`
	DirectReporting bool      `json:"direct_reporting"`         // 一套表联网直报
	Key             bool      `json:"key"`                      // 重点单位
	DishonestFrom   string    `json:"dishonest_from,omitempty"` // 严重失信 from (YYYY-MM-DD)
	DishonestTo     string    `json:"dishonest_to,omitempty"`
	Status          string    `json:"status"` // StatusActive, StatusClosed, StatusDeregistered
	// Removed marks a unit that a Replace import no longer listed (移出名录库).
	// It is never deleted, so history and past ceremonies keep their meaning;
	// importing it again clears the mark. Removed units are never eligible.
	Removed bool `json:"removed,omitempty"`
}

// Override records who accepted a code that fails its check digit, and why.
type Override struct {
	By     string `json:"by"`
	Reason string `json:"reason"`
	At     string `json:"at"`
}

// Conflicts are an inspector's declared interests (利害关系), the ones the
// draw applies (SPEC §6): counties and units. A department to step aside
// from is given by its units; a 回避部门 column in an import is ignored with
// a warning (excel.ignoredMeaning).
type Conflicts struct {
	Counties []string `json:"counties,omitempty"`
	Units    []string `json:"units,omitempty"`
}

// Training is one training record.
type Training struct {
	Date  string  `json:"date"`
	Days  float64 `json:"days"`
	Topic string  `json:"topic"`
}

// Inspector is an enforcement officer (执法检查人员).
type Inspector struct {
	ID              string     `json:"id"` // 执法证号
	Name            string     `json:"name"`
	Department      string     `json:"department"`
	HomeCounty      string     `json:"home_county"` // County.Code; "" for the city bureau
	Specialties     []string   `json:"specialties"`
	LeaderQualified bool       `json:"leader_qualified"`
	ValidUntil      string     `json:"valid_until"` // YYYY-MM-DD
	Active          bool       `json:"active"`
	Conflicts       Conflicts  `json:"conflicts"`
	Training        []Training `json:"training,omitempty"`
	// IDCard, if ever stored, never leaves the database in any export.
	IDCard string `json:"id_card,omitempty"`
}

// Inspection is one entry of a unit's inspection history.
type Inspection struct {
	Unit   string `json:"unit"`
	Date   string `json:"date"` // YYYY-MM-DD
	Matter string `json:"matter"`
	Source string `json:"source"` // "ceremony:<id>" or "import"
}
