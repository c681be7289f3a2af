package cli

import (
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
