package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"shuangsui/assets/version"
	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/store/safefile"
	"shuangsui/store/workdays"
)

// ResultColumns are the columns of a results workbook; import reads them
// back by header name (仪式编号, 单位代码, 检查开始日期, 检查结束日期,
// 检查结果, 备注, 录入人; the others are for reading only).
var ResultColumns = []string{"仪式编号", "县(市、区)", "单位代码", "单位名称", "检查组", "检查开始日期", "检查结束日期",
	"检查结果", "备注", "录入人", "录入时间", "应公示日期", "公示日期"}

// CodeSep separates several result codes in one cell.
const CodeSep = "；"

// ExportResults writes every current unit of a sealed ceremony, with its
// result when entered, and the problem-rate estimate under the table. It
// returns the number of units written.
func ExportResults(db *store.DB, cal *workdays.Calendar, ceremony, path string) (int, error) {
	sheet, err := db.ResultSheet(ceremony)
	if err != nil {
		return 0, err
	}
	b, err := newBook(path)
	if err != nil {
		return 0, err
	}
	defer b.abort()
	if err := b.sheet("检查结果", []float64{16, 12, 22, 30, 24, 13, 13, 40, 24, 10, 22, 16, 12}); err != nil {
		return 0, err
	}
	if err := b.headerRow(ResultColumns); err != nil {
		return 0, err
	}
	rows, err := resultRows(sheet, cal, ceremony)
	if err != nil {
		return 0, err
	}
	for _, cells := range rows {
		if err := b.textRow(cells); err != nil {
			return 0, err
		}
	}
	if err := b.noteRow(""); err != nil {
		return 0, err
	}
	est, err := store.EstimateOf(sheet.Ceremony, results(sheet))
	line := est.Text()
	if err != nil {
		line = err.Error()
	}
	if err := b.noteRow(line); err != nil {
		return 0, err
	}
	if err := b.noteRow("计为“有问题”的结果: 除“未发现问题”“" + strings.Join(store.UnclassifiedCodes, "”“") + "”以外的全部结果(含统计专项发现);仅有后两项的单位无法判定,不计入样本。"); err != nil {
		return 0, err
	}
	codes, err := db.KnownCodes()
	if err != nil {
		return 0, err
	}
	if len(sheet.Rows) > 0 {
		b.dropDown(fmt.Sprintf("H2:H%d", len(sheet.Rows)+1), fmt.Sprintf("选项!$A$2:$A$%d", len(codes)+1), "检查结果",
			"从列表选择; 多个结果用“；”分隔")
	}
	if err := resultsHelp(b, codes); err != nil {
		return 0, err
	}
	if err := b.sheet("选项", []float64{40}); err != nil {
		return 0, err
	}
	if err := b.textRow([]string{"检查结果"}); err != nil {
		return 0, err
	}
	for _, c := range codes {
		if err := b.textRow([]string{c}); err != nil {
			return 0, err
		}
	}
	b.hide()
	return len(sheet.Rows), b.save()
}

// resultsHelp writes the 说明 sheet of a results workbook: how to fill it
// in and import it back, and the result codes.
func resultsHelp(b *book, codes []string) error {
	if err := b.sheet("说明", []float64{18, 90}); err != nil {
		return err
	}
	if err := b.titleRow("检查结果录入说明"); err != nil {
		return err
	}
	if err := b.headerRow([]string{"列", "填写方法"}); err != nil {
		return err
	}
	for _, r := range [][]string{
		{"仪式编号、单位代码", "不要修改: 导入时据此找到被抽中的单位。单位名称、检查组等列仅供核对。"},
		{"检查开始日期、检查结束日期", "填日期, 如 2026-12-02、2026/12/2 或 2026年12月2日, 也可以是 Excel 的日期格式; 结束日期不早于开始日期。"},
		{"检查结果", "从下拉列表选择; 一个单位有多个结果时, 用中文分号“；”分隔, 如“发现问题已责令改正；迟报统计资料”。可用的结果见下方。"},
		{"备注", "选填。"},
		{"录入人", "填写录入人姓名; 导入时也可用 --by 统一指定。"},
		{"录入时间、应公示日期、公示日期", "由程序填写, 导入时不读取。应公示日期为检查结束后第 20 个工作日。"},
		{"导入", "results import 本文件.xlsx; 先加 --dry-run 试运行, 只检查不写入。有任何错误则整个文件都不导入, 并列出行号和原因; 没有填写日期和结果的行跳过。"},
	} {
		if err := b.textRow(r); err != nil {
			return err
		}
	}
	for i, c := range codes {
		first := ""
		if i == 0 {
			first = "检查结果可选"
		}
		if err := b.textRow([]string{first, c}); err != nil {
			return err
		}
	}
	return nil
}

