package excel

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/user"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
)

// DB is the part of *store.DB that imports and exports use.
type DB interface {
	Counties() ([]store.County, error)
	EachUnit(fn func(store.Unit) error) error
	Inspectors() ([]store.Inspector, error)
	Matters() ([]store.Matter, error)
	EachInspection(fn func(store.Inspection) error) error
	Setting(key string) ([]byte, error)
	ImportCounties(opt store.ImportOptions, fill func(put func(store.County) error) error) (store.ImportSummary, error)
	ImportUnits(opt store.ImportOptions, fill func(put func(store.Unit) error) error) (store.ImportSummary, error)
	ImportInspectors(opt store.ImportOptions, fill func(put func(store.Inspector) error) error) (store.ImportSummary, error)
	ImportMatters(opt store.ImportOptions, fill func(put func(store.Matter) error) error) (store.ImportSummary, error)
	ImportHistory(opt store.ImportOptions, fill func(put func(store.Inspection) error) error) (store.ImportSummary, error)
}

var _ DB = (*store.DB)(nil)

// Options control ImportFile.
type Options struct {
	Mode        store.ImportMode
	DryRun      bool
	SkipInvalid bool   // write the valid rows, report the rest
	By          string // who confirms check-digit overrides the file leaves unnamed; default: "导入:" + OS user
	Today       string // YYYY-MM-DD for defaults; default: today
	MaxErrors   int    // errors kept in Report.Errors; default 10,000 (all are counted)
	// Columns maps columns of the kind to the file's headers that feed
	// them (ParseColumns), before headers are recognised by name.
	Columns map[int]string
	// GuardRemovals refuses, writing nothing, a Replace import that would
	// remove more than NeedsConfirm allows; the error is a *RemovalError
	// with the numbers. The operator's confirmation runs it again without.
	GuardRemovals bool
}

// RemovalError is the refusal of a Replace import that would remove more
// of the library than NeedsConfirm allows unasked; nothing was written.
type RemovalError struct {
	Kind    Kind
	Removed int // records the import would remove (deactivate)
	Size    int // records in the library before it
	Summary store.ImportSummary
}

func (e *RemovalError) Error() string {
	return fmt.Sprintf("未写入: 替换方式将把文件中没有的 %d 条记录移出%s(现有 %d 条, 占 %.0f%%), 超过 %.0f%% 或 %d 条, 须确认",
		e.Removed, e.Kind.Title(), e.Size, 100*float64(e.Removed)/float64(max(e.Size, 1)), ReplaceMaxShare*100, ReplaceMaxRecords)
}

// SheetReport says what was read from one sheet.
type SheetReport struct {
	Name      string
	HeaderRow int
	Rows      int // non-blank data rows
}

// Report says what an import read, found wrong and did.
type Report struct {
	Kind      Kind
	File      string
	Sheet     string // the first sheet imported
	HeaderRow int    // its header row
	Sheets    []SheetReport
	Columns   []string // recognised headers, in file order
	Ignored   []string // header cells that name no column
	// Sources says which of the file's columns fed each field, as
	// "单位名称 ← 企业名称", in the schema's order (first sheet).
	Sources []string
	// Warnings are things the operator should know that did not stop the
	// import: sheets not imported, same names with different codes, values
	// understood as another (规模以上工业 → 规上工业: 120 行).
	Warnings []string
	// Kept lists the columns the file lacks whose values units already in
	// the library keep ("详细地址", "重点单位" …).
	Kept       []string
	kept       []string // their store field names (store.KeepUnitFields)
	Rows       int      // non-blank data rows read
	Valid      int      // rows without errors
	Invalid    int      // rows with at least one error
	ErrorCount int      // all errors, also those beyond Errors
	Errors     []RowError
	Summary    store.ImportSummary
	Written    bool // something was committed to the database
	Elapsed    time.Duration
}

// ErrInvalid marks an import refused because rows were bad; Report.Errors
// says which.
var ErrInvalid = errors.New("文件中有错误, 未写入任何数据")

