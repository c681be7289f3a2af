package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// migrateEntries (schema version 5) turns the results, publications,
// penalties, transfers and dishonest marks that versions 3 and 4 kept as
// records updated in place into entries appended to the chains, and makes
// the buckets results, penalties and transfers an index of them.
//
// How old data is carried: for each ceremony in id order, its results in
// the order they were entered (entered_at, then unit), then their
// publications, then their dishonest marks, then the penalties naming the
// ceremony (by decision number), then its transfers (by id), each with its
// later status changes. Penalties naming no ceremony go to the stand-alone
// log LogPenalties. Every step's time is the time of the migration; each
// entry's reason says that it was carried over and when it was first
// recorded ("自结构版本 4 迁入,原录入于 …"; a publication's time was not
// stored, so its reason says so), and its operator is the one
// stored (未记录 where none was). Only the last state of a record was
// stored, so earlier versions of a corrected result cannot be recovered:
// the chain starts from what the database held.
func migrateEntries(db *DB, tx *bolt.Tx) error {
	for _, name := range [][]byte{bLogs, bLogMeta} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("创建存储桶 %s: %w", name, err)
		}
	}
	var results []Result
	var penalties []Penalty
	var transfers []Transfer
	for _, b := range []struct {
		name []byte
		add  func(v []byte) error
	}{
		{bResults, func(v []byte) error {
			var r Result
			err := json.Unmarshal(v, &r)
			results = append(results, r)
			return err
		}},
		{bPenalties, func(v []byte) error {
			var p Penalty
			err := json.Unmarshal(v, &p)
			penalties = append(penalties, p)
			return err
		}},
		{bTransfers, func(v []byte) error {
			var t Transfer
			err := json.Unmarshal(v, &t)
			transfers = append(transfers, t)
			return err
		}},
	} {
		var keys [][]byte
		if err := tx.Bucket(b.name).ForEach(func(k, v []byte) error {
			keys = append(keys, clone(k))
			if err := b.add(v); err != nil {
				return fmt.Errorf("读取 %s 中的记录 %q: %w", b.name, k, err)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			if err := tx.Bucket(b.name).Delete(k); err != nil {
				return err
			}
		}
	}
	// Transfer ids go on from the highest one stored (YS-000001, …).
	for _, t := range transfers {
		var n uint64
		if _, err := fmt.Sscanf(t.ID, "YS-%d", &n); err == nil && n > tx.Bucket(bTransfers).Sequence() {
			if err := tx.Bucket(bTransfers).SetSequence(n); err != nil {
				return err
			}
		}
	}
	for _, r := range results { // the index writes them again
		if err := tx.Bucket(bInspections).Delete(inspectionKey(resultInspection(r))); err != nil {
			return err
		}
	}
	ids := map[string]bool{}
	for _, r := range results {
		ids[r.Ceremony] = true
	}
	for _, p := range penalties {
		if p.Ceremony != "" {
			ids[p.Ceremony] = true
		}
	}
	for _, t := range transfers {
		ids[t.Ceremony] = true
	}
	order := make([]string, 0, len(ids))
	for id := range ids {
		order = append(order, id)
	}
	slices.Sort(order)
	carried := func(at string) string { return "自结构版本 4 迁入,原录入于 " + at }
	who := func(s string) string {
		if s = strings.TrimSpace(s); s == "" {
			return "未记录"
		}
		return s
	}
	slices.SortStableFunc(results, func(a, b Result) int {
		return strings.Compare(a.EnteredAt+"\x00"+a.Unit, b.EnteredAt+"\x00"+b.Unit)
	})
	for _, id := range order {
		ch, err := sealedChain(tx, id)
		if err != nil {
			return fmt.Errorf("迁移仪式 %s 的检查结果: %w", id, err)
		}
		add := func(kind string, e sampling.Entry, data any) error {
			if _, err := db.appendEntry(tx, ch, kind, e, data); err != nil {
				return fmt.Errorf("迁移仪式 %s 的 %s %s: %w", id, kind, e.Subject, err)
			}
			return nil
		}
		var mine []Result
		for _, r := range results {
			if r.Ceremony == id {
				mine = append(mine, r)
			}
		}
		for _, r := range mine {
			d := sampling.ResultData{County: r.County, Matter: r.Matter, Start: r.Start, End: r.End,
				Team: nonNil(r.Team), Codes: nonNil(r.Codes), Notes: r.Notes}
			if err := add(sampling.StepResult, sampling.Entry{Subject: r.Unit, Unit: r.Unit, Operator: who(r.EnteredBy), Reason: carried(r.EnteredAt)}, d); err != nil {
				return err
			}
		}
		for _, r := range mine {
			if r.Published != "" {
				if err := add(sampling.StepPublication, sampling.Entry{Subject: r.Unit, Unit: r.Unit, Operator: who(r.PublishedBy), Reason: "自结构版本 4 迁入(原登记时间未保存)"},
					sampling.PublicationData{Date: r.Published}); err != nil {
					return err
				}
			}
		}
		for _, r := range mine {
			if d := r.Dishonest; d != nil {
				if err := add(sampling.StepDishonest, sampling.Entry{Subject: r.Unit, Unit: r.Unit, Operator: who(d.By), Reason: d.Reason + "(" + carried(d.At) + ")"},
					sampling.DishonestData{From: d.From, To: d.To}); err != nil {
					return err
				}
			}
		}
		for _, p := range penalties {
			if p.Ceremony == id {
				if err := add(sampling.StepPenalty, sampling.Entry{Subject: p.DecisionNo, Unit: p.Unit, Operator: who(p.EnteredBy), Reason: carried(p.EnteredAt)}, p.data()); err != nil {
					return err
				}
			}
		}
		for _, t := range transfers {
			if t.Ceremony != id || len(t.Log) == 0 {
				continue
			}
			first := t.Log[0]
			if err := add(sampling.StepTransfer, sampling.Entry{Subject: t.ID, Unit: t.Unit, Operator: who(first.By), Reason: carried(first.At)},
				sampling.TransferData{Kind: t.Kind, To: t.To, Reason: t.Reason, Status: first.Status, Date: first.Date}); err != nil {
				return err
			}
			for _, ev := range t.Log[1:] {
				if err := add(sampling.StepTransferStatus, sampling.Entry{Subject: t.ID, Unit: t.Unit, Operator: who(ev.By)},
					sampling.TransferStatusData{Status: ev.Status, Date: ev.Date, Note: ev.Note}); err != nil {
					return err
				}
			}
		}
	}
	ch, err := penaltyChain(tx)
	if err != nil {
		return err
	}
	for _, p := range penalties {
		if p.Ceremony != "" {
			continue
		}
		if _, err := db.appendEntry(tx, ch, sampling.StepPenalty, sampling.Entry{Subject: p.DecisionNo, Unit: p.Unit, Operator: who(p.EnteredBy), Reason: carried(p.EnteredAt)}, p.data()); err != nil {
			return fmt.Errorf("迁移行政处罚 %s: %w", p.DecisionNo, err)
		}
	}
	return nil
}

// nonNil is s, or an empty list for nil, so that a payload writes [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
