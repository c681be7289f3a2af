package sheet

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
	"github.com/xuri/excelize/v2"

	"shuangsui/assets/version"
	"shuangsui/sampling"
	"shuangsui/ui/lang"
)

var update = flag.Bool("update", false, "rewrite the golden text sheets in testdata")

func TestMain(m *testing.M) {
	runewidth.DefaultCondition.EastAsianWidth = false
	os.Exit(m.Run())
}

const testID = "2026-11-25-001"

type sheetCase struct {
	name string
	c    func(t testing.TB) *sampling.Ceremony
	kind Kind
	l    lang.Lang
}

func sealed(t testing.TB) *sampling.Ceremony {
	return ceremony(t, testFrame(sampling.MethodSimple, false), sampling.PhaseSealed)
}

func sealedSystematic(t testing.TB) *sampling.Ceremony {
	return ceremony(t, testFrame(sampling.MethodSystematic, true), sampling.PhaseSealed)
}

func committed(t testing.TB) *sampling.Ceremony {
	return ceremony(t, testFrame(sampling.MethodSimple, false), sampling.PhaseWitnesses)
}

var cases = []sheetCase{
	{"final.zh", sealed, KindFinal, lang.ZH},
	{"final.en", sealed, KindFinal, lang.EN},
	{"final-systematic.zh", sealedSystematic, KindFinal, lang.ZH},
	{"pre.zh", committed, KindPre, lang.ZH},
	{"pre.en", committed, KindPre, lang.EN},
	{"amend.zh", amended, KindAmend, lang.ZH},
	{"amend.en", amended, KindAmend, lang.EN},
}

// TestTextGolden compares every text sheet with its golden file and checks
// that no line is wider than 80 cells, measured both by lipgloss.Width and
// with East-Asian ambiguous characters counted as two.
func TestTextGolden(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Text(testID, tc.c(t), tc.kind, tc.l)
			if err != nil {
				t.Fatal(err)
			}
			checkWidth(t, got)
			// The program line names the build that runs the test (it
			// would change with every Go release); TestSheetsNameTheProgram
			// checks it, the golden files hold a fixed name.
			got = strings.ReplaceAll(got, version.String(), goldenProgram)
			path := filepath.Join("testdata", tc.name+".txt")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file (go test ./ui/sheet -update to accept):\n%s", path, firstDiff(string(want), got))
			}
		})
	}
}

func checkWidth(t *testing.T, s string) {
	t.Helper()
	if !strings.HasSuffix(s, "\n") {
		t.Error("the sheet does not end with a newline")
	}
	for i, l := range strings.Split(strings.ReplaceAll(s, "\f", ""), "\n") {
		if w := lipgloss.Width(l); w > LineWidth {
			t.Errorf("line %d is %d cells wide (lipgloss): %q", i+1, w, l)
		}
		if w := cells(l); w > LineWidth {
			t.Errorf("line %d is %d cells wide (ambiguous = 2): %q", i+1, w, l)
		}
		if strings.ContainsAny(l, "\t\r") {
			t.Errorf("line %d holds a tab or CR: %q", i+1, l)
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d\nwant %q\ngot  %q", i+1, x, y)
		}
	}
	return "(same lines)"
}

// TestTextContent checks, independently of the golden files, that the
// final text sheet holds every value a witness compares: F, S, each drawn
// id with its ticket, the verification code on every page.
func TestTextContent(t *testing.T) {
	for _, c := range []*sampling.Ceremony{sealed(t), sealedSystematic(t)} {
		s, err := Text(testID, c, KindFinal, lang.ZH)
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.ReplaceAll(s, " ", "")
		for _, want := range []string{c.Fingerprint, c.VerificationCode(), c.Seed} {
			if !strings.Contains(flat, want) {
				t.Errorf("text sheet lacks %s", want)
			}
		}
		for _, v := range drawnValues(c) {
			if !strings.Contains(s, v[0]) || (v[1] != "" && !strings.Contains(s, v[1])) {
				t.Errorf("text sheet lacks %v", v)
			}
		}
		pages := strings.Split(s, "\f")
		for i, p := range pages {
			lines := strings.Split(p, "\n")
			if len(lines) < 3 || !strings.Contains(lines[1], c.VerificationCode()) {
				t.Errorf("page %d does not start with the verification code: %q", i+1, lines[:2])
			}
			if want := fmt.Sprintf("共 %d 页", len(pages)); !strings.Contains(lines[0], want) {
				t.Errorf("page %d header %q lacks %q", i+1, lines[0], want)
			}
			if n := strings.Count(p, "\n"); n != pageLines {
				t.Errorf("page %d has %d lines, want %d", i+1, n, pageLines)
			}
		}
		for _, reason := range []string{"已关闭", "已注销", "非联网直报", "不在抽查类别", "近期已检查", "所在县区停用", "merged_elsewhere"} {
			if !strings.Contains(s, reason) {
				t.Errorf("exclusion reason %s missing", reason)
			}
		}
		if c.Frame.Params.Method == sampling.MethodSystematic {
			if u := c.Result.Units[0].Start; u == "" || !strings.Contains(s, u) {
				t.Errorf("systematic start %q missing", u)
			}
			if !strings.Contains(s, "组长(指定)") {
				t.Error("designated leader not marked 指定")
			}
		}
	}
}

