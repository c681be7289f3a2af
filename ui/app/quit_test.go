package app_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// TestQuitQuestionFollowsTheScreen: q while the frame is being fixed asks
// first, naming that work; when the fixing ends and the Commit screen
// opens under the question, the question no longer says the frame is
// being fixed but that the progress is saved.
func TestQuitQuestionFollowsTheScreen(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.fillSetup()
	h.toButton()
	_, commit := h.m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // the fixing starts; its command is held
	if commit == nil {
		t.Fatal("enter on the button starts nothing")
	}
	h.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if v := h.m.View(); !strings.Contains(v, "确定退出吗") || !strings.Contains(v, "正在固定名录库") {
		t.Fatalf("q while fixing the frame:\n%s", v)
	}
	for _, msg := range run(commit) {
		h.send(msg)
	}
	h.expectPage(common.PageCommit)
	v := h.m.View()
	if !strings.Contains(v, "确定退出吗") || strings.Contains(v, "正在固定名录库") || !strings.Contains(v, "进度已保存") {
		t.Fatalf("the question on the Commit screen:\n%s", v)
	}
	h.key("n")
	if v := h.m.View(); strings.Contains(v, "确定退出吗") {
		t.Fatalf("n leaves the question up:\n%s", v)
	}
}
