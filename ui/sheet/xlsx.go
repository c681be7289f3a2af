package sheet

import (
	"bytes"
	"fmt"
	"image/png" // excelize reads the QR picture's size through image.DecodeConfig too
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"rsc.io/qr"

	"shuangsui/ui/lang"
)

// Fonts of the workbook, set explicitly on every style: 宋体 for the body,
// 黑体 for the title and headings. charset 134 (GB2312) lets Excel on
// Windows pick the Chinese face.
const (
	fontBody    = "宋体"
	fontHeading = "黑体"
)

// Columns A–F and their widths (Excel character units). Fit-to-width
// scales the whole to the A4 page.
var colWidths = []float64{5, 22, 26, 12, 25, 10}

const colLetters = "ABCDEF"

// printTitleRows are the rows repeated on top of every page.
const printTitleRows = 3

// A4 paper in the OOXML paper size table.
const paperA4 = 9

type xlsxStyles struct {
	title, subtitle, codeLine, heading, sub int
	label, value, valueID, para, mono       int
	th, td, tdID, tdNum, tdCenter, sign     int
}

func newStyles(f *excelize.File) (*xlsxStyles, error) {
	charset := 134
	font := func(family string, size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: family, Size: size, Bold: bold, Charset: &charset}
	}
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	al := func(h string, wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: wrap}
	}
	var s xlsxStyles
	for _, x := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: font(fontHeading, 16, false), Alignment: al("center", true)}},
		{&s.subtitle, excelize.Style{Font: font(fontBody, 11, false), Alignment: al("center", true)}},
		{&s.codeLine, excelize.Style{Font: font(fontBody, 9, false), Alignment: al("center", true), NumFmt: 49,
			Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}}},
		{&s.heading, excelize.Style{Font: font(fontHeading, 12, false), Alignment: &excelize.Alignment{Vertical: "bottom"}}},
		{&s.sub, excelize.Style{Font: font(fontHeading, 10.5, false), Alignment: &excelize.Alignment{Vertical: "bottom", WrapText: true}}},
		{&s.label, excelize.Style{Font: font(fontBody, 10.5, true), Alignment: al("left", true), Border: border}},
		{&s.value, excelize.Style{Font: font(fontBody, 10.5, false), Alignment: al("left", true), Border: border}},
		{&s.valueID, excelize.Style{Font: font(fontBody, 10.5, false), Alignment: al("left", true), Border: border, NumFmt: 49}},
		{&s.para, excelize.Style{Font: font(fontBody, 10, false), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.mono, excelize.Style{Font: font(fontBody, 10, false), Alignment: &excelize.Alignment{Vertical: "top", Indent: 2}, NumFmt: 49}},
		{&s.th, excelize.Style{Font: font(fontHeading, 10, false), Alignment: al("center", true), Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}}},
		{&s.td, excelize.Style{Font: font(fontBody, 10, false), Alignment: al("left", true), Border: border}},
		{&s.tdID, excelize.Style{Font: font(fontBody, 10, false), Alignment: al("left", true), Border: border, NumFmt: 49}},
		{&s.tdNum, excelize.Style{Font: font(fontBody, 10, false), Alignment: al("right", false), Border: border}},
		{&s.tdCenter, excelize.Style{Font: font(fontBody, 10, false), Alignment: al("center", true), Border: border}},
		{&s.sign, excelize.Style{Font: font(fontBody, 10.5, false), Alignment: al("center", true), Border: border}},
	} {
		id, err := f.NewStyle(&x.style)
		if err != nil {
			return nil, fmt.Errorf("创建表格样式: %w", err)
		}
		*x.dst = id
	}
	return &s, nil
}

// xw writes the document row by row.
type xw struct {
	f     *excelize.File
	sheet string
	st    *xlsxStyles
	l     lang.Lang
	row   int

	room   float64 // points of rows a page holds below the print titles
	used   float64 // points of rows on the current page so far
	breaks int     // page breaks inserted
}

