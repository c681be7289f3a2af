package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An export through a column layout file has the layout's columns, in
// its order, under its headers, with its fixed values; a layout naming a
// column the export lacks, a missing layout file or a wrong extension
// writes nothing.
func TestExportWithLayout(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	lay := filepath.Join(dir, "省平台.txt")
	if err := os.WriteFile(lay, []byte("# 省平台检查对象模板\n企业名称 = 单位名称\n统一社会信用代码\n所属区域 = 县(市、区)\n检查部门 = \"承德市统计局\"\n备注 = \"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "平台单位.csv")
	if code, _, errs := runCLI(t, db, "export", "units", "--layout", lay, "-o", out); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimPrefix(string(b), "\uFEFF"), "\r\n")
	if lines[0] != "企业名称,统一社会信用代码,所属区域,检查部门,备注" || len(lines) < 100 {
		t.Fatalf("header %q, %d lines", lines[0], len(lines))
	}
	cells := strings.Split(lines[1], ",")
	if len(cells) != 5 || !strings.HasPrefix(cells[1], "91") || cells[3] != "承德市统计局" || cells[4] != "" || cells[0] == "" {
		t.Fatalf("row %q", lines[1])
	}
	if code, _, errs := runCLI(t, db, "export", "units", "--layout", lay, "-o", filepath.Join(dir, "平台单位.xlsx")); code != 0 {
		t.Fatal(errs)
	}
	bad := filepath.Join(dir, "错.txt")
	if err := os.WriteFile(bad, []byte("行业类别 = 单位类型\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"export", "units", "--layout", bad, "-o", filepath.Join(dir, "a.xlsx")}, 1, "导出表中没有这一列;导出表的列是: 统一社会信用代码、单位名称"},
		{[]string{"export", "units", "--layout", filepath.Join(dir, "无.txt"), "-o", filepath.Join(dir, "b.xlsx")}, 2, "读取列布局文件"},
		{[]string{"penalties", "export", "--layout", lay, "-o", filepath.Join(dir, "c.txt")}, 2, "扩展名应为 .xlsx 或 .csv"},
		{[]string{"penalties", "export", "--layout", lay, "-o", filepath.Join(dir, "d.csv")}, 1, "没有这一列"},
		{[]string{"dishonest", "list", "--layout", lay}, 2, "须与 -o 一起用"},
		{[]string{"results", "export", "--ceremony", "2026-01-01-001", "--layout", lay, "-o", filepath.Join(dir, "e.csv")}, 1, "未找到"},
	} {
		code, _, errs := runCLI(t, db, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d %q, want %d and %q", tc.args[:2], code, errs, tc.code, tc.msg)
		}
	}
	for _, f := range []string{"a.xlsx", "b.xlsx", "c.txt", "d.csv", "e.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("a failed export wrote %s", f)
		}
	}
}

// results export through a layout takes the result columns.
func TestResultsExportWithLayout(t *testing.T) {
	db, id, c := cliFixture(t, 6, 3)
	unit := c.CurrentUnits(c.Result.Units[0].County)[0]
	if code, _, errs := runCLI(t, db, "results", "enter", "--ceremony", id, "--unit", unit, "--start", "2026-09-10", "--end", "2026-09-11",
		"--codes", "未发现问题", "--by", "刘录入"); code != 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	lay := filepath.Join(dir, "结果.txt")
	if err := os.WriteFile(lay, []byte("统一社会信用代码 = 单位代码\n检查日期＝检查结束日期\n检查结果\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "平台结果.csv")
	code, stdout, errs := runCLI(t, db, "results", "export", "--ceremony", id, "--layout", lay, "-o", out)
	if code != 0 || !strings.Contains(stdout, "已按") {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "统一社会信用代码,检查日期,检查结果\r\n") || !strings.Contains(string(b), unit+",2026-09-11,未发现问题\r\n") {
		t.Fatalf("export:\n%s", b)
	}
}
