package results

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"shuangsui/store"
	"shuangsui/store/report/fixture"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

func newScreen(t *testing.T, f *fixture.Fixture) *Model {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	common.FixWidths()
	l := lang.ZH
	c := &common.Common{Styles: common.DefaultStyles(), KeyMap: common.DefaultKeyMap(l.T), Lang: l,
		Backend: &common.Backend{DB: f.DB, Now: f.Clock.Now}}
	m := New(c, f.S.ID(), nil)
	m.SetSize(100, 30)
	return m
}

func checkWidth(t *testing.T, view string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > 30 {
		t.Errorf("view has %d lines, more than 30", len(lines))
	}
	for _, l := range lines {
		if w := lipgloss.Width(l); w > 100 {
			t.Errorf("line %q is %d cells wide", l, w)
		}
	}
}

func TestListShowsDueOverdueProvisionalAndEstimate(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-12-20")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-28", "2026-09-30", "迟报统计资料")            // due 2026-11-03: overdue
	f.Put(t, units[1], "2026-12-14", "2026-12-15", store.CodeNoProblem) // due 2027-01-12, provisional
	m := newScreen(t, f)
	v := m.View()
	checkWidth(t, v)
	for _, want := range []string{"检查结果", f.S.ID(), "2026-11-03", "已逾期 33 个工作日", "2027-01-12(暂定)", "待公示", "未录入",
		"问题单位占比估计 50.0%", "已录入 2/12  已逾期 1  即将到期 0  (截至 2026-12-20)"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
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
