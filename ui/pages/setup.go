package pages

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"shuangsui/store/excel"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/session"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
	"shuangsui/ui/lang"
	"shuangsui/ui/sheet"
)

// Setup fields, in order.
const (
	fMatter = iota
	fRound
	fPlace
	fOrg
	fOperator
	fSupervisor
	fDate
	fCounties
	fUnits
	fOverride
	fMethod
	fMembers
	fLeaders
	fMonths
	fAlternates
	fScope
	fDigits
	fGo
)

// Setup is the form of a new ceremony with its feasibility checked live:
// every change runs sampling.Feasible, and the commit is refused, saying
// why, while the draw could fail for some seed. The eligible frame is read
// from the library only when what it depends on changes (matter, date,
// scope, no-repeat months), not when the draw's numbers do: on a large
// library that read is what takes time, and it runs in a command with
// its progress on screen (setupload.go), as does fixing the frame.
type Setup struct {
	*common.Common
	width, height int
	matters       []store.Matter
	form          components.Form
	// the latest check
	checked  store.FrameQuery // the query it read the library with
	frame    sampling.Frame
	ix       index // of frame: its counties by code
	ex       store.Exclusions
	report   sampling.Feasibility
	checkErr error
	// ratioWarn says when the parameters cannot reach the matter's ratio
	// (store.RatioWarningFor); it does not block the draw.
	ratioWarn string
	// the frame and exclusions last read from the library, for the query
	// frameKey (a frame query without the draw's parameters); frameReads
	// counts the reads.
	frameKey   *store.FrameQuery
	cached     sampling.Frame
	cachedEx   store.Exclusions
	cachedIx   index
	frameReads int
	// the read under way (nil: none) and the number of the latest asked
	// for; a read that failed keeps its query and error, shown until the
	// query changes.
	load      *frameLoad
	seq       int
	failedKey *store.FrameQuery
	failed    error
	// committing: the frame is being fixed (Backend.Start runs); pulse
	// moves its bar.
	committing bool
	pulse      int
	// checking: sampling.Feasible runs in a command (a large frame); the
	// result of check feasSeq is awaited. reportKey is the frame query of
	// the report on show, nil when none is.
	checking  bool
	feasSeq   int
	reportKey *store.FrameQuery
	// init is the first read, returned by Init.
	init tea.Cmd
	// bases caches each matter's enterprise count for the ratio warning
	// (store.DB.MatterBase reads every unit).
	bases map[string]int
	// directed is the kind of directed check F2 chose (SPEC.md §12), ""
	// for an ordinary draw. The per-county field then names the counties
	// the directed check is kept to.
	directed string
	// joint is a joint check (F3): partner names the department. A list
	// (F2, third mode) is read from listFile, with its reason and source.
	joint                             bool
	base                              []*components.Field // the fields of an ordinary draw, the button last
	partner, listFile, reason, source *components.Field
	// the list last read, by path (read again when the path changes)
	listPath string
	listIDs  []string
	listErr  error
}

// directedKinds are the modes F2 cycles through.
var directedKinds = []string{"", sampling.DirectedKey, sampling.DirectedDishonest, sampling.DirectedList}

// notDirected are the fields of an ordinary draw that a directed check
// does not have: it takes every unit of its frame (SPEC.md §12).
var notDirected = map[int]bool{fCounties: true, fUnits: true, fMethod: true, fMonths: true, fScope: true}

// goIdx is the index of the commit button: the last field.
func (s *Setup) goIdx() int { return len(s.form.Fields) - 1 }

// layout shows the fields of the mode: those of an ordinary draw (for a
// directed check without the county and unit counts, the method, the
// no-repeat period and the scope, which do not apply to it: SPEC.md §12),
// then the partner department of a joint check and the file, reason and
// source of a list, then the button. The focused field keeps the focus, or
// when it is hidden the field before it takes it. The values are read
// from s.base, whatever is shown.
func (s *Setup) layout() {
	focused := s.form.Focused()
	var fields []*components.Field
	for i, f := range s.base[:fGo] {
		if s.directed != "" && notDirected[i] {
			if f == focused {
				focused = fields[len(fields)-1]
			}
			continue
		}
		fields = append(fields, f)
	}
	if s.joint {
		fields = append(fields, s.partner)
	}
	if s.directed == sampling.DirectedList {
		fields = append(fields, s.listFile, s.reason, s.source)
	}
	s.form.Fields = append(fields, s.base[fGo])
	s.form.Focus = max(0, slices.Index(s.form.Fields, focused))
}

