package sampling

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// After-seal entries (SPEC.md §10): what happens to a sealed draw is
// appended to the same chain, one step per event, never updated in place.
// Every entry step has the payload Entry; its Data is the kind's record.
const (
	StepResult         = "result"          // a result entered for a current unit (ResultData)
	StepPublication    = "publication"     // the date a result was published (PublicationData)
	StepPenalty        = "penalty"         // an administrative penalty decision (PenaltyData)
	StepTransfer       = "transfer"        // a case transferred to another body (TransferData)
	StepTransferStatus = "transfer_status" // a transfer moves forward (TransferStatusData)
	StepDishonest      = "dishonest"       // the unit marked seriously dishonest (DishonestData)
	// StepPenaltyPublication: the date a penalty was published (双公示;
	// PenaltyPublicationData).
	StepPenaltyPublication = "penalty_publication"
)

// EntryKinds are the after-seal kinds besides StepSubstitute, in SPEC order.
var EntryKinds = []string{StepResult, StepPublication, StepPenalty, StepTransfer, StepTransferStatus, StepDishonest, StepPenaltyPublication}

// AfterSeal reports whether a step of this kind may follow the seal.
func AfterSeal(kind string) bool {
	return kind == StepSubstitute || slices.Contains(EntryKinds, kind)
}

// TransferStatuses in the order a transfer moves through them; a
// transfer_status entry only moves forward.
var TransferStatuses = []string{"待移送", "已移送", "已受理", "已办结"}

// Entry is the payload of every after-seal step but a substitution.
//
// Subject names what the entry is about: the unit for result, publication
// and dishonest; the decision number for penalty and penalty_publication;
// the transfer id for
// transfer and transfer_status. Corrects is 0 for a first entry, else the
// seq of the entry of the same kind and subject that this one replaces,
// which must be the current one; a correction needs a Reason.
type Entry struct {
	Subject  string          `json:"subject"`
	Unit     string          `json:"unit"`
	Corrects uint64          `json:"corrects"`
	Reason   string          `json:"reason"`
	Operator string          `json:"operator"`
	Data     json.RawMessage `json:"data"`
}

// ResultData is the Data of a result entry. Team is the team that
// inspected the unit, leader first: the county's current team when the
// result is first entered.
type ResultData struct {
	County string   `json:"county"`
	Matter string   `json:"matter"`
	Start  string   `json:"start"`
	End    string   `json:"end"`
	Team   []string `json:"team"`
	Codes  []string `json:"codes"`
	Notes  string   `json:"notes"`
}

// PublicationData is the Data of a publication entry.
type PublicationData struct {
	Date string `json:"date"`
}

// PenaltyData is the Data of a penalty entry: the 信用中国 双公示 fields,
// with the unit's legal representative (法定代表人) and principal
// (主要负责人), whom joint punishment (联合惩戒) names; either may be "".
type PenaltyData struct {
	Name          string `json:"name"`
	USCC          string `json:"uscc"`
	LegalRep      string `json:"legal_rep"`
	Principal     string `json:"principal"`
	DecisionNo    string `json:"decision_no"`
	ViolationType string `json:"violation_type"`
	Facts         string `json:"facts"`
	Basis         string `json:"basis"`
	Category      string `json:"category"`
	Content       string `json:"content"`
	FineWan       string `json:"fine_wan"`
	DecisionDate  string `json:"decision_date"`
	PublicUntil   string `json:"public_until"`
	Authority     string `json:"authority"`
	AuthorityUSCC string `json:"authority_uscc"`
	Source        string `json:"source"`
}

// PenaltyPublicationData is the Data of a penalty_publication entry.
type PenaltyPublicationData struct {
	Date string `json:"date"`
}

// TransferData is the Data of a transfer entry.
type TransferData struct {
	Kind   string `json:"kind"` // 有关部门 or 公安机关
	To     string `json:"to"`
	Reason string `json:"reason"`
	Status string `json:"status"`
	Date   string `json:"date"`
}

// TransferStatusData is the Data of a transfer_status entry.
type TransferStatusData struct {
	Status string `json:"status"`
	Date   string `json:"date"`
	Note   string `json:"note"`
}

