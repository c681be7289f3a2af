package components

import (
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Input is a one-line text editor. It stands in for bubbles/textinput,
// whose clipboard dependency is not part of this module: it takes runes
// (Chinese arrives as KeyRunes), backspace, delete, left/right, home/end
// and ctrl+u, and measures with lipgloss.Width.
type Input struct {
	value     []rune
	pos       int
	focused   bool
	CharLimit int
	Width     int
}

// SetValue replaces the text and moves the cursor to its end.
func (in *Input) SetValue(s string) {
	in.value = []rune(s)
	if in.CharLimit > 0 && len(in.value) > in.CharLimit {
		in.value = in.value[:in.CharLimit]
	}
	in.pos = len(in.value)
}

// Value is the text.
func (in Input) Value() string { return string(in.value) }

// Focus shows the cursor; Blur hides it.
func (in *Input) Focus() tea.Cmd { in.focused = true; return nil }
func (in *Input) Blur()          { in.focused = false }

// Update edits the text.
func (in Input) Update(msg tea.Msg) (Input, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || !in.focused {
		return in, nil
	}
	switch k.Type {
	case tea.KeyRunes, tea.KeySpace:
		runes := k.Runes
		if k.Type == tea.KeySpace {
			runes = []rune{' '}
		}
		var clean []rune
		for _, r := range runes {
			if r >= ' ' && r != 0x7f {
				clean = append(clean, r)
			}
		}
		if in.CharLimit > 0 && len(in.value)+len(clean) > in.CharLimit {
			clean = clean[:max(0, in.CharLimit-len(in.value))]
		}
		v := append([]rune{}, in.value[:in.pos]...)
		v = append(v, clean...)
		in.value = append(v, in.value[in.pos:]...)
		in.pos += len(clean)
	case tea.KeyBackspace:
		if in.pos > 0 {
			in.value = append(in.value[:in.pos-1:in.pos-1], in.value[in.pos:]...)
			in.pos--
		}
	case tea.KeyDelete:
		if in.pos < len(in.value) {
			in.value = append(in.value[:in.pos:in.pos], in.value[in.pos+1:]...)
		}
	case tea.KeyLeft:
		in.pos = max(0, in.pos-1)
	case tea.KeyRight:
		in.pos = min(len(in.value), in.pos+1)
	case tea.KeyHome, tea.KeyCtrlA:
		in.pos = 0
	case tea.KeyEnd, tea.KeyCtrlE:
		in.pos = len(in.value)
	case tea.KeyCtrlU:
		in.value, in.pos = in.value[in.pos:], 0
	}
	return in, nil
}

var cursorStyle = lipgloss.NewStyle().Reverse(true)

// View draws the text with a reverse-video cursor when focused, cut to
// Width cells from the left so that the cursor stays visible.
func (in Input) View() string {
	before := string(in.value[:in.pos])
	after := ""
	cur := " "
	if in.pos < len(in.value) {
		cur = string(in.value[in.pos])
		after = string(in.value[in.pos+1:])
	}
	if !in.focused {
		s := string(in.value)
		if in.Width > 0 && lipgloss.Width(s) > in.Width {
			s = ansi.Truncate(s, in.Width, "~")
		}
		return s
	}
	if in.Width > 0 {
		for lipgloss.Width(before)+lipgloss.Width(cur) > in.Width && before != "" {
			_, size := utf8.DecodeRuneInString(before)
			before = before[size:]
		}
		if room := in.Width - lipgloss.Width(before) - lipgloss.Width(cur); lipgloss.Width(after) > room {
			after = ansi.Truncate(after, max(0, room), "")
		}
	}
	return before + cursorStyle.Render(cur) + after
}

// trimmed returns the text without leading and trailing spaces.
func (in Input) trimmed() string { return strings.TrimSpace(string(in.value)) }
