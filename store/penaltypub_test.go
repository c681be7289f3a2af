package store_test

import (
	"strings"
	"testing"

	"shuangsui/store"
	"shuangsui/store/report/fixture"
	"shuangsui/store/workdays"
)

// A penalty decided on Friday 2026-11-20 is due on 2026-12-01, seven
// working days later; its state moves as the days pass and once it is
// published; publishing it on a bad date or twice without a reason is
// refused, naming why.
func TestPenaltyPublicationDeadline(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	if _, err := f.DB.PutPenalty(testPenalty()); err != nil {
		t.Fatal(err)
	}
	cal := workdays.New(workdays.Overrides{})
	for _, tc := range []struct {
		today, state string
		left         int
	}{
		{"2026-11-20", store.PubPending, 7},
		{"2026-11-24", store.PubDueSoon, 5},
		{"2026-12-01", store.PubDueSoon, 0},
		{"2026-12-02", store.PubOverdue, -1},
		{"2026-12-07", store.PubOverdue, -4},
	} {
		ps, err := f.DB.PenaltyPublications(cal, tc.today)
		if err != nil || len(ps) != 1 {
			t.Fatalf("%s: %v %v", tc.today, ps, err)
		}
		if p := ps[0]; p.Due != "2026-12-01" || p.Provisional || p.State != tc.state || p.Left != tc.left {
			t.Errorf("as of %s: due %s state %s left %d; want 2026-12-01 %s %d", tc.today, p.Due, p.State, p.Left, tc.state, tc.left)
		}
	}
	no := testPenalty().DecisionNo
	for _, tc := range []struct{ no, date, by, reason, want string }{
		{"承统罚决字〔2026〕第9号", "2026-11-24", "王", "", "没有决定书文号"},
		{no, "2026-11-19", "王", "", "早于处罚决定日期"},
		{no, "2026-11-26", "王", "", "晚于今天"},
		{no, "2026/11/24", "王", "", "不是 YYYY-MM-DD"},
		{no, "2026-11-24", " ", "", "未填写登记人"},
	} {
		if err := f.DB.PublishPenalty(tc.no, tc.date, tc.by, tc.reason); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("PublishPenalty(%q, %q, %q): %v, want %q", tc.no, tc.date, tc.by, err, tc.want)
		}
	}
	if err := f.DB.PublishPenalty(" "+no+" ", "2026-11-24", "王公示", ""); err != nil {
		t.Fatal(err)
	}
	if err := f.DB.PublishPenalty(no, "2026-11-24", "王公示", ""); err != nil {
		t.Errorf("the same date again: %v", err)
	}
	if err := f.DB.PublishPenalty(no, "2026-11-25", "王公示", ""); err == nil || !strings.Contains(err.Error(), "须写明理由") {
		t.Errorf("another date without a reason: %v", err)
	}
	ps, _ := f.DB.PenaltyPublications(cal, "2026-12-07")
	if ps[0].State != store.PubPublished || ps[0].Penalty.Published != "2026-11-24" {
		t.Errorf("published: %+v", ps[0])
	}
	if err := f.DB.PublishPenalty(no, "2026-11-25", "王公示", "公示网站日期核对"); err != nil {
		t.Fatal(err)
	}
	if problems, err := f.DB.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}
