package sampling

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"shuangsui/sampling/recordtest"
)

// sealedRecordJSON runs a ceremony on f, applies the substitutions subs
// makes, and returns the exported record as JSON.
func sealedRecordJSON(t *testing.T, f Frame, subs func(c *Ceremony, log *memLog)) []byte {
	t.Helper()
	c, log := runCeremony(t, f)
	if subs != nil {
		subs(c, log)
	}
	again, err := Replay(log.steps)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRecord("2026-11-25-001", again)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// asFormat1 rewrites a record without entries after the seal as a record
// of format 1 would be: the commit with the frame as JSON (the chain
// re-hashed), the frame in the summary, no head.
func asFormat1(t *testing.T, raw []byte) []byte {
	t.Helper()
	var r Record
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	p, f, _, err := DecodeCommit(r.Steps[0].Payload)
	if err != nil {
		t.Fatal(err)
	}
	p.Frame, p.FrameGzip = &f, ""
	if r.Steps[0].Payload, err = json.Marshal(p); err != nil {
		t.Fatal(err)
	}
	rechain(r.Steps)
	c, err := Replay(r.Steps)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = NewRecord(r.Ceremony, c); err != nil {
		t.Fatal(err)
	}
	r.Format, r.Head, r.Frame = RecordFormat1, "", &c.Frame
	if raw, err = json.Marshal(r); err != nil {
		t.Fatal(err)
	}
	return raw
}

// substituteSome replaces a unit, a member and a leader of the first team.
func substituteSome(t *testing.T) func(c *Ceremony, log *memLog) {
	return func(c *Ceremony, log *memLog) {
		county := c.Result.Units[0].County
		kind, p, err := c.Substitute(SubstituteUnit, county, c.CurrentUnits(county)[0], "已注销", "张操作")
		log.append(t, c, kind, p, err)
		team := c.Result.Teams[0]
		kind, p, err = c.Substitute(SubstituteInspector, county, team.Members[0].ID, "回避", "张操作")
		log.append(t, c, kind, p, err)
		kind, p, err = c.Substitute(SubstituteInspector, county, team.Leader.ID, "出差", "张操作")
		log.append(t, c, kind, p, err)
	}
}

func verifyJSON(raw []byte) error {
	var r Record
	if err := json.Unmarshal(raw, &r); err != nil {
		return err
	}
	_, err := Verify(r)
	return err
}

// editJSON decodes raw, lets edit change it and encodes it again.
func editJSON(t *testing.T, raw []byte, edit func(r map[string]any)) []byte {
	t.Helper()
	var r map[string]any
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	edit(r)
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func jobj(v any) map[string]any { return v.(map[string]any) }
func jarr(v any) []any          { return v.([]any) }

func TestVerifyNamesTheFirstDifferingPath(t *testing.T) {
	f := testFrame(10, 8, 60)
	raw := sealedRecordJSON(t, f, substituteSome(t))
	if err := verifyJSON(raw); err != nil {
		t.Fatalf("a true record fails: %v", err)
	}
	v1 := asFormat1(t, raw)
	if err := verifyJSON(v1); err != nil {
		t.Fatalf("the record as format 1 fails: %v", err)
	}
	unit := f.Units[20].ID
	tests := []struct {
		name  string
		edit  func(r map[string]any)
		field string   // Mismatch.Field
		want  []string // in the message
	}{
		{"a frame in a record of format 2", func(r map[string]any) {
			r["frame"] = map[string]any{}
		}, "frame", []string{"版本 2 的记录没有 frame 成员"}},
		{"one character of a unit id in the frame", func(r map[string]any) {
			u := jobj(jarr(jobj(r["frame"])["units"])[20])
			u["id"] = unit[:len(unit)-1] + "Z"
		}, "frame.units[20].id", []string{`记录为 (recorded) "` + unit[:len(unit)-1] + `Z",重算为 (recomputed) "` + unit + `"`}},
		{"an inspector's flag in the frame", func(r map[string]any) {
			in := jobj(jarr(jobj(r["frame"])["inspectors"])[3])
			in["active"] = !in["active"].(bool)
		}, "frame.inspectors[3].active", []string{"记录为", "重算为"}},
		{"a designated leader added to the frame", func(r map[string]any) {
			jobj(jobj(r["frame"])["params"])["leaders"] = []any{"E0004"}
		}, "frame.params.leaders[0]", []string{"记录中多出此项", `"E0004"`}},
		{"info", func(r map[string]any) { jobj(r["info"])["title"] = "别的标题" }, "info.title", []string{`"别的标题"`, `"测试"`}},
		{"a county ticket", func(r map[string]any) {
			p := jobj(jarr(jobj(r["result"])["counties"])[1])
			p["ticket"] = p["ticket"].(string)[:30]
		}, "result.counties[1].ticket", nil},
		{"a unit pick", func(r map[string]any) {
			p := jobj(jarr(jobj(jarr(jobj(r["result"])["units"])[1])["picks"])[0])
			p["id"] = "U99999"
		}, "result.units[1].picks[0].id", []string{`"U99999"`}},
		{"a team leader", func(r map[string]any) {
			l := jobj(jobj(jarr(jobj(r["result"])["teams"])[2])["leader"])
			l["id"] = "E9999"
		}, "result.teams[2].leader.id", nil},
		{"a team missing", func(r map[string]any) {
			res := jobj(r["result"])
			res["teams"] = jarr(res["teams"])[:2]
		}, "result.teams[2]", []string{"记录中没有此项"}},
		{"a witness added", func(r map[string]any) {
			r["witnesses"] = append(jarr(r["witnesses"]), map[string]any{"name": "冒名", "digits": "1"})
		}, "witnesses[4]", []string{"记录中多出此项", "冒名"}},
		{"a substitution's in", func(r map[string]any) {
			jobj(jarr(r["substitutions"])[1])["in"] = "E0001"
		}, "substitutions[1].in", []string{`"E0001"`}},
		{"a substitution's reason", func(r map[string]any) {
			jobj(jarr(r["substitutions"])[0])["reason"] = "停产"
		}, "substitutions[0].reason", []string{`记录为 (recorded) "停产",重算为 (recomputed) "已注销"`}},
		{"the substitutions left out", func(r map[string]any) { delete(r, "substitutions") }, "substitutions[0]", []string{"记录中没有此项"}},
		{"amended head", func(r map[string]any) { r["amended_head"] = strings.Repeat("0", 64) }, "amended_head", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := raw
			if strings.HasPrefix(tt.field, "frame.") {
				in = v1 // only a record of format 1 has the frame in its summary
			}
			err := verifyJSON(editJSON(t, in, tt.edit))
			var m *Mismatch
			if !errors.As(err, &m) || m.Field != tt.field {
				t.Fatalf("error %v, want a mismatch at %s", err, tt.field)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			t.Log(err)
		})
	}
}

// A draw step rewritten (and the chain recomputed, as a forger would) is
// reported with the first differing value inside its payload.
func TestVerifyNamesTheDifferingValueOfAStep(t *testing.T) {
	f := testFrame(10, 8, 60)
	raw := sealedRecordJSON(t, f, substituteSome(t))
	var r Record
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	rewrite := func(kind string, edit func(p map[string]any)) (Record, int) {
		var r Record
		json.Unmarshal(raw, &r)
		i := 0
		for r.Steps[i].Kind != kind {
			i++
		}
		var p map[string]any
		json.Unmarshal(r.Steps[i].Payload, &p)
		edit(p)
		r.Steps[i].Payload, _ = json.Marshal(p)
		rechain(r.Steps)
		return r, i + 1
	}
	tests := []struct {
		kind string
		edit func(p map[string]any)
		want string
	}{
		{StepUnits, func(p map[string]any) { jobj(jarr(p["picks"])[1])["id"] = "U99999" }, `units: picks[1].id: 记录为 (recorded) "U99999"`},
		{StepSubstitute, func(p map[string]any) { p["in"] = "U99999" }, `substitute: in: 记录为 (recorded) "U99999"`},
	}
	for _, tt := range tests {
		r, seq := rewrite(tt.kind, tt.edit)
		_, err := Verify(r)
		var ce *ChainError
		if !errors.As(err, &ce) || ce.Seq != uint64(seq) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want step %d and %q", tt.kind, err, seq, tt.want)
		}
	}
}

// SPEC.md §8: a summary field that is omitted, null or empty ([], "", 0,
// false) is the same value. Every optional list and summary field of a
// record is tried in each form where the record has it empty.
func TestVerifyEmptyEqualsOmitted(t *testing.T) {
	plain := testFrame(10, 8, 60)
	plain.Params.Alternates = 0           // teams without alternates
	plain.Inspectors[0].Specialties = nil // serves nowhere, still in the frame
	designated := testFrame(10, 8, 60)
	designated.Params.Method = MethodSystematic
	designated.Params.UnitsOverride = []CountyCount{{County: "C02", Units: 3}}
	for _, in := range designated.Inspectors {
		if in.LeaderQualified && in.Active && len(in.ConflictCounties) == 0 && len(in.ConflictUnits) == 0 && len(designated.Params.Leaders) < 6 {
			designated.Params.Leaders = append(designated.Params.Leaders, in.ID)
		}
	}
	records := map[string][]byte{
		"plain":      sealedRecordJSON(t, plain, nil),
		"designated": sealedRecordJSON(t, designated, substituteSome(t)),
	}
	// The frame's optional lists are in the summary of format 1 only.
	records["plain v1"] = asFormat1(t, records["plain"])
	records["designated v1"] = asFormat1(t, records["designated"])
	for name, raw := range records {
		if err := verifyJSON(raw); err != nil {
			t.Fatalf("%s: a true record fails: %v", name, err)
		}
	}
	for _, field := range recordtest.OptionalFields {
		covered := false
		for name, raw := range records {
			for _, form := range recordtest.EmptyForms(field.Kind) {
				n := 0
				edited := editJSON(t, raw, func(r map[string]any) { n = recordtest.SetEmpty(r, strings.Split(field.Path, "."), form) })
				if n == 0 {
					continue
				}
				covered = true
				if err := verifyJSON(edited); err != nil {
					t.Errorf("%s with %s %s (%d places): %v", name, field.Path, form, n, err)
				}
			}
		}
		if !covered {
			t.Errorf("%s: no test record has it empty", field.Path)
		}
	}
}

// The chain's errors are in Chinese, with the English in parentheses.
func TestChainErrorsAreChinese(t *testing.T) {
	_, log := runCeremony(t, testFrame(10, 8, 60))
	tests := []struct {
		edit func(s []Step)
		want string
	}{
		{func(s []Step) { s[4].Payload = append([]byte(nil), s[4].Payload...); s[4].Payload[3] ^= 1 }, "第 5 步 (step 5): 内容与其哈希不符"},
		{func(s []Step) { s[6].Prev = strings.Repeat("1", 64) }, "第 7 步 (step 7): prev 与上一步的哈希不符"},
		{func(s []Step) { s[2].Seq = 9 }, "第 3 步 (step 3): 序号为 9,应为 3"},
	}
	for _, tt := range tests {
		steps := append([]Step(nil), log.steps...)
		tt.edit(steps)
		_, err := VerifyChain(steps)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("error %v, want %q", err, tt.want)
		}
	}
}

