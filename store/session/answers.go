package session

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/excel"
)

// Answers are everything the operator and the witnesses would type during
// a ceremony, so that the headless draw command can run one from a file.
type Answers struct {
	Matter              string             `json:"matter"`         // matter code
	MatterVersion       int                `json:"matter_version"` // 0 = latest
	DrawDate            string             `json:"draw_date"`      // YYYY-MM-DD
	Info                sampling.Info      `json:"info"`
	Params              sampling.Params    `json:"params"`
	NoRepeatMonths      int                `json:"no_repeat_months"` // 0 = 36; negative = off
	DirectReportingOnly bool               `json:"direct_reporting_only"`
	Witnesses           []sampling.Witness `json:"witnesses"`
	// Directed makes the ceremony a directed one (定向检查, SPEC.md §12)
	// in place of the county and unit counts of params: "key" (重点单位 not
	// inspected this year), "dishonest" (严重失信 not inspected this
	// half-year) or "list" (the units of List or ListFile, given with
	// Reason and ListSource). Reason may be left out for key and dishonest.
	Directed   string   `json:"directed,omitempty"`
	Reason     string   `json:"reason,omitempty"`
	List       []string `json:"list,omitempty"`
	ListFile   string   `json:"list_file,omitempty"`
	ListSource string   `json:"list_source,omitempty"`
	// DirectedCounties keeps a directed draw to these county codes (one
	// team per county; the rest stays in coverage for another draw).
	DirectedCounties []string `json:"directed_counties,omitempty"`
	// Partner names the department of a joint check (跨部门联合抽查).
	Partner string `json:"partner,omitempty"`
}

// ReadAnswers decodes an answers file strictly: an unknown field is an
// error, so that a misspelt parameter is never silently ignored. The
// decoded answers are then checked on their own (see Check, without a
// today: callers that know the date call CheckDrawDate too).
func ReadAnswers(r io.Reader) (Answers, error) {
	var a Answers
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	if err := d.Decode(&a); err != nil {
		return Answers{}, fmt.Errorf("读取应答文件: %w", err)
	}
	if err := a.Check(""); err != nil {
		return Answers{}, err
	}
	return a, nil
}

// Check validates the answers on their own, before anything is written
// to the database: the matter and the draw date are given (and the date,
// when today is not "", is not after today), the parameters are valid as
// far as they can be without the library, and every witness has what the
// witness step would accept (a name, ASCII digits only) with at least the
// minimum number of digits in total. The frame-dependent checks (leaders,
// feasibility) are made by Run before the ceremony is created.
func (a Answers) Check(today string) error {
	switch {
	case strings.TrimSpace(a.Matter) == "":
		return fmt.Errorf("应答文件缺少 matter(抽查事项编码)")
	case a.MatterVersion < 0:
		return fmt.Errorf("应答文件的 matter_version(事项版本)不能为负,现为 %d", a.MatterVersion)
	case a.DrawDate == "":
		return fmt.Errorf("应答文件缺少 draw_date(抽取日期)")
	}
	if err := a.CheckDrawDate(today); err != nil {
		return err
	}
	if a.Info.MinDigits < 0 {
		return fmt.Errorf("应答文件的 info.min_digits(见证数字最少位数)不能为负,现为 %d", a.Info.MinDigits)
	}
	if err := CheckWitnesses(a.Witnesses, a.Info.MinDigits); err != nil {
		return err
	}
	// The parameters on their own: designated leaders can only be checked
	// against the library's inspectors, so they wait for the frame.
	p := a.Params
	p.Leaders = nil
	if err := a.checkDirected(); err != nil {
		return err
	}
	if a.Directed != "" {
		p.Counties, p.UnitsPerCounty, p.UnitsOverride, p.Method = 1, 1, nil, sampling.MethodSimple // set from the frame
	}
	if err := (sampling.Frame{DrawDate: a.DrawDate, Params: p}).ValidateParams(); err != nil {
		return fmt.Errorf("应答文件的参数(params): %w", err)
	}
	return nil
}

