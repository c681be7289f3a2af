// Package imports is the screen that imports a library (counties, matters,
// units, inspectors or inspection history) from an .xlsx or .csv file
// through store/excel, all-or-nothing.
//
// The operator chooses the library, the file (a relative path is taken
// against the working directory; the absolute path is shown), the mode
// (merge or replace), dry run, skip invalid rows and the operator name.
// Enter runs excel.ImportFile in a tea.Cmd, off the update loop: the
// progress callback puts the latest row count on a channel, and a second
// command waits for the next value on it and hands it to the program, so
// the screen shows the rows read and their rate while the import runs.
//
// The total number of rows is not known in advance (an .xlsx is a zip; its
// size says little about its rows). A third command, beside the import,
// asks excel.EstimateRows for an estimate (the dimension an .xlsx saved by
// Excel, WPS or LibreOffice records; the line count of a CSV) and hands it
// over as an EstimateMsg. With an estimate the screen draws a
// bubbles/progress bar and "已读取 12,000 / 约 1,000,000 行 (1%)"; since it
// is only an estimate, the bar stops at 99% until the import has finished.
// Without one (a workbook written by excelize, an unknown file type) the
// bar does not pretend to a percentage: a block moves to and fro while work
// goes on. Both bars are '#' on '.' without colour, never block glyphs,
// whose width is ambiguous.
//
// When the file has bad rows nothing is written: the screen says so, lists
// the first bad cells (row, column, value, reason) and x writes the full
// list as an .xlsx next to the file (mode 0600). Quitting during an import
// asks first (common.Busy); if the operator quits, the import is stopped
// at its next progress report, before anything is committed.
//
// The screen follows ui/common: it embeds *common.Common and is a
// common.Component (tea.Model, help.KeyMap, SetSize).
package imports

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// Form field indices.
const (
	fKind = iota
	fFile
	fMode
	fDry
	fSkip
	fBy
	fStart
)

type state int

const (
	stForm state = iota
	stRunning
	stDone
	stConfirm // a replace's dry run is done: it removes many, asks y/n
	stUndo    // the last import is shown, asks y/n to undo it
	stPick    // no header found: the operator picks the file's columns
)

// undoKey undoes the last import (after a y to confirm).
var undoKey = key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "撤销上次导入"))

// ProgressMsg says how many data rows run Run of the screen has read so
// far. Runs are numbered from 1 in the order the screen starts them; a
// message of another run is ignored.
type ProgressMsg struct {
	Run     int
	Rows    int
	Elapsed time.Duration
}

// DoneMsg ends run Run with the importer's report and error.
type DoneMsg struct {
	Run     int
	Report  excel.Report
	Err     error
	Elapsed time.Duration
}

// EstimateMsg carries the estimated number of data rows of the file of
// run Run (excel.EstimateRows). OK is false when the file gives none; then
// the screen keeps its indeterminate bar.
type EstimateMsg struct {
	Run  int
	Rows int
	OK   bool
}

type tickMsg struct{ run int }

// tickEvery is how often the bar moves while an import runs.
const tickEvery = 120 * time.Millisecond

// ErrStopped is the error of an import stopped by Stop (the operator quit).
var ErrStopped = errors.New("导入已中止, 未写入任何数据")

// Model is the import screen.
type Model struct {
	*common.Common
	width, height int
	form          components.Form
	formErr       string
	st            state
	run           int

	// the import running or done
	kind    excel.Kind
	path    string // absolute
	size    int64
	opt     excel.Options
	ch      chan tea.Msg
	stop    *atomic.Bool
	rows    int
	total   int // estimated data rows; 0 when unknown
	elapsed time.Duration
	frame   int
	rep     excel.Report
	err     error
	errFile string // where the error list was written

	// A replace that would remove many records stops before it writes
	// (excel.RemovalError, removal); want is the import y then runs.
	want    excel.Options
	removal *excel.RemovalError
	// undo is the import u would undo; note says what the last undo did.
	undo LibraryChange
	note string

	// base is the import the operator asked for (with the columns picked
	// so far); pick is the column-picking form for guess.
	base  excel.Options
	guess excel.HeaderGuess
	pick  components.Form
}

// LibraryChange is the store's library log entry.
type LibraryChange = store.LibraryChange

// New returns the import form.
func New(c *common.Common) *Model {
	m := &Model{Common: c}
	kinds := make([]string, len(excel.Kinds))
	units := 0
	for i, k := range excel.Kinds {
		kinds[i] = kindName(c, k)
		if k == excel.Units {
			units = i
		}
	}
	no, yes := c.T("否", "no"), c.T("是", "yes")
	file := components.NewText(c.T("文件", "file"), "", false)
	file.Input.CharLimit = 1000
	m.form = components.Form{Fields: []*components.Field{
		components.NewChoice(c.T("名录", "library"), kinds, units),
		file,
		components.NewChoice(c.T("导入方式", "mode"), []string{c.T("合并", "merge"), c.T("替换", "replace")}, 0),
		components.NewChoice(c.T("试运行", "dry run"), []string{no, yes}, 0),
		components.NewChoice(c.T("跳过错误行", "skip invalid rows"), []string{no, yes}, 0),
		components.NewText(c.T("操作员", "operator"), "", false),
		components.NewButton(c.T("开始导入", "start import")),
	}}
	m.form.Fields[fBy].Note = c.T("确认校验码例外的人(文件未写明时); 留空记为系统用户", "confirms check-digit overrides the file leaves unnamed; empty: the system user")
	m.notes()
	m.form.Set(fKind)
	return m
}

