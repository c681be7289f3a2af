package imports

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestPulse: the bar keeps its width at every frame, moves to and fro, and
// draws with ASCII only when there is no colour.
func TestPulse(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	seen := map[int]bool{}
	for frame := range 200 {
		p := Pulse(40, frame, lipgloss.Color("4"))
		if w := lipgloss.Width(p); w != 40 {
			t.Fatalf("frame %d: %d cells: %q", frame, w, p)
		}
		if strings.Trim(p, "[]#.") != "" || strings.Count(p, "#") != 7 {
			t.Fatalf("frame %d: %q", frame, p)
		}
		seen[strings.Index(p, "#")] = true
	}
	if !seen[1] || !seen[40-1-7] {
		t.Errorf("the block does not reach both ends: %v", seen)
	}
}

// TestPlain: ambiguous-width punctuation in importer messages becomes ASCII.
func TestPlain(t *testing.T) {
	if got := Plain("请在“校验码例外”列填“是”…"); got != `请在"校验码例外"列填"是"...` {
		t.Fatalf("%q", got)
	}
}
