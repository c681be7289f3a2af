package app_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/store"
	rfix "shuangsui/store/report/fixture"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// resultsOn opens the results of the fixture's sealed ceremony from Home
// (enter opens the seal screen, o the results) at w×h, the app's clock on
// the fixture's day.
func resultsOn(t *testing.T, f *rfix.Fixture, l lang.Lang, w, h int) *harness {
	t.Helper()
	hs := newHarnessAt(t, f.DB, l, f.Clock.Now())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.key("enter")
	hs.expectPage(common.PageSeal)
	hs.key("o")
	hs.expectPage(common.PageResults)
	return hs
}

// fillResult fills the result form just opened (the focus on the start
// date) and leaves the focus on the save button.
func (h *harness) fillResult(start, end, codes string) {
	h.t.Helper()
	for _, v := range []string{start, end, codes} {
		h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
		h.typeText(v)
		h.key("tab")
	}
	h.key("tab")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.typeText("刘录入")
	h.key("tab")
	h.key("tab") // the reason, needed only to change a stored result
	if !strings.Contains(h.m.View(), "> [ ") {
		h.t.Fatalf("the focus is not on the save button:\n%s", h.m.View())
	}
}

func checkFits(t *testing.T, name, v string, w, h int) {
	t.Helper()
	noAmbiguous(t, name, v)
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Errorf("%s has %d lines, want %d", name, len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%s line %d is %d cells wide: %q", name, i+1, lw, l)
		}
	}
}

