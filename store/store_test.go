package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

var cst = time.FixedZone("CST", 8*3600)

func openTest(t testing.TB) (*DB, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 25, 9, 30, 0, 0, cst)}
	db, err := Open(filepath.Join(t.TempDir(), "sub", "shuangsui.db"), Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, c
}

func TestFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	db, _ := openTest(t)
	fi, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(filepath.Dir(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", di.Mode().Perm())
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(out); err != nil {
		t.Fatal(err)
	}
	bi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if bi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", bi.Mode().Perm())
	}
	// A file someone made world-readable is tightened on open.
	db.Close()
	if err := os.Chmod(db.Path(), 0o644); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(db.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
	if fi, _ := os.Stat(db.Path()); fi.Mode().Perm() != 0o600 {
		t.Errorf("after reopen mode %v, want 0600", fi.Mode().Perm())
	}
}

// The default database is in the user's configuration directory: under
// %AppData% on Windows, $XDG_CONFIG_HOME or ~/.config on Linux (麒麟, 统信),
// as README's 离线安装 says; paths with Chinese characters included.
func TestDefaultPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "用户 张明")
	var want string
	switch runtime.GOOS {
	case "windows":
		t.Setenv("AppData", filepath.Join(dir, "AppData", "Roaming"))
		want = filepath.Join(dir, "AppData", "Roaming", "shuangsui", "shuangsui.db")
	case "darwin", "ios", "plan9":
		t.Skip("not a system shuangsui is delivered for")
	default:
		t.Setenv("XDG_CONFIG_HOME", "")
		t.Setenv("HOME", dir)
		if got, want := DefaultPath(), filepath.Join(dir, ".config", "shuangsui", "shuangsui.db"); got != want {
			t.Errorf("without XDG_CONFIG_HOME: DefaultPath() = %q, want %q", got, want)
		}
		t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "配置"))
		want = filepath.Join(dir, "配置", "shuangsui", "shuangsui.db")
	}
	if got := DefaultPath(); got != want {
		t.Errorf("DefaultPath() = %q, want %q", got, want)
	}
}

func TestSecondOpenIsRefusedQuickly(t *testing.T) {
	db, _ := openTest(t)
	start := time.Now()
	type opened struct {
		db  *DB
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		db2, err := Open(db.Path(), Options{})
		ch <- opened{db2, err}
	}()
	var db2 *DB
	var err error
	select {
	case o := <-ch:
		db2, err = o.db, o.err
	case <-time.After(5 * time.Second):
		t.Fatal("second Open still waiting after 5 s: it would hang")
	}
	took := time.Since(start)
	if err == nil {
		db2.Close()
		t.Fatal("second Open of a locked file succeeded")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if want := "数据库正被另一个窗口使用 (" + db.Path() + ")"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if took < 900*time.Millisecond || took > 3*time.Second {
		t.Errorf("second Open took %v, want about 1 s", took)
	}
	// Once closed, the file opens again.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db3, err := Open(db.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	db3.Close()
}

// writeRaw builds a bbolt file by hand, as an older or newer shuangsui
// would have left it.
func writeRaw(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	writeRaw(t, path, func(tx *bolt.Tx) error {
		if err := migrations[0].run(tx); err != nil {
			return err
		}
		if err := tx.Bucket(bMeta).Put(kSchema, []byte("1")); err != nil {
			return err
		}
		return tx.Bucket(bCounties).Put([]byte("130802"), []byte(`{"code":"130802","name":"双桥区","active":true}`))
	})
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cs, err := db.Counties()
	if err != nil || len(cs) != 1 || cs[0].Name != "双桥区" {
		t.Fatalf("counties after upgrade = %v, %v", cs, err)
	}
	v, err := db.Setting(SettingCategories)
	if err != nil || !strings.Contains(string(v), "规上工业") {
		t.Errorf("categories after upgrade = %s, %v", v, err)
	}
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		got, err := schemaVersion(tx)
		if got != SchemaVersion {
			t.Errorf("schema version after upgrade = %d, want %d", got, SchemaVersion)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Editable lists someone changed are not overwritten by a later open.
	if err := db.PutSetting(SettingCategories, []byte(`["甲"]`)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Setting(SettingCategories); string(v) != `["甲"]` {
		t.Errorf("categories = %s after reopen", v)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	writeRaw(t, path, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bMeta)
		if err != nil {
			return err
		}
		return b.Put(kSchema, []byte("99"))
	})
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(path, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), "99") || !strings.Contains(err.Error(), "更新版本") {
		t.Errorf("message %q does not explain", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("refused file was modified")
	}
}

func TestForeignFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	writeRaw(t, path, func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte("something"))
		return err
	})
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "不是双随数据库") {
		t.Fatalf("err = %v", err)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(junk, Options{}); err == nil {
		t.Fatal("opened a junk file")
	}
}

