package sheet

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
)

// LineWidth is the widest line the text sheet prints, in terminal cells.
const LineWidth = 80

// wide measures runes the conservative way: East-Asian ambiguous characters
// (“ ” · … ─) count as two cells, as a zh_CN terminal or printer shows them.
// It is a private condition: the package never touches
// runewidth.DefaultCondition.
var wide = func() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = true
	c.StrictEmojiNeutral = true
	return c
}()

// cells is the width of s in terminal cells: the larger of lipgloss.Width
// (ambiguous = 1) and the East-Asian measure (ambiguous = 2), so that a line
// that fits here fits under every locale.
func cells(s string) int {
	return max(lipgloss.Width(s), wide.StringWidth(s))
}

func runeCells(r rune) int {
	w := wide.RuneWidth(r)
	if w < 0 {
		return 0
	}
	return w
}

// clean replaces control characters (tabs, line breaks) by spaces so that a
// value from the record cannot break the layout.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// wrap breaks s into lines of at most width cells. It breaks after a space
// when the line holds one in its second half, else between any two runes
// (right for Chinese, where there are no spaces). Explicit newlines in s
// start new lines. It never returns an empty slice.
func wrap(s string, width int) []string {
	if width < 2 {
		width = 2
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		para = clean(para)
		if para == "" {
			out = append(out, "")
			continue
		}
		for para != "" {
			if cells(para) <= width {
				out = append(out, para)
				break
			}
			// the longest prefix that fits
			cut, w := 0, 0
			for i, r := range para {
				rw := runeCells(r)
				if w+rw > width {
					break
				}
				w += rw
				cut = i + utf8.RuneLen(r)
			}
			if cut == 0 { // a single rune wider than width
				_, size := utf8.DecodeRuneInString(para)
				cut = size
			}
			if !goodBreak(para[:cut], para[cut:]) {
				// the last good break in the second half of the line, if any
				for p := cut; p > 0 && cells(para[:p]) > width/2; {
					_, size := utf8.DecodeLastRuneInString(para[:p])
					p -= size
					if p > 0 && goodBreak(para[:p], para[p:]) {
						cut = p
						break
					}
				}
			}
			out = append(out, strings.TrimRight(para[:cut], " "))
			para = strings.TrimLeft(para[cut:], " ")
		}
	}
	return out
}

// goodBreak reports whether a line may break between head and rest and
// the break obeys the usual Chinese line-breaking rules: no closing
// punctuation (,。、;:)” …) at the start of a line, no opening
// punctuation ((“《 …) at its end.
func goodBreak(head, rest string) bool {
	if !isBreakable(head, rest) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " ")); strings.ContainsRune(noLineStart, r) {
		return false
	}
	l, _ := utf8.DecodeLastRuneInString(strings.TrimRight(head, " "))
	return !strings.ContainsRune(noLineEnd, l)
}

const (
	noLineStart = ",。、;:!?)】》〉」』”’…·%,.;:!?)]}"
	noLineEnd   = "(【《〈「『“‘([{"
)

// isBreakable reports whether a line may break between head and rest: at
// the end, at a space, or next to a wide (CJK) rune.
func isBreakable(head, rest string) bool {
	if rest == "" || rest[0] == ' ' || strings.HasSuffix(head, " ") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	l, _ := utf8.DecodeLastRuneInString(head)
	return runeCells(r) == 2 || runeCells(l) == 2
}

// pad pads s with spaces to width cells (left-aligned).
func pad(s string, width int) string {
	if n := width - cells(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// padLeft right-aligns s in width cells.
func padLeft(s string, width int) string {
	if n := width - cells(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// center centres s in width cells (no trailing spaces).
func center(s string, width int) string {
	if n := (width - cells(s)) / 2; n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// group writes a long hex string in groups of eight for reading aloud and
// comparing by eye: "3f2a1b9c 0d4e…".
func group(s string) string {
	if len(s) <= 16 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i += 8 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+8, len(s))])
	}
	return b.String()
}
