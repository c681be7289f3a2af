package results

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"shuangsui/sampling/estimate"
	"shuangsui/store"
	"shuangsui/store/report/fixture"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

func newScreen(t *testing.T, f *fixture.Fixture) *Model {
	t.Helper()
	return newScreenIn(t, f, lang.ZH, 100, 30)
}

// newScreenIn is the screen in language l, w×h cells (the body the app
// gives it: 80×24 leaves 80×20).
func newScreenIn(t *testing.T, f *fixture.Fixture, l lang.Lang, w, h int) *Model {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	common.FixWidths()
	c := &common.Common{Styles: common.DefaultStyles(), KeyMap: common.DefaultKeyMap(l.T), Lang: l,
		Backend: &common.Backend{DB: f.DB, Now: f.Clock.Now}}
	m := New(c, f.S.ID(), nil)
	m.SetSize(w, h)
	return m
}

func checkWidth(t *testing.T, view string) {
	t.Helper()
	checkSize(t, view, 100, 30)
}

// checkSize fails when the view is more than w cells wide or h lines high.
func checkSize(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, more than %d:\n%s", len(lines), h, view)
	}
	for _, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %q is %d cells wide, more than %d", l, lw, w)
		}
	}
}

func TestListShowsDueOverdueProvisionalAndEstimate(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-12-20")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-28", "2026-09-30", "迟报统计资料")            // due 2026-11-03: overdue
	f.Put(t, units[1], "2026-12-14", "2026-12-15", store.CodeNoProblem) // due 2027-01-13 (元旦 2027-01-01)
	m := newScreen(t, f)
	v := m.View()
	checkWidth(t, v)
	for _, want := range []string{"检查结果", f.S.ID(), "2026-11-03", "已逾期 33 个工作日", "2027-01-13", "待公示", "未录入",
		"问题单位占比估计 50.0%", "已录入 2/12  已逾期 1  即将到期 0  (截至 2026-12-20)"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

// TestProvisionalDeadline: a deadline in a year whose holiday arrangement
// is not known yet (2028 with lunar-go v1.4.7) is marked provisional, in
// short where the column is narrow and in full where it is wide.
func TestProvisionalDeadline(t *testing.T) {
	for _, tc := range []struct {
		l            lang.Lang
		narrow, wide string
	}{{lang.ZH, "2028-01-17(暂定)", "2028-01-17(暂定)"}, {lang.EN, "2028-01-17", "2028-01-17 (provisional)"}} {
		f := fixture.New(t, "2026-09-01", 6, 3)
		f.Clock.Set("2027-12-27")
		units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
		// From Mon 2027-12-20: 12/21–12/24 1–4; 12/27–12/31 5–9; 2028 is not
		// covered: 1/3–1/7 10–14; 1/10–1/14 15–19; Mon 1/17 20.
		f.Put(t, units[0], "2027-12-16", "2027-12-20", store.CodeNoProblem)
		m := newScreenIn(t, f, tc.l, 80, 24)
		if v := m.View(); !strings.Contains(v, tc.narrow) || !strings.Contains(v, tc.l.T("暂定", "prov")) {
			t.Errorf("%v at 80 columns lacks %q or its provisional mark:\n%s", tc.l, tc.narrow, v)
		}
		m.SetSize(200, 40)
		if v := m.View(); !strings.Contains(v, tc.wide) {
			t.Errorf("%v at 200 columns lacks %q:\n%s", tc.l, tc.wide, v)
		}
	}
}

func TestEnterAResult(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	m := newScreen(t, f)
	row := m.sheet.Rows[1]
	m.Update(tea.KeyMsg{Type: tea.KeyDown})
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !m.editing || !m.Typing() {
		t.Fatal("enter did not open the form")
	}
	typeText := func(s string) { m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }
	tab := func() { m.Update(tea.KeyMsg{Type: tea.KeyTab}) }
	typeText("2026-10-10")
	tab()
	typeText("2026-10-09") // before the start: refused
	tab()
	typeText("2,13")
	tab()
	typeText("补报后已改正")
	tab()
	typeText("刘录入")
	tab()
	tab() // the reason, needed only to change a stored result
	if m.form.Focus != fSave {
		t.Fatalf("focus %d", m.form.Focus)
	}
	v := m.View()
	checkWidth(t, v)
	for _, want := range []string{row.Unit, "检查组: ", " 1 未发现问题", "13 迟报统计资料(统计)", "[ 保存 ]"} {
		if !strings.Contains(v, want) {
			t.Errorf("form lacks %q:\n%s", want, v)
		}
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !m.editing || !strings.Contains(m.View(), "早于开始日期") {
		t.Fatalf("a bad end date was not shown:\n%s", m.View())
	}
	m.form.Set(fEnd)
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
	typeText("2026-10-12")
	m.form.Set(fSave)
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if m.editing {
		t.Fatalf("save failed: %s", m.formErr)
	}
	r, ok, err := f.DB.Result(f.S.ID(), row.Unit)
	if err != nil || !ok || r.End != "2026-10-12" || strings.Join(r.Codes, "|") != "未按规定公示应当公示的信息|迟报统计资料" || r.Notes != "补报后已改正" {
		t.Fatalf("stored %+v %v %v", r, ok, err)
	}
	v = m.View()
	if !strings.Contains(v, "2026-11-09") || !strings.Contains(v, "已录入 1/12") {
		t.Errorf("list after saving:\n%s", v)
	}
	// Reopening the form shows the numbers of the stored codes; esc leaves.
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if got := m.form.Fields[fCodes].Value(); got != "2,13" {
		t.Fatalf("codes field %q", got)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if m.editing {
		t.Fatal("esc did not leave the form")
	}
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEsc}); cmd == nil {
		t.Fatal("esc on the list does not go home")
	} else if msg, ok := cmd().(common.OpenMsg); !ok || msg.Page != common.PageHome {
		t.Fatalf("esc sent %#v", cmd())
	}
}

// fill types a result into the open form and moves to the save button.
func fill(m *Model, start, end, codes string) {
	for i, v := range []string{start, end, codes} {
		m.form.Set(fStart + i)
		m.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(v)})
	}
	m.form.Set(fBy)
	m.Update(tea.KeyMsg{Type: tea.KeyCtrlU})
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("刘录入")})
	m.form.Set(fSave)
}