// checkDirected checks the directed and joint members on their own.
func (a Answers) checkDirected() error {
	if a.Partner != strings.TrimSpace(a.Partner) || strings.ContainsAny(a.Partner, "\t\r\n") {
		return fmt.Errorf("应答文件的 partner(联合检查部门)首尾不能有空白,也不能换行: %q", a.Partner)
	}
	hasList := len(a.List) > 0 || a.ListFile != ""
	switch a.Directed {
	case "":
		if hasList || a.Reason != "" || a.ListSource != "" || len(a.DirectedCounties) > 0 {
			return fmt.Errorf("应答文件给了 list、list_file、reason、list_source 或 directed_counties,但没有 \"directed\"(定向检查)")
		}
		return nil
	case sampling.DirectedKey, sampling.DirectedDishonest:
		if hasList {
			return fmt.Errorf("应答文件: \"directed\": %q 的单位由名录库确定,不能再给 list 或 list_file", a.Directed)
		}
	case sampling.DirectedList:
		switch {
		case !hasList:
			return fmt.Errorf("应答文件: \"directed\": \"list\" 须给出 list(单位代码列表)或 list_file(名单文件)")
		case len(a.List) > 0 && a.ListFile != "":
			return fmt.Errorf("应答文件: list 和 list_file 只能给一个")
		case strings.TrimSpace(a.Reason) == "":
			return fmt.Errorf("应答文件: 指定名单的定向检查须写明 reason(理由)")
		case strings.TrimSpace(a.ListSource) == "" && a.ListFile == "":
			return fmt.Errorf("应答文件: 指定名单的定向检查须写明 list_source(名单来源)")
		}
	default:
		return fmt.Errorf("应答文件的 directed %q 无效,应为 key(重点单位)、dishonest(严重失信)或 list(指定名单)", a.Directed)
	}
	if a.Params.Counties != 0 || a.Params.UnitsPerCounty != 0 || len(a.Params.UnitsOverride) > 0 {
		return fmt.Errorf("应答文件: 定向检查检查名单中的每一个单位,不能再给 params.counties、units_per_county 或 units_override")
	}
	return nil
}

// directedQuery fills the directed and joint part of a frame query: the
// reason the program writes for key and dishonest, and the list read from
// its file (its source then names the file) when one is given.
func (a Answers) directedQuery(q *store.FrameQuery) error {
	q.Partner = a.Partner
	if a.Directed == "" {
		return nil
	}
	d := &sampling.Directed{Kind: a.Directed, Reason: strings.TrimSpace(a.Reason), Source: strings.TrimSpace(a.ListSource)}
	if d.Reason == "" {
		d.Reason = store.DirectedReason(a.Directed, a.DrawDate)
	}
	q.Directed, q.DirectedCounties = d, a.DirectedCounties
	for _, id := range a.List {
		q.List = append(q.List, strings.TrimSpace(id)) // as a file's cells are
	}
	if a.ListFile != "" {
		list, err := excel.ReadIDList(a.ListFile)
		if err != nil {
			return err
		}
		q.List = list
		if d.Source == "" {
			d.Source = filepath.Base(a.ListFile)
		} else {
			d.Source += "(" + filepath.Base(a.ListFile) + ")"
		}
	}
	return nil
}

// CheckDrawDate checks that the draw date is a date and, when today is not
// "", that it is not after today: results can only be entered for a draw
// that has taken place.
func (a Answers) CheckDrawDate(today string) error {
	if err := store.CheckDate("抽取日期", a.DrawDate); err != nil {
		return err
	}
	if today != "" && a.DrawDate > today {
		return fmt.Errorf("抽取日期 %s 晚于今天 %s", a.DrawDate, today)
	}
	return nil
}

// CheckWitnesses checks a list of witnesses as the witness and seed steps
// would, before any of them is recorded: at least one witness, each with a
// name and digits 0-9 only, and at least minDigits digits in total (0
// means sampling.DefaultMinDigits). An error names the witness by number
// and name.
func CheckWitnesses(witnesses []sampling.Witness, minDigits int) error {
	if len(witnesses) == 0 {
		return fmt.Errorf("应答文件没有见证人")
	}
	if minDigits == 0 {
		minDigits = sampling.DefaultMinDigits
	}
	total := 0
	for i, w := range witnesses {
		name := strings.TrimSpace(w.Name)
		who := fmt.Sprintf("第 %d 名见证人", i+1)
		if name != "" {
			who += " " + name
		}
		if name == "" {
			return fmt.Errorf("%s: 姓名为空", who)
		}
		if err := sampling.CheckDigits(w.Digits); err != nil {
			return fmt.Errorf("%s的数字 %q: %w", who, w.Digits, err)
		}
		// Whatever else the witness step itself refuses.
		probe := sampling.Ceremony{Phase: sampling.PhaseWitnesses}
		if _, _, err := probe.AddWitness(w); err != nil {
			return fmt.Errorf("%s: %w", who, err)
		}
		total += len(w.Digits)
	}
	if total < minDigits {
		return fmt.Errorf("见证人共输入 %d 位数字(%d 名),至少需要 %d 位", total, len(witnesses), minDigits)
	}
	return nil
}

