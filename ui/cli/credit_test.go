package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/store/excel"
)

// A penalty carries its legal representative and principal into the 双公示
// export; penalties due lists it by its 7-working-day deadline until
// penalties publish records the date; dishonest list prints and exports
// the units marked, with the representative of their penalty.
func TestPenaltyPublicationAndDishonestList(t *testing.T) {
	db, id, c := cliFixture(t, 6, 3)
	unit := c.CurrentUnits(c.Result.Units[0].County)[0]
	if code, _, errs := runCLI(t, db, "results", "enter", "--ceremony", id, "--unit", unit, "--start", "2026-09-10", "--end", "2026-09-10",
		"--codes", "迟报统计资料", "--by", "刘录入"); code != 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	pen := map[string]string{"ceremony": id, "unit": unit, "name": "示例单位", "uscc": excel.SyntheticUSCC("130801", 1), "legal_rep": "张法人", "principal": "李负责",
		"decision_no": "承统罚决字〔2026〕第1号", "violation_type": "迟报统计资料", "facts": "迟报", "basis": "《统计法》第四十一条",
		"category": "警告", "content": "警告", "fine_wan": "", "decision_date": "2026-09-18", "public_until": "2027-03-18",
		"authority": "承德市统计局", "authority_uscc": excel.SyntheticUSCC("130800", 7), "source": "承德市统计局", "entered_by": "刘录入"}
	b, _ := json.Marshal(pen)
	penFile := filepath.Join(dir, "处罚.json")
	if err := os.WriteFile(penFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, db, "penalties", "add", "--json", penFile); code != 0 {
		t.Fatal(errs)
	}
	// Friday 2026-09-18 + 7 working days = Tuesday 2026-09-29.
	code, out, _ := runCLI(t, db, "penalties", "due", "--today", "2026-09-25")
	if code != 0 || !strings.Contains(out, "即将到期\t承统罚决字〔2026〕第1号\t示例单位\t2026-09-18\t2026-09-29\t2\t") {
		t.Fatalf("due: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, db, "penalties", "due", "--today", "2026-09-30")
	if code != 0 || !strings.Contains(out, "已逾期\t承统罚决字〔2026〕第1号") || !strings.Contains(out, "逾期 1") {
		t.Fatalf("overdue: %d\n%s", code, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"penalties", "publish", "--decision", "承统罚决字〔2026〕第2号", "--date", "2026-09-28", "--by", "王"}, 1, "没有决定书文号"},
		{[]string{"penalties", "publish", "--decision", "承统罚决字〔2026〕第1号", "--date", "2026-09-17", "--by", "王"}, 1, "早于处罚决定日期"},
		{[]string{"penalties", "publish", "--decision", "承统罚决字〔2026〕第1号", "--date", "2026-09-28"}, 2, "--by"},
		{[]string{"penalties", "due", "--today", "2026-9-28"}, 2, "不是 YYYY-MM-DD"},
		{[]string{"dishonest", "list", "--all", "--as-of", "2026-10-01"}, 2, "只能用一个"},
		{[]string{"dishonest", "list", "-o", filepath.Join(dir, "名单.pdf")}, 2, "扩展名应为 .xlsx 或 .csv"},
	} {
		code, _, errs := runCLI(t, db, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d %q, want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
	if code, _, errs := runCLI(t, db, "penalties", "publish", "--decision", "承统罚决字〔2026〕第1号", "--date", "2026-09-28", "--by", "王公示"); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ = runCLI(t, db, "penalties", "due", "--today", "2026-09-30")
	if code != 0 || strings.Contains(out, "承统罚决字") {
		t.Fatalf("published penalty still due: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, db, "penalties", "due", "--all", "--today", "2026-09-30")
	if code != 0 || !strings.Contains(out, "已公示\t承统罚决字〔2026〕第1号") || !strings.HasSuffix(strings.TrimSpace(out), "2026-09-28") {
		t.Fatalf("due --all: %d\n%s", code, out)
	}
	export := filepath.Join(dir, "双公示.csv")
	if code, _, errs := runCLI(t, db, "penalties", "export", "-o", export); code != 0 {
		t.Fatal(errs)
	}
	if b, _ := os.ReadFile(export); !strings.Contains(string(b), "相对人名称,统一社会信用代码,法定代表人,主要负责人,决定书文号") ||
		!strings.Contains(string(b), "示例单位,"+excel.SyntheticUSCC("130801", 1)+",张法人,李负责,承统罚决字〔2026〕第1号") {
		t.Fatalf("双公示 export:\n%s", b)
	}
	code, out, _ = runCLI(t, db, "dishonest", "list", "--as-of", "2026-10-01")
	if code != 0 || !strings.Contains(out, "没有严重失信单位") {
		t.Fatalf("list before any mark: %d %q", code, out)
	}
	if code, _, errs := runCLI(t, db, "dishonest", "--ceremony", id, "--unit", unit, "--from", "2026-09-20", "--to", "2026-12-31", "--by", "法规科", "--reason", "迟报且拒不改正"); code != 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		asOf string
		in   bool
	}{{"2026-09-19", false}, {"2026-09-20", true}, {"2026-12-31", true}, {"2027-01-01", false}} {
		code, out, _ := runCLI(t, db, "dishonest", "list", "--as-of", tc.asOf)
		if code != 0 || strings.Contains(out, unit+"\t张法人\t李负责") != tc.in {
			t.Errorf("list as of %s: %d, want listed %v:\n%s", tc.asOf, code, tc.in, out)
		}
	}
	xlsx := filepath.Join(dir, "严重失信名单.xlsx")
	if code, out, errs := runCLI(t, db, "dishonest", "list", "--all", "-o", xlsx); code != 0 || !strings.Contains(out, "已导出 1 个严重失信单位") {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	if fi, err := os.Stat(xlsx); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", fi, err)
	}
}
