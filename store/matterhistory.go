package store

import (
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Kinds of change between two versions of a matter (what the 调整结果
// published under plan §(一) says happened).
const (
	MatterAdded   = "新增"
	MatterChanged = "调整"
	MatterRetired = "停用"
	MatterRevived = "恢复"
)

// FieldChange is one field of a matter that differs from the version before.
type FieldChange struct {
	Field string // its Chinese column name, as on the import template
	Old   string
	New   string
}

// MatterChange is one version of a matter and how it differs from the
// version before it.
type MatterChange struct {
	Matter
	Kind   string        // MatterAdded, MatterChanged, MatterRetired or MatterRevived
	Fields []FieldChange // empty for MatterAdded
}

// Summary is the change in one line: 抽查内容: 旧 → 新; …
func (c MatterChange) Summary() string {
	if c.Kind == MatterAdded {
		return "新列入清单"
	}
	var parts []string
	for _, f := range c.Fields {
		parts = append(parts, f.Field+": "+orDash(f.Old)+" → "+orDash(f.New))
	}
	return strings.Join(parts, "; ")
}

func orDash(s string) string {
	if s == "" {
		return "(空)"
	}
	return s
}

// matterFields are the published fields of a matter, in template order.
func matterFields(m Matter) [][2]string {
	return [][2]string{
		{"事项名称", m.Name}, {"抽查依据", m.Basis}, {"抽查主体", m.Subject}, {"抽查内容", m.Content},
		{"抽查方式", m.Method}, {"抽查组织", m.Organisation}, {"专业", m.Specialty},
		{"单位类别", strings.Join(m.Categories, "、")}, {"抽查频次", m.Frequency}, {"抽查比例", m.Ratio},
	}
}

// MatterChanges lists the versions of one matter (oldest first, as
// MatterVersions returns them) with what each changed.
func MatterChanges(versions []Matter) []MatterChange {
	out := make([]MatterChange, 0, len(versions))
	for i, m := range versions {
		c := MatterChange{Matter: m, Kind: MatterAdded}
		if i > 0 {
			prev := versions[i-1]
			c.Kind = MatterChanged
			switch {
			case m.Retired && !prev.Retired:
				c.Kind = MatterRetired
				c.Fields = append(c.Fields, FieldChange{"状态", "在用", "停用"})
			case !m.Retired && prev.Retired:
				c.Kind = MatterRevived
				c.Fields = append(c.Fields, FieldChange{"状态", "停用", "在用"})
			}
			old, cur := matterFields(prev), matterFields(m)
			for j := range cur {
				if old[j][1] != cur[j][1] {
					c.Fields = append(c.Fields, FieldChange{cur[j][0], old[j][1], cur[j][1]})
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// MatterHistory returns every version of the matter code (every matter
// when code is ""), each with what it changed, in code then version
// order. since ("" for all) keeps the versions effective on or after it.
// An unknown code is an error matching ErrNotFound.
func (db *DB) MatterHistory(code, since string) ([]MatterChange, error) {
	code = strings.TrimSpace(code)
	if err := checkDate("起始日期", since, true); err != nil {
		return nil, err
	}
	byCode := map[string][]Matter{}
	var codes []string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bMatters).ForEach(func(k, v []byte) error {
			m, err := decodeMatter(k, v)
			if err != nil {
				return err
			}
			if code != "" && m.Code != code {
				return nil
			}
			if _, ok := byCode[m.Code]; !ok {
				codes = append(codes, m.Code)
			}
			byCode[m.Code] = append(byCode[m.Code], m) // keys sort by code, then version
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	if code != "" && len(codes) == 0 {
		return nil, fmt.Errorf("抽查事项 %s: %w", code, ErrNotFound)
	}
	var out []MatterChange
	for _, c := range codes {
		for _, ch := range MatterChanges(byCode[c]) {
			if since == "" || ch.EffectiveFrom >= since {
				out = append(out, ch)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b MatterChange) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}
