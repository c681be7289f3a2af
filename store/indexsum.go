package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// The indexes derived from the chains — results, penalties, transfers and
// the drawn units — are rebuilt from the chains and compared by check, but
// rebuilding them on every read would replay every ceremony. Instead the
// bucket "index_sums" holds, for each, its fingerprint (bucketDigest) as
// the last write left it; every write of an index updates it in the same
// transaction (sealIndexes), and every read of an index compares it first
// (verifyIndexes), so that a byte changed outside the program is reported
// instead of shown. Schema 6 wrote the first sums.

var bIndexSums = []byte("index_sums") // index bucket name → hex SHA-256

// indexes are the buckets covered by index_sums: the indexes derived from
// the chains, and what undoing the last import needs (library_undo, whose
// old records an undo would write back into a library).
var indexes = [][]byte{bResults, bPenalties, bTransfers, bDrawn, bLibraryUndo}

// sealIndexes records the fingerprints of the given index buckets as the
// transaction leaves them.
func sealIndexes(tx *bolt.Tx, names ...[]byte) error {
	sums, err := tx.CreateBucketIfNotExists(bIndexSums)
	if err != nil {
		return fmt.Errorf("索引指纹: %w", err)
	}
	for _, name := range names {
		if err := sums.Put(name, []byte(bucketDigest(tx.Bucket(name)))); err != nil {
			return fmt.Errorf("索引指纹 %s: %w", name, err)
		}
	}
	return nil
}

// indexProblems compares index buckets with their recorded fingerprints.
func indexProblems(tx *bolt.Tx, names ...[]byte) []error {
	sums := tx.Bucket(bIndexSums)
	var out []error
	for _, name := range names {
		var want []byte
		if sums != nil {
			want = sums.Get(name)
		}
		got := bucketDigest(tx.Bucket(name))
		switch {
		case want == nil && got != emptyFingerprint:
			out = append(out, fmt.Errorf("索引 %s 有记录, 但没有记下它的指纹: 该索引在程序之外被写入", name))
		case want != nil && string(want) != got:
			out = append(out, fmt.Errorf("索引 %s 与记下的指纹不符: 该索引在程序之外被改动, 或文件已损坏", name))
		}
	}
	return out
}

// verifyIndexes is indexProblems for a read: the first difference is
// returned as ErrCorrupt.
func verifyIndexes(tx *bolt.Tx, names ...[]byte) error {
	if probs := indexProblems(tx, names...); len(probs) > 0 {
		return &corruptError{path: tx.DB().Path(), cause: probs[0].Error() + "; shuangsui check 列出全部问题"}
	}
	return nil
}

// migrateIndexSums writes the first fingerprints of the indexes.
func migrateIndexSums(tx *bolt.Tx) error {
	return sealIndexes(tx, indexes...)
}
