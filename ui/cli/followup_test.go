package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// results followup lists a problem result with its age until a transfer
// follows it; typos are named.
func TestResultsFollowup(t *testing.T) {
	db, id, c := cliFixture(t, 6, 3)
	unit := c.CurrentUnits(c.Result.Units[0].County)[0]
	if code, _, errs := runCLI(t, db, "results", "enter", "--ceremony", id, "--unit", unit, "--start", "2026-09-10", "--end", "2026-09-11",
		"--codes", "迟报统计资料", "--by", "刘录入"); code != 0 {
		t.Fatal(errs)
	}
	// Fri 2026-09-11 to Mon 09-21: 10 days, 7 working days (Sunday 09-20
	// is a make-up working day of the 2026 arrangement).
	code, out, _ := runCLI(t, db, "results", "followup", "--today", "2026-09-21")
	if code != 0 || !strings.Contains(out, unit) || !strings.Contains(out, "2026-09-11\t迟报统计资料\t10\t7") || !strings.Contains(out, "共 1 条") {
		t.Fatalf("followup: %d\n%s", code, out)
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "待处理.csv")
	if code, _, errs := runCLI(t, db, "results", "followup", "--today", "2026-09-21", "-o", csv); code != 0 {
		t.Fatal(errs)
	}
	if b, _ := os.ReadFile(csv); !strings.Contains(string(b), "仪式,县(市、区),单位代码,单位名称,检查结束,检查结果,已过天数,已过工作日") || !strings.Contains(string(b), unit) {
		t.Fatalf("export:\n%s", b)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"results", "followup", "--ceremony", "2026-09-01-009"}, 1, "未找到"},
		{[]string{"results", "followup", "--today", "2026-09-31"}, 2, "不是 YYYY-MM-DD"},
		{[]string{"results", "followup", "-o", filepath.Join(dir, "x.doc")}, 2, "扩展名应为 .xlsx 或 .csv"},
		{[]string{"results", "folowup"}, 2, "没有子命令"},
	} {
		code, _, errs := runCLI(t, db, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d %q, want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
	if code, _, errs := runCLI(t, db, "transfer", "add", "--ceremony", id, "--unit", unit, "--to", "承德市市场监管局", "--reason", "线索", "--date", "2026-09-20", "--by", "王"); code != 0 {
		t.Fatal(errs)
	}
	if code, out, _ := runCLI(t, db, "results", "followup", "--ceremony", id, "--today", "2026-09-21"); code != 0 || !strings.Contains(out, "没有发现问题却未处罚、未移送") {
		t.Fatalf("after the transfer: %d\n%s", code, out)
	}
}
