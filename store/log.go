package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// A chain log is an append-only list of sampling.Step values, hash-chained
// (sampling.StepHash), stored under keys 1, 2, 3, … (uint64 big-endian)
// with a summary (ceremonyMeta: step count, head, last kind) updated in
// the same transaction. Two kinds of log share this code: a ceremony's
// log (bucket "ceremonies"/<id>, summary in "ceremony_meta") and the
// stand-alone logs (bucket "logs"/<name>, summary in "log_meta"), of which
// there is one: LogPenalties, the penalties that follow from no ceremony.
type chainLog struct {
	what  string       // how errors name it: "仪式 <id>" or "日志 <name>"
	id    string       // key of the summary
	steps *bolt.Bucket // nil when the log does not exist
	meta  *bolt.Bucket
	// created makes a missing stand-alone log on its first append.
	create func() (*bolt.Bucket, error)
}

// LogPenalties is the stand-alone log of penalties that name no ceremony.
const LogPenalties = "penalties"

var (
	bLogs    = []byte("logs")     // name → bucket of uint64 big-endian seq → JSON sampling.Step
	bLogMeta = []byte("log_meta") // name → JSON {created, steps, head, last_kind}
)

func ceremonyLog(tx *bolt.Tx, id string) chainLog {
	return chainLog{what: "仪式 " + id, id: id, steps: tx.Bucket(bCeremonies).Bucket([]byte(id)), meta: tx.Bucket(bCeremonyMeta)}
}

func standaloneLog(tx *bolt.Tx, name string) chainLog {
	l := chainLog{what: "日志 " + name, id: name, steps: tx.Bucket(bLogs).Bucket([]byte(name)), meta: tx.Bucket(bLogMeta)}
	l.create = func() (*bolt.Bucket, error) { return tx.Bucket(bLogs).CreateBucket([]byte(name)) }
	return l
}

// appendTx appends one step to log l inside tx and returns it as stored.
// A log whose last step is an abandon takes nothing more; one whose last
// step is a seal (or follows it) takes only after-seal kinds, and entries
// (every after-seal kind but substitute) only when entry is true: they
// must go through appendEntry, which keeps the index.
func (db *DB) appendTx(tx *bolt.Tx, l chainLog, kind string, payload []byte, entry bool) (sampling.Step, error) {
	var step sampling.Step
	if l.steps == nil && l.create != nil {
		b, err := l.create()
		if err != nil {
			return step, fmt.Errorf("%s: 创建日志: %w", l.what, err)
		}
		l.steps = b
		mv, err := jsonMarshal(ceremonyMeta{Created: db.now().Format(time.RFC3339), Head: sampling.GenesisHash})
		if err != nil {
			return step, err
		}
		if err := l.meta.Put([]byte(l.id), mv); err != nil {
			return step, err
		}
	}
	if l.steps == nil {
		return step, fmt.Errorf("%s: %w", l.what, ErrNotFound)
	}
	var meta ceremonyMeta
	if v := l.meta.Get([]byte(l.id)); v == nil {
		return step, fmt.Errorf("%s: 缺少概要记录", l.what)
	} else if err := json.Unmarshal(v, &meta); err != nil {
		return step, fmt.Errorf("%s: 概要记录无法解码: %w", l.what, err)
	}
	prev, seq := sampling.GenesisHash, uint64(1)
	if k, v := l.steps.Cursor().Last(); k != nil {
		last, ok := lastStepHashed(k, v)
		if len(v) > 1<<20 {
			releasePages(tx) // a commit of a large library, read once
		}
		if !ok {
			var err error
			if last, err = decodeStep(l.id, k, v); err != nil {
				return step, err
			}
			if sampling.StepHash(last.Prev, last.Seq, last.Kind, last.At, last.Payload) != last.Hash {
				return step, fmt.Errorf("%s 第 %d 步: 内容与哈希不符(写入后被改动),不能继续追加", l.what, last.Seq)
			}
		}
		if last.Kind == StepAbandon {
			return step, fmt.Errorf("%s 已放弃,不能再追加步骤", l.what)
		}
		if sealedBy(last.Kind) && !(kind == sampling.StepSubstitute || entry && sampling.AfterSeal(kind)) {
			return step, fmt.Errorf("%s 已封存,只能追加替换步骤", l.what)
		}
		prev, seq = last.Hash, last.Seq+1
	}
	if entry && l.create == nil && seq == 1 {
		return step, fmt.Errorf("%s 尚未封存", l.what)
	}
	if meta.Steps != seq-1 || meta.Head != prev {
		return step, fmt.Errorf("%s 第 %d 步: 与概要记录不符(概要为 %d 步),日志可能被截断或改动,不能继续追加", l.what, seq, meta.Steps)
	}
	at := db.now().Format(time.RFC3339)
	step = sampling.Step{Seq: seq, Kind: kind, At: at, Payload: payload, Prev: prev,
		Hash: sampling.StepHash(prev, seq, kind, at, payload)}
	v := encodeStep(step)
	if err := l.steps.Put(seqKey(seq), v); err != nil {
		return step, err
	}
	meta.Steps, meta.Head, meta.LastKind = seq, step.Hash, kind
	mv, err := jsonMarshal(meta)
	if err != nil {
		return step, err
	}
	return step, l.meta.Put([]byte(l.id), mv)
}

