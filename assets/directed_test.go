package assets

import (
	"encoding/json"
	"strings"
	"testing"

	"shuangsui/sampling"
)

// directedFrame is testFrame cut to the given units of three counties as
// a directed draw of kind (SPEC.md §12): every unit is taken.
func directedFrame(kind string) sampling.Frame {
	f := testFrame(sampling.MethodSimple, false, 3, 2)
	keep := map[string]int{"130821": 4, "130824": 3, "130828": 2}
	var units []sampling.Unit
	for _, u := range f.Units {
		if keep[u.County] > 0 {
			keep[u.County]--
			units = append(units, u)
		}
	}
	f.Units = units
	var counties []sampling.County
	for _, c := range f.Counties {
		if _, ok := keep[c.ID]; ok {
			counties = append(counties, c)
		}
	}
	f.Counties = counties
	f.Directed = &sampling.Directed{Kind: kind, Reason: "重点单位 2026 年尚未检查"}
	if kind == sampling.DirectedList {
		f.Directed.Reason = "企业年度报告公示信息联合抽查"
		f.Directed.Source = "市场监督管理局提供的名单(年报抽查名单.xlsx)"
		f.Partner = "承德市市场监督管理局"
	}
	f.Params = f.DirectedParams(f.Params)
	return f
}

// A directed record, a joint one with the partner's list and a joint one
// drawn from our library verify in all three verifiers (with results and
// the other entries after the seal); the forgeries a clerk's superior
// might try — take the directed rule or the partner out, draw fewer units
// than the frame holds, an unknown kind — are refused by all three, with
// the chain left broken or re-hashed.
func TestVerifiersOnDirectedAndJointRecords(t *testing.T) {
	py := needPython(t)
	jointDrawn := testFrame(sampling.MethodSimple, false, 3, 2)
	jointDrawn.Partner = "承德市市场监督管理局"
	records := map[string][]byte{}
	for name, f := range map[string]sampling.Frame{
		"directed-key": directedFrame(sampling.DirectedKey),
		"joint-list":   directedFrame(sampling.DirectedList),
		"joint-drawn":  jointDrawn,
	} {
		path, data := sealedRecordAfter(t, name, testInfo(), f, func(c *sampling.Ceremony, apply func(string, []byte, error)) {
			if f.Directed == nil {
				entries(t, c, apply)
				return
			}
			// A directed draw has no spare unit to substitute: results only.
			county := c.Result.Units[0].County
			for _, unit := range c.CurrentUnits(county) {
				payload, err := sampling.MarshalEntry(sampling.StepResult, sampling.Entry{Subject: unit, Unit: unit, Operator: "刘明"},
					sampling.ResultData{County: county, Matter: c.Frame.Matter.Code, Start: "2026-03-20", End: "2026-03-21",
						Team: c.CurrentTeam(county), Codes: []string{"未发现问题"}})
				apply(sampling.StepResult, payload, err)
				payload, err = sampling.MarshalEntry(sampling.StepPublication, sampling.Entry{Subject: unit, Unit: unit, Operator: "王芳"},
					sampling.PublicationData{Date: "2026-03-30"})
				apply(sampling.StepPublication, payload, err)
			}
		})
		records[name] = data
		if err := goVerify(path); err != nil {
			t.Fatalf("%s: go verify: %v", name, err)
		}
		if out, code := runPy(t, py, "record", path); code != 0 {
			t.Fatalf("%s: verify.py: %d\n%s", name, code, out)
		}
		var rec map[string]any
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatal(err)
		}
		text := string(mustCanonical(t, frameOf(t, rec)))
		if !strings.HasPrefix(text, "shuangsui-frame\t3\n") {
			t.Errorf("%s: frame text is not version 3:\n%.200s", name, text)
		}
	}
	// Every unit of the directed frames is drawn, none left as alternate.
	var rec map[string]any
	json.Unmarshal(records["directed-key"], &rec)
	n := 0
	for _, u := range arr(obj(rec["result"])["units"]) {
		for _, p := range arr(obj(u)["picks"]) {
			if obj(p)["alternate"] == nil {
				n++
			}
		}
	}
	if n != 9 {
		t.Errorf("the directed record draws %d units, want all 9", n)
	}
	edit := func(change func(*sampling.Frame), refingerprint, rehashed bool) func(r map[string]any) {
		return func(r map[string]any) {
			editFrame(t, r, change, refingerprint)
			if rehashed {
				resummarise(r)
			}
		}
	}
	noDirected := func(f *sampling.Frame) { f.Directed = nil }
	noPartner := func(f *sampling.Frame) { f.Partner = "" }
	fewer := func(f *sampling.Frame) { f.Params.UnitsPerCounty-- }
	kind := func(f *sampling.Frame) { f.Directed.Kind = "random" }
	noReason := func(f *sampling.Frame) { f.Directed.Reason = " " }
	for _, tc := range []struct {
		record, name string
		edit         func(r map[string]any)
	}{
		{"directed-key", "directed rule taken out, chain broken", edit(noDirected, true, false)},
		{"directed-key", "directed rule taken out, re-hashed", edit(noDirected, true, true)},
		{"directed-key", "fewer units than the frame, re-hashed", edit(fewer, true, true)},
		{"directed-key", "unknown kind, re-hashed", edit(kind, true, true)},
		{"directed-key", "blank reason, re-hashed", edit(noReason, true, true)},
		{"joint-list", "partner taken out, re-hashed", edit(noPartner, true, true)},
		{"joint-list", "partner taken out, F kept", edit(noPartner, false, true)},
		{"joint-drawn", "partner taken out, re-hashed", edit(noPartner, true, true)},
	} {
		t.Run(tc.record+"/"+tc.name, func(t *testing.T) {
			p := tamper(t, records[tc.record], "forged", tc.edit)
			bothRefuse(t, py, p, true)
		})
	}
}

