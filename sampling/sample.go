package sampling

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Pick is one drawn id with its ticket. Rank counts from 1 in draw order;
// Alternate is true for the ids drawn beyond the requested take.
type Pick struct {
	Rank      int    `json:"rank"`
	ID        string `json:"id"`
	Ticket    string `json:"ticket,omitempty"`   // full ticket; empty for a systematic pick
	Position  int    `json:"position,omitempty"` // systematic picks: 1-based position in byte order
	Alternate bool   `json:"alternate,omitempty"`
}

// DuplicateIDError reports an id that occurs twice in a population.
type DuplicateIDError struct{ ID string }

func (e *DuplicateIDError) Error() string {
	return fmt.Sprintf("编号重复: %q (duplicate id)", e.ID)
}

// ShortPoolError reports a population smaller than the number asked for.
type ShortPoolError struct{ Have, Want int }

func (e *ShortPoolError) Error() string {
	return fmt.Sprintf("要求抽取 %d 个,但总体只有 %d 个 (asked for %d ids, the population has %d)", e.Want, e.Have, e.Want, e.Have)
}

// SampleNaive is the reference Sample: it computes the full ticket of every
// id with big integers and sorts them all. It is kept as the oracle that
// the fast Sample is tested against.
func SampleNaive(ids []string, seed string, take, alternates int) ([]Pick, error) {
	if err := checkSampleArgs(ids, take, alternates); err != nil {
		return nil, err
	}
	prefix := SeedHash(seed)
	all := make([]Pick, len(ids))
	for i, id := range ids {
		all[i] = Pick{ID: id, Ticket: ticketFromPrefix(prefix, id)}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Ticket != all[j].Ticket {
			return all[i].Ticket < all[j].Ticket
		}
		return all[i].ID < all[j].ID
	})
	n := len(all)
	if alternates < n-take { // not take+alternates < n: that can overflow
		n = take + alternates
	}
	out := all[:n:n]
	for i := range out {
		out[i].Rank = i + 1
		out[i].Alternate = i >= take
	}
	return out, nil
}

// checkSampleArgs validates a population and a request: no duplicate ids,
// non-negative counts, and at least take ids. Fewer alternates than asked
// for are allowed: the population simply runs out.
func checkSampleArgs(ids []string, take, alternates int) error {
	if take < 0 || alternates < 0 {
		return fmt.Errorf("抽取数 %d 与备选数 %d 不能为负 (take and alternates must not be negative)", take, alternates)
	}
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if _, dup := seen[id]; dup {
			return &DuplicateIDError{ID: id}
		}
		seen[id] = struct{}{}
	}
	if take > len(ids) {
		return &ShortPoolError{Have: len(ids), Want: take}
	}
	return nil
}

// minShard is the smallest number of ids worth a goroutine of their own.
const minShard = 2048

// Sample draws take ids and then up to alternates more from ids under seed
// (SPEC.md §2): the ids with the smallest tickets, in ticket order. It
// returns exactly what SampleNaive returns, errors included, but computes
// only the 18-digit key of each ticket, keeps the best take+alternates in a
// bounded heap per goroutine (runtime.GOMAXPROCS of them for large
// populations) and writes out full tickets for the returned picks alone.
func Sample(ids []string, seed string, take, alternates int) ([]Pick, error) {
	n := len(ids)
	if take < 0 || alternates < 0 || take > n {
		return nil, checkSampleArgs(ids, take, alternates)
	}
	k := n
	if alternates < n-take {
		k = take + alternates
	}
	prefix := SeedHash(seed)
	r := newRanker(ids, prefix)
	workers := max(1, min(runtime.GOMAXPROCS(0), n/minShard))
	bucketBits := keyBucketBits(n)
	tops := make([]*topK, workers)
	keys := make([]keyBuckets, workers)
	shard := func(w int) {
		lo, hi := w*n/workers, (w+1)*n/workers
		th := newTicketHasher(prefix)
		top := newTopK(r, k, hi-lo)
		kb := newKeyBuckets(bucketBits, hi-lo)
		for i := lo; i < hi; i++ {
			key := th.key(ids[i])
			kb.add(key)
			// Most keys lose against the current last of the top k at once.
			if len(top.h) < k || (k > 0 && key <= top.h[0].key) {
				top.offer(entry{key: key, idx: i})
			}
		}
		tops[w], keys[w] = top, kb
	}
	if workers == 1 {
		shard(0)
	} else {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() { shard(w) })
		}
		wg.Wait()
	}
	if hasEqualKeys(keys, workers) {
		// A duplicate id, or two tickets that agree in their first 18
		// digits: the exact check tells which.
		if err := checkSampleArgs(ids, take, alternates); err != nil {
			return nil, err
		}
	}
	best := tops[0].h
	for _, t := range tops[1:] {
		best = append(best, t.h...)
	}
	slices.SortFunc(best, r.cmp)
	th := newTicketHasher(prefix)
	out := make([]Pick, k)
	for i, e := range best[:k] {
		id := ids[e.idx]
		out[i] = Pick{Rank: i + 1, ID: id, Ticket: ticketString(th.sum(id)), Alternate: i >= take}
	}
	return out, nil
}
