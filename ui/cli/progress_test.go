package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeProgress is a progress printer whose clock the test moves.
func fakeProgress(inline bool) (*progress, *bytes.Buffer, *time.Time) {
	var buf bytes.Buffer
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := t0
	return &progress{w: &buf, inline: inline, now: func() time.Time { return clock }, start: t0}, &buf, &clock
}

func TestProgressLines(t *testing.T) {
	for _, c := range []struct {
		name   string
		inline bool
		pct    func(i int) int // the share done at the i-th update, one update per 100 ms
		n      int             // updates
		want   []string        // the lines written (plain mode) or the in-place count
	}{
		{"log, known total: a line after a second, then every 10 %", false, func(i int) int { return i / 3 }, 300,
			[]string{"3", "10", "20", "30", "40", "50", "60", "70", "80", "90"}},
		{"log, unknown total: a line after a second, then every 10 s", false, func(int) int { return -1 }, 350,
			[]string{"10", "110", "210", "310"}},
		{"log, a job shorter than a second: nothing", false, func(i int) int { return i * 10 }, 9, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, buf, clock := fakeProgress(c.inline)
			for i := 1; i <= c.n; i++ {
				*clock = clock.Add(100 * time.Millisecond)
				pct := c.pct(i)
				label := pct
				if pct < 0 {
					label = i
				}
				p.Show(strconv.Itoa(label), min(pct, 99))
			}
			p.Done()
			out := buf.String()
			if strings.Contains(out, "\r") {
				t.Fatalf("\\r in output that is not a terminal: %q", out)
			}
			got := strings.Fields(out)
			if strings.Join(got, " ") != strings.Join(c.want, " ") || (out != "" && !strings.HasSuffix(out, "\n")) {
				t.Errorf("lines %q, want %q", out, c.want)
			}
		})
	}
}

// On a terminal the line is rewritten in place, at most every 300 ms, and
// Done ends it with a newline; a shorter line covers the longer one.
func TestProgressInPlace(t *testing.T) {
	p, buf, clock := fakeProgress(true)
	for i := 1; i <= 31; i++ {
		*clock = clock.Add(100 * time.Millisecond)
		line := "已读取 1000 行"
		if i == 31 {
			line = "短"
		}
		p.Show(line, -1)
	}
	p.Done()
	out := buf.String()
	if n := strings.Count(out, "\r"); n != 8 { // at 1.0, 1.3, … 2.8 s and the last at 3.1 s
		t.Errorf("%d in-place updates, want 8: %q", n, out)
	}
	if !strings.HasSuffix(out, "\r短"+strings.Repeat(" ", 13)+"\n") {
		t.Errorf("the last line does not cover the longer one: %q", out)
	}
}

// A command whose output goes to a file or a pipe gets plain lines.
func TestProgressIsPlainUnlessATerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	for _, env := range []*Env{{Stdout: f, Stderr: f}, {Stdout: &buf, Stderr: f}, {Stdout: f, Stderr: &buf}} {
		if p := newProgress(env); p.inline {
			t.Errorf("in place on %T/%T", env.Stdout, env.Stderr)
		}
	}
}
