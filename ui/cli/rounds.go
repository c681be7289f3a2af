package cli

import (
	"fmt"

	"shuangsui/store"
)

func init() {
	register(&Command{
		Name:   "rounds",
		Usage:  "set NAME --from YYYY-MM-DD --to YYYY-MM-DD | list | remove NAME",
		HelpZH: "抽查轮次的期间(如 2026年第一轮 2026-03-01 至 2026-06-30): 期间外的抽取被拒绝,检查结束晚于期间的结果给出提示",
		HelpEN: "the period of each round (e.g. 2026年第一轮 2026-03-01 to 2026-06-30): a draw outside it is refused, a result ending after it is warned about",
		Run: func(env *Env, args []string) error {
			return dispatch(env, "rounds", args, map[string]func(*Env, []string) error{
				"set": roundsSet, "list": roundsList, "remove": roundsRemove,
			})
		},
	})
}

func oneName(pos []string, what string) (string, error) {
	switch {
	case len(pos) == 0:
		return "", usagef("需要%s", what)
	case len(pos) > 1:
		return "", usagef("多余的参数: %v(轮次名称含空格时请加引号)", pos[1:])
	}
	return pos[0], nil
}

func roundsSet(env *Env, args []string) error {
	fs := newFlags(env, "rounds set")
	from := fs.String("from", "", "起始日期 YYYY-MM-DD (first day)")
	to := fs.String("to", "", "截止日期 YYYY-MM-DD (last day)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneName(pos, "轮次名称,如 2026年第一轮")
	if err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usagef("需要 --from 与 --to")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	r := store.Round{Name: name, From: *from, To: *to}
	if err := db.PutRound(r); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "轮次“%s”的抽查期间: %s\n", name, r.Period())
	return nil
}

func roundsList(env *Env, args []string) error {
	fs := newFlags(env, "rounds list")
	db, err := parseAndOpen(env, fs, args)
	if err != nil {
		return err
	}
	defer db.Close()
	rs, err := db.Rounds()
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		fmt.Fprintln(env.Stdout, "尚未设定任何轮次的抽查期间(rounds set 名称 --from 日期 --to 日期)")
		return nil
	}
	fmt.Fprintln(env.Stdout, "轮次\t起始日期\t截止日期")
	for _, r := range rs {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\n", r.Name, r.From, r.To)
	}
	return nil
}

func roundsRemove(env *Env, args []string) error {
	fs := newFlags(env, "rounds remove")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	name, err := oneName(pos, "轮次名称")
	if err != nil {
		return err
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RemoveRound(name); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已删除轮次“%s”的抽查期间\n", name)
	return nil
}
