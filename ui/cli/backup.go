package cli

import (
	"fmt"
	"os"
)

func init() {
	register(&Command{
		Name:   "backup",
		Usage:  "OUT.db",
		HelpZH: "备份数据库到 OUT.db (权限 0600);数据库须未被其他窗口打开,抽取界面开着时在其中按 b 备份",
		HelpEN: "copy the database to OUT.db (mode 0600); the database must not be open in another window: while the draw screens are open, press b in them",
		Run: func(env *Env, args []string) error {
			fs := newFlags(env, "backup")
			pos, err := parseFlags(fs, args)
			if err != nil {
				return err
			}
			if len(pos) != 1 {
				return usagef("%s", env.Lang.T("用法: backup OUT.db", "usage: backup OUT.db"))
			}
			db, err := openDB(env)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.Backup(pos[0]); err != nil {
				return err
			}
			fi, err := os.Stat(pos[0])
			if err != nil {
				return fmt.Errorf("备份后读取 %s: %w", pos[0], err)
			}
			fmt.Fprintf(env.Stdout, env.Lang.T("已将 %s 备份到 %s (%d 字节)\n", "backed up %s to %s (%d bytes)\n"), db.Path(), pos[0], fi.Size())
			return nil
		},
	})
}