// TestResultErrorVisibleAt80x24: at 80×24 a refused result is said under
// the save button, once, whole (a date is never broken), and not again in
// the status line; the same at 100×30.
func TestResultErrorVisibleAt80x24(t *testing.T) {
	f := rfix.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	h := resultsOn(t, f, lang.ZH, 80, 24)
	h.key("enter")
	h.fillResult("2026-11-20", "2026-11-19", "1,99")
	h.key("enter")
	v := h.m.View()
	checkFits(t, "bad code", v, 80, 24)
	if n := strings.Count(v, "没有编号为 99"); n != 1 {
		t.Errorf("the bad code number is said %d times at 80×24:\n%s", n, v)
	}
	h.key("up") // the reason
	h.key("up")
	h.key("up")
	h.key("up")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.typeText("1")
	h.key("tab")
	h.key("tab")
	h.key("tab")
	h.key("tab")
	h.key("enter")
	for _, size := range [][2]int{{80, 24}, {100, 30}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v = h.m.View()
		checkFits(t, "end before start", v, size[0], size[1])
		if n := strings.Count(v, "早于开始日期"); n != 1 || !strings.Contains(v, "检查结束日期 2026-11-19 早于开始日期 2026-11-20") {
			t.Errorf("%v: the refusal is said %d times, or not whole:\n%s", size, n, v)
		}
		if st := h.status(); st != "" {
			t.Errorf("%v: the refusal is also in the status line: %q", size, st)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	golden(t, "60_results_error_80x24", h.m.View())
	if h.page() != common.PageResults {
		t.Fatalf("page %d", h.page())
	}
}

// TestResultsColumnsUseTheWidth: at 100 columns no header is cut and the
// unit codes, dates and short results read whole (the long ones give
// way); at 80 columns the table still fits, with no header cut and codes
// and due dates whole.
func TestResultsColumnsUseTheWidth(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toSeal()
	s := h.m.Session()
	c := s.Ceremony()
	var units []string
	for i, ud := range c.Result.Units {
		for j, u := range c.CurrentUnits(ud.County) {
			units = append(units, u)
			if j == 3 {
				continue
			}
			codes := [][]string{{"未发现问题"}, {"发现问题已责令改正"}, {"未按规定公示应当公示的信息", "迟报统计资料"}}[(i+j)%3]
			if _, err := h.db.PutResult(store.ResultInput{Ceremony: s.ID(), Unit: u, Start: "2026-11-25", End: "2026-11-25",
				Codes: codes, EnteredBy: "张明"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	h.key("o")
	h.expectPage(common.PageResults)
	v := h.m.View()
	shot(t, h, "61_results_columns_100x30")
	lines := strings.Split(v, "\n")
	for _, head := range []string{"单位代码", "单位名称", "检查日期", "检查结果", "应公示日期", "状态"} {
		if !strings.Contains(lines[4], head+" ") && !strings.HasSuffix(lines[4], head) {
			t.Errorf("header %q cut: %q", head, lines[4])
		}
	}
	for _, u := range units {
		if !strings.Contains(v, u+"  ") {
			t.Errorf("unit %s cut:\n%s", u, v)
		}
	}
	for _, whole := range []string{"2026-11-25  未发现问题", "2026-11-25  发现问题已责令改正", "2026-12-23  待公示", "避暑山庄商贸有限"} {
		if !strings.Contains(v, whole) {
			t.Errorf("%q cut at 100 columns:\n%s", whole, v)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	v = h.m.View()
	checkFits(t, "80x24", v, 80, 24)
	if head := strings.Split(v, "\n")[4]; strings.Contains(head, "~") || !strings.Contains(head, "检查结果") {
		t.Errorf("a header is cut at 80 columns: %q", head)
	}
	for _, u := range units {
		if !strings.Contains(v, u+"  ") {
			t.Errorf("unit %s cut at 80 columns:\n%s", u, v)
		}
	}
	if !strings.Contains(v, "2026-12-23  待公示") || !strings.Contains(v, "已录入 6/8") {
		t.Errorf("due date, state or summary lost at 80 columns:\n%s", v)
	}
}

// TestResultsEnglish: under --lang en the results screen is English but
// for the data and the official result codes; a store refusal is led in
// English.
func TestResultsEnglish(t *testing.T) {
	f := rfix.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-12-20")
	c := f.S.Ceremony()
	units := c.CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-28", "2026-09-30", "迟报统计资料")            // overdue
	f.Put(t, units[1], "2026-12-14", "2026-12-15", store.CodeNoProblem) // due 2027-01-13 (元旦 2027-01-01 is a holiday)
	h := resultsOn(t, f, lang.EN, 100, 30)
	v := h.m.View()
	shot(t, h, "62_results_en")
	for _, zh := range []string{"估计问题单位占比", "问题单位占比估计", "暂定", "待公示", "已逾期", "未录入", "已录入", "检查结果  "} {
		if strings.Contains(v, zh) {
			t.Errorf("English results show %q:\n%s", zh, v)
		}
	}
	for _, want := range []string{"Inspection results", "publish by", "overdue 33 workdays", "2027-01-13", "pending",
		"not entered", "迟报统计资料", "未发现问题", "estimated share of units with problems 50.0%"} {
		if !strings.Contains(v, want) {
			t.Errorf("English results lack %q:\n%s", want, v)
		}
	}
	h.key("down")
	h.key("down")
	h.key("enter")
	h.fillResult("2026-12-10", "2026-12-09", "1")
	h.key("enter")
	v = h.m.View()
	if !strings.Contains(v, "cannot save: 检查结束日期 2026-12-09 早于开始日期 2026-12-10") || strings.Contains(v, "检查结果(仪式") {
		t.Errorf("the store's refusal is not led in English:\n%s", v)
	}
	if st := h.status(); st != "" {
		t.Errorf("the refusal is also in the status line: %q", st)
	}
}

// Changing a stored result in the app needs the reason field: refused
// without it, naming the entry; with it the correction is chained and,
// made after publication, the row says 已更正.
func TestCorrectionNeedsAReasonInTheApp(t *testing.T) {
	f := rfix.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	unit := f.S.Ceremony().CurrentUnits(f.Counties()[0])[0]
	f.Put(t, unit, "2026-11-10", "2026-11-11", store.CodeNoProblem)
	if err := f.DB.MarkPublished(f.S.ID(), unit, "2026-11-20", "王芳", ""); err != nil {
		t.Fatal(err)
	}
	h := resultsOn(t, f, lang.ZH, 100, 30)
	h.key("enter")
	h.fillResult("2026-11-10", "2026-11-11", "13")
	h.key("enter")
	if v := h.m.View(); !strings.Contains(v, "已有检查结果") || !strings.Contains(v, "修改须写明理由") {
		t.Fatalf("a correction without a reason:\n%s", v)
	}
	h.key("up")
	h.typeText("复核原始记录发现迟报")
	h.key("tab")
	h.key("enter")
	if st := h.status(); !strings.Contains(st, "已保存") {
		t.Fatalf("status %q\n%s", st, h.m.View())
	}
	if v := h.m.View(); !strings.Contains(v, "已更正") || !strings.Contains(v, "迟报统计资料") {
		t.Fatalf("the corrected row:\n%s", v)
	}
	r, _, _ := f.DB.Result(f.S.ID(), unit)
	if r.Corrected == "" || r.Codes[0] != "迟报统计资料" {
		t.Fatalf("stored %+v", r)
	}
}
