package cli

import (
	"fmt"

	"shuangsui/store"
)

func init() {
	register(&Command{
		Name:   "org",
		Usage:  "[--level city|county]",
		HelpZH: "本单位级别: city 市级统计局(执法人员不检查其所属县,默认)或 county 县级统计局(可选派本县执法人员);记入此后每次抽取的名录,verify 据以复核",
		HelpEN: "the organisation's level: city bureau (no inspector inspects his own county; the default) or county bureau (its own staff allowed); fixed in every later frame, re-derived by verify",
		Run:    runOrg,
	})
}

func runOrg(env *Env, args []string) error {
	fs := newFlags(env, "org")
	level := fs.String("level", "", "city 市级 | county 县级 (set the level)")
	db, err := parseAndOpen(env, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	if *level != "" {
		if err := db.SetOrgLevel(*level); err != nil {
			return &UsageError{Msg: err.Error()}
		}
	}
	cur, err := db.OrgLevel()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "本单位: %s\n", store.OrgLevelName(cur))
	return nil
}
