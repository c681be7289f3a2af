package sampling

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// RecordFormat names the version of the exported record this package
// writes (SPEC.md §8, §10): version 2 adds the after-seal entries and the
// member head. Version 1 (RecordFormat1) is still read and verified.
const (
	RecordFormat  = "shuangsui-record/2"
	RecordFormat1 = "shuangsui-record/1"
)

// Record is a sealed ceremony exported as one self-contained document.
// Steps are the whole chain; every other field is a readable summary that
// Verify re-derives from the steps and compares.
type Record struct {
	Format string `json:"format"`
	// Program names the program that wrote the file, e.g. "shuangsui
	// v1.2.0 (1a2b3c4d5e6f, 2026-11-30)" (SPEC.md §8): informational only,
	// never derived from the steps, hashed or compared by Verify.
	Program  string `json:"program,omitempty"`
	Ceremony string `json:"ceremony"`
	Info     Info   `json:"info"`
	// Frame is the frame as JSON, in a record of format 1 only. From
	// format 2 on the frame is in the record once, in the commit step
	// (canonical and compressed, or as JSON for a ceremony committed by an
	// older program); Ceremony.Frame after Verify is the readable frame.
	Frame            *Frame    `json:"frame,omitempty"`
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
	// Head is the hash of the last step (当前校验码), version 2 only: the
	// verification code until the first step after the seal.
	Head  string `json:"head,omitempty"`
	Steps []Step `json:"steps"`
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
		Fingerprint:      c.Fingerprint,
		Witnesses:        c.Witnesses,
		Seed:             c.Seed,
		Result:           c.Result,
		VerificationCode: c.VerificationCode(),
		Substitutions:    c.Substitutions,
		AmendedHead:      c.AmendedHead(),
		Head:             c.Head(),
		Steps:            c.Steps,
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

// ParseRecord reads a record file (SPEC.md §8, §11): UTF-8, one JSON
// object with no member a record does not have, every member name in
// lower case and none twice, step payloads in canonical base64, and
// nothing after it but whitespace.
func ParseRecord(data []byte) (Record, error) {
	var r Record
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(&r); err != nil {
		return Record{}, err
	}
	if _, err := d.Token(); err != io.EOF {
		return Record{}, fmt.Errorf("记录之后还有其他内容 (data after the record)")
	}
	if err := checkJSON(data); err != nil {
		return Record{}, err
	}
	if err := checkBase64(data, r.Steps); err != nil {
		return Record{}, err
	}
	return r, nil
}

// Mismatch is the first difference Verify finds.
type Mismatch struct {
	// Field is the path of the first differing value in the record, as
	// verify.py names it ("frame.units[202].id", "result.teams[0].leader.id",
	// "substitutions[1].in"), or "format" or "steps".
	Field string
	Err   error
}

func (m *Mismatch) Error() string { return fmt.Sprintf("%s: %v", m.Field, m.Err) }
func (m *Mismatch) Unwrap() error { return m.Err }

// Verify re-derives a record from its steps: the hash chain, the frame
// fingerprint, the seed from the witnesses' digits, and every stage of the
// draw; then it checks that each summary field says the same. It returns
// the replayed ceremony, or the first mismatch.
//
// Summary fields are compared as values (SPEC.md §8): an omitted member,
// null and an empty list are the same; so are an omitted member and "", 0 or
// false. Formatting (spaces, line breaks, the order of an object's members)
// is not part of a record's meaning.
func Verify(r Record) (*Ceremony, error) {
	if r.Format != RecordFormat && r.Format != RecordFormat1 {
		return nil, &Mismatch{Field: "format", Err: fmt.Errorf("格式 %q 不是 %q 或 %q (format %q is not %q or %q)", r.Format, RecordFormat, RecordFormat1, r.Format, RecordFormat, RecordFormat1)}
	}
	if err := checkTimes(r.Steps); err != nil {
		return nil, err
	}
	c, err := Replay(r.Steps)
	if err != nil {
		return nil, &Mismatch{Field: "steps", Err: explainStep(err)}
	}
	if c.Phase != PhaseSealed {
		return nil, &Mismatch{Field: "steps", Err: fmt.Errorf("最后一步不是封存 (the last step is not the seal)")}
	}
	want, err := NewRecord(r.Ceremony, c)
	if err != nil {
		return nil, &Mismatch{Field: "steps", Err: err}
	}
	var frame Frame
	if r.Frame != nil {
		frame = *r.Frame
	}
	if r.Format == RecordFormat1 {
		// Version 1 knows only substitutions after the seal, no head, and
		// the frame as JSON, in the commit and in the summary.
		if len(c.Ledger.Entries) > 0 {
			e := c.Ledger.Entries[0]
			return nil, &Mismatch{Field: "steps", Err: &ChainError{Seq: e.Seq, Reason: fmt.Sprintf("%s: 版本 1 的记录在封存后只能有替换步骤 (a version 1 record has only substitute steps after the seal)", e.Kind)}}
		}
		if c.FrameCompressed {
			return nil, &Mismatch{Field: "steps", Err: &ChainError{Seq: 1, Reason: "commit: 版本 1 的记录中名录以 JSON 给出,不能是 frame_gzip (a version 1 record has the frame as JSON, not frame_gzip)"}}
		}
		want.Head = ""
		want.Frame = &c.Frame
	} else if r.Frame != nil {
		return nil, &Mismatch{Field: "frame", Err: fmt.Errorf("版本 2 的记录没有 frame 成员:名录只在 commit 步骤中 (a version 2 record has no frame member: the frame is in the commit step)")}
	}
	var wantFrame Frame
	if want.Frame != nil {
		wantFrame = *want.Frame
	}
	fields := []struct {
		name      string
		got, want any
	}{
		{"info", r.Info, want.Info},
		{"frame", frame, wantFrame},
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
		{"head", r.Head, want.Head},
	}
	for _, f := range fields {
		if d := firstDiff(f.name, reflect.ValueOf(f.got), reflect.ValueOf(f.want)); d != nil {
			return nil, &Mismatch{Field: d.path, Err: d}
		}
	}
	return c, nil
}

// explainStep is err with, for a step whose content differs from the
// recomputed one, the first differing value inside its payload as the
// reason, e.g. "第 9 步 (step 9): units: picks[0].id: 记录为 …,重算为 …".
// Other errors are returned as they are.
func explainStep(err error) error {
	if ce, ok := err.(*ChainError); ok && ce.detail != "" {
		return &ChainError{Seq: ce.Seq, Reason: ce.detail}
	}
	return err
}

// difference is the first differing value of two values, at path.
type difference struct {
	path      string
	got, want string // as JSON, shortened; "" when missing
}

func (d *difference) Error() string {
	switch {
	case d.got == "":
		return fmt.Sprintf("记录中没有此项 (missing from the record),重算为 (recomputed) %s", d.want)
	case d.want == "":
		return fmt.Sprintf("记录中多出此项 (extra in the record): %s", d.got)
	}
	return fmt.Sprintf("记录为 (recorded) %s,重算为 (recomputed) %s", d.got, d.want)
}

// firstDiff walks got and want (of the same type) in the order of their
// JSON encoding and returns the first value that differs, or nil. A nil
// and an empty slice are equal, as are an omitted member and its zero value
// once decoded, so that "[]", null and an omitted member compare equal.
// The values of a record and of step payloads are structs, slices and
// scalars; any other value is compared whole.
func firstDiff(path string, got, want reflect.Value) *difference {
	switch want.Kind() {
	case reflect.Struct:
		t := want.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if d := firstDiff(path+"."+name, got.Field(i), want.Field(i)); d != nil {
				return d
			}
		}
		return nil
	case reflect.Slice:
		for i := 0; i < max(got.Len(), want.Len()); i++ {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= got.Len():
				return &difference{path: p, want: jsonShort(want.Index(i))}
			case i >= want.Len():
				return &difference{path: p, got: jsonShort(got.Index(i))}
			}
			if d := firstDiff(p, got.Index(i), want.Index(i)); d != nil {
				return d
			}
		}
		return nil
	}
	if !reflect.DeepEqual(got.Interface(), want.Interface()) {
		return &difference{path: path, got: jsonShort(got), want: jsonShort(want)}
	}
	return nil
}

// jsonShort is v as JSON (without HTML escapes), cut to about 120 characters.
func jsonShort(v reflect.Value) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if !v.IsValid() || e.Encode(v.Interface()) != nil {
		return "null"
	}
	s := strings.TrimSuffix(b.String(), "\n")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:117]) + "…"
	}
	return s
}
