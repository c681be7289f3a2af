package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangsui/assets/version"
	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/store/report/fixture"
	"shuangsui/store/workdays"
)

var cal = workdays.New(workdays.Overrides{})

func TestResultsRoundTrip(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	counties := f.Counties()
	units := f.S.Ceremony().CurrentUnits(counties[0])
	f.Put(t, units[0], "2026-09-28", "2026-09-30", "迟报统计资料", "发现问题已责令改正")
	f.Put(t, units[1], "2026-09-10", "2026-09-10", store.CodeNoProblem)
	dir := t.TempDir()
	path := filepath.Join(dir, "结果.xlsx")
	n, err := ExportResults(f.DB, cal, f.S.ID(), path)
	if err != nil || n != 12 {
		t.Fatalf("export: %d %v", n, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	rows, err := readRows(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], ResultColumns) {
		t.Fatalf("header %v", rows[0])
	}
	var found bool
	for _, r := range rows {
		if len(r) > 11 && r[2] == units[0] {
			found = r[7] == "迟报统计资料；发现问题已责令改正" && r[11] == "2026-11-03"
		}
	}
	last := strings.Join(rows[len(rows)-2], "")
	if !found || !strings.Contains(last, "问题单位占比估计 50.0%") || !strings.Contains(last, "2 个县尚无结果") {
		t.Fatalf("rows %q", rows)
	}

	// Re-importing the export changes nothing: no row is new or changed,
	// and even with --by the rows keep who entered them and when.
	before, _ := f.DB.Results(f.S.ID())
	f.Clock.Set("2026-11-26")
	for _, by := range []string{"", "李"} {
		c, err := ImportResultCounts(f.DB, path, by, "")
		if err != nil || c != (store.ResultCounts{Unchanged: 2}) || c.Text() != "新增 0 条,修改 0 条,未变 2 条(与已存结果相同,未改动,录入人与录入时间照旧)" {
			t.Fatalf("import by %q: %+v %q %v", by, c, c.Text(), err)
		}
		if c, err := ImportResultCounts(f.DB, path, by, ""); err != nil || c.Stored() != 0 {
			t.Fatalf("import by %q: %d written, %v", by, c.Stored(), err)
		}
		after, _ := f.DB.Results(f.S.ID())
		if len(after) != 2 || !slices.EqualFunc(before, after, func(a, b store.Result) bool {
			return a.Unit == b.Unit && a.Start == b.Start && a.End == b.End && slices.Equal(a.Codes, b.Codes) &&
				a.EnteredBy == b.EnteredBy && a.EnteredAt == b.EnteredAt
		}) {
			t.Fatalf("round trip by %q:\n%+v\n%+v", by, before, after)
		}
	}

	// Fill in two more rows in the sheet, one of them wrong: nothing is
	// written, and the errors name the row and the column.
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sheet := x.GetSheetList()[0]
	rowOf := map[string]int{}
	for i, r := range rows {
		if len(r) > 2 {
			rowOf[r[2]] = i + 1
		}
	}
	set := func(unit string, col string, v string) {
		if err := x.SetCellStr(sheet, col+itoa(rowOf[unit]), v); err != nil {
			t.Fatal(err)
		}
	}
	set(units[2], "F", "2026-09-12")
	set(units[2], "G", "2026-09-13")
	set(units[2], "H", store.CodeNoProblem)
	set(units[2], "J", "刘")
	set(units[3], "F", "2026-09-12")
	set(units[3], "G", "2026-09-11")
	set(units[3], "H", "没有这种结果")
	set(units[3], "J", "刘")
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	x.Close()
	_, err = ImportResultCounts(f.DB, path, "", "")
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != rowOf[units[3]] || ie.Errors[0].Column != "检查结束日期" {
		t.Fatalf("import with a bad row: %v", err)
	}
	if !strings.Contains(err.Error(), "第 "+itoa(rowOf[units[3]])+" 行“检查结束日期”列") {
		t.Fatalf("message %q", err)
	}
	if rs, _ := f.DB.Results(f.S.ID()); len(rs) != 2 {
		t.Fatalf("a failed import wrote results: %d", len(rs))
	}
	set2, _ := excelize.OpenFile(path)
	set2.SetCellStr(sheet, "G"+itoa(rowOf[units[3]]), "2026-09-13")
	set2.SetCellStr(sheet, "H"+itoa(rowOf[units[3]]), "拒报统计资料；发现问题待后续处理")
	set2.SaveAs(path)
	set2.Close()
	set3, _ := excelize.OpenFile(path)
	set3.SetCellStr(sheet, "I"+itoa(rowOf[units[1]]), "复核后补充备注")
	set3.SaveAs(path)
	set3.Close()
	if _, err := ImportResultCounts(f.DB, path, "王导入", ""); err == nil || !strings.Contains(err.Error(), "修改须写明理由") {
		t.Fatalf("a changed row without a reason: %v", err)
	}
	if c, err := ImportResultCounts(f.DB, path, "王导入", "补充备注"); err != nil || c != (store.ResultCounts{New: 2, Changed: 1, Unchanged: 1}) {
		t.Fatalf("corrected import: %+v %v", c, err)
	}
	r, _, _ := f.DB.Result(f.S.ID(), units[3])
	if !slices.Equal(r.Codes, []string{"拒报统计资料", "发现问题待后续处理"}) || r.EnteredBy != "王导入" {
		t.Fatalf("imported result %+v", r)
	}
	if r, _, _ := f.DB.Result(f.S.ID(), units[1]); r.Notes != "复核后补充备注" || r.EnteredBy != "王导入" {
		t.Fatalf("changed row %+v", r)
	}
	if r, _, _ := f.DB.Result(f.S.ID(), units[0]); r.EnteredBy != "刘录入" || r.EnteredAt != "2026-11-25T10:00:00+08:00" {
		t.Fatalf("unchanged row rewritten: %+v", r)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestExportPublication(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2028-03-10")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-28", "2026-09-30", store.CodeNoProblem)
	f.Put(t, units[1], "2028-03-01", "2028-03-01", "迟报统计资料")
	if err := f.DB.MarkPublished(f.S.ID(), units[0], "2026-10-20", "王", ""); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "公示表.xlsx")
	if n, err := ExportPublication(f.DB, cal, "2026年第二轮", path); err != nil || n != 2 {
		t.Fatalf("%d %v", n, err)
	}
	rows, err := readRows(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rows[0][0], "抽查结果公示表") || !slices.Equal(rows[1], PublicationColumns) || rows[2][0] != "1" || rows[3][0] != "2" {
		t.Fatalf("rows %q", rows)
	}
	all := strings.Join(slices.Concat(rows...), "|")
	for _, want := range []string{"2026-09-28至2026-09-30", "2026-10-20", "2028-03-29(暂定)", "承德市统计局", "双随机抽查", units[0]} {
		if !strings.Contains(all, want) {
			t.Errorf("公示表 lacks %q", want)
		}
	}
	// The code column is text, not a number.
	x, _ := excelize.OpenFile(path)
	defer x.Close()
	st, _ := x.GetCellStyle(x.GetSheetList()[0], "C3")
	style, _ := x.GetStyle(st)
	if style.NumFmt != 49 || style.Font == nil || style.Font.Family != "宋体" {
		t.Fatalf("code cell style %+v", style)
	}
	// Printing: A4 landscape, one page wide, headings on every page, page numbers.
	sheet := x.GetSheetList()[0]
	layout, _ := x.GetPageLayout(sheet)
	if layout.Size == nil || *layout.Size != 9 || *layout.Orientation != "landscape" || layout.FitToWidth == nil || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("page layout %+v", layout)
	}
	if props, _ := x.GetSheetProps(sheet); props.FitToPage == nil || !*props.FitToPage {
		t.Error("fit to page is off")
	}
	if hf, _ := x.GetHeaderFooter(sheet); !strings.Contains(hf.OddFooter, "&P") {
		t.Errorf("footer %q", hf.OddFooter)
	}
	found := false
	for _, dn := range x.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet && dn.RefersTo == "'"+sheet+"'!$1:$2" {
			found = true
		}
	}
	if !found {
		t.Errorf("no print titles for rows 1-2: %+v", x.GetDefinedName())
	}
	// The 公示表 names the program that made it, last, and in its properties.
	if last := rows[len(rows)-1]; len(last) == 0 || last[0] != "本表由 "+version.String()+" 生成。" {
		t.Errorf("last row %q does not name the program %q", last, version.String())
	}
	if p, err := x.GetDocProps(); err != nil || p.Description != version.String() || p.Creator != "shuangsui" {
		t.Errorf("document properties %+v, %v", p, err)
	}
}

