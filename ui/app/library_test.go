package app_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/xuri/excelize/v2"

	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/ui/app"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
	"shuangsui/ui/pages/imports"
)

// shotIn is shot with the temporary folder dir shown as /DIR, so that the
// golden file does not depend on where the test runs.
func shotIn(t *testing.T, h *harness, dir, name string) {
	t.Helper()
	v := h.m.View()
	noAmbiguous(t, name, v)
	for i, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 100 {
			t.Errorf("%s line %d is %d cells wide: %q", name, i+1, w, l)
		}
	}
	if n := strings.Count(v, "\n") + 1; n != 30 {
		t.Errorf("%s has %d lines, want 30", name, n)
	}
	v = strings.ReplaceAll(v, dir, "/DIR")
	path := filepath.Join(pkgDir, "testdata", name+".golden")
	if update() {
		if err := os.WriteFile(path, []byte(v), 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if string(want) != v {
		t.Errorf("%s differs from the golden file; got:\n%s\nwant:\n%s", name, v, want)
	}
}

// pkgDir is the package folder: the import tests change the working
// directory to test relative paths.
var pkgDir, _ = os.Getwd()

// unitsCSV is a unit file for the fixture's counties: three new units and
// one renamed (fixture unit 1 of 双桥区).
func unitsCSV() string {
	rows := []string{"统一社会信用代码,单位名称,县(市、区),单位类别"}
	for i, c := range []string{"双桥区", "双滦区", "承德县"} {
		code := map[string]string{"双桥区": "130802", "双滦区": "130803", "承德县": "130821"}[c]
		rows = append(rows, fmt.Sprintf("%s,新导入商贸有限公司%d,%s,限上批零住餐", excel.SyntheticUSCC(code, 100+i), i+1, c))
	}
	rows = append(rows, excel.SyntheticUSCC("130802", 1)+",滦河食品有限责任公司(更名),双桥区,规上工业")
	return strings.Join(rows, "\n") + "\n"
}

// badUnitsCSV has one good row and three bad ones.
func badUnitsCSV() string {
	good := excel.SyntheticUSCC("130802", 200)
	bad := good[:17] + "0"
	if bad == good {
		bad = good[:17] + "1"
	}
	return strings.Join([]string{
		"统一社会信用代码,单位名称,县(市、区),单位类别",
		good + ",正确的单位有限公司,双桥区,规上工业",
		bad + ",校验码错误有限公司,双桥区,规上工业",
		excel.SyntheticUSCC("130802", 201) + ",县区写错有限公司,围场县,规上工业",
		excel.SyntheticUSCC("130802", 202) + ",,双桥区,规上工业",
	}, "\n") + "\n"
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func unitNames(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := db.EachUnit(func(u store.Unit) error { out[u.ID] = u.Name; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// fillImport opens the import screen from Home and fills it: the library
// stays 检查对象名录, the file is typed, the focus ends on the button.
func (h *harness) fillImport(file, operator string) {
	h.t.Helper()
	h.key("i")
	h.expectPage(common.PageImport)
	h.key("down")
	h.typeText(file)
	for range 4 {
		h.key("down")
	}
	h.typeText(operator)
	h.key("down")
	if !strings.Contains(h.m.View(), "> [ 开始导入 ]") {
		h.t.Fatalf("the focus is not on the button:\n%s", h.m.View())
	}
}

// TestImportScreens: the form, an import in progress (driven by progress
// messages), quitting during it, a finished import and Home's counts after.
func TestImportScreens(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "units.csv"), unitsCSV())
	h := newHarness(t, lang.ZH)
	h.fillImport("units.csv", "法规科 张明")
	shotIn(t, h, dir, "50_import_form")

	// Enter without running the command: the import never starts, and the
	// test drives the progress messages itself.
	h.m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	h.m.Update(imports.ProgressMsg{Run: 1, Rows: 12000, Elapsed: 4 * time.Second})
	h.m.Update(imports.ProgressMsg{Run: 7, Rows: 99, Elapsed: time.Second}) // another run's: ignored
	shotIn(t, h, dir, "51_import_running")
	// With an estimated total (excel.EstimateRows) the bar shows the share.
	h.m.Update(imports.EstimateMsg{Run: 1, Rows: 48000, OK: true})
	shotIn(t, h, dir, "51b_import_running_estimate")
	if _, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}); cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit during an import without asking")
		}
	}
	if v := h.m.View(); !strings.Contains(v, "确定退出吗") || !strings.Contains(v, "全有或全无") || !strings.Contains(v, "不写入任何数据") {
		t.Fatalf("quitting during an import does not explain:\n%s", v)
	}
	h.key("n")
	h.key("esc") // no going back while it runs
	h.expectPage(common.PageImport)

	// A real import on a new screen.
	before := unitNames(t, h.db)
	h2 := newHarnessOn(t, h.db, lang.ZH)
	h2.fillImport("units.csv", "法规科 张明")
	h2.key("enter")
	shotIn(t, h2, dir, "52_import_done")
	after := unitNames(t, h2.db)
	if len(after) != len(before)+3 || after[excel.SyntheticUSCC("130802", 1)] != "滦河食品有限责任公司(更名)" {
		t.Fatalf("%d units before, %d after; renamed unit %q", len(before), len(after), after[excel.SyntheticUSCC("130802", 1)])
	}
	h2.key("esc")
	h2.expectPage(common.PageHome)
	if v := h2.m.View(); !strings.Contains(v, fmt.Sprintf("单位 %d 个", len(after))) {
		t.Fatalf("home does not show %d units:\n%s", len(after), v)
	}
}

