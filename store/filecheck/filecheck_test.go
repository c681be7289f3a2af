package filecheck

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// sample writes a small bbolt file with nested, inline and multi-page
// buckets and returns its bytes and page size.
func sample(t *testing.T) ([]byte, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		big, err := tx.CreateBucket([]byte("big"))
		if err != nil {
			return err
		}
		for i := 0; i < 2000; i++ {
			if err := big.Put(fmt.Appendf(nil, "k%05d", i), bytes.Repeat([]byte{byte(i)}, 40)); err != nil {
				return err
			}
		}
		nest, err := big.CreateBucket([]byte("nested"))
		if err != nil {
			return err
		}
		if err := nest.Put([]byte("a"), []byte("b")); err != nil { // stays inline
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ps := db.Info().PageSize
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b, ps
}

func walk(b []byte) ([]string, Meta, error) {
	return Walk(bytes.NewReader(b), int64(len(b)))
}

func TestSoundFileHasNoProblems(t *testing.T) {
	b, ps := sample(t)
	probs, m, err := walk(b)
	if err != nil || len(probs) != 0 {
		t.Fatalf("problems in a sound file: %v %v", probs, err)
	}
	if int(m.PageSize) != ps || m.HighWater < 4 || m.Root < 2 {
		t.Fatalf("meta %+v", m)
	}
	if p, w := Preflight(bytes.NewReader(b), int64(len(b))); len(p) != 0 || len(w) != 0 {
		t.Fatalf("preflight: %v %v", p, w)
	}
}

// rewriteMeta changes both meta pages with fn and fixes their checksums, so
// that the damage under test is the one fn makes.
func rewriteMeta(b []byte, ps int, fn func(m []byte)) {
	for _, off := range []int{pageHeaderSize, ps + pageHeaderSize} {
		m := b[off : off+64]
		fn(m)
		h := fnv.New64a()
		h.Write(m[:56])
		binary.LittleEndian.PutUint64(m[56:], h.Sum64())
	}
}

func TestDamageIsNamed(t *testing.T) {
	b0, ps := sample(t)
	_, m, _ := walk(b0)
	// A data page the tree reaches (not the root bucket's page, not free).
	w := &walker{r: bytes.NewReader(b0), size: int64(len(b0)), seen: map[uint64]bool{}, m: m}
	w.tree(m.Root, 0, "")
	reached := 0
	for id := range w.seen {
		if f := binary.LittleEndian.Uint16(b0[int(id)*ps+8:]); id != m.Root && f == leafPage {
			reached = int(id) * ps
			break
		}
	}
	if reached == 0 {
		t.Fatal("no reachable leaf page")
	}
	leaf := func([]byte) int { return reached }
	cases := []struct {
		name  string
		edit  func(b []byte)
		want  string
		fatal bool // Preflight refuses it too
		warn  bool // Preflight warns of it
	}{
		{"both metas' magic", func(b []byte) { b[pageHeaderSize] ^= 1; b[ps+pageHeaderSize] ^= 1 }, "两个元数据页都已损坏", true, false},
		{"one meta's checksum", func(b []byte) { b[pageHeaderSize+60] ^= 1 }, "元数据页 0: 校验和不符", false, true},
		{"high water beyond the file", func(b []byte) {
			rewriteMeta(b, ps, func(m []byte) { binary.LittleEndian.PutUint64(m[40:], uint64(len(b)/ps+5)) })
		}, "超出文件", true, false},
		{"freelist page number", func(b []byte) {
			rewriteMeta(b, ps, func(m []byte) { binary.LittleEndian.PutUint64(m[32:], 1<<40) })
		}, "空闲页列表: 页号", true, false},
		{"page header names another page", func(b []byte) { b[leaf(b)] ^= 4 }, "的页头写着页号", false, false},
		{"page type", func(b []byte) { b[leaf(b)+8] = 0x08 }, "的类型", false, false},
		{"element count", func(b []byte) { binary.LittleEndian.PutUint16(b[leaf(b)+10:], 0xFFF0) }, "超出页的长度", false, false},
		{"overflow", func(b []byte) { binary.LittleEndian.PutUint32(b[leaf(b)+12:], 1<<30) }, "溢出页数", false, false},
		{"element offset", func(b []byte) { binary.LittleEndian.PutUint32(b[leaf(b)+pageHeaderSize+4:], 1<<31) }, "超出页", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := bytes.Clone(b0)
			c.edit(b)
			probs, _, err := walk(b)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(probs, "\n"), c.want) {
				t.Fatalf("problems %q, want one containing %q", probs, c.want)
			}
			pre, warn := Preflight(bytes.NewReader(b), int64(len(b)))
			if c.fatal != (len(pre) > 0) || (!c.fatal && c.warn != (len(warn) > 0)) {
				t.Fatalf("preflight %q %q, want refusal %v, warning %v", pre, warn, c.fatal, c.warn)
			}
		})
	}
}

func TestTruncatedFile(t *testing.T) {
	b, _ := sample(t)
	for _, n := range []int{0, 10, 100, len(b) / 2} {
		probs, _, err := walk(b[:n])
		if err != nil || len(probs) == 0 {
			t.Errorf("%d bytes: %v %v", n, probs, err)
		}
	}
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