// LoadLibrary reads from db what validating a file of kind k needs.
func LoadLibrary(db DB, k Kind) (*Library, error) {
	lib := &Library{}
	var err error
	if lib.Counties, err = db.Counties(); err != nil {
		return nil, fmt.Errorf("读取县(市、区): %w", err)
	}
	if lib.Categories, err = list(db, store.SettingCategories, store.DefaultCategories); err != nil {
		return nil, err
	}
	if lib.Specialties, err = list(db, store.SettingSpecialties, store.DefaultSpecialties); err != nil {
		return nil, err
	}
	if k == Units || k == History {
		lib.Units = map[string]string{}
		err := db.EachUnit(func(u store.Unit) error {
			if k == History || !u.Removed {
				lib.Units[u.ID] = u.Name
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("读取检查对象名录: %w", err)
		}
	}
	if k == History {
		ms, err := db.Matters()
		if err != nil {
			return nil, fmt.Errorf("读取抽查事项: %w", err)
		}
		lib.Matters = map[string]bool{}
		for _, m := range ms {
			lib.Matters[m.Code] = true
		}
	}
	return lib, nil
}

// A Replace import that would remove more than ReplaceMaxShare of the
// library or more than ReplaceMaxRecords records must be confirmed (the
// command line's --yes, the import screen's confirmation).
const (
	ReplaceMaxShare   = 0.10
	ReplaceMaxRecords = 50
)

// NeedsConfirm reports whether removing removed of the size records now
// in the library is beyond what a Replace import may do unasked.
func NeedsConfirm(removed, size int) bool {
	return removed > ReplaceMaxRecords || float64(removed) > ReplaceMaxShare*float64(size)
}

// LibrarySize is the number of records of kind k now in the library:
// units not removed, active counties and inspectors, matters not retired,
// all inspections. A Replace import's removals are weighed against it.
func LibrarySize(db DB, k Kind) (int, error) {
	n := 0
	switch k {
	case Units:
		err := db.EachUnit(func(u store.Unit) error {
			if !u.Removed {
				n++
			}
			return nil
		})
		return n, err
	case Counties:
		cs, err := db.Counties()
		for _, c := range cs {
			if c.Active {
				n++
			}
		}
		return n, err
	case Inspectors:
		is, err := db.Inspectors()
		for _, i := range is {
			if i.Active {
				n++
			}
		}
		return n, err
	case Matters:
		ms, err := db.Matters()
		for _, m := range ms {
			if !m.Retired {
				n++
			}
		}
		return n, err
	case History:
		err := db.EachInspection(func(store.Inspection) error { n++; return nil })
		return n, err
	}
	return 0, fmt.Errorf("未知的名录 %q", k)
}

// list reads an editable list setting (a JSON array of strings).
func list(db DB, key string, def []string) ([]string, error) {
	b, err := db.Setting(key)
	if err != nil {
		return nil, fmt.Errorf("读取设置 %s: %w", key, err)
	}
	if len(b) == 0 {
		return def, nil
	}
	var xs []string
	if err := json.Unmarshal(b, &xs); err != nil {
		return nil, fmt.Errorf("设置 %s 不是字符串数组: %w", key, err)
	}
	if len(xs) == 0 {
		return def, nil
	}
	return xs, nil
}

func (o *Options) defaults() {
	if o.Today == "" {
		o.Today = time.Now().Format(time.DateOnly)
	}
	if o.By == "" {
		o.By = "导入"
		if u, err := user.Current(); err == nil && u.Username != "" {
			o.By = "导入:" + u.Username
		}
	}
	if o.MaxErrors <= 0 {
		o.MaxErrors = 10000
	}
}

// ImportFile validates the .xlsx or .csv file at path as a library of kind
// k and imports it into db, all or nothing. progress, if not nil, is
// called with the number of data rows read so far, every 1,000 rows and
// once at the end; an error from it stops the import, nothing is written,
// and ImportFile returns that error wrapped.
//
// If any row is bad and opt.SkipInvalid is false, nothing is written and
// the error wraps ErrInvalid; Report.Errors lists the bad cells. A file that
// cannot be read at all (not a spreadsheet, damaged, no header) gives an
// error and an almost empty Report.
func ImportFile(db DB, k Kind, path string, opt Options, progress func(rows int) error) (Report, error) {
	start := time.Now()
	opt.defaults()
	rep := Report{Kind: k, File: path}
	if _, ok := schemas[k]; !ok {
		return rep, fmt.Errorf("未知的名录 %q", k)
	}
	if opt.SkipInvalid && opt.Mode == store.Replace {
		return rep, errors.New("“跳过错误行”不能与替换方式同用: 被跳过的行所对应的记录会被当作已移出名录库")
	}
	if k == History && opt.Mode == store.Replace {
		return rep, errors.New("检查记录只能追加, 不能用替换方式导入")
	}
	lib, err := LoadLibrary(db, k)
	if err != nil {
		return rep, err
	}
	sopt := store.ImportOptions{Mode: opt.Mode, DryRun: opt.DryRun, By: opt.By, Source: path}
	if opt.GuardRemovals && opt.Mode == store.Replace && !opt.DryRun {
		size, err := LibrarySize(db, k)
		if err != nil {
			return rep, err
		}
		sopt.Confirm = func(sum store.ImportSummary) error {
			if NeedsConfirm(sum.Deactivated, size) {
				return &RemovalError{Kind: k, Removed: sum.Deactivated, Size: size, Summary: sum}
			}
			return nil
		}
	}
	// A unit already in the library keeps what the file has no column
	// for (an enterprise list has no 重点单位 or 严重失信 columns).
	sopt.KeepFn = func() []string { return rep.kept }
	var readErr error
	run := func(put func(any) error) error {
		readErr = putAll(func(put func(putItem) error) error {
			return readFile(&rep, k, path, lib, opt, progress, put)
		}, put)
		if readErr != nil {
			return readErr
		}
		if rep.ErrorCount > 0 && !opt.SkipInvalid {
			return ErrInvalid
		}
		return nil
	}
	var sum store.ImportSummary
	switch k {
	case Units:
		sum, err = db.ImportUnits(sopt, func(put func(store.Unit) error) error {
			return run(func(r any) error { return put(r.(store.Unit)) })
		})
	case Inspectors:
		sum, err = db.ImportInspectors(sopt, func(put func(store.Inspector) error) error {
			return run(func(r any) error { return put(r.(store.Inspector)) })
		})
	case Matters:
		sum, err = db.ImportMatters(sopt, func(put func(store.Matter) error) error {
			return run(func(r any) error { return put(r.(store.Matter)) })
		})
	case Counties:
		sum, err = db.ImportCounties(sopt, func(put func(store.County) error) error {
			return run(func(r any) error { return put(r.(store.County)) })
		})
	case History:
		sum, err = db.ImportHistory(sopt, func(put func(store.Inspection) error) error {
			return run(func(r any) error { return put(r.(store.Inspection)) })
		})
	}
	rep.Elapsed = time.Since(start)
	switch {
	case readErr != nil:
		return rep, readErr
	case errors.Is(err, ErrInvalid):
		first := ""
		if len(rep.Errors) > 0 {
			first = "; 第一处: " + rep.Errors[0].Error()
		}
		return rep, fmt.Errorf("%w: %d 行有错误, 共 %d 处%s", ErrInvalid, rep.Invalid, rep.ErrorCount, first)
	case err != nil:
		return rep, err
	}
	rep.Summary = sum
	rep.Written = !opt.DryRun && sum.Added+sum.Updated+sum.Deactivated > 0
	return rep, nil
}

// readFile streams every sheet holding k's header, validating each data
// row and handing valid records to put (all of them, or with SkipInvalid
// only the valid ones; after the first bad row without SkipInvalid,
// records are no longer put, since the import will be rolled back anyway).
// Duplicates are found across sheets.
func readFile(rep *Report, k Kind, path string, lib *Library, opt Options, progress func(int) error, put func(putItem) error) error {
	t, err := openTable(path)
	if err != nil {
		return err
	}
	defer t.close()
	locs, warnings, err := locateAll(t, k, opt.Columns)
	if err != nil {
		return err
	}
	rep.Warnings = append(rep.Warnings, warnings...)
	rep.Sheet, rep.HeaderRow = locs[0].sheet, locs[0].headerRow
	cols := schemas[k]
	for c, pos := range locs[0].idx {
		if pos >= 0 && pos < len(locs[0].header) {
			rep.Sources = append(rep.Sources, cols[c].Header+" ← "+cleanText(locs[0].header[pos]))
		}
	}
	p := newParser(k, lib, nil, opt.Mode == store.Replace, opt.By, opt.Today)
	if k == Units {
		// The parser keeps the library's names by their comparison key;
		// the map of a million ids to names is not needed any more.
		lib.Units = nil
	}
	fromTemplate := slices.Contains(t.sheets, "说明") && slices.Contains(t.sheets, "选项")
	for i, loc := range locs {
		used := map[int]bool{}
		for _, pos := range loc.idx {
			if pos >= 0 {
				used[pos] = true
			}
		}
		for pos, h := range loc.header {
			if h = strings.TrimSpace(h); h == "" {
				continue
			}
			if used[pos] {
				if !slices.Contains(rep.Columns, h) {
					rep.Columns = append(rep.Columns, h)
				}
			} else if !slices.Contains(rep.Ignored, h) {
				rep.Ignored = append(rep.Ignored, h)
				if w := ignoredMeaning(k, h); w != "" {
					rep.Warnings = append(rep.Warnings, w)
				}
			}
		}
		p.idx, p.header, p.sheetNo = loc.idx, loc.header, i
		if len(locs) > 1 {
			p.sheet = loc.sheet
		}
		p.sheets = append(p.sheets, loc.sheet)
		n, err := readSheet(t, loc, rep, p, k, opt, fromTemplate, progress, put)
		if err != nil {
			return err
		}
		rep.Sheets = append(rep.Sheets, SheetReport{Name: loc.sheet, HeaderRow: loc.headerRow, Rows: n})
		if n == 0 && len(locs) > 1 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("工作表“%s”第 %d 行是表头, 下面没有数据", loc.sheet, loc.headerRow))
		}
	}
	rep.Warnings = append(rep.Warnings, p.warnings()...)
	if k == Units {
		rep.Kept, rep.kept = keptColumns(locs)
		if len(rep.Kept) > 0 {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("文件没有%s列: 名录库中已有的单位保留原值, 新单位取默认值(直报“是”, 重点“否”, 状态“正常”)",
				"“"+strings.Join(rep.Kept, "”“")+"”"))
		}
	}
	if progress != nil {
		if err := progress(rep.Rows); err != nil {
			return fmt.Errorf("读完 %d 行后中止: %w", rep.Rows, err)
		}
	}
	if rep.Rows == 0 {
		return fmt.Errorf("%w: 工作表“%s”第 %d 行是表头, 下面没有数据", ErrNoRows, locs[0].sheet, locs[0].headerRow)
	}
	if t.xlsx != nil && rep.ErrorCount > 0 && len(locs) == 1 {
		explainEmpty(t.xlsx, locs[0], rep)
	}
	return nil
}