// ResultRows is the table ExportResults writes, header first, without
// the estimate under it: what a column layout (store/layout) reshapes.
func ResultRows(db *store.DB, cal *workdays.Calendar, ceremony string) ([][]string, error) {
	sheet, err := db.ResultSheet(ceremony)
	if err != nil {
		return nil, err
	}
	rows, err := resultRows(sheet, cal, ceremony)
	return append([][]string{ResultColumns}, rows...), err
}

func resultRows(sheet *store.ResultSheet, cal *workdays.Calendar, ceremony string) ([][]string, error) {
	var out [][]string
	for _, row := range sheet.Rows {
		cells := []string{ceremony, row.CountyName, row.Unit, row.UnitName, strings.Join(row.TeamNames, "、"), "", "", "", "", "", "", "", ""}
		if r := row.Result; r != nil {
			due, prov, err := store.PublicationDue(cal, r.End)
			if err != nil {
				return nil, err
			}
			if prov {
				due += "(暂定)"
			}
			copy(cells[5:], []string{r.Start, r.End, strings.Join(r.Codes, CodeSep), r.Notes, r.EnteredBy, r.EnteredAt, due, r.Published})
		}
		out = append(out, cells)
	}
	return out, nil
}

func results(s *store.ResultSheet) []store.Result {
	var out []store.Result
	for _, r := range s.Rows {
		if r.Result != nil {
			out = append(out, *r.Result)
		}
	}
	return out
}

// CellError is one bad cell (or row) of an imported file.
type CellError struct {
	Row    int    // 1-based spreadsheet row
	Column string // header name, "" for the whole row
	Msg    string
}

// ImportError lists every bad cell; nothing was written.
type ImportError struct {
	Path   string
	Errors []CellError
}

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 中有 %d 处错误,未写入任何数据", e.Path, len(e.Errors))
	for i, c := range e.Errors {
		if i == 20 {
			fmt.Fprintf(&b, "\n  另有 %d 处未列出", len(e.Errors)-20)
			break
		}
		if c.Column != "" {
			fmt.Fprintf(&b, "\n  第 %d 行“%s”列: %s", c.Row, c.Column, c.Msg)
		} else {
			fmt.Fprintf(&b, "\n  第 %d 行: %s", c.Row, c.Msg)
		}
	}
	return b.String()
}

var fieldColumn = map[string]string{"ceremony": "仪式编号", "unit": "单位代码", "start": "检查开始日期", "end": "检查结束日期",
	"codes": "检查结果", "notes": "备注", "entered_by": "录入人"}

