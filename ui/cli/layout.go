package cli

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/store/layout"
	"shuangsui/store/report"
)

// layoutFlagHelp describes --layout wherever an export takes it.
const layoutFlagHelp = "列布局文件: 按其中的列、顺序和表头导出(如省平台上传模板) (column layout file)"

// loadLayout reads the --layout file before anything is opened or
// written, so that a mistake in it costs nothing.
func loadLayout(path string) (*layout.Layout, error) {
	return loadLayoutFor(path, "")
}

// loadLayoutFor is loadLayout that also checks the output file is .xlsx
// or .csv when a layout is given.
func loadLayoutFor(path, out string) (*layout.Layout, error) {
	if path != "" && out != "" {
		if ext := strings.ToLower(filepath.Ext(out)); ext != ".xlsx" && ext != ".csv" {
			return nil, usagef("-o %s: 扩展名应为 .xlsx 或 .csv", out)
		}
	}
	if path == "" {
		return nil, nil
	}
	l, err := layout.Load(path)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return &l, nil
}

// writeLaidOut writes rows (header first) through layout l to out, .xlsx
// or .csv.
func writeLaidOut(l *layout.Layout, out, sheet string, rows [][]string) error {
	shaped, err := l.Apply(rows)
	if err != nil {
		return fmt.Errorf("%s: %w", l.Name, err)
	}
	return report.WriteTable(out, sheet, "", shaped)
}

// exportLibraryLaidOut exports library k as usual into a temporary CSV
// file, then reshapes it through the layout into out.
func exportLibraryLaidOut(db *store.DB, k excel.Kind, l *layout.Layout, out string) (int, error) {
	dir, err := os.MkdirTemp("", "shuangsui-layout-")
	if err != nil {
		return 0, fmt.Errorf("临时文件夹: %w", err)
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "export.csv")
	n, err := excel.Export(db, k, tmp)
	if err != nil {
		return 0, err
	}
	b, err := os.ReadFile(tmp)
	if err != nil {
		return 0, err
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		return 0, fmt.Errorf("读回导出的 CSV: %w", err)
	}
	return n, writeLaidOut(l, out, k.Title(), rows)
}
