package sampling

import (
	"fmt"
	"math/big"
	"slices"
)

// StartLabel is the id whose ticket gives the random start of a
// systematic sample.
const StartLabel = "start"

// SystematicStart returns u, the random start of a systematic sample under
// seed: the first 18 fraction digits of Ticket(seed, "start") read as an
// integer (0 ≤ u < 10^18).
func SystematicStart(seed string) uint64 {
	return ticketKey(newTicketHasher(SeedHash(seed)).sum(StartLabel))
}

// SystematicPositions returns the 0-based positions p_j, j = 0 … n-1, of a
// systematic sample of n out of N ids with start u (SPEC.md §3):
// p_j = floor((u + j·10^18)·N / (n·10^18)), in exact integer arithmetic.
// The caller guarantees 1 ≤ n ≤ N and u < 10^18; the positions are then
// distinct, ascending and below N.
func SystematicPositions(u uint64, N, n int) []int {
	var (
		scale = new(big.Int).SetUint64(e18)
		den   = new(big.Int).Mul(big.NewInt(int64(n)), scale)
		bigN  = big.NewInt(int64(N))
		num   = new(big.Int)
		j     = new(big.Int)
		p     = new(big.Int)
	)
	out := make([]int, n)
	for i := range out {
		j.SetInt64(int64(i))
		num.Mul(j, scale)
		num.Add(num, p.SetUint64(u))
		num.Mul(num, bigN)
		p.Quo(num, den)
		out[i] = int(p.Int64())
	}
	return out
}

// Systematic draws a systematic sample (随机等距抽样, SPEC.md §3) of n ids
// and then up to alternates alternates. It returns the random start u as
// 18 digits and the picks: first the n drawn ids in position order, each
// with its 1-based Position in the byte-ordered population and no Ticket,
// then the alternates, the ids not drawn in ticket order under the same
// seed (Sample(ids − drawn, seed, 0, alternates)), with their tickets.
// Ranks count from 1 over both. Duplicate ids, n < 1, n > len(ids) and a
// negative alternates are errors.
func Systematic(ids []string, seed string, n, alternates int) (start string, picks []Pick, err error) {
	if n < 1 {
		return "", nil, fmt.Errorf("等距抽样数 %d 至少应为 1 (a systematic sample draws at least one id)", n)
	}
	if alternates < 0 {
		return "", nil, fmt.Errorf("备选数 %d 不能为负 (alternates must not be negative)", alternates)
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return "", nil, &DuplicateIDError{ID: sorted[i]}
		}
	}
	N := len(sorted)
	if n > N {
		return "", nil, &ShortPoolError{Have: N, Want: n}
	}
	u := SystematicStart(seed)
	drawn := make([]bool, N)
	picks = make([]Pick, 0, n+min(alternates, N-n))
	for j, p := range SystematicPositions(u, N, n) {
		drawn[p] = true
		picks = append(picks, Pick{Rank: j + 1, ID: sorted[p], Position: p + 1})
	}
	rest := make([]string, 0, N-n)
	for i, id := range sorted {
		if !drawn[i] {
			rest = append(rest, id)
		}
	}
	alts, err := Sample(rest, seed, 0, alternates)
	if err != nil {
		return "", nil, err
	}
	for _, a := range alts {
		a.Rank += n
		picks = append(picks, a)
	}
	return fmt.Sprintf("%018d", u), picks, nil
}
