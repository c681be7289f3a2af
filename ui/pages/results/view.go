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

// floors are the widths the columns that wrap (names, results, states)
// may be narrowed to when the window is too narrow for every cell on one
// line; their cells then break onto more lines, never cut. The other
// columns (county, codes, dates) are never narrowed below their widest cell
// or their header.
var floors = [nCols]int{cName: 10, cResult: 10, cState: 10}

// wrapCols are the columns whose cells break onto more lines.
var wrapCols = []int{cName, cResult, cState}

// giveWay lists the wrapping columns that are narrowed, group by group: the
// results first, then the states, the names last (a unit's name is what
// the witnesses look for, kept on one line as long as possible).
var giveWay = [][]int{{cResult}, {cState}, {cName}}

// dropOrder lists the columns left out, in turn, while even the floors do
// not fit.
var dropOrder = []int{cInspected, cCounty}

// tableGap is the space components.Table puts between columns.
const tableGap = 2

// layout chooses the columns shown and their widths for a table at most
// avail cells wide: every column as wide as its widest cell or its header
// (all rows, not only those on screen, so that scrolling does not move the
// columns) while that fits; otherwise the wrapping columns give way one
// cell at a time down to their floors, in the order of giveWay (their
// cells then take more lines). Headers are never shortened. Columns of dropOrder are left out,
// in turn, while even the floors do not fit. grouped: the counties are
// headings above their units (see listView), not a column.
func layout(headers []string, rows [][]string, avail int, grouped bool) (shown, widths []int) {
	n := len(headers)
	widths = make([]int, n)
	for _, r := range rows {
		for i := 0; i < n && i < len(r); i++ {
			widths[i] = max(widths[i], lipgloss.Width(r[i]))
		}
	}
	for i, h := range headers {
		widths[i] = max(widths[i], lipgloss.Width(h))
	}
	whole := slices.Clone(widths)
	lo := slices.Clone(widths)
	for _, i := range wrapCols {
		if i < n {
			lo[i] = min(widths[i], max(floors[i], lipgloss.Width(headers[i])))
		}
	}
	for i := 0; i < n; i++ {
		if !grouped || i != cCounty {
			shown = append(shown, i)
		}
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
		if k := slices.Index(shown, d); k >= 0 {
			shown = slices.Delete(shown, k, k+1)
		}
	}
	narrow(shown, widths, lo, avail)
	// A unit's name is worth more than the inspection date (shown in the
	// form): the date gives way rather than the names wrapping.
	if k := slices.Index(shown, cInspected); k >= 0 && len(shown) > 1 && widths[cName] < whole[cName] {
		without := slices.Delete(slices.Clone(shown), k, k+1)
		ws := slices.Clone(whole)
		narrow(without, ws, lo, avail)
		shown, widths = without, ws
	}
	return shown, widths // wider than avail when even the floors do not fit: the table squeezes the rest
}

// narrow narrows the wrapping columns of shown, in the order of giveWay,
// until the table fits in avail cells or every one is at its floor lo.
func narrow(shown, widths, lo []int, avail int) {
	n := len(widths)
	total := func() int {
		s := tableGap * (len(shown) - 1)
		for _, i := range shown {
			s += widths[i]
		}
		return s
	}
	for _, group := range giveWay {
		for total() > avail {
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
}

// natural is the width of the table with every cell whole.
func natural(headers []string, rows [][]string) int {
	_, widths := layout(headers, rows, 1<<30, false)
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
	// A table too wide for the window shows each county once, as a
	// heading above its units, and gives the county column's width to the
	// names; the heading is repeated above the first row shown.
	grouped := natural(headers, rows) > w-2
	shown, widths := layout(headers, rows, w-2, grouped)
	heading := func(i, top int) bool {
		return grouped && (i == top || rows[i][cCounty] != rows[i-1][cCounty])
	}
	var cols, wraps []int // the widths and the wrapping columns, as shown
	for k, i := range shown {
		cols = append(cols, widths[i])
		if slices.Contains(wrapCols, i) {
			wraps = append(wraps, k)
		}
	}
	pick := func(cells []string) []string {
		out := make([]string, len(shown))
		for k, i := range shown {
			out[k] = cells[i]
		}
		return out
	}
	heights := make([]int, len(rows)) // lines each row takes
	for i, r := range rows {
		heights[i] = components.RowHeight(pick(r), cols, wraps)
		if heading(i, 0) {
			heights[i]++
		}
	}
	est := wrap(m.estimate, w)
	// Lines: title, blank, header, rows, blank, estimate, summary.
	budget := 1 << 30
	if m.height > 0 {
		budget = max(3, m.height-4-strings.Count(title, "\n")-1-len(est))
	}
	if grouped {
		budget-- // the heading repeated above a first row inside a county
	}
	m.top = scrollTop(heights, m.top, m.sel, budget)
	top, end, used := m.top, m.top, 0
	if grouped && !heading(top, 0) {
		used++
	}
	for end < len(rows) && (end == top || used+heights[end] <= budget+b2i(grouped)) {
		used += heights[end]
		end++
	}
	var shownRows [][]string
	for _, r := range rows[top:end] {
		shownRows = append(shownRows, pick(r))
	}
	t := components.Table{Headers: pick(headers), Rows: shownRows, Flex: -1, HeadStyle: st.TableHead,
		Widths: cols, WrapCols: wraps,
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
	rendered := strings.Split(t.Render(w-2), "\n")
	lines := []string{"  " + rendered[0]}
	next := 1 // the next rendered line
	for i := top; i < end; i++ {
		if heading(i, top) {
			lines = append(lines, "  "+st.Value.Render(rows[i][cCounty]))
		}
		h := heights[i] - b2i(heading(i, 0))
		for j := 0; j < h && next < len(rendered); j++ {
			marker := "  "
			if i == m.sel && j == 0 {
				marker = "> "
			}
			lines = append(lines, marker+rendered[next])
			next++
		}
	}
	summary := fmt.Sprintf(m.T("已录入 %d/%d  已逾期 %d  即将到期 %d  (截至 %s)", "entered %d/%d  overdue %d  due soon %d  (as of %s)"),
		entered, len(rows), overdue, soon, m.Today())
	out := []string{title, "", strings.Join(lines, "\n"), ""}
	for _, l := range est {
		out = append(out, st.Value.Render(l))
	}
	return strings.Join(append(out, st.Subtle.Render(summary)), "\n")
}

// scrollTop is the first row shown when rows of the given heights (in
// lines) scroll in budget lines: the selected row is shown whole, the
// window moves as little as it can from top, and it is full at the end of
// the list.
func scrollTop(heights []int, top, sel, budget int) int {
	if len(heights) == 0 {
		return 0
	}
	sel = max(0, min(sel, len(heights)-1))
	top = max(0, min(top, sel))
	lines := func(from, to int) int { // lines of rows from..to, inclusive
		s := 0
		for i := from; i <= to; i++ {
			s += heights[i]
		}
		return s
	}
	for top < sel && lines(top, sel) > budget {
		top++
	}
	for top > 0 && lines(top-1, len(heights)-1) <= budget {
		top--
	}
	return top
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
