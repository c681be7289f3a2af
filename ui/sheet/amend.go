package sheet

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"shuangsui/sampling"
)

// The amendment sheet (KindAmend): what changed after the seal and why.
// It repeats none of the draw; it names the sealed record by its
// verification code and the amended one by the hash of the last
// substitute step (Ceremony.Head), which every page carries.

// amend builds the sections of the amendment sheet.
func (b *builder) amend() {
	subs := b.substitutions()
	b.amendGeneral(subs)
	b.amendList(subs)
	b.amendRule()
	b.amendCurrent(subs)
	b.amendVerification()
	b.amendSignatures()
}

// subStep is one substitution with what the sheet says about it.
type subStep struct {
	sampling.Substitution
	at     string // the time of its step
	leader bool   // an inspector substitution that replaced the leader
}

// substitutions pairs every substitution with its step's time and tells a
// leader's replacement from a member's by replaying the teams in order.
func (b *builder) substitutions() []subStep {
	var at []string
	for _, s := range b.c.Steps {
		if s.Kind == sampling.StepSubstitute {
			at = append(at, s.At)
		}
	}
	teams := map[string][]string{}
	for _, t := range b.c.Result.Teams {
		teams[t.County] = append([]string{t.Leader.ID}, pickIDs(t.Members)...)
	}
	out := make([]subStep, len(b.c.Substitutions))
	for i, s := range b.c.Substitutions {
		out[i] = subStep{Substitution: s}
		if i < len(at) {
			out[i].at = formatTime(at[i])
		}
		if s.Kind == sampling.SubstituteInspector {
			team := teams[s.County]
			if k := slices.Index(team, s.Out); k >= 0 {
				out[i].leader = k == 0
				team[k] = s.In
			}
		}
	}
	return out
}

func pickIDs(picks []sampling.Pick) []string {
	out := make([]string, len(picks))
	for i, p := range picks {
		out[i] = p.ID
	}
	return out
}

// what names the thing replaced: a unit, a team leader or a team member.
func (b *builder) what(s subStep) string {
	switch {
	case s.Kind == sampling.SubstituteUnit:
		return b.t("检查对象", "unit")
	case s.leader:
		return b.t("检查组组长", "team leader")
	case s.Kind == sampling.SubstituteInspector:
		return b.t("检查组成员", "team member")
	}
	return s.Kind
}

// party is "id name" of a unit or an inspector, as the substitution kind says.
func (b *builder) party(kind, id string) string {
	name := ""
	switch kind {
	case sampling.SubstituteUnit:
		name = b.units[id].Name
	case sampling.SubstituteInspector:
		name = b.inspectors[id].Name
	}
	if name == "" {
		return id
	}
	return id + " " + name
}

func (b *builder) countyLabel(id string) string {
	if n := b.countyName(id); n != id {
		return fmt.Sprintf(b.t("%s(%s)", "%s (%s)"), n, id)
	}
	return id
}

func (b *builder) amendGeneral(subs []subStep) {
	c, info, f := b.c, b.c.Info, b.c.Frame
	b.heading("基本信息", "The ceremony")
	b.idField(b.t("仪式编号", "Ceremony"), b.id)
	m := f.Matter
	b.field(b.t("抽查事项", "Matter"), fmt.Sprintf(b.t("%s(第 %d 版)%s", "%s (version %d) %s"), m.Code, m.Version, m.Name))
	b.field(b.t("组织单位", "Organisation"), orDash(info.Organisation))
	b.field(b.t("轮次", "Round"), orDash(info.Round))
	b.field(b.t("抽取日期", "Draw date"), orDash(f.DrawDate))
	b.field(b.t("封存时间", "Sealed at"), orDash(b.stepAt(sampling.StepSeal)))
	b.idField(b.t("原校验码", "Verification code"), c.VerificationCode())
	b.para(b.t("原校验码即抽取结果见证记录所印校验码,替换不改变它。",
		"The verification code is the one printed on the final sheet; substitutions do not change it."))
	b.field(b.t("替换次数", "Substitutions"), strconv.Itoa(len(subs)))
	if n := len(subs); n > 0 {
		b.field(b.t("最后一次替换", "Last substitution"), orDash(subs[n-1].at))
	}
	b.idField(b.t("修订校验码", "Amended code"), c.AmendedHead())
	b.idField(b.t("当前校验码", "Current head"), c.Head())
	unfit := 0
	for _, t := range c.Result.Teams {
		unfit += len(c.Unfit(t.County))
	}
	if unfit > 0 {
		b.field(b.t("状态", "Status"), fmt.Sprintf(b.t("尚有 %d 名检查组成员需替换(见第四部分“需替换”标记)",
			"%d team member(s) still to be substituted (marked “to replace” in section 4)"), unfit))
	}
}

