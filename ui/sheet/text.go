package sheet

import (
	"fmt"
	"strings"

	"shuangsui/ui/lang"
)

// Page geometry of the text sheet: 64 lines a page (A4 at 6 lines an inch
// leaves a margin), pages separated by a form feed.
const (
	pageLines = 64
	labelW    = 18 // cells for a field label in text, at least
	maxLabelW = 24 // and at most (a longer label pushes its own value)
)

// line is one body line of the text sheet. repeat, when set, are the
// lines (a table heading) to print again when the line starts a page;
// keep asks to keep the line on the same page as the next one.
type line struct {
	s      string
	repeat []string
	keep   bool
}

// renderText lays the document out for a line printer.
func renderText(d *document, l lang.Lang) string {
	lw := labelW
	for _, it := range d.items {
		if it.kind == itField || it.kind == itCode {
			lw = max(lw, min(cells(it.text)+2, maxLabelW))
		}
	}
	var body []line
	add := func(s string) { body = append(body, line{s: s}) }
	for _, title := range wrap(d.title, LineWidth) {
		add(center(title, LineWidth))
	}
	for _, s := range wrap(d.subtitle, LineWidth) {
		add(center(s, LineWidth))
	}
	for i, it := range d.items {
		switch it.kind {
		case itHeading:
			add("")
			body = append(body, line{s: it.text, keep: true})
			body = append(body, line{s: strings.Repeat("=", min(cells(it.text), LineWidth)), keep: true})
		case itSub:
			if i > 0 && d.items[i-1].kind != itHeading {
				add("")
			}
			for _, s := range wrap(it.text, LineWidth) {
				body = append(body, line{s: s, keep: true})
			}
		case itField:
			body = append(body, keepEnds(fieldLines(it.text, it.value, it.id, lw))...)
		case itPara:
			indent := leadingSpaces(it.text)
			from := len(body)
			for _, s := range wrap(strings.TrimLeft(it.text, " "), LineWidth-indent) {
				add(strings.Repeat(" ", indent) + s)
			}
			keepEnds(body[from:])
			// "To verify:" stays with what follows, and so does a
			// command with the command after it
			next := i+1 < len(d.items) && d.items[i+1].kind == itPara
			if t := strings.TrimSpace(it.text); strings.HasSuffix(t, ":") || strings.HasSuffix(t, ":") ||
				(indent > 0 && next && leadingSpaces(d.items[i+1].text) > 0) {
				body[len(body)-1].keep = true
			}
		case itTable:
			body = append(body, tableLines(it.table, false)...)
		case itSign:
			body = append(body, tableLines(it.table, true)...)
		case itCode:
			body = append(body, fieldLines(it.text, it.value, true, lw)...)
		}
	}
	return paginate(d, body, l)
}

// keepEnds keeps the first line of a wrapped paragraph or field with the
// second and the last with the one before it, so that neither stands
// alone at the foot or the top of a page.
func keepEnds(ls []line) []line {
	if n := len(ls); n >= 2 {
		ls[0].keep = true
		ls[n-2].keep = true
	}
	return ls
}

func leadingSpaces(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// fieldLines prints "label  value", the value wrapped under itself. Hex
// identifiers are grouped by eight for reading; other ids are kept whole
// when they fit.
func fieldLines(label, value string, id bool, lw int) []line {
	if id && isHex(value) {
		value = group(value)
	}
	label = clean(label)
	if cells(label)+2 > lw {
		lw = cells(label) + 2
	}
	var out []line
	if id && isHex(strings.ReplaceAll(value, " ", "")) && cells(value) > LineWidth-lw && cells(value)+2 <= LineWidth {
		// a long hash reads best on one line of its own
		return []line{{s: label, keep: true}, {s: "  " + value}}
	}
	for i, s := range wrap(value, LineWidth-lw) {
		if i == 0 {
			out = append(out, line{s: strings.TrimRight(pad(label, lw)+s, " ")})
		} else {
			out = append(out, line{s: strings.Repeat(" ", lw) + s})
		}
	}
	return out
}

func isHex(s string) bool {
	if len(s) < 32 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

const colGap = 2

// tableLines lays a table out within LineWidth cells: every column as wide
// as its widest cell, then the wrappable columns squeezed (widest first)
// until the table fits; cells wrap inside their column. sign leaves room
// to write: a blank line after every row.
func tableLines(t *table, sign bool) []line {
	t = joinUnder(t)
	n := len(t.cols)
	w := make([]int, n)
	for j, c := range t.cols {
		w[j] = max(widest(c.head), c.minW)
		for _, r := range t.rows {
			w[j] = max(w[j], widest(r[j]))
		}
	}
	total := func() int {
		s := colGap * (n - 1)
		for _, x := range w {
			s += x
		}
		return s
	}
	squeeze := func(ok func(c col) bool) {
		for total() > LineWidth {
			best := -1
			for j, c := range t.cols {
				floor := max(c.minW, 4)
				if ok(c) && w[j] > floor && (best < 0 || w[j] > w[best]) {
					best = j
				}
			}
			if best < 0 {
				return
			}
			w[best]--
		}
	}
	squeeze(func(c col) bool { return c.wrap })
	squeeze(func(c col) bool { return true }) // last resort: ids wrap too
	rowLines := func(cellsOf []string) []string {
		parts := make([][]string, n)
		height := 1
		for j := range t.cols {
			parts[j] = wrap(cellsOf[j], w[j])
			height = max(height, len(parts[j]))
		}
		var out []string
		for k := range height {
			var b strings.Builder
			for j, c := range t.cols {
				s := ""
				if k < len(parts[j]) {
					s = parts[j][k]
				}
				if j > 0 {
					b.WriteString(strings.Repeat(" ", colGap))
				}
				if c.num {
					b.WriteString(padLeft(s, w[j]))
				} else {
					b.WriteString(pad(s, w[j]))
				}
			}
			out = append(out, strings.TrimRight(b.String(), " "))
		}
		return out
	}
	heads := make([]string, n)
	rules := make([]string, n)
	for j, c := range t.cols {
		heads[j] = c.head
		rules[j] = strings.Repeat("-", w[j])
	}
	head := append(rowLines(heads), strings.Join(rules, strings.Repeat(" ", colGap)))
	var out []line
	for _, h := range head {
		out = append(out, line{s: h, keep: true})
	}
	start := len(out)
	for _, r := range t.rows {
		rl := rowLines(r)
		if sign {
			for k := range rl {
				rl[k] = strings.TrimRight(rl[k], " ")
			}
			// a writing line under the signature and date columns
			rl = append(rl, "", signRule(t.cols, w))
		}
		for k, s := range rl {
			out = append(out, line{s: s, repeat: head, keep: k < len(rl)-1})
		}
	}
	// a short table stays on one page
	if len(out) <= smallTable {
		for k := start; k < len(out)-1; k++ {
			out[k].keep = true
		}
	}
	return out
}

// smallTable is the most lines a table may have and still be kept whole on
// one page.
const smallTable = 14

// joinUnder folds every column marked under into the column before it:
// "name" and "category" become one cell "name\n(category)".
func joinUnder(t *table) *table {
	has := false
	for _, c := range t.cols {
		has = has || c.under
	}
	if !has {
		return t
	}
	out := &table{}
	for j, c := range t.cols {
		if c.under && j > 0 {
			prev := &out.cols[len(out.cols)-1]
			prev.head += "\n(" + c.head + ")"
			continue
		}
		out.cols = append(out.cols, c)
	}
	for _, r := range t.rows {
		var row []string
		for j, c := range t.cols {
			if c.under && j > 0 {
				if r[j] != "" {
					row[len(row)-1] += "\n(" + r[j] + ")"
				}
				continue
			}
			row = append(row, r[j])
		}
		out.rows = append(out.rows, row)
	}
	return out
}

// widest is the width of the widest line of s.
func widest(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, cells(clean(l)))
	}
	return w
}