// keptFields are the unit columns a file may lack whose stored values
// are then kept, with the store's field name.
var keptFields = []struct {
	cols  []int
	field string
}{
	{[]int{uAddress}, "address"}, {[]int{uContact}, "contact"}, {[]int{uDirect}, "direct_reporting"}, {[]int{uKey}, "key"},
	{[]int{uDishonestFrom, uDishonestTo}, "dishonest"}, {[]int{uStatus}, "status"}, {[]int{uOverride}, "check_override"},
}

// keptColumns returns the headers of the unit columns no located sheet
// has, and their store field names.
func keptColumns(locs []*located) (headers, fields []string) {
	for _, kf := range keptFields {
		absent := true
		for _, loc := range locs {
			for _, c := range kf.cols {
				absent = absent && loc.idx[c] < 0
			}
		}
		if absent {
			for _, c := range kf.cols {
				headers = append(headers, schemas[Units][c].Header)
			}
			fields = append(fields, kf.field)
		}
	}
	return headers, fields
}

// readSheet reads the data rows of one located sheet and returns how many
// non-blank rows it held.
func readSheet(t *table, loc *located, rep *Report, p *parser, k Kind, opt Options, fromTemplate bool, progress func(int) error, put func(putItem) error) (int, error) {
	open, err := t.open(loc.sheet)
	if err != nil {
		return 0, err
	}
	src := prefetch(open) // decoding the file overlaps validation
	defer src.close()
	n := 0
	for {
		row, cells, ok := src.next()
		if !ok {
			break
		}
		if row <= loc.headerRow {
			continue
		}
		if blank(cells) || (fromTemplate && row == loc.headerRow+1 && isExample(k, loc.idx, cells)) {
			continue
		}
		n++
		rep.Rows++
		if progress != nil && rep.Rows%1000 == 0 {
			if err := progress(rep.Rows); err != nil {
				return n, fmt.Errorf("读到第 %d 行时中止: %w", row, err)
			}
		}
		rec, errs := p.parse(row, cells)
		if len(errs) > 0 {
			rep.Invalid++
			rep.ErrorCount += len(errs)
			for _, e := range errs {
				if len(rep.Errors) < opt.MaxErrors {
					rep.Errors = append(rep.Errors, e)
				}
			}
			continue
		}
		rep.Valid++
		if rep.Invalid > 0 && !opt.SkipInvalid {
			continue
		}
		if err := put(putItem{rec, row, p.sheet}); err != nil {
			return n, fmt.Errorf("%s第 %d 行: 写入失败: %w", sheetPrefix(p.sheet), row, err)
		}
	}
	if err := src.err(); err != nil {
		return n, fmt.Errorf("工作表“%s”: %w", loc.sheet, err)
	}
	return n, nil
}

