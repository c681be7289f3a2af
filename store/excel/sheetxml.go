package excel

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Proving that a sheet was read to its end.
//
// excelize's Rows.Next returns false when the XML decoder meets an error
// (a sheet cut off mid-row, an illegal control byte in a cell) and
// Rows.Error stays nil, so a damaged sheet looks like a short one; with
// --mode replace every unit after the damage would leave the library.
// sheetEnd therefore reads the sheet's XML part a second time, straight
// from the zip (scanRows), and reports the last row number the part
// holds, or what is wrong when the part is not sound to its end
// (</sheetData> and </worksheet>). The importer compares that row with the
// last one excelize delivered.

// errSheetDamaged marks a sheet whose XML is cut off or malformed.
var errSheetDamaged = errors.New("工作表数据已损坏或不完整")

// sheetEnd returns the number of the last <row> of sheet's part in the
// .xlsx at file (its r attribute, or one more than the row before).
func sheetEnd(file, sheet string) (int, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return 0, fmt.Errorf("%w: 无法重新打开压缩包: %v", errSheetDamaged, err)
	}
	defer zr.Close()
	part, err := sheetPart(&zr.Reader, sheet)
	if err != nil {
		return 0, err
	}
	var zf *zip.File
	for _, f := range zr.File {
		if f.Name == part {
			zf = f
			break
		}
	}
	if zf == nil {
		return 0, fmt.Errorf("%w: 压缩包中没有 %s", errSheetDamaged, part)
	}
	rc, err := zf.Open()
	if err != nil {
		return 0, fmt.Errorf("%w: %v", errSheetDamaged, err)
	}
	defer rc.Close()
	return scanRows(io.LimitReader(rc, UnzipSizeLimit))
}

// The sheet is scanned, not decoded: decoding a large sheet a second time
// with encoding/xml would add about 40 % to an import. The scan checks
// every byte (UTF-8, characters XML forbids, character references) and
// finds each <row> start tag and its r attribute; the last row and what
// follows it are then decoded strictly. Damage in the markup of an earlier
// row stops excelize at that row, so the row count tells it.
const (
	scanChunk   = 1 << 20  // bytes read at a time
	scanOverlap = 4 << 10  // kept for a tag cut by the chunk's end
	scanTailMax = 64 << 20 // the last row and what follows, decoded strictly
)

// scanRows checks a worksheet part to its end and returns the number of
// its last row.
func scanRows(r io.Reader) (int, error) {
	var (
		buf      = make([]byte, 0, scanChunk+scanOverlap)
		chunk    = make([]byte, scanChunk)
		tail     []byte // from the last row's start tag (or the start) to here
		tailOver bool   // tail grew past scanTailMax
		last     int    // the last row's number
		prefix   []byte // the row element's namespace prefix with its colon
		seenRow  bool
	)
	for eof := false; !eof; {
		n, err := io.ReadFull(r, chunk)
		buf = append(buf, chunk[:n]...)
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			eof = true
		case err != nil:
			return last, fmt.Errorf("%w: 第 %d 行之后无法解压: %v", errSheetDamaged, last, err)
		}
		end := len(buf)
		if !eof {
			end = max(0, len(buf)-scanOverlap)
			for end > 0 && !utf8.RuneStart(buf[end]) {
				end--
			}
		}
		part := buf[:end]
		bad, what := badXMLChar(part)
		limit := len(part)
		if bad >= 0 {
			limit = bad
		}
		tailFrom := -1
		for off := 0; off < limit; {
			at, p := indexRowTag(part[off:limit])
			if at < 0 {
				break
			}
			start := off + at
			last = rowNumber(buf[start:], last)
			tailFrom, prefix, seenRow = start, append(prefix[:0], p...), true
			off = start + 4
		}
		if bad >= 0 {
			return last, fmt.Errorf("%w: 第 %d 行含有%s(文件已损坏, 或由有缺陷的程序生成)", errSheetDamaged, max(last, 1), what)
		}
		if tailFrom >= 0 {
			tail, tailOver = append(tail[:0], part[tailFrom:]...), false
		} else if !tailOver {
			tail = append(tail, part...)
		}
		if len(tail) > scanTailMax {
			tail, tailOver = tail[:0], true
		}
		buf = append(buf[:0], buf[end:]...)
	}
	if tailOver {
		return last, fmt.Errorf("%w: 第 %d 行过大, 无法核对", errSheetDamaged, last)
	}
	doc := tail
	if seenRow {
		doc = append([]byte("<"+string(prefix)+"worksheet><"+string(prefix)+"sheetData>"), tail...)
	}
	return last, checkTail(doc, last, seenRow)
}

