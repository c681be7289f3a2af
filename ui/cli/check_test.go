package cli

import (
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestCheckCommand(t *testing.T) {
	path, id := newStoreDB(t)
	code, stdout, stderr := run(t, "", "check", "--db", path)
	if code != 0 || !strings.Contains(stdout, "未发现问题") || !strings.Contains(stdout, "已封存 1 个") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, "", "--lang", "en", "check", "--db", path)
	if code != 0 || !strings.Contains(stdout, "no problems found") {
		t.Fatalf("English: exit %d\n%s", code, stdout)
	}
	// Change one byte of step 2 behind the program's back.
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		cb := tx.Bucket([]byte("ceremonies")).Bucket([]byte(id))
		k := []byte{0, 0, 0, 0, 0, 0, 0, 2}
		v := append([]byte(nil), cb.Get(k)...)
		i := strings.Index(string(v), `"kind":"seed"`) + len(`"kind":"s`)
		v[i] = 'S'
		return cb.Put(k, v)
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run(t, "", "--db", path, "check")
	if code != 1 || !strings.Contains(stdout, "仪式 "+id+" 第 2 步") || !strings.Contains(stderr, "发现 1 处问题") {
		t.Fatalf("tampered: exit %d\n%s\n%s", code, stdout, stderr)
	}
}
