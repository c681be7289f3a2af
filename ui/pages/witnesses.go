package pages

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

const (
	wName = iota
	wRole
	wDigits
	wConfirm
	wAdd
	wEdit
	wSeed
)

// Witnesses adds the witnesses one by one: name, organisation or role,
// and their dice digits, typed twice, digits only, shown large. When
// enough digits are in, the witness list is closed and the seed fixed.
type Witnesses struct {
	*common.Common
	width, height int
	s             common.Session
	form          components.Form
	abandon       abandonDialog
	confirm       confirmDialog // before the seed is fixed
	edit          witnessEdit   // correcting or removing a witness
}

// witnessEdit chooses a registered witness to remove, or to correct (a
// removal, then the witness typed again), and asks why: both are steps of
// the record, allowed until the seed is fixed.
type witnessEdit struct {
	open    bool
	sel     int  // index into the witness list
	correct bool // correct rather than remove
	asking  bool // the reason field is up
	reason  components.Input
}

// NewWitnesses shows session s's witness list and an empty form.
func NewWitnesses(c *common.Common, s common.Session) *Witnesses {
	p := &Witnesses{Common: c, s: s}
	p.reset()
	return p
}

func (p *Witnesses) reset() {
	t := p.T
	p.form = components.Form{Fields: []*components.Field{
		wName:    components.NewText(t("姓名", "Name"), "", false),
		wRole:    components.NewText(t("单位/身份", "Organisation/role"), "", false),
		wDigits:  components.NewText(t("骰子数字", "Dice digits"), "", true),
		wConfirm: components.NewText(t("再次输入", "Digits again"), "", true),
		wAdd:     components.NewButton(t("登记该见证人", "Add this witness")),
		wEdit:    components.NewButton(t("更正或移除已登记的见证人", "Correct or remove a witness")),
		wSeed:    components.NewButton(t("登记完毕,生成随机种子 >", "Done: fix the seed >")),
	}}
	p.form.Set(wName)
}

func (p *Witnesses) Init() tea.Cmd    { return nil }
func (p *Witnesses) SetSize(w, h int) { p.width, p.height = w, h }
func (p *Witnesses) Typing() bool {
	return p.abandon.open || p.edit.asking || p.form.Focused().Typing()
}

// Unsaved names a witness typed into the form but not yet added: quitting
// loses it, and the quit dialog says so.
func (p *Witnesses) Unsaved() string {
	f := p.form.Fields
	name := f[wName].Value()
	if name == "" && f[wRole].Value() == "" && f[wDigits].Value() == "" && f[wConfirm].Value() == "" {
		return ""
	}
	if name == "" {
		name = p.T("(未填姓名)", "(no name yet)")
	}
	return p.T("已登记的见证人和此前每一步都已保存;但表单中尚未登记的见证人 "+name+" 没有保存,退出后须重新输入。",
		"The witnesses added and every earlier step are saved; the witness "+name+" still in the form is not, and must be typed again after quitting.")
}

func (p *Witnesses) ShortHelp() []key.Binding {
	if p.confirm.open {
		return p.confirm.help(p.Common)
	}
	if p.edit.open {
		return p.editHelp()
	}
	if p.abandon.open {
		return dialogHelp(p.Common)
	}
	k := p.KeyMap
	keys := []key.Binding{pair(k.Up, k.Down, p.T("上一项/下一项", "field")), p.enter(), withHelp(k.Back, p.T("放弃", "abandon"))}
	if p.form.Focused().Typing() {
		// q, p and ? type into the field
		return shortHelp(p.Common, typingQuit(p.Common), keys...)
	}
	return shortHelp(p.Common, helpQuit(p.Common), append(keys, k.Projector)...)
}

