package sampling

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"hash"
	"math/bits"
)

// The fast ticket path. A ticket hashes P ‖ id where P = SeedHash(seed) is
// exactly 64 bytes, one SHA-256 block. The state after that block is
// computed once per seed; each id then costs one compression of its last
// block(s) (one block for ids up to 55 bytes).
//
// Ranking only needs the first 18 fraction digits of a ticket: they are the
// 18 least significant decimal digits of x, reversed. ticketKey computes
// them as a uint64 with 64-bit limb arithmetic, so that comparing keys
// compares those 18 digits. Two tickets with equal keys must be compared in
// full (see ranker.cmp).

const (
	e9  = 1_000_000_000
	e18 = 1_000_000_000_000_000_000
	e19 = 10_000_000_000_000_000_000

	pow64Mod18  = 446744073709551616 // 2^64 mod 10^18
	pow128Mod18 = 374607431768211456 // 2^128 mod 10^18
	pow192Mod18 = 355444464034512896 // 2^192 mod 10^18

	d16e18     = 16 * e18            // 10^18 shifted to have its top bit set
	mgInv16e18 = 2820903858849102350 // floor((2^128 − 1) / d16e18) − 2^64

	// sha256StateLen and sha256StateMagic describe the marshalled state of
	// crypto/sha256 (magic, 8 state words, 64-byte buffer, 8-byte length).
	sha256StateLen   = 4 + 8*4 + 64 + 8
	sha256StateMagic = "sha\x03"

	// hasherProbe is hashed both ways when a ticketHasher is made, to check
	// that the midstate shortcut agrees with sha256.Sum256.
	hasherProbe = "shuangsui 双随 probe"
)

// ticketHasher computes x = SHA-256(P ‖ id) for one seed. It is not safe
// for concurrent use: every goroutine makes its own.
type ticketHasher struct {
	prefix string
	h      hash.Hash
	un     encoding.BinaryUnmarshaler
	ap     encoding.BinaryAppender
	mid    []byte // marshalled state after the block P
	buf    []byte // scratch: id ‖ SHA-256 padding, or P ‖ id in the plain mode
	out    []byte // scratch: marshalled final state
	fast   bool   // false: fall back to sha256.Sum256(P ‖ id)
	tail   int    // id length the padding in buf was written for, or -1
	rev3   [1000]uint16
}

// newTicketHasher prepares the hashing of P ‖ id for a 64-byte prefix P.
//
// The shortcut restores the state after P, writes the id together with its
// SHA-256 padding (so that the digest compresses the final block(s)
// directly) and reads the resulting state words, which are the hash, from
// the marshalled state. It relies on the stable marshalling format of
// crypto/sha256; it is checked against sha256.Sum256 on every new hasher,
// and the plain path is used if they ever disagree.
func newTicketHasher(prefix string) *ticketHasher {
	t := &ticketHasher{prefix: prefix, buf: make([]byte, 0, 128), tail: -1}
	for a := range 10 {
		for b := range 10 {
			for c := range 10 {
				t.rev3[100*a+10*b+c] = uint16(100*c + 10*b + a)
			}
		}
	}
	if len(prefix) != sha256.BlockSize {
		return t
	}
	h := sha256.New()
	m, ok1 := h.(encoding.BinaryMarshaler)
	un, ok2 := h.(encoding.BinaryUnmarshaler)
	ap, ok3 := h.(encoding.BinaryAppender)
	if !ok1 || !ok2 || !ok3 {
		return t
	}
	h.Write([]byte(prefix))
	mid, err := m.MarshalBinary()
	if err != nil || len(mid) != sha256StateLen || string(mid[:4]) != sha256StateMagic {
		return t
	}
	t.h, t.un, t.ap, t.mid = h, un, ap, mid
	t.out = make([]byte, 0, sha256StateLen)
	t.fast = true
	if t.sum(hasherProbe) != t.plainSum(hasherProbe) {
		t.fast = false
	}
	return t
}

// sum returns x = SHA-256(P ‖ id) as four big-endian 64-bit limbs, most
// significant first.
func (t *ticketHasher) sum(id string) [4]uint64 {
	if !t.fast {
		return t.plainSum(id)
	}
	n := len(id)
	padded := (n + 9 + 63) &^ 63 // id, 0x80, zeros, 8-byte bit length
	if cap(t.buf) < padded {
		t.buf = make([]byte, 0, padded)
		t.tail = -1
	}
	b := t.buf[:padded]
	copy(b, id)
	if n != t.tail { // the padding depends on the length alone
		b[n] = 0x80
		clear(b[n+1 : padded-8])
		binary.BigEndian.PutUint64(b[padded-8:], uint64(sha256.BlockSize+n)*8)
		t.tail = n
	}
	if err := t.un.UnmarshalBinary(t.mid); err != nil {
		return t.plainSum(id)
	}
	t.h.Write(b)
	t.out, _ = t.ap.AppendBinary(t.out[:0])
	if len(t.out) < 36 {
		return t.plainSum(id)
	}
	s := t.out[4:36]
	return [4]uint64{
		binary.BigEndian.Uint64(s[0:]),
		binary.BigEndian.Uint64(s[8:]),
		binary.BigEndian.Uint64(s[16:]),
		binary.BigEndian.Uint64(s[24:]),
	}
}