// spanCells turns a span "C:D" into the cells "C<row>" and "D<row>" and
// its width in character units.
func spanCells(span string, row int) (string, string, float64) {
	a, b, ok := strings.Cut(span, ":")
	if !ok {
		b = a
	}
	w := 0.0
	for i := strings.IndexByte(colLetters, a[0]); i <= strings.IndexByte(colLetters, b[0]); i++ {
		w += colWidths[i]
	}
	return a + strconv.Itoa(row), b + strconv.Itoa(row), w
}

// put writes one value over a span, merged when it covers several
// columns. Identifiers are always string cells; num writes an integer.
func (x *xw) put(span, value string, style int, num bool) error {
	a, b, _ := spanCells(span, x.row)
	if a != b {
		if err := x.f.MergeCell(x.sheet, a, b); err != nil {
			return err
		}
	}
	if err := x.f.SetCellStyle(x.sheet, a, b, style); err != nil {
		return err
	}
	if n, err := strconv.Atoi(value); num && err == nil {
		return x.f.SetCellInt(x.sheet, a, int64(n))
	}
	return x.f.SetCellStr(x.sheet, a, value)
}

// linesIn estimates how many lines value takes in a wrapped cell width
// units wide: a CJK character is about two units at these font sizes.
func linesIn(value string, width float64) int {
	if value == "" {
		return 1
	}
	return len(wrap(value, max(2, int(width)-1)))
}

// rowHeight is the height in points of a row holding lines lines of
// 10.5 pt text, at least min. Excel does not grow rows for wrapped text in
// merged cells by itself, so every row gets an explicit height; that also
// makes the page breaks predictable (see pageRoom).
func rowHeight(lines int, min float64) float64 {
	return math.Min(math.Max(min, float64(lines)*14+4), 409)
}

// height sets the current row's height for lines lines of text.
func (x *xw) height(lines int, min float64) error {
	return x.setHeight(rowHeight(lines, min))
}

func (x *xw) setHeight(h float64) error {
	x.used += h
	return x.f.SetRowHeight(x.sheet, x.row, h)
}

// Page geometry for the planned page breaks, in points. The sheet is
// scaled to the printable width, and how much depends on the application:
// a column of w character units is w·mdw+5 pixels wide, mdw being the
// digit width of the default font in pixels — 7 for Calibri 11 pt, 8 for
// 宋体 11 pt in Excel and WPS, about 9 in LibreOffice. The narrowest (7)
// shrinks the sheet least and so gives the shortest page; planning for it,
// no application breaks a page before the sheet does, at the price of
// some white space at the bottom of pages elsewhere. Every row has an
// explicit height, so a page holds a known number of points of rows. The
// sheet keeps together what belongs together: a heading with what
// follows it, a table's head with its first row (the head is repeated on
// the next page when a table goes on), a total with the row before it,
// the code with its QR code, the signature table.
const (
	a4Width, a4Height  = 595.28, 841.89
	marginLR, marginTB = 0.6, 0.8 // inches
	pageSlack          = 0.98
)

// pageRoom is the height of rows a page holds below the print titles.
func pageRoom(titles float64) float64 {
	px := 0.0
	for _, w := range colWidths {
		px += w*7 + 5
	}
	scale := math.Min(1, (a4Width-2*marginLR*72)/(px*0.75))
	return (a4Height-2*marginTB*72)/scale*pageSlack - titles
}

// keep starts a new page at the current row unless h more points fit on
// this one. It reports whether it did.
func (x *xw) keep(h float64) (bool, error) {
	if x.used == 0 || x.used+h <= x.room {
		return false, nil
	}
	if err := x.f.InsertPageBreak(x.sheet, "A"+strconv.Itoa(x.row)); err != nil {
		return false, err
	}
	x.breaks++
	x.used = 0
	return true, nil
}

