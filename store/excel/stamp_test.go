package excel

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangsui/assets/version"
)

// Every workbook this package saves (templates, exports, error lists: all
// through saveAs) names the program in its document properties.
func TestWorkbooksNameTheProgram(t *testing.T) {
	dir := t.TempDir()
	paths := map[string]func(string) error{
		"template": func(p string) error { return WriteTemplate(Units, p, DefaultLists()) },
		"errors": func(p string) error {
			return WriteErrors(Report{Errors: []RowError{{Row: 2, Column: "名称", Reason: "空"}}, ErrorCount: 1}, p)
		},
	}
	for name, write := range paths {
		path := filepath.Join(dir, name+".xlsx")
		if err := write(path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.GetDocProps()
		f.Close()
		if err != nil || p.Creator != "shuangsui" || p.Description != version.String() {
			t.Errorf("%s: document properties %+v, %v; want the program %q", name, p, err, version.String())
		}
	}
}
