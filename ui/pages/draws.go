package pages

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/sampling"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// revealTick paces the reveal of the counties. The outcome is already
// committed when the first tick fires; the animation only shows it.
type revealTick struct{ gen int }

const (
	tickEvery     = 80 * time.Millisecond
	ticksPerPick  = 8
	rollingDigits = "0123456789"
)

// Counties shows the seed before stage 1, then reveals the drawn counties
// one by one with their ticket digits.
type Counties struct {
	*common.Common
	width, height int
	s             common.Session
	shown         int // picks revealed so far
	tick          int // ticks into the current pick
	gen           int
	animating     bool
	big           string // the text drawn big in the last View, for tests
}

// Big is the text the big digits show ("" when none): only ever drawn
// counties.
func (p *Counties) Big() string { return p.big }

// NewCounties shows session s before or after stage 1.
func NewCounties(c *common.Common, s common.Session) *Counties {
	p := &Counties{Common: c, s: s}
	p.shown = len(s.Ceremony().Result.Counties)
	return p
}

func (p *Counties) Init() tea.Cmd    { return nil }
func (p *Counties) SetSize(w, h int) { p.width, p.height = w, h }

func (p *Counties) ShortHelp() []key.Binding {
	k := p.KeyMap
	enter := withHelp(k.Enter, p.T("抽取", "draw"))
	if p.animating {
		return shortHelp(p.Common, helpQuit(p.Common), k.Skip, k.Projector)
	}
	return shortHelp(p.Common, helpQuit(p.Common), enter, k.Animate, k.Projector)
}

func (p *Counties) FullHelp() [][]key.Binding {
	k := p.KeyMap
	return [][]key.Binding{{withHelp(k.Enter, p.T("抽取", "draw")), k.Skip, k.Animate}, {k.Projector, k.Help, k.Quit, k.ForceQuit}}
}

func (p *Counties) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case revealTick:
		if msg.gen != p.gen || !p.animating {
			return p, nil
		}
		p.tick++
		if p.tick >= ticksPerPick {
			p.tick = 0
			p.shown++
		}
		if p.shown >= len(p.s.Ceremony().Result.Counties) {
			p.animating = false
			return p, nil
		}
		return p, p.next()
	case tea.KeyMsg:
		if p.animating {
			if key.Matches(msg, p.KeyMap.Skip, p.KeyMap.Enter) {
				p.finish()
			}
			return p, nil
		}
		switch {
		case key.Matches(msg, p.KeyMap.Animate):
			p.Animate = !p.Animate
			return p, common.Status(p.T("揭晓动画: ", "reveal animation: ") + onOff(p.Common, p.Animate))
		case key.Matches(msg, p.KeyMap.Enter):
			return p, p.draw()
		}
	}
	return p, nil
}

func onOff(c *common.Common, v bool) string {
	if v {
		return c.T("开", "on")
	}
	return c.T("关", "off")
}

func (p *Counties) next() tea.Cmd {
	gen := p.gen
	return tea.Tick(tickEvery, func(time.Time) tea.Msg { return revealTick{gen: gen} })
}

func (p *Counties) finish() {
	p.animating = false
	p.gen++
	p.shown = len(p.s.Ceremony().Result.Counties)
}

// draw commits stage 1, or, once it is drawn, the units of the first
// county.
func (p *Counties) draw() tea.Cmd {
	c := p.s.Ceremony()
	switch c.Phase {
	case sampling.PhaseCounties:
		if err := p.s.Next(); err != nil {
			return common.Error(fmt.Errorf("%s: %w", p.T("抽取县(市、区)失败", "drawing the counties failed"), err))
		}
		if !p.Animate {
			p.shown = len(p.s.Ceremony().Result.Counties)
			return nil
		}
		p.shown, p.tick, p.animating = 0, 0, true
		p.gen++
		return p.next()
	case sampling.PhaseUnits:
		if err := p.s.Next(); err != nil {
			return common.Error(fmt.Errorf("%s: %w", p.T("抽取调查单位失败", "drawing the units failed"), err))
		}
		return common.Open(common.PageUnits, p.s)
	}
	return common.Open(common.PageFor(c), p.s)
}