// Prepare builds the info and the eligible frame the answers ask for.
func Prepare(db *store.DB, a Answers) (sampling.Info, sampling.Frame, error) {
	q := store.FrameQuery{
		MatterCode:          a.Matter,
		MatterVersion:       a.MatterVersion,
		DrawDate:            a.DrawDate,
		Params:              a.Params,
		NoRepeatMonths:      a.NoRepeatMonths,
		DirectReportingOnly: a.DirectReportingOnly,
	}
	if err := a.directedQuery(&q); err != nil {
		return sampling.Info{}, sampling.Frame{}, err
	}
	frame, ex, err := db.EligibleFrame(q)
	if err != nil {
		return sampling.Info{}, sampling.Frame{}, err // EligibleFrame names itself (生成抽取名录…)
	}
	info := a.Info
	info.Exclusions = InfoExclusions(ex)
	if info.NoRepeatMonths == 0 {
		info.NoRepeatMonths = a.NoRepeatMonths
		if info.NoRepeatMonths == 0 {
			info.NoRepeatMonths = store.DefaultNoRepeatMonths
		}
	}
	if a.Directed != "" {
		info.NoRepeatMonths = 0 // the no-repeat rule does not apply (SPEC.md §12)
	}
	if m, err := db.Matter(a.Matter, a.MatterVersion); err == nil {
		if info.MatterBasis == "" {
			info.MatterBasis = m.Basis
		}
		if info.MatterContent == "" {
			info.MatterContent = m.Content
		}
	}
	return info, frame, nil
}

// Run carries a ceremony through to its seal from answers. With resume
// set it continues that stored ceremony instead of starting one: the
// answers must agree with every step already stored (frame, witnesses),
// and only what is missing is done. afterStep, if not nil, is called after
// every committed step (tests use it to pull the plug).
//
// Everything that can be checked before the ceremony exists is checked
// first (the answers on their own, the frame and its parameters, a resumed
// ceremony's state), so that bad answers leave nothing behind. A step that
// still fails later leaves an open ceremony: the error names it and says
// how to resume or abandon it. Run does not know today's date; the caller
// checks the draw date with Answers.CheckDrawDate.
func Run(db *store.DB, a Answers, resume string, afterStep func(*Session)) (*Session, error) {
	if err := a.Check(""); err != nil {
		return nil, err
	}
	var s *Session
	if resume != "" {
		var err error
		if s, err = Resume(db, resume); err != nil {
			return nil, err
		}
		if err := s.resumable(a); err != nil {
			return nil, err
		}
	}
	info, frame, err := Prepare(db, a)
	if err != nil {
		return nil, err
	}
	if err := frame.ValidateParams(); err != nil {
		return nil, fmt.Errorf("应答文件的参数(params): %w", err)
	}
	if s == nil {
		if s, err = Start(db, info, frame); err != nil {
			return nil, err
		}
	} else if err := s.agrees(frame, a.Witnesses); err != nil {
		return nil, err
	}
	hook := func() {
		if afterStep != nil {
			afterStep(s)
		}
	}
	hook()
	for s.c.Phase != sampling.PhaseSealed {
		switch s.c.Phase {
		case sampling.PhaseWitnesses:
			n := len(s.c.Witnesses)
			if n < len(a.Witnesses) {
				err = s.AddWitness(a.Witnesses[n])
			} else {
				err = s.FixSeed()
			}
		case sampling.PhaseAbandoned:
			return nil, fmt.Errorf("仪式 %s 已放弃: %s", s.id, s.c.Abandoned)
		default:
			err = s.Next()
		}
		if err != nil {
			return nil, &UnfinishedError{ID: s.id, Err: err}
		}
		hook()
	}
	return s, nil
}

// UnfinishedError is a step of Run that failed after the ceremony was
// created: the ceremony stays open, to be resumed or abandoned.
type UnfinishedError struct {
	ID  string
	Err error
}

func (e *UnfinishedError) Error() string {
	return fmt.Sprintf("%v\n仪式 %s 尚未完成,已完成的步骤均已保存:可用同一应答文件运行 draw --resume %s 继续,或在见证抽取界面(app)中打开它并按 esc 放弃",
		e.Err, e.ID, e.ID)
}

func (e *UnfinishedError) Unwrap() error { return e.Err }

