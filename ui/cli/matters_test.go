package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// matters history lists each version with what it changed; -o exports the
// same rows; a clerk's typos are usage errors (2) or name what is missing (1).
func TestMattersHistory(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	edited := filepath.Join(dir, "事项.csv")
	if code, _, errs := runCLI(t, db, "export", "matters", "-o", edited); code != 0 {
		t.Fatal(errs)
	}
	b, err := os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 3)
	lines[1] = strings.Replace(lines[1], "每年2次", "每年3次", 1)
	if err := os.WriteFile(edited, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, db, "import", "matters", edited); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := runCLI(t, db, "matters", "history", "SJ-001")
	if code != 0 || !strings.Contains(out, "\t1\t") || !strings.Contains(out, "\t2\t") || !strings.Contains(out, "调整\t抽查频次: 每年2次 → 每年3次") {
		t.Fatalf("history SJ-001: %d %q\n%s", code, errs, out)
	}
	csvOut := filepath.Join(dir, "调整.csv")
	if code, out, errs := runCLI(t, db, "matters", "history", "-o", csvOut); code != 0 || !strings.Contains(out, "已导出 6 条事项调整") {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	b, err = os.ReadFile(csvOut)
	if err != nil || !strings.HasPrefix(string(b), "\uFEFF事项编码,事项名称,版本,生效日期,登记日期,调整类型,调整内容") || !strings.Contains(string(b), "抽查频次: 每年2次 → 每年3次") {
		t.Fatalf("exported changes: %v\n%s", err, b)
	}
	if fi, err := os.Stat(csvOut); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export mode: %v %v", fi.Mode(), err)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"matters", "histroy"}, 2, "没有子命令"},
		{[]string{"matters", "history", "SJ-01"}, 1, "抽查事项 SJ-01: 未找到"},
		{[]string{"matters", "history", "SJ-001", "SJ-002"}, 2, "只能给一个事项编码"},
		{[]string{"matters", "history", "--since", "2026-12-1"}, 2, "不是 YYYY-MM-DD"},
		{[]string{"matters", "history", "-o", filepath.Join(dir, "调整.txt")}, 2, "扩展名应为 .xlsx 或 .csv"},
	} {
		code, _, errs := runCLI(t, db, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d %q, want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
}
