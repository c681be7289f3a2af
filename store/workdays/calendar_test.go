package workdays

import (
	"strings"
	"testing"
	"time"
)

// The 2026 expectations below are those of the notice
// 国务院办公厅关于2026年部分节假日安排的通知 (dated 4 November 2025,
// published by Xinhua the same day):
//
//	元旦   1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
//	春节   2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
//	清明节 4月4日（周六）至6日（周一）放假，共3天。
//	劳动节 5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
//	端午节 6月19日（周五）至21日（周日）放假，共3天。
//	中秋节 9月25日（周五）至27日（周日）放假，共3天。
//	国庆节 10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
//
// In 2026 Mid-Autumn (25 September) does not fall in the National Day week,
// unlike 2020, 2023 and 2025; the two holidays are separate. lunar-go (v1.4.6, v1.4.7)
// holds exactly these 39 entries for 2026 (checked entry by entry).

func d(y int, m time.Month, day int) time.Time { return Date(y, m, day) }

func TestIsWorkday2026(t *testing.T) {
	c := New(Overrides{})
	tests := []struct {
		date    time.Time
		wd      time.Weekday
		workday bool
		name    string
		why     string
	}{
		{d(2026, 1, 1), time.Thursday, false, "元旦节", "元旦"},
		{d(2026, 1, 3), time.Saturday, false, "元旦节", "元旦, a Saturday"},
		{d(2026, 1, 4), time.Sunday, true, "元旦节", "make-up Sunday for 元旦"},
		{d(2026, 1, 5), time.Monday, true, "", "ordinary Monday"},
		{d(2026, 2, 13), time.Friday, true, "", "Friday before the Spring Festival make-up day"},
		{d(2026, 2, 14), time.Saturday, true, "春节", "make-up Saturday before Spring Festival"},
		{d(2026, 2, 15), time.Sunday, false, "春节", "first day of Spring Festival (腊月二十八)"},
		{d(2026, 2, 17), time.Tuesday, false, "春节", "正月初一"},
		{d(2026, 2, 23), time.Monday, false, "春节", "last day of Spring Festival (正月初七)"},
		{d(2026, 2, 24), time.Tuesday, true, "", "first working day after Spring Festival"},
		{d(2026, 2, 28), time.Saturday, true, "春节", "make-up Saturday after Spring Festival"},
		{d(2026, 3, 1), time.Sunday, false, "", "ordinary Sunday"},
		{d(2026, 3, 7), time.Saturday, false, "", "ordinary Saturday"},
		{d(2026, 4, 6), time.Monday, false, "清明节", "清明, a Monday"},
		{d(2026, 5, 5), time.Tuesday, false, "劳动节", "劳动节, a Tuesday"},
		{d(2026, 5, 9), time.Saturday, true, "劳动节", "make-up Saturday for 劳动节"},
		{d(2026, 6, 19), time.Friday, false, "端午节", "端午"},
		{d(2026, 9, 20), time.Sunday, true, "国庆节", "make-up Sunday for National Day"},
		{d(2026, 9, 25), time.Friday, false, "中秋节", "Mid-Autumn, a Friday"},
		{d(2026, 9, 28), time.Monday, true, "", "Monday between Mid-Autumn and National Day"},
		{d(2026, 10, 1), time.Thursday, false, "国庆节", "National Day"},
		{d(2026, 10, 7), time.Wednesday, false, "国庆节", "last day of National Day"},
		{d(2026, 10, 8), time.Thursday, true, "", "first working day after National Day"},
		{d(2026, 10, 10), time.Saturday, true, "国庆节", "make-up Saturday after National Day"},
		{d(2026, 10, 11), time.Sunday, false, "", "ordinary Sunday"},
	}
	for _, tt := range tests {
		if tt.date.Weekday() != tt.wd {
			t.Fatalf("test table wrong: %s is a %s, not %s", tt.date.Format(time.DateOnly), tt.date.Weekday(), tt.wd)
		}
		day := c.Day(tt.date)
		if day.Workday != tt.workday || day.Name != tt.name || !day.Covered {
			t.Errorf("%s (%s): got workday=%v name=%q covered=%v, want workday=%v name=%q covered=true",
				tt.date.Format(time.DateOnly), tt.why, day.Workday, day.Name, day.Covered, tt.workday, tt.name)
		}
		if got := c.IsWorkday(tt.date); got != tt.workday {
			t.Errorf("IsWorkday(%s) = %v, want %v", tt.date.Format(time.DateOnly), got, tt.workday)
		}
	}
}

