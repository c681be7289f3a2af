package excel

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"shuangsui/store"
)

// The bad-file corpus of issue 10, built by the test: every file is
// imported with --mode replace into a library of 60 units, the error is
// asserted, and the library buckets are compared byte for byte before and
// after.

// libDB is a database file holding the Chengde counties and 60 units.
type libDB struct {
	path string
	db   *store.DB
}

func newLibDB(t *testing.T) *libDB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lib.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCounties(store.ImportOptions{}, func(put func(store.County) error) error {
		for _, c := range ChengdeCounties {
			if err := put(c); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportUnits(store.ImportOptions{}, func(put func(store.Unit) error) error {
		for i := range 60 {
			if err := put(store.Unit{ID: SyntheticUSCC("130802", 100+i), Name: fmt.Sprintf("承德库存%02d有限公司", i), County: "130802", Category: "规上工业"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	l := &libDB{path: path, db: db}
	t.Cleanup(func() { l.db.Close() })
	return l
}

// libraryBytes closes the database, reads every key and value of the
// library buckets (and of the library log and undo) from the file, and
// opens it again.
func (l *libDB) libraryBytes(t *testing.T) []byte {
	t.Helper()
	if err := l.db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := bolt.Open(l.path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = b.View(func(tx *bolt.Tx) error {
		for _, name := range []string{"counties", "units", "inspectors", "matters", "inspections", "library_log", "library_undo"} {
			fmt.Fprintf(&out, "[%s]\n", name)
			bk := tx.Bucket([]byte(name))
			if bk == nil {
				continue
			}
			if err := bk.ForEach(func(k, v []byte) error {
				fmt.Fprintf(&out, "%q=%q\n", k, v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	if l.db, err = store.Open(l.path, store.Options{}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// mutatePart rewrites one member of the zip at path.
func mutatePart(t *testing.T, path, part string, fn func([]byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		data := b.Bytes()
		if f.Name == part {
			data, found = fn(data), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("%s has no %s", path, part)
	}
	writeFile(t, path, buf.Bytes())
}

// cutAt keeps the part up to and including the first n bytes after the
// first occurrence of marker.
func cutAt(t *testing.T, marker string, n int) func([]byte) []byte {
	return func(b []byte) []byte {
		i := bytes.Index(b, []byte(marker))
		if i < 0 {
			t.Fatalf("no %q in the sheet", marker)
		}
		return b[:i+n]
	}
}

// threeUnits are the data rows of the damaged workbooks.
var threeUnits = [][]any{
	{u1, "承德甲乙机械有限公司", "双桥区", "规上工业"},
	{u2, "承德丙丁商贸有限公司", "双桥区", "规上工业"},
	{u3, "承德戊己物流有限公司", "双桥区", "规上工业"},
}

func TestBadFilesLeaveLibraryUntouched(t *testing.T) {
	long := strings.Repeat("承德", 50000)
	tests := []struct {
		name    string
		file    string
		columns string
		make    func(t *testing.T, path string)
		want    []string
	}{
		{"sheet XML cut off mid-row", "cut.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: unitRows(threeUnits...)})
			mutatePart(t, p, "xl/worksheets/sheet1.xml", cutAt(t, `<row r="4"`, 30))
		}, []string{"工作表“Sheet1”", "工作表数据已损坏或不完整", "文件在第 4 行中间中断", "整个文件未导入"}},
		{"illegal control byte in the sheet XML", "ctrl.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: unitRows(append(threeUnits[:2:2], []any{u3, "承德戊己物流有限公司", "双桥区", "规上工业", rawNum("777")})...)})
			mutatePart(t, p, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte("<v>777</v>"), []byte("<v>7\x0177</v>"), 1)
			})
		}, []string{"工作表“Sheet1”", "第 4 行含有 XML 不允许的控制字符 U+0001"}},
		{"malformed markup in a middle row", "markup.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: unitRows(threeUnits...)})
			mutatePart(t, p, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte(`<c r="B3"`), []byte(`<c r="B3"<`), 1)
			})
		}, []string{"工作表“Sheet1”", "工作表数据已损坏或不完整: 只读到第 3 行, 文件中的数据到第 4 行"}},
		{"second sheet damaged", "counties.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "双桥区", rows: unitRows(threeUnits[0])},
				sheetData{name: "隆化县", rows: unitRows(threeUnits[1:]...)})
			mutatePart(t, p, "xl/worksheets/sheet2.xml", cutAt(t, `<row r="3"`, 12))
		}, []string{"工作表“隆化县”", "文件在第 3 行中间中断"}},
		{"CSV quote never closed", "quote.csv", "", func(t *testing.T, p string) {
			writeFile(t, p, []byte("统一社会信用代码,单位名称,县(市、区),单位类别\n"+u1+",\"承德甲乙机械有限公司,双桥区,规上工业\n"+u2+",承德丙丁商贸有限公司,双桥区,规上工业\n"))
		}, []string{"第 2 行(文件第 2 行起): CSV 格式错误: 引号没有配对"}},
		{"CSV invalid UTF-8 after the sniffed part", "bytes.csv", "", func(t *testing.T, p string) {
			var b bytes.Buffer
			b.WriteString("统一社会信用代码,单位名称,县(市、区),单位类别\n")
			for i := 0; b.Len() < 70<<10; i++ {
				fmt.Fprintf(&b, "%s,承德第%05d号公司,双桥区,规上工业\n", SyntheticUSCC("130802", 1000+i), i)
			}
			b.WriteString(u1 + ",承德\xff\xfe公司,双桥区,规上工业\n")
			writeFile(t, p, b.Bytes())
		}, []string{"第 2 列: 含有按 UTF-8 编码无法识别的字节"}},
		{"UTF-8 CSV with a bad byte near the top", "utf8bad.csv", "", func(t *testing.T, p string) {
			writeFile(t, p, []byte("USCC,Name,County,Category\n"+u1+",承德甲乙机械有限公司,双桥区,规上工业\n"+u2+",承德丙丁\xff商贸有限公司,双桥区,规上工业\n"+u3+",承德戊己物流有限公司,双桥区,规上工业\n"))
		}, []string{"第 3 行第 2 列: 含有按 UTF-8 编码无法识别的字节"}},
		{"GBK CSV with a byte GB18030 cannot decode", "gbk.csv", "", func(t *testing.T, p string) {
			b := gbk(t, "统一社会信用代码,单位名称,县(市、区),单位类别\r\n"+u1+",承德甲乙机械有限公司,双桥区,规上工业\r\n")
			b = append(b, []byte(u2+",\x81\x20,")...)
			b = append(b, gbk(t, "双桥区,规上工业\r\n")...)
			writeFile(t, p, b)
		}, []string{"第 3 行第 2 列: 含有按 GBK/GB18030 编码无法识别的字节"}},
		{"control character in a CSV cell", "bell.csv", "", func(t *testing.T, p string) {
			writeFile(t, p, []byte("统一社会信用代码,单位名称,县(市、区),单位类别,备注\n"+u1+",承德甲乙\x07机械有限公司,双桥区,规上工业,\n"+u2+",承德丙丁商贸有限公司,双桥区,规上工业,旧\x1b名\n"))
		}, []string{"第 2 行 单位名称 列: 含有控制字符 U+0007", "第 3 行 备注 列: 含有控制字符 U+001B"}},
		{"control character in an xlsx cell", "ctrl2.xlsx", "", func(t *testing.T, p string) {
			// Excel writes a control character as _x0001_; excelize
			// decodes it.
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: unitRows([]any{u1, "承德甲乙X机械有限公司", "双桥区", "规上工业"})})
			mutatePart(t, p, "xl/sharedStrings.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte("甲乙X机械"), []byte("甲乙_x0001_机械"), 1)
			})
		}, []string{"第 2 行 单位名称 列: 含有控制字符 U+0001"}},
		{"text garbled before (U+FFFD)", "fffd.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: unitRows([]any{u1, "承德甲乙\uFFFD机械有限公司", "双桥区", "规上工业"})})
		}, []string{"第 2 行 单位名称 列: 含有乱码字符 U+FFFD"}},
		{"template example row edited, not deleted", "tpl.xlsx", "", func(t *testing.T, p string) {
			if err := WriteTemplate(Units, p, DefaultLists()); err != nil {
				t.Fatal(err)
			}
			mutatePart(t, p, "xl/sharedStrings.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte("承德示例机械制造有限公司"), []byte("承德真实机械有限公司"), 1)
			})
		}, []string{"第 2 行 统一社会信用代码 列: 示例行未删除"}},
		{"OpenDocument spreadsheet", "list.ods", "", func(t *testing.T, p string) {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("mimetype")
			w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
			w, _ = zw.Create("content.xml")
			w.Write([]byte("<office:document-content/>"))
			zw.Close()
			writeFile(t, p, buf.Bytes())
		}, []string{"OpenDocument 表格(.ods)", "另存为"}},
		{"OpenDocument named .xlsx", "list.xlsx", "", func(t *testing.T, p string) {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("mimetype")
			w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
			zw.Close()
			writeFile(t, p, buf.Bytes())
		}, []string{"OpenDocument 表格(.ods)"}},
		{"missing file", "", "", nil, []string{"找不到文件 ", "no-such-file.xlsx"}},
		{"100,000-character cell in a CSV", "long.csv", "", func(t *testing.T, p string) {
			writeFile(t, p, []byte("统一社会信用代码,单位名称,县(市、区),单位类别\n"+u1+","+long+",双桥区,规上工业\n"))
		}, []string{"内容过长(100000 字, 最多 200 字)"}},
		{"100,000-character cell in an xlsx", "long.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: unitRows([]any{u1, "X", "双桥区", "规上工业"})})
			mutatePart(t, p, "xl/sharedStrings.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte("<t>X</t>"), []byte("<t>"+long+"</t>"), 1)
			})
		}, []string{"内容过长(100000 字, 最多 200 字)"}},
		{"duplicate code across sheets", "dup.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "双桥区", rows: unitRows(threeUnits[0])},
				sheetData{name: "隆化县", rows: unitRows([]any{u1, "承德另一家公司", "隆化县", "规上工业"})})
		}, []string{"工作表“隆化县” 第 2 行 统一社会信用代码 列: 与工作表“双桥区”第 2 行代码重复"}},
		{"mapped column absent", "map.xlsx", "单位名称=企业全称", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: [][]any{{"统一社会信用代码", "企业", "县(市、区)", "单位类别"}, threeUnits[0]}})
		}, []string{"找不到表头", "缺少“单位名称”", "--columns"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLibDB(t)
			path := filepath.Join(t.TempDir(), "no-such-file.xlsx")
			if tt.make != nil {
				path = filepath.Join(t.TempDir(), tt.file)
				tt.make(t, path)
			}
			opt := Options{Mode: store.Replace, Today: "2026-11-01"}
			if tt.columns != "" {
				var err error
				if opt.Columns, err = ParseColumns(Units, tt.columns); err != nil {
					t.Fatal(err)
				}
			}
			before := l.libraryBytes(t)
			rep, err := ImportFile(l.db, Units, path, opt, nil)
			if err == nil {
				t.Fatalf("import succeeded: %+v", rep.Summary)
			}
			all := err.Error()
			for _, e := range rep.Errors {
				all += "\n" + e.Error()
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("errors do not mention %q:\n%s", w, all)
				}
			}
			if !bytes.Equal(before, l.libraryBytes(t)) {
				t.Fatal("the library changed although the file was refused")
			}
		})
	}
}

