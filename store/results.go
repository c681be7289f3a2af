package store

// Results of the inspections drawn in a sealed ceremony (检查结果).
//
// Buckets added by schema version 3, since version 5 an index of the
// ceremonies' after-seal entries (see entries.go):
//
//	results     ceremony ‖ 0x00 ‖ unit → JSON Result
//	penalties   decision number (决定书文号) → JSON Penalty
//	transfers   id (YS-000001, …) → JSON Transfer
//
// Entering a result appends a result step to the ceremony's chain; a
// result that differs from the stored one is a correction: it needs a
// reason and points at the step it replaces.
// A result may only be entered for a unit on the ceremony's current list
// (the drawn units after every substitution, sampling.Ceremony.CurrentUnits);
// it records the county's current team at the time of entry. Entering a
// result also writes the unit's Inspection history entry (date = end of
// the inspection, matter = the ceremony's matter, source =
// SourceCeremony(id)) in the same transaction, so that the no-repeat rule
// of later draws sees it. When a result is corrected and its end date
// changes, the history entry this result wrote is moved to the new date:
// it is the same inspection, and a stale date would keep the unit out of
// draws for the wrong span. Imported history is never touched. (Both are
// done by the index, entries.go.)
//
// An input whose content (dates, codes as a set, notes) equals the stored
// result is left as it is: 录入人 and 录入时间 keep naming whoever entered
// the result, and ResultCounts counts it as unchanged. Re-importing an
// exported workbook therefore rewrites nothing.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
	"shuangsui/sampling/estimate"
)

var (
	bResults   = []byte("results")
	bPenalties = []byte("penalties")
	bTransfers = []byte("transfers")
)

// SettingStatFindings holds the editable list of statistics-specific
// findings (JSON array of strings), seeded with DefaultStatFindings.
const SettingStatFindings = "stat_findings"

// CodeNoProblem is the result code for an inspection that found nothing.
const CodeNoProblem = "未发现问题"

// StandardResultCodes are the standard result codes of a random spot
// check (随机抽查结果), in their usual order.
var StandardResultCodes = []string{
	CodeNoProblem,
	"未按规定公示应当公示的信息",
	"公示信息隐瞒真实情况、弄虚作假",
	"通过登记的住所(经营场所)无法联系",
	"发现问题已责令改正",
	"发现问题待后续处理",
	"未发现开展本次抽查涉及的经营活动",
	"不配合检查情节严重",
	"已关闭停业或正在组织清算",
}

// DefaultStatFindings are the statistics-specific findings a new database
// starts with; the list is a setting and may be edited.
var DefaultStatFindings = []string{
	"未设置原始记录或统计台账",
	"统计资料管理制度不健全",
	"提供不真实统计资料",
	"迟报统计资料",
	"拒报统计资料",
}

// UnclassifiedCodes are the result codes that say the matter could not be
// judged at this unit: it does not carry on the activity inspected, or it
// has closed. A unit whose codes are only these (and no problem) is
// neither "with problem" nor "without": the estimate leaves it out of the
// sample, as package estimate requires of units that could not be
// classified.
var UnclassifiedCodes = []string{"未发现开展本次抽查涉及的经营活动", "已关闭停业或正在组织清算"}

// Class is how a result counts in the problem-rate estimate.
type Class int

const (
	ClassNoProblem    Class = iota // only 未发现问题 (with or without unclassified codes)
	ClassProblem                   // at least one code other than 未发现问题 and UnclassifiedCodes
	ClassUnclassified              // only UnclassifiedCodes
)

// Classify says how a set of result codes counts. Every code that is not
// 未发现问题 and not in UnclassifiedCodes is a problem: the other standard
// codes (including 通过登记的住所无法联系 and 不配合检查情节严重, which
// are findings against the unit) and every statistics-specific finding.
func Classify(codes []string) Class {
	no := false
	for _, c := range codes {
		switch {
		case c == CodeNoProblem:
			no = true
		case slices.Contains(UnclassifiedCodes, c):
		default:
			return ClassProblem
		}
	}
	if no {
		return ClassNoProblem
	}
	return ClassUnclassified
}

// IsProblemCode reports whether one code counts as a problem.
func IsProblemCode(code string) bool { return Classify([]string{code}) == ClassProblem }

