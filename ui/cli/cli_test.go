package cli

import (
	"bytes"
	"path/filepath"
	"shuangsui/store"
	"strings"
	"testing"
)

// run calls Main with the given stdin and returns exit status, stdout, stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestHelpListsEveryCommandInBothLanguages(t *testing.T) {
	code, zh, _ := run(t, "", "help")
	if code != 0 || !strings.Contains(zh, "命令:") {
		t.Fatalf("help: %d\n%s", code, zh)
	}
	_, en, _ := run(t, "", "--lang", "en", "help")
	if !strings.Contains(en, "commands:") || strings.Contains(en, "命令:") {
		t.Fatalf("English help:\n%s", en)
	}
	for name, c := range commands {
		if !strings.Contains(zh, "  "+name) || !strings.Contains(zh, c.HelpZH) || !strings.Contains(en, c.HelpEN) {
			t.Errorf("help does not list %s in both languages", name)
		}
		if c.HelpZH == "" || c.HelpEN == "" {
			t.Errorf("%s lacks a help line", name)
		}
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	code, _, errOut := run(t, "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, "未知命令: frobnicate") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, "", "--lang", "en", "frobnicate")
	if code != 2 || !strings.Contains(errOut, "unknown command: frobnicate") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestBadGlobalFlag(t *testing.T) {
	if code, _, _ := run(t, "", "--no-such-flag"); code != 2 {
		t.Fatalf("exit %d", code)
	}
}

func TestLockedDatabaseIsNamedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	code, _, errOut := run(t, "", "--db", path, "record", "x", "-o", filepath.Join(t.TempDir(), "r.json"))
	if code == 0 || !strings.Contains(errOut, "数据库正被另一个窗口使用") || strings.Count(errOut, path) != 1 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}
