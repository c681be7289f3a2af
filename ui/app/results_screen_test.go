package app_test

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

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

// TestResultsColumnsUseTheWidth: at 100 and at 80 columns no header is
// cut or shortened, unit codes and dates read whole, and every unit's name
// and result read whole in their columns (wrapped onto more lines, never
// cut), whether or not a result has been entered; a table too wide for one
// line per unit shows each county as a heading over its units (repeated
// at the top when a county scrolls in); scrolling reaches each unit.
func TestResultsColumnsUseTheWidth(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toSeal()
	s := h.m.Session()
	c := s.Ceremony()
	var units []string
	codesOf := map[string]string{}
	for i, ud := range c.Result.Units {
		for j, u := range c.CurrentUnits(ud.County) {
			units = append(units, u)
			if j == 3 {
				continue
			}
			codes := [][]string{{"未发现问题"}, {"发现问题已责令改正"}, {"未按规定公示应当公示的信息", "迟报统计资料"}}[(i+j)%3]
			codesOf[u] = strings.Join(codes, "；")
			if _, err := h.db.PutResult(store.ResultInput{Ceremony: s.ID(), Unit: u, Start: "2026-11-25", End: "2026-11-25",
				Codes: codes, EnteredBy: "张明"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	counties, err := h.db.Counties()
	if err != nil {
		t.Fatal(err)
	}
	countyName := map[string]string{}
	for _, c := range counties {
		countyName[c.Code] = c.Name
	}
	h.key("o")
	h.expectPage(common.PageResults)
	shot(t, h, "61_results_columns_100x30")
	for _, size := range [][2]int{{100, 30}, {80, 24}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := h.m.View()
		checkFits(t, fmt.Sprint(size), v, size[0], size[1])
		head := strings.Split(v, "\n")[4]
		for _, want := range []string{"单位代码", "单位名称", "检查结果", "应公示日期", "状态"} {
			if !strings.Contains(head, want) {
				t.Errorf("%v: header %q cut or left out: %q", size, want, head)
			}
		}
		for k, u := range units {
			v := h.m.View()
			unit, ok, err := h.db.Unit(u)
			if err != nil || !ok {
				t.Fatalf("unit %s: %v", u, err)
			}
			if !strings.Contains(head, "县(市、区)") && !headedBy(v, u, countyName[unit.County], countyName) {
				t.Errorf("%v: %s is not under its county's heading %q:\n%s", size, u, countyName[unit.County], v)
			}
			if got := cellText(v, "单位名称", u); got != unit.Name {
				t.Errorf("%v: the name of %s reads %q, want %q:\n%s", size, u, got, unit.Name, v)
			}
			want := codesOf[u]
			if want == "" {
				want = "未录入"
			}
			if got := cellText(v, "检查结果", u); got != want {
				t.Errorf("%v: the result of %s reads %q, want %q:\n%s", size, u, got, want, v)
			}
			if codesOf[u] != "" && cellText(v, "应公示日期", u) != "2026-12-23" {
				t.Errorf("%v: the due date of %s is not whole:\n%s", size, u, v)
			}
			if k+1 < len(units) {
				h.key("down")
			}
		}
		if !strings.Contains(h.m.View(), "已录入 6/8") {
			t.Errorf("%v: the summary is lost:\n%s", size, h.m.View())
		}
		for range units {
			h.key("up")
		}
	}
	golden(t, "61_results_columns_80x24", h.m.View())
}

// headedBy reports whether the nearest county heading (a line that is
// only the name of a county of names) above the row of unit in v is county.
func headedBy(v, unit, county string, names map[string]string) bool {
	lines := strings.Split(v, "\n")
	isCounty := map[string]bool{}
	for _, n := range names {
		isCounty[n] = true
	}
	for i, l := range lines {
		if strings.Contains(l, unit) {
			for j := i - 1; j > 0; j-- {
				if t := strings.TrimSpace(lines[j]); isCounty[t] {
					return t == county
				}
			}
		}
	}
	return false
}

// cellText is the text of the column under header in the row of the table
// in v that starts with the unit code: its lines joined, the row's
// continuation lines being those whose code column is blank.
func cellText(v, header, unit string) string {
	lines := strings.Split(v, "\n")
	hl := -1
	for i, l := range lines {
		if strings.Contains(l, header) && strings.Contains(l, "单位代码") {
			hl = i
			break
		}
	}
	if hl < 0 {
		return ""
	}
	x := ansi.StringWidth(lines[hl][:strings.Index(lines[hl], header)])
	codeX := ansi.StringWidth(lines[hl][:strings.Index(lines[hl], "单位代码")])
	next := len(lines[hl]) // the start of the next column's header
	if rest := lines[hl][strings.Index(lines[hl], header)+len(header):]; strings.TrimLeft(rest, " ") != "" {
		next = x + ansi.StringWidth(header) + len(rest) - len(strings.TrimLeft(rest, " "))
	}
	var b strings.Builder
	for i := hl + 1; i < len(lines); i++ {
		code := strings.TrimSpace(ansi.Cut(lines[i], codeX, codeX+len(unit)))
		if b.Len() == 0 && code != unit {
			continue
		}
		if b.Len() > 0 && code != "" {
			break
		}
		part := strings.TrimSpace(ansi.Cut(lines[i], x, next))
		if part == "" {
			break
		}
		b.WriteString(part)
	}
	return b.String()
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
