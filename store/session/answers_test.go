package session

import (
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/store"
)

// openLibrary builds the test library in a fresh file and opens it.
func openLibrary(t *testing.T) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lib.db")
	buildLibrary(t, path)
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPrepareNamesTheFrameOnce(t *testing.T) {
	db := openLibrary(t)
	for name, a := range map[string]Answers{
		"bad date":       {Matter: "SJ-001", DrawDate: "2026-13-01"},
		"unknown matter": {Matter: "NOPE", DrawDate: "2026-11-25"},
	} {
		_, _, err := Prepare(db, a)
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		if n := strings.Count(err.Error(), "生成抽取名录"); n != 1 {
			t.Errorf("%s: %q names the frame %d times", name, err, n)
		}
	}
}
