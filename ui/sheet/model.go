package sheet

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"shuangsui/assets/version"
	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/ui/lang"
)

// Kind is which sheet to print.
type Kind string

const (
	// KindPre is the pre-draw commitment sheet: the committed frame, its
	// fingerprint and the witnesses, signed before the seed exists.
	KindPre Kind = "pre"
	// KindFinal is the sheet of a sealed ceremony: the whole draw.
	KindFinal Kind = "final"
	// KindAmend is the amendment sheet (替换修订记录) of a sealed ceremony
	// with substitution steps: every substitution, the rule that chose each
	// replacement, the units and teams as they now stand and the code of
	// the amended record.
	KindAmend Kind = "amend"
)

// ParseKind reads "pre", "final" or "amend" (also 抽取前 / 结果 / 替换).
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "pre", "抽取前", "承诺":
		return KindPre, nil
	case "final", "结果", "最终":
		return KindFinal, nil
	case "amend", "amendment", "替换", "修订":
		return KindAmend, nil
	}
	return "", fmt.Errorf("见证记录种类 %q 无效,应为 pre(抽取前承诺页)、final(抽取结果)或 amend(替换修订记录)", s)
}

// KindFor is the sheet a ceremony in its present phase calls for: the
// amendment sheet once a sealed ceremony has substitutions, the final
// sheet once sealed, else the pre-draw sheet once the frame is committed
// (an abandoned ceremony gets the pre-draw sheet, which then says why it
// was abandoned). The final sheet of an amended ceremony stays available
// by asking for KindFinal.
func KindFor(c *sampling.Ceremony) (Kind, error) {
	if c == nil {
		return "", fmt.Errorf("没有仪式")
	}
	if c.Phase == sampling.PhaseSealed {
		if len(c.Substitutions) > 0 {
			return KindAmend, nil
		}
		return KindFinal, nil
	}
	if c.Fingerprint == "" {
		return "", fmt.Errorf("仪式尚未固定名录库,还没有可打印的见证记录")
	}
	return KindPre, nil
}

// check refuses a kind the ceremony cannot yet support.
func check(c *sampling.Ceremony, kind Kind) error {
	if c == nil {
		return fmt.Errorf("没有仪式")
	}
	switch kind {
	case KindPre:
		if c.Fingerprint == "" {
			return fmt.Errorf("仪式尚未固定名录库,不能打印抽取前承诺页")
		}
	case KindFinal:
		if c.Phase != sampling.PhaseSealed {
			return fmt.Errorf("仪式尚未封存,不能打印抽取结果见证记录(可打印抽取前承诺页: --kind pre)")
		}
	case KindAmend:
		if c.Phase != sampling.PhaseSealed {
			return fmt.Errorf("仪式尚未封存,没有替换,不能打印替换修订记录")
		}
		if len(c.Substitutions) == 0 {
			return fmt.Errorf("仪式封存后没有替换,不能打印替换修订记录(可打印抽取结果: --kind final)")
		}
	default:
		return fmt.Errorf("见证记录种类 %q 无效", string(kind))
	}
	return nil
}

// ---- the neutral document model, rendered by text.go and xlsx.go ----

type itemKind int

const (
	itHeading itemKind = iota // a numbered section heading
	itSub                     // a sub-heading inside a section
	itField                   // label: value
	itPara                    // a paragraph of running text
	itTable                   // a table
	itCode                    // the verification code (or F) with its QR code
	itSign                    // the signature table (a table with tall rows)
)

type item struct {
	kind  itemKind
	text  string // heading, sub-heading, paragraph; field label; code label
	value string // field value; code value
	id    bool   // value is an identifier: text cell, grouped hex on paper
	table *table
}

// col describes one column of a table: its heading, the xlsx columns it
// spans ("B" or "C:D"), and how it behaves in text.
type col struct {
	head   string
	span   string
	id     bool // text cell in xlsx; never wrapped in text unless it must
	num    bool // right-aligned; a number cell in xlsx
	wrap   bool // may wrap in text (names, roles)
	minW   int  // narrowest it may be squeezed to in text
	center bool // centred in xlsx (short marks such as 备选)
	// under prints the column in text under the one before it, in
	// brackets, to leave that column room (a unit's category under its
	// name); xlsx keeps it a column of its own.
	under bool
	// write marks a column left for handwriting in a sign table: it is
	// underlined on paper.
	write bool
}

type table struct {
	cols []col
	rows [][]string
}

type document struct {
	kind      Kind
	id        string // the ceremony
	title     string
	subtitle  string // the kind of sheet and the ceremony id
	codeLabel string // 校验码 or 指纹
	code      string // on every page
	items     []item
	sheetName string
}