// signRule underlines the columns of a sign table left for handwriting.
func signRule(cols []col, w []int) string {
	var b strings.Builder
	for j := range w {
		if j > 0 {
			b.WriteString(strings.Repeat(" ", colGap))
		}
		if cols[j].write {
			b.WriteString(strings.Repeat("_", w[j]))
		} else {
			b.WriteString(strings.Repeat(" ", w[j]))
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// paginate cuts the body into pages of pageLines lines. Every page starts
// with a two-line header naming the record and its code and ends with
// "第 n 页 共 N 页"; a table cut by a page break has its heading repeated;
// a line marked keep is not left alone at the bottom of a page, and the
// last line of a paragraph or table is not left alone at the top of one.
func paginate(d *document, body []line, l lang.Lang) string {
	const headerLines, footerLines = 3, 2
	room := pageLines - headerLines - footerLines
	var pages [][]string
	var cur []string
	for i := 0; i < len(body); i++ {
		if len(cur) == 0 {
			if len(pages) > 0 && body[i].s == "" {
				continue // no blank line at the top of a page
			}
			if len(pages) > 0 && body[i].repeat != nil {
				cur = append(cur, body[i].repeat...)
			}
		}
		// the run of lines that must stay together with this one
		run := 1
		for i+run-1 < len(body)-1 && body[i+run-1].keep && run < room/2 {
			run++
		}
		if len(cur) > 0 && len(cur)+run > room {
			// No lone line at the top of a page: when this line ends
			// its block (a paragraph, a table) and the line before it
			// is of the same block, that one goes over too, with the
			// lines kept with it (a label with its value).
			widow := run == 1 && body[i].s != "" && (i == len(body)-1 || body[i+1].s == "") &&
				len(cur) >= 3 && body[i-1].s != "" && cur[len(cur)-1] == body[i-1].s
			if widow {
				back := 1
				for back < len(cur)-2 && body[i-back-1].keep && body[i-back-1].s != "" && cur[len(cur)-back-1] == body[i-back-1].s {
					back++
				}
				cur = cur[:len(cur)-back]
				i -= back
			}
			pages = append(pages, cur)
			cur = nil
			i--
			continue
		}
		cur = append(cur, body[i].s)
	}
	if len(cur) > 0 || len(pages) == 0 {
		pages = append(pages, cur)
	}
	var b strings.Builder
	for p, lines := range pages {
		if p > 0 {
			b.WriteString("\f")
		}
		head := fmt.Sprintf(l.T("见证记录 %s", "Witness record %s"), d.id)
		if d.kind == KindAmend {
			head = fmt.Sprintf(l.T("替换修订记录 %s", "Amendment %s"), d.id)
		}
		pageNo := fmt.Sprintf(l.T("第 %d 页 共 %d 页", "page %d of %d"), p+1, len(pages))
		b.WriteString(strings.TrimRight(pad(head, LineWidth-cells(pageNo))+pageNo, " ") + "\n")
		b.WriteString(strings.TrimRight(pad(d.codeLabel, max(12, cells(d.codeLabel)+1))+d.code, " ") + "\n")
		b.WriteString(strings.Repeat("-", LineWidth) + "\n")
		for _, s := range lines {
			b.WriteString(s + "\n")
		}
		for range room - len(lines) {
			b.WriteString("\n")
		}
		b.WriteString("\n")
		b.WriteString(center(pageNo+" · "+d.codeLabel+" "+d.code[:min(16, len(d.code))]+"…", LineWidth) + "\n")
	}
	return b.String()
}
