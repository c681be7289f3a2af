package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/sampling"
)

// A round's period refuses a draw outside it before any ceremony exists;
// without a period the draw goes ahead with a warning; a result ending
// after the period is warned about.
func TestRoundPeriodRefusesDraw(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	answers := filepath.Join("..", "..", "assets", "demo", "answers.json") // 2026年第二轮, drawn 2026-11-25
	if code, _, errs := runCLI(t, db, "rounds", "set", "2026年第二轮", "--from", "2026-12-01", "--to", "2026-12-31"); code != 0 {
		t.Fatal(errs)
	}
	code, _, errs := runCLI(t, db, "draw", "--answers", answers, "--out", filepath.Join(dir, "r.json"))
	if code != 1 || !strings.Contains(errs, "抽取日期 2026-11-25 不在轮次“2026年第二轮”的抽查期间 2026-12-01 至 2026-12-31 内") {
		t.Fatalf("draw outside the period: %d %q", code, errs)
	}
	if cs := ceremonies(t, db); len(cs) != 0 {
		t.Fatalf("a refused draw left ceremonies %+v", cs)
	}
	if code, _, errs := runCLI(t, db, "rounds", "remove", "2026年第二轮"); code != 0 {
		t.Fatal(errs)
	}
	rec := filepath.Join(dir, "r.json")
	code, _, errs = runCLI(t, db, "draw", "--answers", answers, "--out", rec)
	if code != 0 || !strings.Contains(errs, "没有设定抽查期间") {
		t.Fatalf("draw without a period: %d %q", code, errs)
	}
	if _, err := os.Stat(rec); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, db, "rounds", "set", "2026年第二轮", "--from", "2026-07-01", "--to", "2026-11-26"); code != 0 {
		t.Fatal(errs)
	}
	id := ceremonies(t, db)[0].ID
	code, out, _ := runCLI(t, db, "record", id, "-o", filepath.Join(dir, "r2.json"))
	if code != 0 {
		t.Fatal(out)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "r2.json"))
	var r sampling.Record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	unit := r.Result.Units[0].Picks[0].ID
	for _, tc := range []struct{ end, warn string }{
		{"2026-11-26", ""},
		{"2026-11-27", "注意: 检查结束日期 2026-11-27 晚于轮次“2026年第二轮”的抽查期间 2026-07-01 至 2026-11-26"},
	} {
		code, _, errs := runCLI(t, db, "results", "enter", "--ceremony", id, "--unit", unit, "--start", "2026-11-26", "--end", tc.end,
			"--codes", "未发现问题", "--by", "刘明", "--reason", "改结束日期")
		if code != 0 || strings.TrimSpace(errs) != tc.warn {
			t.Errorf("result ending %s: %d %q, want warning %q", tc.end, code, errs, tc.warn)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"rounds", "set", "2026年第一轮", "--from", "2026-3-1", "--to", "2026-06-30"}, 1, "不是 YYYY-MM-DD"},
		{[]string{"rounds", "set", "2026年", "第一轮", "--from", "2026-03-01", "--to", "2026-06-30"}, 2, "请加引号"},
		{[]string{"rounds", "set", "2026年第一轮", "--from", "2026-03-01"}, 2, "需要 --from 与 --to"},
		{[]string{"rounds", "remove", "2026年第三轮"}, 1, "未找到"},
		{[]string{"rounds", "lsit"}, 2, "没有子命令"},
	} {
		code, _, errs := runCLI(t, db, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d %q, want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
	if code, out, _ := runCLI(t, db, "rounds", "list"); code != 0 || !strings.Contains(out, "2026年第二轮\t2026-07-01\t2026-11-26") {
		t.Errorf("list: %d %q", code, out)
	}
}