func kindName(c *common.Common, k excel.Kind) string { return c.T(k.Title(), string(k)) }

// notes refreshes the notes that depend on the chosen values.
func (m *Model) notes() {
	f := m.form.Fields
	f[fKind].Note = m.T("模板: shuangsui template ", "template: shuangsui template ") + string(m.chosenKind()) + " -o " + m.T("模板.xlsx", "template.xlsx")
	if f[fMode].Choice == 0 {
		f[fMode].Note = m.T("新增和更新文件中的记录, 其余不变", "add and update the file's records, keep the rest")
	} else if m.chosenKind() == excel.Units {
		f[fMode].Note = m.T("文件中没有的单位移出名录库(历史保留)", "units not in the file leave the library (history kept)")
	} else {
		f[fMode].Note = m.T("文件中没有的记录标为停用", "records not in the file are marked inactive")
	}
	f[fDry].Note = m.T("是: 只检查并报告, 不写入", "yes: check and report, write nothing")
	f[fSkip].Note = m.T("是: 导入有效行, 报告错误行", "yes: import the valid rows, report the rest")
	if raw := f[fFile].Value(); raw == "" {
		f[fFile].Note = ""
	} else if abs, err := filepath.Abs(raw); err != nil {
		f[fFile].Note = err.Error()
	} else if fi, err := os.Stat(abs); err != nil {
		f[fFile].Note = m.T("找不到文件", "no such file")
	} else if fi.IsDir() {
		f[fFile].Note = m.T("这是文件夹", "a folder")
	} else {
		f[fFile].Note = common.SizeText(fi.Size())
	}
}

func (m *Model) chosenKind() excel.Kind { return excel.Kinds[m.form.Fields[fKind].Choice] }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Typing reports whether printable keys go to a text field.
func (m *Model) Typing() bool { return m.st == stForm && m.form.Focused().Typing() }

// Busy implements common.Busy: while an import runs, quitting asks first.
func (m *Model) Busy() string {
	if m.st != stRunning {
		return ""
	}
	return m.T("正在导入。导入是全有或全无的: 文件全部检查无误后才一次写入数据库。现在退出将中止本次导入, 不写入任何数据; 若导入已在最后提交, 则等提交完成后退出, 数据完整写入。",
		"An import is running. Imports are all-or-nothing: the file is written in one go once every row has passed. Quitting now stops the import and writes nothing; if it is already committing, the program waits for the commit and the data is written whole.")
}

