package excel

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Limits that keep a hostile or broken file from exhausting the machine.
const (
	// UnzipSizeLimit is the most an .xlsx may unpack to. A 1,000,000-row
	// unit file unpacks to about 300 MB.
	UnzipSizeLimit = 2 << 30
	// UnzipXMLSizeLimit: sheets larger than this are unpacked to a
	// temporary file and streamed instead of held in memory.
	UnzipXMLSizeLimit = 16 << 20
	// headerScanRows is how far down a sheet the header row is looked for.
	headerScanRows = 30
)

// ErrNotSpreadsheet and friends say why a file cannot be read at all.
var (
	ErrNotSpreadsheet = errors.New("不是 Excel(.xlsx)或 CSV 文件")
	ErrNoHeader       = errors.New("找不到表头")
	ErrNoRows         = errors.New("表头下面没有数据行")
)

// rowSource yields the rows of one sheet: 1-based row number and cells.
type rowSource interface {
	next() (row int, cells []string, ok bool)
	err() error
	close() error
}

// table is a file opened for reading: its sheets in order.
type table struct {
	sheets []string
	open   func(sheet string) (rowSource, error)
	close  func() error
	xlsx   *excelize.File // nil for CSV
}

// openTable sniffs path and opens it as .xlsx or CSV.
func openTable(path string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("打开文件: %w", err)
	}
	head, err := fileHead(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("读取文件: %w", err)
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case len(head) == 0:
		return nil, fmt.Errorf("文件是空的(0 字节)")
	case isZip(head):
		return openXLSX(path)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fmt.Errorf("%w: 这是旧版 .xls 或加了密码的工作簿, 请在 Excel 或 WPS 中“另存为” .xlsx(不设密码)后再导入", ErrNotSpreadsheet)
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".et":
		return nil, fmt.Errorf("%w: 扩展名是 %s, 但内容不是 Excel 工作簿", ErrNotSpreadsheet, ext)
	case looksLikeText(path):
		return openCSV(path)
	}
	return nil, fmt.Errorf("%w: 请导入 .xlsx 或 .csv 文件", ErrNotSpreadsheet)
}

// fileHead reads the first bytes of r (up to 8, fewer for a shorter
// file), enough to tell a zip (.xlsx) or an OLE file (.xls) from text.
func fileHead(r io.Reader) ([]byte, error) {
	head := make([]byte, 8)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return head[:n], nil
}

// isZip reports whether head starts like a zip file, as an .xlsx does.
func isZip(head []byte) bool {
	return bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06"))
}

// looksLikeText reports whether the first 4 KB hold no NUL and few
// control bytes.
func looksLikeText(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 4096)
	n, _ := io.ReadFull(f, buf)
	bad := 0
	for _, c := range buf[:n] {
		if c == 0 {
			return false
		}
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' {
			bad++
		}
	}
	return bad*20 < n+1
}

func openXLSX(path string) (*table, error) {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: UnzipSizeLimit, UnzipXMLSizeLimit: UnzipXMLSizeLimit, RawCellValue: true})
	if err != nil {
		switch {
		case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, zip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("%w: 文件不完整或已损坏(压缩包无法解开: %v); 请重新导出或重新复制该文件", ErrNotSpreadsheet, err)
		case strings.Contains(err.Error(), "unzip size exceeds"):
			return nil, fmt.Errorf("%w: 文件解压后超过 %d MB, 疑似“压缩炸弹”, 拒绝读取", ErrNotSpreadsheet, UnzipSizeLimit>>20)
		case strings.Contains(err.Error(), "encrypt") || strings.Contains(err.Error(), "password"):
			return nil, fmt.Errorf("%w: 工作簿设有密码, 请去掉密码后再导入", ErrNotSpreadsheet)
		}
		return nil, fmt.Errorf("%w: 无法打开工作簿: %v", ErrNotSpreadsheet, err)
	}
	t := &table{sheets: f.GetSheetList(), close: f.Close, xlsx: f}
	t.open = func(sheet string) (rowSource, error) {
		rows, err := f.Rows(sheet)
		if err != nil {
			return nil, fmt.Errorf("读取工作表“%s”: %w", sheet, err)
		}
		return &xlsxRows{rows: rows}, nil
	}
	return t, nil
}

type xlsxRows struct {
	rows *excelize.Rows
	n    int
	e    error
}

var rawOpt = excelize.Options{RawCellValue: true}

func (x *xlsxRows) next() (int, []string, bool) {
	if x.e != nil || !x.rows.Next() {
		return 0, nil, false
	}
	x.n++
	cells, err := x.rows.Columns(rawOpt)
	if err != nil {
		x.e = fmt.Errorf("读取第 %d 行: %w", x.n, err)
		return 0, nil, false
	}
	return x.n, cells, true
}

