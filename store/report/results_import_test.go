package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/store/report/fixture"
)

// TestResultsImportDatesDryRunDropDown: the results workbook offers the
// result codes in a drop-down and explains itself on a 说明 sheet; an
// import accepts the date forms library imports accept (an Excel date
// cell, 2026/9/12, 2026年9月13日); --dry-run reports and writes nothing.
func TestResultsImportDatesDryRunDropDown(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	path := filepath.Join(t.TempDir(), "结果.xlsx")
	n, err := ExportResults(f.DB, cal, f.S.ID(), path)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.GetSheetList(); strings.Join(got, ",") != "检查结果,说明,选项" {
		t.Fatalf("sheets %v", got)
	}
	if v, _ := x.GetSheetVisible("选项"); v {
		t.Error("the list sheet 选项 is visible")
	}
	dvs, err := x.GetDataValidations("检查结果")
	if err != nil || len(dvs) != 1 || dvs[0].Sqref != "H2:H"+itoa(n+1) || !strings.Contains(dvs[0].Formula1, "选项!$A$2:$A$") {
		t.Fatalf("drop-down %+v %v", dvs, err)
	}
	codes, _ := f.DB.KnownCodes()
	for i, c := range codes {
		if v, _ := x.GetCellValue("选项", "A"+itoa(i+2)); v != c {
			t.Fatalf("选项!A%d = %q, want %q", i+2, v, c)
		}
	}
	help, _ := x.GetRows("说明")
	if !strings.Contains(flat(help), "检查结果可选|"+store.CodeNoProblem) || !strings.Contains(flat(help), "--dry-run") {
		t.Fatalf("说明 %q", help)
	}
	rowOf := map[string]int{}
	rows, _ := x.GetRows("检查结果")
	for i, r := range rows {
		if len(r) > 2 {
			rowOf[r[2]] = i + 1
		}
	}
	serial := time.Date(2026, 9, 10, 0, 0, 0, 0, time.UTC).Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
	dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	r0, r1 := itoa(rowOf[units[0]]), itoa(rowOf[units[1]])
	x.SetCellValue("检查结果", "F"+r0, serial)
	x.SetCellStyle("检查结果", "F"+r0, "F"+r0, dateStyle)
	x.SetCellStr("检查结果", "G"+r0, "2026/9/12")
	x.SetCellStr("检查结果", "H"+r0, store.CodeNoProblem)
	x.SetCellStr("检查结果", "F"+r1, "2026年9月13日")
	x.SetCellStr("检查结果", "G"+r1, "20260914")
	x.SetCellStr("检查结果", "H"+r1, "迟报统计资料")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	x.Close()

	c, err := DryRunResults(f.DB, path, "李", "")
	if err != nil || c != (store.ResultCounts{New: 2}) {
		t.Fatalf("dry run: %+v %v", c, err)
	}
	if rs, _ := f.DB.Results(f.S.ID()); len(rs) != 0 {
		t.Fatalf("the dry run wrote %d results", len(rs))
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(f.DB.Path()), ".shuangsui-dryrun-*")); len(left) != 0 {
		t.Fatalf("the dry run left %v", left)
	}
	if c, err := ImportResultCounts(f.DB, path, "李", ""); err != nil || c != (store.ResultCounts{New: 2}) {
		t.Fatalf("import: %+v %v", c, err)
	}
	for unit, want := range map[string][2]string{units[0]: {"2026-09-10", "2026-09-12"}, units[1]: {"2026-09-13", "2026-09-14"}} {
		if r, _, _ := f.DB.Result(f.S.ID(), unit); r.Start != want[0] || r.End != want[1] {
			t.Errorf("%s: %s – %s, want %v", unit, r.Start, r.End, want)
		}
	}

	// A date nobody can read is named by row and column; nothing written.
	x, _ = excelize.OpenFile(path)
	x.SetCellStr("检查结果", "F"+itoa(rowOf[units[2]]), "去年九月")
	x.SetCellStr("检查结果", "G"+itoa(rowOf[units[2]]), "2026-09-20")
	x.SetCellStr("检查结果", "H"+itoa(rowOf[units[2]]), store.CodeNoProblem)
	x.SaveAs(path)
	x.Close()
	_, err = ImportResultCounts(f.DB, path, "", "")
	if err == nil || !strings.Contains(err.Error(), "第 "+itoa(rowOf[units[2]])+" 行“检查开始日期”列: 无法识别的日期 \"去年九月\"") {
		t.Fatalf("bad date: %v", err)
	}
}

