// Package coverage is the screen of the coverage plan of one year (seed
// plan 三(三)–(五), computed by store.DB.CoverageOf): per county and
// overall, the frame size, the units inspected in the year and their share
// against the 5 % floor (flagged when below), key units not inspected this
// year and seriously dishonest units not inspected this half-year; then
// the rounds held against the two a year and the inspectors with fewer than
// 2 training days. Left and right change the year (this year by default,
// from Backend.Now); x exports the plan as .xlsx with store/report into the
// export folder and shows the absolute path.
//
// The screen follows ui/common: it embeds *common.Common and is a
// common.Component (tea.Model, help.KeyMap, SetSize).
package coverage

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/store"
	"shuangsui/store/report"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
	"shuangsui/ui/textwrap"
)

// Model is the coverage screen.
type Model struct {
	*common.Common
	width, height int
	year          int
	cv            store.Coverage
	err           error
	top           int    // first line shown when the plan is taller than the screen
	exported      string // the file last written
}

// New shows the plan of the backend's current year.
func New(c *common.Common) *Model {
	now := time.Now
	if c.Backend != nil && c.Backend.Now != nil {
		now = c.Backend.Now
	}
	m := &Model{Common: c, year: now().Year()}
	m.load()
	return m
}

// asOf is today within this year, else the year's last day (which picks
// its second half-year).
func (m *Model) asOf() string {
	today, y := m.Today(), strconv.Itoa(m.year)
	if strings.HasPrefix(today, y+"-") {
		return today
	}
	return y + "-12-31"
}