func migrateResults(tx *bolt.Tx) error {
	for _, name := range [][]byte{bResults, bPenalties, bTransfers} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("创建存储桶 %s: %w", name, err)
		}
	}
	b := tx.Bucket(bSettings)
	if b.Get([]byte(SettingStatFindings)) != nil {
		return nil
	}
	v, err := jsonMarshal(DefaultStatFindings)
	if err != nil {
		return err
	}
	return b.Put([]byte(SettingStatFindings), v)
}

// Dishonest is the mark of a seriously dishonest unit (严重失信) made from
// a result; the unit's DishonestFrom/To carry the period.
type Dishonest struct {
	From   string `json:"from"`
	To     string `json:"to,omitempty"`
	By     string `json:"by"`
	Reason string `json:"reason"`
	At     string `json:"at"`
	Seq    uint64 `json:"seq"` // the dishonest step
}

// Result is the result of inspecting one drawn unit.
type Result struct {
	Ceremony  string   `json:"ceremony"`
	Unit      string   `json:"unit"`
	County    string   `json:"county"`
	Matter    string   `json:"matter"`
	Start     string   `json:"start"` // YYYY-MM-DD
	End       string   `json:"end"`   // YYYY-MM-DD
	Team      []string `json:"team"`  // certificate numbers, leader first
	Codes     []string `json:"codes"`
	Notes     string   `json:"notes,omitempty"`
	EnteredBy string   `json:"entered_by"`
	EnteredAt string   `json:"entered_at"` // RFC 3339
	// Published is the date the result was published (公示日期), "" if not yet.
	Published   string     `json:"published,omitempty"`
	PublishedBy string     `json:"published_by,omitempty"`
	Dishonest   *Dishonest `json:"dishonest,omitempty"`
	// Seq is the step of the current result entry, PublishedSeq that of
	// the current publication entry (0: not published).
	Seq          uint64 `json:"seq"`
	PublishedSeq uint64 `json:"published_seq,omitempty"`
	// Corrections counts the corrections of the result and of its
	// publication; Corrected is the date of the latest one made after the
	// result was published (已更正), "" when there was none.
	Corrections int    `json:"corrections,omitempty"`
	Corrected   string `json:"corrected,omitempty"`
}

// Class is how the result counts in the estimate.
func (r Result) Class() Class { return Classify(r.Codes) }

// ResultInput is what a person enters for one unit.
type ResultInput struct {
	Ceremony  string
	Unit      string
	Start     string
	End       string
	Codes     []string
	Notes     string
	EnteredBy string
	// Reason is required when the unit already has a different result:
	// why it is corrected.
	Reason string
}

// FieldError is a validation error tied to one field of a ResultInput
// (Field is "ceremony", "unit", "start", "end", "codes", "notes",
// "entered_by" or "reason"), so that an import can name the column.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Msg }

func fieldErr(field, format string, a ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

// ItemError is the error of the Index-th input of a batch.
type ItemError struct {
	Index int
	Err   error
}

// BatchError lists every bad input of PutResults; nothing was written.
type BatchError struct{ Items []ItemError }

func (e *BatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d 条检查结果有错误,未写入任何数据", len(e.Items))
	for i, it := range e.Items {
		if i == 10 {
			fmt.Fprintf(&b, ";另有 %d 条未列出", len(e.Items)-10)
			break
		}
		fmt.Fprintf(&b, ";第 %d 条: %v", it.Index+1, it.Err)
	}
	return b.String()
}

func resultKey(ceremony, unit string) []byte { return []byte(ceremony + "\x00" + unit) }

// SealedCeremony rebuilds a sealed ceremony (substitutions applied),
// verifying its chain and every draw.
func (db *DB) SealedCeremony(id string) (*sampling.Ceremony, error) {
	var c *sampling.Ceremony
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		c, err = loadSealed(tx, id)
		return err
	})
	return c, err
}

func loadSealed(tx *bolt.Tx, id string) (*sampling.Ceremony, error) {
	steps, _, err := readSteps(tx, id)
	if err != nil {
		return nil, err
	}
	return replaySealed(id, steps)
}

// replaySealed replays the verified steps of ceremony id and checks that
// they end sealed.
func replaySealed(id string, steps []sampling.Step) (*sampling.Ceremony, error) {
	c, err := sampling.Replay(steps)
	if err != nil {
		return nil, fmt.Errorf("仪式 %s: %w", id, err)
	}
	if c.Phase != sampling.PhaseSealed {
		return nil, fmt.Errorf("仪式 %s 尚未封存(或已放弃),不能录入检查结果", id)
	}
	return c, nil
}

