package imports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"shuangsui/store/excel"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// TestPulse: the bar keeps its width at every frame, moves to and fro, and
// draws with ASCII only when there is no colour.
func TestPulse(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	seen := map[int]bool{}
	for frame := range 200 {
		p := Pulse(40, frame, lipgloss.Color("4"))
		if w := lipgloss.Width(p); w != 40 {
			t.Fatalf("frame %d: %d cells: %q", frame, w, p)
		}
		if strings.Trim(p, "[]#.") != "" || strings.Count(p, "#") != 7 {
			t.Fatalf("frame %d: %q", frame, p)
		}
		seen[strings.Index(p, "#")] = true
	}
	if !seen[1] || !seen[40-1-7] {
		t.Errorf("the block does not reach both ends: %v", seen)
	}
}

// TestPlain: ambiguous-width punctuation in importer messages becomes ASCII.
func TestPlain(t *testing.T) {
	if got := Plain("请在“校验码例外”列填“是”…"); got != `请在"校验码例外"列填"是"...` {
		t.Fatalf("%q", got)
	}
}

// TestBar: the estimated-total bar keeps its width, fills in proportion and
// draws with ASCII only when there is no colour.
func TestBar(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	for _, tc := range []struct {
		frac float64
		fill int
	}{{0, 0}, {0.01, 1}, {0.5, 31}, {0.99, 61}, {1, 62}, {1.5, 62}, {-1, 0}} {
		b := Bar(64, tc.frac, lipgloss.AdaptiveColor{Light: "#005F87", Dark: "#5FD7FF"})
		if w := lipgloss.Width(b); w != 64 {
			t.Errorf("%v: %d cells: %q", tc.frac, w, b)
		}
		want := "[" + strings.Repeat("#", tc.fill) + strings.Repeat(".", 62-tc.fill) + "]"
		if b != want {
			t.Errorf("%v:\n got %q\nwant %q", tc.frac, b, want)
		}
	}
}

// TestCount: thousands separated by commas.
func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 12000: "12,000", 1000000: "1,000,000", -1234: "-1,234"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// newRunning returns the screen with an import of a small CSV started (its
// commands not run) and the command that started it.
func newRunning(t *testing.T, l lang.Lang) (*Model, string, tea.Cmd) {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	path := filepath.Join(t.TempDir(), "units.csv")
	if err := os.WriteFile(path, []byte("统一社会信用代码,单位名称,县(市、区),单位类别\n1,甲,双桥区,规上工业\n2,乙,双桥区,规上工业\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Styles: common.DefaultStyles(), KeyMap: common.DefaultKeyMap(l.T), Lang: l, Backend: &common.Backend{}}
	m := New(c)
	m.SetSize(80, 30)
	m.form.Fields[fFile].Input.SetValue(path)
	cmd := m.start()
	if m.st != stRunning || m.run != 1 {
		t.Fatalf("the import did not start: %q", m.formErr)
	}
	return m, path, cmd
}

// TestRunningWithEstimate: with an estimate the screen shows a bar that
// fills in proportion, the rows read of about how many and the percentage,
// held at 99% until the import ends; an estimate of another run, or none,
// leaves the moving block.
func TestRunningWithEstimate(t *testing.T) {
	m, path, _ := newRunning(t, lang.ZH)
	if msg := estimate(1, path)(); msg != (EstimateMsg{Run: 1, Rows: 2, OK: true}) {
		t.Fatalf("estimate of the CSV: %+v", msg)
	}
	pulse := func() bool { return strings.Contains(m.View(), "进度条来回移动") }
	m.Update(EstimateMsg{Run: 7, Rows: 1000000, OK: true}) // another run's: ignored
	m.Update(EstimateMsg{Run: 1, Rows: 0, OK: false})
	if !pulse() {
		t.Fatalf("no estimate, yet no moving block:\n%s", m.View())
	}
	m.Update(EstimateMsg{Run: 1, Rows: 1000000, OK: true})
	m.Update(ProgressMsg{Run: 1, Rows: 12000, Elapsed: 4 * time.Second})
	v := m.View()
	for _, want := range []string{
		"[#" + strings.Repeat(".", 61) + "]",
		"已读取 12,000 / 约 1,000,000 行 (1%)   每秒 3,000 行   已用 4.0 秒",
		"全部读完之前进度最多显示 99%",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if pulse() {
		t.Errorf("the moving block's note stays:\n%s", v)
	}
	if strings.Contains(v, "导入完成") || strings.Contains(v, "Imported") {
		t.Errorf("the running view uses the done screen's words:\n%s", v)
	}
	if _, cmd := m.Update(tickMsg{run: 1}); cmd != nil {
		t.Error("the block still ticks with an estimate")
	}

	// The last rows: 99% at most; more rows than estimated: said so.
	m.Update(ProgressMsg{Run: 1, Rows: 1000000, Elapsed: 300 * time.Second})
	if v := m.View(); !strings.Contains(v, "已读取 1,000,000 / 约 1,000,000 行 (99%)") || !strings.Contains(v, "["+strings.Repeat("#", 61)+".]") {
		t.Errorf("at the estimate:\n%s", v)
	}
	m.Update(ProgressMsg{Run: 1, Rows: 1000500, Elapsed: 301 * time.Second})
	if v := m.View(); !strings.Contains(v, "已读取 1,000,500 行, 多于估计的约 1,000,000 行") {
		t.Errorf("past the estimate:\n%s", v)
	}
	if v := m.View(); strings.ContainsAny(v, "█░▓▒━─") {
		t.Errorf("block or box glyphs:\n%s", v)
	}
	// The import ends: the estimate is gone with the running view.
	m.Update(DoneMsg{Run: 1, Report: excel.Report{Rows: 1000500}, Elapsed: 302 * time.Second})
	if v := m.View(); strings.Contains(v, "约 1,000,000") {
		t.Errorf("the estimate outlives the import:\n%s", v)
	}
}

// TestRunningWithEstimateEnglish: the English counts line.
func TestRunningWithEstimateEnglish(t *testing.T) {
	m, _, _ := newRunning(t, lang.EN)
	m.Update(EstimateMsg{Run: 1, Rows: 4000, OK: true})
	m.Update(ProgressMsg{Run: 1, Rows: 1000, Elapsed: time.Second})
	if v := m.View(); !strings.Contains(v, "1,000 of about 4,000 rows read (25%)   1,000 rows/s   1.0 s") ||
		!strings.Contains(v, "["+strings.Repeat("#", 16)+strings.Repeat(".", 46)+"]") {
		t.Errorf("English running view:\n%s", v)
	}
}
