package app_test

import (
	"strings"
	"testing"

	"shuangsui/store"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// Setup will not start a draw dated outside the period of its round: it
// names the period where the reason is shown, and enter stays on Setup.
func TestSetupRefusesDateOutsideRound(t *testing.T) {
	db := fixture(t)
	must(t, func() error {
		return db.PutRound(store.Round{Name: "2026年第2轮", From: "2026-03-01", To: "2026-11-24"})
	})
	h := newHarnessAt(t, db, lang.ZH, clock)
	h.fillSetup()
	h.toButton()
	v := h.m.View()
	if !strings.Contains(v, "不在轮次“2026年第2") || !strings.Contains(v, "2026-03-01 至 2026-11-24") { // wrapped in the side panel
		t.Fatalf("Setup does not name the period:\n%s", v)
	}
	h.key("enter")
	h.expectPage(common.PageSetup)
}