// drawnValues lists (id, the ticket or position as printed) for every pick
// of every stage, alternates included.
func drawnValues(c *sampling.Ceremony) [][2]string {
	var out [][2]string
	add := func(p sampling.Pick) {
		v := ticket20(p.Ticket)
		if p.Ticket == "" && p.Position > 0 {
			v = "位置 " + strconv.Itoa(p.Position)
		}
		out = append(out, [2]string{p.ID, v})
	}
	for _, p := range c.Result.Counties {
		add(p)
	}
	for _, u := range c.Result.Units {
		for _, p := range u.Picks {
			add(p)
		}
	}
	for _, tm := range c.Result.Teams {
		add(tm.Leader)
		for _, p := range tm.Members {
			add(p)
		}
		for _, p := range tm.Alternates {
			add(p)
		}
	}
	return out
}

func TestTicket20(t *testing.T) {
	full := "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"
	if got := ticket20(full); got != "0.26299714122838008416" {
		t.Errorf("ticket20 = %q", got)
	}
	if ticket20("") != "" {
		t.Error("an empty ticket must stay empty")
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width int
		want  []string
	}{
		{"承德市统计局三楼会议室", 10, []string{"承德市统计", "局三楼会议", "室"}},
		{"the quick brown fox jumps", 10, []string{"the quick", "brown fox", "jumps"}},
		{"", 10, []string{""}},
		{"a\nb", 10, []string{"a", "b"}},
		// no closing punctuation at the start of a line, no opening one at its end
		{"“双随机、一公开”", 8, []string{"“双随", "机、一公", "开”"}},
		{"都会改变;每页页脚", 8, []string{"都会改", "变;每页", "页脚"}},
		{"哈希(导出)", 6, []string{"哈希", "(导出)"}},
		// an ASCII word is not cut when a break next to a CJK rune fits
		{"步骤的哈希verification_code", 20, []string{"步骤的哈希", "verification_code"}},
	} {
		got := wrap(tc.s, tc.width)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.s, tc.width, got, tc.want)
		}
		for _, l := range got {
			if cells(l) > tc.width {
				t.Errorf("wrap(%q, %d): %q is too wide", tc.s, tc.width, l)
			}
		}
	}
}

func TestKinds(t *testing.T) {
	pre := committed(t)
	if k, err := KindFor(pre); err != nil || k != KindPre {
		t.Errorf("KindFor(committed) = %q, %v", k, err)
	}
	if _, err := Text(testID, pre, KindFinal, lang.ZH); err == nil || !strings.Contains(err.Error(), "尚未封存") {
		t.Errorf("final sheet of an unsealed ceremony: %v", err)
	}
	if k, err := KindFor(sealed(t)); err != nil || k != KindFinal {
		t.Errorf("KindFor(sealed) = %q, %v", k, err)
	}
	if _, err := KindFor(&sampling.Ceremony{}); err == nil {
		t.Error("a ceremony without a frame has no sheet")
	}
	if _, err := Text(testID, &sampling.Ceremony{}, KindPre, lang.ZH); err == nil {
		t.Error("pre sheet of an empty ceremony")
	}
	if _, err := Text(testID, sealed(t), Kind("draft"), lang.ZH); err == nil {
		t.Error("unknown kind accepted")
	}
	for s, want := range map[string]Kind{"pre": KindPre, "FINAL": KindFinal, " final ": KindFinal, "amend": KindAmend, "amendment": KindAmend, "替换": KindAmend} {
		if k, err := ParseKind(s); err != nil || k != want {
			t.Errorf("ParseKind(%q) = %q, %v", s, k, err)
		}
	}
	if _, err := ParseKind("draft"); err == nil {
		t.Error("ParseKind accepted draft")
	}
	// the amendment sheet needs a sealed ceremony with substitutions
	if _, err := Text(testID, sealed(t), KindAmend, lang.ZH); err == nil || !strings.Contains(err.Error(), "没有替换") {
		t.Errorf("amendment sheet without substitutions: %v", err)
	}
	if _, err := Text(testID, pre, KindAmend, lang.ZH); err == nil || !strings.Contains(err.Error(), "尚未封存") {
		t.Errorf("amendment sheet of an unsealed ceremony: %v", err)
	}
	am := amended(t)
	if k, err := KindFor(am); err != nil || k != KindAmend {
		t.Errorf("KindFor(amended) = %q, %v", k, err)
	}
	// the final sheet of an amended ceremony is still the draw as sealed, and says so
	fs, err := Text(testID, am, KindFinal, lang.ZH)
	if err != nil || !strings.Contains(fs, "替换修订记录") || !strings.Contains(fs, am.VerificationCode()) || strings.Contains(fs, am.Head()) {
		t.Errorf("final sheet of an amended ceremony: %v", err)
	}
	// a sealed ceremony can still print its pre-draw page, which says it
	// is a later copy and when the seed was fixed and the ceremony sealed;
	// it no longer claims that no seed exists
	sc := sealed(t)
	var sealAt string
	for _, st := range sc.Steps {
		if st.Kind == sampling.StepSeal {
			sealAt = formatTime(st.At)
		}
	}
	s, err := Text(testID, sc, KindPre, lang.ZH)
	flat := strings.Join(strings.Fields(s), "")
	if err != nil || sealAt == "" || !strings.Contains(flat, "补打副本") || !strings.Contains(flat, strings.ReplaceAll("仪式已于 "+sealAt+" 封存", " ", "")) ||
		strings.Contains(flat, "尚未生成随机种子") || strings.Contains(s, sc.Seed) {
		t.Errorf("pre sheet of a sealed ceremony: %v\n%s", err, s)
	}
	// and so does the xlsx
	p := filepath.Join(t.TempDir(), "pre.xlsx")
	if err := XLSX(testID, sc, KindPre, lang.ZH, p); err != nil {
		t.Fatal(err)
	}
	if all := xlsxText(t, p); !strings.Contains(all, "补打副本") || strings.Contains(all, "尚未生成随机种子") {
		t.Errorf("pre xlsx of a sealed ceremony:\n%s", all)
	}
}