// ImportResultCounts reads a results workbook (as written by
// ExportResults) and stores every row that carries a result, all or
// nothing; rows without dates and codes are skipped. by, when not empty,
// overrides the 录入人 column of the rows written. A row whose dates,
// codes and notes equal the stored result is left untouched (its 录入人
// and 录入时间 too) and counted as unchanged; see store.ResultCounts.Text
// for the summary line. A row that changes a stored result is a
// correction and needs reason (the same for every such row).
func ImportResultCounts(db *store.DB, path, by, reason string) (store.ResultCounts, error) {
	var none store.ResultCounts
	if strings.ToLower(filepath.Ext(path)) != ".xlsx" {
		return none, fmt.Errorf("导入 %s: 只能导入 .xlsx 文件", path)
	}
	rows, err := readRows(path)
	if err != nil {
		return none, err
	}
	ie := &ImportError{Path: path}
	head := -1
	col := map[string]int{}
	for i, r := range rows {
		for j, c := range r {
			col[strings.TrimSpace(c)] = j
		}
		if _, ok := col["单位代码"]; ok {
			head = i
			break
		}
		clear(col)
	}
	if head < 0 {
		return none, fmt.Errorf("导入 %s: 找不到表头(应有“单位代码”列)", path)
	}
	for _, need := range []string{"仪式编号", "单位代码", "检查开始日期", "检查结束日期", "检查结果"} {
		if _, ok := col[need]; !ok {
			ie.Errors = append(ie.Errors, CellError{Row: head + 1, Column: need, Msg: "缺少此列"})
		}
	}
	if len(ie.Errors) > 0 {
		return none, ie
	}
	get := func(r []string, name string) string {
		j, ok := col[name]
		if !ok || j >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[j])
	}
	var ins []store.ResultInput
	var rowOf []int
	for i := head + 1; i < len(rows); i++ {
		r := rows[i]
		if get(r, "单位代码") == "" {
			continue // blank row, or the notes under the table
		}
		in := store.ResultInput{Ceremony: get(r, "仪式编号"), Unit: get(r, "单位代码"), Start: get(r, "检查开始日期"),
			End: get(r, "检查结束日期"), Notes: get(r, "备注"), EnteredBy: get(r, "录入人")}
		codes := get(r, "检查结果")
		if in.Start == "" && in.End == "" && codes == "" {
			continue // a unit without a result yet
		}
		// Dates as every import reads them: Excel date cells (serials),
		// 2026/12/2, 2026年12月2日 …
		for _, d := range []struct {
			col string
			v   *string
		}{{"检查开始日期", &in.Start}, {"检查结束日期", &in.End}} {
			iso, err := excel.ParseDate(*d.v)
			if err != nil {
				ie.Errors = append(ie.Errors, CellError{Row: i + 1, Column: d.col, Msg: err.Error()})
				continue
			}
			*d.v = iso
		}
		in.Codes = strings.FieldsFunc(codes, func(c rune) bool { return c == '；' || c == ';' || c == '\n' })
		if by != "" {
			in.EnteredBy = by
		}
		in.Reason = reason
		ins = append(ins, in)
		rowOf = append(rowOf, i+1)
	}
	if len(ie.Errors) > 0 {
		return none, ie
	}
	if len(ins) == 0 {
		return none, fmt.Errorf("导入 %s: 没有填写了结果的行", path)
	}
	counts, err := db.PutResultBatch(ins)
	var be *store.BatchError
	if errors.As(err, &be) {
		for _, it := range be.Items {
			ce := CellError{Row: rowOf[it.Index], Msg: it.Err.Error()}
			var fe *store.FieldError
			if errors.As(it.Err, &fe) {
				ce.Column = fieldColumn[fe.Field]
			}
			ie.Errors = append(ie.Errors, ce)
		}
		return none, ie
	}
	if err != nil {
		return none, fmt.Errorf("导入 %s: %w", path, err)
	}
	return counts, nil
}

// DryRunResults checks a results workbook exactly as ImportResultCounts
// would import it, against a copy of the database made with db.Backup in a
// temporary folder beside it (removed afterwards), and returns what the
// import would do. The database itself is not written.
func DryRunResults(db *store.DB, path, by, reason string) (store.ResultCounts, error) {
	var none store.ResultCounts
	dir, err := os.MkdirTemp(filepath.Dir(db.Path()), ".shuangsui-dryrun-")
	if err != nil {
		return none, fmt.Errorf("试运行: %w", err)
	}
	defer os.RemoveAll(dir)
	copyPath := filepath.Join(dir, "copy.db")
	if err := db.Backup(copyPath); err != nil {
		return none, fmt.Errorf("试运行: %w", err)
	}
	cp, err := store.Open(copyPath, store.Options{})
	if err != nil {
		return none, fmt.Errorf("试运行: %w", err)
	}
	defer cp.Close()
	return ImportResultCounts(cp, path, by, reason)
}

// PublicationColumns are the columns of the 抽查结果公示表.
var PublicationColumns = []string{"序号", "单位名称", "统一社会信用代码", "所在县(市、区)", "抽查事项", "抽查类型", "检查日期",
	"检查结果", "检查机关", "公示日期", "应公示日期"}

