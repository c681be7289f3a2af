package excel

import (
	"fmt"
	"hash/maphash"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
)

// RowError is one problem in one cell (or row) of the imported file.
type RowError struct {
	Sheet  string `json:"sheet,omitempty"` // set when the file's rows came from several sheets
	Row    int    `json:"row"`             // 1-based row number as shown in Excel (CSV: record number)
	Column string `json:"column"`          // the column's Chinese header, "" for the whole row or file
	Value  string `json:"value,omitempty"`
	Reason string `json:"reason"` // Chinese
}

func (e RowError) Error() string {
	switch {
	case e.Row == 0 && e.Column == "":
		return e.Reason
	case e.Column == "":
		return fmt.Sprintf("%s第 %d 行: %s", sheetPrefix(e.Sheet), e.Row, e.Reason)
	}
	return fmt.Sprintf("%s第 %d 行 %s 列: %s", sheetPrefix(e.Sheet), e.Row, e.Column, e.Reason)
}

// Library is what validation needs to know about the database.
type Library struct {
	Counties    []store.County
	Categories  []string
	Specialties []string
	Units       map[string]string // id → name of the units already in the library
	Matters     map[string]bool   // codes of the matters already in the library
}

// parser turns the cells of one data row into a record of its kind and
// remembers what it has seen to find duplicates within the file.
type parser struct {
	kind    Kind
	lib     *Library
	replace bool   // Replace mode: the file is the whole library
	by      string // who confirms check-digit overrides when the file says nobody
	today   string // YYYY-MM-DD

	idx    []int // schema column → cell position, -1 if absent
	cols   []Column
	header []string // the header row's cells, to name columns outside the schema

	// understood counts values read as another: "单位类别 规模以上工业 → 规上工业".
	understood      map[string]int
	understoodOrder []string
	// sameName lists units that share a name with a different code.
	sameName  []string
	sameNameN int

	sheet   string   // the current sheet's name when rows come from several sheets
	sheetNo int      // index of the current sheet in sheets
	sheets  []string // the sheets read so far

	// seen and seenName map a 64-bit hash of an id (or history key) and of
	// a name key to its first row: a tenth of the memory of the strings on
	// a million-row file; two different keys share a hash with odds of
	// about 1 in 10^7 per million-row file, and would then be reported as
	// a duplicate, never silently merged.
	seen      map[uint64]int32
	seenName  map[uint64]int32
	libByName map[string]string
	countyKey map[string]string // code or name key → code
	countyNms []string
	// countyListShown: the known counties were listed with an error
	// already; later errors only suggest.
	countyListShown bool
	// memo keeps what a cleaned cell value of a column was understood as
	// (county, category, yes/no, status), for values that were valid: a
	// million rows repeat a few dozen of them. Errors are never taken
	// from it, so each bad cell is reported with its own row.
	memo map[memoKey]memoVal
}

type memoKey struct {
	col int
	v   string
}

type memoVal struct {
	s string
	b bool
}

// memoMax bounds the memo: a column of distinct values (a file of
// garbage) does not grow it past this.
const memoMax = 4096

func (p *parser) recall(c int, v string) (memoVal, bool) {
	m, ok := p.memo[memoKey{c, v}]
	return m, ok
}

func (p *parser) remember(c int, v string, m memoVal) {
	if p.memo == nil {
		p.memo = map[memoKey]memoVal{}
	}
	if len(p.memo) < memoMax {
		p.memo[memoKey{c, v}] = m
	}
}

func newParser(k Kind, lib *Library, idx []int, replace bool, by, today string) *parser {
	if lib == nil {
		lib = &Library{}
	}
	p := &parser{kind: k, lib: lib, replace: replace, by: by, today: today, idx: idx, cols: schemas[k],
		seen: map[uint64]int32{}, seenName: map[uint64]int32{}, countyKey: map[string]string{}}
	for _, c := range lib.Counties {
		p.countyKey[c.Code] = c.Code
		p.countyKey[key(c.Name)] = c.Code
		p.countyNms = append(p.countyNms, c.Name)
	}
	if k == Units && !replace {
		p.libByName = make(map[string]string, len(lib.Units))
		for id, name := range lib.Units {
			p.libByName[key(name)] = id
		}
	}
	return p
}

// rowCtx collects the errors of one row.
type rowCtx struct {
	p     *parser
	row   int
	cells []string
	errs  []RowError
}

