package sampling

import (
	"strings"
	"testing"
)

// A county bureau's frame: every inspector belongs to the one county. The
// city rule leaves nobody to send; home_county_allowed lets its own staff
// inspect it, and is part of the canonical text (version 2) and so of F.
func TestHomeCountyAllowed(t *testing.T) {
	f := testFrame(1, 6, 12)
	f.Params.Counties = 1
	for i := range f.Inspectors {
		f.Inspectors[i].HomeCounty = "C01"
		f.Inspectors[i].ConflictCounties, f.Inspectors[i].ConflictUnits = nil, nil
	}
	city, err := Feasible(f)
	if err != nil {
		t.Fatal(err)
	}
	if city.OK() {
		t.Fatalf("the city rule found inspectors for their own county: %+v", city)
	}
	cityText, _ := f.Canonical()
	county := f
	county.HomeCountyAllowed = true
	rep, err := Feasible(county)
	if err != nil || !rep.OK() {
		t.Fatalf("a county bureau's own staff: %+v %v", rep, err)
	}
	text, err := county.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"shuangsui-frame\t2\n", "date\t2026-11-25\nrule\thome_county_allowed\nparams\t"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("canonical text lacks %q:\n%s", want, text)
		}
	}
	if !strings.HasPrefix(string(cityText), "shuangsui-frame\t1\n") || strings.Contains(string(cityText), "rule\t") {
		t.Errorf("a city frame's text changed:\n%s", cityText)
	}
	fc, _ := county.Fingerprint()
	ff, _ := f.Fingerprint()
	if fc == ff {
		t.Error("the rule does not change F")
	}
	r, err := Draw(county, "1-2-3")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Teams) != 1 || r.Teams[0].Leader.ID == "" {
		t.Fatalf("teams %+v", r.Teams)
	}
}
