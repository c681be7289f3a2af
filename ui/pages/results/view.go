package results

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/ui/components"
	"shuangsui/ui/lang"
	"shuangsui/ui/textwrap"
)

// View implements tea.Model.
func (m *Model) View() string {
	st := m.Styles
	w := max(20, m.width)
	if m.err != nil {
		return st.Error.Render(strings.Join(wrap(m.T("读取检查结果失败: ", "reading the results failed: ")+m.err.Error(), w), "\n"))
	}
	c := m.sheet.Ceremony
	// The title wraps (the matter's name onto a second line) rather than
	// being cut mid-word.
	head := m.T("检查结果", "Inspection results")
	title := st.Title.Render(head) + "  " + st.Subtle.Render(fmt.Sprintf("%s  %s  %s", m.id, c.Info.Round, c.Frame.Matter.Name))
	if lipgloss.Width(title) > w {
		lines := textwrap.Lines(head+"  "+fmt.Sprintf("%s  %s  %s", m.id, c.Info.Round, c.Frame.Matter.Name), w, 2)
		for i, l := range lines {
			if i == 0 && strings.HasPrefix(l, head) {
				lines[i] = st.Title.Render(head) + st.Subtle.Render(l[len(head):])
			} else {
				lines[i] = st.Subtle.Render(l)
			}
		}
		title = strings.Join(lines, "\n")
	}
	if f := c.Frame; f.Directed != nil || f.Partner != "" {
		// A directed or joint check says so, with where its units came
		// from (SPEC §12).
		zh, en := store.CheckKind(f.Directed, f.Partner)
		line := m.T("检查方式: ", "Kind: ") + m.T(zh, en)
		if d := f.Directed; d != nil && d.Source != "" {
			line += m.T(";名单来源: ", "; list from: ") + d.Source
		}
		title += "\n" + st.Subtle.Render(strings.Join(textwrap.Lines(line, w, 2), "\n"))
	}
	if m.editing {
		return m.formView(title, w)
	}
	return m.listView(title, w)
}

// Columns of the list.
const (
	cCounty = iota
	cUnit
	cName
	cInspected
	cResult
	cDue
	cState
	nCols
)

// floors are the widths the columns may be narrowed to when the window is
// too narrow for every cell; 0: never cut (codes and dates).
var floors = [nCols]int{cCounty: 6, cName: 12, cResult: 10, cState: 12}

// giveWay lists the columns that are narrowed, group by group: the
// results and names first, the states (which may end in a date) and
// counties only when those are at their floors.
var giveWay = [][]int{{cResult, cName}, {cState, cCounty}}

// dropOrder lists the columns left out, in turn, while even the floors do
// not fit.
var dropOrder = []int{cInspected, cCounty}

// tableGap is the space components.Table puts between columns.
const tableGap = 2

// layout chooses the columns shown and their widths for a table at most
// avail cells wide: every column as wide as its widest cell (all rows,
// not only those on screen, so that scrolling does not move the columns)
// while that fits; otherwise a header wider than its column's cells is
// first replaced by its short form (short[i], "" for none), then the
// widest column of the first group of giveWay that is above its floor
// gives way one cell at a time, then the next group's.
// Columns of dropOrder are left out while even the floors do not fit.
// headers is changed in place when a short form is used.
func layout(headers, short []string, rows [][]string, avail int) (shown, widths []int) {
	n := len(headers)
	widths = make([]int, n)
	for _, r := range rows {
		for i := 0; i < n && i < len(r); i++ {
			widths[i] = max(widths[i], lipgloss.Width(r[i]))
		}
	}
	data := slices.Clone(widths)
	for i, h := range headers {
		widths[i] = max(widths[i], lipgloss.Width(h))
	}
	if full := tableGap*(n-1) + sum(widths); full > avail {
		for i := range headers {
			if i < len(short) && short[i] != "" && lipgloss.Width(short[i]) < widths[i] {
				headers[i] = short[i]
				widths[i] = max(data[i], lipgloss.Width(short[i]))
			}
		}
	}
	lo := make([]int, n)
	for i := range lo {
		lo[i] = widths[i]
		if i < nCols && floors[i] > 0 {
			lo[i] = min(widths[i], floors[i])
		}
	}
	for i := 0; i < n; i++ {
		shown = append(shown, i)
	}
	total := func(ws []int) int {
		s := tableGap * (len(shown) - 1)
		for _, i := range shown {
			s += ws[i]
		}
		return s
	}
	for _, d := range dropOrder {
		if total(lo) <= avail {
			break
		}
		for k, i := range shown {
			if i == d {
				shown = append(shown[:k:k], shown[k+1:]...)
				break
			}
		}
	}
	for _, group := range giveWay {
		for total(widths) > avail {
			widest := -1
			for _, i := range group {
				if i < n && slices.Contains(shown, i) && widths[i] > lo[i] && (widest < 0 || widths[i] > widths[widest]) {
					widest = i
				}
			}
			if widest < 0 {
				break
			}
			widths[widest]--
		}
	}
	return shown, widths // wider than avail when even the floors do not fit: the table squeezes the rest
}

