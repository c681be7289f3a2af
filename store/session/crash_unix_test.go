//go:build unix

package session

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"shuangsui/store"
)

// TestCrashChild is the child process of the kill test: it runs the
// ceremony and kills itself with SIGKILL right after step N is committed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("SHUANGSUI_CRASH_DB")
	if path == "" {
		t.Skip("only run as the child of TestKilledAtEveryStepResumesIdentically")
	}
	at, _ := strconv.Atoi(os.Getenv("SHUANGSUI_CRASH_AT"))
	resume := os.Getenv("SHUANGSUI_CRASH_RESUME")
	db, err := store.Open(path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	Run(db, testAnswers(), resume, func(s *Session) {
		if len(s.Ceremony().Steps) == at {
			fmt.Println("ceremony", s.ID())
			os.Stdout.Sync()
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	})
	t.Fatal("the child was not killed")
}

func TestKilledAtEveryStepResumesIdentically(t *testing.T) {
	dir := t.TempDir()
	template := filepath.Join(dir, "template.db")
	buildLibrary(t, template)
	straight := filepath.Join(dir, "straight.db")
	copyFile(t, template, straight)
	want := runToRecord(t, straight, "")
	steps := bytes.Count(want, []byte(`"seq":`))
	if steps < 10 {
		t.Fatalf("only %d steps in the record", steps)
	}
	// Kill after step n, then once more after a later step of the resumed run.
	for n := 1; n < steps; n++ {
		path := filepath.Join(dir, fmt.Sprintf("killed-%d.db", n))
		copyFile(t, template, path)
		id := runChild(t, path, n, "")
		if n+2 < steps {
			runChild(t, path, n+2, id)
		}
		got := runToRecord(t, path, id)
		if !bytes.Equal(got, want) {
			t.Fatalf("killed after step %d: the resumed record differs from an uninterrupted run", n)
		}
	}
}

func runChild(t *testing.T, path string, at int, resume string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SHUANGSUI_CRASH_DB="+path, "SHUANGSUI_CRASH_AT="+strconv.Itoa(at), "SHUANGSUI_CRASH_RESUME="+resume)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = io.Discard
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child at step %d: %v\n%s", at, err, out.String())
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if id, ok := strings.CutPrefix(line, "ceremony "); ok {
			return id
		}
	}
	t.Fatalf("child at step %d said no ceremony id:\n%s", at, out.String())
	return ""
}
