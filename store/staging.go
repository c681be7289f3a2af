package store

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Bulk imports: units and inspection history.
//
// A unit register may hold a million rows. Holding them all in memory and
// writing them in one bbolt transaction costs about a gigabyte (the
// transaction keeps every dirty page until it commits), and bbolt splits
// its in-memory nodes only at commit, so one transaction that inserts keys
// in random order is quadratic. Bulk imports therefore work in phases,
// with memory bounded by importMemBudget plus one batch:
//
//  1. Collect. put validates and encodes each record and appends key and
//     value to an in-memory buffer. When the buffer reaches
//     importMemBudget it is sorted by key (stably, so equal keys keep
//     their input order) and appended as one sorted run to a temporary
//     file (mode 0600, in the database's folder, named
//     .<db file>.import-*.tmp, unlinked at once where the system allows
//     it and removed when the import ends).
//  2. Merge. The runs and the last buffer are merged in key order; the
//     merged import is walked together with the stored bucket (a cursor),
//     which yields every record of the new bucket in key order and the
//     summary counts. A unit id listed twice fails the import here; a
//     history record listed twice is counted like two puts in a row.
//  3. Small imports (no run spilled, at most importInPlaceMax records and,
//     in Replace mode, at most importInPlaceMax stored records) write
//     only the changed records in place, in one transaction, as before.
//  4. Larger imports build the new contents of the bucket in a staging
//     bucket "import_staging"/<bucket>, appending in key order in
//     batches of committed transactions of about importBatchBytes each.
//     DryRun skips the staging bucket altogether: it runs the merge in
//     one read transaction and writes nothing.
//  5. Switch. One transaction checks that the stored bucket still holds
//     what the merge read (a hash of every key and value; an edit made
//     meanwhile by another part of the program restarts the merge from
//     the runs, up to three times), deletes it, moves the staging bucket
//     into its place (bbolt MoveBucket: the bucket name never changes, so
//     readers need no indirection) and deletes "import_staging". If the
//     import changes nothing, the switch is skipped.
//
// Until the switch commits, the stored bucket is untouched: a failure or a
// crash at any earlier moment leaves the old library, and Open removes a
// leftover staging bucket and temporary files. Bulk imports of one DB are
// serialised (DB.importMu) while they write.

// Tunables; tests lower them to exercise spilling and batching.
var (
	importMemBudget   = 32 << 20 // bytes of records sorted in memory before a run is spilled
	importBatchBytes  = 8 << 20  // bytes written to the staging bucket per transaction
	importInPlaceMax  = 10_000   // largest import (and Replace-mode library) written in place
	importFillStaged  = 1.0      // FillPercent of the staging bucket (appended in key order)
	importFillInPlace = 0.9      // FillPercent for in-place writes in key order
)

// importFail, if set (tests only), is called at each phase of a bulk
// import ("spill", "staging", "batch", "merged", "switch") and a non-nil error
// aborts the import there.
var importFail func(phase string) error

func failpoint(phase string) error {
	if importFail != nil {
		return importFail(phase)
	}
	return nil
}

// bStaging holds the bucket a bulk import is building.
var bStaging = []byte("import_staging")

// errLiveChanged: the stored bucket changed while a bulk import read it.
var errLiveChanged = errors.New("导入期间名录被其他操作修改")

// bulkKind describes one kind of bulk-imported record.
type bulkKind struct {
	what   string // "单位", "检查历史"
	bucket []byte
	// dup, if set, is the error for a key listed twice in one import;
	// nil means a later record replaces an earlier one, counted as if
	// they were put one after the other.
	dup func(k []byte) error
	// absent, in Replace mode, appends to dst the new value of a stored
	// record the import does not list and says whether it changed; nil
	// means Replace mode is not supported.
	absent func(dst, k, v []byte) (out []byte, changed bool, err error)
	// keep, if set, returns the imported value v with the fields named
	// (ImportOptions.Keep) taken from the stored value.
	keep func(stored, v []byte, fields []string) ([]byte, error)
}