func (p *Counties) View() string {
	c := p.s.Ceremony()
	st := p.Styles
	if c.Phase == sampling.PhaseCounties {
		head := join(
			st.Title.Render(p.T("随机种子已生成", "Seed fixed")+"  "+p.s.ID()),
			wrap(st.Label, p.T("随机种子 S(各见证人数字按登记顺序以 - 连接):", "Seed S (the witnesses' digits joined by - in order):"), p.width, 0),
		)
		foot := join(
			wrap(st.Value, "S = "+c.Seed, p.width, 4),
			wrap(lipgloss.NewStyle(), "F = "+components.Group(c.Fingerprint, 4), p.width, 4),
			"",
			wrap(st.Subtle, p.T(fmt.Sprintf("按 enter 抽取 %d 个县(市、区)", c.Frame.Params.Counties),
				fmt.Sprintf("Press enter to draw %d counties", c.Frame.Params.Counties)), p.width, 0),
		)
		room := p.height - height(head) - height(foot) - 1
		return clip(join(head, bigSeed(p.Common, c.Seed, p.width, room), foot), p.height)
	}
	ix := newIndex(c.Frame)
	picks := c.Result.Counties
	drawn := sampling.Drawn(picks)
	k := len(drawn)
	head := st.Title.Render(countiesTitle(p.Common, ix, c.Frame.Params.Counties, len(picks)-k) + "  " + p.s.ID())
	// The big line shows only drawn counties, never an alternate: rolling
	// digits while a drawn county is being revealed, then the newest drawn
	// county, and once the stage is complete the summary of every drawn
	// county; the alternates are named small and dim below it.
	var bigText, caption string
	var shownDrawn []sampling.Pick
	for _, pk := range picks[:p.shown] {
		if !pk.Alternate {
			shownDrawn = append(shownDrawn, pk)
		}
	}
	switch {
	case p.animating && !picks[p.shown].Alternate:
		bigText = rolling(p.tick+p.shown*ticksPerPick, 6)
		caption = st.Subtle.Render(p.T(fmt.Sprintf("正在揭晓第 %d 个抽中的县(市、区)...", p.shown+1), fmt.Sprintf("revealing drawn county %d...", p.shown+1)))
	case p.animating:
		bigText = lastID(shownDrawn)
		caption = st.Subtle.Render(p.T(fmt.Sprintf("抽中 %d 个已揭晓;正在列出备选(仅在替换时使用)...", k), fmt.Sprintf("%d drawn; listing the alternates (used only for substitutions)...", k)))
	case p.shown == len(picks) && k > 0:
		var ids []string
		for _, pk := range drawn {
			ids = append(ids, pk.ID)
		}
		bigText = strings.Join(ids, " ")
		caption = countiesSummary(p.Common, ix, picks, p.width)
	case len(shownDrawn) > 0:
		last := shownDrawn[len(shownDrawn)-1]
		bigText = last.ID
		caption = st.Value.Render(fmt.Sprintf("%d. %s %s", last.Rank, last.ID, ix.countyName(last.ID)))
	}
	t := components.Table{
		Headers:   []string{p.T("序号", "rank"), p.T("代码", "code"), p.T("县(市、区)", "county"), p.T("合格单位", "eligible"), p.T("签号", "ticket"), ""},
		HeadStyle: st.TableHead, Flex: 2, Right: map[int]bool{0: true, 3: true},
	}
	var alt []bool
	for _, pk := range picks[:p.shown] {
		t.Rows = append(t.Rows, []string{strconv.Itoa(pk.Rank), pk.ID, ix.countyName(pk.ID), strconv.Itoa(ix.eligible[pk.ID]), ticket(p.Lang, pk), altMark(p.Lang, pk)})
		alt = append(alt, pk.Alternate)
	}
	t.RowStyle = styleFor(p.Common, alt)
	table := t.Render(p.width)
	hint := ""
	if !p.animating && c.Phase == sampling.PhaseUnits {
		first := sampling.Drawn(picks)[len(c.Result.Units)]
		hint = wrap(st.Subtle, p.T("按 enter 抽取 "+ix.countyName(first.ID)+" 的调查单位", "Press enter to draw the units of "+ix.countyName(first.ID)), p.width, 0)
	}
	room := p.height - height(head) - height(table) - height(caption) - height(hint) - 3
	big := ""
	if bigText != "" && room >= components.BigHeight {
		big = bigBlock(p.Common, bigText, p.width, room)
	}
	p.big = bigText
	return clip(join(head, "", big, caption, "", table, "", hint), p.height)
}

// lastID is the id of the last pick, "" when there is none.
func lastID(picks []sampling.Pick) string {
	if len(picks) == 0 {
		return ""
	}
	return picks[len(picks)-1].ID
}

// countiesTitle says what stage 1 draws, from what pool, how many.
func countiesTitle(c *common.Common, ix index, take, alternates int) string {
	pool := 0
	for _, n := range ix.eligible {
		if n > 0 {
			pool++
		}
	}
	return c.T(fmt.Sprintf("第一阶段:从 %d 个有合格单位的县(市、区)中抽取 %d 个,备选 %d 个", pool, take, alternates),
		fmt.Sprintf("Stage 1: draw %d of the %d counties with eligible units, %d alternates", take, pool, alternates))
}

// countiesSummary is the settled line under the big digits once stage 1
// is complete: the drawn counties by name, then the alternates, dimmer.
func countiesSummary(c *common.Common, ix index, picks []sampling.Pick, width int) string {
	var drawn, alts []string
	for _, pk := range picks {
		name := keep(pk.ID + " " + ix.countyName(pk.ID))
		if pk.Alternate {
			alts = append(alts, name)
		} else {
			drawn = append(drawn, name)
		}
	}
	out := wrap(c.Styles.Value, c.T("抽中: ", "Drawn: ")+strings.Join(drawn, c.T("、", ", ")), width, 2)
	if len(alts) > 0 {
		out = join(out, wrap(c.Styles.Alternate, c.T("备选(仅在替换时依次使用): ", "Alternates (used only for substitutions, in order): ")+strings.Join(alts, c.T("、", ", ")), width, 2))
	}
	return out
}

// rolling is the suspense display: digits that change every tick. It is
// drawn from the tick counter only and has no bearing on the draw.
func rolling(n, width int) string {
	b := make([]byte, width)
	for i := range b {
		b[i] = rollingDigits[(n*7+i*3+n*i)%10]
	}
	return string(b)
}

// bigSeed draws the seed big, wrapping at its dashes.
func bigSeed(c *common.Common, seed string, width, room int) string {
	text := strings.ReplaceAll(seed, "-", " - ")
	if out, ok := components.BigFit(text, width, room, bigScale(c), c.Styles.BigAdapt); ok {
		return out
	}
	// Too long for one screen: group the digits in fours.
	if out, ok := components.BigFit(components.Group(strings.ReplaceAll(seed, "-", ""), 4), width, room, 1, c.Styles.BigAdapt); ok {
		return out
	}
	return ""
}