// raw is the cell of column c as found in the file.
func (r *rowCtx) raw(c int) string {
	if c >= len(r.p.idx) {
		return ""
	}
	pos := r.p.idx[c]
	if pos < 0 || pos >= len(r.cells) {
		return ""
	}
	return r.cells[pos]
}

func (r *rowCtx) fail(c int, value, format string, a ...any) {
	r.errs = append(r.errs, RowError{Sheet: r.p.sheet, Row: r.row, Column: r.p.cols[c].Header, Value: value, Reason: fmt.Sprintf(format, a...)})
}

// text is the cleaned free-text value of column c, checked for presence
// and length.
func (r *rowCtx) text(c int) string {
	v := r.raw(c)
	if v == "" {
		if r.p.cols[c].Required {
			r.fail(c, "", "为空(必填)")
		}
		return ""
	}
	// A string holds no more characters than bytes.
	if n := len(v); n > r.p.cols[c].Max && utf8.RuneCountInString(v) > r.p.cols[c].Max {
		n = utf8.RuneCountInString(v)
		r.fail(c, runePrefix(v, 30)+"…", "内容过长(%d 字, 最多 %d 字)", n, r.p.cols[c].Max)
		return ""
	}
	v = cleanText(v)
	if v == "" && r.p.cols[c].Required {
		r.fail(c, "", "为空(必填)")
	}
	return v
}

func (r *rowCtx) code(c int) string {
	v := r.text(c)
	if v == "" {
		return ""
	}
	code, err := normCode(v)
	if err != nil {
		r.fail(c, v, "%v", err)
		return ""
	}
	return code
}

func (r *rowCtx) yesNo(c int, def bool) bool {
	v := r.text(c)
	if v == "" {
		return def
	}
	if m, ok := r.p.recall(c, v); ok {
		return m.b
	}
	b, err := parseYesNo(v, def)
	if err != nil {
		r.fail(c, v, "%v", err)
		return b
	}
	r.p.remember(c, v, memoVal{b: b})
	return b
}

func (r *rowCtx) date(c int) string {
	v := r.text(c)
	d, err := parseDate(v)
	if err != nil {
		r.fail(c, v, "%v", err)
		return ""
	}
	if d == "" && r.p.cols[c].Required {
		r.fail(c, "", "为空(必填)")
	}
	return d
}

// county resolves a county name or code to its code. Codes: the stored
// code, or a 9- or 12-digit statistical division code (乡镇、村 level)
// whose first six digits are a county's. Names: the text itself, then
// what follows a province or city in front of it (河北省承德市双桥区,
// 承德市平泉市), each tried as the exact name, the one county whose name
// ends the text, the one whose name starts with it less a final 县/区/市
// (丰宁县 → 丰宁满族自治县), or the one whose name contains it (高新区 →
// 承德高新技术产业开发区).
func (p *parser) county(v string) (string, bool) {
	k := key(v)
	code := strings.ToUpper(k)
	if c, ok := p.countyKey[code]; ok {
		return c, true
	}
	if (len(code) == 9 || len(code) == 12) && allDigits(code) {
		if c, ok := p.countyKey[code[:6]]; ok {
			return c, true
		}
	}
	for _, form := range countyForms(k) {
		if c, ok := p.countyName(form); ok {
			return c, true
		}
	}
	return "", false
}

// countyName resolves one form of a county's name.
func (p *parser) countyName(k string) (string, bool) {
	if code, ok := p.countyKey[k]; ok {
		return code, true
	}
	// The county's full name ends the text (河北承德双桥区); the longest wins.
	found, longest := "", 0
	for _, c := range p.lib.Counties {
		if n := key(c.Name); strings.HasSuffix(k, n) && len(n) > longest {
			found, longest = c.Code, len(n)
		}
	}
	if found != "" {
		return found, true
	}
	stem := strings.TrimRight(k, "县区市")
	if utf8.RuneCountInString(stem) < 2 {
		return "", false
	}
	// A unique prefix (丰宁 → 丰宁满族自治县), else a unique substring
	// (高新区 → 承德高新技术产业开发区).
	for _, match := range []func(name, stem string) bool{strings.HasPrefix, strings.Contains} {
		found, n := "", 0
		for _, c := range p.lib.Counties {
			if match(key(c.Name), stem) {
				found, n = c.Code, n+1
			}
		}
		if n == 1 {
			return found, true
		}
		if n > 1 {
			return "", false
		}
	}
	return "", false
}