// DishonestData is the Data of a dishonest entry; To is "" when open-ended.
type DishonestData struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// EntryStep is one applied entry with its step.
type EntryStep struct {
	Seq   uint64
	Kind  string
	At    string
	Hash  string
	Entry Entry
	// data is Entry.Data as checkData decoded it when the step was
	// applied (a value of this file's *Data types).
	data any
}

// Ledger is the state of the after-seal entries of one chain.
type Ledger struct {
	Entries []EntryStep       // in chain order
	current map[string]int    // kind NUL subject → index in Entries of the current entry
	status  map[string]string // transfer id → current status
	last    map[string]string // transfer id → date of its latest status
}

func ledgerKey(kind, subject string) string { return kind + "\x00" + subject }

// Current returns the current entry of kind about subject.
func (l *Ledger) Current(kind, subject string) (EntryStep, bool) {
	i, ok := l.current[ledgerKey(kind, subject)]
	if !ok {
		return EntryStep{}, false
	}
	return l.Entries[i], true
}

// MarshalEntry builds the payload of an entry step with data as its Data.
func MarshalEntry(kind string, e Entry, data any) ([]byte, error) {
	d, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("编码 %s 步骤: %w", kind, err)
	}
	e.Data = d
	_, b, err := marshalStep(kind, e)
	return b, err
}

// DecodeData decodes an entry's Data strictly into v.
func DecodeData(e Entry, v any) error { return strictUnmarshal(e.Data, v) }

func checkDay(what, s string) error {
	if _, err := time.Parse("2006-01-02", s); err != nil || len(s) != 10 {
		return fmt.Errorf("%s %q 不是 YYYY-MM-DD 日期", what, s)
	}
	return nil
}

func cleanText(what, s string, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return fmt.Errorf("%s为空", what)
	}
	if s != strings.TrimSpace(s) || strings.ContainsAny(s, "\t\r\n") {
		return fmt.Errorf("%s %q 前后有空白或含有制表符、换行", what, s)
	}
	return nil
}

// ApplyEntry checks one entry step against the rules of SPEC.md §10 and
// records it. c is the sealed ceremony the chain belongs to, nil for a
// stand-alone log (penalties that follow from no ceremony), where only
// penalty entries are allowed.
func (l *Ledger) ApplyEntry(c *Ceremony, s Step) error {
	var e Entry
	if err := strictUnmarshal(s.Payload, &e); err != nil {
		return err
	}
	if err := cleanText("subject", e.Subject, true); err != nil {
		return err
	}
	if err := cleanText("unit", e.Unit, false); err != nil {
		return err
	}
	if err := cleanText("操作人 (operator)", e.Operator, true); err != nil {
		return err
	}
	if err := cleanText("理由 (reason)", e.Reason, e.Corrects != 0); err != nil {
		return err
	}
	if !json.Valid(e.Data) || len(e.Data) == 0 || e.Data[0] != '{' {
		return fmt.Errorf("data 不是 JSON 对象")
	}
	if l.current == nil {
		l.current, l.status, l.last = map[string]int{}, map[string]string{}, map[string]string{}
	}
	key := ledgerKey(s.Kind, e.Subject)
	cur, has := l.current[key]
	switch {
	case s.Kind == StepTransferStatus && e.Corrects != 0:
		return fmt.Errorf("移送状态变更不是更正,corrects 须为 0")
	case e.Corrects == 0 && has && s.Kind != StepTransferStatus:
		return fmt.Errorf("%s %s 已有第 %d 步的记录,再次记录须是更正(corrects 指向第 %d 步,并写明理由)", s.Kind, e.Subject, l.Entries[cur].Seq, l.Entries[cur].Seq)
	case e.Corrects != 0 && !has:
		return fmt.Errorf("更正指向第 %d 步,但此前没有 %s %s 的记录", e.Corrects, s.Kind, e.Subject)
	case e.Corrects != 0 && l.Entries[cur].Seq != e.Corrects:
		return fmt.Errorf("更正指向第 %d 步,而 %s %s 当前的记录是第 %d 步", e.Corrects, s.Kind, e.Subject, l.Entries[cur].Seq)
	}
	if c == nil && s.Kind != StepPenalty && s.Kind != StepPenaltyPublication {
		return fmt.Errorf("独立日志中只能有 penalty 和 penalty_publication 步骤")
	}
	d, err := l.checkData(c, s.Kind, e)
	if err != nil {
		return err
	}
	if want, err := MarshalEntry(s.Kind, e, d); err != nil || !bytes.Equal(want, s.Payload) {
		return fmt.Errorf("内容不是规范写法(成员齐全、按规定顺序、无空格,见 SPEC §10) (payload not written the one way SPEC §10 gives)")
	}
	l.Entries = append(l.Entries, EntryStep{Seq: s.Seq, Kind: s.Kind, At: s.At, Hash: s.Hash, Entry: e, data: d})
	if s.Kind != StepTransferStatus {
		l.current[key] = len(l.Entries) - 1
	}
	return nil
}