// toggleJoint turns the joint check (with a partner department) on or off.
func (s *Setup) toggleJoint() tea.Cmd {
	s.joint = !s.joint
	s.layout()
	return s.check()
}

// readList reads the list file (once per path).
func (s *Setup) readList() ([]string, error) {
	path := strings.TrimSpace(s.listFile.Value())
	if path == "" {
		return nil, errors.New(s.T("请填写名单文件(.xlsx 或 .csv,一列“统一社会信用代码”)", "give the list file (.xlsx or .csv with a column 统一社会信用代码)"))
	}
	if path != s.listPath {
		s.listPath = path
		s.listIDs, s.listErr = excel.ReadIDList(path)
	}
	return s.listIDs, s.listErr
}

// toggleDirected moves to the next mode: ordinary, directed at key units,
// directed at seriously dishonest units.
func (s *Setup) toggleDirected() tea.Cmd {
	i := slices.Index(directedKinds, s.directed)
	s.directed = directedKinds[(i+1)%len(directedKinds)]
	s.layout()
	f := s.base[fOverride]
	if s.directed == "" {
		f.Label, f.Hint = s.T("按县单位数(可选)", "Per county (optional)"), s.T("如 130821=5,兴隆县=6", "e.g. 130821=5,兴隆县=6")
	} else {
		f.Label, f.Hint = s.T("限定县(可选)", "Only counties"), s.T("如 130802,双滦区;留空为全市", "e.g. 130802,双滦区; empty = all")
	}
	return s.check()
}

// directedQuery sets the directed part of q from the mode and the county
// field (codes or names).
func (s *Setup) directedQuery(q *store.FrameQuery) error {
	date := q.DrawDate
	if len(date) < 10 {
		return errors.New(s.T("抽取日期应写作 YYYY-MM-DD", "the draw date should read YYYY-MM-DD"))
	}
	q.Directed = &sampling.Directed{Kind: s.directed, Reason: store.DirectedReason(s.directed, date)}
	q.Params.UnitsOverride = nil
	if s.directed == sampling.DirectedList {
		list, err := s.readList()
		if err != nil {
			return err
		}
		q.List = list
		q.Directed.Reason = strings.TrimSpace(s.reason.Value())
		q.Directed.Source = strings.TrimSpace(s.source.Value())
		if q.Directed.Source != "" {
			q.Directed.Source += "(" + filepath.Base(s.listPath) + ")"
		}
		if q.Directed.Reason == "" || q.Directed.Source == "" {
			return errors.New(s.T("指定名单的定向检查须写明理由和名单来源", "a directed list needs its reason and source"))
		}
	}
	v := s.base[fOverride].Value()
	if v == "" {
		return nil
	}
	counties, err := s.Backend.DB.Counties()
	if err != nil {
		return err
	}
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\uff0c' || r == ' ' || r == ';' || r == '、' }) {
		code := ""
		for _, c := range counties {
			if c.Code == part || c.Name == part {
				code = c.Code
			}
		}
		if code == "" {
			return fmt.Errorf(s.T("限定县中的 %s 不是县(市、区)代码或名称", "%s in the counties is not a county code or name"), part)
		}
		q.DirectedCounties = append(q.DirectedCounties, code)
	}
	return nil
}

