package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func putAll[T any](recs ...T) func(put func(T) error) error {
	return func(put func(T) error) error {
		for _, r := range recs {
			if err := put(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// uscc makes a valid USCC from a 17-character body.
func uscc(body string) string {
	sum, w := 0, 1
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccAlphabet, body[i]) * w
		w = w * 3 % 31
	}
	return body + string(usccAlphabet[(31-sum%31)%31])
}

func unitsOf(t *testing.T, db *DB) map[string]Unit {
	t.Helper()
	m := map[string]Unit{}
	if err := db.EachUnit(func(u Unit) error { m[u.ID] = u; return nil }); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestImportUnitsAllOrNothing(t *testing.T) {
	db, _ := openTest(t)
	a, b := uscc("91130802MA0000001"), uscc("91130802MA0000002")
	sum, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: strings.ToLower(a) + " ", Name: "甲", County: "130802", Category: "规上工业"}))
	if err != nil || sum.Added != 1 {
		t.Fatalf("first import = %+v, %v", sum, err)
	}
	// fill fails half-way: nothing written, not even the first record.
	boom := errors.New("第 3 行格式错误")
	_, err = db.ImportUnits(ImportOptions{}, func(put func(Unit) error) error {
		if err := put(Unit{ID: b, Name: "乙", County: "130802"}); err != nil {
			return err
		}
		if err := put(Unit{ID: a, Name: "甲改", County: "130802"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the fill error", err)
	}
	got := unitsOf(t, db)
	if len(got) != 1 || got[a].Name != "甲" || got[a].Status != StatusActive {
		t.Fatalf("after failed import: %+v", got)
	}
	// A duplicate id fails the import even when fill ignores put's error.
	_, err = db.ImportUnits(ImportOptions{}, func(put func(Unit) error) error {
		put(Unit{ID: b, Name: "乙"})
		put(Unit{ID: b, Name: "乙"})
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), b) || !strings.Contains(err.Error(), "重复") {
		t.Fatalf("duplicate: err = %v", err)
	}
	if len(unitsOf(t, db)) != 1 {
		t.Fatal("duplicate import wrote")
	}
	// A bad check digit needs an override with who and why.
	bad := a[:17] + string(usccAlphabet[(strings.IndexByte(usccAlphabet, a[17])+1)%31])
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: bad, Name: "丙"})); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("bad check digit: err = %v", err)
	}
	ov := &Override{By: "王五", Reason: "执照如此", At: "2026-11-25"}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: bad, Name: "丙", CheckOverride: ov})); err != nil {
		t.Fatalf("override: %v", err)
	}
	if u, ok, err := db.Unit(bad); err != nil || !ok || u.CheckOverride == nil || u.CheckOverride.By != "王五" {
		t.Fatalf("override not recorded: %+v %v %v", u, ok, err)
	}
	// Names with line breaks would break the canonical frame later.
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: b, Name: "乙\n分厂"})); err == nil {
		t.Fatal("name with newline accepted")
	}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: b, Name: "乙", Status: "倒闭"})); err == nil {
		t.Fatal("unknown status accepted")
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	db, _ := openTest(t)
	a, b := uscc("91130802MA0000001"), uscc("91130802MA0000002")
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: a, Name: "甲"})); err != nil {
		t.Fatal(err)
	}
	sum, err := db.ImportUnits(ImportOptions{Mode: Replace, DryRun: true}, putAll(Unit{ID: b, Name: "乙"}))
	if err != nil {
		t.Fatal(err)
	}
	if sum != (ImportSummary{Added: 1, Deactivated: 1}) {
		t.Errorf("dry run summary %+v", sum)
	}
	got := unitsOf(t, db)
	if len(got) != 1 || got[a].Removed {
		t.Fatalf("dry run wrote: %+v", got)
	}
}

func TestImportReplaceMarksAbsent(t *testing.T) {
	db, _ := openTest(t)
	a, b, c := uscc("91130802MA0000001"), uscc("91130802MA0000002"), uscc("91130802MA0000003")
	if _, err := db.ImportUnits(ImportOptions{}, putAll(Unit{ID: a, Name: "甲"}, Unit{ID: b, Name: "乙", Status: StatusClosed})); err != nil {
		t.Fatal(err)
	}
	sum, err := db.ImportUnits(ImportOptions{Mode: Replace}, putAll(Unit{ID: a, Name: "甲"}, Unit{ID: c, Name: "丙"}))
	if err != nil {
		t.Fatal(err)
	}
	if sum != (ImportSummary{Added: 1, Unchanged: 1, Deactivated: 1}) {
		t.Errorf("summary %+v", sum)
	}
	got := unitsOf(t, db)
	if len(got) != 3 || !got[b].Removed || got[b].Status != StatusClosed || got[a].Removed || got[c].Removed {
		t.Fatalf("after replace: %+v", got)
	}
	// Listed again: back in the library.
	sum, err = db.ImportUnits(ImportOptions{}, putAll(Unit{ID: b, Name: "乙", Status: StatusClosed}))
	if err != nil || sum.Updated != 1 || unitsOf(t, db)[b].Removed {
		t.Fatalf("re-import: %+v %v", sum, err)
	}

	// Counties and inspectors become inactive.
	if _, err := db.ImportCounties(ImportOptions{}, putAll(County{Code: "130802", Name: "双桥区", Active: true}, County{Code: "130803", Name: "双滦区", Active: true})); err != nil {
		t.Fatal(err)
	}
	sum, err = db.ImportCounties(ImportOptions{Mode: Replace}, putAll(County{Code: "130802", Name: "双桥区", Active: true}))
	if err != nil || sum.Deactivated != 1 {
		t.Fatalf("counties replace: %+v %v", sum, err)
	}
	cs, _ := db.Counties()
	if len(cs) != 2 || !cs[0].Active || cs[1].Active {
		t.Fatalf("counties: %+v", cs)
	}
	ins := []Inspector{{ID: "13080001", Name: "张三", Active: true}, {ID: "13080002", Name: "李四", Active: true}}
	if _, err := db.ImportInspectors(ImportOptions{}, putAll(ins...)); err != nil {
		t.Fatal(err)
	}
	sum, err = db.ImportInspectors(ImportOptions{Mode: Replace}, putAll(ins[1]))
	if err != nil || sum != (ImportSummary{Unchanged: 1, Deactivated: 1}) {
		t.Fatalf("inspectors replace: %+v %v", sum, err)
	}
	is, _ := db.Inspectors()
	if len(is) != 2 || is[0].Active || !is[1].Active {
		t.Fatalf("inspectors: %+v", is)
	}
}

