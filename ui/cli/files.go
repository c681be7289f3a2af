package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"shuangsui/store"
	"shuangsui/store/safefile"
	"shuangsui/store/workdays"
)

// openDB opens the database named by --db, or the default one.
func openDB(env *Env) (*store.DB, error) {
	path := env.DB
	if path == "" {
		path = store.DefaultPath()
	}
	db, err := store.Open(path, store.Options{})
	if errors.Is(err, store.ErrLocked) {
		return nil, err // already names the file: 数据库正被另一个窗口使用 (path)
	}
	if err != nil {
		return nil, fmt.Errorf("打开数据库 %s: %w", path, err)
	}
	return db, nil
}

// openDBCalendar opens the database and loads the working-day calendar
// with the override file holidays ("" for the one remembered in the
// database). The caller closes the database.
func openDBCalendar(env *Env, holidays string) (*store.DB, *workdays.Calendar, error) {
	db, err := openDB(env)
	if err != nil {
		return nil, nil, err
	}
	cal, _, err := db.LoadCalendar(holidays)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, cal, nil
}

// wantXLSX refuses an -o output path that does not end in .xlsx.
func wantXLSX(out string) error {
	if !strings.HasSuffix(strings.ToLower(out), ".xlsx") {
		return usagef("-o %s: 扩展名应为 .xlsx", out)
	}
	return nil
}

// writeFile writes data to path: mode 0600, whole or not at all.
func writeFile(path string, data []byte) error { return safefile.Write(path, data) }

// decodeStrict decodes one JSON value, refusing unknown fields.
func decodeStrict(r io.Reader, v any) error {
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	return d.Decode(v)
}
