package pages

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

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

// poolText is the pool column of a pool's first row: which pool, how many
// inspectors it holds.
func poolText(c *common.Common, leaders bool, size int) string {
	if leaders {
		return c.T(fmt.Sprintf("组长池 %d 人", size), fmt.Sprintf("leaders: %d", size))
	}
	return c.T(fmt.Sprintf("组员池 %d 人", size), fmt.Sprintf("members: %d", size))
}

// skipText says why an inspector with a smaller ticket was passed over.
func skipText(c *common.Common, why string) string {
	switch why {
	case sampling.SkipLeader:
		return c.T("已任组长", "leads a team")
	case sampling.SkipRecused:
		return c.T("回避本县", "recused here")
	case sampling.SkipOtherTeam:
		return c.T("已在他组", "in another team")
	}
	return why
}

// teamTables draws each county's team from its two pools: the leader pool
// and the member pool, labelled with their sizes, each in its own ticket
// order, with every inspector passed over before the last pick and why;
// alternates and replaced inspectors dimmer, who came in by substitution
// after the pool.
func teamTables(c *common.Common, cer *sampling.Ceremony, width int) string {
	ix := newIndex(cer.Frame)
	pools := sampling.ExplainTeams(cer.Frame, cer.Seed, cer.Fingerprint, cer.Result.Units, cer.Result.Teams)
	out, in := substituted(cer, sampling.SubstituteInspector, "")
	memberOf := map[string]string{}
	for _, tm := range cer.Result.Teams {
		for _, m := range tm.Members {
			memberOf[m.ID] = tm.County
		}
	}
	var blocks []string
	for i, tm := range cer.Result.Teams {
		tp := pools[i]
		t := components.Table{
			Headers:   []string{c.T("人员池", "pool"), c.T("角色", "role"), c.T("姓名", "name"), c.T("执法证号", "certificate"), c.T("签号", "ticket"), ""},
			HeadStyle: c.Styles.TableHead, Flex: 5,
		}
		var dim []bool
		row := func(pool, role, id, tk, note string, isDim bool) {
			if _, gone := out[id]; gone && id != "" {
				role += c.T("(已替换)", " (replaced)")
				isDim = true
			}
			t.Rows = append(t.Rows, []string{pool, role, ix.inspectors[id].Name, id, tk, note})
			dim = append(dim, isDim)
		}
		short := func(tk string) string {
			return narrowTicket(c.Lang, sampling.Pick{Ticket: tk}, width)
		}
		if tp.Designated {
			row(c.T("指定", "designated"), c.T("组长(指定)", "leader (desig.)"), tm.Leader.ID, c.T("指定", "designated"), "", false)
		} else {
			for k, r := range tp.Leaders.Rows {
				pool := ""
				if k == 0 {
					pool = poolText(c, true, tp.Leaders.Size)
				}
				if r.Role == "leader" {
					row(pool, c.T("组长", "leader"), r.ID, short(r.Ticket), "", false)
				} else {
					row(pool, c.T("跳过", "skipped"), r.ID, short(r.Ticket), skipText(c, r.Skip), true)
				}
			}
		}
		for k, r := range tp.Members.Rows {
			pool := ""
			if k == 0 {
				pool = poolText(c, false, tp.Members.Size)
			}
			switch r.Role {
			case "member":
				row(pool, c.T("组员", "member"), r.ID, short(r.Ticket), "", false)
			case "alternate":
				note := ""
				if _, used := in[r.ID]; used {
					note = c.T("已替入", "came in")
				} else if county, ok := memberOf[r.ID]; ok {
					note = c.T("另任"+ix.countyName(county)+"组员", "member for "+ix.countyName(county))
				}
				row(pool, c.T("备选", "alternate"), r.ID, short(r.Ticket), note, true)
			default:
				row(pool, c.T("跳过", "skipped"), r.ID, short(r.Ticket), skipText(c, r.Skip), true)
			}
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
			row("", role, s.In, short(s.Ticket), "", false)
		}
		t.RowStyle = styleFor(c, dim)
		blocks = append(blocks, join(c.Styles.Header.Render(tm.County+" "+ix.countyName(tm.County)), t.Render(width)))
	}
	return strings.Join(blocks, "\n\n")
}

func (p *Teams) View() string {
	c := p.s.Ceremony()
	st := p.Styles
	prm := c.Frame.Params
	head := join(
		st.Title.Render(p.T(fmt.Sprintf("第三阶段:抽取检查组 %d 个,每组组长 1 名、组员 %d 名,备选 %d 名", len(c.Result.Teams), prm.Members, prm.Alternates),
			fmt.Sprintf("Stage 3: %d teams, each 1 leader and %d %s, %d alternates", len(c.Result.Teams), prm.Members, "member"+plural(prm.Members), prm.Alternates))+"  "+p.s.ID()),
		wrap(st.Subtle, p.T("组长从组长池(具组长资格、可到该县检查)、组员从组员池(可到该县检查、未任组长、不在先抽的组)各按签号从小到大抽取;签号更小而未入选者注明原因。",
			"Leaders come from the leader pool (leader-qualified, may inspect the county), members from the member pool (may inspect it, lead no team, in no earlier team), each in ticket order, smallest first; anyone passed over says why."), p.width, 0),
	)
	hint := ""
	if c.Phase == sampling.PhaseSeal {
		hint = wrap(st.Subtle, p.T("抽取完毕。按 enter 核对并封存记录", "The draw is complete. Press enter to review and seal the record"), p.width, 0)
	}
	ix := newIndex(c.Frame)
	subs := substitutionLines(p.Common, c, sampling.SubstituteInspector, "", func(id string) string { return ix.inspectors[id].Name })
	for _, l := range subs {
		hint = join(hint, wrap(st.Warn, l, p.width, 2))
	}
	if p.confirm.open {
		return clip(join(head, "", p.confirm.view(p.Common, p.width, p.T("确认封存抽取记录?", "Seal the record now?"), sealFixes(p.Common, c, p.width-6))), p.height)
	}
	body := teamTables(p.Common, c, p.width)
	room := p.height - height(head) - height(hint) - 1
	lines := strings.Split(body, "\n")
	if len(lines) > room && room > 1 {
		p.scroll = max(0, min(p.scroll, len(lines)-room))
		more := p.T(fmt.Sprintf("(up/down 滚动,第 %d-%d 行,共 %d 行)", p.scroll+1, p.scroll+room-1, len(lines)), fmt.Sprintf("(up/down scrolls: lines %d-%d of %d)", p.scroll+1, p.scroll+room-1, len(lines)))
		lines = append(lines[p.scroll:p.scroll+room-1], st.Subtle.Render(more))
	}
	return clip(join(head, strings.Join(lines, "\n"), hint), p.height)
}
