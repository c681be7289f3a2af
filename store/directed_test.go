package store_test

import (
	"strings"
	"testing"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/report/fixture"
)

// A directed frame holds exactly the units of its kind the period has not
// covered: the key unit until it is inspected in the year (an inspection
// of last year does not count), the dishonest unit until it is inspected
// in the half-year; the no-repeat rule does not keep either out; a list
// takes exactly its units and names an id that is not an active unit. The
// parameters are those that take every unit.
func TestDirectedFrame(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 3, 1)
	q := func(kind string, list ...string) store.FrameQuery {
		reason := store.DirectedReason(kind, "2026-11-25")
		if kind == "list" {
			reason = "联合抽查名单"
		}
		return store.FrameQuery{MatterCode: "SJ-001", DrawDate: "2026-11-25", List: list,
			Params:   sampling.Params{Members: 1, Method: sampling.MethodSimple},
			Directed: &sampling.Directed{Kind: kind, Reason: reason, Source: map[bool]string{true: "来源"}[kind == "list"]}}
	}
	ids := func(fr sampling.Frame) string {
		var out []string
		for _, u := range fr.Units {
			out = append(out, u.ID)
		}
		return strings.Join(out, ",")
	}
	history := func(unit, date string) {
		t.Helper()
		if _, err := f.DB.ImportHistory(store.ImportOptions{}, func(put func(store.Inspection) error) error {
			return put(store.Inspection{Unit: unit, Date: date, Matter: "SJ-001", Source: "双随机"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	history("U1-001", "2025-12-31") // last year: still due, and inside the no-repeat window
	history("U2-001", "2026-05-01") // the other half-year: still due
	for kind, want := range map[string]string{"key": "U1-001", "dishonest": "U2-001"} {
		fr, ex, err := f.DB.EligibleFrame(q(kind))
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if ids(fr) != want || fr.Directed == nil || fr.Directed.Kind != kind || ex.ByReason[store.ExclNotDirected] == 0 {
			t.Fatalf("%s: units %s, directed %+v, exclusions %v", kind, ids(fr), fr.Directed, ex.ByReason)
		}
		if fr.Params.Counties != 1 || fr.Params.UnitsPerCounty != 1 || fr.ValidateParams() != nil {
			t.Fatalf("%s: params %+v: %v", kind, fr.Params, fr.ValidateParams())
		}
	}
	history("U1-001", "2026-03-01")
	history("U2-001", "2026-07-02")
	for kind, want := range map[string]string{"key": "2026 年没有尚未检查的重点单位", "dishonest": "2026-07-01 至 2026-12-31 没有尚未检查的严重失信单位"} {
		if _, _, err := f.DB.EligibleFrame(q(kind)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s once covered: %v", kind, err)
		}
	}
	fr, _, err := f.DB.EligibleFrame(q("list", "U3-002", "U1-001", "U3-001"))
	if err != nil || ids(fr) != "U1-001,U3-001,U3-002" || fr.Params.Counties != 2 || fr.Params.UnitsPerCounty != 2 {
		t.Fatalf("list: %s %+v %v", ids(fr), fr.Params, err)
	}
	for list, want := range map[string]string{"U1-001,NOPE": "第 2 项 NOPE: 名录库中没有这个单位", "U1-001,U1-001": "第 2 项 U1-001 与第 1 项重复"} {
		if _, _, err := f.DB.EligibleFrame(q("list", strings.Split(list, ",")...)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("list %s: %v", list, err)
		}
	}
	kept := q("list", "U1-001", "U3-001")
	kept.DirectedCounties = []string{"130803"}
	if fr, _, err := f.DB.EligibleFrame(kept); err == nil {
		t.Errorf("a listed unit outside the counties kept: %s", ids(fr))
	}
	kept = q("key")
	kept.DirectedCounties = []string{"130809"}
	if _, _, err := f.DB.EligibleFrame(kept); err == nil || !strings.Contains(err.Error(), "130809") {
		t.Errorf("an unknown county: %v", err)
	}
}