// readLog reads and verifies log l; on a verification error it still
// returns the steps it could read.
func readLog(l chainLog) ([]sampling.Step, ceremonyMeta, error) {
	var meta ceremonyMeta
	if l.steps == nil {
		return nil, meta, fmt.Errorf("%s: %w", l.what, ErrNotFound)
	}
	v := l.meta.Get([]byte(l.id))
	if v == nil {
		return nil, meta, fmt.Errorf("%s: 缺少概要记录", l.what)
	}
	if err := json.Unmarshal(v, &meta); err != nil {
		return nil, meta, fmt.Errorf("%s: 概要记录无法解码: %w", l.what, err)
	}
	var steps []sampling.Step
	c := l.steps.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			return steps, meta, fmt.Errorf("%s: 含有多余的子存储桶 %q", l.what, k)
		}
		s, err := decodeStep(l.id, k, v)
		if err != nil {
			return steps, meta, err
		}
		steps = append(steps, s) // json.Unmarshal copied the bytes
	}
	head, err := sampling.VerifyChain(steps)
	if err != nil {
		var ce *sampling.ChainError
		if errors.As(err, &ce) {
			// The step is named here once; ce.Reason is the rest of
			// ce.Error() without its own "第 N 步" prefix.
			return steps, meta, fmt.Errorf("%s 第 %d 步: 哈希链校验失败: %s", l.what, ce.Seq, ce.Reason)
		}
		return steps, meta, fmt.Errorf("%s: 哈希链校验失败: %w", l.what, err)
	}
	if uint64(len(steps)) != meta.Steps || head != meta.Head {
		return steps, meta, fmt.Errorf("%s 第 %d 步: 日志只有 %d 步,概要记录为 %d 步(末尾步骤被删除或日志被改动)",
			l.what, len(steps)+1, len(steps), meta.Steps)
	}
	return steps, meta, nil
}

// encodeStep is json.Marshal of a step, byte for byte, written into one
// buffer of the right size: the payload's base64 is the bulk of a commit
// (hundreds of megabytes at ten million units), which json.Marshal would
// copy as its buffer grows.
func encodeStep(s sampling.Step) []byte {
	str := func(b []byte, v string) []byte {
		j, _ := json.Marshal(v) // a string always marshals
		return append(b, j...)
	}
	n := 128 + len(s.Kind) + len(s.At) + len(s.Prev) + len(s.Hash) + base64.StdEncoding.EncodedLen(len(s.Payload))
	b := make([]byte, 0, n)
	b = append(b, `{"seq":`...)
	b = strconv.AppendUint(b, s.Seq, 10)
	b = append(b, `,"kind":`...)
	b = str(b, s.Kind)
	b = append(b, `,"at":`...)
	b = str(b, s.At)
	b = append(b, `,"payload":`...)
	if s.Payload == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, s.Payload)
		b = append(b, '"')
	}
	b = append(b, `,"prev":`...)
	b = str(b, s.Prev)
	b = append(b, `,"hash":`...)
	b = str(b, s.Hash)
	return append(b, '}')
}

// lastStepHashed reads a stored step written as encodeStep writes it and
// checks its hash without holding its payload: the base64 is decoded in
// pieces straight into the hash (the last step is the commit when the
// first witness is added: hundreds of megabytes at ten million units).
// It returns the step without payload, and ok false when the step is not
// in that form or does not hash to its hash (the caller then decodes it
// in full and reports). The key must be the step's seq.
func lastStepHashed(k, v []byte) (step sampling.Step, ok bool) {
	rest := v
	lit := func(s string) bool {
		if !bytes.HasPrefix(rest, []byte(s)) {
			return false
		}
		rest = rest[len(s):]
		return true
	}
	str := func(dst *string) bool { // a JSON string without escapes
		if len(rest) == 0 || rest[0] != '"' {
			return false
		}
		end := bytes.IndexByte(rest[1:], '"')
		if end < 0 || bytes.IndexByte(rest[1:end+1], '\\') >= 0 || !utf8.Valid(rest[1:end+1]) {
			return false
		}
		*dst, rest = string(rest[1:end+1]), rest[end+2:]
		return true
	}
	if !lit(`{"seq":`) {
		return step, false
	}
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	seq, err := strconv.ParseUint(string(rest[:n]), 10, 64)
	if err != nil || len(k) != 8 || binary.BigEndian.Uint64(k) != seq {
		return step, false
	}
	rest = rest[n:]
	step.Seq = seq
	if !lit(`,"kind":`) || !str(&step.Kind) || !lit(`,"at":`) || !str(&step.At) || !lit(`,"payload":"`) {
		return step, false
	}
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return step, false
	}
	b64 := rest[:end]
	rest = rest[end+1:]
	if !lit(`,"prev":`) || !str(&step.Prev) || !lit(`,"hash":`) || !str(&step.Hash) || string(rest) != "}" {
		return step, false
	}
	if len(b64)%4 != 0 || bytes.ContainsAny(b64, "\\\r\n") {
		return step, false
	}
	h := sha256.New()
	h.Write([]byte(step.Prev + "\n" + strconv.FormatUint(step.Seq, 10) + "\n" + step.Kind + "\n" + step.At + "\n"))
	if _, err := io.Copy(h, base64.NewDecoder(base64.StdEncoding, bytes.NewReader(b64))); err != nil {
		return step, false
	}
	return step, hex.EncodeToString(h.Sum(nil)) == step.Hash
}