type builder struct {
	l   lang.Lang
	id  string
	c   *sampling.Ceremony
	doc *document
	sec int

	counties   map[string]string
	units      map[string]sampling.Unit
	inspectors map[string]sampling.Inspector
}

func (b *builder) t(zh, en string) string { return b.l.T(zh, en) }

func (b *builder) heading(zh, en string) {
	b.sec++
	var num string
	if b.l == lang.EN {
		num = strconv.Itoa(b.sec) + ". "
	} else {
		num = chineseNumeral(b.sec) + "、"
	}
	b.doc.items = append(b.doc.items, item{kind: itHeading, text: num + b.t(zh, en)})
}

func (b *builder) sub(s string) { b.doc.items = append(b.doc.items, item{kind: itSub, text: s}) }

func (b *builder) field(label, value string) {
	b.doc.items = append(b.doc.items, item{kind: itField, text: label, value: value})
}

func (b *builder) idField(label, value string) {
	b.doc.items = append(b.doc.items, item{kind: itField, text: label, value: value, id: true})
}

func (b *builder) para(s string) { b.doc.items = append(b.doc.items, item{kind: itPara, text: s}) }

func (b *builder) table(t *table) { b.doc.items = append(b.doc.items, item{kind: itTable, table: t}) }

func chineseNumeral(n int) string {
	d := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case n <= 10:
		return d[n]
	case n < 20:
		return "十" + d[n-10]
	case n < 100 && n%10 == 0:
		return d[n/10] + "十"
	case n < 100:
		return d[n/10] + "十" + d[n%10]
	}
	return strconv.Itoa(n)
}

// build turns a ceremony into the document of the given kind.
func build(id string, c *sampling.Ceremony, kind Kind, l lang.Lang) (*document, error) {
	if err := check(c, kind); err != nil {
		return nil, err
	}
	b := &builder{l: l, id: id, c: c, doc: &document{kind: kind, id: id},
		counties: map[string]string{}, units: map[string]sampling.Unit{}, inspectors: map[string]sampling.Inspector{}}
	for _, ct := range c.Frame.Counties {
		b.counties[ct.ID] = ct.Name
	}
	for _, u := range c.Frame.Units {
		b.units[u.ID] = u
	}
	for _, in := range c.Frame.Inspectors {
		b.inspectors[in.ID] = in
	}
	d := b.doc
	d.title = title(c.Info, c.Frame, l)
	d.sheetName = b.t("见证记录", "Witness record")
	switch kind {
	case KindPre:
		d.subtitle = b.t("抽取前承诺页(名录库已固定,尚未生成随机种子)", "Pre-draw commitment sheet (frame fixed, no seed yet)")
		if b.laterCopy() {
			d.subtitle = b.t("抽取前承诺页 · 补打副本(", "Pre-draw commitment sheet · later copy (") + b.afterSeed() + b.t(")", ")")
		}
		d.codeLabel, d.code = b.t("指纹", "fingerprint"), c.Fingerprint
	case KindFinal:
		d.subtitle = b.t("抽取结果", "Result of the draw")
		d.codeLabel, d.code = b.t("校验码", "code"), c.VerificationCode()
	}
	if kind == KindAmend {
		d.subtitle = b.t("替换修订记录", "Amendment: substitutions after the seal")
		d.codeLabel, d.code = b.t("修订校验码", "amended code"), c.AmendedHead()
		d.sheetName = b.t("替换修订记录", "Amendment")
	}
	d.subtitle += b.t("  仪式编号 ", "  ceremony ") + id
	if kind == KindAmend {
		b.amend()
		b.madeBy()
		return d, nil
	}
	if err := b.general(); err != nil {
		return nil, err
	}
	if err := b.frame(); err != nil {
		return nil, err
	}
	b.witnesses()
	switch kind {
	case KindPre:
		b.preStatement()
	case KindFinal:
		b.seed()
		b.stage1()
		b.stage2()
		b.stage3()
		b.verification()
	}
	b.signatures()
	b.madeBy()
	return d, nil
}

// madeBy names the program that made the sheet, last on every kind of
// sheet. Like the record's program member it is informational: the same
// ceremony printed by another build differs only in this line.
func (b *builder) madeBy() {
	b.para(b.t("本页由 ", "Made by ") + version.String() + b.t(" 生成。", "."))
}

// title is Info.Title, else the default title of the ceremony's kind.
func title(info sampling.Info, f sampling.Frame, l lang.Lang) string {
	if t := strings.TrimSpace(info.Title); t != "" {
		return t
	}
	kind := ""
	if f.Directed != nil {
		kind = f.Directed.Kind
	}
	return DefaultTitle(info.Organisation, kind, f.Partner, l)
}