// ExportPublication writes the 抽查结果公示表 of a round. It returns the
// number of rows.
func ExportPublication(db *store.DB, cal *workdays.Calendar, round, path string) (int, error) {
	rows, err := db.PublicationTable(cal, round)
	if err != nil {
		return 0, err
	}
	b, err := newBook(path)
	if err != nil {
		return 0, err
	}
	defer b.abort()
	if err := b.sheet("抽查结果公示表", []float64{6, 30, 22, 14, 30, 16, 24, 36, 18, 12, 16}); err != nil {
		return 0, err
	}
	if err := b.titleRow(round + "“双随机、一公开”抽查结果公示表"); err != nil {
		return 0, err
	}
	if err := b.headerRow(PublicationColumns); err != nil {
		return 0, err
	}
	var heads []string // 仪式 … 当前校验码 …, one per ceremony
	for i, r := range rows {
		published := r.Published
		if r.Corrected != "" {
			published += "(更正 " + r.Corrected + ")"
		}
		if err := b.textRow([]string{strconv.Itoa(i + 1), r.UnitName, r.USCC, r.CountyName, r.Matter, kindOr(r.Kind),
			r.Inspected, r.Result, r.Organisation, published, r.Due}); err != nil {
			return 0, err
		}
		if h := "仪式 " + r.Ceremony + " 当前校验码 " + r.Head; !slices.Contains(heads, h) {
			heads = append(heads, h)
		}
	}
	if len(heads) > 0 {
		if err := b.noteRow("本表依据: " + strings.Join(heads, ";") + "(导出记录 JSON 中的 head;公示后有更正的行在公示日期后标“更正”及更正日期)。"); err != nil {
			return 0, err
		}
	}
	if err := b.noteRow("应公示日期为检查结束后第 20 个工作日;标“暂定”的日期跨入尚未公布节假日安排的年份,须待国务院办公厅通知发布后重算。"); err != nil {
		return 0, err
	}
	if err := b.noteRow("本表由 " + version.String() + " 生成。"); err != nil {
		return 0, err
	}
	return len(rows), b.save()
}

// ExportPenalties writes every penalty in store.PenaltyColumns order: a
// .csv file with a UTF-8 BOM, or an .xlsx workbook.
func ExportPenalties(db *store.DB, path string) (int, error) {
	ps, err := db.Penalties()
	if err != nil {
		return 0, err
	}
	rows := [][]string{store.PenaltyColumns}
	for _, p := range ps {
		rows = append(rows, p.Row())
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		data, err := csvBytes(rows)
		if err != nil {
			return 0, err
		}
		return len(ps), safefile.Write(path, data)
	case ".xlsx":
		b, err := newBook(path)
		if err != nil {
			return 0, err
		}
		defer b.abort()
		widths := make([]float64, len(store.PenaltyColumns))
		for i := range widths {
			widths[i] = 18
		}
		if err := b.sheet("行政处罚", widths); err != nil {
			return 0, err
		}
		if err := b.headerRow(rows[0]); err != nil {
			return 0, err
		}
		for _, r := range rows[1:] {
			if err := b.textRow(r); err != nil {
				return 0, err
			}
		}
		return len(ps), b.save()
	}
	return 0, fmt.Errorf("导出 %s: 扩展名应为 .csv 或 .xlsx", path)
}

// CoverageRows renders a coverage plan as the rows of its county table.
func CoverageRows(cv store.Coverage) [][]string {
	rows := [][]string{{"县(市、区)", "在营单位数", "企业数(基数)", "已检查企业数", "检查比例", "5%下限", "尚差"}}
	line := func(c store.CountyCoverage) []string {
		return []string{c.Name, strconv.Itoa(c.Units), strconv.Itoa(c.Frame), strconv.Itoa(c.Inspected), fmt.Sprintf("%.1f%%", c.Percent()),
			strconv.Itoa(c.Required), strconv.Itoa(c.Short())}
	}
	for _, c := range cv.Counties {
		rows = append(rows, line(c))
	}
	return append(rows, line(cv.Total))
}

// MatterCoverageRows renders the ratio and frequency of each matter.
func MatterCoverageRows(cv store.Coverage) [][]string {
	rows := [][]string{{"事项编码", "事项名称", "抽查比例", "企业数(基数)", "已检查企业数", "检查比例", "应检查", "比例", "抽查频次", "已开展轮次", "频次"}}
	mark := func(known, ok bool) string {
		switch {
		case !known:
			return "未写明"
		case ok:
			return "达到"
		}
		return "未达到"
	}
	for _, m := range cv.Matters {
		rows = append(rows, []string{m.Code, m.Name, m.Ratio, strconv.Itoa(m.Base), strconv.Itoa(m.Inspected), fmt.Sprintf("%.1f%%", m.Percent()),
			strconv.Itoa(m.Required), mark(m.RatioPercent > 0, m.RatioMet()), m.Frequency, strconv.Itoa(len(m.Rounds)), mark(m.Times > 0, m.RoundsMet())})
	}
	return rows
}

