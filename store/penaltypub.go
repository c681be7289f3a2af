package store

// Publication of penalties (双公示): a penalty decision is published within
// PenaltyPublishWorkdays working days after its decision date, on the same
// calendar and with the same states as the publication of results
// (publication.go). The date it was published is a penalty_publication
// entry of the chain the penalty is in.

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
	"shuangsui/store/workdays"
)

// PenaltyPublishWorkdays is the 双公示 deadline: 7 working days after the
// decision.
const PenaltyPublishWorkdays = 7

// PenaltyPublication is the publication state of one penalty as of a date.
type PenaltyPublication struct {
	Penalty     Penalty
	Due         string // YYYY-MM-DD
	Provisional bool   // the due date may move (暂定)
	State       string // Pub…
	Left        int    // as Publication.Left
}

// DueText is the due date with the 暂定 marker when provisional.
func (p PenaltyPublication) DueText() string {
	if p.Provisional {
		return p.Due + "(暂定)"
	}
	return p.Due
}

// dueState is the state of something due on due, published on published
// ("" if not yet), as of today, and the working days left (negative when
// overdue, 0 once published); see the package comment of publication.go.
func dueState(cal *workdays.Calendar, due, published, today string) (string, int, error) {
	if published != "" {
		if published > due {
			return PubPublishedLate, 0, nil
		}
		return PubPublished, 0, nil
	}
	t, err := time.Parse(dateLayout, today)
	if err != nil {
		return "", 0, fmt.Errorf("日期 %q 不是 YYYY-MM-DD 格式", today)
	}
	d, _ := time.Parse(dateLayout, due)
	if today > due {
		n, _ := cal.WorkdaysBetween(d, t)
		return PubOverdue, -n, nil
	}
	n, _ := cal.WorkdaysBetween(t, d)
	if n <= DueSoonWorkdays {
		return PubDueSoon, n, nil
	}
	return PubPending, n, nil
}

// PenaltyPublicationOf computes the 双公示 state of p as of today.
func PenaltyPublicationOf(cal *workdays.Calendar, p Penalty, today string) (PenaltyPublication, error) {
	out := PenaltyPublication{Penalty: p}
	d, err := time.Parse(dateLayout, p.DecisionDate)
	if err != nil {
		return out, fmt.Errorf("行政处罚 %s: 处罚决定日期 %q 不是 YYYY-MM-DD 格式", p.DecisionNo, p.DecisionDate)
	}
	due, prov := cal.AddWorkdays(d, PenaltyPublishWorkdays)
	out.Due, out.Provisional = due.Format(dateLayout), prov
	out.State, out.Left, err = dueState(cal, out.Due, p.Published, today)
	if err != nil {
		return out, fmt.Errorf("行政处罚 %s: %w", p.DecisionNo, err)
	}
	return out, nil
}

// PenaltyPublications returns the 双公示 state of every penalty as of
// today: overdue first, then due soon, pending, published; by due date
// within each.
func (db *DB) PenaltyPublications(cal *workdays.Calendar, today string) ([]PenaltyPublication, error) {
	ps, err := db.Penalties()
	if err != nil {
		return nil, err
	}
	out := make([]PenaltyPublication, 0, len(ps))
	for _, p := range ps {
		pp, err := PenaltyPublicationOf(cal, p, today)
		if err != nil {
			return nil, err
		}
		out = append(out, pp)
	}
	rank := map[string]int{PubOverdue: 0, PubDueSoon: 1, PubPending: 2, PubPublishedLate: 3, PubPublished: 3}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := rank[out[i].State], rank[out[j].State]; a != b {
			return a < b
		}
		return out[i].Due < out[j].Due
	})
	return out, nil
}

// PublishPenalty records the day the penalty decisionNo was published
// (双公示) and who recorded it, as a penalty_publication entry of the chain
// the penalty is in. The date may not precede the decision nor follow
// today. A penalty already published on another date is a correction and
// needs reason; the same date again changes nothing.
func (db *DB) PublishPenalty(decisionNo, date, by, reason string) error {
	decisionNo, by, reason = strings.TrimSpace(decisionNo), strings.TrimSpace(by), strings.TrimSpace(reason)
	today := db.now().Format(dateLayout)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := verifyIndexes(tx, bPenalties); err != nil {
			return err
		}
		v := tx.Bucket(bPenalties).Get([]byte(decisionNo))
		if v == nil {
			return fmt.Errorf("没有决定书文号为 %q 的行政处罚(penalties list 列出已录入的文号): %w", decisionNo, ErrNotFound)
		}
		var p Penalty
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("读取行政处罚 %s: %w", decisionNo, err)
		}
		if err := checkPublication(date, p.DecisionDate, "处罚决定日期", today, by, reason); err != nil {
			return err
		}
		e := sampling.Entry{Subject: decisionNo, Unit: p.Unit, Operator: by, Reason: reason}
		if p.Published != "" {
			if p.Published == date {
				return nil
			}
			if reason == "" {
				return fmt.Errorf("已登记于 %s 公示(第 %d 步, 由 %s 登记),改为 %s 须写明理由(--reason)", p.Published, p.PublishedSeq, p.PublishedBy, date)
			}
			e.Corrects = p.PublishedSeq
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
		_, err = db.appendEntry(tx, ch, sampling.StepPenaltyPublication, e, sampling.PenaltyPublicationData{Date: date})
		return err
	})
	if err != nil {
		return fmt.Errorf("登记行政处罚公示(%s): %w", decisionNo, err)
	}
	return nil
}
