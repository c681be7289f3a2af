package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Setting keys used by shuangsui itself; both hold a JSON array of strings.
const (
	SettingCategories  = "categories"  // unit categories (单位类别), editable
	SettingSpecialties = "specialties" // inspector specialties (专业), editable
	// SettingExportDir is the folder the app writes sheets and records to,
	// as last chosen on screen (an absolute path, plain text).
	SettingExportDir = "export_dir"
)

// PutSetting stores value under key, replacing any earlier value, and
// logs the change in the library log (settings are fingerprinted like the
// libraries: see the package comment).
func (db *DB) PutSetting(key string, value []byte) error {
	if key == "" {
		return fmt.Errorf("保存设置: 键为空")
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSettings)
		if old := b.Get([]byte(key)); old != nil && bytes.Equal(old, value) {
			return nil // unchanged: nothing to write or log
		}
		if err := b.Put([]byte(key), clone(value)); err != nil {
			return err
		}
		_, err := db.appendChange(tx, LibraryChange{Kind: ChangeSetting, Library: string(bSettings), Source: key, Updated: 1})
		return err
	})
	if err != nil {
		return fmt.Errorf("保存设置 %s: %w", key, err)
	}
	return nil
}

// Setting returns the value stored under key, or nil (and no error) when
// there is none.
func (db *DB) Setting(key string) ([]byte, error) {
	var v []byte
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := db.verifyLibraries(tx, bSettings); err != nil {
			return err
		}
		v = clone(tx.Bucket(bSettings).Get([]byte(key)))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("读取设置 %s: %w", key, err)
	}
	return v, nil
}

func jsonMarshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("编码 JSON: %w", err)
	}
	return b, nil
}