// sheetPrefix is "工作表“X” " for a named sheet, "" otherwise.
func sheetPrefix(sheet string) string {
	if sheet == "" {
		return ""
	}
	return "工作表“" + sheet + "” "
}

// explainMaxRows is the largest sheet explainEmpty loads whole.
const explainMaxRows = 20000

// explainEmpty looks at the cells reported empty and says when they lie
// inside merged cells or hold formulas without a saved result. It reads the
// whole sheet, so it runs only when some required cell was empty, only for
// sheets of at most explainMaxRows rows, and for at most 200 errors.
func explainEmpty(f *excelize.File, loc *located, rep *Report) {
	cols := schemas[rep.Kind]
	colPos := map[string]int{}
	for c, pos := range loc.idx {
		colPos[cols[c].Header] = pos
	}
	anyEmpty := false
	for _, e := range rep.Errors {
		anyEmpty = anyEmpty || strings.HasPrefix(e.Reason, "为空")
	}
	// Loading a sheet whole costs about 100 times its size in memory.
	if !anyEmpty || rep.Rows > explainMaxRows {
		return
	}
	merged, err := f.GetMergeCells(loc.sheet, true)
	if err != nil {
		return
	}
	checked := 0
	for i := range rep.Errors {
		e := &rep.Errors[i]
		if !strings.HasPrefix(e.Reason, "为空") {
			continue
		}
		pos, ok := colPos[e.Column]
		if !ok || pos < 0 {
			continue
		}
		if checked++; checked > 200 {
			return
		}
		cell, err := excelize.CoordinatesToCellName(pos+1, e.Row)
		if err != nil {
			continue
		}
		for _, m := range merged {
			if in, _ := inRange(cell, m.GetStartAxis(), m.GetEndAxis()); in && cell != m.GetStartAxis() {
				e.Reason = fmt.Sprintf("为空: 该格在合并单元格 %s:%s 内, 只有左上角 %s 有值; 请取消合并, 并在每一行填上值", m.GetStartAxis(), m.GetEndAxis(), m.GetStartAxis())
				break
			}
		}
		if formula, err := f.GetCellFormula(loc.sheet, cell); err == nil && formula != "" {
			e.Reason = fmt.Sprintf("为空: 该格是公式 =%s, 但文件中没有保存计算结果; 请在 Excel 或 WPS 中打开并保存, 或“选择性粘贴”为数值后再导入", formula)
		}
	}
}

