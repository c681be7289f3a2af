package excel

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// WriteErrors writes the errors of a report as an .xlsx (行号, 列, 内容,
// 原因; 工作表 first when the rows came from several sheets) with mode
// 0600. It prints on A4 landscape, one page wide, the title and header
// repeated on every page, 原因 wrapped and each row as tall as its text.
func WriteErrors(rep Report, path string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "错误清单"
	fail := func(err error) error { return fmt.Errorf("写错误清单: %w", err) }
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fail(err)
	}
	if err := PrintSetup(f, sheet); err != nil {
		return fail(err)
	}
	if err := RepeatRows(f, sheet, 2); err != nil {
		return fail(err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fail(err)
	}
	st, err := styles(f)
	if err != nil {
		return err
	}
	bySheet := false
	for _, e := range rep.Errors {
		bySheet = bySheet || e.Sheet != ""
	}
	heads := []string{"行号", "列", "内容", "原因"}
	widths := []float64{8, 18, 30, 70}
	if bySheet {
		heads = append([]string{"工作表"}, heads...)
		widths = append([]float64{14}, widths...)
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return fail(err)
		}
	}
	title := fmt.Sprintf("%s 导入错误: 共 %d 处(%d 行), 文件 %s", rep.Kind.Title(), rep.ErrorCount, rep.Invalid, filepath.Base(rep.File))
	if len(rep.Errors) < rep.ErrorCount {
		title += fmt.Sprintf(", 仅列出前 %d 处", len(rep.Errors))
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	put := func(r int, cells []any, h float64) error {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, cells, excelize.RowOpts{Height: h}); err != nil {
			return fmt.Errorf("写错误清单第 %d 行: %w", r, err)
		}
		return nil
	}
	if err := put(1, []any{excelize.Cell{StyleID: st.wrap, Value: title}}, RowHeight([]string{title}, []float64{total})); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", fmt.Sprintf("%c1", 'A'+len(widths)-1)); err != nil {
		return fail(err)
	}
	head := make([]any, len(heads))
	for i, h := range heads {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := put(2, head, RowHeight(heads, widths)); err != nil {
		return err
	}
	for i, e := range rep.Errors {
		row := any("")
		if e.Row > 0 {
			row = e.Row
		}
		cells := []any{excelize.Cell{StyleID: st.cell, Value: row}, excelize.Cell{StyleID: st.cell, Value: e.Column},
			excelize.Cell{StyleID: st.cellText, Value: e.Value}, excelize.Cell{StyleID: st.cell, Value: e.Reason}}
		text := []string{fmt.Sprint(row), e.Column, e.Value, e.Reason}
		if bySheet {
			cells = append([]any{excelize.Cell{StyleID: st.cell, Value: e.Sheet}}, cells...)
			text = append([]string{e.Sheet}, text...)
		}
		if err := put(i+3, cells, RowHeight(text, widths)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fail(err)
	}
	return saveAs(f, path)
}

// saveAs writes f to path with mode 0600, via a temporary file renamed into
// place so a failed write leaves no half file. It stamps f (Stamp) first.
func saveAs(f *excelize.File, path string) error {
	if err := Stamp(f); err != nil {
		return fmt.Errorf("写文件 %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".shuangsui-*.xlsx")
	if err != nil {
		return fmt.Errorf("写文件 %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("写文件 %s: %w", path, err)
	}
	if _, err := f.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("写文件 %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("写文件 %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("写文件 %s: %w", path, err)
	}
	return nil
}

type styleIDs struct{ header, body, text, example, wrap, cell, cellText int }

// styles registers the 宋体 styles every written workbook uses.
func styles(f *excelize.File) (styleIDs, error) {
	var s styleIDs
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1}, {Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	defs := []struct {
		id *int
		st *excelize.Style
	}{
		{&s.header, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, NumFmt: 49}},
		{&s.body, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.text, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Alignment: &excelize.Alignment{Vertical: "center"}, NumFmt: 49}},
		{&s.example, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11, Color: "808080", Italic: true}, NumFmt: 49}},
		{&s.wrap, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.cell, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.cellText, &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Border: border, NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.st)
		if err != nil {
			return s, fmt.Errorf("设置样式: %w", err)
		}
		*d.id = id
	}
	return s, nil
}
