package excel

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWrappedLines(t *testing.T) {
	for _, tt := range []struct {
		text  string
		width float64
		want  int
	}{
		{"", 10, 1},
		{"abc", 10, 1},
		{"双桥区", 10, 1},                    // 6 units in 9
		{"重点单位本年未检查", 16, 2},              // 18 units in 15
		{"重点单位本年未检查", 26, 1},              // 18 units in 25
		{strings.Repeat("统计", 50), 30, 7}, // 200 units in 29
		{"一\n二\n三", 30, 3},
	} {
		if got := WrappedLines(tt.text, tt.width); got != tt.want {
			t.Errorf("WrappedLines(%q, %v) = %d, want %d", tt.text, tt.width, got, tt.want)
		}
	}
	if h := RowHeight([]string{"短", strings.Repeat("长", 100)}, []float64{10, 20}); h != 11*LineHeight+RowPadding {
		t.Errorf("RowHeight = %v, want the tallest cell's %v", h, 11*LineHeight+RowPadding)
	}
	if h := RowHeight([]string{strings.Repeat("长", 10000)}, []float64{10}); h != 409 {
		t.Errorf("RowHeight of a huge cell = %v, want Excel's limit 409", h)
	}
}

// errorsReport is a report with many long reasons, from two sheets.
func errorsReport() Report {
	rep := Report{Kind: Units, File: "/tmp/名录.xlsx", ErrorCount: 60, Invalid: 60}
	for i := range 60 {
		rep.Errors = append(rep.Errors, RowError{Sheet: []string{"双桥区", "隆化县"}[i%2], Row: i + 2, Column: "县(市、区)", Value: "双乔区",
			Reason: "未知的县(市、区) \"双乔区\", 是否为“双桥区”? 名录库中的县(市、区): 双桥区、双滦区、鹰手营子矿区、承德县、兴隆县、滦平县、隆化县、丰宁满族自治县、宽城满族自治县、围场满族蒙古族自治县"})
	}
	return rep
}

// TestErrorsWorkbookPrints: the errors workbook prints on A4 landscape,
// one page wide, title and header on every page, rows as tall as the
// wrapped reason.
func TestErrorsWorkbookPrints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "错误.xlsx")
	if err := WriteErrors(errorsReport(), path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "错误清单"
	layout, err := f.GetPageLayout(sheet)
	if err != nil || *layout.Size != 9 || *layout.Orientation != "landscape" || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
		t.Errorf("page layout %+v %v", layout, err)
	}
	titles := false
	for _, dn := range f.GetDefinedName() {
		titles = titles || dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet && dn.RefersTo == "'"+sheet+"'!$1:$2"
	}
	if !titles {
		t.Errorf("title and header not repeated: %+v", f.GetDefinedName())
	}
	if head, _ := f.GetCellValue(sheet, "A2"); head != "工作表" {
		t.Errorf("A2 = %q, want the 工作表 column for errors from several sheets", head)
	}
	h, _ := f.GetRowHeight(sheet, 3)
	if h < 3*LineHeight {
		t.Errorf("row 3 is %v pt for a reason of three lines", h)
	}
	style, _ := f.GetCellStyle(sheet, "E3")
	st, _ := f.GetStyle(style)
	if st.Alignment == nil || !st.Alignment.WrapText {
		t.Error("原因 does not wrap")
	}
}

// TestErrorsWorkbookLibreOffice renders the errors workbook when soffice is
// installed: landscape pages, each with the header.
func TestErrorsWorkbookLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not on PATH")
	}
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "errors.xlsx")
	if err := WriteErrors(errorsReport(), path); err != nil {
		t.Fatal(err)
	}
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, path}
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "errors.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	pages := regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)
	if len(pages) < 2 {
		t.Fatalf("%d pages, want the 60 errors over several", len(pages))
	}
	boxes := regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`).FindAllSubmatch(pdf, -1)
	if len(boxes) == 0 {
		t.Fatal("no page size in the PDF")
	}
	for _, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if w <= h {
			t.Fatalf("portrait page %s×%s", m[1], m[2])
		}
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not on PATH: the header on each page is not checked")
		return
	}
	out, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "errors.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Split(string(out), "\f")
	for i, p := range texts[:len(pages)] {
		if !strings.Contains(p, "原因") || !strings.Contains(p, "行号") {
			t.Errorf("page %d lacks the header:\n%s", i+1, p)
		}
	}
}
