package store

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ImportMode says what happens to stored records an import does not list.
type ImportMode int

const (
	// Merge adds and updates the listed records and leaves the rest alone.
	Merge ImportMode = iota
	// Replace also marks every stored record the import does not list as
	// no longer in the library (see the package comment); nothing is
	// deleted.
	Replace
)

// ImportOptions control an Import* call.
type ImportOptions struct {
	Mode   ImportMode
	DryRun bool // do all the work and report, then write nothing
	// By and Source (who imports, which file) go into the library log.
	By, Source string
	// Keep names fields of a stored unit that an imported one with the
	// same id does not replace: its file had no column for them (see
	// KeepUnitFields). Other kinds ignore it. KeepFn, if set, is called
	// once every record has been put and its result used as Keep (the
	// file's columns are known only once it has been read).
	Keep   []string
	KeepFn func() []string
	// Confirm, if set, is called with the summary once it is known and
	// before anything is written (not for DryRun); an error from it stops
	// the import, nothing is written, and the import returns that error.
	Confirm func(ImportSummary) error
}

// ImportSummary counts what an import did (or, with DryRun, would do).
type ImportSummary struct {
	Added, Updated, Unchanged, Deactivated int
}

// importer is one kind of record's part of an import.
type importer[T any] struct {
	bucket []byte                                                                   // the library it writes
	what   string                                                                   // "区县", "单位", …
	put    func(tx *bolt.Tx, rec T, seen map[string]bool, sum *ImportSummary) error // validate, store, mark seen
	// finish, if set, runs after fill succeeded (to write batched records).
	finish func(tx *bolt.Tx, sum *ImportSummary) error
	// deactivate handles Replace mode after all records were put.
	deactivate func(tx *bolt.Tx, seen map[string]bool, sum *ImportSummary) error
}

// errAbort is what put returns once an earlier put has failed; the import
// fails with the first error even when fill swallows it.
var errAbort = errors.New("导入已中止")

func runImport[T any](db *DB, opt ImportOptions, fill func(put func(T) error) error, im importer[T]) (ImportSummary, error) {
	done, err := db.importBackup(im.bucket, opt)
	if err != nil {
		return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", im.what, err)
	}
	sum, err := runImportTx(db, opt, fill, im)
	done(sum, err)
	return sum, err
}

// runImportTx is runImport after the automatic backup.
func runImportTx[T any](db *DB, opt ImportOptions, fill func(put func(T) error) error, im importer[T]) (_ ImportSummary, err error) {
	defer protect(db.path, &err)()
	var sum ImportSummary
	if fill == nil {
		return sum, fmt.Errorf("导入%s: 没有数据来源", im.what)
	}
	if opt.Mode != Merge && opt.Mode != Replace {
		return sum, fmt.Errorf("导入%s: 导入方式 %d 无法识别", im.what, opt.Mode)
	}
	tx, err := db.bolt.Begin(true)
	if err != nil {
		return sum, fmt.Errorf("导入%s: 开始事务: %w", im.what, err)
	}
	defer tx.Rollback() // no-op after Commit
	// These libraries are small (hundreds of records): the undo keeps a
	// copy of the whole bucket as it was.
	var old []kv
	if !opt.DryRun {
		tx.Bucket(im.bucket).ForEach(func(k, v []byte) error {
			old = append(old, kv{bytes.Clone(k), bytes.Clone(v)})
			return nil
		})
	}
	seen := map[string]bool{}
	var putErr error
	put := func(rec T) error {
		if putErr != nil {
			return fmt.Errorf("%w: %w", errAbort, putErr)
		}
		if err := im.put(tx, rec, seen, &sum); err != nil {
			putErr = err
			return err
		}
		return nil
	}
	ferr := fill(put)
	switch {
	case putErr != nil:
		return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", im.what, putErr)
	case ferr != nil:
		return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", im.what, ferr)
	}
	if im.finish != nil {
		if err := im.finish(tx, &sum); err != nil {
			return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", im.what, err)
		}
	}
	if opt.Mode == Replace {
		if im.deactivate == nil {
			return ImportSummary{}, fmt.Errorf("导入%s: 不支持替换方式", im.what)
		}
		if err := im.deactivate(tx, seen, &sum); err != nil {
			return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", im.what, err)
		}
	}
	if opt.DryRun {
		return sum, nil // the deferred Rollback discards everything
	}
	if opt.Confirm != nil {
		if err := opt.Confirm(sum); err != nil {
			return ImportSummary{}, err
		}
	}
	if sum.Added+sum.Updated+sum.Deactivated > 0 {
		if err := keepWhole(tx, im.bucket, old); err != nil {
			return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", im.what, err)
		}
		if err := db.logImport(tx, im.bucket, opt, sum, true); err != nil {
			return ImportSummary{}, fmt.Errorf("导入%s(未写入任何记录): %w", im.what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return ImportSummary{}, fmt.Errorf("导入%s: 提交: %w", im.what, err)
	}
	return sum, nil
}

func markSeen(seen map[string]bool, what, id string) error {
	if seen[id] {
		return fmt.Errorf("%s %s 在本次导入中重复出现", what, id)
	}
	seen[id] = true
	return nil
}

// upsert stores v under key and counts it as added, updated or unchanged.
func upsert(b *bolt.Bucket, key, v []byte, sum *ImportSummary) error {
	old := b.Get(key)
	switch {
	case old == nil:
		sum.Added++
	case string(old) == string(v):
		sum.Unchanged++
		return nil
	default:
		sum.Updated++
	}
	return b.Put(key, v)
}
