package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/store"
	"shuangsui/store/excel"
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

// Home warns of the problem results without follow-up and of a penalty
// past its 7-working-day publication deadline.
func TestHomeWarnsOfFollowupAndPenalties(t *testing.T) {
	f := rfix.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-10", "2026-09-11", "迟报统计资料")
	p := store.Penalty{Name: "示例单位", USCC: excel.SyntheticUSCC("130801", 1), DecisionNo: "承统罚决字〔2026〕第7号",
		ViolationType: "迟报统计资料", Facts: "迟报", Basis: "《统计法》第四十一条", Category: "警告", Content: "警告",
		DecisionDate: "2026-11-10", PublicUntil: "2027-05-10", Authority: "承德市统计局", AuthorityUSCC: excel.SyntheticUSCC("130800", 7),
		Source: "承德市统计局", EnteredBy: "刘"}
	if _, err := f.DB.PutPenalty(p); err != nil {
		t.Fatal(err)
	}
	h := newHarnessAt(t, f.DB, lang.ZH, f.Clock.Now())
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	v := strings.Join(strings.Fields(h.m.View()), "")
	for _, want := range []string{"1个检查结果发现问题,尚无处罚或移送:按u查看", "1个行政处罚未公示,已逾期", "承统罚决字〔2026〕第7号应于2026-11-19"} {
		if !strings.Contains(v, want) {
			t.Errorf("Home lacks %q:\n%s", want, h.m.View())
		}
	}
}
