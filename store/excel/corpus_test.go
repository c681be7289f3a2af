package excel

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"shuangsui/store"
)

// The corpus in testdata/ is made by genCorpus; run
//
//	SHUANGSUI_REGEN_TESTDATA=1 go test ./store/excel -run TestCorpus
//
// to rewrite it. Each file is imported into a fresh database holding the
// Chengde counties (and, for history, one unit and one matter).

var u1, u2, u3 = SyntheticUSCC("130802", 1), SyntheticUSCC("130803", 2), SyntheticUSCC("130821", 3)

func badCheck(code string) string {
	c := strings.IndexByte(store.USCCAlphabet, code[17])
	return code[:17] + string(store.USCCAlphabet[(c+1)%31])
}

var unitHeader = []any{"统一社会信用代码", "单位名称", "县(市、区)", "单位类别"}

func unitRows(rows ...[]any) [][]any { return append([][]any{unitHeader}, rows...) }

func gbk(t testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func genCorpus(t *testing.T, dir string) {
	x := func(name string, sheets ...sheetData) { writeXLSX(t, filepath.Join(dir, name), sheets...) }
	w := func(name string, b []byte) { writeFile(t, filepath.Join(dir, name), b) }
	one := func(rows [][]any) sheetData { return sheetData{name: "Sheet1", rows: rows} }

	// Good files.
	x("good_title_rows.xlsx", sheetData{name: "名录", rows: [][]any{
		{"2026年承德市一套表联网直报单位名录"}, {"填报单位: 承德市统计局", "", "", "", "2026-01-05"},
		{"序号", "统一社会信用代码", "单位详细名称", "县(市、区)", "单位类别", "备注"},
		{1, u1, "承德甲乙机械有限公司", "双桥区", "规上工业", "新入库"},
		{},
		{2, strings.ToLower(u2), "承德丙丁商贸有限公司", "130803", "限上批零住餐"},
		{3, u3, "承德戊己物流有限公司", "承德县", "规模以上服务业"},
	}, merge: [][2]string{{"A1", "F1"}}})
	x("good_wps_fullwidth.xlsx", one([][]any{
		{"*信用代码(必填)", "*单位名称", "* 所在县区", "专业", "联系电话", "是否重点单位"},
		{fullWidth(u1), "　承德甲乙机械有限公司 ", "丰宁县", "规上工业", "０３１４－１２３４５６７", "是"},
		{fullWidth(strings.ToLower(u2)), "承德丙丁商贸有限公司", "高新区", "限上批零住餐", "", "否"},
	}))
	w("good_english.csv", []byte("USCC,Unit Name,County,Category,Key Unit,Status\n"+
		u1+",Chengde Jiayi Machinery Co.,双桥区,规上工业,yes,active\n"+u2+",Chengde Bingding Trading,双滦区,其他,no,closed\n"))
	w("good_bom.csv", []byte("\uFEFF统一社会信用代码,单位名称,县(市、区),单位类别\r\n"+u1+",承德甲乙机械有限公司,双桥区,规上工业\r\n"))
	w("good_gbk.csv", gbk(t, "统一社会信用代码,单位名称,县(市、区),单位类别\r\n"+u1+",承德甲乙机械有限公司,双桥区,规上工业\r\n"+u2+",“承德丙丁”商贸有限公司,隆化县,其他\r\n"))
	x("good_numbers_counties.xlsx", one([][]any{{"区划代码", "名称"}, {130802, "双桥区"}, {130803.0, "双滦区"}, {"130871", "承德高新技术产业开发区"}}))
	x("good_mixed_dates.xlsx", one([][]any{
		{"统一社会信用代码", "单位名称", "县(市、区)", "单位类别", "严重失信起始日期", "严重失信截止日期"},
		{u1, "承德甲乙机械有限公司", "双桥区", "规上工业", 44256, "2022/3/1"},
		{u2, "承德丙丁商贸有限公司", "双桥区", "规上工业", "2021年3月1日", "2023-03-01"},
		{u3, "承德戊己物流有限公司", "双桥区", "规上工业", "2021.3.1", ""},
	}))
	x("good_second_sheet.xlsx", sheetData{name: "封面", rows: [][]any{{"单位名录"}, {"2026年"}}},
		sheetData{name: "Sheet2", rows: unitRows([]any{u1, "承德甲乙机械有限公司", "双桥区", "规上工业"})})

	// Bad files.
	w("bad_not_spreadsheet.xlsx", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	w("bad_binary.dat", []byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8})
	w("bad_empty_file.csv", nil)
	w("bad_old_xls.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...))
	var buf bytes.Buffer
	{
		f := excelize.NewFile()
		f.SetCellStr("Sheet1", "A1", "统一社会信用代码")
		f.WriteTo(&buf)
		f.Close()
	}
	w("bad_truncated.xlsx", buf.Bytes()[:buf.Len()/2])
	w("bad_zip_bomb.xlsx", zipBomb(t))
	x("bad_empty_workbook.xlsx", one(nil))
	x("bad_header_only.xlsx", one(unitRows()))
	x("bad_duplicate_codes.xlsx", one(unitRows(
		[]any{u1, "承德甲乙机械有限公司", "双桥区", "规上工业"},
		[]any{u2, "承德丙丁商贸有限公司", "双桥区", "规上工业"},
		[]any{u1, "承德戊己物流有限公司", "双桥区", "规上工业"})))
	x("bad_check_digit.xlsx", one(unitRows([]any{badCheck(u1), "承德甲乙机械有限公司", "双桥区", "规上工业"})))
	x("bad_merged_cells.xlsx", sheetData{name: "Sheet1", rows: unitRows(
		[]any{u1, "承德甲乙机械有限公司", "双桥区", "规上工业"},
		[]any{u2, "承德丙丁商贸有限公司", "", "规上工业"},
		[]any{u3, "承德戊己物流有限公司", "", "规上工业"}), merge: [][2]string{{"C2", "C4"}}})
	x("bad_formulas.xlsx", one(unitRows(
		[]any{u1, formula(`CONCATENATE("承德","甲乙")`), "双桥区", "规上工业"})))
	x("bad_huge_cell.xlsx", one(unitRows([]any{u1, strings.Repeat("承德", 16000), "双桥区", "规上工业"})))
	x("bad_wrong_sheet.xlsx", one([][]any{{"执法证号", "姓名", "专业"}, {"13080000001", "张三", "综合"}}))
	w("bad_gbk_unknown_county.csv", gbk(t, "统一社会信用代码,单位名称,县(市、区),单位类别\r\n"+u1+",承德甲乙机械有限公司,双乔区,规上工业\r\n"))
	x("bad_dates.xlsx", one([][]any{
		{"统一社会信用代码", "单位名称", "县(市、区)", "单位类别", "严重失信起始日期"},
		{u1, "承德甲乙机械有限公司", "双桥区", "规上工业", "2021-02-30"},
		{u2, "承德丙丁商贸有限公司", "双桥区", "规上工业", "去年"}}))
	x("bad_unknown_category.xlsx", one(unitRows([]any{u1, "承德甲乙机械有限公司", "双桥区", "规上工"})))
	x("bad_number_code.xlsx", one(unitRows([]any{rawNum("9.11308021234568E+17"), "承德甲乙机械有限公司", "双桥区", "规上工业"})))
	x("bad_override_no_reason.xlsx", one([][]any{
		{"统一社会信用代码", "单位名称", "县(市、区)", "单位类别", "校验码例外", "例外原因"},
		{badCheck(u1), "承德甲乙机械有限公司", "双桥区", "规上工业", "是", ""}}))
	w("bad_missing_name.csv", []byte("统一社会信用代码,单位名称,县(市、区),单位类别\n"+u1+",,双桥区,规上工业\n"))
	x("bad_inspectors.xlsx", one([][]any{
		{"执法证号", "姓名", "专业", "执法证有效期至", "培训记录"},
		{"13080000001", "张三", "统计", "2027-12-31", ""},
		{"13080000002", "李四", "综合", "2027-12-31", "2026-03-10 一天 统计法"}}))
	w("bad_history_unknown_unit.csv", []byte("统一社会信用代码,检查日期,抽查事项编码\n"+u2+",2024-05-06,SJ-001\n"+u1+",2024-05-06,SJ-009\n"))
}

func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '!' && r <= '~' {
			r += 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// zipBomb is a small zip whose worksheet claims to unpack to 8 GiB: the
// size check refuses it before anything is inflated.
func zipBomb(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		f, _ := zw.Create(name)
		f.Write([]byte("<x/>"))
	}
	// A genuine deflate stream of 1 MiB of zeros, labelled 8 GiB.
	var comp bytes.Buffer
	{
		tmp := zip.NewWriter(&comp)
		f, _ := tmp.Create("z")
		f.Write(make([]byte, 1<<20))
		tmp.Close()
	}
	r, err := zip.NewReader(bytes.NewReader(comp.Bytes()), int64(comp.Len()))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := r.File[0].OpenRaw()
	var data bytes.Buffer
	data.ReadFrom(raw)
	h := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: r.File[0].CRC32,
		CompressedSize64: uint64(data.Len()), UncompressedSize64: 8 << 30}
	f, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(data.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestCorpus(t *testing.T) {
	dir := "testdata"
	if os.Getenv("SHUANGSUI_REGEN_TESTDATA") == "1" {
		genCorpus(t, dir)
	}
	tests := []struct {
		file string
		kind Kind
		rows int    // good files: records imported
		want string // bad files: fragment of the error or of one row error
	}{
		{"good_title_rows.xlsx", Units, 3, ""},
		{"good_wps_fullwidth.xlsx", Units, 2, ""},
		{"good_english.csv", Units, 2, ""},
		{"good_bom.csv", Units, 1, ""},
		{"good_gbk.csv", Units, 2, ""},
		{"good_numbers_counties.xlsx", Counties, 3, ""},
		{"good_mixed_dates.xlsx", Units, 3, ""},
		{"good_second_sheet.xlsx", Units, 1, ""},

		{"bad_not_spreadsheet.xlsx", Units, 0, "内容不是 Excel 工作簿"},
		{"bad_binary.dat", Units, 0, "不是 Excel(.xlsx)或 CSV 文件"},
		{"bad_empty_file.csv", Units, 0, "文件是空的"},
		{"bad_old_xls.xls", Units, 0, "旧版 .xls"},
		{"bad_truncated.xlsx", Units, 0, "不完整或已损坏"},
		{"bad_zip_bomb.xlsx", Units, 0, "压缩炸弹"},
		{"bad_empty_workbook.xlsx", Units, 0, "工作簿是空的"},
		{"bad_header_only.xlsx", Units, 0, "下面没有数据"},
		{"bad_duplicate_codes.xlsx", Units, 0, "第 4 行 统一社会信用代码 列: 与第 2 行代码重复"},
		{"bad_check_digit.xlsx", Units, 0, "第 2 行 统一社会信用代码 列: 校验码错误"},
		{"bad_merged_cells.xlsx", Units, 0, "第 3 行 县(市、区) 列: 为空: 该格在合并单元格 C2:C4 内"},
		{"bad_formulas.xlsx", Units, 0, "该格是公式"},
		{"bad_huge_cell.xlsx", Units, 0, "内容过长"},
		{"bad_wrong_sheet.xlsx", Units, 0, "找不到表头"},
		{"bad_gbk_unknown_county.csv", Units, 0, "未知的县(市、区) \"双乔区\", 是否为“双桥区”"},
		{"bad_dates.xlsx", Units, 0, "日期 \"2021-02-30\" 不存在"},
		{"bad_dates.xlsx", Units, 0, "无法识别的日期 \"去年\""},
		{"bad_unknown_category.xlsx", Units, 0, "是否为“规上工业”"},
		{"bad_number_code.xlsx", Units, 0, "只保留 15 位有效数字"},
		{"bad_override_no_reason.xlsx", Units, 0, "须写明例外原因"},
		{"bad_missing_name.csv", Units, 0, "第 2 行 单位名称 列: 为空(必填)"},
		{"bad_inspectors.xlsx", Inspectors, 0, "未知的专业 \"统计\""},
		{"bad_inspectors.xlsx", Inspectors, 0, "天数 \"一天\" 应是数字"},
		{"bad_history_unknown_unit.csv", History, 0, "检查对象名录库中没有这个单位"},
		{"bad_history_unknown_unit.csv", History, 0, "未知的抽查事项编码 \"SJ-009\", 是否为“SJ-001”"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			db := openDB(t)
			if tt.kind == History {
				seedHistoryLibrary(t, db)
			}
			rep, err := ImportFile(db, tt.kind, filepath.Join(dir, tt.file), Options{Today: "2026-11-01"}, nil)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("import: %v\n%v", err, rep.Errors)
				}
				if got := rep.Summary.Added + rep.Summary.Unchanged + rep.Summary.Updated; got != tt.rows || rep.Rows != tt.rows {
					t.Fatalf("added %d, want %d", got, tt.rows)
				}
				return
			}
			if err == nil {
				t.Fatalf("import succeeded (%+v), want error %q", rep.Summary, tt.want)
			}
			all := err.Error()
			for _, e := range rep.Errors {
				all += "\n" + e.Error()
			}
			if !strings.Contains(all, tt.want) {
				t.Fatalf("errors do not mention %q:\n%s", tt.want, all)
			}
			// Nothing was written.
			n := 0
			db.EachUnit(func(store.Unit) error { n++; return nil })
			if tt.kind == Units && n != 0 {
				t.Fatalf("%d units written despite errors", n)
			}
			if errors.Is(err, ErrInvalid) && len(rep.Errors) == 0 {
				t.Fatal("ErrInvalid without row errors")
			}
		})
	}
}

// seedHistoryLibrary stores unit u1 and matter SJ-001.
func seedHistoryLibrary(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.ImportUnits(store.ImportOptions{}, func(put func(store.Unit) error) error {
		return put(store.Unit{ID: u1, Name: "承德甲乙机械有限公司", County: "130802", Category: "规上工业", Status: store.StatusActive})
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportMatters(store.ImportOptions{}, func(put func(store.Matter) error) error {
		return put(store.Matter{Code: "SJ-001", Name: "调查对象依法建立原始记录、统计台账和统计资料管理制度执行情况", Specialty: "综合", EffectiveFrom: "2021-01-05"})
	}); err != nil {
		t.Fatal(err)
	}
}
