package store

// Rounds (抽查轮次) and their periods: the plan carries out each round
// between two dates (附件2 三(二): 3月1日至12月31日). A round is named as the
// ceremony's Info.Round names it; a draw of a round with a period must
// fall within it (CheckRoundDate), and a result of such a draw ending
// outside it is warned about (RoundWarning). A round without a period is
// not checked; the callers say so.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// SettingRounds holds the rounds with their periods (JSON array of Round).
const SettingRounds = "rounds"

// Round is one round of the plan and its period (both days included).
type Round struct {
	Name string `json:"name"`
	From string `json:"from"` // YYYY-MM-DD
	To   string `json:"to"`
}

// Period is the round's period as people write it.
func (r Round) Period() string { return r.From + " 至 " + r.To }

// Rounds returns the rounds with periods, by start date.
func (db *DB) Rounds() ([]Round, error) {
	v, err := db.Setting(SettingRounds)
	if err != nil || v == nil {
		return nil, err
	}
	var rs []Round
	if err := json.Unmarshal(v, &rs); err != nil {
		return nil, fmt.Errorf("读取设置 %s: %w", SettingRounds, err)
	}
	return rs, nil
}

// PutRound sets the period of round name (replacing an earlier one).
func (db *DB) PutRound(r Round) error {
	r.Name, r.From, r.To = strings.TrimSpace(r.Name), strings.TrimSpace(r.From), strings.TrimSpace(r.To)
	if r.Name == "" {
		return fmt.Errorf("轮次名称为空")
	}
	if strings.ContainsAny(r.Name, "\t\r\n") {
		return fmt.Errorf("轮次名称中不能有制表符或换行")
	}
	for _, d := range []struct{ what, v string }{{"起始日期", r.From}, {"截止日期", r.To}} {
		if err := checkDate(d.what, d.v, false); err != nil {
			return fmt.Errorf("轮次 %s: %w", r.Name, err)
		}
	}
	if r.To < r.From {
		return fmt.Errorf("轮次 %s: 截止日期 %s 早于起始日期 %s", r.Name, r.To, r.From)
	}
	rs, err := db.Rounds()
	if err != nil {
		return err
	}
	rs = slices.DeleteFunc(rs, func(x Round) bool { return x.Name == r.Name })
	rs = append(rs, r)
	slices.SortStableFunc(rs, func(a, b Round) int { return strings.Compare(a.From+a.Name, b.From+b.Name) })
	v, err := jsonMarshal(rs)
	if err != nil {
		return err
	}
	return db.PutSetting(SettingRounds, v)
}

// RemoveRound forgets the period of round name; an unknown name is an
// error matching ErrNotFound.
func (db *DB) RemoveRound(name string) error {
	rs, err := db.Rounds()
	if err != nil {
		return err
	}
	n := len(rs)
	rs = slices.DeleteFunc(rs, func(x Round) bool { return x.Name == strings.TrimSpace(name) })
	if len(rs) == n {
		return fmt.Errorf("轮次 %q: %w", name, ErrNotFound)
	}
	v, err := jsonMarshal(rs)
	if err != nil {
		return err
	}
	return db.PutSetting(SettingRounds, v)
}

// RoundNamed returns the round name and whether it has a period.
func (db *DB) RoundNamed(name string) (Round, bool, error) {
	rs, err := db.Rounds()
	if err != nil {
		return Round{}, false, err
	}
	for _, r := range rs {
		if r.Name == strings.TrimSpace(name) {
			return r, true, nil
		}
	}
	return Round{}, false, nil
}

// CheckRoundDate refuses a draw on date for round name when the round has
// a period and the date is outside it, naming the period.
func (db *DB) CheckRoundDate(name, date string) error {
	r, ok, err := db.RoundNamed(name)
	if err != nil || !ok {
		return err
	}
	if date < r.From || date > r.To {
		return fmt.Errorf("抽取日期 %s 不在轮次“%s”的抽查期间 %s 内(rounds set 可调整期间)", date, r.Name, r.Period())
	}
	return nil
}

// RoundWarning is the warning for a result of ceremony that ends on end
// outside the period of the ceremony's round, or "".
func (db *DB) RoundWarning(ceremony, end string) (string, error) {
	var commit struct{ Info sampling.Info } // the frame is skipped, not replayed
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCeremonies).Bucket([]byte(ceremony))
		if b == nil {
			return fmt.Errorf("仪式 %s: %w", ceremony, ErrNotFound)
		}
		k, v := b.Cursor().First()
		st, err := decodeStep(ceremony, k, v)
		if err != nil {
			return err
		}
		return json.Unmarshal(st.Payload, &commit)
	})
	if err != nil {
		return "", err
	}
	r, ok, err := db.RoundNamed(commit.Info.Round)
	if err != nil || !ok {
		return "", err
	}
	if end > r.To {
		return fmt.Sprintf("注意: 检查结束日期 %s 晚于轮次“%s”的抽查期间 %s", end, r.Name, r.Period()), nil
	}
	return "", nil
}
