package cli

import (
	"fmt"
	"strings"

	"shuangsui/sampling"
	"shuangsui/store/session"
)

func init() {
	register(&Command{
		Name:   "substitute",
		Usage:  "--ceremony ID (--unit OUT | --inspector OUT) --county C --reason R --operator O",
		HelpZH: "封存后替换无法检查的单位或须回避的执法人员:按抽签号顺序由下一个备选替补,作为新的链式步骤记录",
		HelpEN: "after the seal, replace a unit that cannot be inspected or an inspector who must step aside by the next alternate in ticket order, as one more chained step",
		Run:    runSubstitute,
	})
}

func runSubstitute(env *Env, args []string) error {
	fs := newFlags(env, "substitute")
	id := fs.String("ceremony", "", "仪式编号 (ceremony id)")
	unit := fs.String("unit", "", "被替换的单位代码 (unit to replace)")
	inspector := fs.String("inspector", "", "被替换的执法证号 (inspector to replace)")
	county := fs.String("county", "", "县(市、区)代码 (county code)")
	reason := fs.String("reason", "", "替换理由 (reason)")
	operator := fs.String("operator", "", "操作人 (operator)")
	if err := parseFlagsOnly(fs, args); err != nil {
		return err
	}
	if *id == "" || *county == "" {
		return usagef("需要 --ceremony 与 --county")
	}
	if (*unit == "") == (*inspector == "") {
		return usagef("--unit 与 --inspector 须且只能给出一个")
	}
	if strings.TrimSpace(*reason) == "" || strings.TrimSpace(*operator) == "" {
		return usagef("需要 --reason(替换理由)与 --operator(操作人)")
	}
	kind, out := sampling.SubstituteUnit, strings.ToUpper(strings.TrimSpace(*unit))
	if *inspector != "" {
		kind, out = sampling.SubstituteInspector, strings.TrimSpace(*inspector)
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := session.Resume(db, *id)
	if err != nil {
		return err
	}
	if err := s.Substitute(kind, *county, out, *reason, *operator); err != nil {
		return fmt.Errorf("仪式 %s 不能替换 %s: %w", *id, out, err)
	}
	c := s.Ceremony()
	sub := c.Substitutions[len(c.Substitutions)-1]
	names := map[string]string{}
	for _, u := range c.Frame.Units {
		names[u.ID] = u.Name
	}
	for _, in := range c.Frame.Inspectors {
		names[in.ID] = in.Name
	}
	for _, ct := range c.Frame.Counties {
		names[ct.ID] = ct.Name
	}
	label := func(id string) string {
		if n := names[id]; n != "" {
			return id + " " + n
		}
		return id
	}
	l := env.Lang
	what := l.T("单位", "unit")
	if kind == sampling.SubstituteInspector {
		what = l.T("执法人员", "inspector")
	}
	ticket := sub.Ticket
	if ticket == "" {
		ticket = l.T("(指定组长顺序)", "(designated leader order)")
	}
	fmt.Fprintf(env.Stdout, l.T("%s %s: %s %s 由 %s 替换,抽签号 %s\n", "%s %s: %s %s replaced by %s, ticket %s\n"),
		*id, label(sub.County), what, label(sub.Out), label(sub.In), ticket)
	fmt.Fprintf(env.Stdout, l.T("理由: %s  操作人: %s  新校验码: %s\n", "reason: %s  operator: %s  new verification code: %s\n"),
		sub.Reason, sub.Operator, c.AmendedHead())
	if unfit := c.Unfit(sub.County); len(unfit) > 0 {
		for i := range unfit {
			unfit[i] = label(unfit[i])
		}
		fmt.Fprintln(env.Stdout, l.T("注意: 以下检查组成员因替换后的单位须回避,须依次替换: ", "note: these team members must now step aside and be replaced in turn: ")+strings.Join(unfit, "、"))
	}
	return nil
}
