package pages

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// Commit shows the committed frame: its fingerprint F large, in groups of
// four hex digits, with the counts and parameters. It is already on disk;
// from here nothing in frame or parameters can change, and going back
// means abandoning with a reason.
type Commit struct {
	*common.Common
	width, height int
	s             common.Session
	abandon       abandonDialog
	folder        folderDialog
}

// NewCommit shows session s's commit.
func NewCommit(c *common.Common, s common.Session) *Commit { return &Commit{Common: c, s: s} }

func (p *Commit) Init() tea.Cmd    { return nil }
func (p *Commit) SetSize(w, h int) { p.width, p.height = w, h }
func (p *Commit) Typing() bool     { return p.abandon.open || p.folder.open }
func (p *Commit) ShortHelp() []key.Binding {
	if p.Typing() {
		return dialogHelp(p.Common)
	}
	return shortHelp(p.Common, helpQuit(p.Common), p.keys()...)
}

func (p *Commit) keys() []key.Binding {
	k := p.KeyMap
	return []key.Binding{withHelp(k.Enter, p.T("登记见证人", "witnesses")), withHelp(k.Sheet, p.T("打印抽取前见证页", "pre-draw sheet")),
		withHelp(k.Back, p.T("放弃", "abandon")), k.Folder, k.Projector}
}

func (p *Commit) FullHelp() [][]key.Binding {
	if p.Typing() {
		return [][]key.Binding{dialogHelp(p.Common)}
	}
	k := p.KeyMap
	return [][]key.Binding{p.keys(), {k.Help, k.Quit, k.ForceQuit}}
}

func (p *Commit) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.abandon.open {
		return p, p.abandon.update(p.Common, p.s, km)
	}
	if p.folder.open {
		return p, p.folder.update(p.Common, km)
	}
	switch {
	case key.Matches(km, p.KeyMap.Enter):
		return p, common.Open(common.PageWitnesses, p.s)
	case key.Matches(km, p.KeyMap.Back):
		p.abandon.show()
	case key.Matches(km, p.KeyMap.Folder):
		p.folder.show(p.Common)
	case key.Matches(km, p.KeyMap.Sheet):
		return p, writeSheet(p.Common, p.s)
	}
	return p, nil
}

func (p *Commit) View() string {
	c := p.s.Ceremony()
	st := p.Styles
	f := c.Frame
	w := p.width
	plain := lipgloss.NewStyle()
	// Every line wraps rather than being cut at the edge; the big
	// fingerprint takes the room that is left.
	head := join(
		wrap(st.Title, p.T("名录库已固定", "Frame committed")+"  "+p.s.ID(), w, 2),
		wrap(plain, fmt.Sprintf("%s %s v%d %s   %s %s", p.T("事项", "matter"), f.Matter.Code, f.Matter.Version, f.Matter.Name, p.T("抽取日期", "draw date"), f.DrawDate), w, 2),
		wrap(plain, p.T(fmt.Sprintf("县(市、区) %d 个   合格单位 %d 个   检查人员 %d 名", len(f.Counties), len(f.Units), len(f.Inspectors)),
			fmt.Sprintf("%d counties   %d eligible units   %d inspectors", len(f.Counties), len(f.Units), len(f.Inspectors))), w, 2),
		wrap(plain, kindLine(p.Lang, f)+paramsLine(p.Lang, newIndex(f), f.Params), w, 2),
		"",
		wrap(st.Label, p.T("名录库指纹 F (SHA-256):", "Frame fingerprint F (SHA-256):"), w, 0),
	)
	foot := join(
		wrap(st.Value, components.Group(c.Fingerprint, 4), w, 0),
		"",
		wrap(st.Warn, p.T("从此名录和参数不能再改变;返回即放弃本次抽取(须说明理由)。", "From here frame and parameters cannot change; going back abandons the ceremony (with a reason)."), w, 0),
		wrap(st.Subtle, p.T("请见证人核对指纹。enter 开始登记见证人。", "Witnesses: check the fingerprint. Press enter to add witnesses."), w, 0),
	)
	if p.abandon.open {
		foot = p.abandon.view(p.Common, p.width)
	}
	if p.folder.open {
		foot = p.folder.view(p.Common, p.width)
	}
	room := p.height - height(head) - height(foot) - 1
	big := fingerprintBig(p.Common, c.Fingerprint, p.width, room)
	return clip(join(head, big, foot), p.height)
}

// fingerprintBig draws as much of a 64-digit hash big as fits: all of it
// when the screen allows, else its first 32, 16 or 8 digits, saying so.
// Projector mode prefers fewer digits at a larger scale, to be read from
// the back of the room.
func fingerprintBig(c *common.Common, h string, width, room int) string {
	type try struct{ n, scale int }
	tries := []try{{64, 1}, {32, 1}, {16, 1}, {8, 1}}
	if c.Projector {
		tries = []try{{64, 4}, {64, 3}, {64, 2}, {32, 3}, {32, 2}, {16, 3}, {16, 2}, {8, 2}, {64, 1}, {32, 1}, {16, 1}, {8, 1}}
	}
	for _, t := range tries {
		if t.n > len(h) {
			continue
		}
		label := ""
		if t.n < len(h) {
			label = c.Styles.Subtle.Render(c.T(fmt.Sprintf("(前 %d 位)", t.n), fmt.Sprintf("(first %d digits)", t.n)))
		}
		if out, ok := components.BigAt(components.Group(h[:t.n], 4), t.scale, width, room-height(label), c.Styles.BigAdapt); ok {
			return join(out, label)
		}
	}
	return ""
}

func bigScale(c *common.Common) int {
	if c.Projector {
		return 4
	}
	return 1
}

// withHelp returns b with another description.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
