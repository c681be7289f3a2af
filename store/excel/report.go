package excel

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// WriteErrors writes the errors of a report as an .xlsx (行号, 列, 内容,
// 原因) with mode 0600.
func WriteErrors(rep Report, path string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "错误清单"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("写错误清单: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("写错误清单: %w", err)
	}
	st, err := styles(f)
	if err != nil {
		return err
	}
	for i, w := range []float64{8, 18, 30, 80} {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return fmt.Errorf("写错误清单: %w", err)
		}
	}
	title := fmt.Sprintf("%s 导入错误: 共 %d 处(%d 行), 文件 %s", rep.Kind.Title(), rep.ErrorCount, rep.Invalid, filepath.Base(rep.File))
	if len(rep.Errors) < rep.ErrorCount {
		title += fmt.Sprintf(", 仅列出前 %d 处", len(rep.Errors))
	}
	rows := [][]any{{excelize.Cell{StyleID: st.body, Value: title}}, {
		excelize.Cell{StyleID: st.header, Value: "行号"}, excelize.Cell{StyleID: st.header, Value: "列"},
		excelize.Cell{StyleID: st.header, Value: "内容"}, excelize.Cell{StyleID: st.header, Value: "原因"},
	}}
	for _, e := range rep.Errors {
		row := any("")
		if e.Row > 0 {
			row = e.Row
		}
		rows = append(rows, []any{excelize.Cell{StyleID: st.body, Value: row}, excelize.Cell{StyleID: st.body, Value: e.Column},
			excelize.Cell{StyleID: st.text, Value: e.Value}, excelize.Cell{StyleID: st.body, Value: e.Reason}})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			return fmt.Errorf("写错误清单第 %d 行: %w", i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("写错误清单: %w", err)
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

type styleIDs struct{ header, body, text, example int }

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