// adminSuffixes end the name of a province or city written in front of a
// county.
var adminSuffixes = []string{"省", "自治区", "市", "地区", "自治州", "盟"}

// countyForms is k, then what follows each province or city name in it,
// longest first: 河北省承德市双桥区 → 承德市双桥区, 双桥区.
func countyForms(k string) []string {
	forms := []string{k}
	for i := range k {
		for _, suf := range adminSuffixes {
			if strings.HasPrefix(k[i:], suf) {
				if rest := k[i+len(suf):]; rest != "" && utf8.RuneCountInString(k[:i]) >= 2 {
					forms = append(forms, rest)
				}
			}
		}
	}
	return forms
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// unknownCounty is the reason for a county not found: the suggestion is
// made from the text less any province or city in front, preferring the
// county whose name shares the longest ending with it; the list of known
// counties is given with the first such error of a file only.
func (p *parser) unknownCounty(v string) string {
	if len(p.countyNms) == 0 {
		return unknownMsg("县(市、区)", v, nil)
	}
	forms := countyForms(key(v))
	s := forms[len(forms)-1]
	best, bestD, bestSuf := "", -1, -1
	for _, name := range p.countyNms {
		d, suf := distance(s, key(name)), commonSuffix(s, key(name))
		if bestD < 0 || d < bestD || d == bestD && suf > bestSuf {
			best, bestD, bestSuf = name, d, suf
		}
	}
	msg := fmt.Sprintf("未知的县(市、区) %q, 是否为“%s”?", v, best)
	if !p.countyListShown {
		p.countyListShown = true
		msg += " 名录库中的县(市、区): " + strings.Join(p.countyNms, "、") + "(此后同类错误不再列出)"
	}
	return msg
}

// commonSuffix is the number of runes a and b share at their ends.
func commonSuffix(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[len(ra)-1-n] == rb[len(rb)-1-n] {
		n++
	}
	return n
}

func (r *rowCtx) county(c int) string {
	v := r.text(c)
	if v == "" {
		return ""
	}
	if m, ok := r.p.recall(c, v); ok {
		return m.s
	}
	code, ok := r.p.county(v)
	if !ok {
		r.fail(c, v, "%s", r.p.unknownCounty(v))
		return code
	}
	r.p.remember(c, v, memoVal{s: code})
	return code
}

// categoryAliases are long and formal forms of the default categories,
// as the statistics 名录 exports write them (专业类别).
var categoryAliases = map[string]string{
	"规模以上工业": "规上工业", "规模以上工业企业": "规上工业", "规上工业企业": "规上工业",
	"限额以上批零住餐": "限上批零住餐", "限额以上批发零售住宿餐饮": "限上批零住餐", "限额以上批零住餐业": "限上批零住餐", "批零住餐": "限上批零住餐",
	"限额以上批发和零售业": "限上批零住餐", "限额以上住宿和餐饮业": "限上批零住餐", "限额以上批发零售业": "限上批零住餐", "限额以上住宿餐饮业": "限上批零住餐",
	"限额以上批发业": "限上批零住餐", "限额以上零售业": "限上批零住餐", "限额以上住宿业": "限上批零住餐", "限额以上餐饮业": "限上批零住餐",
	"限上批发零售业": "限上批零住餐", "限上住宿餐饮业": "限上批零住餐", "批发和零售业": "限上批零住餐", "住宿和餐饮业": "限上批零住餐",
	"规模以上服务业": "规上服务业", "规模以上其他营利性服务业": "规上服务业", "规模以上营利性服务业": "规上服务业", "规模以上非营利性服务业": "规上服务业",
	"资质以内建筑业": "资质内建筑业", "资质以上建筑业": "资质内建筑业", "建筑业": "资质内建筑业", "有资质的建筑业": "资质内建筑业",
	"有资质建筑业": "资质内建筑业", "资质等级以上建筑业": "资质内建筑业", "有资质的建筑业企业": "资质内建筑业",
	"房地产开发经营": "房地产开发", "房地产开发经营业": "房地产开发", "房地产开发企业": "房地产开发", "房地产开发经营企业": "房地产开发", "房地产": "房地产开发",
	"固定资产投资": "投资项目", "固定资产投资项目": "投资项目", "500万元及以上固定资产投资项目": "投资项目", "投资": "投资项目",
}

var specialtyAliases = map[string]string{
	"贸易(批零住餐)": "贸易", "批零住餐": "贸易", "建筑业/房地产": "建筑业", "固定资产投资": "投资", "规上工业": "工业",
}

func pick(v string, list []string, aliases map[string]string) (string, bool) {
	k := key(v)
	for _, x := range list {
		if key(x) == k {
			return x, true
		}
	}
	if a, ok := aliases[k]; ok {
		for _, x := range list {
			if x == a {
				return x, true
			}
		}
	}
	return "", false
}

func (r *rowCtx) category(c int, v string) string {
	m, ok := r.p.recall(c, v)
	if !ok {
		got, ok := pick(v, r.p.lib.Categories, categoryAliases)
		if !ok {
			r.fail(c, v, "%s", unknownMsg("单位类别", v, r.p.lib.Categories))
			return got
		}
		m = memoVal{s: got, b: key(got) != key(v)} // b: read as another
		r.p.remember(c, v, m)
	}
	if m.b {
		r.p.understand(r.p.cols[c].Header, cleanText(v), m.s)
	}
	return m.s
}

// understand counts one value read as another, for the report.
func (p *parser) understand(column, from, to string) {
	if p.understood == nil {
		p.understood = map[string]int{}
	}
	k := column + ": " + from + " → " + to
	if p.understood[k] == 0 {
		p.understoodOrder = append(p.understoodOrder, k)
	}
	p.understood[k]++
}

// maxSameName is how many same-name pairs the report lists.
const maxSameName = 20

// warnings are the report lines the parser collected: values understood
// as another, units sharing a name.
func (p *parser) warnings() []string {
	var out []string
	for _, k := range p.understoodOrder {
		out = append(out, fmt.Sprintf("按简称理解 %s: %d 行", k, p.understood[k]))
	}
	if p.sameNameN > 0 {
		msg := fmt.Sprintf("%d 处同名不同代码的单位(已导入, 请核对是否为不同单位): %s", p.sameNameN, strings.Join(p.sameName, "; "))
		if p.sameNameN > len(p.sameName) {
			msg += fmt.Sprintf("; 另有 %d 处未列出", p.sameNameN-len(p.sameName))
		}
		out = append(out, msg)
	}
	return out
}

// noteSameName records a unit sharing its name with another code.
func (p *parser) noteSameName(s string) {
	p.sameNameN++
	if len(p.sameName) < maxSameName {
		p.sameName = append(p.sameName, s)
	}
}

func (r *rowCtx) specialty(c int, v string) string {
	got, ok := pick(v, r.p.lib.Specialties, specialtyAliases)
	if !ok {
		r.fail(c, v, "%s", unknownMsg("专业", v, r.p.lib.Specialties))
	}
	return got
}

// runePrefix is the first n characters of s (never a cut character).
func runePrefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// controlRune returns the first control character in s other than tab
// and line breaks (C0, DEL, C1, U+FFFE/U+FFFF), or the replacement
// character U+FFFD that marks text already garbled, and whether there is
// one. Such characters cannot be written back to an .xlsx and would come
// back as "�" after an export.
func controlRune(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r >= 0x7F && r <= 0x9F, r == 0xFFFE, r == 0xFFFF, r == utf8.RuneError:
			return r, true
		}
	}
	return 0, false
}

