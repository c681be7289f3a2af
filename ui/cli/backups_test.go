package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"shuangsui/store"
)

func runIn(t *testing.T, db, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"--db", db}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func backupsOf(t *testing.T, db string) []store.BackupInfo {
	t.Helper()
	list, err := store.ListBackups(db)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestAutomaticBackups: a seal leaves a backup, an import that changes the
// library leaves one taken before it, an import that changes nothing
// leaves none; backups lists them with what they were taken for, --keep
// prunes to the newest N.
func TestAutomaticBackups(t *testing.T) {
	db, id, _ := cliFixture(t, 4, 3)
	list := backupsOf(t, db)
	n0 := len(list) // the fixture imported four libraries, then sealed
	if n0 != 5 || list[0].Reason != "after-seal-"+id || list[4].Reason != "before-import-counties" {
		t.Fatalf("after the seal: %+v", list)
	}
	if fi, err := os.Stat(list[0].Path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	csv := filepath.Join(t.TempDir(), "counties.csv")
	if code, _, errs := runCLI(t, db, "export", "counties", "-o", csv); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := runCLI(t, db, "import", "counties", csv); code != 0 {
		t.Fatal(errs)
	}
	if got := backupsOf(t, db); len(got) != n0 {
		t.Fatalf("an import that changed nothing left a backup: %+v", got)
	}
	b, _ := os.ReadFile(csv)
	row := strings.SplitN(string(b), "\n", 3)[1] // the first county: code,name,active
	fields := strings.Split(row, ",")
	fields[1] += "(改名)"
	changed := strings.Replace(string(b), row, strings.Join(fields, ","), 1)
	if err := os.WriteFile(csv, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, db, "import", "counties", csv); code != 0 {
		t.Fatal(errs)
	}
	if got := backupsOf(t, db); len(got) != n0+1 || got[0].Reason != "before-import-counties" {
		t.Fatalf("after an import that changed a county: %+v", got)
	}
	code, out, errs := runCLI(t, db, "backups", "--check")
	if code != 0 || !strings.Contains(out, "封存仪式 "+id+" 后") || !strings.Contains(out, "✓ 完好") {
		t.Fatalf("backups: %d %q %q", code, out, errs)
	}
	if code, out, _ := runCLI(t, db, "--lang", "en", "backups"); code != 0 || !strings.Contains(out, "after sealing ceremony "+id) {
		t.Fatalf("backups en: %q", out)
	}
	// While another window holds the database the list is still read.
	held, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, db, "backups")
	if code != 0 || !strings.Contains(out, "未读取保留份数") || !strings.Contains(out, "封存仪式 "+id+" 后") {
		t.Fatalf("backups while the database is held: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCLI(t, db, "backups", "--keep", "3"); code != 1 || !strings.Contains(errs, "另一个") {
		t.Fatalf("--keep while the database is held: %d %q", code, errs)
	}
	held.Close()
	if code, _, errs := runCLI(t, db, "backups", "--keep", "2"); code != 0 {
		t.Fatal(errs)
	}
	if got := backupsOf(t, db); len(got) != 2 || got[1].Reason != "after-seal-"+id {
		t.Fatalf("--keep 2 left %+v", got)
	}
	if code, _, errs := runCLI(t, db, "backups", "--keep", "0"); code != 0 {
		t.Fatal(errs)
	}
	if got := backupsOf(t, db); len(got) != 0 {
		t.Fatalf("--keep 0 left %d", len(got))
	}
	if code, _, _ := runCLI(t, db, "backups", "--keep", "-3"); code == 0 {
		t.Error("--keep -3 accepted")
	}
}

// TestRestoreAfterDamage: check on a damaged file names the newest sound
// backup; restore states what it replaces, does nothing unless confirmed,
// then puts the backup back and keeps the damaged file.
func TestRestoreAfterDamage(t *testing.T) {
	db, id, _ := cliFixture(t, 4, 3)
	good := backupsOf(t, db)[0].Path
	clean, _ := os.ReadFile(db)
	if err := os.WriteFile(db, clean[:len(clean)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, db, "check")
	if code != 1 || !strings.Contains(errs, "数据库文件已损坏") || !strings.Contains(out, "最新的完好备份: "+good) {
		t.Fatalf("check: %d %q %q", code, out, errs)
	}
	code, out, errs = runIn(t, db, "no\n", "restore", good)
	if code != 1 || !strings.Contains(out, "替换数据库 "+db) || !strings.Contains(errs, "未确认") {
		t.Fatalf("unconfirmed restore: %d %q %q", code, out, errs)
	}
	if b, _ := os.ReadFile(db); len(b) != len(clean)/3 {
		t.Fatal("an unconfirmed restore changed the database")
	}
	code, out, errs = runIn(t, db, "yes\n", "restore", good)
	if code != 0 || !strings.Contains(out, "已恢复") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	if code, out, errs := runCLI(t, db, "check"); code != 0 || !strings.Contains(out, "未发现问题") {
		t.Fatalf("check after restore: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCLI(t, db, "record", id, "-o", filepath.Join(t.TempDir(), "r.json")); code != 0 {
		t.Fatalf("record after restore: %s", errs)
	}
	kept, _ := filepath.Glob(filepath.Join(store.BackupDir(db), "*-before-restore-damaged.db"))
	if len(kept) != 1 {
		t.Fatalf("the damaged file was not kept: %v", kept)
	}
	if b, _ := os.ReadFile(kept[0]); len(b) != len(clean)/3 {
		t.Fatal("the kept damaged file differs from what was replaced")
	}
	// A damaged backup is refused and nothing changes.
	bad := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(bad, make([]byte, 8192), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(db)
	if code, _, errs := runIn(t, db, "", "restore", bad, "--yes"); code != 1 || !strings.Contains(errs, "备份 "+bad+" 本身有问题") {
		t.Fatalf("damaged backup: %d %q", code, errs)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("a refused restore changed the database")
	}
	if code, _, _ := runIn(t, db, "", "restore"); code != 2 {
		t.Error("restore without a file is not a usage error")
	}
}

// TestCheckNamesTheChangedRecord: a unit changed behind the program's back
// is reported by check with its library, and the record is named by
// comparing with the newest sound backup.
func TestCheckNamesTheChangedRecord(t *testing.T) {
	db, _, c := cliFixture(t, 4, 3)
	unit := c.Result.Units[0].Picks[0].ID
	b, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		u := tx.Bucket([]byte("units"))
		v := bytes.Clone(u.Get([]byte(unit)))
		v[len(v)-1]++
		return u.Put([]byte(unit), v)
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, db, "check")
	if code != 1 || !strings.Contains(out, "名录 units 与名录变动记录") ||
		!strings.Contains(out, "units: 与最新的完好备份相比有 1 条记录不同") || !strings.Contains(out, `"`+unit+`"(内容不同)`) {
		t.Fatalf("check: %d\n%s", code, out)
	}
	if code, _, errs := runCLI(t, db, "export", "units", "-o", filepath.Join(t.TempDir(), "u.csv")); code != 1 || !strings.Contains(errs, "数据库文件已损坏") {
		t.Fatalf("export of the changed library: %d %q", code, errs)
	}
}
