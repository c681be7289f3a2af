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

// Setup warns, without blocking, when the parameters cannot reach the
// matter's ratio: 50 % of the 37 enterprises is 19, and 2 counties × 4
// units once a year are 8.
func TestSetupWarnsBelowMatterRatio(t *testing.T) {
	db := fixture(t)
	must(t, func() error {
		_, err := db.ImportMatters(store.ImportOptions{}, func(put func(store.Matter) error) error {
			return put(store.Matter{Code: "SJ-001", Name: "统计数据质量检查", Basis: "《中华人民共和国统计法》第三十三条",
				Content: "统计数据真实性、准确性、完整性", Organisation: "承德市统计局", Specialty: "综合", Ratio: "不低于50%", Frequency: "每年1次"})
		})
		return err
	})
	h := newHarnessAt(t, db, lang.ZH, clock)
	h.fillSetup()
	h.toButton()
	v := h.m.View()
	if !strings.Contains(v, "参数低于事项比例") || !strings.Contains(v, "OK 可以固定名录库") {
		t.Fatalf("Setup does not warn of the ratio, or blocks:\n%s", v)
	}
	h.key("enter")
	h.expectPage(common.PageCommit)
}

// A county bureau's Setup says that its own staff may inspect (the draw
// side of the rule is tested in sampling and assets).
func TestSetupCountyBureau(t *testing.T) {
	db := fixture(t)
	must(t, func() error { return db.SetOrgLevel(store.OrgCounty) })
	h := newHarnessAt(t, db, lang.ZH, clock)
	h.fillSetup()
	h.toButton()
	v := h.m.View()
	if !strings.Contains(v, "县级统计局: 可选派本县执法人员") {
		t.Fatalf("Setup does not say the county rule:\n%s", v)
	}
}
