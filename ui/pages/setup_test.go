package pages

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"shuangsui/sampling"
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
	settle(s, s.Init())
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
	settle(s, s.recheck())
	if s.frameReads != 2 || s.frame.DrawDate != "2026-11-20" {
		t.Fatalf("a new draw date: %d reads, frame dated %s", s.frameReads, s.frame.DrawDate)
	}
}

// settle runs cmd and what follows from it, as the program would, handing
// every message to s; it returns the messages s did not take (OpenMsg,
// StatusMsg).
func settle(s *Setup, cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case frameProgressMsg, frameReadMsg, committedMsg, commitTickMsg, feasibleMsg:
			_, next := s.Update(msg)
			queue = append(queue, next)
		default:
			out = append(out, msg)
		}
	}
	return out
}

// press hands s a key and settles what follows.
func press(s *Setup, msg tea.Msg) []tea.Msg {
	_, cmd := s.Update(msg)
	return settle(s, cmd)
}

func demoSetup(t *testing.T, l lang.Lang) *Setup {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := excel.LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Styles: common.DefaultStyles(), KeyMap: common.DefaultKeyMap(l.T), Lang: l,
		Backend: &common.Backend{DB: db, Now: func() time.Time { return time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC) }}}
	s := NewSetup(c)
	s.SetSize(100, 30)
	return s
}

// TestSetupReadsTheFrameInTheBackground: the frame is read by a command,
// not in Update; meanwhile the screen says what the read is doing with a
// progress bar, the form still takes keys, and the frame cannot be
// committed; a newer read supersedes an older one, whose result, arriving
// late, is dropped; a failed read says why on the screen.
func TestSetupReadsTheFrameInTheBackground(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	s := demoSetup(t, lang.ZH)
	first := s.Init()
	if first == nil || s.frameReads != 1 || len(s.frame.Units) != 0 {
		t.Fatalf("opening read the frame in NewSetup: %d reads, %d units", s.frameReads, len(s.frame.Units))
	}
	v := s.View()
	if !strings.Contains(v, "正在读取名录库: 开始读取名录库") || !strings.Contains(v, "[....") {
		t.Fatalf("no progress while reading:\n%s", v)
	}
	// A progress report of the read on show moves the bar and names the phase.
	s.Update(frameProgressMsg{seq: s.seq, phase: store.FramePhaseUnits, done: 16384, total: 32768})
	v = s.View()
	if !strings.Contains(v, "读取单位 16,384 / 32,768") || !strings.Contains(v, "#") {
		t.Fatalf("units phase not shown:\n%s", v)
	}
	// Keys still change the form.
	s.form.Focus = fCounties
	s.Update(keyMsg("right"))
	if s.form.Fields[fCounties].Num != 3 {
		t.Fatalf("counties %d while reading", s.form.Fields[fCounties].Num)
	}
	// Committing now is refused, saying why.
	s.form.Focus = fGo
	out := press(s, tea.KeyMsg{Type: tea.KeyEnter})
	if len(out) != 1 || !strings.Contains(fmt.Sprint(out[0]), "正在读取名录库") || s.committing {
		t.Fatalf("commit while reading: %v", out)
	}
	// A new draw date supersedes the first read.
	s.form.Focus = fDate
	s.form.Fields[fDate].Input.SetValue("2026-11-20")
	second := s.recheck()
	if second == nil || s.frameReads != 2 {
		t.Fatalf("a new date did not start a read (%d reads)", s.frameReads)
	}
	settle(s, second)
	if s.load != nil || s.frame.DrawDate != "2026-11-20" || len(s.frame.Units) == 0 || s.frame.Params.Counties != 3 {
		t.Fatalf("after the second read: %+v, %d units, counties %d", s.load, len(s.frame.Units), s.frame.Params.Counties)
	}
	settle(s, first) // the first read, finishing late
	if s.frame.DrawDate != "2026-11-20" || s.frameKey.DrawDate != "2026-11-20" {
		t.Fatalf("a superseded read overwrote the newer frame: %s", s.frame.DrawDate)
	}
	if v := s.View(); !strings.Contains(v, "OK 可以固定名录库") && !strings.Contains(v, "不能继续") {
		t.Fatalf("no verdict after the read:\n%s", v)
	}
	// A read that fails says why, and is not retried at every key.
	s.form.Fields[fDate].Input.SetValue("2026-02-30")
	settle(s, s.recheck())
	if v := s.View(); !strings.Contains(v, "X 不能继续") || !strings.Contains(v, "2026-02-30") {
		t.Fatalf("a failed read is not on screen:\n%s", v)
	}
	reads := s.frameReads
	s.form.Focus = fPlace
	press(s, keyMsg("x"))
	if s.frameReads != reads {
		t.Fatalf("a failed read was retried on an unrelated key")
	}
}

