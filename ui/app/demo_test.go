package app_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// TestDemoCeremony runs a whole ceremony on the embedded demo data at
// 80×24, the smallest screen the room may have.
func TestDemoCeremony(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo data")
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := excel.LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, db, lang.ZH)
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
		!strings.Contains(v, "另有 5 个县(市、区)未列出") {
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
	h.expectPage(common.PageCounties)
	check("seed")
	for i := 0; i < 10 && h.page() != common.PageSeal; i++ {
		h.key("enter")
		check("draw")
	}
	h.expectPage(common.PageSeal)
	check("seal")
}