// TestImportInvalidWritesNothing: a file with bad rows writes nothing, the
// screen lists the rows, and x writes the error list next to the file.
func TestImportInvalidWritesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "bad.csv"), badUnitsCSV())
	h := newHarness(t, lang.ZH)
	before := unitNames(t, h.db)
	h.fillImport("bad.csv", "")
	h.key("enter")
	shotIn(t, h, dir, "53_import_refused")
	if after := unitNames(t, h.db); len(after) != len(before) {
		t.Fatalf("%d units before, %d after a refused import", len(before), len(after))
	}
	v := h.m.View()
	for _, want := range []string{"未写入任何数据", "3 行有错误", "校验码", "围场县", "单位名称", "按 x 把全部"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if s, isErr := h.m.Status(); !isErr || !strings.Contains(s, "未写入任何数据") {
		t.Errorf("status %q (error %v)", s, isErr)
	}
	h.key("x")
	path := filepath.Join(dir, "bad-错误清单.xlsx")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no error list: %v (status %q)", err, h.status())
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("error list mode %v", fi.Mode().Perm())
	}
	if !strings.Contains(h.status(), path) {
		t.Errorf("status %q does not name %s", h.status(), path)
	}
	// enter goes back to the form with the values kept
	h.key("enter")
	if v := h.m.View(); !strings.Contains(v, "bad.csv") || !strings.Contains(v, "[ 开始导入 ]") {
		t.Fatalf("enter does not return to the form:\n%s", v)
	}
}

// TestImportStopped: an import stopped by quitting (Stop) writes nothing.
func TestImportStopped(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "units.csv"), unitsCSV())
	h := newHarness(t, lang.ZH)
	before := unitNames(t, h.db)
	h.fillImport("units.csv", "")
	_, start := h.m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // the import commands, not run yet
	h.m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if v := h.m.View(); !strings.Contains(v, "全有或全无") {
		t.Fatalf("ctrl+c during an import does not ask:\n%s", v)
	}
	_, cmd := h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	if cmd == nil {
		t.Fatal("y did not quit")
	} else if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Fatal("y did not quit")
	}
	// The import runs after the operator chose to quit: it stops at its
	// first progress report.
	var done *imports.DoneMsg
	for _, msg := range run(start) {
		if d, ok := msg.(imports.DoneMsg); ok {
			done = &d
		}
	}
	if done == nil || !errors.Is(done.Err, imports.ErrStopped) {
		t.Fatalf("the import did not stop: %+v", done)
	}
	if after := unitNames(t, h.db); len(after) != len(before) {
		t.Fatalf("a stopped import wrote: %d units before, %d after", len(before), len(after))
	}
}

