package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"shuangsui/store/filecheck"
)

// Errors callers may test with errors.Is.
var (
	// ErrLocked: the file is open in another window (or process).
	ErrLocked = errors.New("数据库正被另一个窗口使用")
	// ErrNewerSchema: the file was written by a newer shuangsui.
	ErrNewerSchema = errors.New("数据库由更新版本的双随创建")
	// ErrNotFound: the record asked for does not exist.
	ErrNotFound = errors.New("未找到")
)

// Options configure a DB.
type Options struct {
	// Now is the clock for ceremony names, step times and default dates;
	// nil means time.Now.
	Now func() time.Time
}

// DB is an open shuangsui database file. Its methods are safe for
// concurrent use (bbolt serialises writers).
type DB struct {
	bolt guardedBolt
	path string
	now  func() time.Time
	// importMu serialises the writing phase of bulk imports (they share
	// the staging bucket; see staging.go).
	importMu sync.Mutex
	// warnings found while opening (see Warnings).
	warnings []string
}

// Warnings are what Open found wrong with the file that did not stop it:
// today, one damaged meta page (bbolt then opens the file as the other one
// left it, which may be one write earlier). Callers show them.
func (db *DB) Warnings() []string { return db.warnings }

// Bucket names.
var (
	bMeta         = []byte("meta")
	bCounties     = []byte("counties")
	bUnits        = []byte("units")
	bInspectors   = []byte("inspectors")
	bMatters      = []byte("matters")
	bInspections  = []byte("inspections")
	bSettings     = []byte("settings")
	bCeremonies   = []byte("ceremonies")
	bCeremonyMeta = []byte("ceremony_meta")
	bDrawn        = []byte("drawn") // date NUL unit NUL ceremony → nil; see Drawn

	kSchema = []byte("schema_version")
)

// DefaultPath is os.UserConfigDir()/shuangsui/shuangsui.db, or
// shuangsui.db in the working directory when the system has no per-user
// configuration directory (no $HOME).
func DefaultPath() string {
	dir, err := os.UserConfigDir()
	if err != nil || dir == "" {
		return "shuangsui.db"
	}
	return filepath.Join(dir, "shuangsui", "shuangsui.db")
}

// Open opens or creates the database at path and brings its schema up to
// date. Every error it returns names the file (path) once, so callers
// return it as it is. See the package comment for locking and migrations.
func Open(path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("打开数据库: 未指定文件路径")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("创建数据库目录 %s: %w", filepath.Dir(path), err)
	}
	warnings, err := preflight(path)
	if err != nil {
		return nil, err
	}
	bdb, err := openBolt(path)
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, &lockedError{path: path}
		case errors.Is(err, ErrCorrupt):
			return nil, err
		case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
			return nil, &corruptError{path: path, cause: "不是可用的 bbolt 数据库文件 (" + err.Error() + "); 也可能是别的程序的文件"}
		}
		return nil, fmt.Errorf("打开数据库 %s: %w", path, err)
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(path, 0o600); err != nil {
				bdb.Close()
				return nil, fmt.Errorf("设置数据库文件权限 %s: %w", path, err)
			}
		}
	}
	db := &DB{bolt: guardedBolt{DB: bdb, path: path}, path: path, now: opt.Now, warnings: warnings}
	if db.now == nil {
		db.now = time.Now
	}
	if err := db.migrate(); err != nil {
		bdb.Close()
		return nil, err
	}
	if err := db.cleanupImports(); err != nil {
		bdb.Close()
		return nil, err
	}
	return db, nil
}

// preflight refuses an existing file that bbolt could not open safely: an
// empty one (bbolt would quietly make a new database of it) or one whose
// meta pages or freelist are damaged (bbolt would fault reading them, with
// the file lock already taken). A missing file is left to bbolt to create.
// It returns, as warnings, the damage bbolt survives silently: one damaged
// meta page.
func preflight(path string) (warnings []string, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("打开数据库 %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("打开数据库 %s: %w", path, err)
	}
	if fi.Size() == 0 {
		return nil, &corruptError{path: path, cause: "文件长度为 0 字节, 其中没有任何数据"}
	}
	problems, warnings := filecheck.Preflight(f, fi.Size())
	if len(problems) > 0 {
		return nil, &corruptError{path: path, cause: strings.Join(problems, "; ")}
	}
	for i, w := range warnings {
		warnings[i] = "数据库文件 " + path + " 的" + w + ": bbolt 按另一个元数据页打开, 最后一次写入可能已丢失; 请运行 shuangsui check, 必要时用备份恢复 (shuangsui backups)"
	}
	return warnings, nil
}

