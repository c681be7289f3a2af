package store

import (
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ImportInspectors imports enforcement officers keyed by certificate
// number. An inspector absent from a Replace import becomes inactive.
func (db *DB) ImportInspectors(opt ImportOptions, fill func(put func(Inspector) error) error) (ImportSummary, error) {
	return runImport(db, opt, fill, importer[Inspector]{
		bucket: bInspectors,
		what:   "检查人员",
		put: func(tx *bolt.Tx, in Inspector, seen map[string]bool, sum *ImportSummary) error {
			in.ID = strings.TrimSpace(in.ID)
			if err := keyField("执法证号", in.ID); err != nil {
				return fmt.Errorf("检查人员 %q: %w", in.Name, err)
			}
			checks := []error{
				frameField("执法证号", in.ID), frameField("姓名", in.Name), frameField("所在区县", in.HomeCounty),
				frameList("专业", in.Specialties), frameList("回避区县", in.Conflicts.Counties), frameList("回避单位", in.Conflicts.Units),
				checkDate("执法证有效期", in.ValidUntil, true),
				markSeen(seen, "检查人员", in.ID),
			}
			for _, t := range in.Training {
				checks = append(checks, checkDate("培训日期", t.Date, false))
			}
			for _, e := range checks {
				if e != nil {
					return fmt.Errorf("检查人员 %s: %w", in.ID, e)
				}
			}
			v, err := jsonMarshal(in)
			if err != nil {
				return fmt.Errorf("检查人员 %s: %w", in.ID, err)
			}
			if err := upsert(tx.Bucket(bInspectors), []byte(in.ID), v, sum); err != nil {
				return fmt.Errorf("检查人员 %s: %w", in.ID, err)
			}
			return nil
		},
		deactivate: func(tx *bolt.Tx, seen map[string]bool, sum *ImportSummary) error {
			return deactivateJSON(tx.Bucket(bInspectors), seen, sum, "检查人员", func(in *Inspector) bool {
				if !in.Active {
					return false
				}
				in.Active = false
				return true
			})
		},
	})
}

// Inspectors returns every inspector, active or not, in id order.
func (db *DB) Inspectors() ([]Inspector, error) {
	var out []Inspector
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := db.verifyLibraries(tx, bInspectors); err != nil {
			return err
		}
		var err error
		out, err = readInspectors(tx)
		return err
	})
	return out, err
}

func readInspectors(tx *bolt.Tx) ([]Inspector, error) {
	var out []Inspector
	err := tx.Bucket(bInspectors).ForEach(func(k, v []byte) error {
		var in Inspector
		if err := json.Unmarshal(v, &in); err != nil {
			return fmt.Errorf("读取检查人员 %s: %w", k, err)
		}
		out = append(out, in)
		return nil
	})
	return out, err
}
