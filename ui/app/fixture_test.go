package app_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"shuangsui/sampling"
	"shuangsui/store"
	"shuangsui/store/excel"
	"shuangsui/store/session"
	"shuangsui/ui/app"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// update is the -update flag that teatest's golden package defines:
// rewrite the golden files.
func update() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	common.FixWidths()
	os.Exit(m.Run())
}

var clock = time.Date(2026, 11, 25, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// fixture is a small synthetic library: four active counties and one
// inactive, a few units each, eight inspectors, two matters.
func fixture(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	counties := []store.County{
		{Code: "130802", Name: "双桥区", Active: true},
		{Code: "130803", Name: "双滦区", Active: true},
		{Code: "130821", Name: "承德县", Active: true},
		{Code: "130822", Name: "兴隆县", Active: true},
		{Code: "130824", Name: "滦平县", Active: false},
	}
	must(t, func() error {
		_, err := db.ImportCounties(store.ImportOptions{}, func(put func(store.County) error) error {
			for _, c := range counties {
				if err := put(c); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	})
	cats := []string{"规上工业", "限上批零住餐", "规上服务业"}
	names := []string{"承德钢铁制品有限公司", "滦河食品有限责任公司", "避暑山庄商贸有限公司", "燕山建材厂", "热河酒店管理有限公司", "兴隆山楂饮品有限公司", "雾灵山矿业有限公司", "ABC Trading Co"}
	must(t, func() error {
		_, err := db.ImportUnits(store.ImportOptions{}, func(put func(store.Unit) error) error {
			n := 0
			for ci, c := range counties {
				for i := 0; i < 6+ci; i++ {
					n++
					u := store.Unit{
						ID: excel.SyntheticUSCC(c.Code, n), Name: fmt.Sprintf("%s%d", names[n%len(names)], n),
						County: c.Code, Category: cats[n%len(cats)], DirectReporting: n%5 != 0, Status: store.StatusActive,
					}
					if n%11 == 0 {
						u.Status = store.StatusClosed
					}
					if err := put(u); err != nil {
						return err
					}
				}
			}
			return nil
		})
		return err
	})
	must(t, func() error {
		_, err := db.ImportInspectors(store.ImportOptions{}, func(put func(store.Inspector) error) error {
			people := []string{"张明", "李华", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "周婷"}
			for i, p := range people {
				in := store.Inspector{
					ID: fmt.Sprintf("冀统执%04d", 101+i), Name: p, Department: "市统计局",
					HomeCounty: counties[i%4].Code, Specialties: []string{"综合", "工业"},
					LeaderQualified: i%3 == 0, ValidUntil: "2028-12-31", Active: true,
					Training: []store.Training{{Date: "2026-03-01", Days: 2, Topic: "统计执法"}},
				}
				if i == 7 {
					in.HomeCounty = ""
					in.ValidUntil = "2026-06-30"
				}
				if err := put(in); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	})
	must(t, func() error {
		_, err := db.ImportMatters(store.ImportOptions{}, func(put func(store.Matter) error) error {
			for _, m := range []store.Matter{
				{Code: "SJ-001", Name: "统计数据质量检查", Basis: "《中华人民共和国统计法》第三十三条", Content: "统计数据真实性、准确性、完整性", Organisation: "承德市统计局", Specialty: "综合"},
				{Code: "SJ-002", Name: "统计台账检查", Basis: "《统计法实施条例》", Content: "原始记录和统计台账", Organisation: "承德市统计局", Specialty: "工业"},
			} {
				if err := put(m); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	})
	return db
}

func must(t testing.TB, f func() error) {
	t.Helper()
	if err := f(); err != nil {
		t.Fatal(err)
	}
}

// failing wraps a session and fails its next n calls of the named method.
type failing struct {
	common.Session
	fail map[string]error
}

func (f *failing) err(name string) error {
	if e, ok := f.fail[name]; ok {
		delete(f.fail, name)
		return e
	}
	return nil
}
func (f *failing) AddWitness(w sampling.Witness) error {
	if e := f.err("AddWitness"); e != nil {
		return e
	}
	return f.Session.AddWitness(w)
}
func (f *failing) FixSeed() error {
	if e := f.err("FixSeed"); e != nil {
		return e
	}
	return f.Session.FixSeed()
}
func (f *failing) Next() error {
	if e := f.err("Next"); e != nil {
		return e
	}
	return f.Session.Next()
}

// harness drives the root model directly: each message goes through
// Update and the commands it returns are run at once, like the runtime.
type harness struct {
	t      testing.TB
	m      *app.Model
	db     *store.DB
	dir    string
	failOn map[string]error // errors the next session calls return
}

func newHarness(t testing.TB, l lang.Lang) *harness { return newHarnessOn(t, fixture(t), l) }

func newHarnessOn(t testing.TB, db *store.DB, l lang.Lang) *harness {
	return newHarnessAt(t, db, l, clock)
}

// newHarnessAt is newHarnessOn with the app's clock at now.
func newHarnessAt(t testing.TB, db *store.DB, l lang.Lang, now time.Time) *harness {
	h := &harness{t: t, db: db, dir: t.TempDir(), failOn: map[string]error{}}
	wrap := func(s *session.Session) common.Session { return &failing{Session: s, fail: h.failOn} }
	be := &common.Backend{
		DB: db,
		Start: func(info sampling.Info, f sampling.Frame) (common.Session, error) {
			s, err := session.Start(db, info, f)
			if err != nil {
				return nil, err
			}
			return wrap(s), nil
		},
		Resume: func(id string) (common.Session, error) {
			s, err := session.Resume(db, id)
			if err != nil {
				return nil, err
			}
			return wrap(s), nil
		},
		ExportDir: h.dir,
		DBPath:    "t.db",
		Now:       func() time.Time { return now },
	}
	h.m = app.New(app.Options{Lang: l, Backend: be, NoAnimation: true})
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	for _, msg := range run(h.m.Init()) {
		h.send(msg)
	}
	return h
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	queue := []tea.Msg{msg}
	for len(queue) > 0 && len(queue) < 100 {
		msg := queue[0]
		queue = queue[1:]
		_, cmd := h.m.Update(msg)
		queue = append(queue, run(cmd)...)
	}
}

func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, run(c)...)
		}
		return out
	case tea.QuitMsg:
		return nil
	}
	return []tea.Msg{msg}
}

func (h *harness) key(k string) {
	h.t.Helper()
	switch k {
	case "enter":
		h.send(tea.KeyMsg{Type: tea.KeyEnter})
	case "esc":
		h.send(tea.KeyMsg{Type: tea.KeyEsc})
	case "up":
		h.send(tea.KeyMsg{Type: tea.KeyUp})
	case "down":
		h.send(tea.KeyMsg{Type: tea.KeyDown})
	case "left":
		h.send(tea.KeyMsg{Type: tea.KeyLeft})
	case "right":
		h.send(tea.KeyMsg{Type: tea.KeyRight})
	case "tab":
		h.send(tea.KeyMsg{Type: tea.KeyTab})
	case "ctrl+c":
		h.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	case "backspace":
		h.send(tea.KeyMsg{Type: tea.KeyBackspace})
	case "f2":
		h.send(tea.KeyMsg{Type: tea.KeyF2})
	case "f3":
		h.send(tea.KeyMsg{Type: tea.KeyF3})
	default:
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
	}
}

// typeText sends Chinese or ASCII text as one KeyRunes message, the way a
// terminal delivers an input method's commit.
func (h *harness) typeText(s string) {
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func (h *harness) page() common.Page { return h.m.Page() }

func (h *harness) expectPage(p common.Page) {
	h.t.Helper()
	if got := h.page(); got != p {
		st, _ := h.m.Status()
		h.t.Fatalf("page = %d, want %d; status %q\n%s", got, p, st, h.m.View())
	}
}

func (h *harness) status() string { s, _ := h.m.Status(); return s }

// golden compares the view with testdata/name.golden.
func golden(t testing.TB, name, view string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if update() {
		if err := os.WriteFile(path, []byte(view), 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if string(want) != view {
		t.Errorf("%s differs from the golden file; got:\n%s\nwant:\n%s", name, view, want)
	}
}

var errInjected = errors.New("磁盘已满(测试注入)")

// Substitute passes the sealed screen's substitution to the session, or
// fails as the test asks.
func (f *failing) Substitute(kind, county, out, reason, operator string) error {
	if err := f.err("Substitute"); err != nil {
		return err
	}
	return f.Session.(interface {
		Substitute(kind, county, out, reason, operator string) error
	}).Substitute(kind, county, out, reason, operator)
}
