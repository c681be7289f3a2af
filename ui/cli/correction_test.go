package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A result published and then corrected, end to end as a user would: the
// correction is refused without --reason, naming the entry; with one it is
// chained after the publication; results list shows 已更正, results
// history every entry oldest first, the 公示表 marks the row 更正 and
// names the current head; the exported record carries the entries and
// both verifiers pass it and print the current head.
func TestCorrectionAfterPublicationEndToEnd(t *testing.T) {
	db, id, c := cliFixture(t, 6, 3)
	unit := c.CurrentUnits(c.Result.Units[0].County)[0]
	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := runCLI(t, db, args...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out, errs)
		}
		return out + errs
	}
	enter := func(codes string, extra ...string) []string {
		return append([]string{"results", "enter", "--ceremony", id, "--unit", unit, "--start", "2026-09-10", "--end", "2026-09-11", "--codes", codes, "--by", "刘明"}, extra...)
	}
	run(0, enter("未发现问题")...)
	run(0, "publication", "mark", "--ceremony", id, "--unit", unit, "--date", "2026-09-30", "--by", "王芳")
	msg := run(1, enter("提供不真实统计资料")...)
	if !strings.Contains(msg, "单位 "+unit+" 已有检查结果") || !strings.Contains(msg, "已于 2026-09-30 公示") || !strings.Contains(msg, "--reason") {
		t.Fatalf("correction without a reason: %s", msg)
	}
	msg = run(1, "publication", "mark", "--ceremony", id, "--unit", unit, "--date", "2026-10-08", "--by", "王芳")
	if !strings.Contains(msg, "须写明理由") {
		t.Fatalf("publication changed without a reason: %s", msg)
	}
	run(0, enter("提供不真实统计资料", "--reason", "复核原始记录发现数据不实")...)
	list := run(0, "results", "list", "--ceremony", id)
	if !strings.Contains(list, "提供不真实统计资料") || !strings.Contains(list, "已公示 2026-09-30 已更正 ") {
		t.Fatalf("results list:\n%s", list)
	}
	hist := run(0, "results", "history", "--ceremony", id, "--unit", unit)
	lines := strings.Split(strings.TrimSpace(hist), "\n")
	if len(lines) != 6 || !strings.Contains(lines[3], "未发现问题") || !strings.Contains(lines[4], "公示日期 2026-09-30") ||
		!strings.Contains(lines[5], "(更正第 ") || !strings.Contains(lines[5], "复核原始记录发现数据不实") || !strings.Contains(lines[5], "刘明") {
		t.Fatalf("results history:\n%s", hist)
	}
	dir := t.TempDir()
	table := filepath.Join(dir, "公示表.xlsx")
	run(0, "export", "publication", "--round", "2026年第二轮", "-o", table)
	rec := filepath.Join(dir, "R.json")
	run(0, "record", id, "-o", rec)
	out := run(0, "verify", rec)
	head := ""
	for _, l := range strings.Split(out, "\n") {
		if h, ok := strings.CutPrefix(l, "当前校验码: "); ok {
			head = h
		}
	}
	if len(head) != 64 || !strings.Contains(out, "封存后登记: 3 (检查结果 2, 公示 1)") || !strings.Contains(hist, "当前校验码 "+head) {
		t.Fatalf("verify:\n%s", out)
	}
	x, err := excelize.OpenFile(table)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(x.GetSheetList()[0])
	var all []string
	for _, r := range rows {
		all = append(all, strings.Join(r, "|"))
	}
	text := strings.Join(all, "\n")
	if !strings.Contains(text, "2026-09-30(更正 ") || !strings.Contains(text, "当前校验码 "+head) {
		t.Fatalf("公示表:\n%s", text)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed: the independent verifier is not run")
	}
	pyOut, err := exec.Command(py, filepath.Join("..", "..", "assets", "verify.py"), "record", rec).CombinedOutput()
	if err != nil || !strings.Contains(string(pyOut), "当前校验码 current head: "+head) {
		t.Fatalf("verify.py: %v\n%s", err, pyOut)
	}
	if _, err := os.Stat(rec); err != nil {
		t.Fatal(err)
	}
}
