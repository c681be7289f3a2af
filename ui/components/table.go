package components

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"shuangsui/ui/textwrap"
)

// Table is a borderless table whose lines all have the same width in
// cells, measured with lipgloss.Width (never len), so that Chinese and
// ASCII columns line up.
type Table struct {
	Headers []string
	Rows    [][]string
	// RowStyle styles a whole row (after padding), e.g. dim alternates;
	// nil leaves rows plain.
	RowStyle func(row int) lipgloss.Style
	// Flex is the column that shrinks (truncated with "~") when the table
	// is wider than the width; -1 for the widest.
	Flex      int
	HeadStyle lipgloss.Style
	// Right aligns columns to the right (numbers).
	Right map[int]bool
	// Wrap breaks a cell of the flex column that does not fit onto more
	// lines (between words or Chinese characters) instead of cutting it:
	// a name stays readable whole on a narrow screen.
	Wrap bool
	// Widths, when it has one entry per column, fixes the columns' widths
	// (the caller has laid them out) instead of fitting them to the cells.
	Widths []int
	// WrapCols lists further columns whose cells break onto more lines
	// instead of being cut (with Wrap, the flex column is one of them).
	WrapCols []int
}

// RowHeight is the number of lines a row of cells takes when the columns
// in wrap break at the given widths.
func RowHeight(cells []string, widths []int, wrap []int) int {
	h := 1
	for _, c := range wrap {
		if c < len(cells) && c < len(widths) && lipgloss.Width(cells[c]) > widths[c] {
			h = max(h, len(textwrap.Lines(cells[c], widths[c], 0)))
		}
	}
	return h
}

const colGap = 2

// NaturalWidth is the width of the table with every cell and header whole
// on one line.
func (t Table) NaturalWidth() int {
	w := colGap * (len(t.Headers) - 1)
	for _, c := range t.naturalWidths() {
		w += c
	}
	return w
}

func (t Table) naturalWidths() []int {
	widths := make([]int, len(t.Headers))
	for i, h := range t.Headers {
		widths[i] = lipgloss.Width(h)
	}
	for _, r := range t.Rows {
		for i := 0; i < len(widths) && i < len(r); i++ {
			widths[i] = max(widths[i], lipgloss.Width(r[i]))
		}
	}
	return widths
}

// FitWrapping lays the table out in at most width cells by letting the
// columns of groups wrap: every column starts as wide as its widest cell
// or header; while the table is too wide, the widest column of the first
// group above its floor (floor cells, or its header's width when wider)
// gives way one cell, then the next group's. The other columns are never
// narrowed: codes, dates and numbers stay whole; the wrapped cells break
// onto more lines instead of being cut. It sets t.Widths and t.WrapCols.
func (t *Table) FitWrapping(width, floor int, groups ...[]int) {
	widths := t.naturalWidths()
	total := t.NaturalWidth()
	t.WrapCols = nil
	for _, g := range groups {
		t.WrapCols = append(t.WrapCols, g...)
		for total > width {
			widest := -1
			for _, i := range g {
				if i >= len(widths) {
					continue
				}
				lo := min(widths[i], max(floor, lipgloss.Width(t.Headers[i])))
				if widths[i] > lo && (widest < 0 || widths[i] > widths[widest]) {
					widest = i
				}
			}
			if widest < 0 {
				break
			}
			widths[widest]--
			total--
		}
	}
	t.Widths = widths
}

// Render draws the table in at most width cells.
func (t Table) Render(width int) string {
	n := len(t.Headers)
	widths := make([]int, n)
	for i, h := range t.Headers {
		widths[i] = lipgloss.Width(h)
	}
	for _, r := range t.Rows {
		for i := 0; i < n && i < len(r); i++ {
			widths[i] = max(widths[i], lipgloss.Width(r[i]))
		}
	}
	total := func() int {
		s := colGap * (n - 1)
		for _, w := range widths {
			s += w
		}
		return s
	}
	fixed := len(t.Widths) == n
	if fixed {
		copy(widths, t.Widths)
	}
	for !fixed && total() > width {
		flex := t.Flex
		if flex < 0 || flex >= n {
			flex = 0
			for i := range widths {
				if widths[i] > widths[flex] {
					flex = i
				}
			}
		}
		over := total() - width
		if widths[flex]-over >= 4 {
			widths[flex] -= over
			break
		}
		if widths[flex] <= 4 {
			break
		}
		widths[flex] = 4
		t.Flex = -1
	}
	flex := t.Flex
	line := func(cells []string) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			c = Fit(c, widths[i], t.Right[i])
			if i > 0 {
				b.WriteString(strings.Repeat(" ", colGap))
			}
			b.WriteString(c)
		}
		return b.String()
	}
	out := []string{t.HeadStyle.Render(line(t.Headers))}
	wrap := t.WrapCols
	if t.Wrap && flex >= 0 && flex < n {
		wrap = append([]int{flex}, wrap...)
	}
	for i, r := range t.Rows {
		lines := []string{line(r)}
		if h := RowHeight(r, widths, wrap); h > 1 {
			rows := make([][]string, h)
			for j := range rows {
				rows[j] = make([]string, n)
			}
			copy(rows[0], r)
			for _, c := range wrap {
				if c < len(r) && lipgloss.Width(r[c]) > widths[c] {
					for j, part := range textwrap.Lines(r[c], widths[c], 0) {
						rows[j][c] = part
					}
				}
			}
			lines = lines[:0]
			for _, cells := range rows {
				lines = append(lines, line(cells))
			}
		}
		for _, l := range lines {
			if t.RowStyle != nil {
				l = t.RowStyle(i).Render(l)
			}
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// Fit pads or truncates s to exactly w cells. A wide character that would
// straddle the edge is dropped and replaced by padding.
func Fit(s string, w int, right bool) string {
	if lipgloss.Width(s) > w {
		s = ansi.Truncate(s, w, "~")
	}
	pad := w - lipgloss.Width(s)
	if pad <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", pad) + s
	}
	return s + strings.Repeat(" ", pad)
}
