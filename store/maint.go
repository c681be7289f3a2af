package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
	"shuangsui/store/filecheck"
)

// Backup writes a consistent copy of the database to path while it stays
// open (bbolt's tx.CopyFile inside a read transaction). The copy is
// written beside path, fsynced and renamed into place with mode 0600, so a
// failed backup never leaves a half-written file under path.
func (db *DB) Backup(path string) error {
	if path == "" {
		return fmt.Errorf("备份: 未指定目标文件")
	}
	if abs, err := filepath.Abs(path); err == nil {
		if self, err := filepath.Abs(db.path); err == nil && abs == self {
			return fmt.Errorf("备份: 目标 %s 就是数据库本身", path)
		}
	}
	tmp := path + ".tmp-" + strconv.Itoa(os.Getpid())
	err := db.bolt.View(func(tx *bolt.Tx) error { return tx.CopyFile(tmp, 0o600) })
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Chmod(tmp, 0o600)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("备份到 %s: %w", path, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// walkFile checks the page structure of the database file at path by
// reading it (see package filecheck).
func walkFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	problems, _, err := filecheck.Walk(f, fi.Size())
	return problems, err
}

// maxProblems caps how many problems of one kind Check lists.
const maxProblems = 50

// Check runs bbolt's consistency check, decodes every stored record and
// verifies every ceremony's chain. It returns the problems found (nil when
// none); the error is for a check that could not run.
func (db *DB) Check() ([]string, error) {
	var problems []string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		// bbolt's tx.Check follows page pointers without bounds checks in a
		// goroutine of its own, where a fault cannot be caught: the page
		// structure is checked from the file first, and nothing more is
		// read from a file whose structure is damaged.
		if structural, err := walkFile(db.path); err != nil {
			return err
		} else if len(structural) > 0 {
			for _, p := range structural {
				problems = append(problems, "文件结构: "+p)
			}
			problems = append(problems, "文件结构已损坏, 未再读取其中的记录; 请用备份恢复 (shuangsui backups, shuangsui restore)")
			return nil
		}
		n := 0
		for e := range tx.Check() {
			if n++; n <= maxProblems {
				problems = append(problems, "bbolt 一致性: "+e.Error())
			}
		}
		if n > maxProblems {
			problems = append(problems, fmt.Sprintf("bbolt 一致性: 另有 %d 处问题未列出", n-maxProblems))
		}
		if v, err := schemaVersion(tx); err != nil || v != SchemaVersion {
			problems = append(problems, fmt.Sprintf("结构版本: %d, 应为 %d (%v)", v, SchemaVersion, err))
			return nil // buckets may be missing; nothing more to read safely
		}
		bad := 0
		note := func(err error) {
			if bad++; bad <= maxProblems {
				problems = append(problems, err.Error())
			}
		}
		if _, err := readCounties(tx); err != nil {
			note(err)
		}
		if _, err := readInspectors(tx); err != nil {
			note(err)
		}
		if _, err := latestMatters(tx.Bucket(bMatters)); err != nil {
			note(err)
		}
		tx.Bucket(bUnits).ForEach(func(k, v []byte) error {
			if u, err := decodeUnit(v); err != nil {
				note(fmt.Errorf("单位 %s: %w", k, err))
			} else if u.ID != string(k) {
				note(fmt.Errorf("单位 %s: 记录中的代码为 %s", k, u.ID))
			}
			return nil
		})
		var sealed []sealedReplay // for checkDrawnIndex, replayed from the steps read here
		tx.Bucket(bCeremonies).ForEach(func(k, _ []byte) error {
			steps, meta, err := readSteps(tx, string(k))
			if err != nil {
				note(err)
				return nil
			}
			if sealedBy(meta.LastKind) {
				if c, err := replaySealed(string(k), steps); err == nil {
					sealed = append(sealed, sealedReplay{string(k), c})
				}
			}
			return nil
		})
		tx.Bucket(bCeremonyMeta).ForEach(func(k, _ []byte) error {
			if tx.Bucket(bCeremonies).Bucket(k) == nil {
				note(fmt.Errorf("仪式 %s: 有概要记录但步骤日志缺失(整个仪式被删除)", k))
			}
			return nil
		})
		for _, err := range checkDrawnIndex(tx, sealed) {
			note(err)
		}
		for _, err := range checkLibraries(tx) {
			note(err)
		}
		for _, err := range indexProblems(tx, indexes...) {
			note(err)
		}
		penalties := &sampling.Ledger{}
		tx.Bucket(bLogs).ForEach(func(k, _ []byte) error {
			if string(k) != LogPenalties {
				note(fmt.Errorf("日志 %s: 不是本程序的日志", k))
				return nil
			}
			ch, err := penaltyChain(tx)
			if err != nil {
				note(err)
				return nil
			}
			penalties = ch.ledger
			return nil
		})
		for _, err := range checkIndex(tx, sealed, penalties) {
			note(err)
		}
		if bad > maxProblems {
			problems = append(problems, fmt.Sprintf("另有 %d 处记录问题未列出", bad-maxProblems))
		}
		return nil
	})
	if err != nil {
		return problems, fmt.Errorf("检查数据库 %s: %w", db.path, err)
	}
	return problems, nil
}