// TestFormErrorVisibleAt80x24: the refusal of a save is shown under the
// save button, within the 80×20 body the app gives the screen at 80×24
// (the list of codes gives way, not the error), once, and not in the
// status line too; a date in it is never broken.
func TestFormErrorVisibleAt80x24(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	m := newScreenIn(t, f, lang.ZH, 80, 20)
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	fill(m, "2026-11-20", "2026-11-19", "1,99")
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	v := m.View()
	checkSize(t, v, 80, 20)
	if cmd != nil {
		t.Errorf("a refused save also sends %#v", cmd())
	}
	if n := strings.Count(v, "没有编号为 99 的检查结果"); n != 1 {
		t.Errorf("the error is shown %d times:\n%s", n, v)
	}
	// The store's refusal: the form names the unit, so the error does not.
	fill(m, "2026-11-20", "2026-11-19", "1")
	_, cmd = m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	v = m.View()
	checkSize(t, v, 80, 20)
	if cmd != nil {
		t.Errorf("a refused save also sends %#v", cmd())
	}
	if !m.editing || strings.Count(v, "无法保存: 检查结束日期 2026-11-19 早于开始日期 2026-11-20") != 1 || strings.Contains(v, "检查结果(仪式") {
		t.Errorf("the store's refusal is not shown once, whole:\n%s", v)
	}
	// A window too short for every line still shows the error, and the
	// end of the list of codes gives way.
	m.SetSize(80, 16)
	v = m.View()
	checkSize(t, v, 80, 16)
	if !strings.Contains(v, "早于开始日期 2026-11-20") || !strings.Contains(v, "> [ 保存 ]") {
		t.Errorf("at 80×16 the error or the button is lost:\n%s", v)
	}
	// A narrow window wraps the error between words, never inside a date.
	m.SetSize(40, 30)
	v = m.View()
	checkSize(t, v, 40, 30)
	for _, d := range []string{"2026-11-19", "2026-11-20"} {
		if !strings.Contains(v, d) {
			t.Errorf("date %s broken at 40 columns:\n%s", d, v)
		}
	}
}

