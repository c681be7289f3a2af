// Package session drives one draw ceremony against the store: every action
// is computed by the pure state machine in package sampling, committed to
// the database as one chained step (fsync), and only then applied. A
// crash at any moment therefore resumes exactly where the disk says, and
// the terminal app, the headless draw command and the record export all
// share this one path.
package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"shuangsui/assets/version"
	"shuangsui/sampling"
	"shuangsui/store"
)

// Session is one ceremony in progress or finished.
type Session struct {
	db *store.DB
	id string
	c  *sampling.Ceremony
}

// Start fixes the frame of a new ceremony: it checks the commit (feasible,
// fingerprintable; the draw date within the period of its round, if the
// round has one) before creating anything, then creates the ceremony and
// commits its first step.
func Start(db *store.DB, info sampling.Info, frame sampling.Frame) (*Session, error) {
	if err := db.CheckRoundDate(info.Round, frame.DrawDate); err != nil {
		return nil, err
	}
	c := &sampling.Ceremony{}
	kind, payload, err := c.Commit(info, frame)
	if err != nil {
		return nil, fmt.Errorf("固定名录库: %w", err)
	}
	id, err := db.NewCeremony()
	if err != nil {
		return nil, fmt.Errorf("新建抽取仪式: %w", err)
	}
	s := &Session{db: db, id: id, c: c}
	if err := s.commit(kind, payload); err != nil {
		return nil, err
	}
	return s, nil
}

// Resume rebuilds a stored ceremony, verifying its chain and every draw.
func Resume(db *store.DB, id string) (*Session, error) {
	steps, err := db.Steps(id)
	if err != nil {
		return nil, err
	}
	c, err := sampling.Replay(steps)
	if err != nil {
		return nil, fmt.Errorf("仪式 %s: %w", id, err)
	}
	return &Session{db: db, id: id, c: c}, nil
}

// ID is the ceremony id.
func (s *Session) ID() string { return s.id }

// Ceremony is the current state. Callers must not modify it.
func (s *Session) Ceremony() *sampling.Ceremony { return s.c }

// AddWitness records one witness and their digits.
func (s *Session) AddWitness(w sampling.Witness) error {
	return s.do(s.c.AddWitness(w))
}

// RemoveWitness takes witness index (from 1) off the list before the seed,
// with a reason; the removal is a step of the chain.
func (s *Session) RemoveWitness(index int, reason string) error {
	return s.do(s.c.RemoveWitness(index, reason))
}

// FixSeed closes the witness list and fixes the seed.
func (s *Session) FixSeed() error { return s.do(s.c.FixSeed()) }

// Next commits the next draw step: counties, then the units of each drawn
// county, then the teams, then the seal.
func (s *Session) Next() error { return s.do(s.c.Next()) }

// Abandon gives the ceremony up, with a reason.
func (s *Session) Abandon(reason string) error { return s.do(s.c.Abandon(reason)) }

// Record is the self-contained record of a sealed ceremony. It names this
// program (version.String) as the one that wrote it: informational, not
// part of any hash.
//
// A sealed ceremony is read again from the database first: results,
// publications and other entries may have been chained since the session
// was opened, and the record carries them all (its head is the current one).
func (s *Session) Record() (sampling.Record, error) {
	if s.c.Phase == sampling.PhaseSealed {
		if err := s.refresh(); err != nil {
			return sampling.Record{}, err
		}
	}
	r, err := sampling.NewRecord(s.id, s.c)
	if err != nil {
		return r, err
	}
	r.Program = version.String()
	return r, nil
}

// refresh replays the ceremony as the database holds it now. When the
// database's last step is the one this session applied last (same seq,
// same hash, and its content still hashes to it), nothing was appended and
// there is nothing to replay: a million-unit ceremony is neither read nor
// drawn a second time to export it.
func (s *Session) refresh() error {
	if n := len(s.c.Steps); n > 0 {
		last, err := s.db.LastStep(s.id)
		if err != nil {
			return err
		}
		if mine := s.c.Steps[n-1]; last.Seq == mine.Seq && last.Hash == mine.Hash &&
			sampling.StepHash(last.Prev, last.Seq, last.Kind, last.At, last.Payload) == last.Hash {
			return nil
		}
	}
	steps, err := s.db.Steps(s.id)
	if err != nil {
		return err
	}
	c, err := sampling.Replay(steps)
	if err != nil {
		return fmt.Errorf("仪式 %s: %w", s.id, err)
	}
	s.c = c
	return nil
}

func (s *Session) do(kind string, payload []byte, err error) error {
	if err != nil {
		return err
	}
	return s.commit(kind, payload)
}

func (s *Session) commit(kind string, payload []byte) error {
	drawn, err := s.drawnBy(kind, payload)
	if err != nil {
		return err
	}
	step, err := s.db.AppendStep(s.id, kind, payload, drawn...)
	var backupErr *store.SealBackupError
	if errors.As(err, &backupErr) {
		err = nil // the seal is saved: apply it, then report the backup
	} else if err != nil {
		return fmt.Errorf("仪式 %s 保存“%s”步骤: %w", s.id, kind, err)
	}
	if err := s.c.Apply(step); err != nil {
		return fmt.Errorf("仪式 %s: %w", s.id, err)
	}
	if backupErr != nil {
		return backupErr
	}
	return nil
}

// drawnBy lists the units a step sends inspectors to, for the store's
// no-repeat index: every drawn unit with the seal, the incoming unit with
// a unit substitution.
func (s *Session) drawnBy(kind string, payload []byte) ([]store.Drawn, error) {
	switch kind {
	case sampling.StepSeal:
		return store.DrawnIn(s.c), nil
	case sampling.StepSubstitute:
		var sub sampling.Substitution
		if err := json.Unmarshal(payload, &sub); err != nil {
			return nil, fmt.Errorf("仪式 %s 替换步骤: %w", s.id, err)
		}
		if sub.Kind == sampling.SubstituteUnit {
			return []store.Drawn{{Unit: sub.In, Date: s.c.Frame.DrawDate}}, nil
		}
	}
	return nil, nil
}

// InfoExclusions turns the store's exclusion counts into the record's
// list, sorted by county then reason.
func InfoExclusions(ex store.Exclusions) []sampling.Exclusion {
	var out []sampling.Exclusion
	for county, reasons := range ex.ByCounty {
		for reason, n := range reasons {
			if n > 0 {
				out = append(out, sampling.Exclusion{County: county, Reason: reason, Count: n})
			}
		}
	}
	slices.SortFunc(out, func(a, b sampling.Exclusion) int {
		if c := strings.Compare(a.County, b.County); c != 0 {
			return c
		}
		return strings.Compare(a.Reason, b.Reason)
	})
	return out
}

// Substitute replaces a drawn unit or team member of a sealed ceremony by
// the next candidate in ticket order (kind sampling.SubstituteUnit or
// sampling.SubstituteInspector), as one more chained step. A unit that
// already has an inspection result is not substituted, nor a team member
// once every unit of the county has one (store.DB.CheckSubstitution).
func (s *Session) Substitute(kind, county, out, reason, operator string) error {
	// Results and other entries may have been appended since the session
	// was opened: substitute on the chain as it is now.
	if err := s.refresh(); err != nil {
		return err
	}
	step, payload, err := s.c.Substitute(kind, county, out, reason, operator)
	if err != nil {
		return err
	}
	if err := s.db.CheckSubstitution(s.id, s.c, kind, county, out); err != nil {
		return err
	}
	return s.commit(step, payload)
}