// checkTail decodes the last row and what follows it (wrapped in the
// worksheet and sheetData start tags), or a sheet without rows, strictly:
// it must reach the end of sheetData and of the worksheet.
func checkTail(doc []byte, last int, rows bool) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "utf-8") {
			return in, nil
		}
		return nil, fmt.Errorf("不支持的字符集 %s", charset)
	}
	dataDone, sheetDone := false, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			switch {
			case errors.As(err, &se) && se.Msg == "unexpected EOF" && rows:
				return fmt.Errorf("%w: 文件在第 %d 行中间中断(没有读到数据区的结尾)", errSheetDamaged, last)
			case errors.As(err, &se) && se.Msg == "unexpected EOF":
				return fmt.Errorf("%w: 文件在数据区之前中断", errSheetDamaged)
			case errors.As(err, &se):
				err = errors.New(se.Msg)
			}
			if rows {
				return fmt.Errorf("%w: 最后一行(第 %d 行)或其后的 XML 有误: %v", errSheetDamaged, last, err)
			}
			return fmt.Errorf("%w: XML 有误: %v", errSheetDamaged, err)
		}
		if e, ok := tok.(xml.EndElement); ok {
			switch e.Name.Local {
			case "sheetData":
				dataDone = true
			case "worksheet":
				sheetDone = true
			}
		}
	}
	if !dataDone || !sheetDone {
		return fmt.Errorf("%w: 文件在第 %d 行之后中断(没有读到数据区的结尾)", errSheetDamaged, last)
	}
	return nil
}

// badXMLChar returns the offset of the first byte of b that XML forbids
// (invalid UTF-8, a control character, U+FFFE, U+FFFF, or a character
// reference to one of them) and what it is, or -1.
func badXMLChar(b []byte) (int, string) {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '&' && i+1 < len(b) && b[i+1] == '#':
			if r, ok := charRef(b[i+2:]); ok && !xmlChar(r) {
				return i, fmt.Sprintf(" XML 不允许的字符引用 U+%04X", r)
			}
			i++
		case c >= 0x20 && c < utf8.RuneSelf, c == '\t', c == '\n', c == '\r':
			i++
		case c < 0x20:
			return i, fmt.Sprintf(" XML 不允许的控制字符 U+%04X", c)
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return i, "无效的 UTF-8 字节"
			}
			if !xmlChar(r) {
				return i, fmt.Sprintf(" XML 不允许的字符 U+%04X", r)
			}
			i += size
		}
	}
	return -1, ""
}

// charRef reads the number of a character reference "123;" or "x7B;".
func charRef(b []byte) (rune, bool) {
	base := 10
	if len(b) > 0 && (b[0] == 'x' || b[0] == 'X') {
		base, b = 16, b[1:]
	}
	end := bytes.IndexByte(b[:min(len(b), 12)], ';')
	if end <= 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[:end]), base, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}