// NewSetup prepares the form with the seed plan's defaults.
func NewSetup(c *common.Common) *Setup {
	s := &Setup{Common: c}
	ms, err := c.Backend.DB.Matters()
	for _, m := range ms {
		if !m.Retired {
			s.matters = append(s.matters, m)
		}
	}
	var names []string
	for _, m := range s.matters {
		names = append(names, fmt.Sprintf("%s %s", m.Code, m.Name))
	}
	today := c.Today()
	round := "1"
	if today[5:7] > "06" {
		round = "2"
	}
	org := ""
	if len(s.matters) > 0 {
		org = s.matters[0].Organisation
	}
	t := c.T
	f := []*components.Field{
		fMatter:     components.NewChoice(t("抽查事项", "Matter"), names, 0),
		fRound:      components.NewText(t("轮次", "Round"), t(today[:4]+"年第"+round+"轮", today[:4]+" round "+round), false),
		fPlace:      components.NewText(t("地点", "Place"), "", false),
		fOrg:        components.NewText(t("组织单位", "Organisation"), org, false),
		fOperator:   components.NewText(t("操作员", "Operator"), "", false),
		fSupervisor: components.NewText(t("监督人(可选)", "Supervisor (optional)"), "", false),
		fDate:       components.NewText(t("抽取日期", "Draw date"), today, false),
		fCounties:   components.NewNumber(t("抽取县(市、区)数", "Counties (k)"), 2, 1, 99),
		fUnits:      components.NewNumber(t("每县抽取单位数", "Units per county (m)"), 4, 1, 999),
		fOverride:   components.NewText(t("按县单位数(可选)", "Per county (optional)"), "", false),
		fMethod:     components.NewChoice(t("抽样方法", "Method"), []string{methodName(c.Lang, sampling.MethodSimple), methodName(c.Lang, sampling.MethodSystematic)}, 0),
		fMembers:    components.NewNumber(t("每组组员数(组长外)", "Members besides leader"), 1, 1, 20),
		fLeaders:    components.NewText(t("指定组长(证号)", "Designated leaders"), "", false),
		fMonths:     components.NewNumber(t("不重复期(月,0=不限)", "No-repeat months (0=off)"), store.DefaultNoRepeatMonths, 0, 120),
		fAlternates: components.NewNumber(t("备选数", "Alternates (r)"), 2, 0, 20),
		fScope:      components.NewChoice(t("范围", "Scope"), []string{t("仅一套表联网直报单位", "direct-reporting units only"), t("全部在库单位", "every unit in the library")}, 0),
		fDigits:     components.NewNumber(t("见证数字最少位数", "Minimum witness digits"), sampling.DefaultMinDigits, 1, 200),
		fGo:         components.NewButton(t("固定名录库,进入见证 >", "Commit the frame, go to witnesses >")),
	}
	f[fOverride].Hint = t("如 130821=5,兴隆县=6", "e.g. 130821=5,兴隆县=6")
	f[fLeaders].Hint = t("逗号分隔;留空则随机抽取", "comma-separated; empty = drawn")
	s.base = f
	s.partner = components.NewText(t("联合检查部门", "Joint with"), "", false)
	s.partner.Hint = t("如 承德市市场监督管理局", "e.g. 承德市市场监督管理局")
	s.listFile = components.NewText(t("名单文件", "List file"), "", false)
	s.listFile.Hint = t(".xlsx 或 .csv,一列“统一社会信用代码”", ".xlsx or .csv, a column 统一社会信用代码")
	s.reason = components.NewText(t("定向理由", "Reason"), "", false)
	s.reason.Hint = t("如 企业年度报告公示信息联合抽查", "why these units")
	s.source = components.NewText(t("名单来源", "List source"), "", false)
	s.source.Hint = t("如 市场监督管理局提供", "who gave the list")
	s.form = components.Form{Fields: slices.Clone(f)}
	s.form.Set(fRound)
	if err != nil {
		s.checkErr = err
	} else {
		s.init = s.check()
	}
	return s
}

// Init starts the first read of the frame.
func (s *Setup) Init() tea.Cmd { return s.init }

func (s *Setup) SetSize(w, h int) { s.width, s.height = w, h }

// Typing reports whether printable keys go to a text field.
func (s *Setup) Typing() bool { return s.form.Focused().Typing() }

func (s *Setup) ShortHelp() []key.Binding {
	k := s.KeyMap
	next := withHelp(k.Enter, s.T("下一项", "next field"))
	if s.form.Focus == s.goIdx() {
		next = withHelp(k.Enter, s.T("固定名录库", "commit"))
	}
	back := withHelp(k.Back, s.T("返回首页", "home"))
	field := pair(k.Up, k.Down, s.T("上一项/下一项", "field"))
	modes := key.NewBinding(key.WithKeys("f2", "f3"), key.WithHelp("F2/F3", s.T("定向/联合检查", "directed/joint")))
	switch s.form.Focused().Kind {
	case components.KindText, components.KindDigits:
		// q, p and ? type into the field
		return shortHelp(s.Common, typingQuit(s.Common), field, next, back, modes)
	case components.KindNumber:
		return shortHelp(s.Common, helpQuit(s.Common), field, k.Digits, pair(k.Left, k.Right, s.T("减/加 1", "-1/+1")), next, back, modes, k.Projector)
	case components.KindChoice:
		return shortHelp(s.Common, helpQuit(s.Common), field, pair(k.Left, k.Right, s.T("换一个", "change")), next, back, modes, k.Projector)
	}
	return shortHelp(s.Common, helpQuit(s.Common), field, next, back, modes, k.Projector)
}