func TestUSCC(t *testing.T) {
	for _, id := range []string{"91350100M000100Y43", "91110000600037341L"} {
		if err := CheckUSCC(id); err != nil {
			t.Errorf("CheckUSCC(%s) = %v", id, err)
		}
	}
	for _, id := range []string{"91350100M000100Y44", "91350100M000100Y4", "91350100M00010OY43"} {
		if err := CheckUSCC(id); err == nil {
			t.Errorf("CheckUSCC(%s) passed", id)
		}
	}
}

func TestMonthsBefore(t *testing.T) {
	for _, c := range []struct {
		d    string
		m    int
		want string
	}{
		{"2026-11-25", 36, "2023-11-25"},
		{"2024-02-29", 12, "2023-02-28"},
		{"2026-03-31", 1, "2026-02-28"},
		{"2026-01-15", 1, "2025-12-15"},
		{"2026-01-15", 0, "2026-01-15"},
	} {
		got, err := monthsBefore(c.d, c.m)
		if err != nil || got != c.want {
			t.Errorf("monthsBefore(%s, %d) = %s, %v; want %s", c.d, c.m, got, err, c.want)
		}
	}
}

func TestUnitCodec(t *testing.T) {
	us := []Unit{
		{},
		{ID: "91350100M000100Y43", Name: "承德某某钢铁有限公司", County: "130802", Category: "规上工业", Address: "路 1 号",
			Contact: "张三 0314-1234567", DirectReporting: true, Key: true, DishonestFrom: "2025-01-01", DishonestTo: "2026-01-01",
			Status: StatusClosed, Removed: true, CheckOverride: &Override{By: "李四", Reason: "营业执照原件如此", At: "2026-11-25"}},
	}
	for _, u := range us {
		b := encodeUnit(u)
		got, err := decodeUnit(b)
		if err != nil {
			t.Fatal(err)
		}
		if string(encodeUnit(got)) != string(b) || got.Name != u.Name || (u.CheckOverride != nil && *got.CheckOverride != *u.CheckOverride) {
			t.Errorf("round trip %+v → %+v", u, got)
		}
		v, err := viewUnit(b)
		if err != nil || string(v.id) != u.ID || string(v.name) != u.Name || string(v.county) != u.County ||
			string(v.category) != u.Category || string(v.status) != u.Status || (v.flags&flagRemoved != 0) != u.Removed || (v.flags&flagDirect != 0) != u.DirectReporting {
			t.Errorf("view of %+v = %+v, %v", u, v, err)
		}
		for cut := 0; cut < len(b); cut++ {
			if _, err := decodeUnit(b[:cut]); err == nil {
				t.Errorf("truncated at %d decoded", cut)
			}
			if _, err := viewUnit(b[:cut]); err == nil {
				t.Errorf("truncated at %d viewed", cut)
			}
		}
		if _, err := decodeUnit(append(b, 0)); err == nil {
			t.Error("trailing byte decoded")
		}
		if _, err := viewUnit(append(b, 0)); err == nil {
			t.Error("trailing byte viewed")
		}
	}
}
