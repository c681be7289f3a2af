package excel

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
)

// writeStreamUnits writes n valid unit rows under a header with excelize's
// StreamWriter; with dim it first sets the sheet's dimension, as Excel, WPS
// and LibreOffice write it (StreamWriter alone leaves the placeholder "A1").
func writeStreamUnits(t *testing.T, path string, n int, dim bool) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if dim {
		if err := f.SetSheetDimension("Sheet1", fmt.Sprintf("A1:D%d", n+1)); err != nil {
			t.Fatal(err)
		}
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", unitHeader); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		c := ChengdeCounties[i*len(ChengdeCounties)/n]
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{SyntheticUSCC(c.Code, i), fmt.Sprintf("承德测试第%d号有限公司", i), c.Name, store.DefaultCategories[i%7]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// writeZip writes a zip holding files (name → content) in order of names.
func writeZip(t *testing.T, path string, names []string, files map[string]string) {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range names {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, b.Bytes())
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`

// TestEstimateRows: the estimate of the corpus files, of generated files
// and of hand-made workbooks, and its errors.
func TestEstimateRows(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big_stream.xlsx")
	writeStreamUnits(t, big, 5000, true)
	bigNoDim := filepath.Join(dir, "big_stream_nodim.xlsx")
	writeStreamUnits(t, bigNoDim, 5000, false)
	cellByCell := filepath.Join(dir, "cell_by_cell.xlsx")
	writeXLSX(t, cellByCell, sheetData{name: "Sheet1", rows: unitRows(
		[]any{u1, "承德甲乙机械有限公司", "双桥区", "规上工业"},
		[]any{u2, "承德丙丁商贸有限公司", "双滦区", "规上工业"})})

	sheet := func(dim string) string {
		return sheetHead + `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` + dim + `<sheetData><row r="1"/></sheetData></worksheet>`
	}
	x := func(name string, sheets ...string) string {
		path := filepath.Join(dir, name)
		files := map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}
		names := []string{"[Content_Types].xml", "xl/workbook.xml"}
		for i, s := range sheets {
			n := "xl/worksheets/sheet" + string(rune('1'+i)) + ".xml"
			files[n], names = s, append(names, n)
		}
		writeZip(t, path, names, files)
		return path
	}
	w := func(name, text string) string {
		path := filepath.Join(dir, name)
		writeFile(t, path, []byte(text))
		return path
	}
	td := func(name string) string { return filepath.Join("testdata", name) }

	tests := []struct {
		name string
		path string
		rows int
		ok   bool
	}{
		// CSV: lines less the header.
		{"csv with BOM", td("good_bom.csv"), 1, true},
		{"csv", td("good_english.csv"), 2, true},
		{"GBK csv", td("good_gbk.csv"), 2, true},
		{"empty csv", td("bad_empty_file.csv"), 0, false},
		{"csv without a final line break", w("no_final_break.csv", "代码,名称\r\n1,甲\r\n2,乙"), 2, true},
		{"csv with old Mac line ends", w("mac.csv", "代码,名称\r1,甲\r2,乙\r3,丙\r"), 3, true},
		{"csv header only", w("header.csv", "代码,名称\n"), 0, true},
		{"tab-separated text", w("units.txt", "代码\t名称\n1\t甲\n"), 1, true},
		// xlsx: the dimension less the header.
		{"StreamWriter with SetSheetDimension, 5,000 rows", big, 5000, true},
		{"StreamWriter alone: placeholder A1", bigNoDim, 0, false},
		{"excelize cell by cell: placeholder A1", cellByCell, 0, false},
		{"corpus file: placeholder A1", td("good_title_rows.xlsx"), 0, false},
		{"corpus, two sheets: placeholder A1", td("good_second_sheet.xlsx"), 0, false},
		{"Excel's dimension", x("excel.xlsx", sheet(`<dimension ref="A1:L1000001"/>`)), 1000000, true},
		{"absolute refs, prefixed element", x("prefixed.xlsx", sheet(`<x:dimension xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ref="$A$1:$C$21"/>`)), 20, true},
		{"largest sheet wins", x("sheets.xlsx", sheet(`<dimension ref="A1:D11"/>`), sheet(`<dimension ref="B3:F2401"/>`), sheet(`<dimension ref="A1"/>`)), 2400, true},
		{"no dimension", x("nodim.xlsx", sheet("")), 0, false},
		{"dimension after the first 16 KB", x("late.xlsx", sheetHead+"<!--"+strings.Repeat(" ", 17000)+`--><dimension ref="A1:C9"/><sheetData/></worksheet>`), 0, false},
		{"dimension after the cells", x("after.xlsx", sheetHead+`<sheetData/><dimension ref="A1:C9"/></worksheet>`), 0, false},
		{"zip named .csv is read as a workbook", func() string {
			p := filepath.Join(dir, "really.csv")
			b, _ := os.ReadFile(x("src.xlsx", sheet(`<dimension ref="A1:C4"/>`)))
			writeFile(t, p, b)
			return p
		}(), 3, true},
		// neither
		{"zip bomb: only 16 KB of the 8 GB sheet is read", td("bad_zip_bomb.xlsx"), 0, false},
		{"not a workbook", td("bad_not_spreadsheet.xlsx"), 0, false},
		{"old .xls", td("bad_old_xls.xls"), 0, false},
		{"binary", td("bad_binary.dat"), 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			rows, ok, err := EstimateRows(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if rows != tc.rows || ok != tc.ok {
				t.Errorf("EstimateRows(%s) = %d, %v; want %d, %v", filepath.Base(tc.path), rows, ok, tc.rows, tc.ok)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestEstimateRowsErrors: a missing file and a damaged zip are errors
// that name what failed.
func TestEstimateRowsErrors(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(t.TempDir(), "missing.xlsx"), "打开文件"},
		{filepath.Join("testdata", "bad_truncated.xlsx"), "无法解开"},
	} {
		rows, ok, err := EstimateRows(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || ok || rows != 0 {
			t.Errorf("EstimateRows(%s) = %d, %v, %v; want an error with %q", tc.path, rows, ok, err, tc.want)
		}
	}
}

// TestEstimateRowsMatchesImport: for a workbook with a dimension and for
// a CSV, the estimate is the number of rows the importer reads.
func TestEstimateRowsMatchesImport(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "units.xlsx")
	writeStreamUnits(t, xlsx, 1500, true)
	lines := []string{"统一社会信用代码,单位名称,县(市、区),单位类别"}
	for i := range 1200 {
		lines = append(lines, fmt.Sprintf("%s,承德测试第%d号有限公司,双桥区,规上工业", SyntheticUSCC("130802", i), i))
	}
	csv := filepath.Join(dir, "units.csv")
	writeFile(t, csv, []byte(strings.Join(lines, "\r\n")+"\r\n"))
	for _, path := range []string{xlsx, csv} {
		est, ok, err := EstimateRows(path)
		if err != nil || !ok {
			t.Fatal(est, ok, err)
		}
		rep, err := ImportFile(openDB(t), Units, path, Options{DryRun: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != est {
			t.Errorf("%s: estimate %d, import read %d rows", filepath.Base(path), est, rep.Rows)
		}
	}
}
