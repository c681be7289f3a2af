package pages

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/ui/common"
	"shuangsui/ui/pages/imports"
)

// Setup reads the eligible frame and fixes it off the screen's goroutine:
// on a library of a million units the read takes a second or more and
// the fixing longer, and the screen keeps answering keys meanwhile. Each
// read has a number; a newer read supersedes an older one (which is told
// to stop at its next progress report), and only the result of the
// latest is taken. While a read runs the feasibility panel shows what it
// is doing with a progress bar, and the frame cannot be fixed.

// phaseBase: after the frame, the matter's enterprise count is read
// (store.DB.MatterBase, for the ratio warning) once per matter.
const phaseBase = "base"

// errSuperseded stops a read a newer one replaced.
var errSuperseded = errors.New("已被新的读取取代")

// frameLoad is a frame read under way.
type frameLoad struct {
	seq         int
	key         store.FrameQuery // the query without the draw's numbers
	base        bool             // the matter's enterprise count is read too
	phase       string           // "" until the first report
	done, total int
	stop        *atomic.Bool
}

// frameProgressMsg reports the phase of read seq; ch brings the next one.
type frameProgressMsg struct {
	seq         int
	phase       string
	done, total int
	ch          chan tea.Msg
}

// frameReadMsg is the result of read seq.
type frameReadMsg struct {
	seq    int
	key    store.FrameQuery
	frame  sampling.Frame
	ex     store.Exclusions
	ix     index
	matter string
	base   int
	read   bool // base was read
	err    error
}

// committedMsg is the result of fixing the frame (Backend.Start).
type committedMsg struct {
	sess common.Session
	err  error
}

// commitTickMsg moves the bar while the frame is being fixed.
type commitTickMsg struct{}

// feasibleInBackground is the size of frame from which sampling.Feasible
// runs in a command: about 50 ms on a million units, more on a busy
// machine, and a key must be answered within 100 ms. (A variable for the
// tests.)
var feasibleInBackground = 100_000

// feasibleMsg is the result of check seq.
type feasibleMsg struct {
	seq    int
	report sampling.Feasibility
	err    error
}

// feasible returns the command that checks the feasibility of s.frame.
func (s *Setup) feasible() tea.Cmd {
	s.checking = true
	seq, f := s.feasSeq, s.frame
	return func() tea.Msg {
		r, err := sampling.Feasible(f)
		return feasibleMsg{seq: seq, report: r, err: err}
	}
}

// read starts reading the frame for q (key: q without its numbers) and
// returns the command that does it.
func (s *Setup) read(key, q store.FrameQuery) tea.Cmd {
	if s.load != nil {
		s.load.stop.Store(true)
	}
	s.seq++
	s.frameReads++
	_, known := s.bases[q.MatterCode]
	l := &frameLoad{seq: s.seq, key: key, base: !known, stop: new(atomic.Bool)}
	s.load = l
	db := s.Backend.DB
	ch := make(chan tea.Msg, 1)
	run := func() tea.Msg {
		defer close(ch)
		progress := func(phase string, done, total int) error {
			if l.stop.Load() {
				return errSuperseded
			}
			common.SendLatest(ch, frameProgressMsg{seq: l.seq, phase: phase, done: done, total: total, ch: ch})
			return nil
		}
		f, ex, err := db.EligibleFrameProgress(q, progress)
		msg := frameReadMsg{seq: l.seq, key: key, frame: f, ex: ex, err: err, matter: q.MatterCode}
		if err != nil {
			return msg
		}
		msg.ix = newIndex(f)
		if l.base {
			if msg.err = progress(phaseBase, 0, 0); msg.err == nil {
				msg.base, msg.err = db.MatterBase(q.MatterCode)
				msg.read = true
			}
		}
		return msg
	}
	return tea.Batch(run, waitFrame(ch))
}

// waitFrame hands the next progress report of a read to the screen; nil
// once the read has ended.
func waitFrame(ch chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// updateLoad takes the messages of reads and of fixing the frame; ok is
// false for other messages.
func (s *Setup) updateLoad(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case frameProgressMsg:
		if s.load == nil || msg.seq != s.load.seq {
			return nil, true // an older read's: it is being stopped
		}
		s.load.phase, s.load.done, s.load.total = msg.phase, msg.done, msg.total
		return waitFrame(msg.ch), true
	case frameReadMsg:
		if s.load == nil || msg.seq != s.load.seq {
			return nil, true // superseded: a newer read is under way or done
		}
		s.load = nil
		if msg.read && msg.err == nil {
			if s.bases == nil {
				s.bases = map[string]int{}
			}
			s.bases[msg.matter] = msg.base
		}
		if msg.err != nil {
			s.frameKey, s.failedKey, s.failed = nil, &msg.key, msg.err
		} else {
			s.frameKey, s.failedKey, s.failed = &msg.key, nil, nil
			s.cached, s.cachedEx, s.cachedIx = msg.frame, msg.ex, msg.ix
		}
		return s.check(), true // with the form as it is now
	case feasibleMsg:
		if !s.checking || msg.seq != s.feasSeq {
			return nil, true // the form changed since
		}
		s.checking = false
		s.feasibleDone(msg.report, msg.err)
		return nil, true
	case committedMsg:
		s.committing = false
		if msg.err != nil {
			return common.Error(fmt.Errorf("%s: %w", s.T("固定名录库失败", "committing the frame failed"), msg.err)), true
		}
		return common.Open(common.PageCommit, msg.sess), true
	case commitTickMsg:
		if !s.committing {
			return nil, true
		}
		s.pulse++
		return commitTick(), true
	}
	return nil, false
}

