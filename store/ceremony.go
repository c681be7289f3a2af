package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// Step kinds that close a ceremony: after an abandon AppendStep refuses
// everything, after a seal everything but substitutions.
const (
	StepSeal    = "seal"    // the record is sealed; its head hash is the verification code
	StepAbandon = "abandon" // the ceremony was abandoned; the payload says why
)

// ceremonyMeta is kept beside each ceremony and updated in the same
// transaction as every step, so that losing the last steps is detected.
type ceremonyMeta struct {
	Created  string `json:"created"`
	Steps    uint64 `json:"steps"`
	Head     string `json:"head"`
	LastKind string `json:"last_kind,omitempty"`
}

// CeremonySummary describes one ceremony for a list.
type CeremonySummary struct {
	ID        string
	Steps     int
	LastKind  string
	Sealed    bool
	Abandoned bool
	Head      string // head hash; the verification code once sealed
	Created   string // RFC 3339
	// Substitutions counts the substitute steps after the seal.
	Substitutions int
	// Problem is empty when the chain verifies, else why it does not
	// (then Steps, LastKind and Head are as far as the chain could be read).
	Problem string
}

// sealedBy reports whether a ceremony whose last step is of this kind is
// sealed: the seal itself, or a substitution or entry made after it.
func sealedBy(lastKind string) bool {
	return lastKind == StepSeal || sampling.AfterSeal(lastKind)
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// Drawn marks a unit as drawn, on the draw date of its ceremony's frame,
// for the no-repeat rule: a unit drawn in a sealed ceremony is left out of
// later frames for NoRepeatMonths even before any result is entered.
type Drawn struct {
	Unit string
	Date string // YYYY-MM-DD, the frame's draw date
}

// drawnKey orders the index like the inspection history: date, unit,
// ceremony, NUL-separated.
func drawnKey(d Drawn, ceremony string) []byte {
	return []byte(d.Date + "\x00" + d.Unit + "\x00" + ceremony)
}

// NewCeremony creates an empty ceremony named after the clock's date and
// the next free sequence number of that day: 2026-11-25-001, -002, …
func (db *DB) NewCeremony() (string, error) {
	now := db.now()
	day := now.Format(dateLayout)
	var id string
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bCeremonyMeta)
		next := 1
		prefix := []byte(day + "-")
		c := meta.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if n, err := strconv.Atoi(string(k[len(prefix):])); err == nil && n >= next {
				next = n + 1
			}
		}
		id = fmt.Sprintf("%s-%03d", day, next)
		if _, err := tx.Bucket(bCeremonies).CreateBucket([]byte(id)); err != nil {
			return fmt.Errorf("创建仪式 %s: %w", id, err)
		}
		v, err := jsonMarshal(ceremonyMeta{Created: now.Format(time.RFC3339), Head: sampling.GenesisHash})
		if err != nil {
			return err
		}
		return meta.Put([]byte(id), v)
	})
	if err != nil {
		return "", fmt.Errorf("新建仪式: %w", err)
	}
	return id, nil
}

func readMeta(tx *bolt.Tx, id string) (ceremonyMeta, error) {
	var m ceremonyMeta
	v := tx.Bucket(bCeremonyMeta).Get([]byte(id))
	if v == nil {
		return m, fmt.Errorf("仪式 %s: 缺少概要记录", id)
	}
	if err := json.Unmarshal(v, &m); err != nil {
		return m, fmt.Errorf("仪式 %s: 概要记录无法解码: %w", id, err)
	}
	return m, nil
}

// decodeStep decodes a stored step and checks it sits under its own key.
func decodeStep(id string, k, v []byte) (sampling.Step, error) {
	var s sampling.Step
	if len(k) != 8 {
		return s, fmt.Errorf("仪式 %s: 键 %x 不是步骤序号", id, k)
	}
	seq := binary.BigEndian.Uint64(k)
	if err := json.Unmarshal(v, &s); err != nil {
		return s, fmt.Errorf("仪式 %s 第 %d 步: 记录无法解码(已损坏或被改动): %w", id, seq, err)
	}
	if s.Seq != seq {
		return s, fmt.Errorf("仪式 %s 第 %d 步: 存放位置记录的是第 %d 步(步骤被移动或调换)", id, seq, s.Seq)
	}
	return s, nil
}