// checkSealed checks, without replaying it, that ceremony id exists and
// is sealed, so that a command about one of its results names a wrong or
// unsealed ceremony before looking for the result.
func checkSealed(tx *bolt.Tx, id string) error {
	if id == "" {
		return errors.New("未指定仪式编号")
	}
	if tx.Bucket(bCeremonies).Bucket([]byte(id)) == nil {
		return fmt.Errorf("仪式 %s: %w", id, ErrNotFound)
	}
	m, err := readMeta(tx, id)
	if err != nil {
		return err
	}
	if !sealedBy(m.LastKind) {
		return fmt.Errorf("仪式 %s 尚未封存(或已放弃)", id)
	}
	return nil
}

// CheckSubstitution refuses a substitution in sealed ceremony id (state
// c) that would cut entered results loose; session.Substitute calls it
// before committing the step, so every front end passes here.
//
//   - A unit with a result may not be substituted: the replacement would
//     take its place on the current list, and the result would vanish
//     from the result list, the results workbook and the 公示表 while
//     penalties and transfers still name it. Results cannot be deleted.
//   - A team member may be substituted while some of the county's units
//     still await inspection (each result keeps the team recorded when it
//     was entered), but not once every current unit of the county has a
//     result: nothing is left for the replacement to inspect.
func (db *DB) CheckSubstitution(id string, c *sampling.Ceremony, kind, county, out string) error {
	results, err := db.Results(id)
	if err != nil {
		return err
	}
	byUnit := map[string]Result{}
	for _, r := range results {
		byUnit[r.Unit] = r
	}
	switch kind {
	case sampling.SubstituteUnit:
		r, ok := byUnit[NormalizeUnitID(out)]
		if !ok {
			return nil
		}
		what := r.Start + "至" + r.End + ": " + strings.Join(r.Codes, "；") + publishedNote(r)
		return fmt.Errorf("单位 %s 已录入检查结果(%s),不能替换: 替换后该结果将从检查名单、结果列表和公示表中消失,而检查结果录入后不能删除", r.Unit, what)
	case sampling.SubstituteInspector:
		units := c.CurrentUnits(county)
		for _, u := range units {
			if _, ok := byUnit[u]; !ok {
				return nil
			}
		}
		if len(units) > 0 {
			_, counties, _ := frameNames(c.Frame)
			return fmt.Errorf("%s(%s)的 %d 个单位均已录入检查结果,检查已经完成,不能再替换检查组成员 %s(检查结果记录的是当时的检查组)", nameOr(counties, county), county, len(units), out)
		}
	}
	return nil
}

// unitCounty finds the county whose current list holds unit.
func unitCounty(c *sampling.Ceremony, unit string) (string, bool) {
	for _, ud := range c.Result.Units {
		if slices.Contains(c.CurrentUnits(ud.County), unit) {
			return ud.County, true
		}
	}
	return "", false
}

// StatFindings returns the editable list of statistics-specific findings.
func (db *DB) StatFindings() ([]string, error) {
	v, err := db.Setting(SettingStatFindings)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return slices.Clone(DefaultStatFindings), nil
	}
	var out []string
	if err := json.Unmarshal(v, &out); err != nil {
		return nil, fmt.Errorf("读取设置 %s: %w", SettingStatFindings, err)
	}
	return out, nil
}

// SetStatFindings replaces the list of statistics-specific findings.
// Results already entered keep their codes.
func (db *DB) SetStatFindings(list []string) error {
	var clean []string
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if strings.ContainsAny(s, ";；\t\r\n") {
			return fmt.Errorf("统计专项发现 %q 不能含有分号、制表符或换行", s)
		}
		if slices.Contains(StandardResultCodes, s) {
			return fmt.Errorf("统计专项发现 %q 与标准检查结果重复", s)
		}
		if !slices.Contains(clean, s) {
			clean = append(clean, s)
		}
	}
	v, err := jsonMarshal(clean)
	if err != nil {
		return err
	}
	return db.PutSetting(SettingStatFindings, v)
}

