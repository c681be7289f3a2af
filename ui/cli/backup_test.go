package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"shuangsui/store"
)

// newStoreDB makes a database with one sealed ceremony and returns its path.
func newStoreDB(t *testing.T) (path, ceremony string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "s.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id, err := db.NewCeremony()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"frame", "seed", store.StepSeal} {
		if _, err := db.AppendStep(id, k, []byte(`{"k":"`+k+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	return path, id
}

func TestBackupCommand(t *testing.T) {
	path, id := newStoreDB(t)
	out := filepath.Join(t.TempDir(), "copy.db")
	code, stdout, stderr := run(t, "", "--db", path, "backup", out)
	if code != 0 || !strings.Contains(stdout, "已将 "+path+" 备份到 "+out) {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("backup file: %v %v", fi, err)
		}
	}
	db, err := store.Open(out, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if steps, err := db.Steps(id); err != nil || len(steps) != 3 {
		t.Fatalf("copy holds %d steps, %v", len(steps), err)
	}
	// --db after the subcommand works too; a missing argument is a usage error.
	if code, _, _ := run(t, "", "backup", "--db", path, filepath.Join(t.TempDir(), "b2.db")); code != 0 {
		t.Errorf("--db after the subcommand: exit %d", code)
	}
	if code, _, _ := run(t, "", "--db", path, "backup"); code != 2 {
		t.Errorf("no argument: exit %d, want 2", code)
	}
}

func TestBackupOfMissingDatabase(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.db")
	code, _, stderr := run(t, "", "--db", missing, "backup", filepath.Join(t.TempDir(), "x.db"))
	if code != 1 || !strings.Contains(stderr, "数据库文件不存在") {
		t.Fatalf("exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("backup created the database it was asked to copy")
	}
}

func TestBackupWhileLocked(t *testing.T) {
	path, _ := newStoreDB(t)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	code, _, stderr := run(t, "", "--db", path, "backup", filepath.Join(t.TempDir(), "x.db"))
	if code != 1 || !strings.Contains(stderr, "数据库正被另一个窗口使用") {
		t.Fatalf("exit %d, %s", code, stderr)
	}
}

// TestBackupWhileOpenElsewhere: backup on a database another window holds
// says what holds it and what to do (quit that window, or press b on its
// home screen), in Chinese and English, and exits 1.
func TestBackupWhileOpenElsewhere(t *testing.T) {
	path, _ := newStoreDB(t)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := filepath.Join(t.TempDir(), "copy.db")
	for _, tc := range []struct{ lang, want string }{
		{"zh", "在那个窗口按 b"},
		{"en", "press b in that window"},
	} {
		code, _, stderr := run(t, "", "--lang", tc.lang, "--db", path, "backup", out)
		if code != 1 || !strings.Contains(stderr, path) || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr:\n%s", tc.lang, code, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a backup file was written although the database is held")
	}
}
