package excel

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
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
		return nil, openErr(path, err)
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
	case isZip(head) && isODF(path):
		return nil, fmt.Errorf("%w: 这是 OpenDocument 表格(.ods), 请在 WPS、Excel 或 LibreOffice 中“另存为” Excel 工作簿(.xlsx)后再导入", ErrNotSpreadsheet)
	case isZip(head):
		return openXLSX(path)
	case utf16Order(head) != nil:
		return openCSV(path)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fmt.Errorf("%w: 这是旧版 .xls 或加了密码的工作簿, 请在 Excel 或 WPS 中“另存为” .xlsx(不设密码)后再导入", ErrNotSpreadsheet)
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".et":
		return nil, fmt.Errorf("%w: 扩展名是 %s, 但内容不是 Excel 工作簿", ErrNotSpreadsheet, ext)
	case looksLikeText(path):
		return openCSV(path)
	}
	return nil, fmt.Errorf("%w: 请导入 .xlsx 或 .csv 文件", ErrNotSpreadsheet)
}

// CheckReadable returns, in Chinese and naming path, why the file at path
// cannot be opened for reading, or nil. The command line asks before it
// creates a database for the import.
func CheckReadable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return openErr(path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return fmt.Errorf("%s 是文件夹, 不是文件", path)
	}
	return nil
}

// openErr says in Chinese why path could not be opened.
func openErr(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("找不到文件 %s, 请检查路径和文件名", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("没有权限读取文件 %s", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("无法打开文件 %s: %v", path, err)
}

// isODF reports whether the zip at path is an OpenDocument file: its first
// member is "mimetype" naming an opendocument type.
func isODF(path string) bool {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return false
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "mimetype" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		b, _ := io.ReadAll(io.LimitReader(rc, 200))
		return bytes.Contains(b, []byte("opendocument"))
	}
	return false
}

// utf16Order returns the byte order of UTF-16 text (a BOM, or the NUL
// bytes every ASCII character of UTF-16 has), or nil.
func utf16Order(head []byte) binary.ByteOrder {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}):
		return binary.LittleEndian
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return binary.BigEndian
	case len(head) >= 4 && head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0:
		return binary.LittleEndian
	case len(head) >= 4 && head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0:
		return binary.BigEndian
	}
	return nil
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
		return &xlsxRows{rows: rows, file: path, sheet: sheet}, nil
	}
	return t, nil
}

// xlsxRows streams one sheet. When excelize's rows run out, err proves
// that the sheet's XML was read to its end (sheetEnd): excelize stops
// silently at damaged XML.
type xlsxRows struct {
	rows  *excelize.Rows
	file  string
	sheet string
	n     int
	done  bool // Next returned false
	e     error
}

var rawOpt = excelize.Options{RawCellValue: true}

func (x *xlsxRows) next() (int, []string, bool) {
	if x.e != nil || x.done {
		return 0, nil, false
	}
	if !x.rows.Next() {
		x.done = true
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
	if !x.done {
		return nil // the caller stopped early (header scan)
	}
	last, err := sheetEnd(x.file, x.sheet)
	switch {
	case err != nil:
		x.e = fmt.Errorf("%w; 整个文件未导入, 请重新导出或在 Excel/WPS 中打开后另存为 .xlsx", err)
	case last > x.n:
		x.e = fmt.Errorf("%w: 只读到第 %d 行, 文件中的数据到第 %d 行; 整个文件未导入", errSheetDamaged, x.n, last)
	}
	return x.e
}

func (x *xlsxRows) close() error { return x.rows.Close() }

// openCSV reads UTF-8 (with or without BOM) or GBK/GB18030 text, separated
// by commas or, when the first line has more tabs than commas, by tabs.
func openCSV(path string) (*table, error) {
	t := &table{sheets: []string{strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}, close: func() error { return nil }}
	t.open = func(string) (rowSource, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, openErr(path, err)
		}
		br := bufio.NewReaderSize(f, 64<<10)
		peek, _ := br.Peek(64 << 10)
		var r io.Reader = br
		enc := "UTF-8"
		switch order := utf16Order(peek); {
		case order != nil:
			// Excel's "Unicode 文本" and some exports: UTF-16 with a BOM,
			// usually tab-separated.
			endian := unicode.LittleEndian
			enc = "UTF-16LE"
			if order == binary.BigEndian {
				endian, enc = unicode.BigEndian, "UTF-16BE"
			}
			dec := unicode.UTF16(endian, unicode.ExpectBOM)
			if !bytes.HasPrefix(peek, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(peek, []byte{0xFE, 0xFF}) {
				dec = unicode.UTF16(endian, unicode.IgnoreBOM)
			}
			r = transform.NewReader(br, dec.NewDecoder())
			text, _ := dec.NewDecoder().Bytes(peek[:len(peek)&^1])
			peek = text
		case bytes.HasPrefix(peek, []byte("\xEF\xBB\xBF")):
			br.Discard(3)
		case !validUTF8Prefix(peek) && !mostlyUTF8(peek):
			r = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
			enc = "GBK/GB18030"
		}
		first := peek
		if i := bytes.IndexByte(first, '\n'); i >= 0 {
			first = first[:i]
		}
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = -1
		cr.ReuseRecord = true
		if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
			cr.Comma = '\t'
		}
		return &csvRows{r: cr, f: f, enc: enc}, nil
	}
	return t, nil
}

