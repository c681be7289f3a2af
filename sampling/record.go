package sampling

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// RecordFormat names version 1 of the exported record (SPEC.md §8).
const RecordFormat = "shuangsui-record/1"

// Record is a sealed ceremony exported as one self-contained document.
// Steps are the whole chain; every other field is a readable summary that
// Verify re-derives from the steps and compares.
type Record struct {
	Format           string    `json:"format"`
	Ceremony         string    `json:"ceremony"`
	Info             Info      `json:"info"`
	Frame            Frame     `json:"frame"`
	Fingerprint      string    `json:"fingerprint"`
	CommittedAt      string    `json:"committed_at"`
	Witnesses        []Witness `json:"witnesses"`
	Seed             string    `json:"seed"`
	Result           Result    `json:"result"`
	SealedAt         string    `json:"sealed_at"`
	VerificationCode string    `json:"verification_code"`
	// Substitutions made after the seal and the hash of the last of them
	// (the code of the amended record); both absent while none was made.
	Substitutions []Substitution `json:"substitutions,omitempty"`
	AmendedHead   string         `json:"amended_head,omitempty"`
	Steps         []Step         `json:"steps"`
}

// NewRecord builds the record of a sealed ceremony.
func NewRecord(id string, c *Ceremony) (Record, error) {
	if c.Phase != PhaseSealed {
		return Record{}, fmt.Errorf("仪式 %s 尚未封存,不能导出记录", id)
	}
	r := Record{
		Format:           RecordFormat,
		Ceremony:         id,
		Info:             c.Info,
		Frame:            c.Frame,
		Fingerprint:      c.Fingerprint,
		Witnesses:        c.Witnesses,
		Seed:             c.Seed,
		Result:           c.Result,
		VerificationCode: c.VerificationCode(),
		Substitutions:    c.Substitutions,
		Steps:            c.Steps,
	}
	if len(c.Substitutions) > 0 {
		r.AmendedHead = c.Head()
	}
	for _, s := range c.Steps {
		switch s.Kind {
		case StepCommit:
			r.CommittedAt = s.At
		case StepSeal:
			r.SealedAt = s.At
		}
	}
	return r, nil
}

// Mismatch is the first difference Verify finds.
type Mismatch struct {
	Field string // the record field, or "steps"
	Err   error
}

func (m *Mismatch) Error() string { return fmt.Sprintf("%s: %v", m.Field, m.Err) }
func (m *Mismatch) Unwrap() error { return m.Err }

// Verify re-derives a record from its steps: the hash chain, the frame
// fingerprint, the seed from the witnesses' digits, and every stage of the
// draw; then it checks that each summary field says the same. It returns
// the replayed ceremony, or the first mismatch.
func Verify(r Record) (*Ceremony, error) {
	if r.Format != RecordFormat {
		return nil, &Mismatch{Field: "format", Err: fmt.Errorf("格式 %q 不是 %q", r.Format, RecordFormat)}
	}
	c, err := Replay(r.Steps)
	if err != nil {
		return nil, &Mismatch{Field: "steps", Err: err}
	}
	if c.Phase != PhaseSealed {
		return nil, &Mismatch{Field: "steps", Err: fmt.Errorf("最后一步不是封存")}
	}
	want, err := NewRecord(r.Ceremony, c)
	if err != nil {
		return nil, &Mismatch{Field: "steps", Err: err}
	}
	fields := []struct {
		name      string
		got, want any
	}{
		{"info", r.Info, want.Info},
		{"frame", r.Frame, want.Frame},
		{"fingerprint", r.Fingerprint, want.Fingerprint},
		{"committed_at", r.CommittedAt, want.CommittedAt},
		{"witnesses", r.Witnesses, want.Witnesses},
		{"seed", r.Seed, want.Seed},
		{"result.counties", r.Result.Counties, want.Result.Counties},
		{"result.units", r.Result.Units, want.Result.Units},
		{"result.teams", r.Result.Teams, want.Result.Teams},
		{"sealed_at", r.SealedAt, want.SealedAt},
		{"verification_code", r.VerificationCode, want.VerificationCode},
		{"substitutions", r.Substitutions, want.Substitutions},
		{"amended_head", r.AmendedHead, want.AmendedHead},
	}
	for _, f := range fields {
		a, err1 := json.Marshal(f.got)
		b, err2 := json.Marshal(f.want)
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			return nil, &Mismatch{Field: f.name, Err: fmt.Errorf("与各步骤重新推导的结果不符")}
		}
	}
	return c, nil
}
