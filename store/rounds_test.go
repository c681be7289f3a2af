package store

import (
	"errors"
	"strings"
	"testing"
)

// A round's period is set, replaced, listed by start date and removed; a
// draw date outside it is refused naming the period; a round without a
// period is not checked.
func TestRoundPeriods(t *testing.T) {
	db, _ := openTest(t)
	for _, tc := range []struct {
		r    Round
		want string
	}{
		{Round{Name: "2026年第二轮", From: "2026-07-01", To: "2026-12-31"}, ""},
		{Round{Name: " 2026年第一轮 ", From: "2026-03-01", To: "2026-06-30"}, ""},
		{Round{Name: "2026年第二轮", From: "2026-07-01", To: "2026-12-30"}, ""}, // replaces
		{Round{Name: "", From: "2026-03-01", To: "2026-06-30"}, "轮次名称为空"},
		{Round{Name: "x", From: "2026-06-31", To: "2026-07-30"}, "不是 YYYY-MM-DD"},
		{Round{Name: "x", From: "2026-07-01", To: "2026-06-30"}, "早于起始日期"},
		{Round{Name: "a\tb", From: "2026-07-01", To: "2026-07-30"}, "制表符"},
	} {
		err := db.PutRound(tc.r)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("PutRound(%+v) = %v, want %q", tc.r, err, tc.want)
		}
	}
	rs, err := db.Rounds()
	if err != nil || len(rs) != 2 || rs[0].Name != "2026年第一轮" || rs[1].To != "2026-12-30" {
		t.Fatalf("rounds %+v %v", rs, err)
	}
	for _, tc := range []struct {
		round, date string
		ok          bool
	}{
		{"2026年第一轮", "2026-03-01", true},
		{"2026年第一轮", "2026-06-30", true},
		{"2026年第一轮", "2026-02-28", false},
		{"2026年第一轮", "2026-07-01", false},
		{"2026年第三轮", "2026-01-01", true}, // no period: not checked
	} {
		err := db.CheckRoundDate(tc.round, tc.date)
		if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), "2026-03-01 至 2026-06-30")) {
			t.Errorf("CheckRoundDate(%s, %s) = %v, want ok %v", tc.round, tc.date, err, tc.ok)
		}
	}
	if err := db.RemoveRound("2026年第一轮"); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveRound("2026年第一轮"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing twice: %v", err)
	}
	if err := db.CheckRoundDate("2026年第一轮", "2026-01-01"); err != nil {
		t.Errorf("after removal: %v", err)
	}
}
