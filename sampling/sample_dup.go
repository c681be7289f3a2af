package sampling

import (
	"math"
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

// keyBuckets holds the keys of one shard, split by their top bits. Each
// bucket has a fixed run of slots in one flat array (cheaper to fill than
// a slice per bucket); keys that find their bucket full go to spill.
type keyBuckets struct {
	shift uint
	per   int      // slots per bucket
	fill  []int    // keys in each bucket's slots
	data  []uint64 // bucket b is data[b*per : b*per+fill[b]]
	spill []uint64
}

func newKeyBuckets(bucketBits, n int) keyBuckets {
	shift := uint(keyBits - bucketBits)
	// Keys are uniform below 10^18 ≈ 0.87·2^60: the top buckets stay
	// empty. The others get n/nb keys on average, give or take √(n/nb);
	// six of those make the spill all but impossible.
	nb := int((e18-1)>>shift) + 1
	mean := float64(n) / float64(nb)
	per := int(mean+6*math.Sqrt(mean)) + 16
	return keyBuckets{shift: shift, per: per, fill: make([]int, nb), data: make([]uint64, nb*per)}
}

func (kb *keyBuckets) add(key uint64) {
	b := int(key >> kb.shift)
	if f := kb.fill[b]; f < kb.per {
		kb.data[b*kb.per+f] = key
		kb.fill[b] = f + 1
		return
	}
	kb.spill = append(kb.spill, key)
}

// bucket returns the keys of bucket b held in the slots (not the spill).
func (kb *keyBuckets) bucket(b int) []uint64 {
	return kb.data[b*kb.per : b*kb.per+kb.fill[b]]
}

// hasEqualKeys reports whether any key occurs twice across the shards,
// all made with the same bucketBits, using up to workers goroutines.
func hasEqualKeys(shards []keyBuckets, workers int) bool {
	if len(shards) == 0 {
		return false
	}
	nb := len(shards[0].fill)
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
		n += shards[s].fill[b] + len(shards[s].spill)
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
	// insert reports whether k is in the set already.
	insert := func(k uint64) bool {
		v := k + 1 // 0 marks an empty slot
		for i := (k * 0x9E3779B97F4A7C15) >> shift; ; i = (i + 1) & mask {
			switch t[i] {
			case 0:
				t[i] = v
				return false
			case v:
				return true
			}
		}
	}
	for s := range shards {
		kb := &shards[s]
		for _, k := range kb.bucket(b) {
			if insert(k) {
				return true
			}
		}
		for _, k := range kb.spill {
			if int(k>>kb.shift) == b && insert(k) {
				return true
			}
		}
	}
	return false
}
