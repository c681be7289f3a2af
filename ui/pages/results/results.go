// Package results is the screen of a sealed ceremony's inspection results:
// every current unit (after substitutions) with its result, the
// publication due date (20 working days after the inspection, marked 暂定
// when counted across a year whose holidays are not yet known), overdue
// and due-soon results highlighted, and the estimated share of units with
// problems in the whole frame. Enter opens a form to enter or correct the
// selected unit's result; it is saved through the store, which validates
// it, and only then shown.
//
// The screen follows ui/common: it embeds *common.Common and is a
// common.Component (tea.Model, help.KeyMap, SetSize). Text fields are
// ui/components fields (bubbles/textinput is not part of this module).
package results

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/store"
	"shuangsui/store/workdays"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// Model is the results screen of one ceremony.
type Model struct {
	*common.Common
	width, height int
	id            string
	cal           *workdays.Calendar
	sheet         *store.ResultSheet
	pubs          map[string]store.Publication // by unit
	estimate      string
	known         []string
	err           error
	sel, top      int
	editing       bool
	form          components.Form
	formErr       string
	back          common.Page    // where esc goes: the screen the results were opened from
	backSession   common.Session // the ceremony that screen shows (nil for Home)
}

// Form field indices.
const (
	fStart = iota
	fEnd
	fCodes
	fNotes
	fBy
	fSave
)

// New loads the results of sealed ceremony id. cal is the working-day
// calendar (nil: the store's, with its override file setting).
func New(c *common.Common, id string, cal *workdays.Calendar) *Model {
	m := &Model{Common: c, id: id, cal: cal}
	m.reload()
	return m
}

func (m *Model) reload() {
	db := m.Backend.DB
	if m.cal == nil {
		cal, _, err := db.LoadCalendar("")
		if err != nil {
			m.err = err
			return
		}
		m.cal = cal
	}
	sheet, err := db.ResultSheet(m.id)
	if err != nil {
		m.err = err
		return
	}
	m.known, err = db.KnownCodes()
	if err != nil {
		m.err = err
		return
	}
	m.sheet, m.err = sheet, nil
	m.pubs = map[string]store.Publication{}
	today := m.Today()
	for _, row := range sheet.Rows {
		if row.Result != nil {
			p, err := store.PublicationOf(m.cal, *row.Result, today)
			if err != nil {
				m.err = err
				return
			}
			m.pubs[row.Unit] = p
		}
	}
	if e, err := db.EstimateCeremony(m.id); err != nil {
		m.estimate = err.Error()
	} else {
		m.estimate = e.Text()
	}
	m.sel = min(m.sel, max(0, len(sheet.Rows)-1))
}

// ReturnTo sets the screen esc goes back to and the ceremony it shows:
// the screen the results were opened from (the seal screen, or Home with
// a nil session). Without it esc goes Home.
func (m *Model) ReturnTo(p common.Page, s common.Session) { m.back, m.backSession = p, s }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Typing reports whether printable keys go to a text field.
func (m *Model) Typing() bool { return m.editing && m.form.Focused().Typing() }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.KeyMap
	if m.editing {
		return []key.Binding{k.Tab, k.ShiftTab, k.Enter, k.Back}
	}
	return []key.Binding{k.Up, k.Down, k.Enter, k.Refresh, k.Back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	if m.editing {
		return m, m.updateForm(km)
	}
	rows := 0
	if m.sheet != nil {
		rows = len(m.sheet.Rows)
	}
	switch {
	case key.Matches(km, m.KeyMap.Up):
		m.sel = max(0, m.sel-1)
	case key.Matches(km, m.KeyMap.Down):
		m.sel = min(max(0, rows-1), m.sel+1)
	case key.Matches(km, m.KeyMap.Refresh):
		m.reload()
	case key.Matches(km, m.KeyMap.Back):
		return m, common.Open(m.back, m.backSession)
	case key.Matches(km, m.KeyMap.Enter):
		if rows > 0 {
			return m, m.openForm()
		}
	}
	return m, nil
}

