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

// TestReplaceNeedsYesAndUndo: a replace that would remove most of the
// library states the numbers and writes nothing without --yes (the
// database file unchanged byte for byte); with --yes it runs, and
// import undo puts the library back, once, and both are in import log.
func TestReplaceNeedsYesAndUndo(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	demo := filepath.Join("..", "..", "assets", "demo")
	for _, k := range []string{"counties", "units"} {
		if code, _, errOut := run(t, "", "--db", db, "import", k, filepath.Join(demo, k+".xlsx")); code != 0 {
			t.Fatalf("import %s: %s", k, errOut)
		}
	}
	all := filepath.Join(dir, "all.csv")
	if code, _, errOut := run(t, "", "--db", db, "export", "units", "-o", all); code != 0 {
		t.Fatal(errOut)
	}
	b, err := os.ReadFile(all)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\r\n")
	five := filepath.Join(dir, "five.csv")
	if err := os.WriteFile(five, []byte(strings.Join(lines[:6], "")), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(db)
	code, out, errOut := run(t, "", "--db", db, "import", "units", five, "--mode", "replace")
	if code == 0 || !strings.Contains(out, "文件中没有的 2395 条记录将移出检查对象名录(现有 2400 条") || !strings.Contains(errOut, "--yes") {
		t.Fatalf("replace without --yes: exit %d\n%s%s", code, out, errOut)
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Fatal("a refused replace changed the database file")
	}
	code, out, errOut = run(t, "", "--db", db, "import", "units", five, "--mode", "replace", "--yes")
	if code != 0 || !strings.Contains(out, "移出名录库 2395") || !strings.Contains(out, "import undo") {
		t.Fatalf("replace --yes: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "", "--db", db, "import", "undo", "--by", "王五")
	if code != 0 || !strings.Contains(out, "已撤销 检查对象名录 的导入(名录变动第 4 条, 文件 "+five) {
		t.Fatalf("undo: exit %d\n%s%s", code, out, errOut)
	}
	again := filepath.Join(dir, "again.csv")
	if code, _, errOut := run(t, "", "--db", db, "export", "units", "-o", again); code != 0 {
		t.Fatal(errOut)
	}
	if a, _ := os.ReadFile(again); string(a) != string(b) {
		t.Fatal("the library after the undo differs from before the replace")
	}
	if code, _, errOut := run(t, "", "--db", db, "import", "undo"); code == 0 || !strings.Contains(errOut, "没有可以撤销的导入") {
		t.Fatalf("second undo: exit %d %s", code, errOut)
	}
	code, out, _ = run(t, "", "--db", db, "import", "log")
	if code != 0 || strings.Count(out, "\n") != 5 || !strings.Contains(out, "王五\t撤销第 4 条\t检查对象名录\treplace") ||
		!strings.Contains(out, "数据库结构第 6 版\t起点(记下指纹)\t设置") {
		t.Fatalf("log:\n%s", out)
	}
	// A small replace (under 10 % and 50) needs no --yes.
	most := filepath.Join(dir, "most.csv")
	if err := os.WriteFile(most, []byte(strings.Join(lines[:len(lines)-3], "")), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, "", "--db", db, "import", "units", most, "--mode", "replace"); code != 0 || !strings.Contains(out, "移出名录库 2") {
		t.Fatalf("small replace: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, _ := run(t, "", "--db", db, "import", "units", most, "--columns", "单位=企业名称"); code != 2 {
		t.Fatalf("--columns naming no field: exit %d, want 2", code)
	}
}

// TestImportMissingFileCreatesNothing: a mistyped file name is named in
// Chinese and no database is created for it.
func TestImportMissingFileCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "new.db")
	file := filepath.Join(dir, "名录.xlsx")
	code, _, errOut := run(t, "", "--db", db, "import", "units", file)
	if code != 1 || !strings.Contains(errOut, "找不到文件 "+file) {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("a database was created for a file that does not exist")
	}
}
