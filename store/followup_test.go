package store_test

import (
	"testing"

	"shuangsui/store"
	"shuangsui/store/report/fixture"
	"shuangsui/store/workdays"
)

// Problem results stay on the follow-up list until a penalty or a transfer
// follows them or a correction takes the problem out; the list is oldest
// first with the days and working days since the inspection.
func TestFollowUps(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	penalised, transferred, open, clean, fixed := units[0], units[1], units[2], f.S.Ceremony().CurrentUnits(f.Counties()[1])[0], f.S.Ceremony().CurrentUnits(f.Counties()[1])[1]
	f.Put(t, penalised, "2026-09-10", "2026-09-11", "迟报统计资料")
	f.Put(t, transferred, "2026-09-10", "2026-09-10", "提供不真实统计资料")
	f.Put(t, open, "2026-09-14", "2026-09-15", "迟报统计资料")
	f.Put(t, clean, "2026-09-10", "2026-09-11", store.CodeNoProblem)
	f.Put(t, fixed, "2026-09-08", "2026-09-09", "迟报统计资料")
	cal := workdays.New(workdays.Overrides{})
	list := func(today string) []store.FollowUp {
		t.Helper()
		got, err := f.DB.FollowUps(cal, "", today)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := list("2026-09-25"); len(got) != 4 || got[0].Result.Unit != fixed || got[3].Result.Unit != open {
		t.Fatalf("before any follow-up: %+v", got)
	}
	p := testPenalty()
	p.Ceremony, p.Unit = f.S.ID(), penalised
	if _, err := f.DB.PutPenalty(p); err != nil {
		t.Fatal(err)
	}
	if _, err := f.DB.AddTransfer(store.Transfer{Ceremony: f.S.ID(), Unit: transferred, Kind: store.TransferPolice, To: "承德市公安局", Reason: "涉嫌伪造"}, "2026-11-20", "刘"); err != nil {
		t.Fatal(err)
	}
	f.Correct(t, "复核后未发现问题", fixed, "2026-09-08", "2026-09-09", store.CodeNoProblem)
	got := list("2026-09-25")
	if len(got) != 1 || got[0].Result.Unit != open {
		t.Fatalf("after the follow-ups: %+v", got)
	}
	// 2026-09-15 (Tue) to 2026-09-25 (Fri): 10 days, 8 working days (the
	// 2026 arrangement: Sunday 09-20 is worked, Friday 09-25 is 中秋节).
	if got[0].Days != 10 || got[0].Workdays != 8 || got[0].Name == "" {
		t.Errorf("age: %d days, %d working days, name %q; want 10, 8 and a name", got[0].Days, got[0].Workdays, got[0].Name)
	}
	if got := list("2026-09-15"); got[0].Days != 0 || got[0].Workdays != 0 {
		t.Errorf("on the day it ended: %+v", got[0])
	}
	if _, err := f.DB.FollowUps(cal, "", "2026-9-25"); err == nil {
		t.Error("a bad date passed")
	}
	if got, err := f.DB.FollowUps(cal, "2099-01-01-001", "2026-09-25"); err == nil {
		t.Errorf("an unknown ceremony: %v", got)
	}
}
