package sampling

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// memLog appends steps the way the store does, with a fixed clock.
type memLog struct{ steps []Step }

func (m *memLog) append(t *testing.T, c *Ceremony, kind string, payload []byte, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	prev := GenesisHash
	if n := len(m.steps); n > 0 {
		prev = m.steps[n-1].Hash
	}
	seq := uint64(len(m.steps) + 1)
	at := fmt.Sprintf("2026-11-25T10:%02d:00+08:00", seq)
	s := Step{Seq: seq, Kind: kind, At: at, Payload: payload, Prev: prev, Hash: StepHash(prev, seq, kind, at, payload)}
	if err := c.Apply(s); err != nil {
		t.Fatalf("apply %s: %v", kind, err)
	}
	m.steps = append(m.steps, s)
}

var testWitnesses = []Witness{
	{Name: "王见证", Role: "市纪委监委派驻纪检组", Digits: "38271"},
	{Name: "李监督", Role: "法规科", Digits: "90412"},
	{Name: "赵企业", Role: "企业代表", Digits: "77315"},
	{Name: "钱群众", Role: "群众代表", Digits: "02846"},
}

// runCeremony drives a ceremony from commit to seal.
func runCeremony(t *testing.T, f Frame) (*Ceremony, *memLog) {
	t.Helper()
	c, log := &Ceremony{}, &memLog{}
	kind, p, err := c.Commit(Info{Title: "测试", Operator: "操作员"}, f)
	log.append(t, c, kind, p, err)
	for _, w := range testWitnesses {
		kind, p, err := c.AddWitness(w)
		log.append(t, c, kind, p, err)
	}
	kind, p, err = c.FixSeed()
	log.append(t, c, kind, p, err)
	for c.Phase != PhaseSealed {
		kind, p, err := c.Next()
		log.append(t, c, kind, p, err)
	}
	return c, log
}

func TestCeremonyMatchesDraw(t *testing.T) {
	f := testFrame(12, 8, 60)
	c, log := runCeremony(t, f)
	if c.Seed != "38271-90412-77315-02846" {
		t.Fatalf("seed %q", c.Seed)
	}
	want, err := Draw(f, c.Seed)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(c.Result)
	if string(a) != string(b) {
		t.Fatalf("ceremony result differs from Draw")
	}
	// 1 commit + 4 witnesses + seed + counties + 3 units + teams + seal.
	if len(log.steps) != 12 {
		t.Fatalf("%d steps", len(log.steps))
	}
	if c.VerificationCode() != log.steps[11].Hash {
		t.Fatal("verification code is not the seal hash")
	}
	again, err := Replay(log.steps)
	if err != nil {
		t.Fatal(err)
	}
	if again.VerificationCode() != c.VerificationCode() {
		t.Fatal("replay differs")
	}
}

func TestCeremonyRefusals(t *testing.T) {
	f := testFrame(6, 6, 40)
	c := &Ceremony{}
	if _, _, err := c.AddWitness(testWitnesses[0]); err == nil {
		t.Error("witness before commit accepted")
	}
	if _, _, err := c.Next(); err == nil {
		t.Error("draw before commit accepted")
	}
	bad := f
	bad.Params.Counties = 99
	var inf *InfeasibleError
	if _, _, err := c.Commit(Info{}, bad); !errors.As(err, &inf) {
		t.Errorf("infeasible commit: %v", err)
	}
	log := &memLog{}
	kind, p, err := c.Commit(Info{MinDigits: 12}, f)
	log.append(t, c, kind, p, err)
	if _, _, err := c.Commit(Info{}, f); err == nil {
		t.Error("second commit accepted")
	}
	for _, digits := range []string{"", "12a4", "１２３", "12 34"} {
		if _, _, err := c.AddWitness(Witness{Name: "甲", Digits: digits}); err == nil {
			t.Errorf("digits %q accepted", digits)
		}
	}
	if _, _, err := c.AddWitness(Witness{Name: " ", Digits: "123"}); err == nil {
		t.Error("empty name accepted")
	}
	if _, _, err := c.FixSeed(); err == nil {
		t.Error("seed without witnesses accepted")
	}
	kind, p, err = c.AddWitness(Witness{Name: "甲", Digits: "12345"})
	log.append(t, c, kind, p, err)
	if _, _, err := c.FixSeed(); err == nil || !strings.Contains(err.Error(), "12") {
		t.Errorf("5 digits of 12 accepted: %v", err)
	}
	if _, _, err := c.Abandon(" "); err == nil {
		t.Error("abandon without reason accepted")
	}
	kind, p, err = c.Abandon("见证人未到齐")
	log.append(t, c, kind, p, err)
	if c.Phase != PhaseAbandoned || c.Abandoned != "见证人未到齐" {
		t.Fatalf("phase %v", c.Phase)
	}
	if _, _, err := c.AddWitness(testWitnesses[1]); err == nil {
		t.Error("witness after abandon accepted")
	}
	if _, err := Replay(log.steps); err != nil {
		t.Fatalf("abandoned ceremony does not replay: %v", err)
	}
}

// rechain recomputes every hash after an edit, as a forger would.
func rechain(steps []Step) {
	prev := GenesisHash
	for i := range steps {
		steps[i].Prev = prev
		steps[i].Hash = StepHash(prev, steps[i].Seq, steps[i].Kind, steps[i].At, steps[i].Payload)
		prev = steps[i].Hash
	}
}

