// Package results is the screen of a sealed ceremony's inspection results:
// every current unit (after substitutions) with its result, the
// publication due date (20 working days after the inspection, marked 暂定
// / provisional when counted across a year whose holidays are not yet
// known), overdue and due-soon results highlighted, and the estimated
// share of units with problems in the whole frame. Enter opens a form to
// enter or correct the selected unit's result; it is saved through the
// store, which validates it, and only then shown. A refused result is
// said once, in the form, right under the save button (never in the app's
// status line too), so that it stays visible at 80x24. esc goes back to
// the screen the results were opened from (ReturnTo).
//
// The table's columns get widths from their contents and the window (see
// layout): codes and dates are never cut; the results and names give way
// first, then the states and counties, each down to a floor; only when
// even the floors do not fit are the inspection date and then the county
// left out.
//
// Under --lang en every text of the screen is English except the data and
// the official result codes (检查结果), which are Chinese in both
// languages; an error of the store (Chinese) gets an English lead.
//
// The screen follows ui/common: it embeds *common.Common and is a
// common.Component (tea.Model, help.KeyMap, SetSize). Text fields are
// ui/components fields (bubbles/textinput is not part of this module).
package results

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

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
	estimate      string                       // the estimate line, in the screen's language
	known         []string
	err           error
	sel, top      int
	editing       bool
	form          components.Form
	formErr       string         // why the last save was refused, shown under the save button
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
	fReason // why a stored result is changed (更正理由); required then
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
	e, err := db.EstimateCeremony(m.id)
	m.estimate = m.estimateText(e, err)
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
		// the same keys as every other form: up/down (tab and shift+tab
		// work too); q and ? type into the fields
		field := key.NewBinding(key.WithKeys("up", "down", "tab", "shift+tab"), key.WithHelp("up/down", m.T("上一项/下一项", "field")))
		return []key.Binding{field, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", m.T("下一项/保存", "next/save"))),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", m.T("取消", "cancel"))), k.ForceQuit}
	}
	sel := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("up/down", m.T("选择单位", "select a unit")))
	return []key.Binding{sel, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", m.T("录入/更正", "enter/correct"))), k.Refresh, k.Back, k.Help, k.Quit}
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
		components.NewText(m.T("更正理由", "reason"), "", false),
		components.NewButton(m.T("保存", "save")),
	}}
	m.form.Fields[fStart].Note = "YYYY-MM-DD"
	m.form.Fields[fEnd].Note = "YYYY-MM-DD"
	m.form.Fields[fCodes].Note = m.T("编号以逗号分隔,见下表", "numbers separated by commas, see below")
	if row.Result != nil {
		m.form.Fields[fReason].Note = m.T("修改已录入的结果时必填", "required to change the stored result")
	}
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
				return nil, fmt.Errorf(m.T("没有编号为 %d 的检查结果(编号 1-%d)", "no result code numbered %d (the numbers are 1-%d)"), n, len(m.known))
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
		End: f[fEnd].Value(), Codes: codes, Notes: f[fNotes].Value(), EnteredBy: f[fBy].Value(), Reason: f[fReason].Value()})
	if err != nil {
		// Said once, in the form: the status line would repeat it. The
		// form names the unit, so only the store's reason is shown.
		reason := err
		var re *store.ResultError
		if errors.As(err, &re) {
			reason = re.Reason
		}
		m.formErr = m.T("无法保存: ", "cannot save: ") + reason.Error()
		return nil
	}
	m.editing = false
	m.reload()
	return common.Status(m.T("已保存 ", "saved ") + row.Unit)
}
