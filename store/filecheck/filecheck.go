// Package filecheck checks the page structure of a bbolt database file by
// reading it with ReadAt, never through a memory map, so that a damaged file
// yields a list of problems instead of a crash.
//
// bbolt's own consistency check (Tx.Check) follows page numbers and element
// offsets through the map without bounds checks, in a goroutine of its own:
// one flipped bit in a page header can send it past the end of the map and
// kill the process with a fault no recover can catch. Walk validates what
// Tx.Check and every read will follow — the meta pages, the freelist page,
// and every branch and leaf page reachable from the root bucket, nested and
// inline buckets included — so that Tx.Check is only run on a file whose
// pointers all stay inside it.
//
// What is checked, for the meta page bbolt would use (the valid one with the
// higher transaction id): the magic number, version 2, the FNV-64a checksum
// of its first 56 bytes, a page size between 1 KiB and 64 KiB, and a high
// water mark within the file. For every page followed: the page lies below
// the high water mark and inside the file, its header names its own id, its
// type is the one expected, its elements and the keys and values they point
// at lie inside the page, and no page is reached twice. The content of keys
// and values is not judged here; that is the store's business.
//
// The layout read is bbolt's on-disk format version 2 in little-endian byte
// order (the byte order of every platform shuangsui is built for).
package filecheck

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
)

// Page types and flags of bbolt's format.
const (
	branchPage   = 0x01
	leafPage     = 0x02
	metaPage     = 0x04
	freelistPage = 0x10

	bucketLeafFlag = 0x01

	pageHeaderSize = 16
	elementSize    = 16 // branch and leaf elements are both 16 bytes
	bucketHeader   = 16 // root pgid, sequence

	magic       = 0xED0CDAED
	version     = 2
	noFreelist  = ^uint64(0)
	maxDepth    = 64
	maxProblems = 50
)

// Meta is what Walk read from the meta page in use.
type Meta struct {
	PageSize  uint32
	Root      uint64 // root page of the root bucket
	Freelist  uint64
	HighWater uint64 // pages below this are in use or free
	TxID      uint64
}

// Walk checks the file's structure. It returns the problems found (nil for
// a sound file) and the meta page in use; the error is for a file that
// could not be read at all.
func Walk(r io.ReaderAt, size int64) ([]string, Meta, error) {
	w := &walker{r: r, size: size, seen: map[uint64]bool{}}
	m, probs := w.meta()
	if m == nil {
		return probs, Meta{}, nil
	}
	w.m = *m
	if w.m.Freelist != noFreelist {
		w.freelist(w.m.Freelist)
	}
	w.tree(w.m.Root, 0, "根存储桶")
	if w.err != nil {
		return nil, w.m, w.err
	}
	if w.more > 0 {
		w.problems = append(w.problems, fmt.Sprintf("另有 %d 处结构问题未列出", w.more))
	}
	return append(probs, w.problems...), w.m, nil
}

// Preflight checks only what bbolt reads while it opens a file — the meta
// pages and the freelist page. It returns the problems that would make the
// open fail or fault (fatal: nil when bbolt can open the file safely) and
// the ones bbolt survives silently (warnings: a damaged meta page, after
// which bbolt opens the file as the other meta page left it, which may be
// one write earlier). It reads a few pages, so it can run before every open.
func Preflight(r io.ReaderAt, size int64) (fatal, warnings []string) {
	w := &walker{r: r, size: size, seen: map[uint64]bool{}}
	m, probs := w.meta()
	if m == nil {
		return probs, nil
	}
	w.m = *m
	if w.m.Freelist != noFreelist {
		w.freelist(w.m.Freelist)
	}
	if w.err != nil {
		return append(w.problems, w.err.Error()), probs
	}
	return w.problems, probs
}

type walker struct {
	r        io.ReaderAt
	size     int64
	m        Meta
	seen     map[uint64]bool
	problems []string
	more     int
	err      error
}

func (w *walker) note(format string, a ...any) {
	if len(w.problems) >= maxProblems {
		w.more++
		return
	}
	w.problems = append(w.problems, fmt.Sprintf(format, a...))
}

// meta reads both meta pages and returns the one bbolt would use, with the
// problems of a damaged one (a single damaged meta page is survivable:
// bbolt falls back to the other one).
func (w *walker) meta() (*Meta, []string) {
	var best *Meta
	var probs []string
	for id := int64(0); id < 2; id++ {
		m, err := w.readMeta(id)
		if err != nil {
			probs = append(probs, fmt.Sprintf("元数据页 %d: %v", id, err))
			continue
		}
		if best == nil || m.TxID > best.TxID {
			best = m
		}
	}
	if best == nil {
		probs = append(probs, "两个元数据页都已损坏, 不是可用的数据库文件")
	}
	return best, probs
}

