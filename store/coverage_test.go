package store_test

import (
	"testing"

	"shuangsui/store"
	"shuangsui/store/report/fixture"
)

func TestCoveragePlan(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	c := f.S.Ceremony()
	counties := f.Counties()
	// Every current unit of the first drawn county gets a result.
	first := counties[0]
	for _, u := range c.CurrentUnits(first) {
		f.Put(t, u, "2026-09-10", "2026-09-10", store.CodeNoProblem)
	}
	// An imported inspection of the key unit in 2025 does not count for 2026.
	if _, err := f.DB.ImportHistory(store.ImportOptions{}, func(put func(store.Inspection) error) error {
		return put(store.Inspection{Unit: "U1-001", Date: "2025-12-31", Matter: "SJ-001"})
	}); err != nil {
		t.Fatal(err)
	}
	cv, err := f.DB.CoverageOf(2026, "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if cv.HalfFrom != "2026-07-01" || cv.HalfTo != "2026-12-31" || len(cv.Counties) != 6 {
		t.Fatalf("coverage %+v", cv)
	}
	// The fixture's units have codes like U1-001, not an enterprise's
	// USCC: they are listed, but the 5 % base (enterprises) is empty; the
	// floor itself is tested in TestCoverageFloorCountsEnterprisesOnce.
	units := map[string]int{"130801": 11, "130802": 12, "130803": 13, "130804": 14, "130805": 10, "130806": 11}
	for _, cc := range cv.Counties {
		if cc.Units != units[cc.County] || cc.Frame != 0 || cc.Inspected != 0 || cc.Required != 0 {
			t.Errorf("county %+v", cc)
		}
	}
	if cv.Total.Units != 71 || cv.Total.Frame != 0 || cv.Total.Short() != 0 {
		t.Fatalf("total %+v", cv.Total)
	}
	keyInspected := first == "130801" && contains(c.CurrentUnits(first), "U1-001")
	if hasUnit(cv.KeyNotInspected, "U1-001") == keyInspected || len(cv.KeyNotInspected) > 1 {
		t.Fatalf("key units not inspected %+v (inspected %v)", cv.KeyNotInspected, keyInspected)
	}
	dishonestInspected := first == "130802" && contains(c.CurrentUnits(first), "U2-001")
	if hasUnit(cv.DishonestNotInspected, "U2-001") == dishonestInspected {
		t.Fatalf("dishonest not inspected %+v", cv.DishonestNotInspected)
	}
	if len(cv.Rounds) != 1 || cv.Rounds[0] != f.S.ID() {
		t.Fatalf("rounds %v", cv.Rounds)
	}
	if len(cv.Matters) != 1 || len(cv.Matters[0].Rounds) != 1 || cv.Matters[0].Rounds[0] != f.S.ID() {
		t.Fatalf("rounds of the matter %+v", cv.Matters)
	}
	// Inspector 1 has 2 days in 2026, inspector 2 only 1.5 (and 3 in 2025).
	under := map[string]float64{}
	for _, u := range cv.Undertrained {
		under[u.ID] = u.Days
	}
	if _, ok := under["冀统执0001"]; ok || under["冀统执0002"] != 1.5 || len(under) != 39 {
		t.Fatalf("undertrained %v", under)
	}
	// No round in 2027 yet; first half-year.
	cv, err = f.DB.CoverageOf(2027, "2027-02-01")
	if err != nil || len(cv.Rounds) != 0 || cv.HalfTo != "2027-06-30" || cv.Total.Inspected != 0 || !hasUnit(cv.KeyNotInspected, "U1-001") {
		t.Fatalf("2027: %+v %v", cv, err)
	}
	if _, err := f.DB.CoverageOf(2026, "2027-01-01"); err == nil {
		t.Fatal("a date outside the year was accepted")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
