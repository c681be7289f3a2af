package pages

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// substituter is a session that can substitute after the seal
// (store/session.Session): the same step the substitute command writes.
type substituter interface {
	Substitute(kind, county, out, reason, operator string) error
}

// substTarget is one unit or inspector that may be substituted.
type substTarget struct {
	kind, county, id, label string
}

// substDialog makes a substitution from the sealed screen: choose the
// unit or inspector, type the reason and the operator, see who comes in
// (computed, never chosen) and confirm. The step written is the one the
// command line writes; the amendment sheet is offered right after.
type substDialog struct {
	open     bool
	step     int // 0 choose, 1 reason, 2 operator, 3 confirm
	targets  []substTarget
	sel      int
	reason   components.Input
	operator components.Input
	in       string // who comes in, for the confirmation
}

func (d *substDialog) show(c *common.Common, cer *sampling.Ceremony) {
	ix := newIndex(cer.Frame)
	*d = substDialog{open: true, reason: components.Input{CharLimit: 200}, operator: components.Input{CharLimit: 50}}
	for _, ud := range cer.Result.Units {
		county := ix.countyName(ud.County)
		for _, u := range cer.CurrentUnits(ud.County) {
			d.targets = append(d.targets, substTarget{sampling.SubstituteUnit, ud.County, u,
				c.T("单位  ", "unit  ") + county + "  " + u + "  " + ix.units[u].Name})
		}
		for i, id := range cer.CurrentTeam(ud.County) {
			role := c.T("组员", "member")
			if i == 0 {
				role = c.T("组长", "leader")
			}
			d.targets = append(d.targets, substTarget{sampling.SubstituteInspector, ud.County, id,
				c.T("执法人员  ", "inspector  ") + county + "  " + role + "  " + id + "  " + ix.inspectors[id].Name})
		}
	}
}

// update handles a key while the dialog is open; s is the session.
func (d *substDialog) update(c *common.Common, s common.Session, km tea.KeyMsg) tea.Cmd {
	t := d.targets[d.sel]
	switch d.step {
	case 0:
		switch km.String() {
		case "esc":
			d.open = false
		case "up":
			d.sel = max(0, d.sel-1)
		case "down":
			d.sel = min(len(d.targets)-1, d.sel+1)
		case "enter":
			d.step = 1
			d.reason.Focus()
		}
		return nil
	case 1, 2:
		field := &d.reason
		if d.step == 2 {
			field = &d.operator
		}
		switch km.String() {
		case "esc":
			field.Blur()
			d.step--
			if d.step == 1 {
				d.reason.Focus()
			}
			return nil
		case "enter":
			if strings.TrimSpace(field.Value()) == "" {
				return common.Error(errors.New(map[int]string{1: c.T("请填写替换理由", "type the reason"), 2: c.T("请填写操作人", "type the operator")}[d.step]))
			}
			field.Blur()
			if d.step == 1 {
				d.step = 2
				d.operator.Focus()
				return nil
			}
			_, payload, err := s.Ceremony().Substitute(t.kind, t.county, t.id, d.reason.Value(), d.operator.Value())
			if err == nil && c.Backend.DB != nil { // a unit with a result, a county whose inspections are done
				err = c.Backend.DB.CheckSubstitution(s.ID(), s.Ceremony(), t.kind, t.county, t.id)
			}
			if err != nil {
				return common.Error(fmt.Errorf("%s: %w", c.T("不能替换", "cannot substitute"), err))
			}
			var sub sampling.Substitution
			if err := json.Unmarshal(payload, &sub); err != nil {
				return common.Error(err)
			}
			d.in, d.step = sub.In, 3
			return nil
		}
		*field, _ = field.Update(km)
		return nil
	}
	switch km.String() {
	case "esc", "n":
		d.step = 2
		d.operator.Focus()
	case "enter", "y":
		sub, ok := s.(substituter)
		if !ok {
			return common.Error(errors.New(c.T("此处不能替换,请在命令行运行 substitute", "substitutions are not available here: run the substitute command")))
		}
		if err := sub.Substitute(t.kind, t.county, t.id, strings.TrimSpace(d.reason.Value()), strings.TrimSpace(d.operator.Value())); err != nil {
			return common.Error(fmt.Errorf("%s: %w", c.T("替换失败", "the substitution failed"), err))
		}
		d.open = false
		return common.Status(c.T(fmt.Sprintf("已替换 %s,替入 %s,已记入哈希链。按 w 打印替换修订记录供签字", t.id, d.in),
			fmt.Sprintf("substituted %s, in: %s, chained. Press w to print the amendment sheet for signatures", t.id, d.in)))
	}
	return nil
}

func (d *substDialog) view(c *common.Common, width, height int) string {
	t := d.targets[d.sel]
	title := c.Styles.Label.Render(c.T("封存后替换", "Substitution after the seal"))
	switch d.step {
	case 0:
		room := max(3, height-6)
		top := max(0, min(d.sel-room/2, len(d.targets)-room))
		var lines []string
		for i := top; i < min(len(d.targets), top+room); i++ {
			line := "  " + d.targets[i].label
			if i == d.sel {
				line = c.Styles.Selected.Render("> " + d.targets[i].label)
			}
			lines = append(lines, components.Fit(line, max(10, width-8), false))
		}
		return dialogBox(c, width, title,
			c.T("选择无法检查的单位或须回避的执法人员;替入者按抽签号顺序由下一个备选产生,不能挑选。",
				"Choose the unit that cannot be inspected or the inspector who must step aside; who comes in is the next alternate in ticket order, never chosen."),
			strings.Join(lines, "\n"), c.T("上/下 选择   enter 下一步   esc 取消", "up/down choose   enter next   esc cancel"))
	case 1, 2:
		d.reason.Width, d.operator.Width = max(10, width-16), max(10, width-16)
		return dialogBox(c, width, title, t.label,
			c.T("替换理由: ", "Reason:   ")+d.reason.View()+"\n"+c.T("操作人:   ", "Operator: ")+d.operator.View(),
			c.T("enter 下一步   esc 上一步", "enter next   esc back"))
	}
	return dialogBox(c, width, title,
		c.T(fmt.Sprintf("%s\n由 %s 替入(按抽签号顺序);理由: %s;操作人: %s。确认后作为新的一步写入哈希链,不能撤销。", t.label, d.in, d.reason.Value(), d.operator.Value()),
			fmt.Sprintf("%s\nreplaced by %s (ticket order); reason: %s; operator: %s. Once confirmed it is chained as a new step and cannot be undone.", t.label, d.in, d.reason.Value(), d.operator.Value())),
		"", c.T("enter/y 确认替换   esc/n 返回", "enter/y confirm   esc/n back"))
}
