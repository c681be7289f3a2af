package store

import (
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ImportCounties imports county-level areas (see the package comment for
// modes). Codes are trimmed; a county absent from a Replace import becomes
// inactive.
func (db *DB) ImportCounties(opt ImportOptions, fill func(put func(County) error) error) (ImportSummary, error) {
	return runImport(db, opt, fill, importer[County]{
		bucket: bCounties,
		what:   "区县",
		put: func(tx *bolt.Tx, c County, seen map[string]bool, sum *ImportSummary) error {
			c.Code = strings.TrimSpace(c.Code)
			c.Name = strings.TrimSpace(c.Name)
			if err := keyField("区县代码", c.Code); err != nil {
				return fmt.Errorf("区县 %q: %w", c.Name, err)
			}
			for _, e := range []error{frameField("区县代码", c.Code), frameField("区县名称", c.Name), markSeen(seen, "区县", c.Code)} {
				if e != nil {
					return fmt.Errorf("区县 %s: %w", c.Code, e)
				}
			}
			v, err := jsonMarshal(c)
			if err != nil {
				return fmt.Errorf("区县 %s: %w", c.Code, err)
			}
			if err := upsert(tx.Bucket(bCounties), []byte(c.Code), v, sum); err != nil {
				return fmt.Errorf("区县 %s: %w", c.Code, err)
			}
			return nil
		},
		deactivate: func(tx *bolt.Tx, seen map[string]bool, sum *ImportSummary) error {
			return deactivateJSON(tx.Bucket(bCounties), seen, sum, "区县", func(c *County) bool {
				if !c.Active {
					return false
				}
				c.Active = false
				return true
			})
		},
	})
}

// deactivateJSON rewrites each stored record whose key was not seen and
// for which mark reports a change.
func deactivateJSON[T any](b *bolt.Bucket, seen map[string]bool, sum *ImportSummary, what string, mark func(*T) bool) error {
	type change struct {
		key, val []byte
	}
	var changes []change
	err := b.ForEach(func(k, v []byte) error {
		if seen[string(k)] {
			return nil
		}
		var rec T
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("%s %s: 记录无法解码: %w", what, k, err)
		}
		if !mark(&rec) {
			return nil
		}
		nv, err := jsonMarshal(rec)
		if err != nil {
			return fmt.Errorf("%s %s: %w", what, k, err)
		}
		changes = append(changes, change{clone(k), nv})
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range changes { // never Put while iterating with ForEach
		if err := b.Put(c.key, c.val); err != nil {
			return fmt.Errorf("%s %s: %w", what, c.key, err)
		}
		sum.Deactivated++
	}
	return nil
}

// Counties returns every county in code order.
func (db *DB) Counties() ([]County, error) {
	var out []County
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := db.verifyLibraries(tx, bCounties); err != nil {
			return err
		}
		var err error
		out, err = readCounties(tx)
		return err
	})
	return out, err
}

func readCounties(tx *bolt.Tx) ([]County, error) {
	var out []County
	err := tx.Bucket(bCounties).ForEach(func(k, v []byte) error {
		var c County
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("读取区县 %s: %w", k, err)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}