func TestWrapKeepsRunsWhole(t *testing.T) {
	s := "无法保存: 检查结束日期 2026-11-27 晚于今天 2026-11-27,请核对(编号 1-14)"
	for w := 12; w <= 60; w++ { // the longest run, "2026-11-27,", is 11 cells
		lines := wrap(s, w)
		joined := strings.Join(lines, "")
		for _, whole := range []string{"2026-11-27", "1-14"} {
			if strings.Count(joined, whole) != strings.Count(s, whole) {
				t.Errorf("width %d breaks %q: %q", w, whole, lines)
			}
		}
		for _, l := range lines {
			if lipgloss.Width(l) > w {
				t.Errorf("width %d: line %q is wider", w, l)
			}
			if strings.HasPrefix(l, ",") || strings.HasPrefix(l, ")") || strings.HasSuffix(l, "(") {
				t.Errorf("width %d: punctuation at the wrong end of %q", w, l)
			}
		}
		if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(s, " ", "") {
			t.Errorf("width %d loses text: %q", w, lines)
		}
	}
	if got := wrap("abcdefghij", 4); strings.Join(got, "|") != "abcd|efgh|ij" {
		t.Errorf("an overlong run is cut as %q", got)
	}
}

// TestColumnsUseTheWidth: the columns are as wide as their cells while
// that fits; otherwise the results, the states and then the names give
// way down to their floors (their cells then wrap), codes, dates and
// headers are never cut, the inspection date is left out rather than the
// names wrap, and the county only when even the floors do not fit.
func TestColumnsUseTheWidth(t *testing.T) {
	headers := []string{"县(市、区)", "单位代码", "单位名称", "检查日期", "检查结果", "应公示日期", "状态"}
	rows := [][]string{
		{"承德县", "91130821MA000000G2", "承德钢铁制品有限公司16", "2026-11-25", "未按规定公示应当公示的信息；迟报统计资料", "2027-01-12(暂定)", "即将到期 剩 3 个工作日"},
		{"双桥区", "91130802MA00000026", "避暑山庄商贸有限公司2", "2026-11-25", "未发现问题", "2026-12-23", "待公示"},
	}
	all := []int{0, 1, 2, 3, 4, 5, 6}
	for _, tt := range []struct {
		avail int
		shown []int
	}{
		{198, all},
		{120, all},
		{108, all},
		{107, []int{0, 1, 2, 4, 5, 6}}, // the names would wrap: the inspection date gives way
		{84, []int{0, 1, 2, 4, 5, 6}},
		{83, []int{1, 2, 4, 5, 6}},
		{78, []int{1, 2, 4, 5, 6}},
	} {
		hs := slices.Clone(headers)
		shown, widths := layout(hs, rows, tt.avail, false)
		if !slices.Equal(shown, tt.shown) {
			t.Errorf("%d cells: columns %v, want %v", tt.avail, shown, tt.shown)
		}
		if !slices.Equal(hs, headers) {
			t.Errorf("%d cells: headers changed to %q", tt.avail, hs)
		}
		total := tableGap * (len(shown) - 1)
		for _, i := range shown {
			total += widths[i]
			data := 0
			for _, r := range rows {
				data = max(data, lipgloss.Width(r[i]))
			}
			natural := max(data, lipgloss.Width(headers[i]))
			if tt.avail == 198 && widths[i] != natural {
				t.Errorf("198 cells: column %d is %d wide, not its widest cell", i, widths[i])
			}
			if !slices.Contains(wrapCols, i) && widths[i] != natural {
				t.Errorf("%d cells: column %d (never cut) is %d wide, its cells %d", tt.avail, i, widths[i], natural)
			}
			if widths[i] < min(natural, floors[i]) || widths[i] < lipgloss.Width(headers[i]) {
				t.Errorf("%d cells: column %d is %d wide, below its floor or header", tt.avail, i, widths[i])
			}
		}
		if total > tt.avail {
			t.Errorf("%d cells: the table takes %d", tt.avail, total)
		}
		if tt.avail < 198 && total < tt.avail-1 && total < natural(headers, rows) {
			t.Errorf("%d cells: the table takes only %d", tt.avail, total)
		}
	}
}