func commitTick() tea.Cmd {
	return tea.Tick(150*time.Millisecond, func(time.Time) tea.Msg { return commitTickMsg{} })
}

// startCommit fixes the frame (Backend.Start: the frame written and
// fingerprinted in the store) in a command; the Commit screen opens when
// it is done.
func (s *Setup) startCommit() tea.Cmd {
	s.committing, s.pulse = true, 0
	start, info, frame := s.Backend.Start, s.info(), s.frame
	return tea.Batch(func() tea.Msg {
		sess, err := start(info, frame)
		return committedMsg{sess: sess, err: err}
	}, commitTick())
}

// Busy says what quitting now would abandon: fixing the frame (a read
// can be dropped without harm).
func (s *Setup) Busy() string {
	if s.committing {
		return s.T("正在固定名录库(写入名录并计算指纹)", "the frame is being committed (written and fingerprinted)")
	}
	return ""
}

// Stop does nothing: fixing the frame is one store transaction, which
// either commits or leaves nothing.
func (s *Setup) Stop() {}

// phaseText says what a read is doing.
func (s *Setup) phaseText(l *frameLoad) string {
	switch l.phase {
	case store.FramePhaseCheck:
		return s.T("核对各名录与变动记录中的指纹", "checking the libraries against their logged fingerprints")
	case store.FramePhaseHistory:
		return s.T("读取检查和抽取历史(不重复期)", "reading inspection and draw history (no-repeat period)")
	case store.FramePhaseUnits:
		if l.total > 0 {
			return s.T(fmt.Sprintf("读取单位 %s / %s", imports.Count(l.done), imports.Count(l.total)),
				fmt.Sprintf("reading units %s of %s", imports.Count(l.done), imports.Count(l.total)))
		}
		return s.T("读取单位", "reading units")
	case phaseBase:
		return s.T("统计该事项的企业总数(抽查比例)", "counting the matter's enterprises (inspection ratio)")
	}
	return s.T("开始读取名录库", "starting to read the library")
}

// loadFrac is how far a read has come. Each phase has its share of the
// bar, roughly its share of the time on a library of a million units
// (fingerprints 0.26 s, history 0.01 s, units 0.5-1.1 s, the matter's
// enterprise count 0.55 s).
func loadFrac(l *frameLoad) float64 {
	phases := []struct {
		name  string
		share float64
	}{{store.FramePhaseCheck, 0.2}, {store.FramePhaseHistory, 0.02}, {store.FramePhaseUnits, 0.78}}
	if l.base {
		phases = append(phases, struct {
			name  string
			share float64
		}{phaseBase, 0.4})
	}
	sum, at := 0.0, 0.0
	for _, p := range phases {
		sum += p.share
	}
	for _, p := range phases {
		if p.name == l.phase {
			part := 0.0
			if l.total > 0 {
				part = float64(min(l.done, l.total)) / float64(l.total)
			}
			return (at + part*p.share) / sum
		}
		at += p.share
	}
	return 0
}

// workView is the progress of the read or of fixing the frame, w cells
// wide, or "" when neither runs.
func (s *Setup) workView(w int) string {
	st := s.Styles
	switch {
	case s.committing:
		return strings.Join([]string{
			wrap(st.Warn, s.T("正在固定名录库: 写入名录并计算名录库指纹……", "Committing the frame: writing it and computing its fingerprint..."), w, 0),
			imports.Pulse(min(w, 60), s.pulse, st.BigAdapt),
		}, "\n")
	case s.load != nil:
		return strings.Join([]string{
			wrap(st.Warn, s.T("正在读取名录库: ", "Reading the library: ")+s.phaseText(s.load), w, 2),
			imports.Bar(min(w, 60), loadFrac(s.load), st.BigAdapt),
			wrap(st.Subtle, s.T("读取期间可以继续填写;读完后自动检查可行性", "you may go on filling in the form; feasibility is checked when the read ends"), w, 0),
		}, "\n")
	}
	return ""
}
