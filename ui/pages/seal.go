package pages

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/sampling"
	"shuangsui/store/safefile"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// Seal shows a finished ceremony: the verification code large, what was
// drawn in brief, and keys to write the witness sheet and export the
// record, and to choose the folder they go to (f). An abandoned ceremony
// shows its reason.
type Seal struct {
	*common.Common
	width, height        int
	s                    common.Session
	viewUnits, viewTeams key.Binding // back to the draw screens, to show them again
	substitute           key.Binding
	folder               folderDialog
	subst                substDialog
}

// NewSeal shows session s once sealed or abandoned.
func NewSeal(c *common.Common, s common.Session) *Seal {
	return &Seal{Common: c, s: s, viewUnits: reviewUnits(c), viewTeams: reviewTeams(c),
		substitute: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", c.T("替换单位或执法人员", "substitute")))}
}

// reviewUnits and reviewTeams switch between the units and the teams of a
// sealed ceremony.
func reviewUnits(c *common.Common) key.Binding {
	return key.NewBinding(key.WithKeys("u"), key.WithHelp("u", c.T("抽中单位", "units")))
}

func reviewTeams(c *common.Common) key.Binding {
	return key.NewBinding(key.WithKeys("t"), key.WithHelp("t", c.T("检查组", "teams")))
}

func (p *Seal) Init() tea.Cmd    { return nil }
func (p *Seal) Typing() bool     { return p.folder.open || p.subst.open }
func (p *Seal) SetSize(w, h int) { p.width, p.height = w, h }

func (p *Seal) ShortHelp() []key.Binding {
	if p.folder.open || p.subst.open {
		return dialogHelp(p.Common)
	}
	k := p.KeyMap
	home := pair(k.Enter, k.Back, p.T("返回首页", "home"))
	if p.s.Ceremony().Phase != sampling.PhaseSealed {
		return shortHelp(p.Common, helpQuit(p.Common), home, withHelp(k.Sheet, p.T("打印抽取前见证页", "pre-draw sheet")), k.Export, k.Folder, k.Projector)
	}
	return shortHelp(p.Common, helpQuit(p.Common), home, k.Sheet, k.Export, k.Results, p.substitute, k.Projector, p.viewUnits, p.viewTeams, k.Folder)
}

func (p *Seal) FullHelp() [][]key.Binding {
	if p.folder.open || p.subst.open {
		return [][]key.Binding{dialogHelp(p.Common)}
	}
	k := p.KeyMap
	home := []key.Binding{pair(k.Enter, k.Back, p.T("返回首页", "home"))}
	end := []key.Binding{k.Projector, k.Help, k.Quit, k.ForceQuit}
	if p.s.Ceremony().Phase != sampling.PhaseSealed {
		return [][]key.Binding{append(home, withHelp(k.Sheet, p.T("打印抽取前见证页", "pre-draw sheet")), k.Export, k.Folder), end}
	}
	return [][]key.Binding{append(home, k.Sheet, k.Export, k.Folder), {k.Results, p.substitute, p.viewUnits, p.viewTeams}, end}
}

func (p *Seal) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.folder.open {
		return p, p.folder.update(p.Common, km)
	}
	if p.subst.open {
		return p, p.subst.update(p.Common, p.s, km)
	}
	switch {
	case key.Matches(km, p.substitute) && done(p.s.Ceremony()):
		p.subst.show(p.Common, p.s.Ceremony())
	case key.Matches(km, p.KeyMap.Folder):
		p.folder.show(p.Common)
	case key.Matches(km, p.KeyMap.Enter, p.KeyMap.Back):
		return p, common.Open(common.PageHome, nil)
	case key.Matches(km, p.KeyMap.Export):
		path, err := p.export()
		if err != nil {
			return p, common.Error(fmt.Errorf("%s: %w", p.T("导出记录失败", "exporting the record failed"), err))
		}
		return p, common.Status(p.T("记录已导出: ", "record exported: ") + path)
	case key.Matches(km, p.KeyMap.Sheet):
		return p, p.sheet()
	case key.Matches(km, p.viewUnits) && done(p.s.Ceremony()):
		return p, common.Open(common.PageUnits, p.s)
	case key.Matches(km, p.viewTeams) && done(p.s.Ceremony()):
		return p, common.Open(common.PageTeams, p.s)
	case key.Matches(km, p.KeyMap.Results):
		if p.s.Ceremony().Phase == sampling.PhaseSealed {
			return p, common.Open(common.PageResults, p.s)
		}
	}
	return p, nil
}

// recordJSONer is implemented by sessions that produce the canonical bytes
// of a record file themselves.
type recordJSONer interface{ RecordJSON() ([]byte, error) }

// export writes the record to <dir>/<id>.record.json, mode 0600, through
// a temporary file so that a half-written record never carries the name.
func (p *Seal) export() (string, error) {
	var data []byte
	if rj, ok := p.s.(recordJSONer); ok {
		b, err := rj.RecordJSON()
		if err != nil {
			return "", err
		}
		data = b
	} else {
		r, err := p.s.Record()
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return "", err
		}
		data = buf.Bytes()
	}
	path := filepath.Join(exportDir(p.Common), p.s.ID()+".record.json")
	return path, safefile.Write(path, data)
}