func (w *walker) readMeta(id int64) (*Meta, error) {
	// The page size is not known before a meta page is read: page 0 is at
	// offset 0, page 1 at the page size written in page 0 (or, page 0
	// being damaged, at the common sizes).
	var offsets []int64
	if id == 0 {
		offsets = []int64{0}
	} else {
		if m0, err := w.readMetaAt(0); err == nil {
			offsets = []int64{int64(m0.PageSize)}
		} else {
			offsets = []int64{4096, 8192, 16384, 65536, 1024, 2048, 32768}
		}
	}
	var first error
	for _, off := range offsets {
		m, err := w.readMetaAt(off)
		if err == nil {
			if int64(m.PageSize) != off && id == 1 {
				err = fmt.Errorf("页大小 %d 与位置 %d 不符", m.PageSize, off)
			} else {
				return m, nil
			}
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

func (w *walker) readMetaAt(off int64) (*Meta, error) {
	buf := make([]byte, pageHeaderSize+64)
	if off+int64(len(buf)) > w.size {
		return nil, fmt.Errorf("文件只有 %d 字节, 读不到元数据", w.size)
	}
	if _, err := w.r.ReadAt(buf, off); err != nil {
		return nil, fmt.Errorf("读取: %v", err)
	}
	if flags := binary.LittleEndian.Uint16(buf[8:]); flags != metaPage {
		return nil, fmt.Errorf("页类型 %#x, 应为元数据页", flags)
	}
	b := buf[pageHeaderSize:]
	h := fnv.New64a()
	h.Write(b[:56])
	switch {
	case binary.LittleEndian.Uint32(b[0:]) != magic:
		return nil, fmt.Errorf("标识不符, 不是 bbolt 数据库")
	case binary.LittleEndian.Uint32(b[4:]) != version:
		return nil, fmt.Errorf("格式版本 %d, 应为 %d", binary.LittleEndian.Uint32(b[4:]), version)
	case binary.LittleEndian.Uint64(b[56:]) != h.Sum64():
		return nil, fmt.Errorf("校验和不符")
	}
	m := &Meta{
		PageSize:  binary.LittleEndian.Uint32(b[8:]),
		Root:      binary.LittleEndian.Uint64(b[16:]),
		Freelist:  binary.LittleEndian.Uint64(b[32:]),
		HighWater: binary.LittleEndian.Uint64(b[40:]),
		TxID:      binary.LittleEndian.Uint64(b[48:]),
	}
	if m.PageSize < 1024 || m.PageSize > 65536 || m.PageSize&(m.PageSize-1) != 0 {
		return nil, fmt.Errorf("页大小 %d 无效", m.PageSize)
	}
	if m.HighWater < 2 || m.HighWater > uint64(w.size)/uint64(m.PageSize) {
		return nil, fmt.Errorf("已用页数 %d 超出文件 (%d 字节, 每页 %d)", m.HighWater, w.size, m.PageSize)
	}
	return m, nil
}

// page reads page id with all its overflow pages, checking that it lies
// below the high water mark, names itself and has the type wanted.
func (w *walker) page(id uint64, want uint16, where string) []byte {
	if id < 2 || id >= w.m.HighWater {
		w.note("%s: 页号 %d 超出范围 (已用 %d 页)", where, id, w.m.HighWater)
		return nil
	}
	if w.seen[id] {
		w.note("%s: 页 %d 被引用了不止一次", where, id)
		return nil
	}
	ps := int64(w.m.PageSize)
	head := make([]byte, pageHeaderSize)
	if _, err := w.r.ReadAt(head, int64(id)*ps); err != nil {
		w.err = fmt.Errorf("读取页 %d: %w", id, err)
		return nil
	}
	gotID := binary.LittleEndian.Uint64(head[0:])
	flags := binary.LittleEndian.Uint16(head[8:])
	overflow := uint64(binary.LittleEndian.Uint32(head[12:]))
	switch {
	case gotID != id:
		w.note("%s: 页 %d 的页头写着页号 %d", where, id, gotID)
		return nil
	case flags != want && !(want == branchPage|leafPage && (flags == branchPage || flags == leafPage)):
		w.note("%s: 页 %d 的类型 %#x 不符", where, id, flags)
		return nil
	case id+overflow >= w.m.HighWater:
		w.note("%s: 页 %d 的溢出页数 %d 超出范围 (已用 %d 页)", where, id, overflow, w.m.HighWater)
		return nil
	}
	for i := id; i <= id+overflow; i++ {
		if w.seen[i] {
			w.note("%s: 页 %d 被引用了不止一次", where, i)
			return nil
		}
		w.seen[i] = true
	}
	buf := make([]byte, int64(overflow+1)*ps)
	if _, err := w.r.ReadAt(buf, int64(id)*ps); err != nil {
		w.err = fmt.Errorf("读取页 %d: %w", id, err)
		return nil
	}
	return buf
}

func (w *walker) freelist(id uint64) {
	p := w.page(id, freelistPage, "空闲页列表")
	if p == nil {
		return
	}
	count := uint64(binary.LittleEndian.Uint16(p[10:]))
	start := uint64(pageHeaderSize)
	if count == 0xFFFF {
		if len(p) < pageHeaderSize+8 {
			w.note("空闲页列表: 页太短")
			return
		}
		count = binary.LittleEndian.Uint64(p[pageHeaderSize:])
		start += 8
	}
	if count > (uint64(len(p))-start)/8 {
		w.note("空闲页列表: %d 项超出页 %d 的长度", count, id)
		return
	}
	for i := uint64(0); i < count; i++ {
		if free := binary.LittleEndian.Uint64(p[start+8*i:]); free < 2 || free >= w.m.HighWater {
			w.note("空闲页列表: 第 %d 项页号 %d 超出范围", i, free)
			return
		}
	}
}

// tree checks the B+tree of one bucket rooted at page id.
func (w *walker) tree(id uint64, depth int, where string) {
	if w.err != nil {
		return
	}
	if depth > maxDepth {
		w.note("%s: 树的深度超过 %d", where, maxDepth)
		return
	}
	p := w.page(id, branchPage|leafPage, where)
	if p == nil {
		return
	}
	w.elements(p, id, depth, where)
}

// elements checks the elements of one branch or leaf page (p holds it,
// from its header on) and follows children and nested buckets.
func (w *walker) elements(p []byte, id uint64, depth int, where string) {
	flags := binary.LittleEndian.Uint16(p[8:])
	count := int(binary.LittleEndian.Uint16(p[10:]))
	if pageHeaderSize+count*elementSize > len(p) {
		w.note("%s: 页 %d 的 %d 个元素超出页的长度", where, id, count)
		return
	}
	for i := 0; i < count; i++ {
		e := pageHeaderSize + i*elementSize
		if flags == branchPage {
			pos := int(binary.LittleEndian.Uint32(p[e:]))
			ksize := int(binary.LittleEndian.Uint32(p[e+4:]))
			child := binary.LittleEndian.Uint64(p[e+8:])
			if !inside(e, pos, ksize, len(p)) {
				w.note("%s: 页 %d 第 %d 个元素的键超出页", where, id, i)
				return
			}
			w.tree(child, depth+1, where)
			continue
		}
		eflags := binary.LittleEndian.Uint32(p[e:])
		pos := int(binary.LittleEndian.Uint32(p[e+4:]))
		ksize := int(binary.LittleEndian.Uint32(p[e+8:]))
		vsize := int(binary.LittleEndian.Uint32(p[e+12:]))
		if !inside(e, pos, ksize+vsize, len(p)) || ksize < 0 || vsize < 0 {
			w.note("%s: 页 %d 第 %d 个元素的键或值超出页", where, id, i)
			return
		}
		if eflags&bucketLeafFlag == 0 {
			continue
		}
		key := p[e+pos : e+pos+ksize]
		val := p[e+pos+ksize : e+pos+ksize+vsize]
		w.bucket(val, depth, fmt.Sprintf("%s/%q", where, key))
	}
}

// bucket checks a nested bucket from its value: a header and, for an inline
// bucket (root 0), the page that follows it.
func (w *walker) bucket(val []byte, depth int, where string) {
	if len(val) < bucketHeader {
		w.note("%s: 存储桶头只有 %d 字节", where, len(val))
		return
	}
	root := binary.LittleEndian.Uint64(val)
	if root != 0 {
		w.tree(root, depth+1, where)
		return
	}
	inline := val[bucketHeader:]
	if len(inline) < pageHeaderSize {
		w.note("%s: 内联存储桶太短", where)
		return
	}
	if flags := binary.LittleEndian.Uint16(inline[8:]); flags != leafPage {
		w.note("%s: 内联存储桶的页类型 %#x 不符", where, flags)
		return
	}
	w.elements(inline, 0, depth+1, where)
}

// inside reports whether n bytes at offset pos from element e lie in a page
// of size bytes.
func inside(e, pos, n, size int) bool {
	start := int64(e) + int64(pos)
	return pos >= 0 && n >= 0 && start >= 0 && start+int64(n) <= int64(size)
}