// runBulk is runImport for bulk kinds: encode validates a record and
// returns its key and value.
func runBulk[T any](db *DB, opt ImportOptions, fill func(put func(T) error) error, kind *bulkKind, encode func(T) (k, v []byte, err error)) (ImportSummary, error) {
	if fill == nil {
		return ImportSummary{}, fmt.Errorf("导入%s: 没有数据来源", kind.what)
	}
	if opt.Mode != Merge && opt.Mode != Replace {
		return ImportSummary{}, fmt.Errorf("导入%s: 导入方式 %d 无法识别", kind.what, opt.Mode)
	}
	if opt.Mode == Replace && kind.absent == nil {
		return ImportSummary{}, fmt.Errorf("导入%s: 不支持替换方式", kind.what)
	}
	sp := newSpool(db.path)
	defer sp.close()
	var putErr error
	put := func(rec T) error {
		if putErr != nil {
			return fmt.Errorf("%w: %w", errAbort, putErr)
		}
		k, v, err := encode(rec)
		if err == nil {
			err = sp.add(k, v)
		}
		if err != nil {
			putErr = err
			return err
		}
		return nil
	}
	ferr := fill(put)
	switch {
	case putErr != nil:
		return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", kind.what, putErr)
	case ferr != nil:
		return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", kind.what, ferr)
	}
	if opt.KeepFn != nil {
		opt.Keep = opt.KeepFn()
	}
	db.importMu.Lock()
	defer db.importMu.Unlock()
	done, err := db.importBackup(kind.bucket, opt)
	if err != nil {
		return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", kind.what, err)
	}
	sum, err := db.bulkWrite(sp, kind, opt)
	done(sum, err)
	if err != nil {
		return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", kind.what, err)
	}
	return sum, nil
}

func (db *DB) bulkWrite(sp *spool, kind *bulkKind, opt ImportOptions) (ImportSummary, error) {
	inPlace := !sp.spilled() && sp.n <= importInPlaceMax
	if inPlace && opt.Mode == Replace {
		// Replace walks the whole library: in place only when it is small.
		err := db.bolt.View(func(tx *bolt.Tx) error {
			c, n := tx.Bucket(kind.bucket).Cursor(), 0
			for k, _ := c.First(); k != nil && inPlace; k, _ = c.Next() {
				n++
				inPlace = n <= importInPlaceMax
			}
			return nil
		})
		if err != nil {
			return ImportSummary{}, err
		}
	}
	if inPlace {
		return db.writeInPlace(sp, kind, opt)
	}
	if opt.DryRun {
		var sum ImportSummary
		err := db.bolt.View(func(tx *bolt.Tx) error {
			it, err := sp.iter()
			if err != nil {
				return err
			}
			r := newReconciler(kind, opt, it)
			if _, err := r.run(tx.Bucket(kind.bucket).Cursor(), nil, func([]byte, []byte, bool) (bool, error) { return true, nil }); err != nil {
				return err
			}
			sum = r.sum
			return nil
		})
		return sum, err
	}
	for attempt := 1; ; attempt++ {
		sum, err := db.rebuild(sp, kind, opt)
		if errors.Is(err, errLiveChanged) && attempt < 3 {
			continue
		}
		return sum, err
	}
}

