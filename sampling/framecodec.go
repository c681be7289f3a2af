package sampling

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The frame in a commit step (SPEC.md §5, §8): the canonical serialisation,
// compressed with gzip and written in standard base64 as the member
// frame_gzip. F is the SHA-256 of the uncompressed bytes; the compressed
// bytes are whatever the writer produced (they are hashed with the rest of
// the payload in the chain, but nobody needs to reproduce them).

// CompressFrame returns canonical, the canonical frame bytes, gzipped and in
// standard base64: the frame_gzip member of a commit payload.
func CompressFrame(canonical []byte) (string, error) {
	z := newFrameGzip()
	z.write(canonical)
	_, s, err := z.close()
	return s, err
}

// commitPayload returns F of f and the payload of its commit step: the
// bytes json.Marshal writes for CommitPayload{Info: info, Fingerprint: F,
// FrameGzip: …}, written directly. The canonical lines go straight into
// the hash and the compressor, and the compressed bytes straight into
// base64 in the payload: neither the text nor its base64 is held apart
// from the payload (at ten million units that is hundreds of megabytes
// each, and json.Marshal would copy the base64 twice more).
// head is the info member's JSON.
func commitPayload(info Info, f Frame) (fp string, payload, head []byte, err error) {
	z := newFrameGzip()
	if err := f.writeCanonical(func(line []byte) bool { z.write(line); return true }); err != nil {
		z.end()
		return "", nil, nil, err
	}
	fp, err = z.finish()
	if err != nil {
		return "", nil, nil, err
	}
	head, err = json.Marshal(info)
	if err != nil {
		return "", nil, nil, fmt.Errorf("编码 commit 步骤: %w", err)
	}
	payload = make([]byte, 0, len(head)+len(fp)+base64.StdEncoding.EncodedLen(z.buf.n)+64)
	payload = append(payload, `{"info":`...)
	payload = append(payload, head...)
	payload = append(payload, `,"fingerprint":"`...)
	payload = append(payload, fp...)
	payload = append(payload, `","frame_gzip":"`...) // base64 needs no JSON escapes
	for _, b := range z.buf.list {                   // each a multiple of 3 bytes but the last
		payload = base64.StdEncoding.AppendEncode(payload, b)
	}
	payload = append(payload, `"}`...)
	return fp, payload, head, nil
}

// frameGzip hashes and compresses the canonical frame as it is written,
// on two cores: the text is passed on in batches, hashed by the writer and
// compressed by a goroutine of its own meanwhile. The level is
// gzip.BestSpeed: a frame of a million units takes a fraction of a second
// and shrinks to about a quarter. finish (or close) must be called, also
// after an error, to end the goroutine.
type frameGzip struct {
	n     int // bytes written
	h     hash.Hash
	buf   blocks // the gzip member
	z     *gzip.Writer
	err   error // of the compressor, read after done
	cur   []byte
	full  chan []byte // batches to compress
	free  chan []byte // batches compressed, to fill again
	done  chan struct{}
	ended bool
}

const frameBatch = 256 << 10

// blocks is a buffer in blocks of a fixed size, a multiple of 3 (so that
// each but the last encodes to base64 on its own): growing it never copies
// what it holds, as a doubling buffer would (the compressed frame of ten
// million units is some 150 MB).
type blocks struct {
	list [][]byte
	n    int
}

const blockSize = 3 << 18 // 768 KiB