// ExportCoverage writes the coverage plan: the county table, then the
// lists (key units, dishonest units, rounds, training) on a second sheet.
func ExportCoverage(cv store.Coverage, path string) error {
	b, err := newBook(path)
	if err != nil {
		return err
	}
	defer b.abort()
	if err := b.sheet("覆盖情况", []float64{24, 12, 12, 14, 10, 10, 8}); err != nil {
		return err
	}
	if err := b.titleRow(fmt.Sprintf("%d 年“双随机、一公开”抽查覆盖情况(截至 %s)", cv.Year, cv.AsOf)); err != nil {
		return err
	}
	rows := CoverageRows(cv)
	if err := b.headerRow(rows[0]); err != nil {
		return err
	}
	// Numbers as numbers: right-aligned, and SUM works on them.
	for _, c := range append(cv.Counties, cv.Total) {
		if err := b.mixedRow([]any{c.Name, c.Units, c.Frame, c.Inspected, Percent(c.Percent() / 100), c.Required, c.Short()}); err != nil {
			return err
		}
	}
	if len(cv.Directed) > 0 {
		if err := b.noteRow(fmt.Sprintf("定向检查 %d 次(其结果计入覆盖,不计入轮次): %s", len(cv.Directed), strings.Join(cv.Directed, "、"))); err != nil {
			return err
		}
	}
	if err := b.noteRow(fmt.Sprintf("已开展抽查轮次 %d 次(应为每年 %d 次): %s", len(cv.Rounds), store.RoundsPerYear, strings.Join(cv.Rounds, "、"))); err != nil {
		return err
	}
	if err := b.noteRow("5% 的基数是在营企业(统一社会信用代码以 91 开头);每个企业只计一次;只计双随机抽查和定向检查。"); err != nil {
		return err
	}
	mrows := MatterCoverageRows(cv)
	if err := b.sheet("事项比例与频次", []float64{12, 30, 14, 12, 12, 10, 8, 8, 12, 10, 8}); err != nil {
		return err
	}
	if err := b.headerRow(mrows[0]); err != nil {
		return err
	}
	// Numbers as numbers, as on the first sheet.
	for _, m := range cv.Matters {
		row := MatterCoverageRows(store.Coverage{Matters: []store.MatterCoverage{m}})[1]
		if err := b.mixedRow([]any{m.Code, m.Name, m.Ratio, m.Base, m.Inspected, Percent(m.Percent() / 100), m.Required, row[7], m.Frequency, len(m.Rounds), row[10]}); err != nil {
			return err
		}
	}
	if err := b.sheet("待检查清单", []float64{26, 22, 34, 22, 14}); err != nil {
		return err
	}
	if err := b.headerRow([]string{"类别", "代码", "名称", "县(市、区)", "本年培训天数"}); err != nil {
		return err
	}
	// The county by its name beside its code: 双桥区(130802).
	names := map[string]string{}
	for _, c := range cv.Counties {
		names[c.County] = c.Name
	}
	county := func(code string) string {
		if n := names[code]; n != "" && n != code {
			return n + "(" + code + ")"
		}
		return code
	}
	for _, u := range cv.KeyNotInspected {
		if err := b.textRow([]string{"重点单位本年未检查", u.ID, u.Name, county(u.County), ""}); err != nil {
			return err
		}
	}
	for _, u := range cv.DishonestNotInspected {
		if err := b.textRow([]string{"严重失信单位本半年未检查", u.ID, u.Name, county(u.County), ""}); err != nil {
			return err
		}
	}
	for _, in := range cv.Undertrained {
		if err := b.mixedRow([]any{"执法人员培训不足2天", in.ID, in.Name, "", in.Days}); err != nil {
			return err
		}
	}
	return b.save()
}

// kindOr is the 抽查类型 of a row: 双随机抽查 unless it names another.
func kindOr(kind string) string {
	if kind == "" {
		return "双随机抽查"
	}
	return kind
}

// FollowUpRows is the follow-up list (problem results with neither
// penalty nor transfer) with its header row.
func FollowUpRows(list []store.FollowUp) [][]string {
	rows := [][]string{{"仪式", "县(市、区)", "单位代码", "单位名称", "检查结束", "检查结果", "已过天数", "已过工作日"}}
	for _, f := range list {
		r := f.Result
		rows = append(rows, []string{r.Ceremony, f.County, r.Unit, f.Name, r.End, strings.Join(r.Codes, "；"),
			strconv.Itoa(f.Days), strconv.Itoa(f.Workdays)})
	}
	return rows
}

// ExportFollowUps writes the follow-up list as of day to path (.xlsx or
// .csv), as `results followup -o` and the follow-up screen's x do.
func ExportFollowUps(list []store.FollowUp, day, path string) error {
	return WriteTable(path, "待处理问题", "发现问题尚未处罚或移送的检查结果", FollowUpRows(list),
		"截至 "+day+";登记行政处罚(penalties add)或移送(transfer add)后即不再列出。")
}