func (x *xlsxRows) err() error {
	if x.e != nil {
		return x.e
	}
	if err := x.rows.Error(); err != nil {
		return fmt.Errorf("读取第 %d 行之后: %w", x.n, err)
	}
	return nil
}

func (x *xlsxRows) close() error { return x.rows.Close() }

// openCSV reads UTF-8 (with or without BOM) or GBK/GB18030 text, separated
// by commas or, when the first line has more tabs than commas, by tabs.
func openCSV(path string) (*table, error) {
	t := &table{sheets: []string{strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}, close: func() error { return nil }}
	t.open = func(string) (rowSource, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("打开文件: %w", err)
		}
		br := bufio.NewReaderSize(f, 64<<10)
		peek, _ := br.Peek(64 << 10)
		var r io.Reader = br
		switch {
		case bytes.HasPrefix(peek, []byte("\xEF\xBB\xBF")):
			br.Discard(3)
		case !validUTF8Prefix(peek):
			r = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
		}
		first := peek
		if i := bytes.IndexByte(first, '\n'); i >= 0 {
			first = first[:i]
		}
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		cr.ReuseRecord = true
		if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
			cr.Comma = '\t'
		}
		return &csvRows{r: cr, f: f}, nil
	}
	return t, nil
}

// validUTF8Prefix is utf8.Valid ignoring a rune cut at the end of the
// buffer.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		r, _ := utf8.DecodeLastRune(b)
		if r != utf8.RuneError {
			return false
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

type csvRows struct {
	r *csv.Reader
	f *os.File
	n int
	e error
}

func (c *csvRows) next() (int, []string, bool) {
	if c.e != nil {
		return 0, nil, false
	}
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return 0, nil, false
	}
	c.n++
	if err != nil {
		c.e = fmt.Errorf("第 %d 行: CSV 格式错误: %w", c.n, err)
		return 0, nil, false
	}
	return c.n, rec, true
}

func (c *csvRows) err() error   { return c.e }
func (c *csvRows) close() error { return c.f.Close() }

// located is a sheet whose header row was found, positioned after it.
type located struct {
	sheet     string
	headerRow int
	idx       []int
	header    []string
	rows      rowSource
}

// locate finds the first sheet whose first rows hold a header naming every
// required column of k.
func locate(t *table, k Kind) (*located, error) {
	cols := schemas[k]
	type cand struct {
		sheet string
		row   int
		n     int
		idx   []int
	}
	var best cand
	nonEmpty := 0
	for _, sheet := range t.sheets {
		src, err := t.open(sheet)
		if err != nil {
			return nil, err
		}
		sheetHasData := false
		for i := 0; i < headerScanRows; i++ {
			row, cells, ok := src.next()
			if !ok {
				break
			}
			if blank(cells) {
				continue
			}
			sheetHasData = true
			idx, n := matchHeader(k, cells)
			complete := true
			for c, col := range cols {
				if col.Required && idx[c] < 0 {
					complete = false
				}
			}
			if complete {
				l := &located{sheet: sheet, headerRow: row, idx: idx, header: append([]string(nil), cells...), rows: src}
				return l, nil
			}
			if n > best.n {
				best = cand{sheet, row, n, idx}
			}
		}
		if sheetHasData {
			nonEmpty++
		}
		err = src.err()
		src.close()
		if err != nil {
			return nil, fmt.Errorf("工作表“%s”: %w", sheet, err)
		}
	}
	var req []string
	for _, c := range cols {
		if c.Required {
			req = append(req, "“"+c.Header+"”")
		}
	}
	if nonEmpty == 0 {
		return nil, fmt.Errorf("%w: 工作簿是空的(%d 个工作表都没有内容)", ErrNoHeader, len(t.sheets))
	}
	msg := fmt.Sprintf("没有一个工作表的前 %d 行含有%s这些必填列", headerScanRows, strings.Join(req, ""))
	if best.n > 0 {
		var missing []string
		for c, col := range cols {
			if col.Required && best.idx[c] < 0 {
				missing = append(missing, "“"+col.Header+"”")
			}
		}
		msg += fmt.Sprintf("; 最接近的是工作表“%s”第 %d 行, 缺少%s", best.sheet, best.row, strings.Join(missing, ""))
	}
	msg += fmt.Sprintf("。这是%s的文件吗? 可用 template %s 生成模板", k.Title(), k)
	return nil, fmt.Errorf("%w: %s", ErrNoHeader, msg)
}
