package pages

import (
	"os"
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

// BenchmarkSetupKeys measures the answer to a keypress on Setup on the
// database named by SHUANGSUI_BENCH_DB (for example one .ci/bench.sh
// builds with a million units; skipped without it): a change of the number
// of counties (the frame already read) and a change of the draw date (the
// frame read again). Metrics in milliseconds per key.
func BenchmarkSetupKeys(b *testing.B) {
	path := os.Getenv("SHUANGSUI_BENCH_DB")
	if path == "" {
		b.Skip("SHUANGSUI_BENCH_DB names no database (see .ci/bench.sh)")
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	c := &common.Common{Styles: common.DefaultStyles(), KeyMap: common.DefaultKeyMap(lang.ZH.T), Lang: lang.ZH,
		Backend: &common.Backend{DB: db, Now: time.Now}}
	s := NewSetup(c)
	s.SetSize(120, 40)
	var number, date time.Duration
	n := 0
	for b.Loop() {
		s.form.Focus = fCounties
		t := time.Now()
		s.Update(keyMsg([]string{"right", "left"}[n%2]))
		s.View()
		number += time.Since(t)
		s.form.Focus = fDate
		s.form.Fields[fDate].Input.SetValue([]string{"2026-11-20", "2026-11-21"}[n%2])
		t = time.Now()
		s.recheck()
		s.View()
		date += time.Since(t)
		n++
	}
	b.ReportMetric(float64(number.Milliseconds())/float64(n), "number-key-ms")
	b.ReportMetric(float64(date.Milliseconds())/float64(n), "date-key-ms")
}