// TestRealWorldFiles: files made by other systems are accepted, and the
// report says how they were read.
func TestRealWorldFiles(t *testing.T) {
	utf16 := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, r := range s {
			if r > 0xFFFF {
				t.Fatal("test text outside the BMP")
			}
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	tests := []struct {
		name    string
		file    string
		columns string
		make    func(t *testing.T, path string)
		rows    int
		sheets  []SheetReport
		sources []string // among rep.Sources
		warns   []string // fragments of rep.Warnings
		noWarn  []string // must not appear in rep.Warnings
	}{
		{"UTF-16 text saved by Excel (Unicode 文本)", "u16.csv", "", func(t *testing.T, p string) {
			writeFile(t, p, utf16("统一社会信用代码\t单位名称\t县(市、区)\t单位类别\r\n"+u1+"\t承德甲乙机械有限公司\t双桥区\t规上工业\r\n"+u2+"\t承德丙丁商贸有限公司\t隆化县\t其他\r\n"))
		}, 2, nil, nil, nil, nil},
		{"one sheet per county, instructions and a summary", "book.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p,
				sheetData{name: "填表说明", rows: [][]any{{"请按县分表填写"}, {"统一社会信用代码", "单位名称"}}},
				sheetData{name: "双桥区", rows: unitRows(threeUnits[0])},
				sheetData{name: "隆化县", rows: append([][]any{{"隆化县单位名录"}}, unitRows([]any{u2, "承德丙丁商贸有限公司", "隆化县", "规上工业"}, []any{u3, "承德戊己物流有限公司", "隆化县", "规上工业"})...)},
				sheetData{name: "汇总", rows: [][]any{{"县区", "户数"}, {"双桥区", 1}, {"隆化县", 2}}})
		}, 3, []SheetReport{{"双桥区", 1, 1}, {"隆化县", 2, 2}}, nil, []string{"工作表“汇总”有内容, 但前 30 行中没有检查对象名录的表头"}, []string{"填表说明"}},
		{"market-regulator list", "scjg.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "企业名单", rows: [][]any{
				{"序号", "企业名称", "统一社会信用代码", "所属区划", "专业类别", "住所"},
				{1, "承德甲乙机械有限公司", u1, "河北省承德市双桥区", "规模以上工业", "承德市双桥区某路1号"},
				{2, "承德丙丁商贸有限公司", u2, "承德市平泉市", "规模以上工业", ""},
				{3, "承德戊己物流有限公司", u3, "河北省承德市丰宁县", "房地产开发经营业", ""},
			}})
		}, 3, nil, []string{"单位名称 ← 企业名称", "县(市、区) ← 所属区划", "单位类别 ← 专业类别", "详细地址 ← 住所"},
			[]string{"按简称理解 单位类别: 规模以上工业 → 规上工业: 2 行", "房地产开发经营业 → 房地产开发: 1 行"}, nil},
		{"statistics 名录 export with codes of 9 and 12 digits", "ml.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "名录", rows: [][]any{
				{"统一代码", "单位详细名称", "行政区划代码", "单位类别"},
				{u1, "承德甲乙机械有限公司", "130802000000", "规上工业"},
				{u2, "承德丙丁商贸有限公司", "130821100", "规上工业"},
			}})
		}, 2, nil, []string{"统一社会信用代码 ← 统一代码", "单位名称 ← 单位详细名称", "县(市、区) ← 行政区划代码"}, nil, nil},
		{"explicit --columns", "cols.xlsx", "单位类别=行业,单位名称=企业全称,统一社会信用代码=编号", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: [][]any{
				{"编号", "企业全称", "县(市、区)", "行业", "类别"},
				{u1, "承德甲乙机械有限公司", "双桥区", "规上工业", "不是单位类别"},
			}})
		}, 1, nil, []string{"单位类别 ← 行业", "单位名称 ← 企业全称", "统一社会信用代码 ← 编号"}, nil, nil},
		{"same name, different codes", "same.xlsx", "", func(t *testing.T, p string) {
			writeXLSX(t, p, sheetData{name: "Sheet1", rows: unitRows(
				[]any{u1, "承德甲乙机械有限公司", "双桥区", "规上工业"},
				[]any{u2, "承德甲乙机械有限公司", "双桥区", "规上工业"})})
		}, 2, nil, nil, []string{"1 处同名不同代码的单位", "“承德甲乙机械有限公司” 第 2 行与第 3 行(代码 " + u2 + ")"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			path := filepath.Join(t.TempDir(), tt.file)
			tt.make(t, path)
			opt := Options{Today: "2026-11-01"}
			if tt.columns != "" {
				var err error
				if opt.Columns, err = ParseColumns(Units, tt.columns); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := ImportFile(db, Units, path, opt, nil)
			if err != nil {
				t.Fatalf("import: %v\n%v", err, rep.Errors)
			}
			if rep.Summary.Added != tt.rows {
				t.Fatalf("added %d, want %d", rep.Summary.Added, tt.rows)
			}
			if tt.sheets != nil && fmt.Sprint(rep.Sheets) != fmt.Sprint(tt.sheets) {
				t.Errorf("sheets %v, want %v", rep.Sheets, tt.sheets)
			}
			for _, s := range tt.sources {
				if !strings.Contains(strings.Join(rep.Sources, "\n"), s) {
					t.Errorf("sources %q lack %q", rep.Sources, s)
				}
			}
			warns := strings.Join(rep.Warnings, "\n")
			for _, w := range tt.warns {
				if !strings.Contains(warns, w) {
					t.Errorf("warnings lack %q:\n%s", w, warns)
				}
			}
			for _, w := range tt.noWarn {
				if strings.Contains(warns, w) {
					t.Errorf("warnings mention %q:\n%s", w, warns)
				}
			}
		})
	}
}