func TestAbandoned(t *testing.T) {
	c := committed(t)
	kind, payload, err := c.Abandon("见证人未到场")
	if err != nil {
		t.Fatal(err)
	}
	prev := c.Steps[len(c.Steps)-1].Hash
	at := "2026-11-25T10:00:00+08:00"
	if err := c.Apply(sampling.Step{Seq: 2, Kind: kind, At: at, Payload: payload, Prev: prev,
		Hash: sampling.StepHash(prev, 2, kind, at, payload)}); err != nil {
		t.Fatal(err)
	}
	if k, err := KindFor(c); err != nil || k != KindPre {
		t.Fatalf("KindFor(abandoned) = %q, %v", k, err)
	}
	s, err := Text(testID, c, KindPre, lang.ZH)
	if err != nil || !strings.Contains(s, "见证人未到场") {
		t.Errorf("abandoned sheet lacks the reason: %v", err)
	}
}

// readXLSX writes the sheet and opens it again with excelize.
func readXLSX(t *testing.T, c *sampling.Ceremony, kind Kind, l lang.Lang) (*excelize.File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sheet.xlsx")
	if err := XLSX(testID, c, kind, l, path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("xlsx mode %v, want 0600", fi.Mode().Perm())
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: 64 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, path
}

// findRow returns the row (1-based) and its cells holding value in any
// cell, or 0.
func findRow(rows [][]string, value string) (int, []string) {
	for i, r := range rows {
		for _, v := range r {
			if v == value {
				return i + 1, r
			}
		}
	}
	return 0, nil
}

func TestXLSXFinal(t *testing.T) {
	c := sealed(t)
	f, _ := readXLSX(t, c, KindFinal, lang.ZH)
	sheet := "见证记录"
	if got := f.GetSheetList(); len(got) != 1 || got[0] != sheet {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "承德市统计局“双随机、一公开”随机抽取见证记录" {
		t.Errorf("title %q", rows[0][0])
	}
	code := c.VerificationCode()
	if rows[2][0] != "校验码 "+code {
		t.Errorf("row 3 %q, want the verification code", rows[2][0])
	}
	// values next to their labels; identifiers as text
	for _, x := range []struct {
		label, want string
		id          bool
	}{
		{"名录库指纹 F", c.Fingerprint, true}, {"随机种子 S", c.Seed, true}, {"校验码", code, true}, {"仪式编号", testID, true},
		{"名录库固定时间", "2026-11-25 09:30:00 +08:00", false}, {"封存时间", "2026-11-25 09:39:00 +08:00", false},
		{"抽查依据", testInfo().MatterBasis, false}, {"监督人", "王芳", false}, {"地点", "承德市统计局三楼会议室", false},
	} {
		n, r := findRow(rows, x.label)
		if n == 0 || len(r) < 3 || r[2] != x.want {
			t.Errorf("%s: row %d %q, want %q in C", x.label, n, r, x.want)
			continue
		}
		if x.id {
			assertText(t, f, sheet, "C"+strconv.Itoa(n))
		}
	}
	// every pick: its id and its ticket (or position) on one row, as text
	for _, v := range drawnValues(c) {
		n := 0
		for i, r := range rows {
			if len(r) > 4 && r[1] == v[0] && r[4] == v[1] {
				n = i + 1
			}
		}
		if n == 0 {
			t.Errorf("no row with id %s and ticket %s in B and E", v[0], v[1])
			continue
		}
		assertText(t, f, sheet, "B"+strconv.Itoa(n))
		if v[1] != "" {
			assertText(t, f, sheet, "E"+strconv.Itoa(n))
		}
	}
	for _, w := range c.Witnesses {
		n, r := findRow(rows, w.Name)
		if n == 0 || r[4] != w.Digits {
			t.Errorf("witness %s: row %d %q", w.Name, n, r)
		}
	}
	for _, want := range []string{"  shuangsui verify RECORD.json", "  python3 verify.py record RECORD.json"} {
		want = strings.TrimSpace(want)
		if n, _ := findRow(rows, want); n == 0 {
			t.Errorf("how to verify: %q missing", want)
		}
	}
	if n, _ := findRow(rows, "备选"); n == 0 {
		t.Error("no alternate marked 备选")
	}
	checkPageSetup(t, f, sheet, "&C第 &P 页 共 &N 页 · 校验码 "+code)
	checkFonts(t, f, sheet, rows)
	checkQR(t, f, sheet, rows, "校验码", code)
}

func TestXLSXPre(t *testing.T) {
	c := committed(t)
	f, _ := readXLSX(t, c, KindPre, lang.ZH)
	sheet := "见证记录"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if rows[2][0] != "指纹 "+c.Fingerprint {
		t.Errorf("row 3 %q, want the fingerprint", rows[2][0])
	}
	if n, _ := findRow(rows, "随机种子 S"); n != 0 {
		t.Error("the pre-draw sheet shows a seed")
	}
	n, r := findRow(rows, "名录库指纹 F")
	if n == 0 || r[2] != c.Fingerprint {
		t.Errorf("fingerprint row %d %q", n, r)
	}
	// counties with their eligible units, as numbers
	for _, pl := range mustFeasible(t, c.Frame).Pools {
		n, r := findRow(rows, pl.County)
		if n == 0 || r[3] != strconv.Itoa(pl.Units) {
			t.Errorf("county %s: row %d %q, want %d units", pl.County, n, r, pl.Units)
			continue
		}
		if typ, _ := f.GetCellType(sheet, "D"+strconv.Itoa(n)); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("unit count of %s is a %v cell", pl.County, typ)
		}
		assertText(t, f, sheet, "B"+strconv.Itoa(n))
	}
	for _, reason := range []string{"已关闭", "已注销", "非联网直报", "不在抽查类别", "近期已检查", "所在县区停用", "merged_elsewhere"} {
		if n, _ := findRow(rows, reason); n == 0 {
			t.Errorf("exclusion reason %s missing", reason)
		}
	}
	checkPageSetup(t, f, sheet, "&C第 &P 页 共 &N 页 · 指纹 "+c.Fingerprint)
	checkFonts(t, f, sheet, rows)
	checkQR(t, f, sheet, rows, "名录库指纹 F", c.Fingerprint)
}

func TestXLSXEnglish(t *testing.T) {
	c := sealed(t)
	f, _ := readXLSX(t, c, KindFinal, lang.EN)
	sheet := "Witness record"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if n, r := findRow(rows, "Seed S"); n == 0 || r[2] != c.Seed {
		t.Errorf("seed row %d %q", n, r)
	}
	checkPageSetup(t, f, sheet, "&Cpage &P of &N · code "+c.VerificationCode())
}

func mustFeasible(t *testing.T, f sampling.Frame) sampling.Feasibility {
	t.Helper()
	r, err := sampling.Feasible(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// assertText checks that a cell is a string cell formatted as text (@),
// so that Excel never turns an id into a number.
func assertText(t *testing.T, f *excelize.File, sheet, cell string) {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("%s is a %v cell, want a string", cell, typ)
	}
	idx, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(idx)
	if err != nil {
		t.Fatal(err)
	}
	if st.NumFmt != 49 {
		t.Errorf("%s has number format %d, want 49 (text)", cell, st.NumFmt)
	}
}

func checkPageSetup(t *testing.T, f *excelize.File, sheet, wantFooter string) {
	t.Helper()
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Size == nil || *pl.Size != 9 {
		t.Errorf("paper size %v, want 9 (A4)", pl.Size)
	}
	if pl.Orientation == nil || *pl.Orientation != "portrait" {
		t.Errorf("orientation %v, want portrait", pl.Orientation)
	}
	if pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("fit to width %v, want 1", pl.FitToWidth)
	}
	if pl.FitToHeight == nil || *pl.FitToHeight != 0 {
		t.Errorf("fit to height %v, want 0", pl.FitToHeight)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage == nil || !*props.FitToPage {
		t.Error("fitToPage is not set: Excel ignores fitToWidth without it")
	}
	m, err := f.GetPageMargins(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if m.Left == nil || *m.Left != 0.6 || m.Top == nil || *m.Top != 0.8 {
		t.Errorf("margins left %v top %v", m.Left, m.Top)
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if hf.OddFooter != wantFooter {
		t.Errorf("footer %q, want %q", hf.OddFooter, wantFooter)
	}
	if hf.DifferentFirst || hf.DifferentOddEven {
		t.Error("the footer must be the same on every page")
	}
	found := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			found = true
			if want := "'" + sheet + "'!$1:$3"; dn.RefersTo != want || dn.Scope != sheet {
				t.Errorf("print titles %q scope %q, want %q scope %q", dn.RefersTo, dn.Scope, want, sheet)
			}
		}
	}
	if !found {
		t.Error("no _xlnm.Print_Titles: the header rows would not repeat")
	}
}

func checkFonts(t *testing.T, f *excelize.File, sheet string, rows [][]string) {
	t.Helper()
	font := func(cell string) string {
		idx, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(idx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil {
			return ""
		}
		return st.Font.Family
	}
	if got := font("A1"); got != "黑体" {
		t.Errorf("title font %q, want 黑体", got)
	}
	n, _ := findRow(rows, "一、基本信息")
	if got := font("A" + strconv.Itoa(n)); n == 0 || got != "黑体" {
		t.Errorf("heading font %q (row %d), want 黑体", got, n)
	}
	n, _ = findRow(rows, "仪式编号")
	for _, cell := range []string{"A", "C"} {
		if got := font(cell + strconv.Itoa(n)); got != "宋体" {
			t.Errorf("body font of %s%d %q, want 宋体", cell, n, got)
		}
	}
}

// checkQR finds the QR picture on the row after label and checks it is the
// PNG of value.
func checkQR(t *testing.T, f *excelize.File, sheet string, rows [][]string, label, value string) {
	t.Helper()
	n := 0
	for i, r := range rows {
		if len(r) > 2 && r[0] == label && r[2] == value {
			n = i + 1
		}
	}
	if n == 0 {
		t.Fatalf("no row %q → %s", label, value)
	}
	pics, err := f.GetPictures(sheet, "E"+strconv.Itoa(n+1))
	if err != nil {
		t.Fatal(err)
	}
	if len(pics) != 1 {
		t.Fatalf("%d pictures at E%d, want the QR code", len(pics), n+1)
	}
	want, err := qrPNG(value)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pics[0].File, want) {
		t.Error("the picture is not the QR code of the value")
	}
	img, err := png.Decode(bytes.NewReader(pics[0].File))
	if err != nil {
		t.Fatalf("QR PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dx() != b.Dy() {
		t.Errorf("QR image %v", b)
	}
}

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	for _, tc := range []struct {
		c    *sampling.Ceremony
		want string
	}{{committed(t), "抽取前承诺页"}, {sealed(t), "抽取结果"}, {amended(t), "替换修订"}} {
		paths, err := WriteAll(dir, testID, tc.c, lang.ZH)
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 2 || !strings.HasSuffix(paths[0], ".xlsx") || !strings.HasSuffix(paths[1], ".txt") {
			t.Fatalf("paths %q", paths)
		}
		for _, p := range paths {
			if !strings.Contains(filepath.Base(p), tc.want) {
				t.Errorf("%s is not named for %s", p, tc.want)
			}
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("%s mode %v, want 0600", p, fi.Mode().Perm())
			}
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".sheet-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %q", left)
	}
	if _, err := WriteAll(dir, testID, &sampling.Ceremony{}, lang.ZH); err == nil {
		t.Error("WriteAll of an empty ceremony")
	}
	if got := FileBase("a/b:c", KindFinal, lang.EN); got != "a_b_c-witness-sheet-final" {
		t.Errorf("FileBase = %q", got)
	}
}

// TestLibreOffice converts the xlsx sheets to PDF when soffice is
// installed, which also shows that LibreOffice opens them.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not on PATH")
	}
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	var paths []string
	for _, tc := range []struct {
		name string
		c    *sampling.Ceremony
		kind Kind
	}{{"final", sealed(t), KindFinal}, {"pre", committed(t), KindPre}, {"amend", amended(t), KindAmend}} {
		p := filepath.Join(dir, tc.name+".xlsx")
		if err := XLSX(testID, tc.c, tc.kind, lang.ZH, p); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}, paths...)
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pageRE := regexp.MustCompile(`/Type\s*/Page[^s]`)
	for _, p := range paths {
		pdf, err := os.ReadFile(strings.TrimSuffix(p, ".xlsx") + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		n := len(pageRE.FindAll(pdf, -1))
		t.Logf("%s: %d pages", filepath.Base(p), n)
		// the sheet plans its pages (manual row breaks) for the narrowest
		// font metrics; LibreOffice must not break a page on its own
		if want := rowBreaks(t, p) + 1; n != want {
			t.Errorf("%s: %d pages, want %d (the planned breaks + 1)", p, n, want)
		}
	}
}

