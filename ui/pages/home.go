package pages

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"shuangsui/store"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
	"shuangsui/ui/textwrap"
)

// Home shows the state of the library, warnings, and the ceremonies: in
// progress (enter resumes at the same screen) and finished (enter shows
// the seal, from where the sheet and the record are written).
type Home struct {
	*common.Common
	width, height int
	data          homeData
	err           error
	sel           int
}

type homeData struct {
	counties      []store.County
	unitsBy       map[string]int // in the library (not removed)
	activeBy      map[string]int // in the library and active
	removed       int
	inspectors    int
	active        int
	bySpecialty   map[string]int
	matters       []store.Matter
	ceremonies    []store.CeremonySummary // open first, then finished, newest first
	expired       []string
	undertrained  []string
	openCount     int
	finishedCount int
	overdue       []store.Publication // unpublished results past their due date
	dueSoon       []store.Publication // due within 5 working days
	// penaltiesLate: penalties not published (双公示) that are overdue or
	// due within 5 working days of their 7; followups: problem results
	// with neither penalty nor transfer.
	penaltiesLate []store.PenaltyPublication
	followups     int
	backups       []store.BackupInfo // automatic backups, newest first
}

// NewHome loads the library summary and the ceremony list.
func NewHome(c *common.Common) *Home {
	h := &Home{Common: c}
	h.reload()
	return h
}

func (h *Home) reload() {
	d, err := loadHome(h.Backend.DB, h.Today())
	h.data, h.err = d, err
	h.sel = min(h.sel, max(0, len(d.ceremonies)-1))
}