// TestGroupedLayoutGivesTheCountyWidthToNames: with the counties as
// headings the county column is never shown and the names get its width.
func TestGroupedLayoutGivesTheCountyWidthToNames(t *testing.T) {
	headers := []string{"县(市、区)", "单位代码", "单位名称", "检查日期", "检查结果", "应公示日期", "状态"}
	rows := [][]string{{"宽城满族自治县", "91130827MA000000G2", "承德宽城力达矿业有限责任公司", "2026-11-25", "未发现问题", "2026-12-23", "待公示"}}
	flat, fw := layout(slices.Clone(headers), rows, 78, false)
	grouped, gw := layout(slices.Clone(headers), rows, 78, true)
	if slices.Contains(grouped, cCounty) || !slices.Contains(flat, cCounty) {
		t.Errorf("grouped columns %v, flat %v", grouped, flat)
	}
	if gw[cName] <= fw[cName] {
		t.Errorf("the name is %d wide grouped, %d as a column of %v; its text %d", gw[cName], fw[cName], flat, lipgloss.Width(rows[0][cName]))
	}
}

// TestScrollKeepsTheSelectedRowWhole: rows of several lines scroll so that
// the selected row is shown whole and the window is full at the end.
func TestScrollKeepsTheSelectedRowWhole(t *testing.T) {
	heights := []int{1, 3, 2, 1, 3, 1}
	for _, tt := range []struct{ top, sel, budget, want int }{
		{0, 0, 5, 0},
		{0, 2, 5, 1},  // rows 1-2 take 5 lines
		{0, 4, 5, 3},  // rows 3-4 take 4
		{4, 1, 5, 1},  // moving up shows the selected row at the top
		{0, 5, 5, 3},  // the last rows fill the window
		{0, 1, 2, 1},  // a row taller than the window is still the first shown
		{3, 3, 20, 0}, // everything fits
	} {
		if got := scrollTop(heights, tt.top, tt.sel, tt.budget); got != tt.want {
			t.Errorf("top %d sel %d budget %d: first row %d, want %d", tt.top, tt.sel, tt.budget, got, tt.want)
		}
	}
}

// TestEscReturnsWhereOpened: esc goes back to the screen set by ReturnTo.
func TestEscReturnsWhereOpened(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	m := newScreen(t, f)
	m.ReturnTo(common.PageSeal, f.S)
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if cmd == nil {
		t.Fatal("esc does nothing")
	}
	if msg, ok := cmd().(common.OpenMsg); !ok || msg.Page != common.PageSeal || msg.Session != common.Session(f.S) {
		t.Fatalf("esc sent %#v", cmd())
	}
}