// writeInPlace writes the changed records of a small import in one
// transaction (rolled back for DryRun).
func (db *DB) writeInPlace(sp *spool, kind *bulkKind, opt ImportOptions) (_ ImportSummary, err error) {
	defer protect(db.path, &err)()
	tx, err := db.bolt.Begin(true)
	if err != nil {
		return ImportSummary{}, fmt.Errorf("开始事务: %w", err)
	}
	defer tx.Rollback() // no-op after Commit
	b := tx.Bucket(kind.bucket)
	it, err := sp.iter()
	if err != nil {
		return ImportSummary{}, err
	}
	r := newReconciler(kind, opt, it)
	var changes []kv
	emit := func(k, v []byte, changed bool) (bool, error) {
		if changed {
			changes = append(changes, kv{bytes.Clone(k), bytes.Clone(v)})
		}
		return true, nil
	}
	if opt.Mode == Replace {
		_, err = r.run(b.Cursor(), nil, emit)
	} else {
		_, err = r.run(nil, b.Get, emit)
	}
	if err != nil {
		return ImportSummary{}, err
	}
	if opt.DryRun {
		return r.sum, nil
	}
	if opt.Confirm != nil {
		if err := opt.Confirm(r.sum); err != nil {
			return ImportSummary{}, err
		}
	}
	if len(changes) > 0 {
		if err := keepDiff(tx, kind.bucket, changes); err != nil {
			return ImportSummary{}, err
		}
	}
	b.FillPercent = importFillInPlace
	for _, c := range changes {
		if err := b.Put(c.k, c.v); err != nil {
			return ImportSummary{}, fmt.Errorf("%s %q: %w", kind.what, c.k, err)
		}
	}
	if len(changes) > 0 {
		if err := db.logImport(tx, kind.bucket, opt, r.sum, false); err != nil {
			return ImportSummary{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return ImportSummary{}, fmt.Errorf("提交: %w", err)
	}
	return r.sum, nil
}

type kv struct{ k, v []byte }

// rebuild builds the new bucket in the staging bucket in batches, then
// switches it in (see the comment at the top of this file).
func (db *DB) rebuild(sp *spool, kind *bulkKind, opt ImportOptions) (ImportSummary, error) {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bStaging) != nil {
			if err := tx.DeleteBucket(bStaging); err != nil {
				return err
			}
		}
		p, err := tx.CreateBucket(bStaging)
		if err != nil {
			return err
		}
		if _, err := p.CreateBucket(kind.bucket); err != nil {
			return err
		}
		return failpoint("staging")
	})
	if err != nil {
		return ImportSummary{}, fmt.Errorf("创建暂存存储桶: %w", err)
	}
	switched := false
	defer func() {
		if !switched {
			db.dropStaging() // best effort; Open retries
		}
	}()
	it, err := sp.iter()
	if err != nil {
		return ImportSummary{}, err
	}
	r := newReconciler(kind, opt, it)
	slab := make([]byte, 0, min(importBatchBytes, 1<<20))
	done := false
	for !done {
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			st := tx.Bucket(bStaging).Bucket(kind.bucket)
			if st == nil {
				return errors.New("暂存存储桶丢失")
			}
			st.FillPercent = importFillStaged
			slab = slab[:0]
			emit := func(k, v []byte, _ bool) (bool, error) {
				// bbolt keeps k and v until commit: copy them out of
				// the run buffers and the stored bucket.
				n := len(slab)
				slab = append(slab, k...)
				slab = append(slab, v...)
				if err := st.Put(slab[n:n+len(k):n+len(k)], slab[n+len(k):len(slab):len(slab)]); err != nil {
					return false, fmt.Errorf("%s %q: %w", kind.what, k, err)
				}
				return len(slab) < importBatchBytes, nil
			}
			var err error
			if done, err = r.run(tx.Bucket(kind.bucket).Cursor(), nil, emit); err != nil {
				return err
			}
			return failpoint("batch")
		})
		if err != nil {
			return ImportSummary{}, err
		}
	}
	if err := failpoint("merged"); err != nil {
		return ImportSummary{}, err
	}
	sum := r.sum
	if opt.Confirm != nil {
		if err := opt.Confirm(sum); err != nil {
			return ImportSummary{}, err // the deferred dropStaging cleans up
		}
	}
	if sum.Added+sum.Updated+sum.Deactivated == 0 {
		return sum, nil // the staging bucket equals the stored one
	}
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		if !r.sameLive(tx.Bucket(kind.bucket)) {
			return errLiveChanged
		}
		if err := failpoint("switch"); err != nil {
			return err
		}
		// The old bucket becomes the undo of this import.
		if err := keepMoved(tx, kind.bucket); err != nil {
			return err
		}
		if err := tx.MoveBucket(kind.bucket, tx.Bucket(bStaging), nil); err != nil {
			return fmt.Errorf("启用新存储桶: %w", err)
		}
		if err := tx.DeleteBucket(bStaging); err != nil {
			return err
		}
		return db.logImport(tx, kind.bucket, opt, sum, true)
	})
	if err != nil {
		return ImportSummary{}, fmt.Errorf("启用导入结果: %w", err)
	}
	switched = true
	return sum, nil
}

// dropStaging deletes the staging bucket if there is one.
func (db *DB) dropStaging() error {
	var left bool
	if err := db.bolt.View(func(tx *bolt.Tx) error { left = tx.Bucket(bStaging) != nil; return nil }); err != nil || !left {
		return err
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bStaging) == nil {
			return nil
		}
		return tx.DeleteBucket(bStaging)
	})
}

// cleanupImports removes what an interrupted bulk import left: the
// staging bucket and temporary files. Open calls it.
func (db *DB) cleanupImports() error {
	if err := db.dropStaging(); err != nil {
		return fmt.Errorf("清理未完成的导入 %s: %w", db.path, err)
	}
	dir, prefix := filepath.Split(db.path)
	prefix = "." + prefix + ".import-"
	ents, err := os.ReadDir(filepath.Clean(dir))
	if err != nil {
		return nil // the temporary files are only litter
	}
	for _, e := range ents {
		if n := e.Name(); strings.HasPrefix(n, prefix) && strings.HasSuffix(n, ".tmp") && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, n))
		}
	}
	return nil
}

