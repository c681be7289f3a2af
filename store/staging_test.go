package store

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// tinyImports makes every bulk import spill runs of a few records, write
// batches of a few records and never write in place, until the test ends.
func tinyImports(t testing.TB) {
	t.Helper()
	budget, batch, inPlace := importMemBudget, importBatchBytes, importInPlaceMax
	importMemBudget, importBatchBytes, importInPlaceMax = 4096, 2048, 0
	t.Cleanup(func() { importMemBudget, importBatchBytes, importInPlaceMax = budget, batch, inPlace })
}

// failAt sets importFail for the rest of the test.
func failAt(t testing.TB, fn func(phase string) error) {
	t.Helper()
	importFail = fn
	t.Cleanup(func() { importFail = nil })
}

func testUnitID(i int) string { return uscc(fmt.Sprintf("91130802MA%07d", i)) }

// unitSet makes units from..to-1 (ids in a scrambled order) named after
// tag; every seventh is closed.
func unitSet(from, to int, tag string) []Unit {
	var us []Unit
	n := to - from
	for i := range n {
		j := from + int((uint64(i)*2654435761)%uint64(n))
		u := Unit{ID: testUnitID(j), Name: fmt.Sprintf("%s%06d公司", tag, j), County: "130802", Category: "规上工业",
			DirectReporting: j%3 == 0, Key: j%11 == 0}
		if j%7 == 0 {
			u.Status = StatusClosed
		}
		us = append(us, u)
	}
	return us
}

func stagingLeft(t *testing.T, db *DB) bool {
	t.Helper()
	var left bool
	if err := db.bolt.View(func(tx *bolt.Tx) error { left = tx.Bucket(bStaging) != nil; return nil }); err != nil {
		t.Fatal(err)
	}
	return left
}

func tempFilesLeft(t *testing.T, db *DB) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(db.Path()), ".*.import-*.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBulkImportSpillMatchesInMemory runs the same imports on two
// databases, one in memory and in place (the defaults, the imports being
// small), the other spilling sorted runs and rebuilding the bucket in
// batches, and expects the same summaries and the same stored records.
func TestBulkImportSpillMatchesInMemory(t *testing.T) {
	ref, _ := openTest(t)
	big, _ := openTest(t)
	steps := []struct {
		name  string
		opt   ImportOptions
		units []Unit
	}{
		{"first", ImportOptions{}, unitSet(0, 1500, "甲")},
		{"merge", ImportOptions{}, append(unitSet(1000, 2500, "乙"), unitSet(0, 200, "甲")...)},
		{"dry replace", ImportOptions{Mode: Replace, DryRun: true}, unitSet(500, 3000, "丙")},
		{"replace", ImportOptions{Mode: Replace}, unitSet(500, 3000, "丙")},
		{"replace again", ImportOptions{Mode: Replace}, unitSet(0, 800, "丙")},
		{"merge back", ImportOptions{}, unitSet(2900, 3100, "丁")},
		{"unchanged", ImportOptions{}, unitSet(2900, 3100, "丁")},
	}
	spills := 0
	for _, s := range steps {
		want, err := ref.ImportUnits(s.opt, putAll(s.units...))
		if err != nil {
			t.Fatalf("%s: in memory: %v", s.name, err)
		}
		func() {
			tinyImports(t)
			failAt(t, func(phase string) error {
				if phase == "spill" {
					spills++
				}
				return nil
			})
			defer func() { importFail = nil }()
			got, err := big.ImportUnits(s.opt, putAll(s.units...))
			if err != nil {
				t.Fatalf("%s: spilled: %v", s.name, err)
			}
			if got != want {
				t.Errorf("%s: summary %+v, in memory %+v", s.name, got, want)
			}
		}()
		if a, b := unitsOf(t, ref), unitsOf(t, big); !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: stored units differ (%d in memory, %d spilled)", s.name, len(a), len(b))
		}
		if stagingLeft(t, big) || len(tempFilesLeft(t, big)) > 0 {
			t.Fatalf("%s: staging bucket or temporary file left", s.name)
		}
	}
	if spills < 100 {
		t.Fatalf("only %d runs spilled", spills)
	}

	// A duplicate id, even in different runs: an error naming it, and
	// nothing written.
	before := unitsOf(t, big)
	tinyImports(t)
	dupes := append(unitSet(0, 3000, "戊"), Unit{ID: testUnitID(17), Name: "重复"})
	_, err := big.ImportUnits(ImportOptions{Mode: Replace}, putAll(dupes...))
	if err == nil || !strings.Contains(err.Error(), testUnitID(17)) || !strings.Contains(err.Error(), "重复") || !strings.Contains(err.Error(), "未写入任何记录") {
		t.Fatalf("duplicate: err = %v", err)
	}
	if !reflect.DeepEqual(before, unitsOf(t, big)) || stagingLeft(t, big) {
		t.Fatal("duplicate import wrote")
	}
}

