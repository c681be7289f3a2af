package session_test

import (
	"slices"
	"strings"
	"testing"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/report/fixture"
)

// A unit with a result is not substituted: its result would vanish from
// the result list and the 公示表 while a transfer still names it.
func TestSubstituteRefusesAUnitWithAResult(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	county := f.Counties()[0]
	units := f.S.Ceremony().CurrentUnits(county)
	f.Put(t, units[0], "2026-09-10", "2026-09-11", "迟报统计资料")
	if err := f.DB.MarkPublished(f.S.ID(), units[0], "2026-09-20", "王公示", ""); err != nil {
		t.Fatal(err)
	}
	before, _ := f.DB.Steps(f.S.ID())
	head := before[len(before)-1].Hash
	err := f.S.Substitute(sampling.SubstituteUnit, county, units[0], "已注销", "张操作")
	if err == nil || !strings.Contains(err.Error(), "单位 "+units[0]+" 已录入检查结果") || !strings.Contains(err.Error(), "不能替换") ||
		!strings.Contains(err.Error(), "2026-09-20 公示") {
		t.Fatalf("substituting a unit with a result: %v", err)
	}
	if f.S.Ceremony().Head() != head || !slices.Equal(f.S.Ceremony().CurrentUnits(county), units) {
		t.Fatal("the refused substitution changed the ceremony")
	}
	steps, _ := f.DB.Steps(f.S.ID())
	if last := steps[len(steps)-1]; last.Kind == sampling.StepSubstitute {
		t.Fatal("the refused substitution was stored")
	}
	sheet, err := f.DB.ResultSheet(f.S.ID())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range sheet.Rows {
		found = found || (row.Unit == units[0] && row.Result != nil)
	}
	if !found {
		t.Fatal("the result left the result sheet")
	}
	// A unit without a result is still substituted.
	if err := f.S.Substitute(sampling.SubstituteUnit, county, units[1], "已注销", "张操作"); err != nil {
		t.Fatal(err)
	}
}

// A team member is substituted while units of the county await
// inspection, but not once every unit of the county has a result.
func TestSubstituteInspectorOnlyWhileUnitsAwaitInspection(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	county := f.Counties()[0]
	units := f.S.Ceremony().CurrentUnits(county)
	f.Put(t, units[0], "2026-09-10", "2026-09-11", store.CodeNoProblem)
	team := f.S.Ceremony().CurrentTeam(county)
	if err := f.S.Substitute(sampling.SubstituteInspector, county, team[1], "回避", "张操作"); err != nil {
		t.Fatalf("inspector with units left to inspect: %v", err)
	}
	for _, u := range units[1:] {
		f.Put(t, u, "2026-09-12", "2026-09-12", store.CodeNoProblem)
	}
	// The results sheet shows who inspected each unit: the unit inspected
	// before the replacement keeps the old team, the later ones the new.
	sheet, err := f.DB.ResultSheet(f.S.ID())
	if err != nil {
		t.Fatal(err)
	}
	newTeam := f.S.Ceremony().CurrentTeam(county)
	for _, row := range sheet.Rows {
		switch row.Unit {
		case units[0]:
			if !slices.Equal(row.Team, team) {
				t.Errorf("%s inspected before the replacement shows team %v, want %v", row.Unit, row.Team, team)
			}
		case units[1]:
			if !slices.Equal(row.Team, newTeam) {
				t.Errorf("%s inspected after the replacement shows team %v, want %v", row.Unit, row.Team, newTeam)
			}
		}
	}
	team = newTeam
	err = f.S.Substitute(sampling.SubstituteInspector, county, team[2], "回避", "张操作")
	if err == nil || !strings.Contains(err.Error(), "均已录入检查结果") || !strings.Contains(err.Error(), team[2]) {
		t.Fatalf("inspector once every unit has a result: %v", err)
	}
	// Checks of the substitution itself still come first.
	if err := f.S.Substitute(sampling.SubstituteUnit, county, units[0], " ", "张操作"); err == nil || !strings.Contains(err.Error(), "理由") {
		t.Fatalf("no reason: %v", err)
	}
}

// A session opened before results were entered exports them all: the
// record's head is the chain's last step, not the session's.
func TestRecordCarriesEntriesMadeSinceTheSessionOpened(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-10", "2026-09-11", "迟报统计资料")
	rec, err := f.S.Record()
	if err != nil {
		t.Fatal(err)
	}
	steps, _ := f.DB.Steps(f.S.ID())
	if rec.Head != steps[len(steps)-1].Hash || len(rec.Steps) != len(steps) || steps[len(steps)-1].Kind != sampling.StepResult {
		t.Fatalf("record head %s, %d steps; chain head %s, %d steps", rec.Head, len(rec.Steps), steps[len(steps)-1].Hash, len(steps))
	}
	if _, err := sampling.Verify(rec); err != nil {
		t.Fatal(err)
	}
}