func (s *Setup) FullHelp() [][]key.Binding {
	k := s.KeyMap
	return [][]key.Binding{
		{k.Up, k.Down, k.Tab, k.ShiftTab},
		{withHelp(k.Left, s.T("减少/上一选项", "less/previous")), withHelp(k.Right, s.T("增加/下一选项", "more/next")), k.Digits, withHelp(k.Enter, s.T("下一项/固定", "next/commit")), withHelp(k.Back, s.T("返回首页", "home"))},
		{k.Projector, k.Help, k.Quit, k.ForceQuit},
		{key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", s.T("定向检查: 重点单位/严重失信/指定名单", "directed: key/dishonest/list"))),
			key.NewBinding(key.WithKeys("f3"), key.WithHelp("F3", s.T("跨部门联合抽查", "joint check")))},
	}
}

func (s *Setup) matter() (store.Matter, bool) {
	i := s.base[fMatter].Choice
	if i < 0 || i >= len(s.matters) {
		return store.Matter{}, false
	}
	return s.matters[i], true
}

// query reads the form into a frame query.
func (s *Setup) query() (store.FrameQuery, error) {
	f := s.base
	m, ok := s.matter()
	if !ok {
		return store.FrameQuery{}, errors.New(s.T("没有可用的抽查事项", "no spot-check matter available"))
	}
	p := sampling.Params{
		Counties:       f[fCounties].Num,
		UnitsPerCounty: f[fUnits].Num,
		Method:         sampling.MethodSimple,
		Members:        f[fMembers].Num,
		Alternates:     f[fAlternates].Num,
	}
	if f[fMethod].Choice == 1 {
		p.Method = sampling.MethodSystematic
	}
	if v := f[fOverride].Value(); v != "" && s.directed == "" {
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\uff0c' || r == ' ' || r == ';' }) {
			county, n, ok := strings.Cut(strings.ReplaceAll(part, "\uff1d", "="), "=")
			units, err := strconv.Atoi(strings.TrimSpace(n))
			if !ok || err != nil {
				return store.FrameQuery{}, fmt.Errorf(s.T("按县单位数 %q 应写作 县代码或县名=数量", "per-county count %q should read COUNTY=N (code or name)"), part)
			}
			p.UnitsOverride = append(p.UnitsOverride, sampling.CountyCount{County: strings.TrimSpace(county), Units: units})
		}
	}
	if v := f[fLeaders].Value(); v != "" {
		for _, l := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\uff0c' || r == ' ' || r == ';' || r == '、' }) {
			p.Leaders = append(p.Leaders, strings.TrimSpace(l))
		}
	}
	months := f[fMonths].Num
	if months == 0 {
		months = -1
	}
	q := store.FrameQuery{
		MatterCode: m.Code, MatterVersion: m.Version, DrawDate: f[fDate].Value(),
		Params: p, NoRepeatMonths: months, DirectReportingOnly: f[fScope].Choice == 0,
	}
	if s.directed != "" {
		if err := s.directedQuery(&q); err != nil {
			return store.FrameQuery{}, err
		}
	}
	if s.joint {
		q.Partner = strings.TrimSpace(s.partner.Value())
		if q.Partner == "" {
			return store.FrameQuery{}, errors.New(s.T("联合检查须填写联合检查部门", "a joint check needs its partner department"))
		}
	}
	return q, nil
}