func TestBulkHistorySpillMatchesInMemory(t *testing.T) {
	ref, _ := openTest(t)
	big, _ := openTest(t)
	hist := func(from, to int) []Inspection {
		var out []Inspection
		for i := from; i < to; i++ {
			j := from + (i*7919)%(to-from)
			out = append(out, Inspection{Unit: testUnitID(j), Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, j%700).Format(dateLayout), Matter: "TJ-01"})
		}
		return out
	}
	for _, recs := range [][]Inspection{hist(0, 2000), append(hist(1500, 4000), hist(3000, 3100)...)} {
		want, err := ref.ImportHistory(ImportOptions{}, putAll(recs...))
		if err != nil {
			t.Fatal(err)
		}
		func() {
			tinyImports(t)
			got, err := big.ImportHistory(ImportOptions{}, putAll(recs...))
			if err != nil || got != want {
				t.Fatalf("spilled: %+v %v, in memory %+v", got, err, want)
			}
		}()
		var a, b []Inspection
		ref.EachInspection(func(in Inspection) error { a = append(a, in); return nil })
		big.EachInspection(func(in Inspection) error { b = append(b, in); return nil })
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("stored history differs: %d vs %d", len(a), len(b))
		}
	}
}

// TestBulkImportFailureAtEachPhase: a failure at any phase before the
// switch leaves the old library, and nothing behind.
func TestBulkImportFailureAtEachPhase(t *testing.T) {
	for _, phase := range []string{"spill", "staging", "batch", "merged", "switch"} {
		t.Run(phase, func(t *testing.T) {
			db, _ := openTest(t)
			if _, err := db.ImportUnits(ImportOptions{}, putAll(unitSet(0, 1000, "甲")...)); err != nil {
				t.Fatal(err)
			}
			before := unitsOf(t, db)
			tinyImports(t)
			boom := errors.New("模拟故障")
			calls := 0
			failAt(t, func(p string) error {
				if p == phase {
					if calls++; calls == 3 || p != "spill" && p != "batch" {
						return boom
					}
				}
				return nil
			})
			_, err := db.ImportUnits(ImportOptions{Mode: Replace}, putAll(unitSet(500, 1500, "乙")...))
			if !errors.Is(err, boom) || !strings.Contains(err.Error(), "未写入任何记录") {
				t.Fatalf("err = %v", err)
			}
			if !reflect.DeepEqual(before, unitsOf(t, db)) {
				t.Fatal("the failed import changed the library")
			}
			if stagingLeft(t, db) || len(tempFilesLeft(t, db)) > 0 {
				t.Fatal("staging bucket or temporary file left")
			}
			if p, err := db.Check(); err != nil || len(p) > 0 {
				t.Fatalf("Check: %q %v", p, err)
			}
		})
	}
}

// TestOpenRemovesLeftovers: what a killed import leaves (a staging
// bucket, a temporary file on systems that cannot unlink open files) is
// removed by the next Open.
func TestOpenRemovesLeftovers(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportUnits(ImportOptions{}, putAll(unitSet(0, 10, "甲")...)); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	writeRaw(t, path, func(tx *bolt.Tx) error {
		p, err := tx.CreateBucket(bStaging)
		if err != nil {
			return err
		}
		b, err := p.CreateBucket(bUnits)
		if err != nil {
			return err
		}
		return b.Put([]byte("X"), []byte("half"))
	})
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".import-123.tmp")
	other := filepath.Join(filepath.Dir(path), ".other.db.import-123.tmp")
	for _, f := range []string{tmp, other} {
		if err := os.WriteFile(f, []byte("runs"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if stagingLeft(t, db) {
		t.Error("staging bucket kept")
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Error("temporary file kept")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("another database's temporary file removed")
	}
	if len(unitsOf(t, db)) != 10 {
		t.Error("units lost")
	}
}

// TestBulkImportSeesConcurrentEdit: a unit edited by another write while
// an import is merging is neither lost nor silently overwritten: the
// switch notices the change and merges again.
func TestBulkImportSeesConcurrentEdit(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportUnits(ImportOptions{}, putAll(unitSet(0, 500, "甲")...)); err != nil {
		t.Fatal(err)
	}
	tinyImports(t)
	first := testUnitID(0)
	edited := 0
	failAt(t, func(p string) error {
		if p != "merged" || edited > 0 {
			return nil
		}
		edited++
		return db.bolt.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bUnits)
			u, err := decodeUnit(b.Get([]byte(first)))
			if err != nil {
				return err
			}
			u.Name = "改名"
			return b.Put([]byte(first), encodeUnit(u))
		})
	})
	sum, err := db.ImportUnits(ImportOptions{}, putAll(unitSet(400, 700, "乙")...))
	if err != nil || sum.Added != 200 || sum.Updated != 100 {
		t.Fatalf("%+v %v", sum, err)
	}
	if u, _, _ := db.Unit(first); u.Name != "改名" || edited != 1 {
		t.Fatalf("concurrent edit lost: %+v", u)
	}
}