func TestMatterVersions(t *testing.T) {
	db, _ := openTest(t)
	m := Matter{Code: "TJ-01", Name: "统计数据质量检查", Basis: "《统计法》", Specialty: "综合", Categories: []string{"规上工业"}, Ratio: "5%"}
	sum, err := db.ImportMatters(ImportOptions{}, putAll(m))
	if err != nil || sum.Added != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	sum, err = db.ImportMatters(ImportOptions{}, putAll(m))
	if err != nil || sum.Unchanged != 1 {
		t.Fatalf("same again: %+v %v", sum, err)
	}
	m2 := m
	m2.Ratio = "10%"
	m2.EffectiveFrom = "2027-01-01"
	sum, err = db.ImportMatters(ImportOptions{}, putAll(m2))
	if err != nil || sum.Updated != 1 {
		t.Fatalf("edit: %+v %v", sum, err)
	}
	v1, err := db.Matter("TJ-01", 1)
	if err != nil || v1.Ratio != "5%" || v1.Version != 1 || v1.EffectiveFrom != "2026-11-25" {
		t.Fatalf("v1 = %+v, %v", v1, err)
	}
	latest, err := db.Matter("TJ-01", 0)
	if err != nil || latest.Version != 2 || latest.Ratio != "10%" || latest.EffectiveFrom != "2027-01-01" {
		t.Fatalf("latest = %+v, %v", latest, err)
	}
	vs, err := db.MatterVersions("TJ-01")
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	if _, err := db.Matter("TJ-01", 3); !errors.Is(err, ErrNotFound) {
		t.Errorf("version 3: %v", err)
	}
	if _, err := db.Matter("TJ-0", 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("prefix code: %v", err)
	}
	// Replace retires the absent matter with a new version.
	other := Matter{Code: "TJ-02", Name: "其他"}
	sum, err = db.ImportMatters(ImportOptions{Mode: Replace}, putAll(other))
	if err != nil || sum != (ImportSummary{Added: 1, Deactivated: 1}) {
		t.Fatalf("replace: %+v %v", sum, err)
	}
	ms, err := db.Matters()
	if err != nil || len(ms) != 2 || ms[0].Version != 3 || !ms[0].Retired || ms[1].Code != "TJ-02" {
		t.Fatalf("matters = %+v, %v", ms, err)
	}
	if _, _, err := db.EligibleFrame(FrameQuery{MatterCode: "TJ-01", DrawDate: "2026-11-25"}); err == nil {
		t.Error("frame of a retired matter")
	}
	if _, _, err := db.EligibleFrame(FrameQuery{MatterCode: "TJ-01", MatterVersion: 2, DrawDate: "2026-11-25"}); err != nil {
		t.Errorf("frame of version 2: %v", err)
	}
}

func TestHistory(t *testing.T) {
	db, _ := openTest(t)
	recs := []Inspection{
		{Unit: "a1", Date: "2023-11-24", Matter: "TJ-01"},
		{Unit: "A2", Date: "2023-11-25", Matter: "TJ-01"},
		{Unit: "A3", Date: "2026-11-25", Matter: "TJ-01", Source: SourceCeremony("2026-11-25-001")},
		{Unit: "A4", Date: "2026-11-26", Matter: "TJ-01"},
	}
	sum, err := db.ImportHistory(ImportOptions{}, putAll(recs...))
	if err != nil || sum.Added != 4 {
		t.Fatalf("%+v %v", sum, err)
	}
	sum, err = db.ImportHistory(ImportOptions{}, putAll(recs[0], Inspection{Unit: "A1", Date: "2024-05-01", Matter: "TJ-01"}))
	if err != nil || sum != (ImportSummary{Added: 1, Unchanged: 1}) {
		t.Fatalf("append: %+v %v", sum, err)
	}
	if _, err := db.ImportHistory(ImportOptions{Mode: Replace}, putAll(recs[0])); err == nil {
		t.Error("Replace accepted for history")
	}
	if _, err := db.ImportHistory(ImportOptions{}, putAll(Inspection{Unit: "A9", Date: "2026/1/1", Matter: "x"})); err == nil {
		t.Error("bad date accepted")
	}
	got, err := db.InspectedWithin(36, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"A1": true, "A2": true, "A3": true} // A1 via 2024-05-01; A4 is after the date
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("InspectedWithin = %v, want %v", got, want)
	}
	n := 0
	var first Inspection
	if err := db.EachInspection(func(in Inspection) error {
		if n == 0 {
			first = in
		}
		n++
		return nil
	}); err != nil || n != 5 || first.Unit != "A1" || first.Source != SourceImport {
		t.Errorf("EachInspection: n=%d first=%+v err=%v", n, first, err)
	}
}