// mostlyUTF8 reports whether b is UTF-8 with a few bad bytes rather than
// GBK: Chinese text in GBK seldom forms valid multi-byte UTF-8 sequences,
// so a file with many of them and a few invalid bytes is damaged UTF-8 (the
// rows holding the bad bytes are then refused by name) and is not decoded
// as GBK into garbled names.
func mostlyUTF8(b []byte) bool {
	multi, bad := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
		case size > 1:
			multi++
		}
		b = b[size:]
	}
	return multi > 0 && multi >= 8*bad
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

// csvRows streams the records of a CSV file. Quotes are read strictly: a
// quote never closed would otherwise swallow the rest of the file into one
// cell. A record holding bytes the detected encoding cannot decode (shown
// as U+FFFD) stops the read.
type csvRows struct {
	r   *csv.Reader
	f   *os.File
	enc string
	n   int
	e   error
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
		c.e = csvErr(c.n, err)
		return 0, nil, false
	}
	for i, v := range rec {
		if !utf8.ValidString(v) || strings.ContainsRune(v, utf8.RuneError) {
			c.e = fmt.Errorf("第 %d 行第 %d 列: 含有按 %s 编码无法识别的字节(文件损坏或混用了编码); 整个文件未导入, 请用 Excel 或 WPS 另存为 .xlsx 或 UTF-8 的 CSV", c.n, i+1, c.enc)
			return 0, nil, false
		}
	}
	return c.n, rec, true
}

// csvErr explains a CSV syntax error in Chinese. line is the record
// number; the parse error knows the line in the file where the damage is.
func csvErr(record int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			return fmt.Errorf("第 %d 行(文件第 %d 行起): CSV 格式错误: 引号没有配对, 该行以后的内容无法确定分隔; 整个文件未导入", record, pe.StartLine)
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return fmt.Errorf("第 %d 行(文件第 %d 行第 %d 列): CSV 格式错误: 未加引号的内容中出现了英文引号 \"; 整个文件未导入, 请用 Excel 或 WPS 另存为 .xlsx", record, pe.Line, pe.Column)
		}
	}
	return fmt.Errorf("第 %d 行: CSV 格式错误: %w; 整个文件未导入", record, err)
}

func (c *csvRows) err() error   { return c.e }
func (c *csvRows) close() error { return c.f.Close() }

// located is a sheet whose header row was found.
type located struct {
	sheet     string
	headerRow int
	idx       []int
	header    []string
}

// candidate is the sheet row that named the most columns without naming
// every required one.
type candidate struct {
	sheet string
	row   int
	n     int
	idx   []int
	cells []string
}

// instructionSheet reports whether a sheet only explains how to fill in
// the others (说明, 填表说明, the template's 选项 lists): it is skipped
// without a word.
func instructionSheet(name string) bool {
	n := key(name)
	return strings.Contains(n, "说明") || n == "选项" || n == "填表须知"
}

// scanSheet looks for k's header in the first rows of sheet. It returns
// the header found (nil if none), the best partial match, and whether the
// sheet holds anything at all. A sheet shorter than the scan is read to its
// end, so damage in it is reported here.
func scanSheet(t *table, sheet string, k Kind, cols map[int]string) (*located, candidate, bool, error) {
	var best candidate
	src, err := t.open(sheet)
	if err != nil {
		return nil, best, false, err
	}
	defer src.close()
	hasData := false
	for i := 0; i < headerScanRows; i++ {
		row, cells, ok := src.next()
		if !ok {
			break
		}
		if blank(cells) {
			continue
		}
		hasData = true
		idx, n := matchHeaderWith(k, cells, cols)
		if complete(k, idx) {
			return &located{sheet: sheet, headerRow: row, idx: idx, header: append([]string(nil), cells...)}, best, true, nil
		}
		if n > best.n {
			best = candidate{sheet, row, n, idx, append([]string(nil), cells...)}
		}
	}
	if err := src.err(); err != nil {
		return nil, best, hasData, fmt.Errorf("工作表“%s”: %w", sheet, err)
	}
	return nil, best, hasData, nil
}

