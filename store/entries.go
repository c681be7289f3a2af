package store

// After-seal entries (sampling.Entry, SPEC.md §10): results, publications,
// penalties, transfers with their status changes, and dishonest marks are
// steps appended to the ceremony's chain (penalties that name no ceremony:
// to the stand-alone log LogPenalties). Nothing is updated in place.
//
// What the lists, the 公示表 and coverage read is an index derived from
// the entries, written by indexEntry in the same transaction as the step:
//
//	results      ceremony ‖ 0x00 ‖ unit → JSON Result (the current result with its publication and mark)
//	penalties    decision number → JSON Penalty (the current entry)
//	transfers    id → JSON Transfer (the current entry and every status)
//	inspections  the history entry of each current result (source ceremony:<id>)
//
// Check rebuilds the index from the chains (rebuildIndex) and compares.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// index is where indexEntry writes: the database inside a transaction, or
// a map when Check rebuilds the index to compare.
type index interface {
	get(bucket, key []byte) []byte
	put(bucket, key, v []byte) error
	del(bucket, key []byte) error
}

type txIndex struct{ tx *bolt.Tx }

func (x txIndex) get(b, k []byte) []byte    { return x.tx.Bucket(b).Get(k) }
func (x txIndex) put(b, k, v []byte) error  { return x.tx.Bucket(b).Put(k, v) }
func (x txIndex) del(b, k []byte) error     { return x.tx.Bucket(b).Delete(k) }
func (m memIndex) get(b, k []byte) []byte   { return m[string(b)][string(k)] }
func (m memIndex) del(b, k []byte) error    { delete(m[string(b)], string(k)); return nil }
func (m memIndex) put(b, k, v []byte) error { m.bucket(b)[string(k)] = clone(v); return nil }

type memIndex map[string]map[string][]byte

func (m memIndex) bucket(b []byte) map[string][]byte {
	if m[string(b)] == nil {
		m[string(b)] = map[string][]byte{}
	}
	return m[string(b)]
}

// readResult reads the stored result of one unit of a ceremony from ix:
// the one way every caller reads a result inside a transaction.
func readResult(ix index, ceremony, unit string) (Result, bool, error) {
	var r Result
	v := ix.get(bResults, resultKey(ceremony, unit))
	if v == nil {
		return r, false, nil
	}
	if err := json.Unmarshal(v, &r); err != nil {
		return r, false, fmt.Errorf("读取检查结果(仪式 %s, 单位 %s): 记录无法解码: %w", ceremony, unit, err)
	}
	return r, true, nil
}

// needResult reads the result of unit, refusing when there is none.
func needResult(ix index, ceremony, unit, what string) (Result, error) {
	r, ok, err := readResult(ix, ceremony, unit)
	if err == nil && !ok {
		err = fmt.Errorf("仪式 %s 的单位 %s 还没有检查结果,不能%s", ceremony, unit, what)
	}
	return r, err
}

// entryChain is a chain that takes entries: a sealed ceremony (replayed,
// with its ledger) or the stand-alone penalties log (ledger only).
type entryChain struct {
	id     string             // ceremony id, "" for LogPenalties
	c      *sampling.Ceremony // nil for LogPenalties
	ledger *sampling.Ledger
}

func (ch entryChain) log(tx *bolt.Tx) chainLog {
	if ch.id == "" {
		return standaloneLog(tx, LogPenalties)
	}
	return ceremonyLog(tx, ch.id)
}

// sealedChain loads ceremony id as an entry chain.
func sealedChain(tx *bolt.Tx, id string) (entryChain, error) {
	c, err := loadSealed(tx, id)
	if err != nil {
		return entryChain{}, err
	}
	return entryChain{id: id, c: c, ledger: &c.Ledger}, nil
}

// penaltyChain loads the stand-alone penalties log.
func penaltyChain(tx *bolt.Tx) (entryChain, error) {
	ch := entryChain{ledger: &sampling.Ledger{}}
	l := standaloneLog(tx, LogPenalties)
	if l.steps == nil {
		return ch, nil
	}
	steps, _, err := readLog(l)
	if err != nil {
		return ch, err
	}
	for _, s := range steps {
		if err := ch.ledger.ApplyEntry(nil, s); err != nil {
			return ch, fmt.Errorf("日志 %s 第 %d 步: %w", LogPenalties, s.Seq, err)
		}
	}
	return ch, nil
}

