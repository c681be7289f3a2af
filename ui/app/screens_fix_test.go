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

// demoHarness is a harness on a fresh database holding the demo data.
func demoHarness(t *testing.T, l lang.Lang) *harness {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := excel.LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	return newHarnessOn(t, db, l)
}

// words is the view's text with every run of spaces and line breaks made
// one space: English wrapped over lines reads as it was written.
func words(v string) string { return strings.Join(strings.Fields(v), " ") }

// fits fails when a line of the view is wider than w.
func fits(t *testing.T, name, v string, w int) {
	t.Helper()
	for i, l := range strings.Split(v, "\n") {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%s: line %d is %d cells wide (max %d): %q", name, i+1, lw, w, l)
		}
	}
}

// focusOn moves the Setup focus to the field whose label starts with label.
func (h *harness) focusOn(label string) {
	h.t.Helper()
	for i := 0; i < 30; i++ {
		if strings.Contains(h.m.View(), "> "+label) {
			return
		}
		h.key("down")
	}
	h.t.Fatalf("no field %q on Setup:\n%s", label, h.m.View())
}

// toSeal draws a whole ceremony on the fixture and seals it.
func (h *harness) toSeal() {
	h.t.Helper()
	h.toCounties()
	for i := 0; h.page() != common.PageSeal && i < 20; i++ {
		h.key("enter")
	}
	h.expectPage(common.PageSeal)
}

// TestCommitLinesWrap: the parameters line of the Commit screen, with the
// per-county unit counts, and the long English lines of Commit and
// Witnesses at 80 columns wrap instead of being cut at the edge; the big
// fingerprint takes the room that is left.
func TestCommitLinesWrap(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.fillSetup()
	h.focusOn("按县单位数")
	h.typeText("兴隆县=6,130821=5")
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	v := h.m.View()
	fits(t, "commit zh", v, 100)
	for _, want := range []string{"各县单位数 兴隆县=6,承德县=5", "备选 2", "###"} {
		if !strings.Contains(v, want) {
			t.Errorf("commit at 100 columns lacks %q:\n%s", want, v)
		}
	}

	en := newHarness(t, lang.EN)
	en.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	en.fillSetup()
	en.focusOn("Per county")
	en.typeText("兴隆县=6,130821=5")
	en.toButton()
	en.key("enter")
	en.expectPage(common.PageCommit)
	v = en.m.View()
	fits(t, "commit en", v, 80)
	for _, want := range []string{
		"1 leader + 1 member per team, leaders drawn, 2 alternates; units by county: 兴隆县=6, 承德县=5",
		"going back abandons the ceremony (with a reason).",
		"Witnesses: check the fingerprint. Press enter to add witnesses.",
	} {
		if !strings.Contains(words(v), want) {
			t.Errorf("commit at 80 columns lacks %q:\n%s", want, v)
		}
	}
	if !strings.Contains(v, "###") {
		t.Errorf("no big fingerprint at 80x24:\n%s", v)
	}
	en.key("enter")
	en.expectPage(common.PageWitnesses)
	v = en.m.View()
	fits(t, "witnesses en", v, 80)
	if want := `Each witness types their dice digits twice; when all are in, choose "fix the seed".`; !strings.Contains(words(v), want) {
		t.Errorf("witnesses at 80 columns lacks %q:\n%s", want, v)
	}
}

// TestHomeWraps: with an unfinished ceremony the notice in the ceremony
// column wraps in that column, and a warning's list of names breaks only
// between names, "等" staying with the last.
func TestHomeWraps(t *testing.T) {
	h := demoHarness(t, lang.ZH)
	h.fillSetup()
	h.toButton()
	h.key("enter")
	h.expectPage(common.PageCommit)
	h = newHarnessOn(t, h.db, lang.ZH) // the next day's start: Home offers the ceremony
	for _, size := range [][2]int{{100, 30}, {80, 24}, {120, 30}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := h.m.View()
		fits(t, "home", v, size[0])
		if !strings.Contains(v, "从中断处继续") {
			t.Errorf("%dx%d: the unfinished-ceremony notice is cut:\n%s", size[0], size[1], v)
		}
		for _, l := range strings.Split(v, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "等") {
				t.Errorf("%dx%d: 等 starts a line:\n%s", size[0], size[1], v)
			}
		}
		if !strings.Contains(v, "吴梅 等") || !strings.Contains(v, "曾新 等") {
			t.Errorf("%dx%d: a name list is split:\n%s", size[0], size[1], v)
		}
	}
}

// TestReviewKeys: u on the seal screen opens the units at the first
// county; esc goes back to the seal as enter does; t and u switch between
// the units and the teams of the sealed ceremony; nothing is written.
func TestReviewKeys(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toSeal()
	steps := len(h.m.Session().Ceremony().Steps)
	h.key("u")
	h.expectPage(common.PageUnits)
	if v := h.m.View(); !strings.Contains(v, "第 1/2 个县(市、区)") {
		t.Errorf("the units review does not open on the first county:\n%s", v)
	}
	h.key("esc")
	h.expectPage(common.PageSeal)
	h.key("t")
	h.expectPage(common.PageTeams)
	h.key("esc")
	h.expectPage(common.PageSeal)
	h.key("u")
	h.key("t")
	h.expectPage(common.PageTeams)
	h.key("u")
	h.expectPage(common.PageUnits)
	h.key("enter")
	h.expectPage(common.PageSeal)
	if n := len(h.m.Session().Ceremony().Steps); n != steps {
		t.Fatalf("reviewing wrote %d steps", n-steps)
	}
}