func TestReplayCatchesForgedDraws(t *testing.T) {
	f := testFrame(10, 8, 60)
	_, log := runCeremony(t, f)
	tests := []struct {
		name string
		edit func(steps []Step) []Step
		seq  uint64
	}{
		{"changed byte, chain kept", func(s []Step) []Step { s[6].Payload[10] ^= 1; return s }, 7},
		{"swapped steps", func(s []Step) []Step { s[2], s[3] = s[3], s[2]; return s }, 3},
		{"deleted step", func(s []Step) []Step { return append(s[:4], s[5:]...) }, 5},
		{"forged county, rechained", func(s []Step) []Step {
			var picks []Pick
			json.Unmarshal(s[6].Payload, &picks)
			picks[0], picks[1] = picks[1], picks[0]
			s[6].Payload, _ = json.Marshal(picks)
			rechain(s)
			return s
		}, 7},
		{"extra witness after seed, rechained", func(s []Step) []Step {
			w := s[1]
			w.Seq = 7
			s = append(s[:6], append([]Step{w}, s[6:]...)...)
			for i := range s {
				s[i].Seq = uint64(i + 1)
			}
			rechain(s)
			return s
		}, 7},
		{"forged fingerprint, rechained", func(s []Step) []Step {
			p, f, _, err := DecodeCommit(s[0].Payload)
			if err != nil {
				t.Fatal(err)
			}
			f.Units = f.Units[1:]
			text, _ := f.Canonical()
			p.FrameGzip, _ = CompressFrame(text)
			s[0].Payload, _ = json.Marshal(p)
			rechain(s)
			return s
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := make([]Step, len(log.steps))
			for i, s := range log.steps {
				s.Payload = append([]byte(nil), s.Payload...)
				steps[i] = s
			}
			_, err := Replay(tt.edit(steps))
			var ce *ChainError
			if !errors.As(err, &ce) || ce.Seq != tt.seq {
				t.Fatalf("error %v, want one naming step %d", err, tt.seq)
			}
		})
	}
}

func TestVerifyRecord(t *testing.T) {
	f := testFrame(10, 8, 60)
	c, _ := runCeremony(t, f)
	r, err := NewRecord("2026-11-25-001", c)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(r)
	var back Record
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(back); err != nil {
		t.Fatalf("a true record fails: %v", err)
	}
	tests := []struct {
		field string
		edit  func(r *Record)
	}{
		{"seed", func(r *Record) { r.Seed = "1" + r.Seed }},
		{"result.units[1].picks[0].id", func(r *Record) { r.Result.Units[1].Picks[0].ID = "U99999" }},
		{"result.teams[0].members[0].id", func(r *Record) { r.Result.Teams[0].Members[0].ID = "E9999" }},
		{"verification_code", func(r *Record) { r.VerificationCode = strings.Repeat("0", 64) }},
		{"witnesses[0].name", func(r *Record) { r.Witnesses[0].Name = "冒名" }},
		{"steps", func(r *Record) { r.Steps[3].Payload[2] ^= 1 }},
		{"format", func(r *Record) { r.Format = "other" }},
	}
	for _, tt := range tests {
		var r Record
		json.Unmarshal(raw, &r)
		tt.edit(&r)
		_, err := Verify(r)
		var m *Mismatch
		if !errors.As(err, &m) || m.Field != tt.field {
			t.Errorf("edit of %s: error %v", tt.field, err)
		}
	}
}

// TestWitnessRemoval: before the seed a witness can be taken off the list
// with a reason, as a step; the seed is made from the witnesses left, in
// order; a removal names the witness it removes; after the seed, without a
// reason, or past the list it is refused; a step that names the wrong
// witness does not replay.
func TestWitnessRemoval(t *testing.T) {
	f := testFrame(6, 6, 40)
	c := &Ceremony{}
	log := &memLog{}
	step := func(kind string, p []byte, err error) { t.Helper(); log.append(t, c, kind, p, err) }
	step(c.Commit(Info{MinDigits: 20}, f))
	for _, w := range testWitnesses {
		step(c.AddWitness(w))
	}
	if _, _, err := c.RemoveWitness(2, " "); err == nil {
		t.Error("removal without a reason accepted")
	}
	if _, _, err := c.RemoveWitness(5, "多余"); err == nil {
		t.Error("removal of witness 5 of 4 accepted")
	}
	kind, p, err := c.RemoveWitness(2, "数字输错")
	if err != nil || kind != StepWitnessRemove || !strings.Contains(string(p), `"name":"李监督"`) {
		t.Fatalf("%s %s %v", kind, p, err)
	}
	log.append(t, c, kind, p, err)
	step(c.AddWitness(Witness{Name: "李监督", Role: "法规科", Digits: "90413"}))
	step(c.FixSeed())
	if c.Seed != "38271-77315-02846-90413" {
		t.Fatalf("seed %q", c.Seed)
	}
	if _, _, err := c.RemoveWitness(1, "晚了"); err == nil {
		t.Error("removal after the seed accepted")
	}
	again, err := Replay(log.steps)
	if err != nil || again.Seed != c.Seed || len(again.Witnesses) != 4 {
		t.Fatalf("replay: %v", err)
	}
	// The removal step rewritten to name another witness: refused.
	forged := append([]Step(nil), log.steps...)
	bad := forged[5]
	bad.Payload = []byte(`{"index":2,"name":"赵企业","reason":"数字输错"}`)
	forged[5] = bad
	rehashSteps(forged, 5)
	if _, err := Replay(forged); err == nil || !strings.Contains(err.Error(), "李监督") {
		t.Errorf("a removal naming the wrong witness replays: %v", err)
	}
}

// rehashSteps recomputes the chain from step i on.
func rehashSteps(steps []Step, from int) {
	for i := from; i < len(steps); i++ {
		prev := GenesisHash
		if i > 0 {
			prev = steps[i-1].Hash
		}
		steps[i].Prev = prev
		steps[i].Hash = StepHash(prev, steps[i].Seq, steps[i].Kind, steps[i].At, steps[i].Payload)
	}
}