// appendEntry appends one entry of kind to ch, checks it against the
// rules a verifier applies (sampling.Ledger.ApplyEntry), and indexes it,
// all inside tx.
func (db *DB) appendEntry(tx *bolt.Tx, ch entryChain, kind string, e sampling.Entry, data any) (sampling.Step, error) {
	payload, err := sampling.MarshalEntry(kind, e, data)
	if err != nil {
		return sampling.Step{}, err
	}
	step, err := db.appendTx(tx, ch.log(tx), kind, payload, true)
	if err != nil {
		return step, err
	}
	if ch.c != nil {
		err = ch.c.Apply(step)
	} else {
		err = ch.ledger.ApplyEntry(nil, step)
	}
	if err != nil {
		return step, fmt.Errorf("%s: %w", ch.log(tx).what, err)
	}
	es := ch.ledger.Entries[len(ch.ledger.Entries)-1]
	if err := indexEntry(txIndex{tx}, ch.id, es); err != nil {
		return step, err
	}
	if err := sealIndexes(tx, bResults, bPenalties, bTransfers); err != nil {
		return step, err
	}
	if kind == sampling.StepResult {
		// The result's row in the inspection history changes that library.
		_, err = db.appendChange(tx, LibraryChange{Kind: ChangeResult, By: e.Operator, Library: string(bInspections), Source: "仪式 " + ch.id, Updated: 1})
	}
	return step, err
}

// day is the date part of an RFC 3339 time.
func day(at string) string {
	if len(at) >= 10 {
		return at[:10]
	}
	return at
}

func putJSON(ix index, bucket, key []byte, v any) error {
	b, err := jsonMarshal(v)
	if err != nil {
		return err
	}
	return ix.put(bucket, key, b)
}

