package assets

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// devtools drives a headless Chromium through the DevTools protocol over
// a pipe (--remote-debugging-pipe: the browser reads commands from its
// descriptor 3 and writes answers to 4, each a JSON text ended by a NUL),
// so that a test can choose a file in the page's file input as a person
// would.
type devtools struct {
	cmd     *exec.Cmd
	in      *os.File      // our end of the browser's descriptor 3
	out     *bufio.Reader // our end of the browser's descriptor 4
	id      int
	session string
}

// startDevtools starts browser headless with a pipe for the protocol and
// attaches to its page.
func startDevtools(t testing.TB, browser string) *devtools {
	t.Helper()
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ansR, ansW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, ansW}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", browser, err)
	}
	cmdR.Close()
	ansW.Close()
	d := &devtools{cmd: cmd, in: cmdW, out: bufio.NewReader(ansR)}
	t.Cleanup(func() {
		d.call(t, "Browser.close", nil)
		d.in.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	var targets struct {
		TargetInfos []struct{ TargetID, Type string } `json:"targetInfos"`
	}
	d.call(t, "Target.getTargets", nil, &targets)
	for _, ti := range targets.TargetInfos {
		if ti.Type == "page" {
			var att struct{ SessionID string }
			d.call(t, "Target.attachToTarget", map[string]any{"targetId": ti.TargetID, "flatten": true}, &att)
			d.session = att.SessionID
			return d
		}
	}
	t.Fatal("chromium: no page target")
	return nil
}

// call sends one command and decodes its result into res (when given);
// events in between are skipped. An error answer fails the test.
func (d *devtools) call(t testing.TB, method string, params any, res ...any) {
	t.Helper()
	d.id++
	msg := map[string]any{"id": d.id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if d.session != "" && method != "Browser.close" {
		msg["sessionId"] = d.session
	}
	b, _ := json.Marshal(msg)
	if _, err := d.in.Write(append(b, 0)); err != nil {
		if method == "Browser.close" {
			return
		}
		t.Fatalf("devtools %s: %v", method, err)
	}
	for {
		line, err := d.out.ReadBytes(0)
		if err != nil {
			if method == "Browser.close" {
				return
			}
			t.Fatalf("devtools %s: %v", method, err)
		}
		var ans struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := json.Unmarshal(bytes.TrimSuffix(line, []byte{0}), &ans); err != nil {
			t.Fatalf("devtools %s: answer %q: %v", method, line, err)
		}
		if ans.ID != d.id {
			continue // an event, or an answer to another command
		}
		if ans.Error != nil {
			t.Fatalf("devtools %s: %s", method, ans.Error.Message)
		}
		if len(res) > 0 {
			if err := json.Unmarshal(ans.Result, res[0]); err != nil {
				t.Fatalf("devtools %s: result %s: %v", method, ans.Result, err)
			}
		}
		return
	}
}

// eval evaluates a JavaScript expression in the page and returns its
// value as a string (JSON for anything else).
func (d *devtools) eval(t testing.TB, expr string) string {
	t.Helper()
	var r struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
	}
	d.call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r)
	if s, ok := r.Result.Value.(string); ok {
		return s
	}
	b, _ := json.Marshal(r.Result.Value)
	return string(b)
}

// waitFor evaluates expr until it is true or timeout passes.
func (d *devtools) waitFor(t testing.TB, expr string, timeout time.Duration) {
	t.Helper()
	for end := time.Now().Add(timeout); ; time.Sleep(50 * time.Millisecond) {
		if d.eval(t, "!!("+expr+")") == "true" {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("page: %s still false after %v", expr, timeout)
		}
	}
}

// chooseFile opens the page at url and chooses path in its file input
// (#file), as a person clicking 选择文件 would; it returns once the page
// shows a verdict, with the time the page says verifying took.
func (d *devtools) chooseFile(t testing.TB, url, path string) (ms string) {
	t.Helper()
	d.call(t, "Page.navigate", map[string]any{"url": url})
	d.waitFor(t, `document.readyState == "complete" && document.getElementById("file")`, 20*time.Second)
	return d.chooseAgain(t, path)
}

// chooseAgain chooses path in the file input of the page as it is (no
// reload) and waits for the page's new verdict.
func (d *devtools) chooseAgain(t testing.TB, path string) (ms string) {
	t.Helper()
	var doc struct{ Root struct{ NodeID int } }
	d.call(t, "DOM.getDocument", nil, &doc)
	var q struct{ NodeID int }
	d.call(t, "DOM.querySelector", map[string]any{"nodeId": doc.Root.NodeID, "selector": "#file"}, &q)
	if q.NodeID == 0 {
		t.Fatal("page: no #file input")
	}
	// No verdict until the page gives one for this file: if choosing it
	// did not start a verification, waitFor below fails.
	d.eval(t, `document.body.removeAttribute("data-verdict")`)
	d.call(t, "DOM.setFileInputFiles", map[string]any{"nodeId": q.NodeID, "files": []string{path}})
	d.waitFor(t, `document.body.getAttribute("data-verdict")`, 60*time.Second)
	return fmt.Sprint(d.eval(t, `document.body.getAttribute("data-ms")`))
}
