package app_test

import (
	"testing"

	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// TestResultsEscReturnsToSeal: the results opened with o on the seal
// screen go back to that screen, on the same ceremony, with esc.
func TestResultsEscReturnsToSeal(t *testing.T) {
	h := newHarness(t, lang.ZH)
	h.toSeal()
	id := h.m.Session().ID()
	h.key("o")
	h.expectPage(common.PageResults)
	h.key("esc")
	h.expectPage(common.PageSeal)
	if s := h.m.Session(); s == nil || s.ID() != id {
		t.Fatalf("esc returned to the seal screen of %v, want %s", s, id)
	}
}