// TestCountyForms: the ways a county is written in real files, and the
// suggestion for one that is not known.
func TestCountyForms(t *testing.T) {
	p := newParser(Units, &Library{Counties: ChengdeCounties}, nil, false, "", "2026-11-01")
	for _, tt := range []struct{ in, want string }{
		{"双桥区", "130802"}, {"130802", "130802"}, {"130802000000", "130802"}, {"130826101", "130826"},
		{"河北省承德市双桥区", "130802"}, {"承德市平泉市", "130881"}, {"平泉市", "130881"}, {"河北承德双滦区", "130803"},
		{"河北省承德市丰宁县", "130826"}, {"承德市高新区", "130871"}, {"承德市承德县", "130821"}, {"承德县", "130821"},
		{"承德市滦平", "130824"}, {"承德", ""}, {"河北省承德市", ""}, {"双桥区某街道", ""}, {"130899000000", ""},
	} {
		got, ok := p.county(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("county(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"河北省承德市双乔区", "是否为“双桥区”"}, {"承德市栾平县", "是否为“滦平县”"}, {"承德市兴龙县", "是否为“兴隆县”"},
	} {
		if _, ok := p.county(tt.in); ok {
			t.Fatalf("county(%q) found", tt.in)
		}
		if msg := p.unknownCounty(tt.in); !strings.Contains(msg, tt.want) {
			t.Errorf("unknownCounty(%q) = %q, want %q", tt.in, msg, tt.want)
		}
	}
}

// TestKnownCountiesListedOnce: a file with many unknown counties lists the
// known ones with the first error only.
func TestKnownCountiesListedOnce(t *testing.T) {
	db := openDB(t)
	path := filepath.Join(t.TempDir(), "c.csv")
	writeFile(t, path, []byte("统一社会信用代码,单位名称,县(市、区),单位类别\n"+u1+",甲公司,双乔区,规上工业\n"+u2+",乙公司,双乔区,规上工业\n"+u3+",丙公司,鹰首营子矿区,规上工业\n"))
	rep, err := ImportFile(db, Units, path, Options{}, nil)
	if err == nil || len(rep.Errors) != 3 {
		t.Fatalf("err %v, errors %v", err, rep.Errors)
	}
	listed := 0
	for _, e := range rep.Errors {
		if strings.Contains(e.Reason, "承德高新技术产业开发区") {
			listed++
		}
	}
	if listed != 1 || !strings.Contains(rep.Errors[0].Reason, "名录库中的县(市、区): 双桥区、") {
		t.Fatalf("known counties listed %d times:\n%v", listed, rep.Errors)
	}
}

// TestMissingColumnsKeepLibraryValues: a list without the 重点单位,
// 严重失信, 地址 … columns does not wipe them from units already in the
// library; a file with the column still sets them.
func TestMissingColumnsKeepLibraryValues(t *testing.T) {
	db := openDB(t)
	if _, err := db.ImportUnits(store.ImportOptions{}, func(put func(store.Unit) error) error {
		return put(store.Unit{ID: u1, Name: "承德甲乙机械有限公司", County: "130802", Category: "规上工业", Address: "双桥区某路1号",
			Contact: "0314-1", Key: true, DishonestFrom: "2026-01-05", Status: store.StatusClosed})
	}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	list := filepath.Join(dir, "list.xlsx")
	writeXLSX(t, list, sheetData{name: "Sheet1", rows: [][]any{
		{"企业名称", "统一社会信用代码", "所属区划", "专业类别"},
		{"承德甲乙机械有限公司(更名)", u1, "双桥区", "规上工业"},
		{"承德丙丁商贸有限公司", u2, "双桥区", "规上工业"},
	}})
	for _, mode := range []store.ImportMode{store.Merge, store.Replace} {
		rep, err := ImportFile(db, Units, list, Options{Mode: mode}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(rep.Kept, ","), "重点单位") || !strings.Contains(strings.Join(rep.Warnings, "\n"), "名录库中已有的单位保留原值") {
			t.Errorf("mode %d: report %v / %v", mode, rep.Kept, rep.Warnings)
		}
		u, _, _ := db.Unit(u1)
		if u.Name != "承德甲乙机械有限公司(更名)" || !u.Key || u.Address != "双桥区某路1号" || u.Contact != "0314-1" || u.DishonestFrom != "2026-01-05" || u.Status != store.StatusClosed {
			t.Fatalf("mode %d: the unit lost what the file had no column for: %+v", mode, u)
		}
		if n, _, _ := db.Unit(u2); n.Key || n.Status != store.StatusActive || !n.DirectReporting {
			t.Fatalf("mode %d: a new unit without defaults: %+v", mode, n)
		}
	}
	withKey := filepath.Join(dir, "key.xlsx")
	writeXLSX(t, withKey, sheetData{name: "Sheet1", rows: [][]any{
		{"统一社会信用代码", "单位名称", "县(市、区)", "单位类别", "重点单位"},
		{u1, "承德甲乙机械有限公司", "双桥区", "规上工业", "否"},
	}})
	if _, err := ImportFile(db, Units, withKey, Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if u, _, _ := db.Unit(u1); u.Key || u.Address != "双桥区某路1号" {
		t.Fatalf("a file with the 重点单位 column did not set it, or wiped the rest: %+v", u)
	}
}

// TestGuessHeaderAndPick: a file whose columns are named otherwise gives
// the closest row and the required columns it lacks; picking them makes
// the import go through.
func TestGuessHeaderAndPick(t *testing.T) {
	db := openDB(t)
	path := filepath.Join(t.TempDir(), "odd.xlsx")
	writeXLSX(t, path, sheetData{name: "名单", rows: [][]any{
		{"名单"},
		{"信用号", "企业", "县区", "行业"},
		{u1, "承德甲乙机械有限公司", "双桥区", "规上工业"},
	}})
	g, found, err := GuessHeader(path, Units, nil)
	if err != nil || found || g.Sheet != "名单" || g.Row != 2 || len(g.Cells) != 4 {
		t.Fatalf("GuessHeader = %+v, %v, %v", g, found, err)
	}
	var missing []string
	for _, c := range g.Missing {
		missing = append(missing, Columns(Units)[c].Header)
	}
	if strings.Join(missing, ",") != "统一社会信用代码,单位名称,单位类别" {
		t.Fatalf("missing %v", missing)
	}
	var m map[int]string
	for _, c := range g.Missing {
		m = PickColumn(m, c, map[string]string{"统一社会信用代码": "信用号", "单位名称": "企业", "单位类别": "行业"}[Columns(Units)[c].Header])
	}
	if _, found, err := GuessHeader(path, Units, m); err != nil || !found {
		t.Fatalf("after picking: found %v, %v", found, err)
	}
	rep, err := ImportFile(db, Units, path, Options{Columns: m}, nil)
	if err != nil || rep.Summary.Added != 1 {
		t.Fatalf("import with the picked columns: %+v %v", rep.Summary, err)
	}
}
