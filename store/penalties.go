package store

// Penalties (行政处罚) with the fields of the 信用中国 双公示 format,
// transfers (移送) to another department or to public security, and the
// seriously dishonest mark (严重失信) made from a result.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// PenaltyColumns are the 信用中国 双公示 columns in the order exports use.
// 法定代表人 follows the codes as in the 双公示 template; 主要负责人, whom
// joint punishment (联合惩戒, plan §(五)) also names, follows it.
var PenaltyColumns = []string{
	"相对人名称", "统一社会信用代码", "法定代表人", "主要负责人", "决定书文号", "违法行为类型", "违法事实", "处罚依据",
	"处罚类别", "处罚内容", "罚款金额(万元)", "处罚决定日期", "公示截止期", "处罚机关",
	"处罚机关统一社会信用代码", "数据来源",
}

// PenaltyCategories are the kinds of administrative penalty (处罚类别),
// after 《行政处罚法》 (2021) art. 9.
var PenaltyCategories = []string{
	"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
	"吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他",
}

// Penalty is one administrative penalty decision.
type Penalty struct {
	Ceremony      string `json:"ceremony,omitempty"` // the result it follows from, if any
	Unit          string `json:"unit,omitempty"`
	Name          string `json:"name"`           // 相对人名称
	USCC          string `json:"uscc"`           // 统一社会信用代码
	LegalRep      string `json:"legal_rep"`      // 法定代表人
	Principal     string `json:"principal"`      // 主要负责人
	DecisionNo    string `json:"decision_no"`    // 决定书文号 (key)
	ViolationType string `json:"violation_type"` // 违法行为类型
	Facts         string `json:"facts"`          // 违法事实
	Basis         string `json:"basis"`          // 处罚依据
	Category      string `json:"category"`       // 处罚类别; several joined by ";"
	Content       string `json:"content"`        // 处罚内容
	FineWan       string `json:"fine_wan"`       // 罚款金额(万元), decimal text, "" if no fine
	DecisionDate  string `json:"decision_date"`  // 处罚决定日期
	PublicUntil   string `json:"public_until"`   // 公示截止期
	Authority     string `json:"authority"`      // 处罚机关
	AuthorityUSCC string `json:"authority_uscc"` // 处罚机关统一社会信用代码
	Source        string `json:"source"`         // 数据来源
	EnteredBy     string `json:"entered_by"`
	EnteredAt     string `json:"entered_at"`
	// Reason is why this penalty entry corrects the one before it (required
	// then; see PutPenalty); Seq is its step in the chain.
	Reason string `json:"reason,omitempty"`
	Seq    uint64 `json:"seq"`
	// Published is the day the penalty was published (双公示; "" until
	// then), by PublishedBy, in step PublishedSeq (see PublishPenalty).
	Published    string `json:"published,omitempty"`
	PublishedBy  string `json:"published_by,omitempty"`
	PublishedSeq uint64 `json:"published_seq,omitempty"`
}

// Row returns the penalty's cells in PenaltyColumns order.
func (p Penalty) Row() []string {
	return []string{p.Name, p.USCC, p.LegalRep, p.Principal, p.DecisionNo, p.ViolationType, p.Facts, p.Basis, p.Category, p.Content,
		p.FineWan, p.DecisionDate, p.PublicUntil, p.Authority, p.AuthorityUSCC, p.Source}
}

