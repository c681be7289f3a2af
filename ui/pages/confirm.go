package pages

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/sampling"
	"shuangsui/ui/common"
)

// confirmDialog asks before a step that cannot be undone (fixing the seed,
// sealing): it states what will be fixed, and only y goes on; n or esc
// goes back with nothing written.
type confirmDialog struct {
	open bool
}

// update handles a key while the dialog is open: it returns true when the
// step is confirmed.
func (d *confirmDialog) update(c *common.Common, km tea.KeyMsg) bool {
	switch {
	case key.Matches(km, c.KeyMap.Yes):
		d.open = false
		return true
	case key.Matches(km, c.KeyMap.No):
		d.open = false
	}
	return false
}

// help is the help bar while the dialog is open.
func (d *confirmDialog) help(c *common.Common) []key.Binding {
	k := c.KeyMap
	return shortHelp(c, helpQuit(c), withHelp(k.Yes, c.T("确认", "confirm")), withHelp(k.No, c.T("返回修改", "go back")), k.Projector)
}

// view draws the dialog: the question, what it fixes, the keys.
func (d *confirmDialog) view(c *common.Common, width int, question, fixed string) string {
	return dialogBox(c, width, c.Styles.Header.Render(question), fixed, "",
		c.T("y 确认   n/esc 返回", "y confirm   n/esc go back"))
}

// seedFixes lists what fixing the seed fixes: every witness with their
// digits, in order, and the seed they make.
func seedFixes(c *common.Common, cer *sampling.Ceremony, width int) string {
	var lines []string
	for i, w := range cer.Witnesses {
		role := ""
		if w.Role != "" {
			role = c.T("("+w.Role+")", " ("+w.Role+")")
		}
		lines = append(lines, wrap(c.Styles.Value, fmt.Sprintf("%d. %s%s  %s", i+1, keep(w.Name), keep(role), w.Digits), width, 4))
	}
	seed := make([]string, len(cer.Witnesses))
	for i, w := range cer.Witnesses {
		seed[i] = w.Digits
	}
	lines = append(lines,
		wrap(c.Styles.Value, "S = "+strings.Join(seed, "-"), width, 4),
		wrap(c.Styles.Warn, c.T("生成后见证人名单和数字不能再更改,抽取结果由此种子和已固定的名录库决定。",
			"Once fixed, the witnesses and their digits cannot change; the draw follows from this seed and the committed frame."), width, 0))
	return strings.Join(lines, "\n")
}

// sealFixes is the summary of the draw the seal fixes.
func sealFixes(c *common.Common, cer *sampling.Ceremony, width int) string {
	ix := newIndex(cer.Frame)
	var lines []string
	for i, tm := range cer.Result.Teams {
		units := 0
		if i < len(cer.Result.Units) {
			units = len(sampling.Drawn(cer.Result.Units[i].Picks))
		}
		names := []string{keep(ix.inspectors[tm.Leader.ID].Name) + c.T("(组长)", " (leader)")}
		for _, m := range tm.Members {
			names = append(names, keep(ix.inspectors[m.ID].Name))
		}
		lines = append(lines, wrap(c.Styles.Value, c.T(
			fmt.Sprintf("%s %s:调查单位 %d 个;检查组 %s", tm.County, keep(ix.countyName(tm.County)), units, strings.Join(names, "、")),
			fmt.Sprintf("%s %s: %d unit%s; team %s", tm.County, keep(ix.countyName(tm.County)), units, plural(units), strings.Join(names, ", "))), width, 4))
	}
	lines = append(lines, wrap(c.Styles.Warn, c.T("封存后抽取结果不能再更改;此后的替换、检查结果和更正都作为新的记录追加,并说明理由。",
		"After the seal the draw cannot change; substitutions, results and corrections are added as new entries with their reasons."), width, 0))
	return strings.Join(lines, "\n")
}
