package assets

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"shuangsui/sampling"
)

// bomb is one gzip member of n zero bytes whose trailer states the length
// stated instead (the chain re-hashed over it, a record can say anything).
func bomb(t *testing.T, n int, stated uint32) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for i := 0; i < n>>20; i++ {
		w.Write(zeros)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	binary.LittleEndian.PutUint32(raw[len(raw)-4:], stated)
	return base64.StdEncoding.EncodeToString(raw)
}

// A record whose frame_gzip is a gzip bomb (a few kilobytes that inflate
// to far more than the frame text they state, or that state more than the
// 1 GiB limit of SPEC §8) is refused by all three verifiers, alike, without
// decompressing more than the length stated: each names the limit.
func TestVerifiersRefuseGzipBomb(t *testing.T) {
	py := needPython(t)
	_, data := sealedRecord(t, "bomb", testFrame(sampling.MethodSimple, false, 3, 2), false)
	cases := []struct {
		name, frameGzip, want string
	}{
		// 64 MiB of zeros that state 1000 bytes: decompression stops at 1001.
		{"inflates past the length it states", bomb(t, 64<<20, 1000), "超过其声明的 1000 字节"},
		// States 2 GiB: refused before anything is decompressed.
		{"states more than the limit", bomb(t, 1<<20, sampling.MaxFrameText+1),
			"超过上限 " + strconv.Itoa(sampling.MaxFrameText) + " 字节"},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "-"), func(t *testing.T) {
			path := tamper(t, data, strings.ReplaceAll(tc.name, " ", "-"), func(r map[string]any) {
				var p map[string]any
				if err := json.Unmarshal(payloadOf(r, 0), &p); err != nil {
					t.Fatal(err)
				}
				p["frame_gzip"] = tc.frameGzip
				b, err := json.Marshal(p)
				if err != nil {
					t.Fatal(err)
				}
				setPayload(r, 0, b)
				rehash(r, 0)
			})
			if err := goVerify(path); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Go verify: %v, want an error naming %q", err, tc.want)
			}
			out, code := runPy(t, py, "record", path) // and verify.js, which must agree
			if code == 0 || !strings.Contains(out, "不通过") || !strings.Contains(out, tc.want) {
				t.Errorf("verify.py (exit %d) does not name %q:\n%s", code, tc.want, out)
			}
		})
	}
}