func (m *Model) openForm() tea.Cmd {
	row := m.sheet.Rows[m.sel]
	var start, end, codes, notes, by string
	if r := row.Result; r != nil {
		start, end, notes, by = r.Start, r.End, r.Notes, r.EnteredBy
		var nums []string
		for _, c := range r.Codes {
			if i := indexOf(m.known, c); i >= 0 {
				nums = append(nums, strconv.Itoa(i+1))
			} else {
				nums = append(nums, c)
			}
		}
		codes = strings.Join(nums, ",")
	}
	m.form = components.Form{Fields: []*components.Field{
		components.NewText(m.T("检查开始日期", "start date"), start, false),
		components.NewText(m.T("检查结束日期", "end date"), end, false),
		components.NewText(m.T("检查结果编号", "result codes"), codes, false),
		components.NewText(m.T("备注", "notes"), notes, false),
		components.NewText(m.T("录入人", "entered by"), by, false),
		components.NewButton(m.T("保存", "save")),
	}}
	m.form.Fields[fStart].Note = "YYYY-MM-DD"
	m.form.Fields[fEnd].Note = "YYYY-MM-DD"
	m.form.Fields[fCodes].Note = m.T("编号以逗号分隔,见下表", "numbers separated by commas, see below")
	m.editing, m.formErr = true, ""
	return m.form.Set(0)
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// parseCodes turns "1,5" (or code texts) into result codes.
func (m *Model) parseCodes(s string) ([]string, error) {
	var out []string
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' || r == '、'
	}) {
		if n, err := strconv.Atoi(tok); err == nil {
			if n < 1 || n > len(m.known) {
				return nil, fmt.Errorf("%s %d", m.T("没有编号为", "no result code numbered"), n)
			}
			out = append(out, m.known[n-1])
			continue
		}
		out = append(out, tok)
	}
	return out, nil
}

func (m *Model) updateForm(km tea.KeyMsg) tea.Cmd {
	k := m.KeyMap
	switch {
	case key.Matches(km, k.Back):
		m.editing = false
		return nil
	case key.Matches(km, k.Tab), key.Matches(km, k.Down):
		return m.form.Move(1)
	case key.Matches(km, k.ShiftTab), key.Matches(km, k.Up):
		return m.form.Move(-1)
	case key.Matches(km, k.Enter):
		if m.form.Focus != fSave {
			return m.form.Move(1)
		}
		return m.save()
	}
	_, cmd := m.form.Focused().Update(km)
	return cmd
}

func (m *Model) save() tea.Cmd {
	f := m.form.Fields
	codes, err := m.parseCodes(f[fCodes].Value())
	if err != nil {
		m.formErr = err.Error()
		return nil
	}
	row := m.sheet.Rows[m.sel]
	_, err = m.Backend.DB.PutResult(store.ResultInput{Ceremony: m.id, Unit: row.Unit, Start: f[fStart].Value(),
		End: f[fEnd].Value(), Codes: codes, Notes: f[fNotes].Value(), EnteredBy: f[fBy].Value()})
	if err != nil {
		m.formErr = err.Error()
		return common.Error(err)
	}
	m.editing = false
	m.reload()
	return common.Status(m.T("已保存 ", "saved ") + row.Unit)
}

