package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Automatic backups. Before every import that writes to a library, after
// every seal and before a restore, the store copies the whole database
// (Backup: a consistent hot copy, fsynced, mode 0600) into the folder
// BackupDir beside the file, and keeps the newest BackupsKept of them
// (setting "backup_keep", default DefaultBackupsKept; 0 turns automatic
// backups off). An import that changed nothing removes the copy it took.
//
// A backup's file name says when, in what order and why it was taken:
//
//	20261202T013827.123Z-0007-before-import-units.db
//	20261202T020012.004Z-0008-after-seal-2026-12-02-001.db
//
// the time in UTC, a sequence number one above the highest in the folder
// (the order, even when the clock is set back), then the reason.
// ListBackups reads the folder, newest first; Restore puts one back.

// SettingBackupKeep holds how many automatic backups are kept (decimal).
const SettingBackupKeep = "backup_keep"

// DefaultBackupsKept is the number of automatic backups kept when the
// setting is absent.
const DefaultBackupsKept = 10

const backupTimeLayout = "20060102T150405.000Z"

// BackupDir is the folder of automatic backups of the database at dbPath:
// dbPath + ".backups".
func BackupDir(dbPath string) string { return dbPath + ".backups" }

// BackupInfo describes one automatic backup.
type BackupInfo struct {
	Path   string
	Taken  time.Time // from the file name
	Seq    int       // the order in which backups were taken
	Reason string    // as in the file name: before-import-units, after-seal-ID, before-restore
	Size   int64
}

// ReasonText says in Chinese (or English) when the backup was taken.
func (b BackupInfo) ReasonText(english bool) string {
	r := b.Reason
	pick := func(zh, en string) string {
		if english {
			return en
		}
		return zh
	}
	switch {
	case strings.HasPrefix(r, "before-import-"):
		what := strings.TrimPrefix(r, "before-import-")
		return pick("导入"+libraryNames[what]+"前", "before importing "+what)
	case strings.HasPrefix(r, "after-seal-"):
		id := strings.TrimPrefix(r, "after-seal-")
		return pick("封存仪式 "+id+" 后", "after sealing ceremony "+id)
	case r == ReasonManual:
		return pick("手动备份", "taken by hand")
	case r == "before-restore":
		return pick("恢复备份前", "before a restore")
	case r == "before-restore-damaged":
		return pick("恢复备份前(已损坏的数据库)", "before a restore (the damaged database)")
	}
	return r
}

// libraryNames name each library by the bucket that holds it.
var libraryNames = map[string]string{
	"counties": "县(市、区)", "units": "检查对象", "inspectors": "执法检查人员",
	"matters": "抽查事项", "inspections": "检查历史",
}

// BackupsKept returns the number of automatic backups to keep.
func (db *DB) BackupsKept() (int, error) {
	v, err := db.Setting(SettingBackupKeep)
	if err != nil || v == nil {
		return DefaultBackupsKept, err
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("设置 %s 的值 %q 无效", SettingBackupKeep, v)
	}
	return n, nil
}

// SetBackupsKept sets the number of automatic backups to keep (0: none)
// and removes the oldest ones beyond it.
func (db *DB) SetBackupsKept(n int) error {
	if n < 0 || n > 1000 {
		return fmt.Errorf("保留的备份数 %d 无效 (0 到 1000)", n)
	}
	if err := db.PutSetting(SettingBackupKeep, []byte(strconv.Itoa(n))); err != nil {
		return err
	}
	return pruneBackups(db.path, n)
}

// AutoBackup takes an automatic backup for reason (see the comment at the
// top of this file) and returns its path, or "" when automatic backups are
// turned off.
func (db *DB) AutoBackup(reason string) (string, error) {
	keep, err := db.BackupsKept()
	if err != nil || keep == 0 {
		return "", err
	}
	path, err := db.writeBackup(reason)
	if err != nil {
		return "", fmt.Errorf("自动备份: %w", err)
	}
	if err := pruneBackups(db.path, keep); err != nil {
		return path, err
	}
	return path, nil
}

// ReasonManual is the reason of a backup taken by hand (the b key on Home).
const ReasonManual = "manual"

// ManualBackup takes a backup now into the backup folder, even when
// automatic backups are turned off, keeps the newest ones as AutoBackup
// does (at least this one) and returns its path. The draw screens offer it
// because no other window can copy the database while they hold it.
func (db *DB) ManualBackup() (string, error) {
	path, err := db.writeBackup(ReasonManual)
	if err != nil {
		return "", fmt.Errorf("备份: %w", err)
	}
	keep, err := db.BackupsKept()
	if err != nil {
		return path, err
	}
	return path, pruneBackups(db.path, max(1, keep))
}

// importBackup takes the automatic backup before an import of the library
// in bucket that will write (not a dry run); the function it returns,
// called with the import's outcome, removes the backup again when the
// import failed or changed nothing.
func (db *DB) importBackup(bucket []byte, opt ImportOptions) (func(ImportSummary, error), error) {
	if opt.DryRun {
		return func(ImportSummary, error) {}, nil
	}
	path, err := db.AutoBackup("before-import-" + string(bucket))
	if err != nil {
		return nil, err
	}
	return func(sum ImportSummary, err error) {
		if path != "" && (err != nil || sum.Added+sum.Updated+sum.Deactivated == 0) {
			os.Remove(path)
		}
	}, nil
}