// resumable refuses to resume a ceremony that is over (sealed or
// abandoned), or whose minimum of witness digits the answers fall short of.
func (s *Session) resumable(a Answers) error {
	switch s.c.Phase {
	case sampling.PhaseSealed:
		return fmt.Errorf("仪式 %s 已封存(校验码 %s),无需也不能继续抽取;导出其记录: record %s -o 记录.json",
			s.id, s.c.VerificationCode(), s.id)
	case sampling.PhaseAbandoned:
		return fmt.Errorf("仪式 %s 已放弃(理由: %s),不能继续;要重新抽取,请不带 --resume 运行 draw", s.id, s.c.Abandoned)
	case sampling.PhaseWitnesses:
		if err := CheckWitnesses(a.Witnesses, s.c.Info.MinDigits); err != nil {
			return fmt.Errorf("仪式 %s: %w", s.id, err)
		}
	}
	return nil
}

// agrees checks that a resumed ceremony is the one the answers describe:
// the same frame fingerprint, and the stored witnesses are the first ones
// of the answers, in order.
func (s *Session) agrees(frame sampling.Frame, witnesses []sampling.Witness) error {
	fp, err := frame.Fingerprint()
	if err != nil {
		return err
	}
	if fp != s.c.Fingerprint {
		return fmt.Errorf("仪式 %s 固定的名录库指纹 %s 与应答文件现在生成的 %s 不同:名录库或参数已改变", s.id, s.c.Fingerprint, fp)
	}
	if len(s.c.Witnesses) > len(witnesses) {
		return fmt.Errorf("仪式 %s 已登记 %d 名见证人,应答文件只有 %d 名", s.id, len(s.c.Witnesses), len(witnesses))
	}
	for i, w := range s.c.Witnesses {
		a := witnesses[i]
		if w.Name != strings.TrimSpace(a.Name) || w.Role != strings.TrimSpace(a.Role) || w.Digits != a.Digits {
			return fmt.Errorf("仪式 %s 第 %d 名见证人已登记为 %s(%s),应答文件中为 %s(%s)", s.id, i+1, w.Name, w.Digits, a.Name, a.Digits)
		}
	}
	return nil
}

// recordJSON is the canonical byte form of a record file.
func recordJSON(r sampling.Record) ([]byte, error) {
	var b bytes.Buffer
	if err := writeRecordJSON(&b, r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeRecordJSON writes r as a record file: indented JSON as
// json.Encoder with SetIndent("", "  ") writes it, trailing newline, byte
// for byte; but the steps are written one at a time and each payload
// straight from its bytes into base64, so that the commit of a large
// library (hundreds of megabytes at ten million units) is not copied
// three times over (marshalled, indented, buffered) to export it.
func writeRecordJSON(w io.Writer, r sampling.Record) error {
	steps := r.Steps
	if steps != nil {
		r.Steps = []sampling.Step{} // "steps": [], then filled in
	}
	head, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	const empty = `"steps": []` + "\n}"
	if steps != nil && !bytes.HasSuffix(head, []byte(empty)) {
		return fmt.Errorf("记录的 JSON 不以 steps 结束 (the record's JSON does not end with its steps)")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if len(steps) == 0 {
		bw.Write(head)
	} else {
		bw.Write(head[:len(head)-len(empty)])
		bw.WriteString(`"steps": [`)
		for i, s := range steps {
			if i > 0 {
				bw.WriteByte(',')
			}
			if err := writeStepJSON(bw, s); err != nil {
				return err
			}
		}
		bw.WriteString("\n  ]\n}")
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// writeStepJSON writes one step as an element of the record's steps.
func writeStepJSON(w *bufio.Writer, s sampling.Step) error {
	str := func(v string) []byte {
		b, _ := json.Marshal(v) // a string always marshals
		return b
	}
	fmt.Fprintf(w, "\n    {\n      \"seq\": %d,\n      \"kind\": %s,\n      \"at\": %s,\n      \"payload\": ", s.Seq, str(s.Kind), str(s.At))
	if s.Payload == nil {
		w.WriteString("null")
	} else {
		w.WriteByte('"')
		enc := base64.NewEncoder(base64.StdEncoding, w)
		enc.Write(s.Payload)
		if err := enc.Close(); err != nil {
			return err
		}
		w.WriteByte('"')
	}
	fmt.Fprintf(w, ",\n      \"prev\": %s,\n      \"hash\": %s\n    }", str(s.Prev), str(s.Hash))
	return nil
}

// RecordJSON returns the record of a sealed ceremony as the bytes of a
// record file (indented JSON, trailing newline).
func (s *Session) RecordJSON() ([]byte, error) {
	r, err := s.Record()
	if err != nil {
		return nil, err
	}
	return recordJSON(r)
}

// WriteRecord writes the record of a sealed ceremony to w, the bytes
// RecordJSON returns, without holding them all.
func (s *Session) WriteRecord(w io.Writer) error {
	r, err := s.Record()
	if err != nil {
		return err
	}
	return writeRecordJSON(w, r)
}