// TestTextAmend checks, apart from the golden files, that the amendment
// sheet holds every substitution, both codes and the 需替换 flag.
func TestTextAmend(t *testing.T) {
	c := amended(t)
	s, err := Text(testID, c, KindAmend, lang.ZH)
	if err != nil {
		t.Fatal(err)
	}
	checkWidth(t, s)
	flat := strings.ReplaceAll(s, " ", "")
	for _, want := range []string{c.VerificationCode(), c.Head(), c.Seed, c.Fingerprint, "替换者按抽签号顺序自动确定,不得指定", "需替换", "S|F|units/县区编码"} {
		if !strings.Contains(flat, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("amendment sheet lacks %s", want)
		}
	}
	for _, sub := range c.Substitutions {
		for _, want := range []string{sub.Out, sub.In, ticket20(sub.Ticket), sub.Reason, sub.Operator} {
			if !strings.Contains(s, want) {
				t.Errorf("substitution %s→%s: %q missing", sub.Out, sub.In, want)
			}
		}
	}
	pages := strings.Split(s, "\f")
	for i, p := range pages {
		lines := strings.Split(p, "\n")
		if !strings.Contains(lines[1], c.Head()) || strings.Contains(lines[1], c.VerificationCode()) {
			t.Errorf("page %d is not headed by the amended code: %q", i+1, lines[1])
		}
		if n := strings.Count(p, "\n"); n != pageLines {
			t.Errorf("page %d has %d lines, want %d", i+1, n, pageLines)
		}
	}
	// the unfit member substituted in turn: no flag left
	unfit := c.Unfit(amendCounty)[0]
	sub := substitute(t, c, sampling.SubstituteInspector, amendCounty, unfit, "与替入单位有利害关系,回避", "张操作")
	s, err = Text(testID, c, KindAmend, lang.ZH)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(s, "需替换") != 1 || strings.Contains(s, "尚有") || !strings.Contains(s, "第 4 次替换:兴隆县(130822) 检查组成员") || !strings.Contains(s, sub.In) {
		t.Errorf("after substituting the unfit member:\n%s", s)
	}
}

