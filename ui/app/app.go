// Package app is the root model of the terminal ceremony. It owns the
// window size, the status line, help, projector mode and the quit
// confirmation, and routes every other message to the screen on show.
package app

import (
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
	"shuangsui/ui/pages"
	"shuangsui/ui/pages/coverage"
	"shuangsui/ui/pages/followup"
	"shuangsui/ui/pages/imports"
	"shuangsui/ui/pages/results"
	"shuangsui/ui/textwrap"
)

// Options configure the app.
type Options struct {
	Lang    lang.Lang
	Backend *common.Backend
	// NoAnimation turns the county reveal animation off at start.
	NoAnimation bool
	// Resume, when set, opens this ceremony at start.
	Resume string
}

// Model is the root model.
type Model struct {
	c          *common.Common
	page       common.Page
	child      common.Component
	session    common.Session
	status     string
	statusErr  bool
	help       help.Model
	confirm    bool   // asking whether to quit
	confirmWhy string // why: the busy screen's explanation, "" for a ceremony
	quitting   bool
	resume     string
}

// New returns the root model on the Home screen.
func New(opt Options) *Model {
	common.FixWidths()
	c := &common.Common{
		Width: 100, Height: 30,
		Styles:  common.DefaultStyles(),
		Lang:    opt.Lang,
		Animate: !opt.NoAnimation,
		Backend: opt.Backend,
	}
	c.KeyMap = common.DefaultKeyMap(c.T)
	m := &Model{c: c, help: help.New(), resume: opt.Resume}
	m.styleHelp()
	m.open(common.PageHome, nil)
	return m
}

func (m *Model) styleHelp() {
	m.help.ShortSeparator = "  "
	m.help.FullSeparator = "    "
	m.help.Ellipsis = "..."
	m.help.Styles.ShortKey = m.c.Styles.HelpKey
	m.help.Styles.FullKey = m.c.Styles.HelpKey
	m.help.Styles.ShortDesc = m.c.Styles.HelpDesc
	m.help.Styles.FullDesc = m.c.Styles.HelpDesc
	m.help.Styles.ShortSeparator = m.c.Styles.HelpDesc
	m.help.Styles.FullSeparator = m.c.Styles.HelpDesc
	m.help.Styles.Ellipsis = m.c.Styles.HelpDesc
}

// Page is the screen on show.
func (m *Model) Page() common.Page { return m.page }

// Session is the ceremony on show, if any.
func (m *Model) Session() common.Session { return m.session }

// Status is the status line and whether it is an error.
func (m *Model) Status() (string, bool) { return m.status, m.statusErr }

// Init opens the ceremony named by Options.Resume, or, when none is named
// and exactly one ceremony is unfinished, that one: after a crash the
// program returns to the same step without a detour through Home.
func (m *Model) Init() tea.Cmd {
	id := m.resume
	be := m.c.Backend
	if be == nil || be.Resume == nil {
		return nil
	}
	return func() tea.Msg {
		named := id != ""
		if !named {
			if be.DB == nil {
				return nil
			}
			cs, err := be.DB.Ceremonies()
			if err != nil {
				return common.StatusMsg{Text: err.Error(), Err: true}
			}
			var open []string
			for _, c := range cs {
				if !c.Sealed && !c.Abandoned && c.Problem == "" && c.Steps > 0 {
					open = append(open, c.ID)
				}
			}
			if len(open) != 1 {
				return nil
			}
			id = open[0]
		}
		s, err := be.Resume(id)
		if err != nil {
			return common.StatusMsg{Text: err.Error(), Err: true}
		}
		return resumedMsg{s: s, auto: !named}
	}
}

// resumedMsg opens a ceremony at start; auto when it was chosen because it
// was the only unfinished one.
type resumedMsg struct {
	s    common.Session
	auto bool
}

// busy is the explanation of the work the screen on show has under way
// ("" when none).
func (m *Model) busy() string {
	if b, ok := m.child.(common.Busy); ok {
		return b.Busy()
	}
	return ""
}

// stopWork asks the screen on show to stop its work before the program ends.
func (m *Model) stopWork() {
	if b, ok := m.child.(common.Busy); ok {
		b.Stop()
	}
}

// inCeremony reports whether a ceremony is under way (quitting asks first).
func (m *Model) inCeremony() bool {
	if m.session == nil {
		return false
	}
	p := m.session.Ceremony().Phase
	return p != sampling.PhaseSealed && p != sampling.PhaseAbandoned
}

