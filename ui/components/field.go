package components

import (
	"strconv"
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// FieldKind is what a form field holds.
type FieldKind int

const (
	KindText   FieldKind = iota // free text (Chinese arrives as KeyRunes)
	KindDigits                  // text of ASCII digits only
	KindNumber                  // an integer changed with left/right or typed digits, within Min..Max
	KindChoice                  // one of Options, changed with left/right
	KindButton                  // an action taken with enter
)

// Field is one line of a form.
type Field struct {
	Label   string
	Kind    FieldKind
	Input   Input
	Num     int
	Min     int
	Max     int
	Options []string
	Choice  int
	Note    string // shown after the value, dim
	// Hint is shown dim in the value's place while a text field is empty,
	// as an example of what to type; it goes as soon as text is typed.
	Hint string
	// Refused says why the last Update did not take all of its key: a
	// digits or number field refuses anything but 0-9, and a number field
	// refuses a digit that would take it past Max. The screen says so.
	Refused Refusal
	fresh   bool // a number field just focused: the first digit typed replaces the value
}

// Refusal is why a field did not take a key.
type Refusal int

const (
	RefusedNone     Refusal = iota
	RefusedNotDigit         // a key other than 0-9 in a digits or number field
	RefusedTooLarge         // a digit that would take a number field past Max
)

// NewText returns a text field; digits restricts it to ASCII digits.
func NewText(label, value string, digits bool) *Field {
	in := Input{CharLimit: 200}
	in.SetValue(value)
	kind := KindText
	if digits {
		kind = KindDigits
		in.CharLimit = 100
	}
	return &Field{Label: label, Kind: kind, Input: in}
}

// NewNumber returns a number field.
func NewNumber(label string, v, lo, hi int) *Field {
	return &Field{Label: label, Kind: KindNumber, Num: v, Min: lo, Max: hi}
}

// NewChoice returns a choice field.
func NewChoice(label string, options []string, choice int) *Field {
	return &Field{Label: label, Kind: KindChoice, Options: options, Choice: choice}
}

// NewButton returns a button.
func NewButton(label string) *Field { return &Field{Label: label, Kind: KindButton} }

// Value is the text of a text field.
func (f *Field) Value() string { return f.Input.trimmed() }

// Typing reports whether the field takes printable keys.
func (f *Field) Typing() bool { return f.Kind == KindText || f.Kind == KindDigits }

// Focus and Blur move the cursor into and out of a text field. A number
// field, once focused, takes typed digits in place of its value; on Blur
// a number typed below Min is raised to Min.
func (f *Field) Focus() tea.Cmd {
	f.fresh = f.Kind == KindNumber
	if f.Typing() {
		return f.Input.Focus()
	}
	return nil
}

func (f *Field) Blur() {
	f.Input.Blur()
	f.fresh = false
	if f.Kind == KindNumber {
		f.Num = max(f.Min, min(f.Max, f.Num))
	}
}

// Update handles a key for the focused field and reports whether the
// value changed.
func (f *Field) Update(msg tea.KeyMsg) (bool, tea.Cmd) {
	f.Refused = RefusedNone
	switch f.Kind {
	case KindText, KindDigits:
		if f.Kind == KindDigits && msg.Type == tea.KeyRunes {
			kept := make([]rune, 0, len(msg.Runes))
			for _, r := range msg.Runes {
				if r >= '0' && r <= '9' {
					kept = append(kept, r)
				} else {
					f.Refused = RefusedNotDigit
				}
			}
			if len(kept) == 0 {
				return false, nil
			}
			msg.Runes = kept
		}
		before := f.Input.Value()
		var cmd tea.Cmd
		f.Input, cmd = f.Input.Update(msg)
		return f.Input.Value() != before, cmd
	case KindNumber:
		before := f.Num
		switch msg.String() {
		case "left", "-":
			f.Num = max(f.Min, min(f.Max, f.Num-1))
		case "right", "+", "=":
			f.Num = max(f.Min, min(f.Max, f.Num+1))
		case "backspace":
			// Typing may pass through values below Min (0 on the way
			// from 4 to 12); the form's check reports them until a valid
			// number is typed, and Blur raises them to Min.
			f.Num /= 10
			f.fresh = false
		default:
			if msg.Type != tea.KeyRunes {
				return false, nil
			}
			// Digits arrive one by one or several in one message (typed
			// fast or pasted).
			for _, r := range msg.Runes {
				if r < '0' || r > '9' {
					f.Refused = RefusedNotDigit
					continue
				}
				n := int(r - '0')
				if !f.fresh {
					n += f.Num * 10
				}
				if n > f.Max {
					f.Refused = RefusedTooLarge
					continue
				}
				f.Num, f.fresh = n, false
			}
		}
		return f.Num != before, nil
	case KindChoice:
		before := f.Choice
		n := len(f.Options)
		if n == 0 {
			return false, nil
		}
		switch msg.String() {
		case "left":
			f.Choice = (f.Choice + n - 1) % n
		case "right", " ":
			f.Choice = (f.Choice + 1) % n
		}
		return f.Choice != before, nil
	}
	return false, nil
}

// View draws the field as "label  value", the label padded to labelWidth.
func (f *Field) View(focused bool, labelWidth, width int, label, focus, value, note lipgloss.Style) string {
	marker := "  "
	if focused {
		marker = "> "
	}
	if f.Kind == KindButton {
		b := "[ " + f.Label + " ]"
		if focused {
			return marker + focus.Render(b)
		}
		return marker + value.Render(b)
	}
	l := Fit(f.Label, labelWidth, false)
	if focused {
		l = focus.Render(l)
	} else {
		l = label.Render(l)
	}
	var v string
	switch f.Kind {
	case KindText, KindDigits:
		f.Input.Width = max(4, width-labelWidth-6)
		v = f.Input.View()
		if f.Hint != "" && f.Input.Value() == "" {
			// The hint starts where the value would: under the cursor
			// when focused.
			hint := f.Hint
			if lipgloss.Width(hint) > f.Input.Width {
				hint = ansi.Truncate(hint, f.Input.Width, "~")
			}
			v = note.Render(hint)
			if focused {
				first, size := utf8.DecodeRuneInString(hint)
				v = cursorStyle.Render(string(first)) + note.Render(hint[size:])
			}
		}
	case KindNumber:
		v = strconv.Itoa(f.Num)
		if focused {
			v = "< " + v + " >"
		}
		v = value.Render(v)
	case KindChoice:
		if len(f.Options) > 0 {
			v = f.Options[f.Choice]
		}
		if focused {
			v = "< " + v + " >"
		}
		v = value.Render(v)
	}
	if f.Note != "" && (f.Kind == KindText || f.Kind == KindDigits) {
		// The note starts at the same column focused or not: the cursor
		// takes a cell after the value, so the value gets it too.
		// (Not when that would pass the width.)
		pad := min(f.Input.Width, lipgloss.Width(f.Input.Value())+1) - lipgloss.Width(v)
		if pad > 0 && lipgloss.Width(marker+l+"  "+v)+pad+2+lipgloss.Width(f.Note) <= width {
			v += strings.Repeat(" ", pad)
		}
	}
	out := marker + l + "  " + v
	if f.Note != "" {
		out += "  " + note.Render(f.Note)
	}
	return out
}

// Form is a list of fields with one focused.
type Form struct {
	Fields []*Field
	Focus  int
}

// Focused returns the focused field.
func (fm *Form) Focused() *Field { return fm.Fields[fm.Focus] }

// Move moves the focus by d, wrapping.
func (fm *Form) Move(d int) tea.Cmd {
	fm.Fields[fm.Focus].Blur()
	n := len(fm.Fields)
	fm.Focus = ((fm.Focus+d)%n + n) % n
	return fm.Fields[fm.Focus].Focus()
}

// Set focuses field i.
func (fm *Form) Set(i int) tea.Cmd {
	fm.Fields[fm.Focus].Blur()
	fm.Focus = i
	return fm.Fields[i].Focus()
}

// LabelWidth is the width of the widest label.
func (fm *Form) LabelWidth() int {
	w := 0
	for _, f := range fm.Fields {
		if f.Kind != KindButton {
			w = max(w, lipgloss.Width(f.Label))
		}
	}
	return w
}
