package sampling

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// specExample is the canonical frame of SPEC.md §5.
const specExample = "shuangsui-frame\t1\nmatter\tM\t2\t名\t综合\ndate\t2026-01-02\nparams\t1\t2\tsimple\t1\t0\n" +
	"override\tA\t3\noverride\tB\t1\nleader\tZ\nleader\tY\ncounty\tA\t甲\ncounty\tB\t乙\n" +
	"unit\tu1\tB\tc\t一\nunit\tu2\tA\tc\t二\n" +
	"inspector\tY\t于\tA\t0\t0\t2027-01-01\t\t\t\ninspector\tZ\t张\t\t1\t1\t2027-01-01\t工业,综合\t\tu1,u2\n"

func TestParseCanonicalRoundTrip(t *testing.T) {
	f, err := ParseCanonical([]byte(specExample))
	if err != nil {
		t.Fatal(err)
	}
	if fp, _ := f.Fingerprint(); fp != "1b11f250a1aa6cbc28f5ac0f7172a39aef0381870297f24be4346a4c56ead751" {
		t.Fatalf("F of the parsed §5 example = %s", fp)
	}
	if len(f.Params.Leaders) != 2 || f.Params.Leaders[0] != "Z" || f.Inspectors[1].ConflictUnits[1] != "u2" || f.Inspectors[0].Active {
		t.Fatalf("parsed frame: %+v", f)
	}
	big := testFrame(10, 8, 60)
	text, err := big.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseCanonical(text)
	if err != nil {
		t.Fatal(err)
	}
	if text2, _ := again.Canonical(); !bytes.Equal(text, text2) {
		t.Fatal("the test frame does not survive a round trip")
	}
	if len(again.Units) != len(big.Units) || len(again.Inspectors) != len(big.Inspectors) {
		t.Fatalf("round trip: %d units, %d inspectors; want %d, %d", len(again.Units), len(again.Inspectors), len(big.Units), len(big.Inspectors))
	}
}