// DefaultTitle is the title of a witness record of the organisation:
// "<Organisation>“双随机、一公开”随机抽取见证记录", or for a directed check of
// the given kind (SPEC.md §12) "<Organisation><kind>定向检查见证记录", or for
// a joint check with partner "<Organisation>、<partner>跨部门联合抽查见证记录".
func DefaultTitle(org, directed, partner string, l lang.Lang) string {
	org, partner = strings.TrimSpace(org), strings.TrimSpace(partner)
	if l == lang.EN {
		lead := org
		if partner != "" {
			lead = strings.TrimPrefix(org+" and "+partner, " and ")
		}
		if lead != "" {
			lead += " — "
		}
		switch {
		case partner != "":
			return lead + "joint check record (跨部门联合抽查)"
		case directed != "":
			return lead + "directed check record (定向检查: " + store.DirectedKindName(directed) + ")"
		case lead == "":
			return "Witnessed random draw record (“双随机、一公开”)"
		}
		return lead + "witnessed random draw record (“双随机、一公开”)"
	}
	switch {
	case partner != "":
		return org + "、" + partner + "跨部门联合抽查见证记录"
	case directed != "":
		return org + store.DirectedKindName(directed) + "定向检查见证记录"
	}
	return org + "“双随机、一公开”随机抽取见证记录"
}

// stepAt is the time of the first step of the given kind, for reading.
func (b *builder) stepAt(kind string) string {
	for _, s := range b.c.Steps {
		if s.Kind == kind {
			return formatTime(s.At)
		}
	}
	return ""
}

// formatTime shows an RFC 3339 time as "2026-11-25 09:30:00 +08:00"; the
// zone stays, since the paper is evidence. Anything else is shown raw.
func formatTime(at string) string {
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return at
	}
	return t.Format("2006-01-02 15:04:05 -07:00")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func (b *builder) countyName(id string) string {
	if n, ok := b.counties[id]; ok && n != "" {
		return n
	}
	return id
}

func (b *builder) methodName(m string) string {
	switch m {
	case sampling.MethodSimple:
		return b.t("简单随机抽样(签号最小者中选)", "simple random sample (smallest tickets)")
	case sampling.MethodSystematic:
		return b.t("随机等距抽样", "systematic sample (随机等距抽样)")
	}
	return m
}

// ticket20 is "0." and the first 20 fraction digits of a ticket.
func ticket20(t string) string {
	if t == "" {
		return ""
	}
	if len(t) > 22 {
		return t[:22]
	}
	return t
}

// reasonNames translates the exclusion reason keys of Info.Exclusions;
// unknown keys are shown as they are.
var reasonNames = map[string][2]string{
	"closed":                {"已关闭", "closed"},
	"deregistered":          {"已注销", "deregistered"},
	"not_direct_reporting":  {"非联网直报", "not a direct-reporting unit"},
	"out_of_scope_category": {"不在抽查类别", "category not in scope"},
	"inspected_recently":    {"近期已检查", "inspected recently"},
	"drawn_recently":        {"近期已抽中", "drawn recently"},
	"removed":               {"已移出名录库", "removed from library"},
	"inactive_county":       {"所在县区停用", "county inactive"},
	"not_directed":          {"不属定向检查对象", "not in the directed frame"},
}

func (b *builder) reason(key string) string {
	if n, ok := reasonNames[key]; ok {
		return b.t(n[0], n[1])
	}
	return key
}

// ---- sections ----