// TestImportDemoUpdatesHome imports the demo counties and its 2,400 units
// into an empty database through the screen; Home shows the new counts.
func TestImportDemoUpdatesHome(t *testing.T) {
	demo, err := filepath.Abs(filepath.Join("..", "..", "assets", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "empty.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := newHarnessOn(t, db, lang.ZH)
	if v := h.m.View(); !strings.Contains(v, "县(市、区) 0 个  单位 0 个") {
		t.Fatalf("home of an empty database:\n%s", v)
	}
	for _, k := range []string{"counties", "units"} {
		h.key("i")
		h.key("left") // 检查对象名录 -> 随机抽查事项清单 -> 县(市、区)
		if k == "counties" {
			h.key("left")
		} else {
			h.key("right")
		}
		h.key("down")
		h.typeText(filepath.Join(demo, k+".xlsx"))
		for range 5 {
			h.key("down")
		}
		h.key("enter")
		if v := h.m.View(); !strings.Contains(v, "导入完成") {
			t.Fatalf("%s: %s\n%s", k, h.status(), v)
		}
		h.key("esc")
		h.expectPage(common.PageHome)
	}
	counties, err := db.Counties()
	if err != nil {
		t.Fatal(err)
	}
	units := unitNames(t, db)
	if len(counties) < 12 || len(units) < 2000 {
		t.Fatalf("%d counties, %d units imported", len(counties), len(units))
	}
	want := fmt.Sprintf("县(市、区) %d 个  单位 %d 个", len(counties), len(units))
	if v := h.m.View(); !strings.Contains(v, want) {
		t.Fatalf("home does not say %q:\n%s", want, v)
	}
}

// TestCoverageScreen shows the plan of 2026 on the fixture with some
// inspections, a key unit and a seriously dishonest unit, exports it (a
// 0600 workbook in the export folder) and turns to 2025.
func TestCoverageScreen(t *testing.T) {
	h := newHarness(t, lang.ZH)
	db := h.db
	var units []store.Unit
	must(t, func() error { return db.EachUnit(func(u store.Unit) error { units = append(units, u); return nil }) })
	must(t, func() error {
		_, err := db.ImportUnits(store.ImportOptions{}, func(put func(store.Unit) error) error {
			for i, u := range units[:4] {
				u.Key = i < 2
				if i >= 2 {
					u.DishonestFrom = "2026-03-01"
				}
				if err := put(u); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	})
	must(t, func() error {
		_, err := db.ImportHistory(store.ImportOptions{}, func(put func(store.Inspection) error) error {
			for i := 0; i < len(units); i += 3 {
				u := units[i]
				date := "2026-05-10"
				if i%2 == 1 {
					date = "2026-09-15"
				}
				// Random checks made on the provincial platform count for the
				// floor; the 举报 checks of every sixth unit do not.
				source := "双随机(省平台)"
				if i%6 == 0 {
					source = "举报核查"
				}
				if err := put(store.Inspection{Unit: u.ID, Date: date, Matter: "SJ-001", Source: source}); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	})
	h.key("c")
	h.expectPage(common.PageCoverage)
	shotIn(t, h, h.dir, "55_coverage")
	h.key("x")
	path := filepath.Join(h.dir, "2026年抽查覆盖情况.xlsx")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no export: %v (status %q)", err, h.status())
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("export mode %v", fi.Mode().Perm())
	}
	if !strings.Contains(h.status(), path) || !strings.Contains(h.m.View(), "已导出到 "+path) {
		t.Errorf("the export path is not shown: status %q", h.status())
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("覆盖情况")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 4 || !strings.Contains(strings.Join(rows[0], ""), "2026") || rows[2][0] != "双桥区" {
		t.Fatalf("exported rows %q", rows)
	}
	h.key("left")
	if v := h.m.View(); !strings.Contains(v, "2025 年抽查覆盖情况") || !strings.Contains(v, "截至 2025-12-31") {
		t.Fatalf("left does not show 2025:\n%s", v)
	}
	h.key("esc")
	h.expectPage(common.PageHome)
}

// TestProgramImport runs the real Bubble Tea program: the import runs in
// its command goroutine while the program keeps drawing, Home shows the
// new count afterwards, and q quits.
func TestProgramImport(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "units.csv")
	writeFile(t, path, unitsCSV())
	db := fixture(t)
	be := &common.Backend{DB: db, ExportDir: dir, Now: func() time.Time { return clock }}
	tm := teatest.NewTestModel(t, app.New(app.Options{Lang: lang.ZH, Backend: be}), teatest.WithInitialTermSize(100, 30))
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	waitFor("单位 40 个")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("i")})
	waitFor("开始导入")
	tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(path)})
	for range 5 {
		tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor("导入完成")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	waitFor("单位 43 个")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// TestEnglishViews: the import form and the coverage screen in English fit
// 100 columns and hold no locale-dependent characters.
func TestEnglishViews(t *testing.T) {
	h := newHarness(t, lang.EN)
	check := func(name string) {
		t.Helper()
		v := h.m.View()
		noAmbiguous(t, name, v)
		for _, l := range strings.Split(v, "\n") {
			if lipgloss.Width(l) > 100 {
				t.Errorf("%s: line wider than 100: %q", name, l)
			}
		}
	}
	h.key("i")
	h.expectPage(common.PageImport)
	if v := h.m.View(); !strings.Contains(v, "units") || !strings.Contains(v, "[ start import ]") {
		t.Fatalf("English import form:\n%s", v)
	}
	check("import")
	h.key("esc")
	h.key("c")
	h.expectPage(common.PageCoverage)
	if v := h.m.View(); !strings.Contains(v, "Coverage 2026") || !strings.Contains(v, "rounds held 0/2") {
		t.Fatalf("English coverage:\n%s", v)
	}
	check("coverage")
}

// unitStates is every unit's id → name and whether it left the library.
func unitStates(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := db.EachUnit(func(u store.Unit) error {
		out[u.ID] = fmt.Sprintf("%s removed=%v", u.Name, u.Removed)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportReplaceConfirmAndUndo: a replace that would remove most of the
// library stops after its dry run, states the numbers and writes nothing
// until y; n cancels; after y, u shows the import and y undoes it.
func TestImportReplaceConfirmAndUndo(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "units.csv"), unitsCSV())
	h := newHarness(t, lang.ZH)
	before := unitStates(t, h.db)
	h.key("i")
	h.expectPage(common.PageImport)
	h.key("down")
	h.typeText("units.csv")
	h.key("down")
	h.key("right") // 替换
	for range 3 {
		h.key("down")
	}
	h.typeText("法规科 张明")
	h.key("down")
	h.key("enter")
	shotIn(t, h, dir, "54_import_replace_confirm")
	v := h.m.View()
	removed := len(before) - 1 // the file lists one unit of the library
	for _, want := range []string{"替换方式将移出较多记录", fmt.Sprintf("文件中没有的 %d 条记录将移出名录库", removed), fmt.Sprintf("名录库现有 %d 条", len(before)), "y 写入"} {
		if !strings.Contains(v, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, v)
		}
	}
	if got := unitStates(t, h.db); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatal("the library changed before the confirmation")
	}
	h.key("n")
	if got := unitStates(t, h.db); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatal("the library changed after n")
	}
	if !strings.Contains(h.m.View(), "已取消替换, 未写入任何数据") {
		t.Fatalf("no word of the cancel:\n%s", h.m.View())
	}
	h.key("enter")
	h.key("y")
	if !strings.Contains(h.m.View(), "导入完成") {
		t.Fatalf("y did not import:\n%s", h.m.View())
	}
	n := 0
	for _, s := range unitStates(t, h.db) {
		if strings.HasSuffix(s, "removed=true") {
			n++
		}
	}
	if n != removed {
		t.Fatalf("%d units removed, want %d", n, removed)
	}
	h.key("u")
	shotIn(t, h, dir, "55_import_undo_confirm")
	if v := h.m.View(); !strings.Contains(v, "撤销上一次导入?") || !strings.Contains(v, "以替换方式导入检查对象名录") || !strings.Contains(v, "units.csv") {
		t.Fatalf("the undo does not show the import:\n%s", v)
	}
	h.key("y")
	if got := unitStates(t, h.db); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatal("the undo did not restore the library")
	}
	if v := h.m.View(); !strings.Contains(v, "已撤销名录变动第") {
		t.Fatalf("no word of the undo:\n%s", v)
	}
	log, err := h.db.LibraryLog()
	if err != nil || len(log) < 2 || log[len(log)-1].Kind != store.ChangeUndo || log[len(log)-1].By != "法规科 张明" {
		t.Fatalf("log %+v %v", log, err)
	}
	h.key("u") // nothing left to undo
	if s, isErr := h.m.Status(); !isErr || !strings.Contains(s, "没有可以撤销的导入") {
		t.Fatalf("second undo: status %q", s)
	}
}

// TestImportPickColumns: a file whose required columns are named
// otherwise stops at a column-picking step; the columns picked import it.
func TestImportPickColumns(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	code := excel.SyntheticUSCC("130802", 500)
	writeFile(t, filepath.Join(dir, "odd.csv"), "信用号,企业,县区,行业\n"+code+",承德选列测试有限公司,双桥区,规上工业\n")
	h := newHarness(t, lang.ZH)
	h.fillImport("odd.csv", "")
	h.key("enter")
	shotIn(t, h, dir, "56_import_pick_columns")
	v := h.m.View()
	for _, want := range []string{"找不到全部必填列", "统一社会信用代码", "单位名称", "单位类别", "用这些列导入"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the picking step lacks %q:\n%s", want, v)
		}
	}
	if _, ok := unitNames(t, h.db)[code]; ok {
		t.Fatal("imported before the columns were picked")
	}
	// 统一社会信用代码 ← 信用号 is guessed; 单位名称 ← 企业, 单位类别 ← 行业 are picked.
	h.key("down")
	h.key("right")
	h.key("down")
	for range 3 {
		h.key("right")
	}
	h.key("down")
	h.key("enter")
	if !strings.Contains(h.m.View(), "导入完成") || unitNames(t, h.db)[code] != "承德选列测试有限公司" {
		t.Fatalf("the picked columns did not import:\n%s", h.m.View())
	}
	if v := h.m.View(); !strings.Contains(v, "单位名称 <- 企业") || !strings.Contains(v, "单位类别 <- 行业") {
		t.Errorf("the report does not say which column fed which field:\n%s", v)
	}
}