// result is the current result of unit and its data.
func (l *Ledger) result(unit string) (ResultData, bool) {
	st, ok := l.Current(StepResult, unit)
	if !ok {
		return ResultData{}, false
	}
	return st.data.(ResultData), true
}

func (l *Ledger) needResult(unit string) (ResultData, error) {
	r, ok := l.result(unit)
	if !ok {
		return r, fmt.Errorf("单位 %s 没有检查结果", unit)
	}
	return r, nil
}

// decodeUnitEntry decodes the Data of an entry about one unit (a result,
// its publication, a dishonest mark), whose subject is that unit, into v.
func decodeUnitEntry(e Entry, v any) error {
	if err := DecodeData(e, v); err != nil {
		return err
	}
	if e.Unit != e.Subject {
		return fmt.Errorf("unit %q 与 subject %q 不同", e.Unit, e.Subject)
	}
	return nil
}

// checkData checks an entry's Data against the rules of its kind and
// returns it decoded (a *Data struct of this file's types).
func (l *Ledger) checkData(c *Ceremony, kind string, e Entry) (any, error) {
	switch kind {
	case StepResult:
		var d ResultData
		if err := decodeUnitEntry(e, &d); err != nil {
			return nil, err
		}
		if !slices.Contains(c.CurrentUnits(d.County), e.Unit) {
			return nil, fmt.Errorf("单位 %s 不在 %s 当前的检查名单中", e.Unit, d.County)
		}
		if d.Matter != c.Frame.Matter.Code {
			return nil, fmt.Errorf("事项 %q 不是本次抽取的事项 %q", d.Matter, c.Frame.Matter.Code)
		}
		if len(d.Team) == 0 {
			return nil, fmt.Errorf("没有检查组")
		}
		byID := c.inspectorsByID()
		for _, id := range d.Team {
			if _, ok := byID[id]; !ok {
				return nil, fmt.Errorf("检查组成员 %q 不在名录中", id)
			}
		}
		if err := checkDay("start", d.Start); err != nil {
			return nil, err
		}
		if err := checkDay("end", d.End); err != nil {
			return nil, err
		}
		if d.Start < c.Frame.DrawDate || d.End < d.Start {
			return nil, fmt.Errorf("检查日期 %s 至 %s 早于抽取日期 %s 或先后颠倒", d.Start, d.End, c.Frame.DrawDate)
		}
		if len(d.Codes) == 0 {
			return nil, fmt.Errorf("没有检查结果代码")
		}
		for _, code := range d.Codes {
			if err := cleanText("检查结果", code, true); err != nil {
				return nil, err
			}
		}
		if p, ok := l.Current(StepPublication, e.Unit); ok {
			if pd := p.data.(PublicationData); d.End > pd.Date {
				return nil, fmt.Errorf("检查结束日期 %s 晚于已登记的公示日期 %s", d.End, pd.Date)
			}
		}
		return d, nil
	case StepPublication:
		var d PublicationData
		if err := decodeUnitEntry(e, &d); err != nil {
			return nil, err
		}
		r, err := l.needResult(e.Unit)
		if err != nil {
			return nil, err
		}
		if err := checkDay("公示日期", d.Date); err != nil {
			return nil, err
		}
		if d.Date < r.End {
			return nil, fmt.Errorf("公示日期 %s 早于检查结束日期 %s", d.Date, r.End)
		}
		return d, nil
	case StepPenalty:
		var d PenaltyData
		if err := DecodeData(e, &d); err != nil {
			return nil, err
		}
		if d.DecisionNo != e.Subject {
			return nil, fmt.Errorf("决定书文号 %q 与 subject %q 不同", d.DecisionNo, e.Subject)
		}
		if e.Unit != "" {
			if _, err := l.needResult(e.Unit); err != nil {
				return nil, err
			}
		}
		if err := checkDay("处罚决定日期", d.DecisionDate); err != nil {
			return nil, err
		}
		if err := cleanText("法定代表人", d.LegalRep, false); err != nil {
			return nil, err
		}
		if err := cleanText("主要负责人", d.Principal, false); err != nil {
			return nil, err
		}
		return d, nil
	case StepPenaltyPublication:
		var d PenaltyPublicationData
		if err := DecodeData(e, &d); err != nil {
			return nil, err
		}
		p, ok := l.Current(StepPenalty, e.Subject)
		if !ok {
			return nil, fmt.Errorf("没有决定书文号为 %s 的行政处罚", e.Subject)
		}
		if p.Entry.Unit != e.Unit {
			return nil, fmt.Errorf("行政处罚 %s 的单位是 %q,不是 %q", e.Subject, p.Entry.Unit, e.Unit)
		}
		if err := checkDay("公示日期", d.Date); err != nil {
			return nil, err
		}
		if pd := p.data.(PenaltyData); d.Date < pd.DecisionDate {
			return nil, fmt.Errorf("公示日期 %s 早于处罚决定日期 %s", d.Date, pd.DecisionDate)
		}
		return d, nil
	case StepTransfer:
		var d TransferData
		if err := DecodeData(e, &d); err != nil {
			return nil, err
		}
		if _, err := l.needResult(e.Unit); err != nil {
			return nil, err
		}
		if !slices.Contains(TransferStatuses, d.Status) {
			return nil, fmt.Errorf("移送状态 %q 无效", d.Status)
		}
		if err := checkDay("日期", d.Date); err != nil {
			return nil, err
		}
		if e.Corrects == 0 {
			l.status[e.Subject], l.last[e.Subject] = d.Status, d.Date
		}
		return d, nil
	case StepTransferStatus:
		var d TransferStatusData
		if err := DecodeData(e, &d); err != nil {
			return nil, err
		}
		t, ok := l.Current(StepTransfer, e.Subject)
		if !ok {
			return nil, fmt.Errorf("没有移送 %s", e.Subject)
		}
		if t.Entry.Unit != e.Unit {
			return nil, fmt.Errorf("移送 %s 的单位是 %s,不是 %s", e.Subject, t.Entry.Unit, e.Unit)
		}
		if slices.Index(TransferStatuses, d.Status) <= slices.Index(TransferStatuses, l.status[e.Subject]) {
			return nil, fmt.Errorf("移送 %s 已是“%s”,不能改为“%s”(状态只能向前)", e.Subject, l.status[e.Subject], d.Status)
		}
		if err := checkDay("日期", d.Date); err != nil {
			return nil, err
		}
		if d.Date < l.last[e.Subject] {
			return nil, fmt.Errorf("日期 %s 早于上一状态的日期 %s", d.Date, l.last[e.Subject])
		}
		l.status[e.Subject], l.last[e.Subject] = d.Status, d.Date
		return d, nil
	case StepDishonest:
		var d DishonestData
		if err := decodeUnitEntry(e, &d); err != nil {
			return nil, err
		}
		r, err := l.needResult(e.Unit)
		if err != nil {
			return nil, err
		}
		if err := checkDay("严重失信起始日期", d.From); err != nil {
			return nil, err
		}
		if d.To != "" {
			if err := checkDay("严重失信截止日期", d.To); err != nil {
				return nil, err
			}
		}
		if d.From < r.End || (d.To != "" && d.To < d.From) {
			return nil, fmt.Errorf("严重失信期间 %s 至 %s 早于检查结束日期 %s 或先后颠倒", d.From, d.To, r.End)
		}
		return d, nil
	default:
		return nil, fmt.Errorf("步骤类型 %q 不能出现在封存之后", kind)
	}
}