// AppendStep appends one step to a ceremony in one transaction, committed
// to disk before it returns, and returns the step as stored. The units in
// drawn (given with the seal and with each unit substitution) are indexed
// in the same transaction for the no-repeat rule of EligibleFrame.
func (db *DB) AppendStep(ceremony, kind string, payload []byte, drawn ...Drawn) (sampling.Step, error) {
	var step sampling.Step
	if kind == "" || strings.ContainsAny(kind, "\n\r") {
		return step, fmt.Errorf("仪式 %s: 步骤类型 %q 无效", ceremony, kind)
	}
	for _, d := range drawn {
		if err := checkDate("抽取日期", d.Date, false); err != nil {
			return step, fmt.Errorf("仪式 %s 记录抽中单位 %s: %w", ceremony, d.Unit, err)
		}
		if d.Unit == "" || strings.ContainsRune(d.Unit, 0) {
			return step, fmt.Errorf("仪式 %s 记录抽中单位: 单位代码 %q 无效", ceremony, d.Unit)
		}
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		var err error
		if step, err = db.appendTx(tx, ceremonyLog(tx, ceremony), kind, payload, false); err != nil {
			return err
		}
		idx := tx.Bucket(bDrawn)
		for _, d := range drawn {
			if err := idx.Put(drawnKey(d, ceremony), nil); err != nil {
				return err
			}
		}
		if len(drawn) > 0 {
			if err := sealIndexes(tx, bDrawn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sampling.Step{}, fmt.Errorf("追加仪式步骤 (%s): %w", kind, err)
	}
	if kind == StepSeal {
		if _, err := db.AutoBackup("after-seal-" + ceremony); err != nil {
			return step, &SealBackupError{Ceremony: ceremony, Err: err}
		}
	}
	return step, nil
}

// SealBackupError is AppendStep's error when the seal was saved but the
// automatic backup after it failed: the step it returns stands and must be
// applied; the error is still the operator's to see.
type SealBackupError struct {
	Ceremony string
	Err      error
}

func (e *SealBackupError) Error() string {
	return fmt.Sprintf("仪式 %s 已封存并保存, 但%v", e.Ceremony, e.Err)
}

func (e *SealBackupError) Unwrap() error { return e.Err }

// Steps returns every step of a ceremony after verifying its chain; any
// changed, moved, swapped or missing step is an error naming the ceremony
// and the step.
func (db *DB) Steps(ceremony string) ([]sampling.Step, error) {
	var steps []sampling.Step
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		steps, _, err = readSteps(tx, ceremony)
		return err
	})
	return steps, err
}

// LastStep returns the last step of a ceremony as stored (its seq and hash
// tell whether anything was appended since a session read it) without
// reading the others: the commit of a large library is megabytes.
func (db *DB) LastStep(ceremony string) (sampling.Step, error) {
	var step sampling.Step
	err := db.bolt.View(func(tx *bolt.Tx) error {
		l := ceremonyLog(tx, ceremony)
		if l.steps == nil {
			return fmt.Errorf("%s: %w", l.what, ErrNotFound)
		}
		k, v := l.steps.Cursor().Last()
		if k == nil {
			return fmt.Errorf("%s: 没有步骤", l.what)
		}
		var err error
		step, err = decodeStep(l.id, k, v)
		return err
	})
	return step, err
}

// readSteps reads and verifies a ceremony; on a verification error it
// still returns the steps it could read.
func readSteps(tx *bolt.Tx, id string) ([]sampling.Step, ceremonyMeta, error) {
	return readLog(ceremonyLog(tx, id))
}

// Ceremonies lists every ceremony in id order, verifying each chain; a
// ceremony whose chain fails is listed with Problem set.
func (db *DB) Ceremonies() ([]CeremonySummary, error) {
	var out []CeremonySummary
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bCeremonies).ForEach(func(k, _ []byte) error {
			id := string(k)
			steps, meta, err := readSteps(tx, id)
			s := CeremonySummary{ID: id, Steps: len(steps), Created: meta.Created, Head: sampling.GenesisHash}
			if n := len(steps); n > 0 {
				s.LastKind, s.Head = steps[n-1].Kind, steps[n-1].Hash
			}
			for _, st := range steps {
				if st.Kind == sampling.StepSubstitute {
					s.Substitutions++
				}
			}
			if err != nil {
				s.Problem = err.Error()
			} else {
				s.Sealed, s.Abandoned = sealedBy(s.LastKind), s.LastKind == StepAbandon
			}
			out = append(out, s)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("列出仪式: %w", err)
	}
	return out, nil
}
