package store_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/report/fixture"
)

// afterSeal is a sealed ceremony with one entry of every after-seal kind,
// a result corrected after its publication and a penalty corrected, plus a
// penalty that names no ceremony. It returns the fixture and the seq of
// the first step of each kind.
func afterSeal(t *testing.T) (*fixture.Fixture, map[string]uint64) {
	t.Helper()
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	units := f.S.Ceremony().CurrentUnits(f.Counties()[0])
	f.Put(t, units[0], "2026-09-10", "2026-09-11", store.CodeNoProblem)
	if err := f.DB.MarkPublished(f.S.ID(), units[0], "2026-10-09", "王公示", ""); err != nil {
		t.Fatal(err)
	}
	f.Clock.Set("2026-11-26")
	f.Correct(t, "复核原始记录发现迟报", units[0], "2026-09-10", "2026-09-11", "迟报统计资料")
	p := testPenalty()
	p.Ceremony, p.Unit = f.S.ID(), units[0]
	if _, err := f.DB.PutPenalty(p); err != nil {
		t.Fatal(err)
	}
	p.FineWan, p.Content = "2", "警告并处罚款二万元"
	if _, err := f.DB.PutPenalty(p); err == nil || !strings.Contains(err.Error(), "修改须写明理由") || !strings.Contains(err.Error(), p.DecisionNo) {
		t.Fatalf("a changed penalty without a reason: %v", err)
	}
	p.Reason = "罚款金额录错"
	if _, err := f.DB.PutPenalty(p); err != nil {
		t.Fatal(err)
	}
	alone := testPenalty()
	alone.DecisionNo = "承统罚决字〔2026〕第2号"
	if _, err := f.DB.PutPenalty(alone); err != nil {
		t.Fatal(err)
	}
	tr, err := f.DB.AddTransfer(store.Transfer{Ceremony: f.S.ID(), Unit: units[0], Kind: store.TransferPolice, To: "承德市公安局", Reason: "涉嫌伪造"}, "2026-11-20", "刘")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.DB.SetTransferStatus(tr.ID, "已移送", "2026-11-21", "刘", "已送达"); err != nil {
		t.Fatal(err)
	}
	if err := f.DB.MarkDishonest(f.S.ID(), units[0], "2026-11-01", "", "刘", "迟报且拒不改正"); err != nil {
		t.Fatal(err)
	}
	if err := f.DB.PublishPenalty(p.DecisionNo, "2026-11-25", "王公示", ""); err != nil {
		t.Fatal(err)
	}
	if err := f.DB.PublishPenalty(alone.DecisionNo, "2026-11-26", "王公示", ""); err != nil {
		t.Fatal(err)
	}
	steps, err := f.DB.Steps(f.S.ID())
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]uint64{}
	for _, s := range steps {
		if _, ok := first[s.Kind]; !ok {
			first[s.Kind] = s.Seq
		}
	}
	return f, first
}

// Every after-seal event is a step of the ceremony's chain; nothing is
// updated in place; the lists read the index, which Check finds in step
// with the chains; the exported record verifies.
func TestAfterSealEventsAreChained(t *testing.T) {
	f, first := afterSeal(t)
	unit := f.S.Ceremony().CurrentUnits(f.Counties()[0])[0]
	steps, _ := f.DB.Steps(f.S.ID())
	var kinds []string
	for _, s := range steps {
		if sampling.AfterSeal(s.Kind) {
			kinds = append(kinds, s.Kind)
		}
	}
	want := []string{"result", "publication", "result", "penalty", "penalty", "transfer", "transfer_status", "dishonest", "penalty_publication"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("after-seal kinds %v, want %v", kinds, want)
	}
	for _, k := range sampling.EntryKinds {
		if first[k] == 0 {
			t.Errorf("no %s step", k)
		}
	}
	// The correction points at the result it replaces and gives the reason.
	var e sampling.Entry
	json.Unmarshal(steps[first["publication"]].Payload, &e) // the step after the publication is the correction
	if e.Corrects != first["result"] || e.Reason != "复核原始记录发现迟报" || e.Operator != "刘录入" {
		t.Fatalf("correction entry %+v, want corrects %d", e, first["result"])
	}
	r, ok, err := f.DB.Result(f.S.ID(), unit)
	if err != nil || !ok || r.Corrected != "2026-11-26" || r.Published != "2026-10-09" || r.Seq != first["publication"]+1 || r.Dishonest == nil {
		t.Fatalf("result index %+v %v", r, err)
	}
	ps, _ := f.DB.Penalties()
	if len(ps) != 2 || ps[0].FineWan != "2" || ps[0].Reason != "罚款金额录错" || ps[1].Ceremony != "" ||
		ps[0].Published != "2026-11-25" || ps[1].Published != "2026-11-26" || ps[1].PublishedBy != "王公示" {
		t.Fatalf("penalties %+v", ps)
	}
	if problems, err := f.DB.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	c, err := f.DB.SealedCeremony(f.S.ID())
	if err != nil {
		t.Fatal(err)
	}
	rec, err := sampling.NewRecord(f.S.ID(), c)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Head != steps[len(steps)-1].Hash || rec.VerificationCode == rec.Head {
		t.Fatalf("record head %s", rec.Head)
	}
	if _, err := sampling.Verify(rec); err != nil {
		t.Fatal(err)
	}
	h, err := f.DB.History(f.S.ID(), "")
	if err != nil || len(h) != len(want) {
		t.Fatalf("history %d entries, want %d: %v", len(h), len(want), err)
	}
}

