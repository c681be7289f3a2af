package components

import (
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	runewidth.DefaultCondition.EastAsianWidth = false
	os.Exit(m.Run())
}

// TestTableEqualWidths: every line of a table with Chinese and ASCII cells
// has the same width, and a narrow table truncates the flexible column.
func TestTableEqualWidths(t *testing.T) {
	tb := Table{
		Headers: []string{"序号", "单位代码", "单位名称", "类别"},
		Rows: [][]string{
			{"1", "91130802MA00000026", "避暑山庄商贸有限公司", "规上服务业"},
			{"2", "X1", "ABC Trading Co", "其他"},
			{"10", "91130802MA0000006J", "承德高新技术产业开发区某某很长名字的公司", "限上批零住餐"},
		},
		Flex: 2, Right: map[int]bool{0: true},
	}
	for _, w := range []int{100, 60, 40} {
		lines := strings.Split(tb.Render(w), "\n")
		first := lipgloss.Width(lines[0])
		for i, l := range lines {
			if lw := lipgloss.Width(l); lw != first || lw > w {
				t.Errorf("width %d: line %d is %d cells (first %d): %q", w, i, lw, first, l)
			}
			if rw := runewidth.StringWidth(l); rw != lipgloss.Width(l) {
				t.Errorf("width %d: runewidth %d != lipgloss %d: %q", w, rw, lipgloss.Width(l), l)
			}
		}
	}
}

// TestBig: big digits are 4s wide per character plus gaps, 5 lines at
// scale 1, and drawn with '#' without colour.
func TestBig(t *testing.T) {
	out := Big("0a-9", 1, lipgloss.Color("4"))
	lines := strings.Split(out, "\n")
	if len(lines) != BigHeight {
		t.Fatalf("%d lines", len(lines))
	}
	want := ".##.............##."
	if got := strings.ReplaceAll(lines[0], " ", "."); got != strings.ReplaceAll(want, " ", ".") {
		t.Errorf("first line %q, want %q", got, want)
	}
	for _, l := range lines {
		if lipgloss.Width(l) > BigWidth("0a-9", 1) {
			t.Errorf("line %q wider than BigWidth %d", l, BigWidth("0a-9", 1))
		}
	}
	if _, ok := BigFit("0123 4567 89ab cdef", 60, 11, 1, lipgloss.Color("4")); !ok {
		t.Error("two rows of two groups should fit 60x11")
	}
	if _, ok := BigFit("0123 4567 89ab cdef", 60, 5, 1, lipgloss.Color("4")); ok {
		t.Error("four groups do not fit 60x5")
	}
}

// TestInput: runes (Chinese arrives whole), backspace, cursor moves.
func TestInput(t *testing.T) {
	f := NewText("姓名", "", false)
	f.Focus()
	f.Update(keyRunes("张三"))
	f.Update(keyType("left"))
	f.Update(keyRunes("小"))
	if got := f.Value(); got != "张小三" {
		t.Fatalf("value %q", got)
	}
	d := NewText("数字", "", true)
	d.Focus()
	d.Update(keyRunes("1a2三3"))
	if got := d.Value(); got != "123" {
		t.Fatalf("digits %q", got)
	}
}
