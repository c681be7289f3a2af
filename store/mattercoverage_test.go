package store

import (
	"fmt"
	"strings"
	"testing"
)

func usccOf(t *testing.T, prefix string, n int) string {
	t.Helper()
	first := fmt.Sprintf("%s130802MA%07d", prefix, n)[:17]
	c, err := USCCCheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

func TestParseRatioAndFrequency(t *testing.T) {
	for _, tc := range []struct {
		s  string
		v  float64
		ok bool
	}{{"不低于5%", 5, true}, {"5％", 5, true}, {"不低于 2.5 %", 2.5, true}, {"根据工作情况确定", 0, false}, {"", 0, false}, {"150%", 150, false}} {
		if v, ok := ParseRatio(tc.s); v != tc.v || ok != tc.ok {
			t.Errorf("ParseRatio(%q) = %v %v, want %v %v", tc.s, v, ok, tc.v, tc.ok)
		}
	}
	for _, tc := range []struct {
		s  string
		n  int
		ok bool
	}{{"每年2次", 2, true}, {"每年两次", 2, true}, {"每年一次", 1, true}, {"原则上每年3 次", 3, true}, {"不定期", 0, false}, {"每年0次", 0, false}} {
		if n, ok := ParseFrequency(tc.s); n != tc.n || ok != tc.ok {
			t.Errorf("ParseFrequency(%q) = %d %v, want %d %v", tc.s, n, ok, tc.n, tc.ok)
		}
	}
}

// The 5 % base is the active enterprises (91… codes); an enterprise
// inspected twice counts once; imported checks count only when their
// source says 双随机 or 定向; each matter's ratio is reckoned on the
// enterprises of its categories.
func TestCoverageFloorCountsEnterprisesOnce(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportCounties(ImportOptions{}, putAll(County{Code: "130802", Name: "双桥区", Active: true})); err != nil {
		t.Fatal(err)
	}
	var units []Unit
	for i := 1; i <= 40; i++ {
		cat := "规上工业"
		if i > 30 {
			cat = "规上服务业"
		}
		units = append(units, Unit{ID: usccOf(t, "91", i), Name: fmt.Sprintf("企业%d", i), County: "130802", Category: cat, Status: StatusActive, DirectReporting: true})
	}
	units = append(units,
		Unit{ID: usccOf(t, "92", 1), Name: "个体户", County: "130802", Category: "其他", Status: StatusActive},
		Unit{ID: usccOf(t, "12", 1), Name: "事业单位", County: "130802", Category: "其他", Status: StatusActive},
		Unit{ID: usccOf(t, "91", 99), Name: "已关闭企业", County: "130802", Category: "规上工业", Status: StatusClosed})
	if _, err := db.ImportUnits(ImportOptions{}, putAll(units...)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportMatters(ImportOptions{}, putAll(
		Matter{Code: "SJ-001", Name: "工业", Specialty: "综合", Categories: []string{"规上工业"}, Ratio: "不低于10%", Frequency: "每年2次"},
		Matter{Code: "SJ-002", Name: "全部", Specialty: "综合", Ratio: "根据工作情况确定", Frequency: "不定期"})); err != nil {
		t.Fatal(err)
	}
	hist := []Inspection{
		{Unit: units[0].ID, Date: "2026-04-01", Matter: "SJ-001", Source: "双随机(省平台)"},
		{Unit: units[0].ID, Date: "2026-09-01", Matter: "SJ-001", Source: "双随机(省平台)"}, // the same unit again
		{Unit: units[1].ID, Date: "2026-05-01", Matter: "SJ-001", Source: "定向(重点单位)"},
		{Unit: units[2].ID, Date: "2026-05-01", Matter: "SJ-001", Source: "举报核查"},       // not random
		{Unit: units[3].ID, Date: "2026-05-01", Matter: "SJ-001", Source: SourceImport}, // not said to be random
		{Unit: units[35].ID, Date: "2026-05-01", Matter: "SJ-002", Source: "双随机"},
		{Unit: units[40].ID, Date: "2026-05-01", Matter: "SJ-002", Source: "双随机"}, // 个体户: not an enterprise
		{Unit: units[4].ID, Date: "2025-05-01", Matter: "SJ-001", Source: "双随机"},  // another year
	}
	if _, err := db.ImportHistory(ImportOptions{}, putAll(hist...)); err != nil {
		t.Fatal(err)
	}
	cv, err := db.CoverageOf(2026, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	// 40 active enterprises; 3 counted (units 0, 1, 35); 5 % of 40 = 2.
	if tot := cv.Total; tot.Units != 42 || tot.Frame != 40 || tot.Inspected != 3 || tot.Required != 2 || tot.Short() != 0 {
		t.Errorf("total %+v", tot)
	}
	want := map[string]MatterCoverage{
		"SJ-001": {RatioPercent: 10, Times: 2, Base: 30, Inspected: 2, Required: 3},
		"SJ-002": {RatioPercent: 0, Times: 0, Base: 40, Inspected: 1, Required: 0},
	}
	if len(cv.Matters) != 2 {
		t.Fatalf("matters %+v", cv.Matters)
	}
	for _, m := range cv.Matters {
		w := want[m.Code]
		if m.RatioPercent != w.RatioPercent || m.Times != w.Times || m.Base != w.Base || m.Inspected != w.Inspected || m.Required != w.Required {
			t.Errorf("matter %s: %+v, want %+v", m.Code, m, w)
		}
	}
	if m := cv.Matters[0]; m.RatioMet() || m.RoundsMet() || !cv.Matters[1].RatioMet() {
		t.Errorf("SJ-001 should miss its ratio (2 of 3) and its rounds (0 of 2): %+v", m)
	}
	if n, err := db.MatterBase("SJ-001"); err != nil || n != 30 {
		t.Errorf("MatterBase = %d, %v", n, err)
	}
}

// Setup's warning: 10 % of the 30 industrial enterprises is 3; one unit a
// round twice a year falls short, two do not; a matter without a
// percentage is not checked.
func TestRatioWarning(t *testing.T) {
	db, _ := openTest(t)
	var units []Unit
	for i := 1; i <= 30; i++ {
		units = append(units, Unit{ID: usccOf(t, "91", i), Name: fmt.Sprintf("企业%d", i), County: "130802", Category: "规上工业", Status: StatusActive})
	}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(units...)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportMatters(ImportOptions{}, putAll(
		Matter{Code: "SJ-001", Name: "工业", Specialty: "综合", Categories: []string{"规上工业"}, Ratio: "不低于10%", Frequency: "每年2次"},
		Matter{Code: "SJ-002", Name: "全部", Specialty: "综合", Ratio: "根据工作情况确定"})); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code    string
		planned int
		want    string
	}{
		{"SJ-001", 1, "事项 SJ-001 范围内 30 家企业,按“不低于10%”应检查 3 家;本次抽取 1 家,按“每年2次”全年也只有 2 家"},
		{"SJ-001", 2, ""},
		{"SJ-002", 0, ""},
	} {
		got, err := db.RatioWarning(tc.code, tc.planned)
		if err != nil || (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("RatioWarning(%s, %d) = %q, %v; want %q", tc.code, tc.planned, got, err, tc.want)
		}
	}
	if _, err := db.RatioWarning("SJ-009", 1); err == nil {
		t.Error("an unknown matter passed")
	}
}