// check rebuilds the frame and its feasibility from the form. When the
// frame must be read first it returns the command that reads it (the
// check runs again with its result); otherwise it checks at once and
// returns nil.
func (s *Setup) check() tea.Cmd {
	prevKey, prevReport, prevErr, prevWarn := s.reportKey, s.report, s.checkErr, s.ratioWarn
	s.checking, s.reportKey = false, nil
	s.feasSeq++ // a check still running is stale now
	s.checkErr = nil
	s.report = sampling.Feasibility{}
	s.ratioWarn = ""
	q, err := s.query()
	if err != nil {
		s.checkErr = err
		return nil
	}
	s.checked = q
	for _, o := range q.Params.UnitsOverride {
		if o.County == "" {
			s.checkErr = errors.New(s.T("按县单位数缺少县代码", "per-county count without a county code"))
			return nil
		}
	}
	key := q
	key.Params = sampling.Params{}
	if s.frameKey == nil || !reflect.DeepEqual(key, *s.frameKey) {
		s.frame, s.ex, s.ix = sampling.Frame{}, store.Exclusions{}, newIndex(sampling.Frame{})
		switch {
		case s.load != nil && reflect.DeepEqual(key, s.load.key):
			return nil // being read
		case s.load == nil && s.failedKey != nil && reflect.DeepEqual(key, *s.failedKey):
			s.checkErr = s.failed // read and failed: shown until the query changes
			return nil
		}
		return s.read(key, q)
	}
	if s.load != nil { // back to the frame already read
		s.load.stop.Store(true)
		s.load = nil
	}
	// Neither the frame nor its index depends on the parameters: they are
	// set on a copy.
	s.frame, s.ex, s.ix = s.cached, s.cachedEx, s.cachedIx
	s.frame.Params = q.Params
	if q.Directed != nil {
		s.frame.Params = s.frame.DirectedParams(q.Params) // every unit (SPEC.md §12)
	}
	// A county may be given by its code or by its name; the frame keeps
	// the code.
	known, byName := map[string]bool{}, map[string]string{}
	for _, c := range s.frame.Counties {
		known[c.ID], byName[c.Name] = true, c.ID
	}
	for i, o := range s.frame.Params.UnitsOverride {
		if known[o.County] {
			continue
		}
		id, ok := byName[o.County]
		if !ok {
			s.checkErr = fmt.Errorf(s.T("按县单位数中的 %s 不是有合格单位的县(市、区)", "%s in the per-county counts is not a county with eligible units"), o.County)
			return nil
		}
		s.frame.Params.UnitsOverride[i].County = id
	}
	if len(s.frame.Units) >= feasibleInBackground {
		// The last report of this frame stays on show, marked as being
		// checked again, until the new one comes (setupload.go).
		if prevKey != nil && reflect.DeepEqual(*prevKey, *s.frameKey) {
			s.reportKey, s.report, s.checkErr, s.ratioWarn = prevKey, prevReport, prevErr, prevWarn
		}
		return s.feasible()
	}
	s.feasibleDone(sampling.Feasible(s.frame))
	return nil
}

// feasibleDone takes the result of sampling.Feasible for s.frame.
func (s *Setup) feasibleDone(report sampling.Feasibility, err error) {
	s.report, s.checkErr, s.ratioWarn, s.reportKey = report, err, "", s.frameKey
	if err == nil && s.directed == "" { // a directed check takes every unit: no ratio to reach
		m, _ := s.matter()
		// Read with the frame (setupload.go), once per matter.
		if base, ok := s.bases[m.Code]; ok {
			p := s.frame.Params
			s.ratioWarn = store.RatioWarningFor(m, base, p.Counties*p.UnitsPerCounty)
		}
	}
}

// info builds the record's description of the ceremony from the form.
func (s *Setup) info() sampling.Info {
	f := s.base
	m, _ := s.matter()
	org := f[fOrg].Value()
	months := f[fMonths].Num
	// The record is an official Chinese document whatever the screen language.
	scope := "一套表联网直报单位"
	if f[fScope].Choice == 1 {
		scope = "名录库全部在营单位"
	}
	if len(m.Categories) > 0 {
		scope += ";类别: " + strings.Join(m.Categories, "、")
	}
	if s.directed != "" {
		scope, months = "定向检查: "+store.DirectedKindName(s.directed), 0
	}
	partner := ""
	if s.joint {
		partner = s.partner.Value()
	}
	title := sheet.DefaultTitle(org, s.directed, partner, lang.ZH)
	return sampling.Info{
		Title:          title,
		Organisation:   org,
		Round:          f[fRound].Value(),
		Place:          f[fPlace].Value(),
		Operator:       f[fOperator].Value(),
		Supervisor:     f[fSupervisor].Value(),
		MatterBasis:    m.Basis,
		MatterContent:  m.Content,
		Scope:          scope,
		NoRepeatMonths: months,
		MinDigits:      f[fDigits].Num,
		Exclusions:     session.InfoExclusions(s.ex),
	}
}

// shortageLine says that the draw cannot succeed and why: the first limit
// shortages (all when limit <= 0) named, the rest counted.
func (s *Setup) shortageLine(limit int) string {
	var parts []string
	for _, sh := range s.report.Shortages {
		parts = append(parts, shortageText(s.Lang, s.ix, sh))
	}
	more := ""
	if n := len(parts); limit > 0 && n > limit {
		parts = parts[:limit]
		more = s.T(fmt.Sprintf(";另有 %d 项不足", n-limit), fmt.Sprintf("; %d more shortages", n-limit))
	}
	return s.T("名录库不满足抽取条件: ", "the draw cannot succeed for every seed: ") + strings.Join(parts, s.T(";", "; ")) + more
}

