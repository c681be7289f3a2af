package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SourceImport is the Source of an inspection imported from outside.
const SourceImport = "import"

// SourceCeremony is the Source of an inspection drawn in a sealed ceremony.
func SourceCeremony(id string) string { return "ceremony:" + id }

func inspectionKey(in Inspection) []byte {
	return []byte(in.Date + "\x00" + in.Unit + "\x00" + in.Matter + "\x00" + in.Source)
}

// ImportHistory appends inspections to the history. Unit ids are
// normalised and an empty Source means SourceImport; an exact duplicate
// (same unit, date, matter and source) counts as Unchanged. History is
// never rewritten: Replace mode is refused.
func (db *DB) ImportHistory(opt ImportOptions, fill func(put func(Inspection) error) error) (ImportSummary, error) {
	if opt.Mode == Replace {
		return ImportSummary{}, fmt.Errorf("导入检查历史: 检查历史只能追加,不支持替换方式")
	}
	return runBulk(db, opt, fill, historyKind, func(in Inspection) ([]byte, []byte, error) {
		in.Unit = NormalizeUnitID(in.Unit)
		in.Matter = strings.TrimSpace(in.Matter)
		if in.Source == "" {
			in.Source = SourceImport
		}
		for _, e := range []error{
			keyField("单位代码", in.Unit), checkDate("检查日期", in.Date, false),
			keyField("抽查事项", in.Matter), keyField("来源", in.Source),
		} {
			if e != nil {
				return nil, nil, fmt.Errorf("检查记录(单位 %s, %s): %w", in.Unit, in.Date, e)
			}
		}
		v, err := jsonMarshal(in)
		if err != nil {
			return nil, nil, err
		}
		return inspectionKey(in), v, nil
	})
}

// historyKind: append-only, so no Replace; a record listed twice counts
// as Unchanged the second time.
var historyKind = &bulkKind{what: "检查历史", bucket: bInspections}

// EachInspection calls fn for every inspection in date order (then unit,
// matter and source).
func (db *DB) EachInspection(fn func(Inspection) error) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		if err := db.verifyLibraries(tx, bInspections); err != nil {
			return err
		}
		return tx.Bucket(bInspections).ForEach(func(k, v []byte) error {
			var in Inspection
			if err := json.Unmarshal(v, &in); err != nil {
				return fmt.Errorf("读取检查记录 %q: %w", k, err)
			}
			return fn(in)
		})
	})
}

// monthsBefore returns date minus months calendar months, clamped to the
// last day of the month (2024-02-29 minus 12 months is 2023-02-28).
func monthsBefore(date string, months int) (string, error) {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return "", fmt.Errorf("日期 %q 不是 YYYY-MM-DD 格式", date)
	}
	y, m, day := d.Date()
	total := y*12 + int(m-1) - months
	y, m = total/12, time.Month(total%12+1)
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); day > last {
		day = last
	}
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Format(dateLayout), nil
}

// InspectedWithin returns the units inspected within months calendar
// months before date: on a day from date minus months up to and including
// date itself.
func (db *DB) InspectedWithin(months int, date string) (map[string]bool, error) {
	var out map[string]bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		out, err = inspectedWithin(tx, months, date)
		return err
	})
	return out, err
}

func inspectedWithin(tx *bolt.Tx, months int, date string) (map[string]bool, error) {
	return unitsWithin(tx.Bucket(bInspections), months, date, "查询近期检查", "检查记录")
}

// unitsWithin scans an index keyed date NUL unit NUL … (the inspection
// history, the drawn units) for the units on a day within months calendar
// months before date, up to and including date. query and index name the
// lookup and the index in errors.
func unitsWithin(b *bolt.Bucket, months int, date, query, index string) (map[string]bool, error) {
	if months < 0 {
		return nil, fmt.Errorf("%s: 月数 %d 不能为负", query, months)
	}
	from, err := monthsBefore(date, months)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", query, err)
	}
	out := map[string]bool{}
	c := b.Cursor()
	to := []byte(date)
	for k, _ := c.Seek([]byte(from)); k != nil; k, _ = c.Next() {
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) < 3 {
			return nil, fmt.Errorf("%s键 %q 损坏", index, k)
		}
		if bytes.Compare(parts[0], to) > 0 {
			break
		}
		out[string(parts[1])] = true
	}
	return out, nil
}
