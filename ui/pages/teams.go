package pages

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// Teams shows stage 3: for each drawn county its leader, members and
// alternates, with specialty, certificate number and ticket. Enter seals.
type Teams struct {
	*common.Common
	width, height int
	s             common.Session
	scroll        int
	confirm       confirmDialog // before the seal
}

// NewTeams shows session s's teams.
func NewTeams(c *common.Common, s common.Session) *Teams { return &Teams{Common: c, s: s} }

func (p *Teams) Init() tea.Cmd    { return nil }
func (p *Teams) SetSize(w, h int) { p.width, p.height = w, h }

func (p *Teams) ShortHelp() []key.Binding {
	if p.confirm.open {
		return p.confirm.help(p.Common)
	}
	return shortHelp(p.Common, helpQuit(p.Common), p.keys()...)
}

func (p *Teams) FullHelp() [][]key.Binding {
	if p.confirm.open {
		return [][]key.Binding{p.confirm.help(p.Common)}
	}
	k := p.KeyMap
	return [][]key.Binding{p.keys(), {k.Help, k.Quit, k.ForceQuit}}
}

func (p *Teams) keys() []key.Binding {
	k := p.KeyMap
	scroll := pair(k.Up, k.Down, p.T("滚动", "scroll"))
	if done(p.s.Ceremony()) {
		// reviewing a sealed ceremony
		back := pair(k.Enter, k.Back, p.T("返回封存页", "back to the seal"))
		return []key.Binding{back, reviewUnits(p.Common), scroll, k.Projector}
	}
	return []key.Binding{withHelp(k.Enter, p.T("封存", "seal")), scroll, k.Projector}
}

func (p *Teams) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.confirm.open {
		if !p.confirm.update(p.Common, km) {
			return p, nil
		}
		if err := p.s.Next(); err != nil {
			return p, common.Error(fmt.Errorf("%s: %w", p.T("封存失败", "sealing failed"), err))
		}
		return p, common.Open(common.PageSeal, p.s)
	}
	if done(p.s.Ceremony()) {
		// reviewing a sealed ceremony: esc goes back as enter does, u
		// shows the units
		switch {
		case key.Matches(km, p.KeyMap.Back):
			return p, common.Open(common.PageSeal, p.s)
		case key.Matches(km, reviewUnits(p.Common)):
			return p, common.Open(common.PageUnits, p.s)
		}
	}
	switch {
	case key.Matches(km, p.KeyMap.Up):
		p.scroll = max(0, p.scroll-1)
	case key.Matches(km, p.KeyMap.Down):
		p.scroll++
	case key.Matches(km, p.KeyMap.Enter):
		c := p.s.Ceremony()
		if c.Phase != sampling.PhaseSeal {
			return p, common.Open(common.PageFor(c), p.s)
		}
		p.confirm.open = true
	}
	return p, nil
}

// teamTable is the table of every team, alternates dimmer.
func teamTable(c *common.Common, cer *sampling.Ceremony) components.Table {
	ix := newIndex(cer.Frame)
	t := components.Table{
		Headers: []string{c.T("县(市、区)", "county"), c.T("角色", "role"), c.T("姓名", "name"),
			c.T("执法证号", "certificate"), c.T("专业", "specialty"), c.T("签号", "ticket")},
		HeadStyle: c.Styles.TableHead, Flex: 4,
	}
	var alt []bool
	out, in := substituted(cer, sampling.SubstituteInspector, "")
	row := func(county, role string, pk sampling.Pick, isAlt bool) {
		in := ix.inspectors[pk.ID]
		t.Rows = append(t.Rows, []string{county, role, in.Name, pk.ID, strings.Join(in.Specialties, "、"), ticket(c.Lang, pk)})
		alt = append(alt, isAlt)
	}
	// mark is a role with 已替换 for a replaced inspector.
	mark := func(role, id string) (string, bool) {
		if _, ok := out[id]; ok {
			return role + c.T("(已替换)", " (replaced)"), true
		}
		return role, false
	}
	for _, tm := range cer.Result.Teams {
		county := ix.countyName(tm.County)
		role := c.T("组长", "leader")
		if tm.Designated {
			role = c.T("组长(指定)", "leader (desig.)")
		}
		r, gone := mark(role, tm.Leader.ID)
		row(county, r, tm.Leader, gone)
		for _, m := range tm.Members {
			r, gone := mark(c.T("组员", "member"), m.ID)
			row("", r, m, gone)
		}
		// Who came in, in the order of the substitutions, with the ticket
		// of the draw that brought them in.
		leader := tm.Leader.ID
		for _, s := range cer.Substitutions {
			if s.Kind != sampling.SubstituteInspector || s.County != tm.County {
				continue
			}
			role := c.T("组员(替入)", "member (in)")
			if s.Out == leader {
				role, leader = c.T("组长(替入)", "leader (in)"), s.In
			}
			r, gone := mark(role, s.In)
			row("", r, sampling.Pick{ID: s.In, Ticket: s.Ticket}, gone)
		}
		for _, a := range tm.Alternates {
			if _, used := in[a.ID]; used {
				continue
			}
			row("", c.T("备选", "alternate"), a, true)
		}
	}
	t.RowStyle = func(i int) lipgloss.Style {
		if alt[i] {
			return c.Styles.Alternate
		}
		return lipgloss.NewStyle()
	}
	return t
}

func (p *Teams) View() string {
	c := p.s.Ceremony()
	st := p.Styles
	head := st.Title.Render(p.T(fmt.Sprintf("第三阶段:抽取检查组 %d 个", len(c.Result.Teams)), fmt.Sprintf("Stage 3: %d teams", len(c.Result.Teams))) + "  " + p.s.ID())
	hint := ""
	if c.Phase == sampling.PhaseSeal {
		hint = wrap(st.Subtle, p.T("抽取完毕。按 enter 核对并封存记录", "The draw is complete. Press enter to review and seal the record"), p.width, 0)
	}
	table := teamTable(p.Common, c).Render(p.width)
	ix := newIndex(c.Frame)
	subs := substitutionLines(p.Common, c, sampling.SubstituteInspector, "", func(id string) string { return ix.inspectors[id].Name })
	for _, l := range subs {
		if hint == "" {
			hint = wrap(st.Warn, l, p.width, 2)
		} else {
			hint = join(hint, wrap(st.Warn, l, p.width, 2))
		}
	}
	if p.confirm.open {
		return clip(join(head, "", p.confirm.view(p.Common, p.width, p.T("确认封存抽取记录?", "Seal the record now?"), sealFixes(p.Common, c, p.width-6))), p.height)
	}
	room := p.height - 4 - height(hint)
	lines := strings.Split(table, "\n")
	if len(lines) > room && room > 1 {
		p.scroll = min(p.scroll, len(lines)-room)
		lines = append(lines[:1], lines[1+p.scroll:min(len(lines), p.scroll+room)]...)
	}
	return clip(join(head, "", strings.Join(lines, "\n"), "", hint), p.height)
}
