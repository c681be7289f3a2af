package store

import (
	"errors"
	"testing"
)

func TestMatterHistory(t *testing.T) {
	db, _ := openTest(t)
	m := Matter{Code: "TJ-01", Name: "统计数据质量检查", Basis: "《统计法》", Specialty: "综合", Ratio: "5%", EffectiveFrom: "2026-03-01"}
	other := Matter{Code: "TJ-02", Name: "统计台账检查", Specialty: "工业", EffectiveFrom: "2026-03-01"}
	steps := []struct {
		mode ImportMode
		ms   []Matter
	}{
		{Merge, []Matter{m, other}},
		{Merge, []Matter{func() Matter {
			m2 := m
			m2.Ratio = "10%"
			m2.Content = "原始记录"
			m2.EffectiveFrom = "2027-01-01"
			return m2
		}()}},
		{Replace, []Matter{other}}, // TJ-01 retired today (2026-11-25 on the test clock)
	}
	for i, s := range steps {
		if _, err := db.ImportMatters(ImportOptions{Mode: s.mode}, putAll(s.ms...)); err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
	}
	all, err := db.MatterHistory("", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		code    string
		version int
		kind    string
		summary string
	}{
		{"TJ-01", 1, MatterAdded, "新列入清单"},
		{"TJ-01", 2, MatterChanged, "抽查内容: (空) → 原始记录; 抽查比例: 5% → 10%"},
		{"TJ-01", 3, MatterRetired, "状态: 在用 → 停用"},
		{"TJ-02", 1, MatterAdded, "新列入清单"},
	}
	if len(all) != len(want) {
		t.Fatalf("history has %d versions, want %d: %+v", len(all), len(want), all)
	}
	for i, w := range want {
		g := all[i]
		if g.Code != w.code || g.Version != w.version || g.Kind != w.kind || g.Summary() != w.summary {
			t.Errorf("version %d = %s v%d %s %q, want %s v%d %s %q", i, g.Code, g.Version, g.Kind, g.Summary(), w.code, w.version, w.kind, w.summary)
		}
	}
	if all[2].Recorded != "2026-11-25" || all[2].EffectiveFrom != "2026-11-25" {
		t.Errorf("retirement recorded %q, effective %q; want both the day of the import", all[2].Recorded, all[2].EffectiveFrom)
	}
	tests := []struct {
		code, since string
		n           int
		fails       bool
	}{
		{"TJ-01", "", 3, false},
		{" TJ-01 ", "", 3, false},
		{"", "2026-11-01", 2, false}, // v2 (2027-01-01) and the retirement (2026-11-25)
		{"TJ-9", "", 0, true},
		{"", "2026-13-01", 0, true},
	}
	for _, tc := range tests {
		got, err := db.MatterHistory(tc.code, tc.since)
		if (err != nil) != tc.fails || len(got) != tc.n {
			t.Errorf("MatterHistory(%q, %q) = %d versions, %v; want %d, fails %v", tc.code, tc.since, len(got), err, tc.n, tc.fails)
		}
	}
	if _, err := db.MatterHistory("TJ-9", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown code: %v", err)
	}
}