func (b *builder) amendList(subs []subStep) {
	b.heading("替换记录(按发生顺序)", "Substitutions, in order")
	for i, s := range subs {
		b.sub(fmt.Sprintf(b.t("第 %d 次替换:%s %s", "Substitution %d: %s, %s"), i+1, b.countyLabel(s.County), b.what(s)))
		b.field(b.t("替换时间", "Time"), orDash(s.at))
		b.idField(b.t("替出", "Out"), b.party(s.Kind, s.Out))
		b.idField(b.t("替入", "In"), b.party(s.Kind, s.In))
		ticket := ticket20(s.Ticket)
		if ticket == "" {
			ticket = b.t("无(按指定组长名单顺序)", "none (next in the designated leaders’ list)")
		}
		b.idField(b.t("替入者签号(前 20 位)", "In: ticket (20 digits)"), ticket)
		b.field(b.t("理由", "Reason"), orDash(s.Reason))
		b.field(b.t("操作人", "Operator"), orDash(s.Operator))
	}
}

func (b *builder) amendRule() {
	b.heading("替换规则", "The rule")
	b.para(b.t("替换者按抽签号顺序自动确定,不得指定。", "The replacement is fixed by ticket order and is never chosen by hand."))
	b.para(b.t(
		"检查对象:在该县(市、区)的合格单位中,除去当前检查名单上的单位和曾被替出的单位,取阶段种子 S|F|units/县区编码 下签号最小者,即依次使用第二阶段的备选单位。"+
			"检查组成员:在不属于任何检查组、从未被替出、可到该县检查且专业相符的执法人员中,取 S|F|inspectors/县区编码 下签号最小者。"+
			"组长:同上,但只取具备组长资格者,种子为 S|F|leaders/县区编码;抽取前指定组长的,取指定名单中第一位未被选派、未被替出且可到该县检查者,没有签号。"+
			"被替出者不再回到名单。替换一个检查对象后,若检查组成员与新的检查对象有利害关系,该成员标为“需替换”,须依次替换。",
		"A unit: among the county’s eligible units, leaving out the current ones and every unit ever substituted out, the smallest ticket under the stage seed S|F|units/<county> — that is, the stage 2 alternates in order. "+
			"A team member: among the inspectors in no team, never substituted out, who can serve the county with the specialty, the smallest ticket under S|F|inspectors/<county>. "+
			"A leader: the same among the leader-qualified under S|F|leaders/<county>; with designated leaders, the first in the list not yet used, never substituted out, who can serve the county, without a ticket. "+
			"No one substituted out comes back. When a new unit brings a declared conflict with a team member, that member is marked “to replace” and must be substituted in turn."))
	b.idField(b.t("随机种子 S", "Seed S"), b.c.Seed)
	b.idField(b.t("名录库指纹 F", "Frame fingerprint F"), b.c.Fingerprint)
	b.para(b.t("签号的算法与抽取结果见证记录相同(Rivest 一致抽样器),见 SPEC.md §1、§9。",
		"Tickets are computed as on the final sheet (Rivest's consistent sampler); see SPEC.md §1 and §9."))
}