func (b *blocks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(b.list) == 0 || len(b.list[len(b.list)-1]) == blockSize {
			b.list = append(b.list, make([]byte, 0, blockSize))
		}
		last := &b.list[len(b.list)-1]
		k := min(len(p), blockSize-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	b.n += n
	return n, nil
}

func newFrameGzip() *frameGzip {
	g := &frameGzip{h: sha256.New(), full: make(chan []byte, 2), free: make(chan []byte, 2), done: make(chan struct{})}
	g.z, g.err = gzip.NewWriterLevel(&g.buf, gzip.BestSpeed)
	for range 2 {
		g.free <- make([]byte, 0, frameBatch)
	}
	g.cur = make([]byte, 0, frameBatch)
	go func() {
		defer close(g.done)
		for b := range g.full {
			if g.err == nil {
				_, g.err = g.z.Write(b)
			}
			g.free <- b[:0]
		}
	}()
	return g
}

func (g *frameGzip) write(p []byte) {
	g.n += len(p)
	for len(p) > 0 {
		if len(g.cur) == frameBatch {
			g.pass()
		}
		k := min(len(p), frameBatch-len(g.cur))
		g.cur = append(g.cur, p[:k]...)
		p = p[k:]
	}
}

// pass hashes the current batch and hands it to the compressor.
func (g *frameGzip) pass() {
	g.h.Write(g.cur)
	g.full <- g.cur
	g.cur = <-g.free
}

// end passes the last batch and waits for the compressor.
func (g *frameGzip) end() {
	if g.ended {
		return
	}
	g.ended = true
	if len(g.cur) > 0 {
		g.pass()
	}
	close(g.full)
	<-g.done
}

// close returns F (hex SHA-256 of the bytes written) and their gzip in
// standard base64.
func (g *frameGzip) close() (fp, frameGzip string, err error) {
	if fp, err = g.finish(); err != nil {
		return "", "", err
	}
	return fp, base64.StdEncoding.EncodeToString(bytes.Join(g.buf.list, nil)), nil
}

// finish ends the gzip member in g.buf and returns F.
func (g *frameGzip) finish() (fp string, err error) {
	g.end()
	if g.err == nil {
		g.err = g.z.Close()
	}
	if g.err == nil && g.n > MaxFrameText {
		g.err = fmt.Errorf("名录文本长 %d 字节,超过核验程序接受的上限 %d 字节 (the frame text is over the verifiers' limit)", g.n, MaxFrameText)
	}
	if g.err != nil {
		return "", fmt.Errorf("压缩名录: %w", g.err)
	}
	return hex.EncodeToString(g.h.Sum(nil)), nil
}

// MaxFrameText is the longest canonical frame text a verifier decompresses
// (SPEC.md §5): 1 GiB, some fifteen million units. A frame_gzip states the
// length of its text in its last four bytes (the gzip trailer's ISIZE);
// one stating more is refused before anything is decompressed, and
// decompression stops, refused, as soon as the text runs longer than
// stated: a small record cannot make a verifier fill its memory (a gzip
// bomb).
const MaxFrameText = 1 << 30

// frameReader opens frame_gzip for reading: canonical standard base64
// (re-encoding gives the same text), then exactly one gzip member. The
// caller reads to the end and calls the returned check, which refuses
// anything after the member. size is the length of the text the member
// states (its trailer's ISIZE); the reader refuses to give more.
func frameReader(frameGzip string) (r io.Reader, check func() error, size int, err error) {
	raw, err := base64.StdEncoding.DecodeString(frameGzip)
	if err != nil || base64.StdEncoding.EncodeToString(raw) != frameGzip {
		return nil, nil, 0, fmt.Errorf("frame_gzip 不是规范的标准 base64 (frame_gzip is not canonical standard base64)")
	}
	if len(raw) >= 4 {
		size = int(binary.LittleEndian.Uint32(raw[len(raw)-4:]))
	}
	if size > MaxFrameText {
		return nil, nil, 0, fmt.Errorf("frame_gzip 声明的名录文本长 %d 字节,超过上限 %d 字节 (the frame text it states, %d bytes, is over the limit of %d bytes)",
			size, MaxFrameText, size, MaxFrameText)
	}
	src := bytes.NewReader(raw)
	z, err := gzip.NewReader(src)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("frame_gzip 不是 gzip 数据 (not gzip data): %w", err)
	}
	z.Multistream(false)
	check = func() error {
		if src.Len() > 0 {
			return fmt.Errorf("frame_gzip 在压缩数据之后还有 %d 字节 (%d bytes after the gzip member)", src.Len(), src.Len())
		}
		return nil
	}
	return &statedReader{r: z, left: size, stated: size}, check, size, nil
}

