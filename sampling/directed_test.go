package sampling

import (
	"strings"
	"testing"
)

// A directed frame (SPEC.md §12) draws every unit and only the teams: its
// parameters must take every unit, it is canonical version 3 with a
// directed line, and it reads back to the same frame and F.
func TestDirectedFrameDrawsEveryUnit(t *testing.T) {
	f := testFrame(3, 4, 30)
	f.Units = f.Units[:len(f.Units)-1] // counties of 5, 6 and 3 units
	f.Directed = &Directed{Kind: DirectedKey, Reason: "重点单位 2026 年尚未检查"}
	f.Params.Counties, f.Params.UnitsPerCounty = 1, 1
	if err := f.ValidateParams(); err == nil || !strings.Contains(err.Error(), "每一个单位") {
		t.Fatalf("a directed frame that draws 1 of 14 units: %v", err)
	}
	f.Params = f.DirectedParams(f.Params)
	if f.Params.Counties != 3 || f.Params.UnitsPerCounty != 6 {
		t.Fatalf("params %+v", f.Params)
	}
	rep, err := Feasible(f)
	if err != nil || !rep.OK() {
		t.Fatalf("feasible: %+v %v", rep, err)
	}
	r, err := Draw(f, "12345-67890")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, u := range r.Units {
		for _, p := range u.Picks {
			if !p.Alternate {
				n++
			}
		}
	}
	if n != len(f.Units) || len(r.Teams) != 3 {
		t.Fatalf("drawn %d of %d units, %d teams", n, len(f.Units), len(r.Teams))
	}
	text, err := f.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"shuangsui-frame\t3\n", "date\t2026-11-25\ndirected\tkey\t重点单位 2026 年尚未检查\t\nparams\t"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("canonical text lacks %q:\n%s", want, text)
		}
	}
	back, err := ParseCanonical(text)
	if err != nil || back.Directed == nil || *back.Directed != *f.Directed {
		t.Fatalf("read back: %+v %v", back.Directed, err)
	}
	// A list needs its source; a partner is its own line, also version 3.
	g := f
	g.Directed = &Directed{Kind: DirectedList, Reason: "市场监管局年报抽查名单"}
	if err := g.ValidateParams(); err == nil || !strings.Contains(err.Error(), "来源") {
		t.Fatalf("a list without its source: %v", err)
	}
	g.Directed.Source = "市场监督管理局 2026 年年报抽查名单.xlsx"
	g.Partner = "市场监督管理局"
	if err := g.ValidateParams(); err != nil {
		t.Fatal(err)
	}
	text, _ = g.Canonical()
	if !strings.Contains(string(text), "\npartner\t市场监督管理局\nparams\t") {
		t.Errorf("no partner line:\n%s", text)
	}
	back, err = ParseCanonical(text)
	if err != nil || back.Partner != g.Partner {
		t.Fatalf("read back: %q %v", back.Partner, err)
	}
	for _, bad := range []struct{ from, to string }{
		{"shuangsui-frame\t3\n", "shuangsui-frame\t1\n"},
		{"shuangsui-frame\t3\n", "shuangsui-frame\t2\n"},
		{"\npartner\t市场监督管理局\n", "\npartner\t市场监督管理局\npartner\t另一部门\n"},
	} {
		if _, err := ParseCanonical([]byte(strings.Replace(string(text), bad.from, bad.to, 1))); err == nil {
			t.Errorf("%q → %q was read", bad.from, bad.to)
		}
	}
	fg, _ := g.Fingerprint()
	ff, _ := f.Fingerprint()
	if fg == ff {
		t.Error("the partner does not change F")
	}
	// Only a partner (units drawn from the library as usual): no directed rule.
	h := testFrame(3, 4, 30)
	h.Partner = "市场监督管理局"
	if err := h.ValidateParams(); err != nil {
		t.Fatal(err)
	}
	if text, _ := h.Canonical(); !strings.HasPrefix(string(text), "shuangsui-frame\t3\n") {
		t.Errorf("a joint frame is not version 3:\n%.80s", text)
	}
}

// The §12 example of SPEC.md: the §5 example as a joint directed draw of
// a list, with its F computed independently (sha256sum of the bytes).
func TestDirectedSpecExample(t *testing.T) {
	text := strings.ReplaceAll("shuangsui-frame→3\nmatter→M→2→名→综合\ndate→2026-01-02\ndirected→list→年报联合抽查→市场监管局名单.xlsx\n"+
		"partner→市场监督管理局\nparams→2→1→simple→1→0\nleader→Z\nleader→Y\ncounty→A→甲\ncounty→B→乙\n"+
		"unit→u1→B→c→一\nunit→u2→A→c→二\ninspector→Y→于→A→0→0→2027-01-01→→→\n"+
		"inspector→Z→张→→1→1→2027-01-01→工业,综合→→u1,u2\n", "→", "\t")
	f, err := ParseCanonical([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.ValidateParams(); err != nil {
		t.Fatal(err)
	}
	if fp, _ := f.Fingerprint(); fp != "fa2cc9c1c91a1b5e52a76a616cd731c0f15af57132ec018a863a1be28aae3337" {
		t.Fatalf("F = %s", fp)
	}
}
