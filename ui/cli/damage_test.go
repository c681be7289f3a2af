package cli

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// damagedReads are the commands run on a damaged copy of the database: the
// integrity check and the commands that read each kind of record.
func damagedReads(id, dir string) [][]string {
	return [][]string{
		{"check"},
		{"export", "units", "-o", filepath.Join(dir, "units.csv")},
		{"export", "inspectors", "-o", filepath.Join(dir, "inspectors.csv")},
		{"export", "history", "-o", filepath.Join(dir, "history.csv")},
		{"results", "list", "--ceremony", id, "--today", "2026-10-28"},
		{"record", id, "-o", filepath.Join(dir, "r.json")},
	}
}

// outputs runs damagedReads on path and returns, for each, what it
// printed or wrote ("" when it reported damage) and whether it reported
// damage: failed, or printed a warning.
func outputs(t *testing.T, path, id string) ([]string, []bool) {
	t.Helper()
	dir := t.TempDir()
	var outs []string
	var failed []bool
	for _, args := range damagedReads(id, dir) {
		code, out, errs := runCLI(t, path, args...)
		if code != 0 && (strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine ")) {
			t.Fatalf("%v on a damaged file printed a Go panic:\n%s", args, errs)
		}
		text := strings.ReplaceAll(strings.ReplaceAll(out, dir, "DIR"), path, "DB")
		if i := len(args) - 1; i > 0 && args[i-1] == "-o" {
			b, _ := os.ReadFile(args[i])
			text += string(b)
			os.Remove(args[i])
		}
		// Failing, or warning on stderr, is reporting the damage.
		reported := code != 0 || strings.Contains(errs, "警告: ")
		if reported {
			text = ""
		}
		outs, failed = append(outs, text), append(failed, reported)
	}
	return outs, failed
}

// TestDamagedFileNeverCrashes flips one bit at a time at random offsets of a
// database with a sealed draw, a result and a publication, and runs the
// check and the reading commands on each copy. A fault or a panic would end
// the test binary; every damaged copy must be opened and read, or refused
// with an error that says the file is damaged.
func TestDamagedFileNeverCrashes(t *testing.T) {
	path, id, c := cliFixture(t, 4, 3)
	unit := c.CurrentUnits(c.Result.Units[0].County)[0]
	if code, _, errs := runCLI(t, path, "results", "enter", "--ceremony", id, "--unit", unit, "--start", "2026-09-28", "--end", "2026-09-30", "--codes", "未发现问题", "--by", "刘录入"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := runCLI(t, path, "publication", "mark", "--ceremony", id, "--unit", unit, "--date", "2026-10-30", "--by", "王"); code != 0 {
		t.Fatal(errs)
	}
	clean, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	baseline, failed := outputs(t, path, id)
	if slices.Contains(failed, true) {
		t.Fatal("the undamaged database fails a read")
	}
	flips := 300
	if testing.Short() {
		flips = 60
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	reads := damagedReads(id, "")
	var refused, same int
	for i := 0; i < flips; i++ {
		b := bytes.Clone(clean)
		off := rng.IntN(len(b))
		b[off] ^= 1 << rng.IntN(8)
		if err := os.WriteFile(damaged, b, 0o600); err != nil {
			t.Fatal(err)
		}
		outs, failed := outputs(t, damaged, id)
		if failed[0] {
			refused++ // check reported the damage
		} else if slices.Equal(outs, baseline) {
			same++
		}
		// A command that succeeds shows exactly what it showed before:
		// anything else is a silent change, whether check saw it or not.
		for j, out := range outs {
			if !failed[j] && out != baseline[j] {
				t.Errorf("flip of byte %d: %v succeeds and shows something else (check failed: %v)", off, reads[j][:min(2, len(reads[j]))], failed[0])
			}
		}
		if !failed[0] && !slices.Equal(outs, baseline) {
			t.Errorf("flip of byte %d changed what a command shows and check says nothing", off)
		}
	}
	t.Logf("%d one-bit flips: check reported %d, %d changed nothing any command shows", flips, refused, same)
}

// TestFilesThatAreNotDatabases: a truncated file, a file of zeros, an empty
// file and another program's file are refused with the damage message,
// never a panic, and check says the same.
func TestFilesThatAreNotDatabases(t *testing.T) {
	path, id, _ := cliFixture(t, 4, 3)
	clean, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"truncated":  clean[:len(clean)/2],
		"zeros":      make([]byte, len(clean)),
		"empty":      {},
		"a zip file": append([]byte("PK\x03\x04"), bytes.Repeat([]byte("x"), 9000)...),
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name+".db")
			if err := os.WriteFile(p, content, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"check"}, {"results", "list", "--ceremony", id}} {
				code, _, errs := runCLI(t, p, args...)
				if code != 1 || !strings.Contains(errs, "数据库文件已损坏") || !strings.Contains(errs, "restore") {
					t.Errorf("%v: exit %d, %q", args, code, errs)
				}
			}
			if got, _ := os.ReadFile(p); !bytes.Equal(got, content) {
				t.Error("the damaged file was changed by reading it")
			}
		})
	}
}
