package store

import (
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ImportUnits imports inspection objects. Ids are normalised
// (NormalizeUnitID); an 18-character USCC-shaped id must pass its check
// digit unless the unit carries a CheckOverride with who and why; an empty
// Status means active. A unit absent from a Replace import gets Removed.
func (db *DB) ImportUnits(opt ImportOptions, fill func(put func(Unit) error) error) (ImportSummary, error) {
	return runBulk(db, opt, fill, unitsKind, func(u Unit) ([]byte, []byte, error) {
		u.ID = NormalizeUnitID(u.ID)
		if err := keyField("单位代码", u.ID); err != nil {
			return nil, nil, fmt.Errorf("单位 %q: %w", u.Name, err)
		}
		if err := validateUnit(&u); err != nil {
			return nil, nil, fmt.Errorf("导入单位 %s: %w", u.ID, err)
		}
		u.Removed = false
		return []byte(u.ID), encodeUnit(u), nil
	})
}

// unitsKind: an id listed twice fails the import; Replace mode marks the
// units it does not list Removed.
var unitsKind = &bulkKind{
	what:   "单位",
	bucket: bUnits,
	dup: func(k []byte) error {
		return fmt.Errorf("单位 %s 在本次导入中重复出现", k)
	},
	keep: keepUnitFields,
	absent: func(dst, k, v []byte) ([]byte, bool, error) {
		u, err := viewUnit(v)
		if err != nil {
			return dst, false, fmt.Errorf("单位 %s: %w", k, err)
		}
		dst = append(dst, v...)
		if u.flags&flagRemoved != 0 {
			return dst, false, nil
		}
		dst[1] |= flagRemoved // the flags byte; see unitcodec.go
		return dst, true, nil
	},
}

// KeepUnitFields are the unit fields ImportOptions.Keep may name: a file
// without the column keeps what the library holds.
var KeepUnitFields = []string{"address", "contact", "direct_reporting", "key", "dishonest", "status", "check_override"}

// keepUnitFields returns the imported unit v with the fields named taken
// from the stored unit.
func keepUnitFields(stored, v []byte, fields []string) ([]byte, error) {
	old, err := decodeUnit(stored)
	if err != nil {
		return nil, err
	}
	u, err := decodeUnit(v)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		switch f {
		case "address":
			u.Address = old.Address
		case "contact":
			u.Contact = old.Contact
		case "direct_reporting":
			u.DirectReporting = old.DirectReporting
		case "key":
			u.Key = old.Key
		case "dishonest":
			u.DishonestFrom, u.DishonestTo = old.DishonestFrom, old.DishonestTo
		case "status":
			u.Status = old.Status
		case "check_override":
			if u.CheckOverride == nil {
				u.CheckOverride = old.CheckOverride
			}
		default:
			return nil, fmt.Errorf("无法保留的字段 %q", f)
		}
	}
	return encodeUnit(u), nil
}

func validateUnit(u *Unit) error {
	if u.Status == "" {
		u.Status = StatusActive
	}
	switch u.Status {
	case StatusActive, StatusClosed, StatusDeregistered:
	default:
		return fmt.Errorf("状态 %q 无法识别(应为 %s、%s 或 %s)", u.Status, StatusActive, StatusClosed, StatusDeregistered)
	}
	if LooksLikeUSCC(u.ID) {
		if err := CheckUSCC(u.ID); err != nil {
			o := u.CheckOverride
			if o == nil || strings.TrimSpace(o.By) == "" || strings.TrimSpace(o.Reason) == "" {
				return fmt.Errorf("%w;如确认无误,须记录确认人和理由", err)
			}
		}
	}
	for _, e := range []error{
		frameField("单位代码", u.ID), frameField("单位名称", u.Name), frameField("所在区县", u.County), frameField("单位类别", u.Category),
		checkDate("严重失信起始日期", u.DishonestFrom, true), checkDate("严重失信截止日期", u.DishonestTo, true),
	} {
		if e != nil {
			return e
		}
	}
	return nil
}

// EachUnit calls fn for every unit, removed ones included, in id order,
// inside one read transaction. An error from fn stops the walk and is
// returned.
func (db *DB) EachUnit(fn func(Unit) error) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		if err := db.verifyLibraries(tx, bUnits); err != nil {
			return err
		}
		return tx.Bucket(bUnits).ForEach(func(k, v []byte) error {
			u, err := decodeUnit(v)
			if err != nil {
				return fmt.Errorf("读取单位 %s: %w", k, err)
			}
			return fn(u)
		})
	})
}

// Unit returns the unit with id (normalised first).
func (db *DB) Unit(id string) (Unit, bool, error) {
	id = NormalizeUnitID(id)
	var u Unit
	var ok bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bUnits).Get([]byte(id))
		if v == nil {
			return nil
		}
		var err error
		u, err = decodeUnit(v)
		if err != nil {
			return fmt.Errorf("读取单位 %s: %w", id, err)
		}
		ok = true
		return nil
	})
	return u, ok, err
}