// KnownCodes returns the standard codes followed by the current findings.
func (db *DB) KnownCodes() ([]string, error) {
	f, err := db.StatFindings()
	if err != nil {
		return nil, err
	}
	return append(slices.Clone(StandardResultCodes), f...), nil
}

// EstimateError is why the share of units with problems cannot be
// estimated; Reason says it without the lead.
type EstimateError struct{ Reason error }

func (e *EstimateError) Error() string { return "估计问题单位占比: " + e.Reason.Error() }

func (e *EstimateError) Unwrap() error { return e.Reason }

// ResultError is why one result was refused: Reason says it without naming
// the ceremony and unit, for a form that already shows them.
type ResultError struct {
	Ceremony, Unit string
	Reason         error
}

func (e *ResultError) Error() string {
	return fmt.Sprintf("检查结果(仪式 %s, 单位 %s): %v", e.Ceremony, e.Unit, e.Reason)
}

func (e *ResultError) Unwrap() error { return e.Reason }

// PutResult validates and stores one result (a new one or a correction).
// A refusal is a *ResultError.
func (db *DB) PutResult(in ResultInput) (Result, error) {
	var out Result
	err := db.PutResults([]ResultInput{in})
	var be *BatchError
	if errors.As(err, &be) && len(be.Items) == 1 {
		return out, &ResultError{Ceremony: in.Ceremony, Unit: in.Unit, Reason: be.Items[0].Err}
	}
	if err != nil {
		return out, err
	}
	r, ok, err := db.Result(in.Ceremony, in.Unit)
	if err == nil && !ok {
		err = fmt.Errorf("检查结果(仪式 %s, 单位 %s): 写入后读不到", in.Ceremony, in.Unit)
	}
	return r, err
}

// ResultCounts says what a batch of results did.
type ResultCounts struct {
	New       int // units that had no result yet
	Changed   int // stored results corrected
	Unchanged int // equal to the stored result, left untouched
}

// Stored is the number of results written (new or changed).
func (c ResultCounts) Stored() int { return c.New + c.Changed }

// Text is the counts in one Chinese line.
func (c ResultCounts) Text() string {
	s := fmt.Sprintf("新增 %d 条,修改 %d 条,未变 %d 条", c.New, c.Changed, c.Unchanged)
	if c.Unchanged > 0 {
		s += "(与已存结果相同,未改动,录入人与录入时间照旧)"
	}
	return s
}

// sameContent reports whether r says what the stored result prev says:
// the same dates, codes (in any order) and notes.
func sameContent(prev, r Result) bool {
	return prev.Start == r.Start && prev.End == r.End && prev.Notes == r.Notes &&
		slices.Equal(slices.Sorted(slices.Values(prev.Codes)), slices.Sorted(slices.Values(r.Codes)))
}

// PutResults validates every input and stores them all in one transaction,
// or, if any is bad, stores none and returns a *BatchError naming each bad
// input by its index. See PutResultBatch.
func (db *DB) PutResults(ins []ResultInput) error {
	_, err := db.PutResultBatch(ins)
	return err
}