// statedReader gives at most left bytes of r and fails when r has more.
type statedReader struct {
	r            io.Reader
	left, stated int
}

func (s *statedReader) Read(p []byte) (int, error) {
	if len(p) > s.left+1 {
		p = p[:s.left+1] // one byte too many is enough to tell
	}
	n, err := s.r.Read(p)
	if n > s.left {
		return 0, fmt.Errorf("frame_gzip 解压后超过其声明的 %d 字节 (the frame text runs longer than the %d bytes it states)", s.stated, s.stated)
	}
	s.left -= n
	return n, err
}

// DecompressFrame returns the canonical frame bytes held in frame_gzip.
func DecompressFrame(frameGzip string) ([]byte, error) {
	r, check, size, err := frameReader(frameGzip)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	// One allocation for the size stated (ReadFrom needs MinRead spare),
	// but not more than a real frame's text could need: it compresses to
	// about a quarter, and a bomb states anything.
	buf.Grow(min(size, 32*len(frameGzip)) + bytes.MinRead)
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("解压名录 (decompressing the frame): %w", err)
	}
	text := buf.Bytes()
	if err := check(); err != nil {
		return nil, err
	}
	return text, nil
}

// decompressFrameText is DecompressFrame giving the text as a string,
// decompressed straight into it (no second copy of a text that may be
// hundreds of megabytes), and its SHA-256 in hex, hashed as it comes.
func decompressFrameText(frameGzip string) (text, sum string, err error) {
	r, check, size, err := frameReader(frameGzip)
	if err != nil {
		return "", "", err
	}
	var b strings.Builder
	b.Grow(min(size, 32*len(frameGzip)))
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(&b, h), r); err != nil {
		return "", "", fmt.Errorf("解压名录 (decompressing the frame): %w", err)
	}
	if err := check(); err != nil {
		return "", "", err
	}
	return b.String(), hex.EncodeToString(h.Sum(nil)), nil
}

// ParseCanonical reads the canonical serialisation of a frame (SPEC.md §5)
// back into a Frame. The text must be exactly what Canonical writes for the
// frame it describes: it is serialised again and compared, so that lines out
// of order, a list not sorted, "01" for 1 or a missing final newline are
// refused rather than read in some other way.
func ParseCanonical(text []byte) (Frame, error) { return parseCanonical(string(text)) }

func parseCanonical(text string) (Frame, error) {
	f, err := parseFrameLines(text, false)
	if err != nil {
		return Frame{}, err
	}
	// Serialised again line by line and compared as it goes.
	rest, no, diff := text, 0, ""
	err = f.writeCanonical(func(line []byte) bool {
		no++
		if len(rest) >= len(line) && rest[:len(line)] == string(line) { // no allocation
			rest = rest[len(line):]
			return true
		}
		got, _, _ := strings.Cut(rest, "\n")
		diff = fmt.Sprintf("第 %d 行 (line %d) 为 %q,应为 %q", no, no, shorten(string(got)), shorten(strings.TrimSuffix(string(line), "\n")))
		return false
	})
	switch {
	case err != nil:
		return Frame{}, err
	case diff == "" && len(rest) > 0:
		diff = fmt.Sprintf("第 %d 行 (line %d) 之后还有内容 (more after the last line)", no, no)
	}
	if diff != "" {
		return Frame{}, fmt.Errorf("名录不是规范格式 (the frame text is not canonical): %s", diff)
	}
	return f, nil
}

// frameHead reads from the canonical text only the lines before the first
// county, unit or inspector: the matter and the draw date.
func frameHead(r io.Reader) (Frame, error) {
	var head strings.Builder
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if strings.HasPrefix(line, "county\t") || strings.HasPrefix(line, "unit\t") || strings.HasPrefix(line, "inspector\t") {
			break
		}
		head.WriteString(line)
		if err != nil {
			break
		}
	}
	return parseFrameLines(head.String(), true)
}