// View implements tea.Model.
func (m *Model) View() string {
	st := m.Styles
	w := max(20, m.width)
	if m.err != nil {
		return st.Error.Render(m.T("读取检查结果失败: ", "reading the results failed: ") + m.err.Error())
	}
	c := m.sheet.Ceremony
	title := st.Title.Render(m.T("检查结果", "Inspection results")) + "  " +
		st.Subtle.Render(fmt.Sprintf("%s  %s  %s", m.id, c.Info.Round, c.Frame.Matter.Name))
	if m.editing {
		return lipgloss.JoinVertical(lipgloss.Left, title, "", m.formView(w))
	}
	headers := []string{m.T("县(市、区)", "county"), m.T("单位代码", "unit"), m.T("单位名称", "name"), m.T("检查日期", "inspected"),
		m.T("检查结果", "result"), m.T("应公示日期", "publish by"), m.T("状态", "state")}
	var rows [][]string
	var states []string
	for _, row := range m.sheet.Rows {
		cells := []string{row.CountyName, row.Unit, row.UnitName, "", m.T("未录入", "not entered"), "", ""}
		state := ""
		if r := row.Result; r != nil {
			p := m.pubs[row.Unit]
			cells[3], cells[4], cells[5] = r.End, strings.Join(r.Codes, "；"), p.DueText()
			state = p.State
			cells[6] = stateName(m, p)
		}
		rows = append(rows, cells)
		states = append(states, state)
	}
	// Scroll: title, blank, header, rows, blank, estimate (2 lines), summary.
	visible := max(3, m.height-8)
	if m.sel < m.top {
		m.top = m.sel
	}
	if m.sel >= m.top+visible {
		m.top = m.sel - visible + 1
	}
	end := min(len(rows), m.top+visible)
	top := m.top
	t := components.Table{Headers: headers, Rows: rows[top:end], Flex: 4, HeadStyle: st.TableHead,
		RowStyle: func(i int) lipgloss.Style {
			switch {
			case top+i == m.sel:
				return st.Selected
			case states[top+i] == store.PubOverdue:
				return st.Error
			case states[top+i] == store.PubDueSoon:
				return st.Warn
			}
			return lipgloss.NewStyle()
		}}
	entered, overdue, soon := 0, 0, 0
	for _, s := range states {
		if s != "" {
			entered++
		}
		overdue += b2i(s == store.PubOverdue)
		soon += b2i(s == store.PubDueSoon)
	}
	marker := func(i int) string {
		if i == m.sel {
			return "> "
		}
		return "  "
	}
	lines := strings.Split(t.Render(w-2), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = "  " + lines[i]
		} else {
			lines[i] = marker(top+i-1) + lines[i]
		}
	}
	summary := fmt.Sprintf(m.T("已录入 %d/%d  已逾期 %d  即将到期 %d  (截至 %s)", "entered %d/%d  overdue %d  due soon %d  (as of %s)"),
		entered, len(rows), overdue, soon, m.Today())
	est := lipgloss.NewStyle().Width(w).Render(m.estimate)
	return lipgloss.JoinVertical(lipgloss.Left, title, "", strings.Join(lines, "\n"), "", st.Value.Render(est), st.Subtle.Render(summary))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func stateName(m *Model, p store.Publication) string {
	switch p.State {
	case store.PubOverdue:
		return fmt.Sprintf(m.T("已逾期 %d 个工作日", "overdue %d wd"), -p.Left)
	case store.PubDueSoon:
		return fmt.Sprintf(m.T("即将到期 剩 %d 个工作日", "due soon, %d wd left"), p.Left)
	case store.PubPublished, store.PubPublishedLate:
		return store.PubStateName(p.State) + " " + p.Result.Published
	}
	return store.PubStateName(p.State)
}

func (m *Model) formView(w int) string {
	st := m.Styles
	row := m.sheet.Rows[m.sel]
	head := st.Header.Render(fmt.Sprintf("%s %s  %s", row.Unit, row.UnitName, row.CountyName)) + "\n" +
		st.Subtle.Render(m.T("检查组: ", "team: ")+strings.Join(row.TeamNames, "、"))
	lw := m.form.LabelWidth()
	var fields []string
	for i, f := range m.form.Fields {
		fields = append(fields, f.View(i == m.form.Focus, lw, w, st.Label, st.Focused, st.Value, st.Subtle))
	}
	var codes []string
	for i, c := range m.known {
		mark := ""
		if i >= len(store.StandardResultCodes) {
			mark = m.T("(统计)", " (statistics)")
		}
		codes = append(codes, fmt.Sprintf("%2d %s%s", i+1, c, mark))
	}
	half := (len(codes) + 1) / 2
	colW := max(10, (w-2)/2)
	var list []string
	for i := 0; i < half; i++ {
		left := components.Fit(codes[i], colW, false)
		right := ""
		if i+half < len(codes) {
			right = components.Fit(codes[i+half], colW, false)
		}
		list = append(list, strings.TrimRight(left+"  "+right, " "))
	}
	out := []string{head, "", strings.Join(fields, "\n"), "", strings.Join(list, "\n")}
	if m.formErr != "" {
		out = append(out, "", st.Error.Render(lipgloss.NewStyle().Width(w).Render(m.formErr)))
	}
	return strings.Join(out, "\n")
}
