package common

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestSendLatestKeepsTheNewest: sending never waits for the reader, and
// the reader gets the newest message, not an old one.
func TestSendLatestKeepsTheNewest(t *testing.T) {
	ch := make(chan tea.Msg, 1)
	for i := 1; i <= 5; i++ {
		SendLatest(ch, i) // would block from the second send without the replacing
	}
	if got := <-ch; got != 5 {
		t.Fatalf("the reader got %v, want the newest (5)", got)
	}
	select {
	case m := <-ch:
		t.Fatalf("a stale message is left: %v", m)
	default:
	}
}

// TestScroll: the window shows height lines from top, kept in range; all
// of the text when it fits or no height is known.
func TestScroll(t *testing.T) {
	text := "a\nb\nc\nd\ne"
	for _, tt := range []struct {
		height, top int
		want        string
		wantTop     int
	}{
		{0, 3, text, 0},
		{5, 2, text, 0},
		{2, 1, "b\nc", 1},
		{2, 9, "d\ne", 3},
		{3, -1, "a\nb\nc", 0},
	} {
		top := tt.top
		if got := Scroll(text, tt.height, &top); got != tt.want || top != tt.wantTop {
			t.Errorf("height %d top %d: %q from %d, want %q from %d", tt.height, tt.top, got, top, tt.want, tt.wantTop)
		}
	}
}