// TestResultsImportRefusesDamagedSheet: a results sheet cut off part-way
// is refused, not read as a short sheet.
func TestResultsImportRefusesDamagedSheet(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	path := filepath.Join(t.TempDir(), "结果.xlsx")
	if _, err := ExportResults(f.DB, cal, f.S.ID(), path); err != nil {
		t.Fatal(err)
	}
	// Rows 2 and 3 carry new results, which a short read would import.
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"2", "3"} {
		x.SetCellStr("检查结果", "F"+r, "2026-09-12")
		x.SetCellStr("检查结果", "G"+r, "2026-09-13")
		x.SetCellStr("检查结果", "H"+r, store.CodeNoProblem)
	}
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	x.Close()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		data := b.Bytes()
		if zf.Name == "xl/worksheets/sheet1.xml" {
			i := bytes.Index(data, []byte(`<row r="5"`))
			data = data[:i+20]
		}
		w, _ := zw.Create(zf.Name)
		w.Write(data)
	}
	zr.Close()
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := f.DB.Results(f.S.ID())
	_, err = ImportResultCounts(f.DB, path, "", "")
	if err == nil || !strings.Contains(err.Error(), "工作表“检查结果”: 工作表数据已损坏或不完整: 文件在第 5 行中间中断") {
		t.Fatalf("damaged sheet: %v", err)
	}
	if after, _ := f.DB.Results(f.S.ID()); len(before) != 0 || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("a refused results file changed the results: %d before, %d after", len(before), len(after))
	}
}

func flat(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}

// TestPrintedRowsFitTheirText: wrapped text makes its row taller (the
// 公示表's 抽查事项), and coverage numbers are numbers, counties named.
func TestPrintedRowsFitTheirText(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-28", "2026-09-30", "迟报统计资料", "发现问题已责令改正")
	dir := t.TempDir()
	pub := filepath.Join(dir, "公示表.xlsx")
	if _, err := ExportPublication(f.DB, cal, "2026年第二轮", pub); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(pub)
	if err != nil {
		t.Fatal(err)
	}
	matter, _ := x.GetCellValue("抽查结果公示表", "E3")
	h, _ := x.GetRowHeight("抽查结果公示表", 3)
	if lines := excel.WrappedLines(matter, 30); lines < 2 || h < float64(lines)*excel.LineHeight {
		t.Errorf("row 3 is %v pt for %q (%d lines)", h, matter, lines)
	}
	x.Close()

	cv, err := f.DB.CoverageOf(2026, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	cov := filepath.Join(dir, "覆盖.xlsx")
	if err := ExportCoverage(cv, cov); err != nil {
		t.Fatal(err)
	}
	x, err = excelize.OpenFile(cov)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, cell := range []string{"B3", "C3", "D3", "E3", "F3"} {
		if typ, _ := x.GetCellType("覆盖情况", cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("覆盖情况!%s is of type %v, want a number", cell, typ)
		}
	}
	x.SetCellFormula("覆盖情况", "H1", "SUM(B3:B4)")
	got, err := x.CalcCellValue("覆盖情况", "H1")
	b3, _ := x.GetCellValue("覆盖情况", "B3")
	b4, _ := x.GetCellValue("覆盖情况", "B4")
	n3, _ := strconv.Atoi(b3)
	n4, _ := strconv.Atoi(b4)
	if err != nil || got != strconv.Itoa(n3+n4) {
		t.Errorf("SUM(B3:B4) = %q %v, want %d", got, err, n3+n4)
	}
	rows, _ := x.GetRows("待检查清单")
	named := false
	for _, r := range rows[1:] {
		if len(r) > 3 && r[3] != "" {
			named = strings.HasSuffix(r[3], ")") && strings.Contains(r[3], "(")
			if !named {
				t.Fatalf("county %q without its name", r[3])
			}
		}
	}
	if len(cv.KeyNotInspected)+len(cv.DishonestNotInspected) > 0 && !named {
		t.Fatalf("待检查清单 %q", rows)
	}
}
