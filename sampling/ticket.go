package sampling

import (
	"crypto/sha256"
	"encoding/hex"
	"math/big"
)

// SeedHash returns the lowercase hex SHA-256 of seed, the 64-character
// prefix that every ticket of that seed hashes.
func SeedHash(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(sum[:])
}

// Ticket returns the full ticket of id under seed: "0." followed by the
// decimal digits of x = SHA-256(SeedHash(seed) ‖ id), zero-padded to at
// least 64 digits, least significant digit first.
//
// It is the straightforward big-integer implementation and serves as the
// oracle for the fast path.
func Ticket(seed, id string) string {
	return ticketFromPrefix(SeedHash(seed), id)
}

func ticketFromPrefix(seedHex, id string) string {
	sum := sha256.Sum256([]byte(seedHex + id))
	digits := new(big.Int).SetBytes(sum[:]).String()
	for len(digits) < 64 {
		digits = "0" + digits
	}
	out := make([]byte, 0, 2+len(digits))
	out = append(out, '0', '.')
	for i := len(digits) - 1; i >= 0; i-- {
		out = append(out, digits[i])
	}
	return string(out)
}