// natural is the width of the table with every cell whole.
func natural(headers []string, rows [][]string) int {
	_, widths := layout(slices.Clone(headers), nil, rows, 1<<30)
	return tableGap*(len(widths)-1) + sum(widths)
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func (m *Model) listView(title string, w int) string {
	st := m.Styles
	headers := []string{m.T("县(市、区)", "county"), m.T("单位代码", "unit"), m.T("单位名称", "name"), m.T("检查日期", "inspected"),
		m.T("检查结果", "result"), m.T("应公示日期", "publish by"), m.T("状态", "state")}
	var rows [][]string
	var states []string
	cameIn := map[string]bool{} // units brought in by a substitution
	if m.sheet.Ceremony != nil {
		for _, s := range m.sheet.Ceremony.Substitutions {
			if s.Kind == sampling.SubstituteUnit {
				cameIn[s.In] = true
			}
		}
	}
	for _, row := range m.sheet.Rows {
		name := row.UnitName
		if cameIn[row.Unit] {
			name = m.T("(替入)", "(in) ") + name
		}
		cells := []string{row.CountyName, row.Unit, name, "", m.T("未录入", "not entered"), "", ""}
		state := ""
		if r := row.Result; r != nil {
			p := m.pubs[row.Unit]
			cells[cInspected], cells[cResult], cells[cDue] = r.End, strings.Join(r.Codes, "；"), m.dueText(p, false)
			state = p.State
			cells[cState] = m.stateName(p)
			if r.Corrected != "" { // first, so that a narrow screen still shows it
				cells[cState] = m.T("已更正 ", "corrected, ") + cells[cState]
			}
		}
		rows = append(rows, cells)
		states = append(states, state)
	}
	if natural(headers, rows) > w-2 { // the English provisional mark abridged
		for i, row := range m.sheet.Rows {
			if row.Result != nil {
				rows[i][cDue] = m.dueText(m.pubs[row.Unit], true)
			}
		}
	}
	short := []string{cCounty: m.T("县", "")}
	shown, widths := layout(headers, short, rows, w-2)
	pick := func(cells []string) []string {
		out := make([]string, len(shown))
		for k, i := range shown {
			out[k] = components.Fit(cells[i], widths[i], false)
		}
		return out
	}
	est := wrap(m.estimate, w)
	// Lines: title, blank, header, rows, blank, estimate, summary.
	visible := len(rows)
	if m.height > 0 {
		visible = max(3, m.height-4-strings.Count(title, "\n")-1-len(est))
	}
	if m.sel < m.top {
		m.top = m.sel
	}
	if m.sel >= m.top+visible {
		m.top = m.sel - visible + 1
	}
	m.top = max(0, min(m.top, len(rows)-visible))
	end := min(len(rows), m.top+visible)
	top := m.top
	var shownRows [][]string
	for _, r := range rows[top:end] {
		shownRows = append(shownRows, pick(r))
	}
	t := components.Table{Headers: pick(headers), Rows: shownRows, Flex: -1, HeadStyle: st.TableHead,
		RowStyle: func(i int) lipgloss.Style {
			switch {
			case top+i == m.sel:
				return st.Selected
			case states[top+i] == store.PubOverdue:
				return st.Error
			case states[top+i] == store.PubDueSoon:
				return st.Warn
			}
			return lipgloss.NewStyle()
		}}
	entered, overdue, soon := 0, 0, 0
	for _, s := range states {
		if s != "" {
			entered++
		}
		overdue += b2i(s == store.PubOverdue)
		soon += b2i(s == store.PubDueSoon)
	}
	lines := strings.Split(t.Render(w-2), "\n")
	for i := range lines {
		marker := "  "
		if i > 0 && top+i-1 == m.sel {
			marker = "> "
		}
		lines[i] = marker + lines[i]
	}
	summary := fmt.Sprintf(m.T("已录入 %d/%d  已逾期 %d  即将到期 %d  (截至 %s)", "entered %d/%d  overdue %d  due soon %d  (as of %s)"),
		entered, len(rows), overdue, soon, m.Today())
	out := []string{title, "", strings.Join(lines, "\n"), ""}
	for _, l := range est {
		out = append(out, st.Value.Render(l))
	}
	return strings.Join(append(out, st.Subtle.Render(summary)), "\n")
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// formView draws the form to enter a result in the screen's height: the
// title, the unit, the fields and under them the error of the last save
// always show; the blank lines and then the end of the list of codes give
// way when the window is too short for all.
func (m *Model) formView(title string, w int) string {
	st := m.Styles
	row := m.sheet.Rows[m.sel]
	head := []string{st.Header.Render(ansi.Truncate(fmt.Sprintf("%s %s  %s", row.Unit, row.UnitName, row.CountyName), w, "~")),
		st.Subtle.Render(ansi.Truncate(m.T("检查组: ", "team: ")+strings.Join(row.TeamNames, m.T("、", ", ")), w, "~"))}
	lw := m.form.LabelWidth()
	var fields []string
	for i, f := range m.form.Fields {
		fields = append(fields, f.View(i == m.form.Focus, lw, w, st.Label, st.Focused, st.Value, st.Subtle))
	}
	var errLines []string
	if m.formErr != "" {
		for _, l := range wrap(m.formErr, w-2) {
			errLines = append(errLines, "  "+st.Error.Render(l))
		}
	}
	var codes []string
	for i, c := range m.known {
		mark := ""
		if i >= len(store.StandardResultCodes) {
			mark = m.T("(统计)", " (stats)")
		}
		codes = append(codes, fmt.Sprintf("%2d %s%s%s", i+1, c, mark, m.codeGloss(c)))
	}
	columns := func(half int) []string {
		colW := max(10, (w-2)/2)
		if half == len(codes) {
			colW = w
		}
		var list []string
		for i := 0; i < half; i++ {
			left := components.Fit(codes[i], colW, false)
			right := ""
			if i+half < len(codes) {
				right = components.Fit(codes[i+half], colW, false)
			}
			list = append(list, strings.TrimRight(left+"  "+right, " "))
		}
		return list
	}
	list := columns((len(codes) + 1) / 2)
	if m.Lang == lang.EN && (m.height == 0 || strings.Count(title, "\n")+1+len(head)+len(fields)+len(errLines)+len(codes) <= m.height) {
		// with the English glosses, one code a line when they all fit
		list = columns(len(codes))
	}
	// Blank lines after the title, after the unit and before the codes.
	blanks := [3]bool{true, true, true}
	size := func() int {
		n := strings.Count(title, "\n") + 1 + len(head) + len(fields) + len(errLines) + len(list)
		for _, b := range blanks {
			n += b2i(b)
		}
		return n
	}
	if m.height > 0 {
		for i := 0; i < len(blanks) && size() > m.height; i++ {
			blanks[i] = false
		}
		if over := size() - m.height; over > 0 {
			list = list[:max(0, len(list)-over)]
		}
	}
	out := []string{title}
	if blanks[0] {
		out = append(out, "")
	}
	out = append(out, head...)
	if blanks[1] {
		out = append(out, "")
	}
	out = append(out, fields...)
	out = append(out, errLines...)
	if blanks[2] {
		out = append(out, "")
	}
	return strings.Join(append(out, list...), "\n")
}