func (b *builder) general() error {
	c, info, f := b.c, b.c.Info, b.c.Frame
	b.heading("基本信息", "The ceremony")
	b.idField(b.t("仪式编号", "Ceremony"), b.id)
	m := f.Matter
	b.field(b.t("抽查事项", "Matter"), fmt.Sprintf(b.t("%s(第 %d 版)%s", "%s (version %d) %s"), m.Code, m.Version, m.Name))
	b.field(b.t("抽查依据", "Basis"), orDash(info.MatterBasis))
	b.field(b.t("抽查内容", "Content"), orDash(info.MatterContent))
	b.field(b.t("专业", "Specialty"), orDash(m.Specialty))
	b.field(b.t("组织单位", "Organisation"), orDash(info.Organisation))
	// A directed or joint check (SPEC §12) says so; an ordinary sheet is
	// unchanged.
	if f.Directed != nil || f.Partner != "" {
		zh, en := store.CheckKind(f.Directed, f.Partner)
		b.field(b.t("检查方式", "Kind of check"), b.t(zh, en))
	}
	if f.Partner != "" {
		b.field(b.t("联合检查部门", "Joint with"), f.Partner+b.t("(与本单位共同组织,双方在签字栏签字)", " (organised together with us; both sign below)"))
	}
	b.field(b.t("轮次", "Round"), orDash(info.Round))
	b.field(b.t("抽取日期", "Draw date"), orDash(f.DrawDate))
	b.field(b.t("地点", "Place"), orDash(info.Place))
	b.field(b.t("操作员", "Operator"), orDash(info.Operator))
	b.field(b.t("监督人", "Supervisor"), orDash(info.Supervisor))
	b.field(b.t("名录库固定时间", "Frame committed at"), orDash(b.stepAt(sampling.StepCommit)))
	if b.doc.kind == KindFinal {
		b.field(b.t("随机种子生成时间", "Seed fixed at"), orDash(b.stepAt(sampling.StepSeed)))
		b.field(b.t("封存时间", "Sealed at"), orDash(b.stepAt(sampling.StepSeal)))
	}
	if n := len(c.Substitutions); n > 0 && b.doc.kind == KindFinal {
		// the amendment sheet lists them; this sheet is the draw as sealed
		b.field(b.t("状态", "Status"), fmt.Sprintf(b.t("封存后已有 %d 次替换,本页为封存时的抽取结果;替换见替换修订记录", "%d substitutions were made after the seal; this sheet shows the draw as sealed (see the amendment sheet)"), n))
	}
	if c.Phase == sampling.PhaseAbandoned {
		b.field(b.t("状态", "Status"), b.t("本次仪式已放弃,理由:", "this ceremony was abandoned: ")+c.Abandoned)
	} else if b.laterCopy() {
		b.field(b.t("状态", "Status"), b.t("本页是抽取前承诺页的补打副本,打印时", "this is a later copy of the pre-draw page, printed when ")+b.afterSeed()+
			b.t(";见证人签字以抽取前打印的原页为准", "; the witnesses' signatures belong on the page printed before the draw"))
	} else if b.doc.kind == KindPre && c.Phase != sampling.PhaseWitnesses {
		b.field(b.t("状态", "Status"), b.t("本页为抽取前承诺页;此仪式其后已生成种子并继续抽取", "this is the pre-draw page; the ceremony has since fixed its seed and gone on"))
	}
	return nil
}

// laterCopy reports whether this is a pre-draw sheet printed after the
// seed was fixed: a copy, which must say so.
func (b *builder) laterCopy() bool {
	return b.doc.kind == KindPre && b.c.Seed != ""
}

// afterSeed says what had happened when a later copy of the pre-draw sheet
// was printed: "随机种子已于 … 生成, 仪式已于 … 封存".
func (b *builder) afterSeed() string {
	s := b.t("随机种子已于 ", "the seed was fixed at ") + orDash(b.stepAt(sampling.StepSeed)) + b.t(" 生成", "")
	if at := b.stepAt(sampling.StepSeal); at != "" {
		s += b.t(",仪式已于 ", ", the ceremony sealed at ") + at + b.t(" 封存", "")
	}
	return s
}