// plainSum is sum without the midstate shortcut.
func (t *ticketHasher) plainSum(id string) [4]uint64 {
	t.buf = append(append(t.buf[:0], t.prefix...), id...)
	t.tail = -1
	s := sha256.Sum256(t.buf)
	return [4]uint64{
		binary.BigEndian.Uint64(s[0:]),
		binary.BigEndian.Uint64(s[8:]),
		binary.BigEndian.Uint64(s[16:]),
		binary.BigEndian.Uint64(s[24:]),
	}
}

// ticketKey returns the first 18 fraction digits of the ticket of x (limbs
// most significant first) as an integer: x mod 10^18 with its 18 decimal
// digits reversed. Keys order like the tickets' first 18 digits.
func ticketKey(x [4]uint64) uint64 {
	return reverse18(mod18(x))
}

// key is ticketKey(t.sum(id)) with the digit reversal done by table.
func (t *ticketHasher) key(id string) uint64 {
	r := mod18(t.sum(id))
	lo, hi := r%e9, r/e9
	return t.rev9(lo)*e9 + t.rev9(hi)
}

func (t *ticketHasher) rev9(v uint64) uint64 {
	return uint64(t.rev3[v%1000])*1_000_000 + uint64(t.rev3[v/1000%1000])*1000 + uint64(t.rev3[v/1_000_000])
}

// mod18 returns x mod 10^18 for x given as four limbs, most significant
// first. With m = 10^18,
//
//	x ≡ x0·(2^192 mod m) + x1·(2^128 mod m) + x2·(2^64 mod m) + x3 (mod m),
//
// a sum S below 2^126. S is reduced modulo d = 16·m, which has its top bit
// set, by one 128/64 division with a precomputed reciprocal (Möller and
// Granlund, "Improved division by invariant integers", 2011, algorithm 4),
// and the remainder modulo m (a divisor of d) is the answer.
func mod18(x [4]uint64) uint64 {
	u1, u0 := bits.Mul64(x[0], pow192Mod18)
	h, l := bits.Mul64(x[1], pow128Mod18)
	var c uint64
	u0, c = bits.Add64(u0, l, 0)
	u1 += h + c
	h, l = bits.Mul64(x[2], pow64Mod18)
	u0, c = bits.Add64(u0, l, 0)
	u1 += h + c
	u0, c = bits.Add64(u0, x[3], 0)
	u1 += c
	// u1 < 2^62 < d, as the division needs.
	q1, q0 := bits.Mul64(mgInv16e18, u1)
	q0, c = bits.Add64(q0, u0, 0)
	q1 += u1 + 1 + c
	r := u0 - q1*d16e18
	if r > q0 {
		r += d16e18
	}
	if r >= d16e18 {
		r -= d16e18
	}
	return r % e18
}

// reverse18 reverses the 18 decimal digits of r < 10^18 (leading zeros
// count as digits).
func reverse18(r uint64) uint64 {
	return reverse9(r%e9)*e9 + reverse9(r/e9)
}

// reverse9 reverses the 9 decimal digits of v < 10^9.
func reverse9(v uint64) uint64 {
	a, b, c := v/1_000_000, v/1000%1000, v%1000
	return reverse3(c)*1_000_000 + reverse3(b)*1000 + reverse3(a)
}

// reverse3 reverses the 3 decimal digits of v < 1000.
func reverse3(v uint64) uint64 {
	return v%10*100 + v/10%10*10 + v/100
}

// ticketString returns the full ticket of x, equal to ticketFromPrefix but
// without big integers: x is divided by 10^19 repeatedly and the digits of
// each remainder are written least significant first, which is the order
// of the ticket.
func ticketString(x [4]uint64) string {
	var digits [2 + 5*19]byte // 78 digits at most: 5 chunks of 19
	digits[0], digits[1] = '0', '.'
	n := 2
	for x != ([4]uint64{}) {
		var r uint64
		for i := range x {
			x[i], r = bits.Div64(r, x[i], e19)
		}
		for range 19 {
			digits[n] = byte('0' + r%10)
			r /= 10
			n++
		}
	}
	// Drop the zeros written past the most significant digit, then pad
	// to 64 digits.
	for n > 2 && digits[n-1] == '0' {
		n--
	}
	for n < 2+64 {
		digits[n] = '0'
		n++
	}
	return string(digits[:n])
}