// checkControls refuses every cell of the row that holds a control
// character, naming its column by the schema's header, else by the
// file's header, else by its letter.
func (r *rowCtx) checkControls() {
	for pos, v := range r.cells {
		ch, bad := controlRune(v)
		if !bad {
			continue
		}
		col := ""
		for c, at := range r.p.idx {
			if at == pos {
				col = r.p.cols[c].Header
			}
		}
		if col == "" && pos < len(r.p.header) {
			col = cleanText(r.p.header[pos])
		}
		if col == "" {
			col, _ = excelize.ColumnNumberToName(pos + 1)
		}
		clean := strings.Map(func(x rune) rune {
			if _, bad := controlRune(string(x)); bad {
				return '?'
			}
			return x
		}, runePrefix(v, 30))
		reason := fmt.Sprintf("含有控制字符 U+%04X(不可见, 导出后会变成乱码); 请删去该字符后再导入", ch)
		if ch == utf8.RuneError {
			reason = "含有乱码字符 U+FFFD(�), 说明该内容曾被按错误的编码转换; 请改正后再导入"
		}
		r.errs = append(r.errs, RowError{Sheet: r.p.sheet, Row: r.row, Column: col, Value: clean, Reason: reason})
	}
}

// blank reports whether every cell of the row is empty after trimming.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(foldAlnum(c)) != "" {
			return false
		}
	}
	return true
}

