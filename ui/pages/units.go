package pages

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// Units shows stage 2 county by county: code, name, category and ticket
// of each drawn unit, alternates dimmer. Enter draws the next county (or,
// after the last, the teams); left and right look back at earlier ones.
type Units struct {
	*common.Common
	width, height int
	s             common.Session
	cur           int // the county on show, index into Result.Units
}

// NewUnits shows the newest county of session s, or, to review a sealed
// ceremony, the first.
func NewUnits(c *common.Common, s common.Session) *Units {
	cur := max(0, len(s.Ceremony().Result.Units)-1)
	if done(s.Ceremony()) {
		cur = 0
	}
	return &Units{Common: c, s: s, cur: cur}
}

func (p *Units) Init() tea.Cmd    { return nil }
func (p *Units) SetSize(w, h int) { p.width, p.height = w, h }

func (p *Units) ShortHelp() []key.Binding {
	return shortHelp(p.Common, helpQuit(p.Common), p.keys()...)
}

func (p *Units) FullHelp() [][]key.Binding {
	k := p.KeyMap
	return [][]key.Binding{p.keys(), {k.Help, k.Quit, k.ForceQuit}}
}

func (p *Units) keys() []key.Binding {
	k := p.KeyMap
	county := pair(k.Left, k.Right, p.T("上一个/下一个县", "previous/next county"))
	if done(p.s.Ceremony()) {
		// reviewing a sealed ceremony
		back := pair(k.Enter, k.Back, p.T("返回封存页", "back to the seal"))
		return []key.Binding{back, county, reviewTeams(p.Common), k.Projector}
	}
	return []key.Binding{withHelp(k.Enter, p.T("抽取下一步", "draw next")), county, k.Projector}
}

func (p *Units) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	c := p.s.Ceremony()
	if done(c) {
		// reviewing a sealed ceremony: esc goes back as enter does, t
		// shows the teams
		switch {
		case key.Matches(km, p.KeyMap.Back):
			return p, common.Open(common.PageSeal, p.s)
		case key.Matches(km, reviewTeams(p.Common)):
			return p, common.Open(common.PageTeams, p.s)
		}
	}
	switch {
	case key.Matches(km, p.KeyMap.Left):
		p.cur = max(0, p.cur-1)
	case key.Matches(km, p.KeyMap.Right):
		p.cur = min(len(c.Result.Units)-1, p.cur+1)
	case key.Matches(km, p.KeyMap.Enter):
		switch c.Phase {
		case sampling.PhaseUnits:
			if err := p.s.Next(); err != nil {
				return p, common.Error(fmt.Errorf("%s: %w", p.T("抽取调查单位失败", "drawing the units failed"), err))
			}
			p.cur = len(p.s.Ceremony().Result.Units) - 1
		case sampling.PhaseTeams:
			if err := p.s.Next(); err != nil {
				return p, common.Error(fmt.Errorf("%s: %w", p.T("抽取检查组失败", "drawing the teams failed"), err))
			}
			return p, common.Open(common.PageTeams, p.s)
		default:
			return p, common.Open(common.PageFor(c), p.s)
		}
	}
	return p, nil
}

func (p *Units) View() string {
	c := p.s.Ceremony()
	st := p.Styles
	ix := newIndex(c.Frame)
	counties := sampling.Drawn(c.Result.Counties)
	if len(c.Result.Units) == 0 {
		return st.Subtle.Render(p.T("还没有抽取调查单位", "no units drawn yet"))
	}
	ud := c.Result.Units[p.cur]
	alts := len(ud.Picks) - len(sampling.Drawn(ud.Picks))
	name := ix.countyName(ud.County)
	head := join(
		st.Title.Render(p.T(fmt.Sprintf("第二阶段:抽取调查单位  第 %d/%d 个县(市、区)", p.cur+1, len(counties)),
			fmt.Sprintf("Stage 2: units  county %d of %d", p.cur+1, len(counties)))+"  "+p.s.ID()),
		wrap(st.Header, p.T(fmt.Sprintf("从 %s %s 的 %d 个合格单位中以%s抽取 %d 个,备选 %d 个", ud.County, keep(name), ix.eligible[ud.County], methodName(p.Lang, ud.Method), ud.Take, alts),
			fmt.Sprintf("Draw %d of the %d eligible units of %s %s, %s, %d alternates", ud.Take, ix.eligible[ud.County], ud.County, keep(name), methodName(p.Lang, ud.Method), alts)), p.width, 2),
	)
	if ud.Start != "" {
		head = join(head, wrap(st.Subtle, p.T("随机起点 u = 0.", "random start u = 0.")+ud.Start, p.width, 2))
	}
	t := components.Table{
		Headers: []string{p.T("序号", "rank"), p.T("单位代码", "unit code"), p.T("单位名称", "name"),
			p.T("类别", "category"), p.T("签号", "ticket"), ""},
		HeadStyle: st.TableHead, Flex: 2, Right: map[int]bool{0: true}, Wrap: true,
	}
	var alt []bool
	out, in := substituted(c, sampling.SubstituteUnit, ud.County)
	for _, pk := range ud.Picks {
		u := ix.units[pk.ID]
		mark := altMark(p.Lang, pk)
		if _, ok := in[pk.ID]; ok {
			mark = p.T("替入", "came in")
		}
		if _, ok := out[pk.ID]; ok {
			mark = p.T("已替换", "replaced")
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(pk.Rank), pk.ID, u.Name, u.Category, narrowTicket(p.Lang, pk, p.width), mark})
		_, gone := out[pk.ID]
		_, came := in[pk.ID]
		alt = append(alt, pk.Alternate && !came || gone)
	}
	t.RowStyle = styleFor(p.Common, alt)
	subs := substitutionLines(p.Common, c, sampling.SubstituteUnit, ud.County, func(id string) string { return ix.units[id].Name })
	var hint string
	switch c.Phase {
	case sampling.PhaseUnits:
		next := counties[len(c.Result.Units)]
		hint = p.T("按 enter 抽取 "+ix.countyName(next.ID)+" 的调查单位", "Press enter to draw the units of "+ix.countyName(next.ID))
	case sampling.PhaseTeams:
		hint = p.T("各县调查单位已抽取完毕。按 enter 抽取检查组", "Every county's units are drawn. Press enter to draw the teams")
	}
	var done []string
	for i, u := range c.Result.Units {
		name := ix.countyName(u.County)
		if i == p.cur {
			name = "[" + name + "]"
		}
		done = append(done, keep(name))
	}
	nav := wrap(st.Subtle, p.T("已抽取: ", "drawn: ")+strings.Join(done, "  "), p.width, 2)
	var subLines []string
	for _, l := range subs {
		subLines = append(subLines, wrap(st.Warn, l, p.width, 2))
	}
	foot := join(join(subLines...), "", nav, wrap(st.Subtle, hint, p.width, 0))
	// Names wrap onto a second line rather than being cut, as long as
	// every row still fits the screen; otherwise they are cut.
	table := t.Render(p.width)
	if height(head)+1+height(table)+height(foot) > p.height {
		t.Wrap = false
		table = t.Render(p.width)
	}
	return clip(join(head, "", table, foot), p.height)
}