// reconciler walks the sorted import together with the stored bucket.
type reconciler struct {
	kind *bulkKind
	mode ImportMode
	imp  *mergeIter
	sum  ImportSummary
	keep []string // fields kept from stored records (ImportOptions.Keep)

	// What was read of the stored bucket, to check at the switch that it
	// did not change in between.
	seed     maphash.Seed
	hash     maphash.Hash
	liveN    int
	lastLive []byte
	started  bool
	liveDone bool

	key, val, scratch []byte
}

func newReconciler(kind *bulkKind, opt ImportOptions, imp *mergeIter) *reconciler {
	r := &reconciler{kind: kind, mode: opt.Mode, imp: imp, seed: maphash.MakeSeed()}
	if kind.keep != nil {
		r.keep = opt.Keep
	}
	r.hash.SetSeed(r.seed)
	return r
}

func hashKV(h *maphash.Hash, k, v []byte) {
	var n [2 * binary.MaxVarintLen64]byte
	b := binary.AppendUvarint(n[:0], uint64(len(k)))
	b = binary.AppendUvarint(b, uint64(len(v)))
	h.Write(b)
	h.Write(k)
	h.Write(v)
}

// sameLive reports whether b holds exactly the records the walk read.
func (r *reconciler) sameLive(b *bolt.Bucket) bool {
	var h maphash.Hash
	h.SetSeed(r.seed)
	n := 0
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		hashKV(&h, k, v)
		n++
	}
	return n == r.liveN && h.Sum64() == r.hash.Sum64()
}

// run merges until emit returns false (the batch is full) or everything
// has been emitted (done). With a cursor c it visits every stored record
// and emits every record of the new bucket in key order, resuming after
// the last stored key it read; without one it looks the imported keys up
// with get and never visits stored records the import does not list.
// emit's changed says whether the record differs from the stored one.
func (r *reconciler) run(c *bolt.Cursor, get func([]byte) []byte, emit func(k, v []byte, changed bool) (bool, error)) (done bool, err error) {
	var lk, lv []byte
	if c != nil && !r.liveDone {
		if !r.started {
			lk, lv = c.First()
			r.started = true
		} else if lk, lv = c.Seek(r.lastLive); lk != nil && bytes.Equal(lk, r.lastLive) {
			lk, lv = c.Next()
		}
		r.liveDone = lk == nil
	}
	for {
		ik, _, iok := r.imp.peek()
		if err := r.imp.err; err != nil {
			return false, err
		}
		if !iok && lk == nil {
			return true, nil
		}
		var more bool
		if lk != nil && (!iok || bytes.Compare(lk, ik) < 0) {
			// Stored, not imported.
			r.consume(lk, lv)
			v, changed := lv, false
			if r.mode == Replace {
				if r.scratch, changed, err = r.kind.absent(r.scratch[:0], lk, lv); err != nil {
					return false, err
				}
				v = r.scratch
				if changed {
					r.sum.Deactivated++
				}
			}
			more, err = emit(lk, v, changed)
			lk, lv = c.Next()
		} else {
			var stored []byte
			match := lk != nil && bytes.Equal(lk, ik)
			if match {
				stored = lv
				r.consume(lk, lv)
			} else if get != nil {
				stored = get(ik)
			}
			more, err = r.group(stored, emit)
			if match {
				lk, lv = c.Next()
			}
		}
		if err != nil {
			return false, err
		}
		if c != nil {
			r.liveDone = lk == nil
		}
		if !more {
			return false, nil
		}
	}
}

func (r *reconciler) consume(k, v []byte) {
	r.lastLive = append(r.lastLive[:0], k...)
	hashKV(&r.hash, k, v)
	r.liveN++
}

// count counts one imported value v against the previous value of its key.
func (r *reconciler) count(prev, v []byte) {
	switch {
	case prev == nil:
		r.sum.Added++
	case bytes.Equal(prev, v):
		r.sum.Unchanged++
	default:
		r.sum.Updated++
	}
}

