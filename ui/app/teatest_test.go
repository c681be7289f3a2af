package app_test

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"shuangsui/sampling"
	"shuangsui/store/session"
	"shuangsui/ui/app"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// TestProgramRevealAndQuit runs the real Bubble Tea program: it resumes a
// ceremony whose seed is fixed, draws the counties with the suspense
// animation (ticks), then q asks before quitting and y quits.
func TestProgramRevealAndQuit(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.fillSetup()
	h.toButton()
	h.key("enter")
	id := h.m.Session().ID()
	s, err := session.Resume(h.db, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range witnesses {
		if err := s.AddWitness(sampling.Witness{Name: w[0], Role: w[1], Digits: w[2]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.FixSeed(); err != nil {
		t.Fatal(err)
	}
	be := &common.Backend{
		DB:     h.db,
		Resume: func(id string) (common.Session, error) { return session.Resume(h.db, id) },
		Now:    func() time.Time { return clock },
	}
	m := app.New(app.Options{Lang: lang.ZH, Backend: be, Resume: id})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	waitFor := func(what string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(what)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	waitFor("随机种子已生成")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor("正在揭晓")
	waitFor("的调查单位") // every county revealed
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	waitFor("进度已保存")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	c, err := session.Resume(h.db, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Ceremony().Phase != sampling.PhaseUnits {
		t.Fatalf("phase after the reveal = %v", c.Ceremony().Phase)
	}
}