// TestEnglish: under en the screen's own texts are English; the data and
// the official result codes stay Chinese; a store error gets an English
// lead.
func TestEnglish(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-12-20")
	m := newScreenIn(t, f, lang.EN, 100, 30)
	if v := m.View(); !strings.Contains(v, "estimated share of units with problems: no results usable for the estimate yet") {
		t.Errorf("no estimate yet is not said in English:\n%s", v)
	}
	c := f.S.Ceremony()
	units := c.CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-28", "2026-09-30", "迟报统计资料")            // overdue
	f.Put(t, units[1], "2026-12-14", "2026-12-15", store.CodeNoProblem) // due 2027-01-13
	f.Put(t, units[2], "2026-11-20", "2026-11-23", "发现问题已责令改正")         // due 2026-12-21: due soon
	f.Put(t, units[3], "2026-11-02", "2026-11-03", store.CodeNoProblem)
	if err := f.DB.MarkPublished(f.S.ID(), units[3], "2026-11-10", "刘录入", ""); err != nil {
		t.Fatal(err)
	}
	other := c.CurrentUnits(f.Counties()[1])
	f.Put(t, other[0], "2026-12-01", "2026-12-02", "未按规定公示应当公示的信息")
	f.Put(t, other[1], "2026-12-01", "2026-12-02", store.CodeNoProblem)
	m.reload()
	v := m.View()
	checkWidth(t, v)
	for _, want := range []string{"Inspection results", "unit", "publish by", "overdue 33 workdays", "2027-01-13",
		"pending", "due in 1 workday", "published 2026-11-10", "not entered", "迟报统计资料", store.CodeNoProblem,
		"estimated share of units with problems 50.0%", "entered 6/12  overdue 1  due soon 1  (as of 2026-12-20)"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// Wide enough for every cell: what is left of the view without the
	// data and the codes is English.
	m.SetSize(200, 40)
	v = m.View()
	if !strings.Contains(v, "发现问题已责令改正") {
		t.Errorf("at 200 columns a cell is cut:\n%s", v)
	}
	rest := v
	data := append(slices.Clone(m.known), c.Info.Round, c.Frame.Matter.Name, "；")
	for _, row := range m.sheet.Rows {
		data = append(data, row.CountyName, row.UnitName)
	}
	slices.SortFunc(data, func(a, b string) int { return len(b) - len(a) }) // longest first
	for _, d := range data {
		rest = strings.ReplaceAll(rest, d, "")
	}
	if i := strings.IndexFunc(rest, func(r rune) bool { return r > 0x2e80 }); i >= 0 {
		t.Errorf("Chinese left in the English view at %q:\n%s", rest[i:min(len(rest), i+30)], rest)
	}
	// The form: English labels; the store's refusal with an English lead.
	m.SetSize(100, 30)
	m.sel = 4
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	fill(m, "2026-12-10", "2026-12-09", "1")
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	v = m.View()
	for _, want := range []string{"start date", "result codes", "[ save ]", " 1 未发现问题: no problem found", "13 迟报统计资料 (stats): statistical data reported late",
		"cannot save: 检查结束日期 2026-12-09 早于开始日期 2026-12-10"} {
		if !strings.Contains(v, want) {
			t.Errorf("form lacks %q:\n%s", want, v)
		}
	}
	fill(m, "2026-12-10", "2026-12-11", "1,99")
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if v := m.View(); !strings.Contains(v, "no result code numbered 99 (the numbers are 1-14)") {
		t.Errorf("a bad code number is not said in English:\n%s", v)
	}
}

// TestEstimateEnglish says every kind of estimate in English.
func TestEstimateEnglish(t *testing.T) {
	for _, tt := range []struct {
		e     store.Estimate
		err   error
		drawn int
		want  string
	}{
		{store.Estimate{}, &store.EstimateError{Reason: errors.New("尚无可用于估计的检查结果")}, 3,
			"estimated share of units with problems: no results usable for the estimate yet"},
		{store.Estimate{Method: store.EstimateTwoStage, Inspected: 3, Counties: []estimate.County{{Name: "双桥区", M: 5, Sampled: 2}, {Name: "承德县", M: 7, Sampled: 1}}},
			&store.EstimateError{Reason: errors.New("第 2 个抽中县(承德县): 只检查了 1 个单位")}, 3,
			"estimated share of units with problems: none yet, since only 1 unit was inspected in 承德县 and the variance within a county cannot be estimated; inspect at least 2 units in each county, or all of them"},
		{store.Estimate{Method: store.EstimateTwoStage, Inspected: 3}, &store.EstimateError{Reason: errors.New("全部县名录单位总数 M0=3 小于抽中县名录单位数之和 5")}, 3,
			"estimated share of units with problems: cannot estimate: 全部县名录单位总数 M0=3 小于抽中县名录单位数之和 5"},
		{store.Estimate{Method: store.EstimateWilsonFPC, P: 0.25, Lo: 0.1, Hi: 0.5, HasInterval: true, K: 1, N: 12, Drawn: 1, Inspected: 4, Problems: 1, Pending: 2}, nil, 1,
			"estimated share of units with problems 25.0%, 95% interval 10.0% to 50.0% (Wilson interval, finite population corrected; frame: 1 county, 12 units; inspected: 4 units in 1 county, 1 with problems, 2 without a result yet)"},
		{store.Estimate{Method: store.EstimateTwoStage, P: 0.5, K: 6, N: 71, Drawn: 1, Inspected: 2, Problems: 1, Unclassified: 1}, nil, 3,
			"estimated share of units with problems 50.0%, no interval (two-stage ratio estimate; frame: 6 counties, 71 units; inspected: 2 units in 1 county, 1 with problems, 1 that cannot be judged left out); only 1 of the 3 counties drawn has results usable for the estimate so far: the variance between counties cannot be estimated, so there is only a point estimate"},
		{store.Estimate{Method: store.EstimateTwoStage, P: 0, Lo: 0, Hi: 0, HasInterval: true, Degenerate: true, K: 6, N: 71, Drawn: 2, Inspected: 4}, nil, 3,
			"estimated share of units with problems 0.0%, 95% interval 0.0% to 0.0% (two-stage ratio estimate; frame: 6 counties, 71 units; inspected: 4 units in 2 counties, 0 with problems); every unit inspected had the same result, so the interval is a single point: this is not certainty; 1 of the 3 counties drawn has no usable result yet: the estimate uses only the counties with usable results"},
	} {
		if got := estimateEnglish(tt.e, tt.err, tt.drawn); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}