func (m *Model) open(p common.Page, s common.Session) tea.Cmd {
	c := m.c
	var child common.Component
	switch p {
	case common.PageHome:
		s = nil
		child = pages.NewHome(c)
	case common.PageSetup:
		s = nil
		child = pages.NewSetup(c)
	case common.PageCommit:
		child = pages.NewCommit(c, s)
	case common.PageWitnesses:
		child = pages.NewWitnesses(c, s)
	case common.PageCounties:
		child = pages.NewCounties(c, s)
	case common.PageUnits:
		child = pages.NewUnits(c, s)
	case common.PageTeams:
		child = pages.NewTeams(c, s)
	case common.PageSeal:
		child = pages.NewSeal(c, s)
	case common.PageResults:
		r := results.New(c, s.ID(), nil)
		r.ReturnTo(m.page, m.session) // esc goes back to the screen it was opened from
		child = r
	case common.PageImport:
		s = nil
		child = imports.New(c)
	case common.PageCoverage:
		s = nil
		child = coverage.New(c)
	case common.PageFollowup:
		s = nil
		child = followup.New(c)
	}
	m.page, m.child, m.session = p, child, s
	m.resize()
	if m.confirm {
		// The quit question asked on the screen before (e.g. while the
		// frame was being fixed) now says what quitting here would leave.
		m.confirmWhy = m.quitWhy()
	}
	return child.Init()
}

// quitWhy is what the quit question says quitting now would abandon: the
// work under way, unsaved input, or "" (the ceremony's progress is saved).
func (m *Model) quitWhy() string {
	if why := m.busy(); why != "" {
		return why
	}
	if u, ok := m.child.(common.Unsaved); ok {
		return u.Unsaved()
	}
	return ""
}

// chrome is the number of lines around the screen: header, blank, status, help.
func (m *Model) chrome() int {
	return 3 + strings.Count(m.helpView(), "\n") + 1
}

func (m *Model) resize() {
	m.help.Width = m.c.Width
	m.child.SetSize(m.c.Width, max(1, m.c.Height-m.chrome()))
}

func (m *Model) typing() bool {
	t, ok := m.child.(common.Typing)
	return ok && t.Typing()
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case common.OpenMsg:
		return m, m.open(msg.Page, msg.Session)
	case resumedMsg:
		if m.page != common.PageHome {
			return m, nil // the operator has moved on meanwhile
		}
		cmd := m.open(common.PageFor(msg.s.Ceremony()), msg.s)
		if msg.auto {
			m.status, m.statusErr = m.c.T("已打开唯一未完成的仪式 "+msg.s.ID()+",从中断处继续", "opened the only unfinished ceremony "+msg.s.ID()+" where it stopped"), false
		}
		return m, cmd
	case common.StatusMsg:
		m.status, m.statusErr = msg.Text, msg.Err
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	var cmd tea.Cmd
	_, cmd = m.child.Update(msg)
	return m, cmd
}

func (m *Model) key(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	k := m.c.KeyMap
	if m.confirm {
		switch {
		case key.Matches(msg, k.Yes), key.Matches(msg, k.ForceQuit):
			m.stopWork()
			m.quitting = true
			return m, tea.Quit
		case key.Matches(msg, k.No):
			m.confirm = false
			m.status = ""
		}
		return m, nil
	}
	m.status, m.statusErr = "", false
	quit := key.Matches(msg, k.ForceQuit) || (!m.typing() && key.Matches(msg, k.Quit))
	if quit {
		if why := m.quitWhy(); why != "" {
			m.confirm, m.confirmWhy = true, why
			return m, nil
		}
		if m.inCeremony() {
			m.confirm, m.confirmWhy = true, ""
			return m, nil
		}
		m.quitting = true
		return m, tea.Quit
	}
	if !m.typing() {
		switch {
		case key.Matches(msg, k.Projector):
			m.c.Projector = !m.c.Projector
			if m.c.Projector {
				m.c.Styles = common.ProjectorStyles()
			} else {
				m.c.Styles = common.DefaultStyles()
			}
			m.styleHelp()
			m.resize()
			return m, nil
		case key.Matches(msg, k.Help):
			m.help.ShowAll = !m.help.ShowAll
			m.resize()
			return m, nil
		case key.Matches(msg, k.Backup) && m.c.Backend != nil && m.c.Backend.DB != nil:
			// On every screen without a text field: while this window holds
			// the database no other can copy it.
			path, err := m.c.Backend.DB.ManualBackup()
			if err != nil {
				m.status, m.statusErr = m.c.T("备份数据库失败: ", "backing up the database failed: ")+err.Error(), true
				return m, nil
			}
			// Named from the database's folder, so that it fits a line.
			rel := filepath.Join(filepath.Base(filepath.Dir(path)), filepath.Base(path))
			m.status = m.c.T("数据库已备份到其旁边的 ", "database backed up beside it to ") + rel
			if m.page == common.PageHome {
				return m, m.open(common.PageHome, nil) // the home screen names the newest backup
			}
			return m, nil
		}
	}
	_, cmd := m.child.Update(msg)
	return m, cmd
}

