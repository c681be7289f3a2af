package store

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// libraryBytes is every key and value of the library buckets, in order:
// what an undo must give back byte for byte.
func libraryBytes(t *testing.T, db *DB) []byte {
	t.Helper()
	var out bytes.Buffer
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bCounties, bUnits, bInspectors, bMatters, bInspections} {
			out.WriteString("[" + string(name) + "]\n")
			if err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				out.Write(k)
				out.WriteByte('=')
				out.Write(v)
				out.WriteByte('\n')
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func putUnits(us []Unit) func(put func(Unit) error) error {
	return func(put func(Unit) error) error {
		for _, u := range us {
			if err := put(u); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestUndoImport: each way an import writes (in place, rebuilt in a
// staging bucket, a small library copied whole) is undone to the same
// bytes, the undo is logged, and a second undo finds nothing.
func TestUndoImport(t *testing.T) {
	tests := []struct {
		name  string
		tiny  bool // force the staging rebuild
		mode  ImportMode
		apply func(db *DB, opt ImportOptions) (ImportSummary, error)
		lib   string
	}{
		{"units merge in place", false, Merge, func(db *DB, opt ImportOptions) (ImportSummary, error) {
			return db.ImportUnits(opt, putUnits(unitSet(20, 40, "新")))
		}, "units"},
		{"units replace in place", false, Replace, func(db *DB, opt ImportOptions) (ImportSummary, error) {
			return db.ImportUnits(opt, putUnits(unitSet(0, 3, "换")))
		}, "units"},
		{"units replace rebuilt", true, Replace, func(db *DB, opt ImportOptions) (ImportSummary, error) {
			return db.ImportUnits(opt, putUnits(unitSet(5, 8, "换")))
		}, "units"},
		{"counties replace whole", false, Replace, func(db *DB, opt ImportOptions) (ImportSummary, error) {
			return db.ImportCounties(opt, func(put func(County) error) error {
				return put(County{Code: "130899", Name: "新区", Active: true})
			})
		}, "counties"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTest(t)
			if _, err := db.ImportCounties(ImportOptions{}, func(put func(County) error) error {
				return put(County{Code: "130802", Name: "双桥区", Active: true})
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ImportUnits(ImportOptions{By: "甲"}, putUnits(unitSet(0, 30, "旧"))); err != nil {
				t.Fatal(err)
			}
			if tt.tiny {
				tinyImports(t)
			}
			before := libraryBytes(t, db)
			sum, err := tt.apply(db, ImportOptions{Mode: tt.mode, By: "乙", Source: "新名录.xlsx"})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Added+sum.Updated+sum.Deactivated == 0 {
				t.Fatalf("the import changed nothing: %+v", sum)
			}
			if bytes.Equal(before, libraryBytes(t, db)) {
				t.Fatal("library unchanged after the import")
			}
			imp, err := db.Undoable()
			if err != nil || imp.Source != "新名录.xlsx" || imp.By != "乙" || imp.Library != tt.lib {
				t.Fatalf("Undoable = %+v, %v", imp, err)
			}
			undo, err := db.UndoImport("丙")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, libraryBytes(t, db)) {
				t.Fatal("the undo did not restore the library byte for byte")
			}
			if undo.Kind != ChangeUndo || undo.Undoes != imp.Seq || undo.By != "丙" || undo.Added != sum.Added || undo.Removed != sum.Deactivated {
				t.Fatalf("undo entry %+v, import %+v", undo, imp)
			}
			if _, err := db.UndoImport("丙"); !errors.Is(err, ErrNothingToUndo) {
				t.Fatalf("second undo: %v, want ErrNothingToUndo", err)
			}
			log, err := db.LibraryLog()
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, e := range log {
				kinds = append(kinds, e.Kind+":"+e.Library)
			}
			// A new database begins its log with the settings' baseline.
			want := "baseline:settings import:counties import:units import:" + tt.lib + " undo:" + tt.lib
			if strings.Join(kinds, " ") != want {
				t.Fatalf("log %v, want %s", kinds, want)
			}
		})
	}
}

// TestUndoRefusedAfterLaterChange: an edit made after the import would be
// lost by the undo, so the undo is refused and nothing changes.
func TestUndoRefusedAfterLaterChange(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportUnits(ImportOptions{}, putUnits(unitSet(0, 5, "旧"))); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportUnits(ImportOptions{}, putUnits(unitSet(5, 8, "新"))); err != nil {
		t.Fatal(err)
	}
	// A change made behind the import's back (as MarkDishonest edits a unit).
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bUnits).Delete([]byte(testUnitID(1)))
	}); err != nil {
		t.Fatal(err)
	}
	before := libraryBytes(t, db)
	_, err := db.UndoImport("丙")
	if err == nil || !strings.Contains(err.Error(), "又有改动") {
		t.Fatalf("undo after a later change: %v", err)
	}
	if !bytes.Equal(before, libraryBytes(t, db)) {
		t.Fatal("a refused undo changed the library")
	}
}

// TestImportChangingNothingKeepsUndo: an import that changes nothing is not
// logged and leaves the previous import undoable.
func TestImportChangingNothingKeepsUndo(t *testing.T) {
	db, _ := openTest(t)
	us := unitSet(0, 5, "旧")
	if _, err := db.ImportUnits(ImportOptions{Source: "a.xlsx"}, putUnits(us)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportUnits(ImportOptions{Source: "b.xlsx"}, putUnits(us)); err != nil {
		t.Fatal(err)
	}
	e, err := db.Undoable()
	if err != nil || e.Source != "a.xlsx" {
		t.Fatalf("Undoable = %+v, %v", e, err)
	}
	if log, _ := db.LibraryLog(); len(log) != 2 || log[1].Source != "a.xlsx" {
		t.Fatalf("log has %d entries, want the settings' baseline and a.xlsx", len(log))
	}
}

// TestImportKeepsFields: ImportOptions.Keep keeps stored fields of the
// units an import lists, in place and when the bucket is rebuilt.
func TestImportKeepsFields(t *testing.T) {
	for _, tiny := range []bool{false, true} {
		db, _ := openTest(t)
		us := unitSet(0, 20, "旧")
		for i := range us {
			us[i].Key, us[i].Address = true, "旧地址"
		}
		if _, err := db.ImportUnits(ImportOptions{}, putUnits(us)); err != nil {
			t.Fatal(err)
		}
		if tiny {
			tinyImports(t)
		}
		bare := unitSet(0, 20, "新")
		for i := range bare {
			bare[i].Status = us[i].Status
		}
		sum, err := db.ImportUnits(ImportOptions{Mode: Replace, Keep: []string{"key", "address"}}, putUnits(bare))
		if err != nil {
			t.Fatal(err)
		}
		if sum.Updated != 20 {
			t.Fatalf("tiny %v: %+v", tiny, sum)
		}
		err = db.EachUnit(func(u Unit) error {
			if !u.Key || u.Address != "旧地址" || !strings.HasPrefix(u.Name, "新") {
				return fmt.Errorf("unit %s: %+v", u.ID, u)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("tiny %v: %v", tiny, err)
		}
	}
}

// TestConfirmRefusalWritesNothing: an ImportOptions.Confirm error stops
// the import once the summary is known, in every write path, and the
// library, its log and its undo stay as they were.
func TestConfirmRefusalWritesNothing(t *testing.T) {
	refuse := errors.New("须确认")
	for _, tc := range []struct {
		name string
		tiny bool
		run  func(db *DB, opt ImportOptions) (ImportSummary, error)
	}{
		{"units in place", false, func(db *DB, opt ImportOptions) (ImportSummary, error) {
			return db.ImportUnits(opt, putUnits(unitSet(0, 2, "换")))
		}},
		{"units rebuilt", true, func(db *DB, opt ImportOptions) (ImportSummary, error) {
			return db.ImportUnits(opt, putUnits(unitSet(0, 2, "换")))
		}},
		{"counties", false, func(db *DB, opt ImportOptions) (ImportSummary, error) {
			return db.ImportCounties(opt, func(put func(County) error) error { return put(County{Code: "130899", Name: "新区", Active: true}) })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := openTest(t)
			if _, err := db.ImportCounties(ImportOptions{}, func(put func(County) error) error {
				return put(County{Code: "130802", Name: "双桥区", Active: true})
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ImportUnits(ImportOptions{}, putUnits(unitSet(0, 30, "旧"))); err != nil {
				t.Fatal(err)
			}
			if tc.tiny {
				tinyImports(t)
			}
			before := libraryBytes(t, db)
			log0, _ := db.LibraryLog()
			var seen ImportSummary
			_, err := tc.run(db, ImportOptions{Mode: Replace, Confirm: func(s ImportSummary) error { seen = s; return refuse }})
			if !errors.Is(err, refuse) {
				t.Fatalf("import: %v, want the refusal", err)
			}
			if seen.Deactivated == 0 {
				t.Fatalf("Confirm saw %+v, without the removals", seen)
			}
			if !bytes.Equal(before, libraryBytes(t, db)) {
				t.Fatal("a refused import changed the library")
			}
			if log1, _ := db.LibraryLog(); len(log1) != len(log0) {
				t.Fatal("a refused import was logged")
			}
			if stagingLeft(t, db) {
				t.Fatal("the staging bucket was left behind")
			}
		})
	}
}

// TestBaselineMigration: a database from before the fingerprints (schema
// 5, no library log) gets one baseline entry for each library that holds
// records when it is opened, and check then holds it to them.
func TestBaselineMigration(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportCounties(ImportOptions{}, putAll(County{Code: "130802", Name: "双桥区", Active: true})); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: "LOCAL-1", Name: "甲", County: "130802"})); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	writeRaw(t, path, func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bLibraryLog); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte("5"))
	})
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	log, err := db.LibraryLog()
	if err != nil || len(log) != 3 || log[0].Kind != ChangeBaseline || log[0].Library != "counties" || log[1].Library != "units" || log[1].Fingerprint == "" || log[2].Library != "settings" {
		t.Fatalf("log after the migration: %+v %v", log, err)
	}
	if p, err := db.Check(); err != nil || len(p) != 0 {
		t.Fatalf("check after the migration: %q %v", p, err)
	}
	db.Close()
	writeRaw(t, path, func(tx *bolt.Tx) error { return tx.Bucket(bUnits).Delete([]byte("LOCAL-1")) })
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if p, err := db.Check(); err != nil || len(p) != 1 || !strings.Contains(p[0], "名录 units 与名录变动记录第 2 条") || !strings.Contains(p[0], "baseline") {
		t.Fatalf("check after a deletion: %q %v", p, err)
	}
}

// TestLibraryLastIsChecked: reads find a library's last change through
// library_last; check walks the whole log and reports a library_last that
// names another entry.
func TestLibraryLastIsChecked(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportCounties(ImportOptions{}, putAll(County{Code: "130802", Name: "双桥区", Active: true})); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: "LOCAL-1", Name: "甲", County: "130802"})); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	writeRaw(t, path, func(tx *bolt.Tx) error {
		k := make([]byte, 8)
		k[7] = 2 // the counties' import, not the units'
		return tx.Bucket(bLibraryLast).Put(bUnits, k)
	})
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.EachUnit(func(Unit) error { return nil }); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a read through a wrong library_last: %v", err)
	}
	p, err := db.Check()
	if err != nil || !strings.Contains(strings.Join(p, "\n"), "library_last 没有指向它最后一条变动记录") {
		t.Fatalf("check: %q %v", p, err)
	}
}
