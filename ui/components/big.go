// Package components holds the widgets the screens are built from: big
// digits for the room, aligned tables, and small form fields.
package components

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// font is a 4×5 bitmap per character; '#' cells are drawn. The glyphs
// are not seven-segment shapes: those tell 8 from 9, 6 or 0 by one corner
// cell. Here the zero is slashed, 6 and 9 have tails, 3 a short middle,
// and the hex letters are lower case with ascenders (b, d) or open tops
// (a, c), so that every pair of 0–9 and a–f differs in at least
// MinGlyphDistance cells (tested).
var font = map[rune][5]string{
	'0': {".##.", "#.##", "##.#", "#..#", ".##."},
	'1': {".#..", "##..", ".#..", ".#..", "###."},
	'2': {"###.", "...#", ".##.", "#...", "####"},
	'3': {"###.", "...#", "..#.", "...#", "###."},
	'4': {"#.#.", "#.#.", "####", "..#.", "..#."},
	'5': {"####", "#...", "###.", "...#", "###."},
	'6': {"..#.", ".#..", "###.", "#..#", ".##."},
	'7': {"####", "...#", "..#.", ".#..", ".#.."},
	'8': {".##.", "#..#", ".##.", "#..#", ".##."},
	'9': {".##.", "#..#", ".###", "..#.", ".#.."},
	'a': {"....", ".##.", "...#", "#..#", ".###"},
	'b': {"#...", "#...", "###.", "#..#", "###."},
	'c': {"....", ".###", "#...", "#...", ".###"},
	'd': {"...#", "...#", ".###", "#..#", ".###"},
	'e': {".##.", "#..#", "####", "#...", ".###"},
	'f': {"..##", ".#..", "###.", ".#..", ".#.."},
	'-': {"....", "....", "####", "....", "...."},
	'?': {"###.", "...#", "..#.", "....", "..#."},
}

// glyphWidth is the width of a glyph in bitmap cells.
const glyphWidth = 4

// MinGlyphDistance is the fewest cells in which any two of the glyphs
// 0–9 and a–f differ.
const MinGlyphDistance = 4

// BigHeight is the number of lines of big text at scale 1.
const BigHeight = 5

func glyph(r rune) [5]string {
	if r >= 'A' && r <= 'F' {
		r += 'a' - 'A'
	}
	if g, ok := font[r]; ok {
		return g
	}
	return font['?']
}

// BigWidth is the width in cells of text drawn big at scale s: each
// character is 4s wide with s between characters, and a space is 2s.
func BigWidth(text string, s int) int {
	w := 0
	for i, r := range []rune(text) {
		if i > 0 {
			w += s
		}
		if r == ' ' {
			w += s
		} else {
			w += glyphWidth * s
		}
	}
	return w
}

// Big draws text (digits, hex letters, '-' and spaces) from background-
// coloured spaces, s cells wide and ceil(s/2) lines tall per bitmap cell.
// Without colour (an ASCII profile, NO_COLOR) the cells are '#', so the
// digits stay readable; never block glyphs, whose width is ambiguous.
func Big(text string, s int, color lipgloss.TerminalColor) string {
	if s < 1 {
		s = 1
	}
	sy := (s + 1) / 2
	ascii := lipgloss.ColorProfile() == termenv.Ascii
	on := lipgloss.NewStyle().Background(color)
	cell := func(n int) string {
		if ascii {
			return strings.Repeat("#", n)
		}
		return on.Render(strings.Repeat(" ", n))
	}
	runes := []rune(text)
	var lines []string
	for row := 0; row < BigHeight; row++ {
		var b strings.Builder
		for i, r := range runes {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", s))
			}
			if r == ' ' {
				b.WriteString(strings.Repeat(" ", s))
				continue
			}
			bits := glyph(r)[row]
			run := 0
			flush := func() {
				if run > 0 {
					b.WriteString(cell(run * s))
					run = 0
				}
			}
			for _, c := range bits {
				if c == '#' {
					run++
					continue
				}
				flush()
				b.WriteString(strings.Repeat(" ", s))
			}
			flush()
		}
		line := b.String()
		for range sy {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// BigFit draws text big in at most width cells and height lines: the
// largest scale up to maxScale at which it fits, wrapping at spaces into
// as many rows as fit the height. ok is false when even scale 1 does not
// fit (the caller then shows the text small).
func BigFit(text string, width, height, maxScale int, color lipgloss.TerminalColor) (out string, ok bool) {
	for s := maxScale; s >= 1; s-- {
		if out, ok := BigAt(text, s, width, height, color); ok {
			return out, true
		}
	}
	return "", false
}

// BigAt draws text big at scale s in at most width×height, wrapping at
// spaces; ok is false when it does not fit.
func BigAt(text string, s, width, height int, color lipgloss.TerminalColor) (string, bool) {
	var rows []string
	cur := ""
	for _, word := range strings.Fields(text) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if BigWidth(try, s) <= width {
			cur = try
			continue
		}
		if cur == "" || BigWidth(word, s) > width {
			return "", false
		}
		rows = append(rows, cur)
		cur = word
	}
	if cur != "" {
		rows = append(rows, cur)
	}
	rowH := BigHeight * ((s + 1) / 2)
	if len(rows) == 0 || len(rows)*(rowH+1)-1 > height {
		return "", false
	}
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = Big(r, s, color)
	}
	return strings.Join(parts, "\n\n"), true
}

// Group splits s into groups of n characters separated by spaces.
func Group(s string, n int) string {
	var parts []string
	r := []rune(s)
	for len(r) > n {
		parts = append(parts, string(r[:n]))
		r = r[n:]
	}
	if len(r) > 0 {
		parts = append(parts, string(r))
	}
	return strings.Join(parts, " ")
}
