package store

// The 5 % floor and the ratio and frequency of each matter (plan 三(三)):
// "抽查比例一般是不低于监管对象为市场主体的企业总数的5%", "抽查频次原则上每年两次".
//
//   - The base is the enterprises (IsEnterprise) among the active units of
//     the library; each unit counts once however often it was inspected.
//   - Only random and directed checks count (CountsForFloor): inspections
//     made by a ceremony of this program, and imported ones whose source
//     says 双随机 or 定向; other imported checks (举报, 专项, …) do not.
//   - Per matter, the ratio is the percentage in Matter.Ratio ("不低于5%"),
//     the frequency the count in Matter.Frequency ("每年2次"); the base is
//     the enterprises in the matter's categories (all when it has none),
//     and the rounds held are the sealed ceremonies of the matter drawn in
//     the year.

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// IsEnterprise reports whether a unit code is the USCC of an enterprise:
// registration authority 9 (市场监督管理部门), institution category 1 (企业),
// GB 32100-2015. 个体工商户 (92…), 农民专业合作社 (93…) and units with
// other codes are not enterprises.
func IsEnterprise(id string) bool { return len(id) == 18 && strings.HasPrefix(id, "91") }

// Sources of imported inspections that count as random or directed checks.
const (
	SourceRandom   = "双随机"
	SourceDirected = "定向"
)

// CountsForFloor reports whether an inspection with this source is a
// random or a directed check, the only ones the 5 % floor and the
// matters' ratios count.
func CountsForFloor(source string) bool {
	return strings.HasPrefix(source, "ceremony:") || strings.HasPrefix(source, SourceRandom) || strings.HasPrefix(source, SourceDirected)
}

var (
	ratioRE     = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*[%％]`)
	frequencyRE = regexp.MustCompile(`([0-9]+|[一二两三四五六七八九十])\s*次`)
)

// ParseRatio reads the percentage of a matter's ratio ("不低于5%" → 5).
func ParseRatio(s string) (float64, bool) {
	m := ratioRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v, err == nil && v > 0 && v <= 100
}

// ParseFrequency reads the count of a matter's frequency ("每年2次",
// "每年两次" → 2).
func ParseFrequency(s string) (int, bool) {
	m := frequencyRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	if n, err := strconv.Atoi(m[1]); err == nil {
		return n, n > 0
	}
	n := strings.Index("一二三四五六七八九十", m[1])/len("一") + 1
	if m[1] == "两" {
		n = 2
	}
	return n, true
}

// MatterCoverage is the coverage of one matter in a year.
type MatterCoverage struct {
	Code, Name       string
	Ratio, Frequency string  // as the matter list writes them
	RatioPercent     float64 // 0 when Ratio gives none
	Times            int     // 0 when Frequency gives none
	Base             int     // enterprises in the matter's scope
	Inspected        int     // of them, inspected for the matter in the year (random or directed)
	Required         int     // ceil(RatioPercent % × Base)
	Rounds           []string
}

// Percent is Inspected/Base in percent (0 for an empty base).
func (m MatterCoverage) Percent() float64 {
	if m.Base == 0 {
		return 0
	}
	return 100 * float64(m.Inspected) / float64(m.Base)
}

// RatioMet reports whether the ratio is reached (true when it gives none).
func (m MatterCoverage) RatioMet() bool { return m.Inspected >= m.Required }

// RoundsMet reports whether the rounds held reach the frequency (true
// when it gives none).
func (m MatterCoverage) RoundsMet() bool { return len(m.Rounds) >= m.Times }

// RequiredFor is ceil(percent % × base), the units a ratio asks for.
func RequiredFor(percent float64, base int) int {
	return int(math.Ceil(percent*float64(base)/100 - 1e-9))
}

// MatterBase counts the enterprises among the active units in the scope
// of matter code (its latest version): what its ratio is a share of.
func (db *DB) MatterBase(code string) (int, error) {
	m, err := db.Matter(code, 0)
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.EachUnit(func(u Unit) error {
		if inMatterBase(u, m) {
			n++
		}
		return nil
	})
	return n, err
}

func inMatterBase(u Unit, m Matter) bool {
	if u.Removed || u.Status != StatusActive || !IsEnterprise(u.ID) {
		return false
	}
	return len(m.Categories) == 0 || slicesContains(m.Categories, u.Category)
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// RatioWarning says, or returns "", when a draw of planned units a round
// cannot reach the ratio of matter code even if every round of its
// frequency (one when it gives none) draws as many: planned × rounds <
// ceil(ratio × enterprises in its scope). A matter whose ratio gives no
// percentage is not checked.
func (db *DB) RatioWarning(code string, planned int) (string, error) {
	m, err := db.Matter(code, 0)
	if err != nil {
		return "", err
	}
	if _, ok := ParseRatio(m.Ratio); !ok {
		return "", nil // no ratio written: the units need not be counted
	}
	base, err := db.MatterBase(code)
	if err != nil {
		return "", err
	}
	return RatioWarningFor(m, base, planned), nil
}

// RatioWarningFor is RatioWarning for a matter whose enterprise count
// (MatterBase) the caller already has: "" when planned units per round
// reach the matter's ratio at its frequency, or its ratio is not written.
func RatioWarningFor(m Matter, base, planned int) string {
	pct, ok := ParseRatio(m.Ratio)
	if !ok {
		return ""
	}
	times, ok := ParseFrequency(m.Frequency)
	if !ok {
		times = 1
	}
	need := RequiredFor(pct, base)
	if planned*times >= need {
		return ""
	}
	return fmt.Sprintf("参数低于事项比例: 事项 %s 范围内 %d 家企业,按“%s”应检查 %d 家;本次抽取 %d 家,按“%s”全年也只有 %d 家",
		m.Code, base, m.Ratio, need, planned, orDefault(m.Frequency, "每年1次"), planned*times)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
