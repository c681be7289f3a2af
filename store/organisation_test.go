package store

import (
	"strings"
	"testing"
)

// The organisation's level is city until set; the frames built carry its
// rule; a typo is refused and changes nothing.
func TestOrgLevelInFrame(t *testing.T) {
	db, _ := openTest(t)
	if l, err := db.OrgLevel(); err != nil || l != OrgCity {
		t.Fatalf("default level %q %v", l, err)
	}
	if _, err := db.ImportMatters(ImportOptions{}, putAll(Matter{Code: "SJ-001", Name: "事项", Specialty: "综合"})); err != nil {
		t.Fatal(err)
	}
	frame := func() bool {
		t.Helper()
		f, _, err := db.EligibleFrame(FrameQuery{MatterCode: "SJ-001", DrawDate: "2026-11-25"})
		if err != nil {
			t.Fatal(err)
		}
		return f.HomeCountyAllowed
	}
	if frame() {
		t.Fatal("a city bureau's frame allows the home county")
	}
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{{"county", OrgCounty, true}, {" 县级 ", OrgCounty, true}, {"乡镇", OrgCounty, false}, {"市", OrgCity, true}, {"County", OrgCounty, true}} {
		err := db.SetOrgLevel(tc.in)
		if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), "无效")) {
			t.Errorf("SetOrgLevel(%q) = %v", tc.in, err)
		}
		if l, _ := db.OrgLevel(); l != tc.want {
			t.Errorf("after %q: level %q, want %q", tc.in, l, tc.want)
		}
		if frame() != (tc.want == OrgCounty) {
			t.Errorf("after %q: frame rule %v", tc.in, frame())
		}
	}
}