// An independent count of the whole of 2026: 365 days starting on a
// Thursday are 52 weeks + 1 Thursday, so 104 weekend days and 261 weekdays.
// Rest days on weekdays: 元旦 1/1, 1/2 (2); 春节 2/16–2/20, 2/23 (6);
// 清明 4/6 (1); 劳动节 5/1, 5/4, 5/5 (3); 端午 6/19 (1); 中秋 9/25 (1);
// 国庆 10/1, 10/2, 10/5–10/7 (5): 19. Make-up weekend days: 1/4, 2/14, 2/28,
// 5/9, 9/20, 10/10: 6. Working days = 261 − 19 + 6 = 248.
//
// 2027 is covered (lunar-go v1.4.7), so the whole of 2026 is final.
func TestWorkdaysIn2026(t *testing.T) {
	c := New(Overrides{})
	n, prov := c.WorkdaysBetween(d(2025, 12, 31), d(2026, 12, 31))
	if n != 248 || prov {
		t.Errorf("working days in 2026 = %d (provisional %v), want 248 (false)", n, prov)
	}
}

// An independent count of 2027 from the State Council's arrangement: 365
// days starting on a Friday are 104 weekend days and 261 weekdays. Rest
// days on weekdays: 元旦 1/1 (1); 春节 2/5, 2/8–2/12 (6); 清明 4/5 (1);
// 劳动节 5/3–5/5 (3); 端午 6/9 (1); 中秋 9/15 (1); 国庆 10/1, 10/4–10/7 (5):
// 18. Make-up weekend days: 1/31, 2/14, 5/8, 9/26, 10/9: 5. Working days =
// 261 − 18 + 5 = 248. From 25 December on it waits for the 2028 notice.
func TestWorkdaysIn2027(t *testing.T) {
	c := New(Overrides{})
	n, prov := c.WorkdaysBetween(d(2026, 12, 31), d(2027, 12, 31))
	if n != 248 || !prov {
		t.Errorf("working days in 2027 = %d (provisional %v), want 248 (true)", n, prov)
	}
	if _, prov := c.WorkdaysBetween(d(2026, 12, 31), d(2027, 12, 24)); prov {
		t.Error("1 January – 24 December 2027 should not be provisional")
	}
}

func TestCoverage(t *testing.T) {
	c := New(Overrides{})
	first, last := c.BuiltinYears()
	// If this fails after upgrading lunar-go, the new table covers more
	// years: update the expectation, DESIGN.md and the package doc.
	if first != 2002 || last != 2027 {
		t.Errorf("BuiltinYears() = %d, %d; want 2002, 2027 (lunar-go v1.4.7)", first, last)
	}
	for y := 2002; y <= 2027; y++ {
		if !c.Covered(y) {
			t.Errorf("Covered(%d) = false, want true", y)
		}
	}
	for _, y := range []int{1999, 2001, 2028, 2031} {
		if c.Covered(y) {
			t.Errorf("Covered(%d) = true, want false", y)
		}
	}
	// Not covered: only the week is known. 1 January 2031 is a Wednesday
	// and, without an override, is (wrongly, but knowingly) a working day.
	day := c.Day(d(2031, 1, 1))
	if !day.Workday || day.Covered || day.Source != SourceWeek {
		t.Errorf("2031-01-01 = %+v, want a provisional weekday", day)
	}
	if c.IsWorkday(d(2031, 1, 4)) { // Saturday
		t.Error("2031-01-04 (Saturday) is a working day")
	}
}