// rawEdit closes the fixture's database, edits it with bbolt directly and
// opens it again.
func rawEdit(t *testing.T, f *fixture.Fixture, fn func(tx *bolt.Tx) error) *store.DB {
	t.Helper()
	path := f.DB.Path()
	f.DB.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := store.Open(path, store.Options{Now: f.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func seqKey(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// A step of every after-seal kind edited, dropped or moved is caught by
// check, naming the ceremony and the step.
func TestTamperAfterSealSteps(t *testing.T) {
	kinds := append([]string{sampling.StepSubstitute}, sampling.EntryKinds...)
	for _, kind := range kinds {
		for _, how := range []string{"edit", "drop", "reorder"} {
			t.Run(kind+"/"+how, func(t *testing.T) {
				f, first := afterSeal(t)
				if kind == sampling.StepSubstitute {
					// a member of another county's team, who inspected nothing yet
					county := f.Counties()[1]
					if err := f.S.Substitute(sampling.SubstituteInspector, county, f.S.Ceremony().CurrentTeam(county)[1], "回避", "张操作"); err != nil {
						t.Fatal(err)
					}
					steps, _ := f.DB.Steps(f.S.ID())
					first[kind] = steps[len(steps)-1].Seq
				}
				n := first[kind]
				id := f.S.ID()
				db := rawEdit(t, f, func(tx *bolt.Tx) error {
					b := tx.Bucket([]byte("ceremonies")).Bucket([]byte(id))
					v := slices.Clone(b.Get(seqKey(n)))
					switch how {
					case "edit":
						var s sampling.Step
						json.Unmarshal(v, &s)
						s.Payload = []byte(strings.Replace(string(s.Payload), `"`, `" `, 1))
						v, _ = json.Marshal(s)
						return b.Put(seqKey(n), v)
					case "drop":
						return b.Delete(seqKey(n))
					}
					other := n - 1 // the step before
					w := slices.Clone(b.Get(seqKey(other)))
					if err := b.Put(seqKey(n), w); err != nil {
						return err
					}
					return b.Put(seqKey(other), v)
				})
				problems, err := db.Check()
				if err != nil {
					t.Fatal(err)
				}
				text := strings.Join(problems, "\n")
				if !strings.Contains(text, "仪式 "+id+" 第 ") {
					t.Fatalf("%s of a %s step not named:\n%s", how, kind, text)
				}
				if _, err := db.Steps(id); err == nil {
					t.Fatalf("%s of a %s step: the chain still reads", how, kind)
				}
			})
		}
	}
}

// The after-seal rules hold even when a tamperer rebuilds the hashes: a
// step dropped, moved or edited and the chain re-hashed is refused by the
// replay, naming the step.
func TestRehashedAfterSealStepsRefused(t *testing.T) {
	f, first := afterSeal(t)
	steps, _ := f.DB.Steps(f.S.ID())
	rehash := func(ss []sampling.Step) []sampling.Step {
		prev := sampling.GenesisHash
		for i := range ss {
			ss[i].Seq, ss[i].Prev = uint64(i+1), prev
			ss[i].Hash = sampling.StepHash(prev, ss[i].Seq, ss[i].Kind, ss[i].At, ss[i].Payload)
			prev = ss[i].Hash
		}
		return ss
	}
	edit := func(i int, fn func(e *sampling.Entry)) []sampling.Step {
		ss := slices.Clone(steps)
		var e sampling.Entry
		json.Unmarshal(ss[i].Payload, &e)
		fn(&e)
		ss[i].Payload, _ = json.Marshal(e)
		return rehash(ss)
	}
	r := int(first["result"]) - 1
	for _, tc := range []struct {
		name, want string
		steps      []sampling.Step
	}{
		{"result dropped", "没有检查结果", rehash(slices.Delete(slices.Clone(steps), r, r+1))},
		{"publication before its result", "没有检查结果", rehash(append(append(slices.Clone(steps[:r]), steps[r+1], steps[r]), steps[r+2:]...))},
		{"correction without a reason", "理由", edit(r+2, func(e *sampling.Entry) { e.Reason = "" })},
		{"correction names another step", "更正指向", edit(r+2, func(e *sampling.Entry) { e.Corrects = 3 })},
		{"second result not a correction", "须是更正", edit(r+2, func(e *sampling.Entry) { e.Corrects = 0 })},
		{"no operator", "操作人", edit(r, func(e *sampling.Entry) { e.Operator = "" })},
		{"status goes back", "状态只能向前", edit(int(first["transfer_status"])-1, func(e *sampling.Entry) {
			e.Data = json.RawMessage(`{"status":"待移送","date":"2026-11-21","note":""}`)
		})},
	} {
		_, err := sampling.Replay(tc.steps)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "第 ") {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// An index entry changed, added or removed outside the program is found
// by check, which rebuilds the index from the chains.
func TestCheckRebuildsTheIndex(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		fn         func(tx *bolt.Tx, id, unit string) error
	}{
		{"result changed", "索引与日志重建的结果不符", func(tx *bolt.Tx, id, unit string) error {
			b := tx.Bucket([]byte("results"))
			k := []byte(id + "\x00" + unit)
			return b.Put(k, []byte(strings.Replace(string(b.Get(k)), "迟报统计资料", store.CodeNoProblem, 1)))
		}},
		{"result removed", "索引中缺失", func(tx *bolt.Tx, id, unit string) error {
			return tx.Bucket([]byte("results")).Delete([]byte(id + "\x00" + unit))
		}},
		{"penalty added", "任何日志中都没有", func(tx *bolt.Tx, id, unit string) error {
			return tx.Bucket([]byte("penalties")).Put([]byte("伪造文号"), []byte(`{}`))
		}},
		{"history entry of a result removed", "检查历史", func(tx *bolt.Tx, id, unit string) error {
			b := tx.Bucket([]byte("inspections"))
			var keys [][]byte
			b.ForEach(func(k, _ []byte) error {
				if strings.Contains(string(k), unit+"\x00") && strings.Contains(string(k), "ceremony:") {
					keys = append(keys, slices.Clone(k))
				}
				return nil
			})
			for _, k := range keys {
				b.Delete(k)
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := afterSeal(t)
			id, unit := f.S.ID(), f.S.Ceremony().CurrentUnits(f.Counties()[0])[0]
			db := rawEdit(t, f, func(tx *bolt.Tx) error { return tc.fn(tx, id, unit) })
			problems, err := db.Check()
			if err != nil || !strings.Contains(strings.Join(problems, "\n"), tc.want) {
				t.Fatalf("check: %v %v, want %q", problems, err, tc.want)
			}
			// The reads refuse the changed index too, instead of showing it.
			_, rerr := db.Results(id)
			_, perr := db.Penalties()
			herr := db.EachInspection(func(store.Inspection) error { return nil })
			if !errors.Is(rerr, store.ErrCorrupt) && !errors.Is(perr, store.ErrCorrupt) && !errors.Is(herr, store.ErrCorrupt) {
				t.Fatalf("the reads show the changed index: %v / %v / %v", rerr, perr, herr)
			}
		})
	}
}

// A database of schema version 4 kept results, publications, penalties,
// transfers and dishonest marks as records updated in place; opening it
// appends them to the chains as entries and makes those buckets an index.
func TestMigrateRecordsToEntries(t *testing.T) {
	f := fixture.New(t, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	id := f.S.ID()
	county := f.Counties()[0]
	units := f.S.Ceremony().CurrentUnits(county)
	team := f.S.Ceremony().CurrentTeam(county)
	before, _ := f.DB.Steps(id)
	teamJSON, _ := json.Marshal(team)
	old := map[string]map[string]string{
		"results": {
			id + "\x00" + units[0]: `{"ceremony":"` + id + `","unit":"` + units[0] + `","county":"` + county + `","matter":"SJ-001","start":"2026-09-10","end":"2026-09-11","team":` + string(teamJSON) + `,"codes":["迟报统计资料"],"entered_by":"刘录入","entered_at":"2026-09-12T10:00:00+08:00","published":"2026-09-20","published_by":"王公示","dishonest":{"from":"2026-10-01","by":"刘","reason":"拒不改正","at":"2026-10-01T09:00:00+08:00"}}`,
			id + "\x00" + units[1]: `{"ceremony":"` + id + `","unit":"` + units[1] + `","county":"` + county + `","matter":"SJ-001","start":"2026-09-10","end":"2026-09-10","team":` + string(teamJSON) + `,"codes":["未发现问题"],"entered_by":"刘录入","entered_at":"2026-09-11T10:00:00+08:00"}`,
		},
		"penalties": {
			"承统罚决字〔2026〕第1号": `{"ceremony":"` + id + `","unit":"` + units[0] + `","name":"示例单位1-1","uscc":"` + testPenalty().USCC + `","decision_no":"承统罚决字〔2026〕第1号","violation_type":"迟报统计资料","facts":"迟报","basis":"统计法","category":"警告","content":"警告","fine_wan":"","decision_date":"2026-10-20","public_until":"2027-04-20","authority":"承德市统计局","authority_uscc":"` + testPenalty().AuthorityUSCC + `","source":"承德市统计局","entered_by":"刘","entered_at":"2026-10-20T10:00:00+08:00"}`,
			"承统罚决字〔2026〕第9号": `{"name":"其他单位","uscc":"` + testPenalty().USCC + `","decision_no":"承统罚决字〔2026〕第9号","violation_type":"拒报","facts":"拒报","basis":"统计法","category":"警告","content":"警告","fine_wan":"","decision_date":"2026-10-21","public_until":"2027-04-21","authority":"承德市统计局","authority_uscc":"` + testPenalty().AuthorityUSCC + `","source":"承德市统计局","entered_by":"刘","entered_at":"2026-10-21T10:00:00+08:00"}`,
		},
		"transfers": {
			"YS-000001": `{"id":"YS-000001","ceremony":"` + id + `","unit":"` + units[0] + `","kind":"公安机关","to":"承德市公安局","reason":"涉嫌伪造","status":"已受理","log":[{"status":"待移送","date":"2026-10-22","by":"刘","at":"2026-10-22T10:00:00+08:00"},{"status":"已受理","date":"2026-10-25","by":"刘","note":"立案","at":"2026-10-25T10:00:00+08:00"}]}`,
		},
	}
	db := rawEdit(t, f, func(tx *bolt.Tx) error {
		for b, kv := range old {
			for k, v := range kv {
				if err := tx.Bucket([]byte(b)).Put([]byte(k), []byte(v)); err != nil {
					return err
				}
			}
		}
		for _, u := range []string{units[0] + "\x00SJ-001", units[1] + "\x00SJ-001"} {
			date := "2026-09-11"
			if strings.HasPrefix(u, units[1]) {
				date = "2026-09-10"
			}
			v, _ := json.Marshal(store.Inspection{Unit: strings.Split(u, "\x00")[0], Date: date, Matter: "SJ-001", Source: store.SourceCeremony(id)})
			if err := tx.Bucket([]byte("inspections")).Put([]byte(date+"\x00"+u+"\x00"+store.SourceCeremony(id)), v); err != nil {
				return err
			}
		}
		tx.DeleteBucket([]byte("logs"))
		tx.DeleteBucket([]byte("log_meta"))
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte("4"))
	})
	steps, err := db.Steps(id)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, s := range steps[len(before):] {
		kinds = append(kinds, s.Kind)
	}
	// results in the order entered, then publications, marks, penalties, transfers
	want := []string{"result", "result", "publication", "dishonest", "penalty", "transfer", "transfer_status"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("migrated steps %v, want %v", kinds, want)
	}
	var e sampling.Entry
	json.Unmarshal(steps[len(before)].Payload, &e)
	if e.Unit != units[1] || !strings.Contains(e.Reason, "2026-09-11T10:00:00+08:00") || e.Operator != "刘录入" {
		t.Fatalf("first migrated entry %+v", e)
	}
	r, _, _ := db.Result(id, units[0])
	if r.Published != "2026-09-20" || r.PublishedBy != "王公示" || r.Dishonest == nil || !strings.HasPrefix(r.Dishonest.Reason, "拒不改正(自结构版本 4 迁入") {
		t.Fatalf("migrated result %+v", r)
	}
	tr, _ := db.Transfers()
	if len(tr) != 1 || tr[0].ID != "YS-000001" || tr[0].Status != "已受理" || len(tr[0].Log) != 2 || tr[0].Log[1].Note != "立案" {
		t.Fatalf("migrated transfers %+v", tr)
	}
	ps, _ := db.Penalties()
	if len(ps) != 2 || ps[1].Ceremony != "" || ps[0].Ceremony != id {
		t.Fatalf("migrated penalties %+v", ps)
	}
	if problems, err := db.Check(); err != nil || len(problems) != 0 {
		t.Fatalf("check after the migration: %v %v", problems, err)
	}
	// The next transfer takes the next number.
	next, err := db.AddTransfer(store.Transfer{Ceremony: id, Unit: units[0], Kind: store.TransferDepartment, To: "市场监管局", Reason: "线索"}, "2026-11-01", "刘")
	if err != nil || next.ID != "YS-000002" {
		t.Fatalf("transfer after the migration %+v %v", next, err)
	}
}

// BenchmarkEntryAppend: one result correction, appended to the chain of a
// sealed ceremony with its index in one fsynced transaction (the ceremony
// is replayed to check the entry, as every entry is).
func BenchmarkEntryAppend(b *testing.B) {
	f := fixture.New(b, "2026-09-01", 6, 3)
	f.Clock.Set("2026-11-25")
	unit := f.S.Ceremony().CurrentUnits(f.Counties()[0])[0]
	f.Put(b, unit, "2026-09-10", "2026-09-11", store.CodeNoProblem)
	codes := []string{"迟报统计资料", store.CodeNoProblem}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.DB.PutResult(store.ResultInput{Ceremony: f.S.ID(), Unit: unit, Start: "2026-09-10", End: "2026-09-11",
			Codes: []string{codes[i%2]}, EnteredBy: "刘", Reason: "基准测试"}); err != nil {
			b.Fatal(err)
		}
	}
}

// A reason with a line break is refused before anything is written, by the
// rule the verifiers apply to every entry's texts.
func TestReasonWithALineBreakRefused(t *testing.T) {
	f, _ := afterSeal(t)
	unit := f.S.Ceremony().CurrentUnits(f.Counties()[0])[0]
	before, _ := f.DB.Steps(f.S.ID())
	_, err := f.DB.PutResult(store.ResultInput{Ceremony: f.S.ID(), Unit: unit, Start: "2026-09-10", End: "2026-09-11",
		Codes: []string{store.CodeNoProblem}, EnteredBy: "刘", Reason: "第一行\n第二行"})
	var fe *store.FieldError
	if !errors.As(err, &fe) || fe.Field != "reason" {
		t.Fatalf("a reason with a line break: %v", err)
	}
	if err := f.DB.MarkPublished(f.S.ID(), unit, "2026-10-10", "王", "改\t日期"); err == nil || !strings.Contains(err.Error(), "制表符或换行") {
		t.Fatalf("a publication reason with a TAB: %v", err)
	}
	p := testPenalty()
	p.Ceremony, p.Unit = f.S.ID(), unit
	p.Reason = "a\nb"
	p.FineWan = "3"
	if _, err := f.DB.PutPenalty(p); err == nil || !strings.Contains(err.Error(), "制表符或换行") {
		t.Fatalf("a penalty reason with a line break: %v", err)
	}
	if after, _ := f.DB.Steps(f.S.ID()); len(after) != len(before) {
		t.Fatalf("%d steps written", len(after)-len(before))
	}
}
