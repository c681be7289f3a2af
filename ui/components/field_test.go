package components

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// TestNumberTyped: a focused number field takes typed digits in place of
// its value, then appends them; several digits may come in one message;
// backspace drops the last; a digit past Max and a letter are refused and
// say why; a number left below Min is raised to it on Blur.
func TestNumberTyped(t *testing.T) {
	f := NewNumber("m", 4, 1, 999)
	f.Focus()
	f.Update(keyRunes("2"))
	f.Update(keyRunes("00"))
	if f.Num != 200 || f.Refused != RefusedNone {
		t.Fatalf("typed 200: %d (refused %d)", f.Num, f.Refused)
	}
	f.Update(keyRunes("0"))
	if f.Num != 200 || f.Refused != RefusedTooLarge {
		t.Fatalf("2000 past 999: %d (refused %d)", f.Num, f.Refused)
	}
	f.Update(keyRunes("x"))
	if f.Num != 200 || f.Refused != RefusedNotDigit {
		t.Fatalf("a letter: %d (refused %d)", f.Num, f.Refused)
	}
	f.Update(keyType("backspace"))
	f.Update(keyType("backspace"))
	f.Update(keyType("backspace"))
	if f.Num != 0 {
		t.Fatalf("after three backspaces: %d", f.Num)
	}
	f.Blur()
	if f.Num != 1 {
		t.Fatalf("0 left below the minimum 1: %d", f.Num)
	}
	f.Focus()
	f.Update(keyType("left"))
	if f.Num != 1 {
		t.Fatalf("left below the minimum: %d", f.Num)
	}
	f.Update(keyRunes("7"))
	if f.Num != 7 {
		t.Fatalf("a digit after left does not replace the value: %d", f.Num)
	}
}

// TestDigitsRefused: a digits field keeps the digits of a message and
// says that the rest was refused.
func TestDigitsRefused(t *testing.T) {
	d := NewText("数字", "", true)
	d.Focus()
	d.Update(keyRunes("12a45"))
	if d.Value() != "1245" || d.Refused != RefusedNotDigit {
		t.Fatalf("value %q, refused %d", d.Value(), d.Refused)
	}
	d.Update(keyRunes("6"))
	if d.Value() != "12456" || d.Refused != RefusedNone {
		t.Fatalf("value %q, refused %d", d.Value(), d.Refused)
	}
}

// TestHint: a text field's hint stands in the value's column while the
// field is empty, focused or not, and goes once text is typed; a Note
// stays.
func TestHint(t *testing.T) {
	plain := lipgloss.NewStyle()
	value := NewText("名称", "值", false)
	hint := NewText("名称", "", false)
	hint.Hint = "如 甲=1"
	at := func(f *Field, focused bool, s string) int {
		v := f.View(focused, 4, 60, plain, plain, plain, plain)
		i := strings.Index(v, s)
		if i < 0 {
			t.Fatalf("%q not in %q", s, v)
		}
		return lipgloss.Width(v[:i])
	}
	col := at(value, false, "值")
	if c := at(hint, false, "如 甲=1"); c != col {
		t.Errorf("hint at %d, values at %d", c, col)
	}
	hint.Focus()
	if c := at(hint, true, "如 甲=1"); c != col {
		t.Errorf("focused hint at %d, values at %d", c, col)
	}
	hint.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("乙")})
	if v := hint.View(true, 4, 60, plain, plain, plain, plain); strings.Contains(v, "如") {
		t.Errorf("the hint stays after typing: %q", v)
	}
	noted := NewText("名称", "值", false)
	noted.Note = "说明"
	if v := noted.View(false, 4, 60, plain, plain, plain, plain); !strings.Contains(v, "值   说明") { // the cursor's cell, then two spaces
		t.Errorf("the note does not follow the value: %q", v)
	}
}

// TestNoteDoesNotShift: a field's note starts at the same column whether
// the field is focused (the cursor takes a cell) or not.
func TestNoteDoesNotShift(t *testing.T) {
	f := NewText("检查开始日期", "2026-11-20", false)
	f.Note = "YYYY-MM-DD"
	col := func(focused bool) int {
		if focused {
			f.Focus()
		} else {
			f.Blur()
		}
		v := ansi.Strip(f.View(focused, 12, 60, lipgloss.NewStyle(), lipgloss.NewStyle(), lipgloss.NewStyle(), lipgloss.NewStyle()))
		return lipgloss.Width(v[:strings.Index(v, "YYYY")])
	}
	if a, b := col(false), col(true); a != b {
		t.Errorf("the note starts at column %d unfocused, %d focused", a, b)
	}
}
