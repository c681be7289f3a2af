package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"shuangsui/sampling"
	"shuangsui/store"
)

// Answers are everything the operator and the witnesses would type during
// a ceremony, so that the headless draw command can run one from a file.
type Answers struct {
	Matter              string             `json:"matter"`         // matter code
	MatterVersion       int                `json:"matter_version"` // 0 = latest
	DrawDate            string             `json:"draw_date"`      // YYYY-MM-DD
	Info                sampling.Info      `json:"info"`
	Params              sampling.Params    `json:"params"`
	NoRepeatMonths      int                `json:"no_repeat_months"` // 0 = 36; negative = off
	DirectReportingOnly bool               `json:"direct_reporting_only"`
	Witnesses           []sampling.Witness `json:"witnesses"`
}

// ReadAnswers decodes an answers file strictly: an unknown field is an
// error, so that a misspelt parameter is never silently ignored.
func ReadAnswers(r io.Reader) (Answers, error) {
	var a Answers
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	if err := d.Decode(&a); err != nil {
		return Answers{}, fmt.Errorf("读取应答文件: %w", err)
	}
	switch {
	case a.Matter == "":
		return Answers{}, fmt.Errorf("应答文件缺少 matter(抽查事项编码)")
	case a.DrawDate == "":
		return Answers{}, fmt.Errorf("应答文件缺少 draw_date(抽取日期)")
	case len(a.Witnesses) == 0:
		return Answers{}, fmt.Errorf("应答文件没有见证人")
	}
	return a, nil
}

// Prepare builds the info and the eligible frame the answers ask for.
func Prepare(db *store.DB, a Answers) (sampling.Info, sampling.Frame, error) {
	frame, ex, err := db.EligibleFrame(store.FrameQuery{
		MatterCode:          a.Matter,
		MatterVersion:       a.MatterVersion,
		DrawDate:            a.DrawDate,
		Params:              a.Params,
		NoRepeatMonths:      a.NoRepeatMonths,
		DirectReportingOnly: a.DirectReportingOnly,
	})
	if err != nil {
		return sampling.Info{}, sampling.Frame{}, err // EligibleFrame names itself (生成抽取名录…)
	}
	info := a.Info
	info.Exclusions = InfoExclusions(ex)
	if info.NoRepeatMonths == 0 {
		info.NoRepeatMonths = a.NoRepeatMonths
		if info.NoRepeatMonths == 0 {
			info.NoRepeatMonths = store.DefaultNoRepeatMonths
		}
	}
	if m, err := db.Matter(a.Matter, a.MatterVersion); err == nil {
		if info.MatterBasis == "" {
			info.MatterBasis = m.Basis
		}
		if info.MatterContent == "" {
			info.MatterContent = m.Content
		}
	}
	return info, frame, nil
}

// Run carries a ceremony through to its seal from answers. With resume
// set it continues that stored ceremony instead of starting one: the
// answers must agree with every step already stored (frame, witnesses),
// and only what is missing is done. afterStep, if not nil, is called after
// every committed step (tests use it to pull the plug).
func Run(db *store.DB, a Answers, resume string, afterStep func(*Session)) (*Session, error) {
	info, frame, err := Prepare(db, a)
	if err != nil {
		return nil, err
	}
	var s *Session
	if resume == "" {
		if s, err = Start(db, info, frame); err != nil {
			return nil, err
		}
	} else {
		if s, err = Resume(db, resume); err != nil {
			return nil, err
		}
		if err := s.agrees(frame, a.Witnesses); err != nil {
			return nil, err
		}
	}
	hook := func() {
		if afterStep != nil {
			afterStep(s)
		}
	}
	hook()
	for s.c.Phase != sampling.PhaseSealed {
		switch s.c.Phase {
		case sampling.PhaseWitnesses:
			n := len(s.c.Witnesses)
			if n < len(a.Witnesses) {
				err = s.AddWitness(a.Witnesses[n])
			} else {
				err = s.FixSeed()
			}
		case sampling.PhaseAbandoned:
			return nil, fmt.Errorf("仪式 %s 已放弃: %s", s.id, s.c.Abandoned)
		default:
			err = s.Next()
		}
		if err != nil {
			return nil, err
		}
		hook()
	}
	return s, nil
}

// agrees checks that a resumed ceremony is the one the answers describe:
// the same frame fingerprint, and the stored witnesses are the first ones
// of the answers, in order.
func (s *Session) agrees(frame sampling.Frame, witnesses []sampling.Witness) error {
	fp, err := frame.Fingerprint()
	if err != nil {
		return err
	}
	if fp != s.c.Fingerprint {
		return fmt.Errorf("仪式 %s 固定的名录库指纹 %s 与应答文件现在生成的 %s 不同:名录库或参数已改变", s.id, s.c.Fingerprint, fp)
	}
	if len(s.c.Witnesses) > len(witnesses) {
		return fmt.Errorf("仪式 %s 已登记 %d 名见证人,应答文件只有 %d 名", s.id, len(s.c.Witnesses), len(witnesses))
	}
	for i, w := range s.c.Witnesses {
		a := witnesses[i]
		if w.Name != strings.TrimSpace(a.Name) || w.Role != strings.TrimSpace(a.Role) || w.Digits != a.Digits {
			return fmt.Errorf("仪式 %s 第 %d 名见证人已登记为 %s(%s),应答文件中为 %s(%s)", s.id, i+1, w.Name, w.Digits, a.Name, a.Digits)
		}
	}
	return nil
}

// recordJSON is the canonical byte form of a record file.
func recordJSON(r sampling.Record) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// RecordJSON returns the record of a sealed ceremony as the bytes of a
// record file (indented JSON, trailing newline).
func (s *Session) RecordJSON() ([]byte, error) {
	r, err := s.Record()
	if err != nil {
		return nil, err
	}
	return recordJSON(r)
}
