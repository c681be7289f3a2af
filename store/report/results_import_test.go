package report

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
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
	if !strings.Contains(strings.Join(help[len(help)-1], ""), store.CodeNoProblem) || !strings.Contains(flat(help), "--dry-run") {
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

	c, err := DryRunResults(f.DB, path, "李")
	if err != nil || c != (store.ResultCounts{New: 2}) {
		t.Fatalf("dry run: %+v %v", c, err)
	}
	if rs, _ := f.DB.Results(f.S.ID()); len(rs) != 0 {
		t.Fatalf("the dry run wrote %d results", len(rs))
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(f.DB.Path()), ".shuangsui-dryrun-*")); len(left) != 0 {
		t.Fatalf("the dry run left %v", left)
	}
	if c, err := ImportResultCounts(f.DB, path, "李"); err != nil || c != (store.ResultCounts{New: 2}) {
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
	_, err = ImportResultCounts(f.DB, path, "")
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
	_, err = ImportResultCounts(f.DB, path, "")
	if err == nil || !strings.Contains(err.Error(), "工作表“检查结果”: 工作表数据已损坏或不完整: 最后一个完整的行是第 4 行") {
		t.Fatalf("damaged sheet: %v", err)
	}
}

func flat(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}
