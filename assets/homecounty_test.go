package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"shuangsui/sampling"
)

// A county bureau's record (home_county_allowed, every inspector of the
// one county) verifies in both; turning the rule off in the commit's frame
// (its text and fingerprint recomputed) is refused by both, whether or not
// the forger re-hashes the chain, and so is a frame member beside it.
func TestVerifiersOnHomeCountyRule(t *testing.T) {
	py := needPython(t)
	f := testFrame(sampling.MethodSimple, false, 1, 2)
	// One county's bureau: its units, and its staff only.
	county := f.Counties[0].ID
	f.Counties = f.Counties[:1]
	var units []sampling.Unit
	for _, u := range f.Units {
		if u.County == county {
			units = append(units, u)
		}
	}
	f.Units = units
	f.Params.UnitsOverride = []sampling.CountyCount{{County: county, Units: 6}}
	for i := range f.Inspectors {
		f.Inspectors[i].HomeCounty = county
		f.Inspectors[i].ConflictCounties, f.Inspectors[i].ConflictUnits = nil, nil
	}
	if rep, _ := sampling.Feasible(f); rep.OK() {
		t.Fatal("the city rule found inspectors for their own county")
	}
	f.HomeCountyAllowed = true
	path, data := sealedRecord(t, "county", f, false)
	if err := goVerify(path); err != nil {
		t.Fatalf("go verify: %v", err)
	}
	if out, code := runPy(t, py, "record", path); code != 0 {
		t.Fatalf("verify.py: %d\n%s", code, out)
	}
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	if !frameOf(t, rec).HomeCountyAllowed || !strings.Contains(string(mustCanonical(t, frameOf(t, rec))), "\nrule\thome_county_allowed\n") {
		t.Fatal("the commit's frame lacks the rule")
	}
	// off rewrites the commit's frame without the rule (its canonical text
	// and fingerprint recomputed, so that only the rule differs).
	off := func(rehashed bool) func(r map[string]any) {
		return func(r map[string]any) {
			f := frameOf(t, r)
			f.HomeCountyAllowed = false
			text := mustCanonical(t, f)
			p, _, _, _ := sampling.DecodeCommit(payloadOf(r, 0))
			p.FrameGzip, _ = sampling.CompressFrame(text)
			sum := sha256.Sum256(text)
			p.Fingerprint = hex.EncodeToString(sum[:])
			b, _ := json.Marshal(p)
			setPayload(r, 0, b)
			r["fingerprint"] = p.Fingerprint
			if rehashed {
				rehash(r, 0)
				resummarise(r)
			}
		}
	}
	for _, tc := range []struct {
		name string
		edit func(r map[string]any)
	}{
		{"rule off in the commit, chain broken", off(false)},
		{"rule off in the commit, re-hashed", off(true)},
		{"a frame member beside the commit's", func(r map[string]any) { r["frame"] = map[string]any{"home_county_allowed": false} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tamper(t, data, "forged", tc.edit)
			bothRefuse(t, py, p, true)
		})
	}
}