// Stop implements common.Busy: the running import stops at its next
// progress report (every 1,000 rows and after the last), before it commits.
func (m *Model) Stop() {
	if m.stop != nil {
		m.stop.Store(true)
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.KeyMap
	u := undoKey
	u.SetHelp("u", m.T("撤销上次导入", "undo the last import"))
	switch m.st {
	case stRunning:
		q := k.Quit
		q.SetHelp("q", m.T("中止导入并退出", "stop the import and quit"))
		return []key.Binding{q}
	case stPick:
		return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Enter, k.Back}
	case stConfirm, stUndo:
		y, n := k.Yes, k.No
		y.SetHelp("y", m.T("确认", "confirm"))
		n.SetHelp("n/esc", m.T("取消", "cancel"))
		return []key.Binding{y, n}
	case stDone:
		out := []key.Binding{u}
		if len(m.rep.Errors) > 0 {
			x := k.Xlsx
			x.SetHelp("x", m.T("写出错误清单", "write the error list"))
			out = append(out, x)
		}
		again := k.Enter
		again.SetHelp("enter", m.T("再导入", "import again"))
		return append(out, again, k.Back, k.Quit)
	}
	if !m.Typing() {
		return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Enter, u, k.Back}
	}
	return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Enter, k.Back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case ProgressMsg:
		if msg.Run != m.run || m.st != stRunning {
			return m, nil
		}
		m.rows, m.elapsed = msg.Rows, msg.Elapsed
		return m, wait(m.ch)
	case EstimateMsg:
		if msg.Run == m.run && m.st == stRunning && msg.OK && msg.Rows > 0 {
			m.total = msg.Rows
		}
		return m, nil
	case tickMsg:
		if msg.run != m.run || m.st != stRunning || m.total > 0 {
			return m, nil // the determinate bar moves with the progress reports only
		}
		m.frame++
		return m, tick(m.run)
	case DoneMsg:
		if msg.Run != m.run || m.st != stRunning {
			return m, nil
		}
		m.st, m.rep, m.err, m.elapsed, m.errFile = stDone, msg.Report, msg.Err, msg.Elapsed, ""
		m.rows = max(m.rows, msg.Report.Rows)
		if errors.Is(msg.Err, excel.ErrNoHeader) && m.askPick() {
			return m, common.Status(m.T("找不到全部必填列, 请指定文件中对应的列", "some required columns were not found: pick the file's columns"))
		}
		if errors.As(msg.Err, &m.removal) {
			m.st = stConfirm
			return m, common.Status(m.T("替换方式将移出较多记录, 请确认", "the replace removes many records: confirm"))
		}
		switch {
		case msg.Err == nil && m.opt.DryRun:
			return m, common.Status(m.T("试运行完成, 未写入任何数据", "dry run finished, nothing written"))
		case msg.Err == nil:
			return m, common.Status(m.T("导入完成: ", "imported: ") + kindName(m.Common, m.kind))
		}
		return m, common.Error(errors.New(Plain(fmt.Sprintf("%s %s: %v", m.T("导入", "importing"), filepath.Base(m.path), msg.Err))))
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(km tea.KeyMsg) tea.Cmd {
	k := m.KeyMap
	switch m.st {
	case stRunning:
		if key.Matches(km, k.Back) {
			return common.Status(m.T("导入进行中, 完成后才能返回; 按 q 可中止并退出", "importing: wait for it to finish, or press q to stop and quit"))
		}
		return nil
	case stConfirm:
		switch {
		case key.Matches(km, k.Yes):
			return m.launch(m.want)
		case key.Matches(km, k.No), key.Matches(km, k.Back):
			m.st = stForm
			m.note = m.T("已取消替换, 未写入任何数据", "replace cancelled, nothing written")
			return common.Status(m.note)
		}
		return nil
	case stPick:
		switch {
		case key.Matches(km, k.Back):
			m.st = stForm
			return common.Status(m.T("未导入", "not imported"))
		case key.Matches(km, k.Tab), key.Matches(km, k.Down):
			return m.pick.Move(1)
		case key.Matches(km, k.ShiftTab), key.Matches(km, k.Up):
			return m.pick.Move(-1)
		case key.Matches(km, k.Enter):
			if m.pick.Focus != len(m.pick.Fields)-1 {
				return m.pick.Move(1)
			}
			return m.usePick()
		}
		_, cmd := m.pick.Focused().Update(km)
		return cmd
	case stUndo:
		switch {
		case key.Matches(km, k.Yes):
			return m.doUndo()
		case key.Matches(km, k.No), key.Matches(km, k.Back):
			m.st = stForm
			return common.Status(m.T("未撤销", "not undone"))
		}
		return nil
	case stDone:
		switch {
		case key.Matches(km, undoKey):
			return m.askUndo()
		case key.Matches(km, k.Back):
			return common.Open(common.PageHome, nil)
		case key.Matches(km, k.Enter):
			m.st, m.formErr = stForm, ""
			m.notes()
			return m.form.Set(fFile)
		case key.Matches(km, k.Xlsx):
			return m.writeErrors()
		}
		return nil
	}
	switch {
	case !m.Typing() && key.Matches(km, undoKey):
		return m.askUndo()
	case key.Matches(km, k.Back):
		return common.Open(common.PageHome, nil)
	case key.Matches(km, k.Tab), key.Matches(km, k.Down):
		return m.form.Move(1)
	case key.Matches(km, k.ShiftTab), key.Matches(km, k.Up):
		return m.form.Move(-1)
	case key.Matches(km, k.Enter):
		if m.form.Focus != fStart {
			return m.form.Move(1)
		}
		return m.start()
	}
	changed, cmd := m.form.Focused().Update(km)
	if changed {
		m.formErr = ""
		m.notes()
	}
	return cmd
}

// fail shows a form error on the screen and in the status line.
func (m *Model) fail(err error) tea.Cmd {
	m.formErr = err.Error()
	return common.Error(err)
}

// start checks the form and starts the import.
func (m *Model) start() tea.Cmd {
	f := m.form.Fields
	k := m.chosenKind()
	raw := f[fFile].Value()
	if raw == "" {
		m.form.Set(fFile)
		return m.fail(errors.New(m.T("请填写要导入的文件(.xlsx 或 .csv)", "name the file to import (.xlsx or .csv)")))
	}
	abs, err := filepath.Abs(raw)
	if err != nil {
		return m.fail(fmt.Errorf("%s %s: %w", m.T("文件路径", "file path"), raw, err))
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return m.fail(fmt.Errorf("%s %s: %w", m.T("找不到文件", "cannot open"), abs, err))
	}
	if fi.IsDir() {
		return m.fail(fmt.Errorf("%s %s", m.T("这是文件夹, 不是文件:", "a folder, not a file:"), abs))
	}
	opt := excel.Options{Mode: store.Merge, DryRun: f[fDry].Choice == 1, SkipInvalid: f[fSkip].Choice == 1, By: f[fBy].Value(), Today: m.Today()}
	if f[fMode].Choice == 1 {
		opt.Mode = store.Replace
	}
	if opt.Mode == store.Replace && opt.SkipInvalid {
		return m.fail(errors.New(m.T("替换方式不能与跳过错误行同用: 被跳过的行所对应的记录会被当作已移出名录库",
			"replace cannot skip invalid rows: the records of skipped rows would count as removed")))
	}
	if opt.Mode == store.Replace && k == excel.History {
		return m.fail(errors.New(m.T("检查记录只能追加(合并), 不能用替换方式导入", "inspection history can only be merged, not replaced")))
	}
	m.kind, m.path, m.size, m.note, m.base = k, abs, fi.Size(), "", opt
	return m.begin()
}

