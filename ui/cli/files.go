package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"shuangsui/store"
	"shuangsui/store/safefile"
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

// writeFile writes data to path: mode 0600, whole or not at all.
func writeFile(path string, data []byte) error { return safefile.Write(path, data) }

// decodeStrict decodes one JSON value, refusing unknown fields.
func decodeStrict(r io.Reader, v any) error {
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	return d.Decode(v)
}