func TestAddWorkdays(t *testing.T) {
	c := New(Overrides{})
	tests := []struct {
		name        string
		start       time.Time
		n           int
		want        time.Time
		provisional bool
	}{
		// Publication due for an inspection ending Wed 2026-09-30, by hand:
		// 10/1–10/7 National Day (rest); 10/8 Thu 1, 10/9 Fri 2,
		// 10/10 Sat make-up 3, 10/11 Sun rest; 10/12–10/16 4–8;
		// 10/19–10/23 9–13; 10/26–10/30 14–18; 11/2 Mon 19, 11/3 Tue 20.
		// (Weekends only would give 10/28: the holiday costs 4 working days.)
		{"20 days across National Day", d(2026, 9, 30), 20, d(2026, 11, 3), false},
		// From Fri 2026-09-18: 9/19 Sat rest; 9/20 Sun make-up 1;
		// 9/21–9/24 2–5; 9/25–9/27 Mid-Autumn (rest); 9/28–9/30 6–8;
		// 10/1–10/7 rest; 10/8 9, 10/9 10, 10/10 Sat 11; 10/12–10/16 12–16;
		// 10/19 17, 10/20 18, 10/21 19, 10/22 Thu 20.
		{"20 days across Mid-Autumn and National Day", d(2026, 9, 18), 20, d(2026, 10, 22), false},
		// From Tue 2026-02-10: 2/11 1, 2/12 2, 2/13 3, 2/14 Sat make-up 4;
		// 2/15–2/23 Spring Festival; 2/24–2/27 5–8; 2/28 Sat make-up 9;
		// 3/1 Sun rest; 3/2–3/6 10–14; 3/9–3/13 15–19; 3/16 Mon 20.
		{"20 days across Spring Festival", d(2026, 2, 10), 20, d(2026, 3, 16), false},
		{"next day is a make-up Saturday", d(2026, 2, 13), 1, d(2026, 2, 14), false},
		{"make-up Saturday to after the holiday", d(2026, 2, 14), 1, d(2026, 2, 24), false},
		{"start on a holiday does not count", d(2026, 10, 3), 1, d(2026, 10, 8), false},
		{"ordinary weekend", d(2026, 3, 6), 1, d(2026, 3, 9), false},
		{"zero", d(2026, 10, 3), 0, d(2026, 10, 3), false},
		{"backwards over National Day", d(2026, 10, 8), -1, d(2026, 9, 30), false},
		{"backwards over Spring Festival", d(2026, 2, 24), -2, d(2026, 2, 13), false},
		// From Thu 2026-12-10: 12/11 1; 12/14–12/18 2–6; 12/21–12/25 7–11;
		// 12/28–12/31 12–15; Fri 2027-01-01 元旦 (rest), 1/2–1/3 weekend;
		// 1/4–1/8 16–20.
		{"into 2027 across 元旦", d(2026, 12, 10), 20, d(2027, 1, 8), false},
		// From Fri 2027-12-10: 12/13–12/17 1–5; 12/20–12/24 6–10;
		// 12/27–12/31 11–15; 2028 is not covered: 1/3–1/7 16–20.
		{"into a year not covered", d(2027, 12, 10), 20, d(2028, 1, 7), true},
		{"entirely in a year not covered", d(2031, 3, 3), 5, d(2031, 3, 10), true},
		// The last days of 2027 wait for the 2028 notice; 2026's are final.
		{"up to 24 December 2027 is final", d(2027, 12, 23), 1, d(2027, 12, 24), false},
		{"after 24 December 2027 is provisional", d(2027, 12, 24), 1, d(2027, 12, 27), true},
		{"end of December 2026 is final", d(2026, 12, 24), 1, d(2026, 12, 25), false},
		// 2027's Spring Festival: from Thu 2027-02-04: 2/5–2/13 rest;
		// Sun 2/14 make-up 1; 2/15 Mon 2.
		{"2027 Spring Festival and its make-up Sunday", d(2027, 2, 4), 2, d(2027, 2, 15), false},
		// 2025 is followed by covered 2026: its end of December is final.
		{"end of December 2025 is final", d(2025, 12, 26), 3, d(2025, 12, 31), false},
	}
	for _, tt := range tests {
		got, prov := c.AddWorkdays(tt.start, tt.n)
		if !got.Equal(tt.want) || prov != tt.provisional {
			t.Errorf("%s: AddWorkdays(%s, %d) = %s, %v; want %s, %v", tt.name,
				tt.start.Format(time.DateOnly), tt.n, got.Format(time.DateOnly), prov,
				tt.want.Format(time.DateOnly), tt.provisional)
		}
		if got.Location() != time.UTC || got.Hour() != 0 {
			t.Errorf("%s: result %v is not midnight UTC", tt.name, got)
		}
	}
}

func TestAddWorkdaysCivilDate(t *testing.T) {
	c := New(Overrides{})
	// 23:30 on 30 September in Beijing is 15:30 UTC the same day, but
	// 00:30 on 1 October in Beijing is still 30 September in UTC: the civil
	// date is read in the time's own zone.
	cst := time.FixedZone("CST", 8*3600)
	got, _ := c.AddWorkdays(time.Date(2026, 9, 30, 23, 30, 0, 0, cst), 20)
	if !got.Equal(d(2026, 11, 3)) {
		t.Errorf("late on 9/30 in CST: got %s, want 2026-11-03", got.Format(time.DateOnly))
	}
	got, _ = c.AddWorkdays(time.Date(2026, 10, 1, 0, 30, 0, 0, cst), 1)
	if !got.Equal(d(2026, 10, 8)) {
		t.Errorf("early on 10/1 in CST: got %s, want 2026-10-08", got.Format(time.DateOnly))
	}
}