// parse turns one data row into a record (store.Unit, store.Inspector,
// store.Matter, store.County or store.Inspection). The record is only
// meaningful when no errors are returned.
func (p *parser) parse(row int, cells []string) (any, []RowError) {
	r := &rowCtx{p: p, row: row, cells: cells}
	r.checkControls()
	var rec any
	switch p.kind {
	case Units:
		rec = r.unit()
	case Inspectors:
		rec = r.inspector()
	case Matters:
		rec = r.matter()
	case Counties:
		rec = r.countyRec()
	case History:
		rec = r.inspection()
	default:
		r.errs = append(r.errs, RowError{Row: row, Reason: fmt.Sprintf("未知的名录 %q", p.kind)})
	}
	return rec, r.errs
}

// dup records id at this row and reports an earlier row with the same id.
func (r *rowCtx) dup(seen map[uint64]int32, c int, id, what string) {
	if id == "" {
		return
	}
	h := maphash.String(hashSeed, id)
	if first, ok := seen[h]; ok {
		sheet, row := int(first>>rowBits), int(first&(1<<rowBits-1))
		if sheet != r.p.sheetNo && sheet < len(r.p.sheets) {
			r.fail(c, id, "与工作表“%s”第 %d 行%s重复", r.p.sheets[sheet], row, what)
		} else {
			r.fail(c, id, "与第 %d 行%s重复", row, what)
		}
		return
	}
	seen[h] = int32(r.p.sheetNo<<rowBits | r.row&(1<<rowBits-1))
}

// sheetName is the name of the i-th sheet read when rows come from
// several sheets, else "".
func (p *parser) sheetName(i int) string {
	if p.sheet == "" || i >= len(p.sheets) {
		return ""
	}
	return p.sheets[i]
}

// rowBits is how many bits of a seen entry hold the row (a sheet has at
// most 1,048,576 rows); the bits above hold the sheet's index.
const rowBits = 21

var hashSeed = maphash.MakeSeed()

var statusNames = map[string]string{
	"正常": store.StatusActive, "在营": store.StatusActive, "存续": store.StatusActive, "开业": store.StatusActive, "营业": store.StatusActive, "active": store.StatusActive,
	"关闭": store.StatusClosed, "停业": store.StatusClosed, "歇业": store.StatusClosed, "关停": store.StatusClosed, "closed": store.StatusClosed,
	"注销": store.StatusDeregistered, "吊销": store.StatusDeregistered, "已注销": store.StatusDeregistered, "deregistered": store.StatusDeregistered,
}

// StatusLabel is the Chinese label of a unit status.
func StatusLabel(s string) string {
	switch s {
	case store.StatusClosed:
		return "关闭"
	case store.StatusDeregistered:
		return "注销"
	}
	return "正常"
}