// openBolt opens the file with bbolt, guarded: bbolt reads the meta pages and
// the freelist while it opens, and a damaged one must not crash the program.
func openBolt(path string) (bdb *bolt.DB, err error) {
	defer protect(path, &err)()
	return bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
}

type lockedError struct{ path string }

func (e *lockedError) Error() string { return "数据库正被另一个窗口使用 (" + e.path + ")" }
func (e *lockedError) Is(target error) bool {
	return target == ErrLocked || target == berrors.ErrTimeout
}

// Close closes the file and releases its lock.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("关闭数据库 %s: %w", db.path, err)
	}
	return nil
}

// Path is the file the DB was opened from.
func (db *DB) Path() string { return db.path }

// migration brings the schema from version i-1 to i (its index + 1).
type migration struct {
	what string
	run  func(tx *bolt.Tx) error
	// runDB, when set, runs instead of run: for a migration that appends
	// chain steps, which needs the database's clock.
	runDB func(db *DB, tx *bolt.Tx) error
}

// migrations are applied in order; never edit or reorder a released one,
// only append.
var migrations = []migration{
	{what: "创建存储桶", run: func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bMeta, bCounties, bUnits, bInspectors, bMatters, bInspections, bSettings, bCeremonies, bCeremonyMeta} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("创建存储桶 %s: %w", name, err)
			}
		}
		return nil
	}},
	{what: "写入默认单位类别与专业列表", run: func(tx *bolt.Tx) error {
		b := tx.Bucket(bSettings)
		for key, list := range map[string][]string{SettingCategories: DefaultCategories, SettingSpecialties: DefaultSpecialties} {
			if b.Get([]byte(key)) != nil {
				continue
			}
			v, err := jsonMarshal(list)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(key), v); err != nil {
				return fmt.Errorf("写入设置 %s: %w", key, err)
			}
		}
		return nil
	}},
	{"创建检查结果、行政处罚与移送存储桶,写入统计专项发现列表", migrateResults, nil},
	{"建立已封存仪式抽中单位的索引(不重复抽取)", migrateDrawn, nil},
	{"把检查结果、公示、行政处罚、移送与严重失信认定写成仪式哈希链中的步骤", nil, migrateEntries},
	{"名录变动记录开始记下每个名录的指纹; 记下各索引的指纹", nil, func(db *DB, tx *bolt.Tx) error {
		if err := migrateLibraryBaseline(db, tx); err != nil {
			return err
		}
		return migrateIndexSums(tx)
	}},
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = len(migrations)

// schemaVersion reads the stored version: 0 for an empty file.
func schemaVersion(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		empty := true
		if err := tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil }); err != nil {
			return 0, err
		}
		if !empty {
			return 0, errors.New("文件不是双随数据库(缺少 meta 存储桶)")
		}
		return 0, nil
	}
	v := meta.Get(kSchema)
	if v == nil {
		return 0, errors.New("文件不是双随数据库(缺少结构版本号)")
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("结构版本号 %q 无法识别", v)
	}
	return n, nil
}

func (db *DB) migrate() error {
	var have int
	if err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		have, err = schemaVersion(tx)
		return err
	}); err != nil {
		return fmt.Errorf("打开数据库 %s: %w", db.path, err)
	}
	if have > SchemaVersion {
		return fmt.Errorf("数据库 %s 的结构版本为 %d,本程序只支持到 %d,请使用更新版本的双随打开它(文件未作任何改动): %w",
			db.path, have, SchemaVersion, ErrNewerSchema)
	}
	if have == SchemaVersion {
		return nil
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for i := have; i < SchemaVersion; i++ {
			m := migrations[i]
			run := m.run
			if m.runDB != nil {
				run = func(tx *bolt.Tx) error { return m.runDB(db, tx) }
			}
			if err := run(tx); err != nil {
				return fmt.Errorf("升级到结构版本 %d (%s): %w", i+1, migrations[i].what, err)
			}
		}
		return tx.Bucket(bMeta).Put(kSchema, []byte(strconv.Itoa(SchemaVersion)))
	})
	if err != nil {
		return fmt.Errorf("升级数据库 %s: %w", db.path, err)
	}
	return nil
}

// clone copies a byte slice out of a transaction.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return bytes.Clone(b)
}