var fineRE = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,6})?$`)

func (db *DB) validatePenalty(tx *bolt.Tx, p *Penalty) error {
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&p.Ceremony, &p.Name, &p.LegalRep, &p.Principal, &p.DecisionNo, &p.ViolationType, &p.Facts, &p.Basis,
		&p.Category, &p.Content, &p.FineWan, &p.DecisionDate, &p.PublicUntil, &p.Authority, &p.Source, &p.EnteredBy} {
		trim(s)
	}
	p.USCC, p.AuthorityUSCC, p.Unit = NormalizeUnitID(p.USCC), NormalizeUnitID(p.AuthorityUSCC), NormalizeUnitID(p.Unit)
	for _, f := range []struct{ what, v string }{
		{"相对人名称", p.Name}, {"决定书文号", p.DecisionNo}, {"违法行为类型", p.ViolationType}, {"违法事实", p.Facts},
		{"处罚依据", p.Basis}, {"处罚类别", p.Category}, {"处罚内容", p.Content}, {"处罚机关", p.Authority},
		{"处罚机关统一社会信用代码", p.AuthorityUSCC}, {"数据来源", p.Source}, {"录入人", p.EnteredBy},
	} {
		if f.v == "" {
			return fmt.Errorf("%s为空", f.what)
		}
	}
	if strings.ContainsAny(p.LegalRep+p.Principal, "\t\r\n") {
		return fmt.Errorf("法定代表人和主要负责人中不能有制表符或换行")
	}
	if strings.IndexByte(p.DecisionNo, 0) >= 0 {
		return fmt.Errorf("决定书文号含有 NUL 字符")
	}
	if p.USCC == "" {
		return fmt.Errorf("统一社会信用代码为空")
	}
	for _, c := range []struct{ what, v string }{{"统一社会信用代码", p.USCC}, {"处罚机关统一社会信用代码", p.AuthorityUSCC}} {
		if len(c.v) != 18 || !LooksLikeUSCC(c.v) {
			return fmt.Errorf("%s %q 不是 18 位统一社会信用代码", c.what, c.v)
		}
		if err := CheckUSCC(c.v); err != nil {
			if u, ok, _ := readUnit(tx, c.v); !(ok && u.CheckOverride != nil) {
				return fmt.Errorf("%s: %w", c.what, err)
			}
		}
	}
	cats := strings.FieldsFunc(p.Category, func(r rune) bool { return r == ';' || r == '；' || r == ',' || r == '，' || r == '、' })
	fine := false
	for _, c := range cats {
		c = strings.TrimSpace(c)
		if !slices.Contains(PenaltyCategories, c) {
			return fmt.Errorf("处罚类别 %q 无法识别(应为 %s 之一)", c, strings.Join(PenaltyCategories, "、"))
		}
		fine = fine || c == "罚款"
	}
	if p.FineWan != "" && !fineRE.MatchString(p.FineWan) {
		return fmt.Errorf("罚款金额(万元) %q 不是非负数(最多 6 位小数)", p.FineWan)
	}
	if fine && (p.FineWan == "" || strings.Trim(p.FineWan, "0.") == "") {
		return fmt.Errorf("处罚类别含罚款,罚款金额(万元)须大于 0")
	}
	if !fine && p.FineWan != "" && strings.Trim(p.FineWan, "0.") != "" {
		return fmt.Errorf("处罚类别不含罚款,却填写了罚款金额 %s 万元", p.FineWan)
	}
	if err := checkDate("处罚决定日期", p.DecisionDate, false); err != nil {
		return err
	}
	if err := checkDate("公示截止期", p.PublicUntil, false); err != nil {
		return err
	}
	if p.PublicUntil < p.DecisionDate {
		return fmt.Errorf("公示截止期 %s 早于处罚决定日期 %s", p.PublicUntil, p.DecisionDate)
	}
	if today := db.now().Format(dateLayout); p.DecisionDate > today {
		return fmt.Errorf("处罚决定日期 %s 晚于今天 %s", p.DecisionDate, today)
	}
	if p.Ceremony != "" {
		if err := checkSealed(tx, p.Ceremony); err != nil {
			return err
		}
		if _, ok, err := readResult(txIndex{tx}, p.Ceremony, p.Unit); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("仪式 %s 的单位 %s 没有检查结果,不能关联处罚", p.Ceremony, p.Unit)
		}
	}
	return nil
}

func readUnit(tx *bolt.Tx, id string) (Unit, bool, error) {
	v := tx.Bucket(bUnits).Get([]byte(id))
	if v == nil {
		return Unit{}, false, nil
	}
	u, err := decodeUnit(v)
	return u, err == nil, err
}

// PutPenalty validates a penalty and appends it as a penalty step to the
// chain of its ceremony (to the stand-alone log LogPenalties when it names
// none). A decision number already recorded makes it a correction: it
// needs p.Reason and stays in the chain the number was first recorded in;
// a penalty equal to the stored one is left as it is.
func (db *DB) PutPenalty(p Penalty) (Penalty, error) {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := db.validatePenalty(tx, &p); err != nil {
			return err
		}
		p.Reason = strings.TrimSpace(p.Reason)
		if strings.ContainsAny(p.Reason+p.EnteredBy+p.DecisionNo, "\t\r\n") {
			return fmt.Errorf("决定书文号、录入人和更正理由中不能有制表符或换行")
		}
		e := sampling.Entry{Subject: p.DecisionNo, Unit: p.Unit, Operator: p.EnteredBy, Reason: p.Reason}
		if v := tx.Bucket(bPenalties).Get([]byte(p.DecisionNo)); v != nil {
			var prev Penalty
			if err := json.Unmarshal(v, &prev); err != nil {
				return fmt.Errorf("读取行政处罚 %s: %w", p.DecisionNo, err)
			}
			if prev.data() == p.data() && prev.Ceremony == p.Ceremony && prev.Unit == p.Unit {
				p = prev
				return nil
			}
			if prev.Ceremony != p.Ceremony {
				return fmt.Errorf("决定书文号 %s 已记录在%s中(第 %d 步),更正不能移到%s", p.DecisionNo, chainName(prev.Ceremony), prev.Seq, chainName(p.Ceremony))
			}
			if p.Reason == "" {
				return fmt.Errorf("决定书文号 %s 已有记录(%s第 %d 步, %s 由 %s 录入),修改须写明理由(reason / --reason)",
					p.DecisionNo, chainName(prev.Ceremony), prev.Seq, day(prev.EnteredAt), prev.EnteredBy)
			}
			e.Corrects = prev.Seq
		}
		var ch entryChain
		var err error
		if p.Ceremony == "" {
			ch, err = penaltyChain(tx)
		} else {
			ch, err = sealedChain(tx, p.Ceremony)
		}
		if err != nil {
			return err
		}
		step, err := db.appendEntry(tx, ch, sampling.StepPenalty, e, p.data())
		p.EnteredAt, p.Seq = step.At, step.Seq
		return err
	})
	if err != nil {
		return p, fmt.Errorf("保存行政处罚(%s %s): %w", p.DecisionNo, p.Name, err)
	}
	return p, nil
}

// chainName names the chain of ceremony id, or the stand-alone log.
func chainName(id string) string {
	if id == "" {
		return "独立的行政处罚日志"
	}
	return "仪式 " + id + " "
}

// Penalties returns every penalty in decision-number order.
func (db *DB) Penalties() ([]Penalty, error) {
	var out []Penalty
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := verifyIndexes(tx, bPenalties); err != nil {
			return err
		}
		return tx.Bucket(bPenalties).ForEach(func(k, v []byte) error {
			var p Penalty
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("读取行政处罚 %s: %w", k, err)
			}
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("列出行政处罚: %w", err)
	}
	return out, nil
}

// Transfer kinds and statuses, in the order a transfer moves through them.
const (
	TransferDepartment = "有关部门"
	TransferPolice     = "公安机关"
)

// TransferStatuses in order; a transfer only moves forward.
var TransferStatuses = sampling.TransferStatuses

// TransferEvent is one status change.
type TransferEvent struct {
	Status string `json:"status"`
	Date   string `json:"date"`
	By     string `json:"by"`
	Note   string `json:"note,omitempty"`
	At     string `json:"at"`
}

// Transfer is a case transferred (移送) to another department or to
// public security.
type Transfer struct {
	ID       string          `json:"id"` // YS-000001, …
	Ceremony string          `json:"ceremony"`
	Unit     string          `json:"unit"`
	Kind     string          `json:"kind"` // TransferDepartment or TransferPolice
	To       string          `json:"to"`   // the receiving body
	Reason   string          `json:"reason"`
	Status   string          `json:"status"`
	Log      []TransferEvent `json:"log"`
	Seq      uint64          `json:"seq"` // the transfer step
}

// AddTransfer records a new transfer of a unit whose result found a
// problem, in status 待移送 (or the status given), and returns it with its
// id. The ceremony must exist and be sealed.
func (db *DB) AddTransfer(t Transfer, date, by string) (Transfer, error) {
	t.Unit, t.Ceremony = NormalizeUnitID(t.Unit), strings.TrimSpace(t.Ceremony)
	t.To, t.Reason, by = strings.TrimSpace(t.To), strings.TrimSpace(t.Reason), strings.TrimSpace(by)
	if t.Status == "" {
		t.Status = TransferStatuses[0]
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := checkSealed(tx, t.Ceremony); err != nil {
			return err
		}
		switch {
		case t.Kind != TransferDepartment && t.Kind != TransferPolice:
			return fmt.Errorf("移送对象类型 %q 无效(应为 %s 或 %s)", t.Kind, TransferDepartment, TransferPolice)
		case t.To == "":
			return fmt.Errorf("未填写接收移送的机关")
		case t.Reason == "":
			return fmt.Errorf("未填写移送事由")
		case by == "":
			return fmt.Errorf("未填写经办人")
		case !slices.Contains(TransferStatuses, t.Status):
			return fmt.Errorf("移送状态 %q 无效(应为 %s 之一)", t.Status, strings.Join(TransferStatuses, "、"))
		}
		if err := checkDate("日期", date, false); err != nil {
			return err
		}
		r, err := needResult(txIndex{tx}, t.Ceremony, t.Unit, "移送")
		if err != nil {
			return err
		}
		if err := needProblem(r, "移送"); err != nil {
			return err
		}
		ch, err := sealedChain(tx, t.Ceremony)
		if err != nil {
			return err
		}
		seq, err := tx.Bucket(bTransfers).NextSequence()
		if err != nil {
			return err
		}
		t.ID = fmt.Sprintf("YS-%06d", seq)
		step, err := db.appendEntry(tx, ch, sampling.StepTransfer, sampling.Entry{Subject: t.ID, Unit: t.Unit, Operator: by},
			sampling.TransferData{Kind: t.Kind, To: t.To, Reason: t.Reason, Status: t.Status, Date: date})
		if err != nil {
			return err
		}
		t.Seq = step.Seq
		t.Log = []TransferEvent{{Status: t.Status, Date: date, By: by, At: step.At}}
		return nil
	})
	if err != nil {
		return t, fmt.Errorf("登记移送(仪式 %s, 单位 %s): %w", t.Ceremony, t.Unit, err)
	}
	return t, nil
}

// SetTransferStatus moves a transfer forward to status on date.
func (db *DB) SetTransferStatus(id, status, date, by, note string) (Transfer, error) {
	var t Transfer
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bTransfers)
		v := clone(b.Get([]byte(id)))
		if v == nil {
			return fmt.Errorf("移送 %s: %w", id, ErrNotFound)
		}
		if err := json.Unmarshal(v, &t); err != nil {
			return err
		}
		to := slices.Index(TransferStatuses, status)
		if to < 0 {
			return fmt.Errorf("移送状态 %q 无效(应为 %s 之一)", status, strings.Join(TransferStatuses, "、"))
		}
		if from := slices.Index(TransferStatuses, t.Status); to <= from {
			return fmt.Errorf("移送 %s 已是“%s”,不能改为“%s”(状态只能向前)", id, t.Status, status)
		}
		if err := checkDate("日期", date, false); err != nil {
			return err
		}
		if last := t.Log[len(t.Log)-1].Date; date < last {
			return fmt.Errorf("日期 %s 早于上一状态的日期 %s", date, last)
		}
		if strings.TrimSpace(by) == "" {
			return fmt.Errorf("未填写经办人")
		}
		if strings.ContainsAny(by+note, "\t\r\n") {
			return fmt.Errorf("经办人或备注中不能有制表符或换行")
		}
		ch, err := sealedChain(tx, t.Ceremony)
		if err != nil {
			return err
		}
		step, err := db.appendEntry(tx, ch, sampling.StepTransferStatus, sampling.Entry{Subject: t.ID, Unit: t.Unit, Operator: strings.TrimSpace(by)},
			sampling.TransferStatusData{Status: status, Date: date, Note: strings.TrimSpace(note)})
		if err != nil {
			return err
		}
		t.Status = status
		t.Log = append(t.Log, TransferEvent{Status: status, Date: date, By: strings.TrimSpace(by), Note: strings.TrimSpace(note), At: step.At})
		return nil
	})
	if err != nil {
		return t, fmt.Errorf("更新移送状态: %w", err)
	}
	return t, nil
}

// Transfers returns every transfer in id order.
func (db *DB) Transfers() ([]Transfer, error) {
	var out []Transfer
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := verifyIndexes(tx, bTransfers); err != nil {
			return err
		}
		return tx.Bucket(bTransfers).ForEach(func(k, v []byte) error {
			var t Transfer
			if err := json.Unmarshal(v, &t); err != nil {
				return fmt.Errorf("读取移送 %s: %w", k, err)
			}
			out = append(out, t)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("列出移送: %w", err)
	}
	return out, nil
}

// needProblem refuses to act (what: 移送, 认定严重失信) on a result that
// found no problem, or could not be judged.
func needProblem(r Result, what string) error {
	switch r.Class() {
	case ClassProblem:
		return nil
	case ClassUnclassified:
		return fmt.Errorf("检查结果(%s)无法判定有无问题,不能据此%s", strings.Join(r.Codes, "；"), what)
	}
	return fmt.Errorf("检查结果(%s)未发现问题,不能据此%s", strings.Join(r.Codes, "；"), what)
}

// MarkDishonest marks the unit of a result seriously dishonest from from
// to to ("" = open-ended): the unit's DishonestFrom/To are set (so the
// coverage plan asks for it every half year) and the mark is kept on the
// result. The result must carry a problem. Marking it again with other
// dates or grounds is a correction of the mark (a new step pointing at
// the one before); the same mark again changes nothing.
func (db *DB) MarkDishonest(ceremony, unit, from, to, by, reason string) error {
	ceremony, unit = strings.TrimSpace(ceremony), NormalizeUnitID(unit)
	by, reason = strings.TrimSpace(by), strings.TrimSpace(reason)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := checkSealed(tx, ceremony); err != nil {
			return err
		}
		r, err := needResult(txIndex{tx}, ceremony, unit, "认定严重失信")
		if err != nil {
			return err
		}
		if err := needProblem(r, "认定严重失信"); err != nil {
			return err
		}
		if err := checkDate("严重失信起始日期", from, false); err != nil {
			return err
		}
		if err := checkDate("严重失信截止日期", to, true); err != nil {
			return err
		}
		if to != "" && to < from {
			return fmt.Errorf("严重失信截止日期 %s 早于起始日期 %s", to, from)
		}
		if from < r.End {
			return fmt.Errorf("严重失信起始日期 %s 早于检查结束日期 %s", from, r.End)
		}
		if by == "" || reason == "" {
			return fmt.Errorf("须写明认定人和理由")
		}
		if strings.ContainsAny(by+reason, "\t\r\n") {
			return fmt.Errorf("认定人或理由中不能有制表符或换行")
		}
		u, ok, err := readUnit(tx, unit)
		if err != nil {
			return fmt.Errorf("读取单位 %s: %w", unit, err)
		}
		if !ok {
			return fmt.Errorf("单位 %s 不在名录库中", unit)
		}
		u.DishonestFrom, u.DishonestTo = from, to
		if err := tx.Bucket(bUnits).Put([]byte(unit), encodeUnit(u)); err != nil {
			return err
		}
		ch, err := sealedChain(tx, ceremony)
		if err != nil {
			return err
		}
		e := sampling.Entry{Subject: unit, Unit: unit, Operator: by, Reason: reason}
		if d := r.Dishonest; d != nil {
			if d.From == from && d.To == to && d.Reason == reason {
				return nil // the same mark again changes nothing
			}
			e.Corrects = d.Seq
		}
		if _, err = db.appendEntry(tx, ch, sampling.StepDishonest, e, sampling.DishonestData{From: from, To: to}); err != nil {
			return err
		}
		_, err = db.appendChange(tx, LibraryChange{Kind: ChangeDishonest, By: by, Library: string(bUnits), Source: "仪式 " + ceremony, Updated: 1})
		return err
	})
	if err != nil {
		return fmt.Errorf("认定严重失信(仪式 %s, 单位 %s): %w", ceremony, unit, err)
	}
	return nil
}