// begin runs the import asked for (m.base): a replace that would remove
// many records stops before it writes, states the numbers and asks for a
// y (then want runs).
func (m *Model) begin() tea.Cmd {
	opt := m.base
	if opt.Mode == store.Replace && !opt.DryRun {
		m.want = opt
		opt.GuardRemovals = true
	}
	return m.launch(opt)
}

// askPick sets up the column-picking step when the file's header names
// some of the library's columns but not every required one.
func (m *Model) askPick() bool {
	g, found, err := excel.GuessHeader(m.path, m.kind, m.base.Columns)
	if err != nil || found || len(g.Cells) == 0 || len(g.Missing) == 0 {
		return false
	}
	var options []string
	for _, c := range g.Cells {
		if c = strings.TrimSpace(c); c != "" {
			options = append(options, c)
		}
	}
	if len(options) == 0 {
		return false
	}
	m.guess, m.pick = g, components.Form{}
	cols := excel.Columns(m.kind)
	for _, c := range g.Missing {
		m.pick.Fields = append(m.pick.Fields, components.NewChoice(cols[c].Header, options, bestOption(cols[c].Header, options)))
	}
	m.pick.Fields = append(m.pick.Fields, components.NewButton(m.T("用这些列导入", "import with these columns")))
	m.pick.Set(0)
	m.st = stPick
	return true
}