// TestSetupCommitsInTheBackground: fixing the frame runs in a command; the
// screen shows it under way, keys do not change the form meanwhile, and
// the Commit screen opens with the session when it is done.
func TestSetupCommitsInTheBackground(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	s := demoSetup(t, lang.EN)
	var started sampling.Frame
	s.Backend.Start = func(info sampling.Info, f sampling.Frame) (common.Session, error) {
		started = f
		return nil, nil
	}
	settle(s, s.Init())
	s.form.Fields[fOrg].Input.SetValue("承德市统计局")
	s.form.Fields[fOperator].Input.SetValue("张三")
	s.form.Focus = fGo
	_, cmd := s.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !s.committing || started.DrawDate != "" {
		t.Fatalf("commit ran in Update (committing %v)", s.committing)
	}
	if v := s.View(); !strings.Contains(v, "Committing the frame: writing it and") || !strings.Contains(v, "[####") || s.Busy() == "" {
		t.Fatalf("no progress while committing:\n%s", v)
	}
	s.form.Focus = fCounties
	s.Update(keyMsg("right"))
	if s.form.Fields[fCounties].Num != 2 {
		t.Fatal("the form changed while the frame was being committed")
	}
	out := settle(s, cmd)
	if len(out) != 1 || fmt.Sprint(out[0]) != fmt.Sprint(common.OpenMsg{Page: common.PageCommit}) || started.DrawDate != "2026-11-25" || s.committing {
		t.Fatalf("after committing: %v, frame dated %q", out, started.DrawDate)
	}
	// A failure reaches the status line and the form stays.
	s.Backend.Start = func(sampling.Info, sampling.Frame) (common.Session, error) { return nil, errors.New("磁盘已满") }
	s.form.Focus = fGo
	_, cmd = s.Update(tea.KeyMsg{Type: tea.KeyEnter})
	out = settle(s, cmd)
	if len(out) != 1 || !strings.Contains(fmt.Sprint(out[0]), "committing the frame failed: 磁盘已满") || s.committing {
		t.Fatalf("failed commit: %v", out)
	}
}

// TestSetupChecksALargeFrameInTheBackground: on a large frame (here every
// frame) a number key is answered at once and sampling.Feasible runs in a
// command; meanwhile the last report stays on show marked as being checked
// and the frame cannot be committed; the result of an older check,
// arriving late, is dropped.
func TestSetupChecksALargeFrameInTheBackground(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	defer func(n int) { feasibleInBackground = n }(feasibleInBackground)
	feasibleInBackground = 1
	s := demoSetup(t, lang.ZH)
	settle(s, s.Init())
	if s.checking || s.report.Pools == nil {
		t.Fatalf("after opening: checking %v, report %+v", s.checking, s.report)
	}
	s.form.Fields[fOrg].Input.SetValue("承德市统计局")
	s.form.Fields[fOperator].Input.SetValue("张三")
	s.form.Focus = fUnits
	_, older := s.Update(keyMsg("right")) // 5 units per county
	_, newer := s.Update(keyMsg("right")) // 6
	if !s.checking || older == nil || newer == nil {
		t.Fatalf("a number key checked in Update (checking %v)", s.checking)
	}
	v := s.View()
	if !strings.Contains(v, "可行性(随参数实时检查) 检查中…") || !strings.Contains(v, "双桥区") {
		t.Fatalf("while checking:\n%s", v)
	}
	s.form.Focus = fGo
	out := press(s, tea.KeyMsg{Type: tea.KeyEnter})
	if len(out) != 1 || !strings.Contains(fmt.Sprint(out[0]), "正在按新的参数检查可行性") || s.committing {
		t.Fatalf("commit while checking: %v", out)
	}
	settle(s, newer)
	if s.checking || s.report.Pools[0].Take != 6 {
		t.Fatalf("after the check: checking %v, take %d", s.checking, s.report.Pools[0].Take)
	}
	settle(s, older) // late
	if s.report.Pools[0].Take != 6 {
		t.Fatalf("a stale check overwrote the report: take %d", s.report.Pools[0].Take)
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
// of counties (the frame already read; number-key-ms is the key's answer,
// number-checked-ms the time until its feasibility check, in a command on
// a large frame, is done), and a change of the draw date,
// whose answer starts a read of the frame in a command (date-key-ms) that
// ends later (date-read-ms: until the frame is read and checked).
// Metrics in milliseconds per key.
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
	settle(s, s.Init())
	var number, checked, date, read time.Duration
	n := 0
	for b.Loop() {
		s.form.Focus = fCounties
		t := time.Now()
		_, cmd := s.Update(keyMsg([]string{"right", "left"}[n%2]))
		s.View()
		number += time.Since(t)
		settle(s, cmd)
		s.View()
		checked += time.Since(t)
		s.form.Focus = fDate
		s.form.Fields[fDate].Input.SetValue([]string{"2026-11-20", "2026-11-21"}[n%2])
		t = time.Now()
		cmd = s.recheck()
		s.View()
		date += time.Since(t)
		settle(s, cmd)
		s.View()
		read += time.Since(t)
		if s.load != nil || s.checkErr != nil || len(s.frame.Units) == 0 {
			b.Fatalf("after the read: %v, %d units", s.checkErr, len(s.frame.Units))
		}
		n++
	}
	b.ReportMetric(float64(number.Milliseconds())/float64(n), "number-key-ms")
	b.ReportMetric(float64(checked.Milliseconds())/float64(n), "number-checked-ms")
	b.ReportMetric(float64(date.Milliseconds())/float64(n), "date-key-ms")
	b.ReportMetric(float64(read.Milliseconds())/float64(n), "date-read-ms")
}
