package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/iotest"
)

// commandNames is every registered command, sorted.
func commandNames() []string {
	var names []string
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Every command answers -h and --help on standard output with its usage
// line, its help line and the exit statuses, and exits 0; so do the
// subcommands of the commands that have them.
func TestEveryCommandAnswersHelp(t *testing.T) {
	var args [][]string
	for _, name := range commandNames() {
		args = append(args, []string{name})
	}
	args = append(args, []string{"results", "list"}, []string{"publication", "due"}, []string{"penalties", "list"}, []string{"transfer", "list"})
	for _, a := range args {
		for _, h := range []string{"-h", "--help"} {
			for _, lang := range []string{"zh", "en"} {
				cmd := commands[a[0]]
				code, out, errOut := run(t, "", append(append([]string{"--lang", lang}, a...), h)...)
				head := "shuangsui " + cmd.Name
				if cmd.Usage != "" {
					head += " " + cmd.Usage
				}
				wantUsage, wantHelp, wantExit := "用法: "+head+"\n", cmd.HelpZH, "退出状态: 0 完成; 1 出错"
				if lang == "en" {
					wantUsage, wantHelp, wantExit = "usage: "+head+"\n", cmd.HelpEN, "exit status: 0 done; 1 error"
				}
				if a[0] == "help" {
					wantUsage = "" // help -h is help itself
				}
				if code != 0 || errOut != "" || !strings.HasPrefix(out, wantUsage) || !strings.Contains(out, wantHelp) || !strings.Contains(out, wantExit) {
					t.Errorf("%v %s (--lang %s): exit %d, stderr %q, stdout:\n%s", a, h, lang, code, errOut, out)
				}
			}
		}
	}
}

// Exit statuses: 2 for a wrong flag, with the error and then the flags on
// standard error; 1 when a well-formed command fails; for every command.
func TestEveryCommandExitStatus(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "不是数据库.db")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a bbolt database; ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := func(name string) string { return filepath.Join(dir, "无此文件夹", name) }
	answers := filepath.Join("..", "..", "assets", "demo", "answers.json")
	record := filepath.Join(dir, "记录.json")
	if err := os.WriteFile(record, []byte(`{"format":"shuangsui-record/0"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"TMPDIR", "TMP", "TEMP"} { // demo makes its database there (os.TempDir)
		t.Setenv(v, bad("tmp"))
	}
	// failing holds, for every command, a well-formed call that fails.
	// help and version cannot fail: they only print.
	failing := map[string][]string{
		"app":         {"--db", notDB, "app"},
		"backup":      {"--db", notDB, "backup", filepath.Join(dir, "b.db")},
		"backups":     {"--db", notDB, "backups", "--check"},
		"check":       {"--db", notDB, "check"},
		"coverage":    {"--db", notDB, "coverage", "--year", "2026"},
		"demo":        {"demo", "--no-animation"},
		"dishonest":   {"--db", notDB, "dishonest", "--ceremony", "2026-01-01-001", "--unit", "U", "--from", "2026-01-01", "--by", "张明", "--reason", "r"},
		"draw":        {"--db", notDB, "draw", "--answers", answers, "--out", filepath.Join(dir, "r.json")},
		"export":      {"--db", notDB, "export", "units", "-o", filepath.Join(dir, "u.csv")},
		"import":      {"--db", notDB, "import", "counties", filepath.Join(dir, "c.csv")},
		"matters":     {"--db", notDB, "matters", "history"},
		"org":         {"--db", notDB, "org"},
		"penalties":   {"--db", notDB, "penalties", "list"},
		"publication": {"--db", notDB, "publication", "due"},
		"record":      {"--db", notDB, "record", "2026-01-01-001", "-o", filepath.Join(dir, "r.json")},
		"restore":     {"--db", notDB, "restore", bad("备份.db")},
		"rounds":      {"--db", notDB, "rounds", "list"},
		"results":     {"--db", notDB, "results", "list", "--ceremony", "2026-01-01-001"},
		"sheet":       {"--db", notDB, "sheet", "2026-01-01-001", "-o", filepath.Join(dir, "s.txt")},
		"substitute":  {"--db", notDB, "substitute", "--ceremony", "2026-01-01-001", "--unit", "U", "--county", "130821", "--reason", "r", "--operator", "张明"},
		"template":    {"template", "units", "-o", bad("t.xlsx")},
		"transfer":    {"--db", notDB, "transfer", "list"},
		"verify":      {"verify", record},
		// a name longer than a file system takes: the page cannot be written
		"verifier": {"verifier", "-o", filepath.Join(dir, strings.Repeat("核验", 50)+".html")},
	}
	for _, name := range commandNames() {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := run(t, "", name, "--no-such-flag")
			if code != 2 || out != "" || !strings.HasPrefix(errOut, "错误: ") {
				t.Errorf("%s --no-such-flag: exit %d, stdout %q, stderr %q", name, code, out, errOut)
			}
			if name == "help" || name == "version" || name == "sample" {
				return // sample: below, with its standard input
			}
			args, ok := failing[name]
			if !ok {
				t.Fatalf("no failing call for %s: add one", name)
			}
			if code, _, errOut := run(t, "", args...); code != 1 || !strings.HasPrefix(errOut, "错误: ") {
				t.Errorf("%v: exit %d, want 1; stderr %q", args, code, errOut)
			}
		})
	}
	// sample reads standard input: a failing read is an error (1), a
	// duplicate id is bad input (2).
	var out, errOut bytes.Buffer
	if code := Main([]string{"sample", "--seed", "1", "--take", "1"}, iotest.ErrReader(os.ErrClosed), &out, &errOut); code != 1 {
		t.Errorf("sample with a failing stdin: exit %d, stderr %q", code, errOut.String())
	}
	if code, _, _ := run(t, "a\na\n", "sample", "--seed", "1", "--take", "1"); code != 2 {
		t.Errorf("sample with a duplicate id: exit %d, want 2", code)
	}
}