func (r *rowCtx) unit() store.Unit {
	p := r.p
	u := store.Unit{ID: r.code(uID), Name: r.text(uName)}
	override := r.yesNo(uOverride, false)
	reason := r.text(uReason)
	if n := len(u.ID); n >= 17 && n <= 19 {
		// 18 characters, or one too few or many: meant as a USCC.
		if err := store.CheckUSCC(u.ID); err != nil {
			if !override {
				r.fail(uID, u.ID, "%v; 如该代码确属登记在册, 请在“校验码例外”列填“是”并写明例外原因", err)
			} else if reason == "" {
				r.fail(uReason, "", "“校验码例外”为“是”时须写明例外原因(代码 %s: %v)", u.ID, err)
			} else {
				o := &store.Override{By: r.text(uBy), Reason: reason, At: r.date(uAt)}
				if o.By == "" {
					o.By = p.by
				}
				if o.At == "" {
					o.At = p.today
				}
				u.CheckOverride = o
			}
		}
	}
	if u.ID != "" && u.ID == schemas[Units][uID].Example {
		r.fail(uID, u.ID, "示例行未删除: 这是模板示例行的代码, 不是真实单位; 请删除该行后再导入")
	}
	dupID := len(r.errs)
	r.dup(p.seen, uID, u.ID, "代码")
	if u.Name != "" && u.ID != "" && len(r.errs) == dupID {
		// The same name under another code is legal (branches, renamed
		// units) but worth a look: a warning, not an error.
		nk := key(u.Name)
		h := maphash.String(hashSeed, nk)
		if first, ok := p.seenName[h]; ok {
			p.noteSameName(fmt.Sprintf("“%s” %s第 %d 行与%s第 %d 行(代码 %s)", u.Name, sheetPrefix(p.sheetName(int(first>>rowBits))), first&(1<<rowBits-1), sheetPrefix(p.sheet), r.row, u.ID))
		} else {
			p.seenName[h] = int32(p.sheetNo<<rowBits | r.row&(1<<rowBits-1))
		}
		if other, ok := p.libByName[nk]; ok && other != u.ID {
			p.noteSameName(fmt.Sprintf("“%s” 名录库中代码 %s, %s第 %d 行代码 %s", u.Name, other, sheetPrefix(p.sheet), r.row, u.ID))
		}
	}
	u.County = r.county(uCounty)
	if v := r.text(uCategory); v != "" {
		u.Category = r.category(uCategory, v)
	}
	u.Address = r.text(uAddress)
	u.Contact = r.text(uContact)
	u.DirectReporting = r.yesNo(uDirect, true)
	u.Key = r.yesNo(uKey, false)
	u.DishonestFrom = r.date(uDishonestFrom)
	u.DishonestTo = r.date(uDishonestTo)
	if u.DishonestTo != "" && u.DishonestFrom == "" {
		r.fail(uDishonestFrom, "", "填了严重失信截止日期, 却没有起始日期")
	} else if u.DishonestTo != "" && u.DishonestTo < u.DishonestFrom {
		r.fail(uDishonestTo, u.DishonestTo, "截止日期早于起始日期 %s", u.DishonestFrom)
	}
	u.Status = store.StatusActive
	if v := r.text(uStatus); v != "" {
		if m, ok := p.recall(uStatus, v); ok {
			u.Status = m.s
		} else if s, ok := statusNames[key(v)]; ok {
			p.remember(uStatus, v, memoVal{s: s})
			u.Status = s
		} else {
			r.fail(uStatus, v, "状态应为“正常”“关闭”或“注销”")
		}
	}
	return u
}

