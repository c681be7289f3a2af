package excel

import (
	"fmt"
	"os"
	"path/filepath"

	"shuangsui/assets"
)

// LoadDemo imports the embedded Chengde demo data set (assets/demo) into
// db: counties, matters, units, inspectors and history, in that order, each
// all-or-nothing. Meant for a fresh, temporary database.
func LoadDemo(db DB) error {
	dir, err := os.MkdirTemp("", "shuangsui-demo-")
	if err != nil {
		return fmt.Errorf("载入演示数据: %w", err)
	}
	defer os.RemoveAll(dir)
	for _, k := range Kinds {
		b, err := assets.Demo.ReadFile("demo/" + string(k) + ".xlsx")
		if err != nil {
			return fmt.Errorf("载入演示数据 %s: %w", k.Title(), err)
		}
		path := filepath.Join(dir, string(k)+".xlsx")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return fmt.Errorf("载入演示数据 %s: %w", k.Title(), err)
		}
		if _, err := ImportFile(db, k, path, Options{By: "演示数据", Today: "2026-01-05"}, nil); err != nil {
			return fmt.Errorf("载入演示数据 %s: %w", k.Title(), err)
		}
	}
	return nil
}

// writeRows writes rows (without the header) as a template-shaped .xlsx
// for kind k, the way Export does.
func writeRows(k Kind, path string, rows [][]string) error {
	w, err := newXLSXWriter(path, k)
	if err != nil {
		return err
	}
	defer w.abort()
	header := make([]string, len(schemas[k]))
	for i, c := range schemas[k] {
		header[i] = c.Header
	}
	if err := w.write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.write(r); err != nil {
			return err
		}
	}
	return w.commit()
}