func inRange(cell, from, to string) (bool, error) {
	c, r, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return false, err
	}
	c1, r1, err := excelize.CellNameToCoordinates(from)
	if err != nil {
		return false, err
	}
	c2, r2, err := excelize.CellNameToCoordinates(to)
	if err != nil {
		return false, err
	}
	return c >= c1 && c <= c2 && r >= r1 && r <= r2, nil
}

// isExample reports whether cells are a template's untouched example row:
// every column with an example is present and holds it, the rest are empty.
func isExample(k Kind, idx []int, cells []string) bool {
	cols := schemas[k]
	for c, pos := range idx {
		v := ""
		if pos >= 0 && pos < len(cells) {
			v = cleanText(cells[pos])
		}
		if pos < 0 && cols[c].Example != "" || v != cols[c].Example {
			return false
		}
	}
	return true
}

// ignoredMeaning says why a column a user may expect to count is ignored
// ("" for other columns): the 回避部门 of an inspector is not a rule the
// draw can apply, since units carry no department; its units go into 回避单位.
func ignoredMeaning(kind Kind, header string) string {
	if kind == Inspectors && slices.Contains([]string{"回避部门", "利害关系部门"}, strings.TrimSpace(header)) {
		return "“" + header + "”列已忽略: 抽取按“回避县区”和“回避单位”回避; 须回避某部门时, 请把该部门管辖或关联的单位代码列入“回避单位”"
	}
	return ""
}