// ---- heights of the document items, as written below ----

func fieldHeight(label, value string) float64 {
	_, _, lw := spanCells("A:B", 1)
	_, _, vw := spanCells("C:F", 1)
	return rowHeight(max(linesIn(label, lw), linesIn(value, vw)), 18)
}

func subHeight(d *document, i int) float64 {
	min := 18.0
	if i > 0 && d.items[i-1].kind != itHeading {
		min = 24
	}
	return rowHeight(linesIn(d.items[i].text, 100), min)
}

func paraHeight(text string) float64 { return rowHeight(linesIn(text, 100), 16) }

// qrRowHeight is the height of the row holding the QR code: the picture
// (three pixels a module, 0.75 pt a pixel) and its offset, with a margin.
func qrRowHeight(value string) float64 {
	png, err := qrPNG(value)
	if err != nil {
		return 100
	}
	side := 0
	if cfg, err := decodePNGConfig(png); err == nil {
		side = cfg
	}
	return math.Max(100, float64(side)*0.75+qrOffsetY+8)
}

func tableRowHeight(t *table, r []string, sign bool) float64 {
	n := 1
	for j, c := range t.cols {
		v := c.head
		if r != nil {
			v = r[j]
		}
		_, _, w := spanCells(c.span, 1)
		n = max(n, linesIn(v, w))
	}
	switch {
	case r == nil:
		return rowHeight(n, 18)
	case sign:
		return rowHeight(n, 32)
	}
	return rowHeight(n, 16)
}

// keptHeight is how much must share a page with the start of item i:
// firstHeight, and the whole of the next item when it is tied to this one
// (tied), and so on along the chain.
func keptHeight(d *document, i int) float64 {
	h := firstHeight(d, i)
	for j := i; tied(d, j); j++ {
		h += firstHeight(d, j+1)
	}
	return h
}

// tied reports whether item i+1 goes to a new page only together with
// item i, as the text sheet keeps them: a field or paragraph that ends its
// section (the next item is a heading, or there is none) is never alone at
// the top of a page; a paragraph ending in a colon stays with what it
// introduces, and a command (an indented paragraph) with the next one.
func tied(d *document, i int) bool {
	if i < 0 || i+1 >= len(d.items) {
		return false
	}
	cur, next := d.items[i], d.items[i+1]
	if cur.kind == itTable || cur.kind == itSign || cur.kind == itHeading || cur.kind == itSub {
		return false
	}
	if next.kind == itField || next.kind == itPara {
		if i+2 >= len(d.items) || d.items[i+2].kind == itHeading {
			return true
		}
	}
	if cur.kind != itPara || next.kind != itPara {
		return false
	}
	t := strings.TrimSpace(cur.text)
	return strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：") || leadingSpaces(cur.text) > 0 && leadingSpaces(next.text) > 0
}

// firstHeight is how much of item i must share a page with whatever is
// kept with it: all of a short item, the head and first row of a table,
// and for a heading the heading with the start of what follows.
func firstHeight(d *document, i int) float64 {
	if i >= len(d.items) {
		return 0
	}
	it := d.items[i]
	switch it.kind {
	case itHeading:
		return 26 + firstHeight(d, i+1)
	case itSub:
		return subHeight(d, i) + firstHeight(d, i+1)
	case itField:
		return fieldHeight(it.text, it.value)
	case itPara:
		return paraHeight(it.text)
	case itTable:
		h := tableRowHeight(it.table, nil, false)
		if len(it.table.rows) > 0 {
			h += tableRowHeight(it.table, it.table.rows[0], false)
		}
		return h
	case itSign:
		h := tableRowHeight(it.table, nil, true)
		for _, r := range it.table.rows {
			h += tableRowHeight(it.table, r, true)
		}
		return h
	case itCode:
		return fieldHeight(it.text, it.value) + qrRowHeight(it.value)
	}
	return 0
}