// complete reports whether idx places every required column of k.
func complete(k Kind, idx []int) bool {
	for c, col := range schemas[k] {
		if col.Required && idx[c] < 0 {
			return false
		}
	}
	return true
}

// locateAll finds every sheet holding k's header. Instruction sheets are
// skipped; sheets with content but no header are returned as warnings.
// With no sheet found it returns an error naming the closest match.
func locateAll(t *table, k Kind, cols map[int]string) ([]*located, []string, error) {
	var (
		found    []*located
		warnings []string
		best     candidate
		others   []string
	)
	nonEmpty := 0
	for _, sheet := range t.sheets {
		if t.xlsx != nil && instructionSheet(sheet) {
			continue
		}
		loc, cand, hasData, err := scanSheet(t, sheet, k, cols)
		if err != nil {
			return nil, nil, err
		}
		if hasData {
			nonEmpty++
		}
		if cand.n > best.n {
			best = cand
		}
		switch {
		case loc != nil:
			found = append(found, loc)
		case hasData:
			others = append(others, sheet)
		}
	}
	if len(found) > 0 {
		for _, o := range others {
			warnings = append(warnings, fmt.Sprintf("工作表“%s”有内容, 但前 %d 行中没有%s的表头(必填列%s), 未导入; 如果它也是名录, 请检查表头", o, headerScanRows, k.Title(), requiredList(k)))
		}
		return found, warnings, nil
	}
	if nonEmpty == 0 {
		return nil, nil, fmt.Errorf("%w: 工作簿是空的(%d 个工作表都没有内容)", ErrNoHeader, len(t.sheets))
	}
	msg := fmt.Sprintf("没有一个工作表的前 %d 行含有%s这些必填列", headerScanRows, requiredList(k))
	if best.n > 0 {
		var missing []string
		for c, col := range schemas[k] {
			if col.Required && best.idx[c] < 0 {
				missing = append(missing, "“"+col.Header+"”")
			}
		}
		msg += fmt.Sprintf("; 最接近的是工作表“%s”第 %d 行, 缺少%s; 如果该列用了别的名称, 可用 --columns %s=文件中的列名 指定", best.sheet, best.row, strings.Join(missing, ""), strings.Trim(missing[0], "“”"))
	}
	msg += fmt.Sprintf("。这是%s的文件吗? 可用 template %s 生成模板", k.Title(), k)
	return nil, nil, fmt.Errorf("%w: %s", ErrNoHeader, msg)
}

// HeaderGuess is the row of a file that comes closest to k's header
// without naming every required column: what a column-picking step
// offers.
type HeaderGuess struct {
	Sheet   string
	Row     int
	Cells   []string // the row's cells, as written
	Missing []int    // required columns of k it does not name (indexes into Columns(k))
}

// GuessHeader finds the header of the file at path the way an import
// does, with mapping (ParseColumns or PickColumn) applied. found is true
// when the file needs no more mapping; else guess is the closest row, with
// Cells empty when no row names any column.
func GuessHeader(path string, k Kind, mapping map[int]string) (guess HeaderGuess, found bool, err error) {
	t, err := openTable(path)
	if err != nil {
		return guess, false, err
	}
	defer t.close()
	var best candidate
	for _, sheet := range t.sheets {
		if t.xlsx != nil && instructionSheet(sheet) {
			continue
		}
		loc, cand, _, err := scanSheet(t, sheet, k, mapping)
		if err != nil {
			return guess, false, err
		}
		if loc != nil {
			return guess, true, nil
		}
		if cand.n > best.n {
			best = cand
		}
	}
	if best.n == 0 {
		return guess, false, nil
	}
	guess = HeaderGuess{Sheet: best.sheet, Row: best.row, Cells: best.cells}
	for c, col := range schemas[k] {
		if col.Required && best.idx[c] < 0 {
			guess.Missing = append(guess.Missing, c)
		}
	}
	return guess, false, nil
}

// PickColumn adds to mapping that column c of k is fed by the file's
// column headed header, as --columns does.
func PickColumn(mapping map[int]string, c int, header string) map[int]string {
	if mapping == nil {
		mapping = map[int]string{}
	}
	mapping[c] = headerKey(header)
	return mapping
}

// requiredList is "“统一社会信用代码”“单位名称”…" for k.
func requiredList(k Kind) string {
	var req []string
	for _, c := range schemas[k] {
		if c.Required {
			req = append(req, "“"+c.Header+"”")
		}
	}
	return strings.Join(req, "")
}