var (
	reTrainingDays = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)(?:天|日|d|days?)?$`)
	reInspectorID  = regexp.MustCompile(`^[0-9A-Z()\-]+$`)
)

// parseTraining reads "2026-03-10 1天 统计法; 2026-09-02 0.5天 实务".
func parseTraining(s string) ([]store.Training, error) {
	var out []store.Training
	for _, entry := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '\n' }) {
		f := strings.Fields(foldAll(entry))
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("培训记录 %q 应写成“日期 天数 内容”", entry)
		}
		d, err := parseDate(f[0])
		if err != nil {
			return nil, fmt.Errorf("培训记录 %q: %v", entry, err)
		}
		m := reTrainingDays.FindStringSubmatch(f[1])
		if m == nil {
			return nil, fmt.Errorf("培训记录 %q: 天数 %q 应是数字, 如 1天 或 0.5天", entry, f[1])
		}
		days, _ := strconv.ParseFloat(m[1], 64)
		if days <= 0 || days > 366 {
			return nil, fmt.Errorf("培训记录 %q: 天数 %s 不合理", entry, m[1])
		}
		out = append(out, store.Training{Date: d, Days: days, Topic: strings.Join(f[2:], " ")})
	}
	return out, nil
}

// FormatTraining writes training records the way parseTraining reads them.
func FormatTraining(ts []store.Training) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = strings.TrimSpace(fmt.Sprintf("%s %s天 %s", t.Date, strconv.FormatFloat(t.Days, 'f', -1, 64), t.Topic))
	}
	return strings.Join(parts, "; ")
}

func (r *rowCtx) inspector() store.Inspector {
	p := r.p
	in := store.Inspector{ID: r.code(iID), Name: r.text(iName), Department: r.text(iDept)}
	if in.ID != "" && !reInspectorID.MatchString(in.ID) {
		r.fail(iID, in.ID, "执法证号只能含数字、字母、括号和连字符")
	}
	r.dup(p.seen, iID, in.ID, "执法证号")
	in.HomeCounty = r.county(iHome)
	if v := r.text(iSpec); v != "" {
		for _, s := range splitList(v) {
			if got := r.specialty(iSpec, s); got != "" && !contains(in.Specialties, got) {
				in.Specialties = append(in.Specialties, got)
			}
		}
	}
	in.LeaderQualified = r.yesNo(iLeader, false)
	in.ValidUntil = r.date(iValid)
	in.Active = r.yesNo(iActive, true)
	if v := r.text(iConflictCounties); v != "" {
		for _, s := range splitList(v) {
			code, ok := p.county(s)
			if !ok {
				r.fail(iConflictCounties, s, "%s", p.unknownCounty(s))
			} else if !contains(in.Conflicts.Counties, code) {
				in.Conflicts.Counties = append(in.Conflicts.Counties, code)
			}
		}
	}
	if v := r.text(iConflictUnits); v != "" {
		for _, s := range splitList(v) {
			code, err := normCode(s)
			if err != nil {
				r.fail(iConflictUnits, s, "%v", err)
			} else if !contains(in.Conflicts.Units, code) {
				in.Conflicts.Units = append(in.Conflicts.Units, code)
			}
		}
	}
	if v := r.text(iTraining); v != "" {
		t, err := parseTraining(v)
		if err != nil {
			r.fail(iTraining, v, "%v", err)
		}
		in.Training = t
	}
	return in
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (r *rowCtx) matter() store.Matter {
	p := r.p
	m := store.Matter{Code: r.code(mCode), Name: r.text(mName)}
	r.dup(p.seen, mCode, m.Code, "事项编码")
	m.Basis = r.text(mBasis)
	m.Subject = r.text(mSubject)
	m.Content = r.text(mContent)
	m.Method = r.text(mMethod)
	m.Organisation = r.text(mOrg)
	if v := r.text(mSpecialty); v != "" {
		m.Specialty = r.specialty(mSpecialty, v)
	}
	if v := r.text(mCategories); v != "" {
		for _, s := range splitList(v) {
			if got := r.category(mCategories, s); got != "" && !contains(m.Categories, got) {
				m.Categories = append(m.Categories, got)
			}
		}
	}
	m.Frequency = r.text(mFrequency)
	m.Ratio = r.text(mRatio)
	m.EffectiveFrom = r.date(mEffective)
	if m.EffectiveFrom == "" {
		m.EffectiveFrom = p.today
	}
	m.Retired = r.yesNo(mRetired, false)
	return m
}

var reCountyCode = regexp.MustCompile(`^[0-9A-Z]{2,12}$`)

func (r *rowCtx) countyRec() store.County {
	p := r.p
	c := store.County{Code: r.code(cCode), Name: r.text(cName)}
	if c.Code != "" && !reCountyCode.MatchString(c.Code) {
		r.fail(cCode, c.Code, "区划代码应为 2–12 位数字或字母, 如 130802")
	}
	r.dup(p.seen, cCode, c.Code, "区划代码")
	if c.Name != "" {
		r.dup(p.seenName, cName, key(c.Name), "名称")
	}
	c.Active = r.yesNo(cActive, true)
	return c
}

func (r *rowCtx) inspection() store.Inspection {
	p := r.p
	in := store.Inspection{Unit: r.code(hUnit), Date: r.date(hDate), Matter: r.code(hMatter), Source: r.text(hSource)}
	if in.Source == "" {
		in.Source = "import"
	}
	if in.Unit != "" {
		if _, ok := p.lib.Units[in.Unit]; !ok {
			r.fail(hUnit, in.Unit, "检查对象名录库中没有这个单位, 请先导入检查对象")
		}
	}
	if in.Matter != "" && !p.lib.Matters[in.Matter] {
		var known []string
		for c := range p.lib.Matters {
			known = append(known, c)
		}
		sortStrings(known)
		r.fail(hMatter, in.Matter, "%s", unknownMsg("抽查事项编码", in.Matter, known))
	}
	if in.Unit != "" && in.Date != "" {
		r.dup(p.seen, hDate, in.Unit+"|"+in.Date+"|"+in.Matter, "(同一单位、日期和事项)")
	}
	return in
}