// group takes the imported records of the next key (stored holds its
// stored value or nil) and emits the key's new value.
func (r *reconciler) group(stored []byte, emit func(k, v []byte, changed bool) (bool, error)) (bool, error) {
	ik, iv, _ := r.imp.peek()
	r.key = append(r.key[:0], ik...)
	r.val = append(r.val[:0], iv...)
	if stored != nil && len(r.keep) > 0 {
		v, err := r.kind.keep(stored, r.val, r.keep)
		if err != nil {
			return false, fmt.Errorf("%s %s: %w", r.kind.what, ik, err)
		}
		r.val = append(r.val[:0], v...)
	}
	r.count(stored, r.val)
	if err := r.imp.advance(); err != nil {
		return false, err
	}
	for {
		nk, nv, ok := r.imp.peek()
		if err := r.imp.err; err != nil {
			return false, err
		}
		if !ok || !bytes.Equal(nk, r.key) {
			break
		}
		if r.kind.dup != nil {
			return false, r.kind.dup(r.key)
		}
		r.count(r.val, nv)
		r.val = append(r.val[:0], nv...)
		if err := r.imp.advance(); err != nil {
			return false, err
		}
	}
	return emit(r.key, r.val, stored == nil || !bytes.Equal(stored, r.val))
}

// spool collects encoded records and sorts them, spilling sorted runs to
// a temporary file beyond importMemBudget.
type spool struct {
	dbPath  string
	arena   []byte
	ents    []spoolEnt
	n       int // records added
	f       *os.File
	name    string // set while the file still has a name to remove
	w       *bufio.Writer
	off     int64
	runs    []spoolRun
	sorted  bool
	readers []*io.SectionReader
}

type spoolEnt struct{ off, klen, vlen uint32 }

const spoolEntSize = 12

type spoolRun struct {
	off, size int64
	n         int
}

func newSpool(dbPath string) *spool { return &spool{dbPath: dbPath} }

func (s *spool) spilled() bool { return len(s.runs) > 0 }

func (s *spool) add(k, v []byte) error {
	need := len(k) + len(v)
	if uint64(len(k)) > 1<<30 || uint64(len(v)) > 1<<30 {
		return fmt.Errorf("记录过大(%d 字节)", need)
	}
	if len(s.ents) > 0 && len(s.arena)+need+(len(s.ents)+1)*spoolEntSize > importMemBudget {
		if err := s.spill(); err != nil {
			return err
		}
	}
	if len(s.arena)+need > 1<<32-1 {
		return fmt.Errorf("记录过大(%d 字节)", need)
	}
	if cap(s.arena)-len(s.arena) < need {
		c := max(2*cap(s.arena), 4096)
		if c > importMemBudget {
			c = importMemBudget
		}
		c = max(c, len(s.arena)+need)
		s.arena = append(make([]byte, 0, c), s.arena...)
	}
	off := len(s.arena)
	s.arena = append(s.arena, k...)
	s.arena = append(s.arena, v...)
	s.ents = append(s.ents, spoolEnt{uint32(off), uint32(len(k)), uint32(len(v))})
	s.n++
	s.sorted = false
	return nil
}

func (s *spool) key(e spoolEnt) []byte {
	return s.arena[e.off : e.off+e.klen : e.off+e.klen]
}

func (s *spool) val(e spoolEnt) []byte {
	end := e.off + e.klen + e.vlen
	return s.arena[e.off+e.klen : end : end]
}

func (s *spool) sort() {
	if !s.sorted {
		slices.SortStableFunc(s.ents, func(a, b spoolEnt) int { return bytes.Compare(s.key(a), s.key(b)) })
		s.sorted = true
	}
}

// spill writes the buffer as one sorted run: per record uvarint key
// length, uvarint value length, key, value.
func (s *spool) spill() error {
	if err := failpoint("spill"); err != nil {
		return err
	}
	if s.f == nil {
		dir, base := filepath.Split(s.dbPath)
		f, err := os.CreateTemp(filepath.Clean(dir), "."+base+".import-*.tmp")
		if err != nil {
			return fmt.Errorf("创建导入临时文件: %w", err)
		}
		s.f, s.name = f, f.Name()
		if err := f.Chmod(0o600); err != nil {
			return fmt.Errorf("设置导入临时文件权限 %s: %w", s.name, err)
		}
		// Unlinked, the file disappears with the process however it ends
		// (not possible on Windows: close removes it there).
		if os.Remove(s.name) == nil {
			s.name = ""
		}
		s.w = bufio.NewWriterSize(f, 1<<20)
	}
	s.sort()
	start := s.off
	var hdr [2 * binary.MaxVarintLen32]byte
	for _, e := range s.ents {
		h := binary.AppendUvarint(hdr[:0], uint64(e.klen))
		h = binary.AppendUvarint(h, uint64(e.vlen))
		if _, err := s.w.Write(h); err != nil {
			return fmt.Errorf("写入导入临时文件: %w", err)
		}
		if _, err := s.w.Write(s.arena[e.off : e.off+e.klen+e.vlen]); err != nil {
			return fmt.Errorf("写入导入临时文件: %w", err)
		}
		s.off += int64(len(h)) + int64(e.klen) + int64(e.vlen)
	}
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("写入导入临时文件: %w", err)
	}
	s.runs = append(s.runs, spoolRun{off: start, size: s.off - start, n: len(s.ents)})
	s.arena, s.ents = s.arena[:0], s.ents[:0]
	return nil
}