func (m *Model) helpView() string {
	return m.help.View(m.child)
}

// header is the title on the left and, on the right, the ceremony on show,
// the stage of the screen on show (not the next one), the steps saved and
// the projector tag. When the line is too narrow, whole parts are dropped
// (the long title first, then the step count, then the id), never cut.
func (m *Model) header() string {
	st := m.c.Styles
	titles := []string{m.c.T("双随  双随机、一公开 见证抽取", "shuangsui  witnessed random draw"), m.c.T("双随", "shuangsui")}
	var id, stage, steps, proj string
	if m.session != nil {
		c := m.session.Ceremony()
		id, stage = m.session.ID(), pages.StageName(m.c.Lang, m.page, c)
		if n := len(c.Steps); n > 0 {
			steps = m.c.T("第 ", "step ") + itoa(n) + m.c.T(" 步已保存", " saved")
		}
	}
	if m.c.Projector {
		proj = m.c.T("[投影]", "[projector]")
	}
	// try lays out title on the left and the parts on the right, at least
	// two cells apart (no gap needed without a title); ok is false when
	// they do not fit.
	try := func(title string, parts ...string) (string, bool) {
		var right []string
		for _, p := range parts {
			if p != "" {
				right = append(right, p)
			}
		}
		r := st.Subtle.Render(strings.Join(right, "  "))
		left, need := "", 0
		if title != "" {
			left, need = st.Header.Render(title), 2
		}
		gap := m.c.Width - lipgloss.Width(left) - lipgloss.Width(r)
		if gap < need {
			return "", false
		}
		return left + strings.Repeat(" ", gap) + r, true
	}
	for _, parts := range [][]string{{id, stage, steps, proj}, {id, stage, proj}, {stage, proj}} {
		for _, title := range append(titles, "") {
			if out, ok := try(title, parts...); ok {
				return out
			}
		}
	}
	return st.Subtle.Render(stage) // narrower than the stage's name: View cuts it at the edge
}

func itoa(n int) string {
	var b []byte
	if n == 0 {
		return "0"
	}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	st := m.c.Styles
	body := m.child.View()
	if m.confirm {
		why := m.c.T("进度已保存:每一步都已写入数据库。下次启动时在首页选中本仪式即可从此处继续。",
			"Progress is saved: every step is already in the database. Next time, choose this ceremony on the home screen to go on from here.")
		if m.confirmWhy != "" {
			why = lipgloss.NewStyle().Width(max(20, m.c.Width-4)).Render(m.confirmWhy)
		}
		body = st.Dialog.Render(join(
			st.Header.Render(m.c.T("确定退出吗?", "Quit?")),
			why,
			st.Subtle.Render(m.c.T("y 退出   n 继续", "y quit   n stay")),
		))
	}
	status := m.status
	if m.statusErr {
		status = m.c.T("错误: ", "error: ") + status
	}
	var statusLines []string
	if status != "" {
		// Long errors wrap onto at most three lines rather than being cut,
		// between words: a file name that fits a line stays whole.
		statusLines = textwrap.Lines(status, m.c.Width, 2)
		if len(statusLines) > 3 {
			statusLines = statusLines[:3]
		}
		for i, l := range statusLines {
			if m.statusErr {
				statusLines[i] = st.Error.Render(l)
			} else {
				statusLines[i] = st.Status.Render(l)
			}
		}
	} else {
		statusLines = []string{""}
	}
	helpLines := strings.Split(m.helpView(), "\n")
	bodyH := max(1, m.c.Height-2-len(statusLines)-len(helpLines))
	lines := strings.Split(body, "\n")
	if len(lines) > bodyH {
		lines = lines[:bodyH]
	}
	for len(lines) < bodyH {
		lines = append(lines, "")
	}
	all := append([]string{m.header(), ""}, lines...)
	all = append(all, statusLines...)
	all = append(all, helpLines...)
	for i, l := range all {
		if lipgloss.Width(l) > m.c.Width {
			all[i] = ansi.Truncate(l, m.c.Width, "")
		}
		all[i] = strings.TrimRight(all[i], " ")
	}
	return strings.Join(all, "\n")
}

func join(parts ...string) string { return strings.Join(parts, "\n") }