// AddWorkdays and WorkdaysBetween agree for every start day of 2026 and
// every n up to 30, and the due date is always a working day.
func TestAddWorkdaysInverse(t *testing.T) {
	c := New(Overrides{})
	for s := d(2026, 1, 1); s.Year() == 2026; s = s.AddDate(0, 0, 1) {
		for n := 1; n <= 30; n++ {
			due, prov := c.AddWorkdays(s, n)
			if !c.IsWorkday(due) {
				t.Fatalf("AddWorkdays(%s, %d) = %s, not a working day", s.Format(time.DateOnly), n, due.Format(time.DateOnly))
			}
			back, prov2 := c.WorkdaysBetween(s, due)
			if back != n || prov != prov2 {
				t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; want %d, %v", s.Format(time.DateOnly), due.Format(time.DateOnly), back, prov2, n, prov)
			}
			if before, _ := c.WorkdaysBetween(s, due.AddDate(0, 0, -1)); before != n-1 {
				t.Fatalf("day before due %s has %d working days, want %d", due.Format(time.DateOnly), before, n-1)
			}
			if b, _ := c.AddWorkdays(due, -n); c.IsWorkday(s) && !b.Equal(s) {
				t.Fatalf("AddWorkdays(AddWorkdays(%s, %d), %d) = %s", s.Format(time.DateOnly), n, -n, b.Format(time.DateOnly))
			}
		}
	}
}

func TestOverrideUncoveredYear(t *testing.T) {
	o, err := ParseOverrides(strings.NewReader("2031-01-01 休 元旦\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := New(o)
	if c.IsWorkday(d(2031, 1, 1)) {
		t.Error("override rest day 2031-01-01 is a working day")
	}
	if got := c.Day(d(2031, 1, 1)); got.Source != SourceOverride || got.Name != "元旦" {
		t.Errorf("Day(2031-01-01) = %+v, want override 元旦", got)
	}
	if c.Covered(2031) {
		t.Error("one rest day must not make 2031 covered")
	}
	// Tue 2030-12-31 + 1: 2031-01-01 is now a rest day, Thu 1/2 is due;
	// 2031 is still not complete, so provisional.
	due, prov := c.AddWorkdays(d(2030, 12, 31), 1)
	if !due.Equal(d(2031, 1, 2)) || !prov {
		t.Errorf("AddWorkdays(2030-12-31, 1) = %s, %v; want 2031-01-02, true", due.Format(time.DateOnly), prov)
	}

	o, err = ParseOverrides(strings.NewReader("2031 完整 测试用通知\n2031-01-01 休 元旦\n"))
	if err != nil {
		t.Fatal(err)
	}
	c = New(o)
	if !c.Covered(2031) {
		t.Error("2031 declared complete but not covered")
	}
	if due, prov := c.AddWorkdays(d(2031, 1, 1), 1); !due.Equal(d(2031, 1, 2)) || prov {
		t.Errorf("AddWorkdays in complete 2031 = %s, %v; want 2031-01-02, false", due.Format(time.DateOnly), prov)
	}
	// 2030 is still uncovered: a span touching it stays provisional.
	if _, prov := c.AddWorkdays(d(2030, 12, 30), 2); !prov {
		t.Error("span through 2030-12-31 should be provisional")
	}
	// And the end of December 2031 waits for 2032.
	if day := c.Day(d(2031, 12, 28)); day.Covered {
		t.Error("2031-12-28 covered although 2032 is not")
	}
}

func TestOverrideBeatsOfficial(t *testing.T) {
	// A local correction: declare the make-up Saturday 2026-10-10 a rest day
	// and Monday 2026-10-12 a rest day.
	o, err := ParseOverrides(strings.NewReader("2026-10-10 休 更正\n2026-10-12 休\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := New(o)
	if c.IsWorkday(d(2026, 10, 10)) || c.IsWorkday(d(2026, 10, 12)) {
		t.Error("override did not take precedence over lunar-go")
	}
	if !c.Covered(2026) {
		t.Error("2026 must stay covered")
	}
	// 9/30 + 3: 10/8 1, 10/9 2, 10/13 3.
	if due, _ := c.AddWorkdays(d(2026, 9, 30), 3); !due.Equal(d(2026, 10, 13)) {
		t.Errorf("due = %s, want 2026-10-13", due.Format(time.DateOnly))
	}
}
