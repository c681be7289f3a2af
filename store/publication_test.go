package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/store"
	"shuangsui/store/report/fixture"
	"shuangsui/store/workdays"
)

// Due dates worked out by hand on the 2026 State Council arrangement.
func TestPublicationDueCalendarEdges(t *testing.T) {
	cal := workdays.New(workdays.Overrides{})
	for _, tc := range []struct {
		name, end, due string
		prov           bool
	}{
		// Fri 13 Feb; Sat 14 Feb is a make-up working day (1), 15–23 Feb
		// Spring Festival, 24–27 Feb (2–5), Sat 28 Feb make-up (6),
		// 2–6 Mar (7–11), 9–13 Mar (12–16), 16–19 Mar (17–20).
		{"Spring Festival and two make-up Saturdays", "2026-02-13", "2026-03-19", false},
		// Ends on the make-up Saturday itself: it does not count; 15–23 off,
		// 24–27 (1–4), 28 (5), 2–6 Mar (6–10), 9–13 (11–15), 16–20 (16–20).
		{"ends on a make-up Saturday", "2026-02-14", "2026-03-20", false},
		// Wed 30 Sep; 1–7 Oct National Day, 8–9 Oct (1–2), Sat 10 Oct
		// make-up (3), then five-day weeks: 3 Nov is the 20th.
		{"National Day", "2026-09-30", "2026-11-03", false},
		{"an ordinary June", "2026-06-01", "2026-06-30", false},
		// Mid-December 2026 into 2027 (covered by lunar-go v1.4.7):
		// 12/16–12/18 1–3, 12/21–12/25 4–8, 12/28–12/31 9–12, 1/1 元旦,
		// 1/4–1/8 13–17, 1/11–1/13 18–20.
		{"into 2027 across 元旦", "2026-12-15", "2027-01-13", false},
		// Mid-December 2027 into 2028, not yet covered: 12/16–12/17 1–2,
		// 12/20–12/24 3–7, 12/27–12/31 8–12, 1/3–1/7 13–17, 1/10–1/12 18–20.
		{"into an uncovered year", "2027-12-15", "2028-01-12", true},
		{"inside an uncovered year", "2028-03-01", "2028-03-29", true},
	} {
		due, prov, err := store.PublicationDue(cal, tc.end)
		if err != nil || due != tc.due || prov != tc.prov {
			t.Errorf("%s: end %s → %s provisional %v (%v), want %s %v", tc.name, tc.end, due, prov, err, tc.due, tc.prov)
		}
	}
	if _, _, err := store.PublicationDue(cal, "2026-13-01"); err == nil {
		t.Error("a bad end date was accepted")
	}
}

// The override file, named by the setting or by the caller, makes a
// year covered: the due date is no longer provisional.
func TestOverrideFileCoversAYear(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	cal, path, err := f.DB.LoadCalendar("")
	if err != nil || path != "" {
		t.Fatal(path, err)
	}
	if _, prov, _ := store.PublicationDue(cal, "2028-03-01"); !prov {
		t.Fatal("2028 is covered without an override")
	}
	file := filepath.Join(t.TempDir(), "holidays.txt")
	text := "# 测试用,日期虚构\n2028 完整 测试通知\n2028-03-02 休 测试假日\n"
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.DB.PutSetting(store.SettingHolidaysFile, []byte(file)); err != nil {
		t.Fatal(err)
	}
	cal, path, err = f.DB.LoadCalendar("")
	if err != nil || path != file {
		t.Fatal(path, err)
	}
	due, prov, _ := store.PublicationDue(cal, "2028-03-01")
	if prov || due != "2028-03-30" {
		t.Fatalf("with the override: %s provisional %v, want 2028-03-30 final", due, prov)
	}
	if _, _, err := f.DB.LoadCalendar(filepath.Join(t.TempDir(), "missing.txt")); err == nil || !strings.Contains(err.Error(), "节假日调整文件") {
		t.Fatalf("missing override file: %v", err)
	}
}

func TestOverdueDetection(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	cal := workdays.New(workdays.Overrides{})
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	r := f.Put(t, units[0], "2026-09-28", "2026-09-30", store.CodeNoProblem) // due 2026-11-03
	for _, tc := range []struct {
		today, state string
		left         int
	}{
		{"2026-10-09", store.PubPending, 18},
		{"2026-10-26", store.PubPending, 6},
		{"2026-10-27", store.PubDueSoon, 5},
		{"2026-11-01", store.PubDueSoon, 2}, // a Sunday
		{"2026-11-03", store.PubDueSoon, 0},
		{"2026-11-04", store.PubOverdue, -1},
		{"2026-11-09", store.PubOverdue, -4},
	} {
		p, err := store.PublicationOf(cal, r, tc.today)
		if err != nil || p.State != tc.state || p.Left != tc.left || p.Due != "2026-11-03" {
			t.Errorf("as of %s: %+v %v, want %s %d", tc.today, p, err, tc.state, tc.left)
		}
	}
	att, err := f.DB.Attention(cal, "2026-11-04")
	if err != nil || len(att) != 1 || att[0].State != store.PubOverdue {
		t.Fatalf("attention %+v %v", att, err)
	}
	// Publishing: not before the end, not after today; late is late.
	if err := f.DB.MarkPublished(f.S.ID(), units[0], "2026-09-29", "王公示", ""); err == nil || !strings.Contains(err.Error(), "早于检查结束日期") {
		t.Fatalf("published before the end: %v", err)
	}
	if err := f.DB.MarkPublished(f.S.ID(), units[0], "2026-11-26", "王公示", ""); err == nil || !strings.Contains(err.Error(), "晚于今天") {
		t.Fatalf("published tomorrow: %v", err)
	}
	if err := f.DB.MarkPublished(f.S.ID(), units[1], "2026-11-02", "王公示", ""); err == nil || !strings.Contains(err.Error(), "还没有检查结果") {
		t.Fatalf("published without a result: %v", err)
	}
	if err := f.DB.MarkPublished(f.S.ID(), units[0], "2026-11-04", "王公示", ""); err != nil {
		t.Fatal(err)
	}
	r, _, _ = f.DB.Result(f.S.ID(), units[0])
	if p, _ := store.PublicationOf(cal, r, "2026-11-25"); p.State != store.PubPublishedLate {
		t.Fatalf("published a day late: %+v", p)
	}
	if att, _ := f.DB.Attention(cal, "2026-11-25"); len(att) != 0 {
		t.Fatalf("a published result still needs attention: %+v", att)
	}
	// A correction keeps the publication date.
	again := f.Correct(t, "结束日期填错", units[0], "2026-09-28", "2026-09-29", store.CodeNoProblem)
	if again.Published != "2026-11-04" {
		t.Fatalf("correction lost the publication: %+v", again)
	}
}