// The strict reading (SPEC.md §11) covers the new members: in a record
// whose frame is JSON (format 1), directed and partner verify as written
// and are refused spelt in capitals, of another type or with a member
// they do not have, in the summary or (re-hashed) in the commit.
func TestVerifiersReadDirectedStrictly(t *testing.T) {
	py := needPython(t)
	f := directedFrame(sampling.DirectedList)
	_, data := sealedRecord(t, "directed-v1", f, false)
	v1 := asFormat1(t, data)
	path := tamper(t, v1, "v1", func(map[string]any) {})
	if err := goVerify(path); err != nil {
		t.Fatalf("go verify: %v", err)
	}
	if out, code := runPy(t, py, "record", path); code != 0 {
		t.Fatalf("verify.py: %d\n%s", code, out)
	}
	inCommit := func(edit func(fr map[string]any)) func(r map[string]any) {
		return func(r map[string]any) {
			var p map[string]any
			json.Unmarshal(payloadOf(r, 0), &p)
			edit(obj(p["frame"]))
			b, _ := json.Marshal(p)
			setPayload(r, 0, b)
			resummarise(r)
			delete(r, "head")
		}
	}
	for _, tc := range []struct {
		name string
		edit func(r map[string]any)
	}{
		{"Directed in capitals", func(r map[string]any) {
			fr := obj(r["frame"])
			fr["Directed"] = fr["directed"]
			delete(fr, "directed")
		}},
		{"directed as a string", func(r map[string]any) { obj(r["frame"])["directed"] = "list" }},
		{"partner as a number", func(r map[string]any) { obj(r["frame"])["partner"] = 1 }},
		{"directed with another member", func(r map[string]any) { obj(obj(r["frame"])["directed"])["period"] = "2026" }},
		{"commit: Partner in capitals, re-hashed", inCommit(func(fr map[string]any) {
			fr["Partner"] = fr["partner"]
			delete(fr, "partner")
		})},
		{"commit: directed kind as a number, re-hashed", inCommit(func(fr map[string]any) { obj(fr["directed"])["kind"] = 1 })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tamper(t, v1, "forged", tc.edit)
			bothRefuse(t, py, p, false)
		})
	}
}