func TestXLSXAmend(t *testing.T) {
	c := amended(t)
	f, _ := readXLSX(t, c, KindAmend, lang.ZH)
	sheet := "替换修订记录"
	if got := f.GetSheetList(); len(got) != 1 || got[0] != sheet {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "承德市统计局“双随机、一公开”随机抽取见证记录" || rows[1][0] != "替换修订记录  仪式编号 "+testID {
		t.Errorf("title rows %q %q", rows[0][0], rows[1][0])
	}
	head := c.Head()
	if rows[2][0] != "修订校验码 "+head {
		t.Errorf("row 3 %q, want the amended code", rows[2][0])
	}
	for _, x := range []struct {
		label, want string
		id          bool
	}{
		{"仪式编号", testID, true}, {"原校验码", c.VerificationCode(), true}, {"修订校验码", head, true},
		{"随机种子 S", c.Seed, true}, {"名录库指纹 F", c.Fingerprint, true},
		{"抽查事项", "TJ-2026-01(第 2 版)原始记录和统计台账建立及使用情况", false},
		{"替换次数", "3", false}, {"最后一次替换", "2026-11-26 11:00:00 +08:00", false},
	} {
		n, r := findRow(rows, x.label)
		if n == 0 || len(r) < 3 || r[2] != x.want {
			t.Errorf("%s: row %d %q, want %q in C", x.label, n, r, x.want)
			continue
		}
		if x.id {
			assertText(t, f, sheet, "C"+strconv.Itoa(n))
		}
	}
	// every substitution: a sub-heading, then its fields in order
	at := []string{"2026-11-26 09:00:00 +08:00", "2026-11-26 10:00:00 +08:00", "2026-11-26 11:00:00 +08:00"}
	what := []string{"检查对象", "检查组组长", "检查对象"}
	for i, s := range c.Substitutions {
		title := fmt.Sprintf("第 %d 次替换:%s(%s) %s", i+1, map[string]string{"130822": "兴隆县", "130803": "双滦区"}[s.County], s.County, what[i])
		n, _ := findRow(rows, title)
		if n == 0 {
			t.Errorf("no sub-heading %q", title)
			continue
		}
		name := func(id string) string {
			for _, u := range c.Frame.Units {
				if u.ID == id {
					return u.Name
				}
			}
			for _, in := range c.Frame.Inspectors {
				if in.ID == id {
					return in.Name
				}
			}
			return ""
		}
		want := [][2]string{{"替换时间", at[i]}, {"替出", s.Out + " " + name(s.Out)}, {"替入", s.In + " " + name(s.In)},
			{"替入者签号(前 20 位)", ticket20(s.Ticket)}, {"理由", s.Reason}, {"操作人", s.Operator}}
		for k, w := range want {
			r := rows[n+k]
			if len(r) < 3 || r[0] != w[0] || r[2] != w[1] {
				t.Errorf("substitution %d row %d: %q, want %q", i+1, n+k+1, r, w)
			}
		}
		assertText(t, f, sheet, "C"+strconv.Itoa(n+2))
		assertText(t, f, sheet, "C"+strconv.Itoa(n+4))
	}
	if n, _ := findRow(rows, "替换者按抽签号顺序自动确定,不得指定。"); n == 0 {
		t.Error("the rule is missing")
	}
	// the current units and teams, with the substituted ones marked and the unfit flagged
	for _, ud := range c.Result.Units {
		for _, id := range c.CurrentUnits(ud.County) {
			n, r := findRow(rows, id)
			if n == 0 {
				t.Errorf("current unit %s missing", id)
				continue
			}
			assertText(t, f, sheet, "B"+strconv.Itoa(n))
			in := false
			for _, s := range c.Substitutions {
				in = in || s.In == id
			}
			if got := len(r) > 5 && r[5] == "替入"; got != in {
				t.Errorf("unit %s: note %q, substituted in %v", id, r, in)
			}
		}
		unfit := c.Unfit(ud.County)
		for i, id := range c.CurrentTeam(ud.County) {
			var n int
			var r []string
			for k, row := range rows {
				if len(row) > 5 && row[1] == id && strings.HasPrefix(row[5], "组长") == (i == 0) {
					n, r = k+1, row
				}
			}
			if n == 0 {
				t.Errorf("team member %s of %s missing", id, ud.County)
				continue
			}
			if flagged := strings.Contains(r[5], "需替换"); flagged != slices.Contains(unfit, id) {
				t.Errorf("member %s: role %q, unfit %v", id, r[5], unfit)
			}
		}
	}
	if n, _ := findRow(rows, "需替换"); n != 0 {
		t.Error("需替换 must stay with the role")
	}
	// signatures: both operators and the supervisor
	for _, want := range [][2]string{{"操作员", "张操作"}, {"操作员", "李明"}, {"监督人", "王芳"}} {
		found := false
		for _, r := range rows {
			found = found || len(r) > 2 && r[1] == want[0] && r[2] == want[1]
		}
		if !found {
			t.Errorf("no signature row for %s %s", want[0], want[1])
		}
	}
	checkPageSetup(t, f, sheet, "&C第 &P 页 共 &N 页 · 修订校验码 "+head)
	checkFonts(t, f, sheet, rows)
	checkQR(t, f, sheet, rows, "修订校验码", head)
}

func TestXLSXAmendEnglish(t *testing.T) {
	c := amended(t)
	f, _ := readXLSX(t, c, KindAmend, lang.EN)
	sheet := "Amendment"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if n, r := findRow(rows, "Amended code"); n == 0 || r[2] != c.Head() {
		t.Errorf("amended code row %d %q", n, r)
	}
	checkPageSetup(t, f, sheet, "&Cpage &P of &N · amended code "+c.Head())
}

// rowBreaks counts the manual row breaks of the only sheet of an xlsx.
func rowBreaks(t *testing.T, path string) int { return len(breakRows(t, path)) }

// breakRows lists the manual row breaks of the only sheet of an xlsx: each
// is the last row (1-based) of a page.
func breakRows(t *testing.T, path string) []int {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	r, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, m := range regexp.MustCompile(`<brk id="(\d+)"`).FindAllSubmatch(b, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		out = append(out, n)
	}
	return out
}

// TestXLSXPageBreaks checks the planned pages: a table cut by a break
// repeats its head on the next page, a head never ends a page, and the
// code stays on the page of its QR code.
func TestXLSXPageBreaks(t *testing.T) {
	for _, tc := range []struct {
		c     *sampling.Ceremony
		kind  Kind
		sheet string
		code  string
	}{{sealed(t), KindFinal, "见证记录", "校验码"}, {amended(t), KindAmend, "替换修订记录", "修订校验码"}} {
		f, path := readXLSX(t, tc.c, tc.kind, lang.ZH)
		breaks := breakRows(t, path)
		if len(breaks) < 1 {
			t.Fatalf("%s: no page breaks in a sheet of several pages", tc.kind)
		}
		rows, err := f.GetRows(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		cell := func(n, j int) string {
			if n < 1 || n > len(rows) || j >= len(rows[n-1]) {
				return ""
			}
			return rows[n-1][j]
		}
		isHead := func(n int) bool { return cell(n, 0) == "序" }
		isData := func(n int) bool {
			_, err := strconv.Atoi(cell(n, 0))
			return err == nil || (cell(n, 0) == "" && cell(n, 1) != "")
		}
		for _, b := range breaks {
			if isHead(b) {
				t.Errorf("%s: page ends with a table head (row %d)", tc.kind, b)
			}
			if isData(b) && isData(b+1) {
				t.Errorf("%s: table cut after row %d without its head repeated", tc.kind, b)
			}
			if cell(b, 0) == tc.code {
				t.Errorf("%s: the code (row %d) and its QR code on different pages", tc.kind, b)
			}
		}
		n := 0 // the last row labelled with the code: the one with the QR code
		for i, r := range rows {
			if len(r) > 0 && r[0] == tc.code {
				n = i + 1
			}
		}
		if h, err := f.GetRowHeight(tc.sheet, n+1); err != nil || h < 100 {
			t.Errorf("%s: QR row height %v, %v", tc.kind, h, err)
		}
	}
}

// goldenProgram stands for version.String() in the golden text sheets.
const goldenProgram = "shuangsui (版本 version)"

// Every kind of sheet, text and xlsx, names the program that made it, on
// its last line.
func TestSheetsNameTheProgram(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c(t)
			want := tc.l.T("本页由 ", "Made by ") + version.String() + tc.l.T(" 生成。", ".")
			text, err := Text(testID, c, tc.kind, tc.l)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, "\n"+want+"\n") {
				t.Errorf("the text sheet does not say %q", want)
			}
			f, _ := readXLSX(t, c, tc.kind, tc.l)
			rows, err := f.GetRows(f.GetSheetList()[0])
			if err != nil {
				t.Fatal(err)
			}
			if p, err := f.GetDocProps(); err != nil || p.Description != version.String() {
				t.Errorf("xlsx document properties %+v, %v", p, err)
			}
			if n, _ := findRow(rows, want); n == 0 {
				t.Errorf("the xlsx sheet does not say %q", want)
			} else if n < len(rows)-1 {
				t.Errorf("the program is named in row %d of %d, not last", n, len(rows))
			}
		})
	}
}