// blocker says why the ceremony cannot start now, or "".
func (s *Setup) blocker() string {
	f := s.base
	switch {
	case s.committing:
		return s.T("正在固定名录库", "the frame is being committed")
	case s.load != nil:
		return s.T("正在读取名录库, 读完后检查可行性", "the library is being read; feasibility is checked when it ends")
	case s.checking && s.reportKey == nil:
		return s.T("正在检查可行性", "feasibility is being checked")
	case s.checkErr != nil:
		return s.checkErr.Error()
	case !s.report.OK():
		return s.shortageLine(0)
	case f[fOrg].Value() == "":
		return s.T("请填写组织单位", "enter the organisation")
	case f[fOperator].Value() == "":
		return s.T("请填写操作员", "enter the operator")
	}
	if err := s.Backend.DB.CheckRoundDate(f[fRound].Value(), f[fDate].Value()); err != nil {
		return err.Error() // the draw date outside the round's period (rounds set)
	}
	return ""
}

func (s *Setup) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := s.updateLoad(msg); ok {
		return s, cmd
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok || s.committing {
		return s, nil // the form is not changed under the frame being fixed
	}
	switch km.String() {
	case "up", "shift+tab":
		return s, s.move(-1)
	case "down", "tab":
		return s, s.move(1)
	case "esc":
		if s.load != nil {
			s.load.stop.Store(true) // nobody will look at it
		}
		return s, common.Open(common.PageHome, nil)
	case "f2":
		return s, s.toggleDirected()
	case "f3":
		return s, s.toggleJoint()
	case "enter":
		if s.form.Focus != s.goIdx() {
			return s, s.move(1)
		}
		return s, s.commit()
	}
	changed, cmd := s.form.Focused().Update(km)
	if r := refused(s.Common, s.form.Focused()); r != nil {
		cmd = tea.Batch(cmd, r)
	}
	if changed {
		if s.form.Focused() == s.base[fMatter] {
			if m, ok := s.matter(); ok && m.Organisation != "" && s.base[fOrg].Value() == "" {
				s.base[fOrg].Input.SetValue(m.Organisation)
			}
		}
		cmd = tea.Batch(cmd, s.recheck())
	}
	return s, cmd
}

// recheck runs the check again unless the frame query is the one the
// last check read the library with: typing the operator's name or the
// place does not rebuild the frame at every key. It returns the command
// that reads the frame when it must be read.
func (s *Setup) recheck() tea.Cmd {
	if q, err := s.query(); err == nil && s.checkErr == nil && reflect.DeepEqual(q, s.checked) {
		return nil
	}
	return s.check()
}

// move moves the focus by d. A number typed below its minimum is raised
// to it as the field is left, and the check runs again.
func (s *Setup) move(d int) tea.Cmd {
	f := s.form.Focused()
	before := f.Num
	cmd := s.form.Move(d)
	if f.Num != before {
		cmd = tea.Batch(cmd, s.check())
	}
	return cmd
}

// commit starts the ceremony: the frame is committed and fingerprinted
// in the store (in a command, setupload.go) before the Commit screen
// shows it. The parameters were validated when they were typed (recheck);
// they are not read again unless the form changed since.
func (s *Setup) commit() tea.Cmd {
	read := s.recheck()
	why := s.blocker()
	if why == "" && s.checking {
		why = s.T("正在按新的参数检查可行性, 请稍候再按", "feasibility is being checked for the new numbers; press again in a moment")
	}
	if why != "" {
		return tea.Batch(read, common.Error(errors.New(s.T("不能继续: ", "cannot continue: ")+why)))
	}
	return s.startCommit()
}