func (m *Model) load() {
	m.cv, m.err = m.Backend.DB.CoverageOf(m.year, m.asOf())
	if m.err != nil {
		m.err = fmt.Errorf("%s %d: %w", m.T("计算覆盖情况", "computing the coverage of"), m.year, m.err)
	}
	m.top, m.exported = 0, ""
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.KeyMap
	left, right := k.Left, k.Right
	left.SetHelp("left", m.T("上一年", "previous year"))
	right.SetHelp("right", m.T("下一年", "next year"))
	return []key.Binding{left, right, k.Xlsx, k.Up, k.Down, k.Refresh, k.Back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	k := m.KeyMap
	switch {
	case key.Matches(km, k.Left):
		if m.year > 2000 {
			m.year--
			m.load()
		}
	case key.Matches(km, k.Right):
		if m.year < 2100 {
			m.year++
			m.load()
		}
	case key.Matches(km, k.Up):
		m.top = max(0, m.top-1)
	case key.Matches(km, k.Down):
		m.top++
	case key.Matches(km, k.Refresh):
		m.load()
	case key.Matches(km, k.Xlsx):
		return m, m.export()
	case key.Matches(km, k.Back):
		return m, common.Open(common.PageHome, nil)
	}
	return m, nil
}

// Path is where x writes the plan of the year on show: the export folder
// (the working directory when none is set), as an absolute path.
func (m *Model) Path() (string, error) {
	return m.ExportPath(fmt.Sprintf(m.T("%d年抽查覆盖情况.xlsx", "coverage-%d.xlsx"), m.year))
}

func (m *Model) export() tea.Cmd {
	if m.err != nil {
		return common.Error(m.err)
	}
	path, err := m.Path()
	if err != nil {
		return common.Error(err)
	}
	if err := report.ExportCoverage(m.cv, path); err != nil {
		return common.Error(fmt.Errorf("%s %s: %w", m.T("导出覆盖情况", "exporting the coverage to"), path, err))
	}
	m.exported = path
	return common.Status(m.T("已导出到 ", "exported to ") + path)
}

// View implements tea.Model.
func (m *Model) View() string {
	st := m.Styles
	w := max(20, m.width)
	cv := m.cv
	title := st.Title.Render(fmt.Sprintf(m.T("%d 年抽查覆盖情况", "Coverage %d"), m.year)) + "  " +
		st.Subtle.Render(fmt.Sprintf(m.T("截至 %s   left/right 换年度", "as of %s   left/right: year"), cv.AsOf))
	if m.err != nil {
		return title + "\n\n" + textwrap.Render(st.Error, m.err.Error(), w, 0)
	}
	names := map[string]string{}
	for _, c := range cv.Counties {
		names[c.County] = c.Name
	}
	keyBy, dishonestBy := map[string]int{}, map[string]int{}
	for _, u := range cv.KeyNotInspected {
		keyBy[u.County]++
	}
	for _, u := range cv.DishonestNotInspected {
		dishonestBy[u.County]++
	}
	t := components.Table{
		Headers: []string{m.T("县(市、区)", "county"), m.T("企业(基数)", "enterprises"), m.T("已检查", "inspected"), m.T("检查比例", "share"),
			m.T("5%下限", "5% floor"), m.T("尚差", "short"), m.T("重点单位未查", "key not insp."), m.T("失信单位未查", "dishonest not insp."), m.T("状态", "state")},
		HeadStyle: st.TableHead, Flex: 0, Right: map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true},
	}
	var below []bool
	line := func(c store.CountyCoverage, key, dishonest int) {
		state := m.T("达到", "met")
		if c.Short() > 0 {
			state = m.T("未达到 !", "below !")
		}
		t.Rows = append(t.Rows, []string{c.Name, strconv.Itoa(c.Frame), strconv.Itoa(c.Inspected), fmt.Sprintf("%.1f%%", c.Percent()),
			strconv.Itoa(c.Required), strconv.Itoa(c.Short()), strconv.Itoa(key), strconv.Itoa(dishonest), state})
		below = append(below, c.Short() > 0)
	}
	for _, c := range cv.Counties {
		line(c, keyBy[c.County], dishonestBy[c.County])
	}
	total := cv.Total
	total.Name = m.T("合计", "total")
	line(total, len(cv.KeyNotInspected), len(cv.DishonestNotInspected))
	if t.NaturalWidth() > w { // short headers, and county names wrap rather than being cut
		t.Headers = []string{m.T("县(市、区)", "county"), m.T("企业", "ent."), m.T("已查", "insp."), m.T("比例", "share"),
			m.T("下限", "floor"), m.T("尚差", "short"), m.T("重点未查", "key"), m.T("失信未查", "dish."), m.T("状态", "state")}
		t.FitWrapping(w, 8, []int{0})
	}
	last := len(t.Rows) - 1
	t.RowStyle = func(i int) lipgloss.Style {
		s := lipgloss.NewStyle()
		if i == last {
			s = st.Header
		}
		if below[i] {
			return s.Inherit(st.Warn)
		}
		return s
	}
	mark := func(ok bool) string {
		if ok {
			return st.OK.Render(m.T("达到", "met"))
		}
		return st.Error.Render(m.T("未达到", "not met"))
	}
	mt := components.Table{
		Headers: []string{m.T("事项", "matter"), m.T("抽查比例", "ratio"), m.T("已查/应查", "done/due"), m.T("比例", "ratio"),
			m.T("抽查频次", "frequency"), m.T("轮次", "rounds"), m.T("频次", "frequency")},
		HeadStyle: st.TableHead, Flex: 1, Right: map[int]bool{2: true, 5: true},
	}
	state := func(known, ok bool) string {
		switch {
		case !known:
			return m.T("未写明", "not given")
		case ok:
			return m.T("达到", "met")
		}
		return m.T("未达到 !", "not met !")
	}
	for _, mc := range cv.Matters {
		mt.Rows = append(mt.Rows, []string{mc.Code, mc.Ratio, fmt.Sprintf("%d/%d", mc.Inspected, mc.Required), state(mc.RatioPercent > 0, mc.RatioMet()),
			mc.Frequency, fmt.Sprintf("%d/%d", len(mc.Rounds), mc.Times), state(mc.Times > 0, mc.RoundsMet())})
	}
	sep := m.T("、", ", ")
	rounds := fmt.Sprintf(m.T("抽查轮次 %d/%d 次(已封存的抽取)", "rounds held %d/%d (sealed draws)"), len(cv.Rounds), store.RoundsPerYear) +
		"  " + mark(len(cv.Rounds) >= store.RoundsPerYear)
	if len(cv.Directed) > 0 {
		rounds += "  " + fmt.Sprintf(m.T("定向检查 %d 次(不计入轮次)", "%d directed checks (not rounds)"), len(cv.Directed))
	}
	if len(cv.Rounds) > 0 {
		rounds += "  " + strings.Join(cv.Rounds, sep)
	}
	var keyNames, dishonestNames, trainNames []string
	for _, u := range cv.KeyNotInspected {
		keyNames = append(keyNames, u.Name+"("+county(names, u.County)+")")
	}
	for _, u := range cv.DishonestNotInspected {
		dishonestNames = append(dishonestNames, u.Name+"("+county(names, u.County)+")")
	}
	for _, in := range cv.Undertrained {
		trainNames = append(trainNames, fmt.Sprintf(m.T("%s %s 天", "%s %s d"), in.Name, strconv.FormatFloat(in.Days, 'f', -1, 64)))
	}
	list := func(head string, n int, unit string, items []string) string {
		s := fmt.Sprintf("%s: %d %s", head, n, unit)
		if n == 0 {
			return s + "  " + st.OK.Render(m.T("无", "none"))
		}
		return st.Warn.Render(s) + "  " + short(m.Common, items, 5, unit)
	}
	lines := []string{
		title, "",
		t.Render(w),
		textwrap.Render(st.Subtle, m.T("5% 的基数是在营企业(代码以 91 开头),每个企业只计一次,只计双随机和定向检查", "the 5 % base is the active enterprises (codes 91...), each counted once, random and directed checks only"), w, 0),
		"",
		mt.Render(w),
		"",
		styledWrap(rounds, w),
		styledWrap(list(m.T("本年尚未检查的重点单位", "key units not inspected this year"), len(cv.KeyNotInspected), m.T("个", ""), keyNames), w),
		styledWrap(list(fmt.Sprintf(m.T("本半年(%s 至 %s)尚未检查的严重失信单位", "seriously dishonest units not inspected %s to %s"), cv.HalfFrom, cv.HalfTo),
			len(cv.DishonestNotInspected), m.T("个", ""), dishonestNames), w),
		styledWrap(list(fmt.Sprintf(m.T("本年培训不足 %.0f 天的执法人员", "inspectors under %.0f training days this year"), store.TrainingDaysPerYear),
			len(cv.Undertrained), m.T("名", ""), trainNames), w),
		"",
	}
	path, err := m.Path()
	lines = append(lines, m.ExportStatus(path, err, m.exported, w))
	return common.Scroll(strings.Join(lines, "\n"), m.height, &m.top)
}

func county(names map[string]string, code string) string {
	if n, ok := names[code]; ok && n != "" {
		return n
	}
	return code
}

// short joins the first n items and says how many more there are.
func short(c *common.Common, items []string, n int, unit string) string {
	sep := c.T("、", ", ")
	if len(items) <= n {
		return strings.Join(items, sep)
	}
	more := len(items) - n
	return strings.Join(items[:n], sep) + c.T(fmt.Sprintf(" 等, 另有 %d %s", more, unit), fmt.Sprintf(" and %d more", more))
}

// styledWrap wraps s, whose parts carry different styles (the states in
// colour), to w cells: lipgloss keeps the escape codes whole, which
// textwrap (for plain text) does not.
func styledWrap(s string, w int) string { return lipgloss.NewStyle().Width(w).Render(s) }