func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
		if s.name != "" {
			os.Remove(s.name)
		}
		s.f = nil
	}
}

// iter returns the records in key order, equal keys in input order. It
// can be called again to read them again.
func (s *spool) iter() (*mergeIter, error) {
	s.sort()
	it := &mergeIter{}
	for i, r := range s.runs {
		src := &source{idx: i, left: r.n, r: bufio.NewReaderSize(io.NewSectionReader(s.f, r.off, r.size), 64<<10)}
		if err := it.push(src); err != nil {
			return nil, err
		}
	}
	if len(s.ents) > 0 {
		if err := it.push(&source{idx: len(s.runs), mem: s, left: len(s.ents)}); err != nil {
			return nil, err
		}
	}
	return it, nil
}

// source is one sorted run: in memory (mem) or in the file (r).
type source struct {
	idx  int
	left int // records not yet read
	mem  *spool
	i    int
	r    *bufio.Reader
	buf  []byte
	k, v []byte
}

func (s *source) next() (bool, error) {
	if s.left == 0 {
		return false, nil
	}
	s.left--
	if s.mem != nil {
		e := s.mem.ents[s.i]
		s.i++
		s.k, s.v = s.mem.key(e), s.mem.val(e)
		return true, nil
	}
	kl, err := binary.ReadUvarint(s.r)
	if err != nil {
		return false, fmt.Errorf("读取导入临时文件: %w", err)
	}
	vl, err := binary.ReadUvarint(s.r)
	if err != nil {
		return false, fmt.Errorf("读取导入临时文件: %w", err)
	}
	if kl > 1<<30 || vl > 1<<30 {
		return false, errors.New("读取导入临时文件: 记录长度损坏")
	}
	n := int(kl + vl)
	if cap(s.buf) < n {
		s.buf = make([]byte, n, max(n, 2*cap(s.buf)))
	}
	s.buf = s.buf[:n]
	if _, err := io.ReadFull(s.r, s.buf); err != nil {
		return false, fmt.Errorf("读取导入临时文件: %w", err)
	}
	s.k, s.v = s.buf[:kl:kl], s.buf[kl:]
	return true, nil
}

// mergeIter merges sources in key order (ties: lower idx first).
type mergeIter struct {
	h   []*source
	err error
}

func (m *mergeIter) Len() int { return len(m.h) }
func (m *mergeIter) Less(i, j int) bool {
	if c := bytes.Compare(m.h[i].k, m.h[j].k); c != 0 {
		return c < 0
	}
	return m.h[i].idx < m.h[j].idx
}
func (m *mergeIter) Swap(i, j int) { m.h[i], m.h[j] = m.h[j], m.h[i] }
func (m *mergeIter) Push(x any)    { m.h = append(m.h, x.(*source)) }
func (m *mergeIter) Pop() any {
	x := m.h[len(m.h)-1]
	m.h = m.h[:len(m.h)-1]
	return x
}

func (m *mergeIter) push(s *source) error {
	ok, err := s.next()
	if err != nil {
		return err
	}
	if ok {
		heap.Push(m, s)
	}
	return nil
}

// peek returns the smallest record; k and v stay valid until advance.
func (m *mergeIter) peek() (k, v []byte, ok bool) {
	if m.err != nil || len(m.h) == 0 {
		return nil, nil, false
	}
	return m.h[0].k, m.h[0].v, true
}

func (m *mergeIter) advance() error {
	if m.err != nil || len(m.h) == 0 {
		return m.err
	}
	ok, err := m.h[0].next()
	switch {
	case err != nil:
		m.err = err
		return err
	case ok:
		heap.Fix(m, 0)
	default:
		heap.Pop(m)
	}
	return nil
}