// indexEntry brings the index up to date with one entry of ceremony's
// chain ("" for LogPenalties).
func indexEntry(ix index, ceremony string, es sampling.EntryStep) error {
	e := es.Entry
	switch es.Kind {
	case sampling.StepResult:
		var d sampling.ResultData
		if err := sampling.DecodeData(e, &d); err != nil {
			return err
		}
		r := Result{Ceremony: ceremony, Unit: e.Unit, County: d.County, Matter: d.Matter, Start: d.Start, End: d.End,
			Team: d.Team, Codes: d.Codes, Notes: d.Notes, EnteredBy: e.Operator, EnteredAt: es.At, Seq: es.Seq}
		prev, had, err := readResult(ix, ceremony, e.Unit)
		if err != nil {
			return err
		}
		if had {
			r.Published, r.PublishedBy, r.PublishedSeq, r.Dishonest, r.Corrected = prev.Published, prev.PublishedBy, prev.PublishedSeq, prev.Dishonest, prev.Corrected
			r.Corrections = prev.Corrections + 1
			if prev.Published != "" {
				r.Corrected = day(es.At)
			}
			if prev.End != r.End {
				if err := ix.del(bInspections, inspectionKey(resultInspection(prev))); err != nil {
					return err
				}
			}
		}
		if err := putJSON(ix, bResults, resultKey(ceremony, r.Unit), r); err != nil {
			return err
		}
		in := resultInspection(r)
		return putJSON(ix, bInspections, inspectionKey(in), in)
	case sampling.StepPublication:
		var d sampling.PublicationData
		if err := sampling.DecodeData(e, &d); err != nil {
			return err
		}
		r, err := needResult(ix, ceremony, e.Unit, "登记公示")
		if err != nil {
			return err
		}
		if r.Published != "" {
			r.Corrected = day(es.At)
			r.Corrections++
		}
		r.Published, r.PublishedBy, r.PublishedSeq = d.Date, e.Operator, es.Seq
		return putJSON(ix, bResults, resultKey(ceremony, r.Unit), r)
	case sampling.StepDishonest:
		var d sampling.DishonestData
		if err := sampling.DecodeData(e, &d); err != nil {
			return err
		}
		r, err := needResult(ix, ceremony, e.Unit, "认定严重失信")
		if err != nil {
			return err
		}
		r.Dishonest = &Dishonest{From: d.From, To: d.To, By: e.Operator, Reason: e.Reason, At: es.At, Seq: es.Seq}
		return putJSON(ix, bResults, resultKey(ceremony, r.Unit), r)
	case sampling.StepPenalty:
		var d sampling.PenaltyData
		if err := sampling.DecodeData(e, &d); err != nil {
			return err
		}
		p := penaltyOf(d)
		p.Ceremony, p.Unit, p.EnteredBy, p.EnteredAt, p.Seq, p.Reason = ceremony, e.Unit, e.Operator, es.At, es.Seq, e.Reason
		if v := ix.get(bPenalties, []byte(p.DecisionNo)); v != nil { // a correction keeps the publication
			var prev Penalty
			if err := json.Unmarshal(v, &prev); err != nil {
				return err
			}
			p.Published, p.PublishedBy, p.PublishedSeq = prev.Published, prev.PublishedBy, prev.PublishedSeq
		}
		return putJSON(ix, bPenalties, []byte(p.DecisionNo), p)
	case sampling.StepPenaltyPublication:
		var d sampling.PenaltyPublicationData
		if err := sampling.DecodeData(e, &d); err != nil {
			return err
		}
		var p Penalty
		if err := json.Unmarshal(ix.get(bPenalties, []byte(e.Subject)), &p); err != nil {
			return fmt.Errorf("行政处罚 %s: %w", e.Subject, err)
		}
		p.Published, p.PublishedBy, p.PublishedSeq = d.Date, e.Operator, es.Seq
		return putJSON(ix, bPenalties, []byte(p.DecisionNo), p)
	case sampling.StepTransfer:
		var d sampling.TransferData
		if err := sampling.DecodeData(e, &d); err != nil {
			return err
		}
		t := Transfer{ID: e.Subject, Ceremony: ceremony, Unit: e.Unit, Kind: d.Kind, To: d.To, Reason: d.Reason, Status: d.Status, Seq: es.Seq,
			Log: []TransferEvent{{Status: d.Status, Date: d.Date, By: e.Operator, At: es.At}}}
		if v := ix.get(bTransfers, []byte(t.ID)); v != nil { // a correction keeps the later statuses
			var prev Transfer
			if err := json.Unmarshal(v, &prev); err != nil {
				return fmt.Errorf("读取移送 %s: %w", t.ID, err)
			}
			t.Log = append(t.Log, prev.Log[1:]...)
			t.Status = t.Log[len(t.Log)-1].Status
		}
		return putJSON(ix, bTransfers, []byte(t.ID), t)
	case sampling.StepTransferStatus:
		var d sampling.TransferStatusData
		if err := sampling.DecodeData(e, &d); err != nil {
			return err
		}
		v := ix.get(bTransfers, []byte(e.Subject))
		if v == nil {
			return fmt.Errorf("移送 %s: %w", e.Subject, ErrNotFound)
		}
		var t Transfer
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("读取移送 %s: %w", e.Subject, err)
		}
		t.Status = d.Status
		t.Log = append(t.Log, TransferEvent{Status: d.Status, Date: d.Date, By: e.Operator, Note: d.Note, At: es.At})
		return putJSON(ix, bTransfers, []byte(t.ID), t)
	}
	return fmt.Errorf("步骤类型 %q 不是封存后的记录", es.Kind)
}

// resultInspection is the history entry a result stands for.
func resultInspection(r Result) Inspection {
	return Inspection{Unit: r.Unit, Date: r.End, Matter: r.Matter, Source: SourceCeremony(r.Ceremony)}
}

func penaltyOf(d sampling.PenaltyData) Penalty {
	return Penalty{Name: d.Name, USCC: d.USCC, LegalRep: d.LegalRep, Principal: d.Principal, DecisionNo: d.DecisionNo, ViolationType: d.ViolationType, Facts: d.Facts,
		Basis: d.Basis, Category: d.Category, Content: d.Content, FineWan: d.FineWan, DecisionDate: d.DecisionDate,
		PublicUntil: d.PublicUntil, Authority: d.Authority, AuthorityUSCC: d.AuthorityUSCC, Source: d.Source}
}

