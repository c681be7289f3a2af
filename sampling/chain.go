package sampling

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
)

// GenesisHash is the Prev of the first step of every ceremony.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Step is one link of a ceremony's append-only, hash-chained log.
type Step struct {
	Seq     uint64 `json:"seq"`     // 1, 2, 3, …
	Kind    string `json:"kind"`    // what happened (see Ceremony)
	At      string `json:"at"`      // RFC 3339 time the step was committed
	Payload []byte `json:"payload"` // the step's data, JSON
	Prev    string `json:"prev"`    // Hash of the previous step, GenesisHash for the first
	Hash    string `json:"hash"`    // StepHash of this step
}

// StepHash is the lowercase hex SHA-256 of
// Prev ‖ "\n" ‖ decimal Seq ‖ "\n" ‖ Kind ‖ "\n" ‖ At ‖ "\n" ‖ Payload.
func StepHash(prev string, seq uint64, kind, at string, payload []byte) string {
	h := sha256.New()
	h.Write([]byte(prev + "\n" + strconv.FormatUint(seq, 10) + "\n" + kind + "\n" + at + "\n"))
	h.Write(payload)
	return hex.EncodeToString(h.Sum(nil))
}

// ChainError names the first step at which a chain fails to verify.
type ChainError struct {
	Seq    uint64
	Reason string
	// detail, for a step whose content differs from the recomputed one,
	// is the reason naming the first differing value inside its payload
	// ("units: picks[0].id: 记录为 …,重算为 …"), which Verify reports.
	detail string
}

// Error reads "第 N 步 (step N): reason"; reasons are in Chinese with the
// English in parentheses, as the other errors of the package.
func (e *ChainError) Error() string {
	return fmt.Sprintf("第 %d 步 (step %d): %s", e.Seq, e.Seq, e.Reason)
}

// VerifyChain checks that steps are numbered 1, 2, … without gaps, that
// each links to the previous one and that each hash matches its content.
// It returns the head hash (the verification code once sealed).
func VerifyChain(steps []Step) (string, error) {
	prev := GenesisHash
	for i, s := range steps {
		want := uint64(i + 1)
		if s.Seq != want {
			return "", &ChainError{Seq: want, Reason: fmt.Sprintf("序号为 %d,应为 %d:有步骤缺失、多出或被挪动 (sequence number is %d, want %d: a step is missing, added or moved)", s.Seq, want, s.Seq, want)}
		}
		if s.Prev != prev {
			return "", &ChainError{Seq: s.Seq, Reason: "prev 与上一步的哈希不符,未接在上一步之后 (does not link to the previous step)"}
		}
		if got := StepHash(s.Prev, s.Seq, s.Kind, s.At, s.Payload); got != s.Hash {
			return "", &ChainError{Seq: s.Seq, Reason: "内容与其哈希不符,写入后被改动过 (content does not match its hash: changed after it was written)"}
		}
		prev = s.Hash
	}
	return prev, nil
}