// PutResultBatch is PutResults returning how many inputs were new,
// changed and unchanged; an unchanged input (equal content, see the
// package comment) is not written. On error the counts are zero.
func (db *DB) PutResultBatch(ins []ResultInput) (ResultCounts, error) {
	var counts ResultCounts
	known, err := db.KnownCodes()
	if err != nil {
		return counts, err
	}
	var bad []ItemError
	err = db.bolt.Update(func(tx *bolt.Tx) error {
		cache := map[string]entryChain{}
		cerr := map[string]error{}
		today := db.now().Format(dateLayout)
		at := db.now().Format(time.RFC3339)
		seen := map[string]int{}
		for i, in := range ins {
			r, prev, err := buildResult(tx, in, known, today, at, cache, cerr)
			if err == nil && strings.ContainsAny(in.Reason, "\t\r\n") {
				err = fieldErr("reason", "更正理由中不能有制表符或换行")
			}
			if err == nil && prev != nil && !sameContent(*prev, r) && strings.TrimSpace(in.Reason) == "" {
				err = fieldErr("reason", "单位 %s 已有检查结果(第 %d 步, %s 由 %s 录入: %s%s),修改须写明理由(--reason)",
					r.Unit, prev.Seq, day(prev.EnteredAt), prev.EnteredBy, strings.Join(prev.Codes, "；"), publishedNote(*prev))
			}
			if err == nil {
				k := string(resultKey(r.Ceremony, r.Unit))
				if j, dup := seen[k]; dup {
					err = fieldErr("unit", "单位 %s 在本批中重复(第 %d 条已有)", r.Unit, j+1)
				}
				seen[k] = i
			}
			if err != nil {
				bad = append(bad, ItemError{Index: i, Err: err})
				continue
			}
			if len(bad) > 0 {
				continue // nothing will be written; just keep validating
			}
			switch {
			case prev == nil:
				counts.New++
			case sameContent(*prev, r):
				counts.Unchanged++
				continue
			default:
				counts.Changed++
			}
			e := sampling.Entry{Subject: r.Unit, Unit: r.Unit, Operator: r.EnteredBy}
			if prev != nil {
				e.Corrects, e.Reason = prev.Seq, strings.TrimSpace(in.Reason)
			}
			d := sampling.ResultData{County: r.County, Matter: r.Matter, Start: r.Start, End: r.End, Team: r.Team, Codes: r.Codes, Notes: r.Notes}
			if _, err := db.appendEntry(tx, cache[r.Ceremony], sampling.StepResult, e, d); err != nil {
				return err
			}
		}
		if len(bad) > 0 {
			return &BatchError{Items: bad}
		}
		return nil
	})
	var be *BatchError
	if errors.As(err, &be) {
		return ResultCounts{}, be
	}
	if err != nil {
		return ResultCounts{}, fmt.Errorf("保存检查结果: %w", err)
	}
	return counts, nil
}

// buildResult validates in and builds the result to store; prev is the
// result stored before, nil when there is none.
func buildResult(tx *bolt.Tx, in ResultInput, known []string, today, at string, cache map[string]entryChain, cerr map[string]error) (Result, *Result, error) {
	r := Result{Ceremony: strings.TrimSpace(in.Ceremony), Unit: NormalizeUnitID(in.Unit),
		Start: strings.TrimSpace(in.Start), End: strings.TrimSpace(in.End),
		Notes: strings.TrimSpace(in.Notes), EnteredBy: strings.TrimSpace(in.EnteredBy), EnteredAt: at}
	if r.Ceremony == "" {
		return r, nil, fieldErr("ceremony", "未指定仪式编号")
	}
	ch, ok := cache[r.Ceremony]
	if !ok {
		if e, failed := cerr[r.Ceremony]; failed {
			return r, nil, fieldErr("ceremony", "%v", e)
		}
		var err error
		if ch, err = sealedChain(tx, r.Ceremony); err != nil {
			cerr[r.Ceremony] = err
			return r, nil, fieldErr("ceremony", "%v", err)
		}
		cache[r.Ceremony] = ch
	}
	c := ch.c
	if r.Unit == "" {
		return r, nil, fieldErr("unit", "未指定单位代码")
	}
	county, ok := unitCounty(c, r.Unit)
	if !ok {
		return r, nil, fieldErr("unit", "单位 %s 不在仪式 %s 当前的检查名单中(替换后的名单)", r.Unit, r.Ceremony)
	}
	r.County, r.Matter = county, c.Frame.Matter.Code
	r.Team = c.CurrentTeam(county)
	if err := checkDate("检查开始日期", r.Start, false); err != nil {
		return r, nil, fieldErr("start", "%v", err)
	}
	if err := checkDate("检查结束日期", r.End, false); err != nil {
		return r, nil, fieldErr("end", "%v", err)
	}
	if r.Start < c.Frame.DrawDate {
		return r, nil, fieldErr("start", "检查开始日期 %s 早于抽取日期 %s", r.Start, c.Frame.DrawDate)
	}
	if r.End < r.Start {
		return r, nil, fieldErr("end", "检查结束日期 %s 早于开始日期 %s", r.End, r.Start)
	}
	if r.End > today {
		return r, nil, fieldErr("end", "检查结束日期 %s 晚于今天 %s", r.End, today)
	}
	for _, code := range in.Codes {
		code = strings.TrimSpace(code)
		if code == "" {
			continue
		}
		if !slices.Contains(known, code) {
			return r, nil, fieldErr("codes", "检查结果 %q 不在标准结果及统计专项发现列表中", code)
		}
		if !slices.Contains(r.Codes, code) {
			r.Codes = append(r.Codes, code)
		}
	}
	if len(r.Codes) == 0 {
		return r, nil, fieldErr("codes", "至少需要一项检查结果")
	}
	if slices.Contains(r.Codes, CodeNoProblem) && Classify(r.Codes) == ClassProblem {
		return r, nil, fieldErr("codes", "“未发现问题”不能与发现问题的结果同时选择")
	}
	if r.EnteredBy == "" {
		return r, nil, fieldErr("entered_by", "未填写录入人")
	}
	if strings.ContainsAny(r.EnteredBy, "\t\r\n") {
		return r, nil, fieldErr("entered_by", "录入人中不能有制表符或换行")
	}
	var prev *Result
	if old, ok, err := readResult(txIndex{tx}, r.Ceremony, r.Unit); err != nil {
		return r, nil, err
	} else if ok {
		prev = &old
		r.Team = old.Team // the team that inspected it; a later substitution does not change that
		r.Published, r.PublishedBy, r.Dishonest = prev.Published, prev.PublishedBy, prev.Dishonest
		if r.Published != "" && r.Published < r.End {
			return r, nil, fieldErr("end", "检查结束日期 %s 晚于已登记的公示日期 %s", r.End, r.Published)
		}
	}
	return r, prev, nil
}