// parseFrameLines splits the canonical text into its records; partial
// allows the text to stop after any line (frameHead).
func parseFrameLines(text string, partial bool) (Frame, error) {
	var f Frame
	if !strings.HasSuffix(text, "\n") {
		return f, fmt.Errorf("名录文本须以换行结束 (the frame text must end in a line feed)")
	}
	n := strings.Count(text, "\n")
	f.Units = make([]Unit, 0, n)
	atoi := func(no int, s string) (int, error) {
		v, err := strconv.Atoi(s)
		if err != nil {
			return 0, fmt.Errorf("名录第 %d 行: %q 不是整数 (not an integer)", no, s)
		}
		return v, nil
	}
	flag := func(no int, s string) (bool, error) {
		switch s {
		case "1":
			return true, nil
		case "0":
			return false, nil
		}
		return false, fmt.Errorf("名录第 %d 行: %q 应为 1 或 0 (should be 1 or 0)", no, s)
	}
	list := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	want := map[string]int{"shuangsui-frame": 2, "matter": 5, "date": 2, "rule": 2, "params": 6, "override": 3,
		"leader": 2, "county": 3, "unit": 5, "inspector": 10, "directed": 4, "partner": 2}
	version := ""
	seen := map[string]bool{}
	var fields [10]string
	for no := 1; text != ""; no++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		k := 0 // fields of the line; len(fields)+1 when there are more
		for {
			if k == len(fields) {
				k++
				break
			}
			field, more, ok := strings.Cut(line, "\t")
			fields[k] = field
			k++
			if !ok {
				break
			}
			line = more
		}
		kind := fields[0]
		if n, ok := want[kind]; !ok || n != k {
			return Frame{}, fmt.Errorf("名录第 %d 行: 记录类型 %q 未知或字段数 %d 不对 (unknown record or wrong number of fields)", no, kind, k)
		}
		if no == 1 && (kind != "shuangsui-frame" || fields[1] != "1" && fields[1] != "2" && fields[1] != "3") || no > 1 && kind == "shuangsui-frame" {
			return Frame{}, fmt.Errorf("名录第 %d 行: 名录文本应以 shuangsui-frame\\t1、2 或 3 开头,且仅此一行 (the frame text starts with shuangsui-frame 1, 2 or 3, once)", no)
		}
		if no == 1 {
			version = fields[1]
		}
		if kind == "rule" && (version == "1" || fields[1] != "home_county_allowed" || seen[kind]) {
			return Frame{}, fmt.Errorf("名录第 %d 行: 规则行只能在第 2 或 3 版名录中出现一次, 且只能是 home_county_allowed (a rule line belongs to version 2 or 3, once)", no)
		}
		if (kind == "directed" || kind == "partner") && version != "3" {
			return Frame{}, fmt.Errorf("名录第 %d 行: %s 行只能在第 3 版名录中出现 (a %s line belongs to version 3)", no, kind, kind)
		}
		if (kind == "matter" || kind == "date" || kind == "params" || kind == "directed" || kind == "partner") && seen[kind] {
			return Frame{}, fmt.Errorf("名录第 %d 行: %s 出现两次 (appears twice)", no, kind)
		}
		seen[kind] = true
		var err error
		switch kind {
		case "matter":
			f.Matter = Matter{Code: fields[1], Name: fields[3], Specialty: fields[4]}
			f.Matter.Version, err = atoi(no, fields[2])
		case "date":
			f.DrawDate = fields[1]
		case "rule":
			f.HomeCountyAllowed = true
		case "directed":
			f.Directed = &Directed{Kind: fields[1], Reason: fields[2], Source: fields[3]}
		case "partner":
			f.Partner = fields[1]
		case "params":
			p := &f.Params
			if p.Counties, err = atoi(no, fields[1]); err != nil {
				break
			}
			if p.UnitsPerCounty, err = atoi(no, fields[2]); err != nil {
				break
			}
			p.Method = fields[3]
			if p.Members, err = atoi(no, fields[4]); err != nil {
				break
			}
			p.Alternates, err = atoi(no, fields[5])
		case "override":
			o := CountyCount{County: fields[1]}
			o.Units, err = atoi(no, fields[2])
			f.Params.UnitsOverride = append(f.Params.UnitsOverride, o)
		case "leader":
			f.Params.Leaders = append(f.Params.Leaders, fields[1])
		case "county":
			f.Counties = append(f.Counties, County{ID: fields[1], Name: fields[2]})
		case "unit":
			f.Units = append(f.Units, Unit{ID: fields[1], County: fields[2], Category: fields[3], Name: fields[4]})
		case "inspector":
			in := Inspector{ID: fields[1], Name: fields[2], HomeCounty: fields[3], ValidUntil: fields[6],
				Specialties: list(fields[7]), ConflictCounties: list(fields[8]), ConflictUnits: list(fields[9])}
			if in.Active, err = flag(no, fields[4]); err != nil {
				break
			}
			in.LeaderQualified, err = flag(no, fields[5])
			f.Inspectors = append(f.Inspectors, in)
		}
		if err != nil {
			return Frame{}, err
		}
	}
	if version == "2" && !seen["rule"] && !partial {
		return Frame{}, fmt.Errorf("第 2 版名录文本缺少规则行 (a version 2 frame text lacks its rule line)")
	}
	if version == "3" && !seen["directed"] && !seen["partner"] && !partial {
		return Frame{}, fmt.Errorf("第 3 版名录文本缺少 directed 或 partner 行 (a version 3 frame text lacks its directed or partner line)")
	}
	if !partial && !(seen["matter"] && seen["date"] && seen["params"]) {
		return Frame{}, fmt.Errorf("名录文本缺少 matter、date 或 params 行 (the frame text lacks its matter, date or params line)")
	}
	if len(f.Units) == 0 {
		f.Units = nil
	}
	return f, nil
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:77]) + "…"
	}
	return s
}

