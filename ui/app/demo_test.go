package app_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// TestDemoCeremony runs a whole ceremony on the embedded demo data at
// 80×24, the smallest screen the room may have.
func TestDemoCeremony(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo data")
	}
	h := demoHarness(t, lang.ZH)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	check := func(name string) {
		t.Helper()
		v := h.m.View()
		noAmbiguous(t, name, v)
		for _, l := range strings.Split(v, "\n") {
			if lipgloss.Width(l) > 80 {
				t.Errorf("%s: line wider than 80: %q", name, l)
			}
		}
		if n := strings.Count(v, "\n") + 1; n != 24 {
			t.Errorf("%s: %d lines", name, n)
		}
	}
	check("home")
	// At 80×24 the warnings stay on screen; the county table gives way
	// and says how many counties it leaves out.
	if v := h.m.View(); !strings.Contains(v, "名检查人员执法证已过期") || !strings.Contains(v, "今年培训不足 2 天") ||
		!strings.Contains(v, "另有 6 个县(市、区)未列出") {
		t.Errorf("home at 80x24 hides its warnings or cuts the county table silently:\n%s", v)
	}
	h.fillSetup()
	check("setup")
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	check("commit")
	h.key("enter")
	for _, w := range witnesses {
		h.addWitness(w)
	}
	check("witnesses")
	h.key("up")
	h.key("enter")
	check("seed confirmation")
	h.key("y")
	h.expectPage(common.PageCounties)
	check("seed")
	for i := 0; i < 10 && h.page() != common.PageSeal; i++ {
		h.key("enter")
		check("draw")
		if h.page() == common.PageTeams && h.m.Session().Ceremony().Phase == sampling.PhaseSeal {
			h.key("y")
		}
	}
	h.expectPage(common.PageSeal)
	check("seal")
}

// TestSetupShortagesFit: asking for 13 counties and 203 units per county
// of the demo data fails in 13 ways; at 100×30 the feasibility column lists
// what fits and counts the rest, at 80×24 the verdict on top names two and
// counts the rest, and the focused field stays on screen in both.
func TestSetupShortagesFit(t *testing.T) {
	h := demoHarness(t, lang.ZH)
	h.fillSetup()
	for i := 0; i < 30 && !strings.Contains(h.m.View(), "> 抽取县(市、区)数"); i++ {
		h.key("down")
	}
	for range 11 {
		h.key("right")
	}
	h.key("down")
	for range 199 {
		h.key("right")
	}
	for _, c := range []struct {
		w, h int
		want string
	}{
		{100, 30, "... 另有 11 项不足(放大窗口可见全部)"},
		{80, 24, ";另有 11"}, // wrapped at its space
		{140, 45, "... 另有 2 项不足"},
	} {
		h.send(tea.WindowSizeMsg{Width: c.w, Height: c.h})
		v := h.m.View()
		// Wrapped lines are joined: the count may be split over two.
		if !strings.Contains(strings.ReplaceAll(v, "\n", ""), c.want) || !strings.Contains(v, "> 每县抽取单位数") {
			t.Errorf("%dx%d: want %q and the focused field:\n%s", c.w, c.h, c.want, v)
		}
		if n := strings.Count(v, "\n") + 1; n != c.h {
			t.Errorf("%dx%d: %d lines", c.w, c.h, n)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageSetup)
}

// TestPerCountyCountsByCodeOrName: per-county unit counts may name a county
// by code or by name (full-width ＝ too); the committed frame keeps codes,
// and an unknown county is refused with its name.
func TestPerCountyCountsByCodeOrName(t *testing.T) {
	h := demoHarness(t, lang.ZH)
	h.fillSetup()
	for i := 0; i < 30 && !strings.Contains(h.m.View(), "> 按县单位数"); i++ {
		h.key("down")
	}
	h.typeText("不存在县=3")
	if v := h.m.View(); !strings.Contains(v, "按县单位数中的 不存在县") || !strings.Contains(v, "不是有合格单位的县(市、区)") {
		t.Fatalf("unknown county not named:\n%s", v)
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.typeText("兴隆县=6,130821＝5")
	v := h.m.View()
	for _, row := range []string{"兴隆县        169     6", "承德县        172     5", "双桥区        282     4"} {
		if !strings.Contains(v, row) {
			t.Errorf("feasibility lacks %q:\n%s", row, v)
		}
	}
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	// The committed frame is the canonical one (SPEC.md §5): overrides by county code.
	got := h.m.Session().Ceremony().Frame.Params.UnitsOverride
	if len(got) != 2 || got[0].County != "130821" || got[0].Units != 5 || got[1].County != "130822" || got[1].Units != 6 {
		t.Fatalf("committed overrides %+v, want 130821=5 and 130822=6", got)
	}
}
