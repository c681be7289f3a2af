package excel

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Bounds of EstimateRows: how much of each worksheet it unpacks (excelize
// alone writes 4.8 KB of namespaces before the dimension), and how many
// worksheets it looks at, so that a hostile zip costs at most 8 MB of
// decompression.
const (
	estimateHeadBytes = 16 << 10
	estimateMaxSheets = 512
)

// EstimateRows estimates how many data rows the file at path holds, cheaply
// and without loading it, so that an import can show a fraction done. It
// sniffs the file's first bytes the way the importer does:
//
//   - An .xlsx (any zip) is not unpacked: only the first 16 KB of each
//     worksheet (xl/worksheets/*.xml) are read, for its <dimension
//     ref="A1:L1000001"/> element, which Excel, WPS and LibreOffice write
//     before the cells. The estimate is the largest last row of any sheet,
//     less one for the header. A one-cell ref says nothing and is skipped:
//     excelize (its StreamWriter too, unless SetSheetDimension is called
//     first) leaves the placeholder "A1". With no usable dimension ok is
//     false.
//   - Text (.csv, .tsv, .txt) is read once through a buffer counting line
//     breaks (a final line without one counts): lines less one for the
//     header.
//   - Anything else, or an empty file, gives ok false and no error.
//
// The estimate counts title rows, blank rows and line breaks inside
// quoted cells, and a sheet's dimension may be stale, so it is a guide for
// a progress bar, never a row count: the import may read fewer rows or
// more. rows is 0 when the file holds at most a header. A file that cannot
// be opened or a damaged zip gives an error.
func EstimateRows(path string) (rows int, ok bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false, fmt.Errorf("估计行数: 打开文件: %w", err)
	}
	defer f.Close()
	head, err := fileHead(f)
	if err != nil {
		return 0, false, fmt.Errorf("估计行数: 读取文件 %s: %w", filepath.Base(path), err)
	}
	switch {
	case len(head) == 0:
		return 0, false, nil
	case isZip(head):
		return estimateXLSX(path)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return 0, false, fmt.Errorf("估计行数: 读取文件 %s: %w", filepath.Base(path), err)
		}
		lines, err := countLines(f)
		if err != nil {
			return 0, false, fmt.Errorf("估计行数: 读取文件 %s: %w", filepath.Base(path), err)
		}
		return max(0, lines-1), true, nil
	}
	return 0, false, nil
}

// estimateXLSX reads the dimension of each worksheet of the workbook at
// path; see EstimateRows.
func estimateXLSX(path string) (rows int, ok bool, err error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return 0, false, fmt.Errorf("估计行数: 工作簿 %s 无法解开: %w", filepath.Base(path), err)
	}
	defer z.Close()
	last, seen := 0, 0
	for _, zf := range z.File {
		name := strings.ToLower(zf.Name)
		if !strings.HasPrefix(name, "xl/worksheets/") || strings.Contains(name[len("xl/worksheets/"):], "/") || !strings.HasSuffix(name, ".xml") {
			continue
		}
		if seen++; seen > estimateMaxSheets {
			break
		}
		r, err := sheetDimension(zf)
		if err != nil {
			return 0, false, fmt.Errorf("估计行数: 工作簿 %s 的 %s: %w", filepath.Base(path), zf.Name, err)
		}
		if r > 0 {
			last, ok = max(last, r), true
		}
	}
	if !ok {
		return 0, false, nil
	}
	return max(0, last-1), true, nil
}

// sheetDimension returns the last row of the dimension ref of one
// worksheet, reading at most its first estimateHeadBytes; 0 when it has
// none (or a one-cell ref) before its cells.
func sheetDimension(zf *zip.File) (int, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	head, err := io.ReadAll(io.LimitReader(rc, estimateHeadBytes))
	if err != nil {
		return 0, err
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return 0, nil // the head ends (or is not XML) before a dimension
		}
		se, isStart := tok.(xml.StartElement)
		if !isStart {
			continue
		}
		switch se.Name.Local {
		case "dimension":
			for _, a := range se.Attr {
				if a.Name.Local == "ref" {
					return lastRow(a.Value), nil
				}
			}
			return 0, nil
		case "sheetData", "cols":
			return 0, nil // the cells begin: no dimension
		}
	}
}

// lastRow is the row of the second cell of a range ref like "A1:L1000001"
// or "$A$1:$L$20"; 0 for a one-cell ref or one it cannot read.
func lastRow(ref string) int {
	_, end, isRange := strings.Cut(strings.TrimSpace(ref), ":")
	if !isRange {
		return 0
	}
	end = strings.TrimLeft(strings.ReplaceAll(end, "$", ""), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
	n, err := strconv.Atoi(end)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// countLines counts the lines of r: its '\n' bytes (or, in a file that has
// none, its '\r' bytes, as old Mac files end lines), plus one for a last
// line without a break.
func countLines(r io.Reader) (int, error) {
	buf := make([]byte, 64<<10)
	nl, cr, total := 0, 0, 0
	var last byte
	for {
		n, err := r.Read(buf)
		if n > 0 {
			nl += bytes.Count(buf[:n], []byte{'\n'})
			cr += bytes.Count(buf[:n], []byte{'\r'})
			last, total = buf[n-1], total+n
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	lines := nl
	if nl == 0 {
		lines = cr
	}
	if total > 0 && last != '\n' && last != '\r' {
		lines++
	}
	return lines, nil
}