// xlsxText is every cell of the first sheet of the workbook at path.
func xlsxText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " ") + "\n")
	}
	return b.String()
}

// TestTextFileBOMAndCRLF: a text sheet on disk starts with a UTF-8 BOM
// and ends its lines with CRLF, page breaks kept.
func TestTextFileBOMAndCRLF(t *testing.T) {
	paths, err := WriteAll(t.TempDir(), testID, sealed(t), lang.ZH)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Errorf("%s: no UTF-8 byte order mark", paths[1])
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n == 0 || n != crlf {
		t.Errorf("%s: %d line ends, %d of them CRLF", paths[1], n, crlf)
	}
	if !bytes.Contains(b, []byte("\f")) {
		t.Errorf("%s: the page breaks are gone", paths[1])
	}
}

// TestNoLoneLineAtPageTop: when a page break would leave the last line of
// a paragraph alone at the top of the next page, the line before it goes
// over too.
func TestNoLoneLineAtPageTop(t *testing.T) {
	room := pageLines - 5
	var body []line
	for i := range room - 2 {
		body = append(body, line{s: fmt.Sprintf("甲%02d", i)})
	}
	body = append(body, line{s: ""}, line{s: "乙一"}, line{s: "乙二"}, line{s: ""}, line{s: "丙"})
	d := &document{kind: KindFinal, id: testID, codeLabel: "校验码", code: strings.Repeat("a", 64)}
	pages := strings.Split(paginate(d, body, lang.ZH), "\f")
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	second := strings.Split(pages[1], "\n")
	if second[3] != "乙一" || second[4] != "乙二" {
		t.Fatalf("page 2 starts %q, want the two lines of 乙 together", second[3:6])
	}
	if strings.Contains(pages[0], "乙一") {
		t.Fatal("乙一 is on both pages")
	}
}

