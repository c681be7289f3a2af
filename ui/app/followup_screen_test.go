package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/store"
	rfix "shuangsui/store/report/fixture"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// u on Home opens the follow-up screen: the problem result without a
// penalty or transfer is listed with its age, the clean one is not; the
// screen fits 80×24 in both languages; x writes the xlsx; esc goes home.
func TestFollowupScreen(t *testing.T) {
	for _, l := range []lang.Lang{lang.ZH, lang.EN} {
		f := rfix.New(t, "2026-09-01", 6, 3)
		f.Clock.Set("2026-11-25")
		units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
		f.Put(t, units[0], "2026-09-10", "2026-09-11", "迟报统计资料")
		f.Put(t, units[1], "2026-09-10", "2026-09-11", store.CodeNoProblem)
		h := newHarnessAt(t, f.DB, l, f.Clock.Now())
		h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		h.key("u")
		h.expectPage(common.PageFollowup)
		v := h.m.View()
		checkFits(t, "follow-up "+l.T("zh", "en"), v, 80, 24)
		if !strings.Contains(v, "迟报统计资料") || !strings.Contains(v, "2026-09-11") || strings.Count(v, "2026-09-01-001") != 1 {
			t.Fatalf("follow-up screen (%s):\n%s", l.T("zh", "en"), v)
		}
		h.key("x")
		matches, _ := filepath.Glob(filepath.Join(h.dir, "*.xlsx"))
		if len(matches) != 1 {
			t.Fatalf("x wrote %v (status %q)", matches, h.status())
		}
		if fi, err := os.Stat(matches[0]); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("export %v %v", fi, err)
		}
		h.key("esc")
		h.expectPage(common.PageHome)
	}
}