func (p *Witnesses) FullHelp() [][]key.Binding {
	if p.confirm.open {
		return [][]key.Binding{p.confirm.help(p.Common)}
	}
	if p.edit.open {
		return [][]key.Binding{p.editHelp()}
	}
	if p.abandon.open {
		return [][]key.Binding{dialogHelp(p.Common)}
	}
	k := p.KeyMap
	return [][]key.Binding{
		{k.Up, k.Down, k.Tab, k.ShiftTab},
		{p.enter(), withHelp(k.Back, p.T("放弃", "abandon"))},
		{withHelp(k.Projector, p.T("投影模式(按钮上)", "projector (on a button)")), withHelp(k.Help, p.T("帮助(按钮上)", "help (on a button)")),
			withHelp(k.Quit, p.T("退出(按钮上)", "quit (on a button)")), k.ForceQuit},
	}
}

// enter is what enter does on the focused field.
func (p *Witnesses) enter() key.Binding {
	k := p.KeyMap
	switch p.form.Focus {
	case wAdd, wConfirm:
		return withHelp(k.Enter, p.T("登记", "add"))
	case wSeed:
		return withHelp(k.Enter, p.T("生成种子", "fix the seed"))
	case wEdit:
		return withHelp(k.Enter, p.T("选择见证人", "choose a witness"))
	}
	return withHelp(k.Enter, p.T("下一项", "next field"))
}

func (p *Witnesses) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.abandon.open {
		return p, p.abandon.update(p.Common, p.s, km)
	}
	if p.confirm.open {
		if p.confirm.update(p.Common, km) {
			return p, p.fix()
		}
		return p, nil
	}
	if p.edit.open {
		return p, p.updateEdit(km)
	}
	switch km.String() {
	case "up", "shift+tab":
		return p, p.form.Move(-1)
	case "down", "tab":
		return p, p.form.Move(1)
	case "esc":
		p.abandon.show()
		return p, nil
	case "enter":
		switch p.form.Focus {
		case wAdd, wConfirm:
			return p, p.add()
		case wSeed:
			return p, p.seed()
		case wEdit:
			if len(p.s.Ceremony().Witnesses) == 0 {
				return p, common.Error(errors.New(p.T("还没有登记见证人", "no witness added yet")))
			}
			p.edit = witnessEdit{open: true}
			return p, nil
		default:
			return p, p.form.Move(1)
		}
	}
	_, cmd := p.form.Focused().Update(km)
	if r := refused(p.Common, p.form.Focused()); r != nil {
		cmd = tea.Batch(cmd, r)
	}
	return p, cmd
}

func (p *Witnesses) add() tea.Cmd {
	f := p.form.Fields
	name, role := f[wName].Value(), f[wRole].Value()
	digits, again := f[wDigits].Value(), f[wConfirm].Value()
	switch {
	case name == "":
		p.form.Set(wName)
		return common.Error(errors.New(p.T("请填写见证人姓名", "enter the witness's name")))
	case digits == "":
		p.form.Set(wDigits)
		return common.Error(errors.New(p.T("请输入骰子数字", "enter the dice digits")))
	case digits != again:
		f[wConfirm].Input.SetValue("")
		p.form.Set(wConfirm)
		return common.Error(errors.New(p.T("两次输入的数字不一致,请再次输入", "the two entries differ; type the digits again")))
	}
	if err := p.s.AddWitness(sampling.Witness{Name: name, Role: role, Digits: digits}); err != nil {
		return common.Error(fmt.Errorf("%s: %w", p.T("登记见证人失败", "adding the witness failed"), err))
	}
	p.reset()
	c := p.s.Ceremony()
	return common.Status(p.T(
		fmt.Sprintf("已登记见证人 %s(%d 位数字),共 %d 位", name, len(digits), c.DigitsEntered()),
		fmt.Sprintf("witness %s added (%d digits), %d in all", name, len(digits), c.DigitsEntered())))
}