func renderXLSX(d *document, l lang.Lang) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	sheet := d.sheetName
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("命名工作表: %w", err)
	}
	if err := f.SetDefaultFont(fontBody); err != nil {
		return nil, fmt.Errorf("设置默认字体: %w", err)
	}
	for i, w := range colWidths {
		c := colLetters[i : i+1]
		if err := f.SetColWidth(sheet, c, c, w); err != nil {
			return nil, fmt.Errorf("设置列宽: %w", err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	x := &xw{f: f, sheet: sheet, st: st, l: l}
	if err := x.body(d, l); err != nil {
		return nil, fmt.Errorf("写入见证记录: %w", err)
	}
	if err := pageSetup(f, d, l); err != nil {
		return nil, fmt.Errorf("设置打印格式: %w", err)
	}
	return f, nil
}

func (x *xw) body(d *document, l lang.Lang) error {
	st := x.st
	x.row = 1
	if err := x.put("A:F", d.title, st.title, false); err != nil {
		return err
	}
	if err := x.height(linesIn(d.title, 90), 30); err != nil {
		return err
	}
	x.row++
	if err := x.put("A:F", d.subtitle, st.subtitle, false); err != nil {
		return err
	}
	if err := x.height(1, 20); err != nil {
		return err
	}
	x.row++
	if err := x.put("A:F", d.codeLabel+" "+d.code, st.codeLine, false); err != nil {
		return err
	}
	if err := x.height(1, 16); err != nil {
		return err
	}
	x.room, x.used = pageRoom(x.used), 0
	for i, it := range d.items {
		x.row++
		var err error
		if it.kind != itTable { // a table keeps its own rows
			if _, err = x.keep(keptHeight(d, i)); err != nil {
				return err
			}
		}
		switch it.kind {
		case itHeading:
			if err = x.put("A:F", it.text, st.heading, false); err == nil {
				err = x.setHeight(26)
			}
		case itSub:
			if err = x.put("A:F", it.text, st.sub, false); err == nil {
				err = x.setHeight(subHeight(d, i))
			}
		case itField:
			err = x.field(it.text, it.value, it.id)
		case itPara:
			style := st.para
			if strings.HasPrefix(it.text, "  ") {
				style = st.mono
			}
			if err = x.put("A:F", strings.TrimLeft(it.text, " "), style, false); err == nil {
				err = x.setHeight(paraHeight(it.text))
			}
		case itTable:
			err = x.table(it.table, false)
		case itSign:
			err = x.table(it.table, true)
		case itCode:
			err = x.code(it.text, it.value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (x *xw) field(label, value string, id bool) error {
	style := x.st.value
	if id {
		style = x.st.valueID
	}
	if err := x.put("A:B", label, x.st.label, false); err != nil {
		return err
	}
	if err := x.put("C:F", value, style, false); err != nil {
		return err
	}
	return x.setHeight(fieldHeight(label, value))
}

// table writes a table: its head, then its rows. A row that does not fit
// on the page starts a new one, which repeats the head; the head never
// stays alone at the bottom of a page.
func (x *xw) table(t *table, sign bool) error {
	head := func() error {
		for _, c := range t.cols {
			if err := x.put(c.span, c.head, x.st.th, false); err != nil {
				return err
			}
		}
		return x.setHeight(tableRowHeight(t, nil, sign))
	}
	if !sign {
		first := tableRowHeight(t, nil, false)
		if len(t.rows) > 0 {
			first += tableRowHeight(t, t.rows[0], false)
		}
		if _, err := x.keep(first); err != nil {
			return err
		}
	}
	if err := head(); err != nil {
		return err
	}
	for k, r := range t.rows {
		x.row++
		h := tableRowHeight(t, r, sign)
		need := h
		if k == len(t.rows)-2 { // the last row (a total) does not go on alone
			need += tableRowHeight(t, t.rows[k+1], sign)
		}
		broke, err := x.keep(need)
		if err != nil {
			return err
		}
		if broke {
			if err := head(); err != nil {
				return err
			}
			x.row++
		}
		for j, c := range t.cols {
			style := x.st.td
			switch {
			case sign:
				style = x.st.sign
			case c.num:
				style = x.st.tdNum
			case c.id:
				style = x.st.tdID
			case c.center:
				style = x.st.tdCenter
			}
			if err := x.put(c.span, r[j], style, c.num); err != nil {
				return err
			}
		}
		if err := x.setHeight(h); err != nil {
			return err
		}
	}
	return nil
}

// code writes the verification code (or F) and its QR code beside an
// explanation.
func (x *xw) code(label, value string) error {
	if err := x.field(label, value, true); err != nil {
		return err
	}
	x.row++
	note := x.l.T("用手机扫描右侧二维码可读出"+label+",应与上面及页脚所印的一致。",
		"Scan the QR code on the right to read the "+strings.ToLower(label)+"; it must equal the one printed above and in the footer.")
	if err := x.put("A:D", note, x.st.para, false); err != nil {
		return err
	}
	if err := x.setHeight(qrRowHeight(value)); err != nil {
		return err
	}
	png, err := qrPNG(value)
	if err != nil {
		return err
	}
	printObj, locked := true, false
	return x.f.AddPictureFromBytes(x.sheet, "E"+strconv.Itoa(x.row), &excelize.Picture{
		Extension: ".png",
		File:      png,
		Format: &excelize.GraphicOptions{
			AltText:         label + " " + value,
			Name:            "QR",
			PrintObject:     &printObj,
			Locked:          &locked,
			LockAspectRatio: true,
			OffsetX:         20,
			OffsetY:         qrOffsetY,
			ScaleX:          1,
			ScaleY:          1,
			Positioning:     "oneCell",
		},
	})
}

// qrOffsetY is how far below the top of its row the QR code is placed.
const qrOffsetY = 4

// decodePNGConfig returns the height of a PNG image in pixels.
func decodePNGConfig(b []byte) (int, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	return cfg.Height, nil
}

// qrPNG encodes s as a QR code (error correction M) in a PNG of three
// pixels a module, with the quiet zone.
func qrPNG(s string) ([]byte, error) {
	c, err := qr.Encode(s, qr.M)
	if err != nil {
		return nil, fmt.Errorf("生成二维码: %w", err)
	}
	c.Scale = 3
	return c.PNG(), nil
}

// escapeHF escapes "&" for a header or footer, where it starts a code.
func escapeHF(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// Footer is the page footer of the xlsx sheet, in Excel's header/footer
// codes: centred, page n of N and the code of the record.
func footer(d *document, l lang.Lang) string {
	return "&C" + l.T("第 &P 页 共 &N 页 · ", "page &P of &N · ") + escapeHF(d.codeLabel+" "+d.code)
}

func pageSetup(f *excelize.File, d *document, l lang.Lang) error {
	sheet := d.sheetName
	size, orient, fitW, fitH := paperA4, "portrait", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH,
	}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	lr, tb, hf, centred := marginLR, marginTB, 0.3, true
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &lr, Right: &lr, Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf, Horizontally: &centred,
	}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&R" + escapeHF(l.T("仪式 ", "ceremony ")+d.id),
		OddFooter: footer(d, l),
	}); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", strings.ReplaceAll(sheet, "'", "''"), printTitleRows),
		Scope:    sheet,
	}); err != nil {
		return err
	}
	grid := false
	if err := f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: &grid}); err != nil {
		return err
	}
	return f.SetDocProps(&excelize.DocProperties{
		Title:    d.title,
		Subject:  d.subtitle,
		Creator:  "shuangsui",
		Keywords: d.codeLabel + " " + d.code,
		Language: l.T("zh-CN", "en"),
	})
}
