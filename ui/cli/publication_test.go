package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// publication mark, transfer add and dishonest name a wrong ceremony
// before looking for the result; publication mark needs --by.
func TestPublicationAndTransferNameTheCeremony(t *testing.T) {
	db, id, c := cliFixture(t, 6, 3)
	units := c.CurrentUnits(c.Result.Units[0].County)
	if code, _, errs := runCLI(t, db, "results", "enter", "--ceremony", id, "--unit", units[0], "--start", "2026-09-10", "--end", "2026-09-10",
		"--codes", "未发现问题", "--by", "刘录入"); code != 0 {
		t.Fatal(errs)
	}
	for _, args := range [][]string{
		{"publication", "mark", "--ceremony", "nope", "--unit", units[0], "--date", "2026-09-20", "--by", "王"},
		{"transfer", "add", "--ceremony", "nope", "--unit", units[0], "--to", "市市场监管局", "--reason", "线索", "--date", "2026-09-20", "--by", "王"},
		{"dishonest", "--ceremony", "nope", "--unit", units[0], "--from", "2026-09-20", "--by", "王", "--reason", "拒报"},
	} {
		code, _, errs := runCLI(t, db, args...)
		if code != 1 || !strings.Contains(errs, "仪式 nope: 未找到") || strings.Contains(errs, "没有检查结果") {
			t.Errorf("%v: %d %q", args[:2], code, errs)
		}
	}
	code, _, errs := runCLI(t, db, "publication", "mark", "--ceremony", id, "--unit", units[0], "--date", "2026-09-20")
	if code != 2 || !strings.Contains(errs, "--by") {
		t.Fatalf("mark without --by: %d %q", code, errs)
	}
	code, _, errs = runCLI(t, db, "transfer", "add", "--ceremony", id, "--unit", units[0], "--to", "市市场监管局", "--reason", "线索", "--date", "2026-09-20", "--by", "王")
	if code != 1 || !strings.Contains(errs, "未发现问题,不能据此移送") {
		t.Fatalf("transfer of a unit without a problem: %d %q", code, errs)
	}
	if code, out, errs := runCLI(t, db, "publication", "mark", "--ceremony", id, "--unit", units[0], "--date", "2026-09-20", "--by", "王"); code != 0 || !strings.Contains(out, "已登记") {
		t.Fatalf("mark: %d %q %q", code, out, errs)
	}
}

// publication holidays --set stores the absolute path, so publication due
// works from another folder; a file gone missing names the way out, and
// --clear forgets it.
func TestPublicationHolidaysSetAndClear(t *testing.T) {
	db, _, _ := cliFixture(t, 6, 3)
	dir := t.TempDir()
	hol := filepath.Join(dir, "hol3.txt")
	if err := os.WriteFile(hol, []byte("2028 完整 测试通知\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, out, errs := runCLI(t, db, "publication", "holidays", "--set", "hol3.txt")
	if code != 0 || !strings.Contains(out, "节假日调整文件: "+hol) || !strings.Contains(out, "2028 年: 已由调整文件覆盖") {
		t.Fatalf("set: %d %q %q", code, out, errs)
	}
	t.Chdir(t.TempDir())
	if code, _, errs := runCLI(t, db, "publication", "due", "--today", "2026-11-04"); code != 0 {
		t.Fatalf("due from another folder: %q", errs)
	}
	if err := os.Remove(hol); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, db, "publication", "due", "--today", "2026-11-04")
	if code != 1 || !strings.Contains(errs, "publication holidays --set") || !strings.Contains(errs, "--clear") {
		t.Fatalf("due with the file gone: %d %q", code, errs)
	}
	code, out, errs = runCLI(t, db, "publication", "holidays", "--clear")
	if code != 0 || !strings.Contains(out, "节假日调整文件: (未设置)") {
		t.Fatalf("clear: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCLI(t, db, "publication", "due", "--today", "2026-11-04"); code != 0 {
		t.Fatalf("due after clearing: %q", errs)
	}
	if code, _, _ := runCLI(t, db, "publication", "holidays", "--set", "x.txt", "--clear"); code != 2 {
		t.Fatal("--set with --clear accepted")
	}
}