func (s *Setup) View() string {
	st := s.Styles
	lw := s.form.LabelWidth()
	twoCol := s.width >= 96
	formW := s.width
	if twoCol {
		formW = s.width * 11 / 20
	}
	var lines []string
	for i, f := range s.form.Fields {
		lines = append(lines, f.View(i == s.form.Focus, lw, formW, st.Label, st.Focused, st.Value, st.Subtle))
	}
	if m, ok := s.matter(); ok {
		plain := lipgloss.NewStyle()
		lines = append(lines, "", wrap(plain, s.T("依据: ", "Basis: ")+m.Basis, formW, 2), wrap(plain, s.T("内容: ", "Content: ")+m.Content, formW, 2))
		if len(m.Categories) > 0 {
			lines = append(lines, wrap(plain, s.T("类别: ", "Categories: ")+strings.Join(m.Categories, "、"), formW, 2))
		}
	}
	if s.joint {
		lines = append([]string{wrap(st.Title, s.T("跨部门联合抽查:与联合检查部门共同组织,本局执法人员随机抽取参加;F3 取消",
			"Joint check: held with the partner department, our inspectors drawn to join; F3 turns it off"), formW, 2)}, lines...)
	}
	if s.directed != "" {
		lines = append([]string{wrap(st.Title, s.T("定向检查("+store.DirectedKindName(s.directed)+"):名录中的每一个单位都检查,只抽取执法人员(不抽县和单位,没有不重复期和范围);F2 切换",
			"Directed check ("+map[string]string{sampling.DirectedKey: "key units", sampling.DirectedDishonest: "seriously dishonest units", sampling.DirectedList: "given list"}[s.directed]+"): every unit of the frame is inspected, only the inspectors are drawn (no county or unit draw, no no-repeat period or scope); F2 switches"), formW, 2)}, lines...)
	}
	form := strings.Join(lines, "\n")
	if !twoCol {
		// Narrow screen: a one-line verdict stays on top, the details
		// follow the form.
		summary := s.verdict(s.width)
		rest := s.height - height(summary)
		details := s.feasibility(s.width, 0)
		if s.workView(s.width) != "" {
			details = "" // the progress is on top already
		}
		return join(summary, window(join(form, "", details), rest, s.form.Focus))
	}
	feas := s.feasibility(s.width-formW-2, s.height)
	return clip(columns(window(form, s.height, s.form.Focus), feas, formW, 2), s.height)
}

// verdict is the live check, wrapped to w cells.
func (s *Setup) verdict(w int) string {
	if work := s.workView(w); work != "" {
		return work
	}
	if why := s.blocker(); why != "" {
		if s.checkErr == nil && !s.report.OK() {
			// On a narrow screen the verdict stays on top: name the first
			// two shortages and count the rest, so the form keeps its room.
			why = s.shortageLine(2)
		}
		return wrap(s.Styles.Error, s.T("X 不能继续: ", "X cannot continue: ")+why, w, 0)
	}
	return wrap(s.Styles.OK, s.T(fmt.Sprintf("OK 可以固定名录库:合格单位 %d 个,有合格单位的县 %d 个", len(s.frame.Units), s.report.Counties),
		fmt.Sprintf("OK ready: %d eligible units in %d counties", len(s.frame.Units), s.report.Counties)), w, 0)
}