// TestBulkImportRandomOrder200k: 200,000 units in random order (beyond
// the in-place limit, within the memory budget) import in seconds.
func TestBulkImportRandomOrder200k(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	db, _ := openTest(t)
	const n = 200_000
	rng := rand.New(rand.NewPCG(1, 2))
	perm := rng.Perm(n)
	start := time.Now()
	sum, err := db.ImportUnits(ImportOptions{}, func(put func(Unit) error) error {
		for _, j := range perm {
			if err := put(Unit{ID: testUnitID(j), Name: fmt.Sprintf("承德市测试%07d商贸有限公司", j), County: "130802", Category: "规上工业"}); err != nil {
				return err
			}
		}
		return nil
	})
	took := time.Since(start)
	if err != nil || sum.Added != n {
		t.Fatalf("%+v %v", sum, err)
	}
	t.Logf("%d units in random order: %v", n, took)
	if took > 2*time.Minute {
		t.Fatalf("took %v", took)
	}
	cnt := 0
	prev := ""
	if err := db.EachUnit(func(u Unit) error {
		if u.ID <= prev {
			return fmt.Errorf("order: %s after %s", u.ID, prev)
		}
		prev = u.ID
		cnt++
		return nil
	}); err != nil || cnt != n {
		t.Fatalf("%d units, %v", cnt, err)
	}
}

const killEnvDB = "SHUANGSUI_IMPORT_KILL_DB"

// killSet is the library after a Replace import of set 0 or 1.
func killSet(i int) []Unit {
	if i == 0 {
		return unitSet(0, 20000, "甲")
	}
	return unitSet(10000, 30000, "乙")
}

// TestImportKillHelper is the child of TestImportKill: it runs one
// Replace import of the set named by its argument, in tiny runs and
// batches, and prints "done" when it returned.
func TestImportKillHelper(t *testing.T) {
	path := os.Getenv(killEnvDB)
	if path == "" {
		t.Skip("only run as the child of TestImportKill")
	}
	set, _ := strconv.Atoi(os.Getenv(killEnvDB + "_SET"))
	importMemBudget, importBatchBytes, importInPlaceMax = 32<<10, 16<<10, 0
	db, err := Open(path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println("open")
	if _, err := db.ImportUnits(ImportOptions{Mode: Replace}, putAll(killSet(set)...)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	fmt.Println("done")
	os.Exit(0)
}

// libraryIs reports which set's Replace import the library shows: 0, 1,
// or -1 for neither (a half-written import).
func libraryIs(got map[string]Unit) int {
	for set := range 2 {
		want := map[string]string{}
		for _, u := range killSet(set) {
			want[u.ID] = u.Name
		}
		ok := true
		n := 0
		for id, u := range got {
			if !u.Removed {
				n++
				ok = ok && want[id] == u.Name
			} else {
				ok = ok && want[id] == ""
			}
		}
		if ok && n == len(want) {
			return set
		}
	}
	return -1
}

func TestImportKill(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL test needs Unix")
	}
	if testing.Short() {
		t.Skip("slow")
	}
	db, _ := openTest(t)
	if _, err := db.ImportUnits(ImportOptions{Mode: Replace}, putAll(killSet(0)...)); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))
	state, completed, killed := 0, 0, 0
	var took time.Duration
	deadline := time.Now().Add(20 * time.Second)
	for round := 0; round < 20 && time.Now().Before(deadline); round++ {
		target := 1 - state
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportKillHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), killEnvDB+"="+path, killEnvDB+"_SET="+strconv.Itoa(target))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 16)
		go func() {
			defer close(lines)
			s := bufio.NewScanner(out)
			for s.Scan() {
				lines <- s.Text()
			}
		}()
		if l := <-lines; l != "open" {
			cmd.Wait()
			t.Fatalf("round %d: child said %q: %s", round, l, stderr.String())
		}
		// Kill somewhere in the import, sometimes never (measuring how
		// long it takes).
		var done bool
		start := time.Now()
		if round%4 != 0 {
			time.Sleep(time.Duration(rng.Int64N(int64(took)*6/5 + 1)))
			cmd.Process.Signal(syscall.SIGKILL)
		}
		for l := range lines {
			if l == "done" {
				done = true
				if round%4 == 0 {
					took = time.Since(start)
				}
			}
		}
		cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++
		} else if !done {
			t.Fatalf("round %d: child failed: %s", round, stderr.String())
		}
		db, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		got := libraryIs(unitsOf(t, db))
		if got < 0 || done && got != target {
			t.Fatalf("round %d: library is %d (import of %d, done %v)", round, got, target, done)
		}
		if stagingLeft(t, db) || len(tempFilesLeft(t, db)) > 0 {
			t.Fatalf("round %d: leftovers after reopen", round)
		}
		if p, err := db.Check(); err != nil || len(p) > 0 {
			t.Fatalf("round %d: Check = %q, %v", round, p, err)
		}
		db.Close()
		if got == target {
			completed++
		}
		state = got
	}
	t.Logf("%d killed, %d imports took effect (one takes %v)", killed, completed, took)
	if killed == 0 {
		t.Fatal("no child was killed")
	}
}
