package cli

import (
	"fmt"

	"shuangsui/store"
)

// penaltiesDue lists the penalties by their 双公示 deadline: 7 working days
// after the decision.
func penaltiesDue(env *Env, args []string) error {
	fs := newFlags(env, "penalties due")
	asOf := addAsOfFlags(fs, "按此日期判断 YYYY-MM-DD,默认今天 (as-of date)")
	all := fs.Bool("all", false, "列出全部行政处罚,而不只是即将到期和已逾期的 (list every penalty)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	db, cal, day, err := asOf.open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	ps, err := db.PenaltyPublications(cal, day)
	if err != nil {
		return err
	}
	w := env.Stdout
	n := 0
	for _, p := range ps {
		if !*all && p.State != store.PubOverdue && p.State != store.PubDueSoon {
			continue
		}
		if n == 0 {
			fmt.Fprintln(w, "状态\t决定书文号\t相对人名称\t处罚决定日期\t应公示日期\t剩余工作日\t公示日期")
		}
		n++
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", store.PubStateName(p.State), p.Penalty.DecisionNo, p.Penalty.Name,
			p.Penalty.DecisionDate, p.DueText(), leftText(p.State, p.Left), p.Penalty.Published)
	}
	if n == 0 {
		fmt.Fprintf(w, "截至 %s 没有即将到期或逾期未公示的行政处罚(处罚决定后 %d 个工作日内公示)\n", day, store.PenaltyPublishWorkdays)
	}
	return nil
}

// penaltiesPublish records the day a penalty was published.
func penaltiesPublish(env *Env, args []string) error {
	fs := newFlags(env, "penalties publish")
	no := fs.String("decision", "", "决定书文号 (decision number)")
	date := fs.String("date", "", "公示日期 YYYY-MM-DD (publication date)")
	by := fs.String("by", "", "登记人,必填 (recorded by, required)")
	reason := fs.String("reason", "", "更正理由: 修改已登记的公示日期时必填 (why a recorded date is changed; required then)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *no == "" || *date == "" || *by == "" {
		return usagef("需要 --decision、--date 与 --by")
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.PublishPenalty(*no, *date, *by, *reason); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已登记行政处罚 %s 于 %s 公示\n", *no, *date)
	return nil
}