func TestExportPenaltiesCSV(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	p := store.Penalty{
		Name: "示例单位1-1", USCC: excel.SyntheticUSCC("130801", 1), LegalRep: "张法人", DecisionNo: "承统罚决字〔2026〕第1号",
		ViolationType: "迟报统计资料", Facts: "迟报, 且\"多次\"", Basis: "《统计法》第四十一条", Category: "警告；罚款",
		Content: "警告并处罚款", FineWan: "0.5", DecisionDate: "2026-11-20", PublicUntil: "2027-05-20",
		Authority: "承德市统计局", AuthorityUSCC: excel.SyntheticUSCC("130800", 7), Source: "承德市统计局", EnteredBy: "刘",
	}
	if _, err := f.DB.PutPenalty(p); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "处罚.csv")
	if n, err := ExportPenalties(f.DB, csvPath); err != nil || n != 1 {
		t.Fatalf("%d %v", n, err)
	}
	data, _ := os.ReadFile(csvPath)
	if !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no BOM: % x", data[:3])
	}
	lines := strings.Split(string(data[3:]), "\r\n")
	if lines[0] != "相对人名称,统一社会信用代码,法定代表人,主要负责人,决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额(万元),处罚决定日期,公示截止期,处罚机关,处罚机关统一社会信用代码,数据来源" {
		t.Fatalf("header %q", lines[0])
	}
	want := "示例单位1-1," + p.USCC + ",张法人,,承统罚决字〔2026〕第1号,迟报统计资料,\"迟报, 且\"\"多次\"\"\",《统计法》第四十一条,警告；罚款,警告并处罚款,0.5,2026-11-20,2027-05-20,承德市统计局," + p.AuthorityUSCC + ",承德市统计局"
	if lines[1] != want {
		t.Fatalf("row\n%q\nwant\n%q", lines[1], want)
	}
	xlsxPath := filepath.Join(dir, "处罚.xlsx")
	if _, err := ExportPenalties(f.DB, xlsxPath); err != nil {
		t.Fatal(err)
	}
	rows, _ := readRows(xlsxPath)
	if !slices.Equal(rows[0], store.PenaltyColumns) || rows[1][10] != "0.5" || rows[1][1] != p.USCC {
		t.Fatalf("xlsx rows %q", rows)
	}
	if _, err := ExportPenalties(f.DB, filepath.Join(dir, "x.txt")); err == nil {
		t.Fatal("a .txt export was accepted")
	}
}

func TestExportCoverage(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	cv, err := f.DB.CoverageOf(2026, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "覆盖.xlsx")
	if err := ExportCoverage(cv, path); err != nil {
		t.Fatal(err)
	}
	rows, _ := readRows(path)
	if len(rows) < 9 || rows[1][0] != "县(市、区)" || rows[8][0] != "合计" || rows[8][1] != "71" || rows[8][2] != "0" {
		t.Fatalf("rows %q", rows)
	}
}