// ListBackups returns the automatic backups of the database at dbPath,
// newest first. A missing folder is no backups.
func ListBackups(dbPath string) ([]BackupInfo, error) {
	dir := BackupDir(dbPath)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("读取备份文件夹 %s: %w", dir, err)
	}
	var list []BackupInfo
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			continue
		}
		b, ok := parseBackupName(name)
		if !ok {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("读取备份 %s: %w", name, err)
		}
		b.Path, b.Size = filepath.Join(dir, name), fi.Size()
		list = append(list, b)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Seq > list[j].Seq })
	return list, nil
}

// parseBackupName reads time, sequence and reason from a backup's name.
func parseBackupName(name string) (BackupInfo, bool) {
	rest, ok := strings.CutSuffix(name, ".db")
	if !ok || len(rest) < len(backupTimeLayout)+7 {
		return BackupInfo{}, false
	}
	taken, err := time.Parse(backupTimeLayout, rest[:len(backupTimeLayout)])
	if err != nil {
		return BackupInfo{}, false
	}
	seqText, reason, ok := strings.Cut(rest[len(backupTimeLayout)+1:], "-")
	seq, err := strconv.Atoi(seqText)
	if !ok || err != nil || seq < 0 || reason == "" {
		return BackupInfo{}, false
	}
	return BackupInfo{Taken: taken, Seq: seq, Reason: reason}, true
}

func pruneBackups(dbPath string, keep int) error {
	list, err := ListBackups(dbPath)
	if err != nil {
		return err
	}
	for _, b := range list[min(keep, len(list)):] {
		if err := os.Remove(b.Path); err != nil {
			return fmt.Errorf("删除旧备份 %s: %w", b.Path, err)
		}
	}
	return nil
}

// CheckFile checks the database file at path without changing it: its page
// structure, and, when that is sound, everything Check verifies. It opens
// the file read-only, so it can check a backup while the database itself
// is open.
func CheckFile(path string) ([]string, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("检查 %s: %w", path, err)
	}
	warnings, err := preflight(path)
	if err != nil {
		return []string{err.Error()}, nil
	}
	if len(warnings) > 0 {
		return warnings, nil
	}
	structural, err := walkFile(path)
	if err != nil {
		return nil, fmt.Errorf("检查 %s: %w", path, err)
	}
	if len(structural) > 0 {
		return structural, nil
	}
	bdb, err := openBoltReadOnly(path)
	if err != nil {
		return []string{err.Error()}, nil
	}
	db := &DB{bolt: guardedBolt{DB: bdb, path: path}, path: path, now: time.Now}
	defer bdb.Close()
	return db.Check()
}

func openBoltReadOnly(path string) (bdb *bolt.DB, err error) {
	defer protect(path, &err)()
	return bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
}

// Restore replaces the database at dbPath by the backup at from, after
// checking that the backup is sound. The database must not be open in any
// window. What it replaces is first copied as it is into the backup folder
// (reason before-restore, or before-restore-damaged when it cannot be
// opened) and that copy's path returned. The backup is copied beside
// dbPath, fsynced and renamed into place, so a failure leaves the database
// as it was.
func Restore(dbPath, from string, now time.Time) (kept string, err error) {
	if abs1, err1 := filepath.Abs(dbPath); err1 == nil {
		if abs2, err2 := filepath.Abs(from); err2 == nil && abs1 == abs2 {
			return "", fmt.Errorf("恢复: 备份 %s 就是数据库本身", from)
		}
	}
	problems, err := CheckFile(from)
	if err != nil {
		return "", err
	}
	if len(problems) > 0 {
		return "", fmt.Errorf("恢复: 备份 %s 本身有问题, 未做任何改变: %s", from, strings.Join(problems, "; "))
	}
	if _, err := os.Stat(dbPath); err == nil {
		// Opening takes the file lock: a database open in another window
		// is refused here. The file is then copied as it is, damaged or not.
		reason := "before-restore"
		db, err := Open(dbPath, Options{})
		switch {
		case err == nil:
			db.Close()
		case errors.Is(err, ErrCorrupt):
			reason = "before-restore-damaged"
		default:
			return "", fmt.Errorf("恢复: %w", err)
		}
		if kept, err = nextBackupPath(dbPath, reason, now); err == nil {
			err = copyFile(dbPath, kept)
		}
		if err != nil {
			return "", fmt.Errorf("恢复: 先保存现有数据库: %w", err)
		}
	}
	tmp := dbPath + ".restore-" + strconv.Itoa(os.Getpid())
	if err := copyFile(from, tmp); err != nil {
		os.Remove(tmp)
		return kept, fmt.Errorf("恢复: 复制 %s: %w", from, err)
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return kept, fmt.Errorf("恢复: 替换 %s: %w", dbPath, err)
	}
	return kept, nil
}

// writeBackup writes a backup for reason into the backup folder, whatever
// the setting says, and returns its path.
func (db *DB) writeBackup(reason string) (string, error) {
	path, err := nextBackupPath(db.path, reason, db.now())
	if err != nil {
		return "", err
	}
	return path, db.Backup(path)
}

// nextBackupPath names the next backup of the database at dbPath (see the
// comment at the top of this file), creating the folder if needed.
func nextBackupPath(dbPath, reason string, now time.Time) (string, error) {
	dir := BackupDir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("创建文件夹 %s: %w", dir, err)
	}
	list, err := ListBackups(dbPath)
	if err != nil {
		return "", err
	}
	seq := 1
	if len(list) > 0 {
		seq = list[0].Seq + 1
	}
	return filepath.Join(dir, fmt.Sprintf("%s-%04d-%s.db", now.UTC().Format(backupTimeLayout), seq, reason)), nil
}

// copyFile copies src to dst (mode 0600), fsynced.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
