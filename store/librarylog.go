package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The library log and the undo of the last import; see "Library log and
// undo" in the package comment.

var (
	bLibraryLog  = []byte("library_log")  // uint64 big-endian seq → JSON LibraryChange
	bLibraryLast = []byte("library_last") // library bucket name → seq of its last entry
	bLibraryUndo = []byte("library_undo") // what undoing the last import needs
	kUndoState   = []byte("state")        // in bLibraryUndo: JSON undoState
	bUndoDiff    = []byte("diff")         // in bLibraryUndo: key → 0x00 (absent) | 0x01 ‖ old value
)

// Kinds of library change.
const (
	ChangeImport    = "import"
	ChangeUndo      = "undo"
	ChangeDishonest = "dishonest" // a unit marked seriously dishonest from a result (严重失信认定)
	ChangeResult    = "result"    // a result entered or corrected: its row in the inspection history
	ChangeSetting   = "setting"   // a setting stored or cleared (library "settings"; source: its key)
	ChangeBaseline  = "baseline"  // the library as it stood when the log began (schema 6)
)

// LibraryChange is one entry of the library log: an import that changed a
// library, or the undo of one. Entries are only appended.
type LibraryChange struct {
	Seq       int    `json:"seq"`
	Kind      string `json:"kind"`             // ChangeImport or ChangeUndo
	At        string `json:"at"`               // RFC 3339, the DB clock
	By        string `json:"by"`               // who ran it
	Library   string `json:"library"`          // bucket: counties, units, inspectors, matters, inspections
	Source    string `json:"source,omitempty"` // the file imported
	Mode      string `json:"mode,omitempty"`   // merge or replace (imports)
	Added     int    `json:"added"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	Removed   int    `json:"removed"` // deactivated / removed from the library
	// Undoes is the Seq of the import an undo reversed.
	Undoes int `json:"undoes,omitempty"`
	// Fingerprint is the fingerprint of the whole library after the
	// change (libraryFingerprint); check compares the library with the
	// last entry's.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// undoState says how to reverse the last import.
type undoState struct {
	Seq    int    `json:"seq"`    // the import's log entry
	Bucket string `json:"bucket"` // the library it changed
	// Whole: the old bucket is kept whole under its own name inside
	// bLibraryUndo; otherwise bUndoDiff holds the old value of each key
	// the import wrote.
	Whole bool   `json:"whole"`
	After string `json:"after"` // hex SHA-256 of the bucket right after the import
}

// ErrNothingToUndo: no import is waiting to be undone.
var ErrNothingToUndo = errors.New("没有可以撤销的导入(每次导入只能撤销一次, 撤销后或尚未导入时没有可撤销的内容)")

// bucketDigest is the SHA-256 (hex) of every key and value of b, in key
// order, each length-prefixed (8-byte big-endian length, then the bytes); a
// nested bucket is its key, the length 2^64-1 and its own digest (32 bytes).
// The fingerprint of the libraries (which hold no nested buckets) and of
// the indexes and undo data in index_sums.
func bucketDigest(b *bolt.Bucket) string {
	h := sha256.New()
	var n [8]byte
	if b != nil {
		c := b.Cursor()
		i := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if i++; i%releaseEvery == 0 {
				releasePages(b.Tx()) // a library of millions is read once here
			}
			binary.BigEndian.PutUint64(n[:], uint64(len(k)))
			h.Write(n[:])
			h.Write(k)
			if v == nil {
				if nested := b.Bucket(k); nested != nil {
					// A nested bucket: the length 2^64-1, then its own digest.
					binary.BigEndian.PutUint64(n[:], ^uint64(0))
					h.Write(n[:])
					sum, _ := hex.DecodeString(bucketDigest(nested))
					h.Write(sum)
					continue
				}
			}
			binary.BigEndian.PutUint64(n[:], uint64(len(v)))
			h.Write(n[:])
			h.Write(v)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Libraries are the buckets the library log speaks for: the five
// libraries and the settings.
var libraries = [][]byte{bCounties, bUnits, bInspectors, bMatters, bInspections, bSettings}

// libraryFingerprint is the SHA-256 (hex) of every key and value of a
// library bucket in key order, each length-prefixed (bucketDigest). The
// inspection history includes the rows results add: a result is logged as
// a change of that library (ChangeResult).
func libraryFingerprint(tx *bolt.Tx, name []byte) string { return bucketDigest(tx.Bucket(name)) }

// emptyFingerprint is the fingerprint of an empty library: what a library
// with no log entry must have.
var emptyFingerprint = bucketDigest(nil)

// migrateLibraryBaseline starts the library log's fingerprints: one
// baseline entry for each library that holds records, fingerprinting it as
// it stands (an empty library needs none: see checkLibraries).
func migrateLibraryBaseline(db *DB, tx *bolt.Tx) error {
	for _, name := range libraries {
		if libraryFingerprint(tx, name) == emptyFingerprint {
			continue
		}
		e := LibraryChange{Kind: ChangeBaseline, By: "数据库结构第 6 版", Library: string(name)}
		if _, err := appendChangeAt(tx, e, db.now()); err != nil {
			return err
		}
	}
	return nil
}

// checkLibraries compares each library with the fingerprint its last log
// entry recorded: any difference is a change made outside the program or
// damage to the file. Unlike the reads, it walks the whole log, and so
// also proves that library_last names each library's last entry.
func checkLibraries(tx *bolt.Tx) []error {
	last := map[string]LibraryChange{}
	if l := tx.Bucket(bLibraryLog); l != nil {
		err := l.ForEach(func(k, v []byte) error {
			var e LibraryChange
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("名录变动记录 %x 无法读取: %w", k, err)
			}
			last[e.Library] = e
			return nil
		})
		if err != nil {
			return []error{err}
		}
	}
	var out []error
	for _, name := range libraries {
		e, ok := last[string(name)]
		if got, gotOK, err := lastChange(tx, name); err != nil || gotOK != ok || got.Seq != e.Seq {
			out = append(out, fmt.Errorf("名录 %s: library_last 没有指向它最后一条变动记录(第 %d 条): %v", name, e.Seq, err))
		}
		if err := fingerprintProblem(tx, name, e, ok); err != nil {
			out = append(out, err)
		}
	}
	return out
}

// verifyLibraries is checkLibraries for the libraries a read is about to
// use: the first difference is returned as ErrCorrupt, so that a command
// never shows records the program did not write.
func (db *DB) verifyLibraries(tx *bolt.Tx, names ...[]byte) error {
	if probs := libraryProblems(tx, names...); len(probs) > 0 {
		return &corruptError{path: db.path, cause: probs[0].Error() + "; shuangsui check 列出全部问题"}
	}
	return nil
}

func libraryProblems(tx *bolt.Tx, names ...[]byte) []error {
	var out []error
	for _, name := range names {
		e, ok, err := lastChange(tx, name)
		if err == nil {
			err = fingerprintProblem(tx, name, e, ok)
		}
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// lastChange reads the last log entry of a library through library_last
// (one lookup, not a walk of a log that grows with every result).
func lastChange(tx *bolt.Tx, name []byte) (LibraryChange, bool, error) {
	b := tx.Bucket(bLibraryLast)
	if b == nil || b.Get(name) == nil {
		return LibraryChange{}, false, nil
	}
	k := b.Get(name)
	if len(k) != 8 {
		return LibraryChange{}, false, fmt.Errorf("名录 %s: 最后一条变动记录的编号已损坏", name)
	}
	e, err := changeAt(tx, int(binary.BigEndian.Uint64(k)))
	if err == nil && e.Library != string(name) {
		err = fmt.Errorf("名录 %s: 最后一条变动记录(第 %d 条)是名录 %s 的", name, e.Seq, e.Library)
	}
	return e, err == nil, err
}

// fingerprintProblem compares a library with the fingerprint of its last
// change e (ok false: none was logged, so the library must be empty).
func fingerprintProblem(tx *bolt.Tx, name []byte, e LibraryChange, ok bool) error {
	switch {
	case !ok:
		if libraryFingerprint(tx, name) != emptyFingerprint {
			return fmt.Errorf("名录 %s 有记录, 但名录变动记录中没有它的任何变动: 该名录在程序之外被写入, 或变动记录被删除", name)
		}
	case e.Fingerprint == "":
		return fmt.Errorf("名录 %s: 名录变动记录第 %d 条没有指纹", name, e.Seq)
	case libraryFingerprint(tx, name) != e.Fingerprint:
		return fmt.Errorf("名录 %s 与名录变动记录第 %d 条(%s %s)记下的指纹不符: 该名录在程序之外被改动, 或文件已损坏", name, e.Seq, e.At, e.Kind)
	}
	return nil
}

// resetUndo drops the undo area and creates it empty.
func resetUndo(tx *bolt.Tx) (*bolt.Bucket, error) {
	if tx.Bucket(bLibraryUndo) != nil {
		if err := tx.DeleteBucket(bLibraryUndo); err != nil {
			return nil, fmt.Errorf("清除上次导入的撤销数据: %w", err)
		}
	}
	u, err := tx.CreateBucket(bLibraryUndo)
	if err != nil {
		return nil, fmt.Errorf("创建撤销数据: %w", err)
	}
	return u, nil
}

// keepWhole saves the records of a library (read before the import) as
// the state to return to.
func keepWhole(tx *bolt.Tx, bucket []byte, old []kv) error {
	u, err := resetUndo(tx)
	if err != nil {
		return err
	}
	b, err := u.CreateBucket(bucket)
	if err != nil {
		return fmt.Errorf("创建撤销数据: %w", err)
	}
	for _, r := range old {
		if err := b.Put(r.k, r.v); err != nil {
			return fmt.Errorf("保存撤销数据: %w", err)
		}
	}
	return nil
}

// keepDiff saves the current value (or absence) of each key about to be
// written to bucket.
func keepDiff(tx *bolt.Tx, bucket []byte, changes []kv) error {
	u, err := resetUndo(tx)
	if err != nil {
		return err
	}
	d, err := u.CreateBucket(bUndoDiff)
	if err != nil {
		return fmt.Errorf("创建撤销数据: %w", err)
	}
	b := tx.Bucket(bucket)
	for _, c := range changes {
		old := b.Get(c.k)
		v := []byte{0}
		if old != nil {
			v = append([]byte{1}, old...)
		}
		if err := d.Put(c.k, v); err != nil {
			return fmt.Errorf("保存撤销数据: %w", err)
		}
	}
	return nil
}

// keepMoved moves the old bucket itself into the undo area (a bulk
// import that rebuilt the bucket); the caller then moves the new one in.
func keepMoved(tx *bolt.Tx, bucket []byte) error {
	u, err := resetUndo(tx)
	if err != nil {
		return err
	}
	if err := tx.MoveBucket(bucket, nil, u); err != nil {
		return fmt.Errorf("保存撤销数据: %w", err)
	}
	return nil
}

// logImport appends the import's entry to the library log and records
// how to undo it; the undo data was saved by keepWhole, keepDiff or
// keepMoved in the same transaction.
func (db *DB) logImport(tx *bolt.Tx, bucket []byte, opt ImportOptions, sum ImportSummary, whole bool) error {
	mode := "merge"
	if opt.Mode == Replace {
		mode = "replace"
	}
	e := LibraryChange{Kind: ChangeImport, By: opt.By, Library: string(bucket), Source: opt.Source, Mode: mode,
		Added: sum.Added, Updated: sum.Updated, Unchanged: sum.Unchanged, Removed: sum.Deactivated}
	e, err := db.appendChange(tx, e)
	if err != nil {
		return err
	}
	// The library's fingerprint is the digest the undo compares with.
	st, err := json.Marshal(undoState{Seq: e.Seq, Bucket: string(bucket), Whole: whole, After: e.Fingerprint})
	if err != nil {
		return err
	}
	if err := tx.Bucket(bLibraryUndo).Put(kUndoState, st); err != nil {
		return err
	}
	return sealIndexes(tx, bLibraryUndo)
}

// appendChange stores e as the next entry of the library log, with its
// number, time and the fingerprint of the library as the transaction
// leaves it so far (call it after the change is written), and returns the
// entry as stored.
func (db *DB) appendChange(tx *bolt.Tx, e LibraryChange) (LibraryChange, error) {
	return appendChangeAt(tx, e, db.now())
}

func appendChangeAt(tx *bolt.Tx, e LibraryChange, now time.Time) (LibraryChange, error) {
	l, err := tx.CreateBucketIfNotExists(bLibraryLog)
	if err != nil {
		return e, fmt.Errorf("名录变动记录: %w", err)
	}
	seq, err := l.NextSequence()
	if err != nil {
		return e, fmt.Errorf("名录变动记录: %w", err)
	}
	e.Seq = int(seq)
	e.Fingerprint = libraryFingerprint(tx, []byte(e.Library))
	e.At = now.Truncate(time.Second).Format(time.RFC3339)
	if e.By == "" {
		e.By = "未署名"
	}
	v, err := json.Marshal(e)
	if err != nil {
		return e, err
	}
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	if err := l.Put(k[:], v); err != nil {
		return e, fmt.Errorf("名录变动记录: %w", err)
	}
	last, err := tx.CreateBucketIfNotExists(bLibraryLast)
	if err == nil {
		err = last.Put([]byte(e.Library), k[:])
	}
	if err != nil {
		return e, fmt.Errorf("名录变动记录: %w", err)
	}
	return e, nil
}

// LibraryLog returns the library log, oldest first.
func (db *DB) LibraryLog() ([]LibraryChange, error) {
	var out []LibraryChange
	err := db.bolt.View(func(tx *bolt.Tx) error {
		l := tx.Bucket(bLibraryLog)
		if l == nil {
			return nil
		}
		return l.ForEach(func(k, v []byte) error {
			var e LibraryChange
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("名录变动记录 %x 无法读取: %w", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// Undoable returns the log entry of the import an UndoImport would
// reverse, or ErrNothingToUndo.
func (db *DB) Undoable() (LibraryChange, error) {
	var e LibraryChange
	err := db.bolt.View(func(tx *bolt.Tx) error {
		st, err := readUndo(tx)
		if err != nil {
			return err
		}
		e, err = changeAt(tx, st.Seq)
		return err
	})
	return e, err
}

func readUndo(tx *bolt.Tx) (undoState, error) {
	var st undoState
	u := tx.Bucket(bLibraryUndo)
	if u == nil || u.Get(kUndoState) == nil {
		return st, ErrNothingToUndo
	}
	if err := json.Unmarshal(u.Get(kUndoState), &st); err != nil {
		return st, fmt.Errorf("撤销数据无法读取: %w", err)
	}
	return st, nil
}

func changeAt(tx *bolt.Tx, seq int) (LibraryChange, error) {
	var e LibraryChange
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(seq))
	l := tx.Bucket(bLibraryLog)
	if l == nil || l.Get(k[:]) == nil {
		return e, fmt.Errorf("名录变动记录中没有第 %d 条", seq)
	}
	if err := json.Unmarshal(l.Get(k[:]), &e); err != nil {
		return e, fmt.Errorf("名录变动记录第 %d 条无法读取: %w", seq, err)
	}
	return e, nil
}

// UndoImport restores the library the last import changed to what it was
// before that import, and records the undo in the library log. It refuses
// when the library changed after the import (a later edit would be lost)
// and when there is nothing to undo. An import can be undone once.
func (db *DB) UndoImport(by string) (LibraryChange, error) {
	db.importMu.Lock()
	defer db.importMu.Unlock()
	var done LibraryChange
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := verifyIndexes(tx, bLibraryUndo); err != nil {
			return err
		}
		st, err := readUndo(tx)
		if err != nil {
			return err
		}
		imp, err := changeAt(tx, st.Seq)
		if err != nil {
			return err
		}
		name := []byte(st.Bucket)
		b := tx.Bucket(name)
		if b == nil {
			return fmt.Errorf("撤销: 没有名录 %s", st.Bucket)
		}
		if bucketDigest(b) != st.After {
			return fmt.Errorf("撤销: %s 导入(名录变动第 %d 条)之后, 该名录又有改动, 撤销会丢掉这些改动, 因此不能撤销", imp.At, imp.Seq)
		}
		u := tx.Bucket(bLibraryUndo)
		if st.Whole {
			if u.Bucket(name) == nil {
				return errors.New("撤销数据不完整: 缺少原名录")
			}
			if err := tx.DeleteBucket(name); err != nil {
				return fmt.Errorf("撤销: %w", err)
			}
			if err := tx.MoveBucket(name, u, nil); err != nil {
				return fmt.Errorf("撤销: 恢复原名录: %w", err)
			}
		} else {
			d := u.Bucket(bUndoDiff)
			if d == nil {
				return errors.New("撤销数据不完整: 缺少原记录")
			}
			err := d.ForEach(func(k, v []byte) error {
				if len(v) == 0 {
					return fmt.Errorf("撤销数据损坏: %q", k)
				}
				if v[0] == 0 {
					return b.Delete(bytes.Clone(k))
				}
				return b.Put(bytes.Clone(k), bytes.Clone(v[1:]))
			})
			if err != nil {
				return fmt.Errorf("撤销: %w", err)
			}
		}
		if err := tx.DeleteBucket(bLibraryUndo); err != nil {
			return fmt.Errorf("撤销: %w", err)
		}
		if err := sealIndexes(tx, bLibraryUndo); err != nil {
			return err
		}
		done = LibraryChange{Kind: ChangeUndo, By: by, Library: st.Bucket, Source: imp.Source, Mode: imp.Mode,
			Added: imp.Added, Updated: imp.Updated, Unchanged: imp.Unchanged, Removed: imp.Removed, Undoes: imp.Seq}
		done, err = db.appendChange(tx, done)
		return err
	})
	if err != nil {
		return LibraryChange{}, err
	}
	return done, nil
}

// ChangedLibraries names the libraries (and indexes) whose content no
// longer has the fingerprint last recorded for it, for check's repair
// advice.
func (db *DB) ChangedLibraries() ([]string, error) {
	var out []string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		for _, name := range libraries {
			if len(libraryProblems(tx, name)) > 0 {
				out = append(out, string(name))
			}
		}
		for _, name := range indexes {
			if len(indexProblems(tx, name)) > 0 {
				out = append(out, string(name))
			}
		}
		return nil
	})
	return out, err
}

// DiffWithBackup lists the keys of bucket that differ between the database
// and the backup file at backup (changed, only here, or only there), at
// most limit of them, and how many differ in all. With a fingerprint
// mismatch, these are where to look: the records damaged or changed
// outside the program, together with any change the program made after
// the backup was taken.
func (db *DB) DiffWithBackup(backup, bucket string, limit int) (keys []string, total int, err error) {
	bb, err := openBoltReadOnly(backup)
	if err != nil {
		return nil, 0, fmt.Errorf("打开备份 %s: %w", backup, err)
	}
	defer bb.Close()
	err = bb.View(func(btx *bolt.Tx) error {
		return db.bolt.View(func(tx *bolt.Tx) error {
			cur, old := tx.Bucket([]byte(bucket)), btx.Bucket([]byte(bucket))
			note := func(k []byte, how string) {
				if total++; len(keys) < limit {
					keys = append(keys, fmt.Sprintf("%q(%s)", k, how))
				}
			}
			var c1, c2 *bolt.Cursor
			var k1, v1, k2, v2 []byte
			if cur != nil {
				c1 = cur.Cursor()
				k1, v1 = c1.First()
			}
			if old != nil {
				c2 = old.Cursor()
				k2, v2 = c2.First()
			}
			for k1 != nil || k2 != nil {
				switch {
				case k2 == nil || k1 != nil && bytes.Compare(k1, k2) < 0:
					note(k1, "备份中没有")
					k1, v1 = c1.Next()
				case k1 == nil || bytes.Compare(k1, k2) > 0:
					note(k2, "数据库中没有")
					k2, v2 = c2.Next()
				default:
					if !bytes.Equal(v1, v2) {
						note(k1, "内容不同")
					}
					k1, v1 = c1.Next()
					k2, v2 = c2.Next()
				}
			}
			return nil
		})
	})
	return keys, total, err
}
