package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/mattn/go-runewidth"
)

// progress shows how far a long job (an import of a million rows) has
// come, on standard error. Every command that reports progress uses it.
//
// On a terminal it rewrites one line in place ("\r") at most every 300 ms.
// When standard output or standard error is not a terminal (a log file, a
// pipe, a scheduled task) it never writes "\r": it prints a plain line once
// the job has run a second, then each time the job passes another 10 %, or,
// when the total is not known, every 10 seconds. Nothing is shown during the
// first second, so that short jobs stay quiet.
type progress struct {
	w      io.Writer
	inline bool             // rewrite one line with "\r" (a terminal)
	now    func() time.Time // the clock; time.Now outside tests
	start  time.Time
	last   time.Time // when the last line was written
	tenth  int       // the last 10 % step printed as a plain line
	width  int       // the widest line written in place
	shown  bool      // an in-place line is on the screen
}

// Progress intervals.
const (
	progressQuiet  = time.Second            // nothing before this
	progressInline = 300 * time.Millisecond // between in-place rewrites
	progressPlain  = 10 * time.Second       // between plain lines when the total is unknown
)

// newProgress makes the progress printer of a command: in place when both
// its standard output and standard error are terminals, plain lines
// otherwise.
func newProgress(env *Env) *progress {
	return &progress{w: env.Stderr, inline: isTerminal(env.Stdout) && isTerminal(env.Stderr), now: time.Now, start: time.Now()}
}

// isTerminal reports whether w is a terminal (a console on Windows).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// Show reports the job's state as line; pct is the share done (0–100), or
// -1 when the total is not known.
func (p *progress) Show(line string, pct int) {
	now := p.now()
	if now.Sub(p.start) < progressQuiet {
		return
	}
	if p.inline {
		if now.Sub(p.last) < progressInline {
			return
		}
		p.last = now
		// Spaces cover what a longer previous line left.
		w := runewidth.StringWidth(line)
		fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", max(1, p.width-w+1)))
		p.width, p.shown = max(p.width, w), true
		return
	}
	switch {
	case pct >= 0 && pct/10 > p.tenth:
		p.tenth = pct / 10
	case now.Sub(p.last) >= progressPlain && (pct < 0 || p.last.IsZero()):
	default:
		return
	}
	p.last = now
	fmt.Fprintln(p.w, line)
}

// Done ends the in-place line, if one is shown, so that what follows
// starts on a line of its own.
func (p *progress) Done() {
	if p.shown {
		fmt.Fprintln(p.w)
		p.shown = false
	}
}
