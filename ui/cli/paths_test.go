package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"shuangsui/assets/version"
	"shuangsui/sampling"
)

// A county laptop keeps its files in folders with Chinese names (桌面\
// 双随机\2026年第二轮): the database, the imported workbooks, the record,
// the witness sheets, exports and backups all live under such a path, and
// every file name is Chinese too.
func TestChinesePathsEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "中文", "承德 统计局")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	in := func(name string) string { return filepath.Join(dir, name) }
	db := in("数据库.db")
	mustRun := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(t, "", append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
		return out
	}
	for _, k := range []struct{ kind, file string }{
		{"counties", "县区.xlsx"}, {"matters", "抽查事项.xlsx"}, {"units", "检查对象.xlsx"},
		{"inspectors", "执法人员.xlsx"}, {"history", "检查历史.xlsx"},
	} {
		b, err := os.ReadFile(filepath.Join("..", "..", "assets", "demo", k.kind+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(in(k.file), b, 0o600); err != nil {
			t.Fatal(err)
		}
		mustRun("import", k.kind, in(k.file))
	}
	answers, err := os.ReadFile(filepath.Join("..", "..", "assets", "demo", "answers.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in("应答.json"), answers, 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRun("draw", "--answers", in("应答.json"), "--out", in("记录.json"))
	m := regexp.MustCompile(`仪式: (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("draw did not name the ceremony:\n%s", out)
	}
	id := m[1]
	if out := mustRun("verify", in("记录.json")); !strings.Contains(out, "导出记录的程序: "+version.String()) {
		t.Errorf("verify does not name the program that exported the record:\n%s", out)
	}
	raw, err := os.ReadFile(in("记录.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec sampling.Record
	if err := json.Unmarshal(raw, &rec); err != nil || rec.Program != version.String() {
		t.Errorf("record names the program %q, want %q (%v)", rec.Program, version.String(), err)
	}
	mustRun("sheet", id, "-o", in("见证记录.xlsx"))
	mustRun("sheet", in("记录.json"), "-o", in("见证记录.txt"))
	mustRun("export", "units", "-o", in("检查对象导出.csv"))
	mustRun("import", "units", "--dry-run", in("检查对象导出.csv"))
	mustRun("backup", in("备份.db"))
	mustRun("--db", in("备份.db"), "check")
	for _, name := range []string{"见证记录.xlsx", "见证记录.txt", "检查对象导出.csv", "备份.db"} {
		fi, err := os.Stat(in(name))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	// CSV exports end their lines with CRLF (and start with a BOM), as
	// Excel and WPS on Windows expect, on every system.
	csv, _ := os.ReadFile(in("检查对象导出.csv"))
	if !bytes.HasPrefix(csv, []byte("\uFEFF")) || bytes.Count(csv, []byte("\n")) != bytes.Count(csv, []byte("\r\n")) || !strings.Contains(string(csv), "\r\n") {
		t.Errorf("the CSV export does not use a BOM and CRLF line ends: %q", csv[:min(len(csv), 120)])
	}
}