func (p Penalty) data() sampling.PenaltyData {
	return sampling.PenaltyData{Name: p.Name, USCC: p.USCC, LegalRep: p.LegalRep, Principal: p.Principal, DecisionNo: p.DecisionNo, ViolationType: p.ViolationType, Facts: p.Facts,
		Basis: p.Basis, Category: p.Category, Content: p.Content, FineWan: p.FineWan, DecisionDate: p.DecisionDate,
		PublicUntil: p.PublicUntil, Authority: p.Authority, AuthorityUSCC: p.AuthorityUSCC, Source: p.Source}
}

// rebuildIndex replays every entry of the sealed ceremonies given and of
// the stand-alone penalties log into a fresh index.
func rebuildIndex(sealed []sealedReplay, penalties *sampling.Ledger) (memIndex, error) {
	m := memIndex{}
	for _, s := range sealed {
		for _, es := range s.c.Ledger.Entries {
			if err := indexEntry(m, s.id, es); err != nil {
				return m, fmt.Errorf("仪式 %s 第 %d 步: %w", s.id, es.Seq, err)
			}
		}
	}
	for _, es := range penalties.Entries {
		if err := indexEntry(m, "", es); err != nil {
			return m, fmt.Errorf("日志 %s 第 %d 步: %w", LogPenalties, es.Seq, err)
		}
	}
	return m, nil
}