func (b *builder) frame() error {
	c, info, f := b.c, b.c.Info, b.c.Frame
	p := f.Params
	b.heading("抽取参数与名录库", "Parameters and frame")
	if info.Scope != "" {
		b.field(b.t("抽取范围", "Scope"), b.t(info.Scope, scopeEnglish(info.Scope)))
	}
	if info.NoRepeatMonths > 0 {
		b.field(b.t("不重复检查", "No repeat"), fmt.Sprintf(b.t("近 %d 个月内检查过的单位不列入名录", "units inspected in the last %d months are left out"), info.NoRepeatMonths))
	}
	// The organisation's rule for an inspector's own county (SPEC §5): the
	// county bureau's exception is printed; the city rule (never the home
	// county) is the standing one and adds no line, so that city sheets
	// keep their pages.
	if d := f.Directed; d != nil {
		b.field(b.t("定向检查", "Directed check"), b.t("名录中的每一个单位都检查,不抽取单位,不适用不重复检查规则;只在见证下随机抽取执法检查人员",
			"every unit of the frame is inspected: no units are drawn and the no-repeat rule does not apply; only the inspectors are drawn in front of the witnesses"))
		b.field(b.t("定向理由", "Reason"), d.Reason)
		if d.Source != "" {
			b.field(b.t("名单来源", "List source"), d.Source)
		}
	}
	if f.HomeCountyAllowed {
		b.field(b.t("本县人员", "Own county"), b.t("县级统计局:可选派本县执法人员(名录中记为 home_county_allowed)", "county bureau: its own staff may inspect (home_county_allowed in the frame)"))
	}
	b.field(b.t("抽取县(市、区)数", "Counties drawn"), strconv.Itoa(p.Counties))
	per := strconv.Itoa(p.UnitsPerCounty)
	if len(p.UnitsOverride) > 0 {
		var parts []string
		for _, o := range p.UnitsOverride {
			parts = append(parts, fmt.Sprintf("%s %d", b.countyName(o.County), o.Units))
		}
		per += b.t("(另定:", " (except: ") + strings.Join(parts, b.t("、", ", ")) + b.t(")", ")")
	}
	b.field(b.t("每县抽取单位数", "Units per county"), per)
	b.field(b.t("抽样方法", "Method"), b.methodName(p.Method))
	b.field(b.t("每组成员数", "Members per team"), fmt.Sprintf(b.t("组长 1 名 + 成员 %d 名", "1 leader + %d members"), p.Members))
	if len(p.Leaders) > 0 {
		var names []string
		for _, id := range p.Leaders {
			names = append(names, b.inspectorLabel(id))
		}
		b.field(b.t("组长", "Leaders"), b.t("抽取前指定,依次为:", "designated before the seed, in order: ")+strings.Join(names, b.t("、", ", ")))
	} else {
		b.field(b.t("组长", "Leaders"), b.t("从具备组长资格的执法人员中随机抽取", "drawn from the leader-qualified inspectors"))
	}
	b.field(b.t("备选数", "Alternates"), fmt.Sprintf(b.t("每阶段 %d 个", "%d at every stage"), p.Alternates))
	b.field(b.t("见证数字", "Witness digits"), fmt.Sprintf(b.t("见证人合计至少 %d 位", "at least %d in total"), info.MinDigits))

	report, err := sampling.Feasible(f)
	if err != nil {
		return fmt.Errorf("核对名录库: %w", err)
	}
	b.sub(b.t("合格检查对象(按县、市、区)", "Eligible units by county"))
	t := &table{cols: []col{
		{head: b.t("序", "#"), span: "A", num: true},
		{head: b.t("编码", "Code"), span: "B", id: true},
		{head: b.t("县(市、区)", "County"), span: "C", wrap: true, minW: 8},
		{head: b.t("合格单位", "Units"), span: "D", num: true},
		{head: b.t("可派执法人员", "Inspectors"), span: "E", num: true},
		{head: b.t("拟抽", "Take"), span: "F", num: true},
	}}
	total := 0
	for i, pl := range report.Pools {
		total += pl.Units
		t.rows = append(t.rows, []string{strconv.Itoa(i + 1), pl.County, b.countyName(pl.County),
			strconv.Itoa(pl.Units), strconv.Itoa(pl.Members), strconv.Itoa(pl.Take)})
	}
	t.rows = append(t.rows, []string{"", "", b.t("合计", "Total"), strconv.Itoa(total), "", ""})
	b.table(t)
	b.para(b.t("“可派执法人员”为最不利情况下可到该县检查且专业相符的人数(见 SPEC.md §7)。",
		"“Inspectors” counts those who can serve the county with the specialty in the worst case (SPEC.md §7)."))

	eligible, leaders := 0, 0
	for _, in := range f.Inspectors {
		if in.Active && in.ValidUntil >= f.DrawDate {
			eligible++
			if in.LeaderQualified {
				leaders++
			}
		}
	}
	b.field(b.t("执法检查人员", "Inspectors"), fmt.Sprintf(b.t("名录 %d 名,在岗且执法证有效 %d 名(其中可任组长 %d 名)",
		"%d in the library, %d active with a valid certificate (%d leader-qualified)"), len(f.Inspectors), eligible, leaders))

	b.sub(b.t("未列入名录的检查对象(按县、市、区和原因)", "Units left out of the frame, by county and reason"))
	if len(info.Exclusions) == 0 {
		b.para(b.t("无。", "None."))
	} else {
		ex := slices.Clone(info.Exclusions)
		slices.SortStableFunc(ex, func(a, b sampling.Exclusion) int { return strings.Compare(a.County, b.County) })
		t := &table{cols: []col{
			{head: b.t("序", "#"), span: "A", num: true},
			{head: b.t("县(市、区)", "County"), span: "B:C", wrap: true, minW: 10},
			{head: b.t("原因", "Reason"), span: "D:E", wrap: true, minW: 10},
			{head: b.t("数量", "Count"), span: "F", num: true},
		}}
		n := 0
		for i, e := range ex {
			n += e.Count
			county := b.countyName(e.County)
			if county != e.County && e.County != "" {
				county += " (" + e.County + ")"
			}
			t.rows = append(t.rows, []string{strconv.Itoa(i + 1), orDash(county), b.reason(e.Reason), strconv.Itoa(e.Count)})
		}
		t.rows = append(t.rows, []string{"", b.t("合计", "Total"), "", strconv.Itoa(n)})
		b.table(t)
	}

	b.idField(b.t("名录库指纹 F", "Frame fingerprint F"), c.Fingerprint)
	b.field(b.t("指纹固定时间", "F committed at"), orDash(b.stepAt(sampling.StepCommit)))
	return nil
}

