package excel

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// TemplateLists are the values offered in a template's drop-down lists.
type TemplateLists struct {
	Counties    []string // county names
	Categories  []string
	Specialties []string
}

// templateRows is how far down the drop-downs and text formats reach.
const templateRows = 20000

// ListsFrom reads the drop-down values from db, falling back to the demo
// Chengde counties when the library has none.
func ListsFrom(db DB) (TemplateLists, error) {
	var l TemplateLists
	lib, err := LoadLibrary(db, Counties)
	if err != nil {
		return l, err
	}
	for _, c := range lib.Counties {
		if c.Active {
			l.Counties = append(l.Counties, c.Name)
		}
	}
	if len(l.Counties) == 0 {
		l = DefaultLists()
	}
	l.Categories, l.Specialties = lib.Categories, lib.Specialties
	return l, nil
}

// DefaultLists are the lists of a template made without a database: the
// Chengde counties and the default categories and specialties.
func DefaultLists() TemplateLists {
	l := TemplateLists{Categories: defaultCategories(), Specialties: defaultSpecialties()}
	for _, c := range ChengdeCounties {
		l.Counties = append(l.Counties, c.Name)
	}
	return l
}

// WriteTemplate writes an empty import template for k to path (mode 0600):
// Chinese headers, one example row, drop-downs, code columns formatted as
// text, widths, a frozen header row, A4 landscape, and a sheet 说明 that
// explains every column.
func WriteTemplate(k Kind, path string, lists TemplateLists) error {
	cols, ok := schemas[k]
	if !ok {
		return fmt.Errorf("未知的名录 %q", k)
	}
	f := excelize.NewFile()
	defer f.Close()
	fail := func(err error) error { return fmt.Errorf("写模板 %s: %w", path, err) }
	if err := f.SetDefaultFont("宋体"); err != nil {
		return fail(err)
	}
	sheet := k.Title()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fail(err)
	}
	st, err := styles(f)
	if err != nil {
		return fail(err)
	}
	// Hidden sheet with the drop-down lists (a list over 255 characters
	// cannot live inside the validation itself).
	const opts = "选项"
	if _, err := f.NewSheet(opts); err != nil {
		return fail(err)
	}
	listRef := map[choice]string{}
	for i, l := range []struct {
		ch    choice
		title string
		vals  []string
	}{
		{chCounty, "县(市、区)", lists.Counties},
		{chCategory, "单位类别", lists.Categories},
		{chSpecialty, "专业", lists.Specialties},
		{chYesNo, "是/否", []string{"是", "否"}},
		{chStatus, "状态", []string{"正常", "关闭", "注销"}},
	} {
		colName, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(opts, colName+"1", l.title); err != nil {
			return fail(err)
		}
		for j, v := range l.vals {
			if err := f.SetCellStr(opts, fmt.Sprintf("%s%d", colName, j+2), v); err != nil {
				return fail(err)
			}
		}
		if len(l.vals) > 0 {
			listRef[l.ch] = fmt.Sprintf("%s!$%s$2:$%s$%d", opts, colName, colName, len(l.vals)+1)
		}
	}
	listRef[chSpecList] = listRef[chSpecialty]
	if err := f.SetSheetVisible(opts, false); err != nil {
		return fail(err)
	}

	for i, c := range cols {
		colName, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, colName, colName, c.Width); err != nil {
			return fail(err)
		}
		if err := f.SetColStyle(sheet, colName, st.text); err != nil {
			return fail(err)
		}
		head := c.Header
		if c.Required {
			head = "*" + head
		}
		if err := f.SetCellStr(sheet, colName+"1", head); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(sheet, colName+"1", colName+"1", st.header); err != nil {
			return fail(err)
		}
		if err := f.SetCellStr(sheet, colName+"2", c.Example); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(sheet, colName+"2", colName+"2", st.example); err != nil {
			return fail(err)
		}
		ref, ok := listRef[c.choice]
		if !ok {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", colName, colName, templateRows))
		dv.SetSqrefDropList(ref)
		if c.choice == chSpecList {
			// Several specialties may be typed, separated by 、.
			dv.SetError(excelize.DataValidationErrorStyleInformation, c.Header, "可填多个专业, 用顿号“、”分隔")
		} else {
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Header, "请从下拉列表中选择")
		}
		dv.SetInput(c.Header, trimNote(c.Note))
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return fail(err)
		}
	}
	if err := f.SetRowHeight(sheet, 1, 30); err != nil {
		return fail(err)
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	if err := pageSetup(f, sheet); err != nil {
		return fail(err)
	}

	// 说明
	const help = "说明"
	if _, err := f.NewSheet(help); err != nil {
		return fail(err)
	}
	rows := [][]string{
		{fmt.Sprintf("%s导入模板", sheet)},
		{"第一行是表头(带 * 的列必填), 第二行是灰色的示例, 填写时请删除(未改动的示例行导入时会被跳过; 改过却仍用示例代码的行会被拒绝: “示例行未删除”)。工作簿中每个表头可识别的工作表都会导入, “说明”页不读。列的顺序可以调整, 多余的列会被忽略; 表头上方可以有标题行。"},
		{"导入时逐行检查, 只要有一处错误就不写入任何数据, 并列出每处错误的行号、列和原因(可用 --errors 导出为 Excel)。"},
		{},
		{"列名", "必填", "说明", "示例"},
	}
	for _, c := range cols {
		req := ""
		if c.Required {
			req = "是"
		}
		rows = append(rows, []string{c.Header, req, c.Note, c.Example})
	}
	// Every row wraps and is as tall as its text (RowHeight); the lines
	// above the table span its four columns.
	widths := []float64{20, 6, 70, 30}
	for col, w := range map[string]float64{"A": widths[0], "B": widths[1], "C": widths[2], "D": widths[3]} {
		if err := f.SetColWidth(help, col, col, w); err != nil {
			return fail(err)
		}
	}
	const tableRow = 4 // index of the table's header in rows
	for r, row := range rows {
		for ci, v := range row {
			cell, _ := excelize.CoordinatesToCellName(ci+1, r+1)
			if err := f.SetCellStr(help, cell, v); err != nil {
				return fail(err)
			}
			style := st.cell
			switch {
			case r == tableRow:
				style = st.header
			case r < tableRow:
				style = st.wrap
			}
			if err := f.SetCellStyle(help, cell, cell, style); err != nil {
				return fail(err)
			}
		}
		h := RowHeight(row, widths)
		if r < tableRow && len(row) == 1 {
			if err := f.MergeCell(help, fmt.Sprintf("A%d", r+1), fmt.Sprintf("D%d", r+1)); err != nil {
				return fail(err)
			}
			h = RowHeight(row, []float64{widths[0] + widths[1] + widths[2] + widths[3]})
			if r == 0 {
				h = 2 * LineHeight
			}
		}
		if err := f.SetRowHeight(help, r+1, h); err != nil {
			return fail(err)
		}
	}
	if err := pageSetup(f, help); err != nil {
		return fail(err)
	}
	f.SetActiveSheet(0)
	return saveAs(f, path)
}

func pageSetup(f *excelize.File, sheet string) error {
	if err := PrintSetup(f, sheet); err != nil {
		return err
	}
	return RepeatRows(f, sheet, 1)
}

// PrintSetup makes a sheet print on A4 landscape, one page wide (as many
// pages long as it needs), with "第 n 页 共 m 页" in the footer.
func PrintSetup(f *excelize.File, sheet string) error {
	orient, size, one, zero := "landscape", 9, 1, 0 // 9 = A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orient, Size: &size, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页 共 &N 页"})
}

// RepeatRows prints rows 1 to last at the top of every page of sheet.
func RepeatRows(f *excelize.File, sheet string, last int) error {
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, last)})
}

// trimNote keeps an input message under Excel's 255-character limit.
func trimNote(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 120 {
		return string(r[:119]) + "…"
	}
	return string(r)
}
