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