func (p *Witnesses) editHelp() []key.Binding {
	k := p.KeyMap
	if p.edit.asking {
		return []key.Binding{withHelp(k.Enter, p.T("确认", "confirm")), withHelp(k.Back, p.T("返回", "back")), k.ForceQuit}
	}
	return shortHelp(p.Common, helpQuit(p.Common), pair(k.Up, k.Down, p.T("选择", "select")),
		key.NewBinding(key.WithKeys("x"), key.WithHelp("x", p.T("移除", "remove"))),
		key.NewBinding(key.WithKeys("e"), key.WithHelp("e", p.T("更正", "correct"))),
		withHelp(k.Back, p.T("返回", "back")))
}

// updateEdit handles a key while a witness is being chosen or the reason
// typed.
func (p *Witnesses) updateEdit(km tea.KeyMsg) tea.Cmd {
	e := &p.edit
	ws := p.s.Ceremony().Witnesses
	if !e.asking {
		switch km.String() {
		case "up":
			e.sel = max(0, e.sel-1)
		case "down":
			e.sel = min(len(ws)-1, e.sel+1)
		case "esc":
			e.open = false
		case "x", "e":
			e.correct, e.asking = km.String() == "e", true
			e.reason = components.Input{CharLimit: 200}
			e.reason.Focus()
		}
		return nil
	}
	switch km.String() {
	case "esc":
		e.asking = false
		return nil
	case "enter":
		w, correct := ws[e.sel], e.correct
		if err := p.s.RemoveWitness(e.sel+1, e.reason.Value()); err != nil {
			return common.Error(fmt.Errorf("%s: %w", p.T("移除见证人失败", "removing the witness failed"), err))
		}
		*e = witnessEdit{}
		if !correct {
			return common.Status(p.T("已移除见证人 "+w.Name+",理由已记录", "witness "+w.Name+" removed; the reason is recorded"))
		}
		// Correct: the name and role back in the form, the digits typed
		// again (twice); the witness is added at the end of the list.
		p.reset()
		p.form.Fields[wName].Input.SetValue(w.Name)
		p.form.Fields[wRole].Input.SetValue(w.Role)
		cmd := p.form.Set(wDigits)
		return tea.Batch(cmd, common.Status(p.T("已移除见证人 "+w.Name+"(理由已记录):请更正后重新登记,数字输入两次;将排在名单最后",
			"witness "+w.Name+" removed (the reason is recorded): correct and add again, digits typed twice; they go to the end of the list")))
	}
	e.reason, _ = e.reason.Update(km)
	return nil
}

// editView is the dialog that chooses a witness to correct or remove and
// asks why.
func (p *Witnesses) editView(c *sampling.Ceremony) string {
	st := p.Styles
	var lines []string
	for i, w := range c.Witnesses {
		mark := "  "
		if i == p.edit.sel {
			mark = "> "
		}
		lines = append(lines, mark+fmt.Sprintf("%d. %s  %s  %s", i+1, w.Name, w.Role, w.Digits))
	}
	text := p.T("种子生成前可以更正或移除见证人;移除和理由都记入仪式记录。更正即移除后重新登记(排在最后)。",
		"Until the seed is fixed a witness can be corrected or removed; the removal and its reason go into the record. Correcting is removing and adding again (last).")
	field, keys := "", p.T("up/down 选择   x 移除   e 更正   esc 返回", "up/down select   x remove   e correct   esc back")
	if p.edit.asking {
		p.edit.reason.Width = max(10, p.width-12)
		what := p.T("移除的理由: ", "Why remove: ")
		if p.edit.correct {
			what = p.T("更正的理由: ", "Why correct: ")
		}
		field, keys = what+p.edit.reason.View(), p.T("enter 确认   esc 返回", "enter confirm   esc back")
		text = "" // read already; the room goes to the list and the field
	}
	return dialogBox(p.Common, p.width, st.Header.Render(p.T("更正或移除见证人", "Correct or remove a witness")),
		join(wrap(lipgloss.NewStyle(), text, p.width-6, 0), strings.Join(lines, "\n")), field, keys)
}