// TestParagraphEndsKeptTogether: a wrapped paragraph followed at once by
// another does not leave its last line alone at the top of a page.
func TestParagraphEndsKeptTogether(t *testing.T) {
	room := pageLines - 5
	var body []line
	for i := range room - 2 {
		body = append(body, line{s: fmt.Sprintf("甲%02d", i)})
	}
	body = append(body, keepEnds([]line{{s: "乙一"}, {s: "乙二"}, {s: "乙三"}})...)
	body = append(body, keepEnds([]line{{s: "丙一"}, {s: "丙二"}})...)
	d := &document{kind: KindFinal, id: testID, codeLabel: "校验码", code: strings.Repeat("a", 64)}
	pages := strings.Split(paginate(d, body, lang.ZH), "\f")
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	second := strings.Split(pages[1], "\n")
	if second[3] != "乙二" && second[3] != "乙一" {
		t.Fatalf("page 2 starts %q: the paragraph's last line stands alone", second[3:6])
	}
}

// TestKeptHeightChains: on the xlsx sheet, "To verify:" is kept with the
// commands it introduces, the commands with each other, and the last
// paragraph of a section with the one before it.
func TestKeptHeightChains(t *testing.T) {
	d := &document{items: []item{
		{kind: itHeading, text: "八"},
		{kind: itPara, text: "校验码是封存步骤的哈希"},
		{kind: itPara, text: "核验导出的记录:"},
		{kind: itPara, text: "  shuangsui verify RECORD.json"},
		{kind: itPara, text: "  python3 verify.py record RECORD.json"},
		{kind: itPara, text: "签号即 Rivest 一致抽样器的签号"},
		{kind: itHeading, text: "九"},
		{kind: itField, text: "仪式编号", value: "x"},
		{kind: itField, text: "指纹固定时间", value: "y"},
	}}
	para := paraHeight("x")
	for _, tc := range []struct {
		i    int
		want float64
	}{
		{1, para},     // not tied to the introduction that follows
		{2, 4 * para}, // introduction, two commands, the section's last paragraph
		{3, 3 * para},
		{5, para},
		{7, 2 * fieldHeight("仪式编号", "x")}, // the last field of the sheet stays with the one before
	} {
		if got := keptHeight(d, tc.i); got != tc.want {
			t.Errorf("keptHeight(%d) = %v, want %v", tc.i, got, tc.want)
		}
	}
}

