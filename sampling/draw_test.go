package sampling

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestFingerprintIgnoresInputOrder(t *testing.T) {
	f := testFrame(6, 10, 40)
	g := f
	g.Counties = shuffled(f.Counties)
	g.Units = shuffled(f.Units)
	g.Inspectors = shuffled(f.Inspectors)
	g.Inspectors[0].Specialties = []string{"综合", "工业"}
	h := f
	h.Inspectors = slices.Clone(f.Inspectors)
	for i, in := range h.Inspectors {
		if in.ID == g.Inspectors[0].ID {
			h.Inspectors[i].Specialties = []string{"工业", "综合"}
		}
	}
	a, _ := g.Fingerprint()
	b, _ := h.Fingerprint()
	if a != b {
		t.Fatalf("fingerprint depends on order: %s vs %s", a, b)
	}
}

func TestFingerprintChangesWithEveryInput(t *testing.T) {
	base := testFrame(4, 6, 30)
	fp0, err := base.Fingerprint()
	if err != nil {
		t.Fatal(err)
	}
	edits := map[string]func(f *Frame){
		"matter version": func(f *Frame) { f.Matter.Version = 2 },
		"draw date":      func(f *Frame) { f.DrawDate = "2026-11-26" },
		"k":              func(f *Frame) { f.Params.Counties = 2 },
		"method":         func(f *Frame) { f.Params.Method = MethodSystematic },
		"override":       func(f *Frame) { f.Params.UnitsOverride = []CountyCount{{"C01", 3}} },
		"leaders":        func(f *Frame) { f.Params.Leaders = []string{"E0004"} },
		"unit county":    func(f *Frame) { f.Units[0].County = "C02" },
		"unit dropped":   func(f *Frame) { f.Units = f.Units[1:] },
		"inspector flag": func(f *Frame) { f.Inspectors[3].LeaderQualified = !f.Inspectors[3].LeaderQualified },
		"validity":       func(f *Frame) { f.Inspectors[3].ValidUntil = "2020-01-01" },
		"conflict":       func(f *Frame) { f.Inspectors[3].ConflictUnits = []string{"U01001"} },
	}
	for name, edit := range edits {
		f := testFrame(4, 6, 30)
		edit(&f)
		fp, err := f.Fingerprint()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if fp == fp0 {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
}

func TestCanonicalRefusesAmbiguousFields(t *testing.T) {
	for name, edit := range map[string]func(f *Frame){
		"tab in name":        func(f *Frame) { f.Units[0].Name = "a\tb" },
		"newline in county":  func(f *Frame) { f.Counties[0].Name = "a\nb" },
		"comma in specialty": func(f *Frame) { f.Inspectors[0].Specialties = []string{"工业,贸易"} },
		"empty conflict":     func(f *Frame) { f.Inspectors[0].ConflictUnits = []string{""} },
	} {
		f := testFrame(3, 4, 10)
		edit(&f)
		if _, err := f.Canonical(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCanonicalLayout(t *testing.T) {
	f := Frame{
		Matter:   Matter{Code: "M", Version: 2, Name: "名", Specialty: "综合"},
		DrawDate: "2026-01-02",
		Params:   Params{Counties: 1, UnitsPerCounty: 2, Method: MethodSimple, Members: 1, Alternates: 0, UnitsOverride: []CountyCount{{"B", 1}, {"A", 3}}, Leaders: []string{"Z", "Y"}},
		Counties: []County{{"B", "乙"}, {"A", "甲"}},
		Units:    []Unit{{ID: "u2", County: "A", Name: "二", Category: "c"}, {ID: "u1", County: "B", Name: "一", Category: "c"}},
		Inspectors: []Inspector{{ID: "Z", Name: "张", HomeCounty: "", Specialties: []string{"综合", "工业"}, LeaderQualified: true, Active: true, ValidUntil: "2027-01-01",
			ConflictUnits: []string{"u2", "u1"}}, {ID: "Y", Name: "于", HomeCounty: "A", Active: false, ValidUntil: "2027-01-01"}},
	}
	got, err := f.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	want := "shuangsui-frame\t1\n" +
		"matter\tM\t2\t名\t综合\n" +
		"date\t2026-01-02\n" +
		"params\t1\t2\tsimple\t1\t0\n" +
		"override\tA\t3\n" +
		"override\tB\t1\n" +
		"leader\tZ\n" +
		"leader\tY\n" +
		"county\tA\t甲\n" +
		"county\tB\t乙\n" +
		"unit\tu1\tB\tc\t一\n" +
		"unit\tu2\tA\tc\t二\n" +
		"inspector\tY\t于\tA\t0\t0\t2027-01-01\t\t\t\n" +
		"inspector\tZ\t张\t\t1\t1\t2027-01-01\t工业,综合\t\tu1,u2\n"
	if string(got) != want {
		t.Fatalf("canonical frame:\n%s\nwant:\n%s", got, want)
	} // SHA-256 of the bytes above, computed independently (SPEC.md §5).
	if fp, _ := f.Fingerprint(); fp != "1b11f250a1aa6cbc28f5ac0f7172a39aef0381870297f24be4346a4c56ead751" {
		t.Fatalf("F = %s", fp)
	}
}

// checkTeams asserts every rule of stage 3 on a result.
func checkTeams(t *testing.T, f Frame, res Result) {
	t.Helper()
	byID := map[string]Inspector{}
	for _, in := range f.Inspectors {
		byID[in.ID] = in
	}
	inTeam := map[string]string{}
	for i, team := range res.Teams {
		ud := res.Units[i]
		if team.County != ud.County {
			t.Fatalf("team %d is for %s, units for %s", i, team.County, ud.County)
		}
		if 1+len(team.Members) < 2 || len(team.Members) != f.Params.Members {
			t.Errorf("team %s has %d members", team.County, len(team.Members))
		}
		drawn := ids(Drawn(ud.Picks))
		all := append([]Pick{team.Leader}, team.Members...)
		for j, p := range all {
			in := byID[p.ID]
			if prev, dup := inTeam[p.ID]; dup {
				t.Errorf("%s is in the teams of %s and %s", p.ID, prev, team.County)
			}
			inTeam[p.ID] = team.County
			if !f.serves(in, team.County, drawn, j > 0 || !team.Designated) {
				t.Errorf("%s may not serve in %s: %+v", p.ID, team.County, in)
			}
			if j == 0 && !team.Designated && !in.LeaderQualified {
				t.Errorf("drawn leader %s is not leader-qualified", p.ID)
			}
		}
	}
}

func TestDrawFollowsEveryRule(t *testing.T) {
	f := testFrame(12, 8, 60)
	for _, method := range []string{MethodSimple, MethodSystematic} {
		for i := range 40 {
			f.Params.Method = method
			seed := fmt.Sprintf("%05d-%05d", i*7919, i*104729)
			res, err := Draw(f, seed)
			if err != nil {
				t.Fatalf("%s seed %s: %v", method, seed, err)
			}
			if n := len(Drawn(res.Counties)); n != 3 {
				t.Fatalf("drew %d counties", n)
			}
			for _, ud := range res.Units {
				if len(Drawn(ud.Picks)) != ud.Take || ud.Take != 5 {
					t.Errorf("%s: drew %d units, take %d", ud.County, len(Drawn(ud.Picks)), ud.Take)
				}
				for _, p := range ud.Picks {
					if !strings.HasPrefix(p.ID, "U"+ud.County[1:]) {
						t.Errorf("unit %s drawn in %s", p.ID, ud.County)
					}
				}
			}
			checkTeams(t, f, res)
		}
	}
}

func TestDrawIsReproducibleFromStageSeeds(t *testing.T) {
	f := testFrame(8, 10, 50)
	seed := "38271-90412-77315-02846"
	res, err := Draw(f, seed)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Draw(f, seed)
	if fmt.Sprint(res) != fmt.Sprint(again) {
		t.Fatal("same inputs, different draws")
	}
	fp, _ := f.Fingerprint()
	// Stage 1 equals the reference sampler over the eligible county ids.
	want, _ := SampleNaive(f.eligibleCounties(), seed+"|"+fp+"|counties", 3, 2)
	if fmt.Sprint(want) != fmt.Sprint(res.Counties) {
		t.Fatalf("stage 1 = %v, reference %v", res.Counties, want)
	}
	// Stage 2 in the first county.
	c := res.Units[0].County
	want, _ = SampleNaive(f.unitsByCounty()[c], seed+"|"+fp+"|units/"+c, 5, 2)
	if fmt.Sprint(want) != fmt.Sprint(res.Units[0].Picks) {
		t.Fatalf("stage 2 = %v, reference %v", res.Units[0].Picks, want)
	}
	other, _ := Draw(f, seed+"1")
	if fmt.Sprint(other.Counties) == fmt.Sprint(res.Counties) && fmt.Sprint(other.Units) == fmt.Sprint(res.Units) {
		t.Fatal("a different seed gave the same draw")
	}
}

func TestDesignatedLeaders(t *testing.T) {
	f := testFrame(6, 6, 60)
	f.Params.Leaders = []string{"E0002", "E0003", "E0006", "E0009"}
	res, err := Draw(f, "12345678901234567890")
	if err != nil {
		t.Fatal(err)
	}
	for _, team := range res.Teams {
		if !team.Designated || team.Leader.Ticket != "" || !slices.Contains(f.Params.Leaders, team.Leader.ID) {
			t.Errorf("team %s leader %+v is not a designated one", team.County, team.Leader)
		}
	}
	checkTeams(t, f, res)
}

func TestFeasibilityNamesTheShortPool(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *Frame)
		want []Shortage
	}{
		{"too many counties", func(f *Frame) { f.Params.Counties = 5 },
			[]Shortage{{Pool: "counties", Have: 4, Need: 5}}},
		{"too few inspectors", func(f *Frame) { f.Inspectors = f.Inspectors[:12] },
			// E1…E12, home county C(i mod 6): E5, E10 lack 综合; E7 conflicts with C01;
			// E11 with U02001 and U03002; leader-qualified: E4, E8, E12. k=3, members=2.
			// C01: E2 E3 E4 E6 E8 E9 E11 E12 = 8; leaders E4 E8 E12 = 3; need 3·2+3 = 9.
			// C02: E1 E3 E4 E6 E7 E9 E12 = 7; leaders E4 E12 = 2 < 3; need 3·2+2 = 8.
			// C03: E1 E2 E4 E6 E7 E8 E12 = 7; leaders 3; need 9.
			// C04: E1 E2 E3 E6 E7 E8 E9 E11 E12 = 9; leaders E8 E12 = 2 < 3; need 8: enough.
			[]Shortage{{Pool: "members", County: "C01", Have: 8, Need: 9},
				{Pool: "leaders", County: "C02", Have: 2, Need: 3}, {Pool: "members", County: "C02", Have: 7, Need: 8},
				{Pool: "members", County: "C03", Have: 7, Need: 9},
				{Pool: "leaders", County: "C04", Have: 2, Need: 3}}},
		{"designated leaders", func(f *Frame) { f.Params.Leaders = []string{"E0001", "E0002"} },
			[]Shortage{{Pool: "designated_leaders", County: "C01", Have: 1, Need: 3}, {Pool: "designated_leaders", County: "C02", Have: 1, Need: 3},
				{Pool: "designated_leaders", County: "C03", Have: 2, Need: 3}, {Pool: "designated_leaders", County: "C04", Have: 2, Need: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := testFrame(4, 6, 40)
			tt.edit(&f)
			report, err := Feasible(f)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(report.Shortages) != fmt.Sprint(tt.want) {
				t.Fatalf("shortages = %+v\nwant       %+v\npools %+v", report.Shortages, tt.want, report.Pools)
			}
			_, err = Draw(f, "1234")
			var inf *InfeasibleError
			if !errors.As(err, &inf) {
				t.Fatalf("Draw error = %v, want InfeasibleError", err)
			}
		})
	}
}

// TestFeasibleMeansEverySeedWorks draws on frames that only just pass the
// worst-case check: no seed may fail.
func TestFeasibleMeansEverySeedWorks(t *testing.T) {
	for n := 8; n <= 40; n++ {
		f := testFrame(5, 4, n)
		report, err := Feasible(f)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 25 {
			_, err := Draw(f, fmt.Sprint(n*1000+i))
			if report.OK() && err != nil {
				t.Fatalf("%d inspectors, feasible, seed %d: %v", n, i, err)
			}
			if !report.OK() && err == nil {
				t.Fatalf("%d inspectors: infeasible but drew", n)
			}
		}
	}
}

func TestValidateParams(t *testing.T) {
	for name, edit := range map[string]func(f *Frame){
		"k zero":            func(f *Frame) { f.Params.Counties = 0 },
		"no members":        func(f *Frame) { f.Params.Members = 0 },
		"bad method":        func(f *Frame) { f.Params.Method = "random" },
		"negative alt":      func(f *Frame) { f.Params.Alternates = -1 },
		"unknown leader":    func(f *Frame) { f.Params.Leaders = []string{"nobody"} },
		"duplicate unit":    func(f *Frame) { f.Units = append(f.Units, f.Units[0]) },
		"unit of no county": func(f *Frame) { f.Units[0].County = "X" },
		"no date":           func(f *Frame) { f.DrawDate = "" },
	} {
		f := testFrame(4, 5, 30)
		edit(&f)
		if err := f.ValidateParams(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestFeasiblePoolsFollowServes: Feasible counts each county's pools from
// the unit counts and the counties of the conflict units, without listing
// each county's units; its pools equal what serves says on those lists,
// for frames where inspectors step aside from units in several counties.
func TestFeasiblePoolsFollowServes(t *testing.T) {
	for _, tc := range []struct{ nc, units, inspectors int }{{3, 8, 12}, {6, 40, 30}, {12, 5, 60}} {
		f := testFrame(tc.nc, tc.units, tc.inspectors)
		for i := range f.Inspectors {
			if i%3 == 0 {
				f.Inspectors[i].ConflictUnits = append(f.Inspectors[i].ConflictUnits, f.Units[(i*7)%len(f.Units)].ID, "NOT-IN-FRAME")
			}
		}
		report, err := Feasible(f)
		if err != nil {
			t.Fatal(err)
		}
		by := f.unitsByCounty()
		for _, pool := range report.Pools {
			members, leaders := 0, 0
			for _, in := range f.Inspectors {
				if f.serves(in, pool.County, by[pool.County], true) {
					members++
				}
				if in.LeaderQualified && f.serves(in, pool.County, by[pool.County], true) {
					leaders++
				}
			}
			if pool.Units != len(by[pool.County]) || pool.Members != members || pool.Leaders != leaders {
				t.Errorf("%v county %s: pools %+v, serves gives %d units, %d members, %d leaders",
					tc, pool.County, pool, len(by[pool.County]), members, leaders)
			}
		}
	}
}