func loadHome(db *store.DB, today string) (homeData, error) {
	d := homeData{unitsBy: map[string]int{}, activeBy: map[string]int{}, bySpecialty: map[string]int{}}
	var err error
	if d.counties, err = db.Counties(); err != nil {
		return d, err
	}
	err = db.EachUnit(func(u store.Unit) error {
		if u.Removed {
			d.removed++
			return nil
		}
		d.unitsBy[u.County]++
		if u.Status == store.StatusActive {
			d.activeBy[u.County]++
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	ins, err := db.Inspectors()
	if err != nil {
		return d, err
	}
	year := today[:4]
	for _, in := range ins {
		d.inspectors++
		if !in.Active {
			continue
		}
		d.active++
		for _, s := range in.Specialties {
			d.bySpecialty[s]++
		}
		if in.ValidUntil != "" && in.ValidUntil < today {
			d.expired = append(d.expired, in.Name)
		}
		days := 0.0
		for _, t := range in.Training {
			if strings.HasPrefix(t.Date, year) {
				days += t.Days
			}
		}
		if days < 2 {
			d.undertrained = append(d.undertrained, in.Name)
		}
	}
	if d.matters, err = db.Matters(); err != nil {
		return d, err
	}
	cal, _, err := db.LoadCalendar("")
	if err != nil {
		return d, err
	}
	attention, err := db.Attention(cal, today)
	if err != nil {
		return d, err
	}
	for _, p := range attention {
		if p.State == store.PubOverdue {
			d.overdue = append(d.overdue, p)
		} else {
			d.dueSoon = append(d.dueSoon, p)
		}
	}
	pps, err := db.PenaltyPublications(cal, today)
	if err != nil {
		return d, err
	}
	for _, p := range pps {
		if p.State == store.PubOverdue || p.State == store.PubDueSoon {
			d.penaltiesLate = append(d.penaltiesLate, p)
		}
	}
	fus, err := db.FollowUps(cal, "", today)
	if err != nil {
		return d, err
	}
	d.followups = len(fus)
	if d.backups, err = store.ListBackups(db.Path()); err != nil {
		return d, err
	}
	cs, err := db.Ceremonies()
	if err != nil {
		return d, err
	}
	open := func(c store.CeremonySummary) bool { return !c.Sealed && !c.Abandoned && c.Problem == "" && c.Steps > 0 }
	slices.SortStableFunc(cs, func(a, b store.CeremonySummary) int {
		if open(a) != open(b) {
			if open(a) {
				return -1
			}
			return 1
		}
		return strings.Compare(b.ID, a.ID)
	})
	for _, c := range cs {
		if c.Steps == 0 {
			continue // created but never committed: nothing to show
		}
		if open(c) {
			d.openCount++
		} else {
			d.finishedCount++
		}
		d.ceremonies = append(d.ceremonies, c)
	}
	return d, nil
}

func (h *Home) Init() tea.Cmd { return nil }

func (h *Home) SetSize(w, ht int) { h.width, h.height = w, ht }

func (h *Home) ShortHelp() []key.Binding {
	k := h.KeyMap
	return shortHelp(h.Common, helpQuit(h.Common), k.New, h.open(), k.Import, k.Coverage, k.Backup, k.Projector, k.Refresh, pair(k.Up, k.Down, h.T("选择", "select")))
}

func (h *Home) FullHelp() [][]key.Binding {
	k := h.KeyMap
	return [][]key.Binding{{k.New, h.open(), k.Up, k.Down}, {k.Import, k.Coverage, k.Followup, k.Backup, k.Refresh}, {k.Projector, k.Help, k.Quit, k.ForceQuit}}
}

func (h *Home) open() key.Binding { return withHelp(h.KeyMap.Enter, h.T("打开", "open")) }

func (h *Home) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return h, nil
	}
	switch {
	case key.Matches(km, h.KeyMap.Up):
		h.sel = max(0, h.sel-1)
	case key.Matches(km, h.KeyMap.Down):
		h.sel = min(max(0, len(h.data.ceremonies)-1), h.sel+1)
	case key.Matches(km, h.KeyMap.Refresh):
		h.reload()
	case key.Matches(km, h.KeyMap.Import):
		return h, common.Open(common.PageImport, nil)
	case key.Matches(km, h.KeyMap.Coverage):
		return h, common.Open(common.PageCoverage, nil)
	case key.Matches(km, h.KeyMap.Followup):
		return h, common.Open(common.PageFollowup, nil)
	case key.Matches(km, h.KeyMap.New):
		if len(h.data.matters) == 0 {
			return h, common.Error(fmt.Errorf("%s", h.T("没有抽查事项:请先导入抽查事项清单", "no spot-check matters: import the matter list first")))
		}
		return h, common.Open(common.PageSetup, nil)
	case key.Matches(km, h.KeyMap.Enter):
		if len(h.data.ceremonies) == 0 {
			return h, nil
		}
		c := h.data.ceremonies[h.sel]
		if c.Problem != "" {
			return h, common.Error(fmt.Errorf("%s %s: %s", h.T("仪式", "ceremony"), c.ID, c.Problem))
		}
		s, err := h.Backend.Resume(c.ID)
		if err != nil {
			return h, common.Error(fmt.Errorf("%s %s: %w", h.T("打开仪式", "opening ceremony"), c.ID, err))
		}
		return h, common.Open(common.PageFor(s.Ceremony()), s)
	}
	return h, nil
}

// backupLine names the newest automatic backup, in the app clock's zone.
func (h *Home) backupLine() string {
	if len(h.data.backups) == 0 {
		return h.T("尚无自动备份", "no automatic backup yet")
	}
	b := h.data.backups[0]
	at := b.Taken.In(h.Clock().Location()).Format("2006-01-02 15:04")
	return h.T("最近备份 "+at+" "+b.ReasonText(false), "last backup "+at+" "+b.ReasonText(true))
}

func (h *Home) View() string {
	if h.err != nil {
		return h.Styles.Error.Render(h.T("读取名录库失败: ", "reading the library failed: ") + h.err.Error())
	}
	d := h.data
	st := h.Styles
	total, active := 0, 0
	for _, n := range d.unitsBy {
		total += n
	}
	for _, n := range d.activeBy {
		active += n
	}
	lib := []string{st.Title.Render(h.T("名录库", "Library"))}
	lib = append(lib, h.T(
		fmt.Sprintf("县(市、区) %d 个  单位 %d 个(在营 %d)", len(d.counties), total, active),
		fmt.Sprintf("%d counties  %d units (%d active)", len(d.counties), total, active)),
		h.T(fmt.Sprintf("检查人员 %d 名(在岗 %d)  抽查事项 %d 项", d.inspectors, d.active, len(d.matters)),
			fmt.Sprintf("%d inspectors (%d active)  %d matters", d.inspectors, d.active, len(d.matters))),
		h.backupLine())
	leftW := h.width
	twoCol := h.width >= 90
	if twoCol {
		leftW = h.width * 11 / 20
	}
	warn := slices.Clone(h.Backend.DB.Warnings())
	if len(d.counties) == 0 || total == 0 {
		warn = append(warn, h.T("单位名录库为空:请先导入", "the unit library is empty: import it first"))
	}
	if d.inspectors == 0 {
		warn = append(warn, h.T("执法检查人员名录库为空:请先导入", "the inspector library is empty: import it first"))
	}
	if len(d.matters) == 0 {
		warn = append(warn, h.T("没有抽查事项", "no spot-check matters"))
	}
	if n := len(d.expired); n > 0 {
		warn = append(warn, h.T(fmt.Sprintf("%d 名检查人员执法证已过期: %s", n, short(h.Common, d.expired, 4)),
			fmt.Sprintf("%d inspectors' certificates have expired: %s", n, short(h.Common, d.expired, 4))))
	}
	if n := len(d.undertrained); n > 0 {
		warn = append(warn, h.T(fmt.Sprintf("%d 名检查人员今年培训不足 2 天: %s", n, short(h.Common, d.undertrained, 4)),
			fmt.Sprintf("%d inspectors have under 2 training days this year: %s", n, short(h.Common, d.undertrained, 4))))
	}
	if n := len(d.overdue); n > 0 {
		warn = append(warn, h.T(fmt.Sprintf("%d 个检查结果已超过 20 个工作日公示期限: %s", n, pubNames(h.Common, d.overdue)),
			fmt.Sprintf("%d results are past their 20-working-day publication deadline: %s", n, pubNames(h.Common, d.overdue))))
	}
	if n := len(d.dueSoon); n > 0 {
		warn = append(warn, h.T(fmt.Sprintf("%d 个检查结果 5 个工作日内须公示: %s", n, pubNames(h.Common, d.dueSoon)),
			fmt.Sprintf("%d results must be published within 5 working days: %s", n, pubNames(h.Common, d.dueSoon))))
	}
	if n := len(d.penaltiesLate); n > 0 {
		first := d.penaltiesLate[0]
		warn = append(warn, h.T(fmt.Sprintf("%d 个行政处罚未公示,已逾期或 5 个工作日内到期(处罚决定后 7 个工作日): %s 应于 %s", n, first.Penalty.DecisionNo, first.DueText()),
			fmt.Sprintf("%d penalties unpublished, overdue or due within 5 working days (7 after the decision): %s due %s", n, first.Penalty.DecisionNo, first.DueText())))
	}
	if d.followups > 0 {
		warn = append(warn, h.T(fmt.Sprintf("%d 个检查结果发现问题,尚无处罚或移送: 按 u 查看", d.followups),
			fmt.Sprintf("%d results found a problem and have neither penalty nor transfer: u lists them", d.followups)))
	}
	warnBlock := ""
	if len(warn) > 0 {
		lines := []string{st.Warn.Render(h.T("提醒", "Warnings"))}
		for _, w := range warn {
			lines = append(lines, wrap(st.Warn, "! "+w, leftW, 2))
		}
		warnBlock = strings.Join(lines, "\n")
	}

	t := components.Table{
		Headers:   []string{h.T("代码", "code"), h.T("县(市、区)", "county"), h.T("单位", "units"), h.T("在营", "active"), h.T("状态", "status")},
		HeadStyle: st.TableHead, Flex: 1, Right: map[int]bool{2: true, 3: true},
	}
	for _, c := range d.counties {
		status := h.T("启用", "active")
		if !c.Active {
			status = h.T("停用", "inactive")
		}
		t.Rows = append(t.Rows, []string{c.Code, c.Name, strconv.Itoa(d.unitsBy[c.Code]), strconv.Itoa(d.activeBy[c.Code]), status})
	}
	var specs []string
	names := make([]string, 0, len(d.bySpecialty))
	for s := range d.bySpecialty {
		names = append(names, s)
	}
	slices.SortFunc(names, func(a, b string) int {
		ia, ib := slices.Index(store.DefaultSpecialties, a), slices.Index(store.DefaultSpecialties, b)
		if ia != ib && ia >= 0 && ib >= 0 {
			return ia - ib
		}
		return strings.Compare(a, b)
	})
	for _, s := range names {
		specs = append(specs, keep(fmt.Sprintf("%s %d", s, d.bySpecialty[s])))
	}
	specLine := wrap(lipgloss.NewStyle(), h.T("检查人员按专业: ", "inspectors by specialty: ")+strings.Join(specs, "  "), leftW, 2)

	// The ceremonies: the right column, or above the rest on a narrow
	// screen; its lines wrap in it.
	rightW := h.width
	if twoCol {
		rightW = h.width - leftW - 3
	}
	cer := []string{st.Title.Render(h.T("抽取仪式", "Ceremonies"))}
	if len(d.ceremonies) == 0 {
		cer = append(cer, wrap(st.Subtle, h.T("还没有抽取仪式。按 n 开始新的抽取。", "No ceremonies yet. Press n to start a draw."), rightW, 0))
	}
	for i, c := range d.ceremonies {
		marker := "  "
		if i == h.sel {
			marker = "> "
		}
		state := stepName(h.Lang, c.LastKind)
		if c.Sealed {
			state = sealedState(h.Common, c.Substitutions)
		}
		if c.Problem != "" {
			state = h.T("校验失败", "chain broken")
		}
		line := fmt.Sprintf("%s%s  %s", marker, c.ID, state)
		if c.Sealed {
			line += "  " + components.Group(c.Head[:8], 4)
		}
		switch {
		case i == h.sel:
			line = st.Selected.Render(line)
		case c.Problem != "":
			line = st.Error.Render(line)
		case c.Sealed || c.Abandoned:
			line = st.Subtle.Render(line)
		}
		cer = append(cer, line)
	}
	if d.openCount > 0 {
		cer = append(cer, "", wrap(st.Warn, h.T(
			fmt.Sprintf("有 %d 个未完成的仪式:选中后按 enter 从中断处继续", d.openCount),
			fmt.Sprintf("%d unfinished %s: select one and press enter to resume", d.openCount, map[bool]string{true: "ceremony", false: "ceremonies"}[d.openCount == 1])), rightW, 0))
	}
	cer = append(cer, "", wrap(st.Subtle, h.T("n 新的抽取   enter 打开   ? 帮助", "n new draw   enter open   ? help"), rightW, 0))

	right := strings.Join(cer, "\n")
	// The warnings come before the county table, and the table is cut to
	// the rows that fit (saying how many are left out), so that on a small
	// screen no warning falls below its edge.
	above := join(strings.Join(lib, "\n"), warnBlock, specLine)
	used := height(above)
	if !twoCol {
		used += height(right)
	}
	tableMore := ""
	if room := h.height - used; len(t.Rows)+1 > room { // +1: the head row
		keep := max(0, room-2) // the head row and the "more" line
		more := len(t.Rows) - keep
		t.Rows = t.Rows[:keep]
		tableMore = st.Subtle.Render(h.T(fmt.Sprintf("... 另有 %d 个县(市、区)未列出(窗口太小)", more),
			fmt.Sprintf("... %d more counties not shown (window too small)", more)))
	}
	left := join(above, t.Render(leftW))
	if tableMore != "" {
		left = join(left, tableMore)
	}
	if twoCol {
		return clip(columns(left, right, leftW, 3), h.height)
	}
	// One column: the ceremonies first, since they are what is acted on.
	return clip(join(right, left), h.height)
}

// short lists the first n names. A line breaks only between names, and
// "等" stays with the name before it.
func short(c *common.Common, names []string, n int) string {
	sep := c.T("、", ", ")
	kept := make([]string, 0, min(n, len(names)))
	for _, name := range names[:min(n, len(names))] {
		kept = append(kept, keep(name))
	}
	s := strings.Join(kept, sep)
	if len(names) > n {
		s += c.T(textwrap.NBSP+"等", textwrap.NBSP+"and"+textwrap.NBSP+"others")
	}
	return s
}

// pubNames names the first units of a publication list with their due dates.
func pubNames(c *common.Common, ps []store.Publication) string {
	names := make([]string, 0, min(3, len(ps)))
	for _, p := range ps[:min(3, len(ps))] {
		names = append(names, p.Result.Unit+" "+c.T("应于 ", "due ")+p.DueText())
	}
	s := strings.Join(names, ", ")
	if len(ps) > 3 {
		s += c.T(textwrap.NBSP+"等", textwrap.NBSP+"and"+textwrap.NBSP+"more")
	}
	return s
}
