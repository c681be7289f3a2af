package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"shuangsui/sampling"
)

func TestEligibleFrameExclusions(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportCounties(ImportOptions{}, putAll(
		County{Code: "130802", Name: "双桥区", Active: true},
		County{Code: "130803", Name: "双滦区", Active: true},
		County{Code: "130804", Name: "鹰手营子矿区", Active: false},
		County{Code: "130821", Name: "承德县", Active: true}, // no eligible unit
	)); err != nil {
		t.Fatal(err)
	}
	n := 0
	id := func() string { n++; return uscc(fmt.Sprintf("91130802MA%07d", n)) }
	type row struct {
		u      Unit
		reason string // "" = eligible
	}
	rows := []row{
		{Unit{Name: "好1", County: "130802", Category: "规上工业", DirectReporting: true}, ""},
		{Unit{Name: "好2", County: "130803", Category: "规上服务业", DirectReporting: true}, ""},
		{Unit{Name: "停业", County: "130802", Category: "规上工业", DirectReporting: true, Status: StatusClosed}, ExclClosed},
		{Unit{Name: "注销", County: "130803", Category: "规上工业", DirectReporting: true, Status: StatusDeregistered}, ExclDeregistered},
		{Unit{Name: "非直报", County: "130802", Category: "规上工业"}, ExclNotDirectReporting},
		{Unit{Name: "范围外", County: "130802", Category: "投资项目", DirectReporting: true}, ExclOutOfScopeCategory},
		{Unit{Name: "停用区县", County: "130804", Category: "规上工业", DirectReporting: true}, ExclInactiveCounty},
		{Unit{Name: "未知区县", County: "999999", Category: "规上工业", DirectReporting: true}, ExclInactiveCounty},
		{Unit{Name: "近查", County: "130802", Category: "规上工业", DirectReporting: true}, ExclInspectedRecently},
		{Unit{Name: "三年前", County: "130802", Category: "规上工业", DirectReporting: true}, ""},
		{Unit{Name: "正好三年", County: "130803", Category: "规上工业", DirectReporting: true}, ExclInspectedRecently},
		{Unit{Name: "移出", County: "130802", Category: "规上工业", DirectReporting: true}, ExclRemoved},
		{Unit{Name: "承德县停业", County: "130821", Category: "规上工业", DirectReporting: true, Status: StatusClosed}, ExclClosed},
	}
	var units []Unit
	for i := range rows {
		rows[i].u.ID = id()
		units = append(units, rows[i].u)
	}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(units...)); err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, r := range rows {
		byName[r.u.Name] = r.u.ID
	}
	// Replace without 移出 removes it.
	var keep []Unit
	for _, u := range units {
		if u.Name != "移出" {
			keep = append(keep, u)
		}
	}
	if _, err := db.ImportUnits(ImportOptions{Mode: Replace}, putAll(keep...)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportHistory(ImportOptions{}, putAll(
		Inspection{Unit: byName["近查"], Date: "2025-06-01", Matter: "X"},
		Inspection{Unit: byName["三年前"], Date: "2023-11-24", Matter: "X"},
		Inspection{Unit: byName["正好三年"], Date: "2023-11-25", Matter: "X"},
		Inspection{Unit: byName["好1"], Date: "2026-11-26", Matter: "X"}, // after the draw date
	)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportInspectors(ImportOptions{}, putAll(
		Inspector{ID: "I2", Name: "李四", HomeCounty: "130803", Specialties: []string{"综合", "工业"}, Active: false,
			Conflicts: Conflicts{Counties: []string{"130802"}, Units: []string{byName["好2"]}}},
		Inspector{ID: "I1", Name: "张三", HomeCounty: "130802", LeaderQualified: true, Active: true, ValidUntil: "2027-12-31"},
	)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportMatters(ImportOptions{}, putAll(Matter{Code: "TJ-01", Name: "统计执法检查", Specialty: "综合",
		Categories: []string{"规上工业", "规上服务业"}})); err != nil {
		t.Fatal(err)
	}
	params := sampling.Params{Counties: 1, UnitsPerCounty: 1, Method: sampling.MethodSimple, Members: 1}
	f, ex, err := db.EligibleFrame(FrameQuery{MatterCode: "TJ-01", DrawDate: "2026-11-25", Params: params, DirectReportingOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	wantReasons := map[string]int{}
	wantEligible := map[string]bool{}
	for _, r := range rows {
		if r.reason == "" {
			wantEligible[r.u.ID] = true
		} else {
			wantReasons[r.reason]++
		}
	}
	if fmt.Sprint(ex.ByReason) != fmt.Sprint(wantReasons) {
		t.Errorf("ByReason = %v\nwant       %v", ex.ByReason, wantReasons)
	}
	if len(f.Units)+ex.Total() != len(rows) {
		t.Errorf("%d eligible + %d excluded != %d units", len(f.Units), ex.Total(), len(rows))
	}
	for _, u := range f.Units {
		if !wantEligible[u.ID] {
			t.Errorf("unit %s eligible", u.ID)
		}
	}
	if len(f.Units) != len(wantEligible) {
		t.Errorf("eligible %v, want %v", f.Units, wantEligible)
	}
	if got := ex.ByCounty["130802"]; got[ExclClosed] != 1 || got[ExclNotDirectReporting] != 1 || got[ExclInspectedRecently] != 1 || got[ExclRemoved] != 1 {
		t.Errorf("ByCounty[130802] = %v", got)
	}
	if got := ex.ByCounty["999999"][ExclInactiveCounty]; got != 1 {
		t.Errorf("unknown county counted %d", got)
	}
	if fmt.Sprint(f.Counties) != "[{130802 双桥区} {130803 双滦区}]" {
		t.Errorf("counties = %v", f.Counties)
	}
	if len(f.Inspectors) != 2 || f.Inspectors[1].ID != "I2" || f.Inspectors[1].Active || len(f.Inspectors[1].ConflictUnits) != 1 ||
		f.Inspectors[1].ConflictCounties[0] != "130802" || !f.Inspectors[0].LeaderQualified {
		t.Errorf("inspectors = %+v", f.Inspectors)
	}
	if f.Matter != (sampling.Matter{Code: "TJ-01", Version: 1, Name: "统计执法检查", Specialty: "综合"}) || f.DrawDate != "2026-11-25" || f.Params.Members != 1 {
		t.Errorf("matter/date/params = %+v %s %+v", f.Matter, f.DrawDate, f.Params)
	}
	if _, err := f.Fingerprint(); err != nil {
		t.Errorf("frame has no fingerprint: %v", err)
	}

	// Without the direct-reporting filter and with the rule off.
	f, ex, err = db.EligibleFrame(FrameQuery{MatterCode: "TJ-01", DrawDate: "2026-11-25", NoRepeatMonths: -1})
	if err != nil {
		t.Fatal(err)
	}
	if ex.ByReason[ExclInspectedRecently] != 0 || ex.ByReason[ExclNotDirectReporting] != 0 || len(f.Units) != len(wantEligible)+3 {
		t.Errorf("rule off: %d units, %v", len(f.Units), ex.ByReason)
	}
	// A 24-month window lets 正好三年 back in but not 近查.
	_, ex, err = db.EligibleFrame(FrameQuery{MatterCode: "TJ-01", DrawDate: "2026-11-25", NoRepeatMonths: 24, DirectReportingOnly: true})
	if err != nil || ex.ByReason[ExclInspectedRecently] != 1 {
		t.Errorf("24 months: %v %v", ex.ByReason, err)
	}
	if _, _, err := db.EligibleFrame(FrameQuery{MatterCode: "NONE", DrawDate: "2026-11-25"}); err == nil {
		t.Error("frame of a missing matter")
	}
	if _, _, err := db.EligibleFrame(FrameQuery{MatterCode: "TJ-01", DrawDate: "25/11/2026"}); err == nil {
		t.Error("frame with a bad date")
	}

	// With a progress callback: the phases in order, the units counted
	// against the library's total; an error from the callback stops the
	// read and is returned.
	var seen []string
	q := FrameQuery{MatterCode: "TJ-01", DrawDate: "2026-11-25", Params: params, DirectReportingOnly: true}
	f2, _, err := db.EligibleFrameProgress(q, func(phase string, done, total int) error {
		seen = append(seen, fmt.Sprintf("%s %d/%d", phase, done, total))
		return nil
	})
	if err != nil || len(f2.Units) != len(wantEligible) {
		t.Fatalf("with progress: %v, %d units", err, len(f2.Units))
	}
	if got := fmt.Sprint(seen); got != fmt.Sprintf("[check 0/0 history 0/0 units 0/%d]", len(rows)) {
		t.Errorf("progress %s", got)
	}
	stop := errors.New("superseded")
	if _, _, err := db.EligibleFrameProgress(q, func(phase string, _, _ int) error {
		if phase == FramePhaseUnits {
			return stop
		}
		return nil
	}); !errors.Is(err, stop) {
		t.Errorf("stopped read: %v", err)
	}
}

// Building a frame lets go of the database pages it read (releasePages):
// the data stays, and the same frame is built again, after a write that
// grows the file and remaps it too.
func TestEligibleFrameReleasesPagesKeepsData(t *testing.T) {
	db, _ := openTest(t)
	if _, err := db.ImportCounties(ImportOptions{}, putAll(County{Code: "130802", Name: "双桥区", Active: true})); err != nil {
		t.Fatal(err)
	}
	var units []Unit
	for i := 1; i <= 3000; i++ {
		units = append(units, Unit{ID: uscc(fmt.Sprintf("91130802MA%07d", i)), Name: fmt.Sprintf("单位%d", i), County: "130802", Category: "规上工业", DirectReporting: true})
	}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(units...)); err != nil {
		t.Fatal(err)
	}
	q := FrameQuery{MatterCode: "SJ-001", DrawDate: "2026-11-25",
		Params: sampling.Params{Counties: 1, UnitsPerCounty: 1, Method: sampling.MethodSimple, Members: 1}}
	if _, err := db.ImportMatters(ImportOptions{}, putAll(Matter{Code: "SJ-001", Name: "原始记录和统计台账", Specialty: "综合"})); err != nil {
		t.Fatal(err)
	}
	first, _, err := db.EligibleFrame(q)
	if err != nil {
		t.Fatal(err)
	}
	for i := 3001; i <= 6000; i++ {
		units = append(units, Unit{ID: uscc(fmt.Sprintf("91130802MA%07d", i)), Name: fmt.Sprintf("单位%d", i), County: "130802", Category: "规上工业", DirectReporting: true})
	}
	if _, err := db.ImportUnits(ImportOptions{}, putAll(units[3000:]...)); err != nil {
		t.Fatal(err)
	}
	second, _, err := db.EligibleFrame(q)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Units) != 3000 || len(second.Units) != 6000 {
		t.Fatalf("frames of %d and %d units, want 3000 and 6000", len(first.Units), len(second.Units))
	}
	for i, u := range first.Units {
		if second.Units[i] != u || u.ID != units[i].ID || u.Name != units[i].Name {
			t.Fatalf("unit %d: %+v, then %+v, want %s %s", i, u, second.Units[i], units[i].ID, units[i].Name)
		}
	}
	if problems, err := db.Check(); err != nil || len(problems) > 0 {
		t.Fatal(problems, err)
	}
}

// A step is stored as json.Marshal writes it, byte for byte (encodeStep).
func TestEncodeStepIsMarshalsBytes(t *testing.T) {
	for _, s := range []sampling.Step{
		{Seq: 1, Kind: "commit", At: "2026-12-02T10:00:00+08:00", Payload: []byte(`{"info":{"title":"<见证&>"}}`), Prev: sampling.GenesisHash, Hash: "ab"},
		{Seq: 18446744073709551615, Kind: "k\u2028<", At: "", Payload: nil},
		{Seq: 2, Kind: "seal", Payload: []byte{}, Prev: "\xff"},
		{Seq: 3, Payload: []byte{0, 0xff, 1, 2}},
	} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := encodeStep(s); string(got) != string(want) {
			t.Errorf("encodeStep\n%s\nwant\n%s", got, want)
		}
	}
}

// The last step is checked against its hash without decoding its payload
// whole (lastStepHashed) when it is stored as encodeStep writes it; any
// other form, or a change, leaves it to the full decode.
func TestLastStepHashed(t *testing.T) {
	payload := bytes.Repeat([]byte(`{"info":{},"frame_gzip":"H4sI"}`), 5000)
	s := sampling.Step{Seq: 7, Kind: "commit", At: "2026-12-02T10:00:00+08:00", Payload: payload, Prev: sampling.GenesisHash}
	s.Hash = sampling.StepHash(s.Prev, s.Seq, s.Kind, s.At, s.Payload)
	key := seqKey(7)
	v := encodeStep(s)
	got, ok := lastStepHashed(key, v)
	if !ok || got.Seq != 7 || got.Kind != s.Kind || got.At != s.At || got.Prev != s.Prev || got.Hash != s.Hash {
		t.Fatalf("an intact step: %+v %v", got, ok)
	}
	changed := bytes.Clone(v)
	i := bytes.Index(changed, []byte(`"payload":"`)) + len(`"payload":"`) + 8
	changed[i] ^= 1 // another base64 letter
	if _, ok := lastStepHashed(key, changed); ok {
		t.Fatal("a changed payload passed")
	}
	if _, ok := lastStepHashed(seqKey(8), v); ok {
		t.Fatal("a step under another key passed")
	}
	spaced := bytes.Replace(v, []byte(`"seq":7,`), []byte(`"seq": 7,`), 1)
	if _, ok := lastStepHashed(key, spaced); ok {
		t.Fatal("another JSON form was not left to the full decode")
	}
	s.Payload = nil
	s.Hash = sampling.StepHash(s.Prev, s.Seq, s.Kind, s.At, nil)
	if _, ok := lastStepHashed(key, encodeStep(s)); ok {
		t.Fatal("a null payload was not left to the full decode")
	}
}