func (b *builder) inspectorLabel(id string) string {
	if in, ok := b.inspectors[id]; ok && in.Name != "" {
		return in.Name + " (" + id + ")"
	}
	return id
}

func (b *builder) witnesses() {
	b.heading("见证人及其数字", "Witnesses and their digits")
	t := &table{cols: []col{
		{head: b.t("序", "#"), span: "A", num: true},
		{head: b.t("姓名", "Name"), span: "B", wrap: true, minW: 8},
		{head: b.t("单位/身份", "Organisation / role"), span: "C:D", wrap: true, minW: 10},
		{head: b.t("数字", "Digits"), span: "E:F", id: true, wrap: true, minW: 10},
	}}
	for i, w := range b.c.Witnesses {
		t.rows = append(t.rows, []string{strconv.Itoa(i + 1), w.Name, orDash(w.Role), w.Digits})
	}
	if len(b.c.Witnesses) == 0 {
		// room to write three witnesses in by hand
		for j, w := range []int{0, 12, 28, 24} {
			if j > 0 {
				t.cols[j].minW, t.cols[j].write = w, true
			}
		}
		for i := 1; i <= 3; i++ {
			t.rows = append(t.rows, []string{strconv.Itoa(i), "", "", ""})
		}
		b.doc.items = append(b.doc.items, item{kind: itSign, table: t})
		b.para(b.t("见证人尚未登记;请在上表填写,登记后再生成随机种子。", "No witness is registered yet; fill in the table, register them, then fix the seed."))
		return
	}
	b.table(t)
	// Witnesses taken off the list before the seed (each a step of the
	// record): named with the reason, so that the sheet agrees with it.
	for _, s := range b.c.Steps {
		if s.Kind != sampling.StepWitnessRemove {
			continue
		}
		var r sampling.WitnessRemoval
		if err := json.Unmarshal(s.Payload, &r); err != nil {
			b.para(fmt.Sprintf(b.t("第 %d 步(移除见证人)无法读取: %v", "step %d (witness removed) cannot be read: %v"), s.Seq, err))
			continue
		}
		b.para(fmt.Sprintf(b.t("种子生成前已移除见证人 %s(理由:%s);上表为移除后的名单。", "Witness %s was removed before the seed (reason: %s); the table lists those left."), r.Name, r.Reason))
	}
	if b.doc.kind == KindPre && b.c.Seed == "" {
		b.para(fmt.Sprintf(b.t("已输入 %d 位数字,至少需要 %d 位。", "%d digits entered, at least %d needed."), b.c.DigitsEntered(), b.c.Info.MinDigits))
	}
}

func (b *builder) preStatement() {
	b.heading("承诺", "Commitment")
	b.doc.items = append(b.doc.items, item{kind: itCode, text: b.t("名录库指纹 F", "Frame fingerprint F"), value: b.c.Fingerprint, id: true})
	if b.laterCopy() {
		b.para(b.t("本页是补打副本:打印时"+b.afterSeed()+"。上列名录库及其指纹 F 与抽取前固定的相同;原承诺页应在生成随机种子之前打印并由见证人签字,本副本仅供核对,不能代替原页。",
			"This is a later copy, printed when "+b.afterSeed()+". The frame above and its fingerprint F are those fixed before the draw; the original page was to be printed and signed before the seed existed; this copy is for checking only and does not replace it."))
		return
	}
	b.para(b.t(
		"本页在生成随机种子之前打印。上列名录库(抽查事项、抽取日期、参数、县(市、区)、检查对象和执法检查人员)已经固定,其指纹 F 如上。"+
			"随机种子 S 由见证人当场给出的数字依次以“-”连接而成;抽取结果完全由 F 与 S 决定。"+
			"抽取完成后,结果见证记录和导出记录中的指纹必须与本页一致,否则说明名录库在种子生成后被改动。",
		"This page is printed before the seed exists. The frame above (matter, draw date, parameters, counties, units and inspectors) is fixed; its fingerprint F is shown above. "+
			"The seed S is the witnesses' digits joined by “-” in the order given; the draw is a function of F and S alone. "+
			"After the draw, the fingerprint on the final sheet and in the exported record must equal this one; otherwise the frame was changed after the seed."))
	b.verifierPage()
	b.para(b.t("见证人签字确认:签字时尚未生成随机种子,名录库指纹已向见证人展示。",
		"Witnesses sign to confirm that no seed existed when they signed and that F was shown to them."))
}