func (p *Seal) sheet() tea.Cmd { return writeSheet(p.Common, p.s) }

// writeSheet writes the witness sheet the ceremony's phase calls for (the
// pre-draw page once committed, the final sheet once sealed), or, without
// a sheet writer, says which command prints it.
// exportDir is the folder records and sheets are written to, made
// absolute so that the operator is told exactly where they are.
func exportDir(c *common.Common) string {
	dir := c.Backend.ExportDir
	if dir == "" {
		dir = "."
	}
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

func writeSheet(c *common.Common, s common.Session) tea.Cmd {
	dir := exportDir(c)
	if c.Backend.WriteSheet == nil {
		cmd := "shuangsui"
		if c.Backend.DBPath != "" {
			cmd += " --db " + c.Backend.DBPath
		}
		cmd += " sheet " + s.ID()
		return common.Status(c.T("请在命令行运行: ", "run: ") + cmd)
	}
	files, err := c.Backend.WriteSheet(dir, s.ID(), s.Ceremony())
	if err != nil {
		return common.Error(fmt.Errorf("%s: %w", c.T("生成见证记录单失败", "writing the witness sheet failed"), err))
	}
	return common.Status(c.T("见证记录单已生成(文件夹 ", "witness sheet written (folder ") + dir + "): " + baseNames(files))
}

func (p *Seal) View() string {
	c := p.s.Ceremony()
	st := p.Styles
	if c.Phase == sampling.PhaseAbandoned {
		return join(st.Title.Render(p.T("仪式已放弃", "Ceremony abandoned")+"  "+p.s.ID()), "",
			wrap(lipgloss.NewStyle(), p.T("理由: ", "Reason: ")+c.Abandoned, p.width, 2), "",
			wrap(st.Subtle, p.T("w 打印抽取前见证记录   enter 返回首页", "w pre-draw sheet   enter home"), p.width, 0))
	}
	if c.Phase != sampling.PhaseSealed {
		return st.Subtle.Render(p.T("尚未封存", "not sealed yet"))
	}
	ix := newIndex(c.Frame)
	var sealedAt string
	for _, s := range c.Steps {
		if s.Kind == sampling.StepSeal {
			sealedAt = s.At
		}
	}
	code := c.VerificationCode()
	head := join(
		st.Title.Render(p.T("抽取已封存", "Sealed")+"  "+p.s.ID()+"  "+sealedAt),
		wrap(st.Label, p.T("校验码(打印在见证记录每一页):", "Verification code (printed on every page of the sheet):"), p.width, 0),
	)
	var counties []string
	for _, pk := range sampling.Drawn(c.Result.Counties) {
		counties = append(counties, keep(ix.countyName(pk.ID)))
	}
	units := 0
	for _, u := range c.Result.Units {
		units += len(sampling.Drawn(u.Picks))
	}
	amended := ""
	if n := len(c.Substitutions); n > 0 {
		amended = join(wrap(st.Warn, p.T(fmt.Sprintf("已替换 %d 次, 修订校验码(打印在替换修订记录每一页):", n),
			fmt.Sprintf("substituted %d time%s, amended code (printed on every page of the amendment sheet):", n, plural(n))), p.width, 0),
			wrap(st.Warn, components.Group(c.AmendedHead(), 4), p.width, 0))
	}
	foot := join(
		wrap(st.Value, components.Group(code, 4), p.width, 0),
		amended,
		"",
		wrap(lipgloss.NewStyle(), p.T(fmt.Sprintf("抽中县(市、区): %s;调查单位 %d 个;检查组 %d 个", strings.Join(counties, "、"), units, len(c.Result.Teams)),
			fmt.Sprintf("Counties: %s; %d unit%s; %d team%s", strings.Join(counties, ", "), units, plural(units), len(c.Result.Teams), plural(len(c.Result.Teams)))), p.width, 2),
		wrap(st.Subtle, p.T("w 打印见证记录单  e 导出记录(JSON)  f 输出文件夹  o 检查结果与公示  s 替换  u/t 再看单位/检查组  enter 首页",
			"w witness sheet   e export record (JSON)   f folder   o results   s substitute   u/t units/teams   enter home"), p.width, 0),
	)
	if p.folder.open {
		foot = p.folder.view(p.Common, p.width)
	}
	if p.subst.open {
		return clip(join(head, p.subst.view(p.Common, p.width, p.height-height(head))), p.height)
	}
	room := p.height - height(head) - height(foot) - 1
	return clip(join(head, fingerprintBig(p.Common, code, p.width, room), foot), p.height)
}

func baseNames(files []string) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	return strings.Join(names, ", ")
}

// done reports whether a ceremony is sealed: its draw screens only show.
func done(c *sampling.Ceremony) bool { return c.Phase == sampling.PhaseSealed }