// bestOption is the option sharing the most characters with want (the
// first on a tie): a starting guess the operator corrects.
func bestOption(want string, options []string) int {
	best, bestN := 0, -1
	for i, o := range options {
		n := 0
		for _, r := range want {
			if strings.ContainsRune(o, r) {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	return best
}

// usePick runs the import again with the columns picked.
func (m *Model) usePick() tea.Cmd {
	options := m.pick.Fields[0].Options
	for i, c := range m.guess.Missing {
		m.base.Columns = excel.PickColumn(m.base.Columns, c, options[m.pick.Fields[i].Choice])
	}
	return m.begin()
}

// launch starts one run of the importer with opt.
func (m *Model) launch(opt excel.Options) tea.Cmd {
	m.run++
	m.st, m.formErr, m.opt, m.removal = stRunning, "", opt, nil
	m.rows, m.total, m.elapsed, m.frame, m.rep, m.err, m.errFile = 0, 0, 0, 0, excel.Report{}, nil, ""
	m.ch = make(chan tea.Msg, 1)
	m.stop = new(atomic.Bool)
	now := time.Now
	if m.Backend.Now != nil {
		now = m.Backend.Now
	}
	return tea.Batch(runImport(m.Backend.DB, m.run, m.kind, m.path, opt, now, m.ch, m.stop), wait(m.ch), tick(m.run), estimate(m.run, m.path))
}

// askUndo shows the import u would undo, or says there is none.
func (m *Model) askUndo() tea.Cmd {
	e, err := m.Backend.DB.Undoable()
	if err != nil {
		m.note = err.Error()
		return common.Error(err)
	}
	m.undo, m.st = e, stUndo
	return nil
}

// doUndo undoes the last import and returns to the form.
func (m *Model) doUndo() tea.Cmd {
	by := m.form.Fields[fBy].Value()
	if by == "" {
		by = m.T("导入界面", "import screen")
	}
	e, err := m.Backend.DB.UndoImport(by)
	m.st = stForm
	if err != nil {
		m.note = err.Error()
		return common.Error(err)
	}
	m.note = fmt.Sprintf(m.T("已撤销名录变动第 %d 条(%s %s): %s 已恢复为这次导入之前; 撤销记为第 %d 条",
		"undid library change %d (%s %s): %s is as before that import; the undo is change %d"),
		e.Undoes, libraryName(m.Common, e.Library), filepath.Base(e.Source), libraryName(m.Common, e.Library), e.Seq)
	return common.Status(m.note)
}

// libraryName is the name of a library by its bucket.
func libraryName(c *common.Common, bucket string) string {
	for _, k := range excel.Kinds {
		if string(k) == bucket || k == excel.History && bucket == "inspections" {
			return kindName(c, k)
		}
	}
	return bucket
}

// estimate returns the command that estimates the rows of the file at
// path. It runs beside the import: counting the lines of a large CSV takes
// a moment, and the import need not wait for it. An error (the importer
// reports it better) leaves the rows unknown.
func estimate(run int, path string) tea.Cmd {
	return func() tea.Msg {
		rows, ok, err := excel.EstimateRows(path)
		return EstimateMsg{Run: run, Rows: rows, OK: ok && err == nil}
	}
}

// runImport returns the command that runs one import. The importer's
// progress callback keeps only the latest count on ch (it never blocks the
// import); ch is closed when the import ends, which ends wait.
func runImport(db *store.DB, run int, k excel.Kind, path string, opt excel.Options, now func() time.Time,
	ch chan tea.Msg, stop *atomic.Bool) tea.Cmd {
	return func() tea.Msg {
		start := now()
		defer close(ch)
		progress := func(rows int) error {
			if stop.Load() {
				return ErrStopped
			}
			common.SendLatest(ch, ProgressMsg{Run: run, Rows: rows, Elapsed: now().Sub(start)})
			return nil
		}
		rep, err := excel.ImportFile(db, k, path, opt, progress)
		return DoneMsg{Run: run, Report: rep, Err: err, Elapsed: now().Sub(start)}
	}
}

// wait returns the command that hands the next progress count to the
// program; nil once the import has ended.
func wait(ch chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func tick(run int) tea.Cmd {
	return tea.Tick(tickEvery, func(time.Time) tea.Msg { return tickMsg{run: run} })
}

// errorsPath is where the error list of the file at path is written: next
// to it, named after it.
func (m *Model) errorsPath() string {
	base := strings.TrimSuffix(filepath.Base(m.path), filepath.Ext(m.path))
	return filepath.Join(filepath.Dir(m.path), base+m.T("-错误清单", "-errors")+".xlsx")
}

func (m *Model) writeErrors() tea.Cmd {
	if len(m.rep.Errors) == 0 {
		return nil
	}
	path := m.errorsPath()
	if err := excel.WriteErrors(m.rep, path); err != nil {
		return common.Error(fmt.Errorf("%s %s: %w", m.T("写错误清单", "writing the error list"), path, err))
	}
	m.errFile = path
	return common.Status(m.T("错误清单已写入 ", "error list written to ") + path)
}

// View implements tea.Model.
func (m *Model) View() string {
	st := m.Styles
	w := max(20, m.width)
	title := st.Title.Render(m.T("导入名录库", "Import a library"))
	switch m.st {
	case stRunning:
		title += "  " + st.Subtle.Render(kindName(m.Common, m.kind))
		return clip(strings.Join([]string{title, "", m.fileLine(), m.optionsLine(), "", m.runningView(w)}, "\n"), m.height)
	case stDone:
		title += "  " + st.Subtle.Render(kindName(m.Common, m.kind))
		return clip(strings.Join([]string{title, "", m.fileLine(), m.optionsLine(), "", m.doneView(w, max(3, m.height-5))}, "\n"), m.height)
	case stConfirm:
		title += "  " + st.Subtle.Render(kindName(m.Common, m.kind))
		return clip(strings.Join([]string{title, "", m.fileLine(), "", m.confirmView(w)}, "\n"), m.height)
	case stUndo:
		return clip(strings.Join([]string{title, "", m.undoView(w)}, "\n"), m.height)
	case stPick:
		title += "  " + st.Subtle.Render(kindName(m.Common, m.kind))
		return clip(strings.Join([]string{title, "", m.fileLine(), "", m.pickView(w)}, "\n"), m.height)
	}
	title += "  " + st.Subtle.Render(m.T("Excel(.xlsx)或 CSV 文件; 文件中有任何错误则不写入任何数据", ".xlsx or .csv; any error in the file and nothing is written"))
	lw := m.form.LabelWidth()
	var fields []string
	for i, f := range m.form.Fields {
		fields = append(fields, f.View(i == m.form.Focus, lw, w, st.Label, st.Focused, st.Value, st.Subtle))
	}
	out := []string{title, "", strings.Join(fields, "\n"), ""}
	if raw := m.form.Fields[fFile].Value(); raw != "" {
		if abs, err := filepath.Abs(raw); err == nil {
			out = append(out, wrap(st.Label.Render(m.T("绝对路径: ", "absolute path: "))+abs, w))
		}
	} else {
		wd, _ := os.Getwd()
		out = append(out, wrap(st.Subtle.Render(m.T("相对路径从当前目录算起: ", "relative paths start at the working directory: ")+wd), w))
	}
	if m.formErr != "" {
		out = append(out, "", wrap(st.Error.Render(m.formErr), w))
	}
	if m.note != "" {
		out = append(out, "", wrap(st.Warn.Render(Plain(m.note)), w))
	}
	if !m.Typing() {
		out = append(out, "", st.Subtle.Render(m.T("u 撤销上一次导入", "u undoes the last import")))
	}
	return clip(strings.Join(out, "\n"), m.height)
}

// confirmView states what the replace would do and asks for a y.
func (m *Model) confirmView(w int) string {
	st := m.Styles
	re := m.removal
	s := re.Summary
	pct := 100 * float64(re.Removed) / float64(max(re.Size, 1))
	return strings.Join([]string{
		st.Warn.Render(m.T("替换方式将移出较多记录, 请确认", "The replace removes many records: confirm")),
		"",
		wrap(fmt.Sprintf(m.T("文件中没有的 %s 条记录将%s: 名录库现有 %s 条, 占 %.0f%%。另新增 %s 条, 更新 %s 条, 未变 %s 条。",
			"%s records absent from the file will be %s: of %s in the library, %.0f%%. Also %s added, %s updated, %s unchanged."),
			Count(re.Removed), m.removedName(), Count(re.Size), pct, Count(s.Added), Count(s.Updated), Count(s.Unchanged)), w),
		wrap(st.Subtle.Render(fmt.Sprintf(m.T("移出超过名录库的 %.0f%% 或 %d 条须确认。整个文件已检查无误, 尚未写入任何数据; 写入后可在本页按 u 撤销。",
			"Removing over %.0f%% of the library or %d records needs a confirmation. The whole file was checked and nothing written; once written, u on this screen undoes it."),
			excel.ReplaceMaxShare*100, excel.ReplaceMaxRecords)), w),
		"",
		m.T("y 写入   n 取消", "y write   n cancel"),
	}, "\n")
}

// pickView asks which of the file's columns feeds each required column
// the header lacks.
func (m *Model) pickView(w int) string {
	st := m.Styles
	out := []string{
		st.Warn.Render(m.T("找不到全部必填列", "Some required columns were not found")),
		wrap(fmt.Sprintf(m.T("最接近表头的是工作表 %s 第 %d 行。请为每个必填列选择文件中对应的列(left/right 换一列), 然后导入; 命令行可用 --columns 字段=列名。",
			"The closest header is sheet %s, row %d. Pick the file's column for each required column (left/right), then import; on the command line: --columns field=column."),
			m.guess.Sheet, m.guess.Row), w),
		"",
	}
	lw := m.pick.LabelWidth()
	for i, f := range m.pick.Fields {
		out = append(out, f.View(i == m.pick.Focus, lw, w, st.Label, st.Focused, st.Value, st.Subtle))
	}
	return strings.Join(out, "\n")
}

// undoView shows the import u would undo and asks for a y.
func (m *Model) undoView(w int) string {
	st := m.Styles
	e := m.undo
	mode := m.T("合并", "merge")
	if e.Mode == "replace" {
		mode = m.T("替换", "replace")
	}
	return strings.Join([]string{
		st.Warn.Render(m.T("撤销上一次导入?", "Undo the last import?")),
		"",
		wrap(fmt.Sprintf(m.T("名录变动第 %d 条: %s %s 以%s方式导入%s, 文件 %s; 新增 %s, 更新 %s, 移出/停用 %s。",
			"library change %d: %s %s imported %s (%s) from %s; %s added, %s updated, %s removed."),
			e.Seq, e.At, e.By, mode, libraryName(m.Common, e.Library), e.Source, Count(e.Added), Count(e.Updated), Count(e.Removed)), w),
		wrap(st.Subtle.Render(m.T("撤销后该名录恢复为这次导入之前的样子; 撤销本身也记入名录变动记录。每次导入只能撤销一次。",
			"The library returns to what it was before that import; the undo is logged too. An import can be undone once.")), w),
		"",
		m.T("y 撤销   n 取消", "y undo   n cancel"),
	}, "\n")
}

func (m *Model) fileLine() string {
	return m.Styles.Label.Render(m.T("文件  ", "file  ")) + m.path + "  " + m.Styles.Subtle.Render(common.SizeText(m.size))
}

func (m *Model) optionsLine() string {
	yn := func(b bool) string {
		if b {
			return m.T("是", "yes")
		}
		return m.T("否", "no")
	}
	mode := m.T("合并", "merge")
	if m.opt.Mode == store.Replace {
		mode = m.T("替换", "replace")
	}
	by := m.opt.By
	if by == "" {
		by = m.T("系统用户", "system user")
	}
	l := m.Styles.Label.Render
	return l(m.T("方式 ", "mode ")) + mode + "  " + l(m.T("试运行 ", "dry run ")) + yn(m.opt.DryRun) + "  " +
		l(m.T("跳过错误行 ", "skip invalid ")) + yn(m.opt.SkipInvalid) + "  " + l(m.T("操作员 ", "operator ")) + by
}

// maxFraction is the most the bar shows before the import has finished:
// the total is an estimate.
const maxFraction = 0.99

func (m *Model) runningView(w int) string {
	st := m.Styles
	rate := "-"
	if s := m.elapsed.Seconds(); s > 0 && m.rows > 0 {
		rate = Count(int(float64(m.rows)/s + 0.5))
	}
	speed := fmt.Sprintf(m.T("   每秒 %s 行   已用 %.1f 秒", "   %s rows/s   %.1f s"), rate, m.elapsed.Seconds())
	var bar, counts, note string
	if m.total > 0 {
		frac := min(maxFraction, float64(m.rows)/float64(m.total))
		bar = Bar(min(w, 64), frac, st.BigAdapt)
		if m.rows <= m.total {
			counts = fmt.Sprintf(m.T("已读取 %s / 约 %s 行 (%d%%)", "%s of about %s rows read (%d%%)"), Count(m.rows), Count(m.total), int(frac*100))
		} else {
			counts = fmt.Sprintf(m.T("已读取 %s 行, 多于估计的约 %s 行", "%s rows read, more than the estimated %s"), Count(m.rows), Count(m.total))
		}
		note = m.T("总行数按文件记录的范围估计(含标题行、空行), 全部读完之前进度最多显示 99%。",
			"The total is estimated from the range the file records (title and blank rows included): the bar stays below 100% until the import has finished.")
	} else {
		bar = Pulse(min(w, 64), m.frame, st.BigAdapt)
		counts = fmt.Sprintf(m.T("已读取 %s 行", "%s rows read"), Count(m.rows))
		note = m.T("总行数事先无法知道: 进度条来回移动只表示仍在工作, 不表示完成的比例。",
			"The number of rows is not known in advance: the moving block only shows that work goes on, not how much is done.")
	}
	lines := []string{
		st.Header.Render(m.T("正在导入...", "Importing...")),
		bar,
		counts + speed,
		"",
		wrap(st.Subtle.Render(note), w),
		wrap(st.Warn.Render(m.T("导入是全有或全无的: 所有行检查无误后才一次写入。按 q 退出会中止导入, 不写入任何数据。",
			"Imports are all-or-nothing: the file is written in one go once every row has passed. q stops the import and writes nothing.")), w),
	}
	return strings.Join(lines, "\n")
}

// Pulse draws an indeterminate progress bar width cells wide: a block a
// fifth of the bar moving to and fro by one step per frame. It is drawn
// from background-coloured spaces; without colour (an ASCII profile) the
// block is '#' on '.', never block glyphs, whose width is ambiguous.
func Pulse(width, frame int, color lipgloss.TerminalColor) string {
	inner := max(5, width-2)
	block := max(1, inner/5)
	span := inner - block
	pos := frame % (2 * span)
	if pos > span {
		pos = 2*span - pos
	}
	var on, off func(n int) string
	if lipgloss.ColorProfile() == termenv.Ascii {
		on = func(n int) string { return strings.Repeat("#", n) }
		off = func(n int) string { return strings.Repeat(".", n) }
	} else {
		bg := lipgloss.NewStyle().Background(color)
		dim := lipgloss.NewStyle().Background(lipgloss.AdaptiveColor{Light: "#D0D0D0", Dark: "#3A3A3A"})
		on = func(n int) string { return bg.Render(strings.Repeat(" ", n)) }
		off = func(n int) string {
			if n == 0 {
				return ""
			}
			return dim.Render(strings.Repeat(" ", n))
		}
	}
	return "[" + off(pos) + on(block) + off(span-pos) + "]"
}

// Bar draws the progress bar of an import whose total is estimated:
// width cells, frac of them filled, with bubbles/progress (ViewAs: no
// animation). Like Pulse it is drawn from ASCII, '#' on '.' between
// brackets: coloured when the profile has colour, plain in an ASCII
// profile.
func Bar(width int, frac float64, color lipgloss.AdaptiveColor) string {
	profile := lipgloss.ColorProfile()
	b := progress.New(progress.WithWidth(max(5, width-2)), progress.WithoutPercentage(),
		progress.WithFillCharacters('#', '.'), progress.WithColorProfile(profile))
	if profile != termenv.Ascii {
		b.FullColor, b.EmptyColor = color.Light, "#D0D0D0"
		if lipgloss.HasDarkBackground() {
			b.FullColor, b.EmptyColor = color.Dark, "#3A3A3A"
		}
	}
	return "[" + b.ViewAs(max(0, min(1, frac))) + "]"
}

// Count writes n with a comma between thousands: 1,000,000.
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (m *Model) removedName() string {
	if m.kind == excel.Units {
		return m.T("移出名录库", "removed")
	}
	return m.T("停用", "deactivated")
}

func (m *Model) doneView(w, h int) string {
	st := m.Styles
	rep := m.rep
	var out []string
	read := ""
	switch {
	case len(rep.Sheets) > 1:
		var parts []string
		for _, sh := range rep.Sheets {
			parts = append(parts, fmt.Sprintf(m.T("%s %d 行", "%s %d rows"), sh.Name, sh.Rows))
		}
		read = fmt.Sprintf(m.T("%d 个工作表(%s), 共读取 %d 行, 用时 %.1f 秒", "%d sheets (%s), %d rows read in %.1f s"),
			len(rep.Sheets), strings.Join(parts, m.T("、", ", ")), rep.Rows, m.elapsed.Seconds())
	case rep.Sheet != "":
		read = fmt.Sprintf(m.T("工作表 %s, 表头在第 %d 行, 读取 %d 行, 用时 %.1f 秒", "sheet %s, header in row %d, %d rows read in %.1f s"),
			rep.Sheet, rep.HeaderRow, rep.Rows, m.elapsed.Seconds())
	}
	switch {
	case errors.Is(m.err, excel.ErrInvalid):
		out = append(out, st.Error.Render(m.T("未写入任何数据", "Nothing was written")),
			wrap(fmt.Sprintf(m.T("%s; 其中 %d 行有错误, 共 %d 处。文件中的行全部检查无误后才会写入; 改正后重新导入。",
				"%s; %d rows have errors, %d in all. The file is written only when every row passes: correct it and import again."),
				read, rep.Invalid, rep.ErrorCount), w))
	case m.err != nil:
		out = append(out, st.Error.Render(m.T("导入失败, 未写入任何数据", "Import failed, nothing was written")),
			wrap(Plain(m.err.Error()), w))
	default:
		head := m.T("导入完成", "Imported")
		if m.opt.DryRun {
			head = m.T("试运行完成: 检查通过, 未写入任何数据; 下表是正式导入将做的改动", "Dry run passed, nothing written; below is what an import would do")
		}
		out = append(out, st.OK.Render(head), read)
		s := rep.Summary
		t := components.Table{
			Headers:   []string{m.T("新增", "added"), m.T("更新", "updated"), m.T("未变", "unchanged"), m.removedName()},
			Rows:      [][]string{{strconv.Itoa(s.Added), strconv.Itoa(s.Updated), strconv.Itoa(s.Unchanged), strconv.Itoa(s.Deactivated)}},
			HeadStyle: st.TableHead, Flex: -1, Right: map[int]bool{0: true, 1: true, 2: true, 3: true},
		}
		out = append(out, "", t.Render(w))
		var renamed []string
		for _, src := range rep.Sources {
			if field, col, _ := strings.Cut(src, " ← "); field != col {
				renamed = append(renamed, Plain(src))
			}
		}
		if len(renamed) > 0 {
			out = append(out, wrap(st.Subtle.Render(m.T("列的来源: ", "columns: ")+strings.Join(renamed, "; ")), w))
		}
		for _, warn := range rep.Warnings {
			out = append(out, wrap(st.Warn.Render(m.T("注意:", "note: ")+Plain(warn)), w))
		}
		if len(rep.Ignored) > 0 {
			out = append(out, wrap(st.Subtle.Render(m.T("忽略的列: ", "ignored columns: ")+strings.Join(rep.Ignored, m.T("、", ", "))), w))
		}
		if rep.Invalid > 0 {
			out = append(out, "", st.Warn.Render(fmt.Sprintf(m.T("跳过有错误的 %d 行, 共 %d 处:", "skipped %d invalid rows, %d errors:"), rep.Invalid, rep.ErrorCount)))
		}
	}
	tail := []string{""}
	if len(rep.Errors) > 0 {
		if m.errFile != "" {
			tail = append(tail, wrap(st.OK.Render(m.T("错误清单已写入 ", "error list written to ")+m.errFile), w))
		} else {
			tail = append(tail, wrap(st.Subtle.Render(fmt.Sprintf(m.T("按 x 把全部 %d 处错误写入 %s", "x writes all %d errors to %s"), rep.ErrorCount, m.errorsPath())), w))
		}
	}
	tail = append(tail, st.Subtle.Render(m.T("enter 再导入一个文件   esc 返回首页(首页的数字随之更新)", "enter import another file   esc home (its counts are reloaded)")))
	if len(rep.Errors) > 0 {
		room := h - height(strings.Join(out, "\n")) - height(strings.Join(tail, "\n")) - 2
		out = append(out, "", m.errorTable(w, max(1, room)))
	}
	return strings.Join(append(out, tail...), "\n")
}

// errorTable lists the first bad cells that fit in rows lines: row
// number, column, and the reason (with the cell's value) wrapped under its
// own column, so that no reason is cut off.
func (m *Model) errorTable(w, rows int) string {
	st := m.Styles
	hRow, hCol, hWhy := m.T("行号", "row"), m.T("列", "column"), m.T("原因", "reason")
	type line struct{ row, col, why string }
	var all []line
	wRow, wCol := lipgloss.Width(hRow), lipgloss.Width(hCol)
	for _, e := range m.rep.Errors {
		l := line{col: Plain(e.Column), why: Plain(e.Reason)}
		if e.Row > 0 {
			l.row = strconv.Itoa(e.Row)
		}
		if v := Plain(oneLine(e.Value)); v != "" {
			if lipgloss.Width(v) > 24 {
				v = components.Fit(v, 24, false)
			}
			l.why = "[" + v + "] " + l.why
		}
		wRow, wCol = max(wRow, lipgloss.Width(l.row)), max(wCol, min(20, lipgloss.Width(l.col)))
		all = append(all, l)
	}
	wWhy := max(10, w-wRow-wCol-4)
	out := []string{st.TableHead.Render(components.Fit(hRow, wRow, true) + "  " + components.Fit(hCol, wCol, false) + "  " + components.Fit(hWhy, wWhy, false))}
	budget := rows - 2 // the header and the "first n" line
	shown := 0
	for _, l := range all {
		why := strings.Split(lipgloss.NewStyle().Width(wWhy).Render(l.why), "\n")
		if shown > 0 && len(why) > budget {
			break
		}
		budget -= len(why)
		shown++
		for i, part := range why {
			row, col := "", ""
			if i == 0 {
				row, col = l.row, l.col
			}
			out = append(out, components.Fit(row, wRow, true)+"  "+components.Fit(col, wCol, false)+"  "+strings.TrimRight(part, " "))
		}
	}
	if shown < m.rep.ErrorCount {
		out = append(out, st.Subtle.Render(fmt.Sprintf(m.T("仅显示前 %d 处, 共 %d 处", "first %d of %d shown"), shown, m.rep.ErrorCount)))
	}
	return strings.Join(out, "\n")
}

// plain replaces the East-Asian ambiguous punctuation the importer's
// messages use (curly quotes, ellipsis, middle dot) with ASCII, whose width
// does not depend on the terminal's locale.
var plain = strings.NewReplacer("\u201c", "\"", "\u201d", "\"", "\u2018", "'", "\u2019", "'", "\u2026", "...", "\u00b7", ".", "\u2014", "-", "\u2013", "-",
	"\u2192", "->", "\u2190", "<-")

// Plain is s with ambiguous-width punctuation replaced by ASCII.
func Plain(s string) string { return plain.Replace(s) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func height(s string) int { return strings.Count(s, "\n") + 1 }

// clip keeps the first h lines of s.
func clip(s string, h int) string {
	if h <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// wrap wraps s to w cells.
func wrap(s string, w int) string { return lipgloss.NewStyle().Width(w).Render(s) }
