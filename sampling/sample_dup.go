package sampling

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// Duplicate detection for the fast Sample. Equal ids have equal tickets and
// so equal keys; if all keys are distinct there is no duplicate id. Keys
// are collected per shard, split by their top bits into buckets small
// enough for a cache-resident hash set, and the buckets are checked in
// parallel. Equal keys (a duplicate id, or, with probability about
// N²/10^18, two ids whose tickets share their first 18 digits) send the
// caller to the exact check, checkSampleArgs.

const (
	keyBits         = 60   // every key is below 10^18 < 2^60
	keysPerBucket   = 8192 // target bucket size
	maxKeyBucketLog = 10   // at most 1024 buckets per shard
)

// keyBucketBits returns log2 of the number of buckets for n keys.
func keyBucketBits(n int) int {
	return min(bits.Len(uint(n/keysPerBucket)), maxKeyBucketLog)
}

// keyBuckets holds the keys of one shard, split by their top bits.
type keyBuckets struct {
	shift uint
	parts [][]uint64
}

func newKeyBuckets(bucketBits, n int) keyBuckets {
	nb := 1 << bucketBits
	kb := keyBuckets{shift: uint(keyBits - bucketBits), parts: make([][]uint64, nb)}
	// Keys are uniform below 10^18 ≈ 0.87·2^60, so the top buckets stay
	// empty and the others get about n/(0.87·nb) keys each.
	per := n/nb + n/(4*nb) + 16
	for b := range kb.parts {
		if uint64(b)<<kb.shift < e18 {
			kb.parts[b] = make([]uint64, 0, per)
		}
	}
	return kb
}

func (kb *keyBuckets) add(key uint64) {
	b := key >> kb.shift
	kb.parts[b] = append(kb.parts[b], key)
}

// hasEqualKeys reports whether any key occurs twice across the shards,
// all made with the same bucketBits, using up to workers goroutines.
func hasEqualKeys(shards []keyBuckets, workers int) bool {
	if len(shards) == 0 {
		return false
	}
	nb := len(shards[0].parts)
	workers = max(1, min(workers, nb))
	var found atomic.Bool
	check := func(first int) {
		var table []uint64
		for b := first; b < nb && !found.Load(); b += workers {
			if bucketHasEqualKeys(shards, b, &table) {
				found.Store(true)
			}
		}
	}
	if workers == 1 {
		check(0)
		return found.Load()
	}
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() { check(g) })
	}
	wg.Wait()
	return found.Load()
}

// bucketHasEqualKeys checks bucket b of every shard with an open-addressing
// hash set (linear probing, slots hold key+1 and 0 means empty), reusing
// *table between buckets.
func bucketHasEqualKeys(shards []keyBuckets, b int, table *[]uint64) bool {
	n := 0
	for s := range shards {
		n += len(shards[s].parts[b])
	}
	if n < 2 {
		return false
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(*table) < size {
		*table = make([]uint64, size)
	}
	t := (*table)[:size]
	clear(t)
	mask := uint64(size - 1)
	shift := uint(64 - bits.TrailingZeros(uint(size)))
	for s := range shards {
		for _, k := range shards[s].parts[b] {
			v := k + 1
			i := (k * 0x9E3779B97F4A7C15) >> shift
			for {
				switch t[i] {
				case 0:
					t[i] = v
				case v:
					return true
				default:
					i = (i + 1) & mask
					continue
				}
				break
			}
		}
	}
	return false
}
