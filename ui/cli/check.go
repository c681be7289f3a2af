package cli

import (
	"errors"
	"fmt"
	"strings"

	"shuangsui/store"
)

func init() {
	register(&Command{
		Name:   "check",
		HelpZH: "检查数据库文件一致性并校验每个仪式的哈希链",
		HelpEN: "check the database file's consistency and every ceremony's hash chain",
		Run: func(env *Env, args []string) error {
			fs := newFlags(env, "check")
			pos, err := parseFlags(fs, args)
			if err != nil {
				return err
			}
			if len(pos) != 0 {
				return usagef("%s", env.Lang.T("用法: check (不带参数)", "usage: check (no arguments)"))
			}
			db, err := openDB(env)
			if errors.Is(err, store.ErrCorrupt) {
				// Say what is damaged, read-only, and where to turn.
				problems, _ := store.CheckFile(dbPath(env))
				for _, p := range problems {
					fmt.Fprintln(env.Stdout, "  ✗ "+p)
				}
				adviseBackup(env)
				return err
			} else if err != nil {
				return err
			}
			defer db.Close()
			problems, err := db.Check()
			if err != nil {
				adviseBackup(env)
				return err
			}
			list, err := db.Ceremonies()
			if err != nil {
				return err
			}
			l := env.Lang
			fmt.Fprintf(env.Stdout, l.T("数据库: %s\n", "database: %s\n"), db.Path())
			sealed := 0
			for _, c := range list {
				if c.Sealed {
					sealed++
				}
			}
			fmt.Fprintf(env.Stdout, l.T("仪式: %d 个 (已封存 %d 个)\n", "ceremonies: %d (%d sealed)\n"), len(list), sealed)
			if len(problems) == 0 {
				fmt.Fprintln(env.Stdout, l.T("未发现问题。", "no problems found."))
				return nil
			}
			for _, p := range problems {
				fmt.Fprintln(env.Stdout, "  ✗ "+p)
			}
			nameChangedRecords(env, db)
			adviseBackup(env)
			return fmt.Errorf(l.T("发现 %d 处问题", "%d problems found"), len(problems))
		},
	})
}

// adviseBackup names the newest backup that passes its own check, the way
// back from damage; check itself changes nothing.
func adviseBackup(env *Env) {
	l := env.Lang
	if good := newestGoodBackup(dbPath(env)); good != "" {
		fmt.Fprintf(env.Stdout, l.T("最新的完好备份: %s\n恢复: shuangsui restore %s\n", "newest sound backup: %s\nto restore it: shuangsui restore %s\n"), good, good)
	} else {
		fmt.Fprintln(env.Stdout, l.T("没有找到完好的自动备份 (shuangsui backups --check 列出全部)。", "no sound automatic backup was found (shuangsui backups --check lists them all)."))
	}
}

// nameChangedRecords names, for each library or index whose fingerprint no
// longer matches, the records that differ from the newest sound backup:
// the fingerprint says that something changed, the backup says where.
func nameChangedRecords(env *Env, db *store.DB) {
	l := env.Lang
	changed, err := db.ChangedLibraries()
	if err != nil || len(changed) == 0 {
		return
	}
	good := newestGoodBackup(db.Path())
	if good == "" {
		return
	}
	for _, name := range changed {
		keys, total, err := db.DiffWithBackup(good, name, 10)
		switch {
		case err != nil:
			fmt.Fprintf(env.Stdout, l.T("  %s: 无法与备份比较: %v\n", "  %s: cannot compare with the backup: %v\n"), name, err)
		case total == 0:
			fmt.Fprintf(env.Stdout, l.T("  %s: 与最新的完好备份相同(损坏的可能是记下的指纹)\n", "  %s: the same as the newest sound backup (the recorded fingerprint may be what is damaged)\n"), name)
		default:
			fmt.Fprintf(env.Stdout, l.T("  %s: 与最新的完好备份相比有 %d 条记录不同(也包括备份之后程序正常写入的改动): %s\n",
				"  %s: %d records differ from the newest sound backup (changes the program made after the backup included): %s\n"), name, total, strings.Join(keys, ", "))
		}
	}
}