// xmlChar is XML 1.0's Char production, as encoding/xml checks it.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// indexRowTag finds the start tag of a row element (<row or <x:row) in b
// and returns the offset of its "<" and the prefix with its colon.
func indexRowTag(b []byte) (int, []byte) {
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("row"))
		if i < 0 {
			return -1, nil
		}
		i += off
		off = i + 3
		if i+3 >= len(b) || !(b[i+3] == ' ' || b[i+3] == '>' || b[i+3] == '/' || b[i+3] == '\t' || b[i+3] == '\n' || b[i+3] == '\r') || i == 0 {
			continue
		}
		if b[i-1] == '<' {
			return i - 1, nil
		}
		if b[i-1] != ':' {
			continue
		}
		j := i - 2
		for j >= 0 && (b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9' || b[j] == '_' || b[j] == '-' || b[j] == '.') {
			j--
		}
		if j >= 0 && b[j] == '<' && j < i-2 {
			return j, b[j+1 : i]
		}
	}
}

// rowNumber reads the r attribute of the row start tag at the start of b,
// or, without one, the row after prev.
func rowNumber(b []byte, prev int) int {
	end := bytes.IndexByte(b[:min(len(b), scanOverlap)], '>')
	if end < 0 {
		return prev + 1
	}
	tag := b[:end]
	for off := 0; ; {
		i := bytes.Index(tag[off:], []byte("r="))
		if i < 0 {
			return prev + 1
		}
		i += off
		off = i + 2
		if i == 0 || !(tag[i-1] == ' ' || tag[i-1] == '\t' || tag[i-1] == '\n' || tag[i-1] == '\r') || i+3 > len(tag) {
			continue
		}
		q := tag[i+2]
		if q != '"' && q != '\'' {
			continue
		}
		v := tag[i+3:]
		if k := bytes.IndexByte(v, q); k > 0 {
			if n, err := strconv.Atoi(string(v[:k])); err == nil && n > 0 {
				return n
			}
		}
		return prev + 1
	}
}

// sheetPart finds the zip member holding sheet: the workbook's <sheet>
// names it by relationship id, the workbook's relationships give the path.
func sheetPart(zr *zip.Reader, sheet string) (string, error) {
	wb := "xl/workbook.xml"
	var rels relationships
	if err := readXMLPart(zr, "_rels/.rels", &rels); err == nil {
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wb = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	var book struct {
		Sheets []struct {
			Name string     `xml:"name,attr"`
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := readXMLPart(zr, wb, &book); err != nil {
		return "", fmt.Errorf("%w: %v", errSheetDamaged, err)
	}
	id := ""
	for _, s := range book.Sheets {
		if s.Name == sheet {
			for _, a := range s.Attr {
				if a.Name.Local == "id" {
					id = a.Value
				}
			}
		}
	}
	dir, base := path.Split(wb)
	rels = relationships{}
	if err := readXMLPart(zr, dir+"_rels/"+base+".rels", &rels); err != nil {
		return "", fmt.Errorf("%w: %v", errSheetDamaged, err)
	}
	for _, r := range rels.Rel {
		if r.ID == id && id != "" {
			if strings.HasPrefix(r.Target, "/") {
				return strings.TrimPrefix(r.Target, "/"), nil
			}
			return path.Join(dir, r.Target), nil
		}
	}
	return "", fmt.Errorf("%w: 工作簿中找不到工作表“%s”的数据部分", errSheetDamaged, sheet)
}

type relationships struct {
	Rel []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// readXMLPart decodes the small zip member name into v.
func readXMLPart(zr *zip.Reader, name string, v any) error {
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer rc.Close()
		if err := xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	}
	return fmt.Errorf("压缩包中没有 %s", name)
}

// CheckSheetRead proves that lastRow, the last row number excelize's Rows
// delivered for sheet of the .xlsx at file, is the sheet's real end: the
// sheet XML must be intact and hold no later row. Importers that read a
// sheet with excelize call it after Rows.Next returned false.
func CheckSheetRead(file, sheet string, lastRow int) error {
	last, err := sheetEnd(file, sheet)
	if err != nil {
		return fmt.Errorf("工作表“%s”: %w; 整个文件未导入", sheet, err)
	}
	if last > lastRow {
		return fmt.Errorf("工作表“%s”: %w: 只读到第 %d 行, 文件中的数据到第 %d 行; 整个文件未导入", sheet, errSheetDamaged, lastRow, last)
	}
	return nil
}
