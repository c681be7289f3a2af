// Package pages holds the screens of the terminal ceremony, one file per
// screen: Home, Setup, Commit, Witnesses, Counties, Units, Teams and Seal.
// Each is a tea.Model with its own help and size (common.Component); the
// root model in ui/app routes messages to the one on show. A screen that
// changes the ceremony calls the Session method and moves on only when it
// returns nil; otherwise the error goes to the status line.
package pages

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
	"shuangsui/ui/lang"
)

// index looks up the names of a frame's ids.
type index struct {
	counties   map[string]sampling.County
	units      map[string]sampling.Unit
	inspectors map[string]sampling.Inspector
	eligible   map[string]int // eligible units per county
}

func newIndex(f sampling.Frame) index {
	ix := index{
		counties:   map[string]sampling.County{},
		units:      map[string]sampling.Unit{},
		inspectors: map[string]sampling.Inspector{},
		eligible:   map[string]int{},
	}
	for _, c := range f.Counties {
		ix.counties[c.ID] = c
	}
	for _, u := range f.Units {
		ix.units[u.ID] = u
		ix.eligible[u.County]++
	}
	for _, in := range f.Inspectors {
		ix.inspectors[in.ID] = in
	}
	return ix
}

func (ix index) countyName(id string) string {
	if c, ok := ix.counties[id]; ok && c.Name != "" {
		return c.Name
	}
	return id
}

// PhaseName describes a ceremony phase.
func PhaseName(l lang.Lang, p sampling.Phase) string {
	switch p {
	case sampling.PhaseNew:
		return l.T("准备", "setup")
	case sampling.PhaseWitnesses:
		return l.T("登记见证人", "witnesses")
	case sampling.PhaseCounties:
		return l.T("抽取县(市、区)", "drawing counties")
	case sampling.PhaseUnits:
		return l.T("抽取调查单位", "drawing units")
	case sampling.PhaseTeams:
		return l.T("抽取检查组", "drawing teams")
	case sampling.PhaseSeal:
		return l.T("待封存", "ready to seal")
	case sampling.PhaseSealed:
		return l.T("已封存", "sealed")
	case sampling.PhaseAbandoned:
		return l.T("已放弃", "abandoned")
	}
	return "?"
}

// stepName describes where a stored ceremony stands from its last step.
func stepName(l lang.Lang, kind string) string {
	switch kind {
	case "":
		return l.T("空", "empty")
	case sampling.StepCommit:
		return l.T("已固定名录库", "frame committed")
	case sampling.StepWitness, sampling.StepWitnessRemove:
		return l.T("见证人登记中", "adding witnesses")
	case sampling.StepSeed:
		return l.T("已生成种子", "seed fixed")
	case sampling.StepCounties:
		return l.T("已抽取县", "counties drawn")
	case sampling.StepUnits:
		return l.T("抽取单位中", "drawing units")
	case sampling.StepTeams:
		return l.T("已抽取检查组", "teams drawn")
	case sampling.StepSeal:
		return l.T("已封存", "sealed")
	case sampling.StepAbandon:
		return l.T("已放弃", "abandoned")
	}
	return kind
}

// reasonName names an exclusion reason.
func reasonName(l lang.Lang, r string, months int) string {
	switch r {
	case store.ExclRemoved:
		return l.T("已移出名录库", "removed from library")
	case store.ExclClosed:
		return l.T("已关闭", "closed")
	case store.ExclDeregistered:
		return l.T("已注销", "deregistered")
	case store.ExclInactiveCounty:
		return l.T("所在县未启用", "county inactive")
	case store.ExclOutOfScopeCategory:
		return l.T("类别不在事项范围", "category out of scope")
	case store.ExclNotDirectReporting:
		return l.T("非联网直报", "not direct-reporting")
	case store.ExclInspectedRecently:
		return l.T(fmt.Sprintf("%d个月内已检查", months), fmt.Sprintf("inspected within %d months", months))
	case store.ExclDrawnRecently:
		return l.T(fmt.Sprintf("%d个月内已抽中", months), fmt.Sprintf("drawn within %d months", months))
	case store.ExclNotDirected:
		return l.T("不属定向检查对象", "not in the directed frame")
	}
	return r
}

func methodName(l lang.Lang, m string) string {
	if m == sampling.MethodSystematic {
		return l.T("随机等距抽样", "systematic")
	}
	return l.T("简单随机抽样", "simple random")
}

// ticket shows the start of a pick's ticket, or its position for a
// systematic pick.
func ticket(l lang.Lang, p sampling.Pick) string {
	if p.Ticket == "" {
		if p.Position > 0 {
			return l.T(fmt.Sprintf("第%d位", p.Position), fmt.Sprintf("pos %d", p.Position))
		}
		return l.T("指定", "designated")
	}
	if len(p.Ticket) > 14 {
		return p.Ticket[:14]
	}
	return p.Ticket
}

// narrowTicket is ticket for a narrow screen: "0." and 8 digits, which
// still order the picks on screen (the sheet prints them whole).
func narrowTicket(l lang.Lang, p sampling.Pick, width int) string {
	t := ticket(l, p)
	if width < 100 && p.Ticket != "" && len(t) > 10 {
		return t[:10]
	}
	return t
}

func altMark(l lang.Lang, p sampling.Pick) string {
	if p.Alternate {
		return l.T("备选", "alternate")
	}
	return ""
}

