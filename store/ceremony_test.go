package store

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

func TestCeremonyLifecycle(t *testing.T) {
	db, clk := openTest(t)
	id, err := db.NewCeremony()
	if err != nil || id != "2026-11-25-001" {
		t.Fatalf("NewCeremony = %q, %v", id, err)
	}
	id2, _ := db.NewCeremony()
	clk.t = clk.t.Add(24 * time.Hour)
	id3, _ := db.NewCeremony()
	if id2 != "2026-11-25-002" || id3 != "2026-11-26-001" {
		t.Fatalf("ids %s %s", id2, id3)
	}
	clk.t = time.Date(2026, 11, 25, 10, 0, 0, 0, cst)
	s1, err := db.AppendStep(id, "frame", []byte(`{"units":3}`))
	if err != nil {
		t.Fatal(err)
	}
	if s1.Seq != 1 || s1.Prev != sampling.GenesisHash || s1.At != "2026-11-25T10:00:00+08:00" {
		t.Errorf("step 1 = %+v", s1)
	}
	s2, err := db.AppendStep(id, StepSeal, nil)
	if err != nil || s2.Seq != 2 || s2.Prev != s1.Hash {
		t.Fatalf("seal = %+v, %v", s2, err)
	}
	if _, err := db.AppendStep(id, "frame", nil); err == nil || !strings.Contains(err.Error(), "封存") {
		t.Errorf("append after seal: %v", err)
	}
	if _, err := db.AppendStep(id2, StepAbandon, []byte(`{"reason":"停电"}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendStep(id2, "x", nil); err == nil {
		t.Error("append after abandon")
	}
	if _, err := db.AppendStep("2099-01-01-001", "x", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown ceremony: %v", err)
	}
	if _, err := db.AppendStep(id3, "bad\nkind", nil); err == nil {
		t.Error("kind with newline accepted")
	}
	steps, err := db.Steps(id)
	if err != nil || len(steps) != 2 || string(steps[0].Payload) != `{"units":3}` || steps[1].Hash != s2.Hash {
		t.Fatalf("Steps = %+v, %v", steps, err)
	}
	list, err := db.Ceremonies()
	if err != nil || len(list) != 3 {
		t.Fatalf("Ceremonies = %+v, %v", list, err)
	}
	if c := list[0]; c.ID != id || !c.Sealed || c.Abandoned || c.Head != s2.Hash || c.Steps != 2 || c.LastKind != StepSeal || c.Created != "2026-11-25T09:30:00+08:00" || c.Problem != "" {
		t.Errorf("summary[0] = %+v", c)
	}
	if c := list[1]; !c.Abandoned || c.Sealed {
		t.Errorf("summary[1] = %+v", c)
	}
	if c := list[2]; c.Steps != 0 || c.Head != sampling.GenesisHash {
		t.Errorf("summary[2] = %+v", c)
	}
	// Sequence numbers survive a reopen.
	path := db.Path()
	db.Close()
	db, err = Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if id4, _ := db.NewCeremony(); id4 != "2026-11-25-003" {
		t.Errorf("after reopen: %s", id4)
	}
}

// tamper opens the closed database with bbolt directly and edits
// ceremony id.
func tamper(t *testing.T, path, id string, fn func(b *bolt.Bucket) error) {
	t.Helper()
	writeRaw(t, path, func(tx *bolt.Tx) error { return fn(tx.Bucket(bCeremonies).Bucket([]byte(id))) })
}

// sealedCeremony makes a closed database holding one five-step ceremony.
func sealedCeremony(t *testing.T) (path, id string) {
	db, _ := openTest(t)
	id, err := db.NewCeremony()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"frame", "params", "seed", "draw", StepSeal} {
		if _, err := db.AppendStep(id, k, []byte(`{"step":"`+k+`","data":"承德市统计局"}`)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Steps(id); err != nil {
		t.Fatal(err)
	}
	path = db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, id
}

// detect reopens path and wants every reader to fail naming step n.
func detect(t *testing.T, path, id string, n string) {
	t.Helper()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := "仪式 " + id + " 第 " + n + " 步"
	_, err = db.Steps(id)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Steps: err = %v, want it to name %q", err, want)
	} else if c := strings.Count(err.Error(), "第 "+n+" 步"); c != 1 {
		t.Errorf("Steps: err = %v names the step %d times, want once", err, c)
	}
	list, err := db.Ceremonies()
	if err != nil || len(list) != 1 || !strings.Contains(list[0].Problem, want) || list[0].Sealed {
		t.Errorf("Ceremonies = %+v, %v", list, err)
	}
	problems, err := db.Check()
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], want) {
		t.Errorf("Check = %q, %v", problems, err)
	}
}

func TestTamperOneByte(t *testing.T) {
	// Every byte position of step 3's stored value, changed, is detected.
	path, id := sealedCeremony(t)
	var orig []byte
	writeRaw(t, path, func(tx *bolt.Tx) error {
		orig = clone(tx.Bucket(bCeremonies).Bucket([]byte(id)).Get(seqKey(3)))
		return nil
	})
	for _, i := range []int{0, len(orig) / 3, len(orig) / 2, len(orig) - 30, len(orig) - 2} {
		v := clone(orig)
		v[i] ^= 0x01
		tamper(t, path, id, func(b *bolt.Bucket) error { return b.Put(seqKey(3), v) })
		detect(t, path, id, "3")
	}
	// A subtle edit: valid JSON, payload changed, hash left alone.
	var s sampling.Step
	if err := json.Unmarshal(orig, &s); err != nil {
		t.Fatal(err)
	}
	s.Payload = []byte(strings.Replace(string(s.Payload), "承德", "滦平", 1))
	v, _ := json.Marshal(s)
	tamper(t, path, id, func(b *bolt.Bucket) error { return b.Put(seqKey(3), v) })
	detect(t, path, id, "3")
	// Restored: verifies again.
	tamper(t, path, id, func(b *bolt.Bucket) error { return b.Put(seqKey(3), orig) })
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Steps(id); err != nil {
		t.Fatalf("restored: %v", err)
	}
}

func TestTamperSwap(t *testing.T) {
	path, id := sealedCeremony(t)
	tamper(t, path, id, func(b *bolt.Bucket) error {
		s2, s4 := clone(b.Get(seqKey(2))), clone(b.Get(seqKey(4)))
		if err := b.Put(seqKey(2), s4); err != nil {
			return err
		}
		return b.Put(seqKey(4), s2)
	})
	detect(t, path, id, "2")
}

func TestTamperSwapRenumbered(t *testing.T) {
	// Swapped and renumbered so that keys and seq agree: the links break.
	path, id := sealedCeremony(t)
	tamper(t, path, id, func(b *bolt.Bucket) error {
		var s2, s3 sampling.Step
		json.Unmarshal(b.Get(seqKey(2)), &s2)
		json.Unmarshal(b.Get(seqKey(3)), &s3)
		s2.Seq, s3.Seq = 3, 2
		v2, _ := json.Marshal(s2)
		v3, _ := json.Marshal(s3)
		if err := b.Put(seqKey(2), v3); err != nil {
			return err
		}
		return b.Put(seqKey(3), v2)
	})
	detect(t, path, id, "2")
}

func TestTamperDeleteMiddle(t *testing.T) {
	path, id := sealedCeremony(t)
	tamper(t, path, id, func(b *bolt.Bucket) error { return b.Delete(seqKey(3)) })
	detect(t, path, id, "3")
}

func TestTamperDeleteLast(t *testing.T) {
	// Dropping the seal leaves a valid-looking chain; the summary catches it.
	path, id := sealedCeremony(t)
	tamper(t, path, id, func(b *bolt.Bucket) error { return b.Delete(seqKey(5)) })
	detect(t, path, id, "5")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.AppendStep(id, "result", nil); err == nil {
		t.Error("append to a truncated log")
	}
}

func TestTamperMoveStep(t *testing.T) {
	// The last step copied under a new key: detected as moved.
	path, id := sealedCeremony(t)
	tamper(t, path, id, func(b *bolt.Bucket) error { return b.Put(seqKey(6), clone(b.Get(seqKey(5)))) })
	detect(t, path, id, "6")
}

func TestBackupAndCheck(t *testing.T) {
	db, _ := openTest(t)
	id, _ := db.NewCeremony()
	if _, err := db.AppendStep(id, "frame", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: "LOCAL-1", Name: "甲"})); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Check(); err != nil || len(p) != 0 {
		t.Fatalf("Check = %q, %v", p, err)
	}
	out := filepath.Join(t.TempDir(), "b.db")
	if err := db.Backup(out); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(db.Path()); err == nil {
		t.Error("backup onto itself")
	}
	// Writes after the backup are not in it; the copy opens while the
	// original stays open.
	if _, err := db.AppendStep(id, "seed", nil); err != nil {
		t.Fatal(err)
	}
	b, err := Open(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	steps, err := b.Steps(id)
	if err != nil || len(steps) != 1 {
		t.Fatalf("backup steps = %d, %v", len(steps), err)
	}
	if u, ok, err := b.Unit("local-1"); err != nil || !ok || u.Name != "甲" {
		t.Fatalf("backup unit = %+v %v %v", u, ok, err)
	}
	if p, err := b.Check(); err != nil || len(p) != 0 {
		t.Fatalf("backup Check = %q, %v", p, err)
	}
}

func TestCheckFindsCorruptUnit(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: "LOCAL-1", Name: "甲"})); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	writeRaw(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bUnits).Put([]byte("LOCAL-1"), []byte{1, 0, 200}) })
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := db.Check()
	if err != nil || len(p) != 2 || !strings.Contains(p[0], "LOCAL-1") || !strings.Contains(p[1], "名录 units 与名录变动记录第 2 条") {
		t.Fatalf("Check = %q, %v", p, err)
	}
}

// TestCheckFindsLibraryEditedOutsideTheProgram: a well-formed record
// changed, added or removed behind the program's back in any library is
// reported by check, naming the library and the log entry it no longer
// matches; the ceremony-derived history rows are left to the index check.
func TestCheckFindsLibraryEditedOutsideTheProgram(t *testing.T) {
	eachUnit := func(db *DB) error { return db.EachUnit(func(Unit) error { return nil }) }
	for _, tc := range []struct {
		name string
		edit func(tx *bolt.Tx) error
		want string
		read func(db *DB) error // the read that must refuse too
	}{
		{"a unit renamed", func(tx *bolt.Tx) error {
			u, _, err := readUnit(tx, "LOCAL-1")
			if err != nil {
				return err
			}
			u.Name = "乙"
			return tx.Bucket(bUnits).Put([]byte("LOCAL-1"), encodeUnit(u))
		}, "名录 units 与名录变动记录第 3 条", eachUnit},
		{"a unit added", func(tx *bolt.Tx) error {
			return tx.Bucket(bUnits).Put([]byte("LOCAL-2"), encodeUnit(Unit{ID: "LOCAL-2", Name: "丙", County: "130802"}))
		}, "名录 units 与名录变动记录第 3 条", eachUnit},
		{"a county deleted", func(tx *bolt.Tx) error { return tx.Bucket(bCounties).Delete([]byte("130802")) },
			"名录 counties 与名录变动记录第 2 条", func(db *DB) error { _, err := db.Counties(); return err }},
		{"an inspector written into an empty library", func(tx *bolt.Tx) error {
			return tx.Bucket(bInspectors).Put([]byte("X1"), []byte(`{"id":"X1","name":"某"}`))
		}, "名录 inspectors 有记录, 但名录变动记录中没有它的任何变动", func(db *DB) error { _, err := db.Inspectors(); return err }},
		{"a setting changed", func(tx *bolt.Tx) error {
			return tx.Bucket(bSettings).Put([]byte(SettingCategories), []byte(`["规上工业"]`))
		}, "名录 settings 与名录变动记录第 1 条", func(db *DB) error { _, err := db.Setting(SettingCategories); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := openTest(t)
			if _, err := db.ImportCounties(ImportOptions{}, putAll(County{Code: "130802", Name: "双桥区", Active: true})); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: "LOCAL-1", Name: "甲", County: "130802"})); err != nil {
				t.Fatal(err)
			}
			if p, err := db.Check(); err != nil || len(p) != 0 {
				t.Fatalf("before the edit: %q %v", p, err)
			}
			path := db.Path()
			db.Close()
			writeRaw(t, path, tc.edit)
			db, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			p, err := db.Check()
			if err != nil || len(p) != 1 || !strings.Contains(p[0], tc.want) {
				t.Fatalf("Check = %q, %v; want one problem with %q", p, err, tc.want)
			}
			if err := tc.read(db); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("the read gives %v, want ErrCorrupt naming %q", err, tc.want)
			}
		})
	}
}
