package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/report/fixture"
)

// cliFixture seals a ceremony and closes the store so that commands can
// open it; it returns the path, the ceremony id and the ceremony.
func cliFixture(t *testing.T, counties, k int) (string, string, *sampling.Ceremony) {
	t.Helper()
	f := fixture.New(t, "2026-09-01", counties, k)
	path, id, c := f.DB.Path(), f.S.ID(), f.S.Ceremony()
	if err := f.DB.Close(); err != nil {
		t.Fatal(err)
	}
	return path, id, c
}

func runCLI(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"--db", db}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestSubstituteFollowsTicketOrder(t *testing.T) {
	db, id, c := cliFixture(t, 6, 3)
	ud := c.Result.Units[0]
	county := ud.County
	var alternates []sampling.Pick
	for _, p := range ud.Picks {
		if p.Alternate {
			alternates = append(alternates, p)
		}
	}
	drawn := c.CurrentUnits(county)
	for i := 0; i < 2; i++ {
		code, out, errs := runCLI(t, db, "substitute", "--ceremony", id, "--unit", drawn[i], "--county", county, "--reason", "已注销", "--operator", "张操作")
		if code != 0 {
			t.Fatalf("substitution %d: %s", i+1, errs)
		}
		want := "由 " + alternates[i].ID
		if !strings.Contains(out, want) || !strings.Contains(out, "抽签号 "+alternates[i].Ticket) || !strings.Contains(out, drawn[i]) {
			t.Fatalf("substitution %d printed %q, want %q and its ticket", i+1, out, want)
		}
	}
	// The county has few units: keep substituting until none is left.
	eligible := 0
	for _, u := range c.Frame.Units {
		if u.County == county {
			eligible++
		}
	}
	left := eligible - len(drawn) - 2
	for i := 0; i < left; i++ {
		if code, _, errs := runCLI(t, db, "substitute", "--ceremony", id, "--unit", drawn[2], "--county", county, "--reason", "无法联系", "--operator", "张操作"); code != 0 {
			t.Fatalf("substitution %d: %s", i+3, errs)
		}
		s, _ := store.Open(db, store.Options{})
		cer, err := s.SealedCeremony(id)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		drawn = cer.CurrentUnits(county)
	}
	code, _, errs := runCLI(t, db, "substitute", "--ceremony", id, "--unit", drawn[2], "--county", county, "--reason", "无法联系", "--operator", "张操作")
	if code != 1 || !strings.Contains(errs, "没有可替换的单位") || !strings.Contains(errs, "不能替换") {
		t.Fatalf("no candidate left: %d %q", code, errs)
	}
	// An inspector substitution names the replacement too.
	team := c.CurrentTeam(county)
	code, out, errs := runCLI(t, db, "substitute", "--ceremony", id, "--inspector", team[1], "--county", county, "--reason", "回避", "--operator", "张操作")
	if code != 0 || !strings.Contains(out, "执法人员 "+team[1]) {
		t.Fatalf("inspector: %d %q %q", code, out, errs)
	}
	// The exported record verifies and verify lists every substitution.
	rec := filepath.Join(t.TempDir(), "r.json")
	if code, _, errs := runCLI(t, db, "record", id, "-o", rec); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs = runCLI(t, db, "verify", rec)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("封存后替补: %d 次", left+3)) || !strings.Contains(out, "执法人员 "+team[1]+" → ") ||
		!strings.Contains(out, "修订后校验码") {
		t.Fatalf("verify of the amended record: %d\n%s\n%s", code, out, errs)
	}
	for _, bad := range [][]string{
		{"substitute", "--ceremony", id, "--county", county, "--reason", "x", "--operator", "y"},
		{"substitute", "--ceremony", id, "--unit", "a", "--inspector", "b", "--county", county, "--reason", "x", "--operator", "y"},
		{"substitute", "--ceremony", id, "--unit", "a", "--county", county, "--operator", "y"},
	} {
		if code, _, _ := runCLI(t, db, bad...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

func TestResultsPublicationCoverageCommands(t *testing.T) {
	db, id, c := cliFixture(t, 6, 3)
	county := c.Result.Units[0].County
	units := c.CurrentUnits(county)
	code, out, errs := runCLI(t, db, "results", "enter", "--ceremony", id, "--unit", units[0], "--start", "2026-09-28", "--end", "2026-09-30",
		"--codes", "迟报统计资料；发现问题已责令改正", "--by", "刘录入")
	if code != 0 || !strings.Contains(out, "2026-11-03") {
		t.Fatalf("enter: %d %q %q", code, out, errs)
	}
	if code, _, errs := runCLI(t, db, "results", "enter", "--ceremony", id, "--unit", units[1], "--start", "2026-09-28", "--end", "2026-09-27", "--codes", "未发现问题", "--by", "刘"); code != 1 || !strings.Contains(errs, "早于开始日期") {
		t.Fatalf("bad enter: %d %q", code, errs)
	}
	code, out, _ = runCLI(t, db, "publication", "due", "--today", "2026-11-04")
	if code != 0 || !strings.Contains(out, "已逾期") || !strings.Contains(out, "逾期 1") {
		t.Fatalf("due: %q", out)
	}
	code, out, _ = runCLI(t, db, "results", "list", "--ceremony", id, "--today", "2026-10-28")
	if code != 0 || !strings.Contains(out, "即将到期") || !strings.Contains(out, "未录入") || !strings.Contains(out, "问题单位占比") {
		t.Fatalf("list: %q", out)
	}
	if code, _, errs := runCLI(t, db, "publication", "mark", "--ceremony", id, "--unit", units[0], "--date", "2026-10-30", "--by", "王"); code != 0 {
		t.Fatal(errs)
	}
	if _, out, _ := runCLI(t, db, "publication", "due", "--today", "2026-11-04"); !strings.Contains(out, "没有即将到期") {
		t.Fatalf("after publishing: %q", out)
	}
	dir := t.TempDir()
	x := filepath.Join(dir, "公示表.xlsx")
	if code, out, errs := runCLI(t, db, "export", "publication", "--round", "2026年第二轮", "-o", x); code != 0 || !strings.Contains(out, "1 行") {
		t.Fatalf("export publication: %q %q", out, errs)
	}
	if fi, err := os.Stat(x); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", fi, err)
	}
	code, _, errs = runCLI(t, db, "results", "estimate", "--ceremony", id)
	if code != 1 || !strings.Contains(errs, "估计问题单位占比") {
		t.Fatalf("estimate from one unit: %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, db, "results", "enter", "--ceremony", id, "--unit", units[1], "--start", "2026-10-08", "--end", "2026-10-08", "--codes", "未发现问题", "--by", "刘"); code != 0 {
		t.Fatal(errs)
	}
	// Exported and imported again unchanged: nothing is rewritten.
	rx := filepath.Join(dir, "results.xlsx")
	if code, _, errs := runCLI(t, db, "results", "export", "--ceremony", id, "-o", rx); code != 0 {
		t.Fatal(errs)
	}
	if code, out, errs := runCLI(t, db, "results", "import", rx, "--by", "李"); code != 0 || !strings.Contains(out, "已导入检查结果: 新增 0 条,修改 0 条,未变 2 条") {
		t.Fatalf("re-import: %d %q %q", code, out, errs)
	}
	code, out, _ = runCLI(t, db, "results", "estimate", "--ceremony", id)
	if code != 0 || !strings.Contains(out, "问题单位占比估计 50.0%,无法给出区间") || !strings.Contains(out, "\t2\t1") {
		t.Fatalf("estimate: %q", out)
	}
	code, out, _ = runCLI(t, db, "coverage", "--year", "2026", "--as-of", "2026-11-25", "-o", filepath.Join(dir, "c.xlsx"))
	// The fixture's units are no enterprises (no 91… code): the 5 % base is 0.
	if code != 0 || !strings.Contains(out, "合计\t71\t0\t0\t") || !strings.Contains(out, "抽查轮次 1/2: 未达标") {
		t.Fatalf("coverage: %q", out)
	}
	code, out, _ = runCLI(t, db, "results", "findings", "--set", "伪造统计资料；迟报统计资料")
	if code != 0 || !strings.Contains(out, "统计专项\t伪造统计资料\t计为有问题") {
		t.Fatalf("findings: %q", out)
	}
	if code, _, _ := runCLI(t, db, "results", "nonsense"); code != 2 {
		t.Fatal("unknown sub-subcommand accepted")
	}
}
