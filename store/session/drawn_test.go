package session

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
	"shuangsui/store"
)

// frameIDs draws the eligible frame of the test matter on date.
func frameIDs(t *testing.T, db *store.DB, date string, months int) (map[string]bool, store.Exclusions) {
	t.Helper()
	a := testAnswers()
	f, ex, err := db.EligibleFrame(store.FrameQuery{MatterCode: a.Matter, DrawDate: date, Params: a.Params,
		NoRepeatMonths: months, DirectReportingOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]bool{}
	for _, u := range f.Units {
		in[u.ID] = true
	}
	return in, ex
}

// editRaw edits the closed database at path with bbolt directly, as an
// older version or someone tampering with the file would.
func editRaw(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// A unit drawn in a sealed ceremony stays out of later frames for the
// no-repeat window even though no result has been entered, and so does a
// unit brought in by a substitution; an index lost by an old file is
// rebuilt by the migration.
func TestSealedDrawsAreNotDrawnAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib.db")
	buildLibrary(t, path)
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Run(db, testAnswers(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Ceremony()
	county := c.Result.Units[0].County
	out := c.CurrentUnits(county)[0]
	if err := s.Substitute(sampling.SubstituteUnit, county, out, "已注销", "张操作"); err != nil {
		t.Fatal(err)
	}
	var drawn []string
	for _, ud := range c.Result.Units {
		drawn = append(drawn, c.CurrentUnits(ud.County)...)
	}
	drawn = append(drawn, out) // drawn, then replaced: still drawn
	if len(drawn) != 13 {
		t.Fatalf("%d units drawn or brought in, want 3×4+1", len(drawn))
	}

	check := func(label string, db *store.DB) {
		t.Helper()
		in, ex := frameIDs(t, db, "2026-12-01", 0)
		for _, id := range drawn {
			if in[id] {
				t.Errorf("%s: %s drawn on 2026-11-25 is in the frame of 2026-12-01", label, id)
			}
		}
		if ex.ByReason[store.ExclDrawnRecently] != len(drawn) {
			t.Errorf("%s: %d excluded as drawn recently, want %d (%v)", label, ex.ByReason[store.ExclDrawnRecently], len(drawn), ex.ByReason)
		}
		if in, _ := frameIDs(t, db, "2029-11-26", 0); !in[drawn[0]] {
			t.Errorf("%s: %s still excluded after 36 months", label, drawn[0])
		}
		if in, _ := frameIDs(t, db, "2026-12-01", -1); !in[drawn[0]] {
			t.Errorf("%s: %s excluded with the no-repeat rule off", label, drawn[0])
		}
		if in, _ := frameIDs(t, db, "2026-11-24", 0); !in[drawn[0]] {
			t.Errorf("%s: %s excluded from a frame dated before its draw", label, drawn[0])
		}
	}
	check("after the seal", db)
	db.Close()

	// A file from schema version 3 (before the index) opens and gets the
	// index built from its sealed ceremonies.
	editRaw(t, path, func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("drawn")); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte("3"))
	})
	db, err = store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	check("after migrating a version-3 file", db)
	if problems, err := db.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("check of an intact index: %v %v", problems, err)
	}
	db.Close()

	// Removing an entry (to let a unit be drawn again early) and adding
	// one are both reported by check.
	editRaw(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("drawn"))
		if err := b.Delete([]byte("2026-11-25\x00" + drawn[0] + "\x00" + s.ID())); err != nil {
			return err
		}
		return b.Put([]byte("2026-11-25\x00U9-999\x00"+s.ID()), nil)
	})
	db, err = store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	problems, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	if len(problems) != 3 || !strings.Contains(all, "抽中单位 "+drawn[0]+" 不在不重复抽取索引中") || !strings.Contains(all, "单位 U9-999") ||
		!strings.Contains(all, "索引 drawn 与记下的指纹不符") {
		t.Fatalf("check did not report the changed index:\n%s", all)
	}
	// And the next frame is not built on it.
	if _, _, err := db.EligibleFrame(store.FrameQuery{MatterCode: "SJ-001", DrawDate: "2026-11-25"}); !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("a frame built on a changed drawn index: %v", err)
	}
}
