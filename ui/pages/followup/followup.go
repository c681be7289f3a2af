// Package followup is the screen of the problem results that have neither
// a penalty nor a transfer yet (plan 三(四): 严禁有案不移、以罚代刑), computed
// by store.DB.FollowUps as of today: oldest inspection first, with the
// days and working days since it ended, older than 20 working days
// flagged. x exports the list as .xlsx into the export folder.
//
// The screen follows ui/common: it embeds *common.Common and is a
// common.Component (tea.Model, help.KeyMap, SetSize).
package followup

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/store"
	"shuangsui/store/report"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
	"shuangsui/ui/textwrap"
)

// OldWorkdays flags a result waiting longer than this many working days
// (the time its publication is allowed).
const OldWorkdays = store.PublishWorkdays

// Model is the follow-up screen.
type Model struct {
	*common.Common
	width, height int
	list          []store.FollowUp
	err           error
	top           int
	exported      string
}

// New loads the list as of today.
func New(c *common.Common) *Model {
	m := &Model{Common: c}
	m.load()
	return m
}

func (m *Model) load() {
	m.top, m.exported = 0, ""
	cal, _, err := m.Backend.DB.LoadCalendar("")
	if err == nil {
		m.list, err = m.Backend.DB.FollowUps(cal, "", m.Today())
	}
	m.err = nil
	if err != nil {
		m.err = fmt.Errorf("%s: %w", m.T("列出待处理的问题", "listing the problems to follow up"), err)
	}
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.KeyMap
	return []key.Binding{k.Xlsx, k.Up, k.Down, k.Refresh, k.Back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	k := m.KeyMap
	switch {
	case key.Matches(km, k.Up):
		m.top = max(0, m.top-1)
	case key.Matches(km, k.Down):
		m.top++
	case key.Matches(km, k.Refresh):
		m.load()
	case key.Matches(km, k.Xlsx):
		return m, m.export()
	case key.Matches(km, k.Back):
		return m, common.Open(common.PageHome, nil)
	}
	return m, nil
}

// Path is where x writes the list: the export folder, as an absolute path.
func (m *Model) Path() (string, error) {
	return m.ExportPath(fmt.Sprintf(m.T("待处理问题-%s.xlsx", "follow-up-%s.xlsx"), m.Today()))
}

func (m *Model) export() tea.Cmd {
	if m.err != nil {
		return common.Error(m.err)
	}
	path, err := m.Path()
	if err != nil {
		return common.Error(err)
	}
	if err := report.ExportFollowUps(m.list, m.Today(), path); err != nil {
		return common.Error(fmt.Errorf("%s %s: %w", m.T("导出", "exporting to"), path, err))
	}
	m.exported = path
	return common.Status(m.T("已导出到 ", "exported to ") + path)
}

// View implements tea.Model.
func (m *Model) View() string {
	st := m.Styles
	w := max(20, m.width)
	title := st.Title.Render(m.T("待处理的问题", "Problems to follow up")) + "  " +
		st.Subtle.Render(fmt.Sprintf(m.T("截至 %s: 发现问题,尚无行政处罚和移送", "as of %s: a problem found, no penalty or transfer yet"), m.Today()))
	if m.err != nil {
		return title + "\n\n" + textwrap.Render(st.Error, m.err.Error(), w, 0)
	}
	lines := []string{title, ""}
	if len(m.list) == 0 {
		lines = append(lines, st.OK.Render(m.T("没有待处理的问题。", "Nothing to follow up.")))
	} else {
		t := components.Table{
			Headers: []string{m.T("仪式", "ceremony"), m.T("县", "county"), m.T("单位", "unit"), m.T("检查结束", "ended"),
				m.T("检查结果", "result"), m.T("天", "days"), m.T("工作日", "workdays")},
			HeadStyle: st.TableHead, Flex: 2, Right: map[int]bool{5: true, 6: true},
		}
		var old []bool
		for _, f := range m.list {
			name := f.Name
			if name == "" {
				name = f.Result.Unit
			}
			t.Rows = append(t.Rows, []string{f.Result.Ceremony, f.County, name, f.Result.End, strings.Join(f.Result.Codes, "；"),
				strconv.Itoa(f.Days), strconv.Itoa(f.Workdays)})
			old = append(old, f.Workdays > OldWorkdays)
		}
		t.RowStyle = func(i int) lipgloss.Style {
			if old[i] {
				return lipgloss.NewStyle().Inherit(st.Warn)
			}
			return lipgloss.NewStyle()
		}
		// Names, counties and results wrap in their columns rather than
		// being cut; the ceremony, dates and counts stay whole.
		t.FitWrapping(w, 8, []int{1}, []int{4, 2})
		lines = append(lines, t.Render(w), "",
			textwrap.Wrap(fmt.Sprintf(m.T("共 %d 条;超过 %d 个工作日的标为警示。登记处罚: penalties add;移送: transfer add。",
				"%d in all; older than %d working days in warning colour. Record a penalty: penalties add; a transfer: transfer add."), len(m.list), OldWorkdays), w))
	}
	lines = append(lines, "")
	path, err := m.Path()
	lines = append(lines, m.ExportStatus(path, err, m.exported, w))
	return common.Scroll(strings.Join(lines, "\n"), m.height, &m.top)
}
