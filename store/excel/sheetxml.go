package excel

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Proving that a sheet was read to its end.
//
// excelize's Rows.Next returns false when the XML decoder meets an error
// (a sheet cut off mid-row, an illegal control byte in a cell) and
// Rows.Error stays nil, so a damaged sheet looks like a short one; with
// --mode replace every unit after the damage would leave the library.
// sheetEnd therefore reads the sheet's XML part a second time, straight
// from the zip with the standard decoder, and reports the last row number
// the part holds, or the decoder's error when the part does not reach
// </sheetData> and </worksheet> intact. The importer compares that row
// with the last one excelize delivered.

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

// scanRows decodes a worksheet part to its end and returns the number of
// its last row.
func scanRows(r io.Reader) (int, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(charset, "utf-8") {
			return in, nil
		}
		return nil, fmt.Errorf("不支持的字符集 %s", charset)
	}
	last, done, inData, dataDone, sheetDone := 0, 0, false, false, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return last, fmt.Errorf("%w: 最后一个完整的行是第 %d 行, 其后 XML(第 %d 行)出错: %v", errSheetDamaged, done, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "sheetData":
				inData = true
			case t.Name.Local == "row" && inData:
				n := last + 1
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						if v, err := strconv.Atoi(a.Value); err == nil && v > 0 {
							n = v
						}
					}
				}
				last = n
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				done = last
			case "sheetData":
				inData, dataDone = false, true
			case "worksheet":
				sheetDone = true
			}
		}
	}
	if !dataDone || !sheetDone {
		return last, fmt.Errorf("%w: 文件在第 %d 行之后中断(没有读到数据区的结尾)", errSheetDamaged, done)
	}
	return last, nil
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
