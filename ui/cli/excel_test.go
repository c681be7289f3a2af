package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTemplateImportExportRoundTrip: load the demo files through the CLI,
// export every library as .xlsx and .csv, import each export into a second
// database and export again: the files must say the same, and importing an
// export into its own database changes nothing.
func TestTemplateImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	kinds := []string{"counties", "matters", "units", "inspectors", "history"}
	for _, k := range kinds {
		if code, out, errOut := run(t, "", "--db", db1, "import", k, filepath.Join("..", "..", "assets", "demo", k+".xlsx")); code != 0 {
			t.Fatalf("import %s: %d\n%s%s", k, code, out, errOut)
		}
	}
	for _, ext := range []string{".xlsx", ".csv"} {
		for _, k := range kinds {
			f1 := filepath.Join(dir, "1-"+k+ext)
			if code, _, errOut := run(t, "", "--db", db1, "export", k, "-o", f1); code != 0 {
				t.Fatalf("export %s: %s", k, errOut)
			}
			if fi, err := os.Stat(f1); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("%s: %v %v", f1, fi.Mode(), err)
			}
			code, out, errOut := run(t, "", "--db", db1, "import", k, f1)
			if code != 0 || !strings.Contains(out, "新增 0, 更新 0,") {
				t.Fatalf("re-import %s%s into its own database changed something: %s%s", k, ext, out, errOut)
			}
			if code, out, errOut := run(t, "", "--db", db2+ext, "import", k, f1); code != 0 {
				t.Fatalf("import %s into a new database: %s%s", k, out, errOut)
			}
			f2 := filepath.Join(dir, "2-"+k+ext)
			if code, _, errOut := run(t, "", "--db", db2+ext, "export", k, "-o", f2); code != 0 {
				t.Fatalf("export %s: %s", k, errOut)
			}
			if ext == ".csv" {
				a, _ := os.ReadFile(f1)
				b, _ := os.ReadFile(f2)
				if string(a) != string(b) {
					t.Fatalf("%s: export → import → export differs", k)
				}
			}
		}
	}
}

func TestImportCLIErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	td := filepath.Join("..", "..", "store", "excel", "testdata")
	if code, _, _ := run(t, "", "--db", db, "import", "counties", filepath.Join("..", "..", "assets", "demo", "counties.xlsx")); code != 0 {
		t.Fatal("counties")
	}
	errs := filepath.Join(dir, "e.xlsx")
	code, _, errOut := run(t, "", "--db", db, "import", "units", filepath.Join(td, "bad_duplicate_codes.xlsx"), "--errors", errs)
	if code != 1 || !strings.Contains(errOut, "第 4 行 统一社会信用代码 列: 与第 2 行代码重复") || !strings.Contains(errOut, "未写入任何数据") {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if fi, err := os.Stat(errs); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("errors file: %v", err)
	}
	code, out, _ := run(t, "", "--db", db, "import", "units", filepath.Join(td, "bad_duplicate_codes.xlsx"), "--skip-invalid")
	if code != 0 || !strings.Contains(out, "新增 2") || !strings.Contains(out, "跳过有错误的 1 行") {
		t.Fatalf("skip-invalid: %d %s", code, out)
	}
	for _, args := range [][]string{
		{"import", "units"},
		{"import", "widgets", "x.xlsx"},
		{"import", "units", "x.xlsx", "--mode", "upsert"},
		{"import", "units", "x.xlsx", "--mode", "replace", "--skip-invalid"},
		{"export", "units", "-o", "x.txt"},
		{"template", "units"},
	} {
		if code, _, _ := run(t, "", append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	tpl := filepath.Join(dir, "t.xlsx")
	for _, k := range []string{"units", "inspectors", "matters", "counties", "history"} {
		if code, _, errOut := run(t, "", "--db", db, "template", k, "-o", tpl); code != 0 {
			t.Fatalf("template %s: %s", k, errOut)
		}
		// An untouched template has no data rows.
		if code, _, errOut := run(t, "", "--db", db, "import", k, tpl); code != 1 || !strings.Contains(errOut, "没有数据") {
			t.Fatalf("import empty template %s: %d %s", k, code, errOut)
		}
	}
}