func TestPublicationTable(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2028-03-10")
	cal := workdays.New(workdays.Overrides{})
	county := f.Counties()[0]
	units := f.S.Ceremony().CurrentUnits(county)
	f.Put(t, units[0], "2026-09-28", "2026-09-30", store.CodeNoProblem)
	f.Put(t, units[1], "2028-03-01", "2028-03-01", "迟报统计资料", "发现问题已责令改正")
	rows, err := f.DB.PublicationTable(cal, "2026年第二轮")
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %+v %v", rows, err)
	}
	r0, r1 := rows[0], rows[1]
	if r0.USCC > r1.USCC {
		r0, r1 = r1, r0
	}
	if r0.Inspected != "2026-09-28至2026-09-30" || r0.Due != "2026-11-03" || r0.Organisation != "承德市统计局" ||
		r1.Result != "迟报统计资料；发现问题已责令改正" || r1.Due != "2028-03-29(暂定)" || r1.Inspected != "2028-03-01" {
		t.Fatalf("rows %+v / %+v", r0, r1)
	}
	if _, err := f.DB.PublicationTable(cal, "2031年第一轮"); err == nil {
		t.Fatal("an unknown round gave a table")
	}
}

// Publishing names a wrong or unsealed ceremony before looking for the
// result, and needs to know who recorded it.
func TestMarkPublishedChecksCeremonyAndRecorder(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-28", "2026-09-30", store.CodeNoProblem)
	open, err := f.DB.NewCeremony()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ ceremony, unit, by, want string }{
		{"nope", units[0], "王公示", "仪式 nope: 未找到"},
		{open, units[0], "王公示", "仪式 " + open + " 尚未封存"},
		{f.S.ID(), units[0], " ", "未填写登记人"},
	} {
		err := f.DB.MarkPublished(tc.ceremony, tc.unit, "2026-10-20", tc.by, "")
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "还没有检查结果") {
			t.Errorf("MarkPublished(%q, %q, by %q): %v, want %q", tc.ceremony, tc.unit, tc.by, err, tc.want)
		}
	}
	if r, _, _ := f.DB.Result(f.S.ID(), units[0]); r.Published != "" {
		t.Fatalf("a refused mark was stored: %+v", r)
	}
	if err := f.DB.MarkPublished(f.S.ID(), units[0], "2026-10-20", "王公示", ""); err != nil {
		t.Fatal(err)
	}
	if r, _, _ := f.DB.Result(f.S.ID(), units[0]); r.Published != "2026-10-20" || r.PublishedBy != "王公示" {
		t.Fatalf("published %+v", r)
	}
}

// The override file is remembered by its absolute path (a relative one
// given from one folder is found from another), checked before it is
// stored, and can be cleared; a stored file gone missing is named with
// the setting and the way out.
func TestHolidaysFileSetting(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hol3.txt"), []byte("2028 完整 测试通知\n2028-03-02 休 测试假日\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("这不是调整文件\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	abs, err := f.DB.SetHolidaysFile("hol3.txt")
	if want := filepath.Join(dir, "hol3.txt"); err != nil || abs != want {
		t.Fatalf("set: %q %v, want %q", abs, err, want)
	}
	if _, err := f.DB.SetHolidaysFile("bad.txt"); err == nil {
		t.Fatal("an unparseable file was stored")
	}
	if _, err := f.DB.SetHolidaysFile("missing.txt"); err == nil {
		t.Fatal("a missing file was stored")
	}
	t.Chdir(t.TempDir())
	cal, path, err := f.DB.LoadCalendar("")
	if err != nil || path != abs || !cal.Covered(2028) {
		t.Fatalf("from another folder: %q %v", path, err)
	}
	if err := os.Remove(abs); err != nil {
		t.Fatal(err)
	}
	_, _, err = f.DB.LoadCalendar("")
	for _, want := range []string{abs, store.SettingHolidaysFile, "publication holidays --set", "publication holidays --clear"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("stored file gone: %v, want %q", err, want)
		}
	}
	if err := f.DB.ClearHolidaysFile(); err != nil {
		t.Fatal(err)
	}
	if cal, path, err := f.DB.LoadCalendar(""); err != nil || path != "" || cal.Covered(2028) {
		t.Fatalf("after clearing: %q %v", path, err)
	}
}