func TestParseCanonicalRefusesOtherSpellings(t *testing.T) {
	for name, text := range map[string]string{
		"no final newline":          strings.TrimSuffix(specExample, "\n"),
		"units out of order":        strings.Replace(specExample, "unit\tu1\tB\tc\t一\nunit\tu2\tA\tc\t二\n", "unit\tu2\tA\tc\t二\nunit\tu1\tB\tc\t一\n", 1),
		"a leading zero":            strings.Replace(specExample, "override\tA\t3", "override\tA\t03", 1),
		"a list not sorted":         strings.Replace(specExample, "工业,综合", "综合,工业", 1),
		"a flag written true":       strings.Replace(specExample, "\t1\t1\t2027", "\ttrue\t1\t2027", 1),
		"a field too many":          strings.Replace(specExample, "county\tA\t甲", "county\tA\t甲\tx", 1),
		"an unknown record":         specExample + "note\tx\n",
		"CRLF":                      strings.ReplaceAll(specExample, "\n", "\r\n"),
		"another version":           strings.Replace(specExample, "shuangsui-frame\t1", "shuangsui-frame\t2", 1),
		"the date twice":            strings.Replace(specExample, "date\t2026-01-02\n", "date\t2026-01-02\ndate\t2026-01-02\n", 1),
		"no params":                 strings.Replace(specExample, "params\t1\t2\tsimple\t1\t0\n", "", 1),
		"an empty list element":     strings.Replace(specExample, "工业,综合", "工业,,综合", 1),
		"the header line elsewhere": strings.Replace(specExample, "date\t", "shuangsui-frame\t1\ndate\t", 1),
	} {
		if _, err := ParseCanonical([]byte(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestDecompressFrameIsStrict(t *testing.T) {
	z, err := CompressFrame([]byte(specExample))
	if err != nil {
		t.Fatal(err)
	}
	if text, err := DecompressFrame(z); err != nil || string(text) != specExample {
		t.Fatalf("DecompressFrame: %q, %v", text, err)
	}
	raw, _ := base64.StdEncoding.DecodeString(z)
	var second bytes.Buffer
	w := gzip.NewWriter(&second)
	w.Write([]byte("unit\tu3\tA\tc\t三\n"))
	w.Close()
	for name, s := range map[string]string{
		"a line break in the base64": z[:8] + "\n" + z[8:],
		"a character too few":        z[:len(z)-1],
		"a second gzip member":       base64.StdEncoding.EncodeToString(append(append([]byte(nil), raw...), second.Bytes()...)),
		"bytes after the member":     base64.StdEncoding.EncodeToString(append(append([]byte(nil), raw...), 0)),
		"not gzip":                   base64.StdEncoding.EncodeToString([]byte(specExample)),
		"cut short":                  base64.StdEncoding.EncodeToString(raw[:len(raw)-6]),
	} {
		if _, err := DecompressFrame(s); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A commit holds the frame once, compressed; an older commit with the
// frame as JSON is still read, and one with both or neither is refused.
func TestCommitForms(t *testing.T) {
	f := testFrame(10, 8, 60)
	var c Ceremony
	_, payload, err := c.Commit(Info{Title: "测试"}, f)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(payload, []byte(`"frame":`)) || !bytes.Contains(payload, []byte(`"frame_gzip":"`)) {
		t.Fatalf("commit payload does not hold the frame as frame_gzip only: %.200s", payload)
	}
	p, got, gotFP, err := DecodeCommit(payload)
	if err != nil {
		t.Fatal(err)
	}
	fp, _ := f.Fingerprint()
	if p.Fingerprint != fp || gotFP != fp {
		t.Fatalf("fingerprint %s, computed %s, want %s", p.Fingerprint, gotFP, fp)
	}
	if want, _ := f.Canonical(); !bytes.Equal(mustCanonical(t, got), want) {
		t.Fatal("DecodeCommit: the frame read is not the frame committed")
	}
	if got.Units[0].ID != "U0101" && got.Units[0].ID == "" {
		t.Fatalf("decoded frame: %+v", got.Units[:1])
	}
	info, matter, date, err := CommitHead(payload)
	if err != nil || info.Title != "测试" || !reflect.DeepEqual(matter, f.Matter) || date != f.DrawDate {
		t.Fatalf("CommitHead: %+v %+v %q %v", info, matter, date, err)
	}
	legacy, _ := json.Marshal(CommitPayload{Info: p.Info, Frame: &f, Fingerprint: fp})
	if _, lf, _, err := DecodeCommit(legacy); err != nil || len(lf.Units) != len(f.Units) {
		t.Fatalf("older commit: %v", err)
	}
	if _, matter, _, err := CommitHead(legacy); err != nil || matter != f.Matter {
		t.Fatalf("CommitHead of an older commit: %v", err)
	}
	both, _ := json.Marshal(CommitPayload{Info: p.Info, Frame: &f, Fingerprint: fp, FrameGzip: p.FrameGzip})
	neither, _ := json.Marshal(CommitPayload{Info: p.Info, Fingerprint: fp})
	for name, b := range map[string][]byte{"both": both, "neither": neither} {
		if _, _, _, err := DecodeCommit(b); err == nil {
			t.Errorf("a commit with %s forms of the frame was accepted", name)
		}
	}
}

func mustCanonical(t *testing.T, f Frame) []byte {
	t.Helper()
	text, err := f.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// The ceremony that made a commit takes the frame it committed instead of
// decoding a second copy: it must be the very frame decoding gives (in the
// canonical order, lists sorted, empty lists nil), whatever order the
// caller listed things in. Another ceremony replaying the same step decodes
// it, and a payload changed after Commit is decoded, not trusted.
func TestCommitAppliesTheFrameItMade(t *testing.T) {
	f := testFrame(10, 8, 60)
	slices.Reverse(f.Units)
	slices.Reverse(f.Counties)
	slices.Reverse(f.Inspectors)
	f.Inspectors[0].Specialties = []string{"综合", "工业"}
	f.Inspectors[1].ConflictUnits = []string{}
	f.Params.UnitsOverride = []CountyCount{{County: "C03", Units: 4}, {County: "C01", Units: 3}}
	var made Ceremony
	kind, payload, err := made.Commit(Info{Title: "测试 \xff <&>"}, f)
	if err != nil {
		t.Fatal(err)
	}
	p, decoded, _, err := DecodeCommit(payload)
	if err != nil {
		t.Fatal(err)
	}
	step := Step{Seq: 1, Kind: kind, Payload: payload}
	if err := made.Apply(step); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(made.Frame, decoded) {
		t.Fatal("the frame Commit applied differs from the frame its payload decodes to")
	}
	if !reflect.DeepEqual(made.Info, p.Info) || made.Info.MinDigits != DefaultMinDigits {
		t.Fatalf("info applied %+v, decoded %+v", made.Info, p.Info)
	}
	var replayed Ceremony
	if err := replayed.Apply(step); err != nil || !reflect.DeepEqual(replayed.Frame, decoded) || replayed.Fingerprint != made.Fingerprint {
		t.Fatalf("replayed commit: %v", err)
	}
	var changed Ceremony
	if _, _, err := changed.Commit(Info{Title: "测试"}, f); err != nil {
		t.Fatal(err)
	}
	other := bytes.Replace(payload, []byte(`"fingerprint":"`), []byte(`"fingerprint":"0`), 1)
	if err := changed.Apply(Step{Seq: 1, Kind: kind, Payload: other}); err == nil || !strings.Contains(err.Error(), "指纹") {
		t.Fatalf("a payload changed after Commit was applied: %v", err)
	}
}

// A frame_gzip that inflates past the length its trailer states, or that
// states more than MaxFrameText, is refused without being decompressed
// further (a gzip bomb); the frame text is never held beyond that length.
func TestDecompressFrameBomb(t *testing.T) {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(make([]byte, 32<<20))
	w.Close()
	raw := buf.Bytes()
	for stated, want := range map[uint32]string{
		100:              "超过其声明的 100 字节",
		32<<20 - 1:       "超过其声明的 33554431 字节",
		MaxFrameText + 1: "超过上限 1073741824 字节",
		1<<32 - 1:        "超过上限",
	} {
		binary.LittleEndian.PutUint32(raw[len(raw)-4:], stated)
		_, err := DecompressFrame(base64.StdEncoding.EncodeToString(raw))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("stated %d: %v, want %q", stated, err, want)
		}
	}
	binary.LittleEndian.PutUint32(raw[len(raw)-4:], 32<<20)
	if text, err := DecompressFrame(base64.StdEncoding.EncodeToString(raw)); err != nil || len(text) != 32<<20 {
		t.Fatalf("the honest length: %d bytes, %v", len(text), err)
	}
}

// The commit payload is written directly, byte for byte what json.Marshal
// writes for CommitPayload: records stay the same bytes.
func TestCommitPayloadIsMarshalsBytes(t *testing.T) {
	f := testFrame(4, 3, 12)
	for _, info := range []Info{
		{Title: "见证 <A&B> \"引号\" \u2028", MinDigits: 20, Exclusions: []Exclusion{{County: "C01", Reason: "closed", Count: 2}}},
		{Title: "bad \xff utf-8", Place: "\t", MinDigits: 5},
		{},
	} {
		fp, payload, _, err := commitPayload(info, f)
		if err != nil {
			t.Fatal(err)
		}
		var p CommitPayload
		if err := json.Unmarshal(payload, &p); err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(CommitPayload{Info: info, Fingerprint: fp, FrameGzip: p.FrameGzip})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(payload, want) {
			t.Fatalf("commit payload\n%.300s\nwant\n%.300s", payload, want)
		}
		if wantFP, _ := f.Fingerprint(); fp != wantFP {
			t.Fatalf("F %s, want %s", fp, wantFP)
		}
	}
}

// A frame whose gzip spans several blocks of the buffer is committed the
// same: the payload is json.Marshal's bytes and decodes to the frame.
func TestCommitPayloadOfManyBlocks(t *testing.T) {
	f := testFrame(4, 3, 12)
	for i := range 60000 {
		sum := sha256.Sum256([]byte(strconv.Itoa(i)))
		f.Units = append(f.Units, Unit{ID: fmt.Sprintf("V%06d", i), County: "C01", Category: "规上工业", Name: hex.EncodeToString(sum[:])})
	}
	fp, payload, _, err := commitPayload(Info{Title: "大"}, f)
	if err != nil {
		t.Fatal(err)
	}
	p, got, gotFP, err := DecodeCommit(payload)
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := base64.StdEncoding.DecodeString(p.FrameGzip); len(raw) <= blockSize {
		t.Fatalf("the gzip is %d bytes, not more than one block", len(raw))
	}
	want, _ := json.Marshal(CommitPayload{Info: Info{Title: "大"}, Fingerprint: fp, FrameGzip: p.FrameGzip})
	if !bytes.Equal(payload, want) || gotFP != fp || len(got.Units) != len(f.Units) {
		t.Fatalf("payload of %d bytes (json.Marshal %d), F %s/%s, %d units", len(payload), len(want), gotFP, fp, len(got.Units))
	}
}
