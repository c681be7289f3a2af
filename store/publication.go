package store

// Publication (一公开): the result of an inspection is published within
// PublishWorkdays working days after the inspection ends. The due date is
// workdays.Calendar.AddWorkdays(end, 20) on the official calendar (public
// holidays and make-up working days), with the override file named by the
// setting SettingHolidaysFile or given by the caller. A due date counted
// across a year whose arrangement is not known is provisional (暂定).
//
// As of a date "today" (callers pass it; the store never decides what
// today is for these queries), an unpublished result is
//
//	overdue   when today is after the due date;
//	due soon  when today is on or before the due date and at most
//	          DueSoonWorkdays working days remain (WorkdaysBetween(today, due));
//	pending   otherwise.
//
// A published result is on time when published on or before the due date,
// else late.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
	"shuangsui/store/workdays"
)

// SettingHolidaysFile is the path of the working-day override file.
const SettingHolidaysFile = "holidays_file"

// Publication deadlines, in working days.
const (
	PublishWorkdays = 20
	DueSoonWorkdays = 5
)

// Publication states.
const (
	PubPending       = "pending"
	PubDueSoon       = "due_soon"
	PubOverdue       = "overdue"
	PubPublished     = "published"
	PubPublishedLate = "published_late"
)

// PubStateName is the Chinese name of a publication state.
func PubStateName(s string) string {
	return map[string]string{PubPending: "待公示", PubDueSoon: "即将到期", PubOverdue: "已逾期",
		PubPublished: "已公示", PubPublishedLate: "逾期公示"}[s]
}

// LoadCalendar builds the working-day calendar: with the override file at
// path, or, when path is "", at the path stored in SettingHolidaysFile,
// or with no override when neither is set. It returns the path used.
// When the stored file cannot be read, the error names the setting and
// how to point it elsewhere or clear it.
func (db *DB) LoadCalendar(path string) (*workdays.Calendar, string, error) {
	stored := false
	if path == "" {
		v, err := db.Setting(SettingHolidaysFile)
		if err != nil {
			return nil, "", err
		}
		path, stored = string(v), true
	}
	if path == "" {
		return workdays.New(workdays.Overrides{}), "", nil
	}
	o, err := readOverrides(path)
	if err != nil && stored {
		hint := ""
		if !filepath.IsAbs(path) {
			hint = "(这是相对路径,按当前目录查找)"
		}
		return nil, path, fmt.Errorf("%w;这是数据库设置 %s 保存的节假日调整文件%s,请用 publication holidays --set 新文件 重新指定,或用 publication holidays --clear 取消", err, SettingHolidaysFile, hint)
	}
	if err != nil {
		return nil, path, err
	}
	return workdays.New(o), path, nil
}

func readOverrides(path string) (workdays.Overrides, error) {
	f, err := os.Open(path)
	if err != nil {
		return workdays.Overrides{}, fmt.Errorf("打开节假日调整文件 %s: %w", path, err)
	}
	defer f.Close()
	o, err := workdays.ParseOverrides(f)
	if err != nil {
		return o, fmt.Errorf("节假日调整文件 %s: %w", path, err)
	}
	return o, nil
}

// SetHolidaysFile checks that the override file at path can be read and
// parsed, and remembers it in SettingHolidaysFile by its absolute path, so
// that commands run from any folder find it. It returns the path stored.
func (db *DB) SetHolidaysFile(path string) (string, error) {
	if strings.TrimSpace(path) == "" {
		return "", fmt.Errorf("节假日调整文件: 未指定路径")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("节假日调整文件 %s: %w", path, err)
	}
	if _, err := readOverrides(abs); err != nil {
		return "", err
	}
	if err := db.PutSetting(SettingHolidaysFile, []byte(abs)); err != nil {
		return "", err
	}
	return abs, nil
}

// ClearHolidaysFile forgets the override file: due dates are counted on
// the built-in arrangement only.
func (db *DB) ClearHolidaysFile() error {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSettings)
		if b.Get([]byte(SettingHolidaysFile)) == nil {
			return nil
		}
		if err := b.Delete([]byte(SettingHolidaysFile)); err != nil {
			return err
		}
		_, err := db.appendChange(tx, LibraryChange{Kind: ChangeSetting, Library: string(bSettings), Source: SettingHolidaysFile, Removed: 1})
		return err
	})
	if err != nil {
		return fmt.Errorf("清除设置 %s: %w", SettingHolidaysFile, err)
	}
	return nil
}

// PublicationDue returns the publication due date of an inspection that
// ended on end (YYYY-MM-DD) and whether it is provisional.
func PublicationDue(cal *workdays.Calendar, end string) (string, bool, error) {
	d, err := time.Parse(dateLayout, end)
	if err != nil {
		return "", false, fmt.Errorf("检查结束日期 %q 不是 YYYY-MM-DD 格式", end)
	}
	due, prov := cal.AddWorkdays(d, PublishWorkdays)
	return due.Format(dateLayout), prov, nil
}

