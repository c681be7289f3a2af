package store

import (
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

// PutSetting stores value under key, replacing any earlier value.
func (db *DB) PutSetting(key string, value []byte) error {
	if key == "" {
		return fmt.Errorf("保存设置: 键为空")
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bSettings).Put([]byte(key), clone(value))
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