// amendCurrent lists, per drawn county, the units and the team as they
// stand after every substitution.
func (b *builder) amendCurrent(subs []subStep) {
	b.heading("替换后的检查名单", "Units and teams after the substitutions")
	unitTickets, inspTickets := map[string]string{}, map[string]string{}
	for _, ud := range b.c.Result.Units {
		for _, p := range ud.Picks {
			unitTickets[ud.County+"/"+p.ID] = ticket20(p.Ticket)
			if p.Ticket == "" && p.Position > 0 {
				unitTickets[ud.County+"/"+p.ID] = fmt.Sprintf(b.t("位置 %d", "position %d"), p.Position)
			}
		}
	}
	for _, tm := range b.c.Result.Teams {
		for _, p := range append(append([]sampling.Pick{tm.Leader}, tm.Members...), tm.Alternates...) {
			inspTickets[tm.County+"/"+p.ID] = ticket20(p.Ticket)
		}
	}
	cameIn := map[string]bool{}
	for _, s := range subs {
		key := s.County + "/" + s.In
		cameIn[s.Kind+"/"+key] = true
		if s.Kind == sampling.SubstituteUnit {
			unitTickets[key] = ticket20(s.Ticket)
		} else {
			inspTickets[key] = ticket20(s.Ticket)
		}
	}
	anyUnfit := false
	for _, ud := range b.c.Result.Units {
		county := ud.County
		b.sub(b.countyLabel(county))
		t := &table{cols: []col{
			{head: b.t("序", "#"), span: "A", num: true},
			{head: b.t("统一社会信用代码", "Code (USCC)"), span: "B", id: true},
			{head: b.t("单位名称", "Name"), span: "C", wrap: true, minW: 10},
			{head: b.t("类别", "Category"), span: "D", wrap: true, minW: 6, under: true},
			{head: b.t("签号 / 位置", "Ticket / position"), span: "E", id: true},
			{head: b.t("备注", "Note"), span: "F", center: true},
		}}
		for i, id := range b.c.CurrentUnits(county) {
			u := b.units[id]
			note := ""
			if cameIn[sampling.SubstituteUnit+"/"+county+"/"+id] {
				note = b.t("替入", "in")
			}
			t.rows = append(t.rows, []string{strconv.Itoa(i + 1), id, orDash(u.Name), orDash(u.Category), unitTickets[county+"/"+id], note})
		}
		b.table(t)

		team := b.c.CurrentTeam(county)
		if len(team) == 0 {
			continue
		}
		unfit := b.c.Unfit(county)
		tt := &table{cols: []col{
			{head: b.t("序", "#"), span: "A", num: true},
			{head: b.t("执法证号", "Certificate"), span: "B", id: true},
			{head: b.t("姓名", "Name"), span: "C", wrap: true, minW: 6},
			{head: b.t("专业", "Specialty"), span: "D", wrap: true, minW: 6},
			{head: b.t("签号(前 20 位)", "Ticket (20 digits)"), span: "E", id: true},
			{head: b.t("角色", "Role"), span: "F", wrap: true, minW: 6},
		}}
		for i, id := range team {
			in := b.inspectors[id]
			role := []string{b.t("成员", "member")}
			if i == 0 {
				role[0] = b.t("组长", "leader")
			}
			if cameIn[sampling.SubstituteInspector+"/"+county+"/"+id] {
				role = append(role, b.t("替入", "in"))
			}
			if slices.Contains(unfit, id) {
				role = append(role, b.t("需替换", "to replace"))
				anyUnfit = true
			}
			tt.rows = append(tt.rows, []string{strconv.Itoa(i + 1), id, orDash(in.Name),
				orDash(strings.Join(in.Specialties, b.t("、", ", "))), inspTickets[county+"/"+id], strings.Join(role, "\n")})
		}
		b.table(tt)
	}
	b.para(b.t("“替入”者由上列替换记录替入;签号为其所在阶段种子下的签号。",
		"“in” marks those who came in by a substitution above; a ticket is the one under its stage seed."))
	if anyUnfit {
		b.para(b.t("标“需替换”者因替入的检查对象与其有利害关系等原因,已不能到该县(市、区)检查,须按上述规则依次替换,替换后重新打印本记录。",
			"Members marked “to replace” can no longer serve the county (for instance a new unit brings a declared conflict); substitute them by the rule above and print this sheet again."))
	}
}

func (b *builder) amendVerification() {
	b.heading("修订校验码与核验方法", "Amended code and how to verify")
	b.doc.items = append(b.doc.items, item{kind: itCode, text: b.t("修订校验码", "Amended code"), value: b.c.AmendedHead(), id: true})
	b.para(b.t(
		"修订校验码是最后一次替换步骤的哈希(导出记录中的 amended_head),每次替换后都会改变;每页页脚均印有修订校验码,不符的纸页不属于本记录。"+
			"原校验码是封存步骤的哈希(verification_code),须与抽取结果见证记录一致。",
		"The amended code is the hash of the last substitute step (amended_head in the exported record) and changes with every substitution; it is printed on every page, so a page with another code does not belong here. "+
			"The verification code is the hash of the seal step (verification_code) and must equal the one on the final sheet."))
	b.para(b.t(
		"当前校验码是打印本页时链上最后一步的哈希(导出记录中的 head):封存后登记的检查结果、公示、更正、处罚、移送等也接在链上,每一条都会改变它;公示表印有同一当前校验码,据此可把公示表与导出的记录对应起来。",
		"The current head is the hash of the last step of the chain when this sheet was printed (head in the exported record): results, publications, corrections, penalties and transfers recorded after the seal are steps of the chain too, and each changes it; the 公示表 carries the same current head, which matches a published table to its record."))
	b.para(b.t("核验导出的记录(RECORD.json 为导出的记录文件):", "To verify the exported record (RECORD.json is the exported file):"))
	b.para("  shuangsui verify RECORD.json")
	b.para("  python3 verify.py record RECORD.json")
	b.verifierPage()
	b.para(b.t("核验程序检查步骤链,重新计算每一次替换的替入者及其签号,报告第一处不符。",
		"The verifier checks the chain of steps, recomputes who comes in (and the ticket) for every substitution and reports the first difference."))
}

func (b *builder) amendSignatures() {
	b.heading("签字", "Signatures")
	t := b.signatureTable()
	var operators []string
	for _, s := range b.c.Substitutions {
		if !slices.Contains(operators, s.Operator) {
			operators = append(operators, s.Operator)
		}
	}
	if len(operators) == 0 {
		operators = []string{b.c.Info.Operator}
	}
	n := 0
	add := func(role, name string) {
		n++
		t.rows = append(t.rows, []string{strconv.Itoa(n), role, name, "", ""})
	}
	for _, o := range operators {
		add(b.t("操作员", "Operator"), o)
	}
	add(b.t("监督人", "Supervisor"), b.c.Info.Supervisor)
	b.doc.items = append(b.doc.items, item{kind: itSign, table: t})
}
