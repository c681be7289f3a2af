package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	crashEnvDB = "SHUANGSUI_CRASH_DB"
	crashEnvID = "SHUANGSUI_CRASH_CEREMONY"
)

// crashPayload is the payload of step seq: 0 to ~6 KB, so that steps
// sometimes span pages.
func crashPayload(seq uint64) []byte {
	sum := sha256.Sum256([]byte(strconv.FormatUint(seq, 10)))
	n := int(seq*977) % 6000
	return bytes.Repeat([]byte(fmt.Sprintf("%x", sum)), n/64+1)[:n]
}

// TestCrashHelper is the child of TestCrashKill: it appends steps until it
// is killed and prints each acknowledged sequence number.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(crashEnvDB)
	if path == "" {
		t.Skip("only run as the child of TestCrashKill")
	}
	id := os.Getenv(crashEnvID)
	db, err := Open(path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	steps, err := db.Steps(id)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	for seq := uint64(len(steps)) + 1; seq < 1_000_000; seq++ {
		s, err := db.AppendStep(id, "tick", crashPayload(seq))
		if err != nil || s.Seq != seq {
			fmt.Fprintln(os.Stderr, seq, s.Seq, err)
			os.Exit(5)
		}
		fmt.Printf("%d\n", seq) // written only after the commit returned
	}
	os.Exit(0)
}

func TestCrashKill(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL test needs Unix")
	}
	db, _ := openTest(t)
	id, err := db.NewCeremony()
	if err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	const kills = 30
	deadline := time.Now().Add(15 * time.Second)
	var acked uint64
	for round := 0; round < kills && time.Now().Before(deadline); round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnvDB+"="+path, crashEnvID+"="+id)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1<<16)
		done := make(chan struct{})
		go func() {
			defer close(done)
			r := bufio.NewReader(out)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return // a partial last line is not an acknowledgement
				}
				lines <- strings.TrimSuffix(line, "\n")
			}
		}()
		// Kill at a random moment: sometimes during start-up, mostly
		// while committing steps.
		if rng.IntN(4) > 0 {
			select {
			case l := <-lines:
				lines <- l // keep it; order no longer matters, max does
			case <-time.After(5 * time.Second):
			}
		}
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-done
		werr := cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("round %d: child ended by itself (%v): %s", round, werr, stderr.String())
		}
		close(lines)
		for l := range lines {
			n, err := strconv.ParseUint(l, 10, 64)
			if err != nil {
				t.Fatalf("round %d: child printed %q", round, l)
			}
			acked = max(acked, n)
		}

		db, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		steps, err := db.Steps(id)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if uint64(len(steps)) < acked {
			t.Fatalf("round %d: %d steps stored, %d acknowledged", round, len(steps), acked)
		}
		for _, s := range steps {
			if !bytes.Equal(s.Payload, crashPayload(s.Seq)) || s.Kind != "tick" {
				t.Fatalf("round %d: step %d holds a partial or wrong payload", round, s.Seq)
			}
		}
		if p, err := db.Check(); err != nil || len(p) > 0 {
			t.Fatalf("round %d: Check = %q, %v", round, p, err)
		}
		db.Close()
		if round == kills-1 || !time.Now().Before(deadline) {
			t.Logf("%d kills, %d steps acknowledged, %d stored", round+1, acked, len(steps))
		}
	}
	if acked == 0 {
		t.Fatal("the child never acknowledged a step")
	}
}