// TestScopeEnglish: the recorded (Chinese) scope is said in English with
// the recorded words beside it; an unknown scope stays as recorded.
func TestScopeEnglish(t *testing.T) {
	for in, want := range map[string]string{
		"一套表联网直报单位":                 "direct-reporting units (一套表联网直报单位)",
		"名录库全部在营单位;类别: 规上工业、限上批零住餐": "every unit in business in the library; categories: 规上工业, 限上批零住餐 (名录库全部在营单位;类别: 规上工业、限上批零住餐)",
		"某自定义范围":                    "某自定义范围",
	} {
		if got := scopeEnglish(in); got != want {
			t.Errorf("scopeEnglish(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSheetNamesRemovedWitnesses: a witness taken off the list before the
// seed is named on the sheet with the reason, in both languages.
func TestSheetNamesRemovedWitnesses(t *testing.T) {
	c := ceremony(t, testFrame(sampling.MethodSimple, false), sampling.PhaseWitnesses)
	apply := func(kind string, payload []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		prev := c.Steps[len(c.Steps)-1].Hash
		seq := uint64(len(c.Steps) + 1)
		at := time.Date(2026, 11, 25, 10, 0, int(seq), 0, time.UTC).Format(time.RFC3339)
		if err := c.Apply(sampling.Step{Seq: seq, Kind: kind, At: at, Payload: payload, Prev: prev,
			Hash: sampling.StepHash(prev, seq, kind, at, payload)}); err != nil {
			t.Fatal(err)
		}
	}
	apply(c.AddWitness(sampling.Witness{Name: "孙多余", Digits: "1"}))
	for _, w := range testWitnesses {
		apply(c.AddWitness(w))
	}
	apply(c.RemoveWitness(1, "不是见证人"))
	apply(c.FixSeed())
	for c.Phase != sampling.PhaseSealed {
		apply(c.Next())
	}
	for l, want := range map[lang.Lang]string{
		lang.ZH: "种子生成前已移除见证人 孙多余(理由:不是见证人)",
		lang.EN: "Witness 孙多余 was removed before the seed (reason: 不是见证人)",
	} {
		text, err := Text("T-1", c, KindFinal, l)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("%s sheet does not name the removed witness:\n%s", l, text)
		}
	}
}

// Every kind of sheet, as text and as xlsx, in both languages, has the one
// line saying where to get the offline verifier page and how to use it.
func TestEverySheetNamesTheVerifierPage(t *testing.T) {
	const cmd = "shuangsui verifier -o 核验.html"
	for _, tc := range []struct {
		c    *sampling.Ceremony
		kind Kind
	}{{committed(t), KindPre}, {sealed(t), KindFinal}, {amended(t), KindAmend}} {
		for _, l := range []lang.Lang{lang.ZH, lang.EN} {
			text, err := Text(testID, tc.c, tc.kind, l)
			if err != nil {
				t.Fatal(err)
			}
			word := l.T("离线核验网页", "Offline verifier page")
			if !strings.Contains(strings.Join(strings.Fields(text), ""), strings.Join(strings.Fields(cmd), "")) || !strings.Contains(text, word) {
				t.Errorf("%s, %v: the text sheet does not name the verifier page", tc.kind, l)
			}
			_, path := readXLSX(t, tc.c, tc.kind, l)
			if x := xlsxText(t, path); !strings.Contains(x, cmd) || !strings.Contains(x, word) {
				t.Errorf("%s, %v: the xlsx sheet does not name the verifier page", tc.kind, l)
			}
		}
	}
}
