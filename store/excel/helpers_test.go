package excel

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
)

// openDB opens a fresh store with the Chengde counties loaded.
func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	_, err = db.ImportCounties(store.ImportOptions{}, func(put func(store.County) error) error {
		for _, c := range ChengdeCounties {
			if err := put(c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// cell values: a string is written as text; a float64 or int as a number;
// a formula{} as a formula without a cached value.
type formula string

// rawNum is a number cell with exactly this XML value, as Excel writes it.
type rawNum string

// writeXLSX writes sheets (name → rows) in order.
func writeXLSX(t testing.TB, path string, sheets ...sheetData) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				var err error
				switch v := v.(type) {
				case formula:
					err = f.SetCellFormula(s.name, cell, string(v))
				case rawNum:
					err = f.SetCellDefault(s.name, cell, string(v))
				case string:
					err = f.SetCellStr(s.name, cell, v)
				default:
					err = f.SetCellValue(s.name, cell, v)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merge {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

type sheetData struct {
	name  string
	rows  [][]any
	merge [][2]string
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestConflictDepartmentsColumnIsIgnoredWithAWord: the draw cannot apply a
// 回避部门 (units carry no department), so the column is not collected: an
// inspector file that has it imports, names it among the ignored columns
// and says where such a conflict goes instead.
func TestConflictDepartmentsColumnIsIgnoredWithAWord(t *testing.T) {
	db := openDB(t)
	path := filepath.Join(t.TempDir(), "inspectors.csv")
	writeFile(t, path, []byte("执法证号,姓名,所属县(市、区),专业,执法证有效期至,回避部门\r\n13080009999,测试员,双桥区,综合,2028-12-31,财政局\r\n"))
	rep, err := ImportFile(db, Inspectors, path, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rep.Ignored, "回避部门") || !strings.Contains(strings.Join(rep.Warnings, "\n"), "“回避部门”列已忽略") ||
		!strings.Contains(strings.Join(rep.Warnings, "\n"), "回避单位") {
		t.Fatalf("ignored %v, warnings %v", rep.Ignored, rep.Warnings)
	}
	for _, h := range Columns(Inspectors) {
		if h.Header == "回避部门" {
			t.Fatal("the template still has a 回避部门 column")
		}
	}
}
