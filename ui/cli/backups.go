package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"shuangsui/store"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

func init() {
	register(&Command{
		Name:   "backups",
		Usage:  "[--keep N] [--check]",
		HelpZH: "列出数据库旁的自动备份(导入前、封存后、恢复前各取一份), --check 逐个检查, --keep 设置保留份数 (0 为不自动备份)",
		HelpEN: "list the automatic backups beside the database (taken before imports, after seals, before restores); --check checks each, --keep sets how many are kept (0: none)",
		Run:    runBackups,
	})
	register(&Command{
		Name:   "restore",
		Usage:  "BACKUP.db [--yes]",
		HelpZH: "用备份替换数据库: 先检查备份, 说明将替换什么并要求确认; 被替换的数据库先另存为备份",
		HelpEN: "replace the database by a backup: the backup is checked first, what is replaced is stated and must be confirmed; the replaced database is kept as a backup",
		Run:    runRestore,
	})
}

func runBackups(env *Env, args []string) error {
	fs := newFlags(env, "backups")
	keep := fs.Int("keep", -1, "保留的自动备份份数 (number of automatic backups kept)")
	check := fs.Bool("check", false, "逐个检查备份 (check each backup)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	l := env.Lang
	setKeep := false
	fs.Visit(func(f *flag.Flag) { setKeep = setKeep || f.Name == "keep" })
	if setKeep && (*keep < 0 || *keep > 1000) {
		return usagef(l.T("--keep %d: 应为 0 到 1000", "--keep %d: must be 0 to 1000"), *keep)
	}
	// The list is read from the folder, so it works while another window
	// holds the database; only the number kept needs the database itself.
	path, kept := dbPath(env), ""
	db, err := openDB(env)
	switch {
	case errors.Is(err, store.ErrLocked) && !setKeep:
		kept = l.T("数据库正被另一个窗口使用, 未读取保留份数", "the database is open in another window; the number kept was not read")
	case err != nil:
		return err
	default:
		if setKeep {
			err = db.SetBackupsKept(*keep)
		}
		n, kerr := db.BackupsKept()
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = kerr
		}
		if err != nil {
			return err
		}
		kept = fmt.Sprintf(l.T("保留最近 %d 份", "the newest %d are kept"), n)
	}
	list, err := store.ListBackups(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, l.T("数据库: %s\n备份文件夹: %s (%s)\n", "database: %s\nbackup folder: %s (%s)\n"), path, store.BackupDir(path), kept)
	if len(list) == 0 {
		fmt.Fprintln(env.Stdout, l.T("还没有自动备份。", "no automatic backups yet."))
		return nil
	}
	for _, b := range list {
		reason := b.ReasonText(l == lang.EN)
		reason += strings.Repeat(" ", max(0, 30-runewidth.StringWidth(reason)))
		line := fmt.Sprintf("  %s  %s %8s  %s", b.Taken.Local().Format("2006-01-02 15:04:05"), reason, common.SizeText(b.Size), b.Path)
		if *check {
			line += "  " + backupVerdict(l, b.Path)
		}
		fmt.Fprintln(env.Stdout, line)
	}
	return nil
}

// backupVerdict checks one backup and says so in a few words.
func backupVerdict(l lang.Lang, path string) string {
	problems, err := store.CheckFile(path)
	switch {
	case err != nil:
		return l.T("无法检查: ", "cannot check: ") + err.Error()
	case len(problems) > 0:
		return fmt.Sprintf(l.T("✗ %d 处问题: %s", "✗ %d problems: %s"), len(problems), problems[0])
	}
	return l.T("✓ 完好", "✓ sound")
}

// newestGoodBackup names the newest backup of the database at path that
// passes its check, for check's advice; "" when there is none.
func newestGoodBackup(path string) string {
	list, err := store.ListBackups(path)
	if err != nil {
		return ""
	}
	for _, b := range list {
		if problems, err := store.CheckFile(b.Path); err == nil && len(problems) == 0 {
			return b.Path
		}
	}
	return ""
}

func runRestore(env *Env, args []string) error {
	fs := newFlags(env, "restore")
	yes := fs.Bool("yes", false, "不再询问, 直接恢复 (do not ask)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	l := env.Lang
	if len(pos) != 1 {
		return usagef("%s", l.T("用法: restore 备份文件.db [--yes]", "usage: restore BACKUP.db [--yes]"))
	}
	from, path := pos[0], dbPath(env)
	fi, err := os.Stat(from)
	if err != nil {
		return fmt.Errorf(l.T("备份文件 %s 无法读取: %w", "backup %s cannot be read: %w"), from, err)
	}
	fmt.Fprintf(env.Stdout, l.T("将用备份 %s (%s, 修改于 %s)\n替换数据库 %s", "the backup %s (%s, modified %s)\nwill replace the database %s"), from, common.SizeText(fi.Size()), fi.ModTime().Format("2006-01-02 15:04:05"), path)
	if cur, err := os.Stat(path); err == nil {
		fmt.Fprintf(env.Stdout, l.T(" (%s, 修改于 %s)。\n现有数据库会先另存到 %s。\n", " (%s, modified %s).\nThe database is first kept in %s.\n"), common.SizeText(cur.Size()), cur.ModTime().Format("2006-01-02 15:04:05"), store.BackupDir(path))
	} else {
		fmt.Fprintln(env.Stdout, l.T(" (目前不存在)。", " (it does not exist now)."))
	}
	if !*yes {
		fmt.Fprint(env.Stdout, l.T("输入 yes 确认恢复: ", "type yes to restore: "))
		answer, _ := bufio.NewReader(env.Stdin).ReadString('\n')
		if strings.TrimSpace(strings.ToLower(answer)) != "yes" {
			return fmt.Errorf("%s", l.T("未确认, 数据库没有任何改变", "not confirmed; the database is unchanged"))
		}
	}
	kept, err := store.Restore(path, from, time.Now())
	if err != nil {
		return err
	}
	if kept == "" {
		fmt.Fprintln(env.Stdout, l.T("已恢复。", "restored."))
	} else {
		fmt.Fprintf(env.Stdout, l.T("已恢复。原数据库另存为 %s\n", "restored. The database it replaced is kept as %s\n"), kept)
	}
	return nil
}