// seed asks to confirm fixing the seed, once the form is empty and enough
// digits are in.
func (p *Witnesses) seed() tea.Cmd {
	f := p.form.Fields
	if f[wName].Value() != "" || f[wDigits].Value() != "" {
		return common.Error(errors.New(p.T("表单中还有未登记的见证人:请先登记或清空", "the form holds a witness not yet added: add it or clear it first")))
	}
	c := p.s.Ceremony()
	if n, need := c.DigitsEntered(), c.Info.MinDigits; n < need {
		return common.Error(fmt.Errorf(p.T("见证人共输入 %d 位数字,至少需要 %d 位:请再登记见证人", "the witnesses typed %d digits in all, at least %d are needed: add witnesses"), n, need))
	}
	p.confirm.open = true
	return nil
}

// fix fixes the seed (confirmed).
func (p *Witnesses) fix() tea.Cmd {
	if err := p.s.FixSeed(); err != nil {
		return common.Error(fmt.Errorf("%s: %w", p.T("生成随机种子失败", "fixing the seed failed"), err))
	}
	return common.Open(common.PageCounties, p.s)
}

func (p *Witnesses) View() string {
	c := p.s.Ceremony()
	st := p.Styles
	n := c.DigitsEntered()
	need := c.Info.MinDigits
	count := p.T(fmt.Sprintf("已登记 %d 名见证人,共 %d 位数字,至少需要 %d 位", len(c.Witnesses), n, need),
		fmt.Sprintf("%d witness%s, %d digits in all, at least %d needed", len(c.Witnesses), pluralES(len(c.Witnesses)), n, need))
	if n >= need {
		count = wrap(st.OK, count, p.width, 0)
	} else {
		count = wrap(st.Warn, count, p.width, 0)
	}
	head := join(st.Title.Render(p.T("见证人登记", "Witnesses")+"  "+p.s.ID()), count,
		wrap(st.Subtle, p.T("每名见证人掷骰后输入数字,再输入一次确认;全部登记后选「生成随机种子」。",
			"Each witness types their dice digits twice; when all are in, choose \"fix the seed\"."), p.width, 0))
	var list string
	if len(c.Witnesses) > 0 {
		t := components.Table{Headers: []string{"#", p.T("姓名", "name"), p.T("单位/身份", "organisation/role"), p.T("数字", "digits")},
			HeadStyle: st.TableHead, Flex: 2}
		for i, w := range c.Witnesses {
			t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), w.Name, w.Role, w.Digits})
		}
		list = t.Render(p.width)
	}
	lw := p.form.LabelWidth()
	var lines []string
	for i, f := range p.form.Fields {
		line := f.View(i == p.form.Focus, lw, min(p.width, 70), st.Label, st.Focused, st.Value, st.Subtle)
		if i == wConfirm && f.Value() != "" {
			if f.Value() == p.form.Fields[wDigits].Value() {
				line += "  " + st.OK.Render(p.T("一致", "match"))
			} else if !strings.HasPrefix(p.form.Fields[wDigits].Value(), f.Value()) {
				line += "  " + st.Error.Render(p.T("不一致", "differs"))
			}
		}
		lines = append(lines, line)
	}
	form := strings.Join(lines, "\n")
	if p.confirm.open {
		return clip(join(head, "", p.confirm.view(p.Common, p.width, p.T("确认生成随机种子?", "Fix the seed now?"), seedFixes(p.Common, c, p.width-6))), p.height)
	}
	if p.abandon.open {
		form = p.abandon.view(p.Common, p.width)
	}
	if p.edit.open {
		form = p.editView(c)
	}
	digits := p.form.Fields[wDigits].Value()
	if p.form.Focus == wConfirm {
		digits = p.form.Fields[wConfirm].Value()
	}
	room := p.height - height(head) - height(list) - height(form) - 3
	var big string
	if digits != "" && room >= components.BigHeight {
		big = bigBlock(p.Common, components.Group(digits, 4), p.width, room)
	}
	return clip(join(head, list, "", form, "", big), p.height)
}

// pluralES is "es" unless n is 1 (witness, witnesses).
func pluralES(n int) string {
	if n == 1 {
		return ""
	}
	return "es"
}