// feasibility draws the live check, w cells wide and, when maxLines > 0,
// listing only the shortages that fit in maxLines lines.
func (s *Setup) feasibility(w, maxLines int) string {
	st := s.Styles
	plain := lipgloss.NewStyle()
	title := s.T("可行性(随参数实时检查)", "Feasibility (live)")
	if s.checking {
		title += s.T(" 检查中…", " checking...")
	}
	out := []string{wrap(st.Title, title, w, 0)}
	if work := s.workView(w); work != "" {
		return strings.Join(append(out, work), "\n")
	}
	if s.checkErr != nil {
		out = append(out, wrap(st.Error, s.T("X 不能继续: ", "X cannot continue: ")+s.checkErr.Error(), w, 2))
		return strings.Join(out, "\n")
	}
	months := s.base[fMonths].Num
	out = append(out, wrap(plain, s.T(
		fmt.Sprintf("合格单位 %d 个,排除 %d 个;有合格单位的县 %d 个", len(s.frame.Units), s.ex.Total(), s.report.Counties),
		fmt.Sprintf("%d eligible units, %d excluded; %d counties with eligible units", len(s.frame.Units), s.ex.Total(), s.report.Counties)), w, 0))
	var reasons []string
	for _, r := range []string{store.ExclRemoved, store.ExclClosed, store.ExclDeregistered, store.ExclInactiveCounty,
		store.ExclOutOfScopeCategory, store.ExclNotDirectReporting, store.ExclInspectedRecently, store.ExclDrawnRecently, store.ExclNotDirected} {
		if n := s.ex.ByReason[r]; n > 0 {
			reasons = append(reasons, keep(fmt.Sprintf("%s %d", reasonName(s.Lang, r, months), n)))
		}
	}
	if len(reasons) > 0 {
		out = append(out, wrap(st.Subtle, s.T("排除: ", "excluded: ")+strings.Join(reasons, "  "), w, 2))
	}
	t := components.Table{
		Headers: []string{s.T("县(市、区)", "county"), s.T("合格", "eligible"), s.T("抽取", "take"),
			s.T("可派人员", "inspectors"), s.T("可任组长", "leaders")},
		HeadStyle: st.TableHead, Flex: 0, Right: map[int]bool{1: true, 2: true, 3: true, 4: true},
	}
	short := map[string]bool{}
	for _, sh := range s.report.Shortages {
		short[sh.County] = true
	}
	var bad []bool
	for _, p := range s.report.Pools {
		t.Rows = append(t.Rows, []string{s.ix.countyName(p.County), strconv.Itoa(p.Units), strconv.Itoa(p.Take), strconv.Itoa(p.Members), strconv.Itoa(p.Leaders)})
		bad = append(bad, short[p.County])
	}
	t.RowStyle = func(i int) lipgloss.Style {
		if bad[i] {
			return st.Error
		}
		return st.Value
	}
	out = append(out, t.Render(w))
	active := 0
	for _, in := range s.frame.Inspectors {
		if in.Active {
			active++
		}
	}
	out = append(out, wrap(st.Subtle, s.T(
		fmt.Sprintf("检查人员 %d 名(在岗 %d);专业要求: %s", len(s.frame.Inspectors), active, s.frame.Matter.Specialty),
		fmt.Sprintf("%d inspectors (%d active); specialty: %s", len(s.frame.Inspectors), active, s.frame.Matter.Specialty)), w, 2))
	if s.frame.HomeCountyAllowed { // org --level county (store/organisation.go)
		out = append(out, wrap(st.Subtle, s.T("县级统计局: 可选派本县执法人员", "county bureau: its own staff may inspect"), w, 2))
	}
	var blockers []string // what stops the ceremony, one item a line
	if why := s.blocker(); why != "" {
		out = append(out, wrap(st.Error, s.T("X 不能继续:", "X cannot continue:"), w, 0))
		if !s.report.OK() {
			for _, sh := range s.report.Shortages {
				blockers = append(blockers, shortageText(s.Lang, s.ix, sh))
			}
		} else {
			blockers = append(blockers, why)
		}
	} else {
		out = append(out, wrap(st.OK, s.T("OK 可以固定名录库", "OK ready to commit the frame"), w, 0))
	}
	if s.ratioWarn != "" {
		out = append(out, wrap(st.Warn, "! "+s.ratioWarn, w, 2))
	}
	// Each reason is listed while it fits in maxLines, its wrapped lines
	// under its text; the rest are counted on one line, so that a long
	// list is never cut without a word.
	used := height(strings.Join(out, "\n"))
	more := func(n int) string {
		return wrap(st.Error, s.T(fmt.Sprintf("  ... 另有 %d 项不足(放大窗口可见全部)", n),
			fmt.Sprintf("  ... %d more shortages (enlarge the window to see them)", n)), w, 6)
	}
	for i, r := range blockers {
		line := wrap(st.Error, "  - "+r, w, 4)
		left := len(blockers) - i
		need := height(line)
		if left > 1 {
			need += height(more(left - 1)) // room for the count of the rest
		}
		if maxLines > 0 && used+need > maxLines {
			out = append(out, more(left))
			break
		}
		out = append(out, line)
		used += height(line)
	}
	return strings.Join(out, "\n")
}

// shortageText says what a feasibility shortage lacks, naming the county
// (its code follows in parentheses).
func shortageText(l lang.Lang, ix index, sh sampling.Shortage) string {
	county := sh.County
	if name := ix.countyName(sh.County); name != sh.County {
		county = name + l.T("(", " (") + sh.County + l.T(")", ")")
	}
	d := sh.Need - sh.Have
	switch sh.Pool {
	case "counties":
		return l.T(fmt.Sprintf("有合格单位的县(市、区)只有 %d 个,需要 %d 个,差 %d 个", sh.Have, sh.Need, d),
			fmt.Sprintf("only %d counties have eligible units, %d needed, %d short", sh.Have, sh.Need, d))
	case "leaders":
		return l.T(fmt.Sprintf("%s:可任组长的执法人员只有 %d 名,最坏情况下需要 %d 名,差 %d 名", county, sh.Have, sh.Need, d),
			fmt.Sprintf("%s: only %d inspectors can lead, %d needed in the worst case, %d short", county, sh.Have, sh.Need, d))
	case "designated_leaders":
		return l.T(fmt.Sprintf("%s:可到该地检查的指定组长只有 %d 名,最坏情况下需要 %d 名,差 %d 名", county, sh.Have, sh.Need, d),
			fmt.Sprintf("%s: only %d designated leaders can serve there, %d needed in the worst case, %d short", county, sh.Have, sh.Need, d))
	}
	return l.T(fmt.Sprintf("%s:可选派的执法人员只有 %d 名,最坏情况下需要 %d 名,差 %d 名", county, sh.Have, sh.Need, d),
		fmt.Sprintf("%s: only %d inspectors can be sent, %d needed in the worst case, %d short", county, sh.Have, sh.Need, d))
}
