package pages

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// abandonDialog asks for the reason before a committed ceremony is given
// up: going back after the commit is a recorded step, never a silent undo.
type abandonDialog struct {
	open   bool
	reason components.Input
}

func (d *abandonDialog) show() {
	d.open = true
	d.reason = components.Input{CharLimit: 200}
	d.reason.Focus()
}

// update handles a key while the dialog is open.
func (d *abandonDialog) update(c *common.Common, s common.Session, km tea.KeyMsg) tea.Cmd {
	switch km.String() {
	case "esc":
		d.open = false
		return nil
	case "enter":
		reason := d.reason.Value()
		if err := s.Abandon(reason); err != nil {
			return common.Error(fmt.Errorf("%s: %w", c.T("放弃失败", "abandoning failed"), err))
		}
		d.open = false
		return tea.Batch(common.Open(common.PageHome, nil),
			common.Status(c.T("仪式 ", "ceremony ")+s.ID()+c.T(" 已放弃,理由已记录", " abandoned; the reason is recorded")))
	}
	d.reason, _ = d.reason.Update(km)
	return nil
}

func (d *abandonDialog) view(c *common.Common, width int) string {
	d.reason.Width = max(10, width-8)
	return dialogBox(c, width,
		c.Styles.Error.Render(c.T("放弃本次抽取", "Abandon this ceremony")),
		c.T("名录库已固定,不能修改。放弃将作为一个步骤记入仪式,之后须重新开始。",
			"The frame is committed and cannot change. Abandoning is recorded as a step; start anew afterwards."),
		c.T("理由: ", "Reason: ")+d.reason.View(),
		c.T("enter 确认放弃   esc 取消", "enter abandon   esc cancel"))
}