// ParseRecord reads what SPEC.md §8 calls a record file: whitespace around
// the record is allowed; anything after it, or a member a record does not
// have, is not.
func TestParseRecord(t *testing.T) {
	raw := sealedRecordJSON(t, testFrame(10, 8, 60), nil)
	if _, err := ParseRecord(append(bytes.Clone(raw), "\n \t"...)); err != nil {
		t.Fatalf("whitespace after the record: %v", err)
	}
	if _, err := ParseRecord(append(bytes.Clone(raw), " {}"...)); err == nil || !strings.Contains(err.Error(), "记录之后还有其他内容") {
		t.Errorf("data after the record: %v", err)
	}
	unknown := editJSON(t, raw, func(r map[string]any) { jobj(r["info"])["note"] = "" })
	if _, err := ParseRecord(unknown); err == nil || !strings.Contains(err.Error(), "note") {
		t.Errorf("an unknown member: %v", err)
	}
}

// The program that wrote a record is informational (SPEC.md §8): a record
// written by any build verifies, but the member must be a string.
func TestRecordProgramIsInformational(t *testing.T) {
	raw := sealedRecordJSON(t, testFrame(10, 8, 60), nil)
	for _, c := range []struct {
		program any
		ok      bool
	}{
		{"shuangsui v1.2.0 (0123456789ab, 2026-11-30)", true},
		{"shuangsui 开发版本 (development build, go1.26.8)", true},
		{"another program entirely", true},
		{7, false},
		{map[string]any{"version": "v1"}, false},
	} {
		data := editJSON(t, raw, func(r map[string]any) { r["program"] = c.program })
		r, err := ParseRecord(data)
		if err == nil {
			_, err = Verify(r)
		}
		if (err == nil) != c.ok {
			t.Errorf("program %v: %v, want ok=%v", c.program, err, c.ok)
		}
	}
}

// A record of format 1 has the frame as JSON in its commit: one whose
// commit holds frame_gzip is refused, naming step 1, even with the frame in
// its summary; a record of format 2 with a frame member is refused.
func TestFormat1HasNoCompressedFrame(t *testing.T) {
	f := testFrame(10, 8, 60)
	raw := sealedRecordJSON(t, f, nil)
	v1 := editJSON(t, raw, func(r map[string]any) {
		r["format"] = RecordFormat1
		delete(r, "head")
		fj, _ := json.Marshal(f)
		var fm any
		json.Unmarshal(fj, &fm)
		r["frame"] = fm
	})
	err := verifyJSON(v1)
	var m *Mismatch
	if !errors.As(err, &m) || m.Field != "steps" || !strings.Contains(err.Error(), "第 1 步") || !strings.Contains(err.Error(), "frame_gzip") {
		t.Fatalf("format 1 with frame_gzip: %v", err)
	}
	if err := verifyJSON(asFormat1(t, raw)); err != nil {
		t.Fatalf("the same record written as format 1: %v", err)
	}
}
