// Package textwrap is the one line-breaking routine of the screens: every
// page, the results screen and the root model's status line break their
// text here.
package textwrap

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Line breaking. Text on the screens is wrapped rather than cut. A line
// breaks at spaces, and Chinese text (which runs long without spaces)
// also between its characters, but never before closing punctuation
// (、,。;:)) nor after opening punctuation ((《“). A word that does not
// fit goes whole to the next line when it has no such break or when less
// than a third of the line is left; otherwise it fills the line. A no-break
// space (U+00A0) prints as a space but never breaks, and a word joiner
// (U+2060, see Keep) holds the characters around it together: a name is
// never split over two lines. A number keeps to the Chinese word beside it.
const (
	nbsp = '\u00a0'
	wj   = '\u2060'
)

// NBSP is the no-break space: it prints as a space and never breaks.
const NBSP = string(nbsp)

// Keep joins the characters of s so that a line never breaks inside it.
func Keep(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteRune(wj)
		}
		if r == ' ' {
			r = nbsp
		}
		b.WriteRune(r)
	}
	return b.String()
}

func closing(r rune) bool { return strings.ContainsRune("、,。;:!?)》」』】,.;:!?)]%", r) }
func opening(r rune) bool { return strings.ContainsRune("(《「『【“‘([", r) }

func runeWidth(r rune) int { return ansi.StringWidth(string(r)) }

// numberSpace reports whether a space between a and b holds a number to
// the Chinese word beside it ("12 个", "第 3 步"): it does not break.
func numberSpace(a, b rune) bool {
	digit := func(r rune) bool { return r >= '0' && r <= '9' }
	return (digit(a) && runeWidth(b) > 1) || (runeWidth(a) > 1 && digit(b))
}

// word is text between spaces, with the spaces before it (a break drops
// them), in pieces between which a long word may break.
type word struct {
	space  string
	pieces []string
}

func (w word) width() int {
	n := 0
	for _, p := range w.pieces {
		n += ansi.StringWidth(p)
	}
	return n
}

func words(s string) []word {
	var out []word
	var space strings.Builder
	var pieces []string
	var cur strings.Builder
	var prev rune
	glue := false // a word joiner since the last rune
	piece := func() {
		if cur.Len() > 0 {
			pieces = append(pieces, cur.String())
			cur.Reset()
		}
	}
	flush := func() {
		piece()
		if len(pieces) > 0 {
			out = append(out, word{space.String(), pieces})
			pieces = nil
			space.Reset()
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && numberSpace(rs[i-1], rs[i+1]) {
			r = nbsp
		}
		switch {
		case r == wj:
			glue = true
			continue
		case r == ' ' || r == '\t':
			flush()
			space.WriteRune(' ')
			prev = ' '
			continue
		case r == nbsp:
			r = ' '
			glue = true
		case cur.Len() > 0 && !glue && prev != ' ' && (runeWidth(prev) > 1 || runeWidth(r) > 1) && !closing(r) && !opening(prev):
			piece()
		}
		cur.WriteRune(r)
		prev, glue = r, false
	}
	flush()
	return out
}

// Lines breaks plain text s into lines of at most w cells, the lines
// after the first indented by indent spaces (a hanging indent).
func Lines(s string, w, indent int) []string {
	if w <= 0 {
		return []string{strings.ReplaceAll(strings.ReplaceAll(s, string(wj), ""), string(nbsp), " ")}
	}
	indent = max(0, min(indent, w/2))
	var lines []string
	var cur strings.Builder
	// Leading spaces are kept: they indent the first line.
	lead := len(s) - len(strings.TrimLeft(s, " "))
	cur.WriteString(s[:lead])
	curW, start := lead, true
	newLine := func() {
		lines = append(lines, strings.TrimRight(cur.String(), " "))
		cur.Reset()
		cur.WriteString(strings.Repeat(" ", indent))
		curW, start = indent, true
	}
	put := func(text string, tw int) {
		cur.WriteString(text)
		curW += tw
		start = false
	}
	for _, wd := range words(s[lead:]) {
		ww := wd.width()
		switch {
		case !start && curW+len(wd.space)+ww <= w:
			put(wd.space+strings.Join(wd.pieces, ""), len(wd.space)+ww)
			continue
		case !start && indent+ww <= w && (len(wd.pieces) == 1 || w-curW < w/3):
			// The word goes whole to the next line when it cannot break
			// or when little of this line is left.
			newLine()
			put(strings.Join(wd.pieces, ""), ww)
			continue
		}
		// A word longer than a line: it fills this line and the next
		// ones, breaking between its pieces, and inside a piece only
		// when the piece itself is longer than a line.
		sp := wd.space
		for _, pc := range wd.pieces {
			pw := ansi.StringWidth(pc)
			if start {
				sp = ""
			}
			if !start && curW+len(sp)+pw > w {
				newLine()
				sp = ""
			}
			if start && curW+pw > w {
				// Longer than a line: break first at its held spaces (a
				// number held to its word, a kept name), dropping the
				// space, then between characters.
				for i, part := range strings.Split(pc, " ") {
					partW := ansi.StringWidth(part)
					if i > 0 {
						if !start && curW+1+partW <= w {
							put(" ", 1)
						} else if !start {
							newLine()
						}
					}
					for _, r := range part {
						rw := runeWidth(r)
						if !start && curW+rw > w {
							newLine()
						}
						put(string(r), rw)
					}
				}
				continue
			}
			put(sp+pc, len(sp)+pw)
			sp = ""
		}
	}
	lines = append(lines, strings.TrimRight(cur.String(), " "))
	return lines
}

// Render breaks plain text s into lines of at most w cells (see Lines)
// and renders each with st.
func Render(st lipgloss.Style, s string, w, indent int) string {
	lines := Lines(s, w, indent)
	for i, l := range lines {
		pad := ""
		if i > 0 {
			pad = strings.Repeat(" ", len(l)-len(strings.TrimLeft(l, " ")))
			l = l[len(pad):]
		}
		lines[i] = pad + st.Render(l)
	}
	return strings.Join(lines, "\n")
}

// Wrap breaks plain text s into lines of at most w cells (see Lines),
// joined by "\n".
func Wrap(s string, w int) string { return strings.Join(Lines(s, w, 0), "\n") }