// Publication is the publication state of one result as of a date.
type Publication struct {
	Result      Result
	Due         string // YYYY-MM-DD
	Provisional bool   // the due date may move (暂定)
	State       string // Pub…
	// Left is the number of working days from today to the due date
	// (WorkdaysBetween(today, due)); negative, the working days since
	// the due date when overdue; 0 once published.
	Left int
}

// DueText is the due date with the 暂定 marker when provisional.
func (p Publication) DueText() string {
	if p.Provisional {
		return p.Due + "(暂定)"
	}
	return p.Due
}

// PublicationOf computes the state of r as of today (YYYY-MM-DD).
func PublicationOf(cal *workdays.Calendar, r Result, today string) (Publication, error) {
	p := Publication{Result: r}
	var err error
	if p.Due, p.Provisional, err = PublicationDue(cal, r.End); err != nil {
		return p, fmt.Errorf("单位 %s: %w", r.Unit, err)
	}
	if p.State, p.Left, err = dueState(cal, p.Due, r.Published, today); err != nil {
		return p, err
	}
	return p, nil
}

// Publications returns the publication state of every result of ceremony
// ("" for all ceremonies) as of today.
func (db *DB) Publications(cal *workdays.Calendar, ceremony, today string) ([]Publication, error) {
	rs, err := db.Results(ceremony)
	if err != nil {
		return nil, err
	}
	out := make([]Publication, 0, len(rs))
	for _, r := range rs {
		p, err := PublicationOf(cal, r, today)
		if err != nil {
			return nil, fmt.Errorf("仪式 %s: %w", r.Ceremony, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// Attention returns the unpublished results that are overdue or due soon
// as of today, overdue first, then by due date.
func (db *DB) Attention(cal *workdays.Calendar, today string) ([]Publication, error) {
	all, err := db.Publications(cal, "", today)
	if err != nil {
		return nil, err
	}
	var out []Publication
	for _, st := range []string{PubOverdue, PubDueSoon} {
		var part []Publication
		for _, p := range all {
			if p.State == st {
				part = append(part, p)
			}
		}
		sortByDue(part)
		out = append(out, part...)
	}
	return out, nil
}

func sortByDue(ps []Publication) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Due < ps[j-1].Due; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// MarkPublished records the date a result was published and who recorded
// it (required), as a publication step of the ceremony's chain. The
// ceremony must exist and be sealed; the date may not precede the end of
// the inspection nor follow today. A result already published on another
// date is a correction and needs reason; the same date again changes
// nothing.
func (db *DB) MarkPublished(ceremony, unit, date, by, reason string) error {
	ceremony, unit = strings.TrimSpace(ceremony), NormalizeUnitID(unit)
	by, reason = strings.TrimSpace(by), strings.TrimSpace(reason)
	today := db.now().Format(dateLayout)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := checkSealed(tx, ceremony); err != nil {
			return err
		}
		r, err := needResult(txIndex{tx}, ceremony, unit, "登记公示")
		if err != nil {
			return err
		}
		if err := checkPublication(date, r.End, "检查结束日期", today, by, reason); err != nil {
			return err
		}
		e := sampling.Entry{Subject: unit, Unit: unit, Operator: by, Reason: reason}
		if r.Published != "" {
			if r.Published == date {
				return nil
			}
			if reason == "" {
				return fmt.Errorf("已登记于 %s 公示(第 %d 步, 由 %s 登记),改为 %s 须写明理由(--reason)", r.Published, r.PublishedSeq, r.PublishedBy, date)
			}
			e.Corrects = r.PublishedSeq
		}
		ch, err := sealedChain(tx, ceremony)
		if err != nil {
			return err
		}
		_, err = db.appendEntry(tx, ch, sampling.StepPublication, e, sampling.PublicationData{Date: date})
		return err
	})
	if err != nil {
		return fmt.Errorf("登记公示(仪式 %s, 单位 %s): %w", ceremony, unit, err)
	}
	return nil
}

// CeremonyInfo describes a sealed ceremony from its commit step.
type CeremonyInfo struct {
	ID           string
	Round        string
	Organisation string
	DrawDate     string
	Matter       sampling.Matter
	MatterName   string
	// Directed and Partner are the frame's (SPEC.md §12): a directed
	// check and the department of a joint check; nil and "" for an
	// ordinary draw.
	Directed *sampling.Directed
	Partner  string
}

// Kind names the kind of check (随机抽查, 定向检查(…), 跨部门联合抽查(与 …)).
func (ci CeremonyInfo) Kind() (zh, en string) { return CheckKind(ci.Directed, ci.Partner) }

// Special reports whether the ceremony is a directed or a joint check.
func (ci CeremonyInfo) Special() bool { return ci.Directed != nil || ci.Partner != "" }

// SealedCeremonies lists the sealed ceremonies whose chains verify, in id
// order, from their commit steps (no replay).
func (db *DB) SealedCeremonies() ([]CeremonyInfo, error) {
	list, err := db.Ceremonies()
	if err != nil {
		return nil, err
	}
	var out []CeremonyInfo
	err = db.bolt.View(func(tx *bolt.Tx) error {
		for _, s := range list {
			if !s.Sealed || s.Problem != "" {
				continue
			}
			k, v := tx.Bucket(bCeremonies).Bucket([]byte(s.ID)).Cursor().First()
			st, err := decodeStep(s.ID, k, v)
			if err != nil {
				return err
			}
			info, head, err := sampling.CommitFrameHead(st.Payload)
			if err != nil {
				return fmt.Errorf("仪式 %s 第 1 步: %w", s.ID, err)
			}
			out = append(out, CeremonyInfo{ID: s.ID, Round: info.Round, Organisation: info.Organisation,
				DrawDate: head.DrawDate, Matter: head.Matter, MatterName: head.Matter.Name,
				Directed: head.Directed, Partner: head.Partner})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("列出已封存的仪式: %w", err)
	}
	return out, nil
}

// PublicationRow is one line of the 抽查结果公示表.
type PublicationRow struct {
	Ceremony     string
	UnitName     string
	USCC         string
	CountyName   string
	Matter       string
	Kind         string // 抽查类型: "" for 双随机抽查, else 定向检查(…) or 跨部门联合抽查(…)
	Inspected    string // 检查日期: start, or start至end
	Result       string // codes joined by "；"
	Organisation string // 检查机关
	Published    string
	Due          string // with 暂定 when provisional
	// Corrected is the date of the latest correction made after the result
	// was published (the row is marked 更正), "" when none.
	Corrected string
	// Head is the ceremony's current head (当前校验码) when the table was
	// made, so that a published table can be matched to its record.
	Head string
}

// PublicationTable returns the rows of the 抽查结果公示表 of a round: the
// results of every sealed ceremony whose Info.Round is round, ceremony by
// ceremony, in unit order. cal gives the due dates.
func (db *DB) PublicationTable(cal *workdays.Calendar, round string) ([]PublicationRow, error) {
	infos, err := db.SealedCeremonies()
	if err != nil {
		return nil, err
	}
	var out []PublicationRow
	found := false
	for _, ci := range infos {
		if ci.Round != round {
			continue
		}
		found = true
		sheet, err := db.ResultSheet(ci.ID)
		if err != nil {
			return nil, err
		}
		for _, row := range sheet.Rows {
			r := row.Result
			if r == nil {
				continue
			}
			due, prov, err := PublicationDue(cal, r.End)
			if err != nil {
				return nil, err
			}
			if prov {
				due += "(暂定)"
			}
			when := r.Start
			if r.End != r.Start {
				when = r.Start + "至" + r.End
			}
			matter, org, kind := ci.MatterName, ci.Organisation, ""
			if ci.Special() {
				// 定向检查 / 联合抽查 are named in the published table
				// (抽查类型), a joint check's authorities are both
				// departments; an ordinary row keeps its cells.
				kind, _ = ci.Kind()
				if ci.Partner != "" {
					org += "、" + ci.Partner
				}
			}
			out = append(out, PublicationRow{Ceremony: ci.ID, UnitName: row.UnitName, USCC: row.Unit, CountyName: row.CountyName,
				Matter: matter, Kind: kind, Organisation: org, Inspected: when, Result: strings.Join(r.Codes, "；"),
				Published: r.Published, Due: due, Corrected: r.Corrected, Head: sheet.Ceremony.Head()})
		}
	}
	if !found {
		return nil, fmt.Errorf("没有轮次为 %q 的已封存抽取", round)
	}
	return out, nil
}

// checkPublication checks a publication being recorded: a valid date, not
// before earliest (named what) nor after today, who recorded it, and no
// TAB or line break in that name or the reason. Results and penalties
// are published by the same rule.
func checkPublication(date, earliest, what, today, by, reason string) error {
	if err := checkDate("公示日期", date, false); err != nil {
		return err
	}
	if date < earliest {
		return fmt.Errorf("公示日期 %s 早于%s %s", date, what, earliest)
	}
	if date > today {
		return fmt.Errorf("公示日期 %s 晚于今天 %s", date, today)
	}
	if by == "" {
		return fmt.Errorf("未填写登记人: 须写明由谁登记的公示")
	}
	if strings.ContainsAny(by+reason, "\t\r\n") {
		return fmt.Errorf("登记人或理由中不能有制表符或换行")
	}
	return nil
}