// publishedNote is ";已于 D 公示" for a published result, else "".
func publishedNote(r Result) string {
	if r.Published == "" {
		return ""
	}
	return ";已于 " + r.Published + " 公示"
}

// Result returns the result of one unit of a ceremony.
func (db *DB) Result(ceremony, unit string) (Result, bool, error) {
	var r Result
	var ok bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		if err := verifyIndexes(tx, bResults); err != nil {
			return err
		}
		r, ok, err = readResult(txIndex{tx}, ceremony, NormalizeUnitID(unit))
		return err
	})
	return r, ok, err
}

// Results returns the results of a ceremony in unit order, or of every
// ceremony when ceremony is "".
func (db *DB) Results(ceremony string) ([]Result, error) {
	var out []Result
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		out, err = readResults(tx, ceremony)
		return err
	})
	return out, err
}

func readResults(tx *bolt.Tx, ceremony string) ([]Result, error) {
	if err := verifyIndexes(tx, bResults); err != nil {
		return nil, err
	}
	var out []Result
	c := tx.Bucket(bResults).Cursor()
	var prefix []byte
	if ceremony != "" {
		prefix = []byte(ceremony + "\x00")
	}
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var r Result
		if err := json.Unmarshal(v, &r); err != nil {
			return nil, fmt.Errorf("读取检查结果 %q: %w", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// ResultRow is one current unit of a sealed ceremony with its result.
type ResultRow struct {
	County     string
	CountyName string
	Unit       string
	UnitName   string
	Team       []string // the team stored with the result, else the current one; leader first
	TeamNames  []string
	Result     *Result // nil until entered
}

// ResultSheet is a sealed ceremony's current units and their results.
type ResultSheet struct {
	ID       string
	Ceremony *sampling.Ceremony
	Rows     []ResultRow // in draw order, county by county
}

// ResultSheet loads a sealed ceremony's current units and results.
func (db *DB) ResultSheet(id string) (*ResultSheet, error) {
	s := &ResultSheet{ID: id}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c, err := loadSealed(tx, id)
		if err != nil {
			return err
		}
		s.Ceremony = c
		results, err := readResults(tx, id)
		if err != nil {
			return err
		}
		byUnit := map[string]*Result{}
		for i := range results {
			byUnit[results[i].Unit] = &results[i]
		}
		units, counties, inspectors := frameNames(c.Frame)
		teamNames := func(team []string) []string {
			names := make([]string, len(team))
			for i, id := range team {
				names[i] = nameOr(inspectors, id)
			}
			return names
		}
		for _, ud := range c.Result.Units {
			current := c.CurrentTeam(ud.County)
			for _, u := range c.CurrentUnits(ud.County) {
				// A unit already inspected shows the team stored with its
				// result: an inspector replaced later did not change who
				// inspected it.
				team := current
				if r := byUnit[u]; r != nil && len(r.Team) > 0 {
					team = r.Team
				}
				s.Rows = append(s.Rows, ResultRow{County: ud.County, CountyName: nameOr(counties, ud.County),
					Unit: u, UnitName: nameOr(units, u), Team: team, TeamNames: teamNames(team), Result: byUnit[u]})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("读取仪式 %s 的检查结果: %w", id, err)
	}
	return s, nil
}

func frameNames(f sampling.Frame) (units, counties, inspectors map[string]string) {
	units, counties, inspectors = map[string]string{}, map[string]string{}, map[string]string{}
	for _, u := range f.Units {
		units[u.ID] = u.Name
	}
	for _, c := range f.Counties {
		counties[c.ID] = c.Name
	}
	for _, in := range f.Inspectors {
		inspectors[in.ID] = in.Name
	}
	return
}

func nameOr(m map[string]string, id string) string {
	if n := m[id]; n != "" {
		return n
	}
	return id
}

// Estimate methods.
const (
	EstimateWilsonFPC = "wilson_fpc" // one county in the frame: SRSWOR of its units
	EstimateTwoStage  = "two_stage"  // counties, then units within them
)

// Estimate is the estimated share of units with problems in the frame a
// ceremony drew from, with its 95 % interval. See Classify for which codes
// count as problems and package estimate for the formulas.
type Estimate struct {
	Method      string
	P, Lo, Hi   float64
	HasInterval bool // false: only the point estimate could be computed
	// Degenerate: the interval is a point although not every unit was
	// inspected (e.g. no problem found anywhere); it is not certainty.
	Degenerate bool
	K          int // eligible counties in the frame
	Drawn      int // counties contributing (with at least one classified result)
	N          int // eligible units in the frame
	Inspected  int // classified results used (Σ m_i)
	Problems   int // Σ y_i
	// Unclassified results (UnclassifiedCodes only) left out of m_i;
	// Pending current units without a result yet.
	Unclassified, Pending int
	Counties              []estimate.County
	// Note explains a missing interval or left-out counties, in Chinese.
	Note string
}

// Text is the estimate in one Chinese line.
func (e Estimate) Text() string {
	pct := func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }
	method := "两阶段比率估计"
	if e.Method == EstimateWilsonFPC {
		method = "Wilson 区间(有限总体校正)"
	}
	s := fmt.Sprintf("问题单位占比估计 %s", pct(e.P))
	if e.HasInterval {
		s += fmt.Sprintf(",95%% 区间 %s–%s", pct(e.Lo), pct(e.Hi))
	} else {
		s += ",无法给出区间"
	}
	s += fmt.Sprintf("(%s;名录 %d 县 %d 个单位,%d 县已检查 %d 个单位,其中 %d 个有问题", method, e.K, e.N, e.Drawn, e.Inspected, e.Problems)
	if e.Unclassified > 0 {
		s += fmt.Sprintf(",%d 个无法判定未计入", e.Unclassified)
	}
	if e.Pending > 0 {
		s += fmt.Sprintf(",%d 个尚未录入结果", e.Pending)
	}
	s += ")"
	if e.Degenerate {
		s += ";所查单位结果全部相同,区间为一点,不代表没有不确定性"
	}
	if e.Note != "" {
		s += ";" + e.Note
	}
	return s
}

// EstimateOf computes the estimate of a sealed ceremony from its results:
//
//   - K is the number of counties in the frame (each has at least one
//     eligible unit), M_i the eligible units of county i in the frame,
//     N = Σ M_i over all K;
//   - for each drawn county, m_i counts its current units whose result is
//     ClassProblem or ClassNoProblem and y_i those ClassProblem; results
//     for units no longer current, ClassUnclassified results and missing
//     results are left out; a county with m_i = 0 is left out entirely;
//   - K = 1: estimate.WilsonFPC(Σy, Σm, N, 1.96);
//   - otherwise estimate.TwoStage{K, M0: N, Counties}; with only one
//     county contributing, the point estimate only, and Note says whether
//     one county was drawn or only one of the drawn counties has usable
//     results so far.
func EstimateOf(c *sampling.Ceremony, results []Result) (Estimate, error) {
	e := Estimate{K: len(c.Frame.Counties)}
	M := map[string]int{}
	for _, u := range c.Frame.Units {
		M[u.County]++
		e.N++
	}
	byUnit := map[string]Result{}
	for _, r := range results {
		byUnit[r.Unit] = r
	}
	names := map[string]string{}
	for _, ct := range c.Frame.Counties {
		names[ct.ID] = ct.Name
	}
	none, unjudged := 0, 0 // drawn counties without any result; with only unclassified ones
	for _, ud := range c.Result.Units {
		ec := estimate.County{Name: nameOr(names, ud.County), M: M[ud.County]}
		hasResult := false
		for _, u := range c.CurrentUnits(ud.County) {
			r, ok := byUnit[u]
			if !ok {
				e.Pending++
				continue
			}
			hasResult = true
			switch r.Class() {
			case ClassUnclassified:
				e.Unclassified++
			case ClassProblem:
				ec.Sampled++
				ec.Problems++
			default:
				ec.Sampled++
			}
		}
		switch {
		case ec.Sampled > 0:
			e.Counties = append(e.Counties, ec)
			e.Inspected += ec.Sampled
			e.Problems += ec.Problems
		case hasResult:
			unjudged++
		default:
			none++
		}
	}
	e.Drawn = len(e.Counties)
	var why []string // why some drawn counties are left out
	if none > 0 {
		why = append(why, fmt.Sprintf("%d 个县尚无结果", none))
	}
	if unjudged > 0 {
		why = append(why, fmt.Sprintf("%d 个县的结果均无法判定", unjudged))
	}
	if len(why) > 0 {
		e.Note = fmt.Sprintf("抽中的 %d 个县中%s,估计只用有可用结果的县", len(c.Result.Units), strings.Join(why, ","))
	}
	if e.Inspected == 0 {
		return e, &EstimateError{Reason: errors.New("尚无可用于估计的检查结果")}
	}
	if e.K == 1 {
		e.Method = EstimateWilsonFPC
		p, lo, hi, err := estimate.WilsonFPC(e.Problems, e.Inspected, e.N, estimate.Z95)
		if err != nil {
			return e, &EstimateError{Reason: chineseOnly(err)}
		}
		e.P, e.Lo, e.Hi, e.HasInterval = p, lo, hi, true
		e.Degenerate = lo == hi && e.Inspected < e.N
		return e, nil
	}
	e.Method = EstimateTwoStage
	r, err := estimate.TwoStage(estimate.TwoStageInput{K: e.K, M0: e.N, Counties: e.Counties})
	if errors.Is(err, estimate.ErrTooFewCounties) {
		// Say which it is: one county drawn, or several drawn and only one
		// with results so far.
		e.P = r.P
		const noInterval = "无法估计县间方差,只能给出点估计"
		if len(c.Result.Units) == 1 {
			e.Note = fmt.Sprintf("合格县 %d 个中只抽取了 1 个县,%s", e.K, noInterval)
		} else {
			e.Note = fmt.Sprintf("抽中的 %d 个县中目前只有 1 个县有可用于估计的检查结果(%s),%s", len(c.Result.Units), strings.Join(why, ","), noInterval)
		}
		return e, nil
	}
	if err != nil {
		return e, &EstimateError{Reason: chineseOnly(err)}
	}
	e.P, e.Lo, e.Hi, e.Degenerate = r.P, r.Lo, r.Hi, r.Degenerate
	e.HasInterval = !math.IsNaN(r.Lo)
	return e, nil
}

// chineseOnly presents an error of package estimate, written "中文 (English)"
// with full-width punctuation, in the store's Chinese style: the English
// at the end is dropped and the punctuation made that of the other
// messages. errors.Is and errors.As still see err.
func chineseOnly(err error) error {
	msg := err.Error()
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") && isASCII(msg[i:]) {
		msg = msg[:i]
	}
	msg = strings.NewReplacer("，", ",", "；", ";", "：", ": ", "（", "(", "）", ")").Replace(msg)
	return &restated{msg: msg, err: err}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

type restated struct {
	msg string
	err error
}

func (e *restated) Error() string { return e.msg }
func (e *restated) Unwrap() error { return e.err }

// EstimateCeremony loads a sealed ceremony and its results and computes
// the estimate.
func (db *DB) EstimateCeremony(id string) (Estimate, error) {
	var c *sampling.Ceremony
	var results []Result
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		if c, err = loadSealed(tx, id); err != nil {
			return err
		}
		results, err = readResults(tx, id)
		return err
	})
	if err != nil {
		return Estimate{}, err
	}
	return EstimateOf(c, results)
}