// canonicalOrder returns f as reading its canonical text back gives it
// (parseCanonical): counties, units, inspectors and overrides sorted, every
// inspector's lists sorted, empty lists nil. The units are shared with f
// when they are already in order (as the store lists them).
func (f Frame) canonicalOrder() Frame {
	byID := func(a, b string) int { return strings.Compare(a, b) }
	sorted := func(xs []string) []string {
		if len(xs) == 0 {
			return nil
		}
		ys := slices.Clone(xs)
		slices.SortFunc(ys, byID)
		return ys
	}
	g := f
	g.Params.UnitsOverride = nil
	if len(f.Params.UnitsOverride) > 0 {
		g.Params.UnitsOverride = slices.Clone(f.Params.UnitsOverride)
		slices.SortFunc(g.Params.UnitsOverride, func(a, b CountyCount) int { return byID(a.County, b.County) })
	}
	g.Params.Leaders = nil
	if len(f.Params.Leaders) > 0 {
		g.Params.Leaders = slices.Clone(f.Params.Leaders)
	}
	g.Counties = nil
	if len(f.Counties) > 0 {
		g.Counties = slices.Clone(f.Counties)
		slices.SortFunc(g.Counties, func(a, b County) int { return byID(a.ID, b.ID) })
	}
	g.Units = nil
	if len(f.Units) > 0 {
		g.Units = f.Units
		if !slices.IsSortedFunc(g.Units, func(a, b Unit) int { return byID(a.ID, b.ID) }) {
			g.Units = slices.Clone(f.Units)
			slices.SortFunc(g.Units, func(a, b Unit) int { return byID(a.ID, b.ID) })
		}
	}
	g.Inspectors = nil
	for _, in := range f.Inspectors {
		in.Specialties, in.ConflictCounties, in.ConflictUnits = sorted(in.Specialties), sorted(in.ConflictCounties), sorted(in.ConflictUnits)
		g.Inspectors = append(g.Inspectors, in)
	}
	slices.SortFunc(g.Inspectors, func(a, b Inspector) int { return byID(a.ID, b.ID) })
	return g
}
