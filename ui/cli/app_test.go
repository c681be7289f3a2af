package cli

import (
	"os"
	"path/filepath"
	"testing"

	"shuangsui/store"
)

// The app writes to --out if given, else to the folder last chosen on
// screen while it still exists, else to the working directory.
func TestExportDirRemembered(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := exportDir(db, ""); got != "" {
		t.Fatalf("nothing chosen: %q", got)
	}
	chosen := filepath.Join(dir, "第二轮")
	if err := os.Mkdir(chosen, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSetting(store.SettingExportDir, []byte(chosen)); err != nil {
		t.Fatal(err)
	}
	if got := exportDir(db, ""); got != chosen {
		t.Fatalf("remembered folder: %q, want %q", got, chosen)
	}
	if got := exportDir(db, "/elsewhere"); got != "/elsewhere" {
		t.Fatalf("--out: %q", got)
	}
	if err := os.Remove(chosen); err != nil {
		t.Fatal(err)
	}
	if got := exportDir(db, ""); got != "" {
		t.Fatalf("a vanished folder: %q", got)
	}
}
