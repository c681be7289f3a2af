package excel

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
)

// checkPrintSetup asserts that a sheet prints on A4 landscape, one page
// wide, with its first row repeated and page numbers in the footer.
func checkPrintSetup(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	layout, err := f.GetPageLayout(sheet)
	if err != nil || *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("%s: page layout %+v %v", path, layout, err)
	}
	if props, _ := f.GetSheetProps(sheet); props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("%s: not fitted to the page width", path)
	}
	if hf, _ := f.GetHeaderFooter(sheet); !strings.Contains(hf.OddFooter, "第 &P 页 共 &N 页") {
		t.Errorf("%s: footer %q", path, hf.OddFooter)
	}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet && dn.RefersTo == "'"+sheet+"'!$1:$1" {
			return
		}
	}
	t.Errorf("%s: the header row is not repeated on every page: %+v", path, f.GetDefinedName())
}

func TestTemplatesAndExportsPrintOnePageWide(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		tpl := filepath.Join(dir, "template-"+string(k)+".xlsx")
		if err := WriteTemplate(k, tpl, DefaultLists()); err != nil {
			t.Fatal(err)
		}
		checkPrintSetup(t, tpl)
		out := filepath.Join(dir, "export-"+string(k)+".xlsx")
		if _, err := Export(db, k, out); err != nil {
			t.Fatal(err)
		}
		checkPrintSetup(t, out)
	}
}

func TestProgressErrorStopsTheImportAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "units.xlsx")
	if _, err := Export(db, Units, path); err != nil {
		t.Fatal(err)
	}
	empty, err := store.Open(filepath.Join(dir, "empty.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	if _, err := ImportFile(empty, Counties, filepath.Join("..", "..", "assets", "demo", "counties.xlsx"), Options{}, nil); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("operator quit")
	calls := 0
	_, err = ImportFile(empty, Units, path, Options{}, func(rows int) error {
		calls++
		if rows >= 1000 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("error %v after %d progress calls", err, calls)
	}
	n := 0
	empty.EachUnit(func(store.Unit) error { n++; return nil })
	if n != 0 {
		t.Fatalf("a stopped import wrote %d units", n)
	}
}
