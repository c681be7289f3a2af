// Package safefile writes the files shuangsui hands to people (records,
// witness sheets, exports) so that they are private and whole: mode 0600,
// written to a temporary file in the same folder, synced, then renamed
// over the target. A crash leaves the old file or the new one, never half.
package safefile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write writes data to path.
func Write(path string, data []byte) error {
	return WriteWith(path, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}

// WriteWith writes to path whatever fill writes; if fill fails, nothing is
// left behind and the old file, if any, is untouched.
func WriteWith(path string, fill func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	name := tmp.Name()
	defer os.Remove(name)
	fail := func(err error) error {
		tmp.Close()
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		return fail(err)
	}
	if err := fill(tmp); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	return nil
}