// columns puts two blocks side by side, the left one padded to lw cells.
func columns(left, right string, lw, gap int) string {
	ll := strings.Split(left, "\n")
	rl := strings.Split(right, "\n")
	n := max(len(ll), len(rl))
	out := make([]string, n)
	for i := range n {
		l, r := "", ""
		if i < len(ll) {
			l = ll[i]
		}
		if i < len(rl) {
			r = rl[i]
		}
		out[i] = strings.TrimRight(components.Fit(l, lw, false)+strings.Repeat(" ", gap)+r, " ")
	}
	return strings.Join(out, "\n")
}

// bigBlock draws text big when it fits width×height (at a larger scale in
// projector mode), else returns it as plain bold text.
func bigBlock(c *common.Common, text string, width, height int) string {
	maxScale := 1
	if c.Projector {
		maxScale = 4
	}
	if out, ok := components.BigFit(text, width, height, maxScale, c.Styles.BigAdapt); ok {
		return out
	}
	return c.Styles.Value.Bold(true).Render(text)
}

// height counts the lines of a block.
func height(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}

// clip keeps the first h lines of s.
func clip(s string, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// window keeps h lines of s around line focus.
func window(s string, h, focus int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= h || h <= 0 {
		return clip(s, h)
	}
	start := max(0, min(focus-h/2, len(lines)-h))
	return strings.Join(lines[start:start+h], "\n")
}

// dialogBox draws a dialog of the screens (abandon, output folder) in a
// frame width-4 cells wide: its title, what it does, its input field and
// its keys.
func dialogBox(c *common.Common, width int, title, text, field, keys string) string {
	return c.Styles.Dialog.Width(max(20, width-4)).Render(join(title, text, field, c.Styles.Subtle.Render(keys)))
}

func join(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "\n")
}

// kindLine names a directed or joint check (SPEC.md §12) before its
// parameters: "定向检查(重点单位):名录中 12 个单位全部检查;"; "" for an
// ordinary draw.
func kindLine(l lang.Lang, f sampling.Frame) string {
	if f.Directed == nil && f.Partner == "" {
		return ""
	}
	zh, en := store.CheckKind(f.Directed, f.Partner)
	if f.Directed != nil {
		return l.T(fmt.Sprintf("%s:名录中 %d 个单位全部检查;", zh, len(f.Units)), fmt.Sprintf("%s: all %d units of the frame are inspected; ", en, len(f.Units)))
	}
	return l.T(zh+";", en+"; ")
}

// paramsLine summarises the draw parameters, naming the counties of the
// per-county unit counts.
func paramsLine(l lang.Lang, ix index, p sampling.Params) string {
	leader := l.T("组长随机抽取", "leaders drawn")
	if len(p.Leaders) > 0 {
		leader = l.T(fmt.Sprintf("指定组长 %d 名", len(p.Leaders)), fmt.Sprintf("%d designated leaders", len(p.Leaders)))
	}
	members := "members"
	if p.Members == 1 {
		members = "member"
	}
	s := l.T(fmt.Sprintf("抽 %d 个县(市、区),每县 %d 个单位,%s,每组组长 1 名 + 组员 %d 名,%s,备选 %d",
		p.Counties, p.UnitsPerCounty, methodName(l, p.Method), p.Members, leader, p.Alternates),
		fmt.Sprintf("%d counties, %d units each, %s, 1 leader + %d %s per team, %s, %d alternates",
			p.Counties, p.UnitsPerCounty, methodName(l, p.Method), p.Members, members, leader, p.Alternates))
	if len(p.UnitsOverride) > 0 {
		var o []string
		for _, c := range p.UnitsOverride {
			o = append(o, keep(fmt.Sprintf("%s=%d", ix.countyName(c.County), c.Units)))
		}
		s += l.T(","+keep("各县单位数")+" ", "; units by county: ") + strings.Join(o, l.T(",", ", "))
	}
	return s
}

// styleFor returns the row style of a pick list: alternates dimmer.
func styleFor(c *common.Common, alt []bool) func(int) lipgloss.Style {
	return func(i int) lipgloss.Style {
		if i < len(alt) && alt[i] {
			return c.Styles.Alternate
		}
		return lipgloss.NewStyle()
	}
}

// refused says why a field did not take a key, nil when it took it.
func refused(c *common.Common, f *components.Field) tea.Cmd {
	switch f.Refused {
	case components.RefusedNotDigit:
		return common.Error(errors.New(c.T("只能输入数字 0-9", "digits 0-9 only")))
	case components.RefusedTooLarge:
		return common.Error(fmt.Errorf(c.T("最大为 %d", "at most %d"), f.Max))
	}
	return nil
}

// StageName names the stage the screen on show belongs to, for the
// header: the stage the witnesses are watching, not the next one.
func StageName(l lang.Lang, p common.Page, c *sampling.Ceremony) string {
	switch p {
	case common.PageCommit:
		return l.T("固定名录库", "frame fixed")
	case common.PageWitnesses:
		return l.T("登记见证人", "witnesses")
	case common.PageCounties:
		if c.Phase == sampling.PhaseCounties {
			return l.T("随机种子已生成", "seed fixed")
		}
		return l.T("第一阶段 抽取县(市、区)", "stage 1 counties")
	case common.PageUnits:
		return l.T("第二阶段 抽取调查单位", "stage 2 units")
	case common.PageTeams:
		return l.T("第三阶段 抽取检查组", "stage 3 teams")
	case common.PageResults:
		return l.T("检查结果", "results")
	}
	return PhaseName(l, c.Phase)
}