func (b *builder) seed() {
	b.heading("随机种子", "Seed")
	b.idField(b.t("随机种子 S", "Seed S"), b.c.Seed)
	b.para(b.t("S 为各见证人的数字按登记顺序以“-”连接。", "S is the witnesses' digits joined by “-” in the order they were registered."))
}

func (b *builder) stage1() {
	b.heading("第一阶段:抽取县(市、区)", "Stage 1: counties")
	t := &table{cols: []col{
		{head: b.t("序", "#"), span: "A", num: true},
		{head: b.t("编码", "Code"), span: "B", id: true},
		{head: b.t("县(市、区)", "County"), span: "C:D", wrap: true, minW: 8},
		{head: b.t("签号(前 20 位)", "Ticket (20 digits)"), span: "E", id: true},
		{head: b.t("备注", "Note"), span: "F", center: true},
	}}
	for _, p := range b.c.Result.Counties {
		t.rows = append(t.rows, []string{strconv.Itoa(p.Rank), p.ID, b.countyName(p.ID), ticket20(p.Ticket), b.alt(p.Alternate)})
	}
	b.table(t)
}

func (b *builder) alt(a bool) string {
	if a {
		return b.t("备选", "alt.")
	}
	return ""
}

func (b *builder) stage2() {
	b.heading("第二阶段:抽取检查对象", "Stage 2: units")
	for _, ud := range b.c.Result.Units {
		eligible := 0
		for _, u := range b.c.Frame.Units {
			if u.County == ud.County {
				eligible++
			}
		}
		b.sub(fmt.Sprintf(b.t("%s(%s):合格单位 %d 家,抽取 %d 家,%s", "%s (%s): %d eligible, %d drawn, %s"),
			b.countyName(ud.County), ud.County, eligible, ud.Take, b.methodName(ud.Method)))
		if ud.Method == sampling.MethodSystematic {
			b.idField(b.t("随机起点 u", "Random start u"), ud.Start)
		}
		t := &table{cols: []col{
			{head: b.t("序", "#"), span: "A", num: true},
			{head: b.t("统一社会信用代码", "Code (USCC)"), span: "B", id: true},
			{head: b.t("单位名称", "Name"), span: "C", wrap: true, minW: 10},
			{head: b.t("类别", "Category"), span: "D", wrap: true, minW: 6, under: true},
			{head: b.t("签号 / 位置", "Ticket / position"), span: "E", id: true},
			{head: b.t("备注", "Note"), span: "F", center: true},
		}}
		for _, p := range ud.Picks {
			u := b.units[p.ID]
			draw := ticket20(p.Ticket)
			if p.Ticket == "" && p.Position > 0 {
				draw = fmt.Sprintf(b.t("位置 %d", "position %d"), p.Position)
			}
			t.rows = append(t.rows, []string{strconv.Itoa(p.Rank), p.ID, orDash(u.Name), orDash(u.Category), draw, b.alt(p.Alternate)})
		}
		b.table(t)
	}
}

func (b *builder) stage3() {
	b.heading("第三阶段:选派检查组", "Stage 3: inspection teams")
	for i, tm := range b.c.Result.Teams {
		b.sub(fmt.Sprintf(b.t("第 %d 组 %s(%s)", "Team %d, %s (%s)"), i+1, b.countyName(tm.County), tm.County))
		t := &table{cols: []col{
			{head: b.t("序", "#"), span: "A", num: true},
			{head: b.t("执法证号", "Certificate"), span: "B", id: true},
			{head: b.t("姓名", "Name"), span: "C", wrap: true, minW: 6},
			{head: b.t("专业", "Specialty"), span: "D", wrap: true, minW: 6},
			{head: b.t("签号(前 20 位)", "Ticket (20 digits)"), span: "E", id: true},
			{head: b.t("角色", "Role"), span: "F", wrap: true, minW: 4},
		}}
		role := b.t("组长", "leader")
		if tm.Designated {
			role = b.t("组长(指定)", "leader (指定)")
		}
		n := 0
		row := func(p sampling.Pick, role string) {
			n++
			in := b.inspectors[p.ID]
			t.rows = append(t.rows, []string{strconv.Itoa(n), p.ID, orDash(in.Name), orDash(strings.Join(in.Specialties, b.t("、", ", "))), ticket20(p.Ticket), role})
		}
		row(tm.Leader, role)
		for _, p := range tm.Members {
			row(p, b.t("成员", "member"))
		}
		for _, p := range tm.Alternates {
			row(p, b.t("备选", "alt."))
		}
		b.table(t)
	}
	if len(b.c.Frame.Params.Leaders) > 0 {
		b.para(b.t("指定组长没有签号:取指定名单中第一位未被选派且可到该县检查者。",
			"A designated leader has no ticket: the first listed one not yet used who can serve the county."))
	}
}

