package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/store"
	"shuangsui/ui/lang"
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

func TestUnknownLanguageIsRefused(t *testing.T) {
	for _, args := range [][]string{{"--lang", "fr", "help"}, {"sample", "--lang", "fr", "--seed", "1", "--take", "1"}} {
		code, _, errOut := run(t, "", args...)
		if code != 2 || !strings.Contains(errOut, `不支持的界面语言 "fr"`) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	for _, l := range []string{"zh", "en", "zh_CN.UTF-8", "EN-us"} {
		if code, _, errOut := run(t, "", "--lang", l, "help"); code != 0 {
			t.Errorf("--lang %s: exit %d, stderr %q", l, code, errOut)
		}
	}
}

// A mistyped --db must not answer from a new empty library: every command
// but import needs the file to exist, and none creates it; a failed open
// of something that is not a database names the file once.
func TestMissingDatabaseIsNamedNotCreated(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.db")
	for _, args := range [][]string{
		{"coverage", "--year", "2026"},
		{"results", "list", "--ceremony", "x"},
		{"export", "units", "-o", filepath.Join(dir, "u.xlsx")},
		{"publication", "due"},
		{"import", "counties", "--dry-run", filepath.Join(dir, "c.csv")},
		{"check"},
	} {
		code, _, errOut := run(t, "", append([]string{"--db", missing}, args...)...)
		if code == 0 || !strings.Contains(errOut, "数据库文件不存在: "+missing) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("%v created %s", args, missing)
		}
	}
	notDB := filepath.Join(dir, "notdb.db")
	if err := os.WriteFile(notDB, []byte("not a database, just text that is long enough to be read as a page header"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "", "--db", notDB, "coverage", "--year", "2026")
	if code == 0 || strings.Count(errOut, notDB) != 1 {
		t.Fatalf("not a database: exit %d, stderr %q", code, errOut)
	}
}

// README.md lists every command with the same help lines as `help`, in
// both languages, so that the two cannot drift apart.
func TestREADMEListsEveryCommand(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, l := range []lang.Lang{lang.ZH, lang.EN} {
		if !strings.Contains(readme, "\n"+exitStatusLine(l)+"\n") {
			t.Errorf("README.md lacks the exit statuses as help prints them:\n%s", exitStatusLine(l))
		}
	}
	for name, c := range commands {
		head := "  " + name
		if c.Usage != "" {
			head += " " + c.Usage
		}
		for _, want := range []string{head + "\n      " + c.HelpZH + "\n", head + "\n      " + c.HelpEN + "\n"} {
			if !strings.Contains(readme, want) {
				t.Errorf("README.md lacks, as help prints it:\n%s", want)
			}
		}
	}
}

// TestDemoHelpTellsTheTruth: demo -h offers neither --db nor --resume (it
// makes a fresh temporary database) and says records go to its temporary
// folder; --db before demo is refused rather than ignored.
func TestDemoHelpTellsTheTruth(t *testing.T) {
	code, stdout, _ := run(t, "", "demo", "-h")
	if code != 0 || strings.Contains(stdout, "-db") || strings.Contains(stdout, "-resume") || strings.Contains(stdout, "默认当前目录") ||
		!strings.Contains(stdout, "临时文件夹") {
		t.Errorf("demo -h (exit %d):\n%s", code, stdout)
	}
	if code, _, stderr := run(t, "", "--db", filepath.Join(t.TempDir(), "x.db"), "demo"); code != 2 || !strings.Contains(stderr, "不使用 --db") {
		t.Errorf("--db demo: exit %d\n%s", code, stderr)
	}
}