// checkIndex compares the stored index with one rebuilt from the chains
// and returns one error per difference.
func checkIndex(tx *bolt.Tx, sealed []sealedReplay, penalties *sampling.Ledger) []error {
	m, err := rebuildIndex(sealed, penalties)
	if err != nil {
		return []error{fmt.Errorf("重建检查结果索引: %w", err)}
	}
	var out []error
	for _, b := range []struct {
		name []byte
		what string
		only func(k []byte) bool
	}{
		{bResults, "检查结果", nil},
		{bPenalties, "行政处罚", nil},
		{bTransfers, "移送", nil},
		{bInspections, "检查历史(来自仪式的条目)", func(k []byte) bool {
			return bytes.Contains(k, []byte("\x00"+SourceCeremony("")))
		}},
	} {
		want := m[string(b.name)]
		seen := map[string]bool{}
		tx.Bucket(b.name).ForEach(func(k, v []byte) error {
			if b.only != nil && !b.only(k) {
				return nil
			}
			seen[string(k)] = true
			w, ok := want[string(k)]
			switch {
			case !ok:
				out = append(out, fmt.Errorf("%s %s: 索引中有,但任何日志中都没有这一记录(在程序之外被加入或改动)", b.what, printable(k)))
			case !bytes.Equal(w, v):
				out = append(out, fmt.Errorf("%s %s: 索引与日志重建的结果不符(在程序之外被改动)", b.what, printable(k)))
			}
			return nil
		})
		keys := make([]string, 0, len(want))
		for k := range want {
			if !seen[k] {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			out = append(out, fmt.Errorf("%s %s: 日志中有,索引中缺失(在程序之外被删除)", b.what, printable([]byte(k))))
		}
	}
	return out
}

func printable(k []byte) string { return strings.ReplaceAll(string(k), "\x00", "/") }

// HistoryEntry is one step after the seal, for `results history`.
type HistoryEntry struct {
	Seq      uint64
	At       string // RFC 3339, the step's time
	Kind     string // sampling.StepResult, …, sampling.StepSubstitute
	Unit     string
	Operator string
	Corrects uint64 // the step this one corrects, 0 for none
	Reason   string
	What     string // what the step says, in Chinese
}

// KindName is the Chinese name of an after-seal step kind.
func KindName(kind string) string {
	return map[string]string{sampling.StepResult: "检查结果", sampling.StepPublication: "公示", sampling.StepPenalty: "行政处罚",
		sampling.StepTransfer: "移送", sampling.StepTransferStatus: "移送状态", sampling.StepDishonest: "严重失信认定", sampling.StepPenaltyPublication: "行政处罚公示",
		sampling.StepSubstitute: "替换"}[kind]
}

// History returns every step after the seal of a sealed ceremony, oldest
// first, or only those about unit when unit is not "" (its entries and
// the substitutions that took it out or brought it in). An inspector's
// substitution has no Unit; its What names both inspectors.
func (db *DB) History(ceremony, unit string) ([]HistoryEntry, error) {
	unit = NormalizeUnitID(unit)
	var out []HistoryEntry
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c, err := loadSealed(tx, ceremony)
		if err != nil {
			return err
		}
		entries := map[uint64]sampling.EntryStep{}
		for _, es := range c.Ledger.Entries {
			entries[es.Seq] = es
		}
		sealed := false
		for _, s := range c.Steps {
			if s.Kind == sampling.StepSeal {
				sealed = true
				continue
			}
			if !sealed {
				continue
			}
			h := HistoryEntry{Seq: s.Seq, At: s.At, Kind: s.Kind}
			if s.Kind == sampling.StepSubstitute {
				var sub sampling.Substitution
				if err := json.Unmarshal(s.Payload, &sub); err != nil {
					return fmt.Errorf("仪式 %s 第 %d 步: %w", ceremony, s.Seq, err)
				}
				if unit != "" && sub.Out != unit && sub.In != unit {
					continue
				}
				h.Operator, h.Reason = sub.Operator, sub.Reason
				if sub.Kind == sampling.SubstituteUnit {
					h.Unit = sub.Out
				}
				what := map[string]string{sampling.SubstituteUnit: "单位", sampling.SubstituteInspector: "执法人员"}[sub.Kind]
				h.What = fmt.Sprintf("替换%s %s → %s(%s)", what, sub.Out, sub.In, sub.County)
				out = append(out, h)
				continue
			}
			es := entries[s.Seq]
			e := es.Entry
			if unit != "" && e.Unit != unit {
				continue
			}
			h.Unit, h.Operator, h.Corrects, h.Reason = e.Unit, e.Operator, e.Corrects, e.Reason
			if h.What, err = entryText(es); err != nil {
				return fmt.Errorf("仪式 %s 第 %d 步: %w", ceremony, s.Seq, err)
			}
			out = append(out, h)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("读取仪式 %s 的封存后记录: %w", ceremony, err)
	}
	return out, nil
}

// entryText says in Chinese what an entry records.
func entryText(es sampling.EntryStep) (string, error) {
	e := es.Entry
	switch es.Kind {
	case sampling.StepResult:
		var d sampling.ResultData
		if err := sampling.DecodeData(e, &d); err != nil {
			return "", err
		}
		s := fmt.Sprintf("检查结果 %s至%s: %s", d.Start, d.End, strings.Join(d.Codes, "；"))
		if d.Notes != "" {
			s += "(备注: " + d.Notes + ")"
		}
		return s, nil
	case sampling.StepPublication:
		var d sampling.PublicationData
		if err := sampling.DecodeData(e, &d); err != nil {
			return "", err
		}
		return "公示日期 " + d.Date, nil
	case sampling.StepPenalty:
		var d sampling.PenaltyData
		if err := sampling.DecodeData(e, &d); err != nil {
			return "", err
		}
		return fmt.Sprintf("行政处罚 %s: %s, %s, 决定日期 %s", d.DecisionNo, d.Category, d.Content, d.DecisionDate), nil
	case sampling.StepPenaltyPublication:
		var d sampling.PenaltyPublicationData
		if err := sampling.DecodeData(e, &d); err != nil {
			return "", err
		}
		return fmt.Sprintf("行政处罚 %s 公示日期 %s", e.Subject, d.Date), nil
	case sampling.StepTransfer:
		var d sampling.TransferData
		if err := sampling.DecodeData(e, &d); err != nil {
			return "", err
		}
		return fmt.Sprintf("移送 %s 至%s(%s): %s; %s %s", e.Subject, d.To, d.Kind, d.Reason, d.Status, d.Date), nil
	case sampling.StepTransferStatus:
		var d sampling.TransferStatusData
		if err := sampling.DecodeData(e, &d); err != nil {
			return "", err
		}
		s := fmt.Sprintf("移送 %s 状态改为 %s(%s)", e.Subject, d.Status, d.Date)
		if d.Note != "" {
			s += ": " + d.Note
		}
		return s, nil
	case sampling.StepDishonest:
		var d sampling.DishonestData
		if err := sampling.DecodeData(e, &d); err != nil {
			return "", err
		}
		to := d.To
		if to == "" {
			to = "(未定)"
		}
		return fmt.Sprintf("认定严重失信 %s至%s", d.From, to), nil
	}
	return "", fmt.Errorf("步骤类型 %q 不是封存后的记录", es.Kind)
}