func (b *builder) verification() {
	b.heading("校验码与核验方法", "Verification code and how to verify")
	b.doc.items = append(b.doc.items, item{kind: itCode, text: b.t("校验码", "Verification code"), value: b.c.VerificationCode(), id: true})
	b.para(b.t("校验码是封存步骤的哈希,唯一标识本份记录;每页页脚均印有校验码,页码与校验码不符的纸页不属于本记录。",
		"The verification code is the hash of the seal step and identifies this record; it is printed on every page, so a page with another code does not belong here."))
	b.para(b.t("核验导出的记录(RECORD.json 为导出的记录文件):", "To verify the exported record (RECORD.json is the exported file):"))
	b.para("  shuangsui verify RECORD.json")
	b.para("  python3 verify.py record RECORD.json")
	b.verifierPage()
	b.para(b.t(
		"签号即 Rivest 一致抽样器(consistent sampler)的签号:以 P = SHA-256(种子) 的十六进制串接上编号再取 SHA-256,其十进制各位倒序置于“0.”之后;签号小者先中。"+
			"各阶段的种子为 S|F|标签,标签为 counties、units/县区编码、leaders/县区编码、inspectors/县区编码。"+
			"本页的名录库指纹、随机种子和校验码须与记录一致。",
		"The tickets are those of Rivest's consistent sampler: SHA-256 of hex(SHA-256(seed)) followed by the id, its decimal digits reversed after “0.”; the smallest ticket is drawn first. "+
			"Each stage seed is S|F|label with label counties, units/<county>, leaders/<county> or inspectors/<county>. "+
			"The fingerprint, seed and verification code on this sheet must equal those of the record."))
}

// verifierPage is the one line of every kind of sheet that says where to
// get the offline verifier page and how to use it (the QR code stays).
func (b *builder) verifierPage() {
	b.para(b.t("离线核验网页: 在装有本程序的电脑上运行 shuangsui verifier -o 核验.html,把网页和导出的记录复制到U盘,"+
		"在任何电脑上用浏览器打开网页并选择记录文件,即显示核验结论、指纹 F 和校验码(不需联网)。",
		"Offline verifier page: run shuangsui verifier -o 核验.html where the program is installed, copy the page and the exported record to a USB stick, "+
			"open the page in a browser on any computer and choose the record file: it shows the verdict, F and the verification code (no network needed)."))
}

// signatureTable is the empty signature table (#, role, name, signature,
// date) of every kind of sheet.
func (b *builder) signatureTable() *table {
	return &table{cols: []col{
		{head: b.t("序", "#"), span: "A", num: true},
		{head: b.t("身份", "Role"), span: "B", wrap: true, minW: 8},
		{head: b.t("姓名", "Name"), span: "C", wrap: true, minW: 8},
		{head: b.t("签字", "Signature"), span: "D:E", minW: 16, write: true},
		{head: b.t("日期", "Date"), span: "F", minW: 10, write: true},
	}}
}

func (b *builder) signatures() {
	b.heading("签字", "Signatures")
	t := b.signatureTable()
	n := 0
	add := func(role, name string) {
		n++
		t.rows = append(t.rows, []string{strconv.Itoa(n), role, name, "", ""})
	}
	add(b.t("操作员", "Operator"), b.c.Info.Operator)
	if p := b.c.Frame.Partner; p != "" {
		// A joint check: the partner department signs beside us (two rows,
		// names written by hand).
		for range 2 {
			add(b.t("联合检查部门", "Joint department")+" "+p, "")
		}
	}
	for _, w := range b.c.Witnesses {
		add(b.t("见证人", "Witness"), w.Name)
	}
	if len(b.c.Witnesses) == 0 {
		for range 3 {
			add(b.t("见证人", "Witness"), "")
		}
	}
	add(b.t("监督人", "Supervisor"), b.c.Info.Supervisor)
	b.doc.items = append(b.doc.items, item{kind: itSign, table: t})
}

// scopeEnglish says the recorded (Chinese) scope of a frame in English,
// the recorded words kept beside it in brackets.
func scopeEnglish(scope string) string {
	head, cats, hasCats := strings.Cut(scope, ";类别: ")
	en := head
	switch head {
	case "一套表联网直报单位":
		en = "direct-reporting units"
	case "名录库全部在营单位":
		en = "every unit in business in the library"
	}
	if hasCats {
		en += "; categories: " + strings.ReplaceAll(cats, "、", ", ")
	}
	if en == scope {
		return scope
	}
	return en + " (" + scope + ")"
}
