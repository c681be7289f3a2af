package pages

import (
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// TestSetupReadsTheFrameOnlyWhenItCanChange: changing the draw's numbers
// re-runs the feasibility check on the frame already read; changing what
// the frame depends on (the draw date here) reads it again. On a library of
// millions of units the read is what takes time, so a number typed into
// the form must not cause one.
func TestSetupReadsTheFrameOnlyWhenItCanChange(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := excel.LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Styles: common.DefaultStyles(), KeyMap: common.DefaultKeyMap(lang.ZH.T), Lang: lang.ZH,
		Backend: &common.Backend{DB: db, Now: func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC) }}}
	s := NewSetup(c)
	s.SetSize(100, 30)
	if s.frameReads != 1 || len(s.frame.Units) == 0 {
		t.Fatalf("after opening: %d reads, %d units", s.frameReads, len(s.frame.Units))
	}
	units := len(s.frame.Units)
	s.form.Focus = fCounties
	for _, k := range []string{"right", "right", "left"} {
		s.Update(keyMsg(k))
	}
	if s.frame.Params.Counties != 3 {
		t.Fatalf("counties %d after right, right, left from 2", s.frame.Params.Counties)
	}
	if s.frameReads != 1 || len(s.frame.Units) != units {
		t.Fatalf("changing the number of counties read the frame again: %d reads", s.frameReads)
	}
	s.form.Focus = fDate
	s.form.Fields[fDate].Input.SetValue("2026-11-20")
	s.recheck()
	if s.frameReads != 2 || s.frame.DrawDate != "2026-11-20" {
		t.Fatalf("a new draw date: %d reads, frame dated %s", s.frameReads, s.frame.DrawDate)
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}
